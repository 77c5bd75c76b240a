/* kiln-chip-reset.c: resets the loader carries out on the chip itself.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A board on a USB-UART bridge is reset through EN, by the host's modem
 * lines.  A chip reached through the ROM's own USB-OTG CDC (S2, S3) has no
 * such wire: a host's request for download mode is carried out by setting
 * the force-download flag in the RTC domain and resetting, and that flag
 * outlives every later reset short of a power-on.  Left set, the board
 * comes back to the loader after a write instead of starting the new
 * firmware.  So before any reset the flag is cleared, and over USB-OTG the
 * reset itself is the RTC watchdog's, set to fire at once.
 */
#include "config.h"

#include "kiln-chip-reset.h"

/* Stage 0's timeout in RTC slow-clock cycles: a few milliseconds, time for
 * the loader's reply to the last write to leave before the reset. */
#define WDT_RESET_TICKS 2000

/* CONFIG0 for the reset: enabled (bit 31), stage 0 resets the whole chip
 * (action 5 in bits 28–30), chip reset enabled (bit 8) with a pulse width
 * of 2; the values the protocol facts give for a watchdog reset. */
#define WDT_RESET_CONFIG0 ((1u << 31) | (5u << 28) | (1u << 8) | 2u)

/**
 * kiln_chip_clear_forced_download:
 * @was_set: (out) (optional): whether the flag was set
 *
 * Clears the chip's force-download flag, where it has one, so that the
 * next reset starts the firmware.  Nothing to do, and %TRUE, on a chip
 * without it.
 */
gboolean
kiln_chip_clear_forced_download (KilnLoader          *loader,
                                 const KilnChipInfo  *chip,
                                 gboolean            *was_set,
                                 GError             **error)
{
  guint32 value = 0;

  if (was_set != NULL)
    *was_set = FALSE;
  if (chip->force_download_reg == 0)
    return TRUE;
  if (!kiln_loader_read_reg (loader, chip->force_download_reg, &value, error))
    return FALSE;
  if ((value & chip->force_download_mask) == 0)
    return TRUE;
  if (!kiln_loader_write_reg (loader, chip->force_download_reg,
                              value & ~chip->force_download_mask, 0xFFFFFFFF, 0, error))
    return FALSE;
  if (was_set != NULL)
    *was_set = TRUE;
  return TRUE;
}

/**
 * kiln_chip_can_watchdog_reset:
 *
 * Whether Kiln knows the chip's RTC watchdog well enough to reset it
 * through it.
 */
gboolean
kiln_chip_can_watchdog_reset (const KilnChipInfo *chip)
{
  return chip->usb_watchdogs.config0 != 0 && chip->usb_watchdogs.config1 != 0;
}

/**
 * kiln_chip_watchdog_reset:
 *
 * Resets the chip through its RTC watchdog: unlock, a short stage-0
 * timeout, enable.  The chip resets a few milliseconds later; over
 * its own USB the port then leaves the bus.
 */
gboolean
kiln_chip_watchdog_reset (KilnLoader          *loader,
                          const KilnChipInfo  *chip,
                          GError             **error)
{
  const KilnUsbWatchdogs *w = &chip->usb_watchdogs;

  g_return_val_if_fail (kiln_chip_can_watchdog_reset (chip), FALSE);

  if (!kiln_loader_write_reg (loader, w->wprotect, w->key, 0xFFFFFFFF, 0, error) ||
      !kiln_loader_write_reg (loader, w->config1, WDT_RESET_TICKS, 0xFFFFFFFF, 0, error) ||
      !kiln_loader_write_reg (loader, w->config0, WDT_RESET_CONFIG0, 0xFFFFFFFF, 0, error))
    return FALSE;
  /* Not locked again: the chip is resetting by the time a write could
   * land, and waiting for a reply that cannot come would only delay. */
  return TRUE;
}
