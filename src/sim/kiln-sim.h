/* kiln-sim.h: the virtual device.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the "sim:" port scheme and lists sim:esp8266 and sim:esp32. */
void kiln_sim_register (void);

G_END_DECLS
