/* kiln-bootlog-messages.c: what running firmware prints, for the
 * boot-log decoder.
 *
 * The ROMs' and second stages' lines have fixed forms (kiln-bootlog-lines-*.c);
 * the firmware's messages are sentences that come bare, inside an ESP-IDF
 * log line ("E (42) flash_parts: …") or an Arduino one, and say something
 * specific: a partition table error, a flash smaller than the image
 * header, a task watchdog, NVS that cannot be used.  One table of them,
 * ordered from specific to general, and what each becomes as an event.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-private.h"

/* A firmware message: the event kind it becomes, a short name of what it
 * is about (kept in #KilnBootEvent.name for bare lines), where the kind's
 * explanation is not enough its own (N_()), and whether only a line of its
 * own has this form (not the message of a leveled log line, which another
 * firmware prints in the same words). */
typedef struct
{
  KilnBootEventKind kind;
  const char       *regex;
  const char       *what;
  const char       *why;
  gboolean          bare_only;
} Message;

/* The name of the ESP8266 SDK's Wi-Fi lines, see
 * kiln_bootlog_messages_sdk_wifi(). */
#define SDK_WIFI "ESP8266 Wi-Fi"

static const Message messages[] = {
  /* Error-looking lines that mean nothing is wrong: first, so that no
   * other pattern takes them. */
  { KILN_BOOT_EVENT_HARMLESS,
    "No core dump partition found|Core dump flash config is corrupted|Core dump data check failed|"
    "Incorrect size of core dump image", "core dump",
    N_("The firmware looks for a saved crash report (core dump) and finds none, or an empty one, "
       "as after a fresh write or an erase. Harmless.") },
  /* ESP-IDF's OTA calls in a firmware whose partition table has no
   * otadata partition (built without OTA slots). */
  { KILN_BOOT_EVENT_HARMLESS, "(?:esp_ota_ops: )?not found otadata", "OTA data",
    N_("The firmware asked which OTA slot it runs from, and its partition table has no OTA data "
       "partition: it was built without OTA slots. Harmless, unless it is meant to update "
       "itself over the air.") },
  /* ESP-IDF's bootloader with a partition table of OTA slots and no
   * factory slot, as most OTA builds have. */
  { KILN_BOOT_EVENT_HARMLESS, "No factory image, trying OTA \\d", "no factory slot",
    N_("The partition table has no factory application slot, as in most builds with OTA "
       "updates, so the bootloader starts the OTA slots. Harmless when an application then "
       "loads.") },
  /* A bootloader built to run on one core, as Zephyr's, NuttX's and
   * single-core ESP-IDF builds' are: ESP-IDF prints it as a warning. */
  { KILN_BOOT_EVENT_HARMLESS, "^Unicore bootloader\\s*$", "single-core bootloader",
    N_("The bootloader was built to run on one CPU core, as the bootloaders of Zephyr, NuttX "
       "and single-core builds are. Harmless.") },
  /* ESP-IDF's GPIO driver when a second part of the firmware (an audio
   * board's buttons, a codec driver) installs the interrupt service that
   * an earlier one installed: the call returns ESP_ERR_INVALID_STATE and
   * the service keeps running.  Espressif's audio examples print it on
   * every normal run. */
  { KILN_BOOT_EVENT_HARMLESS, "GPIO isr service already installed", "GPIO interrupts",
    N_("A second part of the firmware asked for the GPIO interrupt service, which an earlier "
       "part had started; it goes on serving both. Harmless.") },
  /* ESP-ADF stopping an audio pipeline whose elements ended on their own
   * (the stream ran out), as its examples do when they finish: its
   * AUDIO_ELEMENT component names the element in brackets. */
  { KILN_BOOT_EVENT_HARMLESS, "^\\[[^]\\s]+\\] Element already stopped\\s*$", "audio pipeline",
    N_("The audio framework was asked to stop an element of its pipeline that had already "
       "stopped, as when a stream ends before the pipeline is closed. Harmless.") },
  { KILN_BOOT_EVENT_HARMLESS,
    "failed to load RF calibration data|saving new calibration data because of checksum failure",
    "RF calibration",
    N_("No saved radio calibration yet, as after a fresh write or an erase: the firmware "
       "calibrates anew and keeps the result. Harmless.") },
  /* The firmware's file system.  Its partition missing from the table:
   * ESP-IDF's SPIFFS ("spiffs partition could not be found"), the LittleFS
   * component ('partition "spiffs" could not be found') and the FAT one
   * ("Failed to find FATFS partition"). */
  { KILN_BOOT_EVENT_FILESYSTEM,
    "^spiffs partition could not be found|^partition \"[^\"]*\" could not be found|"
    "^Failed to find FATFS partition|"
    /* The Arduino core's FAT ("FFat"). */
    "No FAT partition found with label|^No fat partition found on flash", "file system partition",
    N_("The firmware looked for its file system's partition and the partition table has "
       "none.") },
  /* The ESP8266 HomeKit libraries formatting the sector where they keep
   * their pairings ("Formatting HomeKit storage at 0x3fb000"), and the
   * flash refusing to erase it: it lies past the end of the flash.  Their
   * lines are matched with their "HomeKit: " (another firmware's "Failed
   * to erase flash" is not this). */
  { KILN_BOOT_EVENT_FILESYSTEM, "^HomeKit: Failed to erase (?:HomeKit storage|flash)\\s*$",
    "storage erase failure",
    N_("The flash would not erase the sector where the HomeKit library keeps its pairings: it "
       "lies past the end of the flash, where a build for a larger flash puts it.") },
  /* A format that failed: an empty partition formats, one that is not
   * there or lies past the end of the flash does not.  (Not an SD
   * card's.)  Before the format below, whose words it shares. */
  { KILN_BOOT_EVENT_FILESYSTEM,
    "(?i:^\\W*(?!.*\\b(?:card|sd)\\b)format+ing\\b[^!.]*?\\bfail)|^Format failed\\b",
    "file system format failure",
    N_("The firmware could not format its file system: its partition is not there, or lies "
       "(in part) past the end of the flash.") },
  /* The firmware formatting it, as it does on its first start when told
   * to: ESP-IDF's SPIFFS warns "mount failed, -10025. formatting...";
   * sketches say so in their own words.  Before the failed mounts below,
   * which these lines also name. */
  { KILN_BOOT_EVENT_FILESYSTEM,
    "^mount failed, -?\\d+\\. formatting|"
    "(?i:^\\W*format+ing\\b.*(?:spiffs|littlefs|fatfs|file ?system|\\bfs\\b))|"
    "(?i:^\\W*(?:spiffs|littlefs|fatfs|file ?system|fs)\\b.*\\bformat+ing\\b)|"
    /* (Also misspelt, and "mounted … after formatting".) */
    "(?i:\\bmounted\\b.*\\bafter format+ing\\b|(?:mount failed|failed to mount)\\b.*->\\s*format+ing\\b)|"
    "^Format took",
    "file system format",
    N_("The firmware formats its file system, as it does on its first start when it finds "
       "none.") },
  /* A mount that failed: ESP-IDF's SPIFFS ("mount failed, -10025", its
   * error code for "not a file system"), the Arduino core's file systems
   * ("Mounting SPIFFS failed! Error: -1") and the words of the examples
   * most sketches start from ("SPIFFS Mount Failed", "An Error has
   * occurred while mounting SPIFFS", "Failed to mount file system"). */
  { KILN_BOOT_EVENT_FILESYSTEM,
    "^mount failed,\\s*\\(?-?\\d+\\)?\\s*$|"
    /* The LittleFS component's, and LittleFS's own words for a partition
     * that holds no LittleFS (blank, or another kind). */
    "^Failed to initialize LittleFS|Corrupted dir pair at \\{0x0, 0x1\\}|"
    /* The Arduino core's, on a file opened in a file system not mounted. */
    "^(?:open\\(\\): )?File system is not mounted|"
    "Mounting (?:SPIFFS|LittleFS|LITTLEFS|FFat partition) failed! Error: -?\\d+|"
    "^(?:SPIFFS|LittleFS|LITTLEFS|FFat|FFAT|FS) Mount Failed\\b|"
    "An [Ee]rror has occurred while mounting (?:SPIFFS|LittleFS|LITTLEFS)|"
    /* (Not an SD card's: ESP-IDF's SD card example says "Failed to mount
     * filesystem. If you want the card to be formatted…".) */
    "^[Ff]ailed to mount (?:file ?system|FS)\\b(?!.*\\b(?:card|SD)\\b)", "file system",
    N_("The firmware could not mount its file system (SPIFFS, LittleFS or FAT): nothing was "
       "written to its partition yet, or it holds another kind or another layout.") },
  /* A file the firmware looked for in its file system and did not find:
   * the Arduino core's words, and the usual ones for a path under the
   * mount points of the Arduino core's and ESP-IDF's examples.  Firmware
   * that serves pages or reads settings from files needs them written;
   * firmware that looks for optional files says it on every start. */
  { KILN_BOOT_EVENT_FILESYSTEM,
    "^(?:open\\(\\): )?/\\S+ does not exist, no permits for creation|"
    "(?i:(?:failed to|cannot|could not|can't|unable to) (?:open|stat|read|find) (?:the )?file:? "
    "/(?:spiffs|littlefs|ffat)/)", "file system file",
    N_("A file the firmware looked for is not in its file system.") },
  /* A file the firmware could not open or create, in the words sketches
   * use ("Failed to open config file", "Failed to open wifi file for
   * writing", "File open failed!", "Opening log file error!").  (Not on
   * an SD card.) */
  { KILN_BOOT_EVENT_FILESYSTEM,
    "(?i:^(?!.*\\b(?:card|sd|sdcard)\\b)\\W*(?:\\[[^\\]]*\\]\\s*)?(?:failed to open\\b.*\\bfile\\b|file open failed\\b|"
    "(?:\\S+\\(\\)\\s+)?open(?:ing)?\\s+(?:the\\s+)?(?:\\w+\\s+)?file\\s+error\\b))", "file system open",
    N_("The firmware could not open or create a file in its file system.") },
  /* MicroPython's start-up reading its file system's blocks from the
   * flash (flashbdev.py) and failing: the blocks lie past the end of
   * this module's flash. */
  { KILN_BOOT_EVENT_FILESYSTEM, "File \"flashbdev\\.py\", line \\d+, in readblocks",
    "MicroPython flash",
    N_("MicroPython could not read its file system's blocks from the flash as it started.") },
  /* No NVS partition in the table at all ("nvs_flash_init failed:
   * ESP_ERR_NVS_PART_NOT_FOUND"): not data NVS cannot use, so before
   * those. */
  { KILN_BOOT_EVENT_PARTITION_MISSING, "ESP_ERR_NVS_PART_NOT_FOUND", "partition" },
  /* NVS that nvs_flash_init() cannot use, whether the firmware logs it or
   * an ESP_ERROR_CHECK stops on it; or an assertion in the NVS library's
   * own code ("…/nvs_flash/src/nvs_item_hash_list.cpp", "nvs::HashList";
   * newer ESP-IDF names only the file, "nvs_page.cpp:123"), which checks
   * the data it reads from the partition. */
  { KILN_BOOT_EVENT_NVS_ERROR,
    "(?:ESP_ERROR_CHECK failed.*?)?ESP_ERR_NVS_(?:NO_FREE_PAGES|NEW_VERSION_FOUND)|"
    "nvs_flash_init failed|"
    "assert(?:ion)?\\b.*?\\bfailed\\b.*?(?:nvs_flash/src/|\\bnvs::|\\bnvs_\\w+\\.cpp\\b)|"
    /* The codes of those two (0x1100 + 0x0d, + 0x10), for builds that
     * print no names. */
    "ESP_ERROR_CHECK failed\\s*:\\s*esp_err_t\\s+0x0*11(?:0[dD]|10)\\b", "NVS" },
  /* NVS encryption: the NVS keys partition holds something that is not a
   * key set (ESP_ERR_NVS_CORRUPT_KEY_PART, 0x1117), left from before or
   * written in plain text on a chip that encrypts its flash. */
  { KILN_BOOT_EVENT_NVS_ERROR,
    "ESP_ERR_NVS_CORRUPT_KEY_PART|ESP_ERROR_CHECK failed\\s*:\\s*esp_err_t\\s+0x0*1117\\b",
    "NVS keys" },
  /* Also typed by hand, in lower case. */
  { KILN_BOOT_EVENT_BROWNOUT, "[Bb]rownout detector was triggered", "brownout" },
  /* ESP-IDF measures the crystal against its internal oscillator at
   * start-up and warns when it is not the one the build assumes. */
  { KILN_BOOT_EVENT_CRYSTAL,
    "invalid CONFIG_\\w*XTAL_FREQ setting\\s*\\(\\s*(\\d+)\\s*MHz\\s*\\)\\.?\\s*Detected\\s*"
    "(\\d+)\\s*MHz", "crystal" },
  /* esp-hal (Rust) checks that the second-stage bootloader set the clocks
   * up for the crystal it was built for, and panics with a question when
   * it did not ("Did you flash the right bootloader configured for 26MHz
   * xtal?"): a bootloader built for another crystal. */
  { KILN_BOOT_EVENT_CRYSTAL, "\\bbootloader configured for (\\d+)\\s*MHz xtal\\b", "bootloader crystal",
    NULL },
  /* The ESP-IDF bootloader on the reset before it. */
  { KILN_BOOT_EVENT_WDT_RESET, "(?:PRO |APP )?CPU(?:\\s*\\d)? has been reset by WDT",
    "watchdog reset",
    N_("The bootloader says the previous run ended because a watchdog reset the CPU.") },
  { KILN_BOOT_EVENT_WDT_RESET, "^WDT reset info\\s*:", "watchdog reset",
    N_("Where the CPU was when the watchdog reset it: an address in the firmware, for its "
       "developers.") },
  { KILN_BOOT_EVENT_FLASH_SIZE,
    "Detected size\\s*\\(\\s*(\\d+)\\s*k\\s*\\)\\s*(smaller|larger) than the size in the binary "
    "image header\\s*\\(\\s*(\\d+)\\s*k", "flash size" },
  /* ESP-IDF's check of the partition table against the flash size the
   * bootloader works with, the one its image header gives: the table and
   * the flash size setting do not belong together. */
  { KILN_BOOT_EVENT_FLASH_SIZE, "exceeds flash chip size(?:\\s+(0x[0-9a-fA-F]+))?",
    "partition past the flash end",
    N_("A partition reaches past the flash size the bootloader works with, the one its image "
       "header gives: the partition table and the flash size setting do not belong "
       "together.") },
  { KILN_BOOT_EVENT_PARTITION_ERROR,
    "partition \\d+ invalid magic number|Failed to verify partition table|load partition table "
    "error|partition table (?:is )?(?:invalid|corrupt)|No partition table|invalid partition "
    "table|partition table.*MD5|flash_parts:.*invalid", "partition table" },
  /* The application's OTA calls (esp_ota_ops) find OTA data that is not
   * blank, yet no entry of which passes its check: damaged, or kept in
   * its own format by another bootloader. */
  { KILN_BOOT_EVENT_OTA_ERROR,
    "^ota data invalid, no current app|^CRC mismatch for OTA slot \\d", "OTA data",
    N_("The application found the OTA data partition damaged: it is not blank, but its "
       "entries fail their check (or another bootloader keeps it in a format of its own).") },
  { KILN_BOOT_EVENT_OTA_ERROR,
    "^error magic!|backup boot failed|error user bin flag\\b|ota data partition invalid|otadata.*(?:invalid|error|corrupt)|OTA app partition slot \\d+ is "
    "not bootable|ota_data.*(?:invalid|error)|invalid ota|No bootable OTA|rollback", "OTA" },
  /* rBoot (ESP8266) checks the slot its boot configuration selects and,
   * finding no valid image there, starts another. */
  { KILN_BOOT_EVENT_OTA_ERROR, "^Rom \\d+ is bad\\.?$", "rBoot slot",
    N_("rBoot found no valid image in the ROM slot its boot configuration selects (never "
       "written, or damaged by an interrupted or failed update) and starts another slot.") },
  { KILN_BOOT_EVENT_NO_APP,
    "No bootable app partitions?|has invalid magic byte|nothing flashed here|Factory app "
    "partition is not bootable|No (?:factory|app) (?:image|partition)|app partition not found|"
    "^No good rom available",
    "no application" },
  /* MCUboot, the second-stage bootloader of Zephyr and NuttX builds, says
   * the same whether its primary slot is empty, holds its image at
   * another offset, or holds one it refuses (no MCUboot header, another
   * signing key). */
  { KILN_BOOT_EVENT_NO_APP, "^Unable to find bootable image", "MCUboot slot",
    N_("MCUboot found no application it can start in its slots: none was written there, it "
       "lies at another offset, or MCUboot refuses it (a plain binary without MCUboot's "
       "header, or one signed with another key).") },
  /* An image whose first segment loads into the bootloader's own RAM:
   * a bootloader, or a merged image that begins with one, in an
   * application slot.  An application's first segment is mapped from
   * flash, never loaded there. */
  { KILN_BOOT_EVENT_IMAGE_ERROR,
    "[Ss]egment 0 0x[0-9a-fA-F]+-0x[0-9a-fA-F]+ invalid: overlaps bootloader stack",
    "bootloader image",
    N_("The image's first segment loads into the bootloader's own memory: it is a bootloader "
       "(or a merged image that begins with one), not an application.") },
  { KILN_BOOT_EVENT_IMAGE_ERROR, "[Ss]egment \\d+ load address 0x[0-9a-fA-F]+, doesn't match data",
    "misplaced application",
    N_("A segment of the application does not line up with the 64 KiB flash pages it is "
       "mapped from: the application was written at another offset than its partition's.") },
  /* Segment headers that do not add up: unlike a checksum, Inspect Flash
   * tells this from the headers alone (kiln_flash_survey_tells_diagnosis()). */
  { KILN_BOOT_EVENT_IMAGE_ERROR, "invalid segment length", "application segment headers" },
  { KILN_BOOT_EVENT_IMAGE_ERROR,
    "Checksum failed\\. Calculated|Image hash failed|image is corrupt|"
    "Image length \\d+ doesn't fit in partition|[Ss]egment \\d+ .*(?:invalid|overlaps)|"
    "Failed to verify app image|esp_image:.*invalid", "corrupt application" },
  { KILN_BOOT_EVENT_CHIP_MISMATCH,
    "mismatch chip ID|requires chip rev|requires efuse blk rev|chip revision .*not supported|"
    "image has invalid chip ID|built for (?:a different|another) chip|Unexpected chip id|"
    "Invalid chip id\\. Expected|Bootloader for wrong chip|^wrong chip id 0x[0-9a-fA-F]+|"
    /* ESP-IDF 4's second stage (and MCUboot's port of it): "This chip is
     * revision 1 but the application is configured for minimum revision
     * 3. Can't run." */
    "configured for minimum revision|"
    /* NuttX's start-up on an ESP32 older than it supports: "ERROR: NuttX
     * supports ESP32 chip revision >= v3.0 (chip revision is v1.0)"; its
     * "WARNING:" form, built to run anyway, is not this. */
    "^ERROR:.*\\bsupports (?:\\S+ )?chip revision >=",
    "another chip" },
  /* ESP-IDF's start-up on a single-core ESP32 (ESP32-S0WD, -U4WDH and the
   * modules built on them) when the application was built for two cores:
   * "Running on single core chip, but application is built with dual core
   * support", in later versions "single core variant of a chip" and
   * "multi-core". */
  { KILN_BOOT_EVENT_CHIP_MISMATCH,
    "Running on single core (?:variant of a )?chip, but (?:the )?app(?:lication)? is built "
    "with (?:dual|multi)[- ]core support",
    "single core",
    N_("This chip has one CPU core, and the application was built for a chip with two.") },
  { KILN_BOOT_EVENT_QIO_ERROR,
    "Failed to set QIE bit|qio_mode:.*(?:[Ff]ail|[Ee]rror)|not enabling QIO mode", "QIO" },
  { KILN_BOOT_EVENT_PSRAM_ERROR,
    "PSRAM ID read error|SPI RAM enabled but initialization failed|Failed to init external RAM|"
    "PSRAM chip is not connected|"
    /* ESP-IDF's PSRAM driver on a chip package it does not know. */
    "Not a valid or known package id|"
    "(?i:psram|spiram).*(?:[Ff]ail|error)|External RAM.*(?:fail|not found)",
    "PSRAM" },
  /* ESP-IDF's PSRAM driver when the PSRAM it found is larger than the
   * address space it may map: octal mode set for the quad PSRAM of an
   * ESP32-S3R2, for one. */
  { KILN_BOOT_EVENT_PSRAM_ERROR, "Virtual address not enough for PSRAM", "PSRAM",
    N_("The PSRAM driver found more PSRAM than it can map into the chip's address space: the "
       "PSRAM mode or size the firmware was built for is not the module's (octal mode set for "
       "a quad PSRAM).") },
  { KILN_BOOT_EVENT_SECURITY,
    "[Ss]ecure boot.*(?:fail|not valid|invalid|denied|refus)|[Ff]lash encryption.*fail|"
    "signature verification failed|secure_boot.*(?:fail|error|invalid)|[Ii]nvalid signature|"
    "[Ii]mage verification failed|"
    /* The newer ROMs' words for a bootloader with no signature block. */
    "No signature block magic byte|[Ii]mage not V2 signed", "security" },
  /* The camera driver (esp32-camera) keeps its frame buffers in PSRAM:
   * with none to use (PSRAM off in the build, or a module without it) it
   * cannot allocate them. */
  { KILN_BOOT_EVENT_PSRAM_ERROR, "frame buffer malloc failed", "camera frame buffer",
    N_("The camera driver could not allocate its frame buffers, which it keeps in PSRAM: the "
       "firmware has no PSRAM to use.") },
  /* ESP-IDF's RGB display driver (esp_lcd) keeps the frames it sends to
   * the panel in PSRAM: 750 KiB for 800×480 pixels, more than the internal
   * RAM has.  Without PSRAM to use it cannot allocate them. */
  { KILN_BOOT_EVENT_PSRAM_ERROR,
    "lcd_rgb_panel_alloc_frame_buffers\\(\\d+\\): [Nn]o mem for frame buffer|"
    "esp_lcd_new_rgb_panel\\(\\d+\\): alloc frame buffers failed|"
    "[Nn]o mem for frame buffer\\(\\d+KB\\)",
    "display frame buffer",
    N_("The RGB display driver could not allocate its frame buffer, which it keeps in PSRAM: "
       "the firmware has no PSRAM to use.") },
  /* ESP-IDF's board support code (bsp_…) and the touch controllers'
   * drivers report a part they do not find as they start, in ESP-IDF's
   * "function(line): message" form. */
  { KILN_BOOT_EVENT_BOARD_PART,
    "^(?:" KILN_BOOTLOG_BSP_PART "|esp_lcd_touch_new_\\w+)\\(\\d+\\):",
    "board support",
    N_("The firmware did not find a part of the board it was built for, as its board support "
       "code or the part's driver says, or the part did not answer.") },
  /* A LoRa radio that does not answer as the firmware starts it, in the
   * words of the common LoRa libraries' examples ("Starting LoRa
   * failed!") and their like.  On the LoRa boards the radio is part of the
   * board, wired to pins that differ from one board (and revision) to the
   * next: the build's pin map is another board's, or no radio is fitted. */
  { KILN_BOOT_EVENT_BOARD_PART,
    "^(?:Starting LoRa failed|LoRa (?:radio )?(?:init(?:iali[sz]ation)?|begin|start(?:ing)?) "
    "failed|LoRa (?:radio|module|chip) not (?:found|detected))\\b",
    "LoRa radio",
    N_("The firmware's LoRa radio did not answer as it started: it is wired to other pins than "
       "the firmware was built for (a build for another board, or another revision of it), or "
       "the board has no radio.") },
  /* ESP-IDF's Ethernet drivers (the MAC's and each PHY chip's) as they
   * bring the PHY up: no answer at the address set, another chip's ID, a
   * power-up or reset that does not finish, no clock for the MAC.  What
   * they were told of the board (PHY type and address, its power or reset
   * pin, the clock's mode and pin) is not this board. */
  { KILN_BOOT_EVENT_BOARD_PART,
    "^(?:esp_eth_\\w+|(?:lan87xx|lan867x|ip101|rtl8201|dp83848|ksz80xx|ksz8851\\w*|w5500|dm9051|"
    "emac_esp32|emac_esp)_\\w+)\\(\\d+\\):.*(?:timeout|wrong chip ID|fail|mismatch|not (?:found|detected))",
    "Ethernet",
    N_("The Ethernet driver could not bring up the board's Ethernet chip as the firmware set it "
       "up.") },
  /* The camera driver (esp32-camera) talks to the sensor over its control
   * bus (SCCB, an I2C) before anything else, and says so when the sensor
   * does not answer or is not one it knows. */
  { KILN_BOOT_EVENT_CAMERA,
    "SCCB_(?:Write|Read)\\b.*?\\b[Ff]ailed|[Cc]amera probe failed|[Cc]amera init failed|"
    "Detected camera not supported|[Cc]amera SCCB failed", "camera" },
  /* ESP-IDF's flash driver reads the flash's size from its JEDEC ID, and
   * stops when the ID does not give one: a part it does not know (some
   * makers' IDs do not follow the usual form), or a flash that answers
   * with a wrong ID. */
  { KILN_BOOT_EVENT_FLASH_IO, "failed to get chip size|ESP_ERR_FLASH_UNSUPPORTED_CHIP",
    "flash part",
    N_("The firmware's flash driver could not tell the flash chip's size from its ID: a flash "
       "part this firmware does not know, or one that does not answer right.") },
  { KILN_BOOT_EVENT_FLASH_IO,
    "Error while (?:reading|writing)|spi_flash_(?:read|write|erase)\\S* ?(?:failed|error)|"
    "[Ff]lash (?:read|write|erase) (?:error|failed)|esp_partition_(?:read|write)\\S* failed",
    "flash read/write" },
  { KILN_BOOT_EVENT_WAKE,
    "[Ww]ake ?up from (?:timer|deep sleep|ext|touch|ULP|GPIO)|[Ww]akeup (?:was )?caused by|"
    "[Ww]oke (?:up )?from deep sleep|[Ww]ake[- ]?up reason|"
    /* The source first, as the ULP examples say it ("ULP wakeup, saving
     * pulse count"); "Not ULP wakeup" is the first start. */
    "^(?:ULP|EXT[01]|[Tt]imer|[Tt]ouch(?:pad)?|GPIO) wake-?up\\b|"
    /* ESP-IDF's deep-sleep wake stub example, before the firmware. */
    "^wake stub: wakeup count is \\d+", "wake from deep sleep" },
  /* The firmware about to sleep: ESP-IDF's examples ("Entering deep
   * sleep"), the Arduino cores' ("Going to sleep now"), sketches' own
   * ("Going to deep sleep for 10s", "going to sleep for 954 secs"). */
  { KILN_BOOT_EVENT_SLEEP,
    "[Ee]nter(?:ing)? (?:in ?to )?deep[- ]?sleep|[Gg]o(?:ing)? (?:in)?to (?:deep[- ]?)?sleep\\b|"
    "\\b[Dd]eep[- ]?sleep(?:ing)? (?:for|now)\\b", "deep sleep" },
  { KILN_BOOT_EVENT_TASK_WDT,
    "Task watchdog got triggered|task_wdt:|Soft WDT reset|[Ii]nterrupt wdt timeout",
    "watchdog" },
  /* A partition the firmware looks up by name or type and stops without:
   * a check that the lookup found one ("(zb_partition != NULL)", the
   * Zigbee stack's storage, which Arduino's Zigbee examples need a Zigbee
   * partition scheme for).  Both forms of a failed assertion: ESP-IDF's
   * "assert failed: func file:line (expr)" and newlib's 'assertion "expr"
   * failed'.  (NVS's own code for a table without its partition is
   * above.) */
  { KILN_BOOT_EVENT_PARTITION_MISSING,
    "assert(?:ion)?\\b.*?(?:\\(\\s*\\w*partition\\w*\\s*!=\\s*(?:NULL|nullptr|0)\\s*\\)|"
    "\"\\s*\\w*partition\\w*\\s*!=\\s*(?:NULL|nullptr|0)\\s*\")",
    "partition" },
  /* ESP-IDF's start-up asserts that it set up the flash it was built for
   * (its size, or quad against octal on the S3). */
  { KILN_BOOT_EVENT_FLASH_CONFIG,
    "flash_ret == ESP_OK", "flash set-up",
    N_("The firmware could not set up the flash it was built for: the flash on this module is "
       "smaller than the build's setting, or of another kind (octal against quad).") },
  /* ESP-IDF 5 stops a firmware that links a peripheral's legacy driver
   * and its successor ("rmt(legacy): CONFLICT! driver_ng is not allowed to
   * be used with the legacy driver"; I2S, ADC and others say the same). */
  { KILN_BOOT_EVENT_PANIC, "CONFLICT! (?:driver_ng is not allowed|.*\\blegacy\\b)",
    "driver conflict",
    N_("The firmware holds two ESP-IDF drivers for one peripheral, the legacy one and its "
       "successor, which cannot work together, so it stops as it starts. A library written for "
       "an older core, or for another board package, brought the legacy driver into a build for "
       "a newer core.") },
  { KILN_BOOT_EVENT_PANIC,
    "ESP_ERROR_CHECK failed\\s*:\\s*esp_err_t\\s+0x([0-9a-fA-F]+)(?:\\s*\\((\\w+)\\))?", "panic" },
  { KILN_BOOT_EVENT_PANIC,
    "abort\\(\\) was called|^Abort called|ISR not in IRAM|Re-entered core dump|"
    "FATAL: uncaught exception|^Panic \\S+:\\d+|User exception \\(panic/abort/assert\\)|^(?!.*ets_main)assert(?:ion)?[ \"].*failed|assert failed|"
    "Stack canary watchpoint triggered|(?:\\*+ERROR\\*+ A )?stack overflow in task|Stack smashing protect|"
    "CORRUPT HEAP|heap_caps_.*fail", "panic" },
  /* RIOT OS's exception handler on the Xtensa chips: "EXCEPTION!!
   * exccause=29 (StoreProhibitedCause) @4008274a excvaddr=fefffffb". */
  { KILN_BOOT_EVENT_PANIC, "^EXCEPTION!! exccause=\\d+", "panic",
    N_("RIOT OS's exception handler: the CPU raised the exception named in brackets, so the "
       "firmware crashed; its register dump follows.") },
  /* NodeMCU's Lua: an error no script caught ends in Lua's panic
   * handler, and the firmware restarts the chip ("PANIC: unprotected
   * error in call to Lua API (not enough memory)"). */
  /* A Rust firmware's panic: the standard library's ("thread 'main'
   * panicked at src/main.rs:12:5:"), and esp-backtrace's for firmware
   * without it ("!! A panic occured in 'src/main.rs', at line 12, column
   * 5", spelt so; later "panicked at src/main.rs:12:5:"). */
  { KILN_BOOT_EVENT_PANIC,
    "^thread '[^']*' panicked at\\b|^!! A panic occ?urr?ed in '|^panicked at \\S+:\\d+:\\d+",
    "Rust panic",
    N_("The Rust firmware panicked: its code met a condition it cannot go on from, and "
       "stopped. The message and the place in its source follow.") },
  { KILN_BOOT_EVENT_PANIC, "^PANIC: unprotected error in call to Lua API\\b", "panic",
    N_("An error that no Lua script caught stopped NodeMCU's Lua interpreter, and the firmware "
       "restarts the chip; its reason is in brackets.") },
  { KILN_BOOT_EVENT_APP_START,
    "Calling app_main\\(\\)|cpu_start: Pro cpu start user code|Returned from app_main\\(\\)|"
    "app_init: Application information", "ESP-IDF app" },
  { KILN_BOOT_EVENT_APP_START, "^SDK ver\\s*:", "ESP8266 SDK" },
  /* What the ESP8266 SDKs print as the firmware comes up. */
  { KILN_BOOT_EVENT_APP_START,
    "^(?:OS SDK ver\\s*:|rf cal sector\\s*:\\s*\\d+|phy ver\\s*:\\s*\\d+|"
    "freq trace enable \\d|(?:pm|pp|frc2_timer)_task_hdl\\s*:)", "ESP8266 SDK",
    N_("A start-up line of the ESP8266 SDK: the firmware is running.") },
  /* SDK 3 lists the RF settings it runs with, and checks its partition
   * table for the boot loader and the two OTA slots, which a firmware
   * built without OTA does not have. */
  { KILN_BOOT_EVENT_APP_START, "^rf\\[\\d+\\]\\s*:\\s*" "[0-9a-fA-F]{2}\\s*$", "ESP8266 SDK",
    N_("The ESP8266 SDK reports one byte of the RF settings (init data) it runs with: the "
       "firmware is running.") },
  { KILN_BOOT_EVENT_APP_START, "^(?:boot|ota1|ota2) not set\\s*$", "ESP8266 SDK",
    N_("The ESP8266 SDK found no such entry in the firmware's partition table. A firmware built "
       "without over-the-air updates has none; nothing is wrong then.") },
  /* ESP-AT, as it starts, sets the largest transmit power its settings
   * allow ("max tx power=78, ret=0"). */
  { KILN_BOOT_EVENT_APP_START, "^max tx power\\s*=\\s*\\d+\\s*,\\s*ret\\s*=\\s*-?\\d+\\s*$", "ESP-AT",
    N_("ESP-AT sets the radio's largest transmit power as it starts: the firmware is "
       "running.") },
  /* The ESP8266 SDK's Wi-Fi stack reports what it does (scans, joins,
   * station state changes, interfaces taken down before a deep sleep). */
  { KILN_BOOT_EVENT_APP_START,
    "^(?:scandone|usl|cnt|reconnect|del if[01]|add if[01]|bcn \\d+|sleep (?:enable|disable)|"
    "state: \\d+ -> \\d+ \\([0-9a-fA-F]+\\)|mode : (?:sta|softAP|sta\\+softAP|null)\\b.*|"
    "pm (?:open|close)\\b.*|connected with .+, channel \\d+|"
    "ip:\\d+\\.\\d+\\.\\d+\\.\\d+,mask:.*|wifi evt: \\d+|STA disconnect: \\d+|"
    "no .+ found, reconnect after \\d+s|dhcp client start\\.\\.\\.)\\s*$",
    SDK_WIFI,
    N_("A line of the ESP8266 SDK's Wi-Fi stack (scanning, joining a network, changing state): "
       "the firmware is running and uses the radio.") },
  { KILN_BOOT_EVENT_APP_START, "^MicroPython v\\d", "MicroPython" },
  { KILN_BOOT_EVENT_APP_START, "^NodeMCU(?: custom build| \\d)", "NodeMCU" },
  { KILN_BOOT_EVENT_APP_START, "Running through setup\\(\\)", "ESPHome" },
  /* The banner every Zephyr application prints as its kernel starts. */
  { KILN_BOOT_EVENT_APP_START, "^\\*\\*\\* Booting Zephyr OS build", "Zephyr" },
  /* NuttX's, and the image segments its start-up code maps or loads, as
   * it lists them: "imap: lma 0x00010000 vma 0x42020000 len 0xb200",
   * "IROM segment aligned lma 0x00020000 vma 0x400d0000 len 0x011b18"
   * after MCUboot, "total segments stored 6".  Zephyr's simple boot lists
   * its segments in the same words as ESP-IDF log lines ("I (67) boot:
   * padd: lma …"): those are not NuttX's. */
  { KILN_BOOT_EVENT_APP_START, "^\\*\\*\\* Booting NuttX \\*\\*\\*", "NuttX" },
  { KILN_BOOT_EVENT_APP_START,
    "^(?:[a-z]{4}:|[IDR](?:ROM|RAM) segment aligned) lma 0x[0-9a-fA-F]+ vma 0x[0-9a-fA-F]+ "
    "len 0x[0-9a-fA-F]+|^total segments stored \\d+\\s*$",
    "NuttX",
    N_("NuttX's start-up code lists the parts of its image it maps from flash or loads into "
       "RAM (lma: where in flash, vma: where in memory): the firmware is running."), TRUE },
  /* And RIOT OS's, as its main thread starts: "main(): This is RIOT!
   * (Version: 2023.10)". */
  { KILN_BOOT_EVENT_APP_START, "^main\\(\\): This is RIOT!", "RIOT" },
  { KILN_BOOT_EVENT_APP_READY, "^ready$", "AT" },
  /* ESP-AT names the UART it takes AT commands on ("AT cmd port:uart1
   * tx:17 rx:16 cts:15 rts:14 baudrate:115200", an "at-uart" log line in
   * later versions).  On the ESP32 family that is not the UART its log
   * comes over, so a terminal on the board's USB port sees the firmware
   * start and gets no answer to "AT": the line says where to send them.
   * values: the UART, its TX and its RX pin; detail: the baud rate. */
  { KILN_BOOT_EVENT_APP_READY,
    "^AT cmd port\\s*:\\s*uart(\\d)\\s+tx\\s*:\\s*(\\d+)\\s+rx\\s*:\\s*(\\d+)\\b.*?"
    "\\bbaudrate\\s*:\\s*(\\d+)\\s*$", "ESP-AT" },
  /* And what ESP-AT says before it ("at param mode: 1", "module_name:
   * ESP32C2-4MB"): its settings, read from its own partition. */
  { KILN_BOOT_EVENT_APP_START, "^(?:at param mode\\s*:\\s*\\d+|module_name\\s*:\\s*\\S+)\\s*$",
    "ESP-AT",
    N_("A start-up line of ESP-AT: it reads its settings, and the firmware is running.") },
  /* MicroPython's restart, typed at its prompt or run by a script: the
   * chip restarts on purpose. */
  { KILN_BOOT_EVENT_RESTART, "^(?:>>>\\s*)?(?:machine|microcontroller)\\.reset\\(\\)\\s*$",
    "restart",
    N_("MicroPython's (or CircuitPython's) call that restarts the chip on purpose.") },
  { KILN_BOOT_EVENT_APP_READY, "^>>>(?:\\s|$)", "MicroPython" },
  { KILN_BOOT_EVENT_APP_READY, "^NuttShell \\(NSH\\)|^nsh>\\s*$", "NuttX",
    N_("NuttX's shell (NSH): the firmware is up and waits for commands.") },
  { KILN_BOOT_EVENT_APP_READY, "^uart:~\\$\\s*$", "Zephyr",
    N_("The Zephyr shell's prompt: the firmware is up and waits for commands.") },
  /* ESP-IDF's bootloader, on the first boot after flash encryption was
   * turned on, once it has encrypted the flash. */
  { KILN_BOOT_EVENT_RESTART, "^Resetting with flash encryption enabled", "bootloader",
    N_("The bootloader has encrypted the flash, as it does once on the first boot after flash "
       "encryption is turned on, and restarts the chip on purpose to start from the encrypted "
       "flash.") },
  { KILN_BOOT_EVENT_RESTART,
    /* Also at the end of a message ("OTA Succeed, Rebooting...", the
     * ESP-IDF OTA examples), "Restarting in"/"now", and the word alone,
     * between dots or not, in any case: its console's restart command,
     * sketches before ESP.restart() ("... restarting ..."), and the bare
     * verb said as an exclamation or trailing off (ESP-ADF's OTA service
     * once the new image is in: "restart!"), not as a console's help lists
     * its commands ("restart" alone); a
     * firmware's own words for what it is about to do ("Prepare to restart
     * system", "Rebooting the device"), but not the same words after a
     * failure, a negation or a request to the user ("Failed to reboot the
     * device", "Please restart the board"): no restart was made then. */
    "(?i:^prepare to (?:restart|reboot)\\b|"
    "(?<!fail to |failed to |unable to |cannot |not |n't |please |must |should |need to |needs to )"
    "\\b(?:restart|reboot)(?:ing)? (?:the )?(?:system|device|chip|board)\\b)|"
    "^Rebooting\\.\\.\\.|\\bRebooting\\.\\.\\.\\s*$|^Restarting(?: in| now)|esp_restart|"
    "^(?:\\.+\\s*)?(?i:restarting|rebooting)(?:\\s*\\.+)?\\s*$|"
    "^(?i:restart|reboot)\\s*(?:!+|\\.{3,})\\s*$|"
    "^AT\\+RST\\s*$|^ESP\\.restart", "restart" },
  /* The Zigbee SDK's OTA client, once the new image is written and
   * checked: the chip restarts into it after the delay the server gave
   * ("OTA Finish: count_down_delay=0 seconds"). */
  { KILN_BOOT_EVENT_RESTART, "^(?:-- )?OTA Finish\\b(?!.*(?i:fail|error|abort))", "restart",
    N_("The Zigbee OTA client has written and checked the new firmware; the chip restarts into "
       "it on purpose.") },
};

static const char *
message_explanation (KilnBootEventKind kind)
{
  switch (kind)
    {
    case KILN_BOOT_EVENT_BROWNOUT:
      return _("The supply voltage dropped too low and the chip resets.");
    case KILN_BOOT_EVENT_FLASH_SIZE:
      return _("The flash size the image header gives does not match the flash on the board.");
    case KILN_BOOT_EVENT_PARTITION_ERROR:
      return _("The partition table is missing or invalid.");
    case KILN_BOOT_EVENT_OTA_ERROR:
      return _("The OTA data or an OTA application slot cannot be used.");
    case KILN_BOOT_EVENT_NO_APP:
      return _("The bootloader found no application to start.");
    case KILN_BOOT_EVENT_IMAGE_ERROR:
      return _("The application image in flash is corrupt or does not fit its partition.");
    case KILN_BOOT_EVENT_CHIP_MISMATCH:
      return _("The image was built for another chip or a newer chip revision.");
    case KILN_BOOT_EVENT_QIO_ERROR:
      return _("The bootloader could not switch the flash to quad (QIO) mode.");
    case KILN_BOOT_EVENT_PSRAM_ERROR:
      return _("The external RAM (PSRAM) did not answer.");
    case KILN_BOOT_EVENT_SECURITY:
      return _("Secure boot or flash encryption refused to start the image.");
    case KILN_BOOT_EVENT_TASK_WDT:
      return _("A watchdog of the running firmware fired: a task or an interrupt blocked too "
               "long.");
    case KILN_BOOT_EVENT_PANIC:
      return _("The firmware stopped itself (abort, failed assertion, stack overflow).");
    case KILN_BOOT_EVENT_APP_START:
      return _("The application starts.");
    case KILN_BOOT_EVENT_APP_READY:
      return _("The firmware is up and waits for input.");
    case KILN_BOOT_EVENT_RESTART:
      return _("The firmware restarts the chip on purpose.");
    case KILN_BOOT_EVENT_WAKE:
      return _("The firmware woke up from deep sleep.");
    case KILN_BOOT_EVENT_SLEEP:
      return _("The firmware puts the chip into deep sleep: it stops until its wake-up source "
               "(a timer, a pin) restarts it through a reset.");
    case KILN_BOOT_EVENT_FLASH_IO:
      return _("The firmware could not read or write its flash.");
    case KILN_BOOT_EVENT_CAMERA:
      return _("The camera sensor did not answer the firmware.");
    case KILN_BOOT_EVENT_PARTITION_MISSING:
      return _("The firmware looked for a partition that the partition table does not have, and "
               "stopped.");
    case KILN_BOOT_EVENT_NVS_ERROR:
      return _("The firmware cannot use its NVS partition: it holds data in another format "
               "(another firmware's, or an older ESP-IDF's), or it is full.");
    default:
      return NULL;
    }
}

static KilnBootSeverity
message_severity (KilnBootEventKind  kind,
                  char             **groups)
{
  switch (kind)
    {
    case KILN_BOOT_EVENT_APP_START:
    case KILN_BOOT_EVENT_APP_READY:
    case KILN_BOOT_EVENT_RESTART:
    case KILN_BOOT_EVENT_WAKE:
    case KILN_BOOT_EVENT_SLEEP:
    case KILN_BOOT_EVENT_HARMLESS:
      return KILN_BOOT_SEVERITY_INFO;
    case KILN_BOOT_EVENT_QIO_ERROR:
    case KILN_BOOT_EVENT_WDT_RESET:
      return KILN_BOOT_SEVERITY_WARNING;
    case KILN_BOOT_EVENT_FLASH_SIZE:
      /* A flash larger than the header says is only a waste. */
      return g_strcmp0 (kiln_bootlog_group (groups, 2), "larger") == 0 ? KILN_BOOT_SEVERITY_INFO
                                                          : KILN_BOOT_SEVERITY_ERROR;
    default:
      return KILN_BOOT_SEVERITY_ERROR;
    }
}

/* Turns @event into the message's kind: name says what it is about, detail
 * keeps the message of an ESP-IDF line. */
static void
apply_message (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               const Message       *msg,
               char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);
  KilnBootSeverity severity = message_severity (msg->kind, groups);

  event->kind = msg->kind;
  event->severity = MAX (event->severity, severity);
  g_free (event->name);
  event->name = g_strdup (msg->what);
  /* "partition 0 invalid magic number 0x3333": what was read instead. */
  if (msg->kind == KILN_BOOT_EVENT_PARTITION_ERROR)
    {
      const char *magic = strstr (event->text, "magic number 0x");

      if (magic != NULL)
        {
          event->values[0] = kiln_bootlog_parse_hex (magic + strlen ("magic number "));
          event->values[1] = 1;
        }
    }
  /* The lines of its report that follow are read as such. */
  if (msg->kind == KILN_BOOT_EVENT_PANIC && g_strcmp0 (msg->what, "Rust panic") == 0)
    kiln_bootlog_lines_rust_panic_begins (self, event);
  if (msg->kind == KILN_BOOT_EVENT_APP_READY && g_strcmp0 (msg->what, "ESP-AT") == 0)
    {
      event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
      event->values[1] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 2));
      event->values[2] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 3));
      g_free (event->detail);
      event->detail = g_strdup (kiln_bootlog_group (groups, 4));
    }
  /* "Detected size(…k) smaller than the size in the binary image header":
   * values are the two sizes in KiB.  A partition past the flash size:
   * no detected size (0), the header's in bytes where the line gives it.
   * (An ESP-IDF line's own values, its time stamp, are replaced.) */
  if (msg->kind == KILN_BOOT_EVENT_FLASH_SIZE && *kiln_bootlog_group (groups, 2) != '\0')
    {
      event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
      event->values[1] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 3));
      event->values[2] = g_strcmp0 (kiln_bootlog_group (groups, 2), "smaller") == 0;
      if (!event->values[2])
        event->severity = KILN_BOOT_SEVERITY_INFO;
    }
  else if (msg->kind == KILN_BOOT_EVENT_FLASH_SIZE)
    {
      event->values[0] = 0;
      event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
      event->values[2] = 1;
    }
  /* "mismatch chip ID, expected 0, found 2", "Invalid chip id. Expected 5
   * read 9": values are the chip ID the image header gave and 1.  (ESP-IDF
   * and the ROMs print it in decimal.) */
  if (msg->kind == KILN_BOOT_EVENT_CHIP_MISMATCH)
    {
      const char *found = strstr (event->text, "found ");
      const char *read = strstr (event->text, " read ");
      const char *num = found != NULL ? found + strlen ("found ")
                        : read != NULL ? read + strlen (" read ")
                                       : NULL;

      if (num != NULL && g_ascii_isdigit (*num))
        {
          event->values[0] = kiln_bootlog_parse_num (num);
          event->values[1] = 1;
        }
    }
  if (msg->kind == KILN_BOOT_EVENT_CRYSTAL)
    {
      event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
      event->values[1] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 2));
    }
  if (boot != NULL && msg->kind == KILN_BOOT_EVENT_APP_START)
    boot->app_started = TRUE;
  if (boot != NULL && msg->kind == KILN_BOOT_EVENT_APP_READY)
    boot->app_ready = boot->app_started = TRUE;
  /* An E-level line known to be harmless is no error. */
  if (msg->kind == KILN_BOOT_EVENT_HARMLESS)
    event->severity = KILN_BOOT_SEVERITY_INFO;
  /* The file system: formatting it is what a first start does, and
   * counts until it fails again; its partition missing counts above a
   * failed mount; a missing file only where nothing failed. */
  if (msg->kind == KILN_BOOT_EVENT_FILESYSTEM && g_str_equal (msg->what, "file system format"))
    {
      event->severity = KILN_BOOT_SEVERITY_INFO;
      self->fs_formatted = TRUE;
    }
  else if (msg->kind == KILN_BOOT_EVENT_FILESYSTEM && g_str_equal (msg->what, "file system file"))
    {
      if (self->fs_file_missing == NULL)
        self->fs_file_missing = kiln_boot_event_ref (event);
    }
  else if (msg->kind == KILN_BOOT_EVENT_FILESYSTEM && g_str_equal (msg->what, "file system open"))
    {
      if (self->fs_open_failed == NULL)
        self->fs_open_failed = kiln_boot_event_ref (event);
    }
  else if (msg->kind == KILN_BOOT_EVENT_FILESYSTEM)
    {
      gboolean partition = g_str_equal (msg->what, "file system partition");

      self->fs_formatted = FALSE;
      self->fs_format_failed |= g_str_equal (msg->what, "file system format failure")
                                || g_str_equal (msg->what, "storage erase failure");
      if (self->fs_failure == NULL || (partition && !self->fs_no_partition))
        {
          g_clear_pointer (&self->fs_failure, kiln_boot_event_unref);
          self->fs_failure = kiln_boot_event_ref (event);
        }
      self->fs_no_partition |= partition;
    }
  g_free (event->explanation);
  event->explanation = g_strdup (msg->why != NULL ? _(msg->why)
                                                  : message_explanation (msg->kind));
  if (msg->kind == KILN_BOOT_EVENT_PANIC && *kiln_bootlog_group (groups, 2) != '\0')
    {
      g_free (event->explanation);
      g_free (event->name);
      event->name = g_strdup (kiln_bootlog_group (groups, 2));
      event->explanation = g_strdup_printf (_("ESP_ERROR_CHECK stopped the firmware: a call it did "
                                              "not expect to fail returned %s."),
                                            kiln_bootlog_group (groups, 2));
    }
  if (msg->kind == KILN_BOOT_EVENT_APP_READY && g_strcmp0 (msg->what, "ESP-AT") == 0)
    {
      g_free (event->explanation);
      if (event->values[0] == 0)
        event->explanation = g_strdup_printf (_("ESP-AT is up and takes AT commands on this port "
                                                "(UART0) at %s baud."),
                                              event->detail);
      else
        event->explanation = g_strdup_printf (_("ESP-AT is up and takes AT commands on UART%u, "
                                                "at %s baud: the chip sends on GPIO%u and "
                                                "receives on GPIO%u. This port carries only its "
                                                "log; to send it commands, connect a USB-serial "
                                                "adapter to those pins."),
                                              (guint) MIN (event->values[0], 9), event->detail,
                                              (guint) MIN (event->values[1], G_MAXUINT),
                                              (guint) MIN (event->values[2], G_MAXUINT));
    }
  if (strstr (event->line, "Returned from app_main") != NULL)
    {
      g_free (event->explanation);
      event->explanation = g_strdup (_("app_main() returned: the application goes on in its "
                                       "other tasks."));
    }
  if (msg->kind == KILN_BOOT_EVENT_CRYSTAL && g_str_equal (msg->what, "bootloader crystal"))
    {
      g_free (event->explanation);
      event->explanation =
        g_strdup_printf (_("The firmware found that the second-stage bootloader had not set the "
                           "clocks up for the %u MHz crystal the firmware was built for, and "
                           "stopped."),
                         (guint) MIN (event->values[0], G_MAXUINT));
    }
  else if (msg->kind == KILN_BOOT_EVENT_CRYSTAL)
    {
      g_free (event->explanation);
      event->explanation =
        g_strdup_printf (_("The firmware was built for a %u MHz crystal and measured %u MHz on "
                           "this board: its clocks, and so its baud rate and radio, are off."),
                         (guint) MIN (event->values[0], G_MAXUINT),
                         (guint) MIN (event->values[1], G_MAXUINT));
    }
  else if (msg->kind == KILN_BOOT_EVENT_FLASH_SIZE && event->values[0] != 0 && event->values[2])
    {
      g_free (event->explanation);
      event->explanation = g_strdup_printf (_("The flash has %u KiB, less than the %u KiB the "
                                              "image header says."),
                                            (guint) MIN (event->values[0], G_MAXUINT),
                                            (guint) MIN (event->values[1], G_MAXUINT));
    }
  else if (msg->kind == KILN_BOOT_EVENT_FLASH_SIZE && event->values[0] != 0)
    {
      g_free (event->explanation);
      event->explanation = g_strdup_printf (_("The flash has %u KiB, more than the %u KiB the "
                                              "image header says: only that much is used."),
                                            (guint) MIN (event->values[0], G_MAXUINT),
                                            (guint) MIN (event->values[1], G_MAXUINT));
    }
  else if (kiln_bootlog_no_chip_id (event))
    {
      g_free (event->explanation);
      event->explanation =
        g_strdup_printf (_("The header gives chip ID %u, which no chip has: what lies there is "
                           "no image of this chip family (erased flash, other data, or an "
                           "ESP8266's image), so this says nothing of the chip a firmware was "
                           "built for."),
                         (guint) MIN (event->values[0], G_MAXUINT));
    }
}

GRegex **
kiln_bootlog_messages_compiled (void)
{
  static GRegex **compiled;

  if (g_once_init_enter (&compiled))
    {
      GRegex **regexes = g_new0 (GRegex *, G_N_ELEMENTS (messages));

      for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
        {
          g_autoptr(GError) error = NULL;

          regexes[i] = g_regex_new (messages[i].regex, G_REGEX_OPTIMIZE, 0, &error);
          if (regexes[i] == NULL)
            g_error ("boot-log message %u: %s", i, error->message);
        }
      g_once_init_leave (&compiled, regexes);
    }
  return compiled;
}

/* What every leveled log line (ESP-IDF's, the Arduino core's, ESPHome's,
 * MCUboot's) gives its event: who wrote it, the message, and the level
 * letter as a severity (E, W, else information). */
static void
set_log_line (KilnBootEvent *event,
              const char    *name,
              const char    *level,
              const char    *message)
{
  event->name = g_strdup (name);
  event->detail = g_strdup (message);
  event->severity = level[0] == 'E' ? KILN_BOOT_SEVERITY_ERROR
                  : level[0] == 'W' ? KILN_BOOT_SEVERITY_WARNING
                                    : KILN_BOOT_SEVERITY_INFO;
}

/* Makes @event the first firmware message @message, the message of a
 * leveled log line, matches, if any. */
static gboolean
match_messages (KilnBootlogDecoder *self,
                KilnBootEvent      *event,
                const char         *message)
{
  GRegex **regexes = kiln_bootlog_messages_compiled ();

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(GMatchInfo) info = NULL;

      if (messages[i].bare_only)
        continue;
      if (g_regex_match (regexes[i], message, 0, &info))
        {
          g_auto(GStrv) parts = g_match_info_fetch_all (info);
          /* A warning that the flash is larger than needed stays a note. */
          apply_message (self, event, &messages[i], parts);
          return TRUE;
        }
    }
  return FALSE;
}

/* The message of an ESP-IDF line ("I (30) boot: …"): first-class evidence
 * when it says something specific. */
void
kiln_bootlog_fill_idf_log (KilnBootlogDecoder  *self,
                           KilnBootEvent       *event,
                           char               **groups)
{
  const char *level = kiln_bootlog_group (groups, 1);
  const char *stamp = kiln_bootlog_group (groups, 2);
  const char *message = kiln_bootlog_group (groups, 4);
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  event->family = self->family != KILN_BOOT_FAMILY_UNKNOWN ? self->family : KILN_BOOT_FAMILY_ESP32;
  set_log_line (event, kiln_bootlog_group (groups, 3), level, message);
  event->values[0] = strchr (stamp, ':') == NULL ? kiln_bootlog_parse_num (stamp) : 0;

  /* The ESP-IDF bootloader's tags are "boot", "boot.esp32c3" …: it says
   * the flash mode it set (kept also where the copy has no reset line)
   * and the flash size the image header gives. */
  if (g_str_equal (event->name, "boot") || g_str_has_prefix (event->name, "boot."))
    {
      if (boot != NULL)
        boot->second_stage = TRUE;
      if (g_str_has_prefix (message, "SPI Mode"))
        {
          self->bootloader_quad = strstr (message, ": Q") != NULL || strstr (message, ":Q") != NULL;
          self->bootloader_mode_known = TRUE;
          if (boot != NULL)
            boot->header_quad = self->bootloader_quad;
        }
      /* The table as the bootloader read it: a heading, a row per
       * partition, an end.  No row at all is a table that reads as
       * erased flash. */
      else if (g_str_has_prefix (message, "## Label"))
        {
          self->table_listing = TRUE;
          self->table_rows = 0;
        }
      else if (self->table_listing && g_str_has_prefix (message, "End of partition table"))
        {
          self->table_listing = FALSE;
          if (self->table_rows == 0 && self->empty_table == NULL)
            self->empty_table = kiln_boot_event_ref (event);
        }
      else if (self->table_listing && g_ascii_isdigit (message[strspn (message, " ")]))
        self->table_rows++;
      else if (g_str_has_prefix (message, "SPI Flash Size") && strstr (message, "MB") != NULL)
        {
          const char *p = strchr (message, ':');
          guint64 mb = 0;

          if (p != NULL)
            {
              for (p++; *p == ' '; p++)
                ;
              mb = kiln_bootlog_parse_num (p);
            }
          if (mb > 0)
            kiln_bootlog_note_header_flash (self, (guint) MIN (mb * 1024, 1024 * 1024), event);
        }
    }

  /* Every line of the task watchdog's report (the tasks it names, the
   * ones running) belongs to it. */
  if (g_str_equal (event->name, "task_wdt"))
    for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
      if (messages[i].kind == KILN_BOOT_EVENT_TASK_WDT)
        {
          char *none[] = { NULL };

          apply_message (self, event, &messages[i], none);
          return;
        }

  if (match_messages (self, event, message))
    return;

  /* ESP-IDF checks an image's header after its magic byte, and warns of
   * fields no image has: a flash mode above 5 (SLOW_READ).  255 is erased
   * flash; any other such value, data that is neither an image nor
   * nothing. */
  if (g_str_equal (event->name, "esp_image") && strstr (message, "has invalid SPI mode ") != NULL)
    {
      const char *at = strstr (message, "image at ");
      guint64 mode = kiln_bootlog_parse_num (strstr (message, "SPI mode ") + strlen ("SPI mode "));

      if (mode > 5 && mode != 0xff && self->garbled_app_header == NULL)
        {
          event->values[1] = at != NULL ? kiln_bootlog_parse_num (at + strlen ("image at ")) : 0;
          event->values[2] = mode;
          self->garbled_app_header = kiln_boot_event_ref (event);
        }
    }

  if (g_str_equal (event->name, "boot") && strstr (message, "MCUboot 2nd stage") != NULL)
    event->explanation = g_strdup (_("MCUboot, the second-stage bootloader of Zephyr and NuttX "
                                     "builds, is running."));
  else if (g_str_equal (event->name, "boot") && strstr (message, "2nd stage bootloader") != NULL)
    event->explanation = g_strdup (_("The ESP-IDF second-stage bootloader is running."));
  /* Zephyr's single image: the ROM loaded the application itself. */
  else if (g_str_equal (event->name, "boot") && g_str_has_prefix (message, "ESP Simple boot"))
    event->explanation = g_strdup (_("Zephyr's simple boot: the ROM loaded the application "
                                     "itself, with no second-stage bootloader; the lines that "
                                     "follow are the application setting up flash and memory."));
  else if (g_str_equal (event->name, "boot") && g_str_has_prefix (message, "Loaded app from"))
    {
      if (boot != NULL)
        boot->app_loaded = TRUE;
      if (self->first[KILN_BOOT_EVENT_NO_APP] != NULL
          || self->first[KILN_BOOT_EVENT_OTA_ERROR] != NULL)
        self->app_loaded_after_slot_error = TRUE;
      event->explanation = g_strdup (_("The bootloader found the application and starts it."));
    }
  else if (level[0] == 'E')
    event->explanation = g_strdup_printf (_("Error reported by the ESP-IDF component “%s”."),
                                          event->name);
  else if (level[0] == 'W')
    event->explanation = g_strdup_printf (_("Warning from the ESP-IDF component “%s”."),
                                          event->name);
  /* Ordinary information lines speak for themselves. */
}

/* A log line of the Arduino core for the ESP32 ("[     5][E][WiFiGeneric.cpp:
 * 1038] begin(): …", its time stamp taken off with the others) or of
 * ESPHome ("[I][logger:165]: …"), on the ESP8266 too: groups are the level,
 * the file or component, and the message after the function's name. */
void
kiln_bootlog_fill_app_log (KilnBootlogDecoder  *self,
                           KilnBootEvent       *event,
                           char               **groups)
{
  const char *level = kiln_bootlog_group (groups, 1);
  const char *message = kiln_bootlog_group (groups, 3);

  set_log_line (event, kiln_bootlog_group (groups, 2), level, message);
  if (match_messages (self, event, message))
    return;
  if (level[0] == 'E')
    event->explanation = g_strdup_printf (_("Error reported by the firmware's “%s”."),
                                          event->name);
  else if (level[0] == 'W')
    event->explanation = g_strdup_printf (_("Warning from the firmware's “%s”."), event->name);
}

/* A line of MCUboot's Espressif port, the second-stage bootloader of
 * Zephyr and NuttX builds ("[esp32s2] [INF] Loading image 0 - slot 0 from
 * flash"): groups are the chip, the level (INF, WRN, ERR, DBG) and the
 * message. */
void
kiln_bootlog_fill_mcuboot_log (KilnBootlogDecoder  *self,
                               KilnBootEvent       *event,
                               char               **groups)
{
  const char *level = kiln_bootlog_group (groups, 2);
  const char *message = kiln_bootlog_group (groups, 3);
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  set_log_line (event, "mcuboot", level, message);
  if (boot != NULL)
    boot->second_stage = TRUE;
  if (match_messages (self, event, message))
    return;
  if (level[0] == 'E')
    event->explanation = g_strdup (_("Error reported by MCUboot, the second-stage bootloader."));
  else if (level[0] == 'W')
    event->explanation = g_strdup (_("Warning from MCUboot, the second-stage bootloader."));
}

/* A line of the ESP8266 HomeKit libraries: groups are the level mark
 * (">>>" information, "!!!" an error) and the message, looked up with
 * the library's name before it. */
void
kiln_bootlog_fill_homekit_log (KilnBootlogDecoder  *self,
                               KilnBootEvent       *event,
                               char               **groups)
{
  const char *mark = kiln_bootlog_group (groups, 1);
  g_autofree char *whole = NULL;

  set_log_line (event, "HomeKit", mark[0] == '!' ? "E" : "I", kiln_bootlog_group (groups, 2));
  whole = g_strconcat ("HomeKit: ", event->detail, NULL);
  if (match_messages (self, event, whole))
    return;
  if (mark[0] == '!')
    event->explanation = g_strdup (_("Error reported by the firmware's HomeKit library."));
}

/* A line of Tasmota's log: groups are the tag of the part that speaks
 * ("APP", "WIF", "MQT") and the message, looked up alone (its restart is
 * "APP: Restarting").  Tasmota gives its lines no level. */
void
kiln_bootlog_fill_tasmota_log (KilnBootlogDecoder  *self,
                               KilnBootEvent       *event,
                               char               **groups)
{
  set_log_line (event, kiln_bootlog_group (groups, 1), "I", kiln_bootlog_group (groups, 2));
  match_messages (self, event, event->detail);
}

/* A line of the ESP8266 SDK's Wi-Fi stack ("scandone", "state: 2 -> 3
 * (0)"): the firmware's own output, as a line of text would be, and the
 * radio starting. */
gboolean
kiln_bootlog_messages_sdk_wifi (const KilnBootEvent *event)
{
  return event->kind == KILN_BOOT_EVENT_APP_START && g_strcmp0 (event->name, SDK_WIFI) == 0;
}

guint
kiln_bootlog_messages_count (void)
{
  return G_N_ELEMENTS (messages);
}

KilnBootEventKind
kiln_bootlog_messages_kind (guint row)
{
  g_return_val_if_fail (row < G_N_ELEMENTS (messages), KILN_BOOT_EVENT_TEXT);
  return messages[row].kind;
}

/* Turns @event, made for a bare line that matched message @row, into that
 * message's event. */
void
kiln_bootlog_messages_apply (KilnBootlogDecoder  *self,
                             KilnBootEvent       *event,
                             guint                row,
                             char               **groups)
{
  g_return_if_fail (row < G_N_ELEMENTS (messages));
  apply_message (self, event, &messages[row], groups);
}
