/* kiln-window.c: the main window.
 *
 * The files to write (KilnRegionRow), the flash settings, the connection,
 * the banner and the log, and the window's own life.  Running a job and
 * showing its progress is kiln-window-job.c's.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kiln-fit-scroll.h"
#include "kiln-gui-util.h"
#include "kiln-port-item.h"
#include "kiln-region-row.h"
#include "kiln-window-private.h"

#define MAX_LOG_LINES 5000

G_DEFINE_FINAL_TYPE (KilnWindow, kiln_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const guint baud_rates[] = { 115200, 230400, 460800, 921600, 1500000, 2000000 };

/* ---------------------------------------------------------------------- */
/* Choices that depend on the chip                                         */

/* The chosen chip, or NULL for automatic detection. */
const KilnChipInfo *
kiln_window_get_chip (KilnWindow *self)
{
  const char *id = kiln_choice_get_id (self->chip_dropdown);

  if (id == NULL || g_str_equal (id, "auto"))
    return NULL;
  return kiln_chip_by_name (id);
}

/* The chosen chip's name ("esp8266"), or NULL for automatic detection. */
const char *
kiln_window_get_chip_name (KilnWindow *self)
{
  const KilnChipInfo *chip = kiln_window_get_chip (self);

  return chip != NULL ? chip->name : NULL;
}

/* The download tool's names for the ESP8266 maps: "2MB-c1" → "16Mbit-C1". */
static char *
esp8266_size_label (const KilnFlashSize *size)
{
  const char *dash = strchr (size->name, '-');
  guint mbit = size->bytes / (1024 * 1024 / 8);

  return g_strdup_printf ("%uMbit%s", mbit, dash != NULL ? "-C1" : "");
}

static char *
size_label (const KilnFlashSize *size)
{
  if (size->bytes >= 1024 * 1024)
    /* Translators: a flash size in MiB, e.g. “4 MB” */
    return g_strdup_printf (_("%u MB"), size->bytes / (1024 * 1024));
  /* Translators: a flash size in KiB, e.g. “512 KB” */
  return g_strdup_printf (_("%u KB"), size->bytes / 1024);
}

static void
setup_size_choice (KilnWindow *self)
{
  const KilnChipInfo *chip = kiln_window_get_chip (self);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current = kiln_settings_dup_string (self->settings, "flash-size");

  g_ptr_array_add (ids, g_strdup ("detect"));
  /* Translators: flash size choice: ask the flash chip */
  g_ptr_array_add (labels, g_strdup (_("Detect")));
  g_ptr_array_add (ids, g_strdup ("keep"));
  /* Translators: flash size choice: leave the image header as it is */
  g_ptr_array_add (labels, g_strdup (_("Keep")));

  if (chip != NULL)
    {
      for (const KilnFlashSize *s = chip->flash_sizes; s->name != NULL; s++)
        {
          g_ptr_array_add (ids, g_strdup (s->name));
          g_ptr_array_add (labels, chip->id == KILN_CHIP_ESP8266 ? esp8266_size_label (s)
                                                                 : size_label (s));
        }
    }
  else
    {
      /* No chip chosen: the ESP32-family sizes, then the ESP8266 maps that
       * only that chip has, marked as such. */
      const KilnChipInfo *esp32 = kiln_chip_get (KILN_CHIP_ESP32);
      const KilnChipInfo *esp8266 = kiln_chip_get (KILN_CHIP_ESP8266);

      for (const KilnFlashSize *s = esp32->flash_sizes; s->name != NULL; s++)
        {
          g_ptr_array_add (ids, g_strdup (s->name));
          g_ptr_array_add (labels, size_label (s));
        }
      for (const KilnFlashSize *s = esp8266->flash_sizes; s->name != NULL; s++)
        {
          g_autofree char *mbit = NULL;

          if (kiln_chip_flash_size_lookup (esp32, s->name) != NULL)
            continue;
          mbit = esp8266_size_label (s);
          g_ptr_array_add (ids, g_strdup (s->name));
          /* Translators: an ESP8266 flash map such as “16Mbit-C1 (ESP8266)” */
          g_ptr_array_add (labels, g_strdup_printf (_("%s (ESP8266)"), mbit));
        }
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);

  kiln_choice_setup (self->size_dropdown, (const char * const *) ids->pdata,
                     (const char * const *) labels->pdata);
  if (!kiln_choice_set_id (self->size_dropdown, current))
    kiln_choice_set_id (self->size_dropdown, "detect");
}

static char *
freq_label (const char *name)
{
  /* The "26m" setting is 80 MHz / 3. */
  if (g_str_equal (name, "26m"))
    return g_strdup ("26.7 MHz");
  return g_strdup_printf ("%d MHz", atoi (name));
}

static void
setup_freq_choice (KilnWindow *self)
{
  const KilnChipInfo *chip = kiln_window_get_chip (self);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current = kiln_settings_dup_string (self->settings, "flash-freq");

  if (chip == NULL)
    chip = kiln_chip_get (KILN_CHIP_ESP32);
  g_ptr_array_add (ids, g_strdup ("keep"));
  /* Translators: SPI speed/mode choice: leave the image header as it is */
  g_ptr_array_add (labels, g_strdup (_("Keep")));
  for (const KilnFlashFreq *f = chip->flash_freqs; f->name != NULL; f++)
    {
      g_ptr_array_add (ids, g_strdup (f->name));
      g_ptr_array_add (labels, freq_label (f->name));
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);

  kiln_choice_setup (self->freq_dropdown, (const char * const *) ids->pdata,
                     (const char * const *) labels->pdata);
  if (!kiln_choice_set_id (self->freq_dropdown, current) &&
      !kiln_choice_set_id (self->freq_dropdown, "40m"))
    kiln_choice_set_id (self->freq_dropdown, "keep");
}

/* What a board with this chip most likely needs: the values Espressif's
 * download tool starts with (QIO for the ESP8266 modules, DIO for the
 * ESP32 family), 40 MHz, the flash size asked from the chip. */
static void
apply_chip_defaults (KilnWindow         *self,
                     const KilnChipInfo *chip)
{
  if (chip == NULL)
    return;

  g_object_set (self->settings,
                "flash-mode", chip->id == KILN_CHIP_ESP8266 ? "qio" : "dio",
                NULL);
  if (kiln_choice_has_id (self->freq_dropdown, "40m"))
    g_object_set (self->settings, "flash-freq", "40m", NULL);
  if (chip->id == KILN_CHIP_ESP8266)
    g_object_set (self->settings, "crystal", "26m", NULL);
  else
    g_object_set (self->settings, "crystal", "keep", NULL);
}

static void
chip_changed_cb (KilnWindow *self)
{
  setup_freq_choice (self);
  setup_size_choice (self);
  if (!self->loading)
    apply_chip_defaults (self, kiln_window_get_chip (self));
  kiln_window_revalidate (self);
}

static void
flash_setting_changed_cb (KilnWindow *self)
{
  if (!self->loading)
    kiln_window_set_dirty (self, TRUE);
  kiln_window_revalidate (self);
}

static void
setup_static_choices (KilnWindow *self)
{
  g_autoptr(GPtrArray) chip_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) chip_labels = g_ptr_array_new ();
  const char *mode_ids[] = { "keep", "qio", "qout", "dio", "dout", NULL };
  const char *mode_labels[] = { _("Keep"), "QIO", "QOUT", "DIO", "DOUT", NULL };
  const char *crystal_ids[] = { "keep", "26m", "40m", "24m", NULL };
  /* Translators: crystal choice: measure it */
  const char *crystal_labels[] = { _("Auto"), "26 MHz", "40 MHz", "24 MHz", NULL };
  g_autoptr(GPtrArray) baud_ids = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (chip_ids, (char *) "auto");
  /* Translators: chip choice */
  g_ptr_array_add (chip_labels, (char *) _("Detect automatically"));
  for (guint i = 0; i < KILN_N_CHIPS; i++)
    {
      const KilnChipInfo *chip = kiln_chip_get (i);
      g_ptr_array_add (chip_ids, (char *) chip->name);
      g_ptr_array_add (chip_labels, (char *) chip->display_name);
    }
  g_ptr_array_add (chip_ids, NULL);
  g_ptr_array_add (chip_labels, NULL);
  kiln_choice_setup (self->chip_dropdown, (const char * const *) chip_ids->pdata,
                     (const char * const *) chip_labels->pdata);

  kiln_choice_setup (self->mode_dropdown, mode_ids, mode_labels);
  kiln_choice_setup (self->crystal_dropdown, crystal_ids, crystal_labels);

  for (guint i = 0; i < G_N_ELEMENTS (baud_rates); i++)
    g_ptr_array_add (baud_ids, g_strdup_printf ("%u", baud_rates[i]));
  g_ptr_array_add (baud_ids, NULL);
  kiln_choice_setup (self->baud_dropdown, (const char * const *) baud_ids->pdata,
                     (const char * const *) baud_ids->pdata);
}

static gboolean
baud_to_selected (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint baud = g_value_get_uint (from);

  for (guint i = 0; i < G_N_ELEMENTS (baud_rates); i++)
    if (baud_rates[i] == baud)
      {
        g_value_set_uint (to, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
selected_to_baud (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint i = g_value_get_uint (from);

  if (i >= G_N_ELEMENTS (baud_rates))
    return FALSE;
  g_value_set_uint (to, baud_rates[i]);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Ports                                                                   */

static KilnPortItem *
selected_port_item (KilnWindow *self)
{
  return gtk_drop_down_get_selected_item (self->port_dropdown);
}

const char *
kiln_window_get_port (KilnWindow *self)
{
  KilnPortItem *item;

  g_return_val_if_fail (KILN_IS_WINDOW (self), NULL);

  item = selected_port_item (self);
  return item != NULL ? kiln_port_item_get_name (item) : NULL;
}

static void
update_port_details (KilnWindow *self)
{
  KilnPortItem *item = selected_port_item (self);

  gtk_label_set_label (self->port_details_label,
                       item != NULL ? kiln_port_item_get_details (item)
                                    : _("No serial port found. Plug in the board, or choose a virtual board to try Kiln."));
}

static void
port_selected_cb (KilnWindow *self)
{
  const char *port = kiln_window_get_port (self);

  /* A remote port's details change as it is checked. */
  g_signal_group_set_target (self->port_item_signals, selected_port_item (self));
  kiln_port_model_set_pinned (self->ports, port);
  update_port_details (self);
  /* What was detected belongs to the board on the previous port. */
  self->detected_flash_size = 0;
  kiln_window_tools_port_changed (self);
  kiln_window_remote_port_changed (self);
  kiln_window_update_actions (self);
}

static void
ports_changed_cb (KilnWindow *self)
{
  update_port_details (self);
  kiln_window_update_actions (self);
}

/* Before the user or the last session picks one: a board's USB serial
 * port if there is one, else the virtual ESP8266, never a legacy
 * /dev/ttyS* port that most PCs list without anything behind it. */
static void
select_default_port (KilnWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->ports);
  guint n = g_list_model_get_n_items (model);
  guint choice = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n && choice == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(KilnPortItem) item = g_list_model_get_item (model, i);
      if (kiln_port_item_get_is_usb (item))
        choice = i;
    }
  for (guint i = 0; i < n && choice == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(KilnPortItem) item = g_list_model_get_item (model, i);
      if (kiln_port_item_get_is_virtual (item))
        choice = i;
    }
  if (choice != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->port_dropdown, choice);
}

/**
 * kiln_window_set_port:
 * @port: a port string; added to the list when the system does not list it
 *   (a network port, a virtual board with options)
 */
void
kiln_window_set_port (KilnWindow *self,
                      const char *port)
{
  guint position;

  g_return_if_fail (KILN_IS_WINDOW (self));
  g_return_if_fail (port != NULL);

  kiln_port_model_set_pinned (self->ports, port);
  position = kiln_port_model_ensure (self->ports, port);
  gtk_drop_down_set_selected (self->port_dropdown, position);
}

/* ---------------------------------------------------------------------- */
/* Rows and the layout rules                                               */

guint
kiln_window_get_n_rows (KilnWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (KILN_IS_WINDOW (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->region_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (KILN_IS_REGION_ROW (child))
      n++;
  return n;
}

KilnRegionRow *
kiln_window_get_row (KilnWindow *self,
                     guint       index)
{
  g_return_val_if_fail (KILN_IS_WINDOW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->region_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (KILN_IS_REGION_ROW (child) && index-- == 0)
      return KILN_REGION_ROW (child);
  return NULL;
}

/* The flash size the bounds rule checks against: the one chosen, else the
 * one the board reported, else unknown (0: no bounds rule). */
guint32
kiln_window_get_flash_size (KilnWindow *self)
{
  const char *id = kiln_choice_get_id (self->size_dropdown);
  const KilnChipInfo *chip = kiln_window_get_chip (self);
  const KilnFlashSize *size = NULL;

  if (id != NULL && !g_str_equal (id, "detect") && !g_str_equal (id, "keep") &&
      !gtk_check_button_get_active (self->keep_headers_check))
    {
      if (chip != NULL)
        size = kiln_chip_flash_size_lookup (chip, id);
      else if ((size = kiln_chip_flash_size_lookup (kiln_chip_get (KILN_CHIP_ESP32), id)) == NULL)
        size = kiln_chip_flash_size_lookup (kiln_chip_get (KILN_CHIP_ESP8266), id);
      if (size != NULL)
        return size->bytes;
    }
  return self->detected_flash_size;
}

/**
 * kiln_window_revalidate:
 *
 * Checks every row (its own check, then the layout rules across the
 * enabled rows against the flash size), shows each row's problem inline
 * and enables Start only when everything can be written.
 */
void
kiln_window_revalidate (KilnWindow *self)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(GPtrArray) region_rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) row_problems = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gboolean ok = TRUE;
  guint n_enabled = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->region_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (KILN_IS_REGION_ROW (child))
      g_ptr_array_add (rows, child);

  for (guint i = 0; i < rows->len; i++)
    {
      KilnRegionRow *row = g_ptr_array_index (rows, i);
      g_autofree char *problem = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = NULL;
      KilnRegion *region;
      guint32 address = 0;

      kiln_region_row_set_number (row, i + 1);
      if (!kiln_region_row_get_enabled (row))
        continue;
      n_enabled++;
      if (!kiln_region_row_check_own (row, &problem))
        {
          ok = FALSE;
          g_hash_table_insert (row_problems, row, g_steal_pointer (&problem));
          continue;
        }
      kiln_region_row_parse_address (row, &address, NULL);
      bytes = kiln_region_row_get_bytes (row);
      name = g_file_get_basename (kiln_region_row_get_file (row));
      region = kiln_region_new (address, bytes, name);
      region->chip = g_strdup (kiln_region_row_get_chip (row));
      g_ptr_array_add (regions, region);
      g_ptr_array_add (region_rows, row);
    }

  /* Rows for different chips (a manifest's builds) never meet on one
   * board: each chip's rows, with the rows for any chip, are checked
   * together. */
  {
    g_auto(GStrv) chips = kiln_regions_chips (regions);
    guint n_groups = chips[0] != NULL ? g_strv_length (chips) : 1;

    for (guint g = 0; g < n_groups; g++)
      {
        const KilnChipInfo *chip = chips[0] != NULL ? kiln_chip_by_name (chips[g]) : NULL;
        g_autoptr(GPtrArray) group = g_ptr_array_new ();
        g_autoptr(GPtrArray) group_rows = g_ptr_array_new ();

        for (guint i = 0; i < regions->len; i++)
          {
            KilnRegion *region = g_ptr_array_index (regions, i);

            if (chips[0] != NULL && region->chip != NULL && !kiln_region_is_for_chip (region, chip))
              continue;
            g_ptr_array_add (group, region);
            g_ptr_array_add (group_rows, g_ptr_array_index (region_rows, i));
          }
        g_clear_pointer (&problems, g_ptr_array_unref);
        problems = kiln_layout_problems (group, kiln_window_get_flash_size (self), 0);
        for (guint i = 0; i < problems->len; i++)
          {
            KilnLayoutProblem *p = g_ptr_array_index (problems, i);
            KilnRegionRow *row;
            const char *old;

            if (p->index < 0 || (guint) p->index >= group_rows->len)
              continue;
            ok = FALSE;
            row = g_ptr_array_index (group_rows, p->index);
            old = g_hash_table_lookup (row_problems, row);
            if (old != NULL && strstr (old, p->message) != NULL)
              continue;  /* a row for any chip, found in every group */
            g_hash_table_insert (row_problems, row,
                                 old != NULL ? g_strconcat (old, "\n", p->message, NULL)
                                             : g_strdup (p->message));
          }
      }
  }

  self->layout_ok = ok && n_enabled > 0;

  /* Espressif's tools and documents write addresses in hex, often without
   * 0x: "10000" is read as decimal 10000 here, which is rarely what was
   * meant.  Say so where that makes the difference. */
  for (guint i = 0; i < rows->len; i++)
    {
      KilnRegionRow *row = g_ptr_array_index (rows, i);
      const char *problem = g_hash_table_lookup (row_problems, row);
      const char *text = kiln_region_row_get_address_text (row);
      guint64 as_hex;
      char *end = NULL;

      if (problem == NULL || text == NULL || g_str_has_prefix (text, "0x") ||
          g_str_has_prefix (text, "0X") || !g_ascii_isdigit (text[0]))
        continue;
      as_hex = g_ascii_strtoull (text, &end, 16);
      if (end == NULL || *end != '\0' || as_hex % KILN_SECTOR_SIZE != 0 || as_hex > G_MAXUINT32)
        continue;
      g_hash_table_insert (row_problems, row,
                           g_strdup_printf (_("%s\nAddresses without 0x are decimal: did you "
                                              "mean 0x%s?"), problem, text));
    }

  /* NONOS/AT builds name the flash map they were built for
   * (user1.2048.new.5.bin): say so before writing when it is not the map
   * chosen, as the board would only print "mismatch map" at boot. */
  {
    const char *size_id = kiln_choice_get_id (self->size_dropdown);
    const KilnChipInfo *chip = kiln_window_get_chip (self);
    const KilnFlashMap *map = NULL;

    if (size_id != NULL && (chip == NULL || chip->id == KILN_CHIP_ESP8266) &&
        !gtk_check_button_get_active (self->keep_headers_check))
      map = kiln_flash_map_lookup (size_id);
    for (guint i = 0; i < rows->len; i++)
      {
        KilnRegionRow *row = g_ptr_array_index (rows, i);
        GFile *file = kiln_region_row_get_file (row);
        g_autofree char *warning = NULL;

        if (map != NULL && file != NULL)
          {
            g_autofree char *base = g_file_get_basename (file);
            warning = kiln_flash_map_firmware_warning (map, base);
          }
        kiln_region_row_set_warning (row, warning);
      }
  }

  /* While a job runs, or until something changes after it, the rows show
   * what the job did rather than whether they could be written. */
  if (self->job == NULL && !self->showing_results)
    for (guint i = 0; i < rows->len; i++)
      {
        KilnRegionRow *row = g_ptr_array_index (rows, i);
        kiln_region_row_show_check (row, g_hash_table_lookup (row_problems, row));
      }

  kiln_window_update_actions (self);
}

static void
row_changed_cb (KilnWindow    *self,
                KilnRegionRow *row)
{
  if (self->job != NULL)
    return;
  self->showing_results = FALSE;
  if (!self->loading)
    kiln_window_set_dirty (self, TRUE);
  kiln_window_revalidate (self);
}

static void
row_remove_cb (KilnWindow    *self,
               KilnRegionRow *row)
{
  if (self->job != NULL)
    return;
  gtk_list_box_remove (self->region_list, GTK_WIDGET (row));
  self->showing_results = FALSE;
  kiln_window_set_dirty (self, TRUE);
  kiln_window_revalidate (self);
}

void
kiln_window_clear_rows (KilnWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->region_list))) != NULL &&
         KILN_IS_REGION_ROW (child))
    gtk_list_box_remove (self->region_list, child);
  self->showing_results = FALSE;
}

/* Where a new file most likely goes: an address in its name (NodeMCU's
 * "0x10000.bin"), else right after the last file, on a sector boundary. */
static guint32
guess_address (KilnWindow *self,
               GFile      *file)
{
  g_autofree char *base = file != NULL ? g_file_get_basename (file) : NULL;
  const char *hex = base != NULL ? strstr (base, "0x") : NULL;
  guint64 end = 0;

  if (hex != NULL && g_ascii_isxdigit (hex[2]))
    return (guint32) g_ascii_strtoull (hex + 2, NULL, 16);

  for (guint i = 0; i < kiln_window_get_n_rows (self); i++)
    {
      KilnRegionRow *row = kiln_window_get_row (self, i);
      g_autoptr(GBytes) bytes = kiln_region_row_get_bytes (row);
      guint32 address;

      if (bytes == NULL || !kiln_region_row_parse_address (row, &address, NULL))
        continue;
      end = MAX (end, (guint64) address + g_bytes_get_size (bytes));
    }
  end = (end + KILN_SECTOR_SIZE - 1) & ~(guint64) (KILN_SECTOR_SIZE - 1);
  return (guint32) MIN (end, G_MAXUINT32 & ~(KILN_SECTOR_SIZE - 1));
}

/**
 * kiln_window_add_file:
 * @file: (nullable): the file, or %NULL for an empty row
 * @address: the address, or -1 to guess one
 *
 * Returns: (transfer none): the new row
 */
KilnRegionRow *
kiln_window_add_file (KilnWindow *self,
                      GFile      *file,
                      gint64      address)
{
  KilnRegionRow *row;

  g_return_val_if_fail (KILN_IS_WINDOW (self), NULL);

  if (address < 0)
    address = guess_address (self, file);

  row = kiln_region_row_new ();
  kiln_region_row_set_address (row, (guint32) address);
  if (file != NULL)
    kiln_region_row_set_file (row, file);
  g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (row_remove_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (self->region_list, GTK_WIDGET (row));

  self->showing_results = FALSE;
  if (!self->loading)
    kiln_window_set_dirty (self, TRUE);
  kiln_window_revalidate (self);
  return row;
}

/* ---------------------------------------------------------------------- */
/* Banner, title, log                                                      */

void
kiln_window_show_banner (KilnWindow     *self,
                         KilnBannerKind  kind,
                         const char     *message,
                         gboolean        can_retry)
{
  static const char *const classes[] = { "info", "success", "warning", "error" };
  static const char *const icons[] = {
    "dialog-information-symbolic", "object-select-symbolic",
    "dialog-warning-symbolic", "dialog-error-symbolic",
  };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->banner_box), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->banner_box), classes[kind]);
  gtk_image_set_from_icon_name (self->banner_icon, icons[kind]);
  gtk_label_set_label (self->banner_label, message);
  self->can_retry = can_retry;
  self->can_force = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->banner_retry_button), can_retry);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_force_button), FALSE);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
  kiln_window_update_actions (self);
}

void
kiln_window_hide_banner (KilnWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  self->can_retry = FALSE;
  self->can_force = FALSE;
  kiln_window_update_actions (self);
}

/* Images that do not fit the board were refused: the banner says why, and
 * Write Anyway runs the same write with the force option.  Never silent:
 * it is the user's explicit choice, and the job logs each override. */
void
kiln_window_offer_force (KilnWindow *self)
{
  self->can_force = TRUE;
  self->can_retry = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->banner_retry_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_force_button), TRUE);
  kiln_window_update_actions (self);
}

void
kiln_window_set_dirty (KilnWindow *self,
                       gboolean    dirty)
{
  if (self->dirty == !!dirty)
    return;
  self->dirty = !!dirty;
  kiln_window_update_title (self);
}

void
kiln_window_update_title (KilnWindow *self)
{
  g_autofree char *title = NULL;

  if (self->project_file != NULL)
    {
      g_autofree char *base = g_file_get_basename (self->project_file);
      g_autoptr(GFile) parent = g_file_get_parent (self->project_file);
      g_autofree char *dir = parent != NULL ? g_file_get_path (parent) : NULL;
      g_autofree char *home_dir = NULL;
      const char *home = g_get_home_dir ();

      if (g_str_has_suffix (base, ".kiln.json"))
        base[strlen (base) - strlen (".kiln.json")] = '\0';
      title = self->dirty ? g_strdup_printf ("• %s", base) : g_strdup (base);
      if (dir != NULL && home != NULL && g_str_has_prefix (dir, home) &&
          (dir[strlen (home)] == '/' || dir[strlen (home)] == '\0'))
        home_dir = g_strconcat ("~", dir + strlen (home), NULL);
      gtk_label_set_label (self->subtitle_label, home_dir != NULL ? home_dir : dir);
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), dir != NULL);
    }
  else
    {
      title = g_strdup (_("Kiln"));
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
    }
  gtk_label_set_label (self->title_label, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  /* A running job keeps its progress in front of the title. */
  if (self->job != NULL && self->title_percent >= 0)
    {
      int percent = self->title_percent;

      self->title_percent = -1;
      kiln_window_notify_progress (self, percent / 100.0);
    }
}

/* The log follows new lines while it is scrolled to the end.  It scrolls
 * from an idle, after GTK has laid the new text out: scrolling the text
 * view to a mark during layout makes GTK 4.8 draw a scroll bar it has not
 * allocated yet. */
static gboolean
log_scroll_cb (gpointer user_data)
{
  KilnWindow *self = KILN_WINDOW (user_data);
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->log_view));

  self->log_scroll_id = 0;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  return G_SOURCE_REMOVE;
}

static void
schedule_log_scroll (KilnWindow *self)
{
  if (self->log_scroll_id == 0)
    self->log_scroll_id = g_idle_add_full (G_PRIORITY_LOW, log_scroll_cb, self, NULL);
}

static void
log_upper_changed_cb (KilnWindow *self)
{
  /* Lines are laid out lazily: keep following as the text grows. */
  if (self->log_follow)
    schedule_log_scroll (self);
}

static void
log_value_changed_cb (KilnWindow *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->log_view));

  /* The user scrolled up to read: stop following until back at the end. */
  if (self->log_scroll_id == 0)
    self->log_follow = gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
                       gtk_adjustment_get_upper (adj) - 2;
}

void
kiln_window_log (KilnWindow   *self,
                 KilnLogLevel  level,
                 const char   *message)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S ");
  const char *tag = NULL;
  GtkTextIter end;

  if (level == KILN_LOG_TRACE)
    return;
  /* The core logs a failure and the window reports it too: once is enough. */
  if (g_strcmp0 (message, self->last_log) == 0)
    return;
  g_free (self->last_log);
  self->last_log = g_strdup (message);
  if (level == KILN_LOG_WARNING)
    tag = "warning";
  else if (level == KILN_LOG_ERROR)
    tag = "error";

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, stamp, -1, "time", NULL);
  if (tag != NULL)
    gtk_text_buffer_insert_with_tags_by_name (buffer, &end, message, -1, tag, NULL);
  else
    gtk_text_buffer_insert (buffer, &end, message, -1);
  gtk_text_buffer_insert (buffer, &end, "\n", 1);

  /* Keep the log bounded: a long session must not slow the window down. */
  if (gtk_text_buffer_get_line_count (buffer) > MAX_LOG_LINES)
    {
      GtkTextIter start, cut;
      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &cut,
                                        gtk_text_buffer_get_line_count (buffer) - MAX_LOG_LINES);
      gtk_text_buffer_delete (buffer, &start, &cut);
    }

  if (self->log_follow)
    schedule_log_scroll (self);
}

/* ---------------------------------------------------------------------- */
/* Actions' sensitivity                                                    */

void
kiln_window_update_actions (KilnWindow *self)
{
  gboolean busy = self->job != NULL;
  gboolean have_port = kiln_window_get_port (self) != NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.flash", !busy && have_port && self->layout_ok);
  gtk_widget_action_set_enabled (widget, "win.cancel", busy);
  gtk_widget_action_set_enabled (widget, "win.erase", !busy && have_port);
  gtk_widget_action_set_enabled (widget, "win.read", !busy && have_port);
  gtk_widget_action_set_enabled (widget, "win.detect", !busy && have_port);
  gtk_widget_action_set_enabled (widget, "win.inspect-flash", !busy && have_port);
  gtk_widget_action_set_enabled (widget, "win.open", !busy);
  gtk_widget_action_set_enabled (widget, "win.open-recent", !busy);
  gtk_widget_action_set_enabled (widget, "win.import", !busy);
  gtk_widget_action_set_enabled (widget, "win.import-at-release", !busy);
  gtk_widget_action_set_enabled (widget, "win.new-project", !busy);
  gtk_widget_action_set_enabled (widget, "win.add-file", !busy);
  gtk_widget_action_set_enabled (widget, "win.retry", !busy && self->can_retry);
  gtk_widget_action_set_enabled (widget, "win.write-anyway", !busy && self->can_force);
  kiln_window_remote_update_actions (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->erase_button), !busy && have_port);
  gtk_widget_set_sensitive (GTK_WIDGET (self->read_button), !busy && have_port);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), busy);
  kiln_window_tools_set_busy (self, busy);

  /* The settings describe the job; they cannot change under it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_dropdown), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->baud_dropdown), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->chip_dropdown), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->crystal_dropdown), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->keep_headers_check), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->erase_all_check), !busy);
  {
    gboolean keep = gtk_check_button_get_active (self->keep_headers_check);
    gtk_widget_set_sensitive (GTK_WIDGET (self->freq_dropdown), !busy && !keep);
    gtk_widget_set_sensitive (GTK_WIDGET (self->mode_dropdown), !busy && !keep);
    gtk_widget_set_sensitive (GTK_WIDGET (self->size_dropdown), !busy && !keep);
  }
}

gboolean
kiln_window_get_busy (KilnWindow *self)
{
  g_return_val_if_fail (KILN_IS_WINDOW (self), FALSE);
  return self->job != NULL;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
save_window_state (KilnWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    g_object_set (self->settings, "window-width", width, "window-height", height, NULL);
  g_object_set (self->settings, "window-maximized",
                gtk_window_is_maximized (GTK_WINDOW (self)), NULL);
}

static void
close_confirmed (KilnWindow *self)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
kiln_window_close_request (GtkWindow *window)
{
  KilnWindow *self = KILN_WINDOW (window);

  /* A changed project: ask first, and close once it is saved or given up. */
  if (self->dirty && self->project_file != NULL && !self->close_confirmed)
    {
      kiln_window_confirm_discard (self, close_confirmed);
      return TRUE;
    }

  save_window_state (self);
  /* Stop the job; the worker lets go of the port within a moment, and the
   * application stays up until it has (see set_busy()). */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (kiln_window_parent_class)->close_request (window);
}

static void
active_changed_cb (KilnWindow *self)
{
  /* Back from rebuilding the firmware in another window: look at the
   * files again. */
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->job == NULL)
    for (guint i = 0; i < kiln_window_get_n_rows (self); i++)
      kiln_region_row_reload (kiln_window_get_row (self, i));
}

static void
kiln_window_constructed (GObject *object)
{
  KilnWindow *self = KILN_WINDOW (object);
  int width, height;

  G_OBJECT_CLASS (kiln_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = kiln_settings_new (NULL);

  g_object_get (self->settings, "window-width", &width, "window-height", &height, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 640), MAX (height, 480));
  if (kiln_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->loading = TRUE;
  kiln_choice_bind (self->chip_dropdown, self->settings, "chip");
  setup_freq_choice (self);
  setup_size_choice (self);
  kiln_choice_bind (self->freq_dropdown, self->settings, "flash-freq");
  kiln_choice_bind (self->mode_dropdown, self->settings, "flash-mode");
  kiln_choice_bind (self->size_dropdown, self->settings, "flash-size");
  kiln_choice_bind (self->crystal_dropdown, self->settings, "crystal");
  g_object_bind_property_full (self->settings, "baud-rate", self->baud_dropdown, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               baud_to_selected, selected_to_baud, NULL, NULL);
  g_object_bind_property (self->settings, "keep-headers", self->keep_headers_check, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->settings, "erase-all", self->erase_all_check, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  self->loading = FALSE;

  g_signal_connect_object (self->settings, "notify::chip", G_CALLBACK (chip_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::flash-size",
                           G_CALLBACK (flash_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::keep-headers",
                           G_CALLBACK (flash_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::flash-mode",
                           G_CALLBACK (flash_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::flash-freq",
                           G_CALLBACK (flash_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::erase-all",
                           G_CALLBACK (flash_setting_changed_cb), self, G_CONNECT_SWAPPED);

  kiln_window_remote_init (self);
  kiln_window_revalidate (self);
}

static void
kiln_window_dispose (GObject *object)
{
  KilnWindow *self = KILN_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->job != NULL)
    {
      /* The worker finishes on its own; its callbacks find no window. */
      GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
      g_clear_object (&self->job);
      if (app != NULL)
        g_application_release (app);
    }
  if (self->ports != NULL)
    kiln_port_model_set_auto_refresh (self->ports, FALSE);
  g_clear_handle_id (&self->log_scroll_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_WINDOW);

  g_clear_object (&self->port_item_signals);
  g_clear_object (&self->ports);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->project_file);
  g_clear_object (&self->pending_open);
  g_clear_pointer (&self->job_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kiln_window_parent_class)->dispose (object);
}

static void
kiln_window_finalize (GObject *object)
{
  KilnWindow *self = KILN_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->read_path, g_free);
  g_clear_pointer (&self->last_log, g_free);

  G_OBJECT_CLASS (kiln_window_parent_class)->finalize (object);
}

static void
kiln_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KilnWindow *self = KILN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KilnWindow *self = KILN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* GTK 4.8 works out a window's minimum size for its present shape by
 * asking how wide the content must be to fit a given height. Most of this
 * window wraps (file rows, messages, the boot check), and wrapping text
 * asked to fit a short height answers with all of it on one line: after a
 * long error a 1000-px window grew to the width of that line, 2400 px. The
 * width this window needs does not depend on its height, so that question
 * gets the width it needs at any height. */
static void
kiln_window_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    for_size = -1;
  GTK_WIDGET_CLASS (kiln_window_parent_class)->measure (widget, orientation, for_size,
                                                         minimum, natural,
                                                         minimum_baseline, natural_baseline);
}

static void
kiln_window_class_init (KilnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kiln_window_constructed;
  object_class->dispose = kiln_window_dispose;
  object_class->finalize = kiln_window_finalize;
  object_class->get_property = kiln_window_get_property;
  object_class->set_property = kiln_window_set_property;
  window_class->close_request = kiln_window_close_request;
  widget_class->measure = kiln_window_measure;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, KILN_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KILN_TYPE_REGION_ROW);
  g_type_ensure (KILN_TYPE_PORT_ITEM);
  g_type_ensure (KILN_TYPE_FIT_SCROLL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kilnflasher/Kiln/ui/kiln-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, banner_retry_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, banner_force_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, content_paned);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, files_column);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, region_list);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, phase_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, speed_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, summary_revealer);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, erase_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, read_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, erase_popover);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, read_popover);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, erase_whole_check);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, erase_range_check);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, erase_address_entry);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, erase_size_entry);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, read_address_entry);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, read_size_entry);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, port_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, port_details_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, baud_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, chip_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, freq_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, crystal_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, keep_headers_check);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, erase_all_check);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, device_stack);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, boot_check_box);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, boot_check_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, boot_check_detail);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, boot_check_inspect);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, device_chip_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, device_mac_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, device_flash_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, device_crystal_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, device_loader_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, bottom_stack);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, copy_log_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, clear_log_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, project_section);

  kiln_window_class_init_actions (widget_class);
  kiln_window_class_init_tools (widget_class);
  kiln_window_class_init_remote (widget_class);
}

/* Copy and Clear act on the Log; the other tabs have their own. */
static void
bottom_page_changed_cb (KilnWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->bottom_stack);
  gboolean log = g_strcmp0 (name, "log") == 0;

  gtk_widget_set_visible (self->copy_log_button, log);
  gtk_widget_set_visible (self->clear_log_button, log);

  /* The Boot Log and the Console need room for their lines and for a
   * diagnosis: switching to them gives them half of the window when they
   * have less (the files and settings above scroll).  A divider the user
   * moved lower than that is left alone on the next switch too. */
  if (!log)
    {
      int height = gtk_widget_get_height (GTK_WIDGET (self->content_paned));

      if (height > 0 && gtk_paned_get_position (self->content_paned) > height / 2)
        gtk_paned_set_position (self->content_paned, height / 2);
    }
}

static GtkWidget *
make_list_placeholder (void)
{
  GtkWidget *label = gtk_label_new (_("No files yet. Drop firmware files here, press Add File, "
                                      "or open a project."));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "list-placeholder");
  return label;
}

static void
kiln_window_init (KilnWindow *self)
{
  g_autoptr(GtkListItemFactory) button_factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  setup_static_choices (self);
  kiln_gui_name_controls (GTK_WIDGET (self));

  /* Ports */
  self->ports = kiln_port_model_new ();
  self->port_item_signals = g_signal_group_new (KILN_TYPE_PORT_ITEM);
  g_signal_group_connect_object (self->port_item_signals, "notify::details",
                                 G_CALLBACK (update_port_details), self, G_CONNECT_SWAPPED);
  button_factory = gtk_builder_list_item_factory_new_from_resource (
    NULL, "/io/github/kilnflasher/Kiln/ui/kiln-port-button-item.ui");
  list_factory = gtk_builder_list_item_factory_new_from_resource (
    NULL, "/io/github/kilnflasher/Kiln/ui/kiln-port-list-item.ui");
  gtk_drop_down_set_factory (self->port_dropdown, button_factory);
  gtk_drop_down_set_list_factory (self->port_dropdown, list_factory);
  gtk_drop_down_set_model (self->port_dropdown, G_LIST_MODEL (self->ports));
  select_default_port (self);
  g_signal_connect_object (self->port_dropdown, "notify::selected",
                           G_CALLBACK (port_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ports, "items-changed",
                           G_CALLBACK (ports_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_set_target (self->port_item_signals, selected_port_item (self));
  kiln_port_model_set_auto_refresh (self->ports, TRUE);
  update_port_details (self);

  /* Files */
  gtk_list_box_set_placeholder (self->region_list, make_list_placeholder ());
  kiln_window_drop_init (self);

  /* Log */
  buffer = gtk_text_view_get_buffer (self->log_view);
  gtk_text_buffer_create_tag (buffer, "time", "foreground", "#77767b", NULL);
  gtk_text_buffer_create_tag (buffer, "warning", "foreground", "#c64600", NULL);
  gtk_text_buffer_create_tag (buffer, "error", "foreground", "#e01b24",
                              "weight", PANGO_WEIGHT_BOLD, NULL);
  self->log_follow = TRUE;
  {
    GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->log_view));
    g_signal_connect_object (adj, "notify::upper", G_CALLBACK (log_upper_changed_cb),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (adj, "value-changed", G_CALLBACK (log_value_changed_cb),
                             self, G_CONNECT_SWAPPED);
  }

  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
  g_signal_connect_object (self->bottom_stack, "notify::visible-child-name",
                           G_CALLBACK (bottom_page_changed_cb), self, G_CONNECT_SWAPPED);
  kiln_window_tools_init (self);
  kiln_window_project_init (self);
  kiln_window_notify_init (self);

  kiln_window_update_title (self);
}

/**
 * kiln_window_new:
 * @application: (nullable): the app
 * @settings: (nullable): the preferences; %NULL opens the app's schema
 */
KilnWindow *
kiln_window_new (KilnApplication *application,
                 KilnSettings    *settings)
{
  return g_object_new (KILN_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

/* The port of last time: for a window opened on a file as well. */
void
kiln_window_restore_port (KilnWindow *self)
{
  g_autofree char *port = NULL;
  guint position;

  g_return_if_fail (KILN_IS_WINDOW (self));

  port = kiln_settings_dup_string (self->settings, "last-port");
  if (port != NULL && *port != '\0')
    {
      /* A serial port that is not plugged in now is not forced into the
       * list; network ports and virtual boards are. */
      if (kiln_port_model_find (self->ports, port, &position))
        gtk_drop_down_set_selected (self->port_dropdown, position);
      else if (!g_str_has_prefix (port, "/dev/"))
        kiln_window_set_port (self, port);
    }
}

/* On start: the port and the project of last time. */
void
kiln_window_restore_session (KilnWindow *self)
{
  g_autofree char *project = NULL;

  g_return_if_fail (KILN_IS_WINDOW (self));

  kiln_window_restore_port (self);

  project = kiln_settings_dup_string (self->settings, "last-project");
  if (kiln_settings_get_boolean (self->settings, "reopen-last-project") &&
      project != NULL && *project != '\0' && g_file_test (project, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GFile) file = g_file_new_for_path (project);
      g_autoptr(GError) error = NULL;

      if (!kiln_window_load_project (self, file, &error))
        kiln_window_show_banner (self, KILN_BANNER_WARNING, error->message, FALSE);
    }
}
