/* kiln-bootlog.c: boot-log decoder.
 *
 * Bytes go in, are cut into lines (LF, CR or CR LF; very long or garbled
 * runs are cut too), cleaned (colour codes, control bytes, invalid UTF-8,
 * time stamps that terminal programs prepend) and matched against a table
 * of patterns.  Every pattern is searched anywhere in the line, because
 * copies of logs often lose their line ends ("…map 6system param…") or
 * carry junk in front.  Matches are then run through a table of rules that
 * turn known failures into a diagnosis.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog.h"
#include "kiln-chip.h"
#include "kiln-layout.h"

/* A line is cut after this many bytes even without a line end. */
#define MAX_LINE 512
/* Garbage received at the wrong baud has few line ends: from this length on
 * (and every GARBLE_STEP bytes after) a mostly garbled pending line is cut. */
#define GARBLE_CHECK 128
#define GARBLE_STEP 32
/* Bytes that are not text needed before a wrong-baud event: fewer could be
 * a glitch from the reset itself. */
#define WRONG_BAUD_MIN_BYTES 16
/* ESP32 boots in a row ended by the RTC watchdog that make a boot loop. */
#define BOOT_LOOP_RESETS 2

/* ------------------------------------------------------------------------ */
/* Events and diagnoses */

static void
event_clear (gpointer data)
{
  KilnBootEvent *event = data;

  g_free (event->line);
  g_free (event->text);
  g_free (event->explanation);
  g_free (event->name);
  g_free (event->detail);
}

KilnBootEvent *
kiln_boot_event_ref (KilnBootEvent *event)
{
  return g_atomic_rc_box_acquire (event);
}

void
kiln_boot_event_unref (KilnBootEvent *event)
{
  if (event != NULL)
    g_atomic_rc_box_release_full (event, event_clear);
}

G_DEFINE_BOXED_TYPE (KilnBootEvent, kiln_boot_event, kiln_boot_event_ref, kiln_boot_event_unref)

static void
diagnosis_clear (gpointer data)
{
  KilnBootDiagnosis *diagnosis = data;

  g_free (diagnosis->title);
  g_free (diagnosis->explanation);
  g_free (diagnosis->fix);
  g_free (diagnosis->evidence);
}

KilnBootDiagnosis *
kiln_boot_diagnosis_ref (KilnBootDiagnosis *diagnosis)
{
  return g_atomic_rc_box_acquire (diagnosis);
}

void
kiln_boot_diagnosis_unref (KilnBootDiagnosis *diagnosis)
{
  if (diagnosis != NULL)
    g_atomic_rc_box_release_full (diagnosis, diagnosis_clear);
}

G_DEFINE_BOXED_TYPE (KilnBootDiagnosis, kiln_boot_diagnosis,
                     kiln_boot_diagnosis_ref, kiln_boot_diagnosis_unref)

static const char *const event_kind_names[KILN_BOOT_EVENT_N_KINDS] = {
  [KILN_BOOT_EVENT_TEXT] = "text",
  [KILN_BOOT_EVENT_WRONG_BAUD] = "wrong-baud",
  [KILN_BOOT_EVENT_ROM_BANNER] = "rom-banner",
  [KILN_BOOT_EVENT_ROM_BUILD] = "rom-build",
  [KILN_BOOT_EVENT_RESET] = "reset",
  [KILN_BOOT_EVENT_SAVED_PC] = "saved-pc",
  [KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD] = "waiting-for-download",
  [KILN_BOOT_EVENT_WAITING_FOR_HOST] = "waiting-for-host",
  [KILN_BOOT_EVENT_LOAD] = "load",
  [KILN_BOOT_EVENT_TAIL] = "tail",
  [KILN_BOOT_EVENT_CHKSUM] = "chksum",
  [KILN_BOOT_EVENT_CSUM] = "csum",
  [KILN_BOOT_EVENT_CSUM_ERR] = "csum-err",
  [KILN_BOOT_EVENT_ROM_HALT] = "rom-halt",
  [KILN_BOOT_EVENT_CONFIGSIP] = "configsip",
  [KILN_BOOT_EVENT_CLK_DRV] = "clk-drv",
  [KILN_BOOT_EVENT_FLASH_MODE] = "flash-mode",
  [KILN_BOOT_EVENT_ENTRY] = "entry",
  [KILN_BOOT_EVENT_INVALID_HEADER] = "invalid-header",
  [KILN_BOOT_EVENT_FLASH_READ_ERR] = "flash-read-err",
  [KILN_BOOT_EVENT_CHECKSUM_FAILURE] = "checksum-failure",
  [KILN_BOOT_EVENT_SDK_BOOT_VERSION] = "sdk-boot-version",
  [KILN_BOOT_EVENT_SDK_SPI_SPEED] = "sdk-spi-speed",
  [KILN_BOOT_EVENT_SDK_SPI_MODE] = "sdk-spi-mode",
  [KILN_BOOT_EVENT_SDK_FLASH_MAP] = "sdk-flash-map",
  [KILN_BOOT_EVENT_SDK_JUMP] = "sdk-jump",
  [KILN_BOOT_EVENT_MAP_MISMATCH] = "map-mismatch",
  [KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR] = "system-param-error",
  [KILN_BOOT_EVENT_PARTITION_TABLE_FAIL] = "partition-table-fail",
  [KILN_BOOT_EVENT_RF_CAL_ERROR] = "rf-cal-error",
  [KILN_BOOT_EVENT_FATAL_EXCEPTION] = "fatal-exception",
  [KILN_BOOT_EVENT_WDT_RESET] = "wdt-reset",
  [KILN_BOOT_EVENT_BROWNOUT] = "brownout",
  [KILN_BOOT_EVENT_GURU_MEDITATION] = "guru-meditation",
  [KILN_BOOT_EVENT_IDF_LOG] = "idf-log",
};

static const char *const diagnosis_kind_names[KILN_BOOT_DIAG_N_KINDS] = {
  [KILN_BOOT_DIAG_WRONG_BAUD] = "wrong-baud",
  [KILN_BOOT_DIAG_FLASH_MAP_MISMATCH] = "flash-map-mismatch",
  [KILN_BOOT_DIAG_SYSTEM_PARAM] = "system-param",
  [KILN_BOOT_DIAG_INIT_DATA_MISSING] = "init-data-missing",
  [KILN_BOOT_DIAG_SDIO_BOOT] = "sdio-boot",
  [KILN_BOOT_DIAG_DOWNLOAD_MODE] = "download-mode",
  [KILN_BOOT_DIAG_BOOT_STRAPS] = "boot-straps",
  [KILN_BOOT_DIAG_NO_BOOTLOADER] = "no-bootloader",
  [KILN_BOOT_DIAG_EMPTY_FLASH] = "empty-flash",
  [KILN_BOOT_DIAG_INVALID_HEADER] = "invalid-header",
  [KILN_BOOT_DIAG_FLASH_READ_ERROR] = "flash-read-error",
  [KILN_BOOT_DIAG_CHECKSUM] = "checksum",
  [KILN_BOOT_DIAG_BROWNOUT] = "brownout",
  [KILN_BOOT_DIAG_BOOT_LOOP] = "boot-loop",
  [KILN_BOOT_DIAG_CRASH] = "crash",
  [KILN_BOOT_DIAG_WATCHDOG] = "watchdog",
};

/**
 * kiln_boot_event_kind_to_string:
 *
 * Returns: a stable identifier ("reset", "map-mismatch") for scripts and
 *   tests; not translated
 */
const char *
kiln_boot_event_kind_to_string (KilnBootEventKind kind)
{
  if ((guint) kind >= KILN_BOOT_EVENT_N_KINDS)
    return "unknown";
  return event_kind_names[kind];
}

/**
 * kiln_boot_diagnosis_kind_to_string:
 *
 * Returns: a stable identifier ("flash-map-mismatch"); not translated
 */
const char *
kiln_boot_diagnosis_kind_to_string (KilnBootDiagnosisKind kind)
{
  if ((guint) kind >= KILN_BOOT_DIAG_N_KINDS)
    return "unknown";
  return diagnosis_kind_names[kind];
}

/* ------------------------------------------------------------------------ */
/* Facts tables */

/* ESP8266 flash maps come from the layout table (kiln-layout.h): the map
 * number is also the high nibble of header byte 3. */
static const KilnFlashMap *
flash_map_get (gint64 map)
{
  if (map < 0 || map > G_MAXUINT)
    return NULL;
  return kiln_flash_map_get ((guint) map);
}

/* "SPI Flash Size & Map: 32Mbit(512KB+512KB)": size and slot say the map. */
static const KilnFlashMap *
flash_map_by_layout (guint mbit,
                     guint slot_kb)
{
  for (const KilnFlashMap *m = kiln_flash_maps (); m->name != NULL; m++)
    if (m->flash_size == mbit * 128u * 1024u && m->slot_size == slot_kb * 1024u)
      return m;
  return NULL;
}

/* "16Mbit-C1 / 2MB-c1, 1024KB+1024KB" */
static char *
flash_map_describe (gint64 map)
{
  const KilnFlashMap *m = flash_map_get (map);
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
static char *
flash_map_setting (gint64 map)
{
  const KilnFlashMap *m = flash_map_get (map);

  if (m == NULL)
    return g_strdup_printf (_("of flash map %" PRId64), map);
  return g_strdup_printf ("%s (%s)", m->name, m->esptool_name);
}

/* Xtensa EXCCAUSE values, with a hint in plain words for the ones people
 * actually meet. */
typedef struct
{
  guint       cause;
  const char *name;
  const char *hint;
} ExcCause;

static const ExcCause exc_causes[] = {
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

static const ExcCause *
exc_cause_get (guint64 cause)
{
  for (guint i = 0; i < G_N_ELEMENTS (exc_causes); i++)
    if (exc_causes[i].cause == cause)
      return &exc_causes[i];
  return NULL;
}

/* ESP8266 ROM "rst cause". 2 also covers a deep-sleep wake-up, because
 * that wake-up drives the reset pin. */
static const char *const esp8266_causes[] = {
  N_("The reset cause is not recorded"),
  N_("Power-on reset"),
  N_("Reset by the reset pin or a wake-up from deep sleep"),
  N_("Software reset"),
  N_("Reset by the hardware watchdog"),
  N_("Wake-up from deep sleep by the timer"),
  N_("Power-on reset after deep sleep"),
};

/* ESP32-family reset reasons, matched by what the name contains because
 * every chip spells them a little differently (POWERON_RESET, POWERON,
 * RTC_SW_CPU_RST …).  Order matters: the first hit wins. */
typedef struct
{
  const char *part;
  const char *text;
} ResetReason;

static const ResetReason esp32_reasons[] = {
  { "POWERON",    N_("Power-on reset") },
  { "BROWN",      N_("Reset by the brown-out detector: the supply voltage dropped") },
  { "RTCWDT_RTC",
    N_("Reset by the RTC watchdog, which restarts the chip when booting gets stuck") },
  { "DEEPSLEEP",  N_("Wake-up from deep sleep") },
  { "SW_CPU",     N_("Software reset of the CPU, for example after a crash or a restart call") },
  { "SW",         N_("Software reset") },
  { "WDT",        N_("Reset by a watchdog: the firmware stopped responding") },
  { "SDIO",       N_("Reset by the SDIO host") },
  { "USB",        N_("Reset over USB") },
  { "JTAG",       N_("Reset over JTAG") },
  { "EXT",        N_("Reset by the other CPU or an external signal") },
  { "INTRUSION",  N_("Reset by the intrusion detector") },
};

/* What the boot mode names printed by ESP32-family ROMs mean. */
typedef struct
{
  const char  *prefix;
  KilnBootMode mode;
} BootModeName;

static const BootModeName esp32_mode_names[] = {
  { "SPI_FAST_FLASH_BOOT", KILN_BOOT_MODE_FLASH },
  { "SPI_FLASH_BOOT",      KILN_BOOT_MODE_FLASH },
  { "DOWNLOAD",            KILN_BOOT_MODE_DOWNLOAD },
  /* The real ESP32 ROM prints UART_BOOT(UART0) for GPIO0 low with GPIO2
   * high and then runs its serial loader without saying so. */
  { "UART_BOOT",           KILN_BOOT_MODE_DOWNLOAD },
  { "HSPI_FLASH_BOOT",     KILN_BOOT_MODE_OTHER },
  { "SDIO",                KILN_BOOT_MODE_OTHER },
  { "ATE",                 KILN_BOOT_MODE_OTHER },
  { "JTAG",                KILN_BOOT_MODE_OTHER },
};

/* Bits of the "boot:" strap value; a set bit means the pin was high. */
typedef struct
{
  guint32     bit;
  const char *pin;
} StrapBit;

static const StrapBit esp32_strap_bits[] = {
  { 0x10, "GPIO0" }, { 0x08, "GPIO2" }, { 0x20, "GPIO12 (MTDI)" },
  { 0x02, "GPIO15 (MTDO)" }, { 0x04, "GPIO4" }, { 0x01, "GPIO5" }, { 0 },
};
static const StrapBit s2s3_strap_bits[] = { { 0x08, "GPIO0" }, { 0x04, "GPIO46" }, { 0 } };
static const StrapBit riscv_strap_bits[] = { { 0x08, "GPIO9" }, { 0x04, "GPIO8" }, { 0 } };

typedef struct
{
  const char     *chip;       /* as in "ESP-ROM:esp32c3-…" */
  const StrapBit *bits;       /* first entry: the boot pin */
  guint32         bootloader_offset;
} ChipStraps;

static const ChipStraps chip_straps[] = {
  { "esp32",   esp32_strap_bits, 0x1000 },
  { "esp32s2", s2s3_strap_bits,  0x1000 },
  { "esp32s3", s2s3_strap_bits,  0x0 },
  { "esp32c2", riscv_strap_bits, 0x0 },
  { "esp32c3", riscv_strap_bits, 0x0 },
  { "esp32c6", riscv_strap_bits, 0x0 },
  { "esp32h2", riscv_strap_bits, 0x0 },
};

static const ChipStraps *
chip_straps_get (const char *chip)
{
  for (guint i = 0; chip != NULL && i < G_N_ELEMENTS (chip_straps); i++)
    if (g_str_equal (chip_straps[i].chip, chip))
      return &chip_straps[i];
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* The decoder */

struct _KilnBootlogDecoder
{
  KilnBootEventFunc     event_func;
  KilnBootDiagnosisFunc diagnosis_func;
  gpointer              user_data;

  GRegex     **regexes;          /* shared: one per row of patterns[] */
  GRegex      *timestamp_re;

  /* Line assembly */
  GByteArray  *pending;
  gboolean     after_cr;

  /* Settings */
  guint        baud;
  gboolean     expect_app;
  gint         user_map;

  /* Wrong-baud tally: garbled bytes since the last readable line */
  guint        garbled_bytes;
  gboolean     wrong_baud_reported;
  char        *garbled_sample;

  /* Over the whole run (until kiln_bootlog_decoder_reset()) */
  gboolean     diagnosed[KILN_BOOT_DIAG_N_KINDS];
  KilnBootFamily family;
  char        *chip;
  guint        rtc_wdt_boots;

  /* The current boot, from the banner or reset line on */
  gboolean     boot_started;
  gboolean     saw_reset;
  KilnBootMode mode;
  gint         esp8266_mode;
  gboolean     have_strap;
  guint32      strap;
  char        *reset_line;
  guint        n_loads;
  gboolean     saw_csum_err;
  gboolean     saw_mismatch;
  gboolean     have_chksum;
  guint64      last_chksum;
  gint         header_map;
};

/* ---- pattern handlers ---- */

typedef void (*FillFunc) (KilnBootlogDecoder  *self,
                          KilnBootEvent       *event,
                          char               **groups);

typedef struct
{
  KilnBootEventKind   kind;
  const char         *regex;
  GRegexCompileFlags  flags;
  FillFunc            fill;
} Pattern;

static guint64
parse_hex (const char *s)
{
  if (s == NULL || *s == '\0')
    return 0;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    s += 2;
  return g_ascii_strtoull (s, NULL, 16);
}

/* Decimal, or hexadecimal with 0x (newer ROMs print lengths in hex). */
static guint64
parse_num (const char *s)
{
  if (s == NULL || *s == '\0')
    return 0;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    return g_ascii_strtoull (s + 2, NULL, 16);
  return g_ascii_strtoull (s, NULL, 10);
}

static const char *
group (char **groups,
       guint  i)
{
  for (guint k = 0; k <= i; k++)
    if (groups[k] == NULL)
      return "";
  return groups[i];
}

static void end_boot   (KilnBootlogDecoder *self);

static void
begin_boot (KilnBootlogDecoder *self)
{
  if (self->boot_started)
    end_boot (self);
  self->boot_started = TRUE;
  self->saw_reset = FALSE;
  self->mode = KILN_BOOT_MODE_UNKNOWN;
  self->esp8266_mode = -1;
  self->have_strap = FALSE;
  self->strap = 0;
  g_clear_pointer (&self->reset_line, g_free);
  self->n_loads = 0;
  self->saw_csum_err = FALSE;
  self->saw_mismatch = FALSE;
  self->have_chksum = FALSE;
  self->last_chksum = 0;
  self->header_map = -1;
}

static void
set_family (KilnBootlogDecoder *self,
            KilnBootFamily      family,
            const char         *chip)
{
  self->family = family;
  if (chip != NULL)
    {
      g_free (self->chip);
      self->chip = g_ascii_strdown (chip, -1);
    }
}

static const char *
chip_display_name (const char *chip)
{
  const KilnChipInfo *info = kiln_chip_by_name (chip);

  return info != NULL ? info->display_name : chip;
}

static void
fill_banner_esp32 (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  begin_boot (self);
  set_family (self, KILN_BOOT_FAMILY_ESP32, "esp32");
  event->name = g_strdup (group (groups, 1));
  event->detail = g_strdup (group (groups, 2));
  event->explanation = g_strdup_printf (_("The ESP32 boot ROM (dated %s) starts after a reset."),
                                        event->name);
}

static void
fill_banner_esp8266 (KilnBootlogDecoder  *self,
                     KilnBootEvent       *event,
                     char               **groups)
{
  begin_boot (self);
  set_family (self, KILN_BOOT_FAMILY_ESP8266, "esp8266");
  event->name = g_strdup ("Jan 8 2013");
  event->explanation = g_strdup (_("The ESP8266 boot ROM starts after a reset."));
}

static void
fill_banner_esp_rom (KilnBootlogDecoder  *self,
                     KilnBootEvent       *event,
                     char               **groups)
{
  begin_boot (self);
  set_family (self, KILN_BOOT_FAMILY_ESP32, group (groups, 1));
  event->name = g_strdup (self->chip);
  event->detail = g_strdup (group (groups, 2));
  event->explanation = g_strdup_printf (_("The %s boot ROM starts after a reset."),
                                        chip_display_name (self->chip));
}

static void
fill_rom_build (KilnBootlogDecoder  *self,
                KilnBootEvent       *event,
                char               **groups)
{
  event->name = g_strdup (group (groups, 1));
  event->explanation = g_strdup_printf (_("The boot ROM was built on %s."), event->name);
}

static const char *
level_text (gboolean high)
{
  return high ? C_("pin level", "high") : C_("pin level", "low");
}

static void
fill_reset_esp8266 (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  guint64 cause = parse_num (group (groups, 1));
  guint64 m = parse_num (group (groups, 2));
  guint64 n = parse_num (group (groups, 3));
  g_autofree char *cause_text = NULL;
  const char *mode_text;

  if (!self->boot_started || self->saw_reset)
    begin_boot (self);
  set_family (self, KILN_BOOT_FAMILY_ESP8266, "esp8266");
  self->saw_reset = TRUE;
  self->esp8266_mode = (gint) MIN (m, 7);

  /* The first number is (GPIO15 << 2) | (GPIO0 << 1) | GPIO2 as sampled at
   * reset; the second only matters to the ROM. */
  switch (m)
    {
    case 1:
      event->mode = KILN_BOOT_MODE_DOWNLOAD;
      mode_text = _("the ROM's serial download mode, waiting for a flasher");
      break;
    case 3:
      event->mode = KILN_BOOT_MODE_FLASH;
      mode_text = _("a normal boot from flash");
      break;
    case 0:
    case 2:
      event->mode = KILN_BOOT_MODE_OTHER;
      mode_text = _("no usable boot mode");
      break;
    default:
      event->mode = KILN_BOOT_MODE_SDIO;
      mode_text = _("SDIO boot, waiting for an SDIO host");
      break;
    }
  self->mode = event->mode;
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->values[0] = cause;
  event->values[1] = m;
  event->values[2] = n;
  if (cause < G_N_ELEMENTS (esp8266_causes))
    cause_text = g_strdup (_(esp8266_causes[cause]));
  else
    cause_text = g_strdup_printf (_("Reset cause %u"), (guint) cause);
  event->name = g_strdup (cause_text);
  event->severity = (event->mode == KILN_BOOT_MODE_FLASH
                     || event->mode == KILN_BOOT_MODE_DOWNLOAD) ? KILN_BOOT_SEVERITY_INFO
                                                                : KILN_BOOT_SEVERITY_WARNING;
  if (cause == 4)
    event->severity = KILN_BOOT_SEVERITY_WARNING;
  event->explanation =
    g_strdup_printf (_("%s; boot mode %u (GPIO15 %s, GPIO0 %s, GPIO2 %s) means %s."),
                     cause_text, (guint) m,
                     level_text (m & 4), level_text (m & 2), level_text (m & 1), mode_text);
}

/* "GPIO0 high, GPIO2 low, …" for the chip's strap bits. */
static char *
describe_straps (const char *chip,
                 guint32     strap)
{
  const ChipStraps *straps = chip_straps_get (chip);
  g_autoptr(GString) s = g_string_new (NULL);

  if (straps == NULL)
    return NULL;
  for (const StrapBit *b = straps->bits; b->bit != 0; b++)
    {
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "%s %s", b->pin, level_text (strap & b->bit));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
fill_reset_esp32 (KilnBootlogDecoder  *self,
                  KilnBootEvent       *event,
                  char               **groups)
{
  const char *reason = group (groups, 2);
  const char *boot_hex = group (groups, 3);
  const char *mode_name = group (groups, 4);
  const char *reason_text = NULL;
  const char *mode_text;
  g_autofree char *pins = NULL;

  if (!self->boot_started || self->saw_reset)
    begin_boot (self);
  self->saw_reset = TRUE;
  /* A reset line without a banner still says "ESP32 family"; keep the chip
   * a banner named. */
  if (self->family != KILN_BOOT_FAMILY_ESP32)
    {
      self->family = KILN_BOOT_FAMILY_ESP32;
      g_clear_pointer (&self->chip, g_free);
    }
  /* Only the original ESP32 spells its reasons "…_RESET" (newer ROMs say
   * "POWERON", "RTC_SW_CPU_RST"), so a log without banner still tells. */
  if (self->chip == NULL && g_str_has_suffix (reason, "_RESET"))
    self->chip = g_strdup ("esp32");
  event->values[0] = parse_hex (group (groups, 1));
  event->name = g_strdup (reason);
  event->detail = g_strdup (mode_name);

  for (guint i = 0; i < G_N_ELEMENTS (esp32_reasons); i++)
    if (strstr (reason, esp32_reasons[i].part) != NULL)
      {
        reason_text = _(esp32_reasons[i].text);
        break;
      }

  event->mode = KILN_BOOT_MODE_UNKNOWN;
  if (*boot_hex != '\0')
    {
      self->have_strap = TRUE;
      self->strap = (guint32) parse_hex (boot_hex);
      event->values[1] = self->strap;
      event->values[2] = 1;
      for (guint i = 0; i < G_N_ELEMENTS (esp32_mode_names); i++)
        if (g_str_has_prefix (mode_name, esp32_mode_names[i].prefix))
          {
            event->mode = esp32_mode_names[i].mode;
            break;
          }
    }
  self->mode = event->mode;

  switch (event->mode)
    {
    case KILN_BOOT_MODE_FLASH:
      mode_text = _("a normal boot from SPI flash");
      break;
    case KILN_BOOT_MODE_DOWNLOAD:
      mode_text = _("the ROM's serial download mode, waiting for a flasher");
      break;
    case KILN_BOOT_MODE_OTHER:
    case KILN_BOOT_MODE_SDIO:
      mode_text = _("an unusual boot mode instead of the normal boot from flash");
      break;
    case KILN_BOOT_MODE_UNKNOWN:
    default:
      mode_text = NULL;
      break;
    }

  event->severity = KILN_BOOT_SEVERITY_INFO;
  if (event->mode == KILN_BOOT_MODE_OTHER || strstr (reason, "BROWN") != NULL
      || strstr (reason, "WDT") != NULL)
    event->severity = KILN_BOOT_SEVERITY_WARNING;

  pins = self->have_strap ? describe_straps (self->chip, self->strap) : NULL;
  if (reason_text == NULL)
    reason_text = _("Reset");
  if (mode_text == NULL)
    event->explanation = g_strdup_printf (_("%s (%s)."), reason_text, reason);
  else if (pins != NULL)
    event->explanation = g_strdup_printf (_("%s; the strapping pins (%s) selected %s."),
                                          reason_text, pins, mode_text);
  else
    event->explanation = g_strdup_printf (_("%s; the strapping pins selected %s."),
                                          reason_text, mode_text);
}

static void
fill_saved_pc (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  event->values[0] = parse_hex (group (groups, 1));
  event->explanation = g_strdup_printf (_("The program counter before the reset was 0x%08x, "
                                          "which locates where the firmware was."),
                                        (guint) event->values[0]);
}

static void
fill_waiting_for_download (KilnBootlogDecoder  *self,
                           KilnBootEvent       *event,
                           char               **groups)
{
  event->explanation = g_strdup (_("The ROM's serial loader waits for a flasher to connect."));
}

static void
fill_waiting_for_host (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("The ESP8266 is in SDIO boot mode and waits for an SDIO host, "
                                   "so the firmware will not run."));
}

static void
fill_load (KilnBootlogDecoder  *self,
           KilnBootEvent       *event,
           char               **groups)
{
  /* "load 0x…, len …" is the ESP8266 ROM, "load:0x…,len:…" the ESP32's. */
  gboolean esp8266 = strchr (group (groups, 1), ':') == NULL;

  event->family = esp8266 ? KILN_BOOT_FAMILY_ESP8266 : KILN_BOOT_FAMILY_ESP32;
  event->values[0] = parse_hex (group (groups, 2));
  event->values[1] = parse_num (group (groups, 3));
  event->values[2] = parse_num (group (groups, 4));
  self->n_loads++;
  if (esp8266 && event->values[0] == 0x4010f000)
    event->explanation = g_strdup_printf (_("The ROM loads a segment of %u bytes to 0x%08x "
                                            "(the Arduino core's eboot loader)."),
                                          (guint) event->values[1], (guint) event->values[0]);
  else
    event->explanation = g_strdup_printf (_("The ROM loads a segment of %u bytes to 0x%08x."),
                                          (guint) event->values[1], (guint) event->values[0]);
}

static void
fill_tail (KilnBootlogDecoder  *self,
           KilnBootEvent       *event,
           char               **groups)
{
  event->values[0] = parse_num (group (groups, 2));
  event->values[1] = parse_num (group (groups, 1));
  event->values[2] = parse_num (group (groups, 3));
  event->explanation = g_strdup (_("Bookkeeping of the ROM's loader while it copies a segment."));
}

static void
fill_chksum (KilnBootlogDecoder  *self,
             KilnBootEvent       *event,
             char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->values[0] = parse_hex (group (groups, 1));
  self->have_chksum = TRUE;
  self->last_chksum = event->values[0];
  if (*group (groups, 2) != '\0')
    {
      event->values[1] = parse_hex (group (groups, 2));
      event->values[2] = 1;
      if (event->values[0] != event->values[1])
        {
          event->severity = KILN_BOOT_SEVERITY_ERROR;
          event->explanation =
            g_strdup_printf (_("The image checksum computed while loading (0x%02x) differs "
                               "from the one stored in the image (0x%02x)."),
                             (guint) event->values[0], (guint) event->values[1]);
          return;
        }
      event->explanation = g_strdup (_("The image checksum matches: the ROM read the image "
                                       "correctly."));
      return;
    }
  event->explanation = g_strdup_printf (_("Running checksum of the loaded image: 0x%02x."),
                                        (guint) event->values[0]);
}

static void
fill_csum (KilnBootlogDecoder  *self,
           KilnBootEvent       *event,
           char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->values[0] = parse_hex (group (groups, 1));
  event->values[1] = self->last_chksum;
  if (self->have_chksum && self->last_chksum != event->values[0])
    {
      event->values[2] = 1;
      event->severity = KILN_BOOT_SEVERITY_ERROR;
      event->explanation =
        g_strdup_printf (_("The checksum stored in the image (0x%02x) differs from the one "
                           "computed while loading (0x%02x)."),
                         (guint) event->values[0], (guint) self->last_chksum);
      return;
    }
  event->explanation = g_strdup (_("The image checksum matches: the ROM read the image "
                                   "correctly."));
}

static void
fill_csum_err (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  self->saw_csum_err = TRUE;
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("The image checksum is wrong, so the ROM stops here."));
}

static void
fill_rom_halt (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  event->values[0] = parse_num (group (groups, 1));
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("The boot ROM gives up here (this names the place in its "
                                   "code) and halts, or waits for the watchdog to reset it."));
}

static void
fill_configsip (KilnBootlogDecoder  *self,
                KilnBootEvent       *event,
                char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = parse_num (group (groups, 1));
  event->values[1] = parse_hex (group (groups, 2));
  event->explanation = g_strdup (_("The ROM configures the SPI flash pins before loading the "
                                   "bootloader."));
}

static void
fill_clk_drv (KilnBootlogDecoder  *self,
              KilnBootEvent       *event,
              char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->explanation = g_strdup (_("Drive strengths of the SPI flash pins."));
}

static void
fill_flash_mode (KilnBootlogDecoder  *self,
                 KilnBootEvent       *event,
                 char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->name = g_ascii_strup (group (groups, 1), -1);
  event->values[0] = parse_num (group (groups, 2));
  event->explanation =
    g_strdup_printf (_("The bootloader's header asks for flash mode %s with clock divider %u."),
                     event->name, (guint) event->values[0]);
}

static void
fill_entry (KilnBootlogDecoder  *self,
            KilnBootEvent       *event,
            char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = parse_hex (group (groups, 1));
  event->explanation = g_strdup_printf (_("The ROM starts the second-stage bootloader at 0x%08x."),
                                        (guint) event->values[0]);
}

static guint32
bootloader_offset (KilnBootlogDecoder *self)
{
  const ChipStraps *straps = chip_straps_get (self->chip);

  return straps != NULL ? straps->bootloader_offset : 0x1000;
}

static void
fill_invalid_header (KilnBootlogDecoder  *self,
                     KilnBootEvent       *event,
                     char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = parse_hex (group (groups, 1));
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  if (event->values[0] == 0xffffffff)
    event->explanation = g_strdup (_("The flash reads as erased (all 0xFF) where the "
                                     "bootloader should start, so there is nothing to boot."));
  else if (event->values[0] == 0)
    event->explanation = g_strdup (_("The flash reads as zeros where the bootloader should "
                                     "start, so there is nothing to boot."));
  else
    event->explanation = g_strdup_printf (_("The data where the bootloader should start "
                                            "(0x%08x) is not a bootloader image."),
                                          (guint) event->values[0]);
}

static void
fill_flash_read_err (KilnBootlogDecoder  *self,
                     KilnBootEvent       *event,
                     char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  /* The ROM prints the offset in hex without 0x ("1000"). */
  event->values[0] = parse_hex (group (groups, 1));
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup_printf (_("The ROM could not read the flash at 0x%x."),
                                        (guint) event->values[0]);
}

static void
fill_checksum_failure (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = parse_hex (group (groups, 1));
  event->values[1] = parse_hex (group (groups, 2));
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation =
    g_strdup_printf (_("The bootloader image's checksum is wrong: computed 0x%02x, stored 0x%02x."),
                     (guint) event->values[0], (guint) event->values[1]);
}

static void
fill_sdk_boot_version (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->name = g_strdup (group (groups, 1));
  event->detail = g_strdup (group (groups, 2));
  event->explanation = g_strdup_printf (_("The SDK's second-stage bootloader boot.bin, version "
                                          "%s, is running."),
                                        event->name);
}

static void
fill_sdk_spi_speed (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->name = g_strdup (group (groups, 1));
  event->values[0] = parse_num (group (groups, 1));
  event->explanation = g_strdup_printf (_("The header at 0x0 sets the flash clock to %s."),
                                        event->name);
}

static void
fill_sdk_spi_mode (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->name = g_ascii_strup (group (groups, 1), -1);
  event->explanation = g_strdup_printf (_("The header at 0x0 sets flash mode %s."), event->name);
}

static void
fill_sdk_flash_map (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  guint mbit = (guint) parse_num (group (groups, 1));
  guint slot = (guint) parse_num (group (groups, 2));
  const KilnFlashMap *map = flash_map_by_layout (mbit, slot);

  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->values[0] = mbit;
  event->values[1] = slot;
  event->values[2] = map != NULL ? map->map : G_MAXUINT64;
  if (map != NULL)
    {
      g_autofree char *what = flash_map_describe (map->map);
      self->header_map = (gint) map->map;
      event->name = g_strdup (map->esptool_name);
      event->explanation = g_strdup_printf (_("The header at 0x0 says flash map %u: %s."),
                                            map->map, what);
    }
  else
    event->explanation = g_strdup_printf (_("The header at 0x0 says %u Mbit of flash."), mbit);
}

static void
fill_sdk_jump (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->values[0] = parse_num (group (groups, 1));
  event->values[1] = parse_hex (group (groups, 2));
  event->explanation = g_strdup_printf (_("boot.bin starts the firmware in slot user%u at flash "
                                          "offset 0x%x."),
                                        (guint) event->values[0], (guint) event->values[1]);
}

static void
fill_map_mismatch (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  g_autofree char *built = NULL;
  g_autofree char *header = NULL;

  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->values[0] = parse_num (group (groups, 1));
  event->values[1] = parse_num (group (groups, 2));
  self->saw_mismatch = TRUE;
  self->header_map = (gint) MIN (event->values[1], 15);
  built = flash_map_describe ((gint64) event->values[0]);
  header = flash_map_describe ((gint64) event->values[1]);
  event->explanation = g_strdup_printf (_("The firmware was built for flash map %u (%s), but the "
                                          "header at 0x0 says map %u (%s)."),
                                        (guint) event->values[0], built,
                                        (guint) event->values[1], header);
}

static void
fill_system_param_error (KilnBootlogDecoder  *self,
                         KilnBootEvent       *event,
                         char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("The SDK could not find room for its system parameter "
                                   "partition in the flash layout."));
}

static void
fill_partition_table_fail (KilnBootlogDecoder  *self,
                           KilnBootEvent       *event,
                           char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("The SDK rejected the firmware's partition table and stops."));
}

static void
fill_rf_cal (KilnBootlogDecoder  *self,
             KilnBootEvent       *event,
             char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->values[0] = parse_hex (group (groups, 1));
  event->values[1] = parse_hex (group (groups, 2));
  event->explanation = g_strdup_printf (_("The RF init data should start with 0x%02X but reads "
                                          "0x%02X: esp_init_data_default.bin is missing."),
                                        (guint) event->values[0], (guint) event->values[1]);
}

static void
fill_fatal_exception (KilnBootlogDecoder  *self,
                      KilnBootEvent       *event,
                      char               **groups)
{
  const ExcCause *cause;

  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->values[0] = parse_num (group (groups, 1));
  cause = exc_cause_get (event->values[0]);
  if (*group (groups, 2) != '\0')
    event->name = g_strdup (group (groups, 2));
  else if (cause != NULL)
    event->name = g_strdup (cause->name);
  if (cause != NULL && cause->hint != NULL)
    event->explanation = g_strdup_printf (_("The firmware crashed with CPU exception %u (%s): %s."),
                                          (guint) event->values[0], cause->name, _(cause->hint));
  else
    event->explanation = g_strdup_printf (_("The firmware crashed with CPU exception %u (%s)."),
                                          (guint) event->values[0],
                                          event->name != NULL ? event->name : "?");
}

static void
fill_wdt_reset (KilnBootlogDecoder  *self,
                KilnBootEvent       *event,
                char               **groups)
{
  event->severity = KILN_BOOT_SEVERITY_WARNING;
  event->explanation = g_strdup (_("The previous run ended because the watchdog reset the chip."));
}

static void
fill_brownout (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("The supply voltage dropped too low and the chip resets."));
}

static void
fill_guru (KilnBootlogDecoder  *self,
           KilnBootEvent       *event,
           char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->values[0] = parse_num (group (groups, 1));
  event->name = g_strdup (group (groups, 2));
  event->explanation = g_strdup_printf (_("The firmware crashed on CPU core %u (%s)."),
                                        (guint) event->values[0], event->name);
}

/* A few ESP-IDF messages worth saying more about; the rest get a generic
 * sentence. */
typedef struct
{
  const char *tag;
  const char *prefix;
  const char *text;   /* may use the message once as %s */
} IdfNote;

static void
fill_idf_log (KilnBootlogDecoder  *self,
              KilnBootEvent       *event,
              char               **groups)
{
  const char *level = group (groups, 1);
  const char *stamp = group (groups, 2);
  const char *message = group (groups, 4);

  event->family = KILN_BOOT_FAMILY_ESP32;
  event->name = g_strdup (group (groups, 3));
  event->detail = g_strdup (message);
  event->values[0] = strchr (stamp, ':') == NULL ? parse_num (stamp) : 0;
  event->severity = level[0] == 'E' ? KILN_BOOT_SEVERITY_ERROR
                  : level[0] == 'W' ? KILN_BOOT_SEVERITY_WARNING
                                    : KILN_BOOT_SEVERITY_INFO;

  if (g_str_equal (event->name, "boot") && strstr (message, "2nd stage bootloader") != NULL)
    event->explanation = g_strdup (_("The ESP-IDF second-stage bootloader is running."));
  else if (g_str_equal (event->name, "boot") && g_str_has_prefix (message, "Loaded app from"))
    event->explanation = g_strdup (_("The bootloader found the application and starts it."));
  else if (g_str_has_suffix (message, "Calling app_main()"))
    event->explanation = g_strdup (_("The application's app_main() starts."));
  else if (level[0] == 'E')
    event->explanation = g_strdup_printf (_("Error reported by the ESP-IDF component “%s”."),
                                          event->name);
  else if (level[0] == 'W')
    event->explanation = g_strdup_printf (_("Warning from the ESP-IDF component “%s”."),
                                          event->name);
  /* Ordinary information lines speak for themselves. */
}

/* The patterns.  All are searched anywhere in the cleaned line (unless
 * anchored); where two matches overlap the one starting first wins, and at
 * the same start the earlier row.  Hex digits are matched caselessly. */
#define X "[0-9a-fA-F]"
#define CI G_REGEX_CASELESS
static const Pattern patterns[] = {
  /* ESP8266 first line, with or without the banner in front. */
  { KILN_BOOT_EVENT_RESET,
    "(?:ets\\s+Jan\\s+8\\s+2013\\s*,\\s*)?rst cause\\s*:?\\s*(\\d+)\\s*,\\s*boot mode\\s*:\\s*"
    "\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)", CI, fill_reset_esp8266 },
  /* ESP8266 banner on its own (copies sometimes break the first line). */
  { KILN_BOOT_EVENT_ROM_BANNER, "ets\\s+Jan\\s+8(?:\\s+2013)?\\s*,?\\s*$", CI,
    fill_banner_esp8266 },
  { KILN_BOOT_EVENT_ROM_BANNER,
    "ets\\s+([A-Z][a-z]{2}\\s+\\d{1,2}\\s+\\d{4})\\s+(\\d{1,2}:\\d{2}:\\d{2})", 0,
    fill_banner_esp32 },
  { KILN_BOOT_EVENT_ROM_BANNER, "ESP-ROM\\s*:\\s*(esp32[a-z0-9]*)(?:-(\\S+))?", CI,
    fill_banner_esp_rom },
  { KILN_BOOT_EVENT_ROM_BUILD, "^Build\\s*:\\s*([A-Z][a-z]{2}\\s+\\d{1,2}\\s+\\d{4})", 0,
    fill_rom_build },
  /* The boot mode name may hold one level of parentheses: UART_BOOT(UART0). */
  { KILN_BOOT_EVENT_RESET,
    "rst\\s*:\\s*0x(" X "+)\\s*\\(([A-Za-z0-9_]*)\\)"
    "(?:\\s*,\\s*boot\\s*:\\s*0x(" X "+)\\s*(?:\\(((?:[^()]|\\([^()]*\\))*)\\))?)?", 0,
    fill_reset_esp32 },
  { KILN_BOOT_EVENT_SAVED_PC, "Saved PC\\s*:\\s*0x(" X "+)", CI, fill_saved_pc },
  { KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD, "waiting for download", CI, fill_waiting_for_download },
  { KILN_BOOT_EVENT_WAITING_FOR_HOST, "waiting for host", CI, fill_waiting_for_host },
  { KILN_BOOT_EVENT_LOAD, "load(\\s|\\s*:)\\s*0x(" X "+)\\s*,\\s*len\\s*:?\\s*(0x" X "+|\\d+)"
    "(?:\\s*,\\s*room\\s*(\\d+))?", CI, fill_load },
  { KILN_BOOT_EVENT_TAIL,
    "(?:^|\\s)(?:ho\\s+(\\d+)\\s+)?tail\\s+(\\d+)(?:\\s+room\\s+(\\d+))?\\s*$", CI, fill_tail },
  { KILN_BOOT_EVENT_CHKSUM, "chksum\\s+0x(" X "+)(?:\\s+csum\\s+0x(" X "+))?", CI, fill_chksum },
  { KILN_BOOT_EVENT_CSUM, "csum\\s+0x(" X "+)", CI, fill_csum },
  { KILN_BOOT_EVENT_CSUM_ERR, "csum\\s+err", CI, fill_csum_err },
  { KILN_BOOT_EVENT_ROM_HALT, "ets_main\\.c(?:\\s+(\\d+))?", CI, fill_rom_halt },
  { KILN_BOOT_EVENT_CONFIGSIP, "configsip\\s*:\\s*(\\d+)\\s*,\\s*SPIWP\\s*:\\s*0x(" X "+)", CI,
    fill_configsip },
  { KILN_BOOT_EVENT_CONFIGSIP, "^()SPIWP\\s*:\\s*0x(" X "+)", CI, fill_configsip },
  { KILN_BOOT_EVENT_CLK_DRV, "clk_drv\\s*:\\s*0x" X "+\\s*,\\s*q_drv\\S*", CI, fill_clk_drv },
  { KILN_BOOT_EVENT_FLASH_MODE, "mode\\s*:\\s*(QIO|QOUT|DIO|DOUT|FASTRD|SLOWRD)\\s*,\\s*"
    "clock div\\s*:\\s*(\\d+)", CI, fill_flash_mode },
  { KILN_BOOT_EVENT_ENTRY, "entry\\s+0x(" X "+)", CI, fill_entry },
  /* Copies of logs in forum posts carry the typo "invalrd header". */
  { KILN_BOOT_EVENT_INVALID_HEADER, "inval[a-z]d header\\s*:?\\s*0x(" X "+)", CI,
    fill_invalid_header },
  { KILN_BOOT_EVENT_FLASH_READ_ERR, "flash read err\\s*,\\s*(?:0x)?(" X "+)", CI,
    fill_flash_read_err },
  { KILN_BOOT_EVENT_CHECKSUM_FAILURE, "Checksum failure\\.?\\s*Calculated\\s+0x(" X "+)\\s*,?\\s*"
    "stored\\s+0x(" X "+)", CI, fill_checksum_failure },
  { KILN_BOOT_EVENT_SDK_BOOT_VERSION,
    "2nd boot version\\s*:\\s*([0-9.]+)(?:\\s*\\(\\s*(\\w+)\\s*\\))?", CI, fill_sdk_boot_version },
  { KILN_BOOT_EVENT_SDK_SPI_SPEED, "SPI Speed\\s*:\\s*(\\d+\\s*MHz)", CI, fill_sdk_spi_speed },
  { KILN_BOOT_EVENT_SDK_SPI_MODE, "SPI Mode\\s*:\\s*(QIO|QOUT|DIO|DOUT)", CI, fill_sdk_spi_mode },
  { KILN_BOOT_EVENT_SDK_FLASH_MAP, "SPI Flash Size\\s*&\\s*Map\\s*:\\s*(\\d+)\\s*Mbit"
    "(?:\\s*\\(\\s*(\\d+)\\s*KB\\s*\\+\\s*\\d+\\s*KB\\s*\\))?", CI, fill_sdk_flash_map },
  { KILN_BOOT_EVENT_SDK_JUMP, "jump to run user\\s*(\\d)\\s*@\\s*(?:0x)?(" X "+)", CI,
    fill_sdk_jump },
  { KILN_BOOT_EVENT_MAP_MISMATCH, "mismatch map\\s*(\\d+)\\s*,\\s*spi_size_map\\s*(\\d+)", CI,
    fill_map_mismatch },
  { KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, "system param partition error", CI,
    fill_system_param_error },
  { KILN_BOOT_EVENT_PARTITION_TABLE_FAIL, "system_partition_table_regist fail", CI,
    fill_partition_table_fail },
  { KILN_BOOT_EVENT_RF_CAL_ERROR, "rf_cal\\[0\\]\\s*!=\\s*0x(" X "+)\\s*,\\s*is\\s*0x(" X "+)", CI,
    fill_rf_cal },
  { KILN_BOOT_EVENT_FATAL_EXCEPTION,
    "(?:Fatal exception|^Exception)\\s*\\(?\\s*(\\d+)\\s*\\)?(?:\\s*\\((\\w+?)(?:Cause)?\\))?", CI,
    fill_fatal_exception },
  { KILN_BOOT_EVENT_WDT_RESET, "^wdt reset", CI, fill_wdt_reset },
  { KILN_BOOT_EVENT_BROWNOUT, "Brownout detector was triggered", CI, fill_brownout },
  { KILN_BOOT_EVENT_GURU_MEDITATION, "Guru Meditation Error\\s*:\\s*Core\\s+(\\d+)\\s+panic'ed\\s*"
    "\\(([^)]*)\\)", CI, fill_guru },
  /* ESP-IDF: "I (395) boot: message"; the stamp may be wall-clock time. */
  { KILN_BOOT_EVENT_IDF_LOG, "^([EWIDV]) \\((\\d+|[0-9:.]+)\\) ([^:]+?): ?(.*)$", 0,
    fill_idf_log },
};
#undef X
#undef CI

/* ---- diagnosis rules ---- */

typedef gboolean (*RuleFunc) (KilnBootlogDecoder  *self,
                              const KilnBootEvent *event);

typedef struct
{
  KilnBootEventKind     event;
  KilnBootDiagnosisKind diagnosis;
  RuleFunc              applies;   /* NULL: always */
} Rule;

static gboolean
rule_no_mismatch (KilnBootlogDecoder  *self,
                  const KilnBootEvent *event)
{
  /* After "mismatch map" the partition errors are its consequence. */
  return !self->saw_mismatch;
}

static gboolean
rule_mode_sdio (KilnBootlogDecoder  *self,
                const KilnBootEvent *event)
{
  return event->mode == KILN_BOOT_MODE_SDIO;
}

static gboolean
rule_mode_download (KilnBootlogDecoder  *self,
                    const KilnBootEvent *event)
{
  return event->mode == KILN_BOOT_MODE_DOWNLOAD;
}

static gboolean
rule_mode_other (KilnBootlogDecoder  *self,
                 const KilnBootEvent *event)
{
  return event->mode == KILN_BOOT_MODE_OTHER;
}

static gboolean
rule_header_erased (KilnBootlogDecoder  *self,
                    const KilnBootEvent *event)
{
  return event->values[0] == 0xffffffff;
}

static gboolean
rule_header_other (KilnBootlogDecoder  *self,
                   const KilnBootEvent *event)
{
  return event->values[0] != 0xffffffff;
}

static gboolean
rule_bad_checksum (KilnBootlogDecoder  *self,
                   const KilnBootEvent *event)
{
  return event->severity == KILN_BOOT_SEVERITY_ERROR;
}

static gboolean
rule_reset_brownout (KilnBootlogDecoder  *self,
                     const KilnBootEvent *event)
{
  return event->family == KILN_BOOT_FAMILY_ESP32 && event->name != NULL
         && strstr (event->name, "BROWN") != NULL;
}

static gboolean
rule_boot_loop (KilnBootlogDecoder  *self,
                const KilnBootEvent *event)
{
  return self->rtc_wdt_boots >= BOOT_LOOP_RESETS;
}

static gboolean
rule_reset_watchdog (KilnBootlogDecoder  *self,
                     const KilnBootEvent *event)
{
  if (event->family == KILN_BOOT_FAMILY_ESP8266)
    return event->values[0] == 4;
  /* The RTC watchdog also ends every failed ROM boot: that is a boot loop,
   * not a firmware hang; brown-out resets come from the RTC watchdog too. */
  return event->name != NULL && strstr (event->name, "WDT") != NULL
         && strstr (event->name, "RTCWDT_RTC") == NULL && strstr (event->name, "BROWN") == NULL;
}

static const Rule rules[] = {
  { KILN_BOOT_EVENT_WRONG_BAUD,           KILN_BOOT_DIAG_WRONG_BAUD,         NULL },
  { KILN_BOOT_EVENT_MAP_MISMATCH,         KILN_BOOT_DIAG_FLASH_MAP_MISMATCH, NULL },
  { KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR,   KILN_BOOT_DIAG_SYSTEM_PARAM,       rule_no_mismatch },
  { KILN_BOOT_EVENT_PARTITION_TABLE_FAIL, KILN_BOOT_DIAG_SYSTEM_PARAM,       rule_no_mismatch },
  { KILN_BOOT_EVENT_RF_CAL_ERROR,         KILN_BOOT_DIAG_INIT_DATA_MISSING,  NULL },
  { KILN_BOOT_EVENT_WAITING_FOR_HOST,     KILN_BOOT_DIAG_SDIO_BOOT,          NULL },
  { KILN_BOOT_EVENT_RESET,                KILN_BOOT_DIAG_SDIO_BOOT,          rule_mode_sdio },
  { KILN_BOOT_EVENT_RESET,                KILN_BOOT_DIAG_DOWNLOAD_MODE,      rule_mode_download },
  { KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD, KILN_BOOT_DIAG_DOWNLOAD_MODE,      NULL },
  { KILN_BOOT_EVENT_RESET,                KILN_BOOT_DIAG_BOOT_STRAPS,        rule_mode_other },
  { KILN_BOOT_EVENT_INVALID_HEADER,       KILN_BOOT_DIAG_EMPTY_FLASH,        rule_header_erased },
  { KILN_BOOT_EVENT_INVALID_HEADER,       KILN_BOOT_DIAG_INVALID_HEADER,     rule_header_other },
  { KILN_BOOT_EVENT_FLASH_READ_ERR,       KILN_BOOT_DIAG_FLASH_READ_ERROR,   NULL },
  { KILN_BOOT_EVENT_CSUM_ERR,             KILN_BOOT_DIAG_CHECKSUM,           NULL },
  { KILN_BOOT_EVENT_CSUM,                 KILN_BOOT_DIAG_CHECKSUM,           rule_bad_checksum },
  { KILN_BOOT_EVENT_CHKSUM,               KILN_BOOT_DIAG_CHECKSUM,           rule_bad_checksum },
  { KILN_BOOT_EVENT_CHECKSUM_FAILURE,     KILN_BOOT_DIAG_CHECKSUM,           NULL },
  { KILN_BOOT_EVENT_BROWNOUT,             KILN_BOOT_DIAG_BROWNOUT,           NULL },
  { KILN_BOOT_EVENT_RESET,                KILN_BOOT_DIAG_BROWNOUT,           rule_reset_brownout },
  { KILN_BOOT_EVENT_RESET,                KILN_BOOT_DIAG_BOOT_LOOP,          rule_boot_loop },
  { KILN_BOOT_EVENT_FATAL_EXCEPTION,      KILN_BOOT_DIAG_CRASH,              NULL },
  { KILN_BOOT_EVENT_GURU_MEDITATION,      KILN_BOOT_DIAG_CRASH,              NULL },
  { KILN_BOOT_EVENT_WDT_RESET,            KILN_BOOT_DIAG_WATCHDOG,           NULL },
  { KILN_BOOT_EVENT_RESET,                KILN_BOOT_DIAG_WATCHDOG,           rule_reset_watchdog },
};

/* ---- diagnosis texts ---- */

static const char *
boot_pin (KilnBootlogDecoder *self)
{
  const ChipStraps *straps = chip_straps_get (self->chip);

  if (self->family == KILN_BOOT_FAMILY_ESP8266 || straps == NULL)
    return "GPIO0";
  return straps->bits[0].pin;
}

static gint
known_map (KilnBootlogDecoder *self)
{
  /* What the header at 0x0 says beats what the user set: the SDK looks
   * for its data where the header tells it to. */
  return self->header_map >= 0 ? self->header_map : self->user_map;
}

static void
texts_init_data (KilnBootlogDecoder *self,
                 const KilnBootEvent *event,
                 KilnBootDiagnosis  *d)
{
  const KilnFlashMap *map = flash_map_get (known_map (self));

  d->explanation = g_strdup_printf (_("The ESP8266 SDK found no RF (PHY) init data: the sector "
                                      "where esp_init_data_default.bin belongs is erased (its "
                                      "first byte reads 0x%02X instead of 0x%02X)."),
                                    (guint) event->values[1], (guint) event->values[0]);
  if (map != NULL)
    {
      /* The SDK looks at the end of the flash size the header announces. */
      g_autofree char *what = flash_map_setting (map->map);
      d->fix = g_strdup_printf (_("Write esp_init_data_default.bin at 0x%X and blank.bin at 0x%X "
                                  "(flash size %s), or erase the whole flash and write the "
                                  "firmware again."),
                                map->init_data_address, map->blank_address, what);
    }
  else
    d->fix = g_strdup (_("Write esp_init_data_default.bin at the end of the flash minus 0x4000 "
                         "and blank.bin at the end minus 0x2000 (0xFC000 and 0xFE000 on 1 MB, "
                         "0x1FC000 and 0x1FE000 on 2 MB, 0x3FC000 and 0x3FE000 on 4 MB), or "
                         "erase the whole flash and write the firmware again."));
}

static void
texts_empty_flash (KilnBootlogDecoder  *self,
                   const KilnBootEvent *event,
                   KilnBootDiagnosis   *d)
{
  /* On the ESP32 a high GPIO12 at reset switches the flash supply to
   * 1.8 V; a 3.3 V flash then reads as all ones. */
  if (self->have_strap && g_strcmp0 (self->chip, "esp32") == 0 && (self->strap & 0x20) != 0)
    {
      d->explanation = g_strdup (_("The ROM read only 0xFF where the bootloader should be, and "
                                   "GPIO12 (MTDI) was high at reset: that selects a 1.8 V "
                                   "flash supply, so a 3.3 V flash cannot be read."));
      d->fix = g_strdup (_("Keep GPIO12 low at reset (check what is connected to it). On "
                           "modules with 3.3 V flash you can also burn the flash voltage eFuse "
                           "so that the pin is ignored."));
      return;
    }
  d->explanation = g_strdup_printf (_("The ROM read only 0xFF at the bootloader offset 0x%X: the "
                                      "flash is erased there, so there is no bootloader."),
                                    bootloader_offset (self));
  d->fix = g_strdup_printf (_("Write the bootloader at 0x%X (for ESP-IDF also the partition "
                              "table and the application). If you did, check that the write "
                              "succeeded and that the strapping pins are at their boot levels."),
                            bootloader_offset (self));
}

static void
texts_invalid_header (KilnBootlogDecoder  *self,
                      const KilnBootEvent *event,
                      KilnBootDiagnosis   *d)
{
  if (event->values[0] == 0)
    {
      d->explanation = g_strdup_printf (_("The ROM read zeros at the bootloader offset 0x%X: "
                                          "the flash is zeroed there or does not answer."),
                                        bootloader_offset (self));
      d->fix = g_strdup_printf (_("Write the bootloader at 0x%X again and verify it. If the "
                                  "flash still reads as zeros, check its wiring and power."),
                                bootloader_offset (self));
      return;
    }
  d->explanation = g_strdup_printf (_("The data at the bootloader offset 0x%X (first word "
                                      "0x%08X) is not a bootloader: a wrong file was written "
                                      "there, or flash encryption is on while the image is "
                                      "plain (or the other way round)."),
                                    bootloader_offset (self), (guint) event->values[0]);
  d->fix = g_strdup_printf (_("Write the bootloader built for this chip at 0x%X. If flash "
                              "encryption is enabled, write encrypted images."),
                            bootloader_offset (self));
}

static KilnBootDiagnosis *
diagnosis_new (KilnBootlogDecoder    *self,
               KilnBootDiagnosisKind  kind,
               const KilnBootEvent   *event)
{
  KilnBootDiagnosis *d = g_atomic_rc_box_new0 (KilnBootDiagnosis);

  d->kind = kind;
  d->severity = KILN_BOOT_SEVERITY_ERROR;
  d->evidence = g_strdup (event != NULL ? event->line : self->reset_line);

  switch (kind)
    {
    case KILN_BOOT_DIAG_WRONG_BAUD:
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      d->title = g_strdup (_("Output at another baud rate"));
      if (event->values[0] != 0 && self->baud != 0)
        d->explanation = g_strdup_printf (_("Part of the output is unreadable at %u baud: it was "
                                            "sent at another rate, most likely %u baud."),
                                          self->baud, (guint) event->values[0]);
      else
        d->explanation = g_strdup (_("Part of the output is unreadable: it was sent at another "
                                     "baud rate."));
      if (event->values[0] == 74880)
        d->fix = g_strdup (_("Listen at 74880 baud to read the ESP8266 boot ROM's messages (its "
                             "rate with a 26 MHz crystal); applications usually talk at "
                             "115200."));
      else if (event->values[0] == 115200)
        d->fix = g_strdup (_("Listen at 115200 baud: the rate of ESP32-family boot ROMs, of "
                             "ESP8266 boards with a 40 MHz crystal, and of most "
                             "applications."));
      else
        d->fix = g_strdup (_("Try 74880 baud (the ESP8266 boot ROM with a 26 MHz crystal) and "
                             "115200 baud (ESP32-family ROMs and most applications)."));
      break;

    case KILN_BOOT_DIAG_FLASH_MAP_MISMATCH:
      {
        g_autofree char *built = flash_map_describe ((gint64) event->values[0]);
        g_autofree char *header = flash_map_describe ((gint64) event->values[1]);
        g_autofree char *setting = flash_map_setting ((gint64) event->values[0]);

        d->title = g_strdup (_("Flash size setting does not match the firmware"));
        d->explanation =
          g_strdup_printf (_("The firmware was built for flash map %u (%s), but the header "
                             "of boot.bin at 0x0 says flash map %u (%s), so the SDK cannot "
                             "place its system partitions."),
                           (guint) event->values[0], built, (guint) event->values[1], header);
        d->fix =
          g_strdup_printf (_("Write boot.bin at 0x0 again with flash size %s, or use the "
                             "firmware built for map %u. The setting names the layout the "
                             "firmware expects, not the chip's real size."),
                           setting, (guint) event->values[1]);
      }
      break;

    case KILN_BOOT_DIAG_SYSTEM_PARAM:
      d->title = g_strdup (_("No room for the SDK's system parameters"));
      d->explanation = g_strdup (_("The ESP8266 SDK could not register its partition table: the "
                                   "flash size in the header at 0x0 does not fit the layout the "
                                   "firmware was built for, or the system parameter sectors at "
                                   "the end of the flash are damaged."));
      d->fix = g_strdup (_("Flash again with the flash size the firmware was built for (see its "
                           "README) and write esp_init_data_default.bin and blank.bin at the "
                           "addresses for that size, or erase the whole flash first."));
      break;

    case KILN_BOOT_DIAG_INIT_DATA_MISSING:
      d->title = g_strdup (_("RF init data missing"));
      texts_init_data (self, event, d);
      break;

    case KILN_BOOT_DIAG_SDIO_BOOT:
      d->title = g_strdup (_("GPIO15 is high at reset"));
      d->explanation = g_strdup (_("The ESP8266 sampled GPIO15 (MTDO) high at reset and started "
                                   "in SDIO boot mode, waiting for an SDIO host instead of "
                                   "running the firmware."));
      d->fix = g_strdup (_("Pull GPIO15 to GND (a 10 kΩ resistor is usual) and check that "
                           "nothing connected to it drives it high at power-up."));
      break;

    case KILN_BOOT_DIAG_DOWNLOAD_MODE:
      d->severity = self->expect_app ? KILN_BOOT_SEVERITY_ERROR : KILN_BOOT_SEVERITY_INFO;
      d->title = g_strdup (_("The chip is in download mode"));
      d->explanation = g_strdup_printf (_("%s was low at reset, so the boot ROM started its "
                                          "serial download mode and waits for a flasher "
                                          "instead of running the firmware."),
                                        boot_pin (self));
      d->fix = g_strdup_printf (_("That is right for flashing. To run the firmware, release %s "
                                  "(leave it floating or pull it high; with auto-reset, DTR "
                                  "must not be asserted) and reset the board."),
                                boot_pin (self));
      break;

    case KILN_BOOT_DIAG_BOOT_STRAPS:
      d->title = g_strdup (_("Unusual boot strapping"));
      if (event->family == KILN_BOOT_FAMILY_ESP8266)
        {
          d->explanation = g_strdup_printf (_("GPIO2 was low at reset (boot mode %u), which is "
                                              "not a usable boot mode."),
                                            (guint) event->values[1]);
          d->fix = g_strdup (_("GPIO2 must be high or floating at reset; for a normal boot "
                               "keep GPIO0 high and GPIO15 low too."));
        }
      else
        {
          d->explanation = g_strdup_printf (_("The strapping pins selected boot mode %s "
                                              "(0x%02X) instead of the normal boot from SPI "
                                              "flash."),
                                            event->detail != NULL ? event->detail : "?",
                                            (guint) event->values[1]);
          d->fix = g_strdup_printf (_("Check what drives the strapping pins at reset: %s must "
                                      "be high for a normal boot, and on the ESP32 GPIO2 must "
                                      "be low or floating whenever GPIO0 is low."),
                                    boot_pin (self));
        }
      break;

    case KILN_BOOT_DIAG_NO_BOOTLOADER:
      d->title = g_strdup (_("Nothing to boot at 0x0"));
      d->explanation = g_strdup (_("The ESP8266 started in flash boot mode but loaded nothing: "
                                   "there is no valid image at flash offset 0x0."));
      d->fix = g_strdup (_("Write the bootloader (boot_v1.x.bin for SDK firmware) or the "
                           "firmware's first file at 0x0. If it is there, try flash mode DIO or "
                           "DOUT and check the wiring."));
      break;

    case KILN_BOOT_DIAG_EMPTY_FLASH:
      d->title = g_strdup (_("No bootloader in flash"));
      texts_empty_flash (self, event, d);
      break;

    case KILN_BOOT_DIAG_INVALID_HEADER:
      d->title = g_strdup (_("Invalid bootloader header"));
      texts_invalid_header (self, event, d);
      break;

    case KILN_BOOT_DIAG_FLASH_READ_ERROR:
      d->title = g_strdup (_("The flash cannot be read"));
      d->explanation = g_strdup_printf (_("The boot ROM could not read the bootloader from flash "
                                          "at 0x%X."),
                                        (guint) event->values[0]);
      d->fix = g_strdup (_("Check the strapping pins (HSPI_FLASH_BOOT means GPIO0 low with "
                           "GPIO2 high; GPIO12 high selects a 1.8 V flash supply) and the flash "
                           "wiring: on modules that bring out the flash pins, nothing else may "
                           "be connected to them."));
      break;

    case KILN_BOOT_DIAG_CHECKSUM:
      d->title = g_strdup (_("Corrupt image in flash"));
      d->explanation = g_strdup (_("The checksum the ROM computed does not match the one stored "
                                   "in the image: the data in flash is corrupt or was read "
                                   "wrongly."));
      d->fix = g_strdup (_("Write the firmware again with verification. If it keeps failing, "
                           "choose flash mode DIO or DOUT and check the power supply and "
                           "wiring."));
      break;

    case KILN_BOOT_DIAG_BROWNOUT:
      d->title = g_strdup (_("Supply voltage too low"));
      d->explanation = g_strdup (_("The supply voltage dropped below the brown-out threshold, "
                                   "typically when the radio starts and draws current peaks."));
      d->fix = g_strdup (_("Use a 3.3 V supply that gives at least 500 mA, short wires and a "
                           "capacitor of 10 µF or more close to the module; an unpowered USB "
                           "hub or a long cable is often the cause."));
      break;

    case KILN_BOOT_DIAG_BOOT_LOOP:
      d->title = g_strdup (_("Boot loop"));
      d->explanation = g_strdup (_("The RTC watchdog resets the chip again and again: the boot "
                                   "ROM keeps failing to start the bootloader."));
      d->fix = g_strdup (_("The lines before each reset say why; usually the bootloader is "
                           "missing or unreadable. Write it again at the right offset and check "
                           "the strapping pins."));
      break;

    case KILN_BOOT_DIAG_CRASH:
      d->title = g_strdup (_("The firmware crashed"));
      d->explanation = g_strdup (event->explanation);
      d->fix = g_strdup (_("Flash a known-good build with the right flash size and init data. "
                           "If the crash persists it is a bug in the firmware; its developers "
                           "can decode the addresses with the ELF file."));
      break;

    case KILN_BOOT_DIAG_WATCHDOG:
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      d->title = g_strdup (_("Watchdog reset"));
      d->explanation = g_strdup (_("A watchdog reset the chip because the firmware stopped "
                                   "responding."));
      d->fix = g_strdup (_("If it happens right after flashing, check the flash size, flash "
                           "mode and power supply; otherwise the firmware blocks too long "
                           "without yielding."));
      break;

    case KILN_BOOT_DIAG_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  return d;
}

static void
diagnose (KilnBootlogDecoder    *self,
          KilnBootDiagnosisKind  kind,
          const KilnBootEvent   *event)
{
  g_autoptr(KilnBootDiagnosis) d = NULL;

  /* One of each kind per run: a boot loop repeats the same failure. */
  if (self->diagnosed[kind])
    return;
  self->diagnosed[kind] = TRUE;
  d = diagnosis_new (self, kind, event);
  if (self->diagnosis_func != NULL)
    self->diagnosis_func (d, self->user_data);
}

/* Checks that need the whole boot: run when the next boot starts, and on
 * flush. */
static void
end_boot (KilnBootlogDecoder *self)
{
  if (!self->boot_started)
    return;
  if (self->family == KILN_BOOT_FAMILY_ESP8266 && self->mode == KILN_BOOT_MODE_FLASH
      && self->n_loads == 0 && !self->saw_csum_err)
    diagnose (self, KILN_BOOT_DIAG_NO_BOOTLOADER, NULL);
  self->boot_started = FALSE;
}

static void
emit (KilnBootlogDecoder *self,
      KilnBootEvent      *event)
{
  if (event->family == KILN_BOOT_FAMILY_UNKNOWN)
    event->family = self->family;

  if (event->kind == KILN_BOOT_EVENT_RESET)
    {
      g_free (self->reset_line);
      self->reset_line = g_strdup (event->line);
      if (event->family == KILN_BOOT_FAMILY_ESP32)
        {
          if (event->name != NULL && strstr (event->name, "RTCWDT_RTC") != NULL)
            self->rtc_wdt_boots++;
          else
            self->rtc_wdt_boots = 0;
        }
    }

  if (self->event_func != NULL)
    self->event_func (event, self->user_data);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i].event == event->kind
        && (rules[i].applies == NULL || rules[i].applies (self, event)))
      diagnose (self, rules[i].diagnosis, event);
}

/* ---- line assembly and cleaning ---- */

/* Bytes that cannot be part of readable text: control bytes (tab and the
 * escape of colour codes aside) and bytes that are not valid UTF-8. */
static guint
count_bad_bytes (const guint8 *p,
                 gsize         len)
{
  guint bad = 0;
  gsize i = 0;

  while (i < len)
    {
      guint8 c = p[i];
      gunichar u;

      if (c < 0x80)
        {
          if ((c < 0x20 && c != '\t' && c != 0x1b) || c == 0x7f)
            bad++;
          i++;
          continue;
        }
      u = g_utf8_get_char_validated ((const char *) p + i, (gssize) (len - i));
      if (u == (gunichar) -1 || u == (gunichar) -2 || u < 0xa0)
        {
          bad++;
          i++;
          continue;
        }
      i += g_utf8_skip[c];
    }
  return bad;
}

/* Valid UTF-8 without colour codes or control bytes; runs of bytes that
 * are not UTF-8 become one U+FFFD. */
static char *
clean_line (const guint8 *p,
            gsize         len)
{
  GString *s = g_string_sized_new (len + 1);
  gboolean last_bad = FALSE;
  gsize i = 0;

  while (i < len)
    {
      guint8 c = p[i];
      gunichar u;

      if (c == 0x1b && i + 1 < len && p[i + 1] == '[')
        {
          gsize j = i + 2;
          while (j < len && p[j] >= 0x20 && p[j] <= 0x3f)
            j++;
          if (j < len && p[j] >= 0x40 && p[j] <= 0x7e)
            {
              i = j + 1;
              continue;
            }
        }
      if (c < 0x80)
        {
          if (c == '\t')
            g_string_append_c (s, ' ');
          else if (c >= 0x20 && c != 0x7f)
            g_string_append_c (s, (char) c);
          last_bad = FALSE;
          i++;
          continue;
        }
      u = g_utf8_get_char_validated ((const char *) p + i, (gssize) (len - i));
      if (u == (gunichar) -1 || u == (gunichar) -2 || u < 0xa0)
        {
          if (!last_bad)
            g_string_append_unichar (s, 0xfffd);
          last_bad = TRUE;
          i++;
          continue;
        }
      g_string_append_len (s, (const char *) p + i, g_utf8_skip[c]);
      last_bad = FALSE;
      i += g_utf8_skip[c];
    }
  g_strstrip (s->str);
  s->len = strlen (s->str);
  return g_string_free (s, FALSE);
}

/* Skips junk in front of a line: replacement characters, spaces and any
 * other non-ASCII bytes left over from the reset. */
static const char *
skip_junk (const char *s)
{
  while (*s != '\0')
    {
      gunichar u = g_utf8_get_char (s);
      if (u < 0x80 && !g_ascii_isspace ((char) u))
        break;
      s = g_utf8_next_char (s);
    }
  return s;
}

/* The part of the line the patterns see: without junk and without the time
 * stamp a terminal program put in front ("[12:01:02.123] ",
 * "12:01:02.123 -> ", "【2020-12-11 15:51:42 049】"). */
static const char *
skip_timestamp (KilnBootlogDecoder *self,
                const char         *s)
{
  g_autoptr(GMatchInfo) info = NULL;
  gint end;

  if (!g_regex_match (self->timestamp_re, s, 0, &info))
    return s;
  g_match_info_fetch_pos (info, 0, NULL, &end);
  return s + end;
}

static char *
match_text (KilnBootlogDecoder *self,
            const char         *clean)
{
  /* The stamp may itself start with non-ASCII ("【"), or follow junk. */
  const char *s = skip_junk (skip_timestamp (self, clean));

  return g_strdup (skip_junk (skip_timestamp (self, s)));
}

typedef struct
{
  gint   start;
  gint   end;
  guint  pattern;
  char **groups;
} Candidate;

static void
candidate_clear (gpointer data)
{
  Candidate *c = data;

  g_strfreev (c->groups);
}

static gint
candidate_compare (gconstpointer a,
                   gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->start != cb->start)
    return ca->start < cb->start ? -1 : 1;
  if (ca->pattern != cb->pattern)
    return ca->pattern < cb->pattern ? -1 : 1;
  return 0;
}

static KilnBootEvent *
event_new (KilnBootEventKind  kind,
           const char        *line,
           const char        *text)
{
  KilnBootEvent *event = g_atomic_rc_box_new0 (KilnBootEvent);

  event->kind = kind;
  event->line = g_strdup (line);
  event->text = g_strstrip (g_strdup (text));
  return event;
}

static void
report_garbage (KilnBootlogDecoder *self,
                const char         *sample,
                guint               n_bytes)
{
  g_autoptr(KilnBootEvent) event = NULL;
  guint other;

  self->garbled_bytes += n_bytes;
  if (self->garbled_sample == NULL)
    self->garbled_sample = g_strdup (sample);
  if (self->wrong_baud_reported || self->garbled_bytes < WRONG_BAUD_MIN_BYTES)
    return;
  self->wrong_baud_reported = TRUE;

  /* The two rates an Espressif board uses while booting. */
  other = self->baud == 115200 ? 74880 : self->baud == 74880 ? 115200 : 0;
  event = event_new (KILN_BOOT_EVENT_WRONG_BAUD, self->garbled_sample,
                     self->garbled_sample);
  event->severity = KILN_BOOT_SEVERITY_WARNING;
  event->values[0] = other;
  event->values[1] = self->garbled_bytes;
  if (other == 74880)
    event->explanation = g_strdup (_("These bytes are text sent at another baud rate, probably "
                                     "the ESP8266 boot ROM at 74880 baud; listen at 74880 to "
                                     "read them."));
  else if (other == 115200)
    event->explanation = g_strdup (_("These bytes are text sent at another baud rate, probably "
                                     "115200 baud (the application, or an ESP32-family ROM); "
                                     "listen at 115200 to read them."));
  else
    event->explanation = g_strdup (_("These bytes are text sent at another baud rate; try "
                                     "74880 (ESP8266 boot ROM) or 115200 baud."));
  emit (self, event);
}

static void
readable_line_seen (KilnBootlogDecoder *self)
{
  self->garbled_bytes = 0;
  self->wrong_baud_reported = FALSE;
  g_clear_pointer (&self->garbled_sample, g_free);
}

static void
process_line (KilnBootlogDecoder *self,
              const guint8       *bytes,
              gsize               len)
{
  g_autofree char *clean = clean_line (bytes, len);
  g_autofree char *text = NULL;
  g_autoptr(GArray) found = NULL;
  guint bad = count_bad_bytes (bytes, len);
  gint covered = 0;

  text = match_text (self, clean);
  found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (found, candidate_clear);

  if (*text != '\0')
    for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
      {
        g_autoptr(GMatchInfo) info = NULL;

        g_regex_match (self->regexes[i], text, 0, &info);
        while (g_match_info_matches (info))
          {
            Candidate c = { 0 };
            g_match_info_fetch_pos (info, 0, &c.start, &c.end);
            c.pattern = i;
            c.groups = g_match_info_fetch_all (info);
            g_array_append_val (found, c);
            if (!g_match_info_next (info, NULL))
              break;
          }
      }

  if (found->len == 0)
    {
      gboolean garbled = FALSE;

      /* Text received at the wrong baud rate is full of bytes that are no
       * text (real text has none), with few line ends.  A line with some
       * is counted; it is not shown when a third of it is garbage or when
       * it belongs to a run of garbage already reported. */
      if (bad == 0)
        {
          if (strlen (clean) >= 4)
            readable_line_seen (self);
          else
            garbled = self->wrong_baud_reported;
        }
      else
        {
          report_garbage (self, clean, bad);
          garbled = bad * 3 >= len || self->wrong_baud_reported;
        }
      if (!garbled && *clean != '\0')
        {
          g_autoptr(KilnBootEvent) event = event_new (KILN_BOOT_EVENT_TEXT, clean, clean);
          emit (self, event);
        }
      return;
    }

  readable_line_seen (self);
  g_array_sort (found, candidate_compare);
  for (guint i = 0; i < found->len; i++)
    {
      Candidate *c = &g_array_index (found, Candidate, i);
      g_autoptr(KilnBootEvent) event = NULL;

      if (c->start < covered)
        continue;
      covered = MAX (c->end, c->start + 1);
      g_autofree char *part = g_strndup (text + c->start, (gsize) (c->end - c->start));

      event = event_new (patterns[c->pattern].kind, clean, part);
      patterns[c->pattern].fill (self, event, c->groups);
      emit (self, event);
    }
}

static void
end_line (KilnBootlogDecoder *self)
{
  g_autoptr(GByteArray) line = NULL;

  if (self->pending->len == 0)
    return;
  line = self->pending;
  self->pending = g_byte_array_new ();
  process_line (self, line->data, line->len);
}

/* The patterns compiled once per process and never changed afterwards
 * (GRegex is immutable and may be shared between threads): compiling and
 * optimising them costs more than decoding a whole boot log.  The last
 * entry is the time-stamp pattern. */
static GRegex **
compiled_patterns (void)
{
  static GRegex **compiled;

  if (g_once_init_enter (&compiled))
    {
      GRegex **regexes = g_new0 (GRegex *, G_N_ELEMENTS (patterns) + 1);

      for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
        {
          g_autoptr(GError) error = NULL;

          regexes[i] = g_regex_new (patterns[i].regex, patterns[i].flags | G_REGEX_OPTIMIZE,
                                    0, &error);
          if (regexes[i] == NULL)
            g_error ("boot-log pattern %u: %s", i, error->message);
        }
      regexes[G_N_ELEMENTS (patterns)] =
        g_regex_new ("^(?:\\[[0-9:.,\\- /T]+\\]|【[^】]*】"
                     "|\\(?\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\)?\\s*->"
                     "|\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\s*(?:->|:|\\|)?)"
                     "\\s*",
                     G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (regexes[G_N_ELEMENTS (patterns)] != NULL);
      g_once_init_leave (&compiled, regexes);
    }
  return compiled;
}

/**
 * kiln_bootlog_decoder_new:
 * @event_func: (nullable): called for every event, in log order
 * @diagnosis_func: (nullable): called for every diagnosis, right after the
 *   event that gave it away
 * @user_data: passed to both
 *
 * Returns: (transfer full): a decoder; use it from one thread at a time
 */
KilnBootlogDecoder *
kiln_bootlog_decoder_new (KilnBootEventFunc     event_func,
                          KilnBootDiagnosisFunc diagnosis_func,
                          gpointer              user_data)
{
  KilnBootlogDecoder *self = g_new0 (KilnBootlogDecoder, 1);

  self->event_func = event_func;
  self->diagnosis_func = diagnosis_func;
  self->user_data = user_data;
  self->regexes = compiled_patterns ();
  self->timestamp_re = self->regexes[G_N_ELEMENTS (patterns)];
  self->pending = g_byte_array_new ();
  self->user_map = -1;
  kiln_bootlog_decoder_reset (self);
  return self;
}

void
kiln_bootlog_decoder_free (KilnBootlogDecoder *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->pending);
  g_free (self->garbled_sample);
  g_free (self->chip);
  g_free (self->reset_line);
  g_free (self);
}

/**
 * kiln_bootlog_decoder_feed:
 * @data: bytes as they came from the port, cut anywhere
 *
 * Events are reported once their line is complete; the result does not
 * depend on how the bytes were cut into calls.
 */
void
kiln_bootlog_decoder_feed (KilnBootlogDecoder *self,
                           const guint8       *data,
                           gsize               len)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (c == '\n' || c == '\r')
        {
          gboolean crlf = c == '\n' && self->after_cr;

          self->after_cr = c == '\r';
          if (!crlf)
            end_line (self);
          continue;
        }
      self->after_cr = FALSE;
      g_byte_array_append (self->pending, &c, 1);

      /* Text at the wrong baud rarely contains a line end, so cut long
       * garbled runs by themselves.  The checks happen at fixed lengths
       * so that the cut does not depend on how the input was chunked. */
      if (self->pending->len >= MAX_LINE)
        end_line (self);
      else if (self->pending->len >= GARBLE_CHECK
               && (self->pending->len - GARBLE_CHECK) % GARBLE_STEP == 0
               && count_bad_bytes (self->pending->data, self->pending->len) * 3
                  >= self->pending->len)
        end_line (self);
    }
}

/**
 * kiln_bootlog_decoder_flush:
 *
 * Treats a pending partial line as complete (a prompt, or the end of a
 * file) and runs the checks that need the whole boot, e.g. "flash boot
 * but nothing loaded".  Call it at the end of the input, or when the line
 * has been quiet for a while.
 */
void
kiln_bootlog_decoder_flush (KilnBootlogDecoder *self)
{
  end_line (self);
  self->after_cr = FALSE;
  end_boot (self);
}

/**
 * kiln_bootlog_decoder_reset:
 *
 * Forgets the boots seen so far and which diagnoses were reported, e.g.
 * after the caller reset the board.  Settings are kept; a pending partial
 * line is dropped.
 */
void
kiln_bootlog_decoder_reset (KilnBootlogDecoder *self)
{
  g_byte_array_set_size (self->pending, 0);
  self->after_cr = FALSE;
  readable_line_seen (self);
  memset (self->diagnosed, 0, sizeof self->diagnosed);
  self->family = KILN_BOOT_FAMILY_UNKNOWN;
  g_clear_pointer (&self->chip, g_free);
  self->rtc_wdt_boots = 0;
  self->boot_started = FALSE;
  begin_boot (self);
  self->boot_started = FALSE;
}

/**
 * kiln_bootlog_decoder_set_baud:
 * @baud: the rate the bytes are received at, 0 if unknown
 *
 * Lets the wrong-baud event suggest the other usual rate.
 */
void
kiln_bootlog_decoder_set_baud (KilnBootlogDecoder *self,
                               guint               baud)
{
  self->baud = baud;
}

/**
 * kiln_bootlog_decoder_set_expect_app:
 * @expect_app: %TRUE when the board was reset to run its firmware
 *
 * Makes "download mode" an error rather than a note.
 */
void
kiln_bootlog_decoder_set_expect_app (KilnBootlogDecoder *self,
                                     gboolean            expect_app)
{
  self->expect_app = expect_app;
}

/**
 * kiln_bootlog_decoder_set_flash_map:
 * @map: the ESP8266 flash map the user chose (0–9), or -1
 *
 * Used for the init-data addresses when the log itself does not say.
 */
void
kiln_bootlog_decoder_set_flash_map (KilnBootlogDecoder *self,
                                    gint                map)
{
  self->user_map = map;
}

typedef struct
{
  GPtrArray *events;
  GPtrArray *diagnoses;
} Collect;

static void
collect_event (KilnBootEvent *event,
               gpointer       user_data)
{
  Collect *c = user_data;

  if (c->events != NULL)
    g_ptr_array_add (c->events, kiln_boot_event_ref (event));
}

static void
collect_diagnosis (KilnBootDiagnosis *diagnosis,
                   gpointer           user_data)
{
  Collect *c = user_data;

  if (c->diagnoses != NULL)
    g_ptr_array_add (c->diagnoses, kiln_boot_diagnosis_ref (diagnosis));
}

/**
 * kiln_bootlog_decode:
 * @data: a whole captured log
 * @baud: the rate it was captured at, 0 if unknown
 * @events: (out) (optional) (transfer full) (element-type KilnBootEvent)
 * @diagnoses: (out) (optional) (transfer full) (element-type KilnBootDiagnosis)
 *
 * Decodes a complete log in one go (feed, then flush).
 */
void
kiln_bootlog_decode (const guint8  *data,
                     gsize          len,
                     guint          baud,
                     GPtrArray    **events,
                     GPtrArray    **diagnoses)
{
  Collect c = { 0 };
  g_autoptr(KilnBootlogDecoder) decoder = NULL;

  if (events != NULL)
    c.events = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_event_unref);
  if (diagnoses != NULL)
    c.diagnoses = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_diagnosis_unref);
  decoder = kiln_bootlog_decoder_new (collect_event, collect_diagnosis, &c);
  kiln_bootlog_decoder_set_baud (decoder, baud);
  kiln_bootlog_decoder_feed (decoder, data, len);
  kiln_bootlog_decoder_flush (decoder);
  if (events != NULL)
    *events = c.events;
  if (diagnoses != NULL)
    *diagnoses = c.diagnoses;
}

/**
 * kiln_bootlog_explain_no_sync:
 * @data: what the chip printed after the reset into download mode
 *
 * For a connect that got no SYNC reply: says what the boot log tells
 * about why, e.g. that the chip booted normally because GPIO0 was high,
 * or that it is in download mode, so the computer-to-chip line is broken.
 *
 * Returns: (transfer full) (nullable): one translated sentence, or %NULL
 *   when the log holds no reset line
 */
char *
kiln_bootlog_explain_no_sync (const guint8 *data,
                              gsize         len)
{
  g_autoptr(GPtrArray) events = NULL;
  KilnBootEvent *reset = NULL;
  gboolean waiting = FALSE;
  const char *pin = "GPIO0";
  g_autofree char *what = NULL;

  kiln_bootlog_decode (data, len, 0, &events, NULL);
  for (guint i = 0; i < events->len; i++)
    {
      KilnBootEvent *e = g_ptr_array_index (events, i);

      if (e->kind == KILN_BOOT_EVENT_RESET)
        {
          reset = e;
          waiting = FALSE;
        }
      else if (e->kind == KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD)
        waiting = TRUE;
      else if (e->kind == KILN_BOOT_EVENT_ROM_BANNER && e->name != NULL)
        {
          const ChipStraps *straps = chip_straps_get (e->name);
          if (straps != NULL)
            pin = straps->bits[0].pin;
        }
    }
  if (reset == NULL)
    return NULL;

  if (reset->family == KILN_BOOT_FAMILY_ESP8266)
    what = g_strdup_printf ("boot mode:(%u,%u)", (guint) reset->values[1],
                            (guint) reset->values[2]);
  else
    what = g_strdup_printf ("boot:0x%x (%s)", (guint) reset->values[1],
                            reset->detail != NULL ? reset->detail : "");

  if (waiting || reset->mode == KILN_BOOT_MODE_DOWNLOAD)
    return g_strdup_printf (_("The boot log shows the chip in download mode (%s), yet it did not "
                              "answer: the line from the computer's TX to the chip's RX is "
                              "probably broken or swapped."),
                            what);
  switch (reset->mode)
    {
    case KILN_BOOT_MODE_FLASH:
      return g_strdup_printf (_("The chip booted normally (%s) instead of entering download "
                                "mode, because %s was high at reset. Hold the BOOT or FLASH "
                                "button while resetting, or check the DTR/RTS auto-reset "
                                "wiring."),
                              what, pin);
    case KILN_BOOT_MODE_SDIO:
      return g_strdup_printf (_("The chip started in SDIO boot mode (%s) because GPIO15 was "
                                "high at reset: pull GPIO15 low."),
                              what);
    case KILN_BOOT_MODE_OTHER:
      return g_strdup_printf (_("The strapping pins selected a wrong boot mode (%s): check the "
                                "levels of the boot pins at reset."),
                              what);
    case KILN_BOOT_MODE_DOWNLOAD:
    case KILN_BOOT_MODE_UNKNOWN:
    default:
      return NULL;
    }
}
