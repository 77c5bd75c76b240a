/* kiln-transport.h
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _KilnTransport KilnTransport;

/**
 * KilnTransportOps:
 * @read: read up to @len bytes, waiting at most @timeout_ms for the first
 *   one.  Returns %TRUE and sets *@n_read (0 on timeout) or %FALSE with
 *   @error set when the link failed (%KILN_ERROR_PORT_GONE if it vanished).
 *   Never NULL.
 * @write: write all of @len bytes.  Never NULL.
 * @set_baud: change the line speed.  NULL where the link has no baud
 *   (raw TCP); callers treat NULL as success.
 * @set_lines: set the DTR and RTS modem lines.  %TRUE means "asserted"
 *   (the bridge pin driven to 0 V).  NULL where the link has none.
 * @flush_input: discard bytes received but not yet read.  May be NULL.
 * @free: close the link and free the transport.  Never NULL.
 *
 * A transport is used from one thread at a time.  Concrete transports embed
 * #KilnTransport as their first member.
 */
typedef struct
{
  const char *name;
  gboolean (*read)        (KilnTransport *self,
                           guint8        *buf,
                           gsize          len,
                           gsize         *n_read,
                           guint          timeout_ms,
                           GError       **error);
  gboolean (*write)       (KilnTransport *self,
                           const guint8  *buf,
                           gsize          len,
                           GError       **error);
  gboolean (*set_baud)    (KilnTransport *self,
                           guint          baud,
                           GError       **error);
  gboolean (*set_lines)   (KilnTransport *self,
                           gboolean       dtr,
                           gboolean       rts,
                           GError       **error);
  gboolean (*flush_input) (KilnTransport *self,
                           GError       **error);
  void     (*free)        (KilnTransport *self);
} KilnTransportOps;

/**
 * KilnTransportKind:
 * @KILN_TRANSPORT_SERIAL: a local serial port with modem lines
 * @KILN_TRANSPORT_NETWORK: a TCP link with neither baud nor modem lines
 * @KILN_TRANSPORT_REMOTE_SERIAL: a network link that carries baud and lines
 * @KILN_TRANSPORT_VIRTUAL: an in-process virtual device
 */
typedef enum
{
  KILN_TRANSPORT_SERIAL,
  KILN_TRANSPORT_NETWORK,
  KILN_TRANSPORT_REMOTE_SERIAL,
  KILN_TRANSPORT_VIRTUAL,
} KilnTransportKind;

struct _KilnTransport
{
  const KilnTransportOps *ops;
  KilnTransportKind       kind;
  char                   *port;       /* as the user gave it */
  guint                   baud;       /* current host-side baud */
  guint16                 usb_vid;    /* 0 when unknown */
  guint16                 usb_pid;
  char                   *usb_serial; /* the adapter's USB serial number, or NULL */
  char                   *note;       /* what opening did to the port, for the log, or NULL */
  char                   *held_as;    /* the name kiln_transport_open() counts it under */
};

/**
 * KilnTransportOpenFunc:
 * @port: the whole port string, e.g. "sim:esp32?flash=4MB"
 * @baud: the initial baud
 *
 * Opens a transport for a registered scheme.  Runs in the calling thread.
 */
typedef KilnTransport *(*KilnTransportOpenFunc) (const char  *port,
                                                 guint        baud,
                                                 GError     **error);

void           kiln_transport_register_scheme (const char            *scheme,
                                               KilnTransportOpenFunc  open_func);
KilnTransport *kiln_transport_open            (const char            *port,
                                               guint                  baud,
                                               GError               **error);
void           kiln_transport_init            (KilnTransport          *self,
                                               const KilnTransportOps *ops,
                                               KilnTransportKind       kind,
                                               const char             *port,
                                               guint                   baud);
void           kiln_transport_free            (KilnTransport         *self);

gboolean       kiln_transport_read            (KilnTransport  *self,
                                               guint8         *buf,
                                               gsize           len,
                                               gsize          *n_read,
                                               guint           timeout_ms,
                                               GError        **error);
gboolean       kiln_transport_read_until      (KilnTransport  *self,
                                               guint8         *buf,
                                               gsize           len,
                                               gsize          *n_read,
                                               gint64          deadline_us,
                                               GCancellable   *cancellable,
                                               GError        **error);
gboolean       kiln_transport_write           (KilnTransport  *self,
                                               const guint8   *buf,
                                               gsize           len,
                                               GError        **error);
gboolean       kiln_transport_set_baud        (KilnTransport  *self,
                                               guint           baud,
                                               GError        **error);
gboolean       kiln_transport_set_lines       (KilnTransport  *self,
                                               gboolean        dtr,
                                               gboolean        rts,
                                               GError        **error);
gboolean       kiln_transport_has_lines       (KilnTransport  *self);
gboolean       kiln_transport_flush_input     (KilnTransport  *self,
                                               GError        **error);
GBytes        *kiln_transport_drain           (KilnTransport  *self,
                                               guint           quiet_ms,
                                               guint           max_ms,
                                               GCancellable   *cancellable,
                                               GError        **error);

/* Concrete transports built into the core. */
KilnTransport *kiln_transport_serial_open     (const char  *path,
                                               guint        baud,
                                               GError     **error);
GPtrArray     *kiln_transport_serial_list     (void);
KilnTransport *kiln_transport_tcp_open        (const char  *url,
                                               guint        baud,
                                               GError     **error);
KilnTransport *kiln_transport_rfc2217_open    (const char  *url,
                                               guint        baud,
                                               GError     **error);

/**
 * KilnPortInfo:
 * @name: what to pass to kiln_transport_open()
 * @description: human readable ("CP2102 USB to UART Bridge Controller")
 * @usb_vid: USB vendor id or 0
 * @usb_pid: USB product id or 0
 * @serial: USB serial number or NULL
 * @is_virtual: TRUE for the in-process virtual devices
 */
typedef struct
{
  char    *name;
  char    *description;
  guint16  usb_vid;
  guint16  usb_pid;
  char    *serial;
  gboolean is_virtual;
} KilnPortInfo;

void       kiln_port_info_free  (KilnPortInfo *info);
GPtrArray *kiln_list_ports      (void);
void       kiln_transport_register_listed_port (const char *name,
                                                const char *description);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnTransport, kiln_transport_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnPortInfo, kiln_port_info_free)

G_END_DECLS
