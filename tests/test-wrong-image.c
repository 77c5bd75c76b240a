/* test-wrong-image.c: the app never writes the wrong thing without being
 * told to.
 *
 *  - An ESP-IDF flasher_args.json built for the ESP32 sets the chip, SPI
 *    mode and speed, flash size, resets and stub use in the app, where they
 *    can be seen, and Start on the virtual ESP8266 is refused.
 *  - An ESP32 boot loader for an ESP8266, an ESP32-C3 boot loader for an
 *    ESP32, the ESP8266's boot_v1.7 for an ESP32 and an image declaring
 *    8 MB for a 4 MB board are each refused before anything is erased
 *    (Erase before writing is on), with the core's message in the banner,
 *    the flash unchanged byte for byte; Write Anyway writes them.
 *  - A manifest with builds for two chips: each board gets its own build,
 *    and a board it has none for is refused naming the chips it has.
 *
 * The images are built byte by byte by tests/kiln-test-images.c, not by
 * the core's image code.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-gui-util.h"
#include "kiln-sim.h"
#include "kiln-test-images.h"
#include "test-gui-util.h"

#define MiB (1024 * 1024)

/* The boards' flash and the images are test patterns, not firmware: the
 * boot check after each write would rightly find nothing that boots and
 * fill the window with it.  Its verdicts are test-bootcheck-window's. */
static KilnWindow *
new_window (void)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);

  g_object_set (window->settings, "check-boot", FALSE, NULL);
  return window;
}

typedef struct
{
  char   *dir;
  GBytes *before;     /* what the boards' flash held before */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kiln-wrong-XXXXXX", &error);
  g_assert_no_error (error);
  /* Not erased flash: a write or an erase anywhere shows. */
  f->before = kiln_gui_test_pattern (4 * MiB, 99);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kiln_gui_test_rm_rf (f->dir);
  g_free (f->dir);
  g_bytes_unref (f->before);
}

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

/* A virtual board whose flash starts as @f->before (a file of its own:
 * the board saves its flash there when the port is closed). */
static char *
board_port (Fixture    *f,
            const char *chip,
            const char *id)
{
  g_autofree char *name = g_strdup_printf ("%s.flash", id);
  g_autofree char *path = kiln_gui_test_write (f->dir, name, f->before);

  return g_strdup_printf ("sim:%s?id=%s&flash=4MB&flash-file=%s", chip, id, path);
}

static const guint8 *
board_flash (const char *id)
{
  g_autoptr(KilnSim) sim = kiln_sim_lookup (id);
  gsize len = 0;
  const guint8 *flash;

  g_assert_nonnull (sim);
  flash = kiln_sim_get_flash (sim, &len);
  g_assert_cmpuint (len, ==, 4 * MiB);
  return flash;
}

static void
assert_unchanged (Fixture    *f,
                  const char *id)
{
  g_assert_cmpmem (board_flash (id), 4 * MiB, g_bytes_get_data (f->before, NULL), 4 * MiB);
}

static void
assert_written (const char *id,
                guint32     address,
                GBytes     *image)
{
  g_assert_cmpmem (board_flash (id) + address, g_bytes_get_size (image),
                   g_bytes_get_data (image, NULL), g_bytes_get_size (image));
}

static gboolean
busy (gpointer data)
{
  return kiln_window_get_busy (data);
}

static char *
log_text (KilnWindow *window)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->log_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char esp32_flasher_args[] =
  "{\n"
  "  \"write_flash_args\": [ \"--flash_mode\", \"dio\", \"--flash_size\", \"4MB\",\n"
  "                        \"--flash_freq\", \"40m\" ],\n"
  "  \"flash_settings\": { \"flash_mode\": \"dio\", \"flash_size\": \"4MB\", \"flash_freq\": \"40m\" },\n"
  "  \"flash_files\": {\n"
  "    \"0x1000\": \"bootloader/bootloader.bin\",\n"
  "    \"0x8000\": \"partition_table/partition-table.bin\",\n"
  "    \"0x10000\": \"hello.bin\"\n"
  "  },\n"
  "  \"extra_esptool_args\": { \"after\": \"no_reset\", \"before\": \"default_reset\",\n"
  "                           \"stub\": %s, \"chip\": \"esp32\" }\n"
  "}\n";

/* The new user: an ESP32 build opened with the virtual ESP8266 as
 * the port. */
static void
test_import_settings (Fixture       *f,
                      gconstpointer  data)
{
  KilnWindow *window = new_window ();
  g_autoptr(GBytes) boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER,
                                                   2, 0x20, 0, 0);
  g_autoptr(GBytes) table = kiln_gui_test_pattern (0xC00, 3);
  g_autoptr(GBytes) app = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP,
                                                  2, 0x20, 0, 0);
  g_autofree char *text = g_strdup_printf (esp32_flasher_args, "true");
  g_autofree char *args = put_text (f, "hello/build/flasher_args.json", text);
  g_autofree char *p1 = put (f, "hello/build/bootloader/bootloader.bin", boot);
  g_autofree char *p2 = put (f, "hello/build/partition_table/partition-table.bin", table);
  g_autofree char *p3 = put (f, "hello/build/hello.bin", app);
  g_autofree char *port = board_port (f, "esp8266", "wi-8266");
  g_autoptr(GFile) file = g_file_new_for_path (args);
  g_autoptr(GError) error = NULL;
  g_autofree char *reset = NULL, *after = NULL, *log = NULL;

  kiln_window_set_port (window, port);
  /* Other settings than the file's, as a previous session left them. */
  g_object_set (window->settings, "chip", "auto", "flash-mode", "qio", "flash-freq", "80m",
                "flash-size", "detect", "after-mode", "hard-reset", "use-stub", FALSE, NULL);

  g_assert_true (kiln_window_import (window, file, &error));
  g_assert_no_error (error);

  /* ESP32 / DIO / 40 MHz / 4 MB, in the window's settings. */
  g_assert_cmpstr (kiln_choice_get_label (window->chip_dropdown), ==, "ESP32");
  g_assert_cmpstr (kiln_choice_get_label (window->mode_dropdown), ==, "DIO");
  g_assert_cmpstr (kiln_choice_get_label (window->freq_dropdown), ==, "40 MHz");
  g_assert_cmpstr (kiln_choice_get_label (window->size_dropdown), ==, "4 MB");
  /* Resets and the stub, in Preferences. */
  reset = kiln_settings_dup_string (window->settings, "reset-mode");
  after = kiln_settings_dup_string (window->settings, "after-mode");
  g_assert_cmpstr (reset, ==, "default-reset");
  g_assert_cmpstr (after, ==, "no-reset");
  g_assert_true (kiln_settings_get_boolean (window->settings, "use-stub"));
  log = log_text (window);
  g_assert_nonnull (strstr (log, "Chip ESP32, SPI mode DIO, SPI speed 40 MHz, flash size 4 MB; "
                                 "reset default-reset, after no-reset; flasher stub on."));
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 3);
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-import-esp32-settings.png");

  /* Start on the ESP8266: refused, nothing written. */
  g_assert_true (kiln_gui_test_flash (window, 20000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_FAILED);
  g_assert_true (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_nonnull (strstr (gtk_label_get_label (window->banner_label),
                            "This board is an ESP8266, not an ESP32 as requested."));
  /* Not a case for Write Anyway: the project asks for an ESP32. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->banner_force_button)));
  assert_unchanged (f, "wi-8266");
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-import-esp32-refused.png");

  /* A build that asks for the ROM loader turns the stub off. */
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (esp32_flasher_args, "false");
  g_clear_pointer (&args, g_free);
  args = put_text (f, "hello/build/flasher_args.json", text);
  g_assert_true (kiln_window_import (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (kiln_settings_get_boolean (window->settings, "use-stub"));

  kiln_gui_test_window_free (window);
  kiln_sim_forget ("wi-8266");
}

typedef struct
{
  const char *chip;
  guint32     address;
  const char *file;
  const char *size;      /* the Flash size setting */
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
  { "esp8266", 0x1000, "esp32-bootloader.bin", "detect",
    "esp32-bootloader.bin is an ESP32 image, but the board is an ESP8266: it would not start. "
    "Choose the ESP8266 build of the firmware." },
  { "esp32", 0x0, "c3-bootloader.bin", "detect",
    "c3-bootloader.bin is an ESP32-C3 image, but the board is an ESP32: it would not start. "
    "Choose the ESP32 build of the firmware." },
  { "esp32", 0x1000, "boot_v1.7.bin", "detect",
    "boot_v1.7.bin is an ESP8266 image, but the board is an ESP32: it would not start. "
    "Choose the ESP32 build of the firmware." },
  /* Kept as the header says: with Detect, Kiln writes the board's size
   * into the header instead, which is the fix the message gives. */
  { "esp32", 0x1000, "bootloader-8MB.bin", "keep",
    "bootloader-8MB.bin declares 8 MB of flash in its header, but the board has 4 MB: the "
    "firmware would stop at boot. Choose flash size 4MB (or “detect”)." },
};

static void
test_refused_then_forced (Fixture       *f,
                          gconstpointer  data)
{
  const Case *c = data;
  KilnWindow *window = new_window ();
  g_autoptr(GBytes) image = case_image (c);
  g_autofree char *path = put (f, c->file, image);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *id = g_strdup_printf ("wi-%s-%s", c->chip, c->file);
  g_autofree char *port = board_port (f, c->chip, id);
  g_autofree char *log = NULL;

  g_object_set (window->settings, "chip", "auto", "flash-size", c->size, "erase-all", TRUE, NULL);
  kiln_window_add_file (window, file, c->address);
  kiln_window_set_port (window, port);

  /* Start: refused before anything is erased, with why and the fix. */
  g_assert_true (kiln_gui_test_flash (window, 20000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_FAILED);
  g_assert_true (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_nonnull (strstr (gtk_label_get_label (window->banner_label), c->needle));
  g_assert_nonnull (strstr (gtk_label_get_label (window->summary_label),
                            "Nothing was erased or written"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->banner_force_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->banner_retry_button)));
  assert_unchanged (f, id);
  if (g_str_equal (c->file, "esp32-bootloader.bin"))
    kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-write-anyway.png");
  /* The refusal wraps; the window keeps its size. */
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1000);

  /* Write Anyway, from its button: written, and the log says so. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (window->banner_force_button)));
  g_assert_true (kiln_gui_test_wait (busy, window, 2000));
  g_assert_true (kiln_gui_test_wait_job (window, 30000));
  if (window->outcome != KILN_OUTCOME_SUCCESS)
    kiln_gui_test_dump_log (window);
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  assert_written (id, c->address, image);
  log = log_text (window);
  g_assert_nonnull (strstr (log, "Writing it anyway, as asked: "));
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));

  /* The override is for that write only: the next Start is checked again. */
  g_assert_true (kiln_gui_test_flash (window, 20000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_FAILED);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->banner_force_button)));

  kiln_gui_test_window_free (window);
  kiln_sim_forget (id);
}

/* A manifest with an ESP32 and an ESP8266 build: one project, each board
 * gets its own build; a board it has no build for is refused. */
static void
test_manifest_builds (Fixture       *f,
                      gconstpointer  data)
{
  KilnWindow *window = new_window ();
  g_autoptr(GBytes) boot = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER,
                                                   2, 0x20, 0, 0);
  g_autoptr(GBytes) app = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP,
                                                  2, 0x20, 0, 0);
  g_autoptr(GBytes) fw8266 = kiln_test_esp8266_v1_image (2, 0x40);
  g_autofree char *p1 = put (f, "web/esp32/bootloader.bin", boot);
  g_autofree char *p2 = put (f, "web/esp32/app.bin", app);
  g_autofree char *p3 = put (f, "web/esp8266/firmware.bin", fw8266);
  g_autofree char *manifest = put_text (f, "web/manifest.json",
    "{ \"name\": \"Lamp\", \"builds\": [\n"
    "  { \"chipFamily\": \"ESP32\", \"parts\": [ { \"path\": \"esp32/bootloader.bin\", "
    "\"offset\": 4096 }, { \"path\": \"esp32/app.bin\", \"offset\": 65536 } ] },\n"
    "  { \"chipFamily\": \"ESP8266\", \"parts\": [ { \"path\": \"esp8266/firmware.bin\", "
    "\"offset\": 0 } ] } ] }\n");
  g_autoptr(GFile) file = g_file_new_for_path (manifest);
  g_autofree char *port8266 = board_port (f, "esp8266", "wi-m8266");
  g_autofree char *port32 = board_port (f, "esp32", "wi-m32");
  g_autofree char *portc3 = board_port (f, "esp32c3", "wi-mc3");
  g_autoptr(GError) error = NULL;
  guint n_esp32 = 0, n_esp8266 = 0;

  /* Even with a chip chosen before, the import keeps every build. */
  g_object_set (window->settings, "chip", "esp32", NULL);
  g_assert_true (kiln_window_import (window, file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiln_window_get_chip_name (window), ==, NULL);
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      KilnRegionRow *row = kiln_window_get_row (window, i);
      const char *chip = kiln_region_row_get_chip (row);

      /* ESP32 boot loader at 0x1000 and ESP8266 firmware at 0x0 are on
       * different boards: no overlap, every row ready. */
      g_assert_cmpint (kiln_region_row_get_state (row), ==, KILN_ROW_READY);
      if (g_strcmp0 (chip, "esp32") == 0)
        n_esp32++;
      else if (g_strcmp0 (chip, "esp8266") == 0)
        n_esp8266++;
    }
  g_assert_cmpuint (n_esp32, ==, 2);
  g_assert_cmpuint (n_esp8266, ==, 1);

  /* The ESP8266 gets its build, nothing of the ESP32's. */
  kiln_window_set_port (window, port8266);
  g_assert_true (kiln_gui_test_flash (window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  assert_written ("wi-m8266", 0x0, fw8266);
  g_assert_cmpmem (board_flash ("wi-m8266") + 0x10000, 0x10000,
                   (const guint8 *) g_bytes_get_data (f->before, NULL) + 0x10000, 0x10000);
  for (guint i = 0; i < 3; i++)
    {
      KilnRegionRow *row = kiln_window_get_row (window, i);
      g_assert_cmpint (kiln_region_row_get_state (row), ==,
                       g_str_equal (kiln_region_row_get_chip (row), "esp8266") ? KILN_ROW_VERIFIED
                                                                                : KILN_ROW_OTHER_CHIP);
    }
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-manifest-builds.png");

  /* An ESP32 gets the other two. */
  kiln_window_set_port (window, port32);
  g_assert_true (kiln_gui_test_flash (window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  assert_written ("wi-m32", 0x1000, boot);
  assert_written ("wi-m32", 0x10000, app);

  /* An ESP32-C3: no build for it, refused naming the chips there are. */
  kiln_window_set_port (window, portc3);
  g_assert_true (kiln_gui_test_flash (window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_FAILED);
  g_assert_nonnull (strstr (gtk_label_get_label (window->banner_label),
                            "The firmware has builds for ESP32, ESP8266, but the board is an "
                            "ESP32-C3."));
  assert_unchanged (f, "wi-mc3");

  /* Saved and opened again, the rows keep their chips. */
  {
    g_autofree char *path = g_build_filename (f->dir, "lamp.kiln.json", NULL);
    g_autoptr(GFile) project = g_file_new_for_path (path);

    g_assert_true (kiln_window_save_project (window, project, &error));
    g_assert_no_error (error);
    kiln_window_clear_rows (window);
    g_assert_true (kiln_window_load_project (window, project, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_nonnull (kiln_region_row_get_chip (kiln_window_get_row (window, i)));
  }

  kiln_gui_test_window_free (window);
  kiln_sim_forget ("wi-m8266");
  kiln_sim_forget ("wi-m32");
  kiln_sim_forget ("wi-mc3");
}

int
main (int   argc,
      char *argv[])
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add ("/kiln/wrong-image/import-settings", Fixture, NULL, fixture_setup, test_import_settings, fixture_teardown);
  g_test_add ("/kiln/wrong-image/esp32-boot-to-esp8266", Fixture, &cases[0], fixture_setup, test_refused_then_forced, fixture_teardown);
  g_test_add ("/kiln/wrong-image/c3-boot-to-esp32", Fixture, &cases[1], fixture_setup, test_refused_then_forced, fixture_teardown);
  g_test_add ("/kiln/wrong-image/boot-v1.7-to-esp32", Fixture, &cases[2], fixture_setup, test_refused_then_forced, fixture_teardown);
  g_test_add ("/kiln/wrong-image/8MB-header-on-4MB", Fixture, &cases[3], fixture_setup, test_refused_then_forced, fixture_teardown);
  g_test_add ("/kiln/wrong-image/manifest-builds", Fixture, NULL, fixture_setup, test_manifest_builds, fixture_teardown);

  return g_test_run ();
}
