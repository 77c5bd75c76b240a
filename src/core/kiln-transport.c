/* kiln-transport.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-transport.h"

/* The scheme registry lets programs that link the virtual device offer
 * "sim:" without the core ever including it. */
typedef struct
{
  char                 *scheme;
  KilnTransportOpenFunc open_func;
} Scheme;

typedef struct
{
  char *name;
  char *description;
} ListedPort;

static GMutex schemes_lock;
static GPtrArray *schemes;
static GPtrArray *listed_ports;

void
kiln_transport_register_scheme (const char            *scheme,
                                KilnTransportOpenFunc  open_func)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&schemes_lock);

  if (schemes == NULL)
    schemes = g_ptr_array_new ();
  for (guint i = 0; i < schemes->len; i++)
    {
      Scheme *s = g_ptr_array_index (schemes, i);
      if (g_str_equal (s->scheme, scheme))
        {
          s->open_func = open_func;
          return;
        }
    }

  Scheme *s = g_new0 (Scheme, 1);
  s->scheme = g_strdup (scheme);
  s->open_func = open_func;
  g_ptr_array_add (schemes, s);
}

/**
 * kiln_transport_register_listed_port:
 * @name: a port string that kiln_transport_open() accepts
 * @description: what to show beside it
 *
 * Adds a port that kiln_list_ports() reports besides the system's serial
 * ports: the virtual devices register themselves this way.
 */
void
kiln_transport_register_listed_port (const char *name,
                                     const char *description)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&schemes_lock);

  if (listed_ports == NULL)
    listed_ports = g_ptr_array_new ();
  for (guint i = 0; i < listed_ports->len; i++)
    {
      ListedPort *p = g_ptr_array_index (listed_ports, i);
      if (g_str_equal (p->name, name))
        return;
    }
  ListedPort *p = g_new0 (ListedPort, 1);
  p->name = g_strdup (name);
  p->description = g_strdup (description);
  g_ptr_array_add (listed_ports, p);
}

static KilnTransportOpenFunc
lookup_scheme (const char *port)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&schemes_lock);
  const char *colon = strchr (port, ':');

  if (schemes == NULL || colon == NULL)
    return NULL;
  for (guint i = 0; i < schemes->len; i++)
    {
      Scheme *s = g_ptr_array_index (schemes, i);
      gsize n = strlen (s->scheme);
      if ((gsize) (colon - port) == n && strncmp (port, s->scheme, n) == 0)
        return s->open_func;
    }
  return NULL;
}

/* The ports this program has open, by the name they were opened with,
 * and how often.  A tab of the app that listens on a port lets go of it a
 * moment after it is told to (its worker notices within 100 ms); a job
 * that starts then must not find the port busy, so opening a port this
 * program holds waits for it, up to HELD_WAIT_US.  Other programs' hold
 * is the operating system's business, and fails at once. */
#define HELD_WAIT_US (2 * G_USEC_PER_SEC)
static GMutex      held_lock;
static GCond       held_cond;
static GHashTable *held;        /* name → count */

static void
wait_until_let_go (const char *port)
{
  gint64 deadline = g_get_monotonic_time () + HELD_WAIT_US;

  g_mutex_lock (&held_lock);
  while (held != NULL && g_hash_table_contains (held, port))
    if (!g_cond_wait_until (&held_cond, &held_lock, deadline))
      break;
  g_mutex_unlock (&held_lock);
}

static void
hold (KilnTransport *self,
      const char    *port)
{
  guint count;

  g_mutex_lock (&held_lock);
  if (held == NULL)
    held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (held, port));
  g_hash_table_insert (held, g_strdup (port), GUINT_TO_POINTER (count + 1));
  self->held_as = g_strdup (port);
  g_mutex_unlock (&held_lock);
}

/* Called once the port is closed: a waiting open then finds it free. */
static void
let_go (char *port)
{
  guint count;

  if (port == NULL)
    return;
  g_mutex_lock (&held_lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (held, port));
  if (count <= 1)
    g_hash_table_remove (held, port);
  else
    g_hash_table_insert (held, g_strdup (port), GUINT_TO_POINTER (count - 1));
  g_cond_broadcast (&held_cond);
  g_mutex_unlock (&held_lock);
  g_free (port);
}

static KilnTransport *open_port (const char  *port,
                                 guint        baud,
                                 GError     **error);

/**
 * kiln_transport_open:
 * @port: "/dev/ttyUSB0", "COM3", "socket://host:port", "rfc2217://host:port"
 *   or a registered scheme such as "sim:esp8266"
 * @baud: the initial line speed
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the open transport, or %NULL
 */
KilnTransport *
kiln_transport_open (const char  *port,
                     guint        baud,
                     GError     **error)
{
  KilnTransport *self;

  g_return_val_if_fail (port != NULL, NULL);

  if (*port == '\0')
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("No port given. Choose the board's serial port (for example /dev/ttyUSB0 "
                     "or COM3), or the virtual device sim:esp8266."));
      return NULL;
    }
  wait_until_let_go (port);
  self = open_port (port, baud, error);
  if (self != NULL)
    hold (self, port);
  return self;
}

static KilnTransport *
open_port (const char  *port,
           guint        baud,
           GError     **error)
{
  KilnTransportOpenFunc open_func;

  if (g_str_has_prefix (port, "socket://"))
    return kiln_transport_tcp_open (port, baud, error);
  if (g_str_has_prefix (port, "rfc2217://"))
    return kiln_transport_rfc2217_open (port, baud, error);

  open_func = lookup_scheme (port);
  if (open_func != NULL)
    return open_func (port, baud, error);

  if (g_str_has_prefix (port, "sim:"))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                   _("The virtual device “%s” is not available in this program."), port);
      return NULL;
    }
  if (strstr (port, "://") != NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                   _("Unknown port type “%s”. Use a serial port, socket://HOST:PORT, "
                     "rfc2217://HOST:PORT or sim:CHIP."),
                   port);
      return NULL;
    }

  return kiln_transport_serial_open (port, baud, error);
}

void
kiln_transport_init (KilnTransport          *self,
                     const KilnTransportOps *ops,
                     KilnTransportKind       kind,
                     const char             *port,
                     guint                   baud)
{
  self->ops = ops;
  self->kind = kind;
  self->port = g_strdup (port);
  self->baud = baud;
}

void
kiln_transport_free (KilnTransport *self)
{
  char *port;
  char *serial;
  char *note;
  char *held_as;

  if (self == NULL)
    return;
  port = self->port;
  serial = self->usb_serial;
  note = self->note;
  held_as = self->held_as;
  self->ops->free (self);
  let_go (held_as);
  g_free (port);
  g_free (serial);
  g_free (note);
}

gboolean
kiln_transport_read (KilnTransport  *self,
                     guint8         *buf,
                     gsize           len,
                     gsize          *n_read,
                     guint           timeout_ms,
                     GError        **error)
{
  *n_read = 0;
  return self->ops->read (self, buf, len, n_read, timeout_ms, error);
}

/**
 * kiln_transport_read_until:
 * @deadline_us: g_get_monotonic_time() value after which to give up
 *
 * Reads at least one byte (up to @len) before the deadline, in slices of
 * at most 50 ms so that @cancellable is honoured promptly.  *@n_read is 0
 * when the deadline passed without data.
 */
gboolean
kiln_transport_read_until (KilnTransport  *self,
                           guint8         *buf,
                           gsize           len,
                           gsize          *n_read,
                           gint64          deadline_us,
                           GCancellable   *cancellable,
                           GError        **error)
{
  *n_read = 0;
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 left_ms = (deadline_us - now + 999) / 1000;
      guint slice;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (left_ms <= 0)
        return TRUE;
      slice = (guint) MIN (left_ms, 50);
      *n_read = 0;
      if (!self->ops->read (self, buf, len, n_read, slice, error))
        return FALSE;
      if (*n_read > 0)
        return TRUE;
    }
}

gboolean
kiln_transport_write (KilnTransport  *self,
                      const guint8   *buf,
                      gsize           len,
                      GError        **error)
{
  return self->ops->write (self, buf, len, error);
}

gboolean
kiln_transport_set_baud (KilnTransport  *self,
                         guint           baud,
                         GError        **error)
{
  if (self->ops->set_baud != NULL && !self->ops->set_baud (self, baud, error))
    return FALSE;
  self->baud = baud;
  return TRUE;
}

gboolean
kiln_transport_set_lines (KilnTransport  *self,
                          gboolean        dtr,
                          gboolean        rts,
                          GError        **error)
{
  if (self->ops->set_lines == NULL)
    return TRUE;
  return self->ops->set_lines (self, dtr, rts, error);
}

gboolean
kiln_transport_has_lines (KilnTransport *self)
{
  return self->ops->set_lines != NULL;
}

gboolean
kiln_transport_flush_input (KilnTransport  *self,
                            GError        **error)
{
  guint8 scratch[256];
  gsize n;

  if (self->ops->flush_input != NULL)
    return self->ops->flush_input (self, error);
  /* No native flush: read what is already there. */
  do
    {
      n = 0;
      if (!self->ops->read (self, scratch, sizeof scratch, &n, 0, error))
        return FALSE;
    }
  while (n > 0);
  return TRUE;
}

/**
 * kiln_transport_drain:
 * @quiet_ms: stop once the line has been silent this long
 * @max_ms: stop after this long in any case
 *
 * Collects whatever the device prints, e.g. a boot log after a reset.
 *
 * Returns: (transfer full): the bytes read (possibly empty), or %NULL on error
 */
GBytes *
kiln_transport_drain (KilnTransport  *self,
                      guint           quiet_ms,
                      guint           max_ms,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gint64 end = g_get_monotonic_time () + (gint64) max_ms * 1000;

  for (;;)
    {
      guint8 buf[512];
      gsize n = 0;
      gint64 now = g_get_monotonic_time ();
      gint64 deadline = MIN (end, now + (gint64) quiet_ms * 1000);

      if (now >= end)
        break;
      if (!kiln_transport_read_until (self, buf, sizeof buf, &n, deadline, cancellable, error))
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (out, buf, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

void
kiln_port_info_free (KilnPortInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->description);
  g_free (info->serial);
  g_free (info);
}

/**
 * kiln_list_ports:
 *
 * Returns: (transfer full) (element-type KilnPortInfo): the system's serial
 *   ports followed by the registered virtual ones
 */
GPtrArray *
kiln_list_ports (void)
{
  GPtrArray *ports = kiln_transport_serial_list ();
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&schemes_lock);

  for (guint i = 0; listed_ports != NULL && i < listed_ports->len; i++)
    {
      ListedPort *p = g_ptr_array_index (listed_ports, i);
      KilnPortInfo *info = g_new0 (KilnPortInfo, 1);
      info->name = g_strdup (p->name);
      info->description = g_strdup (p->description);
      info->is_virtual = TRUE;
      g_ptr_array_add (ports, info);
    }
  return ports;
}
