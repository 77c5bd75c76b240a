/* kiln-application.c: the app: one settings object, windows, app actions.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-application.h"
#include "kiln-preferences-window.h"
#include "kiln-resources.h"
#include "kiln-window.h"

struct _KilnApplication
{
  GtkApplication  parent_instance;

  KilnSettings   *settings;
};

G_DEFINE_FINAL_TYPE (KilnApplication, kiln_application, GTK_TYPE_APPLICATION)

/**
 * kiln_gui_init_resources:
 *
 * Registers the UI resources and the app's style sheet.  The widgets live
 * in a static library, where the generated constructor that would register
 * the resources may be dropped by the linker: register them by hand, once.
 * Tests call this too.
 */
void
kiln_gui_init_resources (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      g_resources_register (kiln_get_resource ());
      gtk_css_provider_load_from_resource (css, "/io/github/kilnflasher/Kiln/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                        "/io/github/kilnflasher/Kiln/icons");
      g_once_init_leave (&done, 1);
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KilnApplication *self = KILN_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  KilnPreferencesWindow *prefs = kiln_preferences_window_new (parent, self->settings);

  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KilnApplication *self = KILN_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *authors[] = { _("The Kiln authors"), NULL };

  gtk_show_about_dialog (parent,
                         "program-name", _("Kiln"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Write firmware to ESP8266 and ESP32 boards"),
                         "website", "https://github.com/kilnflasher/kiln",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         /* Translators: your name(s), one per line */
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 The Kiln authors",
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close the windows properly (they stop their jobs and save their
   * state) rather than quitting under them. */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_close (GTK_WINDOW (l->data));
}

/* A notification clicked: the window whose job it was. */
static void
show_window_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_window_by_id (GTK_APPLICATION (user_data),
                                                        g_variant_get_uint32 (parameter));

  if (window != NULL)
    gtk_window_present (window);
  else
    g_application_activate (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "show-window", show_window_action, "u" },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
kiln_application_startup (GApplication *application)
{
  KilnApplication *self = KILN_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (kiln_application_parent_class)->startup (application);

  kiln_gui_init_resources ();
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = kiln_settings_new (NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static void
kiln_application_activate (GApplication *application)
{
  KilnApplication *self = KILN_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      KilnWindow *kw = kiln_window_new (self, self->settings);
      kiln_window_restore_session (kw);
      window = GTK_WINDOW (kw);
    }
  gtk_window_present (window);
}

/* A window to open a file in: the one the user last used, unless it is
 * busy writing a board (then a new window opens beside it). */
static KilnWindow *
reusable_window (KilnApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (KILN_IS_WINDOW (active) && !kiln_window_get_busy (KILN_WINDOW (active)))
    return KILN_WINDOW (active);
  return NULL;
}

/* Files from the command line, the file manager or a second `kiln FILE`
 * (GApplication forwards those to this, the running instance): the first
 * opens in the current window, asking first if it has unsaved changes;
 * any more open in windows of their own. */
static void
kiln_application_open (GApplication  *application,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  KilnApplication *self = KILN_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      KilnWindow *window = i == 0 ? reusable_window (self) : NULL;

      if (window == NULL)
        {
          window = kiln_window_new (self, self->settings);
          kiln_window_restore_port (window);
        }
      gtk_window_present (GTK_WINDOW (window));
      kiln_window_open_file (window, files[i]);
    }
}

static void
kiln_application_dispose (GObject *object)
{
  KilnApplication *self = KILN_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiln_application_parent_class)->dispose (object);
}

static void
kiln_application_class_init (KilnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kiln_application_dispose;
  app_class->startup = kiln_application_startup;
  app_class->activate = kiln_application_activate;
  app_class->open = kiln_application_open;
}

static void
kiln_application_init (KilnApplication *self)
{
}

KilnApplication *
kiln_application_new (void)
{
  return g_object_new (KILN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/kilnflasher/Kiln",
                       NULL);
}

KilnSettings *
kiln_application_get_settings (KilnApplication *self)
{
  g_return_val_if_fail (KILN_IS_APPLICATION (self), NULL);
  return self->settings;
}
