/* test-gui-util.h: helpers for the GUI tests.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-window-private.h"

G_BEGIN_DECLS

/* What main() returns when kiln_gui_test_init() says there is no display:
 * the TAP plan "1..0 # SKIP" already printed tells meson the suite skipped,
 * and a zero status keeps meson from calling it an error. */
#define KILN_GUI_TEST_SKIPPED 0

typedef gboolean (*KilnTestCondition) (gpointer data);

gboolean    kiln_gui_test_init          (int                *argc,
                                         char             ***argv);
gboolean    kiln_gui_test_wait          (KilnTestCondition   condition,
                                         gpointer            data,
                                         guint               timeout_ms);
void        kiln_gui_test_flush         (guint               ms);
void        kiln_gui_test_wait_drawn    (GtkWidget          *widget);
GBytes     *kiln_gui_test_pattern       (gsize               size,
                                         guint32             seed);
char       *kiln_gui_test_write         (const char         *dir,
                                         const char         *name,
                                         GBytes             *data);
void        kiln_gui_test_screenshot    (GtkWidget          *widget,
                                         const char         *name);
void        kiln_gui_test_assert_sizes_agree (GtkWidget     *root);
KilnWindow *kiln_gui_test_window_new    (int                 width,
                                         int                 height);
void        kiln_gui_test_window_free   (KilnWindow         *window);
gboolean    kiln_gui_test_flash         (KilnWindow         *window,
                                         guint               timeout_ms);
void        kiln_gui_test_dump_log      (KilnWindow         *window);
char       *kiln_gui_test_dup_log       (KilnWindow         *window);
gboolean    kiln_gui_test_wait_job      (KilnWindow         *window,
                                         guint               timeout_ms);
const char *kiln_gui_test_bootlog_status (KilnBootlogView   *view);
void        kiln_gui_test_rm_rf         (const char         *dir);

/* The usual fixture: a temporary folder of the test's own, made before
 * each test and removed with everything in it after. */
typedef struct
{
  char *dir;
} KilnGuiTestDir;

void        kiln_gui_test_dir_setup     (KilnGuiTestDir     *f,
                                         gconstpointer       data);
void        kiln_gui_test_dir_teardown  (KilnGuiTestDir     *f,
                                         gconstpointer       data);

G_END_DECLS
