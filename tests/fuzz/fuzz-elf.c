/* fuzz-elf.c: the ELF reader and elf2image.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Byte 0 picks the chip and the image options.
 */
#include "kiln-chip.h"
#include "kiln-elf.h"
#include "kiln-fuzz.h"

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
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KilnElf) elf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  const KilnChipInfo *chip;
  KilnElfImageOptions options;

  if (size < 1)
    return 0;
  bytes = g_bytes_new (data + 1, size - 1);
  elf = kiln_elf_parse (bytes, &error);
  g_assert ((elf == NULL) == (error != NULL));
  if (elf == NULL)
    return 0;
  (void) kiln_elf_find_section (elf, ".text");
  chip = kiln_elf_guess_chip (elf);
  if (chip == NULL)
    chip = kiln_chip_get (data[0] & 1 ? KILN_CHIP_ESP32 : KILN_CHIP_ESP8266);
  kiln_elf_image_options_init (&options);
  options.version = 1 + ((data[0] >> 1) & 1);
  options.hash = (data[0] >> 2) & 1;
  regions = kiln_elf_to_image (elf, chip, &options, &error);
  g_assert ((regions == NULL) == (error != NULL));
  return 0;
}
