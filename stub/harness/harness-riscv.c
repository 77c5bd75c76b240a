/* harness-riscv.c: the harness's I/O on RV32 under QEMU: two files in the
 * current directory, kstub-in.bin and kstub-out.bin, through semihosting.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kstub-harness.h"

#define SYS_OPEN  0x01
#define SYS_WRITE 0x05
#define SYS_READ  0x06
#define SYS_FLEN  0x0C
#define SYS_EXIT  0x18

uint32_t harness_semihost (uint32_t op, uint32_t *args);
void harness_main (void);

static uint8_t input[1u << 20];
static uint32_t out_fd;

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

static uint32_t
open_file (const char *name,
           uint32_t    mode)
{
  uint32_t len = 0, args[3];

  while (name[len])
    len++;
  args[0] = (uint32_t) name;
  args[1] = mode;
  args[2] = len;
  return harness_semihost (SYS_OPEN, args);
}

void
harness_out (const uint8_t *data,
             uint32_t       len)
{
  uint32_t args[3] = { out_fd, (uint32_t) data, len };

  harness_semihost (SYS_WRITE, args);
}

void
harness_main (void)
{
  uint32_t in_fd = open_file ("kstub-in.bin", 1 /* rb */);
  uint32_t args[3] = { in_fd, 0, 0 };
  uint32_t len = harness_semihost (SYS_FLEN, args);

  if (len > sizeof input)
    len = sizeof input;
  args[1] = (uint32_t) input;
  args[2] = len;
  harness_semihost (SYS_READ, args);        /* returns the bytes NOT read */
  out_fd = open_file ("kstub-out.bin", 5 /* wb */);
  harness_run (input, len);
  /* on RV32 the reason itself, not a pointer: ADP_Stopped_ApplicationExit */
  harness_semihost (SYS_EXIT, (uint32_t *) 0x20026);
}
