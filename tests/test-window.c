/* test-window.c: the main window, end to end against the virtual board.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-gui-util.h"
#include "kiln-preferences-window.h"
#include "kiln-sim.h"
#include "kiln-test-images.h"
#include "test-gui-util.h"

typedef KilnGuiTestDir Fixture;

static GFile *
write_file (Fixture    *f,
            const char *name,
            GBytes     *data)
{
  g_autofree char *path = kiln_gui_test_write (f->dir, name, data);
  return g_file_new_for_path (path);
}

static void
assert_flash_equals (KilnSim *sim,
                     guint32  address,
                     GBytes  *data)
{
  gsize len = 0;
  const guint8 *flash = kiln_sim_get_flash (sim, &len);
  gsize size = g_bytes_get_size (data);

  g_assert_cmpuint (address + size, <=, len);
  g_assert_cmpmem (flash + address, size, g_bytes_get_data (data, NULL), size);
}

static void
test_new_destroy (Fixture       *f,
                  gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);

  /* Nothing to write yet: Start is off, Stop is hidden, the list says
   * how to begin. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->stop_button)));
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 0);
  g_assert_false (kiln_window_get_busy (window));

  /* The app icon is found even before installation (About, window lists). */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          APP_ID));

  /* Copy and Clear belong to the Log tab only. */
  g_assert_true (gtk_widget_get_visible (window->clear_log_button));
  gtk_stack_set_visible_child_name (window->bottom_stack, "console");
  g_assert_false (gtk_widget_get_visible (window->clear_log_button));
  gtk_stack_set_visible_child_name (window->bottom_stack, "log");
  g_assert_true (gtk_widget_get_visible (window->copy_log_button));

  /* The virtual boards are listed, and say they are virtual. */
  {
    GListModel *ports = gtk_drop_down_get_model (window->port_dropdown);
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (ports); i++)
      {
        g_autoptr(KilnPortItem) item = g_list_model_get_item (ports, i);
        if (g_str_equal (kiln_port_item_get_name (item), "sim:esp8266"))
          {
            found = TRUE;
            g_assert_true (kiln_port_item_get_is_virtual (item));
            g_assert_nonnull (strstr (kiln_port_item_get_details (item), "Virtual"));
          }
      }
    g_assert_true (found);
    g_assert_false (g_str_has_prefix (kiln_window_get_port (window), "/dev/ttyS"));
  }

  kiln_gui_test_window_free (window);
}

static void
test_invalid_row (Fixture       *f,
                  gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) a = kiln_gui_test_pattern (0x2000, 1);
  g_autoptr(GBytes) b = kiln_gui_test_pattern (0x1000, 2);
  g_autoptr(GFile) file_a = write_file (f, "a.bin", a);
  g_autoptr(GFile) file_b = write_file (f, "b.bin", b);
  g_autoptr(GFile) missing = g_file_new_build_filename (f->dir, "missing.bin", NULL);
  KilnRegionRow *row_a, *row_b, *row_c;

  kiln_window_set_port (window, "sim:esp8266?id=guiinvalid&flash=1MB");

  /* a.bin covers 0x0–0x1fff: b.bin at 0x1000 overlaps it. */
  row_a = kiln_window_add_file (window, file_a, 0x0);
  row_b = kiln_window_add_file (window, file_b, 0x1000);
  g_assert_cmpint (kiln_region_row_get_state (row_a), ==, KILN_ROW_READY);
  g_assert_cmpint (kiln_region_row_get_state (row_b), ==, KILN_ROW_PROBLEM);
  g_assert_nonnull (strstr (kiln_region_row_get_problem (row_b), "overlaps"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.flash", NULL) &&
                  kiln_window_get_busy (window));

  /* Typing a free address fixes it. */
  kiln_region_row_set_address_text (row_b, "0x2000");
  g_assert_cmpint (kiln_region_row_get_state (row_b), ==, KILN_ROW_READY);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));

  /* A misaligned address says which addresses would work. */
  kiln_region_row_set_address_text (row_b, "0x2100");
  g_assert_cmpint (kiln_region_row_get_state (row_b), ==, KILN_ROW_PROBLEM);
  g_assert_nonnull (strstr (kiln_region_row_get_problem (row_b), "0x1000"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));
  kiln_region_row_set_address_text (row_b, "0x2000");

  /* "10000" without 0x is decimal, and misaligned: the row suggests hex. */
  kiln_region_row_set_address_text (row_b, "10000");
  g_assert_cmpint (kiln_region_row_get_state (row_b), ==, KILN_ROW_PROBLEM);
  g_assert_nonnull (strstr (kiln_region_row_get_problem (row_b), "0x10000?"));
  kiln_region_row_set_address_text (row_b, "0x2000");

  /* A file that does not exist (a project moved away from its files). */
  row_c = kiln_window_add_file (window, missing, 0x10000);
  g_assert_cmpint (kiln_region_row_get_state (row_c), ==, KILN_ROW_PROBLEM);
  g_assert_nonnull (strstr (kiln_region_row_get_problem (row_c), "does not exist"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));

  /* Switched off, it no longer counts. */
  kiln_region_row_set_enabled (row_c, FALSE);
  g_assert_cmpint (kiln_region_row_get_state (row_c), ==, KILN_ROW_OFF);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));

  /* A file beyond the end of the chosen flash size. */
  g_object_set (window->settings, "chip", "esp8266", NULL);
  g_object_set (window->settings, "flash-size", "512KB", NULL);
  kiln_region_row_set_address_text (row_b, "0x7F800");
  g_assert_cmpint (kiln_region_row_get_state (row_b), ==, KILN_ROW_PROBLEM);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));

  kiln_gui_test_window_free (window);
}

static void
test_flash (Fixture       *f,
            gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) boot = kiln_gui_test_pattern (0x1800, 3);
  g_autoptr(GBytes) app = kiln_gui_test_pattern (0x9000, 4);
  g_autoptr(GFile) file_boot = write_file (f, "boot.bin", boot);
  g_autoptr(GFile) file_app = write_file (f, "app.bin", app);
  g_autoptr(KilnSim) sim = NULL;
  KilnRegionRow *row;

  g_autoptr(KilnProject) project = kiln_project_new ();
  g_autofree char *project_path = g_build_filename (f->dir, "two.kiln.json", NULL);
  g_autoptr(GFile) project_file = g_file_new_for_path (project_path);
  g_autoptr(GError) error = NULL;

  /* A project with two rows and the virtual board as its port, written
   * by the core as a saved project would be. */
  g_free (project->chip);
  project->chip = g_strdup ("esp8266");
  g_free (project->port);
  project->port = g_strdup ("sim:esp8266?id=guitest&flash=1MB");
  project->baud = 460800;
  kiln_project_add_row (project, TRUE, g_file_peek_path (file_boot), 0x0);
  kiln_project_add_row (project, TRUE, g_file_peek_path (file_app), 0x10000);
  g_assert_true (kiln_project_save (project, project_path, &error));
  g_assert_no_error (error);

  g_assert_true (kiln_window_load_project (window, project_file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 2);
  g_assert_cmpstr (kiln_window_get_port (window), ==, "sim:esp8266?id=guitest&flash=1MB");
  g_assert_cmpstr (kiln_window_get_chip_name (window), ==, "esp8266");
  g_assert_cmpstr (gtk_label_get_label (window->title_label), ==, "two");

  g_assert_true (kiln_gui_test_flash (window, 30000));

  /* The board holds exactly the files. */
  sim = kiln_sim_lookup ("guitest");
  g_assert_nonnull (sim);
  assert_flash_equals (sim, 0x0, boot);
  assert_flash_equals (sim, 0x10000, app);

  /* The window says so. */
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  for (guint i = 0; i < 2; i++)
    {
      KilnRowState state;
      row = kiln_window_get_row (window, i);
      state = kiln_region_row_get_state (row);
      g_assert_true (state == KILN_ROW_VERIFIED || state == KILN_ROW_WRITTEN);
    }
  g_assert_true (gtk_revealer_get_reveal_child (window->summary_revealer));
  g_assert_nonnull (strstr (gtk_label_get_label (window->summary_label), "Wrote 2 files"));
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->stop_button)));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (window->progress_bar), ==, 1.0);
  g_assert_cmpint (gtk_stack_get_visible_child_name (window->device_stack)[0], ==, 'i');

  kiln_gui_test_window_free (window);
}

static gboolean
writing_started (gpointer data)
{
  KilnWindow *window = data;
  KilnRegionRow *row = kiln_window_get_row (window, 0);

  return !kiln_window_get_busy (window) ||
         (kiln_region_row_get_state (row) == KILN_ROW_WRITING &&
          gtk_progress_bar_get_fraction (window->progress_bar) > 0.02);
}

static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  /* 192 KiB at 115200 baud on a paced wire: about 17 s, far longer than
   * the test waits. */
  g_autoptr(GBytes) big = kiln_gui_test_pattern (192 * 1024, 5);
  g_autoptr(GBytes) small = kiln_gui_test_pattern (0x1000, 6);
  g_autoptr(GFile) file_big = write_file (f, "big.bin", big);
  g_autoptr(GFile) file_small = write_file (f, "small.bin", small);
  g_autoptr(KilnSim) sim = NULL;
  KilnRegionRow *row_big, *row_small;
  gint64 stop_time, stopped_time;

  g_object_set (window->settings, "baud-rate", 115200u, NULL);
  row_big = kiln_window_add_file (window, file_big, 0x20000);
  kiln_window_set_port (window, "sim:esp8266?id=guistop&flash=1MB&pace=1");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flash", NULL));
  g_assert_true (kiln_window_get_busy (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->stop_button)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));
  g_assert_true (kiln_gui_test_wait (writing_started, window, 20000));
  g_assert_true (kiln_window_get_busy (window));

  /* Stop, as the Stop button does. */
  stop_time = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  g_assert_true (kiln_gui_test_wait_job (window, 5000));
  stopped_time = g_get_monotonic_time ();
  g_test_message ("stopped %.0f ms after Stop", (stopped_time - stop_time) / 1000.0);
  g_assert_cmpint (stopped_time - stop_time, <, 1500 * 1000);

  /* Stopped cleanly: no error banner, a word on the board's state. */
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_STOPPED);
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (window->summary_label), "Stopped"));
  g_assert_cmpint (kiln_region_row_get_state (row_big), !=, KILN_ROW_WRITING);
  g_assert_cmpint (kiln_region_row_get_state (row_big), !=, KILN_ROW_VERIFIED);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));

  /* The port was let go: a new Start works. */
  kiln_region_row_set_enabled (row_big, FALSE);
  row_small = kiln_window_add_file (window, file_small, 0x40000);
  g_assert_true (kiln_gui_test_flash (window, 20000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_true (kiln_region_row_get_state (row_small) == KILN_ROW_VERIFIED ||
                 kiln_region_row_get_state (row_small) == KILN_ROW_WRITTEN);
  sim = kiln_sim_lookup ("guistop");
  g_assert_nonnull (sim);
  assert_flash_equals (sim, 0x40000, small);

  kiln_gui_test_window_free (window);
}

/* Seed 000: Espressif's AT firmware on an ESP-12F, four files at four
 * addresses, 16Mbit-C1, QIO, 26 MHz crystal, 460800 baud.  The app's
 * screenshot (data/screenshots/) comes from here. */
static void
test_at_firmware (Fixture       *f,
                  gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  struct { const char *name; guint32 address; gsize size; } files[] = {
    { "boot_v1.7.bin", 0x0, 4080 },
    { "user1.2048.new.5.bin", 0x1000, 420 * 1024 },
    { "esp_init_data_default_v08.bin", 0x1FC000, 128 },
    { "blank.bin", 0x1FE000, 4096 },
  };
  GBytes *datas[G_N_ELEMENTS (files)];
  g_autoptr(KilnSim) sim = NULL;

  g_object_set (window->settings, "chip", "esp8266", NULL);
  /* The files are patterns standing in for the AT release, not firmware:
   * the boot check would rightly find nothing bootable (its verdicts are
   * test-bootcheck-window's subject). */
  g_object_set (window->settings, "check-boot", FALSE, NULL);
  g_object_set (window->settings,
                "flash-size", "2MB-c1",
                "flash-mode", "qio",
                "flash-freq", "40m",
                "crystal", "26m",
                "baud-rate", 460800u,
                NULL);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GFile) file = NULL;

      datas[i] = kiln_gui_test_pattern (files[i].size, 10 + i);
      file = write_file (f, files[i].name, datas[i]);
      kiln_window_add_file (window, file, files[i].address);
    }
  kiln_window_set_port (window, "sim:esp8266?id=guiat&flash=4MB");

  g_assert_true (kiln_gui_test_flash (window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);

  sim = kiln_sim_lookup ("guiat");
  g_assert_cmpstr (gtk_label_get_label (window->device_loader_label), ==, "Kiln stub 1");
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      assert_flash_equals (sim, files[i].address, datas[i]);
      /* Kiln's own stub runs by default and checks every row by MD5. */
      g_assert_cmpint (kiln_region_row_get_state (kiln_window_get_row (window, i)), ==,
                       KILN_ROW_VERIFIED);
      g_bytes_unref (datas[i]);
    }

  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-main-window.png");

  kiln_gui_test_window_free (window);
}

/* The board drops off mid-write: the error is shown in a banner that says
 * what to do, the row says it failed, and Try Again is offered. */
static void
test_failure (Fixture       *f,
              gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) big = kiln_gui_test_pattern (64 * 1024, 9);
  g_autoptr(GFile) file = write_file (f, "app.bin", big);
  KilnRegionRow *row;

  row = kiln_window_add_file (window, file, 0x10000);
  kiln_window_set_port (window, "sim:esp8266?id=guifail&flash=1MB&fault=disconnect:20000");
  g_assert_true (kiln_gui_test_flash (window, 20000));

  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_FAILED);
  g_assert_true (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->banner_retry_button)));
  g_assert_cmpstr (gtk_label_get_label (window->banner_label), !=, "");
  g_assert_cmpint (kiln_region_row_get_state (row), ==, KILN_ROW_FAILED);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));

  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-error.png");
  /* The long error wraps in the banner and under the progress bar: the
   * window keeps the size it had. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1000);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 720);

  /* Dismissed, it goes away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-banner", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));

  kiln_gui_test_window_free (window);
}

static gboolean
port_listed (gpointer data)
{
  KilnWindow *window = data;
  return kiln_port_model_find (window->ports, "sim:gui-hotplug", NULL);
}

/* A port that appears is listed within the refresh (a worker thread lists
 * them), and the selected port stays selected. */
static void
test_port_refresh (Fixture       *f,
                   gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  KilnPortItem *item;
  guint position;

  kiln_window_set_port (window, "sim:esp32");
  g_assert_false (kiln_port_model_find (window->ports, "sim:gui-hotplug", NULL));

  kiln_transport_register_listed_port ("sim:gui-hotplug", "Virtual board plugged in by a test");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh-ports", NULL));
  g_assert_true (kiln_gui_test_wait (port_listed, window, 5000));

  g_assert_cmpstr (kiln_window_get_port (window), ==, "sim:esp32");
  g_assert_true (kiln_port_model_find (window->ports, "sim:gui-hotplug", &position));
  item = g_list_model_get_item (G_LIST_MODEL (window->ports), position);
  g_assert_true (kiln_port_item_get_is_virtual (item));
  g_assert_cmpstr (kiln_port_item_get_title (item), ==, "sim:gui-hotplug");
  g_object_unref (item);

  kiln_gui_test_window_free (window);
}

static gboolean
log_explained (gpointer data)
{
  return g_strcmp0 (kiln_bootlog_view_get_diagnosis (data), "GPIO15 is high at reset") == 0;
}

/* Files dropped on the list become rows: NodeMCU's 0x10000.bin goes to
 * 0x10000, a file without an address right after the previous one. */
static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) a = kiln_gui_test_pattern (0x1800, 11);
  g_autoptr(GBytes) b = kiln_gui_test_pattern (0x800, 12);
  g_autoptr(GFile) file_a = write_file (f, "0x10000.bin", a);
  g_autoptr(GFile) file_b = write_file (f, "spiffs.bin", b);
  g_autoptr(GSList) files = NULL;

  files = g_slist_append (files, file_a);
  files = g_slist_append (files, file_b);
  g_assert_true (kiln_window_drop_files (window, files));
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 2);
  g_assert_cmpstr (kiln_region_row_get_address_text (kiln_window_get_row (window, 0)), ==, "0x10000");
  g_assert_cmpstr (kiln_region_row_get_address_text (kiln_window_get_row (window, 1)), ==, "0x12000");
  g_assert_cmpint (kiln_region_row_get_state (kiln_window_get_row (window, 1)), ==, KILN_ROW_READY);

  /* A saved boot log is explained in the Boot Log, not written. */
  {
    static const char log[] = "ets Jan  8 2013,rst cause:1, boot mode:(7,7)\r\nwaiting for host\r\n";
    g_autoptr(GBytes) text = g_bytes_new_static (log, strlen (log));
    g_autoptr(GFile) saved = write_file (f, "putty.LOG", text);
    g_autoptr(GSList) one = g_slist_append (NULL, saved);
    g_autoptr(GSList) mixed = g_slist_append (g_slist_append (NULL, file_b), saved);

    g_assert_true (kiln_window_drop_files (window, one));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (window->bottom_stack), ==, "bootlog");
    g_assert_true (kiln_gui_test_wait (log_explained, window->bootlog_view, 5000));
    g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 2);

    /* With firmware files, nothing is taken, and the banner says why. */
    g_assert_false (kiln_window_drop_files (window, mixed));
    g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 2);
    g_assert_true (g_str_has_prefix (gtk_label_get_label (window->banner_label),
                                     "Drop a boot log on its own"));
  }

  kiln_gui_test_window_free (window);
}

static gboolean
busy_done (gpointer data)
{
  return !kiln_window_get_busy (data);
}

/* Erase a range, then read it back into a file: both through the
 * window's popovers' entries and the virtual board. */
static void
test_erase_and_read (Fixture       *f,
                     gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) image = kiln_gui_test_pattern (0x3000, 13);
  g_autoptr(GFile) file = write_file (f, "image.bin", image);
  g_autofree char *dump_path = g_build_filename (f->dir, "dump.bin", NULL);
  g_autoptr(GFile) dump = g_file_new_for_path (dump_path);
  g_autoptr(KilnSim) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const guint8 *flash;
  gsize flash_len;

  kiln_window_add_file (window, file, 0x20000);
  kiln_window_set_port (window, "sim:esp8266?id=guierase&flash=1MB");
  g_assert_true (kiln_gui_test_flash (window, 20000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);

  /* Erase the middle sector of the image. */
  gtk_check_button_set_active (window->erase_range_check, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (window->erase_address_entry), "0x21000");
  gtk_editable_set_text (GTK_EDITABLE (window->erase_size_entry), "4K");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.erase", NULL));
  g_assert_true (kiln_window_get_busy (window));
  g_assert_true (kiln_gui_test_wait (busy_done, window, 20000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);

  sim = kiln_sim_lookup ("guierase");
  flash = kiln_sim_get_flash (sim, &flash_len);
  for (guint i = 0; i < 0x1000; i++)
    g_assert_cmpuint (flash[0x21000 + i], ==, 0xFF);
  g_assert_cmpmem (flash + 0x20000, 0x1000, g_bytes_get_data (image, NULL), 0x1000);

  /* Read the three sectors back. */
  gtk_editable_set_text (GTK_EDITABLE (window->read_address_entry), "0x20000");
  gtk_editable_set_text (GTK_EDITABLE (window->read_size_entry), "0x3000");
  g_assert_true (kiln_window_start_read (window, dump, &error));
  g_assert_no_error (error);
  g_assert_true (kiln_gui_test_wait (busy_done, window, 20000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_nonnull (strstr (gtk_label_get_label (window->summary_label), "dump.bin"));
  g_assert_true (g_file_get_contents (dump_path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, flash + 0x20000, 0x3000);

  kiln_gui_test_window_free (window);
}

/* Save, then open again in a new window: the same rows and settings. */
static void
test_project_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) a = kiln_gui_test_pattern (0x1000, 8);
  g_autoptr(GFile) file = write_file (f, "user1.2048.new.5.bin", a);
  g_autofree char *path = g_build_filename (f->dir, "at.kiln.json", NULL);
  g_autoptr(GFile) project_file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KilnRegionRow *row;

  g_object_set (window->settings, "chip", "esp8266", NULL);
  g_object_set (window->settings, "flash-size", "4MB-c1", "keep-headers", FALSE, NULL);
  row = kiln_window_add_file (window, file, 0x1000);
  /* A map-5 AT build on the 32Mbit-C1 map: Kiln says so before writing
   * (seed 000's "mismatch map 5,spi_size_map 6"). */
  g_assert_nonnull (kiln_region_row_get_warning (row));
  g_object_set (window->settings, "flash-size", "2MB-c1", NULL);
  g_assert_null (kiln_region_row_get_warning (row));

  kiln_region_row_set_enabled (row, FALSE);
  kiln_window_set_port (window, "sim:esp8266?id=guisession");
  g_assert_true (kiln_window_save_project (window, project_file, &error));
  g_assert_no_error (error);
  kiln_gui_test_window_free (window);

  /* A new session reopens the last project, whose port wins over the
   * last one used. */
  window = kiln_gui_test_window_new (1000, 720);
  g_object_set (window->settings,
                "reopen-last-project", TRUE,
                "last-project", path,
                "last-port", "sim:esp32",
                NULL);
  kiln_window_restore_session (window);
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_cmpstr (kiln_window_get_port (window), ==, "sim:esp8266?id=guisession");
  g_assert_cmpstr (gtk_label_get_label (window->title_label), ==, "at");
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 1);
  row = kiln_window_get_row (window, 0);
  g_assert_false (kiln_region_row_get_enabled (row));
  g_assert_cmpstr (kiln_region_row_get_address_text (row), ==, "0x01000");
  g_assert_cmpstr (kiln_window_get_chip_name (window), ==, "esp8266");
  g_assert_cmpstr (kiln_choice_get_id (window->size_dropdown), ==, "2MB-c1");
  kiln_gui_test_window_free (window);
}

static GtkDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_DIALOG (w);
    }
  return NULL;
}

/* A changed project is not replaced without asking: Cancel keeps it,
 * Discard goes ahead. */
static void
test_confirm_discard (Fixture       *f,
                      gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) a = kiln_gui_test_pattern (0x1000, 14);
  g_autoptr(GFile) file = write_file (f, "app.bin", a);
  g_autofree char *path = g_build_filename (f->dir, "keep.kiln.json", NULL);
  g_autoptr(GFile) project_file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkDialog *dialog;

  kiln_window_add_file (window, file, 0x10000);
  g_assert_true (kiln_window_save_project (window, project_file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_label_get_label (window->title_label), ==, "keep");

  kiln_region_row_set_address_text (kiln_window_get_row (window, 0), "0x20000");
  g_assert_cmpstr (gtk_label_get_label (window->title_label), ==, "• keep");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_dialog_response (dialog, GTK_RESPONSE_CANCEL);
  kiln_gui_test_flush (50);
  g_assert_null (find_dialog ());
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_dialog_response (dialog, GTK_RESPONSE_REJECT);
  kiln_gui_test_flush (50);
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 0);
  g_assert_cmpstr (gtk_label_get_label (window->title_label), ==, "Kiln");

  kiln_gui_test_window_free (window);
}

/* Preferences bind to the same settings the window uses. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  KilnPreferencesWindow *prefs = kiln_preferences_window_new (GTK_WINDOW (window), window->settings);
  g_autofree char *reset = NULL;
  gpointer weak = prefs;

  gtk_window_present (GTK_WINDOW (prefs));
  kiln_gui_test_wait_drawn (GTK_WIDGET (prefs));
  kiln_gui_test_screenshot (GTK_WIDGET (prefs), "kiln-preferences.png");

  g_object_set (window->settings, "reset-mode", "no-reset", "verify", FALSE, NULL);
  g_assert_false (kiln_settings_get_boolean (window->settings, "verify"));
  reset = kiln_settings_dup_string (window->settings, "reset-mode");
  g_assert_cmpstr (reset, ==, "no-reset");

  g_object_add_weak_pointer (G_OBJECT (prefs), &weak);
  gtk_window_destroy (GTK_WINDOW (prefs));
  kiln_gui_test_flush (50);
  g_assert_null (weak);
  kiln_gui_test_window_free (window);
}

/* Seed 000 the easy way: point Kiln at Espressif's AT release folder and
 * get its rows for 16Mbit-C1, the user1 build from at/ (not at_sdio/). */
static void
test_at_release (Fixture       *f,
                 gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autofree char *release = g_build_filename (f->dir, "ESP8266_NONOS_AT_Bin_V1.7.4", NULL);
  g_autofree char *at_dir = g_build_filename (release, "bin", "at", "1024+1024", NULL);
  g_autofree char *sdio_dir = g_build_filename (release, "bin", "at_sdio", "1024+1024", NULL);
  g_autofree char *bin_dir = g_build_filename (release, "bin", NULL);
  g_autoptr(GBytes) boot = kiln_gui_test_pattern (4080, 15);
  g_autoptr(GBytes) user1 = kiln_gui_test_pattern (0x1000, 16);
  g_autoptr(GBytes) init = kiln_gui_test_pattern (128, 17);
  g_autoptr(GBytes) blank = kiln_gui_test_pattern (4096, 18);
  g_autoptr(GFile) folder = g_file_new_for_path (release);
  g_autoptr(GError) error = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL;
  gboolean seen_user1 = FALSE;
  guint n;

  g_assert_cmpint (g_mkdir_with_parents (at_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (sdio_dir, 0755), ==, 0);
  p1 = kiln_gui_test_write (bin_dir, "boot_v1.7.bin", boot);
  p2 = kiln_gui_test_write (at_dir, "user1.2048.new.5.bin", user1);
  p3 = kiln_gui_test_write (sdio_dir, "user1.2048.new.5.bin", user1);
  p4 = kiln_gui_test_write (bin_dir, "esp_init_data_default_v08.bin", init);
  p5 = kiln_gui_test_write (bin_dir, "blank.bin", blank);

  g_assert_true (kiln_window_import_at_release (window, folder, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (kiln_window_get_chip_name (window), ==, "esp8266");
  g_assert_cmpstr (kiln_choice_get_id (window->size_dropdown), ==, "2MB-c1");
  n = kiln_window_get_n_rows (window);
  g_assert_cmpuint (n, >=, 4);
  g_assert_cmpstr (kiln_region_row_get_address_text (kiln_window_get_row (window, 0)), ==, "0x00000");
  for (guint i = 0; i < n; i++)
    {
      KilnRegionRow *row = kiln_window_get_row (window, i);
      g_autofree char *row_path = g_file_get_path (kiln_region_row_get_file (row));

      g_assert_cmpint (kiln_region_row_get_state (row), ==, KILN_ROW_READY);
      if (g_str_has_suffix (row_path, "user1.2048.new.5.bin"))
        {
          seen_user1 = TRUE;
          g_assert_cmpstr (row_path, ==, p2);
          g_assert_cmpstr (kiln_region_row_get_address_text (row), ==, "0x01000");
        }
    }
  g_assert_true (seen_user1);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));

  kiln_gui_test_window_free (window);
}

/* The smallest window the app promises: nothing important out of reach. */
static void
test_small_window (Fixture       *f,
                   gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (800, 600);
  g_autoptr(GBytes) a = kiln_gui_test_pattern (0x1000, 7);
  g_autoptr(GFile) file = write_file (f, "firmware-with-a-long-name-0x00000.bin", a);
  graphene_rect_t bounds;
  GtkWidget *first, *scroller;

  kiln_window_add_file (window, file, -1);
  kiln_window_add_file (window, NULL, 0x10000);
  kiln_window_set_port (window, "sim:esp32");
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 820);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 620);

  /* Start and Erase are inside the window. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->start_button),
                                            GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpfloat (bounds.size.width, >, 0);

  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-800x600.png");

  /* A write whose boot check fails fills Detected Board with the
   * diagnosis and its fix: the window still keeps its size, and the files
   * stay in view. */
  kiln_region_row_set_enabled (kiln_window_get_row (window, 1), FALSE);
  g_assert_true (kiln_gui_test_flash (window, 60000));
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_flush (200);
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-800x600-written.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 820);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 620);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->boot_check_detail)));
  g_assert_true (strstr (gtk_label_get_label (window->boot_check_detail), "Fix: ") != NULL);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->boot_check_label),
                                            GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
  first = GTK_WIDGET (kiln_window_get_row (window, 0));
  scroller = gtk_widget_get_ancestor (first, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_bounds (first, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scroller));
  kiln_gui_test_window_free (window);
}

static guint
count_in_log (KilnWindow *window,
              const char *needle)
{
  g_autofree char *log = kiln_gui_test_dup_log (window);
  guint n = 0;

  for (const char *p = strstr (log, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Detect on an ESP8285 with the ESP8266's usual QIO chosen: Kiln chooses
 * DOUT itself, before anything is written, and says so; with DOUT (or
 * Keep) chosen, nothing changes.  A write with QIO warns about the image,
 * and leaves DOUT chosen for the next. */
static void
test_esp8285_mode (Fixture       *f,
                   gconstpointer  data)
{
  const char *changed = "This board is an ESP8285, whose flash, inside the chip, reads in DOUT "
                        "only, but SPI mode was QIO: SPI mode is now DOUT.";
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autofree char *mode = NULL;

  g_object_set (window->settings, "flash-mode", "qio", NULL);
  kiln_window_set_port (window, "sim:esp8266?id=gui8285&flash=1MB&variant=esp8285");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.detect", NULL));
  g_assert_true (kiln_gui_test_wait_job (window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_cmpstr (gtk_label_get_label (window->device_chip_label), ==, "ESP8285");
  g_assert_cmpuint (count_in_log (window, "Found an ESP8285. See Detected Board."), ==, 1);
  g_assert_cmpuint (count_in_log (window, changed), ==, 1);
  mode = kiln_settings_dup_string (window->settings, "flash-mode");
  g_assert_cmpstr (mode, ==, "dout");
  g_assert_cmpstr (kiln_choice_get_id (window->mode_dropdown), ==, "dout");
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-esp8285-mode.png");

  /* DOUT chosen now, then Keep: nothing more to say. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.detect", NULL));
  g_assert_true (kiln_gui_test_wait_job (window, 30000));
  g_object_set (window->settings, "flash-mode", "keep", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.detect", NULL));
  g_assert_true (kiln_gui_test_wait_job (window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_cmpuint (count_in_log (window, "This board is an ESP8285"), ==, 1);
  g_clear_pointer (&mode, g_free);
  mode = kiln_settings_dup_string (window->settings, "flash-mode");
  g_assert_cmpstr (mode, ==, "keep");
  /* Image headers kept unchanged: the files decide, whatever SPI mode says. */
  g_object_set (window->settings, "flash-mode", "qio", "keep-headers", TRUE, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.detect", NULL));
  g_assert_true (kiln_gui_test_wait_job (window, 30000));
  g_assert_cmpuint (count_in_log (window, "This board is an ESP8285"), ==, 1);
  g_clear_pointer (&mode, g_free);
  mode = kiln_settings_dup_string (window->settings, "flash-mode");
  g_assert_cmpstr (mode, ==, "qio");
  g_object_set (window->settings, "keep-headers", FALSE, NULL);

  /* A write with QIO: the image is written as asked, with the warning,
   * and DOUT is chosen for the next. */
  g_object_set (window->settings, "flash-mode", "qio", NULL);
  {
    g_autoptr(GBytes) image = kiln_test_esp8266_v1_image (0, 0x00);
    g_autoptr(GFile) file = write_file (f, "boot.bin", image);

    kiln_window_add_file (window, file, 0x0);
    g_assert_true (kiln_gui_test_flash (window, 60000));
  }
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_cmpuint (count_in_log (window, "boot.bin asks for flash mode QIO, but this is an "
                                          "ESP8285"), ==, 1);
  g_assert_cmpuint (count_in_log (window, "but SPI mode was QIO: SPI mode is now DOUT, for the "
                                          "next write."), ==, 1);
  g_clear_pointer (&mode, g_free);
  mode = kiln_settings_dup_string (window->settings, "flash-mode");
  g_assert_cmpstr (mode, ==, "dout");
  kiln_gui_test_window_free (window);
  kiln_sim_forget ("gui8285");
}

int
main (int   argc,
      char *argv[])
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add ("/kiln/window/new-destroy", Fixture, NULL, kiln_gui_test_dir_setup, test_new_destroy, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/invalid-row", Fixture, NULL, kiln_gui_test_dir_setup, test_invalid_row, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/flash", Fixture, NULL, kiln_gui_test_dir_setup, test_flash, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/stop", Fixture, NULL, kiln_gui_test_dir_setup, test_stop, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/failure", Fixture, NULL, kiln_gui_test_dir_setup, test_failure, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/port-refresh", Fixture, NULL, kiln_gui_test_dir_setup, test_port_refresh, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/drop", Fixture, NULL, kiln_gui_test_dir_setup, test_drop, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/erase-and-read", Fixture, NULL, kiln_gui_test_dir_setup, test_erase_and_read, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/project-round-trip", Fixture, NULL, kiln_gui_test_dir_setup, test_project_round_trip, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/confirm-discard", Fixture, NULL, kiln_gui_test_dir_setup, test_confirm_discard, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/preferences", Fixture, NULL, kiln_gui_test_dir_setup, test_preferences, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/at-release", Fixture, NULL, kiln_gui_test_dir_setup, test_at_release, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/at-firmware", Fixture, NULL, kiln_gui_test_dir_setup, test_at_firmware, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/small-window", Fixture, NULL, kiln_gui_test_dir_setup, test_small_window, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/window/esp8285-mode", Fixture, NULL, kiln_gui_test_dir_setup, test_esp8285_mode, kiln_gui_test_dir_teardown);

  return g_test_run ();
}
