/* kiln-serial-latency.h: an FTDI adapter's latency timer, lowered while
 * Kiln has the port open.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

struct sp_port;

typedef struct _KilnSerialLatency KilnSerialLatency;

KilnSerialLatency *kiln_serial_latency_lower      (const char         *tty_path,
                                                   int                 fd,
                                                   char              **note);
KilnSerialLatency *kiln_serial_latency_lower_port (struct sp_port     *port,
                                                   char              **note);
void               kiln_serial_latency_restore    (KilnSerialLatency  *self);

G_END_DECLS
