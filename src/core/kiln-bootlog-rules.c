/* kiln-bootlog-rules.c: from the evidence of a whole log to ranked
 * diagnoses.
 *
 * Each rule looks at everything seen so far (the first, last and number of
 * events of each kind, and one record per boot) and may add a finding: a
 * diagnosis kind, the cause it names (an id of the vocabulary in
 * tests/data/bootlogs/README.md), a score and a confidence.  The score says
 * how specific and how likely the finding is:
 *
 *   900s  the log names the cause (a map mismatch, missing init data, a
 *         brown-out, a strap that selects a 1.8 V flash supply)
 *   800s  what the ROM or bootloader could not do (no bootloader, an image
 *         it cannot read, no partition table), read with what else the log
 *         shows (a quad mode in the header, the reset before)
 *   700s  the boot mode the straps chose; crashes of the firmware
 *   600s  patterns over several boots (a flash mode the flash cannot do, a
 *         reset loop, a hardware watchdog before the firmware said a word)
 *   400s  symptoms: watchdog resets, RTC-watchdog boot loops
 *   100s  ordinary resets and documented silicon quirks, said as such
 *
 * A cause found makes its symptoms redundant, so they are dropped (a
 * brown-out beats "watchdog reset", an erased bootloader slot its boot
 * loop).  Findings that need the whole log (nothing after the reset line,
 * a reset loop with no message) wait for the flush.
 *
 * The confidence is high only where the log itself names the cause; what
 * an expert would read from the pattern of a log is medium, a guess low.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-private.h"

/* Boots that make a loop. */
#define LOOP_BOOTS 2
/* Scores: see the comment at the top. */
#define SCORE_ROM 800
#define SCORE_NOTE 300
#define SCORE_SYMPTOM_MAX 500

typedef enum
{
  VARIANT_NONE,
  /* download mode */
  VARIANT_DELIBERATE,
  VARIANT_LATCHED,
  /* reset loops and benign resets */
  VARIANT_POWER,
  VARIANT_SOFTWARE,
  VARIANT_WATCHDOG,
  VARIANT_HOST,
  VARIANT_DEEP_SLEEP,
  VARIANT_EXTERNAL,
  /* flash mode */
  VARIANT_QIO_BOOTLOADER,
  VARIANT_GARBAGE,
  VARIANT_CRASH,
  /* crashes */
  VARIANT_STACK,
  VARIANT_HEAP,
  /* watchdogs */
  VARIANT_TASK,
  VARIANT_INTERRUPT,
  VARIANT_SOFT,
  VARIANT_HARDWARE,
  VARIANT_SILENT,
  /* partition table */
  VARIANT_TOO_SMALL,
  /* bootloader slot */
  VARIANT_TEXT,
  VARIANT_IMAGE,
  VARIANT_ENCRYPTED,
  VARIANT_ZEROS,
  VARIANT_READ_ERR,
  VARIANT_IO,
  /* ESP8266 init data and parameters */
  VARIANT_WRONG_DATA,
  /* a lone ESP8266 banner */
  VARIANT_LONE,
} Variant;

typedef struct
{
  KilnBootDiagnosisKind kind;
  const char           *cause;
  gint                  score;
  KilnBootConfidence    confidence;
  KilnBootSeverity      severity;
  KilnBootEvent        *evidence;   /* borrowed */
  Variant               variant;
} Finding;

/* ---- evidence helpers ---------------------------------------------------- */

static gboolean
have (KilnBootlogDecoder *self,
      KilnBootEventKind   kind)
{
  return self->count[kind] > 0;
}

static KilnBootRecord *
boot_nth (KilnBootlogDecoder *self,
          guint               i)
{
  return &g_array_index (self->boots, KilnBootRecord, i);
}

static guint
n_boots (KilnBootlogDecoder *self)
{
  return self->boots->len;
}

static guint32
bootloader_offset (KilnBootlogDecoder *self)
{
  return self->chip != NULL ? self->chip->bootloader_offset : 0x1000;
}

static const char *
boot_pin (KilnBootlogDecoder *self)
{
  return self->chip != NULL ? self->chip->boot_pin : "GPIO0";
}

static gboolean
is_esp32 (KilnBootlogDecoder *self)
{
  return self->chip != NULL && g_str_equal (self->chip->chip, "esp32");
}

static void
add (GArray                *findings,
     KilnBootDiagnosisKind  kind,
     const char            *cause,
     gint                   score,
     KilnBootConfidence     confidence,
     KilnBootEvent         *evidence,
     Variant                variant)
{
  Finding f = { kind, cause, score, confidence, KILN_BOOT_SEVERITY_ERROR, evidence, variant };

  for (guint i = 0; i < findings->len; i++)
    {
      Finding *g = &g_array_index (findings, Finding, i);
      if (g->kind == kind)
        {
          if (score > g->score)
            *g = f;
          return;
        }
    }
  g_array_append_val (findings, f);
}

static Finding *
find (GArray                *findings,
      KilnBootDiagnosisKind  kind)
{
  for (guint i = 0; i < findings->len; i++)
    if (g_array_index (findings, Finding, i).kind == kind)
      return &g_array_index (findings, Finding, i);
  return NULL;
}

/* The strap value of the last reset line that had one. */
static gboolean
last_strap (KilnBootlogDecoder *self,
            guint32            *strap)
{
  for (guint i = n_boots (self); i-- > 0;)
    {
      KilnBootRecord *b = boot_nth (self, i);
      if (b->reset != NULL && b->reset->family == KILN_BOOT_FAMILY_ESP32 && b->reset->values[2])
        {
          *strap = (guint32) b->reset->values[1];
          return TRUE;
        }
    }
  return FALSE;
}

/* The voltage strap was high in a boot from flash. */
static gboolean
flash_voltage_strap_high (KilnBootlogDecoder *self)
{
  const KilnBootStrap *b = kiln_bootlog_strap_by_role (self->chip, KILN_STRAP_FLASH_VOLT);
  guint32 strap;

  return b != NULL && last_strap (self, &strap) && (strap & b->bit) != 0;
}

static gboolean
text_has (const KilnBootEvent *e,
          const char          *part)
{
  g_autofree char *low = NULL;

  if (e == NULL)
    return FALSE;
  low = g_ascii_strdown (e->text, -1);
  return strstr (low, part) != NULL;
}

static gboolean
name_has (const KilnBootEvent *e,
          const char          *part)
{
  g_autofree char *low = NULL;

  if (e == NULL || e->name == NULL)
    return FALSE;
  low = g_ascii_strdown (e->name, -1);
  return strstr (low, part) != NULL;
}

/* Any line of the firmware's own anywhere in the log. */
static gboolean
firmware_spoke (KilnBootlogDecoder *self)
{
  for (guint i = 0; i < n_boots (self); i++)
    if (boot_nth (self, i)->n_app_lines > 0 || boot_nth (self, i)->app_started
        || boot_nth (self, i)->app_garbled)
      return TRUE;
  /* Before the first reset line too. */
  return self->n_text_lines > 0;
}

/* ESP32 errata 3.1: on early revisions a watchdog resets the chip once,
 * right after power-up or a wake from deep sleep, before the ROM printed
 * anything; the boot that follows is normal.  Returns the index of that
 * spurious watchdog boot, or -1. */
static gint
spurious_watchdog_boot (KilnBootlogDecoder *self)
{
  for (guint i = 0; i + 1 < n_boots (self); i++)
    {
      KilnBootRecord *first = boot_nth (self, i);
      KilnBootRecord *next = boot_nth (self, i + 1);

      if (!is_esp32 (self) || first->reset == NULL || next->reset == NULL
          || first->mode != KILN_BOOT_MODE_FLASH || first->n_lines > 0)
        continue;
      if ((first->reset_class == KILN_RESET_CLASS_POWER_ON
           || first->reset_class == KILN_RESET_CLASS_DEEP_SLEEP)
          && (next->reset_class == KILN_RESET_CLASS_WATCHDOG
              || next->reset_class == KILN_RESET_CLASS_RTC_WATCHDOG)
          && !next->read_failed && next->n_errors == 0)
        return (gint) i + 1;
    }
  return -1;
}

/* ---- the rules ------------------------------------------------------------ */

/* The ESP8266 NONOS SDK's own checks. */
static void
rules_sdk (KilnBootlogDecoder *self,
           GArray             *out)
{
  KilnBootEvent *rf_cal = self->first[KILN_BOOT_EVENT_RF_CAL_ERROR];
  KilnBootEvent *param = self->first[KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR];

  if (have (self, KILN_BOOT_EVENT_MAP_MISMATCH))
    add (out, KILN_BOOT_DIAG_FLASH_MAP_MISMATCH, "flash-map-mismatch", 950,
         KILN_BOOT_CONFIDENCE_HIGH, self->first[KILN_BOOT_EVENT_MAP_MISMATCH], VARIANT_NONE);
  else if (have (self, KILN_BOOT_EVENT_PARTITION_TABLE_FAIL) || (param != NULL && !param->values[0]))
    add (out, KILN_BOOT_DIAG_SYSTEM_PARAM, "sdk-init-data-or-param", 920,
         KILN_BOOT_CONFIDENCE_MEDIUM,
         param != NULL ? param : self->first[KILN_BOOT_EVENT_PARTITION_TABLE_FAIL], VARIANT_NONE);

  /* The init data's first byte must be 0x05.  An erased sector (0xFF) is
   * missing init data; anything else is data of another kind where the
   * SDK looks, because the flash size setting points it elsewhere or the
   * sectors are stale. */
  if (rf_cal != NULL && rf_cal->values[1] == 0xff)
    add (out, KILN_BOOT_DIAG_INIT_DATA_MISSING, "missing-init-data", 940,
         KILN_BOOT_CONFIDENCE_HIGH, rf_cal, VARIANT_NONE);
  else if (rf_cal != NULL)
    add (out, KILN_BOOT_DIAG_SYSTEM_PARAM, "sdk-init-data-or-param", 930,
         KILN_BOOT_CONFIDENCE_MEDIUM, param != NULL ? param : rf_cal, VARIANT_WRONG_DATA);
}

static void
rules_firmware_messages (KilnBootlogDecoder *self,
                         GArray             *out)
{
  KilnBootEvent *e;

  if (have (self, KILN_BOOT_EVENT_DOWNLOAD_DISABLED))
    add (out, KILN_BOOT_DIAG_DOWNLOAD_DISABLED, "download-mode-disabled", 960,
         KILN_BOOT_CONFIDENCE_HIGH, self->first[KILN_BOOT_EVENT_DOWNLOAD_DISABLED], VARIANT_NONE);
  if (have (self, KILN_BOOT_EVENT_BROWNOUT))
    add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 930, KILN_BOOT_CONFIDENCE_HIGH,
         self->first[KILN_BOOT_EVENT_BROWNOUT], VARIANT_NONE);
  if (have (self, KILN_BOOT_EVENT_CHIP_MISMATCH))
    add (out, KILN_BOOT_DIAG_WRONG_CHIP, "image-for-other-chip", 925, KILN_BOOT_CONFIDENCE_HIGH,
         self->first[KILN_BOOT_EVENT_CHIP_MISMATCH], VARIANT_NONE);
  e = self->first[KILN_BOOT_EVENT_SECURITY];
  if (e != NULL)
    add (out, KILN_BOOT_DIAG_SECURITY, text_has (e, "ncrypt") ? "flash-encryption" : "secure-boot",
         920, KILN_BOOT_CONFIDENCE_HIGH, e, text_has (e, "ncrypt") ? VARIANT_ENCRYPTED
                                                                   : VARIANT_NONE);

  /* "Detected size(…) smaller than the size in the binary image header",
   * or a partition past the end of the flash. */
  e = self->first[KILN_BOOT_EVENT_FLASH_SIZE];
  if (e != NULL && !e->values[2])
    e = self->last[KILN_BOOT_EVENT_FLASH_SIZE];
  if (e != NULL && e->values[2])
    add (out, KILN_BOOT_DIAG_FLASH_SIZE, "flash-size-mismatch", 910, KILN_BOOT_CONFIDENCE_HIGH, e,
         VARIANT_NONE);

  if (have (self, KILN_BOOT_EVENT_PARTITION_ERROR))
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 880,
         KILN_BOOT_CONFIDENCE_HIGH, self->first[KILN_BOOT_EVENT_PARTITION_ERROR], VARIANT_NONE);
  if (have (self, KILN_BOOT_EVENT_NO_APP))
    add (out, KILN_BOOT_DIAG_NO_APP, "no-app-partition", 875, KILN_BOOT_CONFIDENCE_HIGH,
         self->first[KILN_BOOT_EVENT_NO_APP], VARIANT_NONE);
  /* "… falling back to factory": the boot goes on, so a real failure
   * elsewhere ranks first. */
  e = self->first[KILN_BOOT_EVENT_OTA_ERROR];
  if (e != NULL)
    add (out, KILN_BOOT_DIAG_OTA, "ota-data-invalid", text_has (e, "falling back") ? 650 : 870,
         KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_NONE);
  e = self->first[KILN_BOOT_EVENT_IMAGE_ERROR];
  if (e != NULL && text_has (e, "fit in partition"))
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 860,
         KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_TOO_SMALL);
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_CHECKSUM, "checksum-error", 830, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_NONE);
  /* The firmware's own flash reads and writes failing (a file system that
   * cannot keep its files): a flash chip it does not handle, or a bad one. */
  if (have (self, KILN_BOOT_EVENT_FLASH_IO))
    add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 720,
         KILN_BOOT_CONFIDENCE_MEDIUM, self->first[KILN_BOOT_EVENT_FLASH_IO], VARIANT_IO);
  /* A build that expects PSRAM on a module without it. */
  if (have (self, KILN_BOOT_EVENT_PSRAM_ERROR))
    add (out, KILN_BOOT_DIAG_PSRAM, "wrong-board-settings", 860, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_PSRAM_ERROR], VARIANT_NONE);
}

/* What the strapping pins chose. */
static void
rules_straps (KilnBootlogDecoder *self,
              GArray             *out)
{
  KilnBootRecord *download = NULL;
  KilnBootEvent *evidence;
  gboolean later_flash_boot = FALSE;
  gboolean latched = FALSE;

  if (have (self, KILN_BOOT_EVENT_WAITING_FOR_HOST))
    add (out, KILN_BOOT_DIAG_SDIO_BOOT, "gpio15-high-sdio", 960, KILN_BOOT_CONFIDENCE_HIGH,
         self->first[KILN_BOOT_EVENT_WAITING_FOR_HOST], VARIANT_NONE);

  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (b->mode == KILN_BOOT_MODE_SDIO)
        add (out, KILN_BOOT_DIAG_SDIO_BOOT, "gpio15-high-sdio", 960, KILN_BOOT_CONFIDENCE_HIGH,
             b->reset, VARIANT_NONE);
      else if (b->mode == KILN_BOOT_MODE_OTHER && b->reset != NULL)
        add (out, KILN_BOOT_DIAG_BOOT_STRAPS,
             b->reset->family == KILN_BOOT_FAMILY_ESP8266 ? "gpio2-low" : "bad-strapping", 905,
             KILN_BOOT_CONFIDENCE_HIGH, b->reset, VARIANT_NONE);
      else if (b->mode == KILN_BOOT_MODE_DOWNLOAD)
        {
          download = b;
          later_flash_boot = FALSE;
          /* Download mode that the chip restarted into by itself: a
           * software or watchdog reset does not sample the straps again,
           * so they are still those of the upload (the ESP8266 ROM keeps
           * the old reset cause, but prints "wdt reset"). */
          if (b->reset != NULL
              && (b->reset_class == KILN_RESET_CLASS_SOFTWARE
                  || b->reset_class == KILN_RESET_CLASS_WATCHDOG || b->wdt_reset
                  || (b->reset_class == KILN_RESET_CLASS_HOST
                      && b->reset->family == KILN_BOOT_FAMILY_ESP32)))
            latched = TRUE;
        }
      else if (b->mode == KILN_BOOT_MODE_FLASH && download != NULL)
        later_flash_boot = TRUE;
    }
  if (download == NULL && !have (self, KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD))
    return;
  evidence = download != NULL && download->reset != NULL
             ? download->reset : self->first[KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD];

  /* Download mode followed by a normal boot was somebody flashing. */
  if (later_flash_boot)
    add (out, KILN_BOOT_DIAG_DOWNLOAD_MODE, "normal-boot", 120, KILN_BOOT_CONFIDENCE_MEDIUM,
         evidence, VARIANT_DELIBERATE);
  else if (latched)
    add (out, KILN_BOOT_DIAG_DOWNLOAD_MODE, "restart-after-serial-flash", 780,
         KILN_BOOT_CONFIDENCE_MEDIUM, evidence, VARIANT_LATCHED);
  else
    add (out, KILN_BOOT_DIAG_DOWNLOAD_MODE, "download-mode-gpio0-low", 760,
         KILN_BOOT_CONFIDENCE_HIGH, evidence, VARIANT_NONE);
}

/* The word the ROM found where the bootloader should start: its bytes say
 * what was written there. */
static void
rule_invalid_header (KilnBootlogDecoder *self,
                     GArray             *out,
                     KilnBootEvent      *header)
{
  guint32 word = (guint32) header->values[0];
  gboolean text = TRUE;

  for (guint i = 0; i < 4; i++)
    {
      guint8 c = (guint8) (word >> (8 * i));
      if (c < 0x20 || c > 0x7e)
        text = FALSE;
    }
  if (word == 0xffffffff)
    add (out, KILN_BOOT_DIAG_EMPTY_FLASH, "empty-flash", 860, KILN_BOOT_CONFIDENCE_MEDIUM, header,
         VARIANT_NONE);
  else if (word == 0)
    add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_ZEROS);
  else if (text)
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_TEXT);
  else if ((word & 0xff) == 0xe9 || (word & 0xff) == 0xea)
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_IMAGE);
  else if (bootloader_offset (self) == 0x2000)
    /* Chips that read the bootloader from 0x2000 (C5, P4): code there is
     * most often a bootloader written at 0x0, as for the chips before. */
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "wrong-bootloader-offset", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_IMAGE);
  else
    /* Data that looks random, the same at every try: a plain image read
     * through flash decryption looks exactly so. */
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "flash-encryption", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_ENCRYPTED);
}

/* What the ROM could not read or load. */
static void
rules_rom (KilnBootlogDecoder *self,
           GArray             *out)
{
  KilnBootEvent *header = self->first[KILN_BOOT_EVENT_INVALID_HEADER];
  KilnBootEvent *read_err = self->first[KILN_BOOT_EVENT_FLASH_READ_ERR];
  KilnBootRecord *first_boot = n_boots (self) > 0 ? boot_nth (self, 0) : NULL;
  gboolean voltage = flash_voltage_strap_high (self);
  gboolean any_loaded = FALSE;

  /* A 1.8 V flash supply selected by a strap: a 3.3 V flash then reads as
   * ones or not at all.  Modules with 1.8 V flash need the strap high and
   * boot fine, so only a failed read makes it the cause. */
  if (voltage && (read_err != NULL || (header != NULL && (header->values[0] == 0xffffffff
                                                          || header->values[0] == 0))
                  || have (self, KILN_BOOT_EVENT_CHECKSUM_FAILURE)))
    add (out, KILN_BOOT_DIAG_FLASH_VOLTAGE,
         is_esp32 (self) ? "flash-voltage-gpio12" : "bad-strapping", 935,
         KILN_BOOT_CONFIDENCE_HIGH, self->last[KILN_BOOT_EVENT_RESET], VARIANT_NONE);

  if (header != NULL)
    rule_invalid_header (self, out, header);

  /* "flash read err": nothing the ROM can use at the bootloader offset.
   * When the chip ran before and a watchdog of the firmware reset it, the
   * flash went unreadable while running: the supply. */
  if (read_err != NULL && first_boot != NULL && first_boot->reset != NULL
      && (first_boot->reset_class == KILN_RESET_CLASS_WATCHDOG
          || first_boot->reset_class == KILN_RESET_CLASS_GLITCH))
    add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 850, KILN_BOOT_CONFIDENCE_MEDIUM, read_err,
         VARIANT_READ_ERR);
  else if (read_err != NULL)
    add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "missing-bootloader", 845,
         KILN_BOOT_CONFIDENCE_MEDIUM, read_err, VARIANT_READ_ERR);

  if (have (self, KILN_BOOT_EVENT_CHECKSUM_FAILURE))
    add (out, KILN_BOOT_DIAG_CHECKSUM, "checksum-error", 830, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_CHECKSUM_FAILURE], VARIANT_NONE);
  if (have (self, KILN_BOOT_EVENT_CSUM_ERR))
    add (out, KILN_BOOT_DIAG_CHECKSUM, "checksum-error", 830, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_CSUM_ERR], VARIANT_NONE);
  {
    static const KilnBootEventKind sums[] = { KILN_BOOT_EVENT_CHKSUM, KILN_BOOT_EVENT_CSUM };

    for (guint k = 0; k < G_N_ELEMENTS (sums); k++)
      {
        KilnBootEvent *e = self->last[sums[k]];
        if (e != NULL && e->severity == KILN_BOOT_SEVERITY_ERROR)
          add (out, KILN_BOOT_DIAG_CHECKSUM, "checksum-error", 830, KILN_BOOT_CONFIDENCE_MEDIUM,
               e, VARIANT_NONE);
      }
  }

  for (guint i = 0; i < n_boots (self); i++)
    any_loaded |= boot_nth (self, i)->n_loads > 0;
  /* An ESP32-family ROM that gave up ("ets_main.c 384") without saying why
   * and without loading a segment: nothing it could start. */
  for (guint i = 0; i < n_boots (self) && header == NULL && read_err == NULL; i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (b->reset != NULL && b->reset->family == KILN_BOOT_FAMILY_ESP32 && b->rom_halted
          && b->n_loads == 0 && !b->read_failed && b->mode == KILN_BOOT_MODE_FLASH)
        {
          add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "missing-bootloader", 700,
               KILN_BOOT_CONFIDENCE_LOW, self->first[KILN_BOOT_EVENT_ROM_HALT], VARIANT_READ_ERR);
          break;
        }
    }
  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);
      gboolean ended = i + 1 < n_boots (self) || self->finished;

      if (b->reset == NULL || b->reset->family != KILN_BOOT_FAMILY_ESP8266)
        continue;
      /* A wake from deep sleep that stops in the ROM: the wake-up reset
       * does not reach the chip as it should (GPIO16 to RST). */
      if (b->reset_class == KILN_RESET_CLASS_DEEP_SLEEP && (b->rom_halted || b->read_failed))
        add (out, KILN_BOOT_DIAG_DEEP_SLEEP_WIRING, "deep-sleep-wiring", 820,
             KILN_BOOT_CONFIDENCE_MEDIUM, b->reset, VARIANT_NONE);
      /* A boot from flash that loaded nothing.  Copies of logs often stop
       * after the first line, so this waits for the next boot or the end
       * and is a guess.  Right after a write it means no image at 0x0
       * (Espressif's FAQ); a lone power-on line in a pasted log is more
       * often a chip that keeps losing power. */
      /* The ROM gave up ("ets_main.c") without loading a segment: there is
       * no image at 0x0 it can start. */
      else if (b->mode == KILN_BOOT_MODE_FLASH && b->n_loads == 0 && !b->read_failed
               && b->rom_halted)
        add (out, KILN_BOOT_DIAG_NO_BOOTLOADER, "empty-flash", SCORE_ROM,
             KILN_BOOT_CONFIDENCE_MEDIUM, b->reset, VARIANT_NONE);
      else if (ended && b->mode == KILN_BOOT_MODE_FLASH && !any_loaded && !b->read_failed
               && b->n_lines == 0 && !have (self, KILN_BOOT_EVENT_NO_APP))
        {
          if (!self->expect_app && n_boots (self) == 1
              && b->reset_class == KILN_RESET_CLASS_POWER_ON)
            add (out, KILN_BOOT_DIAG_RESET_LOOP, "reset-loop-power", SCORE_NOTE,
                 KILN_BOOT_CONFIDENCE_LOW, b->reset, VARIANT_LONE);
          else
            add (out, KILN_BOOT_DIAG_NO_BOOTLOADER, "empty-flash", SCORE_NOTE,
                 KILN_BOOT_CONFIDENCE_LOW, b->reset, VARIANT_NONE);
        }
    }
}

/* A header asking for a quad flash mode, and the flash returning nonsense
 * or the firmware never running: this flash (or its wiring: an ESP8285,
 * modules that use the pins otherwise) cannot do it. */
static void
rules_flash_mode (KilnBootlogDecoder *self,
                  GArray             *out)
{
  guint stuck = 0;
  KilnBootEvent *evidence = NULL;

  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);
      gboolean ended = i + 1 < n_boots (self) || self->finished;

      /* The ROM read garbage after a header asking for quad mode. */
      if (b->header_quad && b->read_garbage)
        add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 880, KILN_BOOT_CONFIDENCE_MEDIUM,
             b->garbage, VARIANT_GARBAGE);
      /* ESP8266: the first segment loads, then zeros ("load 0x00000000,
       * len 0") and a checksum error: the ROM's reads went wrong after the
       * header set the mode. */
      else if (b->reset != NULL && b->reset->family == KILN_BOOT_FAMILY_ESP8266 && b->read_garbage)
        add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 840, KILN_BOOT_CONFIDENCE_MEDIUM,
             b->garbage, VARIANT_GARBAGE);
      /* An instruction the CPU cannot run, before the firmware said a
       * word: its code was read wrongly from flash. */
      if (b->crash_before_app && b->rom_done)
        {
          KilnBootEvent *e = self->first[KILN_BOOT_EVENT_FATAL_EXCEPTION];
          if (e != NULL && (e->values[0] == 0 || e->values[0] == 2))
            add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 760,
                 KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_CRASH);
        }
      if (ended && b->header_quad && b->second_stage && !b->app_started && b->n_errors == 0
          && b->n_app_lines == 0 && b->n_garbled == 0)
        {
          stuck++;
          if (evidence == NULL)
            evidence = self->first[KILN_BOOT_EVENT_SDK_SPI_MODE];
        }
    }
  if (stuck >= 1 && evidence != NULL && (stuck >= LOOP_BOOTS || n_boots (self) == 1))
    add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 780, KILN_BOOT_CONFIDENCE_MEDIUM,
         evidence, VARIANT_NONE);
  if (have (self, KILN_BOOT_EVENT_QIO_ERROR))
    add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 600, KILN_BOOT_CONFIDENCE_LOW,
         self->first[KILN_BOOT_EVENT_QIO_ERROR], VARIANT_QIO_BOOTLOADER);
}

/* Resets whose reason says why. */
static void
rules_reset_reasons (KilnBootlogDecoder *self,
                     GArray             *out)
{
  gint spurious = spurious_watchdog_boot (self);
  gboolean hardware_wdt = FALSE;
  KilnBootEvent *wdt_evidence = NULL;

  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (b->reset == NULL || (gint) i == spurious)
        continue;
      /* A restart the firmware announced ("Rebooting...", AT+RST) may come
       * as a watchdog reset: old AT firmware restarts that way. */
      if (b->requested)
        continue;
      switch (b->reset_class)
        {
        case KILN_RESET_CLASS_BROWNOUT:
          add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 900, KILN_BOOT_CONFIDENCE_HIGH, b->reset,
               VARIANT_NONE);
          break;
        case KILN_RESET_CLASS_GLITCH:
          add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 700, KILN_BOOT_CONFIDENCE_MEDIUM,
               b->reset, VARIANT_NONE);
          break;
        case KILN_RESET_CLASS_WATCHDOG:
          if (wdt_evidence == NULL)
            wdt_evidence = b->reset;
          hardware_wdt = TRUE;
          break;
        case KILN_RESET_CLASS_UNKNOWN:
        case KILN_RESET_CLASS_POWER_ON:
        case KILN_RESET_CLASS_EXTERNAL:
        case KILN_RESET_CLASS_SOFTWARE:
        case KILN_RESET_CLASS_DEEP_SLEEP:
        case KILN_RESET_CLASS_RTC_WATCHDOG:
        case KILN_RESET_CLASS_HOST:
        case KILN_RESET_CLASS_OTHER:
        default:
          break;
        }
      if (b->wdt_reset && wdt_evidence == NULL)
        wdt_evidence = self->first[KILN_BOOT_EVENT_WDT_RESET];
      hardware_wdt |= b->wdt_reset;
    }
  if (!hardware_wdt)
    return;
  /* A hardware watchdog before the firmware ever printed a line: it cannot
   * run at all, which on an ESP8266 is the flash settings (mode, size) or
   * the board chosen for the build, not a hang in its code. */
  if (!firmware_spoke (self) && self->family == KILN_BOOT_FAMILY_ESP8266)
    add (out, KILN_BOOT_DIAG_WATCHDOG, "wrong-board-settings", 600, KILN_BOOT_CONFIDENCE_MEDIUM,
         wdt_evidence, VARIANT_SILENT);
  else
    add (out, KILN_BOOT_DIAG_WATCHDOG, "hardware-watchdog", 450, KILN_BOOT_CONFIDENCE_MEDIUM,
         wdt_evidence, VARIANT_HARDWARE);
}

/* The running firmware failed. */
static void
rules_firmware (KilnBootlogDecoder *self,
                GArray             *out)
{
  KilnBootEvent *guru = self->first[KILN_BOOT_EVENT_GURU_MEDITATION];
  KilnBootEvent *wdt = self->first[KILN_BOOT_EVENT_TASK_WDT];
  KilnBootEvent *panics[2] = { self->first[KILN_BOOT_EVENT_PANIC], self->last[KILN_BOOT_EVENT_PANIC] };

  if (wdt != NULL && text_has (wdt, "soft wdt"))
    add (out, KILN_BOOT_DIAG_WATCHDOG, "soft-watchdog", 650, KILN_BOOT_CONFIDENCE_MEDIUM, wdt,
         VARIANT_SOFT);
  else if (wdt != NULL && text_has (wdt, "interrupt"))
    add (out, KILN_BOOT_DIAG_WATCHDOG, "interrupt-watchdog", 650, KILN_BOOT_CONFIDENCE_MEDIUM, wdt,
         VARIANT_INTERRUPT);
  else if (wdt != NULL)
    add (out, KILN_BOOT_DIAG_WATCHDOG, "task-watchdog", 650, KILN_BOOT_CONFIDENCE_MEDIUM, wdt,
         VARIANT_TASK);
  if (guru != NULL && name_has (guru, "wdt"))
    add (out, KILN_BOOT_DIAG_WATCHDOG,
         name_has (guru, "interrupt") ? "interrupt-watchdog" : "task-watchdog", 660,
         KILN_BOOT_CONFIDENCE_MEDIUM, guru,
         name_has (guru, "interrupt") ? VARIANT_INTERRUPT : VARIANT_TASK);
  /* The hardware stack guard ("Stack protection fault"), and on RISC-V
   * chips the end-of-stack watchpoint, which panics as a "Breakpoint" (a
   * name Xtensa panics do not use, so without a banner it still says
   * RISC-V). */
  else if (guru != NULL && (name_has (guru, "stack")
                            || ((self->chip == NULL || self->chip->riscv)
                                && name_has (guru, "breakpoint"))))
    add (out, KILN_BOOT_DIAG_CRASH, "stack-overflow", 710, KILN_BOOT_CONFIDENCE_MEDIUM, guru,
         VARIANT_STACK);
  else if (guru != NULL)
    add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 700, KILN_BOOT_CONFIDENCE_MEDIUM, guru,
         VARIANT_NONE);
  if (have (self, KILN_BOOT_EVENT_FATAL_EXCEPTION))
    add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 700, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_FATAL_EXCEPTION], VARIANT_NONE);
  for (guint i = 0; i < G_N_ELEMENTS (panics); i++)
    {
      KilnBootEvent *panic = panics[i];

      if (panic == NULL)
        continue;
      /* Stack smashing protection catches a write past a local array: a
       * bug in the code, not a stack too small. */
      if (text_has (panic, "stack") && !text_has (panic, "smashing"))
        add (out, KILN_BOOT_DIAG_CRASH, "stack-overflow", 720, KILN_BOOT_CONFIDENCE_MEDIUM, panic,
             VARIANT_STACK);
      else if (text_has (panic, "heap"))
        add (out, KILN_BOOT_DIAG_CRASH, "heap-corruption", 720, KILN_BOOT_CONFIDENCE_MEDIUM,
             panic, VARIANT_HEAP);
      else
        add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 700, KILN_BOOT_CONFIDENCE_MEDIUM, panic,
             VARIANT_NONE);
    }
}

/* Several boots in a row. */
static void
rules_loops (KilnBootlogDecoder *self,
             GArray             *out)
{
  guint rtc_loop = 0, silent = 0;
  KilnResetClass klass = KILN_RESET_CLASS_UNKNOWN;
  gboolean same_class = TRUE;
  KilnBootEvent *evidence = NULL;

  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (b->reset == NULL || b->mode != KILN_BOOT_MODE_FLASH)
        continue;
      if (b->reset_class == KILN_RESET_CLASS_RTC_WATCHDOG && b->read_failed)
        rtc_loop++;
      /* A boot that ended in another boot without a word from the
       * firmware. */
      if (i + 1 < n_boots (self) && b->n_errors == 0 && !b->app_ready && b->n_crashes == 0)
        {
          KilnBootRecord *next = boot_nth (self, i + 1);

          if (next->reset != NULL)
            {
              if (silent == 0)
                {
                  klass = next->reset_class;
                  evidence = next->reset;
                }
              else if (next->reset_class != klass)
                same_class = FALSE;
              silent++;
            }
        }
    }
  if (rtc_loop >= LOOP_BOOTS)
    add (out, KILN_BOOT_DIAG_BOOT_LOOP, "hardware-watchdog", 400, KILN_BOOT_CONFIDENCE_LOW,
         self->last[KILN_BOOT_EVENT_RESET], VARIANT_NONE);

  if (silent < LOOP_BOOTS || !self->finished || spurious_watchdog_boot (self) >= 0)
    return;
  switch (same_class ? klass : KILN_RESET_CLASS_UNKNOWN)
    {
    case KILN_RESET_CLASS_POWER_ON:
    case KILN_RESET_CLASS_EXTERNAL:
    case KILN_RESET_CLASS_BROWNOUT:
    case KILN_RESET_CLASS_GLITCH:
      /* The chip loses power or EN drops: the supply. */
      add (out, KILN_BOOT_DIAG_RESET_LOOP, "reset-loop-power", 620, KILN_BOOT_CONFIDENCE_MEDIUM,
           evidence, VARIANT_POWER);
      break;
    case KILN_RESET_CLASS_WATCHDOG:
    case KILN_RESET_CLASS_RTC_WATCHDOG:
      add (out, KILN_BOOT_DIAG_RESET_LOOP, "hardware-watchdog", 600, KILN_BOOT_CONFIDENCE_LOW,
           evidence, VARIANT_WATCHDOG);
      break;
    case KILN_RESET_CLASS_SOFTWARE:
      add (out, KILN_BOOT_DIAG_RESET_LOOP, "app-crash", 600, KILN_BOOT_CONFIDENCE_LOW, evidence,
           VARIANT_SOFTWARE);
      break;
    case KILN_RESET_CLASS_UNKNOWN:
    case KILN_RESET_CLASS_DEEP_SLEEP:
    case KILN_RESET_CLASS_HOST:
    case KILN_RESET_CLASS_OTHER:
    default:
      add (out, KILN_BOOT_DIAG_RESET_LOOP, "reset-loop-power", 580, KILN_BOOT_CONFIDENCE_LOW,
           evidence, VARIANT_NONE);
      break;
    }
}

/* Garbage at another rate: a hint for reading the log, not a cause. */
static void
rules_baud (KilnBootlogDecoder *self,
            GArray             *out)
{
  KilnBootEvent *e = self->first[KILN_BOOT_EVENT_WRONG_BAUD];

  if (e != NULL)
    add (out, KILN_BOOT_DIAG_WRONG_BAUD, "wrong-baud", 140, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_NONE);
}

/* When nothing above fired: an ordinary reset, a documented quirk, or error
 * lines no rule knows. */
static void
rules_benign (KilnBootlogDecoder *self,
              GArray             *out)
{
  gint spurious = spurious_watchdog_boot (self);
  KilnBootRecord *last = n_boots (self) > 0 ? boot_nth (self, n_boots (self) - 1) : NULL;
  KilnBootEvent *evidence = NULL;
  Variant variant = VARIANT_NONE;
  guint errors = 0;

  if (self->first_error_line != NULL)
    add (out, KILN_BOOT_DIAG_UNEXPLAINED, "unknown", 250, KILN_BOOT_CONFIDENCE_LOW,
         self->first_error_line, VARIANT_NONE);

  if (spurious > 0)
    {
      KilnBootRecord *before = boot_nth (self, (guint) spurious - 1);
      add (out, KILN_BOOT_DIAG_ERRATUM,
           before->reset_class == KILN_RESET_CLASS_DEEP_SLEEP ? "deep-sleep-wake" : "normal-boot",
           170, KILN_BOOT_CONFIDENCE_MEDIUM, boot_nth (self, (guint) spurious)->reset,
           before->reset_class == KILN_RESET_CLASS_DEEP_SLEEP ? VARIANT_DEEP_SLEEP : VARIANT_POWER);
    }

  for (guint i = 0; i < n_boots (self); i++)
    errors += boot_nth (self, i)->n_errors;
  /* The firmware saying it woke from deep sleep, with or without the ROM's
   * lines. */
  if (have (self, KILN_BOOT_EVENT_WAKE) && errors == 0 && self->first_error_line == NULL)
    {
      add (out, KILN_BOOT_DIAG_BENIGN_RESET, "deep-sleep-wake", 150, KILN_BOOT_CONFIDENCE_MEDIUM,
           self->first[KILN_BOOT_EVENT_WAKE], VARIANT_DEEP_SLEEP);
      return;
    }
  if (last == NULL || last->reset == NULL || last->mode != KILN_BOOT_MODE_FLASH || errors > 0
      || !(last->rom_done || last->second_stage || last->app_started || last->n_lines > 0))
    return;
  /* The kind of reset that started the log says what it shows: a wake
   * from deep sleep, a restart by the firmware or a tool, or a power-up. */
  for (guint i = 0; i < n_boots (self) && variant == VARIANT_NONE; i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (b->reset == NULL)
        continue;
      evidence = b->reset;
      if (b->requested)
        {
          variant = VARIANT_SOFTWARE;
          break;
        }
      switch (b->reset_class)
        {
        case KILN_RESET_CLASS_POWER_ON: variant = VARIANT_POWER; break;
        case KILN_RESET_CLASS_EXTERNAL: variant = VARIANT_EXTERNAL; break;
        case KILN_RESET_CLASS_SOFTWARE: variant = VARIANT_SOFTWARE; break;
        case KILN_RESET_CLASS_DEEP_SLEEP: variant = VARIANT_DEEP_SLEEP; break;
        case KILN_RESET_CLASS_HOST: variant = VARIANT_HOST; break;
        case KILN_RESET_CLASS_UNKNOWN:
        case KILN_RESET_CLASS_WATCHDOG:
        case KILN_RESET_CLASS_RTC_WATCHDOG:
        case KILN_RESET_CLASS_BROWNOUT:
        case KILN_RESET_CLASS_GLITCH:
        case KILN_RESET_CLASS_OTHER:
        default:
          break;
        }
    }
  switch (variant)
    {
    case VARIANT_DEEP_SLEEP:
      add (out, KILN_BOOT_DIAG_BENIGN_RESET, "deep-sleep-wake", 150, KILN_BOOT_CONFIDENCE_MEDIUM,
           evidence, variant);
      break;
    case VARIANT_SOFTWARE:
      add (out, KILN_BOOT_DIAG_BENIGN_RESET, "software-restart", 150, KILN_BOOT_CONFIDENCE_MEDIUM,
           evidence, variant);
      break;
    /* A reset over USB is a reset from outside, as the button's: on boards
     * with USB-Serial/JTAG the ROM reports even the button that way. */
    case VARIANT_HOST:
    case VARIANT_POWER:
    case VARIANT_EXTERNAL:
      add (out, KILN_BOOT_DIAG_BENIGN_RESET, "normal-boot", 150, KILN_BOOT_CONFIDENCE_MEDIUM,
           evidence, variant);
      break;
    default:
      break;
    }
}

/* A cause found makes the symptoms it explains redundant. */
static void
drop_symptoms (GArray *findings)
{
  gint best = 0;

  for (guint i = 0; i < findings->len; i++)
    best = MAX (best, g_array_index (findings, Finding, i).score);
  for (guint i = findings->len; i-- > 0;)
    {
      Finding *f = &g_array_index (findings, Finding, i);
      gboolean symptom = f->score <= SCORE_SYMPTOM_MAX
                         || f->kind == KILN_BOOT_DIAG_RESET_LOOP
                         || f->kind == KILN_BOOT_DIAG_WRONG_BAUD
                         || f->kind == KILN_BOOT_DIAG_BENIGN_RESET
                         || f->kind == KILN_BOOT_DIAG_ERRATUM
                         || f->kind == KILN_BOOT_DIAG_UNEXPLAINED
                         || f->kind == KILN_BOOT_DIAG_NO_BOOTLOADER;

      if (symptom && best >= SCORE_ROM && f->score < best)
        g_array_remove_index (findings, i);
      /* Notes of an ordinary reset go when anything looked wrong. */
      else if ((f->kind == KILN_BOOT_DIAG_BENIGN_RESET || f->kind == KILN_BOOT_DIAG_ERRATUM)
               && best >= SCORE_NOTE && f->score < best)
        g_array_remove_index (findings, i);
    }
  /* A strap that chose a wrong mode or voltage explains the read errors. */
  if (find (findings, KILN_BOOT_DIAG_FLASH_VOLTAGE) != NULL
      || find (findings, KILN_BOOT_DIAG_BOOT_STRAPS) != NULL
      || find (findings, KILN_BOOT_DIAG_FLASH_MODE) != NULL)
    for (guint i = findings->len; i-- > 0;)
      {
        Finding *f = &g_array_index (findings, Finding, i);
        if (f->kind == KILN_BOOT_DIAG_FLASH_READ_ERROR || f->kind == KILN_BOOT_DIAG_EMPTY_FLASH
            || f->kind == KILN_BOOT_DIAG_INVALID_HEADER || f->kind == KILN_BOOT_DIAG_CHECKSUM)
          f->score -= 100;
      }
  /* The map mismatch explains the partition errors after it. */
  if (find (findings, KILN_BOOT_DIAG_FLASH_MAP_MISMATCH) != NULL)
    for (guint i = findings->len; i-- > 0;)
      if (g_array_index (findings, Finding, i).kind == KILN_BOOT_DIAG_SYSTEM_PARAM)
        g_array_remove_index (findings, i);
}

static gint
finding_compare (gconstpointer a,
                 gconstpointer b)
{
  const Finding *fa = a;
  const Finding *fb = b;

  if (fa->score != fb->score)
    return fa->score > fb->score ? -1 : 1;
  return (gint) fa->kind - (gint) fb->kind;
}

static GArray *
findings_collect (KilnBootlogDecoder *self)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Finding));

  rules_sdk (self, out);
  rules_firmware_messages (self, out);
  rules_straps (self, out);
  rules_rom (self, out);
  rules_flash_mode (self, out);
  rules_reset_reasons (self, out);
  rules_firmware (self, out);
  rules_loops (self, out);
  rules_baud (self, out);
  rules_benign (self, out);
  drop_symptoms (out);
  g_array_sort (out, finding_compare);
  return out;
}

/* ---- texts ---------------------------------------------------------------- */

static gint
known_map (KilnBootlogDecoder *self)
{
  /* What the header at 0x0 says beats what the user set: the SDK looks
   * for its data where the header tells it to. */
  return self->header_map >= 0 ? self->header_map : self->user_map;
}

static void
texts_init_data (KilnBootlogDecoder  *self,
                 const KilnBootEvent *event,
                 KilnBootDiagnosis   *d)
{
  const KilnFlashMap *map = kiln_bootlog_flash_map (known_map (self));

  d->explanation = g_strdup_printf (_("The ESP8266 SDK found no RF (PHY) init data: the sector "
                                      "where esp_init_data_default.bin belongs is erased (its "
                                      "first byte reads 0x%02X instead of 0x%02X)."),
                                    (guint) MIN (event->values[1], 255),
                                    (guint) MIN (event->values[0], 255));
  if (map != NULL)
    {
      /* The SDK looks at the end of the flash size the header announces. */
      g_autofree char *what = kiln_bootlog_flash_map_setting (map->map);
      d->fix = g_strdup_printf (_("Write esp_init_data_default.bin at 0x%X and blank.bin at 0x%X "
                                  "(flash size %s), or erase the whole flash and write the "
                                  "firmware again."),
                                map->init_data_address, map->blank_address, what);
    }
  else
    d->fix = g_strdup (_("Write esp_init_data_default.bin at the end of the flash minus 0x4000 "
                         "and blank.bin at the end minus 0x2000 (0xFC000 and 0xFE000 on 1 MB, "
                         "0x1FC000 and 0x1FE000 on 2 MB, 0x3FC000 and 0x3FE000 on 4 MB), or "
                         "erase the whole flash and write the firmware again."));
}

/* Which pin, in the last reset line, broke the boot mode. */
static char *
wrong_strap_sentence (KilnBootlogDecoder *self,
                      const KilnBootEvent *reset)
{
  const KilnBootStrap *boot = kiln_bootlog_strap_by_role (self->chip, KILN_STRAP_BOOT);
  const KilnBootStrap *second = kiln_bootlog_strap_by_role (self->chip, KILN_STRAP_BOOT2);
  guint32 strap = (guint32) reset->values[1];

  if (boot == NULL || second == NULL || !reset->values[2] || (strap & boot->bit) != 0)
    return NULL;
  /* The ESP32's GPIO2 must be low with GPIO0 low; the newer chips' second
   * strap must be high (GPIO8) or low (GPIO46 on S2/S3). */
  if (g_str_equal (self->chip->chip, "esp32") || g_str_has_prefix (self->chip->chip, "esp32s"))
    {
      if ((strap & second->bit) == 0)
        return NULL;
      return g_strdup_printf (_("%s was low but %s was high at reset; %s must be low (or "
                                "floating) whenever %s is low."),
                              boot->pin, second->pin, second->pin, boot->pin);
    }
  if ((strap & second->bit) != 0)
    return NULL;
  return g_strdup_printf (_("%s was low and so was %s; %s must be high whenever %s is low."),
                          boot->pin, second->pin, second->pin, boot->pin);
}

static void
texts_straps (KilnBootlogDecoder  *self,
              const KilnBootEvent *event,
              KilnBootDiagnosis   *d)
{
  g_autofree char *which = NULL;

  if (event->family == KILN_BOOT_FAMILY_ESP8266)
    {
      d->explanation = g_strdup_printf (_("GPIO2 was low at reset (boot mode %u), which is "
                                          "not a usable boot mode."),
                                        (guint) MIN (event->values[1], 7));
      d->fix = g_strdup (_("GPIO2 must be high or floating at reset; for a normal boot "
                           "keep GPIO0 high and GPIO15 low too."));
      return;
    }
  which = wrong_strap_sentence (self, event);
  if (which != NULL)
    d->explanation = g_strdup_printf (_("The strapping pins selected boot mode %s (0x%02X) instead "
                                        "of the normal boot from SPI flash: %s"),
                                      event->detail != NULL ? event->detail : "?",
                                      (guint) MIN (event->values[1], G_MAXUINT), which);
  else
    d->explanation = g_strdup_printf (_("The strapping pins selected boot mode %s (0x%02X) instead "
                                        "of the normal boot from SPI flash."),
                                      event->detail != NULL ? event->detail : "?",
                                      (guint) MIN (event->values[1], G_MAXUINT));
  d->fix = g_strdup_printf (_("Check what drives the strapping pins at reset: %s must be high "
                              "for a normal boot, and the other boot strap must keep its "
                              "default level."),
                            boot_pin (self));
}

static void
texts_flash_voltage (KilnBootlogDecoder *self,
                     KilnBootDiagnosis  *d)
{
  const KilnBootStrap *b = kiln_bootlog_strap_by_role (self->chip, KILN_STRAP_FLASH_VOLT);
  const char *pin = b != NULL ? b->pin : "GPIO12 (MTDI)";

  d->explanation = g_strdup_printf (_("%s was high at reset: that selects a 1.8 V supply for "
                                      "the flash, so a 3.3 V flash cannot be read and the ROM "
                                      "finds no bootloader."),
                                    pin);
  d->fix = g_strdup_printf (_("Keep %s low at reset (check what is connected to it: a pull-up, "
                              "an LED, a sensor). On modules with 3.3 V flash you can also burn "
                              "the flash voltage eFuse (espefuse set_flash_voltage 3.3V) so "
                              "that the pin is ignored."),
                            pin);
}

static void
texts_empty_flash (KilnBootlogDecoder *self,
                   KilnBootDiagnosis  *d)
{
  guint32 offset = bootloader_offset (self);

  d->explanation = g_strdup_printf (_("The ROM read only 0xFF at the bootloader offset 0x%X: the "
                                      "flash is erased there, so there is no bootloader."),
                                    offset);
  if (offset == 0x1000)
    d->fix = g_strdup_printf (_("Write the bootloader at 0x%X (for ESP-IDF also the partition "
                                "table and the application). A bootloader written at 0x0 is in "
                                "the wrong place for this chip."),
                              offset);
  else
    d->fix = g_strdup_printf (_("Write the bootloader at 0x%X (for ESP-IDF also the partition "
                                "table and the application). %s reads it from 0x%X, not from "
                                "0x1000 as the ESP32 does."),
                              offset, self->chip != NULL ? self->chip->display_name : "This chip",
                              offset);
}

static void
texts_invalid_header (KilnBootlogDecoder  *self,
                      const Finding       *f,
                      KilnBootDiagnosis   *d)
{
  guint32 offset = bootloader_offset (self);
  guint32 word = (guint32) f->evidence->values[0];

  switch (f->variant)
    {
    case VARIANT_TEXT:
      d->title = g_strdup (_("Something other than a bootloader at the "
                             "bootloader offset"));
      d->explanation = g_strdup_printf (_("The ROM found text (first word 0x%08X) at the "
                                          "bootloader offset 0x%X: a file that is no bootloader "
                                          "was written there, or the bootloader was left out."),
                                        word, offset);
      break;
    case VARIANT_IMAGE:
      d->title = g_strdup (_("Something other than a bootloader at the "
                             "bootloader offset"));
      d->explanation = g_strdup_printf (_("The ROM found an image header (first word 0x%08X) at "
                                          "the bootloader offset 0x%X that it will not start: the "
                                          "application or another chip's bootloader was written "
                                          "there."),
                                        word, offset);
      break;
    case VARIANT_ENCRYPTED:
    default:
      d->explanation = g_strdup_printf (_("The ROM reads random-looking data (first word 0x%08X) "
                                          "at the bootloader offset 0x%X, the same at every try. "
                                          "That is what a plain image looks like through flash "
                                          "encryption: the chip has flash encryption enabled and "
                                          "the bootloader was written unencrypted (or the other "
                                          "way round). Less often another file was written "
                                          "there."),
                                        word, offset);
      d->title = g_strdup (_("Bootloader does not match the flash encryption"));
      d->fix = g_strdup_printf (_("On a chip with flash encryption, write the encrypted images "
                                  "your build produces (or let the bootloader encrypt them, in "
                                  "development mode). Otherwise write the bootloader built for "
                                  "this chip at 0x%X."),
                                offset);
      return;
    }
  d->fix = g_strdup_printf (_("Write the bootloader built for this chip at 0x%X and the other "
                              "files at their own offsets (for ESP-IDF: partition table at "
                              "0x8000, application at 0x10000), or the merged image at 0x%X."),
                            offset, offset);
}

static void
texts_flash_read (KilnBootlogDecoder *self,
                  const Finding      *f,
                  KilnBootDiagnosis  *d)
{
  guint32 offset = bootloader_offset (self);
  guint32 strap;
  g_autofree char *pins = NULL;

  if (last_strap (self, &strap))
    pins = kiln_bootlog_describe_straps (self->chip, strap);
  if (f->variant == VARIANT_IO)
    {
      d->title = g_strdup (_("The firmware cannot read or write its flash"));
      d->explanation = g_strdup (_("The firmware reports errors reading or writing its own data "
                                   "in flash (settings, a file system): the flash chip does not "
                                   "keep what is written, or it is a part the firmware's flash "
                                   "driver does not handle."));
      d->fix = g_strdup (_("Erase the whole flash and write the firmware again; if the errors "
                           "stay, try a firmware version that supports this flash chip (see the "
                           "flash id Kiln detected) or replace the module."));
      return;
    }
  if (f->variant == VARIANT_ZEROS)
    {
      d->title = g_strdup (_("The flash reads as zeros"));
      d->explanation = g_strdup_printf (_("The ROM read only zeros at the bootloader offset 0x%X: "
                                          "the flash does not answer (wiring, supply, a damaged "
                                          "chip) or was zeroed."),
                                        offset);
      d->fix = g_strdup_printf (_("Write the bootloader at 0x%X again and verify it. If the flash "
                                  "still reads as zeros, check its wiring and supply."),
                                offset);
      return;
    }
  d->title = g_strdup (_("No bootloader the ROM can read"));
  {
    g_autofree char *first = pins != NULL
      ? g_strdup_printf (_("The boot ROM could not load a bootloader from 0x%X (%s, which is "
                           "right for a boot from flash)."),
                         offset, pins)
      : g_strdup_printf (_("The boot ROM could not load a bootloader from 0x%X."), offset);

    d->explanation = g_strdup_printf ("%s %s", first,
                                      /* Translators: follows “The boot ROM could not load a
                                       * bootloader from 0x1000.” */
                                      _("Most often there is no valid bootloader there: only "
                                        "the application was written, or a merged image or the "
                                        "bootloader went to another offset (0x0 is the "
                                        "ESP8266's, not this chip's). Less often the flash "
                                        "itself cannot be read: flash pins wired to other parts, "
                                        "or the supply."));
  }
  d->fix = g_strdup_printf (_("Write the bootloader at 0x%X, the partition table and the "
                              "application at their offsets (or a merged image at 0x%X). If "
                              "that does not help, check that nothing else is connected to the "
                              "flash pins (GPIO6 to GPIO11 on the ESP32) and that the supply "
                              "holds."),
                            offset, offset);
}

static void
texts_download (KilnBootlogDecoder *self,
                const Finding      *f,
                KilnBootDiagnosis  *d)
{
  if (f->variant == VARIANT_DELIBERATE)
    {
      d->severity = KILN_BOOT_SEVERITY_INFO;
      d->title = g_strdup (_("Download mode, then a normal boot"));
      d->explanation = g_strdup_printf (_("The chip was in download mode once (%s low at reset), "
                                          "as it is for flashing, and booted normally after."),
                                        boot_pin (self));
      d->fix = g_strdup (_("Nothing to do."));
      return;
    }
  if (f->variant == VARIANT_LATCHED)
    {
      d->title = g_strdup (_("Restarted into download mode after a serial upload"));
      d->explanation = g_strdup (_("The firmware (or a watchdog) restarted the chip, and it came "
                                   "back in download mode: a software or watchdog restart does "
                                   "not read the strapping pins again, so they are still those "
                                   "of the serial upload before, which never pulsed the reset "
                                   "pin."));
      d->fix = g_strdup (_("Press the reset button or power-cycle the board once after a serial "
                           "upload; restarts work normally after that. Flashers that reset the "
                           "board through EN at the end (Kiln does) avoid it."));
      return;
    }
  d->severity = self->expect_app ? KILN_BOOT_SEVERITY_ERROR : KILN_BOOT_SEVERITY_INFO;
  d->title = g_strdup (_("The chip is in download mode"));
  d->explanation = g_strdup_printf (_("%s was low at reset, so the boot ROM started its serial "
                                      "download mode and waits for a flasher instead of running "
                                      "the firmware."),
                                    boot_pin (self));
  d->fix = g_strdup_printf (_("That is right for flashing. To run the firmware, release %s "
                              "(leave it floating or pull it high; with auto-reset, DTR must not "
                              "be asserted) and reset the board."),
                            boot_pin (self));
}

static void
texts_reset_loop (KilnBootlogDecoder *self,
                  const Finding      *f,
                  KilnBootDiagnosis  *d)
{
  d->title = g_strdup (_("Reset loop without a message"));
  switch (f->variant)
    {
    case VARIANT_LONE:
      g_free (d->title);
      d->title = g_strdup (_("A power-on reset and nothing else"));
      d->explanation = g_strdup (_("The log holds only the ROM's power-on line: when that comes "
                                   "while the board should be running, the chip lost its supply "
                                   "for a moment. (Right after flashing, with nothing loaded, it "
                                   "would rather mean that there is no image at 0x0.)"));
      d->fix = g_strdup (_("Use a 3.3 V supply that gives at least 500 mA, with a capacitor of "
                           "100 µF or more close to the module. If the board never ran, write "
                           "the firmware's first file at 0x0."));
      break;
    case VARIANT_POWER:
      d->explanation = g_strdup (_("The chip starts again and again with a power-on or external "
                                   "reset and no error before it: its supply or the EN line "
                                   "drops, usually when the radio starts."));
      d->fix = g_strdup (_("Use a 3.3 V supply that gives at least 500 mA, with a capacitor of "
                           "10 µF or more close to the module, and keep EN pulled high. An "
                           "unpowered USB hub, a long cable or the 3.3 V pin of a USB-serial "
                           "adapter is often the cause."));
      break;
    case VARIANT_WATCHDOG:
      d->explanation = g_strdup (_("A watchdog resets the chip again and again before the "
                                   "firmware says anything: it hangs early, often because it "
                                   "cannot read its code (flash mode or size) or waits on "
                                   "hardware that is missing."));
      d->fix = g_strdup (_("Write the firmware again with flash mode DIO and the flash size of "
                           "the board; if that does not help, check the power supply and "
                           "what the firmware does first."));
      break;
    case VARIANT_SOFTWARE:
      d->explanation = g_strdup (_("The firmware restarts the chip again and again without "
                                   "printing why."));
      d->fix = g_strdup (_("Raise the firmware's log level or watch its output at its own baud "
                           "rate to see what makes it restart."));
      break;
    case VARIANT_NONE:
    default:
      d->explanation = g_strdup (_("The chip restarts again and again and the log does not say "
                                   "why."));
      d->fix = g_strdup (_("Check the power supply first, then write the firmware again with "
                           "flash mode DIO."));
      break;
    }
}

static void
texts_benign (KilnBootlogDecoder *self,
              const Finding      *f,
              KilnBootDiagnosis  *d)
{
  d->severity = KILN_BOOT_SEVERITY_INFO;
  d->title = g_strdup (_("An ordinary reset"));
  switch (f->variant)
    {
    case VARIANT_POWER:
      d->explanation = g_strdup (_("The chip was powered up or its EN pin was pulsed (as "
                                   "flashing tools and the reset button do), and it booted "
                                   "without an error."));
      break;
    case VARIANT_EXTERNAL:
      d->explanation = g_strdup (_("The reset pin restarted the chip (the reset button, a "
                                   "flashing tool, or a wake-up from deep sleep, which the "
                                   "ESP8266 reports the same way), and it booted without an "
                                   "error."));
      break;
    case VARIANT_SOFTWARE:
      d->explanation = g_strdup (_("The firmware restarted the chip itself, and it booted "
                                   "without an error."));
      break;
    case VARIANT_DEEP_SLEEP:
      d->explanation = g_strdup (_("The chip woke up from deep sleep: a deep-sleep wake-up is "
                                   "a reset, so the ROM prints its lines each time."));
      break;
    case VARIANT_HOST:
      d->explanation = g_strdup (_("A program on the computer (a flasher or serial monitor) "
                                   "reset the chip over USB, and it booted without an error."));
      break;
    case VARIANT_NONE:
    default:
      d->explanation = g_strdup (_("The chip restarted and booted without an error."));
      break;
    }
  d->fix = g_strdup (_("Nothing to do. If the firmware misbehaves later, its own output at its "
                       "baud rate tells more."));
}

static KilnBootDiagnosis *
diagnosis_new (KilnBootlogDecoder *self,
               const Finding      *f)
{
  KilnBootDiagnosis *d = g_atomic_rc_box_new0 (KilnBootDiagnosis);
  const KilnBootEvent *event = f->evidence;

  d->kind = f->kind;
  d->severity = f->severity;
  d->cause = f->cause;
  d->confidence = f->confidence;
  d->score = f->score;
  d->evidence = g_strdup (event != NULL ? event->line : NULL);

  switch (f->kind)
    {
    case KILN_BOOT_DIAG_WRONG_BAUD:
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      d->title = g_strdup (_("Output at another baud rate"));
      if (event->values[0] != 0 && self->baud != 0)
        d->explanation = g_strdup_printf (_("Part of the output is unreadable at %u baud: it was "
                                            "sent at another rate, most likely %u baud."),
                                          self->baud, (guint) MIN (event->values[0], G_MAXUINT));
      else
        d->explanation = g_strdup (_("Part of the output is unreadable: it was sent at another "
                                     "baud rate."));
      if (event->values[0] == 74880)
        d->fix = g_strdup (_("Listen at 74880 baud to read the ESP8266 boot ROM's messages (its "
                             "rate with a 26 MHz crystal); applications usually talk at "
                             "115200."));
      else if (event->values[0] == 115200)
        d->fix = g_strdup (_("Listen at 115200 baud: the rate of ESP32-family boot ROMs, of "
                             "ESP8266 boards with a 40 MHz crystal, and of most "
                             "applications."));
      else
        d->fix = g_strdup (_("Try 74880 baud (the ESP8266 boot ROM with a 26 MHz crystal) and "
                             "115200 baud (ESP32-family ROMs and most applications). The ESP8266 "
                             "ROM's lines always look garbled at 115200; that alone is no "
                             "fault."));
      break;

    case KILN_BOOT_DIAG_FLASH_MAP_MISMATCH:
      {
        guint built = (guint) MIN (event->values[0], 255);
        guint header = (guint) MIN (event->values[1], 255);
        g_autofree char *built_text = kiln_bootlog_flash_map_describe (built);
        g_autofree char *header_text = kiln_bootlog_flash_map_describe (header);
        g_autofree char *setting = kiln_bootlog_flash_map_setting (built);

        d->title = g_strdup (_("Flash size setting does not match the firmware"));
        d->explanation =
          g_strdup_printf (_("The firmware was built for flash map %u (%s), but the header "
                             "of boot.bin at 0x0 says flash map %u (%s), so the SDK cannot "
                             "place its system partitions."),
                           built, built_text, header, header_text);
        d->fix =
          g_strdup_printf (_("Write boot.bin at 0x0 again with flash size %s, or use the "
                             "firmware built for map %u. The setting names the layout the "
                             "firmware expects, not the chip's real size."),
                           setting, header);
      }
      break;

    case KILN_BOOT_DIAG_SYSTEM_PARAM:
      if (f->variant == VARIANT_WRONG_DATA)
        {
          const KilnFlashMap *map = kiln_bootlog_flash_map (known_map (self));
          g_autofree char *where = map != NULL
                                   ? g_strdup_printf ("0x%X", map->init_data_address)
                                   : g_strdup (_("the end of the flash minus 0x4000"));

          d->title = g_strdup (_("RF init data and system parameters in the wrong place"));
          d->explanation =
            g_strdup_printf (_("Where the SDK looks for its RF init data (%s, found from the "
                               "flash size in the header at 0x0) there is other data, not an "
                               "erased sector: the flash size setting does not fit the "
                               "firmware's SDK, or stale data from an earlier firmware sits "
                               "there."),
                             where);
          d->fix = g_strdup (_("Erase the whole flash, then write the firmware with the flash "
                               "size its SDK supports (older SDKs know no sizes above 4 MB) and "
                               "esp_init_data_default.bin and blank.bin at the addresses for "
                               "that size."));
          break;
        }
      d->title = g_strdup (_("No room for the SDK's system parameters"));
      d->explanation = g_strdup (_("The ESP8266 SDK could not register its partition table: the "
                                   "flash size in the header at 0x0 does not fit the layout the "
                                   "firmware was built for, or the system parameter sectors at "
                                   "the end of the flash are damaged."));
      d->fix = g_strdup (_("Flash again with the flash size the firmware was built for (see its "
                           "README) and write esp_init_data_default.bin and blank.bin at the "
                           "addresses for that size, or erase the whole flash first."));
      break;

    case KILN_BOOT_DIAG_INIT_DATA_MISSING:
      d->title = g_strdup (_("RF init data missing"));
      texts_init_data (self, event, d);
      break;

    case KILN_BOOT_DIAG_SDIO_BOOT:
      d->title = g_strdup (_("GPIO15 is high at reset"));
      d->explanation = g_strdup (_("The ESP8266 sampled GPIO15 (MTDO) high at reset and started "
                                   "in SDIO boot mode, waiting for an SDIO host instead of "
                                   "running the firmware."));
      d->fix = g_strdup (_("Pull GPIO15 to GND (a 10 kΩ resistor is usual) and check that "
                           "nothing connected to it drives it high at power-up."));
      break;

    case KILN_BOOT_DIAG_DOWNLOAD_MODE:
      texts_download (self, f, d);
      break;

    case KILN_BOOT_DIAG_BOOT_STRAPS:
      d->title = g_strdup (_("Unusual boot strapping"));
      texts_straps (self, event, d);
      break;

    case KILN_BOOT_DIAG_NO_BOOTLOADER:
      d->title = g_strdup (_("Nothing to boot at 0x0"));
      d->explanation = g_strdup (_("The ESP8266 started in flash boot mode but the log shows "
                                   "nothing loaded: there may be no valid image at flash offset "
                                   "0x0 (or the copy of the log stops early)."));
      d->fix = g_strdup (_("Write the bootloader (boot_v1.x.bin for SDK firmware) or the "
                           "firmware's first file at 0x0. If it is there, try flash mode DIO or "
                           "DOUT and check the wiring."));
      break;

    case KILN_BOOT_DIAG_EMPTY_FLASH:
      d->title = g_strdup (_("No bootloader in flash"));
      texts_empty_flash (self, d);
      break;

    case KILN_BOOT_DIAG_INVALID_HEADER:
      texts_invalid_header (self, f, d);
      break;

    case KILN_BOOT_DIAG_FLASH_READ_ERROR:
      texts_flash_read (self, f, d);
      break;

    case KILN_BOOT_DIAG_FLASH_VOLTAGE:
      d->title = g_strdup (_("Flash supply set to 1.8 V by a strapping pin"));
      texts_flash_voltage (self, d);
      break;

    case KILN_BOOT_DIAG_CHECKSUM:
      d->title = g_strdup (_("Corrupt image in flash"));
      d->explanation = g_strdup (_("The checksum computed while loading does not match the one "
                                   "stored in the image: the data in flash is corrupt, was "
                                   "written for another layout, or was read wrongly."));
      d->fix = g_strdup (_("Write the firmware again with verification. If it keeps failing, "
                           "choose flash mode DIO or DOUT and check the power supply and "
                           "wiring."));
      break;

    case KILN_BOOT_DIAG_BROWNOUT:
      if (f->variant == VARIANT_READ_ERR)
        {
          d->title = g_strdup (_("The flash stopped answering while the chip ran"));
          d->explanation = g_strdup (_("A watchdog of the running firmware reset the chip, and "
                                       "after that the ROM could no longer read the bootloader: "
                                       "the flash worked before, so its supply sags (or a "
                                       "contact is loose)."));
          d->fix = g_strdup (_("Use a 3.3 V supply that gives at least 500 mA, with a capacitor "
                               "of 10 µF or more close to the module, and check the flash's "
                               "supply and solder joints."));
          break;
        }
      d->title = g_strdup (_("Supply voltage too low"));
      d->explanation = g_strdup (_("The supply voltage dropped below the brown-out threshold, "
                                   "typically when the radio starts and draws current peaks."));
      d->fix = g_strdup (_("Use a 3.3 V supply that gives at least 500 mA, short wires and a "
                           "capacitor of 10 µF or more close to the module; an unpowered USB "
                           "hub or a long cable is often the cause."));
      break;

    case KILN_BOOT_DIAG_BOOT_LOOP:
      d->title = g_strdup (_("Boot loop"));
      d->explanation = g_strdup (_("The RTC watchdog resets the chip again and again: the boot "
                                   "ROM keeps failing to start the bootloader."));
      d->fix = g_strdup (_("The lines before each reset say why; usually the bootloader is "
                           "missing or unreadable. Write it again at the right offset and check "
                           "the strapping pins."));
      break;

    case KILN_BOOT_DIAG_CRASH:
      d->title = g_strdup (_("The firmware crashed"));
      if (f->variant == VARIANT_STACK)
        {
          d->explanation = g_strdup (_("A task of the firmware overflowed its stack."));
          d->fix = g_strdup (_("Give the task named in the log a larger stack, or keep large "
                               "buffers off the stack."));
          break;
        }
      if (f->variant == VARIANT_HEAP)
        {
          d->explanation = g_strdup (_("The heap was corrupted: the firmware wrote past the end "
                                       "of a buffer it allocated, or freed one twice."));
          d->fix = g_strdup (_("Turn on comprehensive heap poisoning in the firmware's "
                               "configuration to find the code that overwrites the heap."));
          break;
        }
      d->explanation = g_strdup (event->explanation != NULL
                                 ? event->explanation
                                 : _("The firmware stopped with a panic or a CPU exception."));
      d->fix = g_strdup (_("If it crashes right after flashing, write a known-good build with "
                           "the right flash size and init data. Otherwise it is a bug in the "
                           "firmware (on the ESP8266, often an interrupt handler that is not "
                           "in IRAM); its developers can decode the addresses with the ELF "
                           "file."));
      break;

    case KILN_BOOT_DIAG_WATCHDOG:
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      switch (f->variant)
        {
        case VARIANT_SILENT:
          d->severity = KILN_BOOT_SEVERITY_ERROR;
          d->title = g_strdup (_("Hardware watchdog before the firmware said a word"));
          d->explanation = g_strdup (_("The hardware watchdog resets the chip and the firmware "
                                       "never prints anything: it cannot run at all, which "
                                       "points at the settings it was built or written with "
                                       "(board, flash mode, flash size) rather than at its "
                                       "code."));
          d->fix = g_strdup (_("Build for the board you have and write with flash mode DIO and "
                               "the board's flash size, after erasing the whole flash."));
          break;
        case VARIANT_SOFT:
          d->title = g_strdup (_("Software watchdog reset"));
          d->explanation = g_strdup (_("The ESP8266's software watchdog fired: the sketch kept "
                                       "the CPU for about three seconds without returning to the "
                                       "system (a long loop, a blocking wait)."));
          d->fix = g_strdup (_("Call yield() or delay() inside long loops, and keep loop() "
                               "short."));
          break;
        case VARIANT_INTERRUPT:
          d->title = g_strdup (_("Interrupt watchdog"));
          d->explanation = g_strdup (_("Interrupts were blocked too long (a long interrupt "
                                       "handler, a long critical section, flash access with the "
                                       "cache off), so the interrupt watchdog fired."));
          d->fix = g_strdup (_("Keep interrupt handlers and critical sections short; do no "
                               "flash or printing work in them."));
          break;
        case VARIANT_TASK:
          d->title = g_strdup (_("Task watchdog"));
          d->explanation = g_strdup (_("A task kept the CPU so that the watched tasks (usually "
                                       "the idle task) did not run in time."));
          d->fix = g_strdup (_("Let busy tasks block or delay by at least one tick "
                               "(vTaskDelay(1), not 0), or lower their priority."));
          break;
        case VARIANT_HARDWARE:
        default:
          d->title = g_strdup (_("Watchdog reset"));
          d->explanation = g_strdup (_("A hardware watchdog reset the chip because the firmware "
                                       "stopped responding: it hung hard, with interrupts off or "
                                       "in a loop the other watchdogs could not break."));
          d->fix = g_strdup (_("If it happens right after flashing, check the flash size, flash "
                               "mode and power supply; otherwise find where the firmware "
                               "blocks without yielding."));
          break;
        }
      break;

    case KILN_BOOT_DIAG_FLASH_MODE:
      d->title = g_strdup (_("Flash mode the flash cannot do"));
      if (f->variant == VARIANT_QIO_BOOTLOADER)
        {
          d->severity = KILN_BOOT_SEVERITY_WARNING;
          d->explanation = g_strdup (_("The bootloader could not switch the flash to QIO mode "
                                       "and goes on in a dual mode."));
          d->fix = g_strdup (_("Write the firmware with flash mode DIO to stop the warning; "
                               "the flash or its wiring does not do quad mode."));
          break;
        }
      if (f->variant == VARIANT_GARBAGE)
        d->explanation = g_strdup (_("The ROM read nonsense after the first part of the image "
                                     "(a segment at 0xFFFFFFFF, of no length, zeros): the flash "
                                     "mode in the header (QIO or QOUT) is one this flash, or the "
                                     "module's wiring of it, cannot do."));
      else if (f->variant == VARIANT_CRASH)
        d->explanation = g_strdup (_("The firmware was loaded, then crashed on an instruction "
                                     "the CPU cannot run before it printed anything: its code "
                                     "is read wrongly from flash, as in a flash mode the flash "
                                     "cannot do (ESP8285 and many ESP-01 need DOUT)."));
      else
        d->explanation = g_strdup (_("The header asks for a quad flash mode (QIO or QOUT), and "
                                     "after the bootloader handed over the firmware never ran: "
                                     "this flash, or the way the module wires it (ESP8285, "
                                     "modules that use GPIO9/GPIO10), cannot do quad mode."));
      d->fix = g_strdup (_("Write the firmware again with flash mode DIO, or DOUT on an ESP8285 "
                           "and on modules whose flash only does that."));
      break;

    case KILN_BOOT_DIAG_FLASH_SIZE:
      d->title = g_strdup (_("Flash size setting larger than the flash"));
      d->explanation = g_strdup (event->explanation);
      d->fix = g_strdup (_("Write the firmware with the board's real flash size (or let Kiln "
                           "detect it), and use a partition table that fits that size."));
      break;

    case KILN_BOOT_DIAG_PARTITION_TABLE:
      d->title = g_strdup (_("Partition table missing or wrong"));
      if (f->variant == VARIANT_TOO_SMALL)
        d->explanation = g_strdup (_("The application is larger than the partition it was "
                                     "written to."));
      else
        d->explanation = g_strdup (_("The bootloader found no valid partition table (at 0x8000 "
                                     "for ESP-IDF): it was not written, was written at another "
                                     "offset, or belongs to another build."));
      d->fix = g_strdup (_("Write the partition table of this build at its offset (0x8000 unless "
                           "the build says otherwise), with an application partition large "
                           "enough for the firmware."));
      break;

    case KILN_BOOT_DIAG_OTA:
      d->title = g_strdup (_("OTA data or slot unusable"));
      d->explanation = g_strdup (_("The bootloader could not use the OTA data partition or the "
                                   "OTA slot it points to."));
      d->fix = g_strdup (_("Erase the otadata partition (write the build's ota_data_initial.bin "
                           "or blank it) so that the bootloader starts the first slot, and "
                           "write the application there."));
      break;

    case KILN_BOOT_DIAG_NO_APP:
      d->title = g_strdup (_("No application to start"));
      d->explanation = g_strdup (_("The second-stage bootloader runs, but where the partition "
                                   "table puts the application there is none: it was not "
                                   "written, or written at another offset."));
      d->fix = g_strdup (_("Write the application at the offset of its partition (0x10000 in "
                           "most ESP-IDF and Arduino builds)."));
      break;

    case KILN_BOOT_DIAG_WRONG_CHIP:
      d->title = g_strdup (_("Image for another chip"));
      d->explanation = g_strdup_printf (_("The image was built for another chip or chip "
                                          "revision than this %s."),
                                        self->chip != NULL ? self->chip->display_name
                                                           : _("chip"));
      d->fix = g_strdup (_("Build (or download) the firmware for this exact chip and its "
                           "revision, and write it again."));
      break;

    case KILN_BOOT_DIAG_DOWNLOAD_DISABLED:
      d->title = g_strdup (_("Download mode disabled in eFuse"));
      d->explanation = g_strdup (_("The chip's eFuses disable the serial download mode (usually "
                                   "with secure boot or flash encryption in release mode), so "
                                   "it cannot be flashed over the serial port any more."));
      d->fix = g_strdup (_("Update the firmware over the air or through whatever the current "
                           "firmware offers; eFuses cannot be reset."));
      break;

    case KILN_BOOT_DIAG_SECURITY:
      d->title = g_strdup (_("Secure boot or flash encryption refused the image"));
      d->explanation = g_strdup (_("Secure boot or flash encryption is enabled on this chip and "
                                   "the image in flash is not signed or encrypted as it expects."));
      d->fix = g_strdup (_("Write the signed (and, with flash encryption, encrypted) images "
                           "your build system produces for this chip."));
      break;

    case KILN_BOOT_DIAG_PSRAM:
      d->title = g_strdup (_("External RAM (PSRAM) failed"));
      d->explanation = g_strdup (_("The firmware expects PSRAM and could not initialise it: the "
                                   "module has none, it is a different kind, or the pins it "
                                   "uses are taken."));
      d->fix = g_strdup (_("Use a build that matches the module (PSRAM off for modules without "
                           "it, the right PSRAM type and speed otherwise), and keep the PSRAM "
                           "pins free."));
      break;

    case KILN_BOOT_DIAG_RESET_LOOP:
      texts_reset_loop (self, f, d);
      break;

    case KILN_BOOT_DIAG_BENIGN_RESET:
      texts_benign (self, f, d);
      break;

    case KILN_BOOT_DIAG_ERRATUM:
      d->severity = KILN_BOOT_SEVERITY_INFO;
      d->title = g_strdup (_("A known quirk of the ESP32, not a fault"));
      d->explanation = g_strdup (f->variant == VARIANT_DEEP_SLEEP
                                 ? _("The chip woke from deep sleep, and a watchdog reset it once "
                                     "before the ROM printed anything. Early ESP32 revisions do "
                                     "that (Espressif's ESP32 errata, 3.1); the boot then goes on "
                                     "normally, as it does here.")
                                 : _("The chip was powered up, and a watchdog reset it once before "
                                     "the ROM printed anything. Early ESP32 revisions do that "
                                     "(Espressif's ESP32 errata, 3.1); the boot then goes on "
                                     "normally, as it does here."));
      d->fix = g_strdup (_("Nothing to do."));
      break;

    case KILN_BOOT_DIAG_UNEXPLAINED:
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      d->title = g_strdup (_("Errors Kiln does not know"));
      d->explanation = g_strdup (_("The log reports an error that no rule of Kiln explains; the "
                                   "line it first appears in is shown below."));
      d->fix = g_strdup (_("Search for the exact message in the documentation of the firmware "
                           "or of ESP-IDF."));
      break;

    case KILN_BOOT_DIAG_DEEP_SLEEP_WIRING:
      d->title = g_strdup (_("Deep-sleep wake-up wired wrong"));
      d->explanation = g_strdup (_("The ESP8266 woke from deep sleep and stopped in its ROM: the "
                                   "wake-up pulse does not reach the chip as a clean reset, "
                                   "because GPIO16 is not joined to RST, or RST is tied to "
                                   "CH_PD/EN."));
      d->fix = g_strdup (_("Connect GPIO16 to RST (through a small resistor or a Schottky "
                           "diode) and keep RST and CH_PD/EN apart."));
      break;

    case KILN_BOOT_DIAG_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  if (d->evidence == NULL)
    d->evidence = g_strdup ("");
  return d;
}

/* ---- entry points ---------------------------------------------------------- */

/**
 * kiln_bootlog_rules_evaluate:
 *
 * Returns: (transfer container): ranked diagnoses for everything seen so far
 */
GPtrArray *
kiln_bootlog_rules_evaluate (KilnBootlogDecoder *self)
{
  g_autoptr(GArray) findings = findings_collect (self);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_diagnosis_unref);

  for (guint i = 0; i < findings->len; i++)
    g_ptr_array_add (out, diagnosis_new (self, &g_array_index (findings, Finding, i)));
  return out;
}

/* Reports the diagnoses not reported before, best first. */
void
kiln_bootlog_rules_update (KilnBootlogDecoder *self)
{
  g_autoptr(GArray) findings = NULL;

  if (self->diagnosis_func == NULL)
    return;
  findings = findings_collect (self);
  for (guint i = 0; i < findings->len; i++)
    {
      Finding *f = &g_array_index (findings, Finding, i);
      g_autoptr(KilnBootDiagnosis) d = NULL;

      /* Ordinary notes wait for the end: more lines may change them. */
      if (self->diagnosed[f->kind]
          || (!self->finished && f->score < SCORE_SYMPTOM_MAX
              && f->kind != KILN_BOOT_DIAG_WATCHDOG && f->kind != KILN_BOOT_DIAG_BOOT_LOOP))
        continue;
      self->diagnosed[f->kind] = TRUE;
      d = diagnosis_new (self, f);
      self->diagnosis_func (d, self->user_data);
    }
}
