/* kiln-elf.h: read 32-bit little-endian ELF files (Xtensa, RISC-V) and
 * turn them into flashable images.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kiln-chip.h"
#include "kiln-image.h"

G_BEGIN_DECLS

#define KILN_ELF_MACHINE_XTENSA 94
#define KILN_ELF_MACHINE_RISCV  243

/**
 * KilnElfSection:
 * @name: from the section name table ("" when there is none)
 * @data: (nullable): the bytes; %NULL for NOBITS sections (.bss)
 */
typedef struct
{
  char    *name;
  guint32  type;
  guint32  flags;
  guint32  address;
  guint32  size;
  guint32  offset;
  GBytes  *data;
} KilnElfSection;

/**
 * KilnElfSegment:
 * A program header (only PT_LOAD ones are kept).
 * @data: the file bytes (filesz of them)
 */
typedef struct
{
  guint32  vaddr;
  guint32  paddr;
  guint32  memsz;
  guint32  flags;
  GBytes  *data;
} KilnElfSegment;

typedef struct
{
  guint16    machine;
  guint32    entry;
  GPtrArray *sections;   /* (element-type KilnElfSection) */
  GPtrArray *segments;   /* (element-type KilnElfSegment) PT_LOAD only */
} KilnElf;

KilnElf  *kiln_elf_parse   (GBytes      *data,
                            GError     **error);
KilnElf  *kiln_elf_load    (const char  *path,
                            GError     **error);
void      kiln_elf_free    (KilnElf     *elf);
const KilnElfSection *kiln_elf_find_section (const KilnElf *elf,
                                             const char    *name);
/* The chip whose memory map holds every loadable address (and the entry
 * point in RAM), when exactly one does: the Xtensa chips (ESP8266, ESP32,
 * S2, S3) tell apart this way; RISC-V chips share addresses.  Otherwise
 * NULL. */
const KilnChipInfo *kiln_elf_guess_chip (const KilnElf *elf);

/**
 * KilnElfImageOptions:
 * @version: ESP8266 only: 1 (ROM image + separate irom0 file) or 2
 *   (user1/user2.bin for the SDK's boot loader); 0 means 1
 * @app: ESP8266 v2 only: 1 or 2; 0 = from the irom0 link address
 * @flash: mode, frequency and size codes for the header (-1 = the
 *   defaults: DIO, 40 MHz, and 1 MB on ESP8266 / 2 MB on ESP32)
 * @hash: ESP32 family: append a SHA-256 (ESP-IDF apps always do)
 */
typedef struct
{
  guint           version;
  guint           app;
  KilnFlashParams flash;
  gboolean        hash;
} KilnElfImageOptions;

void       kiln_elf_image_options_init (KilnElfImageOptions *options);
/* The files to flash, each a KilnRegion whose address is where it goes and
 * whose name is a suggested file suffix ("0x00000.bin", "user1.bin",
 * "app.bin").  (element-type KilnRegion) */
GPtrArray *kiln_elf_to_image           (const KilnElf             *elf,
                                        const KilnChipInfo        *chip,
                                        const KilnElfImageOptions *options,
                                        GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnElf, kiln_elf_free)

G_END_DECLS
