/* kiln-image-private.h: what the image files share.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-image.h"

G_BEGIN_DECLS

#define IMAGE_MAGIC_V1      0xE9
#define IMAGE_MAGIC_V2      0xEA
#define CHECKSUM_SEED       0xEF
#define MAX_SEGMENTS        16
#define ESP32_HEADER_LEN    24
#define SHA256_LEN          32
/* No chip has more than 16 MiB in one segment; a larger length is garbage. */
#define MAX_SEGMENT_LEN     (16u * 1024u * 1024u)

/* Recognises @len bytes at @d (kiln_image_info_new() with @scan_parts:
 * also the parts of a merged file). */
KilnImageInfo *kiln_image_inspect            (const guint8       *d,
                                              gsize               len,
                                              const KilnChipInfo *hint,
                                              gboolean            scan_parts);
/* Byte 48 of the PHY init data as MHz, 0 when it is no known value. */
gint           kiln_image_crystal_from_byte  (guint8              b);

G_END_DECLS
