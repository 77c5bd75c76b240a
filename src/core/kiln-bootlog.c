/* kiln-bootlog.c: boot-log decoder, public API.
 *
 * Bytes go in, are cut into lines (LF, CR or CR LF; very long or garbled
 * runs are cut too), cleaned (colour codes, control bytes, invalid UTF-8,
 * time stamps that terminal programs prepend: kiln-bootlog-clean.c) and
 * matched against the line patterns (kiln-bootlog-lines.c).  Every line
 * comes out again as at least one event: recognised pieces as their kind,
 * the rest as text or as garbled bytes.  What the events show is kept as
 * evidence over the whole log, and after every line the rules
 * (kiln-bootlog-rules.c) weigh it into diagnoses: each new one is reported
 * once, and the ranked list is there to ask for at any time.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-private.h"

/* A line is cut after this many bytes even without a line end (copies of
 * logs run whole boots into one line). */
#define MAX_LINE 4096
/* Garbage received at the wrong baud has few line ends: from this length on
 * (and every GARBLE_STEP bytes after) a mostly garbled pending line is cut. */
#define GARBLE_CHECK 128
#define GARBLE_STEP 32
/* Bytes that are not text needed before a wrong-baud event: fewer could be
 * a glitch from the reset itself. */
#define WRONG_BAUD_MIN_BYTES 16

/* ------------------------------------------------------------------------ */
/* Events and diagnoses */

static void
event_clear (gpointer data)
{
  KilnBootEvent *event = data;

  g_free (event->line);
  g_free (event->text);
  g_free (event->explanation);
  g_free (event->name);
  g_free (event->detail);
}

KilnBootEvent *
kiln_boot_event_ref (KilnBootEvent *event)
{
  return g_atomic_rc_box_acquire (event);
}

void
kiln_boot_event_unref (KilnBootEvent *event)
{
  if (event != NULL)
    g_atomic_rc_box_release_full (event, event_clear);
}

G_DEFINE_BOXED_TYPE (KilnBootEvent, kiln_boot_event, kiln_boot_event_ref, kiln_boot_event_unref)

static void
diagnosis_clear (gpointer data)
{
  KilnBootDiagnosis *diagnosis = data;

  g_free (diagnosis->title);
  g_free (diagnosis->explanation);
  g_free (diagnosis->fix);
  g_free (diagnosis->evidence);
}

KilnBootDiagnosis *
kiln_boot_diagnosis_ref (KilnBootDiagnosis *diagnosis)
{
  return g_atomic_rc_box_acquire (diagnosis);
}

void
kiln_boot_diagnosis_unref (KilnBootDiagnosis *diagnosis)
{
  if (diagnosis != NULL)
    g_atomic_rc_box_release_full (diagnosis, diagnosis_clear);
}

G_DEFINE_BOXED_TYPE (KilnBootDiagnosis, kiln_boot_diagnosis,
                     kiln_boot_diagnosis_ref, kiln_boot_diagnosis_unref)

static const char *const event_kind_names[KILN_BOOT_EVENT_N_KINDS] = {
  [KILN_BOOT_EVENT_TEXT] = "text",
  [KILN_BOOT_EVENT_WRONG_BAUD] = "wrong-baud",
  [KILN_BOOT_EVENT_ROM_BANNER] = "rom-banner",
  [KILN_BOOT_EVENT_ROM_BUILD] = "rom-build",
  [KILN_BOOT_EVENT_RESET] = "reset",
  [KILN_BOOT_EVENT_SAVED_PC] = "saved-pc",
  [KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD] = "waiting-for-download",
  [KILN_BOOT_EVENT_WAITING_FOR_HOST] = "waiting-for-host",
  [KILN_BOOT_EVENT_LOAD] = "load",
  [KILN_BOOT_EVENT_TAIL] = "tail",
  [KILN_BOOT_EVENT_CHKSUM] = "chksum",
  [KILN_BOOT_EVENT_CSUM] = "csum",
  [KILN_BOOT_EVENT_CSUM_ERR] = "csum-err",
  [KILN_BOOT_EVENT_ROM_HALT] = "rom-halt",
  [KILN_BOOT_EVENT_CONFIGSIP] = "configsip",
  [KILN_BOOT_EVENT_CLK_DRV] = "clk-drv",
  [KILN_BOOT_EVENT_FLASH_MODE] = "flash-mode",
  [KILN_BOOT_EVENT_ENTRY] = "entry",
  [KILN_BOOT_EVENT_INVALID_HEADER] = "invalid-header",
  [KILN_BOOT_EVENT_FLASH_READ_ERR] = "flash-read-err",
  [KILN_BOOT_EVENT_CHECKSUM_FAILURE] = "checksum-failure",
  [KILN_BOOT_EVENT_SDK_BOOT_VERSION] = "sdk-boot-version",
  [KILN_BOOT_EVENT_SDK_SPI_SPEED] = "sdk-spi-speed",
  [KILN_BOOT_EVENT_SDK_SPI_MODE] = "sdk-spi-mode",
  [KILN_BOOT_EVENT_SDK_FLASH_MAP] = "sdk-flash-map",
  [KILN_BOOT_EVENT_SDK_JUMP] = "sdk-jump",
  [KILN_BOOT_EVENT_MAP_MISMATCH] = "map-mismatch",
  [KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR] = "system-param-error",
  [KILN_BOOT_EVENT_PARTITION_TABLE_FAIL] = "partition-table-fail",
  [KILN_BOOT_EVENT_PARTITION_TABLE_OK] = "partition-table-ok",
  [KILN_BOOT_EVENT_RF_CAL_ERROR] = "rf-cal-error",
  [KILN_BOOT_EVENT_FATAL_EXCEPTION] = "fatal-exception",
  [KILN_BOOT_EVENT_WDT_RESET] = "wdt-reset",
  [KILN_BOOT_EVENT_BROWNOUT] = "brownout",
  [KILN_BOOT_EVENT_GURU_MEDITATION] = "guru-meditation",
  [KILN_BOOT_EVENT_IDF_LOG] = "idf-log",
  [KILN_BOOT_EVENT_GARBLED] = "garbled",
  [KILN_BOOT_EVENT_DOWNLOAD_DISABLED] = "download-disabled",
  [KILN_BOOT_EVENT_SECURITY] = "security",
  [KILN_BOOT_EVENT_FLASH_SIZE] = "flash-size",
  [KILN_BOOT_EVENT_PARTITION_ERROR] = "partition-error",
  [KILN_BOOT_EVENT_OTA_ERROR] = "ota-error",
  [KILN_BOOT_EVENT_NO_APP] = "no-app",
  [KILN_BOOT_EVENT_IMAGE_ERROR] = "image-error",
  [KILN_BOOT_EVENT_CHIP_MISMATCH] = "chip-mismatch",
  [KILN_BOOT_EVENT_QIO_ERROR] = "qio-error",
  [KILN_BOOT_EVENT_PSRAM_ERROR] = "psram-error",
  [KILN_BOOT_EVENT_FLASH_CONFIG] = "flash-config",
  [KILN_BOOT_EVENT_APP_START] = "app-start",
  [KILN_BOOT_EVENT_APP_READY] = "app-ready",
  [KILN_BOOT_EVENT_PANIC] = "panic",
  [KILN_BOOT_EVENT_TASK_WDT] = "task-wdt",
  [KILN_BOOT_EVENT_RESTART] = "restart",
  [KILN_BOOT_EVENT_EBOOT] = "eboot",
  [KILN_BOOT_EVENT_HASH_MISMATCH] = "hash-mismatch",
  [KILN_BOOT_EVENT_WAKE] = "wake",
  [KILN_BOOT_EVENT_FLASH_IO] = "flash-io",
  [KILN_BOOT_EVENT_HARMLESS] = "harmless",
  [KILN_BOOT_EVENT_CRASH_REPORT] = "crash-report",
  [KILN_BOOT_EVENT_NVS_ERROR] = "nvs-error",
  [KILN_BOOT_EVENT_INVALID_IMAGE] = "invalid-image",
  [KILN_BOOT_EVENT_FLASHER] = "flasher",
  [KILN_BOOT_EVENT_CRYSTAL] = "crystal",
  [KILN_BOOT_EVENT_CAMERA] = "camera",
  [KILN_BOOT_EVENT_SLEEP] = "sleep",
  [KILN_BOOT_EVENT_RECOVERY] = "recovery",
  [KILN_BOOT_EVENT_ROM_SECURE_BOOT] = "rom-secure-boot",
  [KILN_BOOT_EVENT_BOARD_PART] = "board-part",
  [KILN_BOOT_EVENT_FILESYSTEM] = "filesystem",
  [KILN_BOOT_EVENT_PARTITION_MISSING] = "partition-missing",
};

static const char *const diagnosis_kind_names[KILN_BOOT_DIAG_N_KINDS] = {
  [KILN_BOOT_DIAG_WRONG_BAUD] = "wrong-baud",
  [KILN_BOOT_DIAG_FLASH_MAP_MISMATCH] = "flash-map-mismatch",
  [KILN_BOOT_DIAG_SYSTEM_PARAM] = "system-param",
  [KILN_BOOT_DIAG_INIT_DATA_MISSING] = "init-data-missing",
  [KILN_BOOT_DIAG_SDIO_BOOT] = "sdio-boot",
  [KILN_BOOT_DIAG_DOWNLOAD_MODE] = "download-mode",
  [KILN_BOOT_DIAG_BOOT_STRAPS] = "boot-straps",
  [KILN_BOOT_DIAG_NO_BOOTLOADER] = "no-bootloader",
  [KILN_BOOT_DIAG_EMPTY_FLASH] = "empty-flash",
  [KILN_BOOT_DIAG_INVALID_HEADER] = "invalid-header",
  [KILN_BOOT_DIAG_FLASH_READ_ERROR] = "flash-read-error",
  [KILN_BOOT_DIAG_CHECKSUM] = "checksum",
  [KILN_BOOT_DIAG_BROWNOUT] = "brownout",
  [KILN_BOOT_DIAG_BOOT_LOOP] = "boot-loop",
  [KILN_BOOT_DIAG_CRASH] = "crash",
  [KILN_BOOT_DIAG_WATCHDOG] = "watchdog",
  [KILN_BOOT_DIAG_FLASH_VOLTAGE] = "flash-voltage",
  [KILN_BOOT_DIAG_FLASH_MODE] = "flash-mode",
  [KILN_BOOT_DIAG_FLASH_SIZE] = "flash-size",
  [KILN_BOOT_DIAG_PARTITION_TABLE] = "partition-table",
  [KILN_BOOT_DIAG_OTA] = "ota",
  [KILN_BOOT_DIAG_NO_APP] = "no-app",
  [KILN_BOOT_DIAG_WRONG_CHIP] = "wrong-chip",
  [KILN_BOOT_DIAG_DOWNLOAD_DISABLED] = "download-disabled",
  [KILN_BOOT_DIAG_SECURITY] = "security",
  [KILN_BOOT_DIAG_PSRAM] = "psram",
  [KILN_BOOT_DIAG_RESET_LOOP] = "reset-loop",
  [KILN_BOOT_DIAG_BENIGN_RESET] = "benign-reset",
  [KILN_BOOT_DIAG_ERRATUM] = "erratum",
  [KILN_BOOT_DIAG_UNEXPLAINED] = "unexplained",
  [KILN_BOOT_DIAG_DEEP_SLEEP_WIRING] = "deep-sleep-wiring",
  [KILN_BOOT_DIAG_CONSOLE_ELSEWHERE] = "console-elsewhere",
  [KILN_BOOT_DIAG_NVS] = "nvs",
  [KILN_BOOT_DIAG_CRYSTAL] = "crystal",
  [KILN_BOOT_DIAG_BOARD_PART] = "board-part",
  [KILN_BOOT_DIAG_FILESYSTEM] = "filesystem",
};

/**
 * kiln_boot_event_kind_to_string:
 *
 * Returns: a stable identifier ("reset", "map-mismatch") for scripts and
 *   tests; not translated
 */
const char *
kiln_boot_event_kind_to_string (KilnBootEventKind kind)
{
  if ((guint) kind >= KILN_BOOT_EVENT_N_KINDS)
    return "unknown";
  return event_kind_names[kind];
}

/**
 * kiln_boot_diagnosis_kind_to_string:
 *
 * Returns: a stable identifier ("flash-map-mismatch"); not translated
 */
const char *
kiln_boot_diagnosis_kind_to_string (KilnBootDiagnosisKind kind)
{
  if ((guint) kind >= KILN_BOOT_DIAG_N_KINDS)
    return "unknown";
  return diagnosis_kind_names[kind];
}

/* How sure a diagnosis is: its name in reports, the word the command line
 * shows, and the sentence the app shows, so that no reader takes a guess
 * for a finding (see KilnBootConfidence). */
static const struct
{
  const char *name;
  const char *word;
  const char *sentence;
} confidence_texts[] = {
  [KILN_BOOT_CONFIDENCE_LOW] = {
    "low", N_("low"),
    N_("low: a guess from indirect signs; the log does not show the cause.") },
  [KILN_BOOT_CONFIDENCE_MEDIUM] = {
    "medium", N_("medium"), N_("medium: the usual cause of what the log shows.") },
  [KILN_BOOT_CONFIDENCE_HIGH] = {
    "high", N_("high"), N_("high: the log names the cause itself.") },
};

static guint
confidence_index (KilnBootConfidence confidence)
{
  return (guint) confidence < G_N_ELEMENTS (confidence_texts) ? (guint) confidence
                                                               : KILN_BOOT_CONFIDENCE_LOW;
}

/**
 * kiln_boot_confidence_to_string:
 *
 * Returns: "high", "medium" or "low"; not translated
 */
const char *
kiln_boot_confidence_to_string (KilnBootConfidence confidence)
{
  return confidence_texts[confidence_index (confidence)].name;
}

/**
 * kiln_boot_confidence_to_label:
 *
 * Returns: "high", "medium" or "low", translated
 */
const char *
kiln_boot_confidence_to_label (KilnBootConfidence confidence)
{
  return _(confidence_texts[confidence_index (confidence)].word);
}

/**
 * kiln_boot_confidence_explain:
 *
 * Returns: the word and what it means, translated ("medium: the usual
 *   cause of what the log shows.")
 */
const char *
kiln_boot_confidence_explain (KilnBootConfidence confidence)
{
  return _(confidence_texts[confidence_index (confidence)].sentence);
}

/* ------------------------------------------------------------------------ */
/* Evidence */

KilnBootEvent *
kiln_bootlog_event_new (KilnBootEventKind  kind,
                        const char        *line,
                        const char        *text)
{
  KilnBootEvent *event = g_atomic_rc_box_new0 (KilnBootEvent);

  event->kind = kind;
  event->line = g_strdup (line);
  event->text = g_strstrip (g_strdup (text));
  return event;
}

static void
boot_record_clear (gpointer data)
{
  KilnBootRecord *boot = data;

  g_clear_pointer (&boot->reset, kiln_boot_event_unref);
  g_clear_pointer (&boot->garbage, kiln_boot_event_unref);
  g_clear_pointer (&boot->csum_wrong, kiln_boot_event_unref);
  g_clear_pointer (&boot->text_segment, kiln_boot_event_unref);
  g_clear_pointer (&boot->mapped_load, kiln_boot_event_unref);
  g_clear_pointer (&boot->illegal_after_wifi, kiln_boot_event_unref);
  g_clear_pointer (&boot->encryption_restart, kiln_boot_event_unref);
}

KilnBootRecord *
kiln_bootlog_current_boot (KilnBootlogDecoder *self)
{
  if (self->boots->len == 0)
    return NULL;
  return &g_array_index (self->boots, KilnBootRecord, self->boots->len - 1);
}

/* A banner or reset line starts a new boot. */
void
kiln_bootlog_begin_boot (KilnBootlogDecoder *self)
{
  KilnBootRecord boot = { 0 };
  KilnBootRecord *before = kiln_bootlog_current_boot (self);

  /* A restart the firmware announced (or AT+RST) comes as this reset. */
  boot.requested = before != NULL ? before->restart_announced : self->restart_announced;
  boot.after_encryption = before != NULL ? before->encryption_restart != NULL
                                         : self->encryption_restart;
  g_array_append_val (self->boots, boot);
  self->have_chksum = FALSE;
  self->last_chksum = 0;
  /* A table listing the reset cut short says nothing of the table, and
   * a panic's report ends with the reset. */
  self->table_listing = FALSE;
  self->rust_panic_open = FALSE;
}

/* @chip: (nullable): Kiln's chip name; NULL forgets the chip unless it is
 * of @family */
void
kiln_bootlog_set_chip (KilnBootlogDecoder *self,
                       KilnBootFamily      family,
                       const char         *chip)
{
  const KilnBootChipFacts *facts = kiln_bootlog_chip_facts (chip);

  if (chip != NULL)
    self->chip = facts;
  else if (self->chip != NULL && self->chip->family != family)
    self->chip = NULL;
  self->family = family;
}

/* Whether @text holds one of @words (lower case), in any case. */
static gboolean
has_any_word (const char        *text,
              const char *const *words,
              guint              n_words)
{
  g_autofree char *low = NULL;

  if (text == NULL)
    return FALSE;
  low = g_ascii_strdown (text, -1);
  for (guint i = 0; i < n_words; i++)
    if (strstr (low, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Whether @p starts a command-line option ("-t", "--timeout=<t>"). */
static gboolean
is_option (const char *p)
{
  return p[0] == '-' && (g_ascii_isalpha (p[1]) || (p[1] == '-' && g_ascii_isalpha (p[2])));
}

/* @text without the command-line options in it: a console's help and
 * the commands typed at it ("join [--timeout=<t>] <ssid>", "[esp32]> join
 * --timeout 10000 ap") name options; the words in those report nothing. */
static char *
without_options (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0';)
    if (is_option (p) && (p == text || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '['))
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != ']')
        p++;
    else
      g_string_append_c (out, *p++);
  return g_string_free (out, FALSE);
}

static gboolean
looks_like_error (const char *text)
{
  static const char *const words[] = {
    "error", "fail", "fatal", "panic", "exception", "abort", "invalid", "corrupt", "timeout",
  };
  g_autofree char *words_only = NULL;
  const char *p = text;

  if (text == NULL)
    return FALSE;
  /* A line of a console's help that describes an option ("--timeout=<t>
   * Connection timeout, ms"). */
  while (*p == ' ' || *p == '\t')
    p++;
  if (is_option (p))
    return FALSE;
  words_only = without_options (text);
  return has_any_word (words_only, words, G_N_ELEMENTS (words));
}

/* A line no pattern explained, with bytes in it that are no text: what it
 * says cannot be read (most often a copy of the next line with noise in
 * the middle), so it is no evidence of an error. */
static gboolean
unreadable_text (const KilnBootEvent *event)
{
  return (event->kind == KILN_BOOT_EVENT_TEXT || event->kind == KILN_BOOT_EVENT_IDF_LOG)
         && event->text != NULL && strstr (event->text, "\xef\xbf\xbd") != NULL;
}

/* Firmware that says it starts or joins a Wi-Fi network ("WiFi connecting",
 * Tasmota's "WIF: verbinden mit AP1…", the SDK's "scandone"): the moment
 * the radio starts drawing its largest currents. */
static gboolean
mentions_wifi_start (const char *text)
{
  static const char *const words[] = {
    "wifi", "wi-fi", "wlan", "wif:", "scandone", "connecting to", "connected with", "dhcp",
    "*wm:", "softap", "startap",
  };

  return has_any_word (text, words, G_N_ELEMENTS (words));
}

/* An event that says the firmware crashed (an exception, a panic). */
static gboolean
is_crash (const KilnBootEvent *event)
{
  return event->kind == KILN_BOOT_EVENT_FATAL_EXCEPTION
         || event->kind == KILN_BOOT_EVENT_GURU_MEDITATION || event->kind == KILN_BOOT_EVENT_PANIC;
}

/* An event that says the firmware failed: a crash, or a line of a crash
 * report.  A serial monitor's reading of an address is not one by itself:
 * monitors read the ROM's "Saved PC" after every reset, a deliberate
 * restart's too; a crash's reading follows the crash's own lines. */
static gboolean
reports_fault (const KilnBootEvent *event)
{
  return is_crash (event)
         || (event->kind == KILN_BOOT_EVENT_CRASH_REPORT && g_strcmp0 (event->name, "address") != 0);
}

/* The line a second-stage bootloader starts with: the ESP8266 SDK's
 * "2nd boot version : 1.7", "rBoot v1.4.0", ESP-IDF's "ESP-IDF v5.1 2nd
 * stage bootloader". */
static gboolean
stage2_start (const KilnBootEvent *event)
{
  /* The SDK's other lines of that kind are rBoot's settings. */
  static const char *const starts[] = { "2nd boot version", "rboot v" };

  if (event->kind == KILN_BOOT_EVENT_IDF_LOG)
    return g_strcmp0 (event->name, "boot") == 0
           && strstr (event->text, "2nd stage bootloader") != NULL;
  return event->kind == KILN_BOOT_EVENT_SDK_BOOT_VERSION
         && has_any_word (event->text, starts, G_N_ELEMENTS (starts));
}

/* A second stage that starts again without the ROM's banner before it
 * (the banner lost, or printed at a rate the capture did not read), and
 * without a crash, an error, the firmware's prompt, a restart it announced
 * or a deep sleep since it last started: the chip reset while the
 * firmware came up, and the log shows no more than that.  The first start
 * after a banner is that boot's own; the reset-loop rules count those
 * boots. */
static void
note_stage2 (KilnBootlogDecoder *self,
             KilnBootRecord     *boot,
             KilnBootEvent      *event)
{
  if (stage2_start (event))
    {
      if (boot != NULL && !boot->stage2_started)
        boot->stage2_started = TRUE;
      else if (self->stage2_running)
        {
          self->stage2_restarts++;
          if (self->stage2_restart == NULL)
            self->stage2_restart = kiln_boot_event_ref (event);
        }
      self->stage2_running = TRUE;
    }
  else if (reports_fault (event) || event->severity == KILN_BOOT_SEVERITY_ERROR
           || event->kind == KILN_BOOT_EVENT_APP_READY || event->kind == KILN_BOOT_EVENT_RESTART
           || event->kind == KILN_BOOT_EVENT_SLEEP)
    self->stage2_running = FALSE;
}

/* A log line of a second-stage bootloader: ESP-IDF's (tags "boot",
 * "boot.esp32c3", and "boot_comm", its chip revision check in v4) or
 * MCUboot's. */
static gboolean
bootloader_log_line (const KilnBootEvent *event)
{
  return event->kind == KILN_BOOT_EVENT_IDF_LOG && event->name != NULL
         && (g_str_equal (event->name, "boot") || g_str_has_prefix (event->name, "boot.")
             || g_str_equal (event->name, "boot_comm") || g_str_equal (event->name, "mcuboot"));
}

/* An ESP-IDF log line of the firmware itself, not of the second-stage
 * bootloader (nor of the image and QIO checks ESP-IDF's runs). */
static gboolean
firmware_log_line (const KilnBootEvent *event)
{
  return event->kind == KILN_BOOT_EVENT_IDF_LOG && event->name != NULL
         && !bootloader_log_line (event) && !g_str_equal (event->name, "esp_image")
         && !g_str_equal (event->name, "qio_mode");
}

/* The lines an ESP32-family ROM prints itself, from its banner to the
 * "entry" with which it starts the second stage. */
static gboolean
rom_line (const KilnBootEvent *event)
{
  switch (event->kind)
    {
    case KILN_BOOT_EVENT_ROM_BANNER:
    case KILN_BOOT_EVENT_ROM_BUILD:
    case KILN_BOOT_EVENT_RESET:
    case KILN_BOOT_EVENT_SAVED_PC:
    case KILN_BOOT_EVENT_CONFIGSIP:
    case KILN_BOOT_EVENT_CLK_DRV:
    case KILN_BOOT_EVENT_FLASH_MODE:
    case KILN_BOOT_EVENT_LOAD:
    case KILN_BOOT_EVENT_TAIL:
    case KILN_BOOT_EVENT_ENTRY:
    case KILN_BOOT_EVENT_HASH_MISMATCH:
    case KILN_BOOT_EVENT_ROM_SECURE_BOOT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* ESP-IDF's bootloader restarts the chip when it cannot go on, and says
 * nothing first when its log is off (Arduino builds).  The ROM's next
 * boot gives it away: a software reset of the system whose saved program
 * counter lies in the code the ROM had just loaded for the second stage,
 * with not a line since the ROM started it.  A firmware's restart stops
 * in the firmware's code, after it has said something. */
static void
note_stage2_code (KilnBootlogDecoder *self,
                  KilnBootEvent      *event)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  if (event->kind == KILN_BOOT_EVENT_LOAD && event->family == KILN_BOOT_FAMILY_ESP32
      && event->values[1] > 0 && event->values[0] >= 0x40000000 && event->values[0] < 0x50000000
      && !kiln_bootlog_flash_mapped (self->chip, (guint32) event->values[0]))
    {
      if (!self->stage2_loading)
        self->n_stage2_code = 0;
      self->stage2_loading = TRUE;
      if (self->n_stage2_code < G_N_ELEMENTS (self->stage2_code))
        {
          self->stage2_code[self->n_stage2_code][0] = (guint32) event->values[0];
          self->stage2_code[self->n_stage2_code][1] =
            (guint32) MIN (event->values[0] + event->values[1], G_MAXUINT32);
          self->n_stage2_code++;
        }
    }
  else if (event->kind == KILN_BOOT_EVENT_ENTRY)
    {
      self->stage2_loading = FALSE;
      self->entry_seen = TRUE;
      self->said_since_entry = FALSE;
    }
  else if (event->kind == KILN_BOOT_EVENT_SAVED_PC && boot != NULL && boot->reset != NULL
           && boot->reset_class == KILN_RESET_CLASS_SOFTWARE && !boot->requested
           && !kiln_bootlog_esp32_cpu_reset (boot->reset->name) && self->entry_seen
           && !self->said_since_entry && self->stage2_silent_restart == NULL)
    {
      for (guint i = 0; i < self->n_stage2_code; i++)
        if (event->values[0] >= self->stage2_code[i][0] && event->values[0] < self->stage2_code[i][1])
          {
            self->stage2_silent_restart = kiln_boot_event_ref (event);
            break;
          }
    }
  if (!rom_line (event) && !(event->kind == KILN_BOOT_EVENT_TEXT && event->text[0] == '\0'))
    self->said_since_entry = TRUE;
}

static void
note (KilnBootlogDecoder *self,
      KilnBootEvent      *event)
{
  KilnBootRecord *boot;

  if (self->first[event->kind] == NULL)
    self->first[event->kind] = kiln_boot_event_ref (event);
  g_clear_pointer (&self->last[event->kind], kiln_boot_event_unref);
  self->last[event->kind] = kiln_boot_event_ref (event);
  self->count[event->kind]++;

  /* The firmware said it goes into deep sleep: what follows it is the
   * end of that run (the SDK taking its interfaces down, garbage as the
   * chip stops), unless the chip wakes and boots again. */
  if (event->kind == KILN_BOOT_EVENT_SLEEP)
    {
      g_clear_pointer (&self->sleep_event, kiln_boot_event_unref);
      self->sleep_event = kiln_boot_event_ref (event);
      self->sleep_boots = self->boots->len;
      self->lines_after_sleep = 0;
    }
  else if (self->sleep_event != NULL && event->kind != KILN_BOOT_EVENT_GARBLED
           && event->kind != KILN_BOOT_EVENT_WRONG_BAUD && !kiln_bootlog_lines_from_monitor (event))
    self->lines_after_sleep++;

  note_stage2_code (self, event);

  if (event->kind == KILN_BOOT_EVENT_RESET)
    {
      boot = kiln_bootlog_current_boot (self);
      g_assert (boot != NULL);
      boot->reset = kiln_boot_event_ref (event);
      boot->mode = event->mode;
      boot->reset_class = event->family == KILN_BOOT_FAMILY_ESP8266
                          ? kiln_bootlog_esp8266_reset_class ((guint) MIN (event->values[0], 255))
                          : kiln_bootlog_esp32_reset_class (event->name);
      /* The copy began with a bare "Rebooting..." and its first reset is
       * the ROM's software reset of the CPU: that is how ESP-IDF's panic
       * handler ends, so the reset is a crash's, not one asked for. Any
       * other reset leaves the line a restart announced. */
      if (self->opening_reboot != NULL && self->boots->len == 1)
        {
          if (boot->reset_class == KILN_RESET_CLASS_SOFTWARE
              && kiln_bootlog_esp32_cpu_reset (event->name))
            {
              boot->requested = FALSE;
              self->panic_tail = g_steal_pointer (&self->opening_reboot);
            }
          g_clear_pointer (&self->opening_reboot, kiln_boot_event_unref);
        }
      return;
    }

  /* The ESP-IDF bootloader found no slot it can start: it stops, and a
   * CPU exception after that is its own end, not a firmware's. */
  boot = kiln_bootlog_current_boot (self);
  if (event->kind == KILN_BOOT_EVENT_NO_APP && boot != NULL && !boot->app_loaded
      && strstr (event->text, "No bootable app partition") != NULL)
    boot->no_app_left = TRUE;

  /* A crash after the bootloader found no image in a slot: a firmware did
   * start, unless none was left to start. */
  if (is_crash (event)
      && (self->first[KILN_BOOT_EVENT_NO_APP] != NULL || self->first[KILN_BOOT_EVENT_OTA_ERROR] != NULL)
      && !(boot != NULL && boot->no_app_left))
    self->crash_after_slot_error = TRUE;
  /* The same for the firmware's own log lines, in a copy that may lack
   * its start. */
  if ((firmware_log_line (event) || event->kind == KILN_BOOT_EVENT_APP_START
       || event->kind == KILN_BOOT_EVENT_APP_READY)
      && (self->first[KILN_BOOT_EVENT_NO_APP] != NULL || self->first[KILN_BOOT_EVENT_OTA_ERROR] != NULL))
    self->firmware_after_slot_error = TRUE;

  /* The firmware talking at the rate listened to, after the ROM talked at
   * its own. */
  if (self->first[KILN_BOOT_EVENT_WRONG_BAUD] != NULL
      && (event->kind == KILN_BOOT_EVENT_TEXT || event->kind == KILN_BOOT_EVENT_IDF_LOG
          || event->kind == KILN_BOOT_EVENT_APP_START || event->kind == KILN_BOOT_EVENT_APP_READY)
      && event->severity != KILN_BOOT_SEVERITY_ERROR && !unreadable_text (event)
      && !looks_like_error (event->text))
    self->text_after_garbage = TRUE;

  boot = kiln_bootlog_current_boot (self);
  note_stage2 (self, boot, event);
  if (event->kind == KILN_BOOT_EVENT_RESTART)
    {
      gboolean encryption = g_strcmp0 (event->name, "bootloader") == 0;

      if (boot != NULL)
        {
          boot->restart_announced = TRUE;
          g_clear_pointer (&boot->encryption_restart, kiln_boot_event_unref);
          if (encryption)
            boot->encryption_restart = kiln_boot_event_ref (event);
        }
      else
        {
          self->restart_announced = TRUE;
          self->encryption_restart = encryption;
        }
      /* The copy begins with it, bare: whose it is, the reset after it
       * tells (note(), at the reset line). */
      if (boot == NULL && self->n_lines == 1 && self->opening_reboot == NULL)
        {
          g_autofree char *bare = g_strstrip (g_strdup (event->text));

          if (g_str_equal (bare, "Rebooting..."))
            self->opening_reboot = kiln_boot_event_ref (event);
        }
    }
  /* The second-stage bootloader starts no radio: its partition table
   * names the "WiFi data" partitions of every ESP-IDF build. */
  if ((event->kind == KILN_BOOT_EVENT_TEXT || event->kind == KILN_BOOT_EVENT_IDF_LOG
       || kiln_bootlog_messages_sdk_wifi (event))
      && !bootloader_log_line (event))
    if (mentions_wifi_start (event->text))
      {
        if (boot != NULL)
          boot->wifi_starting = TRUE;
        else
          self->wifi_starting = TRUE;
      }
  if (boot == NULL)
    {
      /* The end of a crash report before the first reset line (the
       * Arduino core's "<<<stack<<<"): the run before the log's first boot
       * crashed, so its firmware ran. */
      if (reports_fault (event) && self->crash_before_reset == NULL)
        self->crash_before_reset = kiln_boot_event_ref (event);
      /* Output at another rate after the ROM handed over is the
       * firmware talking at its own rate. */
      if ((event->kind == KILN_BOOT_EVENT_GARBLED || event->kind == KILN_BOOT_EVENT_WRONG_BAUD)
          && self->handed_over_before_reset)
        self->garbled_after_handover = TRUE;
      /* The firmware's own lines (a log line not the bootloader's, its
       * start or its prompt), and whether they came again after a restart
       * it announced: in a log without the ROM's lines, all there is to
       * tell a normal start and a restart by. */
      if (event->kind == KILN_BOOT_EVENT_APP_START || event->kind == KILN_BOOT_EVENT_APP_READY
          || firmware_log_line (event))
        {
          if (self->restart_announced)
            self->ran_after_restart = TRUE;
          self->firmware_ran = TRUE;
        }
      return;
    }
  if (event->severity == KILN_BOOT_SEVERITY_ERROR && !unreadable_text (event))
    boot->n_errors++;
  if (event->kind == KILN_BOOT_EVENT_GARBLED || event->kind == KILN_BOOT_EVENT_WRONG_BAUD)
    {
      boot->n_garbled++;
      /* Garbage after the ROM handed over is the firmware talking at its
       * own rate. */
      if (boot->rom_done || boot->second_stage)
        boot->app_garbled = TRUE;
    }
  if ((event->kind == KILN_BOOT_EVENT_FATAL_EXCEPTION
       || event->kind == KILN_BOOT_EVENT_GURU_MEDITATION)
      && boot->n_app_lines == 0 && !boot->app_started && boot->n_crashes == 0 && !boot->no_app_left)
    boot->crash_before_app = TRUE;
  /* An instruction the CPU cannot run, fetched just after the firmware
   * started Wi-Fi. */
  if (event->kind == KILN_BOOT_EVENT_FATAL_EXCEPTION && event->values[0] == 0
      && boot->wifi_starting && boot->illegal_after_wifi == NULL)
    boot->illegal_after_wifi = kiln_boot_event_ref (event);
  if (is_crash (event))
    boot->n_crashes++;
  if (reports_fault (event) || event->kind == KILN_BOOT_EVENT_TASK_WDT)
    boot->fault_reported = TRUE;
  if (event->kind == KILN_BOOT_EVENT_ROM_HALT)
    boot->rom_halted = TRUE;
  if (event->kind == KILN_BOOT_EVENT_WDT_RESET)
    boot->wdt_reset = TRUE;
  if (event->kind == KILN_BOOT_EVENT_FLASH_READ_ERR)
    boot->flash_read_err = TRUE;
  if (event->kind == KILN_BOOT_EVENT_TEXT || event->kind == KILN_BOOT_EVENT_SLEEP
      || kiln_bootlog_messages_sdk_wifi (event)
      || (event->kind == KILN_BOOT_EVENT_IDF_LOG && event->name != NULL
          && !bootloader_log_line (event)))
    boot->n_app_lines++;
  /* An ESP-IDF application's own log lines, after the bootloader's. */
  if (firmware_log_line (event) && boot->second_stage)
    boot->app_started = TRUE;
}

/* Reports @event and keeps what it shows. */
void
kiln_bootlog_emit (KilnBootlogDecoder *self,
                   KilnBootEvent      *event)
{
  if (event->family == KILN_BOOT_FAMILY_UNKNOWN)
    event->family = self->family;
  /* The board's own line ends a command's output. */
  if (!kiln_bootlog_lines_from_monitor (event))
    self->host_command_output = FALSE;

  /* Text that looks like an error and that no pattern explains: said as
   * such rather than "no known problem", unless it cannot be read. */
  if (self->first_error_line == NULL
      && ((event->kind == KILN_BOOT_EVENT_TEXT && looks_like_error (event->text))
          || (event->kind == KILN_BOOT_EVENT_IDF_LOG
              && event->severity == KILN_BOOT_SEVERITY_ERROR))
      && !unreadable_text (event))
    {
      self->first_error_line = kiln_boot_event_ref (event);
      self->first_error_line_boots = self->boots->len;
    }
  if (self->first_error == NULL && event->severity == KILN_BOOT_SEVERITY_ERROR
      && !unreadable_text (event))
    self->first_error = kiln_boot_event_ref (event);

  self->rom_console = event->kind == KILN_BOOT_EVENT_ROM_HALT
                      && g_strcmp0 (event->name, "console") == 0;
  note (self, event);
  if (self->event_func != NULL)
    self->event_func (event, self->user_data);
}

/* ------------------------------------------------------------------------ */
/* Lines */

static KilnBootEvent *
garbled_event (KilnBootlogDecoder *self,
               const char         *clean,
               guint               n_bytes)
{
  KilnBootEvent *event;
  guint other;
  gboolean first = FALSE;

  self->garbled_bytes += n_bytes;
  if (!self->wrong_baud_reported && self->garbled_bytes >= WRONG_BAUD_MIN_BYTES)
    first = self->wrong_baud_reported = TRUE;
  if (!first)
    {
      event = kiln_bootlog_event_new (KILN_BOOT_EVENT_GARBLED, clean, clean);
      event->values[1] = n_bytes;
      return event;
    }

  /* The two rates an Espressif board uses while booting. */
  other = self->baud == 115200 ? 74880 : self->baud == 74880 ? 115200 : 0;
  event = kiln_bootlog_event_new (KILN_BOOT_EVENT_WRONG_BAUD, clean, clean);
  event->severity = KILN_BOOT_SEVERITY_WARNING;
  event->values[0] = other;
  event->values[1] = self->garbled_bytes;
  /* The rate may change before a diagnosis quotes it (a monitor moves
   * on from the ROM's rate to the application's). */
  event->values[2] = self->baud;
  if (other == 74880)
    event->explanation = g_strdup (_("These bytes are text sent at another baud rate, probably "
                                     "the ESP8266 boot ROM at 74880 baud; listen at 74880 to "
                                     "read them."));
  else if (other == 115200)
    event->explanation = g_strdup (_("These bytes are text sent at another baud rate, probably "
                                     "115200 baud (the application, or an ESP32-family ROM); "
                                     "listen at 115200 to read them."));
  else
    event->explanation = g_strdup (_("These bytes are text sent at another baud rate; try "
                                     "74880 (ESP8266 boot ROM) or 115200 baud."));
  return event;
}

static void
readable_line_seen (KilnBootlogDecoder *self)
{
  self->garbled_bytes = 0;
  self->wrong_baud_reported = FALSE;
}

static void
count_line (KilnBootlogDecoder *self,
            guint               n_boots_before)
{
  if (self->boots->len == n_boots_before)
    kiln_bootlog_current_boot (self)->n_lines++;
}

/* The line after a Rust panic's "panicked at …:" is its message, even
 * when a pattern knows it (esp-hal's question about the crystal): the
 * report then expects it no more. */
static void
rust_message_known (KilnBootlogDecoder *self)
{
  if (self->rust_message_next && self->rust_panic_line != self->n_lines)
    self->rust_message_next = FALSE;
}

static void
process_line (KilnBootlogDecoder *self,
              const guint8       *bytes,
              gsize               len)
{
  g_autofree char *clean = kiln_bootlog_clean_line (bytes, len);
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autoptr(KilnBootEvent) event = NULL;
  KilnBootRecord *boot;
  guint n_boots;
  guint bad = kiln_bootlog_count_bad_bytes (bytes, len);

  self->finished = FALSE;
  text = kiln_bootlog_match_text (self, clean, &before);
  /* An empty line, or only the time stamp a terminal put in front of one. */
  if (*text == '\0' && bad == 0)
    return;
  self->n_lines++;
  /* Lines after a boot's reset line count towards it. */
  boot = kiln_bootlog_current_boot (self);
  n_boots = self->boots->len;
  if (boot == NULL || boot->reset == NULL)
    n_boots = G_MAXUINT;

  /* ESP-IDF lines a copy ran together: each is decoded on its own. */
  if (bad == 0 && g_regex_match (kiln_bootlog_idf_split_re (), text, 0, NULL))
    {
      g_auto(GStrv) parts = g_regex_split (kiln_bootlog_idf_split_re (), text, 0);
      gboolean any = FALSE;

      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0'
            && !kiln_bootlog_lines_match (self, parts[i], i == 0 ? before : NULL, parts[i]))
          {
            g_autofree char *shown = g_strconcat (i == 0 && before != NULL ? before : "",
                                                  parts[i], NULL);
            g_autoptr(KilnBootEvent) part = kiln_bootlog_event_new (KILN_BOOT_EVENT_TEXT,
                                                                    parts[i], shown);
            self->n_text_lines++;
            kiln_bootlog_emit (self, part);
          }
        else
          any = TRUE;
      if (any)
        {
          rust_message_known (self);
          readable_line_seen (self);
        }
      count_line (self, n_boots);
      kiln_bootlog_rules_update (self);
      return;
    }

  if (kiln_bootlog_lines_match (self, clean, before, text))
    {
      rust_message_known (self);
      readable_line_seen (self);
      count_line (self, n_boots);
      kiln_bootlog_rules_update (self);
      return;
    }

  /* Text received at the wrong baud rate is full of bytes that are no
   * text (real text has none), with few line ends.  A line with some
   * counts towards the wrong-baud verdict; it is shown as garbled when a
   * third of it is garbage or when it belongs to a run of garbage. */
  if (bad > 0 && (bad * 3 >= len || self->wrong_baud_reported))
    event = garbled_event (self, *clean != '\0' ? clean : "\xef\xbf\xbd", bad);
  else
    {
      if (bad > 0)
        self->garbled_bytes += bad;
      else if (strlen (clean) >= 4)
        readable_line_seen (self);
      event = kiln_bootlog_event_new (KILN_BOOT_EVENT_TEXT, clean, clean);
      self->n_text_lines++;
      if (bad == 0)
        kiln_bootlog_lines_host_output (self, event);
      if (bad == 0 && event->kind == KILN_BOOT_EVENT_TEXT)
        kiln_bootlog_lines_rust_panic_report (self, event);
    }
  kiln_bootlog_emit (self, event);
  count_line (self, n_boots);
  kiln_bootlog_rules_update (self);
}

static void
end_line (KilnBootlogDecoder *self)
{
  g_autoptr(GByteArray) line = NULL;

  if (self->pending->len == 0)
    return;
  line = self->pending;
  self->pending = g_byte_array_new ();
  process_line (self, line->data, line->len);
}

/* ------------------------------------------------------------------------ */
/* Public API */

/**
 * kiln_bootlog_decoder_new:
 * @event_func: (nullable): called for every event, in log order
 * @diagnosis_func: (nullable): called once for every diagnosis, when the
 *   log first shows it (see kiln_bootlog_decoder_get_diagnoses() for the
 *   ranked list)
 * @user_data: passed to both
 *
 * Returns: (transfer full): a decoder; use it from one thread at a time
 */
KilnBootlogDecoder *
kiln_bootlog_decoder_new (KilnBootEventFunc     event_func,
                          KilnBootDiagnosisFunc diagnosis_func,
                          gpointer              user_data)
{
  KilnBootlogDecoder *self = g_new0 (KilnBootlogDecoder, 1);

  self->event_func = event_func;
  self->diagnosis_func = diagnosis_func;
  self->user_data = user_data;
  self->regexes = kiln_bootlog_lines_compiled ();
  self->timestamp_re = kiln_bootlog_lines_timestamp ();
  self->pending = g_byte_array_new ();
  self->boots = g_array_new (FALSE, TRUE, sizeof (KilnBootRecord));
  g_array_set_clear_func (self->boots, boot_record_clear);
  self->user_map = -1;
  kiln_bootlog_decoder_reset (self);
  return self;
}

static void
forget_evidence (KilnBootlogDecoder *self)
{
  for (guint i = 0; i < KILN_BOOT_EVENT_N_KINDS; i++)
    {
      g_clear_pointer (&self->first[i], kiln_boot_event_unref);
      g_clear_pointer (&self->last[i], kiln_boot_event_unref);
      self->count[i] = 0;
    }
  g_clear_pointer (&self->first_error_line, kiln_boot_event_unref);
  g_clear_pointer (&self->first_error, kiln_boot_event_unref);
  g_clear_pointer (&self->opening_reboot, kiln_boot_event_unref);
  g_clear_pointer (&self->panic_tail, kiln_boot_event_unref);
  g_clear_pointer (&self->backtrace, kiln_boot_event_unref);
  g_clear_pointer (&self->stage2_restart, kiln_boot_event_unref);
  g_clear_pointer (&self->banner_cut, kiln_boot_event_unref);
  self->stage2_restarts = 0;
  self->stage2_running = FALSE;
  g_array_set_size (self->boots, 0);
  self->restart_announced = FALSE;
  self->rom_console = FALSE;
  self->firmware_ran = FALSE;
  self->ran_after_restart = FALSE;
  self->wifi_starting = FALSE;
  self->fs_formatted = FALSE;
  self->param_dump_data = FALSE;
  self->fs_no_partition = FALSE;
  self->fs_format_failed = FALSE;
  g_clear_pointer (&self->fs_failure, kiln_boot_event_unref);
  g_clear_pointer (&self->fs_file_missing, kiln_boot_event_unref);
  g_clear_pointer (&self->fs_open_failed, kiln_boot_event_unref);
  self->text_after_garbage = FALSE;
  self->bootloader_quad = FALSE;
  self->bootloader_mode_known = FALSE;
  self->table_listing = FALSE;
  self->table_rows = 0;
  g_clear_pointer (&self->empty_table, kiln_boot_event_unref);
  self->rust_panic_open = FALSE;
  self->rust_message_next = FALSE;
  self->rust_braces = 0;
  self->n_stage2_code = 0;
  self->stage2_loading = FALSE;
  self->entry_seen = FALSE;
  self->said_since_entry = FALSE;
  g_clear_pointer (&self->stage2_silent_restart, kiln_boot_event_unref);
  g_clear_pointer (&self->garbled_app_header, kiln_boot_event_unref);
  self->have_crash_pc = FALSE;
  self->crash_after_slot_error = FALSE;
  self->firmware_after_slot_error = FALSE;
  self->app_loaded_after_slot_error = FALSE;
  self->crash_pc = 0;
  self->crystal_mhz = 0;
  self->flasher_flash_kb = self->header_flash_kb = 0;
  self->host_command_output = FALSE;
  g_clear_pointer (&self->header_flash_event, kiln_boot_event_unref);
  g_clear_pointer (&self->sleep_event, kiln_boot_event_unref);
  self->sleep_boots = self->lines_after_sleep = 0;
  self->n_lines = self->n_text_lines = 0;
  g_clear_pointer (&self->crash_before_reset, kiln_boot_event_unref);
  self->header_map = -1;
  self->have_chksum = FALSE;
  self->last_chksum = 0;
  memset (self->diagnosed, 0, sizeof self->diagnosed);
  self->finished = FALSE;
  self->handed_over_before_reset = FALSE;
  self->garbled_after_handover = FALSE;
}

void
kiln_bootlog_decoder_free (KilnBootlogDecoder *self)
{
  if (self == NULL)
    return;
  forget_evidence (self);
  g_array_unref (self->boots);
  g_byte_array_unref (self->pending);
  g_free (self->user_chip);
  g_free (self);
}

/**
 * kiln_bootlog_decoder_feed:
 * @data: bytes as they came from the port, cut anywhere
 *
 * Events are reported once their line is complete; the result does not
 * depend on how the bytes were cut into calls.
 */
void
kiln_bootlog_decoder_feed (KilnBootlogDecoder *self,
                           const guint8       *data,
                           gsize               len)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (c == '\n' || c == '\r')
        {
          gboolean crlf = c == '\n' && self->after_cr;

          self->after_cr = c == '\r';
          if (!crlf)
            end_line (self);
          continue;
        }
      self->after_cr = FALSE;
      g_byte_array_append (self->pending, &c, 1);

      /* Text at the wrong baud rarely contains a line end, so cut long
       * garbled runs by themselves.  The checks happen at fixed lengths
       * so that the cut does not depend on how the input was chunked. */
      if (self->pending->len >= MAX_LINE)
        end_line (self);
      else if (self->pending->len >= GARBLE_CHECK
               && (self->pending->len - GARBLE_CHECK) % GARBLE_STEP == 0
               && kiln_bootlog_count_bad_bytes (self->pending->data, self->pending->len) * 3
                  >= self->pending->len)
        end_line (self);
    }
}

/**
 * kiln_bootlog_decoder_end_line:
 *
 * Treats a pending partial line as complete (a prompt without a line end,
 * after the line has been quiet for a while) without ending the log.
 */
void
kiln_bootlog_decoder_end_line (KilnBootlogDecoder *self)
{
  end_line (self);
  self->after_cr = FALSE;
}

/**
 * kiln_bootlog_decoder_flush:
 *
 * Treats a pending partial line as complete (a prompt, or the end of a
 * file) and runs the rules that need the whole log, e.g. "flash boot but
 * nothing loaded" or "restarts again and again without a message".  Call
 * it at the end of the input, or when the line has been quiet for a while;
 * feeding more afterwards is fine.
 */
void
kiln_bootlog_decoder_flush (KilnBootlogDecoder *self)
{
  end_line (self);
  self->after_cr = FALSE;
  self->finished = TRUE;
  kiln_bootlog_rules_update (self);
}

/**
 * kiln_bootlog_decoder_reset:
 *
 * Forgets the boots seen so far and which diagnoses were reported, e.g.
 * after the caller reset the board.  Settings are kept; a pending partial
 * line is dropped.
 */
void
kiln_bootlog_decoder_reset (KilnBootlogDecoder *self)
{
  g_byte_array_set_size (self->pending, 0);
  self->after_cr = FALSE;
  readable_line_seen (self);
  forget_evidence (self);
  self->family = KILN_BOOT_FAMILY_UNKNOWN;
  self->chip = NULL;
  if (self->user_chip != NULL)
    {
      const KilnBootChipFacts *facts = kiln_bootlog_chip_facts (self->user_chip);
      if (facts != NULL)
        kiln_bootlog_set_chip (self, facts->family, facts->chip);
    }
}

/**
 * kiln_bootlog_decoder_set_baud:
 * @baud: the rate the bytes are received at, 0 if unknown
 *
 * Lets the wrong-baud event suggest the other usual rate.
 */
void
kiln_bootlog_decoder_set_baud (KilnBootlogDecoder *self,
                               guint               baud)
{
  self->baud = baud;
}

/**
 * kiln_bootlog_decoder_set_expect_app:
 * @expect_app: %TRUE when the board was reset to run its firmware
 *
 * Makes "download mode" an error rather than a note.
 */
void
kiln_bootlog_decoder_set_expect_app (KilnBootlogDecoder *self,
                                     gboolean            expect_app)
{
  self->expect_app = expect_app;
}

/**
 * kiln_bootlog_decoder_set_flash_map:
 * @map: the ESP8266 flash map the user chose (0–9), or -1
 *
 * Used for the init-data addresses when the log itself does not say.
 */
void
kiln_bootlog_decoder_set_flash_map (KilnBootlogDecoder *self,
                                    gint                map)
{
  self->user_map = map;
}

/**
 * kiln_bootlog_decoder_set_dout_only:
 * @dout_only: the connection found an ESP8285, whose flash reads in DOUT
 *   only
 *
 * A flash-mode diagnosis then names DOUT alone in its fix.
 */
void
kiln_bootlog_decoder_set_dout_only (KilnBootlogDecoder *self,
                                    gboolean            dout_only)
{
  self->dout_only = dout_only;
}

/**
 * kiln_bootlog_decoder_set_chip:
 * @chip: (nullable): Kiln's name of the chip ("esp32c3"), when it is known
 *   from elsewhere (a connection); a ROM banner in the log still wins
 */
void
kiln_bootlog_decoder_set_chip (KilnBootlogDecoder *self,
                               const char         *chip)
{
  const KilnBootChipFacts *facts = kiln_bootlog_chip_facts (chip);

  g_free (self->user_chip);
  self->user_chip = g_strdup (chip);
  if (facts != NULL && self->chip == NULL)
    kiln_bootlog_set_chip (self, facts->family, facts->chip);
}

/**
 * kiln_bootlog_decoder_get_chip:
 *
 * Returns: (nullable): Kiln's name of the chip the log shows ("esp32c3")
 */
const char *
kiln_bootlog_decoder_get_chip (KilnBootlogDecoder *self)
{
  return self->chip != NULL ? self->chip->chip : NULL;
}

/**
 * kiln_bootlog_decoder_get_diagnoses:
 *
 * Weighs everything seen so far.  The first diagnosis is the most likely
 * cause given every line, not the first line that looked wrong; symptoms
 * of a cause found (a watchdog reset after a brown-out) rank below it.
 *
 * Returns: (transfer container) (element-type KilnBootDiagnosis): the
 *   diagnoses, best first; empty when nothing looked wrong
 */
GPtrArray *
kiln_bootlog_decoder_get_diagnoses (KilnBootlogDecoder *self)
{
  return kiln_bootlog_rules_evaluate (self);
}

static void
collect_event (KilnBootEvent *event,
               gpointer       user_data)
{
  g_ptr_array_add (user_data, kiln_boot_event_ref (event));
}

/**
 * kiln_bootlog_decode:
 * @data: a whole captured log
 * @baud: the rate it was captured at, 0 if unknown
 * @events: (out) (optional) (transfer full) (element-type KilnBootEvent)
 * @diagnoses: (out) (optional) (transfer full) (element-type KilnBootDiagnosis):
 *   ranked, best first
 *
 * Decodes a complete log in one go (feed, then flush).
 */
void
kiln_bootlog_decode (const guint8  *data,
                     gsize          len,
                     guint          baud,
                     GPtrArray    **events,
                     GPtrArray    **diagnoses)
{
  g_autoptr(KilnBootlogDecoder) decoder = NULL;
  GPtrArray *collected = NULL;

  if (events != NULL)
    collected = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_event_unref);
  decoder = kiln_bootlog_decoder_new (collected != NULL ? collect_event : NULL, NULL, collected);
  kiln_bootlog_decoder_set_baud (decoder, baud);
  kiln_bootlog_decoder_feed (decoder, data, len);
  kiln_bootlog_decoder_flush (decoder);
  if (events != NULL)
    *events = collected;
  if (diagnoses != NULL)
    *diagnoses = kiln_bootlog_decoder_get_diagnoses (decoder);
}

/**
 * kiln_bootlog_explain_no_sync:
 * @data: what the chip printed after the reset into download mode
 *
 * For a connect that got no SYNC reply: says what the boot log tells
 * about why, e.g. that the chip booted normally because GPIO0 was high,
 * or that it is in download mode, so the computer-to-chip line is broken.
 *
 * Returns: (transfer full) (nullable): one translated sentence, or %NULL
 *   when the log holds no reset line
 */
char *
kiln_bootlog_explain_no_sync (const guint8 *data,
                              gsize         len)
{
  g_autoptr(GPtrArray) events = NULL;
  KilnBootEvent *reset = NULL;
  gboolean waiting = FALSE;
  const char *pin = "GPIO0";
  g_autofree char *what = NULL;

  kiln_bootlog_decode (data, len, 0, &events, NULL);
  for (guint i = 0; i < events->len; i++)
    {
      KilnBootEvent *e = g_ptr_array_index (events, i);

      if (e->kind == KILN_BOOT_EVENT_RESET)
        {
          reset = e;
          waiting = FALSE;
        }
      else if (e->kind == KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD)
        waiting = TRUE;
      else if (e->kind == KILN_BOOT_EVENT_ROM_BANNER && e->name != NULL)
        {
          const KilnBootChipFacts *facts = kiln_bootlog_chip_facts (e->name);
          if (facts != NULL)
            pin = facts->boot_pin;
        }
    }
  if (reset == NULL)
    return NULL;

  if (reset->family == KILN_BOOT_FAMILY_ESP8266)
    what = g_strdup_printf ("boot mode:(%u,%u)", (guint) reset->values[1],
                            (guint) reset->values[2]);
  else
    what = g_strdup_printf ("boot:0x%x (%s)", (guint) reset->values[1],
                            reset->detail != NULL ? reset->detail : "");

  if (waiting || reset->mode == KILN_BOOT_MODE_DOWNLOAD)
    return g_strdup_printf (_("The boot log shows the chip in download mode (%s), yet it did not "
                              "answer: the line from the computer's TX to the chip's RX is "
                              "probably broken or swapped."),
                            what);
  switch (reset->mode)
    {
    case KILN_BOOT_MODE_FLASH:
      return g_strdup_printf (_("The chip booted normally (%s) instead of entering download "
                                "mode, because %s was high at reset. Hold the BOOT or FLASH "
                                "button while resetting, or check the DTR/RTS auto-reset "
                                "wiring."),
                              what, pin);
    case KILN_BOOT_MODE_SDIO:
      return g_strdup_printf (_("The chip started in SDIO boot mode (%s) because GPIO15 was "
                                "high at reset: pull GPIO15 low."),
                              what);
    case KILN_BOOT_MODE_OTHER:
      return g_strdup_printf (_("The strapping pins selected a wrong boot mode (%s): check the "
                                "levels of the boot pins at reset."),
                              what);
    case KILN_BOOT_MODE_DOWNLOAD:
    case KILN_BOOT_MODE_UNKNOWN:
    default:
      return NULL;
    }
}
