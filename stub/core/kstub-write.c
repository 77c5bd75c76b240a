/* kstub-write.c: FLASH_* and FLASH_DEFL_* sessions.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FLASH_BEGIN erases nothing at once.  The region is erased from its first
 * sector upwards, in one fixed order whatever the timing: sectors up to the
 * first 64 KiB boundary, a 64 KiB block at a time while a whole aligned
 * block lies inside the region, sectors at its ragged end (the last one
 * erased whole, as every stub does: the host sends sector-aligned
 * regions).  Two things move that front: the main loop, when it has no
 * frame waiting, erases one step ahead between two frames (kstub_idle ());
 * and data about to be programmed above it has its sectors erased first, in
 * line.  Nothing at or above the front has been touched in this session,
 * nothing below it is erased again, and nothing outside the region is.
 *
 * Pages that would be programmed with nothing but 0xFF are left alone: the
 * sector under them was erased in this session, so they read 0xFF already
 * (programming only clears bits).  The flash ends up the same; the MD5 the
 * host asks for afterwards reads it back.
 *
 * Uncompressed blocks land at offset + seq × block_size, so a block the
 * host repeats after a lost reply is programmed over itself (the same data
 * twice is harmless); the padding of the last block is not written.  A
 * compressed stream must arrive in order; a repeat of the previous block is
 * acknowledged and skipped.
 */
#include "kstub-write.h"

void
kstub_write_begin (kstub    *s,
                   int       compressed,
                   uint32_t  size,
                   uint32_t  block_size,
                   uint32_t  offset)
{
  kstub_write *w = &s->wr;

  w->active = 1;
  w->compressed = compressed;
  w->offset = offset;
  w->size = size;
  w->block_size = block_size;
  w->next_seq = 0;
  w->written = 0;
  w->error = KSTUB_OK;
  w->erased_to = offset & ~(KSTUB_SECTOR - 1);
  w->erase_end = (offset + size + KSTUB_SECTOR - 1) & ~(KSTUB_SECTOR - 1);
  if (compressed)
    kstub_inflate_init (&s->inf);
}

int
kstub_erase_range (kstub    *s,
                   uint32_t  addr,
                   uint32_t  len)
{
  uint32_t end = addr + len;

  while (addr < end)
    {
      int r;
      if ((addr & (KSTUB_BLOCK64 - 1)) == 0 && end - addr >= KSTUB_BLOCK64)
        {
          r = kstub_port_erase_block (s->port, addr);
          addr += KSTUB_BLOCK64;
        }
      else
        {
          r = kstub_port_erase_sector (s->port, addr);
          addr += KSTUB_SECTOR;
        }
      if (r != 0)
        return r;
    }
  return 0;
}

/* Erases the next unit at the front: a 64 KiB block where a whole aligned
 * one lies inside the region, else a sector. */
static int
erase_next (kstub *s)
{
  kstub_write *w = &s->wr;
  uint32_t a = w->erased_to;

  if ((a & (KSTUB_BLOCK64 - 1)) == 0 && w->erase_end - a >= KSTUB_BLOCK64)
    {
      w->erased_to = a + KSTUB_BLOCK64;
      return kstub_port_erase_block (s->port, a);
    }
  w->erased_to = a + KSTUB_SECTOR;
  return kstub_port_erase_sector (s->port, a);
}

/* Makes sure everything below @end (inside the region) is erased. */
static int
erase_ahead (kstub    *s,
             uint32_t  end)
{
  kstub_write *w = &s->wr;

  while (w->erased_to < end && w->erased_to < w->erase_end)
    if (erase_next (s) != 0)
      return -1;
  return 0;
}

int
kstub_write_idle (kstub *s)
{
  kstub_write *w = &s->wr;
  uint32_t n = 0;

  if (!w->active || w->error != KSTUB_OK || w->erased_to >= w->erase_end)
    return 0;
  /* One block, or sectors up to the next block boundary (at most
   * KSTUB_IDLE_SECTORS): the ROM's erase routines block the main loop, and
   * a frame completed meanwhile waits for them.  While they run the UART
   * interrupt goes on filling the other receive buffer, and acknowledges a
   * data block it completes (kstub_early_ack) so the next one comes into
   * the buffer the main loop has emptied; then nothing more is answered
   * until the main loop is back: the host has at most one block per
   * buffer unhandled, so nothing is lost however long an erase takes. */
  do
    {
      uint32_t from = w->erased_to;

      if (erase_next (s) != 0)
        {
          w->error = KSTUB_FAILED_SPI_OP;
          return 1;
        }
      if (w->erased_to - from == KSTUB_BLOCK64)
        break;
      n++;
    }
  while (n < KSTUB_IDLE_SECTORS && w->erased_to < w->erase_end
         && (w->erased_to & (KSTUB_BLOCK64 - 1)) != 0);
  return 1;
}

void
kstub_write_prepare (kstub    *s,
                     uint32_t  seq,
                     uint32_t  len)
{
  kstub_write *w = &s->wr;
  uint32_t end;

  if (!w->compressed)
    {
      uint32_t pos = seq * w->block_size;
      end = w->offset + pos + (len < w->size - pos ? len : w->size - pos);
    }
  else
    {
      uint32_t room = w->size - w->written;
      end = w->offset + w->written + (len <= room / 8 ? 8 * len : room);
    }
  if (erase_ahead (s, end) != 0)
    w->error = KSTUB_FAILED_SPI_OP;
}

static int
all_ff (const uint8_t *p,
        uint32_t       n)
{
  while (n-- > 0)
    if (*p++ != 0xFF)
      return 0;
  return 1;
}

/* Programs @data at @addr after erasing what it covers, page by page,
 * leaving out the pages it would fill with 0xFF only; pages to program
 * that follow each other go to the port as one run. */
static int
program (kstub         *s,
         uint32_t       addr,
         const uint8_t *data,
         uint32_t       len)
{
  uint32_t run = 0;             /* bytes of the run that ends at addr */

  if (erase_ahead (s, addr + len) != 0)
    return -1;
  while (len > 0)
    {
      uint32_t n = KSTUB_PAGE - (addr & (KSTUB_PAGE - 1));

      if (n > len)
        n = len;
      if (all_ff (data, n))
        {
          if (run > 0 && kstub_port_flash_write (s->port, addr - run, data - run, run) != 0)
            return -1;
          run = 0;
        }
      else
        run += n;
      addr += n;
      data += n;
      len -= n;
    }
  if (run > 0 && kstub_port_flash_write (s->port, addr - run, data - run, run) != 0)
    return -1;
  return 0;
}

uint8_t
kstub_write_accept (kstub    *s,
                    uint32_t  seq,
                    uint32_t  len,
                    int      *skip)
{
  kstub_write *w = &s->wr;

  *skip = 0;
  if (w->error != KSTUB_OK)
    return w->error;
  if (!w->compressed)
    {
      if (w->block_size == 0 || seq >= (w->size + w->block_size - 1) / w->block_size)
        return KSTUB_TOO_MUCH_DATA;
      return KSTUB_OK;
    }
  if (seq + 1 == w->next_seq)
    {
      *skip = 1;
      return KSTUB_OK;
    }
  if (seq != w->next_seq)
    {
      w->error = KSTUB_INFLATE_ERROR;
      return w->error;
    }
  (void) len;
  return KSTUB_OK;
}

static int
inflated (void          *ctx,
          const uint8_t *data,
          uint32_t       len)
{
  kstub *s = ctx;
  kstub_write *w = &s->wr;

  if (len > w->size - w->written)
    {
      w->error = KSTUB_TOO_MUCH_DATA;
      return -1;
    }
  if (program (s, w->offset + w->written, data, len) != 0)
    {
      w->error = KSTUB_FAILED_SPI_OP;
      return -1;
    }
  w->written += len;
  return 0;
}

void
kstub_write_block (kstub         *s,
                   uint32_t       seq,
                   const uint8_t *data,
                   uint32_t       len)
{
  kstub_write *w = &s->wr;

  if (!w->compressed)
    {
      uint32_t pos = seq * w->block_size;
      uint32_t n = len < w->size - pos ? len : w->size - pos;

      if (program (s, w->offset + pos, data, n) != 0)
        w->error = KSTUB_FAILED_SPI_OP;
      if (seq + 1 > w->next_seq)
        {
          w->next_seq = seq + 1;
          w->written = pos + n;
        }
      return;
    }

  w->next_seq++;
  switch (kstub_inflate_feed (&s->inf, data, len, inflated, s))
    {
    case KSTUB_INF_MORE:
    case KSTUB_INF_DONE:
      break;
    case KSTUB_INF_SINK:
      break;                    /* the sink set the error */
    default:
      w->error = KSTUB_INFLATE_ERROR;
      break;
    }
}

uint8_t
kstub_write_end (kstub *s)
{
  kstub_write *w = &s->wr;
  uint8_t status = KSTUB_OK;

  if (!w->active)
    return KSTUB_NOT_IN_FLASH_MODE;
  if (w->error != KSTUB_OK)
    status = w->error;
  else if (w->written < w->size)
    status = KSTUB_NOT_ENOUGH_DATA;
  else if (w->compressed && kstub_inflate_feed (&s->inf, 0, 0, inflated, s) != KSTUB_INF_DONE)
    status = KSTUB_NOT_ENOUGH_DATA;
  w->active = 0;
  return status;
}
