/* fuzz-image.c: firmware image parsing and description, header patching
 * and init-data handling.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Byte 0 picks the chip hint (none, or a row of the chip table).
 */
#include "kiln-chip.h"
#include "kiln-fuzz.h"
#include "kiln-image.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  kiln_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const KilnChipId chips[] = { KILN_CHIP_ESP8266, KILN_CHIP_ESP32 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *what = NULL;
  g_autoptr(GBytes) patched = NULL;
  const KilnChipInfo *chip = NULL;
  KilnFlashParams params = { 2, 0, 2 };

  if (size < 1)
    return 0;
  if (data[0] % 3 != 0)
    chip = kiln_chip_get (chips[data[0] % 3 - 1]);
  bytes = g_bytes_new (data + 1, size - 1);
  info = kiln_image_info_new (bytes, chip);
  g_assert (info != NULL);
  text = kiln_image_info_to_string (info, "fuzz.bin");
  kiln_image_info_check (info, "fuzz.bin", &error);
  (void) kiln_image_info_is_firmware (info);
  if (chip != NULL)
    {
      patched = kiln_image_patch_flash_params_named (bytes, chip, data[0] & 0x80 ? 0x1000 : 0,
                                                     &params, "fuzz.bin", &what);
      if (kiln_image_is_init_data (data + 1, size - 1))
        {
          g_autoptr(GBytes) xtal = NULL;
          g_autofree char *note = NULL;
          g_clear_error (&error);
          xtal = kiln_image_set_init_data_crystal (bytes, 26, &note, &error);
        }
    }
  return 0;
}
