/* kiln-cli-log.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kiln-cli.h"

int
kiln_cli_cmd_decode_log (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_monitor (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_at (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}
