/* kiln-os-win32.c: kiln-os.h on Windows.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <io.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "kiln-os.h"

/**
 * kiln_os_console_init:
 *
 * Kiln's messages are UTF-8; a Windows console shows bytes in its own
 * code page (437, 936…) unless told otherwise, and zh_CN would come out
 * as mojibake.  Output to a file or a pipe is UTF-8 either way.
 */
void
kiln_os_console_init (void)
{
  SetConsoleOutputCP (CP_UTF8);
}

/**
 * kiln_os_binary_stdin:
 *
 * The C runtime reads standard input as text: it ends the input at the
 * first byte 0x1A (Ctrl-Z) and drops the CR of each CR LF.  A boot log
 * piped in is bytes, and garbage at another baud rate holds 0x1A as
 * often as any other byte: read it as it is.  Not from the console, where
 * a log pasted by hand ends with Ctrl-Z and Enter, which only text mode
 * reads as the end.
 */
void
kiln_os_binary_stdin (void)
{
  if (!_isatty (_fileno (stdin)))
    _setmode (_fileno (stdin), _O_BINARY);
}

/**
 * kiln_os_binary_stdout:
 *
 * The C runtime writes standard output as text, putting a CR before every
 * LF: the board's own CR LF came out as CR CR LF in a raw capture.  For
 * output that is the board's bytes, not Kiln's lines.
 */
void
kiln_os_binary_stdout (void)
{
  fflush (stdout);
  _setmode (_fileno (stdout), _O_BINARY);
}

/**
 * kiln_os_numeric_locale_init:
 *
 * Called after the program set the user's locale: numbers keep the "C"
 * locale's form.  The JSON library, where the C runtime has no
 * uselocale() as Windows' has not, sets the process's numeric locale to
 * "C" and back around every parse.  From any other numeric locale that
 * rebuilt the locale while other threads read it (a board's worker
 * formatting a number, gettext looking up a message): they read a torn
 * decimal point ("2P25" for 2.25) or crashed (tests/test-factory.c,
 * /kiln/factory/json-while-reading-locale, 7 runs in 12 under Wine).
 * Kept at "C" from the start, the switch changes nothing.  Kiln's numbers
 * then use a decimal point whatever the user's locale, as its records and
 * logs want anyway.
 */
void
kiln_os_numeric_locale_init (void)
{
  setlocale (LC_NUMERIC, "C");
}

/**
 * kiln_os_ignore_broken_pipe:
 *
 * Windows has no SIGPIPE: a write to a closed socket or pipe already
 * fails with an error.
 */
void
kiln_os_ignore_broken_pipe (void)
{
}

/**
 * kiln_os_locale_dir:
 *
 * Windows programs are not installed at a fixed prefix: the translations
 * lie in share\locale next to the bin folder (or the folder) that holds
 * the executable, wherever the user unpacked it ($KILN_LOCALEDIR, if set,
 * wins).
 *
 * Returns: (transfer full): where the translations are
 */
char *
kiln_os_locale_dir (void)
{
  g_autofree char *top = NULL;

  if (g_getenv ("KILN_LOCALEDIR") != NULL)
    return g_strdup (g_getenv ("KILN_LOCALEDIR"));
  top = g_win32_get_package_installation_directory_of_module (NULL);
  return g_build_filename (top, "share", "locale", NULL);
}

/* Console control events (Ctrl+C, Ctrl+Break, the console window closing)
 * arrive in a thread the system starts for them.  The handler only counts
 * them and wakes the main context; a GSource per watch notices the count
 * change and runs its callback there, as g_unix_signal_add() does for
 * POSIX signals.  Every watch sees every event. */
enum { KILN_OS_INTERRUPT, KILN_OS_TERMINATE, KILN_OS_N_EVENTS };

static gint events_seen[KILN_OS_N_EVENTS];
static gint events_handled[KILN_OS_N_EVENTS];

typedef struct
{
  GSource source;
  int     event;
  gint    seen;
} CtrlSource;

static gboolean
ctrl_source_prepare (GSource *source,
                     gint    *timeout)
{
  CtrlSource *s = (CtrlSource *) source;

  *timeout = -1;
  return g_atomic_int_get (&events_seen[s->event]) != s->seen;
}

static gboolean
ctrl_source_check (GSource *source)
{
  CtrlSource *s = (CtrlSource *) source;

  return g_atomic_int_get (&events_seen[s->event]) != s->seen;
}

static gboolean
ctrl_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     data)
{
  CtrlSource *s = (CtrlSource *) source;
  gboolean again;

  s->seen = g_atomic_int_get (&events_seen[s->event]);
  again = callback != NULL ? callback (data) : G_SOURCE_REMOVE;
  g_atomic_int_inc (&events_handled[s->event]);
  return again;
}

static GSourceFuncs ctrl_source_funcs = {
  ctrl_source_prepare, ctrl_source_check, ctrl_source_dispatch, NULL, NULL, NULL
};

static BOOL WINAPI
on_console_ctrl (DWORD type)
{
  int event;
  gint handled;

  switch (type)
    {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
      event = KILN_OS_INTERRUPT;
      break;
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
      event = KILN_OS_TERMINATE;
      break;
    default:
      return FALSE;
    }
  handled = g_atomic_int_get (&events_handled[event]);
  g_atomic_int_inc (&events_seen[event]);
  g_main_context_wakeup (NULL);
  /* Windows ends the program as soon as this returns from a close event:
   * give the callback (saving a flash file, say) a moment to run. */
  if (event == KILN_OS_TERMINATE)
    for (int i = 0; i < 40 && g_atomic_int_get (&events_handled[event]) == handled; i++)
      Sleep (50);
  return TRUE;
}

static guint
watch_ctrl (int         event,
            GSourceFunc func,
            gpointer    data)
{
  static gsize installed = 0;
  GSource *source;
  guint id;

  if (g_once_init_enter (&installed))
    {
      SetConsoleCtrlHandler (on_console_ctrl, TRUE);
      g_once_init_leave (&installed, 1);
    }
  source = g_source_new (&ctrl_source_funcs, sizeof (CtrlSource));
  ((CtrlSource *) source)->event = event;
  ((CtrlSource *) source)->seen = g_atomic_int_get (&events_seen[event]);
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, "[kiln] console control");
  id = g_source_attach (source, NULL);
  g_source_unref (source);
  return id;
}

/**
 * kiln_os_watch_interrupt:
 *
 * Calls @func in the default main context when the user presses Ctrl+C
 * or Ctrl+Break in the console.
 *
 * Returns: a source id for g_source_remove()
 */
guint
kiln_os_watch_interrupt (GSourceFunc func,
                         gpointer    data)
{
  return watch_ctrl (KILN_OS_INTERRUPT, func, data);
}

/**
 * kiln_os_watch_terminate:
 *
 * Calls @func in the default main context when the console window is
 * closed or the user logs off.
 *
 * Returns: a source id for g_source_remove()
 */
guint
kiln_os_watch_terminate (GSourceFunc func,
                         gpointer    data)
{
  return watch_ctrl (KILN_OS_TERMINATE, func, data);
}

/**
 * kiln_os_open_append:
 *
 * Opens @path (created if missing) for appending whole records, as raw
 * bytes (no "\n" to "\r\n" translation, so a record file reads the same
 * on every system), not inherited by programs started later.
 *
 * Returns: a file descriptor, or -1 with errno set
 */
int
kiln_os_open_append (const char *path)
{
  return g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_BINARY | O_NOINHERIT, 0644);
}

/**
 * kiln_os_serial_port_name:
 *
 * Port names as people write them: "COM3", "com3", "\\.\COM10".
 * libserialport adds the "\\.\" device prefix itself when it opens the
 * port (needed from COM10 on), so a prefix typed by the user would be
 * doubled: strip it, and spell COM in capitals as the port list does.
 *
 * Returns: (transfer full): @port as libserialport wants it
 */
char *
kiln_os_serial_port_name (const char *port)
{
  const char *name = port;

  if (g_str_has_prefix (name, "\\\\.\\") || g_str_has_prefix (name, "//./"))
    name = port + 4;
  if (g_ascii_strncasecmp (name, "COM", 3) == 0 && name[3] != '\0' &&
      strspn (name + 3, "0123456789") == strlen (name + 3))
    return g_strconcat ("COM", name + 3, NULL);
  return g_strdup (name);
}
