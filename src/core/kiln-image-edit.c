/* kiln-image-edit.c: images changed and put together: flash settings
 * patched into a header, the crystal into PHY init data, files merged.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The byte layouts are those of docs/protocol-facts.md §9 and §11.
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-image-private.h"
#include "kiln-layout.h"
#include "kiln-util.h"

static const char *
size_name (const KilnChipInfo *chip,
           guint8              code)
{
  const KilnFlashSize *s = kiln_chip_flash_size_by_code (chip, code);
  return s ? s->name : "?";
}

static const char *
freq_name (const KilnChipInfo *chip,
           guint8              code)
{
  const KilnFlashFreq *f = kiln_chip_flash_freq_by_code (chip, code);
  return f ? f->name : "?";
}

/**
 * kiln_image_patch_flash_params_named:
 *
 * See kiln_image_patch_flash_params().  Follows §9.5: only at the chip's
 * bootloader offset, only for data of at least 8 bytes starting 0xE9
 * whose headers and segments parse as an image of @chip (encrypted data
 * that happens to start with 0xE9 does not).  The XOR checksum covers
 * segment data only, so it stays valid; the appended SHA-256 covers the
 * header and is recomputed on ESP32-family chips when byte 23 is 1.
 * Anything after the digest is kept (merged files).
 */
GBytes *
kiln_image_patch_flash_params_named (GBytes                *data,
                                     const KilnChipInfo    *chip,
                                     guint32                address,
                                     const KilnFlashParams *params,
                                     const char            *name,
                                     char                 **description)
{
  gsize len = 0;
  const guint8 *d = g_bytes_get_data (data, &len);
  g_autoptr(KilnImageInfo) info = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree guint8 *copy = NULL;
  g_autofree char *joined = NULL;
  guint8 mode, size, freq;
  gboolean sha = FALSE;

  if (description != NULL)
    *description = NULL;
  if (chip == NULL || params == NULL || address != chip->bootloader_offset || len < 8 ||
      d[0] != IMAGE_MAGIC_V1 || (params->mode < 0 && params->freq < 0 && params->size < 0))
    return g_bytes_ref (data);

  info = kiln_image_inspect (d, len, chip, FALSE);
  if (!info->structure_ok)
    return g_bytes_ref (data);
  if (chip->id == KILN_CHIP_ESP8266 ? info->kind != KILN_IMAGE_ESP8266_V1
                                    : (info->kind != KILN_IMAGE_ESP32 ||
                                       info->chip_id != chip->image_chip_id))
    return g_bytes_ref (data);

  mode = params->mode >= 0 ? (guint8) params->mode : d[2];
  size = params->size >= 0 ? (guint8) (params->size & 0xF) : d[3] >> 4;
  freq = params->freq >= 0 ? (guint8) (params->freq & 0xF) : d[3] & 0xF;
  if (mode == d[2] && ((size << 4) | freq) == d[3])
    return g_bytes_ref (data);

  changes = g_ptr_array_new_with_free_func (g_free);
  if (mode != d[2])
    g_ptr_array_add (changes, g_strdup_printf (_("flash mode %s→%s"),
                                               kiln_flash_mode_name (d[2]),
                                               kiln_flash_mode_name (mode)));
  if (size != d[3] >> 4)
    g_ptr_array_add (changes, g_strdup_printf (_("size %s→%s"), size_name (chip, d[3] >> 4),
                                               size_name (chip, size)));
  if (freq != (d[3] & 0xF))
    g_ptr_array_add (changes, g_strdup_printf (_("frequency %s→%s"), freq_name (chip, d[3] & 0xF),
                                               freq_name (chip, freq)));

  copy = g_memdup2 (d, len);
  copy[2] = mode;
  copy[3] = (guint8) ((size << 4) | freq);

  /* Byte 23 is the extended header's "hash appended"; ESP8266 images have
   * segment data there, so look at it only on ESP32-family chips. */
  if (chip->id != KILN_CHIP_ESP8266 && copy[23] == 1 &&
      info->data_length + SHA256_LEN <= len)
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      gsize n = SHA256_LEN;
      g_checksum_update (sum, copy, info->data_length);
      g_checksum_get_digest (sum, copy + info->data_length, &n);
      sha = TRUE;
    }

  if (description != NULL)
    {
      g_ptr_array_add (changes, NULL);
      joined = g_strjoinv (", ", (char **) changes->pdata);
      /* Capitalise the first word, whichever field changed first. */
      joined[0] = g_ascii_toupper (joined[0]);
      if (name != NULL)
        *description = sha
          ? g_strdup_printf (_("%s in the header of %s (SHA-256 updated)"), joined, name)
          : g_strdup_printf (_("%s in the header of %s"), joined, name);
      else
        *description = sha
          ? g_strdup_printf (_("%s in the boot loader header (SHA-256 updated)"), joined)
          : g_strdup_printf (_("%s in the boot loader header"), joined);
    }
  return g_bytes_new_take (g_steal_pointer (&copy), len);
}

GBytes *
kiln_image_patch_flash_params (GBytes                *data,
                               const KilnChipInfo    *chip,
                               guint32                address,
                               const KilnFlashParams *params,
                               char                 **description)
{
  return kiln_image_patch_flash_params_named (data, chip, address, params, NULL, description);
}

static char *
list_sizes (const KilnChipInfo *chip)
{
  g_autoptr(GString) s = g_string_new (NULL);
  for (const KilnFlashSize *f = chip->flash_sizes; f->name != NULL; f++)
    g_string_append_printf (s, "%s%s", s->len ? ", " : "", f->name);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
list_freqs (const KilnChipInfo *chip)
{
  g_autoptr(GString) s = g_string_new (NULL);
  for (const KilnFlashFreq *f = chip->flash_freqs; f->name != NULL; f++)
    g_string_append_printf (s, "%s%s", s->len ? ", " : "", f->name);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
is_keep (const char *value)
{
  return value == NULL || *value == '\0' || g_ascii_strcasecmp (value, "keep") == 0;
}

gboolean
kiln_flash_params_parse (KilnFlashParams    *params,
                         const KilnChipInfo *chip,
                         const char         *mode,
                         const char         *freq,
                         const char         *size,
                         GError            **error)
{
  params->mode = params->freq = params->size = -1;

  if (!is_keep (mode))
    {
      guint8 m;
      if (!kiln_flash_mode_parse (mode, &m))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                       _("Unknown flash mode “%s”. Use keep, qio, qout, dio or dout."), mode);
          return FALSE;
        }
      params->mode = m;
    }
  if (!is_keep (freq))
    {
      const KilnFlashFreq *f = kiln_chip_flash_freq_lookup (chip, freq);
      if (f == NULL)
        {
          g_autofree char *names = list_freqs (chip);
          g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                       _("Unknown flash frequency “%s” for %s. Use keep or one of: %s."),
                       freq, chip->display_name, names);
          return FALSE;
        }
      params->freq = f->code;
    }
  if (!is_keep (size) && g_ascii_strcasecmp (size, "detect") != 0)
    {
      const KilnFlashSize *s = kiln_chip_flash_size_lookup (chip, size);
      if (s == NULL && chip->id == KILN_CHIP_ESP8266)
        {
          const KilnFlashMap *map = kiln_flash_map_lookup (size);
          if (map != NULL)
            s = kiln_chip_flash_size_by_code (chip, (guint8) map->map);
        }
      if (s == NULL)
        {
          g_autofree char *names = list_sizes (chip);
          g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                       _("Unknown flash size “%s” for %s. Use keep, detect or one of: %s."),
                       size, chip->display_name, names);
          return FALSE;
        }
      params->size = s->code;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Init data                                                                */

/**
 * kiln_image_set_init_data_crystal:
 * @data: an esp_init_data_default*.bin
 * @mhz: 40, 26 or 24
 * @description: (out) (optional) (nullable): what changed, or %NULL
 *
 * Writes the crystal frequency into byte 48 of the PHY init data, as
 * Espressif's Download Tool does for its CrystalFreq choice.
 *
 * What is confirmed and what is not: protocol-facts.md §11.2 says only that
 * the tool writes "the crystal choice into byte 48 … (40/26/24 MHz)"; it
 * does not give the encoding.  The encoding used here, 0 = 40 MHz,
 * 1 = 26 MHz, 2 = 24 MHz, is the SDK's own (the PHY init parameter the SDK
 * documentation calls crystal_26m_en), as restated in public PHY init tables
 * (e.g. the esp8266 Arduino core's init data comments); the shipped v05/v08
 * files hold 1 there, matching the 26 MHz crystal of nearly every module,
 * and users report that 0 makes 40 MHz boards work.  The 24 MHz value (2)
 * we could not check against a board.
 *
 * Returns: (transfer full): the patched bytes, or %NULL with
 *   %KILN_ERROR_INVALID_ARGUMENT (unknown frequency) or
 *   %KILN_ERROR_IMAGE_INVALID (not init data)
 */
GBytes *
kiln_image_set_init_data_crystal (GBytes  *data,
                                  guint    mhz,
                                  char   **description,
                                  GError **error)
{
  gsize len = 0;
  const guint8 *d = g_bytes_get_data (data, &len);
  guint8 value;
  guint8 *copy;
  gint old;

  if (description != NULL)
    *description = NULL;
  switch (mhz)
    {
    case 40: value = 0; break;
    case 26: value = 1; break;
    case 24: value = 2; break;
    default:
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("The ESP8266 crystal can be 26, 40 or 24 MHz, not %u MHz."), mhz);
      return NULL;
    }
  if (!kiln_image_is_init_data (d, len))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("This is not esp_init_data_default: such files are 128 bytes and start "
                     "05 xx 04 02."));
      return NULL;
    }
  if (d[KILN_INIT_DATA_CRYSTAL_BYTE] == value)
    return g_bytes_ref (data);

  old = kiln_image_crystal_from_byte (d[KILN_INIT_DATA_CRYSTAL_BYTE]);
  copy = g_memdup2 (d, len);
  copy[KILN_INIT_DATA_CRYSTAL_BYTE] = value;
  if (description != NULL)
    {
      if (old != 0)
        *description = g_strdup_printf (_("Crystal %d MHz→%u MHz in the init data (byte 48)"),
                                        old, mhz);
      else
        *description = g_strdup_printf (_("Crystal set to %u MHz in the init data (byte 48)"), mhz);
    }
  return g_bytes_new_take (copy, len);
}

/* ---------------------------------------------------------------------- */
/* Merging                                                                  */

/* Flash chips Espressif parts use top out at 128 MiB (§9.1); refuse to
 * allocate more than that for a merged file. */
#define MERGE_MAX (128u * 1024u * 1024u)

/**
 * kiln_image_merge:
 * @regions: (element-type KilnRegion): the parts, in any order
 * @fill_flash_size: pad the result with 0xFF to this size; 0 = stop after
 *   the last region
 *
 * The result is meant to be written at 0x0: region addresses become file
 * offsets.  Regions must not overlap, must not be empty and must fit in
 * @fill_flash_size (KILN_ERROR_REGION_OVERLAP, KILN_ERROR_FILE,
 * KILN_ERROR_REGION_BOUNDS, from kiln_layout_check()).  Sector alignment
 * is not required here: in one file nothing is erased around a region.
 *
 * Returns: (transfer full): the merged bytes, or %NULL
 */
GBytes *
kiln_image_merge (GPtrArray  *regions,
                  guint32     fill_flash_size,
                  GError    **error)
{
  guint64 end = 0;
  guint8 *out;

  if (!kiln_layout_check (regions, fill_flash_size, KILN_LAYOUT_ALLOW_UNALIGNED, error))
    return NULL;
  for (guint i = 0; i < regions->len; i++)
    {
      const KilnRegion *r = g_ptr_array_index (regions, i);
      end = MAX (end, (guint64) r->address + g_bytes_get_size (r->data));
    }
  end = MAX (end, fill_flash_size);
  if (end > MERGE_MAX)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS,
                   _("The merged file would be %" PRIu64 " MiB; flash chips hold at "
                     "most %u MiB. Check the addresses."),
                   end / (1024 * 1024), MERGE_MAX / (1024 * 1024));
      return NULL;
    }
  out = g_malloc ((gsize) end);
  memset (out, 0xFF, (gsize) end);
  for (guint i = 0; i < regions->len; i++)
    {
      const KilnRegion *r = g_ptr_array_index (regions, i);
      gsize n = 0;
      const guint8 *p = g_bytes_get_data (r->data, &n);
      memcpy (out + r->address, p, n);
    }
  return g_bytes_new_take (out, (gsize) end);
}
