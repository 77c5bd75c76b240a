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

/* The S2+ ROM adds GET_SECURITY_INFO. */
static const guint8 s2plus_rom_ops[] = {
  0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A,
  0x0B, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14,
};

/* rst: names the S2, S3, C3 and C2 ROMs print (public boot logs). */
static const KilnSimResetName s2plus_resets[] = {
  { 0x01, "POWERON" },
  { 0x03, "RTC_SW_SYS_RST" },
  { 0x07, "TG0WDT_SYS_RST" },
  { 0x0C, "RTC_SW_CPU_RST" },
  { 0x0F, "RTCWDT_BROWN_OUT_RST" },
  { 0x10, "RTCWDT_RTC_RST" },
  { 0x12, "SUPER_WDT_RST" },
  { 0x15, "USB_UART_CHIP_RESET" },
  { 0 }
};

/* The C6 and H2 ROMs name the same codes after their HP/LP systems
 * (POWERON, SW_CPU, TG0_WDT_HPSYS, LP_WDT_SYS and USB_UART_HPSYS are seen in
 * public logs; the others follow the pattern). */
static const KilnSimResetName c6_resets[] = {
  { 0x01, "POWERON" },
  { 0x03, "SW_SYS" },
  { 0x07, "TG0_WDT_HPSYS" },
  { 0x0C, "SW_CPU" },
  { 0x0F, "BOD_SYS" },
  { 0x10, "LP_WDT_SYS" },
  { 0x12, "SUPER_WDT" },
  { 0x15, "USB_UART_HPSYS" },
  { 0 }
};

/* Revision fields: S3, C3, C6 and H2 keep the major revision in eFuse
 * block 1 word 5 bits 24–25, the minor in word 5 bit 23 (high) and word 3
 * bits 18–20 (low); the S2 in word 3 bits 18–19 (major), word 3 bit 20
 * (minor high) and word 4 bits 4–6 (minor low); the C2 in block 2 word 1
 * bits 20–21 (major) and 16–19 (minor). */
static const KilnSimRegInit esp32s2_regs[] = {
  { 0x3F41A050, 1u << 18 },     /* BLOCK1 word 3: revision v1.0 */
  { 0x3F41A054, 0x00000000 },
};

static const KilnSimRegInit esp32s3_regs[] = {
  { 0x60007050, 2u << 18 },     /* BLOCK1 word 3: minor 2 */
  { 0x60007058, 0x00000000 },   /* word 5: major 0 → v0.2 */
};

static const KilnSimRegInit esp32c3_regs[] = {
  { 0x60008850, 4u << 18 },     /* minor 4 */
  { 0x60008858, 0x00000000 },   /* major 0 → v0.4 */
};

static const KilnSimRegInit esp32c6_regs[] = {
  { 0x600B0850, 1u << 18 },     /* v0.1 */
  { 0x600B0858, 0x00000000 },
};

static const KilnSimRegInit esp32h2_regs[] = {
  { 0x600B0850, 1u << 18 },     /* v0.1 */
  { 0x600B0858, 0x00000000 },
};

static const KilnSimRegInit esp32c2_regs[] = {
  /* BLOCK2 word 1: its low half is the top of the MAC (kiln-sim-regs.c),
   * bits 20–21 say major revision 1 → v1.0. */
  { 0x60008844, 1u << 20 },
};

static const KilnSimRange esp32s2_ram[] = {
  { 0x3FFB0000, 0x40000000 },   /* DRAM */
  { 0x40020000, 0x40070000 },   /* IRAM */
};

static const KilnSimRange esp32s3_ram[] = {
  { 0x3FC88000, 0x3FD00000 },
  { 0x40370000, 0x403E0000 },
};

static const KilnSimRange esp32c3_ram[] = {
  { 0x3FC80000, 0x3FCE0000 },
  { 0x4037C000, 0x403E0000 },
};

static const KilnSimRange esp32c6_ram[] = {
  { 0x40800000, 0x40880000 },   /* one RAM, seen on both buses */
};

static const KilnSimRange esp32h2_ram[] = {
  { 0x40800000, 0x40850000 },
};

static const KilnSimRange esp32c2_ram[] = {
  { 0x3FCA0000, 0x3FCE0000 },
  { 0x4037C000, 0x403C0000 },
};

/* C3 / S3: RTC_CNTL at 0x60008000; the super watchdog's auto-feed is bit 31
 * and it has its own key.  C6 / H2: LP_WDT at 0x600B1C00 (lp_wdt_reg.h),
 * auto-feed bit 18, one key for both. */
#define WDT_KEY 0x50D83AA1u
#define C3_WDT { 0x60008090, 0x600080A8, WDT_KEY, 0x600080AC, 0x600080B0, 0x8F1D312A, 31 }
#define S3_WDT { 0x60008098, 0x600080B0, WDT_KEY, 0x600080B4, 0x600080B8, 0x8F1D312A, 31, \
                 0x6000809C }
/* The S2: RTC_CNTL at 0x3F408000, CONFIG0 +0x94, CONFIG1 +0x98, WPROTECT
 * +0xAC; no super watchdog.  Its loader never runs under USB-Serial/JTAG,
 * so only a host's watchdog reset uses these. */
#define S2_WDT { 0x3F408094, 0x3F4080AC, WDT_KEY, 0, 0, 0, 0, 0x3F408098 }
#define C6_WDT { 0x600B1C00, 0x600B1C18, WDT_KEY, 0x600B1C1C, 0x600B1C20, WDT_KEY, 18 }

/* What every S2+ row shares. */
#define S2PLUS_ROM                                  \
    .family = KILN_SIM_FAMILY_ESP32S2PLUS,          \
    .rom_status_len = 4,                            \
    .rom_ops = s2plus_rom_ops,                      \
    .n_rom_ops = G_N_ELEMENTS (s2plus_rom_ops),     \
    .rom_needs_attach = TRUE,                       \
    .rom_begin_len = 20,                            \
    .spi_w0 = 0x58,                                 \
    .spi_usr = 0x18,                                \
    .spi_addr_right = TRUE,                         \
    .uart_clk_per_xtal = 1,                         \
    .default_flash_size = 4 * 1024 * 1024

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
    .chip_id = -1,
    .rom_begin_len = 16,
    .spi_usr = 0x1C,
    .rom_xtal_mhz = 40,
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
    /* GPIO_STRAP (bit 0 GPIO5, 1 MTDO, 2 GPIO4, 3 GPIO2, 4 GPIO0, 5 MTDI)
     * of a DevKit-style board: GPIO5 and MTDO pulled up, the button on
     * GPIO0, GPIO2 low.  Real boards print "boot:0x3 (DOWNLOAD_BOOT(…))"
     * and "boot:0x13 (SPI_FAST_FLASH_BOOT)".  The recordings come from an
     * emulated board strapped otherwise: 0x0f in download (GPIO2 high,
     * which the ROM names "UART_BOOT(UART0)" and real boards only show with
     * a strap fault) and 0x12 from flash; straps=recorded gives those. */
    .strap_download = 0x03,
    .strap_flash = 0x13,
    .strap_download_recorded = 0x0F,
    .strap_flash_recorded = 0x12,
    .default_xtal_mhz = 40,
    .default_flash_size = 4 * 1024 * 1024,
    .default_mac = "24:0a:c4:12:34:56",
    .bootloader_offset = 0x1000,
    /* Measured on the real ROM (emulated, 4 MiB flash) before any
     * SPI_SET_PARAMS: MD5 of 0x1FF000 answers, of 0x200000 fails with 0x09;
     * FLASH_BEGIN at 0x200000 fails with 0x06. */
    .rom_flash_size = 2 * 1024 * 1024,
    .rom_efuse_spi_pads = TRUE,
    /* Measured on the real ROM (emulated): compressed writes of 4 KiB at
     * 0x3000, 8 KiB at 0x20000, 40 KiB at 0x30000 and 32 KiB at 0x50000
     * changed the flash up to 0xB000, 0x28000, 0x40000 and 0x60000: to the
     * end of the 32 KiB window (counted from the offset) the stream ended
     * in, a whole one when it ended as a window filled; with zeros the
     * first time, after that with what the window held before, and over
     * data that was there without an error.  Uncompressed writes changed
     * nothing past their end. */
    .rom_inflate_window = 32 * 1024,
    .chip_id = -1,
    .rom_begin_len = 16,
    .spi_usr = 0x1C,
    .rom_xtal_mhz = 40,
    .regs = esp32_regs,
    .n_regs = G_N_ELEMENTS (esp32_regs),
    .ram = esp32_ram,
    .n_ram = G_N_ELEMENTS (esp32_ram),
    .at_gmr_tail = "SDK version:v4.2.2-76-gefa6eca\r\n"
                   "compile time(3a696ba):Jul  2 2021 11:54:43\r\n"
                   "Bin version:2.2.0(WROOM-32)\r\n"
                   "OK\r\n",
    .at_version = "2.2.0.0(c6fa6bf - ESP32 - Jul  2 2021 06:44:05)",
    /* ESP32-WROOM-32 (ESP-AT's hardware connection guide). */
    .at_uart1_pins = { 17, 16, 15, 14 },
    .at_module = "WROOM-32",
  },
  {
    .name = "esp32s2",
    .description = N_("Virtual ESP32-S2 (Kiln simulator)"),
    S2PLUS_ROM,
    .magic_reg = 0x40001000,
    .magic = 0x000007C6,
    .chip_id = 2,
    .security_info_len = 12,        /* no chip id in the S2's reply */
    .spi_base = 0x3F402000,
    .uart_clkdiv_reg = 0x3F400014,
    .strap_reg = 0x3F404038,        /* GPIO_STRAP: bit 3 GPIO0, bit 2 GPIO46 */
    .strap_download = 0x0,
    .strap_flash = 0x8,
    .default_xtal_mhz = 40,
    .rom_xtal_mhz = 40,
    .default_mac = "7c:df:a1:12:34:56",
    .mac_reg = 0x3F41A044,
    .bootloader_offset = 0x1000,
    /* Assumed as for the ESP32 (measured) and as documented for Secure
     * Download Mode: 2 MB until SPI_SET_PARAMS. */
    .rom_flash_size = 2 * 1024 * 1024,
    .rom_banner = "ESP-ROM:esp32s2-rc4-20191025\r\nBuild:Oct 25 2019\r\n",
    .download_name = "DOWNLOAD(USB/UART0/1)",
    .reset_names = s2plus_resets,
    .usb = KILN_SIM_USB_OTG,
    .usb_otg_pid = 0x0002,
    .usb_otg_block = 0x800,
    .wdt = S2_WDT,
    .force_download_reg = 0x3F408128,   /* RTC_CNTL_OPTION1, bit 0 */
    .force_download_mask = 0x1,
    .regs = esp32s2_regs,
    .n_regs = G_N_ELEMENTS (esp32s2_regs),
    .ram = esp32s2_ram,
    .n_ram = G_N_ELEMENTS (esp32s2_ram),
    /* ESP-AT's own start-up log of an ESP32-S2-MINI. */
    .at_uart1_pins = { 17, 21, 20, 19 },
    .at_module = "MINI",
    /* AT+GMR of ESP-AT on an ESP32-S2-MINI, from ESP-AT's download guide. */
    .at_version = "3.4.0.0-dev(ca45add - ESP32S2 - May  9 2024 08:00:07)",
    .at_gmr_tail = "SDK version:v5.0.6-dirty\r\n"
                   "compile time(877c7e69):May 10 2024 06:47:54\r\n"
                   "Bin version:v3.4.0.0-dev(MINI)\r\n"
                   "\r\nOK\r\n",
  },
  {
    .name = "esp32s3",
    .description = N_("Virtual ESP32-S3 (Kiln simulator)"),
    S2PLUS_ROM,
    .magic_reg = 0x40001000,
    .magic = 0x00000009,
    .chip_id = 9,
    .security_info_len = 20,
    .spi_base = 0x60002000,
    .uart_clkdiv_reg = 0x60000014,
    .strap_reg = 0x60004038,        /* bit 3 GPIO0, bit 2 GPIO46 */
    .strap_download = 0x0,
    .strap_flash = 0x8,
    .default_xtal_mhz = 40,
    .rom_xtal_mhz = 40,
    .default_mac = "f4:12:fa:12:34:56",
    .mac_reg = 0x60007044,
    .bootloader_offset = 0x0,
    /* Assumed as for the ESP32 (measured) and as documented for Secure
     * Download Mode: 2 MB until SPI_SET_PARAMS. */
    .rom_flash_size = 2 * 1024 * 1024,
    .rom_banner = "ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n",
    .download_name = "DOWNLOAD(USB/UART0)",
    .reset_names = s2plus_resets,
    .usb = KILN_SIM_USB_SERIAL_JTAG | KILN_SIM_USB_OTG,
    .usb_otg_pid = 0x0009,
    .usb_otg_block = 0x800,
    .wdt = S3_WDT,
    .force_download_reg = 0x6000812C,   /* RTC_CNTL_OPTION1, bit 0 */
    .force_download_mask = 0x1,
    .regs = esp32s3_regs,
    .n_regs = G_N_ELEMENTS (esp32s3_regs),
    .ram = esp32s3_ram,
    .n_ram = G_N_ELEMENTS (esp32s3_ram),
  },
  {
    .name = "esp32c3",
    .description = N_("Virtual ESP32-C3 (Kiln simulator)"),
    S2PLUS_ROM,
    .magic_reg = 0x40001000,
    .magic = 0x1B31506F,            /* revision 3 and later silicon */
    .chip_id = 5,
    .security_info_len = 20,
    .spi_base = 0x60002000,
    .uart_clkdiv_reg = 0x60000014,
    .strap_reg = 0x60004038,        /* bit 3 GPIO9, bit 2 GPIO8 */
    .strap_download = 0x5,
    .strap_flash = 0xC,
    .default_xtal_mhz = 40,
    .rom_xtal_mhz = 40,
    .default_mac = "34:85:18:12:34:56",
    .mac_reg = 0x60008844,
    .bootloader_offset = 0x0,
    /* Assumed as for the ESP32 (measured) and as documented for Secure
     * Download Mode: 2 MB until SPI_SET_PARAMS. */
    .rom_flash_size = 2 * 1024 * 1024,
    .rom_banner = "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n",
    .download_name = "DOWNLOAD(USB/UART0/1)",
    .reset_names = s2plus_resets,
    .usb = KILN_SIM_USB_SERIAL_JTAG,
    .wdt = C3_WDT,
    .regs = esp32c3_regs,
    .n_regs = G_N_ELEMENTS (esp32c3_regs),
    .ram = esp32c3_ram,
    .n_ram = G_N_ELEMENTS (esp32c3_ram),
    /* ESP-AT's hardware connection guide for the ESP32-C3 series. */
    .at_uart1_pins = { 7, 6, 5, 4 },
    .at_module = "MINI-1",
    /* AT+GMR of ESP-AT on an ESP32-C3-MINI-1, from ESP-AT's download guide. */
    .at_version = "3.3.0.0(3b13d04 - ESP32C3 - May  8 2024 08:21:54)",
    .at_gmr_tail = "SDK version:v5.0.6-dirty\r\n"
                   "compile time(be332568):May  8 2024 08:51:33\r\n"
                   "Bin version:v3.3.0.0(MINI-1)\r\n"
                   "\r\nOK\r\n",
  },
  {
    .name = "esp32c6",
    .description = N_("Virtual ESP32-C6 (Kiln simulator)"),
    S2PLUS_ROM,
    .magic_reg = 0x40001000,
    .magic = 0x2CE0806F,
    .chip_id = 13,
    .security_info_len = 20,
    .spi_base = 0x60003000,
    .uart_clkdiv_reg = 0x60000014,
    .strap_reg = 0x60091038,        /* bit 3 GPIO9, bit 2 GPIO8 */
    .strap_download = 0x4,
    .strap_flash = 0xC,
    .default_xtal_mhz = 40,
    .rom_xtal_mhz = 40,
    .default_mac = "40:4c:ca:12:34:56",
    .mac_reg = 0x600B0844,
    .bootloader_offset = 0x0,
    /* Assumed as for the ESP32 (measured) and as documented for Secure
     * Download Mode: 2 MB until SPI_SET_PARAMS. */
    .rom_flash_size = 2 * 1024 * 1024,
    .rom_banner = "ESP-ROM:esp32c6-20220919\r\nBuild:Sep 19 2022\r\n",
    .download_name = "DOWNLOAD(USB/UART0/SDIO_FEI_FEO)",
    .reset_names = c6_resets,
    .usb = KILN_SIM_USB_SERIAL_JTAG,
    .wdt = C6_WDT,
    .regs = esp32c6_regs,
    .n_regs = G_N_ELEMENTS (esp32c6_regs),
    .ram = esp32c6_ram,
    .n_ram = G_N_ELEMENTS (esp32c6_ram),
    /* ESP-AT's own start-up log of an ESP32-C6 with 4 MB of flash. */
    .at_uart1_pins = { 7, 6, 5, 4 },
    .at_module = "ESP32C6-4MB",
    /* AT+GMR of ESP-AT on an ESP32-C6 with 4 MB, from ESP-AT's download guide. */
    .at_version = "4.0.0.0(3fe3806 - ESP32C6 - Dec 29 2023 11:10:21)",
    .at_gmr_tail = "SDK version:v5.1.2-dirty\r\n"
                   "compile time(89040be7):Jan  2 2024 05:53:07\r\n"
                   "Bin version:v4.0.0.0(ESP32C6-4MB)\r\n"
                   "\r\nOK\r\n",
  },
  {
    .name = "esp32h2",
    .description = N_("Virtual ESP32-H2 (Kiln simulator)"),
    S2PLUS_ROM,
    .magic_reg = 0x40001000,
    .magic = 0xD7B73E80,
    .chip_id = 16,
    .security_info_len = 20,
    .spi_base = 0x60003000,
    .uart_clkdiv_reg = 0x60000014,
    .strap_reg = 0x60091038,
    .strap_download = 0x4,
    .strap_flash = 0xC,
    .default_xtal_mhz = 32,         /* the H2 has a 32 MHz crystal, and its ROM knows it */
    .rom_xtal_mhz = 32,
    .default_mac = "60:55:f9:12:34:56",
    .mac_reg = 0x600B0844,
    .bootloader_offset = 0x0,
    /* Assumed as for the ESP32 (measured) and as documented for Secure
     * Download Mode: 2 MB until SPI_SET_PARAMS. */
    .rom_flash_size = 2 * 1024 * 1024,
    .rom_banner = "ESP-ROM:esp32h2-20221101\r\nBuild:Nov  1 2022\r\n",
    .download_name = "DOWNLOAD(USB/UART0)",
    .reset_names = c6_resets,
    .usb = KILN_SIM_USB_SERIAL_JTAG,
    .wdt = C6_WDT,
    .regs = esp32h2_regs,
    .n_regs = G_N_ELEMENTS (esp32h2_regs),
    .ram = esp32h2_ram,
    .n_ram = G_N_ELEMENTS (esp32h2_ram),
  },
  {
    .name = "esp32c2",
    .description = N_("Virtual ESP32-C2 (Kiln simulator)"),
    S2PLUS_ROM,
    .magic_reg = 0x40001000,
    .magic = 0x0C21E06F,
    .chip_id = 12,
    .security_info_len = 20,
    .spi_base = 0x60002000,
    .uart_clkdiv_reg = 0x60000014,
    .strap_reg = 0x60004038,
    .strap_download = 0x4,
    .strap_flash = 0xC,
    /* Boards with the C2 (ESP8684) mostly carry a 26 MHz crystal, while
     * the ROM times its UART as if it were 40 MHz: its boot log comes at
     * 74880 baud and CHANGE_BAUDRATE lands at 26/40 of the rate asked. */
    .default_xtal_mhz = 26,
    .rom_xtal_mhz = 40,
    .rom_baud_assumes_xtal = TRUE,
    .default_mac = "08:3a:8d:12:34:56",
    .mac_reg = 0x60008840,
    .bootloader_offset = 0x0,
    /* Assumed as for the ESP32 (measured) and as documented for Secure
     * Download Mode: 2 MB until SPI_SET_PARAMS. */
    .rom_flash_size = 2 * 1024 * 1024,
    .rom_banner = "ESP-ROM:esp8684-api2-20220127\r\nBuild:Jan 27 2022\r\n",
    .download_name = "DOWNLOAD(UART0)",
    .reset_names = s2plus_resets,
    .usb = KILN_SIM_USB_BRIDGE,     /* no USB on the C2 */
    .regs = esp32c2_regs,
    .n_regs = G_N_ELEMENTS (esp32c2_regs),
    .ram = esp32c2_ram,
    .n_ram = G_N_ELEMENTS (esp32c2_ram),
    /* ESP-AT's own start-up log of an ESP32-C2 with 4 MB of flash. */
    .at_uart1_pins = { 7, 6, 5, 4 },
    .at_module = "ESP32C2-4MB",
    /* AT+GMR of ESP-AT on an ESP32-C2 with 4 MB, from ESP-AT's download guide. */
    .at_version = "3.3.0.0(3b13d04 - ESP32C2 - May  8 2024 08:21:45)",
    .at_gmr_tail = "SDK version:v5.0.6-dirty\r\n"
                   "compile time(be332568):May  8 2024 08:50:59\r\n"
                   "Bin version:v3.3.0.0(ESP32C2-4MB)\r\n"
                   "\r\nOK\r\n",
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
