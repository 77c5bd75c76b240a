/* kiln-application.h
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-settings.h"

G_BEGIN_DECLS

#define KILN_TYPE_APPLICATION (kiln_application_get_type ())
G_DECLARE_FINAL_TYPE (KilnApplication, kiln_application, KILN, APPLICATION, GtkApplication)

KilnApplication *kiln_application_new          (void);
KilnSettings    *kiln_application_get_settings (KilnApplication *self);
void             kiln_gui_init_resources       (void);

G_END_DECLS
