/* kiln-bench-model.c: the bounds every measured row is compared with.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each bound is the shortest time the write (first FLASH_BEGIN to the last
 * verification reply) or the read could take with a host that costs
 * nothing.  It is worked out here from what the bench assumes and says in
 * bench/README.md, never from the virtual board's code or counters:
 *
 *  - the wire: 8N1 at the baud, 10 bits a byte, both directions at once;
 *  - the flash, from the datasheets of GD25Q32/W25Q32-class parts: 30 ms to
 *    erase a 4 KiB sector, 150 ms a 64 KiB block, 0.6 ms to program a
 *    256-byte page, and 150 ms to hash a MiB (the chip's MD5 over flash);
 *  - the data: the smallest zlib stream of zlib -9 and libdeflate -12
 *    (deflate is what the loader protocol carries), or the raw image where
 *    that is smaller or the loader cannot inflate.
 *
 * The ROM protocol bound (the ROM loader, whose protocol is fixed): every
 * frame of the write as the protocol lays it out (BEGIN, each 1 KiB data
 * block with its 24 header bytes and SLIP escapes, MD5) and every reply,
 * and the ROM's documented order of work: FLASH_BEGIN erases the region
 * (whole aligned 64 KiB blocks as blocks, the rest as sectors) before it
 * answers, and each block is programmed before its reply, so nothing
 * overlaps.  A compressed write keeps its last 4 to 36 KiB uncompressed,
 * in a session of its own, because the ROM writes past the end of a
 * stream (kiln_bench_rom_bound()).
 *
 * The wire bound (a stub, whose protocol and schedule are Kiln's own): the
 * data must cross, and the flash must erase the region and program its
 * pages that are not all 0xFF (an erased page reads 0xFF already), and the
 * two overlap as far as they can: erasing needs no data and may come at
 * any time, a page can be programmed once the part of the stream that
 * produces it has crossed.  Then the region is hashed for the
 * verification, which by definition reads back what was written.  So
 * max(data on the wire, erase + programming) + MD5 request, hashing and
 * reply.  Framing, escapes, acknowledgements and the last block's
 * programming after its arrival are the protocol's cost, not the bound's:
 * the ratio shows them.
 *
 * The read bound: the region's bytes device→host, plus the request, its
 * reply and a 16-byte digest at the end.  The flash reads far faster than
 * any baud here (a 40 MHz SPI bus moves 1 MiB in well under 0.1 s) and its
 * reading overlaps the sending.
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
#define ROM_WINDOW 0x8000u  /* what a ROM inflates into before writing */

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

/* Erase time: whole aligned 64 KiB blocks as blocks where @blocks, the
 * rest (or everything) as 4 KiB sectors. */
static double
erase_s (const KilnBenchModel *m,
         guint32               first,
         guint32               count,
         gboolean              blocks)
{
  double ms = 0;
  guint32 s = first;

  while (count > 0)
    {
      if (blocks && s % 16 == 0 && count >= 16)
        {
          ms += m->block_erase_ms;
          s += 16;
          count -= 16;
        }
      else
        {
          ms += m->erase_ms;
          s++;
          count--;
        }
    }
  return ms / 1000.0;
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

/* What one compressed block inflates to, in bytes. */
static gsize
inflate_block (z_stream     *zs,
               const guint8 *in,
               gsize         n)
{
  gsize produced = 0;
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
      produced += got;
      if (rc == Z_STREAM_END || zs->avail_in == 0 || (rc != Z_OK && rc != Z_BUF_ERROR))
        break;
      if (rc == Z_BUF_ERROR && got == 0)
        break;
    }
  return produced;
}

/* The verification: the MD5 request, hashing the region, the reply. */
static double
verify_s (const KilnBenchModel *m,
          gsize                 len,
          guint                 status,
          guint                 digest,
          guint64              *bytes)
{
  guint8 q[16] = { 0 };
  guint64 md5 = command_len (0x13, q, 16, 0);
  guint64 reply = reply_len (status, digest);

  *bytes += md5 + reply;
  return wire (m, md5) + m->md5_ms / 1000.0 * len / 1048576.0 + wire (m, reply);
}

/* One ROM session (BEGIN and its data blocks) for @len bytes of @d at
 * @offset, compressed as @stream when not NULL.  Adds the bytes that cross
 * to @bytes. */
static double
rom_session (const KilnBenchModel *m,
             guint32               offset,
             const guint8         *d,
             gsize                 len,
             GBytes               *stream,
             guint64              *bytes)
{
  guint status = m->rom_status_len;
  guint64 ack = reply_len (status, 0), begin_bytes;
  double t = 0;
  guint8 begin[20] = { 0 };
  guint32 first = offset / SECTOR;
  guint32 sectors = (guint32) ((offset + len + SECTOR - 1) / SECTOR) - first;
  z_stream zs;
  gsize plen = stream != NULL ? g_bytes_get_size (stream) : len;
  const guint8 *p = stream != NULL ? g_bytes_get_data (stream, NULL) : d;
  guint32 nblocks = (guint32) ((plen + ROM_BLOCK - 1) / ROM_BLOCK);
  gsize inflated = 0;

  memset (&zs, 0, sizeof zs);
  if (stream != NULL && inflateInit (&zs) != Z_OK)
    g_error ("inflateInit failed");

  /* BEGIN erases the whole region before the ROM answers. */
  le32 (begin, (guint32) len);
  le32 (begin + 4, nblocks);
  le32 (begin + 8, ROM_BLOCK);
  le32 (begin + 12, offset);
  begin_bytes = command_len (stream ? 0x10 : 0x02, begin, m->begin_20 ? 20 : 16, 0) + ack;
  *bytes += begin_bytes;
  t += wire (m, begin_bytes) + erase_s (m, first, sectors, TRUE);

  /* Each block crosses, is programmed, and is answered, in turn. */
  for (guint32 seq = 0; seq < nblocks; seq++)
    {
      gsize off = (gsize) seq * ROM_BLOCK;
      gsize n = MIN (ROM_BLOCK, plen - off);
      guint64 frame;
      double dev;

      if (stream != NULL)
        {
          /* The ROM programs what it inflates a window at a time: the
           * pages come at the end of the session, below. */
          frame = data_frame_len (0x11, p + off, n, seq);
          inflated += inflate_block (&zs, p + off, n);
          dev = 0;
        }
      else if (n < ROM_BLOCK)
        {
          /* the last raw block goes padded with 0xFF, and is written so */
          g_autofree guint8 *pad = g_malloc (ROM_BLOCK);
          memcpy (pad, p + off, n);
          memset (pad + n, 0xFF, ROM_BLOCK - n);
          frame = data_frame_len (0x03, pad, ROM_BLOCK, seq);
          dev = program_s (m, ROM_BLOCK);
        }
      else
        {
          frame = data_frame_len (0x03, p + off, n, seq);
          dev = program_s (m, n);
        }
      *bytes += frame + ack;
      t += wire (m, frame) + dev + wire (m, ack);
    }
  /* Every window it filled, and the one the stream ended in whole (see
   * kiln_bench_rom_bound()). */
  if (stream != NULL)
    {
      t += program_s (m, inflated + (ROM_WINDOW - inflated % ROM_WINDOW));
      inflateEnd (&zs);
    }
  return t;
}

/**
 * kiln_bench_rom_bound:
 * @stream: (nullable): the smallest zlib stream of @data, where the ROM
 *   inflates and it is smaller than @data
 * @must_cross: (out) (optional): the bytes of the write in both directions
 * @sent: (out) (optional): the data the bound sends, compressed or not,
 *   without the protocol's framing
 *
 * The ROM protocol bound (see the top of the file).  A ROM that inflates
 * writes what it inflates a window at a time and, at the end of the
 * stream, the window the stream ended in whole, past the data, over what
 * the flash holds there (measured on the ESP32 ROM under emulation).  A
 * write that changes nothing outside its region can therefore send
 * compressed at most up to one sector short of the last window boundary
 * inside the region (counted from its start), the largest sector-aligned
 * part whose window ends inside the region; the rest goes uncompressed in
 * a session of its own, whose BEGIN erases what the ROM wrote past.
 *
 * Returns: seconds
 */
double
kiln_bench_rom_bound (const KilnBenchModel *m,
                      guint32               offset,
                      GBytes               *data,
                      GBytes               *stream,
                      guint64              *must_cross,
                      guint64              *sent)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (data, &len);
  gsize head = len >= ROM_WINDOW ? (len / ROM_WINDOW) * ROM_WINDOW - SECTOR : 0;
  guint64 bytes = 0, data_bytes = len;
  double t;

  if (stream == NULL || head == 0)
    t = rom_session (m, offset, d, len, NULL, &bytes);
  else
    {
      g_autoptr(GBytes) part = g_bytes_new_static (d, head);
      g_autoptr(GBytes) packed = kiln_bench_smallest_stream (part);
      gboolean smaller = g_bytes_get_size (packed) < head;

      t = rom_session (m, offset, d, head, smaller ? packed : NULL, &bytes) +
          rom_session (m, offset + (guint32) head, d + head, len - head, NULL, &bytes);
      data_bytes = (smaller ? g_bytes_get_size (packed) : head) + (len - head);
    }
  if (sent != NULL)
    *sent = data_bytes;

  /* No END: it would leave the loader. */
  if (m->verify)
    t += verify_s (m, len, m->rom_status_len, 32, &bytes);
  if (must_cross != NULL)
    *must_cross = bytes;
  return t;
}

/* Pages that hold something other than 0xFF: an erased page already reads
 * 0xFF, so a stub need not program the others. */
static gsize
pages_to_program (guint32  offset,
                  GBytes  *data)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (data, &len);
  gsize pages = 0;
  gsize pos = 0;

  while (pos < len)
    {
      gsize n = MIN (256 - (offset + pos) % 256, len - pos);

      for (gsize i = 0; i < n; i++)
        if (d[pos + i] != 0xFF)
          {
            pages++;
            break;
          }
      pos += n;
    }
  return pages;
}

/* No page can be programmed before the part of the stream that produces
 * its last byte has crossed: for every page, the wire time up to there
 * plus the programming of the pages (not all 0xFF) from there on.  Only
 * counts when an image's flash work comes late in its stream. */
static double
release_s (const KilnBenchModel *m,
           guint32               offset,
           GBytes               *data,
           GBytes               *stream)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (data, &len);
  gsize first = offset / 256;
  gsize n_pages = (offset + len + 255) / 256 - first;
  g_autofree guint64 *done_at = g_new0 (guint64, n_pages);   /* stream bytes */
  g_autofree guint8 *todo = g_new0 (guint8, n_pages);
  double best = 0, after = 0;

  for (gsize i = 0; i < n_pages; i++)
    {
      gsize a = MAX ((first + i) * 256, offset) - offset;
      gsize b = MIN ((first + i + 1) * 256 - offset, len);

      for (gsize k = a; k < b; k++)
        if (d[k] != 0xFF)
          {
            todo[i] = 1;
            break;
          }
      done_at[i] = b;           /* raw: the page's own last byte */
    }
  if (stream != NULL)
    {
      gsize slen;
      const guint8 *sp = g_bytes_get_data (stream, &slen);
      g_autofree guint8 *out = g_malloc (len + 1);
      z_stream zs;
      gsize page = 0;

      memset (&zs, 0, sizeof zs);
      if (inflateInit (&zs) != Z_OK)
        g_error ("inflateInit failed");
      zs.next_out = out;
      zs.avail_out = (uInt) len + 1;
      for (gsize pos = 0; pos < slen && page < n_pages; pos += 256)
        {
          gsize produced;

          zs.next_in = (Bytef *) sp + pos;
          zs.avail_in = (uInt) MIN (256, slen - pos);
          while (zs.avail_in > 0)
            {
              int rc = inflate (&zs, Z_NO_FLUSH);
              if (rc != Z_OK)
                break;
            }
          produced = len + 1 - zs.avail_out;
          while (page < n_pages && done_at[page] <= produced)
            done_at[page++] = MIN (pos + 256, slen);
        }
      inflateEnd (&zs);
    }
  for (gsize i = n_pages; i > 0; i--)
    {
      after += todo[i - 1] * m->write_ms / 1000.0;
      best = MAX (best, wire (m, done_at[i - 1]) + after);
    }
  return best;
}

/**
 * kiln_bench_wire_bound:
 * @data: the image
 * @stream: (nullable): the stream that crosses, when it is not the image
 * @must_cross: (out) (optional): the data and the verification exchange
 *
 * The wire bound of a write through a stub (see the top of the file).
 *
 * Returns: seconds
 */
double
kiln_bench_wire_bound (const KilnBenchModel *m,
                       guint32               offset,
                       GBytes               *data,
                       GBytes               *stream,
                       guint64              *must_cross)
{
  gsize payload = g_bytes_get_size (stream != NULL ? stream : data);
  gsize len = g_bytes_get_size (data);
  guint32 first = offset / SECTOR;
  guint32 sectors = (guint32) ((offset + len + SECTOR - 1) / SECTOR) - first;
  double flash = erase_s (m, first, sectors, TRUE) +
                 pages_to_program (offset, data) * m->write_ms / 1000.0;
  guint64 bytes = payload;
  double t = MAX (MAX (wire (m, payload), flash), release_s (m, offset, data, stream));

  if (m->verify)
    t += verify_s (m, len, 2, 16, &bytes);
  if (must_cross != NULL)
    *must_cross = bytes;
  return t;
}

/**
 * kiln_bench_read_bound:
 * @must_cross: (out) (optional): the bytes in both directions
 *
 * The read bound (see the top of the file).
 *
 * Returns: seconds
 */
double
kiln_bench_read_bound (const KilnBenchModel *m,
                       gsize                 len,
                       guint64              *must_cross)
{
  guint8 q[16] = { 0 };
  guint64 bytes = command_len (0xD2, q, 16, 0) + reply_len (2, 0) + len + 2 + 16;

  if (must_cross != NULL)
    *must_cross = bytes;
  return wire (m, bytes);
}
