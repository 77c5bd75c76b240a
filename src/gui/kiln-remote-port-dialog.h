/* kiln-remote-port-dialog.h: Add Remote Port.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KILN_TYPE_REMOTE_PORT_DIALOG (kiln_remote_port_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KilnRemotePortDialog, kiln_remote_port_dialog, KILN, REMOTE_PORT_DIALOG, GtkWindow)

KilnRemotePortDialog *kiln_remote_port_dialog_new     (GtkWindow            *parent);
char                 *kiln_remote_port_dialog_get_url (KilnRemotePortDialog *self);

G_END_DECLS
