/* kiln-image.h: ESP8266 and ESP32-family firmware images.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiln-chip.h"
#include "kiln-partition.h"

G_BEGIN_DECLS

/**
 * KilnFlashParams:
 * @mode: header byte 2 (KilnFlashMode), or -1 to keep
 * @freq: frequency code (low nibble of byte 3), or -1 to keep
 * @size: size code (high nibble of byte 3), or -1 to keep
 */
typedef struct
{
  gint mode;
  gint freq;
  gint size;
} KilnFlashParams;

/**
 * kiln_image_patch_flash_params:
 * @data: what will be written at @address
 * @chip: the target chip
 * @address: where it goes; only the chip's bootloader offset is patched
 * @params: new values (-1 = keep)
 * @description: (out) (optional) (nullable): what was changed, for the log,
 *   or %NULL when nothing was
 *
 * Patches bytes 2 and 3 of a bootloader image and, on ESP32-family chips,
 * recomputes an appended SHA-256.  Data that is not a valid image of the
 * chip is returned unchanged.
 *
 * Returns: (transfer full): the bytes to write
 */
GBytes *kiln_image_patch_flash_params (GBytes                *data,
                                       const KilnChipInfo    *chip,
                                       guint32                address,
                                       const KilnFlashParams *params,
                                       char                 **description);

/* The same, naming the file in @description ("… in the header of
 * boot_v1.7.bin"); @name may be %NULL. */
GBytes *kiln_image_patch_flash_params_named (GBytes                *data,
                                             const KilnChipInfo    *chip,
                                             guint32                address,
                                             const KilnFlashParams *params,
                                             const char            *name,
                                             char                 **description);

/* Fills @params from CLI/project spellings ("keep", "qio", "40m", "2MB-c1").
 * NULL, "keep" and "detect" give -1 ("detect" must be resolved by the caller
 * once the flash id is known).  KILN_ERROR_INVALID_ARGUMENT names the value
 * and lists what the chip accepts. */
gboolean kiln_flash_params_parse (KilnFlashParams    *params,
                                  const KilnChipInfo *chip,
                                  const char         *mode,
                                  const char         *freq,
                                  const char         *size,
                                  GError            **error);

typedef enum
{
  KILN_IMAGE_UNKNOWN,          /* not recognised: raw data (irom0 code, a file system …) */
  KILN_IMAGE_EMPTY,            /* zero bytes */
  KILN_IMAGE_ESP8266_V1,       /* 0xE9, loaded by the ROM */
  KILN_IMAGE_ESP8266_V2,       /* 0xEA, loaded by the SDK's boot_v1.x (user1.bin) */
  KILN_IMAGE_ESP32,            /* 0xE9 with the extended header */
  KILN_IMAGE_INIT_DATA,        /* esp_init_data_default*.bin */
  KILN_IMAGE_BLANK,            /* all 0xFF, e.g. blank.bin */
  KILN_IMAGE_PARTITION_TABLE,  /* ESP-IDF partition table */
  KILN_IMAGE_COMBINED,         /* several of the above at flash offsets */
} KilnImageKind;

typedef struct
{
  guint32 load_address;
  guint32 length;
  guint32 file_offset;  /* where the segment's data starts in the file */
} KilnImageSegment;

typedef struct _KilnImageInfo KilnImageInfo;

/**
 * KilnImagePart:
 * @offset: where this part starts in a combined file (= flash offset when
 *   the file is written at 0x0)
 * @length: its length in the file
 * @info: (nullable): what it is; %NULL for unrecognised data
 */
typedef struct
{
  guint32        offset;
  guint32        length;
  KilnImageInfo *info;
} KilnImagePart;

/**
 * KilnImageInfo:
 *
 * What a file contains, from kiln_image_info_new().  Immutable and
 * reference-counted (atomically), so it may cross threads.
 *
 * Fields that do not apply to @kind are zero.  @problems lists, as
 * translated sentences, everything that makes the image unbootable
 * (checksum, SHA-256, CRC, truncation); @notes lists harmless
 * observations.  @valid is %TRUE when @problems is empty.
 */
struct _KilnImageInfo
{
  KilnImageKind       kind;
  gsize               size;          /* file size */
  gboolean            valid;
  gboolean            structure_ok;  /* every header and segment is inside the file */
  gsize               image_length;  /* bytes the image proper uses, with SHA-256/CRC */
  GPtrArray          *problems;      /* (element-type utf8) */
  GPtrArray          *notes;         /* (element-type utf8) */

  /* common header (v1, v2's second header, ESP32) */
  guint8              magic;
  guint8              flash_mode;
  guint8              flash_size_code;
  guint8              flash_freq_code;
  guint32             entry;
  guint               header_segments;  /* the count byte */
  GArray             *segments;         /* (element-type KilnImageSegment) RAM segments;
                                           for ESP32 every segment */
  const KilnChipInfo *chip;             /* the chip the image is for, if known */

  /* XOR checksum */
  guint8              checksum_stored;
  guint8              checksum_computed;
  gsize               data_length;      /* through the checksum byte (16-aligned) */

  /* ESP8266 v2 */
  guint8              v2_byte2;         /* first header: 0 / mode */
  guint8              v2_byte3;         /* first header: app number / size-freq */
  guint32             irom_offset;      /* file offset of the irom0 data */
  guint32             irom_length;
  gboolean            has_crc;
  guint32             crc_stored;
  guint32             crc_computed;

  /* ESP32 extended header */
  guint8              wp_pin;
  guint8              drive_strength[3];
  guint16             chip_id;
  guint8              min_rev;
  guint16             min_rev_full;
  guint16             max_rev_full;
  guint8              hash_appended;
  gboolean            has_sha256;
  guint8              sha256_stored[32];
  guint8              sha256_computed[32];

  /* init data */
  gint                crystal_mhz;      /* from byte 48; 0 unknown */

  /* partition table */
  KilnPartitionTable *partitions;

  /* combined */
  GArray             *parts;            /* (element-type KilnImagePart) */
};

#define KILN_TYPE_IMAGE_INFO (kiln_image_info_get_type ())
GType          kiln_image_info_get_type    (void) G_GNUC_CONST;

KilnImageInfo *kiln_image_info_new         (GBytes              *data,
                                            const KilnChipInfo  *chip_hint);
KilnImageInfo *kiln_image_info_new_for_file (const char         *path,
                                            const KilnChipInfo  *chip_hint,
                                            GError             **error);
KilnImageInfo *kiln_image_info_ref         (KilnImageInfo       *info);
void           kiln_image_info_unref       (KilnImageInfo       *info);
gboolean       kiln_image_info_is_firmware (const KilnImageInfo *info);
char          *kiln_image_info_to_string   (const KilnImageInfo *info,
                                            const char          *name);
const char    *kiln_image_kind_to_string   (KilnImageKind        kind);
/* A KILN_ERROR_IMAGE_INVALID naming the first problem, or TRUE. */
gboolean       kiln_image_info_check       (const KilnImageInfo *info,
                                            const char          *name,
                                            GError             **error);

gboolean       kiln_image_extent           (const guint8        *data,
                                            gsize                len,
                                            const KilnChipInfo  *chip,
                                            guint64             *end,
                                            gsize               *last_header);

/* Checksums, exposed for the image builder and the tests. */
guint8   kiln_image_xor_checksum      (const guint8 *data,
                                       gsize         len,
                                       guint8        seed);
guint32  kiln_image_esp8266_v2_crc    (const guint8 *data,
                                       gsize         len);

/* Memory regions by load address, for descriptions and the ELF converter:
 * "IRAM", "DRAM", "IROM", "DROM", "RTC", or NULL when unknown.  Flash-mapped
 * (IROM/DROM) segments run from flash through the cache. */
const char *kiln_image_address_region      (const KilnChipInfo *chip,
                                            guint32             address);
gboolean    kiln_image_address_is_flash_mapped (const KilnChipInfo *chip,
                                            guint32             address);

/* ESP8266 PHY init data (esp_init_data_default*.bin). */
#define KILN_INIT_DATA_SIZE          128u
#define KILN_INIT_DATA_CRYSTAL_BYTE  48u

gboolean kiln_image_is_init_data      (const guint8 *data,
                                       gsize         len);
GBytes  *kiln_image_set_init_data_crystal (GBytes   *data,
                                           guint     mhz,
                                           char    **description,
                                           GError  **error);

/* One file of all the regions, 0xFF between them, starting at flash 0x0
 * and padded with 0xFF to @fill_flash_size when that is not 0.
 * (element-type KilnRegion) */
GBytes  *kiln_image_merge             (GPtrArray    *regions,
                                       guint32       fill_flash_size,
                                       GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnImageInfo, kiln_image_info_unref)

G_END_DECLS
