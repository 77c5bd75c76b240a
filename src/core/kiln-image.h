/* kiln-image.h: ESP8266 and ESP32-family firmware images.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kiln-chip.h"

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

G_END_DECLS
