/* test-cli-image.c: kiln-cli image-info, merge-bin and elf2image, run as a
 * real process (KILN_CLI, set by tests/meson.build).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include "kiln-core.h"
#include "kiln-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("kiln-cli-image-XXXXXX", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kiln_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* Runs kiln-cli with the arguments (NULL-terminated) in the fixture dir. */
static void
cli (Fixture     *f,
     KilnTestRun *r,
     const char  *first,
     ...)
{
  const char *exe = g_getenv ("KILN_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  va_list args;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (gpointer) exe);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  /* Messages in English whatever the machine's locale. */
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "", TRUE);

  kiln_test_spawn (r, f->dir, (const char *const *) env, (const char *const *) argv->pdata, NULL);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", r->status, r->out, r->err);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void
write_bytes (Fixture    *f,
             const char *name,
             GBytes     *b)
{
  g_autofree char *path = path_in (f, name);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (b, NULL),
                                      (gssize) g_bytes_get_size (b), NULL));
}

static GBytes *
read_bytes (Fixture    *f,
            const char *name)
{
  g_autofree char *path = path_in (f, name);
  char *data = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4];
  kiln_put_le32 (b, v);
  g_byte_array_append (a, b, 4);
}

/* A boot_v1.7-like ESP8266 v1 image: QIO, 512KB, 40 MHz. */
static GBytes *
boot_image (void)
{
  GByteArray *a = g_byte_array_new ();
  guint8 h[4] = { 0xE9, 1, 0x00, 0x00 };
  guint8 sum = 0xEF;

  g_byte_array_append (a, h, 4);
  put32 (a, 0x40100004);
  put32 (a, 0x40100000);
  put32 (a, 0x20);
  for (guint i = 0; i < 0x20; i++)
    {
      guint8 b = (guint8) (i * 7);
      g_byte_array_append (a, &b, 1);
      sum ^= b;
    }
  while (a->len % 16 != 15)
    g_byte_array_append (a, (const guint8 *) "", 1);
  g_byte_array_append (a, &sum, 1);
  return g_byte_array_free_to_bytes (a);
}

static void
test_image_info (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) boot = boot_image ();
  g_auto(KilnTestRun) ok = { 0 };
  g_auto(KilnTestRun) bad = { 0 };
  g_auto(KilnTestRun) missing = { 0 };
  g_auto(KilnTestRun) usage = { 0 };
  gsize n;
  guint8 *broken = g_memdup2 (g_bytes_get_data (boot, &n), g_bytes_get_size (boot));
  g_autoptr(GBytes) broken_bytes = NULL;

  write_bytes (f, "boot_v1.7.bin", boot);
  broken[20] ^= 0xFF;
  broken_bytes = g_bytes_new_take (broken, g_bytes_get_size (boot));
  write_bytes (f, "broken.bin", broken_bytes);

  cli (f, &ok, "image-info", "boot_v1.7.bin", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "boot_v1.7.bin: ESP8266 firmware image, v1 (loaded by the ROM)"));
  g_assert_nonnull (strstr (ok.out, "QIO"));
  g_assert_nonnull (strstr (ok.out, "(valid)"));

  cli (f, &bad, "image-info", "broken.bin", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.out, "INVALID"));
  g_assert_nonnull (strstr (bad.out, "Problem: The checksum is wrong"));

  cli (f, &missing, "image-info", "nothing-here.bin", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "kiln-cli: Cannot read nothing-here.bin"));

  cli (f, &usage, "image-info", NULL);
  g_assert_cmpint (usage.status, ==, 2);
}

static void
test_merge_bin (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) boot = boot_image ();
  g_autoptr(GBytes) user = g_bytes_new ("USER1DATA", 9);
  g_autoptr(GBytes) merged = NULL;
  g_autoptr(GBytes) filled = NULL;
  g_autoptr(GBytes) patched = NULL;
  g_auto(KilnTestRun) ok = { 0 };
  g_auto(KilnTestRun) fill = { 0 };
  g_auto(KilnTestRun) overlap = { 0 };
  g_auto(KilnTestRun) no_out = { 0 };
  g_auto(KilnTestRun) too_small = { 0 };
  g_auto(KilnTestRun) patch = { 0 };
  g_auto(KilnTestRun) no_chip = { 0 };
  const guint8 *d;

  write_bytes (f, "boot_v1.7.bin", boot);
  write_bytes (f, "user1.bin", user);

  cli (f, &ok, "merge-bin", "-o", "merged.bin", "0x1000", "user1.bin", "0x0", "boot_v1.7.bin", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "Wrote merged.bin: 4105 bytes, 2 parts"));
  merged = read_bytes (f, "merged.bin");
  d = g_bytes_get_data (merged, NULL);
  g_assert_cmpuint (g_bytes_get_size (merged), ==, 0x1009);
  g_assert_cmphex (d[0], ==, 0xE9);
  g_assert_cmphex (d[g_bytes_get_size (boot)], ==, 0xFF);
  g_assert_cmphex (d[0xFFF], ==, 0xFF);
  g_assert_true (memcmp (d + 0x1000, "USER1DATA", 9) == 0);

  cli (f, &fill, "-c", "esp8266", "merge-bin", "-o", "full.bin", "--fill-flash-size", "2MB-c1",
       "0x0", "boot_v1.7.bin", NULL);
  g_assert_cmpint (fill.status, ==, 0);
  filled = read_bytes (f, "full.bin");
  g_assert_cmpuint (g_bytes_get_size (filled), ==, 2 * 1024 * 1024);

  cli (f, &overlap, "merge-bin", "-o", "x.bin", "0x0", "boot_v1.7.bin", "0x10", "user1.bin", NULL);
  g_assert_cmpint (overlap.status, ==, 1);
  g_assert_nonnull (strstr (overlap.err, "user1.bin (0x10–0x18) overlaps boot_v1.7.bin"));
  {
    g_autofree char *x = path_in (f, "x.bin");
    g_assert_false (g_file_test (x, G_FILE_TEST_EXISTS));
  }

  cli (f, &too_small, "merge-bin", "-o", "x.bin", "--fill-flash-size", "0x1000",
       "0x1000", "user1.bin", NULL);
  g_assert_cmpint (too_small.status, ==, 1);
  g_assert_nonnull (strstr (too_small.err, "beyond the end"));

  cli (f, &no_out, "merge-bin", "0x0", "boot_v1.7.bin", NULL);
  g_assert_cmpint (no_out.status, ==, 2);
  g_assert_nonnull (strstr (no_out.err, "-o OUT"));

  /* The boot loader header is patched as write-flash would. */
  cli (f, &patch, "-c", "esp8266", "merge-bin", "-o", "p.bin", "--flash-mode", "dio",
       "--flash-size", "16Mbit-C1", "0x0", "boot_v1.7.bin", "0x1000", "user1.bin", NULL);
  g_assert_cmpint (patch.status, ==, 0);
  g_assert_nonnull (strstr (patch.err, "Flash mode QIO→DIO, size 512KB→2MB-c1 in the header of "
                                       "boot_v1.7.bin"));
  patched = read_bytes (f, "p.bin");
  d = g_bytes_get_data (patched, NULL);
  g_assert_cmphex (d[2], ==, 0x02);
  g_assert_cmphex (d[3], ==, 0x50);

  cli (f, &no_chip, "merge-bin", "-o", "p.bin", "--flash-mode", "dio", "0x0", "boot_v1.7.bin", NULL);
  g_assert_cmpint (no_chip.status, ==, 2);
  g_assert_nonnull (strstr (no_chip.err, "-c CHIP"));
}

/* The smallest ESP8266 NONOS-style ELF: .text in IRAM, .irom0.text at
 * @irom_addr, section headers only. */
static GBytes *
tiny_elf (guint16 machine,
          guint32 irom_addr)
{
  GByteArray *a = g_byte_array_new ();
  static const char strtab[] = "\0.text\0.irom0.text\0.shstrtab";
  guint8 eh[52] = { 0x7F, 'E', 'L', 'F', 1, 1, 1 };
  guint32 text_off, irom_off, str_off, shoff;
  struct { guint32 name, type, flags, addr, off, size; } sh[4];

  g_byte_array_append (a, eh, sizeof eh);
  text_off = a->len;
  for (guint i = 0; i < 0x40; i++)
    g_byte_array_append (a, (const guint8 *) "\x11", 1);
  irom_off = a->len;
  for (guint i = 0; i < 0x80; i++)
    g_byte_array_append (a, (const guint8 *) "\x22", 1);
  str_off = a->len;
  g_byte_array_append (a, (const guint8 *) strtab, sizeof strtab);
  while (a->len % 4)
    g_byte_array_append (a, (const guint8 *) "", 1);
  shoff = a->len;
  memset (sh, 0, sizeof sh);
  sh[1].name = 1; sh[1].type = 1; sh[1].flags = 6; sh[1].addr = 0x40100000;
  sh[1].off = text_off; sh[1].size = 0x40;
  sh[2].name = 7; sh[2].type = 1; sh[2].flags = 6; sh[2].addr = irom_addr;
  sh[2].off = irom_off; sh[2].size = 0x80;
  sh[3].name = 19; sh[3].type = 3; sh[3].off = str_off; sh[3].size = sizeof strtab;
  for (guint i = 0; i < 4; i++)
    {
      guint8 e[40] = { 0 };
      kiln_put_le32 (e, sh[i].name);
      kiln_put_le32 (e + 4, sh[i].type);
      kiln_put_le32 (e + 8, sh[i].flags);
      kiln_put_le32 (e + 12, sh[i].addr);
      kiln_put_le32 (e + 16, sh[i].off);
      kiln_put_le32 (e + 20, sh[i].size);
      g_byte_array_append (a, e, sizeof e);
    }
  a->data[16] = 2;
  a->data[18] = machine & 0xFF;
  a->data[19] = machine >> 8;
  kiln_put_le32 (a->data + 20, 1);
  kiln_put_le32 (a->data + 24, 0x40100004);
  kiln_put_le32 (a->data + 32, shoff);
  a->data[40] = 52;
  a->data[46] = 40;
  a->data[48] = 4;
  a->data[50] = 3;
  return g_byte_array_free_to_bytes (a);
}

static void
test_elf2image (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) nonos = tiny_elf (KILN_ELF_MACHINE_XTENSA, 0x40210000);
  g_autoptr(GBytes) ota = tiny_elf (KILN_ELF_MACHINE_XTENSA, 0x40201010);
  g_autoptr(GBytes) riscv = tiny_elf (KILN_ELF_MACHINE_RISCV, 0x42000020);
  g_autoptr(GBytes) img = NULL;
  g_autoptr(GBytes) user1 = NULL;
  g_autoptr(KilnImageInfo) info = NULL;
  g_autoptr(KilnImageInfo) info2 = NULL;
  g_auto(KilnTestRun) v1 = { 0 };
  g_auto(KilnTestRun) v2 = { 0 };
  g_auto(KilnTestRun) wrong_v2 = { 0 };
  g_auto(KilnTestRun) unknown = { 0 };
  g_auto(KilnTestRun) not_elf = { 0 };
  g_auto(KilnTestRun) bad_version = { 0 };

  write_bytes (f, "app.elf", nonos);
  write_bytes (f, "ota.elf", ota);
  write_bytes (f, "riscv.elf", riscv);

  cli (f, &v1, "elf2image", "app.elf", NULL);
  g_assert_cmpint (v1.status, ==, 0);
  g_assert_nonnull (strstr (v1.out, "Wrote app-0x00000.bin ("));
  g_assert_nonnull (strstr (v1.out, "write it at 0x00000"));
  g_assert_nonnull (strstr (v1.out, "Wrote app-0x10000.bin (128 bytes): write it at 0x10000."));
  img = read_bytes (f, "app-0x00000.bin");
  info = kiln_image_info_new (img, NULL);
  g_assert_cmpint (info->kind, ==, KILN_IMAGE_ESP8266_V1);
  g_assert_true (info->valid);

  cli (f, &v2, "elf2image", "--version", "2", "--flash-size", "2MB-c1", "-o", "user1.bin",
       "ota.elf", NULL);
  g_assert_cmpint (v2.status, ==, 0);
  g_assert_nonnull (strstr (v2.out, "Wrote user1.bin ("));
  g_assert_nonnull (strstr (v2.out, "write it at 0x01000"));
  user1 = read_bytes (f, "user1.bin");
  info2 = kiln_image_info_new (user1, NULL);
  g_assert_cmpint (info2->kind, ==, KILN_IMAGE_ESP8266_V2);
  g_assert_true (info2->valid);
  g_assert_cmpuint (info2->flash_size_code, ==, 5);

  cli (f, &wrong_v2, "elf2image", "--version", "2", "app.elf", NULL);
  g_assert_cmpint (wrong_v2.status, ==, 1);
  g_assert_nonnull (strstr (wrong_v2.err, "0x40210000"));

  cli (f, &unknown, "elf2image", "riscv.elf", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "--chip"));

  cli (f, &not_elf, "elf2image", "app-0x00000.bin", NULL);
  g_assert_cmpint (not_elf.status, ==, 1);
  g_assert_nonnull (strstr (not_elf.err, "Not an ELF file"));

  cli (f, &bad_version, "elf2image", "--version", "3", "app.elf", NULL);
  g_assert_cmpint (bad_version.status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("KILN_CLI") == NULL)
    g_error ("KILN_CLI is not set: run this test through meson test");
#define ADD(name, func) \
  g_test_add ("/kiln/cli-image/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("image-info", test_image_info);
  ADD ("merge-bin", test_merge_bin);
  ADD ("elf2image", test_elf2image);
#undef ADD
  return g_test_run ();
}
