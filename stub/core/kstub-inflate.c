/* kstub-inflate.c: inflating a zlib stream that arrives block by block.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A state machine over RFC 1951: every step needs a few bits, and when the
 * current block of input runs out the step is left where it was and taken
 * up again with the next block.  Huffman codes are decoded one bit at a
 * time against canonical code counts, which keeps the tables small (a few
 * hundred bytes) and makes a code split across two blocks no special
 * case.  The 32 KiB window is the output buffer: it is handed to the sink
 * whenever it wraps and at the end of every block of input.
 */
#include "kstub.h"

enum
{
  S_ZHDR,
  S_BLOCK,
  S_STORED_LEN,
  S_STORED,
  S_DYN_COUNTS,
  S_DYN_CL,
  S_DYN_LENS,
  S_DYN_REPEAT,
  S_CODES,
  S_LEN_EXTRA,
  S_DIST,
  S_DIST_EXTRA,
  S_COPY,
  S_TRAILER,
  S_DONE,
  S_FAILED,
};

#define ADLER_MOD 65521u
#define STEP_ON   2     /* a step done, the next one may follow */

static const uint16_t len_base[29] = {
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
  35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const uint8_t len_extra[29] = {
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t dist_base[30] = {
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
  257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const uint8_t dist_extra[30] = {
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
/* the order in which code-length code lengths are sent */
static const uint8_t cl_order[19] = {
  16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

void
kstub_inflate_init (kstub_inflate *z)
{
  z->produced = 0;
  z->flushed = 0;
  z->bitbuf = 0;
  z->bitcnt = 0;
  z->state = S_ZHDR;
  z->last_block = 0;
  z->h_code = z->h_first = z->h_index = z->h_len = 0;
  z->adler_a = 1;
  z->adler_b = 0;
  z->adler_pending = 0;
  z->trailer = 0;
  z->idx = 0;
}

/* Takes n ≤ 24 bits, least significant first; 0 when the input ran out
 * (what was there stays in the bit buffer). */
static int
bits (kstub_inflate *z,
      unsigned       n,
      uint32_t      *out)
{
  while (z->bitcnt < n)
    {
      if (z->in == z->in_end)
        return 0;
      z->bitbuf |= (uint32_t) *z->in++ << z->bitcnt;
      z->bitcnt += 8;
    }
  *out = z->bitbuf & ((1u << n) - 1u);
  z->bitbuf >>= n;
  z->bitcnt -= n;
  return 1;
}

/* Builds the canonical code from symbol lengths; -1 if over-subscribed.
 * Incomplete codes are allowed: a missing code fails when decoded. */
static int
build (kstub_huff    *h,
       const uint8_t *lens,
       unsigned       n)
{
  uint16_t offs[16];
  int left = 1;

  for (unsigned i = 0; i < 16; i++)
    h->count[i] = 0;
  for (unsigned i = 0; i < n; i++)
    h->count[lens[i]]++;
  if (h->count[0] == n)
    return 0;
  for (unsigned len = 1; len < 16; len++)
    {
      left <<= 1;
      left -= h->count[len];
      if (left < 0)
        return -1;
    }
  offs[1] = 0;
  for (unsigned len = 1; len < 15; len++)
    offs[len + 1] = (uint16_t) (offs[len] + h->count[len]);
  for (unsigned i = 0; i < n; i++)
    if (lens[i] != 0)
      h->symbol[offs[lens[i]]++] = (uint16_t) i;
  return 0;
}

/* 1: *sym decoded; 0: needs input; -1: no such code. */
static int
decode (kstub_inflate    *z,
        const kstub_huff *h,
        unsigned         *sym)
{
  for (;;)
    {
      uint32_t bit;
      int count;

      if (!bits (z, 1, &bit))
        return 0;
      z->h_code |= (int) bit;
      z->h_len++;
      count = h->count[z->h_len];
      if (z->h_code - count < z->h_first)
        {
          *sym = h->symbol[z->h_index + (z->h_code - z->h_first)];
          z->h_code = z->h_first = z->h_index = z->h_len = 0;
          return 1;
        }
      z->h_index += count;
      z->h_first += count;
      z->h_first <<= 1;
      z->h_code <<= 1;
      if (z->h_len == 15)
        return -1;
    }
}

static void
adler_update (kstub_inflate *z,
              const uint8_t *p,
              uint32_t       n)
{
  uint32_t a = z->adler_a, b = z->adler_b;

  while (n > 0)
    {
      /* 5552 bytes are the most that cannot overflow 32 bits before the
       * modulo (RFC 1950 §9 leaves the scheduling to the implementer). */
      uint32_t run = n < 5552 ? n : 5552;

      n -= run;
      while (run-- > 0)
        {
          a += *p++;
          b += a;
        }
      a %= ADLER_MOD;
      b %= ADLER_MOD;
    }
  z->adler_a = a;
  z->adler_b = b;
}

static int
flush (kstub_inflate      *z,
       kstub_inflate_sink  sink,
       void               *ctx)
{
  uint32_t n = z->produced - z->flushed;
  const uint8_t *p;

  if (n == 0)
    return 0;
  p = z->window + (z->flushed & (KSTUB_WINDOW - 1));
  adler_update (z, p, n);
  z->flushed += n;
  return sink (ctx, p, n);
}

/* One byte out; 0 or the sink's refusal when the window wrapped. */
static int
put (kstub_inflate      *z,
     uint8_t             b,
     kstub_inflate_sink  sink,
     void               *ctx)
{
  z->window[z->produced & (KSTUB_WINDOW - 1)] = b;
  z->produced++;
  if ((z->produced & (KSTUB_WINDOW - 1)) == 0)
    return flush (z, sink, ctx);
  return 0;
}

static void
fixed_tables (kstub_inflate *z)
{
  unsigned i = 0;

  for (; i < 144; i++)
    z->lens[i] = 8;
  for (; i < 256; i++)
    z->lens[i] = 9;
  for (; i < 280; i++)
    z->lens[i] = 7;
  for (; i < 288; i++)
    z->lens[i] = 8;
  build (&z->lit, z->lens, 288);
  for (i = 0; i < 30; i++)
    z->lens[i] = 5;
  build (&z->dist, z->lens, 30);
}

static void
end_block (kstub_inflate *z)
{
  z->state = z->last_block ? S_TRAILER : S_BLOCK;
  z->idx = 0;
}

static int
step (kstub_inflate      *z,
      kstub_inflate_sink  sink,
      void               *ctx)
{
  uint32_t v;
  unsigned sym;
  int r;

  switch (z->state)
    {
    case S_ZHDR:
      if (!bits (z, 16, &v))
        return KSTUB_INF_MORE;
      {
        unsigned cmf = v & 0xFF, flg = v >> 8;
        /* deflate, a window of at most 32 KiB, the check bits, no preset
         * dictionary */
        if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || (cmf * 256 + flg) % 31 != 0 || (flg & 0x20))
          return KSTUB_INF_BAD;
      }
      z->state = S_BLOCK;
      return STEP_ON;

    case S_BLOCK:
      if (!bits (z, 3, &v))
        return KSTUB_INF_MORE;
      z->last_block = v & 1;
      switch (v >> 1)
        {
        case 0:
          z->bitbuf >>= z->bitcnt & 7;    /* stored: to the byte boundary */
          z->bitcnt &= ~7u;
          z->state = S_STORED_LEN;
          break;
        case 1:
          fixed_tables (z);
          z->state = S_CODES;
          break;
        case 2:
          z->state = S_DYN_COUNTS;
          break;
        default:
          return KSTUB_INF_BAD;
        }
      return STEP_ON;

    case S_STORED_LEN:
      if (!bits (z, 16, &v))
        return KSTUB_INF_MORE;
      {
        uint32_t nv;
        if (!bits (z, 16, &nv))
          {
            /* put LEN back: the pair must be read as one */
            z->bitbuf = (z->bitbuf << 16) | v;
            z->bitcnt += 16;
            return KSTUB_INF_MORE;
          }
        if ((v ^ 0xFFFF) != nv)
          return KSTUB_INF_BAD;
        z->copy_len = v;
      }
      z->state = S_STORED;
      return STEP_ON;

    case S_STORED:
      while (z->copy_len > 0)
        {
          if (!bits (z, 8, &v))
            return KSTUB_INF_MORE;
          if ((r = put (z, (uint8_t) v, sink, ctx)) != 0)
            return KSTUB_INF_SINK;
          z->copy_len--;
        }
      end_block (z);
      return STEP_ON;

    case S_DYN_COUNTS:
      if (!bits (z, 14, &v))
        return KSTUB_INF_MORE;
      z->nlit = (uint16_t) ((v & 0x1F) + 257);
      z->ndist = (uint16_t) (((v >> 5) & 0x1F) + 1);
      z->ncode = (uint16_t) ((v >> 10) + 4);
      if (z->nlit > 286 || z->ndist > 30)
        return KSTUB_INF_BAD;
      for (unsigned i = 0; i < 19; i++)
        z->lens[i] = 0;
      z->idx = 0;
      z->state = S_DYN_CL;
      return STEP_ON;

    case S_DYN_CL:
      while (z->idx < z->ncode)
        {
          if (!bits (z, 3, &v))
            return KSTUB_INF_MORE;
          z->lens[cl_order[z->idx++]] = (uint8_t) v;
        }
      if (build (&z->cl, z->lens, 19) != 0)
        return KSTUB_INF_BAD;
      z->idx = 0;
      z->state = S_DYN_LENS;
      return STEP_ON;

    case S_DYN_LENS:
      while (z->idx < z->nlit + z->ndist)
        {
          r = decode (z, &z->cl, &sym);
          if (r == 0)
            return KSTUB_INF_MORE;
          if (r < 0)
            return KSTUB_INF_BAD;
          if (sym < 16)
            z->lens[z->idx++] = (uint8_t) sym;
          else
            {
              if (sym == 16 && z->idx == 0)
                return KSTUB_INF_BAD;
              z->sym = (uint16_t) sym;
              z->state = S_DYN_REPEAT;
              return STEP_ON;
            }
        }
      if (z->lens[256] == 0)
        return KSTUB_INF_BAD;           /* no end-of-block code */
      if (build (&z->lit, z->lens, z->nlit) != 0 ||
          build (&z->dist, z->lens + z->nlit, z->ndist) != 0)
        return KSTUB_INF_BAD;
      z->state = S_CODES;
      return STEP_ON;

    case S_DYN_REPEAT:
      {
        unsigned nbits = z->sym == 16 ? 2 : z->sym == 17 ? 3 : 7;
        unsigned base = z->sym == 16 ? 3 : z->sym == 17 ? 3 : 11;
        uint8_t len = z->sym == 16 ? z->lens[z->idx - 1] : 0;

        if (!bits (z, nbits, &v))
          return KSTUB_INF_MORE;
        v += base;
        if (z->idx + v > (uint32_t) (z->nlit + z->ndist))
          return KSTUB_INF_BAD;
        while (v-- > 0)
          z->lens[z->idx++] = len;
        z->state = S_DYN_LENS;
        return STEP_ON;
      }

    case S_CODES:
      for (;;)
        {
          r = decode (z, &z->lit, &sym);
          if (r == 0)
            return KSTUB_INF_MORE;
          if (r < 0)
            return KSTUB_INF_BAD;
          if (sym < 256)
            {
              if (put (z, (uint8_t) sym, sink, ctx) != 0)
                return KSTUB_INF_SINK;
              continue;
            }
          if (sym == 256)
            {
              end_block (z);
              return STEP_ON;
            }
          sym -= 257;
          if (sym >= 29)
            return KSTUB_INF_BAD;
          z->sym = (uint16_t) sym;
          z->state = S_LEN_EXTRA;
          return STEP_ON;
        }

    case S_LEN_EXTRA:
      if (!bits (z, len_extra[z->sym], &v))
        return KSTUB_INF_MORE;
      z->copy_len = len_base[z->sym] + v;
      z->state = S_DIST;
      return STEP_ON;

    case S_DIST:
      r = decode (z, &z->dist, &sym);
      if (r == 0)
        return KSTUB_INF_MORE;
      if (r < 0 || sym >= 30)
        return KSTUB_INF_BAD;
      z->sym = (uint16_t) sym;
      z->state = S_DIST_EXTRA;
      return STEP_ON;

    case S_DIST_EXTRA:
      if (!bits (z, dist_extra[z->sym], &v))
        return KSTUB_INF_MORE;
      z->copy_dist = dist_base[z->sym] + v;
      if (z->copy_dist > z->produced)
        return KSTUB_INF_BAD;           /* reaches before the start */
      z->state = S_COPY;
      return STEP_ON;

    case S_COPY:
      while (z->copy_len > 0)
        {
          uint8_t b = z->window[(z->produced - z->copy_dist) & (KSTUB_WINDOW - 1)];
          z->copy_len--;
          if (put (z, b, sink, ctx) != 0)
            return KSTUB_INF_SINK;
        }
      z->state = S_CODES;
      return STEP_ON;

    case S_TRAILER:
      if (z->idx == 0)
        {
          z->bitbuf >>= z->bitcnt & 7;
          z->bitcnt &= ~7u;
          if (flush (z, sink, ctx) != 0)
            return KSTUB_INF_SINK;
        }
      while (z->idx < 4)
        {
          if (!bits (z, 8, &v))
            return KSTUB_INF_MORE;
          z->trailer = (z->trailer << 8) | v;
          z->idx++;
        }
      z->state = S_DONE;
      if (z->trailer != ((z->adler_b << 16) | z->adler_a))
        return KSTUB_INF_ADLER;
      return KSTUB_INF_DONE;

    case S_DONE:
      return KSTUB_INF_DONE;            /* anything after the stream is ignored */

    default:
      return KSTUB_INF_BAD;
    }
}

/**
 * kstub_inflate_feed:
 *
 * Inflates @len more bytes of the stream and hands everything produced so
 * far to @sink.  Once it has failed it keeps failing.
 */
int
kstub_inflate_feed (kstub_inflate      *z,
                    const uint8_t      *in,
                    uint32_t            len,
                    kstub_inflate_sink  sink,
                    void               *ctx)
{
  int r;

  if (z->state == S_FAILED)
    return KSTUB_INF_BAD;
  if (z->state == S_DONE)
    return KSTUB_INF_DONE;
  z->in = in;
  z->in_end = len > 0 ? in + len : in;     /* no arithmetic on a null pointer */
  for (;;)
    {
      r = step (z, sink, ctx);
      if (r == STEP_ON)
        continue;
      break;
    }
  if (r == KSTUB_INF_MORE && flush (z, sink, ctx) != 0)
    r = KSTUB_INF_SINK;
  if (r < 0)
    z->state = S_FAILED;
  z->in = z->in_end = 0;
  return r;
}
