/* kiln-flash-survey.h: read what the flash holds where the boot looks, and
 * say from it why a board does not start.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A boot log alone often cannot tell the causes of one message apart: the
 * ESP32's "flash read err, 1000" comes from an erased flash, an image
 * written at another chip's offset, a plain image on a chip with flash
 * encryption on, or a flash that cannot be read.  With the board on the
 * port, what download mode reads can: the survey reads the bootloader
 * offsets, the partition table and the application's first bytes (on the
 * ESP8266: boot.bin, user1.bin and the PHY init data), a few hundred bytes,
 * the image the ROM starts whole (a few KiB to a few tens), the ESP8266
 * SDK's user1.bin whole and the ESP32 family's application's segment
 * headers, and names the cause those bytes show.
 */
#pragma once

#include <gio/gio.h>

#include "kiln-bootlog.h"
#include "kiln-connect.h"
#include "kiln-flash.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_SURVEY_ERASED,      /* every byte 0xFF */
  KILN_SURVEY_ZEROS,       /* every byte 0x00 */
  KILN_SURVEY_IMAGE,       /* an image header: 0xE9 and a sane segment count */
  KILN_SURVEY_SDK_IMAGE,   /* the ESP8266 SDK's 0xEA image (user1.bin) */
  KILN_SURVEY_TABLE,       /* an ESP-IDF partition table */
  KILN_SURVEY_INIT_DATA,   /* the ESP8266 SDK's PHY init data (first byte 0x05) */
  KILN_SURVEY_DATA,        /* anything else */
} KilnSurveyContent;

/**
 * KilnSurveySpot:
 * @address: where it was read
 * @content: what the bytes there are
 * @image_chip: (nullable): for an ESP32-family image, the chip its header
 *   names
 * @header_size: for an image, the flash size its header gives in bytes
 *   (0 when the code is not one of the chip's)
 * @first: the first bytes read there (an image's magic, segment count,
 *   flash mode and size code)
 * @description: one translated line: "ESP32 image, header: DIO, 4MB"
 */
typedef struct
{
  guint32             address;
  KilnSurveyContent   content;
  const KilnChipInfo *image_chip;
  guint32             header_size;
  guint8              first[4];
  char               *description;
} KilnSurveySpot;

/**
 * KilnFlashSurvey:
 * @spots: (element-type KilnSurveySpot): what was read, by address
 * @cause: the cause the bytes show, in the boot-log corpus's words
 *   ("empty-flash", "wrong-bootloader-offset" …), or "none" when what the
 *   boot needs is in place
 * @confidence: high when the bytes show the cause, medium when they make
 *   it the likeliest
 * @title, @explanation, @fix: translated, as a boot-log diagnosis has them
 */
typedef struct
{
  GArray     *spots;
  const char         *cause;
  KilnBootConfidence  confidence;
  char               *title;
  char               *explanation;
  char               *fix;
} KilnFlashSurvey;

KilnFlashSurvey *kiln_flash_survey_run  (KilnDevice      *device,
                                         KilnFlashProgressFunc progress,
                                         gpointer         progress_data,
                                         GCancellable    *cancellable,
                                         GError         **error);
gboolean         kiln_flash_survey_tells (const char     *cause);
gboolean         kiln_flash_survey_tells_diagnosis (const KilnBootDiagnosis *diagnosis);
void             kiln_flash_survey_free (KilnFlashSurvey *survey);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnFlashSurvey, kiln_flash_survey_free)

G_END_DECLS
