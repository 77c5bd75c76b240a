/* kiln-bootlog-lines.c: how a line of a boot log is matched against the
 * decoder's patterns.
 *
 * The patterns are three tables, one per source: what the boot ROMs print
 * and the flashers' reports pasted among it (kiln-bootlog-lines-rom.c), the
 * ESP8266 SDK's second stage (kiln-bootlog-lines-sdk.c), and the running
 * firmware's crashes and log lines (kiln-bootlog-lines-firmware.c); the
 * firmware's own messages are in kiln-bootlog-messages.c.  Every pattern
 * and message is searched anywhere in the cleaned line (unless anchored),
 * because copies of logs often lose their line ends ("…map 6system
 * param…") or carry junk in front.  Where two matches overlap the one
 * starting first wins, and at the same start the earlier row (patterns
 * before messages); an ESP-IDF log line is then looked up among the
 * messages by its message, so that it becomes the specific event.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-lines-private.h"

/* ---- helpers ----------------------------------------------------------- */

guint64
kiln_bootlog_parse_hex (const char *s)
{
  if (s == NULL || *s == '\0')
    return 0;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    s += 2;
  return g_ascii_strtoull (s, NULL, 16);
}

/* Decimal, or hexadecimal with 0x (newer ROMs print lengths in hex). */
guint64
kiln_bootlog_parse_num (const char *s)
{
  if (s == NULL || *s == '\0')
    return 0;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    return g_ascii_strtoull (s + 2, NULL, 16);
  return g_ascii_strtoull (s, NULL, 10);
}

const char *
kiln_bootlog_group (char  **groups,
                    guint   i)
{
  for (guint k = 0; k <= i; k++)
    if (groups[k] == NULL)
      return "";
  return groups[i];
}

/* The flash mode an image header asks for ("QIO", "DOUT"), as the ROM,
 * the ESP8266 SDK's boot.bin or rBoot reports it. */
void
kiln_bootlog_note_header_mode (KilnBootRecord *boot,
                               const char     *mode)
{
  if (boot == NULL)
    return;
  boot->header_quad = mode[0] == 'Q';
  boot->header_dout = g_str_equal (mode, "DOUT");
  boot->header_mode_known = TRUE;
}

/* The flash size the header says, and the line that said it, to weigh
 * against a flasher's report. */
void
kiln_bootlog_note_header_flash (KilnBootlogDecoder *self,
                                guint               kb,
                                KilnBootEvent      *event)
{
  self->header_flash_kb = kb;
  g_clear_pointer (&self->header_flash_event, kiln_boot_event_unref);
  self->header_flash_event = kiln_boot_event_ref (event);
}

/* ---- the pattern table --------------------------------------------------- */

/* The rows of the three files in order (ROM, SDK, firmware): where two
 * matches start at the same place the earlier row wins.  Joined once, with
 * the patterns' compilation. */
static const KilnBootlogPattern *patterns;
static guint n_patterns;

static const KilnBootlogPattern *
patterns_joined (guint *n)
{
  const struct
  {
    const KilnBootlogPattern *rows;
    guint                     n;
  } parts[] = {
    { kiln_bootlog_rom_patterns, kiln_bootlog_rom_patterns_count },
    { kiln_bootlog_sdk_patterns, kiln_bootlog_sdk_patterns_count },
    { kiln_bootlog_firmware_patterns, kiln_bootlog_firmware_patterns_count },
  };
  KilnBootlogPattern *all;
  guint total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    total += parts[i].n;
  all = g_new (KilnBootlogPattern, total);
  *n = 0;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      memcpy (all + *n, parts[i].rows, parts[i].n * sizeof (KilnBootlogPattern));
      *n += parts[i].n;
    }
  return all;
}

/* The patterns compiled once per process and never changed afterwards
 * (GRegex is immutable and may be shared between threads): compiling and
 * optimising them costs more than decoding a whole boot log.  The last
 * entry is the time-stamp pattern: bracketed times and dates (also with the
 * month's name in front, as Mongoose OS's console writes "[Jun 2
 * 12:55:16.093]"), the Arduino serial monitor's "12:01:02.123 ->" and
 * PlatformIO's monitor's (its time filter) "12:01:02.123 > ", dates and
 * times as other terminals write them. */
GRegex **
kiln_bootlog_lines_compiled (void)
{
  static GRegex **compiled;

  if (g_once_init_enter (&compiled))
    {
      patterns = patterns_joined (&n_patterns);
      GRegex **regexes = g_new0 (GRegex *, n_patterns + 1);

      for (guint i = 0; i < n_patterns; i++)
        {
          g_autoptr(GError) error = NULL;

          regexes[i] = g_regex_new (patterns[i].regex, patterns[i].flags | G_REGEX_OPTIMIZE,
                                    0, &error);
          if (regexes[i] == NULL)
            g_error ("boot-log pattern %u: %s", i, error->message);
        }
      regexes[n_patterns] =
        g_regex_new ("^(?:\\[(?:[A-Z][a-z]{2} +\\d{1,2} +)?[0-9:.,\\- /T]+\\]|【[^】]*】"
                     "|\\(?\\d{1,2}:\\d{2}:\\d{2}(?:[.,:]\\d+)?\\)?\\s*-?>"
                     "|\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\s*(?:->|:|\\|)?)"
                     "\\s*",
                     G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (regexes[n_patterns] != NULL);
      g_once_init_leave (&compiled, regexes);
    }
  kiln_bootlog_messages_compiled ();
  return compiled;
}

GRegex *
kiln_bootlog_lines_timestamp (void)
{
  return kiln_bootlog_lines_compiled ()[n_patterns];
}

/* What a match of @pattern means: its fixed fields, then what its fill
 * function reads from the match's @groups. */
static void
pattern_apply (KilnBootlogDecoder        *self,
               KilnBootEvent             *event,
               const KilnBootlogPattern  *pattern,
               char                     **groups)
{
  event->family = pattern->family;
  event->severity = pattern->severity;
  if (pattern->explanation != NULL)
    event->explanation = g_strdup (_(pattern->explanation));
  if (pattern->fill != NULL)
    pattern->fill (self, event, groups);
}

typedef struct
{
  gint   start;
  gint   end;
  guint  row;      /* patterns[], then messages[] after them */
  char **groups;
  gboolean read;   /* one of the line's pieces (see kiln_bootlog_lines_match()) */
} Candidate;

static void
candidate_clear (gpointer data)
{
  Candidate *c = data;

  g_strfreev (c->groups);
}

static gint
candidate_compare (gconstpointer a,
                   gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->start != cb->start)
    return ca->start < cb->start ? -1 : 1;
  if (ca->row != cb->row)
    return ca->row < cb->row ? -1 : 1;
  return 0;
}

static void
collect (GRegex     *regex,
         const char *text,
         guint       row,
         GArray     *found)
{
  g_autoptr(GMatchInfo) info = NULL;

  g_regex_match (regex, text, 0, &info);
  while (g_match_info_matches (info))
    {
      Candidate c = { 0 };
      g_match_info_fetch_pos (info, 0, &c.start, &c.end);
      c.row = row;
      c.groups = g_match_info_fetch_all (info);
      g_array_append_val (found, c);
      if (!g_match_info_next (info, NULL))
        break;
    }
}

/* Whether @text holds more than white space before @end. */
static gboolean
has_text_before (const char *text,
                 gint        end)
{
  for (gint i = 0; i < end; i++)
    if (!g_ascii_isspace (text[i]))
      return TRUE;
  return FALSE;
}

/**
 * kiln_bootlog_lines_match:
 * @line: the cleaned line, as shown
 * @before: (nullable): what was skipped in front of @text (a terminal's
 *   time stamp, junk, a quote marker)
 * @text: the part the patterns see (time stamp and junk skipped)
 *
 * Emits an event for every recognised piece of @text.  The first one's
 * text starts with @before, once the event has been read, so a display
 * shows the line as it came.
 *
 * Returns: %FALSE when nothing in the line was recognised
 */
gboolean
kiln_bootlog_lines_match (KilnBootlogDecoder *self,
                          const char         *line,
                          const char         *before,
                          const char         *text)
{
  GRegex **messages_re = kiln_bootlog_messages_compiled ();
  guint n_messages = kiln_bootlog_messages_count ();
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  gint covered = 0;
  guint last_read = G_MAXUINT;
  gboolean first = TRUE;

  g_array_set_clear_func (found, candidate_clear);
  if (*text == '\0')
    return FALSE;
  for (guint i = 0; i < n_patterns; i++)
    if (patterns[i].applies == NULL || patterns[i].applies (self))
      collect (self->regexes[i], text, i, found);
  /* The first message in table order names the line (they are ordered from
   * specific to general). */
  for (guint i = 0; i < n_messages; i++)
    {
      guint n_found = found->len;

      collect (messages_re[i], text, n_patterns + i, found);
      if (found->len > n_found)
        {
          g_array_set_size (found, n_found + 1);
          break;
        }
    }
  if (found->len == 0)
    return FALSE;

  g_array_sort (found, candidate_compare);
  /* The pieces read: each starts at or after the end of the one before
   * it, and a firmware message stands for the rest of its line. */
  for (guint i = 0; i < found->len; i++)
    {
      Candidate *c = &g_array_index (found, Candidate, i);

      if (c->start < covered)
        continue;
      c->read = TRUE;
      last_read = i;
      covered = c->row < n_patterns ? MAX (c->end, c->start + 1) : G_MAXINT;
    }
  for (guint i = 0; i < found->len; i++)
    {
      Candidate *c = &g_array_index (found, Candidate, i);
      g_autoptr(KilnBootEvent) event = NULL;
      g_autofree char *part = NULL;
      gint start;

      if (!c->read)
        continue;
      /* The last piece keeps what follows it to the end of the line too
       * ("wdt reset" in "wdt reset and more", the colon after "Fatal
       * exception 28(LoadProhibitedCause)"), and the first piece what
       * comes before it ("assert failed: … (" before "flash_ret ==
       * ESP_OK)", a poster's "**", the end of a line the copy ran into
       * this one): every character the board printed is shown. */
      if (i == last_read)
        c->end = (gint) strlen (text);
      start = first && has_text_before (text, c->start) ? 0 : c->start;
      first = FALSE;
      part = g_strndup (text + start, (gsize) (c->end - start));
      if (c->row < n_patterns)
        {
          event = kiln_bootlog_event_new (patterns[c->row].kind, line, part);
          pattern_apply (self, event, &patterns[c->row], c->groups);
        }
      else
        {
          guint row = c->row - n_patterns;

          /* A firmware message stands for its whole line. */
          event = kiln_bootlog_event_new (kiln_bootlog_messages_kind (row), line, text + start);
          kiln_bootlog_messages_apply (self, event, row, c->groups);
        }
      if (before != NULL)
        {
          char *shown = g_strconcat (before, event->text, NULL);

          g_free (event->text);
          event->text = shown;
          before = NULL;
        }
      kiln_bootlog_emit (self, event);
    }
  return TRUE;
}
