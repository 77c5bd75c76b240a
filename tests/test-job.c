/* test-job.c: the flashing job in-process, as the GUI drives it.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiln-core.h"
#include "kiln-sim.h"
#include "kiln-test-util.h"

static void
test_no_sync_explained (gconstpointer data)
{
  const char *chip = data;
  g_autofree char *port = g_strdup_printf ("sim:%s?id=nosync-%s", chip, chip);
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  KilnSim *sim;

  kiln_job_options_init (&opts);
  opts.connect.port = g_strdup (port);
  job = kiln_job_new_info (&opts);

  /* A board whose BOOT pin stays high: every reset boots from flash. */
  sim = kiln_sim_new_from_options (port + 4, &error);
  g_assert_no_error (error);
  {
    g_autofree char *id = g_strdup_printf ("nosync-%s", chip);
    g_autoptr(KilnSim) found = kiln_sim_lookup (id);
    g_assert_nonnull (found);
  }
  kiln_sim_set_strap (sim, KILN_SIM_STRAP_FLASH);
  kiln_sim_power_cycle (sim);

  g_assert_false (kiln_job_run (job, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_NO_SYNC);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, port));
  g_assert_nonnull (strstr (error->message, "GPIO"));
  g_assert_nonnull (strstr (error->message, "BOOT"));
  kiln_sim_unref (sim);
}

typedef struct
{
  GMainLoop *loop;
  guint      progress_calls;
  guint      logs;
  guint      verified;
  gboolean   got_info;
  gboolean   done;
  gboolean   ok;
  GError    *error;
  GThread   *main_thread;
} AsyncState;

static void
on_progress (const KilnProgress *p,
             gpointer            user_data)
{
  AsyncState *st = user_data;
  g_assert_true (g_thread_self () == st->main_thread);
  g_assert_cmpuint (p->done, <=, p->total == 0 ? p->done : p->total);
  st->progress_calls++;
}

static void
on_log (KilnLogLevel  level,
        const char   *message,
        gpointer      user_data)
{
  AsyncState *st = user_data;
  g_assert_true (g_thread_self () == st->main_thread);
  st->logs++;
}

static void
on_region (guint            index,
           KilnRegionState  state,
           const char      *detail,
           gpointer         user_data)
{
  AsyncState *st = user_data;
  g_assert_true (g_thread_self () == st->main_thread);
  if (state == KILN_REGION_VERIFIED)
    st->verified++;
}

static void
on_info (const KilnDeviceInfo *info,
         gpointer              user_data)
{
  AsyncState *st = user_data;
  g_assert_cmpint (info->chip->id, ==, KILN_CHIP_ESP32);
  g_assert_cmpuint (info->flash_size, ==, 4 * 1024 * 1024);
  st->got_info = TRUE;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncState *st = user_data;
  st->ok = kiln_job_run_finish (KILN_JOB (source), result, &st->error);
  st->done = TRUE;
  g_main_loop_quit (st->loop);
}

static const KilnJobCallbacks callbacks = { on_progress, on_log, on_region, on_info };

#define APP_SIZE (64 * 1024)

static GPtrArray *
two_regions (GBytes **a,
             GBytes **b)
{
  GPtrArray *regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  *a = kiln_test_random (APP_SIZE, 21);
  *b = kiln_test_random (3000, 22);
  g_ptr_array_add (regions, kiln_region_new (0x10000, *a, "app.bin"));
  g_ptr_array_add (regions, kiln_region_new (0x8000, *b, "table.bin"));
  return regions;
}

static void
test_async_write (void)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GBytes) a = NULL, b = NULL;
  g_autoptr(GPtrArray) regions = two_regions (&a, &b);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  AsyncState st = { loop, .main_thread = g_thread_self () };
  KilnSim *sim;
  gsize len;
  const guint8 *flash;

  kiln_job_options_init (&opts);
  opts.connect.port = g_strdup ("sim:esp32?id=async&flash=4MB");
  job = kiln_job_new_write (&opts, regions);
  kiln_job_set_callbacks (job, &callbacks, &st, NULL);
  kiln_job_run_async (job, NULL, on_done, &st);
  g_main_loop_run (loop);

  g_assert_no_error (st.error);
  g_assert_true (st.ok);
  g_assert_true (st.got_info);
  g_assert_cmpuint (st.verified, ==, 2);
  g_assert_cmpuint (st.progress_calls, >, 2);
  g_assert_cmpuint (st.logs, >, 2);
  g_assert_cmpuint (kiln_job_get_summary (job)->bytes_written, ==, APP_SIZE + 3000);
  g_assert_true (kiln_job_get_summary (job)->verified);

  sim = kiln_sim_lookup ("async");
  g_assert_nonnull (sim);
  flash = kiln_sim_get_flash (sim, &len);
  g_assert_cmpmem (flash + 0x10000, APP_SIZE, g_bytes_get_data (a, NULL), APP_SIZE);
  g_assert_cmpmem (flash + 0x8000, 3000, g_bytes_get_data (b, NULL), 3000);
  kiln_sim_unref (sim);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Stop mid-write: cancelled within a second, the port released, and a new
 * run finishes the job. */
static void
test_cancel_and_rerun (void)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(KilnJob) again = NULL;
  g_autoptr(GBytes) a = NULL, b = NULL;
  g_autoptr(GPtrArray) regions = two_regions (&a, &b);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState st = { loop, .main_thread = g_thread_self () };
  AsyncState st2 = { loop, .main_thread = g_thread_self () };
  gint64 cancelled_at, finished_at;
  KilnSim *sim;
  gsize len;
  const guint8 *flash;

  kiln_job_options_init (&opts);
  /* Paced at 115200: 64 KiB take about six seconds, so the stop lands mid-write. */
  opts.connect.port = g_strdup ("sim:esp32?id=cancel&flash=4MB&pace=1");
  opts.compress = KILN_COMPRESS_OFF;
  job = kiln_job_new_write (&opts, regions);
  kiln_job_set_callbacks (job, &callbacks, &st, NULL);
  kiln_job_run_async (job, cancellable, on_done, &st);
  g_timeout_add (1500, cancel_soon, cancellable);
  g_main_loop_run (loop);
  cancelled_at = g_get_monotonic_time ();
  (void) cancelled_at;

  g_assert_false (st.ok);
  g_assert_error (st.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (kiln_job_get_board_state (job));
  g_clear_error (&st.error);

  again = kiln_job_new_write (&opts, regions);
  kiln_job_set_callbacks (again, &callbacks, &st2, NULL);
  g_clear_object (&cancellable);
  kiln_job_run_async (again, NULL, on_done, &st2);
  g_main_loop_run (loop);
  finished_at = g_get_monotonic_time ();
  (void) finished_at;
  g_assert_no_error (st2.error);
  g_assert_true (st2.ok);

  sim = kiln_sim_lookup ("cancel");
  flash = kiln_sim_get_flash (sim, &len);
  g_assert_cmpmem (flash + 0x10000, APP_SIZE, g_bytes_get_data (a, NULL), APP_SIZE);
  g_assert_cmpmem (flash + 0x8000, 3000, g_bytes_get_data (b, NULL), 3000);
  kiln_sim_unref (sim);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (1000 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

/* The stop must take effect within a second of the button. */
static void
test_cancel_latency (void)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GBytes) a = NULL, b = NULL;
  g_autoptr(GPtrArray) regions = two_regions (&a, &b);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  gint64 start, end;

  kiln_job_options_init (&opts);
  opts.connect.port = g_strdup ("sim:esp8266?id=latency&flash=4MB&pace=1");
  opts.compress = KILN_COMPRESS_OFF;
  job = kiln_job_new_write (&opts, regions);
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  start = g_get_monotonic_time ();
  g_assert_false (kiln_job_run (job, cancellable, &error));
  end = g_get_monotonic_time ();
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_thread_join (g_steal_pointer (&thread));
  /* 1 s until the stop plus at most one second to honour it. */
  g_assert_cmpint (end - start, <, 2000 * 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
  kiln_sim_register ();
  g_test_add_data_func ("/kiln/job/no-sync-explained/esp8266", "esp8266", test_no_sync_explained);
  g_test_add_data_func ("/kiln/job/no-sync-explained/esp32", "esp32", test_no_sync_explained);
  g_test_add_func ("/kiln/job/async-write", test_async_write);
  g_test_add_func ("/kiln/job/cancel-and-rerun", test_cancel_and_rerun);
  g_test_add_func ("/kiln/job/cancel-latency", test_cancel_latency);
  return g_test_run ();
}
