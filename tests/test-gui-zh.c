/* test-gui-zh.c: the window in Simplified Chinese, from the build tree's
 * translations, and its screenshot.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kiln-sim.h"
#include "test-gui-util.h"

static void
test_zh_cn (void)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiln-gui-zh-XXXXXX", &error);
  struct { const char *name; guint32 address; gsize size; } files[] = {
    { "boot_v1.7.bin", 0x0, 4080 },
    { "user1.2048.new.5.bin", 0x1000, 420 * 1024 },
    { "esp_init_data_default_v08.bin", 0x1FC000, 128 },
    { "blank.bin", 0x1FE000, 4096 },
  };

  g_assert_no_error (error);

  /* The UI is translated: the Start button and a row's state. */
  g_assert_cmpstr (gtk_button_get_label (window->start_button), ==, "开始(_S)");

  g_object_set (window->settings, "chip", "esp8266", NULL);
  /* The files are patterns standing in for the AT release, not firmware:
   * the boot check would rightly find nothing bootable.  Its verdict in
   * the window is test-bootcheck-window's subject. */
  g_object_set (window->settings, "check-boot", FALSE, NULL);
  g_object_set (window->settings, "flash-size", "2MB-c1", "flash-mode", "qio",
                "crystal", "26m", "baud-rate", 460800u, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) data = kiln_gui_test_pattern (files[i].size, 20 + i);
      g_autofree char *path = kiln_gui_test_write (dir, files[i].name, data);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      kiln_window_add_file (window, file, files[i].address);
    }
  kiln_window_set_port (window, "sim:esp8266?id=guizh&flash=4MB");

  g_assert_true (kiln_gui_test_flash (window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (window->summary_label), "已写入 4 个文件"));

  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-main-window-zh_CN.png");

  kiln_gui_test_window_free (window);
  kiln_gui_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything reads the locale: Chinese, from <build>/po. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("KILN_UNINSTALLED", "1", TRUE);

  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add_func ("/kiln/gui-zh/at-firmware", test_zh_cn);
  return g_test_run ();
}
