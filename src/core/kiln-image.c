/* kiln-image.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiln-image.h"

GBytes *
kiln_image_patch_flash_params (GBytes                *data,
                               const KilnChipInfo    *chip,
                               guint32                address,
                               const KilnFlashParams *params,
                               char                 **description)
{
  /* Not implemented yet: images are written unchanged. */
  if (description != NULL)
    *description = NULL;
  return g_bytes_ref (data);
}
