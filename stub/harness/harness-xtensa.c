/* harness-xtensa.c: the harness's I/O on lx106 under QEMU: standard input
 * and output of the QEMU process, through semihosting.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kstub-harness.h"

#define SYS_EXIT  1
#define SYS_READ  3
#define SYS_WRITE 4

uint32_t harness_simcall (uint32_t nr, uint32_t a, uint32_t b, uint32_t c);
void harness_main (void);

static uint8_t input[1u << 20] __attribute__ ((section (".sysram")));

void *memcpy (void *dst, const void *src, size_t n);
void *memset (void *dst, int v, size_t n);

void *
memcpy (void *dst, const void *src, size_t n)
{
  kstub_copy (dst, src, (uint32_t) n);
  return dst;
}

void *
memset (void *dst, int v, size_t n)
{
  kstub_fill (dst, (uint8_t) v, (uint32_t) n);
  return dst;
}

void
harness_out (const uint8_t *data,
             uint32_t       len)
{
  harness_simcall (SYS_WRITE, 1, (uint32_t) data, len);
}

void
harness_main (void)
{
  uint32_t len = 0;

  for (;;)
    {
      int32_t n = (int32_t) harness_simcall (SYS_READ, 0, (uint32_t) (input + len),
                                             sizeof input - len);
      if (n <= 0)
        break;
      len += (uint32_t) n;
    }
  harness_run (input, len);
  harness_simcall (SYS_EXIT, 0, 0, 0);
}

/* The lx106 has no divider; on the chip the stub calls the ROM's helpers
 * (esp8266-rom.ld).  Under QEMU there is no ROM: shift and subtract. */
unsigned int __udivsi3 (unsigned int n, unsigned int d);
unsigned int __umodsi3 (unsigned int n, unsigned int d);

static unsigned int
divmod (unsigned int  n,
        unsigned int  d,
        unsigned int *rem)
{
  unsigned int q = 0, r = 0;

  for (int i = 31; i >= 0; i--)
    {
      r = (r << 1) | ((n >> i) & 1);
      if (r >= d)
        {
          r -= d;
          q |= 1u << i;
        }
    }
  *rem = r;
  return q;
}

unsigned int
__udivsi3 (unsigned int n,
           unsigned int d)
{
  unsigned int r;
  return divmod (n, d, &r);
}

unsigned int
__umodsi3 (unsigned int n,
           unsigned int d)
{
  unsigned int r;
  divmod (n, d, &r);
  return r;
}
