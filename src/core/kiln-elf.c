/* kiln-elf.c: ELF reader and image builder (elf2image).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The image layouts are protocol-facts.md §9.2 (ESP8266 v1), §9.3 (v2, the
 * SDK's gen_appbin rules) and §9.4 (ESP32 family).  The ELF side reads only
 * what an image needs: the allocated sections with contents, or the
 * PT_LOAD program headers when the section table is stripped.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-elf.h"
#include "kiln-error.h"
#include "kiln-layout.h"
#include "kiln-util.h"

#define EHDR_SIZE   52
#define SHDR_SIZE   40
#define PHDR_SIZE   32
#define SHT_NULL    0
#define SHT_NOBITS  8
#define SHF_ALLOC   0x2
#define PT_LOAD     1

#define ESP8266_IROM_BASE 0x40200000u
#define FLASH_PAGE        0x10000u   /* the cache maps flash in 64 KiB pages */
#define MAX_SEGMENTS      16

static guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static void
section_free (KilnElfSection *s)
{
  g_free (s->name);
  g_clear_pointer (&s->data, g_bytes_unref);
  g_free (s);
}

static void
segment_free (KilnElfSegment *s)
{
  g_clear_pointer (&s->data, g_bytes_unref);
  g_free (s);
}

void
kiln_elf_free (KilnElf *elf)
{
  if (elf == NULL)
    return;
  g_clear_pointer (&elf->sections, g_ptr_array_unref);
  g_clear_pointer (&elf->segments, g_ptr_array_unref);
  g_free (elf);
}

static gboolean
in_file (gsize   len,
         guint64 offset,
         guint64 size)
{
  return offset <= len && size <= len - offset;
}

/**
 * kiln_elf_parse:
 *
 * Accepts 32-bit little-endian ELF files for Xtensa and RISC-V.  Every
 * offset is checked against the file size; a malformed file gives
 * %KILN_ERROR_IMAGE_INVALID saying which header or section is wrong.
 *
 * Returns: (transfer full): the ELF, or %NULL
 */
KilnElf *
kiln_elf_parse (GBytes  *data,
                GError **error)
{
  gsize len = 0;
  const guint8 *d = g_bytes_get_data (data, &len);
  g_autoptr(KilnElf) elf = NULL;
  guint32 phoff, shoff;
  guint16 phentsize, phnum, shentsize, shnum, shstrndx;
  const guint8 *strtab = NULL;
  gsize strtab_len = 0;

  if (len < EHDR_SIZE || memcmp (d, "\x7F" "ELF", 4) != 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("Not an ELF file: it does not start with 7F 45 4C 46."));
      return NULL;
    }
  if (d[4] != 1)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("This is a 64-bit ELF file; Espressif chips use 32-bit ones."));
      return NULL;
    }
  if (d[5] != 1)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("This ELF file is big-endian; Espressif chips are little-endian."));
      return NULL;
    }

  elf = g_new0 (KilnElf, 1);
  elf->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  elf->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);
  elf->machine = get16 (d + 18);
  elf->entry = kiln_get_le32 (d + 24);
  phoff = kiln_get_le32 (d + 28);
  shoff = kiln_get_le32 (d + 32);
  phentsize = get16 (d + 42);
  phnum = get16 (d + 44);
  shentsize = get16 (d + 46);
  shnum = get16 (d + 48);
  shstrndx = get16 (d + 50);

  if (elf->machine != KILN_ELF_MACHINE_XTENSA && elf->machine != KILN_ELF_MACHINE_RISCV)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("This ELF file is for machine %u, neither Xtensa (94) nor RISC-V (243): "
                     "it was not built for an Espressif chip."), elf->machine);
      return NULL;
    }

  if (phnum > 0)
    {
      if (phentsize < PHDR_SIZE || !in_file (len, phoff, (guint64) phnum * phentsize))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                       _("The ELF program header table (%u entries at 0x%x) is past the end of "
                         "the file: it is truncated."), phnum, phoff);
          return NULL;
        }
      for (guint i = 0; i < phnum; i++)
        {
          const guint8 *p = d + phoff + (gsize) i * phentsize;
          guint32 offset = kiln_get_le32 (p + 4), filesz = kiln_get_le32 (p + 16);
          KilnElfSegment *seg;

          if (kiln_get_le32 (p) != PT_LOAD)
            continue;
          if (!in_file (len, offset, filesz))
            {
              g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                           _("ELF program header %u (%u bytes at 0x%x) is past the end of the "
                             "file: it is truncated."), i, filesz, offset);
              return NULL;
            }
          seg = g_new0 (KilnElfSegment, 1);
          seg->vaddr = kiln_get_le32 (p + 8);
          seg->paddr = kiln_get_le32 (p + 12);
          seg->memsz = kiln_get_le32 (p + 20);
          seg->flags = kiln_get_le32 (p + 24);
          seg->data = g_bytes_new_from_bytes (data, offset, filesz);
          g_ptr_array_add (elf->segments, seg);
        }
    }

  if (shnum > 0)
    {
      if (shentsize < SHDR_SIZE || !in_file (len, shoff, (guint64) shnum * shentsize))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                       _("The ELF section header table (%u entries at 0x%x) is past the end of "
                         "the file: it is truncated."), shnum, shoff);
          return NULL;
        }
      if (shstrndx < shnum)
        {
          const guint8 *s = d + shoff + (gsize) shstrndx * shentsize;
          guint32 off = kiln_get_le32 (s + 16), size = kiln_get_le32 (s + 20);
          if (kiln_get_le32 (s + 4) != SHT_NOBITS && in_file (len, off, size))
            {
              strtab = d + off;
              strtab_len = size;
            }
        }
      for (guint i = 0; i < shnum; i++)
        {
          const guint8 *s = d + shoff + (gsize) i * shentsize;
          KilnElfSection *sec = g_new0 (KilnElfSection, 1);
          guint32 name = kiln_get_le32 (s);

          sec->type = kiln_get_le32 (s + 4);
          sec->flags = kiln_get_le32 (s + 8);
          sec->address = kiln_get_le32 (s + 12);
          sec->offset = kiln_get_le32 (s + 16);
          sec->size = kiln_get_le32 (s + 20);
          if (strtab != NULL && name < strtab_len)
            sec->name = g_strndup ((const char *) strtab + name, strtab_len - name);
          else
            sec->name = g_strdup ("");
          g_ptr_array_add (elf->sections, sec);

          if (sec->type == SHT_NULL || sec->type == SHT_NOBITS)
            continue;
          if (!in_file (len, sec->offset, sec->size))
            {
              g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                           _("ELF section %s (%u bytes at 0x%x) is past the end of the file: it "
                             "is truncated."),
                           *sec->name ? sec->name : "?", sec->size, sec->offset);
              return NULL;
            }
          sec->data = g_bytes_new_from_bytes (data, sec->offset, sec->size);
        }
    }
  return g_steal_pointer (&elf);
}

KilnElf *
kiln_elf_load (const char  *path,
               GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GMappedFile) map = g_mapped_file_new (path, FALSE, &local);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) parse_error = NULL;
  KilnElf *elf;

  if (map == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Cannot read %s: %s"), path,
                   local->message);
      return NULL;
    }
  /* Copy: the sections keep slices of it after the map is gone. */
  bytes = g_bytes_new (g_mapped_file_get_contents (map), g_mapped_file_get_length (map));
  elf = kiln_elf_parse (bytes, &parse_error);
  if (elf == NULL)
    {
      g_set_error (error, parse_error->domain, parse_error->code, "%s: %s", path,
                   parse_error->message);
      return NULL;
    }
  return elf;
}

const KilnElfSection *
kiln_elf_find_section (const KilnElf *elf,
                       const char    *name)
{
  for (guint i = 0; i < elf->sections->len; i++)
    {
      const KilnElfSection *s = g_ptr_array_index (elf->sections, i);
      if (g_str_equal (s->name, name))
        return s;
    }
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* Loadable chunks                                                          */

typedef struct
{
  guint32     address;
  GByteArray *data;
  char       *name;    /* the first section's name, for messages */
} Chunk;

static void
chunk_free (Chunk *c)
{
  g_byte_array_unref (c->data);
  g_free (c->name);
  g_free (c);
}

static Chunk *
chunk_new (guint32       address,
           const guint8 *data,
           gsize         len,
           const char   *name)
{
  Chunk *c = g_new0 (Chunk, 1);
  c->address = address;
  c->data = g_byte_array_sized_new ((guint) len);
  g_byte_array_append (c->data, data, (guint) len);
  c->name = g_strdup (name);
  return c;
}

static gint
compare_chunk (gconstpointer a,
               gconstpointer b)
{
  const Chunk *ca = *(Chunk *const *) a;
  const Chunk *cb = *(Chunk *const *) b;
  return ca->address < cb->address ? -1 : ca->address > cb->address;
}

/* The bytes the chip needs: allocated sections that have contents (not
 * .bss), or, in a file without sections, the PT_LOAD segments. */
static GPtrArray *
collect_chunks (const KilnElf *elf)
{
  GPtrArray *chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);

  for (guint i = 0; i < elf->sections->len; i++)
    {
      const KilnElfSection *s = g_ptr_array_index (elf->sections, i);
      gsize n = 0;
      const guint8 *p;

      if (!(s->flags & SHF_ALLOC) || s->data == NULL || s->size == 0)
        continue;
      p = g_bytes_get_data (s->data, &n);
      g_ptr_array_add (chunks, chunk_new (s->address, p, n, s->name));
    }
  if (chunks->len == 0)
    for (guint i = 0; i < elf->segments->len; i++)
      {
        const KilnElfSegment *s = g_ptr_array_index (elf->segments, i);
        gsize n = 0;
        const guint8 *p = g_bytes_get_data (s->data, &n);
        g_autofree char *name = g_strdup_printf ("PT_LOAD %u", i);
        if (n > 0)
          g_ptr_array_add (chunks, chunk_new (s->vaddr, p, n, name));
      }
  g_ptr_array_sort (chunks, compare_chunk);
  return chunks;
}

/* Joins neighbours in the same memory (gaps of alignment padding, up to
 * 16 bytes, become zeros) so the image has as few segments as it can:
 * the header counts at most 16. */
static void
merge_chunks (GPtrArray          *chunks,
              const KilnChipInfo *chip)
{
  for (guint i = 1; i < chunks->len;)
    {
      Chunk *a = g_ptr_array_index (chunks, i - 1);
      Chunk *b = g_ptr_array_index (chunks, i);
      guint64 a_end = (guint64) a->address + a->data->len;

      if (b->address >= a_end && b->address - a_end <= 16 &&
          g_strcmp0 (kiln_image_address_region (chip, a->address),
                     kiln_image_address_region (chip, b->address)) == 0 &&
          kiln_image_address_is_flash_mapped (chip, a->address) ==
          kiln_image_address_is_flash_mapped (chip, b->address))
        {
          static const guint8 zeros[16] = { 0 };
          g_byte_array_append (a->data, zeros, (guint) (b->address - a_end));
          g_byte_array_append (a->data, b->data->data, b->data->len);
          g_ptr_array_remove_index (chunks, i);
        }
      else
        i++;
    }
}

static void
pad_to (GByteArray *a,
        gsize       multiple)
{
  static const guint8 zero = 0;
  while (a->len % multiple != 0)
    g_byte_array_append (a, &zero, 1);
}

static gboolean
is_xtensa_chip (const KilnChipInfo *chip)
{
  return chip->id == KILN_CHIP_ESP8266 || chip->id == KILN_CHIP_ESP32 ||
         chip->id == KILN_CHIP_ESP32S2 || chip->id == KILN_CHIP_ESP32S3;
}

const KilnChipInfo *
kiln_elf_guess_chip (const KilnElf *elf)
{
  g_autoptr(GPtrArray) chunks = collect_chunks (elf);
  const KilnChipInfo *found = NULL;

  if (chunks->len == 0)
    return NULL;
  for (gint id = 0; id < KILN_N_CHIPS; id++)
    {
      const KilnChipInfo *chip = kiln_chip_get (id);
      gboolean all = (elf->machine == KILN_ELF_MACHINE_XTENSA) == is_xtensa_chip (chip);

      for (guint i = 0; all && i < chunks->len; i++)
        {
          const Chunk *c = g_ptr_array_index (chunks, i);
          all = kiln_image_address_region (chip, c->address) != NULL;
        }
      /* Execution starts in RAM on every chip: this tells an ESP8266
       * program (entry in IRAM at 0x401xxxxx) from the ESP32, whose
       * flash-mapped IROM window covers the same addresses. */
      if (all && elf->entry != 0)
        all = kiln_image_address_region (chip, elf->entry) != NULL &&
              !kiln_image_address_is_flash_mapped (chip, elf->entry);
      if (all)
        {
          if (found != NULL)
            return NULL;
          found = chip;
        }
    }
  return found;
}

void
kiln_elf_image_options_init (KilnElfImageOptions *options)
{
  memset (options, 0, sizeof *options);
  options->version = 1;
  options->flash.mode = options->flash.freq = options->flash.size = -1;
  options->hash = TRUE;
}

/* Header byte 2 and 3 from the options, with the defaults. */
static void
header_params (const KilnElfImageOptions *o,
               const KilnChipInfo        *chip,
               guint8                    *mode,
               guint8                    *size_freq)
{
  const KilnFlashSize *def = kiln_chip_flash_size_lookup (chip, chip->id == KILN_CHIP_ESP8266
                                                                ? "1MB" : "2MB");
  guint8 size = o->flash.size >= 0 ? (guint8) o->flash.size : def->code;
  guint8 freq = o->flash.freq >= 0 ? (guint8) o->flash.freq : 0x0;

  *mode = o->flash.mode >= 0 ? (guint8) o->flash.mode : KILN_FLASH_MODE_DIO;
  *size_freq = (guint8) ((size & 0xF) << 4 | (freq & 0xF));
}

static void
put_le32 (GByteArray *a,
          guint32     v)
{
  guint8 b[4];
  kiln_put_le32 (b, v);
  g_byte_array_append (a, b, 4);
}

/* Appends a segment (load address, length, data padded to 4) and folds
 * its data into the running checksum. */
static void
emit_segment (GByteArray   *out,
              guint32       address,
              const guint8 *data,
              gsize         len,
              guint8       *sum)
{
  static const guint8 zeros[4] = { 0 };
  gsize padded = (len + 3) & ~(gsize) 3;

  put_le32 (out, address);
  put_le32 (out, (guint32) padded);
  g_byte_array_append (out, data, (guint) len);
  g_byte_array_append (out, zeros, (guint) (padded - len));
  *sum = kiln_image_xor_checksum (data, len, *sum);
}

/* Zero padding to 15 mod 16, then the checksum byte (§9.2). */
static void
emit_checksum (GByteArray *out,
               guint8      sum)
{
  static const guint8 zero = 0;
  while (out->len % 16 != 15)
    g_byte_array_append (out, &zero, 1);
  g_byte_array_append (out, &sum, 1);
}

static KilnRegion *
region_take (guint32     address,
             GByteArray *bytes,
             const char *name)
{
  g_autoptr(GBytes) b = g_byte_array_free_to_bytes (bytes);
  return kiln_region_new (address, b, name);
}

static gboolean
check_count (guint     count,
             GError  **error)
{
  if (count > MAX_SEGMENTS)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("The image would need %u segments; the header holds at most %u. Link "
                     "the program with fewer separate memory sections."), count, MAX_SEGMENTS);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* ESP8266                                                                  */

/* All irom0 chunks as one blob from the lowest address; RAM chunks stay
 * in @ram. */
static Chunk *
split_esp8266 (GPtrArray          *chunks,
               const KilnChipInfo *chip,
               GPtrArray          *ram)
{
  Chunk *irom = NULL;

  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *c = g_ptr_array_index (chunks, i);
      if (!kiln_image_address_is_flash_mapped (chip, c->address))
        {
          g_ptr_array_add (ram, c);
          continue;
        }
      if (irom == NULL)
        irom = chunk_new (c->address, c->data->data, c->data->len, c->name);
      else
        {
          guint32 at = c->address - irom->address;
          if (irom->data->len < at)
            {
              guint old = irom->data->len;
              g_byte_array_set_size (irom->data, at);
              memset (irom->data->data + old, 0, at - old);
            }
          g_byte_array_set_size (irom->data, MAX (irom->data->len, at + c->data->len));
          memcpy (irom->data->data + at, c->data->data, c->data->len);
        }
    }
  return irom;
}

static GPtrArray *
build_esp8266_v1 (const KilnElf             *elf,
                  const KilnChipInfo        *chip,
                  GPtrArray                 *chunks,
                  const KilnElfImageOptions *o,
                  GError                   **error)
{
  g_autoptr(GPtrArray) ram = g_ptr_array_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  Chunk *irom = split_esp8266 (chunks, chip, ram);
  GByteArray *img = g_byte_array_new ();
  guint8 h[4] = { 0xE9, 0, 0, 0 };
  guint8 sum = 0xEF;

  if (!check_count (ram->len, error))
    {
      g_byte_array_unref (img);
      g_clear_pointer (&irom, chunk_free);
      return NULL;
    }
  h[1] = (guint8) ram->len;
  header_params (o, chip, &h[2], &h[3]);
  g_byte_array_append (img, h, 4);
  put_le32 (img, elf->entry);
  for (guint i = 0; i < ram->len; i++)
    {
      Chunk *c = g_ptr_array_index (ram, i);
      emit_segment (img, c->address, c->data->data, c->data->len, &sum);
    }
  emit_checksum (img, sum);
  g_ptr_array_add (out, region_take (0x0, img, "0x00000.bin"));

  if (irom != NULL)
    {
      guint32 offset = irom->address - ESP8266_IROM_BASE;
      g_autofree char *name = g_strdup_printf ("0x%05x.bin", offset);
      GByteArray *raw = g_byte_array_new ();

      g_byte_array_append (raw, irom->data->data, irom->data->len);
      pad_to (raw, 4);
      g_ptr_array_add (out, region_take (offset, raw, name));
      chunk_free (irom);
    }
  return g_steal_pointer (&out);
}

/* The NONOS OTA image user1.bin/user2.bin as the SDK's gen_appbin lays it
 * out (§9.3), because that is what the SDK's boot loader and its OTA
 * upgrade check accept; seed 002 saw esptool's v2 output rejected with a
 * checksum mismatch.  The points that matter:
 *   - the first header is EA 04 00 <app number>: the SDK marks the app
 *     there, not the flash parameters (those live in boot.bin at 0x0);
 *   - the irom0 data is padded to 16 bytes so the second header starts on
 *     a 16-byte boundary, and its load address word is 0;
 *   - the second header is a normal v1 header with the RAM segments and
 *     the XOR checksum, which covers only RAM segment data;
 *   - a CRC-32 trailer covers everything, with the SDK's sign rule
 *     (kiln_image_esp8266_v2_crc()).
 * The irom0 code runs at 0x40200000 + flash offset + 0x10, so the ELF
 * must be linked for the slot it is meant for (0x40201010 for user1). */
static GPtrArray *
build_esp8266_v2 (const KilnElf             *elf,
                  const KilnChipInfo        *chip,
                  GPtrArray                 *chunks,
                  const KilnElfImageOptions *o,
                  GError                   **error)
{
  g_autoptr(GPtrArray) ram = g_ptr_array_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  Chunk *irom = split_esp8266 (chunks, chip, ram);
  g_autoptr(GByteArray) img = NULL;
  guint8 h1[4] = { 0xEA, 0x04, 0x00, 0 };
  guint8 h2[4] = { 0xE9, 0, 0, 0 };
  guint8 sum = 0xEF, crc[4];
  guint32 link_offset, address;
  guint app;
  g_autofree char *name = NULL;

  if (irom == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("A v2 image (user1.bin) needs the irom0 code (.irom0.text at 0x40201010), "
                     "and this ELF file has none. Use --version 1 for a program that runs "
                     "from RAM."));
      return NULL;
    }
  link_offset = irom->address - ESP8266_IROM_BASE;
  if (link_offset < 0x10 || (link_offset - 0x10) % KILN_SECTOR_SIZE != 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("The irom0 code is linked at 0x%08x, but in a v2 image it runs 0x10 bytes "
                     "after the start of its flash sector (0x40201010 for user1 at 0x1000, "
                     "0x40281010 for user2 at 0x81000). Link with the SDK's "
                     "eagle.app.v6.new.*.ld script."), irom->address);
      chunk_free (irom);
      return NULL;
    }
  if (!check_count (ram->len, error))
    {
      chunk_free (irom);
      return NULL;
    }
  link_offset -= 0x10;
  app = o->app != 0 ? o->app : (link_offset == 0x1000 ? 1 : 2);
  address = link_offset;
  if (app == 2 && link_offset == 0x1000)
    {
      /* 1024+1024 maps link both apps for 0x1000 (boot.bin maps the slot);
       * user2 then goes where the chosen map puts it. */
      guint8 mode, size_freq;
      const KilnFlashMap *map;
      header_params (o, chip, &mode, &size_freq);
      map = kiln_flash_map_get (size_freq >> 4);
      if (map == NULL || map->user2_address == 0)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                       _("user2.bin linked for 0x1000 needs a flash size with a 1024+1024 "
                         "layout (2MB-c1, 4MB-c1 …) to know where it goes."));
          chunk_free (irom);
          return NULL;
        }
      address = map->user2_address;
    }

  img = g_byte_array_new ();
  h1[3] = (guint8) app;
  g_byte_array_append (img, h1, 4);
  put_le32 (img, elf->entry);
  put_le32 (img, 0);
  pad_to (irom->data, 16);
  put_le32 (img, irom->data->len);
  g_byte_array_append (img, irom->data->data, irom->data->len);
  chunk_free (irom);

  h2[1] = (guint8) ram->len;
  header_params (o, chip, &h2[2], &h2[3]);
  g_byte_array_append (img, h2, 4);
  put_le32 (img, elf->entry);
  for (guint i = 0; i < ram->len; i++)
    {
      Chunk *c = g_ptr_array_index (ram, i);
      emit_segment (img, c->address, c->data->data, c->data->len, &sum);
    }
  emit_checksum (img, sum);
  kiln_put_le32 (crc, kiln_image_esp8266_v2_crc (img->data, img->len));
  g_byte_array_append (img, crc, 4);

  name = g_strdup_printf ("user%u.bin", app);
  g_ptr_array_add (out, region_take (address, g_steal_pointer (&img), name));
  return g_steal_pointer (&out);
}

/* ---------------------------------------------------------------------- */
/* ESP32 family                                                             */

/* Places the segments so that every flash-mapped one starts at a file
 * offset equal to its address modulo 64 KiB (§9.4): the boot loader maps
 * whole 64 KiB flash pages into the cache, so the bytes must sit where the
 * page puts them.  The space in front of a flash segment is filled with
 * RAM segments that fit, then with a padding segment (load address 0,
 * which the boot loader skips). */
static GPtrArray *
build_esp32 (const KilnElf             *elf,
             const KilnChipInfo        *chip,
             GPtrArray                 *chunks,
             const KilnElfImageOptions *o,
             GError                   **error)
{
  g_autoptr(GPtrArray) ram = g_ptr_array_new ();
  g_autoptr(GPtrArray) flash = g_ptr_array_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  GByteArray *img;
  guint8 h[24] = { 0xE9 };
  guint8 sum = 0xEF;
  guint count = 0;
  gsize pos = sizeof h;

  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *c = g_ptr_array_index (chunks, i);
      pad_to (c->data, 4);
      g_ptr_array_add (kiln_image_address_is_flash_mapped (chip, c->address) ? flash : ram, c);
    }

  for (guint i = 0; i < flash->len; i++)
    {
      Chunk *f = g_ptr_array_index (flash, i);

      for (;;)
        {
          gsize gap = (f->address - (pos + 8)) % FLASH_PAGE;
          gboolean placed = FALSE;

          if (gap == 0)
            break;
          /* Too small for even a segment header: go round one more page. */
          if (gap < 8)
            gap += FLASH_PAGE;
          for (guint j = 0; j < ram->len; j++)
            {
              Chunk *r = g_ptr_array_index (ram, j);
              gsize need = 8 + r->data->len;
              if (need == gap || need + 8 <= gap)
                {
                  emit_segment (body, r->address, r->data->data, r->data->len, &sum);
                  pos += need;
                  count++;
                  g_ptr_array_remove_index (ram, j);
                  placed = TRUE;
                  break;
                }
            }
          if (!placed)
            {
              g_autofree guint8 *zeros = g_malloc0 (gap - 8);
              emit_segment (body, 0, zeros, gap - 8, &sum);
              pos += gap;
              count++;
            }
        }
      emit_segment (body, f->address, f->data->data, f->data->len, &sum);
      pos += 8 + f->data->len;
      count++;
    }
  for (guint i = 0; i < ram->len; i++)
    {
      Chunk *r = g_ptr_array_index (ram, i);
      emit_segment (body, r->address, r->data->data, r->data->len, &sum);
      count++;
    }
  if (!check_count (count, error))
    return NULL;

  h[1] = (guint8) count;
  header_params (o, chip, &h[2], &h[3]);
  kiln_put_le32 (h + 4, elf->entry);
  h[8] = 0xEE;                       /* WP pin: not used */
  h[12] = chip->image_chip_id & 0xFF;
  h[13] = (chip->image_chip_id >> 8) & 0xFF;
  h[17] = 0xFF;                      /* max revision 0xFFFF: any */
  h[18] = 0xFF;
  h[23] = o->hash ? 1 : 0;

  img = g_byte_array_new ();
  g_byte_array_append (img, h, sizeof h);
  g_byte_array_append (img, body->data, body->len);
  emit_checksum (img, sum);
  if (o->hash)
    {
      g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize n = sizeof digest;
      g_checksum_update (sha, img->data, img->len);
      g_checksum_get_digest (sha, digest, &n);
      g_byte_array_append (img, digest, sizeof digest);
    }
  /* An app (it runs from flash) goes to the first app partition; a
   * program without flash-mapped code is a second-stage boot loader. */
  if (flash->len > 0)
    g_ptr_array_add (out, region_take (0x10000, img, "app.bin"));
  else
    g_ptr_array_add (out, region_take (chip->bootloader_offset, img, "bootloader.bin"));
  return g_steal_pointer (&out);
}

/**
 * kiln_elf_to_image:
 * @chip: (nullable): the target; %NULL = kiln_elf_guess_chip()
 *
 * Builds the flashable file(s).  Fails with %KILN_ERROR_IMAGE_INVALID when
 * the ELF file does not fit the format (nothing to load, too many
 * segments, irom0 linked at the wrong place for v2), and
 * %KILN_ERROR_INVALID_ARGUMENT when the chip cannot be told or does not
 * match the ELF machine.
 *
 * Returns: (transfer full) (element-type KilnRegion): the files, or %NULL
 */
GPtrArray *
kiln_elf_to_image (const KilnElf             *elf,
                   const KilnChipInfo        *chip,
                   const KilnElfImageOptions *options,
                   GError                   **error)
{
  g_autoptr(GPtrArray) chunks = collect_chunks (elf);
  KilnElfImageOptions defaults;

  if (options == NULL)
    {
      kiln_elf_image_options_init (&defaults);
      options = &defaults;
    }
  if (chip == NULL)
    chip = kiln_elf_guess_chip (elf);
  if (chip == NULL)
    {
      g_autofree char *names = kiln_chip_list_names (", ");
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("Cannot tell which chip this %s ELF file is for. Name it with --chip (%s)."),
                   elf->machine == KILN_ELF_MACHINE_RISCV ? "RISC-V" : "Xtensa", names);
      return NULL;
    }
  if ((elf->machine == KILN_ELF_MACHINE_XTENSA) != is_xtensa_chip (chip))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("This ELF file holds %s code, but the %s has a %s CPU. Check --chip."),
                   elf->machine == KILN_ELF_MACHINE_RISCV ? "RISC-V" : "Xtensa",
                   chip->display_name, is_xtensa_chip (chip) ? "Xtensa" : "RISC-V");
      return NULL;
    }
  if (chunks->len == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("This ELF file has nothing to load: no allocated sections with contents "
                     "and no PT_LOAD program headers."));
      return NULL;
    }
  merge_chunks (chunks, chip);

  if (chip->id == KILN_CHIP_ESP8266)
    {
      if (options->version == 2)
        return build_esp8266_v2 (elf, chip, chunks, options, error);
      if (options->version > 2)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                       _("ESP8266 images are version 1 or 2, not %u."), options->version);
          return NULL;
        }
      return build_esp8266_v1 (elf, chip, chunks, options, error);
    }
  if (options->version == 2)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("--version 2 is for the ESP8266 only; the %s has one image format."),
                   chip->display_name);
      return NULL;
    }
  return build_esp32 (elf, chip, chunks, options, error);
}
