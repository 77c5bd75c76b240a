/* fuzz-kstub.c: Kiln's flasher stub core (stub/core) fed arbitrary bytes,
 * as a serial line from a host gone mad, and its inflater fed arbitrary
 * streams in pieces.  The core runs with the flash in RAM (stub/harness);
 * any out-of-bounds access, hang or crash is a bug in code that ships on
 * the chip.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiln-fuzz.h"
#include "kstub-harness.h"

static kstub_inflate inflater;
static uint32_t inflated;

void
harness_out (const uint8_t *data,
             uint32_t       len)
{
}

static int
count (void          *ctx,
       const uint8_t *data,
       uint32_t       len)
{
  inflated += len;
  /* the sink may refuse: the inflater must stop cleanly */
  return inflated > 4u * 1024 * 1024 ? -1 : 0;
}

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
  size_t piece = size > 0 ? (size_t) data[0] % 17 + 1 : 1;
  int r = KSTUB_INF_MORE;

  /* The bytes as the serial line: SLIP, commands, write sessions, reads. */
  harness_run (data, (uint32_t) size);
  /* a write session erases inside its region only, however it goes */
  g_assert (harness_counts.stray_erases == 0);

  /* The bytes as a zlib stream, arriving in small pieces. */
  kstub_inflate_init (&inflater);
  inflated = 0;
  for (size_t off = 0; off < size && r == KSTUB_INF_MORE; off += piece)
    {
      size_t n = MIN (piece, size - off);
      r = kstub_inflate_feed (&inflater, data + off, (uint32_t) n, count, NULL);
    }
  g_assert (r >= KSTUB_INF_SINK && r <= KSTUB_INF_DONE);
  g_assert (inflated == inflater.flushed);
  return 0;
}
