/* kiln-connect.c
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
#include "kiln-connect.h"
#include "kiln-error.h"
#include "kiln-spiflash.h"
#include "kiln-stub.h"
#include "kiln-util.h"

#define ROM_BAUD          115200
#define CONNECT_ATTEMPTS  7
#define SYNC_ATTEMPTS     5
#define MAGIC_REG         0x40001000
/* GET_SECURITY_INFO flag bit 2 (§4.5 of the protocol facts). */
#define SECURITY_DOWNLOAD_MODE (1u << 2)
/* How long a chip's own USB device may take to come back after a reset. */
#define USB_REENUMERATE_MS 3000

struct _KilnDevice
{
  KilnTransport      *transport;
  KilnLoader         *loader;
  KilnConnectOptions  options;     /* kept for kiln_device_recover() */
  KilnDeviceInfo      info;
  KilnConnectLogFunc  log;
  gpointer            log_data;
  guint               settled_baud;  /* what KILN_BAUD_AUTO came to, 0 before */
  guint32             told_size;     /* the flash size the loader was given, 0 none */
  gboolean            baud_settled;  /* the rate is as good as it gets: no more switches */
};

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

static void G_GNUC_PRINTF (3, 4)
say (KilnDevice *self,
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

static gboolean
sleep_ms (guint          ms,
          GCancellable  *cancellable,
          GError       **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (20000, MAX (0, end - g_get_monotonic_time ())));
    }
  return TRUE;
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

      if (!sleep_ms (50, cancellable, error))
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
             sleep_ms (100, cancellable, error) &&
             kiln_transport_set_lines (t, TRUE, TRUE, error) &&
             kiln_transport_set_lines (t, TRUE, FALSE, error) &&
             sleep_ms (step.delay_ms, cancellable, error) &&
             kiln_transport_set_lines (t, FALSE, FALSE, error);
    case RESET_TIGHT:
      return kiln_transport_set_lines (t, FALSE, FALSE, error) &&
             kiln_transport_set_lines (t, TRUE, TRUE, error) &&
             kiln_transport_set_lines (t, FALSE, TRUE, error) &&
             sleep_ms (100, cancellable, error) &&
             kiln_transport_set_lines (t, TRUE, FALSE, error) &&
             sleep_ms (step.delay_ms, cancellable, error) &&
             kiln_transport_set_lines (t, FALSE, FALSE, error) &&
             kiln_transport_set_lines (t, FALSE, FALSE, error);
    case RESET_USB:
      return kiln_transport_set_lines (t, FALSE, FALSE, error) &&
             sleep_ms (100, cancellable, error) &&
             kiln_transport_set_lines (t, TRUE, FALSE, error) &&
             sleep_ms (100, cancellable, error) &&
             kiln_transport_set_lines (t, TRUE, TRUE, error) &&
             kiln_transport_set_lines (t, FALSE, TRUE, error) &&
             sleep_ms (100, cancellable, error) &&
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
  guint bauds[] = { 74880, ROM_BAUD };
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
  kiln_transport_set_baud (t, ROM_BAUD, NULL);

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

static gboolean
sync_with_retries (KilnDevice               *self,
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
          if (!sleep_ms (50, cancellable, error))
            return FALSE;
        }
      say (self, 0, _("No answer yet, retrying (%u of %u)…"), attempt + 1, CONNECT_ATTEMPTS);
    }

  {
    g_autofree char *why = diagnose_no_sync (self, seen, cancellable);
    g_set_error (error, KILN_ERROR, KILN_ERROR_NO_SYNC,
                 _("Could not connect to the bootloader on %s: no answer to sync. %s"),
                 self->transport->port, why);
  }
  return FALSE;
}

static gboolean
detect_chip (KilnDevice    *self,
             GError       **error)
{
  g_autoptr(GError) local = NULL;
  guint32 magic = 0;
  gboolean refused = FALSE;

  if (kiln_loader_read_reg (self->loader, MAGIC_REG, &magic, &local))
    {
      self->info.chip = kiln_chip_by_magic (magic);
      if (self->info.chip != NULL)
        return TRUE;
    }
  else if (!g_error_matches (local, KILN_ERROR, KILN_ERROR_UNSUPPORTED))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  else
    refused = TRUE;
  g_clear_error (&local);

  /* Newer chips, and any chip in secure download mode, say who they are
   * through GET_SECURITY_INFO. */
  {
    g_autoptr(GBytes) info = kiln_loader_security_info (self->loader, 20, &local);
    if (info != NULL)
      {
        guint32 id = kiln_get_le32 ((const guint8 *) g_bytes_get_data (info, NULL) + 12);
        self->info.chip = kiln_chip_by_image_id ((gint) id);
        if (self->info.chip != NULL)
          return TRUE;
      }
  }
  /* A ROM that refuses register reads (Secure Download Mode) and whose
   * security info carries no chip id (the S2's): the user's choice is all
   * there is to go by. */
  if (refused && self->options.chip != KILN_CHIP_AUTO)
    {
      self->info.chip = kiln_chip_get (self->options.chip);
      say (self, 0, _("The chip does not say which it is (its ROM refuses register reads); "
                      "going by the chip chosen: %s."), self->info.chip->display_name);
      return TRUE;
    }
  if (refused)
    g_set_error (error, KILN_ERROR, KILN_ERROR_UNKNOWN_CHIP,
                 _("The chip answered but does not say which it is: its ROM refuses register "
                   "reads (Secure Download Mode). Choose the chip by hand (Chip in the app, "
                   "--chip for kiln-cli)."));
  else
    g_set_error (error, KILN_ERROR, KILN_ERROR_UNKNOWN_CHIP,
                 _("The chip answered but is not one Kiln knows (magic value 0x%08x). Choose the "
                   "chip by hand if you know it."), magic);
  return FALSE;
}

static gboolean
read_mac (KilnDevice  *self,
          GError     **error)
{
  const KilnChipInfo *chip = self->info.chip;
  guint8 *mac = self->info.mac;
  guint32 w0, w1, w3;

  switch (chip->mac_kind)
    {
    case KILN_MAC_ESP8266:
      if (!kiln_loader_read_reg (self->loader, chip->mac_reg, &w0, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 4, &w1, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 12, &w3, error))
        return FALSE;
      if (w3 != 0)
        {
          mac[0] = (w3 >> 16) & 0xFF; mac[1] = (w3 >> 8) & 0xFF; mac[2] = w3 & 0xFF;
        }
      else if (((w1 >> 16) & 0xFF) == 0)
        {
          mac[0] = 0x18; mac[1] = 0xFE; mac[2] = 0x34;
        }
      else if (((w1 >> 16) & 0xFF) == 1)
        {
          mac[0] = 0xAC; mac[1] = 0xD0; mac[2] = 0x74;
        }
      else
        {
          say (self, 1, _("The MAC address has an unknown manufacturer prefix."));
          return TRUE;
        }
      mac[3] = (w1 >> 8) & 0xFF; mac[4] = w1 & 0xFF; mac[5] = (w0 >> 24) & 0xFF;
      break;
    case KILN_MAC_ESP32:
      /* words 1 and 2, big-endian, after two CRC bytes */
      if (!kiln_loader_read_reg (self->loader, chip->mac_reg, &w1, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 4, &w0, error))
        return FALSE;
      mac[0] = (w0 >> 8) & 0xFF; mac[1] = w0 & 0xFF;
      mac[2] = (w1 >> 24) & 0xFF; mac[3] = (w1 >> 16) & 0xFF;
      mac[4] = (w1 >> 8) & 0xFF; mac[5] = w1 & 0xFF;
      break;
    case KILN_MAC_EFUSE_PAIR:
      if (!kiln_loader_read_reg (self->loader, chip->mac_reg, &w0, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 4, &w1, error))
        return FALSE;
      mac[0] = (w1 >> 8) & 0xFF; mac[1] = w1 & 0xFF;
      mac[2] = (w0 >> 24) & 0xFF; mac[3] = (w0 >> 16) & 0xFF;
      mac[4] = (w0 >> 8) & 0xFF; mac[5] = w0 & 0xFF;
      break;
    }
  self->info.has_mac = TRUE;
  return TRUE;
}

static gboolean
read_crystal (KilnDevice  *self,
              GError     **error)
{
  const KilnChipInfo *chip = self->info.chip;
  guint32 div;
  double mhz;

  if (chip->fixed_xtal_mhz != 0)
    {
      self->info.xtal_mhz = chip->fixed_xtal_mhz;
      return TRUE;
    }
  if (!kiln_loader_read_reg (self->loader, chip->uart_clkdiv_reg, &div, error))
    return FALSE;
  /* The UART runs at the host's baud after sync, so the divider gives the clock. */
  mhz = (double) self->transport->baud * (div & 0xFFFFF) / 1e6 / chip->xtal_clk_divider;
  if (mhz > 45)
    self->info.xtal_mhz = 48;
  else if (mhz > 33)
    self->info.xtal_mhz = 40;
  else if (mhz > 0.5)
    self->info.xtal_mhz = 26;
  return TRUE;
}

static gboolean
read_field (KilnDevice         *self,
            const KilnRegField *field,
            guint              *value,
            GError            **error)
{
  guint32 word;

  if (!kiln_loader_read_reg (self->loader, field->reg, &word, error))
    return FALSE;
  *value = (word >> field->shift) & field->mask;
  return TRUE;
}

static gboolean
read_revision (KilnDevice  *self,
               GError     **error)
{
  const KilnChipInfo *chip = self->info.chip;

  if (chip->id == KILN_CHIP_ESP32)
    {
      guint32 w0, w3, w5, date;
      guint major = 0, minor, pkg;
      static const char *const pkgs[] = {
        "ESP32-D0WDQ6", "ESP32-D0WD", "ESP32-D2WD", NULL, "ESP32-U4WDH", "ESP32-PICO-D4",
        "ESP32-PICO-V3-02", "ESP32-D0WDR2",
      };
      if (!kiln_loader_read_reg (self->loader, 0x3FF5A000, &w0, error) ||
          !kiln_loader_read_reg (self->loader, 0x3FF5A00C, &w3, error) ||
          !kiln_loader_read_reg (self->loader, 0x3FF5A014, &w5, error) ||
          !kiln_loader_read_reg (self->loader, 0x3FF6607C, &date, error))
        return FALSE;
      if (w3 & (1u << 15))
        {
          major = 1;
          if (w5 & (1u << 20))
            major = (date & 0x80000000u) ? 3 : 2;
        }
      minor = (w5 >> 24) & 0x3;
      pkg = ((w3 >> 9) & 0x7) | (((w3 >> 2) & 0x1) << 3);
      self->info.revision = g_strdup_printf ("v%u.%u", major, minor);
      self->info.description = g_strdup_printf ("%s%s (revision %s)",
                                                pkg < G_N_ELEMENTS (pkgs) && pkgs[pkg] ? pkgs[pkg]
                                                                                       : "ESP32",
                                                major == 3 ? "-V3" : "", self->info.revision);
      self->info.flash_crypt_cnt = (w0 >> 20) & 0x7F;
      self->info.security_known = TRUE;
      return TRUE;
    }
  if (chip->id == KILN_CHIP_ESP8266)
    {
      guint32 w0, w2;
      if (!kiln_loader_read_reg (self->loader, chip->mac_reg, &w0, error) ||
          !kiln_loader_read_reg (self->loader, chip->mac_reg + 8, &w2, error))
        return FALSE;
      self->info.description = g_strdup ((w0 & (1u << 4)) || (w2 & (1u << 16)) ? "ESP8285"
                                                                             : "ESP8266EX");
      return TRUE;
    }
  if (chip->revision.major.reg != 0)
    {
      guint major, minor_hi = 0, minor_lo;

      if (!read_field (self, &chip->revision.major, &major, error) ||
          (chip->revision.minor_hi.reg != 0 &&
           !read_field (self, &chip->revision.minor_hi, &minor_hi, error)) ||
          !read_field (self, &chip->revision.minor_lo, &minor_lo, error))
        return FALSE;
      self->info.revision = g_strdup_printf ("v%u.%u", major,
                                             minor_hi << chip->revision.minor_lo_bits | minor_lo);
      self->info.description = g_strdup_printf ("%s (revision %s)", chip->display_name,
                                                self->info.revision);
      return TRUE;
    }
  self->info.description = g_strdup (chip->display_name);
  return TRUE;
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
      say (self, 1, _("Leaving the chip's watchdogs running (KILN_TEST_KEEP_WATCHDOGS)."));
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
  say (self, 0, _("Stopped the RTC watchdog and set the super watchdog to feed itself "
                  "(USB-Serial/JTAG)."));
  return TRUE;
}

static void
read_security (KilnDevice *self)
{
  g_autoptr(GBytes) info = NULL;
  const guint8 *d;

  if (self->info.chip->security_info_len == 0)
    return;
  info = kiln_loader_security_info (self->loader, self->info.chip->security_info_len, NULL);
  if (info == NULL)
    return;
  d = g_bytes_get_data (info, NULL);
  self->info.security_flags = kiln_get_le32 (d);
  self->info.flash_crypt_cnt = d[4];
  self->info.security_known = TRUE;
}

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

  kiln_put_le32 (p, MAGIC_REG);
  for (guint i = 0; i < 2; i++)
    if (kiln_loader_command (self->loader, KILN_OP_READ_REG, p, 4, 0, 0, 300, value, NULL, NULL))
      return TRUE;
  return FALSE;
}

static gboolean
switch_baud (KilnDevice               *self,
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
          say (self, 1, _("The %s ROM cannot change baud without a reset; staying at %u."),
               chip->display_name, old);
          return TRUE;
        }
      if (!kiln_transport_set_baud (self->transport, baud, error))
        return FALSE;
      g_clear_pointer (&self->info.boot_log, g_free);
      if (!sync_with_retries (self, &again, &stub_running, cancellable, &local))
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          say (self, 1, _("The chip did not sync at %u baud; continuing at %u."), baud, old);
          g_clear_error (&local);
          if (!kiln_transport_set_baud (self->transport, old, error) ||
              !sync_with_retries (self, &again, &stub_running, cancellable, error))
            return FALSE;
        }
      else
        say (self, 0, _("Synced again at %u baud."), baud);
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
      !sleep_ms (50, cancellable, error) ||
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
  say (self, 0, _("Changed baud rate to %u."), baud);
  return TRUE;
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
  if (!kiln_transport_set_baud (self->transport, ROM_BAUD, error) ||
      !sync_with_retries (self, options, &stub_running, kiln_loader_get_cancellable (self->loader),
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

static gboolean
maybe_run_stub (KilnDevice               *self,
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
      say (self, 0, _("Using the ROM loader (--no-stub)."));
      return TRUE;
    }
  path = options->stub_path != NULL ? g_strdup (options->stub_path)
                                    : kiln_stub_find (self->info.chip);
  if (path == NULL)
    {
      say (self, 0, _("No flasher stub for the %s; using the ROM loader."),
           self->info.chip->display_name);
      return TRUE;
    }
  stub = kiln_stub_load (path, error);
  if (stub == NULL)
    return FALSE;
  if (stub->kiln_version != 0 && options->stub_path == NULL)
    say (self, 0, _("Uploading %s…"), stub->name);
  else
    say (self, 0, _("Uploading %s (%s)…"), stub->name, path);
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
      say (self, 1, _("%s Going on with the ROM loader."), local->message);
      return rom_after_failed_stub (self, options, error);
    }
  set_loader_name (self, stub->name);
  say (self, 0, _("%s running."), stub->name);
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
  say (self, 0, _("The flash is on the pins the eFuses name (CLK %u, Q %u, D %u, CS %u, HD %u)."),
       clk, q, d, cs, hd);
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
      say (self, 1, _("Could not read the flash id: %s"), local->message);
      return TRUE;
    }
  self->info.flash_size = kiln_spiflash_size_from_id (self->info.flash_id);
  if (self->info.flash_id == 0xFFFFFF || self->info.flash_id == 0)
    {
      say (self, 1, _("The flash does not answer (id 0x%06x): check the flash wiring, or the "
                      "1.8 V/3.3 V flash supply strap."), self->info.flash_id);
      self->info.flash_size = 0;
    }
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
    say (self, 1, _("Could not remember the baud rate for this port in %s: %s"), path,
         error != NULL ? error->message : g_strerror (errno));
}

/* The ROM loader runs: its status length, and the commands the chip
 * table says it has (so a damaged request is not taken for a missing
 * command). */
static void
rom_mode (KilnDevice *self)
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
  if (self->info.security_known && (self->info.security_flags & (1u << 2)))
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

  if (!kiln_transport_set_baud (self->transport, ROM_BAUD, error) ||
      !kiln_transport_flush_input (self->transport, error) ||
      !sync_with_retries (self, options, &stub_running, cancellable, error))
    return FALSE;
  kiln_loader_set_stub (self->loader, stub_running);
  if (!stub_running)
    rom_mode (self);
  if (was_stub && !stub_running && !maybe_run_stub (self, options, error))
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
      guint next = i + 1 < G_N_ELEMENTS (baud_ladder) ? baud_ladder[i + 1] : ROM_BAUD;
      KilnConnectOptions at = *options;
      g_autoptr(GError) local = NULL;

      if (remembered != 0 && rung > remembered)
        continue;
      at.baud = rung;
      if (switch_baud (self, &at, cancellable, &local))
        {
          if (self->transport->baud == rung)
            {
              self->settled_baud = rung;
              baud_memory_set (self, key, rung);
              if (remembered != 0 && rung == remembered)
                say (self, 0, _("Using %u baud, which worked on this link before."), rung);
              return TRUE;
            }
          /* The ESP8266 ROM did not sync at the rate and is back at the old one. */
          say (self, 1, _("%u baud does not work on this link; trying %u."), rung, next);
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
      say (self, 1, _("%u baud does not work on this link; trying %u."), rung, next);
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
  g_autoptr(GArray) plan = reset_plan (self, options);
  g_autoptr(GBytes) log = NULL;

  *ok = FALSE;
  if (!kiln_transport_set_baud (self->transport, baud, error) ||
      !kiln_transport_flush_input (self->transport, error) ||
      !run_reset (self, g_array_index (plan, ResetStep, 0), cancellable, error))
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
          say (self, 0, _("The flasher stub will change the rate to %u baud (a ROM switch that "
                          "went wrong could not be undone without a reset on this link)."),
               options->baud);
          return TRUE;
        }
      say (self, 1, _("Staying at %u baud: the %s ROM's own baud switch cannot be undone on this "
                      "link if it goes wrong (no reset line), and no flasher stub is available "
                      "to switch safely."), old, chip->display_name);
      self->baud_settled = TRUE;
      return TRUE;
    }
  if (switch_baud (self, options, cancellable, &local))
    return TRUE;
  if (!g_error_matches (local, KILN_ERROR, KILN_ERROR_TIMEOUT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  say (self, 1, _("%s Resetting it and carrying on at %u baud."), local->message, old);
  if (!kiln_transport_set_baud (self->transport, old, error) ||
      !kiln_transport_flush_input (self->transport, error) ||
      !sync_with_retries (self, options, NULL, cancellable, error))
    return FALSE;
  rom_mode (self);
  if (stub)
    say (self, 0, _("The flasher stub will change the rate instead."));
  else
    {
      say (self, 1, _("No flasher stub for the %s: the job runs at %u baud. (If every board fails "
                      "at %u, the adapter cannot hold that rate.)"),
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
static gboolean
switch_early (KilnDevice               *self,
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
      say (self, 0, _("Synced again at %u baud."), target);
      return TRUE;
    }
  say (self, 0, _("The ROM did not sync at %u baud; the stub will change the rate."), target);
  return kiln_transport_set_baud (self->transport, ROM_BAUD, error) &&
         kiln_loader_discard_input (self->loader, error) &&
         sync_with_retries (self, options, NULL, cancellable, error);
}

static gboolean
switch_late (KilnDevice               *self,
             const KilnConnectOptions *options,
             GCancellable             *cancellable,
             GError                  **error)
{
  if (self->baud_settled)
    return TRUE;
  if (options->baud == KILN_BAUD_AUTO && self->settled_baud == 0)
    return settle_baud (self, options, cancellable, error);
  return switch_baud (self, options, cancellable, error);
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
  guint start_baud = ROM_BAUD;

  self->log = log;
  self->log_data = log_data;
  kiln_connect_options_copy (&self->options, options);

  /* The ESP8266 ROM measures the baud from SYNC: start at the target rate
   * right away when the user told us the chip. */
  if (wanted != NULL && wanted->id == KILN_CHIP_ESP8266 && options->no_stub && options->baud != 0)
    start_baud = options->baud;

  say (self, 0, _("Opening %s…"), options->port);
  self->transport = kiln_transport_open (options->port, start_baud, error);
  if (self->transport == NULL)
    return NULL;
  if (self->transport->note != NULL)
    say (self, 0, "%s", self->transport->note);
  self->loader = kiln_loader_new (self->transport);
  kiln_loader_set_cancellable (self->loader, cancellable);
  if (options->trace)
    kiln_loader_set_trace (self->loader, trace_cb, self);

  say (self, 0, _("Connecting to the bootloader…"));
  if (!sync_with_retries (self, options, &stub_running, cancellable, error))
    return NULL;
  if (stub_running)
    {
      kiln_loader_set_stub (self->loader, TRUE);
      /* TRANSLATORS: the loader that answers, when it was not uploaded now */
      set_loader_name (self, _("flasher stub (already running)"));
      say (self, 0, _("A flasher stub is already running."));
    }

  if (!detect_chip (self, error))
    return NULL;
  if (!stub_running)
    rom_mode (self);
  if (wanted != NULL && wanted != self->info.chip)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_WRONG_CHIP,
                   _("This board is an %s, not an %s as requested. Choose “%s” (or auto) as "
                     "the chip."), self->info.chip->display_name, wanted->display_name,
                   self->info.chip->name);
      return NULL;
    }

  read_security (self);
  if (in_secure_download_mode (self))
    {
      /* Secure Download Mode: no register reads, so no revision, MAC or
       * crystal; the chip id came with GET_SECURITY_INFO. */
      self->info.description = g_strdup (self->info.chip->display_name);
      say (self, 1, _("The chip is in Secure Download Mode: its ROM answers only a few "
                      "commands (no register or flash reads)."));
    }
  else
    {
      if (!read_revision (self, error) || !read_mac (self, error) ||
          !read_crystal (self, error))
        return NULL;
      if (!disable_usb_watchdogs (self, error))
        return NULL;
    }
  {
    g_autofree char *mac = kiln_format_mac (self->info.mac);
    say (self, 0, _("Detected %s, MAC %s, crystal %u MHz."), self->info.description,
         self->info.has_mac ? mac : _("unknown"), self->info.xtal_mhz);
  }

  if (!switch_early (self, options, cancellable, error) ||
      !maybe_run_stub (self, options, error))
    return NULL;
  self->info.stub = kiln_loader_is_stub (self->loader);
  if (!attach_flash (self, error))
    return NULL;
  if (self->info.flash_size != 0)
    {
      const char *vendor = kiln_spiflash_vendor_name (self->info.flash_id & 0xFF);
      g_autofree char *size = kiln_format_size (self->info.flash_size);
      say (self, 0, _("Flash: %s %s (JEDEC id 0x%06x)."), vendor ? vendor : _("unknown maker"),
           size, self->info.flash_id);
      if (!kiln_device_set_flash_size (self, self->info.flash_size, error))
        return NULL;
    }
  if (!switch_late (self, options, cancellable, error))
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
      say (self, 1, _("The board reset itself: its USB port went away. Waiting for it to come "
                      "back…"));
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
    say (self, 1, _("The board reset itself (it printed “%s”); reconnecting…"), banner);
  else if (g_bytes_get_size (noise) > 0)
    say (self, 1, _("The board stopped answering as a loader and sent other data instead, as it "
                    "does after a reset; reconnecting…"));
  else
    say (self, 1, _("%s Resynchronising with the loader and trying again…"),
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
      if (!kiln_transport_set_baud (self->transport, ROM_BAUD, error) ||
          !kiln_loader_discard_input (self->loader, error) ||
          !sync_with_retries (self, &self->options, &stub_running, cancellable, error))
        return FALSE;
    }

  kiln_loader_set_stub (self->loader, stub_running);
  if (!stub_running)
    rom_mode (self);
  /* A chip that reset runs its watchdogs again. */
  if (!stub_running && !disable_usb_watchdogs (self, error))
    return FALSE;
  if (was_stub && !stub_running && !maybe_run_stub (self, &self->options, error))
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
  if (!self->baud_settled && !switch_baud (self, &self->options, cancellable, error))
    return FALSE;
  say (self, 0, _("Connected again."));
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
    say (self, 0, _("Could not clear the chip's forced download mode (%s): if the board "
                    "comes back in download mode, unplug it and plug it in again."),
         error->message);
  else if (forced)
    say (self, 1, _("Cleared the chip's forced download mode, so that it starts its firmware."));
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
      say (self, 0, _("Resetting the board through its watchdog (USB-OTG)…"));
      if (kiln_chip_watchdog_reset (self->loader, self->info.chip, &error))
        return;
      say (self, 0, _("The watchdog reset failed (%s): press RESET on the board to start "
                      "the new firmware."), error->message);
      return;
    }
  /* Over USB-OTG in Secure Download Mode: no register writes, so no
   * watchdog reset, and the lines reach nothing. */
  if (self->info.chip != NULL && on_usb_otg (self->transport, self->info.chip))
    {
      say (self, 0, _("Kiln cannot reset this chip through its USB-OTG port in Secure Download "
                      "Mode: press RESET on the board (or unplug it and plug it in) to start its "
                      "firmware."));
      return;
    }
  if (!kiln_transport_has_lines (self->transport))
    return;
  say (self, 0, _("Resetting the board…"));
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
