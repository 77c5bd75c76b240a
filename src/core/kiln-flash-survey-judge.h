/* kiln-flash-survey-judge.h: what the survey's parts share.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kiln-flash-survey.c reads a place and says what it holds, judges an
 * image's header and runs the survey; kiln-flash-survey-esp8266.c and
 * kiln-flash-survey-family.c choose the places for their chips and judge
 * what was read there; kiln-flash-survey-image.c reads an image whole
 * (the one the ROM starts, the ESP8266 SDK's user1.bin) and judges
 * whether it is.  The short names below are for those files only.
 */
#pragma once

#include "kiln-flash-survey-private.h"
#include "kiln-image.h"
#include "kiln-layout.h"
#include "kiln-partition.h"

G_BEGIN_DECLS

/* Enough for an image's common and extended headers. */
#define HEADER_BYTES 32u

/* An image read whole, or its headers walked: what the check found
 * (NULL: not read), where its headers say it ends (past the limit it was
 * read to: one more) and where its last segment header is, both from its
 * start, and whether every header, and the end they give, lay within the
 * limit. */
typedef struct
{
  KilnImageInfo *info;
  guint32        claims;
  guint32        last_header;
  gboolean       headers_whole;
} KilnSurveyImage;

typedef struct
{
  const KilnSurveyBoard *board;
  const KilnChipInfo *chip;
  guint32             flash_size;   /* bytes, 0 unknown */
  KilnFlashSurvey    *survey;
  KilnPartitionTable *table;
  guint32             table_at;     /* where @table was read */
  /* ESP8266 two-part firmware: the flash map boot.bin's header gives, and
   * where that map puts the PHY init data (0: not looked for). */
  const KilnFlashMap *map;
  guint32             init_data_at;
  /* A boot loader alone at 0x0: where its map puts user2.bin (0: not
   * looked for). */
  guint32             user2_at;
  /* The image the ROM starts, and the ESP8266 SDK's user1.bin, read
   * whole. */
  KilnSurveyImage     boot_image;
  KilnSurveyImage     user1;
  /* The ESP32 family's application: its headers walked. */
  KilnSurveyImage     app;
} KilnSurveyRun;

gboolean kiln_survey_read_spot    (KilnSurveyRun         *s,
                                   guint32                address,
                                   guint32                len,
                                   guint8                *buf,
                                   GCancellable          *cancellable,
                                   GError               **error);
gboolean kiln_survey_judge_image  (KilnSurveyRun         *s,
                                   const KilnSurveySpot  *spot);
gboolean kiln_survey_read_esp8266 (KilnSurveyRun         *s,
                                   GCancellable          *cancellable,
                                   GError               **error);
void     kiln_survey_judge_esp8266 (KilnSurveyRun        *s);
gboolean kiln_survey_read_family  (KilnSurveyRun         *s,
                                   GCancellable          *cancellable,
                                   GError               **error);
void     kiln_survey_judge_family (KilnSurveyRun         *s);
gboolean kiln_survey_read_image       (KilnSurveyRun     *s,
                                       guint32            address,
                                       guint32            max,
                                       KilnSurveyImage   *image,
                                       GCancellable      *cancellable,
                                       GError           **error);
gboolean kiln_survey_walk_image       (KilnSurveyRun     *s,
                                       guint32            address,
                                       guint32            max,
                                       KilnSurveyImage   *image,
                                       GCancellable      *cancellable,
                                       GError           **error);
gboolean kiln_survey_read_boot_image  (KilnSurveyRun     *s,
                                       guint32            address,
                                       GCancellable      *cancellable,
                                       GError           **error);
char    *kiln_survey_image_damage     (const KilnImageInfo *info);
gboolean kiln_survey_judge_boot_image (KilnSurveyRun     *s,
                                       guint32            address,
                                       guint32            table_at);

/* Reads @len bytes at @address and says what they are. */
static inline gboolean
read_spot (KilnSurveyRun  *s,
           guint32         address,
           guint32         len,
           guint8         *buf,
           GCancellable   *cancellable,
           GError        **error)
{
  return kiln_survey_read_spot (s, address, len, buf, cancellable, error);
}

/* A header for another chip, or for a larger flash than the board's:
 * gives that verdict and returns TRUE. */
static inline gboolean
judge_image (KilnSurveyRun        *s,
             const KilnSurveySpot *spot)
{
  return kiln_survey_judge_image (s, spot);
}

/* The spot read at @address, NULL when none; the run may still change
 * its description. */
static inline KilnSurveySpot *
spot_at (KilnSurveyRun *s,
         guint32        address)
{
  for (guint i = 0; i < s->survey->spots->len; i++)
    {
      KilnSurveySpot *spot = &g_array_index (s->survey->spots, KilnSurveySpot, i);
      if (spot->address == address)
        return spot;
    }
  return NULL;
}

/* Gives @spot the line @line (taken), which most often extends the one
 * it had. */
static inline void
set_description (KilnSurveySpot *spot,
                 char           *line)
{
  g_free (spot->description);
  spot->description = line;
}

static inline gboolean
within_flash (KilnSurveyRun *s,
              guint32        address,
              guint32        len)
{
  return s->flash_size == 0 || (guint64) address + len <= s->flash_size;
}

/* The survey's one verdict; takes the strings. */
static inline void
verdict (KilnSurveyRun      *s,
         const char         *cause,
         KilnBootConfidence  confidence,
         char               *title,
         char               *explanation,
         char               *fix)
{
  s->survey->cause = cause;
  s->survey->confidence = confidence;
  s->survey->title = title;
  s->survey->explanation = explanation;
  s->survey->fix = fix;
}

G_END_DECLS
