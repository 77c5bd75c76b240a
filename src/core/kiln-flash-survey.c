/* kiln-flash-survey.c: what the flash holds where the boot looks.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads a few hundred bytes in download mode (the offsets any chip of the
 * family reads its bootloader from, the partition table, the first bytes
 * of the application) and reasons from them in one place, survey_judge().
 * Nothing is written.
 */
#include "config.h"

#include "kiln-flash-survey-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-flash.h"
#include "kiln-layout.h"
#include "kiln-partition.h"
#include "kiln-spiflash.h"
#include "kiln-util.h"

/* Enough for an image's common and extended headers. */
#define HEADER_BYTES 32u
/* Where the ESP32 family's bootloaders start, whichever chip a file was
 * built for: 0x0 (ESP32-S3, -C3, -C6, -H2, -C2, -C61), 0x1000 (ESP32,
 * -S2), 0x2000 (ESP32-C5, -P4). */
static const guint32 bootloader_offsets[] = { 0x0, 0x1000, 0x2000 };
/* Where ESP-IDF and Arduino builds put the application when the partition
 * table cannot say, and where the ESP8266 SDK puts user1.bin. */
#define DEFAULT_APP_OFFSET 0x10000u
#define SDK_USER1_OFFSET   0x1000u
/* A build whose bootloader outgrows 0x1000–0x8000 (secure boot, a larger
 * log level) moves the partition table up with
 * CONFIG_PARTITION_TABLE_OFFSET, to a sector up to 0x10000. */
#define MOVED_TABLE_FIRST  0x9000u
#define MOVED_TABLE_LAST   0x10000u

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
} Survey;

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

/* Reads @len bytes at @address and says what they are. */
static gboolean
read_spot (Survey        *s,
           guint32        address,
           guint32        len,
           guint8        *buf,
           GCancellable  *cancellable,
           GError       **error)
{
  KilnSurveySpot spot = { .address = address };
  gboolean family = s->chip->id != KILN_CHIP_ESP8266;

  if (!s->board->read (s->board->read_data, address, buf, len, cancellable, error))
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

static const KilnSurveySpot *
spot_at (Survey  *s,
         guint32  address)
{
  for (guint i = 0; i < s->survey->spots->len; i++)
    {
      const KilnSurveySpot *spot = &g_array_index (s->survey->spots, KilnSurveySpot, i);
      if (spot->address == address)
        return spot;
    }
  return NULL;
}

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
app_offset (Survey *s)
{
  const KilnPartitionEntry *entry = s->table != NULL ? first_app (s->table) : NULL;
  return entry != NULL ? entry->offset : DEFAULT_APP_OFFSET;
}

static gboolean
within_flash (Survey  *s,
              guint32  address,
              guint32  len)
{
  return s->flash_size == 0 || (guint64) address + len <= s->flash_size;
}

/* With 0x8000 erased, the sectors above it where a build may have moved
 * the table: one entry's worth read from each, the whole table from the
 * first that starts like one. */
static gboolean
find_moved_table (Survey        *s,
                  GCancellable  *cancellable,
                  GError       **error)
{
  guint8 entry[KILN_PARTITION_ENTRY_SIZE];

  for (guint32 at = MOVED_TABLE_FIRST; at <= MOVED_TABLE_LAST; at += 0x1000)
    {
      g_autofree guint8 *table = NULL;

      if (!within_flash (s, at, KILN_PARTITION_TABLE_MAX))
        return TRUE;
      if (!s->board->read (s->board->read_data, at, entry, sizeof entry, cancellable, error))
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

static gboolean
read_all (Survey        *s,
          GCancellable  *cancellable,
          GError       **error)
{
  guint8 header[HEADER_BYTES];

  if (s->chip->id == KILN_CHIP_ESP8266)
    {
      const KilnSurveySpot *boot, *user1;

      if (!read_spot (s, 0x0, HEADER_BYTES, header, cancellable, error)
          || !read_spot (s, SDK_USER1_OFFSET, HEADER_BYTES, header, cancellable, error))
        return FALSE;
      /* The SDK's two-part firmware (boot.bin, user1.bin) reads its PHY init
       * data where the map in boot.bin's header ends; single-image firmware
       * (Arduino, MicroPython, NodeMCU) carries or writes its own. */
      boot = spot_at (s, 0x0);
      user1 = spot_at (s, SDK_USER1_OFFSET);
      if (boot->content != KILN_SURVEY_IMAGE || user1->content != KILN_SURVEY_SDK_IMAGE)
        return TRUE;
      s->map = kiln_flash_map_get (boot->first[3] >> 4);
      if (s->map == NULL || !within_flash (s, s->map->init_data_address, HEADER_BYTES))
        return TRUE;
      s->init_data_at = s->map->init_data_address;
      return read_spot (s, s->init_data_at, HEADER_BYTES, header, cancellable, error);
    }

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
      else if (spot_at (s, KILN_PARTITION_TABLE_OFFSET)->content == KILN_SURVEY_ERASED
               && !find_moved_table (s, cancellable, error))
        return FALSE;
    }
  if (within_flash (s, app_offset (s), HEADER_BYTES) && spot_at (s, app_offset (s)) == NULL
      && !read_spot (s, app_offset (s), HEADER_BYTES, header, cancellable, error))
    return FALSE;
  return TRUE;
}

static void
verdict (Survey             *s,
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

/* An image starts at one of the other chips' bootloader offsets. */
static const KilnSurveySpot *
image_elsewhere (Survey *s)
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

/* A header for another chip, or for a larger flash than the board's. */
static gboolean
judge_image (Survey               *s,
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

/* The flash map user1.bin was built for, as its header gives it, or NULL.
 * esptool and gen_appbin before NONOS SDK 3.0 copy boot.bin's flash mode
 * and size/frequency byte into user1's header; SDK 3's gen_appbin writes
 * the app number there instead (EA 04 00 01), and the map lives only in
 * the code, which checks it at boot. */
static const KilnFlashMap *
user1_built_map (const KilnSurveySpot *user1)
{
  guint8 mode = user1->first[2], code = user1->first[3];

  if (mode > 3 || (mode == 0 && (code == 1 || code == 2)))
    return NULL;
  return kiln_flash_map_get (code >> 4);
}

/* boot.bin and user1.bin are in place: user1's map against boot.bin's, and
 * the PHY init data where boot.bin's map puts it. */
static void
judge_sdk_firmware (Survey               *s,
                    const KilnSurveySpot *user1)
{
  const KilnFlashMap *built = user1_built_map (user1);
  const KilnSurveySpot *init = s->init_data_at != 0 ? spot_at (s, s->init_data_at) : NULL;

  if (built != NULL && s->map != NULL && built != s->map)
    {
      /* Slots of one size: firmware before SDK 3.0 runs, later firmware
       * checks the map and stops (seed 000's "mismatch map 5,spi_size_map
       * 6").  Other slots: user1 does not fit the layout at all. */
      gboolean same_slots = built->slot_size == s->map->slot_size;

      verdict (s, "flash-map-mismatch",
               same_slots ? KILN_BOOT_CONFIDENCE_MEDIUM : KILN_BOOT_CONFIDENCE_HIGH,
               g_strdup (_("user1.bin was built for another flash map")),
               same_slots
               ? g_strdup_printf (_("user1.bin at 0x1000 was built for flash map %u (%s), but "
                                    "boot.bin's header at 0x0 gives map %u (%s). Firmware from "
                                    "NONOS SDK 3.0 on stops at boot with “mismatch map "
                                    "%u,spi_size_map %u”."),
                                  built->map, built->name, s->map->map, s->map->name,
                                  built->map, s->map->map)
               : g_strdup_printf (_("user1.bin at 0x1000 was built for flash map %u (%s, %u KB "
                                    "app slots), but boot.bin's header at 0x0 gives map %u (%s, "
                                    "%u KB slots), which cannot hold it: it will not boot."),
                                  built->map, built->name, built->slot_size / 1024,
                                  s->map->map, s->map->name, s->map->slot_size / 1024),
               g_strdup_printf (_("Write the firmware again with flash size %s (%s), with "
                                  "esp_init_data_default.bin at 0x%X: the map is a layout, "
                                  "not the chip size."),
                                built->name, built->esptool_name, built->init_data_address));
      return;
    }
  if (init != NULL && init->content != KILN_SURVEY_INIT_DATA)
    {
      verdict (s, "missing-init-data", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("No PHY init data")),
               g_strdup_printf (_("The SDK firmware reads its PHY init data at 0x%X, where flash "
                                  "map %u (%s) puts it, and finds %s. It stops at boot with "
                                  "“rf_cal[0] !=0x05”, or restarts over and over."),
                                init->address, s->map->map, s->map->name, init->description),
               g_strdup_printf (_("Write esp_init_data_default.bin (from the SDK or the AT "
                                  "release) at 0x%X, and blank.bin at 0x%X."),
                                init->address, s->map->blank_address));
      return;
    }
  if (init != NULL && built != NULL)
    verdict (s, "none", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("What the boot needs is in place")),
             g_strdup_printf (_("boot.bin is at 0x0, user1.bin at 0x1000 and the PHY init data "
                                "at 0x%X, for flash map %u (%s)."),
                              init->address, s->map->map, s->map->name),
             g_strdup (_("If the board still does not start, watch its boot log at 74880 "
                         "baud (kiln-cli monitor): it names the step that fails.")));
  else if (init != NULL)
    /* SDK 3's user1: the map it checks at boot is in its code only. */
    verdict (s, "none", KILN_BOOT_CONFIDENCE_MEDIUM, g_strdup (_("What the boot needs is in place")),
             g_strdup_printf (_("boot.bin is at 0x0, user1.bin at 0x1000 and the PHY init data "
                                "at 0x%X, for flash map %u (%s). user1.bin's header does not "
                                "say which map it was built for (NONOS SDK 3 writes its app "
                                "number there), so the maps could not be compared."),
                              init->address, s->map->map, s->map->name),
             g_strdup (_("If the boot log says “mismatch map”, write the firmware again with "
                         "the map its file name gives (user1.2048.new.5.bin: map 5, "
                         "16Mbit-C1).")));
  else
    verdict (s, "none", KILN_BOOT_CONFIDENCE_MEDIUM, g_strdup (_("A boot image is in place")),
             g_strdup (_("boot.bin is at 0x0 and user1.bin at 0x1000; boot.bin's header gives "
                         "no flash map Kiln knows, so the PHY init data was not looked for.")),
             g_strdup (_("If the board still does not start, watch its boot log at 74880 "
                         "baud (kiln-cli monitor): it names the step that fails.")));
}

static void
judge_esp8266 (Survey *s)
{
  const KilnSurveySpot *boot = spot_at (s, 0x0);
  const KilnSurveySpot *user1 = spot_at (s, SDK_USER1_OFFSET);

  if (boot->content == KILN_SURVEY_IMAGE)
    {
      if (judge_image (s, boot))
        return;
      /* Header byte 2: 0 QIO, 1 QOUT, 2 DIO, 3 DOUT.  The ESP8285 boots
       * only from a DOUT header: in the other modes the ROM reads garbage
       * ("csum err", seen on Sonoff and ELRS boards). */
      if (s->board->dout_only && boot->first[2] != 3)
        {
          verdict (s, "wrong-flash-mode", KILN_BOOT_CONFIDENCE_MEDIUM,
                   g_strdup (_("Flash mode the ESP8285 cannot do")),
                   g_strdup_printf (_("The header at 0x0 asks for flash mode %s, but this chip is "
                                      "an ESP8285, whose flash, inside the chip, is read in DOUT "
                                      "only: the ROM reads garbage (“csum err”) and the firmware "
                                      "does not start."),
                                    kiln_flash_mode_name (boot->first[2])),
                   g_strdup (_("Write the firmware again with SPI mode DOUT (the image at 0x0 "
                               "is enough).")));
          return;
        }
      if (user1->content == KILN_SURVEY_SDK_IMAGE)
        judge_sdk_firmware (s, user1);
      else
        verdict (s, "none", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("A boot image is in place")),
                 g_strdup (_("The image at 0x0, which the ROM starts, has a sound header for "
                             "this flash.")),
                 g_strdup (_("If the board still does not start, watch its boot log at 74880 "
                             "baud (kiln-cli monitor): it names the step that fails.")));
      return;
    }
  if (boot->content == KILN_SURVEY_ERASED && user1->content == KILN_SURVEY_SDK_IMAGE)
    {
      verdict (s, "missing-bootloader", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("user1.bin without boot.bin")),
               g_strdup (_("An SDK application (user1.bin) is at 0x1000, but 0x0 is erased: "
                           "boot.bin, which starts it, was not written.")),
               g_strdup (_("Write boot.bin (boot_v1.7.bin or the one of your SDK) at 0x0.")));
      return;
    }
  if (boot->content == KILN_SURVEY_ERASED && user1->content == KILN_SURVEY_ERASED)
    {
      verdict (s, "empty-flash", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("The flash is empty")),
               g_strdup (_("0x0 and 0x1000 are erased: nothing was written, or the flash was "
                           "erased since.")),
               g_strdup (_("Write the firmware: for most, one file at 0x0.")));
      return;
    }
  verdict (s, "missing-bootloader", KILN_BOOT_CONFIDENCE_MEDIUM,
           g_strdup (_("No boot image at 0x0")),
           g_strdup_printf (_("0x0 holds %s, not an image the ROM can start."),
                            boot->description),
           g_strdup (_("Write the firmware's first file at 0x0: the whole firmware for most, "
                       "boot.bin for the SDK's two-part firmware.")));
}

/* After the bootloader: the partition table and the application. */
static void
judge_after_bootloader (Survey *s)
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
      if (judge_image (s, app))
        return;
      if (s->table_at == KILN_PARTITION_TABLE_OFFSET || s->table_at == 0)
        verdict (s, "none", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("What the boot needs is in place")),
                 g_strdup_printf (_("A bootloader for this chip is at 0x%X, a partition table "
                                    "at 0x8000 and an application at 0x%X."),
                                  s->chip->bootloader_offset, at),
                 g_strdup (_("If the board still does not start, the trouble is at boot "
                             "time: watch its boot log (kiln-cli monitor), which names the "
                             "step that fails.")));
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

static void
judge_family (Survey *s)
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
      if (!judge_image (s, boot))
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

/* Every verdict comes from here, in order: a flash that does not answer,
 * then what the bytes read show. */
static void
survey_judge (Survey *s)
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
    judge_esp8266 (s);
  else
    judge_family (s);
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
  Survey s = { .board = board, .chip = board->chip, .flash_size = board->flash_size };
  g_autoptr(KilnFlashSurvey) survey = g_new0 (KilnFlashSurvey, 1);
  gboolean read;

  s.survey = survey;
  survey->spots = g_array_new (FALSE, TRUE, sizeof (KilnSurveySpot));
  g_array_set_clear_func (survey->spots, spot_clear);

  /* A flash that does not answer reads as its ID says; nothing to read. */
  read = board->jedec_id == 0 || board->jedec_id == 0xFFFFFF || read_all (&s, cancellable, error);
  if (read)
    survey_judge (&s);
  g_clear_pointer (&s.table, kiln_partition_table_free);
  return read ? g_steal_pointer (&survey) : NULL;
}

static gboolean
read_device (gpointer       user_data,
             guint32        address,
             guint8        *buf,
             guint32        len,
             GCancellable  *cancellable,
             GError       **error)
{
  return kiln_flash_read (user_data, address, buf, len, NULL, NULL, cancellable, error);
}

/**
 * kiln_flash_survey_run:
 * @device: a connected device
 *
 * Reads the places the boot looks at and says what they show.  Writes
 * nothing.
 *
 * Returns: (transfer full): the survey, or %NULL with @error set when the
 *   flash could not be read
 */
KilnFlashSurvey *
kiln_flash_survey_run (KilnDevice    *device,
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
  };

  if (!kiln_spiflash_read_id (kiln_device_get_loader (device), board.chip, &board.jedec_id,
                              error))
    return NULL;
  return kiln_flash_survey_run_on (&board, cancellable, error);
}

/* The boot-log causes whose readings the flash's contents settle: every
 * cause survey_judge() names, and the strap that makes the flash
 * unreadable, which a flash that does not answer shows. */
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
