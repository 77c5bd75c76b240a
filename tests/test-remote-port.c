/* test-remote-port.c: a board on the network, added and flashed from the
 * app.
 *
 * The board is a kiln-sim process serving a virtual ESP8266 on TCP
 * (--listen 127.0.0.1:0, the port it picked read from its first line), as
 * an ESP-Link or ser2net would serve a real one.  The port is added through
 * the Add Remote Port dialog as a person fills it in, the files are written
 * through it from the main window and from Factory Mode, and the board's
 * flash file (saved by the server when the connection ends) is compared
 * byte for byte.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "kiln-factory-window.h"
#include "kiln-remote-port.h"
#include "kiln-remote-port-dialog.h"
#include "test-gui-util.h"

#define FLASH_SIZE (1024 * 1024)

typedef struct
{
  char        *dir;
  char        *flash_path;
  GSubprocess *server;
  guint        tcp_port;
  char        *url;
} Fixture;

/* If the test dies on a failed assertion, the server goes with it (and
 * does not hold the test's output open). */
static void
server_child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *sim = g_getenv ("KILN_SIM");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *colon;

  g_assert_nonnull (sim);
  f->dir = g_dir_make_tmp ("kiln-remote-XXXXXX", &error);
  g_assert_no_error (error);
  f->flash_path = g_build_filename (f->dir, "flash.bin", NULL);

  g_subprocess_launcher_set_child_setup (launcher, server_child_setup, NULL, NULL);
  f->server = g_subprocess_launcher_spawn (launcher, &error, sim,
                                           "--chip", "esp8266", "--flash-size", "1MB",
                                           "--listen", "127.0.0.1:0", "--flash-file", f->flash_path,
                                           NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on 127.0.0.1:"));
  colon = strrchr (line, ':');
  f->tcp_port = (guint) g_ascii_strtoull (colon + 1, NULL, 10);
  g_assert_cmpuint (f->tcp_port, >, 0);
  f->url = g_strdup_printf ("socket://127.0.0.1:%u", f->tcp_port);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait (f->server, NULL, NULL);
  g_clear_object (&f->server);
  kiln_gui_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->flash_path);
  g_free (f->url);
}

static KilnRemotePortDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (KILN_IS_REMOTE_PORT_DIALOG (w))
        return KILN_REMOTE_PORT_DIALOG (w);
    }
  return NULL;
}

static gpointer
dialog_child (KilnRemotePortDialog *dialog,
              const char           *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), KILN_TYPE_REMOTE_PORT_DIALOG,
                                                  name);
  g_assert_nonnull (child);
  return child;
}

/* Enter in an entry: what its Return key binding does, "activate" on the
 * entry's text widget. */
static gboolean
press_enter_in (GtkWidget *entry)
{
  for (GtkWidget *child = gtk_widget_get_first_child (entry); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TEXT (child))
      {
        g_signal_emit_by_name (child, "activate");
        return TRUE;
      }
  return FALSE;
}

static KilnPortItem *
port_item (KilnWindow *window,
           const char *name)
{
  guint position;

  if (!kiln_port_model_find (window->ports, name, &position))
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (window->ports), position);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

typedef struct
{
  KilnWindow      *window;
  const char      *port;
  KilnRemoteState  state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *w = data;
  g_autoptr(KilnPortItem) item = port_item (w->window, w->port);

  return item != NULL && kiln_port_item_get_remote_state (item) == w->state;
}

typedef struct
{
  const char *path;
  guint32     address;
  GBytes     *data;
} FlashWait;

/* The server writes its flash file when the connection ends. */
static gboolean
flash_file_holds (gpointer data)
{
  FlashWait *w = data;
  g_autofree char *contents = NULL;
  gsize len = 0;
  gsize size = g_bytes_get_size (w->data);

  return g_file_get_contents (w->path, &contents, &len, NULL) && len == FLASH_SIZE &&
         memcmp (contents + w->address, g_bytes_get_data (w->data, NULL), size) == 0;
}

static void
assert_flash_file (const char *path,
                   guint32     address,
                   GBytes     *data)
{
  FlashWait w = { path, address, data };
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!kiln_gui_test_wait (flash_file_holds, &w, 10000))
    {
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, ==, FLASH_SIZE);
      g_assert_cmpmem (contents + address, g_bytes_get_size (data),
                       g_bytes_get_data (data, NULL), g_bytes_get_size (data));
    }
}

/* Add Remote Port as a person fills it in, then Start through it. */
static void
test_add_and_flash (Fixture       *f,
                    gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) image = kiln_gui_test_pattern (0x6000, 31);
  g_autofree char *image_path = kiln_gui_test_write (f->dir, "lamp.bin", image);
  g_autoptr(GFile) image_file = g_file_new_for_path (image_path);
  g_autoptr(KilnPortItem) item = NULL;
  g_auto(GStrv) remembered = NULL;
  KilnRemotePortDialog *dialog;
  GtkEditable *host;
  StateWait reachable = { window, f->url, KILN_REMOTE_STATE_REACHABLE };

  kiln_window_add_file (window, image_file, 0x10000);

  /* The port's menu: Add Remote Port… */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-remote-port", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  kiln_gui_test_wait_drawn (GTK_WIDGET (dialog));
  host = dialog_child (dialog, "host_entry");

  /* Nothing yet: Add is off and nothing is wrong. */
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "add_button")));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "problem_label")));

  /* A URL or host:port in the host field says what to do instead. */
  gtk_editable_set_text (host, "socket://127.0.0.1:3333");
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "add_button")));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "problem_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (dialog_child (dialog, "problem_label")),
                            "without socket://"));
  gtk_editable_set_text (host, "127.0.0.1:3333");
  g_assert_nonnull (strstr (gtk_label_get_label (dialog_child (dialog, "problem_label")),
                            "Port field"));

  /* An IPv6 address, with or without its brackets. */
  gtk_editable_set_text (host, "[::1]");
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "add_button")));
  g_assert_nonnull (strstr (gtk_label_get_label (dialog_child (dialog, "url_label")), "socket://[::1]:"));

  gtk_editable_set_text (host, "127.0.0.1");
  gtk_spin_button_set_value (dialog_child (dialog, "tcp_port_spin"), f->tcp_port);
  gtk_check_button_set_active (dialog_child (dialog, "rfc2217_check"), TRUE);
  g_assert_nonnull (strstr (gtk_label_get_label (dialog_child (dialog, "url_label")), "rfc2217://"));
  gtk_check_button_set_active (dialog_child (dialog, "raw_check"), TRUE);
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "add_button")));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "problem_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (dialog_child (dialog, "url_label")), f->url));
  kiln_gui_test_screenshot (GTK_WIDGET (dialog), "kiln-remote-port-dialog.png");

  /* Enter in the host field is Add (a button activated from the keyboard
   * clicks after its pressed look has shown). */
  {
    gpointer weak = dialog;
    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    g_assert_true (press_enter_in (GTK_WIDGET (host)));
    g_assert_true (kiln_gui_test_wait (pointer_cleared, &weak, 2000));
  }

  /* Listed, selected, remembered, and found to answer. */
  g_assert_cmpstr (kiln_window_get_port (window), ==, f->url);
  g_object_get (window->settings, "remote-ports", &remembered, NULL);
  g_assert_nonnull (remembered);
  g_assert_true (g_strv_contains ((const char * const *) remembered, f->url));
  item = port_item (window, f->url);
  g_assert_true (kiln_port_item_get_is_remote (item));
  g_assert_false (kiln_port_item_get_is_virtual (item));
  g_assert_true (kiln_gui_test_wait (state_is, &reachable, 5000));
  g_assert_cmpstr (gtk_label_get_label (window->port_details_label), ==,
                   "Remote port, raw TCP · reachable");
  kiln_gui_test_screenshot (GTK_WIDGET (window), "kiln-remote-port-selected.png");

  /* Start writes through it. */
  g_assert_true (kiln_gui_test_flash (window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  assert_flash_file (f->flash_path, 0x10000, image);

  /* Remembered: a new window lists it again. */
  {
    KilnWindow *other = kiln_window_new (NULL, window->settings);
    g_assert_true (kiln_port_model_find (other->ports, f->url, NULL));
    gtk_window_destroy (GTK_WINDOW (other));
  }

  kiln_gui_test_window_free (window);
}

/* A server that is not there says so; Forget drops the port. */
static void
test_unreachable_and_forget (Fixture       *f,
                             gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dead = NULL;
  g_auto(GStrv) remembered = NULL;
  guint16 closed_port;
  StateWait unreachable = { window, NULL, KILN_REMOTE_STATE_UNREACHABLE };

  /* A port nothing listens on any more. */
  closed_port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  dead = g_strdup_printf ("rfc2217://127.0.0.1:%u", closed_port);
  unreachable.port = dead;

  kiln_window_add_remote_port (window, f->url);
  kiln_window_add_remote_port (window, dead);
  g_assert_cmpstr (kiln_window_get_port (window), ==, dead);
  g_assert_true (kiln_gui_test_wait (state_is, &unreachable, 8000));
  g_assert_cmpstr (gtk_label_get_label (window->port_details_label), ==,
                   "Remote port, RFC 2217 · not reachable: connection refused");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.forget-remote-port", NULL));
  g_object_get (window->settings, "remote-ports", &remembered, NULL);
  g_assert_false (g_strv_contains ((const char * const *) remembered, dead));
  g_assert_true (g_strv_contains ((const char * const *) remembered, f->url));
  g_assert_false (kiln_port_model_find (window->ports, dead, NULL));
  g_assert_cmpstr (kiln_window_get_port (window), !=, dead);

  kiln_gui_test_window_free (window);
}

static gboolean
factory_done (gpointer data)
{
  KilnFactoryWindow *factory = data;

  return !kiln_factory_window_get_running (factory) &&
         kiln_board_card_get_result (kiln_factory_window_get_card (factory, 0)) != KILN_BOARD_IDLE;
}

/* Factory Mode lists the remote port with the others and writes through it. */
static void
test_factory (Fixture       *f,
              gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) image = kiln_gui_test_pattern (0x3000, 32);
  g_autofree char *image_path = kiln_gui_test_write (f->dir, "batch.bin", image);
  g_autoptr(GFile) image_file = g_file_new_for_path (image_path);
  g_autofree char *record = g_build_filename (f->dir, "boards.csv", NULL);
  KilnFactoryWindow *factory;
  KilnBoardCard *card;

  kiln_window_add_remote_port (window, f->url);
  kiln_window_set_port (window, "sim:esp8266");
  kiln_window_add_file (window, image_file, 0x20000);
  g_settings_set_string (kiln_settings_get_backend (window->settings), "factory-record-path", record);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.factory", NULL));
  factory = g_object_get_data (G_OBJECT (window), "kiln-factory-window");
  g_assert_true (KILN_IS_FACTORY_WINDOW (factory));
  kiln_gui_test_wait_drawn (GTK_WIDGET (factory));

  kiln_factory_window_set_port_selected (factory, f->url, TRUE);
  g_assert_cmpuint (kiln_factory_window_get_n_cards (factory), ==, 1);
  card = kiln_factory_window_get_card (factory, 0);
  g_assert_cmpstr (kiln_board_card_get_port (card), ==, f->url);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (factory), "factory.start-all", NULL));
  g_assert_true (kiln_gui_test_wait (factory_done, factory, 30000));
  if (kiln_board_card_get_result (card) != KILN_BOARD_PASSED)
    g_printerr ("%s\n", kiln_board_card_get_status (card));
  g_assert_cmpint (kiln_board_card_get_result (card), ==, KILN_BOARD_PASSED);
  assert_flash_file (f->flash_path, 0x20000, image);

  gtk_window_destroy (GTK_WINDOW (factory));
  kiln_gui_test_window_free (window);
}

/* The URLs the dialog makes and the port list reads. */
static void
test_urls (void)
{
  const char *bad_hosts[] = { "", "socket://h:1", "h:99", "two words", "a/b", NULL };
  g_autofree char *v4 = kiln_remote_port_url ("192.168.1.20", 4000, KILN_REMOTE_RFC2217);
  g_autofree char *v6 = kiln_remote_port_url ("fe80::1", 23, KILN_REMOTE_RAW);
  g_autofree char *host = NULL;
  KilnRemoteProtocol protocol;
  guint tcp_port = 0;

  g_assert_cmpstr (v4, ==, "rfc2217://192.168.1.20:4000");
  g_assert_cmpstr (v6, ==, "socket://[fe80::1]:23");
  g_assert_true (kiln_remote_port_parse (v6, &host, &tcp_port, &protocol));
  g_assert_cmpstr (host, ==, "fe80::1");
  g_assert_cmpuint (tcp_port, ==, 23);
  g_assert_cmpint (protocol, ==, KILN_REMOTE_RAW);
  g_assert_true (kiln_remote_port_parse ("rfc2217://esp-link.local:2217?ign=1", NULL, &tcp_port, &protocol));
  g_assert_cmpuint (tcp_port, ==, 2217);
  g_assert_cmpint (protocol, ==, KILN_REMOTE_RFC2217);

  g_assert_false (kiln_remote_port_parse ("socket://host", NULL, NULL, NULL));
  g_assert_false (kiln_remote_port_parse ("socket://host:0", NULL, NULL, NULL));
  g_assert_false (kiln_remote_port_parse ("socket://host:70000", NULL, NULL, NULL));
  g_assert_false (kiln_remote_port_parse ("socket://:4000", NULL, NULL, NULL));
  g_assert_false (kiln_remote_port_parse ("/dev/ttyUSB0", NULL, NULL, NULL));
  g_assert_false (kiln_remote_port_is_remote ("sim:esp32"));

  g_assert_true (kiln_remote_port_check_host ("esp-link.local", NULL));
  g_assert_true (kiln_remote_port_check_host ("fe80::1", NULL));
  for (guint i = 0; bad_hosts[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (kiln_remote_port_check_host (bad_hosts[i], &error));
      g_assert_nonnull (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add_func ("/kiln/remote-port/urls", test_urls);
  g_test_add ("/kiln/remote-port/add-and-flash", Fixture, NULL, fixture_setup, test_add_and_flash, fixture_teardown);
  g_test_add ("/kiln/remote-port/unreachable-and-forget", Fixture, NULL, fixture_setup, test_unreachable_and_forget, fixture_teardown);
  g_test_add ("/kiln/remote-port/factory", Fixture, NULL, fixture_setup, test_factory, fixture_teardown);

  return g_test_run ();
}
