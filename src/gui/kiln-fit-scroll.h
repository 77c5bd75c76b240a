/* kiln-fit-scroll.h: a scrolled area as tall as its content when there is
 * room, and scrolling when the window is small.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KILN_TYPE_FIT_SCROLL (kiln_fit_scroll_get_type ())
G_DECLARE_FINAL_TYPE (KilnFitScroll, kiln_fit_scroll, KILN, FIT_SCROLL, GtkWidget)

GtkWidget *kiln_fit_scroll_new       (void);
GtkWidget *kiln_fit_scroll_get_child (KilnFitScroll *self);
void       kiln_fit_scroll_set_child (KilnFitScroll *self,
                                      GtkWidget     *child);

G_END_DECLS
