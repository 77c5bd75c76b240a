/* kiln-bootlog-clean.c: a line as a log copy brings it, made fit for the
 * patterns.
 *
 * Logs come from serial ports and from copies that went through terminals,
 * browsers and forums: colour codes with their escape lost, control bytes,
 * bytes that are not UTF-8 or were turned into symbols or question marks,
 * time stamps and quote markers in front, full-width punctuation typed with
 * a Chinese input method.  This file counts the bytes that are no text
 * (output at another baud rate), cleans a line into valid UTF-8 and finds
 * the part of it the patterns see.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiln-bootlog-private.h"

/* The symbols a Windows-1252 or Latin-1 reading gives bytes 0x80–0xFF
 * ("ŒœŸŽƒ‚„…", "ÀÄÜàä¿¤"): a copy of garbage that went through such a
 * reading is valid UTF-8 made of them. */
static gboolean
is_codepage_symbol (gunichar u)
{
  static const gunichar cp1252[] = {
    0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc,
    0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021,
    0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
  };

  if (u >= 0xa0 && u <= 0xff)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (cp1252); i++)
    if (cp1252[i] == u)
      return TRUE;
  return FALSE;
}

/* Bytes that cannot be part of readable text: control bytes (tab and the
 * escape of colour codes aside) and bytes that are not valid UTF-8.  A
 * line that is a quarter or more code-page symbols is garbage that a
 * copy turned into such symbols (European text has a few accented
 * letters among many plain ones); their bytes count too.  So do the
 * question marks of a copy that put one for each byte it could not
 * decode ("??E??ab?C????"): a quarter of the line or more, which the
 * questions in text are not. */
guint
kiln_bootlog_count_bad_bytes (const guint8 *p,
                              gsize         len)
{
  guint bad = 0;
  guint n_chars = 0, symbols = 0, symbol_bytes = 0;
  guint marks = 0;
  gsize i = 0;

  while (i < len)
    {
      guint8 c = p[i];
      gunichar u;

      n_chars++;
      if (c < 0x80)
        {
          if ((c < 0x20 && c != '\t' && c != 0x1b) || c == 0x7f)
            bad++;
          else if (c == '?')
            marks++;
          i++;
          continue;
        }
      u = g_utf8_get_char_validated ((const char *) p + i, (gssize) (len - i));
      if (u == (gunichar) -1 || u == (gunichar) -2 || u < 0xa0)
        {
          bad++;
          i++;
          continue;
        }
      /* U+FFFD: where a copy could not decode a byte; U+2E2E, the
       * reversed question mark the Arduino IDE's serial monitor shows for
       * one. */
      if (u == 0xfffd || u == 0x2e2e)
        bad += g_utf8_skip[c];
      else if (is_codepage_symbol (u))
        {
          symbols++;
          symbol_bytes += g_utf8_skip[c];
        }
      i += g_utf8_skip[c];
    }
  if (n_chars >= 12 && symbols * 4 >= n_chars)
    bad += symbol_bytes;
  if (n_chars >= 12 && marks * 4 >= n_chars)
    bad += marks;
  return bad;
}

/* Valid UTF-8 without colour codes or control bytes; runs of bytes that
 * are not UTF-8 become one U+FFFD. */
char *
kiln_bootlog_clean_line (const guint8 *p,
                         gsize         len)
{
  GString *s = g_string_sized_new (len + 1);
  gboolean last_bad = FALSE;
  gsize i = 0;

  while (i < len)
    {
      guint8 c = p[i];
      gunichar u;

      if (c == 0x1b && i + 1 < len && p[i + 1] == '[')
        {
          gsize j = i + 2;
          while (j < len && p[j] >= 0x20 && p[j] <= 0x3f)
            j++;
          if (j < len && p[j] >= 0x40 && p[j] <= 0x7e)
            {
              i = j + 1;
              continue;
            }
        }
      if (c < 0x80)
        {
          if (c == '\t')
            g_string_append_c (s, ' ');
          else if (c >= 0x20 && c != 0x7f)
            g_string_append_c (s, (char) c);
          last_bad = FALSE;
          i++;
          continue;
        }
      u = g_utf8_get_char_validated ((const char *) p + i, (gssize) (len - i));
      if (u == (gunichar) -1 || u == (gunichar) -2 || u < 0xa0)
        {
          if (!last_bad)
            g_string_append_unichar (s, 0xfffd);
          last_bad = TRUE;
          i++;
          continue;
        }
      g_string_append_len (s, (const char *) p + i, g_utf8_skip[c]);
      last_bad = FALSE;
      i += g_utf8_skip[c];
    }
  g_strstrip (s->str);
  s->len = strlen (s->str);
  return g_string_free (s, FALSE);
}

/* Skips junk in front of a line: replacement characters, spaces and any
 * other non-ASCII bytes left over from the reset. */
static const char *
skip_junk (const char *s)
{
  while (*s != '\0')
    {
      gunichar u = g_utf8_get_char (s);
      if (u < 0x80 && !g_ascii_isspace ((char) u))
        break;
      s = g_utf8_next_char (s);
    }
  return s;
}

/* The part of the line the patterns see: without junk and without the time
 * stamp a terminal program put in front ("[12:01:02.123] ",
 * "12:01:02.123 -> ", "【2020-12-11 15:51:42 049】"). */
static const char *
skip_timestamp (KilnBootlogDecoder *self,
                const char         *s)
{
  g_autoptr(GMatchInfo) info = NULL;
  gint end;

  if (!g_regex_match (self->timestamp_re, s, 0, &info))
    return s;
  g_match_info_fetch_pos (info, 0, NULL, &end);
  return s + end;
}

/* Colour codes whose escape byte was lost or shown as a symbol in a copy
 * ("␛[0;32mI (423) …", "[0;31mE (12) …", ".[0;36m[D][…]"), and the split
 * points of ESP-IDF lines that a copy ran together. */
static GRegex *
colour_text_re (void)
{
  static GRegex *re;

  if (g_once_init_enter (&re))
    g_once_init_leave (&re, g_regex_new ("(?:\\x{241B}|\\.)?\\[[0-9;]{1,10}m", G_REGEX_OPTIMIZE,
                                         0, NULL));
  return re;
}

GRegex *
kiln_bootlog_idf_split_re (void)
{
  static GRegex *re;

  if (g_once_init_enter (&re))
    g_once_init_leave (&re, g_regex_new ("\\s+(?=[EWIDV] \\(\\d+\\) [A-Za-z_][\\w.-]*: )",
                                         G_REGEX_OPTIMIZE, 0, NULL));
  return re;
}

/* "> " in front of every line: a quote marker or a script's prefix (not a
 * MicroPython ">>>" prompt). */
static const char *
skip_quote_marker (const char *s)
{
  while (s[0] == '>' && (s[1] == ' ' || s[1] == '\0'))
    {
      s++;
      while (*s == ' ')
        s++;
    }
  return s;
}

/* Line ends a terminal program showed as symbols ("…disabled␍␊"): the
 * control pictures for CR, LF and NL at the end of the line. */
static void
drop_line_end_pictures (char *s)
{
  gsize len = strlen (s);

  for (;;)
    {
      const char *last;
      gunichar u;

      while (len > 0 && s[len - 1] == ' ')
        len--;
      if (len == 0)
        break;
      last = g_utf8_find_prev_char (s, s + len);
      if (last == NULL)
        break;
      u = g_utf8_get_char (last);
      if (u != 0x240D && u != 0x240A && u != 0x2424)
        break;
      len = (gsize) (last - s);
    }
  s[len] = '\0';
}

/* Full-width forms of ASCII (U+FF01 to U+FF5E) and the ideographic space,
 * as a log typed or retyped with a Chinese input method has them ("rst：0x10
 * （RTCWDT_RTC_RESET），boot:0x37"), turned into ASCII in place: each takes
 * three bytes in UTF-8, and one after. */
static void
fold_full_width (char *s)
{
  char *out = s;

  for (const char *p = s; *p != '\0';)
    {
      gunichar u = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (u >= 0xff01 && u <= 0xff5e)
        *out++ = (char) (u - 0xff01 + 0x21);
      else if (u == 0x3000)
        *out++ = ' ';
      else
        while (p < next)
          *out++ = *p++;
      p = next;
    }
  *out = '\0';
}

/* Returns the part of @clean the patterns see; @before gets what was
 * skipped in front of it (a time stamp, junk, a quote marker), or %NULL
 * when that is only white space. */
char *
kiln_bootlog_match_text (KilnBootlogDecoder *self,
                         const char         *clean,
                         char              **before)
{
  g_autofree char *plain = g_regex_replace_literal (colour_text_re (), clean, -1, 0, "", 0, NULL);
  const char *base = plain != NULL ? plain : clean;
  /* The stamp may itself start with non-ASCII ("【"), or follow junk. */
  const char *s = skip_junk (skip_timestamp (self, base));
  char *text;

  s = skip_junk (skip_timestamp (self, skip_quote_marker (s)));
  s = skip_quote_marker (s);
  text = g_strdup (s);
  drop_line_end_pictures (text);
  fold_full_width (text);
  *before = NULL;
  for (const char *p = base; p < s; p++)
    if (!g_ascii_isspace (*p))
      {
        *before = g_strndup (base, (gsize) (s - base));
        break;
      }
  return text;
}

/**
 * kiln_bootlog_saved_text:
 * @contents: a log as read from a file
 *
 * A log saved as UTF-16 with its byte order mark (what Windows
 * PowerShell's ">" and Out-File write, and Notepad's "Unicode") comes back
 * as UTF-8, and UTF-8's own mark is dropped: fed as they are, the zero
 * byte after every character and the mark would show as lines and
 * characters the board never sent.  Anything else comes back unchanged
 * (a capture's raw bytes, output at another baud rate included), and so
 * does UTF-16 that does not convert, or whose characters are not mostly
 * ASCII as a boot log's are: a raw capture may begin with the two bytes
 * of a mark by chance.
 *
 * Returns: (transfer full): the log's bytes
 */
GBytes *
kiln_bootlog_saved_text (GBytes *contents)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (contents, &len);
  gboolean little, big;
  g_autofree gunichar2 *units = NULL;
  gsize n, ascii = 0;
  char *utf8;
  glong written = 0;

  if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    return g_bytes_new_from_bytes (contents, 3, len - 3);
  little = len >= 2 && p[0] == 0xFF && p[1] == 0xFE;
  big = len >= 2 && p[0] == 0xFE && p[1] == 0xFF;
  if (!little && !big)
    return g_bytes_ref (contents);
  n = (len - 2) / 2;
  units = g_new (gunichar2, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      const guint8 *u = p + 2 + 2 * i;

      units[i] = little ? (gunichar2) (u[0] | u[1] << 8) : (gunichar2) (u[0] << 8 | u[1]);
      ascii += units[i] < 0x80;
    }
  if (ascii * 2 < n)
    return g_bytes_ref (contents);
  utf8 = g_utf16_to_utf8 (units, (glong) n, NULL, &written, NULL);
  if (utf8 == NULL)
    return g_bytes_ref (contents);
  return g_bytes_new_take (utf8, (gsize) written);
}
