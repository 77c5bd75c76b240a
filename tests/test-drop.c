/* test-drop.c: folders and files dropped on the main window.
 *
 * The drops go through the window's own GtkDropTarget ("drop" with a
 * GdkFileList, as GTK delivers a drag from the file manager), and the rows
 * they make are compared with what the core's imports give for the same
 * folder.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-gui-util.h"
#include "test-gui-util.h"

typedef KilnGuiTestDir Fixture;

/* @name may have folders in it; they are made. */
static char *
put (Fixture    *f,
     const char *name,
     GBytes     *data)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), NULL));
  return g_steal_pointer (&path);
}

static char *
put_text (Fixture    *f,
          const char *name,
          const char *text)
{
  g_autoptr(GBytes) data = g_bytes_new_static (text, strlen (text));
  return put (f, name, data);
}

/* Drops @paths (NULL-terminated) on the window as the file manager would:
 * the "drop" signal of the window's file drop target. */
static gboolean
drop (KilnWindow         *window,
      const char * const *paths)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoslist (GFile) files = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = NULL;
  gboolean taken = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (c) &&
          gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (GTK_DROP_TARGET (c)),
                                             GDK_TYPE_FILE_LIST))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);

  for (guint i = 0; paths[i] != NULL; i++)
    files = g_slist_append (files, g_file_new_for_path (paths[i]));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_signal_emit_by_name (target, "drop", &value, 200.0, 200.0, &taken);
  kiln_gui_test_flush (20);
  return taken;
}

/* The window's rows are exactly @rows (element-type KilnFileRow). */
static void
assert_rows (KilnWindow *window,
             GPtrArray  *rows)
{
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      const KilnFileRow *want = g_ptr_array_index (rows, i);
      KilnRegionRow *row = kiln_window_get_row (window, i);
      g_autofree char *path = g_file_get_path (kiln_region_row_get_file (row));
      guint32 address = 0;

      g_assert_cmpstr (path, ==, want->path);
      g_assert_true (kiln_region_row_parse_address (row, &address, NULL));
      g_assert_cmphex (address, ==, want->address);
      g_assert_cmpint (kiln_region_row_get_enabled (row), ==, want->enabled);
    }
}

static const char esp32_flasher_args[] =
  "{\n"
  "  \"write_flash_args\": [ \"--flash_mode\", \"dio\", \"--flash_size\", \"4MB\",\n"
  "                        \"--flash_freq\", \"40m\" ],\n"
  "  \"flash_settings\": { \"flash_mode\": \"dio\", \"flash_size\": \"4MB\", \"flash_freq\": \"40m\" },\n"
  "  \"flash_files\": {\n"
  "    \"0x1000\": \"bootloader/bootloader.bin\",\n"
  "    \"0x8000\": \"partition_table/partition-table.bin\",\n"
  "    \"0x10000\": \"blink.bin\"\n"
  "  },\n"
  "  \"extra_esptool_args\": { \"after\": \"hard_reset\", \"before\": \"default_reset\",\n"
  "                           \"stub\": true, \"chip\": \"esp32\" }\n"
  "}\n";

/* An ESP-IDF build folder, and the project folder around it. */
static void
test_idf_build_folder (Fixture       *f,
                       gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) boot = kiln_gui_test_pattern (0x6000, 1);
  g_autoptr(GBytes) table = kiln_gui_test_pattern (0xC00, 2);
  g_autoptr(GBytes) app = kiln_gui_test_pattern (0x20000, 3);
  g_autofree char *args = put_text (f, "blink/build/flasher_args.json", esp32_flasher_args);
  g_autofree char *p1 = put (f, "blink/build/bootloader/bootloader.bin", boot);
  g_autofree char *p2 = put (f, "blink/build/partition_table/partition-table.bin", table);
  g_autofree char *p3 = put (f, "blink/build/blink.bin", app);
  g_autofree char *build = g_build_filename (f->dir, "blink", "build", NULL);
  g_autofree char *project = g_build_filename (f->dir, "blink", NULL);
  g_autoptr(KilnProject) want = NULL;
  g_autoptr(GError) error = NULL;

  want = kiln_project_import_flasher_args (args, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (want->rows->len, ==, 3);

  g_assert_true (drop (window, (const char *[]) { build, NULL }));
  assert_rows (window, want->rows);
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));

  /* The project folder (build/ inside it) is as good. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 0);
  g_assert_true (drop (window, (const char *[]) { project, NULL }));
  assert_rows (window, want->rows);

  kiln_gui_test_window_free (window);
}

/* Espressif's NONOS AT release, unpacked: the same rows as Import ESP8266
 * AT Release Folder. */
static void
test_at_release_folder (Fixture       *f,
                        gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) boot = kiln_gui_test_pattern (4080, 15);
  g_autoptr(GBytes) user1 = kiln_gui_test_pattern (0x1000, 16);
  g_autoptr(GBytes) init = kiln_gui_test_pattern (128, 17);
  g_autoptr(GBytes) blank = kiln_gui_test_pattern (4096, 18);
  g_autofree char *p1 = put (f, "ESP8266_NONOS_AT_Bin_V1.7.4/bin/boot_v1.7.bin", boot);
  g_autofree char *p2 = put (f, "ESP8266_NONOS_AT_Bin_V1.7.4/bin/at/1024+1024/user1.2048.new.5.bin", user1);
  g_autofree char *p3 = put (f, "ESP8266_NONOS_AT_Bin_V1.7.4/bin/at_sdio/1024+1024/user1.2048.new.5.bin", user1);
  g_autofree char *p4 = put (f, "ESP8266_NONOS_AT_Bin_V1.7.4/bin/esp_init_data_default_v08.bin", init);
  g_autofree char *p5 = put (f, "ESP8266_NONOS_AT_Bin_V1.7.4/bin/blank.bin", blank);
  g_autofree char *release = g_build_filename (f->dir, "ESP8266_NONOS_AT_Bin_V1.7.4", NULL);
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GError) error = NULL;

  want = kiln_layout_at_release_rows (release, kiln_flash_map_lookup ("16Mbit-C1"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (want->len, >=, 4);

  g_assert_true (drop (window, (const char *[]) { release, NULL }));
  assert_rows (window, want);
  g_assert_cmpstr (kiln_window_get_chip_name (window), ==, "esp8266");
  g_assert_cmpstr (kiln_choice_get_id (window->size_dropdown), ==, "2MB-c1");
  g_assert_cmpstr (gtk_label_get_label (window->title_label), ==, "Kiln");

  kiln_gui_test_window_free (window);
}

/* A folder with an ESP Web Tools manifest.json. */
static void
test_web_tools_folder (Fixture       *f,
                       gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) fw = kiln_gui_test_pattern (0x8000, 19);
  g_autofree char *manifest = put_text (f, "web/manifest.json",
    "{ \"name\": \"Lamp\", \"builds\": [ { \"chipFamily\": \"ESP8266\",\n"
    "  \"parts\": [ { \"path\": \"lamp.bin\", \"offset\": 0 } ] } ] }\n");
  g_autofree char *p1 = put (f, "web/lamp.bin", fw);
  g_autofree char *folder = g_build_filename (f->dir, "web", NULL);
  g_autoptr(KilnProject) want = NULL;
  g_autoptr(GError) error = NULL;

  want = kiln_project_import_manifest (manifest, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (drop (window, (const char *[]) { folder, NULL }));
  assert_rows (window, want->rows);
  g_assert_cmpstr (kiln_window_get_chip_name (window), ==, "esp8266");

  kiln_gui_test_window_free (window);
}

/* Anything else: one message saying what Kiln looks for; the rows stay. */
static void
test_other_folder (Fixture       *f,
                   gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) a = kiln_gui_test_pattern (0x1000, 20);
  g_autofree char *p1 = put (f, "photos/cat.jpg", a);
  g_autofree char *p2 = put (f, "keep/app.bin", a);
  g_autofree char *folder = g_build_filename (f->dir, "photos", NULL);
  const char *message;

  g_assert_true (drop (window, (const char *[]) { p2, NULL }));
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 1);

  drop (window, (const char *[]) { folder, NULL });
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 1);
  g_assert_true (gtk_revealer_get_reveal_child (window->banner_revealer));
  message = gtk_label_get_label (window->banner_label);
  g_assert_nonnull (strstr (message, "“photos” is not a folder Kiln can import"));
  g_assert_nonnull (strstr (message, "flasher_args.json"));
  g_assert_nonnull (strstr (message, "manifest.json"));
  g_assert_nonnull (strstr (message, "boot_v1.x.bin"));

  /* A folder among files is refused as a whole. */
  kiln_window_hide_banner (window);
  g_assert_false (drop (window, (const char *[]) { p2, folder, NULL }));
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_label (window->banner_label), "one folder at a time"));

  kiln_gui_test_window_free (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add ("/kiln/drop/idf-build-folder", Fixture, NULL, kiln_gui_test_dir_setup, test_idf_build_folder, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/drop/at-release-folder", Fixture, NULL, kiln_gui_test_dir_setup, test_at_release_folder, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/drop/web-tools-folder", Fixture, NULL, kiln_gui_test_dir_setup, test_web_tools_folder, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/drop/other-folder", Fixture, NULL, kiln_gui_test_dir_setup, test_other_folder, kiln_gui_test_dir_teardown);

  return g_test_run ();
}
