/* kiln-flash-survey-private.h: the survey's reasoning without a device.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kiln_flash_survey_run() reads through a connected device; the reasoning
 * only needs the board's facts and a way to read bytes, which is what the
 * fuzz target gives it.
 */
#pragma once

#include "kiln-flash.h"
#include "kiln-flash-survey.h"

G_BEGIN_DECLS

typedef gboolean (*KilnSurveyReadFunc) (gpointer       user_data,
                                        guint32        address,
                                        guint8        *buf,
                                        guint32        len,
                                        KilnFlashProgressFunc progress,
                                        gpointer       progress_data,
                                        GCancellable  *cancellable,
                                        GError       **error);

/**
 * KilnSurveyBoard:
 * @chip: the chip on the port
 * @flash_size: its flash in bytes, 0 unknown
 * @jedec_id: what the flash's ID reads
 * @encrypted: flash encryption is on (an odd FLASH_CRYPT_CNT)
 * @dout_only: the flash reads in DOUT only (the ESP8285's, inside the chip)
 * @read: reads @len bytes of the flash at @address, telling @progress
 *   (when not %NULL) how far it has got
 * @progress: (nullable): told how each long read goes, of an image read
 *   whole (the one the ROM starts; on the ESP8266 also the SDK's
 *   user1.bin), from (0, its length) on
 */
typedef struct
{
  const KilnChipInfo *chip;
  guint32             flash_size;
  guint32             jedec_id;
  gboolean            encrypted;
  gboolean            dout_only;
  KilnSurveyReadFunc  read;
  gpointer            read_data;
  KilnFlashProgressFunc progress;
  gpointer            progress_data;
} KilnSurveyBoard;

KilnFlashSurvey *kiln_flash_survey_run_on (const KilnSurveyBoard *board,
                                           GCancellable          *cancellable,
                                           GError               **error);

G_END_DECLS
