/* kiln-bench-model.c: the lower bound every measured row is compared with.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bound is the shortest time the protocol and the device allow for the
 * write phase (first FLASH_BEGIN to the last verification reply), with a
 * host that costs nothing:
 *
 *  - the bytes that must cross: every frame of the write (BEGIN, each data
 *    block with its 24 header bytes and SLIP escapes, END where one is
 *    needed, MD5) and every reply the host has to wait for, at 10 bits a
 *    byte.  Data go compressed with the smallest stream any of the
 *    compressors here produces (zlib -9, libdeflate -12), or raw where that
 *    is smaller or the loader cannot inflate;
 *  - the device time that cannot overlap: a ROM loader erases in BEGIN and
 *    programs each block before it answers, so all of its device time adds
 *    up; a stub acknowledges a block once it is received and the previous
 *    one written, then writes it while the next one arrives, so only the
 *    part of its writing that the wire cannot hide adds up (a two-stage
 *    pipeline with one block buffered, computed block by block);
 *  - device costs from the same model the virtual device uses (erase per
 *    4 KiB sector, a 64 KiB block for 5 sectors when a ROM erases a whole
 *    aligned block, programming per 256-byte page, MD5 per MiB), with the
 *    inflated output split the same way.
 */
#include "config.h"

#include <string.h>
#include <zlib.h>
#ifdef KILN_HAVE_LIBDEFLATE
# include <libdeflate.h>
#endif

#include "kiln-bench.h"

#define SECTOR     0x1000u
#define ROM_BLOCK  0x400u
#define STUB_BLOCK 0x4000u

static double
wire (const KilnBenchModel *m,
      guint64               bytes)
{
  return bytes * 10.0 / m->baud;
}

static guint64
escapes (const guint8 *p,
         gsize         n)
{
  guint64 e = 0;
  for (gsize i = 0; i < n; i++)
    e += p[i] == 0xC0 || p[i] == 0xDB;
  return e;
}

static void
le32 (guint8  *p,
      guint32  v)
{
  p[0] = v & 0xFF;
  p[1] = (v >> 8) & 0xFF;
  p[2] = (v >> 16) & 0xFF;
  p[3] = v >> 24;
}

/* A command frame as SLIP puts it on the wire. */
static guint64
command_len (guint8        op,
             const guint8 *body,
             gsize         n,
             guint32       checksum)
{
  guint8 h[8] = { 0x00, op, n & 0xFF, (n >> 8) & 0xFF };
  le32 (h + 4, checksum);
  return 2 + 8 + n + escapes (h, 8) + escapes (body, n);
}

static guint8
xor_sum (const guint8 *p,
         gsize         n)
{
  guint8 c = 0xEF;
  for (gsize i = 0; i < n; i++)
    c ^= p[i];
  return c;
}

static guint64
data_frame_len (guint8        op,
                const guint8 *payload,
                gsize         n,
                guint32       seq)
{
  guint8 h[24] = { 0x00, op, (n + 16) & 0xFF, ((n + 16) >> 8) & 0xFF };
  h[4] = xor_sum (payload, n);
  le32 (h + 8, (guint32) n);
  le32 (h + 12, seq);
  return 2 + 24 + n + escapes (h, 24) + escapes (payload, n);
}

static guint64
reply_len (guint status_len,
           guint data_len)
{
  /* Status and digest bytes are rarely 0xC0 or 0xDB; an escape or two
   * more is within the noise. */
  return 2 + 8 + data_len + status_len;
}

/* Erase time as the device counts it: a ROM erases whole aligned 64 KiB
 * blocks in one go; a stub one sector at a time. */
static double
erase_s (const KilnBenchModel *m,
         guint32               first,
         guint32               count,
         gboolean              blocks)
{
  double units = 0;
  guint32 s = first;

  while (count > 0)
    {
      if (blocks && s % 16 == 0 && count >= 16)
        {
          units += 5;
          s += 16;
          count -= 16;
        }
      else
        {
          units += 1;
          s++;
          count--;
        }
    }
  return units * m->erase_ms / 1000.0;
}

static double
program_s (const KilnBenchModel *m,
           gsize                 len)
{
  return (double) ((len + 255) / 256) * m->write_ms / 1000.0;
}

GBytes *
kiln_bench_smallest_stream (GBytes *data)
{
  gsize len;
  const guint8 *in = g_bytes_get_data (data, &len);
  uLongf zn = compressBound (len);
  guint8 *z = g_malloc (zn);
  GBytes *best;

  if (compress2 (z, &zn, in, len, 9) != Z_OK)
    g_error ("zlib failed");
  best = g_bytes_new_take (z, zn);
#ifdef KILN_HAVE_LIBDEFLATE
  {
    struct libdeflate_compressor *c = libdeflate_alloc_compressor (12);
    gsize bound = libdeflate_zlib_compress_bound (c, len);
    guint8 *out = g_malloc (bound);
    gsize n = libdeflate_zlib_compress (c, in, len, out, bound);

    libdeflate_free_compressor (c);
    if (n > 0 && n < zn)
      {
        g_bytes_unref (best);
        best = g_bytes_new_take (out, n);
      }
    else
      g_free (out);
  }
#endif
  return best;
}

typedef struct
{
  const KilnBenchModel *m;
  guint32  offset;
  guint32  produced;
  guint8  *touched;   /* stub: sectors already erased */
  gboolean stub;
} Inflater;

/* The device time of one compressed block: inflate it as the device does
 * (4 KiB of output at a time) and charge erase and program time. */
static double
inflate_block (Inflater     *inf,
               z_stream     *zs,
               const guint8 *in,
               gsize         n)
{
  double t = 0;
  guint8 out[4096];

  zs->next_in = (Bytef *) in;
  zs->avail_in = (uInt) n;
  for (;;)
    {
      int rc;
      gsize got;

      zs->next_out = out;
      zs->avail_out = sizeof out;
      rc = inflate (zs, Z_NO_FLUSH);
      got = sizeof out - zs->avail_out;
      if (got > 0)
        {
          if (inf->stub)
            {
              guint32 a = inf->offset + inf->produced;
              for (guint32 s = a / SECTOR; s <= (a + got - 1) / SECTOR; s++)
                if (!inf->touched[s])
                  {
                    inf->touched[s] = 1;
                    t += erase_s (inf->m, s, 1, FALSE);
                  }
            }
          t += program_s (inf->m, got);
          inf->produced += (guint32) got;
        }
      if (rc == Z_STREAM_END || zs->avail_in == 0 || (rc != Z_OK && rc != Z_BUF_ERROR))
        break;
      if (rc == Z_BUF_ERROR && got == 0)
        break;
    }
  return t;
}

/**
 * kiln_bench_lower_bound:
 * @stream: (nullable): the smallest zlib stream of @data, where the loader
 *   inflates and it is smaller than @data
 *
 * Returns: the bound in seconds; *@must_cross gets the bytes of the write
 * phase in both directions.
 */
double
kiln_bench_lower_bound (const KilnBenchModel *m,
                        guint32               offset,
                        GBytes               *data,
                        GBytes               *stream,
                        guint64              *must_cross)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (data, &len);
  guint status = m->stub ? 2 : m->rom_status_len;
  guint32 block = m->stub ? STUB_BLOCK : ROM_BLOCK;
  guint64 bytes = 0, ack = reply_len (status, 0);
  double t = 0;
  guint8 begin[20] = { 0 };
  guint32 first = offset / SECTOR;
  guint32 sectors = (guint32) ((offset + len + SECTOR - 1) / SECTOR) - first;
  z_stream zs;
  Inflater inf = { m, offset, 0, NULL, m->stub };
  gsize plen = stream != NULL ? g_bytes_get_size (stream) : len;
  const guint8 *p = stream != NULL ? g_bytes_get_data (stream, NULL) : d;
  guint32 nblocks = (guint32) ((plen + block - 1) / block);
  double finish = 0;

  memset (&zs, 0, sizeof zs);
  if (stream != NULL && inflateInit (&zs) != Z_OK)
    g_error ("inflateInit failed");
  if (m->stub)
    inf.touched = g_new0 (guint8, (offset + len) / SECTOR + 2);

  /* BEGIN: the ROM erases everything first; a stub nothing. */
  le32 (begin, (guint32) len);
  le32 (begin + 4, nblocks);
  le32 (begin + 8, block);
  le32 (begin + 12, offset);
  bytes += command_len (stream ? 0x10 : 0x02, begin, m->stub || !m->begin_20 ? 16 : 20, 0) + ack;
  t += wire (m, bytes);
  if (!m->stub)
    t += erase_s (m, first, sectors, TRUE);
  finish = t;

  for (guint32 seq = 0; seq < nblocks; seq++)
    {
      gsize off = (gsize) seq * block;
      gsize n = MIN (block, plen - off);
      guint64 frame;
      double dev;

      if (stream != NULL)
        {
          frame = data_frame_len (0x11, p + off, n, seq);
          dev = inflate_block (&inf, &zs, p + off, n);
        }
      else
        {
          /* the last raw block goes padded with 0xFF, which a ROM writes
           * and a stub drops */
          if (n < block)
            {
              g_autofree guint8 *pad = g_malloc (block);
              memcpy (pad, p + off, n);
              memset (pad + n, 0xFF, block - n);
              frame = data_frame_len (0x03, pad, block, seq);
            }
          else
            frame = data_frame_len (0x03, p + off, n, seq);
          dev = 0;
          if (m->stub)
            for (guint32 s = (guint32) ((offset + off) / SECTOR);
                 s <= (guint32) ((offset + off + n - 1) / SECTOR); s++)
              if (!inf.touched[s])
                {
                  inf.touched[s] = 1;
                  dev += erase_s (m, s, 1, FALSE);
                }
          dev += program_s (m, m->stub ? n : block);
        }
      bytes += frame + ack;
      if (m->stub)
        {
          double arrived = t + wire (m, frame);
          double start = MAX (arrived, finish);
          finish = start + dev;
          t = start + wire (m, ack);
        }
      else
        t += wire (m, frame) + dev + wire (m, ack);
    }

  /* A stub answers END once the last block is on the flash; the ROM gets
   * no END (it would leave the loader). */
  if (m->stub)
    {
      guint8 flag[4] = { 1, 0, 0, 0 };
      guint64 end = command_len (stream ? 0x12 : 0x04, flag, 4, 0);
      bytes += end + ack;
      t = MAX (t + wire (m, end), finish) + wire (m, ack);
    }
  if (m->verify)
    {
      guint8 q[16] = { 0 };
      guint64 md5 = command_len (0x13, q, 16, 0);
      guint64 reply = reply_len (status, m->stub ? 16 : 32);
      bytes += md5 + reply;
      t += wire (m, md5) + m->md5_ms / 1000.0 * len / 1048576.0 + wire (m, reply);
    }

  if (stream != NULL)
    inflateEnd (&zs);
  g_free (inf.touched);
  if (must_cross != NULL)
    *must_cross = bytes;
  return t;
}
