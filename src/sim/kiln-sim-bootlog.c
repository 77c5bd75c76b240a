/* kiln-sim-bootlog.c: what the ROM (and the firmware's first stages)
 * print after a reset.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ESP32 lines are byte-exact with the recordings of the real ROM
 * (esp32-bootlog-*.txt) when the board has the recordings' straps
 * (straps=recorded): the banner, "boot:0xf (UART_BOOT(UART0))" in the
 * download strap, "invalid header: 0x…" for an erased or zeroed
 * bootloader slot, and the configsip / clk_drv / mode / load / entry lines
 * derived from a valid image header at 0x1000.  By default the board is
 * strapped like a DevKit and prints what real boards print there:
 * "boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))" and "waiting for
 * download", "boot:0x13 (SPI_FAST_FLASH_BOOT)" from flash.
 *
 * ESP8266 lines follow §10.1 of the protocol facts: the banner
 * " ets Jan  8 2013,rst cause:R, boot mode:(M,N)" at 74880 baud (26 MHz
 * crystal), the ROM's load / chksum / csum lines for the v1 image at 0x0,
 * the SDK second stage's lines when an OTA user image sits at 0x1000, and
 * the SDK's PHY init data check at (flash end − 0x4000).
 *
 * Failure boots the scenario= option forces are a table; their ROM-side
 * and SDK-side text is printed where the real chip prints it.  Others
 * follow from the flash itself: an SDK user image built for another flash
 * map than the header at 0x0 announces ("mismatch map"), PHY init data
 * missing ("rf_cal"), a bootloader slot holding something else ("invalid
 * header"), and a header asking for a flash mode the flash cannot do
 * (flash-io=): the ROM reads the image header and the first segment's
 * header, then what floating data lines give (zeros on the ESP8266, as in
 * a real ESP-01S log with "load 0x00000000, len 0"; ones on the ESP32,
 * "load:0xffffffff,len:-1").
 *
 * S2 and later (§10.2 of the facts, public logs of real boards): the
 * "ESP-ROM:…" / "Build:…" banner, "rst:0x1 (POWERON),boot:0xc
 * (SPI_FAST_FLASH_BOOT)" with the chip's own strap bits and reset names,
 * "Saved PC:" after a reset that was not a power-on, "waiting for
 * download" in the download strap, then "SPIWP:", "mode:… clock div:",
 * "load:0x…,len:0x…" (the length in hex) and "entry" for a valid image at
 * the chip's bootloader offset, "invalid header" for an empty one.
 *
 * Approximations: the ESP8266 "room" and "tail" numbers and the ESP32
 * "ho … tail … room" line are internal bookkeeping of the real ROM; the sim
 * prints plausible values.  An ESP8266 flash that holds no image (first
 * byte not 0xE9) prints "ets_main.c" and stops.
 */
#include "config.h"

#include <string.h>

#include "kiln-sim-private.h"

typedef enum
{
  STAGE_STRAP,     /* decided by the pins before anything is read */
  STAGE_ROM,       /* the ROM fails to load the image */
  STAGE_SDK,       /* the firmware's early start fails */
} Stage;

#define CSUM_ERR "csum err\r\nets_main.c \r\n"

typedef struct
{
  const char         *name;
  KilnSimFamily       family;
  Stage               stage;
  const char         *text;      /* NULL: printed by the code (it has numbers) */
  KilnSimBootOutcome  outcome;
} Scenario;

static const Scenario scenarios[] = {
  /* GPIO15 high selects SDIO boot: the ROM waits for an SDIO host. */
  { "gpio15-high", KILN_SIM_FAMILY_ESP8266, STAGE_STRAP, "waiting for host\r\n", KILN_SIM_BOOT_HALT },
  /* The image's checksum does not match (bad flash mode, broken write). */
  { "csum-err", KILN_SIM_FAMILY_ESP8266, STAGE_ROM, CSUM_ERR, KILN_SIM_BOOT_HALT },
  /* SDK 3: the firmware was built for map X, the header at 0x0 says Y. */
  { "mismatch-map", KILN_SIM_FAMILY_ESP8266, STAGE_SDK, NULL, KILN_SIM_BOOT_HALT },
  /* No PHY init data at flash end − 0x4000. */
  { "no-init-data", KILN_SIM_FAMILY_ESP8266, STAGE_SDK, "rf_cal[0] !=0x05,is 0xFF\r\n", KILN_SIM_BOOT_HALT },
  /* The ROM cannot read the bootloader; the RTC watchdog resets it. */
  { "flash-read-err", KILN_SIM_FAMILY_ESP32, STAGE_ROM, "flash read err, 1000\r\nets_main.c 371 \r\n",
    KILN_SIM_BOOT_WDT },
  /* The supply sags once the firmware starts the radio. */
  { "brownout", KILN_SIM_FAMILY_ESP32, STAGE_SDK, "\r\nBrownout detector was triggered\r\n\r\n",
    KILN_SIM_BOOT_BROWNOUT },
};

static const Scenario *
find_scenario (KilnSim *sim,
               Stage    stage)
{
  for (guint i = 0; sim->opts.scenario != NULL && i < G_N_ELEMENTS (scenarios); i++)
    if (scenarios[i].family == sim->chip->family && scenarios[i].stage == stage
        && g_str_equal (scenarios[i].name, sim->opts.scenario))
      return &scenarios[i];
  return NULL;
}

gboolean
kiln_sim_scenario_valid (const KilnSimChip *chip,
                         const char        *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    if (scenarios[i].family == chip->family && g_str_equal (scenarios[i].name, name))
      return TRUE;
  return FALSE;
}

static guint32
flash_u32 (KilnSim *sim,
           guint32  addr)
{
  guint8 b[4];

  kiln_sim_flash_read (&sim->flash, addr, b, 4);
  return (guint32) b[0] | (guint32) b[1] << 8 | (guint32) b[2] << 16 | (guint32) b[3] << 24;
}

static guint8
flash_u8 (KilnSim *sim,
          guint32  addr)
{
  guint8 b;

  kiln_sim_flash_read (&sim->flash, addr, &b, 1);
  return b;
}

/* ---- banners ---------------------------------------------------------- */

static const char *
esp32_reset_name (guint code)
{
  switch (code)
    {
    case 0x1: return "POWERON_RESET";
    case 0x3: return "SW_RESET";
    case 0xC: return "SW_CPU_RESET";
    case 0xF: return "RTCWDT_BROWN_OUT_RESET";
    case 0x10: return "RTCWDT_RTC_RESET";
    default: return "NO_MEAN";
    }
}

static const char *
esp32_boot_name (guint32 strap)
{
  /* The two download straps the virtual board has: the recordings' and
   * a DevKit's (GPIO0 low, GPIO2 low, GPIO5 and MTDO high). */
  if (strap == 0x0F)
    return "UART_BOOT(UART0)";
  if ((strap & 0x10) == 0)
    return "DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2)";
  return "SPI_FAST_FLASH_BOOT";
}

static const char *
s2plus_reset_name (const KilnSimChip *chip,
                   guint              code)
{
  for (const KilnSimResetName *r = chip->reset_names; r != NULL && r->code != 0; r++)
    if (r->code == code)
      return r->name;
  return "NO_MEAN";
}

static void
s2plus_banner (KilnSim          *sim,
               KilnSimResetKind  kind,
               gboolean          download,
               GString          *out)
{
  const KilnSimChip *chip = sim->chip;
  guint32 strap = kiln_sim_strap_word (sim, download);
  guint code;

  switch (kind)
    {
    case KILN_SIM_RESET_SOFTWARE:
      code = 0xC;
      break;
    case KILN_SIM_RESET_WATCHDOG:
      code = 0x10;
      break;
    case KILN_SIM_RESET_SUPER_WDT:
      code = 0x12;
      break;
    case KILN_SIM_RESET_BROWNOUT:
      code = 0xF;
      break;
    case KILN_SIM_RESET_USB:
      code = 0x15;
      break;
    case KILN_SIM_RESET_POWER_ON:
    case KILN_SIM_RESET_EN:
    default:
      code = 0x1;
      break;
    }
  g_string_append (out, chip->rom_banner);
  g_string_append_printf (out, "rst:0x%x (%s),boot:0x%x (%s)\r\n", code, s2plus_reset_name (chip, code),
                          strap, download ? chip->download_name : "SPI_FAST_FLASH_BOOT");
  /* The ROM shows where the CPU was when anything but a power-on reset
   * stopped it; here, somewhere in the ROM's own loop. */
  if (code != 0x1)
    g_string_append (out, "Saved PC:0x40048b82\r\n");
  if (download)
    g_string_append (out, "waiting for download\r\n");
}

static gboolean
gpio15_high (KilnSim *sim)
{
  return find_scenario (sim, STAGE_STRAP) != NULL;
}

void
kiln_sim_bootlog_banner (KilnSim          *sim,
                         KilnSimResetKind  kind,
                         gboolean          download,
                         GString          *out)
{
  if (sim->chip->family == KILN_SIM_FAMILY_ESP8266)
    {
      guint mode;

      /* A software reset keeps the previous cause (the ROM only learns
       * of pin, power and watchdog resets). */
      switch (kind)
        {
        case KILN_SIM_RESET_POWER_ON:
        case KILN_SIM_RESET_BROWNOUT:
          sim->esp8266_rst_cause = 1;
          break;
        case KILN_SIM_RESET_EN:
          sim->esp8266_rst_cause = 2;
          break;
        case KILN_SIM_RESET_WATCHDOG:
          sim->esp8266_rst_cause = 4;
          break;
        case KILN_SIM_RESET_SOFTWARE:
        default:
          break;
        }
      /* (GPIO15 << 2) | (GPIO0 << 1) | GPIO2, GPIO2 pulled high */
      mode = (gpio15_high (sim) ? 4u : 0u) | (download ? 0u : 2u) | 1u;
      g_string_append_printf (out, "\r\n ets Jan  8 2013,rst cause:%u, boot mode:(%u,%u)\r\n\r\n",
                              sim->esp8266_rst_cause, mode, gpio15_high (sim) ? 7u : 6u);
      if (sim->esp8266_rst_cause == 4)
        g_string_append (out, "wdt reset\r\n");
      return;
    }

  if (sim->chip->family == KILN_SIM_FAMILY_ESP32S2PLUS)
    {
      s2plus_banner (sim, kind, download, out);
      return;
    }

  {
    guint code;
    guint32 strap = kiln_sim_strap_word (sim, download);

    switch (kind)
      {
      case KILN_SIM_RESET_SOFTWARE:
        code = 0xC;
        break;
      case KILN_SIM_RESET_WATCHDOG:
        code = 0x10;
        break;
      case KILN_SIM_RESET_BROWNOUT:
        code = 0xF;
        break;
      case KILN_SIM_RESET_POWER_ON:
      case KILN_SIM_RESET_EN:       /* CHIP_PU is a power-on reset */
      default:
        code = 0x1;
        break;
      }
    g_string_append_printf (out, "ets Jul 29 2019 12:21:46\r\n\r\nrst:0x%x (%s),boot:0x%x (%s)\r\n",
                            code, esp32_reset_name (code), strap, esp32_boot_name (strap));
    /* Only a true download strap says so; the recordings' UART_BOOT
     * printed nothing more (esp32-bootlog-download-strap.txt), real boards
     * in DOWNLOAD_BOOT add this line (public logs, e.g. esp32.com t=33236). */
    if (g_str_has_prefix (esp32_boot_name (strap), "DOWNLOAD_BOOT"))
      g_string_append (out, "waiting for download\r\n");
  }
}

gboolean
kiln_sim_bootlog_sdio (KilnSim *sim,
                       GString *out)
{
  const Scenario *s = find_scenario (sim, STAGE_STRAP);

  if (s == NULL)
    return FALSE;
  g_string_append (out, s->text);
  return TRUE;
}

/* ---- ESP8266 ------------------------------------------------------------ */

static const char *
esp8266_map_name (guint map)
{
  static const char *const names[] = {
    "4Mbit(256KB+256KB)", "2Mbit(256KB)", "8Mbit(512KB+512KB)", "16Mbit(512KB+512KB)",
    "32Mbit(512KB+512KB)", "16Mbit(1024KB+1024KB)", "32Mbit(1024KB+1024KB)",
    "32Mbit(2048KB+2048KB)", "64Mbit(1024KB+1024KB)", "128Mbit(1024KB+1024KB)",
  };
  return map < G_N_ELEMENTS (names) ? names[map] : "unknown";
}

static guint32
esp8266_map_size (guint map)
{
  static const guint32 sizes[] = {
    0x80000, 0x40000, 0x100000, 0x200000, 0x400000, 0x200000, 0x400000, 0x400000,
    0x800000, 0x1000000,
  };
  return map < G_N_ELEMENTS (sizes) ? sizes[map] : 0x100000;
}

static const char *
spi_mode_name (guint8 mode)
{
  switch (mode)
    {
    case 0: return "QIO";
    case 1: return "QOUT";
    case 2: return "DIO";
    case 3: return "DOUT";
    default: return "QIO";
    }
}

static const char *
spi_speed_name (guint code)
{
  switch (code)
    {
    case 0x0: return "40MHz";
    case 0x1: return "26.7MHz";
    case 0x2: return "20MHz";
    case 0xF: return "80MHz";
    default: return "40MHz";
    }
}

/* Header byte 2 (0 QIO, 1 QOUT, 2 DIO, 3 DOUT) asks for more than the flash
 * does. */
static gboolean
mode_unreadable (KilnSim *sim,
                 guint8   mode)
{
  KilnSimFlashIo need = mode <= 1 ? KILN_SIM_FLASH_IO_QIO
                      : mode == 2 ? KILN_SIM_FLASH_IO_DIO : KILN_SIM_FLASH_IO_DOUT;

  return need < sim->opts.flash_io;
}

/* The flash map an SDK user image at 0x1000 was built for, or -1.  The
 * SDK compiles it into the firmware, which the sim cannot run; images
 * that carry flash mode and size in their first header (esptool and older
 * gen_appbin write them there) say it in byte 3's high nibble, while
 * SDK 3's gen_appbin writes the app number (EA 04 00 01) and says
 * nothing.  scenario=mismatch-map:N names it outright. */
static gint
esp8266_built_map (KilnSim *sim)
{
  const Scenario *s = find_scenario (sim, STAGE_SDK);
  guint8 b2, b3;

  if (s != NULL && g_str_equal (s->name, "mismatch-map"))
    return (gint) sim->opts.scenario_arg;
  if (flash_u8 (sim, 0x1000) != 0xEA)
    return -1;
  b2 = flash_u8 (sim, 0x1002);
  b3 = flash_u8 (sim, 0x1003);
  if (b2 > 3 || (b2 == 0 && (b3 == 1 || b3 == 2)) || (b3 >> 4) > 9)
    return -1;
  return b3 >> 4;
}

/* The virtual device's own model of the SDK's boot.bin, as the boot logs
 * of boot_v1.4 and v1.6 show it (the corpus's logs 127 and 016): more
 * than one segment (three there), the first a few KiB of code at the
 * start of IRAM ("load 0x40100000, len 1396").  Firmware built by esptool
 * has tens of KiB in IRAM; the Arduino core's eboot loads to 0x4010f000. */
static gboolean
esp8266_is_sdk_boot (KilnSim *sim)
{
  return flash_u8 (sim, 1) >= 2 && flash_u32 (sim, 8) == 0x40100000
         && flash_u32 (sim, 12) < 0x1000;
}

static KilnSimBootOutcome
esp8266_flash_boot (KilnSim *sim,
                    GString *out)
{
  const Scenario *s;
  guint32 off = 8, stored_at;
  guint8 chk = 0xEF, stored, byte3;
  guint count, map, init_data;
  gint built;

  if (flash_u8 (sim, 0) != 0xE9)
    {
      g_string_append (out, "ets_main.c \r\n");
      return KILN_SIM_BOOT_HALT;
    }
  count = flash_u8 (sim, 1);
  if (mode_unreadable (sim, flash_u8 (sim, 2)))
    {
      /* The first segment's header still comes through; from its data on
       * the lines float and read as zeros. */
      for (guint i = 0; i < count; i++)
        {
          guint32 addr = i == 0 ? flash_u32 (sim, off) : 0, len = i == 0 ? flash_u32 (sim, off + 4) : 0;

          g_string_append_printf (out, "load 0x%08x, len %u, room %u \r\ntail %u\r\nchksum 0xef\r\n",
                                  addr, len, i == 0 ? 16u : 4u, len % 16);
        }
      /* Zeros leave the ROM's sum at its seed. */
      g_string_append (out, "csum 0xef\r\n" CSUM_ERR);
      return KILN_SIM_BOOT_HALT;
    }
  for (guint i = 0; i < count; i++)
    {
      guint32 addr = flash_u32 (sim, off), len = flash_u32 (sim, off + 4);

      g_string_append_printf (out, "load 0x%08x, len %u, room %u \r\n", addr, len, i == 0 ? 16u : 8u);
      if (len > sim->flash.size)
        {
          /* garbage: the checksum below cannot match */
          chk ^= 0xFF;
          break;
        }
      for (guint32 k = 0; k < len; k++)
        chk ^= flash_u8 (sim, off + 8 + k);
      off += 8 + len;
      g_string_append_printf (out, "tail %u\r\nchksum 0x%02x\r\n", len % 16, chk);
    }
  /* The checksum byte ends the image on a 16-byte boundary.  The ROM
   * prints its own sum, not that byte (recorded from the real ESP8266 ROM
   * under emulation: "csum 0xef", then "csum err" for a stored 0xcd). */
  stored_at = off | 15;
  stored = flash_u8 (sim, stored_at);
  g_string_append_printf (out, "csum 0x%02x\r\n", chk);
  s = find_scenario (sim, STAGE_ROM);
  if (stored != chk || s != NULL)
    {
      g_string_append (out, CSUM_ERR);
      return KILN_SIM_BOOT_HALT;
    }

  byte3 = flash_u8 (sim, 3);
  map = byte3 >> 4;
  /* An OTA user image at 0x1000 means the image at 0x0 is the SDK's
   * second-stage boot.bin, which tells what header it found. */
  if (flash_u8 (sim, 0x1000) == 0xEA || esp8266_is_sdk_boot (sim))
    g_string_append_printf (out,
                            "\r\n2nd boot version : 1.7(5d6f877)\r\n"
                            "SPI Speed : %s\r\n"
                            "SPI Mode : %s\r\n"
                            "SPI Flash Size & Map: %s\r\n"
                            "jump to run user1 @ 1000\r\n\r\n",
                            spi_speed_name (byte3 & 0xF), spi_mode_name (flash_u8 (sim, 2)),
                            esp8266_map_name (map));
  /* boot.bin without a user image at 0x1000 (recorded in the corpus's log
   * 127, boot_v1.4 with user1.bin written at 0x10000): it gives up and
   * halts.  The virtual boot.bin does not try user2's slot. */
  if (flash_u8 (sim, 0x1000) != 0xEA && esp8266_is_sdk_boot (sim))
    {
      g_string_append (out, "backup boot failed.\r\n\r\nuser code done\r\n");
      return KILN_SIM_BOOT_HALT;
    }

  s = find_scenario (sim, STAGE_SDK);
  built = esp8266_built_map (sim);
  if (built >= 0 && (guint) built != map)
    {
      /* SDK 3 checks the map it was built for against the header's and
       * stops; the watchdog does not fire. */
      g_string_append_printf (out,
                              "mismatch map %d,spi_size_map %u\r\n"
                              "system param partition error\r\n"
                              "system_partition_table_regist fail\r\n",
                              built, map);
      return KILN_SIM_BOOT_HALT;
    }
  /* The SDK reads its PHY init data where the header's map puts the end of
   * the flash (a map larger than the chip wraps, as the chip does). */
  init_data = flash_u8 (sim, esp8266_map_size (map) - 0x4000);
  if (s != NULL && g_str_equal (s->name, "no-init-data"))
    init_data = 0xFF;
  if (init_data != 0x05)
    {
      g_string_append_printf (out, "rf_cal[0] !=0x05,is 0x%02X\r\n", init_data);
      return KILN_SIM_BOOT_HALT;
    }
  return KILN_SIM_BOOT_APP;
}

/* ---- ESP32 -------------------------------------------------------------- */

static guint
esp32_clock_div (guint code)
{
  switch (code)
    {
    case 0xF: return 1;   /* 80 MHz */
    case 0x0: return 2;   /* 40 MHz */
    case 0x1: return 3;   /* 26.7 MHz */
    case 0x2: return 4;   /* 20 MHz */
    default: return 2;
    }
}

void
kiln_sim_bootlog_loop_line (KilnSim *sim,
                            GString *out)
{
  g_string_append_printf (out, "invalid header: 0x%08x\r\n",
                          flash_u32 (sim, sim->chip->bootloader_offset));
}

static KilnSimBootOutcome
esp32_flash_boot (KilnSim *sim,
                  GString *out)
{
  guint32 base = sim->chip->bootloader_offset;
  guint32 off = base + 24;
  const Scenario *s = find_scenario (sim, STAGE_ROM);
  guint8 chk = 0xEF, stored;
  guint8 hdr[24];
  guint count;

  if (s != NULL)
    {
      g_string_append (out, s->text);
      return s->outcome;
    }
  kiln_sim_flash_read (&sim->flash, base, hdr, sizeof hdr);
  if (hdr[0] != 0xE9)
    {
      kiln_sim_bootlog_loop_line (sim, out);
      return KILN_SIM_BOOT_LOOP;
    }
  count = hdr[1];
  g_string_append_printf (out, "configsip: 0, SPIWP:0x%02x\r\n", hdr[8]);
  g_string_append_printf (out,
                          "clk_drv:0x%02x,q_drv:0x%02x,d_drv:0x%02x,cs0_drv:0x%02x,"
                          "hd_drv:0x%02x,wp_drv:0x%02x\r\n",
                          hdr[9] & 0xF, hdr[9] >> 4, hdr[10] & 0xF, hdr[10] >> 4,
                          hdr[11] & 0xF, hdr[11] >> 4);
  g_string_append_printf (out, "mode:%s, clock div:%u\r\n", spi_mode_name (hdr[2]),
                          esp32_clock_div (hdr[3] & 0xF));
  for (guint i = 0; i < count; i++)
    {
      guint32 addr = flash_u32 (sim, off), len = flash_u32 (sim, off + 4);

      /* A mode the flash cannot do: after the first segment the ROM reads
       * ones, and the RTC watchdog ends the boot. */
      if (i > 0 && mode_unreadable (sim, hdr[2]))
        {
          g_string_append (out, "load:0xffffffff,len:-1\r\n");
          return KILN_SIM_BOOT_WDT;
        }

      if (len > sim->flash.size)
        {
          chk ^= 0xFF;
          break;
        }
      g_string_append_printf (out, "load:0x%08x,len:%u\r\n", addr, len);
      for (guint32 k = 0; k < len; k++)
        chk ^= flash_u8 (sim, off + 8 + k);
      off += 8 + len;
      if (len < 16 && i + 1 < count)
        g_string_append_printf (out, "ho 8 tail %u room 4\r\n", len);
    }
  stored = flash_u8 (sim, off | 15);
  if (stored != chk)
    {
      /* As the ESP32's ROM (ECO3) prints it, computed first, recorded
       * under emulation; it then opens its console until the RTC watchdog
       * resets the chip.  The newer chips' ROMs say "Checksum failure"
       * (s2plus_flash_boot()). */
      g_string_append_printf (out, "csum err:0x%02x!=0x%02x\r\n"
                              "Falling back to built-in command interpreter.\r\nOK\r\n>",
                              chk, stored);
      return KILN_SIM_BOOT_WDT;
    }
  g_string_append_printf (out, "entry 0x%08x\r\n", (guint32) hdr[4] | (guint32) hdr[5] << 8
                          | (guint32) hdr[6] << 16 | (guint32) hdr[7] << 24);
  s = find_scenario (sim, STAGE_SDK);
  if (s != NULL)
    {
      g_string_append (out, s->text);
      return s->outcome;
    }
  return KILN_SIM_BOOT_APP;
}

/* The S2+ ROM prints less about the header than the ESP32's, and the
 * segment lengths in hex. */
static KilnSimBootOutcome
s2plus_flash_boot (KilnSim *sim,
                   GString *out)
{
  guint32 base = sim->chip->bootloader_offset;
  guint32 off = base + 24;
  guint8 chk = 0xEF, stored;
  guint8 hdr[24];
  guint count;

  kiln_sim_flash_read (&sim->flash, base, hdr, sizeof hdr);
  if (hdr[0] != 0xE9)
    {
      kiln_sim_bootlog_loop_line (sim, out);
      return KILN_SIM_BOOT_LOOP;
    }
  count = hdr[1];
  g_string_append_printf (out, "SPIWP:0x%02x\r\n", hdr[8]);
  g_string_append_printf (out, "mode:%s, clock div:%u\r\n", spi_mode_name (hdr[2]),
                          esp32_clock_div (hdr[3] & 0xF));
  for (guint i = 0; i < count; i++)
    {
      guint32 addr = flash_u32 (sim, off), len = flash_u32 (sim, off + 4);

      if (len > sim->flash.size)
        {
          chk ^= 0xFF;
          break;
        }
      g_string_append_printf (out, "load:0x%08x,len:0x%x\r\n", addr, len);
      for (guint32 k = 0; k < len; k++)
        chk ^= flash_u8 (sim, off + 8 + k);
      off += 8 + len;
    }
  stored = flash_u8 (sim, off | 15);
  if (stored != chk)
    {
      g_string_append_printf (out, "Checksum failure. Calculated 0x%02x stored 0x%02x\r\nets_main.c 333 \r\n",
                              chk, stored);
      return KILN_SIM_BOOT_WDT;
    }
  g_string_append_printf (out, "entry 0x%08x\r\n", (guint32) hdr[4] | (guint32) hdr[5] << 8
                          | (guint32) hdr[6] << 16 | (guint32) hdr[7] << 24);
  return KILN_SIM_BOOT_APP;
}

/**
 * kiln_sim_bootlog_flash:
 *
 * What a boot from flash prints after the banner, and how it ends.
 */
KilnSimBootOutcome
kiln_sim_bootlog_flash (KilnSim *sim,
                        GString *out)
{
  if (sim->chip->family == KILN_SIM_FAMILY_ESP8266)
    return esp8266_flash_boot (sim, out);
  if (sim->chip->family == KILN_SIM_FAMILY_ESP32S2PLUS)
    return s2plus_flash_boot (sim, out);
  return esp32_flash_boot (sim, out);
}
