/* test-image.c: image recognition, checksums, header patching, merging.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The images are built here byte by byte, independently of kiln-elf, so a
 * mistake in the builder cannot hide the same mistake in the parser.
 */
#include <string.h>

#include "kiln-core.h"
#include "kiln-test-images.h"

typedef struct
{
  guint32      addr;
  guint32      len;
  guint8       fill;
} Seg;

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4];
  kiln_put_le32 (b, v);
  g_byte_array_append (a, b, 4);
}

/* Segments with a counting byte pattern, then the 16-aligned checksum. */
static void
append_segments (GByteArray *a,
                 const Seg  *segs,
                 guint       n)
{
  guint8 sum = 0xEF;

  for (guint i = 0; i < n; i++)
    {
      put32 (a, segs[i].addr);
      put32 (a, segs[i].len);
      for (guint j = 0; j < segs[i].len; j++)
        {
          guint8 b = (guint8) (segs[i].fill + j);
          g_byte_array_append (a, &b, 1);
          sum ^= b;
        }
    }
  while (a->len % 16 != 15)
    {
      guint8 z = 0;
      g_byte_array_append (a, &z, 1);
    }
  g_byte_array_append (a, &sum, 1);
}

static GBytes *
build_v1 (guint8 mode,
          guint8 size_freq)
{
  GByteArray *a = g_byte_array_new ();
  const Seg segs[] = { { 0x40100000, 0x40, 0x11 }, { 0x3FFE8000, 0x24, 0x80 } };
  guint8 h[4] = { 0xE9, G_N_ELEMENTS (segs), mode, size_freq };

  g_byte_array_append (a, h, 4);
  put32 (a, 0x40100004);
  append_segments (a, segs, G_N_ELEMENTS (segs));
  return g_byte_array_free_to_bytes (a);
}

static GBytes *
build_esp32 (guint16  chip_id,
             gboolean hash)
{
  GByteArray *a = g_byte_array_new ();
  /* RAM addresses: ESP32 DRAM/IRAM, or the C3/S3 ones. */
  const Seg segs[] = { { chip_id == 0 ? 0x3FFB0000 : 0x3FC88000, 0x30, 0x01 },
                       { chip_id == 0 ? 0x40080000 : 0x40380000, 0x44, 0x33 } };
  guint8 h[24] = { 0xE9, G_N_ELEMENTS (segs), 0x02, 0x20 };

  kiln_put_le32 (h + 4, 0x40380010);
  h[8] = 0xEE;
  h[12] = chip_id & 0xFF;
  h[13] = chip_id >> 8;
  h[15] = 3;          /* min rev v0.3 */
  h[17] = 0x8F;       /* max rev v3.99 = 399 */
  h[18] = 0x01;
  h[23] = hash ? 1 : 0;
  g_byte_array_append (a, h, 24);
  append_segments (a, segs, G_N_ELEMENTS (segs));
  if (hash)
    kiln_test_append_sha256 (a);
  return g_byte_array_free_to_bytes (a);
}

/* The §9.3 layout: EA 04 00 <app>, irom0 segment at load address 0 padded
 * to 16, a v1 header with the RAM segments and checksum, then the CRC. */
static GBytes *
build_v2 (guint8 app)
{
  GByteArray *a = g_byte_array_new ();
  const Seg segs[] = { { 0x40100000, 0x20, 0x55 } };
  guint8 h1[4] = { 0xEA, 0x04, 0x00, app };
  guint8 h2[4] = { 0xE9, 1, 0x00, 0x50 };
  guint8 crc[4];

  g_byte_array_append (a, h1, 4);
  put32 (a, 0x40100004);
  put32 (a, 0);
  put32 (a, 0x30);
  for (guint i = 0; i < 0x30; i++)
    {
      guint8 b = (guint8) (0xA0 + i);
      g_byte_array_append (a, &b, 1);
    }
  g_byte_array_append (a, h2, 4);
  put32 (a, 0x40100004);
  append_segments (a, segs, 1);
  kiln_put_le32 (crc, kiln_image_esp8266_v2_crc (a->data, a->len));
  g_byte_array_append (a, crc, 4);
  return g_byte_array_free_to_bytes (a);
}

static GBytes *
modified (GBytes *b,
          gsize   offset,
          guint8  xor)
{
  gsize n = 0;
  const guint8 *src = g_bytes_get_data (b, &n);
  guint8 *d = g_memdup2 (src, n);
  d[offset] ^= xor;
  return g_bytes_new_take (d, n);
}

static GBytes *
truncated (GBytes *b,
           gsize   len)
{
  return g_bytes_new_from_bytes (b, 0, len);
}

static gboolean
has_problem (const KilnImageInfo *info,
             const char          *needle)
{
  for (guint i = 0; i < info->problems->len; i++)
    if (strstr (g_ptr_array_index (info->problems, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_v1 (void)
{
  g_autoptr(GBytes) img = build_v1 (0x00, 0x00);
  g_autoptr(KilnImageInfo) info = kiln_image_info_new (img, NULL);
  g_autofree char *text = kiln_image_info_to_string (info, "boot_v1.7.bin");
  const KilnImageSegment *seg;

  g_assert_cmpint (info->kind, ==, KILN_IMAGE_ESP8266_V1);
  g_assert_true (info->valid);
  g_assert_true (info->structure_ok);
  g_assert_cmpuint (info->segments->len, ==, 2);
  seg = &g_array_index (info->segments, KilnImageSegment, 0);
  g_assert_cmphex (seg->load_address, ==, 0x40100000);
  g_assert_cmpuint (seg->length, ==, 0x40);
  g_assert_cmpuint (seg->file_offset, ==, 16);
  g_assert_cmpuint (info->data_length % 16, ==, 0);
  g_assert_cmpuint (info->data_length, ==, g_bytes_get_size (img));
  g_assert_cmphex (info->entry, ==, 0x40100004);
  g_assert_nonnull (strstr (text, "QIO"));
  g_assert_nonnull (strstr (text, "512KB (4Mbit, map 0)"));
  g_assert_nonnull (strstr (text, "IRAM"));
  g_assert_nonnull (strstr (text, "(valid)"));
  g_assert_true (kiln_image_info_check (info, "x", NULL));
}

static void
test_v1_bad (void)
{
  g_autoptr(GBytes) img = build_v1 (0x00, 0x00);
  g_autoptr(GBytes) bad_sum = modified (img, 20, 0x01);
  g_autoptr(GBytes) short_img = truncated (img, 40);
  g_autoptr(GBytes) no_sum = truncated (img, g_bytes_get_size (img) - 1);
  g_autoptr(GBytes) bad_magic = modified (img, 0, 0xE9 ^ 0x12);
  g_autoptr(KilnImageInfo) a = kiln_image_info_new (bad_sum, NULL);
  g_autoptr(KilnImageInfo) b = kiln_image_info_new (short_img, NULL);
  g_autoptr(KilnImageInfo) c = kiln_image_info_new (no_sum, NULL);
  g_autoptr(KilnImageInfo) d = kiln_image_info_new (bad_magic, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = kiln_image_info_to_string (a, "bad.bin");

  g_assert_cmpint (a->kind, ==, KILN_IMAGE_ESP8266_V1);
  g_assert_false (a->valid);
  g_assert_true (a->structure_ok);
  g_assert_true (has_problem (a, "checksum is wrong"));
  g_assert_nonnull (strstr (text, "INVALID"));
  g_assert_false (kiln_image_info_check (a, "bad.bin", &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID);
  g_assert_nonnull (strstr (error->message, "bad.bin"));

  g_assert_false (b->structure_ok);
  g_assert_true (has_problem (b, "truncated"));
  g_assert_true (has_problem (b, "segment 1"));
  g_assert_false (c->structure_ok);
  g_assert_true (has_problem (c, "checksum byte"));

  g_assert_cmpint (d->kind, ==, KILN_IMAGE_UNKNOWN);
  g_assert_false (kiln_image_info_is_firmware (d));
}

static void
test_esp32 (void)
{
  g_autoptr(GBytes) img = build_esp32 (5, TRUE);
  g_autoptr(GBytes) plain = build_esp32 (9, FALSE);
  g_autoptr(KilnImageInfo) info = kiln_image_info_new (img, NULL);
  g_autoptr(KilnImageInfo) info2 = kiln_image_info_new (plain, NULL);
  g_autofree char *text = kiln_image_info_to_string (info, "app.bin");

  g_assert_cmpint (info->kind, ==, KILN_IMAGE_ESP32);
  g_assert_true (info->valid);
  g_assert_nonnull (info->chip);
  g_assert_cmpint (info->chip->id, ==, KILN_CHIP_ESP32C3);
  g_assert_cmpuint (info->wp_pin, ==, 0xEE);
  g_assert_cmpuint (info->min_rev_full, ==, 3);
  g_assert_cmpuint (info->max_rev_full, ==, 399);
  g_assert_true (info->has_sha256);
  g_assert_cmpuint (info->image_length, ==, info->data_length + 32);
  g_assert_nonnull (strstr (text, "ESP32-C3"));
  g_assert_nonnull (strstr (text, "DIO"));
  g_assert_nonnull (strstr (text, "4MB"));
  g_assert_nonnull (strstr (text, "v3.99"));
  g_assert_nonnull (strstr (text, "SHA-256:"));

  g_assert_cmpint (info2->kind, ==, KILN_IMAGE_ESP32);
  g_assert_cmpint (info2->chip->id, ==, KILN_CHIP_ESP32S3);
  g_assert_false (info2->has_sha256);
  g_assert_true (info2->valid);
}

/* Every prefix of an image: the walk asks for more until it has every
 * segment header, always for more than it has, and then names the end
 * the parser finds, the SHA-256 included. */
static void
check_extent_prefixes (GBytes             *img,
                       const KilnChipInfo *chip,
                       gsize               expect_last_header)
{
  gsize n;
  const guint8 *d = g_bytes_get_data (img, &n);
  g_autoptr(KilnImageInfo) info = kiln_image_info_new (img, chip);
  gsize first_known = 0;

  g_assert_true (info->valid);
  g_assert_cmpuint (info->image_length, ==, n);
  for (gsize len = 0; len <= n; len++)
    {
      guint64 end;
      gsize last;

      if (kiln_image_extent (d, len, chip, &end, &last))
        {
          if (first_known == 0)
            first_known = len;
          g_assert_cmpuint (end, ==, n);
          g_assert_cmpuint (last, ==, expect_last_header);
        }
      else
        {
          g_assert_cmpuint (first_known, ==, 0);
          g_assert_cmpuint (end, >, len);
        }
    }
  /* Known once the last header is in, not before. */
  g_assert_cmpuint (first_known, ==, expect_last_header + 8);

  /* The walk looks at the header and the 8 bytes before each end it asks
   * for, nothing else: given those alone, the rest zeros, it ends alike. */
  {
    g_autofree guint8 *sparse = g_malloc0 (n);
    gsize have = 0;
    guint64 end;

    while (!kiln_image_extent (sparse, have, chip, &end, NULL))
      {
        gsize from = have == 0 ? 0 : end - 8;

        g_assert_cmpuint (end, <=, n);
        memcpy (sparse + from, d + from, end - from);
        have = end;
      }
    g_assert_cmpuint (end, ==, n);
  }
}

static void
test_extent (void)
{
  g_autoptr(GBytes) esp32 = kiln_test_esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER,
                                                    2, 0x20, 0, 0);
  g_autoptr(GBytes) esp8266 = kiln_test_esp8266_v1_image (0, 0x40);
  const guint8 *d;
  gsize n, last32 = 24, last8266 = 8;
  guint64 end;
  guint8 huge[32] = { 0xE9, 1 };

  /* The last header, found by walking the bytes here. */
  d = g_bytes_get_data (esp32, &n);
  for (guint i = 1; i < d[1]; i++)
    last32 += 8 + kiln_get_le32 (d + last32 + 4);
  d = g_bytes_get_data (esp8266, &n);
  for (guint i = 1; i < d[1]; i++)
    last8266 += 8 + kiln_get_le32 (d + last8266 + 4);
  check_extent_prefixes (esp32, kiln_chip_get (KILN_CHIP_ESP32), last32);
  check_extent_prefixes (esp8266, kiln_chip_get (KILN_CHIP_ESP8266), last8266);
  /* The SDK's user1.bin: the irom0 segment, the second header at 16 +
   * 0x30, its one segment header after it, and the CRC-32 at the end. */
  {
    g_autoptr(GBytes) v2 = build_v2 (1);

    check_extent_prefixes (v2, kiln_chip_get (KILN_CHIP_ESP8266), 16 + 0x30 + 8);
  }

  /* A length of 4 GiB, as erased flash reads, is taken as it is. */
  kiln_put_le32 (huge + 28, 0xFFFFFFFF);
  g_assert_true (kiln_image_extent (huge, sizeof huge, kiln_chip_get (KILN_CHIP_ESP32), &end, NULL));
  g_assert_cmpuint (end, >, G_MAXUINT32);
}

static void
test_esp32_bad (void)
{
  g_autoptr(GBytes) img = build_esp32 (5, TRUE);
  gsize n = g_bytes_get_size (img);
  /* A header byte changed without a new digest: the checksum does not
   * cover the header, the SHA-256 does. */
  g_autoptr(GBytes) bad_sha = modified (img, 2, 0x01);
  g_autoptr(GBytes) bad_digest = modified (img, n - 1, 0xFF);
  g_autoptr(GBytes) no_sha = truncated (img, n - 32);
  g_autoptr(GBytes) bad_sum = modified (img, 40, 0x40);
  g_autoptr(KilnImageInfo) a = kiln_image_info_new (bad_sha, NULL);
  g_autoptr(KilnImageInfo) b = kiln_image_info_new (bad_digest, NULL);
  g_autoptr(KilnImageInfo) c = kiln_image_info_new (no_sha, NULL);
  g_autoptr(KilnImageInfo) d = kiln_image_info_new (bad_sum, NULL);

  g_assert_cmpint (a->kind, ==, KILN_IMAGE_ESP32);
  g_assert_cmpuint (a->checksum_stored, ==, a->checksum_computed);
  g_assert_true (has_problem (a, "SHA-256"));
  g_assert_false (a->valid);
  g_assert_true (has_problem (b, "SHA-256"));
  g_assert_false (c->structure_ok);
  g_assert_true (has_problem (c, "truncated"));
  /* Both the checksum and the digest break when segment data changes. */
  g_assert_true (has_problem (d, "checksum is wrong"));
  g_assert_true (has_problem (d, "SHA-256"));
}

static void
test_v2 (void)
{
  g_autoptr(GBytes) img = build_v2 (1);
  g_autoptr(GBytes) bad_crc = modified (img, g_bytes_get_size (img) - 2, 0x10);
  g_autoptr(GBytes) irom_changed = modified (img, 20, 0x10);
  g_autoptr(GBytes) no_crc = truncated (img, g_bytes_get_size (img) - 4);
  g_autoptr(KilnImageInfo) info = kiln_image_info_new (img, NULL);
  g_autoptr(KilnImageInfo) a = kiln_image_info_new (bad_crc, NULL);
  g_autoptr(KilnImageInfo) b = kiln_image_info_new (irom_changed, NULL);
  g_autoptr(KilnImageInfo) c = kiln_image_info_new (no_crc, NULL);
  g_autofree char *text = kiln_image_info_to_string (info, "user1.2048.new.5.bin");

  g_assert_cmpint (info->kind, ==, KILN_IMAGE_ESP8266_V2);
  g_assert_true (info->valid);
  g_assert_cmpuint (info->irom_length, ==, 0x30);
  g_assert_cmpuint (info->irom_offset, ==, 16);
  g_assert_cmpuint (info->v2_byte3, ==, 1);
  g_assert_true (info->has_crc);
  g_assert_cmpuint (info->flash_size_code, ==, 5);
  g_assert_nonnull (strstr (text, "app 1"));
  g_assert_nonnull (strstr (text, "CRC-32"));

  g_assert_true (has_problem (a, "CRC-32"));
  /* irom0 is outside the XOR checksum but inside the CRC. */
  g_assert_cmpuint (b->checksum_stored, ==, b->checksum_computed);
  g_assert_true (has_problem (b, "CRC-32"));
  g_assert_true (has_problem (c, "CRC-32 trailer"));

  /* The tests' own user1.bin, its CRC computed bit by bit there. */
  {
    g_autoptr(GBytes) user1 = kiln_test_esp8266_user1 (0x00, 0x50, 0x1000);
    g_autoptr(KilnImageInfo) u = kiln_image_info_new (user1, NULL);

    g_assert_cmpint (u->kind, ==, KILN_IMAGE_ESP8266_V2);
    g_assert_true (u->valid);
    g_assert_true (u->has_crc);
    g_assert_cmpuint (u->crc_stored, ==, u->crc_computed);
  }
}

static void
test_v2_crc_rule (void)
{
  /* CRC-32("123456789") = 0xCBF43926: top bit set, so XOR. */
  g_assert_cmphex (kiln_image_esp8266_v2_crc ((const guint8 *) "123456789", 9), ==,
                   0xCBF43926u ^ 0xFFFFFFFFu);
  /* CRC-32("") = 0: top bit clear, so plus one. */
  g_assert_cmphex (kiln_image_esp8266_v2_crc ((const guint8 *) "", 0), ==, 1);
  /* CRC-32("The quick brown fox jumps over the lazy dog") = 0x414FA339. */
  g_assert_cmphex (kiln_image_esp8266_v2_crc ((const guint8 *) "The quick brown fox jumps over "
                                              "the lazy dog", 43), ==, 0x414FA33A);
}

static GBytes *
init_data (guint8 version,
           guint8 crystal)
{
  guint8 *d = g_malloc0 (128);
  d[0] = 0x05;
  d[1] = version;
  d[2] = 0x04;
  d[3] = 0x02;
  d[48] = crystal;
  return g_bytes_new_take (d, 128);
}

static void
test_non_images (void)
{
  g_autoptr(GBytes) init = init_data (0x08, 1);
  g_autofree guint8 *ff = g_malloc (4096);
  g_autoptr(GBytes) blank = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(KilnImageInfo) a = kiln_image_info_new (init, NULL);
  g_autoptr(KilnImageInfo) b = NULL;
  g_autoptr(KilnImageInfo) c = kiln_image_info_new (empty, NULL);
  g_autofree char *text = kiln_image_info_to_string (a, "esp_init_data_default_v08.bin");

  memset (ff, 0xFF, 4096);
  blank = g_bytes_new (ff, 4096);
  b = kiln_image_info_new (blank, NULL);

  g_assert_cmpint (a->kind, ==, KILN_IMAGE_INIT_DATA);
  g_assert_cmpint (a->crystal_mhz, ==, 26);
  g_assert_nonnull (strstr (text, "26 MHz"));
  g_assert_false (kiln_image_info_is_firmware (a));
  g_assert_cmpint (b->kind, ==, KILN_IMAGE_BLANK);
  g_assert_true (b->valid);
  g_assert_cmpint (c->kind, ==, KILN_IMAGE_EMPTY);
  g_assert_false (c->valid);
}

typedef struct
{
  guint8      type, subtype;
  guint32     offset, size;
  const char *label;
  guint32     flags;
} Part;

static GBytes *
build_partition_table (gboolean md5,
                       gboolean corrupt_md5)
{
  static const Part parts[] = {
    { 1, 0x02, 0x9000, 0x6000, "nvs", 0 },
    { 1, 0x01, 0xF000, 0x1000, "phy_init", 0 },
    { 0, 0x00, 0x10000, 0x100000, "factory", 0 },
    { 0, 0x10, 0x110000, 0x100000, "ota_0", 1 },
  };
  guint8 *t = g_malloc (0xC00);
  guint pos = 0;

  memset (t, 0xFF, 0xC00);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++, pos += 32)
    {
      guint8 *e = t + pos;
      memset (e, 0, 32);
      e[0] = 0xAA;
      e[1] = 0x50;
      e[2] = parts[i].type;
      e[3] = parts[i].subtype;
      kiln_put_le32 (e + 4, parts[i].offset);
      kiln_put_le32 (e + 8, parts[i].size);
      memcpy (e + 12, parts[i].label, strlen (parts[i].label));
      kiln_put_le32 (e + 28, parts[i].flags);
    }
  if (md5)
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);
      gsize n = 16;
      t[pos] = 0xEB;
      t[pos + 1] = 0xEB;
      g_checksum_update (sum, t, pos);
      g_checksum_get_digest (sum, t + pos + 16, &n);
      if (corrupt_md5)
        t[pos + 20] ^= 1;
    }
  return g_bytes_new_take (t, 0xC00);
}

static void
test_partition_table (void)
{
  g_autoptr(GBytes) table = build_partition_table (TRUE, FALSE);
  g_autoptr(GBytes) bad = build_partition_table (TRUE, TRUE);
  g_autoptr(GBytes) old = build_partition_table (FALSE, FALSE);
  g_autoptr(KilnImageInfo) info = kiln_image_info_new (table, NULL);
  g_autoptr(KilnImageInfo) info_bad = kiln_image_info_new (bad, NULL);
  g_autoptr(KilnImageInfo) info_old = kiln_image_info_new (old, NULL);
  g_autofree char *text = kiln_image_info_to_string (info, "partition-table.bin");
  const KilnPartitionEntry *e;
  g_autoptr(GError) error = NULL;
  guint8 junk[64];

  g_assert_cmpint (info->kind, ==, KILN_IMAGE_PARTITION_TABLE);
  g_assert_true (info->valid);
  g_assert_cmpuint (info->partitions->entries->len, ==, 4);
  g_assert_true (info->partitions->has_md5);
  g_assert_true (info->partitions->md5_valid);
  e = &g_array_index (info->partitions->entries, KilnPartitionEntry, 3);
  g_assert_cmpstr (e->label, ==, "ota_0");
  g_assert_cmphex (e->offset, ==, 0x110000);
  g_assert_cmpstr (kiln_partition_subtype_name (e->type, e->subtype), ==, "ota_0");
  g_assert_true (e->flags & KILN_PARTITION_FLAG_ENCRYPTED);
  g_assert_nonnull (strstr (text, "phy_init"));
  g_assert_nonnull (strstr (text, "factory"));
  g_assert_nonnull (strstr (text, "0x110000"));
  g_assert_nonnull (strstr (text, "encrypted"));
  g_assert_nonnull (strstr (text, "MD5 of the entries: valid"));

  g_assert_false (info_bad->valid);
  g_assert_true (has_problem (info_bad, "MD5"));
  g_assert_true (info_old->valid);
  g_assert_false (info_old->partitions->has_md5);

  memset (junk, 0, sizeof junk);
  junk[0] = 0xAA;
  junk[1] = 0x50;
  junk[32] = 0x12;
  g_assert_null (kiln_partition_table_parse (junk, sizeof junk, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID);
  g_assert_nonnull (strstr (error->message, "entry 1"));
}

static void
place (guint8 *out,
       gsize   offset,
       GBytes *b)
{
  gsize n;
  const guint8 *d = g_bytes_get_data (b, &n);
  memcpy (out + offset, d, n);
}

static void
test_combined (void)
{
  g_autoptr(GBytes) boot = build_esp32 (0, TRUE);
  g_autoptr(GBytes) table = build_partition_table (TRUE, FALSE);
  g_autoptr(GBytes) app = build_esp32 (0, TRUE);
  gsize len = 0x10000 + g_bytes_get_size (app);
  guint8 *d = g_malloc (len);
  g_autoptr(GBytes) merged = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  g_autofree char *text = NULL;
  const KilnImagePart *p;

  memset (d, 0xFF, len);
  place (d, 0x1000, boot);
  place (d, 0x8000, table);
  place (d, 0x10000, app);
  merged = g_bytes_new_take (d, len);
  info = kiln_image_info_new (merged, NULL);
  text = kiln_image_info_to_string (info, "merged.bin");

  g_assert_cmpint (info->kind, ==, KILN_IMAGE_COMBINED);
  g_assert_true (info->valid);
  g_assert_cmpuint (info->parts->len, ==, 3);
  p = &g_array_index (info->parts, KilnImagePart, 0);
  g_assert_cmphex (p->offset, ==, 0x1000);
  g_assert_cmpint (p->info->kind, ==, KILN_IMAGE_ESP32);
  p = &g_array_index (info->parts, KilnImagePart, 1);
  g_assert_cmphex (p->offset, ==, 0x8000);
  g_assert_cmpint (p->info->kind, ==, KILN_IMAGE_PARTITION_TABLE);
  p = &g_array_index (info->parts, KilnImagePart, 2);
  g_assert_cmphex (p->offset, ==, 0x10000);
  g_assert_nonnull (strstr (text, "0x08000: ESP-IDF partition table"));
  g_assert_nonnull (strstr (text, "0x10000: ESP32-family"));
}

static void
test_combined_nodemcu (void)
{
  /* NodeMCU/MicroPython style (seeds 001, 003): a v1 image at 0x0 and the
   * raw irom0 code at 0x10000 in one file. */
  g_autoptr(GBytes) v1 = build_v1 (0x02, 0x40);
  gsize len = 0x10000 + 0x800;
  guint8 *d = g_malloc (len);
  g_autoptr(GBytes) merged = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  g_autofree char *text = NULL;
  const KilnImagePart *p;

  memset (d, 0xFF, len);
  place (d, 0, v1);
  for (gsize i = 0x10000; i < len; i++)
    d[i] = (guint8) i;
  merged = g_bytes_new_take (d, len);
  info = kiln_image_info_new (merged, NULL);
  text = kiln_image_info_to_string (info, "nodemcu.bin");

  g_assert_cmpint (info->kind, ==, KILN_IMAGE_COMBINED);
  g_assert_cmpuint (info->parts->len, ==, 2);
  p = &g_array_index (info->parts, KilnImagePart, 1);
  g_assert_null (p->info);
  g_assert_cmphex (p->offset, ==, 0x10000);
  g_assert_nonnull (strstr (text, "irom0"));
  g_assert_nonnull (strstr (text, "0x40210000"));
}

static void
test_combined_at (void)
{
  /* A whole 16Mbit-C1 flash dump of the AT firmware: boot.bin at 0x0,
   * user1 (v2) at 0x1000, init data at 0x1FC000. */
  g_autoptr(GBytes) boot = build_v1 (0x00, 0x50);
  g_autoptr(GBytes) user1 = build_v2 (1);
  g_autoptr(GBytes) init = init_data (0x08, 1);
  gsize len = 0x200000;
  guint8 *d = g_malloc (len);
  g_autoptr(GBytes) dump = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  g_autofree char *text = NULL;
  const KilnImagePart *p;

  memset (d, 0xFF, len);
  place (d, 0, boot);
  place (d, 0x1000, user1);
  place (d, 0x1FC000, init);
  /* Raw bytes that happen to start with 0x05 are not init data. */
  d[0x100000] = 0x05;
  dump = g_bytes_new_take (d, len);
  info = kiln_image_info_new (dump, NULL);
  text = kiln_image_info_to_string (info, "dump.bin");

  g_assert_cmpint (info->kind, ==, KILN_IMAGE_COMBINED);
  g_assert_true (info->valid);
  g_assert_cmpuint (info->parts->len, ==, 4);
  p = &g_array_index (info->parts, KilnImagePart, 1);
  g_assert_cmphex (p->offset, ==, 0x1000);
  g_assert_cmpint (p->info->kind, ==, KILN_IMAGE_ESP8266_V2);
  p = &g_array_index (info->parts, KilnImagePart, 2);
  g_assert_null (p->info);
  g_assert_cmphex (p->offset, ==, 0x100000);
  p = &g_array_index (info->parts, KilnImagePart, 3);
  g_assert_cmphex (p->offset, ==, 0x1FC000);
  g_assert_cmpint (p->info->kind, ==, KILN_IMAGE_INIT_DATA);
  g_assert_nonnull (strstr (text, "2MB-c1 (16Mbit-C1, map 5)"));
}

/* Every byte outside @skip ranges equal. */
static void
assert_same_except (GBytes      *a,
                    GBytes      *b,
                    const gsize *skip,
                    guint        n_skip)
{
  gsize na, nb;
  const guint8 *pa = g_bytes_get_data (a, &na);
  const guint8 *pb = g_bytes_get_data (b, &nb);

  g_assert_cmpuint (na, ==, nb);
  for (gsize i = 0; i < na; i++)
    {
      gboolean skipped = FALSE;
      for (guint k = 0; k < n_skip; k++)
        if (i >= skip[2 * k] && i < skip[2 * k + 1])
          skipped = TRUE;
      if (!skipped && pa[i] != pb[i])
        g_error ("byte %" G_GSIZE_FORMAT " changed: %02x → %02x", i, pa[i], pb[i]);
    }
}

static void
test_patch_esp32_roundtrip (void)
{
  const KilnChipInfo *esp32 = kiln_chip_get (KILN_CHIP_ESP32);
  g_autoptr(GBytes) img = build_esp32 (0, TRUE);
  g_autoptr(GBytes) with_tail = NULL;
  g_autoptr(GBytes) patched = NULL;
  g_autoptr(GBytes) tail_patched = NULL;
  g_autoptr(KilnImageInfo) before = kiln_image_info_new (img, esp32);
  g_autoptr(KilnImageInfo) after = NULL;
  g_autofree char *desc = NULL;
  KilnFlashParams params;
  gsize skip[4];

  g_assert_true (kiln_flash_params_parse (&params, esp32, "qio", "80m", "16MB", NULL));
  patched = kiln_image_patch_flash_params_named (img, esp32, 0x1000, &params, "bootloader.bin", &desc);
  after = kiln_image_info_new (patched, esp32);

  g_assert_true (after->valid);
  g_assert_cmpuint (after->flash_mode, ==, KILN_FLASH_MODE_QIO);
  g_assert_cmpuint (after->flash_size_code, ==, 4);
  g_assert_cmpuint (after->flash_freq_code, ==, 0xF);
  g_assert_cmpuint (after->checksum_stored, ==, after->checksum_computed);
  g_assert_true (memcmp (after->sha256_stored, after->sha256_computed, 32) == 0);
  g_assert_false (memcmp (after->sha256_stored, before->sha256_stored, 32) == 0);
  g_assert_cmpstr (desc, ==, "Flash mode DIO→QIO, size 4MB→16MB, frequency 40m→80m in the header "
                             "of bootloader.bin (SHA-256 updated)");
  skip[0] = 2;
  skip[1] = 4;
  skip[2] = before->data_length;
  skip[3] = before->data_length + 32;
  assert_same_except (img, patched, skip, 2);

  /* Bytes after the digest survive (merged binaries). */
  {
    gsize n;
    const guint8 *d = g_bytes_get_data (img, &n);
    guint8 *t = g_malloc (n + 100);
    memcpy (t, d, n);
    memset (t + n, 0x5A, 100);
    with_tail = g_bytes_new_take (t, n + 100);
  }
  tail_patched = kiln_image_patch_flash_params (with_tail, esp32, 0x1000, &params, NULL);
  assert_same_except (with_tail, tail_patched, skip, 2);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (tail_patched, NULL))[g_bytes_get_size (img) + 99],
                    ==, 0x5A);
}

static void
test_patch_esp8266 (void)
{
  const KilnChipInfo *esp8266 = kiln_chip_get (KILN_CHIP_ESP8266);
  /* boot_v1.7.bin's header: E9 .. 00 00 = QIO, 512KB, 40 MHz (§9.3). */
  g_autoptr(GBytes) boot = build_v1 (0x00, 0x00);
  g_autoptr(GBytes) patched = NULL;
  g_autoptr(GBytes) freq_only = NULL;
  g_autoptr(KilnImageInfo) after = NULL;
  g_autofree char *desc = NULL;
  g_autofree char *desc2 = NULL;
  KilnFlashParams params;
  const guint8 *p;
  gsize skip[2] = { 2, 4 };

  g_assert_true (kiln_flash_params_parse (&params, esp8266, "dio", "keep", "16Mbit-C1", NULL));
  g_assert_cmpint (params.size, ==, 5);
  g_assert_cmpint (params.freq, ==, -1);
  patched = kiln_image_patch_flash_params_named (boot, esp8266, 0x0, &params, "boot_v1.7.bin", &desc);
  g_assert_cmpstr (desc, ==, "Flash mode QIO→DIO, size 512KB→2MB-c1 in the header of boot_v1.7.bin");
  p = g_bytes_get_data (patched, NULL);
  g_assert_cmphex (p[2], ==, 0x02);
  g_assert_cmphex (p[3], ==, 0x50);
  assert_same_except (boot, patched, skip, 1);
  after = kiln_image_info_new (patched, esp8266);
  g_assert_true (after->valid);

  /* Only the frequency: the size nibble stays. */
  g_assert_true (kiln_flash_params_parse (&params, esp8266, NULL, "26m", "keep", NULL));
  freq_only = kiln_image_patch_flash_params (patched, esp8266, 0x0, &params, &desc2);
  p = g_bytes_get_data (freq_only, NULL);
  g_assert_cmphex (p[3], ==, 0x51);
  g_assert_cmpstr (desc2, ==, "Frequency 40m→26m in the boot loader header");
}

static void
test_patch_refused (void)
{
  const KilnChipInfo *esp8266 = kiln_chip_get (KILN_CHIP_ESP8266);
  const KilnChipInfo *esp32 = kiln_chip_get (KILN_CHIP_ESP32);
  const KilnChipInfo *c3 = kiln_chip_get (KILN_CHIP_ESP32C3);
  KilnFlashParams params = { KILN_FLASH_MODE_DIO, 0x0, 0x2 };
  KilnFlashParams keep = { -1, -1, -1 };
  g_autoptr(GBytes) boot = build_v1 (0x00, 0x00);
  g_autoptr(GBytes) s3 = build_esp32 (9, TRUE);
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(GBytes) tiny = g_bytes_new ("\xE9\x01\x00", 3);
  g_autoptr(GBytes) v2 = build_v2 (1);
  g_autoptr(GBytes) r = NULL;
  char *desc = (char *) "sentinel";

  /* Not at the bootloader offset: user1 at 0x1000 on the ESP8266. */
  r = kiln_image_patch_flash_params (boot, esp8266, 0x1000, &params, &desc);
  g_assert_true (g_bytes_equal (r, boot));
  g_assert_null (desc);
  g_clear_pointer (&r, g_bytes_unref);
  /* An ESP32 bootloader lives at 0x1000, not 0x0. */
  r = kiln_image_patch_flash_params (s3, esp32, 0x0, &params, NULL);
  g_assert_true (g_bytes_equal (r, s3));
  g_clear_pointer (&r, g_bytes_unref);
  /* An ESP32-S3 image is not an image "of" the C3. */
  r = kiln_image_patch_flash_params (s3, c3, 0x0, &params, NULL);
  g_assert_true (g_bytes_equal (r, s3));
  g_clear_pointer (&r, g_bytes_unref);
  /* Shorter than 8 bytes, v2 magic, keep-all. */
  r = kiln_image_patch_flash_params (tiny, esp8266, 0x0, &params, NULL);
  g_assert_true (g_bytes_equal (r, tiny));
  g_clear_pointer (&r, g_bytes_unref);
  r = kiln_image_patch_flash_params (v2, esp8266, 0x0, &params, NULL);
  g_assert_true (g_bytes_equal (r, v2));
  g_clear_pointer (&r, g_bytes_unref);
  r = kiln_image_patch_flash_params (boot, esp8266, 0x0, &keep, &desc);
  g_assert_true (g_bytes_equal (r, boot));
  g_assert_null (desc);
  g_clear_pointer (&r, g_bytes_unref);
  /* 0xE9 followed by garbage, like encrypted data: untouched. */
  broken = truncated (boot, 30);
  r = kiln_image_patch_flash_params (broken, esp8266, 0x0, &params, NULL);
  g_assert_true (g_bytes_equal (r, broken));
}

static void
test_flash_params_parse (void)
{
  const KilnChipInfo *esp8266 = kiln_chip_get (KILN_CHIP_ESP8266);
  const KilnChipInfo *esp32 = kiln_chip_get (KILN_CHIP_ESP32);
  KilnFlashParams p;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;

  g_assert_true (kiln_flash_params_parse (&p, esp8266, "keep", "keep", "detect", NULL));
  g_assert_cmpint (p.mode, ==, -1);
  g_assert_cmpint (p.size, ==, -1);
  g_assert_true (kiln_flash_params_parse (&p, esp8266, "DOUT", "80m", "32m-c1", NULL));
  g_assert_cmpint (p.mode, ==, KILN_FLASH_MODE_DOUT);
  g_assert_cmpint (p.freq, ==, 0xF);
  g_assert_cmpint (p.size, ==, 6);
  g_assert_false (kiln_flash_params_parse (&p, esp8266, "quad", NULL, NULL, &e1));
  g_assert_error (e1, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (e1->message, "quad"));
  g_assert_false (kiln_flash_params_parse (&p, esp32, NULL, "33m", NULL, &e2));
  g_assert_nonnull (strstr (e2->message, "40m"));
  g_assert_false (kiln_flash_params_parse (&p, esp32, NULL, NULL, "2MB-c1", &e3));
  g_assert_nonnull (strstr (e3->message, "ESP32"));
}

static void
test_crystal (void)
{
  g_autoptr(GBytes) init = init_data (0x08, 1);
  g_autoptr(GBytes) forty = NULL;
  g_autoptr(GBytes) same = NULL;
  g_autoptr(GBytes) img = build_v1 (0, 0);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autofree char *desc = NULL;
  char *desc2 = NULL;
  gsize skip[2] = { 48, 49 };

  forty = kiln_image_set_init_data_crystal (init, 40, &desc, NULL);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (forty, NULL))[48], ==, 0);
  g_assert_cmpstr (desc, ==, "Crystal 26 MHz→40 MHz in the init data (byte 48)");
  assert_same_except (init, forty, skip, 1);
  g_clear_pointer (&forty, g_bytes_unref);
  forty = kiln_image_set_init_data_crystal (init, 24, NULL, NULL);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (forty, NULL))[48], ==, 2);

  same = kiln_image_set_init_data_crystal (init, 26, &desc2, NULL);
  g_assert_true (g_bytes_equal (same, init));
  g_assert_null (desc2);

  g_assert_null (kiln_image_set_init_data_crystal (init, 27, NULL, &e1));
  g_assert_error (e1, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
  g_assert_null (kiln_image_set_init_data_crystal (img, 40, NULL, &e2));
  g_assert_error (e2, KILN_ERROR, KILN_ERROR_IMAGE_INVALID);
}

static KilnRegion *
region (guint32 address,
        gsize   size,
        guint8  fill,
        const char *name)
{
  g_autofree guint8 *d = g_malloc (size);
  g_autoptr(GBytes) b = NULL;
  memset (d, fill, size);
  b = g_bytes_new (d, size);
  return kiln_region_new (address, b, name);
}

static void
test_merge (void)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(GBytes) merged = NULL;
  g_autoptr(GBytes) filled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  const guint8 *d;

  g_ptr_array_add (regions, region (0x2000, 0x10, 0x22, "b.bin"));
  g_ptr_array_add (regions, region (0x1000, 0x10, 0x11, "a.bin"));
  merged = kiln_image_merge (regions, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (merged), ==, 0x2010);
  d = g_bytes_get_data (merged, NULL);
  g_assert_cmphex (d[0], ==, 0xFF);
  g_assert_cmphex (d[0x1000], ==, 0x11);
  g_assert_cmphex (d[0x1010], ==, 0xFF);
  g_assert_cmphex (d[0x2000], ==, 0x22);

  filled = kiln_image_merge (regions, 0x4000, NULL);
  g_assert_cmpuint (g_bytes_get_size (filled), ==, 0x4000);
  g_assert_cmphex (((const guint8 *) g_bytes_get_data (filled, NULL))[0x3FFF], ==, 0xFF);

  g_assert_null (kiln_image_merge (regions, 0x2000, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS);

  g_ptr_array_add (regions, region (0x1008, 0x10, 0x33, "c.bin"));
  g_assert_null (kiln_image_merge (regions, 0, &error2));
  g_assert_error (error2, KILN_ERROR, KILN_ERROR_REGION_OVERLAP);
  g_assert_nonnull (strstr (error2->message, "a.bin"));
  g_assert_nonnull (strstr (error2->message, "c.bin"));
}

static void
test_info_file (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (kiln_image_info_new_for_file ("/nonexistent/kiln.bin", NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/kiln.bin"));
  g_assert_true (G_TYPE_IS_BOXED (KILN_TYPE_IMAGE_INFO));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/image/v1", test_v1);
  g_test_add_func ("/kiln/image/v1-bad", test_v1_bad);
  g_test_add_func ("/kiln/image/esp32", test_esp32);
  g_test_add_func ("/kiln/image/esp32-bad", test_esp32_bad);
  g_test_add_func ("/kiln/image/extent", test_extent);
  g_test_add_func ("/kiln/image/v2", test_v2);
  g_test_add_func ("/kiln/image/v2-crc-rule", test_v2_crc_rule);
  g_test_add_func ("/kiln/image/non-images", test_non_images);
  g_test_add_func ("/kiln/image/partition-table", test_partition_table);
  g_test_add_func ("/kiln/image/combined", test_combined);
  g_test_add_func ("/kiln/image/combined-nodemcu", test_combined_nodemcu);
  g_test_add_func ("/kiln/image/combined-at", test_combined_at);
  g_test_add_func ("/kiln/image/patch-esp32-roundtrip", test_patch_esp32_roundtrip);
  g_test_add_func ("/kiln/image/patch-esp8266", test_patch_esp8266);
  g_test_add_func ("/kiln/image/patch-refused", test_patch_refused);
  g_test_add_func ("/kiln/image/flash-params-parse", test_flash_params_parse);
  g_test_add_func ("/kiln/image/crystal", test_crystal);
  g_test_add_func ("/kiln/image/merge", test_merge);
  g_test_add_func ("/kiln/image/info-file", test_info_file);
  return g_test_run ();
}
