/* test-sim.c: the virtual device's behaviour beyond the recordings.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here talks to the board the way a host does, through a
 * transport, and checks what comes back or what ended up in the flash.
 * Timing assertions are deliberately loose (lower bounds only where the
 * model promises them).
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kiln-core.h"
#include "kiln-sim.h"
#include "kiln-sim-bridge.h"
#include "kiln-test-images.h"
#include "kiln-test-util.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct
{
  KilnSim       *sim;
  KilnTransport *t;
} Board;

static void
board_close (Board *b)
{
  g_clear_pointer (&b->t, kiln_transport_free);
  g_clear_pointer (&b->sim, kiln_sim_unref);
}

static Board
board_new (const char *spec,
           guint       baud)
{
  g_autoptr(GError) error = NULL;
  Board b = { 0 };

  b.sim = kiln_sim_new_from_options (spec, &error);
  g_assert_no_error (error);
  b.t = kiln_sim_open_transport (b.sim, baud, &error);
  g_assert_no_error (error);
  return b;
}

static void
put32 (guint8  *p,
       guint32  v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
  p[2] = (guint8) (v >> 16);
  p[3] = (guint8) (v >> 24);
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint8
xor_checksum (const guint8 *data,
              gsize         len)
{
  guint8 c = 0xEF;

  for (gsize i = 0; i < len; i++)
    c ^= data[i];
  return c;
}

static void
send_raw (Board        *b,
          const guint8 *data,
          gsize         len)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiln_transport_write (b->t, data, len, &error));
  g_assert_no_error (error);
}

static void
send_frame (Board        *b,
            const guint8 *payload,
            gsize         len)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();

  kiln_slip_encode (wire, payload, len);
  send_raw (b, wire->data, wire->len);
}

static void
send_cmd (Board        *b,
          guint8        op,
          const guint8 *data,
          gsize         len,
          guint32       checksum)
{
  g_autofree guint8 *pkt = g_malloc0 (8 + len);

  pkt[1] = op;
  pkt[2] = (guint8) len;
  pkt[3] = (guint8) (len >> 8);
  put32 (pkt + 4, checksum);
  if (len > 0)
    memcpy (pkt + 8, data, len);
  send_frame (b, pkt, 8 + len);
}

/* The next SLIP frame, or NULL after @timeout_ms.  Bytes outside frames
 * are appended to @noise when given. */
static GBytes *
read_frame_full (Board      *b,
                 guint       timeout_ms,
                 GByteArray *noise)
{
  KilnSlipDecoder dec;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GBytes *frame = NULL;

  kiln_slip_decoder_init (&dec);
  while (frame == NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      guint8 c;
      gsize n = 0;

      g_assert_true (kiln_transport_read (b->t, &c, 1, &n, 20, &error));
      if (n == 0)
        continue;
      switch (kiln_slip_decoder_feed (&dec, c))
        {
        case KILN_SLIP_FRAME:
          frame = g_bytes_new (dec.frame->data, dec.frame->len);
          break;
        case KILN_SLIP_NOISE:
          if (noise != NULL)
            g_byte_array_append (noise, &c, 1);
          break;
        case KILN_SLIP_BAD:
        case KILN_SLIP_NONE:
        default:
          break;
        }
    }
  kiln_slip_decoder_clear (&dec);
  return frame;
}

static GBytes *
read_frame (Board *b)
{
  return read_frame_full (b, 2000, NULL);
}

static GBytes *
command (Board        *b,
         guint8        op,
         const guint8 *data,
         gsize         len,
         guint32       checksum)
{
  GBytes *r;

  send_cmd (b, op, data, len, checksum);
  r = read_frame (b);
  g_assert_nonnull (r);
  return r;
}

/* Status bytes of a reply: first one and error byte, and the status length
 * implied by the size field and @data_len. */
static void
reply_status (GBytes *r,
              guint8  want_op,
              gsize   data_len,
              guint   status_len,
              guint8 *status,
              guint8 *error)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (r, &len);

  g_assert_cmpuint (len, >=, 10);
  g_assert_cmpint (p[0], ==, 0x01);
  g_assert_cmpint (p[1], ==, want_op);
  g_assert_cmpuint ((gsize) (p[2] | p[3] << 8), ==, len - 8);
  g_assert_cmpuint (len, ==, 8 + data_len + status_len);
  *status = p[8 + data_len];
  *error = p[9 + data_len];
}

static void
assert_ok (GBytes *r,
           guint8  op,
           gsize   data_len,
           guint   status_len)
{
  guint8 s, e;

  reply_status (r, op, data_len, status_len, &s, &e);
  g_assert_cmpint (s, ==, 0);
  g_assert_cmpint (e, ==, 0);
}

static void
drop_input (Board *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rest = kiln_transport_drain (b->t, 30, 2000, NULL, &error);

  g_assert_no_error (error);
}

static void
sync_board (Board *b,
            guint  status_len)
{
  guint8 body[36] = { 0x07, 0x07, 0x12, 0x20 };

  memset (body + 4, 0x55, 32);
  drop_input (b);
  send_cmd (b, 0x08, body, sizeof body, 0);
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(GBytes) r = read_frame (b);
      g_assert_nonnull (r);
      assert_ok (r, 0x08, 0, status_len);
    }
}

static guint32
read_reg (Board   *b,
          guint32  addr,
          guint    status_len)
{
  guint8 a[4];
  g_autoptr(GBytes) r = NULL;

  put32 (a, addr);
  r = command (b, 0x0A, a, 4, 0);
  assert_ok (r, 0x0A, 0, status_len);
  return get32 ((const guint8 *) g_bytes_get_data (r, NULL) + 4);
}

static void
write_reg (Board   *b,
           guint32  addr,
           guint32  value,
           guint    status_len)
{
  guint8 d[16] = { 0 };
  g_autoptr(GBytes) r = NULL;

  put32 (d, addr);
  put32 (d + 4, value);
  put32 (d + 8, 0xFFFFFFFF);
  r = command (b, 0x09, d, 16, 0);
  assert_ok (r, 0x09, 0, status_len);
}

static void
attach_esp32 (Board *b)
{
  guint8 zero[8] = { 0 };
  g_autoptr(GBytes) r = command (b, 0x0D, zero, 8, 0);

  assert_ok (r, 0x0D, 0, 4);
}

static GBytes *
flash_begin (Board   *b,
             guint8   op,
             guint32  size,
             guint32  blocks,
             guint32  block_size,
             guint32  offset)
{
  guint8 d[16];

  put32 (d, size);
  put32 (d + 4, blocks);
  put32 (d + 8, block_size);
  put32 (d + 12, offset);
  return command (b, op, d, 16, 0);
}

static GBytes *
flash_data (Board        *b,
            guint8        op,
            guint32       seq,
            const guint8 *data,
            gsize         len)
{
  g_autofree guint8 *d = g_malloc0 (16 + len);

  put32 (d, (guint32) len);
  put32 (d + 4, seq);
  memcpy (d + 16, data, len);
  return command (b, op, d, 16 + len, xor_checksum (data, len));
}

static void
fill_flash (Board  *b,
            guint8  value)
{
  g_autoptr(GError) error = NULL;
  gsize size = kiln_sim_get_flash_size (b->sim);
  g_autofree guint8 *buf = g_malloc (size);

  memset (buf, value, size);
  g_assert_true (kiln_sim_set_flash (b->sim, 0, buf, size, &error));
  g_assert_no_error (error);
}

static guint
erased_sectors_from (Board   *b,
                     guint32  offset)
{
  const guint8 *flash = kiln_sim_get_flash (b->sim, NULL);
  guint n = 0;

  for (guint32 s = offset; s < kiln_sim_get_flash_size (b->sim); s += 0x1000, n++)
    for (guint i = 0; i < 0x1000; i++)
      if (flash[s + i] != 0xFF)
        return n;
  return n;
}

/* Reads at least @want bytes, or what came within @timeout_ms. */
static GByteArray *
read_bytes (Board *b,
            gsize  want,
            guint  timeout_ms)
{
  GByteArray *out = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (out->len < want && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      guint8 buf[512];
      gsize n = 0;

      g_assert_true (kiln_transport_read (b->t, buf, MIN (sizeof buf, want - out->len), &n, 20, &error));
      g_byte_array_append (out, buf, (guint) n);
    }
  return out;
}

/* Everything the device says until it has been quiet for @quiet_ms. */
static GByteArray *
read_quiet (Board *b,
            guint  quiet_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = kiln_transport_drain (b->t, quiet_ms, 5000, NULL, &error);
  GByteArray *out = g_byte_array_new ();

  g_assert_no_error (error);
  g_byte_array_append (out, g_bytes_get_data (got, NULL), (guint) g_bytes_get_size (got));
  return out;
}

/* Garbage from a baud mismatch may hold NUL bytes: search as memory. */
static gboolean
contains (GByteArray *hay,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= hay->len; i++)
    if (memcmp (hay->data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
set_lines (Board    *b,
           gboolean  dtr,
           gboolean  rts)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiln_transport_set_lines (b->t, dtr, rts, &error));
  g_assert_no_error (error);
}

static void
set_baud (Board *b,
          guint  baud)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiln_transport_set_baud (b->t, baud, &error));
  g_assert_no_error (error);
}

/* esptool's ClassicReset, including the moment both lines are asserted. */
static void
classic_reset (Board *b)
{
  set_lines (b, FALSE, FALSE);
  set_lines (b, FALSE, TRUE);
  g_usleep (5000);
  set_lines (b, TRUE, TRUE);
  set_lines (b, TRUE, FALSE);
  g_usleep (20000);
  set_lines (b, FALSE, FALSE);
}

static void
hard_reset (Board *b)
{
  set_lines (b, FALSE, TRUE);
  g_usleep (5000);
  set_lines (b, FALSE, FALSE);
}

/* A minimal ESP8266 v1 image: one RAM segment, checksum in place. */
static GByteArray *
esp8266_image (guint8 size_freq)
{
  GByteArray *img = g_byte_array_new ();
  guint8 hdr[8] = { 0xE9, 1, 0x00, size_freq, 0x04, 0x00, 0x10, 0x40 };
  guint8 seg[8];
  guint8 code[64];
  guint8 chk;

  for (guint i = 0; i < sizeof code; i++)
    code[i] = (guint8) (i * 7 + 3);
  chk = xor_checksum (code, sizeof code);
  put32 (seg, 0x40100000);
  put32 (seg + 4, sizeof code);
  g_byte_array_append (img, hdr, 8);
  g_byte_array_append (img, seg, 8);
  g_byte_array_append (img, code, sizeof code);
  while (img->len % 16 != 15)
    {
      guint8 z = 0;
      g_byte_array_append (img, &z, 1);
    }
  g_byte_array_append (img, &chk, 1);
  return img;
}

static void
install_esp8266_firmware (Board *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) img = esp8266_image (0x40);       /* 4 MB map, 40 MHz */
  static const guint8 init_data[4] = { 0x05, 0x00, 0x04, 0x02 };

  g_assert_true (kiln_sim_set_flash (b->sim, 0, img->data, img->len, &error));
  g_assert_true (kiln_sim_set_flash (b->sim, 0x3FC000, init_data, 4, &error));
  g_assert_no_error (error);
}

/* ---- ESP8266 ROM ------------------------------------------------------ */

/* esptool's get_erase_size (§5.2 of the facts), to send what a host would. */
static guint32
host_erase_size (guint32 offset,
                 guint32 size)
{
  guint32 n = (size + 0xFFF) / 0x1000;
  guint32 s0 = offset / 0x1000;
  guint32 h = 16 - s0 % 16;

  if (n < h)
    h = n;
  if (n < 2 * h)
    return (n + 1) / 2 * 0x1000;
  return (n - h) * 0x1000;
}

static void
test_esp8266_erase_quirk (void)
{
  static const struct
  {
    guint32 offset, size, sent_sectors, erased;
  } cases[] = {
    { 0x0, 0x10000, 8, 16 },
    { 0x1000, 0x7F000, 112, 127 },
    { 0x0, 0x11000, 9, 18 },
    { 0x0, 0x1000, 1, 2 },
    { 0x8000, 0x3000, 2, 4 },      /* inside a block: doubled */
    { 0xE000, 0x4000, 2, 4 },      /* n = 2 ≤ h = 2: doubled */
    { 0xF000, 0x3000, 2, 3 },      /* n = 2 > h = 1: n + h */
  };
  Board b = board_new ("sim:esp8266?flash=1MB", 115200);

  sync_board (&b, 2);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint32 sent = host_erase_size (cases[i].offset, cases[i].size);
      g_autoptr(GBytes) r = NULL;

      g_assert_cmpuint (sent, ==, cases[i].sent_sectors * 0x1000);
      fill_flash (&b, 0x00);
      r = flash_begin (&b, 0x02, sent, (cases[i].size + 0x3FF) / 0x400, 0x400, cases[i].offset);
      assert_ok (r, 0x02, 0, 2);
      g_assert_cmpuint (erased_sectors_from (&b, cases[i].offset), ==, cases[i].erased);
      if (cases[i].offset > 0)
        g_assert_cmpint (kiln_sim_get_flash (b.sim, NULL)[cases[i].offset - 1], ==, 0x00);
    }

  /* FLASH_BEGIN(0, 0, …) attaches the flash and erases nothing. */
  {
    g_autoptr(GBytes) r = NULL;

    fill_flash (&b, 0x00);
    r = flash_begin (&b, 0x02, 0, 0, 0x400, 0);
    assert_ok (r, 0x02, 0, 2);
    g_assert_cmpuint (erased_sectors_from (&b, 0), ==, 0);
  }
  board_close (&b);
}

static void
test_esp32_erase_exact (void)
{
  Board b = board_new ("sim:esp32", 115200);
  g_autoptr(GBytes) r = NULL;

  sync_board (&b, 4);
  attach_esp32 (&b);
  fill_flash (&b, 0x00);
  r = flash_begin (&b, 0x02, 0x1000, 4, 0x400, 0x3000);
  assert_ok (r, 0x02, 0, 4);
  g_assert_cmpuint (erased_sectors_from (&b, 0x3000), ==, 1);
  g_assert_cmpint (kiln_sim_get_flash (b.sim, NULL)[0x2FFF], ==, 0x00);
  board_close (&b);
}

static void
test_esp8266_unsupported (void)
{
  static const guint8 ops[] = { 0x0B, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0xD0, 0xD1, 0xD2, 0xD3 };
  Board b = board_new ("sim:esp8266", 115200);

  sync_board (&b, 2);
  g_assert_cmpuint (read_reg (&b, 0x40001000, 2), ==, 0xFFF0C101);
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      guint8 pad[16] = { 0 };
      g_autoptr(GBytes) r = command (&b, ops[i], pad, ops[i] == 0x14 ? 0 : 8, 0);
      guint8 s, e;

      /* The reply keeps the last known command's opcode (READ_REG here). */
      reply_status (r, 0x0A, 0, 2, &s, &e);
      g_assert_cmpint (s, ==, 1);
      g_assert_cmpint (e, ==, 0x05);
      g_assert_cmpuint (get32 ((const guint8 *) g_bytes_get_data (r, NULL) + 4), ==, 0xFFF0C101);
    }
  board_close (&b);
}

static void
test_bad_checksum (void)
{
  const char *chips[] = { "sim:esp8266", "sim:esp32" };

  for (guint c = 0; c < G_N_ELEMENTS (chips); c++)
    {
      guint status_len = c == 0 ? 2 : 4;
      Board b = board_new (chips[c], 115200);
      guint8 block[0x410] = { 0 };
      g_autoptr(GBytes) r = NULL;
      g_autoptr(GBytes) begin = NULL;
      KilnSimStats stats;
      guint8 s, e;

      sync_board (&b, status_len);
      if (c == 1)
        attach_esp32 (&b);
      begin = flash_begin (&b, 0x02, 0x1000, 1, 0x400, 0);
      assert_ok (begin, 0x02, 0, status_len);
      put32 (block, 0x400);
      memset (block + 16, 0x5A, 0x400);
      r = command (&b, 0x03, block, sizeof block, 0x12);      /* wrong: 0xEF stays */
      reply_status (r, 0x03, 0, status_len, &s, &e);
      g_assert_cmpint (s, ==, 1);
      g_assert_cmpint (e, ==, 0x07);
      kiln_sim_get_stats (b.sim, &stats);
      g_assert_cmpuint (stats.checksum_errors, ==, 1);
      g_assert_cmpint (kiln_sim_get_flash (b.sim, NULL)[0], ==, 0xFF);
      board_close (&b);
    }
}

static void
test_bit_clearing (void)
{
  Board b = board_new ("sim:esp32", 115200);
  guint8 a[0x400], c[0x400];
  g_autoptr(GBytes) r1 = NULL;
  g_autoptr(GBytes) r2 = NULL;
  g_autoptr(GBytes) r3 = NULL;
  g_autoptr(GBytes) r4 = NULL;
  const guint8 *flash;
  guint8 s, e;

  for (guint i = 0; i < sizeof a; i++)
    {
      a[i] = (guint8) (0xF0 | i);
      c[i] = (guint8) (0x3C ^ i);
    }
  sync_board (&b, 4);
  attach_esp32 (&b);
  r1 = flash_begin (&b, 0x02, 0x1000, 1, 0x400, 0x8000);
  assert_ok (r1, 0x02, 0, 4);
  r2 = flash_data (&b, 0x03, 0, a, sizeof a);
  assert_ok (r2, 0x03, 0, 4);
  flash = kiln_sim_get_flash (b.sim, NULL);
  g_assert_cmpmem (flash + 0x8000, sizeof a, a, sizeof a);

  /* Writing again without an erase can only clear bits; the ROM's
   * read-back check notices and says 0x08. */
  r3 = flash_begin (&b, 0x02, 0, 1, 0x400, 0x8000);
  assert_ok (r3, 0x02, 0, 4);
  r4 = flash_data (&b, 0x03, 0, c, sizeof c);
  reply_status (r4, 0x03, 0, 4, &s, &e);
  g_assert_cmpint (s, ==, 1);
  g_assert_cmpint (e, ==, 0x08);
  for (guint i = 0; i < sizeof a; i++)
    g_assert_cmpint (flash[0x8000 + i], ==, a[i] & c[i]);
  board_close (&b);
}

/* The ESP32 ROM inflates FLASH_DEFL_DATA itself, checks the stream and
 * writes whole windows. */
static void
test_esp32_rom_deflate (void)
{
  Board b = board_new ("sim:esp32", 115200);
  guint8 data[6000];
  g_autofree guint8 *z = NULL;
  uLongf zlen = compressBound (sizeof data);
  const guint8 *flash = kiln_sim_get_flash (b.sim, NULL);

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) ((i / 7) ^ (i % 13));
  z = g_malloc (zlen);
  g_assert_cmpint (compress2 (z, &zlen, data, sizeof data, 9), ==, Z_OK);
  sync_board (&b, 4);
  attach_esp32 (&b);

  for (guint round = 0; round < 3; round++)
    {
      g_autofree guint8 *stream = g_memdup2 (z, zlen);
      guint32 blocks = (guint32) ((zlen + 0x3FF) / 0x400);
      g_autoptr(GBytes) r = flash_begin (&b, 0x10, 0x1800, blocks, 0x400, 0x20000);
      guint8 last_status = 0, last_error = 0;

      assert_ok (r, 0x10, 0, 4);
      if (round == 1)
        stream[zlen - 1] ^= 0xFF;           /* the Adler-32 trailer */
      if (round == 2)
        memset (stream + 2, 0xFF, 8);       /* the deflate data */
      for (guint32 k = 0; k < blocks; k++)
        {
          g_autoptr(GBytes) rd = flash_data (&b, 0x11, k, stream + k * 0x400, MIN (0x400, zlen - k * 0x400));
          reply_status (rd, 0x11, 0, 4, &last_status, &last_error);
          if (last_status != 0)
            break;
        }
      if (round == 0)
        {
          g_assert_cmpint (last_status, ==, 0);
          g_assert_cmpmem (flash + 0x20000, sizeof data, data, sizeof data);
          /* The ROM writes its last 32 KiB window whole, past the data: the
           * first time with the zeros its RAM held (as the real ROM did,
           * emulated), and not a byte more. */
          for (guint i = sizeof data; i < 0x8000; i++)
            if (flash[0x20000 + i] != 0)
              g_error ("byte 0x%x past the data is 0x%02x", 0x20000 + i, flash[0x20000 + i]);
          g_assert_cmpint (flash[0x28000], ==, 0xFF);
        }
      else
        {
          g_assert_cmpint (last_status, ==, 1);
          g_assert_cmpint (last_error, ==, round == 1 ? 0x0C : 0x0B);
        }
    }
  board_close (&b);
}

/* CHANGE_BAUDRATE answers at the old rate, then the chip runs at the new
 * one, and the UART divider says so. */
static void
test_esp32_change_baud (void)
{
  Board b = board_new ("sim:esp32", 115200);
  guint8 d[8];
  g_autoptr(GBytes) r = NULL;

  sync_board (&b, 4);
  g_assert_cmpuint (read_reg (&b, 0x3FF40014, 4), ==, 346);
  put32 (d, 460800);
  put32 (d + 4, 0);
  r = command (&b, 0x0F, d, 8, 0);
  assert_ok (r, 0x0F, 0, 4);
  g_assert_cmpuint (kiln_sim_get_baud (b.sim), ==, 460800);
  set_baud (&b, 460800);
  g_assert_cmpuint (read_reg (&b, 0x3FF40014, 4), ==, 40000000 / 460800 - 1);
  /* No more autobauding: a SYNC at another rate is not understood. */
  set_baud (&b, 115200);
  {
    guint8 body[36] = { 0x07, 0x07, 0x12, 0x20 };
    g_autoptr(GBytes) none = NULL;

    memset (body + 4, 0x55, 32);
    send_cmd (&b, 0x08, body, sizeof body, 0);
    none = read_frame_full (&b, 100, NULL);
    g_assert_null (none);
  }
  board_close (&b);
}

static void
assert_fails (GBytes *r,
              guint8  op,
              gsize   data_len,
              guint8  error)
{
  guint8 s, e;

  reply_status (r, op, data_len, 4, &s, &e);
  g_assert_cmpint (s, ==, 1);
  g_assert_cmpint (e, ==, error);
}

static GBytes *
md5_cmd (Board   *b,
         guint32  addr,
         guint32  size)
{
  guint8 d[16] = { 0 };

  put32 (d, addr);
  put32 (d + 4, size);
  return command (b, 0x13, d, 16, 0);
}

/* As measured on the real ESP32 ROM (emulated, 4 MiB flash): until
 * SPI_SET_PARAMS it believes in 2 MB; beyond, MD5 and reads fail with 0x09
 * (the reply still the full size) and FLASH_BEGIN with 0x06; an erase must
 * start on a sector; MD5 of unaligned ranges is fine. */
static void
test_esp32_rom_flash_size (void)
{
  Board b = board_new ("sim:esp32?flash=4MB", 115200);
  guint8 params[24] = { 0 }, rd[8];
  g_autoptr(GBytes) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL;
  g_autoptr(GBytes) r7 = NULL, r8 = NULL;

  sync_board (&b, 4);
  attach_esp32 (&b);
  r1 = md5_cmd (&b, 0x1FF000, 0x1000);
  assert_ok (r1, 0x13, 32, 4);
  r2 = md5_cmd (&b, 0x200000, 0x1000);
  assert_fails (r2, 0x13, 32, 0x09);
  put32 (rd, 0x200000);
  put32 (rd + 4, 64);
  r3 = command (&b, 0x0E, rd, 8, 0);
  assert_fails (r3, 0x0E, 64, 0x09);
  r4 = flash_begin (&b, 0x02, 0x1000, 4, 0x400, 0x200000);
  assert_fails (r4, 0x02, 0, 0x06);
  r5 = flash_begin (&b, 0x02, 0x1000, 4, 0x400, 0x10800);
  assert_fails (r5, 0x02, 0, 0x06);
  r6 = md5_cmd (&b, 0x10001, 0x101);
  assert_ok (r6, 0x13, 32, 4);

  put32 (params + 4, 4 * 1024 * 1024);
  put32 (params + 8, 0x10000);
  put32 (params + 12, 0x1000);
  put32 (params + 16, 0x100);
  put32 (params + 20, 0xFFFF);
  r7 = command (&b, 0x0B, params, 24, 0);
  assert_ok (r7, 0x0B, 0, 4);
  r8 = md5_cmd (&b, 0x3FF000, 0x1000);
  assert_ok (r8, 0x13, 32, 4);
  board_close (&b);
}

/* In-package or custom-wired flash: the eFuse pad words name the pins, and
 * only an SPI_ATTACH with those pins reaches the flash. */
static void
test_esp32_spi_pads (void)
{
  Board b = board_new ("sim:esp32?flash=4MB&spi-pads=6,17,8,16,11", 115200);
  guint8 att[8] = { 0 }, rd[8];
  guint32 pads, hd;
  g_autoptr(GBytes) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;

  fill_flash (&b, 0x5A);
  sync_board (&b, 4);
  pads = read_reg (&b, 0x3FF5A014, 4);
  hd = read_reg (&b, 0x3FF5A00C, 4);
  g_assert_cmpuint (pads & 0x1F, ==, 6);
  g_assert_cmpuint ((pads >> 5) & 0x1F, ==, 17);
  g_assert_cmpuint ((pads >> 10) & 0x1F, ==, 8);
  g_assert_cmpuint ((pads >> 15) & 0x1F, ==, 16);
  g_assert_cmpuint (pads & (1u << 20), !=, 0);    /* CHIP_VER_REV2 stays */
  g_assert_cmpuint ((hd >> 4) & 0x1F, ==, 11);
  g_assert_cmpuint (hd & 0x8000, !=, 0);          /* CHIP_VER_REV1 stays */

  put32 (rd, 0x1000);
  put32 (rd + 4, 16);
  /* The default pins: no flash there, reads give 0xFF. */
  r1 = command (&b, 0x0D, att, 8, 0);
  assert_ok (r1, 0x0D, 0, 4);
  r2 = command (&b, 0x0E, rd, 8, 0);
  assert_ok (r2, 0x0E, 64, 4);
  g_assert_cmpint (((const guint8 *) g_bytes_get_data (r2, NULL))[8], ==, 0xFF);
  /* The eFuse pins, packed HD<<24 | CS<<18 | D<<12 | Q<<6 | CLK. */
  put32 (att, 11u << 24 | 16u << 18 | 8u << 12 | 17u << 6 | 6u);
  r3 = command (&b, 0x0D, att, 8, 0);
  assert_ok (r3, 0x0D, 0, 4);
  r4 = command (&b, 0x0E, rd, 8, 0);
  assert_ok (r4, 0x0E, 64, 4);
  g_assert_cmpint (((const guint8 *) g_bytes_get_data (r4, NULL))[8], ==, 0x5A);
  board_close (&b);
}

/* With both oscillator calibration values set the ROM's divider follows
 * the clock they imply: asking for 460800 lands elsewhere. */
static void
test_esp32_rom_baud_cal (void)
{
  /* cal 2600 × 15625 × ck8m 41 / 40 = 41.64 MHz believed for a 40 MHz
   * crystal: the UART runs 4 % slow. */
  Board b = board_new ("sim:esp32?ck8m=41&rtc-cal=2600", 115200);
  Board broken = board_new ("sim:esp32?rom-baud=broken", 115200);
  guint8 d[8];
  g_autoptr(GBytes) r = NULL, r2 = NULL;

  sync_board (&b, 4);
  g_assert_cmpuint (read_reg (&b, 0x3FF5A010, 4) & 0xFF, ==, 41);
  g_assert_cmpuint (read_reg (&b, 0x3FF5F06C, 4) >> 7, ==, 2600);
  put32 (d, 460800);
  put32 (d + 4, 0);
  r = command (&b, 0x0F, d, 8, 0);
  assert_ok (r, 0x0F, 0, 4);
  g_assert_cmpuint (kiln_sim_get_baud (b.sim), ==, (guint) (460800ull * 40000000 /
                                                            (2600ull * 15625 * 41 / 40)));

  sync_board (&broken, 4);
  r2 = command (&broken, 0x0F, d, 8, 0);
  assert_ok (r2, 0x0F, 0, 4);
  g_assert_cmpuint (kiln_sim_get_baud (broken.sim), !=, 460800);
  board_close (&b);
  board_close (&broken);
}

static void
test_esp8266_registers (void)
{
  static const char *macs[] = { "18:fe:34:a1:b2:c3", "ac:d0:74:01:02:03", "5c:cf:7f:10:20:30" };

  for (guint m = 0; m < G_N_ELEMENTS (macs); m++)
    {
      g_autofree char *spec = g_strdup_printf ("sim:esp8266?mac=%s", macs[m]);
      Board b = board_new (spec, 115200);
      guint32 mac0, mac1, mac3;
      guint8 oui[3], mac[6], want[6];
      g_autofree char *shown = NULL;

      sync_board (&b, 2);
      mac0 = read_reg (&b, 0x3FF00050, 2);
      mac1 = read_reg (&b, 0x3FF00054, 2);
      mac3 = read_reg (&b, 0x3FF0005C, 2);
      /* Decoded by the rules of §8.1. */
      if (mac3 != 0)
        {
          oui[0] = (guint8) (mac3 >> 16);
          oui[1] = (guint8) (mac3 >> 8);
          oui[2] = (guint8) mac3;
        }
      else if (((mac1 >> 16) & 0xFF) == 0)
        memcpy (oui, "\x18\xFE\x34", 3);
      else
        {
          g_assert_cmpuint ((mac1 >> 16) & 0xFF, ==, 1);
          memcpy (oui, "\xAC\xD0\x74", 3);
        }
      memcpy (mac, oui, 3);
      mac[3] = (guint8) (mac1 >> 8);
      mac[4] = (guint8) mac1;
      mac[5] = (guint8) (mac0 >> 24);
      sscanf (macs[m], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &want[0], &want[1], &want[2], &want[3], &want[4], &want[5]);
      g_assert_cmpmem (mac, 6, want, 6);
      board_close (&b);
    }

  {
    /* Crystal from the UART divider: 26 MHz synced at 115200 reads ~451. */
    Board b = board_new ("sim:esp8266", 115200);
    Board c = board_new ("sim:esp8266?xtal=40", 115200);
    guint32 div26, div40;

    sync_board (&b, 2);
    sync_board (&c, 2);
    div26 = read_reg (&b, 0x60000014, 2) & 0xFFFFF;
    div40 = read_reg (&c, 0x60000014, 2) & 0xFFFFF;
    g_assert_cmpuint (div26, ==, 451);
    g_assert_cmpfloat (115200.0 * div26 / 1e6 / 2, >, 25.0);
    g_assert_cmpfloat (115200.0 * div26 / 1e6 / 2, <, 27.0);
    g_assert_cmpfloat (115200.0 * div40 / 1e6 / 2, >, 39.0);
    g_assert_cmpfloat (115200.0 * div40 / 1e6 / 2, <, 41.0);
    board_close (&b);
    board_close (&c);
  }
}

/* RDID through the ESP8266's SPI registers (lengths in USR1). */
static guint32
esp8266_rdid (Board *b)
{
  write_reg (b, 0x60000220, 0x00001700, 2);      /* USR1: 24 MISO bits */
  write_reg (b, 0x6000021C, 0x90000000, 2);      /* USR: COMMAND | MISO */
  write_reg (b, 0x60000224, 0x7000009F, 2);      /* USR2: 8-bit 0x9F */
  write_reg (b, 0x60000240, 0, 2);               /* W0 */
  write_reg (b, 0x60000200, 1u << 18, 2);        /* CMD: go */
  g_assert_cmpuint (read_reg (b, 0x60000200, 2), ==, 0);
  return read_reg (b, 0x60000240, 2);
}

static void
test_esp8266_jedec (void)
{
  Board b = board_new ("sim:esp8266?flash=1MB", 115200);
  g_autoptr(GBytes) r = NULL;

  sync_board (&b, 2);
  /* Nothing drives MISO before the flash is attached. */
  g_assert_cmphex (esp8266_rdid (&b), ==, 0xFFFFFF);
  r = flash_begin (&b, 0x02, 0, 0, 0x400, 0);
  assert_ok (r, 0x02, 0, 2);
  g_assert_cmphex (esp8266_rdid (&b), ==, 0x1440C8);
  board_close (&b);
}

/* ---- stub personality ------------------------------------------------- */

static void
upload_stub (Board *b,
             guint  rom_status_len,
             guint32 addr)
{
  static const guint8 code[16] = { 0x36, 0x41, 0x00, 0x1d, 0xf0 };   /* made up */
  guint8 d[16];
  g_autofree guint8 *md = g_malloc0 (16 + sizeof code);
  g_autoptr(GBytes) r1 = NULL;
  g_autoptr(GBytes) r2 = NULL;
  g_autoptr(GBytes) r3 = NULL;
  g_autoptr(GBytes) ohai = NULL;

  put32 (d, sizeof code);
  put32 (d + 4, 1);
  put32 (d + 8, 0x1800);
  put32 (d + 12, addr);
  r1 = command (b, 0x05, d, 16, 0);
  assert_ok (r1, 0x05, 0, rom_status_len);
  put32 (md, sizeof code);
  memcpy (md + 16, code, sizeof code);
  r2 = command (b, 0x07, md, 16 + sizeof code, xor_checksum (code, sizeof code));
  assert_ok (r2, 0x07, 0, rom_status_len);
  put32 (d, 0);
  put32 (d + 4, addr + 4);
  r3 = command (b, 0x06, d, 8, 0);
  assert_ok (r3, 0x06, 0, rom_status_len);
  ohai = read_frame (b);
  g_assert_nonnull (ohai);
  g_assert_cmpmem (g_bytes_get_data (ohai, NULL), g_bytes_get_size (ohai), "OHAI", 4);
  g_assert_cmpint (kiln_sim_get_mode (b->sim), ==, KILN_SIM_MODE_STUB);
}

static void
stub_sync (Board *b)
{
  guint8 body[36] = { 0x07, 0x07, 0x12, 0x20 };

  memset (body + 4, 0x55, 32);
  send_cmd (b, 0x08, body, sizeof body, 0);
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(GBytes) r = read_frame (b);
      g_assert_nonnull (r);
      assert_ok (r, 0x08, 0, 2);
      /* stubs answer SYNC with value 0: that is how hosts spot them */
      g_assert_cmpuint (get32 ((const guint8 *) g_bytes_get_data (r, NULL) + 4), ==, 0);
    }
}

static void
md5_of (const guint8 *data,
        gsize         len,
        guint8        digest[16])
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  gsize dl = 16;

  g_checksum_update (md5, data, len);
  g_checksum_get_digest (md5, digest, &dl);
}

static void
test_stub (void)
{
  Board b = board_new ("sim:esp32", 115200);
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  guint8 data[10000];
  guint8 digest[16];
  g_autofree guint8 *compressed = NULL;
  uLongf clen = compressBound (sizeof data);
  const guint8 *flash;
  guint8 s, e;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (g_rand_int_range (rand, 0, 4) * 17);   /* compressible */
  md5_of (data, sizeof data, digest);
  compressed = g_malloc (clen);
  g_assert_cmpint (compress2 (compressed, &clen, data, sizeof data, 9), ==, Z_OK);

  sync_board (&b, 4);
  upload_stub (&b, 4, 0x40090000);
  stub_sync (&b);

  /* Neighbours of the written region must survive: no over-erase. */
  fill_flash (&b, 0x00);
  {
    guint32 blocks = (guint32) ((clen + 0x3FF) / 0x400);
    g_autoptr(GBytes) r = flash_begin (&b, 0x10, sizeof data, blocks, 0x400, 0x3000);

    assert_ok (r, 0x10, 0, 2);
    for (guint32 k = 0; k < blocks; k++)
      {
        gsize n = MIN (0x400, clen - k * 0x400);
        g_autoptr(GBytes) rd = flash_data (&b, 0x11, k, compressed + k * 0x400, n);
        assert_ok (rd, 0x11, 0, 2);
      }
  }
  {
    guint8 flag[4] = { 1, 0, 0, 0 };
    g_autoptr(GBytes) r = command (&b, 0x12, flag, 4, 0);
    assert_ok (r, 0x12, 0, 2);
  }
  flash = kiln_sim_get_flash (b.sim, NULL);
  g_assert_cmpmem (flash + 0x3000, sizeof data, data, sizeof data);
  g_assert_cmpint (flash[0x2FFF], ==, 0x00);
  /* 10000 bytes from 0x3000 end in sector 5; the rest of it was erased,
   * sector 6 was not touched. */
  g_assert_cmpint (flash[0x3000 + sizeof data], ==, 0xFF);
  g_assert_cmpint (flash[0x6000], ==, 0x00);

  /* MD5 answers 16 raw bytes. */
  {
    guint8 d[16] = { 0 };
    g_autoptr(GBytes) r = NULL;

    put32 (d, 0x3000);
    put32 (d + 4, sizeof data);
    r = command (&b, 0x13, d, 16, 0);
    assert_ok (r, 0x13, 16, 2);
    g_assert_cmpmem ((const guint8 *) g_bytes_get_data (r, NULL) + 8, 16, digest, 16);
  }

  /* READ_FLASH: packets, acknowledged one by one, then the MD5. */
  {
    guint8 d[16];
    g_autoptr(GBytes) r = NULL;
    g_autoptr(GByteArray) got = g_byte_array_new ();
    g_autoptr(GBytes) md5 = NULL;

    put32 (d, 0x3000);
    put32 (d + 4, sizeof data);
    put32 (d + 8, 4096);
    put32 (d + 12, 1);
    r = command (&b, 0xD2, d, 16, 0);
    assert_ok (r, 0xD2, 0, 2);
    while (got->len < sizeof data)
      {
        g_autoptr(GBytes) pkt = read_frame (&b);
        guint8 ack[4];

        g_assert_nonnull (pkt);
        g_assert_cmpuint (g_bytes_get_size (pkt), ==, MIN (4096u, sizeof data - got->len));
        g_byte_array_append (got, g_bytes_get_data (pkt, NULL), (guint) g_bytes_get_size (pkt));
        put32 (ack, got->len);
        send_frame (&b, ack, 4);
      }
    md5 = read_frame (&b);
    g_assert_nonnull (md5);
    g_assert_cmpmem (got->data, got->len, data, sizeof data);
    g_assert_cmpmem (g_bytes_get_data (md5, NULL), g_bytes_get_size (md5), digest, 16);
  }

  /* ERASE_REGION wants whole sectors. */
  {
    guint8 d[8];
    g_autoptr(GBytes) r1 = NULL;
    g_autoptr(GBytes) r2 = NULL;

    put32 (d, 0x3000);
    put32 (d + 4, 0x1000);
    r1 = command (&b, 0xD1, d, 8, 0);
    assert_ok (r1, 0xD1, 0, 2);
    g_assert_cmpuint (erased_sectors_from (&b, 0x3000), ==, 1);
    g_assert_cmpint (flash[0x4000], ==, data[0x1000]);
    put32 (d, 0x3100);
    r2 = command (&b, 0xD1, d, 8, 0);
    reply_status (r2, 0xD1, 0, 2, &s, &e);
    g_assert_cmpint (s, ==, 0xC0);
  }

  /* A stub knows no READ_FLASH_SLOW. */
  {
    guint8 d[8] = { 0 };
    g_autoptr(GBytes) r = command (&b, 0x0E, d, 8, 0);

    reply_status (r, 0x0E, 0, 2, &s, &e);
    g_assert_cmpint (s, ==, 0xFF);
  }
  board_close (&b);
}

/* On the ESP8266 the stub writes exactly, where the ROM over-erases. */
static void
test_stub_esp8266 (void)
{
  Board b = board_new ("sim:esp8266?flash=1MB", 115200);
  guint8 data[0x1000];
  g_autoptr(GBytes) r = NULL;
  g_autoptr(GBytes) rd = NULL;
  g_autoptr(GBytes) re = NULL;
  guint8 flag[4] = { 1, 0, 0, 0 };
  const guint8 *flash = kiln_sim_get_flash (b.sim, NULL);

  memset (data, 0x42, sizeof data);
  sync_board (&b, 2);
  upload_stub (&b, 2, 0x4010E000);
  fill_flash (&b, 0x00);
  r = flash_begin (&b, 0x02, sizeof data, 1, 0x4000, 0x0);
  assert_ok (r, 0x02, 0, 2);
  rd = flash_data (&b, 0x03, 0, data, sizeof data);
  assert_ok (rd, 0x03, 0, 2);
  re = command (&b, 0x04, flag, 4, 0);
  assert_ok (re, 0x04, 0, 2);
  g_assert_cmpmem (flash, sizeof data, data, sizeof data);
  g_assert_cmpint (flash[0x1000], ==, 0x00);
  board_close (&b);
}

/* Kiln's own stub (its core, compiled for the host, runs when the uploaded
 * RAM holds its identification block for this chip) erases ahead of a
 * write session while its main loop is idle, and the board's clock charges
 * those erases while they run: a block that arrives during one is answered
 * only after it, as on the chip. */
/* Uploads something that carries Kiln's stub identification block (the
 * virtual ESP8266 then runs Kiln's stub core) and waits for its greeting. */
static void
start_kiln_stub (Board *b)
{
  /* "KILNSTUB", version 1, target 1 (the ESP8266), as stub/core/kstub.h lays it out */
  static const guint8 id[32] = { 'K', 'I', 'L', 'N', 'S', 'T', 'U', 'B', 1, 0, 0, 0, 1 };
  guint8 d[16];
  g_autofree guint8 *md = g_malloc0 (16 + sizeof id);
  g_autoptr(GBytes) r1 = NULL;
  g_autoptr(GBytes) r2 = NULL;
  g_autoptr(GBytes) r3 = NULL;
  g_autoptr(GBytes) ohai = NULL;

  sync_board (b, 2);
  put32 (d, sizeof id);
  put32 (d + 4, 1);
  put32 (d + 8, 0x1800);
  put32 (d + 12, 0x3FFE8000);
  r1 = command (b, 0x05, d, 16, 0);
  assert_ok (r1, 0x05, 0, 2);
  put32 (md, sizeof id);
  memcpy (md + 16, id, sizeof id);
  r2 = command (b, 0x07, md, 16 + sizeof id, xor_checksum (id, sizeof id));
  assert_ok (r2, 0x07, 0, 2);
  put32 (d, 0);
  put32 (d + 4, 0x3FFE8000);
  r3 = command (b, 0x06, d, 8, 0);
  assert_ok (r3, 0x06, 0, 2);
  ohai = read_frame (b);
  g_assert_nonnull (ohai);
  g_assert_cmpmem (g_bytes_get_data (ohai, NULL), g_bytes_get_size (ohai), "OHAI", 4);
}

static void
test_kstub_idle_erase (void)
{
  Board b = board_new ("sim:esp8266?flash=1MB&pace=1&erase-ms=100&write-ms=0", 115200);
  guint8 data[0x400];
  const guint8 *flash = kiln_sim_get_flash (b.sim, NULL);
  guint8 flag[4] = { 1, 0, 0, 0 };
  g_autoptr(GBytes) r4 = NULL;
  g_autoptr(GBytes) r5 = NULL;
  gint64 t0;

  start_kiln_stub (&b);
  fill_flash (&b, 0x00);

  /* BEGIN for two 64 KiB blocks: answered at once, nothing erased yet */
  r4 = flash_begin (&b, 0x02, 0x20000, 8, 0x4000, 0);
  assert_ok (r4, 0x02, 0, 2);
  g_assert_cmpint (flash[0], ==, 0x00);

  /* The main loop, idle since BEGIN, began erasing the block at 0 (5 × 100
   * ms) as this block came in: its answer waits for that. */
  memset (data, 0x42, sizeof data);
  t0 = g_get_monotonic_time ();
  r5 = flash_data (&b, 0x03, 0, data, sizeof data);
  assert_ok (r5, 0x03, 0, 2);
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 400 * 1000);
  g_assert_cmpmem (flash, sizeof data, data, sizeof data);
  g_assert_cmpint (flash[0xFFFF], ==, 0xFF);

  /* After that block, one more idle step: the block at 0x10000, erased
   * ahead of data that never comes; END waits for it, then says data is
   * missing.  Past the region nothing changed. */
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(GBytes) r = command (&b, 0x04, flag, 4, 0);
    guint8 s, e;

    reply_status (r, 0x04, 0, 2, &s, &e);
    g_assert_cmphex (s, ==, 0xC8);
  }
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 400 * 1000);
  g_assert_cmpuint (erased_sectors_from (&b, 0x1000), ==, 31);
  g_assert_cmpint (flash[0x20000], ==, 0x00);
  board_close (&b);
}

/* The same with a compressed block: the stub's interrupt side answers it
 * as it arrives, while the main loop still erases (5 × 200 ms); the data
 * is programmed once the erase is over, and END waits for that. */
static void
test_kstub_early_ack (void)
{
  Board b = board_new ("sim:esp8266?flash=1MB&pace=1&erase-ms=200&write-ms=0", 115200);
  guint8 data[0x10000];
  const guint8 *flash = kiln_sim_get_flash (b.sim, NULL);
  guint8 flag[4] = { 1, 0, 0, 0 };
  guint8 z[0x400];
  uLongf zlen = sizeof z;
  g_autoptr(GBytes) r1 = NULL;
  g_autoptr(GBytes) r2 = NULL;
  g_autoptr(GBytes) r3 = NULL;
  gint64 t0;

  start_kiln_stub (&b);
  fill_flash (&b, 0x00);
  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i / 256);
  g_assert_cmpint (compress2 (z, &zlen, data, sizeof data, 9), ==, Z_OK);

  r1 = flash_begin (&b, 0x10, sizeof data, 1, 0x4000, 0);
  assert_ok (r1, 0x10, 0, 2);

  t0 = g_get_monotonic_time ();
  r2 = flash_data (&b, 0x11, 0, z, zlen);
  assert_ok (r2, 0x11, 0, 2);
  /* long before the 1 s erase the main loop began at BEGIN is over */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 600 * 1000);

  r3 = command (&b, 0x12, flag, 4, 0);
  assert_ok (r3, 0x12, 0, 2);
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 900 * 1000);
  g_assert_cmpmem (flash, sizeof data, data, sizeof data);
  g_assert_cmpint (flash[0x10000], ==, 0x00);
  board_close (&b);
}

/* ---- reset, boot logs, baud ------------------------------------------- */

static void
test_reset_esp8266 (void)
{
  Board b = board_new ("sim:esp8266", 74880);
  g_autoptr(GByteArray) log1 = NULL;
  g_autoptr(GByteArray) log2 = NULL;
  g_autoptr(GByteArray) log3 = NULL;
  g_autoptr(GByteArray) ready = NULL;
  static const char download[] = "\r\n ets Jan  8 2013,rst cause:2, boot mode:(1,6)\r\n\r\n";
  KilnSimStats stats;

  drop_input (&b);
  classic_reset (&b);
  log1 = read_quiet (&b, 100);
  g_assert_cmpmem (log1->data, log1->len, download, strlen (download));
  g_assert_cmpint (kiln_sim_get_mode (b.sim), ==, KILN_SIM_MODE_ROM);
  g_assert_cmpuint (kiln_sim_get_baud (b.sim), ==, 74880);

  /* The ROM autobauds: a SYNC at 115200 relocks it. */
  set_baud (&b, 115200);
  sync_board (&b, 2);
  g_assert_cmpuint (kiln_sim_get_baud (b.sim), ==, 115200);

  /* RTS alone: EN pulses with GPIO0 high, a flash boot of an empty chip. */
  set_baud (&b, 74880);
  hard_reset (&b);
  log2 = read_quiet (&b, 100);
  g_assert_true (g_str_has_prefix ((const char *) log2->data,
                                   "\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n"));
  g_assert_true (contains (log2, "ets_main.c"));
  g_assert_cmpint (kiln_sim_get_mode (b.sim), ==, KILN_SIM_MODE_HALTED);

  /* With firmware: the ROM loads it, then the AT firmware says ready at
   * 115200. */
  install_esp8266_firmware (&b);
  hard_reset (&b);
  log3 = read_quiet (&b, 100);
  g_assert_true (contains (log3, "boot mode:(3,6)"));
  g_assert_true (contains (log3, "load 0x40100000, len 64, room 16 \r\n"));
  g_assert_true (contains (log3, "csum 0x"));
  g_assert_false (contains (log3, "csum err"));
  /* "ready" came at 115200 and was garbage at 74880; the firmware talks
   * at 115200. */
  g_assert_cmpint (kiln_sim_get_mode (b.sim), ==, KILN_SIM_MODE_APP);
  g_assert_cmpuint (kiln_sim_get_baud (b.sim), ==, 115200);
  set_baud (&b, 115200);
  send_raw (&b, (const guint8 *) "AT\r\n", 4);
  ready = read_quiet (&b, 100);
  g_assert_true (contains (ready, "\r\nOK\r\n"));

  kiln_sim_get_stats (b.sim, &stats);
  g_assert_cmpuint (stats.download_boots, >=, 2);     /* power-on and the reset */
  g_assert_cmpuint (stats.flash_boots, ==, 2);
  board_close (&b);
}

/* A power-on reset into the flash boot, then the classic DTR/RTS reset
 * into the download boot: both banners, and the strap register read in
 * the download boot matching its log. */
static void
check_esp32_resets (const char *spec,
                    const char *flash_log,
                    const char *download_log,
                    guint32     download_strap)
{
  Board b = board_new (spec, 115200);
  g_autoptr(GByteArray) log1 = NULL;
  g_autoptr(GByteArray) log2 = NULL;

  drop_input (&b);
  hard_reset (&b);
  log1 = read_bytes (&b, 120, 500);
  g_assert_true (g_str_has_prefix ((const char *) log1->data, flash_log));
  drop_input (&b);
  classic_reset (&b);
  log2 = read_quiet (&b, 100);
  g_assert_cmpmem (log2->data, log2->len, download_log, strlen (download_log));
  g_assert_cmpint (kiln_sim_get_mode (b.sim), ==, KILN_SIM_MODE_ROM);
  sync_board (&b, 4);
  g_assert_cmphex (read_reg (&b, 0x3FF44038, 4), ==, download_strap);
  board_close (&b);
}

/* By default the board is strapped like a DevKit, and prints what real
 * boards print. */
static void
test_reset_esp32 (void)
{
  check_esp32_resets ("sim:esp32",
                      "ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                      "invalid header: 0xffffffff\r\n",
                      "ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n"
                      "waiting for download\r\n",
                      0x03);
}

/* straps=recorded: the straps of the emulated board the ESP32 recordings
 * were made on (tests/data/transcripts), in the log and the register. */
static void
test_reset_esp32_recorded_straps (void)
{
  g_autoptr(GError) error = NULL;

  check_esp32_resets ("sim:esp32?straps=recorded",
                      "ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x12 (SPI_FAST_FLASH_BOOT)\r\n"
                      "invalid header: 0xffffffff\r\n",
                      "ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0xf (UART_BOOT(UART0))\r\n",
                      0x0F);

  /* Only the ESP32 has recordings. */
  g_assert_null (kiln_sim_new_from_options ("sim:esp32s3?straps=recorded", &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (kiln_sim_new_from_options ("sim:esp32?straps=devkit", &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
}

/* A bootloader with one bit flipped at 0x60: the ESP32's ROM (ECO3, run
 * under emulation on the board the recordings come from) printed exactly
 * this for this image, and the virtual ESP32 prints the same. */
static void
test_esp32_bootloader_csum_err (void)
{
  static const char recorded[] =
    "ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x12 (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\n"
    "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n"
    "mode:DIO, clock div:2\r\nload:0x3fff0000,len:48\r\nload:0x40078000,len:20480\r\n"
    "csum err:0xeb!=0xef\r\nFalling back to built-in command interpreter.\r\nOK\r\n>";
  g_autoptr(GBytes) boot = kiln_test_esp32_bootloader_sized (KILN_TEST_CHIP_ESP32, 0x5000);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (boot, NULL), g_bytes_get_size (boot));
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) log = NULL;
  Board b = board_new ("sim:esp32?straps=recorded", 115200);

  bytes[0x60] ^= 0x04;
  g_assert_true (kiln_sim_set_flash (b.sim, 0x1000, bytes, g_bytes_get_size (boot), &error));
  g_assert_no_error (error);
  drop_input (&b);
  hard_reset (&b);
  log = read_bytes (&b, strlen (recorded), 500);
  g_assert_cmpmem (log->data, MIN (log->len, strlen (recorded)), recorded, strlen (recorded));
  board_close (&b);
}

/* kiln_test_esp8266_v1_image (DIO, 4 MB) with its stored checksum byte
 * wrong: the ESP8266's ROM (the real mask ROM under emulation) printed its
 * own running sums and "csum 0x5f", never the stored byte, then "csum err".
 * The virtual ESP8266 prints the same sums (its room/tail numbers are only
 * plausible, see src/sim/README.md). */
static void
test_esp8266_stored_checksum_wrong (void)
{
  g_autoptr(GBytes) image = kiln_test_esp8266_v1_image (0x02, 0x40);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (image, NULL), g_bytes_get_size (image));
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) log = NULL;
  g_autofree char *text = NULL;
  Board b = board_new ("sim:esp8266", 74880);

  bytes[g_bytes_get_size (image) - 1] ^= 0x22;
  g_assert_true (kiln_sim_set_flash (b.sim, 0x0, bytes, g_bytes_get_size (image), &error));
  g_assert_no_error (error);
  drop_input (&b);
  hard_reset (&b);
  log = read_quiet (&b, 100);
  text = g_strndup ((const char *) log->data, log->len);
  g_assert_nonnull (strstr (text, "load 0x40100000, len 928, room 16 \r\n"));
  g_assert_nonnull (strstr (text, "chksum 0x4f\r\n"));
  g_assert_nonnull (strstr (text, "chksum 0x5f\r\ncsum 0x5f\r\ncsum err\r\nets_main.c \r\n"));
  board_close (&b);
}

/* The boot log of a virtual ESP8266 holding @at0 at 0x0 and, unless
 * %NULL, @at1000 at 0x1000; @app_mode: whether the firmware ran. */
static GByteArray *
esp8266_boot_log (GBytes   *at0,
                  GBytes   *at1000,
                  gboolean *app_mode)
{
  Board b = board_new ("sim:esp8266", 74880);
  g_autoptr(GError) error = NULL;
  GByteArray *log;

  g_assert_true (kiln_sim_set_flash (b.sim, 0x0, g_bytes_get_data (at0, NULL),
                                     g_bytes_get_size (at0), &error));
  if (at1000 != NULL)
    g_assert_true (kiln_sim_set_flash (b.sim, 0x1000, g_bytes_get_data (at1000, NULL),
                                       g_bytes_get_size (at1000), &error));
  g_assert_no_error (error);
  drop_input (&b);
  hard_reset (&b);
  log = read_quiet (&b, 100);
  *app_mode = kiln_sim_get_mode (b.sim) == KILN_SIM_MODE_APP;
  board_close (&b);
  return log;
}

/* The SDK's boot.bin with no user1.bin at 0x1000 gives up as boot_v1.4
 * did in the corpus's log 127; the user image at 0x1000 makes it start
 * it; a firmware's own image at 0x0 (one segment, or tens of KiB of
 * IRAM) and a loader elsewhere in IRAM are no boot.bin. */
static void
test_esp8266_boot_without_user1 (void)
{
  static const char gave_up[] = "jump to run user1 @ 1000\r\n\r\nbackup boot failed.\r\n\r\n"
                                "user code done\r\n";
  g_autoptr(GBytes) boot = kiln_test_esp8266_v1_image (0x02, 0x40);
  g_autoptr(GBytes) user1 = kiln_test_esp8266_user1 (0x02, 0x40, 0x100);
  g_autoptr(GByteArray) tiny = esp8266_image (0x40);
  g_autoptr(GBytes) firmware = kiln_test_esp8266_firmware (0x02, 0x40);
  g_autoptr(GBytes) eboot = NULL;
  GBytes *not_boot[3];
  gboolean app_mode;

  {
    g_autoptr(GByteArray) log = esp8266_boot_log (boot, NULL, &app_mode);

    g_assert_true (contains (log, "2nd boot version : "));
    g_assert_true (contains (log, gave_up));
    g_assert_false (app_mode);
  }
  {
    g_autoptr(GByteArray) log = esp8266_boot_log (boot, user1, &app_mode);

    g_assert_true (contains (log, "jump to run user1 @ 1000\r\n"));
    g_assert_false (contains (log, "backup boot failed"));
  }
  /* A firmware's own image at 0x0, of one segment or tens of KiB of IRAM,
   * and boot.bin's layout loaded where the Arduino core's eboot goes (the
   * checksum covers the segments' data only). */
  {
    GByteArray *moved = g_bytes_unref_to_array (g_bytes_ref (boot));

    moved->data[8 + 1] = 0xF0;
    eboot = g_byte_array_free_to_bytes (moved);
  }
  not_boot[0] = g_bytes_new_static (tiny->data, tiny->len);
  not_boot[1] = g_bytes_ref (firmware);
  not_boot[2] = g_bytes_ref (eboot);
  for (guint i = 0; i < G_N_ELEMENTS (not_boot); i++)
    {
      g_autoptr(GByteArray) log = esp8266_boot_log (not_boot[i], NULL, &app_mode);

      g_assert_true (contains (log, "csum 0x"));
      g_assert_false (contains (log, "2nd boot version"));
      g_assert_false (contains (log, "backup boot failed"));
      g_bytes_unref (not_boot[i]);
    }
}

static GByteArray *
garbled_boot_log (const char *spec,
                  guint       host_baud)
{
  Board b = board_new (spec, host_baud);
  GByteArray *got;

  drop_input (&b);
  classic_reset (&b);
  got = read_quiet (&b, 100);
  board_close (&b);
  return got;
}

static void
test_baud_mismatch (void)
{
  static const char text[] = "\r\n ets Jan  8 2013,rst cause:2, boot mode:(1,6)\r\n\r\n";
  g_autoptr(GByteArray) a = garbled_boot_log ("sim:esp8266", 115200);
  g_autoptr(GByteArray) c = garbled_boot_log ("sim:esp8266", 115200);
  g_autoptr(GByteArray) clean = garbled_boot_log ("sim:esp8266?xtal=40", 115200);
  g_autoptr(GByteArray) slow = garbled_boot_log ("sim:esp32", 74880);
  gsize n = strlen (text);
  KilnSimStats stats;

  /* 74880 heard at 115200: garbage, the same every time, of a plausible
   * length. */
  g_assert_false (contains (a, "ets Jan"));
  g_assert_cmpuint (a->len, >, n / 3);
  g_assert_cmpuint (a->len, <, 2 * n);
  g_assert_cmpmem (a->data, a->len, c->data, c->len);
  /* A 40 MHz crystal logs at 115200: readable. */
  g_assert_cmpmem (clean->data, clean->len, text, n);
  /* An ESP32 log heard at 74880 is garbage too. */
  g_assert_cmpuint (slow->len, >, 0);
  g_assert_false (contains (slow, "ets Jul"));

  /* What the host sends at the wrong rate is garbage to the chip. */
  {
    Board b = board_new ("sim:esp32", 115200);
    guint8 a4[4];
    g_autoptr(GBytes) r = NULL;

    sync_board (&b, 4);
    set_baud (&b, 57600);
    put32 (a4, 0x40001000);
    send_cmd (&b, 0x0A, a4, 4, 0);
    r = read_frame_full (&b, 150, NULL);
    g_assert_null (r);
    kiln_sim_get_stats (b.sim, &stats);
    g_assert_cmpuint (stats.garbled_bytes, >, 0);
    /* Back at the right rate it answers again. */
    set_baud (&b, 115200);
    g_assert_cmphex (read_reg (&b, 0x40001000, 4), ==, 0x00F01D83);
    board_close (&b);
  }
}

/* ---- AT firmware ------------------------------------------------------- */

static GByteArray *
at (Board      *b,
    const char *line)
{
  send_raw (b, (const guint8 *) line, strlen (line));
  return read_quiet (b, 100);
}

static void
test_at (void)
{
  Board b = board_new ("sim:esp8266?at-version=9.9.9(test)", 115200);
  g_autoptr(GByteArray) ok = NULL;
  g_autoptr(GByteArray) gmr = NULL;
  g_autoptr(GByteArray) err = NULL;
  g_autoptr(GByteArray) rst = NULL;
  g_autoptr(GByteArray) again = NULL;
  static const char gmr_want[] =
    "AT+GMR\r\r\n"
    "AT version:9.9.9(test)\r\n"
    "SDK version:3.0.3(8427744)\r\n"
    "compile time:Mar 24 2020 16:16:12\r\n"
    "Bin version(Wroom 02):3.0.3\r\n"
    "OK\r\n";

  install_esp8266_firmware (&b);
  hard_reset (&b);
  g_usleep (20000);
  drop_input (&b);
  g_assert_cmpint (kiln_sim_get_mode (b.sim), ==, KILN_SIM_MODE_APP);

  ok = at (&b, "AT\r\n");
  g_assert_cmpmem (ok->data, ok->len, "AT\r\r\n\r\nOK\r\n", 11);
  gmr = at (&b, "AT+GMR\r\n");
  g_assert_cmpmem (gmr->data, gmr->len, gmr_want, strlen (gmr_want));
  err = at (&b, "AT+NOPE\r\n");
  g_assert_cmpmem (err->data, err->len, "AT+NOPE\r\r\n\r\nERROR\r\n", 19);

  /* AT+RST: OK, a reboot (its 74880-baud ROM log is garbage here), and
   * the firmware answers again, "ready" first. */
  rst = at (&b, "AT+RST\r\n");
  g_assert_true (g_str_has_prefix ((const char *) rst->data, "AT+RST\r\r\n\r\nOK\r\n"));
  g_assert_true (contains (rst, "\r\nready\r\n"));
  g_assert_false (contains (rst, "ets Jan"));
  again = at (&b, "AT\r\n");
  g_assert_cmpmem (again->data, again->len, "AT\r\r\n\r\nOK\r\n", 11);
  board_close (&b);
}

static void
test_at_rst_log (void)
{
  Board b = board_new ("sim:esp8266?xtal=40", 115200);
  g_autoptr(GByteArray) out = NULL;
  KilnSimStats before, after;

  install_esp8266_firmware (&b);
  hard_reset (&b);
  g_usleep (20000);
  drop_input (&b);
  kiln_sim_get_stats (b.sim, &before);
  /* 40 MHz: the ROM log is at 115200 too, so it reads as text. */
  send_raw (&b, (const guint8 *) "AT+RST\r\n", 8);
  out = read_quiet (&b, 100);
  kiln_sim_get_stats (b.sim, &after);
  g_assert_true (contains (out, "\r\nOK\r\n"));
  g_assert_true (contains (out, " ets Jan  8 2013,rst cause:2, boot mode:(3,6)"));
  g_assert_true (contains (out, "ready"));
  g_assert_cmpuint (after.flash_boots, ==, before.flash_boots + 1);
  board_close (&b);
}

/* ---- failure scenarios ------------------------------------------------- */

static GByteArray *
scenario_log (const char *spec,
              guint       host_baud,
              gboolean    firmware)
{
  Board b = board_new (spec, host_baud);
  GByteArray *got;

  if (firmware)
    install_esp8266_firmware (&b);
  drop_input (&b);
  hard_reset (&b);
  got = read_quiet (&b, 100);
  board_close (&b);
  return got;
}

static void
test_scenarios (void)
{
  g_autoptr(GByteArray) mm = scenario_log ("sim:esp8266?xtal=40&scenario=mismatch-map", 115200, TRUE);
  g_autoptr(GByteArray) init = scenario_log ("sim:esp8266?xtal=40&scenario=no-init-data", 115200, TRUE);
  g_autoptr(GByteArray) gpio = scenario_log ("sim:esp8266?xtal=40&scenario=gpio15-high", 115200, TRUE);
  g_autoptr(GByteArray) csum = scenario_log ("sim:esp8266?xtal=40&scenario=csum-err", 115200, TRUE);
  g_autoptr(GByteArray) fine = scenario_log ("sim:esp8266?xtal=40", 115200, TRUE);
  g_autoptr(GByteArray) rderr = scenario_log ("sim:esp32?scenario=flash-read-err", 115200, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) brown = NULL;

  g_assert_true (contains (mm, "mismatch map 5,spi_size_map 4\r\nsystem param partition error\r\n"
                               "system_partition_table_regist fail\r\n"));
  g_assert_true (contains (init, "rf_cal[0] !=0x05,is 0xFF\r\n"));
  g_assert_true (contains (gpio, "boot mode:(7,7)\r\n\r\nwaiting for host\r\n"));
  g_assert_true (contains (csum, "csum err\r\n"));
  g_assert_false (contains (fine, "csum err"));
  g_assert_false (contains (fine, "rf_cal"));
  g_assert_true (contains (rderr, "flash read err, 1000\r\nets_main.c 371 \r\n"));

  /* A brown-out after the image started resets the chip with reason 0xf. */
  {
    Board b = board_new ("sim:esp32?scenario=brownout", 115200);
    static const guint8 header[24] = { 0xE9, 1, 0x02, 0x20, 0x00, 0x00, 0x08, 0x40, 0xEE };
    guint8 img[48] = { 0 };
    guint8 seg[8];

    memcpy (img, header, sizeof header);
    put32 (seg, 0x40080000);
    put32 (seg + 4, 4);
    memcpy (img + 24, seg, 8);
    memset (img + 32, 0x11, 4);
    img[47] = xor_checksum (img + 32, 4);
    g_assert_true (kiln_sim_set_flash (b.sim, 0x1000, img, sizeof img, &error));
    drop_input (&b);
    hard_reset (&b);
    brown = read_bytes (&b, 400, 1500);
    board_close (&b);
  }
  g_assert_true (contains (brown, "entry 0x40080000\r\n\r\nBrownout detector was triggered\r\n"));
  g_assert_true (contains (brown, "rst:0xf (RTCWDT_BROWN_OUT_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)"));

  /* Unknown scenarios are refused with a useful message. */
  g_assert_null (kiln_sim_new_from_options ("sim:esp32?scenario=mismatch-map", &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
}

/* ---- faults ---------------------------------------------------------- */

static guint64
bytes_in (Board *b)
{
  KilnSimStats s;

  kiln_sim_get_stats (b->sim, &s);
  return s.bytes_received;
}

static void
test_fault_drop_and_corrupt (void)
{
  /* Each SYNC frame is 46 bytes; the READ_REG after it 14. */
  Board b = board_new ("sim:esp32?fault=drop:50,corrupt:70", 115200);
  guint8 a[4];
  g_autoptr(GBytes) lost = NULL;
  g_autoptr(GBytes) bad = NULL;
  guint8 s, e;

  sync_board (&b, 4);
  g_assert_cmpuint (bytes_in (&b), ==, 46);
  put32 (a, 0x40001000);
  /* bytes 47..60: byte 50, the size field, vanishes: the frame no longer
   * matches its size and the ROM calls it malformed */
  send_cmd (&b, 0x0A, a, 4, 0);
  lost = read_frame (&b);
  reply_status (lost, 0x0A, 0, 4, &s, &e);
  g_assert_cmpint (s, ==, 1);
  g_assert_cmpint (e, ==, 0x05);
  /* bytes 61..74: byte 70, the address' second byte, arrives flipped:
   * 0x40001100 reads 0 */
  send_cmd (&b, 0x0A, a, 4, 0);
  bad = read_frame (&b);
  g_assert_nonnull (bad);
  g_assert_cmpuint (get32 ((const guint8 *) g_bytes_get_data (bad, NULL) + 4), ==, 0);
  g_assert_cmphex (read_reg (&b, 0x40001000, 4), ==, 0x00F01D83);
  board_close (&b);
}

static void
test_fault_corrupt_reply (void)
{
  /* The power-on banner in the download strap is 129 bytes (with
   * "waiting for download"); the first SYNC reply's value byte 0x07 sits
   * at 129 + 6. */
  Board b = board_new ("sim:esp32?fault=corrupt-reply:135", 115200);
  guint8 body[36] = { 0x07, 0x07, 0x12, 0x20 };
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;

  memset (body + 4, 0x55, 32);
  send_cmd (&b, 0x08, body, sizeof body, 0);
  first = read_frame (&b);
  second = read_frame (&b);
  g_assert_cmpuint (get32 ((const guint8 *) g_bytes_get_data (first, NULL) + 4), ==, 0x20120706);
  g_assert_cmpuint (get32 ((const guint8 *) g_bytes_get_data (second, NULL) + 4), ==, 0x20120707);
  board_close (&b);
}

static void
test_fault_stall (void)
{
  Board b = board_new ("sim:esp32?fault=stall:46:300", 115200);
  guint8 body[36] = { 0x07, 0x07, 0x12, 0x20 };
  g_autoptr(GBytes) early = NULL;
  g_autoptr(GBytes) later = NULL;
  gint64 start;

  memset (body + 4, 0x55, 32);
  drop_input (&b);
  start = g_get_monotonic_time ();
  send_cmd (&b, 0x08, body, sizeof body, 0);
  early = read_frame_full (&b, 150, NULL);
  g_assert_null (early);
  later = read_frame_full (&b, 2000, NULL);
  g_assert_nonnull (later);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
  board_close (&b);
}

static void
test_fault_disconnect (void)
{
  g_autoptr(KilnSim) sim = NULL;
  Board b = board_new ("sim:esp32?fault=disconnect:60", 115200);
  g_autoptr(GError) error = NULL;
  guint8 a[4];
  guint8 buf[16];
  gsize n;

  sync_board (&b, 4);                                 /* 46 bytes */
  put32 (a, 0x40001000);
  send_cmd (&b, 0x0A, a, 4, 0);                       /* 47..60: all through */
  g_assert_false (kiln_transport_read (b.t, buf, sizeof buf, &n, 100, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE);
  g_clear_error (&error);
  g_assert_false (kiln_transport_write (b.t, a, 4, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE);
  g_clear_error (&error);

  /* Plugged in again, the board answers. */
  sim = kiln_sim_ref (b.sim);
  g_clear_pointer (&b.t, kiln_transport_free);
  b.t = kiln_sim_open_transport (sim, 115200, &error);
  g_assert_no_error (error);
  sync_board (&b, 4);
  board_close (&b);
}

static void
test_fault_reset_and_noise (void)
{
  Board b = board_new ("sim:esp32?fault=reset:46", 115200);
  Board c = board_new ("sim:esp32?fault=noise:7", 115200);
  guint8 body[36] = { 0x07, 0x07, 0x12, 0x20 };
  g_autoptr(GByteArray) log = NULL;
  g_autoptr(GByteArray) noise = g_byte_array_new ();
  g_autoptr(GBytes) first = NULL;
  KilnSimStats stats;

  memset (body + 4, 0x55, 32);
  drop_input (&b);
  send_cmd (&b, 0x08, body, sizeof body, 0);
  log = read_quiet (&b, 100);
  g_assert_true (contains (log, "rst:0x10 (RTCWDT_RTC_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))"));
  kiln_sim_get_stats (b.sim, &stats);
  g_assert_cmpuint (stats.boots, ==, 2);

  drop_input (&c);
  send_cmd (&c, 0x08, body, sizeof body, 0);
  first = read_frame_full (&c, 2000, noise);
  g_assert_nonnull (first);
  g_assert_cmpuint (noise->len, ==, 7);
  board_close (&b);
  board_close (&c);
}

/* Faults armed while the board runs count from that moment. */
static void
test_fault_injected (void)
{
  Board b = board_new ("sim:esp32", 115200);
  g_autoptr(GError) error = NULL;
  guint8 a[4];
  guint8 wr[16] = { 0 };
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) third = NULL;
  g_autoptr(GBytes) esc = NULL;
  guint8 s, e;

  sync_board (&b, 4);
  put32 (a, 0x40001000);

  /* dup: the next frame reaches the chip twice, and is answered twice */
  g_assert_true (kiln_sim_inject_faults (b.sim, "dup:1", &error));
  g_assert_no_error (error);
  send_cmd (&b, 0x0A, a, 4, 0);
  first = read_frame (&b);
  second = read_frame (&b);
  g_assert_nonnull (second);
  g_assert_true (g_bytes_equal (first, second));
  third = read_frame_full (&b, 100, NULL);
  g_assert_null (third);

  /* corrupt-esc: a damaged escape makes the frame one byte longer, which
   * the ROM rejects as malformed */
  g_assert_true (kiln_sim_inject_faults (b.sim, "corrupt-esc:1", &error));
  put32 (wr, 0x3FF00000);
  put32 (wr + 4, 0x000000C0);          /* needs an escape on the wire */
  put32 (wr + 8, 0xFFFFFFFF);
  esc = command (&b, 0x09, wr, 16, 0);
  reply_status (esc, 0x09, 0, 4, &s, &e);
  g_assert_cmpint (s, ==, 1);
  g_assert_cmpint (e, ==, 0x05);

  /* bad lists are refused */
  g_assert_false (kiln_sim_inject_faults (b.sim, "explode:1", &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
  g_assert_cmphex (read_reg (&b, 0x40001000, 4), ==, 0x00F01D83);
  board_close (&b);
}

/* ---- pacing ------------------------------------------------------------ */

static void
test_pacing (void)
{
  Board b = board_new ("sim:esp32?pace=1&erase-ms=20", 115200);
  Board fast = board_new ("sim:esp32?pace=1&erase-ms=0", 921600);
  g_autoptr(GError) error = NULL;
  guint8 buf[8];
  gsize n = 0;
  gint64 t0, slow_us, fast_us;

  drop_input (&b);
  drop_input (&fast);

  /* A read on a silent line honours its timeout. */
  t0 = g_get_monotonic_time ();
  g_assert_true (kiln_transport_read (b.t, buf, sizeof buf, &n, 80, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 75 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 1000 * 1000);

  /* SYNC: 46 bytes out, 8 × 14 back = 158 bytes, 13.7 ms at 115200 and
   * 1.7 ms at 921600.  Pacing only ever adds time, so the slow board's
   * lower bound holds however busy the machine is.  That the fast board
   * is faster is an upper bound, which a loaded machine (another build,
   * Wine) can stretch: the quickest of five syncs is compared with two
   * thirds of the slow board's time, which a board paced at 115200 could
   * never reach. */
  t0 = g_get_monotonic_time ();
  sync_board (&b, 4);
  slow_us = g_get_monotonic_time () - t0 - 30 * 1000;   /* minus drop_input's quiet time */
  g_assert_cmpint (slow_us, >=, 12 * 1000);
  fast_us = G_MAXINT64;
  for (guint i = 0; i < 5; i++)
    {
      t0 = g_get_monotonic_time ();
      sync_board (&fast, 4);
      fast_us = MIN (fast_us, g_get_monotonic_time () - t0 - 30 * 1000);
    }
  g_assert_cmpint (fast_us, <, slow_us * 2 / 3);

  /* Erasing 3 lone sectors takes 3 × 20 ms before the reply. */
  attach_esp32 (&b);
  {
    g_autoptr(GBytes) r = NULL;

    t0 = g_get_monotonic_time ();
    r = flash_begin (&b, 0x02, 0x3000, 12, 0x400, 0x1000);
    assert_ok (r, 0x02, 0, 4);
    g_assert_cmpint (g_get_monotonic_time () - t0, >=, 55 * 1000);
  }
  board_close (&b);
  board_close (&fast);
}

/* ---- the USB bridge's latency timer ----------------------------------- */

/* The model itself, with exact times: FTDI's 16 ms timer and 62-byte
 * packets, the port opened at 0. */
static void
test_bridge_model (void)
{
  KilnSimBridge b;
  guint refill = 99;
  gint64 t;

  /* No latency: bytes go as they arrive. */
  kiln_sim_bridge_init (&b, 0, 62, 0);
  g_assert_cmpint (kiln_sim_bridge_push (&b, 1234, &refill), ==, 1234);
  g_assert_cmpuint (refill, ==, 0);

  kiln_sim_bridge_init (&b, 16000, 62, 0);
  /* A 14-byte reply arriving at 3 ms waits for the tick at 16 ms. */
  for (guint i = 0; i < 14; i++)
    {
      g_assert_cmpint (kiln_sim_bridge_push (&b, 3000 + i * 87, &refill), ==, 16000);
      g_assert_cmpuint (refill, ==, 0);
    }
  /* The timer restarted at 16 ms and ticks every 16 ms while idle: a
   * reply at 40 ms goes at 48 ms, one exactly on a tick at that tick's
   * successor (the packet before it has just gone). */
  g_assert_cmpint (kiln_sim_bridge_push (&b, 40000, &refill), ==, 48000);
  g_assert_cmpint (kiln_sim_bridge_push (&b, 48000, &refill), ==, 64000);
  g_assert_cmpuint (b.packets, ==, 2);

  /* A stream fills packets: each goes when its 62nd byte arrives, taking
   * the 61 before it along; the tail waits for the timer, counted from the
   * last full packet. */
  kiln_sim_bridge_init (&b, 16000, 62, 0);
  for (guint i = 0; i < 130; i++)
    {
      gint64 arrival = 100000 + i * 10;

      t = kiln_sim_bridge_push (&b, arrival, &refill);
      if (i == 61 || i == 123)
        {
          g_assert_cmpint (t, ==, arrival);
          g_assert_cmpuint (refill, ==, 61);
        }
      else
        {
          g_assert_cmpuint (refill, ==, 0);
          if (i < 61)
            g_assert_cmpint (t, ==, 112000);        /* the tick after 100 ms */
          else if (i > 123)
            g_assert_cmpint (t, ==, 101230 + 16000);
        }
    }
  g_assert_cmpuint (b.packets, ==, 2);
  /* CH340-sized packets and a 1 ms timer. */
  kiln_sim_bridge_init (&b, 1000, 32, 500);
  g_assert_cmpint (kiln_sim_bridge_push (&b, 2600, &refill), ==, 3500);
}

/* Through a transport: with a 200 ms timer (and packets too big to fill)
 * nothing the ROM says reaches the host before the first tick, and a reply
 * to a command sent after that tick waits for the next one.  Lower bounds
 * only: a loaded machine makes everything later, never earlier. */
static void
test_adapter_latency (void)
{
  const gint64 L = 200 * 1000;
  gint64 t0 = g_get_monotonic_time ();
  Board b = board_new ("sim:esp32?pace=1&latency-us=200000&usb-packet=4096", 115200);
  guint8 body[36] = { 0x07, 0x07, 0x12, 0x20 };
  guint8 a[4];
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) reg = NULL;

  memset (body + 4, 0x55, 32);
  send_cmd (&b, 0x08, body, sizeof body, 0);
  first = read_frame (&b);
  g_assert_nonnull (first);
  assert_ok (first, 0x08, 0, 4);
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, L);
  for (guint i = 1; i < 8; i++)
    {
      g_autoptr(GBytes) r = read_frame (&b);
      g_assert_nonnull (r);
      assert_ok (r, 0x08, 0, 4);
    }

  put32 (a, 0x3FF5A004);                  /* eFuse MAC word: any register does */
  send_cmd (&b, 0x0A, a, 4, 0);
  reg = read_frame (&b);
  g_assert_nonnull (reg);
  assert_ok (reg, 0x0A, 0, 4);
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 2 * L);
  board_close (&b);
}

/* ---- ports, registry, flash files ------------------------------------ */

static gpointer
let_go_later (gpointer data)
{
  g_usleep (300 * 1000);
  kiln_transport_free (data);
  return NULL;
}

/* A port this program holds and lets go of a moment later (the Boot Log
 * stopping when a job starts) opens once it is free, not with "busy". */
static void
test_own_holder_waited_for (void)
{
  const char *port = "sim:esp8266?id=held-briefly";
  g_autoptr(GError) error = NULL;
  KilnTransport *first;
  g_autoptr(KilnTransport) second = NULL;
  GThread *thread;

  kiln_sim_register ();
  first = kiln_transport_open (port, 115200, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("let-go", let_go_later, first);
  second = kiln_transport_open (port, 115200, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_thread_join (thread);
  g_clear_pointer (&second, kiln_transport_free);
  kiln_sim_forget ("held-briefly");
}

static void
test_registry_and_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiln-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "flash.bin", NULL);
  g_autofree char *port = g_strdup_printf ("sim:esp32?id=bench-1&flash=1MB&flash-file=%s", path);
  g_autoptr(KilnTransport) t1 = NULL;
  g_autoptr(KilnTransport) busy = NULL;
  g_autoptr(KilnTransport) t2 = NULL;
  g_autoptr(KilnSim) sim = NULL;
  g_autofree char *saved = NULL;
  gsize saved_len = 0;
  guint8 block[0x400];
  Board b = { 0 };

  g_unlink (path);
  memset (block, 0xA5, sizeof block);
  kiln_sim_register ();

  t1 = kiln_transport_open (port, 115200, &error);
  g_assert_no_error (error);
  g_assert_true (kiln_sim_from_transport (t1) != NULL);
  /* Held by this program: the second open waits for it to be let go
   * (2 s), then says busy. */
  {
    gint64 t0 = g_get_monotonic_time ();

    busy = kiln_transport_open (port, 115200, &error);
    g_assert_cmpint (g_get_monotonic_time () - t0, >=, 2 * G_USEC_PER_SEC - 1000);
  }
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY);
  g_assert_null (busy);
  g_clear_error (&error);

  b.t = t1;
  sync_board (&b, 4);
  attach_esp32 (&b);
  {
    g_autoptr(GBytes) r1 = flash_begin (&b, 0x02, 0x1000, 1, 0x400, 0x2000);
    g_autoptr(GBytes) r2 = flash_data (&b, 0x03, 0, block, sizeof block);
    assert_ok (r1, 0x02, 0, 4);
    assert_ok (r2, 0x03, 0, 4);
  }
  g_clear_pointer (&t1, kiln_transport_free);

  /* Closing saved the file. */
  g_file_get_contents (path, &saved, &saved_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved_len, ==, 1024 * 1024);
  g_assert_cmpmem (saved + 0x2000, sizeof block, block, sizeof block);

  /* The same id reaches the same board, still in the loader. */
  t2 = kiln_transport_open ("sim:esp32?id=bench-1", 115200, &error);
  g_assert_no_error (error);
  sim = kiln_sim_lookup ("bench-1");
  g_assert_true (sim == kiln_sim_from_transport (t2));
  g_assert_cmpint (kiln_sim_get_flash (sim, NULL)[0x2000], ==, 0xA5);
  g_clear_pointer (&t2, kiln_transport_free);
  kiln_sim_forget ("bench-1");
  g_assert_null (kiln_sim_lookup ("bench-1"));

  /* A new board loads the file back. */
  {
    g_autofree char *again = g_strdup_printf ("sim:esp32?flash-file=%s", path);
    g_autoptr(KilnSim) fresh = kiln_sim_new_from_options (again, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (kiln_sim_get_flash_size (fresh), ==, 1024 * 1024);
    g_assert_cmpint (kiln_sim_get_flash (fresh, NULL)[0x2000], ==, 0xA5);
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_ports_and_options (void)
{
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen8266 = FALSE, seen32 = FALSE;
  static const char *bad[] = {
    "sim:esp8266?flash=3MB", "sim:esp8266?xtal=24", "sim:esp8266?mac=12:34",
    "sim:esp8266?fault=drop", "sim:esp8266?fault=melt:3", "sim:esp8266?colour=red",
    "sim:esp8266?boot=sideways", "sim:esp8266?pace", "sim:esp8266?latency-us=16ms",
    "sim:esp8266?latency-us=2000000", "sim:esp8266?usb-packet=0",
  };

  kiln_sim_register ();
  ports = kiln_list_ports ();
  for (guint i = 0; i < ports->len; i++)
    {
      KilnPortInfo *p = g_ptr_array_index (ports, i);
      if (g_str_equal (p->name, "sim:esp8266"))
        seen8266 = p->is_virtual && strstr (p->description, "ESP8266") != NULL;
      if (g_str_equal (p->name, "sim:esp32"))
        seen32 = p->is_virtual;
    }
  g_assert_true (seen8266);
  g_assert_true (seen32);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KilnSim) sim = kiln_sim_new_from_options (bad[i], &error);
      g_assert_null (sim);
      g_assert_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  {
    g_autoptr(KilnSim) sim = kiln_sim_new_from_options ("sim:esp99", &error);
    g_assert_null (sim);
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND);
  }
}

/* ---- the TCP server --------------------------------------------------- */

static void
test_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiln-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "flash.bin", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *url = NULL;
  g_autofree char *saved = NULL;
  gsize saved_len = 0;
  guint8 block[0x400];
  guint8 rd[8];
  Board b = { 0 };
  gint64 deadline;

  g_unlink (path);
  url = kiln_test_start_sim (&proc, "--chip", "esp32", "--flash-size", "2MB",
                             "--flash-file", path, NULL);

  b.t = kiln_transport_open (url, 115200, &error);
  g_assert_no_error (error);
  sync_board (&b, 4);
  g_assert_cmphex (read_reg (&b, 0x40001000, 4), ==, 0x00F01D83);
  attach_esp32 (&b);
  memset (block, 0x3C, sizeof block);
  {
    g_autoptr(GBytes) r1 = flash_begin (&b, 0x02, 0x1000, 1, 0x400, 0x4000);
    g_autoptr(GBytes) r2 = flash_data (&b, 0x03, 0, block, sizeof block);
    g_autoptr(GBytes) r3 = NULL;

    assert_ok (r1, 0x02, 0, 4);
    assert_ok (r2, 0x03, 0, 4);
    put32 (rd, 0x4000);
    put32 (rd + 4, 64);
    r3 = command (&b, 0x0E, rd, 8, 0);
    assert_ok (r3, 0x0E, 64, 4);
    g_assert_cmpmem ((const guint8 *) g_bytes_get_data (r3, NULL) + 8, 64, block, 64);
  }
  g_clear_pointer (&b.t, kiln_transport_free);

  /* The server saves on disconnect. */
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&saved, g_free);
      if (g_file_get_contents (path, &saved, &saved_len, NULL) && saved_len == 2 * 1024 * 1024
          && memcmp (saved + 0x4000, block, sizeof block) == 0)
        break;
      g_usleep (20000);
    }
  g_assert_nonnull (saved);
  g_assert_cmpuint (saved_len, ==, 2 * 1024 * 1024);
  g_assert_cmpmem (saved + 0x4000, sizeof block, block, sizeof block);

  /* It keeps serving: a second client finds the board still in the loader. */
  b.t = kiln_transport_open (url, 115200, &error);
  g_assert_no_error (error);
  sync_board (&b, 4);
  g_clear_pointer (&b.t, kiln_transport_free);

  kiln_test_terminate (proc);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiln/sim/esp8266/erase-quirk", test_esp8266_erase_quirk);
  g_test_add_func ("/kiln/sim/esp32/erase-exact", test_esp32_erase_exact);
  g_test_add_func ("/kiln/sim/esp8266/unsupported", test_esp8266_unsupported);
  g_test_add_func ("/kiln/sim/rom/bad-checksum", test_bad_checksum);
  g_test_add_func ("/kiln/sim/flash/bit-clearing", test_bit_clearing);
  g_test_add_func ("/kiln/sim/esp32/rom-deflate", test_esp32_rom_deflate);
  g_test_add_func ("/kiln/sim/transport/own-holder-waited-for", test_own_holder_waited_for);
  g_test_add_func ("/kiln/sim/esp32/change-baud", test_esp32_change_baud);
  g_test_add_func ("/kiln/sim/esp32/rom-flash-size", test_esp32_rom_flash_size);
  g_test_add_func ("/kiln/sim/esp32/spi-pads", test_esp32_spi_pads);
  g_test_add_func ("/kiln/sim/esp32/rom-baud-calibration", test_esp32_rom_baud_cal);
  g_test_add_func ("/kiln/sim/esp8266/registers", test_esp8266_registers);
  g_test_add_func ("/kiln/sim/esp8266/jedec", test_esp8266_jedec);
  g_test_add_func ("/kiln/sim/stub/esp32", test_stub);
  g_test_add_func ("/kiln/sim/stub/esp8266", test_stub_esp8266);
  g_test_add_func ("/kiln/sim/kstub/idle-erase", test_kstub_idle_erase);
  g_test_add_func ("/kiln/sim/kstub/early-ack", test_kstub_early_ack);
  g_test_add_func ("/kiln/sim/reset/esp8266", test_reset_esp8266);
  g_test_add_func ("/kiln/sim/reset/esp32", test_reset_esp32);
  g_test_add_func ("/kiln/sim/reset/esp32-recorded-straps", test_reset_esp32_recorded_straps);
  g_test_add_func ("/kiln/sim/reset/esp32-bootloader-csum-err", test_esp32_bootloader_csum_err);
  g_test_add_func ("/kiln/sim/reset/esp8266-stored-checksum-wrong",
                   test_esp8266_stored_checksum_wrong);
  g_test_add_func ("/kiln/sim/baud-mismatch", test_baud_mismatch);
  g_test_add_func ("/kiln/sim/at/commands", test_at);
  g_test_add_func ("/kiln/sim/at/rst", test_at_rst_log);
  g_test_add_func ("/kiln/sim/scenarios", test_scenarios);
  g_test_add_func ("/kiln/sim/esp8266-boot-without-user1", test_esp8266_boot_without_user1);
  g_test_add_func ("/kiln/sim/fault/drop-corrupt", test_fault_drop_and_corrupt);
  g_test_add_func ("/kiln/sim/fault/corrupt-reply", test_fault_corrupt_reply);
  g_test_add_func ("/kiln/sim/fault/stall", test_fault_stall);
  g_test_add_func ("/kiln/sim/fault/disconnect", test_fault_disconnect);
  g_test_add_func ("/kiln/sim/fault/reset-noise", test_fault_reset_and_noise);
  g_test_add_func ("/kiln/sim/fault/injected", test_fault_injected);
  g_test_add_func ("/kiln/sim/pacing", test_pacing);
  g_test_add_func ("/kiln/sim/bridge/model", test_bridge_model);
  g_test_add_func ("/kiln/sim/bridge/latency", test_adapter_latency);
  g_test_add_func ("/kiln/sim/registry-and-file", test_registry_and_file);
  g_test_add_func ("/kiln/sim/ports-and-options", test_ports_and_options);
  g_test_add_func ("/kiln/sim/server", test_server);

  return g_test_run ();
}
