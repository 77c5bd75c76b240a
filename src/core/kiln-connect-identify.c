/* kiln-connect-identify.c: which chip answered, and what it says of itself.
 *
 * The chip from its magic register or, on the newer ROMs and in Secure
 * Download Mode, from GET_SECURITY_INFO; then its revision and package,
 * MAC address, crystal and security state, read from the registers the
 * chip table names.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-connect-private.h"
#include "kiln-error.h"
#include "kiln-util.h"

/* Sets info.chip, or fails with KILN_ERROR_UNKNOWN_CHIP saying what to do. */
gboolean
kiln_device_detect_chip (KilnDevice    *self,
                         GError       **error)
{
  g_autoptr(GError) local = NULL;
  guint32 magic = 0;
  gboolean refused = FALSE;

  if (kiln_loader_read_reg (self->loader, KILN_CHIP_MAGIC_REG, &magic, &local))
    {
      self->info.chip = kiln_chip_by_magic (magic);
      if (self->info.chip != NULL)
        return TRUE;
    }
  else if (!g_error_matches (local, KILN_ERROR, KILN_ERROR_UNSUPPORTED))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  else
    refused = TRUE;
  g_clear_error (&local);

  /* Newer chips, and any chip in secure download mode, say who they are
   * through GET_SECURITY_INFO. */
  {
    g_autoptr(GBytes) info = kiln_loader_security_info (self->loader, 20, &local);
    if (info != NULL)
      {
        guint32 id = kiln_get_le32 ((const guint8 *) g_bytes_get_data (info, NULL) + 12);
        self->info.chip = kiln_chip_by_image_id ((gint) id);
        if (self->info.chip != NULL)
          return TRUE;
      }
  }
  /* A ROM that refuses register reads (Secure Download Mode) and whose
   * security info carries no chip id (the S2's): the user's choice is all
   * there is to go by. */
  if (refused && self->options.chip != KILN_CHIP_AUTO)
    {
      self->info.chip = kiln_chip_get (self->options.chip);
      kiln_device_say (self, 0, _("The chip does not say which it is (its ROM refuses register "
                                  "reads); going by the chip chosen: %s."),
                       self->info.chip->display_name);
      return TRUE;
    }
  if (refused)
    g_set_error (error, KILN_ERROR, KILN_ERROR_UNKNOWN_CHIP,
                 _("The chip answered but does not say which it is: its ROM refuses register "
                   "reads (Secure Download Mode). Choose the chip by hand (Chip in the app, "
                   "--chip for kiln-cli)."));
  else
    g_set_error (error, KILN_ERROR, KILN_ERROR_UNKNOWN_CHIP,
                 _("The chip answered but is not one Kiln knows (magic value 0x%08x). Choose the "
                   "chip by hand if you know it."), magic);
  return FALSE;
}

static gboolean
read_mac (KilnDevice  *self,
          GError     **error)
{
  const KilnChipInfo *chip = self->info.chip;
  guint8 *mac = self->info.mac;
  guint32 w0, w1, w3;

  switch (chip->mac_kind)
    {
    case KILN_MAC_ESP8266:
      if (!kiln_loader_read_reg (self->loader, chip->mac_reg, &w0, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 4, &w1, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 12, &w3, error))
        return FALSE;
      if (w3 != 0)
        {
          mac[0] = (w3 >> 16) & 0xFF; mac[1] = (w3 >> 8) & 0xFF; mac[2] = w3 & 0xFF;
        }
      else if (((w1 >> 16) & 0xFF) == 0)
        {
          mac[0] = 0x18; mac[1] = 0xFE; mac[2] = 0x34;
        }
      else if (((w1 >> 16) & 0xFF) == 1)
        {
          mac[0] = 0xAC; mac[1] = 0xD0; mac[2] = 0x74;
        }
      else
        {
          kiln_device_say (self, 1, _("The MAC address has an unknown manufacturer prefix."));
          return TRUE;
        }
      mac[3] = (w1 >> 8) & 0xFF; mac[4] = w1 & 0xFF; mac[5] = (w0 >> 24) & 0xFF;
      break;
    case KILN_MAC_ESP32:
      /* words 1 and 2, big-endian, after two CRC bytes */
      if (!kiln_loader_read_reg (self->loader, chip->mac_reg, &w1, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 4, &w0, error))
        return FALSE;
      mac[0] = (w0 >> 8) & 0xFF; mac[1] = w0 & 0xFF;
      mac[2] = (w1 >> 24) & 0xFF; mac[3] = (w1 >> 16) & 0xFF;
      mac[4] = (w1 >> 8) & 0xFF; mac[5] = w1 & 0xFF;
      break;
    case KILN_MAC_EFUSE_PAIR:
      if (!kiln_loader_read_reg (self->loader, chip->mac_reg, &w0, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 4, &w1, error))
        return FALSE;
      mac[0] = (w1 >> 8) & 0xFF; mac[1] = w1 & 0xFF;
      mac[2] = (w0 >> 24) & 0xFF; mac[3] = (w0 >> 16) & 0xFF;
      mac[4] = (w0 >> 8) & 0xFF; mac[5] = w0 & 0xFF;
      break;
    }
  self->info.has_mac = TRUE;
  return TRUE;
}

static gboolean
read_crystal (KilnDevice  *self,
              GError     **error)
{
  const KilnChipInfo *chip = self->info.chip;
  guint32 div;
  double mhz;

  if (chip->fixed_xtal_mhz != 0)
    {
      self->info.xtal_mhz = chip->fixed_xtal_mhz;
      return TRUE;
    }
  if (!kiln_loader_read_reg (self->loader, chip->uart_clkdiv_reg, &div, error))
    return FALSE;
  /* The UART runs at the host's baud after sync, so the divider gives the clock. */
  mhz = (double) self->transport->baud * (div & 0xFFFFF) / 1e6 / chip->xtal_clk_divider;
  if (mhz > 45)
    self->info.xtal_mhz = 48;
  else if (mhz > 33)
    self->info.xtal_mhz = 40;
  else if (mhz > 0.5)
    self->info.xtal_mhz = 26;
  return TRUE;
}

static gboolean
read_field (KilnDevice         *self,
            const KilnRegField *field,
            guint              *value,
            GError            **error)
{
  guint32 word;

  if (!kiln_loader_read_reg (self->loader, field->reg, &word, error))
    return FALSE;
  *value = (word >> field->shift) & field->mask;
  return TRUE;
}

static gboolean
read_revision (KilnDevice  *self,
               GError     **error)
{
  const KilnChipInfo *chip = self->info.chip;

  if (chip->id == KILN_CHIP_ESP32)
    {
      guint32 w0, w3, w5, date;
      guint major = 0, minor, pkg;
      static const char *const pkgs[] = {
        "ESP32-D0WDQ6", "ESP32-D0WD", "ESP32-D2WD", NULL, "ESP32-U4WDH", "ESP32-PICO-D4",
        "ESP32-PICO-V3-02", "ESP32-D0WDR2",
      };
      if (!kiln_loader_read_reg (self->loader, 0x3FF5A000, &w0, error) ||
          !kiln_loader_read_reg (self->loader, 0x3FF5A00C, &w3, error) ||
          !kiln_loader_read_reg (self->loader, 0x3FF5A014, &w5, error) ||
          !kiln_loader_read_reg (self->loader, 0x3FF6607C, &date, error))
        return FALSE;
      if (w3 & (1u << 15))
        {
          major = 1;
          if (w5 & (1u << 20))
            major = (date & 0x80000000u) ? 3 : 2;
        }
      minor = (w5 >> 24) & 0x3;
      pkg = ((w3 >> 9) & 0x7) | (((w3 >> 2) & 0x1) << 3);
      self->info.revision = g_strdup_printf ("v%u.%u", major, minor);
      self->info.description = g_strdup_printf ("%s%s (revision %s)",
                                                pkg < G_N_ELEMENTS (pkgs) && pkgs[pkg] ? pkgs[pkg]
                                                                                       : "ESP32",
                                                major == 3 ? "-V3" : "", self->info.revision);
      self->info.flash_crypt_cnt = (w0 >> 20) & 0x7F;
      self->info.security_known = TRUE;
      return TRUE;
    }
  if (chip->id == KILN_CHIP_ESP8266)
    {
      guint32 w0, w2;
      if (!kiln_loader_read_reg (self->loader, chip->mac_reg, &w0, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 8, &w2, error))
        return FALSE;
      self->info.flash_dout_only = (w0 & (1u << 4)) || (w2 & (1u << 16));
      self->info.description = g_strdup (self->info.flash_dout_only ? "ESP8285" : "ESP8266EX");
      return TRUE;
    }
  if (chip->revision.major.reg != 0)
    {
      guint major, minor_hi = 0, minor_lo;

      if (!read_field (self, &chip->revision.major, &major, error) ||
          (chip->revision.minor_hi.reg != 0 &&
           !read_field (self, &chip->revision.minor_hi, &minor_hi, error)) ||
          !read_field (self, &chip->revision.minor_lo, &minor_lo, error))
        return FALSE;
      self->info.revision = g_strdup_printf ("v%u.%u", major,
                                             minor_hi << chip->revision.minor_lo_bits | minor_lo);
      self->info.description = g_strdup_printf ("%s (revision %s)", chip->display_name,
                                                self->info.revision);
      return TRUE;
    }
  self->info.description = g_strdup (chip->display_name);
  return TRUE;
}

/* What GET_SECURITY_INFO says, where the ROM has it: flags and the flash
 * encryption count.  Not knowing is no error. */
void
kiln_device_read_security (KilnDevice *self)
{
  g_autoptr(GBytes) info = NULL;
  const guint8 *d;

  if (self->info.chip->security_info_len == 0)
    return;
  info = kiln_loader_security_info (self->loader, self->info.chip->security_info_len, NULL);
  if (info == NULL)
    return;
  d = g_bytes_get_data (info, NULL);
  self->info.security_flags = kiln_get_le32 (d);
  self->info.flash_crypt_cnt = d[4];
  self->info.security_known = TRUE;
}

/* The chip's revision and package, its MAC address and its crystal. */
gboolean
kiln_device_read_identity (KilnDevice  *self,
                           GError     **error)
{
  return read_revision (self, error) && read_mac (self, error) && read_crystal (self, error);
}
