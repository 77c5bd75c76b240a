/* kstub-slip.c: SLIP framing both ways, and the two receive buffers.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kstub_rx_byte () runs in the UART interrupt on a chip: it decodes into
 * whichever of the two buffers is free, so a whole block can arrive while
 * the main loop still programs the previous one.  A frame that finds no
 * free buffer, or that breaks the escape rules, is dropped; the host
 * repeats a command that got no answer.
 */
#include "kstub.h"

#define END      0xC0
#define ESC      0xDB
#define ESC_END  0xDC
#define ESC_ESC  0xDD

static void
abandon (kstub *s)
{
  kstub_rxbuf *buf = &s->rx[s->rx_head & 1];

  if (buf->state == KSTUB_RX_FILLING)
    buf->state = KSTUB_RX_FREE;
  s->rx_discard = 1;
}

void
kstub_rx_byte (kstub   *s,
               uint8_t  b)
{
  kstub_rxbuf *buf = &s->rx[s->rx_head & 1];

  if (b == END)
    {
      /* every END closes what came before it and opens a new frame */
      if (s->rx_in_frame && !s->rx_discard && buf->state == KSTUB_RX_FILLING && buf->len > 0)
        {
          buf->acked = 0;
          buf->state = KSTUB_RX_READY;
          s->rx_head++;
          kstub_early_ack (s, buf, s->rx_head - 1);
        }
      else if (s->rx_discard || (buf->state == KSTUB_RX_FILLING && buf->len == 0))
        abandon (s);
      s->rx_in_frame = 1;
      s->rx_escape = 0;
      s->rx_discard = 0;
      return;
    }
  if (!s->rx_in_frame || s->rx_discard)
    return;
  if (s->rx_escape)
    {
      s->rx_escape = 0;
      if (b == ESC_END)
        b = END;
      else if (b == ESC_ESC)
        b = ESC;
      else
        {
          abandon (s);
          return;
        }
    }
  else if (b == ESC)
    {
      s->rx_escape = 1;
      return;
    }
  if (buf->state != KSTUB_RX_FILLING)
    {
      if (buf->state != KSTUB_RX_FREE)
        {
          s->rx_dropped++;
          s->rx_discard = 1;
          return;
        }
      buf->len = 0;
      buf->overlong = 0;
      buf->state = KSTUB_RX_FILLING;
    }
  if (buf->len < KSTUB_FRAME_MAX)
    buf->data[buf->len++] = b;
  else
    buf->overlong = 1;
}

static void
tx_byte (kstub   *s,
         uint8_t  b)
{
  if (s->tx_len == KSTUB_TX_BUF)
    kstub_tx_flush (s);
  s->tx[s->tx_len++] = b;
}

void
kstub_tx_flush (kstub *s)
{
  if (s->tx_len > 0)
    kstub_port_tx (s->port, s->tx, s->tx_len);
  s->tx_len = 0;
}

void
kstub_tx_frame (kstub         *s,
                const uint8_t *head,
                uint32_t       head_len,
                const uint8_t *body,
                uint32_t       body_len)
{
  s->tx_busy = 1;
  tx_byte (s, END);
  for (uint32_t part = 0; part < 2; part++)
    {
      const uint8_t *p = part == 0 ? head : body;
      uint32_t n = part == 0 ? head_len : body_len;

      for (uint32_t i = 0; i < n; i++)
        {
          if (p[i] == END)
            {
              tx_byte (s, ESC);
              tx_byte (s, ESC_END);
            }
          else if (p[i] == ESC)
            {
              tx_byte (s, ESC);
              tx_byte (s, ESC_ESC);
            }
          else
            tx_byte (s, p[i]);
        }
    }
  tx_byte (s, END);
  kstub_tx_flush (s);
  s->tx_busy = 0;
}
