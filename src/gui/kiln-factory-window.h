/* kiln-factory-window.h: Factory Mode: the project's files into many
 * boards at once, one card per port.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-board-card.h"
#include "kiln-window.h"

G_BEGIN_DECLS

#define KILN_TYPE_FACTORY_WINDOW (kiln_factory_window_get_type ())
G_DECLARE_FINAL_TYPE (KilnFactoryWindow, kiln_factory_window, KILN, FACTORY_WINDOW, GtkWindow)

KilnFactoryWindow *kiln_factory_window_new               (KilnWindow        *parent);
gboolean           kiln_factory_window_reload            (KilnFactoryWindow *self);
void               kiln_factory_window_set_port_selected (KilnFactoryWindow *self,
                                                          const char        *port,
                                                          gboolean           selected);
void               kiln_factory_window_start_all         (KilnFactoryWindow *self);
void               kiln_factory_window_stop_all          (KilnFactoryWindow *self);
gboolean           kiln_factory_window_get_running       (KilnFactoryWindow *self);
guint              kiln_factory_window_get_n_cards       (KilnFactoryWindow *self);
KilnBoardCard     *kiln_factory_window_get_card          (KilnFactoryWindow *self,
                                                          guint              index);
const char        *kiln_factory_window_get_summary       (KilnFactoryWindow *self);

G_END_DECLS
