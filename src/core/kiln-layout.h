/* kiln-layout.h: the regions to write and the rules they must follow;
 * the ESP8266 flash maps.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_SECTOR_SIZE 0x1000u

/**
 * KilnRegion:
 * @address: flash offset
 * @data: the bytes to write
 * @name: what to call it in messages: the file's basename, or a label
 * @path: (nullable): the file it came from
 */
typedef struct
{
  guint32  address;
  GBytes  *data;
  char    *name;
  char    *path;
} KilnRegion;

KilnRegion *kiln_region_new           (guint32      address,
                                       GBytes      *data,
                                       const char  *name);
KilnRegion *kiln_region_new_from_file (guint32      address,
                                       const char  *path,
                                       GError     **error);
KilnRegion *kiln_region_copy          (const KilnRegion *region);
void        kiln_region_free          (KilnRegion  *region);
guint32     kiln_region_end           (const KilnRegion *region);  /* one past the last byte */

typedef enum
{
  KILN_LAYOUT_PROBLEM_NONE,
  KILN_LAYOUT_PROBLEM_EMPTY,
  KILN_LAYOUT_PROBLEM_OVERLAP,
  KILN_LAYOUT_PROBLEM_BOUNDS,
  KILN_LAYOUT_PROBLEM_TOO_LARGE,
  KILN_LAYOUT_PROBLEM_MISALIGNED,
} KilnLayoutProblemKind;

/**
 * KilnLayoutProblem:
 * @index: the region at fault
 * @other: the other region for an overlap, else -1
 * @message: one translated sentence saying what is wrong and what to do
 */
typedef struct
{
  KilnLayoutProblemKind kind;
  gint                  index;
  gint                  other;
  char                 *message;
} KilnLayoutProblem;

void       kiln_layout_problem_free (KilnLayoutProblem *problem);

typedef enum
{
  KILN_LAYOUT_ALLOW_UNALIGNED = 1 << 0,  /* the writer preserves the rest of the sector */
} KilnLayoutFlags;

/* @flash_size 0 = unknown (skip the bounds rules).  Returns every problem,
 * for the GUI to show inline: (element-type KilnLayoutProblem). */
GPtrArray *kiln_layout_problems (GPtrArray       *regions,
                                 guint32          flash_size,
                                 KilnLayoutFlags  flags);
/* The first problem as a KILN_ERROR (REGION_OVERLAP, REGION_BOUNDS,
 * REGION_ALIGN or FILE). */
gboolean   kiln_layout_check    (GPtrArray       *regions,
                                 guint32          flash_size,
                                 KilnLayoutFlags  flags,
                                 GError         **error);
/* Regions sorted by address (the ESP8266 ROM over-erases: write upwards). */
void       kiln_layout_sort     (GPtrArray       *regions);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnRegion, kiln_region_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnLayoutProblem, kiln_layout_problem_free)

G_END_DECLS
