/* test-bootlog-view.c: the Boot Log tab against the virtual ESP8266.
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

/* A 1 MB flash whose image at 0x0 boots: an ESP8266 v1 image with one
 * segment, built for flash map @map (as tests/test-cli-log.c builds it). */
static GBytes *
esp8266_flash (guint map,
               gsize size)
{
  g_autofree guint8 *flash = g_malloc (size);
  static const guint8 data[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
  guint8 chk = 0xEF;
  gsize off;

  memset (flash, 0xFF, size);
  flash[0] = 0xE9;
  flash[1] = 1;
  flash[2] = 0;
  flash[3] = (guint8) (map << 4);
  flash[4] = 0x04; flash[5] = 0x00; flash[6] = 0x10; flash[7] = 0x40;
  flash[8] = 0x00; flash[9] = 0x00; flash[10] = 0x10; flash[11] = 0x40;
  flash[12] = sizeof data; flash[13] = 0; flash[14] = 0; flash[15] = 0;
  memcpy (flash + 16, data, sizeof data);
  for (gsize i = 0; i < sizeof data; i++)
    chk ^= data[i];
  off = 16 + sizeof data;
  flash[off | 15] = chk;
  flash[0x1000] = 0xEA;
  flash[size - 0x4000] = 0x05;
  return g_bytes_new_take (g_steal_pointer (&flash), size);
}

/* A virtual board for @port whose flash holds @len bytes of @data at
 * @address (none when @data is %NULL), and a window on it with the Boot Log
 * tab shown, as a person would have it before pressing Reset and Listen. */
static KilnWindow *
window_on_flash (const char    *port,
                 guint32        address,
                 const guint8  *data,
                 gsize          len,
                 KilnSim      **sim_out)
{
  g_autoptr(GError) error = NULL;
  KilnSim *sim = kiln_sim_new_from_options (port, &error);
  KilnWindow *window;

  g_assert_no_error (error);
  if (data != NULL)
    g_assert_true (kiln_sim_set_flash (sim, address, data, len, &error));
  g_assert_no_error (error);
  window = kiln_gui_test_window_new (1000, 720);
  kiln_window_set_port (window, port);
  gtk_stack_set_visible_child_name (window->bottom_stack, "bootlog");
  *sim_out = sim;
  return window;
}

/* The same, a virtual ESP8266 whose flash holds esp8266_flash (2, 1 MB). */
static KilnWindow *
window_on_board (const char  *port,
                 KilnSim    **sim_out)
{
  g_autoptr(GBytes) flash = esp8266_flash (2, 0x100000);

  return window_on_flash (port, 0, g_bytes_get_data (flash, NULL), g_bytes_get_size (flash),
                          sim_out);
}

/* A diagnosis in the banner whose title holds @part (any, for %NULL). */
typedef struct
{
  KilnBootlogView *view;
  const char      *part;
} Wanted;

static gboolean
shows_diagnosis (gpointer data)
{
  const Wanted *w = data;
  const char *title = kiln_bootlog_view_get_diagnosis (w->view);

  return title != NULL && (w->part == NULL || strstr (title, w->part) != NULL);
}

static gboolean
not_running (gpointer data)
{
  return !kiln_bootlog_view_get_running (data);
}

static void
assert_shows (KilnBootlogView *view,
              const char      *text)
{
  g_autofree char *all = kiln_bootlog_view_dup_text (view);

  if (strstr (all, text) == NULL)
    g_error ("the boot log does not show “%s”:\n%s", text, all);
}

/* What the banner says under its title: explanation, fix, confidence. */
static char *
dup_banner_text (KilnBootlogView *view)
{
  GtkTextView *text = GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                    KILN_TYPE_BOOTLOG_VIEW,
                                                                    "diagnosis_text"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_reset_and_listen (void)
{
  const char *port = "sim:esp8266?id=guibootlog&flash=1MB&scenario=mismatch-map";
  g_autoptr(KilnSim) sim = NULL;
  /* The board holds an image built for the 8Mbit map, its header says 2. */
  KilnWindow *window = window_on_board (port, &sim);
  KilnBootlogView *view = window->bootlog_view;
  gint64 stop_us;

  g_assert_cmpstr (kiln_bootlog_view_get_port (view), ==, port);

  /* The button a person presses. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "bootlog.listen", NULL));
  g_assert_true (kiln_bootlog_view_get_running (view));
  if (!kiln_gui_test_wait (shows_diagnosis, &(Wanted) { view, "does not match" }, 10000))
    {
      g_autofree char *all = kiln_bootlog_view_dup_text (view);
      g_error ("no flash-map diagnosis (banner: %s):\n%s",
               kiln_bootlog_view_get_diagnosis (view), all);
    }

  /* The ROM's lines at 74880, each with its explanation under it, then
   * the diagnosis naming the map the firmware wants. */
  assert_shows (view, "Boot ROM, 74880 baud");
  assert_shows (view, "boot mode:(3,6)");
  assert_shows (view, "mismatch map 5,spi_size_map 2");
  assert_shows (view, "Flash size setting does not match the firmware");
  {
    /* The fix names the map the firmware was built for. */
    g_autofree char *fix = dup_banner_text (view);

    g_assert_nonnull (strstr (fix, "Fix: "));
    g_assert_nonnull (strstr (fix, "16Mbit-C1"));
  }
  g_assert_true (gtk_widget_get_visible (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KILN_TYPE_BOOTLOG_VIEW,
                                               "diagnosis_revealer"))));
  /* As a person reading the boot log would: the bottom pane pulled up. */
  gtk_paned_set_position (window->content_paned, 300);
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-log.png");

  /* Stop lets go of the port within a second. */
  stop_us = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "bootlog.stop", NULL));
  g_assert_true (kiln_gui_test_wait (not_running, view, 1000));
  g_assert_cmpint (g_get_monotonic_time () - stop_us, <, G_USEC_PER_SEC);

  kiln_gui_test_window_free (window);
  kiln_sim_forget ("guibootlog");
}


/* The banner's Inspect Flash button. */
static GtkWidget *
inspect_button (KilnBootlogView *view)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KILN_TYPE_BOOTLOG_VIEW,
                                                    "inspect_button"));
}

/* Presses Reset and Listen and waits for a diagnosis whose title holds
 * @part (any, for %NULL); on a timeout what the tab shows goes to the
 * test's output. */
static void
listen_for (KilnBootlogView *view,
            const char      *part)
{
  Wanted wanted = { view, part };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "bootlog.listen", NULL));
  if (!kiln_gui_test_wait (shows_diagnosis, &wanted, 10000))
    {
      g_autofree char *all = kiln_bootlog_view_dup_text (view);
      g_error ("no diagnosis with “%s”:\n%s", part != NULL ? part : "", all);
    }
}

/* Presses the banner's Inspect Flash, as offered, and waits for its
 * verdict under Detected Board, @verdict; with @screenshot, takes one of
 * the window showing it and the log. */
static gboolean
reading_partway (gpointer data)
{
  KilnWindow *window = data;
  double fraction = gtk_progress_bar_get_fraction (window->progress_bar);

  return fraction > 0.2 && fraction < 0.8;
}

static void
press_inspect (KilnWindow *window,
               const char *verdict,
               const char *screenshot,
               const char *reading_screenshot)
{
  GtkWidget *inspect = inspect_button (window->bootlog_view);
  g_autofree char *label = g_strconcat ("Inspected the flash: ", verdict, NULL);

  g_assert_true (gtk_widget_get_visible (inspect));
  g_signal_emit_by_name (inspect, "clicked");
  g_assert_true (kiln_window_get_busy (window));
  if (reading_screenshot != NULL)
    {
      /* Partway through the one long read, the bar shows how far. */
      if (!kiln_gui_test_wait (reading_partway, window, 30000))
        g_error ("Inspect Flash showed no progress while reading");
      g_assert_cmpstr (gtk_label_get_text (window->phase_label), ==,
                       "Reading what the boot looks at…");
      kiln_gui_test_screenshot (GTK_WIDGET (window), reading_screenshot);
    }
  if (!kiln_gui_test_wait_job (window, 30000))
    g_error ("Inspect Flash did not finish");
  g_assert_false (kiln_bootlog_view_get_running (window->bootlog_view));
  if (window->outcome != KILN_OUTCOME_SUCCESS)
    kiln_gui_test_dump_log (window);
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_cmpstr (gtk_label_get_text (window->boot_check_label), ==, label);
  if (screenshot == NULL)
    return;
  gtk_stack_set_visible_child_name (window->bottom_stack, "log");
  gtk_paned_set_position (window->content_paned, 540);
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), screenshot);
}

/* A virtual ESP32 whose flash is empty: the Boot Log names the trouble
 * and offers Inspect Flash next to it, which stops listening, reads the
 * flash and puts its verdict under Detected Board. */
static void
test_inspect_from_banner (void)
{
  const char *port = "sim:esp32?id=guiinspect&flash=4MB";
  g_autoptr(KilnSim) sim = NULL;
  KilnWindow *window = window_on_flash (port, 0, NULL, 0, &sim);
  KilnBootlogView *view = window->bootlog_view;
  GtkWidget *inspect = inspect_button (view);

  listen_for (view, NULL);
  g_assert_true (gtk_widget_get_visible (inspect));
  gtk_paned_set_position (window->content_paned, 300);
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-log-inspect.png");

  press_inspect (window, "The flash is empty", NULL, NULL);
  kiln_gui_test_window_free (window);
  kiln_sim_forget ("guiinspect");
}

/* Seed 000's AT firmware (user1 built for map 5) written with 32Mbit-C1:
 * the Boot Log reads "mismatch map 5,spi_size_map 6", and Inspect Flash,
 * pressed next to that diagnosis, finds the same in the two headers. */
static void
test_inspect_esp8266_map (void)
{
  const char *port = "sim:esp8266?id=guiinspect8266&flash=4MB";
  g_autoptr(KilnSim) sim = NULL;
  g_autoptr(GBytes) flash = esp8266_flash (6, 0x400000);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (flash, NULL), 0x400000);
  g_autoptr(GBytes) user1 = kiln_test_esp8266_user1 (0x00, 0x50, 0x8000);
  KilnWindow *window;
  KilnBootlogView *view;
  g_autofree char *log = NULL;

  memcpy (bytes + 0x1000, g_bytes_get_data (user1, NULL), g_bytes_get_size (user1));
  window = window_on_flash (port, 0, bytes, 0x400000, &sim);
  view = window->bootlog_view;
  listen_for (view, "does not match");
  assert_shows (view, "mismatch map 5,spi_size_map 6");

  press_inspect (window, "user1.bin was built for another flash map",
                 "kiln-inspect-flash-esp8266.png", NULL);
  log = kiln_gui_test_dup_log (window);
  assert_contains (log, "0x1000: an ESP8266 SDK application (0xEA, as user1.bin), 34356 bytes, "
                        "checksum and CRC right");
  kiln_gui_test_window_free (window);
  kiln_sim_forget ("guiinspect8266");
}

/* A virtual ESP32 whose bootloader has one bit flipped: the ROM's "csum
 * err" in the Boot Log gets the offer of Inspect Flash, which reads the
 * bootloader whole and finds it damaged. */
static void
test_inspect_damaged_bootloader (void)
{
  /* Behind an adapter with 5 ms latency, the 20 KiB bootloader takes
   * seconds to read through the ROM, 64 bytes a command: time to see the
   * progress. */
  const char *port = "sim:esp32?id=guicsum&flash=4MB&latency-us=5000";
  g_autoptr(KilnSim) sim = NULL;
  g_autoptr(GBytes) boot = kiln_test_esp32_bootloader_sized (KILN_TEST_CHIP_ESP32, 0x5000);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (boot, NULL), g_bytes_get_size (boot));
  KilnWindow *window;
  KilnBootlogView *view;
  g_autofree char *log = NULL;

  bytes[0x60] ^= 0x04;
  window = window_on_flash (port, 0x1000, bytes, g_bytes_get_size (boot), &sim);
  view = window->bootlog_view;
  listen_for (view, "Corrupt image");
  assert_shows (view, "csum err:0xeb!=0xef");

  press_inspect (window, "The bootloader is damaged", "kiln-inspect-flash-damaged.png",
                 "kiln-inspect-flash-reading.png");
  log = kiln_gui_test_dup_log (window);
  assert_contains (log, "0x1000: an ESP32 image (header: DIO, 4MB), 20608 bytes, checksum wrong");
  kiln_gui_test_window_free (window);
  kiln_sim_forget ("guicsum");
}

/* A diagnosis the flash cannot settle gets no such offer: GPIO15 high at
 * reset is a strap, whatever the flash holds. */
static void
test_no_inspect_for_other_causes (void)
{
  const char *port = "sim:esp8266?id=guinoinspect&flash=1MB&scenario=gpio15-high";
  g_autoptr(KilnSim) sim = NULL;
  KilnWindow *window = window_on_board (port, &sim);
  KilnBootlogView *view = window->bootlog_view;
  GtkWidget *inspect = inspect_button (view);

  listen_for (view, "GPIO15");
  g_assert_false (gtk_widget_get_visible (inspect));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "bootlog.stop", NULL));
  g_assert_true (kiln_gui_test_wait (not_running, view, 1000));
  kiln_gui_test_window_free (window);
  kiln_sim_forget ("guinoinspect");
}

/* An ESP8285 holding an image written in DIO does not start.  Before
 * Detect the Boot Log cannot tell it from an ESP8266, and its fix offers
 * DIO or DOUT; once Detect has found an ESP8285, the fix is DOUT alone,
 * and Inspect Flash, offered next to it, names the header's mode. */
static void
test_esp8285_mode_fix (void)
{
  const char *port = "sim:esp8266?id=guibootlog8285&flash=1MB&variant=esp8285";
  const char *either = "Write the firmware again with flash mode DIO, or DOUT on an ESP8285";
  const char *dout = "Write the firmware again with flash mode DOUT: this board is an ESP8285";
  g_autoptr(KilnSim) sim = NULL;
  g_autoptr(GBytes) flash = esp8266_flash (2, 0x100000);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (flash, NULL), 0x100000);
  KilnWindow *window;
  KilnBootlogView *view;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  bytes[2] = 2;   /* the header's flash mode: DIO */
  window = window_on_flash (port, 0, bytes, 0x100000, &sim);
  view = window->bootlog_view;
  listen_for (view, "Flash mode");
  before = dup_banner_text (view);
  g_assert_nonnull (strstr (before, either));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "bootlog.stop", NULL));
  g_assert_true (kiln_gui_test_wait (not_running, view, 1000));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.detect", NULL));
  g_assert_true (kiln_gui_test_wait_job (window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_cmpstr (gtk_label_get_label (window->device_chip_label), ==, "ESP8285");

  listen_for (view, "Flash mode");
  after = dup_banner_text (view);
  if (strstr (after, dout) == NULL)
    g_error ("the fix after Detect does not name DOUT alone:\n%s", after);
  g_assert_null (strstr (after, either));
  gtk_paned_set_position (window->content_paned, 300);
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-log-esp8285.png");
  /* The ROM's "csum err" is in the image Inspect Flash reads: it finds the
   * header's mode. */
  press_inspect (window, "Flash mode the ESP8285 cannot do", NULL, NULL);
  kiln_gui_test_window_free (window);
  kiln_sim_forget ("guibootlog8285");
}

static gboolean
firmware_read (gpointer data)
{
  g_autofree char *all = kiln_bootlog_view_dup_text (data);
  return strstr (all, "ready") != NULL;
}

/* A sketch whose console runs at 9600: what it prints reads neither at
 * "Then at" (115200) nor at the ROM's rate, so the Boot Log restarts the
 * board and listens at the other usual rates until it reads, and "Then
 * at" keeps the rate found.  No offer of another rate is left standing. */
static void
test_finds_firmware_baud (void)
{
  const char *port = "sim:esp8266?id=gui9600&flash=1MB&app-baud=9600&pace=1";
  g_autoptr(KilnSim) sim = NULL;
  KilnWindow *window = window_on_board (port, &sim);
  KilnBootlogView *view = window->bootlog_view;
  GtkDropDown *then_at = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                       KILN_TYPE_BOOTLOG_VIEW,
                                                                       "app_baud_dropdown"));
  GtkWidget *offer = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                KILN_TYPE_BOOTLOG_VIEW,
                                                                "baud_revealer"));
  GtkStringObject *shown;

  shown = gtk_drop_down_get_selected_item (then_at);
  g_assert_cmpstr (gtk_string_object_get_string (shown), ==, "115200");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "bootlog.listen", NULL));
  if (!kiln_gui_test_wait (firmware_read, view, 15000))
    {
      g_autofree char *all = kiln_bootlog_view_dup_text (view);
      g_error ("the firmware's lines never read:\n%s", all);
    }
  assert_shows (view, "— Application, 115200 baud —");
  assert_shows (view, "— Application, 9600 baud —\nready\n");
  shown = gtk_drop_down_get_selected_item (then_at);
  g_assert_cmpstr (gtk_string_object_get_string (shown), ==, "9600");
  g_assert_false (gtk_widget_get_visible (offer));
  gtk_paned_set_position (window->content_paned, 300);
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-log-firmware-baud.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "bootlog.stop", NULL));
  g_assert_true (kiln_gui_test_wait (not_running, view, 1000));
  kiln_gui_test_window_free (window);
  kiln_sim_forget ("gui9600");
}

/* Pastes @log into the Boot Log's paste box and decodes it, as a person
 * would with Paste Log… and Decode. */
static void
paste_and_decode (KilnWindow  *window,
                  GtkTextView *paste,
                  const char  *log)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (paste), log, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->bootlog_view),
                                             "bootlog.decode-paste", NULL));
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
}


static gboolean
file_read (gpointer data)
{
  const char *status = kiln_gui_test_bootlog_status (data);

  return g_str_has_prefix (status, "Decoded ") || g_str_has_prefix (status, "Could not read ");
}

static gboolean
too_large (gpointer data)
{
  return strstr (kiln_gui_test_bootlog_status (data), "too large") != NULL;
}

/* A log saved to a file, opened from the Boot Log: one saved by
 * PowerShell (UTF-16) reads as its text, and one that cannot be read says
 * why.  The view's part, from the file the dialog gives (the dialog
 * itself: test-file-dialogs.c). */
static void
test_open_file (KilnGuiTestDir *f,
                gconstpointer   data)
{
  static const char log[] =
    "ets Jan  8 2013,rst cause:1, boot mode:(7,7)\r\n\r\nwaiting for host\r\n";
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  KilnBootlogView *view = window->bootlog_view;
  /* Little-endian with its mark, as PowerShell's ">" writes. */
  g_autoptr(GBytes) bytes = kiln_test_utf16 (log, TRUE);
  g_autofree char *path = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "no-such.log", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) gone = g_file_new_for_path (missing);

  path = kiln_gui_test_write (f->dir, "esp01-capture.log", bytes);
  file = g_file_new_for_path (path);

  gtk_stack_set_visible_child_name (window->bottom_stack, "bootlog");
  kiln_bootlog_view_decode_file (view, file);
  g_assert_cmpstr (kiln_gui_test_bootlog_status (view), ==, "Reading the log file…");
  g_assert_true (kiln_gui_test_wait (file_read, view, 5000));
  g_assert_cmpstr (kiln_gui_test_bootlog_status (view), ==, "Decoded esp01-capture.log.");
  assert_shows (view, "— esp01-capture.log —");
  assert_shows (view, "waiting for host\n");
  g_assert_cmpstr (kiln_bootlog_view_get_diagnosis (view), ==, "GPIO15 is high at reset");
  {
    g_autofree char *all = kiln_bootlog_view_dup_text (view);

    /* No mark before the first line, no line of zero bytes: nothing the
     * board did not send, shown as U+FFFD. */
    assert_shows (view, "— esp01-capture.log —\nets Jan  8 2013");
    g_assert_null (strstr (all, "\xef\xbf\xbd"));
  }
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-log-file.png");

  kiln_bootlog_view_decode_file (view, gone);
  g_assert_true (kiln_gui_test_wait (file_read, view, 5000));
  g_assert_true (g_str_has_prefix (kiln_gui_test_bootlog_status (view),
                                   "Could not read no-such.log: "));

  /* A firmware image chosen by mistake is not decoded; what was shown
   * stays. */
  {
    g_autoptr(GBytes) image = kiln_gui_test_pattern (2 * 1024 * 1024, 7);
    g_autofree char *image_path = kiln_gui_test_write (f->dir, "firmware.bin", image);
    g_autoptr(GFile) image_file = g_file_new_for_path (image_path);

    kiln_bootlog_view_decode_file (view, image_file);
    g_assert_true (kiln_gui_test_wait (too_large, view, 5000));
    g_assert_cmpstr (kiln_gui_test_bootlog_status (view), ==,
                     "firmware.bin is too large for a boot log (2.0\u00a0MiB; up to "
                     "1.0\u00a0MiB). Open a copy cut down to the boot, or use kiln-cli "
                     "decode-log.");
    assert_shows (view, "— esp01-capture.log —");
  }
  kiln_gui_test_window_free (window);
}

static void
test_paste (void)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  KilnBootlogView *view = window->bootlog_view;
  GtkTextView *paste = GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                     KILN_TYPE_BOOTLOG_VIEW,
                                                                     "paste_view"));

  gtk_stack_set_visible_child_name (window->bottom_stack, "bootlog");
  /* As copied from a forum post: the serial monitor's time stamps, which
   * are shown as they came, and CR/LF. */
  paste_and_decode (window, paste,
                    "\r\n12:01:02.345 ->  ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n"
                    "12:01:02.345 -> \r\n"
                    "12:01:02.346 -> load 0x40100000, len 2592, room 16 \r\ntail 0\r\n"
                    "chksum 0xf3\r\nrf_cal[0] !=0x05,is 0xFF\r\n");

  assert_shows (view, "Pasted log");
  assert_shows (view, "12:01:02.345 ->  ets Jan  8 2013,rst cause:2, boot mode:(3,6)");
  assert_shows (view, "12:01:02.346 -> load 0x40100000, len 2592, room 16");
  assert_shows (view, "rf_cal[0] !=0x05,is 0xFF");
  g_assert_nonnull (kiln_bootlog_view_get_diagnosis (view));
  g_assert_nonnull (strstr (kiln_bootlog_view_get_diagnosis (view), "init data"));
  g_assert_false (kiln_bootlog_view_get_running (view));
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  /* The first diagnosis shown takes the height of its text, no more: the
   * log below it stays in view. */
  {
    GtkWidget *text = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                 KILN_TYPE_BOOTLOG_VIEW,
                                                                 "diagnosis_text"));
    int natural;

    gtk_widget_measure (text, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (text), NULL,
                        &natural, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_height (text), ==, natural);
    g_assert_cmpint (gtk_widget_get_height (text), <, 200);
  }
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-log-pasted-stamps.png");

  /* A crash report: every line of it is known, and the NVS error that
   * caused it comes first. */
  paste_and_decode (window, paste,
                    "I (329) cpu_start: Starting scheduler on PRO CPU.\r\n"
                    "ESP_ERROR_CHECK failed: esp_err_t 0x110d (ESP_ERR_NVS_NO_FREE_PAGES) "
                    "at 0x400d3b3e\r\n"
                    "file: \"main/main.c\" line 27\r\nfunc: app_main\r\n"
                    "expression: nvs_flash_init()\r\n\r\n"
                    "abort() was called at PC 0x4008762f on core 0\r\n\r\n"
                    "Backtrace: 0x40087633:0x3ffb5b60 0x4008ac45:0x3ffb5b80\r\n"
                    "\r\nELF file SHA256: 7e2f1ac0d95e3b42\r\n\r\nRebooting...\r\n");
  assert_shows (view, "Backtrace: 0x40087633:0x3ffb5b60 0x4008ac45:0x3ffb5b80");
  assert_shows (view, "The call chain at the crash");
  g_assert_nonnull (strstr (kiln_bootlog_view_get_diagnosis (view), "NVS"));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-log-crash-report.png");
  {
    g_autofree char *banner = dup_banner_text (view);

    /* The NVS error is the usual cause of such a report. */
    assert_contains (banner, "Confidence: medium: the usual cause of what the log shows.");
  }

  /* The firmware's lines, then a software reset with nothing to say why:
   * the banner says it is a guess. */
  paste_and_decode (window, paste,
                    "I (411) phy_init: phy_version 4670,719f9f6,Feb 18 2021,17:07:07\r\n"
                    "I (531) app: connecting to the broker\r\n"
                    "ets Jun  8 2016 00:22:57\r\n\r\n"
                    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                    "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
                    "load:0x3fff0030,len:1184\r\nentry 0x400805e4\r\n");
  g_assert_cmpstr (kiln_bootlog_view_get_diagnosis (view), ==,
                   "The firmware reset itself without saying why");
  {
    g_autofree char *banner = dup_banner_text (view);

    assert_contains (banner, "Fix: Watch the firmware's console");
    assert_contains (banner, "Confidence: low: a guess from indirect signs");
  }
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-log-low-confidence.png");

  /* A normal boot is a note: no fault to be sure of. */
  paste_and_decode (window, paste,
                    "ets Jun  8 2016 00:22:57\r\n\r\n"
                    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                    "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\n"
                    "load:0x3fff0030,len:1184\r\nentry 0x400805e4\r\n");
  {
    g_autofree char *banner = dup_banner_text (view);

    g_assert_null (strstr (banner, "Confidence"));
  }

  /* Read through an ESP32-S3's own USB, the ROM hands over and nothing
   * more comes: a warning that the console is elsewhere, not a failure. */
  paste_and_decode (window, paste,
                    "ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n"
                    "rst:0x15 (USB_UART_CHIP_RESET),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"
                    "Saved PC:0x40376e5c\r\nSPIWP:0xee\r\nmode:DIO, clock div:1\r\n"
                    "load:0x3fce3808,len:0x44c\r\nload:0x403c9700,len:0xbe4\r\n"
                    "load:0x403cc700,len:0x2a38\r\nentry 0x403c98d4\r\n");
  g_assert_nonnull (strstr (kiln_bootlog_view_get_diagnosis (view), "somewhere else"));
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-boot-log-console-elsewhere.png");

  kiln_gui_test_window_free (window);
}

int
main (int    argc,
      char **argv)
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add_func ("/kiln/bootlog-view/reset-and-listen", test_reset_and_listen);
  g_test_add_func ("/kiln/bootlog-view/paste", test_paste);
  g_test_add_func ("/kiln/bootlog-view/inspect-from-banner", test_inspect_from_banner);
  g_test_add_func ("/kiln/bootlog-view/inspect-esp8266-map", test_inspect_esp8266_map);
  g_test_add_func ("/kiln/bootlog-view/no-inspect-for-other-causes",
                   test_no_inspect_for_other_causes);
  g_test_add ("/kiln/bootlog-view/open-file", KilnGuiTestDir, NULL, kiln_gui_test_dir_setup,
              test_open_file, kiln_gui_test_dir_teardown);
  g_test_add_func ("/kiln/bootlog-view/finds-firmware-baud", test_finds_firmware_baud);
  g_test_add_func ("/kiln/bootlog-view/esp8285-mode-fix", test_esp8285_mode_fix);
  g_test_add_func ("/kiln/bootlog-view/inspect-damaged-bootloader",
                   test_inspect_damaged_bootloader);
  return g_test_run ();
}
