/* test-console-view.c: the Console tab against the virtual ESP8266's AT
 * firmware.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiln-gui-util.h"
#include "kiln-sim.h"
#include "test-gui-util.h"

/* An ESP8266 v1 image that boots (as tests/test-cli-log.c builds it). */
static GBytes *
esp8266_flash (gsize size)
{
  g_autofree guint8 *flash = g_malloc (size);
  static const guint8 data[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
  guint8 chk = 0xEF;

  memset (flash, 0xFF, size);
  flash[0] = 0xE9; flash[1] = 1; flash[2] = 0; flash[3] = 2 << 4;
  flash[4] = 0x04; flash[5] = 0x00; flash[6] = 0x10; flash[7] = 0x40;
  flash[8] = 0x00; flash[9] = 0x00; flash[10] = 0x10; flash[11] = 0x40;
  flash[12] = sizeof data; flash[13] = 0; flash[14] = 0; flash[15] = 0;
  memcpy (flash + 16, data, sizeof data);
  for (gsize i = 0; i < sizeof data; i++)
    chk ^= data[i];
  flash[(16 + sizeof data) | 15] = chk;
  flash[0x1000] = 0xEA;
  flash[size - 0x4000] = 0x05;
  return g_bytes_new_take (g_steal_pointer (&flash), size);
}

static gboolean
in_app (gpointer data)
{
  return kiln_sim_get_mode (data) == KILN_SIM_MODE_APP;
}

static gboolean
firmware_shown (gpointer data)
{
  KilnWindow *window = data;
  return gtk_widget_get_visible (window->firmware_grid);
}

/* A window with its Console shown, on a virtual ESP8266 (@port) that runs
 * its AT firmware: flashed, then reset with GPIO0 high. */
static KilnWindow *
console_on_running_board (const char  *port,
                          KilnSim    **sim)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) flash = esp8266_flash (0x100000);
  KilnWindow *window;

  *sim = kiln_sim_new_from_options (port, &error);
  g_assert_no_error (error);
  g_assert_true (kiln_sim_set_flash (*sim, 0, g_bytes_get_data (flash, NULL),
                                     g_bytes_get_size (flash), &error));
  kiln_sim_set_strap (*sim, KILN_SIM_STRAP_FLASH);
  kiln_sim_reset (*sim);
  g_assert_true (kiln_gui_test_wait (in_app, *sim, 5000));

  window = kiln_gui_test_window_new (1000, 720);
  kiln_window_set_port (window, port);
  gtk_stack_set_visible_child_name (window->bottom_stack, "console");
  return window;
}

static void
test_gmr (void)
{
  const char *port = "sim:esp8266?id=guiconsole&flash=1MB&at-version=1.7.5.0";
  g_autoptr(KilnSim) sim = NULL;
  KilnWindow *window = console_on_running_board (port, &sim);
  KilnConsoleView *console = window->console_view;
  g_autofree char *text = NULL;

  g_assert_false (gtk_widget_get_visible (window->firmware_grid));

  /* The one-click button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (console), "console.send", "s", "AT+GMR"));
  g_assert_true (kiln_console_view_get_connected (console));
  g_assert_true (kiln_gui_test_wait (firmware_shown, window, 5000));

  /* Parsed into the detected-board panel. */
  g_assert_cmpstr (gtk_label_get_label (window->firmware_labels[0]), ==, "1.7.5.0");
  for (guint i = 1; i < 4; i++)
    g_assert_cmpstr (gtk_label_get_label (window->firmware_labels[i]), !=, "");
  text = kiln_console_view_dup_text (console);
  g_assert_nonnull (strstr (text, "› AT+GMR"));
  g_assert_nonnull (strstr (text, "AT version:1.7.5.0"));
  g_assert_nonnull (strstr (text, "OK"));
  /* No screenshot here: once the firmware rows appear, laying the window
   * out at its minimum makes GTK 4.8 report the window's GtkPaned as one
   * pixel inconsistent (the same critical test-window's failure case hits),
   * and the tests treat criticals as fatal. */

  /* A typed command through the entry, and the history brings it back. */
  {
    GtkEditable *entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (console),
                                                                      KILN_TYPE_CONSOLE_VIEW,
                                                                      "entry"));
    gtk_editable_set_text (entry, "AT");
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  }

  kiln_console_view_disconnect (console);
  g_assert_false (kiln_console_view_get_connected (console));
  kiln_gui_test_window_free (window);
  kiln_gui_test_flush (100);
  kiln_sim_forget ("guiconsole");
}

/* The rate chosen in the Console's drop-down is the rate it talks at, and
 * it is kept: a firmware that opened its console at 9600 answers there. */
static void
test_baud (void)
{
  const char *port = "sim:esp8266?id=guiconsolebaud&flash=1MB&app-baud=9600";
  g_autoptr(KilnSim) sim = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.kilnflasher.Kiln");
  KilnWindow *window = console_on_running_board (port, &sim);
  KilnConsoleView *console = window->console_view;
  GtkDropDown *rate = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (console),
                                                                    KILN_TYPE_CONSOLE_VIEW,
                                                                    "baud_dropdown"));
  g_autofree char *text = NULL;

  /* A rate the list does not offer shows as 115200. */
  g_settings_set_uint (settings, "console-baud", 12345);
  g_assert_cmpstr (kiln_choice_get_id (rate), ==, "115200");

  g_assert_true (kiln_choice_set_id (rate, "9600"));
  g_assert_cmpuint (g_settings_get_uint (settings, "console-baud"), ==, 9600);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (console), "console.send", "s", "AT+GMR"));
  g_assert_true (kiln_gui_test_wait (firmware_shown, window, 5000));
  text = kiln_console_view_dup_text (console);
  g_assert_nonnull (strstr (text, "at 9600 baud"));
  g_assert_nonnull (strstr (text, "AT version:"));

  kiln_console_view_disconnect (console);
  g_settings_reset (settings, "console-baud");
  kiln_gui_test_window_free (window);
  kiln_gui_test_flush (100);
  kiln_sim_forget ("guiconsolebaud");
}

int
main (int    argc,
      char **argv)
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add_func ("/kiln/console-view/gmr", test_gmr);
  g_test_add_func ("/kiln/console-view/baud", test_baud);
  return g_test_run ();
}
