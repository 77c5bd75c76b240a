/* kiln-sim-bridge.h: the USB-serial bridge between the virtual chip's UART
 * and the host, device→host direction.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Self-contained (no KilnSim), so that the model can be checked with
 * exact times; kiln-sim-wire.c runs every byte the chip sends through it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KilnSimBridge:
 * @latency_us: the bridge's latency timer; 0 passes bytes on as they arrive
 * @packet: data bytes a USB packet carries
 * @last_sent: when the bridge last sent the host a packet, data or
 *   status only: its latency timer counts from there
 * @open_due: when the packet being filled goes out unless it fills first
 * @open_len: bytes in the packet being filled (0: none)
 * @packets: data packets sent so far
 *
 * The bridge holds what the chip sends in its buffer and hands it to the
 * host in USB packets: at once when a packet is full, else when the
 * latency timer runs out.  The timer restarts with every packet; while
 * there is nothing to send it runs out and restarts every @latency_us
 * (the bridge answers the host's polling with a status-only packet), so a
 * lone reply waits for the next tick of that clock.
 */
typedef struct
{
  gint64  latency_us;
  guint   packet;
  gint64  last_sent;
  gint64  open_due;
  guint   open_len;
  guint64 packets;
} KilnSimBridge;

void   kiln_sim_bridge_init (KilnSimBridge *bridge,
                             gint64         latency_us,
                             guint          packet,
                             gint64         now);
gint64 kiln_sim_bridge_push (KilnSimBridge *bridge,
                             gint64         arrival,
                             guint         *refill);

G_END_DECLS
