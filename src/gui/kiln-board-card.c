/* kiln-board-card.c: one board in Factory Mode.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A card owns its board's job outright: its own copy of the options (with
 * its port), its own regions, its own cancellable.  Nothing a job touches
 * is shared with another card, so eight of them run side by side without
 * locks.  The job's callbacks come back in the main context; the record
 * is appended (and synced) in a worker so the window never waits on disk.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-board-card.h"
#include "kiln-gui-util.h"

struct _KilnBoardCard
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkWidget       *frame;
  GtkImage        *result_icon;
  GtkLabel        *port_label;
  GtkLabel        *time_label;
  GtkLabel        *chip_label;
  GtkLabel        *mac_label;
  GtkProgressBar  *progress_bar;
  GtkLabel        *status_label;

  /* Owned references */
  char            *port;
  char            *message;
  KilnJob         *job;
  GCancellable    *cancellable;

  /* State */
  KilnBoardResult  result;
  gint64           started_us;
};

G_DEFINE_FINAL_TYPE (KilnBoardCard, kiln_board_card, GTK_TYPE_WIDGET)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_time (KilnBoardCard *self,
          double         seconds)
{
  g_autofree char *text = kiln_format_duration (seconds);

  gtk_label_set_label (self->time_label, text);
}

static void
set_result (KilnBoardCard   *self,
            KilnBoardResult  result,
            const char      *status)
{
  static const char *classes[] = { "board-passed", "board-failed", "board-stopped" };
  const char *icon = NULL;
  const char *state = NULL;

  self->result = result;
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->frame, classes[i]);

  switch (result)
    {
    case KILN_BOARD_IDLE:
      icon = "media-playback-pause-symbolic";
      /* Translators: a board card's state in Factory Mode */
      state = _("Ready");
      break;
    case KILN_BOARD_RUNNING:
      icon = "media-playback-start-symbolic";
      state = _("Flashing");
      break;
    case KILN_BOARD_PASSED:
      icon = "emblem-ok-symbolic";
      state = _("Passed");
      gtk_widget_add_css_class (self->frame, "board-passed");
      break;
    case KILN_BOARD_FAILED:
      icon = "dialog-error-symbolic";
      state = _("Failed");
      gtk_widget_add_css_class (self->frame, "board-failed");
      break;
    case KILN_BOARD_STOPPED:
      icon = "process-stop-symbolic";
      state = _("Stopped");
      gtk_widget_add_css_class (self->frame, "board-stopped");
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_image_set_from_icon_name (self->result_icon, icon);
  gtk_label_set_label (self->status_label, status != NULL ? status : state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, state,
                                  -1);
}

/* ---------------------------------------------------------------------- */
/* The job                                                                 */

static void
job_progress_cb (const KilnProgress *p,
                 gpointer            user_data)
{
  KilnBoardCard *self = user_data;
  g_autofree char *text = NULL;

  if (self->result != KILN_BOARD_RUNNING)
    return;

  if (p->overall_total > 0)
    {
      double fraction = (double) p->overall_done / p->overall_total;

      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
      /* Translators: a board's phase and how far the job is, e.g. "Writing… 45 %" */
      text = g_strdup_printf (_("%s %d %%"), kiln_phase_to_string (p->phase),
                              (int) (CLAMP (fraction, 0.0, 1.0) * 100));
    }
  else
    {
      gtk_progress_bar_pulse (self->progress_bar);
      text = g_strdup (kiln_phase_to_string (p->phase));
    }
  gtk_label_set_label (self->status_label, text);
  set_time (self, (g_get_monotonic_time () - self->started_us) / (double) G_USEC_PER_SEC);
}

static void
job_device_info_cb (const KilnDeviceInfo *info,
                    gpointer              user_data)
{
  KilnBoardCard *self = user_data;

  if (info->description != NULL)
    gtk_label_set_label (self->chip_label, info->description);
  else if (info->chip != NULL)
    gtk_label_set_label (self->chip_label, info->chip->name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->chip_label),
                               gtk_label_get_label (self->chip_label));
  if (info->has_mac)
    {
      g_autofree char *mac = kiln_format_mac (info->mac);
      gtk_label_set_label (self->mac_label, mac);
    }
}

typedef struct
{
  char       *path;
  char       *port;
  char       *message;
  GPtrArray  *regions;
  KilnDeviceInfo info;
  gboolean    has_info;
  gboolean    passed;
  double      seconds;
  GDateTime  *time;
} RecordData;

static void
record_data_free (RecordData *data)
{
  g_free (data->path);
  g_free (data->port);
  g_free (data->message);
  g_clear_pointer (&data->regions, g_ptr_array_unref);
  kiln_device_info_clear (&data->info);
  g_clear_pointer (&data->time, g_date_time_unref);
  g_free (data);
}

static void
record_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RecordData *data = task_data;
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autoptr(GError) error = NULL;
  KilnRecord record = {
    .time = data->time,
    .port = data->port,
    .info = data->has_info ? &data->info : NULL,
    .regions = data->regions,
    .passed = data->passed,
    .message = data->message,
    .seconds = data->seconds,
  };

  g_mkdir_with_parents (dir, 0755);
  if (!kiln_record_append (data->path, &record, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
finish (KilnBoardCard *self,
        const char    *record_error)
{
  KilnBoardResult result = self->result;

  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);

  if (record_error != NULL)
    {
      /* The board is fine; the paperwork is not.  Say both. */
      g_autofree char *text = g_strdup_printf (_("%s\nNot recorded: %s"),
                                               gtk_label_get_label (self->status_label),
                                               record_error);
      gtk_label_set_label (self->status_label, text);
    }
  g_signal_emit (self, signals[FINISHED], 0, (int) result);
}

static void
record_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KilnBoardCard) self = user_data;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  finish (self, error != NULL ? error->message : NULL);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KilnBoardCard) self = user_data;
  g_autoptr(GError) error = NULL;
  KilnJob *job = KILN_JOB (object);
  const KilnJobSummary *summary;
  const KilnDeviceInfo *info;
  gboolean passed = kiln_job_run_finish (job, result, &error);
  g_autofree char *record_path = g_object_steal_data (G_OBJECT (job), "kiln-record-path");

  if (job != self->job)
    return;

  summary = kiln_job_get_summary (job);
  info = kiln_job_get_device_info (job);
  set_time (self, summary->seconds > 0 ? summary->seconds
                  : (g_get_monotonic_time () - self->started_us) / (double) G_USEC_PER_SEC);

  g_clear_pointer (&self->message, g_free);
  if (passed)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      set_result (self, KILN_BOARD_PASSED,
                  summary->verified ? _("Passed: written and verified")
                                    : _("Passed: written (not verified)"));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->message = g_strdup (_("Stopped"));
      set_result (self, KILN_BOARD_STOPPED, _("Stopped before it was done"));
    }
  else
    {
      g_autofree char *text = NULL;

      self->message = g_strdup (error != NULL ? error->message : _("Unknown error"));
      /* Translators: %s is why the board failed */
      text = g_strdup_printf (_("Failed: %s"), self->message);
      set_result (self, KILN_BOARD_FAILED, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), self->message);
    }

  /* A board stopped by hand was not flashed: no record of it. */
  if (record_path != NULL && self->result != KILN_BOARD_STOPPED)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, record_done_cb, g_object_ref (self));
      RecordData *data = g_new0 (RecordData, 1);

      data->path = g_steal_pointer (&record_path);
      data->port = g_strdup (self->port);
      data->message = passed ? NULL : g_strdup (self->message);
      data->regions = g_ptr_array_ref (kiln_job_get_regions (job));
      if (info != NULL && info->chip != NULL)
        {
          kiln_device_info_copy (&data->info, info);
          data->has_info = TRUE;
        }
      data->passed = passed;
      data->seconds = summary->seconds;
      data->time = g_date_time_new_now_local ();
      g_task_set_task_data (task, data, (GDestroyNotify) record_data_free);
      g_task_run_in_thread (task, record_worker);
      return;
    }

  finish (self, NULL);
}

/**
 * kiln_board_card_start:
 * @options: the settings every board shares; copied, with this card's port
 * @regions: (element-type KilnRegion): copied by the job
 * @record_path: (nullable): where the finished board is recorded
 */
void
kiln_board_card_start (KilnBoardCard        *self,
                       const KilnJobOptions *options,
                       GPtrArray            *regions,
                       const char           *record_path)
{
  static const KilnJobCallbacks callbacks = {
    .progress = job_progress_cb,
    .device_info = job_device_info_cb,
  };
  KilnJobOptions opts;

  g_return_if_fail (KILN_IS_BOARD_CARD (self));
  g_return_if_fail (options != NULL);
  g_return_if_fail (regions != NULL);

  if (self->job != NULL)
    return;

  kiln_job_options_copy (&opts, options);
  g_free (opts.connect.port);
  opts.connect.port = g_strdup (self->port);
  self->job = kiln_job_new_write (&opts, regions);
  kiln_job_options_clear (&opts);
  g_object_set_data_full (G_OBJECT (self->job), "kiln-record-path",
                          g_strdup (record_path), g_free);
  kiln_job_set_callbacks (self->job, &callbacks, g_object_ref (self), g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->started_us = g_get_monotonic_time ();

  gtk_label_set_label (self->chip_label, "—");
  gtk_label_set_label (self->mac_label, "—");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_time (self, 0);
  set_result (self, KILN_BOARD_RUNNING, kiln_phase_to_string (KILN_PHASE_CONNECTING));

  kiln_job_run_async (self->job, self->cancellable, job_done_cb, g_object_ref (self));
}

void
kiln_board_card_stop (KilnBoardCard *self)
{
  g_return_if_fail (KILN_IS_BOARD_CARD (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
kiln_board_card_dispose (GObject *object)
{
  KilnBoardCard *self = KILN_BOARD_CARD (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_BOARD_CARD);

  G_OBJECT_CLASS (kiln_board_card_parent_class)->dispose (object);
}

static void
kiln_board_card_finalize (GObject *object)
{
  KilnBoardCard *self = KILN_BOARD_CARD (object);

  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  g_free (self->port);
  g_free (self->message);

  G_OBJECT_CLASS (kiln_board_card_parent_class)->finalize (object);
}

static void
kiln_board_card_class_init (KilnBoardCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_board_card_dispose;
  object_class->finalize = kiln_board_card_finalize;

  /**
   * KilnBoardCard::finished:
   * @result: a #KilnBoardResult
   *
   * The board's job ended and its record (if any) was written.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "boardcard");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kilnflasher/Kiln/ui/kiln-board-card.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnBoardCard, frame);
  gtk_widget_class_bind_template_child (widget_class, KilnBoardCard, result_icon);
  gtk_widget_class_bind_template_child (widget_class, KilnBoardCard, port_label);
  gtk_widget_class_bind_template_child (widget_class, KilnBoardCard, time_label);
  gtk_widget_class_bind_template_child (widget_class, KilnBoardCard, chip_label);
  gtk_widget_class_bind_template_child (widget_class, KilnBoardCard, mac_label);
  gtk_widget_class_bind_template_child (widget_class, KilnBoardCard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KilnBoardCard, status_label);
}

static void
kiln_board_card_init (KilnBoardCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kiln_board_card_new:
 * @port: the port string the job opens
 * @title: (nullable): what to call the port; %NULL shows @port
 */
KilnBoardCard *
kiln_board_card_new (const char *port,
                     const char *title)
{
  KilnBoardCard *self = g_object_new (KILN_TYPE_BOARD_CARD, NULL);
  g_autofree char *label = NULL;

  self->port = g_strdup (port);
  gtk_label_set_label (self->port_label, title != NULL ? title : port);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->port_label), port);
  /* Translators: the accessible name of a board's card; %s is its port */
  label = g_strdup_printf (_("Board on %s"), title != NULL ? title : port);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  set_result (self, KILN_BOARD_IDLE, NULL);
  return self;
}

const char *
kiln_board_card_get_port (KilnBoardCard *self)
{
  g_return_val_if_fail (KILN_IS_BOARD_CARD (self), NULL);
  return self->port;
}

KilnBoardResult
kiln_board_card_get_result (KilnBoardCard *self)
{
  g_return_val_if_fail (KILN_IS_BOARD_CARD (self), KILN_BOARD_IDLE);
  return self->result;
}

/* Why the board failed, or %NULL. */
const char *
kiln_board_card_get_message (KilnBoardCard *self)
{
  g_return_val_if_fail (KILN_IS_BOARD_CARD (self), NULL);
  return self->message;
}

gboolean
kiln_board_card_get_running (KilnBoardCard *self)
{
  g_return_val_if_fail (KILN_IS_BOARD_CARD (self), FALSE);
  return self->job != NULL;
}

double
kiln_board_card_get_fraction (KilnBoardCard *self)
{
  g_return_val_if_fail (KILN_IS_BOARD_CARD (self), 0.0);
  return gtk_progress_bar_get_fraction (self->progress_bar);
}

/* What the card says under the progress bar. */
const char *
kiln_board_card_get_status (KilnBoardCard *self)
{
  g_return_val_if_fail (KILN_IS_BOARD_CARD (self), NULL);
  return gtk_label_get_label (self->status_label);
}
