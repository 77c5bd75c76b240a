/* test-faults.c: the fault matrix.  Every fault on the line, for the
 * ESP8266 and the ESP32, through the ROM loader and through a flasher stub,
 * with the flashing job in-process against the virtual device.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each cell writes two regions (one ends inside a sector, one starts and
 * ends inside sectors, so both exercise read-modify-write) to a flash full
 * of random bytes, arms one fault at a precise moment of the job (through
 * the packet trace) and then checks the outcome the cell promises:
 *
 *   COMPLETES   the job succeeds (after retries or a resync) and the flash
 *               holds the data byte for byte;
 *   FAILS       the job fails with a message naming the region and the
 *               offset reached and a board state saying what to do, the
 *               port is free again, and a rerun completes.
 *
 * In every case the whole flash is compared: no byte outside the regions
 * may change, and a job never takes longer than a bound (no hangs).
 *
 * With KILN_FAULT_MATRIX=FILE set, each cell appends a Markdown table row
 * to FILE: that is how docs/reliability.md's table is made.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "kiln-core.h"
#include "kiln-sim.h"
#include "kiln-test-util.h"

#define FLASH_SIZE (1024 * 1024)
/* No job, whatever the fault, may take longer than this. */
#define JOB_BOUND_US (30 * G_USEC_PER_SEC)

typedef enum
{
  COMPLETES,
  FAILS,
} Outcome;

typedef enum
{
  ARM_BEFORE,        /* before the job starts */
  ARM_DATA,          /* as the second data packet of app.bin goes out */
  ARM_VERIFY,        /* as app.bin's MD5 request goes out */
} Arm;

typedef struct
{
  const char *name;      /* matrix row */
  const char *label;     /* what the fault is, for the table */
  gboolean    slow;      /* waits out a timeout: runs in test-faults-slow */
  Arm         arm;
  const char *fault;     /* kiln_sim_inject_faults() list, counts from the arm point */
  const char *options;   /* extra sim: options */
  guint       baud;      /* 0: 115200 */
  const char *evidence;  /* the job's log shows this, proving the path taken */
  /* the outcome, by [chip][stub] with chip 0 = ESP8266 */
  Outcome     outcome[2][2];
} FaultCase;

typedef struct
{
  const FaultCase *fault;
  const char      *chip;
  gboolean         stub;
} Cell;

typedef struct
{
  KilnSim    *sim;
  const Cell *cell;
  guint       app_index;
  gboolean    in_app;
  gboolean    app_written;
  guint       app_packets;
  gboolean    armed;
  GString    *log;
} Run;

static char *tmpdir;

/* Firmware-like bytes: compressible, with SLIP END and ESC sprinkled in so
 * that escapes cross the line in every mode. */
static GBytes *
firmware (gsize   size,
          guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *d = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    {
      guint32 r = g_rand_int (rand);
      d[i] = (r & 0x300) == 0 ? (guint8) r : (guint8) (r & 0x0F);
      if (i % 97 == 13)
        d[i] = (r & 1) ? 0xC0 : 0xDB;
    }
  return g_bytes_new_take (d, size);
}

/* A made-up RAM image in the usual stub JSON format: the virtual device
 * runs any uploaded code as its flasher stub. */
static char *
stub_file (const char *chip)
{
  g_autoptr(GBytes) text = kiln_test_random (3000, 17);
  g_autoptr(GBytes) data = kiln_test_random (100, 18);
  g_autofree char *t64 = g_base64_encode (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_autofree char *d64 = g_base64_encode (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  gboolean e8266 = g_str_equal (chip, "esp8266");
  guint32 text_start = e8266 ? 0x4010E000 : 0x40090000;
  guint32 data_start = e8266 ? 0x3FFE8000 : 0x3FFE0000;
  g_autofree char *json = g_strdup_printf ("{ \"entry\": %u, \"text_start\": %u, \"text\": \"%s\", "
                                           "\"data_start\": %u, \"data\": \"%s\" }",
                                           text_start + 4, text_start, t64, data_start, d64);
  g_autofree char *name = g_strdup_printf ("stub-%s.json", chip);
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

static void
arm (Run *run)
{
  g_autoptr(GError) error = NULL;

  if (run->armed || run->cell->fault->fault == NULL)
    return;
  run->armed = TRUE;
  g_test_message ("arming %s", run->cell->fault->fault);
  g_assert_true (kiln_sim_inject_faults (run->sim, run->cell->fault->fault, &error));
  g_assert_no_error (error);
}

static void
on_log (KilnLogLevel  level,
        const char   *message,
        gpointer      user_data)
{
  Run *run = user_data;

  if (level != KILN_LOG_TRACE)
    {
      g_string_append_printf (run->log, "%s\n", message);
      return;
    }
  switch (run->cell->fault->arm)
    {
    case ARM_DATA:
      if (run->in_app && (g_str_has_prefix (message, "→ FLASH_DATA ") ||
                          g_str_has_prefix (message, "→ FLASH_DEFL_DATA ")) &&
          ++run->app_packets == 2)
        arm (run);
      break;
    case ARM_VERIFY:
      if (run->app_written && g_str_has_prefix (message, "→ SPI_FLASH_MD5 "))
        arm (run);
      break;
    case ARM_BEFORE:
    default:
      break;
    }
}

static void
on_region (guint            index,
           KilnRegionState  state,
           const char      *detail,
           gpointer         user_data)
{
  Run *run = user_data;

  if (index != run->app_index)
    return;
  run->in_app = state == KILN_REGION_WRITING;
  if (state == KILN_REGION_WRITTEN)
    run->app_written = TRUE;
}

static const KilnJobCallbacks callbacks = { NULL, on_log, on_region, NULL };

typedef struct
{
  guint32     address;
  gsize       size;
  const char *name;
} Layout;

/* boot.bin ends inside a sector; app.bin starts and ends inside sectors. */
static const Layout layout[] = {
  { 0x1000, 0x3000 - 100, "boot.bin" },
  { 0x20100, 60000, "app.bin" },
};

static GPtrArray *
make_regions (GBytes **expected,
              GBytes  *before)
{
  GPtrArray *regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  GByteArray *exp = g_byte_array_new ();

  g_byte_array_append (exp, g_bytes_get_data (before, NULL), g_bytes_get_size (before));
  for (guint i = 0; i < G_N_ELEMENTS (layout); i++)
    {
      g_autoptr(GBytes) data = firmware (layout[i].size, 100 + i);
      memcpy (exp->data + layout[i].address, g_bytes_get_data (data, NULL), layout[i].size);
      g_ptr_array_add (regions, kiln_region_new (layout[i].address, data, layout[i].name));
    }
  *expected = g_byte_array_free_to_bytes (exp);
  return regions;
}

static KilnJob *
make_job (const Cell *cell,
          const char *port,
          GPtrArray  *regions,
          Run        *run)
{
  g_auto(KilnJobOptions) opts = { 0 };
  KilnJob *job;

  kiln_job_options_init (&opts);
  opts.connect.port = g_strdup (port);
  opts.connect.trace = TRUE;
  opts.connect.no_stub = !cell->stub;
  if (cell->fault->baud != 0)
    opts.connect.baud = cell->fault->baud;
  if (cell->stub)
    opts.connect.stub_path = stub_file (cell->chip);
  job = kiln_job_new_write (&opts, regions);
  kiln_job_set_callbacks (job, &callbacks, run, NULL);
  return job;
}

static gboolean
run_job (KilnJob  *job,
         GError  **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok = kiln_job_run (job, NULL, error);
  gint64 took = g_get_monotonic_time () - start;

  g_test_message ("job %s in %.2f s", ok ? "succeeded" : "failed", took / 1e6);
  g_assert_cmpint (took, <, JOB_BOUND_US);
  return ok;
}

static void
assert_flash (KilnSim *sim,
              GBytes  *expected)
{
  g_autoptr(GBytes) now = kiln_sim_copy_flash (sim);
  const guint8 *a = g_bytes_get_data (now, NULL);
  const guint8 *b = g_bytes_get_data (expected, NULL);

  g_assert_cmpuint (g_bytes_get_size (now), ==, g_bytes_get_size (expected));
  for (gsize i = 0; i < g_bytes_get_size (now); i++)
    if (a[i] != b[i])
      g_error ("flash byte 0x%" G_GSIZE_MODIFIER "x is 0x%02x, expected 0x%02x", i, a[i], b[i]);
}

static void
record (const Cell *cell,
        const char *outcome)
{
  const char *path = g_getenv ("KILN_FAULT_MATRIX");
  g_autofree char *line = NULL;
  FILE *f;

  if (path == NULL)
    return;
  line = g_strdup_printf ("| %s | %s | %s | %s | `/kiln/faults/%s/%s/%s` |\n", cell->fault->label,
                          g_str_equal (cell->chip, "esp8266") ? "ESP8266" : "ESP32",
                          cell->stub ? "stub" : "ROM", outcome, cell->chip,
                          cell->stub ? "stub" : "rom", cell->fault->name);
  f = fopen (path, "a");
  g_assert_nonnull (f);
  fputs (line, f);
  fclose (f);
}

static void
test_cell (gconstpointer data)
{
  const Cell *cell = data;
  Outcome want = cell->fault->outcome[g_str_equal (cell->chip, "esp32")][cell->stub];
  g_autofree char *id = g_strdup_printf ("faults-%s-%s-%s", cell->chip, cell->stub ? "stub" : "rom",
                                         cell->fault->name);
  g_autofree char *port = g_strdup_printf ("sim:%s?id=%s&flash=1MB%s%s", cell->chip, id,
                                           cell->fault->options ? "&" : "",
                                           cell->fault->options ? cell->fault->options : "");
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = kiln_sim_new_from_options (port, &error);
  g_autoptr(GBytes) before = kiln_test_random (FLASH_SIZE, 7);
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GPtrArray) regions = make_regions (&expected, before);
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  Run run = { sim, cell, 1, .log = log };
  gboolean ok;
  KilnSimStats stats;

  g_assert_no_error (error);
  g_assert_true (kiln_sim_set_flash (sim, 0, g_bytes_get_data (before, NULL), FLASH_SIZE, &error));
  if (cell->fault->arm == ARM_BEFORE)
    arm (&run);

  job = make_job (cell, port, regions, &run);
  ok = run_job (job, &error);
  kiln_sim_get_stats (sim, &stats);
  g_test_message ("faults fired: %u; log:\n%s", stats.faults_fired, log->str);
  if (cell->fault->fault != NULL)
    {
      g_assert_true (run.armed);
      g_assert_cmpuint (stats.faults_fired, >=, 1);
    }
  if (cell->fault->evidence != NULL)
    g_assert_nonnull (strstr (log->str, cell->fault->evidence));

  if (want == COMPLETES)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      assert_flash (sim, expected);
      record (cell, "completes, byte-exact");
    }
  else
    {
      g_autoptr(KilnJob) again = NULL;
      g_autoptr(KilnTransport) t = NULL;
      Run rerun = { sim, cell, 1, .armed = TRUE, .log = log };
      const char *state;

      g_assert_false (ok);
      g_assert_nonnull (error);
      g_test_message ("error: %s", error->message);
      /* It names the region and how far the write got … */
      g_assert_nonnull (strstr (error->message, "app.bin"));
      g_assert_nonnull (strstr (error->message, "0x"));
      /* … and the board state says what to do. */
      state = kiln_job_get_board_state (job);
      g_assert_nonnull (state);
      g_test_message ("board state: %s", state);
      g_assert_nonnull (strstr (state, "again"));
      /* The port is free. */
      g_clear_error (&error);
      t = kiln_sim_open_transport (sim, 115200, &error);
      g_assert_no_error (error);
      g_clear_pointer (&t, kiln_transport_free);

      again = make_job (cell, port, regions, &rerun);
      g_assert_true (run_job (again, &error));
      g_assert_no_error (error);
      assert_flash (sim, expected);
      record (cell, "fails cleanly; rerun completes");
    }
  kiln_sim_forget (id);
}

/* Unaligned writes keep the rest of every sector they touch: read first
 * and written back, whatever the loader erases (the ESP8266 ROM's extra
 * sector included).  No fault here: the whole flash is compared. */
static void
test_unaligned (gconstpointer data)
{
  const Cell *cell = data;
  static const Layout odd[] = {
    { 0x5123, 100, "inside-one-sector.bin" },
    { 0x8FFE, 4, "across-a-boundary.bin" },
    { 0x10800, 0x1000, "two-half-sectors.bin" },
    { 0x30000, 0x3001, "odd-sector-count.bin" },
    { 0x41000, 0x3000, "aligned-odd-count.bin" },
    { FLASH_SIZE - 10, 10, "flash-end.bin" },
  };
  g_autofree char *id = g_strdup_printf ("unaligned-%s-%s", cell->chip, cell->stub ? "stub" : "rom");
  g_autofree char *port = g_strdup_printf ("sim:%s?id=%s&flash=1MB", cell->chip, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = kiln_sim_new_from_options (port, &error);
  g_autoptr(GBytes) before = kiln_test_random (FLASH_SIZE, 8);
  g_autoptr(GByteArray) exp = g_byte_array_new ();
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  FaultCase none = { "unaligned", NULL, .arm = ARM_BEFORE };
  Cell plain = { &none, cell->chip, cell->stub };
  Run run = { sim, &plain, G_MAXUINT, .log = log };

  g_assert_no_error (error);
  g_assert_true (kiln_sim_set_flash (sim, 0, g_bytes_get_data (before, NULL), FLASH_SIZE, &error));
  g_byte_array_append (exp, g_bytes_get_data (before, NULL), FLASH_SIZE);
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_autoptr(GBytes) d = firmware (odd[i].size, 200 + i);
      memcpy (exp->data + odd[i].address, g_bytes_get_data (d, NULL), odd[i].size);
      g_ptr_array_add (regions, kiln_region_new (odd[i].address, d, odd[i].name));
    }
  expected = g_byte_array_free_to_bytes (g_steal_pointer (&exp));
  job = make_job (&plain, port, regions, &run);
  g_assert_true (run_job (job, &error));
  g_assert_no_error (error);
  assert_flash (sim, expected);
  kiln_sim_forget (id);
}

/* The ESP8266 ROM cannot erase the last sector alone: it takes the next
 * one too, and past the end of the flash the address wraps to sector 0,
 * the boot loader.  Erasing or writing there must leave sector 0 alone. */
static void
test_flash_end (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = kiln_sim_new_from_options ("sim:esp8266?id=flash-end&flash=1MB", &error);
  g_autoptr(GBytes) before = kiln_test_random (FLASH_SIZE, 9);
  g_autoptr(GByteArray) exp = g_byte_array_new ();
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(KilnJob) job = NULL;
  g_auto(KilnJobOptions) opts = { 0 };

  g_assert_no_error (error);
  g_assert_true (kiln_sim_set_flash (sim, 0, g_bytes_get_data (before, NULL), FLASH_SIZE, &error));
  kiln_job_options_init (&opts);
  opts.connect.port = g_strdup ("sim:esp8266?id=flash-end");
  opts.connect.no_stub = TRUE;
  job = kiln_job_new_erase (&opts, FLASH_SIZE - 0x1000, 0x1000);
  g_assert_true (kiln_job_run (job, NULL, &error));
  g_assert_no_error (error);

  g_byte_array_append (exp, g_bytes_get_data (before, NULL), FLASH_SIZE);
  memset (exp->data + FLASH_SIZE - 0x1000, 0xFF, 0x1000);
  expected = g_byte_array_free_to_bytes (g_steal_pointer (&exp));
  assert_flash (sim, expected);
  kiln_sim_forget ("flash-end");
}

/* ---- reading ------------------------------------------------------------ */

typedef struct
{
  KilnSim    *sim;
  const char *fault;
  gboolean    armed;
} ReadRun;

static void
on_read_log (KilnLogLevel  level,
             const char   *message,
             gpointer      user_data)
{
  ReadRun *run = user_data;
  g_autoptr(GError) error = NULL;

  /* As the read begins (the job says so just before its first command):
   * the fault hits the read itself, not the connection. */
  if (run->armed || run->fault == NULL || !g_str_has_prefix (message, "Reading "))
    return;
  run->armed = TRUE;
  g_assert_true (kiln_sim_inject_faults (run->sim, run->fault, &error));
  g_assert_no_error (error);
}

static const KilnJobCallbacks read_callbacks = { NULL, on_read_log, NULL, NULL };

typedef struct
{
  const char *name;
  const char *label;
  const char *fault;
  Outcome     outcome;
} ReadFault;

/* Counts from the moment the read begins (see on_read_log). */
static const ReadFault read_faults[] = {
  { "read-corrupt-data", "reading: one corrupted byte in the data coming back",
    "corrupt-reply:300", COMPLETES },
  { "read-corrupt-frame", "reading: one corrupted byte in a frame header", "corrupt-reply:2",
    COMPLETES },
  { "read-drop", "reading: a byte lost on its way to the board (a request or acknowledgement)",
    "drop:3", COMPLETES },
  { "read-reset", "reading: the device resets mid-read", "reset:20", COMPLETES },
  { "read-disconnect", "reading: a disconnect mid-read", "disconnect:20", FAILS },
};

typedef struct
{
  const ReadFault *fault;
  const char      *chip;
  gboolean         stub;
} ReadCell;

#define READ_AT   0x30000
#define READ_SIZE (96 * 1024)

static gboolean
read_once (const ReadCell *cell,
           const char     *port,
           KilnSim        *sim,
           const char     *fault,
           const char     *out,
           GError        **error)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  ReadRun run = { sim, fault, FALSE };
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  kiln_job_options_init (&opts);
  opts.connect.port = g_strdup (port);
  opts.connect.no_stub = !cell->stub;
  if (cell->stub)
    opts.connect.stub_path = stub_file (cell->chip);
  job = kiln_job_new_read (&opts, READ_AT, READ_SIZE, out);
  kiln_job_set_callbacks (job, &read_callbacks, &run, NULL);
  ok = kiln_job_run (job, NULL, error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, JOB_BOUND_US);
  if (fault != NULL)
    g_assert_true (run.armed);
  return ok;
}

static void
test_read_cell (gconstpointer data)
{
  const ReadCell *cell = data;
  g_autofree char *id = g_strdup_printf ("read-%s-%s-%s", cell->chip, cell->stub ? "stub" : "rom",
                                         cell->fault->name);
  g_autofree char *port = g_strdup_printf ("sim:%s?id=%s&flash=1MB", cell->chip, id);
  g_autofree char *out = g_build_filename (tmpdir, "read.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = kiln_sim_new_from_options (port, &error);
  g_autoptr(GBytes) before = firmware (FLASH_SIZE, 11);
  g_autoptr(GBytes) want = g_bytes_new_from_bytes (before, READ_AT, READ_SIZE);
  g_autoptr(GBytes) got = NULL;
  KilnSimStats stats;
  gboolean ok;
  FaultCase label = { cell->fault->name, cell->fault->label };
  Cell rec = { &label, cell->chip, cell->stub };

  g_assert_no_error (error);
  g_assert_true (kiln_sim_set_flash (sim, 0, g_bytes_get_data (before, NULL), FLASH_SIZE, &error));
  g_unlink (out);
  ok = read_once (cell, port, sim, cell->fault->fault, out, &error);
  kiln_sim_get_stats (sim, &stats);
  g_assert_cmpuint (stats.faults_fired, >=, 1);
  if (cell->fault->outcome == COMPLETES)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      got = kiln_test_read_file (out);
      g_assert_true (g_bytes_equal (got, want));
      record (&rec, "read completes, byte-exact");
    }
  else
    {
      g_assert_false (ok);
      g_test_message ("error: %s", error->message);
      g_assert_true (g_error_matches (error, KILN_ERROR, KILN_ERROR_PORT_GONE));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
      g_assert_true (read_once (cell, port, sim, NULL, out, &error));
      g_assert_no_error (error);
      got = kiln_test_read_file (out);
      g_assert_true (g_bytes_equal (got, want));
      record (&rec, "fails cleanly, no file written; rerun completes");
    }
  /* Reading changes nothing. */
  assert_flash (sim, before);
  kiln_sim_forget (id);
}

#define BOTH(o) { { o, o }, { o, o } }

static const FaultCase cases[] = {
  { "corrupt-data", "one corrupted byte in a data block", FALSE, ARM_DATA, "corrupt:100", NULL, 0,
    NULL, BOTH (COMPLETES) },
  { "corrupt-reply", "one corrupted byte in a response (its status)", FALSE, ARM_DATA,
    "corrupt-reply:10", NULL, 0, NULL, BOTH (COMPLETES) },
  { "corrupt-reply-op", "one corrupted byte in a response (its opcode)", TRUE, ARM_DATA,
    "corrupt-reply:3", NULL, 0, NULL, BOTH (COMPLETES) },
  { "corrupt-esc", "one corrupted byte in a SLIP escape", FALSE, ARM_DATA, "corrupt-esc:1", NULL,
    0, NULL, BOTH (COMPLETES) },
  { "drop", "a dropped byte", FALSE, ARM_DATA, "drop:100", NULL, 0, NULL, BOTH (COMPLETES) },
  { "dup", "a duplicated frame", FALSE, ARM_DATA, "dup:1", NULL, 0, NULL, BOTH (COMPLETES) },
  { "stall", "a stall longer than the timeout (4 s against 3 s)", TRUE, ARM_DATA, "stall:40:4000",
    NULL, 0, NULL, BOTH (COMPLETES) },
  { "noise", "a burst of noise before sync (2000 bytes)", FALSE, ARM_BEFORE, "noise:2000", NULL, 0,
    NULL, BOTH (COMPLETES) },
  { "reset", "the device resets mid-write", FALSE, ARM_DATA, "reset:40", NULL, 0, "reconnecting",
    BOTH (COMPLETES) },
  { "reset-460800", "the device resets mid-write at 460800 baud", FALSE, ARM_DATA, "reset:40", NULL,
    460800, "reconnecting", BOTH (COMPLETES) },
  { "disconnect-write", "a disconnect mid-write", FALSE, ARM_DATA, "disconnect:40", NULL, 0, NULL,
    BOTH (FAILS) },
  { "disconnect-verify", "a disconnect mid-verify", FALSE, ARM_VERIFY, "disconnect:10", NULL, 0,
    NULL, BOTH (FAILS) },
  { "corrupt-md5", "one corrupted byte in the MD5 reply", FALSE, ARM_VERIFY, "corrupt-reply:20",
    NULL, 0, NULL, BOTH (COMPLETES) },
  { "reset-verify", "the device resets mid-verify", FALSE, ARM_VERIFY, "reset:10", NULL, 0,
    "reconnecting", BOTH (COMPLETES) },
  { "slow-erase", "a slow device (erase 3× the usual 30 ms a sector)", FALSE, ARM_BEFORE, NULL,
    "erase-ms=90", 0, NULL, BOTH (COMPLETES) },
};

#ifdef KILN_FAULTS_SLOW
# define WANT_SLOW TRUE
#else
# define WANT_SLOW FALSE
#endif

int
main (int   argc,
      char *argv[])
{
  static const char *const chips[] = { "esp8266", "esp32" };
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
  kiln_sim_register ();
  tmpdir = kiln_test_tmpdir ();

  if (!WANT_SLOW)
    g_test_add_func ("/kiln/faults/esp8266/rom/erase-flash-end", test_flash_end);
  for (guint c = 0; c < G_N_ELEMENTS (chips) && !WANT_SLOW; c++)
    for (guint stub = 0; stub < 2; stub++)
      {
        Cell *cell = g_new0 (Cell, 1);
        g_autofree char *path = g_strdup_printf ("/kiln/faults/%s/%s/unaligned", chips[c],
                                                 stub ? "stub" : "rom");
        cell->chip = chips[c];
        cell->stub = stub;
        g_test_add_data_func_full (path, cell, test_unaligned, g_free);
      }
  for (guint c = 0; c < G_N_ELEMENTS (chips); c++)
    for (guint stub = 0; stub < 2; stub++)
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          Cell *cell;
          g_autofree char *path = NULL;

          /* The ESP8266 ROM cannot hash the flash: there is no verify to disturb. */
          if ((cases[i].arm == ARM_VERIFY && !stub && c == 0) || cases[i].slow != WANT_SLOW)
            continue;
          cell = g_new0 (Cell, 1);
          cell->fault = &cases[i];
          cell->chip = chips[c];
          cell->stub = stub;
          path = g_strdup_printf ("/kiln/faults/%s/%s/%s", chips[c], stub ? "stub" : "rom",
                                  cases[i].name);
          g_test_add_data_func_full (path, cell, test_cell, g_free);
        }
  for (guint c = 0; c < G_N_ELEMENTS (chips) && !WANT_SLOW; c++)
    for (guint stub = 0; stub < 2; stub++)
      for (guint i = 0; i < G_N_ELEMENTS (read_faults); i++)
        {
          ReadCell *cell = g_new0 (ReadCell, 1);
          g_autofree char *path = g_strdup_printf ("/kiln/faults/%s/%s/%s", chips[c],
                                                   stub ? "stub" : "rom", read_faults[i].name);
          cell->fault = &read_faults[i];
          cell->chip = chips[c];
          cell->stub = stub;
          g_test_add_data_func_full (path, cell, test_read_cell, g_free);
        }
  status = g_test_run ();
  kiln_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
