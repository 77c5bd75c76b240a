/* kiln-cli-flash.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kiln-cli.h"

int
kiln_cli_cmd_write_flash (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_read_flash (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_erase_flash (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_erase_region (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_flash_id (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_chip_id (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_read_mac (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}
