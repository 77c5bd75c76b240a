/* kiln-transport-tcp.c: socket://HOST:PORT, a raw byte stream over TCP.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gnetworking.h>   /* IPPROTO_TCP, TCP_NODELAY on every OS */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-transport.h"

typedef struct
{
  KilnTransport      parent;
  GSocketConnection *conn;
  GSocket           *socket;
} KilnTransportTcp;

static gboolean
tcp_read (KilnTransport  *self,
          guint8         *buf,
          gsize           len,
          gsize          *n_read,
          guint           timeout_ms,
          GError        **error)
{
  KilnTransportTcp *t = (KilnTransportTcp *) self;
  g_autoptr(GError) local = NULL;
  gssize n;

  *n_read = 0;
  if (!g_socket_condition_timed_wait (t->socket, G_IO_IN, (gint64) timeout_ms * 1000, NULL, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        return TRUE;
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                   _("The connection to %s failed: %s"), self->port, local->message);
      return FALSE;
    }
  n = g_socket_receive (t->socket, (char *) buf, len, NULL, &local);
  if (n < 0)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                   _("The connection to %s failed: %s"), self->port, local->message);
      return FALSE;
    }
  if (n == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                   _("The connection to %s was closed by the other side."), self->port);
      return FALSE;
    }
  *n_read = (gsize) n;
  return TRUE;
}

static gboolean
tcp_write (KilnTransport  *self,
           const guint8   *buf,
           gsize           len,
           GError        **error)
{
  KilnTransportTcp *t = (KilnTransportTcp *) self;
  g_autoptr(GError) local = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (t->conn));

  if (!g_output_stream_write_all (out, buf, len, NULL, NULL, &local))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                   _("The connection to %s failed: %s"), self->port, local->message);
      return FALSE;
    }
  return TRUE;
}

static void
tcp_free (KilnTransport *self)
{
  KilnTransportTcp *t = (KilnTransportTcp *) self;
  if (t->conn != NULL)
    g_io_stream_close (G_IO_STREAM (t->conn), NULL, NULL);
  g_clear_object (&t->conn);
  g_free (t);
}

static const KilnTransportOps tcp_ops = {
  .name = "socket",
  .read = tcp_read,
  .write = tcp_write,
  .free = tcp_free,
};

KilnTransport *
kiln_transport_tcp_open (const char  *url,
                         guint        baud,
                         GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) local = NULL;
  const char *hostport = url + strlen ("socket://");
  KilnTransportTcp *t;
  GSocketConnection *conn;

  if (*hostport == '\0' || strchr (hostport, ':') == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("“%s” needs a host and a port, for example socket://127.0.0.1:5555."), url);
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
  g_socket_set_option (g_socket_connection_get_socket (conn), IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  t = g_new0 (KilnTransportTcp, 1);
  kiln_transport_init (&t->parent, &tcp_ops, KILN_TRANSPORT_NETWORK, url, baud);
  t->conn = conn;
  t->socket = g_socket_connection_get_socket (conn);
  return (KilnTransport *) t;
}
