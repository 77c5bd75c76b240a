/* kiln-console-view.c: the Console tab.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small terminal for AT firmware.  The first command opens the port at
 * the chosen baud in a worker thread, which then owns the transport alone
 * (the transport is one-thread-at-a-time): it takes commands from a queue,
 * writes them with CR+LF, shows every byte that arrives, and collects each
 * command's reply with KilnAtCollector until OK/ERROR or a timeout.  An
 * AT+GMR reply is parsed and handed on with the "at-version" signal (the
 * window shows it under Detected Board).  No reset on connect: the board
 * keeps running what it runs, as in any terminal.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiln-console-view.h"
#include "kiln-gui-util.h"

#define REPLY_TIMEOUT_US (5 * G_USEC_PER_SEC)
#define HISTORY_MAX      100

struct _KilnConsoleView
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkDropDown  *baud_dropdown;
  GtkButton    *disconnect_button;
  GtkTextView  *text_view;
  GtkEntry     *entry;

  /* Owned references */
  char         *port;
  GSettings    *settings;
  GPtrArray    *history;       /* (element-type utf8) oldest first */
  struct Session *session;     /* the open port, or NULL */

  /* State */
  guint         history_pos;   /* == history->len: the line being typed */
  guint         scroll_id;
  guint         locked : 1;
};

G_DEFINE_FINAL_TYPE (KilnConsoleView, kiln_console_view, GTK_TYPE_WIDGET)

enum {
  AT_VERSION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------------- */
/* The session: shared by the view and its worker thread                  */

typedef struct Session
{
  char         *port;
  guint         baud;
  GAsyncQueue  *commands;     /* (element-type utf8) */
  GCancellable *cancellable;
  GMainContext *context;
  GWeakRef      view;
} Session;

static void
session_clear (gpointer data)
{
  Session *s = data;

  g_free (s->port);
  g_async_queue_unref (s->commands);
  g_object_unref (s->cancellable);
  g_main_context_unref (s->context);
  g_weak_ref_clear (&s->view);
}

static void
session_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, session_clear);
}

typedef enum { MSG_BYTES, MSG_REPLY, MSG_OPENED, MSG_CLOSED } MsgKind;

typedef struct
{
  MsgKind       kind;
  Session      *session;
  char         *text;       /* bytes as text, the reply, or the error */
  char         *command;
  KilnAtStatus  status;
} Msg;

static void
msg_free (gpointer data)
{
  Msg *msg = data;

  session_unref (msg->session);
  g_free (msg->text);
  g_free (msg->command);
  g_free (msg);
}

static gboolean msg_apply (gpointer data);

/* Worker thread → main context. */
static void
post (Session    *s,
      MsgKind     kind,
      char       *text,
      const char *command,
      KilnAtStatus status)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = kind;
  msg->session = g_atomic_rc_box_acquire (s);
  msg->text = text;
  msg->command = g_strdup (command);
  msg->status = status;
  g_main_context_invoke_full (s->context, G_PRIORITY_DEFAULT, msg_apply, msg, msg_free);
}

static char *
printable (const guint8 *data,
           gsize         len)
{
  g_autoptr(GString) out = g_string_sized_new (len);

  /* CR+LF becomes LF; other control bytes and invalid UTF-8 would only
   * confuse the text view. */
  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n' || data[i] == '\t' || (data[i] >= 0x20 && data[i] < 0x7F) || data[i] >= 0x80)
      g_string_append_c (out, (char) data[i]);
  return g_utf8_make_valid (out->str, out->len);
}

static gpointer
session_thread (gpointer data)
{
  Session *s = data;
  g_autoptr(KilnTransport) transport = NULL;
  g_autoptr(KilnAtCollector) collector = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = NULL;
  gint64 deadline = 0;

  transport = kiln_transport_open (s->port, s->baud, &error);
  if (transport == NULL)
    {
      post (s, MSG_CLOSED, g_strdup (error->message), NULL, KILN_AT_PENDING);
      session_unref (s);
      return NULL;
    }
  post (s, MSG_OPENED, NULL, NULL, KILN_AT_PENDING);

  while (!g_cancellable_is_cancelled (s->cancellable))
    {
      guint8 buf[512];
      gsize n = 0;

      if (collector == NULL)
        {
          g_autofree char *command = g_async_queue_try_pop (s->commands);

          if (command != NULL)
            {
              g_autofree char *line = g_strconcat (command, "\r\n", NULL);

              if (!kiln_transport_write (transport, (const guint8 *) line, strlen (line), &error))
                break;
              collector = kiln_at_collector_new (command);
              g_free (pending);
              pending = g_steal_pointer (&command);
              deadline = g_get_monotonic_time () + REPLY_TIMEOUT_US;
            }
        }

      /* 50 ms slices: a new command or Disconnect is noticed at once. */
      if (!kiln_transport_read (transport, buf, sizeof buf, &n, 50, &error))
        break;
      if (n > 0)
        post (s, MSG_BYTES, printable (buf, n), NULL, KILN_AT_PENDING);

      if (collector != NULL)
        {
          KilnAtStatus status = n > 0 ? kiln_at_collector_feed (collector, buf, n, NULL)
                                      : kiln_at_collector_get_status (collector);

          if (status != KILN_AT_PENDING || g_get_monotonic_time () > deadline)
            {
              post (s, MSG_REPLY, g_strdup (kiln_at_collector_get_reply (collector)), pending,
                    status);
              g_clear_pointer (&collector, kiln_at_collector_free);
            }
        }
    }

  post (s, MSG_CLOSED, error != NULL ? g_strdup (error->message) : NULL, NULL, KILN_AT_PENDING);
  session_unref (s);
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* Showing it                                                              */

static gboolean
scroll_cb (gpointer user_data)
{
  KilnConsoleView *self = user_data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));

  self->scroll_id = 0;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  return G_SOURCE_REMOVE;
}

static void
append (KilnConsoleView *self,
        const char      *text,
        const char      *tag)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, text, -1, tag, NULL);
  /* After layout, as the window's log does (GTK 4.8 and marks mid-layout). */
  if (self->scroll_id == 0)
    self->scroll_id = g_idle_add_full (G_PRIORITY_LOW, scroll_cb, self, NULL);
}

/* Where the connection stands, as a dim line between the replies (the tab
 * has no room for a status bar: see the comment in the .ui). */
static void
set_status (KilnConsoleView *self,
            const char      *text)
{
  append (self, text, "note");
  append (self, "\n", "note");
}

static void
update_actions (KilnConsoleView *self)
{
  gboolean can_send = self->port != NULL && !self->locked;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.send", can_send);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.disconnect", self->session != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), can_send);
  gtk_widget_set_sensitive (GTK_WIDGET (self->baud_dropdown), self->session == NULL);
}

static gboolean
msg_apply (gpointer data)
{
  Msg *msg = data;
  g_autoptr(KilnConsoleView) self = g_weak_ref_get (&msg->session->view);

  /* From a session that was closed since. */
  if (self == NULL || self->session != msg->session)
    return G_SOURCE_REMOVE;

  switch (msg->kind)
    {
    case MSG_OPENED:
      {
        g_autofree char *text = g_strdup_printf (_("Connected to %s at %u baud."),
                                                 msg->session->port, msg->session->baud);
        set_status (self, text);
      }
      break;
    case MSG_BYTES:
      append (self, msg->text, "reply");
      break;
    case MSG_REPLY:
      if (msg->status == KILN_AT_PENDING)
        {
          g_autofree char *text = g_strdup_printf (_("No complete answer to %s within 5 seconds.\n"),
                                                   msg->command);
          append (self, text, "note");
        }
      else if (g_ascii_strcasecmp (msg->command, "AT+GMR") == 0 && msg->status == KILN_AT_OK)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(KilnAtVersion) version = kiln_at_parse_gmr (msg->text, &error);

          if (version != NULL)
            g_signal_emit (self, signals[AT_VERSION], 0, version);
          else
            {
              append (self, error->message, "note");
              append (self, "\n", "note");
            }
        }
      break;
    case MSG_CLOSED:
      g_clear_pointer (&self->session, session_unref);
      if (msg->text != NULL)
        {
          append (self, msg->text, "error");
          append (self, "\n", "error");
        }
      update_actions (self);
      break;
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------------- */
/* Public                                                                  */

/**
 * kiln_console_view_send:
 * @command: an AT command without the line end
 *
 * Opens the port first if needed (in the worker), then sends @command
 * with CR+LF.  Returns at once.
 */
void
kiln_console_view_send (KilnConsoleView *self,
                        const char      *command)
{
  g_autofree char *echo = NULL;

  g_return_if_fail (KILN_IS_CONSOLE_VIEW (self));
  g_return_if_fail (command != NULL);

  if (self->port == NULL || self->locked || *command == '\0')
    return;

  if (self->session == NULL)
    {
      Session *s = g_atomic_rc_box_new0 (Session);
      const char *baud = kiln_choice_get_id (self->baud_dropdown);

      s->port = g_strdup (self->port);
      s->baud = baud != NULL ? (guint) g_ascii_strtoull (baud, NULL, 10) : 115200;
      s->commands = g_async_queue_new_full (g_free);
      s->cancellable = g_cancellable_new ();
      s->context = g_main_context_ref_thread_default ();
      g_weak_ref_init (&s->view, self);
      self->session = s;
      /* The thread holds its own reference until it has let go of the port. */
      g_thread_unref (g_thread_new ("kiln-console", session_thread, g_atomic_rc_box_acquire (s)));
      update_actions (self);
    }

  echo = g_strdup_printf ("› %s\n", command);
  append (self, echo, "command");
  g_async_queue_push (self->session->commands, g_strdup (command));
}

/**
 * kiln_console_view_disconnect:
 *
 * Lets go of the port; the worker notices within 50 ms.
 */
void
kiln_console_view_disconnect (KilnConsoleView *self)
{
  g_return_if_fail (KILN_IS_CONSOLE_VIEW (self));

  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->session->cancellable);
  g_clear_pointer (&self->session, session_unref);
  set_status (self, _("Disconnected."));
  update_actions (self);
}

gboolean
kiln_console_view_get_connected (KilnConsoleView *self)
{
  g_return_val_if_fail (KILN_IS_CONSOLE_VIEW (self), FALSE);
  return self->session != NULL;
}

void
kiln_console_view_set_port (KilnConsoleView *self,
                            const char      *port)
{
  g_return_if_fail (KILN_IS_CONSOLE_VIEW (self));

  if (g_strcmp0 (self->port, port) == 0)
    return;
  kiln_console_view_disconnect (self);
  g_free (self->port);
  self->port = g_strdup (port);
  update_actions (self);
}

/**
 * kiln_console_view_set_locked:
 * @locked: a job needs the port: the console lets go of it and waits
 */
void
kiln_console_view_set_locked (KilnConsoleView *self,
                              gboolean         locked)
{
  g_return_if_fail (KILN_IS_CONSOLE_VIEW (self));

  self->locked = !!locked;
  if (locked)
    kiln_console_view_disconnect (self);
  update_actions (self);
}

/* Returns: (transfer full): what the console shows */
char *
kiln_console_view_dup_text (KilnConsoleView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (KILN_IS_CONSOLE_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Entry, history and actions                                              */

static void
entry_activate_cb (KilnConsoleView *self)
{
  g_autofree char *command = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  if (*command == '\0')
    return;
  if (self->history->len == 0 ||
      !g_str_equal (g_ptr_array_index (self->history, self->history->len - 1), command))
    g_ptr_array_add (self->history, g_strdup (command));
  if (self->history->len > HISTORY_MAX)
    g_ptr_array_remove_index (self->history, 0);
  self->history_pos = self->history->len;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  kiln_console_view_send (self, command);
}

static gboolean
entry_key_cb (KilnConsoleView       *self,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              GtkEventControllerKey *controller)
{
  const char *text;

  if (keyval == GDK_KEY_Up && self->history_pos > 0)
    self->history_pos--;
  else if (keyval == GDK_KEY_Down && self->history_pos < self->history->len)
    self->history_pos++;
  else
    return keyval == GDK_KEY_Up || keyval == GDK_KEY_Down;

  text = self->history_pos < self->history->len ? g_ptr_array_index (self->history, self->history_pos) : "";
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  return TRUE;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kiln_console_view_send (KILN_CONSOLE_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kiln_console_view_disconnect (KILN_CONSOLE_VIEW (widget));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KilnConsoleView *self = KILN_CONSOLE_VIEW (widget);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
kiln_console_view_dispose (GObject *object)
{
  KilnConsoleView *self = KILN_CONSOLE_VIEW (object);
  GtkWidget *child;

  kiln_console_view_disconnect (self);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_CONSOLE_VIEW);
  /* GTK 4.8 leaves the template's unbound children in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiln_console_view_parent_class)->dispose (object);
}

static void
kiln_console_view_finalize (GObject *object)
{
  KilnConsoleView *self = KILN_CONSOLE_VIEW (object);

  g_clear_pointer (&self->port, g_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (kiln_console_view_parent_class)->finalize (object);
}

static void
kiln_console_view_class_init (KilnConsoleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_console_view_dispose;
  object_class->finalize = kiln_console_view_finalize;

  /**
   * KilnConsoleView::at-version:
   * @version: (type gpointer): the parsed AT+GMR reply, a #KilnAtVersion,
   *   valid during the emission
   */
  signals[AT_VERSION] =
    g_signal_new ("at-version", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kilnflasher/Kiln/ui/kiln-console-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnConsoleView, baud_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnConsoleView, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, KilnConsoleView, text_view);
  gtk_widget_class_bind_template_child (widget_class, KilnConsoleView, entry);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "console.send", "s", send_action);
  gtk_widget_class_install_action (widget_class, "console.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "console.clear", NULL, clear_action);
}

static void
kiln_console_view_init (KilnConsoleView *self)
{
  GtkEventController *keys;
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->history = g_ptr_array_new_with_free_func (g_free);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_create_tag (buffer, "command", "weight", PANGO_WEIGHT_BOLD,
                              "pixels-above-lines", 4, NULL);
  gtk_text_buffer_create_tag (buffer, "reply", NULL);
  gtk_text_buffer_create_tag (buffer, "note", "foreground", "#77767b",
                              "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "error", "foreground", "#e01b24", NULL);

  self->settings = g_settings_new (APP_ID);
  kiln_firmware_baud_bind (self->baud_dropdown, self->settings, "console-baud");

  /* Up and Down walk the history, as in a shell. */
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (entry_key_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  update_actions (self);
}
