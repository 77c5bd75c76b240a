/* kiln-bootlog-rules-firmware.c: the rules that read what the second
 * stage and the running firmware say and do: their error messages, the
 * reasons of the resets, crashes and watchdogs, loops of boots, deep
 * sleep.  The score scale is at the top of kiln-bootlog-rules.c.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiln-bootlog-rules-private.h"

void
kiln_bootlog_rules_firmware_messages (KilnBootlogDecoder *self,
                                      GArray             *out)
{
  KilnBootEvent *e;

  if (have (self, KILN_BOOT_EVENT_DOWNLOAD_DISABLED))
    add (out, KILN_BOOT_DIAG_DOWNLOAD_DISABLED, "download-mode-disabled", 960,
         KILN_BOOT_CONFIDENCE_HIGH, self->first[KILN_BOOT_EVENT_DOWNLOAD_DISABLED], VARIANT_NONE);
  if (have (self, KILN_BOOT_EVENT_BROWNOUT))
    add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 930, KILN_BOOT_CONFIDENCE_HIGH,
         self->first[KILN_BOOT_EVENT_BROWNOUT], VARIANT_NONE);
  /* An application for two cores on a single-core ESP32: the message says
   * what is wrong, but the image fits a chip of the same name, and what
   * picked the dual-core build may as well be called the board setting
   * (the Arduino IDE's and PlatformIO's board sets it): medium. */
  e = self->first[KILN_BOOT_EVENT_CHIP_MISMATCH];
  if (kiln_bootlog_no_chip_id (e)
      && !kiln_bootlog_no_chip_id (self->last[KILN_BOOT_EVENT_CHIP_MISMATCH]))
    e = self->last[KILN_BOOT_EVENT_CHIP_MISMATCH];
  /* A chip ID no chip has: the check read something that is no image.
   * From the ROM, at the bootloader offset, where an image's first byte
   * was right (an ESP8266's image, whose header is shorter, or another
   * file); from a second stage, an application slot without an image,
   * which that image's other lines say. */
  if (kiln_bootlog_no_chip_id (e))
    {
      if (text_has (e, "bootloader for wrong chip") || text_has (e, "invalid chip id"))
        add (out, KILN_BOOT_DIAG_INVALID_HEADER, "missing-bootloader", 850,
             KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_NO_CHIP_ID);
      e = NULL;
    }
  if (e != NULL && g_strcmp0 (e->name, "single core") == 0)
    add (out, KILN_BOOT_DIAG_WRONG_CHIP, "image-for-other-chip", 925, KILN_BOOT_CONFIDENCE_MEDIUM,
         e, VARIANT_SINGLE_CORE);
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_WRONG_CHIP, "image-for-other-chip", 925, KILN_BOOT_CONFIDENCE_HIGH,
         e, VARIANT_NONE);
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
  /* A detected size below 1 MiB on an ESP32-family chip: every chip and
   * module of the family carries 1 MiB of flash or more, so the size the
   * firmware read from the flash's ID is not the flash's.  The ID was read
   * wrong, or read from a part the build set up for another board. */
  else if (e != NULL && e->values[2] && e->values[0] < 1024
           && self->family == KILN_BOOT_FAMILY_ESP32)
    add (out, KILN_BOOT_DIAG_FLASH_SIZE, "wrong-board-settings", 910, KILN_BOOT_CONFIDENCE_MEDIUM,
         e, VARIANT_IMPLAUSIBLE_SIZE);
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
  /* A mark that is none of those, read in a dual mode, where reads rarely
   * go wrong: another file lies at the table's offset, or the chip has
   * flash encryption on and the table was written plain (read through
   * decryption it comes out as noise).  Which, the log does not say.
   * 0x0000 is no noise: zeros were written or read there. */
  else if (e != NULL && e->values[1] && e->values[0] != 0xffff && e->values[0] != 0
           && e->values[0] <= 0xffff)
    {
      add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 880,
           KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_RANDOM_MARK);
      add (out, KILN_BOOT_DIAG_SECURITY, "flash-encryption", 870, KILN_BOOT_CONFIDENCE_MEDIUM, e,
           VARIANT_ENCRYPTED_PLAIN);
    }
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 880,
         KILN_BOOT_CONFIDENCE_HIGH, e, VARIANT_NONE);
  /* A firmware that crashed after these lines did start: a slot without
   * an image was another one (an empty OTA slot), and the crash ranks
   * first.  So with the bootloader loading an application after them
   * from another slot: what the OTA data chose was empty, low.  A slot
   * whose image failed its checksum or hash holds an image, written whole
   * once and damaged since (a write cut short): the corruption ranks
   * first. */
  if (have (self, KILN_BOOT_EVENT_NO_APP))
    {
      KilnBootEvent *damaged = self->first[KILN_BOOT_EVENT_IMAGE_ERROR];
      KilnBootEvent *e_no_app = self->first[KILN_BOOT_EVENT_NO_APP];
      gboolean mcuboot = g_strcmp0 (e_no_app->name, "MCUboot slot") == 0;
      gint score = 875;
      KilnBootConfidence confidence = KILN_BOOT_CONFIDENCE_HIGH;
      KilnBootVariant variant = mcuboot ? VARIANT_MCUBOOT : VARIANT_NONE;

      if (self->crash_after_slot_error)
        {
          score = 640;
          confidence = KILN_BOOT_CONFIDENCE_MEDIUM;
        }
      else if (self->app_loaded_after_slot_error)
        {
          score = 600;
          confidence = KILN_BOOT_CONFIDENCE_LOW;
        }
      else if (text_has (damaged, "checksum failed") || text_has (damaged, "hash failed"))
        {
          score = 820;
          confidence = KILN_BOOT_CONFIDENCE_MEDIUM;
        }
      /* MCUboot's one line covers an empty slot, an image at another
       * offset and one it refuses: an empty slot is the likeliest, not
       * certain. */
      else if (mcuboot)
        {
          score = 860;
          confidence = KILN_BOOT_CONFIDENCE_MEDIUM;
        }
      /* A slot holding data that is no image: another file (or the end
       * of one) lies there, or an application written plain on a chip
       * with flash encryption on; the log does not say which. */
      else if (self->garbled_app_header != NULL)
        {
          confidence = KILN_BOOT_CONFIDENCE_MEDIUM;
          variant = VARIANT_GARBLED_SLOT;
          add (out, KILN_BOOT_DIAG_SECURITY, "flash-encryption", 865, KILN_BOOT_CONFIDENCE_MEDIUM,
               self->garbled_app_header, VARIANT_ENCRYPTED_PLAIN);
        }
      /* A table the bootloader listed without a single row: no table
       * lacking an application, but erased flash where the table should
       * be.  It was not written there, or, read after the bootloader
       * switched to quad mode, the reads came back as all ones: a flash
       * (or wiring) without that mode, the same failure that elsewhere
       * gives a mark of one byte repeated. */
      else if (self->empty_table != NULL)
        {
          score = 860;
          confidence = KILN_BOOT_CONFIDENCE_MEDIUM;
          if (self->bootloader_quad)
            add (out, KILN_BOOT_DIAG_FLASH_MODE, "wrong-flash-mode", 885,
                 KILN_BOOT_CONFIDENCE_MEDIUM, self->empty_table, VARIANT_EMPTY_TABLE_QUAD);
          add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 880,
               KILN_BOOT_CONFIDENCE_MEDIUM, self->empty_table, VARIANT_EMPTY_TABLE);
        }
      add (out, KILN_BOOT_DIAG_NO_APP, "no-app-partition", score, confidence, e_no_app, variant);
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
   * all is well, unless it too finds the OTA data unusable (then the data
   * is not blank but damaged); when none loads, the slots are what
   * fails. */
  else if (e != NULL && text_has (e, "will try all") && app_ran_after_slot_error (self)
           && self->last[KILN_BOOT_EVENT_OTA_ERROR] == e)
    add (out, KILN_BOOT_DIAG_BENIGN_RESET, "normal-boot", 160, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_TRY_ALL);
  else if (e != NULL)
    {
      if (text_has (e, "will try all") && !have (self, KILN_BOOT_EVENT_NO_APP)
          && !app_ran_after_slot_error (self))
        add (out, KILN_BOOT_DIAG_NO_APP, "no-app-partition", 872, KILN_BOOT_CONFIDENCE_MEDIUM,
             e, VARIANT_TRY_ALL);
      add (out, KILN_BOOT_DIAG_OTA, "ota-data-invalid",
         text_has (e, "falling back") || self->crash_after_slot_error ? 650 : 870,
           KILN_BOOT_CONFIDENCE_MEDIUM, e,
           g_strcmp0 (e->name, "rBoot slot") == 0 ? VARIANT_RBOOT
           : have (self, KILN_BOOT_EVENT_SDK_BOOT_VERSION) ? VARIANT_SDK_BOOT : VARIANT_NONE);
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
  /* A bootloader, or a merged image, where an application belongs: the
   * file for the bootloader offset (a whole-flash image) written to an
   * application slot, over the air or by a flasher.  It ranks above the
   * "not bootable" it leads to. */
  else if (e != NULL && g_strcmp0 (e->name, "bootloader image") == 0)
    add (out, KILN_BOOT_DIAG_NO_APP, "wrong-bootloader-offset", 880, KILN_BOOT_CONFIDENCE_MEDIUM,
         e, VARIANT_BOOTLOADER_IN_SLOT);
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_CHECKSUM, "checksum-error", 830, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_NONE);
  /* The firmware's own flash reads and writes failing (a file system that
   * cannot keep its files): a flash chip it does not handle, or a bad one.
   * Its flash driver unable to tell the chip's size from its ID says the
   * first outright; it ranks above the failed flash set-up that follows
   * it, which would otherwise read as a build for a larger flash. */
  e = self->first[KILN_BOOT_EVENT_FLASH_IO];
  if (e != NULL && g_strcmp0 (e->name, "flash part") == 0)
    add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 875,
         KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_UNKNOWN_PART);
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 720,
         KILN_BOOT_CONFIDENCE_MEDIUM, e, VARIANT_IO);
  /* A partition the firmware needs and the table lacks: the partition
   * scheme it was built with, a board setting.  A cause, so above the
   * abort it ends in. */
  if (have (self, KILN_BOOT_EVENT_PARTITION_MISSING))
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "wrong-board-settings", 860,
         KILN_BOOT_CONFIDENCE_MEDIUM, self->first[KILN_BOOT_EVENT_PARTITION_MISSING],
         VARIANT_PARTITION_MISSING);
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
  /* A build that expects PSRAM on a module without it; or, said by the
   * camera or display driver that keeps its frames there, one without
   * PSRAM. */
  e = self->first[KILN_BOOT_EVENT_PSRAM_ERROR];
  if (e != NULL)
    add (out, KILN_BOOT_DIAG_PSRAM, "wrong-board-settings", 860, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         g_strcmp0 (e->name, "camera frame buffer") == 0    ? VARIANT_CAMERA_FRAMES
         : g_strcmp0 (e->name, "display frame buffer") == 0 ? VARIANT_DISPLAY_FRAMES
                                                            : VARIANT_NONE);
  /* A file system the firmware could not mount.  A firmware that keeps
   * its files there (settings, web pages, pictures) goes wrong after it,
   * often by crashing or by a watchdog, so it ranks above those.  No
   * partition for it, or one that cannot even be formatted (it lies past
   * the end of the flash, where a layout for a larger flash puts it; so
   * too the HomeKit libraries' storage sector): the
   * partition scheme or the flash size, board settings.  MicroPython
   * that cannot read its blocks: a build for a larger flash.  Otherwise
   * nothing was written there (a separate upload from the program's);
   * formatted afterwards, it was a first start: said, low.  A file it
   * looked for and did not find, with nothing failed: low, as firmware
   * that looks for optional files says so on every start. */
  e = self->fs_failure;
  if (e != NULL && self->fs_no_partition)
    add (out, KILN_BOOT_DIAG_FILESYSTEM, "wrong-board-settings", 800, KILN_BOOT_CONFIDENCE_MEDIUM,
         e, VARIANT_FS_NO_PARTITION);
  else if (e != NULL && self->fs_format_failed)
    add (out, KILN_BOOT_DIAG_FILESYSTEM, "wrong-board-settings", 800, KILN_BOOT_CONFIDENCE_MEDIUM,
         e, g_strcmp0 (e->name, "storage erase failure") == 0 ? VARIANT_STORAGE_PAST_END
                                                              : VARIANT_FS_FORMAT_FAILED);
  else if (e != NULL && g_strcmp0 (e->name, "MicroPython flash") == 0)
    add (out, KILN_BOOT_DIAG_FILESYSTEM, "wrong-board-settings", 800, KILN_BOOT_CONFIDENCE_MEDIUM,
         e, VARIANT_FS_FLASH_TOO_SMALL);
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_FILESYSTEM, "filesystem-missing", self->fs_formatted ? 300 : 800,
         self->fs_formatted ? KILN_BOOT_CONFIDENCE_LOW : KILN_BOOT_CONFIDENCE_MEDIUM, e,
         self->fs_formatted ? VARIANT_FS_FORMATTED : VARIANT_NONE);
  /* Files the firmware cannot open or create, and no failed mount said:
   * on the ESP8266 the file system lives in the flash area the flash size
   * setting gives it, and a setting that gives none ("no FS") leaves
   * nothing to open, even after a format that said it succeeded.  A
   * cause, so above the watchdog reset it may lead to; low, as a firmware
   * that only looks for a file it has not made yet says the same.  With
   * no ROM line to tell the chip, the ESP32 family's partition scheme is
   * named beside it.  The ESP32 family's file systems say when they fail
   * to mount, so there a file not made yet is the likelier.  A file
   * system formatted on this start holds no files yet: a file that cannot
   * be read after it says nothing, one that cannot be written does. */
  else if (self->fs_open_failed != NULL && self->family != KILN_BOOT_FAMILY_ESP32
           && (!self->fs_formatted || text_has (self->fs_open_failed, "writ")))
    add (out, KILN_BOOT_DIAG_FILESYSTEM, "wrong-board-settings", 480, KILN_BOOT_CONFIDENCE_LOW,
         self->fs_open_failed, VARIANT_FS_NO_AREA);
  else if (self->fs_open_failed != NULL)
    add (out, KILN_BOOT_DIAG_FILESYSTEM, "filesystem-missing", 300, KILN_BOOT_CONFIDENCE_LOW,
         self->fs_open_failed,
         self->family == KILN_BOOT_FAMILY_ESP32 ? VARIANT_FS_OPEN_FAILED : VARIANT_FS_FILE_MISSING);
  else if (self->fs_file_missing != NULL)
    add (out, KILN_BOOT_DIAG_FILESYSTEM, "filesystem-missing", 300, KILN_BOOT_CONFIDENCE_LOW,
         self->fs_file_missing, VARIANT_FS_FILE_MISSING);
  /* Board support code that did not find a part of the board it was
   * built for: most often a build for a sibling board with other parts
   * (the board is chosen in the build's settings), else the part is not
   * connected.  The same for an Ethernet chip that does not come up as
   * the firmware set it up.  A cause, so it ranks above the abort it
   * leads to. */
  if (have (self, KILN_BOOT_EVENT_BOARD_PART))
    add (out, KILN_BOOT_DIAG_BOARD_PART, "wrong-board-settings", 840, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_BOARD_PART],
         g_strcmp0 (self->first[KILN_BOOT_EVENT_BOARD_PART]->name, "Ethernet") == 0
         ? VARIANT_ETHERNET : VARIANT_NONE);
  /* A camera sensor that does not answer while the chip runs on: on the
   * ESP32-CAM kind of board, most often its supply (the sensor gives up
   * before the ESP32 does), then the ribbon cable or a pin map for
   * another board; low, for the three compete.  Anything more specific
   * (the brown-out detector's own line, a crash) ranks above. */
  if (have (self, KILN_BOOT_EVENT_CAMERA))
    add (out, KILN_BOOT_DIAG_BROWNOUT, "brownout", 600, KILN_BOOT_CONFIDENCE_LOW,
         self->first[KILN_BOOT_EVENT_CAMERA], VARIANT_CAMERA);
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
                        : self->wifi_starting && self->crash_before_reset == NULL;
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
void
kiln_bootlog_rules_reset_reasons (KilnBootlogDecoder *self,
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
   * went well, or the copy has ended and that boot shows nothing wrong
   * (while a capture goes on, the boot may still go wrong): the run before it
   * hung until the watchdog reset the chip.  (Within a boot that fails to
   * read the flash the ROM's own watchdog does that; those boots are read
   * elsewhere.)  Not when the firmware then runs and talks: the log is of
   * that run, and the hang came before it (rules_benign()).  A reset line
   * quoted without its boot mode (the copy cut it, or a guide quotes the
   * reason alone) is read the same: only a boot into download mode is
   * left out. */
  if (!hardware_wdt && n_boots (self) > 0)
    {
      KilnBootRecord *b = boot_nth (self, 0);

      if (b->reset != NULL && b->reset_class == KILN_RESET_CLASS_RTC_WATCHDOG
          && (b->mode == KILN_BOOT_MODE_FLASH || b->mode == KILN_BOOT_MODE_UNKNOWN)
          && (b->rom_done || self->finished) && !b->read_failed
          && b->n_errors == 0 && spurious < 0 && !kiln_bootlog_boot_ran (b))
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

/* The reset line of the first software reset that came while the
 * firmware was at work: its own lines before it, and no crash report,
 * watchdog's words, error line or announced restart (an error line is
 * the likelier reason, and the unexplained-line finding shows it).  The
 * copy's lines before its first reset line count as the run before that
 * reset. */
static KilnBootEvent *
unexplained_software_reset (KilnBootlogDecoder *self)
{
  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);
      gboolean at_work;

      if (b->reset == NULL || b->reset_class != KILN_RESET_CLASS_SOFTWARE || b->requested)
        continue;
      /* An error line in the run before this reset, or earlier: it or
       * what it led to is the likelier reason for this reset and the
       * later ones. */
      if (self->first_error_line != NULL && self->first_error_line_boots <= i)
        break;
      if (i == 0)
        at_work = self->firmware_ran && self->crash_before_reset == NULL
                  && self->panic_tail == NULL;
      else
        {
          KilnBootRecord *before = boot_nth (self, i - 1);

          at_work = before->n_app_lines > 0 && before->n_crashes == 0 && !before->fault_reported
                    && before->n_errors == 0;
        }
      if (at_work)
        return b->reset;
    }
  return NULL;
}

/* Whether the log has a first reset line that may be the restart after a
 * crash: not a watchdog's or a brown-out's, which name a reason of their
 * own. */
static gboolean
first_reset_may_follow_crash (KilnBootlogDecoder *self)
{
  KilnBootRecord *first = n_boots (self) > 0 ? boot_nth (self, 0) : NULL;

  if (first == NULL || first->reset == NULL)
    return FALSE;
  switch (first->reset_class)
    {
    case KILN_RESET_CLASS_WATCHDOG:
    case KILN_RESET_CLASS_RTC_WATCHDOG:
    case KILN_RESET_CLASS_BROWNOUT:
      return FALSE;
    default:
      return TRUE;
    }
}

/* The running firmware failed. */
void
kiln_bootlog_rules_firmware (KilnBootlogDecoder *self,
                             GArray             *out)
{
  KilnBootEvent *guru = self->first[KILN_BOOT_EVENT_GURU_MEDITATION];
  KilnBootEvent *wdt = self->first[KILN_BOOT_EVENT_TASK_WDT];
  KilnBootEvent *panics[2] = { self->first[KILN_BOOT_EVENT_PANIC], self->last[KILN_BOOT_EVENT_PANIC] };
  KilnBootEvent *silent;

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
  /* The ESP8266's software watchdog fires through a level-1 interrupt:
   * crash reports that print an exception for it too ("Soft WDT reset",
   * then "Exception (4):") report the watchdog, not a crash of its own. */
  if (have (self, KILN_BOOT_EVENT_FATAL_EXCEPTION)
      && !(self->first[KILN_BOOT_EVENT_FATAL_EXCEPTION]->values[0] == 4
           && text_has (wdt, "soft wdt")))
    add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 700, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_FATAL_EXCEPTION], VARIANT_NONE);
  /* A copy that begins with the last line of ESP-IDF's panic handler (a
   * bare "Rebooting..." and then the ROM's software reset of the CPU, as
   * note() in kiln-bootlog.c reads them): the crash came just before the
   * copy.  Low: the report is not in it, and a firmware may print the line
   * before a restart on purpose, which resets the CPU too.  A crash report
   * later in the copy names its own cause, which ranks above. */
  if (self->panic_tail != NULL)
    add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 500, KILN_BOOT_CONFIDENCE_LOW,
         self->panic_tail, VARIANT_PANIC_TAIL);
  /* A backtrace with none of the lines that begin a crash report (the
   * panic's reason, an exception, a watchdog's or an abort's words): the
   * copy left out the first lines, as posters who paste only the part a
   * decoder reads do.  ESP-IDF and the Arduino cores print one as part of
   * that report; a running firmware seldom prints one of its own.  Low:
   * what stopped it is not in the copy. */
  else if (self->backtrace != NULL && guru == NULL && wdt == NULL && panics[0] == NULL
           && !have (self, KILN_BOOT_EVENT_FATAL_EXCEPTION))
    add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 480, KILN_BOOT_CONFIDENCE_LOW,
         self->backtrace, VARIANT_BACKTRACE_ONLY);
  /* A copy that begins with the last lines of a crash report, before the
   * first reset line and without the backtrace (the build's ELF checksum,
   * the end of a register or stack dump): the run before the copy crashed,
   * and the restart that follows is the crash's, however the firmware
   * announces it.  Low, as above.  Not when that reset is a watchdog's or
   * a brown-out's: then the reset says more than the report's end. */
  else if (self->crash_before_reset != NULL && guru == NULL && wdt == NULL && panics[0] == NULL
           && !have (self, KILN_BOOT_EVENT_FATAL_EXCEPTION) && first_reset_may_follow_crash (self))
    add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 480, KILN_BOOT_CONFIDENCE_LOW,
         self->crash_before_reset, VARIANT_REPORT_TAIL);
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
      else if (name_has (panic, "driver conflict"))
        add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 700, KILN_BOOT_CONFIDENCE_MEDIUM, panic,
             VARIANT_DRIVER_CONFLICT);
      else
        add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 700, KILN_BOOT_CONFIDENCE_MEDIUM, panic,
             VARIANT_NONE);
    }
  /* A software reset while the firmware was at work, with nothing in the
   * log to say why, is no ordinary restart: the likeliest is a crash
   * whose report went to another console or was turned off.  Low: a
   * brownout the firmware handles in silence, or a restart on an error it
   * does not announce, looks the same; any reason in the log ranks above. */
  silent = unexplained_software_reset (self);
  if (silent != NULL)
    add (out, KILN_BOOT_DIAG_CRASH, "app-crash", 470, KILN_BOOT_CONFIDENCE_LOW, silent,
         VARIANT_SILENT_RESET);
}

/* Several boots in a row. */
void
kiln_bootlog_rules_loops (KilnBootlogDecoder *self,
                          GArray             *out)
{
  guint rtc_loop = 0, silent = 0, bootloader_restarts = 0;
  KilnResetClass klass = KILN_RESET_CLASS_UNKNOWN;
  gboolean same_class = TRUE;
  KilnBootEvent *evidence = NULL;
  KilnBootEvent *restart = NULL;

  /* The ROM's first line cut off by a reset again and again, a few
   * characters in: no firmware runs that early, so only the supply or the
   * EN line resets the chip there.  Above the loops of whole boots, which
   * say less. */
  if (self->banner_cut != NULL)
    add (out, KILN_BOOT_DIAG_RESET_LOOP, "reset-loop-power", 640, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->banner_cut, VARIANT_BANNER_CUT);

  for (guint i = 0; i < n_boots (self); i++)
    {
      KilnBootRecord *b = boot_nth (self, i);
      KilnBootRecord *following = i + 1 < n_boots (self) ? boot_nth (self, i + 1) : NULL;
      gboolean silent_entry = self->family == KILN_BOOT_FAMILY_ESP32 && b->rom_done
                              && !b->second_stage && b->n_app_lines == 0 && b->n_errors == 0;

      /* The ROM started the second stage ("entry"), nothing more was said,
       * and the chip restarted by software: the bootloader itself gave up.
       * When the first boot went that way, its own software reset counts
       * too: the boot before it, not in the copy (or only its last lines),
       * most likely went the same way. */
      if (i == 0 && b->reset != NULL && b->reset_class == KILN_RESET_CLASS_SOFTWARE
          && !kiln_bootlog_esp32_cpu_reset (b->reset->name)
          && !b->requested && silent_entry)
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
      /* A copy that begins with an unannounced restart of the CPU by
       * software (the application's, a crash's or esp_restart(); the
       * bootloader's are counted above), and whose first boot ends in
       * another such without a line from the firmware: the boot before the
       * copy most likely went the same way, so its restart counts towards
       * the loop.  The firmware crashes or restarts itself before it says
       * anything here; its console may be elsewhere (USB). */
      if (i == 0 && following != NULL && following->reset != NULL
          && b->reset_class == KILN_RESET_CLASS_SOFTWARE && !b->requested
          && kiln_bootlog_esp32_cpu_reset (b->reset->name)
          && following->reset_class == KILN_RESET_CLASS_SOFTWARE && !following->requested
          && kiln_bootlog_esp32_cpu_reset (following->reset->name)
          && b->n_errors == 0 && !b->app_ready && b->n_crashes == 0)
        {
          klass = b->reset_class;
          evidence = b->reset;
          silent++;
        }
      /* A boot that ended in another boot without a word from the
       * firmware; not the first boot with flash encryption, which the
       * bootloader ends on purpose once it has encrypted the flash. */
      if (i + 1 < n_boots (self) && b->n_errors == 0 && !b->app_ready && b->n_crashes == 0
          && b->encryption_restart == NULL)
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
   * turned off it says nothing first.  The threads that settled why most
   * often found a build for another board (a partition scheme for more
   * flash than the board has, a flash speed it cannot do): that is named,
   * the table and a damaged application with it. */
  if (bootloader_restarts >= LOOP_BOOTS)
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "wrong-board-settings", 650,
         KILN_BOOT_CONFIDENCE_MEDIUM, restart, VARIANT_SILENT_RESTARTS);
  /* Once is enough when the saved program counter says so. */
  else if (self->stage2_silent_restart != NULL)
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "wrong-board-settings", 650,
         KILN_BOOT_CONFIDENCE_MEDIUM, self->stage2_silent_restart, VARIANT_SILENT_RESTART_PC);

  /* The same loop seen only in the second stage's lines: it started
   * again and again with nothing from the firmware in between, and the
   * ROM's banners, which would say what reset the chip, are not in the
   * copy. */
  if (self->stage2_restarts >= LOOP_BOOTS && self->finished)
    add (out, KILN_BOOT_DIAG_RESET_LOOP, "reset-loop-power", 580, KILN_BOOT_CONFIDENCE_LOW,
         self->stage2_restart, VARIANT_STAGE2_RESTARTS);

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

/* The firmware said it goes into deep sleep, and the log ends within a
 * few lines with no reset after it.  An ESP8266 wakes from deep sleep only
 * through its reset pin: its timer pulls GPIO16 low when the time is up,
 * so without GPIO16 wired to RST it sleeps for ever (the ESP8266 Arduino
 * core's and ESPHome's documentation say so).  The ESP32 family wakes by
 * itself, so a log of one that ends asleep says nothing.  The capture may
 * just have stopped before the wake-up: ranked below every error, and
 * low when nothing says the chip is an ESP8266. */
#define LINES_AFTER_SLEEP 6

void
kiln_bootlog_rules_sleep (KilnBootlogDecoder *self,
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
