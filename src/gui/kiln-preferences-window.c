/* kiln-preferences-window.c: how Kiln connects and writes, and what it
 * remembers.  The flash settings themselves live in the main window, with
 * the files they apply to.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-gui-util.h"
#include "kiln-preferences-window.h"

struct _KilnPreferencesWindow
{
  GtkWindow     parent_instance;

  /* Template widgets */
  GtkDropDown  *reset_dropdown;
  GtkDropDown  *after_dropdown;
  GtkSwitch    *stub_switch;
  GtkSwitch    *verify_switch;
  GtkSwitch    *check_boot_switch;
  GtkSwitch    *skip_switch;
  GtkSwitch    *reopen_switch;

  /* Owned references */
  KilnSettings *settings;
};

G_DEFINE_FINAL_TYPE (KilnPreferencesWindow, kiln_preferences_window, GTK_TYPE_WINDOW)

static void
kiln_preferences_window_dispose (GObject *object)
{
  KilnPreferencesWindow *self = KILN_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiln_preferences_window_parent_class)->dispose (object);
}

static void
kiln_preferences_window_class_init (KilnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kilnflasher/Kiln/ui/kiln-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, reset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, after_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, stub_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, verify_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, check_boot_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, skip_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, reopen_switch);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kiln_preferences_window_init (KilnPreferencesWindow *self)
{
  const char *reset_ids[] = { "default-reset", "usb-reset", "no-reset", NULL };
  const char *reset_labels[] = {
    _("DTR/RTS auto-reset (most boards)"),
    _("Built-in USB (USB-Serial/JTAG)"),
    _("Already in download mode"),
    NULL
  };
  const char *after_ids[] = { "hard-reset", "no-reset", NULL };
  const char *after_labels[] = {
    _("Reset and start the firmware"),
    _("Stay in download mode"),
    NULL
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  kiln_choice_setup (self->reset_dropdown, reset_ids, reset_labels);
  kiln_choice_setup (self->after_dropdown, after_ids, after_labels);
  kiln_gui_name_controls (GTK_WIDGET (self));
}

KilnPreferencesWindow *
kiln_preferences_window_new (GtkWindow    *parent,
                             KilnSettings *settings)
{
  KilnPreferencesWindow *self;

  g_return_val_if_fail (KILN_IS_SETTINGS (settings), NULL);

  self = g_object_new (KILN_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);

  kiln_choice_bind (self->reset_dropdown, settings, "reset-mode");
  kiln_choice_bind (self->after_dropdown, settings, "after-mode");
  g_object_bind_property (settings, "use-stub", self->stub_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (settings, "verify", self->verify_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (settings, "skip-unchanged", self->skip_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (settings, "check-boot", self->check_boot_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (settings, "reopen-last-project", self->reopen_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  return self;
}
