/* fuzz-partition.c: ESP-IDF partition table parsing and description.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-fuzz.h"
#include "kiln-partition.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  kiln_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(KilnPartitionTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  (void) kiln_partition_table_detect (data, size);
  table = kiln_partition_table_parse (data, size, &error);
  g_assert ((table == NULL) == (error != NULL));
  if (table != NULL)
    kiln_partition_table_describe (table, out, "  ");
  return 0;
}
