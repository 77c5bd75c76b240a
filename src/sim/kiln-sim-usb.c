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
 * ROM's CDC-ACM on USB-OTG (S2, S3; product id = chip id) behaves as the
 * usual auto-reset circuit on the lines.
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
