/* kstub.h: Kiln's flasher stub, the portable core.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core knows the serial protocol of a flasher stub and nothing of the
 * chip it runs on.  It is driven by events so that the same code runs on
 * the chip and inside the virtual board:
 *
 *   kstub_rx_byte ()  one byte from the UART (on the chip: from the RX
 *                     interrupt; the next frame is taken in while the main
 *                     loop programs the flash);
 *   kstub_poll ()     the main loop: handles one received frame, streams
 *                     READ_FLASH packets; returns 0 when there is nothing
 *                     to do;
 *   kstub_idle ()     the main loop when kstub_poll () found nothing: one
 *                     step of background work (erasing ahead of a write
 *                     session's data); returns 0 when there is none.
 *
 * What it needs from the chip it calls through the kstub_port_* functions
 * below, which each target (stub/esp8266, stub/riscv, stub/host and the
 * virtual board) implements.  Freestanding: no libc, fixed buffers,
 * little-endian loads and stores byte by byte, no unaligned access.
 */
#ifndef KSTUB_H
#define KSTUB_H

#include <stddef.h>
#include <stdint.h>

#include "kstub-inflate.h"
#include "kstub-md5.h"

#define KSTUB_VERSION    1u
#define KSTUB_MAX_BLOCK  0x4000u
/* command header + data header + the largest block */
#define KSTUB_FRAME_MAX  (8u + 16u + KSTUB_MAX_BLOCK)
#define KSTUB_PAGE       0x100u
#define KSTUB_SECTOR     0x1000u
#define KSTUB_BLOCK64    0x10000u
/* An idle step erases one 64 KiB block, or up to this many sectors where
 * no whole block fits (about a block's erase time on the parts the stub
 * meets, and at least what one 16 KiB data block fills). */
#define KSTUB_IDLE_SECTORS 4u
#define KSTUB_TX_BUF     64u

/* The identification block every Kiln stub image carries in its data, so
 * that a host (and the virtual board) can tell Kiln's stub from another:
 * "KILNSTUB", then the stub version and the target, little-endian. */
#define KSTUB_ID_MAGIC   "KILNSTUB"
#define KSTUB_ID_SIZE    24u

/* Instantiated once by each target's chip layer, in its data segment. */
#define KSTUB_ID_BLOCK(target) \
  __attribute__ ((used, aligned (4), section (".kstub_id"))) \
  const uint8_t kstub_id[KSTUB_ID_SIZE] = { \
    'K', 'I', 'L', 'N', 'S', 'T', 'U', 'B', \
    KSTUB_VERSION & 0xFF, (KSTUB_VERSION >> 8) & 0xFF, 0, 0, \
    (target) & 0xFF, 0, 0, 0, \
    0, 0, 0, 0, 0, 0, 0, 0 }

enum
{
  KSTUB_TARGET_HOST = 0,
  KSTUB_TARGET_ESP8266 = 1,
  KSTUB_TARGET_ESP32C3 = 2,
  KSTUB_TARGET_ESP32C6 = 3,
  KSTUB_TARGET_ESP32H2 = 4,
};

/* Status codes in the first reply status byte. */
enum
{
  KSTUB_OK = 0x00,
  KSTUB_BAD_DATA_LEN = 0xC0,
  KSTUB_BAD_CHECKSUM = 0xC1,
  KSTUB_BAD_BLOCKSIZE = 0xC2,
  KSTUB_INVALID_COMMAND = 0xC3,
  KSTUB_FAILED_SPI_OP = 0xC4,
  KSTUB_NOT_IN_FLASH_MODE = 0xC6,
  KSTUB_INFLATE_ERROR = 0xC7,
  KSTUB_NOT_ENOUGH_DATA = 0xC8,
  KSTUB_TOO_MUCH_DATA = 0xC9,
  KSTUB_CMD_NOT_IMPLEMENTED = 0xFF,
};

enum
{
  KSTUB_OP_FLASH_BEGIN = 0x02,
  KSTUB_OP_FLASH_DATA = 0x03,
  KSTUB_OP_FLASH_END = 0x04,
  KSTUB_OP_MEM_BEGIN = 0x05,
  KSTUB_OP_MEM_END = 0x06,
  KSTUB_OP_MEM_DATA = 0x07,
  KSTUB_OP_SYNC = 0x08,
  KSTUB_OP_WRITE_REG = 0x09,
  KSTUB_OP_READ_REG = 0x0A,
  KSTUB_OP_SPI_SET_PARAMS = 0x0B,
  KSTUB_OP_SPI_ATTACH = 0x0D,
  KSTUB_OP_CHANGE_BAUDRATE = 0x0F,
  KSTUB_OP_FLASH_DEFL_BEGIN = 0x10,
  KSTUB_OP_FLASH_DEFL_DATA = 0x11,
  KSTUB_OP_FLASH_DEFL_END = 0x12,
  KSTUB_OP_SPI_FLASH_MD5 = 0x13,
  KSTUB_OP_ERASE_FLASH = 0xD0,
  KSTUB_OP_ERASE_REGION = 0xD1,
  KSTUB_OP_READ_FLASH = 0xD2,
  KSTUB_OP_RUN_USER_CODE = 0xD3,
};

/* A receive buffer: the interrupt side fills it, the main loop empties it.
 * Two of them: one frame is handled while the next one comes in. */
typedef struct
{
  uint8_t           data[KSTUB_FRAME_MAX];
  uint32_t          len;
  volatile uint8_t  state;      /* KSTUB_RX_* */
  uint8_t           overlong;   /* more bytes came than fit */
  uint8_t           acked;      /* answered on arrival (kstub_early_ack) */
} kstub_rxbuf;

enum
{
  KSTUB_RX_FREE = 0,
  KSTUB_RX_FILLING = 1,
  KSTUB_RX_READY = 2,
};

typedef struct
{
  int       active;
  int       compressed;
  uint32_t  offset;         /* flash address of the first byte */
  uint32_t  size;           /* bytes to write (inflated size when compressed) */
  uint32_t  block_size;
  uint32_t  next_seq;
  uint32_t  written;        /* bytes programmed so far */
  uint32_t  erased_to;      /* erased this session from the region's first
                             * sector up to here; nothing above is touched */
  uint32_t  erase_end;      /* end of the region, rounded up to a sector */
  uint8_t   error;          /* a failure after the block was acknowledged */
} kstub_write;

typedef struct
{
  int       active;
  uint32_t  offset;
  uint32_t  len;
  uint32_t  sent;
  uint32_t  acked;
  uint32_t  packet;
  uint32_t  window;
} kstub_read;

typedef struct
{
  int       active;
  uint32_t  addr;
  uint32_t  size;
  uint32_t  block_size;
} kstub_mem;

typedef struct kstub
{
  void             *port;         /* handed back to every kstub_port_* call */

  /* receiving (interrupt side) */
  kstub_rxbuf       rx[2];
  volatile uint32_t rx_head;      /* buffer being filled: rx[rx_head & 1] */
  volatile uint32_t rx_tail;      /* next frame to handle: rx[rx_tail & 1] */
  uint8_t           rx_in_frame;
  uint8_t           rx_escape;
  uint8_t           rx_discard;   /* a broken or unplaceable frame: skip to its end */
  volatile uint32_t rx_dropped;   /* frames lost for want of a free buffer */

  /* sending */
  uint8_t           tx[KSTUB_TX_BUF];
  uint32_t          tx_len;
  volatile uint8_t  tx_busy;      /* the main loop is inside a frame it sends */
  uint8_t           early_acked;  /* the frame being handled was answered on arrival */

  uint8_t           cur_op;       /* the command being handled */
  uint32_t          n_errors;     /* replies carrying a failure */
  uint32_t          n_checksum;   /* of which bad checksums */
  uint32_t          flash_size;   /* from SPI_SET_PARAMS */
  /* Set by a chip layer that polls its UART instead of taking an
   * interrupt: it cannot take bytes in while a ROM routine erases, so a
   * data block's region is erased before the block is acknowledged (the
   * host waits) and only programming overlaps the next block. */
  uint8_t           erase_before_ack;
  /* kstub_idle () may take one step: set each time a frame has been
   * handled, so idle erasing is spread one step between two frames. */
  uint8_t           idle_step;
  kstub_write       wr;
  kstub_read        rd;
  kstub_mem         mem;
  kstub_md5         md5;
  kstub_inflate     inf;          /* its 32 KiB window doubles as the read buffer */
} kstub;

/* ---- the core ----------------------------------------------------------- */

void     kstub_init        (kstub          *s,
                            void           *port,
                            uint32_t        flash_size);
/* Sends the greeting "OHAI". */
void     kstub_greet       (kstub          *s);
/* Interrupt side: one received byte. */
void     kstub_rx_byte     (kstub          *s,
                            uint8_t         byte);
/* Interrupt side, when @buf (frame number @index) is complete: a data
 * block of the running compressed write that the main loop will take as
 * it is is acknowledged at once (see kstub-commands.c). */
void     kstub_early_ack   (kstub          *s,
                            kstub_rxbuf    *buf,
                            uint32_t        index);
/* Main loop: one step of work; 0 when idle. */
int      kstub_poll        (kstub          *s);
/* Main loop, when kstub_poll () returned 0: erases ahead in a write
 * session (one step between two handled frames); 0 when it did nothing. */
int      kstub_idle        (kstub          *s);
/* Handles one decoded frame at once (tests and the virtual board use it
 * through kstub_poll; exposed for the unit tests). */
void     kstub_handle      (kstub          *s,
                            const uint8_t  *frame,
                            uint32_t        len,
                            int             overlong);

/* SLIP output, buffered; kstub_tx_flush () hands it to the port. */
void     kstub_tx_frame    (kstub          *s,
                            const uint8_t  *head,
                            uint32_t        head_len,
                            const uint8_t  *body,
                            uint32_t        body_len);
void     kstub_tx_flush    (kstub          *s);

/* Helpers the chip layers share. */
uint32_t kstub_le32        (const uint8_t  *p);
void     kstub_put_le32    (uint8_t        *p,
                            uint32_t        v);
void     kstub_copy        (void           *dst,
                            const void     *src,
                            uint32_t        n);
void     kstub_fill        (void           *dst,
                            uint8_t         v,
                            uint32_t        n);

/* ---- what each target provides ------------------------------------------ */

/* Bytes to the UART, in order; may block until they fit the FIFO. */
void     kstub_port_tx          (void *port, const uint8_t *data, uint32_t len);
/* Waits until everything sent has left the UART (before a baud change). */
void     kstub_port_tx_drain    (void *port);
void     kstub_port_set_baud    (void *port, uint32_t new_baud, uint32_t old_baud);

/* Flash: 0 on success.  Addresses and lengths of erases are aligned to
 * their unit; reads and writes may be any length at any address (the
 * port aligns what its hardware needs). */
int      kstub_port_flash_read  (void *port, uint32_t addr, uint8_t *buf, uint32_t len);
int      kstub_port_flash_write (void *port, uint32_t addr, const uint8_t *buf, uint32_t len);
int      kstub_port_erase_sector (void *port, uint32_t addr);
int      kstub_port_erase_block (void *port, uint32_t addr);      /* 64 KiB */
int      kstub_port_erase_chip  (void *port);
/* A write session or erase is complete (the virtual board saves its file). */
void     kstub_port_flash_done  (void *port);
int      kstub_port_spi_attach  (void *port, uint32_t config);
void     kstub_port_spi_params  (void *port, const uint32_t params[6]);

uint32_t kstub_port_read_reg    (void *port, uint32_t addr);
void     kstub_port_write_reg   (void *port, uint32_t addr, uint32_t value);
void     kstub_port_delay_us    (void *port, uint32_t us);

/* MEM_BEGIN: 0 if the range may be loaded. */
int      kstub_port_mem_begin   (void *port, uint32_t addr, uint32_t size);
void     kstub_port_mem_write   (void *port, uint32_t addr, const uint8_t *data, uint32_t len);
/* Never returns on a chip. */
void     kstub_port_mem_jump    (void *port, uint32_t entry);

/* FLASH_END with flag 0: reboot.  RUN_USER_CODE: start the firmware. */
void     kstub_port_reboot      (void *port);
void     kstub_port_run_user_code (void *port);

#endif
