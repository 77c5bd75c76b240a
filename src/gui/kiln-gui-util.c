/* kiln-gui-util.c: small helpers shared by the widgets.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-gui-util.h"

/* A "choice" is a GtkDropDown over translated labels whose selection
 * stands for a stable id ("qio", "2MB-c1") kept beside the model: settings
 * and projects store ids, people read labels. */

#define CHOICE_IDS_KEY "kiln-choice-ids"

void
kiln_choice_setup (GtkDropDown        *dropdown,
                   const char * const *ids,
                   const char * const *labels)
{
  g_autoptr(GtkStringList) model = NULL;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (g_strv_length ((char **) ids) == g_strv_length ((char **) labels));

  g_object_set_data_full (G_OBJECT (dropdown), CHOICE_IDS_KEY,
                          g_strdupv ((char **) ids), (GDestroyNotify) g_strfreev);
  model = gtk_string_list_new (labels);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (model));
}

/* The rates a firmware's console runs at, as the Boot Log's and the
 * Console's drop-downs offer them: the common ones from 9600 up, and the
 * ESP8266 ROM's 74880. */
static const guint firmware_bauds[] = { 9600, 19200, 38400, 57600, 74880, 115200, 230400,
                                        460800, 921600 };
#define FIRMWARE_BAUD_DEFAULT 5  /* 115200 */

static gboolean
baud_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  guint baud = g_variant_get_uint32 (variant);
  guint selected = FIRMWARE_BAUD_DEFAULT;

  for (guint i = 0; i < G_N_ELEMENTS (firmware_bauds); i++)
    if (firmware_bauds[i] == baud)
      selected = i;
  g_value_set_uint (value, selected);
  return TRUE;
}

static GVariant *
selected_to_baud (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return i < G_N_ELEMENTS (firmware_bauds) ? g_variant_new_uint32 (firmware_bauds[i]) : NULL;
}

/**
 * kiln_firmware_baud_bind:
 * @dropdown: a drop-down to fill with the firmware rates
 * @settings: where the rate is kept
 * @key: its key (a "u"); a rate not offered shows as 115200
 *
 * Fills @dropdown with the rates a firmware's console runs at and keeps
 * the chosen one in @key, both ways.
 */
void
kiln_firmware_baud_bind (GtkDropDown *dropdown,
                         GSettings   *settings,
                         const char  *key)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (firmware_bauds); i++)
    g_ptr_array_add (ids, g_strdup_printf ("%u", firmware_bauds[i]));
  g_ptr_array_add (ids, NULL);
  kiln_choice_setup (dropdown, (const char *const *) ids->pdata,
                     (const char *const *) ids->pdata);
  g_settings_bind_with_mapping (settings, key, dropdown, "selected", G_SETTINGS_BIND_DEFAULT,
                                baud_to_selected, selected_to_baud, NULL, NULL);
}

static char **
choice_ids (GtkDropDown *dropdown)
{
  return g_object_get_data (G_OBJECT (dropdown), CHOICE_IDS_KEY);
}

const char *
kiln_choice_get_id (GtkDropDown *dropdown)
{
  char **ids = choice_ids (dropdown);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (ids == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (ids))
    return NULL;
  return ids[selected];
}

/* What the drop-down shows now ("DIO", "40 MHz"), or "" when nothing is
 * chosen. */
const char *
kiln_choice_get_label (GtkDropDown *dropdown)
{
  gpointer item = gtk_drop_down_get_selected_item (dropdown);

  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (item) : "";
}

static guint
find_id (GtkDropDown *dropdown,
         const char  *id)
{
  char **ids = choice_ids (dropdown);

  for (guint i = 0; ids != NULL && id != NULL && ids[i] != NULL; i++)
    if (g_ascii_strcasecmp (ids[i], id) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

gboolean
kiln_choice_has_id (GtkDropDown *dropdown,
                    const char  *id)
{
  return find_id (dropdown, id) != GTK_INVALID_LIST_POSITION;
}

/* Returns FALSE, and leaves the selection alone, for an unknown id. */
gboolean
kiln_choice_set_id (GtkDropDown *dropdown,
                    const char  *id)
{
  guint i = find_id (dropdown, id);

  if (i == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_drop_down_set_selected (dropdown, i);
  return TRUE;
}

static gboolean
id_to_selected (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  guint i = find_id (GTK_DROP_DOWN (user_data), g_value_get_string (from));

  if (i == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_uint (to, i);
  return TRUE;
}

static gboolean
selected_to_id (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  char **ids = choice_ids (GTK_DROP_DOWN (user_data));
  guint i = g_value_get_uint (from);

  if (ids == NULL || i >= g_strv_length (ids))
    return FALSE;
  g_value_set_string (to, ids[i]);
  return TRUE;
}

/* Keeps @source's string @property and the drop-down's selection in step,
 * both ways. */
GBinding *
kiln_choice_bind (GtkDropDown *dropdown,
                  gpointer     source,
                  const char  *property)
{
  return g_object_bind_property_full (source, property, dropdown, "selected",
                                      G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                      id_to_selected, selected_to_id, dropdown, NULL);
}

/* "45 s", "2 min 05 s": for time left and time taken. */
char *
kiln_format_duration (double seconds)
{
  guint s;

  if (seconds < 0)
    seconds = 0;
  if (seconds < 10)
    /* Translators: a duration in seconds with one decimal */
    return g_strdup_printf (_("%.1f s"), seconds);
  s = (guint) (seconds + 0.5);
  if (s < 60)
    /* Translators: a duration in whole seconds */
    return g_strdup_printf (_("%u s"), s);
  /* Translators: a duration in minutes and seconds */
  return g_strdup_printf (_("%u min %02u s"), s / 60, s % 60);
}

static GtkWidget *
find_label (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_LABEL (child) ? child : find_label (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * kiln_gui_name_controls:
 * @root: a window or a part of one
 *
 * GTK 4.8 leaves two kinds of control without an accessible name, so a
 * screen reader says only "button":
 *
 *  - the button inside a GtkDropDown, which is what takes the focus: it
 *    gets the labels that name the drop-down (its mnemonic labels, "Chip");
 *  - a GtkMenuButton with a label ("Erase…"): GTK names the button inside
 *    it, not the menu button itself; it gets the same label.
 */
void
kiln_gui_name_controls (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_DROP_DOWN (child))
        {
          GList *labels = gtk_widget_list_mnemonic_labels (child);
          GtkWidget *button = gtk_widget_get_first_child (child);

          /* One mnemonic label names a drop-down. */
          if (labels != NULL && GTK_IS_TOGGLE_BUTTON (button))
            gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY, labels->data, NULL,
                                            -1);
          g_list_free (labels);
          continue;
        }
      if (GTK_IS_MENU_BUTTON (child) && gtk_menu_button_get_label (GTK_MENU_BUTTON (child)) != NULL)
        {
          GtkWidget *label = find_label (child);

          if (label != NULL)
            gtk_accessible_update_relation (GTK_ACCESSIBLE (child),
                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
          continue;
        }
      kiln_gui_name_controls (child);
    }
}
