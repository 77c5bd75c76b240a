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
 * Sections: table (the flashing matrix), adapters (ROM loader and stub
 * behind USB adapters with 0, 1 and 16 ms latency, and reading back),
 * compress (zlib and libdeflate levels on the firmware images), reflash
 * (skip-unchanged against a full write), ladder (-b auto), cpu (host CPU
 * while flashing at 921600), rss (peak RSS of kiln-cli), boards (eight at
 * once), gui (cold start to first frame and peak RSS of the app).  Stub
 * rows use Kiln's own stub where Kiln has one (the ESP8266) and a stand-in
 * elsewhere; --stand-in uses the stand-in everywhere.
 * Progress goes to stderr, tables to stdout.  bench/run.sh puts them into
 * bench/README.md.  Benchmarks are not tests: nothing here fails a build.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
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
#include "kiln-stub.h"

/* Device timings of a typical 4 MiB SPI NOR flash (GD25Q32 / W25Q32 class:
 * 4 KiB sector erase ~30–45 ms, 64 KiB block ~150 ms, page program
 * ~0.6 ms) and of the ESP32's MD5 over flash.  The virtual board is told
 * them as its options; the bounds (kiln-bench-model.c) take them from
 * here, as the datasheet's. */
#define ERASE_MS        30.0
#define BLOCK_ERASE_MS  150.0
#define WRITE_MS        0.6
#define MD5_MS          150.0
#define FLASH     "4MB"
#define ADDRESS   0x0u
#define KiB       1024u
#define MiB       (1024u * 1024u)

static char *stub_path;
static gboolean stand_in;
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
  guint       latency_us;   /* the USB adapter's latency timer, 0: none */
  gboolean    read;         /* read the region back instead of writing it */
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
  guint64  payload;      /* data bytes the bound sends (compressed or raw), no framing */
  gboolean exact;
  gboolean kiln_stub;    /* the stub was Kiln's own, not the stand-in */
  char    *loader;       /* who answered, as the core names it */
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->error, g_free);
  g_clear_pointer (&r->loader, g_free);
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
  g_autofree char *latency = row->latency_us ? g_strdup_printf (" +%gms", row->latency_us / 1000.0)
                                             : g_strdup ("");

  return g_strdup_printf ("%s %s %s%s %s @%u%s", row->chip, row->stub ? "stub" : "ROM",
                          row->read ? "read " : "", row->content, size_name (row->size),
                          row->baud, latency);
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

/* Whether Kiln carries its own stub for @chip (the one it uploads by
 * default), as opposed to one a local esptool installation has. */
static gboolean
kiln_has_stub (const char *chip)
{
  const KilnChipInfo *info = kiln_chip_get (g_str_equal (chip, "esp8266") ? KILN_CHIP_ESP8266
                                                                         : KILN_CHIP_ESP32);
  g_autofree char *path = kiln_stub_find (info);
  g_autoptr(KilnStub) stub = path != NULL ? kiln_stub_load (path, NULL) : NULL;

  return stub != NULL && stub->kiln_version != 0;
}

/* The stub file for @chip, or NULL for Kiln's own (the default upload).
 * Chips Kiln has no stub for get the stand-in. */
static const char *
stub_for (const char *chip)
{
  static char *paths[2];
  static gint own[2] = { -1, -1 };
  static GMutex lock;
  guint k = g_str_equal (chip, "esp8266") ? 0 : 1;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  if (stub_path != NULL)
    return stub_path;
  if (own[k] < 0)
    own[k] = !stand_in && kiln_has_stub (chip);
  if (own[k])
    return NULL;
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
  g_free (r->loader);
  r->loader = g_strdup (info->loader);
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
         guint        latency_us,
         char       **port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *spec = NULL;
  KilnSim *sim;

  g_mutex_lock (&id_lock);
  id = g_strdup_printf ("bench-%u", next_id++);
  g_mutex_unlock (&id_lock);
  spec = g_strdup_printf ("%s?flash=" FLASH "&pace=1&erase-ms=%g&write-ms=%g&md5-ms=%g"
                          "&latency-us=%u&id=%s", chip, ERASE_MS, WRITE_MS, MD5_MS, latency_us, id);
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

/* Flashes @image, or for a read row reads it back from the board (which
 * must hold it), and fills @r; the board @sim keeps what it had before. */
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
  g_autofree char *read_path = NULL;
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
  r->kiln_stub = row->stub && opts.connect.stub_path == NULL;
  opts.verify = flags.verify;
  opts.skip_unchanged = flags.skip_unchanged;

  if (row->read)
    {
      g_mutex_lock (&id_lock);
      read_path = g_strdup_printf ("%s/read-%u.bin", stub_dir, next_id++);
      g_mutex_unlock (&id_lock);
      job = kiln_job_new_read (&opts, ADDRESS, (guint32) g_bytes_get_size (image), read_path);
    }
  else
    {
      g_ptr_array_add (regions, kiln_region_new (ADDRESS, image, "image.bin"));
      job = kiln_job_new_write (&opts, regions);
    }
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
  if (row->read)
    {
      g_autofree char *got = NULL;
      gsize len = 0;

      r->exact = r->ok && g_file_get_contents (read_path, &got, &len, NULL) &&
                 len == g_bytes_get_size (image) &&
                 memcmp (got, g_bytes_get_data (image, NULL), len) == 0;
      g_unlink (read_path);
    }
  else
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
  m->rom_status_len = e8266 ? 2 : 4;
  m->begin_20 = FALSE;
  m->verify = row->stub || !e8266;      /* the ESP8266 ROM has no MD5 */
  m->erase_ms = ERASE_MS;
  m->block_erase_ms = BLOCK_ERASE_MS;
  m->write_ms = WRITE_MS;
  m->md5_ms = MD5_MS;
}

/* The ROM protocol bound for ROM rows, the wire bound for stub rows, the
 * read bound for reads (kiln-bench-model.c). */
static void
bound_for (Result *r,
           GBytes *image)
{
  KilnBenchModel m;
  g_autoptr(GBytes) stream = NULL;
  gboolean inflates = r->row.stub || !g_str_equal (r->row.chip, "esp8266");

  model_for (&r->row, &m);
  if (r->row.read)
    {
      r->payload = g_bytes_get_size (image);
      r->bound = kiln_bench_read_bound (&m, g_bytes_get_size (image), &r->must_cross);
      return;
    }
  if (inflates)
    {
      stream = kiln_bench_smallest_stream (image);
      if (g_bytes_get_size (stream) >= g_bytes_get_size (image))
        g_clear_pointer (&stream, g_bytes_unref);
    }
  r->payload = stream != NULL ? g_bytes_get_size (stream) : g_bytes_get_size (image);
  if (r->row.stub)
    r->bound = kiln_bench_wire_bound (&m, ADDRESS, image, stream, &r->must_cross);
  else
    /* A ROM gets the part it may inflate compressed, the rest plain. */
    r->bound = kiln_bench_rom_bound (&m, ADDRESS, image, stream, &r->must_cross, &r->payload);
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

  r->sim = new_sim (r->row.chip, r->row.latency_us, &port);
  bound_for (r, image);
  if (r->row.read &&
      !kiln_sim_set_flash (r->sim, ADDRESS, g_bytes_get_data (image, NULL),
                           g_bytes_get_size (image), NULL))
    g_error ("set_flash");
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

static int
compare_double (const double *a,
                const double *b)
{
  return *a < *b ? -1 : *a > *b;
}

static guint64
wire_bytes (const Result *r)
{
  return (r->at_written.bytes_received - r->at_connect.bytes_received) +
         (r->at_written.bytes_sent - r->at_connect.bytes_sent);
}

/* What answered, as the core names it ("Kiln stub 1"); the stand-in is
 * named so here; a row that asked for a stub and got the ROM says so. */
static const char *
loader_label (const Result *r)
{
  if (!r->row.stub)
    return "ROM";
  if (r->loader == NULL)
    return r->kiln_stub ? "Kiln stub" : "stand-in stub";
  if (!r->kiln_stub && g_str_has_prefix (r->loader, "flasher stub"))
    return "stand-in stub";
  return r->loader;
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
              loader_label (r), row->content, size_name (row->size), row->baud,
              r->ok ? "flash differs" : r->error);
      return;
    }
  printf ("| %s | %s | %s | %s | %u | %.0f %% | %" G_GUINT64_FORMAT " | %" G_GUINT64_FORMAT
          " | %.2f | %.2f | %.1f | %.2f | **%.3f** |\n",
          row->chip, loader_label (r), row->content, size_name (row->size), row->baud,
          100.0 * r->payload / row->size, wire_bytes (r), r->must_cross,
          secs (r->t_start, r->t_connected), write_s, row->size / 1024.0 / write_s, r->bound,
          r->bound / write_s);
}

/* ---- the matrix ------------------------------------------------------ */

/* Runs @results (filled with rows) @n_jobs at a time, longest first. */
static void
run_rows (GArray *results)
{
  g_autoptr(GError) error = NULL;
  GThreadPool *pool = g_thread_pool_new (run_row, NULL, (gint) n_jobs, TRUE, &error);

  for (guint i = results->len; i > 0; i--)
    g_thread_pool_push (pool, &g_array_index (results, Result, i - 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}


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

  for (guint i = 0; i < rows->len; i++)
    {
      Result r = { 0 };
      if (!selected (&g_array_index (rows, Row, i)))
        continue;
      r.row = g_array_index (rows, Row, i);
      g_array_append_val (results, r);
    }
  g_printerr ("table: %u rows, %u at a time\n", results->len, n_jobs);
  run_rows (results);

  print_result_header ();
  for (guint i = 0; i < results->len; i++)
    print_result (&g_array_index (results, Result, i));
  printf ("\n");

  /* The headline: the worst ratio of each loader. */
  for (guint stub = 0; stub < 2; stub++)
    {
      double worst = G_MAXDOUBLE, best = 0;
      guint n = 0, failed = 0;
      g_autofree char *where = NULL;

      for (guint i = 0; i < results->len; i++)
        {
          Result *r = &g_array_index (results, Result, i);
          double ratio;

          if ((guint) r->row.stub != stub)
            continue;
          if (!r->ok || !r->exact)
            {
              failed++;
              continue;
            }
          ratio = r->bound / secs (r->t_connected, r->t_written);
          n++;
          best = MAX (best, ratio);
          if (ratio < worst)
            {
              g_free (where);
              where = row_name (&r->row);
              worst = ratio;
            }
        }
      if (n > 0)
        printf ("- %s: ratio %.3f to %.3f over %u runs (lowest: %s)%s\n",
                stub ? "Stub mode, to the wire bound" : "ROM mode, to the ROM protocol bound",
                worst, best, n, where, failed ? ", SOME RUNS FAILED" : "");
    }
  printf ("\n");
  for (guint i = 0; i < results->len; i++)
    result_clear (&g_array_index (results, Result, i));
}

/* ---- USB adapters: latency ---------------------------------------------- */

static const Result *
find_result (GArray     *results,
             gboolean    stub,
             gboolean    read,
             guint       baud,
             guint       latency_us)
{
  for (guint i = 0; i < results->len; i++)
    {
      const Result *r = &g_array_index (results, Result, i);
      if (r->row.stub == stub && r->row.read == read && r->row.baud == baud &&
          r->row.latency_us == latency_us)
        return r->ok && r->exact ? r : NULL;
    }
  return NULL;
}

static const char *
latency_name (guint latency_us)
{
  static char buf[4][32];
  static guint k;
  char *b = buf[k++ % 4];

  if (latency_us == 0)
    return "none";
  g_snprintf (b, 32, "%g ms", latency_us / 1000.0);
  return b;
}

/* One firmware image on the ESP8266, written through the ROM loader and
 * through the stub, and read back through the stub, behind USB adapters
 * with no latency, 1 ms (CP210x, CH340, an FTDI set to 1) and 16 ms (an
 * FTDI's default).  All rows run in this one section, so every ratio below
 * compares runs of the same moment. */
static void
section_adapters (void)
{
  static const guint bauds[] = { 460800, 921600 };
  static const guint latencies[] = { 0, 1000, 16000 };
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (Result));

  for (guint b = 0; b < G_N_ELEMENTS (bauds); b++)
    for (guint l = 0; l < G_N_ELEMENTS (latencies); l++)
      for (guint kind = 0; kind < 3; kind++)
        {
          Row row = { "esp8266", kind > 0, "firmware", 1 * MiB, bauds[b], latencies[l], kind == 2 };
          Result r = { 0 };

          if (!selected (&row))
            continue;
          r.row = row;
          g_array_append_val (results, r);
        }
  g_printerr ("adapters: %u rows, %u at a time\n", results->len, n_jobs);
  run_rows (results);

  printf ("| baud | adapter latency | ROM: connect + write s | ROM / its bound | stub: connect + "
          "write s | stub / wire bound | **stub speed-up, whole job** | write phase only |\n");
  printf ("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (guint b = 0; b < G_N_ELEMENTS (bauds); b++)
    for (guint l = 0; l < G_N_ELEMENTS (latencies); l++)
      {
        const Result *rom = find_result (results, FALSE, FALSE, bauds[b], latencies[l]);
        const Result *stub = find_result (results, TRUE, FALSE, bauds[b], latencies[l]);
        double rom_w, stub_w;

        if (rom == NULL || stub == NULL)
          {
            printf ("| %u | %s | failed | | | | | |\n", bauds[b], latency_name (latencies[l]));
            continue;
          }
        rom_w = secs (rom->t_connected, rom->t_written);
        stub_w = secs (stub->t_connected, stub->t_written);
        printf ("| %u | %s | %.2f + %.2f | %.3f | %.2f + %.2f | %.3f | **%.2f×** | %.2f× |\n",
                bauds[b], latency_name (latencies[l]), secs (rom->t_start, rom->t_connected), rom_w,
                rom->bound / rom_w, secs (stub->t_start, stub->t_connected), stub_w,
                stub->bound / stub_w, secs (rom->t_start, rom->t_written) /
                secs (stub->t_start, stub->t_written), rom_w / stub_w);
      }
  for (guint i = 0; i < results->len; i++)
    {
      const Result *r = &g_array_index (results, Result, i);
      if (r->row.stub && r->ok)
        {
          printf ("\nThe stub: %s.\n", loader_label (r));
          break;
        }
    }
  printf ("\n");

  printf ("| read 1 MiB through the stub | adapter latency | connect s | read s | on the wire | "
          "must cross | bound s | **ratio** |\n");
  printf ("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (guint b = 0; b < G_N_ELEMENTS (bauds); b++)
    for (guint l = 0; l < G_N_ELEMENTS (latencies); l++)
      {
        const Result *r = find_result (results, TRUE, TRUE, bauds[b], latencies[l]);
        double read_s;

        if (r == NULL)
          {
            printf ("| %u | %s | failed | | | | | |\n", bauds[b], latency_name (latencies[l]));
            continue;
          }
        read_s = secs (r->t_connected, r->t_written);
        printf ("| %u | %s | %.2f | %.2f | %" G_GUINT64_FORMAT " | %" G_GUINT64_FORMAT
                " | %.2f | **%.3f** |\n", bauds[b], latency_name (latencies[l]),
                secs (r->t_start, r->t_connected), read_s, wire_bytes (r), r->must_cross,
                r->bound, r->bound / read_s);
      }
  printf ("\n");
  for (guint i = 0; i < results->len; i++)
    result_clear (&g_array_index (results, Result, i));
}

/* ---- compression -------------------------------------------------------- */

typedef struct
{
  const char *name;
  gboolean    libdeflate;
  int         level;
} Method;

static GBytes *
compress_with (const Method *m,
               GBytes       *data)
{
  gsize len;
  const guint8 *in = g_bytes_get_data (data, &len);

#ifdef KILN_HAVE_LIBDEFLATE
  if (m->libdeflate)
    {
      struct libdeflate_compressor *c = libdeflate_alloc_compressor (m->level);
      gsize bound = libdeflate_zlib_compress_bound (c, len);
      guint8 *out = g_malloc (bound);
      gsize n = libdeflate_zlib_compress (c, in, len, out, bound);
      libdeflate_free_compressor (c);
      return g_bytes_new_take (out, n);
    }
#endif
  {
    uLongf n = compressBound (len);
    guint8 *out = g_malloc (n);
    if (compress2 (out, &n, in, len, m->level) != Z_OK)
      g_error ("zlib failed");
    return g_bytes_new_take (out, n);
  }
}

/* CPU seconds of the calling thread. */
static double
thread_cpu (void)
{
  struct rusage ru;
  getrusage (RUSAGE_THREAD, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void
section_compress (void)
{
  static const Method methods[] = {
    { "zlib -6", FALSE, 6 }, { "zlib -9", FALSE, 9 },
#ifdef KILN_HAVE_LIBDEFLATE
    { "libdeflate -6", TRUE, 6 }, { "libdeflate -9", TRUE, 9 }, { "libdeflate -10", TRUE, 10 },
    { "libdeflate -11", TRUE, 11 }, { "libdeflate -12", TRUE, 12 },
#endif
  };
  static const gsize sizes[] = { 256 * KiB, 1 * MiB, 4 * MiB };
  static const guint bauds[] = { 115200, 921600 };

  g_printerr ("compress\n");
  printf ("| firmware | method | compressed | of the image | CPU ms | bound @115200 s | "
          "bound @921600 s | +CPU if not overlapped @921600 s |\n");
  printf ("|---|---|---:|---:|---:|---:|---:|---:|\n");
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GBytes) image = kiln_bench_image ("firmware", sizes[s], (guint32) sizes[s]);

      for (guint k = 0; k < G_N_ELEMENTS (methods); k++)
        {
          g_autoptr(GBytes) stream = NULL;
          double best = G_MAXDOUBLE;
          double bound[G_N_ELEMENTS (bauds)];

          /* the least of three runs: the machine's noise only ever adds */
          for (guint run = 0; run < 3; run++)
            {
              double t0 = thread_cpu ();
              g_clear_pointer (&stream, g_bytes_unref);
              stream = compress_with (&methods[k], image);
              best = MIN (best, thread_cpu () - t0);
            }
          for (guint b = 0; b < G_N_ELEMENTS (bauds); b++)
            {
              Row row = { "esp32", TRUE, "firmware", sizes[s], bauds[b] };
              KilnBenchModel m;
              model_for (&row, &m);
              bound[b] = kiln_bench_wire_bound (&m, ADDRESS, image, stream, NULL);
            }
          printf ("| %s | %s | %zu | %.1f %% | %.0f | %.2f | %.2f | %.2f |\n", size_name (sizes[s]),
                  methods[k].name, g_bytes_get_size (stream),
                  100.0 * g_bytes_get_size (stream) / sizes[s], best * 1000, bound[0], bound[1],
                  bound[1] + best);
        }
    }
  printf ("\nKiln uses: %s.\n\n", kiln_deflate_backend ());
}

/* ---- reflash ------------------------------------------------------------ */

static void
run_reflash (gpointer data,
             gpointer user_data)
{
  Result *r = data;       /* r[0] full write, r[1] same again, r[2] one byte changed */
  g_autofree char *port = NULL;
  g_autofree char *name = row_name (&r->row);
  g_autoptr(GBytes) image = image_for (&r->row);
  g_autoptr(GBytes) before = kiln_bench_image ("random", 4 * MiB, 99);
  g_autoptr(GBytes) changed = NULL;
  RunFlags full = { FALSE, TRUE }, skip = { TRUE, TRUE };
  KilnSim *sim;
  guint8 *copy;

  sim = new_sim (r->row.chip, 0, &port);
  /* an old, different firmware on the board */
  if (!kiln_sim_set_flash (sim, 0, g_bytes_get_data (before, NULL), 4 * MiB, NULL))
    g_error ("set_flash");
  for (guint i = 0; i < 3; i++)
    {
      r[i].row = r->row;
      r[i].sim = kiln_sim_ref (sim);
    }
  run_job (&r[0], port, image, full);
  run_job (&r[1], port, image, skip);
  copy = g_memdup2 (g_bytes_get_data (image, NULL), g_bytes_get_size (image));
  copy[g_bytes_get_size (image) / 3] ^= 0x01;
  changed = g_bytes_new_take (copy, g_bytes_get_size (image));
  run_job (&r[2], port, changed, skip);
  kiln_sim_unref (sim);
  g_printerr ("  reflash %-32s %s\n", name, r[0].ok && r[1].ok && r[2].ok ? "ok" : "FAILED");
}

static void
section_reflash (void)
{
  static const Row rows[] = {
    { "esp32", TRUE, "firmware", 1 * MiB, 921600 },
    { "esp32", FALSE, "firmware", 1 * MiB, 921600 },
    { "esp8266", TRUE, "firmware", 1 * MiB, 921600 },
    { "esp32", TRUE, "firmware", 1 * MiB, 460800 },
    { "esp8266", TRUE, "firmware", 1 * MiB, 460800 },
  };
  g_autofree Result *results = g_new0 (Result, 3 * G_N_ELEMENTS (rows));
  g_autoptr(GError) error = NULL;
  GThreadPool *pool = g_thread_pool_new (run_reflash, NULL, (gint) n_jobs, TRUE, &error);

  g_printerr ("reflash\n");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      results[3 * i].row = rows[i];
      g_thread_pool_push (pool, &results[3 * i], NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  printf ("| chip | loader | image | baud | full write s (connect + write) | unchanged s | "
          "**unchanged / full** | write phase only | one byte changed s | bytes written |\n");
  printf ("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      Result *r = &results[3 * i];
      double full = secs (r[0].t_start, r[0].t_end);
      double same = secs (r[1].t_start, r[1].t_end);
      double one = secs (r[2].t_start, r[2].t_end);
      double wfull = secs (r[0].t_connected, r[0].t_written);
      double wsame = secs (r[1].t_connected, r[1].t_written);

      if (!(r[0].ok && r[0].exact && r[1].ok && r[1].exact && r[2].ok && r[2].exact))
        printf ("| %s | %s | %s | %u | failed: %s | | | | | |\n", rows[i].chip,
                rows[i].stub ? "stub" : "ROM", size_name (rows[i].size), rows[i].baud,
                r[0].error ? r[0].error : r[1].error ? r[1].error : r[2].error ? r[2].error
                                                                                : "flash differs");
      else
        printf ("| %s | %s | firmware %s | %u | %.2f (%.2f + %.2f) | %.2f | **%.3f** | %.3f | "
                "%.2f | %" G_GUINT64_FORMAT " |\n",
                rows[i].chip, rows[i].stub ? "stub" : "ROM", size_name (rows[i].size),
                rows[i].baud, full, secs (r[0].t_start, r[0].t_connected), wfull, same,
                same / full, wsame / wfull, one, r[2].bytes_written);
      for (guint k = 0; k < 3; k++)
        result_clear (&r[k]);
    }
  printf ("\n");
}

/* ---- the baud ladder ------------------------------------------------------ */

/* Connects (no flashing) at @baud, KILN_BAUD_AUTO included; returns the
 * seconds it took, or -1. */
static double
connect_only (const char *chip,
              const char *port,
              gboolean    stub,
              guint       baud)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  KilnJobCallbacks cb = { .log = on_log };
  gint64 t0;

  kiln_job_options_init (&opts);
  g_free (opts.connect.port);
  opts.connect.port = g_strdup (port);
  opts.connect.baud = baud;
  opts.connect.chip = g_str_equal (chip, "esp8266") ? KILN_CHIP_ESP8266 : KILN_CHIP_ESP32;
  opts.connect.after = KILN_AFTER_NO_RESET;
  opts.connect.no_stub = !stub;
  if (stub)
    opts.connect.stub_path = g_strdup (stub_for (chip));
  job = kiln_job_new_info (&opts);
  kiln_job_set_callbacks (job, &cb, NULL, NULL);
  t0 = g_get_monotonic_time ();
  if (!kiln_job_run (job, NULL, &error))
    {
      g_printerr ("  %s\n", error->message);
      return -1;
    }
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* -b auto on links that hold less than the top of the ladder: the first
 * connection walks down, the next one starts at the remembered rate. */
static void
section_ladder (void)
{
  static const struct { const char *chip; gboolean stub; guint limit; } rows[] = {
    { "esp32", TRUE, 460800 }, { "esp32", FALSE, 230400 }, { "esp8266", TRUE, 460800 },
    { "esp8266", FALSE, 460800 },
  };

  g_printerr ("ladder\n");
  printf ("| chip | loader | link holds | first `-b auto` s | rate found | next `-b auto` s | "
          "`-b` that rate s |\n|---|---|---:|---:|---:|---:|---:|\n");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *id = NULL;
      g_autofree char *spec = NULL;
      g_autofree char *port = NULL;
      g_autoptr(KilnSim) sim = NULL;
      g_autoptr(GError) error = NULL;
      double first, again, plain;
      guint found;

      g_mutex_lock (&id_lock);
      id = g_strdup_printf ("bench-%u", next_id++);
      g_mutex_unlock (&id_lock);
      spec = g_strdup_printf ("%s?flash=" FLASH "&pace=1&max-baud=%u&id=%s", rows[i].chip,
                              rows[i].limit, id);
      sim = kiln_sim_new_from_options (spec, &error);
      if (sim == NULL)
        g_error ("%s", error->message);
      port = g_strdup_printf ("sim:%s?id=%s", rows[i].chip, id);
      first = connect_only (rows[i].chip, port, rows[i].stub, KILN_BAUD_AUTO);
      found = kiln_sim_get_baud (sim);
      again = connect_only (rows[i].chip, port, rows[i].stub, KILN_BAUD_AUTO);
      plain = connect_only (rows[i].chip, port, rows[i].stub, rows[i].limit);
      printf ("| %s | %s | %u | %.2f | %u | %.2f | %.2f |\n", rows[i].chip,
              rows[i].stub ? "stub" : "ROM", rows[i].limit, first, found, again, plain);
      kiln_sim_forget (id);
    }
  printf ("\n");
}

/* ---- CPU --------------------------------------------------------------- */

static double
process_cpu (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* A virtual board in its own process, reached over socket://, so that this
 * process holds the host side alone. */
static GSubprocess *
spawn_sim_server (const char  *chip,
                  char       **port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *o1 = g_strdup_printf ("erase-ms=%g", ERASE_MS);
  g_autofree char *o2 = g_strdup_printf ("write-ms=%g", WRITE_MS);
  g_autofree char *o3 = g_strdup_printf ("md5-ms=%g", MD5_MS);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, KILN_BENCH_SIM, "--chip", chip,
                           "--flash-size", FLASH, "--listen", "127.0.0.1:0", "--once",
                           "--opt", "pace=1", "--opt", o1, "--opt", o2, "--opt", o3, NULL);
  if (proc == NULL)
    g_error ("%s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("kiln-sim did not start: %s", error ? error->message : line);
  *port = g_strdup_printf ("socket://%s", line + strlen ("listening on "));
  return g_steal_pointer (&proc);
}

static void
section_cpu (void)
{
  Row row = { "esp32", TRUE, "firmware", 1 * MiB, 921600 };
  g_autoptr(GBytes) image = image_for (&row);
  RunFlags flags = { FALSE, TRUE };

  g_printerr ("cpu\n");
  printf ("| run | wall s | CPU s | **CPU / wall (one core)** |\n");
  printf ("|---|---:|---:|---:|\n");
  for (guint external = 0; external < 2; external++)
    {
      Result r = { 0 };
      g_autofree char *port = NULL;
      g_autoptr(GSubprocess) server = NULL;
      double c0, c1;

      r.row = row;
      if (external)
        {
          /* Stats come from a stand-in board: the real one is in the other
           * process. */
          g_autofree char *unused = NULL;
          server = spawn_sim_server (row.chip, &port);
          r.sim = new_sim (row.chip, 0, &unused);
        }
      else
        r.sim = new_sim (row.chip, 0, &port);
      c0 = process_cpu ();
      run_job (&r, port, image, flags);
      c1 = process_cpu ();
      if (external)
        r.exact = r.ok;   /* the flash is in the other process */
      if (!r.ok)
        printf ("| %s | failed: %s | | |\n", external ? "host only" : "host and board", r.error);
      else
        printf ("| %s, ESP32 stub, firmware 1 MiB @921600 | %.2f | %.3f | **%.1f %%** |\n",
                external ? "kiln core alone (board in a kiln-sim process over socket://)"
                         : "kiln core and the virtual board in one process",
                secs (r.t_start, r.t_end), c1 - c0, 100 * (c1 - c0) / secs (r.t_start, r.t_end));
      if (server != NULL)
        g_subprocess_wait (server, NULL, NULL);
      result_clear (&r);
    }
  printf ("\n");
}

/* ---- peak RSS ------------------------------------------------------------ */

/* ---- many boards at once ------------------------------------------------ */

typedef struct
{
  Result  r;
  char   *port;
  GBytes *image;
} Board;

static gpointer
board_thread (gpointer data)
{
  Board *b = data;
  RunFlags flags = { FALSE, TRUE };
  run_job (&b->r, b->port, b->image, flags);
  return NULL;
}

/* Wall time for @n boards flashed together, each in its own thread as
 * kiln-cli and Factory Mode do; fills @ok with whether all came out exact. */
static double
run_boards (const Row *row,
            guint      n,
            gboolean  *ok)
{
  g_autoptr(GBytes) image = image_for (row);
  g_autofree Board *boards = g_new0 (Board, n);
  g_autofree GThread **threads = g_new0 (GThread *, n);
  gint64 start, end;

  *ok = TRUE;
  for (guint i = 0; i < n; i++)
    {
      boards[i].r.row = *row;
      boards[i].r.sim = new_sim (row->chip, 0, &boards[i].port);
      boards[i].image = image;
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    threads[i] = g_thread_new ("bench-board", board_thread, &boards[i]);
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);
  end = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      *ok = *ok && boards[i].r.ok && boards[i].r.exact;
      kiln_sim_unref (boards[i].r.sim);
      result_clear (&boards[i].r);
      g_free (boards[i].port);
    }
  return secs (start, end);
}

static void
section_boards (void)
{
  static const Row rows[] = {
    { "esp8266", FALSE, "firmware", 256 * KiB, 460800 },
    { "esp32", FALSE, "firmware", 256 * KiB, 460800 },
    { "esp32", TRUE, "firmware", 256 * KiB, 921600 },
  };

  g_printerr ("boards\n");
  printf ("| chip | loader | image | baud | 1 board s | 8 boards s | "
          "**aggregate throughput, 8 boards / 1 board** |\n");
  printf ("|---|---|---|---:|---:|---:|---:|\n");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gboolean ok1, ok8;
      double one = run_boards (&rows[i], 1, &ok1);
      double eight = run_boards (&rows[i], 8, &ok8);

      if (!ok1 || !ok8)
        printf ("| %s | %s | firmware %s | %u | failed | | |\n", rows[i].chip,
                rows[i].stub ? "stub" : "ROM", size_name (rows[i].size), rows[i].baud);
      else
        printf ("| %s | %s | firmware %s | %u | %.2f | %.2f | **%.2f×** |\n", rows[i].chip,
                rows[i].stub ? "stub" : "ROM", size_name (rows[i].size), rows[i].baud, one,
                eight, 8.0 * one / eight);
      g_printerr ("  boards %s %s %s\n", rows[i].chip, rows[i].stub ? "stub" : "ROM",
                  ok1 && ok8 ? "ok" : "FAILED");
    }
}

static void
section_rss (void)
{
  static const gsize sizes[] = { 1 * MiB, 4 * MiB };
  g_autofree char *stub = g_strdup (stub_for ("esp32"));

  g_printerr ("rss\n");
  printf ("| run | peak RSS MiB |\n|---|---:|\n");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) image = kiln_bench_image ("firmware", sizes[i], (guint32) sizes[i]);
      g_autofree char *file = g_build_filename (stub_dir, "rss.bin", NULL);
      g_autofree char *size = g_strdup_printf ("%zu", sizes[i]);
      struct rusage ru;
      int status = 0;
      pid_t pid;

      if (!g_file_set_contents (file, g_bytes_get_data (image, NULL), (gssize) sizes[i], NULL))
        g_error ("write");
      /* Unpaced: memory does not depend on the speed. */
      pid = fork ();
      if (pid == 0)
        {
          int null = open ("/dev/null", O_WRONLY);
          dup2 (null, 1);
          dup2 (null, 2);
          /* Kiln's own stub where it has one: no --stub then. */
          if (stub != NULL)
            execl (KILN_BENCH_CLI, "kiln-cli", "-p", "sim:esp32?flash=4MB", "-b", "921600",
                   "--stub", stub, "write-flash", "0x0", file, NULL);
          else
            execl (KILN_BENCH_CLI, "kiln-cli", "-p", "sim:esp32?flash=4MB", "-b", "921600",
                   "write-flash", "0x0", file, NULL);
          _exit (127);
        }
      if (wait4 (pid, &status, 0, &ru) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        printf ("| kiln-cli write-flash %s | failed |\n", size_name (sizes[i]));
      else
        printf ("| kiln-cli write-flash, firmware %s, stub (virtual board in the process) | "
                "%.1f |\n", size_name (sizes[i]), ru.ru_maxrss / 1024.0);
      g_unlink (file);
    }
  printf ("\n");
}

/* ---- the desktop app ----------------------------------------------------- */

#define GUI_RUNS 5
/* The app's memory over a bare GTK window's, the target. */
#define GUI_OVER_BARE_TARGET_MIB 25.0

typedef struct
{
  const char *label;
  const char *renderer;   /* GSK_RENDERER */
  gboolean    bare;
  /* results, medians over the runs */
  gboolean    ok;
  double      first_s, median_s, peak_mib, rss_mib, pss_mib;
} GuiRun;

static double
median (GArray *values)
{
  g_array_sort (values, (GCompareFunc) compare_double);
  return g_array_index (values, double, values->len / 2);
}

static void
gui_runs (GuiRun *run)
{
  const char *probe = KILN_BENCH_GUI_PROBE;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) peaks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pss = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < GUI_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autofree char *out = NULL;
      gint64 t0, painted = 0;
      long maxrss = 0, rss_kib = 0, pss_kib = 0;
      double v;

      g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", KILN_BENCH_SCHEMA_DIR, TRUE);
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
      g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
      g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", run->renderer, TRUE);
      t0 = g_get_monotonic_time ();
      proc = g_subprocess_launcher_spawn (launcher, &error, probe, run->bare ? "--bare" : NULL,
                                          NULL);
      if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error) ||
          sscanf (out, "first-frame %" G_GINT64_FORMAT " maxrss %ld rss %ld pss %ld",
                  &painted, &maxrss, &rss_kib, &pss_kib) != 4)
        {
          printf ("| %s | failed: %s | | | | | |\n", run->label,
                  error ? error->message : (out ? out : "?"));
          return;
        }
      v = (painted - t0) / 1e6;
      g_array_append_val (starts, v);
      if (i == 0)
        run->first_s = v;
      v = maxrss / 1024.0;
      g_array_append_val (peaks, v);
      v = rss_kib / 1024.0;
      g_array_append_val (rss, v);
      v = pss_kib / 1024.0;
      g_array_append_val (pss, v);
    }
  run->median_s = median (starts);
  run->peak_mib = median (peaks);
  run->rss_mib = median (rss);
  run->pss_mib = median (pss);
  run->ok = TRUE;
  printf ("| %s | %u | %.3f | %.3f | %.1f | %.1f | %.1f |\n", run->label, starts->len,
          run->first_s, run->median_s, run->peak_mib, run->rss_mib, run->pss_mib);
}

static void
section_gui (void)
{
  /* App and bare window alternate, so both see the same machine. */
  GuiRun runs[] = {
    { "kiln, GTK's default renderer (GL; llvmpipe under Xvfb)", "gl", FALSE },
    { "a bare GTK 4 window with one label, GL", "gl", TRUE },
    { "kiln, GSK_RENDERER=cairo", "cairo", FALSE },
    { "a bare GTK 4 window with one label, cairo", "cairo", TRUE },
  };
  const char *probe = KILN_BENCH_GUI_PROBE;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  g_printerr ("gui\n");
  printf ("| process start to first frame (X11) | runs | first run s | median s | peak RSS at first frame MiB | RSS 2 s later MiB | PSS 2 s later MiB |\n"
          "|---|---:|---:|---:|---:|---:|---:|\n");
  if (*probe == '\0' || !g_file_test (probe, G_FILE_TEST_IS_EXECUTABLE))
    {
      printf ("| kiln | — | not built (-Dgui=false) | | | | |\n\n");
      return;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("| kiln | — | no display: run under xvfb-run | | | | |\n\n");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    gui_runs (&runs[i]);
  printf ("\n");

  printf ("| renderer | kiln RSS MiB | bare window RSS MiB | **kiln over bare, RSS** | kiln over bare, PSS | "
          "kiln over bare, peak at first frame | target | met |\n"
          "|---|---:|---:|---:|---:|---:|---:|---|\n");
  for (guint i = 0; i + 1 < G_N_ELEMENTS (runs); i += 2)
    {
      const GuiRun *app = &runs[i];
      const GuiRun *bare = &runs[i + 1];
      double over;

      if (!app->ok || !bare->ok)
        continue;
      over = app->rss_mib - bare->rss_mib;
      printf ("| %s | %.1f | %.1f | **%+.1f MiB** | %+.1f MiB | %+.1f MiB | ≤ %.0f MiB | %s |\n",
              app->renderer, app->rss_mib, bare->rss_mib, over, app->pss_mib - bare->pss_mib,
              app->peak_mib - bare->peak_mib, GUI_OVER_BARE_TARGET_MIB,
              over <= GUI_OVER_BARE_TARGET_MIB ? "yes" : "**no**");
    }
  printf ("\nMeasured %s, %u fresh processes each, medians. PSS shares a library's pages among "
          "the processes that map it at that moment, so it moves with whatever else runs; RSS "
          "does not.\n\n", date, GUI_RUNS);
}

/* ---- main ------------------------------------------------------------ */

/* The stub stand-ins and scratch files: one level of plain files. */
static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  g_rmdir (path);
}

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
    { "stub", 0, 0, G_OPTION_ARG_FILENAME, &stub_path,
      "Flasher stub JSON (default: Kiln's own where it has one, else a stand-in)", "FILE" },
    { "stand-in", 0, 0, G_OPTION_ARG_NONE, &stand_in, "The stand-in stub on every chip", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, "Sections: table adapters compress reflash ladder cpu rss "
                                "boards gui (default: table)");
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
      else if (g_str_equal (argv[i], "compress"))
        section_compress ();
      else if (g_str_equal (argv[i], "adapters"))
        section_adapters ();
      else if (g_str_equal (argv[i], "reflash"))
        section_reflash ();
      else if (g_str_equal (argv[i], "ladder"))
        section_ladder ();
      else if (g_str_equal (argv[i], "cpu"))
        section_cpu ();
      else if (g_str_equal (argv[i], "rss"))
        section_rss ();
      else if (g_str_equal (argv[i], "boards"))
        section_boards ();
      else if (g_str_equal (argv[i], "gui"))
        section_gui ();
      else
        {
          g_printerr ("kiln-bench: unknown section “%s”\n", argv[i]);
          remove_dir (stub_dir);
          return 2;
        }
    }
  remove_dir (stub_dir);
  return 0;
}
