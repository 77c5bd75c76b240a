/* kiln-preferences-window.h
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-settings.h"

G_BEGIN_DECLS

#define KILN_TYPE_PREFERENCES_WINDOW (kiln_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KilnPreferencesWindow, kiln_preferences_window, KILN, PREFERENCES_WINDOW, GtkWindow)

KilnPreferencesWindow *kiln_preferences_window_new (GtkWindow    *parent,
                                                    KilnSettings *settings);

G_END_DECLS
