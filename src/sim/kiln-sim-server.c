/* kiln-sim-server.c: the virtual board on a raw TCP socket (socket://).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One client at a time, as one program at a time can own a serial port.
 * The board keeps running between clients.  A raw TCP link has no baud
 * and no modem lines: the client always hears the chip at whatever rate it
 * runs, and the board stays in the mode it is in (the ROM loader, unless
 * the options say otherwise), so flashing tools connect without a reset.
 */
#include "config.h"

#include <gio/gio.h>
#include <gio/gnetworking.h>   /* IPPROTO_TCP, TCP_NODELAY on every OS */
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-sim-private.h"

typedef struct
{
  KilnTransport *transport;
  GSocket       *client;
  gint           stop;
} Pump;

/* Device → client, in its own thread so that both directions flow. */
static gpointer
pump_out (gpointer data)
{
  Pump *p = data;
  guint8 buf[4096];

  while (!g_atomic_int_get (&p->stop))
    {
      g_autoptr(GError) error = NULL;
      gsize n = 0, off = 0;

      if (!kiln_transport_read (p->transport, buf, sizeof buf, &n, 50, &error))
        break;
      while (off < n)
        {
          gssize w = g_socket_send (p->client, (const char *) buf + off, n - off, NULL, &error);
          if (w <= 0)
            goto done;
          off += (gsize) w;
        }
    }
done:
  /* Wakes the receiving side if the device side failed first. */
  g_socket_shutdown (p->client, TRUE, TRUE, NULL);
  return NULL;
}

static void
serve_client (KilnSim *sim,
              GSocket *client)
{
  g_autoptr(GError) error = NULL;
  Pump pump = { 0 };
  GThread *out;
  guint8 buf[4096];

  pump.transport = kiln_sim_transport_new (sim, "socket", 115200, TRUE, &error);
  if (pump.transport == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  pump.client = client;
  g_socket_set_blocking (client, TRUE);
  g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  out = g_thread_new ("kiln-sim-pump", pump_out, &pump);

  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gssize n = g_socket_receive (client, (char *) buf, sizeof buf, NULL, &local);

      if (n <= 0)
        break;
      if (!kiln_transport_write (pump.transport, buf, (gsize) n, &local))
        break;                  /* the disconnect fault: drop the client */
    }

  g_atomic_int_set (&pump.stop, 1);
  g_socket_shutdown (client, TRUE, TRUE, NULL);
  g_thread_join (out);
  /* Closing the transport saves the flash file. */
  kiln_transport_free (pump.transport);
}

static GInetAddress *
parse_host (const char *host)
{
  if (g_str_equal (host, "localhost"))
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  if (*host == '\0' || g_str_equal (host, "*"))
    return g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  return g_inet_address_new_from_string (host);
}

/**
 * kiln_sim_server_run:
 *
 * Listens on @config->listen ("HOST:PORT"; PORT 0 picks a free one),
 * prints "listening on HOST:PORT" on stdout once ready, and serves
 * clients one after another until an error (or after one with @once).
 *
 * Returns: 0, or 1 with @error set
 */
int
kiln_sim_server_run (KilnSimServerConfig  *config,
                     GError              **error)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GInetAddress) addr = NULL;
  g_autoptr(GSocketAddress) bind_addr = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *host = NULL;
  const char *colon = strrchr (config->listen, ':');
  guint64 port;
  char *end = NULL;

  if (colon == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("Listen on HOST:PORT, e.g. 127.0.0.1:3333 (port 0 picks a free one)."));
      return 1;
    }
  host = g_strndup (config->listen, (gsize) (colon - config->listen));
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      memmove (host, host + 1, strlen (host) - 2);
      host[strlen (host) - 2] = '\0';
    }
  port = g_ascii_strtoull (colon + 1, &end, 10);
  addr = parse_host (host);
  if (addr == NULL || *end != '\0' || colon[1] == '\0' || port > 65535)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an address to listen on: give an IP address and a port, "
                     "e.g. 127.0.0.1:3333."), config->listen);
      return 1;
    }

  listener = g_socket_new (g_inet_address_get_family (addr), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return 1;
  bind_addr = g_inet_socket_address_new (addr, (guint16) port);
  if (!g_socket_bind (listener, bind_addr, TRUE, error) || !g_socket_listen (listener, error))
    return 1;
  local = g_socket_get_local_address (listener, error);
  if (local == NULL)
    return 1;
  {
    g_autofree char *shown = g_inet_address_to_string (addr);
    printf ("listening on %s:%u\n", shown,
            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
    fflush (stdout);
  }

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (listener, NULL, error);

      if (client == NULL)
        return 1;
      serve_client (config->sim, client);
      g_socket_close (client, NULL);
      if (config->once)
        return 0;
    }
}
