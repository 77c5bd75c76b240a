/* kiln-cli-factory.c: flashing several boards at once, one worker each.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kiln-cli.h"

/* Workers print whole lines; the lock keeps two boards' lines apart. */
static GMutex print_lock;

typedef struct
{
  char           *port;
  KilnJob        *job;
  GCancellable   *cancellable;
  const char     *log_path;
  gboolean        passed;
  char           *message;
  guint           last_step;
} Board;

static void G_GNUC_PRINTF (2, 3)
board_say (Board      *b,
           const char *format,
           ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_mutex_lock (&print_lock);
  fprintf (stderr, "[%s] %s\n", b->port, msg);
  fflush (stderr);
  g_mutex_unlock (&print_lock);
}

static void
board_progress (const KilnProgress *p,
                gpointer            user_data)
{
  Board *b = user_data;
  guint step;

  if (p->overall_total == 0 || p->phase != KILN_PHASE_WRITING)
    return;
  step = (guint) (p->overall_done * 4 / p->overall_total);
  if (step > b->last_step && step < 4)
    {
      b->last_step = step;
      board_say (b, _("writing %u%%"), step * 25);
    }
}

static void
board_info (const KilnDeviceInfo *info,
            gpointer              user_data)
{
  g_autofree char *mac = kiln_format_mac (info->mac);
  board_say (user_data, _("%s, MAC %s"), info->description, info->has_mac ? mac : "?");
}

static gpointer
board_run (gpointer data)
{
  Board *b = data;
  g_autoptr(GError) error = NULL;
  KilnJobCallbacks cb = { board_progress, NULL, NULL, board_info };

  kiln_job_set_callbacks (b->job, &cb, b, NULL);
  b->passed = kiln_job_run (b->job, b->cancellable, &error);
  if (!b->passed)
    b->message = g_strdup (error->message);
  if (b->log_path != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GError) rec_error = NULL;
      KilnRecord record = {
        .time = now,
        .port = b->port,
        .info = kiln_job_get_device_info (b->job),
        .regions = kiln_job_get_regions (b->job),
        .passed = b->passed,
        .message = b->message,
        .seconds = kiln_job_get_summary (b->job)->seconds,
      };
      if (!kiln_record_append (b->log_path, &record, &rec_error))
        board_say (b, "%s", rec_error->message);
    }
  if (b->passed)
    board_say (b, _("PASS in %.1f s"), kiln_job_get_summary (b->job)->seconds);
  else
    board_say (b, _("FAIL: %s"), b->message);
  return NULL;
}

static gboolean
on_sigint (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GPtrArray *threads;
  GMainLoop *loop;
} Waiter;

static gpointer
wait_all (gpointer data)
{
  Waiter *w = data;
  for (guint i = 0; i < w->threads->len; i++)
    g_thread_join (g_ptr_array_index (w->threads, i));
  g_main_loop_quit (w->loop);
  return NULL;
}

/**
 * kiln_cli_run_boards:
 *
 * Flashes @regions into every port of @ports in parallel and prints one
 * line per board event; appends a record per board to @log_path.
 *
 * Returns: the exit status: 0 when every board passed
 */
int
kiln_cli_run_boards (const KilnJobOptions *options,
                     GPtrArray            *regions,
                     char                **ports,
                     const char           *log_path)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) boards = g_ptr_array_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiter waiter = { g_ptr_array_new (), loop };
  guint passed = 0, sig;
  GThread *waiter_thread;

  for (guint i = 0; ports[i] != NULL; i++)
    {
      Board *b = g_new0 (Board, 1);
      KilnJobOptions opts;

      /* Every board gets its own copy of everything: no state is shared. */
      kiln_job_options_copy (&opts, options);
      g_free (opts.connect.port);
      opts.connect.port = g_strdup (ports[i]);
      b->port = g_strdup (ports[i]);
      b->job = kiln_job_new_write (&opts, regions);
      b->cancellable = g_object_ref (cancellable);
      b->log_path = log_path;
      kiln_job_options_clear (&opts);
      g_ptr_array_add (boards, b);
      g_ptr_array_add (waiter.threads, g_thread_new ("kiln-board", board_run, b));
    }

  sig = kiln_os_watch_interrupt (on_sigint, cancellable);
  waiter_thread = g_thread_new ("kiln-wait", wait_all, &waiter);
  g_main_loop_run (loop);
  g_thread_join (waiter_thread);
  g_source_remove (sig);

  for (guint i = 0; i < boards->len; i++)
    {
      Board *b = g_ptr_array_index (boards, i);
      passed += b->passed;
      g_object_unref (b->job);
      g_object_unref (b->cancellable);
      g_free (b->port);
      g_free (b->message);
      g_free (b);
    }
  g_ptr_array_unref (waiter.threads);
  fprintf (stderr, _("Boards: %u passed, %u failed.\n"), passed, boards->len - passed);
  return passed == boards->len ? KILN_EXIT_OK : KILN_EXIT_FAILED;
}
