/* kiln-sim-bridge.c: a USB-serial bridge's latency timer.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a bridge chip does with the bytes its UART receives from the chip,
 * as FTDI describe it for their parts (application note AN232B-04): the
 * bytes wait in a buffer; the host polls the bulk IN endpoint all the
 * time, and the bridge answers with a packet when it holds a packet's worth
 * (62 data bytes after FTDI's two status bytes) or when its latency timer
 * runs out.  The timer counts from the last packet sent, data or status
 * only, and restarts after each: an idle bridge sends a status packet every
 * period, so the timer is a clock, and a reply that comes after the last
 * packet waits for its next tick.
 *
 * A stop-and-wait protocol (the ROM loader's one block at a time) waits
 * for a tick on every turn-around; a stream in one direction fills whole
 * packets and only its tail waits.  FTDI's default is 16 ms; CP210x and
 * CH340 bridges answer within about 1 ms.  The host→device direction is
 * left alone: a bulk OUT transfer starts at once, and its sub-millisecond
 * cost is not modelled.
 *
 * Published figures agree with the clock model: an XMODEM transfer (1 KiB
 * blocks, each acknowledged) over an FTDI link at 3 Mbit/s runs at about
 * 60 KiB/s with the 16 ms timer — one block per tick, not one block plus
 * 16 ms — and at 220–250 KiB/s with 1 ms (illumos issue 14169).
 */
#include "config.h"

#include "kiln-sim-bridge.h"

/**
 * kiln_sim_bridge_init:
 * @now: when the host starts polling (the port opens)
 */
void
kiln_sim_bridge_init (KilnSimBridge *bridge,
                      gint64         latency_us,
                      guint          packet,
                      gint64         now)
{
  bridge->latency_us = MAX (latency_us, 0);
  bridge->packet = MAX (packet, 1u);
  bridge->last_sent = now;
  bridge->open_due = 0;
  bridge->open_len = 0;
  bridge->packets = 0;
}

/**
 * kiln_sim_bridge_push:
 * @arrival: when the byte has crossed the UART into the bridge; not
 *   earlier than the previous byte's
 * @refill: (out): how many bytes before this one leave with it at the
 *   returned time instead of the time they were given (the byte filled
 *   their packet)
 *
 * Returns: when the host has the byte.
 */
gint64
kiln_sim_bridge_push (KilnSimBridge *bridge,
                      gint64         arrival,
                      guint         *refill)
{
  gint64 L = bridge->latency_us;

  *refill = 0;
  if (L == 0)
    return arrival;

  /* The timer ran out before this byte came: what it held has gone. */
  if (bridge->open_len > 0 && bridge->open_due <= arrival)
    {
      bridge->last_sent = bridge->open_due;
      bridge->open_len = 0;
      bridge->packets++;
    }
  if (bridge->open_len == 0)
    {
      /* The next tick of the timer's clock after this byte, at least a
       * whole period after the last packet. */
      gint64 since = MAX (arrival - bridge->last_sent, 0);
      gint64 ticks = MAX ((since + L - 1) / L, 1);

      bridge->open_due = bridge->last_sent + ticks * L;
    }
  bridge->open_len++;
  if (bridge->open_len >= bridge->packet)
    {
      *refill = bridge->open_len - 1;
      bridge->open_len = 0;
      bridge->last_sent = arrival;
      bridge->packets++;
      return arrival;
    }
  return bridge->open_due;
}
