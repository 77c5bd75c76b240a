/* kiln-sim.c: the public face of the virtual device, and its registry.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-sim-private.h"

/* Named boards (id=NAME) stay plugged in for the life of the process. */
static GMutex registry_lock;
static GHashTable *registry;

guint
kiln_sim_rom_log_baud (KilnSim *sim)
{
  /* The ROMs time their UART for a fixed crystal (40 MHz, the H2's 32):
   * a 26 MHz one slows the boot log from 115200 to 74880 baud. */
  return 115200u * sim->opts.xtal_mhz / sim->chip->rom_xtal_mhz;
}

gint64
kiln_sim_cost_us (double ms_per_unit,
                  double units)
{
  return (gint64) (ms_per_unit * units * 1000.0);
}

static gsize
flash_size_for (KilnSimOptions *opts)
{
  GStatBuf st;

  if (opts->flash_size != 0)
    return opts->flash_size;
  /* Without flash=, an existing flash file of a plausible size says it. */
  if (opts->flash_file != NULL && g_stat (opts->flash_file, &st) == 0)
    {
      gsize size = (gsize) st.st_size;
      if (size >= 256 * 1024 && size <= 16 * 1024 * 1024 && (size & (size - 1)) == 0)
        return size;
    }
  return opts->chip->default_flash_size;
}

static guint8
log2_size (gsize size)
{
  guint8 n = 0;

  while ((G_GUINT64_CONSTANT (1) << n) < size)
    n++;
  return n;
}

/**
 * kiln_sim_new_from_options:
 * @options: a port string such as "sim:esp32?flash=4MB" (the "sim:" may be
 *   left out); see kiln-sim.h for the options
 *
 * Creates a powered-on board.  With id=NAME, returns the board already
 * registered under that name if there is one.
 *
 * Returns: (transfer full): the device, or %NULL with @error set
 */
KilnSim *
kiln_sim_new_from_options (const char  *options,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  KilnSimOptions opts = { 0 };
  KilnSim *sim;
  guint8 jedec[3];
  gsize size;

  g_return_val_if_fail (options != NULL, NULL);

  if (!kiln_sim_options_parse (&opts, options, error))
    {
      kiln_sim_options_clear (&opts);
      return NULL;
    }

  locker = g_mutex_locker_new (&registry_lock);
  if (opts.id != NULL && registry != NULL && (sim = g_hash_table_lookup (registry, opts.id)) != NULL)
    {
      if (sim->chip != opts.chip)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY,
                       _("The virtual board “%s” is an %s, not an %s."),
                       opts.id, sim->chip->name, opts.chip->name);
          kiln_sim_options_clear (&opts);
          return NULL;
        }
      kiln_sim_options_clear (&opts);
      return kiln_sim_ref (sim);
    }

  size = flash_size_for (&opts);
  if (opts.jedec_set)
    memcpy (jedec, opts.jedec, 3);
  else
    {
      /* GigaDevice GD25Q: the capacity byte is log2 of the size. */
      jedec[0] = 0xC8;
      jedec[1] = 0x40;
      jedec[2] = log2_size (size);
    }

  sim = g_new0 (KilnSim, 1);
  sim->ref_count = 1;
  g_mutex_init (&sim->lock);
  g_cond_init (&sim->dev_cond);
  g_cond_init (&sim->host_cond);
  sim->opts = opts;
  sim->chip = opts.chip;
  kiln_sim_flash_init (&sim->flash, size, jedec);
  if (opts.flash_file != NULL && !kiln_sim_flash_load_file (&sim->flash, opts.flash_file, error))
    {
      kiln_sim_flash_clear (&sim->flash);
      kiln_sim_options_clear (&sim->opts);
      g_mutex_clear (&sim->lock);
      g_cond_clear (&sim->dev_cond);
      g_cond_clear (&sim->host_cond);
      g_free (sim);
      return NULL;
    }
  kiln_sim_wire_init (sim);
  kiln_sim_device_init (sim);
  kiln_sim_rom_reset (sim);
  sim->host_baud = 115200;

  g_mutex_lock (&sim->lock);
  sim->now = g_get_monotonic_time ();
  kiln_sim_boot (sim, KILN_SIM_RESET_POWER_ON);
  g_mutex_unlock (&sim->lock);
  kiln_sim_wire_start (sim);

  if (opts.id != NULL)
    {
      if (registry == NULL)
        registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) kiln_sim_unref);
      g_hash_table_insert (registry, g_strdup (opts.id), kiln_sim_ref (sim));
    }
  return sim;
}

KilnSim *
kiln_sim_ref (KilnSim *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
kiln_sim_unref (KilnSim *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  kiln_sim_wire_stop (self);
  g_mutex_lock (&self->lock);
  if (!kiln_sim_save_flash_locked (self, &error))
    g_warning ("%s", error->message);
  g_mutex_unlock (&self->lock);
  kiln_sim_device_clear (self);
  kiln_sim_wire_clear (self);
  kiln_sim_flash_clear (&self->flash);
  kiln_sim_options_clear (&self->opts);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->dev_cond);
  g_cond_clear (&self->host_cond);
  g_free (self);
}

/**
 * kiln_sim_lookup:
 *
 * Returns: (transfer full) (nullable): the board registered as @id
 */
KilnSim *
kiln_sim_lookup (const char *id)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&registry_lock);
  KilnSim *sim;

  if (registry == NULL || (sim = g_hash_table_lookup (registry, id)) == NULL)
    return NULL;
  return kiln_sim_ref (sim);
}

/* Unplugs a named board: the next open of its id gets a fresh one. */
void
kiln_sim_forget (const char *id)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&registry_lock);

  if (registry != NULL)
    g_hash_table_remove (registry, id);
}

const char *
kiln_sim_get_chip_name (KilnSim *self)
{
  return self->chip->name;
}

const char *
kiln_sim_get_id (KilnSim *self)
{
  return self->opts.id;
}

gsize
kiln_sim_get_flash_size (KilnSim *self)
{
  return self->flash.size;
}

/**
 * kiln_sim_get_flash:
 *
 * The flash contents, without copying.  They change while a transport
 * writes; read them when the host is done, or use kiln_sim_copy_flash().
 *
 * Returns: (transfer none): the flash array
 */
const guint8 *
kiln_sim_get_flash (KilnSim *self,
                    gsize   *len)
{
  if (len != NULL)
    *len = self->flash.size;
  return self->flash.data;
}

GBytes *
kiln_sim_copy_flash (KilnSim *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return g_bytes_new (self->flash.data, self->flash.size);
}

/**
 * kiln_sim_set_flash:
 *
 * Overwrites flash bytes directly (not NOR programming: any value goes),
 * as if a programmer had written the chip off the board.
 */
gboolean
kiln_sim_set_flash (KilnSim       *self,
                    gsize          offset,
                    const guint8  *data,
                    gsize          len,
                    GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (offset > self->flash.size || len > self->flash.size - offset)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS,
                   _("The data does not fit in the %lu-byte virtual flash."),
                   (gulong) self->flash.size);
      return FALSE;
    }
  memcpy (self->flash.data + offset, data, len);
  self->flash.dirty = TRUE;
  return TRUE;
}

gboolean
kiln_sim_save_flash_locked (KilnSim  *sim,
                            GError  **error)
{
  if (sim->opts.flash_file == NULL || !sim->flash.dirty)
    return TRUE;
  return kiln_sim_flash_save_file (&sim->flash, sim->opts.flash_file, error);
}

/**
 * kiln_sim_save_flash:
 *
 * Writes the flash to the flash-file now (nothing to do without one).
 */
gboolean
kiln_sim_save_flash (KilnSim  *self,
                     GError  **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (self->opts.flash_file != NULL)
    self->flash.dirty = TRUE;
  return kiln_sim_save_flash_locked (self, error);
}

/**
 * kiln_sim_open_transport:
 * @baud: the host's initial baud
 *
 * Plugs a host into the board.  Only one transport may be open at a time
 * (%KILN_ERROR_PORT_BUSY otherwise), as with a real serial port.
 *
 * Returns: (transfer full): the transport, or %NULL
 */
KilnTransport *
kiln_sim_open_transport (KilnSim  *self,
                         guint     baud,
                         GError  **error)
{
  g_autofree char *port = g_strdup_printf ("sim:%s", self->chip->name);

  return kiln_sim_transport_new (self, port, baud, FALSE, error);
}

/**
 * kiln_sim_inject_faults:
 * @faults: a fault= list, e.g. "corrupt:100,stall:5000:4000"
 *
 * Arms more faults while the board runs.  Their byte counts start from
 * now: N = 1 is the next byte in the fault's direction (corrupt-reply
 * counts bytes sent to the host, the others bytes from the host), and
 * noise:N puts N garbage bytes before the next reply.  Tests use this to
 * hit one phase of a job exactly, whatever came before.
 */
gboolean
kiln_sim_inject_faults (KilnSim     *self,
                        const char  *faults,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GArray) parsed = g_array_new (FALSE, TRUE, sizeof (KilnSimFault));

  if (!kiln_sim_faults_parse (parsed, faults, error))
    return FALSE;
  for (guint i = 0; i < parsed->len; i++)
    {
      KilnSimFault f = g_array_index (parsed, KilnSimFault, i);

      if (f.kind == KILN_SIM_FAULT_NOISE)
        {
          self->noise_pending = (guint) MIN (f.n, 65536);
          self->stats.faults_fired++;
          continue;
        }
      f.n += f.kind == KILN_SIM_FAULT_CORRUPT_REPLY ? self->stats.bytes_sent
                                                    : self->stats.bytes_received;
      g_array_append_val (self->opts.faults, f);
    }
  return TRUE;
}

void
kiln_sim_get_stats (KilnSim      *self,
                    KilnSimStats *stats)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  *stats = self->stats;
}

KilnSimMode
kiln_sim_get_mode (KilnSim *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->mode;
}

guint
kiln_sim_get_baud (KilnSim *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->baud;
}

/* Takes effect at the next reset. */
void
kiln_sim_set_strap (KilnSim      *self,
                    KilnSimStrap  strap)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  self->strap = strap;
}

/* Presses and releases EN (the RST button). */
void
kiln_sim_reset (KilnSim *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  self->now = g_get_monotonic_time ();
  kiln_sim_boot (self, KILN_SIM_RESET_EN);
  g_cond_broadcast (&self->dev_cond);
}

/* Unplugs and replugs the power: boot= decides the mode again. */
void
kiln_sim_power_cycle (KilnSim *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  self->now = g_get_monotonic_time ();
  kiln_sim_boot (self, KILN_SIM_RESET_POWER_ON);
  g_cond_broadcast (&self->dev_cond);
}

static KilnTransport *
open_sim_port (const char  *port,
               guint        baud,
               GError     **error)
{
  g_autoptr(KilnSim) sim = kiln_sim_new_from_options (port, error);

  if (sim == NULL)
    return NULL;
  return kiln_sim_transport_new (sim, port, baud, FALSE, error);
}

/**
 * kiln_sim_register:
 *
 * Offers "sim:" ports to kiln_transport_open() and lists sim:esp8266 and
 * sim:esp32 among the ports.  Programs that link the simulator call it
 * once at start-up; calling it again is harmless.
 */
void
kiln_sim_register (void)
{
  kiln_transport_register_scheme ("sim", open_sim_port);
  for (guint i = 0; kiln_sim_chip_nth (i) != NULL; i++)
    {
      const KilnSimChip *chip = kiln_sim_chip_nth (i);
      g_autofree char *name = g_strdup_printf ("sim:%s", chip->name);

      kiln_transport_register_listed_port (name, _(chip->description));
    }
}
