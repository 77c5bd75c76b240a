/* kiln-flash-survey.c: what the flash holds where the boot looks.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads a few hundred bytes in download mode, and the image the ROM starts
 * whole, and reasons from them: here what a place holds, an image header's
 * chip and size, and the run itself; which places, and what they show
 * together, in kiln-flash-survey-esp8266.c and kiln-flash-survey-family.c;
 * whether the image the ROM starts is whole, in kiln-flash-survey-image.c.
 * Nothing is written.
 */
#include "config.h"

#include "kiln-flash-survey-judge.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-flash.h"
#include "kiln-spiflash.h"
#include "kiln-util.h"

static void
spot_clear (gpointer data)
{
  KilnSurveySpot *spot = data;
  g_free (spot->description);
}

void
kiln_flash_survey_free (KilnFlashSurvey *survey)
{
  if (survey == NULL)
    return;
  g_array_unref (survey->spots);
  g_free (survey->title);
  g_free (survey->explanation);
  g_free (survey->fix);
  g_free (survey);
}

static gboolean
all_bytes (const guint8 *d,
           gsize         len,
           guint8        value)
{
  for (gsize i = 0; i < len; i++)
    if (d[i] != value)
      return FALSE;
  return TRUE;
}

/* "an ESP32-S3 image (header: DIO, 8MB)", for the chip the header names
 * (@named) and the size its code gives (@size, NULL if none). */
static char *
describe_image (const KilnSurveySpot *spot,
                const KilnChipInfo   *named,
                const KilnFlashSize  *size,
                const guint8         *d)
{
  if (spot->content == KILN_SURVEY_SDK_IMAGE)
    return g_strdup (_("an ESP8266 SDK application (0xEA, as user1.bin)"));
  /* Translators: "an ESP32-S3 image (header: DIO, 8MB)"; it also ends the
   * sentence "0x1000 … holds %s" */
  return g_strdup_printf (_("an %s image (header: %s, %s)"), named->display_name,
                          kiln_flash_mode_name (d[2]), size != NULL ? size->name : "?");
}

gboolean
kiln_survey_read_spot (KilnSurveyRun  *s,
                       guint32         address,
                       guint32         len,
                       guint8         *buf,
                       GCancellable   *cancellable,
                       GError        **error)
{
  KilnSurveySpot spot = { .address = address };
  gboolean family = s->chip->id != KILN_CHIP_ESP8266;

  if (!s->board->read (s->board->read_data, address, buf, len, NULL, NULL, cancellable, error))
    return FALSE;
  memcpy (spot.first, buf, MIN (len, sizeof spot.first));
  if (all_bytes (buf, len, 0xFF))
    spot.content = KILN_SURVEY_ERASED;
  else if (all_bytes (buf, len, 0x00))
    spot.content = KILN_SURVEY_ZEROS;
  else if (family && kiln_partition_table_detect (buf, len))
    spot.content = KILN_SURVEY_TABLE;
  else if (buf[0] == 0xE9 && buf[1] >= 1 && buf[1] <= 16)
    {
      spot.content = KILN_SURVEY_IMAGE;
      /* The extended header's chip id (bytes 12–13) names an ESP32-family
       * image's chip; the ESP8266's image has no such field. */
      if (family)
        spot.image_chip = kiln_chip_by_image_id (buf[12] | buf[13] << 8);
    }
  else if (!family && buf[0] == 0xEA && buf[1] == 0x04)
    spot.content = KILN_SURVEY_SDK_IMAGE;
  /* esp_init_data_default.bin begins 05 (the byte the SDK checks, "rf_cal[0]
   * !=0x05"), then 08 04 or 00 04 … by version. */
  else if (!family && s->init_data_at != 0 && address == s->init_data_at && buf[0] == 0x05)
    spot.content = KILN_SURVEY_INIT_DATA;
  else
    spot.content = KILN_SURVEY_DATA;

  switch (spot.content)
    {
    case KILN_SURVEY_ERASED:
      spot.description = g_strdup (_("nothing: erased (0xFF)"));
      break;
    case KILN_SURVEY_ZEROS:
      spot.description = g_strdup (_("only zeros"));
      break;
    case KILN_SURVEY_TABLE:
      spot.description = g_strdup (_("a partition table"));
      break;
    case KILN_SURVEY_INIT_DATA:
      spot.description = g_strdup (_("PHY init data (esp_init_data_default.bin)"));
      break;
    case KILN_SURVEY_IMAGE:
    case KILN_SURVEY_SDK_IMAGE:
      {
        const KilnChipInfo *named = spot.image_chip != NULL ? spot.image_chip : s->chip;
        const KilnFlashSize *size = kiln_chip_flash_size_by_code (named, buf[3] >> 4);

        spot.header_size = spot.content == KILN_SURVEY_IMAGE && size != NULL ? size->bytes : 0;
        spot.description = describe_image (&spot, named, size, buf);
      }
      break;
    case KILN_SURVEY_DATA:
    default:
      spot.description = g_strdup_printf (_("data that is no image (begins %02x %02x %02x %02x)"),
                                          buf[0], buf[1], buf[2], buf[3]);
      break;
    }
  g_array_append_val (s->survey->spots, spot);
  return TRUE;
}

gboolean
kiln_survey_judge_image (KilnSurveyRun        *s,
                         const KilnSurveySpot *spot)
{
  if (spot->image_chip != NULL && spot->image_chip != s->chip)
    {
      verdict (s, "image-for-other-chip", KILN_BOOT_CONFIDENCE_HIGH,
               g_strdup (_("Firmware for another chip")),
               g_strdup_printf (_("The image at 0x%X is for the %s; this board is an %s, "
                                  "which will not run it."),
                                spot->address, spot->image_chip->display_name,
                                s->chip->display_name),
               g_strdup_printf (_("Build the firmware for the %s, or download the build for "
                                  "it, and write that."),
                                s->chip->display_name));
      return TRUE;
    }
  if (spot->header_size != 0 && s->flash_size != 0 && spot->header_size > s->flash_size)
    {
      g_autofree char *header = kiln_format_size (spot->header_size);
      g_autofree char *real = kiln_format_size (s->flash_size);
      const KilnFlashSize *setting = kiln_chip_flash_size_by_bytes (s->chip, s->flash_size);

      verdict (s, "flash-size-mismatch", KILN_BOOT_CONFIDENCE_HIGH,
               g_strdup (_("The firmware was built for a larger flash")),
               g_strdup_printf (_("The header of the image at 0x%X gives a %s flash, but this "
                                  "board's flash is %s. The boot stops at a check of the two, "
                                  "or the firmware fails later, reading past the end of the "
                                  "flash."),
                                spot->address, header, real),
               g_strdup_printf (_("Write the firmware again with flash size %s (or Detect); "
                                  "for a build of your own, set its flash size to %s."),
                                setting != NULL ? setting->name : real, real));
      return TRUE;
    }
  return FALSE;
}

/* Every verdict comes from here, in order: a flash that does not answer,
 * then what the bytes read show. */
static void
survey_judge (KilnSurveyRun *s)
{
  guint32 jedec_id = s->board->jedec_id;

  if (jedec_id == 0 || jedec_id == 0xFFFFFF)
    {
      verdict (s, "flash-read-failure", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("The flash does not answer")),
               g_strdup_printf (_("The flash's ID reads 0x%06X: no flash chip answers on the "
                                  "flash pins, so nothing can be read from it, at boot or "
                                  "now."),
                                jedec_id),
               g_strdup (_("Check that nothing else is wired to the flash pins, and the "
                           "flash supply (on the ESP32, GPIO12 must be low at reset for a "
                           "3.3 V flash).")));
      return;
    }
  if (s->chip->id == KILN_CHIP_ESP8266)
    kiln_survey_judge_esp8266 (s);
  else
    kiln_survey_judge_family (s);
}

/**
 * kiln_flash_survey_run_on:
 * @board: the board's facts and how to read its flash
 *
 * Returns: (transfer full): the survey, or %NULL with @error set when the
 *   flash could not be read
 */
KilnFlashSurvey *
kiln_flash_survey_run_on (const KilnSurveyBoard *board,
                          GCancellable          *cancellable,
                          GError               **error)
{
  KilnSurveyRun s = { .board = board, .chip = board->chip, .flash_size = board->flash_size };
  g_autoptr(KilnFlashSurvey) survey = g_new0 (KilnFlashSurvey, 1);
  gboolean read;

  s.survey = survey;
  survey->spots = g_array_new (FALSE, TRUE, sizeof (KilnSurveySpot));
  g_array_set_clear_func (survey->spots, spot_clear);

  /* A flash that does not answer reads as its ID says; nothing to read. */
  read = board->jedec_id == 0 || board->jedec_id == 0xFFFFFF
         || (s.chip->id == KILN_CHIP_ESP8266 ? kiln_survey_read_esp8266 (&s, cancellable, error)
                                             : kiln_survey_read_family (&s, cancellable, error));
  if (read)
    survey_judge (&s);
  g_clear_pointer (&s.table, kiln_partition_table_free);
  g_clear_pointer (&s.boot_image.info, kiln_image_info_unref);
  g_clear_pointer (&s.user1.info, kiln_image_info_unref);
  return read ? g_steal_pointer (&survey) : NULL;
}

static gboolean
read_device (gpointer       user_data,
             guint32        address,
             guint8        *buf,
             guint32        len,
             KilnFlashProgressFunc progress,
             gpointer       progress_data,
             GCancellable  *cancellable,
             GError       **error)
{
  return kiln_flash_read (user_data, address, buf, len, progress, progress_data, cancellable,
                          error);
}

/**
 * kiln_flash_survey_run:
 * @device: a connected device
 * @progress: (nullable): told how each long read goes, of an image read
 *   whole (the one the ROM starts, up to 64 KiB: through the ESP32's ROM,
 *   seconds; on the ESP8266 also the SDK's user1.bin, up to its map's
 *   slot), from (0, its length) on
 *
 * Reads the places the boot looks at and says what they show.  Writes
 * nothing.
 *
 * Returns: (transfer full): the survey, or %NULL with @error set when the
 *   flash could not be read
 */
KilnFlashSurvey *
kiln_flash_survey_run (KilnDevice           *device,
                       KilnFlashProgressFunc progress,
                       gpointer              progress_data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  const KilnDeviceInfo *info = kiln_device_get_info (device);
  KilnSurveyBoard board = {
    .chip = info->chip,
    .flash_size = info->flash_size,
    .encrypted = info->security_known && __builtin_popcount (info->flash_crypt_cnt) % 2 == 1,
    .dout_only = info->flash_dout_only,
    .read = read_device,
    .read_data = device,
    .progress = progress,
    .progress_data = progress_data,
  };

  if (!kiln_spiflash_read_id (kiln_device_get_loader (device), board.chip, &board.jedec_id,
                              error))
    return NULL;
  return kiln_flash_survey_run_on (&board, cancellable, error);
}

/* The boot-log causes whose readings the flash's contents settle: every
 * cause survey_judge() names, and the strap that makes the flash
 * unreadable, which a flash that does not answer shows.  Not
 * checksum-error or wrong-flash-mode by their names alone
 * (kiln_flash_survey_tells_diagnosis()). */
static const char *const told_causes[] = {
  "empty-flash", "missing-bootloader", "wrong-bootloader-offset", "image-for-other-chip",
  "flash-size-mismatch", "flash-encryption", "flash-read-failure", "flash-voltage-gpio12",
  "partition-table-invalid", "no-app-partition", "flash-map-mismatch", "missing-init-data",
};

/**
 * kiln_flash_survey_tells:
 * @cause: a boot-log diagnosis's cause ("empty-flash" …)
 *
 * Whether reading the flash can tell more about a boot that failed with
 * @cause: what to offer next to such a diagnosis.
 */
gboolean
kiln_flash_survey_tells (const char *cause)
{
  for (guint i = 0; i < G_N_ELEMENTS (told_causes); i++)
    if (g_strcmp0 (cause, told_causes[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * kiln_flash_survey_tells_diagnosis:
 * @diagnosis: a boot-log diagnosis
 *
 * kiln_flash_survey_tells() for its cause; and the boot ROM loading the
 * image it starts wrong (a wrong checksum, nonsense after the first
 * segment), whether the decoder calls it a damaged image or a flash mode
 * the flash cannot do: the survey reads that image whole, and tells the
 * two apart (damaged, or whole and so read wrong at boot; on an ESP8285,
 * a header that is not DOUT).  And the second stage finding the
 * application's segment headers wrong: the survey walks them.  Not a
 * checksum the second stage found wrong (in the application, which the
 * survey does not read whole), nor a table it read wrong in quad mode.
 */
gboolean
kiln_flash_survey_tells_diagnosis (const KilnBootDiagnosis *diagnosis)
{
  return kiln_flash_survey_tells (diagnosis->cause)
         || diagnosis->app_headers
         || (diagnosis->rom_image
             && (g_strcmp0 (diagnosis->cause, "checksum-error") == 0
                 || g_strcmp0 (diagnosis->cause, "wrong-flash-mode") == 0));
}
