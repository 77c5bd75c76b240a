/* kiln-cli-flash.c: the commands that talk to a board.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "kiln-cli.h"

typedef struct
{
  gboolean  tty;
  gboolean  trace;
  KilnPhase phase;
  gint      region;
  guint     last_percent;
  gboolean  bar_open;
  GPtrArray *regions;
} Ui;

static void
end_bar (Ui *ui)
{
  if (ui->bar_open)
    {
      fputc ('\n', stderr);
      ui->bar_open = FALSE;
    }
}

static void
on_log (KilnLogLevel  level,
        const char   *message,
        gpointer      user_data)
{
  Ui *ui = user_data;

  if (level == KILN_LOG_TRACE && !ui->trace)
    return;
  /* Errors are printed once, by main, as the command's result. */
  if (level == KILN_LOG_ERROR)
    return;
  end_bar (ui);
  fprintf (stderr, "%s%s\n", level == KILN_LOG_WARNING ? _("Warning: ") : "", message);
}

static void
on_progress (const KilnProgress *p,
             gpointer            user_data)
{
  Ui *ui = user_data;
  guint percent;

  if (p->total == 0 || (p->phase != KILN_PHASE_WRITING && p->phase != KILN_PHASE_READING))
    return;
  percent = (guint) (p->done * 100 / p->total);
  if (ui->tty)
    {
      char bar[31];
      guint filled = percent * 30 / 100;
      for (guint i = 0; i < 30; i++)
        bar[i] = i < filled ? '#' : '.';
      bar[30] = '\0';
      fprintf (stderr, "\r%-9s [%s] %3u%%  %6.1f KiB/s", kiln_phase_to_string (p->phase), bar,
               percent, p->bytes_per_second / 1024.0);
      ui->bar_open = TRUE;
      fflush (stderr);
      return;
    }
  /* Not a terminal: a plain line every 25 %, counted again for each
   * region, phase, and read that starts over (Inspect Flash's). */
  if (p->region != ui->region || p->phase != ui->phase || percent < ui->last_percent)
    {
      ui->region = p->region;
      ui->phase = p->phase;
      ui->last_percent = 0;
    }
  if (percent >= ui->last_percent + 25 || (percent == 100 && ui->last_percent != 100))
    {
      ui->last_percent = percent - percent % 25;
      fprintf (stderr, "%s: %u%%\n", kiln_phase_to_string (p->phase), percent);
    }
}

static void
on_region_state (guint            index,
                 KilnRegionState  state,
                 const char      *detail,
                 gpointer         user_data)
{
  Ui *ui = user_data;
  const KilnRegion *r;

  if (ui->regions == NULL || index >= ui->regions->len)
    return;
  r = g_ptr_array_index (ui->regions, index);
  if (state == KILN_REGION_WRITTEN || state == KILN_REGION_VERIFIED)
    end_bar (ui);
  if (state == KILN_REGION_WRITTEN)
    fprintf (stderr, _("Wrote %s at 0x%08x.\n"), r->name, r->address);
}

static gboolean
on_sigint (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* Builds the job options from the global options; prints and returns FALSE
 * on a bad value. */
static gboolean
job_options (KilnCliGlobal  *g,
             const char     *command,
             KilnJobOptions *opts,
             int            *status)
{
  kiln_job_options_init (opts);
  if (g->ports != NULL && g_strv_length (g->ports) > 1 && !g_str_equal (command, "write-flash"))
    {
      *status = kiln_cli_usage_error (command, "%s",
                                      _("Only write-flash takes several ports (-p) at once."));
      return FALSE;
    }
  if (g->port == NULL || *g->port == '\0')
    {
      *status = kiln_cli_usage_error (command, "%s",
                                      _("No port given. Use -p PORT (for example -p /dev/ttyUSB0, "
                                        "or -p sim:esp8266 to try the virtual device)."));
      return FALSE;
    }
  opts->connect.port = g_strdup (g->port);
  if ((g->baud < 0 && g->baud != KILN_CLI_BAUD_AUTO) ||
      (g->baud > 0 && (g->baud < 300 || g->baud > 6000000)))
    {
      *status = kiln_cli_usage_error (command, _("%d is not a usable baud rate."), g->baud);
      return FALSE;
    }
  if (g->baud > 0)
    opts->connect.baud = (guint) g->baud;
  else if (g->baud == KILN_CLI_BAUD_AUTO)
    opts->connect.baud = KILN_BAUD_AUTO;
  if (g->chip != NULL && g_ascii_strcasecmp (g->chip, "auto") != 0)
    {
      const KilnChipInfo *chip = kiln_chip_by_name (g->chip);
      if (chip == NULL)
        {
          g_autofree char *names = kiln_chip_list_names (", ");
          *status = kiln_cli_usage_error (command, _("Unknown chip “%s”. Choose auto or one of: %s."),
                                          g->chip, names);
          return FALSE;
        }
      opts->connect.chip = chip->id;
    }
  if (g->before != NULL && !kiln_reset_mode_parse (g->before, &opts->connect.before))
    {
      *status = kiln_cli_usage_error (command,
                                      _("--before must be default-reset, usb-reset or no-reset."));
      return FALSE;
    }
  if (g->after != NULL && !kiln_after_mode_parse (g->after, &opts->connect.after))
    {
      *status = kiln_cli_usage_error (command, _("--after must be hard-reset or no-reset."));
      return FALSE;
    }
  opts->connect.no_stub = g->no_stub;
  opts->connect.stub_path = g_strdup (g->stub);
  opts->connect.trace = g->trace;
  return TRUE;
}

static int
run_job (KilnCliGlobal *g,
         KilnJob       *job)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Ui ui = { 0 };
  KilnJobCallbacks cb = { on_progress, on_log, on_region_state, NULL };
  guint sig;
  gboolean ok;

  ui.tty = isatty (fileno (stderr));
  ui.trace = g->trace;
  ui.region = -2;
  ui.regions = kiln_job_get_regions (job);
  kiln_job_set_callbacks (job, &cb, &ui, NULL);
  sig = kiln_os_watch_interrupt (on_sigint, cancellable);
  ok = kiln_job_run (job, cancellable, &error);
  g_source_remove (sig);
  end_bar (&ui);
  if (!ok)
    {
      const char *state = kiln_job_get_board_state (job);
      int status = kiln_cli_fail (error);
      if (state != NULL && !g_error_matches (error, KILN_ERROR, KILN_ERROR_NO_SYNC))
        fprintf (stderr, "%s\n", state);
      if (g_error_matches (error, KILN_ERROR, KILN_ERROR_IMAGE_MISMATCH))
        fprintf (stderr, "%s\n", _("To write it all the same, add --force."));
      return status == KILN_EXIT_USAGE ? KILN_EXIT_FAILED : status;
    }
  return KILN_EXIT_OK;
}

/* Whether the write put a verified image where the ROM starts one.  What
 * the ROM then found wrong loading it is the boot's reading (a flash mode),
 * which Inspect Flash, reading it back, would only repeat. */
static gboolean
wrote_boot_image (KilnJob   *job,
                  GPtrArray *regions,
                  gboolean   verified)
{
  const KilnDeviceInfo *info = kiln_job_get_device_info (job);

  if (!verified || info == NULL || info->chip == NULL)
    return FALSE;
  for (guint i = 0; i < regions->len; i++)
    if (((KilnRegion *) g_ptr_array_index (regions, i))->address == info->chip->bootloader_offset)
      return TRUE;
  return FALSE;
}

/* The boot check's verdict on standard output, one line, then the
 * diagnosis when the firmware did not come up (exit status 1).
 * @boot_image_verified: see wrote_boot_image() */
static int
print_boot_check (const KilnBootCheck *check,
                  const char          *port,
                  gboolean             boot_image_verified)
{
  const KilnBootDiagnosis *d;

  if (check == NULL)
    {
      printf ("%s\n", _("Boot not checked."));
      return KILN_EXIT_OK;
    }
  switch (check->status)
    {
    case KILN_BOOT_CHECK_UP:
      printf (_("Boot check: %s\n"), check->summary);
      /* It came up, but cannot be talked to on this port: how to. */
      if (check->detail != NULL)
        printf ("  %s\n", check->detail);
      return KILN_EXIT_OK;
    case KILN_BOOT_CHECK_UNKNOWN:
      printf (_("Boot check: %s\n"), check->summary);
      return KILN_EXIT_OK;
    case KILN_BOOT_CHECK_SKIPPED:
      printf ("%s\n", check->summary);
      return KILN_EXIT_OK;
    case KILN_BOOT_CHECK_FAILED:
    default:
      break;
    }
  printf (_("Boot check failed: %s\n"), check->summary);
  /* The diagnosis as decode-log shows it, how sure included: a guess must
   * not read as a finding. */
  d = check->diagnosis;
  if (d != NULL)
    {
      kiln_cli_print_diagnosis_lines (stdout, d);
      if (!(boot_image_verified && d->rom_image))
        kiln_cli_print_inspect_hint (stdout, d, port);
    }
  fflush (stdout);
  return KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_write_flash (KilnCliGlobal *g,
                          int            argc,
                          char         **argv)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autofree char *mode = NULL, *freq = NULL, *size = NULL;
  gboolean erase_all = FALSE, no_compress = FALSE, compress = FALSE, no_verify = FALSE;
  gboolean skip_unchanged = FALSE, force = FALSE, check_boot = FALSE;
  gint app_baud = 0;
  g_autofree char *project_path = NULL, *flasher_args = NULL, *manifest = NULL;
  g_autoptr(KilnProject) project = NULL;
  gboolean all_ports = FALSE;
  g_autofree char *filter = NULL, *log_path = NULL;
  g_autoptr(GStrvBuilder) port_list = g_strv_builder_new ();
  g_auto(GStrv) ports = NULL;
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(KilnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  const KilnJobSummary *sum;
  int status = KILN_EXIT_OK;
  GOptionEntry entries[] = {
    { "flash-mode", 'm', 0, G_OPTION_ARG_STRING, &mode, N_("keep|qio|qout|dio|dout"), "MODE" },
    { "flash-freq", 'f', 0, G_OPTION_ARG_STRING, &freq, N_("keep|80m|40m|26m|20m"), "FREQ" },
    { "flash-size", 's', 0, G_OPTION_ARG_STRING, &size,
      N_("keep|detect|SIZE (1MB, 4MB, 2MB-c1, 16Mbit-C1 …)"), "SIZE" },
    { "erase-all", 'e', 0, G_OPTION_ARG_NONE, &erase_all, N_("Erase the whole flash first"), NULL },
    { "compress", 'z', 0, G_OPTION_ARG_NONE, &compress, N_("Compress (default where possible)"), NULL },
    { "no-compress", 'u', 0, G_OPTION_ARG_NONE, &no_compress, N_("Send data uncompressed"), NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify, N_("Do not verify after writing"), NULL },
    { "skip-unchanged", 0, 0, G_OPTION_ARG_NONE, &skip_unchanged,
      N_("Skip regions whose content is already on the flash"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Write images even if they do not fit the board (another chip, revision, flash size "
         "or address)"), NULL },
    { "check-boot", 0, 0, G_OPTION_ARG_NONE, &check_boot,
      N_("After writing, reset the board and check that the firmware comes up"), NULL },
    { "app-baud", 0, 0, G_OPTION_ARG_INT, &app_baud,
      N_("Baud rate of the firmware, for --check-boot (default 115200)"), "BAUD" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &project_path,
      N_("Flash what a Kiln project (*.kiln.json) describes"), "FILE" },
    { "flasher-args", 0, 0, G_OPTION_ARG_FILENAME, &flasher_args,
      N_("Flash what an ESP-IDF build/flasher_args.json describes"), "FILE" },
    { "manifest", 0, 0, G_OPTION_ARG_FILENAME, &manifest,
      N_("Flash what an ESP Web Tools manifest.json describes (the build for the chip found)"),
      "FILE" },
    { "all-ports", 0, 0, G_OPTION_ARG_NONE, &all_ports,
      N_("Flash every USB serial port at once (see --filter)"), NULL },
    { "filter", 0, 0, G_OPTION_ARG_STRING, &filter,
      N_("With --all-ports: only adapters with this USB id, e.g. 10c4:ea60"), "VID:PID" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path,
      N_("Append a record of every board to FILE (.csv, or .json for JSON lines)"), "FILE" },
    { NULL }
  };

  if (!kiln_cli_parse ("write-flash", _("ADDR FILE [ADDR FILE …]"),
                       _("Write files to flash. Addresses in hex (0x10000) or decimal."),
                       entries, &argc, &argv))
    return KILN_EXIT_USAGE;
  if ((project_path != NULL) + (flasher_args != NULL) + (manifest != NULL) > 1)
    return kiln_cli_usage_error ("write-flash", "%s",
                                 _("Give only one of --project, --flasher-args and --manifest."));
  if (project_path != NULL)
    project = kiln_project_load (project_path, &error);
  else if (flasher_args != NULL)
    project = kiln_project_import_flasher_args (flasher_args, &error);
  else if (manifest != NULL)
    /* Without -c every build comes along and the job writes the one for
     * the chip it finds. */
    project = kiln_project_import_manifest (manifest, g->chip, &error);
  if (error != NULL)
    return kiln_cli_fail (error);
  if ((project == NULL && argc < 3) || (argc - 1) % 2 != 0)
    return kiln_cli_usage_error ("write-flash", "%s",
                                 _("Give one or more ADDR FILE pairs, e.g. 0x0 firmware.bin."));
  if (no_compress && compress)
    return kiln_cli_usage_error ("write-flash", "%s",
                                 _("--compress and --no-compress contradict each other."));
  if (app_baud != 0 && (app_baud < 300 || !check_boot))
    return kiln_cli_usage_error ("write-flash", "%s",
                                 _("--app-baud goes with --check-boot and must be at least 300."));
  if (project != NULL)
    {
      /* The file's settings fill in what the command line leaves open. */
      for (guint i = 0; project->warnings != NULL && i < project->warnings->len; i++)
        fprintf (stderr, _("Warning: %s\n"), (const char *) g_ptr_array_index (project->warnings, i));
      if (g->port == NULL && project->port != NULL && *project->port != '\0')
        g->port = g_strdup (project->port);
      if (g->baud == 0 && project->baud != 0)
        g->baud = (gint) project->baud;
      if (g->chip == NULL && project->chip != NULL)
        g->chip = g_strdup (project->chip);
      if (g->before == NULL && project->before != NULL)
        g->before = g_strdup (project->before);
      if (g->after == NULL && project->after != NULL)
        g->after = g_strdup (project->after);
      if (!project->keep_headers)
        {
          if (mode == NULL) mode = g_strdup (project->flash_mode);
          if (freq == NULL) freq = g_strdup (project->flash_freq);
          if (size == NULL) size = g_strdup (project->flash_size);
        }
      erase_all = erase_all || project->erase_first;
      if (!project->stub)
        g->no_stub = TRUE;
    }
  if (all_ports)
    {
      g_autoptr(GPtrArray) found = kiln_list_ports ();
      guint vid = 0, pid = 0;
      if (filter != NULL && sscanf (filter, "%x:%x", &vid, &pid) != 2)
        return kiln_cli_usage_error ("write-flash", _("--filter wants VID:PID in hex, e.g. 10c4:ea60, not “%s”."),
                                     filter);
      for (guint i = 0; i < found->len; i++)
        {
          KilnPortInfo *p = g_ptr_array_index (found, i);
          if (p->is_virtual || p->usb_vid == 0)
            continue;
          if (filter != NULL && (p->usb_vid != vid || p->usb_pid != pid))
            continue;
          g_strv_builder_add (port_list, p->name);
        }
      ports = g_strv_builder_end (port_list);
      if (ports[0] == NULL)
        {
          fprintf (stderr, "%s\n", _("kiln-cli: no USB serial port matches. Plug the boards in, "
                                      "or check the --filter id (lsusb shows it)."));
          return KILN_EXIT_FAILED;
        }
      if (g->port == NULL)
        g->port = g_strdup (ports[0]);
    }
  else if (g->ports != NULL)
    ports = g_strdupv (g->ports);
  if (!job_options (g, "write-flash", &opts, &status))
    return status;
  if (project != NULL)
    {
      g_autoptr(GPtrArray) rows = kiln_project_to_regions (project, &error);
      if (rows == NULL)
        return kiln_cli_fail (error);
      for (guint i = 0; i < rows->len; i++)
        g_ptr_array_add (regions, kiln_region_copy (g_ptr_array_index (rows, i)));
      if (project->crystal != NULL && g_ascii_strtoull (project->crystal, NULL, 10) > 0)
        opts.crystal_mhz = (guint) g_ascii_strtoull (project->crystal, NULL, 10);
    }

  for (int i = 1; i + 1 < argc; i += 2)
    {
      guint32 address;
      KilnRegion *r;
      if (!kiln_parse_u32 (argv[i], _("address"), &address, &error))
        return kiln_cli_fail (error);
      r = kiln_region_new_from_file (address, argv[i + 1], &error);
      if (r == NULL)
        return kiln_cli_fail (error);
      g_ptr_array_add (regions, r);
    }
  if (!kiln_layout_check (regions, 0, KILN_LAYOUT_ALLOW_UNALIGNED, &error))
    return kiln_cli_fail (error);

#define SET(field, value) do { if (value != NULL) { g_free (opts.field); opts.field = g_strdup (value); } } while (0)
  SET (flash_mode, mode);
  SET (flash_freq, freq);
  SET (flash_size, size);
#undef SET
  opts.erase_all = erase_all;
  opts.compress = no_compress ? KILN_COMPRESS_OFF : compress ? KILN_COMPRESS_ON : KILN_COMPRESS_AUTO;
  opts.verify = !no_verify;
  opts.skip_unchanged = skip_unchanged;
  opts.force = force;
  opts.check_boot = check_boot;
  opts.app_baud = (guint) app_baud;

  if (ports != NULL && (g_strv_length (ports) > 1 || all_ports || log_path != NULL))
    return kiln_cli_run_boards (&opts, regions, ports, log_path);

  job = kiln_job_new_write (&opts, regions);
  status = run_job (g, job);
  if (status != KILN_EXIT_OK)
    return status;
  sum = kiln_job_get_summary (job);
  fprintf (stderr, _("Wrote %" PRIu64 " bytes in %.1f s%s.\n"), sum->bytes_written,
           sum->seconds,
           sum->verify_method != NULL ? _(", verified") : _(", not verified"));
  if (check_boot)
    return print_boot_check (kiln_job_get_boot_check (job), g->port,
                             wrote_boot_image (job, regions, opts.verify));
  return KILN_EXIT_OK;
}

static gboolean
two_numbers (const char  *command,
             int          argc,
             char       **argv,
             int          need,
             guint32     *a,
             guint32     *b,
             int         *status)
{
  g_autoptr(GError) error = NULL;

  if (argc != need + 1)
    {
      *status = kiln_cli_usage_error (command, _("Expected %d arguments."), need);
      return FALSE;
    }
  if (!kiln_parse_u32 (argv[1], _("address"), a, &error) ||
      !kiln_parse_u32 (argv[2], _("size"), b, &error))
    {
      *status = kiln_cli_fail (error);
      return FALSE;
    }
  return TRUE;
}

int
kiln_cli_cmd_read_flash (KilnCliGlobal *g,
                         int            argc,
                         char         **argv)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  g_autofree char *flash_size = NULL;
  guint32 address, size;
  int status = KILN_EXIT_OK;
  GOptionEntry entries[] = {
    { "flash-size", 's', 0, G_OPTION_ARG_STRING, &flash_size,
      N_("The flash size, for a flash that does not report it (4MB, 16MB …)"), "SIZE" },
    { NULL }
  };

  if (!kiln_cli_parse ("read-flash", _("ADDR SIZE FILE"), _("Read flash into a file."), entries,
                       &argc, &argv))
    return KILN_EXIT_USAGE;
  if (!two_numbers ("read-flash", argc, argv, 3, &address, &size, &status))
    return status;
  if (size == 0)
    return kiln_cli_usage_error ("read-flash", "%s", _("The size must not be zero."));
  if (!job_options (g, "read-flash", &opts, &status))
    return status;
  if (flash_size != NULL)
    {
      g_free (opts.flash_size);
      opts.flash_size = g_strdup (flash_size);
    }
  job = kiln_job_new_read (&opts, address, size, argv[3]);
  return run_job (g, job);
}

int
kiln_cli_cmd_erase_flash (KilnCliGlobal *g,
                          int            argc,
                          char         **argv)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  int status = KILN_EXIT_OK;

  if (!kiln_cli_parse ("erase-flash", "", _("Erase the whole flash."), NULL, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (argc != 1)
    return kiln_cli_usage_error ("erase-flash", "%s", _("erase-flash takes no arguments."));
  if (!job_options (g, "erase-flash", &opts, &status))
    return status;
  job = kiln_job_new_erase (&opts, 0, 0);
  status = run_job (g, job);
  if (status == KILN_EXIT_OK)
    fprintf (stderr, _("The flash was erased.\n"));
  return status;
}

int
kiln_cli_cmd_erase_region (KilnCliGlobal *g,
                           int            argc,
                           char         **argv)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  g_autofree char *flash_size = NULL;
  guint32 address, size;
  int status = KILN_EXIT_OK;
  GOptionEntry entries[] = {
    { "flash-size", 's', 0, G_OPTION_ARG_STRING, &flash_size,
      N_("The flash size, for a flash that does not report it (4MB, 16MB …)"), "SIZE" },
    { NULL }
  };

  if (!kiln_cli_parse ("erase-region", _("ADDR SIZE"), _("Erase whole 4 KiB sectors."), entries,
                       &argc, &argv))
    return KILN_EXIT_USAGE;
  if (!two_numbers ("erase-region", argc, argv, 2, &address, &size, &status))
    return status;
  if (size == 0 || address % 0x1000 != 0 || size % 0x1000 != 0)
    return kiln_cli_usage_error ("erase-region", "%s",
                                 _("The address and size must be non-zero multiples of 0x1000 "
                                   "(4 KiB sectors)."));
  if (!job_options (g, "erase-region", &opts, &status))
    return status;
  if (flash_size != NULL)
    {
      g_free (opts.flash_size);
      opts.flash_size = g_strdup (flash_size);
    }
  job = kiln_job_new_erase (&opts, address, size);
  status = run_job (g, job);
  if (status == KILN_EXIT_OK)
    fprintf (stderr, _("Erased 0x%x bytes at 0x%x.\n"), size, address);
  return status;
}

static int
info_command (KilnCliGlobal *g,
              const char    *command,
              int            argc,
              char         **argv,
              void         (*print) (const KilnDeviceInfo *info))
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  int status = KILN_EXIT_OK;

  if (!kiln_cli_parse (command, "", NULL, NULL, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (argc != 1)
    return kiln_cli_usage_error (command, _("%s takes no arguments."), command);
  if (!job_options (g, command, &opts, &status))
    return status;
  job = kiln_job_new_info (&opts);
  status = run_job (g, job);
  if (status == KILN_EXIT_OK)
    print (kiln_job_get_device_info (job));
  return status;
}

static void
print_chip (const KilnDeviceInfo *info)
{
  g_autofree char *security = kiln_device_info_describe_security (info);

  printf (_("Chip type: %s\n"), info->chip->name);
  printf (_("Chip: %s\n"), info->description);
  if (info->xtal_mhz != 0)
    printf (_("Crystal: %u MHz\n"), info->xtal_mhz);
  if (info->chip->id == KILN_CHIP_ESP8266 && info->has_mac)
    printf (_("Chip ID: 0x%08x\n"),
            (guint32) info->mac[5] | (guint32) info->mac[4] << 8 | (guint32) info->mac[3] << 16 |
            (guint32) (info->mac[0] == 0xAC ? 1 : 0) << 24);
  if (info->has_mac)
    {
      g_autofree char *mac = kiln_format_mac (info->mac);
      printf (_("MAC: %s\n"), mac);
    }
  if (security != NULL)
    printf (_("Security: %s\n"), security);
  if (info->loader != NULL)
    printf (_("Loader: %s\n"), info->loader);
}

static void
print_mac (const KilnDeviceInfo *info)
{
  g_autofree char *mac = kiln_format_mac (info->mac);
  printf (_("MAC: %s\n"), info->has_mac ? mac : _("unknown"));
}

static void
print_flash (const KilnDeviceInfo *info)
{
  const char *vendor = kiln_spiflash_vendor_name (info->flash_id & 0xFF);
  printf (_("Manufacturer: %02x (%s)\n"), info->flash_id & 0xFF, vendor ? vendor : _("unknown"));
  printf (_("Device: %02x%02x\n"), (info->flash_id >> 8) & 0xFF, (info->flash_id >> 16) & 0xFF);
  if (info->flash_size != 0)
    {
      g_autofree char *size = kiln_format_size (info->flash_size);
      printf (_("Detected flash size: %s\n"), size);
    }
  else
    printf (_("Detected flash size: unknown\n"));
}

int
kiln_cli_cmd_chip_id (KilnCliGlobal *g, int argc, char **argv)
{
  return info_command (g, "chip-id", argc, argv, print_chip);
}

int
kiln_cli_cmd_read_mac (KilnCliGlobal *g, int argc, char **argv)
{
  return info_command (g, "read-mac", argc, argv, print_mac);
}

int
kiln_cli_cmd_flash_id (KilnCliGlobal *g, int argc, char **argv)
{
  return info_command (g, "flash-id", argc, argv, print_flash);
}

/* What the boot looks at, one line a place, then the verdict as
 * decode-log shows a diagnosis.  Exit status 1 when the bytes show a
 * cause, so that a script can tell. */
static int
print_survey (const KilnFlashSurvey *survey)
{
  g_autofree char *fix = g_strdup_printf (_("Fix: %s\n"), survey->fix);
  /* Translators: "Confidence: high (cause: empty-flash)"; the cause is an
   * identifier and stays as it is */
  g_autofree char *confidence = g_strdup_printf (_("Confidence: %s (cause: %s)\n"),
                                                 kiln_boot_confidence_to_label (survey->confidence),
                                                 survey->cause);

  if (survey->spots->len > 0)
    {
      printf ("%s\n", _("What the boot looks at:"));
      for (guint i = 0; i < survey->spots->len; i++)
        {
          const KilnSurveySpot *spot = &g_array_index (survey->spots, KilnSurveySpot, i);
          printf ("  0x%-8X %s\n", spot->address, spot->description);
        }
      printf ("\n");
    }
  /* Translators: the survey's verdict, "Verdict: The flash is empty" */
  printf (_("Verdict: %s\n"), survey->title);
  printf ("  %s\n", survey->explanation);
  printf ("  %s", fix);
  printf ("  %s", confidence);
  fflush (stdout);
  return g_str_equal (survey->cause, "none") ? KILN_EXIT_OK : KILN_EXIT_FAILED;
}

int
kiln_cli_cmd_inspect_flash (KilnCliGlobal *g,
                            int            argc,
                            char         **argv)
{
  g_auto(KilnJobOptions) opts = { 0 };
  g_autoptr(KilnJob) job = NULL;
  int status = KILN_EXIT_OK;

  if (!kiln_cli_parse ("inspect-flash", "",
                       _("Read what the boot looks at (the bootloader offsets, the partition "
                         "table, the application's start) and say why a board does not start. "
                         "Writes nothing."),
                       NULL, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (argc != 1)
    return kiln_cli_usage_error ("inspect-flash", _("%s takes no arguments."), "inspect-flash");
  if (!job_options (g, "inspect-flash", &opts, &status))
    return status;
  job = kiln_job_new_survey (&opts);
  status = run_job (g, job);
  if (status != KILN_EXIT_OK)
    return status;
  return print_survey (kiln_job_get_survey (job));
}
