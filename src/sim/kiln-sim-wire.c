/* kiln-sim-wire.c: the serial line between the host and the virtual chip.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two byte queues, each byte stamped with the time it has fully crossed
 * the wire.  Without pacing that is "now"; with pacing bytes follow each
 * other at 10 bits per byte at the sender's baud, and the device's own
 * work (erasing, programming, hashing) pushes its replies later through
 * KilnSim.busy_until.  The device runs in its own thread and handles the
 * host's bytes in arrival order, stamping what it sends from the arrival
 * time of what it answers; a host read waits on a GCond until exactly the
 * first byte's arrival or its own deadline, never polling.
 *
 * When the two ends disagree on the baud the receiver sees garbage: the
 * sender's bit stream is re-sampled by a model UART at the receiver's rate
 * (kiln_sim_uart_resample), which gives a deterministic byte count and
 * content, much like a terminal set to the wrong speed.
 *
 * The faults of the fault= option that concern the line (drop, corrupt,
 * corrupt-reply, disconnect, noise) live here; stall and reset are applied
 * when the device thread reaches the byte.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-sim-private.h"

/* Bytes the host may have "in the OS buffer" before a paced write blocks,
 * like a tty's transmit buffer. */
#define HOST_TX_BUFFER 4096
/* Output nobody has read yet while no port was ever opened (the power-on
 * log of a board not yet plugged in) is capped here. */
#define PREOPEN_CAP (64 * 1024)
/* A paced device thread handles bytes up to this much early so that it
 * wakes at most about once a millisecond; replies keep exact timestamps. */
#define DEVICE_HORIZON_US 2000

static gint64
wire_time_us (guint   baud,
              guint64 n_bytes)
{
  if (baud == 0)
    return 0;
  return (gint64) (n_bytes * 10 * G_USEC_PER_SEC / baud);
}

static int
line_level (const guint8 *in,
            guint64       nbits,
            guint64       k)
{
  guint bit;

  if (k >= nbits)
    return 1;                   /* idle line */
  bit = (guint) (k % 10);
  if (bit == 0)
    return 0;                   /* start bit */
  if (bit == 9)
    return 1;                   /* stop bit */
  return (in[k / 10] >> (bit - 1)) & 1;
}

/**
 * kiln_sim_uart_resample:
 * @in: bytes sent back to back at @tx_baud (8N1)
 * @out: what a UART listening at @rx_baud receives
 *
 * Models the receiving UART: it waits for a falling edge, checks the start
 * bit half a bit later, samples eight data bits and the stop bit in their
 * middles, and then looks for the next falling edge.  Times are counted in
 * units of 1 / (2 · tx · rx) s so that everything stays integral.
 */
void
kiln_sim_uart_resample (const guint8 *in,
                        gsize         n,
                        guint         tx_baud,
                        guint         rx_baud,
                        GByteArray   *out)
{
  guint64 sender_bit = 2 * (guint64) rx_baud;
  guint64 receiver_bit = 2 * (guint64) tx_baud;
  guint64 nbits = (guint64) n * 10;
  guint64 t = 0;

  for (;;)
    {
      guint64 k = (t + sender_bit - 1) / sender_bit;
      guint64 edge, mid;
      guint8 v = 0;

      for (; k < nbits; k++)
        {
          int prev = k == 0 ? 1 : line_level (in, nbits, k - 1);
          if (prev == 1 && line_level (in, nbits, k) == 0)
            break;
        }
      if (k >= nbits)
        break;
      edge = k * sender_bit;
      mid = edge + receiver_bit / 2;
      if (line_level (in, nbits, mid / sender_bit) != 0)
        {
          t = edge + 1;         /* a glitch, not a start bit */
          continue;
        }
      for (guint j = 1; j <= 8; j++)
        v |= (guint8) (line_level (in, nbits, (mid + j * receiver_bit) / sender_bit) << (j - 1));
      g_byte_array_append (out, &v, 1);
      t = mid + 9 * receiver_bit;
    }
}

/* The ROM measures the baud from a SYNC's 0x07 0x07 0x12 0x20 0x55…. */
gboolean
kiln_sim_has_sync_pattern (const guint8 *data,
                           gsize         len)
{
  static const guint8 pattern[] = { 0x07, 0x07, 0x12, 0x20, 0x55, 0x55, 0x55, 0x55 };

  if (len < sizeof pattern)
    return FALSE;
  for (gsize i = 0; i + sizeof pattern <= len; i++)
    if (memcmp (data + i, pattern, sizeof pattern) == 0)
      return TRUE;
  return FALSE;
}

static void
queue_compact (GArray *q,
               guint  *head)
{
  if (*head > 4096 && *head * 2 > q->len)
    {
      g_array_remove_range (q, 0, *head);
      *head = 0;
    }
  else if (*head == q->len)
    {
      g_array_set_size (q, 0);
      *head = 0;
    }
}

static KilnSimFault *
find_fault (KilnSim          *sim,
            KilnSimFaultKind  kind,
            guint64           n)
{
  for (guint i = 0; i < sim->opts.faults->len; i++)
    {
      KilnSimFault *f = &g_array_index (sim->opts.faults, KilnSimFault, i);
      if (f->kind == kind && !f->fired && f->n == n)
        return f;
    }
  return NULL;
}

static void
fire (KilnSim      *sim,
      KilnSimFault *f)
{
  f->fired = TRUE;
  sim->stats.faults_fired++;
}

/**
 * kiln_sim_fault_due:
 *
 * Fires and returns the first fault of @kind armed at byte @n or earlier
 * that has not fired yet: for faults that wait for something (an escape
 * sequence, the end of a frame) rather than strike one exact byte.
 */
KilnSimFault *
kiln_sim_fault_due (KilnSim          *sim,
                    KilnSimFaultKind  kind,
                    guint64           n)
{
  for (guint i = 0; i < sim->opts.faults->len; i++)
    {
      KilnSimFault *f = &g_array_index (sim->opts.faults, KilnSimFault, i);
      if (f->kind == kind && !f->fired && f->n <= n)
        {
          fire (sim, f);
          return f;
        }
    }
  return NULL;
}

void
kiln_sim_wire_init (KilnSim *sim)
{
  sim->h2d = g_array_new (FALSE, FALSE, sizeof (KilnSimByte));
  sim->d2h = g_array_new (FALSE, FALSE, sizeof (KilnSimByte));
  for (guint i = 0; i < sim->opts.faults->len; i++)
    {
      KilnSimFault *f = &g_array_index (sim->opts.faults, KilnSimFault, i);
      if (f->kind == KILN_SIM_FAULT_NOISE)
        {
          sim->noise_pending = (guint) MIN (f->n, 65536);
          fire (sim, f);
        }
    }
}

void
kiln_sim_wire_clear (KilnSim *sim)
{
  g_clear_pointer (&sim->h2d, g_array_unref);
  g_clear_pointer (&sim->d2h, g_array_unref);
}

/* ---- device side ------------------------------------------------------ */

/* max-baud=: a link that cannot hold @rate garbles everything sent at it. */
static gboolean
over_limit (KilnSim *sim,
            guint    rate)
{
  return sim->opts.max_baud != 0 && rate > sim->opts.max_baud;
}

/* The rate a receiver set to @rx really samples a sender at @tx: over the
 * link's limit it is as if the receiver ran 8 % slow, more than a UART
 * tolerates. */
static guint
effective_rx (KilnSim *sim,
              guint    tx,
              guint    rx)
{
  if (over_limit (sim, tx) && tx == rx)
    return (guint) ((guint64) rx * 92 / 100);
  return rx;
}

static void
push_d2h (KilnSim *sim,
          guint8   b,
          gint64   t)
{
  KilnSimByte e = { t, 0, b };
  KilnSimFault *f = find_fault (sim, KILN_SIM_FAULT_CORRUPT_REPLY, sim->stats.bytes_sent + 1);

  if (f != NULL)
    {
      e.b ^= 0x01;
      fire (sim, f);
    }
  sim->stats.bytes_sent++;
  g_array_append_val (sim->d2h, e);
}

/**
 * kiln_sim_emit:
 *
 * The chip's UART sends @data at its current baud, starting when the chip
 * is done with what it is doing.  Nothing is heard while the port is
 * closed, except before the first open (see kiln_sim_host_attach()).
 */
void
kiln_sim_emit (KilnSim      *sim,
               const guint8 *data,
               gsize         len)
{
  g_autoptr(GByteArray) garbled = NULL;
  const guint8 *wire = data;
  gsize wire_len = len;
  guint rx_baud = effective_rx (sim, sim->baud, sim->follow_baud ? sim->baud : sim->host_baud);
  gint64 start, span;

  if (len == 0 || (!sim->open && sim->ever_opened))
    return;

  start = MAX (sim->now, sim->busy_until);
  start = MAX (start, sim->d2h_tail);
  span = sim->opts.pace ? wire_time_us (sim->baud, len) : 0;

  if (rx_baud != sim->baud)
    {
      garbled = g_byte_array_new ();
      kiln_sim_uart_resample (data, len, sim->baud, rx_baud, garbled);
      wire = garbled->data;
      wire_len = garbled->len;
      sim->stats.garbled_bytes += wire_len;
    }

  for (gsize i = 0; i < wire_len; i++)
    push_d2h (sim, wire[i], start + (gint64) ((i + 1) * (guint64) span / wire_len));
  sim->d2h_tail = start + span;

  if (!sim->ever_opened && sim->d2h->len - sim->d2h_head > PREOPEN_CAP)
    {
      guint excess = sim->d2h->len - sim->d2h_head - PREOPEN_CAP;
      sim->d2h_head += excess;
      queue_compact (sim->d2h, &sim->d2h_head);
    }
  g_cond_broadcast (&sim->host_cond);
}

void
kiln_sim_emit_str (KilnSim    *sim,
                   const char *text)
{
  kiln_sim_emit (sim, (const guint8 *) text, strlen (text));
}

/* A SLIP frame to the host; the noise fault goes in front of the first. */
void
kiln_sim_send_frame (KilnSim      *sim,
                     const guint8 *data,
                     gsize         len)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new ((guint) len + 16);

  if (sim->noise_pending > 0)
    {
      guint32 x = 0x2545F491;

      for (guint i = 0; i < sim->noise_pending; i++)
        {
          guint8 b;

          /* xorshift: deterministic garbage that never looks like SLIP */
          do
            {
              x ^= x << 13;
              x ^= x >> 17;
              x ^= x << 5;
              b = (guint8) x;
            }
          while (b == KILN_SLIP_END || b == KILN_SLIP_ESC);
          g_byte_array_append (out, &b, 1);
        }
      sim->noise_pending = 0;
    }
  kiln_slip_encode (out, data, len);
  kiln_sim_emit (sim, out->data, out->len);
}

static gpointer
device_thread (gpointer data)
{
  KilnSim *sim = data;

  g_mutex_lock (&sim->lock);
  while (!sim->quit)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 horizon = now + (sim->opts.pace ? DEVICE_HORIZON_US : 0);
      gint64 wake = G_MAXINT64;
      gint64 next_timer;

      while (sim->h2d_head < sim->h2d->len && !sim->quit)
        {
          KilnSimByte e = g_array_index (sim->h2d, KilnSimByte, sim->h2d_head);
          KilnSimFault *f;

          if (e.t > horizon)
            break;
          sim->h2d_head++;
          /* The chip hangs as the Nth byte arrives: that byte, and all
           * after it, are answered MS later. */
          if ((f = find_fault (sim, KILN_SIM_FAULT_STALL, e.n)) != NULL)
            {
              fire (sim, f);
              sim->busy_until = MAX (sim->busy_until, e.t) + (gint64) f->ms * 1000;
            }
          sim->rx_n = e.n;
          kiln_sim_device_rx (sim, e.b, e.t);
          if ((f = find_fault (sim, KILN_SIM_FAULT_RESET, e.n)) != NULL)
            {
              fire (sim, f);
              sim->now = MAX (e.t, sim->busy_until);
              kiln_sim_boot (sim, KILN_SIM_RESET_WATCHDOG);
            }
        }
      queue_compact (sim->h2d, &sim->h2d_head);

      kiln_sim_device_run_timers (sim, now);

      if (sim->h2d_head < sim->h2d->len)
        {
          gint64 t = g_array_index (sim->h2d, KilnSimByte, sim->h2d_head).t;
          wake = MAX (t - (sim->opts.pace ? DEVICE_HORIZON_US : 0), now + 500);
        }
      next_timer = kiln_sim_device_next_timer (sim);
      wake = MIN (wake, next_timer);
      if (sim->quit)
        break;
      if (wake == G_MAXINT64)
        g_cond_wait (&sim->dev_cond, &sim->lock);
      else
        g_cond_wait_until (&sim->dev_cond, &sim->lock, wake);
    }
  g_mutex_unlock (&sim->lock);
  return NULL;
}

/* Called without the lock. */
void
kiln_sim_wire_start (KilnSim *sim)
{
  sim->thread = g_thread_new ("kiln-sim-device", device_thread, sim);
}

/* Called without the lock. */
void
kiln_sim_wire_stop (KilnSim *sim)
{
  g_mutex_lock (&sim->lock);
  sim->quit = TRUE;
  g_cond_broadcast (&sim->dev_cond);
  g_cond_broadcast (&sim->host_cond);
  g_mutex_unlock (&sim->lock);
  g_clear_pointer (&sim->thread, g_thread_join);
}

/* ---- host side (called without the lock) ------------------------------ */

static gboolean
link_gone (KilnSim  *sim,
           GError  **error)
{
  if (sim->usb_back_at != 0)
    g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                 _("The virtual %s's USB port went away: the chip reset and is enumerating "
                   "again."), sim->chip->name);
  else
    g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                 _("The virtual %s was disconnected (simulated fault)."), sim->chip->name);
  return FALSE;
}

/* Whether the chip's UART understands bytes the host sends at host_baud. */
static gboolean
device_hears (KilnSim      *sim,
              const guint8 *data,
              gsize         len)
{
  if (sim->follow_baud || sim->host_baud == sim->baud)
    return TRUE;
  if (sim->mode == KILN_SIM_MODE_RESET || sim->mode == KILN_SIM_MODE_HALTED)
    return TRUE;                /* nobody listens anyway */
  /* The ROM loader autobauds: a SYNC at any rate relocks its UART. */
  if (sim->mode == KILN_SIM_MODE_ROM && sim->autobaud && kiln_sim_has_sync_pattern (data, len))
    {
      sim->baud = sim->host_baud;
      return TRUE;
    }
  return FALSE;
}

gboolean
kiln_sim_host_write (KilnSim       *sim,
                     const guint8  *data,
                     gsize          len,
                     GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sim->lock);
  g_autoptr(GByteArray) sent = g_byte_array_sized_new ((guint) len);
  g_autoptr(GArray) numbers = g_array_sized_new (FALSE, FALSE, sizeof (guint64), (guint) len);
  g_autoptr(GByteArray) garbled = NULL;
  gboolean died = FALSE;
  gint64 now = g_get_monotonic_time ();
  gint64 start, span, last = 0;
  guint tx_baud = sim->follow_baud ? sim->baud : sim->host_baud;

  if (sim->link_dead)
    return link_gone (sim, error);

  for (gsize i = 0; i < len; i++)
    {
      guint64 n = sim->stats.bytes_received + 1;
      guint8 b = data[i];
      KilnSimFault *f;

      /* disconnect:0 fails before the first byte; disconnect:N after the
       * Nth, checked below once it is through. */
      if ((f = find_fault (sim, KILN_SIM_FAULT_DISCONNECT, n - 1)) != NULL)
        {
          fire (sim, f);
          died = TRUE;
          break;
        }
      sim->stats.bytes_received = n;
      if ((f = find_fault (sim, KILN_SIM_FAULT_DROP, n)) != NULL)
        {
          fire (sim, f);
          continue;
        }
      if ((f = find_fault (sim, KILN_SIM_FAULT_CORRUPT, n)) != NULL)
        {
          fire (sim, f);
          b ^= 0x01;
        }
      /* A damaged escape: ESC turns into an ordinary byte, so the frame
       * grows by one and carries a stray ESC_END or ESC_ESC. */
      if (b == KILN_SLIP_ESC && kiln_sim_fault_due (sim, KILN_SIM_FAULT_CORRUPT_ESC, n) != NULL)
        b ^= 0x01;
      g_byte_array_append (sent, &b, 1);
      g_array_append_val (numbers, n);
      if ((f = find_fault (sim, KILN_SIM_FAULT_DISCONNECT, n)) != NULL)
        {
          fire (sim, f);
          sim->link_dead = TRUE;
          died = i + 1 < len;
          break;
        }
    }

  start = MAX (now, sim->h2d_tail);
  span = sim->opts.pace ? wire_time_us (tx_baud, len) : 0;

  /* Over the link's limit not even a SYNC gets through for the ROM to
   * measure. */
  if (sent->len > 0 && (over_limit (sim, tx_baud) || !device_hears (sim, sent->data, sent->len)))
    {
      guint64 first = g_array_index (numbers, guint64, 0);

      garbled = g_byte_array_new ();
      kiln_sim_uart_resample (sent->data, sent->len, tx_baud, effective_rx (sim, tx_baud, sim->baud),
                              garbled);
      g_byte_array_set_size (sent, 0);
      g_byte_array_append (sent, garbled->data, garbled->len);
      g_array_set_size (numbers, 0);
      /* Garbage keeps the number of the first byte it came from, so a
       * stall or reset fault still fires. */
      for (guint i = 0; i < sent->len; i++)
        g_array_append_val (numbers, first);
      sim->stats.garbled_bytes += sent->len;
    }

  for (guint i = 0; i < sent->len; i++)
    {
      KilnSimByte e;

      e.t = start + (gint64) ((i + 1) * (guint64) span / sent->len);
      e.n = g_array_index (numbers, guint64, i);
      e.b = sent->data[i];
      g_array_append_val (sim->h2d, e);
    }
  sim->h2d_tail = start + span;
  g_cond_broadcast (&sim->dev_cond);

  if (died || sim->link_dead)
    {
      sim->link_dead = TRUE;
      g_cond_broadcast (&sim->host_cond);
      /* A write whose bytes all went through before the link failed still
       * succeeds; the next call reports the failure. */
      if (died)
        return link_gone (sim, error);
      return TRUE;
    }

  /* A paced writer blocks while more than a tty buffer is still to go. */
  if (sim->opts.pace && len > HOST_TX_BUFFER)
    last = start + wire_time_us (tx_baud, len - HOST_TX_BUFFER);
  while (sim->opts.pace && !sim->quit && !sim->link_dead && g_get_monotonic_time () < last)
    g_cond_wait_until (&sim->host_cond, &sim->lock, last);
  if (sim->link_dead)
    return link_gone (sim, error);
  return TRUE;
}

gboolean
kiln_sim_host_read (KilnSim       *sim,
                    guint8        *buf,
                    gsize          len,
                    gsize         *n_read,
                    guint          timeout_ms,
                    GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sim->lock);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  *n_read = 0;
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wake = deadline;
      gsize n = 0;

      if (sim->link_dead)
        return link_gone (sim, error);
      while (n < len && sim->d2h_head < sim->d2h->len)
        {
          KilnSimByte *e = &g_array_index (sim->d2h, KilnSimByte, sim->d2h_head);
          if (e->t > now)
            break;
          buf[n++] = e->b;
          sim->d2h_head++;
        }
      if (n > 0)
        {
          queue_compact (sim->d2h, &sim->d2h_head);
          *n_read = n;
          return TRUE;
        }
      if (now >= deadline || sim->quit)
        return TRUE;
      if (sim->d2h_head < sim->d2h->len)
        wake = MIN (wake, g_array_index (sim->d2h, KilnSimByte, sim->d2h_head).t);
      g_cond_wait_until (&sim->host_cond, &sim->lock, wake);
    }
}

/* Discards what has arrived; bytes still on the wire come later. */
void
kiln_sim_host_flush (KilnSim *sim)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sim->lock);
  gint64 now = g_get_monotonic_time ();

  while (sim->d2h_head < sim->d2h->len
         && g_array_index (sim->d2h, KilnSimByte, sim->d2h_head).t <= now)
    sim->d2h_head++;
  queue_compact (sim->d2h, &sim->d2h_head);
}

/* Called with the lock held. */
void
kiln_sim_host_attach (KilnSim  *sim,
                      guint     baud,
                      gboolean  follow_baud)
{
  /* What the board printed before it was first plugged in stays readable
   * (a TCP serial bridge buffers it too: the recordings start with the
   * tail of the ROM banner).  Later, output while closed went nowhere. */
  if (sim->ever_opened)
    {
      g_array_set_size (sim->d2h, 0);
      sim->d2h_head = 0;
    }
  sim->open = TRUE;
  sim->ever_opened = TRUE;
  sim->host_baud = baud;
  /* USB CDC carries bytes whatever the line coding says. */
  sim->follow_baud = follow_baud || sim->opts.usb != KILN_SIM_USB_BRIDGE;
  sim->link_dead = FALSE;
  sim->usb_back_at = 0;
}

/* Called with the lock held. */
void
kiln_sim_host_detach (KilnSim *sim)
{
  sim->open = FALSE;
  sim->link_dead = FALSE;
  /* Closing a USB port that already went away changes nothing on the chip. */
  if (sim->usb_back_at != 0)
    {
      g_array_set_size (sim->d2h, 0);
      sim->d2h_head = 0;
      g_array_set_size (sim->h2d, 0);
      sim->h2d_head = 0;
      g_cond_broadcast (&sim->host_cond);
      return;
    }
  g_array_set_size (sim->d2h, 0);
  sim->d2h_head = 0;
  g_array_set_size (sim->h2d, 0);
  sim->h2d_head = 0;
  /* Closing a tty drops DTR and RTS (HUPCL): a chip held in reset by RTS
   * starts running. */
  sim->now = g_get_monotonic_time ();
  kiln_sim_device_set_lines (sim, FALSE, FALSE);
  g_cond_broadcast (&sim->host_cond);
}
