/* kiln-console-view.h: the Console tab: AT commands to the firmware.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-core.h"

G_BEGIN_DECLS

#define KILN_TYPE_CONSOLE_VIEW (kiln_console_view_get_type ())
G_DECLARE_FINAL_TYPE (KilnConsoleView, kiln_console_view, KILN, CONSOLE_VIEW, GtkWidget)

void        kiln_console_view_set_port      (KilnConsoleView *self,
                                             const char      *port);
void        kiln_console_view_set_locked    (KilnConsoleView *self,
                                             gboolean         locked);
void        kiln_console_view_send          (KilnConsoleView *self,
                                             const char      *command);
void        kiln_console_view_disconnect    (KilnConsoleView *self);
gboolean    kiln_console_view_get_connected (KilnConsoleView *self);
char       *kiln_console_view_dup_text      (KilnConsoleView *self);

G_END_DECLS
