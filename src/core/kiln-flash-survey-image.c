/* kiln-flash-survey-image.c: is the image the ROM starts whole?
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A header in place says little about what follows it: a write that
 * stopped partway, another file written over the image's end, or a flash
 * that lost bits leave a sound header on an image the ROM rejects at its
 * checksum.  The survey reads the whole image at the boot offset (the
 * bootloader, or the ESP8266's image at 0x0: a few KiB to a few tens) as
 * far as its segment headers say, and checks it as `kiln-cli image-info`
 * checks a file.  Download mode reads the flash slowly and in a plain
 * mode, so an image that reads back whole here and fails at boot points
 * at the boot's own reading (flash mode, speed), not at the bytes.
 */
#include "config.h"

#include "kiln-flash-survey-judge.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-image.h"
#include "kiln-util.h"

/* The ROM loads the bootloader into RAM, so none comes near this; an
 * image whose headers claim more is damaged whatever the rest says. */
#define IMAGE_READ_MAX 0x10000u

/* What reading an image whole found, in the order its line tells it.
 * Headers that do not add up, or (the SDK's user1.bin) no room left for
 * the CRC-32 after the checksum: the image ends past what could be read.
 * An image has a SHA-256 (the ESP32 family's) or a CRC-32 (the ESP8266
 * SDK's user1.bin), never both. */
typedef enum
{
  IMAGE_WHOLE,
  IMAGE_CUT_SHORT,
  IMAGE_CHECKSUM_WRONG,
  IMAGE_SHA256_WRONG,
  IMAGE_CRC_WRONG,
} ImageCheck;

static ImageCheck
check_image (const KilnImageInfo *info)
{
  if (!info->structure_ok || (info->kind == KILN_IMAGE_ESP8266_V2 && !info->has_crc))
    return IMAGE_CUT_SHORT;
  if (info->checksum_stored != info->checksum_computed)
    return IMAGE_CHECKSUM_WRONG;
  if (info->has_sha256
      && memcmp (info->sha256_stored, info->sha256_computed, sizeof info->sha256_stored) != 0)
    return IMAGE_SHA256_WRONG;
  if (info->has_crc && info->crc_stored != info->crc_computed)
    return IMAGE_CRC_WRONG;
  return IMAGE_WHOLE;
}

/* The spot's line gets what the check found. */
static void
describe_check (KilnSurveyRun         *s,
                guint32                address,
                const KilnImageInfo   *info)
{
  KilnSurveySpot *spot = spot_at (s, address);
  g_autofree char *size = kiln_format_size (info->image_length);
  char *line = NULL;

  switch (check_image (info))
    {
    case IMAGE_CUT_SHORT:
      /* Translators: ends the line of an image whose segments run past
       * where it can end: "an ESP32 image (header: DIO, 4MB), cut short" */
      line = g_strdup_printf (_("%s, cut short or overwritten"), spot->description);
      break;
    case IMAGE_CHECKSUM_WRONG:
      /* Translators: "an ESP32 image (header: DIO, 4MB), 22 KiB, checksum wrong" */
      line = g_strdup_printf (_("%s, %s, checksum wrong"), spot->description, size);
      break;
    case IMAGE_SHA256_WRONG:
      line = g_strdup_printf (_("%s, %s, checksum right, SHA-256 wrong"), spot->description, size);
      break;
    case IMAGE_CRC_WRONG:
      /* Translators: the ESP8266 SDK's user1.bin, whose CRC-32 follows its
       * checksum */
      line = g_strdup_printf (_("%s, %s, checksum right, CRC wrong"), spot->description, size);
      break;
    case IMAGE_WHOLE:
      if (info->has_crc)
        line = g_strdup_printf (_("%s, %s, checksum and CRC right"), spot->description, size);
      else
        line = g_strdup_printf (_("%s, %s, checksum right"), spot->description, size);
      break;
    }
  set_description (spot, line);
}

/* The image's segment headers, each where the one before says (the walk
 * looks at nothing else), as far as @limit: into @bytes, zeros between
 * them.  Sets @image's claims, last_header and headers_whole (every header
 * lay within @limit, and so does the end they give); FALSE only for a read
 * that failed. */
static gboolean
walk_headers (KilnSurveyRun    *s,
              guint32           address,
              guint32           limit,
              GByteArray       *bytes,
              KilnSurveyImage  *image,
              GCancellable     *cancellable,
              GError          **error)
{
  const KilnSurveyBoard *board = s->board;
  guint64 end;
  gsize last_header;

  image->headers_whole = TRUE;
  while (!kiln_image_extent (bytes->data, bytes->len, s->chip, &end, &last_header))
    {
      guint32 have = bytes->len, from = have;

      /* A header past the limit is one this image cannot have. */
      if (end > limit)
        {
          image->headers_whole = FALSE;
          break;
        }
      /* Past the header, the 8 bytes of the next header; the segment data
       * before them is read with the rest, if at all. */
      if (have != 0)
        from = MAX (have, (guint32) end - 8);
      g_byte_array_set_size (bytes, (guint32) end);
      memset (bytes->data + have, 0, from - have);
      if (!board->read (board->read_data, address + from, bytes->data + from,
                        (guint32) end - from, NULL, NULL, cancellable, error))
        return FALSE;
    }
  image->last_header = (guint32) last_header;
  image->claims = (guint32) MIN (end, (guint64) limit + 1);
  /* (A last segment that claims more is as damaged.) */
  if (end > limit)
    image->headers_whole = FALSE;
  return TRUE;
}

static guint32
limit_for (KilnSurveyRun *s,
           guint32        address,
           guint32        max)
{
  if (s->flash_size != 0)
    return MIN (max, s->flash_size - MIN (address, s->flash_size));
  return max;
}

/**
 * kiln_survey_walk_image:
 * @address: where an image starts (an image header for this chip)
 * @max: how much it may take
 * @image: (out caller-allocates): where its headers say it ends (no
 *   info: the bytes are not read)
 *
 * Walks the image's segment headers alone: a few reads of 8 bytes, where
 * reading the whole would take minutes (an application through the
 * ESP32's ROM).
 */
gboolean
kiln_survey_walk_image (KilnSurveyRun    *s,
                        guint32           address,
                        guint32           max,
                        KilnSurveyImage  *image,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  return walk_headers (s, address, limit_for (s, address, max), bytes, image, cancellable,
                       error);
}

/**
 * kiln_survey_read_image:
 * @address: where an image starts (an image header for this chip: 0xE9,
 *   or the ESP8266 SDK's 0xEA)
 * @max: how much it may take; headers that say more are damaged
 * @image: (out caller-allocates): what was read
 *
 * Reads the image as far as its segment headers say (at most @max, and
 * not past the flash), checks it, and adds what the check found to the
 * spot's line.  The headers come first, so that the long read of the
 * whole knows its length and tells the board's progress function how far
 * it has got.
 */
gboolean
kiln_survey_read_image (KilnSurveyRun    *s,
                        guint32           address,
                        guint32           max,
                        KilnSurveyImage  *image,
                        GCancellable     *cancellable,
                        GError          **error)
{
  const KilnSurveyBoard *board = s->board;
  guint32 limit = limit_for (s, address, max);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GBytes) data = NULL;
  guint32 length;

  if (!walk_headers (s, address, limit, bytes, image, cancellable, error))
    return FALSE;
  if (bytes->len == 0)
    return TRUE;                      /* not even the header fits */
  length = MIN (image->claims, limit);
  g_byte_array_set_size (bytes, length);
  if (board->progress != NULL)
    board->progress (0, length, board->progress_data);
  if (!board->read (board->read_data, address, bytes->data, length, board->progress,
                    board->progress_data, cancellable, error))
    return FALSE;
  data = g_bytes_new (bytes->data, bytes->len);
  image->info = kiln_image_info_new (data, s->chip);
  describe_check (s, address, image->info);
  return TRUE;
}

/**
 * kiln_survey_read_boot_image:
 * @address: where the ROM starts an image, which holds an image header
 *   for this chip
 *
 * Reads the image the ROM starts whole (at most 64 KiB) into
 * s->boot_image.
 */
gboolean
kiln_survey_read_boot_image (KilnSurveyRun  *s,
                             guint32         address,
                             GCancellable   *cancellable,
                             GError        **error)
{
  return kiln_survey_read_image (s, address, IMAGE_READ_MAX, &s->boot_image, cancellable,
                                 error);
}

/**
 * kiln_survey_image_damage:
 * @info: an image read whole
 *
 * Returns: (nullable): what is wrong with it, "its checksum is wrong: …",
 *   or %NULL when the ROM or boot.bin would take it (a wrong SHA-256 is
 *   the second stage's to find)
 */
char *
kiln_survey_image_damage (const KilnImageInfo *info)
{
  switch (check_image (info))
    {
    case IMAGE_CUT_SHORT:
      return g_strdup (_("its segment headers do not add up: they claim more than the image "
                         "can hold, or more than the flash has"));
    case IMAGE_CHECKSUM_WRONG:
      return g_strdup_printf (_("its checksum is wrong: it says 0x%02X, its segments give "
                                "0x%02X"),
                              info->checksum_stored, info->checksum_computed);
    case IMAGE_CRC_WRONG:
      return g_strdup_printf (_("its CRC-32 is wrong: it says 0x%08X, its bytes give 0x%08X"),
                              info->crc_stored, info->crc_computed);
    case IMAGE_SHA256_WRONG:
      /* The second stage's to check, not the ROM's. */
    case IMAGE_WHOLE:
      break;
    }
  return NULL;
}

/**
 * kiln_survey_judge_boot_image:
 * @address: where the image was read
 * @table_at: where a partition table was found after it, 0 none
 *
 * A damaged image gets its verdict.
 *
 * Returns: %TRUE when it did
 */
gboolean
kiln_survey_judge_boot_image (KilnSurveyRun *s,
                              guint32        address,
                              guint32        table_at)
{
  const KilnSurveyImage *image = &s->boot_image;
  const KilnImageInfo *info = image->info;
  gboolean family = s->chip->id != KILN_CHIP_ESP8266;
  g_autofree char *what = NULL;

  /* (The ROM checks the checksum; the SHA-256 is the second stage's, and
   * kiln_survey_image_damage() leaves it out.) */
  if (info == NULL || (what = kiln_survey_image_damage (info)) == NULL)
    return FALSE;

  /* Headers that add up, all before the table, for an image that runs
   * into it: the table was written over the image's end.  (Headers that
   * do not add up, or lie in the table, say nothing of where it ended.) */
  if (info->structure_ok && table_at > address
      && address + image->last_header + 8 <= table_at
      && address + image->claims > table_at)
    {
      /* ESP-IDF's build refuses such a bootloader for its own table offset;
       * it happens with a table offset from another build, or with a
       * bootloader written from one and a table from another. */
      g_autofree char *size = kiln_format_size (image->claims);

      verdict (s, "checksum-error", KILN_BOOT_CONFIDENCE_HIGH,
               g_strdup (_("The bootloader runs into the partition table")),
               g_strdup_printf (_("The bootloader at 0x%X says it takes %s, up to 0x%X, past "
                                  "0x%X where the partition table is: writing the table "
                                  "overwrote its end, and the ROM finds it damaged."),
                                address, size, address + image->claims, table_at),
               g_strdup (_("Make room for the bootloader: build with the partition table "
                           "further up (CONFIG_PARTITION_TABLE_OFFSET, such as 0x10000, with "
                           "the partitions after it moved up), or make the bootloader smaller "
                           "(a lower bootloader log level, optimisation for size). Then write "
                           "the bootloader and the table of that one build again.")));
      return TRUE;
    }

  verdict (s, "checksum-error", KILN_BOOT_CONFIDENCE_HIGH,
           family ? g_strdup (_("The bootloader is damaged"))
                  : g_strdup (_("The image at 0x0 is damaged")),
           /* Translators: the second %s is "its checksum is wrong: …" */
           g_strdup_printf (_("The image at 0x%X, which the ROM starts, begins with a sound "
                              "header, but %s. The ROM does not start it. A write that "
                              "stopped partway, another file written over its end, or a "
                              "flash that loses bits leaves this."),
                            address, what),
           family
           ? g_strdup_printf (_("Write the bootloader (the build's bootloader.bin, or the "
                                "merged image) at 0x%X again, with verification, as Kiln "
                                "writes. If it reads back damaged after a verified write, the "
                                "flash is failing."),
                              address)
           : g_strdup (_("Write the firmware's file for 0x0 again, with verification, as "
                         "Kiln writes. If it reads back damaged after a verified write, the "
                         "flash is failing.")));
  return TRUE;
}
