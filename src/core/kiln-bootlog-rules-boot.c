/* kiln-bootlog-rules-boot.c: the rules that read what the boot ROM and
 * the ESP8266 SDK's loader show: the SDK's own checks, the straps, the
 * header and what the ROM read, the flash mode.  The score scale is at the
 * top of kiln-bootlog-rules.c.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiln-bootlog-rules-private.h"

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

/* The ESP8266 NONOS SDK's own checks. */
void
kiln_bootlog_rules_sdk (KilnBootlogDecoder *self,
                        GArray             *out)
{
  KilnBootEvent *rf_cal = self->first[KILN_BOOT_EVENT_RF_CAL_ERROR];
  KilnBootEvent *param = self->first[KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR];
  KilnBootEvent *entry = self->first[KILN_BOOT_EVENT_PARTITION_TABLE_FAIL];

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
  /* The SDK 3 refused an entry of the firmware's own (type 100 up): the
   * partition table the firmware registers is wrong, not the SDK's
   * sectors.  It wants whole 4 KB sectors, no overlaps, nothing past the
   * flash size. */
  else if (entry != NULL && g_strcmp0 (entry->name, "entry") == 0 && entry->values[0] >= 100)
    add (out, KILN_BOOT_DIAG_PARTITION_TABLE, "partition-table-invalid", 930,
         KILN_BOOT_CONFIDENCE_MEDIUM, entry, VARIANT_SDK_ENTRY);
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
  /* The older SDKs go on with defaults after "system param error", and
   * show what they read: erased flash says nothing (a first start after
   * an erase); other data says the sectors are not where the flash size
   * setting put them, or hold another layout's. */
  else if (param != NULL && self->param_dump_data)
    add (out, KILN_BOOT_DIAG_SYSTEM_PARAM, "sdk-init-data-or-param", 920,
         KILN_BOOT_CONFIDENCE_MEDIUM, param, VARIANT_PARAM_OTHER_DATA);

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

/* A download boot by the reset line's strap value with the second strap
 * at the level download does not allow, after a reset that was not the
 * host's over USB: low where it must be high (GPIO8 on the RISC-V chips),
 * or high where it must be low (GPIO2 on the ESP32) and the ROM, naming
 * the mode, did not call it a download.  The ESP32's ROM then says
 * UART_BOOT(UART0): its loader answers there (it does under emulation),
 * but Espressif documents GPIO2 low or floating for the serial loader, and
 * on real boards this is a pull-up or a part on GPIO2, or GPIO0 held low
 * at power-up by what is wired to it. */
static gboolean
download_strap_invalid (KilnBootlogDecoder   *self,
                        const KilnBootRecord *b)
{
  const KilnBootStrap *second;

  if (b->reset == NULL || !b->reset->values[2] || b->reset->family != KILN_BOOT_FAMILY_ESP32
      || b->reset_class == KILN_RESET_CLASS_HOST)
    return FALSE;
  second = kiln_bootlog_strap_boot2_wrong (self->chip, (guint32) b->reset->values[1]);
  if (second == NULL)
    return FALSE;
  return second->download_high || !kiln_bootlog_esp32_mode_says_download (b->reset->detail);
}

/* What the strapping pins chose. */
void
kiln_bootlog_rules_straps (KilnBootlogDecoder *self,
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
            fault_before = self->crash_before_reset != NULL;
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
  guint bits = 0;

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
  for (guint32 w = word; w != 0; w &= w - 1)
    bits++;
  if (bits <= 8 || bits >= 24)
    plain = TRUE;
  if (word == 0xffffffff && self->chip != NULL && self->chip->bootloader_offset != 0)
    /* Erased at an offset above 0x0 (0x1000 on the ESP32, 0x2000 on the
     * C5 and P4).  A bootloader written at a lower chip's offset would
     * cover it with its own bytes, as ESP-IDF's are well over 8 KiB:
     * nothing was written here.  The flash is blank or erased, or only
     * the application went in, or the files went elsewhere. */
    add (out, KILN_BOOT_DIAG_EMPTY_FLASH, "empty-flash", 860,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_NOTHING_WRITTEN);
  else if (word == 0xffffffff)
    /* Erased at the bootloader offset 0x0 (or at an offset of a chip not
     * known).  On a board someone just wrote, the bootloader most often
     * went to another chip's offset (0x1000 for the ESP32 family's first
     * chip); a flash that was never written reads the same. */
    add (out, KILN_BOOT_DIAG_EMPTY_FLASH, "wrong-bootloader-offset", 860,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_NONE);
  else if (word == 0)
    add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_ZEROS);
  else if (bits >= 30)
    /* All ones but for one or two bits (0xFFFFFF7F): erased flash reads
     * all ones and every image starts with 0xE9, and a file written there
     * seldom has such a word (its padding is all ones exactly).  Most
     * likely the flash answered, but not right: a data line pulled by
     * something else, a supply that sags, or a flash chip left in a state
     * only a power cycle clears. */
    add (out, KILN_BOOT_DIAG_FLASH_READ_ERROR, "flash-read-failure", 850,
         KILN_BOOT_CONFIDENCE_MEDIUM, header, VARIANT_NEAR_ERASED);
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
void
kiln_bootlog_rules_rom (KilnBootlogDecoder *self,
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

  /* A copy that begins in the ROM's lines of a boot before its first
   * reset line counts too, when the ROM started what it loaded: the
   * flash holds an image, and a later boot with nothing after it is only
   * where the copy stops. */
  any_loaded = self->handed_over_before_reset;
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
void
kiln_bootlog_rules_flash_mode (KilnBootlogDecoder *self,
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
