/* test-serial-win32.c: the words for Windows serial port errors.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kiln_serial_set_win32_error() is a pure function of a Win32 error code
 * and a port name, so every build checks it, Linux included; the Windows
 * build also reaches it through kiln-cli (test-bad-input).
 */
#include <string.h>

#include "kiln-core.h"
#include "kiln-serial-win32.h"

/* winerror.h values, as libserialport reports them through GetLastError(). */
#define FILE_NOT_FOUND        2
#define PATH_NOT_FOUND        3
#define ACCESS_DENIED         5
#define GEN_FAILURE           31
#define SHARING_VIOLATION     32
#define SEM_TIMEOUT           121
#define OPERATION_ABORTED     995
#define DEVICE_REMOVED        1617
#define NOT_ENOUGH_QUOTA      1816

static void
assert_message (const GError *error,
                ...)
{
  va_list ap;

  g_assert_nonnull (error);
  va_start (ap, error);
  for (const char *s = va_arg (ap, const char *); s != NULL; s = va_arg (ap, const char *))
    if (strstr (error->message, s) == NULL)
      g_error ("“%s” is not in: %s", s, error->message);
  va_end (ap);
}

static void
test_open (void)
{
  {
    g_autoptr(GError) error = NULL;
    kiln_serial_set_win32_error (&error, ACCESS_DENIED, "COM5", NULL, NULL);
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY);
    assert_message (error, "Port COM5 is in use by another program", "Close", NULL);
  }
  {
    g_autoptr(GError) error = NULL;
    kiln_serial_set_win32_error (&error, SHARING_VIOLATION, "COM12", NULL, NULL);
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY);
    assert_message (error, "COM12 is in use", NULL);
  }
  for (guint32 code = FILE_NOT_FOUND; code <= PATH_NOT_FOUND; code++)
    {
      g_autoptr(GError) error = NULL;
      kiln_serial_set_win32_error (&error, code, "COM10", NULL, NULL);
      g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND);
      /* No such port: most often a board whose USB-serial driver is missing. */
      assert_message (error, "Port COM10 does not exist", "Device Manager", "Other devices",
                      "CP210x", "CH340", NULL);
    }
  {
    g_autoptr(GError) error = NULL;
    kiln_serial_set_win32_error (&error, FILE_NOT_FOUND, "\\\\.\\COM10", NULL, NULL);
    assert_message (error, "\\\\.\\COM10 does not exist", NULL);
  }
  {
    g_autoptr(GError) error = NULL;
    kiln_serial_set_win32_error (&error, DEVICE_REMOVED, "COM3", NULL, NULL);
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE);
    assert_message (error, "COM3 does not respond", "Unplug", "CP210x", NULL);
  }
  /* Names from other systems, folders, files: whatever the code. */
  for (guint32 code = FILE_NOT_FOUND; code <= ACCESS_DENIED; code++)
    {
      g_autoptr(GError) error = NULL;
      kiln_serial_set_win32_error (&error, code, "/dev/ttyUSB0", NULL, NULL);
      g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND);
      assert_message (error, "“/dev/ttyUSB0” is not a serial port Kiln can use", "COM1, COM2",
                      NULL);
    }
  {
    g_autoptr(GError) error = NULL;
    kiln_serial_set_win32_error (&error, NOT_ENOUGH_QUOTA, "COM4", NULL,
                                 "Not enough quota is available.\r\n");
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT);
    assert_message (error, "Could not open port COM4: Not enough quota is available. "
                    "(Windows error 1816).", NULL);
  }
}

static void
test_io (void)
{
  static const guint32 gone[] = { ACCESS_DENIED, GEN_FAILURE, OPERATION_ABORTED, DEVICE_REMOVED };

  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      g_autoptr(GError) error = NULL;
      kiln_serial_set_win32_error (&error, gone[i], "COM5", "writing", NULL);
      g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE);
      assert_message (error, "Port COM5 disappeared while writing", "unplugged", NULL);
    }
  {
    g_autoptr(GError) error = NULL;
    kiln_serial_set_win32_error (&error, SEM_TIMEOUT, "COM5", "reading", NULL);
    g_assert_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT);
    assert_message (error, "COM5 timed out while reading", NULL);
  }
  {
    g_autoptr(GError) error = NULL;
    kiln_serial_set_win32_error (&error, NOT_ENOUGH_QUOTA, "COM5", "setting DTR", NULL);
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT);
    assert_message (error, "Port COM5 failed while setting DTR (Windows error 1816).", NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/serial-win32/open", test_open);
  g_test_add_func ("/kiln/serial-win32/io", test_io);
  return g_test_run ();
}
