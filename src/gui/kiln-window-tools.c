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
}

/* A job has the port: the tabs let go of it and wait. */
void
kiln_window_tools_set_busy (KilnWindow *self,
                            gboolean    busy)
{
  kiln_bootlog_view_set_locked (self->bootlog_view, busy);
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

void
kiln_window_tools_init (KilnWindow *self)
{
  kiln_window_tools_port_changed (self);
}

void
kiln_window_class_init_tools (GtkWidgetClass *widget_class)
{
  g_type_ensure (KILN_TYPE_BOOTLOG_VIEW);

  gtk_widget_class_bind_template_child (widget_class, KilnWindow, bootlog_view);
}
