/* test-gui-util.c: helpers for the GUI tests.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "kiln-application.h"
#include "kiln-gui-util.h"
#include "kiln-sim.h"
#include "test-gui-util.h"
#include "kiln-util.h"

/* GTK 4.8 sometimes snapshots a widget inside a GtkTextView's scrolled
 * window before allocating it, while lines are being appended (the log):
 * it says so with a warning and draws it next frame.  GTK logs through the
 * structured API, where warnings turn fatal in the default writer: hand
 * exactly that warning to it as a message, every other one stays fatal. */
static GLogWriterOutput
known_gtk_warnings_writer (GLogLevelFlags   log_level,
                           const GLogField *fields,
                           gsize            n_fields,
                           gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
      g_str_has_prefix (message, "Trying to snapshot ") &&
      g_str_has_suffix (message, " without a current allocation"))
    log_level = G_LOG_LEVEL_MESSAGE;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static char *xdg_home;

static void
remove_xdg_home (void)
{
  kiln_gui_test_rm_rf (xdg_home);
  g_clear_pointer (&xdg_home, g_free);
}

/* The recently-used list (Open Recent) and anything else GTK keeps in the
 * user's data folder go to a folder of the test's own, removed at exit:
 * tests never touch the developer's desktop. */
static void
isolate_user_data (void)
{
  g_autoptr(GError) error = NULL;

  xdg_home = g_dir_make_tmp ("kiln-gui-home-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", xdg_home, TRUE);
  atexit (remove_xdg_home);
}

/* FALSE when there is no display: the test then reports a skip, except
 * under CI=true, where it fails.  `make test` always runs the GUI tests
 * under Xvfb. */
gboolean
kiln_gui_test_init (int    *argc,
                    char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      /* In CI a GUI suite that did not run is a failure, not a green skip. */
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        g_error ("no display under CI=true: run the GUI tests under Xvfb (make test does)");
      /* TAP for "skipped"; main() returns KILN_GUI_TEST_SKIPPED. */
      g_print ("1..0 # SKIP no display (make test runs the GUI tests under Xvfb)\n");
      return FALSE;
    }

  isolate_user_data ();

  /* As Console does: tests run in C.UTF-8 (LANGUAGE still picks the
   * translation, see kiln_locale_init()), not the developer's locale. */
  g_log_set_writer_func (known_gtk_warnings_writer, NULL, NULL);
  gtk_disable_setlocale ();
  kiln_locale_init ("C.UTF-8");
  gtk_test_init (argc, argv, NULL);
  /* Own the main context for the whole test, as g_main_loop_run() does in
   * the app: g_main_context_invoke() from the job's worker then queues to
   * this thread instead of running the callback in the worker. */
  g_main_context_acquire (g_main_context_default ());
  kiln_sim_register ();
  kiln_gui_init_resources ();
  /* No transitions: what is shown is settled as soon as it is drawn, and
   * a screenshot never catches a widget between two allocations. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return TRUE;
}

gboolean
kiln_gui_test_wait (KilnTestCondition condition,
                    gpointer          data,
                    guint             timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

void
kiln_gui_test_flush (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

void
kiln_gui_test_wait_drawn (GtkWidget *widget)
{
  gtk_test_widget_wait_for_draw (widget);
  /* Let revealers and size changes settle. */
  kiln_gui_test_flush (300);
  gtk_test_widget_wait_for_draw (widget);
}

GBytes *
kiln_gui_test_pattern (gsize   size,
                       guint32 seed)
{
  guint8 *data = g_malloc (size);
  guint32 x = seed * 2654435761u + 1;

  /* xorshift: incompressible enough that the job really sends it, and
   * never starts with the image magic 0xE9 (nothing to patch). */
  for (gsize i = 0; i < size; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = (guint8) x;
    }
  if (size > 0 && data[0] == 0xE9)
    data[0] = 0x00;
  return g_bytes_new_take (data, size);
}

char *
kiln_gui_test_write (const char *dir,
                     const char *name,
                     GBytes     *data)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (data, NULL), g_bytes_get_size (data), &error);
  g_assert_no_error (error);
  return path;
}

/* Renders @widget as it is on screen into <build>/tests/screenshots/@name.
 * GTK 4.8 has no screenshot API: snapshot the widget's paintable and let
 * the window's own renderer turn it into a texture. */
/* GTK hands out space by each widget's minimum size with no size for the
 * other side (-1), and checks it against the minimum for a huge one
 * (1048576): a widget that needs more when given more room is a layout
 * GTK 4.8 stops on ("… reports a minimum height of 47, but minimum height
 * for width of 1048576 is 48. Expect overlapping widgets"), but only once
 * a window is tight.  Checking every widget shown makes that certain
 * instead of a matter of window size. */
#define HUGE_SIZE 1048576

static void
check_sizes (GtkWidget *widget,
             GString   *faults)
{
  static const GtkOrientation orientations[] = { GTK_ORIENTATION_HORIZONTAL, GTK_ORIENTATION_VERTICAL };

  if (!gtk_widget_get_visible (widget))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (orientations); i++)
    {
      int free_min, huge_min;

      gtk_widget_measure (widget, orientations[i], -1, &free_min, NULL, NULL, NULL);
      gtk_widget_measure (widget, orientations[i], HUGE_SIZE, &huge_min, NULL, NULL, NULL);
      if (huge_min > free_min)
        {
          const char *id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;
          GtkWidget *parent = gtk_widget_get_parent (widget);
          const char *parent_id = parent != NULL ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (parent)) : NULL;

          g_string_append_printf (faults, "%s%s%s (in %s%s%s): minimum %s %d, but %d for a %s of %d\n",
                                  G_OBJECT_TYPE_NAME (widget), id ? " " : "", id ? id : "",
                                  parent ? G_OBJECT_TYPE_NAME (parent) : "-", parent_id ? " " : "",
                                  parent_id ? parent_id : "",
                                  orientations[i] == GTK_ORIENTATION_VERTICAL ? "height" : "width",
                                  free_min, huge_min,
                                  orientations[i] == GTK_ORIENTATION_VERTICAL ? "width" : "height",
                                  HUGE_SIZE);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_sizes (child, faults);
}

void
kiln_gui_test_assert_sizes_agree (GtkWidget *root)
{
  g_autoptr(GString) faults = g_string_new (NULL);

  check_sizes (root, faults);
  if (faults->len > 0)
    g_error ("widgets whose minimum size grows with more room:\n%s", faults->str);
}

void
kiln_gui_test_screenshot (GtkWidget  *widget,
                          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width, height;

  kiln_gui_test_wait_drawn (widget);
  /* Every state a test looks at is also checked for sizes GTK would
   * reject in a smaller window. */
  kiln_gui_test_assert_sizes_agree (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

KilnWindow *
kiln_gui_test_window_new (int width,
                          int height)
{
  g_autoptr(KilnSettings) settings = kiln_settings_new (NULL);
  KilnWindow *window;

  /* The memory backend lives as long as the process: start each test
   * from the defaults, and never reopen another test's project. */
  kiln_settings_reset (settings);
  g_object_set (settings,
                "reopen-last-project", FALSE,
                "window-width", width,
                "window-height", height,
                NULL);
  window = kiln_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  return window;
}

void
kiln_gui_test_window_free (KilnWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  kiln_gui_test_flush (50);
  g_assert_null (weak);
}

static gboolean
not_busy (gpointer data)
{
  return !kiln_window_get_busy (data);
}

/* Waits for the window's job to end; on a timeout its log goes to the
 * test's output. */
gboolean
kiln_gui_test_wait_job (KilnWindow *window,
                        guint       timeout_ms)
{
  if (kiln_gui_test_wait (not_busy, window, timeout_ms))
    return TRUE;
  kiln_gui_test_dump_log (window);
  return FALSE;
}

/* Presses Start as a person would (through the action the button is
 * bound to) and waits for the job to end. */
gboolean
kiln_gui_test_flash (KilnWindow *window,
                     guint       timeout_ms)
{
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->start_button)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flash", NULL));
  g_assert_true (kiln_window_get_busy (window));
  return kiln_gui_test_wait_job (window, timeout_ms);
}

/* The Boot Log's status line ("Decoded boot.log."). */
const char *
kiln_gui_test_bootlog_status (KilnBootlogView *view)
{
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (view), KILN_TYPE_BOOTLOG_VIEW,
                                                  "status_label");

  return gtk_label_get_label (GTK_LABEL (label));
}

/* What the window logged, into the test's output: why a job failed. */
/* The window's log as it reads. */
char *
kiln_gui_test_dup_log (KilnWindow *window)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->log_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
kiln_gui_test_dump_log (KilnWindow *window)
{
  g_autofree char *text = kiln_gui_test_dup_log (window);
  g_printerr ("--- window log ---\n%s--- phase: %s; summary: %s\n", text,
              gtk_label_get_label (window->phase_label),
              gtk_label_get_label (window->summary_label));
}

void
kiln_gui_test_rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        kiln_gui_test_rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
kiln_gui_test_dir_setup (KilnGuiTestDir *f,
                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kiln-gui-test-XXXXXX", &error);
  g_assert_no_error (error);
}

void
kiln_gui_test_dir_teardown (KilnGuiTestDir *f,
                            gconstpointer   data)
{
  kiln_gui_test_rm_rf (f->dir);
  g_clear_pointer (&f->dir, g_free);
}
