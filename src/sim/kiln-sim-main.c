/* kiln-sim-main.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "kiln-sim.h"

int
main (int   argc,
      char *argv[])
{
  fprintf (stderr, "kiln-sim: not implemented yet\n");
  return 1;
}
