/* kiln-serial-win32.h: what a Windows error on a serial port means.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ERROR_FILE_NOT_FOUND in winerror.h: what a missing COM port reports. */
#define KILN_WIN32_ERROR_FILE_NOT_FOUND 2

void kiln_serial_set_win32_error (GError     **error,
                                  guint32      code,
                                  const char  *port,
                                  const char  *doing,
                                  const char  *detail);

/* Windows only (kiln-serial-io-win32.c): reads and flushes through the
 * port's HANDLE. */
gssize  kiln_serial_win32_read        (gpointer  handle,
                                       guint8   *buf,
                                       gsize     len,
                                       guint     timeout_ms,
                                       guint32  *code);
guint32 kiln_serial_win32_flush_input (gpointer  handle);

G_END_DECLS
