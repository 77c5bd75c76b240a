/* test-transcripts.c: the virtual ESP32 against recordings of a real ROM.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every '>' frame of tests/data/transcripts/esp32-rom-*.txt is sent to a
 * virtual ESP32 (4 MB, download strap, MAC 00:00:00:00:00:00 as the
 * recorded eFuses read) and every reply must equal the recorded '<' packets
 * byte for byte.  The board takes the straps of the emulated board the
 * recordings were made on (straps=recorded), so its boot logs match them
 * byte for byte too.
 *
 * '!' lines are bytes the recording host read outside any frame before its
 * first sync: the tail of the ROM banner still in the buffer.  Where a
 * transcript has them, the test does not flush before the first frame and
 * checks that the unframed bytes the device sent first start with them
 * (the replies to that first SYNC were discarded by the recording host and
 * are not compared).  Otherwise it flushes the input before the first
 * frame, as the recording host did.
 *
 * The recordings were made in this order, which the test repeats:
 * flash-id on a fresh board; write on a fresh board; write-deflate after a
 * power cycle of that board (its flash kept); read on the same board
 * without a reset, so READ_FLASH_SLOW returns the written data and the
 * ROM's stale buffers hold what write-deflate left there.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "kiln-core.h"
#include "kiln-sim.h"

typedef struct
{
  char    kind;        /* '>', '<' or '!' */
  GBytes *bytes;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_bytes_unref (e->bytes);
  g_free (e);
}

static char *
transcript_path (const char *name)
{
  const char *dir = g_getenv ("KILN_TRANSCRIPTS");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static GPtrArray *
parse_transcript (const char *name)
{
  g_autofree char *path = transcript_path (name);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func (entry_free);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      Entry *e;

      if (l[0] != '>' && l[0] != '<' && l[0] != '!')
        continue;
      g_assert_cmpint (l[1], ==, ' ');
      for (const char *p = l + 2; p[0] != '\0' && p[0] != '\r'; p += 2)
        {
          guint8 b;

          g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
          b = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
          g_byte_array_append (bytes, &b, 1);
        }
      e = g_new0 (Entry, 1);
      e->kind = l[0];
      e->bytes = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
      g_ptr_array_add (entries, e);
    }
  g_assert_cmpuint (entries->len, >, 10);
  return entries;
}

/* Reads until @want frames have arrived; unframed bytes go to @noise. */
static GPtrArray *
read_frames (KilnTransport *t,
             guint          want,
             GByteArray    *noise)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  KilnSlipDecoder dec;
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  kiln_slip_decoder_init (&dec);
  while (frames->len < want && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      guint8 b;
      gsize n = 0;

      g_assert_true (kiln_transport_read (t, &b, 1, &n, 200, &error));
      g_assert_no_error (error);
      if (n == 0)
        continue;
      switch (kiln_slip_decoder_feed (&dec, b))
        {
        case KILN_SLIP_FRAME:
          g_ptr_array_add (frames, g_bytes_new (dec.frame->data, dec.frame->len));
          break;
        case KILN_SLIP_NOISE:
          if (noise != NULL)
            g_byte_array_append (noise, &b, 1);
          break;
        case KILN_SLIP_BAD:
        case KILN_SLIP_NONE:
        default:
          break;
        }
    }
  kiln_slip_decoder_clear (&dec);
  return frames;
}

static GBytes *
drain (KilnTransport *t,
       guint          quiet_ms)
{
  g_autoptr(GError) error = NULL;
  GBytes *b = kiln_transport_drain (t, quiet_ms, 5000, NULL, &error);

  g_assert_no_error (error);
  return b;
}

static void
replay (KilnTransport *t,
        const char    *name)
{
  g_autoptr(GPtrArray) entries = parse_transcript (name);
  g_autoptr(GError) error = NULL;
  gboolean first = TRUE;
  guint compared = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);
      g_autoptr(GPtrArray) expected = g_ptr_array_new ();
      g_autoptr(GByteArray) banner = g_byte_array_new ();
      gsize len;
      const guint8 *data;

      g_assert_cmpint (e->kind, ==, '>');
      for (guint j = i + 1; j < entries->len; j++)
        {
          Entry *r = g_ptr_array_index (entries, j);
          if (r->kind == '>')
            break;
          if (r->kind == '<')
            g_ptr_array_add (expected, r);
          else
            g_byte_array_append (banner, g_bytes_get_data (r->bytes, NULL), (guint) g_bytes_get_size (r->bytes));
          i = j;
        }

      if (first && banner->len == 0)
        {
          g_assert_true (kiln_transport_flush_input (t, &error));
          g_assert_no_error (error);
        }
      first = FALSE;

      data = g_bytes_get_data (e->bytes, &len);
      g_assert_true (kiln_transport_write (t, data, len, &error));
      g_assert_no_error (error);

      if (banner->len > 0)
        {
          /* The recording host read these before giving up on this frame. */
          g_autoptr(GBytes) got = drain (t, 100);
          g_autoptr(GByteArray) noise = g_byte_array_new ();
          KilnSlipDecoder dec;
          gsize glen;
          const guint8 *g = g_bytes_get_data (got, &glen);

          kiln_slip_decoder_init (&dec);
          for (gsize k = 0; k < glen; k++)
            if (kiln_slip_decoder_feed (&dec, g[k]) == KILN_SLIP_NOISE)
              g_byte_array_append (noise, &g[k], 1);
          kiln_slip_decoder_clear (&dec);
          g_assert_cmpuint (noise->len, >=, banner->len);
          g_assert_cmpmem (noise->data, banner->len, banner->data, banner->len);
          g_assert_cmpuint (expected->len, ==, 0);
          continue;
        }

      {
        g_autoptr(GPtrArray) frames = read_frames (t, expected->len, NULL);

        g_assert_cmpuint (frames->len, ==, expected->len);
        for (guint k = 0; k < expected->len; k++)
          {
            Entry *want = g_ptr_array_index (expected, k);
            gsize wl, gl;
            const guint8 *w = g_bytes_get_data (want->bytes, &wl);
            const guint8 *g = g_bytes_get_data (g_ptr_array_index (frames, k), &gl);

            if (gl != wl || memcmp (g, w, wl) != 0)
              {
                g_autofree char *hw = g_malloc0 (wl * 2 + 1);
                g_autofree char *hg = g_malloc0 (gl * 2 + 1);
                for (gsize x = 0; x < wl; x++)
                  g_snprintf (hw + 2 * x, 3, "%02x", w[x]);
                for (gsize x = 0; x < gl; x++)
                  g_snprintf (hg + 2 * x, 3, "%02x", g[x]);
                g_test_message ("%s: request %.40s…", name, "");
                g_error ("%s: reply differs\n  want %s\n  got  %s", name, hw, hg);
              }
            compared++;
          }
      }
    }
  g_test_message ("%s: %u replies identical", name, compared);
  {
    guint recorded_replies = 0;
    for (guint i = 0; i < entries->len; i++)
      recorded_replies += ((Entry *) g_ptr_array_index (entries, i))->kind == '<';
    g_assert_cmpuint (compared, ==, recorded_replies);
    g_assert_cmpuint (compared, >, 90);
  }
}

static KilnSim *
new_esp32 (const char *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = g_strdup_printf ("sim:esp32?flash=4MB&mac=00:00:00:00:00:00&straps=recorded%s",
                                           extra != NULL ? extra : "");
  KilnSim *sim = kiln_sim_new_from_options (spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sim);
  return sim;
}

static KilnTransport *
open_sim (KilnSim *sim)
{
  g_autoptr(GError) error = NULL;
  KilnTransport *t = kiln_sim_open_transport (sim, 115200, &error);

  g_assert_no_error (error);
  return t;
}

static void
test_flash_id (void)
{
  g_autoptr(KilnSim) sim = new_esp32 (NULL);
  g_autoptr(KilnTransport) t = open_sim (sim);

  replay (t, "esp32-rom-flash-id.txt");
}

static void
test_write_then_read (void)
{
  g_autoptr(KilnSim) sim = new_esp32 (NULL);
  g_autoptr(KilnTransport) t = open_sim (sim);
  gsize len;
  const guint8 *flash;

  replay (t, "esp32-rom-write.txt");
  kiln_sim_power_cycle (sim);
  replay (t, "esp32-rom-write-deflate.txt");
  replay (t, "esp32-rom-read.txt");

  /* Both writes put the same 8 KiB where they should. */
  flash = kiln_sim_get_flash (sim, &len);
  g_assert_cmpuint (len, ==, 4 * 1024 * 1024);
  g_assert_cmpmem (flash + 0x10000, 0x2000, flash + 0x20000, 0x2000);
  g_assert_cmpint (flash[0x10000], ==, 0xAE);
  g_assert_cmpint (flash[0x12000], ==, 0xFF);
}

/* ---- boot logs ---------------------------------------------------------- */

static GBytes *
recorded (const char *name)
{
  g_autofree char *path = transcript_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  gsize len = 0;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (text, len);
}

/* Reads until at least @want bytes came (or 3 s passed). */
static GByteArray *
read_at_least (KilnTransport *t,
               gsize          want)
{
  GByteArray *out = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (out->len < want && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      guint8 buf[256];
      gsize n = 0;

      g_assert_true (kiln_transport_read (t, buf, MIN (sizeof buf, want - out->len), &n, 100, &error));
      g_byte_array_append (out, buf, (guint) n);
    }
  return out;
}

static void
assert_log_equals (KilnTransport *t,
                   const char    *name)
{
  g_autoptr(GBytes) want = recorded (name);
  gsize len;
  const guint8 *w = g_bytes_get_data (want, &len);
  g_autoptr(GByteArray) got = read_at_least (t, len);

  g_assert_cmpmem (got->data, got->len, w, len);
}

static void
test_bootlog_download (void)
{
  g_autoptr(KilnSim) sim = new_esp32 (NULL);
  g_autoptr(KilnTransport) t = open_sim (sim);
  g_autoptr(GBytes) rest = NULL;

  assert_log_equals (t, "esp32-bootlog-download-strap.txt");
  /* … and then the loader waits silently. */
  rest = drain (t, 150);
  g_assert_cmpuint (g_bytes_get_size (rest), ==, 0);
  g_assert_cmpint (kiln_sim_get_mode (sim), ==, KILN_SIM_MODE_ROM);
}

static void
test_bootlog_empty_flash (void)
{
  g_autoptr(KilnSim) sim = new_esp32 ("&boot=flash");
  g_autoptr(KilnTransport) t = open_sim (sim);

  /* The banner and six tries of the erased header, exactly. */
  assert_log_equals (t, "esp32-bootlog-empty-flash.txt");
  g_assert_cmpint (kiln_sim_get_mode (sim), ==, KILN_SIM_MODE_HALTED);
}

static void
test_bootlog_zeroed_flash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiln-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "zeroed.bin", NULL);
  g_autofree guint8 *zeros = g_malloc0 (4 * 1024 * 1024);
  g_autofree char *extra = NULL;
  g_autoptr(KilnSim) sim = NULL;
  g_autoptr(KilnTransport) t = NULL;

  g_file_set_contents (path, (const char *) zeros, 4 * 1024 * 1024, &error);
  g_assert_no_error (error);
  extra = g_strdup_printf ("&boot=flash&flash-file=%s", path);
  sim = new_esp32 (extra);
  t = open_sim (sim);
  assert_log_equals (t, "esp32-bootlog-zeroed-flash.txt");
  g_clear_pointer (&t, kiln_transport_free);
  g_clear_pointer (&sim, kiln_sim_unref);
  g_unlink (path);
  g_rmdir (dir);
}

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { (guint8) v, (guint8) (v >> 8), (guint8) (v >> 16), (guint8) (v >> 24) };

  g_byte_array_append (a, b, 4);
}

/* An image shaped like the recorded ESP-IDF bootloader: the ROM lines are
 * derived from its header and segment table. */
static void
test_bootlog_image (void)
{
  static const guint32 seg_addr[] = { 0x3fff0030, 0x40078000, 0x40080400, 0x40080404 };
  static const guint32 seg_len[] = { 6276, 15716, 4, 3852 };
  static const guint8 header[24] = {
    0xE9, 4, 0x02 /* DIO */, 0x20 /* 4MB, 40 MHz */, 0x3c, 0x06, 0x08, 0x40,
    0xEE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  };
  g_autoptr(GByteArray) img = g_byte_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = new_esp32 (NULL);
  g_autoptr(KilnTransport) t = open_sim (sim);
  g_autoptr(GBytes) want = recorded ("esp32-bootlog-idf-app.txt");
  g_autoptr(GByteArray) got = NULL;
  const char *w = g_bytes_get_data (want, NULL);
  const char *end_of_rom = strstr (w, "entry 0x4008063c\r\n");
  gsize rom_len;
  guint8 chk = 0xEF;

  g_assert_nonnull (end_of_rom);
  rom_len = (gsize) (end_of_rom - w) + strlen ("entry 0x4008063c\r\n");
  g_byte_array_append (img, header, sizeof header);
  for (guint s = 0; s < G_N_ELEMENTS (seg_len); s++)
    {
      put32 (img, seg_addr[s]);
      put32 (img, seg_len[s]);
      for (guint k = 0; k < seg_len[s]; k++)
        {
          guint8 b = (guint8) g_rand_int (rand);
          chk ^= b;
          g_byte_array_append (img, &b, 1);
        }
    }
  while (img->len % 16 != 15)
    {
      guint8 z = 0;
      g_byte_array_append (img, &z, 1);
    }
  g_byte_array_append (img, &chk, 1);
  g_assert_true (kiln_sim_set_flash (sim, 0x1000, img->data, img->len, &error));

  g_assert_true (kiln_transport_flush_input (t, &error));
  /* Through the auto-reset circuit: RTS pulses EN, GPIO0 stays high. */
  g_assert_true (kiln_transport_set_lines (t, FALSE, TRUE, &error));
  g_assert_true (kiln_transport_set_lines (t, FALSE, FALSE, &error));
  g_assert_no_error (error);
  got = read_at_least (t, rom_len);
  g_assert_cmpmem (got->data, got->len, w, rom_len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiln/transcripts/flash-id", test_flash_id);
  g_test_add_func ("/kiln/transcripts/write-deflate-read", test_write_then_read);
  g_test_add_func ("/kiln/transcripts/bootlog/download-strap", test_bootlog_download);
  g_test_add_func ("/kiln/transcripts/bootlog/empty-flash", test_bootlog_empty_flash);
  g_test_add_func ("/kiln/transcripts/bootlog/zeroed-flash", test_bootlog_zeroed_flash);
  g_test_add_func ("/kiln/transcripts/bootlog/image", test_bootlog_image);

  return g_test_run ();
}
