/* kiln-flash-survey-family.c: where the ESP32 family's boot looks, and
 * what its flash shows.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ROM starts the bootloader at the chip's offset; the bootloader reads
 * the partition table and starts the application it names.
 */
#include "config.h"

#include "kiln-flash-survey-judge.h"

#include <glib/gi18n-lib.h>

#include "kiln-util.h"

/* Where the ESP32 family's bootloaders start, whichever chip a file was
 * built for: 0x0 (ESP32-S3, -C3, -C6, -H2, -C2, -C61), 0x1000 (ESP32,
 * -S2), 0x2000 (ESP32-C5, -P4). */
static const guint32 bootloader_offsets[] = { 0x0, 0x1000, 0x2000 };
/* Where ESP-IDF and Arduino builds put the application when the partition
 * table cannot say. */
#define DEFAULT_APP_OFFSET 0x10000u
/* No flash of the family is larger. */
#define APP_WALK_MAX       0x1000000u
/* A build whose bootloader outgrows 0x1000–0x8000 (secure boot, a larger
 * log level) moves the partition table up with
 * CONFIG_PARTITION_TABLE_OFFSET, to a sector up to 0x10000. */
#define MOVED_TABLE_FIRST  0x9000u
#define MOVED_TABLE_LAST   0x10000u

/* The partition that boots first: factory, else the lowest OTA slot, else
 * any application. */
static const KilnPartitionEntry *
first_app (const KilnPartitionTable *table)
{
  const KilnPartitionEntry *best = NULL;

  for (guint i = 0; i < table->entries->len; i++)
    {
      const KilnPartitionEntry *e = &g_array_index (table->entries, KilnPartitionEntry, i);

      if (e->type != 0)
        continue;
      if (e->subtype == 0x00)
        return e;
      if (best == NULL || (e->subtype >= 0x10 && e->subtype < 0x20
                           && (best->subtype < 0x10 || e->subtype < best->subtype)))
        best = e;
    }
  return best;
}

/* Where the application starts: as the partition table says, else where
 * builds put it. */
static guint32
app_offset (KilnSurveyRun *s)
{
  const KilnPartitionEntry *entry = s->table != NULL ? first_app (s->table) : NULL;
  return entry != NULL ? entry->offset : DEFAULT_APP_OFFSET;
}

/* With no table at 0x8000, the sectors above it where a build may have
 * moved the table: one entry's worth read from each, the whole table from
 * the first that starts like one. */
static gboolean
find_moved_table (KilnSurveyRun *s,
                  GCancellable  *cancellable,
                  GError       **error)
{
  guint8 entry[KILN_PARTITION_ENTRY_SIZE];

  for (guint32 at = MOVED_TABLE_FIRST; at <= MOVED_TABLE_LAST; at += 0x1000)
    {
      g_autofree guint8 *table = NULL;

      if (!within_flash (s, at, KILN_PARTITION_TABLE_MAX))
        return TRUE;
      if (!s->board->read (s->board->read_data, at, entry, sizeof entry, NULL, NULL, cancellable,
                           error))
        return FALSE;
      if (!kiln_partition_table_detect (entry, sizeof entry))
        continue;
      table = g_malloc (KILN_PARTITION_TABLE_MAX);
      if (!read_spot (s, at, KILN_PARTITION_TABLE_MAX, table, cancellable, error))
        return FALSE;
      s->table = kiln_partition_table_parse (table, KILN_PARTITION_TABLE_MAX, NULL);
      s->table_at = s->table != NULL ? at : 0;
      return TRUE;
    }
  return TRUE;
}

/* The application's segment headers, walked (a few reads of 8 bytes):
 * where it ends by them, for its line. */
static gboolean
walk_app (KilnSurveyRun  *s,
          GCancellable   *cancellable,
          GError        **error)
{
  KilnSurveySpot *app = spot_at (s, app_offset (s));
  char *line;

  if (app == NULL || app->content != KILN_SURVEY_IMAGE || s->board->encrypted
      || (app->image_chip != NULL && app->image_chip != s->chip))
    return TRUE;
  if (!kiln_survey_walk_image (s, app->address, APP_WALK_MAX, &s->app, cancellable, error))
    return FALSE;
  if (s->app.headers_whole)
    {
      g_autofree char *size = kiln_format_size (s->app.claims);

      /* Translators: "an ESP32 image (header: DIO, 4MB), 183 KiB by its
       * headers": its length as its segment headers give it, unread */
      line = g_strdup_printf (_("%s, %s by its headers"), app->description, size);
    }
  else
    line = g_strdup_printf (_("%s, segment headers that do not add up"), app->description);
  set_description (app, line);
  return TRUE;
}

/* The three bootloader offsets, the partition table (moved or not), the
 * start of the application and its headers, and the bootloader whole. */
gboolean
kiln_survey_read_family (KilnSurveyRun  *s,
                         GCancellable   *cancellable,
                         GError        **error)
{
  guint8 header[HEADER_BYTES];
  const KilnSurveySpot *boot;

  for (guint i = 0; i < G_N_ELEMENTS (bootloader_offsets); i++)
    if (within_flash (s, bootloader_offsets[i], HEADER_BYTES)
        && !read_spot (s, bootloader_offsets[i], HEADER_BYTES, header, cancellable, error))
      return FALSE;

  if (within_flash (s, KILN_PARTITION_TABLE_OFFSET, KILN_PARTITION_TABLE_MAX))
    {
      g_autofree guint8 *table = g_malloc (KILN_PARTITION_TABLE_MAX);

      if (!read_spot (s, KILN_PARTITION_TABLE_OFFSET, KILN_PARTITION_TABLE_MAX, table,
                      cancellable, error))
        return FALSE;
      if (spot_at (s, KILN_PARTITION_TABLE_OFFSET)->content == KILN_SURVEY_TABLE)
        {
          s->table = kiln_partition_table_parse (table, KILN_PARTITION_TABLE_MAX, NULL);
          s->table_at = KILN_PARTITION_TABLE_OFFSET;
        }
      /* Erased, or the end of a bootloader too large for the room below
       * 0x8000: the reason builds move the table. */
      else if (!find_moved_table (s, cancellable, error))
        return FALSE;
    }
  if (within_flash (s, app_offset (s), HEADER_BYTES) && spot_at (s, app_offset (s)) == NULL
      && !read_spot (s, app_offset (s), HEADER_BYTES, header, cancellable, error))
    return FALSE;
  if (!walk_app (s, cancellable, error))
    return FALSE;

  /* The bootloader whole, when one for this chip is where the ROM looks
   * and can be read as it is (with encryption on, the ROM decrypts it). */
  boot = spot_at (s, s->chip->bootloader_offset);
  if (boot != NULL && boot->content == KILN_SURVEY_IMAGE && !s->board->encrypted
      && (boot->image_chip == NULL || boot->image_chip == s->chip))
    return kiln_survey_read_boot_image (s, boot->address, cancellable, error);
  return TRUE;
}

/* An image starts at one of the other chips' bootloader offsets. */
static const KilnSurveySpot *
image_elsewhere (KilnSurveyRun *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (bootloader_offsets); i++)
    {
      const KilnSurveySpot *spot = spot_at (s, bootloader_offsets[i]);

      if (spot != NULL && bootloader_offsets[i] != s->chip->bootloader_offset
          && spot->content == KILN_SURVEY_IMAGE)
        return spot;
    }
  return NULL;
}

/* The application's headers walked: ones that do not add up (what the
 * bootloader's "invalid segment length" says), or an application larger
 * than its partition (its "Image length … doesn't fit in partition
 * length …").  Gives that verdict and returns TRUE. */
static gboolean
judge_app_extent (KilnSurveyRun            *s,
                  const KilnPartitionEntry *entry,
                  guint32                   at)
{
  const KilnSurveyImage *app = &s->app;

  if (app->claims == 0)
    return FALSE;                     /* not walked */
  if (!app->headers_whole)
    {
      verdict (s, "checksum-error", KILN_BOOT_CONFIDENCE_HIGH,
               g_strdup (_("The application is damaged")),
               g_strdup_printf (_("The application at 0x%X begins with a sound header, but its "
                                  "segment headers do not add up: they claim more than the "
                                  "flash holds. The bootloader does not start it (“invalid "
                                  "segment length”). Another file written inside its partition "
                                  "(a file system image at a wrong address), or a write that "
                                  "stopped partway, leaves this."),
                                at),
               entry != NULL
               ? g_strdup_printf (_("Write the application at 0x%X again, with verification, "
                                    "and check that no other file is written inside its "
                                    "partition (0x%X to 0x%X)."),
                                  at, entry->offset, entry->offset + entry->size)
               : g_strdup_printf (_("Write the application at 0x%X again, with "
                                    "verification."),
                                  at));
      return TRUE;
    }
  if (entry != NULL && app->claims > entry->size)
    {
      g_autofree char *size = kiln_format_size (app->claims);
      g_autofree char *room = kiln_format_size (entry->size);

      verdict (s, "no-app-partition", KILN_BOOT_CONFIDENCE_HIGH,
               g_strdup (_("The application is larger than its partition")),
               g_strdup_printf (_("The application at 0x%X takes %s by its headers, but its "
                                  "partition (“%s”) holds %s. The bootloader does not start it "
                                  "(“Image length … doesn't fit in partition length …”)."),
                                at, size, entry->label, room),
               g_strdup (_("Build with a partition table whose application partition is large "
                           "enough (in Arduino, a partition scheme with a larger app, such as "
                           "“Huge APP”; in ESP-IDF, a partitions.csv of your own), and write the "
                           "table and the application again.")));
      return TRUE;
    }
  return FALSE;
}

/* After the bootloader: the partition table and the application. */
static void
judge_after_bootloader (KilnSurveyRun *s)
{
  const KilnSurveySpot *table = spot_at (s, KILN_PARTITION_TABLE_OFFSET);
  const KilnPartitionEntry *entry = s->table != NULL ? first_app (s->table) : NULL;
  guint32 at = app_offset (s);
  const KilnSurveySpot *app = spot_at (s, at);

  if (table != NULL && table->content != KILN_SURVEY_TABLE && s->table_at == 0)
    {
      verdict (s, "partition-table-invalid", KILN_BOOT_CONFIDENCE_MEDIUM, g_strdup (_("No partition table")),
               g_strdup_printf (_("The bootloader is in place, but 0x8000, where ESP-IDF and "
                                  "Arduino builds put the partition table, holds %s, and no "
                                  "table was found in the sectors up to 0x10000 either. The "
                                  "bootloader stops when it finds no table."),
                                table->description),
               g_strdup (_("Write the partition table (partitions.bin or "
                           "partition-table.bin) at 0x8000, with the application at its "
                           "offset.")));
      return;
    }
  if (s->table != NULL && entry == NULL)
    {
      verdict (s, "no-app-partition", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("No application partition")),
               g_strdup_printf (_("The partition table at 0x%X names no application partition, "
                                  "so the bootloader has nothing to start."),
                                s->table_at),
               g_strdup (_("Write a partition table with a factory or OTA application "
                           "partition, and the application at its offset.")));
      return;
    }
  if (app == NULL)
    {
      /* Not read: the table puts the application past the flash's end. */
      g_autofree char *real = kiln_format_size (s->flash_size);

      verdict (s, "flash-size-mismatch", KILN_BOOT_CONFIDENCE_HIGH,
               g_strdup (_("The partition table was made for a larger flash")),
               g_strdup_printf (_("The partition table at 0x%X puts the application at 0x%X, "
                                  "past the end of this board's %s flash."),
                                s->table_at, at, real),
               g_strdup_printf (_("Build the firmware with a partition table for a %s flash "
                                  "(in Arduino, a partition scheme for this board's flash "
                                  "size), and write it again."),
                                real));
      return;
    }
  if (app->content == KILN_SURVEY_IMAGE)
    {
      if (judge_image (s, app) || judge_app_extent (s, entry, at))
        return;
      if (s->table_at == KILN_PARTITION_TABLE_OFFSET || s->table_at == 0)
        verdict (s, "none", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("What the boot needs is in place")),
                 g_strdup_printf (_("A bootloader for this chip is at 0x%X, a partition table "
                                    "at 0x8000 and an application at 0x%X."),
                                  s->chip->bootloader_offset, at),
                 g_strdup (_("If the board still does not start, the trouble is at boot "
                             "time: watch its boot log (kiln-cli monitor), which names the "
                             "step that fails. If it says the ROM read the bootloader wrong "
                             "(its checksum wrong, a segment at 0xffffffff), the bootloader "
                             "reads back whole here, so the boot reads it wrong: write it "
                             "again with flash mode DIO, or DOUT.")));
      else
        /* Kiln cannot read from the bootloader which offset it was built
         * with; a table moved by the build is normally written with it. */
        verdict (s, "none", KILN_BOOT_CONFIDENCE_MEDIUM, g_strdup (_("What the boot needs is in place")),
                 g_strdup_printf (_("A bootloader for this chip is at 0x%X, a partition table "
                                    "at 0x%X and an application at 0x%X. The table is not at "
                                    "the usual 0x8000: the bootloader finds it only if it was "
                                    "built with that offset (CONFIG_PARTITION_TABLE_OFFSET), as "
                                    "the bootloader of the build that moved it is."),
                                  s->chip->bootloader_offset, s->table_at, at),
                 g_strdup (_("If the board still does not start and its boot log reports "
                             "no partition table, write the bootloader and the table from the "
                             "same build, or the table at 0x8000 with a bootloader built for "
                             "it.")));
      return;
    }
  verdict (s, "no-app-partition", app->content == KILN_SURVEY_ERASED ? KILN_BOOT_CONFIDENCE_HIGH : KILN_BOOT_CONFIDENCE_MEDIUM,
           g_strdup (_("No application")),
           g_strdup_printf (_("The bootloader and the partition table are in place, but the "
                              "application's partition at 0x%X holds %s."),
                            at, app->description),
           g_strdup_printf (_("Write the application (the project's own .bin, not the merged "
                              "image) at 0x%X."),
                            at));
}

void
kiln_survey_judge_family (KilnSurveyRun *s)
{
  guint32 offset = s->chip->bootloader_offset;
  const KilnSurveySpot *boot = spot_at (s, offset);
  const KilnSurveySpot *other = image_elsewhere (s);
  const KilnSurveySpot *app = spot_at (s, app_offset (s));

  if (s->board->encrypted)
    {
      /* With encryption on, the ROM decrypts what it reads: a plain header
       * readable here turns to nonsense on the way to the CPU. */
      if (boot->content == KILN_SURVEY_IMAGE)
        verdict (s, "flash-encryption", KILN_BOOT_CONFIDENCE_HIGH,
                 g_strdup (_("A plain bootloader on a chip with flash encryption on")),
                 g_strdup_printf (_("Flash encryption is on, so the chip decrypts everything "
                                    "it reads from the flash; the bootloader at 0x%X was "
                                    "written plain, and decrypted it is nonsense."),
                                  offset),
                 g_strdup (_("Write the images encrypted, as the build that turned encryption "
                             "on does (idf.py encrypted-flash, or esptool with --encrypt), or "
                             "update the firmware over the air.")));
      else
        verdict (s, "flash-encryption", KILN_BOOT_CONFIDENCE_MEDIUM, g_strdup (_("Flash encryption is on")),
                 g_strdup_printf (_("Flash encryption is on, and 0x%X holds %s, as an "
                                    "encrypted bootloader reads from outside. Kiln cannot check "
                                    "encrypted contents."),
                                  offset, boot->description),
                 g_strdup (_("If the board does not start, write the images encrypted with "
                             "this chip's key, as the build that turned encryption on "
                             "does.")));
      return;
    }

  if (boot->content == KILN_SURVEY_IMAGE)
    {
      if (!judge_image (s, boot) && !kiln_survey_judge_boot_image (s, offset, s->table_at))
        judge_after_bootloader (s);
      return;
    }

  /* No bootloader where this chip looks. */
  if (other != NULL && other->image_chip != NULL && other->image_chip != s->chip)
    judge_image (s, other);
  else if (other != NULL)
    verdict (s, "wrong-bootloader-offset", KILN_BOOT_CONFIDENCE_HIGH,
             g_strdup_printf (_("The bootloader is at 0x%X, not at 0x%X"), other->address,
                              offset),
             g_strdup_printf (_("An image starts at 0x%X, but the %s reads its "
                                "bootloader from 0x%X, which holds %s. The files went to "
                                "another chip's addresses (a merged image, or instructions for "
                                "another chip)."),
                              other->address, s->chip->display_name, offset, boot->description),
             g_strdup_printf (_("Write the bootloader, or the merged image, at 0x%X. Erase the "
                                "flash first so that nothing stays at 0x%X."),
                              offset, other->address));
  else if (boot->content == KILN_SURVEY_ERASED && app != NULL
           && app->content == KILN_SURVEY_IMAGE)
    verdict (s, "missing-bootloader", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("Only the application was written")),
             g_strdup_printf (_("An application is at 0x%X, but 0x%X, where the %s reads its "
                                "bootloader, is erased."),
                              app_offset (s), offset, s->chip->display_name),
             g_strdup_printf (_("Write the bootloader at 0x%X and the partition table at "
                                "0x8000 with the application, or the merged image at 0x%X."),
                              offset, offset));
  else if (boot->content == KILN_SURVEY_ERASED
           && (spot_at (s, KILN_PARTITION_TABLE_OFFSET) == NULL
               || spot_at (s, KILN_PARTITION_TABLE_OFFSET)->content == KILN_SURVEY_ERASED)
           && (app == NULL || app->content == KILN_SURVEY_ERASED))
    verdict (s, "empty-flash", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("The flash is empty")),
             g_strdup_printf (_("The bootloader offset 0x%X, the partition table's 0x8000 and "
                                "the application's 0x%X are erased: nothing was written, or the "
                                "flash was erased since."),
                              offset, app_offset (s)),
             g_strdup_printf (_("Write the whole firmware: the bootloader at 0x%X, the partition "
                                "table at 0x8000 and the application, or the merged image at "
                                "0x%X."),
                              offset, offset));
  else if (boot->content == KILN_SURVEY_ERASED)
    verdict (s, "missing-bootloader", KILN_BOOT_CONFIDENCE_MEDIUM,
             g_strdup_printf (_("No bootloader at 0x%X"), offset),
             g_strdup_printf (_("0x%X, where the %s reads its bootloader, is erased, and nothing "
                                "there or at the application's 0x%X is an image the boot can "
                                "start: what was written is not firmware for this chip, or it "
                                "went to other addresses."),
                              offset, s->chip->display_name, app_offset (s)),
             g_strdup_printf (_("Write the bootloader at 0x%X, the partition table at 0x8000 "
                                "and the application at 0x%X, or the merged image at 0x%X."),
                              offset, app_offset (s), offset));
  else
    verdict (s, "missing-bootloader", KILN_BOOT_CONFIDENCE_MEDIUM,
             g_strdup_printf (_("No bootloader at 0x%X"), offset),
             g_strdup_printf (_("0x%X, where the %s reads its bootloader, holds %s: another "
                                "file was written there, or at an address that overlaps it."),
                              offset, s->chip->display_name, boot->description),
             g_strdup_printf (_("Write the bootloader at 0x%X, and each other file at the "
                                "address its build gives."),
                              offset));
}
