/* kiln-remote-port.c: serial ports on the network (socket://, rfc2217://).
 *
 * A remote port is the URL the core opens: socket://HOST:PORT for a raw
 * TCP bridge (ESP-Link, ser2net's raw mode, kiln-sim --listen) and
 * rfc2217://HOST:PORT for an RFC 2217 server, which also carries the baud
 * rate and the DTR/RTS lines that reset the board.  Whether one can be
 * reached is checked by opening a TCP connection and closing it at once,
 * without sending anything, in GIO's own worker.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kiln-remote-port.h"

#define PROBE_TIMEOUT_SECONDS 3

static const char *const schemes[] = {
  [KILN_REMOTE_RAW] = "socket://",
  [KILN_REMOTE_RFC2217] = "rfc2217://",
};

gboolean
kiln_remote_port_is_remote (const char *port)
{
  return port != NULL && (g_str_has_prefix (port, schemes[KILN_REMOTE_RAW]) ||
                          g_str_has_prefix (port, schemes[KILN_REMOTE_RFC2217]));
}

/**
 * kiln_remote_port_url:
 * @host: a host name or an IPv4/IPv6 address
 *
 * Returns: "socket://HOST:PORT" or "rfc2217://HOST:PORT"; an IPv6 address
 *   is put in brackets
 */
char *
kiln_remote_port_url (const char         *host,
                      guint               tcp_port,
                      KilnRemoteProtocol  protocol)
{
  g_return_val_if_fail (host != NULL, NULL);

  if (strchr (host, ':') != NULL && host[0] != '[')
    return g_strdup_printf ("%s[%s]:%u", schemes[protocol], host, tcp_port);
  return g_strdup_printf ("%s%s:%u", schemes[protocol], host, tcp_port);
}

/**
 * kiln_remote_port_parse:
 * @host: (out) (optional): the host, without brackets
 *
 * Returns: whether @url is a remote port with a host and a TCP port
 */
gboolean
kiln_remote_port_parse (const char          *url,
                        char               **host,
                        guint               *tcp_port,
                        KilnRemoteProtocol  *protocol)
{
  KilnRemoteProtocol proto;
  g_autofree char *hostport = NULL;
  const char *rest, *colon;
  char *end = NULL;
  guint64 number;

  if (url == NULL)
    return FALSE;
  if (g_str_has_prefix (url, schemes[KILN_REMOTE_RAW]))
    proto = KILN_REMOTE_RAW;
  else if (g_str_has_prefix (url, schemes[KILN_REMOTE_RFC2217]))
    proto = KILN_REMOTE_RFC2217;
  else
    return FALSE;

  rest = url + strlen (schemes[proto]);
  hostport = g_strndup (rest, strcspn (rest, "?/"));
  colon = strrchr (hostport, ':');
  if (colon == NULL || colon == hostport || colon[1] == '\0')
    return FALSE;
  number = g_ascii_strtoull (colon + 1, &end, 10);
  if (*end != '\0' || number == 0 || number > 65535)
    return FALSE;

  if (host != NULL)
    {
      if (hostport[0] == '[' && colon > hostport + 1 && colon[-1] == ']')
        *host = g_strndup (hostport + 1, colon - hostport - 2);
      else
        *host = g_strndup (hostport, colon - hostport);
    }
  if (tcp_port != NULL)
    *tcp_port = (guint) number;
  if (protocol != NULL)
    *protocol = proto;
  return TRUE;
}

/**
 * kiln_remote_port_check_host:
 *
 * Whether @host looks like something to connect to: a name or an address,
 * not a URL or a host:port pair (the port has a field of its own).
 */
gboolean
kiln_remote_port_check_host (const char  *host,
                             GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the name or address of the computer or bridge the board is on."));
      return FALSE;
    }
  if (strstr (host, "://") != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the host alone, without socket:// or rfc2217://: choose the "
                             "protocol below."));
      return FALSE;
    }
  address = g_inet_address_new_from_string (host);
  if (address != NULL)
    return TRUE;
  if (strchr (host, ':') != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the TCP port in the Port field, not after the host."));
      return FALSE;
    }
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a host name or an IP address."), host);
        return FALSE;
      }
  return TRUE;
}

static void
probe_connected_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GSocketConnection) conn = NULL;
  GError *error = NULL;

  conn = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (conn == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Nothing is sent: closing at once is all a serial server sees. */
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

/**
 * kiln_remote_port_probe_async:
 * @url: a remote port
 *
 * Checks whether the server behind @url accepts a TCP connection, within a
 * few seconds, without blocking.
 */
void
kiln_remote_port_probe_async (const char          *url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  g_autofree char *host = NULL;
  guint tcp_port = 0;

  g_task_set_source_tag (task, kiln_remote_port_probe_async);
  if (!kiln_remote_port_parse (url, &host, &tcp_port, NULL))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a remote port."), url);
      return;
    }
  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, PROBE_TIMEOUT_SECONDS);
  address = g_network_address_new (host, (guint16) tcp_port);
  g_socket_client_connect_async (client, address, cancellable, probe_connected_cb,
                                 g_steal_pointer (&task));
}

gboolean
kiln_remote_port_probe_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
