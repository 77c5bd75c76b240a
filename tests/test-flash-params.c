/* test-flash-params.c: the loader is told the flash the user chose, the
 * ROM attaches the pins the eFuses name, and requests fit what the ROMs
 * accept; the virtual boards refuse the rest as the silicon does.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <string.h>

#include "kiln-test-images.h"
#include "kiln-test-util.h"

#define MiB (1024 * 1024)

typedef struct
{
  char   *dir;
  char   *flash;
  GBytes *before;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = kiln_test_tmpdir ();
  f->before = kiln_test_random (GPOINTER_TO_UINT (data) * MiB, 41);
  f->flash = kiln_test_write_tmp (f->dir, "flash.bin", f->before);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kiln_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->flash);
  g_bytes_unref (f->before);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” does not contain “%s”", text, needle);
}

static void
assert_unchanged (Fixture *f)
{
  g_autoptr(GBytes) now = kiln_test_read_file (f->flash);
  g_assert_true (g_bytes_equal (now, f->before));
}

/* A flash that does not say its size (JEDEC capacity byte 0): the ESP32
 * ROM believes 2 MB until told otherwise. */
static void
test_size_unknown (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (64 * 1024, 42);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autofree char *back = g_build_filename (f->dir, "back.bin", NULL);
  g_autofree char *port = g_strdup_printf ("sim:esp32?flash=4MB&jedec=ef4000&flash-file=%s",
                                           f->flash);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) read = NULL;

  /* Refused before anything is sent, with what to do. */
  kiln_test_cli (&run, "-p", port, "write-flash", "0x300000", path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 1);
  assert_has (run.err, "The flash did not report its size (JEDEC id 0x0040ef), so the loader "
                       "assumes 2 MiB and would refuse app.bin at 0x300000. Choose the flash size "
                       "(for example -s 4MB, or Flash Size in the app).");
  assert_unchanged (f);

  /* The user's size goes to the ROM (SPI_SET_PARAMS): without it the
   * virtual ROM would refuse the FLASH_BEGIN. */
  kiln_test_cli (&run, "-p", port, "write-flash", "-s", "4MB", "0x300000", path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "Flash size for the loader: 4 MiB (the chosen flash size).");
  after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->before, 0x300000, app);

  /* Reading there too. */
  kiln_test_cli (&run, "-p", port, "read-flash", "0x300000", "0x10000", back, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_has (run.err, "would refuse the read at 0x300000");
  kiln_test_cli (&run, "-p", port, "read-flash", "-s", "4MB", "0x300000", "0x10000", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_true (g_bytes_equal (read, app));
}

/* With no size given, the boot loader's header says it. */
static void
test_size_from_header (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  /* 0x20: 4 MB at 40 MHz. */
  g_autoptr(GBytes) boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER,
                                                   2, 0x20, 0, 0);
  g_autoptr(GBytes) data_part = kiln_test_random (8192, 43);
  g_autofree char *pb = kiln_test_write_tmp (f->dir, "bootloader.bin", boot);
  g_autofree char *pd = kiln_test_write_tmp (f->dir, "storage.bin", data_part);
  g_autofree char *port = g_strdup_printf ("sim:esp32?flash=4MB&jedec=ef4000&flash-file=%s",
                                           f->flash);
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", port, "write-flash", "0x1000", pb, "0x3F0000", pd, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "Flash size for the loader: 4 MiB (from the boot loader's header; the "
                       "flash does not say).");
  after = kiln_test_read_file (f->flash);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (after, NULL) + 0x3F0000, 8192,
                   g_bytes_get_data (data_part, NULL), 8192);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (after, NULL) + 0x1000,
                   g_bytes_get_size (boot), g_bytes_get_data (boot, NULL),
                   g_bytes_get_size (boot));
}

/* In-package or custom-wired flash (ESP32-PICO-D4 style): the ROM must be
 * given the eFuse pins, or it finds no flash at all. */
static void
test_spi_pads (Fixture       *f,
               gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (100000, 44);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autofree char *back = g_build_filename (f->dir, "back.bin", NULL);
  g_autofree char *port = g_strdup_printf ("sim:esp32?flash=4MB&spi-pads=6,17,8,16,11&"
                                           "flash-file=%s", f->flash);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) read = NULL;

  kiln_test_cli (&run, "-p", port, "flash-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "The flash is on the pins the eFuses name (CLK 6, Q 17, D 8, CS 16, "
                       "HD 11).");
  assert_has (run.out, "Detected flash size: 4 MiB");
  kiln_test_cli (&run, "-p", port, "write-flash", "0x20000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->before, 0x20000, app);
  kiln_test_cli (&run, "-p", port, "read-flash", "0x20000", "100000", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_true (g_bytes_equal (read, app));
}

/* The ROMs erase from a sector boundary or not at all: a region that does
 * not start on one is written through whole sectors, its neighbours kept. */
static void
test_unaligned (Fixture       *f,
                gconstpointer  data)
{
  static const char *const chips[] = { "esp8266", "esp32" };

  for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
    {
      g_auto(KilnTestRun) run = { 0 };
      g_autoptr(GBytes) part = kiln_test_random (3000, 45 + i);
      g_autofree char *path = kiln_test_write_tmp (f->dir, "part.bin", part);
      g_autofree char *port = g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s", chips[i],
                                               f->flash);
      g_autoptr(GBytes) after = NULL;

      g_assert_true (g_file_set_contents (f->flash, g_bytes_get_data (f->before, NULL),
                                          (gssize) g_bytes_get_size (f->before), NULL));
      kiln_test_cli (&run, "-p", port, "--no-stub", "write-flash", "0x10802", path, NULL);
      g_test_message ("%s: %s", chips[i], run.err);
      g_assert_cmpint (run.status, ==, 0);
      after = kiln_test_read_file (f->flash);
      kiln_test_assert_flash (after, f->before, 0x10802, part);
    }
}

/* The ESP8266 ROM has no SPI_SET_PARAMS and stops at 4 MB. */
static void
test_esp8266_rom_reach (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) part = kiln_test_random (4096, 47);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "part.bin", part);
  g_autofree char *port = g_strdup_printf ("sim:esp8266?flash=8MB&flash-file=%s", f->flash);

  kiln_test_cli (&run, "-p", port, "--no-stub", "write-flash", "0x500000", path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 1);
  assert_has (run.err, "The ESP8266 ROM loader reaches only the first 4 MiB of flash, and "
                       "part.bin at 0x500000 goes beyond. That needs a flasher stub: do not "
                       "force the ROM loader (--no-stub).");
  assert_unchanged (f);
}

/* An ESP8285 written with DIO, as an ESP-12 would be: a warning before
 * the write, and the board does not start; DOUT writes without one. */
static void
test_esp8285_dout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) image = kiln_test_esp8266_firmware (0x00, 0x20);
  static const guint8 init_bytes[] = { 0x05, 0x08, 0x04, 0x02, 0x05, 0x05, 0x05, 0x02 };
  g_autoptr(GBytes) init = g_bytes_new_static (init_bytes, sizeof init_bytes);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "firmware.bin", image);
  g_autofree char *init_path = kiln_test_write_tmp (f->dir, "esp_init_data_default.bin", init);
  g_autofree char *port = g_strdup_printf ("sim:esp8266?variant=esp8285&flash=1MB&flash-file=%s",
                                           f->flash);
  {
    g_auto(KilnTestRun) run = { 0 };

    kiln_test_cli (&run, "-p", port, "write-flash", "--flash-mode", "dio", "--check-boot",
                   "0x0", path, NULL);
    assert_has (run.err, "firmware.bin asks for flash mode DIO, but this is an ESP8285, whose "
                         "flash, inside the chip, is read in DOUT only");
    g_assert_cmpint (run.status, ==, 1);
    assert_has (run.out, "(cause: wrong-flash-mode)");
    /* The check knows the chip: DOUT alone. */
    assert_has (run.out, "Fix: Write the firmware again with flash mode DOUT: this board is an "
                         "ESP8285");
  }
  {
    g_auto(KilnTestRun) run = { 0 };

    kiln_test_cli (&run, "-p", port, "write-flash", "--flash-mode", "dout", "--check-boot",
                   "0x0", path, "0xfc000", init_path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.err, "ESP8285, whose flash"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
#define ADD(name, mib, func) \
  g_test_add ("/kiln/flash-params/" name, Fixture, GUINT_TO_POINTER (mib), fixture_setup, func, \
              fixture_teardown)
  ADD ("size-unknown", 4, test_size_unknown);
  ADD ("size-from-header", 4, test_size_from_header);
  ADD ("spi-pads", 4, test_spi_pads);
  ADD ("unaligned", 4, test_unaligned);
  ADD ("esp8266-rom-reach", 8, test_esp8266_rom_reach);
  ADD ("esp8285-dout", 1, test_esp8285_dout);
  return g_test_run ();
}
