/* kiln-bootlog-view.h: the Boot Log tab: watch the board boot, explain it.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-core.h"

G_BEGIN_DECLS

#define KILN_TYPE_BOOTLOG_VIEW (kiln_bootlog_view_get_type ())
G_DECLARE_FINAL_TYPE (KilnBootlogView, kiln_bootlog_view, KILN, BOOTLOG_VIEW, GtkWidget)

GtkWidget  *kiln_bootlog_view_new             (void);
void        kiln_bootlog_view_set_port        (KilnBootlogView *self,
                                               const char      *port);
const char *kiln_bootlog_view_get_port        (KilnBootlogView *self);
void        kiln_bootlog_view_set_board       (KilnBootlogView *self,
                                               KilnChipId       chip,
                                               guint            xtal_mhz,
                                               gboolean         dout_only);
void        kiln_bootlog_view_set_locked      (KilnBootlogView *self,
                                               gboolean         locked);
gboolean    kiln_bootlog_view_get_running     (KilnBootlogView *self);
void        kiln_bootlog_view_listen          (KilnBootlogView *self,
                                               gboolean         reset);
void        kiln_bootlog_view_stop            (KilnBootlogView *self);
void        kiln_bootlog_view_decode_text     (KilnBootlogView *self,
                                               const char      *text);
void        kiln_bootlog_view_decode_file     (KilnBootlogView *self,
                                               GFile           *file);
char       *kiln_bootlog_view_dup_text        (KilnBootlogView *self);
const char *kiln_bootlog_view_get_diagnosis   (KilnBootlogView *self);

G_END_DECLS
