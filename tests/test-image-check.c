/* test-image-check.c: images that would not run on the board are refused
 * before anything is erased, unless the user says --force.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kiln-core.h"
#include "kiln-test-images.h"
#include "kiln-test-util.h"

#define MiB (1024 * 1024)

/* ---------------------------------------------------------------------- */
/* The check itself                                                         */

static GPtrArray *
one_region (guint32     address,
            GBytes     *data,
            const char *name)
{
  GPtrArray *regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_ptr_array_add (regions, kiln_region_new (address, data, name));
  return regions;
}

static GPtrArray *
check (KilnChipId  chip,
       const char *revision,
       guint32     flash_size,
       guint32     address,
       GBytes     *data)
{
  g_autoptr(GPtrArray) regions = one_region (address, data, "x.bin");
  KilnBoardFacts board = { kiln_chip_get (chip), revision, flash_size };
  return kiln_image_check_regions (regions, NULL, &board);
}

static void
assert_one (GPtrArray             *mismatches,
            KilnImageMismatchKind  kind,
            const char            *needle)
{
  const KilnImageMismatch *m;

  g_assert_cmpuint (mismatches->len, ==, 1);
  m = g_ptr_array_index (mismatches, 0);
  g_test_message ("%s", m->message);
  g_assert_cmpint (m->kind, ==, kind);
  if (strstr (m->message, needle) == NULL)
    g_error ("“%s” does not contain “%s”", m->message, needle);
}

static void
test_other_chip (void)
{
  g_autoptr(GBytes) esp32_boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                         KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 0, 399);
  g_autoptr(GBytes) c3_boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32C3,
                                                      KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 3, 199);
  g_autoptr(GBytes) boot_v17 = kiln_test_esp8266_v1_image (0, 0x00);
  g_autoptr(GPtrArray) a = check (KILN_CHIP_ESP8266, NULL, 4 * MiB, 0x1000, esp32_boot);
  g_autoptr(GPtrArray) b = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x0, c3_boot);
  g_autoptr(GPtrArray) c = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x1000, boot_v17);
  g_autoptr(GPtrArray) d = check (KILN_CHIP_ESP32C3, "v0.4", 4 * MiB, 0x0, esp32_boot);

  assert_one (a, KILN_IMAGE_MISMATCH_OTHER_CHIP,
              "x.bin is an ESP32 image, but the board is an ESP8266: it would not start. "
              "Choose the ESP8266 build of the firmware.");
  assert_one (b, KILN_IMAGE_MISMATCH_OTHER_CHIP,
              "x.bin is an ESP32-C3 image, but the board is an ESP32");
  assert_one (c, KILN_IMAGE_MISMATCH_OTHER_CHIP,
              "x.bin is an ESP8266 image, but the board is an ESP32");
  assert_one (d, KILN_IMAGE_MISMATCH_OTHER_CHIP, "Choose the ESP32-C3 build");
}

static void
test_fits (void)
{
  g_autoptr(GBytes) esp32_boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                         KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 0, 399);
  g_autoptr(GBytes) esp32_app = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                        KILN_TEST_IMAGE_APP, 2, 0x20, 0, 399);
  g_autoptr(GBytes) boot_v17 = kiln_test_esp8266_v1_image (0, 0x00);
  g_autoptr(GBytes) raw = kiln_test_random (8192, 9);
  g_autoptr(GPtrArray) a = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x1000, esp32_boot);
  g_autoptr(GPtrArray) b = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x10000, esp32_app);
  g_autoptr(GPtrArray) c = check (KILN_CHIP_ESP8266, NULL, 4 * MiB, 0x0, boot_v17);
  g_autoptr(GPtrArray) d = check (KILN_CHIP_ESP8266, NULL, 4 * MiB, 0x0, raw);
  /* Unknown flash size and revision: nothing to hold them against. */
  g_autoptr(GBytes) big = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                  KILN_TEST_IMAGE_BOOTLOADER, 2, 0x40, 500, 0);
  g_autoptr(GPtrArray) e = check (KILN_CHIP_ESP32, NULL, 0, 0x1000, big);

  g_assert_cmpuint (a->len, ==, 0);
  g_assert_cmpuint (b->len, ==, 0);
  g_assert_cmpuint (c->len, ==, 0);
  g_assert_cmpuint (d->len, ==, 0);
  g_assert_cmpuint (e->len, ==, 0);
}

static void
test_revision (void)
{
  g_autoptr(GBytes) needs_v3 = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                       KILN_TEST_IMAGE_APP, 2, 0x20, 300, 399);
  g_autoptr(GBytes) upto_v1 = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                      KILN_TEST_IMAGE_APP, 2, 0x20, 0, 199);
  g_autoptr(GBytes) no_max = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                     KILN_TEST_IMAGE_APP, 2, 0x20, 0, 0xFFFF);
  g_autoptr(GPtrArray) a = check (KILN_CHIP_ESP32, "v1.0", 4 * MiB, 0x10000, needs_v3);
  g_autoptr(GPtrArray) b = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x10000, upto_v1);
  g_autoptr(GPtrArray) c = check (KILN_CHIP_ESP32, "v3.1", 4 * MiB, 0x10000, no_max);

  assert_one (a, KILN_IMAGE_MISMATCH_REVISION, "needs an ESP32 of revision v3.0 or later, but "
              "this chip is v1.0");
  assert_one (b, KILN_IMAGE_MISMATCH_REVISION, "supports ESP32 revisions up to v1.99, but this "
              "chip is v3.0");
  g_assert_cmpuint (c->len, ==, 0);
  g_assert_cmpint (kiln_revision_parse_full ("v3.1"), ==, 301);
  g_assert_cmpint (kiln_revision_parse_full ("v0.4"), ==, 4);
  g_assert_cmpint (kiln_revision_parse_full ("3"), ==, -1);
  g_assert_cmpint (kiln_revision_parse_full (NULL), ==, -1);
}

static void
test_flash_size (void)
{
  /* 0x30: 8 MB at 40 MHz. */
  g_autoptr(GBytes) eight = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                    KILN_TEST_IMAGE_BOOTLOADER, 2, 0x30, 0, 0);
  /* An app's header is not what the boot loader goes by. */
  g_autoptr(GBytes) eight_app = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                        KILN_TEST_IMAGE_APP, 2, 0x30, 0, 0);
  /* ESP8266 0x40: 4 MB (map 4) on a 1 MB module. */
  g_autoptr(GBytes) boot_4m = kiln_test_esp8266_v1_image (0, 0x40);
  g_autoptr(GPtrArray) a = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x1000, eight);
  g_autoptr(GPtrArray) b = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x10000, eight_app);
  g_autoptr(GPtrArray) c = check (KILN_CHIP_ESP8266, NULL, 1 * MiB, 0x0, boot_4m);

  assert_one (a, KILN_IMAGE_MISMATCH_FLASH_SIZE,
              "x.bin declares 8 MB of flash in its header, but the board has 4 MB: the firmware "
              "would stop at boot. Choose flash size 4MB (or “detect”).");
  g_assert_cmpuint (b->len, ==, 0);
  assert_one (c, KILN_IMAGE_MISMATCH_FLASH_SIZE, "Choose flash size 1MB");
}

static void
test_offset (void)
{
  g_autoptr(GBytes) esp32_boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                         KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 0, 0);
  g_autoptr(GBytes) esp32_app = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32,
                                                        KILN_TEST_IMAGE_APP, 2, 0x20, 0, 0);
  g_autoptr(GBytes) c3_boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32C3,
                                                      KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 0, 0);
  g_autoptr(GBytes) boot_v17 = kiln_test_esp8266_v1_image (0, 0x00);
  g_autoptr(GPtrArray) a = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x0, esp32_boot);
  g_autoptr(GPtrArray) b = check (KILN_CHIP_ESP32C3, "v0.4", 4 * MiB, 0x1000, c3_boot);
  g_autoptr(GPtrArray) c = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x1000, esp32_app);
  g_autoptr(GPtrArray) d = check (KILN_CHIP_ESP8266, NULL, 4 * MiB, 0x1000, boot_v17);

  assert_one (a, KILN_IMAGE_MISMATCH_OFFSET, "x.bin is the ESP32 boot loader, but it is to be "
              "written at 0x0: the ROM loads it from 0x1000. Write it at 0x1000.");
  assert_one (b, KILN_IMAGE_MISMATCH_OFFSET, "loads it from 0x0. Write it at 0x0.");
  assert_one (c, KILN_IMAGE_MISMATCH_OFFSET, "x.bin is an application, but 0x1000 is where");
  assert_one (d, KILN_IMAGE_MISMATCH_OFFSET, "only loads it from 0x0. Write it at 0x0.");
}

/* A merged file written at 0x0 is judged part by part, at flash offsets. */
static void
test_combined (void)
{
  g_autoptr(GBytes) c3_boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32C3,
                                                      KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 0, 0);
  g_autoptr(GBytes) c3_app = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32C3,
                                                     KILN_TEST_IMAGE_APP, 2, 0x20, 0, 0);
  guint8 *merged = g_malloc (0x20000);
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GPtrArray) ok = NULL;
  g_autoptr(GPtrArray) wrong = NULL;

  memset (merged, 0xFF, 0x20000);
  memcpy (merged, g_bytes_get_data (c3_boot, NULL), g_bytes_get_size (c3_boot));
  memcpy (merged + 0x10000, g_bytes_get_data (c3_app, NULL), g_bytes_get_size (c3_app));
  whole = g_bytes_new_take (merged, 0x20000);
  ok = check (KILN_CHIP_ESP32C3, "v0.4", 4 * MiB, 0x0, whole);
  wrong = check (KILN_CHIP_ESP32, "v3.0", 4 * MiB, 0x0, whole);

  g_assert_cmpuint (ok->len, ==, 0);
  g_assert_cmpuint (wrong->len, ==, 2);
  g_assert_nonnull (strstr (((KilnImageMismatch *) g_ptr_array_index (wrong, 0))->message,
                            "is an ESP32-C3 image, but the board is an ESP32"));
}

/* ---------------------------------------------------------------------- */
/* End to end: kiln-cli against the virtual boards                          */

typedef struct
{
  char   *dir;
  char   *flash;
  GBytes *before;
} Board;

static void
board_init (Board      *b,
            const char *chip)
{
  b->dir = kiln_test_tmpdir ();
  b->before = kiln_test_random (4 * MiB, 77);
  b->flash = kiln_test_write_tmp (b->dir, "flash.bin", b->before);
  (void) chip;
}

static char *
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  return kiln_test_write_tmp (dir, name, bytes);
}

static void
write_bytes (const char *dir,
             const char *name,
             GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_free (kiln_test_write_tmp (dir, name, bytes));
}

static void
board_clear (Board *b)
{
  kiln_test_rm_rf (b->dir);
  g_free (b->dir);
  g_free (b->flash);
  g_bytes_unref (b->before);
}

typedef struct
{
  const char *chip;
  guint32     address;
  const char *file;
  const char *needle;
} Case;

static GBytes *
case_image (const Case *c)
{
  if (g_str_equal (c->file, "esp32-bootloader.bin"))
    return kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 0, 0);
  if (g_str_equal (c->file, "c3-bootloader.bin"))
    return kiln_test_esp32_image (KILN_TEST_CHIP_ESP32C3, KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 0, 0);
  if (g_str_equal (c->file, "boot_v1.7.bin"))
    return kiln_test_esp8266_v1_image (0, 0x00);
  if (g_str_equal (c->file, "bootloader-8MB.bin"))
    return kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER, 2, 0x30, 0, 0);
  g_assert_not_reached ();
}

static const Case cases[] = {
  { "esp8266", 0x1000, "esp32-bootloader.bin",
    "esp32-bootloader.bin is an ESP32 image, but the board is an ESP8266: it would not start. "
    "Choose the ESP8266 build of the firmware." },
  { "esp32", 0x0, "c3-bootloader.bin",
    "c3-bootloader.bin is an ESP32-C3 image, but the board is an ESP32: it would not start. "
    "Choose the ESP32 build of the firmware." },
  { "esp32", 0x1000, "boot_v1.7.bin",
    "boot_v1.7.bin is an ESP8266 image, but the board is an ESP32: it would not start. "
    "Choose the ESP32 build of the firmware." },
  { "esp32", 0x1000, "bootloader-8MB.bin",
    "bootloader-8MB.bin declares 8 MB of flash in its header, but the board has 4 MB: the "
    "firmware would stop at boot. Choose flash size 4MB (or “detect”)." },
};

static void
test_cli_refused (gconstpointer data)
{
  const Case *c = data;
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) image = case_image (c);
  g_autoptr(GBytes) after = NULL;
  g_autofree char *path = NULL;
  g_autofree char *port = NULL;
  g_autofree char *addr = g_strdup_printf ("0x%x", c->address);
  Board b = { 0 };

  board_init (&b, c->chip);
  path = kiln_test_write_tmp (b.dir, c->file, image);
  port = g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s", c->chip, b.flash);

  /* Refused, even with --erase-all: the check comes before any erase. */
  kiln_test_cli (&run, "-p", port, "write-flash", "--erase-all", addr, path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, c->needle));
  g_assert_nonnull (strstr (run.err, "Nothing was erased or written; the board is still in its "
                                     "bootloader and the port was released.\n"
                                     "To write it all the same, add --force."));
  after = kiln_test_read_file (b.flash);
  g_assert_true (g_bytes_equal (after, b.before));
  g_clear_pointer (&after, g_bytes_unref);

  /* With the override it is written, byte for byte, and the log says why. */
  kiln_test_cli (&run, "-p", port, "write-flash", "--force", addr, path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Writing it anyway, as asked: "));
  after = kiln_test_read_file (b.flash);
  kiln_test_assert_flash (after, b.before, c->address, image);
  board_clear (&b);
}

/* A manifest with builds for several chips: the board picks its build;
 * a board the manifest has no build for is refused, naming the chips. */
static void
test_cli_manifest_builds (void)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER,
                                                   2, 0x20, 0, 0);
  g_autoptr(GBytes) app = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP,
                                                  2, 0x20, 0, 0);
  g_autoptr(GBytes) fw8266 = kiln_test_esp8266_v1_image (2, 0x40);
  g_autoptr(GBytes) after = NULL;
  g_autofree char *mpath = NULL;
  g_autofree char *port = NULL;
  Board b = { 0 };

  board_init (&b, "esp8266");
  write_bytes (b.dir, "esp32/bootloader.bin", boot);
  write_bytes (b.dir, "esp32/app.bin", app);
  write_bytes (b.dir, "esp8266/firmware.bin", fw8266);
  mpath = write_text (b.dir, "manifest.json",
    "{ \"name\": \"Demo\", \"builds\": [\n"
    "  { \"chipFamily\": \"ESP32\", \"parts\": [ { \"path\": \"esp32/bootloader.bin\", "
    "\"offset\": 4096 }, { \"path\": \"esp32/app.bin\", \"offset\": 65536 } ] },\n"
    "  { \"chipFamily\": \"ESP8266\", \"parts\": [ { \"path\": \"esp8266/firmware.bin\", "
    "\"offset\": 0 } ] } ] }\n");

  /* The ESP8266 gets its build at 0x0, nothing of the ESP32's. */
  port = g_strdup_printf ("sim:esp8266?flash=4MB&flash-file=%s", b.flash);
  kiln_test_cli (&run, "-p", port, "write-flash", "--manifest", mpath, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Writing the ESP8266 build; the builds for ESP32 are left "
                                     "out."));
  after = kiln_test_read_file (b.flash);
  kiln_test_assert_flash (after, b.before, 0x0, fw8266);
  g_clear_pointer (&after, g_bytes_unref);
  g_clear_pointer (&port, g_free);

  /* An ESP32 gets the other two files, at their offsets. */
  {
    g_autoptr(GBytes) fresh = NULL;
    g_autoptr(GByteArray) expect = g_byte_array_new ();
    g_assert_true (g_file_set_contents (b.flash, g_bytes_get_data (b.before, NULL),
                                        (gssize) g_bytes_get_size (b.before), NULL));
    port = g_strdup_printf ("sim:esp32?flash=4MB&flash-file=%s", b.flash);
    kiln_test_cli (&run, "-p", port, "write-flash", "--manifest", mpath, NULL);
    g_test_message ("%s", run.err);
    g_assert_cmpint (run.status, ==, 0);
    fresh = kiln_test_read_file (b.flash);
    g_byte_array_append (expect, g_bytes_get_data (b.before, NULL), g_bytes_get_size (b.before));
    memcpy (expect->data + 0x1000, g_bytes_get_data (boot, NULL), g_bytes_get_size (boot));
    memcpy (expect->data + 0x10000, g_bytes_get_data (app, NULL), g_bytes_get_size (app));
    g_assert_true (g_bytes_get_size (fresh) == expect->len &&
                   memcmp (g_bytes_get_data (fresh, NULL), expect->data, expect->len) == 0);
    g_clear_pointer (&port, g_free);
  }

  /* A chip the manifest has no build for: refused before anything is written. */
  {
    g_autofree char *only = write_text (b.dir, "only8266.json",
      "{ \"builds\": [ { \"chipFamily\": \"ESP8266\", \"parts\": [ "
      "{ \"path\": \"esp8266/firmware.bin\", \"offset\": 0 } ] }, "
      "{ \"chipFamily\": \"ESP32-C3\", \"parts\": [ "
      "{ \"path\": \"esp32/app.bin\", \"offset\": 0 } ] } ] }");
    g_autoptr(GBytes) now = NULL;
    g_assert_true (g_file_set_contents (b.flash, g_bytes_get_data (b.before, NULL),
                                        (gssize) g_bytes_get_size (b.before), NULL));
    port = g_strdup_printf ("sim:esp32?flash=4MB&flash-file=%s", b.flash);
    kiln_test_cli (&run, "-p", port, "write-flash", "--manifest", only, NULL);
    g_test_message ("%s", run.err);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "The firmware has builds for ESP32-C3, ESP8266, but the "
                                       "board is an ESP32."));
    now = kiln_test_read_file (b.flash);
    g_assert_true (g_bytes_equal (now, b.before));
  }
  board_clear (&b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/image-check/other-chip", test_other_chip);
  g_test_add_func ("/kiln/image-check/fits", test_fits);
  g_test_add_func ("/kiln/image-check/revision", test_revision);
  g_test_add_func ("/kiln/image-check/flash-size", test_flash_size);
  g_test_add_func ("/kiln/image-check/offset", test_offset);
  g_test_add_func ("/kiln/image-check/combined", test_combined);
  g_test_add_data_func ("/kiln/image-check/cli/esp32-boot-to-esp8266", &cases[0], test_cli_refused);
  g_test_add_data_func ("/kiln/image-check/cli/c3-boot-to-esp32", &cases[1], test_cli_refused);
  g_test_add_data_func ("/kiln/image-check/cli/boot-v1.7-to-esp32", &cases[2], test_cli_refused);
  g_test_add_data_func ("/kiln/image-check/cli/8MB-header-on-4MB", &cases[3], test_cli_refused);
  g_test_add_func ("/kiln/image-check/cli/manifest-builds", test_cli_manifest_builds);
  return g_test_run ();
}
