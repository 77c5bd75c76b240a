/* kiln-image-text.c: an image described in words, for image-info and the
 * app.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-image-private.h"
#include "kiln-layout.h"
#include "kiln-util.h"

static const KilnChipInfo *
size_table_chip (const KilnImageInfo *info)
{
  if (info->chip != NULL)
    return info->chip;
  /* Every ESP32-family chip shares one size table (§9.1). */
  return kiln_chip_get (info->kind == KILN_IMAGE_ESP32 ? KILN_CHIP_ESP32 : KILN_CHIP_ESP8266);
}

static char *
describe_size (const KilnImageInfo *info,
               guint8               code)
{
  const KilnChipInfo *chip = size_table_chip (info);
  const KilnFlashSize *s = kiln_chip_flash_size_by_code (chip, code);

  if (s == NULL)
    return g_strdup_printf (_("unknown (code %u)"), code);
  if (chip->id == KILN_CHIP_ESP8266)
    {
      const KilnFlashMap *map = kiln_flash_map_get (code);
      if (map != NULL)
        return g_strdup_printf (_("%s (%s, map %u)"), s->name, map->name, code);
    }
  return g_strdup_printf (_("%s (code %u)"), s->name, code);
}

static char *
describe_freq (const KilnImageInfo *info,
               guint8               code)
{
  const KilnFlashFreq *f = kiln_chip_flash_freq_by_code (size_table_chip (info), code);
  if (f == NULL)
    return g_strdup_printf (_("unknown (code 0x%x)"), code);
  return g_strdup_printf ("%s (code 0x%x)", f->name, code);
}

static void
describe_header (GString             *s,
                 const KilnImageInfo *info)
{
  g_autofree char *size = describe_size (info, info->flash_size_code);
  g_autofree char *freq = describe_freq (info, info->flash_freq_code);

  g_string_append_printf (s, "  %-18s %s\n", _("Flash mode:"),
                          kiln_flash_mode_name (info->flash_mode));
  g_string_append_printf (s, "  %-18s %s\n", _("Flash size:"), size);
  g_string_append_printf (s, "  %-18s %s\n", _("Flash frequency:"), freq);
  g_string_append_printf (s, "  %-18s 0x%08x\n", _("Entry point:"), info->entry);
}

static void
describe_segments (GString             *s,
                   const KilnImageInfo *info)
{
  g_string_append_printf (s, "  %-18s %u\n", _("Segments:"), info->header_segments);
  for (guint i = 0; i < info->segments->len; i++)
    {
      const KilnImageSegment *seg = &g_array_index (info->segments, KilnImageSegment, i);
      const char *region = kiln_image_address_region (size_table_chip (info), seg->load_address);

      if (region == NULL && seg->load_address == 0 && info->kind == KILN_IMAGE_ESP32)
        region = _("padding");
      g_string_append_printf (s, _("    %2u  load 0x%08x  %7u bytes  file offset 0x%05x  %s\n"),
                              i + 1, seg->load_address, seg->length, seg->file_offset,
                              region ? region : "");
    }
  g_string_append_printf (s, "  %-18s 0x%02x (%s)\n", _("Checksum:"), info->checksum_stored,
                          info->checksum_stored == info->checksum_computed
                          ? _("valid") : _("INVALID"));
}

static void
describe_rev (GString    *s,
              const char *label,
              guint16     rev)
{
  g_string_append_printf (s, "  %-18s v%u.%u\n", label, rev / 100, rev % 100);
}

static void
describe (GString             *s,
          const KilnImageInfo *info,
          const char          *name)
{
  g_string_append_printf (s, _("%s: %s, %zu bytes\n"), name,
                          kiln_image_kind_to_string (info->kind), info->size);

  switch (info->kind)
    {
    case KILN_IMAGE_ESP8266_V2:
      if (info->v2_byte2 == 0 && (info->v2_byte3 == 1 || info->v2_byte3 == 2))
        g_string_append_printf (s, "  %-18s EA 04 %02X %02X (%s)\n", _("First header:"),
                                info->v2_byte2, info->v2_byte3,
                                info->v2_byte3 == 1 ? _("app 1, user1.bin")
                                                    : _("app 2, user2.bin"));
      else
        g_string_append_printf (s, "  %-18s EA 04 %02X %02X (%s)\n", _("First header:"),
                                info->v2_byte2, info->v2_byte3, _("flash mode and size/frequency"));
      if (info->structure_ok || info->irom_length > 0)
        g_string_append_printf (s, _("  %-18s %u bytes at file offset 0x%x, runs at 0x40200000 + "
                                     "flash offset + 0x10\n"),
                                _("irom0 code:"), info->irom_length, info->irom_offset);
      G_GNUC_FALLTHROUGH;
    case KILN_IMAGE_ESP8266_V1:
      if (info->magic == 0)
        break;
      describe_header (s, info);
      if (info->structure_ok || info->segments->len > 0)
        describe_segments (s, info);
      if (info->has_crc)
        g_string_append_printf (s, "  %-18s 0x%08x (%s)\n", _("CRC-32 trailer:"), info->crc_stored,
                                info->crc_stored == info->crc_computed ? _("valid") : _("INVALID"));
      break;

    case KILN_IMAGE_ESP32:
      if (info->magic == 0)
        break;
      if (info->chip != NULL)
        g_string_append_printf (s, "  %-18s %s (id %u)\n", _("Chip:"), info->chip->display_name,
                                info->chip_id);
      else
        g_string_append_printf (s, "  %-18s %s (id %u)\n", _("Chip:"), _("unknown"), info->chip_id);
      describe_header (s, info);
      if (info->wp_pin == 0xEE)
        g_string_append_printf (s, "  %-18s %s\n", _("WP pin:"), _("0xEE (not used)"));
      else
        g_string_append_printf (s, "  %-18s GPIO%u\n", _("WP pin:"), info->wp_pin);
      g_string_append_printf (s, _("  %-18s clk %u, q %u, d %u, cs %u, hd %u, wp %u\n"),
                              _("Drive strengths:"),
                              info->drive_strength[0] & 0xF, info->drive_strength[0] >> 4,
                              info->drive_strength[1] & 0xF, info->drive_strength[1] >> 4,
                              info->drive_strength[2] & 0xF, info->drive_strength[2] >> 4);
      describe_rev (s, _("Min revision:"), info->min_rev_full);
      if (info->max_rev_full == 0xFFFF)
        g_string_append_printf (s, "  %-18s %s\n", _("Max revision:"), _("any"));
      else
        describe_rev (s, _("Max revision:"), info->max_rev_full);
      if (info->structure_ok || info->segments->len > 0)
        describe_segments (s, info);
      if (info->has_sha256)
        {
          g_autofree char *hex = g_malloc (SHA256_LEN * 2 + 1);
          for (guint i = 0; i < SHA256_LEN; i++)
            g_snprintf (hex + 2 * i, 3, "%02x", info->sha256_stored[i]);
          gboolean ok = memcmp (info->sha256_stored, info->sha256_computed, SHA256_LEN) == 0;
          g_string_append_printf (s, "  %-18s %s (%s)\n", _("SHA-256:"), hex,
                                  ok ? _("valid") : _("INVALID"));
        }
      else if (info->hash_appended == 0)
        g_string_append_printf (s, "  %-18s %s\n", _("SHA-256:"), _("not appended"));
      break;

    case KILN_IMAGE_INIT_DATA:
      if (info->crystal_mhz != 0)
        g_string_append_printf (s, "  %-18s %d MHz\n", _("Crystal (byte 48):"), info->crystal_mhz);
      g_string_append_printf (s, "  %s\n", _("Goes 0x4000 below the end of the flash "
                                             "(e.g. 0x3FC000 on 4 MB)."));
      break;

    case KILN_IMAGE_PARTITION_TABLE:
      g_string_append_printf (s, "  %s\n", _("Goes at 0x8000 unless the project moved it."));
      kiln_partition_table_describe (info->partitions, s, "  ");
      break;

    case KILN_IMAGE_COMBINED:
      for (guint i = 0; i < info->parts->len; i++)
        {
          const KilnImagePart *part = &g_array_index (info->parts, KilnImagePart, i);
          g_autofree char *label = g_strdup_printf ("0x%05x", part->offset);

          if (part->info == NULL)
            {
              const KilnImagePart *first = &g_array_index (info->parts, KilnImagePart, 0);
              g_string_append_printf (s, _("%s: raw data, %u bytes"), label, part->length);
              if (first->info != NULL && first->info->kind == KILN_IMAGE_ESP8266_V1 &&
                  part->offset < 0x100000)
                g_string_append_printf (s, _(" (probably irom0 code, mapped at 0x%08x)"),
                                        0x40200000 + part->offset);
              g_string_append_c (s, '\n');
              continue;
            }
          {
            g_autoptr(GString) sub = g_string_new (NULL);
            g_auto(GStrv) lines = NULL;

            describe (sub, part->info, label);
            lines = g_strsplit (sub->str, "\n", -1);
            for (guint j = 0; lines[j] != NULL; j++)
              if (*lines[j] != '\0')
                g_string_append_printf (s, "%s%s\n", j == 0 ? "" : "  ", lines[j]);
          }
        }
      break;

    case KILN_IMAGE_UNKNOWN:
    case KILN_IMAGE_BLANK:
    case KILN_IMAGE_EMPTY:
    default:
      break;
    }

  /* A combined image's parts print their own. */
  if (info->kind != KILN_IMAGE_COMBINED)
    {
      for (guint i = 0; i < info->problems->len; i++)
        g_string_append_printf (s, _("  Problem: %s\n"),
                                (const char *) g_ptr_array_index (info->problems, i));
    }
  for (guint i = 0; i < info->notes->len; i++)
    g_string_append_printf (s, _("  Note: %s\n"),
                            (const char *) g_ptr_array_index (info->notes, i));
}

/**
 * kiln_image_info_to_string:
 * @name: (nullable): what to call the file (its basename)
 *
 * Returns: (transfer full): a translated, human-readable description,
 *   several lines, ending in a newline
 */
char *
kiln_image_info_to_string (const KilnImageInfo *info,
                           const char          *name)
{
  g_autoptr(GString) s = g_string_new (NULL);

  describe (s, info, name ? name : _("image"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}
