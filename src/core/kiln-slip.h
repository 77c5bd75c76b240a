/* kiln-slip.h: SLIP framing as the Espressif loaders use it.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the only part of the core the virtual device shares.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_SLIP_END     0xC0
#define KILN_SLIP_ESC     0xDB
#define KILN_SLIP_ESC_END 0xDC
#define KILN_SLIP_ESC_ESC 0xDD

/* Larger than any legal packet (16 KiB stub block + headers); anything
 * longer is garbage and is dropped rather than buffered without bound. */
#define KILN_SLIP_MAX_FRAME (0x4000 + 64 + 1024)

typedef enum
{
  KILN_SLIP_NONE,     /* byte consumed, nothing complete yet */
  KILN_SLIP_FRAME,    /* a complete non-empty frame is in decoder->frame */
  KILN_SLIP_NOISE,    /* the byte arrived outside a frame (boot log, garbage) */
  KILN_SLIP_BAD,      /* a broken escape or an oversized frame; it was dropped */
} KilnSlipResult;

typedef struct
{
  GByteArray *frame;
  gboolean    in_frame;
  gboolean    escape;
  gboolean    overflow;
} KilnSlipDecoder;

void           kiln_slip_encode         (GByteArray      *out,
                                         const guint8    *data,
                                         gsize            len);
void           kiln_slip_decoder_init   (KilnSlipDecoder *dec);
void           kiln_slip_decoder_clear  (KilnSlipDecoder *dec);
void           kiln_slip_decoder_reset  (KilnSlipDecoder *dec);
KilnSlipResult kiln_slip_decoder_feed   (KilnSlipDecoder *dec,
                                         guint8           byte);

G_END_DECLS
