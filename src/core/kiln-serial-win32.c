/* kiln-serial-win32.c: Windows error codes on a serial port, in words.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libserialport's Windows backend reports GetLastError() codes.  This is a
 * pure function of the code and the port name, built on every system, so
 * the messages are unit-tested on Linux as well as under Windows.  The
 * codes are the documented Win32 values (winerror.h), written out here
 * because Linux has no winerror.h.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-serial-win32.h"

enum
{
  W32_FILE_NOT_FOUND        = 2,
  W32_PATH_NOT_FOUND        = 3,
  W32_ACCESS_DENIED         = 5,
  W32_INVALID_HANDLE        = 6,
  W32_BAD_COMMAND           = 22,
  W32_GEN_FAILURE           = 31,
  W32_SHARING_VIOLATION     = 32,
  W32_INVALID_NAME          = 123,
  W32_SEM_TIMEOUT           = 121,
  W32_OPERATION_ABORTED     = 995,
  W32_DEVICE_NOT_CONNECTED  = 1167,
  W32_DEVICE_REMOVED        = 1617,
};

/* "COM3" and friends: anything else is a name from another system
 * (/dev/ttyUSB0) or a typo. */
static gboolean
is_com_name (const char *port)
{
  if (g_str_has_prefix (port, "\\\\.\\"))
    port += 4;
  return g_ascii_strncasecmp (port, "COM", 3) == 0 && port[3] != '\0' &&
         strspn (port + 3, "0123456789") == strlen (port + 3);
}

/**
 * kiln_serial_set_win32_error:
 * @error: where to put the error
 * @code: the Win32 error code libserialport reported (sp_last_error_code())
 * @port: the port, as the user named it ("COM5")
 * @doing: (nullable): what failed ("reading", "writing"…), or %NULL when
 *   opening the port failed
 * @detail: (nullable): the system's own text for @code
 *
 * Sets @error to what @code means for @port and what to do about it: the
 * port held by another program, no such port (with the USB-serial drivers
 * boards need), the adapter unplugged mid-job.
 */
void
kiln_serial_set_win32_error (GError     **error,
                             guint32      code,
                             const char  *port,
                             const char  *doing,
                             const char  *detail)
{
  g_autofree char *text = NULL;

  if (doing == NULL && !is_com_name (port))
    {
      /* A folder, a file, a name from another system: whatever the code. */
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                   _("“%s” is not a serial port Kiln can use: on Windows, ports are called COM1, "
                     "COM2… Look up the board's port in Device Manager, under “Ports (COM & "
                     "LPT)”."), port);
      return;
    }

  if (doing == NULL)
    switch (code)
      {
      case W32_FILE_NOT_FOUND:
      case W32_PATH_NOT_FOUND:
      case W32_INVALID_NAME:
        g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                     _("Port %s does not exist. Check that the board is plugged in and look up "
                       "its port in Device Manager, under “Ports (COM & LPT)”. If the board "
                       "shows under “Other devices” instead, its USB-serial driver is missing: "
                       "install the Silicon Labs CP210x driver or the WCH CH340/CH341 driver, "
                       "whichever chip the board's USB adapter has."), port);
        return;
      case W32_ACCESS_DENIED:
      case W32_SHARING_VIOLATION:
        g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY,
                     _("Port %s is in use by another program. Close serial monitors (the Arduino "
                       "IDE's, PuTTY) and other flashers using it and try again."), port);
        return;
      case W32_GEN_FAILURE:
      case W32_DEVICE_NOT_CONNECTED:
      case W32_DEVICE_REMOVED:
        g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                     _("The adapter behind %s does not respond. Unplug the board, plug it in "
                       "again and retry; if that does not help, reinstall its USB-serial driver "
                       "(Silicon Labs CP210x or WCH CH340/CH341)."), port);
        return;
      default:
        if (detail == NULL)
          {
            g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                         _("Could not open port %s (Windows error %u)."), port, code);
            return;
          }
        text = g_strstrip (g_strdup (detail));
        g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                     _("Could not open port %s: %s (Windows error %u)."), port, text, code);
        return;
      }

  switch (code)
    {
    case W32_ACCESS_DENIED:
    case W32_INVALID_HANDLE:
    case W32_BAD_COMMAND:
    case W32_GEN_FAILURE:
    case W32_OPERATION_ABORTED:
    case W32_DEVICE_NOT_CONNECTED:
    case W32_DEVICE_REMOVED:
      /* What a USB-serial driver reports once its device is gone. */
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE,
                   _("Port %s disappeared while %s (was the USB cable unplugged?). Reconnect "
                     "the board and start again."), port, doing);
      return;
    case W32_SEM_TIMEOUT:
      g_set_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT,
                   _("Port %s timed out while %s. Check the adapter."), port, doing);
      return;
    default:
      if (detail == NULL)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                       _("Port %s failed while %s (Windows error %u)."), port, doing, code);
          return;
        }
      text = g_strstrip (g_strdup (detail));
      g_set_error (error, KILN_ERROR, KILN_ERROR_PORT,
                   _("Port %s failed while %s: %s (Windows error %u)."), port, doing, text, code);
      return;
    }
}
