/* kiln-bootlog-finding.h: a finding of the rules (kiln-bootlog-rules*.c)
 * and what its texts are written from (kiln-bootlog-texts*.c).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-bootlog-private.h"

G_BEGIN_DECLS

/* Which of a diagnosis kind's texts applies: a rule knows more than the
 * kind says (why the chip waits in download mode, what sat in the
 * bootloader slot). */
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
  VARIANT_QUOTE_ENDS,     /* a copied log that ends as the second stage hands over */
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
  VARIANT_DATA,
  VARIANT_BLOCK,
  VARIANT_APP_SEGMENT,
  VARIANT_ZEROS,
  VARIANT_READ_ERR,
  VARIANT_IO,
  VARIANT_UNKNOWN_PART,   /* the firmware's flash driver cannot size the chip from its ID */
  /* ESP8266 init data and parameters */
  VARIANT_WRONG_DATA,
  /* brown-outs */
  VARIANT_WIFI,
  VARIANT_WIFI_POWER,     /* a power-on reset, or none said, as Wi-Fi started */
  VARIANT_WIFI_CRASH,
  VARIANT_CAMERA,         /* the camera sensor did not answer */
  /* PSRAM */
  VARIANT_CAMERA_FRAMES,  /* the camera driver found no PSRAM for its frames */
  VARIANT_DISPLAY_FRAMES, /* the RGB display driver found no PSRAM for its frame buffer */
  /* crashes */
  VARIANT_PANIC_TAIL,     /* only the panic handler's last line is in the copy */
  /* a lone ESP8266 banner */
  VARIANT_LONE,
  /* output at another rate, then the firmware's readable lines */
  VARIANT_FIRMWARE_AFTER,
  /* the other order: the ROM started the firmware, then output at another rate */
  VARIANT_FIRMWARE_GARBLED,
  /* flash mode: nonsense read in a dual mode, DIO (or DOUT's neighbours) */
  VARIANT_GARBAGE_DUAL,
  /* flash mode: a table read as a pattern in quad mode */
  VARIANT_QUAD_PATTERN,
  /* another chip: the first instruction could not run */
  VARIANT_ENTRY,
  /* flash size: a flasher's report against the header */
  VARIANT_FLASHER,
  /* no application: the ESP8266's user1 slot at 0x1000 */
  VARIANT_USER1,
  /* flash map: the SDK took the partition table all the same */
  VARIANT_MAP_PASSED,
  /* OTA: rBoot's selected slot */
  VARIANT_RBOOT,
  /* OTA: the ESP8266 SDK's boot.bin and its settings sector */
  VARIANT_SDK_BOOT,
  /* erratum: the flash not ready at power-on */
  VARIANT_SLOW_FLASH,
  /* flash read: the flash on pins the eFuses chose */
  VARIANT_FLASH_PINS,
  /* ESP8266 SDK: "need boot 1.4+" */
  VARIANT_BOOT_VERSION,
  /* partition table: the bootloader restarts the chip without a word */
  VARIANT_SILENT_RESTARTS,
  /* …once, told by the saved program counter inside the bootloader's code */
  VARIANT_SILENT_RESTART_PC,
  /* flash mode: a table mark that is neither a table's nor erased flash */
  VARIANT_ODD_MAGIC,
  /* invalid header: a word that looks random */
  VARIANT_RANDOM,
  /* partition table: a mark neither a table's, nor erased, nor an image's,
   * read in a dual mode */
  VARIANT_RANDOM_MARK,
  /* partition table: listed without a single row (erased flash read
   * there), in a dual mode / after a switch to quad mode */
  VARIANT_EMPTY_TABLE,
  VARIANT_EMPTY_TABLE_QUAD,
  /* no application: the slot's header holds fields no image has */
  VARIANT_GARBLED_SLOT,
  /* flash encryption: a table or an application read through it */
  VARIANT_ENCRYPTED_PLAIN,
  /* flash size: the firmware could not set up its flash */
  VARIANT_FLASH_CONFIG,
  /* watchdog: the firmware hung before a word, without a crash report */
  VARIANT_SILENT_BOARD,
  /* watchdog: the same, on a chip whose eFuses moved the flash's pins */
  VARIANT_FLASH_PINS_HANG,
  /* crystal: the firmware says the crystal is not the one it was built for */
  VARIANT_FIRMWARE_SAYS,
  /* crystal: the firmware found the bootloader set up for another */
  VARIANT_BOOTLOADER_XTAL,
  /* another chip: the header's flash pin settings are an ESP8266 address */
  VARIANT_ESP8266_HEADER,
  /* invalid header: the flash pin settings no bootloader can hold */
  VARIANT_ODD_PIN_SETTINGS,
  /* invalid header: the ROM's chip check read a chip ID no chip has */
  VARIANT_NO_CHIP_ID,
  /* ESP8266: the ROM jumped into empty instruction RAM (GPIO2 low) */
  VARIANT_JUMP_BOOT,
  /* flash mode: an ESP8266 image checksum wrong at boot */
  VARIANT_CSUM,
  /* flash read: code fetched wrongly once the firmware set up the flash */
  VARIANT_FIRMWARE_FLASH,
  /* bootloader offset: another file written at 0x1000 over the bootloader */
  VARIANT_OVERWRITTEN,
  /* checksum: ESP8266 segments read right in the header's mode, sum wrong */
  VARIANT_READ_RIGHT,
  /* flash size: a partition past the flash size the bootloader works with */
  VARIANT_TABLE_PAST_END,
  /* system parameters: SDK 3 and a header of 512 KB or less */
  VARIANT_SMALL_FLASH,
  /* OTA data blank, no factory app: the bootloader tries every slot */
  VARIANT_TRY_ALL,
  /* partition table: an image's first bytes (0xE9, segments) at its offset */
  VARIANT_IMAGE_AT_TABLE,
  /* NVS: the NVS keys partition holds no valid key set */
  VARIANT_NVS_KEYS,
  /* benign: the firmware's start, in a log without the ROM's lines */
  VARIANT_APP_STARTED,
  /* deep-sleep wiring: the firmware went to sleep and the log ends */
  VARIANT_NO_WAKE,
  /* invalid header: the ROM fell back to the recovery bootloader */
  VARIANT_RECOVERY,
  /* a board part: the Ethernet chip, as the firmware set it up */
  VARIANT_ETHERNET,
  /* erased at the bootloader offset, which a bootloader written lower
   * would have covered: nothing was written there */
  VARIANT_NOTHING_WRITTEN,
  /* the flash reads all ones but for a bit or two at the bootloader
   * offset: neither erased nor written, a read that went wrong */
  VARIANT_NEAR_ERASED,
  /* benign: the copy ends at the banner of a restart the firmware
   * announced */
  VARIANT_RESTART_ANNOUNCED,
  /* a crash: only its backtrace is in the copy */
  VARIANT_BACKTRACE_ONLY,
  /* a crash: the copy begins with the last lines of its report (no
   * backtrace), before the first reset */
  VARIANT_REPORT_TAIL,
  /* a crash: ESP-IDF stopped a firmware that links a peripheral's legacy
   * driver with its successor */
  VARIANT_DRIVER_CONFLICT,
  /* a crash: a software reset while the firmware was at work, with
   * nothing in the log to say why */
  VARIANT_SILENT_RESET,
  /* another chip: an application built for two cores on a single-core
   * ESP32 */
  VARIANT_SINGLE_CORE,
  /* flash size: a detected size no ESP32-family board has */
  VARIANT_IMPLAUSIBLE_SIZE,
  /* reset loop: the second stage starts again and again, the ROM's
   * banners not in the copy */
  VARIANT_STAGE2_RESTARTS,
  /* reset loop: the chip restarts while its ROM still prints its first
   * line */
  VARIANT_BANNER_CUT,
  /* a partition the firmware looks up is not in the partition table */
  VARIANT_PARTITION_MISSING,
  /* file system: its partition is not in the partition table */
  VARIANT_FS_NO_PARTITION,
  /* file system: the firmware formatted it after the failed mount */
  VARIANT_FS_FORMATTED,
  /* file system: a file the firmware looked for is not in it */
  VARIANT_FS_FILE_MISSING,
  /* file system: files that cannot be opened, on an ESP8266 (no area for
   * them in the flash layout), or on another chip */
  VARIANT_FS_NO_AREA,
  VARIANT_FS_OPEN_FAILED,
  /* file system: formatting it failed too */
  VARIANT_FS_FORMAT_FAILED,
  /* file system: the HomeKit libraries' storage sector would not erase */
  VARIANT_STORAGE_PAST_END,
  /* file system: MicroPython could not read its blocks from the flash */
  VARIANT_FS_FLASH_TOO_SMALL,
  /* no application: a bootloader or a merged image in the application
   * slot */
  VARIANT_BOOTLOADER_IN_SLOT,
  /* system parameters: the older SDKs' dump shows other data there */
  VARIANT_PARAM_OTHER_DATA,
  /* no application: MCUboot found none it can start in its slots */
  VARIANT_MCUBOOT,
  /* partition table: the ESP8266 SDK 3 refused an entry of the firmware's */
  VARIANT_SDK_ENTRY,
  /* benign: a single boot after a software reset that the log does not
   * show being made (it came before the copy began) */
  VARIANT_SOFTWARE_BEFORE,
  /* benign: a single boot the RTC watchdog started, whose firmware then
   * runs without an error (the hang came before the copy began) */
  VARIANT_WATCHDOG_BEFORE,
  /* benign: the first boot with flash encryption, the bootloader's own
   * restart once it has encrypted the flash, and the boot after it */
  VARIANT_ENCRYPTED_FIRST,
  /* benign: the same, the log ending at that restart */
  VARIANT_ENCRYPTING,
  /* another baud rate: an ESP32-family ROM read right, and nothing after
   * its "entry" */
  VARIANT_AFTER_ROM,
} KilnBootVariant;

/* One rule's conclusion: kind, cause id, score and confidence (see the
 * top of kiln-bootlog-rules.c for the scale) and the line it rests on. */
typedef struct
{
  KilnBootDiagnosisKind kind;
  const char           *cause;
  gint                  score;
  KilnBootConfidence    confidence;
  KilnBootSeverity      severity;
  KilnBootEvent        *evidence;   /* borrowed */
  KilnBootVariant       variant;
} KilnBootFinding;

/* ---- evidence helpers shared by the rules and the texts ---------------- */

static inline gboolean
have (KilnBootlogDecoder *self,
      KilnBootEventKind   kind)
{
  return self->count[kind] > 0;
}

static inline KilnBootRecord *
boot_nth (KilnBootlogDecoder *self,
          guint               i)
{
  return &g_array_index (self->boots, KilnBootRecord, i);
}

static inline guint
n_boots (KilnBootlogDecoder *self)
{
  return self->boots->len;
}

static inline guint32
bootloader_offset (KilnBootlogDecoder *self)
{
  return self->chip != NULL ? self->chip->bootloader_offset : 0x1000;
}

/* Whether the firmware a boot started ran and talked: its start, or lines
 * of its own. */
static inline gboolean
kiln_bootlog_boot_ran (const KilnBootRecord *b)
{
  return b->app_started || b->n_app_lines > 0;
}

static inline const char *
boot_pin (KilnBootlogDecoder *self)
{
  return self->chip != NULL ? self->chip->boot_pin : "GPIO0";
}

/* The strap value of the last reset line that had one, and the boot mode
 * it chose (@mode may be NULL). */
gboolean           kiln_bootlog_last_strap    (KilnBootlogDecoder    *self,
                                               guint32               *strap,
                                               KilnBootMode          *mode);

/* The diagnosis a finding makes: title, explanation and fix. */
KilnBootDiagnosis *kiln_bootlog_diagnosis_new (KilnBootlogDecoder    *self,
                                               const KilnBootFinding *f);

/* Word @f into @d if it is a finding of their kind; %FALSE if it is not. */
gboolean           kiln_bootlog_texts_boot    (KilnBootlogDecoder    *self,
                                               const KilnBootFinding *f,
                                               KilnBootDiagnosis     *d);
gboolean           kiln_bootlog_texts_run     (KilnBootlogDecoder    *self,
                                               const KilnBootFinding *f,
                                               KilnBootDiagnosis     *d);

G_END_DECLS
