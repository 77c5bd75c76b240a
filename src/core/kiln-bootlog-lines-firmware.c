/* kiln-bootlog-lines-firmware.c: the running firmware's crashes and
 * resets, crash reports' further lines, and the ESP-IDF, Arduino and
 * MCUboot log line (whose message is then looked up among the firmware
 * messages of kiln-bootlog-messages.c).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-lines-private.h"

/* ---- crashes and resets of the running firmware ------------------------- */

static void
fill_fatal_exception (KilnBootlogDecoder  *self,
                      KilnBootEvent       *event,
                      char               **groups)
{
  const KilnExcCause *cause;

  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  cause = kiln_bootlog_exc_cause (event->values[0]);
  if (*kiln_bootlog_group (groups, 2) != '\0')
    event->name = g_strdup (kiln_bootlog_group (groups, 2));
  else if (cause != NULL)
    event->name = g_strdup (cause->name);
  if (cause != NULL && cause->hint != NULL)
    event->explanation = g_strdup_printf (_("The firmware crashed with CPU exception %u (%s): %s."),
                                          (guint) event->values[0], cause->name, _(cause->hint));
  else
    event->explanation = g_strdup_printf (_("The firmware crashed with CPU exception %u (%s)."),
                                          (guint) MIN (event->values[0], G_MAXUINT),
                                          event->name != NULL ? event->name : "?");
}

/* The ESP8266 Arduino core's reset information (ESP.getResetInfo()), as
 * firmware prints or publishes it after the restart: "Fatal exception:28
 * flag:2 (EXCEPTION) epc1:0x…".  The flag is the SDK's reset reason; only
 * 2 is a crash (1 and 3, the watchdogs, print the same words), so only
 * that one is matched. */
static void
fill_reset_info_exception (KilnBootlogDecoder  *self,
                           KilnBootEvent       *event,
                           char               **groups)
{
  char *crash;

  /* Read as a crash report's line; the name comes from the cause table. */
  fill_fatal_exception (self, event, groups);
  crash = event->explanation;
  /* Translators: %s is a sentence such as “The firmware crashed with CPU
   * exception 28 (LoadProhibited): a read through an invalid pointer.” */
  event->explanation = g_strdup_printf (_("The firmware's report of its last reset, given after "
                                          "the restart: %s"), crash);
  g_free (crash);
}

static void
fill_guru (KilnBootlogDecoder  *self,
           KilnBootEvent       *event,
           char               **groups)
{
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->name = g_strdup (kiln_bootlog_group (groups, 2));
  event->explanation = g_strdup_printf (_("The firmware crashed on CPU core %u (%s)."),
                                        (guint) MIN (event->values[0], G_MAXUINT), event->name);
}

/* The same, in early ESP-IDF's order: the type, then the core. */
static void
fill_guru_typed (KilnBootlogDecoder  *self,
                 KilnBootEvent       *event,
                 char               **groups)
{
  char *swapped[] = { groups[0], (char *) kiln_bootlog_group (groups, 2),
                      (char *) kiln_bootlog_group (groups, 1), NULL };

  fill_guru (self, event, swapped);
}

/* A failed ESP_ERROR_CHECK in ESP-IDF's board support code (the bsp_…
 * functions of a board support package), named by the check's own "func:"
 * or "expression:" line: the code that sets up the parts of the board the
 * firmware was built for did not find one. */
static void
fill_board_part_check (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  event->name = g_strdup ("board support");
  event->explanation = g_strdup (_("Where the failed check is: in the firmware's board support "
                                   "code (bsp_…), which sets up the parts of the board the "
                                   "firmware was built for, such as its display, touch "
                                   "controller or audio codec."));
}

/* The lines of a crash report after its first line: registers, the call
 * chain, a stack dump.  They say nothing about the cause by themselves,
 * but they are not unknown text either. */
static void
fill_crash_report (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  static const char *const pc_names[] = { "PC", "MEPC" };

  /* The register dump's program counter: where the CPU stopped. */
  for (guint i = 0; i < G_N_ELEMENTS (pc_names); i++)
    {
      gsize n = strlen (pc_names[i]);
      const char *p = event->text + n;

      if (strncmp (event->text, pc_names[i], n) != 0 || (*p != ' ' && *p != ':'))
        continue;
      while (*p == ' ')
        p++;
      if (*p != ':')
        continue;
      p++;
      while (*p == ' ')
        p++;
      self->crash_pc = kiln_bootlog_parse_hex (p);
      self->have_crash_pc = TRUE;
      event->values[0] = self->crash_pc;
    }
  /* The ESP8266's exception report: the address of the instruction that
   * failed.  The first one counts. */
  if (g_ascii_strncasecmp (event->text, "epc1", 4) == 0 && !self->have_epc1)
    {
      const char *p = strchr (event->text, '=');

      if (p != NULL)
        {
          self->epc1 = kiln_bootlog_parse_hex (p + 1 + strspn (p + 1, " "));
          self->have_epc1 = TRUE;
        }
    }
  if (g_ascii_strncasecmp (event->text, "Backtrace", 9) == 0)
    {
      if (self->backtrace == NULL)
        self->backtrace = kiln_boot_event_ref (event);
      event->explanation = g_strdup (_("The call chain at the crash: the firmware's developers "
                                       "turn these addresses into function names with the "
                                       "firmware's ELF file (the ESP-IDF monitor and the Arduino "
                                       "exception decoder do it)."));
    }
  else if (g_str_has_prefix (event->text, "file:") || g_str_has_prefix (event->text, "func:")
           || g_str_has_prefix (event->text, "expression:"))
    event->explanation = g_strdup (_("Where the failed check is in the firmware's source."));
  else if (g_str_has_prefix (event->text, "last failed alloc"))
    event->explanation = g_strdup (_("A memory allocation failed before the crash: the firmware "
                                     "may have run out of heap."));
  else if (g_str_has_prefix (event->text, "0x") || strstr (event->text, "Decoded 0x") != NULL
           || (event->text[0] == '#' && strstr (event->text, " in ") != NULL)
           || g_str_has_prefix (event->text + strspn (event->text, " \t"), "at "))
    {
      /* Named so that the decoder does not take it for a fault: monitors
       * read the ROM's "Saved PC" after any reset, a deliberate one too. */
      event->name = g_strdup ("address");
      event->explanation = g_strdup (_("The serial monitor's reading of an address above: "
                                       "the function and source line it lies in, found in "
                                       "the firmware's ELF file."));
    }
  else if (g_str_has_prefix (event->text, "ELF file SHA256"))
    event->explanation = g_strdup (_("Identifies the build that crashed, so that its ELF file can "
                                     "be found."));
  else
    event->explanation = g_strdup (_("Part of the crash report (CPU registers or stack): of use to "
                                     "the firmware's developers, with its ELF file."));
}

/* ---- the patterns ------------------------------------------------------ */

#define X KILN_BOOTLOG_HEX
#define CI G_REGEX_CASELESS
/* Last in the table. */
const KilnBootlogPattern kiln_bootlog_firmware_patterns[] = {
  { KILN_BOOT_EVENT_FATAL_EXCEPTION,
    "(?:Fatal exception|^Exception)\\s*\\(?\\s*(\\d+)\\s*\\)?(?:\\s*\\((\\w+?)(?:Cause)?\\))?", CI,
    fill_fatal_exception,
    .severity = KILN_BOOT_SEVERITY_ERROR },
  { KILN_BOOT_EVENT_FATAL_EXCEPTION, "Fatal exception:(\\d+) flag:2\\b.*$", 0,
    fill_reset_info_exception,
    .severity = KILN_BOOT_SEVERITY_ERROR },
  /* A copy may lose the first character, as the reset cut it ("dt reset"). */
  { KILN_BOOT_EVENT_WDT_RESET, "^w?dt reset", CI,
    .severity = KILN_BOOT_SEVERITY_WARNING,
    .explanation = N_("The previous run ended because the watchdog reset the chip.") },
  { KILN_BOOT_EVENT_GURU_MEDITATION, "Guru Meditation Error\\s*:\\s*Core\\s+(\\d+)\\s+panic'ed\\s*"
    "\\(([^)]*)\\)", CI, fill_guru,
    .family = KILN_BOOT_FAMILY_ESP32, .severity = KILN_BOOT_SEVERITY_ERROR },
  /* Early ESP-IDF's words: "Guru Meditation Error of type StoreProhibited
   * occurred on core  0. Exception was unhandled." */
  { KILN_BOOT_EVENT_GURU_MEDITATION,
    "Guru Meditation Error of type (\\w+) occurred on core\\s+(\\d+)", CI, fill_guru_typed,
    .family = KILN_BOOT_FAMILY_ESP32, .severity = KILN_BOOT_SEVERITY_ERROR },
  /* The ESP32 ROM's words, then the C3's and later ROMs' (an eFuse that
   * disables every download boot mode). */
#define DOWNLOAD_DISABLED N_("An eFuse disables the ROM's serial download mode: the chip can no " \
                             "longer be flashed over the serial port.")
  { KILN_BOOT_EVENT_DOWNLOAD_DISABLED, "Download mode is disabled", CI,
    .severity = KILN_BOOT_SEVERITY_ERROR,
    .explanation = DOWNLOAD_DISABLED },
  { KILN_BOOT_EVENT_DOWNLOAD_DISABLED, "Download boot modes? (?:is |are )?disabled", CI,
    .severity = KILN_BOOT_SEVERITY_ERROR,
    .explanation = DOWNLOAD_DISABLED },
#undef DOWNLOAD_DISABLED
  /* Before the crash report's other lines: a failed check's place, when
   * it is board support code. */
  { KILN_BOOT_EVENT_BOARD_PART,
    "^(?:func\\s*:\\s*" KILN_BOOTLOG_BSP_PART "\\s*$"
    "|expression\\s*:\\s*" KILN_BOOTLOG_BSP_PART "\\s*\\()", 0, fill_board_part_check,
    .severity = KILN_BOOT_SEVERITY_ERROR },
  /* A crash report's further lines: ESP-IDF's register dump (Xtensa and
   * RISC-V names), backtrace and memory dumps, the ESP8266 cores' stack
   * dump and exception registers, a failed ESP_ERROR_CHECK's place; RIOT
   * OS's heap figures and register set (names in lower case, values
   * without 0x). */
  { KILN_BOOT_EVENT_CRASH_REPORT,
    "^(?:(?:Core\\s+\\d+\\s+)?(?:[Rr]egister dump|was running in ISR context)"
    "|(?:PC|PS|SAR|EXCCAUSE|EXCVADDR|LBEG|LEND|LCOUNT|EPC\\d|EXCSAVE\\d|MEPC|MSTATUS|MTVEC|MCAUSE"
    "|MTVAL|MHARTID|RA|SP|GP|TP|S0/FP|[AST]\\d{1,2})\\s*:\\s*0x" X "{8}"
    "|Backtrace\\s*:|ELF file SHA256\\s*:|Memory dump at 0x" X "+|Stack memory\\s*:"
    "|>>>stack>>>|<<<stack<<<|ctx\\s*:\\s*\\w+\\s*$|sp\\s*:\\s*" X "+\\s+end\\s*:\\s*" X "+"
    "|-+\\s*CUT HERE FOR EXCEPTION DECODER|epc1\\s*=\\s*0x" X "+|" X "{8}\\s*:\\s+(?:0x)?" X "{8}"
    "|file\\s*:\\s*\"[^\"]+\"\\s*line\\s+\\d+|func\\s*:\\s*\\w+\\s*$|expression\\s*:\\s*\\S"
    "|CPU halted\\.|Entering gdb stub now\\.|Setting breakpoint at 0x" X "+"
    "|register set\\s*$|(?:pc|ps|sar|exccause|excvaddr|epc\\d|a\\d{1,2})\\s*:\\s*" X "{8}\\b"
    "|heap\\s*:\\s*\\d+ \\(used \\d+, free \\d+\\) \\[bytes\\]"
    "|last failed alloc call\\s*:).*$", 0,
    fill_crash_report,
    .severity = KILN_BOOT_SEVERITY_INFO },
  /* The ESP-IDF monitor's reading of an address it saw ("0x4002fb74:
   * _xt_context_save at …/xtensa_context.S:126"): the computer's words,
   * not the firmware's. */
  { KILN_BOOT_EVENT_CRASH_REPORT, "^0x" X "{8}\\s*:\\s+\\S+\\s+at\\s+\\S.*$", 0,
    fill_crash_report,
    .severity = KILN_BOOT_SEVERITY_INFO },
  /* The same reading by ESPHome's log viewer ("WARNING Decoded
   * 0x40381a90: esp_restart_noos_dig at …/esp_system.c:44") and by
   * espflash's monitor ("0x4080041e - get_buffer_malloc", then "at
   * …/file.c:193" or "at ??:??"): a function named in them is where the
   * firmware was, not something it did. */
  { KILN_BOOT_EVENT_CRASH_REPORT, "^(?:WARNING\\s+)?Decoded\\s+0x" X "{8}\\s*:\\s+\\S.*$", 0,
    fill_crash_report,
    .severity = KILN_BOOT_SEVERITY_INFO },
  { KILN_BOOT_EVENT_CRASH_REPORT, "^0x" X "{8}\\s+-\\s+\\S+\\s*$", 0, fill_crash_report,
    .severity = KILN_BOOT_SEVERITY_INFO },
  /* PlatformIO's exception decoder ("  #0  0x400e0c1f:0x3ffcb360 in
   * loop() at src/main.cpp:69"): the computer's reading of a backtrace. */
  { KILN_BOOT_EVENT_CRASH_REPORT, "^#\\d+\\s+0x" X "{8}:0x" X "{8}\\s+in\\s+\\S.*$", 0,
    fill_crash_report,
    .severity = KILN_BOOT_SEVERITY_INFO },
  { KILN_BOOT_EVENT_CRASH_REPORT, "^\\s*at\\s+(?:\\S+:\\d+|\\?\\?:\\?\\?)\\s*$", 0,
    fill_crash_report,
    .severity = KILN_BOOT_SEVERITY_INFO },
  /* ESP-IDF: "I (395) boot: message"; the stamp may be wall-clock time. */
  /* The message ends at the line's end, or where a ROM banner or reset
   * line follows in a copy that ran lines together. */
  { KILN_BOOT_EVENT_IDF_LOG, "^([EWIDV]) \\((\\d+|[0-9:.]+)\\) ([^:]+?): ?(.*?)"
    "(?=\\s+(?:ESP-ROM:|ets [A-Z][a-z]{2} |rst:0x)|$)", 0, kiln_bootlog_fill_idf_log },
  /* The Arduino core's "[E][WiFiGeneric.cpp:1038] begin(): message" and
   * ESPHome's "[I][logger:165]: message", whose levels add C (its
   * configuration) and VV (a time stamp in front of either is taken off
   * first); like ESP-IDF's, the copy may run a ROM line on. */
  { KILN_BOOT_EVENT_IDF_LOG,
    "^\\[([EWIDC]|VV?)\\]\\[([^\\]:\\s]+)(?::\\d+)?\\]:?\\s*(?:[A-Za-z_][\\w:~]*\\(\\)\\s*:\\s*)?(.*?)"
    "(?=\\s+(?:ESP-ROM:|ets [A-Z][a-z]{2} |rst:0x)|$)", 0, kiln_bootlog_fill_app_log },
  /* The ESP8266 HomeKit libraries' (esp-homekit and its Arduino port):
   * ">>> HomeKit: Starting server", "!!! [  3907] HomeKit: Failed to …".
   * Not MicroPython's ">>>" prompt. */
  { KILN_BOOT_EVENT_IDF_LOG, "^(>>>|!!!) (?:\\[\\s*\\d+\\] )?HomeKit: ?(.*)$", 0,
    kiln_bootlog_fill_homekit_log },
  /* Tasmota's log: "00:01:36 APP: Restarting", "00:00:06.012 WIF: Connected":
   * the time since the start, a tag of three capitals or digits for the
   * part of the firmware that speaks, then the message.  (ESPHome's lines
   * put the time in brackets, ESPEasy's give milliseconds alone.)  The
   * message ends where a crash report it quotes begins (the restart
   * reason Tasmota publishes after a crash, "… = {"RestartReason":"Fatal
   * exception:28 flag:2 …"), which is read as such. */
  { KILN_BOOT_EVENT_IDF_LOG,
    "^\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3})? ([A-Z][A-Z0-9]{2}): (.*?)(?=Fatal exception|$)", 0,
    kiln_bootlog_fill_tasmota_log },
  /* MCUboot's Espressif port: "[esp32s2] [INF] Loading image 0 - slot 0". */
  { KILN_BOOT_EVENT_IDF_LOG, "^\\[(esp32\\w*|esp8266)\\] \\[(INF|WRN|ERR|DBG)\\] ?(.*)$", 0,
    kiln_bootlog_fill_mcuboot_log },
};
#undef X
#undef CI

const guint kiln_bootlog_firmware_patterns_count = G_N_ELEMENTS (kiln_bootlog_firmware_patterns);

/* A Rust panic's first line: what follows is its report, in the forms the
 * standard library and esp-backtrace print it. */
void
kiln_bootlog_lines_rust_panic_begins (KilnBootlogDecoder *self,
                                      KilnBootEvent      *event)
{
  gsize len = strlen (event->text);

  self->rust_panic_open = TRUE;
  self->rust_braces = 0;
  self->rust_panic_line = self->n_lines;
  /* The standard library's newer form ends "panicked at src/main.rs:12:5:"
   * and puts the message on the next line. */
  self->rust_message_next = g_str_has_prefix (event->text, "thread '") && len > 0
                            && event->text[len - 1] == ':';
}

static gint
brace_balance (const char *text)
{
  gint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '{' ? 1 : *p == '}' ? -1 : 0;
  return n;
}

/* The lines of a Rust panic's report that no pattern knows, read as part
 * of it: the message on the line after "panicked at …:", the standard
 * library's note on RUST_BACKTRACE, esp-backtrace's "PanicInfo { … }"
 * block and the addresses of its backtrace, one to a line.  Any other
 * line ends the report. */
void
kiln_bootlog_lines_rust_panic_report (KilnBootlogDecoder *self,
                                      KilnBootEvent      *event)
{
  const char *text = event->text + strspn (event->text, " \t");
  const char *explanation = NULL;

  if (!self->rust_panic_open || *text == '\0')
    return;
  if (self->rust_message_next)
    {
      self->rust_message_next = FALSE;
      explanation = _("The panic's message: what the code found that it cannot go on from.");
    }
  else if (self->rust_braces > 0 || g_str_has_prefix (text, "PanicInfo {"))
    {
      self->rust_braces = MAX (self->rust_braces + brace_balance (text), 0);
      explanation = _("Part of the panic's report: its message and the place in the source "
                      "where it was raised.");
    }
  else if (g_str_has_prefix (text, "note: run with `RUST_BACKTRACE=1`"))
    explanation = _("The Rust standard library's hint for programs on a computer; on the chip, "
                    "the crash report that follows shows where the firmware stopped.");
  else if (self->backtrace != NULL && g_regex_match_simple ("^0x[0-9a-fA-F]{8}\\s*$", text, 0, 0))
    explanation = _("An address of the panic's backtrace: the firmware's developers turn it "
                    "into a function name with the firmware's ELF file.");
  else
    {
      self->rust_panic_open = FALSE;
      return;
    }
  event->kind = KILN_BOOT_EVENT_CRASH_REPORT;
  event->severity = KILN_BOOT_SEVERITY_INFO;
  g_free (event->name);
  event->name = g_strdup ("Rust panic");
  g_free (event->explanation);
  event->explanation = g_strdup (explanation);
}
