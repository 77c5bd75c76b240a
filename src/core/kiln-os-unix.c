/* kiln-os-unix.c: kiln-os.h on Linux and the other POSIX systems.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "kiln-os.h"

/**
 * kiln_os_console_init:
 *
 * Prepares the console for the program's UTF-8 output.  POSIX terminals
 * follow the locale: nothing to do.
 */
void
kiln_os_console_init (void)
{
}

/**
 * kiln_os_numeric_locale_init:
 *
 * Called after the program set the user's locale.  The JSON library
 * switches to the "C" numbers it parses with per thread (uselocale()),
 * touching no other thread's locale: nothing to do.
 */
void
kiln_os_numeric_locale_init (void)
{
}

/**
 * kiln_os_ignore_broken_pipe:
 *
 * A peer that goes away mid-write must give the writer an error (EPIPE),
 * not end the program (SIGPIPE).
 */
void
kiln_os_ignore_broken_pipe (void)
{
  signal (SIGPIPE, SIG_IGN);
}

/**
 * kiln_os_binary_stdin:
 *
 * Standard input gives its bytes as they are already.
 */
void
kiln_os_binary_stdin (void)
{
}

/**
 * kiln_os_binary_stdout:
 *
 * Standard output takes bytes as they are already.
 */
void
kiln_os_binary_stdout (void)
{
}

/**
 * kiln_os_locale_dir:
 *
 * $KILN_LOCALEDIR if set; the build tree's translations when run from it
 * ($KILN_UNINSTALLED, set by the uninstalled launchers); otherwise where
 * they are installed.
 *
 * Returns: (transfer full): where the translations are
 */
char *
kiln_os_locale_dir (void)
{
  if (g_getenv ("KILN_LOCALEDIR") != NULL)
    return g_strdup (g_getenv ("KILN_LOCALEDIR"));
  if (g_getenv ("KILN_UNINSTALLED") != NULL)
    return g_strdup (KILN_BUILD_LOCALEDIR);
  return g_strdup (LOCALEDIR);
}

/**
 * kiln_os_watch_interrupt:
 *
 * Calls @func in the default main context when the user presses Ctrl+C
 * (SIGINT).
 *
 * Returns: a source id for g_source_remove()
 */
guint
kiln_os_watch_interrupt (GSourceFunc func,
                         gpointer    data)
{
  return g_unix_signal_add (SIGINT, func, data);
}

/**
 * kiln_os_watch_terminate:
 *
 * Calls @func in the default main context when the system asks the
 * program to end (SIGTERM).
 *
 * Returns: a source id for g_source_remove()
 */
guint
kiln_os_watch_terminate (GSourceFunc func,
                         gpointer    data)
{
  return g_unix_signal_add (SIGTERM, func, data);
}

/**
 * kiln_os_open_append:
 *
 * Opens @path (created if missing) for appending whole records: every
 * write() lands at the end, even with other writers.  Not inherited by
 * programs started later.
 *
 * Returns: a file descriptor, or -1 with errno set
 */
int
kiln_os_open_append (const char *path)
{
  return g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

/**
 * kiln_os_serial_port_name:
 *
 * Returns: (transfer full): @port as libserialport wants it (a device
 *   path on POSIX systems: unchanged)
 */
char *
kiln_os_serial_port_name (const char *port)
{
  return g_strdup (port);
}
