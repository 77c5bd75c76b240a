/* kiln-util.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <inttypes.h>

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-os.h"
#include "kiln-util.h"

G_LOCK_DEFINE_STATIC (kiln_json);

void
kiln_json_enter (void)
{
  G_LOCK (kiln_json);
}

void
kiln_json_leave (void)
{
  G_UNLOCK (kiln_json);
}

gboolean
kiln_parse_u32 (const char  *text,
                const char  *what,
                guint32     *value,
                GError     **error)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint64 v, mult = 1;
  char *end = NULL;
  int base = 10;
  const char *digits = s;

  if (*s == '\0')
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT, _("The %s is empty."), what);
      return FALSE;
    }
  if (*s == '-')
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("The %s “%s” is negative."), what, text);
      return FALSE;
    }
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    {
      base = 16;
      digits = s + 2;
    }
  if (!g_ascii_isxdigit (*digits))
    goto bad;
  errno = 0;
  v = g_ascii_strtoull (digits, &end, base);
  if (errno == ERANGE)
    goto overflow;
  if (base == 10 && *end != '\0')
    {
      if (g_ascii_strcasecmp (end, "k") == 0 || g_ascii_strcasecmp (end, "kb") == 0 ||
          g_ascii_strcasecmp (end, "kib") == 0)
        mult = 1024;
      else if (g_ascii_strcasecmp (end, "m") == 0 || g_ascii_strcasecmp (end, "mb") == 0 ||
               g_ascii_strcasecmp (end, "mib") == 0)
        mult = 1024 * 1024;
      else
        goto bad;
    }
  else if (*end != '\0')
    goto bad;
  if (v > G_MAXUINT32 / mult || v * mult > G_MAXUINT32)
    goto overflow;
  *value = (guint32) (v * mult);
  return TRUE;

bad:
  g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
               _("The %s “%s” is not a number. Write it in hex (0x10000) or decimal (65536), "
                 "optionally with K or MB."), what, text);
  return FALSE;
overflow:
  g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
               _("The %s “%s” is too large: it must fit in 32 bits (at most 0xFFFFFFFF)."),
               what, text);
  return FALSE;
}

char *
kiln_format_size (guint64 bytes)
{
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return g_strdup_printf ("%" PRIu64 " MiB", bytes / (1024 * 1024));
  if (bytes >= 1024 && bytes % 1024 == 0)
    return g_strdup_printf ("%" PRIu64 " KiB", bytes / 1024);
  return g_strdup_printf ("%" PRIu64 " bytes", bytes);
}

char *
kiln_format_mac (const guint8 mac[6])
{
  return g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x",
                          mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

gchar *
kiln_md5_hex (const guint8 *data,
              gsize         len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_MD5, data, len);
}

void
kiln_put_le32 (guint8  *p,
               guint32  v)
{
  p[0] = v & 0xFF;
  p[1] = (v >> 8) & 0xFF;
  p[2] = (v >> 16) & 0xFF;
  p[3] = (v >> 24) & 0xFF;
}

guint32
kiln_get_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/**
 * kiln_sleep_ms:
 *
 * Waits @ms milliseconds in the calling thread, a few at a time, so that
 * a cancelled @cancellable ends the wait within 20 ms (and fails it).
 */
gboolean
kiln_sleep_ms (guint          ms,
               GCancellable  *cancellable,
               GError       **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  for (;;)
    {
      gint64 left = end - g_get_monotonic_time ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (left <= 0)
        return TRUE;
      g_usleep ((gulong) MIN (left, 20000));
    }
}

/**
 * kiln_locale_init:
 * @locale: "" for the user's locale (kiln-cli, the app), "C.UTF-8" for
 *   tests
 *
 * Sets the locale and the text domain, as kiln-cli and the app start.  Run
 * uninstalled (from the build tree, as `make run` and the tests do),
 * translations come from the build dir; installed, from LOCALEDIR.
 */
void
kiln_locale_init (const char *locale)
{
  g_autofree char *localedir = kiln_os_locale_dir ();
  const char *current;

  current = setlocale (LC_ALL, locale);
  /* Without LANG the locale is "C", and gettext then ignores LANGUAGE:
   * `LANGUAGE=zh_CN kiln` would stay English.  C.UTF-8 honours LANGUAGE
   * and gives GTK the UTF-8 it wants. */
  if (current == NULL || g_str_equal (current, "C") || g_str_equal (current, "POSIX"))
    setlocale (LC_ALL, "C.UTF-8");
  kiln_os_numeric_locale_init ();

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
