/* kiln-board-card.h: one board in Factory Mode: its port, what it is,
 * how far its job got and how it ended.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-core.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_BOARD_IDLE,
  KILN_BOARD_RUNNING,
  KILN_BOARD_PASSED,
  KILN_BOARD_FAILED,
  KILN_BOARD_STOPPED,
} KilnBoardResult;

#define KILN_TYPE_BOARD_CARD (kiln_board_card_get_type ())
G_DECLARE_FINAL_TYPE (KilnBoardCard, kiln_board_card, KILN, BOARD_CARD, GtkWidget)

KilnBoardCard   *kiln_board_card_new         (const char           *port,
                                              const char           *title);
const char      *kiln_board_card_get_port    (KilnBoardCard        *self);
KilnBoardResult  kiln_board_card_get_result  (KilnBoardCard        *self);
const char      *kiln_board_card_get_message (KilnBoardCard        *self);
gboolean         kiln_board_card_get_running (KilnBoardCard        *self);
double           kiln_board_card_get_fraction (KilnBoardCard       *self);
const char      *kiln_board_card_get_status  (KilnBoardCard        *self);
void             kiln_board_card_start       (KilnBoardCard        *self,
                                              const KilnJobOptions *options,
                                              GPtrArray            *regions,
                                              const char           *record_path);
void             kiln_board_card_stop        (KilnBoardCard        *self);

G_END_DECLS
