/* test-bootcheck.c: the boot check after a write.
 *
 * Against the virtual boards, as a user runs it: `kiln-cli write-flash
 * --check-boot` with the seed-000 AT layout (stand-ins for boot_v1.7.bin,
 * user1.2048.new.5.bin, esp_init_data_default_v08.bin and blank.bin) and
 * an ESP32 layout, good and broken: the wrong flash map, no init data, QIO
 * on a flash that only does DIO, an ESP32 bootloader at the wrong offset,
 * and a link without DTR/RTS.
 *
 * Against a scripted board (a transport that plays what a real board
 * prints after a reset, at the rates it prints them): what the check
 * recognises (MicroPython, ESP-IDF, NodeMCU), a crash right after the
 * start, a silent board, a board that never stops talking (the timeout)
 * and cancelling.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "kiln-core.h"
#include "kiln-sim.h"
#include "kiln-test-images.h"
#include "kiln-test-util.h"

static char *tmpdir;

/* ------------------------------------------------------------------------ */
/* The seed-000 AT files */

typedef struct
{
  char *boot;
  char *user1;
  char *init_data;
  char *blank;
} AtFiles;

static void
at_files_clear (AtFiles *f)
{
  g_free (f->boot);
  g_free (f->user1);
  g_free (f->init_data);
  g_free (f->blank);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AtFiles, at_files_clear)

/* boot_v1.7.bin is a v1 image (QIO, 512 KB, 40 MHz, patched by the
 * flasher); user1.2048.new.5.bin an SDK user image built for flash map 5,
 * which its header carries in byte 3 (0x50: map 5, 40 MHz) as esptool and
 * older gen_appbin write it; esp_init_data_default_v08.bin starts 05 08 04
 * 02 (protocol facts §11.2); blank.bin is 4 KiB of 0xFF. */
static void
at_files_make (AtFiles *f)
{
  g_autoptr(GBytes) boot = kiln_test_esp8266_v1_image (0x00, 0x00);
  g_autoptr(GBytes) random = kiln_test_random (8192, 1);
  g_autoptr(GByteArray) user1 = g_byte_array_new ();
  static const guint8 user1_header[] = { 0xEA, 0x04, 0x00, 0x50, 0x04, 0x00, 0x10, 0x40,
                                         0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00 };
  guint8 init_data[128] = { 0x05, 0x08, 0x04, 0x02 };
  guint8 blank[4096];
  g_autoptr(GBytes) user1_bytes = NULL;
  g_autoptr(GBytes) init_bytes = NULL;
  g_autoptr(GBytes) blank_bytes = NULL;

  g_byte_array_append (user1, user1_header, sizeof user1_header);
  g_byte_array_append (user1, g_bytes_get_data (random, NULL), 8192);
  user1_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&user1));
  init_bytes = g_bytes_new (init_data, sizeof init_data);
  memset (blank, 0xFF, sizeof blank);
  blank_bytes = g_bytes_new (blank, sizeof blank);
  f->boot = kiln_test_write_tmp (tmpdir, "boot_v1.7.bin", boot);
  f->user1 = kiln_test_write_tmp (tmpdir, "user1.2048.new.5.bin", user1_bytes);
  f->init_data = kiln_test_write_tmp (tmpdir, "esp_init_data_default_v08.bin", init_bytes);
  f->blank = kiln_test_write_tmp (tmpdir, "blank.bin", blank_bytes);
}

/* A virtual board of @chip whose flash is kept in the file @name, as a
 * board keeps what was written to it from one run to the next. */
static char *
board_port (const char *chip,
            const char *name,
            const char *extra)
{
  g_autofree char *flash = g_build_filename (tmpdir, name, NULL);

  return g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s%s", chip, flash, extra);
}

/* The same, with a new, erased flash. */
static char *
new_board_port (const char *chip,
                const char *name,
                const char *extra)
{
  g_autofree char *flash = g_build_filename (tmpdir, name, NULL);

  g_unlink (flash);
  return board_port (chip, name, extra);
}

/* A fresh virtual ESP8266 (4 MB, 26 MHz crystal) whose flash lives in a
 * file, so that the write and the boot check see the same board. */
static char *
esp8266_port (const char *name,
              const char *extra)
{
  return new_board_port ("esp8266", name, extra);
}

static void
test_esp8266_at_layout (void)
{
  g_auto(AtFiles) f = { 0 };

  at_files_make (&f);

  /* Seed 000 as it should be done: 16Mbit-C1. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp8266_port ("at-good.bin", "&at-version=1.7.3.0(Mar 19 2020 18:15:04)");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--flash-size", "16Mbit-C1",
                   "0x0", f.boot, "0x1000", f.user1, "0x1fc000", f.init_data, "0x1fe000", f.blank,
                   NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "Boot check: AT firmware answered: AT version 1.7.3.0, SDK 3.0.3\n");
    assert_contains (r.err, "checking that the firmware comes up");
  }
  /* The versions come from AT+GMR, not from a table. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp8266_port ("at-good2.bin", "&at-version=1.7.4.0(May 11 2020 19:13:04)");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--flash-size", "16Mbit-C1",
                   "0x0", f.boot, "0x1000", f.user1, "0x1fc000", f.init_data, "0x1fe000", f.blank,
                   NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "AT version 1.7.4.0, SDK 3.0.3");
  }
  /* Seed 000's mistake: user1 built for map 5, written with 32Mbit-C1. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp8266_port ("at-map6.bin", "");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--flash-size", "32Mbit-C1",
                   "0x0", f.boot, "0x1000", f.user1, "0x3fc000", f.init_data, "0x3fe000", f.blank,
                   NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.out, "Boot check failed: Flash size setting does not match the firmware\n");
    assert_contains (r.out, "built for flash map 5");
    assert_contains (r.out, "Fix: Write boot.bin at 0x0 again with flash size 16Mbit-C1 (2MB-c1)");
    assert_contains (r.out, "Seen in: mismatch map 5,spi_size_map 6");
    assert_contains (r.out, "Confidence: high (cause: flash-map-mismatch)\n");

    /* The next step it names, run as written: the flash's two headers say
     * the same. */
    {
      g_autofree char *quoted = g_shell_quote (port);
      g_autofree char *next = g_strdup_printf ("  Next: with the board on the port, kiln-cli -p %s "
                                               "inspect-flash reads where the boot looks", quoted);
      g_auto(KilnTestRun) inspect = { 0 };

      assert_contains (r.out, next);
      kiln_test_cli (&inspect, "-p", port, "inspect-flash", NULL);
      g_assert_cmpint (inspect.status, ==, 1);
      assert_contains (inspect.out, "Verdict: user1.bin was built for another flash map\n");
      assert_contains (inspect.out, "(cause: flash-map-mismatch)\n");
    }
  }
  /* No init data. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp8266_port ("at-noinit.bin", "");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--flash-size", "16Mbit-C1",
                   "0x0", f.boot, "0x1000", f.user1, "0x1fe000", f.blank, NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.out, "Boot check failed: RF init data missing\n");
    assert_contains (r.out, "Fix: Write esp_init_data_default.bin at 0x1FC000 and blank.bin at 0x1FE000");
  }
  /* user1.bin at 0x10000, as the second of two files (the corpus's log
   * 127): boot.bin finds nothing at 0x1000, and Inspect Flash finds it. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_auto(KilnTestRun) inspect = { 0 };
    g_autofree char *port = esp8266_port ("at-user1-high.bin", "");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--flash-size", "16Mbit-C1",
                   "0x0", f.boot, "0x10000", f.user1, "0x1fc000", f.init_data, "0x1fe000", f.blank,
                   NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.out, "Boot check failed: No application to start\n");
    assert_contains (r.out, "Seen in: jump to run user1 @ 1000\n");
    assert_contains (r.out, "blank.bin over the boot settings (two sectors above the init data)");
    assert_contains (r.out, "(cause: no-app-partition)\n");
    g_assert_null (strstr (r.out, "came up"));
    kiln_test_cli (&inspect, "-p", port, "inspect-flash", NULL);
    g_assert_cmpint (inspect.status, ==, 1);
    assert_contains (inspect.out, "Verdict: user1.bin is at 0x10000, not 0x1000\n");
    assert_contains (inspect.out, "Fix: Write user1.bin at 0x1000, with boot.bin at 0x0");
  }
}

/* QIO on a flash that only does DIO, then the fix. */
static void
test_esp8266_qio_on_dio_flash (void)
{
  g_auto(AtFiles) f = { 0 };
  g_autofree char *port = NULL;

  at_files_make (&f);
  port = esp8266_port ("at-dio.bin", "&flash-io=dio");
  {
    g_auto(KilnTestRun) r = { 0 };

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--flash-size", "16Mbit-C1",
                   "--flash-mode", "qio", "0x0", f.boot, "0x1000", f.user1, "0x1fc000",
                   f.init_data, "0x1fe000", f.blank, NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.out, "Boot check failed: Flash mode the flash cannot do\n");
    assert_contains (r.out, "Fix: Write the firmware again with flash mode DIO");
    assert_contains (r.out, "Seen in: load 0x00000000, len 0");
    /* The image the ROM loads was just written and verified: Inspect
     * Flash, which would read it back whole, cannot tell more. */
    g_assert_null (strstr (r.out, "inspect-flash"));
  }
  {
    g_auto(KilnTestRun) r = { 0 };

    /* Unverified, the same failure may be a damaged image: it is offered. */
    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--no-verify", "--flash-size",
                   "16Mbit-C1", "--flash-mode", "qio", "0x0", f.boot, "0x1000", f.user1,
                   "0x1fc000", f.init_data, "0x1fe000", f.blank, NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.out, "Boot check failed: Flash mode the flash cannot do\n");
    assert_contains (r.out, "  Next: with the board on the port, kiln-cli -p ");
  }
  {
    g_auto(KilnTestRun) r = { 0 };

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--flash-size", "16Mbit-C1",
                   "--flash-mode", "dio", "0x0", f.boot, NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Boot check: AT firmware answered: AT version");
  }
}

/* ESP32: bootloader at 0x1000, partition table, application. */
static void
esp32_files (char **boot,
             char **app)
{
  g_autoptr(GBytes) b = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER,
                                               2, 0x20, 0, 0);
  g_autoptr(GBytes) a = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP,
                                               2, 0x20, 0, 0);

  *boot = kiln_test_write_tmp (tmpdir, "bootloader.bin", b);
  *app = kiln_test_write_tmp (tmpdir, "app.bin", a);
}

static char *
esp32_port (const char *name,
            const char *extra)
{
  return new_board_port ("esp32", name, extra);
}

static void
test_esp32_layouts (void)
{
  g_autofree char *boot = NULL;
  g_autofree char *app = NULL;

  esp32_files (&boot, &app);
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp32_port ("esp32-good.bin", "");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "0x1000", boot, "0x10000", app,
                   NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Boot check: AT firmware answered: AT version 2.2.0.0");
  }
  /* The ESP8266's habit: the bootloader at 0x0 (written with --force past
   * the image check).  One of a real bootloader's size (20 KiB) reaches
   * past 0x1000, where the ROM then reads its middle. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp32_port ("esp32-offset.bin", "");
    g_autoptr(GBytes) sized = kiln_test_esp32_bootloader_sized (KILN_TEST_CHIP_ESP32, 0x5000);
    g_autofree char *big = kiln_test_write_tmp (tmpdir, "bootloader-20k.bin", sized);

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--force", "0x0", big,
                   "0x10000", app, NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.out, "Boot check failed: Something other than a bootloader at the "
                     "bootloader offset\n");
    assert_contains (r.out, "the bootloader itself written at 0x0");
    assert_contains (r.out, "Write the bootloader built for this chip at 0x1000");
    assert_contains (r.out, "Seen in: invalid header: 0x");
  }
  /* Only the application written: nothing at 0x1000. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp32_port ("esp32-app-only.bin", "");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "0x10000", app, NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.out, "Boot check failed: No bootloader in flash\n");
    assert_contains (r.out, "only the application was written");
    assert_contains (r.out, "the bootloader at 0x1000");
    assert_contains (r.out, "Seen in: invalid header: 0xffffffff");
  }
  /* QIO on a DIO-only flash. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp32_port ("esp32-dio.bin", "&flash-io=dio");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "--flash-mode", "qio",
                   "0x1000", boot, "0x10000", app, NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.out, "Boot check failed: Flash mode the flash cannot do\n");
    assert_contains (r.out, "Seen in: load:0xffffffff,len:-1");
  }
}

/* ESP-AT on the newer chips answers AT+GMR with its own versions, and the
 * check names them; on a chip ESP-AT has no release for, AT+GMR gets
 * ERROR and the check says only that the firmware said "ready". */
static void
test_esp_at_family_versions (void)
{
  static const struct
  {
    const char *chip;
    int         image_chip;
    const char *boot_at;
    const char *want;
  } boards[] = {
    { "esp32s2", KILN_TEST_CHIP_ESP32S2, "0x1000",
      "Boot check: AT firmware answered: AT version 3.4.0.0-dev, SDK v5.0.6-dirty\n" },
    { "esp32c3", KILN_TEST_CHIP_ESP32C3, "0x0",
      "Boot check: AT firmware answered: AT version 3.3.0.0, SDK v5.0.6-dirty\n" },
    { "esp32c6", KILN_TEST_CHIP_ESP32C6, "0x0",
      "Boot check: AT firmware answered: AT version 4.0.0.0, SDK v5.1.2-dirty\n" },
    { "esp32c2", KILN_TEST_CHIP_ESP32C2, "0x0",
      "Boot check: AT firmware answered: AT version 3.3.0.0, SDK v5.0.6-dirty\n" },
    { "esp32s3", KILN_TEST_CHIP_ESP32S3, "0x0", "Boot check: AT firmware said “ready”\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (boards); i++)
    {
      g_auto(KilnTestRun) r = { 0 };
      g_autoptr(GBytes) b = kiln_test_esp32_image (boards[i].image_chip,
                                                   KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 0, 0);
      g_autoptr(GBytes) a = kiln_test_esp32_image (boards[i].image_chip, KILN_TEST_IMAGE_APP,
                                                   2, 0x20, 0, 0);
      g_autofree char *boot_name = g_strconcat (boards[i].chip, "-bootloader.bin", NULL);
      g_autofree char *app_name = g_strconcat (boards[i].chip, "-app.bin", NULL);
      g_autofree char *flash_name = g_strconcat (boards[i].chip, "-at.bin", NULL);
      g_autofree char *boot = kiln_test_write_tmp (tmpdir, boot_name, b);
      g_autofree char *app = kiln_test_write_tmp (tmpdir, app_name, a);
      g_autofree char *port = new_board_port (boards[i].chip, flash_name, "");

      kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", boards[i].boot_at, boot,
                     "0x10000", app, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.out, ==, boards[i].want);
      /* The reply itself ends as a real one does: with OK after the
       * versions (kiln-cli lays them out), or with ERROR at once where
       * there are none. */
      kiln_test_cli (&r, "-p", port, "at", "--timeout", "2", "AT+GMR", NULL);
      if (strstr (boards[i].want, "answered") != NULL)
        {
          g_assert_cmpint (r.status, ==, 0);
          assert_contains (r.out, "\nBin version:   v");
        }
      else
        {
          g_assert_cmpint (r.status, !=, 0);
          assert_contains (r.out, "ERROR");
        }
    }
}

/* ESP-AT as Espressif builds it for the ESP32 family, on virtual boards:
 * the log names UART1 and its pins, and this port answers nothing.  The
 * check says where the commands go and does not send AT+GMR here. */
static void
test_esp_at_uart1 (void)
{
  g_autofree char *boot = NULL;
  g_autofree char *app = NULL;

  esp32_files (&boot, &app);
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp32_port ("esp32-at-uart1.bin", "&at-port=uart1");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "0x1000", boot, "0x10000", app,
                   NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Boot check: ESP-AT started; it takes AT commands on UART1\n"
                            "  This port shows only its log. To send it AT commands, connect a "
                            "serial adapter to UART1 at 115200 baud: the adapter's RX to GPIO17 "
                            "(the chip's TX), its TX to GPIO16 (the chip's RX), and GND.\n");
  }
  /* Nothing answers "AT" on this port, as on a real board. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = board_port ("esp32", "esp32-at-uart1.bin", "&at-port=uart1");

    kiln_test_cli (&r, "-p", port, "at", "--timeout", "1", "AT", NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "No reply to “AT”");
  }
  /* The same firmware with its commands on this port answers them. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = esp32_port ("esp32-at-uart0.bin", "&at-port=uart0");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "0x1000", boot, "0x10000", app,
                   NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Boot check: AT firmware answered: AT version 2.2.0.0");
  }
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autofree char *port = board_port ("esp32", "esp32-at-uart0.bin", "&at-port=uart0");

    kiln_test_cli (&r, "-p", port, "at", "--timeout", "1", "AT", NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "OK");
  }
  /* An ESP32-C3's ESP-AT names its own pins. */
  {
    g_auto(KilnTestRun) r = { 0 };
    g_autoptr(GBytes) b = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32C3, KILN_TEST_IMAGE_BOOTLOADER,
                                                 2, 0x20, 0, 0);
    g_autoptr(GBytes) a = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32C3, KILN_TEST_IMAGE_APP,
                                                 2, 0x20, 0, 0);
    g_autofree char *c3_boot = kiln_test_write_tmp (tmpdir, "c3-bootloader.bin", b);
    g_autofree char *c3_app = kiln_test_write_tmp (tmpdir, "c3-app.bin", a);
    g_autofree char *port = new_board_port ("esp32c3", "esp32c3-at-uart1.bin", "&at-port=uart1");

    kiln_test_cli (&r, "-p", port, "write-flash", "--check-boot", "0x0", c3_boot, "0x10000",
                   c3_app, NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Boot check: ESP-AT started; it takes AT commands on UART1\n");
    assert_contains (r.out, "the adapter's RX to GPIO7 (the chip's TX), its TX to GPIO6");
  }
  /* The ESP8266's AT firmware has one UART for both. */
  {
    g_auto(KilnTestRun) r = { 0 };

    kiln_test_cli (&r, "-p", "sim:esp8266?at-port=uart1", "chip-id", NULL);
    g_assert_cmpint (r.status, !=, 0);
    assert_contains (r.err, "this chip's AT firmware takes its commands on uart0 only");
  }
}

/* Over socket:// there is no DTR/RTS: said, and the write still counts. */
static void
test_no_modem_lines (void)
{
  g_autoptr(GSubprocess) sim = NULL;
  g_autofree char *port = NULL;
  g_autofree char *boot = NULL;
  g_autofree char *app = NULL;
  g_auto(KilnTestRun) r = { 0 };

  esp32_files (&boot, &app);
  port = kiln_test_start_sim (&sim, "--chip", "esp32", NULL);

  kiln_test_cli (&r, "-p", port, "--before", "no-reset", "write-flash", "--check-boot",
                 "0x1000", boot, NULL);
  g_subprocess_force_exit (sim);
  g_subprocess_wait (sim, NULL, NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Boot not checked: this link has no DTR/RTS lines");
}

/* ------------------------------------------------------------------------ */
/* A scripted board */

typedef struct
{
  guint       delay_ms;   /* after the reset */
  guint       baud;
  const char *text;
} Chunk;

typedef struct
{
  KilnTransport  parent;
  const Chunk   *script;
  guint          n_chunks;
  gboolean       endless;      /* repeat the last chunk every 20 ms forever */
  const char    *at_reply;     /* answer to AT+GMR, NULL: none */
  GByteArray    *queue;        /* bytes ready, at the board's rate */
  gint64         released;     /* when EN went high, µs; 0: not yet */
  guint          next;
  gint64         last_endless;
  gboolean       en_low;
  GString       *written;
} Scripted;

static void
scripted_pump (Scripted *s)
{
  gint64 now = g_get_monotonic_time ();

  if (s->released == 0)
    return;
  while (s->next < s->n_chunks
         && now >= s->released + (gint64) s->script[s->next].delay_ms * 1000)
    {
      const Chunk *c = &s->script[s->next++];
      gsize len = strlen (c->text);

      /* Heard at another rate, text turns into bytes that are no text. */
      for (gsize i = 0; i < len; i++)
        {
          guint8 b = (guint8) c->text[i];
          if (c->baud != s->parent.baud)
            b = (guint8) (0x80 | (b * 7));
          g_byte_array_append (s->queue, &b, 1);
        }
    }
  if (s->endless && s->next == s->n_chunks && now - s->last_endless > 20 * 1000)
    {
      const char *line = "I (100) app: still here\r\n";
      s->last_endless = now;
      g_byte_array_append (s->queue, (const guint8 *) line, strlen (line));
    }
}

static gboolean
scripted_read (KilnTransport  *self,
               guint8         *buf,
               gsize           len,
               gsize          *n_read,
               guint           timeout_ms,
               GError        **error)
{
  Scripted *s = (Scripted *) self;
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  *n_read = 0;
  for (;;)
    {
      scripted_pump (s);
      if (s->queue->len > 0)
        {
          *n_read = MIN (len, s->queue->len);
          memcpy (buf, s->queue->data, *n_read);
          g_byte_array_remove_range (s->queue, 0, (guint) *n_read);
          return TRUE;
        }
      if (g_get_monotonic_time () >= end)
        return TRUE;
      g_usleep (2000);
    }
}

static gboolean
scripted_write (KilnTransport  *self,
                const guint8   *buf,
                gsize           len,
                GError        **error)
{
  Scripted *s = (Scripted *) self;

  g_string_append_len (s->written, (const char *) buf, (gssize) len);
  if (s->at_reply != NULL && strstr (s->written->str, "AT+GMR\r\n") != NULL)
    {
      g_byte_array_append (s->queue, (const guint8 *) "AT+GMR\r\r\n", 9);
      g_byte_array_append (s->queue, (const guint8 *) s->at_reply, strlen (s->at_reply));
      g_string_truncate (s->written, 0);
    }
  return TRUE;
}

static gboolean
scripted_set_baud (KilnTransport  *self,
                   guint           baud,
                   GError        **error)
{
  return TRUE;
}

/* EN low while RTS is asserted without DTR; rising EN restarts the board. */
static gboolean
scripted_set_lines (KilnTransport  *self,
                    gboolean        dtr,
                    gboolean        rts,
                    GError        **error)
{
  Scripted *s = (Scripted *) self;
  gboolean en_low = rts && !dtr;

  if (s->en_low && !en_low)
    {
      s->released = g_get_monotonic_time ();
      s->next = 0;
      g_byte_array_set_size (s->queue, 0);
    }
  s->en_low = en_low;
  return TRUE;
}

static gboolean
scripted_flush (KilnTransport  *self,
                GError        **error)
{
  g_byte_array_set_size (((Scripted *) self)->queue, 0);
  return TRUE;
}

static void
scripted_free (KilnTransport *self)
{
  Scripted *s = (Scripted *) self;

  g_byte_array_unref (s->queue);
  g_string_free (s->written, TRUE);
  g_free (s);
}

static const KilnTransportOps scripted_ops = {
  "scripted", scripted_read, scripted_write, scripted_set_baud, scripted_set_lines,
  scripted_flush, scripted_free,
};

static KilnTransport *
scripted_new (const Chunk *script,
              guint        n_chunks)
{
  Scripted *s = g_new0 (Scripted, 1);

  kiln_transport_init (&s->parent, &scripted_ops, KILN_TRANSPORT_SERIAL, "scripted", 115200);
  s->script = script;
  s->n_chunks = n_chunks;
  s->queue = g_byte_array_new ();
  s->written = g_string_new (NULL);
  return &s->parent;
}

#define ESP32_ROM \
  "ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" \
  "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\nload:0x3fff0030,len:6276\r\n" \
  "entry 0x4008063c\r\n"
#define ESP8266_ROM \
  "\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\nload 0x4010f000, len 3584, room 16 " \
  "\r\ntail 0\r\nchksum 0xb0\r\ncsum 0xb0\r\nv2843a5ac\r\n~ld\r\n"

static KilnBootCheck *
check_script (KilnTransport *transport,
              KilnChipId     chip,
              guint          xtal,
              guint          timeout_ms)
{
  KilnBootCheckOptions options;
  g_autoptr(GError) error = NULL;
  KilnBootCheck *check;

  kiln_boot_check_options_init (&options);
  options.chip = chip;
  options.xtal_mhz = xtal;
  options.timeout_ms = timeout_ms;
  check = kiln_boot_check_run (transport, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  return check;
}

static void
test_recognised (void)
{
  /* MicroPython on an ESP32: banner, then the prompt. */
  {
    static const Chunk script[] = {
      { 10, 115200, ESP32_ROM },
      { 200, 115200, "MicroPython v1.22.2 on 2024-02-22; Generic ESP32 module with ESP32\r\n"
                     "Type \"help()\" for more information.\r\n>>> " },
    };
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(KilnBootCheck) check = check_script (t, KILN_CHIP_ESP32, 40, 8000);

    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_UP);
    g_assert_cmpstr (check->firmware, ==, "MicroPython");
    g_assert_cmpstr (check->summary, ==, "MicroPython REPL prompt");
    assert_contains (check->log, "rst:0x1 (POWERON_RESET)");
  }
  /* An ESP-IDF application. */
  {
    static const Chunk script[] = {
      { 10, 115200, ESP32_ROM },
      { 100, 115200, "I (29) boot: ESP-IDF v5.4 2nd stage bootloader\r\n"
                     "I (380) main_task: Started on CPU0\r\n"
                     "I (390) main_task: Calling app_main()\r\nhello\r\n" },
    };
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(KilnBootCheck) check = check_script (t, KILN_CHIP_ESP32, 40, 8000);

    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_UP);
    g_assert_cmpstr (check->summary, ==, "ESP-IDF app started");
  }
  /* ESP-AT on an ESP32-C3: its log on this port, its AT commands on
   * UART1, which the check names instead of asking this port for AT+GMR. */
  {
    static const Chunk script[] = {
      { 10, 115200, "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
                    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\nentry 0x403ce000\r\n" },
      { 100, 115200, "I (30) boot: ESP-IDF v5.0 2nd stage bootloader\r\n"
                     "I (383) boot: Disabling RNG early entropy source...\r\nat param mode: 1\r\n"
                     "AT cmd port:uart1 tx:7 rx:6 cts:5 rts:4 baudrate:115200\r\n"
                     "module_name: ESP32C3-MINI-1\r\n" },
    };
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(KilnBootCheck) check = NULL;

    ((Scripted *) t)->at_reply = "AT version:3.2.0.0\r\nOK\r\n";
    check = check_script (t, KILN_CHIP_ESP32C3, 40, 8000);
    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_UP);
    g_assert_cmpstr (check->firmware, ==, "ESP-AT");
    g_assert_cmpstr (check->summary, ==,
                     "ESP-AT started; it takes AT commands on UART1");
    g_assert_cmpstr (check->detail, ==,
                     "This port shows only its log. To send it AT commands, connect a serial "
                     "adapter to UART1 at 115200 baud: the adapter's RX to GPIO7 (the chip's TX), "
                     "its TX to GPIO6 (the chip's RX), and GND.");
    g_assert_null (strstr (((Scripted *) t)->written->str, "AT+GMR"));
  }
  /* ESP-AT that takes its commands on this port is asked. */
  {
    static const Chunk script[] = {
      { 10, 115200, ESP32_ROM },
      { 100, 115200, "at param mode: 1\r\nAT cmd port:uart0 tx:1 rx:3 cts:0 rts:0 "
                     "baudrate:115200\r\n" },
    };
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(KilnBootCheck) check = NULL;

    ((Scripted *) t)->at_reply = "AT version:2.4.0.0(4c6eb5e - ESP32 - May 20 2022 03:12:58)\r\n"
                                 "SDK version:qa-test-v4.3.3-20220423\r\nOK\r\n";
    check = check_script (t, KILN_CHIP_ESP32, 40, 8000);
    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_UP);
    g_assert_cmpstr (check->firmware, ==, "ESP-AT");
    assert_contains (check->summary, "AT firmware answered: AT version 2.4.0.0");
    g_assert_null (check->detail);
  }
  /* NodeMCU on an ESP8266: the ROM at 74880, the firmware at 115200. */
  {
    static const Chunk script[] = {
      { 10, 74880, ESP8266_ROM },
      { 300, 115200, "\r\nNodeMCU 3.0.0.0 built on nodemcu-build.com\r\n"
                     "lua: cannot open init.lua\r\n> " },
    };
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(KilnBootCheck) check = check_script (t, KILN_CHIP_ESP8266, 26, 8000);

    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_UP);
    g_assert_cmpstr (check->summary, ==, "NodeMCU started");
  }
}

static void
test_failures (void)
{
  /* Up, then a crash right away: the crash is the verdict. */
  {
    static const Chunk script[] = {
      { 10, 115200, ESP32_ROM },
      { 100, 115200, "I (390) main_task: Calling app_main()\r\n"
                     "Guru Meditation Error: Core  0 panic'ed (LoadProhibited). Exception was "
                     "unhandled.\r\n" },
    };
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(KilnBootCheck) check = check_script (t, KILN_CHIP_ESP32, 40, 8000);

    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_FAILED);
    g_assert_cmpstr (check->summary, ==, "The firmware crashed");
    g_assert_cmpstr (check->diagnosis->cause, ==, "app-crash");
  }
  /* A board that prints nothing at all. */
  {
    g_autoptr(KilnTransport) t = scripted_new (NULL, 0);
    g_autoptr(KilnBootCheck) check = check_script (t, KILN_CHIP_ESP32, 40, 1500);

    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_FAILED);
    assert_contains (check->summary, "printed nothing");
  }
  /* Through an S3's own USB: the ROM hands over and then silence.  The
   * firmware prints on UART0, so the check cannot tell, and says why. */
  {
    static const Chunk script[] = {
      { 10, 115200, "ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                    "rst:0x15 (USB_UART_CHIP_RESET),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                    "Saved PC:0x4202127a\r\nSPIWP:0xee\r\nmode:DIO, clock div:1\r\n"
                    "load:0x3fce3808,len:0x44c\r\nload:0x403c9700,len:0xbe4\r\n"
                    "entry 0x403c98d4\r\n" },
    };
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(KilnBootCheck) check = check_script (t, KILN_CHIP_ESP32S3, 40, 8000);

    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_UNKNOWN);
    g_assert_cmpstr (check->summary, ==, "The firmware prints somewhere else");
    g_assert_cmpstr (check->diagnosis->cause, ==, "wrong-board-settings");
    assert_contains (check->diagnosis->fix, "USB CDC On Boot");
  }
  /* A sketch that prints what no rule knows. */
  {
    static const Chunk script[] = {
      { 10, 74880, ESP8266_ROM },
      { 300, 115200, "Temperature: 21.5\r\n" },
    };
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(KilnBootCheck) check = check_script (t, KILN_CHIP_ESP8266, 26, 8000);

    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_UNKNOWN);
    assert_contains (check->log, "Temperature: 21.5");
  }
}

/* A board that never stops talking ends with the timeout; the check
 * stops promptly when cancelled. */
static void
test_bounded (void)
{
  static const Chunk script[] = { { 10, 115200, "chatter\r\n" } };

  {
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(KilnBootCheck) check = NULL;
    gint64 start = g_get_monotonic_time ();

    ((Scripted *) t)->endless = TRUE;
    check = check_script (t, KILN_CHIP_ESP32, 40, 1000);
    /* The limit is one second; anything near it is the timeout at work. */
    g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
    g_assert_cmpint (check->status, ==, KILN_BOOT_CHECK_UNKNOWN);
  }
  {
    g_autoptr(KilnTransport) t = scripted_new (script, G_N_ELEMENTS (script));
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    KilnBootCheckOptions options;
    KilnBootCheck *check;

    ((Scripted *) t)->endless = TRUE;
    kiln_boot_check_options_init (&options);
    options.chip = KILN_CHIP_ESP32;
    options.timeout_ms = 60000;
    g_cancellable_cancel (cancellable);
    check = kiln_boot_check_run (t, &options, cancellable, &error);
    g_assert_null (check);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  kiln_sim_register ();
  tmpdir = kiln_test_tmpdir ();
  g_test_add_func ("/kiln/bootcheck/esp8266-at-layout", test_esp8266_at_layout);
  g_test_add_func ("/kiln/bootcheck/esp8266-qio-on-dio-flash", test_esp8266_qio_on_dio_flash);
  g_test_add_func ("/kiln/bootcheck/esp32-layouts", test_esp32_layouts);
  g_test_add_func ("/kiln/bootcheck/esp-at-uart1", test_esp_at_uart1);
  g_test_add_func ("/kiln/bootcheck/esp-at-family-versions", test_esp_at_family_versions);
  g_test_add_func ("/kiln/bootcheck/no-modem-lines", test_no_modem_lines);
  g_test_add_func ("/kiln/bootcheck/recognised", test_recognised);
  g_test_add_func ("/kiln/bootcheck/failures", test_failures);
  g_test_add_func ("/kiln/bootcheck/bounded", test_bounded);
  status = g_test_run ();
  kiln_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
