/* kstub-harness.c: a chip layer with the flash in RAM.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is deterministic and the same on every target, so the
 * bytes the stub sends for one input must be the same on the host, on the
 * lx106 and on RV32 (tests/test-kstub.c compares them).  The flash behaves
 * as NOR: programming only clears bits, erasing sets them.
 */
#include "kstub-harness.h"

uint8_t       harness_flash[HARNESS_FLASH_SIZE];
harness_stats harness_counts;
uint8_t       harness_erase_before_ack;
uint8_t       harness_eager;
uint32_t      harness_fill_seed;
uint32_t      harness_erase_log[HARNESS_LOG];
static uint8_t harness_ram[HARNESS_RAM_SIZE];
static kstub   core;

static void
log_erase (uint32_t entry)
{
  uint32_t addr = entry & ~1u, len = entry & 1 ? KSTUB_BLOCK64 : KSTUB_SECTOR;

  /* worked out from what BEGIN asked for, not from the core's own bounds */
  if (core.cur_op != KSTUB_OP_ERASE_REGION
      && (!core.wr.active || addr < (core.wr.offset & ~(KSTUB_SECTOR - 1))
          || addr + len > ((core.wr.offset + core.wr.size + KSTUB_SECTOR - 1)
                           & ~(KSTUB_SECTOR - 1))))
    harness_counts.stray_erases++;
  if (harness_counts.n_log < HARNESS_LOG)
    harness_erase_log[harness_counts.n_log] = entry;
  harness_counts.n_log++;
}

void
kstub_port_tx (void          *port,
               const uint8_t *data,
               uint32_t       len)
{
  harness_out (data, len);
}

void
kstub_port_tx_drain (void *port)
{
}

void
kstub_port_set_baud (void     *port,
                     uint32_t  new_baud,
                     uint32_t  old_baud)
{
  harness_counts.baud = new_baud;
}

static int
in_flash (uint32_t addr,
          uint32_t len)
{
  return addr <= HARNESS_FLASH_SIZE && len <= HARNESS_FLASH_SIZE - addr;
}

int
kstub_port_flash_read (void     *port,
                       uint32_t  addr,
                       uint8_t  *buf,
                       uint32_t  len)
{
  if (!in_flash (addr, len))
    return -1;
  kstub_copy (buf, harness_flash + addr, len);
  return 0;
}

int
kstub_port_flash_write (void          *port,
                        uint32_t       addr,
                        const uint8_t *buf,
                        uint32_t       len)
{
  if (!in_flash (addr, len))
    return -1;
  for (uint32_t i = 0; i < len; i++)
    {
      if ((harness_flash[addr + i] & buf[i]) != buf[i])
        harness_counts.unerased_writes++;
      harness_flash[addr + i] &= buf[i];
    }
  harness_counts.bytes_written += len;
  harness_counts.port_writes++;
  return 0;
}

int
kstub_port_erase_sector (void     *port,
                         uint32_t  addr)
{
  if ((addr & (KSTUB_SECTOR - 1)) || !in_flash (addr, KSTUB_SECTOR))
    return -1;
  kstub_fill (harness_flash + addr, 0xFF, KSTUB_SECTOR);
  harness_counts.sector_erases++;
  log_erase (addr);
  return 0;
}

int
kstub_port_erase_block (void     *port,
                        uint32_t  addr)
{
  if ((addr & (KSTUB_BLOCK64 - 1)) || !in_flash (addr, KSTUB_BLOCK64))
    return -1;
  kstub_fill (harness_flash + addr, 0xFF, KSTUB_BLOCK64);
  harness_counts.block_erases++;
  log_erase (addr | 1);
  return 0;
}

int
kstub_port_erase_chip (void *port)
{
  kstub_fill (harness_flash, 0xFF, HARNESS_FLASH_SIZE);
  harness_counts.chip_erases++;
  return 0;
}

void
kstub_port_flash_done (void *port)
{
}

int
kstub_port_spi_attach (void     *port,
                       uint32_t  config)
{
  return config == 0 ? 0 : -1;
}

void
kstub_port_spi_params (void           *port,
                       const uint32_t  params[6])
{
}

/* a made-up register file: every address reads as a function of itself */
uint32_t
kstub_port_read_reg (void     *port,
                     uint32_t  addr)
{
  return addr ^ 0xA5A5A5A5u;
}

void
kstub_port_write_reg (void     *port,
                      uint32_t  addr,
                      uint32_t  value)
{
}

void
kstub_port_delay_us (void     *port,
                     uint32_t  us)
{
}

int
kstub_port_mem_begin (void     *port,
                      uint32_t  addr,
                      uint32_t  size)
{
  return addr >= HARNESS_RAM_ADDR && size <= HARNESS_RAM_SIZE
         && addr - HARNESS_RAM_ADDR <= HARNESS_RAM_SIZE - size ? 0 : -1;
}

void
kstub_port_mem_write (void          *port,
                      uint32_t       addr,
                      const uint8_t *data,
                      uint32_t       len)
{
  kstub_copy (harness_ram + (addr - HARNESS_RAM_ADDR), data, len);
}

void
kstub_port_mem_jump (void     *port,
                     uint32_t  entry)
{
  harness_counts.jumps++;
}

void
kstub_port_reboot (void *port)
{
  harness_counts.reboots++;
}

void
kstub_port_run_user_code (void *port)
{
  harness_counts.reboots++;
}

/* xorshift32: the same pattern on every target */
static void
fill_flash (uint32_t seed)
{
  uint32_t x = seed;

  if (seed == 0)
    {
      kstub_fill (harness_flash, 0xFF, HARNESS_FLASH_SIZE);
      return;
    }
  for (uint32_t i = 0; i < HARNESS_FLASH_SIZE; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      harness_flash[i] = (uint8_t) x;
    }
}

static void
idle (void)
{
  if (kstub_idle (&core))
    harness_counts.idle_steps++;
}

void
harness_run (const uint8_t *in,
             uint32_t       len)
{
  fill_flash (harness_fill_seed);
  kstub_fill (&harness_counts, 0, sizeof harness_counts);
  kstub_init (&core, 0, HARNESS_FLASH_SIZE);
  core.erase_before_ack = harness_erase_before_ack;
  kstub_greet (&core);
  /* By default the main loop lags one frame behind: a frame is handled
   * only once the next one has arrived in the other buffer, as when the
   * flash is slower than the wire, and gets one idle turn after each. */
  for (uint32_t i = 0; i < len; i++)
    {
      kstub_rx_byte (&core, in[i]);
      if (harness_eager)
        {
          if (!kstub_poll (&core))
            idle ();
        }
      else if (core.rx_head - core.rx_tail >= 2)
        {
          kstub_poll (&core);
          idle ();
        }
    }
  for (;;)
    {
      int handled = kstub_poll (&core);

      idle ();
      if (!handled)
        break;
    }
}
