/* kiln-os.h: what differs between Windows and POSIX systems, one small
 * function each, so the rest of Kiln stays free of #ifdef.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kiln-os-unix.c and kiln-os-win32.c implement these; the build compiles
 * the one for the host.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     kiln_os_console_init        (void);
void     kiln_os_ignore_broken_pipe  (void);
void     kiln_os_binary_stdin        (void);
void     kiln_os_binary_stdout       (void);
char    *kiln_os_locale_dir          (void);
void     kiln_os_numeric_locale_init (void);
guint    kiln_os_watch_interrupt     (GSourceFunc  func,
                                      gpointer     data);
guint    kiln_os_watch_terminate     (GSourceFunc  func,
                                      gpointer     data);
int      kiln_os_open_append         (const char  *path);
char    *kiln_os_serial_port_name    (const char  *port);

G_END_DECLS
