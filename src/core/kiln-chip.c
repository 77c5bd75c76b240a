/* kiln-chip.c: the chip table.  Adding a chip is adding a row.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <inttypes.h>

#include <stdlib.h>
#include <string.h>

#include "kiln-chip.h"

#define KB 1024u
#define MB (1024u * 1024u)

/* ESP8266 size codes equal the NONOS SDK flash map numbers. */
static const KilnFlashSize esp8266_sizes[] = {
  { "256KB",  0x1, 256 * KB },
  { "512KB",  0x0, 512 * KB },
  { "1MB",    0x2, 1 * MB },
  { "2MB",    0x3, 2 * MB },
  { "2MB-c1", 0x5, 2 * MB },
  { "4MB",    0x4, 4 * MB },
  { "4MB-c1", 0x6, 4 * MB },
  { "8MB",    0x8, 8 * MB },
  { "16MB",   0x9, 16 * MB },
  { NULL }
};

static const KilnFlashSize esp32_sizes[] = {
  { "1MB",   0x0, 1 * MB },
  { "2MB",   0x1, 2 * MB },
  { "4MB",   0x2, 4 * MB },
  { "8MB",   0x3, 8 * MB },
  { "16MB",  0x4, 16 * MB },
  { "32MB",  0x5, 32 * MB },
  { "64MB",  0x6, 64 * MB },
  { "128MB", 0x7, 128 * MB },
  { NULL }
};

static const KilnFlashFreq common_freqs[] = {
  { "80m", 0xF }, { "40m", 0x0 }, { "26m", 0x1 }, { "20m", 0x2 }, { NULL }
};

/* The C6 ROM reads 80 MHz and 40 MHz the same way. */
static const KilnFlashFreq c6_freqs[] = {
  { "80m", 0x0 }, { "40m", 0x0 }, { "20m", 0x2 }, { NULL }
};

static const KilnFlashFreq c2_freqs[] = {
  { "60m", 0xF }, { "30m", 0x0 }, { "20m", 0x1 }, { "15m", 0x2 }, { NULL }
};

static const KilnFlashFreq h2_freqs[] = {
  { "48m", 0xF }, { "24m", 0x0 }, { "16m", 0x1 }, { "12m", 0x2 }, { NULL }
};

#define S2PLUS_ROM (KILN_ROM_SPI_ATTACH | KILN_ROM_SPI_SET_PARAMS | KILN_ROM_READ_FLASH | \
                    KILN_ROM_CHANGE_BAUD | KILN_ROM_DEFLATE | KILN_ROM_MD5 | KILN_ROM_SECURITY_INFO)
#define NEW_SPI(base_) { base_, 0x18, 0x1C, 0x20, 0x24, 0x28, 0x58, FALSE }

/* Revision fields (esptool's target descriptions; eFuse block 1 from the
 * MAC words at +0x44): S3, C3, C6 and H2 keep the major revision in word 5
 * bits 24–25 and the minor in word 5 bit 23 over word 3 bits 18–20; the S2
 * the major in word 3 bits 18–19 and the minor in word 3 bit 20 over word 4
 * bits 4–6; the C2 (block 2 at +0x40) both in word 1, bits 20–21 and 16–19. */
#define REV_C3(blk1) { { (blk1) + 20, 24, 0x3 }, { (blk1) + 20, 23, 0x1 }, { (blk1) + 12, 18, 0x7 }, 3 }
#define REV_S2(blk1) { { (blk1) + 12, 18, 0x3 }, { (blk1) + 12, 20, 0x1 }, { (blk1) + 16, 4, 0x7 }, 3 }
#define REV_C2(blk2) { { (blk2) + 4, 20, 0x3 }, { 0 }, { (blk2) + 4, 16, 0xF }, 4 }

/* RTC_CNTL (C3, S3; §4.6 of the facts) and LP_WDT (C6, H2: lp_wdt_reg.h,
 * base 0x600B1C00, auto-feed bit 18, one key for both watchdogs). */
#define WDT_KEY 0x50D83AA1u
#define C3_WDT { 0x60008090, 0x600080A8, WDT_KEY, 0x600080AC, 0x600080B0, 0x8F1D312A, 31 }
#define S3_WDT { 0x60008098, 0x600080B0, WDT_KEY, 0x600080B4, 0x600080B8, 0x8F1D312A, 31, \
                 0x6000809C }
/* The S2 has no USB-Serial/JTAG and no super watchdog; its RTC watchdog
 * (RTC_CNTL base 0x3F408000: CONFIG0 +0x94, CONFIG1 +0x98, WPROTECT +0xAC)
 * is what resets it through its USB-OTG port. */
#define S2_WDT { 0x3F408094, 0x3F4080AC, WDT_KEY, 0, 0, 0, 0, 0x3F408098 }

/* RTC_CNTL_OPTION1, bit 0 (FORCE_DOWNLOAD_BOOT): set by the ROM's USB-OTG
 * CDC, and by ESP-IDF's USB console, to carry out a host's request for
 * download mode; it lives in the RTC domain, so every reset short of a
 * power-on comes back to the loader until it is cleared. */
#define S2_FORCE_DOWNLOAD .force_download_reg = 0x3F408128, .force_download_mask = 0x1
#define S3_FORCE_DOWNLOAD .force_download_reg = 0x6000812C, .force_download_mask = 0x1
#define C6_WDT { 0x600B1C00, 0x600B1C18, WDT_KEY, 0x600B1C1C, 0x600B1C20, WDT_KEY, 18 }

static const KilnChipInfo chips[KILN_N_CHIPS] = {
  [KILN_CHIP_ESP8266] = {
    .id = KILN_CHIP_ESP8266, .name = "esp8266", .display_name = "ESP8266",
    .magic = { 0xFFF0C101 }, .image_chip_id = -1, .bootloader_offset = 0x0,
    .rom_status_len = 2, .rom_erase_size_quirk = TRUE, .rom_features = 0,
    .spi = { 0x60000200, 0x1C, 0x20, 0x24, 0, 0, 0x40, TRUE },
    .uart_clkdiv_reg = 0x60000014, .xtal_clk_divider = 2,
    .mac_kind = KILN_MAC_ESP8266, .mac_reg = 0x3FF00050,
    .flash_sizes = esp8266_sizes, .flash_freqs = common_freqs, .max_rom_offset = 16 * MB,
    .rom_flash_size = 4 * MB,
  },
  [KILN_CHIP_ESP32] = {
    .id = KILN_CHIP_ESP32, .name = "esp32", .display_name = "ESP32",
    .magic = { 0x00F01D83 }, .image_chip_id = 0, .bootloader_offset = 0x1000,
    .rom_status_len = 4,
    .rom_features = KILN_ROM_SPI_ATTACH | KILN_ROM_SPI_SET_PARAMS | KILN_ROM_READ_FLASH |
                    KILN_ROM_CHANGE_BAUD | KILN_ROM_DEFLATE | KILN_ROM_MD5,
    .spi = { 0x3FF42000, 0x1C, 0x20, 0x24, 0x28, 0x2C, 0x80, TRUE },
    .uart_clkdiv_reg = 0x3FF40014, .xtal_clk_divider = 1,
    .mac_kind = KILN_MAC_ESP32, .mac_reg = 0x3FF5A004,
    .flash_sizes = esp32_sizes, .flash_freqs = common_freqs, .max_rom_offset = 16 * MB,
    .rom_baud_scale = KILN_ROM_BAUD_OSC_CAL, .rom_flash_size = 2 * MB,
    .efuse_spi_pads_reg = 0x3FF5A014, .efuse_spi_pad_hd_reg = 0x3FF5A00C,
  },
  [KILN_CHIP_ESP32S2] = {
    .id = KILN_CHIP_ESP32S2, .name = "esp32s2", .display_name = "ESP32-S2",
    .magic = { 0x000007C6 }, .image_chip_id = 2, .bootloader_offset = 0x1000,
    .rom_status_len = 4, .rom_begin_encrypted_word = TRUE, .rom_features = S2PLUS_ROM,
    .security_info_len = 12,
    .spi = NEW_SPI (0x3F402000),
    .uart_clkdiv_reg = 0x3F400014, .xtal_clk_divider = 1, .fixed_xtal_mhz = 40,
    .mac_kind = KILN_MAC_EFUSE_PAIR, .mac_reg = 0x3F41A044,
    .flash_sizes = esp32_sizes, .flash_freqs = common_freqs, .max_rom_offset = 16 * MB,
    .rom_flash_size = 2 * MB,
    .revision = REV_S2 (0x3F41A044), .usb_otg_pid = 0x0002, .usb_otg_ram_block = 0x800,
    .usb_watchdogs = S2_WDT, S2_FORCE_DOWNLOAD,
  },
  [KILN_CHIP_ESP32S3] = {
    .id = KILN_CHIP_ESP32S3, .name = "esp32s3", .display_name = "ESP32-S3",
    .magic = { 0x00000009 }, .image_chip_id = 9, .bootloader_offset = 0x0,
    .rom_status_len = 4, .rom_begin_encrypted_word = TRUE, .rom_features = S2PLUS_ROM,
    .security_info_len = 20,
    .spi = NEW_SPI (0x60002000),
    .uart_clkdiv_reg = 0x60000014, .xtal_clk_divider = 1, .fixed_xtal_mhz = 40,
    .mac_kind = KILN_MAC_EFUSE_PAIR, .mac_reg = 0x60007044,
    .flash_sizes = esp32_sizes, .flash_freqs = common_freqs, .max_rom_offset = 16 * MB,
    .rom_flash_size = 2 * MB,
    .revision = REV_C3 (0x60007044), .usb_watchdogs = S3_WDT, .usb_serial_jtag = TRUE,
    .usb_otg_pid = 0x0009, .usb_otg_ram_block = 0x800, S3_FORCE_DOWNLOAD,
  },
  [KILN_CHIP_ESP32C3] = {
    .id = KILN_CHIP_ESP32C3, .name = "esp32c3", .display_name = "ESP32-C3",
    .magic = { 0x6921506F, 0x1B31506F, 0x4881606F, 0x4361606F }, .image_chip_id = 5,
    .bootloader_offset = 0x0,
    .rom_status_len = 4, .rom_begin_encrypted_word = TRUE, .rom_features = S2PLUS_ROM,
    .security_info_len = 20,
    .spi = NEW_SPI (0x60002000),
    .uart_clkdiv_reg = 0x60000014, .xtal_clk_divider = 1, .fixed_xtal_mhz = 40,
    .mac_kind = KILN_MAC_EFUSE_PAIR, .mac_reg = 0x60008844,
    .flash_sizes = esp32_sizes, .flash_freqs = common_freqs, .max_rom_offset = 16 * MB,
    .rom_flash_size = 2 * MB,
    .revision = REV_C3 (0x60008844), .usb_watchdogs = C3_WDT, .usb_serial_jtag = TRUE,
  },
  [KILN_CHIP_ESP32C6] = {
    .id = KILN_CHIP_ESP32C6, .name = "esp32c6", .display_name = "ESP32-C6",
    .magic = { 0x2CE0806F }, .image_chip_id = 13, .bootloader_offset = 0x0,
    .rom_status_len = 4, .rom_begin_encrypted_word = TRUE, .rom_features = S2PLUS_ROM,
    .security_info_len = 20,
    .spi = NEW_SPI (0x60003000),
    .uart_clkdiv_reg = 0x60000014, .xtal_clk_divider = 1, .fixed_xtal_mhz = 40,
    .mac_kind = KILN_MAC_EFUSE_PAIR, .mac_reg = 0x600B0844,
    .flash_sizes = esp32_sizes, .flash_freqs = c6_freqs, .max_rom_offset = 16 * MB,
    .rom_flash_size = 2 * MB,
    .revision = REV_C3 (0x600B0844), .usb_watchdogs = C6_WDT, .usb_serial_jtag = TRUE,
  },
  [KILN_CHIP_ESP32H2] = {
    .id = KILN_CHIP_ESP32H2, .name = "esp32h2", .display_name = "ESP32-H2",
    .magic = { 0xD7B73E80 }, .image_chip_id = 16, .bootloader_offset = 0x0,
    .rom_status_len = 4, .rom_begin_encrypted_word = TRUE, .rom_features = S2PLUS_ROM,
    .security_info_len = 20,
    .spi = NEW_SPI (0x60003000),
    .uart_clkdiv_reg = 0x60000014, .xtal_clk_divider = 1, .fixed_xtal_mhz = 32,
    .mac_kind = KILN_MAC_EFUSE_PAIR, .mac_reg = 0x600B0844,
    .flash_sizes = esp32_sizes, .flash_freqs = h2_freqs, .max_rom_offset = 16 * MB,
    .rom_flash_size = 2 * MB,
    .revision = REV_C3 (0x600B0844), .usb_watchdogs = C6_WDT, .usb_serial_jtag = TRUE,
  },
  /* The C2's ROM times CHANGE_BAUDRATE for a 40 MHz crystal; most C2 boards
   * carry 26 MHz, so the crystal is measured (§2.5, §8.2 of the facts). */
  [KILN_CHIP_ESP32C2] = {
    .id = KILN_CHIP_ESP32C2, .name = "esp32c2", .display_name = "ESP32-C2",
    .magic = { 0x6F51306F, 0x7C41A06F, 0x0C21E06F }, .image_chip_id = 12,
    .bootloader_offset = 0x0,
    .rom_status_len = 4, .rom_begin_encrypted_word = TRUE, .rom_features = S2PLUS_ROM,
    .security_info_len = 20,
    .spi = NEW_SPI (0x60002000),
    .uart_clkdiv_reg = 0x60000014, .xtal_clk_divider = 1, .fixed_xtal_mhz = 0,
    .mac_kind = KILN_MAC_EFUSE_PAIR, .mac_reg = 0x60008840,
    .flash_sizes = esp32_sizes, .flash_freqs = c2_freqs, .max_rom_offset = 16 * MB,
    .revision = REV_C2 (0x60008840), .rom_baud_xtal_mhz = 40,
    .rom_flash_size = 2 * MB,
  },
};

const KilnChipInfo *
kiln_chip_get (KilnChipId id)
{
  if (id < 0 || id >= KILN_N_CHIPS)
    return NULL;
  return &chips[id];
}

/**
 * kiln_chip_by_name:
 * @name: "esp32", "ESP32-S3", "esp32_s3": case, '-' and '_' do not matter
 */
const KilnChipInfo *
kiln_chip_by_name (const char *name)
{
  g_autoptr(GString) norm = g_string_new (NULL);

  if (name == NULL)
    return NULL;
  for (const char *p = name; *p; p++)
    if (*p != '-' && *p != '_')
      g_string_append_c (norm, g_ascii_tolower (*p));
  for (guint i = 0; i < KILN_N_CHIPS; i++)
    if (g_str_equal (chips[i].name, norm->str))
      return &chips[i];
  return NULL;
}

const KilnChipInfo *
kiln_chip_by_magic (guint32 magic)
{
  for (guint i = 0; i < KILN_N_CHIPS; i++)
    for (guint j = 0; j < G_N_ELEMENTS (chips[i].magic) && chips[i].magic[j] != 0; j++)
      if (chips[i].magic[j] == magic)
        return &chips[i];
  return NULL;
}

const KilnChipInfo *
kiln_chip_by_image_id (gint image_chip_id)
{
  for (guint i = 0; i < KILN_N_CHIPS; i++)
    if (chips[i].image_chip_id == image_chip_id && image_chip_id >= 0)
      return &chips[i];
  return NULL;
}

/**
 * kiln_chip_by_usb_id:
 *
 * The chip a USB port belongs to when the port is the chip's own (its
 * ROM's USB-OTG CDC product id), or NULL: the USB-Serial/JTAG product id is
 * shared by every chip that has the peripheral, and bridges say nothing.
 */
const KilnChipInfo *
kiln_chip_by_usb_id (guint16 vid,
                     guint16 pid)
{
  if (vid != KILN_USB_VID_ESPRESSIF)
    return NULL;
  for (guint i = 0; i < KILN_N_CHIPS; i++)
    if (chips[i].usb_otg_pid != 0 && chips[i].usb_otg_pid == pid)
      return &chips[i];
  return NULL;
}

char *
kiln_chip_list_names (const char *separator)
{
  g_autoptr(GString) s = g_string_new (NULL);
  for (guint i = 0; i < KILN_N_CHIPS; i++)
    {
      if (i > 0)
        g_string_append (s, separator);
      g_string_append (s, chips[i].name);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* "16Mbit-C1" → "2MB-c1", "32Mbit" → "4MB": the names Espressif's download
 * tool and the SDK documents use. */
static char *
normalise_size_name (const char *name)
{
  char *end = NULL;
  guint64 n = g_ascii_strtoull (name, &end, 10);

  if (end != name && g_ascii_strncasecmp (end, "mbit", 4) == 0 && n >= 2)
    {
      const char *suffix = end + 4;
      guint64 kbytes = n * 1024 / 8;
      gboolean c1 = g_ascii_strcasecmp (suffix, "-c1") == 0;
      if (*suffix != '\0' && !c1)
        return NULL;
      if (kbytes < 1024)
        return g_strdup_printf ("%" PRIu64 "KB%s", kbytes, c1 ? "-c1" : "");
      return g_strdup_printf ("%" PRIu64 "MB%s", kbytes / 1024, c1 ? "-c1" : "");
    }
  return g_strdup (name);
}

const KilnFlashSize *
kiln_chip_flash_size_lookup (const KilnChipInfo *chip,
                             const char         *name)
{
  g_autofree char *norm = NULL;

  if (chip == NULL || name == NULL)
    return NULL;
  norm = normalise_size_name (name);
  if (norm == NULL)
    return NULL;
  for (const KilnFlashSize *s = chip->flash_sizes; s->name != NULL; s++)
    if (g_ascii_strcasecmp (s->name, norm) == 0)
      return s;
  return NULL;
}

/* Plain (not -c1) size for a byte count, e.g. from the JEDEC id. */
const KilnFlashSize *
kiln_chip_flash_size_by_bytes (const KilnChipInfo *chip,
                               guint32             bytes)
{
  for (const KilnFlashSize *s = chip->flash_sizes; s->name != NULL; s++)
    if (s->bytes == bytes && strchr (s->name, '-') == NULL)
      return s;
  return NULL;
}

const KilnFlashSize *
kiln_chip_flash_size_by_code (const KilnChipInfo *chip,
                              guint8              code)
{
  for (const KilnFlashSize *s = chip->flash_sizes; s->name != NULL; s++)
    if (s->code == code)
      return s;
  return NULL;
}

const KilnFlashFreq *
kiln_chip_flash_freq_lookup (const KilnChipInfo *chip,
                             const char         *name)
{
  if (chip == NULL || name == NULL)
    return NULL;
  for (const KilnFlashFreq *f = chip->flash_freqs; f->name != NULL; f++)
    {
      gsize n = strlen (f->name);
      /* accept "40m", "40M", "40MHz" */
      if (g_ascii_strncasecmp (f->name, name, n) == 0 &&
          (name[n] == '\0' || g_ascii_strcasecmp (name + n, "hz") == 0))
        return f;
    }
  return NULL;
}

const KilnFlashFreq *
kiln_chip_flash_freq_by_code (const KilnChipInfo *chip,
                              guint8              code)
{
  for (const KilnFlashFreq *f = chip->flash_freqs; f->name != NULL; f++)
    if (f->code == code)
      return f;
  return NULL;
}

static const char *const mode_names[] = { "qio", "qout", "dio", "dout" };

gboolean
kiln_flash_mode_parse (const char *name,
                       guint8     *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (g_ascii_strcasecmp (name, mode_names[i]) == 0)
      {
        *mode = (guint8) i;
        return TRUE;
      }
  return FALSE;
}

const char *
kiln_flash_mode_name (guint8 mode)
{
  static const char *const upper[] = { "QIO", "QOUT", "DIO", "DOUT" };
  return mode < G_N_ELEMENTS (upper) ? upper[mode] : "unknown";
}
