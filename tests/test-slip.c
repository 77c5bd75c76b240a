/* test-slip.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-core.h"

static GPtrArray *
decode_all (const guint8 *wire,
            gsize         len,
            guint        *noise,
            guint        *bad)
{
  KilnSlipDecoder dec;
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  *noise = *bad = 0;
  kiln_slip_decoder_init (&dec);
  for (gsize i = 0; i < len; i++)
    switch (kiln_slip_decoder_feed (&dec, wire[i]))
      {
      case KILN_SLIP_FRAME:
        g_ptr_array_add (frames, g_bytes_new (dec.frame->data, dec.frame->len));
        break;
      case KILN_SLIP_NOISE: (*noise)++; break;
      case KILN_SLIP_BAD: (*bad)++; break;
      case KILN_SLIP_NONE: break;
      }
  kiln_slip_decoder_clear (&dec);
  return frames;
}

static void
test_encode_escapes (void)
{
  static const guint8 payload[] = { 0x01, 0xC0, 0x02, 0xDB, 0x03 };
  static const guint8 expected[] = { 0xC0, 0x01, 0xDB, 0xDC, 0x02, 0xDB, 0xDD, 0x03, 0xC0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();

  kiln_slip_encode (out, payload, sizeof payload);
  g_assert_cmpmem (out->data, out->len, expected, sizeof expected);
}

static void
test_read_reg_frame (void)
{
  /* READ_REG 0x40001000 as the protocol documents it, byte for byte. */
  static const guint8 packet[] = { 0x00, 0x0A, 0x04, 0x00, 0, 0, 0, 0, 0x00, 0x10, 0x00, 0x40 };
  static const guint8 wire[] = { 0xC0, 0x00, 0x0A, 0x04, 0x00, 0, 0, 0, 0, 0x00, 0x10, 0x00, 0x40, 0xC0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();

  kiln_slip_encode (out, packet, sizeof packet);
  g_assert_cmpmem (out->data, out->len, wire, sizeof wire);
}

static void
test_round_trip_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (int round = 0; round < 200; round++)
    {
      guint len = g_rand_int_range (rand, 1, 2000);
      g_autofree guint8 *data = g_malloc (len);
      g_autoptr(GByteArray) wire = g_byte_array_new ();
      g_autoptr(GPtrArray) frames = NULL;
      guint noise, bad;

      for (guint i = 0; i < len; i++)
        data[i] = g_rand_boolean (rand) ? (g_rand_boolean (rand) ? 0xC0 : 0xDB) : g_rand_int (rand);
      kiln_slip_encode (wire, data, len);
      frames = decode_all (wire->data, wire->len, &noise, &bad);
      g_assert_cmpuint (frames->len, ==, 1);
      g_assert_cmpuint (noise, ==, 0);
      g_assert_cmpuint (bad, ==, 0);
      g_assert_cmpmem (g_bytes_get_data (frames->pdata[0], NULL),
                       g_bytes_get_size (frames->pdata[0]), data, len);
    }
}

static void
test_noise_and_repeated_end (void)
{
  /* Boot-log text before a frame, doubled ENDs, then two frames. */
  static const guint8 wire[] = { 'e', 't', 's', 0xC0, 0xC0, 0xC0, 0x01, 0x02, 0xC0, 0xC0, 0x03, 0xC0 };
  g_autoptr(GPtrArray) frames = NULL;
  guint noise, bad;

  frames = decode_all (wire, sizeof wire, &noise, &bad);
  g_assert_cmpuint (noise, ==, 3);
  g_assert_cmpuint (bad, ==, 0);
  g_assert_cmpuint (frames->len, ==, 2);
  g_assert_cmpuint (g_bytes_get_size (frames->pdata[0]), ==, 2);
  g_assert_cmpuint (g_bytes_get_size (frames->pdata[1]), ==, 1);
}

static void
test_bad_escape_dropped (void)
{
  static const guint8 wire[] = { 0xC0, 0x01, 0xDB, 0x55, 0x02, 0xC0, 0xC0, 0x07, 0xC0 };
  g_autoptr(GPtrArray) frames = NULL;
  guint noise, bad;

  frames = decode_all (wire, sizeof wire, &noise, &bad);
  g_assert_cmpuint (bad, ==, 1);
  g_assert_cmpuint (frames->len, ==, 1);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (frames->pdata[0], NULL))[0], ==, 0x07);
}

static void
test_oversized_frame_dropped (void)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(GPtrArray) frames = NULL;
  guint8 byte = 0x11, end = 0xC0;
  guint noise, bad;

  g_byte_array_append (wire, &end, 1);
  for (guint i = 0; i < KILN_SLIP_MAX_FRAME + 10; i++)
    g_byte_array_append (wire, &byte, 1);
  g_byte_array_append (wire, &end, 1);
  frames = decode_all (wire->data, wire->len, &noise, &bad);
  g_assert_cmpuint (frames->len, ==, 0);
  g_assert_cmpuint (bad, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/slip/encode-escapes", test_encode_escapes);
  g_test_add_func ("/kiln/slip/read-reg-frame", test_read_reg_frame);
  g_test_add_func ("/kiln/slip/round-trip-random", test_round_trip_random);
  g_test_add_func ("/kiln/slip/noise-and-repeated-end", test_noise_and_repeated_end);
  g_test_add_func ("/kiln/slip/bad-escape-dropped", test_bad_escape_dropped);
  g_test_add_func ("/kiln/slip/oversized-frame-dropped", test_oversized_frame_dropped);
  return g_test_run ();
}
