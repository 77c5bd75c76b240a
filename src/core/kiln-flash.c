/* kiln-flash.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-deflate.h"
#include "kiln-error.h"
#include "kiln-flash.h"
#include "kiln-spiflash.h"
#include "kiln-util.h"

#define SECTOR            0x1000u
#define SECTORS_PER_BLOCK 16u
#define BLOCK_ATTEMPTS    3
/* A write session that still fails after its block retries is started
 * again once from its BEGIN, after kiln_device_recover(). */
#define SESSION_ATTEMPTS  2
#define READ_PACKET       0x1000u
/* Packets a stub may send ahead of the host's acknowledgements.  With one,
 * every packet waits for its acknowledgement to come back, and on a USB
 * adapter the last bytes of each packet wait for the adapter's latency
 * timer first (16 ms on an FTDI): a read then takes half again as long.
 * Four keep the stream going through any timer up to the time of three
 * packets (130 ms at 921600 baud); the host buffers 16 KiB. */
#define READ_WINDOW       4u

static inline guint32
round_down (guint32 v)
{
  return v & ~(SECTOR - 1);
}

static inline guint64
round_up (guint64 v)
{
  return (v + SECTOR - 1) & ~(guint64) (SECTOR - 1);
}

/* The ROM erases 2·n sectors when n fits before the next 64 KiB boundary
 * (h sectors away) and n + h otherwise; send what makes that come out right. */
guint32
kiln_flash_rom_erase_size (guint32 offset,
                           guint32 size)
{
  guint32 n = (size + SECTOR - 1) / SECTOR;
  guint32 h = SECTORS_PER_BLOCK - (offset / SECTOR) % SECTORS_PER_BLOCK;

  if (n < h)
    h = n;
  if (n < 2 * h)
    return (n + 1) / 2 * SECTOR;
  return (n - h) * SECTOR;
}

guint32
kiln_flash_rom_erase_extent (guint32 offset,
                             guint32 size)
{
  guint32 sent = kiln_flash_rom_erase_size (offset, size) / SECTOR;
  guint32 h = SECTORS_PER_BLOCK - (offset / SECTOR) % SECTORS_PER_BLOCK;
  guint32 erased = sent <= h ? 2 * sent : sent + h;
  return offset + erased * SECTOR;
}

static const KilnChipInfo *
chip_of (KilnDevice *device)
{
  return kiln_device_get_info (device)->chip;
}

static gboolean
is_stub (KilnDevice *device)
{
  return kiln_loader_is_stub (kiln_device_get_loader (device));
}

static gboolean
esp8266_rom (KilnDevice *device)
{
  return !is_stub (device) && chip_of (device)->rom_erase_size_quirk;
}

gboolean
kiln_flash_can_md5 (KilnDevice *device)
{
  return is_stub (device) || (chip_of (device)->rom_features & KILN_ROM_MD5) != 0;
}

gboolean
kiln_flash_md5 (KilnDevice  *device,
                guint32      address,
                guint32      size,
                guint8      *digest,
                GError     **error)
{
  if (!kiln_flash_can_md5 (device))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_UNSUPPORTED,
                   _("The %s ROM cannot compute an MD5 of the flash."),
                   chip_of (device)->display_name);
      return FALSE;
    }
  return kiln_loader_flash_md5 (kiln_device_get_loader (device), address, size, digest, error);
}

static gboolean
read_stub (KilnDevice             *device,
           guint32                 address,
           guint8                 *buf,
           guint32                 size,
           KilnFlashProgressFunc   progress,
           gpointer                user_data,
           GError                **error)
{
  KilnLoader *loader = kiln_device_get_loader (device);
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  guint8 p[16], digest[16];
  gsize dlen = sizeof digest;
  g_autoptr(GBytes) final = NULL;
  guint32 got = 0;

  kiln_put_le32 (p, address);
  kiln_put_le32 (p + 4, size);
  kiln_put_le32 (p + 8, READ_PACKET);
  kiln_put_le32 (p + 12, READ_WINDOW);
  if (!kiln_loader_command (loader, KILN_OP_READ_FLASH, p, 16, 0, 0, KILN_TIMEOUT_DEFAULT, NULL,
                            NULL, error))
    return FALSE;
  while (got < size)
    {
      g_autoptr(GBytes) frame = kiln_loader_read_frame (loader, KILN_TIMEOUT_DEFAULT, error);
      guint8 ack[4];
      gsize n;
      const guint8 *d;

      if (frame == NULL)
        return FALSE;
      d = g_bytes_get_data (frame, &n);
      if (n == 0 || n > size - got)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PROTOCOL,
                       _("The stub sent %zu bytes where at most %u were "
                         "expected while reading flash."), n, size - got);
          return FALSE;
        }
      memcpy (buf + got, d, n);
      g_checksum_update (md5, d, n);
      got += (guint32) n;
      kiln_put_le32 (ack, got);
      if (!kiln_loader_write_frame (loader, ack, 4, error))
        return FALSE;
      if (progress != NULL)
        progress (got, size, user_data);
    }
  final = kiln_loader_read_frame (loader, KILN_TIMEOUT_DEFAULT, error);
  if (final == NULL)
    return FALSE;
  g_checksum_get_digest (md5, digest, &dlen);
  if (g_bytes_get_size (final) != 16 || memcmp (g_bytes_get_data (final, NULL), digest, 16) != 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY,
                   _("The data read from 0x%x was corrupted on the way (MD5 mismatch). Try "
                     "again at a lower baud rate."), address);
      return FALSE;
    }
  return TRUE;
}

static gboolean recoverable (KilnDevice   *device,
                             const GError *error);
static gboolean retryable   (KilnLoader   *loader,
                             const GError *error);

/* Reads go in pieces, each checked on arrival (a stub's MD5 of the piece,
 * the ROM's framing and checksum), so that a damaged or lost packet costs
 * one piece read again after a recovery, not the whole read. */
#define READ_PIECE      0x10000u
#define READ_ATTEMPTS   3

typedef struct
{
  KilnFlashProgressFunc progress;
  gpointer              user_data;
  guint32               base;      /* bytes of the whole read before this piece */
  guint32               total;
} ReadProgress;

static void
piece_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  ReadProgress *rp = user_data;

  if (rp->progress != NULL)
    rp->progress (rp->base + done, rp->total, rp->user_data);
}

static gboolean
read_piece (KilnDevice    *device,
            guint32        address,
            guint8        *buf,
            guint32        size,
            ReadProgress  *rp,
            GCancellable  *cancellable,
            GError       **error)
{
  KilnLoader *loader = kiln_device_get_loader (device);
  const KilnChipInfo *chip = chip_of (device);

  if (is_stub (device))
    return read_stub (device, address, buf, size, piece_progress, rp, error);

  if (chip->rom_features & KILN_ROM_READ_FLASH)
    {
      for (guint32 off = 0; off < size; off += 64)
        {
          guint32 n = MIN (64, size - off);
          g_autoptr(GBytes) chunk = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          chunk = kiln_loader_read_flash_slow (loader, address + off, n, error);
          if (chunk == NULL)
            return FALSE;
          memcpy (buf + off, g_bytes_get_data (chunk, NULL), n);
          if ((off / 64) % 16 == 15 || off + n == size)
            piece_progress (off + n, size, rp);
        }
      return TRUE;
    }

  /* The ESP8266 ROM has no read command: drive the SPI controller directly. */
  for (guint32 off = 0; off < size; off += 1024)
    {
      guint32 n = MIN (1024, size - off);
      if (!kiln_spiflash_read (loader, chip, address + off, buf + off, n, cancellable, error))
        return FALSE;
      piece_progress (off + n, size, rp);
    }
  return TRUE;
}

/* A stub's stream ends with its own MD5, checked in read_stub().  ROM
 * replies carry no checksum over the data: where the ROM can hash the
 * flash the piece is held against that, else (the ESP8266 ROM) it is read
 * a second time and compared. */
static gboolean
check_piece (KilnDevice    *device,
             guint32        address,
             const guint8  *buf,
             guint32        size,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree guint8 *again = NULL;
  gboolean same;

  if (is_stub (device))
    return TRUE;
  if (kiln_flash_can_md5 (device))
    {
      guint8 remote[16], local[16];
      gsize dlen = sizeof local;
      g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);

      if (!kiln_flash_md5 (device, address, size, remote, error))
        return FALSE;
      g_checksum_update (md5, buf, size);
      g_checksum_get_digest (md5, local, &dlen);
      same = memcmp (local, remote, sizeof local) == 0;
    }
  else
    {
      ReadProgress quiet = { NULL, NULL, 0, size };
      again = g_malloc (size);
      if (!read_piece (device, address, again, size, &quiet, cancellable, error))
        return FALSE;
      same = memcmp (again, buf, size) == 0;
    }
  if (!same)
    g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY,
                 _("The data read from 0x%x was corrupted on the way. Try again at a lower baud "
                   "rate, or with a shorter cable."), address);
  return same;
}

gboolean
kiln_flash_read (KilnDevice             *device,
                 guint32                 address,
                 guint8                 *buf,
                 guint32                 size,
                 KilnFlashProgressFunc   progress,
                 gpointer                user_data,
                 GCancellable           *cancellable,
                 GError                **error)
{
  ReadProgress rp = { progress, user_data, 0, size };

  for (guint32 off = 0; off < size; off += READ_PIECE)
    {
      guint32 n = MIN (READ_PIECE, size - off);

      rp.base = off;
      for (guint attempt = 1;; attempt++)
        {
          g_autoptr(GError) local = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (read_piece (device, address + off, buf + off, n, &rp, cancellable, &local) &&
              check_piece (device, address + off, buf + off, n, cancellable, &local))
            break;
          /* A refusal for a reason (beyond the flash, a read error) stays. */
          if (attempt == READ_ATTEMPTS || !recoverable (device, local) ||
              (g_error_matches (local, KILN_ERROR, KILN_ERROR_ROM_STATUS) &&
               !retryable (kiln_device_get_loader (device), local)))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          /* Late frames of the broken stream, a chip that reset itself:
           * back to a known state, then the same piece again. */
          if (!kiln_device_recover (device, local, cancellable, error))
            return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  KilnDevice            *device;
  KilnDeflater          *deflater;  /* (nullable): streams compressed ahead */
  KilnFlashProgressFunc  progress;
  gpointer               user_data;
  GCancellable          *cancellable;
  guint64                base;      /* payload bytes before the current session */
  guint64                total;     /* payload bytes in all sessions */
  guint64                reached;   /* payload bytes acknowledged so far */
  GBytes                *packed_for; /* (nullable): a payload compressed already … */
  GBytes                *packed;     /* … and its stream */
} WriteCtx;

/* Whether sending the same block again can help: the block or its reply
 * was damaged on the line, or the reply never came.  Resending is
 * harmless: an uncompressed block lands in the same place again, and a
 * loader acknowledges a repeated compressed block without inflating it. */
static gboolean
retryable (KilnLoader   *loader,
           const GError *error)
{
  /* Silence filled with other output is a chip that left the loader (a
   * reset prints its boot log): no resend reaches it, a recovery may. */
  if (g_error_matches (error, KILN_ERROR, KILN_ERROR_TIMEOUT))
    return kiln_loader_get_reply_noise (loader) == 0;
  if (g_error_matches (error, KILN_ERROR, KILN_ERROR_PROTOCOL))
    return TRUE;
  if (!g_error_matches (error, KILN_ERROR, KILN_ERROR_ROM_STATUS))
    return FALSE;
  switch (kiln_loader_get_last_status (loader))
    {
    case 0x05:  /* ROM: the packet's length did not add up */
    case 0x07:  /* ROM: checksum */
    case 0xC0:  /* stub: bad length */
    case 0xC1:  /* stub: checksum */
    case 0xC2:  /* stub: bad block size */
      return TRUE;
    case 0x06: case 0x08: case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x0E:
    case 0x0F: case 0xC3: case 0xC4: case 0xC5: case 0xC6: case 0xC7: case 0xC8: case 0xC9:
    case 0xFF:
      return FALSE;
    default:
      /* No loader sends this code: the status bytes themselves were damaged. */
      return TRUE;
    }
}

/* Whether starting the session again, after kiln_device_recover(), can
 * help: not for a vanished port, a cancel or a request the loader cannot
 * serve. */
static gboolean
recoverable (KilnDevice   *device,
             const GError *error)
{
  /* A chip's own USB port vanishes when the chip resets: that is a reset
   * to recover from, not a cable pulled. */
  if (g_error_matches (error, KILN_ERROR, KILN_ERROR_PORT_GONE))
    return kiln_device_on_chip_usb (device);
  return g_error_matches (error, KILN_ERROR, KILN_ERROR_TIMEOUT) ||
         g_error_matches (error, KILN_ERROR, KILN_ERROR_PROTOCOL) ||
         g_error_matches (error, KILN_ERROR, KILN_ERROR_ROM_STATUS) ||
         g_error_matches (error, KILN_ERROR, KILN_ERROR_VERIFY);
}

static gboolean
send_blocks (WriteCtx      *ctx,
             guint8         op,
             const guint8  *data,
             gsize          len,
             guint32        block_size,
             gboolean       pad,
             guint64        uncompressed_total,
             GError       **error)
{
  KilnLoader *loader = kiln_device_get_loader (ctx->device);
  g_autofree guint8 *padded = pad ? g_malloc (block_size) : NULL;
  guint32 blocks = (guint32) ((len + block_size - 1) / block_size);
  guint block_timeout = KILN_TIMEOUT_DEFAULT;

  if (op == KILN_OP_FLASH_DEFL_DATA && len > 0)
    {
      /* A compressed block may inflate to much more: give it the write time of
       * what it stands for. */
      guint64 per_block = uncompressed_total * block_size / len + 1;
      block_timeout = kiln_timeout_scaled (KILN_TIMEOUT_WRITE_PER_MB, per_block);
    }

  for (guint32 seq = 0; seq < blocks; seq++)
    {
      gsize off = (gsize) seq * block_size;
      gsize n = MIN (block_size, len - off);
      const guint8 *block = data + off;
      const guint8 *next;
      gsize next_n = 0;
      g_autoptr(GError) last = NULL;

      if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
        return FALSE;
      if (pad && n < block_size)
        {
          memcpy (padded, block, n);
          memset (padded + n, 0xFF, block_size - n);
          block = padded;
          n = block_size;
        }
      /* The block after this one is framed while this one's reply is
       * awaited.  Only one block is ever unacknowledged: a stub takes the
       * next block into its second buffer while it writes the previous one
       * (that is why it acknowledges on receipt), and has no third; a ROM
       * writes before it answers and buffers nothing. */
      if (seq + 1 < blocks)
        {
          next = data + off + block_size;
          next_n = MIN (block_size, len - off - block_size);
          if (pad && next_n < block_size)
            {
              memcpy (padded, next, next_n);
              memset (padded + next_n, 0xFF, block_size - next_n);
              next = padded;
              next_n = block_size;
            }
        }
      else
        next = NULL;
      for (guint attempt = 0; attempt < BLOCK_ATTEMPTS; attempt++)
        {
          g_clear_error (&last);
          if (kiln_loader_flash_data_ahead (loader, op, block, n, seq, next, next_n, block_timeout,
                                            &last))
            break;
          if (!retryable (loader, last) || attempt + 1 == BLOCK_ATTEMPTS)
            {
              g_propagate_error (error, g_steal_pointer (&last));
              return FALSE;
            }
          kiln_loader_discard_input (loader, NULL);
        }
      {
        guint64 done = op == KILN_OP_FLASH_DEFL_DATA
                         ? uncompressed_total * MIN (off + n, len) / len
                         : MIN ((guint64) off + n, uncompressed_total);
        ctx->reached = ctx->base + done;
        if (ctx->progress != NULL)
          ctx->progress (ctx->reached, ctx->total, ctx->user_data);
      }
    }
  return TRUE;
}

/* Writes a sector-aligned, sector-sized payload. */
static gboolean
write_aligned (WriteCtx      *ctx,
               guint32        offset,
               GBytes        *payload,
               gboolean       compress,
               GError       **error)
{
  KilnDevice *device = ctx->device;
  KilnLoader *loader = kiln_device_get_loader (device);
  const KilnChipInfo *chip = chip_of (device);
  gboolean stub = is_stub (device);
  gboolean fifth = !stub && chip->rom_begin_encrypted_word;
  gsize len;
  const guint8 *data = g_bytes_get_data (payload, &len);
  guint32 block = stub ? KILN_STUB_BLOCK_SIZE : KILN_ROM_BLOCK_SIZE;
  g_autoptr(GBytes) packed = NULL;

  if (compress && payload == ctx->packed_for)
    packed = g_bytes_ref (ctx->packed);
  else if (compress && (stub || (chip->rom_features & KILN_ROM_DEFLATE)))
    {
      packed = ctx->deflater != NULL ? kiln_deflater_take (ctx->deflater, payload, error)
                                     : kiln_deflate_compress (payload, error);
      if (packed == NULL)
        return FALSE;
      if (g_bytes_get_size (packed) >= len)
        g_clear_pointer (&packed, g_bytes_unref);
    }

  if (packed != NULL)
    {
      gsize plen;
      const guint8 *pdata = g_bytes_get_data (packed, &plen);
      guint32 nblocks = (guint32) ((plen + block - 1) / block);
      guint32 usize = stub ? (guint32) len : (guint32) ((len + KILN_ROM_BLOCK_SIZE - 1) &
                                                         ~(gsize) (KILN_ROM_BLOCK_SIZE - 1));
      guint timeout = stub ? KILN_TIMEOUT_DEFAULT
                           : kiln_timeout_scaled (KILN_TIMEOUT_ERASE_PER_MB, len);

      if (!kiln_loader_defl_begin (loader, usize, nblocks, block, offset, fifth, timeout, error) ||
          !send_blocks (ctx, KILN_OP_FLASH_DEFL_DATA, pdata, plen, block, FALSE, len, error))
        return FALSE;
      /* The stub answers END only once everything is on the flash; the ROM
       * would leave the loader, so it gets none. */
      if (stub && !kiln_loader_flash_end (loader, KILN_OP_FLASH_DEFL_END, FALSE, error))
        return FALSE;
      return TRUE;
    }

  {
    guint32 nblocks = (guint32) ((len + block - 1) / block);
    guint32 erase = esp8266_rom (device) ? kiln_flash_rom_erase_size (offset, (guint32) len)
                                         : (guint32) len;
    guint timeout = stub ? KILN_TIMEOUT_DEFAULT
                         : kiln_timeout_scaled (KILN_TIMEOUT_ERASE_PER_MB, len);

    if (!kiln_loader_flash_begin (loader, erase, nblocks, block, offset, fifth, timeout, error) ||
        !send_blocks (ctx, KILN_OP_FLASH_DATA, data, len, block, TRUE, len, error))
      return FALSE;
    if (stub && !kiln_loader_flash_end (loader, KILN_OP_FLASH_END, FALSE, error))
      return FALSE;
  }
  return TRUE;
}

/* Whether the loader's BEGIN for [offset, offset + size) erases exactly
 * that (the ESP8266 ROM may take one sector more). */
static gboolean
erases_exactly (KilnDevice *device,
                guint32     offset,
                guint32     size)
{
  return !esp8266_rom (device) || kiln_flash_rom_erase_extent (offset, size) == offset + size;
}

/* Where to cut a sector-aligned payload [start, start + size) whose bytes
 * from @keep_from on are not ours (the rest of the last sector, or the
 * sector the ESP8266 ROM erases by mistake): those sectors get a session
 * of their own, written after the rest.  A write cut short (the port
 * vanished, the board reset) then never leaves bytes outside the region
 * erased, except during the few blocks of that last session.  Both parts
 * must erase exactly themselves.  Returns 0 for "no cut". */
static guint32
keep_split (KilnDevice *device,
            guint32     start,
            guint32     size,
            guint32     keep_from)
{
  guint32 first = size - round_down (keep_from);

  if (keep_from >= size)
    return 0;
  for (guint32 tail = first; tail <= first + 3 * SECTOR && tail < size; tail += SECTOR)
    {
      guint32 cut = size - tail;
      if (erases_exactly (device, start, cut) && erases_exactly (device, start + cut, tail))
        return cut;
    }
  return 0;
}

/* One BEGIN/DATA/END session, started again once after a recovery when it
 * fails for a reason a resync can cure. */
static gboolean
write_session (WriteCtx      *ctx,
               guint32        offset,
               GBytes        *payload,
               guint64        base,
               gboolean       compress,
               GError       **error)
{
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local = NULL;

      ctx->base = base;
      if (write_aligned (ctx, offset, payload, compress, &local))
        return TRUE;
      if (attempt >= SESSION_ATTEMPTS || !recoverable (ctx->device, local))
        {
          if (g_error_matches (local, KILN_ERROR, KILN_ERROR_PORT_GONE) &&
              kiln_device_on_chip_usb (ctx->device))
            g_prefix_error (&local, _("The board kept resetting itself in the middle of the write "
                                      "(as a chip on USB-Serial/JTAG does when its watchdogs are "
                                      "left running): "));
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (!kiln_device_recover (ctx->device, local, ctx->cancellable, error))
        return FALSE;
    }
}

/* The ROM's FLASH_DEFL_* writes what it inflates a 32 KiB window at a
 * time, counted from the session's offset, and at the end of the stream
 * writes the window it has reached whole: past the end of the data, up to
 * a whole window of whatever its RAM held (zeros at first, then the window
 * before), over what the flash holds there, without an error.  Measured on
 * the ESP32 ROM under emulation; no source says which other ROMs do the
 * same, so every ROM gets a region's end uncompressed.  The compressed part
 * stops one sector short of the last window boundary inside the region:
 * the window the ROM then writes whole ends inside the region, and the
 * uncompressed session after it (4 to 36 KiB) erases and writes again what
 * the ROM wrote past the stream.  A region under one window goes
 * uncompressed whole.  A stub writes exactly what it inflates. */
#define ROM_INFLATE_WINDOW 0x8000u

/* How much of @len bytes (whole sectors) a ROM may take compressed (see
 * above). */
static gsize
rom_compressed_part (gsize len)
{
  return len >= ROM_INFLATE_WINDOW ? (len / ROM_INFLATE_WINDOW) * ROM_INFLATE_WINDOW - SECTOR : 0;
}

/* Whether the loader inflates what it is sent compressed. */
static gboolean
can_inflate (KilnDevice *device)
{
  return is_stub (device) || (chip_of (device)->rom_features & KILN_ROM_DEFLATE) != 0;
}

/* write_session(), split where a ROM needs it (see ROM_INFLATE_WINDOW). */
static gboolean
write_parts (WriteCtx      *ctx,
             guint32        offset,
             GBytes        *payload,
             guint64        base,
             gboolean       compress,
             GError       **error)
{
  gsize len = g_bytes_get_size (payload);
  gsize whole = rom_compressed_part (len);
  g_autoptr(GBytes) head = NULL;
  g_autoptr(GBytes) rest = NULL;
  g_autoptr(GBytes) packed = NULL;
  gboolean ok;

  if (!compress || is_stub (ctx->device) || !can_inflate (ctx->device))
    return write_session (ctx, offset, payload, base, compress, error);
  if (whole == 0)
    return write_session (ctx, offset, payload, base, FALSE, error);
  head = g_bytes_new_from_bytes (payload, 0, whole);
  packed = ctx->deflater != NULL ? kiln_deflater_take (ctx->deflater, head, error)
                                 : kiln_deflate_compress (head, error);
  if (packed == NULL)
    return FALSE;
  /* Data that does not shrink goes uncompressed in one session: two would
   * erase the 64 KiB block they share sector by sector. */
  if (g_bytes_get_size (packed) >= whole)
    return write_session (ctx, offset, payload, base, FALSE, error);
  rest = g_bytes_new_from_bytes (payload, whole, len - whole);
  ctx->packed_for = head;
  ctx->packed = packed;
  ok = write_session (ctx, offset, head, base, TRUE, error);
  ctx->packed_for = ctx->packed = NULL;
  return ok && write_session (ctx, offset + (guint32) whole, rest, base + whole, FALSE, error);
}

/* Bytes [from, to) of @payload, which starts at @start. */
static gboolean
write_slice (WriteCtx      *ctx,
             guint32        start,
             GBytes        *payload,
             guint32        from,
             guint32        to,
             gboolean       compress,
             GError       **error)
{
  g_autoptr(GBytes) part = g_bytes_new_from_bytes (payload, from, to - from);

  return write_parts (ctx, start + from, part, from, compress, error);
}

gboolean
kiln_flash_write (KilnDevice             *device,
                  guint32                 address,
                  GBytes                 *data,
                  KilnFlashWriteFlags     flags,
                  KilnFlashProgressFunc   progress,
                  gpointer                user_data,
                  GCancellable           *cancellable,
                  GError                **error)
{
  return kiln_flash_write_full (device, address, data, flags, NULL, progress, user_data,
                                cancellable, error);
}

/**
 * kiln_flash_write_full:
 * @deflater: (nullable): where compressed streams may be waiting (see
 *   kiln_flash_queue_compression()); NULL compresses here
 *
 * kiln_flash_write() taking the compressed streams from @deflater.
 */
gboolean
kiln_flash_write_full (KilnDevice             *device,
                       guint32                 address,
                       GBytes                 *data,
                       KilnFlashWriteFlags     flags,
                       KilnDeflater           *deflater,
                       KilnFlashProgressFunc   progress,
                       gpointer                user_data,
                       GCancellable           *cancellable,
                       GError                **error)
{
  WriteCtx ctx = { .device = device, .deflater = deflater, .progress = progress,
                   .user_data = user_data, .cancellable = cancellable };
  const KilnDeviceInfo *info = kiln_device_get_info (device);
  gsize len = g_bytes_get_size (data);
  guint32 start = round_down (address);
  guint64 end = (guint64) address + len;
  guint64 write_end = round_up (end);
  g_autoptr(GByteArray) payload = NULL;
  gsize head, tail;

  if (len == 0)
    return TRUE;
  if (end > G_MAXUINT32 + (guint64) 1)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS,
                   _("The data at 0x%x runs past the 4 GiB address space."), address);
      return FALSE;
    }
  if (esp8266_rom (device))
    {
      guint64 extent = kiln_flash_rom_erase_extent (start, (guint32) (write_end - start));
      /* Take the sector the ROM erases by mistake into the write, unless it
       * lies past the end of the flash. */
      if (extent > write_end && (info->flash_size == 0 || extent <= info->flash_size))
        write_end = extent;
      else if (extent > write_end && start >= SECTOR &&
               kiln_flash_rom_erase_extent (start - SECTOR,
                                            (guint32) (write_end - start) + SECTOR) == write_end)
        /* Past the end the address wraps and the ROM would erase sector 0,
         * the boot loader.  Starting one sector earlier makes it erase
         * exactly what is written. */
        start -= SECTOR;
    }

  head = address - start;
  tail = (gsize) (write_end - end);
  payload = g_byte_array_sized_new ((guint) (write_end - start));
  g_byte_array_set_size (payload, (guint) (write_end - start));
  if (head > 0 &&
      !kiln_flash_read (device, start, payload->data, (guint32) head, NULL, NULL, cancellable, error))
    return FALSE;
  memcpy (payload->data + head, g_bytes_get_data (data, NULL), len);
  if (tail > 0)
    {
      if (info->flash_size != 0 && end >= info->flash_size)
        memset (payload->data + head + len, 0xFF, tail);
      else if (!kiln_flash_read (device, (guint32) end, payload->data + head + len, (guint32) tail,
                                 NULL, NULL, cancellable, error))
        return FALSE;
    }

  {
    g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&payload));
    gboolean compress = (flags & KILN_FLASH_WRITE_COMPRESS) != 0;
    guint32 size = (guint32) (write_end - start);
    guint32 cut = keep_split (device, start, size, (guint32) (head + len));
    /* A loader that inflates writes its output a window at a time, after
     * erasing: bytes before the region, in its first sector, would stay
     * erased for as long as a window takes to fill, and for good if the
     * write stops there.  That sector goes first, uncompressed, so that
     * they are back with its first block. */
    guint32 first = head > 0 && compress && can_inflate (device) ? MIN (SECTOR, size) : 0;
    guint32 at = 0;
    gboolean ok = TRUE;

    ctx.total = size;
    if (first > 0)
      {
        ok = write_slice (&ctx, start, bytes, 0, first, FALSE, error);
        at = first;
      }
    if (ok && cut > at)
      {
        ok = write_slice (&ctx, start, bytes, at, cut, compress, error);
        at = cut;
      }
    if (ok && size > at)
      ok = write_slice (&ctx, start, bytes, at, size, compress, error);
    if (!ok && error != NULL && *error != NULL &&
        !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      {
        guint64 stop = MAX ((guint64) start + ctx.reached, address);
        guint64 done = MIN (stop - address, len);
        g_prefix_error (error, _("stopped at 0x%" PRIx64 " with %" PRIu64 " of %zu bytes written: "),
                        (gint64) stop, done, len);
      }
    return ok;
  }
}

/**
 * kiln_flash_queue_compression:
 *
 * Queues on @deflater the payload kiln_flash_write_full() will compress
 * first for @data at @address, as far as it is known without the board:
 * the whole sectors of a region that starts on a sector boundary.  (A
 * partial last sector is written in a session of its own, with the bytes
 * the flash already holds after the region; a region that starts inside a
 * sector takes its head from the flash.  What a ROM takes compressed,
 * see ROM_INFLATE_WINDOW, is queued too.)
 * Call it before connecting, so that compression overlaps with the reset,
 * sync and stub upload.
 */
void
kiln_flash_queue_compression (KilnDeflater *deflater,
                              guint32       address,
                              GBytes       *data)
{
  gsize len = g_bytes_get_size (data);
  gsize sectors = len & ~(gsize) (SECTOR - 1);
  gsize windows = rom_compressed_part (sectors);

  if (address % SECTOR != 0 || len < SECTOR)
    return;
  {
    g_autoptr(GBytes) whole = g_bytes_new_from_bytes (data, 0, sectors);
    kiln_deflater_queue (deflater, whole);
  }
  /* What a ROM takes compressed: whether a stub will run is not known
   * before connecting. */
  if (windows != 0)
    {
      g_autoptr(GBytes) head = g_bytes_new_from_bytes (data, 0, windows);
      kiln_deflater_queue (deflater, head);
    }
}

gboolean
kiln_flash_erase_region (KilnDevice    *device,
                         guint32        address,
                         guint32        size,
                         GCancellable  *cancellable,
                         GError       **error)
{
  KilnLoader *loader = kiln_device_get_loader (device);
  const KilnChipInfo *chip = chip_of (device);

  if (address % SECTOR != 0 || size % SECTOR != 0 || size == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_REGION_ALIGN,
                   _("Erasing works on whole 4 KiB sectors: the address (0x%x) and size (0x%x) "
                     "must both be non-zero multiples of 0x1000."), address, size);
      return FALSE;
    }
  if (is_stub (device))
    return kiln_loader_erase_region (loader, address, size, error);

  if (esp8266_rom (device))
    {
      guint32 extent = kiln_flash_rom_erase_extent (address, size);
      const KilnDeviceInfo *info = kiln_device_get_info (device);
      g_autofree guint8 *keep = NULL;
      guint32 extra = extent - (address + size);

      if (extra > 0 && (info->flash_size == 0 || extent <= info->flash_size))
        {
          g_autoptr(GBytes) bytes = NULL;
          keep = g_malloc (extra);
          if (!kiln_flash_read (device, address + size, keep, extra, NULL, NULL, cancellable, error))
            return FALSE;
          if (!kiln_loader_flash_begin (loader, kiln_flash_rom_erase_size (address, size), 0,
                                        KILN_ROM_BLOCK_SIZE, address, FALSE,
                                        kiln_timeout_scaled (KILN_TIMEOUT_ERASE_PER_MB, size),
                                        error))
            return FALSE;
          /* Put back the sector the ROM took with it. */
          bytes = g_bytes_new_take (g_steal_pointer (&keep), extra);
          return kiln_flash_write (device, address + size, bytes, 0, NULL, NULL, cancellable, error);
        }
      if (extra > 0 && address >= SECTOR &&
          kiln_flash_rom_erase_extent (address - SECTOR, size + SECTOR) == address + size)
        {
          /* The extra sector lies past the end, where the address wraps to
           * sector 0: erase from one sector earlier, exactly, and put that
           * sector back. */
          g_autoptr(GBytes) bytes = NULL;

          keep = g_malloc (SECTOR);
          if (!kiln_flash_read (device, address - SECTOR, keep, SECTOR, NULL, NULL, cancellable,
                                error) ||
              !kiln_loader_flash_begin (loader, kiln_flash_rom_erase_size (address - SECTOR,
                                                                           size + SECTOR),
                                        0, KILN_ROM_BLOCK_SIZE, address - SECTOR, FALSE,
                                        kiln_timeout_scaled (KILN_TIMEOUT_ERASE_PER_MB, size),
                                        error))
            return FALSE;
          bytes = g_bytes_new_take (g_steal_pointer (&keep), SECTOR);
          return kiln_flash_write (device, address - SECTOR, bytes, 0, NULL, NULL, cancellable,
                                   error);
        }
    }

  /* The ROM erases the whole range when FLASH_BEGIN arrives. */
  return kiln_loader_flash_begin (loader,
                                  esp8266_rom (device) ? kiln_flash_rom_erase_size (address, size)
                                                       : size,
                                  0, KILN_ROM_BLOCK_SIZE, address, chip->rom_begin_encrypted_word,
                                  kiln_timeout_scaled (KILN_TIMEOUT_ERASE_PER_MB, size), error);
}

gboolean
kiln_flash_erase_all (KilnDevice    *device,
                      GCancellable  *cancellable,
                      GError       **error)
{
  const KilnDeviceInfo *info = kiln_device_get_info (device);

  if (is_stub (device))
    return kiln_loader_erase_flash (kiln_device_get_loader (device), error);
  if (info->flash_size == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_UNSUPPORTED,
                   _("The flash size is unknown, so the ROM loader cannot erase the whole chip. "
                     "Use a flasher stub, or erase a region of known size."));
      return FALSE;
    }
  return kiln_flash_erase_region (device, 0, info->flash_size, cancellable, error);
}
