/* kiln-transport-rfc2217.c: rfc2217://HOST:PORT, a serial port on another
 * machine reached through Telnet with the COM-PORT-OPTION (RFC 2217).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What goes over the wire
 * =======================
 *
 * The link is a Telnet session (RFC 854).  At open Kiln offers and asks for
 * BINARY (RFC 856) and SUPPRESS-GO-AHEAD (RFC 858) both ways and offers
 * COM-PORT-OPTION (44).  When the server accepts that, Kiln configures the
 * far port with subnegotiations: SET-BAUDRATE, SET-DATASIZE 8, SET-PARITY
 * none, SET-STOPSIZE 1, SET-CONTROL "no flow control", DTR and RTS released
 * (as the local serial transport leaves them), and a PURGE-DATA of the
 * server's receive buffer.  Data bytes 0xFF are doubled (IAC IAC) in both
 * directions; Telnet commands and the server's replies (codes + 100) are
 * taken out of the received stream.
 *
 * Servers differ in what they really do, so the transport finds out rather
 * than assumes.  The server answers each parameter change with the value
 * now in force; the PURGE-DATA sent last at open serves as a barrier: once
 * its answer is back, any answer to the earlier requests would have come
 * before it.  What was answered decides the capabilities:
 *
 *  - COM-PORT-OPTION refused (or no Telnet at all): set_baud is a no-op that
 *    succeeds and the transport has no modem lines.
 *  - Parameter changes not answered (ser2net when its connector is a TCP
 *    socket accepts the option but silently ignores SET-BAUDRATE and
 *    SET-CONTROL): set_baud succeeds without waiting, the far end keeps its
 *    speed; without answers to DTR and RTS the transport reports no modem
 *    lines, so the core does not try to reset the board through them.
 *  - Answered: set_baud and set_lines wait (briefly) for the answer, so that
 *    the caller's delays in a DTR/RTS reset sequence count from the moment
 *    the far end applied the change, not from when the request left.
 *
 * In every case set_baud succeeds from the caller's point of view: if the
 * far end cannot change its speed the next exchange with the chip shows it.
 *
 * set_lines sends only the lines whose state changes.  Both lines in one
 * call are two requests (DTR first, then RTS) sent together, so the far end
 * applies them back to back as two ioctls on a local port would; nothing in
 * the protocol makes them atomic.
 *
 * Options after '?' in the URL (pyserial's ign_set_control, poll_modem,
 * timeout=, logging=) are accepted and ignored: what they tune there is
 * found out here.
 *
 * ser2net in practice: only a serial connector ("serialdev,/dev/ttyUSB0,
 * 115200n81,local") lets Kiln change the baud and reset the board.  With
 * its default "chardelay: true" ser2net holds every reply from the chip for
 * a millisecond or more, which the ROM loader's many small exchanges feel;
 * "chardelay: false" in the connection's options removes that.
 *
 * A transport is used from one thread at a time, as kiln-transport.h says:
 * set_baud, set_lines and flush_input read the link while they wait.
 */
#include "config.h"

#include <gio/gnetworking.h>   /* IPPROTO_TCP, TCP_NODELAY on every OS */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-transport.h"

/* Telnet (RFC 854) */
#define IAC   255
#define DONT  254
#define DO    253
#define WONT  252
#define WILL  251
#define SB    250
#define SE    240

#define OPT_BINARY   0
#define OPT_SGA      3
#define OPT_COM_PORT 44

/* COM-PORT-OPTION commands, client to server; the server answers with the
 * same command + 100. */
enum
{
  CPO_SIGNATURE          = 0,
  CPO_SET_BAUDRATE       = 1,
  CPO_SET_DATASIZE       = 2,
  CPO_SET_PARITY         = 3,
  CPO_SET_STOPSIZE       = 4,
  CPO_SET_CONTROL        = 5,
  CPO_FLOWCONTROL_SUSPEND = 8,
  CPO_FLOWCONTROL_RESUME = 9,
  CPO_PURGE_DATA         = 12,
  CPO_SERVER             = 100,
};

#define CPO_PARITY_NONE         1
#define STOPSIZE_1              1
#define CONTROL_NO_FLOW         1
#define CONTROL_REQ_DTR         7
#define CONTROL_DTR_ON          8
#define CONTROL_DTR_OFF         9
#define CONTROL_REQ_RTS         10
#define CONTROL_RTS_ON          11
#define CONTROL_RTS_OFF         12
#define PURGE_RECEIVE_BUFFER    1

/* Answers the transport counts, to know whether (and when) the far end
 * applied a request. */
typedef enum
{
  ACK_BAUD,
  ACK_DTR,
  ACK_RTS,
  ACK_PURGE,
  ACK_OTHER,
  N_ACKS
} AckKind;

/* Option negotiation state, one per side and option (RFC 1143 without the
 * queue bit: Kiln never changes its mind about an option). */
typedef enum
{
  Q_NO,
  Q_YES,
  Q_WANT_NO,
  Q_WANT_YES,
} QState;

typedef enum
{
  P_DATA,
  P_CR,        /* after a CR while the server is not in BINARY mode */
  P_IAC,
  P_NEGOTIATE,
  P_SB,
  P_SB_IAC,
} ParseState;

#define SB_MAX 64

/* Long enough for a server behind a slow link, short enough that a server
 * which ignores a request costs the user little. */
#define NEGOTIATE_TIMEOUT_MS 1000
#define ACK_TIMEOUT_MS       500
#define SUSPEND_TIMEOUT_MS   2000

typedef struct
{
  KilnTransport      parent;
  GSocketConnection *conn;
  GSocket           *socket;

  /* What the parser left for read(); bytes before rx_pos are consumed. */
  GByteArray        *rx;
  guint              rx_pos;

  ParseState         state;
  guint8             verb;             /* WILL/WONT/DO/DONT being parsed */
  guint8             sb[SB_MAX];
  guint              sb_len;
  gboolean           sb_overflow;

  guint8             us[256];          /* QState of options we perform */
  guint8             him[256];         /* QState of options the server performs */

  guint              acks[N_ACKS];     /* answers received, by kind */
  gboolean           answers[N_ACKS];  /* TRUE once the server answered that kind */
  gboolean           purge_pending;
  gboolean           suspended;        /* the server asked us to stop sending */

  gboolean           dtr;              /* last state asked for */
  gboolean           rts;
} KilnTransportRfc2217;

static const KilnTransportOps rfc2217_ops;
static const KilnTransportOps rfc2217_ops_no_lines;

static gboolean
link_error (KilnTransport  *self,
            GError         *local,
            GError        **error)
{
  g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
               _("The connection to %s failed: %s"), self->port, local->message);
  return FALSE;
}

static gboolean
send_raw (KilnTransportRfc2217  *t,
          const guint8          *buf,
          gsize                  len,
          GError               **error)
{
  g_autoptr(GError) local = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (t->conn));

  if (!g_output_stream_write_all (out, buf, len, NULL, NULL, &local))
    return link_error (&t->parent, local, error);
  return TRUE;
}

static gboolean
send_negotiation (KilnTransportRfc2217  *t,
                  guint8                 verb,
                  guint8                 option,
                  GError               **error)
{
  guint8 cmd[3] = { IAC, verb, option };
  return send_raw (t, cmd, sizeof cmd, error);
}

/* Appends IAC SB COM-PORT-OPTION command value… IAC SE to @out, with 0xFF
 * in the value doubled like any other byte inside a subnegotiation. */
static void
append_com_port (GByteArray   *out,
                 guint8        command,
                 const guint8 *value,
                 gsize         len)
{
  const guint8 head[] = { IAC, SB, OPT_COM_PORT, command };
  const guint8 tail[] = { IAC, SE };

  g_byte_array_append (out, head, sizeof head);
  for (gsize i = 0; i < len; i++)
    {
      g_byte_array_append (out, &value[i], 1);
      if (value[i] == IAC)
        g_byte_array_append (out, &value[i], 1);
    }
  g_byte_array_append (out, tail, sizeof tail);
}

static void
append_com_port_byte (GByteArray *out,
                      guint8      command,
                      guint8      value)
{
  append_com_port (out, command, &value, 1);
}

static void
append_baud (GByteArray *out,
             guint32     baud)
{
  guint8 value[4] = { baud >> 24, baud >> 16, baud >> 8, baud };
  append_com_port (out, CPO_SET_BAUDRATE, value, sizeof value);
}

static gboolean
send_requests (KilnTransportRfc2217  *t,
               GByteArray            *out,
               GError               **error)
{
  return send_raw (t, out->data, out->len, error);
}

static gboolean
wanted_option (guint8 option)
{
  return option == OPT_BINARY || option == OPT_SGA || option == OPT_COM_PORT;
}

/* The server offers (WILL) or refuses (WONT) to perform an option, or asks
 * us to (DO) or not to (DONT).  Answer only where the state changes, so that
 * two parties following RFC 854 never loop. */
static gboolean
handle_negotiation (KilnTransportRfc2217  *t,
                    guint8                 verb,
                    guint8                 option,
                    GError               **error)
{
  gboolean positive = verb == WILL || verb == DO;
  guint8 *q = (verb == WILL || verb == WONT) ? &t->him[option] : &t->us[option];
  guint8 yes = (verb == WILL || verb == WONT) ? DO : WILL;
  guint8 no = (verb == WILL || verb == WONT) ? DONT : WONT;

  switch ((QState) *q)
    {
    case Q_NO:
      if (!positive)
        return TRUE;
      if (wanted_option (option))
        {
          *q = Q_YES;
          return send_negotiation (t, yes, option, error);
        }
      return send_negotiation (t, no, option, error);
    case Q_YES:
      if (positive)
        return TRUE;
      *q = Q_NO;
      return send_negotiation (t, no, option, error);
    case Q_WANT_NO:
      *q = Q_NO;
      return TRUE;
    case Q_WANT_YES:
      *q = positive ? Q_YES : Q_NO;
      return TRUE;
    }
  return TRUE;
}

static void
count_answer (KilnTransportRfc2217 *t,
              AckKind               kind)
{
  t->acks[kind]++;
  t->answers[kind] = TRUE;
  /* A server slow enough to miss the barrier at open still gets its modem
   * lines once both have been answered. */
  if ((kind == ACK_DTR || kind == ACK_RTS) && t->answers[ACK_DTR] && t->answers[ACK_RTS])
    t->parent.ops = &rfc2217_ops;
}

static gboolean
handle_subnegotiation (KilnTransportRfc2217  *t,
                       GError               **error)
{
  const guint8 *value = t->sb + 2;
  gsize len;

  if (t->sb_overflow || t->sb_len < 2 || t->sb[0] != OPT_COM_PORT)
    return TRUE;
  len = t->sb_len - 2;

  switch (t->sb[1])
    {
    case CPO_SERVER + CPO_SIGNATURE:
      /* An empty signature is the server asking for ours. */
      if (len == 0)
        {
          g_autoptr(GByteArray) out = g_byte_array_new ();
          const char *sig = "Kiln " PACKAGE_VERSION;

          append_com_port (out, CPO_SIGNATURE, (const guint8 *) sig, strlen (sig));
          return send_requests (t, out, error);
        }
      break;
    case CPO_SERVER + CPO_SET_BAUDRATE:
      /* The value is the speed now in force; one the far end refused shows
       * as the old speed, which set_baud accepts (see the top). */
      count_answer (t, ACK_BAUD);
      break;
    case CPO_SERVER + CPO_SET_CONTROL:
      if (len >= 1 && value[0] >= CONTROL_REQ_DTR && value[0] <= CONTROL_DTR_OFF)
        count_answer (t, ACK_DTR);
      else if (len >= 1 && value[0] >= CONTROL_REQ_RTS && value[0] <= CONTROL_RTS_OFF)
        count_answer (t, ACK_RTS);
      else
        count_answer (t, ACK_OTHER);
      break;
    case CPO_SERVER + CPO_PURGE_DATA:
      /* Everything before this answer left the server before the purge and
       * is as stale as what it discarded. */
      if (t->purge_pending)
        {
          g_byte_array_set_size (t->rx, 0);
          t->rx_pos = 0;
          t->purge_pending = FALSE;
        }
      count_answer (t, ACK_PURGE);
      break;
    case CPO_SERVER + CPO_FLOWCONTROL_SUSPEND:
      t->suspended = TRUE;
      break;
    case CPO_SERVER + CPO_FLOWCONTROL_RESUME:
      t->suspended = FALSE;
      break;
    default:
      /* Data size, parity, stop size answers and the line and modem state
       * notifications: nothing Kiln acts on. */
      if (t->sb[1] >= CPO_SERVER)
        count_answer (t, ACK_OTHER);
      break;
    }
  return TRUE;
}

static void
emit (KilnTransportRfc2217 *t,
      guint8                byte)
{
  g_byte_array_append (t->rx, &byte, 1);
}

/* Splits what arrived into data (appended to t->rx) and Telnet commands,
 * keeping the state across chunks: a command may straddle two reads. */
static gboolean
parse (KilnTransportRfc2217  *t,
       const guint8          *buf,
       gsize                  len,
       GError               **error)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 b = buf[i];

      switch (t->state)
        {
        case P_CR:
          /* Outside BINARY mode a bare CR travels as CR NUL. */
          t->state = P_DATA;
          if (b == 0)
            break;
          G_GNUC_FALLTHROUGH;
        case P_DATA:
          if (b == IAC)
            t->state = P_IAC;
          else
            {
              emit (t, b);
              if (b == '\r' && t->him[OPT_BINARY] != Q_YES)
                t->state = P_CR;
            }
          break;
        case P_IAC:
          t->state = P_DATA;
          if (b == IAC)
            emit (t, IAC);
          else if (b == WILL || b == WONT || b == DO || b == DONT)
            {
              t->verb = b;
              t->state = P_NEGOTIATE;
            }
          else if (b == SB)
            {
              t->sb_len = 0;
              t->sb_overflow = FALSE;
              t->state = P_SB;
            }
          /* Anything else (NOP, GA, DM, AYT…) carries nothing for a serial
           * link. */
          break;
        case P_NEGOTIATE:
          t->state = P_DATA;
          if (!handle_negotiation (t, t->verb, b, error))
            return FALSE;
          break;
        case P_SB:
          if (b == IAC)
            t->state = P_SB_IAC;
          else if (t->sb_len < SB_MAX)
            t->sb[t->sb_len++] = b;
          else
            t->sb_overflow = TRUE;
          break;
        case P_SB_IAC:
          if (b == IAC)
            {
              if (t->sb_len < SB_MAX)
                t->sb[t->sb_len++] = IAC;
              else
                t->sb_overflow = TRUE;
              t->state = P_SB;
              break;
            }
          /* IAC SE ends it; a server that forgets the SE gets the command
           * that follows treated as one. */
          t->state = P_DATA;
          if (!handle_subnegotiation (t, error))
            return FALSE;
          if (b != SE)
            {
              t->state = P_IAC;
              i--;
            }
          break;
        }
    }
  return TRUE;
}

/* Waits up to @timeout_ms for bytes from the server and parses one chunk.
 * Returns %TRUE also when nothing came. */
static gboolean
pump (KilnTransportRfc2217  *t,
      guint                  timeout_ms,
      GError               **error)
{
  g_autoptr(GError) local = NULL;
  guint8 buf[4096];
  gssize n;

  if (!g_socket_condition_timed_wait (t->socket, G_IO_IN, (gint64) timeout_ms * 1000, NULL, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        return TRUE;
      return link_error (&t->parent, local, error);
    }
  n = g_socket_receive (t->socket, (char *) buf, sizeof buf, NULL, &local);
  if (n < 0)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      return link_error (&t->parent, local, error);
    }
  if (n == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                   _("The connection to %s was closed by the other side."), t->parent.port);
      return FALSE;
    }
#ifdef TCP_QUICKACK
  /* Serial servers forward what the device sends in small pieces and many
   * (ser2net among them) leave Nagle's algorithm on: the next piece then
   * waits for our ACK, which Linux delays up to 40 ms when it has nothing
   * to send.  The loader's request/reply exchanges would crawl.  The kernel
   * drops this flag again by itself, so renew it on every read. */
  g_socket_set_option (t->socket, IPPROTO_TCP, TCP_QUICKACK, 1, NULL);
#endif
  return parse (t, buf, (gsize) n, error);
}

static guint
ms_until (gint64 deadline_us)
{
  gint64 left = deadline_us - g_get_monotonic_time ();
  return left <= 0 ? 0 : (guint) ((left + 999) / 1000);
}

/* Waits until the server answered a request of @kind sent after the count
 * was @before, or until @timeout_ms passed.  A missing answer is not an
 * error: the request may still have been applied. */
static gboolean
wait_answer (KilnTransportRfc2217  *t,
             AckKind                kind,
             guint                  before,
             guint                  timeout_ms,
             GError               **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (t->acks[kind] == before)
    {
      guint left = ms_until (deadline);
      if (left == 0)
        break;
      if (!pump (t, left, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
rfc2217_read (KilnTransport  *self,
              guint8         *buf,
              gsize           len,
              gsize          *n_read,
              guint           timeout_ms,
              GError        **error)
{
  KilnTransportRfc2217 *t = (KilnTransportRfc2217 *) self;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      guint avail = t->rx->len - t->rx_pos;

      if (avail > 0)
        {
          gsize n = MIN (len, avail);
          memcpy (buf, t->rx->data + t->rx_pos, n);
          t->rx_pos += n;
          if (t->rx_pos == t->rx->len)
            {
              g_byte_array_set_size (t->rx, 0);
              t->rx_pos = 0;
            }
          *n_read = n;
          return TRUE;
        }
      /* Poll once even with no time left: a zero timeout means "what is
       * already there". */
      if (!pump (t, ms_until (deadline), error))
        return FALSE;
      if (t->rx->len == t->rx_pos && ms_until (deadline) == 0)
        return TRUE;
    }
}

static gboolean
rfc2217_write (KilnTransport  *self,
               const guint8   *buf,
               gsize           len,
               GError        **error)
{
  KilnTransportRfc2217 *t = (KilnTransportRfc2217 *) self;
  g_autofree guint8 *out = NULL;
  gboolean binary = t->us[OPT_BINARY] == Q_YES;
  gsize n = 0;

  if (t->suspended)
    {
      /* The server's buffer towards the device is full.  Waiting for its
       * RESUME keeps bytes from being dropped there; the bound keeps a
       * server that forgets to resume from hanging the job. */
      gint64 deadline = g_get_monotonic_time () + SUSPEND_TIMEOUT_MS * 1000;
      while (t->suspended && ms_until (deadline) > 0)
        if (!pump (t, ms_until (deadline), error))
          return FALSE;
    }

  out = g_malloc (2 * len + 1);
  for (gsize i = 0; i < len; i++)
    {
      out[n++] = buf[i];
      if (buf[i] == IAC)
        out[n++] = IAC;
      else if (buf[i] == '\r' && !binary)
        out[n++] = 0;
    }
  return send_raw (t, out, n, error);
}

/* From the caller's point of view this always succeeds (see the top of the
 * file): only a broken link is an error. */
static gboolean
rfc2217_set_baud (KilnTransport  *self,
                  guint           baud,
                  GError        **error)
{
  KilnTransportRfc2217 *t = (KilnTransportRfc2217 *) self;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint before = t->acks[ACK_BAUD];

  if (t->us[OPT_COM_PORT] != Q_YES)
    return TRUE;
  append_baud (out, baud);
  if (!send_requests (t, out, error))
    return FALSE;
  if (!t->answers[ACK_BAUD])
    return TRUE;
  return wait_answer (t, ACK_BAUD, before, ACK_TIMEOUT_MS, error);
}

static gboolean
rfc2217_set_lines (KilnTransport  *self,
                   gboolean        dtr,
                   gboolean        rts,
                   GError        **error)
{
  KilnTransportRfc2217 *t = (KilnTransportRfc2217 *) self;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint dtr_before = t->acks[ACK_DTR];
  guint rts_before = t->acks[ACK_RTS];
  gboolean change_dtr = !!dtr != t->dtr;
  gboolean change_rts = !!rts != t->rts;

  /* Unchanged lines cost no round trip.  When both change, the two requests
   * leave in one segment and the far end applies them back to back, as two
   * ioctls on a local port would: waiting for the first answer before
   * sending the second would hold the board in the in-between state (which
   * on the usual auto-reset circuit releases EN with GPIO0 high) for a whole
   * round trip. */
  if (change_dtr)
    append_com_port_byte (out, CPO_SET_CONTROL, dtr ? CONTROL_DTR_ON : CONTROL_DTR_OFF);
  if (change_rts)
    append_com_port_byte (out, CPO_SET_CONTROL, rts ? CONTROL_RTS_ON : CONTROL_RTS_OFF);
  if (out->len == 0)
    return TRUE;
  if (!send_requests (t, out, error))
    return FALSE;
  t->dtr = !!dtr;
  t->rts = !!rts;
  return (!change_dtr || wait_answer (t, ACK_DTR, dtr_before, ACK_TIMEOUT_MS, error)) &&
         (!change_rts || wait_answer (t, ACK_RTS, rts_before, ACK_TIMEOUT_MS, error));
}

static gboolean
rfc2217_flush_input (KilnTransport  *self,
                     GError        **error)
{
  KilnTransportRfc2217 *t = (KilnTransportRfc2217 *) self;

  g_byte_array_set_size (t->rx, 0);
  t->rx_pos = 0;
  if (t->us[OPT_COM_PORT] == Q_YES && t->answers[ACK_PURGE])
    {
      g_autoptr(GByteArray) out = g_byte_array_new ();
      guint before = t->acks[ACK_PURGE];

      /* The answer marks where the stale bytes end in the stream (see
       * handle_subnegotiation), so wait for it rather than guess. */
      append_com_port_byte (out, CPO_PURGE_DATA, PURGE_RECEIVE_BUFFER);
      t->purge_pending = TRUE;
      if (!send_requests (t, out, error) ||
          !wait_answer (t, ACK_PURGE, before, ACK_TIMEOUT_MS, error))
        return FALSE;
      if (t->acks[ACK_PURGE] != before)
        return TRUE;
      t->purge_pending = FALSE;
    }

  /* No purge at the far end: drop what has already arrived. */
  do
    {
      g_byte_array_set_size (t->rx, 0);
      t->rx_pos = 0;
      if (!pump (t, 0, error))
        return FALSE;
    }
  while (t->rx->len > 0);
  return TRUE;
}

static void
rfc2217_free (KilnTransport *self)
{
  KilnTransportRfc2217 *t = (KilnTransportRfc2217 *) self;

  if (t->conn != NULL)
    g_io_stream_close (G_IO_STREAM (t->conn), NULL, NULL);
  g_clear_object (&t->conn);
  g_clear_pointer (&t->rx, g_byte_array_unref);
  g_free (t);
}

static const KilnTransportOps rfc2217_ops = {
  .name = "rfc2217",
  .read = rfc2217_read,
  .write = rfc2217_write,
  .set_baud = rfc2217_set_baud,
  .set_lines = rfc2217_set_lines,
  .flush_input = rfc2217_flush_input,
  .free = rfc2217_free,
};

/* For servers that do not let Kiln drive DTR and RTS: without set_lines
 * kiln_transport_has_lines() says so and the core skips the reset. */
static const KilnTransportOps rfc2217_ops_no_lines = {
  .name = "rfc2217",
  .read = rfc2217_read,
  .write = rfc2217_write,
  .set_baud = rfc2217_set_baud,
  .set_lines = NULL,
  .flush_input = rfc2217_flush_input,
  .free = rfc2217_free,
};

static gboolean
negotiate (KilnTransportRfc2217  *t,
           guint                  baud,
           GError               **error)
{
  static const guint8 offer[] = {
    IAC, WILL, OPT_BINARY,   IAC, DO, OPT_BINARY,
    IAC, WILL, OPT_SGA,      IAC, DO, OPT_SGA,
    IAC, WILL, OPT_COM_PORT,
  };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + NEGOTIATE_TIMEOUT_MS * 1000;
  guint purges;

  t->us[OPT_BINARY] = t->him[OPT_BINARY] = Q_WANT_YES;
  t->us[OPT_SGA] = t->him[OPT_SGA] = Q_WANT_YES;
  t->us[OPT_COM_PORT] = Q_WANT_YES;
  if (!send_raw (t, offer, sizeof offer, error))
    return FALSE;

  /* The server answers in order, so once COM-PORT-OPTION is settled the
   * answers about BINARY and SGA are in too.  A server that says nothing is
   * not speaking Telnet; carry on without the option. */
  while (t->us[OPT_COM_PORT] == Q_WANT_YES && ms_until (deadline) > 0)
    if (!pump (t, ms_until (deadline), error))
      return FALSE;
  if (t->us[OPT_COM_PORT] != Q_YES)
    return TRUE;

  /* Send the whole configuration at once and wait once: the PURGE-DATA
   * answer comes after the answers to everything before it. */
  append_baud (out, baud);
  append_com_port_byte (out, CPO_SET_DATASIZE, 8);
  append_com_port_byte (out, CPO_SET_PARITY, CPO_PARITY_NONE);
  append_com_port_byte (out, CPO_SET_STOPSIZE, STOPSIZE_1);
  append_com_port_byte (out, CPO_SET_CONTROL, CONTROL_NO_FLOW);
  append_com_port_byte (out, CPO_SET_CONTROL, CONTROL_DTR_OFF);
  append_com_port_byte (out, CPO_SET_CONTROL, CONTROL_RTS_OFF);
  append_com_port_byte (out, CPO_PURGE_DATA, PURGE_RECEIVE_BUFFER);
  purges = t->acks[ACK_PURGE];
  t->purge_pending = TRUE;
  if (!send_requests (t, out, error))
    return FALSE;
  t->dtr = t->rts = FALSE;
  if (!wait_answer (t, ACK_PURGE, purges, NEGOTIATE_TIMEOUT_MS, error))
    return FALSE;
  t->purge_pending = FALSE;
  return TRUE;
}

/**
 * kiln_transport_rfc2217_open:
 * @url: "rfc2217://HOST:PORT", optionally followed by "?OPTIONS", which are
 *   ignored
 * @baud: the initial line speed of the far port
 * @error: return location for a #GError
 *
 * Connects to an RFC 2217 serial server (ser2net, a serial device server,
 * pyserial's port manager…) and configures the far port for @baud, 8N1, no
 * flow control, DTR and RTS released.  Blocks for up to a few seconds while
 * it connects and negotiates.  Whether the result has modem lines depends
 * on what the server accepts; see kiln_transport_has_lines().
 *
 * Returns: (transfer full): the transport, or %NULL
 */
KilnTransport *
kiln_transport_rfc2217_open (const char  *url,
                             guint        baud,
                             GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *hostport = NULL;
  const char *rest = url + strlen ("rfc2217://");
  KilnTransportRfc2217 *t;
  GSocketConnection *conn;

  hostport = g_strndup (rest, strcspn (rest, "?"));
  if (*hostport == '\0' || strchr (hostport, ':') == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("“%s” needs a host and a port, for example rfc2217://192.168.1.20:4000."),
                   url);
      return NULL;
    }
  g_socket_client_set_timeout (client, 5);
  conn = g_socket_client_connect_to_host (client, hostport, 0, NULL, &local);
  if (conn == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                   _("Could not connect to %s: %s. Check that the serial server is running "
                     "and the address is right."), hostport, local->message);
      return NULL;
    }
  g_socket_set_timeout (g_socket_connection_get_socket (conn), 0);
  g_socket_set_blocking (g_socket_connection_get_socket (conn), FALSE);
  /* Requests are a few bytes each and the reset timing rides on them. */
  g_socket_set_option (g_socket_connection_get_socket (conn), IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  t = g_new0 (KilnTransportRfc2217, 1);
  kiln_transport_init (&t->parent, &rfc2217_ops_no_lines, KILN_TRANSPORT_REMOTE_SERIAL, url, baud);
  t->conn = conn;
  t->socket = g_socket_connection_get_socket (conn);
  t->rx = g_byte_array_new ();

  if (!negotiate (t, baud, error))
    {
      kiln_transport_free (&t->parent);
      return NULL;
    }
  return (KilnTransport *) t;
}
