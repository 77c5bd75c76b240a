/* kstub-inflate.h: a zlib (RFC 1950/1951) inflater that takes its input in
 * pieces of any size, for FLASH_DEFL_DATA.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef KSTUB_INFLATE_H
#define KSTUB_INFLATE_H

#include <stdint.h>

#define KSTUB_WINDOW 0x8000u

enum
{
  KSTUB_INF_MORE = 0,     /* all input used, the stream goes on */
  KSTUB_INF_DONE = 1,     /* the stream ended and its Adler-32 matched */
  KSTUB_INF_BAD = -1,     /* not a valid zlib stream */
  KSTUB_INF_ADLER = -2,   /* the stream's Adler-32 does not match */
  KSTUB_INF_SINK = -3,    /* the sink refused the output */
};

/* Receives the output in order, in pieces that never cross the end of the
 * window; 0 to go on. */
typedef int (*kstub_inflate_sink) (void          *ctx,
                                   const uint8_t *data,
                                   uint32_t       len);

typedef struct
{
  uint16_t count[16];
  uint16_t symbol[288];
} kstub_huff;

typedef struct
{
  uint8_t       window[KSTUB_WINDOW];   /* aligned first: the read buffer too */
  uint32_t      produced;               /* bytes out so far */
  uint32_t      flushed;                /* of which handed to the sink */
  uint32_t      bitbuf;
  uint32_t      bitcnt;
  const uint8_t *in;
  const uint8_t *in_end;
  uint8_t       state;
  uint8_t       last_block;
  uint16_t      nlen;
  uint16_t      nlit;
  uint16_t      ndist;
  uint16_t      ncode;
  uint16_t      idx;
  uint16_t      sym;
  uint32_t      copy_len;
  uint32_t      copy_dist;
  uint32_t      adler_a;
  uint32_t      adler_b;
  uint32_t      adler_pending;
  uint32_t      trailer;
  /* the Huffman decode in progress, one bit at a time */
  int           h_code;
  int           h_first;
  int           h_index;
  int           h_len;
  uint8_t       lens[288 + 32];
  kstub_huff    lit;
  kstub_huff    dist;                    /* uses 30 symbols */
  kstub_huff    cl;                      /* code lengths: 19 symbols */
} kstub_inflate;

void kstub_inflate_init (kstub_inflate      *z);
int  kstub_inflate_feed (kstub_inflate      *z,
                         const uint8_t      *in,
                         uint32_t            len,
                         kstub_inflate_sink  sink,
                         void               *ctx);

#endif
