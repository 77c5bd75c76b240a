/* kiln-window-actions.c: what the window's buttons, menus and shortcuts do.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiln-gui-util.h"
#include "kiln-window-private.h"

typedef enum
{
  CHOOSE_OPEN,
  CHOOSE_SAVE,
  CHOOSE_IMPORT,
  CHOOSE_READ,
  CHOOSE_ADD,
  CHOOSE_AT_RELEASE,
} ChooseKind;

static void
report_error (KilnWindow *self,
              GError     *error)
{
  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  kiln_window_log (self, KILN_LOG_ERROR, error->message);
  kiln_window_show_banner (self, KILN_BANNER_ERROR, error->message, FALSE);
}

static void
chooser_response_cb (KilnWindow           *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  ChooseKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kiln-choose-kind"));
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      switch (kind)
        {
        case CHOOSE_OPEN:
          kiln_window_load_project (self, file, &error);
          break;
        case CHOOSE_SAVE:
          kiln_window_save_project (self, file, &error);
          break;
        case CHOOSE_IMPORT:
          kiln_window_import (self, file, &error);
          break;
        case CHOOSE_ADD:
          {
            g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
            for (guint i = 0; i < g_list_model_get_n_items (files); i++)
              {
                g_autoptr(GFile) f = g_list_model_get_item (files, i);
                kiln_window_add_file (self, f, -1);
              }
          }
          break;
        case CHOOSE_READ:
          kiln_window_start_read (self, file, &error);
          break;
        case CHOOSE_AT_RELEASE:
          kiln_window_import_at_release (self, file, &error);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  report_error (self, error);
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

/**
 * kiln_window_start_read:
 * @file: where to save what is read
 *
 * Reads the address and size given in the Read popover into @file.
 */
gboolean
kiln_window_start_read (KilnWindow  *self,
                        GFile       *file,
                        GError     **error)
{
  g_autoptr(KilnJob) job = NULL;
  KilnJobOptions options;
  guint32 address = 0, size = 0;

  g_clear_pointer (&self->read_path, g_free);
  self->read_path = g_file_get_path (file);
  if (self->read_path == NULL)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_FILE,
                           _("Choose a file on this computer to save the flash into."));
      return FALSE;
    }
  if (!kiln_parse_u32 (gtk_editable_get_text (GTK_EDITABLE (self->read_address_entry)),
                       _("address"), &address, error) ||
      !kiln_parse_u32 (gtk_editable_get_text (GTK_EDITABLE (self->read_size_entry)),
                       _("size"), &size, error))
    return FALSE;
  if (!kiln_window_build_options (self, &options, error))
    {
      kiln_job_options_clear (&options);
      return FALSE;
    }
  job = kiln_job_new_read (&options, address, size, self->read_path);
  kiln_job_options_clear (&options);
  kiln_window_start_job (self, job);
  return TRUE;
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *const *patterns)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
choose_file (KilnWindow *self,
             ChooseKind  kind)
{
  static const char *const project_patterns[] = { "*.kiln.json", NULL };
  static const char *const import_patterns[] = { "flasher_args.json", "manifest.json", "*.json", NULL };
  static const char *const bin_patterns[] = { "*.bin", "*.BIN", NULL };
  static const char *const all_patterns[] = { "*", NULL };
  GtkFileChooserAction action = GTK_FILE_CHOOSER_ACTION_OPEN;
  const char *title = NULL;
  const char *accept = NULL;
  GtkFileChooser *chooser;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  switch (kind)
    {
    case CHOOSE_OPEN:
      title = _("Open Project");
      accept = _("_Open");
      break;
    case CHOOSE_SAVE:
      title = _("Save Project");
      accept = _("_Save");
      action = GTK_FILE_CHOOSER_ACTION_SAVE;
      break;
    case CHOOSE_IMPORT:
      title = _("Import flasher_args.json or manifest.json");
      accept = _("_Import");
      break;
    case CHOOSE_READ:
      title = _("Save Flash Contents As");
      accept = _("_Read");
      action = GTK_FILE_CHOOSER_ACTION_SAVE;
      break;
    case CHOOSE_ADD:
      title = _("Add Firmware Files");
      accept = _("_Add");
      break;
    case CHOOSE_AT_RELEASE:
      title = _("Choose the AT Release Folder");
      accept = _("_Import");
      action = GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;
      break;
    default:
      g_assert_not_reached ();
    }

  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "kiln-choose-kind", GINT_TO_POINTER (kind));

  switch (kind)
    {
    case CHOOSE_OPEN:
      add_filter (chooser, _("Kiln projects"), project_patterns);
      add_filter (chooser, _("All files"), all_patterns);
      break;
    case CHOOSE_SAVE:
      if (self->project_file != NULL)
        gtk_file_chooser_set_file (chooser, self->project_file, NULL);
      else
        gtk_file_chooser_set_current_name (chooser, _("firmware.kiln.json"));
      break;
    case CHOOSE_IMPORT:
      add_filter (chooser, _("ESP-IDF and ESP Web Tools files"), import_patterns);
      add_filter (chooser, _("All files"), all_patterns);
      break;
    case CHOOSE_READ:
      gtk_file_chooser_set_current_name (chooser, _("flash-dump.bin"));
      break;
    case CHOOSE_ADD:
      gtk_file_chooser_set_select_multiple (chooser, TRUE);
      add_filter (chooser, _("Firmware images (*.bin)"), bin_patterns);
      add_filter (chooser, _("All files"), all_patterns);
      break;
    default:
      break;
    }

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

typedef struct
{
  KilnWindow      *self;
  KilnDiscardFunc  then;
} DiscardData;

static void
discard_response_cb (GtkDialog *dialog,
                     int        response,
                     gpointer   user_data)
{
  DiscardData *data = user_data;
  KilnWindow *self = data->self;
  g_autoptr(GError) error = NULL;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    {
      if (kiln_window_save_project (self, self->project_file, &error))
        data->then (self);
      else
        report_error (self, error);
    }
  else if (response == GTK_RESPONSE_REJECT)
    {
      kiln_window_set_dirty (self, FALSE);
      data->then (self);
    }
  g_object_unref (self);
  g_free (data);
}

/**
 * kiln_window_confirm_discard:
 * @then: what to do once the project's changes are saved or given up
 *
 * Asks before a changed project is replaced or closed.  A window without
 * a project file has nothing to lose that the user chose to keep: it goes
 * ahead at once.
 */
void
kiln_window_confirm_discard (KilnWindow      *self,
                             KilnDiscardFunc  then)
{
  g_autofree char *name = NULL;
  DiscardData *data;
  GtkWidget *dialog;

  if (!self->dirty || self->project_file == NULL)
    {
      then (self);
      return;
    }

  name = g_file_get_basename (self->project_file);
  if (g_str_has_suffix (name, ".kiln.json"))
    name[strlen (name) - strlen (".kiln.json")] = '\0';
  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Save the changes to “%s”?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("Files or settings changed since the project was "
                                              "saved. If you do not save, the changes are lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Save"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                GTK_RESPONSE_REJECT),
                            "destructive-action");
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  data = g_new0 (DiscardData, 1);
  data->self = g_object_ref (self);
  data->then = then;
  g_signal_connect (dialog, "response", G_CALLBACK (discard_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
choose_project (KilnWindow *self)
{
  choose_file (self, CHOOSE_OPEN);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kiln_window_confirm_discard (KILN_WINDOW (widget), choose_project);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->project_file == NULL)
    {
      choose_file (self, CHOOSE_SAVE);
      return;
    }
  if (!kiln_window_save_project (self, self->project_file, &error))
    report_error (self, error);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  choose_file (KILN_WINDOW (widget), CHOOSE_SAVE);
}

static void
choose_import (KilnWindow *self)
{
  choose_file (self, CHOOSE_IMPORT);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kiln_window_confirm_discard (KILN_WINDOW (widget), choose_import);
}

static void
choose_at_release (KilnWindow *self)
{
  choose_file (self, CHOOSE_AT_RELEASE);
}

static void
import_at_release_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  kiln_window_confirm_discard (KILN_WINDOW (widget), choose_at_release);
}

static void
new_project (KilnWindow *self)
{

  kiln_window_clear_rows (self);
  g_clear_object (&self->project_file);
  kiln_settings_set_string (self->settings, "last-project", "");
  self->dirty = FALSE;
  kiln_window_update_title (self);
  kiln_window_revalidate (self);
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  kiln_window_confirm_discard (KILN_WINDOW (widget), new_project);
}

static void
add_file_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  choose_file (KILN_WINDOW (widget), CHOOSE_ADD);
}

static void
flash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!kiln_window_start_write (self, &error))
    report_error (self, error);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);

  if (self->cancellable == NULL)
    return;
  /* The worker checks between packets (at most ~100 ms apart) and then
   * leaves the board in a known state; say so until it has. */
  g_cancellable_cancel (self->cancellable);
  gtk_label_set_label (self->phase_label, _("Stopping…"));
  kiln_window_log (self, KILN_LOG_INFO, _("Stopping at the user’s request"));
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnJob) job = NULL;
  KilnJobOptions options;
  guint32 address = 0, size = 0;

  gtk_popover_popdown (self->erase_popover);

  if (gtk_check_button_get_active (self->erase_range_check))
    {
      if (!kiln_parse_u32 (gtk_editable_get_text (GTK_EDITABLE (self->erase_address_entry)),
                           _("address"), &address, &error) ||
          !kiln_parse_u32 (gtk_editable_get_text (GTK_EDITABLE (self->erase_size_entry)),
                           _("size"), &size, &error))
        {
          report_error (self, error);
          return;
        }
      if (size == 0)
        {
          g_set_error_literal (&error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                               _("The size to erase is 0. Give a size, or choose Whole flash."));
          report_error (self, error);
          return;
        }
    }

  if (!kiln_window_build_options (self, &options, &error))
    {
      kiln_job_options_clear (&options);
      report_error (self, error);
      return;
    }
  job = kiln_job_new_erase (&options, address, size);
  kiln_job_options_clear (&options);
  kiln_window_log (self, KILN_LOG_INFO,
                   size == 0 ? _("Erasing the whole flash") : _("Erasing a range of the flash"));
  kiln_window_start_job (self, job);
}

static void
read_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);

  gtk_popover_popdown (self->read_popover);
  choose_file (self, CHOOSE_READ);
}

/* Starts the job @new_job makes of the window's options, saying @message
 * (if any) in the log first. */
static void
start_board_job (KilnWindow  *self,
                 KilnJob    *(*new_job) (const KilnJobOptions *options),
                 const char  *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnJob) job = NULL;
  KilnJobOptions options;

  if (!kiln_window_build_options (self, &options, &error))
    {
      kiln_job_options_clear (&options);
      report_error (self, error);
      return;
    }
  job = new_job (&options);
  kiln_job_options_clear (&options);
  if (message != NULL)
    kiln_window_log (self, KILN_LOG_INFO, message);
  kiln_window_start_job (self, job);
}

static void
detect_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start_board_job (KILN_WINDOW (widget), kiln_job_new_info, NULL);
}

/* Inspect Flash: what the flash holds where the boot looks, and why the
 * board does not start. */
static void
inspect_flash_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);

  gtk_popover_popdown (self->read_popover);
  start_board_job (self, kiln_job_new_survey, _("Inspecting the flash"));
}

static void
refresh_ports_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);

  kiln_port_model_refresh (self->ports);
  kiln_port_model_check_remote (self->ports, NULL);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);

  kiln_window_hide_banner (self);
  switch (self->retry_kind)
    {
    case KILN_JOB_WRITE:
      gtk_widget_activate_action (widget, "win.flash", NULL);
      break;
    case KILN_JOB_ERASE:
      gtk_widget_activate_action (widget, "win.erase", NULL);
      break;
    case KILN_JOB_READ:
      gtk_widget_activate_action (widget, "win.read", NULL);
      break;
    case KILN_JOB_INFO:
      gtk_widget_activate_action (widget, "win.detect", NULL);
      break;
    case KILN_JOB_SURVEY:
      gtk_widget_activate_action (widget, "win.inspect-flash", NULL);
      break;
    default:
      break;
    }
}

/* Write Anyway: the write that was refused for images that do not fit
 * the board, again, with the force option. */
static void
write_anyway_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!self->can_force || self->job != NULL)
    return;
  kiln_window_hide_banner (self);
  kiln_window_log (self, KILN_LOG_WARNING, _("Writing the files although they do not fit the "
                                             "board, as asked (Write Anyway)."));
  self->force_next = TRUE;
  if (!kiln_window_start_write (self, &error))
    {
      self->force_next = FALSE;
      report_error (self, error);
    }
}

static void
dismiss_banner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  kiln_window_hide_banner (KILN_WINDOW (widget));
}

static void
clear_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->log_view), "", 0);
  g_clear_pointer (&self->last_log, g_free);
}

/* A project from Open Recent (its path). */
static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  kiln_window_open_file (KILN_WINDOW (widget), file);
}

static void
copy_log_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

void
kiln_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-at-release", NULL,
                                   import_at_release_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.add-file", NULL, add_file_action);
  gtk_widget_class_install_action (widget_class, "win.flash", NULL, flash_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.erase", NULL, erase_action);
  gtk_widget_class_install_action (widget_class, "win.read", NULL, read_action);
  gtk_widget_class_install_action (widget_class, "win.detect", NULL, detect_action);
  gtk_widget_class_install_action (widget_class, "win.inspect-flash", NULL, inspect_flash_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-ports", NULL, refresh_ports_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.write-anyway", NULL, write_anyway_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL, dismiss_banner_action);
  gtk_widget_class_install_action (widget_class, "win.clear-log", NULL, clear_log_action);
  gtk_widget_class_install_action (widget_class, "win.copy-log", NULL, copy_log_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.flash", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.flash", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh-ports", NULL);
}
