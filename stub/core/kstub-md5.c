/* kstub-md5.c: MD5 as RFC 1321 defines it, written for small cores: one
 * 64-byte block at a time, the message words loaded byte by byte so that
 * neither alignment nor endianness of the input matters.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kstub.h"

/* The sine-derived constants and rotation amounts of RFC 1321 §3.4. */
static const uint32_t K[64] = {
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static const uint8_t R[16] = { 7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21 };

static uint32_t
rotl (uint32_t x,
      unsigned n)
{
  return (x << n) | (x >> (32 - n));
}

static void
transform (kstub_md5     *m,
           const uint8_t *p)
{
  uint32_t w[16], a = m->h[0], b = m->h[1], c = m->h[2], d = m->h[3];

  for (unsigned i = 0; i < 16; i++)
    w[i] = kstub_le32 (p + 4 * i);
  for (unsigned i = 0; i < 64; i++)
    {
      uint32_t f, t;
      unsigned g, round = i >> 4;

      switch (round)
        {
        case 0:
          f = (b & c) | (~b & d);
          g = i;
          break;
        case 1:
          f = (d & b) | (~d & c);
          g = (5 * i + 1) & 15;
          break;
        case 2:
          f = b ^ c ^ d;
          g = (3 * i + 5) & 15;
          break;
        default:
          f = c ^ (b | ~d);
          g = (7 * i) & 15;
          break;
        }
      t = d;
      d = c;
      c = b;
      b = b + rotl (a + f + K[i] + w[g], R[round * 4 + (i & 3)]);
      a = t;
    }
  m->h[0] += a;
  m->h[1] += b;
  m->h[2] += c;
  m->h[3] += d;
}

void
kstub_md5_init (kstub_md5 *m)
{
  m->h[0] = 0x67452301;
  m->h[1] = 0xefcdab89;
  m->h[2] = 0x98badcfe;
  m->h[3] = 0x10325476;
  m->len_lo = 0;
  m->fill = 0;
}

void
kstub_md5_update (kstub_md5     *m,
                  const uint8_t *data,
                  uint32_t       len)
{
  m->len_lo += len;
  while (len > 0)
    {
      if (m->fill == 0 && len >= 64)
        {
          transform (m, data);
          data += 64;
          len -= 64;
          continue;
        }
      m->block[m->fill++] = *data++;
      len--;
      if (m->fill == 64)
        {
          transform (m, m->block);
          m->fill = 0;
        }
    }
}

void
kstub_md5_final (kstub_md5 *m,
                 uint8_t    digest[16])
{
  uint32_t bits_lo = m->len_lo << 3, bits_hi = m->len_lo >> 29;
  uint8_t pad = 0x80;
  uint8_t len[8];

  kstub_put_le32 (len, bits_lo);
  kstub_put_le32 (len + 4, bits_hi);
  kstub_md5_update (m, &pad, 1);
  pad = 0;
  while (m->fill != 56)
    kstub_md5_update (m, &pad, 1);
  kstub_md5_update (m, len, 8);
  for (unsigned i = 0; i < 4; i++)
    kstub_put_le32 (digest + 4 * i, m->h[i]);
}
