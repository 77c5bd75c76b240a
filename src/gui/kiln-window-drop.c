/* kiln-window-drop.c: what lands on the window, dropped or opened.
 *
 * Files dropped anywhere on the window become rows; one project or import
 * file opens; one folder is imported as what it is: an ESP-IDF build
 * folder (its flasher_args.json), an ESP8266 AT release (the rows its
 * README prescribes) or a folder with an ESP Web Tools manifest.json.
 * A saved boot log (.log, .txt) is explained in the Boot Log.  Anything
 * else gets one message saying what Kiln looks for.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kiln-window-private.h"

typedef enum
{
  FOLDER_UNKNOWN,
  FOLDER_IDF_BUILD,
  FOLDER_WEB_TOOLS,
  FOLDER_AT_RELEASE,
} FolderKind;

/* An AT release keeps boot_v1.x.bin under bin/, a level or two down. */
static gboolean
has_esp8266_boot (const char *dir,
                  guint       depth)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (depth > 3 || (d = g_dir_open (dir, 0, NULL)) == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      guint major, minor;

      if (sscanf (name, "boot_v%u.%u.bin", &major, &minor) == 2 && major == 1 &&
          g_str_has_suffix (name, ".bin") && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return TRUE;
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
          has_esp8266_boot (path, depth + 1))
        return TRUE;
    }
  return FALSE;
}

/* What @dir is, and the file to import for it (flasher_args.json,
 * manifest.json). */
static FolderKind
classify_folder (const char  *dir,
                 char       **file)
{
  const char *const idf[] = { "flasher_args.json", "build/flasher_args.json" };

  *file = NULL;
  /* The build folder itself, or the project folder that has one. */
  for (guint i = 0; i < G_N_ELEMENTS (idf); i++)
    {
      g_autofree char *path = g_build_filename (dir, idf[i], NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          *file = g_steal_pointer (&path);
          return FOLDER_IDF_BUILD;
        }
    }
  {
    g_autofree char *path = g_build_filename (dir, "manifest.json", NULL);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      {
        *file = g_steal_pointer (&path);
        return FOLDER_WEB_TOOLS;
      }
  }
  if (has_esp8266_boot (dir, 0))
    return FOLDER_AT_RELEASE;
  return FOLDER_UNKNOWN;
}

/**
 * kiln_window_import_folder:
 * @folder: a folder dropped on the window or opened
 *
 * Imports an ESP-IDF build folder (or a project folder with build/ in it),
 * an ESP8266 AT release folder or a folder holding an ESP Web Tools
 * manifest.json, as the matching import does.
 */
gboolean
kiln_window_import_folder (KilnWindow  *self,
                           GFile       *folder,
                           GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *file = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (KILN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROJECT,
                           _("Files can only be imported from this computer’s disks."));
      return FALSE;
    }

  switch (classify_folder (path, &file))
    {
    case FOLDER_IDF_BUILD:
    case FOLDER_WEB_TOOLS:
      {
        g_autoptr(GFile) json = g_file_new_for_path (file);
        return kiln_window_import (self, json, error);
      }
    case FOLDER_AT_RELEASE:
      return kiln_window_import_at_release (self, folder, error);
    case FOLDER_UNKNOWN:
    default:
      break;
    }

  name = g_file_get_basename (folder);
  g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
               _("“%s” is not a folder Kiln can import: it has no flasher_args.json (an ESP-IDF "
                 "build folder), no manifest.json (ESP Web Tools) and no boot_v1.x.bin (an "
                 "ESP8266 AT release). Drop one of those folders, or the firmware files "
                 "themselves."), name);
  return FALSE;
}

static gboolean
is_folder (GFile *file)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
}

/* A text file, by its name: a boot log a terminal saved ("putty.log",
 * "boot.txt"), never a firmware image to write. */
static gboolean
is_saved_log (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *lower = base != NULL ? g_ascii_strdown (base, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".log") || g_str_has_suffix (lower, ".txt"));
}

/**
 * kiln_window_drop_files:
 * @files: (element-type GFile): what was dropped on the window
 *
 * One folder, project or import file opens (after asking about unsaved
 * changes); one saved boot log is explained in the Boot Log; firmware
 * files become rows, each at the address its name gives or right after
 * the previous file.
 *
 * Returns: whether the drop was taken
 */
gboolean
kiln_window_drop_files (KilnWindow *self,
                        GSList     *files)
{
  if (files == NULL || self->job != NULL)
    return FALSE;
  if (files->next == NULL)
    {
      g_autofree char *base = g_file_get_basename (files->data);

      if (is_folder (files->data) || (base != NULL && g_str_has_suffix (base, ".json")))
        {
          kiln_window_open_file (self, files->data);
          return TRUE;
        }
      if (is_saved_log (files->data))
        {
          gtk_stack_set_visible_child_name (self->bottom_stack, "bootlog");
          kiln_bootlog_view_decode_file (self->bootlog_view, files->data);
          return TRUE;
        }
    }
  for (GSList *l = files; l != NULL; l = l->next)
    if (is_saved_log (l->data))
      {
        kiln_window_show_banner (self, KILN_BANNER_ERROR,
                                 _("Drop a boot log on its own, to have it explained; a log is "
                                   "no firmware to write."), FALSE);
        return FALSE;
      }
  for (GSList *l = files; l != NULL; l = l->next)
    if (is_folder (l->data))
      {
        kiln_window_show_banner (self, KILN_BANNER_ERROR,
                                 _("Drop one folder at a time, or only firmware files."), FALSE);
        return FALSE;
      }
  for (GSList *l = files; l != NULL; l = l->next)
    kiln_window_add_file (self, l->data, -1);
  return TRUE;
}

static gboolean
drop_cb (KilnWindow    *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  return kiln_window_drop_files (self, g_value_get_boxed (value));
}

/* Anywhere on the window, not only on the file list: a folder is as
 * likely to be dropped on the settings or the log. */
void
kiln_window_drop_init (KilnWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
