/* test-cli-flash.c: kiln-cli end to end against the virtual devices.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <string.h>

#include "kiln-test-util.h"

#define MiB (1024 * 1024)
#define FLASH_SIZE (4 * MiB)

typedef struct
{
  char   *dir;
  char   *flash;     /* the virtual board's flash file */
  GBytes *before;    /* its content before the command */
  char   *port;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *chip = data;

  f->dir = kiln_test_tmpdir ();
  f->before = kiln_test_random (FLASH_SIZE, 1);
  f->flash = kiln_test_write_tmp (f->dir, "flash.bin", f->before);
  f->port = g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s", chip, f->flash);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kiln_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->flash);
  g_free (f->port);
  g_bytes_unref (f->before);
}

static GBytes *
flash_now (Fixture *f)
{
  return kiln_test_read_file (f->flash);
}

static void assert_loader (const char *chip, const KilnTestRun *run);

static void
test_write_1mib (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (MiB, 2);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x10000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "app.bin"));
  assert_loader (data, &run);
  after = flash_now (f);
  kiln_test_assert_flash (after, f->before, 0x10000, app);
}

/* With no stub installed anywhere, the ESP8266 gets Kiln's own, named in
 * the output, and the write is verified by MD5; the ESP32 keeps its ROM,
 * which verifies by MD5 itself. */
static void
assert_loader (const char        *chip,
               const KilnTestRun *run)
{
  if (g_str_equal (chip, "esp8266"))
    {
      g_assert_nonnull (strstr (run->err, "Uploading Kiln stub 1…"));
      g_assert_nonnull (strstr (run->err, "Kiln stub 1 running."));
    }
  else
    g_assert_nonnull (strstr (run->err, "No flasher stub for the ESP32; using the ROM loader."));
  g_assert_true (g_str_has_suffix (g_strchomp (run->err), ", verified."));
}

/* Kiln's RISC-V stub images (not uploaded by default yet) through --stub:
 * the virtual board recognises them and runs the same portable core. */
static void
test_riscv_stub (Fixture       *f,
                 gconstpointer  data)
{
  const char *chip = data;
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (300 * 1024, 14);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autofree char *name = g_strdup_printf ("%s.json", chip);
  g_autofree char *stub = g_test_build_filename (G_TEST_DIST, "..", "stub", "images", name, NULL);
  g_autofree char *back = g_build_filename (f->dir, "back.bin", NULL);
  g_autoptr(GBytes) after = NULL, read = NULL;

  kiln_test_cli (&run, "-p", f->port, "--stub", stub, "write-flash", "0x10000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Uploading Kiln stub 1 ("));
  g_assert_nonnull (strstr (run.err, "Kiln stub 1 running."));
  g_assert_true (g_str_has_suffix (g_strchomp (run.err), ", verified."));
  after = flash_now (f);
  kiln_test_assert_flash (after, f->before, 0x10000, app);
  kiln_test_cli (&run, "-p", f->port, "--stub", stub, "read-flash", "0x10000", "300KB", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_true (g_bytes_equal (read, app));
}

/* --no-stub keeps the ESP8266 on its ROM loader, which cannot check. */
static void
test_no_stub (Fixture       *f,
              gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (64 * 1024, 12);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", f->port, "--no-stub", "write-flash", "0x10000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Using the ROM loader (--no-stub)."));
  g_assert_null (strstr (run.err, "Kiln stub"));
  g_assert_true (g_str_has_suffix (g_strchomp (run.err), ", not verified."));
  after = flash_now (f);
  kiln_test_assert_flash (after, f->before, 0x10000, app);
}

/* A stub that never greets (here: Kiln's stub built for another chip,
 * which the board cannot run) costs a clear line and a reset, and the ROM
 * loader does the work. */
static void
test_stub_no_greeting (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (64 * 1024, 13);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autofree char *stub_dir = g_build_filename (f->dir, "stubs", NULL);
  g_autofree char *stub_path = g_build_filename (stub_dir, "esp8266.json", NULL);
  g_autoptr(GBytes) after = NULL;
  /* "KILNSTUB", version 1, target 2 (the ESP32-C3 build) */
  static const guint8 id[24] = { 'K', 'I', 'L', 'N', 'S', 'T', 'U', 'B', 1, 0, 0, 0, 2 };
  g_autofree char *data_b64 = g_base64_encode (id, sizeof id);
  g_autofree char *json = g_strdup_printf (
      "{\"entry\": 1074790400, \"text_start\": 1074790400, \"text\": \"AAAAAAAAAAA=\", "
      "\"data_start\": 1073643520, \"data\": \"%s\"}", data_b64);

  g_assert_cmpint (g_mkdir_with_parents (stub_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (stub_path, json, -1, NULL));
  g_setenv ("KILN_STUB_DIR", stub_dir, TRUE);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x10000", path, NULL);
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "The Kiln stub 1 did not start (no greeting within 1 s). "
                                     "Going on with the ROM loader."));
  g_assert_true (g_str_has_suffix (g_strchomp (run.err), ", not verified."));
  after = flash_now (f);
  kiln_test_assert_flash (after, f->before, 0x10000, app);
}

static void
test_write_read_back (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (MiB, 3);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autofree char *back = g_build_filename (f->dir, "back.bin", NULL);
  g_autoptr(GBytes) read = NULL;

  kiln_test_cli (&run, "-p", f->port, "write_flash", "0x10000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "verified"));
  kiln_test_cli (&run, "-p", f->port, "read-flash", "0x10000", "1MB", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_true (g_bytes_equal (read, app));
}

/* The ESP8266 ROM has no read command: reading goes through the SPI
 * registers, so keep it small. */
static void
test_read_small (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *back = g_build_filename (f->dir, "back.bin", NULL);
  g_autoptr(GBytes) read = NULL;
  g_autoptr(GBytes) expected = g_bytes_new_from_bytes (f->before, 0x3F000, 0x1100);

  kiln_test_cli (&run, "-p", f->port, "read-flash", "0x3f000", "0x1100", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_true (g_bytes_equal (read, expected));
}

static void
test_several_regions (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  /* Odd sizes: the sectors they share with other data must survive. */
  g_autoptr(GBytes) a = kiln_test_random (100, 4);
  g_autoptr(GBytes) b = kiln_test_random (5000, 5);
  g_autoptr(GBytes) c = kiln_test_random (128, 6);
  g_autofree char *pa = kiln_test_write_tmp (f->dir, "a.bin", a);
  g_autofree char *pb = kiln_test_write_tmp (f->dir, "b.bin", b);
  g_autofree char *pc = kiln_test_write_tmp (f->dir, "c.bin", c);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GByteArray) expect = g_byte_array_new ();

  /* Given out of order on purpose. */
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x3fc000", pc, "0x1000", pa, "0x20000", pb,
                 NULL);
  g_assert_cmpint (run.status, ==, 0);
  after = flash_now (f);

  g_byte_array_append (expect, g_bytes_get_data (f->before, NULL), FLASH_SIZE);
  memcpy (expect->data + 0x1000, g_bytes_get_data (a, NULL), 100);
  memcpy (expect->data + 0x20000, g_bytes_get_data (b, NULL), 5000);
  memcpy (expect->data + 0x3FC000, g_bytes_get_data (c, NULL), 128);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), expect->data,
                   expect->len);
}

static void
test_erase_region (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) after = NULL;
  g_autofree guint8 *ff = g_malloc (0x3000);
  g_autoptr(GBytes) erased = NULL;

  memset (ff, 0xFF, 0x3000);
  erased = g_bytes_new (ff, 0x3000);
  /* Three sectors: the ESP8266 ROM would erase four. */
  kiln_test_cli (&run, "-p", f->port, "erase-region", "0x21000", "0x3000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  after = flash_now (f);
  kiln_test_assert_flash (after, f->before, 0x21000, erased);

  kiln_test_cli (&run, "-p", f->port, "erase-region", "0x21000", "0x100", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "0x1000"));
}

static void
test_erase_flash (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) after = NULL;
  const guint8 *d;
  gsize len;

  kiln_test_cli (&run, "-p", f->port, "erase-flash", NULL);
  g_assert_cmpint (run.status, ==, 0);
  after = flash_now (f);
  d = g_bytes_get_data (after, &len);
  g_assert_cmpuint (len, ==, FLASH_SIZE);
  for (gsize i = 0; i < len; i++)
    if (d[i] != 0xFF)
      g_error ("byte 0x%" G_GSIZE_MODIFIER "x is 0x%02x after erase-flash", i, d[i]);
}

static void
test_info_commands (Fixture       *f,
                    gconstpointer  data)
{
  const char *chip = data;
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *port = g_strdup_printf ("sim:%s?flash=2MB&mac=%s", chip,
                                           g_str_equal (chip, "esp8266") ? "18:fe:34:a1:b2:c3"
                                                                         : "24:0a:c4:11:22:33");

  kiln_test_cli (&run, "-p", port, "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, g_str_equal (chip, "esp8266") ? "ESP8266" : "ESP32"));
  g_assert_nonnull (strstr (run.out, "Chip type: "));
  g_assert_nonnull (strstr (run.out, g_str_equal (chip, "esp8266") ? "Loader: Kiln stub 1\n"
                                                                   : "Loader: ROM loader\n"));

  kiln_test_cli (&run, "-p", port, "read-mac", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, g_str_equal (chip, "esp8266") ? "MAC: 18:fe:34:a1:b2:c3"
                                                                   : "MAC: 24:0a:c4:11:22:33"));

  kiln_test_cli (&run, "-p", port, "flash-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Detected flash size: 2 MiB"));
}

/* ---- errors ------------------------------------------------------------ */

static void
test_missing_and_unreadable_file (Fixture       *f,
                                  gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *missing = g_build_filename (f->dir, "nope.bin", NULL);
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x0", missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, missing));
  g_assert_nonnull (strstr (run.err, "does not exist"));

  /* A directory is not readable as a file (tests run as root, so file
   * modes would not stop the read). */
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x0", f->dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "cannot be read"));

  after = flash_now (f);
  g_assert_true (g_bytes_equal (after, f->before));
}

static void
test_overlap (Fixture       *f,
              gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) a = kiln_test_random (0x2000, 7);
  g_autofree char *pa = kiln_test_write_tmp (f->dir, "boot.bin", a);
  g_autofree char *pb = kiln_test_write_tmp (f->dir, "app.bin", a);
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x0", pa, "0x1000", pb, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "boot.bin"));
  g_assert_nonnull (strstr (run.err, "app.bin"));
  g_assert_nonnull (strstr (run.err, "overlaps"));
  after = flash_now (f);
  g_assert_true (g_bytes_equal (after, f->before));
}

static void
test_beyond_flash (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) a = kiln_test_random (0x2000, 8);
  g_autofree char *pa = kiln_test_write_tmp (f->dir, "big.bin", a);
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x3ff000", pa, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "beyond the end"));
  after = flash_now (f);
  g_assert_true (g_bytes_equal (after, f->before));
}

static void
test_wrong_chip (Fixture       *f,
                 gconstpointer  data)
{
  const char *chip = data;
  g_auto(KilnTestRun) run = { 0 };
  const char *other = g_str_equal (chip, "esp8266") ? "esp32" : "esp8266";

  kiln_test_cli (&run, "-p", f->port, "-c", other, "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "This board is an"));
  g_assert_nonnull (strstr (run.err, g_str_equal (chip, "esp8266") ? "ESP8266" : "ESP32"));
}

static void
test_nonexistent_port (void)
{
  g_auto(KilnTestRun) run = { 0 };

#ifdef G_OS_WIN32
  const char *missing = "COM99";
#else
  const char *missing = "/dev/ttyKILNNOTHERE0";
#endif

  kiln_test_cli (&run, "-p", missing, "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, missing));
  g_assert_nonnull (strstr (run.err, "does not exist"));

  kiln_test_cli (&run, "-p", "sim:esp99", "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 1);
}

/* A listener that accepts and then says nothing, like a board that is not
 * in download mode and prints nothing. */
static gpointer
silent_server (gpointer data)
{
  GSocketListener *listener = data;
  g_autoptr(GSocketConnection) conn = g_socket_listener_accept (listener, NULL, NULL, NULL);
  if (conn != NULL)
    {
      guint8 buf[256];
      GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
      while (g_input_stream_read (in, buf, sizeof buf, NULL, NULL) > 0)
        ;
    }
  return NULL;
}

static void
test_silent_device (void)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autofree char *port = NULL;
  guint16 p = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  port = g_strdup_printf ("socket://127.0.0.1:%u", p);
  thread = g_thread_new ("silent", silent_server, listener);
  kiln_test_cli (&run, "-p", port, "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, port));
  g_assert_nonnull (strstr (run.err, "no answer"));
  g_assert_nonnull (strstr (run.err, "right port"));
  g_socket_listener_close (listener);
  g_thread_join (g_steal_pointer (&thread));
}

static void
test_disconnect_mid_write (Fixture       *f,
                           gconstpointer  data)
{
  const char *chip = data;
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (256 * 1024, 9);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autofree char *port = g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s&fault=disconnect:60000",
                                           chip, f->flash);
  g_autoptr(GBytes) after = NULL;
  const guint8 *a, *b;

  kiln_test_cli (&run, "-p", port, "--no-stub", "write-flash", "--no-compress", "0x40000", path,
                 NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "app.bin"));
  g_assert_nonnull (strstr (run.err, "0x40000"));
  /* Nothing outside the region may have changed. */
  after = flash_now (f);
  a = g_bytes_get_data (after, NULL);
  b = g_bytes_get_data (f->before, NULL);
  g_assert_cmpmem (a, 0x40000, b, 0x40000);
  g_assert_cmpmem (a + 0x80000, FLASH_SIZE - 0x80000, b + 0x80000, FLASH_SIZE - 0x80000);
}

static void
test_usage_errors (void)
{
  g_auto(KilnTestRun) run = { 0 };

  kiln_test_cli (&run, "-p", "sim:esp32", "write-flash", "0x1g000", "x.bin", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not a number"));
  kiln_test_cli (&run, "-p", "sim:esp32", "write-flash", "0x1000", NULL);
  g_assert_cmpint (run.status, ==, 2);
  kiln_test_cli (&run, "write-flash", "0x1000", "x.bin", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "-p"));
  kiln_test_cli (&run, "-p", "sim:esp32", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  kiln_test_cli (&run, "-p", "sim:esp32", "-c", "esp31", "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "esp8266"));
}

/* ---- kiln-sim over socket:// ------------------------------------------ */

static void
test_socket (Fixture       *f,
             gconstpointer  data)
{
  const char *chip = data;
  g_autoptr(GSubprocess) sim = NULL;
  g_autofree char *port = NULL;
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (128 * 1024, 10);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autoptr(GBytes) after = NULL;

  port = kiln_test_start_sim (&sim, "--chip", chip, "--flash-size", "4MB", "--flash-file",
                              f->flash, NULL);

  kiln_test_cli (&run, "-p", port, "write-flash", "0x8000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_loader (data, &run);
  kiln_test_cli (&run, "-p", port, "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  kiln_test_terminate (sim);
  after = flash_now (f);
  kiln_test_assert_flash (after, f->before, 0x8000, app);
}

/* Text-like data, which compresses well. */
static GBytes *
compressible (gsize len)
{
  GString *s = g_string_sized_new (len + 64);

  for (guint i = 0; s->len < len; i++)
    g_string_append_printf (s, "line %u of a firmware's strings table\n", i);
  g_string_truncate (s, len);
  return g_bytes_new_take (g_string_free (s, FALSE), len);
}

/* The ESP32 ROM writes compressed data a 32 KiB window at a time, and at
 * the end of the stream the window it reached whole, past the end of the
 * data.  A small file, two windows exactly, one that starts inside a
 * sector, a larger one and one window exactly each leave every other byte
 * of the flash as it was. */
static void
test_rom_compressed_windows (Fixture       *f,
                             gconstpointer  data)
{
  static const struct { guint32 address; gsize size; } cases[] = {
    { 0x20000, 0x1000 }, { 0x30000, 0x10000 }, { 0x50100, 70000 }, { 0x80000, 200000 },
    { 0x100000, 0x8000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(KilnTestRun) run = { 0 };
      g_autoptr(GBytes) before = flash_now (f);
      g_autoptr(GBytes) file = compressible (cases[i].size);
      g_autofree char *path = kiln_test_write_tmp (f->dir, "strings.bin", file);
      g_autofree char *address = g_strdup_printf ("0x%x", cases[i].address);
      g_autoptr(GBytes) after = NULL;

      kiln_test_cli (&run, "-p", f->port, "--no-stub", "write-flash", address, path, NULL);
      g_assert_cmpint (run.status, ==, 0);
      after = flash_now (f);
      kiln_test_assert_flash (after, before, cases[i].address, file);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char *const chips[] = { "esp8266", "esp32" };

  g_test_init (&argc, &argv, NULL);
  /* No esptool stub from the machine: Kiln's own stub where it has one,
   * the ROM elsewhere. */
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
    {
      const char *c = chips[i];
#define ADD(name, func) \
      { g_autofree char *p = g_strdup_printf ("/kiln/cli-flash/%s/" name, c); \
        g_test_add (p, Fixture, c, fixture_setup, func, fixture_teardown); }
      ADD ("write-1mib", test_write_1mib);
      ADD ("several-regions", test_several_regions);
      ADD ("erase-region", test_erase_region);
      ADD ("erase-flash", test_erase_flash);
      ADD ("info-commands", test_info_commands);
      ADD ("missing-and-unreadable-file", test_missing_and_unreadable_file);
      ADD ("overlap", test_overlap);
      ADD ("beyond-flash", test_beyond_flash);
      ADD ("wrong-chip", test_wrong_chip);
      ADD ("disconnect-mid-write", test_disconnect_mid_write);
      ADD ("socket", test_socket);
#undef ADD
    }
  {
    const char *c = "esp8266";
    g_test_add ("/kiln/cli-flash/esp8266/no-stub", Fixture, c, fixture_setup, test_no_stub,
                fixture_teardown);
    g_test_add ("/kiln/cli-flash/esp8266/stub-no-greeting", Fixture, c, fixture_setup,
                test_stub_no_greeting, fixture_teardown);
    g_test_add ("/kiln/cli-flash/esp8266/write-read-back", Fixture, c, fixture_setup,
                test_write_read_back, fixture_teardown);
  }
  {
    static const char *const riscv[] = { "esp32c3", "esp32c6", "esp32h2" };
    for (guint i = 0; i < G_N_ELEMENTS (riscv); i++)
      {
        g_autofree char *p = g_strdup_printf ("/kiln/cli-flash/%s/kiln-stub", riscv[i]);
        g_test_add (p, Fixture, riscv[i], fixture_setup, test_riscv_stub, fixture_teardown);
      }
  }
  g_test_add ("/kiln/cli-flash/esp32/write-read-back", Fixture, "esp32", fixture_setup,
              test_write_read_back, fixture_teardown);
  g_test_add ("/kiln/cli-flash/esp32/rom-compressed-windows", Fixture, "esp32", fixture_setup,
              test_rom_compressed_windows, fixture_teardown);
  g_test_add ("/kiln/cli-flash/esp8266/read-small", Fixture, "esp8266", fixture_setup,
              test_read_small, fixture_teardown);
  g_test_add_func ("/kiln/cli-flash/nonexistent-port", test_nonexistent_port);
  g_test_add_func ("/kiln/cli-flash/silent-device", test_silent_device);
  g_test_add_func ("/kiln/cli-flash/usage-errors", test_usage_errors);
  return g_test_run ();
}
