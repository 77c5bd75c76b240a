/* kiln-recent-projects.c: the projects opened or saved lately, as a menu.
 *
 * Kept in the desktop's recently-used list (GtkRecentManager), typed
 * application/x-kiln-project, so they also show up in file choosers and
 * the desktop's search; the menu lists the newest ones that still exist.
 * Each item activates win.open-recent with the project's path.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiln-recent-projects.h"

#define MAX_ITEMS 8

struct _KilnRecentProjects
{
  GObject           parent_instance;

  GtkRecentManager *manager;
  GMenu            *menu;
  guint             n_items;
};

G_DEFINE_FINAL_TYPE (KilnRecentProjects, kiln_recent_projects, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *tb = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (tb, ta);
}

/* "board" for board.kiln.json; menu labels take _ as a mnemonic mark. */
static char *
item_label (const char *path,
            gboolean    with_folder)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *label = NULL;
  g_auto(GStrv) parts = NULL;

  if (g_str_has_suffix (base, ".kiln.json"))
    base[strlen (base) - strlen (".kiln.json")] = '\0';
  if (with_folder)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      const char *home = g_get_home_dir ();
      g_autofree char *shown = NULL;

      if (home != NULL && g_str_has_prefix (dir, home) &&
          (dir[strlen (home)] == '/' || dir[strlen (home)] == '\0'))
        shown = g_strconcat ("~", dir + strlen (home), NULL);
      else
        shown = g_strdup (dir);
      /* Translators: a recent project and its folder, “board (~/esp/blink)” */
      label = g_strdup_printf (_("%s (%s)"), base, shown);
    }
  else
    label = g_strdup (base);
  parts = g_strsplit (label, "_", -1);
  return g_strjoinv ("__", parts);
}

static void
rebuild (KilnRecentProjects *self)
{
  g_autolist (GtkRecentInfo) all = NULL;
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  all = gtk_recent_manager_get_items (self->manager);
  for (GList *l = all; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (g_strcmp0 (gtk_recent_info_get_mime_type (info), KILN_PROJECT_MIME_TYPE) == 0 &&
          gtk_recent_info_is_local (info) && gtk_recent_info_exists (info))
        g_ptr_array_add (mine, info);
    }
  g_ptr_array_sort (mine, newest_first);
  if (mine->len > MAX_ITEMS)
    g_ptr_array_set_size (mine, MAX_ITEMS);

  /* Two projects of the same name (board.kiln.json in two folders) are
   * told apart by their folders. */
  for (guint i = 0; i < mine->len; i++)
    {
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (g_ptr_array_index (mine, i)),
                                                   NULL, NULL);
      g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;

      guint seen;

      if (base == NULL)
        continue;
      seen = GPOINTER_TO_UINT (g_hash_table_lookup (names, base));
      g_hash_table_insert (names, g_steal_pointer (&base), GUINT_TO_POINTER (seen + 1));
    }

  g_menu_remove_all (self->menu);
  self->n_items = 0;
  for (guint i = 0; i < mine->len; i++)
    {
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (g_ptr_array_index (mine, i)),
                                                   NULL, NULL);
      g_autofree char *base = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (path == NULL)
        continue;
      base = g_path_get_basename (path);
      label = item_label (path, GPOINTER_TO_UINT (g_hash_table_lookup (names, base)) > 1);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (path));
      g_menu_append_item (self->menu, item);
      self->n_items++;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kiln_recent_projects_dispose (GObject *object)
{
  KilnRecentProjects *self = KILN_RECENT_PROJECTS (object);

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (kiln_recent_projects_parent_class)->dispose (object);
}

static void
kiln_recent_projects_class_init (KilnRecentProjectsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiln_recent_projects_dispose;

  /**
   * KilnRecentProjects::changed:
   *
   * The menu was rebuilt (it may have become empty or non-empty).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiln_recent_projects_init (KilnRecentProjects *self)
{
  self->menu = g_menu_new ();
}

/**
 * kiln_recent_projects_new:
 * @manager: the recently-used list to keep the projects in
 */
KilnRecentProjects *
kiln_recent_projects_new (GtkRecentManager *manager)
{
  KilnRecentProjects *self;

  g_return_val_if_fail (GTK_IS_RECENT_MANAGER (manager), NULL);

  self = g_object_new (KILN_TYPE_RECENT_PROJECTS, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_swapped (manager, "changed", G_CALLBACK (rebuild), self);
  rebuild (self);
  return self;
}

/* One list for every window, over the desktop's recently-used file. */
KilnRecentProjects *
kiln_recent_projects_get_default (void)
{
  static KilnRecentProjects *instance;

  if (instance == NULL)
    instance = kiln_recent_projects_new (gtk_recent_manager_get_default ());
  return instance;
}

/**
 * kiln_recent_projects_add:
 * @file: a project just opened or saved
 *
 * The menu follows once the recently-used list has been written
 * (#KilnRecentProjects::changed).
 */
void
kiln_recent_projects_add (KilnRecentProjects *self,
                          GFile              *file)
{
  g_autofree char *uri = NULL;
  const char *groups[] = { "Kiln", NULL };
  GtkRecentData data = {
    .display_name = NULL,
    .mime_type = (char *) KILN_PROJECT_MIME_TYPE,
    .app_name = (char *) g_get_application_name (),
    .app_exec = (char *) "kiln %f",
    .groups = (char **) groups,
  };

  g_return_if_fail (KILN_IS_RECENT_PROJECTS (self));
  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  gtk_recent_manager_add_full (self->manager, uri, &data);
}

/* (transfer none): win.open-recent items, newest first */
GMenuModel *
kiln_recent_projects_get_menu (KilnRecentProjects *self)
{
  g_return_val_if_fail (KILN_IS_RECENT_PROJECTS (self), NULL);
  return G_MENU_MODEL (self->menu);
}

guint
kiln_recent_projects_get_n_items (KilnRecentProjects *self)
{
  g_return_val_if_fail (KILN_IS_RECENT_PROJECTS (self), 0);
  return self->n_items;
}
