/* kiln-flash-survey-esp8266.c: where the ESP8266's boot looks, and what
 * its flash shows.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ROM starts the image at 0x0: the whole firmware, or the SDK's
 * boot.bin, which starts user1.bin at 0x1000; the SDK then reads its PHY
 * init data where the flash map in boot.bin's header ends.
 */
#include "config.h"

#include "kiln-flash-survey-judge.h"

#include <glib/gi18n-lib.h>

#include "kiln-util.h"

/* Where the ESP8266 SDK puts user1.bin. */
#define SDK_USER1_OFFSET 0x1000u
/* Where rboot (open-rtos, Sming) keeps its first ROM, past its settings
 * sector at 0x1000. */
#define RBOOT_ROM0_OFFSET 0x2000u
/* Where the habit of two files, 0x00000.bin and 0x10000.bin, writes the
 * second: where user1.bin lands when taken for one of those (esp-link's
 * reporter, the corpus's log 127). */
#define SECOND_FILE_OFFSET 0x10000u
/* No ESP8266 flash map has app slots larger than this. */
#define USER1_READ_MAX 0x100000u

/* The image at 0x0 read whole ends before 0x1000, and 0x1000 holds no
 * image: a boot loader alone.  Boot loaders fit the first sector (the
 * SDK's boot.bin some 4 KB, the Arduino core's eboot less), firmware does
 * not (esptool's 0x00000.bin of an SDK firmware alone is some 25 KB); the
 * loader starts an application further up that is not there. */
static gboolean
loader_alone (KilnSurveyRun *s)
{
  const KilnSurveySpot *user1 = spot_at (s, SDK_USER1_OFFSET);

  return s->boot_image.info != NULL && s->boot_image.headers_whole
         && s->boot_image.claims <= SDK_USER1_OFFSET
         && user1->content != KILN_SURVEY_IMAGE && user1->content != KILN_SURVEY_SDK_IMAGE;
}

/* boot.bin (or the whole firmware) at 0x0, whole, user1.bin at 0x1000,
 * and for the SDK's two-part firmware the PHY init data.  A boot loader
 * alone: the other places its application may be. */
gboolean
kiln_survey_read_esp8266 (KilnSurveyRun  *s,
                          GCancellable   *cancellable,
                          GError        **error)
{
  guint8 header[HEADER_BYTES];
  const KilnSurveySpot *boot, *user1;

  if (!read_spot (s, 0x0, HEADER_BYTES, header, cancellable, error)
      || !read_spot (s, SDK_USER1_OFFSET, HEADER_BYTES, header, cancellable, error))
    return FALSE;
  /* The SDK's two-part firmware (boot.bin, user1.bin) reads its PHY init
   * data where the map in boot.bin's header ends; single-image firmware
   * (Arduino, MicroPython, NodeMCU) carries or writes its own. */
  boot = spot_at (s, 0x0);
  user1 = spot_at (s, SDK_USER1_OFFSET);
  if (boot->content == KILN_SURVEY_IMAGE
      && !kiln_survey_read_boot_image (s, 0x0, cancellable, error))
    return FALSE;
  if (boot->content == KILN_SURVEY_IMAGE && loader_alone (s))
    {
      /* boot.bin, finding nothing at 0x1000, tries its backup, user2.bin,
       * where the map in its header puts it. */
      const KilnFlashMap *map = kiln_flash_map_get (boot->first[3] >> 4);

      s->user2_at = map != NULL ? map->user2_address : 0;
      return (!within_flash (s, RBOOT_ROM0_OFFSET, HEADER_BYTES)
              || read_spot (s, RBOOT_ROM0_OFFSET, HEADER_BYTES, header, cancellable, error))
             && (!within_flash (s, SECOND_FILE_OFFSET, HEADER_BYTES)
                 || read_spot (s, SECOND_FILE_OFFSET, HEADER_BYTES, header, cancellable, error))
             && (s->user2_at == 0 || !within_flash (s, s->user2_at, HEADER_BYTES)
                 || read_spot (s, s->user2_at, HEADER_BYTES, header, cancellable, error));
    }
  if (boot->content != KILN_SURVEY_IMAGE || user1->content != KILN_SURVEY_SDK_IMAGE)
    return TRUE;
  s->map = kiln_flash_map_get (boot->first[3] >> 4);
  /* user1.bin whole (the AT firmware's is some 400 KB: some 9 s on the
   * wire at 460800 baud), as far as its headers say and at most its map's
   * slot (maps without slots, as 2Mbit's, hold no user1.bin: at most the
   * largest slot): boot.bin checks it before it starts it. */
  if (!kiln_survey_read_image (s, SDK_USER1_OFFSET,
                               s->map != NULL && s->map->slot_size > SDK_USER1_OFFSET
                               ? s->map->slot_size - SDK_USER1_OFFSET
                               : USER1_READ_MAX,
                               &s->user1, cancellable, error))
    return FALSE;
  if (s->map == NULL || !within_flash (s, s->map->init_data_address, HEADER_BYTES))
    return TRUE;
  s->init_data_at = s->map->init_data_address;
  return read_spot (s, s->init_data_at, HEADER_BYTES, header, cancellable, error);
}

/* What is left when the flash holds what the boot needs, the image at 0x0
 * whole: a "csum err" at boot is then the boot reading it wrong. */
static char *
watch_log_fix (void)
{
  return g_strdup (_("If the board still does not start, watch its boot log at 74880 baud "
                     "(kiln-cli monitor): it names the step that fails. If it says “csum "
                     "err” (or loads a segment of no length), the image reads back whole "
                     "here, so the boot reads it wrong: write it again with flash mode DIO, "
                     "or DOUT."));
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
judge_sdk_firmware (KilnSurveyRun        *s,
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
               s->flash_size != 0 && built->flash_size > s->flash_size
               /* A map the chip cannot hold: the other build is the fix. */
               ? g_strdup_printf (_("Write the build of the firmware for flash map %u (%s), "
                                    "whose name ends in .%u.bin: this board's flash cannot hold "
                                    "map %u."),
                                  s->map->map, s->map->name, s->map->map, built->map)
               : g_strdup_printf (_("Write the firmware again with flash size %s (%s), with "
                                    "esp_init_data_default.bin at 0x%X: the map is a layout, "
                                    "not the chip size."),
                                  built->name, built->esptool_name, built->init_data_address));
      return;
    }
  /* Espressif's forum (bbs.espressif.com, t=4718): boot.bin checks user1
   * and, finding it invalid, tries user2, then gives up; the corpus's
   * logs 016 and 127 end so ("backup boot failed"). */
  if (s->user1.info != NULL)
    {
      g_autofree char *damage = kiln_survey_image_damage (s->user1.info);

      if (damage != NULL)
        {
          verdict (s, "checksum-error", KILN_BOOT_CONFIDENCE_HIGH,
                   g_strdup (_("user1.bin is damaged")),
                   /* Translators: %s is "its checksum is wrong: …" */
                   g_strdup_printf (_("user1.bin at 0x1000 begins with a sound header, but %s. "
                                      "boot.bin does not start it: it tries the backup, "
                                      "user2.bin, and stops (“backup boot failed”) when that "
                                      "fails too. A write that stopped partway, another file "
                                      "written over its end, or a flash that loses bits leaves "
                                      "this."),
                                    damage),
                   g_strdup (_("Write user1.bin (the release's user1 file for this flash map) at "
                               "0x1000 again, with verification, as Kiln writes. If it reads "
                               "back damaged after a verified write, the flash is failing.")));
          return;
        }
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
                                "at 0x%X, for flash map %u (%s). boot.bin and user1.bin read "
                                "back whole."),
                              init->address, s->map->map, s->map->name),
             watch_log_fix ());
  else if (init != NULL)
    /* SDK 3's user1: the map it checks at boot is in its code only. */
    verdict (s, "none", KILN_BOOT_CONFIDENCE_MEDIUM, g_strdup (_("What the boot needs is in place")),
             g_strdup_printf (_("boot.bin is at 0x0, user1.bin at 0x1000 and the PHY init data "
                                "at 0x%X, for flash map %u (%s); boot.bin and user1.bin read "
                                "back whole. user1.bin's header does not say which map it was "
                                "built for (NONOS SDK 3 writes its app number there), so the "
                                "maps could not be compared."),
                              init->address, s->map->map, s->map->name),
             g_strdup (_("If the boot log says “mismatch map”, write the firmware again with "
                         "the map its file name gives (user1.2048.new.5.bin: map 5, "
                         "16Mbit-C1).")));
  else
    verdict (s, "none", KILN_BOOT_CONFIDENCE_MEDIUM, g_strdup (_("A boot image is in place")),
             g_strdup (_("boot.bin is at 0x0 and user1.bin at 0x1000, and both read back whole; "
                         "boot.bin's header gives no flash map Kiln knows, so the PHY init data "
                         "was not looked for.")),
             watch_log_fix ());
}

/* A boot loader alone at 0x0 (loader_alone()): what it would start, found
 * in user2.bin's slot, elsewhere or not at all.  FALSE for rboot's
 * layout, whose first ROM is at 0x2000 (its settings at 0x1000 may be
 * erased: it writes them). */
static gboolean
judge_loader_alone (KilnSurveyRun *s)
{
  const KilnSurveySpot *user1 = spot_at (s, SDK_USER1_OFFSET);
  const KilnSurveySpot *rom0 = spot_at (s, RBOOT_ROM0_OFFSET);
  const KilnSurveySpot *second = spot_at (s, SECOND_FILE_OFFSET);
  const KilnSurveySpot *user2 = s->user2_at != 0 ? spot_at (s, s->user2_at) : NULL;
  g_autofree char *size = kiln_format_size (s->boot_image.claims);

  if (rom0 != NULL
      && (rom0->content == KILN_SURVEY_IMAGE || rom0->content == KILN_SURVEY_SDK_IMAGE))
    return FALSE;
  if (user2 != NULL && user2->content == KILN_SURVEY_SDK_IMAGE)
    {
      verdict (s, "none", KILN_BOOT_CONFIDENCE_MEDIUM,
               g_strdup (_("boot.bin starts user2.bin, its backup")),
               g_strdup_printf (_("0x1000, user1.bin's place, holds %s, but an SDK "
                                  "application is at 0x%X, user2.bin's place in the flash map "
                                  "boot.bin's header gives: boot.bin starts that one, as its "
                                  "settings choose or as its backup. It runs only if it is "
                                  "user2.bin: user1.bin and user2.bin are two builds, each "
                                  "for its own place."),
                                user1->description, user2->address),
               g_strdup (_("If the board does not start, write user1.bin at 0x1000 as well, "
                           "and watch its boot log at 74880 baud (kiln-cli monitor).")));
      return TRUE;
    }
  /* boot.bin finds no image at 0x1000 nor in the other slot and says
   * “backup boot failed” (logs 016 and 127); the image it wanted is where
   * a second file goes. */
  if (second != NULL && second->content == KILN_SURVEY_SDK_IMAGE)
    {
      verdict (s, "no-app-partition", KILN_BOOT_CONFIDENCE_HIGH,
               g_strdup (_("user1.bin is at 0x10000, not 0x1000")),
               g_strdup_printf (_("The image at 0x0 is a boot loader of %s, the SDK's "
                                  "boot.bin, which starts the application at 0x1000. But 0x1000 "
                                  "holds %s, and the SDK application (user1.bin) is at 0x10000, "
                                  "where a firmware's second file goes when it comes as "
                                  "0x00000.bin and 0x10000.bin. boot.bin finds nothing to start "
                                  "and stops (“backup boot failed”)."),
                                size, user1->description),
               g_strdup (_("Write user1.bin at 0x1000, with boot.bin at 0x0, and the PHY init "
                           "data and blank.bin where the flash map puts them.")));
      return TRUE;
    }
  verdict (s, "no-app-partition", KILN_BOOT_CONFIDENCE_MEDIUM,
           g_strdup (_("A boot loader with nothing to start")),
           g_strdup_printf (_("The image at 0x0 is only %s, the size of a boot loader "
                              "(the SDK's boot.bin, the Arduino core's eboot) rather than of a "
                              "firmware, and 0x1000, where such a loader finds the application, "
                              "holds %s. Nor is there an image at 0x2000, where rboot starts one, "
                              "or an SDK application where boot.bin's map puts user2.bin or at "
                              "0x10000. The SDK's boot.bin stops with “backup boot failed”."),
                            size, user1->description),
           g_strdup (_("Write the application: user1.bin at 0x1000 for the SDK's two-part "
                       "firmware, or for the rest (Arduino, MicroPython, NodeMCU) the "
                       "firmware's whole file at 0x0. If the image at 0x0 is a whole program "
                       "this small, nothing is missing.")));
  return TRUE;
}

void
kiln_survey_judge_esp8266 (KilnSurveyRun *s)
{
  const KilnSurveySpot *boot = spot_at (s, 0x0);
  const KilnSurveySpot *user1 = spot_at (s, SDK_USER1_OFFSET);

  if (boot->content == KILN_SURVEY_IMAGE)
    {
      if (judge_image (s, boot) || kiln_survey_judge_boot_image (s, 0x0, 0))
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
      else if (!loader_alone (s) || !judge_loader_alone (s))
        verdict (s, "none", KILN_BOOT_CONFIDENCE_HIGH, g_strdup (_("A boot image is in place")),
                 g_strdup (_("The image at 0x0, which the ROM starts, has a sound header for "
                             "this flash and reads back whole.")),
                 watch_log_fix ());
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
