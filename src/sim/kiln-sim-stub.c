/* kiln-sim-stub.c: the flasher stub personality.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sim cannot execute Xtensa code.  When the ROM is told to jump
 * (MEM_END with flag 0) to an entry point inside a segment that MEM_BEGIN /
 * MEM_DATA uploaded, it assumes the upload was a flasher stub and from then
 * on speaks the stub protocol (§2 and §3.2 of the protocol facts),
 * whatever the uploaded bytes were:
 *
 *  - it first sends the unsolicited frame "OHAI";
 *  - every reply carries 2 status bytes: 00 00 for success, otherwise the
 *    stub error code in the first byte (0xC0 bad length, 0xC1 checksum,
 *    0xC2 block too big, 0xC6 no BEGIN, 0xC7 inflate, 0xC8 not enough
 *    data, 0xC9 too much data) and 0xFF for an unknown command;
 *  - the value field is 0 except for READ_REG, so SYNC replies (8 of
 *    them) carry 0, which is how hosts recognise a running stub;
 *  - FLASH_BEGIN / FLASH_DEFL_BEGIN take 16 or 20 bytes; word 0 is the
 *    exact byte count; nothing is erased up front: each 4 KiB sector is
 *    erased when data first reaches it (no ESP8266 erase quirk); blocks up
 *    to 0x4000; the padding of the last uncompressed block is not written;
 *  - a data block is acknowledged as soon as it has arrived and written
 *    while the next one comes in, so FLASH_END / FLASH_DEFL_END answer
 *    only once the last write is done; their flag non-zero means "stay",
 *    0 reboots;
 *  - SPI_ATTACH takes exactly 4 bytes; SPI_SET_PARAMS 24; CHANGE_BAUDRATE
 *    (new, old) answers at the old rate;
 *  - SPI_FLASH_MD5 answers 16 raw digest bytes;
 *  - ERASE_FLASH (0xD0); ERASE_REGION (0xD1) needs offset and size in
 *    whole sectors (0xC0 otherwise);
 *  - READ_FLASH (0xD2 offset, length, packet size, packets in flight)
 *    answers, then sends raw frames of packet-size bytes; the host
 *    acknowledges each with a 4-byte frame holding the total received so
 *    far, and once all is acknowledged the stub sends the 16-byte MD5 of
 *    the data as one more frame;
 *  - READ_REG, WRITE_REG (several 16-byte entries, masked), MEM_* (a new
 *    stub upload restarts it), RUN_USER_CODE (0xD3, no reply, boots the
 *    firmware).
 */
#include "config.h"

#include <string.h>

#include "kiln-sim-private.h"

enum
{
  ST_OK = 0x00,
  ST_BAD_DATA_LEN = 0xC0,
  ST_BAD_CHECKSUM = 0xC1,
  ST_BAD_BLOCKSIZE = 0xC2,
  ST_NOT_IN_FLASH_MODE = 0xC6,
  ST_INFLATE = 0xC7,
  ST_NOT_ENOUGH_DATA = 0xC8,
  ST_TOO_MUCH_DATA = 0xC9,
  ST_UNKNOWN = 0xFF,
};

#define MAX_BLOCK 0x4000u

static guint32
rd32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

void
kiln_sim_stub_clear (KilnSim *sim)
{
  g_clear_pointer (&sim->stub.rd_md5, g_checksum_free);
  sim->stub.reading = FALSE;
  kiln_sim_kstub_free (sim);
}

/* MEM_END jumped into uploaded code: Kiln's own stub runs its real core
 * (kiln-sim-kstub.c), code for another chip halts it, and anything else is
 * taken to be a foreign flasher stub and answered by the stand-in below. */
void
kiln_sim_stub_start (KilnSim *sim)
{
  static const guint8 ohai[] = { 'O', 'H', 'A', 'I' };
  guint32 version = 0;
  int kind = kiln_sim_kstub_identify (sim, &version);

  kiln_sim_stub_clear (sim);
  kiln_sim_write_end (sim);
  memset (&sim->stub, 0, sizeof sim->stub);
  sim->stub.believed_size = (guint32) sim->flash.size;
  if (kind == 0)
    {
      sim->mode = KILN_SIM_MODE_HALTED;
      return;
    }
  sim->mode = KILN_SIM_MODE_STUB;
  sim->autobaud = FALSE;
  /* A stub configures the flash pins itself. */
  sim->rom.attached = TRUE;
  kiln_slip_decoder_reset (&sim->slip);
  if (kind > 0)
    kiln_sim_kstub_start (sim);
  else
    kiln_sim_send_frame (sim, ohai, sizeof ohai);
}

static void
reply (KilnSim      *sim,
       guint8        op,
       guint32       value,
       const guint8 *data,
       gsize         data_len,
       guint8        status)
{
  g_autofree guint8 *pkt = g_malloc (8 + data_len + 2);
  gsize body = data_len + 2;

  pkt[0] = 0x01;
  pkt[1] = op;
  pkt[2] = (guint8) body;
  pkt[3] = (guint8) (body >> 8);
  pkt[4] = (guint8) value;
  pkt[5] = (guint8) (value >> 8);
  pkt[6] = (guint8) (value >> 16);
  pkt[7] = (guint8) (value >> 24);
  if (data_len > 0)
    memcpy (pkt + 8, data, data_len);
  pkt[8 + data_len] = status;
  pkt[9 + data_len] = 0;
  if (status != ST_OK)
    sim->stats.command_errors++;
  kiln_sim_send_frame (sim, pkt, 8 + body);
}

static void
status_only (KilnSim *sim,
             guint8   op,
             guint8   status)
{
  reply (sim, op, 0, NULL, 0, status);
}

/* Replies wait for the background flash writes a stub overlaps with input. */
static void
wait_background (KilnSim *sim)
{
  sim->busy_until = MAX (sim->busy_until, sim->stub.bg_busy_until);
}

static void
read_pump (KilnSim *sim)
{
  KilnSimStub *st = &sim->stub;

  while (st->reading && st->rd_sent < st->rd_len
         && (guint64) (st->rd_sent - st->rd_acked) < (guint64) st->rd_window * st->rd_packet)
    {
      guint32 n = MIN (st->rd_packet, st->rd_len - st->rd_sent);
      g_autofree guint8 *buf = g_malloc (n);

      kiln_sim_flash_read (&sim->flash, st->rd_offset + st->rd_sent, buf, n);
      g_checksum_update (st->rd_md5, buf, n);
      kiln_sim_send_frame (sim, buf, n);
      st->rd_sent += n;
    }
  if (st->reading && st->rd_acked >= st->rd_len)
    {
      guint8 digest[16];
      gsize dl = sizeof digest;

      g_checksum_get_digest (st->rd_md5, digest, &dl);
      kiln_sim_send_frame (sim, digest, sizeof digest);
      kiln_sim_stub_clear (sim);
    }
}

static void
data_block (KilnSim      *sim,
            guint8        op,
            const guint8 *data,
            gsize         len,
            guint32       checksum)
{
  KilnSimWriteResult r;
  gint64 cost = 0;
  guint8 status;

  if (len < 16 || rd32 (data) != len - 16)
    {
      status_only (sim, op, ST_BAD_DATA_LEN);
      return;
    }
  if (kiln_sim_checksum (data + 16, len - 16) != checksum)
    {
      sim->stats.checksum_errors++;
      status_only (sim, op, ST_BAD_CHECKSUM);
      return;
    }
  r = kiln_sim_write_data (sim, rd32 (data + 4), data + 16, len - 16, FALSE, &cost);
  switch (r)
    {
    case KILN_SIM_WRITE_OK:
    case KILN_SIM_WRITE_VERIFY:
      status = ST_OK;
      break;
    case KILN_SIM_WRITE_NOT_BEGUN:
      status = ST_NOT_IN_FLASH_MODE;
      break;
    case KILN_SIM_WRITE_TOO_MUCH:
      status = ST_TOO_MUCH_DATA;
      break;
    case KILN_SIM_WRITE_INFLATE:
    case KILN_SIM_WRITE_ADLER:
    default:
      status = ST_INFLATE;
      break;
    }
  /* The block is acknowledged once received (and once the previous one is
   * written), then written in the background. */
  wait_background (sim);
  status_only (sim, op, status);
  sim->stub.bg_busy_until = MAX (sim->busy_until, sim->now) + cost;
}

static void
flash_end (KilnSim *sim,
           guint8   op,
           guint32  flag)
{
  KilnSimWrite *w = &sim->write;
  g_autoptr(GError) error = NULL;
  guint8 status = ST_OK;

  if (!w->active)
    status = ST_NOT_IN_FLASH_MODE;
  else if (w->compressed ? w->zstate != 3 : w->produced < w->size)
    status = ST_NOT_ENOUGH_DATA;
  wait_background (sim);
  status_only (sim, op, status);
  kiln_sim_write_end (sim);
  if (!kiln_sim_save_flash_locked (sim, &error))
    g_warning ("%s", error->message);
  if (flag == 0)
    kiln_sim_add_timer (sim, MAX (sim->d2h_tail, sim->now), KILN_SIM_TIMER_REBOOT,
                        KILN_SIM_RESET_SOFTWARE);
}

static gboolean
sync_body_ok (const guint8 *data,
              gsize         len)
{
  if (len != 36 || data[0] != 0x07 || data[1] != 0x07 || data[2] != 0x12 || data[3] != 0x20)
    return FALSE;
  for (gsize i = 4; i < len; i++)
    if (data[i] != 0x55)
      return FALSE;
  return TRUE;
}

static void
mem_command (KilnSim      *sim,
             guint8        op,
             const guint8 *data,
             gsize         len,
             guint32       checksum)
{
  if (op == 0x05)               /* MEM_BEGIN */
    {
      KilnSimRamSeg seg;

      if (len != 16)
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          return;
        }
      seg.addr = rd32 (data + 12);
      seg.size = rd32 (data);
      seg.data = g_malloc0 (MAX (seg.size, 1));
      g_array_append_val (sim->ram, seg);
      sim->ram_cur = &g_array_index (sim->ram, KilnSimRamSeg, sim->ram->len - 1);
      sim->mem_block_size = rd32 (data + 8);
      status_only (sim, op, ST_OK);
    }
  else if (op == 0x07)          /* MEM_DATA */
    {
      guint64 pos;

      if (len < 16 || rd32 (data) != len - 16)
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          return;
        }
      if (kiln_sim_checksum (data + 16, len - 16) != checksum)
        {
          sim->stats.checksum_errors++;
          status_only (sim, op, ST_BAD_CHECKSUM);
          return;
        }
      if (sim->ram_cur == NULL)
        {
          status_only (sim, op, ST_NOT_IN_FLASH_MODE);
          return;
        }
      pos = (guint64) rd32 (data + 4) * sim->mem_block_size;
      if (pos + (len - 16) > sim->ram_cur->size)
        {
          status_only (sim, op, ST_TOO_MUCH_DATA);
          return;
        }
      memcpy (sim->ram_cur->data + pos, data + 16, len - 16);
      status_only (sim, op, ST_OK);
    }
  else                          /* MEM_END */
    {
      guint32 entry;
      gboolean uploaded = FALSE;

      if (len != 8)
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          return;
        }
      status_only (sim, op, ST_OK);
      if (rd32 (data) != 0)
        return;
      entry = rd32 (data + 4);
      for (guint i = 0; i < sim->ram->len; i++)
        {
          KilnSimRamSeg *seg = &g_array_index (sim->ram, KilnSimRamSeg, i);
          if (entry >= seg->addr && (guint64) entry < (guint64) seg->addr + seg->size)
            uploaded = TRUE;
        }
      if (uploaded)
        kiln_sim_stub_start (sim);
      else
        sim->mode = KILN_SIM_MODE_HALTED;
    }
}

void
kiln_sim_stub_frame (KilnSim      *sim,
                     const guint8 *frame,
                     gsize         len)
{
  KilnSimStub *st = &sim->stub;
  const guint8 *data = frame + 8;
  gsize dlen;
  guint8 op;
  guint32 checksum;

  if (st->reading)
    {
      /* During READ_FLASH a 4-byte frame acknowledges data; anything else
       * ends the transfer and is taken as a command. */
      if (len == 4)
        {
          guint32 acked = rd32 (frame);
          if (acked > st->rd_acked && acked <= st->rd_sent)
            st->rd_acked = acked;
          read_pump (sim);
          return;
        }
      kiln_sim_stub_clear (sim);
    }

  if (len < 8 || frame[0] != 0x00)
    return;
  op = frame[1];
  dlen = len - 8;
  checksum = rd32 (frame + 4);
  sim->stats.commands++;
  sim->stats.op_count[op]++;
  if ((gsize) (frame[2] | frame[3] << 8) != dlen)
    {
      status_only (sim, op, ST_BAD_DATA_LEN);
      return;
    }

  switch (op)
    {
    case 0x08:                  /* SYNC */
      if (!sync_body_ok (data, dlen))
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          break;
        }
      sim->stats.syncs++;
      for (guint i = 0; i < 8; i++)
        status_only (sim, op, ST_OK);
      break;

    case 0x0A:                  /* READ_REG */
      if (dlen != 4)
        status_only (sim, op, ST_BAD_DATA_LEN);
      else
        reply (sim, op, kiln_sim_reg_read (sim, rd32 (data)), NULL, 0, ST_OK);
      break;

    case 0x09:                  /* WRITE_REG, several entries */
      if (dlen == 0 || dlen % 16 != 0)
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          break;
        }
      for (gsize i = 0; i < dlen; i += 16)
        {
          if (sim->opts.pace)
            kiln_sim_busy (sim, rd32 (data + i + 12));
          kiln_sim_reg_write (sim, rd32 (data + i), rd32 (data + i + 4), rd32 (data + i + 8));
        }
      status_only (sim, op, ST_OK);
      break;

    case 0x02:                  /* FLASH_BEGIN */
    case 0x10:                  /* FLASH_DEFL_BEGIN */
      if (dlen != 16 && dlen != 20)
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          break;
        }
      {
        guint32 size = rd32 (data), blocks = rd32 (data + 4);
        guint32 block_size = rd32 (data + 8), offset = rd32 (data + 12);

        if (block_size > MAX_BLOCK)
          {
            status_only (sim, op, ST_BAD_BLOCKSIZE);
            break;
          }
        if ((guint64) offset + size > st->believed_size)
          {
            status_only (sim, op, ST_BAD_DATA_LEN);
            break;
          }
        wait_background (sim);
        kiln_sim_write_begin (sim, op == 0x10, TRUE, size, blocks, block_size, offset);
        status_only (sim, op, ST_OK);
      }
      break;

    case 0x03:                  /* FLASH_DATA */
    case 0x11:                  /* FLASH_DEFL_DATA */
      if (!sim->write.active || sim->write.compressed != (op == 0x11))
        {
          status_only (sim, op, ST_NOT_IN_FLASH_MODE);
          break;
        }
      data_block (sim, op, data, dlen, checksum);
      break;

    case 0x04:                  /* FLASH_END */
    case 0x12:                  /* FLASH_DEFL_END */
      if (dlen != 4)
        status_only (sim, op, ST_BAD_DATA_LEN);
      else
        flash_end (sim, op, rd32 (data));
      break;

    case 0x05:
    case 0x06:
    case 0x07:
      mem_command (sim, op, data, dlen, checksum);
      break;

    case 0x0B:                  /* SPI_SET_PARAMS */
      if (dlen != 24)
        status_only (sim, op, ST_BAD_DATA_LEN);
      else
        {
          st->believed_size = rd32 (data + 4);
          status_only (sim, op, ST_OK);
        }
      break;

    case 0x0D:                  /* SPI_ATTACH */
      status_only (sim, op, dlen == 4 ? ST_OK : ST_BAD_DATA_LEN);
      break;

    case 0x0F:                  /* CHANGE_BAUDRATE */
      if (dlen != 8)
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          break;
        }
      status_only (sim, op, ST_OK);
      if (rd32 (data) >= 300)
        sim->baud = rd32 (data);
      break;

    case 0x13:                  /* SPI_FLASH_MD5: raw digest */
      if (dlen != 16)
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          break;
        }
      {
        guint8 digest[16];
        guint32 size = rd32 (data + 4);

        wait_background (sim);
        kiln_sim_flash_md5 (&sim->flash, rd32 (data), size, digest);
        kiln_sim_busy (sim, kiln_sim_cost_us (sim->opts.md5_ms, size / 1048576.0));
        reply (sim, op, 0, digest, sizeof digest, ST_OK);
      }
      break;

    case 0xD0:                  /* ERASE_FLASH */
      wait_background (sim);
      kiln_sim_flash_erase_sectors (&sim->flash, 0, (guint32) (sim->flash.size / KILN_SIM_SECTOR));
      sim->stats.sectors_erased += sim->flash.size / KILN_SIM_SECTOR;
      kiln_sim_busy (sim, kiln_sim_erase_cost (sim, 0, (guint32) (sim->flash.size / KILN_SIM_SECTOR)));
      status_only (sim, op, ST_OK);
      {
        g_autoptr(GError) error = NULL;
        if (!kiln_sim_save_flash_locked (sim, &error))
          g_warning ("%s", error->message);
      }
      break;

    case 0xD1:                  /* ERASE_REGION */
      if (dlen != 8)
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          break;
        }
      {
        guint32 offset = rd32 (data), size = rd32 (data + 4);

        if (offset % KILN_SIM_SECTOR != 0 || size % KILN_SIM_SECTOR != 0)
          {
            status_only (sim, op, ST_BAD_DATA_LEN);
            break;
          }
        wait_background (sim);
        kiln_sim_flash_erase_sectors (&sim->flash, offset / KILN_SIM_SECTOR, size / KILN_SIM_SECTOR);
        sim->stats.sectors_erased += size / KILN_SIM_SECTOR;
        kiln_sim_busy (sim, kiln_sim_erase_cost (sim, offset / KILN_SIM_SECTOR, size / KILN_SIM_SECTOR));
        status_only (sim, op, ST_OK);
      }
      break;

    case 0xD2:                  /* READ_FLASH */
      if (dlen != 16)
        {
          status_only (sim, op, ST_BAD_DATA_LEN);
          break;
        }
      {
        guint32 packet = rd32 (data + 8);

        if (packet == 0 || packet > MAX_BLOCK)
          {
            status_only (sim, op, ST_BAD_DATA_LEN);
            break;
          }
        wait_background (sim);
        status_only (sim, op, ST_OK);
        st->reading = TRUE;
        st->rd_offset = rd32 (data);
        st->rd_len = rd32 (data + 4);
        st->rd_sent = st->rd_acked = 0;
        st->rd_packet = packet;
        st->rd_window = MAX (rd32 (data + 12), 1u);
        st->rd_md5 = g_checksum_new (G_CHECKSUM_MD5);
        read_pump (sim);
      }
      break;

    case 0xD3:                  /* RUN_USER_CODE: no reply */
      wait_background (sim);
      kiln_sim_run_user_code (sim);
      break;

    default:
      status_only (sim, op, ST_UNKNOWN);
      break;
    }
}
