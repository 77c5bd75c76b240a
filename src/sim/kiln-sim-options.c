/* kiln-sim-options.c: the option part of a "sim:" port string.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The syntax and every option are documented in kiln-sim.h.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-sim-private.h"

/**
 * kiln_sim_parse_size:
 *
 * Accepts "4MB", "4M", "4m", "512KB", "32Mbit", "4194304".
 */
gboolean
kiln_sim_parse_size (const char *text,
                     gsize      *size)
{
  char *end = NULL;
  guint64 n;
  guint64 mult = 1;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  n = g_ascii_strtoull (text, &end, 10);
  if (g_ascii_strcasecmp (end, "") == 0 || g_ascii_strcasecmp (end, "b") == 0)
    mult = 1;
  else if (g_ascii_strcasecmp (end, "k") == 0 || g_ascii_strcasecmp (end, "kb") == 0)
    mult = 1024;
  else if (g_ascii_strcasecmp (end, "m") == 0 || g_ascii_strcasecmp (end, "mb") == 0)
    mult = 1024 * 1024;
  else if (g_ascii_strcasecmp (end, "mbit") == 0)
    mult = 1024 * 1024 / 8;
  else
    return FALSE;
  if (n == 0 || n > G_MAXSIZE / mult)
    return FALSE;
  *size = (gsize) (n * mult);
  return TRUE;
}

gboolean
kiln_sim_parse_mac (const char *text,
                    guint8      mac[6])
{
  g_auto(GStrv) parts = g_strsplit_set (text, ":-", -1);

  if (g_strv_length (parts) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    {
      char *end = NULL;
      guint64 v;

      if (strlen (parts[i]) == 0 || strlen (parts[i]) > 2 || !g_ascii_isxdigit (parts[i][0]))
        return FALSE;
      v = g_ascii_strtoull (parts[i], &end, 16);
      if (*end != '\0')
        return FALSE;
      mac[i] = (guint8) v;
    }
  return TRUE;
}

static gboolean
parse_uint (const char *text,
            guint64    *out)
{
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  *out = g_ascii_strtoull (text, &end, 10);
  return *end == '\0';
}

static gboolean
parse_ms (const char *text,
          double     *out)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return *end == '\0' && *out >= 0 && *out < 1e7;
}

static gboolean
parse_bool (const char *text,
            gboolean   *out)
{
  if (g_strcmp0 (text, "1") == 0 || g_ascii_strcasecmp (text, "true") == 0
      || g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "on") == 0)
    *out = TRUE;
  else if (g_strcmp0 (text, "0") == 0 || g_ascii_strcasecmp (text, "false") == 0
           || g_ascii_strcasecmp (text, "no") == 0 || g_ascii_strcasecmp (text, "off") == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static const struct
{
  const char       *name;
  KilnSimFaultKind  kind;
  gboolean          has_ms;
} fault_kinds[] = {
  { "drop", KILN_SIM_FAULT_DROP, FALSE },
  { "corrupt", KILN_SIM_FAULT_CORRUPT, FALSE },
  { "corrupt-reply", KILN_SIM_FAULT_CORRUPT_REPLY, FALSE },
  { "stall", KILN_SIM_FAULT_STALL, TRUE },
  { "disconnect", KILN_SIM_FAULT_DISCONNECT, FALSE },
  { "reset", KILN_SIM_FAULT_RESET, FALSE },
  { "noise", KILN_SIM_FAULT_NOISE, FALSE },
  { "dup", KILN_SIM_FAULT_DUP, FALSE },
  { "corrupt-esc", KILN_SIM_FAULT_CORRUPT_ESC, FALSE },
};

/**
 * kiln_sim_faults_parse:
 * @faults: (element-type KilnSimFault): where the parsed faults are appended
 * @text: a fault= list
 */
gboolean
kiln_sim_faults_parse (GArray      *faults,
                       const char  *text,
                       GError     **error)
{
  g_auto(GStrv) items = g_strsplit_set (text, ",+;", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      KilnSimFault fault = { 0 };
      gboolean known = FALSE;
      guint64 n = 0, ms = 0;

      if (*items[i] == '\0')
        continue;
      f = g_strsplit (items[i], ":", -1);
      for (guint k = 0; k < G_N_ELEMENTS (fault_kinds); k++)
        {
          guint want = fault_kinds[k].has_ms ? 3 : 2;

          if (!g_str_equal (f[0], fault_kinds[k].name))
            continue;
          known = TRUE;
          if (g_strv_length (f) != want || !parse_uint (f[1], &n)
              || (fault_kinds[k].has_ms && (!parse_uint (f[2], &ms) || ms > 3600000)))
            {
              g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                           _("The simulator fault “%s” is malformed: write %s:N%s."),
                           items[i], fault_kinds[k].name, fault_kinds[k].has_ms ? ":MS" : "");
              return FALSE;
            }
          fault.kind = fault_kinds[k].kind;
          fault.n = n;
          fault.ms = (guint) ms;
        }
      if (!known)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                       _("Unknown simulator fault “%s”. Known faults: drop, corrupt, "
                         "corrupt-reply, corrupt-esc, dup, stall, disconnect, reset, noise."),
                       items[i]);
          return FALSE;
        }
      g_array_append_val (faults, fault);
    }
  return TRUE;
}

static gboolean
bad_value (const char  *key,
           const char  *value,
           const char  *hint,
           GError     **error)
{
  g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
               _("The simulator option %s=%s is not valid: %s"), key, value, hint);
  return FALSE;
}

/* Options about the ESP32's eFuses, ROM clock and strap pins. */
static gboolean
apply_esp32_option (KilnSimOptions *opts,
                    const char     *key,
                    const char     *value,
                    GError        **error)
{
  guint64 n;

  if (!opts->chip->rom_efuse_spi_pads)
    return bad_value (key, value, _("only the virtual ESP32 has this option."), error);
  if (g_str_equal (key, "spi-pads"))
    {
      g_auto(GStrv) pins = g_strsplit (value, ",", -1);

      if (g_strv_length (pins) != 5)
        return bad_value (key, value, _("give five GPIO numbers CLK,Q,D,CS,HD, e.g. "
                                        "6,17,8,16,11."), error);
      for (guint i = 0; i < 5; i++)
        {
          /* Five eFuse bits each; GPIO32/33 are written 30/31. */
          if (!parse_uint (pins[i], &n) || n > 31)
            return bad_value (key, value, _("each pin is a GPIO number from 0 to 31."), error);
          opts->spi_pads[i] = (guint8) n;
        }
      opts->spi_pads_set = TRUE;
    }
  else if (g_str_equal (key, "ck8m"))
    {
      if (!parse_uint (value, &n) || n > 0xFF)
        return bad_value (key, value, _("the eFuse field holds 0 to 255."), error);
      opts->ck8m = (guint) n;
    }
  else if (g_str_equal (key, "rtc-cal"))
    {
      if (!parse_uint (value, &n) || n > 0x1FFFFFF)
        return bad_value (key, value, _("the calibration field holds 0 to 33554431."), error);
      opts->rtc_cal = (guint32) n;
    }
  else if (g_str_equal (key, "straps"))
    {
      if (!g_str_equal (value, "recorded"))
        return bad_value (key, value, _("the only value is “recorded”."), error);
      opts->straps_recorded = TRUE;
    }
  else if (!g_str_equal (value, "broken"))
    return bad_value (key, value, _("the only value is “broken”."), error);
  else
    opts->rom_baud_broken = TRUE;
  return TRUE;
}

static gboolean
apply_option (KilnSimOptions *opts,
              const char     *key,
              const char     *value,
              GError        **error)
{
  guint64 n;

  if (g_str_equal (key, "flash") || g_str_equal (key, "flash-size"))
    {
      gsize size;

      if (!kiln_sim_parse_size (value, &size) || (size & (size - 1)) != 0
          || size < 256 * 1024 || size > 16 * 1024 * 1024)
        return bad_value (key, value, _("use a power of two from 256KB to 16MB, e.g. 4MB."), error);
      opts->flash_size = size;
    }
  else if (g_str_equal (key, "jedec"))
    {
      guint64 id;
      char *end = NULL;

      id = g_ascii_strtoull (value, &end, 16);
      if (strlen (value) != 6 || *end != '\0')
        return bad_value (key, value, _("give three bytes in hex, e.g. c84016."), error);
      opts->jedec[0] = (guint8) (id >> 16);
      opts->jedec[1] = (guint8) (id >> 8);
      opts->jedec[2] = (guint8) id;
      opts->jedec_set = TRUE;
    }
  else if (g_str_equal (key, "xtal"))
    {
      if (!parse_uint (value, &n) || (n != 26 && n != 32 && n != 40))
        return bad_value (key, value, _("the crystal is 26, 32 or 40 (MHz)."), error);
      opts->xtal_mhz = (guint) n;
    }
  else if (g_str_equal (key, "usb"))
    {
      if (g_str_equal (value, "bridge"))
        opts->usb = KILN_SIM_USB_BRIDGE;
      else if (g_str_equal (value, "serial-jtag"))
        opts->usb = KILN_SIM_USB_SERIAL_JTAG;
      else if (g_str_equal (value, "otg"))
        opts->usb = KILN_SIM_USB_OTG;
      else
        return bad_value (key, value, _("use usb=bridge, usb=serial-jtag or usb=otg."), error);
      if (opts->usb != KILN_SIM_USB_BRIDGE && !(opts->chip->usb & opts->usb))
        return bad_value (key, value, _("this chip has no such USB interface."), error);
    }
  else if (g_str_equal (key, "security"))
    {
      g_auto(GStrv) items = g_strsplit_set (value, ",+", -1);

      if (opts->chip->security_info_len == 0)
        return bad_value (key, value, _("only the ESP32-S2 and later chips report their "
                                        "security state this way."), error);
      for (guint i = 0; items[i] != NULL; i++)
        {
          if (g_str_equal (items[i], "flash-encryption"))
            opts->flash_encrypted = TRUE;
          else if (g_str_equal (items[i], "secure-boot"))
            opts->secure_boot = TRUE;
          else if (g_str_equal (items[i], "secure-download"))
            opts->secure_download = TRUE;
          else if (*items[i] != '\0')
            return bad_value (key, value, _("list flash-encryption, secure-boot and "
                                            "secure-download."), error);
        }
    }
  else if (g_str_equal (key, "wdt-ms"))
    {
      if (!parse_uint (value, &n) || n < 10 || n > 600000)
        return bad_value (key, value, _("give milliseconds, from 10 to 600000."), error);
      opts->wdt_ms = (guint) n;
    }
  else if (g_str_equal (key, "mac"))
    {
      if (!kiln_sim_parse_mac (value, opts->mac))
        return bad_value (key, value, _("write six hex bytes, e.g. 18:fe:34:aa:bb:cc."), error);
    }
  else if (g_str_equal (key, "flash-file"))
    {
      if (*value == '\0')
        return bad_value (key, value, _("give a file name."), error);
      g_free (opts->flash_file);
      opts->flash_file = g_strdup (value);
    }
  else if (g_str_equal (key, "boot"))
    {
      if (g_str_equal (value, "download"))
        opts->boot_flash = FALSE;
      else if (g_str_equal (value, "flash"))
        opts->boot_flash = TRUE;
      else
        return bad_value (key, value, _("use boot=download or boot=flash."), error);
    }
  else if (g_str_equal (key, "pace"))
    {
      if (!parse_bool (value, &opts->pace))
        return bad_value (key, value, _("use pace=1 or pace=0."), error);
    }
  else if (g_str_equal (key, "erase-ms"))
    {
      if (!parse_ms (value, &opts->erase_ms))
        return bad_value (key, value, _("give milliseconds per sector."), error);
    }
  else if (g_str_equal (key, "write-ms"))
    {
      if (!parse_ms (value, &opts->write_ms))
        return bad_value (key, value, _("give milliseconds per 256-byte page."), error);
    }
  else if (g_str_equal (key, "md5-ms"))
    {
      if (!parse_ms (value, &opts->md5_ms))
        return bad_value (key, value, _("give milliseconds per MiB."), error);
    }
  else if (g_str_equal (key, "max-baud"))
    {
      guint64 v;
      if (!parse_uint (value, &v) || v < 300 || v > G_MAXUINT)
        return bad_value (key, value, _("give a baud rate, such as 460800."), error);
      opts->max_baud = (guint) v;
    }
  else if (g_str_equal (key, "app-baud"))
    {
      guint64 v;
      /* The rate the firmware opens its console at (a sketch's
       * Serial.begin), not the ROM's. */
      if (!parse_uint (value, &v) || v < 300 || v > 5000000)
        return bad_value (key, value, _("give a baud rate, such as 9600."), error);
      opts->app_baud = (guint) v;
    }
  else if (g_str_equal (key, "latency-us"))
    {
      guint64 v;
      if (!parse_uint (value, &v) || v > 1000000)
        return bad_value (key, value, _("give the adapter's latency in microseconds, 0 to "
                                        "1000000 (an FTDI's default is 16000)."), error);
      opts->latency_us = (guint) v;
    }
  else if (g_str_equal (key, "usb-packet"))
    {
      guint64 v;
      if (!parse_uint (value, &v) || v < 1 || v > 4096)
        return bad_value (key, value, _("give the data bytes of a USB packet, 1 to 4096 (an "
                                        "FTDI's is 62)."), error);
      opts->usb_packet = (guint) v;
    }
  else if (g_str_equal (key, "fault"))
    return kiln_sim_faults_parse (opts->faults, value, error);
  else if (g_str_equal (key, "id"))
    {
      if (*value == '\0')
        return bad_value (key, value, _("give a name."), error);
      g_free (opts->id);
      opts->id = g_strdup (value);
    }
  else if (g_str_equal (key, "flash-io"))
    {
      /* The fastest read mode the flash (and the module's wiring) does. */
      if (g_str_equal (value, "qio"))
        opts->flash_io = KILN_SIM_FLASH_IO_QIO;
      else if (g_str_equal (value, "dio"))
        opts->flash_io = KILN_SIM_FLASH_IO_DIO;
      else if (g_str_equal (value, "dout"))
        opts->flash_io = KILN_SIM_FLASH_IO_DOUT;
      else
        return bad_value (key, value, _("use flash-io=qio, dio or dout."), error);
      opts->flash_io_set = TRUE;
    }
  else if (g_str_equal (key, "variant"))
    {
      /* The ESP8285: an ESP8266 with its flash inside, wired for DOUT. */
      if (!g_str_equal (value, "esp8285") || opts->chip->family != KILN_SIM_FAMILY_ESP8266)
        return bad_value (key, value, _("the one variant is esp8285, on sim:esp8266."), error);
      opts->esp8285 = TRUE;
    }
  else if (g_str_equal (key, "spi-pads") || g_str_equal (key, "ck8m") ||
           g_str_equal (key, "rtc-cal") || g_str_equal (key, "rom-baud") ||
           g_str_equal (key, "straps"))
    return apply_esp32_option (opts, key, value, error);
  else if (g_str_equal (key, "at-version"))
    {
      g_free (opts->at_version);
      opts->at_version = g_strdup (value);
    }
  else if (g_str_equal (key, "at-port"))
    {
      if (g_str_equal (value, "uart0"))
        opts->at_uart1 = FALSE;
      else if (g_str_equal (value, "uart1") && opts->chip->at_uart1_pins[0] != 0)
        opts->at_uart1 = TRUE;
      else
        return bad_value (key, value, opts->chip->at_uart1_pins[0] != 0
                          ? _("use at-port=uart0 or uart1.")
                          : _("this chip's AT firmware takes its commands on uart0 only."), error);
    }
  else if (g_str_equal (key, "scenario"))
    {
      g_auto(GStrv) parts = g_strsplit (value, ":", 2);

      if (!kiln_sim_scenario_valid (opts->chip, parts[0]))
        return bad_value (key, value, opts->chip->family == KILN_SIM_FAMILY_ESP8266
                          ? _("the ESP8266 knows mismatch-map, no-init-data, gpio15-high and csum-err.")
                          : opts->chip->family == KILN_SIM_FAMILY_ESP32
                          ? _("the ESP32 knows flash-read-err and brownout.")
                          : _("this chip has no failure scenarios."), error);
      opts->scenario_arg = 0;
      if (parts[1] != NULL)
        {
          if (!g_str_equal (parts[0], "mismatch-map") || !parse_uint (parts[1], &n) || n > 9)
            return bad_value (key, value, _("only mismatch-map takes a map number (0–9)."), error);
          opts->scenario_arg = (guint) n;
        }
      else if (g_str_equal (parts[0], "mismatch-map"))
        opts->scenario_arg = 5;
      g_free (opts->scenario);
      opts->scenario = g_strdup (parts[0]);
    }
  else
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("Unknown simulator option “%s”. See the sim: options in the manual."), key);
      return FALSE;
    }
  return TRUE;
}

/**
 * kiln_sim_options_parse:
 * @text: "sim:esp32?flash=4MB&pace=1", "esp32?…" or just "esp8266"
 *
 * Fills @opts (which must be zeroed) and applies the chip's defaults.
 */
gboolean
kiln_sim_options_parse (KilnSimOptions *opts,
                        const char     *text,
                        GError        **error)
{
  g_autofree char *chip_name = NULL;
  const char *query;
  double unset = -1;

  if (g_str_has_prefix (text, "sim:"))
    text += 4;
  query = strchr (text, '?');
  chip_name = query != NULL ? g_strndup (text, (gsize) (query - text)) : g_strdup (text);

  opts->chip = kiln_sim_chip_lookup (chip_name);
  if (opts->chip == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                   _("There is no virtual “%s”. The simulator offers sim:esp8266, sim:esp32, "
                     "sim:esp32s2, sim:esp32s3, sim:esp32c3, sim:esp32c6, sim:esp32h2 and "
                     "sim:esp32c2."), chip_name);
      return FALSE;
    }
  opts->faults = g_array_new (FALSE, TRUE, sizeof (KilnSimFault));
  opts->erase_ms = opts->write_ms = opts->md5_ms = unset;
  kiln_sim_parse_mac (opts->chip->default_mac, opts->mac);

  if (query != NULL)
    {
      g_auto(GStrv) pairs = g_strsplit (query + 1, "&", -1);

      for (guint i = 0; pairs[i] != NULL; i++)
        {
          g_autofree char *key = NULL;
          g_autofree char *value = NULL;
          char *eq = strchr (pairs[i], '=');

          if (*pairs[i] == '\0')
            continue;
          if (eq == NULL)
            {
              g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                           _("The simulator option “%s” has no value: write KEY=VALUE."), pairs[i]);
              return FALSE;
            }
          key = g_strndup (pairs[i], (gsize) (eq - pairs[i]));
          value = g_uri_unescape_string (eq + 1, NULL);
          if (value == NULL)
            value = g_strdup (eq + 1);
          if (!apply_option (opts, key, value, error))
            return FALSE;
        }
    }

  if (opts->xtal_mhz == 0)
    opts->xtal_mhz = opts->chip->default_xtal_mhz;
  if (opts->esp8285 && !opts->flash_io_set)
    opts->flash_io = KILN_SIM_FLASH_IO_DOUT;
  if (opts->wdt_ms == 0)
    opts->wdt_ms = 4000;
  if (opts->usb_packet == 0)
    opts->usb_packet = 62;
  /* A board on its own USB stays plugged in under its port name: closing
   * and reopening the port (as after every reset) reaches the same chip. */
  if (opts->usb != KILN_SIM_USB_BRIDGE && opts->id == NULL)
    opts->id = g_strdup_printf ("sim:%s", text);
  /* Realistic device-side times when the wire is paced; instant otherwise
   * unless the user asked for them. */
  if (opts->erase_ms < 0)
    opts->erase_ms = opts->pace ? 30.0 : 0.0;
  if (opts->write_ms < 0)
    opts->write_ms = opts->pace ? 0.6 : 0.0;
  if (opts->md5_ms < 0)
    opts->md5_ms = opts->pace ? 150.0 : 0.0;
  return TRUE;
}

void
kiln_sim_options_clear (KilnSimOptions *opts)
{
  g_clear_pointer (&opts->flash_file, g_free);
  g_clear_pointer (&opts->id, g_free);
  g_clear_pointer (&opts->at_version, g_free);
  g_clear_pointer (&opts->scenario, g_free);
  g_clear_pointer (&opts->faults, g_array_unref);
}
