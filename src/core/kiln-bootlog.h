/* kiln-bootlog.h: turns what ESP8266 and ESP32-family chips print while
 * they boot into structured events, and known failure patterns into a
 * diagnosis with a fix.  Pure: no I/O, no clock.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KilnBootFamily:
 * @KILN_BOOT_FAMILY_UNKNOWN: not (yet) known
 * @KILN_BOOT_FAMILY_ESP8266: the ESP8266/ESP8285 ROM ("ets Jan  8 2013")
 * @KILN_BOOT_FAMILY_ESP32: the ESP32 and its successors (S2, S3, C3 …)
 */
typedef enum
{
  KILN_BOOT_FAMILY_UNKNOWN,
  KILN_BOOT_FAMILY_ESP8266,
  KILN_BOOT_FAMILY_ESP32,
} KilnBootFamily;

/**
 * KilnBootMode:
 * @KILN_BOOT_MODE_UNKNOWN: no reset line seen
 * @KILN_BOOT_MODE_FLASH: normal boot from SPI flash
 * @KILN_BOOT_MODE_DOWNLOAD: the ROM serial loader (what flashing needs)
 * @KILN_BOOT_MODE_SDIO: ESP8266 SDIO boot ("waiting for host"): GPIO15 high
 * @KILN_BOOT_MODE_OTHER: a strapping combination no one wants
 */
typedef enum
{
  KILN_BOOT_MODE_UNKNOWN,
  KILN_BOOT_MODE_FLASH,
  KILN_BOOT_MODE_DOWNLOAD,
  KILN_BOOT_MODE_SDIO,
  KILN_BOOT_MODE_OTHER,
} KilnBootMode;

typedef enum
{
  KILN_BOOT_SEVERITY_INFO,
  KILN_BOOT_SEVERITY_WARNING,
  KILN_BOOT_SEVERITY_ERROR,
} KilnBootSeverity;

/**
 * KilnBootEventKind:
 *
 * What a recognised piece of a line is.  The numbers (#KilnBootEvent.values)
 * and names each kind fills in are listed beside it; unused ones are 0/NULL.
 *
 * @KILN_BOOT_EVENT_TEXT: a line no pattern knows (application output)
 * @KILN_BOOT_EVENT_WRONG_BAUD: bytes that look like text sent at another
 *   baud rate.  values: suggested baud (0: unknown), bytes that were not
 *   text, the baud they were read at (0: unknown).  The garbled lines
 *   themselves are not reported as text.
 * @KILN_BOOT_EVENT_ROM_BANNER: "ets Jul 29 2019 12:21:46", "ets Jan  8 2013",
 *   "ESP-ROM:esp32c3-api1-20210207".  name: ROM date or chip ("esp32c3"),
 *   detail: time or ROM build tag.  Also a line of banners each cut short
 *   by a reset ("ESP-ROM:?ESP?ESP-ROM:?…"): values: how many, no name
 * @KILN_BOOT_EVENT_ROM_BUILD: "Build:Feb  7 2021".  name: the date
 * @KILN_BOOT_EVENT_RESET: ESP8266 "rst cause:2, boot mode:(3,6)": values:
 *   cause, boot mode, second boot-mode number.  ESP32 "rst:0x1
 *   (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)": values: reason,
 *   strap value, 1 if the boot part was present; name: reason name,
 *   detail: boot mode name.  #KilnBootEvent.mode says what was chosen.
 * @KILN_BOOT_EVENT_SAVED_PC: "Saved PC:0x403…".  values: address
 * @KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD: the ROM loader waits for a flasher
 * @KILN_BOOT_EVENT_WAITING_FOR_HOST: ESP8266 SDIO boot, GPIO15 high
 * @KILN_BOOT_EVENT_LOAD: "load 0x40100000, len 24236, room 16" (ESP8266) or
 *   "load:0x3fff0030,len:6276" (ESP32).  values: address, length, room
 * @KILN_BOOT_EVENT_TAIL: the ROM loader's bookkeeping: "tail 8", "ho 8 tail 4
 *   room 4" (values: tail, ho, room), and the ESP32 ROM's "1162 mmu set
 *   00010000, pos 00010000" (values: the flash address mapped)
 * @KILN_BOOT_EVENT_CHKSUM: "chksum 0xe5" or "chksum 0xd8 csum 0xd8".
 *   values: chksum, csum, 1 if csum was present
 * @KILN_BOOT_EVENT_CSUM: "csum 0xd8".  values: csum, last chksum, 1 if
 *   they differ
 * @KILN_BOOT_EVENT_CSUM_ERR: "csum err": the image checksum is wrong
 * @KILN_BOOT_EVENT_ROM_HALT: "ets_main.c 371": the ROM gave up.  values: line
 * @KILN_BOOT_EVENT_CONFIGSIP: "configsip: 0, SPIWP:0xee".  values: configsip, spiwp
 * @KILN_BOOT_EVENT_CLK_DRV: "clk_drv:0x00,q_drv:0x00,…".  values: the header's
 *   bytes 8-11 as one little-endian word (0 without a SPIWP line before it),
 *   the largest drive value, 1 if all six were read
 * @KILN_BOOT_EVENT_FLASH_MODE: "mode:DIO, clock div:2" (the header's mode,
 *   or the ROM's own "SLOW_RD" on octal flash).  values: divider; name:
 *   mode.  Also the ESP32-S3 ROM's octal lines ("Octal Flash Mode
 *   Enabled"), name "OPI"
 * @KILN_BOOT_EVENT_ENTRY: "entry 0x4008063c": the ROM jumps to the
 *   bootloader.  values: address
 * @KILN_BOOT_EVENT_INVALID_HEADER: "invalid header: 0xffffffff".  values: word
 * @KILN_BOOT_EVENT_FLASH_READ_ERR: "flash read err, 1000".  values: offset
 * @KILN_BOOT_EVENT_CHECKSUM_FAILURE: "Checksum failure. Calculated 0x.. stored
 *   0x..".  values: calculated, stored
 * @KILN_BOOT_EVENT_SDK_BOOT_VERSION: "2nd boot version : 1.7(5d6f877)".
 *   name: version, detail: build id.  Also rBoot's "rBoot v1.4.0" and
 *   "rBoot Option: Big flash" (name: the option)
 * @KILN_BOOT_EVENT_SDK_SPI_SPEED: "SPI Speed : 40MHz", rBoot's "Flash
 *   Speed:  40 MHz".  values: MHz; name
 * @KILN_BOOT_EVENT_SDK_SPI_MODE: "SPI Mode : QIO".  name: mode
 * @KILN_BOOT_EVENT_SDK_FLASH_MAP: "SPI Flash Size & Map: 32Mbit(512KB+512KB)".
 *   values: Mbit, slot KB, map number (G_MAXUINT64 if none fits); name: the
 *   map's Kiln name ("4MB").  Also rBoot's "Flash Size:   32 Mbit"
 * @KILN_BOOT_EVENT_SDK_JUMP: "jump to run user1 @ 1000".  values: user slot
 *   (0 when the line names none: "jump to run @ 10000"), address
 * @KILN_BOOT_EVENT_MAP_MISMATCH: "mismatch map 5,spi_size_map 6".  values:
 *   the firmware's map, the header's map
 * @KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR: "system param partition error",
 *   "system param error" (values[0] 1: the SDK goes on with defaults),
 *   "need boot 1.4+" (values[1] 1)
 * @KILN_BOOT_EVENT_PARTITION_TABLE_FAIL: "system_partition_table_regist fail",
 *   or the entry the SDK refused before it ("p 100 size 0xfdff0 ,0x2000
 *   err"; name "entry", values: type, size, address)
 * @KILN_BOOT_EVENT_PARTITION_TABLE_OK: "system_partition_table_regist 4
 *   success!!": the SDK took the firmware's partition table and goes on
 * @KILN_BOOT_EVENT_RF_CAL_ERROR: "rf_cal[0] !=0x05,is 0xFF".  values:
 *   expected, found
 * @KILN_BOOT_EVENT_FATAL_EXCEPTION: "Fatal exception (28):",
 *   "Fatal exception 28(LoadProhibitedCause):", "Exception (28):".  values:
 *   EXCCAUSE; name: its name
 * @KILN_BOOT_EVENT_WDT_RESET: "wdt reset"
 * @KILN_BOOT_EVENT_BROWNOUT: "Brownout detector was triggered"
 * @KILN_BOOT_EVENT_GURU_MEDITATION: "Guru Meditation Error: Core  0 panic'ed
 *   (LoadProhibited)".  values: core; name: the reason
 * @KILN_BOOT_EVENT_IDF_LOG: an ESP-IDF log line "I (395) boot: …".  values:
 *   time stamp (ms; 0 for wall-clock stamps); name: tag; detail: message.
 *   #KilnBootEvent.severity follows the level (E, W, else info).  Messages
 *   that say something specific get their own kind below, with the same
 *   name and detail.  Also the Arduino core's and ESPHome's log lines
 *   ("[E][WiFiGeneric.cpp:1038] begin(): …", "[I][logger:165]: …"), with
 *   the file or component as name and no time stamp, and MCUboot's
 *   ("[esp32s2] [INF] …"), name "mcuboot", the ESP8266 HomeKit
 *   libraries' (">>> HomeKit: …", "!!! HomeKit: …"), name "HomeKit", and
 *   Tasmota's ("00:01:36 APP: …"), its tag as name.  esp_image's "image at
 *   0x20000 has invalid SPI mode 108" also gives the image's address and
 *   the mode as values 1 and 2, when the mode is neither an image's nor
 *   erased flash's
 * @KILN_BOOT_EVENT_GARBLED: a line of bytes that are not text (another
 *   baud rate, noise); shown so that no input is lost
 * @KILN_BOOT_EVENT_DOWNLOAD_DISABLED: "Download mode is disabled": an eFuse
 *   forbids the serial loader
 * @KILN_BOOT_EVENT_SECURITY: secure boot or flash encryption stopped the
 *   boot ("secure boot check fail", "Flash encryption … failed")
 * @KILN_BOOT_EVENT_FLASH_SIZE: the flash is smaller than the image header
 *   says, or a partition ends past it.  values: detected KiB, header KiB
 * @KILN_BOOT_EVENT_PARTITION_ERROR: the partition table is missing or
 *   invalid ("partition 0 invalid magic number", "load partition table
 *   error")
 * @KILN_BOOT_EVENT_OTA_ERROR: the OTA data or an OTA slot is unusable
 * @KILN_BOOT_EVENT_NO_APP: the bootloader found no bootable application
 *   ("invalid magic byte", "No bootable app partitions"; MCUboot's "Unable
 *   to find bootable image", name "MCUboot slot")
 * @KILN_BOOT_EVENT_IMAGE_ERROR: an application image is corrupt (segment,
 *   checksum or hash errors found by the bootloader)
 * @KILN_BOOT_EVENT_CHIP_MISMATCH: an image built for another chip or a
 *   newer chip revision.  name: what the line says
 * @KILN_BOOT_EVENT_QIO_ERROR: the bootloader could not switch the flash to
 *   quad mode
 * @KILN_BOOT_EVENT_PSRAM_ERROR: external RAM did not answer
 * @KILN_BOOT_EVENT_FLASH_CONFIG: the firmware could not set up the flash it
 *   was built for (ESP-IDF's "flash_ret == ESP_OK" at start-up)
 * @KILN_BOOT_EVENT_APP_START: the application starts ("Calling app_main()",
 *   the SDK version line, "jump to run" excepted), or the ESP8266 SDK's
 *   Wi-Fi stack reports what it does ("scandone", "state: 2 -> 3 (0)",
 *   name "ESP8266 Wi-Fi"), or ESP-AT reads its settings ("at param mode",
 *   name "ESP-AT").  name: what runs
 * @KILN_BOOT_EVENT_APP_READY: the firmware says it is ready: AT "ready",
 *   a MicroPython or NodeMCU prompt, NuttX's or Zephyr's shell.  name:
 *   which.  ESP-AT naming the UART it takes AT commands on ("AT cmd
 *   port:uart1 tx:7 rx:6 … baudrate:115200"), name "ESP-AT": values: the
 *   UART, its TX and RX pins; detail: the baud rate
 * @KILN_BOOT_EVENT_PANIC: an application abort or assertion ("abort() was
 *   called", "assert failed", "Stack canary watchpoint"), a Rust panic
 *   ("thread 'main' panicked at …", "!! A panic occured in …")
 * @KILN_BOOT_EVENT_TASK_WDT: "Task watchdog got triggered", "Soft WDT
 *   reset", "Interrupt wdt timeout"
 * @KILN_BOOT_EVENT_RESTART: the application restarts on purpose
 *   ("Rebooting...", "restart"); name: "restart", or "bootloader" when
 *   ESP-IDF's bootloader restarts once it has encrypted the flash
 * @KILN_BOOT_EVENT_EBOOT: a line of the ESP8266 Arduino core's eboot loader
 *   ("v3d128e5c", "~ld")
 * @KILN_BOOT_EVENT_HASH_MISMATCH: "SHA-256 comparison failed": the hash
 *   appended to an image does not match, and the ROM boots it anyway; also
 *   the lines after it ("Calculated: …", "Expected: …", "Attempting to boot
 *   anyway...")
 * @KILN_BOOT_EVENT_WAKE: the firmware says it woke from deep sleep
 *   ("Wake up from timer", "Wakeup caused by …")
 * @KILN_BOOT_EVENT_FLASH_IO: the firmware could not read or write its flash
 *   ("Error while reading/writing config.dat", "spi_flash_read failed"),
 *   or could not tell its size from its ID ("spi_flash: failed to get chip
 *   size"; name "flash part")
 * @KILN_BOOT_EVENT_HARMLESS: an error-looking message known to be harmless
 *   (no saved core dump or radio calibration yet, as after a fresh write;
 *   no factory slot in an OTA partition table)
 * @KILN_BOOT_EVENT_CRASH_REPORT: a line of a crash report, after the line
 *   that says what crashed (register dump, backtrace, stack dump, the file
 *   and expression of a failed ESP_ERROR_CHECK), and a serial monitor's
 *   reading of an address ("0x400d1234: app_main at main.c:12", ESPHome's
 *   "Decoded 0x…", espflash's "0x… - f"), name "address"; a line of a Rust
 *   panic's report (its message, "PanicInfo { … }", the standard library's
 *   note, a backtrace's address), name "Rust panic"
 * @KILN_BOOT_EVENT_NVS_ERROR: the firmware cannot use its NVS partition
 *   ("ESP_ERR_NVS_NO_FREE_PAGES", "ESP_ERR_NVS_NEW_VERSION_FOUND")
 * @KILN_BOOT_EVENT_INVALID_IMAGE: "Invalid image block, can't boot.": the
 *   ROM found an image header at the bootloader offset but could not load
 *   the image behind it
 * @KILN_BOOT_EVENT_FLASHER: a flasher's report pasted before the log
 *   (esptool's "Chip is ESP32-C3 …", "Crystal is 26MHz"; espflash's "Chip
 *   type:", "Crystal frequency:").  values: crystal MHz (0 for a chip line);
 *   name: the chip.  Also a serial monitor's own lines ("--- idf_monitor on
 *   …", "--- Quit: …") and what a command it ran on the computer printed,
 *   up to the board's next line ("--- Executing monitor command: espefuse
 *   … summary"): name "monitor"
 * @KILN_BOOT_EVENT_CRYSTAL: ESP-IDF's start-up found another crystal than
 *   the one it was built for ("Possibly invalid CONFIG_ESP32_XTAL_FREQ
 *   setting (40MHz). Detected 26 MHz").  values: MHz built for, MHz found.
 *   Also esp-hal's "Did you flash the right bootloader configured for
 *   26MHz xtal?", name "bootloader crystal", values: MHz built for
 * @KILN_BOOT_EVENT_RECOVERY: the newer ROMs could not start the bootloader
 *   at its offset ("PRIMARY - FAIL") and start the recovery bootloader
 *   from the offset an eFuse gives ("Loading RECOVERY Bootloader...")
 * @KILN_BOOT_EVENT_ROM_SECURE_BOOT: the newer ROMs' secure boot lines:
 *   "Valid secure boot key blocks: 0 1" (secure boot is on; the key slots
 *   whose digest the ROM checks against) and "secure boot verification
 *   succeeded".  values: 1 for the second
 * @KILN_BOOT_EVENT_SLEEP: the firmware says it goes into deep sleep ("Going
 *   to deep sleep for 10s", ESP-IDF's example's "Entering deep sleep")
 * @KILN_BOOT_EVENT_CAMERA: the firmware's camera driver got no answer from
 *   the camera sensor ("SCCB_Write … failed", "Camera probe failed")
 * @KILN_BOOT_EVENT_BOARD_PART: the firmware's board support did not find a
 *   part of the board it was built for: a failed check in ESP-IDF's board
 *   support code ("func: bsp_display_indev_init", "expression:
 *   bsp_touch_new(…)"), or an error of that code or of a touch controller's
 *   driver as it starts ("bsp_i2c_init(55): …", "esp_lcd_touch_new_i2c_…(110):
 *   … init failed")
 * @KILN_BOOT_EVENT_FILESYSTEM: the firmware's file system (SPIFFS,
 *   LittleFS, FAT): its partition not in the partition table ("spiffs
 *   partition could not be found"), a failed mount ("SPIFFS: mount failed,
 *   -10025", the Arduino core's "Mounting SPIFFS failed!", the examples'
 *   "SPIFFS Mount Failed", LittleFS's "Corrupted dir pair at {0x0, 0x1}"),
 *   the firmware formatting it, or failing to ("Formatting LittleFS
 *   failed!"), a file it did not find in it ("open():
 *   /littlefs/index.html does not exist"), one it could not open or create
 *   ("Failed to open config file", "File open failed!"), or MicroPython
 *   unable to read its blocks ("File "flashbdev.py", …, in readblocks").
 *   name: "file system partition", "file system", "file system format",
 *   "file system format failure", "file system file", "file system open"
 *   or "MicroPython flash"; also the
 *   HomeKit libraries' storage sector that would not erase ("Failed to
 *   erase HomeKit storage"), "storage erase failure"
 * @KILN_BOOT_EVENT_PARTITION_MISSING: the firmware looked for a partition
 *   that the partition table does not have and stopped: a failed check
 *   that a partition was found ("assert failed: zb_osif_nvram_init …
 *   (zb_partition != NULL)"), or NVS's "ESP_ERR_NVS_PART_NOT_FOUND"
 */
typedef enum
{
  KILN_BOOT_EVENT_TEXT,
  KILN_BOOT_EVENT_WRONG_BAUD,
  KILN_BOOT_EVENT_ROM_BANNER,
  KILN_BOOT_EVENT_ROM_BUILD,
  KILN_BOOT_EVENT_RESET,
  KILN_BOOT_EVENT_SAVED_PC,
  KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD,
  KILN_BOOT_EVENT_WAITING_FOR_HOST,
  KILN_BOOT_EVENT_LOAD,
  KILN_BOOT_EVENT_TAIL,
  KILN_BOOT_EVENT_CHKSUM,
  KILN_BOOT_EVENT_CSUM,
  KILN_BOOT_EVENT_CSUM_ERR,
  KILN_BOOT_EVENT_ROM_HALT,
  KILN_BOOT_EVENT_CONFIGSIP,
  KILN_BOOT_EVENT_CLK_DRV,
  KILN_BOOT_EVENT_FLASH_MODE,
  KILN_BOOT_EVENT_ENTRY,
  KILN_BOOT_EVENT_INVALID_HEADER,
  KILN_BOOT_EVENT_FLASH_READ_ERR,
  KILN_BOOT_EVENT_CHECKSUM_FAILURE,
  KILN_BOOT_EVENT_SDK_BOOT_VERSION,
  KILN_BOOT_EVENT_SDK_SPI_SPEED,
  KILN_BOOT_EVENT_SDK_SPI_MODE,
  KILN_BOOT_EVENT_SDK_FLASH_MAP,
  KILN_BOOT_EVENT_SDK_JUMP,
  KILN_BOOT_EVENT_MAP_MISMATCH,
  KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR,
  KILN_BOOT_EVENT_PARTITION_TABLE_FAIL,
  KILN_BOOT_EVENT_PARTITION_TABLE_OK,
  KILN_BOOT_EVENT_RF_CAL_ERROR,
  KILN_BOOT_EVENT_FATAL_EXCEPTION,
  KILN_BOOT_EVENT_WDT_RESET,
  KILN_BOOT_EVENT_BROWNOUT,
  KILN_BOOT_EVENT_GURU_MEDITATION,
  KILN_BOOT_EVENT_IDF_LOG,
  KILN_BOOT_EVENT_GARBLED,
  KILN_BOOT_EVENT_DOWNLOAD_DISABLED,
  KILN_BOOT_EVENT_SECURITY,
  KILN_BOOT_EVENT_FLASH_SIZE,
  KILN_BOOT_EVENT_PARTITION_ERROR,
  KILN_BOOT_EVENT_OTA_ERROR,
  KILN_BOOT_EVENT_NO_APP,
  KILN_BOOT_EVENT_IMAGE_ERROR,
  KILN_BOOT_EVENT_CHIP_MISMATCH,
  KILN_BOOT_EVENT_QIO_ERROR,
  KILN_BOOT_EVENT_PSRAM_ERROR,
  KILN_BOOT_EVENT_FLASH_CONFIG,
  KILN_BOOT_EVENT_APP_START,
  KILN_BOOT_EVENT_APP_READY,
  KILN_BOOT_EVENT_PANIC,
  KILN_BOOT_EVENT_TASK_WDT,
  KILN_BOOT_EVENT_RESTART,
  KILN_BOOT_EVENT_EBOOT,
  KILN_BOOT_EVENT_HASH_MISMATCH,
  KILN_BOOT_EVENT_WAKE,
  KILN_BOOT_EVENT_FLASH_IO,
  KILN_BOOT_EVENT_HARMLESS,
  KILN_BOOT_EVENT_CRASH_REPORT,
  KILN_BOOT_EVENT_NVS_ERROR,
  KILN_BOOT_EVENT_INVALID_IMAGE,
  KILN_BOOT_EVENT_FLASHER,
  KILN_BOOT_EVENT_CRYSTAL,
  KILN_BOOT_EVENT_CAMERA,
  KILN_BOOT_EVENT_SLEEP,
  KILN_BOOT_EVENT_RECOVERY,
  KILN_BOOT_EVENT_ROM_SECURE_BOOT,
  KILN_BOOT_EVENT_BOARD_PART,
  KILN_BOOT_EVENT_FILESYSTEM,
  KILN_BOOT_EVENT_PARTITION_MISSING,
  KILN_BOOT_EVENT_N_KINDS
} KilnBootEventKind;

/**
 * KilnBootEvent:
 * @kind: what was recognised
 * @family: the chip family that printed it, as far as the log tells
 * @severity: how worrying it is on its own
 * @mode: for %KILN_BOOT_EVENT_RESET, the boot mode the straps selected
 * @line: the whole line as received: valid UTF-8, without the line end,
 *   control bytes and terminal colour codes
 * @text: the part of @line this event is about (a line that lost its line
 *   ends may hold several events); the first event of a line keeps what
 *   came before that part (a serial monitor's time stamp, junk), so a
 *   display shows every character
 * @explanation: (nullable): one translated sentence in plain words; %NULL
 *   for %KILN_BOOT_EVENT_TEXT and ordinary ESP-IDF information lines
 * @values: numbers, see #KilnBootEventKind
 * @name: (nullable): the main name, see #KilnBootEventKind
 * @detail: (nullable): a second name, see #KilnBootEventKind
 *
 * Immutable once emitted, reference counted (atomically), so it may be
 * handed to another thread.
 */
typedef struct
{
  KilnBootEventKind kind;
  KilnBootFamily    family;
  KilnBootSeverity  severity;
  KilnBootMode      mode;
  char             *line;
  char             *text;
  char             *explanation;
  guint64           values[3];
  char             *name;
  char             *detail;
} KilnBootEvent;

/**
 * KilnBootDiagnosisKind:
 * @KILN_BOOT_DIAG_WRONG_BAUD: output came at another baud rate
 * @KILN_BOOT_DIAG_FLASH_MAP_MISMATCH: ESP8266 SDK 3: the firmware's flash map
 *   differs from the one in the header at 0x0
 * @KILN_BOOT_DIAG_SYSTEM_PARAM: ESP8266 SDK 3 could not place its system
 *   parameter partition
 * @KILN_BOOT_DIAG_INIT_DATA_MISSING: ESP8266 PHY init data erased
 * @KILN_BOOT_DIAG_SDIO_BOOT: ESP8266 GPIO15 high at reset
 * @KILN_BOOT_DIAG_DOWNLOAD_MODE: the chip started its serial loader (GPIO0
 *   low); an error only when the application was expected
 * @KILN_BOOT_DIAG_BOOT_STRAPS: another strapping pin was at the wrong level
 * @KILN_BOOT_DIAG_NO_BOOTLOADER: ESP8266 flash boot printed nothing after
 *   the reset line: no image at 0x0
 * @KILN_BOOT_DIAG_EMPTY_FLASH: ESP32 "invalid header: 0xffffffff"
 * @KILN_BOOT_DIAG_INVALID_HEADER: ESP32 "invalid header" with another value
 * @KILN_BOOT_DIAG_FLASH_READ_ERROR: ESP32 ROM could not read the flash
 * @KILN_BOOT_DIAG_CHECKSUM: an image checksum did not match
 * @KILN_BOOT_DIAG_BROWNOUT: the supply voltage dropped
 * @KILN_BOOT_DIAG_BOOT_LOOP: the RTC watchdog keeps resetting the chip
 * @KILN_BOOT_DIAG_CRASH: the firmware crashed (exception, panic)
 * @KILN_BOOT_DIAG_WATCHDOG: a watchdog reset the chip
 * @KILN_BOOT_DIAG_FLASH_VOLTAGE: a voltage strap (ESP32 GPIO12/MTDI, S2/S3
 *   GPIO45) selected a 1.8 V flash supply
 * @KILN_BOOT_DIAG_FLASH_MODE: the flash mode in the header (QIO/QOUT) is one
 *   the flash or its wiring cannot do
 * @KILN_BOOT_DIAG_FLASH_SIZE: the image header's flash size does not match
 *   the chip's flash
 * @KILN_BOOT_DIAG_PARTITION_TABLE: the partition table is missing or wrong
 * @KILN_BOOT_DIAG_OTA: the OTA data or the chosen OTA slot is unusable
 * @KILN_BOOT_DIAG_NO_APP: the bootloader runs but finds no application
 * @KILN_BOOT_DIAG_WRONG_CHIP: an image built for another chip or revision
 * @KILN_BOOT_DIAG_DOWNLOAD_DISABLED: an eFuse disabled the serial loader
 * @KILN_BOOT_DIAG_SECURITY: secure boot or flash encryption refused the image
 * @KILN_BOOT_DIAG_PSRAM: external RAM failed
 * @KILN_BOOT_DIAG_RESET_LOOP: the chip restarts again and again without
 *   saying why
 * @KILN_BOOT_DIAG_BENIGN_RESET: the reset in the log is an ordinary one
 *   (power-on, reset button, flashing tool, deep sleep, a restart call)
 * @KILN_BOOT_DIAG_ERRATUM: a documented quirk of the silicon, not a fault
 * @KILN_BOOT_DIAG_UNEXPLAINED: error lines Kiln has no rule for
 * @KILN_BOOT_DIAG_DEEP_SLEEP_WIRING: an ESP8266 that does not come back from
 *   deep sleep because its wake-up reset is wired wrong
 * @KILN_BOOT_DIAG_NVS: the NVS partition holds data the firmware cannot use
 *   (another firmware's, an older format, or full)
 * @KILN_BOOT_DIAG_CRYSTAL: the bootloader and firmware were built for
 *   another crystal frequency than the board's, so they talk at another rate
 * @KILN_BOOT_DIAG_BOARD_PART: the firmware was built for a board with a part
 *   (display, touch controller, codec) this board lacks or does not answer
 * @KILN_BOOT_DIAG_FILESYSTEM: the firmware could not mount its file system:
 *   no partition for it, or nothing (or another kind) written there
 */
typedef enum
{
  KILN_BOOT_DIAG_WRONG_BAUD,
  KILN_BOOT_DIAG_FLASH_MAP_MISMATCH,
  KILN_BOOT_DIAG_SYSTEM_PARAM,
  KILN_BOOT_DIAG_INIT_DATA_MISSING,
  KILN_BOOT_DIAG_SDIO_BOOT,
  KILN_BOOT_DIAG_DOWNLOAD_MODE,
  KILN_BOOT_DIAG_BOOT_STRAPS,
  KILN_BOOT_DIAG_NO_BOOTLOADER,
  KILN_BOOT_DIAG_EMPTY_FLASH,
  KILN_BOOT_DIAG_INVALID_HEADER,
  KILN_BOOT_DIAG_FLASH_READ_ERROR,
  KILN_BOOT_DIAG_CHECKSUM,
  KILN_BOOT_DIAG_BROWNOUT,
  KILN_BOOT_DIAG_BOOT_LOOP,
  KILN_BOOT_DIAG_CRASH,
  KILN_BOOT_DIAG_WATCHDOG,
  KILN_BOOT_DIAG_FLASH_VOLTAGE,
  KILN_BOOT_DIAG_FLASH_MODE,
  KILN_BOOT_DIAG_FLASH_SIZE,
  KILN_BOOT_DIAG_PARTITION_TABLE,
  KILN_BOOT_DIAG_OTA,
  KILN_BOOT_DIAG_NO_APP,
  KILN_BOOT_DIAG_WRONG_CHIP,
  KILN_BOOT_DIAG_DOWNLOAD_DISABLED,
  KILN_BOOT_DIAG_SECURITY,
  KILN_BOOT_DIAG_PSRAM,
  KILN_BOOT_DIAG_RESET_LOOP,
  KILN_BOOT_DIAG_BENIGN_RESET,
  KILN_BOOT_DIAG_ERRATUM,
  KILN_BOOT_DIAG_UNEXPLAINED,
  KILN_BOOT_DIAG_DEEP_SLEEP_WIRING,
  KILN_BOOT_DIAG_CONSOLE_ELSEWHERE,
  KILN_BOOT_DIAG_NVS,
  KILN_BOOT_DIAG_CRYSTAL,
  KILN_BOOT_DIAG_BOARD_PART,
  KILN_BOOT_DIAG_FILESYSTEM,
  KILN_BOOT_DIAG_N_KINDS
} KilnBootDiagnosisKind;

/**
 * KilnBootConfidence:
 * @KILN_BOOT_CONFIDENCE_LOW: a guess from indirect signs
 * @KILN_BOOT_CONFIDENCE_MEDIUM: the usual cause of what the log shows
 * @KILN_BOOT_CONFIDENCE_HIGH: the log names the cause itself
 */
typedef enum
{
  KILN_BOOT_CONFIDENCE_LOW,
  KILN_BOOT_CONFIDENCE_MEDIUM,
  KILN_BOOT_CONFIDENCE_HIGH,
} KilnBootConfidence;

/**
 * KilnBootDiagnosis:
 * @kind: which known failure this is
 * @severity: %KILN_BOOT_SEVERITY_INFO when it may well be intended
 * @title: a short translated heading
 * @explanation: what happened, translated
 * @fix: what to change, translated
 * @evidence: the log line that gave it away
 * @cause: a stable identifier of the cause ("flash-map-mismatch"), the one
 *   tests/data/bootlogs/README.md lists; not translated
 * @confidence: how sure the decoder is
 * @score: rank among the diagnoses of one log: the higher, the more likely
 *   and the more specific (a cause outranks its symptoms)
 * @rom_image: it rests on what the boot ROM said while it loaded the image
 *   it starts (a segment, a checksum), not on the second stage's or the
 *   firmware's words
 * @app_headers: it rests on the second stage finding the application's
 *   segment headers wrong ("invalid segment length")
 *
 * Immutable and atomically reference counted, like #KilnBootEvent.
 */
typedef struct
{
  KilnBootDiagnosisKind kind;
  KilnBootSeverity      severity;
  char                 *title;
  char                 *explanation;
  char                 *fix;
  char                 *evidence;
  const char           *cause;
  KilnBootConfidence    confidence;
  gint                  score;
  gboolean              rom_image;
  gboolean              app_headers;
} KilnBootDiagnosis;

#define KILN_TYPE_BOOT_EVENT     (kiln_boot_event_get_type ())
#define KILN_TYPE_BOOT_DIAGNOSIS (kiln_boot_diagnosis_get_type ())

GType              kiln_boot_event_get_type          (void) G_GNUC_CONST;
KilnBootEvent     *kiln_boot_event_ref               (KilnBootEvent         *event);
void               kiln_boot_event_unref             (KilnBootEvent         *event);
const char        *kiln_boot_event_kind_to_string    (KilnBootEventKind      kind);

GType              kiln_boot_diagnosis_get_type      (void) G_GNUC_CONST;
KilnBootDiagnosis *kiln_boot_diagnosis_ref           (KilnBootDiagnosis     *diagnosis);
void               kiln_boot_diagnosis_unref         (KilnBootDiagnosis     *diagnosis);
const char        *kiln_boot_diagnosis_kind_to_string (KilnBootDiagnosisKind kind);
const char        *kiln_boot_confidence_to_string    (KilnBootConfidence     confidence);
const char        *kiln_boot_confidence_to_label     (KilnBootConfidence     confidence);
const char        *kiln_boot_confidence_explain      (KilnBootConfidence     confidence);

/**
 * KilnBootEventFunc:
 * @event: (transfer none): take a reference to keep it
 *
 * Called in the thread that feeds the decoder, in log order.
 */
typedef void (*KilnBootEventFunc)     (KilnBootEvent     *event,
                                       gpointer           user_data);
typedef void (*KilnBootDiagnosisFunc) (KilnBootDiagnosis *diagnosis,
                                       gpointer           user_data);

typedef struct _KilnBootlogDecoder KilnBootlogDecoder;

GBytes             *kiln_bootlog_saved_text             (GBytes                *contents);

KilnBootlogDecoder *kiln_bootlog_decoder_new            (KilnBootEventFunc      event_func,
                                                         KilnBootDiagnosisFunc  diagnosis_func,
                                                         gpointer               user_data);
void                kiln_bootlog_decoder_free           (KilnBootlogDecoder    *self);
void                kiln_bootlog_decoder_feed           (KilnBootlogDecoder    *self,
                                                         const guint8          *data,
                                                         gsize                  len);
void                kiln_bootlog_decoder_end_line       (KilnBootlogDecoder    *self);
void                kiln_bootlog_decoder_flush          (KilnBootlogDecoder    *self);
void                kiln_bootlog_decoder_reset          (KilnBootlogDecoder    *self);
void                kiln_bootlog_decoder_set_baud       (KilnBootlogDecoder    *self,
                                                         guint                  baud);
void                kiln_bootlog_decoder_set_expect_app (KilnBootlogDecoder    *self,
                                                         gboolean               expect_app);
void                kiln_bootlog_decoder_set_flash_map  (KilnBootlogDecoder    *self,
                                                         gint                   map);
void                kiln_bootlog_decoder_set_chip       (KilnBootlogDecoder    *self,
                                                         const char            *chip);
void                kiln_bootlog_decoder_set_dout_only  (KilnBootlogDecoder    *self,
                                                         gboolean               dout_only);
GPtrArray          *kiln_bootlog_decoder_get_diagnoses  (KilnBootlogDecoder    *self);
const char         *kiln_bootlog_decoder_get_chip       (KilnBootlogDecoder    *self);

void                kiln_bootlog_decode                 (const guint8          *data,
                                                         gsize                  len,
                                                         guint                  baud,
                                                         GPtrArray            **events,
                                                         GPtrArray            **diagnoses);
char               *kiln_bootlog_explain_no_sync        (const guint8          *data,
                                                         gsize                  len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnBootEvent, kiln_boot_event_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnBootDiagnosis, kiln_boot_diagnosis_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnBootlogDecoder, kiln_bootlog_decoder_free)

G_END_DECLS
