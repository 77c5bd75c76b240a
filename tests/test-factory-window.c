/* test-factory-window.c: Factory Mode, eight virtual boards at once.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-factory-window.h"
#include "kiln-sim.h"
#include "test-gui-util.h"

#define N_BOARDS 8
#define FAULTY   6   /* fw-6, an ESP32, drops off the bus mid-write */

static gboolean
mid_flash (gpointer data)
{
  KilnFactoryWindow *factory = data;
  guint writing = 0;

  /* Most boards are well into their write and none has finished yet. */
  for (guint i = 0; i < kiln_factory_window_get_n_cards (factory); i++)
    {
      KilnBoardCard *card = kiln_factory_window_get_card (factory, i);
      double fraction = kiln_board_card_get_fraction (card);

      if (kiln_board_card_get_result (card) == KILN_BOARD_PASSED)
        return TRUE;
      if (kiln_board_card_get_running (card) && fraction >= 0.25 && fraction < 0.9)
        writing++;
    }
  return writing >= N_BOARDS - 1;
}

static gboolean
all_done (gpointer data)
{
  return !kiln_factory_window_get_running (data);
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      n++;
  return n;
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

static void
test_eight_boards (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiln-factory-XXXXXX", &error);
  g_autofree char *record = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) data = kiln_gui_test_pattern (64 * 1024, 8);
  g_autoptr(GFile) file = NULL;
  KilnWindow *window;
  KilnFactoryWindow *factory;
  gpointer weak;
  guint passed = 0, failed = 0;

  g_assert_no_error (error);
  record = g_build_filename (dir, "records", "boards.csv", NULL);
  path = kiln_gui_test_write (dir, "app.bin", data);
  file = g_file_new_for_path (path);

  window = kiln_gui_test_window_new (1000, 720);
  g_settings_set_string (kiln_settings_get_backend (window->settings), "factory-record-path", record);
  /* Slow enough that a screenshot catches every board mid-write. */
  g_object_set (window->settings, "baud-rate", 115200u, NULL);
  kiln_window_add_file (window, file, 0x10000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.factory", NULL));
  factory = g_object_get_data (G_OBJECT (window), "kiln-factory-window");
  g_assert_true (KILN_IS_FACTORY_WINDOW (factory));
  gtk_window_set_default_size (GTK_WINDOW (factory), 1300, 780);
  kiln_gui_test_wait_drawn (GTK_WIDGET (factory));
  g_assert_cmpuint (kiln_factory_window_get_n_cards (factory), ==, 0);

  for (guint i = 1; i <= N_BOARDS; i++)
    {
      g_autofree char *port = g_strdup_printf ("sim:%s?id=fw-%u&flash=1MB&pace=1%s",
                                               i % 2 == 1 ? "esp8266" : "esp32", i,
                                               i == FAULTY ? "&fault=disconnect:40000" : "");
      kiln_factory_window_set_port_selected (factory, port, TRUE);
    }
  g_assert_cmpuint (kiln_factory_window_get_n_cards (factory), ==, N_BOARDS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (factory), "factory.start-all", NULL));
  g_assert_true (kiln_factory_window_get_running (factory));

  g_assert_true (kiln_gui_test_wait (mid_flash, factory, 20000));
  kiln_gui_test_screenshot (GTK_WIDGET (factory), "factory-view.png");
  copy_screenshot ("factory-view.png", "kiln-factory.png");

  g_assert_true (kiln_gui_test_wait (all_done, factory, 30000));
  kiln_gui_test_wait_drawn (GTK_WIDGET (factory));
  kiln_gui_test_screenshot (GTK_WIDGET (factory), "factory-view-done.png");

  for (guint i = 0; i < N_BOARDS; i++)
    {
      KilnBoardCard *card = kiln_factory_window_get_card (factory, i);
      const char *port = kiln_board_card_get_port (card);
      g_autofree char *id = g_strdup_printf ("id=fw-%u&", i + 1);

      g_assert_nonnull (strstr (port, id));
      if (i + 1 == FAULTY)
        {
          g_assert_cmpint (kiln_board_card_get_result (card), ==, KILN_BOARD_FAILED);
          g_assert_nonnull (kiln_board_card_get_message (card));
          g_assert_cmpstr (kiln_board_card_get_message (card), !=, "");
          /* The card itself says why. */
          g_assert_nonnull (strstr (kiln_board_card_get_status (card),
                                    kiln_board_card_get_message (card)));
          failed++;
        }
      else
        {
          g_autofree char *sim_id = g_strdup_printf ("fw-%u", i + 1);
          g_autoptr(KilnSim) sim = kiln_sim_lookup (sim_id);
          gsize len = 0;
          const guint8 *flash;

          if (kiln_board_card_get_result (card) != KILN_BOARD_PASSED)
            g_printerr ("%s: %s\n", port, kiln_board_card_get_status (card));
          g_assert_cmpint (kiln_board_card_get_result (card), ==, KILN_BOARD_PASSED);
          g_assert_null (kiln_board_card_get_message (card));
          g_assert_nonnull (sim);
          flash = kiln_sim_get_flash (sim, &len);
          g_assert_cmpuint (len, >=, 0x10000 + g_bytes_get_size (data));
          g_assert_cmpmem (flash + 0x10000, g_bytes_get_size (data),
                           g_bytes_get_data (data, NULL), g_bytes_get_size (data));
          passed++;
        }
    }
  g_assert_cmpuint (passed, ==, N_BOARDS - 1);
  g_assert_cmpuint (failed, ==, 1);
  g_assert_cmpstr (kiln_factory_window_get_summary (factory), ==, "7 passed, 1 failed");

  /* One record per board, written as each finished (CSV: a header line). */
  g_assert_true (g_file_test (record, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_lines (record), ==, N_BOARDS + 1);

  weak = factory;
  g_object_add_weak_pointer (G_OBJECT (factory), &weak);
  gtk_window_destroy (GTK_WINDOW (factory));
  kiln_gui_test_flush (50);
  g_assert_null (weak);
  g_assert_null (g_object_get_data (G_OBJECT (window), "kiln-factory-window"));
  kiln_gui_test_window_free (window);

  for (guint i = 1; i <= N_BOARDS; i++)
    {
      g_autofree char *sim_id = g_strdup_printf ("fw-%u", i);
      kiln_sim_forget (sim_id);
    }
  kiln_gui_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add_func ("/kiln/factory-window/eight-boards", test_eight_boards);
  return g_test_run ();
}
