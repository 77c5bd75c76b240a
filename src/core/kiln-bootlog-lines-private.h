/* kiln-bootlog-lines-private.h: the pattern tables the boot-log decoder
 * matches lines against, one per source of lines (see kiln-bootlog-lines.c).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-bootlog-private.h"

G_BEGIN_DECLS

/* One hexadecimal digit, for the patterns. */
#define KILN_BOOTLOG_HEX "[0-9a-fA-F]"

/* A line pattern: the event a match makes, what every match means whatever
 * it holds (the family, severity and explanation, where they are fixed),
 * and the function that reads the match's groups into the event (none when
 * the fixed fields say all).  The fixed fields are set first, so a @fill
 * may change them. */
typedef struct
{
  KilnBootEventKind   kind;
  const char         *regex;
  GRegexCompileFlags  flags;
  KilnBootFillFunc    fill;         /* nullable */
  KilnBootFamily      family;       /* KILN_BOOT_FAMILY_UNKNOWN when none is fixed */
  KilnBootSeverity    severity;     /* KILN_BOOT_SEVERITY_INFO unless one is fixed */
  const char         *explanation;  /* N_(), nullable: then @fill writes it */
  /* nullable: the pattern is read only where this says, for words that
   * mean something only after a certain line */
  gboolean          (*applies) (KilnBootlogDecoder *self);
} KilnBootlogPattern;

extern const KilnBootlogPattern kiln_bootlog_rom_patterns[];
extern const guint              kiln_bootlog_rom_patterns_count;
extern const KilnBootlogPattern kiln_bootlog_sdk_patterns[];
extern const guint              kiln_bootlog_sdk_patterns_count;
extern const KilnBootlogPattern kiln_bootlog_firmware_patterns[];
extern const guint              kiln_bootlog_firmware_patterns_count;

void kiln_bootlog_note_header_mode (KilnBootRecord *boot,
                                    const char     *mode);

G_END_DECLS
