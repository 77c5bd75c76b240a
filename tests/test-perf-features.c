/* test-perf-features.c: what makes flashing fast, checked for correctness
 * (timings live in bench/): skip-unchanged, compression, the baud ladder.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiln-core.h"
#include "kiln-sim.h"
#include "kiln-test-util.h"

#define MiB (1024u * 1024u)

static char *tmpdir;

/* A made-up RAM image in the stub JSON format: the virtual device runs any
 * uploaded code as its flasher stub. */
static char *
stub_json (const char *chip)
{
  g_autoptr(GBytes) text = kiln_test_random (2048, 31);
  g_autofree char *t64 = g_base64_encode (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  guint32 start = g_str_equal (chip, "esp8266") ? 0x4010E000 : 0x40090000;
  g_autofree char *json = g_strdup_printf ("{ \"entry\": %u, \"text_start\": %u, \"text\": \"%s\" }",
                                           start + 4, start, t64);
  g_autofree char *name = g_strdup_printf ("stub-%s.json", chip);
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

/* Compressible like firmware: runs, counters, 0xFF stretches. */
static GBytes *
firmware_like (gsize   size,
               guint32 seed)
{
  g_autoptr(GBytes) noise = kiln_test_random (size, seed);
  const guint8 *r = g_bytes_get_data (noise, NULL);
  guint8 *p = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    p[i] = (i / 4096) % 5 == 4 ? 0xFF : (i % 7 == 0 ? r[i] : (guint8) (i >> 5));
  return g_bytes_new_take (p, size);
}

typedef struct
{
  guint   skipped;
  guint   written;
  GString *log;
} Seen;

static void
on_region (guint            index,
           KilnRegionState  state,
           const char      *detail,
           gpointer         user_data)
{
  Seen *seen = user_data;
  if (state == KILN_REGION_SKIPPED)
    seen->skipped++;
  else if (state == KILN_REGION_WRITTEN)
    seen->written++;
}

static void
on_log (KilnLogLevel  level,
        const char   *message,
        gpointer      user_data)
{
  Seen *seen = user_data;
  g_string_append_printf (seen->log, "%s\n", message);
}

static KilnSim *
new_board (const char  *chip,
           const char  *id,
           char       **port)
{
  g_autofree char *spec = g_strdup_printf ("%s?flash=4MB&id=%s", chip, id);
  g_autoptr(GError) error = NULL;
  KilnSim *sim = kiln_sim_new_from_options (spec, &error);

  g_assert_no_error (error);
  *port = g_strdup_printf ("sim:%s?id=%s", chip, id);
  return sim;
}

/* Writes @data at @address and returns the job for its summary. */
static KilnJob *
flash (const char *port,
       const char *chip,
       gboolean    stub,
       gboolean    skip_unchanged,
       guint32     address,
       GBytes     *data,
       Seen       *seen)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  KilnJobCallbacks cb = { .region_state = on_region, .log = on_log };
  g_autoptr(GError) error = NULL;
  KilnJob *job;

  kiln_job_options_init (&opts);
  opts.connect.port = g_strdup (port);
  opts.connect.after = KILN_AFTER_NO_RESET;
  opts.connect.no_stub = !stub;
  if (stub)
    opts.connect.stub_path = stub_json (chip);
  opts.skip_unchanged = skip_unchanged;
  g_ptr_array_add (regions, kiln_region_new (address, data, "app.bin"));
  job = kiln_job_new_write (&opts, regions);
  memset (seen, 0, sizeof *seen);
  seen->log = g_string_new (NULL);
  kiln_job_set_callbacks (job, &cb, seen, NULL);
  if (!kiln_job_run (job, NULL, &error))
    g_printerr ("%s", seen->log->str);
  g_assert_no_error (error);
  return job;
}

typedef struct
{
  const char *chip;
  gboolean    stub;
  guint32     address;
  gsize       size;
  gsize       changed_at;   /* offset of the byte that changes */
  guint32     expect;       /* bytes written the second time */
} SkipCase;

/* One byte changes in a region already on the flash: only the 64 KiB chunk
 * holding it is written, everything else is skipped, the flash ends up
 * exactly as asked, and a third run finds nothing to do. */
static void
test_skip_one_byte (gconstpointer user_data)
{
  const SkipCase *c = user_data;
  g_autofree char *id = g_strdup_printf ("skip-%s-%d-%x", c->chip, c->stub, c->address);
  g_autofree char *port = NULL;
  g_autoptr(KilnSim) sim = new_board (c->chip, id, &port);
  g_autoptr(GBytes) before = kiln_test_random (4 * MiB, 40);
  g_autoptr(GBytes) image = firmware_like (c->size, 41);
  g_autoptr(GBytes) changed = NULL;
  g_autoptr(GBytes) flash_now = NULL;
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  KilnSimStats s0, s1;
  Seen seen;
  guint8 *copy;

  g_assert_true (kiln_sim_set_flash (sim, 0, g_bytes_get_data (before, NULL), 4 * MiB, &error));
  job = flash (port, c->chip, c->stub, TRUE, c->address, image, &seen);
  g_assert_cmpuint (kiln_job_get_summary (job)->bytes_written, ==, c->size);
  g_string_free (seen.log, TRUE);
  g_clear_object (&job);

  copy = g_memdup2 (g_bytes_get_data (image, NULL), c->size);
  copy[c->changed_at] ^= 0x5A;
  changed = g_bytes_new_take (copy, c->size);

  kiln_sim_get_stats (sim, &s0);
  job = flash (port, c->chip, c->stub, TRUE, c->address, changed, &seen);
  kiln_sim_get_stats (sim, &s1);
  g_assert_cmpuint (kiln_job_get_summary (job)->bytes_written, ==, c->expect);
  g_assert_cmpuint (kiln_job_get_summary (job)->regions_written, ==, 1);
  g_assert_cmpuint (seen.written, ==, 1);
  g_assert_cmpuint (seen.skipped, ==, 0);
  g_assert_nonnull (strstr (seen.log->str, "only those are written"));
  /* The device programmed (and erased) about one chunk, not the region;
   * a ROM programs up to a 32 KiB window more, past a compressed stream,
   * which the uncompressed end of the chunk then writes again. */
  g_assert_cmpuint (s1.bytes_programmed - s0.bytes_programmed, <=,
                    c->expect + 0x1000 + (c->stub ? 0 : 0x8000));
  g_assert_cmpuint (s1.sectors_erased - s0.sectors_erased, <=, c->expect / 0x1000 + 1);
  flash_now = kiln_sim_copy_flash (sim);
  kiln_test_assert_flash (flash_now, before, c->address, changed);
  g_string_free (seen.log, TRUE);
  g_clear_object (&job);

  /* Unchanged now: the region is skipped without writing a byte. */
  kiln_sim_get_stats (sim, &s0);
  job = flash (port, c->chip, c->stub, TRUE, c->address, changed, &seen);
  kiln_sim_get_stats (sim, &s1);
  g_assert_cmpuint (kiln_job_get_summary (job)->bytes_written, ==, 0);
  g_assert_cmpuint (kiln_job_get_summary (job)->regions_skipped, ==, 1);
  g_assert_cmpuint (seen.skipped, ==, 1);
  g_assert_cmpuint (s1.bytes_programmed, ==, s0.bytes_programmed);
  g_assert_cmpuint (s1.sectors_erased, ==, s0.sectors_erased);
  g_clear_pointer (&flash_now, g_bytes_unref);
  flash_now = kiln_sim_copy_flash (sim);
  kiln_test_assert_flash (flash_now, before, c->address, changed);
  g_string_free (seen.log, TRUE);
  kiln_sim_forget (id);
}

static const SkipCase skip_cases[] = {
  /* 1 MiB at 0x10000, the byte in the third chunk */
  { "esp32", TRUE, 0x10000, MiB, 0x2A345, 0x10000 },
  { "esp32", FALSE, 0x10000, MiB, 0x2A345, 0x10000 },
  { "esp8266", TRUE, 0x10000, MiB, 0x2A345, 0x10000 },
  /* Starting and ending inside sectors: the first chunk is only as long as
   * the way to the next 64 KiB boundary, and the bytes around the region
   * stay as they were. */
  { "esp32", TRUE, 0x10100, 200000, 10, 0x10000 - 0x100 },
  { "esp32", TRUE, 0x10100, 200000, 199990, 200000 - (0x30000 - 0x100) },
};

/* kiln_deflate_compress → the device inflates → the flash holds exactly
 * the data, over the stub's and the ESP32 ROM's FLASH_DEFL_* commands. */
static void
test_deflate_roundtrip (gconstpointer user_data)
{
  gboolean stub = GPOINTER_TO_INT (user_data);
  g_autofree char *id = g_strdup_printf ("defl-%d", stub);
  g_autofree char *port = NULL;
  g_autoptr(KilnSim) sim = new_board ("esp32", id, &port);
  g_autoptr(GBytes) before = kiln_test_random (4 * MiB, 50);
  g_autoptr(GBytes) image = firmware_like (300000, 51);
  g_autoptr(GBytes) stream = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) flash_now = NULL;
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  KilnSimStats s0, s1;
  Seen seen;

  /* The stream itself: zlib format, smaller, and inflates to the input. */
  stream = kiln_deflate_compress (image, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (stream), <, g_bytes_get_size (image) / 2);
  g_assert_cmphex (((const guint8 *) g_bytes_get_data (stream, NULL))[0] & 0x0F, ==, 8);
  back = kiln_deflate_uncompress (stream, g_bytes_get_size (image), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, image));

  g_assert_true (kiln_sim_set_flash (sim, 0, g_bytes_get_data (before, NULL), 4 * MiB, &error));
  kiln_sim_get_stats (sim, &s0);
  job = flash (port, "esp32", stub, FALSE, 0x20000, image, &seen);
  kiln_sim_get_stats (sim, &s1);
  /* It went compressed, and the device's own MD5 agreed afterwards. */
  g_assert_cmpuint (s1.op_count[KILN_OP_FLASH_DEFL_DATA] - s0.op_count[KILN_OP_FLASH_DEFL_DATA], >,
                    0);
  /* A ROM writes past the end of a compressed stream, to the end of the
   * 32 KiB window it ends in: of the 296 KiB written (74 sectors), 284 KiB
   * went compressed (one sector short of the ninth window's end) and the
   * last 12 KiB in 1 KiB blocks, which rewrite what it wrote past.  A stub
   * takes it all compressed. */
  g_assert_cmpuint (s1.op_count[KILN_OP_FLASH_DATA] - s0.op_count[KILN_OP_FLASH_DATA], ==,
                    stub ? 0 : 12);
  g_assert_cmpuint (s1.bytes_received - s0.bytes_received, <, g_bytes_get_size (image) / 2);
  g_assert_true (kiln_job_get_summary (job)->verified);
  flash_now = kiln_sim_copy_flash (sim);
  kiln_test_assert_flash (flash_now, before, 0x20000, image);
  g_string_free (seen.log, TRUE);
  kiln_sim_forget (id);
}

/* Data that does not shrink goes to a ROM in one uncompressed session:
 * two would erase the 64 KiB block they share sector by sector. */
static void
test_rom_random_one_session (void)
{
  g_autofree char *port = NULL;
  g_autoptr(KilnSim) sim = new_board ("esp32", "defl-random", &port);
  g_autoptr(GBytes) before = kiln_test_random (4 * MiB, 52);
  g_autoptr(GBytes) image = kiln_test_random (300000, 53);
  g_autoptr(GBytes) flash_now = NULL;
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  KilnSimStats s0, s1;
  Seen seen;

  g_assert_true (kiln_sim_set_flash (sim, 0, g_bytes_get_data (before, NULL), 4 * MiB, &error));
  kiln_sim_get_stats (sim, &s0);
  job = flash (port, "esp32", FALSE, FALSE, 0x20000, image, &seen);
  kiln_sim_get_stats (sim, &s1);
  /* 300000 bytes end inside a sector: the whole sectors in one session,
   * the last sector (with the bytes after the region) in its own. */
  g_assert_cmpuint (s1.op_count[KILN_OP_FLASH_BEGIN] - s0.op_count[KILN_OP_FLASH_BEGIN], ==, 2);
  g_assert_cmpuint (s1.op_count[KILN_OP_FLASH_DEFL_BEGIN] - s0.op_count[KILN_OP_FLASH_DEFL_BEGIN],
                    ==, 0);
  flash_now = kiln_sim_copy_flash (sim);
  kiln_test_assert_flash (flash_now, before, 0x20000, image);
  g_string_free (seen.log, TRUE);
  kiln_sim_forget ("defl-random");
}

/* The deflater hands out the stream it compressed ahead, once, and
 * compresses on the spot what was never queued or changed meanwhile. */
static void
test_deflater (void)
{
  g_autoptr(KilnDeflater) deflater = kiln_deflater_new ();
  g_autoptr(GBytes) a = firmware_like (700000, 60);
  g_autoptr(GBytes) b = firmware_like (500000, 61);
  g_autoptr(GBytes) b_copy = g_bytes_new (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  g_autoptr(GBytes) c = firmware_like (100000, 62);
  g_autoptr(GBytes) sa = NULL;
  g_autoptr(GBytes) sb = NULL;
  g_autoptr(GBytes) sc = NULL;
  g_autoptr(GBytes) direct = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;

  kiln_deflater_queue (deflater, a);
  kiln_deflater_queue (deflater, b);
  /* Matched by content, not by pointer. */
  sb = kiln_deflater_take (deflater, b_copy, &error);
  g_assert_no_error (error);
  sa = kiln_deflater_take (deflater, a, &error);
  g_assert_no_error (error);
  sc = kiln_deflater_take (deflater, c, &error);
  g_assert_no_error (error);
  direct = kiln_deflate_compress (a, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (sa, direct));
  back = kiln_deflate_uncompress (sb, g_bytes_get_size (b), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, b));
  g_clear_pointer (&back, g_bytes_unref);
  back = kiln_deflate_uncompress (sc, g_bytes_get_size (c), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, c));

  /* Freed with work queued and under way: nothing leaks or waits. */
  kiln_deflater_queue (deflater, a);
  kiln_deflater_queue (deflater, b);
  kiln_deflater_queue (deflater, c);
}

typedef struct
{
  const char *chip;
  gboolean    stub;
  guint       max_baud;
} LadderCase;

static KilnJob *
connect_auto (const char *port,
              const char *chip,
              gboolean    stub,
              Seen       *seen,
              GError    **error)
{
  g_auto(KilnJobOptions) opts = { 0 };
  KilnJobCallbacks cb = { .region_state = on_region, .log = on_log };
  KilnJob *job;

  kiln_job_options_init (&opts);
  opts.connect.port = g_strdup (port);
  opts.connect.baud = KILN_BAUD_AUTO;
  opts.connect.after = KILN_AFTER_NO_RESET;
  opts.connect.no_stub = !stub;
  if (stub)
    opts.connect.stub_path = stub_json (chip);
  job = kiln_job_new_info (&opts);
  memset (seen, 0, sizeof *seen);
  seen->log = g_string_new (NULL);
  kiln_job_set_callbacks (job, &cb, seen, NULL);
  kiln_job_run (job, NULL, error);
  return job;
}

/* -b auto on a link that holds only @max_baud: the rates above fail their
 * check, the ladder steps down to it, the board works there, and the next
 * connection to the same link starts at the remembered rate. */
static void
test_ladder (gconstpointer user_data)
{
  const LadderCase *c = user_data;
  g_autofree char *id = g_strdup_printf ("ladder-%s-%d-%u", c->chip, c->stub, c->max_baud);
  g_autofree char *spec = g_strdup_printf ("%s?max-baud=%u&id=%s", c->chip, c->max_baud, id);
  g_autofree char *port = g_strdup_printf ("sim:%s?id=%s", c->chip, id);
  g_autofree char *ini = g_build_filename (g_get_user_config_dir (), "kiln", "links.ini", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *expect = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = kiln_sim_new_from_options (spec, &error);
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GBytes) image = firmware_like (100000, 70);
  g_autoptr(GBytes) flash_now = NULL;
  Seen seen;

  g_assert_no_error (error);
  job = connect_auto (port, c->chip, c->stub, &seen, &error);
  if (error != NULL)
    g_printerr ("%s", seen.log->str);
  g_assert_no_error (error);
  g_assert_cmpuint (kiln_sim_get_baud (sim), ==, c->max_baud);
  g_assert_nonnull (strstr (seen.log->str, "921600 baud does not work on this link"));
  if (c->max_baud < 460800)
    g_assert_nonnull (strstr (seen.log->str, "460800 baud does not work on this link"));
  g_assert_true (g_file_get_contents (ini, &saved, NULL, NULL));
  expect = g_strdup_printf ("baud=%u", c->max_baud);
  g_assert_nonnull (strstr (saved, expect));
  g_string_free (seen.log, TRUE);
  g_clear_object (&job);

  /* Remembered: straight to the rate that worked, and flashing works there. */
  job = flash (port, c->chip, c->stub, FALSE, 0x10000, image, &seen);
  g_clear_object (&job);
  g_string_free (seen.log, TRUE);
  job = connect_auto (port, c->chip, c->stub, &seen, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (seen.log->str, "does not work"));
  g_assert_nonnull (strstr (seen.log->str, "worked on this link before"));
  g_assert_cmpuint (kiln_sim_get_baud (sim), ==, c->max_baud);
  flash_now = kiln_sim_copy_flash (sim);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (flash_now, NULL) + 0x10000, 100000,
                   g_bytes_get_data (image, NULL), 100000);
  g_string_free (seen.log, TRUE);
  kiln_sim_forget (id);
}

static const LadderCase ladder_cases[] = {
  { "esp32", FALSE, 460800 },    /* the ROM changes rate itself */
  { "esp32", TRUE, 230400 },     /* … before the stub upload */
  { "esp8266", TRUE, 460800 },   /* the stub changes rate; a reset brings it back */
  { "esp8266", FALSE, 460800 },  /* the ROM is reset and measures the next rate */
};

/* A rate the user chose that the ROM does not answer at: without a stub
 * to try it again, nothing proves the link at fault (the ROM's own switch
 * can miss), so the job goes on at the old rate and says why; the ladder
 * only steps down through the rates when asked to.  (With a stub, a
 * failed second switch is an error: test-baud-recovery.) */
static void
test_ladder_explicit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = kiln_sim_new_from_options ("esp32?max-baud=460800&id=explicit", &error);
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  Seen seen = { 0, 0, g_string_new (NULL) };
  KilnJobCallbacks cb = { .log = on_log };

  g_assert_no_error (error);
  kiln_job_options_init (&opts);
  opts.connect.port = g_strdup ("sim:esp32?id=explicit");
  opts.connect.baud = 921600;
  opts.connect.no_stub = TRUE;
  job = kiln_job_new_info (&opts);
  kiln_job_set_callbacks (job, &cb, &seen, NULL);
  g_assert_true (kiln_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (seen.log->str, "The ESP32 ROM did not answer after changing to 921600 "
                                           "baud. Resetting it and carrying on at 115200 baud."));
  g_assert_nonnull (strstr (seen.log->str, "the job runs at 115200 baud"));
  g_assert_null (strstr (seen.log->str, "Changed baud rate"));
  g_string_free (seen.log, TRUE);
  kiln_sim_forget ("explicit");
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  kiln_sim_register ();
  tmpdir = kiln_test_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (skip_cases); i++)
    {
      const SkipCase *c = &skip_cases[i];
      g_autofree char *path = g_strdup_printf ("/kiln/perf/skip-unchanged/%s-%s-0x%x-%zu", c->chip,
                                               c->stub ? "stub" : "rom", c->address,
                                               c->changed_at);
      g_test_add_data_func (path, c, test_skip_one_byte);
    }
  g_test_add_data_func ("/kiln/perf/deflate/stub", GINT_TO_POINTER (TRUE), test_deflate_roundtrip);
  g_test_add_data_func ("/kiln/perf/deflate/rom", GINT_TO_POINTER (FALSE), test_deflate_roundtrip);
  g_test_add_func ("/kiln/perf/deflate/rom-random-one-session", test_rom_random_one_session);
  g_test_add_func ("/kiln/perf/deflate/deflater", test_deflater);
  for (guint i = 0; i < G_N_ELEMENTS (ladder_cases); i++)
    {
      const LadderCase *c = &ladder_cases[i];
      g_autofree char *path = g_strdup_printf ("/kiln/perf/baud-ladder/%s-%s-%u", c->chip,
                                               c->stub ? "stub" : "rom", c->max_baud);
      g_test_add_data_func (path, c, test_ladder);
    }
  g_test_add_func ("/kiln/perf/baud-ladder/explicit", test_ladder_explicit);

  rc = g_test_run ();
  kiln_test_rm_rf (tmpdir);
  return rc;
}
