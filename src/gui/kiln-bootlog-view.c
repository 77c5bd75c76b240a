/* kiln-bootlog-view.c: the Boot Log tab.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resets the board into its firmware (or just listens), reads what the
 * boot ROM prints at its own odd baud rate, then follows the application
 * at the rate the user chose; every line is shown as received with the
 * decoder's explanation under it, and a diagnosis as a banner on top.
 * kiln_monitor_run() blocks on the port, so it runs in a GTask thread; its
 * callbacks are carried to the main context as small messages that hold
 * a weak reference to the view and the run they belong to, so that
 * anything arriving after Stop or a new run is dropped.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-bootlog-view.h"
#include "kiln-gui-util.h"
#include "kiln-monitor.h"

#define SCHEMA_KEY_APP_BAUD "monitor-baud"
/* The largest log file Open File… decodes. */
#define MAX_LOG_FILE (1024 * 1024)

struct _KilnBootlogView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkButton         *listen_button;
  GtkButton         *listen_no_reset_button;
  GtkButton         *stop_button;
  GtkDropDown       *app_baud_dropdown;
  GtkLabel          *status_label;
  GtkMenuButton     *paste_button;
  GtkTextView       *paste_view;
  GtkWidget         *diagnosis_revealer;
  GtkBox            *diagnosis_box;
  GtkImage          *diagnosis_icon;
  GtkWidget         *inspect_button;
  GtkLabel          *diagnosis_title;
  GtkTextView       *diagnosis_text;
  GtkWidget         *baud_revealer;
  GtkLabel          *baud_label;
  GtkButton         *baud_button;
  GtkTextView       *text_view;

  /* Owned references */
  char              *port;
  GtkFileChooserNative *chooser;     /* Open File…, while it is up */
  GCancellable      *file_cancellable; /* the log file being read */
  GCancellable      *cancellable;    /* the current run's; identity check for messages */
  KilnBootDiagnosis *diagnosis;      /* the most serious one shown */
  GSettings         *settings;

  /* State */
  KilnChipId         chip;
  guint              xtal_mhz;
  gboolean           dout_only;      /* the board found is an ESP8285 */
  guint              forced_rom_baud; /* chosen through the wrong-baud offer; 0: pick */
  guint              app_phase_baud;  /* listening to the application at this rate; 0: not */
  guint              offered_baud;
  guint              scroll_id;
  guint              refit_tick;     /* on diagnosis_text, see refit_diagnosis_text() */
  guint              locked : 1;
  guint              running : 1;
  guint              reset : 1;
};

G_DEFINE_FINAL_TYPE (KilnBootlogView, kiln_bootlog_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------- */
/* Showing what was decoded                                                */

static void
append (KilnBootlogView *self,
        const char      *text,
        const char      *tag)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, text, -1, tag, NULL);
}

/* Scrolls from a low-priority idle, once GTK has laid out the new lines:
 * scrolling to a mark during layout makes GTK 4.8 draw a scroll bar it
 * has not allocated yet. */
static gboolean
scroll_cb (gpointer user_data)
{
  KilnBootlogView *self = user_data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));

  self->scroll_id = 0;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  return G_SOURCE_REMOVE;
}

static void
scroll_to_end (KilnBootlogView *self)
{
  if (self->scroll_id == 0)
    self->scroll_id = g_idle_add_full (G_PRIORITY_LOW, scroll_cb, self, NULL);
}

/* Banners are plain boxes shown and hidden: a GtkRevealer inside the
 * window's GtkPaned makes GTK 4.8 report a minimum height one pixel off
 * between two widths (a critical, and overlapping widgets). */
static void
reveal (GtkWidget *banner,
        gboolean   shown)
{
  gtk_widget_set_visible (banner, shown);
}

static void
offer_other_baud (KilnBootlogView *self,
                  guint            suggested)
{
  g_autofree char *button = NULL;

  /* The decoder guesses the rate the bytes were sent at when it can; else
   * the other one the ROM might use. */
  if (suggested == 0)
    suggested = self->forced_rom_baud == 115200 ? 74880 : 115200;
  self->offered_baud = suggested;
  /* Translators: a button that restarts the boot log at another rate */
  button = g_strdup_printf (_("Listen at %u Baud"), suggested);
  gtk_button_set_label (self->baud_button, button);
  reveal (self->baud_revealer, TRUE);
}

/* @pasted: a log decoded after the fact, where a line no pattern knows is
 * marked as such (live, those are the application's console) */
static void
show_event (KilnBootlogView *self,
            KilnBootEvent   *event,
            gboolean         pasted)
{
  const char *tag = "raw";

  if (event->kind == KILN_BOOT_EVENT_WRONG_BAUD)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "(%u byte at another baud rate)\n",
                                      "(%u bytes at another baud rate)\n",
                                      (gulong) event->values[1]),
                         (guint) event->values[1]);
      append (self, text, "wrong-baud");
      if (event->explanation != NULL)
        {
          append (self, event->explanation, "explanation");
          append (self, "\n", "explanation");
        }
      offer_other_baud (self, (guint) event->values[0]);
      return;
    }

  if (event->kind == KILN_BOOT_EVENT_GARBLED)
    {
      append (self, event->text, "wrong-baud");
      append (self, "\n", "wrong-baud");
      return;
    }

  /* The firmware read right at a rate the monitor found for it: the
   * next run starts there ("Then at"). */
  if (!pasted && self->app_phase_baud != 0
      && g_settings_get_uint (self->settings, SCHEMA_KEY_APP_BAUD) != self->app_phase_baud)
    g_settings_set_uint (self->settings, SCHEMA_KEY_APP_BAUD, self->app_phase_baud);

  if (event->severity == KILN_BOOT_SEVERITY_ERROR)
    tag = "raw-error";
  else if (event->severity == KILN_BOOT_SEVERITY_WARNING)
    tag = "raw-warning";
  append (self, event->text != NULL && *event->text != '\0' ? event->text : event->line, tag);
  if (pasted && event->kind == KILN_BOOT_EVENT_TEXT)
    /* Translators: after a pasted boot-log line that no pattern knows */
    append (self, _("  · not recognised"), "phase");
  append (self, "\n", tag);
  if (event->explanation != NULL)
    {
      /* The explanation sits under its line, indented, so the raw text
       * still reads as the log the board printed. */
      append (self, event->explanation, "explanation");
      append (self, "\n", "explanation");
    }
}

static int
diagnosis_rank (const KilnBootDiagnosis *d)
{
  /* The decoder ranks its diagnoses: a cause over its symptoms, a real
   * finding over the wrong baud rate seen before the right one is found. */
  return d->score;
}

/* GTK 4.8's text view reports the height it last laid its text out at,
 * whatever the width asked about, and asks for no new size once it has laid
 * it out again at its real width.  Shown for the first time, the banner's
 * text was measured while hidden, at no width at all (one word a line:
 * thousands of pixels), and would keep that height, pushing the log itself
 * out of sight.  Once the text view has its width, it is measured again. */
static gboolean
refit_diagnosis_text (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  KilnBootlogView *self = user_data;
  int natural;

  if (gtk_widget_get_width (widget) == 0)
    return G_SOURCE_CONTINUE;
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (widget), NULL,
                      &natural, NULL, NULL);
  if (natural != gtk_widget_get_height (widget))
    gtk_widget_queue_resize (widget);
  self->refit_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
show_diagnosis (KilnBootlogView   *self,
                KilnBootDiagnosis *diagnosis)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->diagnosis_text);
  GtkTextIter end;

  append (self, "⚠ ", "diagnosis");
  append (self, diagnosis->title, "diagnosis");
  append (self, "\n", "diagnosis");

  /* The first of equal rank stays. */
  if (self->diagnosis != NULL && diagnosis_rank (self->diagnosis) >= diagnosis_rank (diagnosis))
    return;
  g_clear_pointer (&self->diagnosis, kiln_boot_diagnosis_unref);
  self->diagnosis = kiln_boot_diagnosis_ref (diagnosis);

  gtk_label_set_label (self->diagnosis_title, diagnosis->title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->diagnosis_title), diagnosis->title);
  gtk_text_buffer_set_text (buffer, diagnosis->explanation, -1);
  if (diagnosis->fix != NULL && *diagnosis->fix != '\0')
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      /* Translators: heads the fix for a boot failure, under its explanation */
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, _("\nFix: "), -1, "fix", NULL);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, diagnosis->fix, -1);
    }
  /* A note (a normal boot, a restart asked for) names no fault to be
   * sure of. */
  if (diagnosis->severity != KILN_BOOT_SEVERITY_INFO)
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      /* Translators: heads how sure a boot-log diagnosis is, under its fix */
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, _("\nConfidence: "), -1, "fix",
                                                NULL);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, kiln_boot_confidence_explain (diagnosis->confidence),
                              -1);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->diagnosis_box), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->diagnosis_box), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->diagnosis_box), "info");
  switch (diagnosis->severity)
    {
    case KILN_BOOT_SEVERITY_ERROR:
      gtk_widget_add_css_class (GTK_WIDGET (self->diagnosis_box), "error");
      gtk_image_set_from_icon_name (self->diagnosis_icon, "dialog-error-symbolic");
      break;
    case KILN_BOOT_SEVERITY_WARNING:
      gtk_widget_add_css_class (GTK_WIDGET (self->diagnosis_box), "warning");
      gtk_image_set_from_icon_name (self->diagnosis_icon, "dialog-warning-symbolic");
      break;
    case KILN_BOOT_SEVERITY_INFO:
    default:
      gtk_widget_add_css_class (GTK_WIDGET (self->diagnosis_box), "info");
      gtk_image_set_from_icon_name (self->diagnosis_icon, "dialog-information-symbolic");
      break;
    }
  /* What the flash holds tells apart what the log alone cannot. */
  gtk_widget_set_visible (self->inspect_button, kiln_flash_survey_tells_diagnosis (diagnosis));
  reveal (self->diagnosis_revealer, TRUE);
  if (self->refit_tick == 0)
    self->refit_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->diagnosis_text),
                                                     refit_diagnosis_text, self, NULL);
  if (diagnosis->kind == KILN_BOOT_DIAG_WRONG_BAUD)
    offer_other_baud (self, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->diagnosis_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, diagnosis->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, diagnosis->explanation,
                                  -1);
}

static void
clear (KilnBootlogView *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  g_clear_pointer (&self->diagnosis, kiln_boot_diagnosis_unref);
  reveal (self->diagnosis_revealer, FALSE);
  reveal (self->baud_revealer, FALSE);
}

/* ---------------------------------------------------------------------- */
/* The run                                                                 */

static void
update_actions (KilnBootlogView *self)
{
  gboolean can_start = !self->running && !self->locked && self->port != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bootlog.listen", can_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bootlog.listen-no-reset", can_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bootlog.other-baud", can_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bootlog.stop", self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->listen_button), !self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->listen_no_reset_button), !self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->app_baud_dropdown), !self->running);
}

static void
set_running (KilnBootlogView *self,
             gboolean         running)
{
  if (self->running == !!running)
    return;
  self->running = !!running;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

typedef struct
{
  char              *port;
  KilnMonitorOptions options;
  GWeakRef           view;
  GCancellable      *cancellable;
  GMainContext      *context;
} Run;

/* Shared by the task and every message in flight (which may outlive the
 * task), hence atomically reference counted. */
static void
run_clear (gpointer data)
{
  Run *run = data;

  g_free (run->port);
  g_weak_ref_clear (&run->view);
  g_clear_object (&run->cancellable);
  g_main_context_unref (run->context);
}

static void
run_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, run_clear);
}

typedef enum { MSG_EVENT, MSG_DIAGNOSIS, MSG_PHASE } MsgKind;

typedef struct
{
  MsgKind            kind;
  Run               *run;
  KilnBootEvent     *event;
  KilnBootDiagnosis *diagnosis;
  KilnMonitorPhase   phase;
  guint              baud;
} Msg;

static void
msg_free (gpointer data)
{
  Msg *msg = data;

  run_unref (msg->run);
  g_clear_pointer (&msg->event, kiln_boot_event_unref);
  g_clear_pointer (&msg->diagnosis, kiln_boot_diagnosis_unref);
  g_free (msg);
}

static void
show_phase (KilnBootlogView  *self,
            KilnMonitorPhase  phase,
            guint             baud)
{
  g_autofree char *text = NULL;

  self->app_phase_baud = phase == KILN_MONITOR_PHASE_APP ? baud : 0;
  switch (phase)
    {
    case KILN_MONITOR_PHASE_RESET:
      text = g_strdup (_("Resetting the board to run its firmware…"));
      /* The monitor restarts the board to read it at another rate: what
       * could not be read before is its business now. */
      reveal (self->baud_revealer, FALSE);
      break;
    case KILN_MONITOR_PHASE_ROM:
      /* Translators: the boot ROM prints at 74880 baud on most ESP8266 boards */
      text = g_strdup_printf (_("Boot ROM, %u baud"), baud);
      break;
    case KILN_MONITOR_PHASE_APP:
      text = g_strdup_printf (_("Application, %u baud"), baud);
      break;
    default:
      return;
    }
  gtk_label_set_label (self->status_label, text);
  append (self, "— ", "phase");
  append (self, text, "phase");
  append (self, " —\n", "phase");
}

static gboolean
msg_apply (gpointer data)
{
  Msg *msg = data;
  g_autoptr(KilnBootlogView) self = g_weak_ref_get (&msg->run->view);

  /* Stale: the view is gone, or this belongs to a run that was stopped. */
  if (self == NULL || self->cancellable != msg->run->cancellable)
    return G_SOURCE_REMOVE;

  switch (msg->kind)
    {
    case MSG_EVENT:
      show_event (self, msg->event, FALSE);
      break;
    case MSG_DIAGNOSIS:
      show_diagnosis (self, msg->diagnosis);
      break;
    case MSG_PHASE:
      show_phase (self, msg->phase, msg->baud);
      break;
    default:
      break;
    }
  scroll_to_end (self);
  return G_SOURCE_REMOVE;
}

/* Worker thread: hands @msg to the main context.  The view is reached
 * only there, through the run's weak reference. */
static void
post (Run *run,
      Msg *msg)
{
  msg->run = g_atomic_rc_box_acquire (run);
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, msg_apply, msg, msg_free);
}

static void
run_event (KilnBootEvent *event,
           gpointer       user_data)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_EVENT;
  msg->event = kiln_boot_event_ref (event);
  post (user_data, msg);
}

static void
run_diagnosis (KilnBootDiagnosis *diagnosis,
               gpointer           user_data)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_DIAGNOSIS;
  msg->diagnosis = kiln_boot_diagnosis_ref (diagnosis);
  post (user_data, msg);
}

static void
run_phase (KilnMonitorPhase phase,
           guint            baud,
           gpointer         user_data)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_PHASE;
  msg->phase = phase;
  msg->baud = baud;
  post (user_data, msg);
}

static const KilnMonitorCallbacks run_callbacks = {
  NULL, run_event, run_diagnosis, run_phase,
};

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(KilnTransport) transport = NULL;
  g_autoptr(GError) error = NULL;

  transport = kiln_transport_open (run->port,
                                   run->options.rom_baud != 0 ? run->options.rom_baud : 74880,
                                   &error);
  if (transport == NULL ||
      !kiln_monitor_run (transport, &run->options, &run_callbacks, run, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  KilnBootlogView *self = KILN_BOOTLOG_VIEW (object);
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(GError) error = NULL;

  /* A newer run owns the view now. */
  if (self->cancellable != cancellable)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->status_label, _("Stopped."));
      else
        {
          gtk_label_set_label (self->status_label, error->message);
          append (self, error->message, "raw-error");
          append (self, "\n", "raw-error");
        }
    }
  else
    gtk_label_set_label (self->status_label, _("Done."));
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
}

static guint
pick_rom_baud (KilnBootlogView *self)
{
  if (self->forced_rom_baud != 0)
    return self->forced_rom_baud;
  /* The ROM prints at 115200 × crystal / 40: a 26 MHz ESP8266 at 74880,
   * a 40 MHz one and every ESP32-family chip at 115200.  Unknown: let the
   * monitor try 74880 and then 115200. */
  if (self->xtal_mhz != 0)
    return (guint) ((guint64) 115200 * self->xtal_mhz / 40);
  if (self->chip != KILN_CHIP_AUTO && self->chip != KILN_CHIP_ESP8266)
    return 115200;
  return 0;
}

/**
 * kiln_bootlog_view_listen:
 * @reset: restart the board into its firmware first
 *
 * Starts listening on the view's port; a run in progress is stopped
 * first.  Returns at once: the port is read in a worker thread.
 */
void
kiln_bootlog_view_listen (KilnBootlogView *self,
                          gboolean         reset)
{
  g_autoptr(GTask) task = NULL;
  Run *run;
  guint app_baud;

  g_return_if_fail (KILN_IS_BOOTLOG_VIEW (self));

  if (self->port == NULL || self->locked)
    return;
  kiln_bootlog_view_stop (self);

  clear (self);
  app_baud = g_settings_get_uint (self->settings, SCHEMA_KEY_APP_BAUD);

  run = g_atomic_rc_box_new0 (Run);
  run->port = g_strdup (self->port);
  kiln_monitor_options_init (&run->options);
  run->options.rom_baud = pick_rom_baud (self);
  run->options.app_baud = app_baud;
  /* Output that reads at neither this rate nor the ROM's: try the other
   * rates firmware uses, one per restart. */
  run->options.find_app_baud = TRUE;
  run->options.reset = reset;
  run->options.chip = self->chip;
  run->options.dout_only = self->dout_only;
  g_weak_ref_init (&run->view, self);
  self->cancellable = g_cancellable_new ();
  run->cancellable = g_object_ref (self->cancellable);
  run->context = g_main_context_ref_thread_default ();
  self->reset = !!reset;

  gtk_label_set_label (self->status_label, reset ? _("Resetting the board…") : _("Listening…"));
  set_running (self, TRUE);

  task = g_task_new (self, self->cancellable, run_done, g_object_ref (self->cancellable));
  g_task_set_source_tag (task, kiln_bootlog_view_listen);
  g_task_set_task_data (task, run, run_unref);
  g_task_run_in_thread (task, run_worker);
}

/**
 * kiln_bootlog_view_stop:
 *
 * Cancels the run.  The worker notices within 100 ms (the monitor reads
 * in slices) and lets go of the port; what it still sends is dropped.
 */
void
kiln_bootlog_view_stop (KilnBootlogView *self)
{
  g_return_if_fail (KILN_IS_BOOTLOG_VIEW (self));

  /* A log file still being read is not shown any more either. */
  g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_label_set_label (self->status_label, _("Stopped."));
  set_running (self, FALSE);
}

/* ---------------------------------------------------------------------- */
/* A pasted log, or one saved to a file                                    */

/* A log from elsewhere, under @heading, decoded as if the board had
 * just printed it. */
static void
decode_bytes (KilnBootlogView *self,
              const guint8    *data,
              gsize            len,
              const char      *heading,
              const char      *status)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) diagnoses = NULL;

  kiln_bootlog_view_stop (self);
  clear (self);
  kiln_bootlog_decode (data, len, 0, &events, &diagnoses);
  append (self, "— ", "phase");
  append (self, heading, "phase");
  append (self, " —\n", "phase");
  for (guint i = 0; events != NULL && i < events->len; i++)
    show_event (self, g_ptr_array_index (events, i), TRUE);
  for (guint i = 0; diagnoses != NULL && i < diagnoses->len; i++)
    show_diagnosis (self, g_ptr_array_index (diagnoses, i));
  gtk_label_set_label (self->status_label, status);
}

/**
 * kiln_bootlog_view_decode_text:
 * @text: a log captured elsewhere (a terminal, a forum post)
 *
 * Shows @text decoded, as if the board had just printed it.
 */
void
kiln_bootlog_view_decode_text (KilnBootlogView *self,
                               const char      *text)
{
  g_return_if_fail (KILN_IS_BOOTLOG_VIEW (self));
  g_return_if_fail (text != NULL);

  decode_bytes (self, (const guint8 *) text, strlen (text), _("Pasted log"),
                _("Decoded the pasted log."));
}

/* A log file being read: the view, and the read's own cancellable, which
 * says whether the view has moved on since (a live run, another log). */
typedef struct
{
  KilnBootlogView *self;
  GCancellable    *cancellable;
} FileRead;

static void
file_read_free (FileRead *read)
{
  g_object_unref (read->self);
  g_object_unref (read->cancellable);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileRead, file_read_free)

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FileRead) read = user_data;
  KilnBootlogView *self = read->self;
  GFile *file = G_FILE (source);
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autofree char *status = NULL;
  char *data = NULL;
  gsize len = 0;

  if (!g_file_load_contents_finish (file, result, &data, &len, NULL, &error))
    {
      g_autofree char *message = NULL;

      if (g_cancellable_is_cancelled (read->cancellable))
        return;
      /* Translators: a log file that could not be opened, and why */
      message = g_strdup_printf (_("Could not read %s: %s"), name, error->message);
      gtk_label_set_label (self->status_label, message);
      return;
    }
  contents = g_bytes_new_take (data, len);
  if (g_cancellable_is_cancelled (read->cancellable))
    return;
  /* Decoding and showing runs in this thread; a boot log is a few
   * kilobytes, and a file of megabytes is something else (a firmware
   * image chosen by mistake, a day's capture). */
  if (len > MAX_LOG_FILE)
    {
      g_autofree char *size = g_format_size_full (len, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (MAX_LOG_FILE, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *message =
        /* Translators: a file's name, its size, and the largest log the app opens */
        g_strdup_printf (_("%s is too large for a boot log (%s; up to %s). Open a copy cut down "
                           "to the boot, or use kiln-cli decode-log."), name, size, limit);

      gtk_label_set_label (self->status_label, message);
      return;
    }
  /* As kiln-cli decode-log reads a file: UTF-16 saved by PowerShell or
   * Notepad reads as its text. */
  text = kiln_bootlog_saved_text (contents);
  /* Translators: %s is a log file's name */
  status = g_strdup_printf (_("Decoded %s."), name);
  decode_bytes (self, g_bytes_get_data (text, NULL), g_bytes_get_size (text), name, status);
}

/**
 * kiln_bootlog_view_decode_file:
 * @file: a boot log saved to a file (a terminal's capture, kiln-cli
 *   monitor's output)
 *
 * Reads @file without blocking and shows it decoded; an error reading it
 * shows in the status line.
 */
void
kiln_bootlog_view_decode_file (KilnBootlogView *self,
                               GFile           *file)
{
  FileRead *read;

  g_return_if_fail (KILN_IS_BOOTLOG_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  kiln_bootlog_view_stop (self);
  self->file_cancellable = g_cancellable_new ();
  read = g_new0 (FileRead, 1);
  read->self = g_object_ref (self);
  read->cancellable = g_object_ref (self->file_cancellable);
  gtk_label_set_label (self->status_label, _("Reading the log file…"));
  g_file_load_contents_async (file, self->file_cancellable, file_loaded_cb, read);
}

/* ---------------------------------------------------------------------- */
/* Actions                                                                 */

static void
listen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kiln_bootlog_view_listen (KILN_BOOTLOG_VIEW (widget), TRUE);
}

static void
listen_no_reset_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  kiln_bootlog_view_listen (KILN_BOOTLOG_VIEW (widget), FALSE);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kiln_bootlog_view_stop (KILN_BOOTLOG_VIEW (widget));
}

static void
other_baud_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KilnBootlogView *self = KILN_BOOTLOG_VIEW (widget);

  self->forced_rom_baud = self->offered_baud;
  kiln_bootlog_view_listen (self, self->reset);
}

static void
decode_paste_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KilnBootlogView *self = KILN_BOOTLOG_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->paste_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gtk_menu_button_popdown (self->paste_button);
  kiln_bootlog_view_decode_text (self, text);
}

static void
chooser_response_cb (KilnBootlogView      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        kiln_bootlog_view_decode_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KilnBootlogView *self = KILN_BOOTLOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) log_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  gtk_menu_button_popdown (self->paste_button);
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Open a Saved Boot Log"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (log_filter, _("Logs and text files"));
  gtk_file_filter_add_mime_type (log_filter, "text/plain");
  gtk_file_filter_add_pattern (log_filter, "*.log");
  gtk_file_filter_add_pattern (log_filter, "*.txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), log_filter);
  gtk_file_filter_set_name (all_filter, _("All files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
paste_clipboard_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KilnBootlogView *self = KILN_BOOTLOG_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->paste_view);

  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_text_buffer_paste_clipboard (buffer, gtk_widget_get_clipboard (widget), NULL, TRUE);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KilnBootlogView *self = KILN_BOOTLOG_VIEW (widget);

  clear (self);
  if (!self->running)
    gtk_label_set_label (self->status_label, "");
}

/* ---------------------------------------------------------------------- */
/* Public                                                                  */

void
kiln_bootlog_view_set_port (KilnBootlogView *self,
                            const char      *port)
{
  g_return_if_fail (KILN_IS_BOOTLOG_VIEW (self));

  if (g_strcmp0 (self->port, port) == 0)
    return;
  /* Another board: what was forced for the last one does not hold. */
  kiln_bootlog_view_stop (self);
  g_free (self->port);
  self->port = g_strdup (port);
  self->forced_rom_baud = 0;
  self->xtal_mhz = 0;
  self->chip = KILN_CHIP_AUTO;
  self->dout_only = FALSE;
  update_actions (self);
}

const char *
kiln_bootlog_view_get_port (KilnBootlogView *self)
{
  g_return_val_if_fail (KILN_IS_BOOTLOG_VIEW (self), NULL);
  return self->port;
}

/**
 * kiln_bootlog_view_set_board:
 * @chip: what was detected, or %KILN_CHIP_AUTO
 * @xtal_mhz: the detected crystal, or 0
 * @dout_only: the chip is an ESP8285, whose flash reads in DOUT only
 *
 * What is known about the board on the port.  It chooses the ROM's rate,
 * and gives the decoder the chip's facts for what the board prints.  A
 * pasted log or an opened file is decoded without them: it may come from
 * any board.
 */
void
kiln_bootlog_view_set_board (KilnBootlogView *self,
                             KilnChipId       chip,
                             guint            xtal_mhz,
                             gboolean         dout_only)
{
  g_return_if_fail (KILN_IS_BOOTLOG_VIEW (self));

  self->chip = chip;
  self->xtal_mhz = xtal_mhz;
  self->dout_only = !!dout_only;
}

/**
 * kiln_bootlog_view_set_locked:
 * @locked: another job has the port: listening would fight it for the
 *   board, so it is stopped and the buttons are off
 */
void
kiln_bootlog_view_set_locked (KilnBootlogView *self,
                              gboolean         locked)
{
  g_return_if_fail (KILN_IS_BOOTLOG_VIEW (self));

  if (self->locked == !!locked)
    return;
  self->locked = !!locked;
  if (locked)
    kiln_bootlog_view_stop (self);
  update_actions (self);
}

gboolean
kiln_bootlog_view_get_running (KilnBootlogView *self)
{
  g_return_val_if_fail (KILN_IS_BOOTLOG_VIEW (self), FALSE);
  return self->running;
}

/* Returns: (transfer full): everything shown, raw lines and explanations */
char *
kiln_bootlog_view_dup_text (KilnBootlogView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (KILN_IS_BOOTLOG_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Returns: (nullable): the title of the diagnosis in the banner */
const char *
kiln_bootlog_view_get_diagnosis (KilnBootlogView *self)
{
  g_return_val_if_fail (KILN_IS_BOOTLOG_VIEW (self), NULL);
  return self->diagnosis != NULL ? self->diagnosis->title : NULL;
}

GtkWidget *
kiln_bootlog_view_new (void)
{
  return g_object_new (KILN_TYPE_BOOTLOG_VIEW, NULL);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
kiln_bootlog_view_dispose (GObject *object)
{
  KilnBootlogView *self = KILN_BOOTLOG_VIEW (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  if (self->refit_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->diagnosis_text), self->refit_tick);
  self->refit_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_BOOTLOG_VIEW);
  /* GTK 4.8 leaves the template's unbound children in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiln_bootlog_view_parent_class)->dispose (object);
}

static void
kiln_bootlog_view_finalize (GObject *object)
{
  KilnBootlogView *self = KILN_BOOTLOG_VIEW (object);

  g_clear_pointer (&self->port, g_free);
  g_clear_pointer (&self->diagnosis, kiln_boot_diagnosis_unref);

  G_OBJECT_CLASS (kiln_bootlog_view_parent_class)->finalize (object);
}

static void
kiln_bootlog_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KilnBootlogView *self = KILN_BOOTLOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_bootlog_view_class_init (KilnBootlogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_bootlog_view_dispose;
  object_class->finalize = kiln_bootlog_view_finalize;
  object_class->get_property = kiln_bootlog_view_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kilnflasher/Kiln/ui/kiln-bootlog-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, listen_button);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, listen_no_reset_button);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, app_baud_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, status_label);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, paste_button);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, paste_view);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, diagnosis_revealer);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, diagnosis_box);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, diagnosis_icon);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, inspect_button);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, diagnosis_title);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, diagnosis_text);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, baud_revealer);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, baud_label);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, baud_button);
  gtk_widget_class_bind_template_child (widget_class, KilnBootlogView, text_view);

  gtk_widget_class_install_action (widget_class, "bootlog.listen", NULL, listen_action);
  gtk_widget_class_install_action (widget_class, "bootlog.listen-no-reset", NULL,
                                   listen_no_reset_action);
  gtk_widget_class_install_action (widget_class, "bootlog.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "bootlog.other-baud", NULL, other_baud_action);
  gtk_widget_class_install_action (widget_class, "bootlog.decode-paste", NULL, decode_paste_action);
  gtk_widget_class_install_action (widget_class, "bootlog.open-file", NULL, open_file_action);
  gtk_widget_class_install_action (widget_class, "bootlog.paste-clipboard", NULL,
                                   paste_clipboard_action);
  gtk_widget_class_install_action (widget_class, "bootlog.clear", NULL, clear_action);
}

static void
kiln_bootlog_view_init (KilnBootlogView *self)
{
  GtkTextBuffer *buffer;

  self->chip = KILN_CHIP_AUTO;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_create_tag (buffer, "raw", "family", "monospace", NULL);
  gtk_text_buffer_create_tag (buffer, "raw-warning", "family", "monospace",
                              "foreground", "#c64600", NULL);
  gtk_text_buffer_create_tag (buffer, "raw-error", "family", "monospace",
                              "foreground", "#e01b24", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "explanation", "left-margin", 36,
                              "foreground", "#5e5c64", "style", PANGO_STYLE_ITALIC,
                              "pixels-below-lines", 2, NULL);
  gtk_text_buffer_create_tag (buffer, "wrong-baud", "family", "monospace",
                              "foreground", "#9141ac", NULL);
  gtk_text_buffer_create_tag (buffer, "phase", "foreground", "#77767b",
                              "pixels-above-lines", 4, NULL);
  gtk_text_buffer_create_tag (buffer, "diagnosis", "weight", PANGO_WEIGHT_BOLD,
                              "foreground", "#c01c28", NULL);

  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->diagnosis_text), "fix",
                              "weight", PANGO_WEIGHT_BOLD, NULL);

  self->settings = g_settings_new (APP_ID);
  kiln_firmware_baud_bind (self->app_baud_dropdown, self->settings, SCHEMA_KEY_APP_BAUD);
  update_actions (self);
}
