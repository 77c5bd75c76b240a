/* kiln-remote-port-dialog.c: Add Remote Port.
 *
 * Host, TCP port and protocol (raw TCP or RFC 2217) of a serial port on the
 * network.  The URL it makes is shown as it is typed; Add stays off until
 * the host is something to connect to, and the problem is said under it.
 * Add emits ::port-chosen with the URL and closes the dialog; whether the
 * server answers is shown in the port list afterwards.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiln-remote-port.h"
#include "kiln-remote-port-dialog.h"

struct _KilnRemotePortDialog
{
  GtkWindow       parent_instance;

  GtkEntry       *host_entry;
  GtkSpinButton  *tcp_port_spin;
  GtkCheckButton *raw_check;
  GtkCheckButton *rfc2217_check;
  GtkLabel       *url_label;
  GtkLabel       *problem_label;
  GtkButton      *add_button;
};

G_DEFINE_FINAL_TYPE (KilnRemotePortDialog, kiln_remote_port_dialog, GTK_TYPE_WINDOW)

enum {
  PORT_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * kiln_remote_port_dialog_get_url:
 *
 * Returns: (transfer full) (nullable): the port as entered, or %NULL while
 *   the host is not something to connect to
 */
/* The host as typed, without spaces around it or the brackets an IPv6
 * address is often written in. */
static char *
dup_host (KilnRemotePortDialog *self)
{
  char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_entry))));
  gsize len = strlen (host);

  if (len > 2 && host[0] == '[' && host[len - 1] == ']')
    {
      memmove (host, host + 1, len - 2);
      host[len - 2] = '\0';
    }
  return host;
}

char *
kiln_remote_port_dialog_get_url (KilnRemotePortDialog *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (KILN_IS_REMOTE_PORT_DIALOG (self), NULL);

  host = dup_host (self);
  if (!kiln_remote_port_check_host (host, NULL))
    return NULL;
  return kiln_remote_port_url (host, (guint) gtk_spin_button_get_value_as_int (self->tcp_port_spin),
                               gtk_check_button_get_active (self->rfc2217_check)
                                 ? KILN_REMOTE_RFC2217 : KILN_REMOTE_RAW);
}

static void
input_changed_cb (KilnRemotePortDialog *self)
{
  g_autofree char *host = dup_host (self);
  g_autofree char *url = kiln_remote_port_dialog_get_url (self);
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), url != NULL);
  /* Nothing typed yet is not a mistake. */
  if (*host != '\0' && !kiln_remote_port_check_host (host, &error))
    {
      gtk_label_set_label (self->problem_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->host_entry), "error");
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->host_entry), "error");
    }
  if (url != NULL)
    {
      /* Translators: the port the dialog adds, “Kiln connects to socket://…” */
      g_autofree char *text = g_strdup_printf (_("Kiln connects to %s"), url);
      gtk_label_set_label (self->url_label, text);
    }
  else
    gtk_label_set_label (self->url_label, "");
}

static void
add_clicked_cb (KilnRemotePortDialog *self)
{
  g_autofree char *url = kiln_remote_port_dialog_get_url (self);

  if (url == NULL)
    return;
  g_signal_emit (self, signals[PORT_CHOSEN], 0, url);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
kiln_remote_port_dialog_class_init (KilnRemotePortDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * KilnRemotePortDialog::port-chosen:
   * @url: "socket://HOST:PORT" or "rfc2217://HOST:PORT"
   */
  signals[PORT_CHOSEN] =
    g_signal_new ("port-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kilnflasher/Kiln/ui/kiln-remote-port-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnRemotePortDialog, host_entry);
  gtk_widget_class_bind_template_child (widget_class, KilnRemotePortDialog, tcp_port_spin);
  gtk_widget_class_bind_template_child (widget_class, KilnRemotePortDialog, raw_check);
  gtk_widget_class_bind_template_child (widget_class, KilnRemotePortDialog, rfc2217_check);
  gtk_widget_class_bind_template_child (widget_class, KilnRemotePortDialog, url_label);
  gtk_widget_class_bind_template_child (widget_class, KilnRemotePortDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, KilnRemotePortDialog, add_button);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kiln_remote_port_dialog_init (KilnRemotePortDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  input_changed_cb (self);
}

KilnRemotePortDialog *
kiln_remote_port_dialog_new (GtkWindow *parent)
{
  return g_object_new (KILN_TYPE_REMOTE_PORT_DIALOG, "transient-for", parent, NULL);
}
