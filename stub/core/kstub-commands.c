/* kstub-commands.c: the stub's command loop.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replies carry two status bytes: 00 00, or the error code and 00.  A data
 * block is acknowledged as soon as it has been checked and then
 * programmed, so the host sends the next block while this one is written;
 * the reply to the next command therefore comes only once the flash is
 * done, and a failure found while programming is reported there.
 */
#include "kstub-write.h"

static const uint8_t greeting[4] = { 'O', 'H', 'A', 'I' };

void
kstub_init (kstub    *s,
            void     *port,
            uint32_t  flash_size)
{
  s->port = port;
  s->rx[0].state = s->rx[1].state = KSTUB_RX_FREE;
  s->rx[0].len = s->rx[1].len = 0;
  s->rx_head = s->rx_tail = 0;
  s->rx_in_frame = s->rx_escape = s->rx_discard = 0;
  s->rx_dropped = 0;
  s->tx_len = 0;
  s->cur_op = 0;
  s->n_errors = s->n_checksum = 0;
  s->flash_size = flash_size;
  s->erase_before_ack = 0;
  s->idle_step = 0;
  s->wr.active = 0;
  s->rd.active = 0;
  s->mem.active = 0;
}

void
kstub_greet (kstub *s)
{
  kstub_tx_frame (s, greeting, sizeof greeting, 0, 0);
}

static void
reply (kstub         *s,
       uint8_t        op,
       uint32_t       value,
       const uint8_t *data,
       uint32_t       len,
       uint8_t        st)
{
  uint8_t head[8];
  uint8_t tail[KSTUB_TX_BUF];
  uint32_t body = len + 2;

  if (st != KSTUB_OK)
    {
      s->n_errors++;
      if (st == KSTUB_BAD_CHECKSUM)
        s->n_checksum++;
    }

  head[0] = 0x01;
  head[1] = op;
  head[2] = (uint8_t) body;
  head[3] = (uint8_t) (body >> 8);
  kstub_put_le32 (head + 4, value);
  /* data and status go out as one piece (replies carry at most 16 bytes) */
  kstub_copy (tail, data, len);
  tail[len] = st;
  tail[len + 1] = 0;
  kstub_tx_frame (s, head, sizeof head, tail, len + 2);
}

static void
status (kstub   *s,
        uint8_t  op,
        uint8_t  st)
{
  reply (s, op, 0, 0, 0, st);
}

/* READ_FLASH and MD5 read through the inflate window, unless a compressed
 * write still needs it: then a small buffer on the stack does. */
static uint8_t *
scratch (kstub    *s,
         uint32_t *size)
{
  if (s->wr.active && s->wr.compressed)
    {
      *size = 0;
      return 0;
    }
  *size = KSTUB_WINDOW;
  return s->inf.window;
}

static void
read_pump (kstub *s)
{
  kstub_read *r = &s->rd;
  uint32_t room;
  uint8_t *buf = scratch (s, &room);

  while (r->active && r->sent < r->len && r->sent - r->acked < r->packet * r->window)
    {
      uint32_t n = r->len - r->sent < r->packet ? r->len - r->sent : r->packet;

      if (buf == 0 || n > room)
        {
          r->active = 0;        /* cannot happen: the command checked */
          return;
        }
      if (kstub_port_flash_read (s->port, r->offset + r->sent, buf, n) != 0)
        kstub_fill (buf, 0xFF, n);      /* the MD5 at the end will not match */
      kstub_md5_update (&s->md5, buf, n);
      kstub_tx_frame (s, buf, n, 0, 0);
      r->sent += n;
    }
  if (r->active && r->acked >= r->len)
    {
      uint8_t digest[16];

      kstub_md5_final (&s->md5, digest);
      kstub_tx_frame (s, digest, sizeof digest, 0, 0);
      r->active = 0;
    }
}

static void
cmd_md5 (kstub         *s,
         const uint8_t *d)
{
  uint32_t addr = kstub_le32 (d), size = kstub_le32 (d + 4), room;
  uint8_t small[64], digest[16];
  uint8_t *buf = scratch (s, &room);
  uint8_t st = KSTUB_OK;

  if (buf == 0)
    {
      buf = small;
      room = sizeof small;
    }
  kstub_md5_init (&s->md5);
  while (size > 0)
    {
      uint32_t n = size < room ? size : room;
      if (kstub_port_flash_read (s->port, addr, buf, n) != 0)
        {
          st = KSTUB_FAILED_SPI_OP;
          break;
        }
      kstub_md5_update (&s->md5, buf, n);
      addr += n;
      size -= n;
    }
  kstub_md5_final (&s->md5, digest);
  if (st != KSTUB_OK)
    status (s, KSTUB_OP_SPI_FLASH_MD5, st);
  else
    reply (s, KSTUB_OP_SPI_FLASH_MD5, 0, digest, sizeof digest, KSTUB_OK);
}

static int
sync_ok (const uint8_t *d,
         uint32_t       len)
{
  if (len != 36 || d[0] != 0x07 || d[1] != 0x07 || d[2] != 0x12 || d[3] != 0x20)
    return 0;
  for (uint32_t i = 4; i < len; i++)
    if (d[i] != 0x55)
      return 0;
  return 1;
}

static uint8_t
checksum (const uint8_t *p,
          uint32_t       n)
{
  uint8_t c = 0xEF;

  while (n-- > 0)
    c ^= *p++;
  return c;
}

/* FLASH_DATA, FLASH_DEFL_DATA: acknowledge, then program. */
static void
cmd_data (kstub         *s,
          uint8_t        op,
          const uint8_t *d,
          uint32_t       len,
          uint32_t       sum)
{
  uint32_t n, seq;
  uint8_t st;
  int skip;

  if (!s->wr.active || s->wr.compressed != (op == KSTUB_OP_FLASH_DEFL_DATA))
    {
      status (s, op, KSTUB_NOT_IN_FLASH_MODE);
      return;
    }
  if (len < 16 || kstub_le32 (d) != len - 16)
    {
      status (s, op, KSTUB_BAD_DATA_LEN);
      return;
    }
  n = len - 16;
  if (checksum (d + 16, n) != (uint8_t) sum)
    {
      status (s, op, KSTUB_BAD_CHECKSUM);
      return;
    }
  seq = kstub_le32 (d + 4);
  st = kstub_write_accept (s, seq, n, &skip);
  if (st == KSTUB_OK && !skip && s->erase_before_ack)
    {
      kstub_write_prepare (s, seq, n);
      st = s->wr.error;
    }
  /* Answered on arrival already: that answer was OK, and a failure since
   * (an idle erase) is kept for FLASH_DEFL_END, as for any block
   * acknowledged before it is programmed. */
  if (!s->early_acked)
    status (s, op, st);
  if (st == KSTUB_OK && !skip)
    kstub_write_block (s, seq, d + 16, n);
}

/*
 * While the main loop is held by a ROM routine (an idle erase takes 150 ms
 * on common parts), a data block that has come in completely would wait
 * for it to be acknowledged, and the host sends nothing until then.  When
 * nothing is queued before the block, the main loop is not sending, and
 * the block is the next one of the running compressed write, well formed
 * and with the right checksum, the main loop will accept it as it is: the
 * interrupt acknowledges it at once, and the next block comes into the
 * other buffer meanwhile.  The host still has at most two blocks
 * unanswered by the main loop, one per buffer, so nothing is lost however
 * long an erase takes.  Anything else is left to the main loop.
 */
void
kstub_early_ack (kstub       *s,
                 kstub_rxbuf *buf,
                 uint32_t     index)
{
  const uint8_t *f = buf->data;
  uint32_t size;

  if (s->erase_before_ack || s->tx_busy || index != s->rx_tail || s->rd.active)
    return;
  if (!s->wr.active || !s->wr.compressed || s->wr.error != KSTUB_OK)
    return;
  if (buf->overlong || buf->len < 8 + 16 || f[0] != 0x00 || f[1] != KSTUB_OP_FLASH_DEFL_DATA)
    return;
  size = (uint32_t) (f[2] | f[3] << 8);
  if (buf->len != 8 + size || kstub_le32 (f + 8) != size - 16 ||
      kstub_le32 (f + 12) != s->wr.next_seq ||
      checksum (f + 24, size - 16) != (uint8_t) kstub_le32 (f + 4))
    return;
  status (s, KSTUB_OP_FLASH_DEFL_DATA, KSTUB_OK);
  buf->acked = 1;
}

static void
cmd_mem (kstub         *s,
         uint8_t        op,
         const uint8_t *d,
         uint32_t       len,
         uint32_t       sum)
{
  kstub_mem *m = &s->mem;

  if (op == KSTUB_OP_MEM_BEGIN)
    {
      if (len != 16)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          return;
        }
      m->size = kstub_le32 (d);
      m->block_size = kstub_le32 (d + 8);
      m->addr = kstub_le32 (d + 12);
      if (kstub_port_mem_begin (s->port, m->addr, m->size) != 0)
        {
          m->active = 0;
          status (s, op, KSTUB_BAD_DATA_LEN);
          return;
        }
      m->active = 1;
      status (s, op, KSTUB_OK);
    }
  else if (op == KSTUB_OP_MEM_DATA)
    {
      uint32_t pos, n;

      if (len < 16 || kstub_le32 (d) != len - 16)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          return;
        }
      n = len - 16;
      if (checksum (d + 16, n) != (uint8_t) sum)
        {
          status (s, op, KSTUB_BAD_CHECKSUM);
          return;
        }
      if (!m->active)
        {
          status (s, op, KSTUB_NOT_IN_FLASH_MODE);
          return;
        }
      pos = kstub_le32 (d + 4) * m->block_size;
      if (pos > m->size || n > m->size - pos)
        {
          status (s, op, KSTUB_TOO_MUCH_DATA);
          return;
        }
      kstub_port_mem_write (s->port, m->addr + pos, d + 16, n);
      status (s, op, KSTUB_OK);
    }
  else
    {
      if (len != 8)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          return;
        }
      status (s, op, KSTUB_OK);
      if (kstub_le32 (d) == 0)
        {
          kstub_port_tx_drain (s->port);
          kstub_port_mem_jump (s->port, kstub_le32 (d + 4));
        }
    }
}

static void
dispatch (kstub         *s,
          uint8_t        op,
          const uint8_t *d,
          uint32_t       len,
          uint32_t       sum)
{
  switch (op)
    {
    case KSTUB_OP_SYNC:
      if (!sync_ok (d, len))
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          break;
        }
      for (unsigned i = 0; i < 8; i++)
        status (s, op, KSTUB_OK);
      break;

    case KSTUB_OP_READ_REG:
      if (len != 4)
        status (s, op, KSTUB_BAD_DATA_LEN);
      else
        reply (s, op, kstub_port_read_reg (s->port, kstub_le32 (d)), 0, 0, KSTUB_OK);
      break;

    case KSTUB_OP_WRITE_REG:
      if (len == 0 || len % 16 != 0)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          break;
        }
      for (uint32_t i = 0; i < len; i += 16)
        {
          uint32_t addr = kstub_le32 (d + i), value = kstub_le32 (d + i + 4);
          uint32_t mask = kstub_le32 (d + i + 8), delay = kstub_le32 (d + i + 12);

          if (delay != 0)
            kstub_port_delay_us (s->port, delay);
          if (mask != 0xFFFFFFFFu)
            value = (value & mask) | (kstub_port_read_reg (s->port, addr) & ~mask);
          kstub_port_write_reg (s->port, addr, value);
        }
      status (s, op, KSTUB_OK);
      break;

    case KSTUB_OP_FLASH_BEGIN:
    case KSTUB_OP_FLASH_DEFL_BEGIN:
      if (len != 16 && len != 20)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          break;
        }
      {
        uint32_t size = kstub_le32 (d), block = kstub_le32 (d + 8), offset = kstub_le32 (d + 12);

        if (block > KSTUB_MAX_BLOCK || (op == KSTUB_OP_FLASH_BEGIN && block == 0))
          {
            status (s, op, KSTUB_BAD_BLOCKSIZE);
            break;
          }
        if (offset > s->flash_size || size > s->flash_size - offset)
          {
            status (s, op, KSTUB_BAD_DATA_LEN);
            break;
          }
        kstub_write_begin (s, op == KSTUB_OP_FLASH_DEFL_BEGIN, size, block, offset);
        status (s, op, KSTUB_OK);
      }
      break;

    case KSTUB_OP_FLASH_DATA:
    case KSTUB_OP_FLASH_DEFL_DATA:
      cmd_data (s, op, d, len, sum);
      break;

    case KSTUB_OP_FLASH_END:
    case KSTUB_OP_FLASH_DEFL_END:
      if (len != 4)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          break;
        }
      if (s->wr.active && s->wr.compressed != (op == KSTUB_OP_FLASH_DEFL_END))
        {
          status (s, op, KSTUB_NOT_IN_FLASH_MODE);
          break;
        }
      {
        uint8_t st = kstub_write_end (s);
        status (s, op, st);
        kstub_port_flash_done (s->port);
        if (kstub_le32 (d) == 0)
          {
            kstub_port_tx_drain (s->port);
            kstub_port_reboot (s->port);
          }
      }
      break;

    case KSTUB_OP_MEM_BEGIN:
    case KSTUB_OP_MEM_DATA:
    case KSTUB_OP_MEM_END:
      cmd_mem (s, op, d, len, sum);
      break;

    case KSTUB_OP_SPI_SET_PARAMS:
      if (len != 24)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          break;
        }
      {
        uint32_t p[6];
        for (unsigned i = 0; i < 6; i++)
          p[i] = kstub_le32 (d + 4 * i);
        s->flash_size = p[1];
        kstub_port_spi_params (s->port, p);
        status (s, op, KSTUB_OK);
      }
      break;

    case KSTUB_OP_SPI_ATTACH:
      if (len != 4)
        status (s, op, KSTUB_BAD_DATA_LEN);
      else
        status (s, op, kstub_port_spi_attach (s->port, kstub_le32 (d)) == 0
                       ? KSTUB_OK : KSTUB_FAILED_SPI_OP);
      break;

    case KSTUB_OP_CHANGE_BAUDRATE:
      if (len != 8)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          break;
        }
      /* answered at the old rate, then switched */
      status (s, op, KSTUB_OK);
      kstub_port_tx_drain (s->port);
      kstub_port_set_baud (s->port, kstub_le32 (d), kstub_le32 (d + 4));
      break;

    case KSTUB_OP_SPI_FLASH_MD5:
      if (len != 16)
        status (s, op, KSTUB_BAD_DATA_LEN);
      else
        cmd_md5 (s, d);
      break;

    case KSTUB_OP_ERASE_FLASH:
      status (s, op, kstub_port_erase_chip (s->port) == 0 ? KSTUB_OK : KSTUB_FAILED_SPI_OP);
      kstub_port_flash_done (s->port);
      break;

    case KSTUB_OP_ERASE_REGION:
      if (len != 8)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          break;
        }
      {
        uint32_t offset = kstub_le32 (d), size = kstub_le32 (d + 4);

        if ((offset | size) & (KSTUB_SECTOR - 1))
          {
            status (s, op, KSTUB_BAD_DATA_LEN);
            break;
          }
        status (s, op, kstub_erase_range (s, offset, size) == 0 ? KSTUB_OK : KSTUB_FAILED_SPI_OP);
        kstub_port_flash_done (s->port);
      }
      break;

    case KSTUB_OP_READ_FLASH:
      if (len != 16)
        {
          status (s, op, KSTUB_BAD_DATA_LEN);
          break;
        }
      {
        uint32_t packet = kstub_le32 (d + 8), window = kstub_le32 (d + 12), room;

        scratch (s, &room);
        if (packet == 0 || packet > KSTUB_MAX_BLOCK || packet > room)
          {
            status (s, op, KSTUB_BAD_DATA_LEN);
            break;
          }
        status (s, op, KSTUB_OK);
        s->rd.active = 1;
        s->rd.offset = kstub_le32 (d);
        s->rd.len = kstub_le32 (d + 4);
        s->rd.sent = s->rd.acked = 0;
        s->rd.packet = packet;
        /* in flight: packet × window stays far below 2^32 */
        s->rd.window = window == 0 ? 1 : window > 64 ? 64 : window;
        kstub_md5_init (&s->md5);
        read_pump (s);
      }
      break;

    case KSTUB_OP_RUN_USER_CODE:
      kstub_port_tx_drain (s->port);
      kstub_port_run_user_code (s->port);
      break;

    default:
      status (s, op, KSTUB_CMD_NOT_IMPLEMENTED);
      break;
    }
}

void
kstub_handle (kstub         *s,
              const uint8_t *frame,
              uint32_t       len,
              int            overlong)
{
  uint32_t dlen;

  if (s->rd.active)
    {
      /* While READ_FLASH streams, a 4-byte frame acknowledges data;
       * anything else ends the stream and is taken as a command. */
      if (len == 4 && !overlong)
        {
          uint32_t acked = kstub_le32 (frame);
          if (acked > s->rd.acked && acked <= s->rd.sent)
            s->rd.acked = acked;
          read_pump (s);
          return;
        }
      s->rd.active = 0;
    }
  if (len < 8 || frame[0] != 0x00)
    return;
  s->cur_op = frame[1];
  dlen = len - 8;
  if (overlong || (uint32_t) (frame[2] | frame[3] << 8) != dlen)
    status (s, frame[1], KSTUB_BAD_DATA_LEN);
  else
    dispatch (s, frame[1], frame + 8, dlen, kstub_le32 (frame + 4));
  s->cur_op = 0;
}

int
kstub_poll (kstub *s)
{
  kstub_rxbuf *buf = &s->rx[s->rx_tail & 1];

  if (buf->state != KSTUB_RX_READY)
    return 0;
  /* the interrupt side filled the buffer before it set the state */
  __asm__ volatile ("" ::: "memory");
  s->early_acked = buf->acked;
  kstub_handle (s, buf->data, buf->len, buf->overlong);
  s->early_acked = 0;
  buf->state = KSTUB_RX_FREE;
  s->rx_tail++;
  s->idle_step = 1;
  return 1;
}

int
kstub_idle (kstub *s)
{
  /* A chip layer that polls its UART cannot take bytes in while a ROM
   * routine erases, and the host sends the next block as soon as this one
   * is acknowledged: it erases before acknowledging instead. */
  if (s->erase_before_ack || !s->idle_step)
    return 0;
  s->idle_step = 0;
  return kstub_write_idle (s);
}
