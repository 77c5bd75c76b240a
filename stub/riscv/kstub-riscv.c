/* kstub-riscv.c: the chip layer of Kiln's stub for the RISC-V chips
 * (ESP32-C3, -C6, -H2), one source for the three.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ROM loader leaves UART0 at the rate the host synced at and its
 * serial-flash routines in ROM (addresses in <chip>-rom.ld).  This layer
 * polls the UART: bytes are taken from the RX FIFO in the main loop,
 * between flash pages, between reads and while sending.  A ROM erase
 * blocks for tens of milliseconds, longer than the 128-byte FIFO lasts, so
 * the core erases a block's region before acknowledging it
 * (erase_before_ack) and only programming overlaps the next block.
 *
 * Not yet checked on silicon or on an emulated ROM: these images are not
 * compiled into Kiln (docs/stub.md); --stub uploads them.
 */
#include "kstub.h"

#if defined (KSTUB_CHIP_ESP32C3)
# define TARGET KSTUB_TARGET_ESP32C3
#elif defined (KSTUB_CHIP_ESP32C6)
# define TARGET KSTUB_TARGET_ESP32C6
#elif defined (KSTUB_CHIP_ESP32H2)
# define TARGET KSTUB_TARGET_ESP32H2
#else
# error "build with -DKSTUB_CHIP_ESP32C3, _ESP32C6 or _ESP32H2"
#endif

/* UART0 on all three: the FIFO, the divider (integer [11:0], sixteenths
 * [23:20]) and the status with both FIFO counts. */
#define UART0        0x60000000u
#define UART_FIFO    (UART0 + 0x00)
#define UART_CLKDIV  (UART0 + 0x14)
#define UART_STATUS  (UART0 + 0x1C)
#define FIFO_SIZE    128u
#define FLASH_MAX    (16u * 1024 * 1024)

#define REG(a) (*(volatile uint32_t *) (a))

extern int  esp_rom_spiflash_read (uint32_t addr, uint32_t *dst, int32_t len);
extern int  esp_rom_spiflash_write (uint32_t addr, const uint32_t *src, int32_t len);
extern int  esp_rom_spiflash_erase_sector (uint32_t sector);
extern int  esp_rom_spiflash_erase_block (uint32_t block);
extern int  esp_rom_spiflash_unlock (void);
extern int  esp_rom_spiflash_config_param (uint32_t id, uint32_t size, uint32_t block,
                                           uint32_t sector, uint32_t page, uint32_t mask);
extern void esp_rom_spiflash_attach (uint32_t config, int legacy);
extern void ets_delay_us (uint32_t us);
extern void uart_div_modify (uint8_t uart, uint32_t div16);
extern void software_reset (void);

extern uint8_t _bss_start[], _bss_end[];

KSTUB_ID_BLOCK (TARGET);

static kstub core;
static uint32_t bounce[256 / 4 + 2];
static uint32_t flash_size = FLASH_MAX;

void *memcpy (void *dst, const void *src, size_t n);
void *memset (void *dst, int v, size_t n);

void *
memcpy (void       *dst,
        const void *src,
        size_t      n)
{
  kstub_copy (dst, src, (uint32_t) n);
  return dst;
}

void *
memset (void   *dst,
        int     v,
        size_t  n)
{
  kstub_fill (dst, (uint8_t) v, (uint32_t) n);
  return dst;
}

/* Everything waiting in the RX FIFO into the core. */
static void
rx_poll (void)
{
  uint32_t n = REG (UART_STATUS) & 0xFF;

  while (n-- > 0)
    kstub_rx_byte (&core, (uint8_t) REG (UART_FIFO));
}

void
kstub_port_tx (void          *port,
               const uint8_t *data,
               uint32_t       len)
{
  while (len-- > 0)
    {
      while (((REG (UART_STATUS) >> 16) & 0xFF) >= FIFO_SIZE - 2)
        rx_poll ();
      REG (UART_FIFO) = *data++;
    }
  rx_poll ();
}

void
kstub_port_tx_drain (void *port)
{
  while ((REG (UART_STATUS) >> 16) & 0xFF)
    rx_poll ();
  ets_delay_us (200);
}

/* (a × b + c / 2) / c without a 64-bit divide (no libgcc here): the
 * product is formed in 64 bits, then divided by shift and subtract. */
static uint32_t
mul_div (uint32_t a,
         uint32_t b,
         uint32_t c)
{
  uint64_t n = (uint64_t) a * b + c / 2;
  uint32_t hi = (uint32_t) (n >> 32), lo = (uint32_t) n;
  uint32_t q = 0, r = 0;     /* r < c < 2^31: r × 2 + 1 fits */

  for (int i = 63; i >= 0; i--)
    {
      uint32_t bit = i >= 32 ? (hi >> (i - 32)) & 1 : (lo >> i) & 1;

      r = (r << 1) | bit;
      if (r >= c)
        {
          r -= c;
          if (i < 32)
            q |= 1u << i;
        }
    }
  return q;
}

void
kstub_port_set_baud (void     *port,
                     uint32_t  new_baud,
                     uint32_t  old_baud)
{
  uint32_t reg = REG (UART_CLKDIV);
  uint32_t div16 = ((reg & 0xFFF) << 4) | ((reg >> 20) & 0xF);

  if (new_baud < 300 || old_baud == 0 || div16 == 0)
    return;
  /* scale what the ROM's autobaud found by the rates the host names */
  div16 = mul_div (div16, old_baud, new_baud);
  uart_div_modify (0, div16);
}

int
kstub_port_flash_read (void     *port,
                       uint32_t  addr,
                       uint8_t  *buf,
                       uint32_t  len)
{
  uint8_t *b = (uint8_t *) bounce;

  while (len > 0)
    {
      uint32_t a0 = addr & ~3u, pre = addr - a0;
      uint32_t n = len < 256 ? len : 256;
      uint32_t total = (pre + n + 3) & ~3u;

      if (esp_rom_spiflash_read (a0, bounce, (int32_t) total) != 0)
        return -1;
      kstub_copy (buf, b + pre, n);
      buf += n;
      addr += n;
      len -= n;
      rx_poll ();
    }
  return 0;
}

int
kstub_port_flash_write (void          *port,
                        uint32_t       addr,
                        const uint8_t *buf,
                        uint32_t       len)
{
  uint8_t *b = (uint8_t *) bounce;

  while (len > 0)
    {
      uint32_t room = 256 - (addr & 255);
      uint32_t n = len < room ? len : room;
      uint32_t a0 = addr & ~3u, pre = addr - a0;
      uint32_t total = (pre + n + 3) & ~3u;

      bounce[0] = 0xFFFFFFFFu;
      bounce[(total - 1) / 4] = 0xFFFFFFFFu;
      kstub_copy (b + pre, buf, n);
      if (esp_rom_spiflash_write (a0, bounce, (int32_t) total) != 0)
        return -1;
      buf += n;
      addr += n;
      len -= n;
      rx_poll ();
    }
  return 0;
}

int
kstub_port_erase_sector (void     *port,
                         uint32_t  addr)
{
  int r = esp_rom_spiflash_erase_sector (addr / KSTUB_SECTOR);
  rx_poll ();
  return r == 0 ? 0 : -1;
}

int
kstub_port_erase_block (void     *port,
                        uint32_t  addr)
{
  int r = esp_rom_spiflash_erase_block (addr / KSTUB_BLOCK64);
  rx_poll ();
  return r == 0 ? 0 : -1;
}

int
kstub_port_erase_chip (void *port)
{
  for (uint32_t a = 0; a < flash_size; a += KSTUB_BLOCK64)
    if (kstub_port_erase_block (port, a) != 0)
      return -1;
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
  esp_rom_spiflash_attach (config, 0);
  esp_rom_spiflash_unlock ();
  return 0;
}

void
kstub_port_spi_params (void           *port,
                       const uint32_t  p[6])
{
  flash_size = p[1];
  esp_rom_spiflash_config_param (p[0], p[1], p[2], p[3], p[4], p[5]);
}

uint32_t
kstub_port_read_reg (void     *port,
                     uint32_t  addr)
{
  return REG (addr);
}

void
kstub_port_write_reg (void     *port,
                      uint32_t  addr,
                      uint32_t  value)
{
  REG (addr) = value;
}

void
kstub_port_delay_us (void     *port,
                     uint32_t  us)
{
  ets_delay_us (us);
}

/* MEM_* may load above the stub's data, below the ROM's area. */
int
kstub_port_mem_begin (void     *port,
                      uint32_t  addr,
                      uint32_t  size)
{
  uint32_t end = addr + size;

  if (end < addr || addr < (uint32_t) _bss_end)
    return -1;
  return end <= (uint32_t) _bss_end + 0x20000u ? 0 : -1;
}

void
kstub_port_mem_write (void          *port,
                      uint32_t       addr,
                      const uint8_t *data,
                      uint32_t       len)
{
  kstub_copy ((void *) addr, data, len);
}

void
kstub_port_mem_jump (void     *port,
                     uint32_t  entry)
{
  ((void (*) (void)) entry) ();
  for (;;)
    ;
}

void
kstub_port_reboot (void *port)
{
  software_reset ();
}

void
kstub_port_run_user_code (void *port)
{
  software_reset ();
}

__attribute__ ((section (".entry.text"), noreturn)) void kstub_entry (void);

void
kstub_entry (void)
{
  for (uint32_t *p = (uint32_t *) _bss_start; p < (uint32_t *) _bss_end; p++)
    *p = 0;
  kstub_init (&core, 0, FLASH_MAX);
  core.erase_before_ack = 1;
  esp_rom_spiflash_config_param (0, FLASH_MAX, KSTUB_BLOCK64, KSTUB_SECTOR, 256, 0xFFFF);
  kstub_port_spi_attach (0, 0);
  kstub_greet (&core);
  for (;;)
    {
      rx_poll ();
      kstub_poll (&core);
    }
}
