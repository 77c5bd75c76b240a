/* kiln-sim-regs.c: what READ_REG and WRITE_REG reach.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The magic word, the eFuse / OTP words (fixed ones from the chip table,
 * the MAC words derived from the configured MAC), the UART clock divider
 * (what the ROM's autobaud measured), the GPIO strap latch, and the SPI
 * peripheral.  Anything else behaves as plain memory that reads 0 until
 * written.
 */
#include "config.h"

#include "kiln-sim-private.h"

guint32
kiln_sim_uart_clkdiv (KilnSim *sim)
{
  guint64 clk = (guint64) sim->opts.xtal_mhz * 1000000 * sim->chip->uart_clk_per_xtal;
  gint64 div = (gint64) (clk / MAX (sim->baud, 1u)) + sim->chip->uart_clkdiv_bias;

  return (guint32) CLAMP (div, 1, 0xFFFFF);
}

/* GPIO_STRAP as the pins hold it in the download or the flash boot:
 * the board's, or with straps=recorded those of the board the ESP32
 * recordings were made on. */
guint32
kiln_sim_strap_word (KilnSim *sim,
                     gboolean download)
{
  const KilnSimChip *chip = sim->chip;

  if (sim->opts.straps_recorded && chip->strap_download_recorded != 0)
    return download ? chip->strap_download_recorded : chip->strap_flash_recorded;
  return download ? chip->strap_download : chip->strap_flash;
}

/* CRC-8 (polynomial x^8 + x^5 + x^4 + 1, reflected), as kept next to the
 * ESP32's factory MAC. */
static guint8
mac_crc8 (const guint8 *mac)
{
  guint8 crc = 0;

  for (guint i = 0; i < 6; i++)
    {
      crc ^= mac[i];
      for (guint b = 0; b < 8; b++)
        crc = (crc & 1) ? (guint8) ((crc >> 1) ^ 0x8C) : (guint8) (crc >> 1);
    }
  return crc;
}

static gboolean
mac_word (KilnSim *sim,
          guint32  addr,
          guint32 *value)
{
  const guint8 *m = sim->opts.mac;

  if (sim->chip->family == KILN_SIM_FAMILY_ESP8266)
    {
      /* OTP: the last three bytes are spread over MAC1/MAC0; the OUI is
       * either one of Espressif's two (a flag in MAC1) or stored in MAC3. */
      gboolean oui_18fe34 = m[0] == 0x18 && m[1] == 0xFE && m[2] == 0x34;
      gboolean oui_acd074 = m[0] == 0xAC && m[1] == 0xD0 && m[2] == 0x74;

      switch (addr)
        {
        case 0x3FF00050:
          /* Bit 4 marks an ESP8285 (protocol-facts §8.1). */
          *value = (guint32) m[5] << 24 | (sim->opts.esp8285 ? 1u << 4 : 0);
          return TRUE;
        case 0x3FF00054:
          *value = (oui_acd074 ? 1u << 16 : 0) | (guint32) m[3] << 8 | m[4];
          return TRUE;
        case 0x3FF0005C:
          *value = oui_18fe34 || oui_acd074 ? 0 : (guint32) m[0] << 16 | (guint32) m[1] << 8 | m[2];
          return TRUE;
        default:
          return FALSE;
        }
    }

  /* S2 and later: two eFuse words, the low one holding the last four
   * bytes, the low half of the next the first two (its high half belongs
   * to other fields, kept in the chip's fixed registers). */
  if (sim->chip->family == KILN_SIM_FAMILY_ESP32S2PLUS)
    {
      if (addr == sim->chip->mac_reg)
        {
          *value = (guint32) m[2] << 24 | (guint32) m[3] << 16 | (guint32) m[4] << 8 | m[5];
          return TRUE;
        }
      if (addr == sim->chip->mac_reg + 4)
        {
          guint32 high = 0;

          for (gsize i = 0; i < sim->chip->n_regs; i++)
            if (sim->chip->regs[i].addr == addr)
              high = sim->chip->regs[i].value & 0xFFFF0000u;
          *value = high | (guint32) m[0] << 8 | m[1];
          return TRUE;
        }
      return FALSE;
    }

  /* ESP32 eFuse block 0 words 1 and 2: read as big-endian bytes word2 ‖
   * word1, the first two are the CRC and a reserved byte. */
  switch (addr)
    {
    case 0x3FF5A004:
      *value = (guint32) m[2] << 24 | (guint32) m[3] << 16 | (guint32) m[4] << 8 | m[5];
      return TRUE;
    case 0x3FF5A008:
      *value = (guint32) mac_crc8 (m) << 16 | (guint32) m[0] << 8 | m[1];
      return TRUE;
    default:
      return FALSE;
    }
}

/* The ESP32 words the options change: the SPI pad eFuses (RDATA5 bits
 * 19:0 CLK/Q/D/CS, RDATA3 bits 8:4 HD), the 8 MHz calibration eFuse
 * (RDATA4 bits 7:0) and the ROM's measured calibration (0x3FF5F06C, bits
 * 31:7).  Other bits of those words keep the chip table's values. */
static gboolean
esp32_efuse_word (KilnSim *sim,
                  guint32  addr,
                  guint32 *value)
{
  const KilnSimChip *chip = sim->chip;
  const KilnSimOptions *o = &sim->opts;
  guint32 base = 0;

  if (!chip->rom_efuse_spi_pads)
    return FALSE;
  if (addr != 0x3FF5A00C && addr != 0x3FF5A010 && addr != 0x3FF5A014 && addr != 0x3FF5F06C)
    return FALSE;
  for (gsize i = 0; i < chip->n_regs; i++)
    if (chip->regs[i].addr == addr)
      base = chip->regs[i].value;
  switch (addr)
    {
    case 0x3FF5A00C:
      *value = o->spi_pads_set ? (base & ~0x1F0u) | (guint32) o->spi_pads[4] << 4 : base;
      break;
    case 0x3FF5A010:
      *value = (base & ~0xFFu) | o->ck8m;
      break;
    case 0x3FF5A014:
      *value = !o->spi_pads_set ? base
               : (base & ~0xFFFFFu) | o->spi_pads[0] | (guint32) o->spi_pads[1] << 5 |
                 (guint32) o->spi_pads[2] << 10 | (guint32) o->spi_pads[3] << 15;
      break;
    default:
      *value = (base & 0x7Fu) | o->rtc_cal << 7;
      break;
    }
  return TRUE;
}

static gboolean
fixed_reg (KilnSim *sim,
           guint32  addr,
           guint32 *value)
{
  const KilnSimChip *chip = sim->chip;

  if (addr == chip->magic_reg)
    {
      *value = chip->magic;
      return TRUE;
    }
  if (addr == chip->uart_clkdiv_reg)
    {
      *value = kiln_sim_uart_clkdiv (sim);
      return TRUE;
    }
  if (chip->strap_reg != 0 && addr == chip->strap_reg)
    {
      *value = kiln_sim_strap_word (sim, sim->latched_download);
      return TRUE;
    }
  if (mac_word (sim, addr, value))
    return TRUE;
  if (esp32_efuse_word (sim, addr, value))
    return TRUE;
  for (gsize i = 0; i < chip->n_regs; i++)
    if (chip->regs[i].addr == addr)
      {
        *value = chip->regs[i].value;
        return TRUE;
      }
  return FALSE;
}

guint32
kiln_sim_reg_read (KilnSim *sim,
                   guint32  addr)
{
  gpointer stored;
  guint32 value;

  if (kiln_sim_spi_owns (sim, addr))
    return kiln_sim_spi_read (sim, addr);
  if (fixed_reg (sim, addr, &value))
    return value;
  if (g_hash_table_lookup_extended (sim->regs, GUINT_TO_POINTER (addr), NULL, &stored))
    return GPOINTER_TO_UINT (stored);
  return 0;
}

/**
 * kiln_sim_reg_write:
 *
 * Bits outside @mask keep their value.  ROM, eFuse and the other fixed
 * words ignore writes; the UART divider too (the sim does not model a
 * host reprogramming the baud behind the loader's back).
 */
void
kiln_sim_reg_write (KilnSim *sim,
                    guint32  addr,
                    guint32  value,
                    guint32  mask)
{
  guint32 old;

  if (kiln_sim_spi_owns (sim, addr))
    {
      old = kiln_sim_spi_read (sim, addr);
      kiln_sim_spi_write (sim, addr, (value & mask) | (old & ~mask));
      return;
    }
  if (fixed_reg (sim, addr, &old))
    return;
  old = kiln_sim_reg_read (sim, addr);
  /* The watchdogs see the write as the register ends up. */
  if (kiln_sim_wdt_write (sim, addr, (value & mask) | (old & ~mask)))
    return;
  g_hash_table_insert (sim->regs, GUINT_TO_POINTER (addr),
                       GUINT_TO_POINTER ((value & mask) | (old & ~mask)));
}
