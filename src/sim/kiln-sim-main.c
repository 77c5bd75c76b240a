/* kiln-sim-main.c: the kiln-sim program, a virtual board on TCP.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kiln-sim --chip esp32 --flash-size 4MB --listen 127.0.0.1:3333 \
 *            [--flash-file FILE] [--opt KEY=VALUE]… [--once]
 *   kiln-sim --chip esp32 --pty …
 *
 * Then any flashing tool can use socket://127.0.0.1:3333, or the printed
 * pty path.  The flash file is saved when a TCP client disconnects and on
 * SIGINT / SIGTERM.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln-os.h"
#include "kiln-sim-private.h"
#include "kiln-sim-pty.h"
#include "kiln-util.h"

typedef struct
{
  KilnSim   *sim;
  GMainLoop *loop;
  char      *listen;
  gboolean   once;
  gboolean   pty;
  int        status;
  char      *message;
} Server;

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gpointer
server_thread (gpointer data)
{
  Server *s = data;
  g_autoptr(GError) error = NULL;
  KilnSimServerConfig config = { s->sim, s->listen, s->once };

  s->status = s->pty ? kiln_sim_pty_run (s->sim, &error) : kiln_sim_server_run (&config, &error);
  if (error != NULL)
    s->message = g_strdup (error->message);
  /* Through the loop's own context, so a quit before it runs is not lost. */
  g_idle_add (quit_loop, s->loop);
  return NULL;
}

static gboolean
on_signal (gpointer data)
{
  Server *s = data;
  g_autoptr(GError) error = NULL;

  if (!kiln_sim_save_flash (s->sim, &error))
    g_printerr ("kiln-sim: %s\n", error->message);
  /* The server thread may sit in accept(); leave without waiting. */
  fflush (stdout);
  _Exit (0);
  return G_SOURCE_REMOVE;
}

static void
append_option (GString    *spec,
               const char *key,
               const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, "/:,+;.-_~@", FALSE);

  g_string_append_printf (spec, "%s%s=%s", strchr (spec->str, '?') ? "&" : "?", key, escaped);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *chip = NULL;
  g_autofree char *flash_size = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *flash_file = NULL;
  g_auto(GStrv) extra = NULL;
  gboolean once = FALSE;
  gboolean pty = FALSE;
  GOptionEntry entries[] = {
    { "chip", 'c', 0, G_OPTION_ARG_STRING, &chip, N_("The chip: esp8266, esp32, esp32s2, esp32s3, esp32c3, esp32c6, esp32h2 or esp32c2"), "CHIP" },
    { "flash-size", 's', 0, G_OPTION_ARG_STRING, &flash_size, N_("Flash size, e.g. 4MB"), "SIZE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      N_("Address to serve on (default 127.0.0.1:0, a free port)"), "HOST:PORT" },
    { "flash-file", 'f', 0, G_OPTION_ARG_FILENAME, &flash_file,
      N_("Keep the flash in this file"), "FILE" },
    { "opt", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &extra,
      N_("Any sim: port option, e.g. --opt xtal=40 (repeatable)"), "KEY=VALUE" },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Serve one client, then exit"), NULL },
    { "pty", 0, 0, G_OPTION_ARG_NONE, &pty,
      N_("Serve on a new pseudo-terminal instead of TCP and print its path (not available on "
         "Windows builds)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) spec = NULL;
  g_autoptr(KilnSim) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Server server = { 0 };
  GThread *thread;

  kiln_os_console_init ();
  kiln_locale_init ("");

  context = g_option_context_new (_("— serve a virtual ESP8266 or ESP32 on TCP"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Connect any flashing tool to socket://HOST:PORT. The board starts in its ROM\n"
      "loader and keeps its flash between connections.\n"
      "\n"
      "With --pty, tools that open a serial device use the printed path (under Wine,\n"
      "link it as dosdevices/com5 for COM5). A pty has no baud and no DTR/RTS: connect\n"
      "without a reset (--before no-reset). Kiln's own Linux serial backend refuses\n"
      "ptys (libserialport needs a /sys/class/tty entry)."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kiln-sim: %s\n", error->message);
      return 2;
    }

  spec = g_string_new (chip != NULL ? chip : "esp32");
  if (flash_size != NULL)
    append_option (spec, "flash", flash_size);
  if (flash_file != NULL)
    append_option (spec, "flash-file", flash_file);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    {
      const char *eq = strchr (extra[i], '=');
      g_autofree char *key = NULL;

      if (eq == NULL)
        {
          g_printerr ("kiln-sim: %s\n", _("--opt takes KEY=VALUE"));
          return 2;
        }
      key = g_strndup (extra[i], (gsize) (eq - extra[i]));
      append_option (spec, key, eq + 1);
    }

  sim = kiln_sim_new_from_options (spec->str, &error);
  if (sim == NULL)
    {
      g_printerr ("kiln-sim: %s\n", error->message);
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  server.sim = sim;
  server.loop = loop;
  server.listen = listen != NULL ? listen : (char *) "127.0.0.1:0";
  server.once = once;
  server.pty = pty;
  kiln_os_watch_interrupt (on_signal, &server);
  kiln_os_watch_terminate (on_signal, &server);
  kiln_os_ignore_broken_pipe ();

  thread = g_thread_new ("kiln-sim-server", server_thread, &server);
  g_main_loop_run (loop);
  g_thread_join (thread);
  if (server.message != NULL)
    {
      g_printerr ("kiln-sim: %s\n", server.message);
      g_free (server.message);
    }
  return server.status;
}
