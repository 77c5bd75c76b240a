/* kiln-transport-serial.c: local serial ports through libserialport.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libserialport.h>
#include <string.h>
#ifdef G_OS_UNIX
# include <sys/file.h>
# include <sys/ioctl.h>
# include <unistd.h>
#endif

#include "kiln-error.h"
#include "kiln-os.h"
#include "kiln-serial-win32.h"
#include "kiln-transport.h"

typedef struct
{
  KilnTransport    parent;
  struct sp_port  *sp;
} KilnTransportSerial;

#ifdef G_OS_UNIX
/* Names the program holding a device, by looking for it among every
 * process's open files, so "busy" can say who to close. */
static char *
find_port_holder (const char *path)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autofree char *real = realpath (path, NULL);
  const char *pid;

  if (proc == NULL || real == NULL)
    return NULL;
  while ((pid = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *fddir = NULL;
      g_autoptr(GDir) fds = NULL;
      const char *fd;

      if (!g_ascii_isdigit (pid[0]) || (pid_t) atoi (pid) == getpid ())
        continue;
      fddir = g_build_filename ("/proc", pid, "fd", NULL);
      fds = g_dir_open (fddir, 0, NULL);
      if (fds == NULL)
        continue;
      while ((fd = g_dir_read_name (fds)) != NULL)
        {
          g_autofree char *link = g_build_filename (fddir, fd, NULL);
          g_autofree char *target = g_file_read_link (link, NULL);
          if (target != NULL && g_str_equal (target, real))
            {
              g_autofree char *comm_path = g_build_filename ("/proc", pid, "comm", NULL);
              g_autofree char *comm = NULL;
              if (g_file_get_contents (comm_path, &comm, NULL, NULL))
                return g_strdup_printf ("%s (pid %s)", g_strstrip (comm), pid);
              return g_strdup_printf ("pid %s", pid);
            }
        }
    }
  return NULL;
}
#endif

static void
set_open_error (const char  *path,
                int          errsv,
                const char  *detail,
                GError     **error)
{
#ifdef G_OS_WIN32
  /* libserialport reports GetLastError() codes there, not errno. */
  kiln_serial_set_win32_error (error, (guint32) errsv, path, NULL, detail);
  return;
#endif
  switch (errsv)
    {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                   _("Port %s does not exist. Check that the board is plugged in and pick it "
                     "from the port list (kiln-cli: see the ports under /dev/serial/by-id/)."),
                   path);
      return;
    case EACCES:
    case EPERM:
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_PERMISSION,
                   _("Permission denied opening %s. Add yourself to the group that owns it "
                     "(usually “dialout”): sudo usermod -aG dialout $USER, then log out and in "
                     "again. On Ubuntu, if a CH340 board disconnects at once, remove brltty: "
                     "sudo apt remove brltty."),
                   path);
      return;
    case EBUSY:
      {
        g_autofree char *holder = NULL;
#ifdef G_OS_UNIX
        holder = find_port_holder (path);
#endif
        if (holder != NULL)
          g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY,
                       _("Port %s is in use by %s. Close that program (a serial monitor or "
                         "another flasher) and try again."), path, holder);
        else
          g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY,
                       _("Port %s is in use by another program. Close serial monitors and other "
                         "flashers using it and try again."), path);
        return;
      }
    default:
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                   _("Could not open port %s: %s"), path,
                   detail != NULL ? detail : g_strerror (errsv));
      return;
    }
}

static gboolean
check (enum sp_return   rc,
       KilnTransport   *self,
       const char      *what,
       GError         **error)
{
  if (rc >= 0)
    return TRUE;
  if (rc == SP_ERR_FAIL)
    {
      int errsv = sp_last_error_code ();
      char *msg = sp_last_error_message ();
#ifdef G_OS_WIN32
      /* libserialport reports GetLastError() codes there, not errno. */
      kiln_serial_set_win32_error (error, (guint32) errsv, self->port, what, msg);
#else
      /* EIO/ENXIO after a successful open means the adapter was unplugged. */
      if (errsv == EIO || errsv == ENXIO || errsv == ENODEV)
        g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                     _("Port %s disappeared while %s (was the USB cable unplugged?). Reconnect "
                       "the board and start again."), self->port, what);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                     _("Port %s failed while %s: %s"), self->port, what, g_strstrip (msg));
#endif
      sp_free_error_message (msg);
    }
  else
    g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                 _("Port %s failed while %s (libserialport error %d)."), self->port, what, rc);
  return FALSE;
}

static gboolean
serial_read (KilnTransport  *self,
             guint8         *buf,
             gsize           len,
             gsize          *n_read,
             guint           timeout_ms,
             GError        **error)
{
  KilnTransportSerial *s = (KilnTransportSerial *) self;
  enum sp_return rc;

  *n_read = 0;
#ifdef G_OS_WIN32
  {
    /* Not through libserialport there: kiln-serial-io-win32.c says why. */
    gpointer handle = NULL;
    guint32 code = 0;
    gssize n;

    sp_get_port_handle (s->sp, &handle);
    n = kiln_serial_win32_read (handle, buf, len, timeout_ms, &code);
    if (n < 0)
      {
        kiln_serial_set_win32_error (error, code, self->port, _("reading"), NULL);
        return FALSE;
      }
    *n_read = (gsize) n;
    return TRUE;
  }
#endif
  /* A timeout of 0 means "forever" to libserialport: use the non-blocking call. */
  if (timeout_ms == 0)
    rc = sp_nonblocking_read (s->sp, buf, len);
  else
    rc = sp_blocking_read_next (s->sp, buf, len, timeout_ms);
  if (!check (rc, self, _("reading"), error))
    return FALSE;
  *n_read = (gsize) rc;
  return TRUE;
}

static gboolean
serial_write (KilnTransport  *self,
              const guint8   *buf,
              gsize           len,
              GError        **error)
{
  KilnTransportSerial *s = (KilnTransportSerial *) self;
  /* Generous: at 9600 baud a 16 KiB block takes about 17 s. */
  guint timeout = 2000 + (guint) (len * 10 * 1000 / MAX (self->baud, 1200)) * 2;
  enum sp_return rc = sp_blocking_write (s->sp, buf, len, timeout);

  if (!check (rc, self, _("writing"), error))
    return FALSE;
  if ((gsize) rc != len)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT,
                   _("Port %s did not accept data for %u ms. Check the adapter."), self->port,
                   timeout);
      return FALSE;
    }
  return TRUE;
}

static gboolean
serial_set_baud (KilnTransport  *self,
                 guint           baud,
                 GError        **error)
{
  KilnTransportSerial *s = (KilnTransportSerial *) self;

  if (sp_set_baudrate (s->sp, (int) baud) < 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                   _("The adapter on %s refused %u baud. Choose a lower or standard rate."),
                   self->port, baud);
      return FALSE;
    }
  return TRUE;
}

static gboolean
serial_set_lines (KilnTransport  *self,
                  gboolean        dtr,
                  gboolean        rts,
                  GError        **error)
{
  KilnTransportSerial *s = (KilnTransportSerial *) self;
  if (!check (sp_set_rts (s->sp, rts ? SP_RTS_ON : SP_RTS_OFF), self, _("setting RTS"), error))
    return FALSE;
  /* Some drivers only push the state when RTS changes, so write DTR after it. */
  return check (sp_set_dtr (s->sp, dtr ? SP_DTR_ON : SP_DTR_OFF), self, _("setting DTR"), error);
}

static gboolean
serial_flush_input (KilnTransport  *self,
                    GError        **error)
{
  KilnTransportSerial *s = (KilnTransportSerial *) self;
#ifdef G_OS_WIN32
  gpointer handle = NULL;
  guint32 code;

  sp_get_port_handle (s->sp, &handle);
  code = kiln_serial_win32_flush_input (handle);
  if (code != 0)
    kiln_serial_set_win32_error (error, code, self->port, _("flushing"), NULL);
  return code == 0;
#else
  return check (sp_flush (s->sp, SP_BUF_INPUT), self, _("flushing"), error);
#endif
}

static void
serial_free (KilnTransport *self)
{
  KilnTransportSerial *s = (KilnTransportSerial *) self;
  if (s->sp != NULL)
    {
      sp_close (s->sp);
      sp_free_port (s->sp);
    }
  g_free (s);
}

static const KilnTransportOps serial_ops = {
  .name = "serial",
  .read = serial_read,
  .write = serial_write,
  .set_baud = serial_set_baud,
  .set_lines = serial_set_lines,
  .flush_input = serial_flush_input,
  .free = serial_free,
};

KilnTransport *
kiln_transport_serial_open (const char  *path,
                            guint        baud,
                            GError     **error)
{
  g_autofree KilnTransportSerial *s = g_new0 (KilnTransportSerial, 1);
  g_autofree char *name = kiln_os_serial_port_name (path);
  struct sp_port *sp = NULL;
  struct sp_port_config *config = NULL;
  int vid = 0, pid = 0;

  if (sp_get_port_by_name (name, &sp) != SP_OK)
    {
#ifdef G_OS_UNIX
      int errsv = g_access (path, F_OK) == 0 ? ENODEV : ENOENT;
      if (errsv == ENODEV)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                       _("%s is not a serial port Kiln can use."), path);
          return NULL;
        }
      set_open_error (path, errsv, NULL, error);
#else
      set_open_error (path, KILN_WIN32_ERROR_FILE_NOT_FOUND, NULL, error);
#endif
      return NULL;
    }

  if (sp_open (sp, SP_MODE_READ_WRITE) != SP_OK)
    {
      int errsv = sp_last_error_code ();
      char *msg = sp_last_error_message ();
      set_open_error (path, errsv, msg, error);
      sp_free_error_message (msg);
      sp_free_port (sp);
      return NULL;
    }

#if defined(G_OS_UNIX) && defined(TIOCEXCL)
  {
    int fd = -1;
    if (sp_get_port_handle (sp, &fd) == SP_OK && fd >= 0)
      {
        /* Advisory lock shared with other careful programs, then exclusive mode
         * so nobody else can open the tty while a flash is in progress. */
        if (flock (fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)
          {
            sp_close (sp);
            sp_free_port (sp);
            set_open_error (path, EBUSY, NULL, error);
            return NULL;
          }
        ioctl (fd, TIOCEXCL);
      }
  }
#endif

  sp_new_config (&config);
  sp_set_config_baudrate (config, (int) baud);
  sp_set_config_bits (config, 8);
  sp_set_config_parity (config, SP_PARITY_NONE);
  sp_set_config_stopbits (config, 1);
  sp_set_config_flowcontrol (config, SP_FLOWCONTROL_NONE);
  /* Flow control off means the driver leaves DTR/RTS to us; keep both released. */
  sp_set_config_dtr (config, SP_DTR_OFF);
  sp_set_config_rts (config, SP_RTS_OFF);
  if (sp_set_config (sp, config) != SP_OK)
    {
      sp_free_config (config);
      sp_close (sp);
      sp_free_port (sp);
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                   _("Could not configure %s for %u baud, 8N1."), path, baud);
      return NULL;
    }
  sp_free_config (config);

  kiln_transport_init (&s->parent, &serial_ops, KILN_TRANSPORT_SERIAL, path, baud);
  s->sp = sp;
  if (sp_get_port_transport (sp) == SP_TRANSPORT_USB && sp_get_port_usb_vid_pid (sp, &vid, &pid) == SP_OK)
    {
      s->parent.usb_vid = (guint16) vid;
      s->parent.usb_pid = (guint16) pid;
      /* Tells two adapters of the same model apart (the baud memory). */
      s->parent.usb_serial = g_strdup (sp_get_port_usb_serial (sp));
    }
  return (KilnTransport *) g_steal_pointer (&s);
}

GPtrArray *
kiln_transport_serial_list (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_port_info_free);
  struct sp_port **list = NULL;

  if (sp_list_ports (&list) != SP_OK)
    return out;
  for (guint i = 0; list[i] != NULL; i++)
    {
      struct sp_port *p = list[i];
      KilnPortInfo *info = g_new0 (KilnPortInfo, 1);
      const char *desc = sp_get_port_description (p);
      int vid = 0, pid = 0;

      info->name = g_strdup (sp_get_port_name (p));
      if (sp_get_port_transport (p) == SP_TRANSPORT_USB)
        {
          const char *product = sp_get_port_usb_product (p);
          const char *serial = sp_get_port_usb_serial (p);
          if (sp_get_port_usb_vid_pid (p, &vid, &pid) == SP_OK)
            {
              info->usb_vid = (guint16) vid;
              info->usb_pid = (guint16) pid;
            }
          info->serial = g_strdup (serial);
          info->description = g_strdup (product != NULL ? product : desc);
        }
      else
        info->description = g_strdup (desc);
      g_ptr_array_add (out, info);
    }
  sp_free_port_list (list);
  return out;
}
