/* kiln-recent-projects.h: the projects opened or saved lately, as a menu.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KILN_PROJECT_MIME_TYPE "application/x-kiln-project"

#define KILN_TYPE_RECENT_PROJECTS (kiln_recent_projects_get_type ())
G_DECLARE_FINAL_TYPE (KilnRecentProjects, kiln_recent_projects, KILN, RECENT_PROJECTS, GObject)

KilnRecentProjects *kiln_recent_projects_get_default (void);
KilnRecentProjects *kiln_recent_projects_new         (GtkRecentManager   *manager);
void                kiln_recent_projects_add         (KilnRecentProjects *self,
                                                      GFile              *file);
GMenuModel         *kiln_recent_projects_get_menu    (KilnRecentProjects *self);
guint               kiln_recent_projects_get_n_items (KilnRecentProjects *self);

G_END_DECLS
