/* test-cli-project.c: kiln-cli with project files, ESP-IDF flash arguments
 * and a flasher stub, against the virtual devices.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <string.h>

#include "kiln-test-util.h"

#define FLASH_SIZE (4 * 1024 * 1024)

/* A minimal ESP8266 v1 image: header, one 16-byte segment, checksum. */
static GBytes *
esp8266_boot_image (void)
{
  guint8 img[48] = { 0xE9, 0x01, 0x00, 0x00, 0x04, 0x00, 0x10, 0x40 };
  guint8 csum = 0xEF;

  /* segment at 0x40100000, 16 bytes */
  img[8] = 0x00; img[9] = 0x00; img[10] = 0x10; img[11] = 0x40;
  img[12] = 16;
  for (int i = 0; i < 16; i++)
    {
      img[16 + i] = (guint8) (i * 7 + 1);
      csum ^= img[16 + i];
    }
  /* pad to 15 mod 16, then the checksum byte */
  img[47] = csum;
  return g_bytes_new (img, sizeof img);
}

static void
test_at_project_esp8266 (void)
{
  g_autofree char *dir = kiln_test_tmpdir ();
  g_autoptr(GBytes) before = kiln_test_random (FLASH_SIZE, 11);
  g_autofree char *flash = kiln_test_write_tmp (dir, "flash.bin", before);
  g_autoptr(GBytes) boot = esp8266_boot_image ();
  g_autoptr(GBytes) user1 = kiln_test_random (300000, 12);
  g_autofree guint8 *init_raw = g_malloc0 (128);
  g_autofree guint8 *blank_raw = g_malloc (4096);
  g_autoptr(GBytes) init = NULL;
  g_autoptr(GBytes) blank = NULL;
  g_autofree char *p_boot = kiln_test_write_tmp (dir, "boot_v1.7.bin", boot);
  g_autofree char *p_user1 = kiln_test_write_tmp (dir, "user1.2048.new.5.bin", user1);
  g_autofree char *p_init = NULL;
  g_autofree char *p_blank = NULL;
  g_autofree char *project = NULL;
  g_autofree char *port = g_strdup_printf ("sim:esp8266?flash=4MB&flash-file=%s", flash);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) after = NULL;
  const guint8 *f;

  init_raw[0] = 0x05; init_raw[1] = 0x08; init_raw[2] = 0x04; init_raw[3] = 0x02;
  init = g_bytes_new (init_raw, 128);
  memset (blank_raw, 0xFF, 4096);
  blank = g_bytes_new (blank_raw, 4096);
  p_init = kiln_test_write_tmp (dir, "esp_init_data_default_v08.bin", init);
  p_blank = kiln_test_write_tmp (dir, "blank.bin", blank);

  /* The four files of seed 000, 16Mbit-C1, QIO, 40 MHz SPI, 26 MHz crystal. */
  project = g_build_filename (dir, "at.kiln.json", NULL);
  {
    g_autofree char *json = g_strdup_printf (
      "{ \"format-version\": 1, \"chip\": \"esp8266\",\n"
      "  \"flash-mode\": \"qio\", \"flash-freq\": \"40m\", \"flash-size\": \"16Mbit-C1\",\n"
      "  \"crystal\": \"26m\",\n"
      "  \"rows\": [\n"
      "    { \"enabled\": true, \"path\": \"boot_v1.7.bin\", \"address\": \"0x0\" },\n"
      "    { \"enabled\": true, \"path\": \"user1.2048.new.5.bin\", \"address\": \"0x1000\" },\n"
      "    { \"enabled\": true, \"path\": \"esp_init_data_default_v08.bin\", \"address\": \"0x1fc000\" },\n"
      "    { \"enabled\": true, \"path\": \"blank.bin\", \"address\": \"0x1fe000\" } ] }\n");
    g_assert_true (g_file_set_contents (project, json, -1, NULL));
  }
  kiln_test_cli (&run, "-p", port, "write-flash", "--project", project, NULL);
  if (run.status != 0)
    g_printerr ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  after = kiln_test_read_file (flash);
  f = g_bytes_get_data (after, NULL);

  /* The boot loader's header now says QIO, 16Mbit-C1 (map 5), 40 MHz. */
  g_assert_cmphex (f[0], ==, 0xE9);
  g_assert_cmphex (f[2], ==, 0x00);
  g_assert_cmphex (f[3], ==, 0x50);
  g_assert_cmpmem (f + 4, 44, (const guint8 *) g_bytes_get_data (boot, NULL) + 4, 44);
  g_assert_cmpmem (f + 0x1000, 300000, g_bytes_get_data (user1, NULL), 300000);
  /* init data: byte 48 carries the crystal choice (26 MHz = 1) */
  g_assert_cmphex (f[0x1FC000], ==, 0x05);
  g_assert_cmphex (f[0x1FC000 + 48], ==, 0x01);
  g_assert_cmpmem (f + 0x1FE000, 4096, blank_raw, 4096);
  /* Around them, nothing changed: the ESP8266 ROM's extra erased sector
   * after the init data (0x1fd000) came back. */
  g_assert_cmpmem (f + 0x1FD000, 0x1000, (const guint8 *) g_bytes_get_data (before, NULL) + 0x1FD000,
                   0x1000);
  g_assert_cmpmem (f + 0x1FF000, 0x1000, (const guint8 *) g_bytes_get_data (before, NULL) + 0x1FF000,
                   0x1000);
  g_assert_cmpmem (f + 0x1000 + 300000, 0x1FC000 - 0x1000 - 300000,
                   (const guint8 *) g_bytes_get_data (before, NULL) + 0x1000 + 300000,
                   0x1FC000 - 0x1000 - 300000);
  g_assert_nonnull (strstr (run.err, "boot_v1.7.bin"));
  kiln_test_rm_rf (dir);
}

static void
test_flasher_args_esp32 (void)
{
  g_autofree char *dir = kiln_test_tmpdir ();
  g_autofree char *build = g_build_filename (dir, "build", NULL);
  g_autofree char *bl_dir = g_build_filename (build, "bootloader", NULL);
  g_autofree char *pt_dir = g_build_filename (build, "partition_table", NULL);
  g_autoptr(GBytes) before = kiln_test_random (FLASH_SIZE, 13);
  g_autofree char *flash = kiln_test_write_tmp (dir, "flash.bin", before);
  g_autoptr(GBytes) bl = kiln_test_random (26000, 14);
  g_autoptr(GBytes) pt = kiln_test_random (3072, 15);
  g_autoptr(GBytes) app = kiln_test_random (180000, 16);
  g_autofree char *args = NULL;
  g_autofree char *port = g_strdup_printf ("sim:esp32?flash=4MB&flash-file=%s", flash);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) after = NULL;
  const guint8 *f;

  g_mkdir_with_parents (bl_dir, 0755);
  g_mkdir_with_parents (pt_dir, 0755);
  g_free (kiln_test_write_tmp (bl_dir, "bootloader.bin", bl));
  g_free (kiln_test_write_tmp (pt_dir, "partition-table.bin", pt));
  g_free (kiln_test_write_tmp (build, "hello_world.bin", app));
  args = g_build_filename (build, "flasher_args.json", NULL);
  g_assert_true (g_file_set_contents (args,
    "{\n"
    "    \"write_flash_args\" : [ \"--flash_mode\", \"dio\", \"--flash_size\", \"2MB\", \"--flash_freq\", \"40m\" ],\n"
    "    \"flash_settings\" : { \"flash_mode\": \"dio\", \"flash_size\": \"2MB\", \"flash_freq\": \"40m\" },\n"
    "    \"flash_files\" : {\n"
    "        \"0x1000\" : \"bootloader/bootloader.bin\",\n"
    "        \"0x10000\" : \"hello_world.bin\",\n"
    "        \"0x8000\" : \"partition_table/partition-table.bin\"\n"
    "    },\n"
    "    \"bootloader\" : { \"offset\" : \"0x1000\", \"file\" : \"bootloader/bootloader.bin\", \"encrypted\" : \"false\" },\n"
    "    \"app\" : { \"offset\" : \"0x10000\", \"file\" : \"hello_world.bin\", \"encrypted\" : \"false\" },\n"
    "    \"partition-table\" : { \"offset\" : \"0x8000\", \"file\" : \"partition_table/partition-table.bin\", \"encrypted\" : \"false\" },\n"
    "    \"extra_esptool_args\" : { \"after\" : \"hard_reset\", \"before\" : \"default_reset\", \"stub\" : true, \"chip\" : \"esp32\" }\n"
    "}\n", -1, NULL));

  kiln_test_cli (&run, "-p", port, "write-flash", "--flasher-args", args, NULL);
  if (run.status != 0)
    g_printerr ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  after = kiln_test_read_file (flash);
  f = g_bytes_get_data (after, NULL);
  /* Random data is not an image: nothing is patched, everything lands as is. */
  g_assert_cmpmem (f + 0x1000, 26000, g_bytes_get_data (bl, NULL), 26000);
  g_assert_cmpmem (f + 0x8000, 3072, g_bytes_get_data (pt, NULL), 3072);
  g_assert_cmpmem (f + 0x10000, 180000, g_bytes_get_data (app, NULL), 180000);
  g_assert_cmpmem (f, 0x1000, g_bytes_get_data (before, NULL), 0x1000);
  g_assert_cmpmem (f + 0x10000 + 180000, FLASH_SIZE - 0x10000 - 180000,
                   (const guint8 *) g_bytes_get_data (before, NULL) + 0x10000 + 180000,
                   FLASH_SIZE - 0x10000 - 180000);
  kiln_test_rm_rf (dir);
}

static void
test_stub (gconstpointer data)
{
  const char *chip = data;
  g_autofree char *dir = kiln_test_tmpdir ();
  g_autoptr(GBytes) before = kiln_test_random (FLASH_SIZE, 19);
  g_autofree char *flash = kiln_test_write_tmp (dir, "flash.bin", before);
  g_autofree char *stub = kiln_test_write_fake_stub (dir, chip);
  g_autofree char *port = g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s", chip, flash);
  /* Compressible, like firmware: the stub inflates it. */
  g_autofree guint8 *raw = g_malloc (200000);
  g_autoptr(GBytes) app = NULL;
  g_autofree char *p_app = NULL;
  g_autofree char *back = g_build_filename (dir, "back.bin", NULL);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) read = NULL;
  const guint8 *f;

  for (guint i = 0; i < 200000; i++)
    raw[i] = (guint8) ((i % 251) < 120 ? i / 1000 : 0xFF);
  app = g_bytes_new (raw, 200000);
  p_app = kiln_test_write_tmp (dir, "app.bin", app);

  kiln_test_cli (&run, "-p", port, "--stub", stub, "write-flash", "0x30000", p_app, NULL);
  if (run.status != 0)
    g_printerr ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "stub"));
  g_assert_nonnull (strstr (run.err, "verified"));
  after = kiln_test_read_file (flash);
  kiln_test_assert_flash (after, before, 0x30000, app);

  /* The stub streams flash back, and erases regions with its own command. */
  kiln_test_cli (&run, "-p", port, "--stub", stub, "read-flash", "0x30000", "200000", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_true (g_bytes_equal (read, app));

  kiln_test_cli (&run, "-p", port, "--stub", stub, "erase-region", "0x31000", "0x1000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&after, g_bytes_unref);
  after = kiln_test_read_file (flash);
  f = g_bytes_get_data (after, NULL);
  for (guint i = 0x31000; i < 0x32000; i++)
    g_assert_cmphex (f[i], ==, 0xFF);
  g_assert_cmpmem (f + 0x30000, 0x1000, raw, 0x1000);

  kiln_test_rm_rf (dir);
}

static void
test_bad_stub (void)
{
  g_autofree char *dir = kiln_test_tmpdir ();
  g_autofree char *stub = g_build_filename (dir, "bad.json", NULL);
  g_auto(KilnTestRun) run = { 0 };

  g_assert_true (g_file_set_contents (stub, "{ \"entry\": \"soon\" }", -1, NULL));
  kiln_test_cli (&run, "-p", "sim:esp32", "--stub", stub, "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "bad.json"));
  kiln_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
  g_test_add_func ("/kiln/cli-project/at-project-esp8266", test_at_project_esp8266);
  g_test_add_func ("/kiln/cli-project/flasher-args-esp32", test_flasher_args_esp32);
  g_test_add_data_func ("/kiln/cli-project/stub/esp8266", "esp8266", test_stub);
  g_test_add_data_func ("/kiln/cli-project/stub/esp32", "esp32", test_stub);
  g_test_add_func ("/kiln/cli-project/bad-stub", test_bad_stub);
  return g_test_run ();
}
