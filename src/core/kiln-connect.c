/* kiln-connect.c: reaching a chip's serial loader and keeping hold of it.
 *
 * Opens the port, resets the board into its ROM loader (the reset plans of
 * kiln-chip-reset), syncs, and then: which chip it is and what it says of
 * itself (kiln-connect-identify.c), the faster baud rate
 * (kiln-connect-baud.c), the flasher stub, and the flash attached and
 * measured.  Later it brings back a board that reset itself mid-job
 * (kiln_device_recover()) and leaves it running its firmware or waiting
 * in the loader (kiln_device_finish()).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "kiln-bootlog.h"
#include "kiln-chip-reset.h"
#include "kiln-connect-private.h"
#include "kiln-error.h"
#include "kiln-spiflash.h"
#include "kiln-stub.h"
#include "kiln-util.h"

#define CONNECT_ATTEMPTS  7
#define SYNC_ATTEMPTS     5
/* GET_SECURITY_INFO flag bit 2 (§4.5 of the protocol facts). */
#define SECURITY_DOWNLOAD_MODE (1u << 2)
/* How long a chip's own USB device may take to come back after a reset. */
#define USB_REENUMERATE_MS 3000

typedef enum
{
  RESET_TIGHT,
  RESET_CLASSIC,
  RESET_USB,
  RESET_NONE,
} ResetKind;

typedef struct
{
  ResetKind kind;
  guint     delay_ms;
} ResetStep;

gboolean
kiln_reset_mode_parse (const char    *text,
                       KilnResetMode *mode)
{
  g_autofree char *t = g_strdelimit (g_strdup (text), "_", '-');
  if (g_str_equal (t, "default-reset"))
    *mode = KILN_RESET_DEFAULT;
  else if (g_str_equal (t, "usb-reset"))
    *mode = KILN_RESET_USB;
  else if (g_str_equal (t, "no-reset"))
    *mode = KILN_RESET_NONE;
  else
    return FALSE;
  return TRUE;
}

gboolean
kiln_after_mode_parse (const char    *text,
                       KilnAfterMode *mode)
{
  g_autofree char *t = g_strdelimit (g_strdup (text), "_", '-');
  if (g_str_equal (t, "hard-reset"))
    *mode = KILN_AFTER_HARD_RESET;
  else if (g_str_equal (t, "no-reset"))
    *mode = KILN_AFTER_NO_RESET;
  else
    return FALSE;
  return TRUE;
}

void
kiln_connect_options_clear (KilnConnectOptions *options)
{
  g_clear_pointer (&options->port, g_free);
  g_clear_pointer (&options->stub_path, g_free);
}

void
kiln_connect_options_copy (KilnConnectOptions       *dest,
                           const KilnConnectOptions *src)
{
  *dest = *src;
  dest->port = g_strdup (src->port);
  dest->stub_path = g_strdup (src->stub_path);
}

void
kiln_device_info_clear (KilnDeviceInfo *info)
{
  g_clear_pointer (&info->description, g_free);
  g_clear_pointer (&info->revision, g_free);
  g_clear_pointer (&info->boot_log, g_free);
  g_clear_pointer (&info->loader, g_free);
}

void
kiln_device_info_copy (KilnDeviceInfo       *dest,
                       const KilnDeviceInfo *src)
{
  *dest = *src;
  dest->description = g_strdup (src->description);
  dest->revision = g_strdup (src->revision);
  dest->boot_log = g_strdup (src->boot_log);
  dest->loader = g_strdup (src->loader);
}

char *
kiln_device_info_describe_security (const KilnDeviceInfo *info)
{
  g_autoptr(GString) s = NULL;

  if (!info->security_known)
    return NULL;
  s = g_string_new (NULL);
  /* An odd number of bits set in FLASH_CRYPT_CNT means encryption is on. */
  if (__builtin_popcount (info->flash_crypt_cnt) % 2 == 1)
    g_string_append (s, _("Flash encryption is enabled: plain images written now will not boot, "
                          "and what is in flash cannot be read back in clear. "));
  if (info->security_flags & (1u << 0))
    g_string_append (s, _("Secure boot is enabled: only images signed with the device's key "
                          "will boot. "));
  if (info->security_flags & (1u << 2))
    g_string_append (s, _("Secure download mode is on: the ROM refuses reading flash, reading "
                          "registers and most other commands. "));
  if (s->len == 0)
    return NULL;
  g_strchomp (s->str);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Whether the ROM said it is in Secure Download Mode, which refuses
 * register reads and writes. */
static gboolean
in_secure_download_mode (KilnDevice *self)
{
  return self->info.security_known && (self->info.security_flags & SECURITY_DOWNLOAD_MODE) != 0;
}

/* A line for the caller's log, at a KilnLogLevel's value (0 information,
 * 1 warning, 3 the wire trace). */
void
kiln_device_say (KilnDevice *self,
                 int         level,
                 const char *format,
                 ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (self->log == NULL)
    return;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  self->log (level, msg, self->log_data);
}

static void
trace_cb (const char *line,
          gpointer    user_data)
{
  KilnDevice *self = user_data;
  if (self->log != NULL)
    self->log (3, line, self->log_data);
}

/* Whether the port is the chip's own USB device (USB-Serial/JTAG or the
 * ROM's USB-OTG CDC): it leaves the bus whenever the chip resets. */
static gboolean
on_chip_usb (KilnTransport *t)
{
  return t->usb_vid == KILN_USB_VID_ESPRESSIF &&
         (t->usb_pid == KILN_USB_PID_SERIAL_JTAG || kiln_chip_by_usb_id (t->usb_vid, t->usb_pid) != NULL);
}

static gboolean
on_serial_jtag (KilnTransport *t)
{
  return t->usb_vid == KILN_USB_VID_ESPRESSIF && t->usb_pid == KILN_USB_PID_SERIAL_JTAG;
}

/* Whether the port is @chip's ROM's own USB-OTG CDC (VID 303a, PID the
 * chip's). */
static gboolean
on_usb_otg (KilnTransport      *t,
            const KilnChipInfo *chip)
{
  return t->usb_vid == KILN_USB_VID_ESPRESSIF && chip->usb_otg_pid != 0 &&
         t->usb_pid == chip->usb_otg_pid;
}

/* Bytes per MEM_DATA block for uploading a stub: the ROM's own USB-OTG CDC
 * receives at most usb_otg_ram_block bytes of data per packet; 0 means the
 * usual size. */
static guint32
stub_ram_block (KilnTransport      *t,
                const KilnChipInfo *chip)
{
  if (on_usb_otg (t, chip))
    return chip->usb_otg_ram_block;
  return 0;
}

/* After a chip reset its USB device enumerates again: the old handle is
 * dead, so close it and open the port anew once it is back. */
static gboolean
reopen_port (KilnDevice    *self,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *port = g_strdup (self->transport->port);
  guint baud = self->transport->baud;
  gint64 deadline = g_get_monotonic_time () + (gint64) USB_REENUMERATE_MS * 1000;
  g_autoptr(GError) last = NULL;

  g_clear_pointer (&self->transport, kiln_transport_free);
  for (;;)
    {
      KilnTransport *t;

      if (!kiln_sleep_ms (50, cancellable, error))
        return FALSE;
      g_clear_error (&last);
      t = kiln_transport_open (port, baud, &last);
      if (t != NULL)
        {
          self->transport = t;
          if (self->loader != NULL)
            kiln_loader_set_transport (self->loader, t);
          return TRUE;
        }
      if (g_get_monotonic_time () >= deadline)
        break;
    }
  g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
               _("The board's USB port %s did not come back after the reset (%s). Unplug the "
                 "board and plug it in again."), port, last->message);
  return FALSE;
}

/* DTR/RTS here mean "asserted" (pin at 0 V).  Through the usual two-transistor
 * circuit RTS alone holds EN low and DTR alone pulls GPIO0 low. */
static gboolean
run_reset_lines (KilnDevice    *self,
                 ResetStep      step,
                 GCancellable  *cancellable,
                 GError       **error)
{
  KilnTransport *t = self->transport;

  switch (step.kind)
    {
    case RESET_NONE:
      return TRUE;
    case RESET_CLASSIC:
      return kiln_transport_set_lines (t, FALSE, TRUE, error) &&
             kiln_sleep_ms (100, cancellable, error) &&
             kiln_transport_set_lines (t, TRUE, TRUE, error) &&
             kiln_transport_set_lines (t, TRUE, FALSE, error) &&
             kiln_sleep_ms (step.delay_ms, cancellable, error) &&
             kiln_transport_set_lines (t, FALSE, FALSE, error);
    case RESET_TIGHT:
      return kiln_transport_set_lines (t, FALSE, FALSE, error) &&
             kiln_transport_set_lines (t, TRUE, TRUE, error) &&
             kiln_transport_set_lines (t, FALSE, TRUE, error) &&
             kiln_sleep_ms (100, cancellable, error) &&
             kiln_transport_set_lines (t, TRUE, FALSE, error) &&
             kiln_sleep_ms (step.delay_ms, cancellable, error) &&
             kiln_transport_set_lines (t, FALSE, FALSE, error) &&
             kiln_transport_set_lines (t, FALSE, FALSE, error);
    case RESET_USB:
      return kiln_transport_set_lines (t, FALSE, FALSE, error) &&
             kiln_sleep_ms (100, cancellable, error) &&
             kiln_transport_set_lines (t, TRUE, FALSE, error) &&
             kiln_sleep_ms (100, cancellable, error) &&
             kiln_transport_set_lines (t, TRUE, TRUE, error) &&
             kiln_transport_set_lines (t, FALSE, TRUE, error) &&
             kiln_sleep_ms (100, cancellable, error) &&
             kiln_transport_set_lines (t, FALSE, FALSE, error);
    }
  return TRUE;
}

static gboolean
run_reset (KilnDevice    *self,
           ResetStep      step,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local = NULL;

  if (!run_reset_lines (self, step, cancellable, &local))
    {
      /* On the chip's own USB the port may vanish in the middle of the
       * sequence, as soon as the chip leaves reset: that is the reset
       * working. */
      if (!g_error_matches (local, KILN_ERROR, KILN_ERROR_PORT_GONE) ||
          !on_chip_usb (self->transport))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (step.kind != RESET_NONE && on_chip_usb (self->transport))
    return reopen_port (self, cancellable, error);
  return TRUE;
}

static GArray *
reset_plan (KilnDevice               *self,
            const KilnConnectOptions *options)
{
  GArray *plan = g_array_new (FALSE, FALSE, sizeof (ResetStep));
  KilnTransport *t = self->transport;

  if (options->before == KILN_RESET_NONE || !kiln_transport_has_lines (t))
    {
      ResetStep s = { RESET_NONE, 0 };
      g_array_append_val (plan, s);
    }
  else if (options->before == KILN_RESET_USB || on_serial_jtag (t))
    {
      ResetStep s = { RESET_USB, 0 };
      g_array_append_val (plan, s);
    }
  else if (t->kind == KILN_TRANSPORT_REMOTE_SERIAL)
    {
      /* Over the network two line changes are never one operation: only the
       * sequential reset makes sense. */
      static const ResetStep steps[] = { { RESET_CLASSIC, 50 }, { RESET_CLASSIC, 550 } };
      g_array_append_vals (plan, steps, G_N_ELEMENTS (steps));
    }
  else
    {
      static const ResetStep steps[] = {
        { RESET_TIGHT, 50 }, { RESET_TIGHT, 550 }, { RESET_CLASSIC, 50 }, { RESET_CLASSIC, 550 },
      };
      g_array_append_vals (plan, steps, G_N_ELEMENTS (steps));
    }
  return plan;
}

/* One reset, the first of the plan's, after which the ROM listens; no
 * sync.  For a caller that syncs its own way (the ESP8266's baud rate is
 * set by the first SYNC after a reset). */
gboolean
kiln_device_reset_once (KilnDevice               *self,
                        const KilnConnectOptions *options,
                        GCancellable             *cancellable,
                        GError                  **error)
{
  g_autoptr(GArray) plan = reset_plan (self, options);

  return run_reset (self, g_array_index (plan, ResetStep, 0), cancellable, error);
}

static gboolean
is_mostly_text (const guint8 *data,
                gsize         len)
{
  gsize printable = 0;
  for (gsize i = 0; i < len; i++)
    if ((data[i] >= 0x20 && data[i] < 0x7F) || data[i] == '\r' || data[i] == '\n' || data[i] == '\t')
      printable++;
  return len > 0 && printable * 10 >= len * 9;
}

/* Why did sync fail?  Reads what the chip printed after a reset: at the
 * ESP8266 ROM's 74880 baud first (that is where its boot mode shows), then
 * at 115200 for the ESP32 family. */
static char *
diagnose_no_sync (KilnDevice    *self,
                  GByteArray    *seen,
                  GCancellable  *cancellable)
{
  KilnTransport *t = self->transport;
  g_autoptr(GString) text = g_string_new (NULL);
  guint bauds[] = { 74880, KILN_ROM_BAUD };
  /* Over the chip's own USB a reset drops the port and the bridge circuit's
   * sequence means something else: nothing more to learn that way. */
  gboolean can_reset = kiln_transport_has_lines (t) && !on_chip_usb (t);
  gboolean garbage = seen->len > 0 && !is_mostly_text (seen->data, seen->len);

  if (is_mostly_text (seen->data, seen->len))
    g_string_append_len (text, (const char *) seen->data, seen->len);

  for (guint i = 0; can_reset && i < G_N_ELEMENTS (bauds); i++)
    {
      ResetStep boot = { RESET_CLASSIC, 50 };
      g_autoptr(GBytes) log = NULL;
      gsize len;
      const guint8 *d;

      if (!kiln_transport_set_baud (t, bauds[i], NULL))
        continue;
      kiln_transport_flush_input (t, NULL);
      if (!run_reset (self, boot, cancellable, NULL))
        break;
      log = kiln_transport_drain (t, 150, 600, cancellable, NULL);
      if (log == NULL)
        break;
      d = g_bytes_get_data (log, &len);
      if (len > 0)
        {
          if (is_mostly_text (d, len))
            g_string_append_len (text, (const char *) d, len);
          else
            garbage = TRUE;
        }
    }
  kiln_transport_set_baud (t, KILN_ROM_BAUD, NULL);

  if (text->len > 0)
    {
      char *why = kiln_bootlog_explain_no_sync ((const guint8 *) text->str, text->len);
      if (why != NULL)
        return why;
      return g_strdup (_("The chip printed text but never answered the bootloader's sync. "
                         "Put it in download mode (hold BOOT while resetting)."));
    }
  if (garbage)
    return g_strdup (_("Data arrived at a baud rate Kiln could not read. The chip may be running "
                       "its application instead of the bootloader: hold BOOT while resetting."));
  return g_strdup (_("Nothing at all came back. Check that this is the right port, that the "
                     "board is powered, that TX and RX are not swapped, and that the chip is in "
                     "download mode (hold BOOT while pressing RESET)."));
}

gboolean
kiln_device_sync (KilnDevice               *self,
                  const KilnConnectOptions *options,
                  gboolean                 *stub_running,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  g_autoptr(GArray) plan = reset_plan (self, options);
  g_autoptr(GByteArray) seen = g_byte_array_new ();
  g_autoptr(GError) last = NULL;

  for (guint attempt = 0; attempt < CONNECT_ATTEMPTS; attempt++)
    {
      ResetStep step = g_array_index (plan, ResetStep, attempt % plan->len);

      if (step.kind != RESET_NONE)
        {
          g_autoptr(GBytes) log = NULL;
          if (!kiln_transport_flush_input (self->transport, error) ||
              !run_reset (self, step, cancellable, error))
            return FALSE;
          log = kiln_transport_drain (self->transport, 30, 300, cancellable, error);
          if (log == NULL)
            return FALSE;
          if (g_bytes_get_size (log) > 0 && self->info.boot_log == NULL)
            self->info.boot_log = g_strndup (g_bytes_get_data (log, NULL), g_bytes_get_size (log));
          g_byte_array_append (seen, g_bytes_get_data (log, NULL), g_bytes_get_size (log));
        }

      for (guint i = 0; i < SYNC_ATTEMPTS; i++)
        {
          g_autoptr(GBytes) noise = NULL;
          g_clear_error (&last);
          if (!kiln_transport_flush_input (self->transport, error))
            return FALSE;
          if (kiln_loader_sync (self->loader, KILN_TIMEOUT_SYNC, stub_running, &last))
            return TRUE;
          noise = kiln_loader_take_noise (self->loader);
          if (seen->len < 4096)
            g_byte_array_append (seen, g_bytes_get_data (noise, NULL), g_bytes_get_size (noise));
          if (g_error_matches (last, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              g_error_matches (last, KILN_ERROR, KILN_ERROR_PORT_GONE) ||
              g_error_matches (last, KILN_ERROR, KILN_ERROR_PORT))
            {
              g_propagate_error (error, g_steal_pointer (&last));
              return FALSE;
            }
          if (!kiln_sleep_ms (50, cancellable, error))
            return FALSE;
        }
      kiln_device_say (self, 0, _("No answer yet, retrying (%u of %u)…"), attempt + 1,
                       CONNECT_ATTEMPTS);
    }

  {
    g_autofree char *why = diagnose_no_sync (self, seen, cancellable);
    g_set_error (error, KILN_ERROR, KILN_ERROR_NO_SYNC,
                 _("Could not connect to the bootloader on %s: no answer to sync. %s"),
                 self->transport->port, why);
  }
  return FALSE;
}

/* The ROM loader reached through USB-Serial/JTAG feeds neither the RTC
 * watchdog nor the super watchdog, and the chip resets a few seconds into a
 * long write unless the host stops them (§4.6 of the protocol facts): the
 * RTC watchdog off, the super watchdog fed by the hardware.
 * KILN_TEST_KEEP_WATCHDOGS=1 leaves them running; it exists for the tests
 * that show what happens then. */
static gboolean
disable_usb_watchdogs (KilnDevice  *self,
                       GError     **error)
{
  const KilnUsbWatchdogs *w = &self->info.chip->usb_watchdogs;
  KilnLoader *l = self->loader;
  guint32 swd = 0;

  if (w->config0 == 0 || !on_serial_jtag (self->transport) || kiln_loader_is_stub (l))
    return TRUE;
  if (g_strcmp0 (g_getenv ("KILN_TEST_KEEP_WATCHDOGS"), "1") == 0)
    {
      kiln_device_say (self, 1, _("Leaving the chip's watchdogs running "
                                  "(KILN_TEST_KEEP_WATCHDOGS)."));
      return TRUE;
    }
  if (!kiln_loader_write_reg (l, w->wprotect, w->key, 0xFFFFFFFF, 0, error) ||
      !kiln_loader_write_reg (l, w->config0, 0, 0xFFFFFFFF, 0, error) ||
      !kiln_loader_write_reg (l, w->wprotect, 0, 0xFFFFFFFF, 0, error))
    return FALSE;
  if (w->swd_conf != 0 &&
      (!kiln_loader_write_reg (l, w->swd_wprotect, w->swd_key, 0xFFFFFFFF, 0, error) ||
       !kiln_loader_read_reg (l, w->swd_conf, &swd, error) ||
       !kiln_loader_write_reg (l, w->swd_conf, swd | 1u << w->swd_feed_bit, 0xFFFFFFFF, 0, error) ||
       !kiln_loader_write_reg (l, w->swd_wprotect, 0, 0xFFFFFFFF, 0, error)))
    return FALSE;
  kiln_device_say (self, 0, _("Stopped the RTC watchdog and set the super watchdog to feed itself "
                              "(USB-Serial/JTAG)."));
  return TRUE;
}

/* The ROM loader runs: its status length, and the commands the chip
 * table says it has (so a damaged request is not taken for a missing
 * command). */
void
kiln_device_rom_mode (KilnDevice *self)
{
  const KilnChipInfo *chip = self->info.chip;
  static const struct { KilnRomFeatures feature; guint8 first, last; } extra[] = {
    { KILN_ROM_SPI_SET_PARAMS, KILN_OP_SPI_SET_PARAMS, KILN_OP_SPI_SET_PARAMS },
    { KILN_ROM_SPI_ATTACH, KILN_OP_SPI_ATTACH, KILN_OP_SPI_ATTACH },
    { KILN_ROM_READ_FLASH, KILN_OP_READ_FLASH_SLOW, KILN_OP_READ_FLASH_SLOW },
    { KILN_ROM_CHANGE_BAUD, KILN_OP_CHANGE_BAUDRATE, KILN_OP_CHANGE_BAUDRATE },
    { KILN_ROM_DEFLATE, KILN_OP_FLASH_DEFL_BEGIN, KILN_OP_FLASH_DEFL_END },
    { KILN_ROM_MD5, KILN_OP_SPI_FLASH_MD5, KILN_OP_SPI_FLASH_MD5 },
    { KILN_ROM_SECURITY_INFO, KILN_OP_GET_SECURITY_INFO, KILN_OP_GET_SECURITY_INFO },
  };

  kiln_loader_set_stub (self->loader, FALSE);
  kiln_loader_set_status_len (self->loader, chip->rom_status_len);
  /* Secure Download Mode keeps only a few commands (protocol facts §2.1):
   * let the others be refused as missing. */
  if (in_secure_download_mode (self))
    {
      static const guint8 sdm[] = {
        KILN_OP_FLASH_BEGIN, KILN_OP_FLASH_DATA, KILN_OP_FLASH_END, KILN_OP_SYNC,
        KILN_OP_SPI_SET_PARAMS, KILN_OP_SPI_ATTACH, KILN_OP_CHANGE_BAUDRATE,
        KILN_OP_GET_SECURITY_INFO,
      };
      for (guint i = 0; i < G_N_ELEMENTS (sdm); i++)
        kiln_loader_mark_supported (self->loader, sdm[i]);
      return;
    }
  /* Every ROM: FLASH_BEGIN … READ_REG. */
  for (guint op = KILN_OP_FLASH_BEGIN; op <= KILN_OP_READ_REG; op++)
    kiln_loader_mark_supported (self->loader, (guint8) op);
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    if (chip->rom_features & extra[i].feature)
      for (guint op = extra[i].first; op <= extra[i].last; op++)
        kiln_loader_mark_supported (self->loader, (guint8) op);
}

/* Back to the ROM after a stub that did not start: it may still be
 * listening (the jump was refused), else the board is reset into it. */
static gboolean
rom_after_failed_stub (KilnDevice               *self,
                       const KilnConnectOptions *options,
                       GError                  **error)
{
  gboolean stub_running = FALSE;
  g_autoptr(GError) local = NULL;

  kiln_loader_set_stub (self->loader, FALSE);
  kiln_loader_set_status_len (self->loader, self->info.chip->rom_status_len);
  if (kiln_transport_flush_input (self->transport, NULL) &&
      kiln_loader_sync (self->loader, KILN_TIMEOUT_SYNC, &stub_running, &local) && !stub_running)
    return TRUE;
  g_clear_error (&local);
  if (!kiln_transport_set_baud (self->transport, KILN_ROM_BAUD, error) ||
      !kiln_device_sync (self, options, &stub_running, kiln_loader_get_cancellable (self->loader),
                         error))
    return FALSE;
  kiln_loader_set_stub (self->loader, stub_running);
  return TRUE;
}

static void
set_loader_name (KilnDevice *self,
                 const char *name)
{
  g_free (self->info.loader);
  self->info.loader = g_strdup (name);
}

gboolean
kiln_device_run_stub (KilnDevice               *self,
                      const KilnConnectOptions *options,
                      GError                  **error)
{
  g_autofree char *path = NULL;
  g_autoptr(KilnStub) stub = NULL;
  g_autoptr(GError) local = NULL;

  if (kiln_loader_is_stub (self->loader))
    return TRUE;
  /* TRANSLATORS: the chip's own serial loader, as opposed to a flasher stub */
  set_loader_name (self, _("ROM loader"));
  if (options->no_stub)
    {
      kiln_device_say (self, 0, _("Using the ROM loader (--no-stub)."));
      return TRUE;
    }
  path = options->stub_path != NULL ? g_strdup (options->stub_path)
                                    : kiln_stub_find (self->info.chip);
  if (path == NULL)
    {
      kiln_device_say (self, 0, _("No flasher stub for the %s; using the ROM loader."),
                       self->info.chip->display_name);
      return TRUE;
    }
  stub = kiln_stub_load (path, error);
  if (stub == NULL)
    return FALSE;
  if (stub->kiln_version != 0 && options->stub_path == NULL)
    kiln_device_say (self, 0, _("Uploading %s…"), stub->name);
  else
    kiln_device_say (self, 0, _("Uploading %s (%s)…"), stub->name, path);
  if (!kiln_stub_run (stub, self->loader, stub_ram_block (self->transport, self->info.chip),
                      &local))
    {
      if (options->stub_path != NULL)
        {
          g_set_error (error, KILN_ERROR, local->code,
                       _("%s Use --no-stub or another stub file."), local->message);
          return FALSE;
        }
      /* A stub we chose ourselves that fails is not worth failing the job:
       * the ROM loader does the work. */
      kiln_device_say (self, 1, _("%s Going on with the ROM loader."), local->message);
      return rom_after_failed_stub (self, options, error);
    }
  set_loader_name (self, stub->name);
  kiln_device_say (self, 0, _("%s running."), stub->name);
  return TRUE;
}

/* SPI_ATTACH's pin word: 0 (the default pins) unless the chip's eFuses
 * route the flash elsewhere (in-package or custom flash), which the ROM's
 * attach does not look up by itself (protocol facts §2.3). */
static guint32
spi_attach_config (KilnDevice *self)
{
  const KilnChipInfo *chip = self->info.chip;
  guint32 pads = 0, hd = 0;
  guint32 clk, q, d, cs;

  if (chip->efuse_spi_pads_reg == 0 ||
      !kiln_loader_read_reg (self->loader, chip->efuse_spi_pads_reg, &pads, NULL) ||
      !kiln_loader_read_reg (self->loader, chip->efuse_spi_pad_hd_reg, &hd, NULL))
    return 0;
  clk = pads & 0x1F;
  q = (pads >> 5) & 0x1F;
  d = (pads >> 10) & 0x1F;
  cs = (pads >> 15) & 0x1F;
  hd = (hd >> 4) & 0x1F;
  if (clk == 0 && q == 0 && d == 0 && cs == 0)
    return 0;
  kiln_device_say (self, 0, _("The flash is on the pins the eFuses name (CLK %u, Q %u, D %u, CS "
                              "%u, HD %u)."), clk, q, d, cs, hd);
  return hd << 24 | cs << 18 | d << 12 | q << 6 | clk;
}

static gboolean
attach_flash (KilnDevice  *self,
              GError     **error)
{
  const KilnChipInfo *chip = self->info.chip;
  gboolean stub = kiln_loader_is_stub (self->loader);
  g_autoptr(GError) local = NULL;

  if (chip->id == KILN_CHIP_ESP8266)
    {
      /* No SPI_ATTACH on the ESP8266 ROM: an empty FLASH_BEGIN attaches the
       * flash without erasing anything.  The stub attaches by itself. */
      if (!stub && !kiln_loader_flash_begin (self->loader, 0, 0, KILN_ROM_BLOCK_SIZE, 0, FALSE,
                                             KILN_TIMEOUT_DEFAULT, error))
        return FALSE;
    }
  else if (!kiln_loader_spi_attach (self->loader, spi_attach_config (self), error))
    return FALSE;

  /* Secure Download Mode refuses the register access the flash id takes
   * (its refusal would read as a damaged reply). */
  if (in_secure_download_mode (self))
    return TRUE;
  if (!kiln_spiflash_read_id (self->loader, chip, &self->info.flash_id, &local))
    {
      kiln_device_say (self, 1, _("Could not read the flash id: %s"), local->message);
      return TRUE;
    }
  self->info.flash_size = kiln_spiflash_size_from_id (self->info.flash_id);
  if (self->info.flash_id == 0xFFFFFF || self->info.flash_id == 0)
    {
      kiln_device_say (self, 1, _("The flash does not answer (id 0x%06x): check the flash wiring, "
                                  "or the 1.8 V/3.3 V flash supply strap."), self->info.flash_id);
      self->info.flash_size = 0;
    }
  return TRUE;
}

/**
 * kiln_device_connect:
 *
 * See the header.  On failure the port is closed again.
 *
 * Returns: (transfer full): the connected device, or %NULL
 */
KilnDevice *
kiln_device_connect (const KilnConnectOptions  *options,
                     KilnConnectLogFunc         log,
                     gpointer                   log_data,
                     GCancellable              *cancellable,
                     GError                   **error)
{
  g_autoptr(KilnDevice) self = g_new0 (KilnDevice, 1);
  const KilnChipInfo *wanted = kiln_chip_get (options->chip);
  gboolean stub_running = FALSE;
  guint start_baud = KILN_ROM_BAUD;

  self->log = log;
  self->log_data = log_data;
  kiln_connect_options_copy (&self->options, options);

  /* The ESP8266 ROM measures the baud from SYNC: start at the target rate
   * right away when the user told us the chip. */
  if (wanted != NULL && wanted->id == KILN_CHIP_ESP8266 && options->no_stub && options->baud != 0)
    start_baud = options->baud;

  kiln_device_say (self, 0, _("Opening %s…"), options->port);
  self->transport = kiln_transport_open (options->port, start_baud, error);
  if (self->transport == NULL)
    return NULL;
  if (self->transport->note != NULL)
    kiln_device_say (self, 0, "%s", self->transport->note);
  self->loader = kiln_loader_new (self->transport);
  kiln_loader_set_cancellable (self->loader, cancellable);
  if (options->trace)
    kiln_loader_set_trace (self->loader, trace_cb, self);

  kiln_device_say (self, 0, _("Connecting to the bootloader…"));
  if (!kiln_device_sync (self, options, &stub_running, cancellable, error))
    return NULL;
  if (stub_running)
    {
      kiln_loader_set_stub (self->loader, TRUE);
      /* TRANSLATORS: the loader that answers, when it was not uploaded now */
      set_loader_name (self, _("flasher stub (already running)"));
      kiln_device_say (self, 0, _("A flasher stub is already running."));
    }

  if (!kiln_device_detect_chip (self, error))
    return NULL;
  if (!stub_running)
    kiln_device_rom_mode (self);
  if (wanted != NULL && wanted != self->info.chip)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_WRONG_CHIP,
                   _("This board is an %s, not an %s as requested. Choose “%s” (or auto) as "
                     "the chip."), self->info.chip->display_name, wanted->display_name,
                   self->info.chip->name);
      return NULL;
    }

  kiln_device_read_security (self);
  if (in_secure_download_mode (self))
    {
      /* Secure Download Mode: no register reads, so no revision, MAC or
       * crystal; the chip id came with GET_SECURITY_INFO. */
      self->info.description = g_strdup (self->info.chip->display_name);
      kiln_device_say (self, 1, _("The chip is in Secure Download Mode: its ROM answers only a few "
                                  "commands (no register or flash reads)."));
    }
  else
    {
      if (!kiln_device_read_identity (self, error))
        return NULL;
      if (!disable_usb_watchdogs (self, error))
        return NULL;
    }
  {
    g_autofree char *mac = kiln_format_mac (self->info.mac);
    kiln_device_say (self, 0, _("Detected %s, MAC %s, crystal %u MHz."), self->info.description,
                     self->info.has_mac ? mac : _("unknown"), self->info.xtal_mhz);
  }

  if (!kiln_device_switch_early (self, options, cancellable, error) ||
      !kiln_device_run_stub (self, options, error))
    return NULL;
  self->info.stub = kiln_loader_is_stub (self->loader);
  if (!attach_flash (self, error))
    return NULL;
  if (self->info.flash_size != 0)
    {
      const char *vendor = kiln_spiflash_vendor_name (self->info.flash_id & 0xFF);
      g_autofree char *size = kiln_format_size (self->info.flash_size);
      kiln_device_say (self, 0, _("Flash: %s %s (JEDEC id 0x%06x)."),
                       vendor ? vendor : _("unknown maker"), size, self->info.flash_id);
      if (!kiln_device_set_flash_size (self, self->info.flash_size, error))
        return NULL;
    }
  if (!kiln_device_switch_late (self, options, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* The first line of a ROM boot banner in @noise ("ets Jan  8 2013,rst
 * cause:4, boot mode:(1,6)", "rst:0x8 (TG1WDT_SYS_RESET),boot:0x13 …"), or
 * NULL: how a chip that reset itself in the middle of the work shows. */
static char *
find_boot_banner (GBytes *noise)
{
  gsize len;
  const char *d = g_bytes_get_data (noise, &len);
  g_autofree char *text = NULL;
  const char *hit;
  const char *eol;

  if (len == 0)
    return NULL;
  text = g_strndup (d, len);       /* stops at a NUL, which is fine for a banner */
  hit = strstr (text, "rst:0x");
  if (hit == NULL)
    hit = strstr (text, "rst cause:");
  if (hit == NULL)
    return NULL;
  eol = strpbrk (hit, "\r\n");
  return g_utf8_make_valid (hit, eol != NULL ? eol - hit : -1);
}

/**
 * kiln_device_recover:
 * @cause: what went wrong, for the log
 *
 * Brings a device that stopped answering properly back to a known state
 * after a failed command: discards late replies, syncs again (resetting
 * into the bootloader only if a plain sync fails), and when the chip reset
 * itself — its boot banner came in as noise, or the stub no longer answers —
 * uploads the stub again and reattaches the flash.  Any flash write that
 * was under way must be started again from its BEGIN.  Runs in the calling
 * thread.
 */
gboolean
kiln_device_recover (KilnDevice    *self,
                     const GError  *cause,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GBytes) noise = NULL;
  g_autoptr(GBytes) late = NULL;
  g_autofree char *banner = NULL;
  gboolean stub_running = FALSE;
  gboolean synced = FALSE;
  gboolean was_stub = kiln_loader_is_stub (self->loader);

  /* A chip on its own USB that resets takes its port with it. */
  if (cause != NULL && g_error_matches (cause, KILN_ERROR, KILN_ERROR_PORT_GONE) &&
      on_chip_usb (self->transport))
    {
      kiln_device_say (self, 1, _("The board reset itself: its USB port went away. Waiting for it "
                                  "to come back…"));
      if (!reopen_port (self, cancellable, error))
        return FALSE;
    }

  /* Whatever is still on its way (late replies, the rest of a boot log)
   * belongs to the failed attempt. */
  late = kiln_transport_drain (self->transport, 50, 1000, cancellable, error);
  if (late == NULL)
    return FALSE;
  noise = kiln_loader_take_noise (self->loader);
  {
    g_autoptr(GByteArray) all = g_bytes_unref_to_array (g_steal_pointer (&noise));
    g_byte_array_append (all, g_bytes_get_data (late, NULL), g_bytes_get_size (late));
    noise = g_byte_array_free_to_bytes (g_steal_pointer (&all));
  }
  banner = find_boot_banner (noise);
  if (banner != NULL)
    kiln_device_say (self, 1, _("The board reset itself (it printed “%s”); reconnecting…"),
                     banner);
  else if (g_bytes_get_size (noise) > 0)
    kiln_device_say (self, 1, _("The board stopped answering as a loader and sent other data "
                                "instead, as it does after a reset; reconnecting…"));
  else
    kiln_device_say (self, 1, _("%s Resynchronising with the loader and trying again…"),
                     cause != NULL ? cause->message : "");

  if (!kiln_loader_discard_input (self->loader, error))
    return FALSE;
  for (guint i = 0; i < SYNC_ATTEMPTS && !synced; i++)
    {
      g_autoptr(GError) local = NULL;

      if (kiln_loader_sync (self->loader, KILN_TIMEOUT_SYNC, &stub_running, &local))
        synced = TRUE;
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
               g_error_matches (local, KILN_ERROR, KILN_ERROR_PORT_GONE) ||
               g_error_matches (local, KILN_ERROR, KILN_ERROR_PORT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (!synced)
    {
      /* A chip back in its ROM after a reset may listen at the ROM rate only;
       * failing that, reset it into the bootloader as when connecting. */
      if (!kiln_transport_set_baud (self->transport, KILN_ROM_BAUD, error) ||
          !kiln_loader_discard_input (self->loader, error) ||
          !kiln_device_sync (self, &self->options, &stub_running, cancellable, error))
        return FALSE;
    }

  kiln_loader_set_stub (self->loader, stub_running);
  if (!stub_running)
    kiln_device_rom_mode (self);
  /* A chip that reset runs its watchdogs again. */
  if (!stub_running && !disable_usb_watchdogs (self, error))
    return FALSE;
  if (was_stub && !stub_running && !kiln_device_run_stub (self, &self->options, error))
    return FALSE;
  self->info.stub = kiln_loader_is_stub (self->loader);
  if (!attach_flash (self, error))
    return FALSE;
  if (self->told_size != 0)
    {
      guint32 size = self->told_size;
      self->told_size = 0;     /* the reset forgot it: tell it again */
      if (!kiln_device_set_flash_size (self, size, error))
        return FALSE;
    }
  if (!self->baud_settled && !kiln_device_switch_baud (self, &self->options, cancellable, error))
    return FALSE;
  kiln_device_say (self, 0, _("Connected again."));
  return TRUE;
}

/**
 * kiln_device_set_flash_size:
 * @size: bytes
 *
 * Tells the loader how large the flash is (SPI_SET_PARAMS), where it has
 * the command: the ESP32-family ROMs refuse to read or write beyond what
 * they believe (2 MB until told), stubs likewise.  The ESP8266 ROM has no
 * such command; nothing is sent.  Sent again after a recovery.
 */
gboolean
kiln_device_set_flash_size (KilnDevice  *self,
                            guint32      size,
                            GError     **error)
{
  if (size == 0 || size == self->told_size)
    return TRUE;
  if (!(self->info.chip->rom_features & KILN_ROM_SPI_SET_PARAMS) &&
      !kiln_loader_is_stub (self->loader))
    return TRUE;
  if (!kiln_loader_spi_set_params (self->loader, size, error))
    return FALSE;
  self->told_size = size;
  return TRUE;
}

/**
 * kiln_device_get_loader_flash_size:
 *
 * Returns: how much flash the running loader will reach: the size it was
 *   told, else a ROM's built-in assumption; 0 when a stub runs untold (it
 *   reaches the whole flash)
 */
guint32
kiln_device_get_loader_flash_size (KilnDevice *self)
{
  if (self->told_size != 0)
    return self->told_size;
  if (kiln_loader_is_stub (self->loader))
    return 0;
  return self->info.chip->rom_flash_size;
}

/**
 * kiln_device_clear_forced_download:
 *
 * Clears the chip's force-download flag where it has one (S2, S3), so
 * that the next reset starts the firmware: left set, every reset short of
 * a power-on brings the board back to the loader.  Says what it did.
 */
void
kiln_device_clear_forced_download (KilnDevice *self)
{
  g_autoptr(GError) error = NULL;
  gboolean forced = FALSE;

  if (self == NULL || self->loader == NULL || self->info.chip == NULL)
    return;
  /* Secure Download Mode refuses register reads and writes. */
  if (in_secure_download_mode (self))
    return;
  if (!kiln_chip_clear_forced_download (self->loader, self->info.chip, &forced, &error))
    kiln_device_say (self, 0, _("Could not clear the chip's forced download mode (%s): if the "
                                "board comes back in download mode, unplug it and plug it in "
                                "again."),
                     error->message);
  else if (forced)
    kiln_device_say (self, 1, _("Cleared the chip's forced download mode, so that it starts its "
                                "firmware."));
}

/**
 * kiln_device_reopen:
 *
 * After a reset of a chip reached through its own USB: waits for the port
 * to come back (up to 3 s) and opens it again; the loader, if any, talks
 * through the new handle.
 */
gboolean
kiln_device_reopen (KilnDevice    *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (self != NULL && self->transport != NULL, FALSE);
  return reopen_port (self, cancellable, error);
}

/**
 * kiln_device_resets_itself:
 *
 * Whether the board is reached through its chip's ROM USB-OTG CDC, which
 * has no wire to EN: kiln_device_finish() resets it through its watchdog,
 * and nothing from its boot reaches this port (the ROM and the bootloader
 * print on UART0).
 */
gboolean
kiln_device_resets_itself (KilnDevice *self)
{
  return self != NULL && self->loader != NULL && self->info.chip != NULL &&
         on_usb_otg (self->transport, self->info.chip) &&
         kiln_chip_can_watchdog_reset (self->info.chip) &&
         !in_secure_download_mode (self);
}

void
kiln_device_finish (KilnDevice    *self,
                    KilnAfterMode  after)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL || after == KILN_AFTER_NO_RESET)
    return;
  kiln_device_clear_forced_download (self);

  if (kiln_device_resets_itself (self))
    {
      kiln_device_say (self, 0, _("Resetting the board through its watchdog (USB-OTG)…"));
      if (kiln_chip_watchdog_reset (self->loader, self->info.chip, &error))
        return;
      kiln_device_say (self, 0, _("The watchdog reset failed (%s): press RESET on the board to "
                                  "start the new firmware."), error->message);
      return;
    }
  /* Over USB-OTG in Secure Download Mode: no register writes, so no
   * watchdog reset, and the lines reach nothing. */
  if (self->info.chip != NULL && on_usb_otg (self->transport, self->info.chip))
    {
      kiln_device_say (self, 0, _("Kiln cannot reset this chip through its USB-OTG port in Secure "
                                  "Download Mode: press RESET on the board (or unplug it and plug "
                                  "it in) to start its firmware."));
      return;
    }
  if (!kiln_transport_has_lines (self->transport))
    return;
  kiln_device_say (self, 0, _("Resetting the board…"));
  /* EN low for 100 ms with GPIO0 released: the chip boots from flash. */
  kiln_transport_set_lines (self->transport, FALSE, TRUE, NULL);
  g_usleep (100 * 1000);
  kiln_transport_set_lines (self->transport, FALSE, FALSE, NULL);
}

void
kiln_device_close (KilnDevice *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->loader, kiln_loader_free);
  g_clear_pointer (&self->transport, kiln_transport_free);
  kiln_connect_options_clear (&self->options);
  kiln_device_info_clear (&self->info);
  g_free (self);
}

/**
 * kiln_device_on_chip_usb:
 *
 * Whether the board is reached through the chip's own USB device
 * (USB-Serial/JTAG or USB-OTG), which leaves the bus whenever the chip
 * resets: a vanished port there means a reset, not an unplugged cable.
 */
gboolean
kiln_device_on_chip_usb (KilnDevice *self)
{
  return self != NULL && self->transport != NULL && on_chip_usb (self->transport);
}

KilnLoader *
kiln_device_get_loader (KilnDevice *self)
{
  return self->loader;
}

KilnTransport *
kiln_device_get_transport (KilnDevice *self)
{
  return self->transport;
}

const KilnDeviceInfo *
kiln_device_get_info (KilnDevice *self)
{
  return &self->info;
}

KilnDeviceInfo *
kiln_device_get_info_mut (KilnDevice *self)
{
  return &self->info;
}
