/* kiln-bench.c: how close Kiln gets to what the wire allows.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real core (kiln_job_run) against in-process virtual boards with
 * wire pacing and realistic device timings, and prints Markdown tables:
 *
 *   kiln-bench [--jobs N] [--only TEXT] [SECTION…]
 *
 * Sections: table (the flashing matrix), compress (zlib and libdeflate
 * levels on the firmware images), reflash (skip-unchanged against a full
 * write), cpu (host CPU while flashing at 921600), rss (peak RSS of
 * kiln-cli), gui (cold start to first frame and peak RSS of the app).
 * Progress goes to stderr, tables to stdout.  bench/run.sh puts them into
 * bench/README.md.  Benchmarks are not tests: nothing here fails a build.
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#ifdef KILN_HAVE_LIBDEFLATE
# include <libdeflate.h>
#endif

#include "kiln-bench.h"
#include "kiln-core.h"
#include "kiln-sim.h"

/* Device timings of a typical 4 MiB SPI NOR flash (GD25Q32 / W25Q32 class:
 * 4 KiB sector erase ~30–45 ms, 64 KiB block ~150 ms, page program
 * ~0.6 ms) and of the ESP32's MD5 over flash. */
#define ERASE_MS  30.0
#define WRITE_MS  0.6
#define MD5_MS    150.0
#define FLASH     "4MB"
#define ADDRESS   0x0u
#define KiB       1024u
#define MiB       (1024u * 1024u)

static char *stub_path;
static guint n_jobs = 2;
static char *only;
static GMutex id_lock;
static guint next_id;

typedef struct
{
  const char *chip;
  gboolean    stub;
  const char *content;
  gsize       size;
  guint       baud;
} Row;

typedef struct
{
  Row      row;
  gboolean ok;
  char    *error;
  KilnSim *sim;
  gint64   t_start;
  gint64   t_connected;
  gint64   t_written;
  gint64   t_end;
  KilnSimStats at_connect;
  KilnSimStats at_written;
  double   bound;
  guint64  must_cross;
  guint64  bytes_written;
  guint64  payload;      /* compressed (or raw) bytes of the stream Kiln sent */
  gboolean exact;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->error, g_free);
  g_clear_pointer (&r->sim, kiln_sim_unref);
}

static const char *
size_name (gsize size)
{
  static char buf[4][16];
  static guint k;
  char *b = buf[k++ % 4];

  if (size >= MiB && size % MiB == 0)
    g_snprintf (b, 16, "%zu MiB", size / MiB);
  else
    g_snprintf (b, 16, "%zu KiB", size / KiB);
  return b;
}

static char *
row_name (const Row *row)
{
  return g_strdup_printf ("%s %s %s %s @%u", row->chip, row->stub ? "stub" : "ROM", row->content,
                          size_name (row->size), row->baud);
}

/* A stand-in flasher stub: the virtual device runs any RAM image it is told
 * to start as its stub.  8 KiB of text and 512 bytes of data is about
 * what esptool's stubs upload. */
static char *
make_stub (const char *dir,
           const char *chip)
{
  g_autoptr(GBytes) text = kiln_bench_image ("random", 8 * KiB, 7);
  g_autoptr(GBytes) data = kiln_bench_image ("random", 512, 8);
  g_autofree char *t64 = g_base64_encode (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_autofree char *d64 = g_base64_encode (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  gboolean e8266 = g_str_equal (chip, "esp8266");
  guint32 text_start = e8266 ? 0x4010E000 : 0x40090000;
  guint32 data_start = e8266 ? 0x3FFE8000 : 0x3FFE0000;
  g_autofree char *json = g_strdup_printf ("{ \"entry\": %u, \"text_start\": %u, \"text\": \"%s\", "
                                           "\"data_start\": %u, \"data\": \"%s\" }",
                                           text_start + 4, text_start, t64, data_start, d64);
  g_autofree char *name = g_strdup_printf ("stub-%s.json", chip);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, json, -1, &error))
    g_error ("%s", error->message);
  return path;
}

static char *stub_dir;

static const char *
stub_for (const char *chip)
{
  static char *paths[2];
  static GMutex lock;
  guint k = g_str_equal (chip, "esp8266") ? 0 : 1;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  if (stub_path != NULL)
    return stub_path;
  if (paths[k] == NULL)
    paths[k] = make_stub (stub_dir, chip);
  return paths[k];
}

/* ---- one flashing run ------------------------------------------------ */

static void
on_info (const KilnDeviceInfo *info,
         gpointer              user_data)
{
  Result *r = user_data;
  r->t_connected = g_get_monotonic_time ();
  kiln_sim_get_stats (r->sim, &r->at_connect);
}

static void
on_progress (const KilnProgress *p,
             gpointer            user_data)
{
  Result *r = user_data;
  if (p->phase == KILN_PHASE_RESETTING && r->t_written == 0)
    {
      r->t_written = g_get_monotonic_time ();
      kiln_sim_get_stats (r->sim, &r->at_written);
    }
}

static void
on_log (KilnLogLevel  level,
        const char   *message,
        gpointer      user_data)
{
  if (level == KILN_LOG_ERROR || g_getenv ("KILN_BENCH_VERBOSE") != NULL)
    g_printerr ("    %s\n", message);
}

static KilnSim *
new_sim (const char  *chip,
         char       **port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *spec = NULL;
  KilnSim *sim;

  g_mutex_lock (&id_lock);
  id = g_strdup_printf ("bench-%u", next_id++);
  g_mutex_unlock (&id_lock);
  spec = g_strdup_printf ("%s?flash=" FLASH "&pace=1&erase-ms=%g&write-ms=%g&md5-ms=%g&id=%s",
                          chip, ERASE_MS, WRITE_MS, MD5_MS, id);
  sim = kiln_sim_new_from_options (spec, &error);
  if (sim == NULL)
    g_error ("%s", error->message);
  *port = g_strdup_printf ("sim:%s?id=%s", chip, id);
  return sim;
}

typedef struct
{
  gboolean skip_unchanged;
  gboolean verify;
} RunFlags;

/* Flashes @image and fills @r; the board @sim keeps what it had before. */
static void
run_job (Result      *r,
         const char  *port,
         GBytes      *image,
         RunFlags     flags)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  KilnJobCallbacks cb = { .progress = on_progress, .log = on_log, .device_info = on_info };
  const Row *row = &r->row;

  kiln_job_options_init (&opts);
  g_free (opts.connect.port);
  opts.connect.port = g_strdup (port);
  opts.connect.baud = row->baud;
  opts.connect.chip = g_str_equal (row->chip, "esp8266") ? KILN_CHIP_ESP8266 : KILN_CHIP_ESP32;
  opts.connect.after = KILN_AFTER_NO_RESET;
  opts.connect.no_stub = !row->stub;
  if (row->stub)
    opts.connect.stub_path = g_strdup (stub_for (row->chip));
  opts.verify = flags.verify;
  opts.skip_unchanged = flags.skip_unchanged;

  g_ptr_array_add (regions, kiln_region_new (ADDRESS, image, "image.bin"));
  job = kiln_job_new_write (&opts, regions);
  kiln_job_set_callbacks (job, &cb, r, NULL);

  r->t_start = g_get_monotonic_time ();
  r->t_connected = r->t_written = 0;
  r->ok = kiln_job_run (job, NULL, &error);
  r->t_end = g_get_monotonic_time ();
  if (r->t_written == 0)
    {
      r->t_written = r->t_end;
      kiln_sim_get_stats (r->sim, &r->at_written);
    }
  if (!r->ok)
    r->error = g_strdup (error->message);
  r->bytes_written = kiln_job_get_summary (job)->bytes_written;
  {
    gsize flen;
    const guint8 *flash = kiln_sim_get_flash (r->sim, &flen);
    r->exact = r->ok && memcmp (flash + ADDRESS, g_bytes_get_data (image, NULL),
                                g_bytes_get_size (image)) == 0;
  }
}

static void
model_for (const Row      *row,
           KilnBenchModel *m)
{
  gboolean e8266 = g_str_equal (row->chip, "esp8266");

  memset (m, 0, sizeof *m);
  m->baud = row->baud;
  m->stub = row->stub;
  m->rom_status_len = e8266 ? 2 : 4;
  m->begin_20 = FALSE;
  m->verify = row->stub || !e8266;      /* the ESP8266 ROM has no MD5 */
  m->erase_ms = ERASE_MS;
  m->write_ms = WRITE_MS;
  m->md5_ms = MD5_MS;
}

static void
bound_for (Result *r,
           GBytes *image)
{
  KilnBenchModel m;
  g_autoptr(GBytes) stream = NULL;
  gboolean inflates = r->row.stub || !g_str_equal (r->row.chip, "esp8266");

  model_for (&r->row, &m);
  if (inflates)
    {
      stream = kiln_bench_smallest_stream (image);
      if (g_bytes_get_size (stream) >= g_bytes_get_size (image))
        g_clear_pointer (&stream, g_bytes_unref);
    }
  r->payload = stream != NULL ? g_bytes_get_size (stream) : g_bytes_get_size (image);
  r->bound = kiln_bench_lower_bound (&m, ADDRESS, image, stream, &r->must_cross);
}

static GBytes *
image_for (const Row *row)
{
  return kiln_bench_image (row->content, row->size, (guint32) row->size);
}

static void
run_row (gpointer data,
         gpointer user_data)
{
  Result *r = data;
  g_autofree char *port = NULL;
  g_autofree char *name = row_name (&r->row);
  g_autoptr(GBytes) image = image_for (&r->row);
  RunFlags flags = { FALSE, TRUE };

  r->sim = new_sim (r->row.chip, &port);
  bound_for (r, image);
  run_job (r, port, image, flags);
  g_printerr ("  %-40s %s %.2f s\n", name, r->ok ? (r->exact ? "ok" : "NOT EXACT") : r->error,
              (r->t_end - r->t_start) / 1e6);
}

static double
secs (gint64 a,
      gint64 b)
{
  return (b - a) / 1e6;
}

static guint64
wire_bytes (const Result *r)
{
  return (r->at_written.bytes_received - r->at_connect.bytes_received) +
         (r->at_written.bytes_sent - r->at_connect.bytes_sent);
}

static void
print_result_header (void)
{
  printf ("| chip | loader | image | size | baud | sent as | on the wire (write) | must cross | "
          "connect s | write s | throughput KiB/s | bound s | **ratio** |\n");
  printf ("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
}

static void
print_result (const Result *r)
{
  const Row *row = &r->row;
  double write_s = secs (r->t_connected, r->t_written);

  if (!r->ok || !r->exact)
    {
      printf ("| %s | %s | %s | %s | %u | | | | | | | | failed: %s |\n", row->chip,
              row->stub ? "stub" : "ROM", row->content, size_name (row->size), row->baud,
              r->ok ? "flash differs" : r->error);
      return;
    }
  printf ("| %s | %s | %s | %s | %u | %.0f %% | %" G_GUINT64_FORMAT " | %" G_GUINT64_FORMAT
          " | %.2f | %.2f | %.1f | %.2f | **%.3f** |\n",
          row->chip, row->stub ? "stub" : "ROM", row->content, size_name (row->size), row->baud,
          100.0 * r->payload / row->size, wire_bytes (r), r->must_cross,
          secs (r->t_start, r->t_connected), write_s, row->size / 1024.0 / write_s, r->bound,
          r->bound / write_s);
}

/* ---- the matrix ------------------------------------------------------ */

static GArray *
matrix (void)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));
  static const char *const chips[] = { "esp8266", "esp32" };
  static const char *const contents[] = { "firmware", "random" };

  for (guint c = 0; c < G_N_ELEMENTS (chips); c++)
    for (guint stub = 0; stub < 2; stub++)
      for (guint k = 0; k < G_N_ELEMENTS (contents); k++)
        {
          /* 256 KiB at every baud, 1 MiB from 460800, 4 MiB at the top
           * rates only: the whole script has to fit in ten minutes. */
          static const struct { gsize size; guint baud; } plan[] = {
            { 256 * KiB, 115200 }, { 256 * KiB, 460800 }, { 256 * KiB, 921600 },
            { 1 * MiB, 460800 }, { 1 * MiB, 921600 },
            { 4 * MiB, 921600 },
          };
          for (guint p = 0; p < G_N_ELEMENTS (plan); p++)
            {
              Row row = { chips[c], stub, contents[k], plan[p].size, plan[p].baud };
              g_array_append_val (rows, row);
            }
          if (stub)
            {
              Row row = { chips[c], stub, contents[k], 1 * MiB, 2000000 };
              g_array_append_val (rows, row);
            }
        }
  return rows;
}

static gboolean
selected (const Row *row)
{
  g_autofree char *name = NULL;
  if (only == NULL)
    return TRUE;
  name = row_name (row);
  return strstr (name, only) != NULL;
}

static void
section_table (void)
{
  g_autoptr(GArray) rows = matrix ();
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (Result));
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;

  for (guint i = 0; i < rows->len; i++)
    {
      Result r = { 0 };
      if (!selected (&g_array_index (rows, Row, i)))
        continue;
      r.row = g_array_index (rows, Row, i);
      g_array_append_val (results, r);
    }
  g_printerr ("table: %u rows, %u at a time\n", results->len, n_jobs);
  pool = g_thread_pool_new (run_row, NULL, (gint) n_jobs, TRUE, &error);
  /* Longest first, so the parallel runs end together. */
  for (guint i = results->len; i > 0; i--)
    g_thread_pool_push (pool, &g_array_index (results, Result, i - 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  print_result_header ();
  for (guint i = 0; i < results->len; i++)
    {
      print_result (&g_array_index (results, Result, i));
      result_clear (&g_array_index (results, Result, i));
    }
  printf ("\n");
}

/* ---- main ------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("[SECTION…]");
  g_autoptr(GError) error = NULL;
  gint jobs = 2;
  GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Rows run in parallel (default 2)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only rows whose name contains TEXT", "TEXT" },
    { "stub", 0, 0, G_OPTION_ARG_FILENAME, &stub_path, "Flasher stub JSON (default: a stand-in)", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, "Sections: table compress reflash cpu rss gui (default: table)");
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("kiln-bench: %s\n", error->message);
      return 2;
    }
  n_jobs = (guint) MAX (jobs, 1);
  kiln_sim_register ();
  stub_dir = g_dir_make_tmp ("kiln-bench-XXXXXX", &error);
  if (stub_dir == NULL)
    g_error ("%s", error->message);

  if (argc < 2)
    section_table ();
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "table"))
        section_table ();
      else
        {
          g_printerr ("kiln-bench: unknown section “%s”\n", argv[i]);
          return 2;
        }
    }
  return 0;
}
