/* kiln-remote-port.h: serial ports on the network (socket://, rfc2217://).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_REMOTE_RAW,       /* socket://HOST:PORT: the bytes as they are */
  KILN_REMOTE_RFC2217,   /* rfc2217://HOST:PORT: Telnet with serial control */
} KilnRemoteProtocol;

gboolean  kiln_remote_port_is_remote   (const char          *port);
char     *kiln_remote_port_url         (const char          *host,
                                        guint                tcp_port,
                                        KilnRemoteProtocol   protocol);
gboolean  kiln_remote_port_parse       (const char          *url,
                                        char               **host,
                                        guint               *tcp_port,
                                        KilnRemoteProtocol  *protocol);
gboolean  kiln_remote_port_check_host  (const char          *host,
                                        GError             **error);
void      kiln_remote_port_probe_async (const char          *url,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  kiln_remote_port_probe_finish (GAsyncResult       *result,
                                         GError            **error);

G_END_DECLS
