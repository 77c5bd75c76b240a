/* kiln-spiflash.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-spiflash.h"

#define SPI_CMD_USR   (1u << 18)
#define USR_COMMAND   (1u << 31)
#define USR_MISO      (1u << 28)
#define USR_MOSI      (1u << 27)

/**
 * kiln_spiflash_command:
 * @mosi: (nullable): up to 64 bytes to send after the command
 * @read_bits: bits to read back (≤ 32)
 * @result: (out) (optional): what came back, in W0
 *
 * Runs one SPI flash command with the user-command registers, which works
 * on every ROM without a stub.  The flash must be attached.
 */
gboolean
kiln_spiflash_command (KilnLoader         *loader,
                       const KilnChipInfo *chip,
                       guint8              command,
                       const guint8       *mosi,
                       gsize               mosi_len,
                       guint               read_bits,
                       guint32            *result,
                       GError            **error)
{
  const KilnSpiRegs *r = &chip->spi;
  guint32 old_usr, old_usr2, usr, value = 0;
  guint mosi_bits = (guint) mosi_len * 8;
  gboolean done = FALSE;

  g_return_val_if_fail (mosi_len <= 64 && read_bits <= 32, FALSE);

  if (!kiln_loader_read_reg (loader, r->base + r->usr, &old_usr, error) ||
      !kiln_loader_read_reg (loader, r->base + r->usr2, &old_usr2, error))
    return FALSE;

  if (r->mosi_dlen != 0)
    {
      if (mosi_bits > 0 &&
          !kiln_loader_write_reg (loader, r->base + r->mosi_dlen, mosi_bits - 1, 0xFFFFFFFF, 0,
                                  error))
        return FALSE;
      if (read_bits > 0 &&
          !kiln_loader_write_reg (loader, r->base + r->miso_dlen, read_bits - 1, 0xFFFFFFFF, 0,
                                  error))
        return FALSE;
    }
  else
    {
      /* ESP8266: both lengths live in USR1. */
      guint32 usr1 = (read_bits > 0 ? (read_bits - 1) << 8 : 0) |
                     (mosi_bits > 0 ? (mosi_bits - 1) << 17 : 0);
      if (!kiln_loader_write_reg (loader, r->base + r->usr1, usr1, 0xFFFFFFFF, 0, error))
        return FALSE;
    }

  usr = USR_COMMAND | (read_bits > 0 ? USR_MISO : 0) | (mosi_len > 0 ? USR_MOSI : 0);
  if (!kiln_loader_write_reg (loader, r->base + r->usr, usr, 0xFFFFFFFF, 0, error) ||
      !kiln_loader_write_reg (loader, r->base + r->usr2, (7u << 28) | command, 0xFFFFFFFF, 0,
                              error))
    return FALSE;

  if (mosi_len == 0)
    {
      if (!kiln_loader_write_reg (loader, r->base + r->w0, 0, 0xFFFFFFFF, 0, error))
        return FALSE;
    }
  else
    {
      for (gsize i = 0; i < mosi_len; i += 4)
        {
          guint32 word = 0;
          for (gsize j = 0; j < 4 && i + j < mosi_len; j++)
            word |= (guint32) mosi[i + j] << (8 * j);
          if (!kiln_loader_write_reg (loader, r->base + r->w0 + (guint32) i, word, 0xFFFFFFFF, 0,
                                      error))
            return FALSE;
        }
    }

  if (!kiln_loader_write_reg (loader, r->base, SPI_CMD_USR, 0xFFFFFFFF, 0, error))
    return FALSE;
  for (guint i = 0; i < 10 && !done; i++)
    {
      guint32 cmd;
      if (!kiln_loader_read_reg (loader, r->base, &cmd, error))
        return FALSE;
      done = (cmd & SPI_CMD_USR) == 0;
    }
  if (!done)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT,
                   _("The SPI flash did not finish command 0x%02x. Check the flash wiring and "
                     "supply."), command);
      return FALSE;
    }
  if (!kiln_loader_read_reg (loader, r->base + r->w0, &value, error))
    return FALSE;
  if (!kiln_loader_write_reg (loader, r->base + r->usr, old_usr, 0xFFFFFFFF, 0, error) ||
      !kiln_loader_write_reg (loader, r->base + r->usr2, old_usr2, 0xFFFFFFFF, 0, error))
    return FALSE;
  if (result != NULL)
    *result = value;
  return TRUE;
}

#define USR_ADDR      (1u << 30)
#define SPI_READ_CHUNK 64

/* Programs a 24-bit address read of @len (≤ 64) bytes and collects W0…W15. */
static gboolean
read_chunk (KilnLoader         *loader,
            const KilnChipInfo *chip,
            guint32             address,
            guint8             *buf,
            gsize               len,
            GError            **error)
{
  const KilnSpiRegs *r = &chip->spi;
  guint read_bits = (guint) len * 8;
  guint32 addr_field = 23u << 26;  /* address bit length − 1 */
  gboolean done = FALSE;

  if (r->mosi_dlen != 0)
    {
      if (!kiln_loader_write_reg (loader, r->base + r->miso_dlen, read_bits - 1, 0xFFFFFFFF, 0,
                                  error) ||
          !kiln_loader_write_reg (loader, r->base + r->usr1, addr_field, 0xFFFFFFFF, 0, error))
        return FALSE;
    }
  else if (!kiln_loader_write_reg (loader, r->base + r->usr1,
                                   addr_field | ((read_bits - 1) << 8), 0xFFFFFFFF, 0, error))
    return FALSE;
  if (!kiln_loader_write_reg (loader, r->base + r->usr, USR_COMMAND | USR_ADDR | USR_MISO,
                              0xFFFFFFFF, 0, error) ||
      !kiln_loader_write_reg (loader, r->base + r->usr2, (7u << 28) | 0x03, 0xFFFFFFFF, 0,
                              error) ||
      !kiln_loader_write_reg (loader, r->base + 0x04,
                              r->addr_left_aligned ? address << 8 : address, 0xFFFFFFFF, 0,
                              error) ||
      !kiln_loader_write_reg (loader, r->base, SPI_CMD_USR, 0xFFFFFFFF, 0, error))
    return FALSE;
  for (guint i = 0; i < 10 && !done; i++)
    {
      guint32 cmd;
      if (!kiln_loader_read_reg (loader, r->base, &cmd, error))
        return FALSE;
      done = (cmd & SPI_CMD_USR) == 0;
    }
  if (!done)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT,
                   _("The SPI flash did not finish a read at 0x%x."), address);
      return FALSE;
    }
  for (gsize i = 0; i < len; i += 4)
    {
      guint32 w;
      if (!kiln_loader_read_reg (loader, r->base + r->w0 + (guint32) i, &w, error))
        return FALSE;
      for (gsize j = 0; j < 4 && i + j < len; j++)
        buf[i + j] = (w >> (8 * j)) & 0xFF;
    }
  return TRUE;
}

gboolean
kiln_spiflash_read (KilnLoader         *loader,
                    const KilnChipInfo *chip,
                    guint32             address,
                    guint8             *buf,
                    gsize               len,
                    GCancellable       *cancellable,
                    GError            **error)
{
  const KilnSpiRegs *r = &chip->spi;
  guint32 old_usr, old_usr1, old_usr2;

  if (!kiln_loader_read_reg (loader, r->base + r->usr, &old_usr, error) ||
      !kiln_loader_read_reg (loader, r->base + r->usr1, &old_usr1, error) ||
      !kiln_loader_read_reg (loader, r->base + r->usr2, &old_usr2, error))
    return FALSE;
  for (gsize off = 0; off < len; off += SPI_READ_CHUNK)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!read_chunk (loader, chip, address + (guint32) off, buf + off,
                       MIN (SPI_READ_CHUNK, len - off), error))
        return FALSE;
    }
  return kiln_loader_write_reg (loader, r->base + r->usr, old_usr, 0xFFFFFFFF, 0, error) &&
         kiln_loader_write_reg (loader, r->base + r->usr1, old_usr1, 0xFFFFFFFF, 0, error) &&
         kiln_loader_write_reg (loader, r->base + r->usr2, old_usr2, 0xFFFFFFFF, 0, error);
}

gboolean
kiln_spiflash_read_id (KilnLoader         *loader,
                       const KilnChipInfo *chip,
                       guint32            *jedec_id,
                       GError            **error)
{
  guint32 id;

  if (!kiln_spiflash_command (loader, chip, 0x9F, NULL, 0, 24, &id, error))
    return FALSE;
  *jedec_id = id & 0xFFFFFF;
  return TRUE;
}

guint32
kiln_spiflash_size_from_id (guint32 jedec_id)
{
  guint8 manufacturer = jedec_id & 0xFF;
  guint8 capacity = (jedec_id >> 16) & 0xFF;

  if (manufacturer == 0x1F)
    {
      /* Adesto keeps the size in the low bits of the device id. */
      guint8 v = (jedec_id >> 8) & 0x1F;
      if (v >= 0x04 && v <= 0x09)
        return (512u * 1024u) << (v - 0x04);
      return 0;
    }
  if (capacity >= 0x12 && capacity <= 0x1C)
    return 1u << capacity;
  if (capacity >= 0x20 && capacity <= 0x22)
    return (64u * 1024u * 1024u) << (capacity - 0x20);
  if (capacity >= 0x32 && capacity <= 0x3A)
    return 1u << (capacity - 0x20);
  return 0;
}

const char *
kiln_spiflash_vendor_name (guint8 manufacturer)
{
  switch (manufacturer)
    {
    case 0xEF: return "Winbond";
    case 0xC8: return "GigaDevice";
    case 0x20: return "XMC";
    case 0x1F: return "Adesto";
    case 0xC2: return "Macronix";
    case 0x68: return "Boya";
    case 0x5E: return "Zbit";
    case 0x0B: return "XTX";
    case 0x85: return "Puya";
    case 0x9D: return "ISSI";
    case 0xA1: return "Fudan";
    default: return NULL;
    }
}
