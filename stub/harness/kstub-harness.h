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
#define HARNESS_LOG        256u

typedef struct
{
  uint32_t sector_erases;
  uint32_t block_erases;
  uint32_t chip_erases;
  uint32_t bytes_written;
  uint32_t port_writes;     /* kstub_port_flash_write () calls */
  /* bytes programmed where the flash held a 0 bit the data wants as 1: the
   * place was not erased (or held other data) */
  uint32_t unerased_writes;
  uint32_t idle_steps;      /* kstub_idle () calls that did something */
  /* erases outside the region of the write session, other than those
   * ERASE_REGION asks for */
  uint32_t stray_erases;
  uint32_t n_log;           /* erases logged in harness_erase_log */
  uint32_t baud;
  uint32_t jumps;
  uint32_t reboots;
} harness_stats;

extern uint8_t       harness_flash[HARNESS_FLASH_SIZE];
/* run the core as a chip layer that polls its UART does */
extern uint8_t       harness_erase_before_ack;
/* let the main loop run after every byte (it is idle whenever no frame
 * waits, as when the flash is faster than the wire); otherwise it lags a
 * frame behind and has one idle turn after each frame */
extern uint8_t       harness_eager;
/* 0: the flash starts erased; otherwise filled with a pattern from it */
extern uint32_t      harness_fill_seed;
extern harness_stats harness_counts;
/* the first HARNESS_LOG erases in order: address | 1 for a 64 KiB block */
extern uint32_t      harness_erase_log[HARNESS_LOG];

/* provided by whoever runs the harness: where the stub's output goes */
void harness_out (const uint8_t *data, uint32_t len);

/* Fills the flash, starts the stub, feeds it @len bytes one at a time,
 * as the UART interrupt would, letting the main loop run in between. */
void harness_run (const uint8_t *in, uint32_t len);

#endif
