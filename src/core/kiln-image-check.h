/* kiln-image-check.h: does each file fit the board it is about to be
 * written to?  Pure: no I/O.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kiln-chip.h"

G_BEGIN_DECLS

/**
 * KilnImageMismatchKind:
 * @KILN_IMAGE_MISMATCH_OTHER_CHIP: the image is built for another chip
 * @KILN_IMAGE_MISMATCH_REVISION: the chip revision is outside the image's
 *   minimum/maximum
 * @KILN_IMAGE_MISMATCH_FLASH_SIZE: the header declares more flash than the
 *   board has
 * @KILN_IMAGE_MISMATCH_OFFSET: a boot loader (or an image the ROM loads)
 *   at an address the ROM does not load it from, or an application where
 *   the ROM expects the boot loader
 */
typedef enum
{
  KILN_IMAGE_MISMATCH_OTHER_CHIP,
  KILN_IMAGE_MISMATCH_REVISION,
  KILN_IMAGE_MISMATCH_FLASH_SIZE,
  KILN_IMAGE_MISMATCH_OFFSET,
} KilnImageMismatchKind;

/**
 * KilnImageMismatch:
 * @kind: what is wrong
 * @index: which of the checked regions
 * @message: one sentence: the file, what it is, what the board is, and
 *   the fix
 */
typedef struct
{
  KilnImageMismatchKind  kind;
  guint                  index;
  char                  *message;
} KilnImageMismatch;

void kiln_image_mismatch_free (KilnImageMismatch *mismatch);

/**
 * KilnBoardFacts:
 * @chip: the detected chip
 * @revision: "v3.0" or %NULL when unknown
 * @flash_size: bytes, 0 when unknown
 */
typedef struct
{
  const KilnChipInfo *chip;
  const char         *revision;
  guint32             flash_size;
} KilnBoardFacts;

GPtrArray *kiln_image_check_regions (GPtrArray            *regions,
                                     GPtrArray            *payloads,
                                     const KilnBoardFacts *board);

gboolean   kiln_image_check_error   (GPtrArray            *mismatches,
                                     GError              **error);

gint       kiln_revision_parse_full (const char           *revision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnImageMismatch, kiln_image_mismatch_free)

G_END_DECLS
