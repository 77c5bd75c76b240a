/* kiln-cli-image.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kiln-cli.h"

int
kiln_cli_cmd_image_info (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_merge_bin (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_elf2image (KilnCliGlobal *g, int argc, char **argv)
{
  fprintf (stderr, "kiln-cli: %s is not available yet\n", argv[0]);
  return KILN_EXIT_FAILED;
}
