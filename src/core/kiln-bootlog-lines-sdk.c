/* kiln-bootlog-lines-sdk.c: what the ESP8266 SDK's second stage prints.
 *
 * boot.bin's version, SPI speed, mode and flash map lines and its jump,
 * the NONOS SDK's parameter and partition-table errors, the RF
 * calibration check, the Arduino core's eboot and rBoot.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-lines-private.h"

/* ---- the ESP8266 SDK's second stage ------------------------------------ */

static void
second_stage (KilnBootlogDecoder *self)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  if (boot != NULL)
    boot->second_stage = TRUE;
}

static void
fill_sdk_boot_version (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  second_stage (self);
  event->name = g_strdup (kiln_bootlog_group (groups, 1));
  event->detail = g_strdup (kiln_bootlog_group (groups, 2));
  event->explanation = g_strdup_printf (_("The SDK's second-stage bootloader boot.bin, version "
                                          "%s, is running."),
                                        event->name);
}

static void
fill_sdk_spi_speed (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  second_stage (self);
  event->name = g_strdup (kiln_bootlog_group (groups, 1));
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->explanation = g_strdup_printf (_("The header at 0x0 sets the flash clock to %s."),
                                        event->name);
}

static void
fill_sdk_spi_mode (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  second_stage (self);
  event->name = g_ascii_strup (kiln_bootlog_group (groups, 1), -1);
  kiln_bootlog_note_header_mode (boot, event->name);
  event->explanation = g_strdup_printf (_("The header at 0x0 sets flash mode %s."), event->name);
}

static void
fill_sdk_flash_map (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  guint mbit = (guint) MIN (kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1)), 4096);
  guint slot = (guint) MIN (kiln_bootlog_parse_num (kiln_bootlog_group (groups, 2)), 65536);
  const KilnFlashMap *map = kiln_bootlog_flash_map_by_layout (mbit, slot);

  second_stage (self);
  event->values[0] = mbit;
  event->values[1] = slot;
  if (mbit > 0)
    kiln_bootlog_note_header_flash (self, mbit * 128, event);
  event->values[2] = map != NULL ? map->map : G_MAXUINT64;
  if (map != NULL)
    {
      g_autofree char *what = kiln_bootlog_flash_map_describe (map->map);
      self->header_map = (gint) map->map;
      event->name = g_strdup (map->esptool_name);
      event->explanation = g_strdup_printf (_("The header at 0x0 says flash map %u: %s."),
                                            map->map, what);
    }
  else
    event->explanation = g_strdup_printf (_("The header at 0x0 says %u Mbit of flash."), mbit);
}

/* boot.bin before 1.4 gives the header's size alone ("SPI Flash Size :
 * 32Mbit"): no slot size, so no map. */
static void
fill_sdk_flash_size (KilnBootlogDecoder  *self,
                     KilnBootEvent       *event,
                     char               **groups)
{
  guint mbit = (guint) MIN (kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1)), 4096);

  second_stage (self);
  event->values[0] = mbit;
  event->values[2] = G_MAXUINT64;
  if (mbit > 0)
    kiln_bootlog_note_header_flash (self, mbit * 128, event);
  event->explanation = g_strdup_printf (_("The header at 0x0 says %u Mbit of flash."), mbit);
}

static void
fill_sdk_jump (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  second_stage (self);
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
  if (*kiln_bootlog_group (groups, 1) == '\0')
    event->explanation = g_strdup_printf (_("boot.bin starts the firmware at flash offset 0x%x."),
                                          (guint) event->values[1]);
  else
    event->explanation = g_strdup_printf (_("boot.bin starts the firmware in slot user%u at "
                                            "flash offset 0x%x."),
                                          (guint) event->values[0], (guint) event->values[1]);
}

static void
fill_map_mismatch (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  g_autofree char *built = NULL;
  g_autofree char *header = NULL;

  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 2));
  self->header_map = (gint) MIN (event->values[1], 15);
  built = kiln_bootlog_flash_map_describe ((gint64) MIN (event->values[0], 255));
  header = kiln_bootlog_flash_map_describe ((gint64) MIN (event->values[1], 255));
  event->explanation = g_strdup_printf (_("The firmware was built for flash map %u (%s), but the "
                                          "header at 0x0 says map %u (%s)."),
                                        (guint) MIN (event->values[0], 255), built,
                                        (guint) MIN (event->values[1], 255), header);
}

/* "need boot 1.4+": the NONOS SDK checks the version of the boot loader
 * that started it, and stops. */
static void
fill_need_boot (KilnBootlogDecoder  *self,
                KilnBootEvent       *event,
                char               **groups)
{
  event->values[1] = 1;
}

/* Older SDKs: "system param error, use last saved param!" */
static void
fill_system_param_old (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  event->values[0] = 1;
}

/* The rows of bytes the older SDKs print after "system param error": what
 * they read from their system parameter sectors.  Erased flash (0xFF) is
 * a first start after an erase; other bytes are no parameters at all (the
 * firmware's own code, its file system): the sectors are not where the
 * flash size setting put them.  A row of bytes anywhere else is not
 * this, and stays unread. */
static void
fill_param_dump (KilnBootlogDecoder  *self,
                 KilnBootEvent       *event,
                 char               **groups)
{
  KilnBootEvent *param = self->last[KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR];
  g_autofree char *row = g_strdup (kiln_bootlog_group (groups, 0));
  g_auto(GStrv) bytes = NULL;

  if (param == NULL || param->values[0] != 1)
    {
      event->kind = KILN_BOOT_EVENT_TEXT;
      event->family = KILN_BOOT_FAMILY_UNKNOWN;
      return;
    }
  event->values[0] = 1;
  bytes = g_strsplit (g_strstrip (row), " ", -1);
  for (guint i = 0; bytes[i] != NULL; i++)
    if (*bytes[i] != '\0' && g_ascii_strcasecmp (bytes[i], "ff") != 0)
      self->param_dump_data = TRUE;
  event->explanation = g_strdup (_("What the SDK read from its system parameter sectors: bytes "
                                   "other than FF are not parameters, but other data where the "
                                   "flash size setting puts them."));
}

/* rBoot, another second stage for the ESP8266 ("rBoot v1.4.0 - …",
 * "Flash Mode:   DIO", "Flash Size:   32 Mbit", "Flash Speed:  40 MHz",
 * "rBoot Option: Big flash", "Booting rom 0."): it reports the header at
 * 0x0 and the options it was built with. */
static void
fill_rboot (KilnBootlogDecoder  *self,
            KilnBootEvent       *event,
            char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);
  const char *mode = kiln_bootlog_group (groups, 2);

  second_stage (self);
  if (*kiln_bootlog_group (groups, 1) != '\0')
    {
      event->kind = KILN_BOOT_EVENT_SDK_BOOT_VERSION;
      event->name = g_strdup_printf ("rBoot %s", kiln_bootlog_group (groups, 1));
      event->explanation = g_strdup_printf (_("The second-stage bootloader rBoot, version %s, is "
                                              "running."),
                                            kiln_bootlog_group (groups, 1));
    }
  else if (*kiln_bootlog_group (groups, 4) != '\0')
    {
      guint mbit = (guint) MIN (kiln_bootlog_parse_num (kiln_bootlog_group (groups, 4)), 4096);

      event->kind = KILN_BOOT_EVENT_SDK_FLASH_MAP;
      event->values[0] = mbit;
      event->values[2] = G_MAXUINT64;
      if (mbit > 0)
        kiln_bootlog_note_header_flash (self, mbit * 128, event);
      event->explanation = g_strdup_printf (_("The header at 0x0 says %u Mbit of flash."), mbit);
    }
  else if (*kiln_bootlog_group (groups, 5) != '\0')
    {
      event->kind = KILN_BOOT_EVENT_SDK_SPI_SPEED;
      event->name = g_strdup (kiln_bootlog_group (groups, 5));
      event->values[0] = kiln_bootlog_parse_num (event->name);
      event->explanation = g_strdup_printf (_("The header at 0x0 sets the flash clock to %s."),
                                            event->name);
    }
  else if (*kiln_bootlog_group (groups, 6) != '\0')
    {
      event->kind = KILN_BOOT_EVENT_SDK_BOOT_VERSION;
      event->name = g_strdup (kiln_bootlog_group (groups, 6));
      event->explanation = g_strdup_printf (_("rBoot was built with its option “%s”."),
                                            event->name);
    }
  else if (*mode != '\0')
    {
      event->kind = KILN_BOOT_EVENT_SDK_SPI_MODE;
      event->name = g_ascii_strup (mode, -1);
      kiln_bootlog_note_header_mode (boot, event->name);
      event->explanation = g_strdup_printf (_("rBoot reads the flash in mode %s."), event->name);
    }
  else
    {
      event->kind = KILN_BOOT_EVENT_SDK_JUMP;
      event->values[0] = g_ascii_strtoull (kiln_bootlog_group (groups, 3), NULL, 10);
      event->explanation = g_strdup_printf (_("rBoot starts the firmware in ROM slot %u."),
                                            (guint) MIN (event->values[0], 99));
    }
}

/* The lines after "SHA-256 comparison failed:": the two hashes, and that
 * the ROM goes on. */
static void
fill_hash_detail (KilnBootlogDecoder  *self,
                  KilnBootEvent       *event,
                  char               **groups)
{
  const char *which = kiln_bootlog_group (groups, 1);
  const char *hash = kiln_bootlog_group (groups, 2);

  if (g_ascii_strcasecmp (which, "Calculated") == 0)
    event->explanation = g_strdup (_("The hash the ROM computed over the image it read."));
  else if (g_ascii_strcasecmp (which, "Expected") == 0)
    event->explanation = strspn (hash, "fF") == strlen (hash)
                         ? g_strdup (_("The hash stored after the image: erased flash, so no "
                                       "hash was written there."))
                         : g_strdup (_("The hash stored after the image, as it was written."));
  else
    event->explanation = g_strdup (_("Without secure boot a wrong hash is only a warning: the "
                                     "ROM goes on with the image."));
}

static void
fill_eboot (KilnBootlogDecoder  *self,
            KilnBootEvent       *event,
            char               **groups)
{
  second_stage (self);
  event->name = g_strdup ("eboot");
  if (g_str_equal (event->text, "~ld"))
    event->explanation = g_strdup (_("The Arduino core's eboot loader has copied the sketch and "
                                     "starts it."));
  else
    event->explanation = g_strdup (_("The version of the Arduino core's eboot loader."));
}

static void
fill_rf_cal (KilnBootlogDecoder  *self,
             KilnBootEvent       *event,
             char               **groups)
{
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
  if (event->values[1] == 0xff)
    event->explanation = g_strdup_printf (_("The RF init data should start with 0x%02X but reads "
                                            "0x%02X: esp_init_data_default.bin is missing."),
                                          (guint) event->values[0], (guint) event->values[1]);
  else
    event->explanation = g_strdup_printf (_("The RF init data should start with 0x%02X but reads "
                                            "0x%02X: the sector holds something else, left by "
                                            "another firmware or not where the flash size setting "
                                            "puts the init data."),
                                          (guint) event->values[0], (guint) event->values[1]);
}

/* "p 100 size 0xfdff0 ,0x2000 err": the SDK 3 refused this entry of the
 * partition table the firmware registers (its type, size and address).
 * Types from 100 up are the firmware's own; below are the SDK's (RF
 * calibration, PHY data, system parameters and the like). */
static void
fill_partition_entry (KilnBootlogDecoder  *self,
                      KilnBootEvent       *event,
                      char               **groups)
{
  event->name = g_strdup ("entry");
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
  event->values[2] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 3));
  event->explanation = g_strdup_printf (_("The SDK refused an entry of the firmware's partition "
                                          "table: type %u, 0x%X bytes at 0x%X."),
                                        (guint) event->values[0], (guint) event->values[1],
                                        (guint) event->values[2]);
}

/* ---- the patterns ------------------------------------------------------ */

#define X KILN_BOOTLOG_HEX
#define CI G_REGEX_CASELESS
/* After the ROM's rows, before the firmware's. */
const KilnBootlogPattern kiln_bootlog_sdk_patterns[] = {
  { KILN_BOOT_EVENT_SDK_BOOT_VERSION,
    "2nd boot version\\s*:\\s*([0-9.]+)(?:\\s*\\(\\s*(\\w+)\\s*\\))?", CI, fill_sdk_boot_version,
    .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_SDK_SPI_SPEED, "SPI Speed\\s*:\\s*(\\d+(?:\\.\\d+)?\\s*MHz)", CI,
    fill_sdk_spi_speed,
    .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_SDK_SPI_MODE, "SPI Mode\\s*:\\s*(QIO|QOUT|DIO|DOUT)", CI, fill_sdk_spi_mode,
    .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_SDK_FLASH_MAP, "SPI Flash Size\\s*&\\s*Map\\s*:\\s*(\\d+)\\s*Mbit"
    "(?:\\s*\\(\\s*(\\d+)\\s*KB\\s*\\+\\s*\\d+\\s*KB\\s*\\))?", CI, fill_sdk_flash_map,
    .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_SDK_FLASH_MAP, "SPI Flash Size\\s*:\\s*(\\d+)\\s*Mbit\\s*$", CI,
    fill_sdk_flash_size, .family = KILN_BOOT_FAMILY_ESP8266 },
  /* Some builds of boot.bin leave the slot out ("jump to run @ 10000"). */
  { KILN_BOOT_EVENT_SDK_JUMP, "jump to run(?: user\\s*(\\d))?\\s*@\\s*(?:0x)?(" X "+)", CI,
    fill_sdk_jump,
    .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_MAP_MISMATCH, "mismatch map\\s*(\\d+)\\s*,\\s*spi_size_map\\s*(\\d+)", CI,
    fill_map_mismatch,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_ERROR },
  { KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, "system param partition error", CI,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_ERROR,
    .explanation = N_("The SDK could not find room for its system parameter partition in the "
                      "flash layout.") },
  { KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, "system param error", CI, fill_system_param_old,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_WARNING,
    .explanation = N_("The SDK found its system parameter sectors invalid (erased, or not where "
                      "the flash size setting puts them) and goes on with defaults.") },
  { KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, "^(?:[0-9a-fA-F]{2} ){7,}[0-9a-fA-F]{2}\\s*$", 0,
    fill_param_dump, .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, "^need boot 1\\.\\d+\\+?", CI, fill_need_boot,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_ERROR,
    .explanation = N_("The SDK stops: the boot loader that started it is older than it needs, or "
                      "the boot information it finds was left by another firmware.") },
  { KILN_BOOT_EVENT_EBOOT, "^(?:v[0-9a-f]{8}|~ld)$", 0, fill_eboot,
    .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_SDK_BOOT_VERSION,
    "^(?:rBoot v([0-9.]+)|Flash Mode\\s*:\\s*(QIO|QOUT|DIO|DOUT)|Booting rom (\\d+)"
    "|Flash Size\\s*:\\s*(\\d+)\\s*Mbit\\s*$|Flash Speed\\s*:\\s*(\\d+(?:\\.\\d+)?\\s*MHz)\\s*$"
    "|rBoot Option\\s*:\\s*(\\S.*?)\\s*$)", CI,
    fill_rboot,
    .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_HASH_MISMATCH, "SHA-256 comparison failed", CI,
    .severity = KILN_BOOT_SEVERITY_WARNING,
    .explanation = N_("The SHA-256 hash appended to the image does not match it; the ROM boots "
                      "it anyway. Flashers that patch the header without updating the hash, or a "
                      "hash area left erased, cause this.") },
  { KILN_BOOT_EVENT_HASH_MISMATCH,
    "^(?:(Calculated|Expected)\\s*:\\s*(" X "{64})|Attempting to boot anyway)\\.*\\s*$", CI,
    fill_hash_detail },
  { KILN_BOOT_EVENT_PARTITION_TABLE_FAIL, "^p (\\d+) size 0x(" X "+)\\s*,\\s*0x(" X "+) err\\s*$", CI,
    fill_partition_entry,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_ERROR },
  { KILN_BOOT_EVENT_PARTITION_TABLE_FAIL, "system_partition_table_regist:? fail", CI,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_ERROR,
    .explanation = N_("The SDK rejected the firmware's partition table and stops.") },
  { KILN_BOOT_EVENT_PARTITION_TABLE_OK, "system_partition_table_regist\\s*\\d*\\s*success", CI,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_INFO,
    .explanation = N_("The SDK took the firmware's partition table and goes on.") },
  { KILN_BOOT_EVENT_RF_CAL_ERROR, "rf_cal\\[0\\]\\s*!=\\s*0x(" X "+)\\s*,\\s*is\\s*0x(" X "+)", CI,
    fill_rf_cal,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_ERROR },
};
#undef X
#undef CI

const guint kiln_bootlog_sdk_patterns_count = G_N_ELEMENTS (kiln_bootlog_sdk_patterns);
