/* kiln-sim-pty.c: the virtual board on a pseudo-terminal (kiln-sim --pty).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A POSIX pty looks like a serial port to programs that open a path:
 * terminal programs, other flashing tools, and Wine, which maps a COM port
 * to it (a dosdevices/comN link), so a Windows build of kiln-cli reaches
 * the board through libserialport's Windows backend.  Kiln's own serial
 * backend on Linux cannot use it: libserialport 0.1.1 refuses a port
 * without a /sys/class/tty entry, which ptys lack.
 *
 * A pty carries bytes only: no baud (the client hears the chip at
 * whatever rate it runs, as on socket://) and no DTR/RTS, so the board
 * cannot be reset through it and stays in the ROM loader; clients connect
 * without a reset (--before no-reset).  The board keeps running between
 * clients, and kiln-sim keeps the other end open so that a client closing
 * the port is not a hang-up.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "kiln-error.h"
#include "kiln-sim-private.h"
#include "kiln-sim-pty.h"

typedef struct
{
  KilnTransport *transport;
  int            master;
  gint           stop;
} Pump;

/* Device → pty, in its own thread so that both directions flow. */
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
          ssize_t w = write (p->master, buf + off, n - off);
          if (w < 0 && (errno == EINTR || errno == EAGAIN))
            {
              g_usleep (1000);
              continue;
            }
          if (w <= 0)
            goto done;
          off += (gsize) w;
        }
    }
done:
  g_atomic_int_set (&p->stop, 1);
  return NULL;
}

static gboolean
set_error_errno (GError     **error,
                 const char  *what)
{
  int errsv = errno;

  g_set_error (error, KILN_ERROR, KILN_ERROR_PORT, _("Cannot create a pseudo-terminal (%s): %s"),
               what, g_strerror (errsv));
  return FALSE;
}

/**
 * kiln_sim_pty_run:
 *
 * Creates a pseudo-terminal, prints "pty PATH" on stdout once ready, and
 * serves the board on it until the program ends or the device side fails
 * (the disconnect fault).
 *
 * Returns: 0, or 1 with @error set
 */
int
kiln_sim_pty_run (KilnSim  *sim,
                  GError  **error)
{
  g_autoptr(GError) local = NULL;
  struct termios tio;
  const char *name;
  GThread *out;
  Pump pump = { 0 };
  int slave;
  guint8 buf[4096];

  pump.master = posix_openpt (O_RDWR | O_NOCTTY);
  if (pump.master < 0)
    {
      set_error_errno (error, "posix_openpt");
      return 1;
    }
  if (grantpt (pump.master) != 0 || unlockpt (pump.master) != 0 ||
      (name = ptsname (pump.master)) == NULL)
    {
      set_error_errno (error, "grantpt");
      close (pump.master);
      return 1;
    }
  /* Held open for the whole run: no hang-up when a client closes it, and
   * raw mode from the start, so nothing is echoed or translated. */
  slave = open (name, O_RDWR | O_NOCTTY);
  if (slave < 0 || tcgetattr (slave, &tio) != 0)
    {
      set_error_errno (error, name);
      if (slave >= 0)
        close (slave);
      close (pump.master);
      return 1;
    }
  cfmakeraw (&tio);
  tcsetattr (slave, TCSANOW, &tio);

  pump.transport = kiln_sim_transport_new (sim, name, 115200, TRUE, error);
  if (pump.transport == NULL)
    {
      close (slave);
      close (pump.master);
      return 1;
    }
  printf ("pty %s\n", name);
  fflush (stdout);

  out = g_thread_new ("kiln-sim-pty", pump_out, &pump);
  while (!g_atomic_int_get (&pump.stop))
    {
      struct pollfd pfd = { pump.master, POLLIN, 0 };
      ssize_t n;

      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = read (pump.master, buf, sizeof buf);
      if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EIO))
        {
          /* EIO: no client has the port open just now. */
          g_usleep (10 * 1000);
          continue;
        }
      if (n <= 0)
        break;
      if (!kiln_transport_write (pump.transport, buf, (gsize) n, &local))
        break;                  /* the disconnect fault */
    }

  g_atomic_int_set (&pump.stop, 1);
  g_thread_join (out);
  /* Closing the transport saves the flash file. */
  kiln_transport_free (pump.transport);
  close (slave);
  close (pump.master);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return 1;
    }
  return 0;
}
