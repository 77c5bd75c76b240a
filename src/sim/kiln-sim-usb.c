/* kiln-sim-usb.c: a chip reached over its own USB, and the watchdogs that
 * run under its loader there.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * USB-Serial/JTAG (C3, S3, C6, H2; USB id 303a:1001) has no transistors
 * between the host's modem lines and the chip: the peripheral itself maps
 * the virtual RTS to a chip reset and the virtual DTR to the boot strap,
 * sampled when the reset is asserted (§4.3 of the protocol facts).  The
 * ROM's CDC-ACM on USB-OTG (S2, S3; product id = chip id) answers the
 * usual auto-reset sequence on the lines, but a download request sets the
 * force-download flag, which brings every later reset short of a power-on
 * back to the loader (kiln_sim_usb_forced_download()); a host that enables
 * the RTC watchdog with a stage-0 action resets the chip when it fires.
 *
 * Either way the USB device is part of the chip: every reset takes it off
 * the bus.  An open port then fails (KILN_ERROR_PORT_GONE) and the port
 * cannot be opened again until the device has enumerated anew, 200 ms
 * later; the host has to close and reopen it.
 *
 * Watchdogs: through USB-Serial/JTAG the ROM loader feeds neither the RTC
 * (LP) watchdog nor the super watchdog (§4.6).  The sim arms both at a
 * download boot — the RTC watchdog expiring wdt-ms after it, the super
 * watchdog a quarter later — and only the writes the facts give stop them:
 * the write-protect key, then CONFIG0 with its enable bit (31) clear; the
 * super watchdog's key, then SWD_CONF with the auto-feed bit set.  An
 * expiry resets the chip (the write under way is lost) with its own rst:
 * code.  How long the real watchdogs give the loader is not documented;
 * wdt-ms is the sim's choice (see kiln-sim.h).
 */
#include "config.h"

#include "kiln-sim-private.h"

/* How long the USB device is away after a chip reset. */
#define USB_REENUMERATE_US (200 * 1000)

void
kiln_sim_usb_set_lines (KilnSim  *sim,
                        gboolean  dtr,
                        gboolean  rts)
{
  gboolean was_reset = sim->rts;

  sim->dtr = dtr;
  sim->rts = rts;
  if (rts && !was_reset)
    {
      /* The strap is taken from DTR as the reset is asserted. */
      if (sim->strap == KILN_SIM_STRAP_AUTO)
        sim->latched_download = dtr;
      else
        sim->latched_download = sim->strap == KILN_SIM_STRAP_DOWNLOAD;
      sim->en = FALSE;
      kiln_sim_hold_reset (sim);
    }
  else if (!rts && was_reset)
    {
      sim->en = TRUE;
      kiln_sim_boot (sim, KILN_SIM_RESET_USB);
    }
}

/* Called from kiln_sim_boot(): the chip's USB device leaves the bus. */
void
kiln_sim_usb_boot (KilnSim *sim)
{
  if (sim->opts.usb == KILN_SIM_USB_BRIDGE || !sim->open)
    return;
  sim->link_dead = TRUE;
  sim->usb_back_at = sim->now + USB_REENUMERATE_US;
  g_cond_broadcast (&sim->host_cond);
}

/**
 * kiln_sim_usb_forced_download:
 *
 * Called from kiln_sim_boot() once the straps are latched: whether this
 * boot is a download boot because of the force-download flag.  Through
 * the ROM's USB-OTG CDC there is no wire from the host's lines to EN or
 * GPIO0; a host's request for download mode (the auto-reset sequence on
 * the lines) is carried out as the ROM and ESP-IDF's USB console do it,
 * by setting FORCE_DOWNLOAD_BOOT in RTC_CNTL_OPTION1 and resetting.  The
 * flag lives in the RTC domain: every later reset but a power-on comes
 * back to the loader until someone clears it.
 */
gboolean
kiln_sim_usb_forced_download (KilnSim          *sim,
                              KilnSimResetKind  kind)
{
  const KilnSimChip *chip = sim->chip;
  guint32 option1;

  if (chip->force_download_reg == 0)
    return FALSE;
  if (kind == KILN_SIM_RESET_POWER_ON)
    g_hash_table_remove (sim->regs, GUINT_TO_POINTER (chip->force_download_reg));
  option1 = kiln_sim_reg_read (sim, chip->force_download_reg);
  if (sim->opts.usb == KILN_SIM_USB_OTG && kind == KILN_SIM_RESET_EN &&
      sim->strap == KILN_SIM_STRAP_AUTO && sim->latched_download)
    {
      option1 |= chip->force_download_mask;
      g_hash_table_insert (sim->regs, GUINT_TO_POINTER (chip->force_download_reg),
                           GUINT_TO_POINTER (option1));
    }
  return (option1 & chip->force_download_mask) != 0;
}

/* Whether the port can be opened now. */
gboolean
kiln_sim_usb_present (KilnSim *sim)
{
  return sim->usb_back_at == 0 || g_get_monotonic_time () >= sim->usb_back_at;
}

static void
drop_timer (KilnSim          *sim,
            KilnSimTimerKind  kind)
{
  for (guint i = sim->timers->len; i > 0; i--)
    if (g_array_index (sim->timers, KilnSimTimer, i - 1).kind == kind)
      g_array_remove_index (sim->timers, i - 1);
}

static gboolean
stored_is (KilnSim *sim,
           guint32  addr,
           guint32  value)
{
  gpointer stored;

  return g_hash_table_lookup_extended (sim->regs, GUINT_TO_POINTER (addr), NULL, &stored)
         && GPOINTER_TO_UINT (stored) == value;
}

/* The RTC slow clock the sim gives the S2 and S3: 150 kHz, the nominal
 * rate of their internal RC oscillator (the real one drifts). */
#define RTC_SLOW_HZ 150000

static gint64
wdt_ticks_us (guint32 ticks)
{
  return (gint64) ticks * G_USEC_PER_SEC / RTC_SLOW_HZ;
}

/**
 * kiln_sim_wdt_write:
 * @value: the register's new contents
 *
 * A write to a watchdog register.  Returns %TRUE when the hardware ignored
 * it (the register is write-protected); the caller stores it otherwise.
 */
gboolean
kiln_sim_wdt_write (KilnSim *sim,
                    guint32  addr,
                    guint32  value)
{
  const KilnSimWdtRegs *w = &sim->chip->wdt;

  if (w->config0 == 0)
    return FALSE;
  if (addr == w->config0)
    {
      if (!stored_is (sim, w->wprotect, w->key))
        return TRUE;
      if (!(value & (1u << 31)))
        drop_timer (sim, KILN_SIM_TIMER_RTC_WDT);
      else if (w->config1 != 0 && (value >> 28 & 0x7) != 0)
        {
          /* A host sets it to fire: a stage-0 action other than "off",
           * after the stage-0 timeout it wrote to CONFIG1. */
          drop_timer (sim, KILN_SIM_TIMER_RTC_WDT);
          kiln_sim_add_timer (sim, sim->now + wdt_ticks_us (kiln_sim_reg_read (sim, w->config1)),
                              KILN_SIM_TIMER_RTC_WDT, 0);
        }
      return FALSE;
    }
  if (addr == w->swd_conf)
    {
      if (!stored_is (sim, w->swd_wprotect, w->swd_key))
        return TRUE;
      if (value & (1u << w->swd_feed_bit))
        drop_timer (sim, KILN_SIM_TIMER_SWD);
      return FALSE;
    }
  return FALSE;
}

/* A download boot through USB-Serial/JTAG: both watchdogs run, their
 * write protection is back on. */
void
kiln_sim_wdt_arm (KilnSim *sim)
{
  const KilnSimWdtRegs *w = &sim->chip->wdt;

  if (sim->opts.usb != KILN_SIM_USB_SERIAL_JTAG || w->config0 == 0)
    return;
  g_hash_table_remove (sim->regs, GUINT_TO_POINTER (w->wprotect));
  g_hash_table_remove (sim->regs, GUINT_TO_POINTER (w->swd_wprotect));
  g_hash_table_insert (sim->regs, GUINT_TO_POINTER (w->config0), GUINT_TO_POINTER (1u << 31));
  g_hash_table_remove (sim->regs, GUINT_TO_POINTER (w->swd_conf));
  kiln_sim_add_timer (sim, sim->now + (gint64) sim->opts.wdt_ms * 1000, KILN_SIM_TIMER_RTC_WDT, 0);
  kiln_sim_add_timer (sim, sim->now + (gint64) sim->opts.wdt_ms * 1250, KILN_SIM_TIMER_SWD, 0);
}

void
kiln_sim_wdt_expired (KilnSim          *sim,
                      KilnSimTimerKind  kind)
{
  kiln_sim_boot (sim, kind == KILN_SIM_TIMER_SWD ? KILN_SIM_RESET_SUPER_WDT
                                                 : KILN_SIM_RESET_WATCHDOG);
}
