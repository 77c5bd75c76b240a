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
                               info->xtal_mhz);
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
}
