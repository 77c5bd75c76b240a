/* kiln-spiflash.h: SPI flash commands run through the chip's registers.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-chip.h"
#include "kiln-loader.h"

G_BEGIN_DECLS

gboolean    kiln_spiflash_command     (KilnLoader         *loader,
                                       const KilnChipInfo *chip,
                                       guint8              command,
                                       const guint8       *mosi,
                                       gsize               mosi_len,
                                       guint               read_bits,
                                       guint32            *result,
                                       GError            **error);
gboolean    kiln_spiflash_read_id     (KilnLoader         *loader,
                                       const KilnChipInfo *chip,
                                       guint32            *jedec_id,
                                       GError            **error);
/* Reads flash through the SPI registers, 64 bytes per command: slow, but
 * the only way to read with the ESP8266 ROM. */
gboolean    kiln_spiflash_read        (KilnLoader         *loader,
                                       const KilnChipInfo *chip,
                                       guint32             address,
                                       guint8             *buf,
                                       gsize               len,
                                       GCancellable       *cancellable,
                                       GError            **error);
/* Bytes, or 0 when the id does not say. */
guint32     kiln_spiflash_size_from_id (guint32           jedec_id);
const char *kiln_spiflash_vendor_name  (guint8            manufacturer);

G_END_DECLS
