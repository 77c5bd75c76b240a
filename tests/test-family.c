/* test-family.c: every ESP32-family chip end to end on the virtual bench.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each of the S2, S3, C3, C6, H2 and C2: chip-id names the chip with
 * its revision and MAC; an ESP-IDF-like build generated here for that chip
 * (bootloader with the chip's header at its offset, partition table at
 * 0x8000, a 1 MiB app at 0x10000) is written and read back byte for byte,
 * in process and through kiln-sim on socket://; the board then boots it and
 * prints its own ROM log, which decode-log reads line by line.  A C3 behind
 * USB-Serial/JTAG takes a 2 MiB write because Kiln stops its watchdogs; left
 * running (KILN_TEST_KEEP_WATCHDOGS=1) they reset it in the middle.  A
 * bootloader built for another chip of the family is refused.
 */
#include <gio/gio.h>
#include <string.h>

#include "kiln-connect.h"
#include "kiln-sim.h"
#include "kiln-test-images.h"
#include "kiln-test-util.h"

#define KiB 1024
#define MiB (1024 * 1024)
#define FLASH_SIZE (4 * MiB)

typedef struct
{
  const char *name;          /* sim: and -c spelling */
  const char *display;
  guint16     image_id;      /* chip id in the image header */
  guint32     boot_offset;   /* where the ROM looks for the bootloader */
  guint8      freq_code;     /* 80 MHz where the chip has it */
  const char *freq_name;     /* …and how ESP-IDF's flasher_args.json spells it */
  guint32     dram;          /* bootloader segments */
  guint32     iram;
  guint32     irom;          /* the app's flash-mapped code */
  const char *revision;
  const char *mac;           /* the virtual board's default */
  const char *banner;
  const char *flash_boot;    /* the rst:/boot: line of a power-on flash boot */
  guint       log_baud;
} Chip;

/* Facts the test expects of the boards, written down independently of both
 * the core's chip table and the simulator's. */
static const Chip chips[] = {
  { "esp32s2", "ESP32-S2", 2, 0x1000, 0xF, "80m", 0x3FFE6100, 0x4004C000, 0x40080020, "v1.0",
    "7c:df:a1:12:34:56", "ESP-ROM:esp32s2-rc4-20191025",
    "rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)", 115200 },
  { "esp32s3", "ESP32-S3", 9, 0x0, 0xF, "80m", 0x3FCE3808, 0x403C9700, 0x42000020, "v0.2",
    "f4:12:fa:12:34:56", "ESP-ROM:esp32s3-20210327",
    "rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)", 115200 },
  { "esp32c3", "ESP32-C3", 5, 0x0, 0xF, "80m", 0x3FCD5820, 0x403CC710, 0x42000020, "v0.4",
    "34:85:18:12:34:56", "ESP-ROM:esp32c3-api1-20210207",
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)", 115200 },
  { "esp32c6", "ESP32-C6", 13, 0x0, 0x0, "80m", 0x4086C410, 0x4086E610, 0x42000020, "v0.1",
    "40:4c:ca:12:34:56", "ESP-ROM:esp32c6-20220919",
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)", 115200 },
  { "esp32h2", "ESP32-H2", 16, 0x0, 0xF, "48m", 0x40838000, 0x40840000, 0x42000020, "v0.1",
    "60:55:f9:12:34:56", "ESP-ROM:esp32h2-20221101",
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)", 115200 },
  { "esp32c2", "ESP32-C2", 12, 0x0, 0xF, "60m", 0x3FCD6000, 0x403AE000, 0x42000020, "v1.0",
    "08:3a:8d:12:34:56", "ESP-ROM:esp8684-api2-20220127",
    "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)", 74880 },  /* 26 MHz crystal */
};

/* ---- an ESP-IDF-like build, generated ------------------------------------ */

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24 };
  g_byte_array_append (a, b, 4);
}

/* An ESP32-family image: 8-byte header (DIO, 4 MB), the 16-byte extended
 * header carrying the chip id and a revision range, the segments, then the
 * XOR checksum that ends the image on a 16-byte boundary. */
static GBytes *
make_image (const Chip *chip,
            guint32     entry,
            guint       n,
            const guint32 addrs[],
            GBytes     *datas[])
{
  GByteArray *a = g_byte_array_new ();
  guint8 head[8] = { 0xE9, (guint8) n, 0x02, (guint8) (0x20 | chip->freq_code) };
  guint8 ext[16] = { 0xEE, 0, 0, 0, chip->image_id & 0xFF, chip->image_id >> 8, 0,
                     0, 0,            /* minimum revision v0.0 */
                     199 & 0xFF, 0,   /* maximum v1.99 */
                     0, 0, 0, 0, 0 }; /* no SHA-256 appended */
  guint8 chk = 0xEF, zero = 0;

  g_byte_array_append (a, head, 4);
  put32 (a, entry);
  g_byte_array_append (a, ext, sizeof ext);
  for (guint i = 0; i < n; i++)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (datas[i], &len);

      put32 (a, addrs[i]);
      put32 (a, (guint32) len);
      g_byte_array_append (a, d, (guint) len);
      for (gsize k = 0; k < len; k++)
        chk ^= d[k];
    }
  while (a->len % 16 != 15)
    g_byte_array_append (a, &zero, 1);
  g_byte_array_append (a, &chk, 1);
  return g_byte_array_free_to_bytes (a);
}

static GBytes *
make_bootloader (const Chip *chip)
{
  g_autoptr(GBytes) d = kiln_test_random (0x1718, chip->image_id + 100);
  g_autoptr(GBytes) i = kiln_test_random (0x954, chip->image_id + 200);
  guint32 addrs[] = { chip->dram, chip->iram };
  GBytes *datas[] = { d, i };

  return make_image (chip, chip->iram, 2, addrs, datas);
}

/* The app: one flash-mapped segment placed as ESP-IDF places it (file
 * offset ≡ address modulo 64 KiB) and one RAM segment, about 1 MiB. */
static GBytes *
make_app (const Chip *chip)
{
  g_autoptr(GBytes) code = kiln_test_random (MiB - 0x2000, chip->image_id + 300);
  g_autoptr(GBytes) data = kiln_test_random (0x1000, chip->image_id + 400);
  guint32 addrs[] = { chip->irom, chip->dram };
  GBytes *datas[] = { code, data };

  return make_image (chip, chip->irom, 2, addrs, datas);
}

/* ---- fixture ---------------------------------------------------------------- */

typedef struct
{
  const Chip *chip;
  char       *dir;
  char       *flash;        /* the board's flash file, erased at the start */
  GBytes     *erased;
  GBytes     *boot;
  GBytes     *table;
  GBytes     *app;
  char       *boot_path;
  char       *table_path;
  char       *app_path;
  char       *boot_addr;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  guint8 *ff = g_malloc (FLASH_SIZE);

  f->chip = data;
  f->dir = kiln_test_tmpdir ();
  memset (ff, 0xFF, FLASH_SIZE);
  f->erased = g_bytes_new_take (ff, FLASH_SIZE);
  f->flash = kiln_test_write_tmp (f->dir, "flash.bin", f->erased);
  f->boot = make_bootloader (f->chip);
  f->table = kiln_test_partition_table (0x10000);
  f->app = make_app (f->chip);
  f->boot_path = kiln_test_write_tmp (f->dir, "bootloader.bin", f->boot);
  f->table_path = kiln_test_write_tmp (f->dir, "partition-table.bin", f->table);
  f->app_path = kiln_test_write_tmp (f->dir, "app.bin", f->app);
  f->boot_addr = g_strdup_printf ("0x%x", f->chip->boot_offset);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kiln_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->flash);
  g_free (f->boot_path);
  g_free (f->table_path);
  g_free (f->app_path);
  g_free (f->boot_addr);
  g_bytes_unref (f->erased);
  g_bytes_unref (f->boot);
  g_bytes_unref (f->table);
  g_bytes_unref (f->app);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("expected “%s” in:\n%s", needle, text);
}

/* The whole flash: the three files where they belong, erased elsewhere. */
static void
assert_layout (Fixture *f,
               GBytes  *flash)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (flash, &len);
  g_autoptr(GByteArray) want = g_byte_array_new ();
  gsize blen, tlen, alen;
  const guint8 *b = g_bytes_get_data (f->boot, &blen);
  const guint8 *t = g_bytes_get_data (f->table, &tlen);
  const guint8 *a = g_bytes_get_data (f->app, &alen);

  g_byte_array_append (want, g_bytes_get_data (f->erased, NULL), FLASH_SIZE);
  memcpy (want->data + f->chip->boot_offset, b, blen);
  memcpy (want->data + 0x8000, t, tlen);
  memcpy (want->data + 0x10000, a, alen);
  g_assert_cmpuint (len, ==, FLASH_SIZE);
  g_assert_cmpmem (d, len, want->data, want->len);
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_chip_id (Fixture       *f,
              gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *port = g_strdup_printf ("sim:%s", f->chip->name);
  g_autofree char *chip = g_strdup_printf ("Chip type: %s\n", f->chip->name);
  g_autofree char *desc = g_strdup_printf ("Chip: %s (revision %s)\n", f->chip->display,
                                           f->chip->revision);
  g_autofree char *mac = g_strdup_printf ("MAC: %s\n", f->chip->mac);

  kiln_test_cli (&run, "-p", port, "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.out, chip);
  assert_has (run.out, desc);
  assert_has (run.out, mac);

  /* Asking for the chip it is passes; another one is refused by name. */
  kiln_test_cli (&run, "-p", port, "-c", f->chip->name, "read-mac", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.out, mac);
  kiln_test_cli (&run, "-p", port, "-c", g_str_equal (f->chip->name, "esp32c3") ? "esp32c6"
                                                                                 : "esp32c3",
                 "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_has (run.err, "This board is an");
  assert_has (run.err, f->chip->display);
}

/* Boot the board from its flash file and capture what the ROM prints. */
static char *
capture_boot_log (Fixture    *f,
                  const char *extra)
{
  g_autofree char *opts = g_strdup_printf ("%s?boot=flash&flash-file=%s%s", f->chip->name,
                                           f->flash, extra);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = kiln_sim_new_from_options (opts, &error);
  g_autoptr(KilnTransport) t = NULL;
  g_autoptr(GBytes) log = NULL;

  g_assert_no_error (error);
  t = kiln_sim_open_transport (sim, f->chip->log_baud, &error);
  g_assert_no_error (error);
  /* Listen at the ROM's rate from the start: press RESET once the port
   * is open. */
  kiln_transport_flush_input (t, NULL);
  kiln_sim_reset (sim);
  log = kiln_transport_drain (t, 300, 3000, NULL, &error);
  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (log, NULL), g_bytes_get_size (log));
}

static void
assert_decoded (Fixture    *f,
                const char *log,
                const char *const *lines)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) bytes = g_bytes_new (log, strlen (log));
  g_autofree char *path = kiln_test_write_tmp (f->dir, "boot.log", bytes);

  kiln_test_cli (&run, "decode-log", "--all", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* The banner line is printed (which words explain it is the decoder's
   * business); every line after it is recognised, with its explanation. */
  assert_has (run.out, f->chip->banner);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *decoded = g_strdup_printf ("%s  → ", lines[i]);
      assert_has (run.out, decoded);
    }
}

static void
test_idf_layout (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *port = g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s", f->chip->name,
                                           f->flash);
  g_autofree char *back = g_build_filename (f->dir, "back.bin", NULL);
  g_autofree char *log = NULL;
  g_autofree char *load = NULL;
  g_autofree char *entry = NULL;
  g_autoptr(GBytes) flash = NULL;
  g_autoptr(GBytes) read = NULL;

  kiln_test_cli (&run, "-p", port, "-b", "460800", "write-flash",
                 f->boot_addr, f->boot_path, "0x8000", f->table_path, "0x10000", f->app_path,
                 NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "app.bin verified");
  flash = kiln_test_read_file (f->flash);
  assert_layout (f, flash);

  kiln_test_cli (&run, "-p", port, "-b", "460800", "read-flash", "0x10000",
                 "0x100000", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_cmpmem (g_bytes_get_data (read, NULL), g_bytes_get_size (read),
                   (const guint8 *) g_bytes_get_data (flash, NULL) + 0x10000, 0x100000);

  /* The board boots what was written: its ROM finds the bootloader at the
   * chip's offset and says so in its own words. */
  log = capture_boot_log (f, "");
  load = g_strdup_printf ("load:0x%08x,len:0x1718", f->chip->dram);
  entry = g_strdup_printf ("entry 0x%08x", f->chip->iram);
  assert_has (log, f->chip->banner);
  assert_has (log, f->chip->flash_boot);
  assert_has (log, "SPIWP:0xee");
  assert_has (log, "mode:DIO, clock div:");
  assert_has (log, load);
  assert_has (log, entry);
  {
    const char *lines[] = { f->chip->flash_boot, "SPIWP:0xee", load, entry, NULL };
    assert_decoded (f, log, lines);
  }
}

/* An empty flash: the ROM finds no image at the bootloader offset and
 * keeps trying; in the download strap it waits for the host. */
static void
test_boot_logs (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *empty = capture_boot_log (f, "");
  g_autofree char *opts = g_strdup_printf ("%s", f->chip->name);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = kiln_sim_new_from_options (opts, &error);
  g_autoptr(KilnTransport) t = NULL;
  g_autoptr(GBytes) log = NULL;
  g_autofree char *download = NULL;

  assert_has (empty, f->chip->banner);
  assert_has (empty, f->chip->flash_boot);
  assert_has (empty, "invalid header: 0xffffffff");
  {
    const char *lines[] = { f->chip->flash_boot, "invalid header: 0xffffffff", NULL };
    assert_decoded (f, empty, lines);
  }

  g_assert_no_error (error);
  t = kiln_sim_open_transport (sim, f->chip->log_baud, &error);
  g_assert_no_error (error);
  /* BOOT held while RESET is pressed. */
  kiln_transport_flush_input (t, NULL);
  kiln_sim_set_strap (sim, KILN_SIM_STRAP_DOWNLOAD);
  kiln_sim_reset (sim);
  log = kiln_transport_drain (t, 200, 2000, NULL, &error);
  g_assert_no_error (error);
  download = g_strndup (g_bytes_get_data (log, NULL), g_bytes_get_size (log));
  assert_has (download, f->chip->banner);
  assert_has (download, "rst:0x1 (POWERON),boot:0x");
  assert_has (download, " (DOWNLOAD(");
  assert_has (download, "waiting for download");
}

static char *
start_kiln_sim (Fixture      *f,
                GSubprocess **proc)
{
  return kiln_test_start_sim (proc, "--chip", f->chip->name, "--flash-size", "4MB",
                              "--flash-file", f->flash, NULL);
}

static void
test_socket (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GSubprocess) sim = NULL;
  g_autofree char *port = start_kiln_sim (f, &sim);
  g_autofree char *back = g_build_filename (f->dir, "back.bin", NULL);
  g_autofree char *desc = g_strdup_printf ("Chip: %s (revision %s)\n", f->chip->display,
                                           f->chip->revision);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) mib = kiln_test_random (MiB, f->chip->image_id + 500);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "mib.bin", mib);
  g_autoptr(GBytes) read = NULL;
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", port, "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.out, desc);
  kiln_test_cli (&run, "-p", port, "write-flash", "0x100000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "mib.bin verified");
  kiln_test_cli (&run, "-p", port, "read-flash", "0x100000", "1MB", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_cmpmem (g_bytes_get_data (read, NULL), g_bytes_get_size (read),
                   g_bytes_get_data (mib, NULL), MiB);
  kiln_test_terminate (sim);
  after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->erased, 0x100000, mib);
}

/* The same build, imported the way ESP-IDF describes it: build/
 * flasher_args.json naming the chip, its flash settings and the three
 * files.  The settings match the headers, so nothing is patched. */
static void
test_flasher_args (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *json = g_strdup_printf (
    "{\n"
    "  \"write_flash_args\": [\"--flash_mode\", \"dio\", \"--flash_size\", \"4MB\",\n"
    "                       \"--flash_freq\", \"%s\"],\n"
    "  \"flash_settings\": { \"flash_mode\": \"dio\", \"flash_size\": \"4MB\",\n"
    "                      \"flash_freq\": \"%s\" },\n"
    "  \"flash_files\": { \"%s\": \"bootloader.bin\", \"0x8000\": \"partition-table.bin\",\n"
    "                   \"0x10000\": \"app.bin\" },\n"
    "  \"bootloader\": { \"offset\": \"%s\", \"file\": \"bootloader.bin\", \"encrypted\": \"false\" },\n"
    "  \"app\": { \"offset\": \"0x10000\", \"file\": \"app.bin\", \"encrypted\": \"false\" },\n"
    "  \"partition-table\": { \"offset\": \"0x8000\", \"file\": \"partition-table.bin\",\n"
    "                       \"encrypted\": \"false\" },\n"
    "  \"extra_esptool_args\": { \"after\": \"hard_reset\", \"before\": \"default_reset\",\n"
    "                          \"stub\": true, \"chip\": \"%s\" }\n"
    "}\n", f->chip->freq_name, f->chip->freq_name, f->boot_addr, f->boot_addr, f->chip->name);
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autofree char *path = kiln_test_write_tmp (f->dir, "flasher_args.json", bytes);
  g_autofree char *port = g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s", f->chip->name,
                                           f->flash);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) flash = NULL;

  kiln_test_cli (&run, "-p", port, "write-flash", "--flasher-args", path, NULL);
  if (run.status != 0)
    g_printerr ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "bootloader.bin verified");
  assert_has (run.err, "partition-table.bin verified");
  assert_has (run.err, "app.bin verified");
  flash = kiln_test_read_file (f->flash);
  assert_layout (f, flash);
}

/* A bootloader built for another chip of the family, where this chip's
 * bootloader goes: refused before anything is erased; --force writes it. */
static void
test_wrong_chip_image (Fixture       *f,
                       gconstpointer  data)
{
  const Chip *other = g_str_equal (f->chip->name, "esp32c3") ? &chips[1] : &chips[2];
  g_autoptr(GBytes) image = make_bootloader (other);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "other-bootloader.bin", image);
  g_autofree char *port = g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s", f->chip->name,
                                           f->flash);
  g_autofree char *why = g_strdup_printf ("other-bootloader.bin is an %s image, but the board is "
                                          "an %s", other->display, f->chip->display);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", port, "write-flash", f->boot_addr, path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_has (run.err, why);
  assert_has (run.err, "add --force");
  after = kiln_test_read_file (f->flash);
  g_assert_true (g_bytes_equal (after, f->erased));
  g_clear_pointer (&after, g_bytes_unref);

  kiln_test_cli (&run, "-p", port, "write-flash", "--force", f->boot_addr, path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "Writing it anyway, as asked: ");
  after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->erased, f->chip->boot_offset, image);
}

/* The security state the ROM reports through GET_SECURITY_INFO: flash
 * encryption stops plain writes before anything is erased; in Secure
 * Download Mode (no register reads) the chip is still named. */
static void
test_security (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *fe = g_strdup_printf ("sim:esp32c3?security=flash-encryption&flash=4MB"
                                         "&flash-file=%s", f->flash);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", fe, "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.out, "Chip: ESP32-C3 (revision v0.4)\n");
  assert_has (run.out, "Security: Flash encryption is enabled");
  kiln_test_cli (&run, "-p", fe, "write-flash", "0x10000", f->app_path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_has (run.err, "Kiln will not write plain images to this chip");
  after = kiln_test_read_file (f->flash);
  g_assert_true (g_bytes_equal (after, f->erased));

  kiln_test_cli (&run, "-p", "sim:esp32c3?security=secure-download,secure-boot", "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.out, "Chip type: esp32c3\n");
  assert_has (run.out, "Chip: ESP32-C3\n");
  assert_has (run.out, "Secure boot is enabled");
  assert_has (run.out, "Secure download mode is on");
  assert_has (run.err, "Secure Download Mode");
  /* The ROM refuses the register reads a flash id takes: not asked, so no
   * refusal read as a damaged reply. */
  g_assert_null (strstr (run.err, "flash id"));
  g_assert_null (strstr (run.err, "damaged"));
}

/* An S2 on its USB-OTG port (the ROM's CDC, 303a:0002): the port goes away
 * at every reset and Kiln opens it again; 1 MiB lands and reads back. */
static void
test_usb_otg (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *port = g_strdup_printf ("sim:esp32s2?usb=otg&flash=4MB&flash-file=%s",
                                           f->flash);
  g_autofree char *back = g_build_filename (f->dir, "back.bin", NULL);
  g_autoptr(GBytes) mib = kiln_test_random (MiB, 90);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "mib.bin", mib);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) read = NULL;
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", port, "write-flash", "0x10000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "mib.bin verified");
  kiln_test_cli (&run, "-p", port, "read-flash", "0x10000", "1MB", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_true (g_bytes_equal (read, mib));
  after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->erased, 0x10000, mib);
}

static void
note_line (int         level,
           const char *message,
           gpointer    user_data)
{
  GString *said = user_data;

  g_string_append_printf (said, "%s\n", message);
}

/* Waits (on the sim's clock, which runs with the host's) until the board
 * has booted once more than @boots, and returns its mode then. */
static KilnSimMode
wait_for_boot (KilnSim *sim,
               guint64  boots)
{
  KilnSimStats stats;
  gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  do
    {
      g_usleep (10 * 1000);
      kiln_sim_get_stats (sim, &stats);
    }
  while (stats.boots <= boots && g_get_monotonic_time () < end);
  g_assert_cmpuint (stats.boots, >, boots);
  /* The boot runs on: let the ROM and the bootloader finish. */
  g_usleep (200 * 1000);
  return kiln_sim_get_mode (sim);
}

/* Through the S2's USB-OTG port a host's download request sets the ROM's
 * force-download flag: an EN-style reset afterwards comes straight back to
 * the loader (the board would never start what was just written).  Kiln
 * clears the flag and resets through the RTC watchdog; the board then
 * boots its firmware from flash. */
static void
test_usb_otg_reset (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *port = g_strdup_printf ("sim:esp32s2?id=otg-reset&usb=otg&flash=4MB&flash-file=%s",
                                           f->flash);
  KilnConnectOptions options = { .port = port, .baud = 115200, .chip = KILN_CHIP_AUTO,
                                 .before = KILN_RESET_DEFAULT, .after = KILN_AFTER_HARD_RESET,
                                 .no_stub = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) said = g_string_new (NULL);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(KilnSim) sim = NULL;
  KilnDevice *device;
  KilnSimStats stats;

  kiln_test_cli (&run, "-p", port, "write-flash", f->boot_addr, f->boot_path, "0x8000",
                 f->table_path, "0x10000", f->app_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "Resetting the board through its watchdog (USB-OTG)");

  kiln_sim_register ();
  sim = kiln_sim_new_from_options (port, &error);
  g_assert_no_error (error);

  /* What an EN pulse does on this port once the flag is set. */
  device = kiln_device_connect (&options, note_line, said, NULL, &error);
  g_assert_no_error (error);
  kiln_sim_get_stats (sim, &stats);
  kiln_transport_set_lines (kiln_device_get_transport (device), FALSE, TRUE, NULL);
  g_usleep (100 * 1000);
  kiln_transport_set_lines (kiln_device_get_transport (device), FALSE, FALSE, NULL);
  g_assert_cmpint (wait_for_boot (sim, stats.boots), ==, KILN_SIM_MODE_ROM);
  kiln_device_close (device);

  /* Kiln's reset after a job. */
  g_string_truncate (said, 0);
  device = kiln_device_connect (&options, note_line, said, NULL, &error);
  g_assert_no_error (error);
  kiln_sim_get_stats (sim, &stats);
  kiln_device_finish (device, KILN_AFTER_HARD_RESET);
  kiln_device_close (device);
  assert_has (said->str, "Cleared the chip's forced download mode");
  assert_has (said->str, "Resetting the board through its watchdog (USB-OTG)");
  g_assert_cmpint (wait_for_boot (sim, stats.boots), !=, KILN_SIM_MODE_ROM);
  kiln_sim_get_stats (sim, &stats);
  g_assert_cmpuint (stats.flash_boots, >=, 1);
}

/* A boot check cannot hear an S2 through its USB-OTG port (its ROM and
 * bootloader print on UART0): the write still ends with the watchdog
 * reset that starts the firmware (test_usb_otg_reset shows it does), and
 * says why the boot was not checked, rather than leaving the board in
 * download mode after a reset through lines it has no wire for. */
static void
test_usb_otg_check_boot (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *port = g_strdup_printf ("sim:esp32s2?usb=otg&flash=4MB&flash-file=%s",
                                           f->flash);
  g_auto(KilnTestRun) run = { 0 };

  kiln_test_cli (&run, "-p", port, "write-flash", "--check-boot", f->boot_addr, f->boot_path,
                 "0x8000", f->table_path, "0x10000", f->app_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "app.bin verified");
  assert_has (run.err, "Resetting the board through its watchdog (USB-OTG)");
  assert_has (run.err, "Boot not checked: through the chip's own USB-OTG port");
  assert_has (run.err, "UART0");
  /* The result line says it too (the app shows it under Detected Board). */
  assert_has (run.out, "Boot not checked: through the chip's own USB-OTG port");
  g_assert_null (strstr (run.err, "checking that the firmware comes up"));

  /* In Secure Download Mode no register can be written: no flag cleared,
   * no watchdog reset, and the user is told to press RESET. */
  kiln_test_cli (&run, "-p", "sim:esp32s3?usb=otg&security=secure-download", "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "Secure Download Mode: press RESET");
  g_assert_null (strstr (run.err, "Could not clear"));
  g_assert_null (strstr (run.err, "through its watchdog"));

  /* An S2 there says neither its magic (no register reads) nor its chip
   * id (its security info has none): the user's choice decides. */
  kiln_test_cli (&run, "-p", "sim:esp32s2?usb=otg&security=secure-download", "chip-id", NULL);
  g_assert_cmpint (run.status, !=, 0);
  assert_has (run.err, "does not say which it is");
  assert_has (run.err, "--chip");
  kiln_test_cli (&run, "--chip", "esp32s2", "-p", "sim:esp32s2?usb=otg&security=secure-download",
                 "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.out, "Chip: ESP32-S2\n");
  assert_has (run.err, "going by the chip chosen: ESP32-S2");
}

/* A stub file uploaded through the S2's own USB-OTG CDC goes in blocks its
 * ROM's smaller receive buffer takes (the virtual ROM loses a larger
 * request there, as a host would see from silicon: no answer); the stub
 * then runs and the write lands. */
static void
test_usb_otg_stub (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *port = g_strdup_printf ("sim:esp32s2?usb=otg&flash=4MB&flash-file=%s",
                                           f->flash);
  g_autofree char *stub = kiln_test_write_fake_stub (f->dir, "esp32s2");
  g_autoptr(GBytes) blob = kiln_test_random (64 * 1024, 91);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "blob.bin", blob);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", port, "--stub", stub, "write-flash", "0x20000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "esp32s2.json");
  assert_has (run.err, "blob.bin verified");
  after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->erased, 0x20000, blob);
}

/* kiln-cli monitor resets a C3 that holds a build and explains what its
 * ROM prints, line by line. */
static void
test_monitor (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *port = g_strdup_printf ("sim:esp32c3?flash=4MB&flash-file=%s", f->flash);
  g_autofree char *load = g_strdup_printf ("load:0x%08x,len:0x1718  → ", f->chip->dram);
  g_auto(KilnTestRun) run = { 0 };

  kiln_test_cli (&run, "-p", port, "write-flash", f->boot_addr, f->boot_path, "0x8000",
                 f->table_path, "0x10000", f->app_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  kiln_test_cli (&run, "-p", port, "monitor", "--timeout", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.out, "rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)  → ");
  assert_has (run.out, load);
  assert_has (run.out, "entry 0x403cc710  → ");
}

/* ---- USB-Serial/JTAG and the watchdogs ------------------------------------ */

/* Each run gets its own board: USB boards stay plugged in under their port
 * name for the life of a process, and kiln-cli is a new process anyway. */
static char *
usb_port (Fixture *f)
{
  /* 2 MiB at 0.3 ms a 256-byte page is about 2.5 s of programming: longer
   * than the 1.5 s the watchdog gives the loader here. */
  return g_strdup_printf ("sim:esp32c3?usb=serial-jtag&wdt-ms=1500&write-ms=0.3&flash=4MB"
                          "&flash-file=%s", f->flash);
}

static void
test_usb_jtag_watchdogs_stopped (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *port = usb_port (f);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) image = kiln_test_random (2 * MiB, 77);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "big.bin", image);
  g_autoptr(GBytes) after = NULL;

  g_unsetenv ("KILN_TEST_KEEP_WATCHDOGS");
  /* No --before: the port's USB id (303a:1001) chooses the USB reset. */
  kiln_test_cli (&run, "-p", port, "write-flash", "0x10000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "Stopped the RTC watchdog");
  assert_has (run.err, "big.bin verified");
  g_assert_null (strstr (run.err, "reset itself"));
  after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->erased, 0x10000, image);
}

static void
test_usb_jtag_watchdogs_running (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *port = usb_port (f);
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) image = kiln_test_random (2 * MiB, 78);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "big.bin", image);
  g_autoptr(GBytes) after = NULL;

  g_setenv ("KILN_TEST_KEEP_WATCHDOGS", "1", TRUE);
  kiln_test_cli (&run, "-p", port, "write-flash", "0x10000", path, NULL);
  g_unsetenv ("KILN_TEST_KEEP_WATCHDOGS");
  g_assert_cmpint (run.status, !=, 0);
  assert_has (run.err, "Leaving the chip's watchdogs running");
  /* The chip reset in the middle, came back on the bus, Kiln reconnected,
   * and it reset again: said plainly, with how far the write got. */
  assert_has (run.err, "The board reset itself: its USB port went away");
  assert_has (run.err, "Connected again.");
  assert_has (run.err, "kept resetting itself in the middle of the write");
  assert_has (run.err, "big.bin");
  assert_has (run.err, "incomplete");
  after = kiln_test_read_file (f->flash);
  g_assert_false (g_bytes_equal (after, f->erased));
  g_assert_cmpint (memcmp ((const guint8 *) g_bytes_get_data (after, NULL) + 0x10000,
                           g_bytes_get_data (image, NULL), 2 * MiB), !=, 0);
}

/* Through USB-Serial/JTAG the port is away while the ROM and the
 * bootloader talk: the boot check resets the board, waits for the port to
 * come back and listens to the firmware; without a bootloader it hears
 * the ROM's complaint, which goes on after the port is back. */
static void
test_usb_jtag_check_boot (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *port = usb_port (f);
  g_auto(KilnTestRun) run = { 0 };

  kiln_test_cli (&run, "-p", port, "write-flash", "--check-boot", f->boot_addr, f->boot_path,
                 "0x8000", f->table_path, "0x10000", f->app_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "app.bin verified");
  assert_has (run.err, "checking that the firmware comes up");
  assert_has (run.out, "Boot check: AT firmware answered: AT version 3.3.0.0, SDK v5.0.6-dirty");
  g_assert_null (strstr (run.err, "went away"));

  kiln_test_cli (&run, "-p", port, "erase-flash", NULL);
  g_assert_cmpint (run.status, ==, 0);
  kiln_test_cli (&run, "-p", port, "write-flash", "--check-boot", "0x10000", f->app_path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_has (run.out, "Boot check failed: No bootloader in flash");
  assert_has (run.out, "invalid header: 0xffffffff");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The ROM loaders are what is tested here, not a stub from the machine. */
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
    {
      const Chip *c = &chips[i];
#define ADD(leaf, func) \
      { g_autofree char *p = g_strdup_printf ("/kiln/family/%s/" leaf, c->name); \
        g_test_add (p, Fixture, c, fixture_setup, func, fixture_teardown); }
      ADD ("chip-id", test_chip_id);
      ADD ("idf-layout", test_idf_layout);
      ADD ("boot-logs", test_boot_logs);
      ADD ("socket", test_socket);
      ADD ("wrong-chip-image", test_wrong_chip_image);
      ADD ("flasher-args", test_flasher_args);
#undef ADD
    }
  g_test_add ("/kiln/family/esp32s2/usb-otg", Fixture, &chips[0], fixture_setup, test_usb_otg,
              fixture_teardown);
  g_test_add ("/kiln/family/esp32s2/usb-otg-check-boot", Fixture, &chips[0], fixture_setup,
              test_usb_otg_check_boot, fixture_teardown);
  g_test_add ("/kiln/family/esp32s2/usb-otg-reset", Fixture, &chips[0], fixture_setup,
              test_usb_otg_reset, fixture_teardown);
  g_test_add ("/kiln/family/esp32s2/usb-otg-stub", Fixture, &chips[0], fixture_setup, test_usb_otg_stub,
              fixture_teardown);
  g_test_add ("/kiln/family/esp32c3/monitor", Fixture, &chips[2], fixture_setup, test_monitor,
              fixture_teardown);
  g_test_add ("/kiln/family/esp32c3/security", Fixture, &chips[2], fixture_setup, test_security,
              fixture_teardown);
  g_test_add ("/kiln/family/esp32c3/usb-serial-jtag/watchdogs-stopped", Fixture, &chips[2],
              fixture_setup, test_usb_jtag_watchdogs_stopped, fixture_teardown);
  g_test_add ("/kiln/family/esp32c3/usb-serial-jtag/watchdogs-running", Fixture, &chips[2],
              fixture_setup, test_usb_jtag_watchdogs_running, fixture_teardown);
  g_test_add ("/kiln/family/esp32c3/usb-serial-jtag/check-boot", Fixture, &chips[2],
              fixture_setup, test_usb_jtag_check_boot, fixture_teardown);
  return g_test_run ();
}
