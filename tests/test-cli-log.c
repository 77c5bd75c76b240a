/* test-cli-log.c: kiln-cli decode-log, monitor and at, run as a user runs
 * them, against the virtual device.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kiln-core.h"
#include "kiln-monitor.h"
#include "kiln-sim.h"
#include "kiln-test-util.h"

static char *tmpdir;

/* Runs kiln-cli with @args (NULL-terminated), feeding @input on stdin if
 * given, and returns its exit status and output. */
static void
cli (KilnTestRun *r,
     const char  *input,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("KILN_CLI"));
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  kiln_test_spawn (r, NULL, NULL, (const char *const *) argv->pdata, input);
}

static char *
write_file (const char   *name,
            const void   *data,
            gsize         len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

/* ------------------------------------------------------------------------ */
/* decode-log */

static const char log_mismatch[] =
  "\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
  "load 0x40100000, len 2592, room 16 \r\ntail 0\r\nchksum 0xf3\r\ncsum 0xf3\r\n\r\n"
  "2nd boot version : 1.7(5d6f877)\r\n  SPI Speed      : 40MHz\r\n  SPI Mode       : QIO\r\n"
  "  SPI Flash Size & Map: 32Mbit(1024KB+1024KB)\r\njump to run user1 @ 1000\r\n\r\n"
  "mismatch map 5,spi_size_map 6\r\nsystem param partition error\r\n"
  "system_partition_table_regist fail\r\n";

static void
test_decode_file (void)
{
  g_auto(KilnTestRun) r = { 0 };
  g_autofree char *path = write_file ("mismatch.log", log_mismatch, strlen (log_mismatch));

  cli (&r, NULL, "decode-log", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* One line per event with its explanation, then the diagnosis. */
  assert_contains (r.out, "ets Jan  8 2013,rst cause:2, boot mode:(3,6)  → ");
  assert_contains (r.out, "GPIO15 low, GPIO0 high, GPIO2 high");
  assert_contains (r.out,
                   "mismatch map 5,spi_size_map 6  → The firmware was built for flash map 5");
  assert_contains (r.out, "Diagnosis: Flash size setting does not match the firmware");
  assert_contains (r.out, "Fix: Write boot.bin at 0x0 again with flash size 16Mbit-C1 (2MB-c1)");
  g_assert_true (strstr (r.out, "→ ") < strstr (r.out, "Diagnosis:"));
  g_assert_cmpstr (r.err, ==, "");
}

/* A log saved as UTF-16 (Windows PowerShell's redirection, Notepad's
 * "Unicode") or as UTF-8 with a mark decodes as the plain file does: no
 * line of zero bytes, no mark shown.  A raw capture that begins with the
 * mark's two bytes by chance is left as it is. */
static void
test_decode_saved_text (void)
{
  g_auto(KilnTestRun) plain = { 0 };
  g_autofree char *plain_path = write_file ("saved-plain.log", log_mismatch, strlen (log_mismatch));
  g_autoptr(GBytes) le = kiln_test_utf16 (log_mismatch, TRUE);
  g_autoptr(GBytes) be = kiln_test_utf16 (log_mismatch, FALSE);
  /* The mark right before the banner, as an editor saves it. */
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", log_mismatch + strlen ("\r\n"), NULL);
  struct { const char *name; const void *data; gsize len; } saved[] = {
    { "saved-utf16le.log", g_bytes_get_data (le, NULL), g_bytes_get_size (le) },
    { "saved-utf16be.log", g_bytes_get_data (be, NULL), g_bytes_get_size (be) },
    { "saved-utf8-mark.log", bom, strlen (bom) },
  };
  static const guint8 raw[] = { 0xFF, 0xFE, 0x8C, 0xE3, 0x1F, 0x9A, 0xF0, 0x81, 0xC4, 0x7F, 0xE9,
                                0x03, 0xB2, 0x9D, 0x0D, 0x0A };
  g_autoptr(GBytes) raw_bytes = g_bytes_new_static (raw, sizeof raw);
  g_autoptr(GBytes) raw_back = kiln_bootlog_saved_text (raw_bytes);

  cli (&plain, NULL, "decode-log", plain_path, NULL);
  g_assert_cmpint (plain.status, ==, 0);
  assert_contains (plain.out, "Diagnosis: Flash size setting does not match the firmware");
  for (guint i = 0; i < G_N_ELEMENTS (saved); i++)
    {
      g_auto(KilnTestRun) r = { 0 };
      g_autofree char *path = write_file (saved[i].name, saved[i].data, saved[i].len);

      cli (&r, NULL, "decode-log", path, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.out, ==, plain.out);
    }
  g_assert_true (g_bytes_equal (raw_back, raw_bytes));
}

#ifdef G_OS_UNIX
/* KilnTestRun from the build tree in Chinese, with no locale set: the build's
 * translations are used, each line in its own words and punctuation.
 * (The packaged Windows build's are checked by make test-windows.) */
static void
test_decode_zh_cn (void)
{
  g_autofree char *path = write_file ("mismatch-zh.log", log_mismatch, strlen (log_mismatch));
  const char *argv[] = { g_getenv ("KILN_CLI"), "decode-log", path, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  env = g_environ_unsetenv (env, "LC_ALL");
  env = g_environ_unsetenv (env, "LC_MESSAGES");
  env = g_environ_unsetenv (env, "LANG");
  env = g_environ_unsetenv (env, "KILN_LOCALEDIR");
  env = g_environ_setenv (env, "LANGUAGE", "zh_CN", TRUE);
  env = g_environ_setenv (env, "KILN_UNINSTALLED", "1", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiln_test_exit_status (status), ==, 0);
  assert_contains (out, "\n诊断：");
  assert_contains (out, "\n  解决办法：");
  assert_contains (out, "\n  可信度：高（原因：flash-map-mismatch）");
  g_assert_null (strstr (out, "Diagnosis:"));
}
#endif

static void
test_decode_transcript (void)
{
  g_auto(KilnTestRun) r = { 0 };
  g_autofree char *path = g_build_filename (g_getenv ("KILN_TRANSCRIPTS"),
                                            "esp32-bootlog-empty-flash.txt", NULL);

  cli (&r, NULL, "decode-log", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "rst:0x1 (POWERON_RESET),boot:0x12 (SPI_FAST_FLASH_BOOT)  → ");
  assert_contains (r.out, "Diagnosis: No bootloader in flash");
  assert_contains (r.out, "0x1000");
  /* A pasted log has no port: the command names one to fill in. */
  assert_contains (r.out, "  Next: with the board on the port, kiln-cli -p PORT inspect-flash "
                          "reads where the boot looks and says what the flash holds.\n");
}

/* A checksum the boot ROM found wrong is in the image Inspect Flash reads
 * whole: the command is offered.  One the second stage found wrong is in
 * the application, which it does not read: not offered.  The same for a
 * flash mode, when the ROM's loading shows it. */
static void
test_decode_checksum_hint (void)
{
  g_auto(KilnTestRun) rom = { 0 };
  g_auto(KilnTestRun) app = { 0 };

  cli (&rom, "ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x12 "
       "(SPI_FAST_FLASH_BOOT)\r\nmode:DIO, clock div:2\r\nload:0x3fff0000,len:48\r\n"
       "load:0x40078000,len:20480\r\ncsum err:0xeb!=0xef\r\n"
       "Falling back to built-in command interpreter.\r\nOK\r\n>", "decode-log", "-", NULL);
  g_assert_cmpint (rom.status, ==, 0);
  assert_contains (rom.out, "(cause: checksum-error)\n");
  assert_contains (rom.out, "  Next: with the board on the port, kiln-cli -p PORT inspect-flash ");

  cli (&app, "I (30) boot: ESP-IDF v5.1 2nd stage bootloader\r\n"
       "E (598) esp_image: Checksum failed. Calculated 0xcb read 0xe4\r\n", "decode-log", "-",
       NULL);
  g_assert_cmpint (app.status, ==, 0);
  assert_contains (app.out, "(cause: checksum-error)\n");
  g_assert_null (strstr (app.out, "inspect-flash"));

  /* Its segment headers wrong: the survey walks them, so it is offered. */
  {
    g_auto(KilnTestRun) headers = { 0 };

    cli (&headers, "I (30) boot: ESP-IDF v5.1 2nd stage bootloader\r\n"
         "E (74) esp_image: invalid segment length 0xffffffff\r\n", "decode-log", "-", NULL);
    assert_contains (headers.out, "Diagnosis: Corrupt image in flash\n");
    assert_contains (headers.out, "(cause: checksum-error)\n  Next: with the board on the port, "
                                  "kiln-cli -p PORT inspect-flash ");
  }

  /* The ROM reading nonsense after the first segment, on both families:
   * a flash mode, or a damaged image, which the survey tells apart. */
  {
    g_auto(KilnTestRun) esp8266 = { 0 };
    g_auto(KilnTestRun) esp32 = { 0 };
    g_auto(KilnTestRun) stage2 = { 0 };

    cli (&esp8266, " ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"
         "load 0x40100000, len 1328, room 16\r\ntail 0\r\nchksum 0xef\r\n"
         "load 0x00000000, len 0, room 8\r\ntail 0\r\nchksum 0xef\r\ncsum 0xef\r\n"
         "csum err\r\nets_main.c\r\n", "decode-log", "-", NULL);
    assert_contains (esp8266.out, "(cause: wrong-flash-mode)\n");
    assert_contains (esp8266.out, "  Next: with the board on the port, kiln-cli -p PORT "
                                  "inspect-flash ");
    cli (&esp32, "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x10 (RTCWDT_RTC_RESET),boot:0x13 "
         "(SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\nmode:QIO, clock div:1\r\n"
         "load:0x3fff0018,len:4\r\nload:0xffffffff,len:-1\r\n", "decode-log", "-", NULL);
    assert_contains (esp32.out, "(cause: wrong-flash-mode)\n");
    assert_contains (esp32.out, "  Next: with the board on the port, kiln-cli -p PORT "
                                "inspect-flash ");
    /* The second stage reading the table wrong in quad mode: the survey
     * reads in download mode and cannot see it. */
    cli (&stage2, "I (76) boot: SPI Mode       : QIO\r\n"
         "E (84) flash_parts: partition 0 invalid magic number 0x3333\r\n"
         "E (90) boot: Failed to verify partition table\r\n", "decode-log", "-", NULL);
    assert_contains (stage2.out, "(cause: wrong-flash-mode)\n");
    g_assert_null (strstr (stage2.out, "inspect-flash"));
  }
}

static void
test_decode_stdin (void)
{
  g_auto(KilnTestRun) r = { 0 };

  /* Seed 004, pasted. */
  cli (&r, "ets Jan  8 2013,rst cause:1, boot mode:(7,7)\nwaiting for host\n", "decode-log", "-",
       NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "waiting for host  → ");
  assert_contains (r.out, "Diagnosis: GPIO15 is high at reset");
  g_assert_null (strstr (r.out, "inspect-flash"));

  /* Piped in, a log is bytes: garbage at another baud rate holds 0x1A
   * (Ctrl-Z, where Windows' C runtime ends text input) as often as any
   * other byte, and the lines after it are read too. */
  {
    g_auto(KilnTestRun) r2 = { 0 };

    cli (&r2, "\x8c\x1a\xf0\x1a\x93\r\nets Jan  8 2013,rst cause:1, boot mode:(7,7)\r\n"
         "waiting for host\r\n", "decode-log", "-", NULL);
    g_assert_cmpint (r2.status, ==, 0);
    assert_contains (r2.out, "waiting for host  → ");
    assert_contains (r2.out, "Diagnosis: GPIO15 is high at reset");
  }

  /* No file at all reads standard input too. */
  {
    g_auto(KilnTestRun) r2 = { 0 };
    cli (&r2, "rf_cal[0] !=0x05,is 0xFF\n", "decode-log", NULL);
    g_assert_cmpint (r2.status, ==, 0);
    assert_contains (r2.out, "Diagnosis: RF init data missing");
  }
}

static void
test_decode_nothing (void)
{
  g_auto(KilnTestRun) r = { 0 };

  cli (&r, "hello\r\nworld\r\n", "decode-log", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* Every line comes out, marked when no pattern knows it. */
  assert_contains (r.out, "hello  (not recognised)\nworld  (not recognised)\n");
  assert_contains (r.out, "No boot messages recognised");

  {
    g_auto(KilnTestRun) r2 = { 0 };
    cli (&r2, "hello\r\nworld\r\n", "decode-log", "--all", NULL);
    assert_contains (r2.out, "hello  (not recognised)\nworld  (not recognised)\n");
  }
  /* A healthy boot: events, no problem. */
  {
    g_auto(KilnTestRun) r3 = { 0 };
    g_autofree char *path = g_build_filename (g_getenv ("KILN_TRANSCRIPTS"),
                                              "esp32-bootlog-idf-app.txt", NULL);
    cli (&r3, NULL, "decode-log", path, NULL);
    g_assert_cmpint (r3.status, ==, 0);
    assert_contains (r3.out, "entry 0x4008063c  → ");
    assert_contains (r3.out, "Roll: nan  (not recognised)\n");
    assert_contains (r3.out, "Note: An ordinary reset");
    assert_contains (r3.out, "No known problem found.");
    g_assert_null (strstr (r3.out, "Diagnosis:"));
  }
  /* An error line no rule knows is no "no known problem". */
  {
    g_auto(KilnTestRun) r4 = { 0 };
    cli (&r4, "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nentry 0x40080034\r\n"
         "E (512) mqtt: the broker refused the connection\r\n", "decode-log", NULL);
    g_assert_cmpint (r4.status, ==, 0);
    assert_contains (r4.out, "Diagnosis: Errors Kiln does not know");
    assert_contains (r4.out, "Confidence: low (cause: unknown)");
    g_assert_null (strstr (r4.out, "No known problem found."));
  }
}

static void
test_decode_wrong_baud (void)
{
  g_auto(KilnTestRun) r = { 0 };
  /* What a 74880-baud ROM log looks like at 115200 (see test-bootlog). */
  static const guint8 garbage[] = {
    0x72, 0x6c, 0x00, 0x6c, 0x9c, 0x9f, 0x7c, 0x00, 0x8c, 0x6c, 0xe0, 0x7c, 0x03, 0x0c, 0x0c,
    0x0c, 0x8c, 0x0c, 0x6c, 0xec, 0x0c, 0x62, 0x7c, 0x8f, 0x82, 0x03, 0xec, 0x12, 0x92, 0x72,
    0x92, 0x63, 0x8c, 0x0c, 0x62, 0x8c, 0xf2, 0x6f, 0x6f, 0x9e, 0x6c, 0x6e, 0x6e, 0x9c, 0xe3,
  };
  g_autofree char *path = write_file ("garbage.log", garbage, sizeof garbage);

  cli (&r, NULL, "decode-log", "--baud", "115200", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "74880");
  assert_contains (r.out, "Diagnosis: Output at another baud rate");
}

static void
test_decode_errors (void)
{
  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "decode-log", "/nonexistent/boot.log", NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "kiln-cli: ");
  }
  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "decode-log", "a.log", "b.log", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "decode-log", "--frobnicate", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "decode_log", "--help", NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "--expect-app");
  }
}

/* ------------------------------------------------------------------------ */
/* monitor and at, against sim:esp8266 and sim:esp32 */

/* A flash image for the virtual ESP8266: a one-segment v1 image at 0x0
 * whose header says flash map @map, an SDK user image's magic at 0x1000
 * (so the second stage speaks) and PHY init data at the end − 0x4000. */
static char *
esp8266_flash_file (const char *name,
                    guint       map,
                    gsize       size)
{
  g_autofree guint8 *flash = g_malloc (size);
  static const guint8 data[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
  guint8 chk = 0xEF;
  gsize off;

  memset (flash, 0xFF, size);
  flash[0] = 0xE9;
  flash[1] = 1;
  flash[2] = 0;                          /* QIO */
  flash[3] = (guint8) (map << 4);        /* 40 MHz */
  flash[4] = 0x04; flash[5] = 0x00; flash[6] = 0x10; flash[7] = 0x40;
  flash[8] = 0x00; flash[9] = 0x00; flash[10] = 0x10; flash[11] = 0x40;
  flash[12] = sizeof data; flash[13] = 0; flash[14] = 0; flash[15] = 0;
  memcpy (flash + 16, data, sizeof data);
  for (gsize i = 0; i < sizeof data; i++)
    chk ^= data[i];
  off = 16 + sizeof data;
  flash[off | 15] = chk;
  flash[0x1000] = 0xEA;
  flash[size - 0x4000] = 0x05;
  return write_file (name, flash, size);
}

static void
test_monitor_mismatch (void)
{
  g_auto(KilnTestRun) r = { 0 };
  g_autofree char *flash = esp8266_flash_file ("map2.bin", 2, 0x100000);
  g_autofree char *port = g_strdup_printf ("sim:esp8266?flash-file=%s&scenario=mismatch-map",
                                           flash);

  cli (&r, NULL, "-p", port, "monitor", "--timeout", "2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.err, "74880");
  assert_contains (r.out, "boot mode:(3,6)  → ");
  assert_contains (r.out, "SPI Flash Size & Map: 8Mbit(512KB+512KB)  → ");
  assert_contains (r.out, "mismatch map 5,spi_size_map 2  → ");
  assert_contains (r.out, "Diagnosis: Flash size setting does not match the firmware");
  assert_contains (r.out, "16Mbit-C1 (2MB-c1)");
}

static void
test_monitor_ready_and_raw (void)
{
  g_autofree char *flash = esp8266_flash_file ("good.bin", 2, 0x100000);
  /* Paced, the firmware says "ready" at 115200 a while after the ROM. */
  g_autofree char *port = g_strdup_printf ("sim:esp8266?flash-file=%s&pace=1", flash);

  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "-p", port, "monitor", "--timeout", "1", NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "jump to run user1 @ 1000  → ");
    assert_contains (r.out, "\nready  → The firmware is up");
    assert_contains (r.err, "115200");
    g_assert_null (strstr (r.out, "Diagnosis"));
  }
  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "-p", port, "monitor", "--raw", "--timeout", "1", NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n");
    /* The board's bytes as they came: no CR added before its LF, as
     * Windows' C runtime does to text output. */
    g_assert_null (strstr (r.out, "\r\r\n"));
    g_assert_null (strstr (r.out, "→"));
  }
}

/* Firmware whose console runs at 9600 (a sketch's Serial.begin): its
 * output reads neither at 115200 nor at the ROM's rate, so the monitor
 * restarts the board and listens at the other rates firmware uses until
 * it reads.  The same with the ROM at the application's 115200 (a 40 MHz
 * crystal), where garbage cannot be a restart of the ROM.  Named with
 * --app-baud, the rate is the user's and stays; at a rate none of the
 * usual ones reads, the search ends where it began; firmware at 115200 is
 * read at the first try. */
static void
test_monitor_finds_app_baud (void)
{
  g_autofree char *flash = esp8266_flash_file ("good9600.bin", 2, 0x100000);
  g_autofree char *at_9600 = g_strdup_printf ("sim:esp8266?flash-file=%s&pace=1&app-baud=9600",
                                              flash);
  g_autofree char *xtal40 = g_strdup_printf ("sim:esp8266?flash-file=%s&pace=1&app-baud=9600"
                                             "&xtal=40", flash);
  g_autofree char *at_115200 = g_strdup_printf ("sim:esp8266?flash-file=%s&pace=1", flash);
  const char *ports[] = { at_9600, xtal40 };

  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    {
      g_auto(KilnTestRun) r = { 0 };

      cli (&r, NULL, "-p", ports[i], "monitor", "--timeout", "8", NULL);
      g_assert_cmpint (r.status, ==, 0);
      assert_contains (r.err, "— Application, 9600 baud —");
      assert_contains (r.out, "\nready  → The firmware is up");
      g_assert_null (strstr (r.out, "Diagnosis: Output at another baud rate"));
    }
  {
    g_auto(KilnTestRun) r = { 0 };

    cli (&r, NULL, "-p", at_9600, "monitor", "--app-baud", "115200", "--timeout", "3", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_null (strstr (r.err, "9600"));
    g_assert_null (strstr (r.out, "ready  →"));
    assert_contains (r.out, "unreadable bytes");
  }
  /* A rate none of the usual ones reads: each is tried once, then the
   * monitor goes back to the one asked for and stays. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *at_1200 = g_strdup_printf ("sim:esp8266?flash-file=%s&pace=1"
                                                "&app-baud=1200&xtal=40", flash);
    const char *last;

    cli (&r, NULL, "-p", at_1200, "monitor", "--timeout", "26", NULL);
    g_assert_cmpint (r.status, ==, 0);
    last = strstr (r.err, "— Application, 921600 baud —");
    g_assert_nonnull (last);
    assert_contains (last, "— Application, 115200 baud —");
    g_assert_null (strstr (last, "Resetting the board"));
    g_assert_null (strstr (r.out, "ready  →"));
  }
  {
    g_auto(KilnTestRun) r = { 0 };
    const char *second;

    cli (&r, NULL, "-p", at_115200, "monitor", "--timeout", "2", NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "\nready  → The firmware is up");
    /* One reset: the one the monitor starts with. */
    second = strstr (r.err, "Resetting the board");
    g_assert_nonnull (second);
    g_assert_null (strstr (second + 1, "Resetting the board"));
  }
}

static void
test_monitor_esp32_auto_baud (void)
{
  g_auto(KilnTestRun) r = { 0 };

  /* The ROM talks at 115200: at 74880 that is garbage, so the monitor
   * resets once more at 115200 and reads it. */
  cli (&r, NULL, "-p", "sim:esp32", "monitor", "--timeout", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)  → ");
  assert_contains (r.out, "Diagnosis: No bootloader in flash");
  g_assert_null (strstr (r.out, "Diagnosis: Output at another baud rate"));

  /* Told the chip, it starts at 115200 straight away. */
  {
    g_auto(KilnTestRun) r2 = { 0 };
    cli (&r2, NULL, "-c", "esp32", "-p", "sim:esp32", "monitor", "--timeout", "0.5", NULL);
    g_assert_cmpint (r2.status, ==, 0);
    g_assert_null (strstr (r2.err, "74880"));
    assert_contains (r2.out, "invalid header: 0xffffffff  → ");
  }
}

/* POSIX only (tests/meson.build lists it): Ctrl+C reaches a Windows
 * console program through its console, not from a parent program. */
#ifdef G_OS_UNIX
static void
test_monitor_sigint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { g_getenv ("KILN_CLI"), "-p", "sim:esp32", "-c", "esp32", "monitor", NULL };

  proc = g_subprocess_newv (argv,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error);
  g_assert_no_error (error);
  g_usleep (500 * 1000);
  g_subprocess_send_signal (proc, SIGINT);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  /* Ctrl-C ends the monitor cleanly, after what it had seen. */
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  assert_contains (out, "ets Jul 29 2019 12:21:46  → ");
}
#endif

static void
test_monitor_errors (void)
{
  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "monitor", "--timeout", "1", NULL);
    g_assert_cmpint (r.status, ==, 2);
    assert_contains (r.err, "No port given");
  }
  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "-p", "sim:esp32", "monitor", "--baud", "fast", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
}

static void
test_at_gmr (void)
{
  g_autofree char *flash = esp8266_flash_file ("at.bin", 2, 0x100000);
  g_autofree char *port = g_strdup_printf ("sim:esp8266?flash-file=%s", flash);

  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "-p", port, "at", "AT+GMR", NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "AT version:    1.7.3.0 (Mar 19 2020 18:15:04)\n");
    assert_contains (r.out, "SDK version:   3.0.3 (8427744)\n");
    assert_contains (r.out, "Compiled:      Mar 24 2020 16:16:12\n");
    assert_contains (r.out, "Bin version:   3.0.3 (Wroom 02)\n");
  }
  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "-p", port, "at", "AT", "AT+NOSUCH", "AT", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_cmpstr (r.out, ==, "OK\nERROR\n");
    assert_contains (r.err, "AT+NOSUCH");
  }
  {
    g_auto(KilnTestRun) r = { 0 };
    cli (&r, NULL, "-p", port, "at", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
}

static void
test_at_esp32 (void)
{
  g_auto(KilnTestRun) r = { 0 };

  /* An ESP32 in download mode does not run AT firmware: no reply. */
  cli (&r, NULL, "-p", "sim:esp32", "at", "--no-reset", "--timeout", "0.3", "AT", NULL);
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "No reply to “AT”");
}

/* ------------------------------------------------------------------------ */
/* The monitor's API, as the GUI's Boot log tab uses it */

typedef struct
{
  GString   *phases;
  guint      raw_74880;
  guint      raw_115200;
  GPtrArray *events;
  GPtrArray *diagnoses;
} Seen;

static void
seen_raw (const guint8 *data,
          gsize         len,
          guint         baud,
          gpointer      user_data)
{
  Seen *seen = user_data;

  if (baud == 74880)
    seen->raw_74880 += (guint) len;
  else if (baud == 115200)
    seen->raw_115200 += (guint) len;
}

static void
seen_event (KilnBootEvent *event,
            gpointer       user_data)
{
  g_ptr_array_add (((Seen *) user_data)->events, kiln_boot_event_ref (event));
}

static void
seen_diagnosis (KilnBootDiagnosis *diagnosis,
                gpointer           user_data)
{
  g_ptr_array_add (((Seen *) user_data)->diagnoses, kiln_boot_diagnosis_ref (diagnosis));
}

static void
seen_phase (KilnMonitorPhase phase,
            guint            baud,
            gpointer         user_data)
{
  Seen *seen = user_data;
  static const char *const names[] = { "reset", "rom", "app" };

  g_string_append_printf (seen->phases, "%s%s@%u", seen->phases->len > 0 ? " " : "",
                          names[phase], baud);
}

static const KilnMonitorCallbacks seen_callbacks = {
  seen_raw, seen_event, seen_diagnosis, seen_phase,
};

static void
seen_init (Seen *seen)
{
  seen->phases = g_string_new (NULL);
  seen->events = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_event_unref);
  seen->diagnoses = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_diagnosis_unref);
}

static void
seen_clear (Seen *seen)
{
  g_string_free (seen->phases, TRUE);
  g_ptr_array_unref (seen->events);
  g_ptr_array_unref (seen->diagnoses);
}

static void
test_monitor_api (void)
{
  g_autofree char *flash = esp8266_flash_file ("api.bin", 2, 0x100000);
  g_autofree char *port = g_strdup_printf ("sim:esp8266?flash-file=%s&scenario=no-init-data",
                                           flash);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) transport = NULL;
  KilnMonitorOptions options;
  Seen seen = { 0 };
  gboolean found = FALSE;

  transport = kiln_transport_open (port, 115200, &error);
  g_assert_no_error (error);
  seen_init (&seen);
  kiln_monitor_options_init (&options);
  options.duration_ms = 800;
  options.flash_map = 2;
  g_assert_true (kiln_monitor_run (transport, &options, &seen_callbacks, &seen, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (seen.phases->str, ==, "reset@74880 rom@74880 app@115200");
  g_assert_cmpuint (seen.raw_74880, >, 100);
  for (guint i = 0; i < seen.events->len; i++)
    found |= ((KilnBootEvent *) g_ptr_array_index (seen.events, i))->kind
             == KILN_BOOT_EVENT_RF_CAL_ERROR;
  g_assert_true (found);
  g_assert_cmpuint (seen.diagnoses->len, ==, 1);
  g_assert_cmpint (((KilnBootDiagnosis *) g_ptr_array_index (seen.diagnoses, 0))->kind, ==,
                   KILN_BOOT_DIAG_INIT_DATA_MISSING);
  g_assert_nonnull (strstr (((KilnBootDiagnosis *) g_ptr_array_index (seen.diagnoses, 0))->fix,
                            "0xFC000"));
  seen_clear (&seen);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_monitor_api_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) transport = kiln_transport_open ("sim:esp32", 115200, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  KilnMonitorOptions options;
  GThread *thread;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  kiln_monitor_options_init (&options);
  options.chip = KILN_CHIP_ESP32;
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  /* Cancelling is the normal way to stop: TRUE, no error. */
  g_assert_true (kiln_monitor_run (transport, &options, NULL, NULL, cancellable, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_at_api (void)
{
  g_autofree char *flash = esp8266_flash_file ("at-api.bin", 2, 0x100000);
  g_autofree char *port = g_strdup_printf ("sim:esp8266?flash-file=%s", flash);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) transport = kiln_transport_open (port, 115200, &error);
  g_autofree char *reply = NULL;
  g_autoptr(KilnAtVersion) version = NULL;
  gboolean ready = FALSE;
  KilnAtStatus status = KILN_AT_PENDING;

  g_assert_no_error (error);
  g_assert_true (kiln_monitor_reset_to_flash (transport, NULL, &error));
  g_assert_true (kiln_at_wait_ready (transport, 3000, &ready, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ready);

  reply = kiln_at_command (transport, "AT+GMR", 2000, NULL, &error);
  g_assert_no_error (error);
  version = kiln_at_parse_gmr (reply, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version->at_version, ==, "1.7.3.0");
  g_clear_pointer (&reply, g_free);

  /* ERROR is a reply for _full, a failure for the plain call. */
  reply = kiln_at_command_full (transport, "AT+NOPE", 2000, &status, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, KILN_AT_ERROR);
  g_assert_cmpstr (reply, ==, "");
  g_clear_pointer (&reply, g_free);
  reply = kiln_at_command (transport, "AT+NOPE", 2000, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_FAILED);
  g_clear_error (&error);

  /* Held in download mode the board does not answer. */
  g_assert_true (kiln_transport_set_lines (transport, TRUE, FALSE, &error));
  g_assert_true (kiln_transport_set_lines (transport, FALSE, TRUE, &error));
  g_assert_true (kiln_transport_set_lines (transport, TRUE, FALSE, &error));
  g_usleep (50 * 1000);
  g_assert_true (kiln_transport_set_lines (transport, FALSE, FALSE, &error));
  reply = kiln_at_command (transport, "AT", 300, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  kiln_sim_register ();
  tmpdir = g_dir_make_tmp ("kiln-test-cli-log-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/kiln/cli-log/decode-file", test_decode_file);
  g_test_add_func ("/kiln/cli-log/decode-saved-text", test_decode_saved_text);
  g_test_add_func ("/kiln/cli-log/decode-transcript", test_decode_transcript);
  g_test_add_func ("/kiln/cli-log/decode-checksum-hint", test_decode_checksum_hint);
#ifdef G_OS_UNIX
  g_test_add_func ("/kiln/cli-log/decode-zh-cn", test_decode_zh_cn);
#endif
  g_test_add_func ("/kiln/cli-log/decode-stdin", test_decode_stdin);
  g_test_add_func ("/kiln/cli-log/decode-nothing", test_decode_nothing);
  g_test_add_func ("/kiln/cli-log/decode-wrong-baud", test_decode_wrong_baud);
  g_test_add_func ("/kiln/cli-log/decode-errors", test_decode_errors);
  g_test_add_func ("/kiln/cli-log/monitor-mismatch", test_monitor_mismatch);
  g_test_add_func ("/kiln/cli-log/monitor-ready-and-raw", test_monitor_ready_and_raw);
  g_test_add_func ("/kiln/cli-log/monitor-finds-app-baud", test_monitor_finds_app_baud);
  g_test_add_func ("/kiln/cli-log/monitor-esp32-auto-baud", test_monitor_esp32_auto_baud);
#ifdef G_OS_UNIX
  g_test_add_func ("/kiln/cli-log/monitor-sigint", test_monitor_sigint);
#endif
  g_test_add_func ("/kiln/cli-log/monitor-errors", test_monitor_errors);
  g_test_add_func ("/kiln/cli-log/monitor-api", test_monitor_api);
  g_test_add_func ("/kiln/cli-log/monitor-api-cancel", test_monitor_api_cancel);
  g_test_add_func ("/kiln/cli-log/at-api", test_at_api);
  g_test_add_func ("/kiln/cli-log/at-gmr", test_at_gmr);
  g_test_add_func ("/kiln/cli-log/at-esp32", test_at_esp32);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
    g_free (tmpdir);
  }
  return status;
}
