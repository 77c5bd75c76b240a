/* kiln-layout.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "kiln-chip.h"
#include "kiln-error.h"
#include "kiln-layout.h"
#include "kiln-util.h"

KilnRegion *
kiln_region_new (guint32      address,
                 GBytes      *data,
                 const char  *name)
{
  KilnRegion *r = g_new0 (KilnRegion, 1);
  r->address = address;
  r->data = g_bytes_ref (data);
  r->name = g_strdup (name);
  return r;
}

/**
 * kiln_region_new_from_file:
 *
 * Reads the whole file.  Fails with %KILN_ERROR_FILE naming the file when
 * it is missing, unreadable or empty.
 */
KilnRegion *
kiln_region_new_from_file (guint32      address,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GMappedFile) map = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base = g_path_get_basename (path);
  KilnRegion *r;

  map = g_mapped_file_new (path, FALSE, &local);
  if (map == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                     _("File %s does not exist. Check the path."), path);
      else if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ACCES))
        g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                     _("File %s cannot be read: permission denied."), path);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                     _("File %s cannot be read: %s"), path, local->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (map);
  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("File %s is empty: there is nothing to write."), path);
      return NULL;
    }
  /* Copy: the file may change while a long job runs. */
  {
    g_autoptr(GBytes) copy = g_bytes_new (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    r = kiln_region_new (address, copy, base);
  }
  r->path = g_strdup (path);
  return r;
}

KilnRegion *
kiln_region_copy (const KilnRegion *region)
{
  KilnRegion *r = kiln_region_new (region->address, region->data, region->name);
  r->path = g_strdup (region->path);
  r->chip = g_strdup (region->chip);
  return r;
}

void
kiln_region_free (KilnRegion *region)
{
  if (region == NULL)
    return;
  g_bytes_unref (region->data);
  g_free (region->name);
  g_free (region->path);
  g_free (region->chip);
  g_free (region);
}

guint32
kiln_region_end (const KilnRegion *region)
{
  guint64 end = (guint64) region->address + g_bytes_get_size (region->data);
  return (guint32) MIN (end, G_MAXUINT32);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

gboolean
kiln_region_is_for_chip (const KilnRegion   *region,
                         const KilnChipInfo *chip)
{
  return region->chip == NULL || kiln_chip_by_name (region->chip) == chip;
}

GStrv
kiln_regions_chips (GPtrArray *regions)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < regions->len; i++)
    {
      const KilnRegion *r = g_ptr_array_index (regions, i);
      const KilnChipInfo *chip = r->chip != NULL ? kiln_chip_by_name (r->chip) : NULL;
      const char *name = chip != NULL ? chip->display_name : r->chip;
      gboolean seen = FALSE;

      if (name == NULL)
        continue;
      for (guint j = 0; j < names->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (names, j), name);
      if (!seen)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

void
kiln_layout_problem_free (KilnLayoutProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

static void
add_problem (GPtrArray             *out,
             KilnLayoutProblemKind  kind,
             gint                   index,
             gint                   other,
             char                  *message)
{
  KilnLayoutProblem *p = g_new0 (KilnLayoutProblem, 1);
  p->kind = kind;
  p->index = index;
  p->other = other;
  p->message = message;
  g_ptr_array_add (out, p);
}

static char *
format_size (guint64 bytes)
{
  return kiln_format_size (bytes);
}

/**
 * kiln_layout_problems:
 * @regions: (element-type KilnRegion)
 * @flash_size: bytes, 0 = unknown (the bounds rules are skipped)
 *
 * Checks each region: not empty, not larger than the flash, not beyond its
 * end, on a 4 KiB sector boundary (unless @flags allow otherwise: the ROM
 * erases whole sectors, so an unaligned start would wipe the bytes before
 * it), and not overlapping any other region.  Every message names the
 * file(s) and the byte ranges, and says what to change.
 *
 * Returns: (transfer full) (element-type KilnLayoutProblem): every
 *   problem, in region order; empty when the layout is fine
 */
GPtrArray *
kiln_layout_problems (GPtrArray       *regions,
                      guint32          flash_size,
                      KilnLayoutFlags  flags)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_layout_problem_free);
  g_autofree char *flash_str = flash_size > 0 ? format_size (flash_size) : NULL;

  for (guint i = 0; i < regions->len; i++)
    {
      KilnRegion *r = g_ptr_array_index (regions, i);
      gsize size = g_bytes_get_size (r->data);
      guint64 end = (guint64) r->address + size;

      if (size == 0)
        {
          add_problem (out, KILN_LAYOUT_PROBLEM_EMPTY, (gint) i, -1,
                       g_strdup_printf (_("%s is empty: there is nothing to write. Remove the row "
                                          "or choose another file."), r->name));
          continue;
        }
      if (flash_size > 0 && size > flash_size)
        {
          g_autofree char *rounded = format_size (size);
          /* "1 MiB, 1048576 bytes", but not "1000 bytes, 1000 bytes". */
          g_autofree char *size_str = size % 1024 == 0
            ? g_strdup_printf ("%s, %zu bytes", rounded, size)
            : g_strdup_printf ("%zu bytes", size);
          add_problem (out, KILN_LAYOUT_PROBLEM_TOO_LARGE, (gint) i, -1,
                       g_strdup_printf (_("%s (%s) is larger than the whole flash (%s). Check the "
                                          "file and the flash size."),
                                        r->name, size_str, flash_str));
        }
      else if (flash_size > 0 && end > flash_size)
        add_problem (out, KILN_LAYOUT_PROBLEM_BOUNDS, (gint) i, -1,
                     g_strdup_printf (_("%s at 0x%x ends at 0x%" PRIx64 ", beyond the "
                                        "end of the %s flash (last byte 0x%x). Use an address "
                                        "no higher than 0x%" PRIx64 " or a larger "
                                        "flash size."),
                                      r->name, r->address, end - 1, flash_str, flash_size - 1,
                                      (guint64) flash_size - size));
      if (!(flags & KILN_LAYOUT_ALLOW_UNALIGNED) && r->address % KILN_SECTOR_SIZE != 0)
        {
          guint32 sector = r->address & ~(KILN_SECTOR_SIZE - 1);
          add_problem (out, KILN_LAYOUT_PROBLEM_MISALIGNED, (gint) i, -1,
                       g_strdup_printf (_("%s starts at 0x%x, which is not on a 4 KiB sector "
                                          "boundary: writing it erases the whole sector "
                                          "0x%x–0x%x, so whatever is at 0x%x–0x%x before it "
                                          "would be lost. Use an address that is a multiple of "
                                          "0x1000, such as 0x%x or 0x%x."),
                                        r->name, r->address, sector,
                                        sector + KILN_SECTOR_SIZE - 1, sector, r->address - 1,
                                        sector, sector + KILN_SECTOR_SIZE));
        }
      for (guint j = 0; j < i; j++)
        {
          KilnRegion *o = g_ptr_array_index (regions, j);
          guint64 oend = (guint64) o->address + g_bytes_get_size (o->data);
          /* Builds for two different chips are never written together. */
          if (r->chip != NULL && o->chip != NULL && g_ascii_strcasecmp (r->chip, o->chip) != 0)
            continue;
          if (g_bytes_get_size (o->data) > 0 && r->address < oend && o->address < end)
            {
              guint64 from = MAX (r->address, o->address);
              guint64 to = MIN (end, oend);
              add_problem (out, KILN_LAYOUT_PROBLEM_OVERLAP, (gint) i, (gint) j,
                           g_strdup_printf (_("%s (0x%x–0x%" PRIx64 ") overlaps %s "
                                              "(0x%x–0x%" PRIx64 "): both would write "
                                              "0x%" PRIx64 "–0x%" PRIx64 " (%" PRIu64 " bytes). Move one of "
                                              "them or disable one row."),
                                            r->name, r->address, end - 1, o->name, o->address,
                                            oend - 1, from, to - 1, to - from));
            }
        }
    }
  return out;
}

gboolean
kiln_layout_check (GPtrArray       *regions,
                   guint32          flash_size,
                   KilnLayoutFlags  flags,
                   GError         **error)
{
  g_autoptr(GPtrArray) problems = kiln_layout_problems (regions, flash_size, flags);
  KilnLayoutProblem *p;
  KilnError code = KILN_ERROR_FAILED;

  if (problems->len == 0)
    return TRUE;
  p = g_ptr_array_index (problems, 0);
  switch (p->kind)
    {
    case KILN_LAYOUT_PROBLEM_EMPTY: code = KILN_ERROR_FILE; break;
    case KILN_LAYOUT_PROBLEM_OVERLAP: code = KILN_ERROR_REGION_OVERLAP; break;
    case KILN_LAYOUT_PROBLEM_BOUNDS:
    case KILN_LAYOUT_PROBLEM_TOO_LARGE: code = KILN_ERROR_REGION_BOUNDS; break;
    case KILN_LAYOUT_PROBLEM_MISALIGNED: code = KILN_ERROR_REGION_ALIGN; break;
    case KILN_LAYOUT_PROBLEM_NONE: break;
    }
  g_set_error_literal (error, KILN_ERROR, code, p->message);
  return FALSE;
}

static gint
compare_address (gconstpointer a,
                 gconstpointer b)
{
  const KilnRegion *ra = *(KilnRegion *const *) a;
  const KilnRegion *rb = *(KilnRegion *const *) b;
  return ra->address < rb->address ? -1 : ra->address > rb->address;
}

void
kiln_layout_sort (GPtrArray *regions)
{
  g_ptr_array_sort (regions, compare_address);
}

/* ---------------------------------------------------------------------- */
/* File rows                                                                */

KilnFileRow *
kiln_file_row_new (gboolean    enabled,
                   const char *path,
                   guint32     address,
                   const char *note)
{
  KilnFileRow *row = g_new0 (KilnFileRow, 1);
  row->enabled = enabled;
  row->path = g_strdup (path);
  row->address = address;
  row->note = g_strdup (note);
  return row;
}

KilnFileRow *
kiln_file_row_copy (const KilnFileRow *row)
{
  KilnFileRow *copy = kiln_file_row_new (row->enabled, row->path, row->address, row->note);
  copy->chip = g_strdup (row->chip);
  return copy;
}

void
kiln_file_row_free (KilnFileRow *row)
{
  if (row == NULL)
    return;
  g_free (row->path);
  g_free (row->note);
  g_free (row->chip);
  g_free (row);
}

/* ---------------------------------------------------------------------- */
/* ESP8266 flash maps                                                       */

#define KB 1024u
#define MB (1024u * 1024u)

/* protocol-facts.md §11.1 and §11.2.  The last four sectors hold PHY init
 * data (E − 0x4000) and system parameters (E − 0x3000 …), with blank.bin at
 * E − 0x2000; the RF calibration sector sits just below (E − 0x5000).
 * Maps 1, 8 and 9 follow that rule but no Espressif file read lists their
 * addresses ("derived").  Map 7 (2048+2048) is left out: the SDK itself
 * calls it unsupported.  Maps 8 and 9 are 1024+1024 like 5 and 6, so they
 * are given the boot_v1.4 that 1024 KB slots need, although the SDK
 * Makefile's message says v1.2+; every SDK that knows maps 8/9 ships a
 * newer boot.bin anyway. */
static const KilnFlashMap flash_maps[] = {
  /* map, name, esptool name, size, slot, user1, user2,
   * rf_cal, init data, system params, blank, AT blank, boot_v1.N, derived */
  { 1, "2Mbit", "256KB", 256 * KB, 0, 0, 0,
    0x3B000, 0x3C000, 0x3D000, 0x3E000, 0, 0, TRUE },
  { 0, "4Mbit", "512KB", 512 * KB, 256 * KB, 0x1000, 0x41000,
    0x7B000, 0x7C000, 0x7D000, 0x7E000, 0, 2, FALSE },
  { 2, "8Mbit", "1MB", 1 * MB, 512 * KB, 0x1000, 0x81000,
    0xFB000, 0xFC000, 0xFD000, 0xFE000, 0x7E000, 2, FALSE },
  { 3, "16Mbit", "2MB", 2 * MB, 512 * KB, 0x1000, 0x81000,
    0x1FB000, 0x1FC000, 0x1FD000, 0x1FE000, 0x7E000, 2, FALSE },
  { 5, "16Mbit-C1", "2MB-c1", 2 * MB, 1 * MB, 0x1000, 0x101000,
    0x1FB000, 0x1FC000, 0x1FD000, 0x1FE000, 0xFE000, 4, FALSE },
  { 4, "32Mbit", "4MB", 4 * MB, 512 * KB, 0x1000, 0x81000,
    0x3FB000, 0x3FC000, 0x3FD000, 0x3FE000, 0x7E000, 2, FALSE },
  { 6, "32Mbit-C1", "4MB-c1", 4 * MB, 1 * MB, 0x1000, 0x101000,
    0x3FB000, 0x3FC000, 0x3FD000, 0x3FE000, 0xFE000, 4, FALSE },
  { 8, "64Mbit", "8MB", 8 * MB, 1 * MB, 0x1000, 0x101000,
    0x7FB000, 0x7FC000, 0x7FD000, 0x7FE000, 0, 4, TRUE },
  { 9, "128Mbit", "16MB", 16 * MB, 1 * MB, 0x1000, 0x101000,
    0xFFB000, 0xFFC000, 0xFFD000, 0xFFE000, 0, 4, TRUE },
  { 0, NULL }
};

const KilnFlashMap *
kiln_flash_maps (void)
{
  return flash_maps;
}

const KilnFlashMap *
kiln_flash_map_get (guint map)
{
  for (const KilnFlashMap *m = flash_maps; m->name != NULL; m++)
    if (m->map == map)
      return m;
  return NULL;
}

const KilnFlashMap *
kiln_flash_map_lookup (const char *name)
{
  g_autofree char *legacy = NULL;

  if (name == NULL)
    return NULL;
  for (const KilnFlashMap *m = flash_maps; m->name != NULL; m++)
    if (g_ascii_strcasecmp (m->name, name) == 0 || g_ascii_strcasecmp (m->esptool_name, name) == 0)
      return m;

  /* esptool 1.x spelled sizes in megabits with a bare "m" ("32m-c1", seed
   * 002).  Here "m" can only mean megabit: byte sizes are spelled MB. */
  {
    char *end = NULL;
    guint64 mbit = g_ascii_strtoull (name, &end, 10);
    if (end != name && (end[0] == 'm' || end[0] == 'M') &&
        (end[1] == '\0' || g_ascii_strcasecmp (end + 1, "-c1") == 0) &&
        g_ascii_strncasecmp (end, "mb", 2) != 0)
      legacy = g_strdup_printf ("%" PRIu64 "Mbit%s", mbit, end[1] ? "-C1" : "");
  }
  if (legacy != NULL)
    for (const KilnFlashMap *m = flash_maps; m->name != NULL; m++)
      if (g_ascii_strcasecmp (m->name, legacy) == 0)
        return m;
  return NULL;
}

/**
 * kiln_flash_map_parse_firmware_name:
 * @filename: a path or a basename, e.g. "bin/at/1024+1024/user1.2048.new.5.bin"
 *
 * Returns: %TRUE when the name follows the NONOS build naming
 *   user<app>.<kb>.<new|old>.<map>.bin (§11.1)
 */
gboolean
kiln_flash_map_parse_firmware_name (const char       *filename,
                                    KilnFirmwareName *out)
{
  g_autofree char *base = g_path_get_basename (filename);
  g_auto(GStrv) parts = g_strsplit (base, ".", -1);
  const KilnFlashMap *built;
  guint64 app, kb, map;

  if (g_strv_length (parts) != 5 || !g_str_has_prefix (parts[0], "user") ||
      g_ascii_strcasecmp (parts[4], "bin") != 0 ||
      (g_strcmp0 (parts[2], "new") != 0 && g_strcmp0 (parts[2], "old") != 0))
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0] + 4, 10, 1, 2, &app, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 65536, &kb, NULL) ||
      !g_ascii_string_to_unsigned (parts[3], 10, 0, 15, &map, NULL))
    return FALSE;
  built = kiln_flash_map_get ((guint) map);
  if (built == NULL)
    return FALSE;

  out->app = (guint) app;
  out->name_kb = (guint) kb;
  out->built_map = (guint) map;
  out->compatible_maps = 0;
  /* Same app slots, same family: maps 8 and 9 came with SDK 2.1 and are
   * offered only to firmware built for them. */
  for (const KilnFlashMap *m = flash_maps; m->name != NULL; m++)
    if (m->slot_size == built->slot_size && m->slot_size != 0 &&
        ((m->map >= 8) == (built->map >= 8) || built->map >= 8))
      out->compatible_maps |= 1u << m->map;
  return TRUE;
}

/**
 * kiln_flash_map_firmware_warning:
 *
 * Returns: (transfer full) (nullable): why @filename will not boot with
 *   @map, naming the map to choose; %NULL when it will (or the name is not
 *   a NONOS build name)
 */
char *
kiln_flash_map_firmware_warning (const KilnFlashMap *map,
                                 const char         *filename)
{
  g_autofree char *base = g_path_get_basename (filename);
  KilnFirmwareName fw;
  const KilnFlashMap *built;

  if (map == NULL || !kiln_flash_map_parse_firmware_name (filename, &fw) ||
      fw.built_map == map->map)
    return NULL;
  built = kiln_flash_map_get (fw.built_map);
  if (fw.compatible_maps & (1u << map->map))
    /* Seed 000: an SDK 3 AT firmware built for map 5 written with
     * 32Mbit-C1 prints "mismatch map 5,spi_size_map 6" and stops. */
    return g_strdup_printf (_("%s was built for flash map %u (%s). With %s (map %u) firmware from "
                              "NONOS SDK 3.0 on stops at boot with “mismatch map %u,spi_size_map "
                              "%u”. Choose %s (%s), even if the chip is larger: the map is a "
                              "layout, not the chip size."),
                            base, built->map, built->name, map->name, map->map, built->map,
                            map->map, built->name, built->esptool_name);
  return g_strdup_printf (_("%s was built for flash map %u (%s, %u KB app slots), which %s (map %u, "
                            "%u KB slots) cannot hold: it will not boot. Choose %s (%s), or use "
                            "the firmware built for %s."),
                          base, built->map, built->name, built->slot_size / 1024, map->name,
                          map->map, map->slot_size / 1024, built->name, built->esptool_name,
                          map->name);
}

/* ---------------------------------------------------------------------- */
/* NONOS AT release folders                                                 */

typedef struct
{
  char  *boot;
  guint  boot_minor;
  char  *init;
  gint   init_version;
  char  *blank;
  GPtrArray *user1;   /* paths */
} AtRelease;

static void
at_release_clear (AtRelease *rel)
{
  g_free (rel->boot);
  g_free (rel->init);
  g_free (rel->blank);
  g_clear_pointer (&rel->user1, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AtRelease, at_release_clear)

static void
scan_release (AtRelease  *rel,
              const char *dir,
              guint       depth)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (depth > 5 || (d = g_dir_open (dir, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      guint major, minor;
      KilnFirmwareName fw;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          scan_release (rel, path, depth + 1);
          continue;
        }
      if (sscanf (name, "boot_v%u.%u.bin", &major, &minor) == 2 && major == 1)
        {
          if (rel->boot == NULL || minor > rel->boot_minor)
            {
              g_free (rel->boot);
              rel->boot = g_strdup (path);
              rel->boot_minor = minor;
            }
        }
      else if (g_str_has_prefix (name, "esp_init_data_default") && g_str_has_suffix (name, ".bin"))
        {
          /* esp_init_data_default.bin, _v05.bin, _v08.bin: take the newest. */
          guint v = 0;
          gint version = sscanf (name, "esp_init_data_default_v%u.bin", &v) == 1 ? (gint) v : 0;
          if (rel->init == NULL || version > rel->init_version)
            {
              g_free (rel->init);
              rel->init = g_strdup (path);
              rel->init_version = version;
            }
        }
      else if (g_str_equal (name, "blank.bin"))
        {
          if (rel->blank == NULL)
            rel->blank = g_strdup (path);
        }
      else if (kiln_flash_map_parse_firmware_name (name, &fw) && fw.app == 1)
        g_ptr_array_add (rel->user1, g_strdup (path));
    }
}

/* Seed 000: the AT user1 is the one under at/, not at_sdio/ (the SDIO
 * variant talks to a host over SDIO, not over the UART). */
static gint
user1_rank (const char         *path,
            const KilnFlashMap *map)
{
  KilnFirmwareName fw;
  g_auto(GStrv) comps = g_strsplit (path, G_DIR_SEPARATOR_S, -1);
  gint rank = 0;

  kiln_flash_map_parse_firmware_name (path, &fw);
  if (fw.built_map == map->map)
    rank += 4;
  else if (fw.compatible_maps & (1u << map->map))
    rank += 2;
  for (guint i = 0; comps[i] != NULL; i++)
    {
      if (g_str_equal (comps[i], "at"))
        rank += 8;
      else if (g_str_has_prefix (comps[i], "at_"))
        rank -= 8;
    }
  return rank;
}

static void
add_row (GPtrArray  *rows,
         const char *path,
         guint32     address,
         const char *note)
{
  g_ptr_array_add (rows, kiln_file_row_new (TRUE, path, address, note));
}

static gint
compare_row_address (gconstpointer a,
                     gconstpointer b)
{
  const KilnFileRow *ra = *(KilnFileRow *const *) a;
  const KilnFileRow *rb = *(KilnFileRow *const *) b;
  return ra->address < rb->address ? -1 : ra->address > rb->address;
}

/**
 * kiln_layout_at_release_rows:
 *
 * Fails with %KILN_ERROR_FILE when @folder holds no boot_v1.x.bin or no
 * user1 build; a missing init data or blank.bin is a warning.
 *
 * Returns: (transfer full) (element-type KilnFileRow): the rows, or %NULL
 */
GPtrArray *
kiln_layout_at_release_rows (const char          *folder,
                             const KilnFlashMap  *map,
                             GPtrArray          **warnings,
                             GError             **error)
{
  g_auto(AtRelease) rel = { 0 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_file_row_free);
  g_autoptr(GPtrArray) warn = g_ptr_array_new_with_free_func (g_free);
  const char *user1 = NULL;
  gint best = G_MININT;
  char *w;

  g_return_val_if_fail (map != NULL, NULL);
  if (warnings != NULL)
    *warnings = NULL;
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("%s is not a folder. Choose the folder of the AT release (the one with "
                     "bin/ in it)."), folder);
      return NULL;
    }
  rel.user1 = g_ptr_array_new_with_free_func (g_free);
  scan_release (&rel, folder, 0);

  if (map->slot_size == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("%s (map %u) has no room for the boot loader and user1/user2 layout the AT "
                     "firmware uses. Choose a larger flash map."), map->name, map->map);
      return NULL;
    }
  if (rel.boot == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("No boot_v1.x.bin in %s: is this a NONOS AT release folder?"), folder);
      return NULL;
    }
  for (guint i = 0; i < rel.user1->len; i++)
    {
      const char *p = g_ptr_array_index (rel.user1, i);
      gint rank = user1_rank (p, map);
      /* Equal rank: the shorter path, then the name order, so the
       * result does not depend on the order the folder lists files. */
      if (rank > best ||
          (rank == best && (strlen (p) < strlen (user1) ||
                            (strlen (p) == strlen (user1) && strcmp (p, user1) < 0))))
        {
          best = rank;
          user1 = p;
        }
    }
  if (user1 == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("No user1.<size>.new.<map>.bin in %s: is this a NONOS AT release folder?"),
                   folder);
      return NULL;
    }

  add_row (rows, rel.boot, 0x0, _("boot loader"));
  add_row (rows, user1, map->user1_address, _("AT firmware (user1)"));
  if (rel.init != NULL)
    add_row (rows, rel.init, map->init_data_address, _("PHY init data"));
  else
    g_ptr_array_add (warn, g_strdup_printf (_("No esp_init_data_default*.bin in %s: without it the "
                                              "SDK stops with “rf_cal[0] !=0x05,is 0xFF” on an "
                                              "erased chip."), folder));
  if (rel.blank != NULL)
    {
      if (map->at_blank_address != 0)
        add_row (rows, rel.blank, map->at_blank_address, _("AT parameters (blank)"));
      add_row (rows, rel.blank, map->blank_address, _("system parameters (blank)"));
    }
  else
    g_ptr_array_add (warn, g_strdup_printf (_("No blank.bin in %s: old parameters stay in flash. "
                                              "Erase the chip first instead."), folder));

  if ((w = kiln_flash_map_firmware_warning (map, user1)) != NULL)
    g_ptr_array_add (warn, w);
  if (rel.boot_minor < map->boot_minor)
    {
      g_autofree char *base = g_path_get_basename (rel.boot);
      g_ptr_array_add (warn, g_strdup_printf (_("%s is too old for %s: its %u KB app slots need "
                                                "boot_v1.%u or later."),
                                              base, map->name, map->slot_size / 1024,
                                              map->boot_minor));
    }

  g_ptr_array_sort (rows, compare_row_address);
  if (warnings != NULL)
    *warnings = g_steal_pointer (&warn);
  return g_steal_pointer (&rows);
}
