/* test-bootlog-rules-run.c: the boot-log decoder's diagnoses of the
 * running firmware: crashes and crash reports, watchdogs, power and reset
 * loops, deliberate and benign restarts, file systems, PSRAM and board
 * parts, and the lines of the firmware's own log.  test-bootlog-rules.c
 * has those of the boot before it.  Each rule is tested with logs written
 * from the documented wording of what the firmware and its libraries
 * print, not with the corpus's logs (test-bootlog-corpus.c measures
 * those).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-test-bootlog.h"

/* Whether the explanation of any diagnosis of @log contains @text. */
static gboolean
any_explanation_has (const char *log,
                     const char *text)
{
  g_autoptr(GPtrArray) ranked = NULL;

  kiln_bootlog_decode ((const guint8 *) log, strlen (log), 0, NULL, &ranked);
  for (guint i = 0; i < ranked->len; i++)
    if (strstr (((KilnBootDiagnosis *) g_ptr_array_index (ranked, i))->explanation, text) != NULL)
      return TRUE;
  return FALSE;
}

/* Error-looking lines known to be harmless, and crash reports in the words
 * of the ESP8266 Arduino core and MicroPython. */
static void
test_harmless_and_crash_words (void)
{
  g_autoptr(GPtrArray) ranked = NULL;
  static const char harmless[] =
    "E (420) esp_core_dump_flash: No core dump partition found!\r\n"
    "W (481) phy_init: failed to load RF calibration data (0x1102), falling back to full "
    "calibration\r\n"
    "I (500) main_task: Calling app_main()\r\n";
  static const char *const crashes[] = {
    "Panic core_esp8266_main.cpp:98 __yield\r\n",
    "User exception (panic/abort/assert)\r\n",
    "FATAL: uncaught exception 3fff0370\r\n",
    "Re-entered core dump! Exception happened during core dump!\r\n",
  };
  g_auto(Result) r = { 0 };
  KilnBootEvent *e;

  decode_str (harmless, &r);
  e = find_event (&r, KILN_BOOT_EVENT_HARMLESS, 0);
  g_assert_nonnull (e);
  g_assert_cmpint (e->severity, ==, KILN_BOOT_SEVERITY_INFO);
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_HARMLESS, 1));
  /* Nothing wrong: not "errors Kiln does not know". */
  kiln_bootlog_decode ((const guint8 *) harmless, strlen (harmless), 0, NULL, &ranked);
  for (guint i = 0; i < ranked->len; i++)
    {
      KilnBootDiagnosis *d = g_ptr_array_index (ranked, i);
      g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_INFO);
    }

  for (guint i = 0; i < G_N_ELEMENTS (crashes); i++)
    g_assert_cmpstr (first_diagnosis (crashes[i])->cause, ==, "app-crash");

  /* An error line nobody can read (noise in the middle) is no evidence;
   * the same words readable are an error Kiln does not know. */
  {
    static const char boot[] =
      "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
      "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
      "load:0x3fff0030,len:4640\r\nentry 0x4008059c\r\n";
    g_autofree char *noisy = g_strconcat (boot, "E (517) wifi_init: st\xef\xbf\xbd\xef\xbf\xbd "
                                          "failed\r\n", NULL);
    g_autofree char *clean = g_strconcat (boot, "E (517) wifi_init: start failed\r\n", NULL);

    g_assert_cmpstr (first_diagnosis (noisy)->cause, ==, "normal-boot");
    g_assert_cmpstr (first_diagnosis (clean)->cause, ==, "unknown");
  }
  g_assert_cmpstr (first_diagnosis ("E (41) esp_image: Segment 0 0x3c020020-0x3c098b48 invalid: "
                                    "overlaps irom\r\n")->cause, ==, "checksum-error");
}

/* What the firmware says about its own restarts, wake-ups, flash and
 * stack, and a success that is no failure. */
static void
test_firmware_words (void)
{
  KilnBootDiagnosis *d;

  /* Secure boot that succeeded, on a banner that lost its first letter. */
  d = first_diagnosis ("SP-ROM:esp32s3-20210327\r\nrst:0x1 (POWERON),boot:0x29 "
                       "(SPI_FAST_FLASH_BOOT)\r\nsecure boot verification succeeded\r\n"
                       "load:0x3fce3980,len:0x31f8\r\nentry 0x403c9908\r\n");
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  /* A reset over USB is one from outside. */
  d = first_diagnosis ("ESP-ROM:esp32c6-20220919\r\nrst:0x15 (USB_UART_HPSYS),boot:0x2c "
                       "(SPI_FAST_FLASH_BOOT)\r\nentry 0x4086c410\r\n"
                       "I (23) boot: ESP-IDF v5.1.2 2nd stage bootloader\r\n");
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  /* AT+RST, answered by a watchdog reset: the restart asked for (with a
   * script's "> " in front of every line). */
  d = first_diagnosis ("> AT+RST\r\n> OK\r\n> ets Jan 8 2013,rst cause:4, boot mode:(3,7)\r\n"
                       "> wdt reset\r\n> load 0x40100000, len 612, room 16\r\n> tail 4\r\n"
                       "> chksum 0x12\r\n> csum 0x12\r\n> ready\r\n");
  g_assert_cmpstr (d->cause, ==, "software-restart");
  /* "Restarting..." (SDK samples and sketches before system_restart()),
   * then the reset it asked for. */
  d = first_diagnosis ("Restarting...\r\n\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                       "load 0x40100000, len 1588, room 16 \r\ntail 4\r\nchksum 0xb6\r\n"
                       "csum 0xb6\r\n");
  g_assert_cmpstr (d->cause, ==, "software-restart");
  /* The firmware says it woke from deep sleep. */
  d = first_diagnosis ("I (304) cpu_start: Starting scheduler on PRO CPU.\r\n"
                       "Wake up from timer. Time spent in deep sleep: 20313ms\r\n");
  g_assert_cmpstr (d->cause, ==, "deep-sleep-wake");
  /* It cannot keep its files. */
  d = first_diagnosis ("FS   : Mount successful, used 2008 bytes of 113201\r\n"
                       "FS   : Error while reading/writing config.dat in 1013\r\n");
  g_assert_cmpstr (d->cause, ==, "flash-read-failure");
  /* Stacks: smashing is a bug in the code, a guard or watchpoint a stack
   * too small; "Breakpoint" is a RISC-V panic name. */
  d = first_diagnosis ("Stack smashing protect failure!\r\n\r\nabort() was called at PC "
                       "0x400d2138 on core 0\r\n");
  g_assert_cmpstr (d->cause, ==, "app-crash");
  d = first_diagnosis ("Guru Meditation Error: Core 0 panic'ed (Stack protection fault).\r\n");
  g_assert_cmpstr (d->cause, ==, "stack-overflow");
  d = first_diagnosis ("Guru Meditation Error: Core  0 panic'ed (Breakpoint). Exception was "
                       "unhandled.\r\n");
  g_assert_cmpstr (d->cause, ==, "stack-overflow");
  d = first_diagnosis ("ets Jul 29 2019 12:21:46\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
                       "(SPI_FAST_FLASH_BOOT)\r\nentry 0x40080580\r\n"
                       "Guru Meditation Error: Core  0 panic'ed (LoadProhibited)\r\n");
  g_assert_cmpstr (d->cause, ==, "app-crash");
}

/* Serial monitors' readings of an address (ESPHome's log viewer,
 * espflash's monitor) are part of the crash report, not the firmware's
 * words: esp_restart_noos_dig named in one is where the CPU was, not a
 * restart the firmware announced. */
static void
test_monitor_address_readings (void)
{
  static const char log[] =
    "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
    "rst:0x3 (RTC_SW_SYS_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
    "Saved PC:0x40381a90\r\n"
    "WARNING Decoded 0x40381a90: esp_restart_noos_dig at /esp-idf/components/esp_system/"
    "esp_system.c:44 (discriminator 1)\r\n"
    "0x4080041e - get_buffer_malloc\r\n"
    "    at /esp-idf/components/spi_flash/spi_flash_os_func_app.c:193\r\n"
    "0x403cdb4a - __default_naked_level_7_interrupt\r\n"
    "    at ??:??\r\n";
  g_auto(Result) r = { 0 };

  decode_str (log, &r);
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_RESTART, 0));
  for (guint i = 0; i < 5; i++)
    assert_contains (find_event (&r, KILN_BOOT_EVENT_CRASH_REPORT, i)->explanation,
                     "reading of an address");
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_CRASH_REPORT, 5));
}

/* A camera sensor that does not answer (esp32-camera's wording): the
 * supply first, low; the brown-out detector's own line, when there is
 * one, says it for certain. */
static void
test_camera_not_answering (void)
{
  static const char *const lines[] = {
    "[E][sccb.c:115] SCCB_Write(): SCCB_Write Failed addr:0x30, reg:0xc7, data:0x10, ret:-1",
    "E (894) camera: Camera probe failed with error 0x105(ESP_ERR_NOT_FOUND)",
    "[E][camera.c:1049] camera_probe(): Detected camera not supported.",
    "camera init failed with error 0x105",
  };
  static const char boot[] = "ets Jul 29 2019 12:21:46\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
                             "(SPI_FAST_FLASH_BOOT)\r\nentry 0x400806a4\r\n";
  KilnBootDiagnosis *d;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *log = g_strconcat (boot, lines[i], "\r\n", NULL);

      d = first_diagnosis (log);
      g_assert_cmpstr (d->cause, ==, "brownout");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
      assert_contains (d->title, "camera");
      assert_contains (d->fix, "5 V");
    }
  d = first_diagnosis ("ets Jul 29 2019 12:21:46\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
                       "(SPI_FAST_FLASH_BOOT)\r\nentry 0x400806a4\r\n"
                       "E (894) camera: Camera probe failed with error 0x105(ESP_ERR_NOT_FOUND)\r\n"
                       "\r\nBrownout detector was triggered\r\n");
  g_assert_cmpstr (d->cause, ==, "brownout");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
}

/* "No known problem" is said only when nothing looked wrong; error lines
 * no rule knows are reported as such. */
static void
test_nothing_wrong (void)
{
  KilnBootDiagnosis *d;

  d = first_diagnosis ("ets Jun  8 2016 00:22:57\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
                       "(SPI_FAST_FLASH_BOOT)\r\nentry 0x40080034\r\nHello\r\n");
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_INFO);
  d = first_diagnosis ("ets Jun  8 2016 00:22:57\r\nrst:0x5 (DEEPSLEEP_RESET),boot:0x13 "
                       "(SPI_FAST_FLASH_BOOT)\r\nentry 0x40080034\r\nWoke up\r\n");
  g_assert_cmpstr (d->cause, ==, "deep-sleep-wake");
  d = first_diagnosis ("ets Jun  8 2016 00:22:57\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
                       "(SPI_FAST_FLASH_BOOT)\r\nentry 0x40080034\r\n"
                       "E (512) mqtt: the broker refused the connection\r\n");
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_UNEXPLAINED);
  g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_WARNING);
  assert_contains (d->evidence, "broker refused");
  g_assert_null (first_diagnosis ("just some text\r\n"));
}

/* The lines of a crash report are known, not unknown text; NVS that
 * nvs_flash_init() cannot use is a cause of its own; the newer ROMs' and
 * the ESP8266 SDK's plain lines are read. */
static void
test_crash_reports_and_nvs (void)
{
  static const char *const reports[] = {
    /* ESP-IDF on an Xtensa chip */
    "Guru Meditation Error: Core  1 panic'ed (StoreProhibited). Exception was unhandled.\r\n"
    "\r\n"
    "Core  1 register dump:\r\n"
    "PC      : 0x400d0f2a  PS      : 0x00060f30  A0      : 0x800d3a4c  A1      : 0x3ffb2270\r\n"
    "A2      : 0x00000000  A3      : 0x00000001  A4      : 0x3ffc1e20  A5      : 0x00000000\r\n"
    "EXCCAUSE: 0x0000001d  EXCVADDR: 0x00000000  LBEG    : 0x40086161  LEND    : 0x40086171\r\n"
    "\r\n"
    "Backtrace: 0x400d0f27:0x3ffb2270 0x400d3a49:0x3ffb2290 0x4008a4ba:0x3ffb22b0\r\n"
    "\r\n"
    "ELF file SHA256: 8a1fb2a0c4c5d6e7\r\n",
    /* ESP-IDF on a RISC-V chip */
    "Guru Meditation Error: Core  0 panic'ed (Load access fault). Exception was unhandled.\r\n"
    "\r\n"
    "Core  0 register dump:\r\n"
    "MEPC    : 0x4200b1c6  RA      : 0x4200b1c2  SP      : 0x3fc98e40  GP      : 0x3fc8d000\r\n"
    "S0/FP   : 0x00000000  S1      : 0x3fc99000  A0      : 0x00000000  A1      : 0x00000001\r\n"
    "MSTATUS : 0x00001881  MTVEC   : 0x40380001  MCAUSE  : 0x00000005  MTVAL   : 0x00000000\r\n"
    "Stack memory:\r\n"
    "3fc98e40: 0x00000000 0x00000000 0x3fc99000 0x4200b1c2\r\n",
    /* The ESP8266 Arduino core */
    "Exception (28):\r\n"
    "epc1=0x40201a3c epc2=0x00000000 epc3=0x00000000 excvaddr=0x00000000 depc=0x00000000\r\n"
    "\r\n"
    ">>>stack>>>\r\n"
    "\r\n"
    "ctx: cont\r\n"
    "sp: 3ffffde0 end: 3fffffc0 offset: 01a0\r\n"
    "3fffff80:  3fffdad0 00000000 3ffee6a0 40201b5c\r\n"
    "<<<stack<<<\r\n"
    "\r\n"
    "--------------- CUT HERE FOR EXCEPTION DECODER ---------------\r\n",
    /* The ESP8266 NONOS SDK */
    "Fatal exception 0(IllegalInstructionCause):\r\n"
    "epc1=0x4024e2f0, epc2=0x00000000, epc3=0x00000000, excvaddr=0x00000000, depc=0x00000000\r\n",
  };
  static const char nvs_check[] =
    "I (321) cpu_start: Starting scheduler on PRO CPU.\r\n"
    "ESP_ERROR_CHECK failed: esp_err_t 0x110d (ESP_ERR_NVS_NO_FREE_PAGES) at 0x400d3b3e\r\n"
    "file: \"main/main.c\" line 27\r\n"
    "func: app_main\r\n"
    "expression: nvs_flash_init()\r\n"
    "\r\n"
    "abort() was called at PC 0x4008762f on core 0\r\n";
  KilnBootDiagnosis *d;

  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    {
      g_auto(Result) r = { 0 };
      KilnBootEvent *e;

      decode_str (reports[i], &r);
      g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
      e = find_event (&r, KILN_BOOT_EVENT_CRASH_REPORT, 0);
      g_assert_nonnull (e);
      g_assert_cmpint (e->severity, ==, KILN_BOOT_SEVERITY_INFO);
      g_assert_cmpstr (first_diagnosis (reports[i])->cause, ==, "app-crash");
    }
  /* Register-like words in ordinary output stay ordinary text. */
  {
    g_auto(Result) r = { 0 };

    decode_str ("SP: 100 steps\r\nPC: connected\r\n", &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_CRASH_REPORT, 0));
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_TEXT, 1));
  }

  /* NVS the firmware cannot use ranks above the abort it leads to. */
  {
    g_auto(Result) r = { 0 };

    decode_str (nvs_check, &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_NVS_ERROR, 0));
  }
  d = first_diagnosis (nvs_check);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_NVS);
  g_assert_cmpstr (d->cause, ==, "nvs-stale");
  assert_contains (d->fix, "erase-region 0x9000 0x6000");
  d = first_diagnosis ("E (412) app: nvs_flash_init failed: ESP_ERR_NVS_NEW_VERSION_FOUND\r\n");
  g_assert_cmpstr (d->cause, ==, "nvs-stale");
  /* Another failed check is a crash, and says what the call returned. */
  {
    static const char other[] =
      "ESP_ERROR_CHECK failed: esp_err_t 0x103 (ESP_ERR_INVALID_STATE) at 0x400d3b3e\r\n"
      "expression: gpio_install_isr_service(0)\r\n"
      "abort() was called at PC 0x4008762f on core 0\r\n";
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str (other, &r);
    e = find_event (&r, KILN_BOOT_EVENT_PANIC, 0);
    assert_contains (e->explanation, "ESP_ERR_INVALID_STATE");
    g_assert_cmpstr (first_diagnosis (other)->cause, ==, "app-crash");
  }

  /* The newer ROMs say which port they wait on. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
                "rst:0x1 (POWERON),boot:0x5 (SPI_DOWNLOAD_BOOT)\r\nwait spi download\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD, 0);
    g_assert_cmpstr (e->name, ==, "spi");
    assert_contains (e->explanation, "SPI");
  }
  /* The ESP8266 SDK coming up, and an upload's latched download mode
   * whose fix also names the missing pull-up. */
  {
    g_auto(Result) r = { 0 };

    decode_str ("rf cal sector: 251\r\nfreq trace enable 0\r\n", &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_APP_START, 1));
  }
  /* "user code done" is the ROM's, after the bootloader it started gave
   * up (log 127's boot.bin), not the firmware coming up. */
  {
    g_auto(Result) r = { 0 };
    const KilnBootEvent *e;

    decode_str ("jump to run user1 @ 1000\r\n\r\nbackup boot failed.\r\n\r\n"
                "user code done\r\n", &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_APP_START, 0));
    e = find_event (&r, KILN_BOOT_EVENT_ROM_HALT, 0);
    g_assert_nonnull (e);
    assert_contains (e->explanation, "gave up and returned to the ROM");
  }
  /* boot.bin's settings (the corpus's log 920, boot v1.2) or the slot they
   * choose (log 016): blank.bin is boot.bin's, ESP-IDF's otadata is not;
   * blank.bin goes two sectors above the init data. */
  {
    static const char *const logs[] = {
      "2nd boot version : 1.2\r\n  SPI Speed      : 40MHz\r\n  SPI Mode       : DIO\r\n"
      "  SPI Flash Size : 32Mbit\r\njump to run usererror user bin flag, flag = c\r\n"
      "user code done\r\n",
      "2nd boot version : 1.6\r\n  SPI Speed      : 40MHz\r\n  SPI Mode       : DOUT\r\n"
      "  SPI Flash Size & Map: 32Mbit(512KB+512KB)\r\njump to run user2 @ 81000\r\n\r\n"
      "error magic!\r\nbackup boot failed.\r\n\r\nuser code done\r\n",
    };

    for (guint i = 0; i < G_N_ELEMENTS (logs); i++)
      {
        d = first_diagnosis (logs[i]);
        g_assert_cmpstr (d->cause, ==, "ota-data-invalid");
        g_assert_cmpstr (d->title, ==, "boot.bin cannot start the slot its settings choose");
        assert_contains (d->fix, "Write blank.bin where the flash map puts it (two sectors above "
                                 "the PHY init data: 0xFE000 on a 1 MB flash, 0x3FE000 on 4 MB)");
        g_assert_null (strstr (d->fix, "otadata"));
      }
  }
  d = first_diagnosis (" ets Jan  8 2013,rst cause:2, boot mode:(1,6)\r\n\r\n"
                       " ets Jan  8 2013,rst cause:4, boot mode:(1,6)\r\n\r\nwdt reset\r\n");
  g_assert_cmpstr (d->cause, ==, "restart-after-serial-flash");
  assert_contains (d->fix, "pull-up");
}

/* Reads that went wrong in ways the log shows indirectly: a quad read
 * that returns a pattern, an image whose first instruction cannot run,
 * a checksum that never moved from its seed, output at a rate a crystal
 * setting chose, and garbage that a copy turned into other characters. */
static void
test_indirect_signs (void)
{
  KilnBootDiagnosis *d;
  g_autofree char *mojibake = NULL;

  /* The partition table's mark read as one byte repeated in quad mode. */
  d = first_diagnosis ("I (45) boot: SPI Mode       : QIO\r\n"
                       "E (52) flash_parts: partition 0 invalid magic number 0x5555\r\n"
                       "E (58) boot: Failed to verify partition table\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-flash-mode");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "0x5555");
  assert_contains (d->fix, "menuconfig");
  /* …erased, it is a table never written; in DIO, a table that is wrong. */
  d = first_diagnosis ("I (45) boot: SPI Mode       : QIO\r\n"
                       "E (52) flash_parts: partition 0 invalid magic number 0xffff\r\n");
  g_assert_cmpstr (d->cause, ==, "partition-table-invalid");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
  d = first_diagnosis ("I (45) boot: SPI Mode       : DIO\r\n"
                       "E (52) flash_parts: partition 0 invalid magic number 0x5555\r\n");
  g_assert_cmpstr (d->cause, ==, "partition-table-invalid");

  /* An illegal instruction at the entry point the ROM jumped to. */
  {
    static const char at_entry[] =
      "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
      "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
      "SPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fcd5820,len:0x1714\r\n"
      "entry 0x403cc710\r\n"
      "Guru Meditation Error: Core  0 panic'ed (Illegal instruction). Exception was unhandled.\r\n"
      "Core  0 register dump:\r\n"
      "MEPC    : 0x403cc710  RA      : 0x40045c04  SP      : 0x3fcdf5e0  GP      : 0x00000000\r\n";
    g_autofree char *later = g_strdup (at_entry);

    d = first_diagnosis (at_entry);
    g_assert_cmpstr (d->cause, ==, "image-for-other-chip");
    assert_contains (d->explanation, "0x403CC710");
    /* Elsewhere, it is the firmware's own crash. */
    memcpy (strstr (later, "MEPC    : 0x403cc710") + 17, "4200", 4);
    g_assert_cmpstr (first_diagnosis (later)->cause, ==, "app-crash");
  }

  /* ESP8266: a checksum still at its seed 0xEF after a segment, and
   * wrong, is a read gone wrong.  Another wrong checksum is most often a
   * read in a mode the flash cannot do too (flashers verify what they
   * write), and a damaged image comes second. */
  d = first_diagnosis (" ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                       "load 0x4010f000, len 3460, room 16 \r\ntail 4\r\nchksum 0xef\r\n"
                       "csum 0xef\r\ncsum err\r\nets_main.c \r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-flash-mode");
  {
    g_autofree char *causes =
      ranked_causes (" ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                     "load 0x4010f000, len 3460, room 16 \r\ntail 4\r\nchksum 0x5a\r\n"
                     "csum err\r\nets_main.c \r\n");

    g_assert_true (g_str_has_prefix (causes, "wrong-flash-mode checksum-error"));
    d = first_diagnosis (" ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
                         "load 0x4010f000, len 3460, room 16 \r\ntail 4\r\nchksum 0x5a\r\n"
                         "csum err\r\nets_main.c \r\n");
    assert_contains (d->fix, "DOUT");
  }

  /* esptool's report of a 26 MHz crystal on an ESP32-family chip, then
   * nothing readable: firmware built for 40 MHz.  On an ESP8266 that is
   * its ROM's usual rate. */
  {
    static const char garbage[] = "\x8c\x0e\xfc\x9e\x02\x9c\x12\x8e\xe0\x9c\x8c\x0e\x1c\x9e"
                                  "\x02\x9c\x12\x8e\xe0\x9c\x8c\x0e\x1c\x9e\r\n";
    g_autofree char *c2 = g_strconcat ("Chip is ESP32-C2 (QFN24) (revision v1.0)\r\n"
                                       "Crystal is 26MHz\r\n", garbage, garbage, garbage, NULL);
    g_autofree char *esp8266 = g_strconcat ("Chip is ESP8266EX\r\nCrystal is 26MHz\r\n",
                                            garbage, garbage, garbage, NULL);
    g_autofree char *forty = g_strconcat ("Chip is ESP32-C2 (QFN24) (revision v1.0)\r\n"
                                          "Crystal is 40MHz\r\n", garbage, garbage, garbage, NULL);
    g_auto(Result) r = { 0 };

    d = first_diagnosis (c2);
    g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_CRYSTAL);
    g_assert_cmpstr (d->cause, ==, "xtal-frequency-mismatch");
    assert_contains (d->explanation, "ESP32-C2");
    g_assert_cmpstr (first_diagnosis (esp8266)->cause, !=, "xtal-frequency-mismatch");
    g_assert_cmpstr (first_diagnosis (forty)->cause, !=, "xtal-frequency-mismatch");
    /* The chip's name as esptool gives it for an ESP32. */
    decode_str ("Chip is ESP32-D0WD-V3 (revision v3.1)\r\n", &r);
    g_assert_cmpstr (find_event (&r, KILN_BOOT_EVENT_FLASHER, 0)->name, ==, "esp32");

    /* The ROM at its own rate, then the firmware's readable lines. */
    {
      g_autofree char *then_app = g_strconcat (garbage, garbage, garbage,
                                               "Sketch started, LED on GPIO2\r\n", NULL);
      g_autofree char *then_error = g_strconcat (garbage, garbage, garbage,
                                                 "mqtt connect failed, rc=-2\r\n", NULL);

      d = first_diagnosis (then_app);
      g_assert_cmpstr (d->cause, ==, "normal-boot");
      g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_INFO);
      g_assert_cmpstr (first_diagnosis (then_error)->cause, !=, "normal-boot");
    }
  }

  /* Garbage that a copy decoded as Windows-1252 symbols, or replaced by
   * U+FFFD, is garbage; European text with accents is text. */
  mojibake = g_strdup ("r\xc2\x9c\xc3\x98r\xc5\xb8.\xc5\x92" "c.\xc3\xa2n\xc3\x80.\xcb\x86\xc3\xa0..\xc5\x92"
                       "..\xe2\x80\x9a\xc3\xac.p\xc5\x92<\xc5\xbd\xe2\x80\x9a\xc5\xb8.\xc3\xac" "8.\r\n");
  {
    g_auto(Result) r = { 0 };

    decode_str (mojibake, &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
  }
  {
    g_auto(Result) r = { 0 };

    decode_str ("Temperatur \xc3\xbc" "ber dem Grenzwert: 31 \xc2\xb0" "C, L\xc3\xbc" "fter an\r\n"
                "\xef\xbf\xbdnn\xef\xbf\xbdl\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdl`\xef\xbf\xbd\r\n",
                &r);
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 1));
  }
}
static void
test_crystal_abort_monitor (void)
{
  g_autofree char *causes = NULL;
  KilnBootDiagnosis *d;

  /* ESP-IDF's measurement of the crystal. */
  d = first_diagnosis ("I (29) cpu_start: Pro cpu up.\r\n"
                       "W (56) rtc_clk_init: Possibly invalid CONFIG_ESP32_XTAL_FREQ setting "
                       "(40MHz). Detected 26 MHz.\r\n");
  g_assert_cmpstr (d->cause, ==, "xtal-frequency-mismatch");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_HIGH);
  assert_contains (d->explanation, "74880");
  assert_contains (d->fix, "26 MHz");

  /* The task watchdog's abort is the watchdog's, not a second fault. */
  causes = ranked_causes ("E (9012) task_wdt: Task watchdog got triggered. The following "
                          "tasks did not reset the watchdog in time:\r\n"
                          "E (9012) task_wdt:  - IDLE0 (CPU 0)\r\n"
                          "E (9012) task_wdt: Aborting.\r\n"
                          "abort() was called at PC 0x400d2a1c on core 0\r\n");
  g_assert_cmpstr (causes, ==, "task-watchdog");
  d = first_diagnosis ("abort() was called at PC 0x400d2a1c on core 0\r\n");
  g_assert_cmpstr (d->cause, ==, "app-crash");

  /* The ESP-IDF monitor's reading of an address, and the ROM mapping
   * flash page by page: both recognised. */
  {
    g_auto(Result) r = { 0 };

    decode_str ("0x400d2a1c: app_main at /home/dev/blink/main/blink.c:42\r\n"
                "1162 mmu set 00010000, pos 00010000\r\n", &r);
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_CRASH_REPORT, 0));
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_TAIL, 0));
  }
}

/* An ESP8266 that restarts into the download mode latched at a serial
 * upload: when the run before ended in a crash or a watchdog's report, that
 * is why it restarted at all, so it ranks first and the latched straps
 * after it.  Without one, the latched straps come first as before. */
static void
test_fault_before_latched_restart (void)
{
  static const char restarts[] = " ets Jan  8 2013,rst cause:2, boot mode:(1,7)\r\n\r\n"
                                 " ets Jan  8 2013,rst cause:4, boot mode:(1,7)\r\n\r\n"
                                 "wdt reset\r\n";
  g_autofree char *after_wdt = g_strconcat ("Soft WDT reset\r\n\r\n>>>stack>>>\r\n\r\n"
                                            "ctx: cont\r\n"
                                            "sp: 3ffef6e0 end: 3ffef9e0 offset: 01b0\r\n"
                                            "3ffef890:  016e3600 00000001 3ffee938 40203679\r\n"
                                            "<<<stack<<<\r\n\r\n", restarts, NULL);
  g_autoptr(GPtrArray) ranked = NULL;
  KilnBootDiagnosis *second;

  g_assert_cmpstr (first_diagnosis (restarts)->cause, ==, "restart-after-serial-flash");
  g_assert_cmpstr (first_diagnosis (after_wdt)->cause, ==, "soft-watchdog");
  /* The latched straps are still said, second. */
  kiln_bootlog_decode ((const guint8 *) after_wdt, strlen (after_wdt), 0, NULL, &ranked);
  g_assert_cmpuint (ranked->len, >=, 2);
  second = g_ptr_array_index (ranked, 1);
  g_assert_cmpstr (second->cause, ==, "restart-after-serial-flash");
}

/* A serial monitor's reading of an address is not a fault by itself: the
 * ESP-IDF monitor reads the ROM's "Saved PC" after every reset, a
 * deliberate restart's too.  So an ESP32 that restarted on purpose and came
 * back in the download mode latched at an upload ranks the latched straps
 * as high as with no reading at all; a crash report's own line before the
 * restart still puts them below the crash. */
static void
test_address_reading_not_a_fault (void)
{
  static const char flash_boot[] =
    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "Saved PC:0x400d2f6e\r\n";
  static const char reading[] =
    "0x400d2f6e: esp_restart_noos at /idf/components/esp_system/port/soc/esp32/system_internal.c:158\r\n";
  static const char boot_rest[] =
    "configsip: 0, SPIWP:0xee\r\n"
    "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n"
    "mode:DIO, clock div:2\r\n"
    "load:0x3fff0030,len:6968\r\n"
    "entry 0x400805e0\r\n"
    "I (29) boot: ESP-IDF v5.1.2 2nd stage bootloader\r\n"
    "I (310) cpu_start: Starting scheduler on PRO CPU.\r\n"
    "Restarting now.\r\n";
  static const char backtrace[] =
    "Backtrace: 0x400d2f6e:0x3ffb5d40 0x400d8a1b:0x3ffb5d60\r\n";
  static const char download[] =
    "ets Jun  8 2016 00:22:57\r\n\r\n"
    "rst:0xc (SW_CPU_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n"
    "waiting for download\r\n";
  g_autofree char *without = g_strconcat (flash_boot, boot_rest, download, NULL);
  g_autofree char *with = g_strconcat (flash_boot, reading, boot_rest, download, NULL);
  g_autofree char *crashed = g_strconcat (flash_boot, boot_rest, backtrace, download, NULL);
  g_auto(Result) r = { 0 };
  KilnBootEvent *read;

  g_assert_cmpstr (first_diagnosis (without)->cause, ==, "restart-after-serial-flash");
  g_assert_cmpint (first_diagnosis (without)->score, ==, 780);

  /* The reading is still recognised, as a crash report's kind of line. */
  decode_str (with, &r);
  read = find_event (&r, KILN_BOOT_EVENT_CRASH_REPORT, 0);
  g_assert_nonnull (read);
  g_assert_true (g_str_has_prefix (read->text, "0x400d2f6e:"));
  g_assert_cmpstr (read->name, ==, "address");
  g_assert_cmpint (score_of (with, "restart-after-serial-flash"), ==, 780);

  /* A backtrace before the restart is a fault: the straps rank lower. */
  g_assert_cmpint (score_of (crashed, "restart-after-serial-flash"), ==, 600);
}

/* A log without the ROM's lines that shows the firmware starting (Zephyr's
 * kernel banner, ESP-IDF's "Calling app_main()") and nothing wrong is a
 * normal start, said as such; an error line or a crash keeps it from
 * being one. */
static void
test_firmware_start_without_rom_lines (void)
{
  static const char zephyr[] =
    "*** Booting Zephyr OS build v3.6.0 ***\n"
    "Hello World! esp32s3_devkitm\n";
  static const char idf[] =
    "I (291) main_task: Started on CPU0\n"
    "I (301) main_task: Calling app_main()\n"
    "hello\n";
  static const char idf_error[] =
    "I (301) main_task: Calling app_main()\n"
    "E (320) wifi:NAN WiFi stop\n";
  static const char crashed[] =
    "*** Booting Zephyr OS build v3.6.0 ***\n"
    "Guru Meditation Error: Core  0 panic'ed (LoadProhibited). Exception was unhandled.\n";
  g_auto(Result) r = { 0 };
  KilnBootDiagnosis *d;
  KilnBootEvent *e;

  decode_str (zephyr, &r);
  e = find_event (&r, KILN_BOOT_EVENT_APP_START, 0);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "Zephyr");
  d = first_diagnosis (zephyr);
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_BENIGN_RESET);
  g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_INFO);
  assert_contains (d->explanation, "none of the ROM's lines");
  g_assert_cmpstr (first_diagnosis (idf)->cause, ==, "normal-boot");
  g_assert_cmpstr (first_diagnosis (idf_error)->cause, !=, "normal-boot");
  g_assert_cmpstr (first_diagnosis (crashed)->cause, ==, "app-crash");
}

/* Benign sights from ESP-IDF's own examples, in their documented wording:
 * the bootloader of an OTA table without a factory slot saying it tries the
 * OTA slots; a restart announced at the end of a message ("OTA Succeed,
 * Rebooting...") or as the console's "Restarting"; a log without the ROM's
 * lines in which the firmware runs, or restarts and runs again; and
 * firmware that wakes from deep sleep and sleeps again, boot after boot. */
static void
test_benign_example_outputs (void)
{
  static const char ota_table[] =
    "rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\n"
    "entry 0x403c8838\n"
    "I (27) boot: ESP-IDF v5.3 2nd stage bootloader\n"
    "I (114) boot: No factory image, trying OTA 0\n"
    "I (128) boot: Loaded app from partition at offset 0x20000\n"
    "I (400) main_task: Calling app_main()\n";
  static const char ota_restart[] =
    "I (4621) simple_ota_example: OTA Succeed, Rebooting...\n";
  static const char quiet[] =
    "W (34) spi_flash: Detected size(4096k) larger than the size in the binary image "
    "header(2048k). Using the size in the binary image header.\n"
    "I (37) example: App started!\n";
  static const char console_restart[] =
    "I (39864) cmd_system: Restarting\n"
    "I (185) spi_flash: detected chip: generic\n"
    "I (186) cpu_start: Starting scheduler on PRO CPU.\n";
  static const char sleeping[] =
    "rst:0x5 (DEEPSLEEP_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "Entering deep sleep\n"
    "rst:0x5 (DEEPSLEEP_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "Entering deep sleep\n"
    "rst:0x5 (DEEPSLEEP_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "Entering deep sleep\n"
    "rst:0x5 (DEEPSLEEP_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "Entering deep sleep\n";
  g_auto(Result) r = { 0 };
  g_autofree char *causes = NULL;
  KilnBootDiagnosis *d;

  decode_str (ota_table, &r);
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_HARMLESS, 0));
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_NO_APP, 0));
  causes = ranked_causes (ota_table);
  g_assert_null (strstr (causes, "no-app-partition"));
  g_assert_cmpstr (first_diagnosis (ota_table)->cause, ==, "normal-boot");

  result_clear (&r);
  decode_str (ota_restart, &r);
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_RESTART, 0));

  d = first_diagnosis (quiet);
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  assert_contains (d->explanation, "none of the ROM's lines");
  g_assert_cmpstr (first_diagnosis (console_restart)->cause, ==, "software-restart");

  d = first_diagnosis (sleeping);
  g_assert_cmpstr (d->cause, ==, "deep-sleep-wake");
  g_clear_pointer (&causes, g_free);
  causes = ranked_causes (sleeping);
  g_assert_null (strstr (causes, "reset-loop-power"));
}

/* What a log shows on purpose, and text that is no report of the board's:
 * a restart the firmware made after the power-up that started the
 * capture; a console's help and the commands typed at it (whose options
 * are named "--timeout"); the output of a command ESP-IDF's monitor ran on
 * the computer ("--- Executing monitor command: espefuse … summary");
 * error lines of a run that then went to deep sleep, which rank below the
 * wake they were followed by; and a wake the firmware names by its source
 * first, as the ULP examples do. */
static void
test_deliberate_resets_and_host_text (void)
{
  static const char ota_reboot[] =
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "entry 0x40080400\n"
    "I (30) boot: ESP-IDF v5.1 2nd stage bootloader\n"
    "I (250) cpu_start: Pro cpu start user code\n"
    "I (4621) simple_ota_example: Prepare to restart system!\n"
    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "entry 0x40080400\n"
    "I (30) boot: ESP-IDF v5.1 2nd stage bootloader\n"
    "I (250) cpu_start: Pro cpu start user code\n";
  static const char console[] =
    "I (300) cpu_start: Pro cpu start user code\n"
    "join  [--timeout=<t>] <ssid> [<pass>]\n"
    "  Join WiFi AP as a station\n"
    "  --timeout=<t>  Connection timeout, ms\n"
    "[esp32]> join --timeout 10000 test_ap test_password\n"
    "I (182639) connect: Connecting to 'test_ap'\n"
    "I (184619) connect: Connected\n";
  static const char console_failed[] =
    "I (300) cpu_start: Pro cpu start user code\n"
    "[esp32]> join --timeout 10000 test_ap test_password\n"
    "Connection timeout\n";
  static const char efuse_summary[] =
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\n"
    "entry 0x403cbf1a\n"
    "I (49) boot: ESP-IDF v5.3 2nd stage bootloader\n"
    "I (301) main_task: Calling app_main()\n"
    "--- Executing monitor command: espefuse --virt summary --active\n"
    "=== Run \"summary\" command ===\n"
    "ERR_RST_ENABLE (BLOCK0)    Use BLOCK0 to check error record registers = with check R/W (0b1)\n"
    "I (371) example: Done\n";
  static const char board_after_command[] =
    "I (301) main_task: Calling app_main()\n"
    "--- Executing monitor command: espefuse --virt summary --active\n"
    "=== Run \"summary\" command ===\n"
    "I (371) example: Done\n"
    "Sensor read failed\n";
  static const char errors_then_sleep[] =
    "I (1471) app: Power manage init ok\n"
    "E (23299) app: Sensor did not answer\n"
    "I (23312) app: Enter power manage\n"
    "I (117754) app: Enable EXT0 wakeup in deep sleep\n"
    "rst:0x5 (DEEPSLEEP_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "entry 0x40080400\n";
  static const char errors_then_restart[] =
    "I (1471) app: Power manage init ok\n"
    "E (23299) app: Sensor did not answer\n"
    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "entry 0x40080400\n";
  g_autofree char *causes = NULL;

  g_assert_cmpstr (first_diagnosis (ota_reboot)->cause, ==, "software-restart");

  causes = ranked_causes (console);
  g_assert_null (strstr (causes, "unknown"));
  g_assert_cmpstr (first_diagnosis (console)->cause, ==, "normal-boot");
  g_assert_cmpstr (first_diagnosis (console_failed)->cause, ==, "unknown");

  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str (efuse_summary, &r);
    e = find_event (&r, KILN_BOOT_EVENT_FLASHER, 1);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->name, ==, "monitor");
    assert_contains (e->explanation, "the computer");
  }
  /* A monitor's own message; a crash report's border is not one. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("--- idf_monitor on /dev/ttyUSB0 115200 ---\n"
                "--------------- CUT HERE FOR EXCEPTION DECODER ---------------\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_FLASHER, 0);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->name, ==, "monitor");
    assert_contains (e->text, "idf_monitor");
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_FLASHER, 1));
  }
  g_clear_pointer (&causes, g_free);
  causes = ranked_causes (efuse_summary);
  g_assert_null (strstr (causes, "unknown"));
  g_assert_cmpstr (first_diagnosis (efuse_summary)->cause, ==, "normal-boot");
  /* The board's line ends the command's output. */
  g_assert_cmpstr (first_diagnosis (board_after_command)->cause, ==, "unknown");

  g_assert_cmpstr (first_diagnosis (errors_then_sleep)->cause, ==, "deep-sleep-wake");
  g_clear_pointer (&causes, g_free);
  causes = ranked_causes (errors_then_sleep);
  g_assert_nonnull (strstr (causes, "unknown"));
  g_assert_cmpstr (first_diagnosis (errors_then_restart)->cause, ==, "unknown");

  {
    g_auto(Result) r = { 0 };
    const KilnBootDiagnosis *d = first_diagnosis ("Not ULP wakeup, initializing ULP\n"
                                                  "Entering deep sleep\n"
                                                  "ULP wakeup, saving pulse count\n"
                                                  "Entering deep sleep\n");

    g_assert_nonnull (d);
    g_assert_cmpstr (d->cause, ==, "deep-sleep-wake");

    decode_str ("Not ULP wakeup, initializing ULP\nEntering deep sleep\n", &r);
    g_assert_null (find_event (&r, KILN_BOOT_EVENT_WAKE, 0));
  }
}

/* A hardware watchdog after the firmware ran: on the ESP8266, whose code
 * runs from the flash, a sketch that takes one of the flash's pins hangs
 * that way, and the fix says which pins; the ESP32 family's text does not
 * name the ESP8266's pins. */
static void
test_hardware_watchdog_flash_pins (void)
{
  static const char esp8266[] =
    "IR Controller\n"
    "ets Jan  8 2013,rst cause:4, boot mode:(3,6)\n"
    "\n"
    "wdt reset\n"
    "load 0x4010f000, len 1384, room 16\n";
  static const char esp32[] =
    "I (400) app: running\n"
    "rst:0x7 (TG0WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "entry 0x40080400\n"
    "I (30) boot: ESP-IDF v5.1 2nd stage bootloader\n";
  const KilnBootDiagnosis *d;

  d = first_diagnosis (esp8266);
  g_assert_cmpstr (d->cause, ==, "hardware-watchdog");
  assert_contains (d->fix, "GPIO6 to GPIO11");
  d = first_diagnosis (esp32);
  g_assert_cmpstr (d->cause, ==, "hardware-watchdog");
  g_assert_null (strstr (d->fix, "GPIO6"));
}

/* Four readings from the forty-sixth batch, each from what the lines mean:
 * a hand-typed dot in the ESP8266's boot mode; a segment header read as
 * nonsense under the ESP32's 1.8 V flash strap; an assertion in the NVS
 * library's own code; and a line of error severity that no rule reads,
 * which is never "no known problem". */
static void
test_typed_dot_voltage_nvs_assert_unknown (void)
{
  static const char nvs_assert[] =
    "entry 0x40078a5c\r\n"
    "assertion \"false && \"item should have been present in cache\"\" failed: file "
    "\"/home/u/esp-idf/components/nvs_flash/src/nvs_item_hash_list.cpp\", line 85, function: "
    "void nvs::HashList::erase(size_t)\r\n"
    "abort() was called at PC 0x400d3427 on core 0\r\n";
  static const char other_assert[] =
    "entry 0x40078a5c\r\n"
    "assertion \"len > 0\" failed: file \"main/app.c\", line 12, function: app_main\r\n"
    "abort() was called at PC 0x400d3427 on core 0\r\n";
  const KilnBootDiagnosis *d;

  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("ets Jan 8 2013,rst cause:4,boot mode:(3.6)\r\nwdt reset\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
    g_assert_nonnull (e);
    g_assert_cmpuint (e->values[0], ==, 4);
    g_assert_cmpint (e->mode, ==, KILN_BOOT_MODE_FLASH);
  }
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x37 (SPI_FAST_FLASH_BOOT)\r\n"
                       "load:0x00000000,len:-10000\r\n");
  g_assert_cmpstr (d->cause, ==, "flash-voltage-gpio12");
  d = first_diagnosis ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                       "load:0x00000000,len:-10000\r\n");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "unknown");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  assert_contains (d->evidence, "len:-10000");
  g_assert_cmpstr (first_diagnosis (nvs_assert)->cause, ==, "nvs-stale");
  /* Newer ESP-IDF names the function and the file only. */
  g_assert_cmpstr (first_diagnosis ("assert failed: erase nvs_item_hash_list.cpp:85 (false && "
                                    "\"item should have been present in cache\")\r\n")->cause,
                   ==, "nvs-stale");
  g_assert_cmpstr (first_diagnosis (other_assert)->cause, ==, "app-crash");
}

/* A recognised line is shown as it came: the time stamp a serial monitor
 * put in front, a quote marker or junk stay in front of its first piece;
 * only the colour codes go.  What the line means does not change. */
static void
test_shown_as_received (void)
{
  static const char plain[] = " ets Jan  8 2013,rst cause:2, boot mode:(3,7)\r\n\r\n"
                              "load 0x4010f000, len 3424, room 16 \r\ntail 0\r\nchksum 0x2e\r\n"
                              "csum 0x2e\r\nv00043720\r\n~ld\r\n";
  static const char stamped[] = "21:37:21.799 ->  ets Jan  8 2013,rst cause:2, boot mode:(3,7)\r\n"
                                "21:37:21.799 -> \r\n"
                                "21:37:21.799 -> load 0x4010f000, len 3424, room 16 \r\n"
                                "21:37:21.799 -> tail 0\r\n21:37:21.799 -> chksum 0x2e\r\n"
                                "21:37:21.799 -> csum 0x2e\r\n21:37:21.799 -> v00043720\r\n"
                                "21:37:21.799 -> ~ld\r\n";

  g_assert_cmpstr (first_diagnosis (stamped)->cause, ==, first_diagnosis (plain)->cause);
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str (stamped, &r);
    e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
    g_assert_nonnull (e);
    g_assert_cmpuint (e->values[0], ==, 2);
    g_assert_cmpstr (e->text, ==, "21:37:21.799 ->  ets Jan  8 2013,rst cause:2, boot mode:(3,7)");
    e = find_event (&r, KILN_BOOT_EVENT_CSUM, 0);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->text, ==, "21:37:21.799 -> csum 0x2e");
  }
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("> rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                "\x1b[0;32mI (31) boot: ESP-IDF v5.1 2nd stage bootloader\x1b[0m\r\n"
                "[0;32mI (32) boot: compile time 12:00:00[0m\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_RESET, 0);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->name, ==, "POWERON_RESET");
    g_assert_cmpstr (e->text, ==, "> rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)");
    e = find_event (&r, KILN_BOOT_EVENT_IDF_LOG, 0);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->text, ==, "I (31) boot: ESP-IDF v5.1 2nd stage bootloader");
    e = find_event (&r, KILN_BOOT_EVENT_IDF_LOG, 1);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->text, ==, "I (32) boot: compile time 12:00:00");
  }
  /* Two ESP-IDF lines a copy ran together: the stamp goes with the first. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("[10:00:01] I (31) boot: ESP-IDF v5.1 2nd stage bootloader "
                "I (32) boot: compile time 12:00:00\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_IDF_LOG, 0);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->text, ==, "[10:00:01] I (31) boot: ESP-IDF v5.1 2nd stage bootloader");
    e = find_event (&r, KILN_BOOT_EVENT_IDF_LOG, 1);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->text, ==, "I (32) boot: compile time 12:00:00");
  }
  /* …and with the first of them one no pattern knows, too. */
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str ("[10:00:01] hello from setup I (32) boot: compile time 12:00:00\r\n", &r);
    e = find_event (&r, KILN_BOOT_EVENT_TEXT, 0);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->text, ==, "[10:00:01] hello from setup");
  }
}
static void
test_wifi_power_psram_markdown (void)
{
  static const char wifi[] = "[10:00:01][I][app:090]: Running through setup()\r\n"
                             "[10:00:01][C][wifi:060]: Starting\r\n";
  static const char c6_banner[] = "ESP-ROM:esp32c6-20220919\r\nBuild:Sep 19 2022\r\n";
  KilnBootDiagnosis *d;

  /* The chip starts again the moment the firmware starts Wi-Fi: with no
   * reset line in the copy, or a power-on one, the supply gave way. */
  {
    g_autofree char *bare = g_strconcat (wifi, c6_banner, NULL);
    g_autofree char *poweron = g_strconcat (wifi, c6_banner,
                                            "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n",
                                            NULL);
    g_autofree char *esp8266 = g_strconcat ("Connecting to WiFi\r\n",
                                            " ets Jan  8 2013,rst cause:1, boot mode:(3,6)\r\n",
                                            NULL);

    d = first_diagnosis (bare);
    g_assert_cmpstr (d->cause, ==, "brownout");
    assert_contains (d->explanation, "power-on");
    g_assert_cmpstr (first_diagnosis (poweron)->cause, ==, "brownout");
    g_assert_cmpstr (first_diagnosis (esp8266)->cause, ==, "brownout");
  }
  /* Not when the reset says software, when the firmware crashed first, or
   * when it announced the restart. */
  {
    g_autofree char *software = g_strconcat (wifi, c6_banner,
                                             "rst:0xc (SW_CPU),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n",
                                             NULL);
    g_autofree char *crashed = g_strconcat (wifi, "Guru Meditation Error: Core  0 panic'ed "
                                            "(Load access fault). Exception was unhandled.\r\n",
                                            c6_banner, NULL);
    g_autofree char *announced = g_strconcat (wifi, "Rebooting...\r\n", c6_banner, NULL);
    g_autofree char *c1 = ranked_causes (software);
    g_autofree char *c2 = ranked_causes (crashed);
    g_autofree char *c3 = ranked_causes (announced);

    g_assert_null (strstr (c1, "brownout"));
    g_assert_null (strstr (c2, "brownout"));
    g_assert_null (strstr (c3, "brownout"));
  }

  /* ESP-IDF's PSRAM driver on a chip package it does not know: a build
   * that does not fit the module, and the abort after it is its own. */
  d = first_diagnosis ("entry 0x400806a8\r\n"
                       "E (73) psram: Not a valid or known package id: 6\r\n"
                       "abort() was called at PC 0x40087feb on core 0\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  assert_contains (d->explanation, "package");

  /* The ROM's loader stopping, in a copy that ends the line with the
   * poster's Markdown. */
  d = first_diagnosis ("_ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                       "rst:0x7 (TG0WDT_SYS_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                       "SPIWP:0xee\r\nmode:QIO, clock div:2\r\n"
                       "load:0x3fce3808,len:0x43c\r\nets_loader.c 78_\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-flash-mode");
}

/* Firmware that says it goes into deep sleep, and a log that ends there:
 * an ESP8266 wakes only through its reset pin, which GPIO16 must drive
 * (the ESP8266 Arduino core's documentation: "GPIO16 needs to be tied to
 * RST to wake from deepSleep").  The sleep lines are ESP-IDF's deep-sleep
 * example's and sketches' own; the SDK's lines after them ("del if0",
 * "usl") are what the ESP8266 SDK prints as it takes Wi-Fi down. */
static void
test_asleep_without_wake (void)
{
  static const char esp8266_boot[] =
    " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
    "load 0x4010f000, len 3460, room 16\r\ntail 4\r\nchksum 0xcc\r\n"
    "load 0x3fff20b8, len 40, room 4\r\ntail 4\r\nchksum 0xc9\r\ncsum 0xc9\r\n"
    "Temperature 21.5\r\n";
  static const char sleep_esp8266[] = "Going to deep sleep for 10s\r\ndel if0\r\nusl\r\n";
  static const char wake_esp8266[] =
    " ets Jan  8 2013,rst cause:5, boot mode:(3,6)\r\n\r\n"
    "load 0x4010f000, len 3460, room 16\r\ntail 4\r\nchksum 0xcc\r\n"
    "load 0x3fff20b8, len 40, room 4\r\ntail 4\r\nchksum 0xc9\r\ncsum 0xc9\r\n"
    "Temperature 21.4\r\n";
  static const char esp32[] =
    "ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "entry 0x40080400\r\n"
    "I (30) boot: ESP-IDF v5.1 2nd stage bootloader\r\n"
    "I (304) cpu_start: Starting scheduler on PRO CPU.\r\n"
    "Not a deep sleep reset\r\n"
    "Enabling timer wakeup, 20s\r\n"
    "Entering deep sleep\r\n";
  static const char example_cycle[] =
    "I (304) cpu_start: Starting scheduler on PRO CPU.\r\n"
    "Wake up from timer. Time spent in deep sleep: 20313ms\r\n"
    "Enabling timer wakeup, 20s\r\n"
    "Entering deep sleep\r\n";
  g_autofree char *asleep = g_strconcat (esp8266_boot, sleep_esp8266, NULL);
  g_autofree char *woke = g_strconcat (esp8266_boot, sleep_esp8266, wake_esp8266, NULL);
  g_autofree char *woke_before = g_strconcat (wake_esp8266, sleep_esp8266, NULL);
  g_autofree char *reset_by_hand = g_strconcat (esp8266_boot, sleep_esp8266,
                                                " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n"
                                                "Temperature 21.5\r\n", NULL);
  g_autofree char *went_on = g_strconcat (esp8266_boot, "Going to deep sleep in 30 s\r\n",
                                          "a\r\nb\r\nc\r\nd\r\ne\r\nf\r\ng\r\n", NULL);
  g_autofree char *failed_first = g_strconcat (esp8266_boot, "Exception (28):\r\n",
                                               sleep_esp8266, NULL);
  KilnBootDiagnosis *d;

  d = first_diagnosis (asleep);
  g_assert_cmpstr (d->cause, ==, "deep-sleep-wiring");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "GPIO16");
  assert_contains (d->fix, "RST");
  /* A sketch's own words, and no chip named: the same, said less surely. */
  d = first_diagnosis ("Up for 165 ms, going to sleep for 954 secs...\r\n");
  g_assert_cmpstr (d->cause, ==, "deep-sleep-wiring");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  assert_contains (d->explanation, "ESP32-family chips wake by themselves");
  /* It woke: the wake-up is wired. */
  g_assert_false (names_cause (woke, "deep-sleep-wiring"));
  g_assert_false (names_cause (woke_before, "deep-sleep-wiring"));
  /* An ESP32 wakes by itself; and a log that shows a wake-up before the
   * last sleep shows that the chip comes back. */
  g_assert_false (names_cause (esp32, "deep-sleep-wiring"));
  g_assert_false (names_cause (example_cycle, "deep-sleep-wiring"));
  /* ESP-IDF's wake stub example: the stub itself says the chip woke. */
  g_assert_false (names_cause ("wake stub: wakeup count is 1, wakeup cause is 16, wakeup "
                               "cost 6505 us\r\nwake stub: going to deep sleep\r\n",
                               "deep-sleep-wiring"));
  /* Reset by hand and running again: the log does not end asleep. */
  g_assert_false (names_cause (reset_by_hand, "deep-sleep-wiring"));
  /* The firmware went on talking: it did not sleep yet. */
  g_assert_false (names_cause (went_on, "deep-sleep-wiring"));
  /* A crash before the sleep ranks above it. */
  g_assert_cmpstr (first_diagnosis (failed_first)->cause, !=, "deep-sleep-wiring");
}

/* The ESP8266 SDK's Wi-Fi lines are the firmware's and still say that it
 * starts Wi-Fi; a hand-typed "Ox" is read as "0x". */
static void
test_sdk_wifi_lines_and_typed_hex (void)
{
  static const char scan_then_wdt[] =
    "scandone\r\n"
    " ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n"
    "load 0x4010f000, len 1384, room 16\r\ntail 8\r\nchksum 0x2d\r\ncsum 0x2d\r\n"
    "~ld\r\nscandone\r\nstate: 0 -> 2 (b0)\r\n"
    " ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n";
  g_auto(Result) r = { 0 };
  KilnBootEvent *e;

  decode_str ("scandone\r\nstate: 2 -> 3 (0)\r\nmode : sta(5c:cf:7f:01:02:03)\r\n"
              "del if0\r\nusl\r\n", &r);
  for (guint i = 0; i < 5; i++)
    {
      e = find_event (&r, KILN_BOOT_EVENT_APP_START, i);
      g_assert_nonnull (e);
      assert_contains (e->explanation, "Wi-Fi stack");
    }
  result_clear (&r);
  g_assert_cmpstr (first_diagnosis (scan_then_wdt)->cause, ==, "brownout");

  decode_str ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
              "invalid header: Oxffffffff\r\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_INVALID_HEADER, 0);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->values[0], ==, 0xffffffff);
}

/* A panic is a stack overflow when it names one (FreeRTOS's "stack
 * overflow in task", the canary watchpoint), not when its line mentions a
 * stack in passing, as a firmware's crash report that counts the bytes a
 * task had left. */
static void
test_panic_names_a_stack_fault (void)
{
  g_assert_cmpstr (first_diagnosis ("***ERROR*** A stack overflow in task httpd has been "
                                    "detected.\r\n")->cause, ==, "stack-overflow");
  g_assert_cmpstr (first_diagnosis ("Last crash: abort() was called on core 0 Current task on "
                                    "core 0: wifi, 864 stack bytes free\r\n")->cause,
                   ==, "app-crash");
}

/* U+2E2E, as the Arduino IDE shows a byte it cannot decode. */
#define RQ "\xe2\xb8\xae"

/* A copy of a log loses the bytes it cannot decode: the Arduino IDE's
 * serial monitor shows each as a reversed question mark, other terminals
 * as a plain one.  Either is output at another rate.  After the ROM
 * started what it loaded without an error (its checksum matched, its
 * "entry" line), that is the firmware at its own rate: a normal boot, not
 * a fault, unless the chip reset after it: then what the firmware said
 * before the reset is unread, and nothing says the boot was sound.  The
 * ROM's next line with nothing after it is where the copy stops, not an
 * empty flash: the flash just gave an image. */
static void
test_copied_garbage_after_handover (void)
{
  static const char reversed_marks[] =
    "tail 8\r\nchksum 0x2d\r\ncsum 0x2d\r\nv614f7c32\r\n~ld\r\n"
    RQ "]pJ" RQ "! %" RQ RQ RQ "bz" RQ RQ "\r\n";
  /* The SDK's own firmware, started by the ROM once the checksum matched
   * (no loader of the Arduino core's in between). */
  static const char after_checksum[] =
    "load 0x3ffe8000, len 776, room 4 \r\ntail 4\r\nchksum 0xd8\r\ncsum 0xd8\r\n"
    RQ "]pJ" RQ "! %" RQ RQ RQ "bz" RQ RQ "\r\n";
  static const char plain_marks[] =
    "load 0x40100000, len 31868, room 16 \r\n"
    "??E??ab?C????D?h????????????b???btA?D?h??C???H?b??E??hb?A?E?????Cr\r\n"
    "Device id: esp8266_0A1B2C\r\n";
  Result r = { 0 };
  KilnBootDiagnosis *d;

  decode_str (reversed_marks, &r);
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_WRONG_BAUD, 0));
  result_clear (&r);
  d = first_diagnosis (reversed_marks);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  assert_contains (d->explanation, "started it");

  {
    g_autofree char *then_reset = g_strconcat (reversed_marks,
                                               "ets Jan 8 2013,rst cause:2, boot mode:(3,6)\r\n",
                                               NULL);
    KilnBootDiagnosis *first = first_diagnosis (then_reset);

    g_assert_cmpstr (first->cause, ==, "wrong-baud");
    g_assert_false (names_cause (then_reset, "empty-flash"));
    g_assert_false (names_cause (then_reset, "normal-boot"));
  }

  g_assert_cmpstr (first_diagnosis (after_checksum)->cause, ==, "normal-boot");
  /* The ESP32's ROM, which says where it starts the bootloader. */
  g_assert_cmpstr (first_diagnosis ("load:0x40080400,len:3600\r\nentry 0x400805f0\r\n"
                                    RQ "]pJ" RQ "! %" RQ RQ RQ "bz" RQ RQ "\r\n")->cause,
                   ==, "normal-boot");

  decode_str (plain_marks, &r);
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_WRONG_BAUD, 0));
  result_clear (&r);
  g_assert_cmpstr (first_diagnosis (plain_marks)->cause, ==, "normal-boot");

  /* Questions in text are text; garbage before anything was started is
   * not a normal boot. */
  decode_str ("Is the flash ok??? It was fine yesterday?\r\n", &r);
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_WRONG_BAUD, 0));
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_GARBLED, 0));
  result_clear (&r);
  g_assert_cmpstr (first_diagnosis ("tail 8\r\nchksum 0x2d\r\n"
                                    RQ "]pJ" RQ "! %" RQ RQ RQ "bz" RQ RQ "\r\n")->cause,
                   ==, "wrong-baud");
}

/* An ESP32's ROM read right to its "entry", then only output at another
 * rate: the firmware talks at another rate than the ROM (a build for
 * another crystal, or a sketch's own rate), said above the ordinary reset.
 * Readable lines after the garbage, a bootloader read right before it, or
 * an ESP8266, whose ROM talks at its own rate anyway, are not that. */
static void
test_esp32_rom_then_garbage (void)
{
#define ESP32_ROM \
    "ets Jun  8 2016 00:22:57\r\n\r\n" \
    "rst:0x1 (POWERON_RESET),boot:0x17 (SPI_FAST_FLASH_BOOT)\r\n" \
    "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n" \
    "load:0x3fff001c,len:2364\r\nload:0x40078000,len:10880\r\nentry 0x40078c4c\r\n"
#define GARBAGE RQ "]pJ" RQ "! %" RQ RQ RQ "bz" RQ RQ "\r\n"
  static const char garbage[] = ESP32_ROM GARBAGE GARBAGE;
  static const char then_text[] = ESP32_ROM GARBAGE "Connecting to the network\r\n";
  /* The bootloader read right, then the application at its own rate. */
  static const char stage2_read[] = ESP32_ROM
    "I (29) boot: ESP-IDF v5.1.2 2nd stage bootloader\r\n" GARBAGE;
  static const char esp8266[] =
    "ets Jan 8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
    "load 0x4010f000, len 3460, room 16\r\ntail 4\r\nchksum 0xcc\r\n"
    "load 0x3fff20b8, len 40, room 4\r\ntail 4\r\nchksum 0xc9\r\ncsum 0xc9\r\n" GARBAGE;
#undef GARBAGE
#undef ESP32_ROM
  KilnBootDiagnosis *d = first_diagnosis (garbage);
  g_autofree char *causes = ranked_causes (garbage);

  g_assert_cmpstr (d->title, ==, "The firmware talks at another baud rate than the ROM");
  g_assert_cmpstr (d->cause, ==, "wrong-baud");
  g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_WARNING);
  assert_contains (d->explanation, "74880");
  assert_contains (d->fix, "Main XTAL frequency");
  g_assert_cmpstr (causes, ==, "wrong-baud normal-boot");

  g_assert_cmpstr (first_diagnosis (then_text)->title, !=,
                   "The firmware talks at another baud rate than the ROM");
  g_assert_cmpstr (first_diagnosis (stage2_read)->title, !=,
                   "The firmware talks at another baud rate than the ROM");
  g_assert_cmpstr (first_diagnosis (esp8266)->title, !=,
                   "The firmware talks at another baud rate than the ROM");
}

/* One boot the RTC watchdog started: ending at the ROM's "entry", or in
 * the bootloader's lines (ESP-IDF 4's "boot_comm" among them), the start
 * before it hung (hardware-watchdog, low); with the firmware then running
 * and talking, the log is of a start without an error, the hang came
 * before it (normal-boot, low). */
static void
test_rtc_watchdog_then_firmware_runs (void)
{
#define RTCWDT_BOOT \
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" \
    "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:1\r\n" \
    "load:0x3fff0030,len:1324\r\nload:0x40078000,len:13508\r\nentry 0x400805f0\r\n"
  static const char at_entry[] = RTCWDT_BOOT;
  static const char bootloader[] = RTCWDT_BOOT
    "I (31) boot: ESP-IDF v4.1-dirty 2nd stage bootloader\r\n"
    "I (34) boot_comm: chip revision: 1, min. bootloader chip revision: 0\r\n"
    "I (60) boot: Partition Table:\r\n";
  static const char runs[] = RTCWDT_BOOT
    "[   888][D][WiFiGeneric.cpp:831] _eventCallback(): Arduino Event: 0 - WIFI_READY\r\n"
    "MQTT client started\r\n";
#undef RTCWDT_BOOT
  const KilnBootDiagnosis *d;

  d = first_diagnosis (at_entry);
  g_assert_cmpstr (d->cause, ==, "hardware-watchdog");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  g_assert_cmpstr (first_diagnosis (bootloader)->cause, ==, "hardware-watchdog");

  d = first_diagnosis (runs);
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  g_assert_cmpstr (d->title, ==, "An ordinary reset");
  assert_contains (d->explanation, "RTC watchdog reset");
  assert_contains (d->fix, "EN pin");
  assert_contains (d->evidence, "RTCWDT_RTC_RESET");
  g_assert_false (names_cause (runs, "hardware-watchdog"));
}

/* The firmware's own word for a board it was not built for: the camera
 * driver finding no PSRAM for its frames, and board support code (bsp_…,
 * a touch controller's driver) not finding a part of the board.  A check
 * that fails elsewhere is still the firmware's crash. */
static void
test_board_parts_and_camera_frames (void)
{
  static const char frames[] =
    "Camera starting\r\n"
    "E (131) cam_hal: cam_dma_config(280): frame buffer malloc failed\r\n"
    "E (131) cam_hal: cam_config(364): cam_dma_config failed\r\n"
    "E (132) camera: Camera config failed with error 0xffffffff\r\n";
  static const char bsp_check[] =
    "I (1800) st7789: LCD panel create success\r\n"
    "E (1900) board: Touch not found\r\n"
    "ESP_ERROR_CHECK failed: esp_err_t 0x105 (ESP_ERR_NOT_FOUND) at 0x42012345\r\n"
    "file: \"./managed_components/vendor__board/board.c\" line 310\r\n"
    "func: bsp_display_start\r\n"
    "expression: bsp_touch_new(((void *)0), &tp)\r\n"
    "\r\n"
    "abort() was called at PC 0x40380abc on core 0\r\n";
  static const char app_check[] =
    "ESP_ERROR_CHECK failed: esp_err_t 0x105 (ESP_ERR_NOT_FOUND) at 0x42012345\r\n"
    "file: \"./main/app.c\" line 31\r\n"
    "func: app_main\r\n"
    "expression: sensor_start(&cfg)\r\n"
    "\r\n"
    "abort() was called at PC 0x40380abc on core 0\r\n";
  static const char bsp_called[] =
    "ESP_ERROR_CHECK failed: esp_err_t 0x107 (ESP_ERR_TIMEOUT) at 0x42012345\r\n"
    "file: \"./main/app.c\" line 12\r\n"
    "func: app_main\r\n"
    "expression: bsp_i2c_init()\r\n"
    "abort() was called at PC 0x40380abc on core 0\r\n";
  static const char touch[] =
    "I (210) gpio: GPIO[3]| InputEn: 1| OutputEn: 0| OpenDrain: 0| Pullup: 0| Pulldown: 0| Intr:2\r\n"
    "E (214) lcd_panel.io.i2c: panel_io_i2c_rx_buffer(135): i2c transaction failed\r\n"
    "E (215) GT911: esp_lcd_touch_new_i2c_gt911(280): GT911 init failed\r\n";
  const KilnBootDiagnosis *d;

  d = first_diagnosis (frames);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_PSRAM);
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  assert_contains (d->title, "camera");
  assert_contains (d->fix, "PSRAM");
  assert_contains (d->evidence, "frame buffer malloc failed");
  /* A sensor that does not answer is still the supply first. */
  g_assert_cmpstr (first_diagnosis ("E (420) camera: Camera probe failed with error 0x105\r\n")
                   ->cause, ==, "brownout");

  d = first_diagnosis (bsp_check);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_BOARD_PART);
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->evidence, "bsp_display_start");
  assert_contains (d->fix, "board");
  /* The crash it leads to comes after, as a symptom. */
  g_assert_true (names_cause (bsp_check, "app-crash"));
  {
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    decode_str (bsp_check, &r);
    e = find_event (&r, KILN_BOOT_EVENT_BOARD_PART, 0);
    g_assert_nonnull (e);
    assert_contains (e->explanation, "board support");
    /* The check's other lines are still the crash report's. */
    g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_CRASH_REPORT, 0));
  }

  g_assert_cmpstr (first_diagnosis (app_check)->cause, ==, "app-crash");
  g_assert_false (names_cause (app_check, "wrong-board-settings"));
  g_assert_cmpint (first_diagnosis (bsp_called)->kind, ==, KILN_BOOT_DIAG_BOARD_PART);

  d = first_diagnosis (touch);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_BOARD_PART);
  assert_contains (d->evidence, "GT911 init failed");
  g_assert_cmpint (first_diagnosis ("E (300) board: bsp_audio_codec_init(95): codec not "
                                    "found\r\n")->kind, ==, KILN_BOOT_DIAG_BOARD_PART);
  /* Board support's storage is not a part of the board: a card left out,
   * a file system partition. */
  d = first_diagnosis ("E (310) bsp: bsp_sdcard_mount(120): SD card mount failed\r\n");
  g_assert_true (d == NULL || d->kind != KILN_BOOT_DIAG_BOARD_PART);
  g_assert_false (names_cause ("ESP_ERROR_CHECK failed: esp_err_t 0x105 (ESP_ERR_NOT_FOUND) at "
                               "0x42012345\r\nfunc: bsp_spiffs_mount\r\n"
                               "abort() was called at PC 0x40380abc on core 0\r\n",
                               "wrong-board-settings"));
  /* An I2C error alone names no part of the board. */
  d = first_diagnosis ("E (214) lcd_panel.io.i2c: panel_io_i2c_rx_buffer(135): i2c transaction "
                       "failed\r\n");
  g_assert_true (d == NULL || d->kind != KILN_BOOT_DIAG_BOARD_PART);

  /* A LoRa board's radio that does not answer as the firmware starts it,
   * in the LoRa libraries' words: the pin map is another board's.  It
   * ranks above a file system the same build cannot mount; sending that
   * fails later names no part of the board. */
  {
    static const char lora[] =
      "entry 0x403c98d4\r\nE (228) SPIFFS: mount failed, -10025\r\n"
      "Starting Station:    Version: 2024.04.13\r\nStarting LoRa failed!\r\n";
    g_auto(Result) r = { 0 };
    KilnBootEvent *e;

    d = first_diagnosis (lora);
    g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_BOARD_PART);
    g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
    assert_contains (d->evidence, "Starting LoRa failed!");
    g_assert_true (names_cause (lora, "filesystem-missing"));
    decode_str (lora, &r);
    e = find_event (&r, KILN_BOOT_EVENT_BOARD_PART, 0);
    g_assert_nonnull (e);
    assert_contains (e->explanation, "LoRa radio did not answer as it started");
    g_assert_cmpint (first_diagnosis ("LoRa init failed. Check your connections.\r\n")->kind, ==,
                     KILN_BOOT_DIAG_BOARD_PART);
    d = first_diagnosis ("LoRa send failed\r\n");
    g_assert_true (d == NULL || d->kind != KILN_BOOT_DIAG_BOARD_PART);
  }
}

/* A copy that begins with the panic handler's last line: ESP-IDF ends a
 * crash report with "Rebooting..." and resets the CPU.  Only as the copy's
 * first line and only before a software reset of the CPU; a crash report
 * in the copy speaks for itself. */
static void
test_copy_begins_with_panic_tail (void)
{
  static const char boot_cpu[] =
    "ets Jun  8 2016 00:22:57\r\n\r\n"
    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
    "load:0x3fff0030,len:4\r\nload:0x3fff0034,len:5000\r\n"
    "load:0x40078000,len:12000\r\nload:0x40080400,len:4000\r\nentry 0x40080680\r\n";
  static const char boot_chip[] =
    "ets Jun  8 2016 00:22:57\r\n\r\n"
    "rst:0x3 (SW_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
    "load:0x3fff0030,len:4\r\nentry 0x40080680\r\n";
  g_autofree char *tail = g_strconcat ("Rebooting...\r\n", boot_cpu, NULL);
  g_autofree char *spaced = g_strconcat ("  Rebooting...  \r\n", boot_cpu, NULL);
  g_autofree char *chip_reset = g_strconcat ("Rebooting...\r\n", boot_chip, NULL);
  g_autofree char *update = g_strconcat ("Update Success: 912384\r\nRebooting...\r\n", boot_cpu,
                                         NULL);
  g_autofree char *with_report = g_strconcat ("Rebooting...\r\n", boot_cpu,
                                              "***ERROR*** A stack overflow in task loopTask has "
                                              "been detected.\r\n", NULL);
  const KilnBootDiagnosis *d;

  d = first_diagnosis (tail);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_CRASH);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  g_assert_cmpstr (d->evidence, ==, "Rebooting...");
  assert_contains (d->explanation, "panic handler");
  g_assert_cmpstr (first_diagnosis (spaced)->cause, ==, "app-crash");
  /* That reset was the crash's: not also a restart asked for. */
  g_assert_false (names_cause (tail, "software-restart"));
  /* A whole-chip reset after it leaves the line a restart announced. */
  g_assert_true (names_cause (chip_reset, "software-restart"));

  /* The whole chip reset by software is the bootloader's, or a restart. */
  g_assert_false (names_cause (chip_reset, "app-crash"));
  /* Not the copy's first line: the firmware's own words before it say
   * what it restarts for. */
  g_assert_false (names_cause (update, "app-crash"));
  g_assert_cmpstr (first_diagnosis (update)->cause, ==, "software-restart");
  /* The ESP8266's ROM after a software restart: no such panic handler. */
  g_assert_false (names_cause ("Rebooting...\r\n\r\n ets Jan  8 2013,rst cause:4, boot mode:(3,6)"
                               "\r\n\r\nload 0x4010f000, len 3460, room 16\r\ntail 4\r\n"
                               "chksum 0xcc\r\nload 0x3fff20b8, len 40, room 4\r\ntail 4\r\n"
                               "chksum 0xc9\r\ncsum 0xc9\r\n", "app-crash"));
  /* A crash report in the copy speaks for itself. */
  g_assert_cmpstr (first_diagnosis (with_report)->cause, ==, "stack-overflow");
  g_assert_false (names_cause (with_report, "app-crash"));
}

/* A copy that ends at the banner of a restart the firmware announced
 * ("... restarting ...", as sketches print it): the restart is what it
 * shows, not a boot nothing can be said about. */
static void
test_restart_announced_log_ends (void)
{
  static const char *const run =
    " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
    "load 0x4010f000, len 3460, room 16 \r\ntail 4\r\nchksum 0xcc\r\n"
    "load 0x3fff20b8, len 40, room 4 \r\ntail 4\r\nchksum 0xc9\r\ncsum 0xc9\r\n"
    "v0005a050\r\n~ld\r\n"
    "Settings not valid, erasing ...\r\n";
  g_autofree char *announced = g_strconcat (run, "... restarting ...\r\n\r\n"
                                            " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n",
                                            NULL);
  g_autofree char *silent = g_strconcat (run, "\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n",
                                         NULL);
  const KilnBootDiagnosis *d;

  d = first_diagnosis (announced);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "software-restart");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  g_assert_cmpstr (d->title, ==, "The firmware restarted the chip");
  assert_contains (d->fix, "just before the restart say why");
  /* Without the announcement, a copy that ends at a banner says nothing
   * of that boot. */
  g_assert_null (first_diagnosis (silent));
  /* The word inside a longer line is no announcement. */
  {
    g_autofree char *other = g_strconcat (run, "Connection lost, restarting the scan\r\n\r\n"
                                          " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n",
                                          NULL);
    g_assert_null (first_diagnosis (other));
  }
}

/* The ESP8266 Arduino core's reset information, as firmware publishes
 * it after the restart: flag 2 is a crash with the exception given; the
 * watchdogs (flags 1 and 3) print the same words and are no crash. */
static void
test_reset_info_exception (void)
{
  const KilnBootDiagnosis *d;
  g_auto(Result) r = { 0 };
  const KilnBootEvent *e;

  d = first_diagnosis ("07:59:57 MQT: tele/node/INFO3 = {\"RestartReason\":\"Fatal exception:28 "
                       "flag:2 (EXCEPTION) epc1:0x40244c34 epc2:0x00000000 epc3:0x00000000 "
                       "excvaddr:0x00000000 depc:0x00000000\"}\r\n");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  assert_contains (d->explanation, "report of its last reset");
  assert_contains (d->explanation, "exception 28 (LoadProhibited)");
  /* The whole line is shown, the part after the match too. */
  decode_str ("Fatal exception:3 flag:2 (Exception) epc1:0x4000bf64 epc2:0x00000000\r\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_FATAL_EXCEPTION, 0);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->text, ==, "Fatal exception:3 flag:2 (Exception) epc1:0x4000bf64 epc2:0x00000000");
  /* The soft watchdog's report in the same words is not a crash. */
  d = first_diagnosis ("Fatal exception:4 flag:3 (SOFT_WDT) epc1:0x40105b50 epc2:0x00000000\r\n");
  g_assert_true (d == NULL || g_strcmp0 (d->cause, "app-crash") != 0);
}

/* A backtrace with none of the lines that begin its crash report, as
 * posters paste only what a decoder reads (with PlatformIO's reading of
 * it): a crash, low, whose report is not in the copy. */
static void
test_backtrace_only (void)
{
  static const char *const trace =
    "Backtrace: 0x400e0c1f:0x3ffcb360 0x400e1be0:0x3ffcb3a0 0x400d3630:0x3ffcb3e0\r\n"
    "\r\n"
    "  #0  0x400e0c1f:0x3ffcb360 in tNMEA2000::Open() at src/NMEA2000.cpp:1206\r\n"
    "  #1  0x400d3630:0x3ffcb3e0 in loop() at src/main.cpp:69\r\n";
  g_auto(Result) r = { 0 };
  const KilnBootDiagnosis *d;
  g_autofree char *with_wdt = NULL;
  guint readings = 0;

  /* PlatformIO's lines are recognised as readings of addresses. */
  decode_str (trace, &r);
  for (guint i = 0; i < r.events->len; i++)
    {
      const KilnBootEvent *e = g_ptr_array_index (r.events, i);
      if (strstr (e->text, " in ") != NULL)
        {
          g_assert_cmpint (e->kind, ==, KILN_BOOT_EVENT_CRASH_REPORT);
          readings++;
        }
    }
  g_assert_cmpuint (readings, ==, 2);
  d = first_diagnosis (trace);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  assert_contains (d->fix, "Capture the whole report");
  /* With the task watchdog's words before it, the watchdog is the cause
   * and the backtrace only its report. */
  with_wdt = g_strconcat ("E (20372) task_wdt: Task watchdog got triggered. The following tasks "
                          "did not reset the watchdog in time:\r\n", trace, NULL);
  g_assert_cmpstr (first_diagnosis (with_wdt)->cause, ==, "task-watchdog");
}

/* The firmware's own lines, then a software reset of the CPU with nothing
 * to say why: not an ordinary restart, but a stop whose reason the log
 * lacks (a crash reported elsewhere, most often).  Announced, it is the
 * restart the firmware asked for; with a crash report, that report's. */
static void
test_silent_software_reset (void)
{
  static const char *const run =
    "I (411) phy_init: phy_version 4670,719f9f6,Feb 18 2021,17:07:07\r\n"
    "I (521) wifi:mode : sta (24:0a:c4:00:00:01)\r\n"
    "I (531) app: connecting to the broker\r\n";
  static const char *const reset =
    "ets Jun  8 2016 00:22:57\r\n"
    "\r\n"
    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\n"
    "mode:DIO, clock div:2\r\n"
    "load:0x3fff0030,len:1184\r\n"
    "entry 0x400805e4\r\n";
  static const char *const power_on =
    "ets Jun  8 2016 00:22:57\r\n"
    "\r\n"
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\n"
    "mode:DIO, clock div:2\r\n"
    "load:0x3fff0030,len:1184\r\n"
    "entry 0x400805e4\r\n";
  g_autofree char *copy = g_strconcat (run, reset, NULL);
  g_autofree char *second = g_strconcat (power_on, run, reset, NULL);
  g_autofree char *announced = g_strconcat (run, "W (605950) ESP_OTA_CLIENT: Prepare to restart "
                                            "system\r\n", reset, NULL);
  /* The same words after a failure or in a request to the user announce
   * nothing: the reset still came unexplained. */
  g_autofree char *not_announced = g_strconcat (run, "I (6001) app: Failed to reboot the device: "
                                                "busy\r\n"
                                                "W (6002) app: Please restart the board to apply "
                                                "the settings\r\n", reset, NULL);
  g_autofree char *rebooting = g_strconcat (run, "I (6001) app: Rebooting the device\r\n", reset,
                                            NULL);
  g_autofree char *crashed = g_strconcat (run, "Guru Meditation Error: Core  0 panic'ed "
                                          "(LoadProhibited). Exception was unhandled.\r\n",
                                          reset, NULL);
  g_autofree char *restarts = g_strconcat (reset, "I (6001) app: Restarting now.\r\n", NULL);
  /* ESP-ADF's OTA service, the new image written: the bare verb, said as
   * an exclamation.  The same word alone in a console's list of its
   * commands announces nothing. */
  g_autofree char *exclaimed = g_strconcat (run, "W (27566) OTA_SERVICE: OTA_END!\r\n"
                                            "W (27566) OTA_SERVICE: restart!\r\n", reset, NULL);
  g_autofree char *help = g_strconcat (run, "restart\r\n  Software reset of the chip\r\n",
                                       reset, NULL);
  /* MicroPython's restart typed at its prompt. */
  g_autofree char *typed = g_strconcat (">>> import machine\r\n>>> machine.reset()\r\n", reset,
                                        NULL);
  const KilnBootDiagnosis *d;

  /* The copy begins with the run before the reset. */
  d = first_diagnosis (copy);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  g_assert_cmpstr (d->title, ==, "The firmware reset itself without saying why");
  assert_contains (d->evidence, "SW_CPU_RESET");
  assert_contains (d->fix, "the last line before the reset");
  /* A boot of its own, then the run and the reset. */
  d = first_diagnosis (second);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpstr (d->title, ==, "The firmware reset itself without saying why");
  /* Announced in the firmware's own words. */
  d = first_diagnosis (announced);
  g_assert_cmpstr (d->cause, ==, "software-restart");
  g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_INFO);
  d = first_diagnosis (rebooting);
  g_assert_cmpstr (d->cause, ==, "software-restart");
  g_assert_cmpstr (first_diagnosis (exclaimed)->cause, ==, "software-restart");
  g_assert_cmpstr (first_diagnosis (help)->cause, ==, "app-crash");
  g_assert_cmpstr (first_diagnosis (typed)->cause, ==, "software-restart");
  d = first_diagnosis (not_announced);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpstr (d->title, ==, "The firmware reset itself without saying why");
  /* The crash report says why. */
  d = first_diagnosis (crashed);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  g_assert_cmpstr (d->title, !=, "The firmware reset itself without saying why");
  /* Only a power-on and the run: nothing wrong. The reset alone, with no
   * run before it in the copy: a boot without an error, after a restart
   * made before the copy began. */
  g_assert_cmpstr (first_diagnosis (power_on)->cause, ==, "normal-boot");
  d = first_diagnosis (reset);
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  g_assert_cmpstr (d->title, ==, "An ordinary reset");
  assert_contains (d->explanation, "before the log begins");
  assert_contains (d->evidence, "SW_CPU_RESET");
  /* The same boot, whose firmware then says it restarts: the copy shows
   * that restart being made. */
  d = first_diagnosis (restarts);
  g_assert_cmpstr (d->cause, ==, "software-restart");
}

/* What follows the last recognised piece of a line stays in the line as
 * shown: a poster's remark, the rest of the SDK's sentence, a colon. */
static void
test_line_tail_kept (void)
{
  g_auto(Result) r = { 0 };

  decode_str ("wdt reset    <----- this means it does not work\r\n"
              "system param error, use last saved param!\r\n"
              "Fatal exception 3(LoadStoreErrorCause):\r\n", &r);
  g_assert_cmpstr (find_event (&r, KILN_BOOT_EVENT_WDT_RESET, 0)->text, ==,
                   "wdt reset    <----- this means it does not work");
  g_assert_cmpstr (find_event (&r, KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, 0)->text, ==,
                   "system param error, use last saved param!");
  g_assert_cmpstr (find_event (&r, KILN_BOOT_EVENT_FATAL_EXCEPTION, 0)->text, ==,
                   "Fatal exception 3(LoadStoreErrorCause):");
}

/* Error-level lines that Espressif's own audio examples print on every
 * normal run: a second install of the GPIO interrupt service, and a
 * pipeline stopping elements that ended on their own.  Harmless, so the
 * boot is an ordinary one; another error line in their place is not. */
static void
test_harmless_gpio_and_audio_lines (void)
{
  static const char *const boot =
    "rst:0x1 (POWERON_RESET),boot:0x1f (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:1\r\n"
    "load:0x3fff0030,len:7556\r\nentry 0x40080710\r\n"
    "I (29) boot: ESP-IDF v4.2.2-1-g379ca2123 2nd stage bootloader\r\n"
    "I (500) boot: Loaded app from partition at offset 0x10000\r\n"
    "I (522) cpu_start: Pro cpu up.\r\n"
    "I (1134) cpu_start: Starting scheduler on PRO CPU.\r\n";
  g_autofree char *harmless =
    g_strconcat (boot, "E (1324) gpio: gpio_install_isr_service(438): GPIO isr service already "
                 "installed\r\n"
                 "E (23299) AUDIO_ELEMENT: [http] Element already stopped\r\n", NULL);
  g_autofree char *other =
    g_strconcat (boot, "E (23299) AUDIO_ELEMENT: [http] Element failed to open\r\n", NULL);
  g_auto(Result) r = { 0 };

  g_assert_cmpstr (first_diagnosis (harmless)->cause, ==, "normal-boot");
  decode_str (harmless, &r);
  g_assert_cmpuint (r.events->len, >, 0);
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_HARMLESS, 0));
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_HARMLESS, 1));
  g_assert_cmpstr (first_diagnosis (other)->cause, ==, "unknown");
}

/* ESP-IDF's Ethernet drivers failing to bring up the PHY as the firmware
 * set it up: the board's Ethernet settings. */
static void
test_ethernet_phy_settings (void)
{
  static const char *const lines[] = {
    "E (2014) lan87xx: lan87xx_init(499): wrong chip ID\r\n",
    "E (837) eth_phy_802_3: esp_eth_phy_802_3_pwrctl(244): power up timeout\r\n"
    "E (840) eth_phy_802_3: esp_eth_phy_802_3_basic_phy_init(413): power control failed\r\n"
    "E (854) esp_eth: esp_eth_driver_install(229): init phy failed\r\n",
    "E (1120) esp.emac: emac_esp32_init(371): reset timeout\r\n",
    "E (905) w5500.mac: w5500_verify_id(87): w5500 version mismatched\r\n",
  };
  const KilnBootDiagnosis *d;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      d = first_diagnosis (lines[i]);
      g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
      g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_BOARD_PART);
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
      assert_contains (d->title, "Ethernet");
      assert_contains (d->fix, "PHY address");
    }
  /* The first line names the first failure. */
  g_assert_cmpstr (first_diagnosis (lines[1])->evidence, ==,
                   "E (837) eth_phy_802_3: esp_eth_phy_802_3_pwrctl(244): power up timeout");
  /* The drivers' ordinary lines, and another driver's failure. */
  g_assert_false (names_cause ("I (1203) esp_eth.netif.netif_glue: 8c:4b:14:0a:1b:2c\r\n"
                               "I (1210) ethernet: Ethernet Link Up\r\n", "wrong-board-settings"));
  g_assert_false (names_cause ("E (700) i2c: i2c_master_cmd_begin(1480): i2c driver install "
                               "error\r\n", "wrong-board-settings"));
  /* Board support that did not find its display keeps its own text. */
  d = first_diagnosis ("E (812) bsp_display: bsp_display_new(211): display init failed\r\n");
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpstr (d->title, ==, "Firmware built for another board");
}

/* Crash reports that print an exception for the ESP8266's software
 * watchdog too: it fires through a level-1 interrupt (exception 4). */
static void
test_soft_wdt_exception_4 (void)
{
  static const char report[] =
    "Soft WDT reset\r\n\r\nException (4):\r\n"
    "epc1=0x40100254 epc2=0x00000000 epc3=0x00000000 excvaddr=0x00000000 depc=0x00000000\r\n"
    "\r\n>>>stack>>>\r\n\r\nctx: sys\r\nsp: 3fffeb20 end: 3fffffb0 offset: 0160\r\n";
  const KilnBootDiagnosis *d;

  d = first_diagnosis (report);
  g_assert_cmpstr (d->cause, ==, "soft-watchdog");
  g_assert_false (names_cause (report, "app-crash"));
  /* Another exception is a crash of its own. */
  g_assert_cmpstr (first_diagnosis ("\r\nException (28):\r\nepc1=0x40203c6c epc2=0x00000000 "
                                    "epc3=0x00000000 excvaddr=0x00000000 depc=0x00000000\r\n"
                                    "\r\n>>>stack>>>\r\n")->cause, ==, "app-crash");
}

/* RIOT OS's start and crash report on an Xtensa chip: every line read,
 * and the exception is a crash. */
static void
test_riot_exception (void)
{
  static const char *const log =
    "main(): This is RIOT! (Version: 2023.10)\r\n"
    "EXCEPTION!! exccause=29 (StoreProhibitedCause) @4008274a excvaddr=fefffffb\r\n"
    "heap: 310368 (used 4176, free 306192) [bytes]\r\n"
    "\r\n"
    "register set\r\n"
    "pc      : 40082f74\tps      : 00050033\texccause: 0000001d\texcvaddr: fefffffb\r\n"
    "epc1    : 40082f74\t\r\n"
    "a0      : 4008274a\ta1      : 3ffb1bd0\ta2      : fefffff7\ta3      : 00000000\r\n";
  g_auto(Result) r = { 0 };
  const KilnBootDiagnosis *d = first_diagnosis (log);

  g_assert_cmpstr (d->cause, ==, "app-crash");
  assert_contains (d->evidence, "EXCEPTION!!");
  decode_str (log, &r);
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_TEXT, 0));
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_APP_START, 0));
}

/* A copy that begins with a software restart of the CPU and holds one
 * more, with nothing from the firmware in either boot (CircuitPython on an
 * ESP32-C3, its console on USB): the restart before the copy counts, so
 * this is a loop of the firmware's restarts, not an ordinary reset.  A
 * single such boot, the bootloader's system resets, and a restart the
 * firmware announced keep their readings. */
static void
test_silent_cpu_restarts_from_the_start (void)
{
#define C3_BOOT(rst) \
    "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n" \
    "rst:" rst ",boot:0x8 (SPI_FAST_FLASH_BOOT)\r\nSaved PC:0x4038e3e4\r\n" \
    "SPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fcd5830,len:0x164\r\n" \
    "entry 0x403cbf10\r\n"
  static const char two[] = C3_BOOT ("0xc (RTC_SW_CPU_RST)") C3_BOOT ("0xc (RTC_SW_CPU_RST)");
  static const char one[] = C3_BOOT ("0xc (RTC_SW_CPU_RST)");
  static const char system[] = C3_BOOT ("0x3 (RTC_SW_SYS_RST)") C3_BOOT ("0x3 (RTC_SW_SYS_RST)");
  static const char announced[] = C3_BOOT ("0xc (RTC_SW_CPU_RST)") "Restarting now.\r\n"
                                  C3_BOOT ("0xc (RTC_SW_CPU_RST)");
  static const char power_on[] = C3_BOOT ("0x1 (POWERON)") C3_BOOT ("0xc (RTC_SW_CPU_RST)");
  static const char after_system[] = C3_BOOT ("0x3 (RTC_SW_SYS_RST)")
                                     C3_BOOT ("0xc (RTC_SW_CPU_RST)");
  static const char after_watchdog[] = C3_BOOT ("0xd (RTCWDT_CPU_RST)")
                                       C3_BOOT ("0xc (RTC_SW_CPU_RST)");
#undef C3_BOOT
  const KilnBootDiagnosis *d = first_diagnosis (two);

  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  assert_contains (d->title, "Reset loop");
  /* One such boot alone: an ordinary boot after a restart the copy does
   * not show. */
  g_assert_cmpstr (first_diagnosis (one)->cause, ==, "normal-boot");
  g_assert_false (names_cause (system, "app-crash"));
  g_assert_false (names_cause (announced, "app-crash"));
  /* Counted from a power-on, one silent restart is no loop yet; nor after
   * a restart of the bootloader's or a watchdog's, which say other things. */
  g_assert_false (names_cause (power_on, "app-crash"));
  g_assert_false (names_cause (after_system, "app-crash"));
  g_assert_false (names_cause (after_watchdog, "app-crash"));
  g_assert_false (names_cause (after_watchdog, "reset-loop-power"));
}

/* Rust firmware's panics, in the standard library's words (both of its
 * forms) and esp-backtrace's (its "occured" too), are crashes.  esp-hal's
 * question whether the bootloader was built for the crystal names the
 * cause itself: a bootloader for another crystal, above the panic. */
static void
test_rust_panics (void)
{
  static const char *const panics[] = {
    "thread 'main' panicked at src/main.rs:12:5:\r\nexplicit panic\r\n",
    "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value', src/main.rs:3:5\r\n",
    "!! A panic occured in 'src/main.rs', at line 12, column 5\r\n",
    "====================== PANIC ======================\r\npanicked at src/main.rs:12:5:\r\n",
  };
  static const char xtal[] =
    "ESP-ROM:esp8684-api2-20220127\r\nBuild:Jan 27 2022\r\n"
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
    "!! A panic occured in '/esp-hal/esp-hal-common/src/rtc_cntl/rtc/esp32c2.rs', at line 65, "
    "column 5\r\n"
    "PanicInfo {\r\n    payload: Any { .. },\r\n"
    "    message: Some( Did you flash the right bootloader configured for 26MHz xtal?, ),\r\n";
  const KilnBootDiagnosis *d;
  g_autofree char *causes = ranked_causes (xtal);

  for (guint i = 0; i < G_N_ELEMENTS (panics); i++)
    {
      g_auto(Result) r = { 0 };

      decode_str (panics[i], &r);
      g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_PANIC, 0));
      g_assert_cmpstr (first_diagnosis (panics[i])->cause, ==, "app-crash");
    }

  d = first_diagnosis (xtal);
  g_assert_cmpstr (d->cause, ==, "xtal-frequency-mismatch");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  g_assert_cmpstr (d->title, ==, "Bootloader built for another crystal");
  assert_contains (d->fix, "Write a bootloader built for a 26 MHz crystal");
  g_assert_cmpstr (causes, ==, "xtal-frequency-mismatch app-crash");

  /* The lines of the report that follow are its own: the message after
   * "panicked at …:", the standard library's note, esp-backtrace's
   * PanicInfo block and its backtrace's addresses, one to a line.  A line
   * of the firmware's after it is not, nor an address with no backtrace
   * before it. */
  {
    static const char report[] =
      "thread 'main' panicked at src/main.rs:12:5:\r\n8 <=? 4\r\n"
      "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\r\n"
      "!! A panic occured in 'src/rtc.rs', at line 65, column 5\r\n"
      "PanicInfo {\r\n    payload: Any { .. },\r\n    location: Location {\r\n"
      "          file: \"src/rtc.rs\", line: 65,  col: 5, },\r\n"
      "          can_unwind: true,\r\n      }\r\n"
      "    Backtrace:  0x4201e65c\r\n                      0x420000d0\r\n"
      "Starting the radio\r\n0x42001234\r\n";
    static const char *const its_own[] = {
      "8 <=? 4", "note: run with `RUST_BACKTRACE=1`", "PanicInfo {", "payload: Any { .. },",
      "location: Location {", "line: 65,  col: 5, },", "can_unwind: true,", "0x420000d0",
    };
    g_auto(Result) r = { 0 };
    guint report_lines = 0;

    decode_str (report, &r);
    for (guint i = 0; i < r.events->len; i++)
      {
        KilnBootEvent *e = g_ptr_array_index (r.events, i);

        if (g_strcmp0 (e->name, "Rust panic") == 0 && e->kind == KILN_BOOT_EVENT_CRASH_REPORT)
          report_lines++;
      }
    /* These lines, and the block's closing brace. */
    g_assert_cmpuint (report_lines, ==, G_N_ELEMENTS (its_own) + 1);
    for (guint k = 0; k < G_N_ELEMENTS (its_own); k++)
      {
        KilnBootEvent *e = event_with_text (&r, its_own[k]);

        if (e == NULL || e->kind != KILN_BOOT_EVENT_CRASH_REPORT)
          g_error ("“%s” is not read as part of the panic's report", its_own[k]);
      }
    g_assert_cmpint (event_with_text (&r, "Starting the radio")->kind, ==, KILN_BOOT_EVENT_TEXT);
    g_assert_cmpint (event_with_text (&r, "0x42001234")->kind, ==, KILN_BOOT_EVENT_TEXT);
  }
  /* A message a pattern knows is still the message: the line after it is
   * no longer taken for one. */
  {
    g_auto(Result) r = { 0 };

    decode_str ("thread 'main' panicked at src/rtc.rs:65:5:\r\n"
                "Did you flash the right bootloader configured for 26MHz xtal?\r\n"
                "Starting the radio\r\n", &r);
    g_assert_cmpint (event_with_text (&r, "Did you flash")->kind, ==, KILN_BOOT_EVENT_CRYSTAL);
    g_assert_cmpint (event_with_text (&r, "Starting the radio")->kind, ==, KILN_BOOT_EVENT_TEXT);
  }
  /* The reset after a panic ends its report. */
  {
    g_auto(Result) r = { 0 };

    decode_str ("thread 'main' panicked at src/main.rs:12:5:\r\n"
                "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nHello again\r\n", &r);
    g_assert_cmpint (event_with_text (&r, "Hello again")->kind, ==, KILN_BOOT_EVENT_TEXT);
  }
}

/* The Zigbee SDK's OTA client restarts into the image it has written once
 * it says "OTA Finish": the software reset after it is the update's, not a
 * silent one.  The same words with a failure in them announce nothing. */
static void
test_zigbee_ota_finish_restart (void)
{
#define H2_RESET \
    "ESP-ROM:esp32h2-20221101\r\nBuild:Nov  1 2022\r\n" \
    "rst:0xc (SW_CPU),boot:0xc (SPI_FAST_FLASH_BOOT)\r\nSaved PC:0x400031b6\r\n"
  static const char finished[] =
    "I (331133) OTA_CLIENT: -- OTA Upgrade Client Progress\r\n"
    "I (331213) OTA_CLIENT: OTA Apply: manuf_code=0x131b, image_type=0x0001\r\n"
    "I (331493) OTA_CLIENT: OTA Finish: count_down_delay=0 seconds\r\n" H2_RESET;
  static const char failed[] =
    "I (331133) OTA_CLIENT: -- OTA Upgrade Client Progress\r\n"
    "I (331493) OTA_CLIENT: OTA Finish failed: image check\r\n" H2_RESET;
#undef H2_RESET
  g_auto(Result) r = { 0 };

  g_assert_cmpstr (first_diagnosis (finished)->cause, ==, "software-restart");
  decode_str (finished, &r);
  g_assert_nonnull (find_event (&r, KILN_BOOT_EVENT_RESTART, 0));
  g_assert_cmpstr (first_diagnosis (failed)->cause, ==, "app-crash");
}

/* The second stage starting again and again with no banner of the ROM's
 * before it: a reset loop, said as such, not "no known problem". */
static void
test_second_stage_restarts (void)
{
  static const char *const rboot =
    "rBoot v1.2.1 - richardaburton@gmail.com\r\n"
    "Flash Size: 32 Mbit\r\n"
    "Flash Mode: DIO\r\n"
    "rBoot Option: Big flash\r\n"
    "Booting rom 0 (0x100000).\r\n";
  static const char *const idf =
    "I (29) boot: ESP-IDF v5.1.2 2nd stage bootloader\r\n"
    "I (29) boot: compile time Jan 10 2024 10:00:00\r\n"
    "I (31) boot: chip revision: v3.0\r\n";
  static const char *const banner =
    " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n";
  g_autofree char *three = g_strconcat (rboot, rboot, rboot, NULL);
  g_autofree char *two = g_strconcat (rboot, rboot, NULL);
  g_autofree char *idf_three = g_strconcat (idf, idf, idf, NULL);
  g_autofree char *crashing = g_strconcat (rboot, "Fatal exception 0(IllegalInstructionCause):\r\n",
                                           rboot, "Fatal exception 0(IllegalInstructionCause):\r\n",
                                           rboot, NULL);
  g_autofree char *restarting = g_strconcat (rboot, "Rebooting...\r\n", rboot, "Rebooting...\r\n",
                                             rboot, NULL);
  g_autofree char *traced = g_strconcat (rboot, "Backtrace: 0x40201234:0x3ffffe40\r\n", rboot,
                                         "Backtrace: 0x40201234:0x3ffffe40\r\n", rboot, NULL);
  g_autofree char *ready = g_strconcat (rboot, "ready\r\n", rboot, "ready\r\n", rboot, NULL);
  g_autofree char *sleeping = g_strconcat (rboot, "Going into deep sleep for 60 seconds\r\n", rboot,
                                           "Going into deep sleep for 60 seconds\r\n", rboot,
                                           NULL);
  g_autofree char *with_banners = g_strconcat (banner, rboot, banner, rboot, banner, rboot, NULL);
  const KilnBootDiagnosis *d;

  d = first_diagnosis (three);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "reset-loop-power");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  assert_contains (d->explanation, "second-stage bootloader starts again and again");
  assert_contains (d->fix, "74880");
  g_assert_cmpstr (d->evidence, ==, "rBoot v1.2.1 - richardaburton@gmail.com");
  d = first_diagnosis (idf_three);
  g_assert_nonnull (d);
  assert_contains (d->explanation, "second-stage bootloader starts again and again");
  /* Two starts are a reset, not yet a loop. */
  g_assert_false (names_cause (two, "reset-loop-power"));
  /* A crash between the starts says why; a restart the firmware announced
   * is no fault. */
  g_assert_cmpstr (first_diagnosis (crashing)->cause, ==, "app-crash");
  g_assert_false (names_cause (crashing, "reset-loop-power"));
  g_assert_false (any_explanation_has (traced, "second-stage bootloader starts again"));
  /* The firmware came up (its prompt), or went to sleep and woke: no
   * reset as it came up. */
  g_assert_false (any_explanation_has (ready, "second-stage bootloader starts again"));
  g_assert_false (any_explanation_has (sleeping, "second-stage bootloader starts again"));
  g_assert_false (names_cause (restarting, "reset-loop-power"));
  /* With the ROM's banners the loop is the boots': their reset cause is
   * read instead. */
  g_assert_true (names_cause (with_banners, "reset-loop-power"));
  g_assert_false (any_explanation_has (with_banners, "second-stage bootloader starts again"));
  g_assert_true (any_explanation_has (three, "second-stage bootloader starts again"));
}

/* A copy that begins with the end of a crash report (no backtrace in it),
 * then the reset after the crash: a crash, said with low confidence, not
 * an ordinary restart the firmware asked for. */
static void
test_crash_report_tail (void)
{
  static const char *const s3_boot =
    "ESP-ROM:esp32s3-20210327\r\n"
    "Build:Mar 27 2021\r\n"
    "rst:0xc (RTC_SW_CPU_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
    "Saved PC:0x40375a2c\r\n"
    "SPIWP:0xee\r\n"
    "mode:DIO, clock div:1\r\n"
    "load:0x3fce3818,len:0x508\r\n"
    "entry 0x403c9880\r\n";
  /* The ESP8266 Arduino core's stack dump ends with "<<<stack<<<"; the
   * two logs differ in the reset after it only. */
#define ESP8266_BOOT(cause) \
  "\r\n ets Jan  8 2013,rst cause:" cause ", boot mode:(3,6)\r\n\r\n" \
  "load 0x4010f000, len 3460, room 16 \r\n" \
  "tail 4\r\n" \
  "chksum 0xcc\r\n" \
  "csum 0xcc\r\n" \
  "v00042f10\r\n" \
  "~ld\r\n"
  static const char *const stack_restart = "<<<stack<<<\r\n" ESP8266_BOOT ("2");
  static const char *const stack_wdt = "<<<stack<<<\r\n" ESP8266_BOOT ("4");
#undef ESP8266_BOOT
  g_autofree char *elf = g_strconcat ("ELF file SHA256: 3c5f0e2a91d47b68\r\n\r\n"
                                      "Rebooting...\r\n", s3_boot, NULL);
  g_autofree char *dump = g_strconcat ("A14     : 0x00000000  A15     : 0x3fc9a1f0  SAR     : "
                                       "0x00000004  EXCCAUSE: 0x0000001c\r\n"
                                       "Rebooting...\r\n", s3_boot, NULL);
  g_autofree char *asked = g_strconcat ("I (5012) app: settings saved\r\n"
                                        "Rebooting...\r\n", s3_boot, NULL);
  const KilnBootDiagnosis *d;

  d = first_diagnosis (elf);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  g_assert_cmpstr (d->evidence, ==, "ELF file SHA256: 3c5f0e2a91d47b68");
  assert_contains (d->explanation, "begins with the end of a crash report");
  assert_contains (d->fix, "from before this restart");
  g_assert_false (names_cause (elf, "software-restart"));
  d = first_diagnosis (dump);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  assert_contains (d->explanation, "begins with the end of a crash report");
  d = first_diagnosis (stack_restart);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  g_assert_cmpstr (d->evidence, ==, "<<<stack<<<");
  /* The firmware's own line before the restart it announced: a restart
   * asked for, no crash. */
  g_assert_false (names_cause (asked, "app-crash"));
  g_assert_cmpstr (first_diagnosis (asked)->cause, ==, "software-restart");
  /* A watchdog's reset after the report's end says more than the end. */
  g_assert_cmpstr (first_diagnosis (stack_wdt)->cause, ==, "hardware-watchdog");
  g_assert_false (any_explanation_has (stack_wdt, "begins with the end of a crash report"));
  /* With no reset line in the copy, there is no restart to place it
   * before. */
  g_assert_false (any_explanation_has ("ELF file SHA256: 3c5f0e2a91d47b68\r\n",
                                       "begins with the end of a crash report"));
}

/* ESP-IDF 5's check that a firmware does not link a peripheral's legacy
 * driver with its successor: a crash of the build's making, said with
 * what brings the legacy driver in; cut copies of the line too. */
static void
test_legacy_driver_conflict (void)
{
  static const char *const lines[] = {
    "E (162) rmt(legacy): CONFLICT! driver_ng is not allowed to be used with the legacy "
    "driver\r\n",
    "E (58) adc(legacy): CONFLICT! driver_ng is not allowed to be us\r\n",
    "E (71) i2s(legacy): CONFLICT! The new i2s driver can't work along with the legacy i2s "
    "driver\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      const KilnBootDiagnosis *d = first_diagnosis (lines[i]);

      g_assert_nonnull (d);
      g_assert_cmpstr (d->cause, ==, "app-crash");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
      assert_contains (d->explanation, "legacy one and its successor");
      assert_contains (d->fix, "Update the library that uses the legacy driver");
      g_assert_cmpstr (d->title, ==, "Two drivers for one peripheral");
      g_assert_false (names_cause (lines[i], "unknown"));
    }
  /* A firmware's own words about a conflict are not the check's. */
  g_assert_false (any_explanation_has ("I (500) app: CONFLICT! two buttons pressed\r\n",
                                       "legacy one and its successor"));
}

/* ESP-IDF's RGB display driver keeps its frame buffer in PSRAM; when it
 * cannot allocate it, the build has no PSRAM to use.  Its wording in two
 * ESP-IDF versions, and the camera's, which stays the camera's. */
static void
test_display_frame_buffer (void)
{
  static const char *const logs[] = {
    "E (1162) lcd_panel.rgb: lcd_rgb_panel_alloc_frame_buffers(165): no mem for frame buffer\r\n"
    "E (1163) lcd_panel.rgb: esp_lcd_new_rgb_panel(353): alloc frame buffers failed\r\n"
    "[E][Panel][esp_panel_lcd.cpp:0079](init): Create refresh panel failed [ESP_ERR_NO_MEM]\r\n",
    "E (412) lcd_panel.rgb: esp_lcd_new_rgb_panel(301): alloc frame buffers failed\r\n"
    "Guru Meditation Error: Core  1 panic'ed (LoadProhibited). Exception was unhandled.\r\n",
    "E (98) lcd_panel.rgb: No mem for frame buffer(750KB)\r\n",
  };
  static const char camera[] =
    "E (2275) cam_hal: cam_dma_config(300): frame buffer malloc failed\r\n";
  static const char other_panel[] =
    "E (311) lcd_panel.st7306: esp_lcd_new_panel_st7306(210): no mem for frame buffer\r\n";

  for (guint i = 0; i < G_N_ELEMENTS (logs); i++)
    {
      const KilnBootDiagnosis *d = first_diagnosis (logs[i]);

      g_assert_nonnull (d);
      g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
      g_assert_cmpstr (d->title, ==, "No PSRAM for the display's frame buffer");
      assert_contains (d->fix, "“OPI PSRAM”");
      /* Each form is read on its own: the first line is the evidence. */
      assert_contains (d->evidence, i == 1 ? "alloc frame buffers failed" : "o mem for frame buffer");
    }
  g_assert_cmpstr (first_diagnosis (camera)->title, ==, "No PSRAM for the camera's pictures");
  g_assert_false (any_explanation_has (other_panel, "RGB display driver"));
}

/* A file system the firmware could not mount: ESP-IDF's, LittleFS's, the
 * Arduino core's and the usual examples' words, each alone; its partition
 * missing from the table, formatted or not; formatted afterwards (a first
 * start, also misspelt); ranked above the crash it leads to; a file it did
 * not find, low; MicroPython unable to read its blocks.  Not a mount that
 * worked, nor an SD card's. */
static void
test_filesystem (void)
{
  static const char *const not_mounted[] = {
    "E (712) SPIFFS: mount failed, -10025\r\n",
    "[E][SPIFFS.cpp:89] begin(): Mounting SPIFFS failed! Error: -1\r\n",
    "[  1021][E][LittleFS.cpp:79] begin(): Mounting LittleFS failed! Error: -1\r\n",
    "SPIFFS Mount Failed\r\n",
    "LittleFS Mount Failed\r\n",
    "An Error has occurred while mounting SPIFFS\r\n",
    "failed to mount FS\r\n",
    "./components/esp_littlefs/src/littlefs/lfs.c:1229:error: Corrupted dir pair at {0x0, 0x1}\r\n",
    "E (780) esp_littlefs: mount failed,  (-84)\r\n",
    "E (784) esp_littlefs: Failed to initialize LittleFS\r\n",
    "[E][vfs_api.cpp:22] open(): File system is not mounted\r\n",
  };
  static const char *const no_partition[] = {
    "E (1022) esp_littlefs: partition \"spiffs\" could not be found\r\n",
    "E (302) SPIFFS: spiffs partition could not be found\r\n",
    "E (412) vfs_fat_spiflash: Failed to find FATFS partition (type='data', "
    "subtype='fat', partition_label='storage'). Check the partition table.\r\n",
    "[E][FFat.cpp:35] check_ffat_partition(): No FAT partition found with label ffat\r\n",
    /* Formatting does not help a partition that is not there. */
    "E (33180) SPIFFS: spiffs partition could not be found\r\nFormatting FS.\r\n",
  };
  static const char *const missing_file[] = {
    "[  9955][E][vfs_api.cpp:105] open(): /littlefs/index.html does not exist, no permits for "
    "creation\r\n",
    "E (22745) webfile: Failed to stat file: /spiffs/canonical.html\r\n",
  };
  static const char missing_then_crash[] =
    "[  3485][E][vfs_api.cpp:105] open(): /littlefs/syslog does not exist, no permits for "
    "creation\r\n"
    "Guru Meditation Error: Core  1 panic'ed (LoadProhibited). Exception was unhandled.\r\n";
  static const char misspelt_format[] =
    "Failed to mount FS -> formating\r\nMounted file system after formating\r\n";
  static const char micropython[] =
    "Traceback (most recent call last):\r\n"
    "  File \"_boot.py\", line 13, in <module>\r\n"
    "  File \"inisetup.py\", line 16, in check_bootsec\r\n"
    "  File \"flashbdev.py\", line 13, in readblocks\r\n"
    "OSError: [Errno 5] EIO\r\n";
  static const char formatted[] =
    "E (55) SPIFFS: mount failed, -10025\r\n"
    "[E][SPIFFS.cpp:52] begin(): Mounting SPIFFS failed! Error: -1\r\n"
    "** Formatting fresh SPIFFS, takes ~20 seconds\r\n"
    "Format took 19s\r\n";
  static const char idf_formatted[] =
    "W (316) SPIFFS: mount failed, -10025. formatting...\r\n"
    "I (2210) example: Partition size: total: 956561, used: 0\r\n";
  static const char then_crash[] =
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "entry 0x400805f8\r\n"
    "E (1069) SPIFFS: mount failed, -10025\r\n"
    "[E][vfs_api.cpp:22] open(): File system is not mounted\r\n"
    "Guru Meditation Error: Core  1 panic'ed (LoadProhibited). Exception was unhandled.\r\n";
  static const char mounted[] = "Mounting SPIFFS...OK\r\nFormatting SPIFFS...OK\r\n";
  static const char sd_card[] =
    "E (1092) example: Failed to mount filesystem. If you want the card to be formatted, set "
    "the CONFIG_EXAMPLE_FORMAT_IF_MOUNT_FAILED menuconfig option.\r\n";
  const KilnBootDiagnosis *d;

  for (guint i = 0; i < G_N_ELEMENTS (not_mounted); i++)
    {
      d = first_diagnosis (not_mounted[i]);
      g_assert_nonnull (d);
      g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_FILESYSTEM);
      g_assert_cmpstr (d->cause, ==, "filesystem-missing");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
      g_assert_cmpstr (d->title, ==, "The file system could not be mounted");
      assert_contains (d->fix, "pio run -t uploadfs");
    }
  for (guint i = 0; i < G_N_ELEMENTS (no_partition); i++)
    {
      d = first_diagnosis (no_partition[i]);
      g_assert_nonnull (d);
      g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
      g_assert_cmpstr (d->title, ==, "No partition for the file system");
      assert_contains (d->fix, "Tools ▸ Partition Scheme");
    }
  for (guint i = 0; i < G_N_ELEMENTS (missing_file); i++)
    {
      d = first_diagnosis (missing_file[i]);
      g_assert_nonnull (d);
      g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_FILESYSTEM);
      g_assert_cmpstr (d->cause, ==, "filesystem-missing");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
      g_assert_cmpstr (d->title, ==, "A file is missing from the file system");
    }
  /* Optional files are looked for on every start: low, below a crash. */
  g_assert_cmpint (first_diagnosis (missing_then_crash)->kind, ==, KILN_BOOT_DIAG_CRASH);
  d = first_diagnosis (misspelt_format);
  g_assert_true (d == NULL || d->kind != KILN_BOOT_DIAG_FILESYSTEM);
  d = first_diagnosis (micropython);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_FILESYSTEM);
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpstr (d->title, ==, "MicroPython built for a larger flash");
  d = first_diagnosis (formatted);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_FILESYSTEM);
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  g_assert_cmpstr (d->title, ==, "The firmware made a new file system");
  g_assert_cmpint (d->severity, ==, KILN_BOOT_SEVERITY_INFO);
  /* ESP-IDF formatting on its own: nothing failed. */
  d = first_diagnosis (idf_formatted);
  g_assert_true (d == NULL || d->kind != KILN_BOOT_DIAG_FILESYSTEM);
  {
    g_auto(Result) r = { 0 };
    const KilnBootEvent *e;

    decode_str (idf_formatted, &r);
    e = find_event (&r, KILN_BOOT_EVENT_FILESYSTEM, 0);
    g_assert_nonnull (e);
    g_assert_cmpstr (e->name, ==, "file system format");
    g_assert_cmpint (e->severity, ==, KILN_BOOT_SEVERITY_INFO);
  }
  d = first_diagnosis (then_crash);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_FILESYSTEM);
  assert_contains (d->evidence, "mount failed, -10025");
  d = first_diagnosis (mounted);
  g_assert_true (d == NULL || d->kind != KILN_BOOT_DIAG_FILESYSTEM);
  g_assert_false (any_explanation_has (sd_card, "file system"));
}

/* Files the firmware cannot open or create, with no failed mount said.
 * On the ESP8266 (or a copy with no ROM line) that is a flash layout with
 * no file system area, as the flash size setting "no FS" leaves, even
 * after a format that said it succeeded; a file that cannot be read
 * right after a format is only not made yet; on the ESP32 family, whose
 * file systems say when they fail to mount, a file not there.  NodeMCU's
 * "cannot open init.lua" and a file on an SD card are none of these. */
static void
test_filesystem_files_cannot_open (void)
{
#define ESP8266_BOOT " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n" \
                     "load 0x4010f000, len 1384, room 16 \r\ntail 8\r\nchksum 0x2d\r\n" \
                     "csum 0x2d\r\nv951aeffa\r\n~ld\r\n"
  static const char cannot_open[] = ESP8266_BOOT
    "Settings File does not yet exists.\r\nFile open failed!\r\n";
  static const char no_banner[] =
    "[ESP LOGGER] Opening log file error!\r\n[ESP LOGGER] getActualSize() open log file error!\r\n";
  static const char formatted_read[] = ESP8266_BOOT
    "Formating FS..\r\nDone Formatting\r\nFailed to open config file\r\n";
  static const char formatted_write[] = ESP8266_BOOT
    "Failed to mount FS -> formating\r\nMounted file system after formating\r\n"
    "Failed to open wifi file for writing\r\n";
  static const char after_watchdog[] =
    " ets Jan  8 2013,rst cause:4, boot mode:(3,6)\r\n\r\nwdt reset\r\n"
    "load 0x4010f000, len 1384, room 16 \r\ntail 8\r\nchksum 0x2d\r\ncsum 0x2d\r\n"
    "v951aeffa\r\n~ld\r\n\r\nSettings File does not yet exists.\r\nFile open failed!\r\n";
  static const char esp32[] =
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nentry 0x400805e4\r\n"
    "Failed to open file for writing\r\n";
  static const char sd_card[] = "Failed to open file on the SD card\r\n";
  static const char nodemcu[] = ESP8266_BOOT
    "NodeMCU 3.0.0.0 built on nodemcu-build.com\r\nlua: cannot open init.lua\r\n> ";
#undef ESP8266_BOOT
  const KilnBootDiagnosis *d = first_diagnosis (cannot_open);
  g_autofree char *watchdog_causes = ranked_causes (after_watchdog);
  g_auto(Result) r = { 0 };

  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_LOW);
  g_assert_cmpstr (d->title, ==, "No room for the file system in the flash layout");
  assert_contains (d->fix, "Tools ▸ Flash Size");
  g_assert_null (strstr (d->explanation, "ESP32"));

  d = first_diagnosis (no_banner);
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  assert_contains (d->explanation, "on the ESP32 family a partition scheme without a file "
                                   "system partition does the same");

  d = first_diagnosis (formatted_read);
  g_assert_cmpstr (d->cause, ==, "filesystem-missing");
  g_assert_cmpstr (d->title, ==, "A file is missing from the file system");
  g_assert_cmpstr (first_diagnosis (formatted_write)->cause, ==, "wrong-board-settings");

  /* A cause, so above the watchdog reset before it. */
  g_assert_true (g_str_has_prefix (watchdog_causes, "wrong-board-settings "));
  g_assert_true (names_cause (after_watchdog, "hardware-watchdog"));

  d = first_diagnosis (esp32);
  g_assert_cmpstr (d->cause, ==, "filesystem-missing");
  g_assert_cmpstr (d->title, ==, "The firmware cannot open its files");

  decode_str (nodemcu, &r);
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_FILESYSTEM, 0));
  result_clear (&r);
  decode_str (sd_card, &r);
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_FILESYSTEM, 0));
}

/* A partition the firmware looks up and the table lacks (the Zigbee
 * stack's storage; NVS), and a flash its driver cannot size: each a cause
 * ranked above the abort it ends in; a check on something else is not. */
static void
test_partition_missing_and_unknown_flash (void)
{
  static const char zigbee[] =
    "ESP-ROM:esp32c6-20220919\r\nrst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
    "entry 0x4086c410\r\n\r\n"
    "assert failed: zb_osif_nvram_init zb_esp_nvram.c:70 (zb_partition != NULL)\r\n"
    "Core  0 register dump:\r\nMEPC    : 0x40801d96  RA      : 0x40807260\r\n";
  static const char newlib[] =
    "assertion \"partition != NULL\" failed: file \"main/app.c\", line 40, function: app_main\r\n"
    "abort() was called at PC 0x400d3a2b on core 0\r\n";
  static const char nvs[] =
    "ESP_ERROR_CHECK failed: esp_err_t 0x110f (ESP_ERR_NVS_PART_NOT_FOUND) at 0x4008e6f4\r\n"
    "abort() was called at PC 0x4008e6f7 on core 0\r\n";
  static const char nvs_logged[] =
    "E (532) nvs: nvs_flash_init failed: ESP_ERR_NVS_PART_NOT_FOUND\r\n";
  static const char other_check[] =
    "assert failed: app_main main.c:12 (buffer != NULL)\r\n";
  static const char unknown_flash[] =
    "I (316) spi_flash: detected chip: generic\r\n"
    "E (316) spi_flash: failed to get chip size\r\n"
    "assertion \"flash_ret == ESP_OK\" failed: file \"cpu_start.c\", line 431, function: "
    "start_cpu0_default\r\nabort() was called at PC 0x400de89f on core 0\r\n";
  const KilnBootDiagnosis *d = first_diagnosis (zigbee);
  g_autofree char *newlib_causes = ranked_causes (newlib);
  g_autofree char *flash_causes = ranked_causes (unknown_flash);
  g_auto(Result) r = { 0 };

  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
  g_assert_cmpstr (d->title, ==, "The partition table lacks a partition the firmware needs");
  assert_contains (d->fix, "Zigbee mode");
  /* Above the abort it ends in. */
  g_assert_true (g_str_has_prefix (newlib_causes, "wrong-board-settings app-crash"));
  g_assert_cmpstr (first_diagnosis (nvs)->title, ==,
                   "The partition table lacks a partition the firmware needs");
  g_assert_cmpstr (first_diagnosis (nvs_logged)->cause, ==, "wrong-board-settings");
  g_assert_cmpstr (first_diagnosis (other_check)->cause, ==, "app-crash");
  decode_str (other_check, &r);
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_PARTITION_MISSING, 0));

  /* The driver could not size the flash: not a build for a larger one,
   * which the failed set-up after it would otherwise say. */
  d = first_diagnosis (unknown_flash);
  g_assert_cmpstr (d->cause, ==, "flash-read-failure");
  g_assert_cmpstr (d->title, ==, "The firmware does not know this flash chip");
  g_assert_true (g_str_has_prefix (flash_causes, "flash-read-failure wrong-board-settings"));
  g_assert_cmpstr (first_diagnosis ("E (290) spi_flash: flash chip init failed: "
                                    "ESP_ERR_FLASH_UNSUPPORTED_CHIP\r\n")->title, ==,
                   "The firmware does not know this flash chip");
}

/* A file system that cannot even be formatted: its partition is not
 * there or lies past the end of the flash, a board setting; an SD card's
 * failed format is not the firmware's file system. */
static void
test_filesystem_format_failed (void)
{
  static const char *const failed[] = {
    "[  2766][E][LittleFS.cpp:123] format(): Formatting LittleFS failed! Error: -1\r\n"
    "[  2773][E][LittleFS.cpp:98] begin(): Mounting LittleFS failed! Error: -1\r\n",
    "[E][SPIFFS.cpp:89] begin(): Mounting SPIFFS failed! Error: -1\r\n"
    "[E][SPIFFS.cpp:102] format(): Formatting SPIFFS failed! Error: -1\r\n",
    "SPIFFS Mount Failed\r\nFormat failed.\r\n",
  };
  static const char sd_card[] =
    "E (1092) example: Failed to mount filesystem. If you want the card to be formatted, set "
    "the CONFIG_EXAMPLE_FORMAT_IF_MOUNT_FAILED menuconfig option.\r\n"
    "Formatting SD card failed\r\n";
  const KilnBootDiagnosis *d;

  for (guint i = 0; i < G_N_ELEMENTS (failed); i++)
    {
      d = first_diagnosis (failed[i]);
      g_assert_nonnull (d);
      g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_FILESYSTEM);
      g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
      g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
      g_assert_cmpstr (d->title, ==, "The file system could not even be formatted");
    }
  g_assert_false (names_cause (sd_card, "wrong-board-settings"));
  g_assert_false (names_cause (sd_card, "filesystem-missing"));
}

/* ESP-IDF's PSRAM driver finding more PSRAM than it may map (octal mode
 * set for a quad PSRAM) is the build's PSRAM setting. */
static void
test_psram_virtual_address (void)
{
  const KilnBootDiagnosis *d = first_diagnosis ("E (232) spiram: Virtual address not enough for "
                                                "PSRAM!\r\n");

  g_assert_nonnull (d);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_PSRAM);
  g_assert_cmpstr (d->cause, ==, "wrong-board-settings");
  g_assert_cmpint (d->confidence, ==, KILN_BOOT_CONFIDENCE_MEDIUM);
}

/* Tasmota's log lines ("00:01:36 APP: Restarting"): its restart is
 * deliberate, and a crash report it quotes in a message is still read as
 * one.  A time and words without Tasmota's tag are not its lines. */
static void
test_tasmota_lines (void)
{
  static const char restart[] =
    "00:01:35 WIF: Connecting to AP1 Wireless in mode 11N as sonoff-5949...\r\n"
    "00:01:36 APP: Restarting\r\n\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
    "load 0x4010f000, len 1384, room 16 \r\ntail 8\r\nchksum 0x2d\r\ncsum 0x2d\r\nv60000608\r\n"
    "~ld\r\n\r\n00:00:06.012 WIF: Connected\r\n";
  static const char quoted_crash[] =
    "07:59:57 MQT: tele/sonoff/INFO3 = {\"RestartReason\":\"Fatal exception:28 flag:2 "
    "(EXCEPTION) epc1:0x40244c34 epc2:0x00000000\"}\r\n";
  g_auto(Result) r = { 0 };
  const KilnBootDiagnosis *d;
  KilnBootEvent *e;

  d = first_diagnosis (restart);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "software-restart");
  decode_str (restart, &r);
  e = find_event (&r, KILN_BOOT_EVENT_RESTART, 0);
  g_assert_nonnull (e);
  assert_contains (e->text, "APP: Restarting");
  e = find_event (&r, KILN_BOOT_EVENT_IDF_LOG, 1);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "WIF");
  g_assert_cmpstr (e->detail, ==, "Connected");

  d = first_diagnosis (quoted_crash);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->cause, ==, "app-crash");

  result_clear (&r);
  decode_str ("12:00:01 the time is: noon\r\n", &r);
  g_assert_null (find_event (&r, KILN_BOOT_EVENT_IDF_LOG, 0));
}
/* NodeMCU's Lua panic: an error no script caught, after which the
 * firmware restarts the chip, is a crash of the firmware.  NodeMCU's note
 * that there is no init.lua yet is none. */
static void
test_nodemcu_lua_panic (void)
{
  const KilnBootDiagnosis *d;

  d = first_diagnosis ("NodeMCU 0.9.6 build 20150704 powered by Lua 5.1.4\r\n"
                       "lua: not enough memory\r\n"
                       "PANIC: unprotected error in call to Lua API (not enough memory)\r\n");
  g_assert_nonnull (d);
  g_assert_cmpint (d->kind, ==, KILN_BOOT_DIAG_CRASH);
  g_assert_cmpstr (d->cause, ==, "app-crash");
  assert_contains (d->explanation, "Lua interpreter");
  g_assert_false (names_cause ("NodeMCU 2.2.0.0 built with Docker provided by frightanic.com\r\n"
                               "lua: cannot open init.lua\r\n> \r\n", "app-crash"));
}

/* ESP-AT's start-up lines: the UART it takes AT commands on, which on
 * the ESP32 family is not the one its log comes over, and its settings. */
static void
test_esp_at_lines (void)
{
  g_auto(Result) r = { 0 };
  KilnBootEvent *e;

  decode_str ("at param mode: 1\r\nAT cmd port:uart1 tx:17 rx:16 cts:15 rts:14 "
              "baudrate:115200\r\nmodule_name: WROOM-32\r\nmax tx power=78, ret=0\r\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_APP_READY, 0);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "ESP-AT");
  g_assert_cmpuint (e->values[0], ==, 1);
  g_assert_cmpuint (e->values[1], ==, 17);
  g_assert_cmpuint (e->values[2], ==, 16);
  assert_contains (e->explanation, "UART1, at 115200 baud: the chip sends on GPIO17 and "
                                   "receives on GPIO16");
  e = find_event (&r, KILN_BOOT_EVENT_APP_START, 1);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "ESP-AT");
  assert_contains (e->text, "module_name");
  /* Its radio set-up is its own line, not the ESP8266 SDK's. */
  e = find_event (&r, KILN_BOOT_EVENT_APP_START, 2);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "ESP-AT");
  assert_contains (e->explanation, "transmit power");

  result_clear (&r);
  decode_str ("AT cmd port:uart0 tx:1 rx:3 cts:0 rts:0 baudrate:115200\r\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_APP_READY, 0);
  g_assert_nonnull (e);
  assert_contains (e->explanation, "on this port (UART0)");

  /* Later versions say it in ESP-IDF's log lines. */
  result_clear (&r);
  decode_str ("I (1087) at-init: at param mode: 1\r\n"
              "I (1177) at-uart: AT cmd port:uart1 tx:6 rx:5 cts:4 rts:3 baudrate:115200\r\n", &r);
  e = find_event (&r, KILN_BOOT_EVENT_APP_READY, 0);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "ESP-AT");
  g_assert_cmpuint (e->values[1], ==, 6);
  assert_contains (e->explanation, "sends on GPIO6 and receives on GPIO5");
  e = find_event (&r, KILN_BOOT_EVENT_APP_START, 0);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "ESP-AT");
}

/* The first boot with flash encryption: ESP-IDF's bootloader encrypts the
 * flash and restarts the chip itself (as the ESP-IDF flash-encryption
 * guide's samples show).  That restart is a step of a normal first boot,
 * not the firmware restarting; a restart the firmware then makes is. */
static void
test_encryption_first_boot (void)
{
  static const char rom[] =
    "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n";
  static const char bootloader[] =
    "SPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fcd5820,len:0x1700\r\n"
    "entry 0x403cc710\r\nI (30) boot: ESP-IDF v5.1 2nd stage bootloader\r\n";
  static const char encrypting[] =
    "I (1131) flash_encrypt: bootloader encrypted successfully\r\n"
    "I (24427) flash_encrypt: Flash encryption completed\r\n"
    "I (24431) boot: Resetting with flash encryption enabled...\r\n";
  static const char app[] =
    "I (283) boot: Checking flash encryption...\r\n"
    "I (286) flash_encrypt: flash encryption is enabled (1 plaintext flashes left)\r\n"
    "I (466) main_task: Calling app_main()\r\n";
  g_autofree char *poweron = g_strconcat (rom, "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)"
                                          "\r\n", bootloader, NULL);
  g_autofree char *sw_reset = g_strconcat (rom, "rst:0x3 (RTC_SW_SYS_RST),boot:0xc "
                                           "(SPI_FAST_FLASH_BOOT)\r\n", bootloader, NULL);
  g_autofree char *ends = g_strconcat (poweron, encrypting, NULL);
  g_autofree char *whole = g_strconcat (poweron, encrypting, sw_reset, app, NULL);
  g_autofree char *firmware = g_strconcat (poweron, "I (466) main_task: Calling app_main()\r\n"
                                           "Restarting now.\r\n", sw_reset, app, NULL);
  g_autofree char *then_firmware = g_strconcat (whole, "Restarting now.\r\n", sw_reset, app,
                                                NULL);
  KilnBootDiagnosis *d;

  /* The log ends at the bootloader's restart. */
  d = first_diagnosis (ends);
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  g_assert_cmpstr (d->title, ==, "First boot with flash encryption");
  assert_contains (d->explanation, "the log ends there");
  assert_contains (d->evidence, "Resetting with flash encryption enabled");
  /* It goes on into the boot from the encrypted flash. */
  d = first_diagnosis (whole);
  g_assert_cmpstr (d->cause, ==, "normal-boot");
  g_assert_cmpstr (d->title, ==, "First boot with flash encryption");
  assert_contains (d->explanation, "booted from the encrypted flash");
  assert_contains (d->evidence, "rst:0x3 (RTC_SW_SYS_RST)");
  /* The firmware's own restart, with no encryption, and after it. */
  g_assert_cmpstr (first_diagnosis (firmware)->cause, ==, "software-restart");
  g_assert_cmpstr (first_diagnosis (then_firmware)->cause, ==, "software-restart");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiln/bootlog/nothing-wrong", test_nothing_wrong);
  g_test_add_func ("/kiln/bootlog/firmware-words", test_firmware_words);
  g_test_add_func ("/kiln/bootlog/encryption-first-boot", test_encryption_first_boot);
  g_test_add_func ("/kiln/bootlog/harmless-and-crash-words", test_harmless_and_crash_words);
  g_test_add_func ("/kiln/bootlog/crash-reports-and-nvs", test_crash_reports_and_nvs);
  g_test_add_func ("/kiln/bootlog/indirect-signs", test_indirect_signs);
  g_test_add_func ("/kiln/bootlog/crystal-abort-monitor", test_crystal_abort_monitor);
  g_test_add_func ("/kiln/bootlog/wifi-power-psram-markdown", test_wifi_power_psram_markdown);
  g_test_add_func ("/kiln/bootlog/shown-as-received", test_shown_as_received);
  g_test_add_func ("/kiln/bootlog/camera-not-answering", test_camera_not_answering);
  g_test_add_func ("/kiln/bootlog/monitor-address-readings", test_monitor_address_readings);
  g_test_add_func ("/kiln/bootlog/fault-before-latched-restart", test_fault_before_latched_restart);
  g_test_add_func ("/kiln/bootlog/address-reading-not-a-fault", test_address_reading_not_a_fault);
  g_test_add_func ("/kiln/bootlog/firmware-start-without-rom-lines",
                   test_firmware_start_without_rom_lines);
  g_test_add_func ("/kiln/bootlog/benign-example-outputs", test_benign_example_outputs);
  g_test_add_func ("/kiln/bootlog/deliberate-resets-and-host-text",
                   test_deliberate_resets_and_host_text);
  g_test_add_func ("/kiln/bootlog/hardware-watchdog-flash-pins", test_hardware_watchdog_flash_pins);
  g_test_add_func ("/kiln/bootlog/asleep-without-wake", test_asleep_without_wake);
  g_test_add_func ("/kiln/bootlog/sdk-wifi-lines-and-typed-hex", test_sdk_wifi_lines_and_typed_hex);
  g_test_add_func ("/kiln/bootlog/panic-names-a-stack-fault", test_panic_names_a_stack_fault);
  g_test_add_func ("/kiln/bootlog/copied-garbage-after-handover",
                   test_copied_garbage_after_handover);
  g_test_add_func ("/kiln/bootlog/typed-dot-voltage-nvs-assert-unknown",
                   test_typed_dot_voltage_nvs_assert_unknown);
  g_test_add_func ("/kiln/bootlog/board-parts-and-camera-frames",
                   test_board_parts_and_camera_frames);
  g_test_add_func ("/kiln/bootlog/copy-begins-with-panic-tail", test_copy_begins_with_panic_tail);
  g_test_add_func ("/kiln/bootlog/restart-announced-log-ends", test_restart_announced_log_ends);
  g_test_add_func ("/kiln/bootlog/reset-info-exception", test_reset_info_exception);
  g_test_add_func ("/kiln/bootlog/backtrace-only", test_backtrace_only);
  g_test_add_func ("/kiln/bootlog/silent-software-reset", test_silent_software_reset);
  g_test_add_func ("/kiln/bootlog/line-tail-kept", test_line_tail_kept);
  g_test_add_func ("/kiln/bootlog/harmless-gpio-and-audio-lines",
                   test_harmless_gpio_and_audio_lines);
  g_test_add_func ("/kiln/bootlog/ethernet-phy-settings", test_ethernet_phy_settings);
  g_test_add_func ("/kiln/bootlog/soft-wdt-exception-4", test_soft_wdt_exception_4);
  g_test_add_func ("/kiln/bootlog/riot-exception", test_riot_exception);
  g_test_add_func ("/kiln/bootlog/second-stage-restarts", test_second_stage_restarts);
  g_test_add_func ("/kiln/bootlog/zigbee-ota-finish-restart", test_zigbee_ota_finish_restart);
  g_test_add_func ("/kiln/bootlog/rust-panics", test_rust_panics);
  g_test_add_func ("/kiln/bootlog/esp32-rom-then-garbage", test_esp32_rom_then_garbage);
  g_test_add_func ("/kiln/bootlog/rtc-watchdog-then-firmware-runs",
                   test_rtc_watchdog_then_firmware_runs);
  g_test_add_func ("/kiln/bootlog/silent-cpu-restarts-from-the-start",
                   test_silent_cpu_restarts_from_the_start);
  g_test_add_func ("/kiln/bootlog/crash-report-tail", test_crash_report_tail);
  g_test_add_func ("/kiln/bootlog/legacy-driver-conflict", test_legacy_driver_conflict);
  g_test_add_func ("/kiln/bootlog/display-frame-buffer", test_display_frame_buffer);
  g_test_add_func ("/kiln/bootlog/filesystem", test_filesystem);
  g_test_add_func ("/kiln/bootlog/filesystem-format-failed", test_filesystem_format_failed);
  g_test_add_func ("/kiln/bootlog/filesystem-files-cannot-open", test_filesystem_files_cannot_open);
  g_test_add_func ("/kiln/bootlog/partition-missing-and-unknown-flash",
                   test_partition_missing_and_unknown_flash);
  g_test_add_func ("/kiln/bootlog/psram-virtual-address", test_psram_virtual_address);
  g_test_add_func ("/kiln/bootlog/tasmota-lines", test_tasmota_lines);
  g_test_add_func ("/kiln/bootlog/nodemcu-lua-panic", test_nodemcu_lua_panic);
  g_test_add_func ("/kiln/bootlog/esp-at-lines", test_esp_at_lines);

  return g_test_run ();
}
