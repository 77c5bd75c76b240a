/* kiln-sim-device.c: the chip's state machine: reset, boot, who answers.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The board's auto-reset circuit (two cross-coupled transistors, §4.2 of
 * the protocol facts): EN is low only while RTS is asserted and DTR is
 * not; GPIO0 is low only while DTR is asserted and RTS is not.  EN has a
 * capacitor, so the chip leaves reset a little after EN is released and
 * samples GPIO0 then: that is what lets the classic reset sequence pass
 * through "both asserted" without booting from flash.
 *
 * After a reset the ROM prints its boot log (kiln-sim-bootlog.c) and then
 * either waits in the serial loader (kiln-sim-rom.c), runs an uploaded stub
 * (kiln-sim-stub.c), runs the flashed firmware (kiln-sim-at.c) or stops.
 */
#include "config.h"

#include <string.h>

#include "kiln-sim-private.h"

/* Time from EN release to the chip leaving reset (the EN RC delay). */
#define EN_RISE_US 1000
/* The ESP32 ROM retries a bad bootloader header this often … */
#define BOOT_LOOP_US (100 * 1000)
/* … until the RTC watchdog resets it after this many tries. */
#define BOOT_LOOP_WDT 30

guint32
kiln_sim_checksum (const guint8 *data,
                   gsize         len)
{
  guint8 c = 0xEF;

  for (gsize i = 0; i < len; i++)
    c ^= data[i];
  return c;
}

void
kiln_sim_busy (KilnSim *sim,
               gint64   us)
{
  if (us <= 0)
    return;
  sim->busy_until = MAX (sim->busy_until, sim->now) + us;
}

void
kiln_sim_ram_clear (KilnSim *sim)
{
  for (guint i = 0; sim->ram != NULL && i < sim->ram->len; i++)
    g_free (g_array_index (sim->ram, KilnSimRamSeg, i).data);
  if (sim->ram != NULL)
    g_array_set_size (sim->ram, 0);
  sim->ram_cur = NULL;
}

void
kiln_sim_device_init (KilnSim *sim)
{
  sim->timers = g_array_new (FALSE, FALSE, sizeof (KilnSimTimer));
  sim->regs = g_hash_table_new (NULL, NULL);
  sim->ram = g_array_new (FALSE, TRUE, sizeof (KilnSimRamSeg));
  kiln_slip_decoder_init (&sim->slip);
  sim->at.line = g_string_new (NULL);
  sim->mode = KILN_SIM_MODE_RESET;
  sim->en = TRUE;
  sim->strap = KILN_SIM_STRAP_AUTO;
  sim->esp8266_rst_cause = 1;
  sim->baud = kiln_sim_rom_log_baud (sim);
}

void
kiln_sim_device_clear (KilnSim *sim)
{
  kiln_sim_write_clear (sim);
  kiln_sim_stub_clear (sim);
  kiln_sim_ram_clear (sim);
  g_clear_pointer (&sim->ram, g_array_unref);
  g_clear_pointer (&sim->timers, g_array_unref);
  g_clear_pointer (&sim->regs, g_hash_table_unref);
  kiln_slip_decoder_clear (&sim->slip);
  kiln_sim_at_clear (sim);
}

/* ---- timers ------------------------------------------------------------ */

void
kiln_sim_add_timer (KilnSim          *sim,
                    gint64            at,
                    KilnSimTimerKind  kind,
                    guint             arg)
{
  KilnSimTimer t = { at, kind, arg };

  g_array_append_val (sim->timers, t);
  g_cond_broadcast (&sim->dev_cond);
}

void
kiln_sim_clear_timers (KilnSim *sim)
{
  g_array_set_size (sim->timers, 0);
}

gint64
kiln_sim_device_next_timer (KilnSim *sim)
{
  gint64 next = G_MAXINT64;

  for (guint i = 0; i < sim->timers->len; i++)
    next = MIN (next, g_array_index (sim->timers, KilnSimTimer, i).at);
  return next;
}

static void
boot_loop_tick (KilnSim *sim)
{
  g_autoptr(GString) line = g_string_new (NULL);

  if (++sim->boot_loop_count >= BOOT_LOOP_WDT)
    {
      kiln_sim_boot (sim, KILN_SIM_RESET_WATCHDOG);
      return;
    }
  kiln_sim_bootlog_loop_line (sim, line);
  kiln_sim_emit (sim, (const guint8 *) line->str, line->len);
  kiln_sim_add_timer (sim, sim->now + BOOT_LOOP_US, KILN_SIM_TIMER_BOOT_LOOP, 0);
}

void
kiln_sim_device_run_timers (KilnSim *sim,
                            gint64   t)
{
  for (;;)
    {
      KilnSimTimer timer;
      guint due = G_MAXUINT;

      for (guint i = 0; i < sim->timers->len; i++)
        {
          KilnSimTimer *c = &g_array_index (sim->timers, KilnSimTimer, i);
          if (c->at <= t && (due == G_MAXUINT
                             || c->at < g_array_index (sim->timers, KilnSimTimer, due).at))
            due = i;
        }
      if (due == G_MAXUINT)
        return;
      timer = g_array_index (sim->timers, KilnSimTimer, due);
      g_array_remove_index (sim->timers, due);
      sim->now = timer.at;

      switch (timer.kind)
        {
        case KILN_SIM_TIMER_EN_RISE:
          if (sim->en)
            kiln_sim_boot (sim, KILN_SIM_RESET_EN);
          break;
        case KILN_SIM_TIMER_BOOT_LOOP:
          boot_loop_tick (sim);
          break;
        case KILN_SIM_TIMER_REBOOT:
          kiln_sim_boot (sim, (KilnSimResetKind) timer.arg);
          break;
        case KILN_SIM_TIMER_APP_READY:
          if (sim->mode == KILN_SIM_MODE_APP)
            kiln_sim_at_started (sim);
          break;
        case KILN_SIM_TIMER_RTC_WDT:
        case KILN_SIM_TIMER_SWD:
          kiln_sim_wdt_expired (sim, timer.kind);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* ---- reset and boot ---------------------------------------------------- */

static gboolean
gpio0_low (KilnSim *sim)
{
  switch (sim->strap)
    {
    case KILN_SIM_STRAP_DOWNLOAD:
      return TRUE;
    case KILN_SIM_STRAP_FLASH:
      return FALSE;
    case KILN_SIM_STRAP_AUTO:
    default:
      return sim->dtr && !sim->rts;
    }
}

/* The chip stops: pending input is lost and its UART falls silent. */
void
kiln_sim_hold_reset (KilnSim *sim)
{
  kiln_sim_clear_timers (sim);
  sim->mode = KILN_SIM_MODE_RESET;
  sim->busy_until = sim->now;
  while (sim->d2h->len > sim->d2h_head
         && g_array_index (sim->d2h, KilnSimByte, sim->d2h->len - 1).t > sim->now)
    g_array_set_size (sim->d2h, sim->d2h->len - 1);
  sim->d2h_tail = MIN (sim->d2h_tail, sim->now);
  kiln_sim_write_end (sim);
  kiln_sim_stub_clear (sim);
}

void
kiln_sim_device_set_lines (KilnSim  *sim,
                           gboolean  dtr,
                           gboolean  rts)
{
  gboolean en = !(rts && !dtr);

  if (sim->opts.usb == KILN_SIM_USB_SERIAL_JTAG)
    {
      kiln_sim_usb_set_lines (sim, dtr, rts);
      return;
    }
  sim->dtr = dtr;
  sim->rts = rts;
  if (en == sim->en)
    return;
  sim->en = en;
  if (!en)
    kiln_sim_hold_reset (sim);
  else
    kiln_sim_add_timer (sim, sim->now + EN_RISE_US, KILN_SIM_TIMER_EN_RISE, 0);
}

void
kiln_sim_start_app (KilnSim  *sim,
                    gboolean  with_banner_gap)
{
  gint64 ready_at;

  sim->mode = KILN_SIM_MODE_APP;
  kiln_sim_at_reset (sim);
  /* The firmware sets its UART to 115200 (or the app-baud= rate) and says
   * "ready" once it is up (a few hundred ms on a real board).  Through the
   * chip's own USB its console is there only once the port has enumerated
   * again: what it printed before that went nowhere, so it says "ready"
   * after. */
  sim->baud = sim->opts.app_baud != 0 ? sim->opts.app_baud : 115200;
  ready_at = MAX (sim->now, sim->busy_until)
             + (sim->opts.pace && with_banner_gap ? 300 * 1000 : 1000);
  if (sim->usb_back_at != 0)
    ready_at = MAX (ready_at, sim->usb_back_at + 100 * 1000);
  kiln_sim_add_timer (sim, ready_at, KILN_SIM_TIMER_APP_READY, 0);
}

static void
follow_outcome (KilnSim            *sim,
                KilnSimBootOutcome  outcome)
{
  switch (outcome)
    {
    case KILN_SIM_BOOT_APP:
      kiln_sim_start_app (sim, TRUE);
      break;
    case KILN_SIM_BOOT_HALT:
      break;
    case KILN_SIM_BOOT_LOOP:
      kiln_sim_add_timer (sim, sim->now + BOOT_LOOP_US, KILN_SIM_TIMER_BOOT_LOOP, 0);
      break;
    case KILN_SIM_BOOT_WDT:
      kiln_sim_add_timer (sim, sim->now + 10 * BOOT_LOOP_US, KILN_SIM_TIMER_REBOOT,
                          KILN_SIM_RESET_WATCHDOG);
      break;
    case KILN_SIM_BOOT_BROWNOUT:
      kiln_sim_add_timer (sim, sim->now + 5 * BOOT_LOOP_US, KILN_SIM_TIMER_REBOOT,
                          KILN_SIM_RESET_BROWNOUT);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * kiln_sim_boot:
 *
 * The chip leaves reset: it latches the straps (except after a software or
 * watchdog reset, which keep the latched ones), prints the ROM boot log and
 * goes wherever the straps and the flash lead it.
 */
void
kiln_sim_boot (KilnSim          *sim,
               KilnSimResetKind  kind)
{
  g_autoptr(GString) log = g_string_new (NULL);
  KilnSimBootOutcome outcome;

  kiln_sim_hold_reset (sim);
  kiln_sim_rom_reset (sim);
  kiln_sim_ram_clear (sim);
  kiln_sim_spi_reset (sim);
  kiln_slip_decoder_reset (&sim->slip);
  kiln_sim_at_reset (sim);
  sim->boot_loop_count = 0;

  if (kind == KILN_SIM_RESET_POWER_ON)
    sim->latched_download = sim->strap == KILN_SIM_STRAP_AUTO ? !sim->opts.boot_flash : gpio0_low (sim);
  else if (kind == KILN_SIM_RESET_EN || kind == KILN_SIM_RESET_BROWNOUT)
    sim->latched_download = gpio0_low (sim);
  else if ((kind == KILN_SIM_RESET_WATCHDOG || kind == KILN_SIM_RESET_SUPER_WDT)
           && sim->opts.usb != KILN_SIM_USB_BRIDGE)
    /* A watchdog's system reset samples the strap pins again; behind USB
     * nothing but the board holds them. */
    sim->latched_download = sim->strap == KILN_SIM_STRAP_DOWNLOAD;
  /* KILN_SIM_RESET_USB: kiln_sim_usb_set_lines() latched DTR already. */
  if (kiln_sim_usb_forced_download (sim, kind))
    sim->latched_download = TRUE;

  sim->stats.boots++;
  sim->baud = kiln_sim_rom_log_baud (sim);
  sim->autobaud = TRUE;

  /* A chip reached over its own USB drops off the bus while it resets. */
  kiln_sim_usb_boot (sim);
  kiln_sim_bootlog_banner (sim, kind, sim->latched_download, log);
  if (kiln_sim_bootlog_sdio (sim, log))
    {
      sim->mode = KILN_SIM_MODE_HALTED;
      kiln_sim_emit (sim, (const guint8 *) log->str, log->len);
      return;
    }
  if (sim->latched_download)
    {
      sim->stats.download_boots++;
      sim->mode = KILN_SIM_MODE_ROM;
      kiln_sim_emit (sim, (const guint8 *) log->str, log->len);
      /* Under the loader, through USB-Serial/JTAG, nothing feeds the RTC
       * watchdog or the super watchdog: they run out unless the host
       * stops them. */
      kiln_sim_wdt_arm (sim);
      return;
    }

  sim->stats.flash_boots++;
  sim->mode = KILN_SIM_MODE_HALTED;
  outcome = kiln_sim_bootlog_flash (sim, log);
  kiln_sim_emit (sim, (const guint8 *) log->str, log->len);
  follow_outcome (sim, outcome);
}

/**
 * kiln_sim_run_user_code:
 *
 * The loader hands over to the code in flash without a reset (FLASH_END
 * with flag 1 on the ROM, RUN_USER_CODE on a stub): the image is loaded
 * and started as in a flash boot, minus the banner.
 */
void
kiln_sim_run_user_code (KilnSim *sim)
{
  g_autoptr(GString) log = g_string_new (NULL);
  KilnSimBootOutcome outcome;

  kiln_sim_write_end (sim);
  kiln_sim_stub_clear (sim);
  kiln_sim_ram_clear (sim);
  sim->mode = KILN_SIM_MODE_HALTED;
  sim->autobaud = FALSE;
  outcome = kiln_sim_bootlog_flash (sim, log);
  kiln_sim_emit (sim, (const guint8 *) log->str, log->len);
  follow_outcome (sim, outcome);
}

/* ---- input -------------------------------------------------------------- */

void
kiln_sim_device_rx (KilnSim *sim,
                    guint8   byte,
                    gint64   t)
{
  sim->now = MAX (t, sim->busy_until);

  switch (sim->mode)
    {
    case KILN_SIM_MODE_ROM:
    case KILN_SIM_MODE_STUB:
      if (sim->mode == KILN_SIM_MODE_STUB && sim->stub.core != NULL)
        {
          kiln_sim_kstub_rx (sim, byte);
          break;
        }
      if (kiln_slip_decoder_feed (&sim->slip, byte) == KILN_SLIP_FRAME)
        {
          g_autofree guint8 *frame = g_memdup2 (sim->slip.frame->data, sim->slip.frame->len);
          gsize len = sim->slip.frame->len;

          sim->stats.frames_received++;
          /* The dup fault hands the first frame ending at or after its byte
           * to the chip twice, as a host resending a packet would. */
          for (guint copies = kiln_sim_fault_due (sim, KILN_SIM_FAULT_DUP, sim->rx_n) ? 2 : 1;
               copies > 0; copies--)
            {
              if (sim->mode == KILN_SIM_MODE_ROM)
                kiln_sim_rom_frame (sim, frame, len);
              else if (sim->mode == KILN_SIM_MODE_STUB)
                kiln_sim_stub_frame (sim, frame, len);
            }
        }
      break;
    case KILN_SIM_MODE_APP:
      kiln_sim_at_rx (sim, byte);
      break;
    case KILN_SIM_MODE_RESET:
    case KILN_SIM_MODE_HALTED:
    default:
      break;
    }
}
