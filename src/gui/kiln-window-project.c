/* kiln-window-project.c: projects in and out of the window.
 *
 * A project (kiln-project.h) is the file rows plus the settings that go
 * with them.  Loading one applies its settings to the window (and so to
 * the remembered preferences); saving one reads them back.  Imports of
 * ESP-IDF's flasher_args.json and ESP Web Tools' manifest.json become an
 * unsaved project.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-gui-util.h"
#include "kiln-recent-projects.h"
#include "kiln-window-private.h"

/* The size dropdown's id for a project's flash size, which may be spelled
 * the download tool's way ("16Mbit-C1") or esptool's ("2MB-c1"). */
static const char *
size_id_for (KilnWindow *self,
             const char *name,
             const char *chip_name)
{
  const KilnChipInfo *chip = chip_name != NULL ? kiln_chip_by_name (chip_name) : NULL;
  const KilnFlashSize *size = NULL;

  if (name == NULL)
    return NULL;
  if (g_str_equal (name, "keep") || g_str_equal (name, "detect"))
    return name;
  if (chip != NULL)
    size = kiln_chip_flash_size_lookup (chip, name);
  if (size == NULL)
    size = kiln_chip_flash_size_lookup (kiln_chip_get (KILN_CHIP_ESP8266), name);
  if (size == NULL)
    size = kiln_chip_flash_size_lookup (kiln_chip_get (KILN_CHIP_ESP32), name);
  return size != NULL ? size->name : NULL;
}

static void
set_choice_setting (KilnWindow  *self,
                    GtkDropDown *dropdown,
                    const char  *key,
                    const char  *value,
                    GString     *unknown)
{
  if (value == NULL)
    return;
  if (kiln_choice_has_id (dropdown, value))
    kiln_settings_set_string (self->settings, key, value);
  else
    g_string_append_printf (unknown, "%s%s “%s”", unknown->len ? ", " : "", key, value);
}

/* Into the desktop's recently-used list (Open Recent).  That list is the
 * app's business: a window made without the app (the tests make such
 * windows) leaves it alone. */
static void
remember_recent (KilnWindow *self,
                 GFile      *file)
{
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    kiln_recent_projects_add (kiln_recent_projects_get_default (), file);
}

/* What a project or an import set, in one line of the log: the flash
 * settings show in the window, the connection ones are in Preferences. */
static void
log_settings (KilnWindow *self)
{
  g_autofree char *reset = kiln_settings_dup_string (self->settings, "reset-mode");
  g_autofree char *after = kiln_settings_dup_string (self->settings, "after-mode");
  g_autofree char *message = NULL;
  const char *chip = kiln_choice_get_label (self->chip_dropdown);
  const char *mode = kiln_choice_get_label (self->mode_dropdown);
  const char *freq = kiln_choice_get_label (self->freq_dropdown);
  const char *size = kiln_choice_get_label (self->size_dropdown);

  /* Translators: the settings a project or import set, e.g. “Chip ESP32,
   * SPI mode DIO, SPI speed 40 MHz, flash size 4 MB; reset default-reset,
   * after hard-reset; flasher stub on.” */
  message = g_strdup_printf (_("Chip %s, SPI mode %s, SPI speed %s, flash size %s; reset %s, after "
                               "%s; flasher stub %s."),
                             chip, mode, freq, size, reset, after,
                             kiln_settings_get_boolean (self->settings, "use-stub") ? C_("flasher stub", "on") : C_("flasher stub", "off"));
  kiln_window_log (self, KILN_LOG_INFO, message);
}

static void
apply_project (KilnWindow  *self,
               KilnProject *project)
{
  g_autoptr(GString) unknown = g_string_new (NULL);
  const char *chip = project->chip != NULL ? project->chip : "auto";
  const KilnChipInfo *info = kiln_chip_by_name (chip);

  /* A project says what it wants: no per-chip defaults on top. */
  self->loading = TRUE;

  kiln_window_clear_rows (self);
  kiln_settings_set_string (self->settings, "chip", info != NULL ? info->name : "auto");
  set_choice_setting (self, self->mode_dropdown, "flash-mode", project->flash_mode, unknown);
  set_choice_setting (self, self->freq_dropdown, "flash-freq", project->flash_freq, unknown);
  set_choice_setting (self, self->size_dropdown, "flash-size",
                      size_id_for (self, project->flash_size, chip) ?: project->flash_size,
                      unknown);
  set_choice_setting (self, self->crystal_dropdown, "crystal", project->crystal, unknown);
  g_object_set (self->settings,
                "keep-headers", project->keep_headers,
                "erase-all", project->erase_first,
                NULL);
  if (project->before != NULL)
    kiln_settings_set_string (self->settings, "reset-mode", project->before);
  if (project->after != NULL)
    kiln_settings_set_string (self->settings, "after-mode", project->after);
  g_object_set (self->settings, "use-stub", project->stub, NULL);
  if (project->baud != 0)
    {
      g_autofree char *baud = g_strdup_printf ("%u", project->baud);
      if (kiln_choice_has_id (self->baud_dropdown, baud))
        g_object_set (self->settings, "baud-rate", project->baud, NULL);
      else
        g_string_append_printf (unknown, "%sbaud %u", unknown->len ? ", " : "", project->baud);
    }
  if (project->port != NULL && *project->port != '\0')
    kiln_window_set_port (self, project->port);

  for (guint i = 0; project->rows != NULL && i < project->rows->len; i++)
    {
      const KilnFileRow *r = g_ptr_array_index (project->rows, i);
      g_autoptr(GFile) file = g_file_new_for_path (r->path);
      KilnRegionRow *row = kiln_window_add_file (self, file, r->address);

      kiln_region_row_set_enabled (row, r->enabled);
      kiln_region_row_set_chip (row, r->chip);
      if (r->note != NULL)
        gtk_widget_set_tooltip_text (GTK_WIDGET (row), r->note);
    }

  self->loading = FALSE;
  self->showing_results = FALSE;
  kiln_window_revalidate (self);
  log_settings (self);

  if (unknown->len > 0)
    {
      g_autofree char *msg = g_strdup_printf (_("Some settings of this project are not offered "
                                                "here and were left as they were: %s."),
                                              unknown->str);
      kiln_window_log (self, KILN_LOG_WARNING, msg);
    }
  for (guint i = 0; project->warnings != NULL && i < project->warnings->len; i++)
    kiln_window_log (self, KILN_LOG_WARNING, g_ptr_array_index (project->warnings, i));
  if (project->warnings != NULL && project->warnings->len > 0)
    kiln_window_show_banner (self, KILN_BANNER_WARNING,
                             g_ptr_array_index (project->warnings, 0), FALSE);
}

/**
 * kiln_window_load_project:
 * @file: a Kiln project (*.kiln.json)
 *
 * Replaces the rows and settings with the project's.
 */
gboolean
kiln_window_load_project (KilnWindow  *self,
                          GFile       *file,
                          GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  g_autoptr(KilnProject) project = NULL;

  g_return_val_if_fail (KILN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->job != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("Stop the running job before opening another project."));
      return FALSE;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROJECT,
                           _("Projects can only be opened from this computer’s disks."));
      return FALSE;
    }
  project = kiln_project_load (path, error);
  if (project == NULL)
    return FALSE;

  kiln_window_hide_banner (self);
  apply_project (self, project);
  g_set_object (&self->project_file, file);
  kiln_settings_set_string (self->settings, "last-project", path);
  remember_recent (self, file);
  self->dirty = FALSE;
  kiln_window_update_title (self);

  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Opened %s"), path);
  kiln_window_log (self, KILN_LOG_INFO, message);
  return TRUE;
}

static KilnProject *
project_from_window (KilnWindow  *self,
                     GError     **error)
{
  g_autoptr(KilnProject) project = kiln_project_new ();
  const char *port = kiln_window_get_port (self);
  guint n = kiln_window_get_n_rows (self);

#define TAKE_STRING(field, key) \
  G_STMT_START { g_free (project->field); \
                 project->field = kiln_settings_dup_string (self->settings, key); } G_STMT_END
  TAKE_STRING (chip, "chip");
  TAKE_STRING (flash_mode, "flash-mode");
  TAKE_STRING (flash_freq, "flash-freq");
  TAKE_STRING (flash_size, "flash-size");
  TAKE_STRING (crystal, "crystal");
  TAKE_STRING (before, "reset-mode");
  TAKE_STRING (after, "after-mode");
#undef TAKE_STRING

  g_free (project->port);
  project->port = g_strdup (port);
  project->baud = kiln_settings_get_uint (self->settings, "baud-rate");
  project->keep_headers = kiln_settings_get_boolean (self->settings, "keep-headers");
  project->stub = kiln_settings_get_boolean (self->settings, "use-stub");
  project->erase_first = kiln_settings_get_boolean (self->settings, "erase-all");

  for (guint i = 0; i < n; i++)
    {
      KilnRegionRow *row = kiln_window_get_row (self, i);
      GFile *file = kiln_region_row_get_file (row);
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) local = NULL;
      guint32 address;

      if (path == NULL)
        continue;  /* an empty row has nothing to remember */
      if (!kiln_region_row_parse_address (row, &address, &local))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                       _("File %u: %s Fix the address, then save again."), i + 1, local->message);
          return NULL;
        }
      kiln_project_add_row (project, kiln_region_row_get_enabled (row), path, address);
      if (kiln_region_row_get_chip (row) != NULL)
        {
          KilnFileRow *added = g_ptr_array_index (project->rows, project->rows->len - 1);
          added->chip = g_strdup (kiln_region_row_get_chip (row));
        }
    }
  return g_steal_pointer (&project);
}

/**
 * kiln_window_save_project:
 * @file: where to save; becomes the window's project
 */
gboolean
kiln_window_save_project (KilnWindow  *self,
                          GFile       *file,
                          GError     **error)
{
  g_autoptr(KilnProject) project = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (KILN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROJECT,
                           _("Projects can only be saved on this computer’s disks."));
      return FALSE;
    }
  project = project_from_window (self, error);
  if (project == NULL || !kiln_project_save (project, path, error))
    return FALSE;

  g_set_object (&self->project_file, file);
  kiln_settings_set_string (self->settings, "last-project", path);
  remember_recent (self, file);
  self->dirty = FALSE;
  kiln_window_update_title (self);

  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Saved %s"), path);
  kiln_window_log (self, KILN_LOG_INFO, message);
  return TRUE;
}

/**
 * kiln_window_import:
 * @file: an ESP-IDF flasher_args.json, an ESP Web Tools manifest.json or a
 *   Kiln project
 *
 * The rows and settings it describes, as a new unsaved project.
 */
gboolean
kiln_window_import (KilnWindow  *self,
                    GFile       *file,
                    GError     **error)
{
  g_autoptr(KilnProject) project = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (KILN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->job != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("Stop the running job before importing."));
      return FALSE;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROJECT,
                           _("Files can only be imported from this computer’s disks."));
      return FALSE;
    }

  /* A manifest with builds for several chips: all of them, each row for
   * its chip; the job writes the build of the chip it finds. */
  project = kiln_project_import (path, NULL, error);
  if (project == NULL)
    return FALSE;

  kiln_window_hide_banner (self);
  apply_project (self, project);
  g_clear_object (&self->project_file);
  self->dirty = TRUE;
  kiln_window_update_title (self);

  base = g_file_get_basename (file);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u file from %s",
                                          "Imported %u files from %s",
                                          project->rows != NULL ? project->rows->len : 0),
                             project->rows != NULL ? project->rows->len : 0, base);
  kiln_window_log (self, KILN_LOG_INFO, message);
  return TRUE;
}

static void
open_now (KilnWindow *self,
          GFile      *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_file_get_basename (file);
  gboolean ok;

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    ok = kiln_window_import_folder (self, file, &error);
  else if (base != NULL && g_str_has_suffix (base, ".kiln.json"))
    ok = kiln_window_load_project (self, file, &error);
  else
    ok = kiln_window_import (self, file, &error);
  if (!ok)
    {
      kiln_window_log (self, KILN_LOG_ERROR, error->message);
      kiln_window_show_banner (self, KILN_BANNER_ERROR, error->message, FALSE);
    }
}

static void
open_pending (KilnWindow *self)
{
  g_autoptr(GFile) file = g_steal_pointer (&self->pending_open);

  if (file != NULL)
    open_now (self, file);
}

/**
 * kiln_window_open_file:
 * @file: a project, flasher_args.json, manifest.json or a folder to import
 *
 * Opens what was dropped on the window, passed on the command line or
 * opened from the file manager, once unsaved changes are saved or given up.
 */
void
kiln_window_open_file (KilnWindow *self,
                       GFile      *file)
{
  g_return_if_fail (KILN_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->pending_open, file);
  kiln_window_confirm_discard (self, open_pending);
}

/**
 * kiln_window_import_at_release:
 * @folder: an Espressif NONOS AT release (the folder with bin/ in it)
 *
 * The rows Espressif's AT README prescribes for the chosen ESP8266 flash
 * map (16Mbit-C1 unless another map is chosen): boot_v1.x.bin at 0x0, the
 * user1 build from at/ (not at_sdio/), the init data and blank.bin at the
 * map's addresses.  What the release lacks or does not suit is shown as a
 * warning.
 */
gboolean
kiln_window_import_at_release (KilnWindow  *self,
                               GFile       *folder,
                               GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *size = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  const KilnFlashMap *map = NULL;

  g_return_val_if_fail (KILN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  if (self->job != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("Stop the running job before importing."));
      return FALSE;
    }
  path = g_file_get_path (folder);
  if (path == NULL)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROJECT,
                           _("Files can only be imported from this computer’s disks."));
      return FALSE;
    }

  size = kiln_settings_dup_string (self->settings, "flash-size");
  if (size != NULL)
    map = kiln_flash_map_lookup (size);
  if (map == NULL || map->slot_size == 0)
    map = kiln_flash_map_lookup ("16Mbit-C1");

  rows = kiln_layout_at_release_rows (path, map, &warnings, error);
  if (rows == NULL)
    return FALSE;

  kiln_window_hide_banner (self);
  self->loading = TRUE;
  kiln_window_clear_rows (self);
  kiln_settings_set_string (self->settings, "chip", "esp8266");
  kiln_settings_set_string (self->settings, "flash-size", map->esptool_name);
  g_object_set (self->settings, "keep-headers", FALSE, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      const KilnFileRow *r = g_ptr_array_index (rows, i);
      g_autoptr(GFile) file = g_file_new_for_path (r->path);
      KilnRegionRow *row = kiln_window_add_file (self, file, r->address);

      kiln_region_row_set_enabled (row, r->enabled);
      if (r->note != NULL)
        gtk_widget_set_tooltip_text (GTK_WIDGET (row), r->note);
    }
  self->loading = FALSE;
  self->showing_results = FALSE;
  g_clear_object (&self->project_file);
  self->dirty = TRUE;
  kiln_window_update_title (self);
  kiln_window_revalidate (self);

  /* Translators: “Imported the AT release in /path for 16Mbit-C1” */
  message = g_strdup_printf (_("Imported the AT release in %s for %s"), path, map->name);
  kiln_window_log (self, KILN_LOG_INFO, message);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    kiln_window_log (self, KILN_LOG_WARNING, g_ptr_array_index (warnings, i));
  if (warnings != NULL && warnings->len > 0)
    kiln_window_show_banner (self, KILN_BANNER_WARNING, g_ptr_array_index (warnings, 0), FALSE);
  return TRUE;
}

/* Open Recent ▸ in the main menu, only while there is something in it. */
static void
recent_changed_cb (KilnWindow         *self,
                   KilnRecentProjects *recent)
{
  gboolean show = kiln_recent_projects_get_n_items (recent) > 0;

  if (show == self->recent_shown)
    return;
  if (show)
    g_menu_append_submenu (self->project_section, _("Open _Recent"),
                           kiln_recent_projects_get_menu (recent));
  else
    g_menu_remove (self->project_section,
                   g_menu_model_get_n_items (G_MENU_MODEL (self->project_section)) - 1);
  self->recent_shown = show;
}

void
kiln_window_project_init (KilnWindow *self)
{
  KilnRecentProjects *recent = kiln_recent_projects_get_default ();

  g_signal_connect_object (recent, "changed", G_CALLBACK (recent_changed_cb), self,
                           G_CONNECT_SWAPPED);
  recent_changed_cb (self, recent);
}
