/* test-elf.c: ELF parsing and elf2image, on ELF files built here.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiln-core.h"

#define SHT_PROGBITS 1
#define SHT_STRTAB   3
#define SHT_NOBITS   8
#define SHF_WRITE    0x1
#define SHF_ALLOC    0x2
#define SHF_EXEC     0x4

typedef struct
{
  const char *name;
  guint32     addr;
  guint32     size;
  guint32     type;    /* 0 = PROGBITS */
  guint8      fill;
} TSec;

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = v & 0xFF;
  p[1] = v >> 8;
}

/* A minimal ELF32 LE: header, section contents, .shstrtab, then the
 * section headers; optionally one PT_LOAD per section instead of (or as
 * well as) the section table. */
static GBytes *
build_elf (guint16     machine,
           guint32     entry,
           const TSec *secs,
           guint       n,
           gboolean    sections,
           gboolean    phdrs)
{
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GString) strtab = g_string_new ("");
  g_autofree guint32 *offsets = g_new0 (guint32, n);
  g_autofree guint32 *names = g_new0 (guint32, n);
  guint8 eh[52] = { 0x7F, 'E', 'L', 'F', 1, 1, 1 };
  guint32 strtab_off, strtab_name, phoff = 0, shoff = 0;
  guint nload = 0;

  g_byte_array_append (a, eh, sizeof eh);
  g_string_append_c (strtab, '\0');
  for (guint i = 0; i < n; i++)
    {
      names[i] = strtab->len;
      g_string_append (strtab, secs[i].name);
      g_string_append_c (strtab, '\0');
      offsets[i] = a->len;
      if (secs[i].type != SHT_NOBITS)
        {
          for (guint j = 0; j < secs[i].size; j++)
            {
              guint8 b = (guint8) (secs[i].fill + j);
              g_byte_array_append (a, &b, 1);
            }
          nload++;
        }
    }
  strtab_name = strtab->len;
  g_string_append (strtab, ".shstrtab");
  g_string_append_c (strtab, '\0');
  strtab_off = a->len;
  g_byte_array_append (a, (const guint8 *) strtab->str, strtab->len);
  while (a->len % 4)
    g_byte_array_append (a, (const guint8 *) "", 1);

  if (phdrs)
    {
      phoff = a->len;
      for (guint i = 0; i < n; i++)
        {
          guint8 ph[32] = { 0 };
          if (secs[i].type == SHT_NOBITS)
            continue;
          kiln_put_le32 (ph, 1);
          kiln_put_le32 (ph + 4, offsets[i]);
          kiln_put_le32 (ph + 8, secs[i].addr);
          kiln_put_le32 (ph + 12, secs[i].addr);
          kiln_put_le32 (ph + 16, secs[i].size);
          kiln_put_le32 (ph + 20, secs[i].size);
          kiln_put_le32 (ph + 24, 7);
          g_byte_array_append (a, ph, sizeof ph);
        }
    }
  if (sections)
    {
      guint8 sh[40] = { 0 };
      shoff = a->len;
      g_byte_array_append (a, sh, sizeof sh);   /* SHN_UNDEF */
      for (guint i = 0; i < n; i++)
        {
          memset (sh, 0, sizeof sh);
          kiln_put_le32 (sh, names[i]);
          kiln_put_le32 (sh + 4, secs[i].type ? secs[i].type : SHT_PROGBITS);
          kiln_put_le32 (sh + 8, SHF_ALLOC | SHF_EXEC);
          kiln_put_le32 (sh + 12, secs[i].addr);
          kiln_put_le32 (sh + 16, offsets[i]);
          kiln_put_le32 (sh + 20, secs[i].size);
          g_byte_array_append (a, sh, sizeof sh);
        }
      memset (sh, 0, sizeof sh);
      kiln_put_le32 (sh, strtab_name);
      kiln_put_le32 (sh + 4, SHT_STRTAB);
      kiln_put_le32 (sh + 16, strtab_off);
      kiln_put_le32 (sh + 20, strtab->len);
      g_byte_array_append (a, sh, sizeof sh);
    }

  put16 (a->data + 16, 2);              /* ET_EXEC */
  put16 (a->data + 18, machine);
  kiln_put_le32 (a->data + 20, 1);
  kiln_put_le32 (a->data + 24, entry);
  kiln_put_le32 (a->data + 28, phoff);
  kiln_put_le32 (a->data + 32, shoff);
  put16 (a->data + 40, 52);
  put16 (a->data + 42, 32);
  put16 (a->data + 44, phdrs ? nload : 0);
  put16 (a->data + 46, 40);
  put16 (a->data + 48, sections ? n + 2 : 0);
  put16 (a->data + 50, sections ? n + 1 : 0);
  return g_byte_array_free_to_bytes (a);
}

static const TSec esp8266_nonos[] = {
  { ".data", 0x3FFE8000, 0x20, 0, 0x10 },
  { ".rodata", 0x3FFE8020, 0x35, 0, 0x40 },
  { ".bss", 0x3FFE8060, 0x100, SHT_NOBITS, 0 },
  { ".text", 0x40100000, 0x41, 0, 0x80 },
  { ".irom0.text", 0x40210000, 0x123, 0, 0xC0 },
};

static const TSec esp8266_ota[] = {
  { ".data", 0x3FFE8000, 0x20, 0, 0x10 },
  { ".text", 0x40100000, 0x40, 0, 0x80 },
  { ".irom0.text", 0x40201010, 0x123, 0, 0xC0 },
};

static void
test_parse (void)
{
  g_autoptr(GBytes) b = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40100004, esp8266_nonos,
                                   G_N_ELEMENTS (esp8266_nonos), TRUE, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnElf) elf = kiln_elf_parse (b, &error);
  const KilnElfSection *s;

  g_assert_no_error (error);
  g_assert_cmpuint (elf->machine, ==, KILN_ELF_MACHINE_XTENSA);
  g_assert_cmphex (elf->entry, ==, 0x40100004);
  g_assert_cmpuint (elf->sections->len, ==, G_N_ELEMENTS (esp8266_nonos) + 2);
  g_assert_cmpuint (elf->segments->len, ==, 4);
  s = kiln_elf_find_section (elf, ".irom0.text");
  g_assert_nonnull (s);
  g_assert_cmphex (s->address, ==, 0x40210000);
  g_assert_cmpuint (g_bytes_get_size (s->data), ==, 0x123);
  s = kiln_elf_find_section (elf, ".bss");
  g_assert_null (s->data);
  g_assert_null (kiln_elf_find_section (elf, ".nothing"));
  g_assert_true (kiln_elf_guess_chip (elf) == kiln_chip_get (KILN_CHIP_ESP8266));
}

static void
expect_parse_error (GBytes     *b,
                    const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnElf) elf = kiln_elf_parse (b, &error);

  g_assert_null (elf);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, needle);
}

static GBytes *
patched (GBytes *b,
         gsize   offset,
         guint8  value)
{
  gsize n = 0;
  const guint8 *src = g_bytes_get_data (b, &n);
  guint8 *d = g_memdup2 (src, n);
  d[offset] = value;
  return g_bytes_new_take (d, n);
}

static void
test_parse_errors (void)
{
  g_autoptr(GBytes) good = build_elf (KILN_ELF_MACHINE_XTENSA, 0, esp8266_nonos,
                                      G_N_ELEMENTS (esp8266_nonos), TRUE, FALSE);
  gsize n = g_bytes_get_size (good);
  g_autoptr(GBytes) text = g_bytes_new ("hello world, this is not an ELF file at all......"
                                        "...........", 60);
  g_autoptr(GBytes) b64 = patched (good, 4, 2);
  g_autoptr(GBytes) be = patched (good, 5, 2);
  g_autoptr(GBytes) arm = patched (good, 18, 40);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (good, 0, n - 10);
  g_autoptr(GBytes) big_sec = NULL;
  g_autoptr(GBytes) tiny = g_bytes_new_from_bytes (good, 0, 20);

  expect_parse_error (text, "Not an ELF file");
  expect_parse_error (tiny, "Not an ELF file");
  expect_parse_error (b64, "64-bit");
  expect_parse_error (be, "big-endian");
  expect_parse_error (arm, "machine 40");
  expect_parse_error (cut, "section header table");

  /* .data's size (first real section header, +20) made huge. */
  {
    gsize shoff = kiln_get_le32 ((const guint8 *) g_bytes_get_data (good, NULL) + 32);
    big_sec = patched (good, shoff + 40 + 22, 0x7F);
  }
  expect_parse_error (big_sec, "section .data");
}

static GPtrArray *
convert (GBytes                    *b,
         const KilnChipInfo        *chip,
         const KilnElfImageOptions *o,
         GError                   **error)
{
  g_autoptr(KilnElf) elf = kiln_elf_parse (b, NULL);
  g_assert_nonnull (elf);
  return kiln_elf_to_image (elf, chip, o, error);
}

static void
test_esp8266_v1 (void)
{
  g_autoptr(GBytes) b = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40100004, esp8266_nonos,
                                   G_N_ELEMENTS (esp8266_nonos), TRUE, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  KilnElfImageOptions o;
  KilnRegion *r0, *r1;
  const guint8 *irom;
  const KilnImageSegment *seg;

  kiln_elf_image_options_init (&o);
  o.flash.mode = KILN_FLASH_MODE_QIO;
  out = convert (b, NULL, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 2);
  r0 = g_ptr_array_index (out, 0);
  r1 = g_ptr_array_index (out, 1);
  g_assert_cmphex (r0->address, ==, 0x0);
  g_assert_cmpstr (r0->name, ==, "0x00000.bin");
  g_assert_cmphex (r1->address, ==, 0x10000);
  g_assert_cmpstr (r1->name, ==, "0x10000.bin");

  info = kiln_image_info_new (r0->data, kiln_chip_get (KILN_CHIP_ESP8266));
  g_assert_cmpint (info->kind, ==, KILN_IMAGE_ESP8266_V1);
  g_assert_true (info->valid);
  g_assert_cmpuint (info->flash_mode, ==, KILN_FLASH_MODE_QIO);
  g_assert_cmpuint (info->flash_size_code, ==, 2);   /* default 1MB */
  g_assert_cmphex (info->entry, ==, 0x40100004);
  /* .data and .rodata are adjacent: one segment, then .text. */
  g_assert_cmpuint (info->segments->len, ==, 2);
  seg = &g_array_index (info->segments, KilnImageSegment, 0);
  g_assert_cmphex (seg->load_address, ==, 0x3FFE8000);
  g_assert_cmpuint (seg->length, ==, 0x58);          /* 0x55 padded to 4 */
  seg = &g_array_index (info->segments, KilnImageSegment, 1);
  g_assert_cmphex (seg->load_address, ==, 0x40100000);
  g_assert_cmpuint (seg->length, ==, 0x44);

  g_assert_cmpuint (g_bytes_get_size (r1->data), ==, 0x124);
  irom = g_bytes_get_data (r1->data, NULL);
  g_assert_cmphex (irom[0], ==, 0xC0);
  g_assert_cmphex (irom[0x122], ==, (guint8) (0xC0 + 0x122));
  g_assert_cmphex (irom[0x123], ==, 0);
}

static void
test_esp8266_v2 (void)
{
  g_autoptr(GBytes) b = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40100004, esp8266_ota,
                                   G_N_ELEMENTS (esp8266_ota), TRUE, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GPtrArray) out2 = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  g_autoptr(KilnImageInfo) info2 = NULL;
  KilnElfImageOptions o;
  KilnRegion *r;
  const guint8 *d;

  kiln_elf_image_options_init (&o);
  o.version = 2;
  g_assert_true (kiln_flash_params_parse (&o.flash, kiln_chip_get (KILN_CHIP_ESP8266),
                                          "qio", "40m", "2MB-c1", NULL));
  out = convert (b, NULL, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 1);
  r = g_ptr_array_index (out, 0);
  g_assert_cmphex (r->address, ==, 0x1000);
  g_assert_cmpstr (r->name, ==, "user1.bin");

  d = g_bytes_get_data (r->data, NULL);
  /* gen_appbin's first header: EA 04 00 <app>. */
  g_assert_cmphex (d[0], ==, 0xEA);
  g_assert_cmphex (d[1], ==, 0x04);
  g_assert_cmphex (d[2], ==, 0x00);
  g_assert_cmphex (d[3], ==, 0x01);
  g_assert_cmphex (kiln_get_le32 (d + 8), ==, 0);
  /* irom0 data at file offset 0x10: it runs at 0x40200000 + 0x1000 + 0x10. */
  g_assert_cmphex (d[16], ==, 0xC0);

  info = kiln_image_info_new (r->data, NULL);
  g_assert_cmpint (info->kind, ==, KILN_IMAGE_ESP8266_V2);
  g_assert_true (info->valid);
  g_assert_true (info->has_crc);
  g_assert_cmpuint (info->irom_length, ==, 0x130);
  g_assert_cmpuint (info->flash_size_code, ==, 5);
  g_assert_cmpuint (info->flash_mode, ==, KILN_FLASH_MODE_QIO);
  g_assert_cmpuint (info->segments->len, ==, 2);
  g_assert_cmpuint (g_bytes_get_size (r->data), ==, info->data_length + 4);

  /* The same code as app 2 of a 1024+1024 map goes to 0x101000. */
  o.app = 2;
  out2 = convert (b, NULL, &o, &error);
  g_assert_no_error (error);
  r = g_ptr_array_index (out2, 0);
  g_assert_cmphex (r->address, ==, 0x101000);
  g_assert_cmpstr (r->name, ==, "user2.bin");
  info2 = kiln_image_info_new (r->data, NULL);
  g_assert_true (info2->valid);
  g_assert_cmpuint (info2->v2_byte3, ==, 2);
}

static void
test_esp8266_v2_slots (void)
{
  static const TSec user2[] = {
    { ".text", 0x40100000, 0x40, 0, 0x80 },
    { ".irom0.text", 0x40281010, 0x40, 0, 0xC0 },
  };
  g_autoptr(GBytes) b2 = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40100004, user2, 2, TRUE, FALSE);
  g_autoptr(GBytes) nonos = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40100004, esp8266_nonos,
                                       G_N_ELEMENTS (esp8266_nonos), TRUE, FALSE);
  static const TSec ram_only[] = { { ".text", 0x40100000, 0x40, 0, 0x80 } };
  g_autoptr(GBytes) ram = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40100004, ram_only, 1, TRUE, FALSE);
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  KilnElfImageOptions o;

  kiln_elf_image_options_init (&o);
  o.version = 2;
  out = convert (b2, NULL, &o, NULL);
  g_assert_cmphex (((KilnRegion *) g_ptr_array_index (out, 0))->address, ==, 0x81000);
  g_assert_cmpstr (((KilnRegion *) g_ptr_array_index (out, 0))->name, ==, "user2.bin");

  /* Linked for a non-OTA layout (0x40210000): not a v2 image. */
  g_assert_null (convert (nonos, NULL, &o, &e1));
  g_assert_error (e1, KILN_ERROR, KILN_ERROR_IMAGE_INVALID);
  g_assert_nonnull (strstr (e1->message, "0x40210000"));
  g_assert_nonnull (strstr (e1->message, "0x40201010"));
  g_assert_null (convert (ram, NULL, &o, &e2));
  g_assert_nonnull (strstr (e2->message, "irom0"));
}

static void
assert_flash_aligned (const KilnImageInfo *info)
{
  guint mapped = 0;

  for (guint i = 0; i < info->segments->len; i++)
    {
      const KilnImageSegment *s = &g_array_index (info->segments, KilnImageSegment, i);
      if (kiln_image_address_is_flash_mapped (info->chip, s->load_address))
        {
          g_assert_cmphex (s->file_offset % 0x10000, ==, s->load_address % 0x10000);
          mapped++;
        }
    }
  g_assert_cmpuint (mapped, >, 0);
}

static void
test_esp32c3 (void)
{
  static const TSec app[] = {
    { ".flash.appdesc", 0x3C000020, 0x100, 0, 0x01 },
    { ".flash.rodata", 0x3C000120, 0x84, 0, 0x02 },
    { ".flash.text", 0x42000020, 0x200, 0, 0x03 },
    { ".iram0.text", 0x40380000, 0x80, 0, 0x04 },
    { ".dram0.data", 0x3FC88000, 0x40, 0, 0x05 },
    { ".dram0.bss", 0x3FC88040, 0x400, SHT_NOBITS, 0 },
  };
  g_autoptr(GBytes) b = build_elf (KILN_ELF_MACHINE_RISCV, 0x40380000, app, G_N_ELEMENTS (app),
                                   TRUE, FALSE);
  g_autoptr(KilnElf) elf = kiln_elf_parse (b, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  KilnRegion *r;

  g_assert_true (kiln_elf_guess_chip (elf) == kiln_chip_get (KILN_CHIP_ESP32C3));
  out = kiln_elf_to_image (elf, NULL, NULL, &error);
  g_assert_no_error (error);
  r = g_ptr_array_index (out, 0);
  g_assert_cmphex (r->address, ==, 0x10000);
  g_assert_cmpstr (r->name, ==, "app.bin");

  info = kiln_image_info_new (r->data, NULL);
  g_assert_cmpint (info->kind, ==, KILN_IMAGE_ESP32);
  g_assert_true (info->valid);
  g_assert_true (info->chip == kiln_chip_get (KILN_CHIP_ESP32C3));
  g_assert_true (info->has_sha256);
  g_assert_cmpuint (info->wp_pin, ==, 0xEE);
  g_assert_cmpuint (info->max_rev_full, ==, 0xFFFF);
  g_assert_cmpuint (info->flash_mode, ==, KILN_FLASH_MODE_DIO);
  g_assert_cmpuint (info->flash_size_code, ==, 1);  /* 2MB */
  g_assert_cmphex (info->entry, ==, 0x40380000);
  assert_flash_aligned (info);
  g_assert_cmpuint (g_bytes_get_size (r->data), ==, info->image_length);
}

static void
test_esp32_bootloader (void)
{
  static const TSec boot[] = {
    { ".dram0.rodata", 0x3FFF0000, 0x60, 0, 0x01 },
    { ".iram_loader.text", 0x40078000, 0x300, 0, 0x02 },
    { ".iram.text", 0x40080400, 0x100, 0, 0x03 },
  };
  g_autoptr(GBytes) b = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40080400, boot, G_N_ELEMENTS (boot),
                                   TRUE, FALSE);
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  KilnElfImageOptions o;
  KilnRegion *r;

  kiln_elf_image_options_init (&o);
  o.hash = FALSE;
  out = convert (b, kiln_chip_get (KILN_CHIP_ESP32), &o, &error);
  g_assert_no_error (error);
  r = g_ptr_array_index (out, 0);
  g_assert_cmphex (r->address, ==, 0x1000);
  g_assert_cmpstr (r->name, ==, "bootloader.bin");
  info = kiln_image_info_new (r->data, NULL);
  g_assert_true (info->valid);
  g_assert_cmpuint (info->segments->len, ==, 3);
  g_assert_false (info->has_sha256);
  g_assert_cmpuint (info->chip_id, ==, 0);
}

static void
test_esp32_alignment_padding (void)
{
  /* DROM and IROM at awkward offsets within their 64 KiB pages, and a RAM
   * segment too big to fill the first gap: padding segments appear. */
  static const TSec app[] = {
    { ".flash.rodata", 0x3F400020, 0x1000, 0, 0x11 },
    { ".flash.text", 0x400D8020, 0x2004, 0, 0x22 },
    { ".iram0.text", 0x40080000, 0x8000, 0, 0x33 },
    { ".dram0.data", 0x3FFB0000, 0x10, 0, 0x44 },
  };
  g_autoptr(GBytes) b = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40080000, app, G_N_ELEMENTS (app),
                                   TRUE, FALSE);
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint padding = 0;

  out = convert (b, kiln_chip_get (KILN_CHIP_ESP32), NULL, &error);
  g_assert_no_error (error);
  info = kiln_image_info_new (((KilnRegion *) g_ptr_array_index (out, 0))->data, NULL);
  g_assert_true (info->valid);
  assert_flash_aligned (info);
  for (guint i = 0; i < info->segments->len; i++)
    if (g_array_index (info->segments, KilnImageSegment, i).load_address == 0)
      padding++;
  g_assert_cmpuint (padding, >=, 1);
  /* Every ELF byte is in the image: 4 sections plus padding. */
  g_assert_cmpuint (info->segments->len, ==, 4 + padding);
}

static void
test_stripped (void)
{
  g_autoptr(GBytes) b = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40100004, esp8266_nonos,
                                   G_N_ELEMENTS (esp8266_nonos), FALSE, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) out = convert (b, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 2);
  g_assert_cmphex (((KilnRegion *) g_ptr_array_index (out, 1))->address, ==, 0x10000);
}

static void
test_chip_errors (void)
{
  static const TSec c6[] = {
    { ".flash.text", 0x42000020, 0x100, 0, 0x01 },
    { ".iram0.text", 0x40800000, 0x80, 0, 0x02 },
  };
  g_autoptr(GBytes) riscv = build_elf (KILN_ELF_MACHINE_RISCV, 0x40800000, c6, 2, TRUE, FALSE);
  g_autoptr(GBytes) xtensa = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40100004, esp8266_nonos,
                                        G_N_ELEMENTS (esp8266_nonos), TRUE, FALSE);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GPtrArray) ok = NULL;
  KilnElfImageOptions o;

  /* The C6 and H2 share their memory map: the user must say which. */
  g_assert_null (convert (riscv, NULL, NULL, &e1));
  g_assert_error (e1, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (e1->message, "--chip"));
  ok = convert (riscv, kiln_chip_get (KILN_CHIP_ESP32H2), NULL, NULL);
  g_assert_nonnull (ok);

  g_assert_null (convert (xtensa, kiln_chip_get (KILN_CHIP_ESP32C3), NULL, &e2));
  g_assert_nonnull (strstr (e2->message, "RISC-V"));

  kiln_elf_image_options_init (&o);
  o.version = 2;
  g_assert_null (convert (riscv, kiln_chip_get (KILN_CHIP_ESP32C6), &o, &e3));
  g_assert_nonnull (strstr (e3->message, "ESP8266"));
}

static void
test_too_many_segments (void)
{
  TSec secs[17];
  g_autofree char *names = g_malloc0 (17 * 8);
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 17; i++)
    {
      g_snprintf (names + 8 * i, 8, ".d%u", i);
      secs[i].name = names + 8 * i;
      secs[i].addr = 0x3FFE8000 + i * 0x100;
      secs[i].size = 0x10;
      secs[i].type = 0;
      secs[i].fill = (guint8) i;
    }
  b = build_elf (KILN_ELF_MACHINE_XTENSA, 0x40100004, secs, 17, TRUE, FALSE);
  g_assert_null (convert (b, kiln_chip_get (KILN_CHIP_ESP8266), NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID);
  g_assert_nonnull (strstr (error->message, "17 segments"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/elf/parse", test_parse);
  g_test_add_func ("/kiln/elf/parse-errors", test_parse_errors);
  g_test_add_func ("/kiln/elf/esp8266-v1", test_esp8266_v1);
  g_test_add_func ("/kiln/elf/esp8266-v2", test_esp8266_v2);
  g_test_add_func ("/kiln/elf/esp8266-v2-slots", test_esp8266_v2_slots);
  g_test_add_func ("/kiln/elf/esp32c3", test_esp32c3);
  g_test_add_func ("/kiln/elf/esp32-bootloader", test_esp32_bootloader);
  g_test_add_func ("/kiln/elf/esp32-alignment-padding", test_esp32_alignment_padding);
  g_test_add_func ("/kiln/elf/stripped", test_stripped);
  g_test_add_func ("/kiln/elf/chip-errors", test_chip_errors);
  g_test_add_func ("/kiln/elf/too-many-segments", test_too_many_segments);
  return g_test_run ();
}
