/* kiln-bootlog-facts.c: what Espressif boot ROMs print and what it means.
 *
 * One table row per chip whose ROM banner a log may show, Kiln-flashable
 * or not: the names its banner uses, where its ROM looks for the
 * second-stage bootloader, and the bits of the "boot:0x…" strapping value.
 * Sources: protocol-facts.md §9.4 and §10 (bootloader offsets, ESP32 strap
 * bits), esptool's boot-mode documentation (newer chips: 0x08 is the boot
 * pin, 0x04 the second strap), the ESP32-S2 and ESP32-C5 register
 * descriptions of GPIO_STRAP (GPIO45 at bit 4 on the S2, GPIO27/GPIO28 on
 * the C5), Espressif's ESP32-C3 strapping table (GPIO2 is sampled too).
 * Where no source gives a chip's bits the row has none, and the decoder
 * goes by the boot mode name the ROM prints.
 *
 * Reset reasons are matched by what their names contain, because every ROM
 * generation spells them differently: POWERON_RESET and POWERON,
 * RTCWDT_BROWN_OUT_RESET, BROWNOUT_RST and LP_BOD_SYS, TG0WDT_SYS_RESET and
 * TG0_WDT_HPSYS, USB_UART_CHIP_RESET and USB_UART_HPSYS.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-private.h"

/* ---- chips ------------------------------------------------------------- */

static const KilnBootStrap esp32_straps[] = {
  { 0x10, "GPIO0", KILN_STRAP_BOOT },
  { 0x08, "GPIO2", KILN_STRAP_BOOT2, FALSE },
  { 0x20, "GPIO12 (MTDI)", KILN_STRAP_FLASH_VOLT },
  { 0x02, "GPIO15 (MTDO)", KILN_STRAP_OTHER },
  { 0x04, "GPIO4", KILN_STRAP_OTHER },
  { 0x01, "GPIO5", KILN_STRAP_OTHER },
  { 0 },
};

/* S2 and S3: GPIO45 selects the flash supply like the ESP32's MTDI. */
static const KilnBootStrap s2s3_straps[] = {
  { 0x08, "GPIO0", KILN_STRAP_BOOT },
  { 0x04, "GPIO46", KILN_STRAP_BOOT2, FALSE },
  { 0x10, "GPIO45", KILN_STRAP_FLASH_VOLT },
  { 0 },
};

static const KilnBootStrap c3_straps[] = {
  { 0x08, "GPIO9", KILN_STRAP_BOOT },
  { 0x04, "GPIO8", KILN_STRAP_BOOT2, TRUE },
  { 0x01, "GPIO2", KILN_STRAP_OTHER },
  { 0 },
};

static const KilnBootStrap riscv_straps[] = {
  { 0x08, "GPIO9", KILN_STRAP_BOOT },
  { 0x04, "GPIO8", KILN_STRAP_BOOT2, TRUE },
  { 0 },
};

static const KilnBootStrap c5_straps[] = {
  { 0x10, "GPIO28", KILN_STRAP_BOOT },
  { 0x08, "GPIO27", KILN_STRAP_BOOT2, TRUE },
  { 0 },
};

/* Where each chip maps flash into its address space (the instruction and
 * data windows an application's segments are linked to); the ROM loads a
 * bootloader into RAM only.  Sources: the chips' technical reference
 * manuals' address maps, as the ESP-IDF linker scripts use them. */
static const KilnAddrRange esp32_flash[] = {
  { 0x3F400000, 0x3F800000 }, { 0x400D0000, 0x40400000 }, { 0 },
};
static const KilnAddrRange esp32s2_flash[] = {
  { 0x3F000000, 0x3F400000 }, { 0x40080000, 0x40800000 }, { 0 },
};
static const KilnAddrRange esp32s3_flash[] = {
  { 0x3C000000, 0x3E000000 }, { 0x42000000, 0x44000000 }, { 0 },
};
static const KilnAddrRange esp32c2_flash[] = {
  { 0x3C000000, 0x3C400000 }, { 0x42000000, 0x42400000 }, { 0 },
};
static const KilnAddrRange esp32c3_flash[] = {
  { 0x3C000000, 0x3C800000 }, { 0x42000000, 0x42800000 }, { 0 },
};
static const KilnAddrRange riscv_flash[] = {
  { 0x42000000, 0x44000000 }, { 0 },
};
static const KilnAddrRange esp32p4_flash[] = {
  { 0x40000000, 0x4C000000 }, { 0 },
};
/* Flash on every chip that uses them, for a log whose chip is unknown. */
static const KilnAddrRange any_flash[] = {
  { 0x3C000000, 0x3E000000 }, { 0x3F400000, 0x3F800000 }, { 0x42000000, 0x44000000 }, { 0 },
};

/* Where an ESP8266 image's segments go: instruction RAM (the 64 KiB from
 * 0x40100000, the half the cache may take included, which loaders such as
 * the Arduino core's eboot use before the cache is on) and data RAM, which
 * the ROM loads; and flash-mapped code (from 0x40201010 in the SDKs' and
 * the Arduino core's linker scripts), which it does not. */
static const KilnAddrRange esp8266_ram[] = {
  { 0x40100000, 0x40110000 }, { 0x3FFE8000, 0x40000000 }, { 0 },
};
static const KilnAddrRange esp8266_flash[] = {
  { 0x40200000, 0x40300000 }, { 0 },
};

/* The flash pins: the IO MUX's pins for the SPI flash in ESP-IDF's
 * per-chip SPI pin definitions (soc/spi_pins.h), from the flash's CS to
 * its last data line, the second chip select for PSRAM included where it
 * sits next to them (S2, S3, C5, C61).  The ESP32-PICO-D4 and the
 * ESP32-D2WD move two of them to GPIO16 and GPIO17 (their eFuses say so,
 * and the ROM's "configsip" line). */
static const KilnBootChipFacts chips[] = {
  { "esp8266", { "esp8285" }, "ESP8266", KILN_BOOT_FAMILY_ESP8266, 0x0, NULL, "GPIO0", FALSE, FALSE, NULL, { 6, 11 } },
  { "esp32", { NULL }, "ESP32", KILN_BOOT_FAMILY_ESP32, 0x1000, esp32_straps, "GPIO0", FALSE, FALSE, esp32_flash, { 6, 11 } },
  { "esp32s2", { NULL }, "ESP32-S2", KILN_BOOT_FAMILY_ESP32, 0x1000, s2s3_straps, "GPIO0", FALSE, FALSE, esp32s2_flash, { 26, 32 } },
  { "esp32s3", { NULL }, "ESP32-S3", KILN_BOOT_FAMILY_ESP32, 0x0, s2s3_straps, "GPIO0", TRUE, FALSE, esp32s3_flash, { 26, 32 } },
  /* The ESP32-C2's ROM calls itself by the die's other name. */
  { "esp32c2", { "esp8684" }, "ESP32-C2", KILN_BOOT_FAMILY_ESP32, 0x0, c3_straps, "GPIO9", FALSE, TRUE, esp32c2_flash, { 12, 17 } },
  { "esp32c3", { NULL }, "ESP32-C3", KILN_BOOT_FAMILY_ESP32, 0x0, c3_straps, "GPIO9", TRUE, TRUE, esp32c3_flash, { 12, 17 } },
  { "esp32c5", { NULL }, "ESP32-C5", KILN_BOOT_FAMILY_ESP32, 0x2000, c5_straps, "GPIO28", TRUE, TRUE, riscv_flash, { 15, 22 } },
  { "esp32c6", { NULL }, "ESP32-C6", KILN_BOOT_FAMILY_ESP32, 0x0, riscv_straps, "GPIO9", TRUE, TRUE, riscv_flash, { 24, 30 } },
  { "esp32c61", { NULL }, "ESP32-C61", KILN_BOOT_FAMILY_ESP32, 0x0, riscv_straps, "GPIO9", TRUE, TRUE, riscv_flash, { 14, 21 } },
  { "esp32h2", { NULL }, "ESP32-H2", KILN_BOOT_FAMILY_ESP32, 0x0, riscv_straps, "GPIO9", TRUE, TRUE, riscv_flash, { 15, 20 } },
  { "esp32h21", { NULL }, "ESP32-H21", KILN_BOOT_FAMILY_ESP32, 0x0, NULL, "GPIO9", TRUE, TRUE },
  { "esp32h4", { NULL }, "ESP32-H4", KILN_BOOT_FAMILY_ESP32, 0x2000, NULL, "GPIO9", TRUE, TRUE },
  { "esp32p4", { NULL }, "ESP32-P4", KILN_BOOT_FAMILY_ESP32, 0x2000, NULL, "GPIO35", TRUE, TRUE, esp32p4_flash },
};

gboolean
kiln_bootlog_flash_mapped (const KilnBootChipFacts *facts,
                           guint32                  address)
{
  const KilnAddrRange *ranges = facts != NULL ? facts->flash_mapped : any_flash;

  if (ranges == NULL)
    return FALSE;
  for (guint i = 0; ranges[i].end != 0; i++)
    if (address >= ranges[i].start && address < ranges[i].end)
      return TRUE;
  return FALSE;
}

static gboolean
in_one_range (const KilnAddrRange *ranges,
              guint64              address,
              guint64              length)
{
  for (guint i = 0; ranges[i].end != 0; i++)
    if (address >= ranges[i].start && address < ranges[i].end
        && length <= ranges[i].end - address)
      return TRUE;
  return FALSE;
}

gboolean
kiln_bootlog_esp8266_segment_fits (guint64  address,
                                   guint64  length,
                                   gboolean ram_only)
{
  return in_one_range (esp8266_ram, address, length)
         || (!ram_only && in_one_range (esp8266_flash, address, length));
}

/**
 * kiln_bootlog_chip_facts:
 * @chip: Kiln's chip name ("esp32c3"), case ignored
 *
 * Returns: (nullable): the chip's boot-log facts
 */
const KilnBootChipFacts *
kiln_bootlog_chip_facts (const char *chip)
{
  for (guint i = 0; chip != NULL && i < G_N_ELEMENTS (chips); i++)
    if (g_ascii_strcasecmp (chips[i].chip, chip) == 0)
      return &chips[i];
  return NULL;
}

/* "esp32c3", "esp8684", "ESP32S3" as a ROM banner spells them. */
const KilnBootChipFacts *
kiln_bootlog_chip_facts_by_rom (const char *rom_name)
{
  const KilnBootChipFacts *facts = kiln_bootlog_chip_facts (rom_name);

  for (guint i = 0; facts == NULL && rom_name != NULL && i < G_N_ELEMENTS (chips); i++)
    for (guint k = 0; k < G_N_ELEMENTS (chips[i].rom_names) && chips[i].rom_names[k]; k++)
      if (g_ascii_strcasecmp (chips[i].rom_names[k], rom_name) == 0)
        return &chips[i];
  return facts;
}

const KilnBootChipFacts *
kiln_bootlog_chip_facts_nth (guint n)
{
  return n < G_N_ELEMENTS (chips) ? &chips[n] : NULL;
}

const KilnBootStrap *
kiln_bootlog_strap_by_role (const KilnBootChipFacts *facts,
                            KilnStrapRole            role)
{
  for (const KilnBootStrap *b = facts != NULL ? facts->straps : NULL; b != NULL && b->bit; b++)
    if (b->role == role)
      return b;
  return NULL;
}

const KilnBootStrap *
kiln_bootlog_strap_boot2_wrong (const KilnBootChipFacts *facts,
                                guint32                  strap)
{
  const KilnBootStrap *boot = kiln_bootlog_strap_by_role (facts, KILN_STRAP_BOOT);
  const KilnBootStrap *second = kiln_bootlog_strap_by_role (facts, KILN_STRAP_BOOT2);

  if (boot == NULL || second == NULL || (strap & boot->bit) != 0
      || ((strap & second->bit) != 0) == second->download_high)
    return NULL;
  return second;
}

static const char *
level_text (gboolean high)
{
  return high ? C_("pin level", "high") : C_("pin level", "low");
}

void
kiln_bootlog_configsip_pins (guint64 configsip,
                             guint   pins[5])
{
  guint32 sip = (guint32) MIN (configsip, G_MAXUINT32);

  for (guint i = 0; i < 5; i++)
    pins[i] = (sip >> (6 * i)) & 0x3F;
}

/* "GPIO0 high, GPIO2 low, …" for the chip's strap bits, or NULL. */
char *
kiln_bootlog_describe_straps (const KilnBootChipFacts *facts,
                              guint32                  strap)
{
  g_autoptr(GString) s = NULL;

  if (facts == NULL || facts->straps == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (const KilnBootStrap *b = facts->straps; b->bit != 0; b++)
    {
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "%s %s", b->pin, level_text (strap & b->bit));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- reset reasons ----------------------------------------------------- */

typedef struct
{
  const char     *part;
  KilnResetClass  klass;
} ResetPart;

/* First hit wins: BROWN before WDT (RTCWDT_BROWN_OUT_RESET), GLITCH before
 * POWER (POWER_GLITCH_RESET), USB/JTAG before SW and CPU. */
static const ResetPart reset_parts[] = {
  { "BROWN", KILN_RESET_CLASS_BROWNOUT },
  { "BOD", KILN_RESET_CLASS_BROWNOUT },
  { "GLITCH", KILN_RESET_CLASS_GLITCH },
  { "POWERON", KILN_RESET_CLASS_POWER_ON },
  { "POWER_ON", KILN_RESET_CLASS_POWER_ON },
  { "VBAT", KILN_RESET_CLASS_POWER_ON },
  { "SLEEP", KILN_RESET_CLASS_DEEP_SLEEP },
  { "USB", KILN_RESET_CLASS_HOST },
  { "JTAG", KILN_RESET_CLASS_HOST },
  { "RTCWDT", KILN_RESET_CLASS_RTC_WATCHDOG },
  { "RTC_WDT", KILN_RESET_CLASS_RTC_WATCHDOG },
  { "LP_WDT", KILN_RESET_CLASS_RTC_WATCHDOG },
  { "RWDT", KILN_RESET_CLASS_RTC_WATCHDOG },
  { "WDT", KILN_RESET_CLASS_WATCHDOG },
  { "SW", KILN_RESET_CLASS_SOFTWARE },
  { "SOFT", KILN_RESET_CLASS_SOFTWARE },
  /* The PRO CPU resetting the APP CPU: the firmware's own doing. */
  { "EXT_CPU", KILN_RESET_CLASS_SOFTWARE },
  { "EXT", KILN_RESET_CLASS_EXTERNAL },
  { "SDIO", KILN_RESET_CLASS_OTHER },
  { "INTRUSION", KILN_RESET_CLASS_OTHER },
  { "EFUSE", KILN_RESET_CLASS_OTHER },
};

/* A reset of the CPU alone (SW_CPU_RESET, RTC_SW_CPU_RST, TGWDT_CPU_RESET),
 * as the application's restart gives after a panic; ESP-IDF's bootloader,
 * when it gives up, restarts the whole chip (SW_RESET, RTC_SW_SYS_RST), as
 * the corpus's logs with the bootloader's error lines show. */
gboolean
kiln_bootlog_esp32_cpu_reset (const char *name)
{
  return name != NULL && strstr (name, "CPU") != NULL;
}

KilnResetClass
kiln_bootlog_esp32_reset_class (const char *name)
{
  g_autofree char *up = g_ascii_strup (name != NULL ? name : "", -1);

  for (guint i = 0; i < G_N_ELEMENTS (reset_parts); i++)
    if (strstr (up, reset_parts[i].part) != NULL)
      return reset_parts[i].klass;
  return KILN_RESET_CLASS_UNKNOWN;
}

/* One sentence for a reset class; @name (the ROM's word) picks the finer
 * text where a class covers several reasons. */
const char *
kiln_bootlog_esp32_reset_text (KilnResetClass  klass,
                               const char     *name)
{
  switch (klass)
    {
    case KILN_RESET_CLASS_POWER_ON:
      return _("Power-on reset (or the EN/CHIP_PU pin, which restarts the chip the same way)");
    case KILN_RESET_CLASS_BROWNOUT:
      return _("Reset by the brown-out detector: the supply voltage dropped");
    case KILN_RESET_CLASS_GLITCH:
      return _("Reset by the glitch detector: the supply or clock was disturbed");
    case KILN_RESET_CLASS_DEEP_SLEEP:
      return _("Wake-up from deep sleep");
    case KILN_RESET_CLASS_HOST:
      return _("Reset over USB or JTAG, usually by a flashing tool or monitor on the computer");
    case KILN_RESET_CLASS_RTC_WATCHDOG:
      if (name != NULL && (strstr (name, "RTC_R") != NULL || strstr (name, "_RTC") != NULL))
        return _("Reset by the RTC watchdog, which restarts the chip when booting gets stuck");
      return _("Reset by the RTC watchdog: the boot or the firmware stopped responding");
    case KILN_RESET_CLASS_WATCHDOG:
      return _("Reset by a watchdog: the firmware stopped responding");
    case KILN_RESET_CLASS_SOFTWARE:
      return _("Software reset of the CPU, for example after a crash or a restart call");
    case KILN_RESET_CLASS_EXTERNAL:
      return _("Reset by an external signal");
    case KILN_RESET_CLASS_OTHER:
      if (name != NULL && strstr (name, "SDIO") != NULL)
        return _("Reset by the SDIO host");
      if (name != NULL && strstr (name, "EFUSE") != NULL)
        return _("Reset because of an eFuse error");
      return _("Reset by the intrusion detector");
    case KILN_RESET_CLASS_UNKNOWN:
    default:
      return _("Reset");
    }
}

/* ESP8266 ROM "rst cause" (protocol-facts §10.1). 2 also covers a wake-up
 * from deep sleep, because that wake-up drives the reset pin, and every
 * restart the SDK makes itself: a restart call, and the restart after an
 * exception or the software watchdog (public logs show "Exception (N)" or
 * "Soft WDT reset" followed by "rst cause:2"). Only the hardware watchdog
 * has a number of its own, 4. */
static const char *const esp8266_causes[] = {
  N_("The reset cause is not recorded"),
  N_("Power-on reset"),
  N_("Reset by the reset pin, a wake-up from deep sleep, or a restart by the firmware "
     "(a restart call, a crash or the software watchdog)"),
  N_("Software reset"),
  N_("Reset by the hardware watchdog"),
  N_("Wake-up from deep sleep by the timer"),
  N_("Power-on reset after deep sleep"),
};

static const KilnResetClass esp8266_classes[] = {
  KILN_RESET_CLASS_UNKNOWN, KILN_RESET_CLASS_POWER_ON, KILN_RESET_CLASS_EXTERNAL,
  KILN_RESET_CLASS_SOFTWARE, KILN_RESET_CLASS_WATCHDOG, KILN_RESET_CLASS_DEEP_SLEEP,
  KILN_RESET_CLASS_DEEP_SLEEP,
};

KilnResetClass
kiln_bootlog_esp8266_reset_class (guint cause)
{
  return cause < G_N_ELEMENTS (esp8266_classes) ? esp8266_classes[cause]
                                                : KILN_RESET_CLASS_UNKNOWN;
}

/* Returns: (nullable): the translated sentence for a known cause */
const char *
kiln_bootlog_esp8266_reset_text (guint cause)
{
  return cause < G_N_ELEMENTS (esp8266_causes) ? _(esp8266_causes[cause]) : NULL;
}

/* ---- boot modes -------------------------------------------------------- */

typedef struct
{
  const char  *prefix;
  KilnBootMode mode;
} BootModeName;

static const BootModeName esp32_mode_names[] = {
  { "SPI_FAST_FLASH_BOOT", KILN_BOOT_MODE_FLASH },
  { "SPI_FLASH_BOOT",      KILN_BOOT_MODE_FLASH },
  { "DOWNLOAD",            KILN_BOOT_MODE_DOWNLOAD },
  /* The ESP32 ROM prints UART_BOOT(UART0) for GPIO0 low with GPIO2 high
   * and runs its serial loader without saying so (under emulation); the
   * strap rules read it as a fault, as it does not say "download"
   * (kiln_bootlog_esp32_mode_says_download()). */
  { "UART_BOOT",           KILN_BOOT_MODE_DOWNLOAD },
  { "SPI_DOWNLOAD_BOOT",   KILN_BOOT_MODE_OTHER },
  { "HSPI_FLASH_BOOT",     KILN_BOOT_MODE_OTHER },
  { "SDIO",                KILN_BOOT_MODE_OTHER },
  { "ATE",                 KILN_BOOT_MODE_OTHER },
  { "JTAG",                KILN_BOOT_MODE_OTHER },
  { "USB_BOOT",            KILN_BOOT_MODE_DOWNLOAD },
};

KilnBootMode
kiln_bootlog_esp32_mode (const char *mode_name)
{
  /* SPI_DOWNLOAD_BOOT starts with SPI_ but is no flash boot: longest
   * meaningful prefix first, by checking it before SPI_FLASH_BOOT would. */
  if (mode_name == NULL || *mode_name == '\0')
    return KILN_BOOT_MODE_UNKNOWN;
  if (g_str_has_prefix (mode_name, "SPI_DOWNLOAD"))
    return KILN_BOOT_MODE_OTHER;
  for (guint i = 0; i < G_N_ELEMENTS (esp32_mode_names); i++)
    if (g_str_has_prefix (mode_name, esp32_mode_names[i].prefix))
      return esp32_mode_names[i].mode;
  /* A name no ROM prints ("SPI_FAST_FLASHGBGOT", "SP??I_FAST_FLASH_BOOT"):
   * garbled on the way, so the name says nothing; the caller reads the
   * strap value instead. */
  return KILN_BOOT_MODE_UNKNOWN;
}

/* A mode name whose end the copy lost with the line break, so that the
 * next line runs into it ("SPI_FAST_FLASHSPIWP" for "SPI_FAST_FLASH_BOOT)"
 * and "SPIWP:0xee"): the part of @run that a name of the mode table above
 * begins with, at least three characters of it.
 *
 * Returns: (nullable) (transfer full): the name as far as it was printed */
char *
kiln_bootlog_esp32_mode_name_cut (const char *run)
{
  gsize best = 0;

  for (guint i = 0; i < G_N_ELEMENTS (esp32_mode_names); i++)
    {
      const char *n = esp32_mode_names[i].prefix;
      gsize k = 0;

      while (n[k] != '\0' && run[k] == n[k])
        k++;
      best = MAX (best, k);
    }
  return best >= 3 ? g_strndup (run, best) : NULL;
}

/* Whether the ROM's own name for the mode calls it a download
 * (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2), DOWNLOAD(USB/UART0), or as
 * a hand-typed copy spells it): its reading of the pins, which stands over
 * a strap value that disagrees. */
gboolean
kiln_bootlog_esp32_mode_says_download (const char *mode_name)
{
  return mode_name != NULL && g_ascii_strncasecmp (mode_name, "DOWNLOAD", 8) == 0;
}

/* ---- CPU exceptions ---------------------------------------------------- */

/* Xtensa EXCCAUSE values, with a hint in plain words for the ones people
 * actually meet. */
static const KilnExcCause exc_causes[] = {
  { 0,  "IllegalInstruction",
    N_("the CPU met an invalid instruction, usually after jumping to a wrong address or "
       "running corrupt code") },
  { 1,  "Syscall",               NULL },
  { 2,  "InstructionFetchError", N_("the CPU could not fetch an instruction from memory") },
  { 3,  "LoadStoreError",
    N_("a memory access the hardware does not allow, such as a byte access to instruction "
       "RAM or flash") },
  { 4,  "Level1Interrupt",       NULL },
  { 5,  "Alloca",                NULL },
  { 6,  "IntegerDivideByZero",   N_("an integer division by zero") },
  { 8,  "Privileged",            NULL },
  { 9,  "LoadStoreAlignment",    N_("a memory access at an address that is not aligned") },
  { 12, "InstrPIFDataError",     NULL },
  { 13, "LoadStorePIFDataError", NULL },
  { 14, "InstrPIFAddrError",     NULL },
  { 15, "LoadStorePIFAddrError", NULL },
  { 16, "InstTLBMiss",           NULL },
  { 17, "InstTLBMultiHit",       NULL },
  { 18, "InstFetchPrivilege",    NULL },
  { 20, "InstFetchProhibited",
    N_("a jump to an address that holds no code, often through a bad function pointer") },
  { 24, "LoadStoreTLBMiss",      NULL },
  { 25, "LoadStoreTLBMultiHit",  NULL },
  { 26, "LoadStorePrivilege",    NULL },
  { 28, "LoadProhibited",        N_("a read through an invalid pointer, often NULL") },
  { 29, "StoreProhibited",       N_("a write through an invalid pointer, often NULL") },
};

const KilnExcCause *
kiln_bootlog_exc_cause (guint64 cause)
{
  for (guint i = 0; i < G_N_ELEMENTS (exc_causes); i++)
    if (exc_causes[i].cause == cause)
      return &exc_causes[i];
  return NULL;
}

/* ---- ESP8266 flash maps ------------------------------------------------ */

/* The maps come from the layout table (kiln-layout.h): the map number is
 * also the high nibble of header byte 3. */
const KilnFlashMap *
kiln_bootlog_flash_map (gint64 map)
{
  if (map < 0 || map > G_MAXUINT)
    return NULL;
  return kiln_flash_map_get ((guint) map);
}

/* "SPI Flash Size & Map: 32Mbit(512KB+512KB)": size and slot say the map. */
const KilnFlashMap *
kiln_bootlog_flash_map_by_layout (guint mbit,
                                  guint slot_kb)
{
  for (const KilnFlashMap *m = kiln_flash_maps (); m->name != NULL; m++)
    if (m->flash_size == mbit * 128u * 1024u && m->slot_size == slot_kb * 1024u)
      return m;
  return NULL;
}

/* "16Mbit-C1 / 2MB-c1, 1024KB+1024KB" */
char *
kiln_bootlog_flash_map_describe (gint64 map)
{
  const KilnFlashMap *m = kiln_bootlog_flash_map (map);
  g_autofree char *layout = NULL;

  if (m == NULL)
    return g_strdup (_("a map Kiln does not know"));
  if (m->slot_size != 0)
    layout = g_strdup_printf ("%uKB+%uKB", m->slot_size / 1024, m->slot_size / 1024);
  else
    layout = g_strdup (_("no OTA"));
  return g_strdup_printf ("%s / %s, %s", m->name, m->esptool_name, layout);
}

/* "16Mbit-C1 (2MB-c1)": the Download Tool's name, then Kiln's. */
char *
kiln_bootlog_flash_map_setting (gint64 map)
{
  const KilnFlashMap *m = kiln_bootlog_flash_map (map);

  if (m == NULL)
    return g_strdup_printf (_("the size of flash map %" PRId64), map);
  return g_strdup_printf ("%s (%s)", m->name, m->esptool_name);
}

/* The ESP32 family's image headers name their chip in 16 bits, and every
 * chip's ID is a small number (0 for the ESP32, 2 for the S2, 5 for the
 * C3, 9 for the S3, up to the twenties for the newest chips); erased flash
 * gives 65535.  A chip check that read a larger one read no image header
 * at all: the number says nothing of another chip. */
gboolean
kiln_bootlog_no_chip_id (const KilnBootEvent *event)
{
  return event != NULL && event->kind == KILN_BOOT_EVENT_CHIP_MISMATCH && event->values[1] == 1
         && event->values[0] > 0xff;
}
