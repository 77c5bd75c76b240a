/* kiln-layout.h: the regions to write and the rules they must follow;
 * the ESP8266 flash maps.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kiln-chip.h"

G_BEGIN_DECLS

#define KILN_SECTOR_SIZE 0x1000u

/**
 * KilnRegion:
 * @address: flash offset
 * @data: the bytes to write
 * @name: what to call it in messages: the file's basename, or a label
 * @path: (nullable): the file it came from
 */
/**
 * KilnRegion:
 * @address: where the data goes
 * @data: what is written
 * @name: for messages (the file's base name)
 * @path: (nullable): the file it came from
 * @chip: (nullable): the chip this region is for ("esp32c3"), as in a
 *   manifest with builds for several chips; %NULL means any.  A job writes
 *   only the regions of the chip it detects.
 */
typedef struct
{
  guint32  address;
  GBytes  *data;
  char    *name;
  char    *path;
  char    *chip;
} KilnRegion;

KilnRegion *kiln_region_new           (guint32      address,
                                       GBytes      *data,
                                       const char  *name);
KilnRegion *kiln_region_new_from_file (guint32      address,
                                       const char  *path,
                                       GError     **error);
KilnRegion *kiln_region_copy          (const KilnRegion *region);
void        kiln_region_free          (KilnRegion  *region);
guint32     kiln_region_end           (const KilnRegion *region);  /* one past the last byte */
/* TRUE when @region is for @chip (or for any chip). */
gboolean    kiln_region_is_for_chip   (const KilnRegion   *region,
                                       const KilnChipInfo *chip);
/* The distinct chip names of tagged regions, sorted; empty when none is
 * tagged.  (transfer full) */
GStrv       kiln_regions_chips        (GPtrArray        *regions);

typedef enum
{
  KILN_LAYOUT_PROBLEM_NONE,
  KILN_LAYOUT_PROBLEM_EMPTY,
  KILN_LAYOUT_PROBLEM_OVERLAP,
  KILN_LAYOUT_PROBLEM_BOUNDS,
  KILN_LAYOUT_PROBLEM_TOO_LARGE,
  KILN_LAYOUT_PROBLEM_MISALIGNED,
} KilnLayoutProblemKind;

/**
 * KilnLayoutProblem:
 * @index: the region at fault
 * @other: the other region for an overlap, else -1
 * @message: one translated sentence saying what is wrong and what to do
 */
typedef struct
{
  KilnLayoutProblemKind kind;
  gint                  index;
  gint                  other;
  char                 *message;
} KilnLayoutProblem;

void       kiln_layout_problem_free (KilnLayoutProblem *problem);

typedef enum
{
  KILN_LAYOUT_ALLOW_UNALIGNED = 1 << 0,  /* the writer preserves the rest of the sector */
} KilnLayoutFlags;

/* @flash_size 0 = unknown (skip the bounds rules).  Returns every problem,
 * for the GUI to show inline: (element-type KilnLayoutProblem). */
GPtrArray *kiln_layout_problems (GPtrArray       *regions,
                                 guint32          flash_size,
                                 KilnLayoutFlags  flags);
/* The first problem as a KILN_ERROR (REGION_OVERLAP, REGION_BOUNDS,
 * REGION_ALIGN or FILE). */
gboolean   kiln_layout_check    (GPtrArray       *regions,
                                 guint32          flash_size,
                                 KilnLayoutFlags  flags,
                                 GError         **error);
/* Regions sorted by address (the ESP8266 ROM over-erases: write upwards). */
void       kiln_layout_sort     (GPtrArray       *regions);

/**
 * KilnFileRow:
 * @enabled: write it (rows may be kept disabled as alternatives)
 * @path: the file, absolute
 * @address: where it goes
 * @note: (nullable): what the file is for ("PHY init data"), for people
 * @chip: (nullable): the chip the row is for, when an import holds builds
 *   for several chips ("esp32c3", kiln_chip_by_name() spelling); %NULL = any
 *
 * One row of the file table: what a project, an import or the AT helper
 * hands to the GUI and the job.
 */
typedef struct
{
  gboolean enabled;
  char    *path;
  guint32  address;
  char    *note;
  char    *chip;
} KilnFileRow;

KilnFileRow *kiln_file_row_new  (gboolean           enabled,
                                 const char        *path,
                                 guint32            address,
                                 const char        *note);
KilnFileRow *kiln_file_row_copy (const KilnFileRow *row);
void         kiln_file_row_free (KilnFileRow       *row);

/**
 * KilnFlashMap:
 * @map: the NONOS SDK's SPI_SIZE_MAP, which is also the size code in the
 *   boot loader header (byte 3, high nibble)
 * @name: the Download Tool's name, "16Mbit-C1"
 * @esptool_name: the chip table's (esptool's) name, "2MB-c1"
 * @flash_size: bytes the map uses (the chip may be larger)
 * @slot_size: one OTA app slot (user1/user2); 0 = no OTA layout
 * @user1_address: 0x1000, or 0 without OTA
 * @user2_address: 0 = none
 * @rf_cal_address: the RF calibration sector (the SDK writes it)
 * @init_data_address: esp_init_data_default.bin
 * @system_param_address: start of the 3 system parameter sectors
 * @blank_address: blank.bin for the system parameters
 * @at_blank_address: blank.bin for the AT firmware's own parameters, 0 when
 *   Espressif documents none for this map
 * @boot_minor: the boot_v1.N the layout needs (N), 0 = no boot.bin
 * @derived: the end-of-flash addresses are computed from the SDK's rule,
 *   not read in an Espressif document (maps 1, 8, 9)
 *
 * The NONOS SDK flash maps (protocol-facts.md §11).
 */
typedef struct
{
  guint       map;
  const char *name;
  const char *esptool_name;
  guint32     flash_size;
  guint32     slot_size;
  guint32     user1_address;
  guint32     user2_address;
  guint32     rf_cal_address;
  guint32     init_data_address;
  guint32     system_param_address;
  guint32     blank_address;
  guint32     at_blank_address;
  guint       boot_minor;
  gboolean    derived;
} KilnFlashMap;

/* All maps in order of flash size (NULL-name terminated). */
const KilnFlashMap *kiln_flash_maps       (void);
const KilnFlashMap *kiln_flash_map_get    (guint        map);
/* "16Mbit-C1", "2MB-c1", and the old esptool megabit spellings ("32m-c1",
 * "4m"); case does not matter. */
const KilnFlashMap *kiln_flash_map_lookup (const char  *name);

/**
 * KilnFirmwareName:
 * @app: 1 (user1) or 2 (user2)
 * @name_kb: the number in the name ("2048")
 * @built_map: the flash map the SDK built it for (the last number)
 * @compatible_maps: bit n is set when map n has the same app slots;
 *   firmware before NONOS SDK 3.0 runs on any of them, later firmware
 *   checks the map and needs exactly @built_map
 *
 * What a NONOS/AT build name user<app>.<kb>.<new|old>.<map>.bin says.
 */
typedef struct
{
  guint app;
  guint name_kb;
  guint built_map;
  guint compatible_maps;
} KilnFirmwareName;

gboolean kiln_flash_map_parse_firmware_name (const char         *filename,
                                             KilnFirmwareName   *out);
/* NULL when @filename (a user1/user2 build name) suits @map; otherwise
 * a translated warning naming the map to choose. */
char    *kiln_flash_map_firmware_warning    (const KilnFlashMap *map,
                                             const char         *filename);

/* The rows Espressif's AT README prescribes for @map (§11.2 "Complete AT
 * download lists"), from a NONOS AT release @folder (the release root or
 * its bin/): boot_v1.x.bin at 0x0, user1 from at/ (not at_sdio/) at 0x1000,
 * esp_init_data_default at the map's init address, blank.bin at the AT
 * and system parameter addresses.  @warnings (element-type utf8) receives
 * the map mismatch (seed 000's "mismatch map 5,spi_size_map 6") and an
 * old boot loader.  (element-type KilnFileRow), sorted by address. */
GPtrArray *kiln_layout_at_release_rows (const char          *folder,
                                        const KilnFlashMap  *map,
                                        GPtrArray          **warnings,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnRegion, kiln_region_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnFileRow, kiln_file_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnLayoutProblem, kiln_layout_problem_free)

G_END_DECLS
