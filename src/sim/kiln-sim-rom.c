/* kiln-sim-rom.c: the ROM serial loader of both chips.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests are SLIP frames: 0x00, opcode, 16-bit size, 32-bit checksum,
 * data.  Replies: 0x01, opcode, 16-bit size, 32-bit value, data, status.
 *
 * Details of the real ROM this reproduces, seen in the recordings:
 *
 *  - The reply header lives in a static buffer the ROM does not clear.
 *    Only READ_REG (the register's value) and SYNC (0x20120707) set the
 *    value field, so every other reply repeats the last of those: an
 *    SPI_ATTACH after reading eFuse word 3 answers with value 0x8000.
 *  - An opcode the ROM does not know gets status 1 / error 0x05 in a
 *    reply that still carries the previous command's opcode and value
 *    (GET_SECURITY_INFO after SYNC: 01 08 04 00 07 07 12 20 01 05 00 00).
 *  - The reply data, status included, is built in another static buffer:
 *    the ESP32's two reserved status bytes are whatever that buffer held,
 *    e.g. "05" from an earlier MD5 string.  READ_FLASH_SLOW fills only the
 *    bytes asked for of its 64.
 *  - The ESP8266 ROM sends 2 status bytes, the ESP32 ROM 4.
 *  - The ESP8266 ROM's FLASH_BEGIN erases too much (§5.2 of the facts,
 *    esptool issue #33): n sectors asked from sector s0, h sectors left to
 *    the next 64 KiB boundary: n ≤ h erases 2n, otherwise n + h.
 *    FLASH_BEGIN also attaches the flash there; (0, 0, …) erases nothing.
 *  - The ROM reads each written block back and fails with 0x08 when the
 *    flash does not hold it (a region that was not erased).
 *  - The ESP32 ROM only reaches the flash after SPI_ATTACH.
 *  - The S2 and later ROMs take a fifth FLASH_BEGIN / FLASH_DEFL_BEGIN word
 *    (the "encrypted" flag) and refuse the 16-byte form; they answer
 *    GET_SECURITY_INFO with 20 bytes (the S2 with 12, without a chip id).
 *  - Through the S2's and S3's own USB-OTG CDC the ROM takes data blocks
 *    of at most 0x800 bytes (UART: 0x1800 for MEM_DATA).
 *  - The ESP32-C2 ROM programs CHANGE_BAUDRATE for a 40 MHz crystal: on a
 *    26 MHz board the UART lands at 26/40 of the rate asked.
 */
#include "config.h"

#include <string.h>

#include "kiln-sim-private.h"

enum
{
  OP_FLASH_BEGIN = 0x02,
  OP_FLASH_DATA = 0x03,
  OP_FLASH_END = 0x04,
  OP_MEM_BEGIN = 0x05,
  OP_MEM_END = 0x06,
  OP_MEM_DATA = 0x07,
  OP_SYNC = 0x08,
  OP_WRITE_REG = 0x09,
  OP_READ_REG = 0x0A,
  OP_SPI_SET_PARAMS = 0x0B,
  OP_SPI_ATTACH = 0x0D,
  OP_READ_FLASH_SLOW = 0x0E,
  OP_CHANGE_BAUDRATE = 0x0F,
  OP_FLASH_DEFL_BEGIN = 0x10,
  OP_FLASH_DEFL_DATA = 0x11,
  OP_FLASH_DEFL_END = 0x12,
  OP_SPI_FLASH_MD5 = 0x13,
  OP_GET_SECURITY_INFO = 0x14,
};

enum
{
  ERR_BAD_FORMAT = 0x05,
  ERR_FAILED = 0x06,
  ERR_CHECKSUM = 0x07,
  ERR_FLASH_WRITE = 0x08,
  ERR_FLASH_READ = 0x09,
  ERR_READ_LENGTH = 0x0A,
  ERR_DEFLATE = 0x0B,
  ERR_ADLER = 0x0C,
  ERR_RAM_SIZE = 0x0E,
  ERR_RAM_ADDR = 0x0F,
};

#define SYNC_VALUE 0x20120707u

static guint32
rd32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

void
kiln_sim_rom_reset (KilnSim *sim)
{
  memset (&sim->rom, 0, sizeof sim->rom);
  sim->rom.believed_size = sim->chip->rom_flash_size;
}

/* The ROM's flash routines refuse what lies beyond the size it believes
 * (SPI_SET_PARAMS, or its default). */
static gboolean
within_believed (KilnSim *sim,
                 guint32  addr,
                 guint32  len)
{
  return (guint64) addr + len <= sim->rom.believed_size;
}

/* The rate the UART lands on after CHANGE_BAUDRATE(@asked).  The ESP32 ROM
 * computes the divider from the clock it believes it has: with both
 * calibration values set that is cal × 15625 × ck8m / 40 Hz, and the real
 * rate is off by the ratio to the real crystal. */
static guint
rom_new_baud (KilnSim *sim,
              guint32  asked)
{
  const KilnSimOptions *o = &sim->opts;
  guint64 believed, real = (guint64) o->xtal_mhz * 1000000;

  if (o->rom_baud_broken)
    return MAX (300u, asked / 5 * 2);
  /* The C2's ROM programs the divider for a 40 MHz crystal whatever the
   * board carries. */
  if (sim->chip->rom_baud_assumes_xtal)
    return (guint) ((guint64) asked * o->xtal_mhz / sim->chip->rom_xtal_mhz);
  if (o->ck8m == 0 || o->rtc_cal == 0)
    return asked;
  believed = (guint64) o->rtc_cal * 15625 * o->ck8m / 40;
  if (believed == 0)
    return asked;
  return (guint) MIN ((guint64) asked * real / believed, G_MAXUINT);
}

/* Flash reads as the ROM sees them: 0xFF until the pins are attached. */
void
kiln_sim_rom_read_flash (KilnSim *sim,
                         guint32  addr,
                         guint8  *out,
                         gsize    len)
{
  if (!sim->rom.attached)
    memset (out, 0xFF, len);
  else
    kiln_sim_flash_read (&sim->flash, addr, out, len);
  kiln_sim_spi_note_rom_read (sim, addr, len);
}

static void
reply (KilnSim      *sim,
       guint8        op,
       const guint8 *data,
       gsize         data_len,
       guint8        status,
       guint8        error)
{
  KilnSimRom *rom = &sim->rom;
  gsize body = data_len + sim->chip->rom_status_len;
  guint8 pkt[8 + sizeof rom->buf];

  g_assert (body <= sizeof rom->buf);
  if (data != NULL && data_len > 0)
    memmove (rom->buf, data, data_len);
  rom->buf[data_len] = status;
  rom->buf[data_len + 1] = error;

  pkt[0] = 0x01;
  pkt[1] = op;
  pkt[2] = (guint8) body;
  pkt[3] = (guint8) (body >> 8);
  pkt[4] = (guint8) rom->last_value;
  pkt[5] = (guint8) (rom->last_value >> 8);
  pkt[6] = (guint8) (rom->last_value >> 16);
  pkt[7] = (guint8) (rom->last_value >> 24);
  memcpy (pkt + 8, rom->buf, body);
  if (status != 0)
    sim->stats.command_errors++;
  kiln_sim_send_frame (sim, pkt, 8 + body);
}

static void
ok (KilnSim *sim,
    guint8   op)
{
  reply (sim, op, NULL, 0, 0, 0);
}

static void
fail (KilnSim *sim,
      guint8   op,
      guint8   error)
{
  reply (sim, op, NULL, 0, 1, error);
}

static gboolean
ram_range_ok (KilnSim *sim,
              guint32  addr,
              guint32  size)
{
  for (gsize i = 0; i < sim->chip->n_ram; i++)
    {
      const KilnSimRange *r = &sim->chip->ram[i];
      if (addr >= r->start && (guint64) addr + size <= r->end)
        return TRUE;
    }
  return FALSE;
}

static void
erase_with_quirk (KilnSim *sim,
                  guint32  erase_size,
                  guint32  offset)
{
  guint32 n = (erase_size + KILN_SIM_SECTOR - 1) / KILN_SIM_SECTOR;
  guint32 s0 = offset / KILN_SIM_SECTOR;
  guint32 count = n;

  if (sim->chip->rom_erase_bug && n > 0)
    {
      guint32 h = 16 - s0 % 16;
      count = n <= h ? 2 * n : n + h;
    }
  if (sim->rom.attached)
    {
      kiln_sim_flash_erase_sectors (&sim->flash, s0, count);
      sim->stats.sectors_erased += count;
    }
  kiln_sim_busy (sim, kiln_sim_erase_cost (sim, s0, count));
}

/* Common to FLASH_DATA, FLASH_DEFL_DATA and MEM_DATA: the 16-byte header
 * and the checksum over the payload. */
static gboolean
data_header (KilnSim       *sim,
             guint8         op,
             const guint8  *data,
             gsize          len,
             guint32        checksum,
             guint32       *seq,
             const guint8 **payload,
             gsize         *payload_len)
{
  if (len < 16 || rd32 (data) != len - 16)
    {
      fail (sim, op, ERR_BAD_FORMAT);
      return FALSE;
    }
  *seq = rd32 (data + 4);
  *payload = data + 16;
  *payload_len = len - 16;
  if (kiln_sim_checksum (*payload, *payload_len) != checksum)
    {
      sim->stats.checksum_errors++;
      fail (sim, op, ERR_CHECKSUM);
      return FALSE;
    }
  return TRUE;
}

static void
flash_data (KilnSim      *sim,
            guint8        op,
            const guint8 *data,
            gsize         len,
            guint32       checksum)
{
  const guint8 *payload;
  gsize payload_len;
  guint32 seq;
  gint64 cost = 0;
  KilnSimWriteResult r;

  if (!data_header (sim, op, data, len, checksum, &seq, &payload, &payload_len))
    return;
  r = kiln_sim_write_data (sim, seq, payload, payload_len, TRUE, &cost);
  kiln_sim_busy (sim, cost);
  switch (r)
    {
    case KILN_SIM_WRITE_OK:
      ok (sim, op);
      break;
    case KILN_SIM_WRITE_NOT_BEGUN:
      fail (sim, op, ERR_FAILED);
      break;
    case KILN_SIM_WRITE_VERIFY:
      fail (sim, op, ERR_FLASH_WRITE);
      break;
    case KILN_SIM_WRITE_ADLER:
      fail (sim, op, ERR_ADLER);
      break;
    case KILN_SIM_WRITE_INFLATE:
    case KILN_SIM_WRITE_TOO_MUCH:
    default:
      fail (sim, op, ERR_DEFLATE);
      break;
    }
}

static void
flash_end (KilnSim *sim,
           guint8   op,
           guint32  flag)
{
  g_autoptr(GError) error = NULL;

  ok (sim, op);
  kiln_sim_write_end (sim);
  if (!kiln_sim_save_flash_locked (sim, &error))
    g_warning ("%s", error->message);
  /* 0 reboots, 1 leaves the loader for the code in flash; either happens
   * once the reply is out. */
  if (flag == 0)
    kiln_sim_add_timer (sim, MAX (sim->d2h_tail, sim->now), KILN_SIM_TIMER_REBOOT,
                        KILN_SIM_RESET_SOFTWARE);
  else
    kiln_sim_run_user_code (sim);
}

static void
mem_data (KilnSim      *sim,
          const guint8 *data,
          gsize         len,
          guint32       checksum)
{
  const guint8 *payload;
  gsize payload_len;
  guint32 seq;
  guint64 pos;

  if (!data_header (sim, OP_MEM_DATA, data, len, checksum, &seq, &payload, &payload_len))
    return;
  if (sim->ram_cur == NULL)
    {
      fail (sim, OP_MEM_DATA, ERR_FAILED);
      return;
    }
  pos = (guint64) seq * sim->mem_block_size;
  if (pos + payload_len > sim->ram_cur->size)
    {
      fail (sim, OP_MEM_DATA, ERR_RAM_SIZE);
      return;
    }
  memcpy (sim->ram_cur->data + pos, payload, payload_len);
  ok (sim, OP_MEM_DATA);
}

static gboolean
entry_uploaded (KilnSim *sim,
                guint32  entry)
{
  for (guint i = 0; i < sim->ram->len; i++)
    {
      KilnSimRamSeg *seg = &g_array_index (sim->ram, KilnSimRamSeg, i);
      if (entry >= seg->addr && (guint64) entry < (guint64) seg->addr + seg->size)
        return TRUE;
    }
  return FALSE;
}

static gboolean
sync_body_ok (const guint8 *data,
              gsize         len)
{
  static const guint8 head[] = { 0x07, 0x07, 0x12, 0x20 };

  if (len != 36 || memcmp (data, head, 4) != 0)
    return FALSE;
  for (gsize i = 4; i < len; i++)
    if (data[i] != 0x55)
      return FALSE;
  return TRUE;
}

/* Secure Download Mode (§2.1 of the facts): the ROM serves only these and
 * answers anything else as an unknown command. */
static gboolean
secure_download_allows (KilnSim *sim,
                        guint8   op)
{
  static const guint8 allowed[] = {
    OP_SYNC, OP_SPI_ATTACH, OP_SPI_SET_PARAMS, OP_CHANGE_BAUDRATE, OP_FLASH_BEGIN,
    OP_FLASH_DATA, OP_FLASH_END, OP_GET_SECURITY_INFO,
  };

  return !sim->opts.secure_download || memchr (allowed, op, sizeof allowed) != NULL;
}

/**
 * kiln_sim_rom_frame:
 *
 * One SLIP frame from the host while the ROM loader runs.
 */
void
kiln_sim_rom_frame (KilnSim      *sim,
                    const guint8 *frame,
                    gsize         len)
{
  KilnSimRom *rom = &sim->rom;
  const guint8 *data = frame + 8;
  gsize dlen;
  guint8 op;
  guint32 checksum;

  /* Not a request: the ROM ignores it. */
  if (len < 8 || frame[0] != 0x00)
    return;
  /* Through its own USB-OTG CDC the ROM takes at most one buffer of data
   * (block header + usb_otg_block bytes) per request.  What silicon does
   * with more is not documented; here the request is lost unanswered, so a
   * host that sends UART-sized blocks there sees the timeout. */
  if (sim->opts.usb == KILN_SIM_USB_OTG && sim->chip->usb_otg_block != 0 &&
      len - 8 > 16 + (gsize) sim->chip->usb_otg_block)
    return;
  op = frame[1];
  dlen = len - 8;
  checksum = rd32 (frame + 4);
  sim->stats.commands++;
  sim->stats.op_count[op]++;

  if (!kiln_sim_chip_rom_has (sim->chip, op) || !secure_download_allows (sim, op))
    {
      reply (sim, rom->last_op, NULL, 0, 1, ERR_BAD_FORMAT);
      return;
    }
  rom->last_op = op;
  if ((gsize) (frame[2] | frame[3] << 8) != dlen)
    {
      fail (sim, op, ERR_BAD_FORMAT);
      return;
    }

  switch (op)
    {
    case OP_SYNC:
      if (!sync_body_ok (data, dlen))
        return;                 /* no baud pattern: nothing to answer */
      sim->stats.syncs++;
      rom->last_value = SYNC_VALUE;
      for (guint i = 0; i < 8; i++)
        ok (sim, op);
      break;

    case OP_READ_REG:
      if (dlen != 4)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      rom->last_value = kiln_sim_reg_read (sim, rd32 (data));
      ok (sim, op);
      break;

    case OP_WRITE_REG:
      if (dlen != 16)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      if (sim->opts.pace)
        kiln_sim_busy (sim, rd32 (data + 12));
      kiln_sim_reg_write (sim, rd32 (data), rd32 (data + 4), rd32 (data + 8));
      ok (sim, op);
      break;

    case OP_SPI_SET_PARAMS:
      if (dlen != 24)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      rom->believed_size = rd32 (data + 4);
      ok (sim, op);
      break;

    case OP_SPI_ATTACH:
      if (dlen != 8)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      rom->attached = kiln_sim_spi_attach_reaches_flash (sim, rd32 (data));
      ok (sim, op);
      break;

    case OP_CHANGE_BAUDRATE:
      if (dlen != 8)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      ok (sim, op);             /* still at the old rate */
      /* A zero rate (a host's crystal correction gone wrong) would stop
       * the UART; keep the old one rather than model a dead link. */
      if (rd32 (data) >= 300)
        sim->baud = rom_new_baud (sim, rd32 (data));
      rom->baud_fixed = TRUE;
      sim->autobaud = FALSE;
      break;

    case OP_GET_SECURITY_INFO:
      {
        guint8 info[20] = { 0 };

        /* flags (bit 0 secure boot, bit 2 secure download mode),
         * flash_crypt_cnt (odd: encryption on), the key purposes (none
         * here), then the chip id and the ECO version. */
        info[0] = (sim->opts.secure_boot ? 1u : 0u) | (sim->opts.secure_download ? 4u : 0u);
        info[4] = sim->opts.flash_encrypted ? 1 : 0;
        info[12] = (guint8) sim->chip->chip_id;
        reply (sim, op, info, sim->chip->security_info_len, 0, 0);
      }
      break;

    case OP_FLASH_BEGIN:
    case OP_FLASH_DEFL_BEGIN:
      if (dlen != sim->chip->rom_begin_len)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      if (!sim->chip->rom_needs_attach)
        rom->attached = TRUE;
      {
        guint32 size = rd32 (data), blocks = rd32 (data + 4);
        guint32 block_size = rd32 (data + 8), offset = rd32 (data + 12);
        guint32 span = (size + KILN_SIM_SECTOR - 1) / KILN_SIM_SECTOR * KILN_SIM_SECTOR;

        /* As measured on the real ROMs: the erase starts at a sector and
         * stays within the believed size, or the command fails. */
        if (offset % KILN_SIM_SECTOR != 0 || !within_believed (sim, offset, span))
          {
            fail (sim, op, ERR_FAILED);
            break;
          }

        /* FLASH_BEGIN's size is what to erase; FLASH_DEFL_BEGIN's is the
         * inflated size, and the ROM erases that much too. */
        erase_with_quirk (sim, size, offset);
        kiln_sim_write_begin (sim, op == OP_FLASH_DEFL_BEGIN, FALSE, size, blocks, block_size, offset);
      }
      ok (sim, op);
      break;

    case OP_FLASH_DATA:
    case OP_FLASH_DEFL_DATA:
      flash_data (sim, op, data, dlen, checksum);
      break;

    case OP_FLASH_END:
    case OP_FLASH_DEFL_END:
      if (dlen != 4)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      flash_end (sim, op, rd32 (data));
      break;

    case OP_MEM_BEGIN:
      if (dlen != 16)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      {
        guint32 size = rd32 (data), block_size = rd32 (data + 8), addr = rd32 (data + 12);
        KilnSimRamSeg seg;

        if (!ram_range_ok (sim, addr, size))
          {
            fail (sim, op, ERR_RAM_ADDR);
            break;
          }
        seg.addr = addr;
        seg.size = size;
        seg.data = g_malloc0 (MAX (size, 1));
        g_array_append_val (sim->ram, seg);
        sim->ram_cur = &g_array_index (sim->ram, KilnSimRamSeg, sim->ram->len - 1);
        sim->mem_block_size = block_size;
      }
      ok (sim, op);
      break;

    case OP_MEM_DATA:
      mem_data (sim, data, dlen, checksum);
      break;

    case OP_MEM_END:
      if (dlen != 8)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      ok (sim, op);
      if (rd32 (data) == 0)
        {
          /* The sim cannot execute Xtensa code: an entry point inside an
           * uploaded segment is taken to be a flasher stub.  Anything else
           * is a jump into the unknown, and the chip goes quiet. */
          if (entry_uploaded (sim, rd32 (data + 4)))
            kiln_sim_stub_start (sim);
          else
            sim->mode = KILN_SIM_MODE_HALTED;
        }
      break;

    case OP_READ_FLASH_SLOW:
      if (dlen != 8)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      {
        guint32 addr = rd32 (data), n = rd32 (data + 4);

        if (n > 64)
          {
            fail (sim, op, ERR_READ_LENGTH);
            break;
          }
        if (!within_believed (sim, addr, n))
          {
            /* The whole-size reply still goes out, with stale data. */
            reply (sim, op, rom->buf, 64, 1, ERR_FLASH_READ);
            break;
          }
        kiln_sim_rom_read_flash (sim, addr, rom->buf, n);
        reply (sim, op, rom->buf, 64, 0, 0);
      }
      break;

    case OP_SPI_FLASH_MD5:
      if (dlen != 16)
        {
          fail (sim, op, ERR_BAD_FORMAT);
          break;
        }
      {
        guint32 addr = rd32 (data), size = rd32 (data + 4);
        guint8 digest[16];
        char hex[33];

        if (!within_believed (sim, addr, size))
          {
            reply (sim, op, rom->buf, 32, 1, ERR_FLASH_READ);
            break;
          }
        if (rom->attached)
          kiln_sim_flash_md5 (&sim->flash, addr, size, digest);
        else
          {
            g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
            guint8 ff[256];
            gsize dl = 16;

            memset (ff, 0xFF, sizeof ff);
            for (guint32 done = 0; done < size; done += MIN (size - done, (guint32) sizeof ff))
              g_checksum_update (md5, ff, MIN (size - done, (guint32) sizeof ff));
            g_checksum_get_digest (md5, digest, &dl);
          }
        kiln_sim_spi_note_rom_read (sim, addr, size);
        for (guint i = 0; i < 16; i++)
          g_snprintf (hex + 2 * i, 3, "%02x", digest[i]);
        kiln_sim_busy (sim, kiln_sim_cost_us (sim->opts.md5_ms, size / 1048576.0));
        reply (sim, op, (const guint8 *) hex, 32, 0, 0);
      }
      break;

    default:
      fail (sim, op, ERR_BAD_FORMAT);
      break;
    }
}
