/* kiln-partition.h: ESP-IDF partition tables (the binary written at 0x8000).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One entry is 32 bytes: magic AA 50, type, subtype, offset, size,
 * a 16-byte NUL-padded label and a flags word.  The table ends at the first
 * entry of 0xFF bytes; an entry starting EB EB carries an MD5 of the entries
 * before it.  The whole table fits in 0xC00 bytes. */
#define KILN_PARTITION_ENTRY_SIZE   32u
#define KILN_PARTITION_TABLE_MAX    0xC00u
#define KILN_PARTITION_TABLE_OFFSET 0x8000u  /* ESP-IDF's default place */

#define KILN_PARTITION_FLAG_ENCRYPTED (1u << 0)
#define KILN_PARTITION_FLAG_READONLY  (1u << 1)

typedef struct
{
  guint8  type;       /* 0 app, 1 data, others custom */
  guint8  subtype;
  guint32 offset;
  guint32 size;
  char    label[17];  /* always NUL-terminated */
  guint32 flags;
} KilnPartitionEntry;

/**
 * KilnPartitionTable:
 * @entries: (element-type KilnPartitionEntry)
 * @has_md5: an MD5 entry follows the entries
 * @md5_valid: ... and it matches them
 * @length: bytes used, up to and including the MD5 entry
 */
typedef struct
{
  GArray  *entries;
  gboolean has_md5;
  gboolean md5_valid;
  gsize    length;
} KilnPartitionTable;

gboolean            kiln_partition_table_detect    (const guint8 *data,
                                                    gsize         len);
KilnPartitionTable *kiln_partition_table_parse     (const guint8 *data,
                                                    gsize         len,
                                                    GError      **error);
void                kiln_partition_table_free      (KilnPartitionTable *table);
const char         *kiln_partition_type_name       (guint8        type);
const char         *kiln_partition_subtype_name    (guint8        type,
                                                    guint8        subtype);
void                kiln_partition_table_describe  (const KilnPartitionTable *table,
                                                    GString                  *out,
                                                    const char               *indent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnPartitionTable, kiln_partition_table_free)

G_END_DECLS
