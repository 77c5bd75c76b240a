/* kiln-serial-latency.c: an FTDI adapter's latency timer, lowered while
 * Kiln has the port open.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An FTDI bridge holds what the chip sends until a USB packet is full or
 * its latency timer runs out, 16 ms by default.  The ROM loader answers
 * every 1 KiB block before it takes the next, so each block waits for the
 * timer (bench/README.md measures what that costs); at 1 ms the cost is
 * small.
 *
 * Linux's ftdi_sio driver shows the timer as the sysfs attribute
 * /sys/bus/usb-serial/devices/ttyUSBn/latency_timer.  Kiln lowers it to
 * 1 ms when it opens such a port and puts the old value back when it
 * closes the port, which every way out of a job does (the transport is
 * freed on errors, on cancelling and at the end).  The attribute belongs to
 * root; where Kiln may not write it, it sets the port's low-latency flag
 * (TIOCSSERIAL, ASYNC_LOW_LATENCY), which any user who may open the port
 * may do and which makes the driver program 1 ms until the flag is
 * cleared.  When neither works the flash goes on at the old timer and the
 * note says so.  Ports without the attribute (CP210x, CH340, the chip's
 * own USB, other systems) are left alone.
 *
 * KILN_TEST_SYSFS_ROOT (for tests only) puts the sysfs tree somewhere else,
 * so that the tests can use a fake one.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libserialport.h>

#include "kiln-serial-latency.h"

#ifdef __linux__

#include <errno.h>
#include <fcntl.h>
#include <linux/serial.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define LOW_MS 1u

typedef enum
{
  BY_NONE,
  BY_SYSFS,   /* the attribute was written */
  BY_FLAG,    /* the port's ASYNC_LOW_LATENCY flag was set */
} Method;

struct _KilnSerialLatency
{
  char   *name;     /* "ttyUSB0", for messages */
  char   *file;     /* its latency_timer attribute */
  int     fd;       /* the open port, for the flag */
  Method  method;
  guint   old_ms;
};

/* "ttyUSB0" for /dev/ttyUSB0 and for the /dev/serial/by-id/… links to it. */
static char *
device_name (const char *tty_path)
{
  char *real = realpath (tty_path, NULL);
  char *name = g_path_get_basename (real != NULL ? real : tty_path);

  free (real);
  return name;
}

static char *
attribute_path (const char *name)
{
  const char *root = g_getenv ("KILN_TEST_SYSFS_ROOT");

  if (root == NULL || *root == '\0')
    root = "/sys";
  return g_build_filename (root, "bus", "usb-serial", "devices", name, "latency_timer", NULL);
}

static gboolean
read_ms (const char  *file,
         guint       *ms,
         GError     **error)
{
  g_autofree char *text = NULL;
  guint64 v;

  if (!g_file_get_contents (file, &text, NULL, error))
    return FALSE;
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, 0, 255, &v, error))
    return FALSE;
  *ms = (guint) v;
  return TRUE;
}

/* Returns 0 or the errno. */
static int
write_ms (const char *file,
          guint       ms)
{
  char text[8];
  gsize len = (gsize) g_snprintf (text, sizeof text, "%u\n", ms);
  int fd = open (file, O_WRONLY | O_TRUNC | O_CLOEXEC);
  int errsv = 0;

  if (fd < 0)
    return errno;
  if (write (fd, text, len) != (gssize) len)
    errsv = errno != 0 ? errno : EIO;
  close (fd);
  return errsv;
}

/* Returns 0 or the errno. */
static int
set_flag (int      fd,
          gboolean on)
{
  struct serial_struct ss;

  if (fd < 0)
    return EBADF;
  memset (&ss, 0, sizeof ss);
  if (ioctl (fd, TIOCGSERIAL, &ss) != 0)
    return errno;
  if (on)
    ss.flags |= ASYNC_LOW_LATENCY;
  else
    ss.flags &= ~ASYNC_LOW_LATENCY;
  if (ioctl (fd, TIOCSSERIAL, &ss) != 0)
    return errno;
  return 0;
}

/**
 * kiln_serial_latency_lower:
 * @tty_path: the port's device file (a /dev/serial/by-id link will do)
 * @fd: the open port, or -1 (then only the attribute is tried)
 * @note: (out) (nullable): a sentence for the log: what was done, or why
 *   nothing could be; %NULL when there was nothing to do
 *
 * Sets the latency timer of an FTDI adapter to 1 ms.  Never fails the
 * caller: a port it cannot change works as before, only slower.
 *
 * Returns: (transfer full) (nullable): what kiln_serial_latency_restore()
 * needs to put the old value back, or %NULL if nothing was changed
 */
KilnSerialLatency *
kiln_serial_latency_lower (const char  *tty_path,
                           int          fd,
                           char       **note)
{
  g_autofree char *name = device_name (tty_path);
  g_autofree char *file = attribute_path (name);
  g_autoptr(GError) error = NULL;
  KilnSerialLatency *self;
  guint old = 0, now = 0;
  Method method;
  int errsv;

  *note = NULL;
  if (!g_file_test (file, G_FILE_TEST_EXISTS))
    return NULL;
  if (!read_ms (file, &old, &error))
    {
      *note = g_strdup_printf (_("Could not read the latency timer of the FTDI adapter %s (%s); "
                                 "it is left as it is."), name, error->message);
      return NULL;
    }
  if (old <= LOW_MS)
    return NULL;

  errsv = write_ms (file, LOW_MS);
  if (errsv == 0)
    method = BY_SYSFS;
  else if (set_flag (fd, TRUE) == 0)
    {
      /* The driver shows 1 while the flag is set; a driver that ignores
       * the flag gets it cleared again. */
      if (!read_ms (file, &now, NULL) || now > LOW_MS)
        {
          set_flag (fd, FALSE);
          method = BY_NONE;
        }
      else
        method = BY_FLAG;
    }
  else
    method = BY_NONE;

  if (method == BY_NONE)
    {
      *note = g_strdup_printf (_("Could not lower the latency timer of the FTDI adapter %s from "
                                 "%u ms to 1 ms (%s: %s). Each reply from the chip may wait up "
                                 "to %u ms, which slows writing through the ROM loader; a udev "
                                 "rule can set it to 1 for good."),
                               name, old, file, g_strerror (errsv), old);
      return NULL;
    }

  *note = g_strdup_printf (_("The FTDI adapter %s holds replies for up to %u ms: its latency "
                             "timer is at 1 ms while Kiln has the port open."), name, old);
  self = g_new0 (KilnSerialLatency, 1);
  self->name = g_steal_pointer (&name);
  self->file = g_steal_pointer (&file);
  self->fd = fd;
  self->method = method;
  self->old_ms = old;
  return self;
}

/**
 * kiln_serial_latency_lower_port:
 * @port: an open libserialport port
 *
 * kiln_serial_latency_lower() for an open port.
 */
KilnSerialLatency *
kiln_serial_latency_lower_port (struct sp_port  *port,
                                char           **note)
{
  int fd = -1;

  if (sp_get_port_handle (port, &fd) != SP_OK)
    fd = -1;
  return kiln_serial_latency_lower (sp_get_port_name (port), fd, note);
}

/**
 * kiln_serial_latency_restore:
 * @self: (transfer full) (nullable): what kiln_serial_latency_lower() returned
 *
 * Puts the old latency back, before the port is closed, and frees @self.
 * An adapter that has been unplugged has nothing to restore: plugged in
 * again, it starts at its default.
 */
void
kiln_serial_latency_restore (KilnSerialLatency *self)
{
  int errsv;

  if (self == NULL)
    return;
  if (self->method == BY_SYSFS)
    errsv = write_ms (self->file, self->old_ms);
  else
    errsv = set_flag (self->fd, FALSE);
  if (errsv != 0 && g_file_test (self->file, G_FILE_TEST_EXISTS))
    g_warning ("Could not set the latency timer of the FTDI adapter %s back to %u ms (%s). "
               "Unplugging it and plugging it in again resets it.",
               self->name, self->old_ms, g_strerror (errsv));
  g_free (self->name);
  g_free (self->file);
  g_free (self);
}

#else /* !__linux__: no such attribute elsewhere */

KilnSerialLatency *
kiln_serial_latency_lower (const char  *tty_path,
                           int          fd,
                           char       **note)
{
  *note = NULL;
  return NULL;
}

KilnSerialLatency *
kiln_serial_latency_lower_port (struct sp_port  *port,
                                char           **note)
{
  *note = NULL;
  return NULL;
}

void
kiln_serial_latency_restore (KilnSerialLatency *self)
{
}

#endif
