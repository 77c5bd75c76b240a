/* kstub-util.c: the few memory helpers the core needs, without libc.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kstub.h"

uint32_t
kstub_le32 (const uint8_t *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

void
kstub_put_le32 (uint8_t  *p,
                uint32_t  v)
{
  p[0] = (uint8_t) v;
  p[1] = (uint8_t) (v >> 8);
  p[2] = (uint8_t) (v >> 16);
  p[3] = (uint8_t) (v >> 24);
}

void
kstub_copy (void       *dst,
            const void *src,
            uint32_t    n)
{
  uint8_t *d = dst;
  const uint8_t *s = src;

  while (n-- > 0)
    *d++ = *s++;
}

void
kstub_fill (void     *dst,
            uint8_t   v,
            uint32_t  n)
{
  uint8_t *d = dst;

  while (n-- > 0)
    *d++ = v;
}
