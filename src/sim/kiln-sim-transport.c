/* kiln-sim-transport.c: the in-process "sim:" transport.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A host plugged straight into the virtual board's UART: baud and the
 * DTR/RTS modem lines work as on a USB-serial bridge wired to the usual
 * auto-reset circuit.  Safe for one reader thread and one writer thread.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-sim-private.h"

typedef struct
{
  KilnTransport  parent;
  KilnSim       *sim;
} KilnSimTransport;

static gboolean
sim_read (KilnTransport  *self,
          guint8         *buf,
          gsize           len,
          gsize          *n_read,
          guint           timeout_ms,
          GError        **error)
{
  return kiln_sim_host_read (((KilnSimTransport *) self)->sim, buf, len, n_read, timeout_ms, error);
}

static gboolean
sim_write (KilnTransport  *self,
           const guint8   *buf,
           gsize           len,
           GError        **error)
{
  return kiln_sim_host_write (((KilnSimTransport *) self)->sim, buf, len, error);
}

static gboolean
sim_set_baud (KilnTransport  *self,
              guint           baud,
              GError        **error)
{
  KilnSim *sim = ((KilnSimTransport *) self)->sim;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sim->lock);

  if (baud == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT, _("A baud rate of 0 is not possible."));
      return FALSE;
    }
  sim->host_baud = baud;
  return TRUE;
}

static gboolean
sim_set_lines (KilnTransport  *self,
               gboolean        dtr,
               gboolean        rts,
               GError        **error)
{
  KilnSim *sim = ((KilnSimTransport *) self)->sim;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sim->lock);

  if (sim->link_dead)
    {
      if (sim->usb_back_at != 0)
        g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                     _("The virtual %s's USB port went away: the chip reset and is enumerating "
                       "again."), sim->chip->name);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                     _("The virtual %s was disconnected (simulated fault)."), sim->chip->name);
      return FALSE;
    }
  sim->now = g_get_monotonic_time ();
  kiln_sim_device_set_lines (sim, dtr, rts);
  return TRUE;
}

static gboolean
sim_flush_input (KilnTransport  *self,
                 GError        **error)
{
  kiln_sim_host_flush (((KilnSimTransport *) self)->sim);
  return TRUE;
}

static void
sim_free (KilnTransport *self)
{
  KilnSim *sim = ((KilnSimTransport *) self)->sim;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&sim->lock);
  kiln_sim_host_detach (sim);
  if (!kiln_sim_save_flash_locked (sim, &error))
    g_warning ("%s", error->message);
  g_mutex_unlock (&sim->lock);
  kiln_sim_unref (sim);
  g_free (self);
}

static const KilnTransportOps sim_ops = {
  .name = "sim",
  .read = sim_read,
  .write = sim_write,
  .set_baud = sim_set_baud,
  .set_lines = sim_set_lines,
  .flush_input = sim_flush_input,
  .free = sim_free,
};

/* Raw TCP has no baud and no modem lines. */
static const KilnTransportOps sim_raw_ops = {
  .name = "sim-raw",
  .read = sim_read,
  .write = sim_write,
  .set_baud = NULL,
  .set_lines = NULL,
  .flush_input = sim_flush_input,
  .free = sim_free,
};

/**
 * kiln_sim_transport_new:
 * @follow_baud: TRUE for a link without a baud (the TCP server): the host
 *   always hears the chip at whatever rate it runs
 */
KilnTransport *
kiln_sim_transport_new (KilnSim     *sim,
                        const char  *port,
                        guint        baud,
                        gboolean     follow_baud,
                        GError     **error)
{
  KilnSimTransport *t;

  g_mutex_lock (&sim->lock);
  if (sim->open)
    {
      g_mutex_unlock (&sim->lock);
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY,
                   _("The virtual %s is already in use by another connection."), sim->chip->name);
      return NULL;
    }
  if (!kiln_sim_usb_present (sim))
    {
      g_mutex_unlock (&sim->lock);
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                   _("The virtual %s's USB port is not there (the chip is resetting)."),
                   sim->chip->name);
      return NULL;
    }
  kiln_sim_host_attach (sim, baud == 0 ? 115200 : baud, follow_baud);
  g_mutex_unlock (&sim->lock);

  t = g_new0 (KilnSimTransport, 1);
  kiln_transport_init (&t->parent, follow_baud ? &sim_raw_ops : &sim_ops,
                       KILN_TRANSPORT_VIRTUAL, port, baud == 0 ? 115200 : baud);
  /* The USB identity a real port would show in the port list: Espressif's
   * vendor id with the USB-Serial/JTAG product id, or the ROM's CDC
   * product id (the chip id) on USB-OTG. */
  if (sim->opts.usb == KILN_SIM_USB_SERIAL_JTAG)
    {
      t->parent.usb_vid = 0x303A;
      t->parent.usb_pid = 0x1001;
    }
  else if (sim->opts.usb == KILN_SIM_USB_OTG)
    {
      t->parent.usb_vid = 0x303A;
      t->parent.usb_pid = sim->chip->usb_otg_pid;
    }
  if (sim->opts.usb != KILN_SIM_USB_BRIDGE)
    t->parent.usb_serial = g_strdup_printf ("%02X:%02X:%02X:%02X:%02X:%02X", sim->opts.mac[0],
                                            sim->opts.mac[1], sim->opts.mac[2], sim->opts.mac[3],
                                            sim->opts.mac[4], sim->opts.mac[5]);
  t->sim = kiln_sim_ref (sim);
  return &t->parent;
}

/**
 * kiln_sim_from_transport:
 *
 * Returns: (transfer none) (nullable): the board behind a "sim:" transport
 */
KilnSim *
kiln_sim_from_transport (KilnTransport *transport)
{
  if (transport == NULL || (transport->ops != &sim_ops && transport->ops != &sim_raw_ops))
    return NULL;
  return ((KilnSimTransport *) transport)->sim;
}
