/* kiln-sim-chips.c: what each simulated chip's silicon does.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is deliberately a second, independent description of the chips:
 * the core's table (src/core/kiln-chip.c) says what the host believes, this
 * one what the board does.  A wrong fact then shows up as a test failure
 * instead of hiding by being shared.
 *
 * The ESP32 values come from the recordings of a real ROM (ets Jul 29 2019,
 * revision v3.0) in tests/data/transcripts: every register esptool read
 * there answers with the recorded value here.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-sim-private.h"

/* Opcodes each ROM answers; anything else gets status 1 / error 0x05. */
static const guint8 esp8266_rom_ops[] = {
  0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A,
};

static const guint8 esp32_rom_ops[] = {
  0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A,
  0x0B, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13,
};

static const KilnSimRegInit esp8266_regs[] = {
  /* OTP words 1..3 are derived from the MAC (kiln-sim-regs.c); word 0's
   * low bits hold other factory bits, zero on this part (so it is not an
   * ESP8285: bits 4 and 80 stay clear). */
  { 0x3FF00058, 0x00000000 },
};

static const KilnSimRegInit esp32_regs[] = {
  { 0x3FF5A000, 0x00000000 },   /* EFUSE_BLK0_RDATA0 */
  { 0x3FF5A00C, 0x00008000 },   /* RDATA3: CHIP_VER_REV1 */
  { 0x3FF5A010, 0x00000000 },   /* RDATA4: ck8m calibration 0 as recorded */
  { 0x3FF5A014, 0x00100000 },   /* RDATA5: CHIP_VER_REV2 */
  { 0x3FF5A018, 0x00000000 },   /* RDATA6: no flash encryption or secure boot */
  { 0x3FF6607C, 0x96042000 },   /* APB_CTRL_DATE: revision 3 silicon */
  { 0x3FF48074, 0x00000000 },   /* RTC_CNTL_SDIO_CONF: no forced VDD_SDIO */
};

static const KilnSimRange esp8266_ram[] = {
  { 0x3FFE8000, 0x40000000 },   /* DRAM */
  { 0x40100000, 0x40110000 },   /* IRAM, including the cache area stubs use */
};

static const KilnSimRange esp32_ram[] = {
  { 0x3FFAE000, 0x40000000 },   /* DRAM */
  { 0x40070000, 0x400C2000 },   /* IRAM and RTC fast memory */
};

static const KilnSimChip chips[] = {
  {
    .name = "esp8266",
    .description = N_("Virtual ESP8266 (Kiln simulator)"),
    .family = KILN_SIM_FAMILY_ESP8266,
    .magic_reg = 0x40001000,
    .magic = 0xFFF0C101,
    .rom_status_len = 2,
    .rom_ops = esp8266_rom_ops,
    .n_rom_ops = G_N_ELEMENTS (esp8266_rom_ops),
    .rom_erase_bug = TRUE,
    .rom_needs_attach = FALSE,     /* FLASH_BEGIN attaches the flash itself */
    .spi_base = 0x60000200,
    .spi_w0 = 0x40,
    .spi_len_in_usr1 = TRUE,
    .uart_clkdiv_reg = 0x60000014,
    .uart_clk_per_xtal = 2,        /* the UART clock is twice the crystal */
    .uart_clkdiv_bias = 0,
    .strap_reg = 0,
    .default_xtal_mhz = 26,
    .default_flash_size = 4 * 1024 * 1024,
    .default_mac = "18:fe:34:12:34:56",
    .bootloader_offset = 0x0,
    /* Measured on the real ROM (emulated, 4 MiB flash): FLASH_BEGIN at
     * 0x3FE000 works, at 0x400000 it fails with 0x06; there is no
     * SPI_SET_PARAMS to change it. */
    .rom_flash_size = 4 * 1024 * 1024,
    .regs = esp8266_regs,
    .n_regs = G_N_ELEMENTS (esp8266_regs),
    .ram = esp8266_ram,
    .n_ram = G_N_ELEMENTS (esp8266_ram),
    .at_gmr_tail = "SDK version:3.0.3(8427744)\r\n"
                   "compile time:Mar 24 2020 16:16:12\r\n"
                   "Bin version(Wroom 02):3.0.3\r\n"
                   "OK\r\n",
    .at_version = "1.7.3.0(Mar 19 2020 18:15:04)",
  },
  {
    .name = "esp32",
    .description = N_("Virtual ESP32 (Kiln simulator)"),
    .family = KILN_SIM_FAMILY_ESP32,
    .magic_reg = 0x40001000,
    .magic = 0x00F01D83,
    .rom_status_len = 4,
    .rom_ops = esp32_rom_ops,
    .n_rom_ops = G_N_ELEMENTS (esp32_rom_ops),
    .rom_erase_bug = FALSE,
    .rom_needs_attach = TRUE,
    .spi_base = 0x3FF42000,
    .spi_w0 = 0x80,
    .spi_len_in_usr1 = FALSE,
    /* Recorded: after the ROM computed an MD5, USR read 0x50000000 (ADDR |
     * MISO) and USR2 0x70000003 (an 8-bit READ command). */
    .rom_read_usr = 0x50000000,
    .rom_read_usr2 = 0x70000003,
    .uart_clkdiv_reg = 0x3FF40014,
    .uart_clk_per_xtal = 1,
    /* The recorded ROM reads 346 at 115200 with a 40 MHz crystal, one
     * below 40e6 / 115200: its autobaud measurement lands there. */
    .uart_clkdiv_bias = -1,
    .strap_reg = 0x3FF44038,
    /* GPIO_STRAP as recorded: 0x0f in the download strap (the log says
     * "boot:0xf (UART_BOOT(UART0))"), 0x12 when booting from flash. */
    .strap_download = 0x0F,
    .strap_flash = 0x12,
    .default_xtal_mhz = 40,
    .default_flash_size = 4 * 1024 * 1024,
    .default_mac = "24:0a:c4:12:34:56",
    .bootloader_offset = 0x1000,
    /* Measured on the real ROM (emulated, 4 MiB flash) before any
     * SPI_SET_PARAMS: MD5 of 0x1FF000 answers, of 0x200000 fails with 0x09;
     * FLASH_BEGIN at 0x200000 fails with 0x06. */
    .rom_flash_size = 2 * 1024 * 1024,
    .rom_efuse_spi_pads = TRUE,
    .regs = esp32_regs,
    .n_regs = G_N_ELEMENTS (esp32_regs),
    .ram = esp32_ram,
    .n_ram = G_N_ELEMENTS (esp32_ram),
    .at_gmr_tail = "SDK version:v4.2.2-76-gefa6eca\r\n"
                   "compile time(3a696ba):Jul  2 2021 11:54:43\r\n"
                   "Bin version:2.2.0(WROOM-32)\r\n"
                   "OK\r\n",
    .at_version = "2.2.0.0(c6fa6bf - ESP32 - Jul  2 2021 06:44:05)",
  },
};

const KilnSimChip *
kiln_sim_chip_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
    if (g_ascii_strcasecmp (chips[i].name, name) == 0)
      return &chips[i];
  return NULL;
}

const KilnSimChip *
kiln_sim_chip_nth (guint n)
{
  return n < G_N_ELEMENTS (chips) ? &chips[n] : NULL;
}

gboolean
kiln_sim_chip_rom_has (const KilnSimChip *chip,
                       guint8             op)
{
  return memchr (chip->rom_ops, op, chip->n_rom_ops) != NULL;
}
