/* fuzz-slip.c: the SLIP decoder, and encode → decode giving back the
 * payload.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiln-fuzz.h"
#include "kiln-slip.h"

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
  KilnSlipDecoder dec;
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  guint frames = 0;

  /* Arbitrary bytes: frames never exceed the limit. */
  kiln_slip_decoder_init (&dec);
  for (size_t i = 0; i < size; i++)
    if (kiln_slip_decoder_feed (&dec, data[i]) == KILN_SLIP_FRAME)
      g_assert (dec.frame->len > 0 && dec.frame->len <= KILN_SLIP_MAX_FRAME);

  /* Any payload survives a round trip, after whatever garbage came before. */
  kiln_slip_encode (wire, data, size);
  kiln_slip_decoder_reset (&dec);
  for (guint i = 0; i < wire->len; i++)
    if (kiln_slip_decoder_feed (&dec, wire->data[i]) == KILN_SLIP_FRAME)
      {
        frames++;
        g_assert (size <= KILN_SLIP_MAX_FRAME);
        g_assert (dec.frame->len == size && memcmp (dec.frame->data, data, size) == 0);
      }
  g_assert (frames == (size > 0 && size <= KILN_SLIP_MAX_FRAME ? 1u : 0u));
  kiln_slip_decoder_clear (&dec);
  return 0;
}
