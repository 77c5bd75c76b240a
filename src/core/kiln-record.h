/* kiln-record.h: a log of every board flashed, one record per board.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each record is appended with a single write and synced before the call
 * returns, so a crash never loses a completed record nor leaves half of
 * one behind another.
 */
#pragma once

#include <glib.h>

#include "kiln-connect.h"
#include "kiln-layout.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_RECORD_CSV,
  KILN_RECORD_JSON,   /* one JSON object per line */
} KilnRecordFormat;

typedef struct
{
  GDateTime            *time;       /* when the job finished */
  const char           *port;
  const KilnDeviceInfo *info;       /* (nullable) when the board never answered */
  GPtrArray            *regions;    /* (element-type KilnRegion) (nullable) */
  gboolean              passed;
  const char           *message;    /* (nullable) why it failed */
  double                seconds;
} KilnRecord;

/* The format follows the file name: *.json / *.jsonl → JSON lines, else CSV. */
KilnRecordFormat kiln_record_format_for_path (const char       *path);
char            *kiln_record_format          (const KilnRecord *record,
                                              KilnRecordFormat  format);
gboolean         kiln_record_append          (const char       *path,
                                              const KilnRecord *record,
                                              GError          **error);

G_END_DECLS
