/* test-bootlog-rules.c: the boot-log decoder's diagnoses of what goes
 * wrong before the firmware runs (the ROMs' lines and strapping pins, the
 * second stages, flash settings, images, partitions and OTA data, the
 * ESP8266 SDKs' start-up, the chips' facts) and how diagnoses are ranked.
 * test-bootlog-rules-run.c has those of the running firmware.  Each rule
 * is tested with logs written from the documented wording of what the
 * ROMs, the second stages, ESP-IDF, the ESP8266 SDKs and the flashers
 * print, not with the corpus's logs (test-bootlog-corpus.c measures those).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-test-bootlog.h"

/* Every chip the core flashes has boot-log facts, with the same
 * bootloader offset; and the chips Kiln cannot flash yet are known too. */
static void
test_chip_facts (void)
{
  static const struct
  {
    const char *banner;
    const char *display;
    const char *offset;
  } others[] = {
    { "ESP-ROM:esp8684-api2-20220127", "ESP32-C2", "0x0" },
    { "ESP-ROM:esp32c5-eco2-20250121", "ESP32-C5", "0x2000" },
    { "ESP-ROM:esp32c61-20231229", "ESP32-C61", "0x0" },
    { "ESP-ROM:esp32p4-eco2-20240710", "ESP32-P4", "0x2000" },
  };

  for (guint i = 0; i < KILN_N_CHIPS; i++)
    {
      const KilnChipInfo *chip = kiln_chip_get ((KilnChipId) i);
      g_autofree char *log = NULL;
      g_autofree char *offset = NULL;
      KilnBootDiagnosis *d;

      if (chip->id == KILN_CHIP_ESP8266)
        continue;
      if (chip->id == KILN_CHIP_ESP32)
        log = g_strdup ("ets Jul 29 2019 12:21:46\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
                        "(SPI_FAST_FLASH_BOOT)\r\ninvalid header: 0xffffffff\r\n");
      else
        log = g_strdup_printf ("ESP-ROM:%s-20210207\r\nrst:0x1 (POWERON),boot:0xc "
                               "(SPI_FAST_FLASH_BOOT)\r\ninvalid header: 0xffffffff\r\n",
                               chip->id == KILN_CHIP_ESP32C2 ? "esp8684" : chip->name);
      offset = g_strdup_printf ("offset 0x%X", chip->bootloader_offset);
      d = first_diagnosis (log);
      g_assert_nonnull (d);
      g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_EMPTY_FLASH);
      assert_contains (d->explanation, offset);
    }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *log = g_strdup_printf ("%s\r\nrst:0x1 (POWERON),boot:0x18 "
                                              "(SPI_FAST_FLASH_BOOT)\r\ninvalid header: "
                                              "0xffffffff\r\n", others[i].banner);
      g_auto(Result) r = { 0 };
      g_autofree char *offset = g_strdup_printf ("offset %s", others[i].offset);

      decode_str (log, &r);
      assert_contains (find_event (&r, KILN_BOOT_EVENT_ROM_BANNER, 0)->explanation,
                       others[i].display);
      assert_contains (find_diagnosis (&r, KILN_BOOT_DIAG_EMPTY_FLASH)->explanation, offset);
    }
}

/* A cause outranks its symptoms; the first diagnosis weighs every line. */
static void
test_ranking (void)
{
  KilnBootDiagnosis *d;

  /* The watchdog reset line comes first, the brown-out message after. */
  d = first_diagnosis ("rst:0x7 (TG0WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "I (1234) wifi: connected\r\n"
                       "Brownout detector was triggered\r\n");
  g_assert_cmpstr (d->cause, ==, "brownout");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);

  /* A crash after a PSRAM failure: the PSRAM is the cause. */
  d = first_diagnosis ("E (512) psram: PSRAM ID read error: 0xffffffff\r\n"
                       "Guru Meditation Error: Core  0 panic'ed (LoadProhibited)\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");

  /* The strap named as the cause of the unreadable flash. */
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x33 (SPI_FAST_FLASH_BOOT)\r\n"
                       "flash read err, 1000\r\nets_main.c 371\r\n");
  g_assert_cmpstr (d->cause, ==, "flash-voltage-gpio12");

  /* With the straps right, the ROM found nothing it could load. */
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "flash read err, 1000\r\nets_main.c 371\r\n");
  g_assert_cmpstr (d->cause, ==, "missing-bootloader");
  assert_contains (d->explanation, "GPIO12 (MTDI) low");
  /* … and names the other ways to get there, flash encryption among them. */
  assert_contains (d->explanation, "flash encryption");
  assert_contains (d->fix, "encrypted images");
  /* … unless the firmware ran before and a watchdog of it reset the chip. */
  d = first_diagnosis ("rst:0x7 (TG0WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "flash read err, 1000\r\nets_main.c 371\r\n");
  g_assert_cmpstr (d->cause, ==, "brownout");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
}

/* What the bootloader slot holds, read from the word the ROM prints. */
static void
test_invalid_header_words (void)
{
  static const struct
  {
    const char *word;
    const char *cause;
  } words[] = {
    /* Erased at the ESP32's 0x1000, which a bootloader written at 0x0
     * would cover: nothing was written there. */
    { "0xffffffff", "empty-flash" },
    { "0x00000000", "flash-read-failure" },
    { "0x25207325", "missing-bootloader" },      /* "%s %": text */
    { "0x002002e9", "missing-bootloader" },      /* an image header */
    { "0x40080400", "missing-bootloader" },      /* zero bytes: code or data, not ciphertext */
    { "0x3ffbff3c", "missing-bootloader" },      /* an 0xFF byte: the same */
    { "0x08102040", "missing-bootloader" },      /* 4 bits of 32 set: too regular for ciphertext */
    { "0xf7effbfd", "missing-bootloader" },      /* 28 set: the same */
    /* Random, every time (17 bits set): another file's middle first,
     * ciphertext (flash encryption on) second. */
    { "0xba8f1c66", "missing-bootloader" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *log = g_strdup_printf ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 "
                                              "(SPI_FAST_FLASH_BOOT)\r\ninvalid header: %s\r\n"
                                              "invalid header: %s\r\n", words[i].word,
                                              words[i].word);
      KilnBootDiagnosis *d = first_diagnosis (log);

      g_assert_cmpstr (d->cause, ==, words[i].cause);
      g_assert_cmpint (d->confidence, !=, KILN_BOOT_CONFIDENCE_HIGH);
      if (i == G_N_ELEMENTS (words) - 1)
        {
          g_autofree char *causes = ranked_causes (log);
          g_assert_cmpstr (causes, ==, "missing-bootloader flash-encryption");
        }
    }
  /* On a chip that reads its bootloader from 0x2000, code there is most
   * often a bootloader written at 0x0. */
  g_assert_cmpstr (first_diagnosis ("ESP-ROM:esp32c5-eco2-20250121\r\nrst:0x7 (TG0_WDT_HPSYS),"
                                    "boot:0x18 (SPI_FAST_FLASH_BOOT)\r\ninvalid header: "
                                    "0x59b25942\r\nassertion \"result == ETS_OK\" failed: file "
                                    "\"ets_main.c\", line 369, function: ets_flash_boot\r\n")->cause,
                   ==, "wrong-bootloader-offset");
  /* The ROM giving up without a word. */
  g_assert_cmpstr (first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)"
                                    "\r\nets_main.c 384\r\n")->cause, ==, "missing-bootloader");
}

/* Patterns over several lines and boots. */
static void
test_multi_line_rules (void)
{
  KilnBootDiagnosis *d;

  /* Download mode the chip restarted into by itself after an upload: the
   * straps were not sampled again. */
  d = first_diagnosis ("ets Jan  8 2013,rst cause:2, boot mode:(1,6)\r\n"
                       "ets Jan  8 2013,rst cause:4, boot mode:(1,6)\r\nwdt reset\r\n");
  g_assert_cmpstr (d->cause, ==, "restart-after-serial-flash");
  /* Held low at a reset by the pin: the boot pin. */
  d = first_diagnosis ("ets Jan  8 2013,rst cause:2, boot mode:(1,6)\r\n");
  g_assert_cmpstr (d->cause, ==, "download-mode-gpio0-low");
  /* An ESP32-S3 that came back in download mode after a USB reset. */
  d = first_diagnosis ("ESP-ROM:esp32s3-20210327\r\nrst:0x15 (USB_UART_CHIP_RESET),boot:0x0 "
                       "(DOWNLOAD(USB/UART0))\r\nwaiting for download\r\n");
  g_assert_cmpstr (d->cause, ==, "restart-after-serial-flash");

  /* ESP32 errata 3.1: a watchdog reset right after waking up. */
  d = first_diagnosis ("ets Jun  8 2016 00:22:57\r\n\r\nrst:0x5 (DEEPSLEEP_RESET),boot:0x13 "
                       "(SPI_FAST_FLASH_BOOT)\r\nets Jun  8 2016 00:22:57\r\n\r\n"
                       "rst:0x7 (TG0WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "configsip: 0, SPIWP:0x00\r\nmode:DIO, clock div:2\r\n"
                       "load:0x3fff0008,len:8\r\nentry 0x40080034\r\n"
                       "I (44) boot: ESP-IDF v4.4 2nd stage bootloader\r\n");
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_ERRATUM);
  g_assert_cmpstr (d->cause, ==, "deep-sleep-wake");
  g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_INFO);

  /* An ESP8266 that wakes from deep sleep and stops in the ROM. */
  d = first_diagnosis ("ets Jan  8 2013,rst cause:5, boot mode:(3,7)\r\nets_main.c\r\n");
  g_assert_cmpstr (d->cause, ==, "deep-sleep-wiring");

  /* Init data: erased is missing, other data is in the wrong place. */
  d = first_diagnosis ("rf_cal[0] !=0x05,is 0xFF\r\n");
  g_assert_cmpstr (d->cause, ==, "missing-init-data");
  d = first_diagnosis ("system param error, use last saved param!\r\nrf_cal[0] !=0x05,is 0x00\r\n");
  g_assert_cmpstr (d->cause, ==, "sdk-init-data-or-param");

  /* The ROM reads nonsense after a header asking for QIO. */
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x12 (SPI_FAST_FLASH_BOOT)\r\n"
                       "mode:QIO, clock div:1\r\nload:0x3fff0030,len:6936\r\n"
                       "load:0xffffffff,len:-1\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-flash-mode");
  assert_contains (d->evidence, "load:0xffffffff,len:-1");

  /* An illegal instruction before the firmware said a word, and a crash
   * after it did. */
  d = first_diagnosis (" ets Jan  8 2013,rst cause:1, boot mode:(3,6)\r\n"
                       "load 0x4010f000, len 1384, room 16\r\ntail 8\r\nchksum 0x2d\r\n"
                       "csum 0x2d\r\nv3de0c112\r\n~ld\r\nFatal exception (0):\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-flash-mode");
  d = first_diagnosis (" ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n"
                       "load 0x4010f000, len 1384, room 16\r\ntail 8\r\nchksum 0x2d\r\n"
                       "csum 0x2d\r\n~ld\r\nconfig loaded\r\nFatal exception (0):\r\n");
  g_assert_cmpstr (d->cause, ==, "app-crash");

  /* A hardware watchdog before any line of the firmware (its flash cut
   * off: a flash pin driven, or a build for another flash), and after. */
  d = first_diagnosis (" ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\nwdt reset\r\n"
                       "load 0x4010f000, len 1392, room 16\r\ntail 0\r\nchksum 0xd0\r\n"
                       "csum 0xd0\r\nv3d128e5c\r\n~ld\r\n");
  g_assert_cmpstr (d->cause, ==, "flash-read-failure");
  assert_contains (d->fix, "build for the board");
  /* …and, less often, code that hangs before it prints. */
  assert_contains (d->explanation, "its own code hangs");
  assert_contains (d->fix, "how far it gets");
  d = first_diagnosis ("Reading sensor\r\n ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n"
                       "wdt reset\r\n");
  g_assert_cmpstr (d->cause, ==, "hardware-watchdog");

  /* Watchdogs by name. */
  d = first_diagnosis ("Soft WDT reset\r\n");
  g_assert_cmpstr (d->cause, ==, "soft-watchdog");
  d = first_diagnosis ("E (10263) task_wdt: Task watchdog got triggered.\r\n");
  g_assert_cmpstr (d->cause, ==, "task-watchdog");
  d = first_diagnosis ("Guru Meditation Error: Core  0 panic'ed (Interrupt wdt timeout on CPU0)\r\n");
  g_assert_cmpstr (d->cause, ==, "interrupt-watchdog");
  d = first_diagnosis ("Guru Meditation Error: Core  0 panic'ed (Unhandled debug exception)\r\n"
                       "Debug exception reason: Stack canary watchpoint triggered (main)\r\n");
  g_assert_cmpstr (d->cause, ==, "stack-overflow");
  d = first_diagnosis ("CORRUPT HEAP: Bad tail at 0x3ffe270a. Expected 0xbaad5678 got 0xbaac5678\r\n"
                       "abort() was called at PC 0x400dca43 on core 0\r\n");
  g_assert_cmpstr (d->cause, ==, "heap-corruption");

  /* Second-stage bootloader and application lines. */
  d = first_diagnosis ("E (84) spi_flash: Detected size(4096k) smaller than the size in the "
                       "binary image header(16384k). Probe failed.\r\n");
  g_assert_cmpstr (d->cause, ==, "flash-size-mismatch");
  d = first_diagnosis ("E (94) boot: ota data partition invalid, falling back to factory\r\n");
  g_assert_cmpstr (d->cause, ==, "ota-data-invalid");
  d = first_diagnosis ("E (57) flash_parts: partition 0 invalid magic number 0xffff\r\n"
                       "E (63) boot: Failed to verify partition table\r\n");
  g_assert_cmpstr (d->cause, ==, "partition-table-invalid");
  d = first_diagnosis ("E (100) esp_image: image at 0x10000 has invalid magic byte (nothing "
                       "flashed here?)\r\nE (106) boot: No bootable app partitions in the "
                       "partition table\r\n");
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  d = first_diagnosis ("E (35) boot_comm: mismatch chip ID, expected 0, found 5\r\n");
  g_assert_cmpstr (d->cause, ==, "image-for-other-chip");
  d = first_diagnosis ("E (29) boot: Invalid chip id. Expected 9 read 0. Bootloader for wrong "
                       "chip?\r\n");
  g_assert_cmpstr (d->cause, ==, "image-for-other-chip");
  d = first_diagnosis ("E (513) secure_boot: image has invalid signature\r\n");
  g_assert_cmpstr (d->cause, ==, "secure-boot");
  d = first_diagnosis ("Download mode is disabled. Restart with GPIO0 high.\r\n");
  g_assert_cmpstr (d->cause, ==, "download-mode-disabled");
  d = first_diagnosis ("\r\nerror magic!\r\nbackup boot failed.\r\n");
  g_assert_cmpstr (d->cause, ==, "ota-data-invalid");
}

/* Copies as people paste them: hand-typed, cut at the first character,
 * with the terminal's line-end symbols. */
static void
test_pasted_forms (void)
{
  g_auto(Result) r = { 0 };
  KilnBootEvent *e;
  KilnBootDiagnosis *d;

  /* No "ets" and no colon after "boot mode". */
  decode_str ("rst cause:4,boot mode(1,6)\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
  g_assert_nonnull (e);
  g_assert_cmpint (e->values[0], ==, 4);
  g_assert_cmpint (e->values[1], ==, 1);
  g_assert_cmpint (e->values[2], ==, 6);
  result_clear (&r);

  /* "wdt reset" that lost its first letter to the reset. */
  decode_str ("dt reset\nload 0x4010f000, len 1264, room 16\n", &r);
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_WDT_RESET, 0));
  result_clear (&r);

  /* The C3 ROM's words for an eFuse that disables download boot, shown
   * with the terminal's CR/LF symbols and a time stamp. */
  decode_str ("[19:05:50:673] ESP-ROM:esp32c3-api1-20210207\u240d\u240a\n"
              "[19:05:50:673] rst:0x3 (RTC_SW_SYS_RST),boot:0x5 (DOWNLOAD(USB/UART0/1))"
              "\u240d\u240a\n"
              "[19:05:50:718] Download boot modes disabled\u240d\u240a\n", &r);
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_DOWNLOAD_DISABLED, 0));
  e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
  g_assert_cmpint (e->values[1], ==, 0x5);
  d = first_diagnosis ("ESP-ROM:esp32c3-api1-20210207\r\nrst:0x3 (RTC_SW_SYS_RST),boot:0x5 "
                       "(DOWNLOAD(USB/UART0/1))\r\nDownload boot modes disabled\r\n");
  g_assert_cmpstr (d->cause, ==, "download-mode-disabled");
}

/* Power and straps read from the pattern of a whole log. */
static void
test_power_and_strap_patterns (void)
{
  KilnBootDiagnosis *d;
  static const char wifi_then_wdt[] =
    "Connecting to WiFi network home\r\n"
    " ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n"
    "load 0x4010f000, len 1384, room 16\r\ntail 8\r\nchksum 0x2d\r\ncsum 0x2d\r\n"
    "~ld\r\nConnecting to WiFi network home\r\n"
    " ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n";

  /* The hardware watchdog every time Wi-Fi starts, no crash: the supply. */
  d = first_diagnosis (wifi_then_wdt);
  g_assert_cmpstr (d->cause, ==, "brownout");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "Wi-Fi");
  /* Once is no pattern. */
  d = first_diagnosis ("Connecting to WiFi network home\r\n"
                       " ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n");
  g_assert_cmpstr (d->cause, ==, "hardware-watchdog");
  /* A crash before the reset is the firmware's, not the supply's. */
  d = first_diagnosis ("Connecting to WiFi\r\nException (28):\r\n"
                       " ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n"
                       "Connecting to WiFi\r\nException (28):\r\n"
                       " ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n");
  g_assert_cmpstr (d->cause, !=, "brownout");

  /* ESP32 GPIO12 high and the RTC watchdog ending a boot that loaded
   * nothing: the flash supply strap, though no read error was kept. */
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x37 (SPI_FAST_FLASH_BOOT)\r\n");
  g_assert_cmpstr (d->cause, ==, "flash-voltage-gpio12");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  /* A module with 1.8 V flash boots with the strap high. */
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x37 (SPI_FAST_FLASH_BOOT)\r\n"
                       "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
                       "load:0x3fff0030,len:6612\r\nentry 0x400806b4\r\n");
  g_assert_true (d == NULL || g_strcmp0 (d->cause, "flash-voltage-gpio12") != 0);
}

/* The newer ROMs: their segment loader giving up, a download mode only
 * USB can use, and a console that is not on the USB port. */
static void
test_newer_roms (void)
{
  KilnBootDiagnosis *d;

  /* The header asks for QIO, the first segment is read, then the loader
   * gives up: the flash does not do quad mode. */
  d = first_diagnosis ("ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
                       "rst:0x10 (RTCWDT_RTC_RST),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
                       "SPIWP:0xee\r\nmode:QIO, clock div:1\r\nload:0x3fcd6100,len:0x1428\r\n"
                       "ets_loader.c 78\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-flash-mode");

  /* GPIO9 and GPIO8 both low on a C6: download over USB only. */
  d = first_diagnosis ("ESP-ROM:esp32c6-20220919\r\nBuild:Sep 19 2022\r\n"
                       "rst:0x1 (POWERON),boot:0x0 (USB_BOOT)\r\nwait usb download\r\n");
  g_assert_cmpstr (d->cause, ==, "bad-strapping");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "GPIO8");
  assert_contains (d->fix, "GPIO8 high");
  /* …unless a host asked for it over USB. */
  d = first_diagnosis ("ESP-ROM:esp32c6-20220919\r\nBuild:Sep 19 2022\r\n"
                       "rst:0x15 (USB_UART_HPSYS),boot:0x0 (USB_BOOT)\r\nwait usb download\r\n");
  g_assert_cmpstr (d->cause, !=, "bad-strapping");
  /* GPIO8 high: the usual download mode. */
  d = first_diagnosis ("ESP-ROM:esp32c6-20220919\r\nBuild:Sep 19 2022\r\n"
                       "rst:0x1 (POWERON),boot:0x4 (DOWNLOAD(USB/UART/SDIO_REI_FEO))\r\n"
                       "waiting for download\r\n");
  g_assert_cmpstr (d->cause, ==, "download-mode-gpio0-low");

  /* Reset over the chip's USB, the ROM hands over, then silence. */
  d = first_diagnosis ("ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                       "rst:0x15 (USB_UART_CHIP_RESET),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                       "SPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fce3808,len:0x44c\r\n"
                       "entry 0x403c98d4\r\n");
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_CONSOLE_ELSEWHERE);
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_WARNING);
  /* The bootloader talking there: the console is on this port. */
  d = first_diagnosis ("ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                       "rst:0x15 (USB_UART_CHIP_RESET),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                       "SPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fce3808,len:0x44c\r\n"
                       "entry 0x403c98d4\r\nI (24) boot: ESP-IDF v5.1 2nd stage bootloader\r\n");
  g_assert_true (d == NULL || d->kind != KILN_BOOT_DIAG_CONSOLE_ELSEWHERE);
}

/* More of what the ROMs, the ESP-IDF bootloader and its components print
 * when something is wrong, in their documented words. */
static void
test_rom_and_idf_words (void)
{
  KilnBootDiagnosis *d;
  g_autoptr(GPtrArray) ranked = NULL;
  static const char task_wdt[] =
    "E (5123) task_wdt: Task watchdog got triggered. The following tasks did not reset the "
    "watchdog in time:\r\n"
    "E (5123) task_wdt:  - IDLE (CPU 0)\r\n"
    "E (5123) task_wdt: Tasks currently running:\r\n"
    "E (5123) task_wdt: CPU 0: main\r\n";

  /* A header at the bootloader offset the ROM could not load from: the
   * chip's own offset in the fix. */
  d = first_diagnosis ("ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                       "rst:0x7 (TG0WDT_SYS_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                       "Saved PC:0x40048841\r\nInvalid image block, can't boot.\r\n"
                       "ets_main.c 329\r\n");
  g_assert_cmpstr (d->cause, ==, "missing-bootloader");
  assert_contains (d->explanation, "0x0");
  assert_contains (d->fix, "at 0x0");

  /* ESP-IDF 5's words for PSRAM that does not answer. */
  d = first_diagnosis ("E (299) quad_psram: PSRAM ID read error: 0x00ffffff\r\n"
                       "E (300) esp_psram: PSRAM enabled but initialization failed. Bailing "
                       "out.\r\n");
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_PSRAM);
  d = first_diagnosis ("E (300) esp_psram: PSRAM enabled but initialization failed. Bailing "
                       "out.\r\n");
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_PSRAM);

  /* The task watchdog's report is one finding, not a known one and an
   * unknown error. */
  kiln_bootlog_decode ((const guint8 *) task_wdt, strlen (task_wdt), 0, NULL, &ranked);
  g_assert_cmpstr (((KilnBootDiagnosis *) g_ptr_array_index (ranked, 0))->cause, ==,
                   "task-watchdog");
  for (guint i = 0; i < ranked->len; i++)
    g_assert_cmpint (((KilnBootDiagnosis *) g_ptr_array_index (ranked, i))->kind, !=,
                     KILN_BOOT_DIAG_UNEXPLAINED);

  /* The bootloader on the watchdog reset before it: a warning. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("W (31) boot.esp32: PRO CPU has been reset by WDT.\r\n"
                "W (36) boot.esp32: WDT reset info: PRO CPU PC=0x400d1234\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_WDT_RESET, 1);
    g_assert_nonnull (e);
    g_assert_cmpint (e->severity, ==, KILN_BOOT_SEVERITY_WARNING);
  }

  /* An application too large for its partition ranks above the "not
   * bootable" it causes. */
  d = first_diagnosis ("E (80) esp_image: Image length 1705984 doesn't fit in partition length "
                       "1572864\r\nE (86) boot: Factory app partition is not bootable\r\n"
                       "E (88) boot: No bootable app partitions in the partition table\r\n");
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  assert_contains (d->title, "larger than its partition");

  /* An application whose segments do not line up with the flash pages
   * is not at its partition's offset: no application there, not a
   * damaged one. */
  {
    g_autoptr(GPtrArray) misplaced = NULL;
    static const char log[] = "E (123) esp_image: Segment 1 load address 0x3f400020, doesn't match "
                              "data 0x00011020\r\n";

    kiln_bootlog_decode ((const guint8 *) log, strlen (log), 0, NULL, &misplaced);
    g_assert_cmpstr (((KilnBootDiagnosis *) g_ptr_array_index (misplaced, 0))->cause, ==,
                     "no-app-partition");
    for (guint i = 0; i < misplaced->len; i++)
      g_assert_cmpstr (((KilnBootDiagnosis *) g_ptr_array_index (misplaced, i))->cause, !=,
                       "checksum-error");
  }

  /* The ESP8266 core's note of the allocation that failed before a crash. */
  {
    g_auto(Result) r = { 0 };

    decode_str ("Exception (29):\r\nepc1=0x4020b4f5 epc2=0x00000000 epc3=0x00000000 "
                "excvaddr=0x00000000 depc=0x00000000\r\nlast failed alloc call: 4020BA4F(1452)\r\n",
                &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
    assert_contains (find_event (&r, KILN_BOOT_EVENT_CRASH_REPORT, 1)->explanation, "heap");
  }

  /* FreeRTOS's stack overflow check, the whole line shown. */
  {
    g_auto(Result) r = { 0 };

    decode_str ("***ERROR*** A stack overflow in task main has been detected.\r\n", &r);
    g_assert_cmpstr (find_event (&r, KILN_BOOT_EVENT_PANIC, 0)->text, ==,
                     "***ERROR*** A stack overflow in task main has been detected.");
  }
  g_assert_cmpstr (first_diagnosis ("***ERROR*** A stack overflow in task main has been "
                                    "detected.\r\n")->cause, ==, "stack-overflow");
}

/* A flasher's report pasted before the board's log: every line is
 * known, and the flash size it found is weighed against the header. */
static void
test_flasher_report (void)
{
  static const char esptool[] =
    "esptool.py v4.7.0\r\nSerial port /dev/ttyUSB0\r\nConnecting....\r\n"
    "Chip is ESP32-D0WD-V3 (revision v3.1)\r\n"
    "Features: WiFi, BT, Dual Core, 240MHz, VRef calibration in efuse, Coding Scheme None\r\n"
    "Crystal is 40MHz\r\nMAC: 08:3a:f2:00:11:22\r\nUploading stub...\r\nRunning stub...\r\n"
    "Stub running...\r\nChanging baud rate to 460800\r\nChanged.\r\n"
    "Configuring flash size...\r\nAuto-detected Flash size: 2MB\r\n"
    "Flash will be erased from 0x00001000 to 0x00007fff...\r\n"
    "Compressed 26096 bytes to 16286...\r\nWriting at 0x00001000... (100 %)\r\n"
    "Wrote 26096 bytes (16286 compressed) at 0x00001000 in 0.7 seconds (effective 290.6 "
    "kbit/s)...\r\nHash of data verified.\r\n\r\nLeaving...\r\nHard resetting via RTS pin...\r\n";
  g_autofree char *too_big = NULL;
  g_autofree char *fits = NULL;
  g_autofree char *esp8266 = NULL;
  KilnBootDiagnosis *d;

  {
    g_auto(Result) r = { 0 };

    decode_str (esptool, &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
  }

  too_big = g_strconcat (esptool, "ets Jun  8 2016 00:22:57\r\n\r\n"
                         "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                         "I (29) boot: ESP-IDF v5.1 2nd stage bootloader\r\n"
                         "I (56) boot.esp32: SPI Flash Size : 4MB\r\n", NULL);
  d = first_diagnosis (too_big);
  g_assert_cmpstr (d->cause, ==, "flash-size-mismatch");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "2048 KiB");
  assert_contains (d->explanation, "4096 KiB");
  fits = g_strdup (too_big);
  memcpy (strstr (fits, "Size : 4MB") + 7, "2", 1);
  d = first_diagnosis (fits);
  g_assert_true (d == NULL || g_strcmp0 (d->cause, "flash-size-mismatch") != 0);

  /* The ESP8266 SDK's boot.bin says the size with the map. */
  esp8266 = g_strconcat ("Chip is ESP8266EX\r\nDetected flash size: 1MB\r\n"
                         " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                         "load 0x40100000, len 2592, room 16 \r\ntail 0\r\nchksum 0xf3\r\n"
                         "csum 0xf3\r\n\r\n2nd boot version : 1.7(5d6f877)\r\n"
                         "  SPI Speed      : 40MHz\r\n  SPI Mode       : DIO\r\n"
                         "  SPI Flash Size & Map: 32Mbit(512KB+512KB)\r\n"
                         "jump to run user1 @ 1000\r\n\r\n", NULL);
  g_assert_cmpstr (first_diagnosis (esp8266)->cause, ==, "flash-size-mismatch");
}

/* What the order and the names of things say: a crash after "no
 * bootable app" means a firmware ran; boot.bin's default slot; the timer
 * group whose watchdog reset the chip; an NVS error by its code; nonsense
 * read in a dual mode. */
static void
test_order_and_names (void)
{
  KilnBootDiagnosis *d;

  /* An empty OTA slot reported, then the running firmware's assertion. */
  d = first_diagnosis ("E (16) esp_image: image at 0x200000 has invalid magic byte (nothing "
                       "flashed here?)\r\n"
                       "E (20) boot: OTA app partition slot 0 is not bootable\r\n"
                       "assert failed: xQueueSemaphoreTake queue.c:1554 (pxQueue->uxItemSize == 0)\r\n");
  g_assert_cmpstr (d->cause, ==, "app-crash");
  /* Nothing ran after it: the missing application is the cause. */
  d = first_diagnosis ("E (16) esp_image: image at 0x10000 has invalid magic byte (nothing "
                       "flashed here?)\r\n"
                       "E (20) boot: No bootable app partitions in the partition table\r\n");
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);

  /* boot.bin's default slot user1 at 0x1000 without an image, or the
   * boot settings pointing at user2 where there is none. */
  {
    static const char head[] =
      " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
      "load 0x40100000, len 1396, room 16 \r\ntail 4\r\nchksum 0x89\r\n"
      "load 0x3ffe8000, len 776, room 4 \r\ntail 4\r\nchksum 0xe8\r\n"
      "load 0x3ffe8308, len 540, room 4 \r\ntail 8\r\nchksum 0xc0\r\ncsum 0xc0\r\n\r\n"
      "2nd boot version : 1.6\r\n  SPI Speed      : 40MHz\r\n  SPI Mode       : DIO\r\n"
      "  SPI Flash Size & Map: 32Mbit(512KB+512KB)\r\n";
    g_autofree char *user1 = g_strconcat (head, "jump to run user1 @ 1000\r\n\r\n"
                                          "backup boot failed.\r\n", NULL);
    g_autofree char *user2 = g_strconcat (head, "jump to run user2 @ 81000\r\n\r\n"
                                          "error magic!\r\nbackup boot failed.\r\n", NULL);

    d = first_diagnosis (user1);
    g_assert_cmpstr (d->cause, ==, "no-app-partition");
    assert_contains (d->fix, "0x1000");
    g_assert_cmpstr (first_diagnosis (user2)->cause, ==, "ota-data-invalid");
  }

  /* Timer group 1's watchdog is ESP-IDF's interrupt watchdog; group 0's is
   * the task watchdog's or the boot's. */
  d = first_diagnosis ("I (812) app: started\r\nets Jun  8 2016 00:22:57\r\n\r\n"
                       "rst:0x8 (TG1WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n");
  g_assert_cmpstr (d->cause, ==, "interrupt-watchdog");
  d = first_diagnosis ("I (812) app: started\r\nets Jun  8 2016 00:22:57\r\n\r\n"
                       "rst:0x7 (TG0WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n");
  g_assert_cmpstr (d->cause, !=, "interrupt-watchdog");

  /* ESP-IDF builds that print no error names: NVS by its codes. */
  d = first_diagnosis ("ESP_ERROR_CHECK failed: esp_err_t 0x110d at 0x400df680\r\n"
                       "expression: nvs_flash_init()\r\n");
  g_assert_cmpstr (d->cause, ==, "nvs-stale");
  d = first_diagnosis ("ESP_ERROR_CHECK failed: esp_err_t 0x1110 at 0x400df680\r\n");
  g_assert_cmpstr (d->cause, ==, "nvs-stale");
  d = first_diagnosis ("ESP_ERROR_CHECK failed: esp_err_t 0x105 at 0x400df680\r\n");
  g_assert_cmpstr (d->cause, ==, "app-crash");

  /* A segment read as nonsense in DIO: only DOUT is left. */
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "configsip: 0, SPIWP:0x00\r\nmode:DIO, clock div:1\r\n"
                       "load:0x3fff0008,len:8\r\nload:0xffffffff,len:-1\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-flash-mode");
  assert_contains (d->fix, "DOUT");
  /* …in DOUT it is not the mode. */
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "configsip: 0, SPIWP:0x00\r\nmode:DOUT, clock div:1\r\n"
                       "load:0x3fff0008,len:8\r\nload:0xffffffff,len:-1\r\n");
  g_assert_true (d == NULL || g_strcmp0 (d->cause, "wrong-flash-mode") != 0);
}

/* Where a segment is to go says what kind of image it is; an illegal
 * instruction after Wi-Fi starts is the supply, before the firmware
 * spoke the flash mode. */
static void
test_segments_and_supply (void)
{
  KilnBootDiagnosis *d;

  /* ESP32: a segment for the flash-mapped data window at the bootloader
   * offset is an application's. */
  d = first_diagnosis ("ets Jul 29 2019 12:21:46\r\n\r\n"
                       "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
                       "load:0x3f400020,len:81234\r\n");
  g_assert_cmpstr (d->cause, ==, "missing-bootloader");
  assert_contains (d->explanation, "0x3F400020");
  /* ESP32-C3: its instruction window; its RAM is a bootloader's. */
  d = first_diagnosis ("ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
                       "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
                       "SPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x42000020,len:0x1a2f4\r\n");
  g_assert_cmpstr (d->cause, ==, "missing-bootloader");
  d = first_diagnosis ("ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
                       "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
                       "SPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fcd5820,len:0x1714\r\n"
                       "load:0x403cc710,len:0x968\r\nentry 0x403cc710\r\n");
  g_assert_true (d == NULL || g_strcmp0 (d->cause, "missing-bootloader") != 0);

  /* Exception 0 after the firmware started Wi-Fi: the supply; right after
   * the loader, before any line of the firmware: the flash mode. */
  {
    static const char boot[] = " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                               "load 0x4010f000, len 3460, room 16 \r\ntail 4\r\nchksum 0xcc\r\n"
                               "load 0x3fff20b8, len 40, room 4 \r\ntail 4\r\nchksum 0xc9\r\n"
                               "csum 0xc9\r\nv00077360\r\n~ld\r\n";
    static const char crash[] = "Exception (0):\r\nepc1=0x40234567 epc2=0x00000000 "
                                "epc3=0x00000000 excvaddr=0x00000000 depc=0x00000000\r\n";
    g_autofree char *after_wifi = g_strconcat (boot, "Sensor ready\r\nWiFi connecting to home\r\n",
                                               crash, NULL);
    g_autofree char *before_any = g_strconcat (boot, crash, NULL);
    g_autofree char *no_wifi = g_strconcat (boot, "Sensor ready\r\n", crash, NULL);

    d = first_diagnosis (after_wifi);
    g_assert_cmpstr (d->cause, ==, "brownout");
    assert_contains (d->explanation, "Wi-Fi");
    g_assert_cmpstr (first_diagnosis (before_any)->cause, ==, "wrong-flash-mode");
    g_assert_cmpstr (first_diagnosis (no_wifi)->cause, ==, "app-crash");
  }
}
static void
test_sdk_and_second_stage_words (void)
{
  g_auto(Result) r = { 0 };
  KilnBootEvent *e;
  KilnBootDiagnosis *d;
  static const char rom[] = "ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                            "load 0x40100000, len 26000, room 16 \r\ntail 0\r\nchksum 0x98\r\n"
                            "csum 0x98\r\n";

  /* A banner typed by hand with spaces of its own. */
  decode_str ("ets Jan 8 2013,rst  cause:4 , boot mode:(1,6)\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
  g_assert_nonnull (e);
  g_assert_cmpint (e->values[0], ==, 4);
  g_assert_cmpint (e->values[1], ==, 1);
  g_assert_cmpint (e->values[2], ==, 6);
  result_clear (&r);

  /* NONOS SDK 2.x/3.x: a map mismatch that stops the SDK names the cause;
   * one the SDK got past (it registered the partition table after it)
   * ranks below what did stop it, here init data that is not init data. */
  {
    g_autofree char *stopped = g_strconcat (rom, "mismatch map 2,spi_size_map 4\r\n"
                                            "system_partition_table_regist fail\r\n", NULL);
    g_autofree char *passed = g_strconcat (rom, "mismatch map 2,spi_size_map 4\r\n"
                                           "system_partition_table_regist 4 success!!\r\n"
                                           "rf_cal[0] !=0x05,is 0x00\r\n", NULL);
    g_autofree char *passed_alone = g_strconcat (rom, "mismatch map 2,spi_size_map 4\r\n"
                                                 "system_partition_table_regist 4 success!!\r\n",
                                                 NULL);
    g_autofree char *causes = NULL;

    d = first_diagnosis (stopped);
    g_assert_cmpstr (d->cause, ==, "flash-map-mismatch");
    g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
    causes = ranked_causes (passed);
    g_assert_cmpstr (causes, ==, "sdk-init-data-or-param flash-map-mismatch");
    d = first_diagnosis (passed_alone);
    g_assert_cmpstr (d->cause, ==, "flash-map-mismatch");
    g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
    assert_contains (d->explanation, "went on");
    decode_str (passed, &r);
    e = find_event (&r, KILN_BOOT_EVENT_RF_CAL_ERROR, 0);
    g_assert_nonnull (e);
    g_assert_null (strstr (e->explanation, "missing"));
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_PARTITION_TABLE_OK, 0));
    result_clear (&r);
  }

  /* rBoot: the slot its configuration selects holds no valid image, so it
   * starts another; no slot at all holds one. */
  {
    static const char rboot[] = "\r\nrBoot v1.2.1 - richardaburton@gmail.com\r\n"
                                "Flash Size:   32 Mbit\r\nFlash Mode:   DIO\r\n"
                                "Flash Speed:  40 MHz\r\nrBoot Option: Big flash\r\n\r\n";
    g_autofree char *fell_back = g_strconcat (rom, rboot, "Rom 1 is bad.\r\nBooting rom 0.\r\n",
                                              NULL);
    g_autofree char *none = g_strconcat (rom, rboot, "Rom 0 is bad.\r\nNo good rom available.\r\n",
                                         NULL);

    d = first_diagnosis (fell_back);
    g_assert_cmpstr (d->cause, ==, "ota-data-invalid");
    assert_contains (d->title, "rBoot");
    g_assert_cmpstr (first_diagnosis (none)->cause, ==, "no-app-partition");
  }

  /* ESP-IDF's OTA calls in a build without an otadata partition. */
  decode_str ("ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
              "rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
              "SPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fce3808,len:0x44c\r\n"
              "load:0x403c9700,len:0xbe4\r\nload:0x403cc700,len:0x2a38\r\n"
              "entry 0x403c98d4\r\nI (27) boot: ESP-IDF v5.1 2nd stage bootloader\r\n"
              "I (310) cpu_start: Starting scheduler.\r\n"
              "E (625) esp_ota_ops: not found otadata\r\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_HARMLESS, 0);
  g_assert_nonnull (e);
  assert_contains (e->explanation, "OTA");
  for (guint i = 0; i < r.diagnoses->len; i++)
    g_assert_cmpint (((KilnBootDiagnosis *) g_ptr_array_index (r.diagnoses, i))->severity, !=,
                     KILN_BOOT_SEVERITY_ERROR);
}
static void
test_esp32_rom_details (void)
{
  g_auto(Result) r = { 0 };
  KilnBootDiagnosis *d;
  KilnBootEvent *e;
  g_autofree char *causes = NULL;
  static const char banner[] = "ets Jul 29 2019 12:21:46\r\n\r\n";
  static const char loaded[] = "configsip: 0, SPIWP:0xee\r\n"
                               "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,"
                               "wp_drv:0x00\r\nmode:DIO, clock div:1\r\n"
                               "load:0x3fff0030,len:1184\r\nload:0x40078000,len:13232\r\n"
                               "load:0x40080400,len:3028\r\nentry 0x400805e4\r\n";

  /* A boot mode name garbled on the way ("SPI_FAST_FLASHGBGOT") says
   * nothing: the strap value 0x13 is a boot from flash, not a strap
   * problem. */
  decode_str ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASHGBGOT)\r\n"
              "flash read err, 1000\r\nets_main.c 371 \r\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
  g_assert_nonnull (e);
  g_assert_cmpint (e->mode, ==, KILN_BOOT_MODE_FLASH);
  g_assert_null (find_diagnosis (&r, KILN_BOOT_DIAG_BOOT_STRAPS));
  result_clear (&r);

  /* ESP32 errata 3.8: the flash not ready at power-on, the RTC watchdog's
   * reset, and the next boot reads it: the bootloader is there.  The same
   * read error on every boot is no such quirk. */
  {
    g_autofree char *slow = g_strconcat (banner, "rst:0x1 (POWERON_RESET),boot:0x13 "
                                         "(SPI_FAST_FLASH_BOOT)\r\nflash read err, 1000\r\n"
                                         "ets_main.c 371 \r\n", banner,
                                         "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 "
                                         "(SPI_FAST_FLASH_BOOT)\r\n", loaded, NULL);
    g_autofree char *every = g_strconcat (banner, "rst:0x1 (POWERON_RESET),boot:0x13 "
                                          "(SPI_FAST_FLASH_BOOT)\r\nflash read err, 1000\r\n"
                                          "ets_main.c 371 \r\n", banner,
                                          "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 "
                                          "(SPI_FAST_FLASH_BOOT)\r\nflash read err, 1000\r\n"
                                          "ets_main.c 371 \r\n", NULL);

    d = first_diagnosis (slow);
    g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_ERRATUM);
    g_assert_cmpstr (d->cause, ==, "normal-boot");
    assert_contains (d->explanation, "3.8");
    causes = ranked_causes (slow);
    g_assert_null (strstr (causes, "missing-bootloader"));
    g_assert_cmpstr (first_diagnosis (every)->cause, ==, "missing-bootloader");
  }

  /* eFuses that move the flash to other pins (the PICO-D4: CLK 6, Q 17,
   * D 8, CS 16, HD 11), and a read gone wrong: something else on those
   * pins before a damaged image.  With the usual pins, a damaged image. */
  {
    static const char tail[] = "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,"
                               "wp_drv:0x00\r\nmode:DIO, clock div:1\r\n"
                               "load:0x3fff0030,len:1284\r\nload:0x40078000,len:12836\r\n"
                               "csum err:0x12!=0xba\r\nets_main.c 371 \r\n";
    guint32 sip = 6 | 17 << 6 | 8 << 12 | 16 << 18 | 11 << 24;
    g_autofree char *pico = g_strdup_printf ("%srst:0x10 (RTCWDT_RTC_RESET),boot:0x13 "
                                             "(SPI_FAST_FLASH_BOOT)\r\nconfigsip: %u, "
                                             "SPIWP:0xee\r\n%s", banner, sip, tail);
    g_autofree char *usual = g_strdup_printf ("%srst:0x10 (RTCWDT_RTC_RESET),boot:0x13 "
                                              "(SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, "
                                              "SPIWP:0xee\r\n%s", banner, tail);

    d = first_diagnosis (pico);
    g_assert_cmpstr (d->cause, ==, "flash-read-failure");
    assert_contains (d->explanation, "GPIO17 (Q)");
    assert_contains (d->explanation, "GPIO16 (CS)");
    g_assert_cmpstr (first_diagnosis (usual)->cause, ==, "checksum-error");
  }

  /* The ROM's own word for an image whose header names another chip. */
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "wrong chip id 0x0002\r\nwrong chip id 0x0002\r\n");
  g_assert_cmpstr (d->cause, ==, "image-for-other-chip");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);

  /* An ESP8266 copy that lost the banner but kept the ROM's "wdt reset":
   * a watchdog reset, not "no known problem"; before the sketch said a
   * word, read as with the banner. */
  d = first_diagnosis ("dt reset\r\nload 0x4010f000, len 1264, room 16\r\ntail 0\r\n"
                       "chksum 0x42\r\ncsum 0x42\r\n~ld\r\n");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "flash-read-failure");
  d = first_diagnosis ("dt reset\r\nload 0x4010f000, len 1264, room 16\r\ntail 0\r\n"
                       "chksum 0x42\r\ncsum 0x42\r\n~ld\r\nReading the sensor\r\n");
  g_assert_cmpstr (d->cause, ==, "hardware-watchdog");
}
static void
test_silent_second_stage (void)
{
  KilnBootDiagnosis *d;
  static const char rom[] = "ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                            "rst:0x3 (RTC_SW_SYS_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                            "Saved PC:0x403cdb0a\r\nSPIWP:0xee\r\nmode:DIO, clock div:1\r\n"
                            "load:0x3fce3808,len:0x518\r\nload:0x403c9700,len:0xc08\r\n"
                            "load:0x403cc700,len:0x2a0c\r\nentry 0x403c98dc\r\n";
  static const char tail[] = "load:0x3fce3808,len:0x518\r\nload:0x403c9700,len:0xc08\r\n"
                             "entry 0x403c98dc\r\n";

  /* The ROM starts the second stage, nothing is said, and the chip
   * restarts by software, again and again (a copy that begins in the
   * middle of such a boot counts it): ESP-IDF's bootloader giving up with
   * its log turned off.  The threads that settled why most often found a
   * build for another board, so that is the cause named. */
  {
    g_autofree char *loop = g_strconcat (rom, rom, rom, NULL);
    g_autofree char *mid = g_strconcat (tail, rom, rom, NULL);
    g_autofree char *once = g_strconcat (rom, NULL);
    g_autofree char *talking = g_strconcat (rom, "I (27) boot: ESP-IDF v5.1 2nd stage bootloader\r\n"
                                            "I (310) cpu_start: Starting scheduler.\r\n"
                                            "Restarting in 5 seconds...\r\n", rom,
                                            "I (27) boot: ESP-IDF v5.1 2nd stage bootloader\r\n",
                                            NULL);

    d = first_diagnosis (loop);
    g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
    assert_contains (d->title, "without a word");
    g_assert_cmpstr (first_diagnosis (mid)->cause, ==, "wrong-board-settings");
    d = first_diagnosis (once);
    g_assert_true (d == NULL || g_strcmp0 (d->cause, "wrong-board-settings") != 0);
    d = first_diagnosis (talking);
    g_assert_true (d == NULL || g_strcmp0 (d->cause, "wrong-board-settings") != 0);
  }

  /* Once is enough when the saved program counter lies in the code the
   * ROM had just loaded for the second stage, with nothing said since it
   * started it: the bootloader restarted the chip.  Not when the counter
   * is elsewhere (the firmware's own restart) or when a line came first. */
  {
    static const char handed_over[] = "SPIWP:0xee\r\nmode:DIO, clock div:1\r\n"
                                      "load:0x3fce3808,len:0x518\r\nload:0x403c9700,len:0xc08\r\n"
                                      "load:0x403cc700,len:0x2a0c\r\nentry 0x403c98dc\r\n";
    g_autofree char *by_bootloader = g_strconcat (handed_over, rom, NULL);
    g_autofree char *elsewhere = g_strconcat (handed_over, "ESP-ROM:esp32s3-20210327\r\n"
                                              "rst:0x3 (RTC_SW_SYS_RST),boot:0x8 "
                                              "(SPI_FAST_FLASH_BOOT)\r\nSaved PC:0x42001234\r\n",
                                              NULL);
    g_autofree char *said = g_strconcat (handed_over, "Starting the sketch\r\n", rom, NULL);

    d = first_diagnosis (by_bootloader);
    g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
    g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
    assert_contains (d->explanation, "restarted by software from 0x403cdb0a, inside the "
                                     "bootloader the ROM had just loaded");
    assert_contains (d->explanation, "Most often the build was made for another board");
    assert_contains (d->fix, "Build for this board");
    assert_contains (d->evidence, "Saved PC:0x403cdb0a");
    g_assert_false (names_cause (elsewhere, "wrong-board-settings"));
    g_assert_false (names_cause (said, "wrong-board-settings"));
  }

  /* The bootloader restarts the whole chip (SW_RESET, RTC_SW_SYS_RST);
   * the application's restart, after a panic or a brownout with its line
   * turned off, resets the CPU (SW_CPU_RESET, RTC_SW_CPU_RST): a silent
   * loop of those is the application's. */
  {
    static const char cpu[] = "ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                              "rst:0xc (RTC_SW_CPU_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                              "Saved PC:0x4037bb9e\r\nSPIWP:0xee\r\nmode:DIO, clock div:1\r\n"
                              "load:0x3fce3808,len:0x518\r\nload:0x403c9700,len:0xc08\r\n"
                              "load:0x403cc700,len:0x2a0c\r\nentry 0x403c98dc\r\n";
    g_autofree char *loop = g_strconcat (cpu, cpu, cpu, NULL);

    g_assert_false (names_cause (loop, "wrong-board-settings"));
  }

  /* The ESP32: a boot that was itself restarted by software, went silent
   * after "entry", and the next banner (its reset line lost, or another
   * software reset). */
  {
    static const char esp32[] = "rst:0x3 (SW_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                                "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
                                "load:0x3fff0018,len:4\r\nload:0x3fff001c,len:1100\r\n"
                                "load:0x40078000,len:9232\r\nload:0x40080400,len:6412\r\n"
                                "entry 0x400806a8\r\n";
    g_autofree char *banner_only = g_strconcat (esp32, "ets Jun  8 2016 00:22:57\r\n", NULL);
    g_autofree char *twice = g_strconcat (esp32, "ets Jun  8 2016 00:22:57\r\n\r\n", esp32, NULL);
    g_autofree char *ends = g_strconcat (esp32, NULL);

    g_assert_cmpstr (first_diagnosis (banner_only)->cause, ==, "wrong-board-settings");
    g_assert_cmpstr (first_diagnosis (twice)->cause, ==, "wrong-board-settings");
    d = first_diagnosis (ends);
    g_assert_true (d == NULL || g_strcmp0 (d->cause, "wrong-board-settings") != 0);
  }

  /* The ESP32 ROM's reset line that lost its first letter to the reset. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("st:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                "invalid header: 0x28202b20\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
    g_assert_nonnull (e);
    g_assert_cmpuint (e->values[0], ==, 0x10);
    g_assert_cmpint (e->mode, ==, KILN_BOOT_MODE_FLASH);
  }

  /* A monitor's "HH:MM:SS:mmm -> " prefix is read like "HH:MM:SS.mmm -> ". */
  d = first_diagnosis ("15:12:17:072 -> ESP-ROM:esp32c6-20220919\r\n"
                       "15:12:17:072 -> Build:Sep 19 2022\r\n"
                       "15:12:17:073 -> rst:0x7 (TG0_WDT_HPSYS),boot:0xb (SPI_FAST_FLASH_BOOT)\r\n"
                       "15:12:17:073 -> SPIWP:0xee\r\n15:12:17:073 -> mode:QIO, clock div:2\r\n"
                       "15:12:17:075 -> load:0x4086c410,len:0xcf8\r\n"
                       "15:12:17:085 -> ets_loader.c 67 \r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-flash-mode");

  /* The NONOS SDK's "need boot 1.4+". */
  d = first_diagnosis ("load 0x40100000, len 26820, room 16 \r\ntail 4\r\nchksum 0x39\r\n"
                       "csum 0x39\r\nneed boot 1.4+\r\n");
  g_assert_cmpstr (d->cause, ==, "sdk-init-data-or-param");
  assert_contains (d->title, "boot loader");
}
static void
test_table_mark_and_flash_setup (void)
{
  KilnBootDiagnosis *d;
  g_autofree char *causes = NULL;

  /* A partition table mark that is neither a table's (0x50AA) nor erased
   * flash: with the flash mode unknown (or quad) the read went wrong
   * first; in a known dual mode something else lies there. */
  causes = ranked_causes ("E (25) flash_parts: partition 0 invalid magic number 0xcfff\r\n"
                          "E (26) boot: Failed to verify partition table\r\n"
                          "E (26) boot: load partition table error!\r\n");
  g_assert_cmpstr (causes, ==, "wrong-flash-mode partition-table-invalid");
  d = first_diagnosis ("I (29) boot.esp32c3: SPI Mode       : DIO\r\n"
                       "E (25) flash_parts: partition 0 invalid magic number 0xcfff\r\n"
                       "E (26) boot: Failed to verify partition table\r\n");
  g_assert_cmpstr (d->cause, ==, "partition-table-invalid");
  /* Erased: the table was not written. */
  d = first_diagnosis ("E (25) flash_parts: partition 0 invalid magic number 0xffff\r\n"
                       "E (26) boot: Failed to verify partition table\r\n");
  g_assert_cmpstr (d->cause, ==, "partition-table-invalid");

  /* ESP-IDF's start-up could not set up the flash it was built for. */
  d = first_diagnosis ("I (30) cpu_start: Pro cpu up.\r\n"
                       "assert failed: do_core_init startup.c:328 (flash_ret == ESP_OK)\r\n"
                       "Backtrace: 0x403777f2:0x3fceb180 0x4037ab0d:0x3fceb1a0\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  assert_contains (d->title, "another flash");

  /* A reset line typed by hand: no comma, an unclosed parenthesis. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("esp rst:0x1 (POWER_ON_RESET) boot:0xf (DOWNLOAD_(UART0)\r\n"
                "waiting for download.\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
    g_assert_nonnull (e);
    g_assert_cmpuint (e->values[1], ==, 0xf);
    g_assert_cmpstr (e->detail, ==, "DOWNLOAD_(UART0");
    g_assert_cmpint (e->mode, ==, KILN_BOOT_MODE_DOWNLOAD);
  }
}

/* The ESP8266 ROM gives a restart by the firmware (a restart call, or the
 * restart after an exception or the software watchdog) reset cause 2, as
 * it gives the reset pin: the texts say both. */
static void
test_esp8266_cause_two (void)
{
  static const char one_boot[] =
    " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
    "load 0x4010f000, len 3460, room 16 \r\ntail 4\r\nchksum 0xcc\r\n"
    "load 0x3fff20b8, len 40, room 4 \r\ntail 4\r\nchksum 0xc9\r\ncsum 0xc9\r\n"
    "v00041a20\r\n~ld\r\n";
  g_autofree char *loop = g_strjoin ("", one_boot, one_boot, one_boot, NULL);
  g_auto(Result) r = { 0 };
  KilnBootDiagnosis *d;

  decode_str (one_boot, &r);
  assert_contains (find_event (&r, KILN_BOOT_EVENT_RESET, 0)->explanation, "crash");
  d = first_diagnosis (one_boot);
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  assert_contains (d->explanation, "software watchdog");
  assert_contains (d->fix, "115200");

  /* Again and again: the supply, or a crash whose text is at 115200. */
  d = first_diagnosis (loop);
  g_assert_cmpstr (d->cause, ==, "reset-loop-power");
  assert_contains (d->explanation, "crashes");
  assert_contains (d->fix, "Soft WDT reset");

  /* A power-on loop keeps the supply's text alone. */
  d = first_diagnosis ("ets Jan  8 2013,rst cause:1, boot mode:(3,6)\r\n\r\n"
                       "load 0x4010f000, len 3460, room 16 \r\ncsum 0xc9\r\n~ld\r\n"
                       "ets Jan  8 2013,rst cause:1, boot mode:(3,6)\r\n\r\n"
                       "load 0x4010f000, len 3460, room 16 \r\ncsum 0xc9\r\n~ld\r\n"
                       "ets Jan  8 2013,rst cause:1, boot mode:(3,6)\r\n\r\n"
                       "load 0x4010f000, len 3460, room 16 \r\ncsum 0xc9\r\n~ld\r\n");
  g_assert_cmpstr (d->cause, ==, "reset-loop-power");
  g_assert_null (strstr (d->explanation, "crash"));
}

/* ESP32 ROM lines of one boot from flash that reaches the bootloader,
 * after the given reset line and flash pin settings. */
static char *
esp32_boot (const char *reset,
            const char *configsip,
            const char *drv)
{
  return g_strdup_printf ("ets Jul 29 2019 12:21:46\r\n%s\r\n%s\r\n%s\r\nmode:DIO, clock div:2\r\n"
                          "load:0x3fff0030,len:1344\r\nload:0x40078000,len:13964\r\n"
                          "load:0x40080400,len:3600\r\nentry 0x400805f0\r\n",
                          reset, configsip, drv);
}
static void
test_hangs_and_foreign_headers (void)
{
  static const char zero_drv[] =
    "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00";
  static const char tg1[] = "rst:0x8 (TG1WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)";
  KilnBootDiagnosis *d;
  g_autofree char *causes = NULL;

  /* Timer group 1's watchdog and not a word from the firmware: a build
   * for another board; once the firmware spoke, the interrupt watchdog;
   * with the flash on eFuse-chosen pins, the firmware cut it off. */
  {
    g_autofree char *one = esp32_boot (tg1, "configsip: 0, SPIWP:0xee", zero_drv);
    g_autofree char *two = g_strconcat (one, one, NULL);
    g_autofree char *spoke = g_strconcat ("Starting the display\r\n", one, NULL);
    g_autofree char *pico = esp32_boot (tg1, "configsip: 188777542, SPIWP:0xee", zero_drv);

    d = first_diagnosis (two);
    g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
    assert_contains (d->title, "hangs");
    /* A right build that gives a flash pin to a serial port hangs alike. */
    assert_contains (d->fix, "flash pins (GPIO6 to GPIO11 on the ESP32)");
    d = first_diagnosis (spoke);
    g_assert_cmpstr (d->cause, ==, "interrupt-watchdog");
    d = first_diagnosis (pico);
    g_assert_cmpstr (d->cause, ==, "flash-read-failure");
    assert_contains (d->explanation, "GPIO16");
  }

  /* The ESP8266's hardware watchdog before a word: the flash's pins
   * first, then the build's flash settings. */
  causes = ranked_causes (" ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n"
                          "load 0x4010f000, len 3460, room 16 \r\ntail 4\r\nchksum 0xcc\r\n"
                          "csum 0xcc\r\nv00041a20\r\n~ld\r\n");
  g_assert_true (g_str_has_prefix (causes, "flash-read-failure wrong-board-settings"));
  d = first_diagnosis (" ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n"
                       "load 0x4010f000, len 3460, room 16 \r\ncsum 0xcc\r\n~ld\r\n");
  assert_contains (d->explanation, "GPIO6 to GPIO11");

  /* Bytes 8-11 of an ESP8266 image (its first segment's address, here
   * the eboot loader's 0x4010f000) where the ROM expects flash pin
   * settings; other values above 3 are no drive strengths either. */
  {
    g_autofree char *esp8266 =
      esp32_boot ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)",
                  "configsip: 0, SPIWP:0x00",
                  "clk_drv:0x00,q_drv:0x0f,d_drv:0x00,cs0_drv:0x01,hd_drv:0x00,wp_drv:0x04");
    g_autofree char *other =
      esp32_boot ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)",
                  "configsip: 0, SPIWP:0x3a",
                  "clk_drv:0x0c,q_drv:0x02,d_drv:0x09,cs0_drv:0x07,hd_drv:0x01,wp_drv:0x05");
    g_auto(Result) r = { 0 };

    d = first_diagnosis (esp8266);
    g_assert_cmpstr (d->cause, ==, "image-for-other-chip");
    assert_contains (d->explanation, "0x4010F000");
    d = first_diagnosis (other);
    g_assert_cmpstr (d->cause, ==, "missing-bootloader");
    assert_contains (d->explanation, "above 3");
    decode_str (other, &r);
    g_assert_cmpint (find_event (&r, KILN_BOOT_EVENT_CLK_DRV, 0)->severity, ==,
                     KILN_BOOT_SEVERITY_ERROR);
  }

  /* A log that begins with a good boot the RTC watchdog started: the run
   * before it hung. */
  {
    g_autofree char *log = esp32_boot ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 "
                                       "(SPI_FAST_FLASH_BOOT)",
                                       "configsip: 0, SPIWP:0xee", zero_drv);

    d = first_diagnosis (log);
    g_assert_cmpstr (d->cause, ==, "hardware-watchdog");
    g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  }

  /* An instruction the CPU cannot run before the firmware's first word:
   * its code came back wrong from the flash.  The ROM read the bootloader
   * in DIO, so the firmware's own flash set-up; in QIO, the mode. */
  {
    static const char guru[] = "Guru Meditation Error: Core  1 panic'ed (IllegalInstruction). "
                               "Exception was unhandled.\r\n";
    g_autofree char *boot = esp32_boot ("rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)",
                                        "configsip: 0, SPIWP:0xee", zero_drv);
    g_autofree char *dio = g_strconcat (boot, guru, NULL);
    g_autofree char *qio = g_strdup (dio);
    g_autofree char *spoke = g_strconcat (boot, "Connecting to Wi-Fi\r\n", guru, NULL);

    memcpy (strstr (qio, "mode:DIO") + 5, "QIO", 3);
    d = first_diagnosis (dio);
    g_assert_cmpstr (d->cause, ==, "flash-read-failure");
    assert_contains (d->fix, "current ESP-IDF");
    g_assert_cmpstr (first_diagnosis (qio)->cause, ==, "wrong-flash-mode");
    g_assert_cmpstr (first_diagnosis (spoke)->cause, ==, "app-crash");
  }

  /* On a chip that boots from 0x0, a segment header past the first 4 KiB
   * that is text ("Hello wo"): another file written at 0x1000 over the
   * bootloader.  Erased flash there, or text within the first 4 KiB, is
   * not that; nor is it on the first ESP32, which boots from 0x1000. */
  {
    static const char s3[] = "ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                             "rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                             "SPIWP:0xee\r\nmode:DIO, clock div:1\r\n";
    g_autofree char *text = g_strconcat (s3, "load:0x3fce3818,len:0x13a0\r\n"
                                         "load:0x6c6c6548,len:0x6f77206f\r\n"
                                         "Invalid image block, can't boot.\r\n", NULL);
    g_autofree char *erased = g_strconcat (s3, "load:0x3fce3818,len:0x13a0\r\n"
                                           "load:0xffffffff,len:-1\r\n", NULL);
    g_autofree char *early = g_strconcat (s3, "load:0x3fce3818,len:0x100\r\n"
                                          "load:0x6c6c6548,len:0x6f77206f\r\n", NULL);
    g_autofree char *esp32 =
      g_strdup ("ets Jun  8 2016 00:22:57\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
                "(SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
                "load:0x3fff0030,len:0x13a0\r\nload:0x6c6c6548,len:0x6f77206f\r\n");

    d = first_diagnosis (text);
    g_assert_cmpstr (d->cause, ==, "wrong-bootloader-offset");
    assert_contains (d->explanation, "0x1000");
    g_assert_cmpstr (first_diagnosis (erased)->cause, !=, "wrong-bootloader-offset");
    g_assert_cmpstr (first_diagnosis (early)->cause, !=, "wrong-bootloader-offset");
    g_assert_cmpstr (first_diagnosis (esp32)->cause, !=, "wrong-bootloader-offset");
  }

  /* The ESP8266 ROM's boot mode 2: a jump into empty instruction RAM. */
  d = first_diagnosis ("Fatal exception (0):\r\nepc1=0x40100004, epc2=0x00000000, "
                       "epc3=0x00000000, excvaddr=0x00000000, depc=0x00000000\r\n");
  g_assert_cmpstr (d->cause, ==, "gpio2-low");
  assert_contains (d->explanation, "0x40100004");
  d = first_diagnosis ("Fatal exception (0):\r\nepc1=0x40201a2c, epc2=0x00000000, "
                       "epc3=0x00000000, excvaddr=0x00000000, depc=0x00000000\r\n");
  g_assert_cmpstr (d->cause, !=, "gpio2-low");
}

/* The first diagnosis of @log, decoded as the boot check does (the
 * firmware was meant to run, and Kiln listened on after the last line)
 * when @listened, or as a copied log otherwise. */
static char *
first_cause_listening (const char *log,
                       gboolean    listened)
{
  g_autoptr(KilnBootlogDecoder) decoder = kiln_bootlog_decoder_new (NULL, NULL, NULL);
  g_autoptr(GPtrArray) ranked = NULL;

  kiln_bootlog_decoder_set_expect_app (decoder, listened);
  kiln_bootlog_decoder_feed (decoder, (const guint8 *) log, strlen (log));
  kiln_bootlog_decoder_flush (decoder);
  ranked = kiln_bootlog_decoder_get_diagnoses (decoder);
  if (ranked->len == 0)
    return g_strdup ("");
  return g_strdup (((KilnBootDiagnosis *) g_ptr_array_index (ranked, 0))->cause);
}
static void
test_second_stage_reports (void)
{
  /* rBoot's report of the header and of its build options, in the form
   * its source prints them. */
  static const char rboot[] = " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                              "load 0x40100000, len 1328, room 16 \r\ntail 0\r\nchksum 0x42\r\n"
                              "load 0x3ffe8000, len 644, room 8 \r\ntail 12\r\nchksum 0x3a\r\n"
                              "csum 0x3a\r\n\r\nrBoot v1.4.2 - richardaburton@gmail.com\r\n"
                              "Flash Size:   32 Mbit\r\nFlash Mode:   QIO\r\n"
                              "Flash Speed:  40 MHz\r\nrBoot Option: Big flash\r\n"
                              "rBoot Option: GPIO mode (0)\r\n\r\nBooting rom 0.\r\n";

  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str (rboot, &r);
    e = find_event (&r, KILN_BOOT_EVENT_SDK_FLASH_MAP, 0);
    g_assert_nonnull (e);
    g_assert_cmpuint (e->values[0], ==, 32);
    assert_contains (e->explanation, "32 Mbit");
    e = find_event (&r, KILN_BOOT_EVENT_SDK_SPI_SPEED, 0);
    g_assert_nonnull (e);
    g_assert_cmpuint (e->values[0], ==, 40);
    e = find_event (&r, KILN_BOOT_EVENT_SDK_BOOT_VERSION, 1);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->name, ==, "Big flash");
    e = find_event (&r, KILN_BOOT_EVENT_SDK_BOOT_VERSION, 2);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->name, ==, "GPIO mode (0)");
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
  }

  /* A copied log that ends as the second stage hands over in a quad mode
   * may just have been cut there: an ordinary boot first, the flash mode
   * behind it.  When Kiln listened on and heard nothing, it is the flash
   * mode. */
  {
    g_autofree char *copied = first_cause_listening (rboot, FALSE);
    g_autofree char *listened = first_cause_listening (rboot, TRUE);
    g_autofree char *causes = ranked_causes (rboot);

    g_assert_cmpstr (copied, ==, "normal-boot");
    assert_contains (causes, "wrong-flash-mode");
    g_assert_cmpstr (listened, ==, "wrong-flash-mode");
  }

  /* boot.bin builds that leave the slot out of "jump to run". */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("2nd boot version : 2.0\r\n  SPI Speed      : 40MHz\r\n"
                "  SPI Mode       : DIO\r\njump to run @ 10000\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_SDK_JUMP, 0);
    g_assert_nonnull (e);
    g_assert_cmphex (e->values[1], ==, 0x10000);
    assert_contains (e->explanation, "0x10000");
  }

  /* The ESP8266 SDK 3's start-up lines: the partition check of a firmware
   * built without OTA slots, and the RF settings it runs with. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("boot not set\r\nota1 not set\r\nota2 not set\r\nrf cal sector: 1019\r\n"
                "freq trace enable 0\r\nrf[112] : 00\r\nrf[113] : 00\r\nrf[114] : 01\r\n", &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
    e = find_event (&r, KILN_BOOT_EVENT_APP_START, 0);
    assert_contains (e->explanation, "without over-the-air");
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_APP_START, 7));
  }
}
static void
test_octal_and_hash_lines (void)
{
  /* The ESP32-S3's ROM on octal flash: it reads in its own mode, so the
   * line after says nothing of the header's. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                "rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\nSPIWP:0xee\r\n"
                "Octal Flash Mode Enabled\r\nFor OPI Flash, Use Default Flash Boot Mode\r\n"
                "mode:SLOW_RD, clock div:1\r\nload:0x3fce3808,len:0x44c\r\n", &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
    e = find_event (&r, KILN_BOOT_EVENT_FLASH_MODE, 0);
    assert_contains (e->explanation, "octal");
    e = find_event (&r, KILN_BOOT_EVENT_FLASH_MODE, 2);
    g_assert_cmpstr (e->name, ==, "SLOW_RD");
    g_assert_cmpuint (e->values[0], ==, 1);
    assert_contains (e->explanation, "default mode SLOW_RD");
  }
  /* Without the octal eFuse the mode is the header's. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                "mode:FAST_RD, clock div:2\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_FLASH_MODE, 0);
    g_assert_cmpstr (e->name, ==, "FAST_RD");
    assert_contains (e->explanation, "header");
  }

  /* The ROM's SHA-256 check of the second stage: the two hashes and that
   * it goes on; an erased hash is said as such. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;
    const char *calc = "Calculated: 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    g_autofree char *log = g_strconcat ("SHA-256 comparison failed:\r\n", calc, "\r\n"
                                        "Expected: ffffffffffffffffffffffffffffffffffffffffffff"
                                        "ffffffffffffffffffff\r\n"
                                        "Attempting to boot anyway...\r\n", NULL);

    decode_str (log, &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
    e = find_event (&r, KILN_BOOT_EVENT_HASH_MISMATCH, 1);
    assert_contains (e->explanation, "computed");
    e = find_event (&r, KILN_BOOT_EVENT_HASH_MISMATCH, 2);
    assert_contains (e->explanation, "erased");
    e = find_event (&r, KILN_BOOT_EVENT_HASH_MISMATCH, 3);
    assert_contains (e->explanation, "secure boot");
  }
}
static void
test_previous_run_and_garbled_banner (void)
{
  static const char wdt_boot[] = "\r\n ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\n"
                                 "wdt reset\r\nload 0x4010f000, len 3424, room 16 \r\n"
                                 "tail 0\r\nchksum 0x2e\r\nload 0x3fff20b8, len 40, room 8 \r\n"
                                 "tail 0\r\nchksum 0x2b\r\ncsum 0x2b\r\nv00046b20\r\n~ld\r\n";

  /* The hardware watchdog with nothing before it: the firmware never
   * spoke, so it cut off its own flash.  After the end of the Arduino
   * core's crash report for the run before, the firmware had run: the
   * watchdog is a hang. */
  {
    g_autofree char *after_dump = g_strconcat ("3fffff20:  40201c6c 00000000 3ffef18c 40100a7e  \r\n"
                                               "<<<stack<<<\r\n\r\n"
                                               "--------------- CUT HERE FOR EXCEPTION DECODER "
                                               "---------------\r\n", wdt_boot, NULL);

    g_assert_cmpstr (first_diagnosis (wdt_boot)->cause, ==, "flash-read-failure");
    g_assert_cmpstr (first_diagnosis (after_dump)->cause, ==, "hardware-watchdog");
  }

  /* The ESP8266 ROM's first line read at a rate a little off: the word
   * "cause" garbled, the rest enough to know the line.  Other words in
   * its place are not read as one. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str (" d\xe2\xb8\xaes Jan  8 1013,rst cauq\xe2\xb8\xae:2, boot mode:(3,7)\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
    g_assert_nonnull (e);
    g_assert_cmpuint (e->values[0], ==, 2);
    g_assert_cmpint (e->mode, ==, KILN_BOOT_MODE_FLASH);
    /* What comes before the recognised part is shown with it. */
    g_assert_cmpstr (e->text, ==, "d\xe2\xb8\xaes Jan  8 1013,rst cauq\xe2\xb8\xae:2, boot mode:(3,7)");
  }
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("[11:09:08]assert failed: do_core_init startup.c:328 (flash_ret == ESP_OK)\r\n"
                "**_rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_FLASH_CONFIG, 0);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->text, ==, "[11:09:08]assert failed: do_core_init startup.c:328 (flash_ret == ESP_OK)");
    e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
    g_assert_cmpstr (e->text, ==, "**_rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)");
  }
  {
    g_auto(Result) r = { 0 };

    decode_str ("rst count:2, boot mode:(3,7)\r\nrst c:2, boot mode:(3,7)\r\n", &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_RESET, 0));
  }
}

/* An ESP8266 "csum err": when the ROM read every segment header after the
 * first (those it reads in the header's flash mode) as a place in RAM the
 * segment fits, the mode works and the image is what is wrong.  Headers
 * read as "load 0x00000000, len 0", or a single segment, keep the flash
 * mode first. */
static void
test_csum_err_segments_read_right (void)
{
  static const char read_right[] = " ets Jan  8 2013,rst cause:1, boot mode:(3,0)\r\n\r\n"
                                   "load 0x40100000, len 28000, room 16 \r\ntail 0\r\n"
                                   "chksum 0x31\r\nload 0x3ffe8000, len 2400, room 0 \r\n"
                                   "tail 0\r\nchksum 0x7a\r\n"
                                   "load 0x3ffe8968, len 6000, room 0 \r\ntail 0\r\n"
                                   "chksum 0x12\r\ncsum 0x12\r\ncsum err\r\nets_main.c \r\n";
  static const char read_zeros[] = " ets Jan  8 2013,rst cause:1, boot mode:(3,0)\r\n\r\n"
                                   "load 0x40100000, len 28000, room 16 \r\ntail 0\r\n"
                                   "chksum 0x31\r\nload 0x00000000, len 0, room 0 \r\n"
                                   "tail 0\r\nchksum 0x31\r\ncsum 0x31\r\ncsum err\r\n"
                                   "ets_main.c \r\n";
  static const char outside_ram[] = " ets Jan  8 2013,rst cause:1, boot mode:(3,0)\r\n\r\n"
                                    "load 0x40100000, len 28000, room 16 \r\ntail 0\r\n"
                                    "chksum 0x31\r\nload 0x5a1c0e00, len 2400, room 0 \r\n"
                                    "tail 0\r\nchksum 0x7a\r\ncsum 0x7a\r\ncsum err\r\n"
                                    "ets_main.c \r\n";
  static const char one_segment[] = " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                                    "load 0x4010f000, len 1384, room 16 \r\ntail 8\r\n"
                                    "chksum 0xd0\r\ncsum 0xd0\r\ncsum err\r\nets_main.c\r\n";
  const KilnBootDiagnosis *d = first_diagnosis (read_right);

  g_assert_cmpstr (d->cause, ==, "checksum-error");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "segment header");
  assert_contains (d->fix, "eagle.irom0text.bin");
  g_assert_cmpstr (first_diagnosis (read_zeros)->cause, ==, "wrong-flash-mode");
  g_assert_cmpstr (first_diagnosis (outside_ram)->cause, ==, "wrong-flash-mode");
  g_assert_cmpstr (first_diagnosis (one_segment)->cause, ==, "wrong-flash-mode");
}

/* ESP-IDF's "partition N invalid - offset … size … exceeds flash chip
 * size Z": Z is the flash size the bootloader works with, its image
 * header's, so the table and the flash size setting do not belong
 * together; it says nothing of a header larger than the chip.  The
 * line's time stamp is no size. */
static void
test_partition_past_flash_size (void)
{
  static const char past_end[] = "E (54) flash_parts: partition 3 invalid - offset 0x320000 size "
                                 "0x300000 exceeds flash chip size 0x400000\r\n"
                                 "E (64) boot: Failed to verify partition table\r\n"
                                 "E (68) boot: load partition table error!\r\n";
  static const char detected[] = "E (77) boot: Detected size(4096k) smaller than the size in the "
                                 "binary image header(8192k). Probe failed.\r\n";
  const KilnBootDiagnosis *d = first_diagnosis (past_end);

  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "4096 KiB");
  assert_contains (d->fix, "partition table that fits");
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str (past_end, &r);
    e = find_event (&r, KILN_BOOT_EVENT_FLASH_SIZE, 0);
    g_assert_nonnull (e);
    g_assert_cmpuint (e->values[0], ==, 0);
    g_assert_cmpuint (e->values[1], ==, 0x400000);
    g_assert_null (strstr (e->explanation, "54"));
  }
  d = first_diagnosis (detected);
  g_assert_cmpstr (d->cause, ==, "flash-size-mismatch");
  assert_contains (d->explanation, "4096 KiB");
  assert_contains (d->explanation, "8192 KiB");
}

/* The ESP8266 SDK 3's partition error under a header that says 512 KB or
 * less: the SDK lays its partitions out for 1 MB and more (its examples
 * refuse flash maps 0 and 1), so the flash size setting is wrong.  Under
 * a larger header the error stays the SDK's own sectors or layout. */
static void
test_sdk3_small_flash_setting (void)
{
  static const char head[] = " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                             "load 0x40100000, len 1856, room 16 \r\ntail 0\r\nchksum 0x63\r\n"
                             "load 0x3ffe8000, len 776, room 8 \r\ntail 0\r\nchksum 0x02\r\n"
                             "load 0x3ffe8310, len 552, room 8 \r\ntail 0\r\nchksum 0x79\r\n"
                             "csum 0x79\r\n\r\n2nd boot version : 1.7(5d6f877)\r\n"
                             "SPI Speed : 40MHz\r\nSPI Mode : DIO\r\n";
  static const char tail[] = "jump to run user1 @ 1000\r\n\r\nsystem param partition error\r\n";
  g_autofree char *small = g_strconcat (head, "SPI Flash Size & Map: 4Mbit(256KB+256KB)\r\n",
                                        tail, NULL);
  g_autofree char *large = g_strconcat (head, "SPI Flash Size & Map: 32Mbit(1024KB+1024KB)\r\n",
                                        tail, NULL);
  /* boot.bin before 1.4 gives the header's size alone. */
  g_autofree char *older = g_strconcat (head, "  SPI Flash Size : 4Mbit\r\n", tail, NULL);
  const KilnBootDiagnosis *d = first_diagnosis (small);

  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "512 KiB");
  assert_contains (d->fix, "real flash size");
  g_assert_cmpstr (first_diagnosis (large)->cause, ==, "sdk-init-data-or-param");
  g_assert_cmpstr (first_diagnosis (older)->cause, ==, "wrong-board-settings");
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str (older, &r);
    e = find_event (&r, KILN_BOOT_EVENT_SDK_FLASH_MAP, 0);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->explanation, ==, "The header at 0x0 says 4 Mbit of flash.");
  }
}

/* ESP-IDF's "ota data partition invalid and no factory, will try all
 * partitions": blank OTA data stops nothing, the bootloader goes on to the
 * slots.  An application loading after it is a healthy boot; none loading
 * means the slots hold none it starts. */
static void
test_ota_blank_try_all (void)
{
  static const char head[] = "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                             "I (29) boot: ESP-IDF v5.1 2nd stage bootloader\r\n"
                             "I (40) boot: End of partition table\r\n"
                             "E (45) boot: ota data partition invalid and no factory, will try "
                             "all partitions\r\n";
  g_autofree char *started = g_strconcat (head,
                                          "I (120) boot: Loaded app from partition at offset "
                                          "0x20000\r\nI (150) cpu_start: Pro cpu up.\r\n", NULL);
  g_autofree char *empty = g_strconcat (head,
                                        "E (50) esp_image: image at 0x20000 has invalid magic "
                                        "byte (nothing flashed here?)\r\n", NULL);
  const KilnBootDiagnosis *d = first_diagnosis (started);

  g_assert_cmpstr (d->cause, ==, "normal-boot");
  g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_INFO);
  assert_contains (d->explanation, "Nothing is wrong");
  d = first_diagnosis (head);
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->fix, "ota_0");
  d = first_diagnosis (empty);
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
}

/* Five readings of documented wording: a log typed with a Chinese input
 * method (full-width colon, comma and parentheses, as Espressif's own FAQ
 * prints the GPIO12 example); the partition table's mark read as the start
 * of an image (0xE9, then the segment count); the NVS keys partition that
 * holds no key set (ESP_ERR_NVS_CORRUPT_KEY_PART, 0x1117); early ESP-IDF's
 * "Guru Meditation Error of type … occurred on core N"; and the brown-out
 * detector's line typed in lower case. */
static void
test_full_width_image_at_table_nvs_keys (void)
{
  static const char full_width[] =
    "\xe3\x80\x80rst\xef\xbc\x9a" "0x10 \xef\xbc\x88RTCWDT_RTC_RESET\xef\xbc\x89\xef\xbc\x8c"
    "boot:0x37\xef\xbc\x88SPI_FLASH_BOOT\xef\xbc\x89\n"
    "invalid header\xef\xbc\x9a" "0xffffffff\n"
    "invalid header\xef\xbc\x9a" "0xffffffff\n";
  static const char image_at_table[] =
    "I (29) boot: ESP-IDF v5.1 2nd stage bootloader\n"
    "E (88) flash_parts: partition 0 invalid magic number 0x5e9\n"
    "E (95) boot: Failed to verify partition table\n"
    "E (100) boot: load partition table error!\n";
  /* The same line with a mark no image starts with (segment count 0x20). */
  static const char odd_mark[] =
    "I (29) boot: ESP-IDF v5.1 2nd stage bootloader\n"
    "E (88) flash_parts: partition 0 invalid magic number 0x20e9\n"
    "E (95) boot: Failed to verify partition table\n";
  static const char nvs_keys[] =
    "I (438) main_task: Calling app_main()\n"
    "E (438) nvs: Failed to read NVS security cfg: [0x1117] (ESP_ERR_NVS_CORRUPT_KEY_PART)\n"
    "ESP_ERROR_CHECK failed: esp_err_t 0x1117 (ESP_ERR_NVS_CORRUPT_KEY_PART) at 0x42007e96\n"
    "abort() was called at PC 0x40386249 on core 0\n";
  static const char nvs_keys_code[] =
    "ESP_ERROR_CHECK failed: esp_err_t 0x1117 at 0x42007e96\n"
    "abort() was called at PC 0x40386249 on core 0\n";
  static const char early_guru[] =
    "Guru Meditation Error of type LoadProhibited occurred on core  1. Exception was unhandled.\n"
    "Register dump:\n";
  static const char lower_brownout[] =
    "brownout detector was triggered.\n"
    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n";
  g_auto(Result) r = { 0 };
  KilnBootEvent *e;
  KilnBootDiagnosis *d;

  decode_str (full_width, &r);
  e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->values[0], ==, 0x10);
  g_assert_cmpuint (e->values[1], ==, 0x37);
  g_assert_cmpstr (e->name, ==, "RTCWDT_RTC_RESET");
  /* What is shown is the line as it came. */
  assert_contains (e->line, "\xef\xbc\x88RTCWDT_RTC_RESET\xef\xbc\x89");
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_INVALID_HEADER, 1));
  g_assert_cmpstr (first_diagnosis (full_width)->cause, ==, "flash-voltage-gpio12");

  d = first_diagnosis (image_at_table);
  g_assert_cmpstr (d->cause, ==, "partition-table-invalid");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "0x05E9");
  assert_contains (d->fix, "0x8000");
  g_assert_cmpstr (first_diagnosis (odd_mark)->cause, ==, "wrong-flash-mode");

  d = first_diagnosis (nvs_keys);
  g_assert_cmpstr (d->cause, ==, "nvs-stale");
  assert_contains (d->title, "keys");
  assert_contains (d->fix, "Erase the NVS keys partition");
  g_assert_cmpstr (first_diagnosis (nvs_keys_code)->cause, ==, "nvs-stale");

  result_clear (&r);
  decode_str (early_guru, &r);
  e = find_event (&r, KILN_BOOT_EVENT_GURU_MEDITATION, 0);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->values[0], ==, 1);
  g_assert_cmpstr (e->name, ==, "LoadProhibited");
  g_assert_cmpstr (first_diagnosis (early_guru)->cause, ==, "app-crash");

  d = first_diagnosis (lower_brownout);
  g_assert_cmpstr (d->cause, ==, "brownout");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
}

/* A partition table, or an application slot, that reads as noise: the
 * table's mark neither a table's, nor erased flash's, nor an image's
 * start, read in a dual mode; an application header whose flash mode no
 * image has (and not erased flash's 255).  Another file lies there, or
 * the chip has flash encryption on and the data was written plain
 * (ESP-IDF's flash encryption guide shows both failures).  The log does
 * not say which: both are named, neither with high confidence.  A table
 * never written (0xFFFF), zeros, and an erased slot keep their reading. */
static void
test_noise_in_table_or_app_slot (void)
{
  static const char table_noise[] =
    "I (60) boot: ESP-IDF v4.0 2nd stage bootloader\n"
    "I (72) boot: SPI Mode        : DIO\n"
    "I (76) boot: SPI Flash Size : 4MB\n"
    "E (80) flash_parts: partition 0 invalid magic number 0x94f6\n"
    "E (86) boot: Failed to verify partition table\n"
    "E (91) boot: load partition table error!\n";
  static const char table_erased[] =
    "I (60) boot: ESP-IDF v4.0 2nd stage bootloader\n"
    "I (72) boot: SPI Mode        : DIO\n"
    "E (80) flash_parts: partition 0 invalid magic number 0xffff\n"
    "E (86) boot: Failed to verify partition table\n";
  static const char table_zeros[] =
    "I (60) boot: ESP-IDF v4.0 2nd stage bootloader\n"
    "I (72) boot: SPI Mode        : DIO\n"
    "E (80) flash_parts: partition 0 invalid magic number 0x0\n"
    "E (86) boot: Failed to verify partition table\n";
  static const char slot_noise[] =
    "I (56) boot: ESP-IDF v4.0 2nd stage bootloader\n"
    "I (102) boot:  2 factory        factory app     00 00 00020000 00100000\n"
    "I (109) boot: End of partition table\n"
    "E (113) esp_image: image at 0x20000 has invalid magic byte\n"
    "W (120) esp_image: image at 0x20000 has invalid SPI mode 108\n"
    "W (126) esp_image: image at 0x20000 has invalid SPI size 11\n"
    "E (132) boot: Factory app partition is not bootable\n"
    "E (138) boot: No bootable app partitions in the partition table\n";
  static const char slot_erased[] =
    "I (56) boot: ESP-IDF v4.0 2nd stage bootloader\n"
    "E (113) esp_image: image at 0x20000 has invalid magic byte\n"
    "W (120) esp_image: image at 0x20000 has invalid SPI mode 255\n"
    "W (126) esp_image: image at 0x20000 has invalid SPI size 15\n"
    "E (132) boot: Factory app partition is not bootable\n"
    "E (138) boot: No bootable app partitions in the partition table\n";
  KilnBootDiagnosis *d;
  g_autofree char *table_causes = ranked_causes (table_noise);
  g_autofree char *slot_causes = ranked_causes (slot_noise);

  g_assert_cmpstr (table_causes, ==, "partition-table-invalid flash-encryption");
  d = first_diagnosis (table_noise);
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "mark as 0x94F6: neither a table's (0x50AA) nor erased flash's");
  assert_contains (d->explanation, "the table was written unencrypted");
  assert_contains (d->fix, "write the encrypted images the build produces");

  d = first_diagnosis (table_erased);
  g_assert_cmpstr (d->cause, ==, "partition-table-invalid");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
  g_assert_false (names_cause (table_erased, "flash-encryption"));
  g_assert_false (names_cause (table_zeros, "flash-encryption"));

  g_assert_cmpstr (slot_causes, ==, "no-app-partition flash-encryption");
  d = first_diagnosis (slot_noise);
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "the application slot at 0x20000 holds data that is neither "
                                   "an image nor erased flash: its header gives flash mode 108");
  assert_contains (d->fix, "write the encrypted images the build produces");

  d = first_diagnosis (slot_erased);
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
  g_assert_false (names_cause (slot_erased, "flash-encryption"));
}

/* A partition table the bootloader lists without a single row: erased
 * flash where the table should be, not a table lacking an application.
 * Read after the bootloader switched to quad mode, the likelier cause is
 * a flash that does not do that mode (its lines read as all ones); in a
 * dual mode, a table that was not written where this bootloader reads
 * it.  Neither is certain.  A table with rows and no application keeps
 * its confident reading, and a listing a reset cut short says nothing. */
static void
test_empty_partition_table (void)
{
  static const char quad[] =
    "I (59) boot: ESP-IDF ed19d9c 2nd stage bootloader\n"
    "I (68) qio_mode: Enabling default flash chip QIO\n"
    "I (72) boot: SPI Mode       : QIO\n"
    "I (78) boot: SPI Flash Size : 4MB\n"
    "I (84) boot: Partition Table:\n"
    "I (90) boot: ## Label            Usage          Type ST Offset   Length\n"
    "I (101) boot: End of partition table\n"
    "E (108) boot: No bootable app partitions in the partition table\n";
  static const char dual[] =
    "I (29) boot: ESP-IDF v5.1 2nd stage bootloader\n"
    "I (38) boot.esp32: SPI Mode       : DIO\n"
    "I (56) boot: Partition Table:\n"
    "I (64) boot: ## Label            Usage          Type ST Offset   Length\n"
    "I (71) boot: End of partition table\n"
    "E (75) boot: No bootable app partitions in the partition table\n";
  static const char with_rows[] =
    "I (29) boot: ESP-IDF v5.1 2nd stage bootloader\n"
    "I (38) boot.esp32: SPI Mode       : QIO\n"
    "I (56) boot: Partition Table:\n"
    "I (64) boot: ## Label            Usage          Type ST Offset   Length\n"
    "I (71) boot:  0 nvs              WiFi data        01 02 00009000 00006000\n"
    "I (78) boot:  1 factory          factory app      00 00 00010000 00100000\n"
    "I (86) boot: End of partition table\n"
    "E (90) esp_image: image at 0x10000 has invalid magic byte (nothing flashed here?)\n"
    "E (97) boot: Factory app partition is not bootable\n"
    "E (103) boot: No bootable app partitions in the partition table\n";
  /* A listing a reset cut short, and a copy that picks up at its end. */
  static const char cut[] =
    "I (64) boot: ## Label            Usage          Type ST Offset   Length\n"
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "I (86) boot: End of partition table\n"
    "E (103) boot: No bootable app partitions in the partition table\n";
  KilnBootDiagnosis *d;
  g_autofree char *quad_causes = ranked_causes (quad);
  g_autofree char *dual_causes = ranked_causes (dual);

  g_assert_cmpstr (quad_causes, ==, "wrong-flash-mode partition-table-invalid no-app-partition");
  d = first_diagnosis (quad);
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "switched the flash to quad mode and then listed the "
                                   "partition table without a single entry");
  assert_contains (d->fix, "Build the bootloader with flash mode DIO");
  assert_contains (d->evidence, "End of partition table");

  g_assert_cmpstr (dual_causes, ==, "partition-table-invalid no-app-partition");
  d = first_diagnosis (dual);
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "listed the partition table without a single entry: where it "
                                   "reads the table it found erased flash");
  assert_contains (d->fix, "Write the partition table of the same build as the bootloader");

  d = first_diagnosis (with_rows);
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
  g_assert_false (names_cause (with_rows, "partition-table-invalid"));
  g_assert_false (names_cause (with_rows, "wrong-flash-mode"));
  g_assert_false (names_cause (cut, "partition-table-invalid"));
}

/* What the bootloaders say of an image: a checksum or hash that fails
 * means an image is there, damaged, so the "no bootable app" after it is
 * its consequence; ESP-IDF 4's "configured for minimum revision" is an
 * image for a newer revision of the chip.  And a restart the firmware
 * announced that lands in download mode is the straps latched at the
 * upload, even when the ESP8266 ROM repeats the power-on's reset cause
 * and a power cycle later brings the firmware back. */
static void
test_damaged_image_revision_latched_restart (void)
{
  static const char damaged[] =
    "E (598) esp_image: Checksum failed. Calculated 0xcb read 0xe4\n"
    "E (598) boot: Factory app partition is not bootable\n"
    "E (599) boot: No bootable app partitions in the partition table\n";
  static const char not_written[] =
    "E (598) esp_image: image at 0x10000 has invalid magic byte (nothing flashed here?)\n"
    "E (598) boot: Factory app partition is not bootable\n"
    "E (599) boot: No bootable app partitions in the partition table\n";
  static const char revision[] =
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "entry 0x40080400\n"
    "I (35) boot: chip revision: 1\n"
    "E (38) boot_comm: This chip is revision 1 but the application is configured for "
    "minimum revision 3. Can't run.\n";
  static const char restart_latched[] =
    "Update Success: 266384\n"
    "Rebooting...\n"
    "ets Jan  8 2013,rst cause:1, boot mode:(1,6)\n";
  static const char latched_then_power_cycle[] =
    "Update Success: 266384\n"
    "Rebooting...\n"
    "ets Jan  8 2013,rst cause:1, boot mode:(1,6)\n"
    "ets Jan  8 2013,rst cause:4, boot mode:(1,6)\n"
    "wdt reset\n"
    "ets Jan  8 2013,rst cause:1, boot mode:(3,6)\n"
    "load 0x4010f000, len 1264, room 16\n";
  const KilnBootDiagnosis *d;

  d = first_diagnosis (damaged);
  g_assert_cmpstr (d->cause, ==, "checksum-error");
  g_assert_cmpint (score_of (damaged, "no-app-partition"), <, d->score);
  d = first_diagnosis (not_written);
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);

  d = first_diagnosis (revision);
  g_assert_cmpstr (d->cause, ==, "image-for-other-chip");

  g_assert_cmpstr (first_diagnosis (restart_latched)->cause, ==, "restart-after-serial-flash");
  g_assert_cmpstr (first_diagnosis (latched_then_power_cycle)->cause, ==,
                   "restart-after-serial-flash");
}

/* Lines the second stage and the newer ROMs print, read for what they
 * are: the bootloader's partition table names "WiFi data" but starts no
 * radio; the ESP32's HSPI_FLASH_BOOT reads other pins than the flash's,
 * so GPIO12 high says nothing of a failed read there; a copy cut at the
 * next boot's banner is judged by the boot before it; ESP-IDF's
 * bootloader guide's log of the recovery bootloader (C5); NuttX's refusal
 * of an ESP32 older than revision 3. */
static void
test_second_stage_and_newer_rom_lines (void)
{
  static const char table_then_poweron[] =
    "I (48) boot: Partition Table:\r\n"
    "I (51) boot: ## Label            Usage          Type ST Offset   Length\r\n"
    "I (57) boot:  0 nvs              WiFi data        01 02 00009000 00006000\r\n"
    "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n";
  static const char wifi_then_poweron[] =
    "I (512) wifi:wifi driver task: 3fc9f068, prio:23, stack:6656, core=0\r\n"
    "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n";
  static const char hspi[] =
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x2b (HSPI_FLASH_BOOT)\r\n"
    "flash read err, 1000\r\nets_main.c 371\r\n";
  static const char gpio12[] =
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x33 (SPI_FAST_FLASH_BOOT)\r\n"
    "flash read err, 1000\r\nets_main.c 371\r\n";
  static const char wake_then_banner[] =
    "rst:0x5 (DEEPSLEEP_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\n"
    "mode:DIO, clock div:1\r\n"
    "load:0x3fff0018,len:4\r\n"
    "entry 0x400806ac\r\n"
    "ets Jun  8 2016 00:22:57\r\n";
  static const char recovery[] =
    "ESP-ROM:esp32c5-eco2-20250121\r\nBuild:Jan 21 2025\r\n"
    "rst:0x1 (POWERON),boot:0x18 (SPI_FAST_FLASH_BOOT)\r\n"
    "invalid header: 0xffffffff\r\ninvalid header: 0xffffffff\r\n"
    "invalid header: 0xffffffff\r\n"
    "PRIMARY - FAIL\r\n"
    "Loading RECOVERY Bootloader...\r\n"
    "SPI mode:DIO, clock div:1\r\n"
    "load:0x408556b0,len:0x17cc\r\n"
    "entry 0x4084bbaa\r\n"
    "I (46) boot: ESP-IDF v6.0 2nd stage bootloader\r\n";
  static const char nuttx[] =
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "entry 0x40082504\r\n"
    "ERROR: NuttX supports ESP32 chip revision >= v3.0 (chip revision is v1.0)\r\n";
  static const char nuttx_anyway[] =
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "entry 0x40082504\r\n"
    "WARNING: NuttX supports ESP32 chip revision >= v3.0 (chip revision is v1.0)\r\n";
  g_auto(Result) r = { 0 };
  KilnBootDiagnosis *d;
  KilnBootEvent *e;

  g_assert_cmpstr (first_diagnosis (wifi_then_poweron)->cause, ==, "brownout");
  g_assert_false (names_cause (table_then_poweron, "brownout"));

  g_assert_cmpstr (first_diagnosis (gpio12)->cause, ==, "flash-voltage-gpio12");
  d = first_diagnosis (hspi);
  g_assert_cmpstr (d->cause, ==, "bad-strapping");
  g_assert_false (names_cause (hspi, "flash-voltage-gpio12"));
  /* …nor are those straps "right for a boot from flash". */
  decode_str (hspi, &r);
  d = find_diagnosis (&r, KILN_BOOT_DIAG_FLASH_READ_ERROR);
  g_assert_nonnull (d);
  g_assert_null (strstr (d->explanation, "right for a boot from flash"));
  result_clear (&r);
  decode_str ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
              "flash read err, 1000\r\nets_main.c 371\r\n", &r);
  d = find_diagnosis (&r, KILN_BOOT_DIAG_FLASH_READ_ERROR);
  g_assert_nonnull (d);
  assert_contains (d->explanation, "right for a boot from flash");
  result_clear (&r);

  d = first_diagnosis (wake_then_banner);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "deep-sleep-wake");

  d = first_diagnosis (recovery);
  g_assert_cmpstr (d->cause, ==, "missing-bootloader");
  assert_contains (d->explanation, "recovery bootloader");
  assert_contains (d->fix, "0x2000");
  decode_str (recovery, &r);
  e = find_event (&r, KILN_BOOT_EVENT_FLASH_MODE, 0);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "DIO");
  g_assert_cmpint (e->values[0], ==, 1);
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_SDK_SPI_MODE, 0));
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_RECOVERY, 1));

  g_assert_cmpstr (first_diagnosis (nuttx)->cause, ==, "image-for-other-chip");
  g_assert_false (names_cause (nuttx_anyway, "image-for-other-chip"));
}

/* The newer ROMs check the bootloader's signature themselves once secure
 * boot is on, and say so (the lines as ESP-IDF's security example and a
 * user's ESP32-S3 report, esp-idf issue 15959, print them).  A bootloader
 * with no signature block is a secure-boot refusal, not a missing
 * bootloader; a failed boot names the flash pins of the chip it came
 * from, which differ from one chip to the next. */
static void
test_rom_secure_boot_and_flash_pins (void)
{
  static const char unsigned_s3[] =
    "ESP-ROM:esp32s3-20210327\r\n"
    "Build:Mar 27 2021\r\n"
    "rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
    "SPIWP:0xee\r\n"
    "mode:DIO, clock div:1\r\n"
    "Valid secure boot key blocks: 0\r\n"
    "No signature block magic byte found at signature sector (found 0x61 not 0xe7). Image "
    "not V2 signed?\r\n"
    "ets_main.c 329\r\n";
  static const char verified_c3[] =
    "ESP-ROM:esp32c3-api1-20210207\r\n"
    "Build:Feb  7 2021\r\n"
    "rst:0x1 (POWERON),boot:0xd (SPI_FAST_FLASH_BOOT)\r\n"
    "SPIWP:0xee\r\n"
    "mode:DIO, clock div:1\r\n"
    "Valid secure boot key blocks: 0 1 2\r\n"
    "secure boot verification succeeded\r\n"
    "load:0x3fcd5988,len:0x2d0c\r\n"
    "entry 0x403cc710\r\n";
  Result r = { 0 };
  const KilnBootEvent *e;
  const KilnBootDiagnosis *d;

  decode_str (unsigned_s3, &r);
  e = find_event (&r, KILN_BOOT_EVENT_ROM_SECURE_BOOT, 0);
  g_assert_nonnull (e);
  g_assert_cmpint (e->values[0], ==, 0);
  assert_contains (e->explanation, "slot 0.");
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_SECURITY, 0));
  d = find_diagnosis (&r, KILN_BOOT_DIAG_FLASH_READ_ERROR);
  g_assert_nonnull (d);
  assert_contains (d->fix, "GPIO26 to GPIO32 on the ESP32-S3");
  g_assert_null (strstr (d->fix, "GPIO6 to GPIO11"));
  g_assert_null (strstr (d->explanation, "ESP8266's"));
  result_clear (&r);
  g_assert_cmpstr (first_diagnosis (unsigned_s3)->cause, ==, "secure-boot");

  decode_str (verified_c3, &r);
  e = find_event (&r, KILN_BOOT_EVENT_ROM_SECURE_BOOT, 0);
  g_assert_nonnull (e);
  assert_contains (e->explanation, "slots 0, 1, 2.");
  e = find_event (&r, KILN_BOOT_EVENT_ROM_SECURE_BOOT, 1);
  g_assert_nonnull (e);
  g_assert_cmpint (e->values[0], ==, 1);
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
  result_clear (&r);
  g_assert_cmpstr (first_diagnosis (verified_c3)->cause, ==, "normal-boot");

  decode_str ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
              "flash read err, 1000\r\nets_main.c 371\r\n", &r);
  d = find_diagnosis (&r, KILN_BOOT_DIAG_FLASH_READ_ERROR);
  g_assert_nonnull (d);
  assert_contains (d->fix, "GPIO6 to GPIO11 on the ESP32");
  result_clear (&r);
}

/* GPIO0 low with GPIO2 high on an ESP32: the ROM says UART_BOOT, not its
 * download mode.  Espressif documents GPIO2 low or floating for the serial
 * loader, and boards that show this have a strap fault. */
static void
test_esp32_uart_boot_gpio2_high (void)
{
  const KilnBootDiagnosis *d;

  d = first_diagnosis ("ets Jun  8 2016 00:22:57\r\n\r\n"
                       "rst:0x1 (POWERON_RESET),boot:0xf (UART_BOOT(UART0))\r\n");
  g_assert_cmpstr (d->cause, ==, "bad-strapping");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "GPIO2 was high");
  assert_contains (d->fix, "GPIO2 low or floating");
  /* As pasted with spaces, and with GPIO12 high too. */
  g_assert_cmpstr (first_diagnosis ("rst: 0x1 (POWERON_RESET), boot: 0x2f (UART_BOOT (UART0))\r\n")->cause,
                   ==, "bad-strapping");
  /* GPIO2 low: the ROM's download mode, as it should be for flashing. */
  d = first_diagnosis ("ets Jun  8 2016 00:22:57\r\n\r\n"
                       "rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n"
                       "waiting for download\r\n");
  g_assert_cmpstr (d->cause, ==, "download-mode-gpio0-low");
  g_assert_false (names_cause ("ets Jun  8 2016 00:22:57\r\n\r\n"
                               "rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n"
                               "waiting for download\r\n", "bad-strapping"));
  /* The ROM itself naming a download: its reading of the pins stands over
   * a strap value typed by hand. */
  d = first_diagnosis ("esp rst:0x1 (POWER_ON_RESET) boot:0xf (DOWNLOAD_(UART0)\r\nwaiting for download.\r\n");
  g_assert_cmpstr (d->cause, ==, "download-mode-gpio0-low");
}

/* Erased flash at the bootloader offset: whether a bootloader written at
 * another chip's offset could leave it so depends on the offset. */
static void
test_erased_at_bootloader_offset (void)
{
  const KilnBootDiagnosis *d;

  /* The ESP32 reads from 0x1000, which a bootloader at 0x0 covers. */
  d = first_diagnosis ("ets Jun  8 2016 00:22:57\r\n\r\n"
                       "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "invalid header: 0xffffffff\r\ninvalid header: 0xffffffff\r\n");
  g_assert_cmpstr (d->cause, ==, "empty-flash");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "nothing was written there");
  assert_contains (d->fix, "bootloader at 0x1000");
  /* The C5 reads from 0x2000: the same. */
  g_assert_cmpstr (first_diagnosis ("ESP-ROM:esp32c5-eco2-20250121\r\nBuild:Jan 21 2025\r\n"
                                    "rst:0x1 (POWERON),boot:0x18 (SPI_FAST_FLASH_BOOT)\r\n"
                                    "invalid header: 0xffffffff\r\n")->cause, ==, "empty-flash");
  /* The S3 reads from 0x0: a bootloader written at the ESP32's 0x1000
   * leaves it erased, and that is the usual mistake. */
  d = first_diagnosis ("ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                       "rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                       "invalid header: 0xffffffff\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-bootloader-offset");
  assert_contains (d->fix, "not from 0x1000");
  /* A chip not known: no such conclusion. */
  g_assert_cmpstr (first_diagnosis ("invalid header: 0xffffffff\r\ninvalid header: 0xffffffff\r\n")->cause,
                   ==, "wrong-bootloader-offset");
}

/* All ones but for a bit or two where the bootloader belongs: neither
 * erased nor anything written, so the flash answered wrong. */
static void
test_near_erased_header (void)
{
  const KilnBootDiagnosis *d;

  d = first_diagnosis ("ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
                       "rst:0x7 (TG0WDT_SYS_RST),boot:0xf (SPI_FAST_FLASH_BOOT)\r\n"
                       "Saved PC:0x4004c0dc\r\n"
                       "invalid header: 0xffffff7f\r\ninvalid header: 0xffffff7f\r\n");
  g_assert_cmpstr (d->cause, ==, "flash-read-failure");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "0xFFFFFF7F");
  assert_contains (d->fix, "off and on again");
  /* Two bits clear, on the ESP32: the same. */
  g_assert_cmpstr (first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                                    "invalid header: 0xfffbfffe\r\n")->cause,
                   ==, "flash-read-failure");
  /* Three bits clear is data like any other (a table, the middle of a
   * file): no longer this. */
  g_assert_cmpstr (first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                                    "invalid header: 0xfff7fbfe\r\n")->cause,
                   ==, "missing-bootloader");
}

/* A banner whose copy lost the end of the mode name and the line break
 * ("(SPI_FAST_FLASH" running into "SPIWP:0xee"): the name as far as it
 * was printed, and the strap value for the mode. */
static void
test_mode_name_cut (void)
{
  g_auto(Result) r = { 0 };
  g_auto(Result) other = { 0 };
  const KilnBootEvent *e;

  decode_str ("ESP-ROM:esp32s2-rc4-20191025\r\nBuild:Oct 25 2019\r\n"
              "rst:0x1 (POWERON),boot:0x9 (SPI_FAST_FLASHSPIWP:0xee\r\n"
              "mode:DIO, clock div:1\r\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
  g_assert_nonnull (e);
  g_assert_cmphex (e->values[1], ==, 0x9);
  g_assert_cmpstr (e->detail, ==, "SPI_FAST_FLASH");
  g_assert_cmpint (e->mode, ==, KILN_BOOT_MODE_FLASH);
  /* Two letters of a name are not enough to say which: no name. */
  decode_str ("rst:0x1 (POWERON_RESET),boot:0x13 (SPQSPIWP:0xee\r\n", &other);
  e = find_event (&other, KILN_BOOT_EVENT_RESET, 0);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->detail, ==, "");
}

/* "Will try all partitions" and then the application's own lines: an
 * application did start.  When it too finds the OTA data damaged, the
 * data is what is wrong; when it does not, all is well. */
static void
test_ota_data_damaged_seen_by_app (void)
{
  static const char try_all[] =
    "E (149) boot: ota data partition invalid and no factory, will try all partitions\r\n";
  g_autofree char *damaged =
    g_strconcat (try_all,
                 "E (1095) esp_ota_ops: ota data invalid, no current app. Assuming factory\r\n"
                 "E (1203) esp_ota_ops: CRC mismatch for OTA slot 0: ota_seq=0x00000001, "
                 "ota_state=0x00000002, crc=0x00000000, actual crc=0x4743989a\r\n"
                 "E (1216) fw_update: esp_ota_get_state_partition failed, err=265\r\n", NULL);
  g_autofree char *fine = g_strconcat (try_all, "I (1020) wifi: connected\r\n", NULL);
  const KilnBootDiagnosis *d;

  d = first_diagnosis (damaged);
  g_assert_cmpstr (d->cause, ==, "ota-data-invalid");
  g_assert_false (names_cause (damaged, "no-app-partition"));
  /* An application's own lines after it, its start not in the copy. */
  g_assert_cmpstr (first_diagnosis (fine)->cause, ==, "normal-boot");
  /* Nothing after it: the slots are what fails. */
  g_assert_cmpstr (first_diagnosis (try_all)->cause, ==, "no-app-partition");
}

/* The ESP-IDF bootloader that has no slot left to start stops, and the
 * CPU exception that ends it is not a firmware read wrongly from flash. */
static void
test_bootloader_stops_when_no_app_left (void)
{
  static const char head[] =
    "ets Jun  8 2016 00:22:57\r\n\r\n"
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
    "load:0x3fff0018,len:4\r\nload:0x3fff001c,len:2668\r\n"
    "load:0x40078000,len:7304\r\nload:0x40080000,len:5312\r\nentry 0x40080274\r\n";
  static const char crash[] =
    "Fatal exception (0): IllegalInstruction\r\n"
    "epc1=0x400802bc, epc2=0x00000000, epc3=0x00000000, excvaddr=0x00000000, depc=0x00000000\r\n";
  g_autofree char *corrupt =
    g_strconcat (head, "E (520) esp_image: Checksum failed. Calculated 0x4 read 0xb5\r\n"
                 "E (520) boot: Factory app partition is not bootable\r\n"
                 "E (529) boot: No bootable app partitions in the partition table\r\n", crash, NULL);
  g_autofree char *empty =
    g_strconcat (head, "E (520) esp_image: image at 0x10000 has invalid magic byte\r\n"
                 "E (529) boot: No bootable app partitions in the partition table\r\n", crash, NULL);
  g_autofree char *loaded =
    g_strconcat (head, "I (512) boot: Loaded app from partition at offset 0x10000\r\n", crash, NULL);

  g_assert_cmpstr (first_diagnosis (corrupt)->cause, ==, "checksum-error");
  g_assert_false (names_cause (corrupt, "wrong-flash-mode"));
  g_assert_cmpstr (first_diagnosis (empty)->cause, ==, "no-app-partition");
  g_assert_cmpint (first_diagnosis (empty)->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
  /* An application that loaded and met an instruction it cannot run
   * before it said a word: read wrongly from flash. */
  g_assert_cmpstr (first_diagnosis (loaded)->cause, ==, "wrong-flash-mode");
}

/* ESP-IDF's start-up on a single-core ESP32 names an application built for
 * two cores, in either version's words; medium, as what picked that build
 * may be called the image's chip or the board setting. */
static void
test_single_core_chip (void)
{
  static const char *const lines[] = {
    "E (93) cpu_start: Running on single core chip, but application is built with dual core "
    "support.\r\n"
    "E (93) cpu_start: Please enable CONFIG_FREERTOS_UNICORE option in menuconfig.\r\n",
    "E (116) cpu_start: Running on single core variant of a chip, but app is built with "
    "multi-core support.\r\n"
    "E (116) cpu_start: Check that CONFIG_FREERTOS_UNICORE is enabled in menuconfig\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      const KilnBootDiagnosis *d = first_diagnosis (lines[i]);

      g_assert_nonnull (d);
      g_assert_cmpstr (d->cause, ==, "image-for-other-chip");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
      g_assert_cmpstr (d->title, ==, "An application for two cores on a single-core ESP32");
      assert_contains (d->fix, "CONFIG_FREERTOS_UNICORE");
    }
  /* Another chip named outright stays high. */
  g_assert_cmpint (first_diagnosis ("E (10) boot: Invalid chip id. Expected 9 read 0. Bootloader "
                                    "for wrong chip?\r\n")->confidence,
                   ==, KILN_BOOT_CONFIDENCE_HIGH);
}

/* A detected flash size no ESP32-family board has is a reading gone
 * wrong, not a flash size setting; a real one stays the setting. */
static void
test_implausible_detected_size (void)
{
  static const char *const rom =
    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\n"
    "mode:DIO, clock div:1\r\n"
    "load:0x3fff0030,len:1184\r\n"
    "entry 0x400805e4\r\n";
  g_autofree char *tiny = g_strconcat (rom, "E (452) spi_flash: Detected size(128k) smaller than "
                                       "the size in the binary image header(4096k). Probe "
                                       "failed.\r\n", NULL);
  g_autofree char *real = g_strconcat (rom, "E (452) spi_flash: Detected size(2048k) smaller than "
                                       "the size in the binary image header(4096k). Probe "
                                       "failed.\r\n", NULL);
  const KilnBootDiagnosis *d;

  d = first_diagnosis (tiny);
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  g_assert_cmpstr (d->title, ==, "The flash's size was read wrong");
  assert_contains (d->explanation, "128 KiB");
  assert_contains (d->fix, "flash-id");
  d = first_diagnosis (real);
  g_assert_cmpstr (d->cause, ==, "flash-size-mismatch");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
  /* ESP8266 modules with 512 KB of flash exist (the first ESP-01s). */
  d = first_diagnosis (" ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n"
                       "E (52) spi_flash: Detected size(512k) smaller than the size in the binary "
                       "image header(1024k). Probe failed.\r\n");
  g_assert_cmpstr (d->cause, ==, "flash-size-mismatch");
}

/* A chip check reads the chip ID from bytes 12 and 13 of what it takes for
 * an image header.  A number no chip has (every chip's is below 256,
 * erased flash gives 65535) means there was no image there: from the ROM,
 * something else at the bootloader offset; from the second stage, an
 * empty application slot, which the slot's other lines say. */
static void
test_chip_id_no_chip_has (void)
{
  static const char rom_junk[] =
    "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
    "Invalid chip id. Expected 5 read 3424. Bootloader for wrong chip?\r\nets_main.c 333\r\n";
  static const char rom_other_chip[] =
    "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
    "Invalid chip id. Expected 5 read 9. Bootloader for wrong chip?\r\nets_main.c 333\r\n";
  static const char empty_slots[] =
    "I (29) boot: ESP-IDF v3.2.3 2nd stage bootloader\r\n"
    "E (1187) esp_image: image at 0x110000 has invalid magic byte\r\n"
    "E (1194) boot_comm: mismatch chip ID, expect 0, found 65297\r\n"
    "E (1214) boot: OTA app partition slot 0 is not bootable\r\n"
    "E (1220) esp_image: image at 0x210000 has invalid magic byte\r\n"
    "E (1226) boot_comm: mismatch chip ID, expect 0, found 65535\r\n"
    "E (1253) boot: OTA app partition slot 1 is not bootable\r\n"
    "E (1258) boot: No bootable app partitions in the partition table\r\n";
  static const char slot_for_s2[] =
    "I (29) boot: ESP-IDF v4.4 2nd stage bootloader\r\n"
    "E (75435) boot_comm: mismatch chip ID, expected 0, found 2\r\n";
  /* An empty slot first, then one holding an ESP32-S2's application. */
  static const char junk_then_s2[] =
    "I (29) boot: ESP-IDF v3.2.3 2nd stage bootloader\r\n"
    "E (1187) esp_image: image at 0x110000 has invalid magic byte\r\n"
    "E (1194) boot_comm: mismatch chip ID, expect 0, found 65297\r\n"
    "E (1226) boot_comm: mismatch chip ID, expect 0, found 2\r\n";
  g_auto(Result) r = { 0 };
  KilnBootDiagnosis *d;

  /* The line itself says the number is no chip's. */
  decode_str (empty_slots, &r);
  assert_contains (find_event (&r, KILN_BOOT_EVENT_CHIP_MISMATCH, 0)->explanation,
                   "chip ID 65297, which no chip has");
  assert_contains (find_event (&r, KILN_BOOT_EVENT_CHIP_MISMATCH, 1)->explanation,
                   "chip ID 65535, which no chip has");

  d = first_diagnosis (rom_junk);
  g_assert_cmpstr (d->cause, ==, "missing-bootloader");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "a chip ID (3424) that no chip has");
  assert_contains (d->fix, "Write the bootloader built for this chip at 0x0");
  g_assert_false (names_cause (rom_junk, "image-for-other-chip"));

  d = first_diagnosis (rom_other_chip);
  g_assert_cmpstr (d->cause, ==, "image-for-other-chip");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);

  d = first_diagnosis (empty_slots);
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  g_assert_false (names_cause (empty_slots, "image-for-other-chip"));

  d = first_diagnosis (slot_for_s2);
  g_assert_cmpstr (d->cause, ==, "image-for-other-chip");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);

  d = first_diagnosis (junk_then_s2);
  g_assert_cmpstr (d->cause, ==, "image-for-other-chip");
}

/* An image whose first segment loads into the bootloader's own memory is
 * a bootloader or a merged image, in an application slot (a whole-flash
 * file sent as an update); another segment that overlaps is not this. */
static void
test_bootloader_in_app_slot (void)
{
  static const char ota[] =
    "E (68) esp_image: Segment 0 0x3fcd6100-0x3fcd6fa0 invalid: overlaps bootloader stack\r\n"
    "E (69) boot: OTA app partition slot 1 is not bootable\r\n";
  static const char alone[] =
    "E (412) esp_image: Segment 0 0x3ffe8000-0x3ffe9000 invalid: overlaps bootloader stack\r\n";
  static const char other_segment[] =
    "E (412) esp_image: Segment 2 0x3fcd6100-0x3fcd6fa0 invalid: overlaps bootloader stack\r\n";
  const KilnBootDiagnosis *d;

  d = first_diagnosis (ota);
  g_assert_cmpstr (d->cause, ==, "wrong-bootloader-offset");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  g_assert_cmpstr (d->title, ==, "A bootloader where the application belongs");
  assert_contains (d->evidence, "Segment 0");
  g_assert_cmpstr (first_diagnosis (alone)->title, ==, "A bootloader where the application belongs");
  d = first_diagnosis (other_segment);
  g_assert_true (d == NULL || g_strcmp0 (d->cause, "wrong-bootloader-offset") != 0);
}

/* An empty slot the OTA data chose, and the bootloader then loading an
 * application from another: no application is missing, low; without the
 * load, high as before. */
static void
test_empty_slot_then_app (void)
{
  static const char fell_back[] =
    "E (129) esp_image: image at 0x1010000 has invalid magic byte (nothing flashed here?)\r\n"
    "E (137) boot: OTA app partition slot 1 is not bootable\r\n"
    "I (143) esp_image: segment 0: paddr=00020020 vaddr=3c0c0020 size=8711ch (553244) map\r\n"
    "I (393) boot: Loaded app from partition at offset 0x20000\r\n";
  static const char stopped[] =
    "E (129) esp_image: image at 0x10000 has invalid magic byte (nothing flashed here?)\r\n"
    "E (137) boot: Factory app partition is not bootable\r\n"
    "E (143) boot: No bootable app partitions in the partition table\r\n";
  g_autoptr(GPtrArray) ranked = NULL;
  const KilnBootDiagnosis *d;

  d = first_diagnosis (fell_back);
  g_assert_cmpint (d->kind, !=, KILN_BOOT_DIAG_NO_APP);
  g_assert_cmpint (d->confidence, !=, KILN_BOOT_CONFIDENCE_HIGH);
  kiln_bootlog_decode ((const guint8 *) fell_back, strlen (fell_back), 0, NULL, &ranked);
  for (guint i = 0; i < ranked->len; i++)
    {
      d = g_ptr_array_index (ranked, i);
      if (d->kind == KILN_BOOT_DIAG_NO_APP)
        g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
    }
  d = first_diagnosis (stopped);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_NO_APP);
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
}

/* The ROM's first line cut off by resets again and again, a few
 * characters in each time, with no line break between: only the supply or
 * EN resets a chip that early.  Two cut banners before a whole one, or
 * whole banners run together, are no such loop. */
static void
test_banner_cut_reset_loop (void)
{
  static const char *const cut[] = {
    "ESP-ROM:esp32c3ESP-ROM:?ESP?ESP-ROM:esESP-ROM:\r\n",
    "\"ESP-ROM:?ESP-ROM:?ESP-ROM:?\"\r\n",
    " ets Jan  8 2013,rsets Jan  8 20ets Jan 8ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n",
    "ets Jun  8 2016 00ets Jun  8 2016 00:22ets Jun  8\r\n",
  };
  static const char twice[] = "ESP-ROM:esESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
                              "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n";
  static const char whole[] = "ets Jun  8 2016 00:22:57ets Jun  8 2016 00:22:57ets Jun  8 2016 "
                              "00:22:57\r\n";
  const KilnBootDiagnosis *d;
  g_auto(Result) r = { 0 };
  KilnBootEvent *e;

  for (guint i = 0; i < G_N_ELEMENTS (cut); i++)
    {
      d = first_diagnosis (cut[i]);
      g_assert_nonnull (d);
      g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_RESET_LOOP);
      g_assert_cmpstr (d->cause, ==, "reset-loop-power");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
      assert_contains (d->title, "before its ROM has printed a line");
    }
  /* One event for the whole run, counting every start. */
  decode_str (cut[0], &r);
  e = find_event (&r, KILN_BOOT_EVENT_ROM_BANNER, 0);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->values[0], ==, 4);
  assert_contains (e->explanation, "4 times");
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_ROM_BANNER, 1));
  /* A whole first line after the cut ones is read as the ROM's. */
  result_clear (&r);
  decode_str (cut[2], &r);
  e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->values[0], ==, 2);
  g_assert_cmpuint (find_event (&r, KILN_BOOT_EVENT_ROM_BANNER, 0)->values[0], ==, 3);

  g_assert_false (names_cause (twice, "reset-loop-power"));
  g_assert_false (names_cause (whole, "reset-loop-power"));
}

/* The ESP8266 SDK 3 refusing an entry of the firmware's own partition
 * table (type 100 up) is that table, said with why; an entry of the
 * SDK's own (type 4, RF calibration) is not.  The HomeKit libraries'
 * storage sector that will not erase lies past the end of the flash;
 * another firmware's flash that will not erase is not that. */
static void
test_sdk_partition_entry_and_homekit_storage (void)
{
  static const char misaligned[] =
    "Booting rom 0.\r\np 100 size 0xfdff0 ,0x2000 err\r\nsystem_partition_table_regist: failed\r\n";
  static const char overlapping[] =
    "p 101 size 0x79000 ,0x2000 err\r\nsystem_partition_table_regist fail\r\n";
  static const char sdk_entry[] =
    "p 4 size 0x1000 ,0x3fb000 err\r\nsystem_partition_table_regist fail\r\n";
  static const char *const homekit[] = {
    ">>> [   3913] HomeKit: Formatting HomeKit storage at 0xffb000\r\n"
    "!!! [   3918] HomeKit: Failed to erase HomeKit storage\r\n",
    ">>> HomeKit: Formatting flash at 0x100000\r\n!!! HomeKit: Failed to erase flash\r\n",
  };
  static const char other_firmware[] = "E (812) ota: Failed to erase flash\r\n";
  const KilnBootDiagnosis *d;

  g_assert_false (names_cause (other_firmware, "wrong-board-settings"));
  d = first_diagnosis (misaligned);
  g_assert_nonnull (d);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_PARTITION_TABLE);
  g_assert_cmpstr (d->cause, ==, "partition-table-invalid");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "0xFDFF0 bytes at 0x2000 is not a whole number of 4 KB sectors");
  d = first_diagnosis (overlapping);
  g_assert_cmpstr (d->cause, ==, "partition-table-invalid");
  assert_contains (d->explanation, "overlaps another entry");
  d = first_diagnosis (sdk_entry);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, !=, "partition-table-invalid");

  for (guint i = 0; i < G_N_ELEMENTS (homekit); i++)
    {
      d = first_diagnosis (homekit[i]);
      g_assert_nonnull (d);
      g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_FILESYSTEM);
      g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
      g_assert_cmpstr (d->title, ==, "The firmware's storage lies past the end of the flash");
    }
}

/* MCUboot's "Unable to find bootable image" says the same for an empty
 * slot, an image at another offset and one it refuses: no application,
 * medium, where ESP-IDF's bootloader's is certain. */
static void
test_mcuboot_no_image (void)
{
  static const char log[] =
    "[esp32] [INF] *** Booting MCUboot build v2.3.0 ***\r\n"
    "[esp32] [INF] Primary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3\r\n"
    "[esp32] [INF] Boot source: primary slot\r\n"
    "[esp32] [INF] Image index: 0, Swap type: none\r\n"
    "[esp32] [ERR] Unable to find bootable image\r\n";
  const KilnBootDiagnosis *d = first_diagnosis (log);

  g_assert_nonnull (d);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_NO_APP);
  g_assert_cmpstr (d->cause, ==, "no-app-partition");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  g_assert_cmpstr (d->title, ==, "No application MCUboot can start");
  assert_contains (d->fix, "primary slot");
}

/* The older SDKs' dump after "system param error": other data there is
 * the flash size setting; erased flash (a first start) says nothing; a
 * row of bytes with no such error before it stays unread. */
static void
test_sdk_param_dump (void)
{
  static const char other_data[] =
    "system param error\r\n"
    "00 00 00 00 00 00 55 00 55 00 00 00 55 00 00 00 55 00 00 00 55 00 00 00 55 00 00 00 55 00 ff ff\r\n"
    "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff\r\n";
  static const char erased[] =
    "system param error\r\n"
    "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff\r\n";
  static const char no_error[] =
    "00 00 00 00 00 00 55 00 55 00 00 00 55 00 00 00 55 00 00 00 55 00 00 00 55 00 00 00 55 00 ff ff\r\n";
  const KilnBootDiagnosis *d;

  d = first_diagnosis (other_data);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "sdk-init-data-or-param");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  g_assert_cmpstr (d->title, ==, "Other data where the SDK keeps its settings");
  g_assert_false (names_cause (erased, "sdk-init-data-or-param"));
  {
    g_auto(Result) r = { 0 };

    decode_str (no_error, &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, 0));
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
  }
}

/* A copy that begins with a reset by the RTC watchdog and shows nothing
 * wrong: the run before hung until the watchdog reset the chip, not "no
 * known problem".  Not when the ROM could not read the flash or gave up
 * (its own watchdog then resets the chip), nor in download mode. */
static void
test_rtc_watchdog_copy_ends (void)
{
  static const char *const hung[] = {
    "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
    "rst:0x10 (RTCWDT_RTC_RST),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n",
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\n"
    "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n"
    "mode:DIO, clock div:1\r\nload:0x3fff0030,len:4892\r\n",
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\n"
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\n",
    /* The reason quoted alone, as ESP-IDF's guide to fatal errors does:
     * no boot mode to say it was not a download boot. */
    "rst:0x10 (LP_WDT_SYS)\r\n",
  };
  static const char *const not_hung[] = {
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nflash read err, 1000\r\n",
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nets_main.c 371 \r\n",
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n"
    "waiting for download\r\n",
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hung); i++)
    {
      const KilnBootDiagnosis *d = first_diagnosis (hung[i]);

      g_assert_nonnull (d);
      g_assert_cmpstr (d->cause, ==, "hardware-watchdog");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_hung); i++)
    g_assert_false (names_cause (not_hung[i], "hardware-watchdog"));

  /* While a capture goes on, the boot has not ended yet. */
  {
    g_autoptr(KilnBootlogDecoder) decoder = kiln_bootlog_decoder_new (NULL, NULL, NULL);
    g_autoptr(GPtrArray) live = NULL;
    g_autoptr(GPtrArray) ended = NULL;

    kiln_bootlog_decoder_feed (decoder, (const guint8 *) hung[0], strlen (hung[0]));
    live = kiln_bootlog_decoder_get_diagnoses (decoder);
    for (guint i = 0; i < live->len; i++)
      g_assert_cmpstr (((KilnBootDiagnosis *) g_ptr_array_index (live, i))->cause, !=,
                       "hardware-watchdog");
    kiln_bootlog_decoder_flush (decoder);
    ended = kiln_bootlog_decoder_get_diagnoses (decoder);
    g_assert_cmpuint (ended->len, >, 0);
    g_assert_cmpstr (((KilnBootDiagnosis *) g_ptr_array_index (ended, 0))->cause, ==,
                     "hardware-watchdog");
  }
}
/* The next boot's banner run into an "invalid header" line a reset cut
 * short: the banner is still read (it names the chip, and so the
 * bootloader's offset), its first letter is not taken for a digit, and
 * the cut word is said to be cut. */
static void
test_banner_after_cut_header (void)
{
  static const char c3[] =
    "invalid header: 0xffffffff\r\ninvalid header: 0xfESP-ROM:esp32c3-api1-20210207\r\n"
    "Build:Feb  7 2021\r\nrst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
    "invalid header: 0xffffffff\r\ninvalid header: 0xffffffff\r\n";
  static const char esp32[] =
    "invalid header: 0xffffffff\r\ninvalid header: 0xffets Jun  8 2016 00:22:57\r\n\r\n"
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "invalid header: 0xffffffff\r\n";
  g_auto(Result) r = { 0 };
  const KilnBootDiagnosis *d;
  KilnBootEvent *e;

  decode_str (c3, &r);
  e = find_event (&r, KILN_BOOT_EVENT_ROM_BANNER, 0);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "esp32c3");
  e = find_event (&r, KILN_BOOT_EVENT_INVALID_HEADER, 1);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->values[0], ==, 0xf);
  assert_contains (e->explanation, "cut the line short");
  d = first_diagnosis (c3);
  g_assert_nonnull (d);
  assert_contains (d->fix, "Write the bootloader at 0x0 ");

  result_clear (&r);
  decode_str (esp32, &r);
  e = find_event (&r, KILN_BOOT_EVENT_ROM_BANNER, 0);
  g_assert_nonnull (e);
  assert_contains (e->name, "2016");
  e = find_event (&r, KILN_BOOT_EVENT_INVALID_HEADER, 1);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->values[0], ==, 0xff);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiln/bootlog/chip-facts", test_chip_facts);
  g_test_add_func ("/kiln/bootlog/ranking", test_ranking);
  g_test_add_func ("/kiln/bootlog/invalid-header-words", test_invalid_header_words);
  g_test_add_func ("/kiln/bootlog/multi-line-rules", test_multi_line_rules);
  g_test_add_func ("/kiln/bootlog/pasted-forms", test_pasted_forms);
  g_test_add_func ("/kiln/bootlog/newer-roms", test_newer_roms);
  g_test_add_func ("/kiln/bootlog/power-and-strap-patterns", test_power_and_strap_patterns);
  g_test_add_func ("/kiln/bootlog/rom-and-idf-words", test_rom_and_idf_words);
  g_test_add_func ("/kiln/bootlog/flasher-report", test_flasher_report);
  g_test_add_func ("/kiln/bootlog/order-and-names", test_order_and_names);
  g_test_add_func ("/kiln/bootlog/segments-and-supply", test_segments_and_supply);
  g_test_add_func ("/kiln/bootlog/sdk-and-second-stage-words", test_sdk_and_second_stage_words);
  g_test_add_func ("/kiln/bootlog/esp32-rom-details", test_esp32_rom_details);
  g_test_add_func ("/kiln/bootlog/silent-second-stage", test_silent_second_stage);
  g_test_add_func ("/kiln/bootlog/table-mark-and-flash-setup", test_table_mark_and_flash_setup);
  g_test_add_func ("/kiln/bootlog/esp8266-cause-two", test_esp8266_cause_two);
  g_test_add_func ("/kiln/bootlog/hangs-and-foreign-headers", test_hangs_and_foreign_headers);
  g_test_add_func ("/kiln/bootlog/second-stage-reports", test_second_stage_reports);
  g_test_add_func ("/kiln/bootlog/octal-and-hash-lines", test_octal_and_hash_lines);
  g_test_add_func ("/kiln/bootlog/previous-run-and-garbled-banner",
                   test_previous_run_and_garbled_banner);
  g_test_add_func ("/kiln/bootlog/csum-err-segments-read-right", test_csum_err_segments_read_right);
  g_test_add_func ("/kiln/bootlog/partition-past-flash-size", test_partition_past_flash_size);
  g_test_add_func ("/kiln/bootlog/noise-in-table-or-app-slot", test_noise_in_table_or_app_slot);
  g_test_add_func ("/kiln/bootlog/empty-partition-table", test_empty_partition_table);
  g_test_add_func ("/kiln/bootlog/sdk3-small-flash-setting", test_sdk3_small_flash_setting);
  g_test_add_func ("/kiln/bootlog/ota-blank-try-all", test_ota_blank_try_all);
  g_test_add_func ("/kiln/bootlog/full-width-image-at-table-nvs-keys",
                   test_full_width_image_at_table_nvs_keys);
  g_test_add_func ("/kiln/bootlog/damaged-image-revision-latched-restart",
                   test_damaged_image_revision_latched_restart);
  g_test_add_func ("/kiln/bootlog/second-stage-and-newer-rom-lines",
                   test_second_stage_and_newer_rom_lines);
  g_test_add_func ("/kiln/bootlog/rom-secure-boot-and-flash-pins",
                   test_rom_secure_boot_and_flash_pins);
  g_test_add_func ("/kiln/bootlog/esp32-uart-boot-gpio2-high", test_esp32_uart_boot_gpio2_high);
  g_test_add_func ("/kiln/bootlog/erased-at-bootloader-offset", test_erased_at_bootloader_offset);
  g_test_add_func ("/kiln/bootlog/near-erased-header", test_near_erased_header);
  g_test_add_func ("/kiln/bootlog/mode-name-cut", test_mode_name_cut);
  g_test_add_func ("/kiln/bootlog/ota-data-damaged-seen-by-app", test_ota_data_damaged_seen_by_app);
  g_test_add_func ("/kiln/bootlog/bootloader-stops-when-no-app-left",
                   test_bootloader_stops_when_no_app_left);
  g_test_add_func ("/kiln/bootlog/single-core-chip", test_single_core_chip);
  g_test_add_func ("/kiln/bootlog/implausible-detected-size", test_implausible_detected_size);
  g_test_add_func ("/kiln/bootlog/chip-id-no-chip-has", test_chip_id_no_chip_has);
  g_test_add_func ("/kiln/bootlog/bootloader-in-app-slot", test_bootloader_in_app_slot);
  g_test_add_func ("/kiln/bootlog/empty-slot-then-app", test_empty_slot_then_app);
  g_test_add_func ("/kiln/bootlog/banner-cut-reset-loop", test_banner_cut_reset_loop);
  g_test_add_func ("/kiln/bootlog/banner-after-cut-header", test_banner_after_cut_header);
  g_test_add_func ("/kiln/bootlog/sdk-partition-entry-homekit-storage",
                   test_sdk_partition_entry_and_homekit_storage);
  g_test_add_func ("/kiln/bootlog/mcuboot-no-image", test_mcuboot_no_image);
  g_test_add_func ("/kiln/bootlog/sdk-param-dump", test_sdk_param_dump);
  g_test_add_func ("/kiln/bootlog/rtc-watchdog-copy-ends", test_rtc_watchdog_copy_ends);

  return g_test_run ();
}
