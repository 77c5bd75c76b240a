/* test-app.c: the app as the desktop drives it: files opened through
 * GApplication (a second `kiln FILE` forwards to the running instance),
 * Open Recent, and the notification when a job ends in the background.
 *
 * The app registers on a private session bus (GTestDBus), as it would on
 * the desktop's; the test plays the notification server on that bus.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-application.h"
#include "kiln-factory-window.h"
#include "kiln-preferences-window.h"
#include "kiln-recent-projects.h"
#include "kiln-remote-port-dialog.h"
#include "kiln-sim.h"
#include "test-gui-util.h"

static KilnApplication *app;
/* The test's session bus; kept to the end (see main()). */
static GTestDBus *bus;

/* ---- a notification server on the test's bus --------------------------- */

/* What the desktop's notification daemon implements
 * (org.freedesktop.Notifications); GLib's GNotification falls back to it
 * when no org.gtk.Notifications server runs.  Only what GLib calls. */
static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' name='app_name' direction='in'/>"
  "      <arg type='u' name='replaces_id' direction='in'/>"
  "      <arg type='s' name='app_icon' direction='in'/>"
  "      <arg type='s' name='summary' direction='in'/>"
  "      <arg type='s' name='body' direction='in'/>"
  "      <arg type='as' name='actions' direction='in'/>"
  "      <arg type='a{sv}' name='hints' direction='in'/>"
  "      <arg type='i' name='expire_timeout' direction='in'/>"
  "      <arg type='u' name='id' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'>"
  "      <arg type='u' name='id' direction='in'/>"
  "    </method>"
  "    <method name='GetCapabilities'>"
  "      <arg type='as' name='capabilities' direction='out'/>"
  "    </method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  char     *summary;
  char     *body;
  char     *desktop_entry;
  guint32   id;
} Notice;

static GPtrArray *notices;      /* (element-type Notice): every Notify call */
static guint      n_closed;     /* CloseNotification calls */

static void
notice_free (Notice *n)
{
  g_free (n->summary);
  g_free (n->body);
  g_free (n->desktop_entry);
  g_free (n);
}

static void
notifications_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *path,
                    const char            *interface,
                    const char            *method,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      Notice *n = g_new0 (Notice, 1);
      g_autoptr(GVariant) hints = NULL;

      g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", NULL, NULL, NULL, NULL, NULL, NULL,
                     &hints, NULL);
      g_variant_get_child (parameters, 3, "s", &n->summary);
      g_variant_get_child (parameters, 4, "s", &n->body);
      g_variant_lookup (hints, "desktop-entry", "s", &n->desktop_entry);
      n->id = notices->len + 1;
      g_ptr_array_add (notices, n);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n->id));
    }
  else if (g_str_equal (method, "CloseNotification"))
    {
      n_closed++;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", "actions", NULL };
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "kiln-test", "Kiln", "1", "1.2"));
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 result = 0;

  notices = g_ptr_array_new_with_free_func ((GDestroyNotify) notice_free);
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);  /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */
}

typedef KilnGuiTestDir Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kiln_gui_test_dir_setup (f, data);
  kiln_settings_reset (kiln_application_get_settings (app));
  g_object_set (kiln_application_get_settings (app), "reopen-last-project", FALSE, NULL);
}

static void
close_windows (void)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  kiln_gui_test_flush (50);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  close_windows ();
  kiln_gui_test_dir_teardown (f, data);
}

/* A project with @n_rows files, saved by the core as the app would. */
static GFile *
make_project (Fixture    *f,
              const char *name,
              guint       n_rows)
{
  g_autoptr(KilnProject) project = kiln_project_new ();
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_free (project->chip);
  project->chip = g_strdup ("esp8266");
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *bin = g_strdup_printf ("%s-%u.bin", name, i);
      g_autoptr(GBytes) data = kiln_gui_test_pattern (0x1000, 40 + i);
      g_autofree char *bin_path = kiln_gui_test_write (f->dir, bin, data);

      kiln_project_add_row (project, TRUE, bin_path, 0x10000 * (i + 1));
    }
  g_assert_true (kiln_project_save (project, path, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static KilnWindow *
the_window (void)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_nonnull (windows);
  g_assert_null (windows->next);
  g_assert_true (KILN_IS_WINDOW (windows->data));
  return windows->data;
}

typedef struct
{
  const char *title;
  guint       n_rows;
} Shows;

static gboolean
window_shows (gpointer data)
{
  const Shows *want = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));
  KilnWindow *window;

  if (windows == NULL || !KILN_IS_WINDOW (windows->data))
    return FALSE;
  window = windows->data;
  return g_strcmp0 (gtk_label_get_label (window->title_label), want->title) == 0 &&
         kiln_window_get_n_rows (window) == want->n_rows;
}

static GtkDialog *
find_question (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_DIALOG (w);
    }
  return NULL;
}

static gboolean
question_shown (gpointer data)
{
  return find_question () != NULL;
}

static void
subprocess_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* `kiln FILE` while Kiln runs: the new process hands the file to this one
 * over the session bus and exits. */
static void
run_second_instance (GFile *file)
{
  const char *kiln = g_getenv ("KILN_APP");
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_nonnull (kiln);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, kiln, g_file_peek_path (file), NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (proc, NULL, subprocess_done_cb, &done);
  /* A second instance that did not find this one would open its own
   * window and keep running: that is a failure, not a hang. */
  if (!kiln_gui_test_wait (flag_set, &done, 20000))
    {
      g_subprocess_force_exit (proc);
      g_error ("the second `kiln FILE` did not hand the file over and exit");
    }
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GFile) alpha = make_project (f, "alpha.kiln.json", 1);
  g_autoptr(GFile) beta = make_project (f, "beta.kiln.json", 2);
  Shows shows_alpha = { "alpha", 1 };
  Shows shows_beta = { "beta", 2 };
  KilnWindow *window;
  GtkDialog *question;

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* The file manager (or `kiln alpha.kiln.json` as the first instance):
   * GApplication's open. */
  g_application_open (G_APPLICATION (app), &alpha, 1, "");
  g_assert_true (kiln_gui_test_wait (window_shows, &shows_alpha, 5000));
  window = the_window ();
  g_assert_cmpstr (kiln_window_get_chip_name (window), ==, "esp8266");
  g_assert_nonnull (strstr (gtk_label_get_label (window->subtitle_label), f->dir + 1));

  /* A second `kiln beta.kiln.json`: the running instance opens it in the
   * same window, no second window. */
  run_second_instance (beta);
  g_assert_true (kiln_gui_test_wait (window_shows, &shows_beta, 5000));
  g_assert_true (the_window () == window);

  /* With unsaved changes, it asks first; Cancel keeps them. */
  kiln_region_row_set_address_text (kiln_window_get_row (window, 0), "0x40000");
  g_assert_cmpstr (gtk_label_get_label (window->title_label), ==, "• beta");
  g_application_open (G_APPLICATION (app), &alpha, 1, "");
  g_assert_true (kiln_gui_test_wait (question_shown, NULL, 5000));
  question = find_question ();
  gtk_dialog_response (question, GTK_RESPONSE_CANCEL);
  kiln_gui_test_flush (50);
  g_assert_cmpstr (gtk_label_get_label (window->title_label), ==, "• beta");
  g_assert_cmpstr (kiln_region_row_get_address_text (kiln_window_get_row (window, 0)), ==, "0x40000");

  /* Discard: the file opens. */
  g_application_open (G_APPLICATION (app), &alpha, 1, "");
  g_assert_true (kiln_gui_test_wait (question_shown, NULL, 5000));
  gtk_dialog_response (find_question (), GTK_RESPONSE_REJECT);
  g_assert_true (kiln_gui_test_wait (window_shows, &shows_alpha, 5000));
  g_assert_true (the_window () == window);
}

static gboolean
recent_lists (gpointer data)
{
  KilnWindow *window = data;
  GMenuModel *section = G_MENU_MODEL (window->project_section);
  guint n = g_menu_model_get_n_items (section);
  g_autoptr(GMenuModel) submenu = NULL;
  g_autofree char *first = NULL;

  if (n < 2)
    return FALSE;
  submenu = g_menu_model_get_item_link (section, n - 1, G_MENU_LINK_SUBMENU);
  return submenu != NULL && g_menu_model_get_n_items (submenu) >= 2 &&
         g_menu_model_get_item_attribute (submenu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &first) &&
         g_str_equal (first, "my__gamma");
}

/* Opened and saved projects are in Open Recent (and the desktop's
 * recently-used list, typed as Kiln projects), newest first. */
static void
test_recent (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) gamma = make_project (f, "my_gamma.kiln.json", 1);
  g_autoptr(GFile) delta = make_project (f, "delta.kiln.json", 3);
  g_autoptr(GMenuModel) submenu = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autofree char *label = NULL;
  g_autofree char *uri = g_file_get_uri (gamma);
  g_autoptr(GtkRecentInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  Shows shows_gamma = { "my_gamma", 1 };
  KilnWindow *window;
  guint n;

  g_application_open (G_APPLICATION (app), &delta, 1, "");
  g_application_open (G_APPLICATION (app), &gamma, 1, "");
  g_assert_true (kiln_gui_test_wait (window_shows, &shows_gamma, 5000));
  window = the_window ();

  info = gtk_recent_manager_lookup_item (gtk_recent_manager_get_default (), uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, KILN_PROJECT_MIME_TYPE);

  g_assert_true (kiln_gui_test_wait (recent_lists, window, 5000));
  n = g_menu_model_get_n_items (G_MENU_MODEL (window->project_section));
  submenu = g_menu_model_get_item_link (G_MENU_MODEL (window->project_section), n - 1,
                                        G_MENU_LINK_SUBMENU);
  /* Newest first; an underscore in a name is not a mnemonic. */
  g_assert_true (g_menu_model_get_item_attribute (submenu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "my__gamma");
  target = g_menu_model_get_item_attribute_value (submenu, 1, G_MENU_ATTRIBUTE_TARGET,
                                                  G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, g_file_peek_path (delta));

  /* Choosing it opens it. */
  {
    Shows shows_delta = { "delta", 3 };
    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.open-recent", target));
    g_assert_true (kiln_gui_test_wait (window_shows, &shows_delta, 5000));
  }
}

/* ---- notifications and the title while a job runs ----------------------- */

static gboolean
n_notices_is (gpointer data)
{
  return notices->len == GPOINTER_TO_UINT (data);
}

static gboolean
job_ended (gpointer data)
{
  return !kiln_window_get_busy (data);
}

static gboolean
title_shows_progress (gpointer data)
{
  KilnWindow *window = data;
  const char *title = gtk_window_get_title (GTK_WINDOW (window));
  char *end = NULL;
  guint64 percent;

  if (title == NULL || !g_ascii_isdigit (title[0]))
    return FALSE;
  percent = g_ascii_strtoull (title, &end, 10);
  return percent > 0 && percent < 100 && g_str_equal (end, " % · Kiln");
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static gboolean
window_inactive (gpointer data)
{
  return !gtk_window_is_active (data);
}

static gboolean
n_closed_is (gpointer data)
{
  return n_closed == GPOINTER_TO_UINT (data);
}

/* A job of several seconds ends while another window has the focus:
 * a desktop notification says how it ended; the title showed the
 * progress meanwhile.  A short one does not disturb. */
static void
test_notification (Fixture       *f,
                   gconstpointer  data)
{
  KilnSettings *settings = kiln_application_get_settings (app);
  KilnWindow *window = kiln_window_new (app, settings);
  GtkWidget *other = gtk_window_new ();
  /* About 7 s at 115200 baud (incompressible data), well over the few
   * seconds after which a job is worth a notification. */
  g_autoptr(GBytes) image = kiln_gui_test_pattern (72 * 1024, 50);
  g_autofree char *path = kiln_gui_test_write (f->dir, "long.bin", image);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) image_fail = kiln_gui_test_pattern (160 * 1024, 51);
  g_autofree char *path_fail = kiln_gui_test_write (f->dir, "longer.bin", image_fail);
  g_autoptr(GFile) file_fail = g_file_new_for_path (path_fail);
  Notice *n;

  g_object_set (settings, "baud-rate", 115200u, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kiln_gui_test_wait (window_active, window, 5000));
  kiln_window_add_file (window, file, 0x10000);
  kiln_window_set_port (window, "sim:esp32?id=notify&flash=1MB&pace=1");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Kiln");

  /* The user goes to another window while it writes. */
  g_ptr_array_set_size (notices, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flash", NULL));
  gtk_window_set_title (GTK_WINDOW (other), "Text Editor");
  gtk_window_present (GTK_WINDOW (other));
  g_assert_true (kiln_gui_test_wait (window_inactive, window, 5000));
  g_assert_true (kiln_gui_test_wait (title_shows_progress, window, 15000));
  g_assert_true (kiln_gui_test_wait (job_ended, window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Kiln");

  g_assert_true (kiln_gui_test_wait (n_notices_is, GUINT_TO_POINTER (1), 5000));
  n = g_ptr_array_index (notices, 0);
  g_assert_cmpstr (n->summary, ==, "Firmware written and verified");
  g_assert_nonnull (strstr (n->body, "Wrote 1 file"));
  g_assert_nonnull (strstr (n->body, "Port: sim:esp32?id=notify"));
  g_assert_cmpstr (n->desktop_entry, ==, APP_ID);

  /* Back at the window: the notification goes.  (GLib closes it by the
   * id the server answered with: let that answer arrive first, as it has
   * long before a person switches windows.) */
  kiln_gui_test_flush (200);
  n_closed = 0;
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kiln_gui_test_wait (window_active, window, 5000));
  g_assert_true (kiln_gui_test_wait (n_closed_is, GUINT_TO_POINTER (1), 5000));

  /* A board that drops off after a while, the window in the background:
   * the notification says what went wrong.  (Kiln's stub takes the
   * ESP8266's data compressed and answers fast: the drop comes some 8 s
   * of wire time in, well past the notification's threshold.) */
  kiln_window_clear_rows (window);
  kiln_window_add_file (window, file_fail, 0x10000);
  kiln_window_set_port (window, "sim:esp8266?id=notify-fail&flash=1MB&pace=1&fault=disconnect:100000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flash", NULL));
  gtk_window_present (GTK_WINDOW (other));
  g_assert_true (kiln_gui_test_wait (window_inactive, window, 5000));
  g_assert_true (kiln_gui_test_wait (job_ended, window, 30000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_FAILED);
  g_assert_true (kiln_gui_test_wait (n_notices_is, GUINT_TO_POINTER (2), 5000));
  n = g_ptr_array_index (notices, 1);
  g_assert_cmpstr (n->summary, ==, "Writing the firmware failed");
  g_assert_nonnull (strstr (n->body, gtk_label_get_label (window->banner_label)));

  /* A job of a moment (Detect) in the background: no notification. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.detect", NULL));
  g_assert_true (kiln_window_get_busy (window));
  g_assert_true (kiln_gui_test_wait (job_ended, window, 10000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);
  kiln_gui_test_flush (1000);
  g_assert_cmpuint (notices->len, ==, 2);

  gtk_window_destroy (GTK_WINDOW (other));
  kiln_sim_forget ("notify");
  kiln_sim_forget ("notify-fail");
}

/* ---- the shortcuts window ------------------------------------------------ */

/* "<Control>Return" → "0x4:ff0d", one key of a trigger, comparable. */
static char *
key_id (guint           keyval,
        GdkModifierType mods)
{
  return g_strdup_printf ("0x%x:%x", (guint) (mods & gtk_accelerator_get_default_mod_mask ()),
                          gdk_keyval_to_lower (keyval));
}

static void
add_trigger_keys (GtkShortcutTrigger *trigger,
                  GHashTable         *keys,
                  const char         *what)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    g_hash_table_insert (keys,
                         key_id (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                 gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))),
                         g_strdup (what));
  else if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger_keys (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keys, what);
      add_trigger_keys (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keys, what);
    }
}

/* The keys a window's class binds to actions (the app's own: GTK's
 * window bindings are signals), and F10 for the main menu. */
static void
collect_window_keys (GtkWidget  *window,
                     GHashTable *keys)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      const char *name;

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      name = gtk_event_controller_get_name (GTK_EVENT_CONTROLLER (c));
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *what = NULL;

          if (GTK_IS_NAMED_ACTION (action))
            what = g_strdup_printf ("%s %s", G_OBJECT_TYPE_NAME (window),
                                    gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
          else if (g_strcmp0 (name, "gtk-window-menubar-accel") == 0)
            what = g_strdup ("the main menu");
          else
            continue;
          add_trigger_keys (gtk_shortcut_get_trigger (shortcut), keys, what);
        }
    }
}

static void
collect_overlay (GtkWidget  *root,
                 GHashTable *keys,
                 GHashTable *actions)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_SHORTCUTS_SHORTCUT (w))
        {
          g_autofree char *accelerator = NULL;
          g_autofree char *action = NULL;
          g_autofree char *title = NULL;
          g_auto(GStrv) accels = NULL;

          g_object_get (w, "accelerator", &accelerator, "action-name", &action, "title", &title, NULL);
          accels = g_strsplit (accelerator != NULL ? accelerator : "", " ", -1);
          for (guint i = 0; accels[i] != NULL; i++)
            {
              guint keyval = 0;
              GdkModifierType mods = 0;

              if (*accels[i] == '\0')
                continue;
              g_assert_true (gtk_accelerator_parse (accels[i], &keyval, &mods));
              g_hash_table_insert (keys, key_id (keyval, mods), g_strdup (title));
            }
          if (action != NULL)
            g_hash_table_add (actions, g_steal_pointer (&action));
        }
      collect_overlay (w, keys, actions);
    }
}

/* Every accelerator the app installs is in the shortcuts window, and
 * everything the shortcuts window lists is installed. */
static void
test_shortcuts (Fixture       *f,
                gconstpointer  data)
{
  KilnWindow *window = kiln_window_new (app, kiln_application_get_settings (app));
  GtkWindow *overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_autoptr(GHashTable) installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) shown_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) descriptions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_autoptr(GString) missing = g_string_new (NULL);
  GtkWidget *others[3];
  GHashTableIter iter;
  gpointer key, value;
  guint n_app = 0;

  g_assert_nonnull (overlay);
  collect_overlay (GTK_WIDGET (overlay), shown, shown_actions);

  /* The app's accelerators (gtk_application_set_accels_for_action, and
   * Ctrl+? for the shortcuts window itself): listed with their action. */
  for (guint i = 0; descriptions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), descriptions[i]);
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;

      if (accels[0] == NULL)
        continue;
      n_app++;
      g_assert_true (g_action_parse_detailed_name (descriptions[i], &name, &target, NULL));
      if (!g_hash_table_contains (shown_actions, name))
        g_string_append_printf (missing, "\n  %s (%s)", descriptions[i], accels[0]);
      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint keyval = 0;
          GdkModifierType mods = 0;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &mods));
          g_hash_table_insert (installed, key_id (keyval, mods), g_strdup (descriptions[i]));
        }
    }
  g_assert_cmpuint (n_app, >=, 4);

  /* The windows' own keys. */
  others[0] = GTK_WIDGET (kiln_factory_window_new (window));
  others[1] = GTK_WIDGET (kiln_preferences_window_new (GTK_WINDOW (window), kiln_application_get_settings (app)));
  others[2] = GTK_WIDGET (kiln_remote_port_dialog_new (GTK_WINDOW (window)));
  collect_window_keys (GTK_WIDGET (window), installed);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    collect_window_keys (others[i], installed);
  g_assert_cmpuint (g_hash_table_size (installed), >=, 15);

  g_hash_table_iter_init (&iter, installed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (shown, key))
      g_string_append_printf (missing, "\n  %s (%s)", (char *) value, (char *) key);
  if (missing->len > 0)
    g_error ("not in the shortcuts window:%s", missing->str);

  g_hash_table_iter_init (&iter, shown);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (installed, key))
      g_string_append_printf (missing, "\n  “%s” (%s)", (char *) value, (char *) key);
  if (missing->len > 0)
    g_error ("in the shortcuts window but not installed:%s", missing->str);

  /* Ctrl+? shows it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  kiln_gui_test_wait_drawn (GTK_WIDGET (overlay));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  kiln_gui_test_screenshot (GTK_WIDGET (overlay), "kiln-shortcuts.png");
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    gtk_window_destroy (GTK_WINDOW (others[i]));
}

/* The window icon comes from PNGs at every size GTK loads for it (on X11,
 * every size the theme has; the scalable one at 48): an SVG among them
 * would load librsvg into the process, 8 MB for a window icon. */
static void
test_icon (Fixture       *f,
           gconstpointer  data)
{
  KilnWindow *window = kiln_window_new (app, kiln_application_get_settings (app));
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autofree int *sizes = gtk_icon_theme_get_icon_sizes (theme, APP_ID);
  guint n = 0;

  for (guint i = 0; sizes[i] != 0; i++)
    {
      int size = sizes[i] == -1 ? 48 : sizes[i];
      g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, APP_ID, NULL, size, 1,
                                                                     GTK_TEXT_DIR_NONE, 0);
      g_autoptr(GFile) file = gtk_icon_paintable_get_file (icon);
      g_autofree char *uri = g_file_get_uri (file);

      g_test_message ("window icon at %d px: %s", size, uri);
      g_assert_true (g_str_has_suffix (uri, ".png"));
      n++;
    }
  g_assert_cmpuint (n, >=, 5);

  gtk_window_present (GTK_WINDOW (window));
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
#ifdef __linux__
  {
    g_autofree char *maps = NULL;

    g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
    g_assert_null (strstr (maps, "librsvg"));
  }
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The app's own session bus, before anything looks for one.  GTestDBus
   * unsets DISPLAY (against D-Bus autolaunch through X11): the windows
   * need it back. */
  {
    g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

    bus = g_test_dbus_new (G_TEST_DBUS_NONE);
    g_test_dbus_up (bus);
    if (display != NULL)
      g_setenv ("DISPLAY", display, TRUE);
  }

  /* Skipped (no display): the bus's daemon must not outlive the test,
   * or the test runner waits for the output it still holds open. */
  if (!kiln_gui_test_init (&argc, &argv))
    {
      g_test_dbus_stop (bus);
      return KILN_GUI_TEST_SKIPPED;
    }

  app = kiln_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  start_notification_server ();

  g_test_add ("/kiln/app/open", Fixture, NULL, fixture_setup, test_open, fixture_teardown);
  g_test_add ("/kiln/app/recent", Fixture, NULL, fixture_setup, test_recent, fixture_teardown);
  g_test_add ("/kiln/app/notification", Fixture, NULL, fixture_setup, test_notification, fixture_teardown);
  /* Before the shortcuts window is shown: GTK draws parts of that with
   * its own SVGs. */
  g_test_add ("/kiln/app/icon", Fixture, NULL, fixture_setup, test_icon, fixture_teardown);
  g_test_add ("/kiln/app/shortcuts", Fixture, NULL, fixture_setup, test_shortcuts, fixture_teardown);

  status = g_test_run ();

  g_clear_object (&app);
  kiln_gui_test_flush (50);
  /* GTK keeps its own references to the bus connection: stop the bus
   * without waiting for them (g_test_dbus_down() would, and unreffing
   * the GTestDBus calls it). */
  g_test_dbus_stop (bus);
  return status;
}
