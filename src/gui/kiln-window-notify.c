/* kiln-window-notify.c: a job seen from outside the window.
 *
 * While a job runs, the window's title starts with its progress ("42 % ·
 * board"), which the desktop shows in the window switcher and task bar.
 * When a job that took more than a few seconds ends while the window is
 * not focused, a desktop notification (GNotification) says how it ended;
 * it is withdrawn when the window is focused again, and clicking it brings
 * the window back.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-window-private.h"

/* Shorter jobs end while the user is still looking. */
#define NOTIFY_AFTER_SECONDS 5

static char *
notification_id (KilnWindow *self)
{
  return g_strdup_printf ("job-%u", gtk_application_window_get_id (GTK_APPLICATION_WINDOW (self)));
}

/**
 * kiln_window_notify_progress:
 * @fraction: how much of the job is done, 0 to 1
 *
 * Puts the progress in front of the window's title.
 */
void
kiln_window_notify_progress (KilnWindow *self,
                             double      fraction)
{
  int percent = (int) (CLAMP (fraction, 0.0, 1.0) * 100.0);
  g_autofree char *title = NULL;

  if (percent == self->title_percent)
    return;
  self->title_percent = percent;
  /* Translators: the window title while a job runs, “42 % · board” */
  title = g_strdup_printf (_("%d %% · %s"), percent, gtk_label_get_label (self->title_label));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static const char *
failure_title (KilnJobKind kind)
{
  switch (kind)
    {
    case KILN_JOB_WRITE:
      return _("Writing the firmware failed");
    case KILN_JOB_ERASE:
      return _("Erasing the flash failed");
    case KILN_JOB_READ:
      return _("Reading the flash failed");
    case KILN_JOB_SURVEY:
      return _("Inspecting the flash failed");
    case KILN_JOB_INFO:
    default:
      return _("Connecting to the board failed");
    }
}

static const char *
success_title (KilnJobKind  kind,
               KilnJob     *job)
{
  const KilnJobSummary *summary = kiln_job_get_summary (job);

  switch (kind)
    {
    case KILN_JOB_WRITE:
      return summary != NULL && summary->verified ? _("Firmware written and verified")
                                                  : _("Firmware written, not verified");
    case KILN_JOB_ERASE:
      return _("Flash erased");
    case KILN_JOB_READ:
      return _("Flash read");
    case KILN_JOB_SURVEY:
      return _("Flash inspected");
    case KILN_JOB_INFO:
    default:
      return _("Board found");
    }
}

/**
 * kiln_window_notify_finished:
 * @job: the job that ended
 * @summary: what the window's summary says about it
 * @error: (nullable): why it failed
 *
 * Gives the title back, and when the job was long and the window is in the
 * background, says how it ended in a desktop notification.  A job the user
 * stopped needs no notification: they were there.
 */
void
kiln_window_notify_finished (KilnWindow   *self,
                             KilnJob      *job,
                             const char   *summary,
                             const GError *error)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gint64 seconds = (g_get_monotonic_time () - self->job_started_us) / G_USEC_PER_SEC;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  const char *port = kiln_window_get_port (self);
  g_autofree char *body = NULL;

  self->title_percent = -1;
  kiln_window_update_title (self);

  if (app == NULL || gtk_window_is_active (GTK_WINDOW (self)) || seconds < NOTIFY_AFTER_SECONDS ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      notification = g_notification_new (failure_title (self->job_kind));
      body = g_strdup (error->message);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
    }
  else
    {
      notification = g_notification_new (success_title (self->job_kind, job));
      body = g_strdup (summary);
    }
  if (port != NULL)
    {
      /* Translators: a notification's text: what happened, then “Port: /dev/ttyUSB0” */
      g_autofree char *with_port = g_strdup_printf (_("%s\nPort: %s"), body, port);
      g_free (body);
      body = g_steal_pointer (&with_port);
    }
  g_notification_set_body (notification, body);
  /* Clicking it brings this window back. */
  g_notification_set_default_action_and_target (notification, "app.show-window", "u",
                                                 gtk_application_window_get_id (GTK_APPLICATION_WINDOW (self)));
  id = notification_id (self);
  g_application_send_notification (app, id, notification);
  self->notified = TRUE;
}

/* Back at the window: the notification has been read, in effect. */
static void
active_changed_cb (KilnWindow *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *id = NULL;

  if (!self->notified || app == NULL || !gtk_window_is_active (GTK_WINDOW (self)))
    return;
  id = notification_id (self);
  g_application_withdraw_notification (app, id);
  self->notified = FALSE;
}

void
kiln_window_notify_init (KilnWindow *self)
{
  self->title_percent = -1;
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
}
