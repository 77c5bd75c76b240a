/* kiln-cli-log.c: decode-log, monitor and at.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kiln-cli.h"
#include "kiln-flash-survey.h"
#include "kiln-monitor.h"

/* Every line comes out: recognised ones with their explanation, the rest
 * marked, so that nothing the board printed is lost. */
static void
print_event (const KilnBootEvent *event,
             gboolean             mark_unknown)
{
  if (event->kind == KILN_BOOT_EVENT_TEXT && !mark_unknown)
    printf ("%s\n", event->text);
  else if (event->kind == KILN_BOOT_EVENT_TEXT)
    /* Translators: marks a boot-log line no pattern knows */
    printf ("%s  %s\n", event->text, _("(not recognised)"));
  else if (event->kind == KILN_BOOT_EVENT_GARBLED)
    /* Translators: marks a boot-log line of bytes that are not text */
    printf ("%s  %s\n", event->text, _("(unreadable)"));
  else if (event->explanation == NULL)
    printf ("%s\n", event->text);
  else
    printf ("%s  → %s\n", event->text, event->explanation);
}

void
kiln_cli_print_diagnosis_lines (FILE                    *out,
                                const KilnBootDiagnosis *d)
{
  /* Whole lines are translated, so that each language writes its own
   * colons and spaces. */
  g_autofree char *fix = g_strdup_printf (_("Fix: %s\n"), d->fix);
  /* Translators: "Confidence: high (cause: flash-map-mismatch)"; the
   * cause is an identifier and stays as it is */
  g_autofree char *confidence = g_strdup_printf (_("Confidence: %s (cause: %s)\n"),
                                                 kiln_boot_confidence_to_label (d->confidence),
                                                 d->cause);

  fprintf (out, "  %s\n", d->explanation);
  fprintf (out, "  %s", fix);
  if (d->evidence != NULL && *d->evidence != '\0')
    {
      g_autofree char *seen = g_strdup_printf (_("Seen in: %s\n"), d->evidence);
      fprintf (out, "  %s", seen);
    }
  fprintf (out, "  %s", confidence);
  fflush (out);
}

/* A port as it can be typed back into a shell. */
static char *
typed_port (const char *port)
{
  for (const char *p = port; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/_.:-", *p) == NULL)
      return g_shell_quote (port);
  return g_strdup (port);
}

void
kiln_cli_print_inspect_hint (FILE                    *out,
                             const KilnBootDiagnosis *d,
                             const char              *port)
{
  g_autofree char *typed = NULL;
  g_autofree char *command = NULL;
  g_autofree char *line = NULL;

  if (!kiln_flash_survey_tells_diagnosis (d))
    return;
  /* Translators: stands for the user's serial port in a command line */
  typed = port != NULL ? typed_port (port) : g_strdup (_("PORT"));
  command = g_strdup_printf ("kiln-cli -p %s inspect-flash", typed);
  /* Translators: %s is a command line, "kiln-cli -p COM3 inspect-flash" */
  line = g_strdup_printf (_("Next: with the board on the port, %s reads where the boot looks "
                            "and says what the flash holds.\n"),
                          command);
  fprintf (out, "  %s", line);
  fflush (out);
}

/* @rank: 0 for the most likely diagnosis, 1… for the others, -1 for one
 * reported live (the monitor) */
static void
print_diagnosis (FILE                    *out,
                 const KilnBootDiagnosis *d,
                 gint                     rank)
{
  g_autofree char *heading = NULL;

  if (rank > 0)
    heading = g_strdup_printf (_("Also possible: %s\n"), d->title);
  else if (d->severity == KILN_BOOT_SEVERITY_INFO)
    heading = g_strdup_printf (_("Note: %s\n"), d->title);
  else
    heading = g_strdup_printf (_("Diagnosis: %s\n"), d->title);
  fputc ('\n', out);
  fputs (heading, out);
  kiln_cli_print_diagnosis_lines (out, d);
}

static GBytes *
read_input (const char  *path,
            GError     **error)
{
  g_autoptr(GByteArray) data = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (path != NULL && !g_str_equal (path, "-"))
    {
      if (!g_file_get_contents (path, &contents, &len, error))
        return NULL;
      return g_bytes_new_take (contents, len);
    }

  kiln_os_binary_stdin ();
  data = g_byte_array_new ();
  for (;;)
    {
      guint8 buf[4096];
      size_t n = fread (buf, 1, sizeof buf, stdin);

      if (n > 0)
        g_byte_array_append (data, buf, (guint) n);
      if (n < sizeof buf)
        {
          if (ferror (stdin))
            {
              g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                           _("Could not read the log from standard input."));
              return NULL;
            }
          break;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static void
collect_event (KilnBootEvent *event,
               gpointer       user_data)
{
  g_ptr_array_add (user_data, kiln_boot_event_ref (event));
}

int
kiln_cli_cmd_decode_log (KilnCliGlobal *g,
                         int            argc,
                         char         **argv)
{
  gint baud = 0;
  gboolean expect_app = FALSE;
  gboolean all = FALSE;
  g_autofree char *chip = NULL;
  GOptionEntry entries[] = {
    { "baud", 0, 0, G_OPTION_ARG_INT, &baud,
      N_("Baud rate the log was captured at (for the wrong-baud hint)"), "BAUD" },
    { "expect-app", 0, 0, G_OPTION_ARG_NONE, &expect_app,
      N_("The board was meant to run its firmware (download mode is then an error)"), NULL },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      N_("Print unrecognised lines too (they always are; kept for old scripts)"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) diagnoses = NULL;
  g_autoptr(KilnBootlogDecoder) decoder = NULL;
  guint recognised = 0;
  gboolean only_notes = TRUE;
  gsize len;
  const guint8 *data;

  if (!kiln_cli_parse (argv[0], _("[FILE|-]"),
                       _("Explain a boot log captured from an ESP8266 or ESP32-family chip "
                         "(from FILE, or standard input): every line with what it means, then "
                         "the diagnoses, most likely first."),
                       entries, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (argc > 2)
    return kiln_cli_usage_error (argv[0], _("Give at most one file."));
  if (baud < 0)
    return kiln_cli_usage_error (argv[0], _("The baud rate must be positive."));

  input = read_input (argc == 2 ? argv[1] : NULL, &error);
  if (input == NULL)
    return kiln_cli_fail (error);
  {
    GBytes *text = kiln_bootlog_saved_text (input);

    g_bytes_unref (input);
    input = text;
  }

  events = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_event_unref);
  decoder = kiln_bootlog_decoder_new (collect_event, NULL, events);
  kiln_bootlog_decoder_set_baud (decoder, (guint) baud);
  kiln_bootlog_decoder_set_expect_app (decoder, expect_app);
  if (g->chip != NULL && !g_str_equal (g->chip, "auto"))
    kiln_bootlog_decoder_set_chip (decoder, g->chip);
  data = g_bytes_get_data (input, &len);
  kiln_bootlog_decoder_feed (decoder, data, len);
  kiln_bootlog_decoder_flush (decoder);
  diagnoses = kiln_bootlog_decoder_get_diagnoses (decoder);

  for (guint i = 0; i < events->len; i++)
    {
      KilnBootEvent *event = g_ptr_array_index (events, i);

      if (event->kind != KILN_BOOT_EVENT_TEXT && event->kind != KILN_BOOT_EVENT_GARBLED)
        recognised++;
      print_event (event, TRUE);
    }
  if (recognised == 0 && diagnoses->len == 0)
    {
      printf (_("\nNo boot messages recognised (%u lines of other text).\n"), events->len);
      return KILN_EXIT_OK;
    }
  for (guint i = 0; i < diagnoses->len; i++)
    {
      KilnBootDiagnosis *d = g_ptr_array_index (diagnoses, i);

      if (d->severity != KILN_BOOT_SEVERITY_INFO)
        only_notes = FALSE;
      print_diagnosis (stdout, d, (gint) i);
      if (i == 0)
        kiln_cli_print_inspect_hint (stdout, d, g->port);
    }
  /* Only when nothing looked wrong: notes say what was normal. */
  if (only_notes)
    printf ("\n%s\n", _("No known problem found."));
  return KILN_EXIT_OK;
}

/* ---- monitor ---------------------------------------------------------- */

typedef struct
{
  KilnTransport       *transport;
  const char          *port;
  KilnMonitorOptions   options;
  gboolean             raw;
  GCancellable        *cancellable;
  GMainLoop           *loop;
  GError              *error;
  gboolean             ok;
} MonitorRun;

static void
monitor_raw (const guint8 *data,
             gsize         len,
             guint         baud,
             gpointer      user_data)
{
  MonitorRun *run = user_data;

  if (!run->raw)
    return;
  fwrite (data, 1, len, stdout);
  fflush (stdout);
}

static void
monitor_event (KilnBootEvent *event,
               gpointer       user_data)
{
  MonitorRun *run = user_data;

  if (run->raw)
    return;
  if (event->kind == KILN_BOOT_EVENT_WRONG_BAUD)
    printf (_("(%u unreadable bytes)  → %s\n"), (guint) event->values[1], event->explanation);
  else if (event->kind == KILN_BOOT_EVENT_GARBLED)
    /* Shown once as the wrong-baud line; the rest of the run is noise. */
    return;
  else
    /* The application's own lines are the console, not unknown ones. */
    print_event (event, FALSE);
  fflush (stdout);
}

static void
monitor_diagnosis (KilnBootDiagnosis *diagnosis,
                   gpointer           user_data)
{
  MonitorRun *run = user_data;
  FILE *out = run->raw ? stderr : stdout;

  print_diagnosis (out, diagnosis, -1);
  kiln_cli_print_inspect_hint (out, diagnosis, run->port);
}

static void
monitor_phase (KilnMonitorPhase phase,
               guint            baud,
               gpointer         user_data)
{
  switch (phase)
    {
    case KILN_MONITOR_PHASE_RESET:
      fprintf (stderr, _("— Resetting the board to run its firmware —\n"));
      break;
    case KILN_MONITOR_PHASE_ROM:
      fprintf (stderr, _("— Boot ROM, %u baud —\n"), baud);
      break;
    case KILN_MONITOR_PHASE_APP:
      fprintf (stderr, _("— Application, %u baud —\n"), baud);
      break;
    default:
      break;
    }
  fflush (stderr);
}

static const KilnMonitorCallbacks monitor_callbacks = {
  monitor_raw, monitor_event, monitor_diagnosis, monitor_phase,
};

static gboolean
monitor_done (gpointer user_data)
{
  MonitorRun *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

/* The monitor blocks on the port, so it runs in a thread while this one
 * waits for Ctrl-C. */
static gpointer
monitor_thread (gpointer user_data)
{
  MonitorRun *run = user_data;

  run->ok = kiln_monitor_run (run->transport, &run->options, &monitor_callbacks, run,
                              run->cancellable, &run->error);
  g_idle_add (monitor_done, run);
  return NULL;
}

static gboolean
on_stop_signal (gpointer user_data)
{
  MonitorRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_baud (const char  *text,
            guint       *baud,
            gboolean     allow_auto,
            GError     **error)
{
  guint64 v;

  if (allow_auto && (text == NULL || g_str_equal (text, "auto")))
    {
      *baud = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 300, 12000000, &v, NULL))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   allow_auto
                   ? _("“%s” is not a baud rate: give a number such as 74880, or auto.")
                   : _("“%s” is not a baud rate: give a number such as 115200."),
                   text);
      return FALSE;
    }
  *baud = (guint) v;
  return TRUE;
}

int
kiln_cli_cmd_monitor (KilnCliGlobal *g,
                      int            argc,
                      char         **argv)
{
  g_autofree char *baud_text = NULL;
  gint app_baud = 0;
  gboolean no_reset = FALSE;
  gboolean raw = FALSE;
  gdouble timeout = 0;
  GOptionEntry entries[] = {
    { "baud", 'b', 0, G_OPTION_ARG_STRING, &baud_text,
      N_("Baud rate of the boot ROM: auto (74880, then 115200) or a number"), "auto|BAUD" },
    { "app-baud", 0, 0, G_OPTION_ARG_INT, &app_baud,
      N_("Baud rate of the application (default: 115200, and the other usual rates "
         "in turn if its output cannot be read there)"), "BAUD" },
    { "no-reset", 0, 0, G_OPTION_ARG_NONE, &no_reset,
      N_("Do not reset the board first; just listen"), NULL },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &raw,
      N_("Print the bytes as received instead of decoded lines"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("Stop after this many seconds (default: at Ctrl-C)"), "SECONDS" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) transport = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = NULL;
  MonitorRun run = { 0 };
  GThread *thread;
  guint rom_baud;
  guint sigint_id, sigterm_id;

  if (!kiln_cli_parse (argv[0], NULL,
                       _("Reset the board, explain what its boot ROM prints, then show the "
                         "application's output until Ctrl-C."),
                       entries, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (argc > 1)
    return kiln_cli_usage_error (argv[0], _("Unexpected argument “%s”."), argv[1]);
  if (!parse_baud (baud_text, &rom_baud, TRUE, &error))
    return kiln_cli_fail (error);
  if (app_baud != 0 && app_baud < 300)
    return kiln_cli_usage_error (argv[0], _("The application baud rate must be at least 300."));
  if (timeout < 0 || timeout > 31 * 24 * 3600)
    return kiln_cli_usage_error (argv[0], _("The timeout must be a number of seconds."));

  kiln_monitor_options_init (&run.options);
  run.options.rom_baud = rom_baud;
  /* Named, the rate is the user's; else the monitor finds it. */
  run.options.app_baud = app_baud != 0 ? (guint) app_baud : 115200;
  run.options.find_app_baud = app_baud == 0;
  run.options.reset = !no_reset;
  run.options.duration_ms = (guint) (timeout * 1000);
  if (g->chip != NULL && !g_str_equal (g->chip, "auto"))
    {
      const KilnChipInfo *chip = kiln_chip_by_name (g->chip);
      if (chip == NULL)
        return kiln_cli_usage_error (argv[0], _("Unknown chip “%s”."), g->chip);
      run.options.chip = chip->id;
    }

  transport = kiln_transport_open (g->port != NULL ? g->port : "",
                                   rom_baud != 0 ? rom_baud : run.options.app_baud, &error);
  if (transport == NULL)
    return kiln_cli_fail (error);

  run.transport = transport;
  run.port = g->port;
  run.raw = raw;
  /* Only the board's bytes go to standard output then, as they came. */
  if (raw)
    kiln_os_binary_stdout ();
  run.cancellable = cancellable;
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  sigint_id = kiln_os_watch_interrupt (on_stop_signal, &run);
  sigterm_id = kiln_os_watch_terminate (on_stop_signal, &run);
  thread = g_thread_new ("kiln-monitor", monitor_thread, &run);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  fflush (stdout);

  if (!run.ok)
    {
      int status = kiln_cli_fail (run.error);
      g_clear_error (&run.error);
      return status;
    }
  return KILN_EXIT_OK;
}

/* ---- at ------------------------------------------------------------------ */

#define AT_READY_MS 3000
#define AT_REPLY_MS 5000

int
kiln_cli_cmd_at (KilnCliGlobal *g,
                 int            argc,
                 char         **argv)
{
  gint baud = 115200;
  gboolean no_reset = FALSE;
  gdouble timeout = AT_REPLY_MS / 1000.0;
  GOptionEntry entries[] = {
    { "baud", 'b', 0, G_OPTION_ARG_INT, &baud,
      N_("Baud rate of the AT firmware (default 115200)"), "BAUD" },
    { "no-reset", 0, 0, G_OPTION_ARG_NONE, &no_reset,
      N_("Do not reset the board first"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("Seconds to wait for each reply (default 5)"), "SECONDS" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) transport = NULL;

  if (!kiln_cli_parse (argv[0], _("COMMAND…"),
                       _("Send AT commands to Espressif AT firmware and print the replies; "
                         "AT+GMR is shown as versions."),
                       entries, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (argc < 2)
    return kiln_cli_usage_error (argv[0], _("Give at least one command, e.g. AT+GMR."));
  if (baud < 300)
    return kiln_cli_usage_error (argv[0], _("The baud rate must be at least 300."));
  if (timeout <= 0 || timeout > 3600)
    return kiln_cli_usage_error (argv[0], _("The timeout must be a number of seconds."));

  transport = kiln_transport_open (g->port != NULL ? g->port : "", (guint) baud, &error);
  if (transport == NULL)
    return kiln_cli_fail (error);

  if (!no_reset && kiln_transport_has_lines (transport))
    {
      gboolean ready = FALSE;

      /* Restart into the firmware and let it boot; its ROM messages come
       * at another rate and are dropped. */
      if (!kiln_transport_flush_input (transport, &error)
          || !kiln_monitor_reset_to_flash (transport, NULL, &error)
          || !kiln_at_wait_ready (transport, AT_READY_MS, &ready, NULL, &error))
        return kiln_cli_fail (error);
      if (!ready && !g->quiet)
        fprintf (stderr, _("kiln-cli: the firmware did not say “ready”; sending anyway.\n"));
    }

  for (int i = 1; i < argc; i++)
    {
      KilnAtStatus status = KILN_AT_PENDING;
      g_autofree char *reply = NULL;

      reply = kiln_at_command_full (transport, argv[i], (guint) (timeout * 1000), &status, NULL,
                                    &error);
      if (reply == NULL)
        return kiln_cli_fail (error);

      if (g_ascii_strcasecmp (argv[i], "AT+GMR") == 0 && status == KILN_AT_OK)
        {
          g_autoptr(KilnAtVersion) version = kiln_at_parse_gmr (reply, NULL);
          if (version != NULL)
            {
              g_autofree char *text = kiln_at_version_to_string (version);
              printf ("%s", text);
              continue;
            }
        }
      if (*reply != '\0')
        printf ("%s\n", reply);
      printf ("%s\n", kiln_at_status_to_string (status));
      fflush (stdout);
      if (status == KILN_AT_ERROR || status == KILN_AT_FAIL || status == KILN_AT_SEND_FAIL)
        {
          fprintf (stderr, _("kiln-cli: the firmware answered %s to “%s”.\n"),
                   kiln_at_status_to_string (status), argv[i]);
          return KILN_EXIT_FAILED;
        }
    }
  return KILN_EXIT_OK;
}
