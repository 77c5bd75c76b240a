/* kiln-region-row.h: one file to write, at one address.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-core.h"

G_BEGIN_DECLS

/**
 * KilnRowState:
 * @KILN_ROW_EMPTY: no file chosen yet
 * @KILN_ROW_READY: file and address are fine
 * @KILN_ROW_PROBLEM: something must be fixed before Start (see the problem text)
 * @KILN_ROW_OFF: switched off: not written
 * @KILN_ROW_PENDING: part of the running job, not started yet
 * @KILN_ROW_WRITING: being written (see the fraction)
 * @KILN_ROW_WRITTEN: written, not verified
 * @KILN_ROW_VERIFIED: written and verified
 * @KILN_ROW_SKIPPED: already on the board: nothing written
 * @KILN_ROW_FAILED: the job failed on this file (see the problem text)
 * @KILN_ROW_OTHER_CHIP: for another chip than the board's (a manifest's
 *   other build): not written
 */
typedef enum
{
  KILN_ROW_EMPTY,
  KILN_ROW_READY,
  KILN_ROW_PROBLEM,
  KILN_ROW_OFF,
  KILN_ROW_PENDING,
  KILN_ROW_WRITING,
  KILN_ROW_WRITTEN,
  KILN_ROW_VERIFIED,
  KILN_ROW_SKIPPED,
  KILN_ROW_FAILED,
  KILN_ROW_OTHER_CHIP,
} KilnRowState;

#define KILN_TYPE_REGION_ROW (kiln_region_row_get_type ())
G_DECLARE_FINAL_TYPE (KilnRegionRow, kiln_region_row, KILN, REGION_ROW, GtkListBoxRow)

KilnRegionRow *kiln_region_row_new              (void);

GFile         *kiln_region_row_get_file         (KilnRegionRow   *self);
void           kiln_region_row_set_file         (KilnRegionRow   *self,
                                                 GFile           *file);
gboolean       kiln_region_row_get_enabled      (KilnRegionRow   *self);
void           kiln_region_row_set_enabled      (KilnRegionRow   *self,
                                                 gboolean         enabled);
const char    *kiln_region_row_get_address_text (KilnRegionRow   *self);
void           kiln_region_row_set_address      (KilnRegionRow   *self,
                                                 guint32          address);
void           kiln_region_row_set_address_text (KilnRegionRow   *self,
                                                 const char      *text);
gboolean       kiln_region_row_parse_address    (KilnRegionRow   *self,
                                                 guint32         *address,
                                                 GError         **error);
void           kiln_region_row_set_number       (KilnRegionRow   *self,
                                                 guint            number);
const char    *kiln_region_row_get_chip         (KilnRegionRow   *self);
void           kiln_region_row_set_chip         (KilnRegionRow   *self,
                                                 const char      *chip);

gboolean       kiln_region_row_check_own        (KilnRegionRow   *self,
                                                 char           **problem);
GBytes        *kiln_region_row_get_bytes        (KilnRegionRow   *self);
void           kiln_region_row_reload           (KilnRegionRow   *self);

KilnRowState   kiln_region_row_get_state        (KilnRegionRow   *self);
const char    *kiln_region_row_get_problem      (KilnRegionRow   *self);
void           kiln_region_row_show_check       (KilnRegionRow   *self,
                                                 const char      *problem);
void           kiln_region_row_set_warning      (KilnRegionRow   *self,
                                                 const char      *warning);
const char    *kiln_region_row_get_warning      (KilnRegionRow   *self);
void           kiln_region_row_set_job_state    (KilnRegionRow   *self,
                                                 KilnRowState     state,
                                                 const char      *detail);
void           kiln_region_row_set_fraction     (KilnRegionRow   *self,
                                                 double           fraction);
void           kiln_region_row_set_locked       (KilnRegionRow   *self,
                                                 gboolean         locked);

G_END_DECLS
