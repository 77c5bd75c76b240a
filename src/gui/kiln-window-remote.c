/* kiln-window-remote.c: remote ports in the main window.
 *
 * The remembered remote ports (the remote-ports setting) are listed with
 * the local ones; Add Remote Port… (in the port's menu) adds one and
 * selects it, Forget This Remote Port drops the selected one.  A remote
 * port is checked when it is added, when it is selected and when the
 * ports are looked for again (F5).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-remote-port.h"
#include "kiln-remote-port-dialog.h"
#include "kiln-window-private.h"

static GStrv
dup_remote_ports (KilnWindow *self)
{
  GStrv urls = NULL;

  /* Actions are updated while the window is built, before it has them. */
  if (self->settings != NULL)
    g_object_get (self->settings, "remote-ports", &urls, NULL);
  return urls;
}

static void
remote_ports_changed_cb (KilnWindow *self)
{
  g_auto(GStrv) urls = dup_remote_ports (self);

  kiln_port_model_set_remote_ports (self->ports, (const char * const *) urls);
  kiln_window_remote_update_actions (self);
}

/**
 * kiln_window_add_remote_port:
 * @url: "socket://HOST:PORT" or "rfc2217://HOST:PORT"
 *
 * Remembers @url (once), lists it and selects it.
 */
void
kiln_window_add_remote_port (KilnWindow *self,
                             const char *url)
{
  g_auto(GStrv) urls = NULL;

  g_return_if_fail (KILN_IS_WINDOW (self));
  g_return_if_fail (kiln_remote_port_is_remote (url));

  urls = dup_remote_ports (self);
  if (urls == NULL || !g_strv_contains ((const char * const *) urls, url))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) next = NULL;

      if (urls != NULL)
        g_strv_builder_addv (builder, (const char **) urls);
      g_strv_builder_add (builder, url);
      next = g_strv_builder_end (builder);
      g_object_set (self->settings, "remote-ports", next, NULL);
    }
  kiln_window_set_port (self, url);
}

static void
port_chosen_cb (KilnWindow *self,
                const char *url)
{
  kiln_window_add_remote_port (self, url);
}

static void
add_remote_port_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  KilnRemotePortDialog *dialog = kiln_remote_port_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "port-chosen", G_CALLBACK (port_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
forget_remote_port_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  const char *port = kiln_window_get_port (self);
  g_auto(GStrv) urls = dup_remote_ports (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) next = NULL;

  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    if (g_strcmp0 (urls[i], port) != 0)
      g_strv_builder_add (builder, urls[i]);
  next = g_strv_builder_end (builder);
  g_object_set (self->settings, "remote-ports", next, NULL);
}

/* Forget This Remote Port: only for a remembered one, between jobs. */
void
kiln_window_remote_update_actions (KilnWindow *self)
{
  const char *port = kiln_window_get_port (self);
  g_auto(GStrv) urls = dup_remote_ports (self);
  gboolean remembered = port != NULL && urls != NULL &&
                        g_strv_contains ((const char * const *) urls, port);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-remote-port", self->job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forget-remote-port",
                                 self->job == NULL && remembered);
}

/* A remote port just selected: is its server there? */
void
kiln_window_remote_port_changed (KilnWindow *self)
{
  const char *port = kiln_window_get_port (self);

  if (kiln_remote_port_is_remote (port))
    kiln_port_model_check_remote (self->ports, port);
  kiln_window_remote_update_actions (self);
}

void
kiln_window_remote_init (KilnWindow *self)
{
  g_signal_connect_object (self->settings, "notify::remote-ports",
                           G_CALLBACK (remote_ports_changed_cb), self, G_CONNECT_SWAPPED);
  remote_ports_changed_cb (self);
}

void
kiln_window_class_init_remote (GtkWidgetClass *widget_class)
{
  g_type_ensure (KILN_TYPE_REMOTE_PORT_DIALOG);

  gtk_widget_class_install_action (widget_class, "win.add-remote-port", NULL, add_remote_port_action);
  gtk_widget_class_install_action (widget_class, "win.forget-remote-port", NULL,
                                   forget_remote_port_action);
}
