/* test-file-dialogs.c: the app's file dialogs, opened as a person opens
 * them.
 *
 * GtkFileChooserNative shows GTK's own dialog where there is no portal,
 * as under Xvfb; the tests find it among the toplevels by its title,
 * choose or cancel in it, and check what the window then does.
 *
 * This suite runs without leak checking in the sanitizer pass: GTK's
 * file dialog leaks on its own, with no Kiln frame in the traces (its
 * sidebar's libcloudproviders without a session bus, GIO's worker thread,
 * GtkRecentManager; build-aux/run-tests.sh says more).  What the dialogs
 * lead to runs leak-checked in test-bootlog-view and test-window.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "test-gui-util.h"

typedef KilnGuiTestDir Fixture;

/* The visible file dialog titled @title, or NULL. */
static GtkFileChooser *
find_dialog (const char *title)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_FILE_CHOOSER_DIALOG (l->data) && gtk_widget_get_visible (l->data)
        && g_strcmp0 (gtk_window_get_title (l->data), title) == 0)
      return l->data;
  return NULL;
}

static gboolean
dialog_up (gpointer title)
{
  return find_dialog (title) != NULL;
}

static gboolean
dialog_gone (gpointer title)
{
  return find_dialog (title) == NULL;
}

typedef struct
{
  GtkFileChooser *dialog;
  GFile          *file;
} Chosen;

static gboolean
file_chosen (gpointer data)
{
  Chosen *c = data;
  g_autoptr(GFile) current = gtk_file_chooser_get_file (c->dialog);

  return current != NULL && g_file_equal (current, c->file);
}


static gboolean
log_decoded (gpointer view)
{
  return g_str_has_prefix (kiln_gui_test_bootlog_status (view), "Decoded ");
}

/* The Boot Log's Paste Log… ▸ Open File…: cancelled, nothing changes;
 * a log chosen in it is decoded under its name. */
static void
test_boot_log_open_file (Fixture       *f,
                         gconstpointer  data)
{
  static const char title[] = "Open a Saved Boot Log";
  static const char log[] = "ets Jan  8 2013,rst cause:1, boot mode:(7,7)\r\nwaiting for host\r\n";
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  KilnBootlogView *view = window->bootlog_view;
  g_autoptr(GBytes) text = g_bytes_new_static (log, strlen (log));
  g_autofree char *path = kiln_gui_test_write (f->dir, "boot.log", text);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSList) filters = NULL;
  GtkFileChooser *dialog;
  Chosen chosen;

  gtk_stack_set_visible_child_name (window->bottom_stack, "bootlog");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "bootlog.open-file", NULL));
  g_assert_true (kiln_gui_test_wait (dialog_up, (gpointer) title, 5000));
  dialog = find_dialog (title);
  g_assert_cmpint (gtk_file_chooser_get_action (dialog), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  {
    GListModel *list = gtk_file_chooser_get_filters (dialog);

    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
    g_assert_cmpstr (gtk_file_filter_get_name (gtk_file_chooser_get_filter (dialog)), ==,
                     "Logs and text files");
    g_object_unref (list);
  }
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_true (kiln_gui_test_wait (dialog_gone, (gpointer) title, 5000));
  g_assert_cmpstr (kiln_gui_test_bootlog_status (view), ==, "");

  /* Again, and a log chosen in it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "bootlog.open-file", NULL));
  g_assert_true (kiln_gui_test_wait (dialog_up, (gpointer) title, 5000));
  dialog = find_dialog (title);
  g_assert_true (gtk_file_chooser_set_file (dialog, file, NULL));
  chosen.dialog = dialog;
  chosen.file = file;
  g_assert_true (kiln_gui_test_wait (file_chosen, &chosen, 5000));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_true (kiln_gui_test_wait (log_decoded, view, 5000));
  g_assert_cmpstr (kiln_gui_test_bootlog_status (view), ==, "Decoded boot.log.");
  g_assert_cmpstr (kiln_bootlog_view_get_diagnosis (view), ==, "GPIO15 is high at reset");
  kiln_gui_test_window_free (window);
}

/* The window's Open…: cancelled, the window is as it was. */
static void
test_open_project_cancelled (Fixture       *f,
                             gconstpointer  data)
{
  static const char title[] = "Open Project";
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  GtkFileChooser *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL));
  g_assert_true (kiln_gui_test_wait (dialog_up, (gpointer) title, 5000));
  dialog = find_dialog (title);
  g_assert_cmpint (gtk_file_chooser_get_action (dialog), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_true (kiln_gui_test_wait (dialog_gone, (gpointer) title, 5000));
  g_assert_cmpuint (kiln_window_get_n_rows (window), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  kiln_gui_test_window_free (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add ("/kiln/file-dialogs/boot-log-open-file", Fixture, NULL, kiln_gui_test_dir_setup,
              test_boot_log_open_file, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/file-dialogs/open-project-cancelled", Fixture, NULL,
              kiln_gui_test_dir_setup, test_open_project_cancelled, kiln_gui_test_dir_teardown);
  return g_test_run ();
}
