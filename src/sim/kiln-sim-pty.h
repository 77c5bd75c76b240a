/* kiln-sim-pty.h: the virtual board on a pseudo-terminal.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-sim.h"

G_BEGIN_DECLS

int kiln_sim_pty_run (KilnSim  *sim,
                      GError  **error);

G_END_DECLS
