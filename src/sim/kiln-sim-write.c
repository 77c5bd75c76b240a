/* kiln-sim-write.c: one flash write session (FLASH_* or FLASH_DEFL_*).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the ROM and the stub; they differ in when they erase (the ROM
 * up front in FLASH_BEGIN, a stub sector by sector as data arrives), in
 * whether the size is exact (stub) or padded (ROM) and in the error codes
 * they report, which stay in kiln-sim-rom.c and kiln-sim-stub.c.
 *
 * Uncompressed blocks land at offset + seq × block_size, so a block the
 * host repeats after a lost reply is written to the same place again
 * (harmless, as programming only clears bits).  A compressed stream must
 * arrive in order; a repeat of the previous block is acknowledged without
 * being inflated twice.
 */
#include "config.h"

#include <string.h>

#include "kiln-sim-private.h"

#define PAGE 256u

static gint64
program_cost (KilnSim *sim,
              gsize    len)
{
  return kiln_sim_cost_us (sim->opts.write_ms, (double) ((len + PAGE - 1) / PAGE));
}

/* Whole aligned 64 KiB blocks erase faster than their 16 sectors. */
gint64
kiln_sim_erase_cost (KilnSim *sim,
                     guint32  first_sector,
                     guint32  count)
{
  guint32 blocks = 0, sectors = 0, s = first_sector;

  while (count > 0)
    {
      if (s % 16 == 0 && count >= 16)
        {
          blocks++;
          s += 16;
          count -= 16;
        }
      else
        {
          sectors++;
          s++;
          count--;
        }
    }
  return kiln_sim_cost_us (sim->opts.erase_ms, sectors + 5.0 * blocks);
}

void
kiln_sim_write_begin (KilnSim  *sim,
                      gboolean  compressed,
                      gboolean  stub,
                      guint32   size,
                      guint32   num_blocks,
                      guint32   block_size,
                      guint32   offset)
{
  KilnSimWrite *w = &sim->write;

  kiln_sim_write_end (sim);
  w->active = TRUE;
  w->compressed = compressed;
  w->stub = stub;
  w->offset = offset;
  w->size = size;
  w->num_blocks = num_blocks;
  w->block_size = block_size;
  w->next_seq = 0;
  w->produced = 0;
  w->failed = FALSE;
  w->zstate = 0;
  w->zhdr_len = 0;
  w->ztrailer_len = 0;
  w->adler = adler32 (0, Z_NULL, 0);
  w->window_fill = 0;
  if (compressed && !stub && sim->opts.chip->rom_inflate_window != 0 && w->window == NULL)
    w->window = g_malloc0 (sim->opts.chip->rom_inflate_window);
  if (compressed)
    {
      memset (&w->zs, 0, sizeof w->zs);
      if (inflateInit2 (&w->zs, -MAX_WBITS) == Z_OK)
        w->zs_live = TRUE;
      else
        w->failed = TRUE;
    }
  if (stub)
    w->erased = g_new0 (guint8, sim->flash.size / KILN_SIM_SECTOR);
}

void
kiln_sim_write_end (KilnSim *sim)
{
  KilnSimWrite *w = &sim->write;

  if (w->zs_live)
    inflateEnd (&w->zs);
  w->zs_live = FALSE;
  g_clear_pointer (&w->erased, g_free);
  w->active = FALSE;
}

/* Frees what outlives the sessions (the ROM's inflate window). */
void
kiln_sim_write_clear (KilnSim *sim)
{
  kiln_sim_write_end (sim);
  g_clear_pointer (&sim->write.window, g_free);
}

/* A stub erases each sector the first time data reaches it. */
static gint64
stub_erase_ahead (KilnSim *sim,
                  guint32  addr,
                  gsize    len)
{
  KilnSimWrite *w = &sim->write;
  guint32 n_sectors = (guint32) (sim->flash.size / KILN_SIM_SECTOR);
  guint32 first, last;
  gint64 cost = 0;

  if (len == 0)
    return 0;
  first = addr / KILN_SIM_SECTOR;
  last = (guint32) (((guint64) addr + len - 1) / KILN_SIM_SECTOR);
  for (guint32 s = first; s <= last; s++)
    {
      guint32 ws = s % n_sectors;
      if (w->erased[ws])
        continue;
      w->erased[ws] = 1;
      kiln_sim_flash_erase_sectors (&sim->flash, ws, 1);
      sim->stats.sectors_erased++;
      cost += kiln_sim_erase_cost (sim, ws, 1);
    }
  return cost;
}

static KilnSimWriteResult
put (KilnSim      *sim,
     guint32       addr,
     const guint8 *data,
     gsize         len,
     gboolean      verify,
     gint64       *cost)
{
  if (sim->write.stub)
    *cost += stub_erase_ahead (sim, addr, len);
  /* The ROM cannot reach a flash whose pins are not attached: nothing is
   * written and the read-back check fails. */
  if (sim->rom.attached)
    {
      kiln_sim_flash_program (&sim->flash, addr, data, len);
      sim->stats.bytes_programmed += len;
    }
  *cost += program_cost (sim, len);
  if (verify && (!sim->rom.attached || !kiln_sim_flash_equal (&sim->flash, addr, data, len)))
    return KILN_SIM_WRITE_VERIFY;
  return KILN_SIM_WRITE_OK;
}

/* Inflated output, as the ROM writes it: straight through, or (a ROM
 * with an inflate window) a whole window whenever one fills and, at the end
 * of the stream, the window it has reached whole, stale bytes and all, even
 * when the stream ended just as the previous one filled. */
static KilnSimWriteResult
output (KilnSim      *sim,
        const guint8 *data,
        gsize         len,
        gboolean      end,
        gboolean      verify,
        gint64       *cost)
{
  KilnSimWrite *w = &sim->write;
  guint32 size = w->stub ? 0 : sim->opts.chip->rom_inflate_window;
  KilnSimWriteResult r = KILN_SIM_WRITE_OK;

  if (size == 0)
    {
      r = len > 0 ? put (sim, w->offset + w->produced, data, len, verify, cost) : r;
      w->produced += (guint32) len;
      return r;
    }
  while (len > 0 && r == KILN_SIM_WRITE_OK)
    {
      gsize n = MIN (len, (gsize) (size - w->window_fill));

      memcpy (w->window + w->window_fill, data, n);
      w->window_fill += (guint32) n;
      w->produced += (guint32) n;
      data += n;
      len -= n;
      if (w->window_fill == size)
        {
          r = put (sim, w->offset + w->produced - size, w->window, size, verify, cost);
          w->window_fill = 0;
        }
    }
  /* The window reached goes out whole.  Only the stream's own bytes are
   * read back: the real ROM wrote stale bytes over data without an error. */
  if (end && r == KILN_SIM_WRITE_OK)
    {
      guint32 at = w->offset + w->produced - w->window_fill;

      r = put (sim, at, w->window, size, FALSE, cost);
      if (verify && w->window_fill > 0
          && (!sim->rom.attached
              || !kiln_sim_flash_equal (&sim->flash, at, w->window, w->window_fill)))
        r = KILN_SIM_WRITE_VERIFY;
      w->window_fill = 0;
    }
  return r;
}

static KilnSimWriteResult
inflate_chunk (KilnSim      *sim,
               const guint8 *data,
               gsize         len,
               gboolean      verify,
               gint64       *cost)
{
  KilnSimWrite *w = &sim->write;
  gsize i = 0;

  while (i < len)
    {
      if (w->zstate == 0)
        {
          w->zhdr[w->zhdr_len++] = data[i++];
          if (w->zhdr_len == 2)
            {
              guint cmf = w->zhdr[0], flg = w->zhdr[1];
              /* deflate, window ≤ 32 KiB, header check, no preset dictionary */
              if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || (cmf * 256 + flg) % 31 != 0 || (flg & 0x20))
                return KILN_SIM_WRITE_INFLATE;
              w->zstate = 1;
            }
        }
      else if (w->zstate == 1)
        {
          guint8 out[4096];
          int rc;

          w->zs.next_in = (Bytef *) data + i;
          w->zs.avail_in = (uInt) (len - i);
          w->zs.next_out = out;
          w->zs.avail_out = sizeof out;
          rc = inflate (&w->zs, Z_NO_FLUSH);
          if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            return KILN_SIM_WRITE_INFLATE;
          i = len - w->zs.avail_in;
          if (w->zs.avail_out < sizeof out || rc == Z_STREAM_END)
            {
              gsize n = sizeof out - w->zs.avail_out;
              KilnSimWriteResult r;

              if ((guint64) w->produced + n > w->size)
                return KILN_SIM_WRITE_TOO_MUCH;
              w->adler = adler32 (w->adler, out, (uInt) n);
              r = output (sim, out, n, rc == Z_STREAM_END, verify, cost);
              if (r != KILN_SIM_WRITE_OK)
                return r;
            }
          if (rc == Z_STREAM_END)
            w->zstate = 2;
          else if (rc == Z_BUF_ERROR)
            break;              /* needs more input than this block holds */
        }
      else if (w->zstate == 2)
        {
          w->ztrailer[w->ztrailer_len++] = data[i++];
          if (w->ztrailer_len == 4)
            {
              guint32 want = (guint32) w->ztrailer[0] << 24 | (guint32) w->ztrailer[1] << 16
                             | (guint32) w->ztrailer[2] << 8 | w->ztrailer[3];
              w->zstate = 3;
              if (want != w->adler)
                return KILN_SIM_WRITE_ADLER;
            }
        }
      else
        break;                  /* bytes after the stream are ignored */
    }
  return KILN_SIM_WRITE_OK;
}

/**
 * kiln_sim_write_data:
 * @verify: compare the flash with what was written (the ROM does)
 * @cost_us: (inout): device time the work took is added here
 */
KilnSimWriteResult
kiln_sim_write_data (KilnSim      *sim,
                     guint32       seq,
                     const guint8 *data,
                     gsize         len,
                     gboolean      verify,
                     gint64       *cost_us)
{
  KilnSimWrite *w = &sim->write;
  KilnSimWriteResult r;

  if (!w->active)
    return KILN_SIM_WRITE_NOT_BEGUN;

  if (!w->compressed)
    {
      guint64 pos = (guint64) seq * w->block_size;
      gsize n = len;

      if (w->stub)
        {
          if (pos >= w->size)
            return KILN_SIM_WRITE_TOO_MUCH;
          n = (gsize) MIN ((guint64) len, w->size - pos);   /* padding is not written */
        }
      r = put (sim, w->offset + (guint32) pos, data, n, verify, cost_us);
      if (seq + 1 > w->next_seq)
        {
          w->next_seq = seq + 1;
          w->produced = (guint32) MIN (pos + n, (guint64) G_MAXUINT32);
        }
      return r;
    }

  if (w->failed)
    return KILN_SIM_WRITE_INFLATE;
  if (seq + 1 == w->next_seq)
    return KILN_SIM_WRITE_OK;
  if (seq != w->next_seq)
    {
      w->failed = TRUE;
      return KILN_SIM_WRITE_INFLATE;
    }
  w->next_seq++;
  r = inflate_chunk (sim, data, len, verify, cost_us);
  if (r == KILN_SIM_WRITE_INFLATE || r == KILN_SIM_WRITE_ADLER || r == KILN_SIM_WRITE_TOO_MUCH)
    w->failed = TRUE;
  return r;
}
