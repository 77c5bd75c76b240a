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

#include <string.h>

#include "kiln-bootlog-finding.h"

/* Boots that make a loop. */
#define LOOP_BOOTS 2
/* Scores: see the comment at the top. */
#define SCORE_ROM 800
#define SCORE_NOTE 300
#define SCORE_SYMPTOM_MAX 500

/* ---- evidence helpers ---------------------------------------------------- */

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
     KilnBootVariant                variant)
{
  KilnBootFinding f = { kind, cause, score, confidence, KILN_BOOT_SEVERITY_ERROR, evidence, variant };

  for (guint i = 0; i < findings->len; i++)
    {
      KilnBootFinding *g = &g_array_index (findings, KilnBootFinding, i);
      if (g->kind == kind)
        {
          if (score > g->score)
            *g = f;
          return;
        }
    }
  g_array_append_val (findings, f);
}

static KilnBootFinding *
find (GArray                *findings,
      KilnBootDiagnosisKind  kind)
{
  for (guint i = 0; i < findings->len; i++)
    if (g_array_index (findings, KilnBootFinding, i).kind == kind)
      return &g_array_index (findings, KilnBootFinding, i);
  return NULL;
}

/* The strap value of the last reset line that had one, and the boot mode
 * it chose. */
gboolean
kiln_bootlog_last_strap (KilnBootlogDecoder *self,
                         guint32            *strap,
                         KilnBootMode       *mode)
{
  for (guint i = n_boots (self); i-- > 0;)
    {
      KilnBootRecord *b = boot_nth (self, i);
      if (b->reset != NULL && b->reset->family == KILN_BOOT_FAMILY_ESP32 && b->reset->values[2])
        {
          *strap = (guint32) b->reset->values[1];
          if (mode != NULL)
            *mode = b->mode;
          return TRUE;
        }
    }
  return FALSE;
}

/* The voltage strap was high in a boot from flash.  In another boot mode
 * (the ESP32's HSPI_FLASH_BOOT, GPIO2 high with GPIO0 low) the ROM reads
 * other pins, where no flash is, so a failed read says nothing of the
 * flash's supply. */
static gboolean
flash_voltage_strap_high (KilnBootlogDecoder *self)
{
  const KilnBootStrap *b = kiln_bootlog_strap_by_role (self->chip, KILN_STRAP_FLASH_VOLT);
  KilnBootMode mode;
  guint32 strap;

  return b != NULL && kiln_bootlog_last_strap (self, &strap, &mode)
         && mode == KILN_BOOT_MODE_FLASH && (strap & b->bit) != 0;
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
  /* Before the first reset line too: text, or the end of a crash report
   * (the run before crashed, so it ran). */
  return self->n_text_lines > 0 || self->crash_before_reset;
}

/* Whether the ESP-IDF bootloader loaded an application, or one started. */
static gboolean
app_went_on (KilnBootlogDecoder *self)
{
  for (guint i = 0; i < n_boots (self); i++)
    if (boot_nth (self, i)->app_loaded || boot_nth (self, i)->app_started)
      return TRUE;
  return have (self, KILN_BOOT_EVENT_APP_START) || have (self, KILN_BOOT_EVENT_APP_READY);
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

  /* A mismatch the SDK got past (it took the partition table after it)
   * did not stop the firmware; whatever did ranks above it. */
  if (have (self, KILN_BOOT_EVENT_MAP_MISMATCH) && have (self, KILN_BOOT_EVENT_PARTITION_TABLE_OK)
      && !have (self, KILN_BOOT_EVENT_PARTITION_TABLE_FAIL))
    add (out, KILN_BOOT_DIAG_FLASH_MAP_MISMATCH, "flash-map-mismatch", 690,
         KILN_BOOT_CONFIDENCE_MEDIUM, self->first[KILN_BOOT_EVENT_MAP_MISMATCH],
         VARIANT_MAP_PASSED);
  else if (have (self, KILN_BOOT_EVENT_MAP_MISMATCH))
    add (out, KILN_BOOT_DIAG_FLASH_MAP_MISMATCH, "flash-map-mismatch", 950,
         KILN_BOOT_CONFIDENCE_HIGH, self->first[KILN_BOOT_EVENT_MAP_MISMATCH], VARIANT_NONE);
  else if (have (self, KILN_BOOT_EVENT_PARTITION_TABLE_FAIL) || (param != NULL && !param->values[0]))
    {
      /* The SDK 3 lays its partitions out from flash map 2 (1 MB) up; its
       * own examples refuse maps 0 and 1.  A header that says 512 KB or
       * less is then the flash size setting, not stale sectors. */
      if (self->header_flash_kb > 0 && self->header_flash_kb <= 512
          && (param == NULL || param->values[1] != 1))
        add (out, KILN_BOOT_DIAG_SYSTEM_PARAM, "wrong-board-settings", 925,
             KILN_BOOT_CONFIDENCE_MEDIUM, self->header_flash_event, VARIANT_SMALL_FLASH);
      add (out, KILN_BOOT_DIAG_SYSTEM_PARAM, "sdk-init-data-or-param", 920,
           KILN_BOOT_CONFIDENCE_MEDIUM,
           param != NULL ? param : self->first[KILN_BOOT_EVENT_PARTITION_TABLE_FAIL],
           param != NULL && param->values[1] == 1 ? VARIANT_BOOT_VERSION : VARIANT_NONE);
    }

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
  /* A partition past the flash size the bootloader works with: the table
   * is for a larger flash than the build's setting, whichever of the two
   * does not fit the board. */
  if (e != NULL && e->values[2] && e->values[0] == 0)
    add (out, KILN_BOOT_DIAG_FLASH_SIZE, "wrong-board-settings", 910, KILN_BOOT_CONFIDENCE_MEDIUM,
         e, VARIANT_TABLE_PAST_END);
  else if (e != NULL && e->values[2])
    add (out, KILN_BOOT_DIAG_FLASH_SIZE, "flash-size-mismatch", 910, KILN_BOOT_CONFIDENCE_HIGH, e,
         VARIANT_NONE);
  /* A flasher's report pasted with the log found less flash than the
   * header the bootloader then read asks for. */
  else if (self->flasher_flash_kb != 0 && self->header_flash_event != NULL
           && self->header_flash_kb > self->flasher_flash_kb)
    add (out, KILN_BOOT_DIAG_FLASH_SIZE, "flash-size-mismatch", 905, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->header_flash_event, VARIANT_FLASHER);

  /* The table's mark read as neither a table's nor erased flash (0xFFFF),
   * with the flash in a quad mode or in a mode the log does not tell:
   * every build writes its table, so most often the read went wrong; less
   * often something else lies at the table's offset.  One byte repeated
   * (0x3333) after the bootloader switched to quad mode says it plainly:
   * each bit came on more than one data line. */
  e = self->first[KILN_BOOT_EVENT_PARTITION_ERROR];
  /* A mark whose first byte is 0xE9 and whose second is a segment count
   * (1 to 16) is the start of an image, which a flash read in the wrong
   * mode would give once in four thousand times: a bootloader or an
   * application was written at the table's offset, or the table was
   * written somewhere else. */
  if (e != NULL && e->values[1] && (e->values[0] & 0xff) == 0xe9 && (e->values[0] >> 8) >= 1
      && (e->values[0] >> 8) <= 16)
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 895,
         KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_IMAGE_AT_TABLE);
  else if (e != NULL && e->values[1] && e->values[0] != 0xffff && e->values[0] <= 0xffff
           && (!self->bootloader_mode_known || self->bootloader_quad))
    {
      gboolean pattern = self->bootloader_quad && (e->values[0] >> 8) == (e->values[0] & 0xff);

      add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", pattern ? 890 : 885,
           KILN_BOOT_CONFIDENCE_MEDIUM, e, pattern ? VARIANT_QUAD_PATTERN : VARIANT_ODD_MAGIC);
      add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 880,
           KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_NONE);
    }
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 880,
         KILN_BOOT_CONFIDENCE_HIGH, e, VARIANT_NONE);
  /* A firmware that crashed after these lines did start: a slot without
   * an image was another one (an empty OTA slot), and the crash ranks
   * first.  A slot whose image failed its checksum or hash holds an image,
   * written whole once and damaged since (a write cut short): the
   * corruption ranks first. */
  if (have (self, KILN_BOOT_EVENT_NO_APP))
    {
      KilnBootEvent *damaged = self->first[KILN_BOOT_EVENT_IMAGE_ERROR];
      gboolean corrupt = text_has (damaged, "checksum failed") || text_has (damaged, "hash failed");

      add (out, KILN_BOOT_DIAG_NO_APP, "no-app-partition",
           self->crash_after_slot_error ? 640 : corrupt ? 820 : 875,
           self->crash_after_slot_error || corrupt ? KILN_BOOT_CONFIDENCE_MEDIUM
                                                   : KILN_BOOT_CONFIDENCE_HIGH,
           self->first[KILN_BOOT_EVENT_NO_APP], VARIANT_NONE);
    }
  /* "… falling back to factory": the boot goes on, so a real failure
   * elsewhere ranks first.  The ESP8266's boot.bin that started user1 at
   * 0x1000, where a freshly written board starts, and found no image
   * there nor in the other slot: user1.bin is not where it looks. */
  e = self->first[KILN_BOOT_EVENT_OTA_ERROR];
  if (e != NULL && e->family == KILN_BOOT_FAMILY_ESP8266 && !text_has (e, "magic")
      && self->last[KILN_BOOT_EVENT_SDK_JUMP] != NULL
      && self->last[KILN_BOOT_EVENT_SDK_JUMP]->values[0] == 1
      && self->last[KILN_BOOT_EVENT_SDK_JUMP]->values[1] == 0x1000
      && !text_has (self->last[KILN_BOOT_EVENT_OTA_ERROR], "magic"))
    add (out, KILN_BOOT_DIAG_NO_APP, "no-app-partition", 870, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->last[KILN_BOOT_EVENT_SDK_JUMP], VARIANT_USER1);
  /* ESP-IDF's "ota data partition invalid and no factory, will try all
   * partitions": blank OTA data (as after an erase) stops nothing, the
   * bootloader goes on to the OTA slots.  When an application then loads,
   * all is well; when none does, the slots are what fails. */
  else if (e != NULL && text_has (e, "will try all") && app_went_on (self))
    add (out, KILN_BOOT_DIAG_BENIGN_RESET, "normal-boot", 160, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_TRY_ALL);
  else if (e != NULL)
    {
      if (text_has (e, "will try all") && !have (self, KILN_BOOT_EVENT_NO_APP))
        add (out, KILN_BOOT_DIAG_NO_APP, "no-app-partition", 872, KILN_BOOT_CONFIDENCE_MEDIUM,
             e, VARIANT_TRY_ALL);
      add (out, KILN_BOOT_DIAG_OTA, "ota-data-invalid",
         text_has (e, "falling back") || self->crash_after_slot_error ? 650 : 870,
           KILN_BOOT_CONFIDENCE_MEDIUM, e,
           g_strcmp0 (e->name, "rBoot slot") == 0 ? VARIANT_RBOOT : VARIANT_NONE);
    }
  /* An application larger than its partition: the "not bootable" that
   * follows is its consequence, so it ranks above.  The table itself is
   * sound; what it lacks is an application partition with a valid image
   * in it, the vocabulary's no-app-partition. */
  e = self->first[KILN_BOOT_EVENT_IMAGE_ERROR];
  if (e != NULL && text_has (e, "fit in partition"))
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "no-app-partition", 880,
         KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_TOO_SMALL);
  /* Segments that do not line up with the flash pages: the application
   * is not at its partition's offset. */
  else if (e != NULL && g_strcmp0 (e->name, "misplaced application") == 0)
    add (out, KILN_BOOT_DIAG_NO_APP, "no-app-partition", 860, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_NONE);
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_CHECKSUM, "checksum-error", 830, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_NONE);
  /* The firmware's own flash reads and writes failing (a file system that
   * cannot keep its files): a flash chip it does not handle, or a bad one. */
  if (have (self, KILN_BOOT_EVENT_FLASH_IO))
    add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 720,
         KILN_BOOT_CONFIDENCE_MEDIUM, self->first[KILN_BOOT_EVENT_FLASH_IO], VARIANT_IO);
  /* NVS that the new firmware cannot use: data left by another firmware
   * or an older ESP-IDF (writing the firmware does not touch it), or a
   * full partition.  A cause, so it ranks above the abort it leads to. */
  if (have (self, KILN_BOOT_EVENT_NVS_ERROR))
    add (out, KILN_BOOT_DIAG_NVS, "nvs-stale", 850, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_NVS_ERROR],
         g_strcmp0 (self->first[KILN_BOOT_EVENT_NVS_ERROR]->name, "NVS keys") == 0
         ? VARIANT_NVS_KEYS : VARIANT_NONE);
  /* A build for another flash than the module's: its set-up fails before
   * the abort that follows. */
  if (have (self, KILN_BOOT_EVENT_FLASH_CONFIG))
    add (out, KILN_BOOT_DIAG_FLASH_SIZE, "wrong-board-settings", 870, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_FLASH_CONFIG], VARIANT_FLASH_CONFIG);
  /* A build that expects PSRAM on a module without it. */
  if (have (self, KILN_BOOT_EVENT_PSRAM_ERROR))
    add (out, KILN_BOOT_DIAG_PSRAM, "wrong-board-settings", 860, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_PSRAM_ERROR], VARIANT_NONE);
  /* A camera sensor that does not answer while the chip runs on: on the
   * ESP32-CAM kind of board, most often its supply (the sensor gives up
   * before the ESP32 does), then the ribbon cable or a pin map for
   * another board; low, for the three compete.  Anything more specific
   * (the brown-out detector's own line, a crash) ranks above. */
  if (have (self, KILN_BOOT_EVENT_CAMERA))
    add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 600, KILN_BOOT_CONFIDENCE_LOW,
         self->first[KILN_BOOT_EVENT_CAMERA], VARIANT_CAMERA);
}



/* A download boot by the reset line's strap value with the second strap
 * low where download needs it high (GPIO8 on the RISC-V chips), after a
 * reset that was not the host's over USB. */
static gboolean
download_strap_invalid (KilnBootlogDecoder   *self,
                        const KilnBootRecord *b)
{
  const KilnBootStrap *second;

  if (b->reset == NULL || !b->reset->values[2] || b->reset->family != KILN_BOOT_FAMILY_ESP32
      || b->reset_class == KILN_RESET_CLASS_HOST)
    return FALSE;
  second = kiln_bootlog_strap_boot2_wrong (self->chip, (guint32) b->reset->values[1]);
  /* Only where the second strap must be high: the real ESP32 ROM runs its
   * UART download with GPIO2 high too (boot:0xf, UART_BOOT(UART0)), so a
   * "must be low" strap proves nothing here. */
  return second != NULL && second->download_high;
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
  gboolean fault_before = FALSE;

  /* The ESP8266's boot mode 2 (GPIO2 low, GPIO0 high, GPIO15 low) makes
   * the ROM jump into instruction RAM without loading anything: the CPU
   * runs whatever is there and stops at once with an illegal instruction
   * (exception 0) a few bytes into it, before any segment was loaded.
   * Without the banner that is all a copy shows of it. */
  if (self->have_epc1 && self->epc1 >= 0x40100000 && self->epc1 < 0x40100010
      && have (self, KILN_BOOT_EVENT_FATAL_EXCEPTION)
      && self->first[KILN_BOOT_EVENT_FATAL_EXCEPTION]->values[0] == 0
      && !have (self, KILN_BOOT_EVENT_LOAD))
    add (out, KILN_BOOT_DIAG_BOOT_STRAPS, "gpio2-low", 780, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_FATAL_EXCEPTION], VARIANT_JUMP_BOOT);
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
      else if (b->mode == KILN_BOOT_MODE_DOWNLOAD && download_strap_invalid (self, b))
        /* The boot pin low, the second strap at the other level: the ROM
         * waits in a download mode the board cannot use (a C6 or H2 with
         * GPIO8 low offers download over USB only, "wait usb download").
         * A host that reset the chip over USB may have asked for that. */
        add (out, KILN_BOOT_DIAG_BOOT_STRAPS, "bad-strapping", 905, KILN_BOOT_CONFIDENCE_MEDIUM,
             b->reset, VARIANT_NONE);
      else if (b->mode == KILN_BOOT_MODE_DOWNLOAD)
        {
          download = b;
          later_flash_boot = FALSE;
          /* The run before this chain of download-mode boots ended in a
           * crash or a watchdog's report. */
          if (i == 0)
            fault_before = self->crash_before_reset;
          else if (boot_nth (self, i - 1)->mode != KILN_BOOT_MODE_DOWNLOAD)
            fault_before = boot_nth (self, i - 1)->fault_reported;
          /* Download mode that the chip restarted into by itself: a
           * software or watchdog reset does not sample the straps again,
           * so they are still those of the upload (the ESP8266 ROM keeps
           * the old reset cause, but prints "wdt reset"; after a restart
           * the firmware announced it may print the power-on's). */
          if (b->reset != NULL
              && (b->requested || b->reset_class == KILN_RESET_CLASS_SOFTWARE
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

  /* Download mode followed by a normal boot was somebody flashing;
   * unless the chip restarted into it by itself, and a power cycle (the
   * usual way out) brought the firmware back. */
  if (later_flash_boot && !latched)
    add (out, KILN_BOOT_DIAG_DOWNLOAD_MODE, "normal-boot", 120, KILN_BOOT_CONFIDENCE_MEDIUM,
         evidence, VARIANT_DELIBERATE);
  /* A crash or a watchdog's report just before is why the firmware
   * restarted at all: that cause ranks first, the latched straps (which
   * only keep it from coming back) after it. */
  else if (latched)
    add (out, KILN_BOOT_DIAG_DOWNLOAD_MODE, "restart-after-serial-flash", fault_before ? 600 : 780,
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
  gboolean plain = FALSE;

  for (guint i = 0; i < 4; i++)
    {
      guint8 c = (guint8) (word >> (8 * i));
      if (c < 0x20 || c > 0x7e)
        text = FALSE;
      /* Ciphertext has a 0x00 or 0xFF byte in one word of four in 64:
       * code and data have them all the time. */
      if (c == 0x00 || c == 0xff)
        plain = TRUE;
    }
  /* Ciphertext has about 16 of its 32 bits set; 8 or fewer, or 24 or
   * more, happens to one word in about 150.  Code and data (0x04202040)
   * often do. */
  {
    guint bits = 0;

    for (guint32 w = word; w != 0; w &= w - 1)
      bits++;
    if (bits <= 8 || bits >= 24)
      plain = TRUE;
  }
  if (word == 0xffffffff)
    /* Erased at the bootloader offset.  On a board someone just wrote,
     * the bootloader most often went to another chip's offset (0x1000
     * for the ESP32 family's first chip, 0x0 for the later ones); a flash
     * that was never written reads the same. */
    add (out, KILN_BOOT_DIAG_EMPTY_FLASH, "wrong-bootloader-offset", 860,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_NONE);
  else if (word == 0)
    add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_ZEROS);
  else if (text)
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_TEXT);
  else if ((word & 0xff) == 0xe9 || (word & 0xff) == 0xea)
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_IMAGE);
  else if (plain && bootloader_offset (self) != 0x2000)
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_DATA);
  else if (bootloader_offset (self) == 0x2000)
    /* Chips that read the bootloader from 0x2000 (C5, P4): code there is
     * most often a bootloader written at 0x0, as for the chips before. */
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "wrong-bootloader-offset", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_IMAGE);
  else
    {
      /* Data that looks random, the same at every try: the middle of
       * another file (compressed data, tables) where the bootloader
       * belongs, or a plain image read through flash decryption.  Flash
       * encryption takes burning eFuses, which few boards have; files at
       * the wrong offset are everyday, so they come first. */
      add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 850,
           KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_RANDOM);
      add (out, KILN_BOOT_DIAG_SECURITY, "flash-encryption", 840, KILN_BOOT_CONFIDENCE_MEDIUM,
           header, VARIANT_ENCRYPTED);
    }
}


/* A boot from flash that the RTC watchdog started: the ROM arms it for
 * the boot, and it fires when the bootloader never takes over. */
static gboolean
rtc_watchdog_boot (KilnBootlogDecoder *self)
{
  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);
      if (b->reset != NULL && b->mode == KILN_BOOT_MODE_FLASH
          && b->reset_class == KILN_RESET_CLASS_RTC_WATCHDOG)
        return TRUE;
    }
  return FALSE;
}

/* ESP32 errata 3.8: at power-on (or on waking from deep sleep) the flash
 * was not ready when the ROM
 * first read it, so "flash read err" and the RTC watchdog's reset; the
 * next boot reads it and goes on.  The bootloader is there. */
static gboolean
slow_flash_start (KilnBootlogDecoder *self)
{
  for (guint i = 0; is_esp32 (self) && i + 1 < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);
      KilnBootRecord *next = boot_nth (self, i + 1);

      if (b->flash_read_err
          && (b->reset_class == KILN_RESET_CLASS_POWER_ON
              || b->reset_class == KILN_RESET_CLASS_DEEP_SLEEP)
          && next->reset_class == KILN_RESET_CLASS_RTC_WATCHDOG && !next->flash_read_err
          && (next->rom_done || next->n_loads > 0))
        return TRUE;
    }
  return FALSE;
}

/* The ROM's line of flash pin drive strengths, when one of them is more
 * than a drive strength can be. */
static KilnBootEvent *
odd_pin_settings (KilnBootlogDecoder *self)
{
  KilnBootEvent *drv[2] = { self->first[KILN_BOOT_EVENT_CLK_DRV],
                            self->last[KILN_BOOT_EVENT_CLK_DRV] };

  for (guint i = 0; i < G_N_ELEMENTS (drv); i++)
    if (drv[i] != NULL && drv[i]->values[1] > 3)
      return drv[i];
  return NULL;
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
  KilnBootEvent *mapped_load = NULL;
  KilnBootEvent *odd_drv = odd_pin_settings (self);
  gboolean read_failed = FALSE;

  for (guint i = 0; i < n_boots (self) && mapped_load == NULL; i++)
    mapped_load = boot_nth (self, i)->mapped_load;
  for (guint i = 0; i < n_boots (self); i++)
    read_failed |= boot_nth (self, i)->read_failed;

  /* A 1.8 V flash supply selected by a strap: a 3.3 V flash then reads as
   * ones or not at all.  Modules with 1.8 V flash need the strap high and
   * boot fine, so only a failed read makes it the cause; and as such a
   * module with an erased flash fails the same way (and an eFuse may make
   * the pin irrelevant), the log cannot make it certain.  A segment header
   * read as nonsense ("load:0x00000000,len:-10000") is such a read too. */
  if (voltage && (read_err != NULL || (header != NULL && (header->values[0] == 0xffffffff
                                                          || header->values[0] == 0))
                  || have (self, KILN_BOOT_EVENT_CHECKSUM_FAILURE) || read_failed))
    add (out, KILN_BOOT_DIAG_FLASH_VOLTAGE,
         is_esp32 (self) ? "flash-voltage-gpio12" : "bad-strapping", 935,
         KILN_BOOT_CONFIDENCE_MEDIUM, self->last[KILN_BOOT_EVENT_RESET], VARIANT_NONE);
  /* The strap high, the RTC watchdog resetting the chip during its boot
   * and not one segment loaded in the whole log: the ROM could not read
   * the flash either, even if the copy kept no line saying so.  Only the
   * whole log can say that nothing was loaded. */
  else if (voltage && self->finished && !have (self, KILN_BOOT_EVENT_LOAD)
           && rtc_watchdog_boot (self))
    add (out, KILN_BOOT_DIAG_FLASH_VOLTAGE,
         is_esp32 (self) ? "flash-voltage-gpio12" : "bad-strapping", 900,
         KILN_BOOT_CONFIDENCE_MEDIUM, self->last[KILN_BOOT_EVENT_RESET], VARIANT_NONE);

  /* The ROM gave up on the bootloader at its offset and started the
   * recovery copy: the primary one is erased or damaged (a bootloader
   * update that did not finish), whatever the word it read there. */
  if (have (self, KILN_BOOT_EVENT_RECOVERY))
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 880,
         KILN_BOOT_CONFIDENCE_MEDIUM, self->first[KILN_BOOT_EVENT_RECOVERY], VARIANT_RECOVERY);
  if (header != NULL)
    rule_invalid_header (self, out, header);
  /* The header's flash pin settings hold values no bootloader has: the
   * file there only starts like an image (0xE9).  The ESP8266's image
   * header is 8 bytes, so where the ESP32 family keeps those settings
   * it has its first segment's load address: an ESP8266 image. */
  else if (odd_drv != NULL)
    {
      if (odd_drv->values[2] && kiln_bootlog_esp8266_segment_fits (odd_drv->values[0], 1, FALSE))
        add (out, KILN_BOOT_DIAG_WRONG_CHIP, "image-for-other-chip", 890,
             KILN_BOOT_CONFIDENCE_MEDIUM, odd_drv, VARIANT_ESP8266_HEADER);
      else
        add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 850,
             KILN_BOOT_CONFIDENCE_MEDIUM, odd_drv, VARIANT_ODD_PIN_SETTINGS);
    }
  /* The ROM read a valid header at the bootloader offset and a segment
   * linked to flash-mapped memory: an application (or a merged image at
   * the wrong offset) where the bootloader belongs. */
  else if (mapped_load != NULL)
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, mapped_load, VARIANT_APP_SEGMENT);
  /* A header the ROM accepted and an image it could not load: most often
   * an application or a merged image where the bootloader belongs (an
   * application's segments go to flash-mapped addresses the ROM cannot
   * load), or a bootloader at another chip's offset. */
  else if (have (self, KILN_BOOT_EVENT_INVALID_IMAGE))
    add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 845,
         KILN_BOOT_CONFIDENCE_MEDIUM, self->first[KILN_BOOT_EVENT_INVALID_IMAGE], VARIANT_BLOCK);

  /* The flash on pins the eFuses chose (GPIO16 and GPIO17 among them on
   * the PICO-D4, free GPIOs on other ESP32 modules) and a read that went
   * wrong: something else on those pins, before a damaged image. */
  {
    KilnBootEvent *sip = self->first[KILN_BOOT_EVENT_CONFIGSIP];
    gboolean bad_read = read_err != NULL || have (self, KILN_BOOT_EVENT_CSUM_ERR);

    for (guint i = 0; i < n_boots (self) && !bad_read; i++)
      bad_read = boot_nth (self, i)->read_failed;
    if (sip != NULL && sip->values[0] != 0 && bad_read)
      add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 860,
           KILN_BOOT_CONFIDENCE_MEDIUM, sip, VARIANT_FLASH_PINS);
  }
  if (read_err != NULL && slow_flash_start (self))
    {
      add (out, KILN_BOOT_DIAG_ERRATUM, "normal-boot", 300, KILN_BOOT_CONFIDENCE_MEDIUM, read_err,
           VARIANT_SLOW_FLASH);
      read_err = NULL;
    }
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

/* Whether the crash report's program counter is the entry point the ROM
 * jumped to: the CPU could not run the image's first instruction. */
static gboolean
crashed_at_entry (KilnBootlogDecoder *self)
{
  return self->have_crash_pc && have (self, KILN_BOOT_EVENT_ENTRY)
         && self->crash_pc == self->last[KILN_BOOT_EVENT_ENTRY]->values[0];
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

      /* On a chip that reads its bootloader from 0x0, a segment header
       * past the first 4 KiB that reads as text: the read worked, and what
       * lies there is another file's data, written at 0x1000 (the ESP32's
       * bootloader offset) over the rest of the bootloader. */
      if (b->text_segment != NULL && self->chip != NULL && bootloader_offset (self) == 0)
        add (out, KILN_BOOT_DIAG_INVALID_HEADER, "wrong-bootloader-offset", 885,
             KILN_BOOT_CONFIDENCE_MEDIUM, b->text_segment, VARIANT_OVERWRITTEN);
      /* The ROM read garbage after a header asking for quad mode. */
      else if (b->header_quad && b->read_garbage)
        add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 880, KILN_BOOT_CONFIDENCE_MEDIUM,
             b->garbage, VARIANT_GARBAGE);
      /* The first segment loads, then nonsense (the ESP8266's "load
       * 0x00000000, len 0" and a checksum error, a segment at 0xffffffff):
       * the ROM's reads went wrong after the header set the mode, dual as
       * well as quad; only DOUT is left. */
      else if (b->reset != NULL && b->read_garbage && !b->header_dout
               && (b->reset->family == KILN_BOOT_FAMILY_ESP8266 || b->header_mode_known))
        add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 840, KILN_BOOT_CONFIDENCE_MEDIUM,
             b->garbage, b->header_mode_known ? VARIANT_GARBAGE_DUAL : VARIANT_GARBAGE);
      /* An instruction the CPU cannot run, before the firmware said a
       * word: its code was read wrongly from flash. */
      if (b->crash_before_app && b->rom_done)
        {
          KilnBootEvent *e = self->first[KILN_BOOT_EVENT_FATAL_EXCEPTION];
          KilnBootEvent *guru = self->first[KILN_BOOT_EVENT_GURU_MEDITATION];

          if (e != NULL && (e->values[0] == 0 || e->values[0] == 2))
            add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 760,
                 KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_CRASH);
          /* On the ESP32 family the ROM read the bootloader in the mode
           * it printed: in a dual mode that worked, so it is the
           * firmware's own flash set-up that fetches wrong code (a flash
           * part its driver does not know, a speed the flash cannot do);
           * in a quad mode, the mode.  An illegal first instruction is
           * another chip's image (rules_firmware). */
          else if (guru != NULL && (name_has (guru, "illegalinstruction")
                                    || name_has (guru, "instrfetchprohibited"))
                   && !crashed_at_entry (self))
            {
              if (b->header_quad)
                add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 760,
                     KILN_BOOT_CONFIDENCE_MEDIUM, guru, VARIANT_CRASH);
              else
                add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 760,
                     KILN_BOOT_CONFIDENCE_MEDIUM, guru, VARIANT_FIRMWARE_FLASH);
            }
        }
      /* An ESP8266 image whose checksum is wrong at boot: flashers verify
       * what they wrote, so it is most often the ROM reading the flash in
       * the header's mode, which this flash or its wiring cannot do; a
       * damaged image comes second.  Not when the mode is DOUT, which
       * every flash does.  The ROM reads the segment headers after the
       * first in the header's mode (in a mode the flash does not do they
       * come out as "load 0x00000000, len 0"): when each of them names a
       * place in RAM the segment fits, that mode works, and the image is
       * what is wrong (damaged, or another file written over its end). */
      if (b->reset != NULL && b->reset->family == KILN_BOOT_FAMILY_ESP8266 && b->csum_wrong
          && !b->read_garbage)
        {
          if (b->n_loads >= 2 && b->n_ram_loads == b->n_loads)
            add (out, KILN_BOOT_DIAG_CHECKSUM, "checksum-error", 840, KILN_BOOT_CONFIDENCE_MEDIUM,
                 b->csum_wrong, VARIANT_READ_RIGHT);
          else if (!b->header_dout)
            add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 835,
                 KILN_BOOT_CONFIDENCE_MEDIUM, b->csum_wrong, VARIANT_CSUM);
        }
      if (ended && b->header_quad && b->second_stage && !b->app_started && b->n_errors == 0
          && b->n_app_lines == 0 && b->n_garbled == 0)
        {
          stuck++;
          if (evidence == NULL)
            evidence = self->first[KILN_BOOT_EVENT_SDK_SPI_MODE];
        }
    }
  /* One boot that ends as the second stage hands over is silence only
   * when Kiln itself listened on for the firmware (the boot check); a log
   * copied from elsewhere may simply end there, so it is a possibility
   * behind the ordinary reading. */
  if (stuck >= 1 && evidence != NULL
      && (stuck >= LOOP_BOOTS || (n_boots (self) == 1 && self->expect_app)))
    add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 780, KILN_BOOT_CONFIDENCE_MEDIUM,
         evidence, VARIANT_NONE);
  else if (stuck == 1 && evidence != NULL && n_boots (self) == 1)
    add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 130, KILN_BOOT_CONFIDENCE_LOW,
         evidence, VARIANT_QUOTE_ENDS);
  if (have (self, KILN_BOOT_EVENT_QIO_ERROR))
    add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 600, KILN_BOOT_CONFIDENCE_LOW,
         self->first[KILN_BOOT_EVENT_QIO_ERROR], VARIANT_QIO_BOOTLOADER);
}


/* Whether the firmware said it starts Wi-Fi in the run before boot @i
 * (before the first reset line, for the first boot), with no crash after
 * that. */
static gboolean
wifi_started_before (KilnBootlogDecoder *self,
                     guint               i)
{
  KilnBootRecord *before = i > 0 ? boot_nth (self, i - 1) : NULL;

  return before != NULL ? before->wifi_starting && before->n_crashes == 0
                        : self->wifi_starting && !self->crash_before_reset;
}

/* Hardware watchdog resets that came right after the firmware said it
 * started Wi-Fi, with no crash in between. */
static guint
wifi_watchdog_resets (KilnBootlogDecoder *self)
{
  guint n = 0;

  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (b->reset != NULL && !b->requested && wifi_started_before (self, i)
          && (b->reset_class == KILN_RESET_CLASS_WATCHDOG || b->wdt_reset))
        n++;
    }
  return n;
}

/* A boot that began the moment the firmware said it starts Wi-Fi, with no
 * crash report and no restart the firmware announced in between, by a
 * power-on reset or a reset line the copy does not hold: the radio's
 * current peaks collapsed the supply.  (A restart by software, a watchdog
 * or the reset pin says so in its reset line; the ESP32 family's
 * brown-out detector may not get to speak when the supply falls fast, and
 * the ESP8266 has none.)  Returns the evidence, or NULL. */
static KilnBootEvent *
wifi_power_reset (KilnBootlogDecoder *self)
{
  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (!wifi_started_before (self, i) || b->requested)
        continue;
      /* A boot that began with a banner and no reset line: the copy's
       * first banner stands for it (a boot keeps no banner of its own). */
      if (b->reset == NULL && self->first[KILN_BOOT_EVENT_ROM_BANNER] != NULL)
        return self->first[KILN_BOOT_EVENT_ROM_BANNER];
      if (b->reset_class == KILN_RESET_CLASS_POWER_ON)
        return b->reset;
    }
  return NULL;
}

/* Resets whose reason says why. */
static void
rules_reset_reasons (KilnBootlogDecoder *self,
                     GArray             *out)
{
  gint spurious = spurious_watchdog_boot (self);
  gboolean hardware_wdt = FALSE;
  KilnBootEvent *wdt_evidence = NULL;
  KilnBootEvent *wifi_power = wifi_power_reset (self);

  if (wifi_power != NULL)
    add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 680, KILN_BOOT_CONFIDENCE_MEDIUM, wifi_power,
         VARIANT_WIFI_POWER);
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
  /* A copy that lost the banner may still keep the ESP8266 ROM's "wdt
   * reset" under it, which says the reason alone. */
  if (self->first[KILN_BOOT_EVENT_RESET] == NULL && have (self, KILN_BOOT_EVENT_WDT_RESET)
      && self->family != KILN_BOOT_FAMILY_ESP32
      && g_str_has_suffix (self->first[KILN_BOOT_EVENT_WDT_RESET]->text, "dt reset"))
    {
      hardware_wdt = TRUE;
      wdt_evidence = self->first[KILN_BOOT_EVENT_WDT_RESET];
    }
  /* The log begins with a boot the RTC watchdog started, and that boot
   * went well: the run before it hung until the watchdog reset the chip.
   * (Within a boot that fails to read the flash the ROM's own watchdog
   * does that; those boots are read elsewhere.) */
  if (!hardware_wdt && n_boots (self) > 0)
    {
      KilnBootRecord *b = boot_nth (self, 0);

      if (b->reset != NULL && b->reset_class == KILN_RESET_CLASS_RTC_WATCHDOG
          && b->mode == KILN_BOOT_MODE_FLASH && b->rom_done && !b->read_failed
          && b->n_errors == 0 && spurious < 0)
        add (out, KILN_BOOT_DIAG_WATCHDOG, "hardware-watchdog", 420, KILN_BOOT_CONFIDENCE_LOW,
             b->reset, VARIANT_HARDWARE);
    }
  if (!hardware_wdt)
    return;
  /* The hardware watchdog again and again, each time right after the
   * firmware started Wi-Fi and without a crash: the supply sags when the
   * radio starts, and the chip hangs rather than crashes (the ESP8266 has
   * no brown-out reset to say so). */
  if (wifi_watchdog_resets (self) >= LOOP_BOOTS)
    {
      add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 690, KILN_BOOT_CONFIDENCE_MEDIUM,
           wdt_evidence, VARIANT_WIFI);
      return;
    }
  /* A hardware watchdog before the firmware ever printed a line: it cannot
   * run at all.  Its code runs from the flash through the cache, so the
   * CPU stalls when the firmware cuts the flash off: it drives one of the
   * flash's pins (GPIO6-11, which NodeMCU-style boards bring out as SD0-3,
   * CMD and CLK), or it was built or written for another flash (mode,
   * size, board).  Public threads name the pins more often. */
  if (!firmware_spoke (self)
      && (self->family == KILN_BOOT_FAMILY_ESP8266
          || (self->family == KILN_BOOT_FAMILY_UNKNOWN && have (self, KILN_BOOT_EVENT_EBOOT))))
    {
      add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 600,
           KILN_BOOT_CONFIDENCE_MEDIUM, wdt_evidence, VARIANT_SILENT);
      add (out, KILN_BOOT_DIAG_WATCHDOG, "wrong-board-settings", 590, KILN_BOOT_CONFIDENCE_MEDIUM,
           wdt_evidence, VARIANT_SILENT);
    }
  /* ESP-IDF builds its interrupt watchdog on timer group 1's watchdog
   * (the task watchdog and the boot's on group 0): a reset by TG1's is the
   * interrupt watchdog's last stage, when not even its panic could run.
   * That happens when the code the panic needs cannot be fetched from
   * the flash any more: on a chip whose eFuses put the flash on other
   * pins (the PICO-D4's GPIO16 and 17), the firmware driving one of them;
   * and when neither the bootloader nor the firmware said a word (no
   * ESP-IDF line at all: firmware_spoke() leaves out the bootloader's and
   * those before the first reset line), a build for another board. */
  else if (wdt_evidence->family != KILN_BOOT_FAMILY_ESP8266 && wdt_evidence->name != NULL
           && strstr (wdt_evidence->name, "TG1") != NULL)
    {
      KilnBootEvent *sip = self->first[KILN_BOOT_EVENT_CONFIGSIP];

      if (sip != NULL && sip->values[0] != 0)
        add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 600,
             KILN_BOOT_CONFIDENCE_MEDIUM, sip, VARIANT_FLASH_PINS_HANG);
      else if (!firmware_spoke (self) && !have (self, KILN_BOOT_EVENT_IDF_LOG))
        add (out, KILN_BOOT_DIAG_WATCHDOG, "wrong-board-settings", 600,
             KILN_BOOT_CONFIDENCE_MEDIUM, wdt_evidence, VARIANT_SILENT_BOARD);
      add (out, KILN_BOOT_DIAG_WATCHDOG, "interrupt-watchdog", 460, KILN_BOOT_CONFIDENCE_MEDIUM,
           wdt_evidence, VARIANT_INTERRUPT);
    }
  else
    add (out, KILN_BOOT_DIAG_WATCHDOG, "hardware-watchdog", 450, KILN_BOOT_CONFIDENCE_MEDIUM,
         wdt_evidence, VARIANT_HARDWARE);
}

/* Whether the task watchdog said it aborts the firmware. */
static gboolean
wdt_aborted (KilnBootlogDecoder *self)
{
  return text_has (self->first[KILN_BOOT_EVENT_TASK_WDT], "aborting")
         || text_has (self->last[KILN_BOOT_EVENT_TASK_WDT], "aborting");
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
  /* The CPU could not run the very first instruction of the image the ROM
   * started: the code is not for this chip or this revision of it. */
  if (guru != NULL && name_has (guru, "illegal") && crashed_at_entry (self))
    add (out, KILN_BOOT_DIAG_WRONG_CHIP, "image-for-other-chip", 760, KILN_BOOT_CONFIDENCE_MEDIUM,
         guru, VARIANT_ENTRY);
  if (have (self, KILN_BOOT_EVENT_FATAL_EXCEPTION))
    add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 700, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_FATAL_EXCEPTION], VARIANT_NONE);
  /* The firmware ran, started Wi-Fi, and then the CPU fetched an
   * instruction it cannot run: code read wrongly from flash at the moment
   * the radio draws its largest current, as a sagging supply does (before
   * the firmware spoke at all it is the flash mode, above). */
  for (guint i = 0; i < n_boots (self); i++)
    if (boot_nth (self, i)->illegal_after_wifi != NULL)
      {
        add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 710, KILN_BOOT_CONFIDENCE_MEDIUM,
             boot_nth (self, i)->illegal_after_wifi, VARIANT_WIFI_CRASH);
        break;
      }
  for (guint i = 0; i < G_N_ELEMENTS (panics); i++)
    {
      KilnBootEvent *panic = panics[i];

      if (panic == NULL)
        continue;
      /* ESP-IDF's task watchdog ends with "Aborting." and an abort(): the
       * abort is the watchdog's, not a second fault. */
      if (text_has (panic, "abort") && wdt_aborted (self))
        continue;
      /* Stack smashing protection catches a write past a local array: a
       * bug in the code, not a stack too small.  A line that only
       * mentions a stack ("wifi, 864 stack bytes free" in a firmware's
       * crash report) names no stack fault. */
      if (text_has (panic, "stack overflow") || text_has (panic, "stack canary"))
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
  guint rtc_loop = 0, silent = 0, bootloader_restarts = 0;
  KilnResetClass klass = KILN_RESET_CLASS_UNKNOWN;
  gboolean same_class = TRUE;
  KilnBootEvent *evidence = NULL;
  KilnBootEvent *restart = NULL;

  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);
      KilnBootRecord *following = i + 1 < n_boots (self) ? boot_nth (self, i + 1) : NULL;
      gboolean silent_entry = self->family == KILN_BOOT_FAMILY_ESP32 && b->rom_done
                              && !b->second_stage && b->n_app_lines == 0 && b->n_errors == 0;

      /* The ROM started the second stage ("entry"), nothing more was said,
       * and the chip restarted by software: the bootloader itself gave up.
       * The first boot's own software reset counts when the copy begins in
       * the middle of such a boot, or when that boot went the same way. */
      if (i == 0 && b->reset != NULL && b->reset_class == KILN_RESET_CLASS_SOFTWARE
          && !kiln_bootlog_esp32_cpu_reset (b->reset->name)
          && !b->requested && self->family == KILN_BOOT_FAMILY_ESP32
          && (self->entry_before_reset || silent_entry))
        {
          bootloader_restarts++;
          restart = b->reset;
        }
      /* The next boot's reset line may be lost; its banner says enough. */
      if (silent_entry && following != NULL
          && (following->reset == NULL
              || (following->reset_class == KILN_RESET_CLASS_SOFTWARE && !following->requested
                  && !kiln_bootlog_esp32_cpu_reset (following->reset->name))))
        {
          bootloader_restarts++;
          if (restart == NULL)
            restart = following->reset != NULL ? following->reset : b->reset;
        }
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
  /* ESP-IDF's bootloader restarts the chip when it cannot use the
   * partition table or finds no application it can start; with its log
   * turned off it says nothing first. */
  if (bootloader_restarts >= LOOP_BOOTS)
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 650,
         KILN_BOOT_CONFIDENCE_MEDIUM, restart, VARIANT_SILENT_RESTARTS);

  if (silent < LOOP_BOOTS || !self->finished || spurious_watchdog_boot (self) >= 0)
    return;
  /* Every one of them a wake-up from deep sleep: firmware that sleeps
   * again soon after it wakes (a wake stub, a sensor read) does that by
   * design; it is not a reset loop. */
  if (same_class && klass == KILN_RESET_CLASS_DEEP_SLEEP)
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

/* Garbage at another rate: a hint for reading the log, not a cause.
 * Followed by readable lines and no error, it is the ordinary sight of a
 * boot read at the firmware's rate: the ROM talked at its own (the
 * ESP8266's 74880 baud), then the firmware came up. */
static void
rules_baud (KilnBootlogDecoder *self,
            GArray             *out)
{
  KilnBootEvent *e = self->first[KILN_BOOT_EVENT_WRONG_BAUD];

  /* The firmware measured the crystal and says it is not its own. */
  if (have (self, KILN_BOOT_EVENT_CRYSTAL)
      && self->first[KILN_BOOT_EVENT_CRYSTAL]->values[0]
         != self->first[KILN_BOOT_EVENT_CRYSTAL]->values[1])
    add (out, KILN_BOOT_DIAG_CRYSTAL, "xtal-frequency-mismatch", 910, KILN_BOOT_CONFIDENCE_HIGH,
         self->first[KILN_BOOT_EVENT_CRYSTAL], VARIANT_FIRMWARE_SAYS);
  /* A board whose crystal the flasher found at 26 MHz, an ESP32-family
   * chip, and nothing readable after the reset at 115200: the bootloader
   * and firmware count on a 40 MHz crystal, and their 115200 baud comes
   * out as 115200 × 26/40 = 74880.  (The ESP8266's firmware is built for
   * its 26 MHz crystal; its ROM talks at 74880 anyway.) */
  if (e != NULL && !self->text_after_garbage && self->crystal_mhz == 26 && self->chip != NULL
      && self->chip->family != KILN_BOOT_FAMILY_ESP8266)
    add (out, KILN_BOOT_DIAG_CRYSTAL, "xtal-frequency-mismatch", 700, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->last[KILN_BOOT_EVENT_FLASHER], VARIANT_NONE);
  if (e != NULL && self->text_after_garbage && self->first_error_line == NULL)
    add (out, KILN_BOOT_DIAG_WRONG_BAUD, "normal-boot", 140, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_FIRMWARE_AFTER);
  /* The other order: the ROM's lines readable up to where it started what
   * it loaded without an error (its checksum matched, its "entry" line),
   * and only unreadable output after that: the firmware at its own rate. */
  else if (e != NULL && self->garbled_after_handover && self->first_error == NULL
           && self->first_error_line == NULL)
    add (out, KILN_BOOT_DIAG_WRONG_BAUD, "normal-boot", 140, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_FIRMWARE_GARBLED);
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_WRONG_BAUD, "wrong-baud", 140, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_NONE);
}


/* Captured through the chip's own USB (the ROM names the reset USB_UART_…),
 * the ROM handed over and then not a line more: the bootloader and the
 * firmware print on UART0, not on the USB-Serial/JTAG port the log was
 * read from (an Arduino build with "USB CDC On Boot" disabled, an ESP-IDF
 * console on UART0). */
static void
rules_console (KilnBootlogDecoder *self,
               GArray             *out)
{
  KilnBootRecord *last = n_boots (self) > 0 ? boot_nth (self, n_boots (self) - 1) : NULL;

  if (!self->finished || last == NULL || last->reset == NULL || last->mode != KILN_BOOT_MODE_FLASH
      || last->reset_class != KILN_RESET_CLASS_HOST || last->reset->name == NULL
      || strstr (last->reset->name, "USB") == NULL)
    return;
  if (!last->rom_done || last->second_stage || last->app_started || last->n_app_lines > 0
      || last->n_garbled > 0 || last->n_errors > 0 || last->n_crashes > 0)
    return;
  add (out, KILN_BOOT_DIAG_CONSOLE_ELSEWHERE, "wrong-board-settings", 520,
       KILN_BOOT_CONFIDENCE_MEDIUM, last->reset, VARIANT_NONE);
}

/* The firmware said it goes into deep sleep, and the log ends within a
 * few lines with no reset after it.  An ESP8266 wakes from deep sleep only
 * through its reset pin: its timer pulls GPIO16 low when the time is up,
 * so without GPIO16 wired to RST it sleeps for ever (the ESP8266 Arduino
 * core's and ESPHome's documentation say so).  The ESP32 family wakes by
 * itself, so a log of one that ends asleep says nothing.  The capture may
 * just have stopped before the wake-up: ranked below every error, and
 * low when nothing says the chip is an ESP8266. */
#define LINES_AFTER_SLEEP 6

static void
rules_sleep (KilnBootlogDecoder *self,
             GArray             *out)
{
  if (!self->finished || self->sleep_event == NULL || self->sleep_boots != n_boots (self)
      || self->lines_after_sleep > LINES_AFTER_SLEEP
      || (self->family != KILN_BOOT_FAMILY_ESP8266 && self->family != KILN_BOOT_FAMILY_UNKNOWN))
    return;
  /* A wake-up earlier in the log (the firmware's word, or the ROM's reset
   * cause) shows that the chip does come back. */
  if (have (self, KILN_BOOT_EVENT_WAKE))
    return;
  for (guint i = 0; i < n_boots (self); i++)
    if (boot_nth (self, i)->reset_class == KILN_RESET_CLASS_DEEP_SLEEP)
      return;
  add (out, KILN_BOOT_DIAG_DEEP_SLEEP_WIRING, "deep-sleep-wiring", 200,
       self->sleep_event->family == KILN_BOOT_FAMILY_ESP8266 ? KILN_BOOT_CONFIDENCE_MEDIUM
                                                             : KILN_BOOT_CONFIDENCE_LOW,
       self->sleep_event, VARIANT_NO_WAKE);
}

/* The last boot the log tells of: a copy that ends with the next boot's
 * ROM banner alone (no reset line, nothing after it) was cut there and
 * says nothing of that boot. */
static KilnBootRecord *
last_told_boot (KilnBootlogDecoder *self)
{
  guint n = n_boots (self);
  KilnBootRecord *last = n > 0 ? boot_nth (self, n - 1) : NULL;

  if (n > 1 && last->reset == NULL && last->n_lines == 0)
    return boot_nth (self, n - 2);
  return last;
}

/* When nothing above fired: an ordinary reset, a documented quirk, or error
 * lines no rule knows. */
static void
rules_benign (KilnBootlogDecoder *self,
              GArray             *out)
{
  gint spurious = spurious_watchdog_boot (self);
  KilnBootRecord *last = last_told_boot (self);
  KilnBootEvent *evidence = NULL;
  KilnBootVariant variant = VARIANT_NONE;
  guint errors = 0;

  /* Error lines of a run that went on to sleep on purpose: whatever they
   * report, the firmware carried on, and the reset after them is the wake
   * from that sleep. */
  if (self->first_error_line != NULL)
    add (out, KILN_BOOT_DIAG_UNEXPLAINED, "unknown",
         last != NULL && self->first_error_line_boots < n_boots (self)
         && last->reset_class == KILN_RESET_CLASS_DEEP_SLEEP && last->n_errors == 0 ? 130 : 250,
         KILN_BOOT_CONFIDENCE_LOW, self->first_error_line, VARIANT_NONE);

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
  /* A log without the ROM's lines that shows the firmware running and
   * nothing wrong: a normal start, whichever reset it was; or, when it
   * announced a restart and ran again, that restart. */
  if (last == NULL && self->first_error == NULL && self->first_error_line == NULL
      && self->firmware_ran && !have (self, KILN_BOOT_EVENT_WAKE))
    {
      if (self->ran_after_restart)
        add (out, KILN_BOOT_DIAG_BENIGN_RESET, "software-restart", 140,
             KILN_BOOT_CONFIDENCE_MEDIUM, self->first[KILN_BOOT_EVENT_RESTART],
             VARIANT_SOFTWARE);
      else
        add (out, KILN_BOOT_DIAG_BENIGN_RESET, "normal-boot", 140, KILN_BOOT_CONFIDENCE_MEDIUM,
             have (self, KILN_BOOT_EVENT_APP_START) ? self->first[KILN_BOOT_EVENT_APP_START]
             : have (self, KILN_BOOT_EVENT_APP_READY) ? self->first[KILN_BOOT_EVENT_APP_READY]
                                                      : self->first[KILN_BOOT_EVENT_IDF_LOG],
             VARIANT_APP_STARTED);
      return;
    }
  if (last == NULL || last->reset == NULL || last->mode != KILN_BOOT_MODE_FLASH || errors > 0
      || !(last->rom_done || last->second_stage || last->app_started || last->n_lines > 0))
    return;
  /* A later reset the firmware made (a restart it announced or asked for,
   * a wake from the deep sleep it entered) is what the log shows
   * happening: the power-up before it only started the capture. */
  for (guint i = 1; i < n_boots (self) && variant == VARIANT_NONE; i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (b->reset == NULL)
        continue;
      if (b->requested || b->reset_class == KILN_RESET_CLASS_SOFTWARE)
        variant = VARIANT_SOFTWARE;
      else if (b->reset_class == KILN_RESET_CLASS_DEEP_SLEEP)
        variant = VARIANT_DEEP_SLEEP;
      if (variant != VARIANT_NONE)
        evidence = b->reset;
    }
  /* Otherwise the kind of reset that started the log says what it shows:
   * a wake from deep sleep, a restart by the firmware or a tool, or a
   * power-up. */
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
    best = MAX (best, g_array_index (findings, KilnBootFinding, i).score);
  for (guint i = findings->len; i-- > 0;)
    {
      KilnBootFinding *f = &g_array_index (findings, KilnBootFinding, i);
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
        KilnBootFinding *f = &g_array_index (findings, KilnBootFinding, i);
        if (f->kind == KILN_BOOT_DIAG_FLASH_READ_ERROR || f->kind == KILN_BOOT_DIAG_EMPTY_FLASH
            || f->kind == KILN_BOOT_DIAG_INVALID_HEADER || f->kind == KILN_BOOT_DIAG_CHECKSUM)
          f->score -= 100;
      }
  /* The map mismatch explains the partition errors after it, unless the
   * SDK got past it. */
  if (find (findings, KILN_BOOT_DIAG_FLASH_MAP_MISMATCH) != NULL
      && find (findings, KILN_BOOT_DIAG_FLASH_MAP_MISMATCH)->score >= SCORE_ROM)
    for (guint i = findings->len; i-- > 0;)
      if (g_array_index (findings, KilnBootFinding, i).kind == KILN_BOOT_DIAG_SYSTEM_PARAM)
        g_array_remove_index (findings, i);
}

static gint
finding_compare (gconstpointer a,
                 gconstpointer b)
{
  const KilnBootFinding *fa = a;
  const KilnBootFinding *fb = b;

  if (fa->score != fb->score)
    return fa->score > fb->score ? -1 : 1;
  return (gint) fa->kind - (gint) fb->kind;
}

static GArray *
findings_collect (KilnBootlogDecoder *self)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (KilnBootFinding));

  rules_sdk (self, out);
  rules_firmware_messages (self, out);
  rules_straps (self, out);
  rules_rom (self, out);
  rules_flash_mode (self, out);
  rules_reset_reasons (self, out);
  rules_firmware (self, out);
  rules_loops (self, out);
  rules_baud (self, out);
  rules_console (self, out);
  rules_sleep (self, out);
  rules_benign (self, out);
  /* "No known problem" only when nothing looked wrong: a line that says
   * something failed, and no rule that reads it, is said as such. */
  if (out->len == 0 && self->first_error != NULL)
    add (out, KILN_BOOT_DIAG_UNEXPLAINED, "unknown", 250, KILN_BOOT_CONFIDENCE_LOW,
         self->first_error, VARIANT_NONE);
  drop_symptoms (out);
  g_array_sort (out, finding_compare);
  return out;
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
    g_ptr_array_add (out, kiln_bootlog_diagnosis_new (self, &g_array_index (findings, KilnBootFinding, i)));
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
      KilnBootFinding *f = &g_array_index (findings, KilnBootFinding, i);
      g_autoptr(KilnBootDiagnosis) d = NULL;

      /* Ordinary notes wait for the end: more lines may change them. */
      if (self->diagnosed[f->kind]
          || (!self->finished && f->score < SCORE_SYMPTOM_MAX
              && f->kind != KILN_BOOT_DIAG_WATCHDOG && f->kind != KILN_BOOT_DIAG_BOOT_LOOP))
        continue;
      self->diagnosed[f->kind] = TRUE;
      d = kiln_bootlog_diagnosis_new (self, f);
      self->diagnosis_func (d, self->user_data);
    }
}
