/* kiln-cli.h: shared by the kiln-cli command files.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-core.h"
#include "kiln-os.h"

G_BEGIN_DECLS

#define KILN_EXIT_OK      0
#define KILN_EXIT_FAILED  1
#define KILN_EXIT_USAGE   2

#define KILN_CLI_BAUD_AUTO (-1)

typedef struct
{
  char    *port;      /* the first of @ports */
  char   **ports;     /* every -p given */
  gint     baud;      /* 0: not given; KILN_CLI_BAUD_AUTO: -b auto */
  char    *chip;
  char    *before;
  char    *after;
  gboolean no_stub;
  char    *stub;
  gboolean trace;
  gboolean quiet;
} KilnCliGlobal;

typedef int (*KilnCliCommandFunc) (KilnCliGlobal *global,
                                   int            argc,
                                   char         **argv);

/* Prints "kiln-cli: <message>" on stderr and returns KILN_EXIT_FAILED
 * (or KILN_EXIT_USAGE for KILN_ERROR_INVALID_ARGUMENT). */
int      kiln_cli_fail        (const GError *error);
int      kiln_cli_usage_error (const char   *command,
                               const char   *format,
                               ...) G_GNUC_PRINTF (2, 3);
/* Prints a boot-log diagnosis's explanation, fix, evidence and confidence,
 * one indented line each, as decode-log, monitor and the boot check show
 * them under their own heading (kiln-cli-log.c). */
void     kiln_cli_print_diagnosis_lines (FILE                    *out,
                                         const KilnBootDiagnosis *diagnosis);
/* After a diagnosis that reading the flash can settle, the inspect-flash
 * command to run on @port (NULL: a pasted log, "PORT" shown). */
void     kiln_cli_print_inspect_hint    (FILE                    *out,
                                         const KilnBootDiagnosis *diagnosis,
                                         const char              *port);
/* Parses a command's options; on failure prints the error and returns FALSE. */
gboolean kiln_cli_parse       (const char    *command,
                               const char    *parameter_string,
                               const char    *summary,
                               GOptionEntry  *entries,
                               int           *argc,
                               char        ***argv);

int kiln_cli_cmd_write_flash  (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_read_flash   (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_erase_flash  (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_erase_region (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_flash_id     (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_chip_id      (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_read_mac     (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_inspect_flash (KilnCliGlobal *g, int argc, char **argv);

/* kiln-cli-factory.c */
int kiln_cli_run_boards (const KilnJobOptions *options,
                         GPtrArray            *regions,
                         char                **ports,
                         const char           *log_path);

/* kiln-cli-image.c */
int kiln_cli_cmd_image_info   (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_merge_bin    (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_elf2image    (KilnCliGlobal *g, int argc, char **argv);

/* kiln-cli-log.c */
int kiln_cli_cmd_decode_log   (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_monitor      (KilnCliGlobal *g, int argc, char **argv);
int kiln_cli_cmd_at           (KilnCliGlobal *g, int argc, char **argv);

G_END_DECLS
