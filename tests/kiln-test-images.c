/* kiln-test-images.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiln-test-images.h"

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24 };
  g_byte_array_append (a, b, 4);
}

typedef struct
{
  guint32 addr;
  guint32 len;
} Seg;

/* Segment headers and a pattern, the 16-aligned XOR checksum (seed 0xEF). */
static void
append_segments (GByteArray *a,
                 const Seg  *segs,
                 guint       n,
                 guint8      seed)
{
  guint8 sum = 0xEF;

  for (guint i = 0; i < n; i++)
    {
      put32 (a, segs[i].addr);
      put32 (a, segs[i].len);
      for (guint j = 0; j < segs[i].len; j++)
        {
          guint8 b = (guint8) (seed + i * 31 + j);
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

typedef struct
{
  guint16 chip_id;
  guint32 dram;      /* boot loader data */
  guint32 iram;      /* boot loader code */
  guint32 drom;      /* flash-mapped read-only data of an app (64 KiB aligned) */
} ChipMap;

/* From the chips' technical reference manuals' memory maps. */
static const ChipMap maps[] = {
  { KILN_TEST_CHIP_ESP32,   0x3FFF0000, 0x40078000, 0x3F400000 },
  { KILN_TEST_CHIP_ESP32S2, 0x3FFE8000, 0x4004C000, 0x3F000000 },
  { KILN_TEST_CHIP_ESP32C3, 0x3FCD5000, 0x403CC000, 0x3C000000 },
  { KILN_TEST_CHIP_ESP32S3, 0x3FCEB000, 0x403C9000, 0x3C000000 },
  { KILN_TEST_CHIP_ESP32C2, 0x3FCD6000, 0x403AE000, 0x3C000000 },
  { KILN_TEST_CHIP_ESP32C6, 0x4086C000, 0x4086E000, 0x42800000 },
  { KILN_TEST_CHIP_ESP32H2, 0x4083A000, 0x4083C000, 0x42800000 },
};

void
kiln_test_append_sha256 (GByteArray *a)
{
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize n = 32;

  g_checksum_update (sha, a->data, a->len);
  g_checksum_get_digest (sha, digest, &n);
  g_byte_array_append (a, digest, 32);
}

static const ChipMap *
chip_map (guint16 chip_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (maps); i++)
    if (maps[i].chip_id == chip_id)
      return &maps[i];
  g_assert_not_reached ();
}

/* The 24-byte extended header: entry 4 bytes into IRAM, SPI pins 0xEE. */
static void
append_header (GByteArray    *a,
               const ChipMap *m,
               guint16        chip_id,
               guint8         mode_byte,
               guint8         size_freq,
               guint16        min_rev_full,
               guint16        max_rev_full)
{
  guint8 h[24] = { 0xE9, 2, mode_byte, size_freq };

  h[4] = (m->iram + 4) & 0xFF;
  h[5] = ((m->iram + 4) >> 8) & 0xFF;
  h[6] = ((m->iram + 4) >> 16) & 0xFF;
  h[7] = (m->iram + 4) >> 24;
  h[8] = 0xEE;
  h[12] = chip_id & 0xFF;
  h[13] = chip_id >> 8;
  h[14] = min_rev_full / 100;
  h[15] = min_rev_full & 0xFF;
  h[16] = min_rev_full >> 8;
  h[17] = max_rev_full & 0xFF;
  h[18] = max_rev_full >> 8;
  h[23] = 1;
  g_byte_array_append (a, h, 24);
}

/* An image of @role; a bootloader's code segment is @code_len long. */
static GBytes *
esp32_image (guint16           chip_id,
             KilnTestImageRole role,
             guint8            mode_byte,
             guint8            size_freq,
             guint16           min_rev_full,
             guint16           max_rev_full,
             guint32           code_len)
{
  GByteArray *a = g_byte_array_new ();
  const ChipMap *m = chip_map (chip_id);
  Seg segs[2];

  if (role == KILN_TEST_IMAGE_APP)
    {
      /* 24-byte header + 8-byte segment header: the DROM data starts at file
       * offset 0x20, and must sit at the same offset within its 64 KiB page. */
      segs[0] = (Seg) { m->drom + 0x20, 0x40 };
      segs[1] = (Seg) { m->dram, 0x30 };
    }
  else
    {
      segs[0] = (Seg) { m->dram, 0x30 };
      segs[1] = (Seg) { m->iram, code_len };
    }
  append_header (a, m, chip_id, mode_byte, size_freq, min_rev_full, max_rev_full);
  append_segments (a, segs, 2, (guint8) (chip_id + role));
  kiln_test_append_sha256 (a);
  return g_byte_array_free_to_bytes (a);
}

GBytes *
kiln_test_esp32_bootloader_sized (guint16 chip_id,
                                  guint32 code_len)
{
  return esp32_image (chip_id, KILN_TEST_IMAGE_BOOTLOADER, 2, 0x20, 0, 0, code_len);
}

GBytes *
kiln_test_esp32_image (guint16           chip_id,
                       KilnTestImageRole role,
                       guint8            mode_byte,
                       guint8            size_freq,
                       guint16           min_rev_full,
                       guint16           max_rev_full)
{
  return esp32_image (chip_id, role, mode_byte, size_freq, min_rev_full, max_rev_full, 0x44);
}

/* An ESP8266 v1 image of three segments, entry at the start of IRAM. */
static GBytes *
esp8266_v1 (const Seg segs[3],
            guint8    mode_byte,
            guint8    size_freq,
            guint8    seed)
{
  GByteArray *a = g_byte_array_new ();
  guint8 h[4] = { 0xE9, 3, mode_byte, size_freq };

  g_byte_array_append (a, h, 4);
  put32 (a, 0x40100004);
  append_segments (a, segs, 3, seed);
  return g_byte_array_free_to_bytes (a);
}

GBytes *
kiln_test_esp8266_v1_image (guint8 mode_byte,
                            guint8 size_freq)
{
  const Seg segs[] = { { 0x40100000, 0x3A0 }, { 0x3FFE8000, 0x24 }, { 0x3FFE8330, 0x10 } };

  return esp8266_v1 (segs, mode_byte, size_freq, 0x11);
}

GBytes *
kiln_test_esp8266_firmware (guint8 mode_byte,
                            guint8 size_freq)
{
  const Seg segs[] = { { 0x40100000, 0x6000 }, { 0x3FFE8000, 0x400 }, { 0x3FFE8400, 0x200 } };

  return esp8266_v1 (segs, mode_byte, size_freq, 0x35);
}

/* The SDK's v2 trailer (protocol facts §9.3): the standard CRC-32 (bit by
 * bit, reflected, polynomial 0xEDB88320), then XOR 0xFFFFFFFF when its top
 * bit is set and plus one otherwise. */
static guint32
sdk_crc (const guint8 *p,
         gsize         n)
{
  guint32 crc = 0xFFFFFFFFu;

  for (gsize i = 0; i < n; i++)
    {
      crc ^= p[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  crc ^= 0xFFFFFFFFu;
  return (crc & 0x80000000u) ? crc ^ 0xFFFFFFFFu : crc + 1;
}

GBytes *
kiln_test_esp8266_user1 (guint8  mode_byte,
                         guint8  size_freq,
                         guint32 irom_len)
{
  GByteArray *a = g_byte_array_new ();
  const Seg segs[] = { { 0x40100000, 0x5A0 }, { 0x3FFE8000, 0x3C }, { 0x3FFE8340, 0x14 } };
  guint8 h1[4] = { 0xEA, 0x04, mode_byte, size_freq };
  guint8 h2[4] = { 0xE9, G_N_ELEMENTS (segs), mode_byte, size_freq };

  g_byte_array_append (a, h1, 4);
  put32 (a, 0x40100004);
  put32 (a, 0);                   /* irom0: load address 0 as the SDK writes */
  put32 (a, irom_len);
  for (guint32 i = 0; i < irom_len; i++)
    {
      guint8 b = (guint8) (i * 7 + (i >> 9));
      g_byte_array_append (a, &b, 1);
    }
  g_byte_array_append (a, h2, 4);
  put32 (a, 0x40100004);
  append_segments (a, segs, G_N_ELEMENTS (segs), 0x23);
  put32 (a, sdk_crc (a->data, a->len));
  return g_byte_array_free_to_bytes (a);
}

static void
pt_entry (GByteArray *a,
          guint8      type,
          guint8      subtype,
          guint32     offset,
          guint32     size,
          const char *label)
{
  guint8 head[4] = { 0xAA, 0x50, type, subtype };
  char name[16] = { 0 };

  g_byte_array_append (a, head, 4);
  put32 (a, offset);
  put32 (a, size);
  strncpy (name, label, sizeof name - 1);
  g_byte_array_append (a, (const guint8 *) name, sizeof name);
  put32 (a, 0);
}

/* The "single factory app" table: nvs, phy_init, the factory app at
 * @app_offset (1 MiB); then the MD5 entry and 0xFF to the end of the
 * 3 KiB table. */
GBytes *
kiln_test_partition_table (guint32 app_offset)
{
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  guint8 digest[16], ff = 0xFF;
  gsize dlen = sizeof digest;
  guint8 md5_head[16] = { 0xEB, 0xEB };

  pt_entry (a, 0x01, 0x02, 0x9000, 0x6000, "nvs");
  pt_entry (a, 0x01, 0x01, 0xF000, 0x1000, "phy_init");
  pt_entry (a, 0x00, 0x00, app_offset, 0x100000, "factory");
  g_checksum_update (md5, a->data, a->len);
  g_checksum_get_digest (md5, digest, &dlen);
  memset (md5_head + 2, 0xFF, 14);
  g_byte_array_append (a, md5_head, sizeof md5_head);
  g_byte_array_append (a, digest, sizeof digest);
  while (a->len < 0xC00)
    g_byte_array_append (a, &ff, 1);
  return g_byte_array_free_to_bytes (a);
}
