/* kiln-slip.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-slip.h"

/**
 * kiln_slip_encode:
 * @out: array to append the frame to
 *
 * Appends END, @data with END and ESC escaped, END.
 */
void
kiln_slip_encode (GByteArray   *out,
                  const guint8 *data,
                  gsize         len)
{
  static const guint8 end = KILN_SLIP_END;
  static const guint8 esc_end[2] = { KILN_SLIP_ESC, KILN_SLIP_ESC_END };
  static const guint8 esc_esc[2] = { KILN_SLIP_ESC, KILN_SLIP_ESC_ESC };
  gsize run = 0;

  g_byte_array_append (out, &end, 1);
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] != KILN_SLIP_END && data[i] != KILN_SLIP_ESC)
        continue;
      /* Copy plain runs in one go: most payload bytes need no escaping. */
      g_byte_array_append (out, data + run, (guint) (i - run));
      g_byte_array_append (out, data[i] == KILN_SLIP_END ? esc_end : esc_esc, 2);
      run = i + 1;
    }
  g_byte_array_append (out, data + run, (guint) (len - run));
  g_byte_array_append (out, &end, 1);
}

void
kiln_slip_decoder_init (KilnSlipDecoder *dec)
{
  dec->frame = g_byte_array_sized_new (1024);
  dec->in_frame = FALSE;
  dec->escape = FALSE;
  dec->overflow = FALSE;
}

void
kiln_slip_decoder_clear (KilnSlipDecoder *dec)
{
  g_clear_pointer (&dec->frame, g_byte_array_unref);
}

void
kiln_slip_decoder_reset (KilnSlipDecoder *dec)
{
  g_byte_array_set_size (dec->frame, 0);
  dec->in_frame = FALSE;
  dec->escape = FALSE;
  dec->overflow = FALSE;
}

/**
 * kiln_slip_decoder_feed:
 *
 * Feeds one byte.  After %KILN_SLIP_FRAME the frame stays in @dec->frame
 * until the next byte is fed.  Repeated END bytes are not empty frames:
 * the ROM emits extra ENDs around baud changes.
 */
KilnSlipResult
kiln_slip_decoder_feed (KilnSlipDecoder *dec,
                        guint8           byte)
{
  if (!dec->in_frame)
    {
      if (byte == KILN_SLIP_END)
        {
          g_byte_array_set_size (dec->frame, 0);
          dec->in_frame = TRUE;
          dec->escape = FALSE;
          dec->overflow = FALSE;
          return KILN_SLIP_NONE;
        }
      return KILN_SLIP_NOISE;
    }

  if (byte == KILN_SLIP_END)
    {
      if (dec->frame->len == 0 && !dec->overflow && !dec->escape)
        return KILN_SLIP_NONE;  /* END END: treat the second as a new start */
      dec->in_frame = FALSE;
      if (dec->overflow || dec->escape)
        {
          g_byte_array_set_size (dec->frame, 0);
          return KILN_SLIP_BAD;
        }
      return KILN_SLIP_FRAME;
    }

  if (dec->overflow)
    return KILN_SLIP_NONE;

  if (dec->escape)
    {
      dec->escape = FALSE;
      if (byte == KILN_SLIP_ESC_END)
        byte = KILN_SLIP_END;
      else if (byte == KILN_SLIP_ESC_ESC)
        byte = KILN_SLIP_ESC;
      else
        {
          /* Broken escape: drop the frame but keep reading to its END. */
          dec->overflow = TRUE;
          return KILN_SLIP_NONE;
        }
    }
  else if (byte == KILN_SLIP_ESC)
    {
      dec->escape = TRUE;
      return KILN_SLIP_NONE;
    }

  if (dec->frame->len >= KILN_SLIP_MAX_FRAME)
    {
      dec->overflow = TRUE;
      return KILN_SLIP_NONE;
    }
  g_byte_array_append (dec->frame, &byte, 1);
  return KILN_SLIP_NONE;
}
