/* kiln-window-job.c: running a job from the main window.
 *
 * Builds the job's options from the window's settings and runs it in a
 * worker thread through kiln_job_run_async().  Its callbacks arrive in
 * this thread, coalesced by the core: progress, log lines, file states and
 * the board it found.  They are applied only while the job they belong to
 * is still this window's job (the window may have been closed, or started
 * another).  When it ends: the summary, the banner and the boot check's
 * verdict.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "kiln-gui-util.h"
#include "kiln-region-row.h"
#include "kiln-window-private.h"

gboolean
kiln_window_build_options (KilnWindow      *self,
                           KilnJobOptions  *options,
                           GError         **error)
{
  const char *port = kiln_window_get_port (self);
  const KilnChipInfo *chip = kiln_window_get_chip (self);
  g_autofree char *reset = kiln_settings_dup_string (self->settings, "reset-mode");
  g_autofree char *after = kiln_settings_dup_string (self->settings, "after-mode");
  gboolean keep = gtk_check_button_get_active (self->keep_headers_check);
  const char *mode = kiln_choice_get_id (self->mode_dropdown);
  const char *freq = kiln_choice_get_id (self->freq_dropdown);
  const char *size = kiln_choice_get_id (self->size_dropdown);

  kiln_job_options_init (options);

  if (port == NULL)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND,
                           _("Choose a port first. Plug in the board, or choose a virtual board."));
      return FALSE;
    }

  g_free (options->connect.port);
  options->connect.port = g_strdup (port);
  options->connect.baud = kiln_settings_get_uint (self->settings, "baud-rate");
  options->connect.chip = chip != NULL ? chip->id : KILN_CHIP_AUTO;
  if (!kiln_reset_mode_parse (reset, &options->connect.before))
    options->connect.before = KILN_RESET_DEFAULT;
  if (!kiln_after_mode_parse (after, &options->connect.after))
    options->connect.after = KILN_AFTER_HARD_RESET;
  options->connect.no_stub = !kiln_settings_get_boolean (self->settings, "use-stub");

  g_free (options->flash_mode);
  options->flash_mode = g_strdup (keep || mode == NULL ? "keep" : mode);
  g_free (options->flash_freq);
  options->flash_freq = g_strdup (keep || freq == NULL ? "keep" : freq);
  g_free (options->flash_size);
  options->flash_size = g_strdup (keep || size == NULL ? "keep" : size);

  /* The job writes it into the ESP8266 PHY init data it flashes, as
   * Espressif's download tool does. */
  {
    g_autofree char *crystal = kiln_settings_dup_string (self->settings, "crystal");
    options->crystal_mhz = crystal != NULL && !g_str_equal (crystal, "keep") ? (guint) atoi (crystal) : 0;
  }
  options->erase_all = gtk_check_button_get_active (self->erase_all_check);
  options->force = self->force_next;
  options->verify = kiln_settings_get_boolean (self->settings, "verify");
  options->check_boot = kiln_settings_get_boolean (self->settings, "check-boot");
  options->skip_unchanged = kiln_settings_get_boolean (self->settings, "skip-unchanged");
  return TRUE;
}

typedef struct
{
  GWeakRef  window;
  KilnJob  *job;   /* unowned: identity only */
} JobContext;

static JobContext *
job_context_new (KilnWindow *self,
                 KilnJob    *job)
{
  JobContext *ctx = g_atomic_rc_box_new0 (JobContext);

  g_weak_ref_init (&ctx->window, self);
  ctx->job = job;
  return ctx;
}

static void
job_context_clear (JobContext *ctx)
{
  g_weak_ref_clear (&ctx->window);
}

static void
job_context_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) job_context_clear);
}

/* The window this update is for, or NULL when the window is gone or has
 * moved on to another job: stale updates are dropped. */
static KilnWindow *
job_context_get_window (JobContext *ctx)
{
  KilnWindow *self = g_weak_ref_get (&ctx->window);

  if (self != NULL && self->job != ctx->job)
    g_clear_object (&self);
  return self;
}

static KilnRegionRow *
job_row (KilnWindow *self,
         gint        index)
{
  if (self->job_rows == NULL || index < 0 || (guint) index >= self->job_rows->len)
    return NULL;
  return g_ptr_array_index (self->job_rows, index);
}

static char *
phase_text (KilnWindow         *self,
            const KilnProgress *p)
{
  KilnRegionRow *row = job_row (self, p->region);
  g_autofree char *name = NULL;

  if (row != NULL && kiln_region_row_get_file (row) != NULL)
    name = g_file_get_basename (kiln_region_row_get_file (row));

  switch (p->phase)
    {
    case KILN_PHASE_CONNECTING:
      return g_strdup (_("Connecting to the board…"));
    case KILN_PHASE_DETECTING:
      return g_strdup (_("Detecting the chip…"));
    case KILN_PHASE_PREPARING:
      return g_strdup (_("Preparing the flash…"));
    case KILN_PHASE_ERASING:
      if (self->job_kind == KILN_JOB_WRITE && p->region >= 0 && name != NULL)
        /* Translators: “Erasing for file 2 of 4 (app.bin)…” */
        return g_strdup_printf (_("Erasing for file %d of %u (%s)…"), p->region + 1, p->n_regions, name);
      return g_strdup (_("Erasing…"));
    case KILN_PHASE_WRITING:
      if (p->region >= 0 && name != NULL)
        /* Translators: “Writing file 2 of 4 (app.bin)…” */
        return g_strdup_printf (_("Writing file %d of %u (%s)…"), p->region + 1, p->n_regions, name);
      return g_strdup (_("Writing…"));
    case KILN_PHASE_VERIFYING:
      if (p->region >= 0 && name != NULL)
        /* Translators: “Verifying file 2 of 4 (app.bin)…” */
        return g_strdup_printf (_("Verifying file %d of %u (%s)…"), p->region + 1, p->n_regions, name);
      return g_strdup (_("Verifying…"));
    case KILN_PHASE_READING:
      if (self->job_kind == KILN_JOB_SURVEY)
        return g_strdup (_("Reading what the boot looks at…"));
      return g_strdup (_("Reading flash…"));
    case KILN_PHASE_RESETTING:
      return g_strdup (_("Restarting the board…"));
    case KILN_PHASE_CHECKING_BOOT:
      return g_strdup (_("Checking that the firmware comes up…"));
    case KILN_PHASE_DONE:
      return g_strdup (_("Finishing…"));
    default:
      return g_strdup (kiln_phase_to_string (p->phase));
    }
}

static void
job_progress_cb (const KilnProgress *p,
                 gpointer            user_data)
{
  g_autoptr(KilnWindow) self = job_context_get_window (user_data);
  g_autofree char *phase = NULL;
  KilnRegionRow *row;

  if (self == NULL)
    return;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;  /* "Stopping…" stays until the job has really stopped */

  phase = phase_text (self, p);
  gtk_label_set_label (self->phase_label, phase);

  if (p->overall_total > 0)
    {
      double fraction = CLAMP ((double) p->overall_done / p->overall_total, 0.0, 1.0);

      gtk_progress_bar_set_fraction (self->progress_bar, fraction);
      kiln_window_notify_progress (self, fraction);
    }

  if (p->bytes_per_second > 0)
    {
      g_autofree char *rate = g_format_size_full ((guint64) p->bytes_per_second,
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *text = NULL;

      if (p->seconds_left >= 0)
        {
          g_autofree char *left = kiln_format_duration (p->seconds_left);
          /* Translators: “312.5 KiB/s · 4.2 s left” */
          text = g_strdup_printf (_("%s/s · %s left"), rate, left);
        }
      else
        /* Translators: a transfer rate, “312.5 KiB/s” */
        text = g_strdup_printf (_("%s/s"), rate);
      gtk_label_set_label (self->speed_label, text);
    }

  row = job_row (self, p->region);
  if (row != NULL && p->phase == KILN_PHASE_WRITING && p->total > 0)
    kiln_region_row_set_fraction (row, (double) p->done / p->total);
}

static void
job_log_cb (KilnLogLevel  level,
            const char   *message,
            gpointer      user_data)
{
  g_autoptr(KilnWindow) self = job_context_get_window (user_data);

  if (self != NULL)
    kiln_window_log (self, level, message);
}

static void
job_region_state_cb (guint            index,
                     KilnRegionState  state,
                     const char      *detail,
                     gpointer         user_data)
{
  g_autoptr(KilnWindow) self = job_context_get_window (user_data);
  KilnRegionRow *row;
  KilnRowState row_state;

  if (self == NULL || (row = job_row (self, index)) == NULL)
    return;

  switch (state)
    {
    case KILN_REGION_PENDING:
      row_state = KILN_ROW_PENDING;
      break;
    case KILN_REGION_WRITING:
      row_state = KILN_ROW_WRITING;
      break;
    case KILN_REGION_WRITTEN:
      row_state = KILN_ROW_WRITTEN;
      break;
    case KILN_REGION_VERIFIED:
      row_state = KILN_ROW_VERIFIED;
      break;
    case KILN_REGION_SKIPPED:
      /* A manifest's build for another chip is left out, not unchanged. */
      row_state = kiln_region_row_get_chip (row) != NULL && self->job_chip != NULL &&
                  kiln_chip_by_name (kiln_region_row_get_chip (row)) != self->job_chip
                    ? KILN_ROW_OTHER_CHIP : KILN_ROW_SKIPPED;
      break;
    case KILN_REGION_FAILED:
      row_state = KILN_ROW_FAILED;
      break;
    default:
      return;
    }
  kiln_region_row_set_job_state (row, row_state, detail);
}

static void
show_device_info (KilnWindow           *self,
                  const KilnDeviceInfo *info)
{
  g_autofree char *mac = NULL;
  g_autofree char *flash = NULL;
  g_autofree char *crystal = NULL;
  g_autofree char *chip = NULL;
  g_autofree char *wanted_xtal = kiln_settings_dup_string (self->settings, "crystal");

  if (info->description != NULL)
    chip = g_strdup (info->description);
  else if (info->chip != NULL && info->revision != NULL)
    /* Translators: chip and silicon revision, “ESP32 (revision v3.0)” */
    chip = g_strdup_printf (_("%s (revision %s)"), info->chip->display_name, info->revision);
  else if (info->chip != NULL)
    chip = g_strdup (info->chip->display_name);
  else
    chip = g_strdup (_("Unknown"));

  mac = info->has_mac ? kiln_format_mac (info->mac) : g_strdup (_("Unknown"));

  if (info->flash_id != 0 || info->flash_size != 0)
    {
      g_autofree char *size = info->flash_size != 0
        ? g_format_size_full (info->flash_size, G_FORMAT_SIZE_IEC_UNITS)
        : g_strdup (_("unknown size"));
      /* Translators: JEDEC id (manufacturer, device) and size: “JEDEC ID c8 4016 · 4.0 MiB” */
      flash = g_strdup_printf (_("JEDEC ID %02x %04x · %s"),
                               info->flash_id & 0xFF,
                               ((info->flash_id >> 8) & 0xFF) << 8 | ((info->flash_id >> 16) & 0xFF),
                               size);
    }
  else
    flash = g_strdup (_("Unknown"));

  crystal = info->xtal_mhz != 0 ? g_strdup_printf ("%u MHz", info->xtal_mhz) : g_strdup (_("Unknown"));

  gtk_label_set_label (self->device_chip_label, chip);
  gtk_label_set_label (self->device_mac_label, mac);
  gtk_label_set_label (self->device_flash_label, flash);
  gtk_label_set_label (self->device_crystal_label, crystal);
  gtk_label_set_label (self->device_loader_label,
                       info->loader != NULL ? info->loader : _("Unknown"));
  gtk_stack_set_visible_child_name (self->device_stack, "info");
  kiln_window_tools_device_info (self, info);
  self->job_chip = info->chip;

  if (info->flash_size != 0 && info->flash_size != self->detected_flash_size)
    {
      self->detected_flash_size = info->flash_size;
      kiln_window_revalidate (self);
    }

  /* The crystal setting is what the user believes; say so when the board
   * disagrees (a 40 MHz ESP8266 module logs its boot messages at 115200,
   * not 74880). */
  if (info->xtal_mhz != 0 && wanted_xtal != NULL && !g_str_equal (wanted_xtal, "keep") &&
      (guint) atoi (wanted_xtal) != info->xtal_mhz)
    {
      g_autofree char *msg = g_strdup_printf (_("The board reports a %u MHz crystal, but the "
                                                "crystal setting is %d MHz: the init data "
                                                "written will not match the board. Check the "
                                                "setting."),
                                              info->xtal_mhz, atoi (wanted_xtal));
      kiln_window_log (self, KILN_LOG_WARNING, msg);
    }

  /* The ESP8285's flash reads in DOUT only (NodeMCU's flashing guide:
   * "ESP8285 requires dout"), and QIO, the ESP8266's default here, leaves
   * it at "csum err".  Once a job has found one, Kiln knows the chip and
   * chooses DOUT itself, and says so.  A write under way has warned about
   * each image it wrote; the choice is for the next.  Keep, and image
   * headers kept unchanged, are left alone: the files decide, and a write
   * warns about one that is not DOUT. */
  if (info->flash_dout_only && !kiln_settings_get_boolean (self->settings, "keep-headers"))
    {
      g_autofree char *mode = kiln_settings_dup_string (self->settings, "flash-mode");

      if (mode != NULL && !g_str_equal (mode, "dout") && !g_str_equal (mode, "keep"))
        {
          g_autofree char *upper = g_ascii_strup (mode, -1);
          g_autofree char *msg = NULL;

          g_object_set (self->settings, "flash-mode", "dout", NULL);
          if (self->job_kind == KILN_JOB_WRITE)
            msg = g_strdup_printf (_("This board is an ESP8285, whose flash, inside the chip, "
                                     "reads in DOUT only, but SPI mode was %s: SPI mode is now "
                                     "DOUT, for the next write."),
                                   upper);
          else
            msg = g_strdup_printf (_("This board is an ESP8285, whose flash, inside the chip, "
                                     "reads in DOUT only, but SPI mode was %s: SPI mode is now "
                                     "DOUT."),
                                   upper);
          kiln_window_log (self, KILN_LOG_INFO, msg);
        }
    }
}

static void
job_device_info_cb (const KilnDeviceInfo *info,
                    gpointer              user_data)
{
  g_autoptr(KilnWindow) self = job_context_get_window (user_data);

  if (self != NULL && info != NULL)
    show_device_info (self, info);
}

static void
set_busy (KilnWindow *self,
          gboolean    busy)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  for (guint i = 0; i < kiln_window_get_n_rows (self); i++)
    kiln_region_row_set_locked (kiln_window_get_row (self, i), busy);
  /* Listing ports while a job holds one is harmless but pointless. */
  kiln_port_model_set_auto_refresh (self->ports, !busy);
  /* Keep the process alive until the worker has let go of the port, even
   * if the window is closed meanwhile. */
  if (app != NULL)
    {
      if (busy)
        g_application_hold (app);
      else
        g_application_release (app);
    }
  kiln_window_update_actions (self);
}

static void
show_summary (KilnWindow  *self,
              KilnOutcome  outcome,
              const char  *text)
{
  const char *icon = "object-select-symbolic";

  self->outcome = outcome;
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "error");
  switch (outcome)
    {
    case KILN_OUTCOME_SUCCESS:
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), "success");
      break;
    case KILN_OUTCOME_STOPPED:
      icon = "process-stop-symbolic";
      break;
    case KILN_OUTCOME_FAILED:
      icon = "dialog-error-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), "error");
      break;
    case KILN_OUTCOME_NONE:
    default:
      break;
    }
  gtk_image_set_from_icon_name (self->summary_icon, icon);
  gtk_label_set_label (self->summary_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->summary_revealer, text != NULL);
}

static char *
success_text (KilnWindow *self,
              KilnJob    *job)
{
  const KilnJobSummary *s = kiln_job_get_summary (job);
  g_autofree char *took = kiln_format_duration (s != NULL ? s->seconds : 0);
  g_autoptr(GString) text = g_string_new (NULL);

  switch (self->job_kind)
    {
    case KILN_JOB_WRITE:
      {
        g_autofree char *bytes = g_format_size_full (s->bytes_written, G_FORMAT_SIZE_IEC_UNITS);

        g_string_append_printf (text,
                                /* Translators: “Wrote 4 files (1.0 MiB) in 12.3 s.” */
                                g_dngettext (GETTEXT_PACKAGE, "Wrote %u file (%s) in %s.",
                                             "Wrote %u files (%s) in %s.", s->regions_written),
                                s->regions_written, bytes, took);
        if (s->regions_skipped > 0)
          {
            g_string_append_c (text, ' ');
            g_string_append_printf (text,
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "%u file was already on the board.",
                                                 "%u files were already on the board.",
                                                 s->regions_skipped),
                                    s->regions_skipped);
          }
        g_string_append_c (text, ' ');
        if (s->verified && s->verify_method != NULL)
          /* Translators: %s is “MD5” or “read-back” */
          g_string_append_printf (text, _("Verified by %s."), s->verify_method);
        else if (s->verified)
          g_string_append (text, _("Verified."));
        else
          g_string_append (text, _("Not verified: this loader cannot check the flash (see the log)."));
      }
      break;
    case KILN_JOB_ERASE:
      g_string_append_printf (text, _("Erased in %s."), took);
      break;
    case KILN_JOB_READ:
      {
        g_autofree char *base = g_path_get_basename (self->read_path != NULL ? self->read_path : "");
        /* Translators: “Read flash into dump.bin in 3.2 s.” */
        g_string_append_printf (text, _("Read flash into %s in %s."), base, took);
      }
      break;
    case KILN_JOB_SURVEY:
      /* Translators: “Inspected the flash in 2.1 s. See Detected Board.” */
      g_string_append_printf (text, _("Inspected the flash in %s. See Detected Board."), took);
      break;
    case KILN_JOB_INFO:
      {
        const KilnDeviceInfo *info = kiln_job_get_device_info (job);
        const char *chip = info != NULL && info->chip != NULL ? info->chip->display_name : NULL;

        /* An ESP8285 is named as such (its description), not as the ESP8266
         * whose chip table entry it shares. */
        if (chip != NULL && info->flash_dout_only && info->description != NULL)
          chip = info->description;
        if (chip != NULL)
          /* Translators: %s is the chip, “ESP8266” */
          g_string_append_printf (text, _("Found an %s. See Detected Board."), chip);
        else
          g_string_append (text, _("Board found. See Detected Board."));
      }
      break;
    default:
      break;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
finish_job (KilnWindow *self,
            KilnJob    *job,
            GError     *error)
{
  const char *board_state = kiln_job_get_board_state (job);

  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);

  gtk_label_set_label (self->speed_label, "");

  if (error == NULL)
    {
      g_autofree char *text = success_text (self, job);

      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_label_set_label (self->phase_label, _("Done"));
      show_summary (self, KILN_OUTCOME_SUCCESS, text);
      kiln_window_show_boot_check (self, kiln_job_get_boot_check (job));
      if (kiln_job_get_survey (job) != NULL)
        kiln_window_show_survey (self, kiln_job_get_survey (job));
      kiln_window_log (self, KILN_LOG_INFO, text);
      self->showing_results = self->job_kind == KILN_JOB_WRITE;
      kiln_settings_set_string (self->settings, "last-port", kiln_window_get_port (self));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = NULL;

      /* Cancelling is not an error: no banner, just where things stand. */
      text = board_state != NULL ? g_strdup_printf (_("Stopped. %s"), board_state)
                                 : g_strdup (_("Stopped."));
      gtk_label_set_label (self->phase_label, _("Stopped"));
      show_summary (self, KILN_OUTCOME_STOPPED, text);
      kiln_window_log (self, KILN_LOG_WARNING, text);
      self->showing_results = self->job_kind == KILN_JOB_WRITE;
    }
  else
    {
      g_autofree char *text = NULL;

      text = board_state != NULL ? g_strdup_printf ("%s %s", error->message, board_state)
                                 : g_strdup (error->message);
      gtk_label_set_label (self->phase_label, _("Failed"));
      show_summary (self, KILN_OUTCOME_FAILED, text);
      kiln_window_log (self, KILN_LOG_ERROR, error->message);
      kiln_window_show_banner (self, KILN_BANNER_ERROR, error->message, TRUE);
      if (self->job_kind == KILN_JOB_WRITE &&
          g_error_matches (error, KILN_ERROR, KILN_ERROR_IMAGE_MISMATCH))
        kiln_window_offer_force (self);
      self->showing_results = self->job_kind == KILN_JOB_WRITE;
    }

  /* Rows the job never got to, or was in the middle of, go back to
   * showing whether they can be written. */
  for (guint i = 0; self->job_rows != NULL && i < self->job_rows->len; i++)
    {
      KilnRegionRow *row = g_ptr_array_index (self->job_rows, i);
      KilnRowState state = kiln_region_row_get_state (row);

      if (state == KILN_ROW_PENDING || state == KILN_ROW_WRITING)
        {
          if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
              state == KILN_ROW_WRITING)
            kiln_region_row_set_job_state (row, KILN_ROW_FAILED, NULL);
          else
            kiln_region_row_show_check (row, NULL);
        }
    }
  g_clear_pointer (&self->job_rows, g_ptr_array_unref);

  set_busy (self, FALSE);
  kiln_window_revalidate (self);
  kiln_window_notify_finished (self, job, gtk_label_get_label (self->summary_label), error);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  JobContext *ctx = user_data;
  KilnJob *job = KILN_JOB (object);
  g_autoptr(KilnWindow) self = job_context_get_window (ctx);
  g_autoptr(GError) error = NULL;

  kiln_job_run_finish (job, result, &error);
  if (self != NULL)
    finish_job (self, job, error);
  job_context_unref (ctx);
}

/**
 * kiln_window_start_job:
 * @job: (transfer none): a new job
 *
 * Runs @job in a worker thread and shows its progress.
 */
void
kiln_window_start_job (KilnWindow *self,
                       KilnJob    *job)
{
  static const KilnJobCallbacks callbacks = {
    .progress = job_progress_cb,
    .log = job_log_cb,
    .region_state = job_region_state_cb,
    .device_info = job_device_info_cb,
  };

  g_return_if_fail (self->job == NULL);

  self->job = g_object_ref (job);
  self->job_kind = kiln_job_get_kind (job);
  self->job_chip = NULL;
  self->retry_kind = self->job_kind;
  self->cancellable = g_cancellable_new ();
  self->job_started_us = g_get_monotonic_time ();

  kiln_window_hide_banner (self);
  show_summary (self, KILN_OUTCOME_NONE, NULL);
  kiln_window_show_boot_check (self, NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  kiln_window_notify_progress (self, 0.0);
  gtk_label_set_label (self->phase_label, _("Connecting to the board…"));
  gtk_label_set_label (self->speed_label, "");
  for (guint i = 0; self->job_rows != NULL && i < self->job_rows->len; i++)
    kiln_region_row_set_job_state (g_ptr_array_index (self->job_rows, i), KILN_ROW_PENDING, NULL);

  set_busy (self, TRUE);

  kiln_job_set_callbacks (job, &callbacks, job_context_new (self, job), job_context_unref);
  kiln_job_run_async (job, self->cancellable, job_done_cb, job_context_new (self, job));
}

/**
 * kiln_window_enabled_regions:
 * @rows: (out) (optional) (transfer full) (element-type KilnRegionRow): the
 *   rows the regions came from, in the same order
 *
 * The enabled rows' files as regions to write, each with the chip a
 * manifest gave its build, in the list's order.  Call it after the rows
 * were checked (kiln_window_revalidate()).
 *
 * Returns: (transfer full) (element-type KilnRegion): the regions, or %NULL
 *   when a file cannot be read
 */
GPtrArray *
kiln_window_enabled_regions (KilnWindow  *self,
                             GPtrArray  **rows,
                             GError     **error)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(GPtrArray) from = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = kiln_window_get_n_rows (self);

  for (guint i = 0; i < n; i++)
    {
      KilnRegionRow *row = kiln_window_get_row (self, i);
      g_autofree char *path = NULL;
      KilnRegion *region;
      guint32 address;

      if (!kiln_region_row_get_enabled (row))
        continue;
      kiln_region_row_parse_address (row, &address, NULL);
      path = g_file_get_path (kiln_region_row_get_file (row));
      region = kiln_region_new_from_file (address, path, error);
      if (region == NULL)
        return NULL;
      region->chip = g_strdup (kiln_region_row_get_chip (row));
      g_ptr_array_add (regions, region);
      g_ptr_array_add (from, g_object_ref (row));
    }
  if (rows != NULL)
    *rows = g_steal_pointer (&from);
  return g_steal_pointer (&regions);
}

/**
 * kiln_window_start_write:
 *
 * Starts writing the enabled rows: the Start button.
 */
gboolean
kiln_window_start_write (KilnWindow  *self,
                         GError     **error)
{
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(KilnJob) job = NULL;
  KilnJobOptions options;
  g_autofree char *message = NULL;
  guint n;

  if (self->job != NULL)
    return TRUE;

  /* Files may have been rebuilt since they were chosen. */
  n = kiln_window_get_n_rows (self);
  for (guint i = 0; i < n; i++)
    kiln_region_row_reload (kiln_window_get_row (self, i));
  self->showing_results = FALSE;
  kiln_window_revalidate (self);
  if (!self->layout_ok)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                           _("Some files cannot be written yet: see the problems shown in the list."));
      return FALSE;
    }
  regions = kiln_window_enabled_regions (self, &rows, error);
  if (regions == NULL)
    return FALSE;

  if (!kiln_window_build_options (self, &options, error))
    {
      kiln_job_options_clear (&options);
      return FALSE;
    }
  job = kiln_job_new_write (&options, regions);
  self->force_next = FALSE;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Writing %u file through %s at %u baud",
                                          "Writing %u files through %s at %u baud",
                                          regions->len),
                             regions->len, options.connect.port, options.connect.baud);
  kiln_window_log (self, KILN_LOG_INFO, message);
  kiln_job_options_clear (&options);

  g_clear_pointer (&self->job_rows, g_ptr_array_unref);
  self->job_rows = g_steal_pointer (&rows);
  kiln_window_start_job (self, job);
  return TRUE;
}
