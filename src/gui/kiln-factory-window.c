/* kiln-factory-window.c: Factory Mode.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files, addresses and flash settings are taken from the main window
 * when this window opens (or on Reload) and then stay as they are: every
 * board gets exactly the same thing.  The ports are the ones the user
 * ticks in the main window's port list; each ticked port has a card, and
 * each card runs its own job (see kiln-board-card.c).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiln-factory-window.h"
#include "kiln-gui-util.h"
#include "kiln-window-private.h"

struct _KilnFactoryWindow
{
  GtkWindow       parent_instance;

  /* Template widgets */
  GtkButton      *start_button;
  GtkButton      *stop_button;
  GtkGrid        *settings_grid;
  GtkLabel       *settings_problem_label;
  GtkListBox     *port_list;
  GtkSwitch      *auto_start_switch;
  GtkLabel       *record_label;
  GtkStack       *cards_stack;
  GtkFlowBox     *card_box;
  GtkLabel       *summary_label;

  /* Borrowed references */
  KilnWindow     *main_window;     /* weak pointer */

  /* Owned references */
  GSettings      *settings;
  KilnPortModel  *ports;
  GPtrArray      *cards;           /* (element-type KilnBoardCard) in ticking order */
  GHashTable     *present;         /* port names seen in the port model */
  GPtrArray      *regions;         /* (element-type KilnRegion) (nullable) */
  KilnJobOptions  options;
  GtkFileChooserNative *chooser;

  /* State */
  guint           have_setup : 1;
};

G_DEFINE_FINAL_TYPE (KilnFactoryWindow, kiln_factory_window, GTK_TYPE_WINDOW)

static KilnBoardCard *
find_card (KilnFactoryWindow *self,
           const char        *port,
           guint             *index)
{
  for (guint i = 0; i < self->cards->len; i++)
    {
      KilnBoardCard *card = g_ptr_array_index (self->cards, i);

      if (g_strcmp0 (kiln_board_card_get_port (card), port) == 0)
        {
          if (index != NULL)
            *index = i;
          return card;
        }
    }
  return NULL;
}

static char *
dup_record_path (KilnFactoryWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "factory-record-path");

  if (path == NULL || *path == '\0')
    return g_build_filename (g_get_user_data_dir (), "kiln", "boards.csv", NULL);
  return g_steal_pointer (&path);
}

static void
update_state (KilnFactoryWindow *self)
{
  guint passed = 0, failed = 0, running = 0, waiting = 0;
  g_autoptr(GString) summary = g_string_new (NULL);

  for (guint i = 0; i < self->cards->len; i++)
    {
      KilnBoardCard *card = g_ptr_array_index (self->cards, i);

      if (kiln_board_card_get_running (card))
        running++;
      else
        switch (kiln_board_card_get_result (card))
          {
          case KILN_BOARD_PASSED:
            passed++;
            break;
          case KILN_BOARD_FAILED:
            failed++;
            break;
          case KILN_BOARD_IDLE:
          case KILN_BOARD_STOPPED:
          case KILN_BOARD_RUNNING:
          default:
            waiting++;
            break;
          }
    }

  if (self->cards->len == 0)
    g_string_append (summary, _("No boards yet"));
  else
    {
      if (running > 0)
        {
          /* Translators: the first part of Factory Mode's summary line */
          g_string_append_printf (summary, _("%u flashing"), running);
          g_string_append (summary, " · ");
        }
      /* Translators: Factory Mode's summary line, e.g. "7 passed, 1 failed" */
      g_string_append_printf (summary, _("%u passed, %u failed"), passed, failed);
      if (waiting > 0)
        {
          g_string_append (summary, " · ");
          g_string_append_printf (summary, _("%u not started"), waiting);
        }
    }
  gtk_label_set_label (self->summary_label, summary->str);

  /* A board being flashed keeps its card until it is done. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->port_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check;
      KilnPortItem *item;
      KilnBoardCard *card;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      check = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      item = g_object_get_data (G_OBJECT (check), "kiln-port-item");
      card = item != NULL ? find_card (self, kiln_port_item_get_name (item), NULL) : NULL;
      gtk_widget_set_sensitive (check, card == NULL || !kiln_board_card_get_running (card));
    }

  gtk_stack_set_visible_child_name (self->cards_stack, self->cards->len > 0 ? "cards" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "factory.start-all",
                                 self->have_setup && waiting + passed + failed > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "factory.stop-all", running > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "factory.reload",
                                 running == 0 && self->main_window != NULL);
}

static void
card_finished_cb (KilnFactoryWindow *self)
{
  update_state (self);
}

/* ---------------------------------------------------------------------- */
/* Settings, locked from the main window                                   */

static void
add_setting (KilnFactoryWindow *self,
             int                row,
             const char        *title,
             const char        *value)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (value_label), 30);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_set_tooltip_text (value_label, value);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title_label, NULL, -1);
  gtk_grid_attach (self->settings_grid, title_label, 0, row, 1, 1);
  gtk_grid_attach (self->settings_grid, value_label, 1, row, 1, 1);
}

static const char *
setting_text (const char *value)
{
  if (value == NULL || g_str_equal (value, "keep"))
    /* Translators: a flash setting left as the image has it */
    return _("as in the image");
  if (g_str_equal (value, "detect"))
    return _("detect");
  return value;
}

static void
show_setup (KilnFactoryWindow *self)
{
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->settings_grid))) != NULL)
    gtk_grid_remove (self->settings_grid, child);

  if (!self->have_setup)
    return;

  for (guint i = 0; i < self->regions->len; i++)
    {
      const KilnRegion *region = g_ptr_array_index (self->regions, i);
      g_autofree char *address = g_strdup_printf ("0x%05x", region->address);
      g_autofree char *size = kiln_format_size (g_bytes_get_size (region->data));
      g_autofree char *value = g_strdup_printf ("%s (%s)", region->name != NULL ? region->name : "", size);

      add_setting (self, row++, address, value);
    }
  {
    const KilnChipInfo *chip = kiln_chip_get (self->options.connect.chip);
    g_autofree char *baud = g_strdup_printf ("%u", self->options.connect.baud);

    add_setting (self, row++, _("Chip"),
                 chip != NULL && self->options.connect.chip != KILN_CHIP_AUTO
                 ? chip->name : _("detect"));
    add_setting (self, row++, _("Flash mode"), setting_text (self->options.flash_mode));
    add_setting (self, row++, _("Flash speed"), setting_text (self->options.flash_freq));
    add_setting (self, row++, _("Flash size"), setting_text (self->options.flash_size));
    add_setting (self, row++, _("Baud rate"), baud);
    add_setting (self, row++, _("Verify"), self->options.verify ? _("yes") : _("no"));
  }
  gtk_widget_set_margin_top (gtk_grid_get_child_at (self->settings_grid, 0, (int) self->regions->len), 6);
}

/**
 * kiln_factory_window_reload:
 *
 * Takes the files and settings from the main window again.
 *
 * Returns: whether there is something to write
 */
gboolean
kiln_factory_window_reload (KilnFactoryWindow *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *regions = NULL;

  g_return_val_if_fail (KILN_IS_FACTORY_WINDOW (self), FALSE);

  kiln_job_options_clear (&self->options);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  self->have_setup = self->main_window != NULL &&
                     kiln_window_get_write_setup (self->main_window, &self->options,
                                                  &regions, &error);
  self->regions = regions;
  if (self->main_window == NULL)
    kiln_job_options_init (&self->options);

  gtk_label_set_label (self->settings_problem_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->settings_problem_label), error != NULL);
  show_setup (self);
  update_state (self);
  return self->have_setup;
}

/* ---------------------------------------------------------------------- */
/* Ports                                                                   */

/* Virtual boards with options all have the same title ("sim:esp32"):
 * tell them apart by their id. */
static char *
dup_port_title (KilnPortItem *item)
{
  const char *name = kiln_port_item_get_name (item);
  const char *id = strstr (name, "id=");
  const char *query = strchr (name, '?');

  if (g_str_has_prefix (name, "sim:") && query != NULL && id != NULL)
    {
      g_autofree char *chip = g_strndup (name, query - name);
      g_autofree char *board = g_strndup (id + 3, strcspn (id + 3, "&"));

      return g_strdup_printf ("%s · %s", chip, board);
    }
  return g_strdup (kiln_port_item_get_title (item));
}

static void
add_card (KilnFactoryWindow *self,
          KilnPortItem      *item)
{
  const char *port = kiln_port_item_get_name (item);
  g_autofree char *title = NULL;
  KilnBoardCard *card;

  if (find_card (self, port, NULL) != NULL)
    return;
  title = dup_port_title (item);
  card = kiln_board_card_new (port, title);
  g_signal_connect_object (card, "finished", G_CALLBACK (card_finished_cb),
                           self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->cards, g_object_ref (card));
  gtk_flow_box_append (self->card_box, GTK_WIDGET (card));
  gtk_widget_set_focusable (gtk_widget_get_parent (GTK_WIDGET (card)), FALSE);
}

static void
remove_card (KilnFactoryWindow *self,
             const char        *port)
{
  KilnBoardCard *card;
  guint index;

  card = find_card (self, port, &index);
  if (card == NULL || kiln_board_card_get_running (card))
    return;
  gtk_flow_box_remove (self->card_box, gtk_widget_get_parent (GTK_WIDGET (card)));
  g_ptr_array_remove_index (self->cards, index);
}

static void
start_card (KilnFactoryWindow *self,
            KilnBoardCard     *card)
{
  g_autofree char *record_path = NULL;

  if (!self->have_setup || kiln_board_card_get_running (card))
    return;
  record_path = dup_record_path (self);
  kiln_board_card_start (card, &self->options, self->regions, record_path);
}

static void
port_toggled_cb (KilnFactoryWindow *self,
                 GtkCheckButton    *check)
{
  KilnPortItem *item = g_object_get_data (G_OBJECT (check), "kiln-port-item");

  if (gtk_check_button_get_active (check))
    add_card (self, item);
  else
    remove_card (self, kiln_port_item_get_name (item));
  update_state (self);
}

static GtkWidget *
create_port_row (gpointer item,
                 gpointer user_data)
{
  KilnFactoryWindow *self = user_data;
  const char *port = kiln_port_item_get_name (item);
  const char *details = kiln_port_item_get_details (item);
  g_autofree char *title = dup_port_title (item);
  GtkWidget *check = gtk_check_button_new_with_label (title);
  GtkWidget *row = gtk_list_box_row_new ();
  KilnBoardCard *card = find_card (self, port, NULL);

  gtk_widget_set_margin_start (check, 6);
  gtk_widget_set_margin_end (check, 6);
  gtk_widget_set_margin_top (check, 2);
  gtk_widget_set_margin_bottom (check, 2);
  gtk_widget_set_tooltip_text (check, details != NULL && *details != '\0' ? details : port);
  g_object_set_data_full (G_OBJECT (check), "kiln-port-item", g_object_ref (item), g_object_unref);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), card != NULL);
  /* A board being flashed keeps its card until it is done. */
  gtk_widget_set_sensitive (check, card == NULL || !kiln_board_card_get_running (card));
  g_signal_connect_object (check, "toggled", G_CALLBACK (port_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), check);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static GtkCheckButton *
find_port_check (KilnFactoryWindow *self,
                 const char        *port)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->port_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check;
      KilnPortItem *item;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      check = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      item = g_object_get_data (G_OBJECT (check), "kiln-port-item");
      if (item != NULL && g_strcmp0 (kiln_port_item_get_name (item), port) == 0)
        return GTK_CHECK_BUTTON (check);
    }
  return NULL;
}

/* A board plugged in (a port that was not there before) is ticked and,
 * with automatic start on, flashed straight away. */
static void
ports_changed_cb (KilnFactoryWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->ports);
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean auto_start = g_settings_get_boolean (self->settings, "factory-auto-start");

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KilnPortItem) item = g_list_model_get_item (model, i);
      const char *port = kiln_port_item_get_name (item);

      if (!kiln_port_item_get_present (item))
        continue;
      g_hash_table_add (now, g_strdup (port));
      if (auto_start && !g_hash_table_contains (self->present, port) &&
          !kiln_port_item_get_is_virtual (item))
        {
          KilnBoardCard *card;

          add_card (self, item);
          card = find_card (self, port, NULL);
          start_card (self, card);
        }
    }
  g_clear_pointer (&self->present, g_hash_table_unref);
  self->present = g_steal_pointer (&now);
  update_state (self);
}

/* ---------------------------------------------------------------------- */
/* Actions                                                                 */

void
kiln_factory_window_start_all (KilnFactoryWindow *self)
{
  g_return_if_fail (KILN_IS_FACTORY_WINDOW (self));

  if (!self->have_setup)
    return;
  for (guint i = 0; i < self->cards->len; i++)
    start_card (self, g_ptr_array_index (self->cards, i));
  update_state (self);
}

void
kiln_factory_window_stop_all (KilnFactoryWindow *self)
{
  g_return_if_fail (KILN_IS_FACTORY_WINDOW (self));

  for (guint i = 0; i < self->cards->len; i++)
    kiln_board_card_stop (g_ptr_array_index (self->cards, i));
}

static void
start_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kiln_factory_window_start_all (KILN_FACTORY_WINDOW (widget));
}

static void
stop_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kiln_factory_window_stop_all (KILN_FACTORY_WINDOW (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kiln_factory_window_reload (KILN_FACTORY_WINDOW (widget));
}

static void
record_path_changed_cb (KilnFactoryWindow *self)
{
  g_autofree char *path = dup_record_path (self);
  g_autofree char *display = g_filename_display_name (path);

  gtk_label_set_label (self->record_label, display);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_label), display);
}

static void
chooser_response_cb (KilnFactoryWindow    *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "factory-record-path", path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_record_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KilnFactoryWindow *self = KILN_FACTORY_WINDOW (widget);
  g_autofree char *path = dup_record_path (self);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *name = g_file_get_basename (file);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Record of Every Board"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Use"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_mkdir_with_parents (g_file_peek_path (folder), 0755);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---------------------------------------------------------------------- */
/* Queries                                                                 */

gboolean
kiln_factory_window_get_running (KilnFactoryWindow *self)
{
  g_return_val_if_fail (KILN_IS_FACTORY_WINDOW (self), FALSE);

  for (guint i = 0; i < self->cards->len; i++)
    if (kiln_board_card_get_running (g_ptr_array_index (self->cards, i)))
      return TRUE;
  return FALSE;
}

guint
kiln_factory_window_get_n_cards (KilnFactoryWindow *self)
{
  g_return_val_if_fail (KILN_IS_FACTORY_WINDOW (self), 0);
  return self->cards->len;
}

KilnBoardCard *
kiln_factory_window_get_card (KilnFactoryWindow *self,
                              guint              index)
{
  g_return_val_if_fail (KILN_IS_FACTORY_WINDOW (self), NULL);
  g_return_val_if_fail (index < self->cards->len, NULL);
  return g_ptr_array_index (self->cards, index);
}

const char *
kiln_factory_window_get_summary (KilnFactoryWindow *self)
{
  g_return_val_if_fail (KILN_IS_FACTORY_WINDOW (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

/**
 * kiln_factory_window_set_port_selected:
 * @port: a port of the main window's port list (added to it if missing)
 *
 * Ticks or unticks @port, as the user does in the list of boards.
 */
void
kiln_factory_window_set_port_selected (KilnFactoryWindow *self,
                                       const char        *port,
                                       gboolean           selected)
{
  GtkCheckButton *check;

  g_return_if_fail (KILN_IS_FACTORY_WINDOW (self));
  g_return_if_fail (port != NULL);

  kiln_port_model_ensure (self->ports, port);
  check = find_port_check (self, port);
  g_return_if_fail (check != NULL);
  gtk_check_button_set_active (check, selected);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
kiln_factory_window_dispose (GObject *object)
{
  KilnFactoryWindow *self = KILN_FACTORY_WINDOW (object);

  if (self->cards != NULL)
    kiln_factory_window_stop_all (self);
  if (self->main_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->main_window), (gpointer *) &self->main_window);
  self->main_window = NULL;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_FACTORY_WINDOW);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_object (&self->ports);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiln_factory_window_parent_class)->dispose (object);
}

static void
kiln_factory_window_finalize (GObject *object)
{
  KilnFactoryWindow *self = KILN_FACTORY_WINDOW (object);

  kiln_job_options_clear (&self->options);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->present, g_hash_table_unref);

  G_OBJECT_CLASS (kiln_factory_window_parent_class)->finalize (object);
}

static void
kiln_factory_window_class_init (KilnFactoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_factory_window_dispose;
  object_class->finalize = kiln_factory_window_finalize;

  g_type_ensure (KILN_TYPE_BOARD_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kilnflasher/Kiln/ui/kiln-factory-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, settings_grid);
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, settings_problem_label);
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, port_list);
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, auto_start_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, record_label);
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, cards_stack);
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, card_box);
  gtk_widget_class_bind_template_child (widget_class, KilnFactoryWindow, summary_label);

  gtk_widget_class_install_action (widget_class, "factory.start-all", NULL, start_all_action);
  gtk_widget_class_install_action (widget_class, "factory.stop-all", NULL, stop_all_action);
  gtk_widget_class_install_action (widget_class, "factory.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "factory.choose-record", NULL, choose_record_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "factory.start-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "factory.stop-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
kiln_factory_window_init (KilnFactoryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kiln_gui_name_controls (GTK_WIDGET (self));

  self->cards = g_ptr_array_new_with_free_func (g_object_unref);
  self->present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kiln_job_options_init (&self->options);
}

KilnFactoryWindow *
kiln_factory_window_new (KilnWindow *parent)
{
  KilnFactoryWindow *self;
  GListModel *model;

  g_return_val_if_fail (KILN_IS_WINDOW (parent), NULL);

  self = g_object_new (KILN_TYPE_FACTORY_WINDOW,
                       "transient-for", parent,
                       "application", gtk_window_get_application (GTK_WINDOW (parent)),
                       NULL);
  self->main_window = parent;
  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &self->main_window);
  self->settings = g_object_ref (kiln_settings_get_backend (parent->settings));
  self->ports = g_object_ref (parent->ports);

  g_settings_bind (self->settings, "factory-auto-start",
                   self->auto_start_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::factory-record-path",
                           G_CALLBACK (record_path_changed_cb), self, G_CONNECT_SWAPPED);
  record_path_changed_cb (self);

  gtk_list_box_bind_model (self->port_list, G_LIST_MODEL (self->ports),
                           create_port_row, self, NULL);
  g_signal_connect_object (self->ports, "items-changed",
                           G_CALLBACK (ports_changed_cb), self, G_CONNECT_SWAPPED);
  /* What is there now is not "plugged in": only what comes later is. */
  model = G_LIST_MODEL (self->ports);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KilnPortItem) item = g_list_model_get_item (model, i);
      g_hash_table_add (self->present, g_strdup (kiln_port_item_get_name (item)));
    }

  kiln_factory_window_reload (self);
  return self;
}
