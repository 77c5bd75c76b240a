/* test-bootcheck-window.c: "Check the boot after writing" in the app.
 *
 * The seed-000 AT layout written from the window to a virtual ESP8266:
 * with 16Mbit-C1 the verdict under Detected Board names the AT versions,
 * with 32Mbit-C1 it says the firmware did not come up, why and what to
 * do.  Both are saved as screenshots.  With the switch off there is no
 * check.  ESP-AT that takes its commands on UART1 (a virtual ESP32) gets
 * the wiring under its verdict.  Inspect Flash puts its verdict in the
 * same place.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiln-sim.h"
#include "kiln-test-images.h"
#include "kiln-test-util.h"
#include "test-gui-util.h"

typedef KilnGuiTestDir Fixture;

static void
add_file (KilnWindow *window,
          Fixture    *f,
          const char *name,
          GBytes     *data,
          guint32     address)
{
  g_autofree char *path = kiln_gui_test_write (f->dir, name, data);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  kiln_window_add_file (window, file, address);
}

/* Stand-ins for the seed-000 files (see tests/test-bootcheck.c): a v1
 * boot loader, a user image built for map 5, init data, blank. */
static KilnWindow *
at_window_with_user1_at (Fixture    *f,
                         const char *size,
                         guint32     init_data_at,
                         const char *sim_id,
                         guint32     user1_at)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) boot = kiln_test_esp8266_v1_image (0x00, 0x00);
  g_autoptr(GBytes) user1_body = kiln_gui_test_pattern (64 * 1024, 7);
  g_autoptr(GByteArray) user1 = g_byte_array_new ();
  g_autoptr(GBytes) user1_bytes = NULL;
  g_autoptr(GBytes) init = NULL;
  g_autoptr(GBytes) blank = NULL;
  g_autofree char *port = g_strdup_printf ("sim:esp8266?id=%s&flash=4MB", sim_id);
  static const guint8 user1_header[] = { 0xEA, 0x04, 0x00, 0x50, 0x04, 0x00, 0x10, 0x40 };
  guint8 init_data[128] = { 0x05, 0x08, 0x04, 0x02 };
  guint8 blank_data[4096];

  memset (blank_data, 0xFF, sizeof blank_data);
  g_byte_array_append (user1, user1_header, sizeof user1_header);
  g_byte_array_append (user1, g_bytes_get_data (user1_body, NULL), g_bytes_get_size (user1_body));
  user1_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&user1));
  init = g_bytes_new (init_data, sizeof init_data);
  blank = g_bytes_new (blank_data, sizeof blank_data);

  g_object_set (window->settings, "chip", "esp8266", "flash-size", size, "flash-mode", "qio",
                "flash-freq", "40m", "crystal", "26m", "baud-rate", 460800u, NULL);
  add_file (window, f, "boot_v1.7.bin", boot, 0x0);
  add_file (window, f, "user1.2048.new.5.bin", user1_bytes, user1_at);
  add_file (window, f, "esp_init_data_default_v08.bin", init, init_data_at);
  add_file (window, f, "blank.bin", blank, init_data_at + 0x2000);
  kiln_window_set_port (window, port);
  return window;
}

static KilnWindow *
at_window (Fixture    *f,
           const char *size,
           guint32     init_data_at,
           const char *sim_id)
{
  return at_window_with_user1_at (f, size, init_data_at, sim_id, 0x1000);
}

static void
test_good (Fixture       *f,
           gconstpointer  data)
{
  KilnWindow *window = at_window (f, "2MB-c1", 0x1FC000, "bootcheck-good");

  /* On by default. */
  g_assert_true (kiln_settings_get_boolean (window->settings, "check-boot"));
  g_assert_false (gtk_widget_get_visible (window->boot_check_box));
  g_assert_true (kiln_gui_test_flash (window, 40000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_true (gtk_widget_get_visible (window->boot_check_box));
  assert_contains (gtk_label_get_text (window->boot_check_label),
                   "Boot check: AT firmware answered: AT version 1.7.3.0, SDK 3.0.3");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->boot_check_label), "boot-check-up"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->boot_check_detail)));

  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-check-ok.png");
  kiln_gui_test_window_free (window);
}

/* In a window of the usual size the whole diagnosis shows, without
 * scrolling: the area holding it is as tall as the text at its width. */
static void
assert_all_in_view (GtkWidget *label)
{
  GtkWidget *area = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
  int min, nat;

  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (label),
                      &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, >, 0);
  g_assert_cmpint (gtk_widget_get_height (area), >=, nat);
  /* Not much taller either: no blank lines under it. */
  g_assert_cmpint (gtk_widget_get_height (area), <=, nat + 4);
}

static void
test_failed (Fixture       *f,
             gconstpointer  data)
{
  /* Seed 000's mistake: the chip has 32 Mbit, the firmware wants map 5. */
  KilnWindow *window = at_window (f, "4MB-c1", 0x3FC000, "bootcheck-failed");
  const char *text;

  g_assert_true (kiln_gui_test_flash (window, 40000));
  /* The write itself worked. */
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_true (gtk_widget_get_visible (window->boot_check_box));
  text = gtk_label_get_text (window->boot_check_label);
  assert_contains (text, "The firmware did not come up: Flash size setting does not match the "
                         "firmware");
  text = gtk_label_get_text (window->boot_check_detail);
  assert_contains (text, "built for flash map 5");
  assert_contains (text, "Fix: Write boot.bin at 0x0 again with flash size 16Mbit-C1 (2MB-c1)");
  assert_contains (text, "\nConfidence: high: the log names the cause itself.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->boot_check_label), "boot-check-failed"));
  /* The two headers on the flash tell it: Inspect Flash is offered. */
  g_assert_true (gtk_widget_get_visible (window->boot_check_inspect));

  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-check-failed.png");
  assert_all_in_view (GTK_WIDGET (window->boot_check_detail));

  /* A new write clears the old verdict until it has its own. */
  kiln_window_set_port (window, "sim:esp8266?id=bootcheck-failed&flash=4MB");
  g_object_set (window->settings, "check-boot", FALSE, NULL);
  g_assert_true (kiln_gui_test_flash (window, 40000));
  g_assert_false (gtk_widget_get_visible (window->boot_check_box));
  g_assert_false (gtk_widget_get_visible (window->boot_check_inspect));
  kiln_gui_test_window_free (window);
}

/* user1.bin written at 0x10000, as the second of two files (the corpus's
 * log 127): the boot check finds no application, offers Inspect Flash
 * under its verdict, and Inspect Flash, pressed there, finds user1.bin
 * where it was written. */
static void
test_failed_then_inspect (Fixture       *f,
                          gconstpointer  data)
{
  KilnWindow *window = at_window_with_user1_at (f, "2MB-c1", 0x1FC000, "bootcheck-user1-high",
                                                0x10000);
  g_autofree char *log = NULL;

  g_assert_true (kiln_gui_test_flash (window, 40000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_cmpstr (gtk_label_get_text (window->boot_check_label), ==,
                   "The firmware did not come up: No application to start");
  g_assert_true (gtk_widget_get_visible (window->boot_check_inspect));

  g_signal_emit_by_name (window->boot_check_inspect, "clicked");
  g_assert_true (kiln_window_get_busy (window));
  if (!kiln_gui_test_wait_job (window, 30000))
    g_error ("Inspect Flash did not finish");
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_cmpstr (gtk_label_get_text (window->boot_check_label), ==,
                   "Inspected the flash: user1.bin is at 0x10000, not 0x1000");
  assert_contains (gtk_label_get_text (window->boot_check_detail),
                   "\nFix: Write user1.bin at 0x1000, with boot.bin at 0x0");
  /* Its verdict is Inspect Flash's own: no second offer under it. */
  g_assert_false (gtk_widget_get_visible (window->boot_check_inspect));
  log = kiln_gui_test_dup_log (window);
  assert_contains (log, "0x10000: an ESP8266 SDK application (0xEA, as user1.bin)");

  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-check-inspect.png");
  kiln_gui_test_window_free (window);
  kiln_sim_forget ("bootcheck-user1-high");
}

/* ESP-AT with its commands on UART1, written to a virtual ESP32: the
 * verdict says it came up, and under it how to wire an adapter to the
 * pins its log named; all of it in view in a window of the usual size. */
static void
test_esp_at_uart1 (Fixture       *f,
                   gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER,
                                                  2, 0x20, 0, 0);
  g_autoptr(GBytes) app = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP,
                                                 2, 0x20, 0, 0);
  const char *text;
  int natural;

  g_object_set (window->settings, "chip", "esp32", "flash-size", "4MB", "baud-rate", 460800u,
                NULL);
  add_file (window, f, "bootloader.bin", boot, 0x1000);
  add_file (window, f, "esp-at.bin", app, 0x10000);
  kiln_window_set_port (window, "sim:esp32?flash=4MB&at-port=uart1");

  g_assert_true (kiln_gui_test_flash (window, 40000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_true (gtk_widget_get_visible (window->boot_check_box));
  g_assert_cmpstr (gtk_label_get_text (window->boot_check_label), ==,
                   "Boot check: ESP-AT started; it takes AT commands on UART1");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->boot_check_label), "boot-check-up"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->boot_check_detail)));
  text = gtk_label_get_text (window->boot_check_detail);
  assert_contains (text, "connect a serial adapter to UART1 at 115200 baud: the adapter's RX to "
                         "GPIO17 (the chip's TX), its TX to GPIO16 (the chip's RX), and GND.");

  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-check-esp-at.png");
  assert_all_in_view (GTK_WIDGET (window->boot_check_detail));
  /* The verdict's one line is whole, not ellipsized. */
  gtk_widget_measure (GTK_WIDGET (window->boot_check_label), GTK_ORIENTATION_HORIZONTAL, -1,
                      NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, <=, gtk_widget_get_width (GTK_WIDGET (window->boot_check_label)));
  kiln_gui_test_window_free (window);
}

/* Inspect Flash on a board that holds only an application: the verdict
 * sits where the boot check's does, what each place holds is in the log,
 * and nothing was written. */
static void
test_inspect_flash (Fixture       *f,
                    gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) app = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP,
                                                 2, 0x20, 0, 0);
  g_autoptr(GByteArray) flash = g_byte_array_new ();
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *path = NULL;
  g_autofree char *port = NULL;
  g_autofree char *log = NULL;

  g_byte_array_set_size (flash, 4 * 1024 * 1024);
  memset (flash->data, 0xFF, flash->len);
  memcpy (flash->data + 0x10000, g_bytes_get_data (app, NULL), g_bytes_get_size (app));
  before = g_bytes_new (flash->data, flash->len);
  path = kiln_gui_test_write (f->dir, "flash.bin", before);
  port = g_strdup_printf ("sim:esp32?flash=4MB&flash-file=%s", path);
  kiln_window_set_port (window, port);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect-flash", NULL));
  g_assert_true (kiln_window_get_busy (window));
  if (!kiln_gui_test_wait_job (window, 30000))
    g_error ("Inspect Flash did not finish");
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_true (gtk_widget_get_visible (window->boot_check_box));
  g_assert_cmpstr (gtk_label_get_text (window->boot_check_label), ==,
                   "Inspected the flash: Only the application was written");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->boot_check_label),
                                           "boot-check-failed"));
  assert_contains (gtk_label_get_text (window->boot_check_detail),
                   "An application is at 0x10000, but 0x1000, where the ESP32 reads its "
                   "bootloader, is erased.\nFix: Write the bootloader at 0x1000");
  assert_contains (gtk_label_get_text (window->boot_check_detail),
                   "\nConfidence: high: what the flash holds shows it.");
  log = kiln_gui_test_dup_log (window);
  assert_contains (log, "0x1000: nothing: erased (0xFF)");
  assert_contains (log, "0x10000: an ESP32 image (header: DIO, 4MB)");

  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-inspect-flash.png");
  kiln_gui_test_window_free (window);
  after = kiln_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

int
main (int   argc,
      char *argv[])
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add ("/kiln/bootcheck-window/good", Fixture, NULL, kiln_gui_test_dir_setup, test_good,
              kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/bootcheck-window/failed", Fixture, NULL, kiln_gui_test_dir_setup, test_failed,
              kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/bootcheck-window/failed-then-inspect", Fixture, NULL,
              kiln_gui_test_dir_setup, test_failed_then_inspect, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/bootcheck-window/esp-at-uart1", Fixture, NULL, kiln_gui_test_dir_setup,
              test_esp_at_uart1, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/bootcheck-window/inspect-flash", Fixture, NULL, kiln_gui_test_dir_setup,
              test_inspect_flash, kiln_gui_test_dir_teardown);
  return g_test_run ();
}
