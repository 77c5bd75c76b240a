/* kstub-harness.h: the stub core against a flash held in RAM, for the
 * host unit tests and the same code cross-built under QEMU.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef KSTUB_HARNESS_H
#define KSTUB_HARNESS_H

#include "kstub.h"

#define HARNESS_FLASH_SIZE (512u * 1024)
#define HARNESS_RAM_ADDR   0x20000000u
#define HARNESS_RAM_SIZE   0x1000u

typedef struct
{
  uint32_t sector_erases;
  uint32_t block_erases;
  uint32_t chip_erases;
  uint32_t bytes_written;
  uint32_t baud;
  uint32_t jumps;
  uint32_t reboots;
} harness_stats;

extern uint8_t       harness_flash[HARNESS_FLASH_SIZE];
/* run the core as a chip layer that polls its UART does */
extern uint8_t       harness_erase_before_ack;
extern harness_stats harness_counts;

/* provided by whoever runs the harness: where the stub's output goes */
void harness_out (const uint8_t *data, uint32_t len);

/* Erases the flash, starts the stub, feeds it @len bytes one at a time,
 * letting the main loop run after each, as the UART interrupt would. */
void harness_run (const uint8_t *in, uint32_t len);

#endif
