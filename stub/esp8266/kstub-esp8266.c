/* kstub-esp8266.c: the ESP8266 chip layer of Kiln's stub.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the ROM loader leaves us: the CPU at its ROM clock, UART0 at the
 * rate the host synced at (autobaud), its interrupt on line 5 with the
 * ROM's own handler, the flash not necessarily attached, no cache.  The
 * stub takes the UART interrupt over (bytes go straight into the core's
 * receive buffers, so the next block arrives while the main loop programs
 * the flash), attaches the flash, tells the ROM's SPI routines the flash
 * is as large as it can be (the host narrows it with SPI_SET_PARAMS) and
 * then runs the core.  Flash access goes through the ROM's SPI routines,
 * which want word-aligned buffers and lengths: a small bounce buffer pads
 * with 0xFF, which programming leaves untouched.
 */
#include "kstub.h"

#define UART0         0x60000000u
#define UART_FIFO     (UART0 + 0x00)
#define UART_INT_ST   (UART0 + 0x08)
#define UART_INT_ENA  (UART0 + 0x0C)
#define UART_INT_CLR  (UART0 + 0x10)
#define UART_CLKDIV   (UART0 + 0x14)
#define UART_STATUS   (UART0 + 0x1C)
#define UART_CONF1    (UART0 + 0x24)

#define INT_RXFIFO_FULL  (1u << 0)
#define INT_RXFIFO_TOUT  (1u << 8)
#define UART_INUM        5
#define TXFIFO_SIZE      128u

/* The UART clock is twice the crystal's (26 MHz on nearly every board). */
#define UART_CLK_DEFAULT 52000000u
#define FLASH_MAX        (16u * 1024 * 1024)

#define REG(a) (*(volatile uint32_t *) (a))

/* ROM routines (esp8266-rom.ld) */
extern int  SPIRead (uint32_t addr, void *dst, uint32_t len);
extern int  SPIWrite (uint32_t addr, const void *src, uint32_t len);
extern int  SPIEraseSector (uint32_t sector);
extern int  SPIEraseBlock (uint32_t block);
extern int  SPIEraseChip (void);
extern int  SPIUnlock (void);
extern int  SPIParamCfg (uint32_t id, uint32_t size, uint32_t block, uint32_t sector,
                         uint32_t page, uint32_t status_mask);
extern void spi_flash_attach (void);
extern void ets_isr_attach (int inum, void (*fn) (void *), void *arg);
extern void ets_isr_mask (uint32_t mask);
extern void ets_isr_unmask (uint32_t mask);
extern void ets_delay_us (uint32_t us);
extern void ets_wdt_disable (void);
extern void _ResetVector (void);

extern uint8_t _bss_start[], _bss_end[];

KSTUB_ID_BLOCK (KSTUB_TARGET_ESP8266);

static kstub core;
static uint32_t bounce[256 / 4 + 2];

/* Compilers may call these for struct copies; the core itself does not. */
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

static void
uart_isr (void *arg)
{
  while (REG (UART_STATUS) & 0xFF)
    kstub_rx_byte (&core, (uint8_t) REG (UART_FIFO));
  REG (UART_INT_CLR) = INT_RXFIFO_FULL | INT_RXFIFO_TOUT;
}

void
kstub_port_tx (void          *port,
               const uint8_t *data,
               uint32_t       len)
{
  while (len-- > 0)
    {
      while (((REG (UART_STATUS) >> 16) & 0xFF) >= TXFIFO_SIZE - 2)
        ;
      REG (UART_FIFO) = *data++;
    }
}

void
kstub_port_tx_drain (void *port)
{
  while ((REG (UART_STATUS) >> 16) & 0xFF)
    ;
  ets_delay_us (200);           /* the last character leaves the shifter */
}

void
kstub_port_set_baud (void     *port,
                     uint32_t  new_baud,
                     uint32_t  old_baud)
{
  uint32_t div = REG (UART_CLKDIV) & 0xFFFFF;

  if (new_baud < 300)
    return;
  /* Scale the divider the ROM's autobaud found: right whatever the
   * crystal, as the host says which rate it synced at. */
  if (old_baud != 0 && div != 0)
    div = (uint32_t) (((uint64_t) div * old_baud + new_baud / 2) / new_baud);
  else
    div = (UART_CLK_DEFAULT + new_baud / 2) / new_baud;
  REG (UART_CLKDIV) = div & 0xFFFFF;
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

      if (SPIRead (a0, bounce, total) != 0)
        return -1;
      kstub_copy (buf, b + pre, n);
      buf += n;
      addr += n;
      len -= n;
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
      /* never across a 256-byte program page */
      uint32_t room = 256 - (addr & 255);
      uint32_t n = len < room ? len : room;
      uint32_t a0 = addr & ~3u, pre = addr - a0;
      uint32_t total = (pre + n + 3) & ~3u;

      bounce[0] = 0xFFFFFFFFu;
      bounce[(total - 1) / 4] = 0xFFFFFFFFu;
      kstub_copy (b + pre, buf, n);
      if (SPIWrite (a0, bounce, total) != 0)
        return -1;
      buf += n;
      addr += n;
      len -= n;
    }
  return 0;
}

int
kstub_port_erase_sector (void     *port,
                         uint32_t  addr)
{
  return SPIEraseSector (addr / KSTUB_SECTOR) == 0 ? 0 : -1;
}

int
kstub_port_erase_block (void     *port,
                        uint32_t  addr)
{
  return SPIEraseBlock (addr / KSTUB_BLOCK64) == 0 ? 0 : -1;
}

int
kstub_port_erase_chip (void *port)
{
  return SPIEraseChip () == 0 ? 0 : -1;
}

void
kstub_port_flash_done (void *port)
{
}

int
kstub_port_spi_attach (void     *port,
                       uint32_t  config)
{
  spi_flash_attach ();
  SPIUnlock ();
  return 0;
}

void
kstub_port_spi_params (void           *port,
                       const uint32_t  p[6])
{
  SPIParamCfg (p[0], p[1], p[2], p[3], p[4], p[5]);
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

/* MEM_* may load into the user DRAM and IRAM, but not over the stub. */
int
kstub_port_mem_begin (void     *port,
                      uint32_t  addr,
                      uint32_t  size)
{
  uint32_t end = addr + size;

  if (end < addr)
    return -1;
  if (addr >= 0x40108000u && end <= 0x40110000u)
    return 0;
  if (addr >= (uint32_t) _bss_end && end <= 0x3FFFC000u)
    return 0;
  return -1;
}

void
kstub_port_mem_write (void          *port,
                      uint32_t       addr,
                      const uint8_t *data,
                      uint32_t       len)
{
  /* IRAM takes only word stores */
  for (uint32_t i = 0; i + 4 <= len; i += 4)
    REG (addr + i) = kstub_le32 (data + i);
  if (len & 3)
    {
      uint8_t last[4] = { 0xFF, 0xFF, 0xFF, 0xFF };
      kstub_copy (last, data + (len & ~3u), len & 3);
      REG (addr + (len & ~3u)) = kstub_le32 (last);
    }
}

void
kstub_port_mem_jump (void     *port,
                     uint32_t  entry)
{
  ets_isr_mask (1u << UART_INUM);
  ((void (*) (void)) entry) ();
  for (;;)
    ;
}

/* Back through the ROM's reset vector: it samples the boot straps again. */
void
kstub_port_reboot (void *port)
{
  ets_isr_mask (1u << UART_INUM);
  _ResetVector ();
}

void
kstub_port_run_user_code (void *port)
{
  kstub_port_reboot (port);
}

__attribute__ ((section (".entry.text"), noreturn)) void kstub_entry (void);

void
kstub_entry (void)
{
  for (uint32_t *p = (uint32_t *) _bss_start; p < (uint32_t *) _bss_end; p++)
    *p = 0;
  ets_wdt_disable ();
  ets_isr_mask (1u << UART_INUM);
  kstub_init (&core, 0, FLASH_MAX);
  SPIParamCfg (0, FLASH_MAX, KSTUB_BLOCK64, KSTUB_SECTOR, 256, 0xFFFF);
  kstub_port_spi_attach (0, 0);
  /* RX interrupt on every byte of a slow trickle, or once 64 wait */
  REG (UART_CONF1) = (REG (UART_CONF1) & ~((0x7Fu << 24) | 0x7Fu)) | 64u | (1u << 31) | (2u << 24);
  REG (UART_INT_CLR) = 0xFFFF;
  REG (UART_INT_ENA) = INT_RXFIFO_FULL | INT_RXFIFO_TOUT;
  ets_isr_attach (UART_INUM, uart_isr, 0);
  ets_isr_unmask (1u << UART_INUM);
  kstub_greet (&core);
  /* With no frame waiting, the main loop erases ahead of a write
   * session's data; the interrupt keeps receiving meanwhile. */
  for (;;)
    if (!kstub_poll (&core))
      kstub_idle (&core);
}
