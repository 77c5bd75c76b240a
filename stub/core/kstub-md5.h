/* kstub-md5.h: MD5 (RFC 1321) for SPI_FLASH_MD5 and READ_FLASH.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef KSTUB_MD5_H
#define KSTUB_MD5_H

#include <stdint.h>

typedef struct
{
  uint32_t h[4];
  uint32_t len_lo;      /* bytes hashed, modulo 2^32 (flash is smaller) */
  uint8_t  block[64];
  uint32_t fill;
} kstub_md5;

void kstub_md5_init   (kstub_md5     *m);
void kstub_md5_update (kstub_md5     *m,
                       const uint8_t *data,
                       uint32_t       len);
void kstub_md5_final  (kstub_md5     *m,
                       uint8_t        digest[16]);

#endif
