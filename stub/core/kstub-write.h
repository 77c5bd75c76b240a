/* kstub-write.h: flash write sessions and erasing (internal to the core).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef KSTUB_WRITE_H
#define KSTUB_WRITE_H

#include "kstub.h"

void    kstub_write_begin  (kstub         *s,
                            int            compressed,
                            uint32_t       size,
                            uint32_t       block_size,
                            uint32_t       offset);
/* Checks a block before it is acknowledged: KSTUB_OK, or the status to
 * answer.  *skip is set for a repeated compressed block. */
uint8_t kstub_write_accept (kstub         *s,
                            uint32_t       seq,
                            uint32_t       len,
                            int           *skip);
/* For chip layers that poll their UART: erases what the block will need
 * (for a compressed block, room for eight times its size) before it is
 * acknowledged.  A failure is kept for the next reply. */
void    kstub_write_prepare (kstub        *s,
                             uint32_t      seq,
                             uint32_t      len);
/* Programs an accepted block (after the acknowledgement went out); a
 * failure is kept for the next reply. */
void    kstub_write_block  (kstub         *s,
                            uint32_t       seq,
                            const uint8_t *data,
                            uint32_t       len);
uint8_t kstub_write_end    (kstub         *s);
/* One idle step of a session: erases the next block (or up to
 * KSTUB_IDLE_SECTORS sectors) of the region; 1 if it erased. */
int     kstub_write_idle   (kstub         *s);
/* Erases [addr, addr + len) by 64 KiB blocks where whole ones fit,
 * sectors elsewhere; both aligned to sectors.  0 on success. */
int     kstub_erase_range  (kstub         *s,
                            uint32_t       addr,
                            uint32_t       len);

#endif
