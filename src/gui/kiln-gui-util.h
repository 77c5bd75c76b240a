/* kiln-gui-util.h: small helpers shared by the widgets.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        kiln_choice_setup    (GtkDropDown        *dropdown,
                                  const char * const *ids,
                                  const char * const *labels);
const char *kiln_choice_get_id   (GtkDropDown        *dropdown);
const char *kiln_choice_get_label (GtkDropDown       *dropdown);
gboolean    kiln_choice_set_id   (GtkDropDown        *dropdown,
                                  const char         *id);
gboolean    kiln_choice_has_id   (GtkDropDown        *dropdown,
                                  const char         *id);
GBinding   *kiln_choice_bind     (GtkDropDown        *dropdown,
                                  gpointer            source,
                                  const char         *property);

void        kiln_firmware_baud_bind (GtkDropDown     *dropdown,
                                     GSettings       *settings,
                                     const char      *key);

char       *kiln_format_duration (double              seconds);

void        kiln_gui_name_controls (GtkWidget       *root);

G_END_DECLS
