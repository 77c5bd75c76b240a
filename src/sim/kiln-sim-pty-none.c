/* kiln-sim-pty-none.c: kiln-sim --pty where the system has no
 * pseudo-terminals (Windows).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-sim-pty.h"

int
kiln_sim_pty_run (KilnSim  *sim,
                  GError  **error)
{
  g_set_error (error, KILN_ERROR, KILN_ERROR_UNSUPPORTED,
               _("--pty needs POSIX pseudo-terminals, which this system lacks; serve on TCP "
                 "(--listen) instead."));
  return 2;
}
