/* kiln-cli-log.c: decode-log, monitor and at.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kiln-cli.h"

static void
print_event (const KilnBootEvent *event)
{
  if (event->kind == KILN_BOOT_EVENT_TEXT || event->explanation == NULL)
    printf ("%s\n", event->text);
  else
    printf ("%s  → %s\n", event->text, event->explanation);
}

static void
print_diagnosis (FILE                    *out,
                 const KilnBootDiagnosis *d)
{
  const char *label = d->severity == KILN_BOOT_SEVERITY_INFO ? _("Note") : _("Diagnosis");

  fprintf (out, "\n%s: %s\n", label, d->title);
  fprintf (out, "  %s\n", d->explanation);
  fprintf (out, "  %s %s\n", _("Fix:"), d->fix);
  if (d->evidence != NULL)
    fprintf (out, "  %s %s\n", _("Seen in:"), d->evidence);
  fflush (out);
}

static GBytes *
read_input (const char  *path,
            GError     **error)
{
  g_autoptr(GByteArray) data = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (path != NULL && !g_str_equal (path, "-"))
    {
      if (!g_file_get_contents (path, &contents, &len, error))
        return NULL;
      return g_bytes_new_take (contents, len);
    }

  data = g_byte_array_new ();
  for (;;)
    {
      guint8 buf[4096];
      size_t n = fread (buf, 1, sizeof buf, stdin);

      if (n > 0)
        g_byte_array_append (data, buf, (guint) n);
      if (n < sizeof buf)
        {
          if (ferror (stdin))
            {
              g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                           _("Could not read the log from standard input."));
              return NULL;
            }
          break;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static void
collect_event (KilnBootEvent *event,
               gpointer       user_data)
{
  g_ptr_array_add (((GPtrArray **) user_data)[0], kiln_boot_event_ref (event));
}

static void
collect_diagnosis (KilnBootDiagnosis *diagnosis,
                   gpointer           user_data)
{
  g_ptr_array_add (((GPtrArray **) user_data)[1], kiln_boot_diagnosis_ref (diagnosis));
}

int
kiln_cli_cmd_decode_log (KilnCliGlobal *g,
                         int            argc,
                         char         **argv)
{
  gint baud = 0;
  gboolean expect_app = FALSE;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "baud", 0, 0, G_OPTION_ARG_INT, &baud,
      N_("Baud rate the log was captured at (for the wrong-baud hint)"), "BAUD" },
    { "expect-app", 0, 0, G_OPTION_ARG_NONE, &expect_app,
      N_("The board was meant to run its firmware (download mode is then an error)"), NULL },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Print unrecognised lines too"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) diagnoses = NULL;
  g_autoptr(KilnBootlogDecoder) decoder = NULL;
  GPtrArray *sinks[2];
  guint recognised = 0;
  gsize len;
  const guint8 *data;

  if (!kiln_cli_parse (argv[0], _("[FILE|-]"),
                       _("Explain a boot log captured from an ESP8266 or ESP32-family chip "
                         "(from FILE, or standard input)."),
                       entries, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (argc > 2)
    return kiln_cli_usage_error (argv[0], _("Give at most one file."));
  if (baud < 0)
    return kiln_cli_usage_error (argv[0], _("The baud rate must be positive."));

  input = read_input (argc == 2 ? argv[1] : NULL, &error);
  if (input == NULL)
    return kiln_cli_fail (error);

  events = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_event_unref);
  diagnoses = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_diagnosis_unref);
  sinks[0] = events;
  sinks[1] = diagnoses;
  decoder = kiln_bootlog_decoder_new (collect_event, collect_diagnosis, sinks);
  kiln_bootlog_decoder_set_baud (decoder, (guint) baud);
  kiln_bootlog_decoder_set_expect_app (decoder, expect_app);
  data = g_bytes_get_data (input, &len);
  kiln_bootlog_decoder_feed (decoder, data, len);
  kiln_bootlog_decoder_flush (decoder);

  for (guint i = 0; i < events->len; i++)
    {
      KilnBootEvent *event = g_ptr_array_index (events, i);

      if (event->kind != KILN_BOOT_EVENT_TEXT)
        recognised++;
      if (event->kind != KILN_BOOT_EVENT_TEXT || all)
        print_event (event);
    }
  if (recognised == 0)
    {
      printf (_("No boot messages recognised (%u lines of other text).\n"), events->len);
      return KILN_EXIT_OK;
    }
  for (guint i = 0; i < diagnoses->len; i++)
    print_diagnosis (stdout, g_ptr_array_index (diagnoses, i));
  if (diagnoses->len == 0)
    printf ("\n%s\n", _("No known problem found."));
  return KILN_EXIT_OK;
}

int
kiln_cli_cmd_monitor (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_at (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}
