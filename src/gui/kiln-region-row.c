/* kiln-region-row.c: one file to write, at one address.
 *
 * The row owns what the user typed and chose (switch, file, address) and
 * shows a state: whether it can be written and, while a job runs, how far
 * writing it got.  It checks only itself (is there a file, can it be read,
 * does the address parse); rules that involve other rows or the flash size
 * (overlap, bounds, alignment) are the window's, through
 * kiln_layout_problems(), and come back through kiln_region_row_show_check().
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-region-row.h"

struct _KilnRegionRow
{
  GtkListBoxRow         parent_instance;

  /* Template widgets */
  GtkSwitch            *enable_switch;
  GtkButton            *file_button;
  GtkLabel             *file_label;
  GtkEntry             *address_entry;
  GtkLabel             *size_label;
  GtkLabel             *chip_label;
  GtkStack             *state_stack;
  GtkImage             *state_icon;
  GtkLabel             *state_label;
  GtkProgressBar       *progress_bar;
  GtkButton            *remove_button;
  GtkRevealer          *problem_revealer;
  GtkLabel             *problem_label;

  /* Owned references */
  GFile                *file;
  GMappedFile          *mapped;
  char                 *file_error;
  char                 *problem;
  char                 *warning;
  char                 *chip;
  GtkFileChooserNative *chooser;

  guint64               size;
  KilnRowState          state;
  guint                 number;
  guint                 locked : 1;
};

G_DEFINE_FINAL_TYPE (KilnRegionRow, kiln_region_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (KilnRegionRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Maps the file (cheap: nothing is read until used) so the layout rules
 * can see its size, and remembers why it cannot be used, if it cannot. */
static void
load_file (KilnRegionRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;

  g_clear_pointer (&self->mapped, g_mapped_file_unref);
  g_clear_pointer (&self->file_error, g_free);
  self->size = 0;

  if (self->file == NULL)
    return;

  path = g_file_get_path (self->file);
  base = g_file_get_basename (self->file);
  if (path == NULL)
    {
      self->file_error = g_strdup_printf (_("%s is not a local file. Copy it to this computer first."),
                                          base);
      return;
    }
  self->mapped = g_mapped_file_new (path, FALSE, &error);
  if (self->mapped == NULL)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        self->file_error = g_strdup_printf (_("%s does not exist (any more). Choose the file again."),
                                            base);
      else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES))
        self->file_error = g_strdup_printf (_("%s cannot be read: permission denied."), base);
      else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR))
        self->file_error = g_strdup_printf (_("%s is a folder. Choose a firmware file."), base);
      else
        self->file_error = g_strdup_printf (_("%s cannot be read: %s"), base, error->message);
      return;
    }
  self->size = g_mapped_file_get_length (self->mapped);
  if (self->size == 0)
    self->file_error = g_strdup_printf (_("%s is empty: there is nothing to write."), base);
}

static void
update_file_display (KilnRegionRow *self)
{
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *a11y_label = NULL;

  if (self->file != NULL)
    {
      base = g_file_get_basename (self->file);
      path = g_file_get_path (self->file);
      gtk_label_set_label (self->file_label, base);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_button), path != NULL ? path : base);
      gtk_widget_remove_css_class (GTK_WIDGET (self->file_label), "dim-label");
    }
  else
    {
      gtk_label_set_label (self->file_label, _("Choose File…"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_button), _("Choose the file to write"));
      gtk_widget_add_css_class (GTK_WIDGET (self->file_label), "dim-label");
    }

  if (self->file != NULL && self->file_error == NULL)
    {
      g_autofree char *size = g_format_size_full (self->size, G_FORMAT_SIZE_IEC_UNITS);
      gtk_label_set_label (self->size_label, size);
    }
  else
    gtk_label_set_label (self->size_label, "");

  /* Translators: the accessible name of a row's file button; %u is the row number */
  a11y_label = g_strdup_printf (_("File %u"), self->number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->file_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  base != NULL ? base : _("No file chosen"),
                                  -1);

  /* The row itself, as Tab and a screen reader reach it first. */
  {
    /* Translators: the accessible name of a file row, “File 2: app.bin” */
    g_autofree char *row_label = g_strdup_printf (_("File %u: %s"), self->number,
                                                  base != NULL ? base : _("no file chosen"));

    if (self->chip != NULL)
      {
        const KilnChipInfo *chip = kiln_chip_by_name (self->chip);
        /* Translators: a file row's accessible name in a multi-chip
         * manifest, “File 2: app.bin, for the ESP32-C3” */
        g_autofree char *with_chip = g_strdup_printf (_("%s, for the %s"), row_label,
                                                      chip != NULL ? chip->display_name : self->chip);
        g_free (row_label);
        row_label = g_steal_pointer (&with_chip);
      }
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    row_label, -1);
  }
}

static void
update_state_display (KilnRegionRow *self)
{
  const char *icon = NULL;
  const char *text = NULL;
  const char *css = NULL;
  gboolean show_problem = FALSE;
  GtkWidget *label = GTK_WIDGET (self->state_label);

  switch (self->state)
    {
    case KILN_ROW_EMPTY:
      /* The file button already says "Choose File…". */
      text = NULL;
      break;
    case KILN_ROW_READY:
      /* Translators: row state: the file can be written */
      text = _("Ready");
      css = "dim-label";
      break;
    case KILN_ROW_PROBLEM:
      icon = "dialog-warning-symbolic";
      /* Translators: row state: see the reason shown below the row */
      text = _("Fix this");
      css = "error";
      show_problem = TRUE;
      break;
    case KILN_ROW_OFF:
      /* Translators: row state: the row is switched off */
      text = _("Off");
      css = "dim-label";
      break;
    case KILN_ROW_PENDING:
      /* Translators: row state: waiting for its turn in the job */
      text = _("Waiting");
      css = "dim-label";
      break;
    case KILN_ROW_WRITING:
      text = NULL;
      break;
    case KILN_ROW_WRITTEN:
      icon = "object-select-symbolic";
      /* Translators: row state */
      text = _("Written");
      break;
    case KILN_ROW_VERIFIED:
      icon = "object-select-symbolic";
      /* Translators: row state: written and checked */
      text = _("Verified");
      css = "success";
      break;
    case KILN_ROW_SKIPPED:
      icon = "object-select-symbolic";
      /* Translators: row state: already on the board, not written again */
      text = _("Unchanged");
      css = "dim-label";
      break;
    case KILN_ROW_OTHER_CHIP:
      /* Translators: row state: a manifest's build for another chip than
       * the board's, left out */
      text = _("Other chip");
      css = "dim-label";
      break;
    case KILN_ROW_FAILED:
      icon = "dialog-error-symbolic";
      /* Translators: row state */
      text = _("Failed");
      css = "error";
      show_problem = self->problem != NULL;
      break;
    default:
      g_assert_not_reached ();
    }

  /* Pages of a stack rather than shown and hidden widgets: the column
   * keeps its width, and nothing appears between layout and drawing. */
  gtk_stack_set_visible_child_name (self->state_stack,
                                    self->state == KILN_ROW_WRITING ? "progress" : "status");
  gtk_image_set_from_icon_name (self->state_icon, icon);

  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "success");
  if (css != NULL)
    {
      gtk_widget_add_css_class (label, css);
      if (!g_str_equal (css, "dim-label"))
        gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), css);
    }

  if (self->state == KILN_ROW_WRITING)
    {
      g_autofree char *pct = NULL;
      /* Translators: percentage of one file written, e.g. “43 %” */
      pct = g_strdup_printf (_("%.0f %%"), gtk_progress_bar_get_fraction (self->progress_bar) * 100);
      gtk_progress_bar_set_text (self->progress_bar, pct);
    }
  gtk_label_set_label (self->state_label, text);

  /* A warning (the file may not suit the flash map) does not stop Start,
   * but is shown where the problems are, in the warning colour. */
  if (show_problem && self->problem != NULL)
    {
      gtk_label_set_label (self->problem_label, self->problem);
      gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "row-warning");
      gtk_revealer_set_reveal_child (self->problem_revealer, TRUE);
    }
  else if (self->state == KILN_ROW_READY && self->warning != NULL)
    {
      gtk_label_set_label (self->problem_label, self->warning);
      gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "row-warning");
      gtk_revealer_set_reveal_child (self->problem_revealer, TRUE);
    }
  else
    gtk_revealer_set_reveal_child (self->problem_revealer, FALSE);

  if (self->problem != NULL && show_problem)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->problem,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
set_state (KilnRegionRow *self,
           KilnRowState   state,
           const char    *problem)
{
  self->state = state;
  if (g_strcmp0 (problem, self->problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
    }
  update_state_display (self);
}

static void
on_enable_notify (KilnRegionRow *self)
{
  gboolean on = gtk_switch_get_active (self->enable_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->file_button), on && !self->locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_entry), on && !self->locked);
  emit_changed (self);
}

static void
chooser_response_cb (KilnRegionRow        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      kiln_region_row_set_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
on_file_clicked (KilnRegionRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) bin_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose a Firmware File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (bin_filter, _("Firmware images (*.bin)"));
  gtk_file_filter_add_pattern (bin_filter, "*.bin");
  gtk_file_filter_add_pattern (bin_filter, "*.BIN");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), bin_filter);
  gtk_file_filter_set_name (all_filter, _("All files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);

  /* Start where the current file is: the next one is usually beside it. */
  if (self->file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (self->file);
      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), parent, NULL);
    }

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_address_changed (KilnRegionRow *self)
{
  emit_changed (self);
}

/* Rewrite the address the way it was understood ("65536" → "0x10000"), so
 * there is no doubt about decimal and hex. */
static void
normalise_address (KilnRegionRow *self)
{
  guint32 address;

  if (kiln_region_row_parse_address (self, &address, NULL))
    kiln_region_row_set_address (self, address);
}

static void
on_address_activate (KilnRegionRow *self)
{
  normalise_address (self);
}

static void
focus_leave_cb (KilnRegionRow *self)
{
  normalise_address (self);
}

static void
on_remove_clicked (KilnRegionRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
kiln_region_row_dispose (GObject *object)
{
  KilnRegionRow *self = KILN_REGION_ROW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_REGION_ROW);

  G_OBJECT_CLASS (kiln_region_row_parent_class)->dispose (object);
}

static void
kiln_region_row_finalize (GObject *object)
{
  KilnRegionRow *self = KILN_REGION_ROW (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->mapped, g_mapped_file_unref);
  g_clear_pointer (&self->file_error, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->warning, g_free);
  g_clear_pointer (&self->chip, g_free);

  G_OBJECT_CLASS (kiln_region_row_parent_class)->finalize (object);
}

static void
kiln_region_row_class_init (KilnRegionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_region_row_dispose;
  object_class->finalize = kiln_region_row_finalize;

  /**
   * KilnRegionRow::changed:
   *
   * The switch, the file or the address changed: the window checks the
   * layout again.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * KilnRegionRow::remove:
   *
   * The user asked to remove the row.
   */
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kilnflasher/Kiln/ui/kiln-region-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, enable_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, file_button);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, file_label);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, address_entry);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, size_label);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, chip_label);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, KilnRegionRow, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_enable_notify);
  gtk_widget_class_bind_template_callback (widget_class, on_file_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_address_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
}

static void
kiln_region_row_init (KilnRegionRow *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->address_entry), focus);

  self->state = KILN_ROW_EMPTY;
  kiln_region_row_set_number (self, 1);
  update_state_display (self);
}

KilnRegionRow *
kiln_region_row_new (void)
{
  return g_object_new (KILN_TYPE_REGION_ROW, NULL);
}

GFile *
kiln_region_row_get_file (KilnRegionRow *self)
{
  g_return_val_if_fail (KILN_IS_REGION_ROW (self), NULL);
  return self->file;
}

void
kiln_region_row_set_file (KilnRegionRow *self,
                          GFile         *file)
{
  g_return_if_fail (KILN_IS_REGION_ROW (self));
  g_return_if_fail (!file || G_IS_FILE (file));

  g_set_object (&self->file, file);
  load_file (self);
  update_file_display (self);
  emit_changed (self);
}

/* Look at the file again (it may have been rebuilt, moved or deleted since
 * it was chosen): before a job and when the window is focused again. */
void
kiln_region_row_reload (KilnRegionRow *self)
{
  g_autofree char *old_error = NULL;
  guint64 old_size;

  g_return_if_fail (KILN_IS_REGION_ROW (self));

  old_error = g_strdup (self->file_error);
  old_size = self->size;
  load_file (self);
  update_file_display (self);
  if (g_strcmp0 (old_error, self->file_error) != 0 || old_size != self->size)
    emit_changed (self);
}

gboolean
kiln_region_row_get_enabled (KilnRegionRow *self)
{
  g_return_val_if_fail (KILN_IS_REGION_ROW (self), FALSE);
  return gtk_switch_get_active (self->enable_switch);
}

void
kiln_region_row_set_enabled (KilnRegionRow *self,
                             gboolean       enabled)
{
  g_return_if_fail (KILN_IS_REGION_ROW (self));
  gtk_switch_set_active (self->enable_switch, enabled);
}

const char *
kiln_region_row_get_address_text (KilnRegionRow *self)
{
  g_return_val_if_fail (KILN_IS_REGION_ROW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->address_entry));
}

void
kiln_region_row_set_address_text (KilnRegionRow *self,
                                  const char    *text)
{
  g_return_if_fail (KILN_IS_REGION_ROW (self));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->address_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->address_entry), text != NULL ? text : "");
}

void
kiln_region_row_set_address (KilnRegionRow *self,
                             guint32        address)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KILN_IS_REGION_ROW (self));

  /* At least five digits, as Espressif's documents write them (0x00000). */
  text = g_strdup_printf ("0x%05X", address);
  kiln_region_row_set_address_text (self, text);
}

gboolean
kiln_region_row_parse_address (KilnRegionRow  *self,
                               guint32        *address,
                               GError        **error)
{
  g_return_val_if_fail (KILN_IS_REGION_ROW (self), FALSE);

  /* Translators: fills the “%s” of “The %s is empty.” and similar core messages */
  return kiln_parse_u32 (kiln_region_row_get_address_text (self), _("address"), address, error);
}

/* @number counts from 1, as the user sees the rows; used in the names that
 * screen readers speak for the row's controls. */
void
kiln_region_row_set_number (KilnRegionRow *self,
                            guint          number)
{
  g_autofree char *enable = NULL;
  g_autofree char *address = NULL;
  g_autofree char *remove = NULL;
  g_autofree char *progress = NULL;

  g_return_if_fail (KILN_IS_REGION_ROW (self));

  self->number = number;
  /* Translators: accessible names of a file row's controls; %u is the row number */
  enable = g_strdup_printf (_("Write file %u"), number);
  address = g_strdup_printf (_("Address of file %u"), number);
  remove = g_strdup_printf (_("Remove file %u"), number);
  progress = g_strdup_printf (_("Progress of file %u"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->enable_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, enable, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->address_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, address, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, progress, -1);
  update_file_display (self);
}

/**
 * kiln_region_row_check_own:
 * @problem: (out) (optional): what is wrong, translated
 *
 * Checks what the row can check alone: a file that can be read and an
 * address that parses.  A row that is switched off is always fine.
 */
gboolean
kiln_region_row_check_own (KilnRegionRow  *self,
                           char          **problem)
{
  g_autoptr(GError) error = NULL;
  guint32 address;

  g_return_val_if_fail (KILN_IS_REGION_ROW (self), FALSE);

  if (problem != NULL)
    *problem = NULL;
  if (!kiln_region_row_get_enabled (self))
    return TRUE;
  if (self->file == NULL)
    {
      if (problem != NULL)
        *problem = g_strdup (_("Choose the file to write, or remove this row."));
      return FALSE;
    }
  if (self->file_error != NULL)
    {
      if (problem != NULL)
        *problem = g_strdup (self->file_error);
      return FALSE;
    }
  if (!kiln_region_row_parse_address (self, &address, &error))
    {
      if (problem != NULL)
        *problem = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

/* The file's bytes, mapped: only for the layout rules, which look at the
 * size.  The job reads the file afresh. */
GBytes *
kiln_region_row_get_bytes (KilnRegionRow *self)
{
  g_return_val_if_fail (KILN_IS_REGION_ROW (self), NULL);

  if (self->mapped == NULL)
    return NULL;
  return g_mapped_file_get_bytes (self->mapped);
}

KilnRowState
kiln_region_row_get_state (KilnRegionRow *self)
{
  g_return_val_if_fail (KILN_IS_REGION_ROW (self), KILN_ROW_EMPTY);
  return self->state;
}

const char *
kiln_region_row_get_problem (KilnRegionRow *self)
{
  g_return_val_if_fail (KILN_IS_REGION_ROW (self), NULL);
  return self->problem;
}

/**
 * kiln_region_row_show_check:
 * @problem: (nullable): what is wrong with the row, or %NULL
 *
 * Shows the result of checking the row (its own check and the layout
 * rules): Off, No file, Ready, or the problem inline.
 */
void
kiln_region_row_show_check (KilnRegionRow *self,
                            const char    *problem)
{
  g_return_if_fail (KILN_IS_REGION_ROW (self));

  if (!kiln_region_row_get_enabled (self))
    set_state (self, KILN_ROW_OFF, NULL);
  else if (self->file == NULL)
    set_state (self, KILN_ROW_EMPTY, NULL);
  else if (problem != NULL)
    set_state (self, KILN_ROW_PROBLEM, problem);
  else
    set_state (self, KILN_ROW_READY, NULL);
}

/**
 * kiln_region_row_set_warning:
 * @warning: (nullable): something to check that does not stop writing
 */
void
kiln_region_row_set_warning (KilnRegionRow *self,
                             const char    *warning)
{
  g_return_if_fail (KILN_IS_REGION_ROW (self));

  if (g_strcmp0 (warning, self->warning) == 0)
    return;
  g_free (self->warning);
  self->warning = g_strdup (warning);
  update_state_display (self);
}

const char *
kiln_region_row_get_warning (KilnRegionRow *self)
{
  g_return_val_if_fail (KILN_IS_REGION_ROW (self), NULL);
  return self->warning;
}

/* A state reported by the running job; @detail (nullable) says why a file
 * failed. */
void
kiln_region_row_set_job_state (KilnRegionRow *self,
                               KilnRowState   state,
                               const char    *detail)
{
  g_return_if_fail (KILN_IS_REGION_ROW (self));

  if (state == KILN_ROW_WRITING && self->state != KILN_ROW_WRITING)
    gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_state (self, state, detail);
}

void
kiln_region_row_set_fraction (KilnRegionRow *self,
                              double         fraction)
{
  g_return_if_fail (KILN_IS_REGION_ROW (self));

  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->state != KILN_ROW_WRITING)
    set_state (self, KILN_ROW_WRITING, NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  update_state_display (self);
}

/* While a job runs, the row's inputs stay as they are. */
void
kiln_region_row_set_locked (KilnRegionRow *self,
                            gboolean       locked)
{
  gboolean on;

  g_return_if_fail (KILN_IS_REGION_ROW (self));

  self->locked = !!locked;
  on = kiln_region_row_get_enabled (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->enable_switch), !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_button), on && !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_entry), on && !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), !locked);
}

/* (nullable): the chip this file is for ("esp32c3"), or %NULL for any */
const char *
kiln_region_row_get_chip (KilnRegionRow *self)
{
  g_return_val_if_fail (KILN_IS_REGION_ROW (self), NULL);
  return self->chip;
}

/**
 * kiln_region_row_set_chip:
 * @chip: (nullable): the chip this file is for, as a manifest with builds
 *   for several chips says; %NULL: any chip
 *
 * A job writes the row only to a board of that chip; the row says which.
 */
void
kiln_region_row_set_chip (KilnRegionRow *self,
                          const char    *chip)
{
  const KilnChipInfo *info;

  g_return_if_fail (KILN_IS_REGION_ROW (self));

  info = chip != NULL ? kiln_chip_by_name (chip) : NULL;
  g_free (self->chip);
  self->chip = info != NULL ? g_strdup (info->name) : g_strdup (chip);
  gtk_label_set_label (self->chip_label, info != NULL ? info->display_name : chip);
  gtk_widget_set_visible (GTK_WIDGET (self->chip_label), chip != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->chip_label),
                               chip != NULL ? _("Written only to a board of this chip") : NULL);
  update_file_display (self);
  emit_changed (self);
}
