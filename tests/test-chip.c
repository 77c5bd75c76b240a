/* test-chip.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-core.h"

static void
test_magic (void)
{
  g_assert_cmpint (kiln_chip_by_magic (0xFFF0C101)->id, ==, KILN_CHIP_ESP8266);
  g_assert_cmpint (kiln_chip_by_magic (0x00F01D83)->id, ==, KILN_CHIP_ESP32);
  g_assert_cmpint (kiln_chip_by_magic (0x000007C6)->id, ==, KILN_CHIP_ESP32S2);
  g_assert_cmpint (kiln_chip_by_magic (0x00000009)->id, ==, KILN_CHIP_ESP32S3);
  g_assert_cmpint (kiln_chip_by_magic (0x4361606F)->id, ==, KILN_CHIP_ESP32C3);
  g_assert_cmpint (kiln_chip_by_magic (0x2CE0806F)->id, ==, KILN_CHIP_ESP32C6);
  g_assert_cmpint (kiln_chip_by_magic (0xD7B73E80)->id, ==, KILN_CHIP_ESP32H2);
  g_assert_null (kiln_chip_by_magic (0x12345678));
  g_assert_null (kiln_chip_by_magic (0));
}

static void
test_names (void)
{
  g_assert_cmpint (kiln_chip_by_name ("ESP32-S3")->id, ==, KILN_CHIP_ESP32S3);
  g_assert_cmpint (kiln_chip_by_name ("esp32_c3")->id, ==, KILN_CHIP_ESP32C3);
  g_assert_null (kiln_chip_by_name ("esp31"));
  g_assert_cmpint (kiln_chip_by_image_id (9)->id, ==, KILN_CHIP_ESP32S3);
  g_assert_cmpint (kiln_chip_by_image_id (0)->id, ==, KILN_CHIP_ESP32);
  g_assert_null (kiln_chip_by_image_id (-1));
}

static void
test_bootloader_offsets (void)
{
  g_assert_cmphex (kiln_chip_get (KILN_CHIP_ESP8266)->bootloader_offset, ==, 0x0);
  g_assert_cmphex (kiln_chip_get (KILN_CHIP_ESP32)->bootloader_offset, ==, 0x1000);
  g_assert_cmphex (kiln_chip_get (KILN_CHIP_ESP32S2)->bootloader_offset, ==, 0x1000);
  g_assert_cmphex (kiln_chip_get (KILN_CHIP_ESP32C3)->bootloader_offset, ==, 0x0);
}

static void
test_flash_sizes (void)
{
  const KilnChipInfo *e8266 = kiln_chip_get (KILN_CHIP_ESP8266);
  const KilnChipInfo *e32 = kiln_chip_get (KILN_CHIP_ESP32);
  const KilnFlashSize *s;

  /* The download tool's names map onto the SDK's flash map numbers. */
  s = kiln_chip_flash_size_lookup (e8266, "16Mbit-C1");
  g_assert_cmpstr (s->name, ==, "2MB-c1");
  g_assert_cmpuint (s->code, ==, 5);
  g_assert_cmpuint (s->bytes, ==, 2 * 1024 * 1024);
  g_assert_cmpuint (kiln_chip_flash_size_lookup (e8266, "32Mbit-C1")->code, ==, 6);
  g_assert_cmpuint (kiln_chip_flash_size_lookup (e8266, "4MB-c1")->code, ==, 6);
  g_assert_cmpuint (kiln_chip_flash_size_lookup (e8266, "4Mbit")->code, ==, 0);
  g_assert_cmpuint (kiln_chip_flash_size_lookup (e8266, "2Mbit")->code, ==, 1);
  g_assert_cmpuint (kiln_chip_flash_size_lookup (e8266, "32Mbit")->code, ==, 4);
  g_assert_cmpuint (kiln_chip_flash_size_lookup (e8266, "128Mbit")->code, ==, 9);
  g_assert_null (kiln_chip_flash_size_lookup (e8266, "3MB"));
  g_assert_null (kiln_chip_flash_size_lookup (e8266, "16Mbit-C2"));
  g_assert_cmpuint (kiln_chip_flash_size_lookup (e32, "4MB")->code, ==, 2);
  g_assert_null (kiln_chip_flash_size_lookup (e32, "2MB-c1"));
  g_assert_cmpstr (kiln_chip_flash_size_by_bytes (e8266, 4 * 1024 * 1024)->name, ==, "4MB");
}

static void
test_flash_freqs_and_modes (void)
{
  const KilnChipInfo *e32 = kiln_chip_get (KILN_CHIP_ESP32);
  const KilnChipInfo *h2 = kiln_chip_get (KILN_CHIP_ESP32H2);
  guint8 mode = 99;

  g_assert_cmpuint (kiln_chip_flash_freq_lookup (e32, "80m")->code, ==, 0xF);
  g_assert_cmpuint (kiln_chip_flash_freq_lookup (e32, "40MHz")->code, ==, 0x0);
  g_assert_cmpuint (kiln_chip_flash_freq_lookup (e32, "26m")->code, ==, 0x1);
  g_assert_null (kiln_chip_flash_freq_lookup (e32, "48m"));
  g_assert_cmpuint (kiln_chip_flash_freq_lookup (h2, "48m")->code, ==, 0xF);
  g_assert_true (kiln_flash_mode_parse ("DIO", &mode));
  g_assert_cmpuint (mode, ==, 2);
  g_assert_false (kiln_flash_mode_parse ("quad", &mode));
  g_assert_cmpstr (kiln_flash_mode_name (3), ==, "DOUT");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/chip/magic", test_magic);
  g_test_add_func ("/kiln/chip/names", test_names);
  g_test_add_func ("/kiln/chip/bootloader-offsets", test_bootloader_offsets);
  g_test_add_func ("/kiln/chip/flash-sizes", test_flash_sizes);
  g_test_add_func ("/kiln/chip/flash-freqs-and-modes", test_flash_freqs_and_modes);
  return g_test_run ();
}
