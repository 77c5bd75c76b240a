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

G_END_DECLS
