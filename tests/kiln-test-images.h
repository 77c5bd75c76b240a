/* kiln-test-images.h: firmware images built byte by byte for the tests,
 * independently of the core's image code, so a mistake there cannot hide
 * the same mistake in what it checks.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Image header chip ids (protocol facts §4.4). */
#define KILN_TEST_CHIP_ESP32    0
#define KILN_TEST_CHIP_ESP32S2  2
#define KILN_TEST_CHIP_ESP32C3  5
#define KILN_TEST_CHIP_ESP32S3  9
#define KILN_TEST_CHIP_ESP32C2  12
#define KILN_TEST_CHIP_ESP32C6  13
#define KILN_TEST_CHIP_ESP32H2  16

typedef enum
{
  KILN_TEST_IMAGE_BOOTLOADER,   /* every segment in RAM */
  KILN_TEST_IMAGE_APP,          /* a DROM segment mapped from flash */
} KilnTestImageRole;

/**
 * kiln_test_esp32_image:
 * @chip_id: the header's chip id
 * @role: boot loader or application
 * @mode_byte: header byte 2 (2 = DIO)
 * @size_freq: header byte 3 (0x20 = 4 MB, 40 MHz)
 * @min_rev_full: minimum chip revision, major × 100 + minor
 * @max_rev_full: maximum, 0 for none
 *
 * A valid ESP32-family image (checksum and appended SHA-256 right) whose
 * segments lie in @chip_id's RAM or flash-mapped ranges.
 */
GBytes *kiln_test_esp32_image   (guint16           chip_id,
                                 KilnTestImageRole role,
                                 guint8            mode_byte,
                                 guint8            size_freq,
                                 guint16           min_rev_full,
                                 guint16           max_rev_full);

/* Appends the SHA-256 of @a's bytes, as an ESP32-family image with its
 * hash flag set ends. */
void    kiln_test_append_sha256 (GByteArray *a);

/**
 * kiln_test_esp32_bootloader_sized:
 * @chip_id: the header's chip id
 * @code_len: bytes of code in its instruction RAM segment
 *
 * A valid ESP32-family bootloader (DIO, 4 MB, 40 MHz) with @code_len bytes
 * of code: the size of a real one (ESP-IDF's are 15 to 30 KiB), for what
 * depends on it, such as what lies 4 KiB into one written at 0x0.
 */
GBytes *kiln_test_esp32_bootloader_sized (guint16 chip_id,
                                          guint32 code_len);

/* An ESP8266 v1 image like the SDK's boot_v1.7.bin (header E9 03 mode
 * size_freq), loaded into IRAM/DRAM by the ROM. */
GBytes *kiln_test_esp8266_v1_image (guint8 mode_byte,
                                    guint8 size_freq);

/* An ESP8266 firmware's image for 0x0 as esptool makes 0x00000.bin (E9
 * 03 mode size_freq): its code in IRAM and its data, some 26 KB, so that
 * it runs past the first sector as firmware does and a boot loader does
 * not; its flash code would be a second file. */
GBytes *kiln_test_esp8266_firmware (guint8 mode_byte,
                                    guint8 size_freq);

/* An ESP8266 SDK application as gen_appbin makes user1.bin: the 0xEA
 * header (EA 04 @mode_byte @size_freq), an irom0 segment of @irom_len
 * bytes, the 0xE9 header and three RAM segments, the checksum and the
 * CRC-32 trailer. */
GBytes *kiln_test_esp8266_user1 (guint8  mode_byte,
                                 guint8  size_freq,
                                 guint32 irom_len);

/* An ESP-IDF partition table (single factory app, the app at
 * @app_offset), 3 KiB as written at 0x8000. */
GBytes *kiln_test_partition_table (guint32 app_offset);

G_END_DECLS
