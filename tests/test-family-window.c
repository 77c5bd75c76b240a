/* test-family-window.c: the app with the newer chips of the family — an
 * ESP32-C3 on its own USB-Serial/JTAG port in the main window, and Factory
 * Mode with an ESP8266, an ESP32, an ESP32-C3 and an ESP32-S3 side by side.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiln-factory-window.h"
#include "kiln-sim.h"
#include "test-gui-util.h"

static void
assert_flash_equals (const char *id,
                     guint32     address,
                     GBytes     *data)
{
  g_autoptr(KilnSim) sim = kiln_sim_lookup (id);
  gsize len = 0;
  const guint8 *flash;

  g_assert_nonnull (sim);
  flash = kiln_sim_get_flash (sim, &len);
  g_assert_cmpuint (len, >=, address + g_bytes_get_size (data));
  g_assert_cmpmem (flash + address, g_bytes_get_size (data), g_bytes_get_data (data, NULL),
                   g_bytes_get_size (data));
}

static void
copy_screenshot (const char *name,
                 const char *dest)
{
  g_autofree char *src = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", name, NULL);
  g_autofree char *dst = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "screenshots",
                                           dest, NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (dst, contents, len, NULL));
}

/* A C3 dev board plugged in by its USB-C socket: no bridge, the chip's own
 * USB-Serial/JTAG.  The window writes 1 MiB through it (resetting over USB,
 * reopening the port as the chip re-enumerates, stopping the watchdogs that
 * would otherwise reset it a second after each reset here) and the Detected Board
 * panel names it. */
static void
test_c3_usb_serial_jtag (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiln-family-XXXXXX", &error);
  g_autoptr(GBytes) data = kiln_gui_test_pattern (1024 * 1024, 21);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  KilnWindow *window;

  g_assert_no_error (error);
  path = kiln_gui_test_write (dir, "app.bin", data);
  file = g_file_new_for_path (path);
  window = kiln_gui_test_window_new (1000, 720);
  kiln_window_add_file (window, file, 0x10000);
  kiln_window_set_port (window, "sim:esp32c3?id=gui-c3&usb=serial-jtag&wdt-ms=1000&write-ms=0.3"
                                "&flash=4MB");

  g_assert_true (kiln_gui_test_flash (window, 60000));
  if (window->outcome != KILN_OUTCOME_SUCCESS)
    kiln_gui_test_dump_log (window);
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  assert_flash_equals ("gui-c3", 0x10000, data);
  g_assert_true (kiln_region_row_get_state (kiln_window_get_row (window, 0)) == KILN_ROW_VERIFIED);

  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->log_view);
    GtkTextIter start, end;
    g_autofree char *log = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    log = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (log, "Stopped the RTC watchdog"));
    g_assert_null (strstr (log, "reset itself"));
  }
  g_assert_cmpstr (gtk_label_get_label (window->device_chip_label), ==, "ESP32-C3 (revision v0.4)");
  g_assert_cmpstr (gtk_label_get_label (window->device_mac_label), ==, "34:85:18:12:34:56");
  g_assert_cmpstr (gtk_label_get_label (window->device_crystal_label), ==, "40 MHz");
  g_test_message ("flash: %s", gtk_label_get_label (window->device_flash_label));
  g_assert_nonnull (strstr (gtk_label_get_label (window->device_flash_label), "MiB"));
  g_assert_nonnull (strstr (gtk_label_get_label (window->device_flash_label), "c8 4016"));

  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "family-c3-usb.png");
  kiln_gui_test_window_free (window);
  kiln_sim_forget ("gui-c3");
  kiln_gui_test_rm_rf (dir);
}

/* ---- Factory Mode with mixed chips ---------------------------------------- */

static const struct
{
  const char *id;
  const char *port;
} boards[] = {
  { "fm-8266", "sim:esp8266?id=fm-8266&flash=1MB&pace=1" },
  { "fm-32", "sim:esp32?id=fm-32&flash=4MB&pace=1" },
  { "fm-c3", "sim:esp32c3?id=fm-c3&usb=serial-jtag&flash=4MB&pace=1&write-ms=0.6" },
  { "fm-s3", "sim:esp32s3?id=fm-s3&flash=8MB&pace=1" },
};

static gboolean
all_writing (gpointer data)
{
  KilnFactoryWindow *factory = data;

  for (guint i = 0; i < kiln_factory_window_get_n_cards (factory); i++)
    {
      KilnBoardCard *card = kiln_factory_window_get_card (factory, i);
      double fraction = kiln_board_card_get_fraction (card);

      if (!kiln_board_card_get_running (card) || fraction < 0.2 || fraction > 0.9)
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_done (gpointer data)
{
  return !kiln_factory_window_get_running (data);
}

static void
test_factory_mixed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiln-family-XXXXXX", &error);
  g_autofree char *record = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) data = kiln_gui_test_pattern (48 * 1024, 22);
  g_autoptr(GFile) file = NULL;
  g_autofree char *csv = NULL;
  KilnWindow *window;
  KilnFactoryWindow *factory;

  g_assert_no_error (error);
  record = g_build_filename (dir, "boards.csv", NULL);
  path = kiln_gui_test_write (dir, "app.bin", data);
  file = g_file_new_for_path (path);

  window = kiln_gui_test_window_new (1000, 720);
  g_settings_set_string (kiln_settings_get_backend (window->settings), "factory-record-path", record);
  g_object_set (window->settings, "baud-rate", 115200u, NULL);
  kiln_window_add_file (window, file, 0x10000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.factory", NULL));
  factory = g_object_get_data (G_OBJECT (window), "kiln-factory-window");
  g_assert_true (KILN_IS_FACTORY_WINDOW (factory));
  gtk_window_set_default_size (GTK_WINDOW (factory), 1300, 520);
  kiln_gui_test_wait_drawn (GTK_WIDGET (factory));

  for (guint i = 0; i < G_N_ELEMENTS (boards); i++)
    kiln_factory_window_set_port_selected (factory, boards[i].port, TRUE);
  g_assert_cmpuint (kiln_factory_window_get_n_cards (factory), ==, G_N_ELEMENTS (boards));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (factory), "factory.start-all", NULL));
  g_assert_true (kiln_gui_test_wait (all_writing, factory, 30000));
  kiln_gui_test_screenshot (GTK_WIDGET (factory), "family-factory.png");
  copy_screenshot ("family-factory.png", "kiln-factory-family.png");

  g_assert_true (kiln_gui_test_wait (all_done, factory, 60000));
  kiln_gui_test_wait_drawn (GTK_WIDGET (factory));
  kiln_gui_test_screenshot (GTK_WIDGET (factory), "family-factory-done.png");

  for (guint i = 0; i < G_N_ELEMENTS (boards); i++)
    {
      KilnBoardCard *card = kiln_factory_window_get_card (factory, i);

      g_assert_cmpstr (kiln_board_card_get_port (card), ==, boards[i].port);
      if (kiln_board_card_get_result (card) != KILN_BOARD_PASSED)
        g_printerr ("%s: %s\n", boards[i].port, kiln_board_card_get_status (card));
      g_assert_cmpint (kiln_board_card_get_result (card), ==, KILN_BOARD_PASSED);
      assert_flash_equals (boards[i].id, 0x10000, data);
    }
  g_assert_cmpstr (kiln_factory_window_get_summary (factory), ==, "4 passed, 0 failed");

  /* The record names each board's chip and MAC. */
  g_assert_true (g_file_get_contents (record, &csv, NULL, NULL));
  g_test_message ("%s", csv);
  g_assert_nonnull (strstr (csv, "\"esp8266\",\"18:fe:34:12:34:56\""));
  g_assert_nonnull (strstr (csv, "\"esp32\",\"24:0a:c4:12:34:56\""));
  g_assert_nonnull (strstr (csv, "\"esp32c3\",\"34:85:18:12:34:56\""));
  g_assert_nonnull (strstr (csv, "\"esp32s3\",\"f4:12:fa:12:34:56\""));

  gtk_window_destroy (GTK_WINDOW (factory));
  kiln_gui_test_flush (50);
  kiln_gui_test_window_free (window);
  for (guint i = 0; i < G_N_ELEMENTS (boards); i++)
    kiln_sim_forget (boards[i].id);
  kiln_gui_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
  g_test_add_func ("/kiln/family-window/c3-usb-serial-jtag", test_c3_usb_serial_jtag);
  g_test_add_func ("/kiln/family-window/factory-mixed-chips", test_factory_mixed);
  return g_test_run ();
}
