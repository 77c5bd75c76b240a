/* kiln-connect-baud.c: moving the link to a faster baud rate.
 *
 * A ROM with a baud command is asked for the rate (scaled where its UART
 * runs from another clock than the board's crystal); the ESP8266 ROM,
 * which has none, is reset and synced again at the new rate.  One register
 * read proves each switch.  With the rate left to Kiln (KILN_BAUD_AUTO) it
 * walks down a ladder of rates until one holds, and remembers it per USB
 * adapter in links.ini.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "kiln-connect-private.h"
#include "kiln-error.h"
#include "kiln-stub.h"
#include "kiln-util.h"

/* The ESP32 ROM times its UART from a drifting internal oscillator; scale the
 * requested rate by the calibration the ROM itself measured. */
static guint
osc_cal_rom_baud (KilnDevice *self,
                  guint       baud)
{
  guint32 cal = 0, efuse = 0;
  guint64 rom_xtal, valid;

  if (!kiln_loader_read_reg (self->loader, 0x3FF5F06C, &cal, NULL) ||
      !kiln_loader_read_reg (self->loader, 0x3FF5A010, &efuse, NULL))
    return baud;
  cal = (cal >> 7) & 0x1FFFFFF;
  efuse &= 0xFF;
  if (cal == 0 || efuse == 0)
    return baud;
  rom_xtal = (guint64) cal * 15625 * efuse / 40;
  valid = rom_xtal > 33000000 ? 40000000 : 26000000;
  return (guint) ((guint64) baud * rom_xtal / valid);
}

/* A READ_REG answers within a millisecond or two at any rate, so a rate
 * the link cannot hold shows quickly; two tries, in case the first byte
 * after the switch was lost. */
static gboolean
probe_rate (KilnDevice *self,
            guint32    *value)
{
  guint8 p[4];

  kiln_put_le32 (p, KILN_CHIP_MAGIC_REG);
  for (guint i = 0; i < 2; i++)
    if (kiln_loader_command (self->loader, KILN_OP_READ_REG, p, 4, 0, 0, 300, value, NULL, NULL))
      return TRUE;
  return FALSE;
}

/* To @options' rate, or the one settled on for KILN_BAUD_AUTO.  A ROM whose
 * switch fails its check fails with KILN_ERROR_TIMEOUT (its clock may be
 * misjudged: the caller can still recover); a stub's, with KILN_ERROR_PORT
 * (the link cannot hold the rate). */
gboolean
kiln_device_switch_baud (KilnDevice               *self,
                         const KilnConnectOptions *options,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  const KilnChipInfo *chip = self->info.chip;
  gboolean stub = kiln_loader_is_stub (self->loader);
  guint baud = options->baud != KILN_BAUD_AUTO ? options->baud : self->settled_baud;
  guint old = self->transport->baud;
  guint32 probe;

  if (baud == 0 || baud == old)
    return TRUE;

  if (!stub && !(chip->rom_features & KILN_ROM_CHANGE_BAUD))
    {
      /* The ESP8266 ROM cannot change baud, but it measures the rate of every
       * SYNC after a reset: reset and sync again at the new rate. */
      gboolean stub_running = FALSE;
      KilnConnectOptions again = *options;
      g_autoptr(GError) local = NULL;

      if (!kiln_transport_has_lines (self->transport) || options->before == KILN_RESET_NONE)
        {
          kiln_device_say (self, 1, _("The %s ROM cannot change baud without a reset; "
                                      "staying at %u."), chip->display_name, old);
          return TRUE;
        }
      if (!kiln_transport_set_baud (self->transport, baud, error))
        return FALSE;
      g_clear_pointer (&self->info.boot_log, g_free);
      if (!kiln_device_sync (self, &again, &stub_running, cancellable, &local))
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          kiln_device_say (self, 1, _("The chip did not sync at %u baud; continuing at %u."),
                           baud, old);
          g_clear_error (&local);
          if (!kiln_transport_set_baud (self->transport, old, error) ||
              !kiln_device_sync (self, &again, &stub_running, cancellable, error))
            return FALSE;
        }
      else
        kiln_device_say (self, 0, _("Synced again at %u baud."), baud);
      /* The reset detached the flash: without this, reads through the SPI
       * registers (read-modify-write of partial sectors) see 0xFF. */
      return self->info.chip->id != KILN_CHIP_ESP8266 ||
             kiln_loader_flash_begin (self->loader, 0, 0, KILN_ROM_BLOCK_SIZE, 0, FALSE,
                                      KILN_TIMEOUT_DEFAULT, error);
    }

  {
    guint sent = !stub && chip->rom_baud_scale == KILN_ROM_BAUD_OSC_CAL
                   ? osc_cal_rom_baud (self, baud) : baud;

    /* A ROM that times its UART for another crystal than the board's
     * (the C2's assumes 40 MHz) is asked for the rate that lands right. */
    if (!stub && chip->rom_baud_xtal_mhz != 0 && self->info.xtal_mhz != 0 &&
        self->info.xtal_mhz != chip->rom_baud_xtal_mhz)
      sent = (guint) ((guint64) baud * chip->rom_baud_xtal_mhz / self->info.xtal_mhz);
    if (!kiln_loader_change_baud (self->loader, sent, stub ? old : 0, error))
      return FALSE;
  }
  if (!kiln_transport_set_baud (self->transport, baud, error) ||
      !kiln_sleep_ms (50, cancellable, error) ||
      !kiln_transport_flush_input (self->transport, error))
    return FALSE;
  /* One cheap round trip proves the new rate works both ways.  A stub sets
   * its divider from the real crystal, so its silence blames the link; a
   * ROM's may come from a clock it misjudged (KILN_ERROR_TIMEOUT: the
   * caller can still recover). */
  if (!probe_rate (self, &probe))
    {
      if (stub)
        g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                     _("The link does not work at %u baud (the adapter or cable cannot hold it). "
                       "Choose a lower baud rate."), baud);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT,
                     _("The %s ROM did not answer after changing to %u baud."),
                     chip->display_name, baud);
      return FALSE;
    }
  kiln_device_say (self, 0, _("Changed baud rate to %u."), baud);
  return TRUE;
}

/* ---- the baud ladder ------------------------------------------------------ */

/* Fastest first.  921600 is where common USB bridges (CP210x, CH340, FTDI)
 * are still reliable with ordinary cables; faster needs the user's word. */
static const guint baud_ladder[] = { 921600, 460800, 230400, 115200 };

/* Who the link is: the USB adapter if there is one (it survives being
 * plugged into another port), else the port name.  A key file group name. */
static char *
link_key (KilnTransport *t)
{
  char *key;

  if (t->usb_vid != 0)
    key = g_strdup_printf ("usb %04x:%04x:%s", t->usb_vid, t->usb_pid,
                           t->usb_serial != NULL ? t->usb_serial : "");
  else
    key = g_strdup (t->port);
  for (char *p = key; *p != '\0'; p++)
    if (*p == '[' || *p == ']' || g_ascii_iscntrl (*p))
      *p = '_';
  return key;
}

static char *
baud_memory_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "kiln", "links.ini", NULL);
}

/* The rate that worked last time on this link, or 0. */
static guint
baud_memory_get (const char *key)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = baud_memory_path ();
  gint v;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return 0;
  v = g_key_file_get_integer (kf, key, "baud", NULL);
  return v > 0 ? (guint) v : 0;
}

static void
baud_memory_set (KilnDevice *self,
                 const char *key,
                 guint       baud)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = baud_memory_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  /* Other links' entries stay; a missing or broken file starts afresh. */
  g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  if (g_key_file_get_integer (kf, key, "baud", NULL) == (gint) baud)
    return;
  g_key_file_set_integer (kf, key, "baud", (gint) baud);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_key_file_save_to_file (kf, path, &error))
    kiln_device_say (self, 1, _("Could not remember the baud rate for this port in %s: %s"), path,
                     error != NULL ? error->message : g_strerror (errno));
}

/* After a rate the link could not hold, the chip still listens at it:
 * reset it into the ROM at 115200, and bring a stub back if one ran. */
static gboolean
back_to_rom_baud (KilnDevice               *self,
                  const KilnConnectOptions *options,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  gboolean was_stub = kiln_loader_is_stub (self->loader);
  gboolean stub_running = FALSE;

  if (!kiln_transport_set_baud (self->transport, KILN_ROM_BAUD, error) ||
      !kiln_transport_flush_input (self->transport, error) ||
      !kiln_device_sync (self, options, &stub_running, cancellable, error))
    return FALSE;
  kiln_loader_set_stub (self->loader, stub_running);
  if (!stub_running)
    kiln_device_rom_mode (self);
  if (was_stub && !stub_running && !kiln_device_run_stub (self, options, error))
    return FALSE;
  /* The reset detached the ESP8266's flash; attach_flash() follows. */
  return TRUE;
}

/* Walks down the ladder from the remembered rate (or the top) until a rate
 * answers a register read, and remembers it. */
static gboolean
settle_baud (KilnDevice               *self,
             const KilnConnectOptions *options,
             GCancellable             *cancellable,
             GError                  **error)
{
  g_autofree char *key = link_key (self->transport);
  guint remembered = baud_memory_get (key);
  gboolean can_reset = kiln_transport_has_lines (self->transport) &&
                       options->before != KILN_RESET_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (baud_ladder); i++)
    {
      guint rung = baud_ladder[i];
      guint next = i + 1 < G_N_ELEMENTS (baud_ladder) ? baud_ladder[i + 1] : KILN_ROM_BAUD;
      KilnConnectOptions at = *options;
      g_autoptr(GError) local = NULL;

      if (remembered != 0 && rung > remembered)
        continue;
      at.baud = rung;
      if (kiln_device_switch_baud (self, &at, cancellable, &local))
        {
          if (self->transport->baud == rung)
            {
              self->settled_baud = rung;
              baud_memory_set (self, key, rung);
              if (remembered != 0 && rung == remembered)
                kiln_device_say (self, 0, _("Using %u baud, which worked on this link before."),
                                 rung);
              return TRUE;
            }
          /* The ESP8266 ROM did not sync at the rate and is back at the old one. */
          kiln_device_say (self, 1, _("%u baud does not work on this link; trying %u."),
                           rung, next);
          continue;
        }
      /* Only a rate that fails its check is worth stepping down from, and
       * only a reset brings the chip back from it. */
      if (!(g_error_matches (local, KILN_ERROR, KILN_ERROR_PORT) ||
            g_error_matches (local, KILN_ERROR, KILN_ERROR_TIMEOUT)) || !can_reset)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      kiln_device_say (self, 1, _("%u baud does not work on this link; trying %u."), rung, next);
      if (!back_to_rom_baud (self, options, cancellable, error))
        return FALSE;
    }
  /* 115200, the last rung, is where the ROM already is. */
  self->settled_baud = self->transport->baud;
  baud_memory_set (self, key, self->settled_baud);
  return TRUE;
}

/* The ESP8266 ROM has no baud command but measures the rate of the first
 * SYNC after a reset.  One reset and a few SYNCs at @baud: *@ok says
 * whether the ROM answered there.  Short on purpose: when the ROM cannot
 * lock on (some boards do not at high rates), the stub can still switch,
 * so this must not cost the full connect retries. */
static gboolean
rom_autobaud_quick (KilnDevice               *self,
                    const KilnConnectOptions *options,
                    guint                     baud,
                    gboolean                 *ok,
                    GCancellable             *cancellable,
                    GError                  **error)
{
  g_autoptr(GBytes) log = NULL;

  *ok = FALSE;
  if (!kiln_transport_set_baud (self->transport, baud, error) ||
      !kiln_transport_flush_input (self->transport, error) ||
      !kiln_device_reset_once (self, options, cancellable, error))
    return FALSE;
  /* The boot log comes at 74880 baud: garbage here, and not a reply. */
  log = kiln_transport_drain (self->transport, 30, 300, cancellable, error);
  if (log == NULL || !kiln_loader_discard_input (self->loader, error))
    return FALSE;
  for (guint i = 0; i < 3 && !*ok; i++)
    {
      g_autoptr(GError) local = NULL;

      if (kiln_loader_sync (self->loader, KILN_TIMEOUT_SYNC, NULL, &local))
        *ok = TRUE;
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
               g_error_matches (local, KILN_ERROR, KILN_ERROR_PORT_GONE) ||
               g_error_matches (local, KILN_ERROR, KILN_ERROR_PORT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return TRUE;
}

/* Will a stub run once the ROM is done with? */
static gboolean
stub_to_come (KilnDevice               *self,
              const KilnConnectOptions *options)
{
  g_autofree char *path = NULL;

  if (options->no_stub)
    return FALSE;
  if (options->stub_path != NULL)
    return TRUE;
  path = kiln_stub_find (self->info.chip);
  return path != NULL;
}

/* A ROM's own baud switch can land on a rate the host never asked for (the
 * ESP32 ROM times its UART from an oscillator it calibrates itself; an
 * emulated chip may have no calibration at all), and only a reset brings
 * it back.  So: where the board cannot be reset, leave the switch to a
 * stub, or stay; where it can, try, and after a failure reset, sync again
 * at the old rate and let the stub switch, or carry on at the old rate.
 * Only a failed stub switch says the link cannot hold the rate. */
static gboolean
rom_switch_or_recover (KilnDevice               *self,
                       const KilnConnectOptions *options,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  const KilnChipInfo *chip = self->info.chip;
  gboolean can_reset = kiln_transport_has_lines (self->transport) &&
                       options->before != KILN_RESET_NONE;
  gboolean stub = stub_to_come (self, options);
  guint old = self->transport->baud;
  g_autoptr(GError) local = NULL;

  if (options->baud == 0 || options->baud == old)
    return TRUE;
  if (!can_reset)
    {
      if (stub)
        {
          kiln_device_say (self, 0, _("The flasher stub will change the rate to %u baud (a ROM "
                                      "switch that went wrong could not be undone without a reset "
                                      "on this link)."), options->baud);
          return TRUE;
        }
      kiln_device_say (self, 1, _("Staying at %u baud: the %s ROM's own baud switch cannot be "
                                  "undone on this link if it goes wrong (no reset line), and no "
                                  "flasher stub is available to switch safely."),
                       old, chip->display_name);
      self->baud_settled = TRUE;
      return TRUE;
    }
  if (kiln_device_switch_baud (self, options, cancellable, &local))
    return TRUE;
  if (!g_error_matches (local, KILN_ERROR, KILN_ERROR_TIMEOUT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  kiln_device_say (self, 1, _("%s Resetting it and carrying on at %u baud."), local->message, old);
  if (!kiln_transport_set_baud (self->transport, old, error) ||
      !kiln_transport_flush_input (self->transport, error) ||
      !kiln_device_sync (self, options, NULL, cancellable, error))
    return FALSE;
  kiln_device_rom_mode (self);
  if (stub)
    kiln_device_say (self, 0, _("The flasher stub will change the rate instead."));
  else
    {
      kiln_device_say (self, 1, _("No flasher stub for the %s: the job runs at %u baud. (If every "
                                  "board fails at %u, the adapter cannot hold that rate.)"),
                       chip->display_name, old, options->baud);
      self->baud_settled = TRUE;
    }
  return TRUE;
}

/* The rate is changed before the stub upload, so that the upload (often
 * the longest part of connecting) goes at the fast rate too; a stub keeps
 * the UART setting it finds.  A ROM with a baud command uses it; the
 * ESP8266 ROM gets one quick try of its autobaud (with -b auto only at a
 * rate that worked on this link before), else the stub switches later. */
gboolean
kiln_device_switch_early (KilnDevice               *self,
                          const KilnConnectOptions *options,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  guint target = options->baud;
  gboolean ok = FALSE;

  if (kiln_loader_is_stub (self->loader))
    return TRUE;
  if (self->info.chip->rom_features & KILN_ROM_CHANGE_BAUD)
    {
      if (options->baud == KILN_BAUD_AUTO)
        return settle_baud (self, options, cancellable, error);
      return rom_switch_or_recover (self, options, cancellable, error);
    }

  if (options->no_stub || !kiln_transport_has_lines (self->transport) ||
      options->before == KILN_RESET_NONE)
    return TRUE;
  if (target == KILN_BAUD_AUTO)
    {
      g_autofree char *key = link_key (self->transport);
      target = baud_memory_get (key);
    }
  if (target <= self->transport->baud)
    return TRUE;
  if (!rom_autobaud_quick (self, options, target, &ok, cancellable, error))
    return FALSE;
  if (ok)
    {
      kiln_device_say (self, 0, _("Synced again at %u baud."), target);
      return TRUE;
    }
  kiln_device_say (self, 0, _("The ROM did not sync at %u baud; the stub will change the rate."),
                   target);
  return kiln_transport_set_baud (self->transport, KILN_ROM_BAUD, error) &&
         kiln_loader_discard_input (self->loader, error) &&
         kiln_device_sync (self, options, NULL, cancellable, error);
}

/* After the stub is up: the switch left to it, or the ladder still to walk. */
gboolean
kiln_device_switch_late (KilnDevice               *self,
                         const KilnConnectOptions *options,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  if (self->baud_settled)
    return TRUE;
  if (options->baud == KILN_BAUD_AUTO && self->settled_baud == 0)
    return settle_baud (self, options, cancellable, error);
  return kiln_device_switch_baud (self, options, cancellable, error);
}
