/* kiln-bench-gui.c: the desktop app from process start to its first frame,
 * and its memory once it has settled.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the app exactly as src/gui/main.c does, and when the main window's
 * frame clock has painted for the first time notes the time and the peak
 * RSS so far; two seconds later (the port list refreshed, the window
 * focused, nothing left to draw) it reads the process's RSS and PSS from
 * /proc/self/smaps_rollup and prints
 *
 *   first-frame <g_get_monotonic_time()> maxrss <KiB> rss <KiB> pss <KiB>
 *
 * on stdout and quits.  kiln-bench (section gui) runs it several times and
 * subtracts the time it spawned it: the monotonic clock is the same in
 * both processes.  With --bare it shows a bare GTK window with one label
 * instead, of the app's default size, the floor any GTK 4 app starts from
 * on the same machine.
 *
 * On X11 the pointer is moved to the screen's far corner first, outside
 * both windows: where it happens to be would otherwise decide whether the
 * app draws a button's hover state (under the GL renderer on llvmpipe
 * every new kind of drawing compiles shaders, about 7 MiB for one
 * button's hover) while the bare window has nothing to hover.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifdef KILN_BENCH_HAVE_X11
#include <gdk/x11/gdkx.h>
#endif

#include "kiln-application.h"
#include "kiln-gui-util.h"
#include "kiln-sim.h"
#include "kiln-util.h"

#define SETTLE_MS 2000

static gint64 painted_at;
static long   peak_kib;

static void
park_pointer (void)
{
#ifdef KILN_BENCH_HAVE_X11
  GdkDisplay *display = gdk_display_get_default ();

  if (GDK_IS_X11_DISPLAY (display))
    {
      Display *x = gdk_x11_display_get_xdisplay (display);
      Screen *screen = DefaultScreenOfDisplay (x);

      XWarpPointer (x, None, RootWindowOfScreen (screen), 0, 0, 0, 0,
                    WidthOfScreen (screen) - 1, HeightOfScreen (screen) - 1);
      XSync (x, False);
    }
#endif
}

/* "Rss:" and "Pss:" of the whole process, in KiB (0 where there is no
 * /proc). */
static void
read_rollup (long *rss,
             long *pss)
{
  g_autofree char *text = NULL;
  const char *p;

  *rss = *pss = 0;
  if (!g_file_get_contents ("/proc/self/smaps_rollup", &text, NULL, NULL))
    return;
  if ((p = strstr (text, "\nRss:")) != NULL)
    *rss = atol (p + strlen ("\nRss:"));
  if ((p = strstr (text, "\nPss:")) != NULL)
    *pss = atol (p + strlen ("\nPss:"));
}

static gboolean
settled_cb (gpointer user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  long rss, pss;

  read_rollup (&rss, &pss);
  printf ("first-frame %" G_GINT64_FORMAT " maxrss %ld rss %ld pss %ld\n",
          painted_at, peak_kib, rss, pss);
  fflush (stdout);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  GtkWindow *window = user_data;
  struct rusage ru;

  painted_at = g_get_monotonic_time ();
  g_signal_handlers_disconnect_by_func (clock, after_paint, user_data);
  getrusage (RUSAGE_SELF, &ru);
  peak_kib = ru.ru_maxrss;
  g_timeout_add (SETTLE_MS, settled_cb, gtk_window_get_application (window));
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
  park_pointer ();
  g_signal_connect (window, "realize", G_CALLBACK (realized), NULL);
}

static void
bare_activate (GtkApplication *app,
               gpointer        user_data)
{
  GtkWidget *window = gtk_application_window_new (app);

  /* The app's default size (window-width, window-height in the schema). */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
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
