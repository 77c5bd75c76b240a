/* test-layout.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include "kiln-core.h"

static KilnRegion *
region (guint32     address,
        gsize       size,
        const char *name)
{
  g_autofree guint8 *data = g_malloc0 (size);
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  return kiln_region_new (address, bytes, name);
}

static void
test_overlap_names_both (void)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (regions, region (0x0, 0x2000, "boot.bin"));
  g_ptr_array_add (regions, region (0x1000, 0x1000, "user1.bin"));
  g_assert_false (kiln_layout_check (regions, 0x100000, 0, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_REGION_OVERLAP);
  g_assert_nonnull (strstr (error->message, "boot.bin"));
  g_assert_nonnull (strstr (error->message, "user1.bin"));
  g_assert_nonnull (strstr (error->message, "0x1000"));
}

static void
test_bounds (void)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  g_ptr_array_add (regions, region (0xFF000, 0x2000, "app.bin"));
  g_assert_false (kiln_layout_check (regions, 0x100000, 0, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS);
  /* Unknown flash size: nothing to check against. */
  g_assert_true (kiln_layout_check (regions, 0, 0, NULL));

  g_ptr_array_set_size (regions, 0);
  g_ptr_array_add (regions, region (0x0, 0x200000, "huge.bin"));
  g_assert_false (kiln_layout_check (regions, 0x100000, 0, &error2));
  g_assert_nonnull (strstr (error2->message, "larger than the whole flash"));
}

static void
test_alignment (void)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (regions, region (0x10800, 0x100, "part.bin"));
  g_assert_false (kiln_layout_check (regions, 0x400000, 0, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_REGION_ALIGN);
  g_assert_nonnull (strstr (error->message, "0x10000"));
  g_assert_true (kiln_layout_check (regions, 0x400000, KILN_LAYOUT_ALLOW_UNALIGNED, NULL));
}

static void
test_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiln-layout-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.bin", NULL);
  g_autofree char *good = g_build_filename (dir, "good.bin", NULL);
  g_autoptr(KilnRegion) r = NULL;

  g_assert_null (kiln_region_new_from_file (0, "/nonexistent/kiln/file.bin", &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/kiln/file.bin"));

  g_file_set_contents (empty, "", 0, NULL);
  g_assert_null (kiln_region_new_from_file (0, empty, &error2));
  g_assert_nonnull (strstr (error2->message, "empty"));

  g_file_set_contents (good, "abcd", 4, NULL);
  r = kiln_region_new_from_file (0x1000, good, NULL);
  g_assert_cmpuint (g_bytes_get_size (r->data), ==, 4);
  g_assert_cmpstr (r->name, ==, "good.bin");
  g_assert_cmphex (kiln_region_end (r), ==, 0x1004);

  g_unlink (empty);
  g_unlink (good);
  g_rmdir (dir);
}

static void
test_messages (void)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(GPtrArray) problems = NULL;
  KilnLayoutProblem *p;

  g_ptr_array_add (regions, region (0x0, 0x1800, "boot.bin"));
  g_ptr_array_add (regions, region (0x1000, 0x1000, "user1.bin"));
  g_ptr_array_add (regions, region (0x3000, 0, "empty.bin"));
  g_ptr_array_add (regions, region (0x10800, 0x100, "part.bin"));
  g_ptr_array_add (regions, region (0x1FF000, 0x2000, "tail.bin"));
  problems = kiln_layout_problems (regions, 0x200000, 0);
  g_assert_cmpuint (problems->len, ==, 4);

  p = g_ptr_array_index (problems, 0);
  g_assert_cmpint (p->kind, ==, KILN_LAYOUT_PROBLEM_OVERLAP);
  g_assert_cmpint (p->index, ==, 1);
  g_assert_cmpint (p->other, ==, 0);
  g_assert_cmpstr (p->message, ==, "user1.bin (0x1000–0x1fff) overlaps boot.bin (0x0–0x17ff): "
                                   "both would write 0x1000–0x17ff (2048 bytes). Move one of them "
                                   "or disable one row.");
  p = g_ptr_array_index (problems, 1);
  g_assert_cmpint (p->kind, ==, KILN_LAYOUT_PROBLEM_EMPTY);
  g_assert_nonnull (strstr (p->message, "empty.bin is empty"));
  p = g_ptr_array_index (problems, 2);
  g_assert_cmpint (p->kind, ==, KILN_LAYOUT_PROBLEM_MISALIGNED);
  g_assert_cmpstr (p->message, ==, "part.bin starts at 0x10800, which is not on a 4 KiB sector "
                                   "boundary: writing it erases the whole sector 0x10000–0x10fff, "
                                   "so whatever is at 0x10000–0x107ff before it would be lost. "
                                   "Use an address that is a multiple of 0x1000, such as 0x10000 "
                                   "or 0x11000.");
  p = g_ptr_array_index (problems, 3);
  g_assert_cmpint (p->kind, ==, KILN_LAYOUT_PROBLEM_BOUNDS);
  g_assert_cmpstr (p->message, ==, "tail.bin at 0x1ff000 ends at 0x200fff, beyond the end of the "
                                   "2 MiB flash (last byte 0x1fffff). Use an address no higher "
                                   "than 0x1fe000 or a larger flash size.");
}

static void
test_sort (void)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);

  g_ptr_array_add (regions, region (0x3FC000, 0x80, "init"));
  g_ptr_array_add (regions, region (0x0, 0x10, "boot"));
  g_ptr_array_add (regions, region (0x1000, 0x10, "user1"));
  kiln_layout_sort (regions);
  g_assert_cmpstr (((KilnRegion *) g_ptr_array_index (regions, 0))->name, ==, "boot");
  g_assert_cmpstr (((KilnRegion *) g_ptr_array_index (regions, 2))->name, ==, "init");
}

/* protocol-facts.md §11.1 and §11.2, row by row. */
static void
test_flash_maps (void)
{
  static const struct
  {
    guint map;
    const char *name, *esptool;
    guint32 size, user2, rf, init, blank, at_blank;
    guint boot;
  } expect[] = {
    { 0, "4Mbit", "512KB", 0x80000, 0x41000, 0x7B000, 0x7C000, 0x7E000, 0, 2 },
    { 1, "2Mbit", "256KB", 0x40000, 0, 0x3B000, 0x3C000, 0x3E000, 0, 0 },
    { 2, "8Mbit", "1MB", 0x100000, 0x81000, 0xFB000, 0xFC000, 0xFE000, 0x7E000, 2 },
    { 3, "16Mbit", "2MB", 0x200000, 0x81000, 0x1FB000, 0x1FC000, 0x1FE000, 0x7E000, 2 },
    { 4, "32Mbit", "4MB", 0x400000, 0x81000, 0x3FB000, 0x3FC000, 0x3FE000, 0x7E000, 2 },
    { 5, "16Mbit-C1", "2MB-c1", 0x200000, 0x101000, 0x1FB000, 0x1FC000, 0x1FE000, 0xFE000, 4 },
    { 6, "32Mbit-C1", "4MB-c1", 0x400000, 0x101000, 0x3FB000, 0x3FC000, 0x3FE000, 0xFE000, 4 },
    { 8, "64Mbit", "8MB", 0x800000, 0x101000, 0x7FB000, 0x7FC000, 0x7FE000, 0, 4 },
    { 9, "128Mbit", "16MB", 0x1000000, 0x101000, 0xFFB000, 0xFFC000, 0xFFE000, 0, 4 },
  };
  const KilnChipInfo *esp8266 = kiln_chip_get (KILN_CHIP_ESP8266);
  guint n = 0;

  for (const KilnFlashMap *m = kiln_flash_maps (); m->name != NULL; m++)
    n++;
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expect));

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      const KilnFlashMap *m = kiln_flash_map_get (expect[i].map);
      const KilnFlashSize *s;

      g_assert_nonnull (m);
      g_assert_cmpstr (m->name, ==, expect[i].name);
      g_assert_cmpstr (m->esptool_name, ==, expect[i].esptool);
      g_assert_cmphex (m->flash_size, ==, expect[i].size);
      g_assert_cmphex (m->user2_address, ==, expect[i].user2);
      g_assert_cmphex (m->rf_cal_address, ==, expect[i].rf);
      g_assert_cmphex (m->init_data_address, ==, expect[i].init);
      g_assert_cmphex (m->system_param_address, ==, expect[i].init + 0x1000);
      g_assert_cmphex (m->blank_address, ==, expect[i].blank);
      g_assert_cmphex (m->at_blank_address, ==, expect[i].at_blank);
      g_assert_cmpuint (m->boot_minor, ==, expect[i].boot);
      g_assert_cmphex (m->user1_address, ==, expect[i].user2 ? 0x1000 : 0);
      /* The end-of-flash rule: init data 0x4000 below the end. */
      g_assert_cmphex (m->init_data_address, ==, m->flash_size - 0x4000);
      /* One table: the map number is the chip table's size code. */
      s = kiln_chip_flash_size_lookup (esp8266, m->esptool_name);
      g_assert_nonnull (s);
      g_assert_cmpuint (s->code, ==, m->map);
      g_assert_cmpuint (s->bytes, ==, m->flash_size);
      g_assert_true (kiln_flash_map_lookup (m->name) == m);
      g_assert_true (kiln_flash_map_lookup (m->esptool_name) == m);
    }

  g_assert_cmpuint (kiln_flash_map_lookup ("16mbit-c1")->map, ==, 5);
  g_assert_cmpuint (kiln_flash_map_lookup ("32m-c1")->map, ==, 6);
  g_assert_cmpuint (kiln_flash_map_lookup ("4m")->map, ==, 0);
  g_assert_cmpuint (kiln_flash_map_lookup ("32m")->map, ==, 4);
  g_assert_null (kiln_flash_map_lookup ("3MB"));
  g_assert_null (kiln_flash_map_lookup ("32Mbit-C2"));
  g_assert_null (kiln_flash_map_get (7));
}

static void
test_firmware_names (void)
{
  KilnFirmwareName fw;
  g_autofree char *ok = NULL;
  g_autofree char *mismatch = NULL;
  g_autofree char *wrong_slots = NULL;

  g_assert_true (kiln_flash_map_parse_firmware_name ("bin/at/1024+1024/user1.2048.new.5.bin", &fw));
  g_assert_cmpuint (fw.app, ==, 1);
  g_assert_cmpuint (fw.name_kb, ==, 2048);
  g_assert_cmpuint (fw.built_map, ==, 5);
  g_assert_cmphex (fw.compatible_maps, ==, (1u << 5) | (1u << 6));

  g_assert_true (kiln_flash_map_parse_firmware_name ("user1.1024.new.2.bin", &fw));
  g_assert_cmpuint (fw.built_map, ==, 2);
  g_assert_cmphex (fw.compatible_maps, ==, (1u << 2) | (1u << 3) | (1u << 4));

  g_assert_true (kiln_flash_map_parse_firmware_name ("user2.4096.new.6.bin", &fw));
  g_assert_cmpuint (fw.app, ==, 2);

  g_assert_false (kiln_flash_map_parse_firmware_name ("user3.1024.new.2.bin", &fw));
  g_assert_false (kiln_flash_map_parse_firmware_name ("user1.1024.new.7.bin", &fw));
  g_assert_false (kiln_flash_map_parse_firmware_name ("user1.bin", &fw));
  g_assert_false (kiln_flash_map_parse_firmware_name ("boot_v1.7.bin", &fw));

  ok = kiln_flash_map_firmware_warning (kiln_flash_map_get (5), "user1.2048.new.5.bin");
  g_assert_null (ok);
  mismatch = kiln_flash_map_firmware_warning (kiln_flash_map_get (6), "user1.2048.new.5.bin");
  g_assert_nonnull (strstr (mismatch, "mismatch map 5,spi_size_map 6"));
  g_assert_nonnull (strstr (mismatch, "Choose 16Mbit-C1 (2MB-c1)"));
  wrong_slots = kiln_flash_map_firmware_warning (kiln_flash_map_get (3), "user1.2048.new.5.bin");
  g_assert_nonnull (strstr (wrong_slots, "will not boot"));
  g_assert_nonnull (strstr (wrong_slots, "16Mbit-C1"));
}

static void
touch (const char *root,
       const char *rel,
       gsize       size)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = g_malloc0 (size);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, data, size, NULL));
}

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* A NONOS AT release as Espressif ships it (seed 000). */
static char *
make_at_release (void)
{
  char *root = g_dir_make_tmp ("kiln-at-XXXXXX", NULL);

  touch (root, "bin/boot_v1.2.bin", 16);
  touch (root, "bin/boot_v1.7.bin", 16);
  touch (root, "bin/blank.bin", 4096);
  touch (root, "bin/esp_init_data_default_v05.bin", 128);
  touch (root, "bin/esp_init_data_default_v08.bin", 128);
  touch (root, "bin/at/1024+1024/user1.2048.new.5.bin", 64);
  touch (root, "bin/at/1024+1024/user2.2048.new.5.bin", 64);
  touch (root, "bin/at/512+512/user1.1024.new.2.bin", 64);
  touch (root, "bin/at_sdio/1024+1024/user1.2048.new.5.bin", 64);
  touch (root, "README.md", 10);
  return root;
}

static void
assert_row (GPtrArray  *rows,
            guint       i,
            guint32     address,
            const char *suffix)
{
  KilnFileRow *row = g_ptr_array_index (rows, i);
  /* Paths are in the system's form: "\\" between folders on Windows. */
  g_autofree char *path = g_strdelimit (g_strdup (row->path), G_DIR_SEPARATOR_S, '/');

  g_assert_cmphex (row->address, ==, address);
  if (!g_str_has_suffix (path, suffix))
    g_error ("row %u: %s does not end with %s", i, row->path, suffix);
  g_assert_true (row->enabled);
  g_assert_nonnull (row->note);
}

static void
test_at_release (void)
{
  g_autofree char *root = make_at_release ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) warnings32 = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rows32 = NULL;
  g_autoptr(GPtrArray) rows512 = NULL;
  g_autoptr(GError) error = NULL;

  /* 16Mbit-C1: the README's list, no warning. */
  rows = kiln_layout_at_release_rows (root, kiln_flash_map_lookup ("16Mbit-C1"), &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  assert_row (rows, 0, 0x0, "bin/boot_v1.7.bin");
  assert_row (rows, 1, 0x1000, "bin/at/1024+1024/user1.2048.new.5.bin");
  assert_row (rows, 2, 0xFE000, "bin/blank.bin");
  assert_row (rows, 3, 0x1FC000, "bin/esp_init_data_default_v08.bin");
  assert_row (rows, 4, 0x1FE000, "bin/blank.bin");
  g_assert_cmpuint (warnings->len, ==, 0);

  /* 32Mbit-C1: the addresses move to the end of 4 MB, and the SDK 3
   * firmware built for map 5 would stop with seed 000's message. */
  rows32 = kiln_layout_at_release_rows (root, kiln_flash_map_lookup ("32Mbit-C1"), &warnings32, NULL);
  g_assert_cmpuint (rows32->len, ==, 5);
  assert_row (rows32, 1, 0x1000, "bin/at/1024+1024/user1.2048.new.5.bin");
  assert_row (rows32, 2, 0xFE000, "bin/blank.bin");
  assert_row (rows32, 3, 0x3FC000, "bin/esp_init_data_default_v08.bin");
  assert_row (rows32, 4, 0x3FE000, "bin/blank.bin");
  g_assert_cmpuint (warnings32->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings32, 0), "mismatch map 5,spi_size_map 6"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings32, 0), "Choose 16Mbit-C1"));

  /* 8Mbit (512+512): the other build, blank at 0x7E000 and 0xFE000. */
  rows512 = kiln_layout_at_release_rows (root, kiln_flash_map_lookup ("8Mbit"), NULL, NULL);
  assert_row (rows512, 1, 0x1000, "bin/at/512+512/user1.1024.new.2.bin");
  assert_row (rows512, 2, 0x7E000, "bin/blank.bin");
  assert_row (rows512, 3, 0xFC000, "bin/esp_init_data_default_v08.bin");
  assert_row (rows512, 4, 0xFE000, "bin/blank.bin");

  rm_rf (root);
}

static void
test_at_release_errors (void)
{
  g_autofree char *root = g_dir_make_tmp ("kiln-at-XXXXXX", NULL);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;

  g_assert_null (kiln_layout_at_release_rows (root, kiln_flash_map_get (5), NULL, &e1));
  g_assert_error (e1, KILN_ERROR, KILN_ERROR_FILE);
  g_assert_nonnull (strstr (e1->message, "boot_v1.x.bin"));

  touch (root, "boot_v1.2.bin", 16);
  g_assert_null (kiln_layout_at_release_rows (root, kiln_flash_map_get (5), NULL, &e2));
  g_assert_nonnull (strstr (e2->message, "user1"));

  /* Old boot loader, no init data, no blank: rows with warnings. */
  touch (root, "user1.2048.new.5.bin", 16);
  rows = kiln_layout_at_release_rows (root, kiln_flash_map_get (5), &warnings, NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (warnings->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "rf_cal"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 2), "boot_v1.4"));

  g_assert_null (kiln_layout_at_release_rows (root, kiln_flash_map_get (1), NULL, &e3));
  g_assert_error (e3, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
  g_assert_null (kiln_layout_at_release_rows ("/nonexistent/kiln", kiln_flash_map_get (5), NULL, &e4));
  g_assert_error (e4, KILN_ERROR, KILN_ERROR_FILE);
  rm_rf (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/layout/overlap-names-both", test_overlap_names_both);
  g_test_add_func ("/kiln/layout/bounds", test_bounds);
  g_test_add_func ("/kiln/layout/alignment", test_alignment);
  g_test_add_func ("/kiln/layout/files", test_files);
  g_test_add_func ("/kiln/layout/messages", test_messages);
  g_test_add_func ("/kiln/layout/sort", test_sort);
  g_test_add_func ("/kiln/layout/flash-maps", test_flash_maps);
  g_test_add_func ("/kiln/layout/firmware-names", test_firmware_names);
  g_test_add_func ("/kiln/layout/at-release", test_at_release);
  g_test_add_func ("/kiln/layout/at-release-errors", test_at_release_errors);
  return g_test_run ();
}
