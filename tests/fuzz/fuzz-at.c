/* fuzz-at.c: AT reply collection and AT+GMR parsing.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Byte 0 picks the piece size the collector is fed in.
 */
#include "kiln-at.h"
#include "kiln-fuzz.h"

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
  g_autoptr(KilnAtCollector) collector = NULL;
  g_autoptr(KilnAtVersion) version = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *described = NULL;
  gsize piece;

  if (size < 1)
    return 0;
  piece = 1 + data[0] % 32;
  collector = kiln_at_collector_new ("AT+GMR");
  for (gsize i = 1; i < size; )
    {
      gsize consumed = 0;
      gsize n = MIN (piece, size - i);
      KilnAtStatus status = kiln_at_collector_feed (collector, data + i, n, &consumed);

      g_assert (consumed <= n);
      i += consumed > 0 ? consumed : n;
      if (status != KILN_AT_PENDING)
        break;
    }
  (void) kiln_at_collector_get_reply (collector);
  (void) kiln_at_collector_got_data (collector);

  text = g_strndup ((const char *) data + 1, size - 1);
  version = kiln_at_parse_gmr (text, &error);
  if (version != NULL)
    described = kiln_at_version_to_string (version);
  return 0;
}
