/* kiln-sim-spi.c: the SPI peripheral in front of the flash chip.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hosts without a stub run flash commands (JEDEC id, status registers,
 * SFDP, reset) by writing the SPI "user command" registers and setting
 * CMD bit 18; the hardware clocks the command out, fills W0… with what the
 * flash answered and clears the bit.  Offsets: CMD +0x00, ADDR +0x04,
 * then USR, USR1, USR2, MOSI_DLEN and MISO_DLEN one word apart from USR
 * (+0x1C on the ESP8266 and ESP32, +0x18 from the S2 on); W0 at +0x40
 * (ESP8266), +0x80 (ESP32) or +0x58 (S2 and later).  The ESP8266 keeps
 * both lengths in USR1 (MISO bits − 1 at bit 8, MOSI bits − 1 at bit 17).
 * The ESP8266 and ESP32 take the address left-aligned in ADDR, the later
 * chips as it is.
 *
 * Until the flash pins are attached (SPI_ATTACH, or FLASH_BEGIN on the
 * ESP8266 ROM) nothing drives MISO and every read returns 0xFF.
 */
#include "config.h"

#include <string.h>

#include "kiln-sim-private.h"

#define REG_CMD       0x00
#define REG_ADDR      0x04
#define REG_USR       (sim->chip->spi_usr)
#define REG_USR1      (sim->chip->spi_usr + 0x4)
#define REG_USR2      (sim->chip->spi_usr + 0x8)
#define REG_MOSI_DLEN (sim->chip->spi_usr + 0xC)
#define REG_MISO_DLEN (sim->chip->spi_usr + 0x10)

#define CMD_USR       (1u << 18)
#define USR_COMMAND   (1u << 31)
#define USR_ADDR      (1u << 30)
#define USR_MISO      (1u << 28)
#define USR_MOSI      (1u << 27)

#define R(off) (sim->spi[(off) / 4])

/* The ESP32's flash pins in SPI_ATTACH's packing (HD<<24 | CS<<18 | D<<12
 * | Q<<6 | CLK); 0 means the default pins, 1 the HSPI pins. */
#define DEFAULT_PINS ((9u << 24) | (11u << 18) | (8u << 12) | (7u << 6) | 6u)

/**
 * kiln_sim_spi_attach_reaches_flash:
 * @config: SPI_ATTACH's first word
 *
 * Whether the pins SPI_ATTACH selects are the ones the flash is wired to.
 * The ROM's attach does not look at the eFuse pad words: a host must pass
 * them itself for in-package or custom-wired flash.
 */
gboolean
kiln_sim_spi_attach_reaches_flash (KilnSim *sim,
                                   guint32  config)
{
  const guint8 *p = sim->opts.spi_pads;
  guint32 wired = DEFAULT_PINS;

  if (sim->opts.spi_pads_set)
    wired = (guint32) p[4] << 24 | (guint32) p[3] << 18 | (guint32) p[2] << 12 |
            (guint32) p[1] << 6 | p[0];
  if (config == 1)
    return FALSE;                /* HSPI: no flash there on these boards */
  if (config == 0)
    config = DEFAULT_PINS;
  return config == wired;
}

gboolean
kiln_sim_spi_owns (KilnSim *sim,
                   guint32  addr)
{
  return addr >= sim->chip->spi_base && addr < sim->chip->spi_base + 0x100 && (addr & 3) == 0;
}

guint32
kiln_sim_spi_read (KilnSim *sim,
                   guint32  addr)
{
  return R (addr - sim->chip->spi_base);
}

void
kiln_sim_spi_reset (KilnSim *sim)
{
  memset (sim->spi, 0, sizeof sim->spi);
  sim->spi_powered_down = FALSE;
  sim->flash.wel = FALSE;
}

static void
w_get (KilnSim *sim,
       guint8  *out,
       gsize    len)
{
  for (gsize i = 0; i < len; i++)
    out[i] = (guint8) (R (sim->chip->spi_w0 + (i & ~3u)) >> (8 * (i & 3)));
}

/* Stores @len bytes from W0 up, leaving the rest of the last word. */
static void
w_put (KilnSim      *sim,
       const guint8 *in,
       gsize         len)
{
  for (gsize i = 0; i < len && i < 64; i++)
    {
      guint32 *w = &R (sim->chip->spi_w0 + (i & ~3u));
      guint shift = 8 * (i & 3);
      *w = (*w & ~(0xFFu << shift)) | ((guint32) in[i] << shift);
    }
}

static void
spi_execute (KilnSim *sim)
{
  KilnSimFlash *flash = &sim->flash;
  guint32 usr = R (REG_USR), usr1 = R (REG_USR1), usr2 = R (REG_USR2);
  guint8 cmd = (guint8) usr2;
  guint miso_bits, mosi_bits, addr_bits;
  guint32 addr = 0;
  guint8 mosi[64], miso[64];
  gsize miso_len;
  gboolean wel = flash->wel;

  if (!(usr & USR_COMMAND))
    return;
  if (sim->chip->spi_len_in_usr1)
    {
      miso_bits = ((usr1 >> 8) & 0x1FF) + 1;
      mosi_bits = ((usr1 >> 17) & 0x1FF) + 1;
    }
  else
    {
      miso_bits = (R (REG_MISO_DLEN) & 0xFFFFFF) + 1;
      mosi_bits = (R (REG_MOSI_DLEN) & 0xFFFFFF) + 1;
    }
  if (!(usr & USR_MISO))
    miso_bits = 0;
  if (!(usr & USR_MOSI))
    mosi_bits = 0;
  miso_len = MIN ((miso_bits + 7) / 8, sizeof miso);
  addr_bits = (usr & USR_ADDR) ? ((usr1 >> 26) & 0x3F) + 1 : 0;
  if (addr_bits > 0)
    addr = sim->chip->spi_addr_right ? R (REG_ADDR) & (guint32) ((G_GUINT64_CONSTANT (1) << addr_bits) - 1)
                                     : R (REG_ADDR) >> (32 - addr_bits);
  w_get (sim, mosi, sizeof mosi);
  memset (miso, 0xFF, sizeof miso);

  if (!sim->rom.attached || (sim->spi_powered_down && cmd != 0xAB))
    {
      w_put (sim, miso, miso_len);
      return;
    }

  switch (cmd)
    {
    case 0x9F:                  /* RDID */
      memcpy (miso, flash->jedec, 3);
      break;
    case 0x05:                  /* RDSR */
      miso[0] = (guint8) ((flash->status[0] & ~0x03) | (flash->wel ? 0x02 : 0));
      miso[1] = flash->status[1];
      break;
    case 0x35:                  /* RDSR2 */
      miso[0] = flash->status[1];
      break;
    case 0x15:                  /* RDSR3 */
      miso[0] = flash->status[2];
      break;
    case 0x06:                  /* WREN */
      flash->wel = TRUE;
      break;
    case 0x04:                  /* WRDI */
      flash->wel = FALSE;
      break;
    case 0x50:                  /* write enable for volatile status */
      flash->wel = TRUE;
      break;
    case 0x01:                  /* WRSR (8 or 16 bits) */
      if (wel)
        {
          flash->status[0] = mosi[0] & 0xFC;
          if (mosi_bits >= 16)
            flash->status[1] = mosi[1];
        }
      flash->wel = FALSE;
      break;
    case 0x31:                  /* WRSR2 */
    case 0x11:                  /* WRSR3 */
      if (wel)
        flash->status[cmd == 0x31 ? 1 : 2] = mosi[0];
      flash->wel = FALSE;
      break;
    case 0x5A:                  /* RDSFDP: the recorded part has no SFDP table */
      memset (miso, 0, sizeof miso);
      break;
    case 0x66:                  /* reset enable */
    case 0x99:                  /* reset */
      flash->wel = FALSE;
      break;
    case 0xB9:                  /* deep power-down */
      sim->spi_powered_down = TRUE;
      break;
    case 0xAB:                  /* release from power-down */
      sim->spi_powered_down = FALSE;
      break;
    case 0x03:                  /* READ */
    case 0x0B:                  /* FAST_READ */
      kiln_sim_flash_read (flash, addr, miso, miso_len);
      break;
    case 0x02:                  /* PAGE PROGRAM, wrapping inside the page */
      if (wel)
        for (guint i = 0; i < mosi_bits / 8; i++)
          kiln_sim_flash_program (flash, (addr & ~0xFFu) | ((addr + i) & 0xFF), &mosi[i], 1);
      flash->wel = FALSE;
      break;
    case 0x20:                  /* sector, 32 KiB and 64 KiB block, chip erase */
    case 0x52:
    case 0xD8:
    case 0x60:
    case 0xC7:
      if (wel)
        {
          guint32 len = cmd == 0x20 ? 0x1000 : cmd == 0x52 ? 0x8000 : cmd == 0xD8 ? 0x10000
                        : (guint32) flash->size;
          guint32 start = cmd == 0x60 || cmd == 0xC7 ? 0 : (addr & ~(len - 1));

          sim->stats.sectors_erased += kiln_sim_flash_erase (flash, start, len);
        }
      flash->wel = FALSE;
      break;
    default:
      break;
    }
  w_put (sim, miso, miso_len);
}

void
kiln_sim_spi_write (KilnSim *sim,
                    guint32  addr,
                    guint32  value)
{
  guint32 off = addr - sim->chip->spi_base;

  R (off) = value;
  if (off == REG_CMD && (value & CMD_USR))
    {
      spi_execute (sim);
      /* The hardware clears the bit when the transfer is done, and this
       * transfer is done before anyone can look. */
      R (REG_CMD) &= ~CMD_USR;
    }
}

/* The ROM's own flash reads go through the same peripheral and leave its
 * user-command registers as the recording shows them afterwards. */
void
kiln_sim_spi_note_rom_read (KilnSim *sim,
                            guint32  addr,
                            gsize    len)
{
  if (sim->chip->rom_read_usr == 0)
    return;
  R (REG_USR) = sim->chip->rom_read_usr;
  R (REG_USR2) = sim->chip->rom_read_usr2;
  R (REG_ADDR) = sim->chip->spi_addr_right ? addr + (guint32) len : (addr + (guint32) len) << 8;
}
