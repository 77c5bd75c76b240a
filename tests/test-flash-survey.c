/* test-flash-survey.c: kiln-cli inspect-flash against virtual boards whose
 * flash holds the layouts people get wrong.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case builds a board's flash byte by byte, runs the command as a
 * person would, checks the cause it names and the place it names, and
 * checks that the flash is as it was: the survey only reads.
 */
#include <gio/gio.h>
#include <string.h>

#include "kiln-test-images.h"
#include "kiln-test-util.h"

#define FLASH_SIZE (4 * 1024 * 1024)

typedef struct
{
  char       *dir;
  GByteArray *flash;   /* the board's flash as the case builds it */
} Board;

static void
board_init (Board *b)
{
  b->dir = kiln_test_tmpdir ();
  b->flash = g_byte_array_sized_new (FLASH_SIZE);
  g_byte_array_set_size (b->flash, FLASH_SIZE);
  memset (b->flash->data, 0xFF, FLASH_SIZE);
}

static void
board_clear (Board *b)
{
  kiln_test_rm_rf (b->dir);
  g_free (b->dir);
  g_byte_array_unref (b->flash);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Board, board_clear)

static void
put (Board   *b,
     guint32  address,
     GBytes  *data)
{
  gsize len = 0;
  const guint8 *d = g_bytes_get_data (data, &len);

  g_assert_cmpuint (address + len, <=, b->flash->len);
  memcpy (b->flash->data + address, d, len);
}

static GBytes *
esp32_image (guint16           chip_id,
             KilnTestImageRole role,
             guint8            size_freq)
{
  return kiln_test_esp32_image (chip_id, role, 2 /* DIO */, size_freq, 0, 0);
}

/* A whole ESP-IDF layout for @chip_id with its bootloader at @boot_at. */
static void
put_idf_layout (Board   *b,
                guint16  chip_id,
                guint32  boot_at)
{
  g_autoptr(GBytes) boot = esp32_image (chip_id, KILN_TEST_IMAGE_BOOTLOADER, 0x20);
  g_autoptr(GBytes) table = kiln_test_partition_table (0x10000);
  g_autoptr(GBytes) app = esp32_image (chip_id, KILN_TEST_IMAGE_APP, 0x20);

  put (b, boot_at, boot);
  put (b, 0x8000, table);
  put (b, 0x10000, app);
}

/* Runs inspect-flash on a board of @chip holding @b's flash (with @extra
 * options on its port), and checks that nothing was written. */
static void
inspect (Board       *b,
         const char  *chip,
         const char  *extra,
         KilnTestRun *run)
{
  g_autoptr(GBytes) before = g_bytes_new (b->flash->data, b->flash->len);
  g_autofree char *path = kiln_test_write_tmp (b->dir, "flash.bin", before);
  g_autofree char *port = g_strdup_printf ("sim:%s?flash=4MB&flash-file=%s%s", chip, path,
                                           extra != NULL ? extra : "");
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (run, "-p", port, "inspect-flash", NULL);
  after = kiln_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_nonnull (strstr (run->err, "Reading what the boot looks at…"));
}

static guint
count_lines_starting (const char *text,
                      const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

static void
assert_cause (const KilnTestRun *run,
              const char        *cause,
              int                status)
{
  g_autofree char *line = g_strdup_printf ("(cause: %s)\n", cause);

  if (strstr (run->out, line) == NULL)
    g_error ("expected %s in:\n%s\n%s", line, run->out, run->err);
  g_assert_cmpint (run->status, ==, status);
}

static void
test_esp32_empty (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "empty-flash", 1);
  assert_contains (run.out, "  0x1000     nothing: erased (0xFF)\n");
  assert_contains (run.out, "Verdict: The flash is empty\n");
}

static void
test_esp32_sound (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_idf_layout (&b, KILN_TEST_CHIP_ESP32, 0x1000);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "none", 0);
  assert_contains (run.out, "  0x1000     an ESP32 image (header: DIO, 4MB), 192 bytes, checksum right\n");
  assert_contains (run.out, "  0x8000     a partition table\n");
  assert_contains (run.out, "  0x10000    an ESP32 image (header: DIO, 4MB), 192 bytes by its "
                            "headers\n");
  assert_contains (run.out, "Verdict: What the boot needs is in place\n");
  /* Read whole and sound: a checksum error at boot is the boot's reading. */
  assert_contains (run.out, "the bootloader reads back whole here, so the boot reads it wrong");
  assert_contains (run.out, "a segment at 0xffffffff");
}

/* MicroPython's ESP32 firmware (bootloader first) written at 0x0, as
 * instructions for the newer chips say: the ROM reads 0x1000 and finds the
 * middle of the bootloader; the log says only "flash read err, 1000". */
static void
test_esp32_written_at_zero (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) boot = kiln_test_esp32_bootloader_sized (KILN_TEST_CHIP_ESP32, 0x5000);

  board_init (&b);
  put (&b, 0x0, boot);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "wrong-bootloader-offset", 1);
  assert_contains (run.out, "Verdict: The bootloader is at 0x0, not at 0x1000\n");
  assert_contains (run.out, "  0x1000     data that is no image");
}

static void
test_esp32_app_only (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP, 0x20);

  board_init (&b);
  put (&b, 0x10000, app);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "missing-bootloader", 1);
  assert_contains (run.out, "Verdict: Only the application was written\n");
}

/* Data that is no image at the application's place (a file system, a
 * random file), nothing at the bootloader's. */
static void
test_esp32_data_only (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) data = kiln_test_random (0x10000, 3);

  board_init (&b);
  put (&b, 0x10000, data);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "missing-bootloader", 1);
  assert_contains (run.out, "Verdict: No bootloader at 0x1000\n");
  assert_contains (run.out, "is erased, and nothing there or at the application's 0x10000 is an "
                            "image the boot can start");
}

/* The ESP32 habit on an ESP32-S3: its own bootloader at 0x1000. */
static void
test_s3_bootloader_at_0x1000 (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_idf_layout (&b, KILN_TEST_CHIP_ESP32S3, 0x1000);
  inspect (&b, "esp32s3", NULL, &run);
  assert_cause (&run, "wrong-bootloader-offset", 1);
  assert_contains (run.out, "Verdict: The bootloader is at 0x1000, not at 0x0\n");
}

/* An ESP32-C3 build on an ESP32-S3: both read their bootloader at 0x0. */
static void
test_s3_holds_c3_build (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_idf_layout (&b, KILN_TEST_CHIP_ESP32C3, 0x0);
  inspect (&b, "esp32s3", NULL, &run);
  assert_cause (&run, "image-for-other-chip", 1);
  assert_contains (run.out, "The image at 0x0 is for the ESP32-C3; this board is an "
                                 "ESP32-S3");
}

static void
test_esp32_header_larger_than_flash (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) boot = esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER, 0x40);

  board_init (&b);
  put_idf_layout (&b, KILN_TEST_CHIP_ESP32, 0x1000);
  put (&b, 0x1000, boot);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "flash-size-mismatch", 1);
  assert_contains (run.out, "gives a 16 MiB flash, but this board's flash is 4 MiB");
  assert_contains (run.out, "Write the firmware again with flash size 4MB (or Detect)");
}

static void
test_esp32_no_table (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) boot = esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER, 0x20);

  board_init (&b);
  put (&b, 0x1000, boot);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "partition-table-invalid", 1);
  assert_contains (run.out, "Verdict: No partition table\n");
}

/* The table names its factory app at 0x20000, and nothing is there (the
 * application went to 0x10000 as for the default table). */
static void
test_esp32_app_not_where_table_says (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) boot = esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER, 0x20);
  g_autoptr(GBytes) table = kiln_test_partition_table (0x20000);
  g_autoptr(GBytes) app = esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP, 0x20);

  board_init (&b);
  put (&b, 0x1000, boot);
  put (&b, 0x8000, table);
  put (&b, 0x10000, app);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "no-app-partition", 1);
  assert_contains (run.out, "the application's partition at 0x20000 holds nothing: erased (0xFF)");
  assert_contains (run.out, "  0x20000    nothing: erased (0xFF)\n");
}

/* A build that moved its table (CONFIG_PARTITION_TABLE_OFFSET 0x9000,
 * as a larger bootloader needs): found there, and the application it
 * names checked, with the doubt said. */
static void
test_esp32_table_moved (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) boot = esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER, 0x20);
  g_autoptr(GBytes) table = kiln_test_partition_table (0x20000);
  g_autoptr(GBytes) app = esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP, 0x20);

  board_init (&b);
  put (&b, 0x1000, boot);
  put (&b, 0x9000, table);
  put (&b, 0x20000, app);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "none", 0);
  assert_contains (run.out, "Confidence: medium");
  assert_contains (run.out, "  0x8000     nothing: erased (0xFF)\n");
  assert_contains (run.out, "  0x9000     a partition table\n");
  assert_contains (run.out, "  0x20000    an ESP32 image (header: DIO, 4MB), 192 bytes by its "
                            "headers\n");
  assert_contains (run.out, "a partition table at 0x9000 and an application at 0x20000. The "
                            "table is not at the usual 0x8000");

  /* Moved, and nothing where it names the application. */
  {
    g_auto(Board) empty = { 0 };
    g_auto(KilnTestRun) again = { 0 };

    board_init (&empty);
    put (&empty, 0x1000, boot);
    put (&empty, 0xC000, table);
    inspect (&empty, "esp32", NULL, &again);
    assert_cause (&again, "no-app-partition", 1);
    assert_contains (again.out, "  0xC000     a partition table\n");
    assert_contains (again.out, "the application's partition at 0x20000 holds nothing");
  }
}

/* A table made for a 16 MB flash on a 4 MB board: the application it
 * names lies past the end. */
static void
test_esp32_table_past_flash_end (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) boot = esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_BOOTLOADER, 0x20);
  g_autoptr(GBytes) table = kiln_test_partition_table (0x800000);

  board_init (&b);
  put (&b, 0x1000, boot);
  put (&b, 0x8000, table);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "flash-size-mismatch", 1);
  assert_contains (run.out, "Verdict: The partition table was made for a larger flash\n");
  assert_contains (run.out, "The partition table at 0x8000 puts the application at 0x800000, "
                            "past the end of this board's 4 MiB flash.");
}

/* Flash encryption on, and a plain bootloader where the chip reads it. */
static void
test_s3_plain_bootloader_encrypted_chip (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_idf_layout (&b, KILN_TEST_CHIP_ESP32S3, 0x0);
  inspect (&b, "esp32s3", "&security=flash-encryption", &run);
  assert_cause (&run, "flash-encryption", 1);
  assert_contains (run.out, "Verdict: A plain bootloader on a chip with flash encryption on\n");
  /* Reading is allowed; the warning says what encryption means. */
  assert_contains (run.err, "Flash encryption is enabled");
}

static void
test_flash_not_answering (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  inspect (&b, "esp32", "&jedec=ffffff", &run);
  assert_cause (&run, "flash-read-failure", 1);
  assert_contains (run.out, "The flash's ID reads 0xFFFFFF");
  g_assert_null (strstr (run.out, "What the boot looks at:"));
}

/* The SDK's two-part firmware with boot.bin left out. */
static void
test_esp8266_user1_without_boot (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  static const guint8 user1[] = { 0xEA, 0x04, 0x00, 0x50, 0x04, 0x00, 0x10, 0x40 };
  g_autoptr(GBytes) user1_bytes = g_bytes_new_static (user1, sizeof user1);

  board_init (&b);
  put (&b, 0x1000, user1_bytes);
  inspect (&b, "esp8266", NULL, &run);
  assert_cause (&run, "missing-bootloader", 1);
  assert_contains (run.out, "  0x1000     an ESP8266 SDK application");
  assert_contains (run.out, "Verdict: user1.bin without boot.bin\n");
}

static void
test_esp8266_header_larger_than_flash (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  /* 0x40: map 4, 4 MB, on a board whose flash is 1 MB. */
  g_autoptr(GBytes) image = kiln_test_esp8266_firmware (0x00, 0x40);

  board_init (&b);
  g_byte_array_set_size (b.flash, 1024 * 1024);
  put (&b, 0x0, image);
  inspect (&b, "esp8266", "&flash=1MB", &run);
  assert_cause (&run, "flash-size-mismatch", 1);
  assert_contains (run.out, "gives a 4 MiB flash, but this board's flash is 1 MiB");

  /* The same image on a 4 MB board is in place. */
  {
    g_auto(Board) big = { 0 };
    g_auto(KilnTestRun) again = { 0 };

    board_init (&big);
    put (&big, 0x0, image);
    inspect (&big, "esp8266", NULL, &again);
    assert_cause (&again, "none", 0);
    assert_contains (again.out, "has a sound header for this flash and reads back whole.\n");
    assert_contains (again.out, "If it says “csum err” (or loads a segment of no length), the "
                                "image reads back whole here");
  }
}

/* The AT firmware of seed 000 as the Download Tool writes it: boot.bin
 * (header giving @boot_map), user1.bin whose header carries @user1_code
 * (gen_appbin before SDK 3 copies boot.bin's size/frequency byte there;
 * 0x01 with mode 0 is SDK 3's app number), the PHY init data at
 * @init_at (0 for none) on a board of @flash_mb MB. */
static void
put_at_firmware (Board   *b,
                 guint    flash_mb,
                 guint8   boot_map,
                 guint8   user1_mode,
                 guint8   user1_code,
                 guint32  init_at)
{
  g_autoptr(GBytes) boot = kiln_test_esp8266_v1_image (0x00, (guint8) (boot_map << 4));
  g_autoptr(GBytes) user1_bytes = kiln_test_esp8266_user1 (user1_mode, user1_code, 0x8000);
  static const guint8 init[] = { 0x05, 0x08, 0x04, 0x02, 0x05, 0x05, 0x05, 0x02 };
  g_autoptr(GBytes) init_bytes = g_bytes_new_static (init, sizeof init);

  g_byte_array_set_size (b->flash, flash_mb * 1024 * 1024);
  memset (b->flash->data, 0xFF, b->flash->len);
  put (b, 0x0, boot);
  put (b, 0x1000, user1_bytes);
  if (init_at != 0)
    put (b, init_at, init_bytes);
}

static void
test_esp8266_at_firmware_sound (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  /* Map 5 (16Mbit-C1), user1.2048.new.5.bin, init data at 0x1FC000. */
  put_at_firmware (&b, 2, 5, 0x00, 0x50, 0x1FC000);
  inspect (&b, "esp8266", "&flash=2MB", &run);
  assert_cause (&run, "none", 0);
  assert_contains (run.out, "Confidence: high");
  assert_contains (run.out, "  0x1000     an ESP8266 SDK application (0xEA, as user1.bin), 34356 bytes, "
                            "checksum and CRC right\n");
  assert_contains (run.out, "  0x1FC000   PHY init data (esp_init_data_default.bin)\n");
  assert_contains (run.out, "the PHY init data at 0x1FC000, for flash map 5 (16Mbit-C1). "
                            "boot.bin and user1.bin read back whole.");
  /* Two images read whole, boot.bin and user1.bin: each read's progress
   * is told to its end. */
  g_assert_cmpuint (count_lines_starting (run.err, "Reading: 100%"), ==, 2);
}

/* user1.bin with a bit flipped: in its irom0 code, which only the CRC-32
 * covers, then in a RAM segment, which the checksum covers too.  The
 * survey reads it whole and names it, before the init data. */
static void
test_esp8266_user1_damaged (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_at_firmware (&b, 2, 5, 0x00, 0x50, 0);
  b.flash->data[0x1000 + 16 + 0x4000] ^= 0x20;
  inspect (&b, "esp8266", "&flash=2MB", &run);
  assert_cause (&run, "checksum-error", 1);
  assert_contains (run.out, "  0x1000     an ESP8266 SDK application (0xEA, as user1.bin), 34356 "
                            "bytes, checksum right, CRC wrong\n");
  assert_contains (run.out, "Verdict: user1.bin is damaged\n");
  assert_contains (run.out, "its CRC-32 is wrong: it says 0x");
  assert_contains (run.out, "Write user1.bin (the release's user1 file for this flash map) at "
                            "0x1000 again, with verification");

  {
    g_auto(Board) ram = { 0 };
    g_auto(KilnTestRun) again = { 0 };

    board_init (&ram);
    put_at_firmware (&ram, 2, 5, 0x00, 0x50, 0x1FC000);
    /* Past the irom0 segment (16 + 0x8000), the second header and the
     * first RAM segment's header. */
    ram.flash->data[0x1000 + 16 + 0x8000 + 8 + 8 + 0x40] ^= 0x01;
    inspect (&ram, "esp8266", "&flash=2MB", &again);
    assert_cause (&again, "checksum-error", 1);
    assert_contains (again.out, "checksum wrong\n");
    assert_contains (again.out, "its checksum is wrong: it says 0x");
  }
  /* An irom0 length past the map's 1024 KB slot: its headers say more
   * than user1.bin can hold. */
  {
    g_auto(Board) big = { 0 };
    g_auto(KilnTestRun) again = { 0 };

    board_init (&big);
    put_at_firmware (&big, 2, 5, 0x00, 0x50, 0x1FC000);
    big.flash->data[0x1000 + 14] = 0x10;
    inspect (&big, "esp8266", "&flash=2MB", &again);
    assert_cause (&again, "checksum-error", 1);
    assert_contains (again.out, "(0xEA, as user1.bin), cut short or overwritten\n");
    assert_contains (again.out, "its segment headers do not add up");
  }
}

/* Seed 000: the firmware built for map 5 written with 32Mbit-C1 on a 4 MB
 * module.  The slots are alike, so only SDK 3 firmware stops. */
static void
test_esp8266_map_mismatch_same_slots (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_at_firmware (&b, 4, 6, 0x00, 0x50, 0x3FC000);
  inspect (&b, "esp8266", NULL, &run);
  assert_cause (&run, "flash-map-mismatch", 1);
  assert_contains (run.out, "Confidence: medium");
  assert_contains (run.out, "built for flash map 5 (16Mbit-C1), but boot.bin's header at 0x0 "
                            "gives map 6 (32Mbit-C1)");
  assert_contains (run.out, "“mismatch map 5,spi_size_map 6”");
  assert_contains (run.out, "Write the firmware again with flash size 16Mbit-C1 (2MB-c1), with "
                            "esp_init_data_default.bin at 0x1FC000");
}

/* user1 built for 32Mbit-C1 on a 2 MB module written with 16Mbit-C1: the
 * fix is the firmware's other build, not a map the chip cannot hold. */
static void
test_esp8266_map_larger_than_flash (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_at_firmware (&b, 2, 5, 0x00, 0x60, 0x1FC000);
  inspect (&b, "esp8266", "&flash=2MB", &run);
  assert_cause (&run, "flash-map-mismatch", 1);
  assert_contains (run.out, "Fix: Write the build of the firmware for flash map 5 (16Mbit-C1), "
                            "whose name ends in .5.bin: this board's flash cannot hold map 6.");
}

/* 1024 KB slots under a 512 KB-slot map: no SDK boots it. */
static void
test_esp8266_map_mismatch_other_slots (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_at_firmware (&b, 2, 3, 0x00, 0x50, 0x1FC000);
  inspect (&b, "esp8266", "&flash=2MB", &run);
  assert_cause (&run, "flash-map-mismatch", 1);
  assert_contains (run.out, "Confidence: high");
  assert_contains (run.out, "(16Mbit-C1, 1024 KB app slots), but boot.bin's header at 0x0 gives "
                            "map 3 (16Mbit, 512 KB slots), which cannot hold it");
}

/* The init data left out, as after an erase: the SDK's "rf_cal[0] !=0x05". */
static void
test_esp8266_no_init_data (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_at_firmware (&b, 2, 5, 0x00, 0x50, 0);
  inspect (&b, "esp8266", "&flash=2MB", &run);
  assert_cause (&run, "missing-init-data", 1);
  assert_contains (run.out, "  0x1FC000   nothing: erased (0xFF)\n");
  assert_contains (run.out, "at 0x1FC000, where flash map 5 (16Mbit-C1) puts it, and finds "
                            "nothing: erased (0xFF)");
  assert_contains (run.out, "Write esp_init_data_default.bin (from the SDK or the AT release) "
                            "at 0x1FC000, and blank.bin at 0x1FE000.");

  /* Written where another map puts it (1 MB's 0xFC000) is as missing. */
  {
    g_auto(Board) moved = { 0 };
    g_auto(KilnTestRun) again = { 0 };

    board_init (&moved);
    put_at_firmware (&moved, 2, 5, 0x00, 0x50, 0xFC000);
    inspect (&moved, "esp8266", "&flash=2MB", &again);
    assert_cause (&again, "missing-init-data", 1);
  }
  /* Other data there (a file system image that reached the system
   * sectors) is no init data either. */
  {
    g_auto(Board) over = { 0 };
    g_auto(KilnTestRun) again = { 0 };
    g_autoptr(GBytes) data = kiln_test_random (0x1000, 5);

    board_init (&over);
    put_at_firmware (&over, 2, 5, 0x00, 0x50, 0);
    put (&over, 0x1FC000, data);
    inspect (&over, "esp8266", "&flash=2MB", &again);
    assert_cause (&again, "missing-init-data", 1);
    assert_contains (again.out, "  0x1FC000   data that is no image");
  }
}

/* esp_init_data_default.bin written at 0x0 instead of its address: its
 * first byte is the init data's 0x05, but 0x0 is where boot.bin belongs. */
static void
test_esp8266_init_data_at_zero (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  static const guint8 init[] = { 0x05, 0x08, 0x04, 0x02, 0x05, 0x05, 0x05, 0x02 };
  g_autoptr(GBytes) init_bytes = g_bytes_new_static (init, sizeof init);

  board_init (&b);
  put (&b, 0x0, init_bytes);
  inspect (&b, "esp8266", NULL, &run);
  assert_cause (&run, "missing-bootloader", 1);
  assert_contains (run.out, "0x0 holds data that is no image (begins 05 08 04 02)");
}

/* SDK 3's user1 names no map in its header (EA 04 00 01): the map cannot
 * be compared, the init data still can, and the verdict says which. */
static void
test_esp8266_sdk3_user1 (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_at_firmware (&b, 4, 6, 0x00, 0x01, 0x3FC000);
  inspect (&b, "esp8266", NULL, &run);
  assert_cause (&run, "none", 0);
  assert_contains (run.out, "for flash map 6 (32Mbit-C1); boot.bin and user1.bin read back whole. "
                            "user1.bin's header does not say which map it was built for");
  assert_contains (run.out, "Confidence: medium");
}

/* An ESP8285 (Sonoff Basic, ELRS receivers) written with DIO, as for an
 * ESP-12: its flash inside the chip reads in DOUT only. */
static void
test_esp8285_dio_header (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) dio = kiln_test_esp8266_firmware (0x02, 0x20);
  g_autoptr(GBytes) dout = kiln_test_esp8266_firmware (0x03, 0x20);

  board_init (&b);
  g_byte_array_set_size (b.flash, 1024 * 1024);
  put (&b, 0x0, dio);
  inspect (&b, "esp8266", "&variant=esp8285&flash=1MB", &run);
  assert_contains (run.err, "Detected ESP8285");
  assert_cause (&run, "wrong-flash-mode", 1);
  assert_contains (run.out, "Verdict: Flash mode the ESP8285 cannot do\n");
  assert_contains (run.out, "The header at 0x0 asks for flash mode DIO, but this chip is an "
                            "ESP8285");
  assert_contains (run.out, "Write the firmware again with SPI mode DOUT");

  /* DOUT boots; on an ESP8266 the same DIO image is in place. */
  {
    g_auto(Board) fixed = { 0 };
    g_auto(KilnTestRun) again = { 0 };

    board_init (&fixed);
    g_byte_array_set_size (fixed.flash, 1024 * 1024);
    put (&fixed, 0x0, dout);
    inspect (&fixed, "esp8266", "&variant=esp8285&flash=1MB", &again);
    assert_cause (&again, "none", 0);
  }
  {
    g_auto(Board) plain = { 0 };
    g_auto(KilnTestRun) again = { 0 };

    board_init (&plain);
    g_byte_array_set_size (plain.flash, 1024 * 1024);
    put (&plain, 0x0, dio);
    inspect (&plain, "esp8266", "&flash=1MB", &again);
    assert_contains (again.err, "Detected ESP8266EX");
    assert_cause (&again, "none", 0);
  }
}

/* A bootloader in place whose bytes were damaged after its header (a write
 * that stopped partway, a flash that lost a bit): the survey reads it
 * whole and finds its checksum wrong, as the ROM does. */
static void
test_esp32_bootloader_damaged (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };

  board_init (&b);
  put_idf_layout (&b, KILN_TEST_CHIP_ESP32, 0x1000);
  b.flash->data[0x1000 + 0x60] ^= 0x04;
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "checksum-error", 1);
  assert_contains (run.out, "  0x1000     an ESP32 image (header: DIO, 4MB), 192 bytes, "
                            "checksum wrong\n");
  assert_contains (run.out, "Verdict: The bootloader is damaged\n");
  assert_contains (run.out, "its checksum is wrong: it says 0x");
  assert_contains (run.out, "Write the bootloader (the build's bootloader.bin, or the merged "
                            "image) at 0x1000 again");

  /* Segment headers that claim more than any bootloader holds. */
  {
    g_auto(Board) cut = { 0 };
    g_auto(KilnTestRun) again = { 0 };

    board_init (&cut);
    put_idf_layout (&cut, KILN_TEST_CHIP_ESP32, 0x1000);
    /* The second segment's length (after the 24-byte header, the first
     * segment's 8-byte header and 0x30 bytes, and its own address). */
    cut.flash->data[0x1000 + 24 + 8 + 0x30 + 4 + 2] = 0x7F;
    inspect (&cut, "esp32", NULL, &again);
    assert_cause (&again, "checksum-error", 1);
    assert_contains (again.out, "cut short or overwritten\n");
    assert_contains (again.out, "its segment headers do not add up");
  }
  /* Only the SHA-256 after the checksum wrong: the line tells it, and the
   * verdict leaves it to the second stage, which checks it. */
  {
    g_auto(Board) sha = { 0 };
    g_auto(KilnTestRun) again = { 0 };

    board_init (&sha);
    put_idf_layout (&sha, KILN_TEST_CHIP_ESP32, 0x1000);
    sha.flash->data[0x1000 + 192 - 8] ^= 0x01;
    inspect (&sha, "esp32", NULL, &again);
    assert_cause (&again, "none", 0);
    assert_contains (again.out, "  0x1000     an ESP32 image (header: DIO, 4MB), 192 bytes, "
                                "checksum right, SHA-256 wrong\n");
  }
}

/* The application's segment headers, walked without reading it: one
 * larger than its 1 MiB partition, and one whose later headers another
 * file overwrote. */
static void
test_esp32_app_extent (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  /* One DROM segment of 0x110000 bytes: headers that add up, past 1 MiB. */
  guint8 big[32] = { 0xE9, 1, 2, 0x20, 0x00, 0x00, 0x40, 0x3F, 0xEE };
  guint32 addr = GUINT32_TO_LE (0x3F400020), len = GUINT32_TO_LE (0x110000);

  memcpy (big + 24, &addr, 4);
  memcpy (big + 28, &len, 4);
  board_init (&b);
  put_idf_layout (&b, KILN_TEST_CHIP_ESP32, 0x1000);
  memset (b.flash->data + 0x10000, 0xFF, 0x1000);
  memcpy (b.flash->data + 0x10000, big, sizeof big);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "no-app-partition", 1);
  assert_contains (run.out, "  0x10000    an ESP32 image (header: DIO, 4MB), 1114160 bytes by "
                            "its headers\n");
  assert_contains (run.out, "Verdict: The application is larger than its partition\n");
  assert_contains (run.out, "takes 1114160 bytes by its headers, but its partition (“factory”) holds "
                            "1 MiB");

  /* A file written over the application's second segment header: the
   * walk meets erased flash, a length of 4 GiB. */
  {
    g_auto(Board) over = { 0 };
    g_auto(KilnTestRun) again = { 0 };
    const guint8 *app;
    guint32 second;

    board_init (&over);
    put_idf_layout (&over, KILN_TEST_CHIP_ESP32, 0x1000);
    app = over.flash->data + 0x10000;
    g_assert_cmpuint (app[1], >=, 2);
    second = 24 + 8 + (app[28] | app[29] << 8 | app[30] << 16 | (guint32) app[31] << 24);
    memset (over.flash->data + 0x10000 + second, 0xFF, 8);
    inspect (&over, "esp32", NULL, &again);
    assert_cause (&again, "checksum-error", 1);
    assert_contains (again.out, "  0x10000    an ESP32 image (header: DIO, 4MB), segment headers "
                                "that do not add up\n");
    assert_contains (again.out, "Verdict: The application is damaged\n");
    assert_contains (again.out, "inside its partition (0x10000 to 0x110000)");
  }
}

/* A bootloader larger than the room before 0x8000, with the table written
 * after it: the table overwrote its end. */
static void
test_esp32_bootloader_into_table (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) boot = kiln_test_esp32_bootloader_sized (KILN_TEST_CHIP_ESP32, 0x7400);
  g_autoptr(GBytes) table = kiln_test_partition_table (0x10000);
  g_autoptr(GBytes) app = esp32_image (KILN_TEST_CHIP_ESP32, KILN_TEST_IMAGE_APP, 0x20);

  g_assert_cmpuint (0x1000 + g_bytes_get_size (boot), >, 0x8000);
  board_init (&b);
  put (&b, 0x1000, boot);
  put (&b, 0x8000, table);
  put (&b, 0x10000, app);
  inspect (&b, "esp32", NULL, &run);
  assert_cause (&run, "checksum-error", 1);
  assert_contains (run.out, "Verdict: The bootloader runs into the partition table\n");
  assert_contains (run.out, "past 0x8000 where the partition table is");
  assert_contains (run.out, "CONFIG_PARTITION_TABLE_OFFSET");

  /* The same bootloader with the table moved above it is in place. */
  {
    g_auto(Board) moved = { 0 };
    g_auto(KilnTestRun) again = { 0 };
    g_autoptr(GBytes) table2 = kiln_test_partition_table (0x20000);

    board_init (&moved);
    put (&moved, 0x1000, boot);
    put (&moved, 0x9000, table2);
    put (&moved, 0x20000, app);
    /* Behind an adapter with 1 ms latency, so that reading it takes
     * time enough for the progress to show (at least 120 ms a quarter). */
    inspect (&moved, "esp32", "&latency-us=1000", &again);
    assert_cause (&again, "none", 0);
    assert_contains (again.out, "checksum right\n");
    /* Some 30 KiB through the ROM, the survey's one long read: it tells
     * how far it got, a line a quarter when not on a terminal. */
    g_assert_cmpuint (count_lines_starting (again.err, "Reading: "), >=, 4);
    assert_contains (again.err, "Reading: 100%\n");
  }
}

/* The SDK's boot.bin alone at 0x0: user1.bin written at 0x10000 as the
 * second of two files (esp-link's reporter; the corpus's log 127 ends in
 * "backup boot failed"), or not at all; rboot's layout and a firmware's
 * whole image are not. */
static void
test_esp8266_boot_without_user1 (void)
{
  g_autoptr(GBytes) boot = kiln_test_esp8266_v1_image (0x02, 0x40);
  g_autoptr(GBytes) user1 = kiln_test_esp8266_user1 (0x02, 0x40, 0x3000);
  g_autoptr(GBytes) firmware = kiln_test_esp8266_firmware (0x02, 0x40);

  /* user1.bin at 0x10000. */
  {
    g_auto(Board) b = { 0 };
    g_auto(KilnTestRun) run = { 0 };

    board_init (&b);
    put (&b, 0x0, boot);
    put (&b, 0x10000, user1);
    inspect (&b, "esp8266", NULL, &run);
    assert_cause (&run, "no-app-partition", 1);
    assert_contains (run.out, "  0x0        an ESP8266 image (header: DIO, 4MB), 1 KiB, "
                              "checksum right\n");
    assert_contains (run.out, "  0x1000     nothing: erased (0xFF)\n");
    assert_contains (run.out, "  0x10000    an ESP8266 SDK application");
    assert_contains (run.out, "Verdict: user1.bin is at 0x10000, not 0x1000\n");
    assert_contains (run.out, "The image at 0x0 is a boot loader of 1 KiB");
    assert_contains (run.out, "Fix: Write user1.bin at 0x1000, with boot.bin at 0x0");
    assert_contains (run.out, "Confidence: high (cause: no-app-partition)\n");
  }
  /* Nothing to start anywhere. */
  {
    g_auto(Board) b = { 0 };
    g_auto(KilnTestRun) run = { 0 };

    board_init (&b);
    put (&b, 0x0, boot);
    inspect (&b, "esp8266", NULL, &run);
    assert_cause (&run, "no-app-partition", 1);
    assert_contains (run.out, "  0x2000     nothing: erased (0xFF)\n");
    assert_contains (run.out, "  0x81000    nothing: erased (0xFF)\n");
    assert_contains (run.out, "Verdict: A boot loader with nothing to start\n");
    assert_contains (run.out, "The image at 0x0 is only 1 KiB");
    assert_contains (run.out, "Confidence: medium (cause: no-app-partition)\n");
  }
  /* user2.bin alone, in its slot for boot.bin's map (4: 0x81000): boot.bin
   * starts it. */
  {
    g_auto(Board) b = { 0 };
    g_auto(KilnTestRun) run = { 0 };

    board_init (&b);
    put (&b, 0x0, boot);
    put (&b, 0x81000, user1);
    inspect (&b, "esp8266", NULL, &run);
    assert_cause (&run, "none", 0);
    assert_contains (run.out, "  0x81000    an ESP8266 SDK application");
    assert_contains (run.out, "Verdict: boot.bin starts user2.bin, its backup\n");
    assert_contains (run.out, "but an SDK application is at 0x81000, user2.bin's place");
    /* The two are builds for their own places: a user1.bin there fails. */
    assert_contains (run.out, "It runs only if it is user2.bin");
  }
  /* rboot: its settings at 0x1000 not yet written, its first ROM at
   * 0x2000. */
  {
    g_auto(Board) b = { 0 };
    g_auto(KilnTestRun) run = { 0 };

    board_init (&b);
    put (&b, 0x0, boot);
    put (&b, 0x2000, firmware);
    inspect (&b, "esp8266", NULL, &run);
    assert_cause (&run, "none", 0);
    assert_contains (run.out, "Verdict: A boot image is in place\n");
  }
  /* A firmware's image at 0x0 runs past 0x1000 itself: nothing else is
   * looked for. */
  {
    g_auto(Board) b = { 0 };
    g_auto(KilnTestRun) run = { 0 };

    board_init (&b);
    put (&b, 0x0, firmware);
    inspect (&b, "esp8266", NULL, &run);
    assert_cause (&run, "none", 0);
    g_assert_null (strstr (run.out, "  0x2000 "));
    g_assert_null (strstr (run.out, "  0x10000 "));
  }
}

/* The ESP8266's image at 0x0 with a damaged byte: "csum err" at boot. */
static void
test_esp8266_boot_image_damaged (void)
{
  g_auto(Board) b = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) image = kiln_test_esp8266_v1_image (0x02, 0x40);

  board_init (&b);
  put (&b, 0x0, image);
  b.flash->data[0x100] ^= 0x10;
  inspect (&b, "esp8266", NULL, &run);
  assert_cause (&run, "checksum-error", 1);
  assert_contains (run.out, "  0x0        an ESP8266 image (header: DIO, 4MB), ");
  assert_contains (run.out, "checksum wrong\n");
  assert_contains (run.out, "Verdict: The image at 0x0 is damaged\n");
  assert_contains (run.out, "Write the firmware's file for 0x0 again");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/flash-survey/esp32-empty", test_esp32_empty);
  g_test_add_func ("/kiln/flash-survey/esp32-sound", test_esp32_sound);
  g_test_add_func ("/kiln/flash-survey/esp32-written-at-zero", test_esp32_written_at_zero);
  g_test_add_func ("/kiln/flash-survey/esp32-app-only", test_esp32_app_only);
  g_test_add_func ("/kiln/flash-survey/esp32-data-only", test_esp32_data_only);
  g_test_add_func ("/kiln/flash-survey/s3-bootloader-at-0x1000", test_s3_bootloader_at_0x1000);
  g_test_add_func ("/kiln/flash-survey/s3-holds-c3-build", test_s3_holds_c3_build);
  g_test_add_func ("/kiln/flash-survey/esp32-header-larger-than-flash",
                   test_esp32_header_larger_than_flash);
  g_test_add_func ("/kiln/flash-survey/esp32-no-table", test_esp32_no_table);
  g_test_add_func ("/kiln/flash-survey/esp32-table-moved", test_esp32_table_moved);
  g_test_add_func ("/kiln/flash-survey/esp32-table-past-flash-end", test_esp32_table_past_flash_end);
  g_test_add_func ("/kiln/flash-survey/esp32-app-not-where-table-says",
                   test_esp32_app_not_where_table_says);
  g_test_add_func ("/kiln/flash-survey/s3-plain-bootloader-encrypted-chip",
                   test_s3_plain_bootloader_encrypted_chip);
  g_test_add_func ("/kiln/flash-survey/flash-not-answering", test_flash_not_answering);
  g_test_add_func ("/kiln/flash-survey/esp8266-user1-without-boot",
                   test_esp8266_user1_without_boot);
  g_test_add_func ("/kiln/flash-survey/esp8266-boot-without-user1",
                   test_esp8266_boot_without_user1);
  g_test_add_func ("/kiln/flash-survey/esp8266-header-larger-than-flash",
                   test_esp8266_header_larger_than_flash);
  g_test_add_func ("/kiln/flash-survey/esp8266-at-firmware-sound", test_esp8266_at_firmware_sound);
  g_test_add_func ("/kiln/flash-survey/esp8266-map-mismatch-same-slots",
                   test_esp8266_map_mismatch_same_slots);
  g_test_add_func ("/kiln/flash-survey/esp8266-map-larger-than-flash",
                   test_esp8266_map_larger_than_flash);
  g_test_add_func ("/kiln/flash-survey/esp8266-map-mismatch-other-slots",
                   test_esp8266_map_mismatch_other_slots);
  g_test_add_func ("/kiln/flash-survey/esp8266-no-init-data", test_esp8266_no_init_data);
  g_test_add_func ("/kiln/flash-survey/esp8266-sdk3-user1", test_esp8266_sdk3_user1);
  g_test_add_func ("/kiln/flash-survey/esp8266-user1-damaged", test_esp8266_user1_damaged);
  g_test_add_func ("/kiln/flash-survey/esp32-app-extent", test_esp32_app_extent);
  g_test_add_func ("/kiln/flash-survey/esp8266-init-data-at-zero", test_esp8266_init_data_at_zero);
  g_test_add_func ("/kiln/flash-survey/esp8285-dio-header", test_esp8285_dio_header);
  g_test_add_func ("/kiln/flash-survey/esp32-bootloader-damaged", test_esp32_bootloader_damaged);
  g_test_add_func ("/kiln/flash-survey/esp32-bootloader-into-table",
                   test_esp32_bootloader_into_table);
  g_test_add_func ("/kiln/flash-survey/esp8266-boot-image-damaged",
                   test_esp8266_boot_image_damaged);
  return g_test_run ();
}
