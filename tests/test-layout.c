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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/layout/overlap-names-both", test_overlap_names_both);
  g_test_add_func ("/kiln/layout/bounds", test_bounds);
  g_test_add_func ("/kiln/layout/alignment", test_alignment);
  g_test_add_func ("/kiln/layout/files", test_files);
  return g_test_run ();
}
