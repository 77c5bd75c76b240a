/* kiln-image.c: recognise and check firmware files.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The byte layouts are those of docs/protocol-facts.md §9 (common header,
 * ESP8266 v1 and v2, ESP32 extended header, SHA-256 and CRC trailers) and
 * §11 (init data).  Nothing here talks to a device.  kiln-image-text.c
 * describes an image in words, kiln-image-edit.c patches and merges.
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

#include "kiln-error.h"
#include "kiln-image-private.h"
#include "kiln-layout.h"
#include "kiln-util.h"

/* ---------------------------------------------------------------------- */
/* Memory map                                                               */

typedef struct
{
  KilnChipId  chip;
  guint32     start;
  guint32     end;     /* exclusive */
  const char *name;
  gboolean    flash;   /* mapped from flash through the cache */
} MemRange;

/* Address ranges from the chips' technical reference manuals (and the
 * SDK/IDF linker scripts).  Only the flash flag matters for correctness: it
 * decides the 64 KiB alignment rule of §9.4; the names are for people. */
static const MemRange mem_ranges[] = {
  { KILN_CHIP_ESP8266, 0x3FFE8000, 0x40000000, "DRAM", FALSE },
  { KILN_CHIP_ESP8266, 0x40100000, 0x40110000, "IRAM", FALSE },
  { KILN_CHIP_ESP8266, 0x40200000, 0x40300000, "IROM", TRUE },

  { KILN_CHIP_ESP32, 0x3F400000, 0x3F800000, "DROM", TRUE },
  { KILN_CHIP_ESP32, 0x3FF80000, 0x3FF82000, "RTC", FALSE },
  { KILN_CHIP_ESP32, 0x3FFAE000, 0x40000000, "DRAM", FALSE },
  { KILN_CHIP_ESP32, 0x40070000, 0x400A0000, "IRAM", FALSE },
  { KILN_CHIP_ESP32, 0x400C0000, 0x400C2000, "RTC", FALSE },
  { KILN_CHIP_ESP32, 0x400C2000, 0x40C00000, "IROM", TRUE },
  { KILN_CHIP_ESP32, 0x50000000, 0x50002000, "RTC", FALSE },

  { KILN_CHIP_ESP32S2, 0x3F000000, 0x3FF80000, "DROM", TRUE },
  { KILN_CHIP_ESP32S2, 0x3FFB0000, 0x40000000, "DRAM", FALSE },
  { KILN_CHIP_ESP32S2, 0x40020000, 0x40070000, "IRAM", FALSE },
  { KILN_CHIP_ESP32S2, 0x40070000, 0x40072000, "RTC", FALSE },
  { KILN_CHIP_ESP32S2, 0x40080000, 0x40800000, "IROM", TRUE },
  { KILN_CHIP_ESP32S2, 0x50000000, 0x50002000, "RTC", FALSE },

  { KILN_CHIP_ESP32S3, 0x3C000000, 0x3E000000, "DROM", TRUE },
  { KILN_CHIP_ESP32S3, 0x3FC88000, 0x3FD00000, "DRAM", FALSE },
  { KILN_CHIP_ESP32S3, 0x40370000, 0x403E0000, "IRAM", FALSE },
  { KILN_CHIP_ESP32S3, 0x42000000, 0x44000000, "IROM", TRUE },
  { KILN_CHIP_ESP32S3, 0x50000000, 0x50002000, "RTC", FALSE },
  { KILN_CHIP_ESP32S3, 0x600FE000, 0x60100000, "RTC", FALSE },

  { KILN_CHIP_ESP32C3, 0x3C000000, 0x3C800000, "DROM", TRUE },
  { KILN_CHIP_ESP32C3, 0x3FC80000, 0x3FCE0000, "DRAM", FALSE },
  { KILN_CHIP_ESP32C3, 0x4037C000, 0x403E0000, "IRAM", FALSE },
  { KILN_CHIP_ESP32C3, 0x42000000, 0x42800000, "IROM", TRUE },
  { KILN_CHIP_ESP32C3, 0x50000000, 0x50002000, "RTC", FALSE },

  { KILN_CHIP_ESP32C6, 0x40800000, 0x40880000, "SRAM", FALSE },
  { KILN_CHIP_ESP32C6, 0x42000000, 0x42800000, "IROM", TRUE },
  { KILN_CHIP_ESP32C6, 0x42800000, 0x43000000, "DROM", TRUE },
  { KILN_CHIP_ESP32C6, 0x50000000, 0x50004000, "RTC", FALSE },

  { KILN_CHIP_ESP32H2, 0x40800000, 0x40850000, "SRAM", FALSE },
  { KILN_CHIP_ESP32H2, 0x42000000, 0x42800000, "IROM", TRUE },
  { KILN_CHIP_ESP32H2, 0x42800000, 0x43000000, "DROM", TRUE },
  { KILN_CHIP_ESP32H2, 0x50000000, 0x50001000, "RTC", FALSE },

  { KILN_CHIP_ESP32C2, 0x3C000000, 0x3C400000, "DROM", TRUE },
  { KILN_CHIP_ESP32C2, 0x3FCA0000, 0x3FCE0000, "DRAM", FALSE },
  { KILN_CHIP_ESP32C2, 0x4037C000, 0x403C0000, "IRAM", FALSE },
  { KILN_CHIP_ESP32C2, 0x42000000, 0x42400000, "IROM", TRUE },
};

static const MemRange *
mem_range (const KilnChipInfo *chip,
           guint32             address)
{
  if (chip == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (mem_ranges); i++)
    if (mem_ranges[i].chip == chip->id && address >= mem_ranges[i].start &&
        address < mem_ranges[i].end)
      return &mem_ranges[i];
  return NULL;
}

const char *
kiln_image_address_region (const KilnChipInfo *chip,
                           guint32             address)
{
  const MemRange *r = mem_range (chip, address);
  return r ? r->name : NULL;
}

gboolean
kiln_image_address_is_flash_mapped (const KilnChipInfo *chip,
                                    guint32             address)
{
  const MemRange *r = mem_range (chip, address);
  return r != NULL && r->flash;
}

/* ---------------------------------------------------------------------- */
/* Checksums                                                                */

/**
 * kiln_image_xor_checksum:
 * @seed: 0xEF for a fresh image, or the running value
 *
 * The one-byte checksum of §9.2: the XOR of every segment data byte.
 */
guint8
kiln_image_xor_checksum (const guint8 *data,
                         gsize         len,
                         guint8        seed)
{
  guint8 c = seed;
  for (gsize i = 0; i < len; i++)
    c ^= data[i];
  return c;
}

/**
 * kiln_image_esp8266_v2_crc:
 *
 * The trailer of an ESP8266 v2 image (§9.3): the standard CRC-32 of
 * everything before it, then XOR 0xFFFFFFFF when the top bit is set and
 * plus one otherwise.  (The SDK computed it with a signed CRC and its
 * absolute value; these are the same numbers.)
 */
guint32
kiln_image_esp8266_v2_crc (const guint8 *data,
                           gsize         len)
{
  uLong crc = crc32 (0L, Z_NULL, 0);

  /* zlib takes uInt lengths: feed large buffers in slices. */
  while (len > 0)
    {
      uInt n = (uInt) MIN (len, (gsize) G_MAXUINT32 / 2);
      crc = crc32 (crc, data, n);
      data += n;
      len -= n;
    }
  if (crc & 0x80000000u)
    return (guint32) (crc ^ 0xFFFFFFFFu);
  return (guint32) (crc + 1);
}

/* ---------------------------------------------------------------------- */
/* KilnImageInfo                                                            */

static void
image_info_clear (gpointer data)
{
  KilnImageInfo *info = data;

  g_clear_pointer (&info->problems, g_ptr_array_unref);
  g_clear_pointer (&info->notes, g_ptr_array_unref);
  g_clear_pointer (&info->segments, g_array_unref);
  g_clear_pointer (&info->partitions, kiln_partition_table_free);
  if (info->parts != NULL)
    {
      for (guint i = 0; i < info->parts->len; i++)
        g_clear_pointer (&g_array_index (info->parts, KilnImagePart, i).info,
                         kiln_image_info_unref);
      g_clear_pointer (&info->parts, g_array_unref);
    }
}

KilnImageInfo *
kiln_image_info_ref (KilnImageInfo *info)
{
  return g_atomic_rc_box_acquire (info);
}

void
kiln_image_info_unref (KilnImageInfo *info)
{
  if (info != NULL)
    g_atomic_rc_box_release_full (info, image_info_clear);
}

G_DEFINE_BOXED_TYPE (KilnImageInfo, kiln_image_info, kiln_image_info_ref, kiln_image_info_unref)

static KilnImageInfo *
info_new (KilnImageKind kind,
          gsize         size)
{
  KilnImageInfo *info = g_atomic_rc_box_new0 (KilnImageInfo);

  info->kind = kind;
  info->size = size;
  info->valid = TRUE;
  info->structure_ok = TRUE;
  info->problems = g_ptr_array_new_with_free_func (g_free);
  info->notes = g_ptr_array_new_with_free_func (g_free);
  info->segments = g_array_new (FALSE, TRUE, sizeof (KilnImageSegment));
  return info;
}

static void problem (KilnImageInfo *info, const char *format, ...) G_GNUC_PRINTF (2, 3);
static void note (KilnImageInfo *info, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
problem (KilnImageInfo *info,
         const char    *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (info->problems, g_strdup_vprintf (format, args));
  va_end (args);
  info->valid = FALSE;
}

static void
note (KilnImageInfo *info,
      const char    *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (info->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
all_ff (const guint8 *p,
        gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (p[i] != 0xFF)
      return FALSE;
  return TRUE;
}

/* After the segments (which end at @pos) come zero padding up to 15 mod
 * 16 and the checksum byte: where that byte is. */
static gsize
checksum_byte_at (gsize pos)
{
  return pos | 15u;
}

/**
 * kiln_image_extent:
 * @data: (array length=len): the first @len bytes of an 0xE9 image (or,
 *   for the ESP8266, of the SDK's 0xEA image, user1.bin), as far as they
 *   have been read
 * @chip: the chip it is for: the ESP8266's header is 8 bytes, the ESP32
 *   family's 24, and may promise a SHA-256 after the checksum
 * @end: (out): when %TRUE is returned, where the image ends: past its
 *   checksum byte, or its SHA-256; otherwise how many bytes @data must
 *   hold for the walk to go on
 * @last_header: (out) (optional): where the last segment header read
 *   starts (the irom0 segment's counts), 0 before the first
 *
 * Where an image ends, from its segment headers alone, so that a caller
 * reading a flash slowly reads the image and no more, and knows its length
 * before reading it.  The walk looks at the image header and, past it, at
 * the 8 bytes before each @end it asks for (a segment header, or an 0xEA
 * image's second header) and nothing else, so a caller may read those
 * alone.  The headers are taken as they
 * are: check the bytes with kiln_image_info_new().
 *
 * Returns: %TRUE when @data holds every segment header
 */
gboolean
kiln_image_extent (const guint8       *data,
                   gsize               len,
                   const KilnChipInfo *chip,
                   guint64            *end,
                   gsize              *last_header)
{
  gboolean family = chip->id != KILN_CHIP_ESP8266;
  guint64 pos = family ? ESP32_HEADER_LEN : 8;
  guint count;
  guint tail = 0;

  if (last_header != NULL)
    *last_header = 0;
  if (len < pos)
    {
      *end = pos;
      return FALSE;
    }
  count = data[1];
  /* The SDK's v2 image: its irom0 segment, then a header as an 0xE9
   * image's, its segments and checksum, then a CRC-32 (§9.3). */
  if (!family && data[0] == IMAGE_MAGIC_V2)
    {
      if (len < 16)
        {
          *end = 16;
          return FALSE;
        }
      if (last_header != NULL)
        *last_header = 8;
      pos = 16 + (guint64) kiln_get_le32 (data + 12);
      if (len < pos + 8)
        {
          *end = pos + 8;
          return FALSE;
        }
      count = data[pos + 1];
      pos += 8;
      tail = 4;
    }
  for (guint i = 0; i < count; i++)
    {
      if (len < pos + 8)
        {
          *end = pos + 8;
          return FALSE;
        }
      if (last_header != NULL)
        *last_header = (gsize) pos;
      pos += 8 + (guint64) kiln_get_le32 (data + pos + 4);
    }
  *end = checksum_byte_at (pos) + 1 + tail;
  if (family && data[23] == 1)
    *end += SHA256_LEN;
  return TRUE;
}

/* Walks @count segments from @pos.  Records them, the checksum and the
 * 16-aligned data length.  Returns FALSE (with a problem recorded) when the
 * file ends before the structure does. */
static gboolean
parse_segments (KilnImageInfo *info,
                const guint8  *d,
                gsize          len,
                gsize          pos,
                guint          count)
{
  guint8 sum = CHECKSUM_SEED;
  gsize cks_pos;

  for (guint i = 0; i < count; i++)
    {
      KilnImageSegment seg;

      if (pos + 8 > len)
        {
          problem (info, _("The file is truncated: segment %u's header at 0x%zx is past the end (%zu bytes)."),
                   i + 1, pos, len);
          info->structure_ok = FALSE;
          return FALSE;
        }
      seg.load_address = kiln_get_le32 (d + pos);
      seg.length = kiln_get_le32 (d + pos + 4);
      seg.file_offset = (guint32) (pos + 8);
      if (seg.length > MAX_SEGMENT_LEN || pos + 8 + seg.length > len)
        {
          problem (info, _("The file is truncated: segment %u (load address 0x%08x) says it has "
                           "%u bytes, but only %zu remain."),
                   i + 1, seg.load_address, seg.length, len - MIN (len, pos + 8));
          info->structure_ok = FALSE;
          return FALSE;
        }
      if (seg.length % 4 != 0)
        note (info, _("Segment %u's length (%u) is not a multiple of 4."), i + 1, seg.length);
      sum = kiln_image_xor_checksum (d + pos + 8, seg.length, sum);
      g_array_append_val (info->segments, seg);
      pos += 8 + seg.length;
    }

  cks_pos = checksum_byte_at (pos);
  if (cks_pos >= len)
    {
      problem (info, _("The file is truncated: the checksum byte at 0x%zx is missing."), cks_pos);
      info->structure_ok = FALSE;
      return FALSE;
    }
  info->checksum_stored = d[cks_pos];
  info->checksum_computed = sum;
  info->data_length = cks_pos + 1;
  info->image_length = info->data_length;
  if (info->checksum_stored != info->checksum_computed)
    problem (info, _("The checksum is wrong: the image says 0x%02x, the segments give 0x%02x. "
                     "The file is damaged."),
             info->checksum_stored, info->checksum_computed);
  return TRUE;
}

static void
read_common_header (KilnImageInfo *info,
                    const guint8  *h)
{
  info->magic = h[0];
  info->header_segments = h[1];
  info->flash_mode = h[2];
  info->flash_size_code = h[3] >> 4;
  info->flash_freq_code = h[3] & 0x0F;
  info->entry = kiln_get_le32 (h + 4);
}

static KilnImageInfo *
parse_esp8266_v1 (const guint8 *d,
                  gsize         len)
{
  KilnImageInfo *info = info_new (KILN_IMAGE_ESP8266_V1, len);

  info->chip = kiln_chip_get (KILN_CHIP_ESP8266);
  if (len < 8)
    {
      problem (info, _("The file is truncated: %zu bytes is shorter than the "
                       "8-byte image header."), len);
      info->structure_ok = FALSE;
      return info;
    }
  read_common_header (info, d);
  if (info->header_segments > MAX_SEGMENTS)
    {
      problem (info, _("The header says %u segments; images have at most %u."),
               info->header_segments, MAX_SEGMENTS);
      info->structure_ok = FALSE;
      return info;
    }
  parse_segments (info, d, len, 8, info->header_segments);
  return info;
}

static KilnImageInfo *
parse_esp8266_v2 (const guint8 *d,
                  gsize         len)
{
  KilnImageInfo *info = info_new (KILN_IMAGE_ESP8266_V2, len);
  guint32 irom_addr;
  gsize second;

  info->chip = kiln_chip_get (KILN_CHIP_ESP8266);
  if (len < 16)
    {
      problem (info, _("The file is truncated: %zu bytes is shorter than the "
                       "two v2 headers."), len);
      info->structure_ok = FALSE;
      return info;
    }
  info->v2_byte2 = d[2];
  info->v2_byte3 = d[3];
  if (d[1] != 4)
    note (info, _("The first header's byte 1 is %u; images built by the SDK have 4 there."), d[1]);
  irom_addr = kiln_get_le32 (d + 8);
  info->irom_length = kiln_get_le32 (d + 12);
  info->irom_offset = 16;
  if (irom_addr != 0)
    note (info, _("The irom0 segment's load address is 0x%08x; the SDK writes 0."), irom_addr);
  if (info->irom_length > MAX_SEGMENT_LEN || 16 + (gsize) info->irom_length + 8 > len)
    {
      problem (info, _("The file is truncated: the irom0 segment says it has %u bytes, but only "
                       "%zu follow."), info->irom_length, len - 16);
      info->structure_ok = FALSE;
      return info;
    }
  second = 16 + info->irom_length;
  if (d[second] != IMAGE_MAGIC_V1)
    {
      problem (info, _("The second header at 0x%zx starts with 0x%02x "
                       "instead of 0xE9."), second, d[second]);
      info->structure_ok = FALSE;
      return info;
    }
  read_common_header (info, d + second);
  info->entry = kiln_get_le32 (d + second + 4);
  if (info->header_segments > MAX_SEGMENTS)
    {
      problem (info, _("The second header says %u segments; images have at most %u."),
               info->header_segments, MAX_SEGMENTS);
      info->structure_ok = FALSE;
      return info;
    }
  if (!parse_segments (info, d, len, second + 8, info->header_segments))
    return info;

  if (info->data_length + 4 > len)
    {
      problem (info, _("The CRC-32 trailer after the checksum is missing: the SDK's boot "
                       "loader and OTA update reject the image."));
      return info;
    }
  info->has_crc = TRUE;
  info->crc_stored = kiln_get_le32 (d + info->data_length);
  info->crc_computed = kiln_image_esp8266_v2_crc (d, info->data_length);
  info->image_length = info->data_length + 4;
  if (info->crc_stored != info->crc_computed)
    problem (info, _("The CRC-32 trailer is wrong: the file says 0x%08x, its contents give "
                     "0x%08x. Rebuild the image with the SDK's rules (see elf2image --version 2)."),
             info->crc_stored, info->crc_computed);
  return info;
}

static KilnImageInfo *
parse_esp32 (const guint8 *d,
             gsize         len)
{
  KilnImageInfo *info = info_new (KILN_IMAGE_ESP32, len);

  if (len < ESP32_HEADER_LEN)
    {
      problem (info, _("The file is truncated: %zu bytes is shorter than the "
                       "24-byte header."), len);
      info->structure_ok = FALSE;
      return info;
    }
  read_common_header (info, d);
  info->wp_pin = d[8];
  memcpy (info->drive_strength, d + 9, 3);
  info->chip_id = (guint16) (d[12] | d[13] << 8);
  info->min_rev = d[14];
  info->min_rev_full = (guint16) (d[15] | d[16] << 8);
  info->max_rev_full = (guint16) (d[17] | d[18] << 8);
  info->hash_appended = d[23];
  info->chip = kiln_chip_by_image_id (info->chip_id);

  if (info->chip == NULL)
    note (info, _("Chip id %u is not one Kiln knows."), info->chip_id);
  if (info->hash_appended > 1)
    problem (info, _("Header byte 23 (hash appended) is %u; only 0 and 1 are valid."),
             info->hash_appended);
  if (info->header_segments > MAX_SEGMENTS)
    {
      problem (info, _("The header says %u segments; images have at most %u."),
               info->header_segments, MAX_SEGMENTS);
      info->structure_ok = FALSE;
      return info;
    }
  if (!parse_segments (info, d, len, ESP32_HEADER_LEN, info->header_segments))
    return info;

  for (guint i = 0; i < info->segments->len; i++)
    {
      const KilnImageSegment *s = &g_array_index (info->segments, KilnImageSegment, i);
      if (kiln_image_address_is_flash_mapped (info->chip, s->load_address) &&
          s->file_offset % 0x10000 != s->load_address % 0x10000)
        problem (info, _("Segment %u runs from flash at 0x%08x but starts at file offset 0x%x: "
                         "the two must be equal modulo 64 KiB, or the cache maps the wrong bytes."),
                 i + 1, s->load_address, s->file_offset);
    }

  if (info->hash_appended == 1)
    {
      if (info->data_length + SHA256_LEN > len)
        {
          problem (info, _("The file is truncated: the header promises a SHA-256 after the "
                           "checksum, but the file ends there."));
          info->structure_ok = FALSE;
          return info;
        }
      info->has_sha256 = TRUE;
      memcpy (info->sha256_stored, d + info->data_length, SHA256_LEN);
      {
        g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
        gsize n = SHA256_LEN;
        g_checksum_update (sha, d, info->data_length);
        g_checksum_get_digest (sha, info->sha256_computed, &n);
      }
      info->image_length = info->data_length + SHA256_LEN;
      if (memcmp (info->sha256_stored, info->sha256_computed, SHA256_LEN) != 0)
        problem (info, _("The appended SHA-256 does not match the image: the boot loader will "
                         "refuse it. The file was changed after it was built."));
    }
  return info;
}

/* Does the ESP32 reading of an 0xE9 header look right?  The extended
 * header has reserved zero bytes and a known chip id; an ESP8266 v1 image
 * has segment data there instead. */
static gboolean
looks_like_esp32 (const guint8 *d,
                  gsize         len)
{
  guint16 chip_id;

  if (len < ESP32_HEADER_LEN)
    return FALSE;
  chip_id = (guint16) (d[12] | d[13] << 8);
  return d[19] == 0 && d[20] == 0 && d[21] == 0 && d[22] == 0 && d[23] <= 1 &&
         kiln_chip_by_image_id (chip_id) != NULL;
}

static gint
score (const KilnImageInfo *info)
{
  return (info->structure_ok ? 2 : 0) + (info->valid ? 1 : 0);
}

static KilnImageInfo *
parse_e9 (const guint8       *d,
          gsize               len,
          const KilnChipInfo *hint)
{
  g_autoptr(KilnImageInfo) v1 = NULL;
  g_autoptr(KilnImageInfo) e32 = NULL;
  gboolean prefer_esp32;

  if (hint != NULL)
    prefer_esp32 = hint->id != KILN_CHIP_ESP8266;
  else
    prefer_esp32 = looks_like_esp32 (d, len);

  v1 = parse_esp8266_v1 (d, len);
  e32 = parse_esp32 (d, len);
  /* The hint (or the header's look) decides, unless only the other
   * reading makes sense of the file. */
  if (prefer_esp32)
    {
      if (score (v1) > score (e32))
        return g_steal_pointer (&v1);
      return g_steal_pointer (&e32);
    }
  if (score (e32) > score (v1) && looks_like_esp32 (d, len))
    return g_steal_pointer (&e32);
  return g_steal_pointer (&v1);
}

/**
 * kiln_image_is_init_data:
 *
 * ESP8266 PHY init data (esp_init_data_default*.bin): exactly 128 bytes
 * starting 0x05 (the SDK checks that first byte: "rf_cal[0] !=0x05"), or up
 * to a whole sector starting 05 xx 04 02 as every shipped version does
 * (§10.1: v05 05 00 04 02, v08 05 08 04 02).
 */
gboolean
kiln_image_is_init_data (const guint8 *data,
                         gsize         len)
{
  if (len == KILN_INIT_DATA_SIZE && data[0] == 0x05)
    return TRUE;
  return len > KILN_INIT_DATA_SIZE && len <= KILN_SECTOR_SIZE &&
         data[0] == 0x05 && data[2] == 0x04 && data[3] == 0x02;
}

/* Byte 48 of the init data (SDK name crystal_26m_en): 0 = 40 MHz,
 * 1 = 26 MHz, 2 = 24 MHz.  See kiln_image_set_init_data_crystal(). */
gint
kiln_image_crystal_from_byte (guint8 b)
{
  switch (b)
    {
    case 0: return 40;
    case 1: return 26;
    case 2: return 24;
    default: return 0;
    }
}

/* A piece found at @off of a combined file, or NULL. */
static KilnImageInfo *
identify_part (const guint8       *d,
               gsize               len,
               gsize               off,
               const KilnChipInfo *hint)
{
  const guint8 *p = d + off;
  gsize n = len - off;

  if (p[0] == IMAGE_MAGIC_V1 || p[0] == IMAGE_MAGIC_V2)
    {
      g_autoptr(KilnImageInfo) sub = kiln_image_inspect (p, n, hint, FALSE);
      /* A stray 0xE9 inside raw data rarely parses with a good checksum;
       * at the offsets boot loaders and apps live at, report even a
       * damaged image. */
      gboolean usual = off == 0x0 || off == 0x1000 || off == 0x2000 || off == 0x10000;
      if (sub->structure_ok && (sub->checksum_stored == sub->checksum_computed || usual))
        return g_steal_pointer (&sub);
      return NULL;
    }
  if (kiln_partition_table_detect (p, n))
    {
      g_autoptr(KilnImageInfo) sub = kiln_image_inspect (p, MIN (n, KILN_SECTOR_SIZE), hint, FALSE);
      if (sub->kind == KILN_IMAGE_PARTITION_TABLE)
        return g_steal_pointer (&sub);
      return NULL;
    }
  /* Inside a larger file only the full signature counts: any sector of
   * raw data may start with 0x05. */
  if (n >= KILN_INIT_DATA_SIZE && p[0] == 0x05 && p[2] == 0x04 && p[3] == 0x02)
    return kiln_image_inspect (p, KILN_INIT_DATA_SIZE, hint, FALSE);
  return NULL;
}

static void
add_part (GArray        *parts,
          gsize          offset,
          gsize          length,
          KilnImageInfo *info)
{
  KilnImagePart part = { (guint32) offset, (guint32) length, info };
  g_array_append_val (parts, part);
}

/* Splits a file written at 0x0 into the pieces it holds: images,
 * partition tables and init data at 4 KiB boundaries, and stretches of
 * other non-0xFF data between them. */
static GArray *
scan_combined (const guint8       *d,
               gsize               len,
               const KilnChipInfo *hint)
{
  GArray *parts = g_array_new (FALSE, TRUE, sizeof (KilnImagePart));
  gsize off = 0;
  gssize raw_start = -1;
  gsize raw_end = 0;

  while (off < len)
    {
      gsize chunk = MIN (KILN_SECTOR_SIZE, len - off);
      KilnImageInfo *sub = identify_part (d, len, off, hint);

      if (sub != NULL)
        {
          gsize used = sub->kind == KILN_IMAGE_PARTITION_TABLE ? sub->partitions->length
                       : sub->kind == KILN_IMAGE_INIT_DATA ? KILN_INIT_DATA_SIZE
                       : sub->image_length;
          if (raw_start >= 0)
            add_part (parts, raw_start, raw_end - raw_start, NULL);
          raw_start = -1;
          add_part (parts, off, used, sub);
          off += MAX (used, 1);
          off = (off + KILN_SECTOR_SIZE - 1) & ~((gsize) KILN_SECTOR_SIZE - 1);
          continue;
        }
      if (!all_ff (d + off, chunk))
        {
          gsize last = off + chunk;
          while (last > off && d[last - 1] == 0xFF)
            last--;
          if (raw_start < 0)
            raw_start = off;
          raw_end = last;
        }
      else if (raw_start >= 0)
        {
          add_part (parts, raw_start, raw_end - raw_start, NULL);
          raw_start = -1;
        }
      off += chunk;
    }
  if (raw_start >= 0)
    add_part (parts, raw_start, raw_end - raw_start, NULL);
  return parts;
}

KilnImageInfo *
kiln_image_inspect (const guint8       *d,
                    gsize               len,
                    const KilnChipInfo *hint,
                    gboolean            scan_parts)
{
  KilnImageInfo *info = NULL;

  if (len == 0)
    {
      info = info_new (KILN_IMAGE_EMPTY, 0);
      problem (info, _("The file is empty."));
      return info;
    }
  if (all_ff (d, len))
    return info_new (KILN_IMAGE_BLANK, len);
  if (kiln_image_is_init_data (d, len))
    {
      info = info_new (KILN_IMAGE_INIT_DATA, len);
      info->chip = kiln_chip_get (KILN_CHIP_ESP8266);
      info->crystal_mhz = kiln_image_crystal_from_byte (d[KILN_INIT_DATA_CRYSTAL_BYTE]);
      info->image_length = KILN_INIT_DATA_SIZE;
      if (info->crystal_mhz == 0)
        note (info, _("Byte 48 (crystal) is %u, which is none of 0 (40 MHz), 1 (26 MHz) or "
                      "2 (24 MHz)."), d[KILN_INIT_DATA_CRYSTAL_BYTE]);
      return info;
    }
  if (kiln_partition_table_detect (d, len) && len <= KILN_SECTOR_SIZE)
    {
      g_autoptr(GError) error = NULL;
      info = info_new (KILN_IMAGE_PARTITION_TABLE, len);
      info->partitions = kiln_partition_table_parse (d, len, &error);
      if (info->partitions == NULL)
        {
          info->kind = KILN_IMAGE_UNKNOWN;
          info->structure_ok = FALSE;
          problem (info, "%s", error->message);
          return info;
        }
      info->image_length = info->partitions->length;
      if (info->partitions->has_md5 && !info->partitions->md5_valid)
        problem (info, _("The partition table's MD5 does not match its entries: the boot "
                         "loader will refuse it."));
      return info;
    }

  if (d[0] == IMAGE_MAGIC_V2)
    info = parse_esp8266_v2 (d, len);
  else if (d[0] == IMAGE_MAGIC_V1)
    info = parse_e9 (d, len, hint);

  if (!scan_parts)
    {
      if (info == NULL)
        info = info_new (KILN_IMAGE_UNKNOWN, len);
      return info;
    }

  /* More than one thing in the file?  Only if the first piece parsed and
   * something other than 0xFF follows it, or the file does not start with
   * anything we know. */
  if (info == NULL || (info->structure_ok && info->image_length < len &&
                       !all_ff (d + info->image_length, len - info->image_length)))
    {
      g_autoptr(GArray) parts = scan_combined (d, len, hint);
      guint known = 0;

      for (guint i = 0; i < parts->len; i++)
        if (g_array_index (parts, KilnImagePart, i).info != NULL)
          known++;

      /* An image with a few stray bytes after it is still that image. */
      if (known >= 1 && (parts->len >= 2 || g_array_index (parts, KilnImagePart, 0).offset != 0))
        {
          KilnImageInfo *combined = info_new (KILN_IMAGE_COMBINED, len);

          for (guint i = 0; i < parts->len; i++)
            {
              KilnImagePart *part = &g_array_index (parts, KilnImagePart, i);
              if (part->info == NULL)
                continue;
              if (combined->chip == NULL)
                combined->chip = part->info->chip;
              for (guint j = 0; j < part->info->problems->len; j++)
                problem (combined, "0x%05x: %s", part->offset,
                         (const char *) g_ptr_array_index (part->info->problems, j));
            }
          combined->image_length = len;
          combined->parts = g_steal_pointer (&parts);
          g_clear_pointer (&info, kiln_image_info_unref);
          return combined;
        }
      for (guint i = 0; i < parts->len; i++)
        g_clear_pointer (&g_array_index (parts, KilnImagePart, i).info, kiln_image_info_unref);
    }

  if (info == NULL)
    return info_new (KILN_IMAGE_UNKNOWN, len);
  if (info->structure_ok && info->image_length < len)
    {
      gsize extra = len - info->image_length;
      if (all_ff (d + info->image_length, extra))
        note (info, _("Followed by %zu bytes of 0xFF padding."), extra);
      else
        note (info, _("Followed by %zu bytes that are not part of the image."),
              extra);
    }
  return info;
}

/**
 * kiln_image_info_new:
 * @data: the whole file
 * @chip_hint: (nullable): the chip the user chose; decides between the
 *   ESP8266 and ESP32 readings of an 0xE9 header when both would do
 *
 * Describes what @data holds.  Never fails: unrecognised data is
 * %KILN_IMAGE_UNKNOWN, broken images list their problems.
 *
 * Returns: (transfer full): the description
 */
KilnImageInfo *
kiln_image_info_new (GBytes             *data,
                     const KilnChipInfo *chip_hint)
{
  gsize len = 0;
  const guint8 *d = g_bytes_get_data (data, &len);

  return kiln_image_inspect (d, len, chip_hint, TRUE);
}

/**
 * kiln_image_info_new_for_file:
 *
 * Returns: (transfer full): the description, or %NULL with
 *   %KILN_ERROR_FILE when the file cannot be read
 */
KilnImageInfo *
kiln_image_info_new_for_file (const char          *path,
                              const KilnChipInfo  *chip_hint,
                              GError             **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GMappedFile) map = g_mapped_file_new (path, FALSE, &local);
  g_autoptr(GBytes) bytes = NULL;

  if (map == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Cannot read %s: %s"), path,
                   local->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (map);
  return kiln_image_info_new (bytes, chip_hint);
}

gboolean
kiln_image_info_is_firmware (const KilnImageInfo *info)
{
  return info->kind == KILN_IMAGE_ESP8266_V1 || info->kind == KILN_IMAGE_ESP8266_V2 ||
         info->kind == KILN_IMAGE_ESP32;
}

const char *
kiln_image_kind_to_string (KilnImageKind kind)
{
  switch (kind)
    {
    case KILN_IMAGE_EMPTY: return _("empty file");
    case KILN_IMAGE_ESP8266_V1: return _("ESP8266 firmware image, v1 (loaded by the ROM)");
    case KILN_IMAGE_ESP8266_V2:
      return _("ESP8266 firmware image, v2 (loaded by the SDK's boot_v1.x)");
    case KILN_IMAGE_ESP32: return _("ESP32-family firmware image");
    case KILN_IMAGE_INIT_DATA: return _("ESP8266 PHY init data (esp_init_data_default)");
    case KILN_IMAGE_BLANK: return _("blank data (all 0xFF, like blank.bin)");
    case KILN_IMAGE_PARTITION_TABLE: return _("ESP-IDF partition table");
    case KILN_IMAGE_COMBINED: return _("combined image (several parts at flash offsets)");
    case KILN_IMAGE_UNKNOWN:
    default:
      return _("raw data (not a firmware image)");
    }
}

gboolean
kiln_image_info_check (const KilnImageInfo  *info,
                       const char           *name,
                       GError              **error)
{
  if (info->problems->len == 0)
    return TRUE;
  g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID, "%s: %s", name ? name : _("image"),
               (const char *) g_ptr_array_index (info->problems, 0));
  return FALSE;
}
