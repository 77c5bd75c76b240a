/* kiln-window.h: the main window.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-application.h"
#include "kiln-region-row.h"
#include "kiln-settings.h"

G_BEGIN_DECLS

#define KILN_TYPE_WINDOW (kiln_window_get_type ())
G_DECLARE_FINAL_TYPE (KilnWindow, kiln_window, KILN, WINDOW, GtkApplicationWindow)

KilnWindow    *kiln_window_new             (KilnApplication *application,
                                            KilnSettings    *settings);
void           kiln_window_restore_session (KilnWindow      *self);
void           kiln_window_restore_port    (KilnWindow      *self);
void           kiln_window_open_file       (KilnWindow      *self,
                                            GFile           *file);
gboolean       kiln_window_load_project    (KilnWindow      *self,
                                            GFile           *file,
                                            GError         **error);
gboolean       kiln_window_save_project    (KilnWindow      *self,
                                            GFile           *file,
                                            GError         **error);
gboolean       kiln_window_import          (KilnWindow      *self,
                                            GFile           *file,
                                            GError         **error);
KilnRegionRow *kiln_window_add_file        (KilnWindow      *self,
                                            GFile           *file,
                                            gint64           address);
guint          kiln_window_get_n_rows      (KilnWindow      *self);
KilnRegionRow *kiln_window_get_row         (KilnWindow      *self,
                                            guint            index);
void           kiln_window_set_port        (KilnWindow      *self,
                                            const char      *port);
const char    *kiln_window_get_port        (KilnWindow      *self);
gboolean       kiln_window_get_busy        (KilnWindow      *self);

G_END_DECLS
