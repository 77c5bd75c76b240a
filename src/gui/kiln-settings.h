/* kiln-settings.h: the app's preferences as properties of one object.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KILN_TYPE_SETTINGS (kiln_settings_get_type ())
G_DECLARE_FINAL_TYPE (KilnSettings, kiln_settings, KILN, SETTINGS, GObject)

KilnSettings *kiln_settings_new         (GSettings    *settings);
GSettings    *kiln_settings_get_backend (KilnSettings *self);
char         *kiln_settings_dup_string  (KilnSettings *self,
                                         const char   *key);
void          kiln_settings_set_string  (KilnSettings *self,
                                         const char   *key,
                                         const char   *value);
gboolean      kiln_settings_get_boolean (KilnSettings *self,
                                         const char   *key);
guint         kiln_settings_get_uint    (KilnSettings *self,
                                         const char   *key);
void          kiln_settings_reset       (KilnSettings *self);

G_END_DECLS
