/* kiln-bench-gui.c: the desktop app from process start to its first frame.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the app exactly as src/gui/main.c does, and when the main window's
 * frame clock has painted for the first time prints
 *
 *   first-frame <g_get_monotonic_time()> maxrss <KiB>
 *
 * on stdout and quits.  kiln-bench (section gui) runs it several times and
 * subtracts the time it spawned it: the monotonic clock is the same in
 * both processes.  With --bare it shows a bare GTK window with one label
 * instead, the floor any GTK 4 app starts from on the same machine.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <sys/resource.h>

#include "kiln-application.h"
#include "kiln-gui-util.h"
#include "kiln-sim.h"

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  GtkWindow *window = user_data;
  GApplication *app = G_APPLICATION (gtk_window_get_application (window));
  gint64 now = g_get_monotonic_time ();
  struct rusage ru;

  g_signal_handlers_disconnect_by_func (clock, after_paint, user_data);
  getrusage (RUSAGE_SELF, &ru);
  printf ("first-frame %" G_GINT64_FORMAT " maxrss %ld\n", now, ru.ru_maxrss);
  fflush (stdout);
  g_application_quit (app);
}

static void
realized (GtkWidget *widget,
          gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (after_paint),
                    widget);
}

static void
window_added (GtkApplication *app,
              GtkWindow      *window,
              gpointer        user_data)
{
  static gboolean seen;

  if (seen)
    return;
  seen = TRUE;
  g_signal_connect (window, "realize", G_CALLBACK (realized), NULL);
}

static void
bare_activate (GtkApplication *app,
               gpointer        user_data)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Kiln"));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KilnApplication) app = NULL;

  if (argc > 1 && g_str_equal (argv[1], "--bare"))
    {
      g_autoptr(GtkApplication) bare = gtk_application_new ("io.github.kilnflasher.KilnBenchBare",
                                                            G_APPLICATION_NON_UNIQUE);
      g_signal_connect (bare, "window-added", G_CALLBACK (window_added), NULL);
      g_signal_connect (bare, "activate", G_CALLBACK (bare_activate), NULL);
      return g_application_run (G_APPLICATION (bare), 1, argv);
    }

  kiln_locale_init ("");
  g_set_application_name (_("Kiln"));
  kiln_sim_register ();

  app = kiln_application_new ();
  /* Several probes in a row must not find each other on the bus. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
