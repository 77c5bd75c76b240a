/* kiln-serial-io-win32.c: reading a COM port on Windows.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libserialport's reads and input flush also restart a background
 * WaitCommEvent() that its sp_wait() needs and Kiln does not.  Windows
 * cancels that wait when the thread that started it ends (Kiln reads from
 * more than one thread over a port's life), and a COM driver that then
 * refuses the restart (Wine's does, with ERROR_INVALID_PARAMETER) turns a
 * read that succeeded into a failure with its bytes lost.  Kiln reads and
 * flushes through the port's handle instead: an overlapped ReadFile() it
 * waits for itself, and PurgeComm().  Writes and settings stay with
 * libserialport.
 */
#include "config.h"

#include <windows.h>

#include "kiln-serial-win32.h"

/**
 * kiln_serial_win32_read:
 * @handle: the port's HANDLE (sp_get_port_handle())
 * @timeout_ms: how long to wait for the first byte; 0 takes only what has
 *   arrived already
 * @code: (out): the Win32 error code on failure
 *
 * Reads what has arrived, or else waits up to @timeout_ms for the next
 * byte and then takes what came with it, as sp_blocking_read_next() does.
 *
 * Returns: the number of bytes read (0 on a timeout), or -1 with @code set
 */
gssize
kiln_serial_win32_read (gpointer  handle,
                        guint8   *buf,
                        gsize     len,
                        guint     timeout_ms,
                        guint32  *code)
{
  HANDLE h = handle;
  OVERLAPPED ov = { 0 };
  COMSTAT stat = { 0 };
  DWORD errors = 0, got = 0, want;
  gboolean first_byte;

  if (len == 0)
    return 0;
  if (!ClearCommError (h, &errors, &stat))
    goto fail;
  if (stat.cbInQue == 0 && timeout_ms == 0)
    return 0;
  first_byte = stat.cbInQue == 0;
  want = first_byte ? 1 : (DWORD) MIN ((gsize) stat.cbInQue, len);

  /* The port keeps libserialport's read timeouts (none: a read waits for
   * its count); the wait below is the timeout. */
  ov.hEvent = CreateEvent (NULL, TRUE, FALSE, NULL);
  if (ov.hEvent == NULL)
    goto fail;
  if (!ReadFile (h, buf, want, &got, &ov))
    {
      if (GetLastError () != ERROR_IO_PENDING)
        {
          CloseHandle (ov.hEvent);
          goto fail;
        }
      if (WaitForSingleObject (ov.hEvent, first_byte ? timeout_ms : 1000) != WAIT_OBJECT_0)
        CancelIo (h);
      if (!GetOverlappedResult (h, &ov, &got, TRUE))
        {
          DWORD e = GetLastError ();
          CloseHandle (ov.hEvent);
          if (e == ERROR_OPERATION_ABORTED)
            return 0;
          *code = e;
          return -1;
        }
    }
  CloseHandle (ov.hEvent);

  /* Whatever arrived with the first byte. */
  if (first_byte && got == 1 && len > 1)
    {
      gssize more = kiln_serial_win32_read (handle, buf + 1, len - 1, 0, code);
      if (more < 0)
        return -1;
      got += (DWORD) more;
    }
  return (gssize) got;

fail:
  *code = GetLastError ();
  return -1;
}

/**
 * kiln_serial_win32_flush_input:
 *
 * Drops what the driver has received and not yet been read.
 *
 * Returns: 0, or the Win32 error code
 */
guint32
kiln_serial_win32_flush_input (gpointer handle)
{
  return PurgeComm (handle, PURGE_RXCLEAR | PURGE_RXABORT) ? 0 : GetLastError ();
}
