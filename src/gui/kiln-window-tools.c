/* kiln-window-tools.c: the window's glue to its tools: the Boot Log and
 * Console tabs, the firmware versions in the detected-board panel,
 * Factory Mode and remote ports.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kept apart from kiln-window.c so that the window's own code only calls
 * in at a few points: when the port changes, when a job starts or ends,
 * and when the board reports itself.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-factory-window.h"
#include "kiln-window-private.h"

/* The port the tabs listen on is the window's port. */
void
kiln_window_tools_port_changed (KilnWindow *self)
{
  kiln_bootlog_view_set_port (self->bootlog_view, kiln_window_get_port (self));
  kiln_console_view_set_port (self->console_view, kiln_window_get_port (self));
  gtk_widget_set_visible (self->firmware_grid, FALSE);
}

/* A job has the port: the tabs let go of it and wait. */
void
kiln_window_tools_set_busy (KilnWindow *self,
                            gboolean    busy)
{
  kiln_bootlog_view_set_locked (self->bootlog_view, busy);
  kiln_console_view_set_locked (self->console_view, busy);
}

/* The crystal decides the boot ROM's baud rate (74880 at 26 MHz). */
void
kiln_window_tools_device_info (KilnWindow           *self,
                               const KilnDeviceInfo *info)
{
  kiln_bootlog_view_set_board (self->bootlog_view,
                               info->chip != NULL ? info->chip->id : KILN_CHIP_AUTO,
                               info->xtal_mhz, info->flash_dout_only);
}

/* The firmware's own word on what it is, under the ROM's (chip, MAC …). */
static void
at_version_cb (KilnWindow          *self,
               const KilnAtVersion *version)
{
  const char *values[] = {
    version->at_version, version->sdk_version, version->compile_time, version->bin_version,
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    gtk_label_set_label (self->firmware_labels[i], values[i] != NULL ? values[i] : _("Unknown"));
  gtk_widget_set_visible (self->firmware_grid, TRUE);
}

/* Built here rather than in kiln-window.ui: four rows under the detected
 * board, shown once the firmware has answered AT+GMR. */
static void
build_firmware_grid (KilnWindow *self)
{
  const char *titles[] = {
    /* Translators: rows under Detected Board, from the AT+GMR reply */
    N_("AT version"), N_("SDK version"), N_("Compiled"), N_("Bin version"),
  };
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_row_spacing (grid, 4);
  gtk_grid_set_column_spacing (grid, 8);
  gtk_widget_set_margin_top (GTK_WIDGET (grid), 4);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *title = gtk_label_new (_(titles[i]));
      GtkWidget *value = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
      gtk_grid_attach (grid, title, (i % 2) * 2, i / 2, 1, 1);
      gtk_grid_attach (grid, value, (i % 2) * 2 + 1, i / 2, 1, 1);
      if (i % 2 == 1)
        gtk_widget_set_margin_start (title, 12);
      self->firmware_labels[i] = GTK_LABEL (value);
    }
  self->firmware_grid = GTK_WIDGET (grid);
  gtk_widget_set_visible (self->firmware_grid, FALSE);
  gtk_widget_insert_after (self->firmware_grid,
                           gtk_widget_get_parent (GTK_WIDGET (self->device_stack)),
                           GTK_WIDGET (self->device_stack));
}

/**
 * kiln_window_get_write_setup:
 * @options: (out caller-allocates): filled from the window's settings;
 *   clear it with kiln_job_options_clear() whatever the result
 * @regions: (out) (transfer full) (element-type KilnRegion): the enabled rows
 *
 * What Start would write, for Factory Mode to write it to every board.
 */
gboolean
kiln_window_get_write_setup (KilnWindow      *self,
                             KilnJobOptions  *options,
                             GPtrArray      **regions,
                             GError         **error)
{
  g_autoptr(GPtrArray) result = NULL;
  guint n = kiln_window_get_n_rows (self);

  kiln_job_options_init (options);
  for (guint i = 0; i < n; i++)
    kiln_region_row_reload (kiln_window_get_row (self, i));
  kiln_window_revalidate (self);
  if (!self->layout_ok)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                           n == 0 ? _("Add the files to write in the main window first.")
                                  : _("Some files cannot be written yet: see the problems shown in the main window."));
      return FALSE;
    }
  /* A manifest's builds: each board gets its chip's. */
  result = kiln_window_enabled_regions (self, NULL, error);
  if (result == NULL)
    return FALSE;
  kiln_job_options_clear (options);
  if (!kiln_window_build_options (self, options, error))
    return FALSE;
  *regions = g_steal_pointer (&result);
  return TRUE;
}

static void
factory_destroyed_cb (KilnWindow *self)
{
  g_object_set_data (G_OBJECT (self), "kiln-factory-window", NULL);
}

/* Factory Mode: one window per main window, shown again when asked twice. */
static void
factory_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  GtkWindow *factory = g_object_get_data (G_OBJECT (self), "kiln-factory-window");

  if (factory == NULL)
    {
      factory = GTK_WINDOW (kiln_factory_window_new (self));
      g_object_set_data (G_OBJECT (self), "kiln-factory-window", factory);
      g_signal_connect_object (factory, "destroy", G_CALLBACK (factory_destroyed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (factory);
}

void
kiln_window_tools_init (KilnWindow *self)
{
  build_firmware_grid (self);
  g_signal_connect_object (self->console_view, "at-version", G_CALLBACK (at_version_cb),
                           self, G_CONNECT_SWAPPED);
  kiln_window_tools_port_changed (self);
}

void
kiln_window_class_init_tools (GtkWidgetClass *widget_class)
{
  g_type_ensure (KILN_TYPE_BOOTLOG_VIEW);
  g_type_ensure (KILN_TYPE_CONSOLE_VIEW);

  gtk_widget_class_bind_template_child (widget_class, KilnWindow, bootlog_view);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, console_view);

  gtk_widget_class_install_action (widget_class, "win.factory", NULL, factory_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.factory", NULL);
}
