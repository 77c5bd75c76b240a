/* kiln-bootlog-lines.c: the line patterns of the boot-log decoder.
 *
 * patterns[] holds what the boot ROMs and the ESP8266 SDK's second stage
 * print, the ESP-IDF log line, crash reports' further lines and the
 * flashers' reports; the firmware's own messages are in
 * kiln-bootlog-messages.c.  Every pattern and message is searched anywhere
 * in the cleaned line (unless anchored), because copies of logs often lose
 * their line ends ("…map 6system param…") or carry junk in front.  Where
 * two matches overlap the one starting first wins, and at the same start
 * the earlier row (patterns before messages); an ESP-IDF log line is then
 * looked up among the messages by its message, so that it becomes the
 * specific event.
 *
 * The fill functions give each event its numbers and explanation, and note
 * what the current boot showed (kiln-bootlog-private.h, KilnBootRecord).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-private.h"

typedef struct
{
  KilnBootEventKind   kind;
  const char         *regex;
  GRegexCompileFlags  flags;
  KilnBootFillFunc    fill;
} Pattern;

/* ---- helpers ----------------------------------------------------------- */

guint64
kiln_bootlog_parse_hex (const char *s)
{
  if (s == NULL || *s == '\0')
    return 0;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    s += 2;
  return g_ascii_strtoull (s, NULL, 16);
}

/* Decimal, or hexadecimal with 0x (newer ROMs print lengths in hex). */
guint64
kiln_bootlog_parse_num (const char *s)
{
  if (s == NULL || *s == '\0')
    return 0;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    return g_ascii_strtoull (s + 2, NULL, 16);
  return g_ascii_strtoull (s, NULL, 10);
}

const char *
kiln_bootlog_group (char  **groups,
                    guint   i)
{
  for (guint k = 0; k <= i; k++)
    if (groups[k] == NULL)
      return "";
  return groups[i];
}

static const char *
level_text (gboolean high)
{
  return high ? C_("pin level", "high") : C_("pin level", "low");
}

/* The flash mode an image header asks for ("QIO", "DOUT"), as the ROM,
 * the ESP8266 SDK's boot.bin or rBoot reports it. */
static void
note_header_mode (KilnBootRecord *boot,
                  const char     *mode)
{
  if (boot == NULL)
    return;
  boot->header_quad = mode[0] == 'Q';
  boot->header_dout = g_str_equal (mode, "DOUT");
  boot->header_mode_known = TRUE;
}

/* The flash size the header says, and the line that said it, to weigh
 * against a flasher's report. */
void
kiln_bootlog_note_header_flash (KilnBootlogDecoder *self,
                                guint               kb,
                                KilnBootEvent      *event)
{
  self->header_flash_kb = kb;
  g_clear_pointer (&self->header_flash_event, kiln_boot_event_unref);
  self->header_flash_event = kiln_boot_event_ref (event);
}

/* ---- ROM banners and reset lines --------------------------------------- */

static void
fill_banner_esp32 (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  kiln_bootlog_begin_boot (self);
  kiln_bootlog_set_chip (self, KILN_BOOT_FAMILY_ESP32, "esp32");
  event->name = g_strdup (kiln_bootlog_group (groups, 1));
  event->detail = g_strdup (kiln_bootlog_group (groups, 2));
  event->explanation = g_strdup_printf (_("The ESP32 boot ROM (dated %s) starts after a reset."),
                                        event->name);
}

static void
fill_banner_esp8266 (KilnBootlogDecoder  *self,
                     KilnBootEvent       *event,
                     char               **groups)
{
  kiln_bootlog_begin_boot (self);
  kiln_bootlog_set_chip (self, KILN_BOOT_FAMILY_ESP8266, "esp8266");
  event->name = g_strdup ("Jan 8 2013");
  event->explanation = g_strdup (_("The ESP8266 boot ROM starts after a reset."));
}

static void
fill_banner_esp_rom (KilnBootlogDecoder  *self,
                     KilnBootEvent       *event,
                     char               **groups)
{
  const KilnBootChipFacts *facts = kiln_bootlog_chip_facts_by_rom (kiln_bootlog_group (groups, 1));

  kiln_bootlog_begin_boot (self);
  kiln_bootlog_set_chip (self, KILN_BOOT_FAMILY_ESP32,
                         facts != NULL ? facts->chip : kiln_bootlog_group (groups, 1));
  event->name = g_ascii_strdown (facts != NULL ? facts->chip : kiln_bootlog_group (groups, 1), -1);
  event->detail = g_strdup (kiln_bootlog_group (groups, 2));
  if (facts != NULL)
    event->explanation = g_strdup_printf (_("The %s boot ROM starts after a reset."),
                                          facts->display_name);
  else
    event->explanation = g_strdup_printf (_("The boot ROM of an Espressif chip Kiln does not "
                                            "know (%s) starts after a reset."),
                                          event->name);
}

static void
fill_rom_build (KilnBootlogDecoder  *self,
                KilnBootEvent       *event,
                char               **groups)
{
  event->name = g_strdup (kiln_bootlog_group (groups, 1));
  event->explanation = g_strdup_printf (_("The boot ROM was built on %s."), event->name);
}

static void
fill_reset_esp8266 (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  guint64 cause = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  guint64 m = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 2));
  guint64 n = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 3));
  KilnBootRecord *boot;
  g_autofree char *cause_text = NULL;
  const char *mode_text;

  boot = kiln_bootlog_current_boot (self);
  if (boot == NULL || boot->reset != NULL)
    kiln_bootlog_begin_boot (self);
  kiln_bootlog_set_chip (self, KILN_BOOT_FAMILY_ESP8266, "esp8266");

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
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->values[0] = cause;
  event->values[1] = m;
  event->values[2] = n;
  if (kiln_bootlog_esp8266_reset_text ((guint) MIN (cause, G_MAXUINT)) != NULL)
    cause_text = g_strdup (kiln_bootlog_esp8266_reset_text ((guint) cause));
  else
    cause_text = g_strdup_printf (_("Reset cause %u"), (guint) MIN (cause, G_MAXUINT));
  event->name = g_strdup (cause_text);
  event->severity = (event->mode == KILN_BOOT_MODE_FLASH
                     || event->mode == KILN_BOOT_MODE_DOWNLOAD) ? KILN_BOOT_SEVERITY_INFO
                                                                : KILN_BOOT_SEVERITY_WARNING;
  if (cause == 4)
    event->severity = KILN_BOOT_SEVERITY_WARNING;
  event->explanation =
    g_strdup_printf (_("%s; boot mode %u (GPIO15 %s, GPIO0 %s, GPIO2 %s) means %s."),
                     cause_text, (guint) MIN (m, G_MAXUINT),
                     level_text (m & 4), level_text (m & 2), level_text (m & 1), mode_text);
}

static void
fill_reset_esp32 (KilnBootlogDecoder  *self,
                  KilnBootEvent       *event,
                  char               **groups)
{
  const char *reason = kiln_bootlog_group (groups, 2);
  const char *boot_hex = kiln_bootlog_group (groups, 3);
  const char *mode_name = kiln_bootlog_group (groups, 4);
  g_autofree char *cut_name = NULL;
  KilnBootRecord *boot;
  KilnResetClass klass;
  const char *reason_text;
  const char *mode_text;
  g_autofree char *pins = NULL;

  boot = kiln_bootlog_current_boot (self);
  if (boot == NULL || boot->reset != NULL)
    kiln_bootlog_begin_boot (self);
  /* A reset line without a banner still says "ESP32 family"; keep the chip
   * a banner named.  Only the original ESP32 spells its reasons "…_RESET"
   * with a plain "POWERON_RESET" (newer ROMs say "POWERON",
   * "RTC_SW_CPU_RST"), so a log without banner still tells. */
  if (self->family != KILN_BOOT_FAMILY_ESP32)
    kiln_bootlog_set_chip (self, KILN_BOOT_FAMILY_ESP32, NULL);
  if (self->chip == NULL && (g_str_has_suffix (reason, "_RESET") || g_str_has_suffix (mode_name, "_V2)"))
      && strstr (reason, "USB") == NULL && strstr (reason, "RTC_SW") == NULL)
    kiln_bootlog_set_chip (self, KILN_BOOT_FAMILY_ESP32, "esp32");

  /* A name the copy cut: as far as it was printed. */
  if (*mode_name == '\0' && *kiln_bootlog_group (groups, 5) != '\0')
    {
      cut_name = kiln_bootlog_esp32_mode_name_cut (kiln_bootlog_group (groups, 5));
      if (cut_name != NULL)
        mode_name = cut_name;
    }
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->name = g_strdup (reason);
  event->detail = g_strdup (mode_name);
  klass = kiln_bootlog_esp32_reset_class (reason);
  reason_text = kiln_bootlog_esp32_reset_text (klass, reason);

  event->mode = KILN_BOOT_MODE_UNKNOWN;
  if (*boot_hex != '\0')
    {
      event->values[1] = kiln_bootlog_parse_hex (boot_hex);
      event->values[2] = 1;
      event->mode = kiln_bootlog_esp32_mode (mode_name);
      /* No name, or one garbled on the way: the strap value alone, on
       * chips whose bits are known. */
      if (event->mode == KILN_BOOT_MODE_UNKNOWN && self->chip != NULL)
        {
          const KilnBootStrap *b = kiln_bootlog_strap_by_role (self->chip, KILN_STRAP_BOOT);
          if (b != NULL)
            event->mode = (event->values[1] & b->bit) ? KILN_BOOT_MODE_FLASH
                                                      : KILN_BOOT_MODE_DOWNLOAD;
        }
    }

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
  if (event->mode == KILN_BOOT_MODE_OTHER || klass == KILN_RESET_CLASS_BROWNOUT
      || klass == KILN_RESET_CLASS_WATCHDOG || klass == KILN_RESET_CLASS_RTC_WATCHDOG
      || klass == KILN_RESET_CLASS_GLITCH)
    event->severity = KILN_BOOT_SEVERITY_WARNING;

  pins = event->values[2] ? kiln_bootlog_describe_straps (self->chip, (guint32) event->values[1])
                          : NULL;
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
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->explanation = g_strdup_printf (_("The program counter before the reset was 0x%08x, "
                                          "which locates where the firmware was."),
                                        (guint) event->values[0]);
}

static void
fill_waiting_for_download (KilnBootlogDecoder  *self,
                           KilnBootEvent       *event,
                           char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  if (boot != NULL && boot->mode == KILN_BOOT_MODE_UNKNOWN)
    boot->mode = KILN_BOOT_MODE_DOWNLOAD;
  event->explanation = g_strdup (_("The ROM's serial loader waits for a flasher to connect."));
}

/* The newer ROMs name the port they wait on ("wait usb download", "wait
 * spi download"): the straps chose it. */
static void
fill_wait_download (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  g_autofree char *port = g_ascii_strdown (kiln_bootlog_group (groups, 1), -1);

  fill_waiting_for_download (self, event, groups);
  event->name = g_strdup (port);
  g_free (event->explanation);
  if (g_str_equal (port, "usb"))
    event->explanation = g_strdup (_("The ROM waits for a flasher on the chip's own USB port."));
  else if (g_str_equal (port, "spi"))
    event->explanation = g_strdup (_("The ROM waits for a flasher over SPI (SPI download boot), "
                                     "not over the serial port."));
  else
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


/* The ROM could not load what it read for a segment.  After a segment
 * that loaded, that is where it went on in the header's flash mode: the
 * read went wrong, not the image (@event is the first such line). */
static void
note_read_nonsense (KilnBootRecord *boot,
                    KilnBootEvent  *event)
{
  if (boot == NULL)
    return;
  boot->read_failed = TRUE;
  boot->read_garbage |= boot->n_loads >= 1;
  if (boot->read_garbage && boot->garbage == NULL)
    boot->garbage = kiln_boot_event_ref (event);
}

/* ---- loading ------------------------------------------------------------ */

/* Whether the four bytes of @word (little-endian, as in flash) are
 * printable ASCII. */
static gboolean
printable_word (guint32 word)
{
  for (guint i = 0; i < 4; i++, word >>= 8)
    if ((word & 0xff) < 0x20 || (word & 0xff) > 0x7e)
      return FALSE;
  return TRUE;
}

static void
fill_load (KilnBootlogDecoder  *self,
           KilnBootEvent       *event,
           char               **groups)
{
  /* "load 0x…, len …" is the ESP8266 ROM, "load:0x…,len:…" the ESP32's. */
  gboolean esp8266 = strchr (kiln_bootlog_group (groups, 1), ':') == NULL;
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);
  const char *len_text = kiln_bootlog_group (groups, 3);
  gboolean garbage;

  event->family = esp8266 ? KILN_BOOT_FAMILY_ESP8266 : KILN_BOOT_FAMILY_ESP32;
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
  event->values[1] = len_text[0] == '-' ? 0 : kiln_bootlog_parse_num (len_text);
  event->values[2] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 4));
  /* A segment at 0xffffffff, of negative or absurd length, or the ESP8266's
   * "load 0x00000000, len 0": the ROM read erased flash or garbage.  After a
   * segment that loaded well, that is where the ROM went on in the header's
   * flash mode, and the flash does not do it. */
  garbage = event->values[0] == 0xffffffff || len_text[0] == '-'
            || event->values[1] > 16 * 1024 * 1024
            || (esp8266 && event->values[0] == 0 && event->values[1] == 0);
  /* Where this segment's header lies in the image: after the ESP32
   * family's 24-byte image header and the segments before it.  A header
   * of text past the first 4 KiB is another file's data over the rest of
   * the bootloader, written at 0x1000. */
  if (!esp8266 && boot != NULL)
    {
      guint64 pos = boot->n_loads == 0 ? 0x18 : boot->image_pos;

      if (garbage && pos >= 0x1000 && boot->text_segment == NULL && len_text[0] != '-'
          && printable_word ((guint32) event->values[0])
          && printable_word ((guint32) MIN (event->values[1], G_MAXUINT32)))
        boot->text_segment = kiln_boot_event_ref (event);
      boot->image_pos = pos + 8 + event->values[1];
    }
  if (garbage)
    {
      note_read_nonsense (boot, event);
      event->severity = KILN_BOOT_SEVERITY_ERROR;
      event->explanation = g_strdup (_("The ROM read nonsense where the next segment should be: "
                                       "the flash returned erased or garbled data."));
      return;
    }
  if (boot != NULL)
    boot->n_loads++;
  /* The ROM loads the bootloader into RAM; a segment linked to where the
   * chip maps flash is an application's, at the bootloader offset. */
  if (!esp8266 && kiln_bootlog_flash_mapped (self->chip, (guint32) event->values[0]))
    {
      if (boot != NULL && boot->mapped_load == NULL)
        boot->mapped_load = kiln_boot_event_ref (event);
      event->severity = KILN_BOOT_SEVERITY_ERROR;
      event->explanation = g_strdup_printf (_("The ROM is to load a segment of %u bytes to "
                                              "0x%08x, where the chip maps flash: that is an "
                                              "application's segment, not a bootloader's."),
                                            (guint) MIN (event->values[1], G_MAXUINT),
                                            (guint) event->values[0]);
      return;
    }
  /* A segment the ROM can load: to RAM, and fitting there. */
  if (esp8266 && boot != NULL && event->values[1] > 0
      && kiln_bootlog_esp8266_segment_fits (event->values[0], event->values[1], TRUE))
    boot->n_ram_loads++;
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
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 2));
  event->values[1] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->values[2] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 3));
  event->explanation = g_strdup (_("Bookkeeping of the ROM's loader while it copies a segment."));
}

/* The ESP32 ROM maps flash page by page ("1162 mmu set 00010000, pos
 * 00010000") while it reads a segment that runs past its first 64 KiB. */
static void
fill_mmu_set (KilnBootlogDecoder  *self,
              KilnBootEvent       *event,
              char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->explanation = g_strdup (_("The ROM maps the next 64 KiB of flash to go on reading a "
                                   "segment: no bootloader is that large, so the segment's "
                                   "length it read is wrong."));
}

static void
checksum_read (KilnBootlogDecoder *self,
               gboolean            matched)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  if (boot == NULL)
    {
      self->handed_over_before_reset |= matched;
      return;
    }
  if (matched)
    boot->rom_done = TRUE;
  else
    boot->read_failed = TRUE;
}

static void
fill_chksum (KilnBootlogDecoder  *self,
             KilnBootEvent       *event,
             char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  self->have_chksum = TRUE;
  self->last_chksum = event->values[0];
  if (*kiln_bootlog_group (groups, 2) != '\0')
    {
      event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
      event->values[2] = 1;
      checksum_read (self, event->values[0] == event->values[1]);
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
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->values[1] = self->last_chksum;
  if (self->have_chksum && self->last_chksum != event->values[0])
    {
      event->values[2] = 1;
      event->severity = KILN_BOOT_SEVERITY_ERROR;
      checksum_read (self, FALSE);
      event->explanation =
        g_strdup_printf (_("The checksum stored in the image (0x%02x) differs from the one "
                           "computed while loading (0x%02x)."),
                         (guint) event->values[0], (guint) self->last_chksum);
      return;
    }
  checksum_read (self, TRUE);
  event->explanation = g_strdup (_("The image checksum matches: the ROM read the image "
                                   "correctly."));
}

static void
fill_csum_err (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  checksum_read (self, FALSE);
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  if (boot != NULL && boot->csum_wrong == NULL)
    boot->csum_wrong = kiln_boot_event_ref (event);
  /* The checksum starts at 0xEF and takes in every byte loaded.  Still
   * 0xEF after a segment was loaded, and wrong: what was read cancels out
   * (zeros, or one value over and over), which is how a flash read in a
   * mode it does not do looks, not a damaged image. */
  if (self->have_chksum && self->last_chksum == 0xef && boot != NULL && boot->n_loads >= 1)
    {
      note_read_nonsense (boot, event);
      event->explanation = g_strdup (_("The image checksum is wrong, and it never changed from "
                                       "its starting value 0xEF: the bytes read cancel out, as "
                                       "zeros or one value repeated do. The ROM stops here."));
      return;
    }
  event->explanation = g_strdup (_("The image checksum is wrong, so the ROM stops here."));
}

static void
fill_rom_halt (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("The boot ROM gives up here (this names the place in its "
                                   "code) and halts, or waits for the watchdog to reset it."));
}

/* "Invalid image block, can't boot.": the newer ROMs found an image header
 * at the bootloader offset and could not load what follows it. */
static void
fill_invalid_image (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("The ROM found an image header at the bootloader offset but "
                                   "could not load the image behind it."));
}

/* The recovery bootloader of the newer chips (ESP-IDF's bootloader guide):
 * when the bootloader at its offset does not load, the ROM says "PRIMARY -
 * FAIL" and loads the copy at the offset an eFuse names. */
static void
fill_recovery (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->severity = KILN_BOOT_SEVERITY_WARNING;
  event->explanation = g_strdup (strstr (event->text, "PRIMARY") == NULL
                                   ? _("The ROM loads the recovery bootloader, from the flash "
                                       "offset an eFuse gives, instead of the one at the "
                                       "bootloader offset.")
                                   : _("The ROM could not start the bootloader at the bootloader "
                                       "offset."));
}

/* The newer chips' ROMs (ESP32-S2 on) check the bootloader's signature
 * themselves once secure boot is on in eFuse, and say so before loading
 * it: "Valid secure boot key blocks: 0 1" lists the key slots whose digest
 * they accept, "secure boot verification succeeded" follows.  Without
 * secure boot neither line appears. */
static void
fill_rom_secure_boot (KilnBootlogDecoder  *self,
                      KilnBootEvent       *event,
                      char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = groups[1] == NULL || groups[1][0] == '\0';
  if (event->values[0])
    event->explanation = g_strdup (_("The ROM checked the bootloader's secure boot signature "
                                     "and accepts it."));
  else
    {
      g_auto (GStrv) slots = g_strsplit_set (g_strstrip (groups[1]), " ", -1);
      g_autofree char *list = NULL;
      guint n = 0;

      for (guint i = 0; slots[i] != NULL; i++)
        if (slots[i][0] != '\0')
          slots[n++] = slots[i];
        else
          g_free (slots[i]);
      slots[n] = NULL;
      list = g_strjoinv (", ", slots);
      event->explanation =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Secure boot is on in this chip's eFuses: the ROM checks "
                                      "the bootloader's signature against the key digest in "
                                      "slot %s.",
                                      "Secure boot is on in this chip's eFuses: the ROM checks "
                                      "the bootloader's signature against the key digests in "
                                      "slots %s.",
                                      n),
                         list);
    }
}

/* A serial monitor's own line ("--- idf_monitor on /dev/ttyUSB0 115200
 * ---", "--- Quit: Ctrl+] | Menu: Ctrl+T", Arduino IDE's "---- Closed serial
 * port …").  ESP-IDF's monitor also runs commands on the computer for the
 * firmware ("--- Executing monitor command: espefuse … summary", for the
 * virtual eFuses): what that command prints follows, up to the board's
 * next line. */
#define MONITOR "monitor"

static void
fill_monitor_line (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  event->name = g_strdup (MONITOR);
  self->host_command_output = *kiln_bootlog_group (groups, 1) != '\0';
  event->explanation = g_strdup (self->host_command_output
                                 ? _("The serial monitor runs a command on the computer; what "
                                     "it prints follows, up to the board's next line.")
                                 : _("The serial monitor's own message, not the board's."));
}

/* Whether @event is the serial monitor's: its own line, or what a command
 * it ran printed. */
gboolean
kiln_bootlog_lines_from_monitor (const KilnBootEvent *event)
{
  return event->kind == KILN_BOOT_EVENT_FLASHER && g_strcmp0 (event->name, MONITOR) == 0;
}

/* Turns @event, a line no pattern knows, into the output of the command
 * the serial monitor is running, if it is running one. */
void
kiln_bootlog_lines_host_output (KilnBootlogDecoder *self,
                                KilnBootEvent      *event)
{
  if (!self->host_command_output)
    return;
  event->kind = KILN_BOOT_EVENT_FLASHER;
  event->name = g_strdup (MONITOR);
  event->explanation = g_strdup (_("Printed by the command the serial monitor ran on the "
                                   "computer, not by the board."));
}

/* A flasher's report pasted before the log: the chip (a name such as
 * "ESP32-D0WD-V3", "ESP8266EX", "esp32c2") is the longest chip name it
 * starts with, once dashes are dropped; and the crystal's frequency. */
static void
fill_flasher (KilnBootlogDecoder  *self,
              KilnBootEvent       *event,
              char               **groups)
{
  const char *chip = kiln_bootlog_group (groups, 1);
  const char *mhz = kiln_bootlog_group (groups, 2);
  const char *size = kiln_bootlog_group (groups, 3);

  if (*size != '\0')
    {
      guint64 kb = kiln_bootlog_parse_num (size) * (g_ascii_strcasecmp (kiln_bootlog_group (groups, 4), "MB") == 0 ? 1024 : 1);

      event->values[1] = MIN (kb, 1024 * 1024);
      self->flasher_flash_kb = (guint) event->values[1];
      event->explanation = g_strdup_printf (_("The flasher's report: the flash holds %u KiB."),
                                            self->flasher_flash_kb);
      return;
    }
  if (*chip == '\0' && *mhz == '\0')
    {
      event->explanation = g_strdup (_("The flasher's own output (esptool, espflash), before "
                                       "the board's."));
      return;
    }
  if (*mhz != '\0')
    {
      event->values[0] = MIN (kiln_bootlog_parse_num (mhz), 1000);
      self->crystal_mhz = (guint) event->values[0];
      event->explanation = g_strdup_printf (_("The flasher's report: the crystal runs at %u MHz."),
                                            self->crystal_mhz);
      return;
    }
  {
    g_autofree char *low = g_ascii_strdown (chip, -1);
    g_autoptr(GString) name = g_string_new (NULL);
    const KilnBootChipFacts *best = NULL;

    for (const char *p = low; *p != '\0'; p++)
      if (*p != '-' && *p != '_')
        g_string_append_c (name, *p);
    for (guint i = 0; kiln_bootlog_chip_facts_nth (i) != NULL; i++)
      {
        const KilnBootChipFacts *f = kiln_bootlog_chip_facts_nth (i);
        if (g_str_has_prefix (name->str, f->chip)
            && (best == NULL || strlen (f->chip) > strlen (best->chip)))
          best = f;
      }
    if (best != NULL && self->chip == NULL)
      kiln_bootlog_set_chip (self, best->family, best->chip);
    event->name = g_strdup (best != NULL ? best->chip : chip);
    event->explanation = g_strdup_printf (_("The flasher's report: the chip is %s."),
                                          best != NULL ? best->display_name : chip);
  }
}

/* "ets_loader.c 78": the ROM's segment loader stopped on what it read
 * for a segment (S2 and later ROMs).  After a segment that loaded, what it
 * read next in the header's flash mode made no sense. */
static void
fill_loader_halt (KilnBootlogDecoder  *self,
                  KilnBootEvent       *event,
                  char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("The boot ROM's loader gave up while loading the bootloader: "
                                   "what it read from flash was no valid segment. The watchdog "
                                   "then resets the chip."));
  if (boot != NULL)
    boot->rom_halted = TRUE;
  note_read_nonsense (boot, event);
}

static void
fill_configsip (KilnBootlogDecoder  *self,
                KilnBootEvent       *event,
                char               **groups)
{
  guint pins[5];

  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
  kiln_bootlog_configsip_pins (event->values[0], pins);
  /* Non-zero: the eFuses move the flash to other pins (the ESP32-PICO-D4
   * and modules built on it). */
  if (event->values[0] != 0)
    event->explanation =
      g_strdup_printf (_("The chip's eFuses put its flash on other pins than the usual ones: "
                         "CLK GPIO%u, Q GPIO%u, D GPIO%u, CS GPIO%u, HD GPIO%u. Nothing else may "
                         "be connected to them."),
                       pins[0], pins[1], pins[2], pins[3], pins[4]);
  else
    event->explanation = g_strdup (_("The ROM configures the SPI flash pins before loading the "
                                     "bootloader."));
}

/* The bootloader header's flash pin settings: the SPIWP byte (8) and
 * three bytes of drive strengths (9-11), two per byte, low nibble first,
 * in the ROM's order clk, q, d, cs0, hd, wp.  A drive strength is 0-3;
 * anything else means the bytes are not a bootloader header's.  values:
 * the four bytes as one little-endian word (when the SPIWP line came
 * first), the largest drive value, whether all six were read. */
static void
fill_clk_drv (KilnBootlogDecoder  *self,
              KilnBootEvent       *event,
              char               **groups)
{
  static const char *const names[] = { "clk_drv", "q_drv", "d_drv", "cs0_drv", "hd_drv",
                                       "wp_drv" };
  KilnBootEvent *sip = self->last[KILN_BOOT_EVENT_CONFIGSIP];
  guint32 word = sip != NULL ? (guint32) (sip->values[1] & 0xff) : 0;
  guint max = 0, found = 0;

  event->family = KILN_BOOT_FAMILY_ESP32;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *at = strstr (event->text, names[i]);
      guint v;

      /* "d_drv" is also the end of "hd_drv": take a name at a word start. */
      while (at != NULL && at != event->text && g_ascii_isalnum (at[-1]))
        at = strstr (at + 1, names[i]);
      if (at == NULL)
        continue;
      at += strlen (names[i]);
      while (*at == ' ' || *at == ':')
        at++;
      v = (guint) MIN (kiln_bootlog_parse_hex (at), 0xff);
      max = MAX (max, v);
      word |= (guint32) (v & 0xf) << (8 + 4 * i);
      found++;
    }
  event->values[0] = sip != NULL ? word : 0;
  event->values[1] = max;
  event->values[2] = found == G_N_ELEMENTS (names);
  if (max > 3)
    {
      event->severity = KILN_BOOT_SEVERITY_ERROR;
      event->explanation = g_strdup (_("Drive strengths of the SPI flash pins, as the header "
                                       "at the bootloader offset gives them: values above 3 "
                                       "are not drive strengths, so these bytes are not a "
                                       "bootloader's header."));
    }
  else
    event->explanation = g_strdup (_("Drive strengths of the SPI flash pins."));
}

static void
fill_flash_mode (KilnBootlogDecoder  *self,
                 KilnBootEvent       *event,
                 char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);
  const char *mode = kiln_bootlog_group (groups, 1);

  event->family = KILN_BOOT_FAMILY_ESP32;
  /* The ESP32-S3's ROM on octal flash: the eFuse that says so, then the
   * ROM's own choice of mode ("For OPI Flash, Use Default Flash Boot
   * Mode"), whatever the header asks for. */
  if (g_ascii_strncasecmp (mode, "Octal", 5) == 0
      || g_ascii_strncasecmp (mode, "For OPI", 7) == 0)
    {
      if (boot != NULL)
        boot->octal_flash = TRUE;
      event->name = g_strdup ("OPI");
      event->explanation = g_ascii_strncasecmp (mode, "Octal", 5) == 0
                           ? g_strdup (_("An eFuse marks the flash as octal (OPI): the ROM "
                                         "reads it in a mode of its own."))
                           : g_strdup (_("On octal flash the ROM ignores the header's flash "
                                         "mode and reads in its default mode; the firmware "
                                         "switches the flash to octal later."));
      return;
    }
  event->name = g_ascii_strup (mode, -1);
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 2));
  if (boot != NULL && boot->octal_flash)
    {
      event->explanation =
        g_strdup_printf (_("The ROM reads the octal flash in its default mode %s, with clock "
                           "divider %u."),
                         event->name, (guint) event->values[0]);
      return;
    }
  note_header_mode (boot, event->name);
  event->explanation =
    g_strdup_printf (_("The bootloader's header asks for flash mode %s with clock divider %u."),
                     event->name, (guint) event->values[0]);
}

static void
fill_entry (KilnBootlogDecoder  *self,
            KilnBootEvent       *event,
            char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  if (boot != NULL)
    boot->rom_done = TRUE;
  else
    self->handed_over_before_reset = TRUE;
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->explanation = g_strdup_printf (_("The ROM starts the second-stage bootloader at 0x%08x."),
                                        (guint) event->values[0]);
}

static void
fill_invalid_header (KilnBootlogDecoder  *self,
                     KilnBootEvent       *event,
                     char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  if (boot != NULL)
    boot->read_failed = TRUE;
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
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
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  if (boot != NULL)
    boot->read_failed = TRUE;
  event->family = KILN_BOOT_FAMILY_ESP32;
  /* The ROM prints the offset in hex without 0x ("1000"). */
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup_printf (_("The ROM could not read the flash at 0x%x."),
                                        (guint) event->values[0]);
}

static void
fill_checksum_failure (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  checksum_read (self, FALSE);
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation =
    g_strdup_printf (_("The bootloader image's checksum is wrong: computed 0x%02x, stored 0x%02x."),
                     (guint) event->values[0], (guint) event->values[1]);
}

/* ---- the ESP8266 SDK's second stage ------------------------------------ */

static void
second_stage (KilnBootlogDecoder *self)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  if (boot != NULL)
    boot->second_stage = TRUE;
}

static void
fill_sdk_boot_version (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  second_stage (self);
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->name = g_strdup (kiln_bootlog_group (groups, 1));
  event->detail = g_strdup (kiln_bootlog_group (groups, 2));
  event->explanation = g_strdup_printf (_("The SDK's second-stage bootloader boot.bin, version "
                                          "%s, is running."),
                                        event->name);
}

static void
fill_sdk_spi_speed (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  second_stage (self);
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->name = g_strdup (kiln_bootlog_group (groups, 1));
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->explanation = g_strdup_printf (_("The header at 0x0 sets the flash clock to %s."),
                                        event->name);
}

static void
fill_sdk_spi_mode (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  second_stage (self);
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->name = g_ascii_strup (kiln_bootlog_group (groups, 1), -1);
  note_header_mode (boot, event->name);
  event->explanation = g_strdup_printf (_("The header at 0x0 sets flash mode %s."), event->name);
}

static void
fill_sdk_flash_map (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  guint mbit = (guint) MIN (kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1)), 4096);
  guint slot = (guint) MIN (kiln_bootlog_parse_num (kiln_bootlog_group (groups, 2)), 65536);
  const KilnFlashMap *map = kiln_bootlog_flash_map_by_layout (mbit, slot);

  second_stage (self);
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->values[0] = mbit;
  event->values[1] = slot;
  if (mbit > 0)
    kiln_bootlog_note_header_flash (self, mbit * 128, event);
  event->values[2] = map != NULL ? map->map : G_MAXUINT64;
  if (map != NULL)
    {
      g_autofree char *what = kiln_bootlog_flash_map_describe (map->map);
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
  second_stage (self);
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
  if (*kiln_bootlog_group (groups, 1) == '\0')
    event->explanation = g_strdup_printf (_("boot.bin starts the firmware at flash offset 0x%x."),
                                          (guint) event->values[1]);
  else
    event->explanation = g_strdup_printf (_("boot.bin starts the firmware in slot user%u at "
                                            "flash offset 0x%x."),
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
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 2));
  self->header_map = (gint) MIN (event->values[1], 15);
  built = kiln_bootlog_flash_map_describe ((gint64) MIN (event->values[0], 255));
  header = kiln_bootlog_flash_map_describe ((gint64) MIN (event->values[1], 255));
  event->explanation = g_strdup_printf (_("The firmware was built for flash map %u (%s), but the "
                                          "header at 0x0 says map %u (%s)."),
                                        (guint) MIN (event->values[0], 255), built,
                                        (guint) MIN (event->values[1], 255), header);
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

/* "need boot 1.4+": the NONOS SDK checks the version of the boot loader
 * that started it, and stops. */
static void
fill_need_boot (KilnBootlogDecoder  *self,
                KilnBootEvent       *event,
                char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->values[1] = 1;
  event->explanation = g_strdup (_("The SDK stops: the boot loader that started it is older "
                                   "than it needs, or the boot information it finds was left by "
                                   "another firmware."));
}

/* Older SDKs: "system param error, use last saved param!" */
static void
fill_system_param_old (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_WARNING;
  event->values[0] = 1;
  event->explanation = g_strdup (_("The SDK found its system parameter sectors invalid (erased, "
                                   "or not where the flash size setting puts them) and goes on "
                                   "with defaults."));
}

/* rBoot, another second stage for the ESP8266 ("rBoot v1.4.0 - …",
 * "Flash Mode:   DIO", "Flash Size:   32 Mbit", "Flash Speed:  40 MHz",
 * "rBoot Option: Big flash", "Booting rom 0."): it reports the header at
 * 0x0 and the options it was built with. */
static void
fill_rboot (KilnBootlogDecoder  *self,
            KilnBootEvent       *event,
            char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);
  const char *mode = kiln_bootlog_group (groups, 2);

  second_stage (self);
  event->family = KILN_BOOT_FAMILY_ESP8266;
  if (*kiln_bootlog_group (groups, 1) != '\0')
    {
      event->kind = KILN_BOOT_EVENT_SDK_BOOT_VERSION;
      event->name = g_strdup_printf ("rBoot %s", kiln_bootlog_group (groups, 1));
      event->explanation = g_strdup_printf (_("The second-stage bootloader rBoot, version %s, is "
                                              "running."),
                                            kiln_bootlog_group (groups, 1));
    }
  else if (*kiln_bootlog_group (groups, 4) != '\0')
    {
      guint mbit = (guint) MIN (kiln_bootlog_parse_num (kiln_bootlog_group (groups, 4)), 4096);

      event->kind = KILN_BOOT_EVENT_SDK_FLASH_MAP;
      event->values[0] = mbit;
      event->values[2] = G_MAXUINT64;
      if (mbit > 0)
        kiln_bootlog_note_header_flash (self, mbit * 128, event);
      event->explanation = g_strdup_printf (_("The header at 0x0 says %u Mbit of flash."), mbit);
    }
  else if (*kiln_bootlog_group (groups, 5) != '\0')
    {
      event->kind = KILN_BOOT_EVENT_SDK_SPI_SPEED;
      event->name = g_strdup (kiln_bootlog_group (groups, 5));
      event->values[0] = kiln_bootlog_parse_num (event->name);
      event->explanation = g_strdup_printf (_("The header at 0x0 sets the flash clock to %s."),
                                            event->name);
    }
  else if (*kiln_bootlog_group (groups, 6) != '\0')
    {
      event->kind = KILN_BOOT_EVENT_SDK_BOOT_VERSION;
      event->name = g_strdup (kiln_bootlog_group (groups, 6));
      event->explanation = g_strdup_printf (_("rBoot was built with its option “%s”."),
                                            event->name);
    }
  else if (*mode != '\0')
    {
      event->kind = KILN_BOOT_EVENT_SDK_SPI_MODE;
      event->name = g_ascii_strup (mode, -1);
      note_header_mode (boot, event->name);
      event->explanation = g_strdup_printf (_("rBoot reads the flash in mode %s."), event->name);
    }
  else
    {
      event->kind = KILN_BOOT_EVENT_SDK_JUMP;
      event->values[0] = g_ascii_strtoull (kiln_bootlog_group (groups, 3), NULL, 10);
      event->explanation = g_strdup_printf (_("rBoot starts the firmware in ROM slot %u."),
                                            (guint) MIN (event->values[0], 99));
    }
}

static void
fill_hash_mismatch (KilnBootlogDecoder  *self,
                    KilnBootEvent       *event,
                    char               **groups)
{
  event->severity = KILN_BOOT_SEVERITY_WARNING;
  event->explanation = g_strdup (_("The SHA-256 hash appended to the image does not match it; "
                                   "the ROM boots it anyway. Flashers that patch the header "
                                   "without updating the hash, or a hash area left erased, cause "
                                   "this."));
}

/* The lines after "SHA-256 comparison failed:": the two hashes, and that
 * the ROM goes on. */
static void
fill_hash_detail (KilnBootlogDecoder  *self,
                  KilnBootEvent       *event,
                  char               **groups)
{
  const char *which = kiln_bootlog_group (groups, 1);
  const char *hash = kiln_bootlog_group (groups, 2);

  if (g_ascii_strcasecmp (which, "Calculated") == 0)
    event->explanation = g_strdup (_("The hash the ROM computed over the image it read."));
  else if (g_ascii_strcasecmp (which, "Expected") == 0)
    event->explanation = strspn (hash, "fF") == strlen (hash)
                         ? g_strdup (_("The hash stored after the image: erased flash, so no "
                                       "hash was written there."))
                         : g_strdup (_("The hash stored after the image, as it was written."));
  else
    event->explanation = g_strdup (_("Without secure boot a wrong hash is only a warning: the "
                                     "ROM goes on with the image."));
}

static void
fill_eboot (KilnBootlogDecoder  *self,
            KilnBootEvent       *event,
            char               **groups)
{
  second_stage (self);
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->name = g_strdup ("eboot");
  if (g_str_equal (event->text, "~ld"))
    event->explanation = g_strdup (_("The Arduino core's eboot loader has copied the sketch and "
                                     "starts it."));
  else
    event->explanation = g_strdup (_("The version of the Arduino core's eboot loader."));
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
fill_partition_table_ok (KilnBootlogDecoder  *self,
                         KilnBootEvent       *event,
                         char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_INFO;
  event->explanation = g_strdup (_("The SDK took the firmware's partition table and goes on."));
}

static void
fill_rf_cal (KilnBootlogDecoder  *self,
             KilnBootEvent       *event,
             char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP8266;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
  if (event->values[1] == 0xff)
    event->explanation = g_strdup_printf (_("The RF init data should start with 0x%02X but reads "
                                            "0x%02X: esp_init_data_default.bin is missing."),
                                          (guint) event->values[0], (guint) event->values[1]);
  else
    event->explanation = g_strdup_printf (_("The RF init data should start with 0x%02X but reads "
                                            "0x%02X: the sector holds something else, left by "
                                            "another firmware or not where the flash size setting "
                                            "puts the init data."),
                                          (guint) event->values[0], (guint) event->values[1]);
}

/* ---- crashes and resets of the running firmware ------------------------- */

static void
fill_fatal_exception (KilnBootlogDecoder  *self,
                      KilnBootEvent       *event,
                      char               **groups)
{
  const KilnExcCause *cause;

  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  cause = kiln_bootlog_exc_cause (event->values[0]);
  if (*kiln_bootlog_group (groups, 2) != '\0')
    event->name = g_strdup (kiln_bootlog_group (groups, 2));
  else if (cause != NULL)
    event->name = g_strdup (cause->name);
  if (cause != NULL && cause->hint != NULL)
    event->explanation = g_strdup_printf (_("The firmware crashed with CPU exception %u (%s): %s."),
                                          (guint) event->values[0], cause->name, _(cause->hint));
  else
    event->explanation = g_strdup_printf (_("The firmware crashed with CPU exception %u (%s)."),
                                          (guint) MIN (event->values[0], G_MAXUINT),
                                          event->name != NULL ? event->name : "?");
}

/* The ESP8266 Arduino core's reset information (ESP.getResetInfo()), as
 * firmware prints or publishes it after the restart: "Fatal exception:28
 * flag:2 (EXCEPTION) epc1:0x…".  The flag is the SDK's reset reason; only
 * 2 is a crash (1 and 3, the watchdogs, print the same words), so only
 * that one is matched. */
static void
fill_reset_info_exception (KilnBootlogDecoder  *self,
                           KilnBootEvent       *event,
                           char               **groups)
{
  char *crash;

  /* Read as a crash report's line; the name comes from the cause table. */
  fill_fatal_exception (self, event, groups);
  crash = event->explanation;
  /* Translators: %s is a sentence such as “The firmware crashed with CPU
   * exception 28 (LoadProhibited): a read through an invalid pointer.” */
  event->explanation = g_strdup_printf (_("The firmware's report of its last reset, given after "
                                          "the restart: %s"), crash);
  g_free (crash);
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
fill_guru (KilnBootlogDecoder  *self,
           KilnBootEvent       *event,
           char               **groups)
{
  event->family = KILN_BOOT_FAMILY_ESP32;
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
  event->name = g_strdup (kiln_bootlog_group (groups, 2));
  event->explanation = g_strdup_printf (_("The firmware crashed on CPU core %u (%s)."),
                                        (guint) MIN (event->values[0], G_MAXUINT), event->name);
}

/* The same, in early ESP-IDF's order: the type, then the core. */
static void
fill_guru_typed (KilnBootlogDecoder  *self,
                 KilnBootEvent       *event,
                 char               **groups)
{
  char *swapped[] = { groups[0], (char *) kiln_bootlog_group (groups, 2),
                      (char *) kiln_bootlog_group (groups, 1), NULL };

  fill_guru (self, event, swapped);
}

static void
fill_download_disabled (KilnBootlogDecoder  *self,
                        KilnBootEvent       *event,
                        char               **groups)
{
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->explanation = g_strdup (_("An eFuse disables the ROM's serial download mode: the chip "
                                   "can no longer be flashed over the serial port."));
}

/* A failed ESP_ERROR_CHECK in ESP-IDF's board support code (the bsp_…
 * functions of a board support package), named by the check's own "func:"
 * or "expression:" line: the code that sets up the parts of the board the
 * firmware was built for did not find one. */
static void
fill_board_part_check (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  event->severity = KILN_BOOT_SEVERITY_ERROR;
  event->name = g_strdup ("board support");
  event->explanation = g_strdup (_("Where the failed check is: in the firmware's board support "
                                   "code (bsp_…), which sets up the parts of the board the "
                                   "firmware was built for, such as its display, touch "
                                   "controller or audio codec."));
}

/* The lines of a crash report after its first line: registers, the call
 * chain, a stack dump.  They say nothing about the cause by themselves,
 * but they are not unknown text either. */
static void
fill_crash_report (KilnBootlogDecoder  *self,
                   KilnBootEvent       *event,
                   char               **groups)
{
  static const char *const pc_names[] = { "PC", "MEPC" };

  event->severity = KILN_BOOT_SEVERITY_INFO;
  /* The register dump's program counter: where the CPU stopped. */
  for (guint i = 0; i < G_N_ELEMENTS (pc_names); i++)
    {
      gsize n = strlen (pc_names[i]);
      const char *p = event->text + n;

      if (strncmp (event->text, pc_names[i], n) != 0 || (*p != ' ' && *p != ':'))
        continue;
      while (*p == ' ')
        p++;
      if (*p != ':')
        continue;
      p++;
      while (*p == ' ')
        p++;
      self->crash_pc = kiln_bootlog_parse_hex (p);
      self->have_crash_pc = TRUE;
      event->values[0] = self->crash_pc;
    }
  /* The ESP8266's exception report: the address of the instruction that
   * failed.  The first one counts. */
  if (g_ascii_strncasecmp (event->text, "epc1", 4) == 0 && !self->have_epc1)
    {
      const char *p = strchr (event->text, '=');

      if (p != NULL)
        {
          self->epc1 = kiln_bootlog_parse_hex (p + 1 + strspn (p + 1, " "));
          self->have_epc1 = TRUE;
        }
    }
  if (g_ascii_strncasecmp (event->text, "Backtrace", 9) == 0)
    {
      if (self->backtrace == NULL)
        self->backtrace = kiln_boot_event_ref (event);
      event->explanation = g_strdup (_("The call chain at the crash: the firmware's developers "
                                       "turn these addresses into function names with the "
                                       "firmware's ELF file (the ESP-IDF monitor and the Arduino "
                                       "exception decoder do it)."));
    }
  else if (g_str_has_prefix (event->text, "file:") || g_str_has_prefix (event->text, "func:")
           || g_str_has_prefix (event->text, "expression:"))
    event->explanation = g_strdup (_("Where the failed check is in the firmware's source."));
  else if (g_str_has_prefix (event->text, "last failed alloc"))
    event->explanation = g_strdup (_("A memory allocation failed before the crash: the firmware "
                                     "may have run out of heap."));
  else if (g_str_has_prefix (event->text, "0x") || strstr (event->text, "Decoded 0x") != NULL
           || (event->text[0] == '#' && strstr (event->text, " in ") != NULL)
           || g_str_has_prefix (event->text + strspn (event->text, " \t"), "at "))
    {
      /* Named so that the decoder does not take it for a fault: monitors
       * read the ROM's "Saved PC" after any reset, a deliberate one too. */
      event->name = g_strdup ("address");
      event->explanation = g_strdup (_("The serial monitor's reading of an address above: "
                                       "the function and source line it lies in, found in "
                                       "the firmware's ELF file."));
    }
  else if (g_str_has_prefix (event->text, "ELF file SHA256"))
    event->explanation = g_strdup (_("Identifies the build that crashed, so that its ELF file can "
                                     "be found."));
  else
    event->explanation = g_strdup (_("Part of the crash report (CPU registers or stack): of use to "
                                     "the firmware's developers, with its ELF file."));
}

/* ---- the pattern table --------------------------------------------------- */

#define X "[0-9a-fA-F]"
#define CI G_REGEX_CASELESS
static const Pattern patterns[] = {
  /* ESP8266 first line, with or without the banner in front; hand-typed
   * copies drop the colons ("rst cause:4,boot mode(1,6)") or add spaces
   * ("rst  cause:2 , boot mode:(3,6)") or type a dot for the comma
   * ("boot mode:(3.6)"); one read at a rate a little off may garble the
   * word "cause" ("rst cauq⸮:2"), and the ", boot mode:(M,N)" after it is
   * enough to know the line. */
  { KILN_BOOT_EVENT_RESET,
    "(?:ets\\s+Jan\\s+8\\s+201[34]\\s*,\\s*)?rst\\s+(?:cause|ca\\S{2,4}?)\\s*:?\\s*(\\d+)\\s*,\\s*"
    "boot mode\\s*:?\\s*\\(\\s*(\\d+)\\s*[,.]\\s*(\\d+)\\s*\\)", CI, fill_reset_esp8266 },
  /* ESP8266 banner on its own (copies sometimes break the first line). */
  { KILN_BOOT_EVENT_ROM_BANNER, "ets\\s+Jan\\s+8(?:\\s+2013)?\\s*,?\\s*$", CI,
    fill_banner_esp8266 },
  { KILN_BOOT_EVENT_ROM_BANNER,
    "ets\\s+([A-Z][a-z]{2}\\s+\\d{1,2}\\s+\\d{4})\\s+(\\d{1,2}:\\d{2}:\\d{2})", CI,
    fill_banner_esp32 },
  /* "ESP-ROM:esp32c3-api1-20210207", "ESP-ROM:esp8684-api2-20220127". */
  /* A capture may lose the first character ("SP-ROM:esp32s3-…"). */
  { KILN_BOOT_EVENT_ROM_BANNER, "E?SP-ROM\\s*:\\s*(esp(?:32[a-z0-9]*|8684|8266))(?:-(\\S+))?", CI,
    fill_banner_esp_rom },
  { KILN_BOOT_EVENT_ROM_BUILD, "^Build\\s*:\\s*([A-Z][a-z]{2}\\s+\\d{1,2}\\s+\\d{4})", 0,
    fill_rom_build },
  /* The boot mode name may hold one level of parentheses: UART_BOOT(UART0).
   * A copy may lose the first character, as the reset cut it ("st:0x10 …");
   * one typed by hand may drop the comma or a closing parenthesis; one may
   * lose the name's end and the line break, so that the next line runs
   * into it ("(SPI_FAST_FLASHSPIWP:0xee"). */
  { KILN_BOOT_EVENT_RESET,
    "(?:^|r)st\\s*:\\s*0x(" X "+)\\s*\\(([A-Za-z0-9_]*)\\)"
    "(?:(?:\\s*,\\s*|\\s+)boot\\s*:\\s*0x(" X "+)\\s*"
    "(?:\\(((?:[^()]|\\([^()]*\\))*(?:\\([^()]*)?)\\)|\\(([A-Z][A-Z0-9_]*)(?![A-Z0-9_(])(?!.*\\)))?)?", 0,
    fill_reset_esp32 },
  { KILN_BOOT_EVENT_SAVED_PC, "Saved PC\\s*:\\s*0x(" X "+)", CI, fill_saved_pc },
  { KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD, "waiting for download", CI, fill_waiting_for_download },
  { KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD, "^wait (usb|spi|uart\\d?) download", CI,
    fill_wait_download },
  { KILN_BOOT_EVENT_WAITING_FOR_HOST, "waiting for host", CI, fill_waiting_for_host },
  { KILN_BOOT_EVENT_LOAD, "load(\\s|\\s*:)\\s*0x(" X "+)\\s*,\\s*len\\s*:?\\s*(0x" X "+|-?\\d+)"
    "(?:\\s*,\\s*room\\s*(\\d+))?", CI, fill_load },
  { KILN_BOOT_EVENT_TAIL, "^\\d+ mmu set (" X "{8}), pos " X "{8}", 0, fill_mmu_set },
  { KILN_BOOT_EVENT_TAIL,
    "(?:^|\\s)(?:ho\\s+(\\d+)\\s+)?tail\\s+(\\d+)(?:\\s+room\\s+(\\d+))?\\s*$", CI, fill_tail },
  { KILN_BOOT_EVENT_CHKSUM, "chksum\\s+0x(" X "+)(?:\\s+csum\\s+0x(" X "+))?", CI, fill_chksum },
  { KILN_BOOT_EVENT_CSUM, "csum\\s+0x(" X "+)", CI, fill_csum },
  { KILN_BOOT_EVENT_CSUM_ERR, "csum\\s+err", CI, fill_csum_err },
  /* "ets_main.c 371", an assertion naming it, or a clone ROM's "main.c 342". */
  { KILN_BOOT_EVENT_ROM_HALT, "ets_main\\.c(?:\"?\\s*,?\\s*(?:line\\s+)?(\\d+))?", CI,
    fill_rom_halt },
  { KILN_BOOT_EVENT_ROM_HALT, "^main\\.c\\s+(\\d+)\\s*$", 0, fill_rom_halt },
  { KILN_BOOT_EVENT_INVALID_IMAGE, "Invalid image block\\s*,?\\s*can'?t boot\\.?", CI,
    fill_invalid_image },
  { KILN_BOOT_EVENT_ROM_SECURE_BOOT,
    "^(?:Valid secure boot key blocks\\s*:\\s*([0-9 ]+)|secure boot verification succeeded)\\s*$",
    CI, fill_rom_secure_boot },
  { KILN_BOOT_EVENT_RECOVERY, "^(?:PRIMARY\\s*-\\s*FAIL|Loading RECOVERY Bootloader\\b.*)\\s*$", 0,
    fill_recovery },
  /* esptool's and espflash's reports, pasted with the log. */
  { KILN_BOOT_EVENT_FLASHER,
    "^(?:Chip is|Chip type\\s*:)\\s*((?i:esp)[0-9A-Za-z_-]+).*$|"
    "^(?:Crystal is|Crystal frequency\\s*:)\\s*(\\d+)\\s*MHz.*$|"
    "^(?:Auto-detected Flash size|Detected flash size|Flash size)\\s*:\\s*(\\d+)\\s*(MB|KB)\\s*$|"
    "^(?:esptool(?:\\.py)? v\\d|Serial port \\S+|Connecting\\.\\.\\.|Uploading stub\\.\\.\\.|"
    "Running stub\\.\\.\\.|Stub running\\.\\.\\.|Changing baud rate to \\d+|Changed\\.$|"
    "Configuring flash size\\.\\.\\.|Flash will be erased from 0x|Compressed \\d+ bytes to \\d+|"
    "Writing at 0x[0-9a-f]+\\.\\.\\. \\(\\d+ ?%\\)|Wrote \\d+ bytes|Hash of data verified|"
    "Leaving\\.\\.\\.$|Hard resetting via RTS pin|Features\\s*:|MAC\\s*:\\s*[0-9a-f]{2}:|"
    "Flash params set to 0x|Erasing flash|Chip erase completed).*$", CI,
    fill_flasher },

  /* Three or four dashes and a word: a long run of dashes is a crash
   * report's border ("--------------- CUT HERE …"). */
  { KILN_BOOT_EVENT_FLASHER, "^-{3,4} (?:(Executing monitor command)|[A-Za-z]).*$", 0,
    fill_monitor_line },

  /* A copy may end the line with the poster's Markdown ("ets_loader.c 78_"). */
  { KILN_BOOT_EVENT_ROM_HALT, "^ets_loader\\.c\\s+(\\d+)(?:\\s*[_*]*)\\s*$", 0, fill_loader_halt },
  { KILN_BOOT_EVENT_CONFIGSIP, "configsip\\s*:\\s*(\\d+)\\s*,\\s*SPIWP\\s*:\\s*0x(" X "+)", CI,
    fill_configsip },
  { KILN_BOOT_EVENT_CONFIGSIP, "^()SPIWP\\s*:\\s*0x(" X "+)", CI, fill_configsip },
  { KILN_BOOT_EVENT_CLK_DRV, "clk_drv\\s*:\\s*0x" X "+\\s*,\\s*q_drv\\S*", CI, fill_clk_drv },
  /* The S3's ROM spells the single-line modes FAST_RD and SLOW_RD; the
   * C5's and the P4's ROMs write "SPI mode:DIO, clock div:1", which is
   * not the ESP8266 boot loader's "SPI Mode : DIO". */
  { KILN_BOOT_EVENT_FLASH_MODE, "(?:SPI )?mode\\s*:\\s*(QIO|QOUT|DIO|DOUT|FAST_?RD|SLOW_?RD)\\s*,\\s*"
    "clock div\\s*:\\s*(\\d+)", CI, fill_flash_mode },
  { KILN_BOOT_EVENT_FLASH_MODE,
    "^(Octal Flash Mode Enabled|For OPI Flash,?\\s*Use Default Flash Boot Mode)\\.?\\s*$", CI,
    fill_flash_mode },
  { KILN_BOOT_EVENT_ENTRY, "entry\\s+0x(" X "+)", CI, fill_entry },
  /* Copies of logs in forum posts carry the typo "invalrd header", and
   * hand-typed ones the letter O for the zero of "0x". */
  { KILN_BOOT_EVENT_INVALID_HEADER, "inval[a-z]d header\\s*:?\\s*[0O]x(" X "+)", CI,
    fill_invalid_header },
  { KILN_BOOT_EVENT_FLASH_READ_ERR, "flash read err\\s*,\\s*(?:0x)?(" X "+)", CI,
    fill_flash_read_err },
  { KILN_BOOT_EVENT_CHECKSUM_FAILURE, "Checksum failure\\.?\\s*Calculated\\s+0x(" X "+)\\s*,?\\s*"
    "stored\\s+0x(" X "+)", CI, fill_checksum_failure },
  { KILN_BOOT_EVENT_SDK_BOOT_VERSION,
    "2nd boot version\\s*:\\s*([0-9.]+)(?:\\s*\\(\\s*(\\w+)\\s*\\))?", CI, fill_sdk_boot_version },
  { KILN_BOOT_EVENT_SDK_SPI_SPEED, "SPI Speed\\s*:\\s*(\\d+(?:\\.\\d+)?\\s*MHz)", CI,
    fill_sdk_spi_speed },
  { KILN_BOOT_EVENT_SDK_SPI_MODE, "SPI Mode\\s*:\\s*(QIO|QOUT|DIO|DOUT)", CI, fill_sdk_spi_mode },
  { KILN_BOOT_EVENT_SDK_FLASH_MAP, "SPI Flash Size\\s*&\\s*Map\\s*:\\s*(\\d+)\\s*Mbit"
    "(?:\\s*\\(\\s*(\\d+)\\s*KB\\s*\\+\\s*\\d+\\s*KB\\s*\\))?", CI, fill_sdk_flash_map },
  /* Some builds of boot.bin leave the slot out ("jump to run @ 10000"). */
  { KILN_BOOT_EVENT_SDK_JUMP, "jump to run(?: user\\s*(\\d))?\\s*@\\s*(?:0x)?(" X "+)", CI,
    fill_sdk_jump },
  { KILN_BOOT_EVENT_MAP_MISMATCH, "mismatch map\\s*(\\d+)\\s*,\\s*spi_size_map\\s*(\\d+)", CI,
    fill_map_mismatch },
  { KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, "system param partition error", CI,
    fill_system_param_error },
  { KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, "system param error", CI, fill_system_param_old },
  { KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR, "^need boot 1\\.\\d+\\+?", CI, fill_need_boot },
  { KILN_BOOT_EVENT_EBOOT, "^(?:v[0-9a-f]{8}|~ld)$", 0, fill_eboot },
  { KILN_BOOT_EVENT_SDK_BOOT_VERSION,
    "^(?:rBoot v([0-9.]+)|Flash Mode\\s*:\\s*(QIO|QOUT|DIO|DOUT)|Booting rom (\\d+)"
    "|Flash Size\\s*:\\s*(\\d+)\\s*Mbit\\s*$|Flash Speed\\s*:\\s*(\\d+(?:\\.\\d+)?\\s*MHz)\\s*$"
    "|rBoot Option\\s*:\\s*(\\S.*?)\\s*$)", CI,
    fill_rboot },
  { KILN_BOOT_EVENT_HASH_MISMATCH, "SHA-256 comparison failed", CI, fill_hash_mismatch },
  { KILN_BOOT_EVENT_HASH_MISMATCH,
    "^(?:(Calculated|Expected)\\s*:\\s*(" X "{64})|Attempting to boot anyway)\\.*\\s*$", CI,
    fill_hash_detail },
  { KILN_BOOT_EVENT_PARTITION_TABLE_FAIL, "system_partition_table_regist fail", CI,
    fill_partition_table_fail },
  { KILN_BOOT_EVENT_PARTITION_TABLE_OK, "system_partition_table_regist\\s*\\d*\\s*success", CI,
    fill_partition_table_ok },
  { KILN_BOOT_EVENT_RF_CAL_ERROR, "rf_cal\\[0\\]\\s*!=\\s*0x(" X "+)\\s*,\\s*is\\s*0x(" X "+)", CI,
    fill_rf_cal },
  { KILN_BOOT_EVENT_FATAL_EXCEPTION,
    "(?:Fatal exception|^Exception)\\s*\\(?\\s*(\\d+)\\s*\\)?(?:\\s*\\((\\w+?)(?:Cause)?\\))?", CI,
    fill_fatal_exception },
  { KILN_BOOT_EVENT_FATAL_EXCEPTION, "Fatal exception:(\\d+) flag:2\\b.*$", 0,
    fill_reset_info_exception },
  /* A copy may lose the first character, as the reset cut it ("dt reset"). */
  { KILN_BOOT_EVENT_WDT_RESET, "^w?dt reset", CI, fill_wdt_reset },
  { KILN_BOOT_EVENT_GURU_MEDITATION, "Guru Meditation Error\\s*:\\s*Core\\s+(\\d+)\\s+panic'ed\\s*"
    "\\(([^)]*)\\)", CI, fill_guru },
  /* Early ESP-IDF's words: "Guru Meditation Error of type StoreProhibited
   * occurred on core  0. Exception was unhandled." */
  { KILN_BOOT_EVENT_GURU_MEDITATION,
    "Guru Meditation Error of type (\\w+) occurred on core\\s+(\\d+)", CI, fill_guru_typed },
  /* The ESP32 ROM's words, then the C3's and later ROMs' (an eFuse that
   * disables every download boot mode). */
  { KILN_BOOT_EVENT_DOWNLOAD_DISABLED, "Download mode is disabled", CI, fill_download_disabled },
  { KILN_BOOT_EVENT_DOWNLOAD_DISABLED, "Download boot modes? (?:is |are )?disabled", CI,
    fill_download_disabled },
  /* Before the crash report's other lines: a failed check's place, when
   * it is board support code. */
  { KILN_BOOT_EVENT_BOARD_PART,
    "^(?:func\\s*:\\s*" KILN_BOOTLOG_BSP_PART "\\s*$"
    "|expression\\s*:\\s*" KILN_BOOTLOG_BSP_PART "\\s*\\()", 0, fill_board_part_check },
  /* A crash report's further lines: ESP-IDF's register dump (Xtensa and
   * RISC-V names), backtrace and memory dumps, the ESP8266 cores' stack
   * dump and exception registers, a failed ESP_ERROR_CHECK's place. */
  { KILN_BOOT_EVENT_CRASH_REPORT,
    "^(?:(?:Core\\s+\\d+\\s+)?(?:[Rr]egister dump|was running in ISR context)"
    "|(?:PC|PS|SAR|EXCCAUSE|EXCVADDR|LBEG|LEND|LCOUNT|EPC\\d|EXCSAVE\\d|MEPC|MSTATUS|MTVEC|MCAUSE"
    "|MTVAL|MHARTID|RA|SP|GP|TP|S0/FP|[AST]\\d{1,2})\\s*:\\s*0x" X "{8}"
    "|Backtrace\\s*:|ELF file SHA256\\s*:|Memory dump at 0x" X "+|Stack memory\\s*:"
    "|>>>stack>>>|<<<stack<<<|ctx\\s*:\\s*\\w+\\s*$|sp\\s*:\\s*" X "+\\s+end\\s*:\\s*" X "+"
    "|-+\\s*CUT HERE FOR EXCEPTION DECODER|epc1\\s*=\\s*0x" X "+|" X "{8}\\s*:\\s+(?:0x)?" X "{8}"
    "|file\\s*:\\s*\"[^\"]+\"\\s*line\\s+\\d+|func\\s*:\\s*\\w+\\s*$|expression\\s*:\\s*\\S"
    "|CPU halted\\.|Entering gdb stub now\\.|Setting breakpoint at 0x" X "+"
    "|last failed alloc call\\s*:).*$", 0,
    fill_crash_report },
  /* The ESP-IDF monitor's reading of an address it saw ("0x4002fb74:
   * _xt_context_save at …/xtensa_context.S:126"): the computer's words,
   * not the firmware's. */
  { KILN_BOOT_EVENT_CRASH_REPORT, "^0x" X "{8}\\s*:\\s+\\S+\\s+at\\s+\\S.*$", 0,
    fill_crash_report },
  /* The same reading by ESPHome's log viewer ("WARNING Decoded
   * 0x40381a90: esp_restart_noos_dig at …/esp_system.c:44") and by
   * espflash's monitor ("0x4080041e - get_buffer_malloc", then "at
   * …/file.c:193" or "at ??:??"): a function named in them is where the
   * firmware was, not something it did. */
  { KILN_BOOT_EVENT_CRASH_REPORT, "^(?:WARNING\\s+)?Decoded\\s+0x" X "{8}\\s*:\\s+\\S.*$", 0,
    fill_crash_report },
  { KILN_BOOT_EVENT_CRASH_REPORT, "^0x" X "{8}\\s+-\\s+\\S+\\s*$", 0, fill_crash_report },
  /* PlatformIO's exception decoder ("  #0  0x400e0c1f:0x3ffcb360 in
   * loop() at src/main.cpp:69"): the computer's reading of a backtrace. */
  { KILN_BOOT_EVENT_CRASH_REPORT, "^#\\d+\\s+0x" X "{8}:0x" X "{8}\\s+in\\s+\\S.*$", 0,
    fill_crash_report },
  { KILN_BOOT_EVENT_CRASH_REPORT, "^\\s*at\\s+(?:\\S+:\\d+|\\?\\?:\\?\\?)\\s*$", 0,
    fill_crash_report },
  /* ESP-IDF: "I (395) boot: message"; the stamp may be wall-clock time. */
  /* The message ends at the line's end, or where a ROM banner or reset
   * line follows in a copy that ran lines together. */
  { KILN_BOOT_EVENT_IDF_LOG, "^([EWIDV]) \\((\\d+|[0-9:.]+)\\) ([^:]+?): ?(.*?)"
    "(?=\\s+(?:ESP-ROM:|ets [A-Z][a-z]{2} |rst:0x)|$)", 0, kiln_bootlog_fill_idf_log },
  /* The Arduino core's "[E][WiFiGeneric.cpp:1038] begin(): message" and
   * ESPHome's "[I][logger:165]: message", whose levels add C (its
   * configuration) and VV (a time stamp in front of either is taken off
   * first); like ESP-IDF's, the copy may run a ROM line on. */
  { KILN_BOOT_EVENT_IDF_LOG,
    "^\\[([EWIDC]|VV?)\\]\\[([^\\]:\\s]+)(?::\\d+)?\\]:?\\s*(?:[A-Za-z_][\\w:~]*\\(\\)\\s*:\\s*)?(.*?)"
    "(?=\\s+(?:ESP-ROM:|ets [A-Z][a-z]{2} |rst:0x)|$)", 0, kiln_bootlog_fill_app_log },
  /* MCUboot's Espressif port: "[esp32s2] [INF] Loading image 0 - slot 0". */
  { KILN_BOOT_EVENT_IDF_LOG, "^\\[(esp32\\w*|esp8266)\\] \\[(INF|WRN|ERR|DBG)\\] ?(.*)$", 0,
    kiln_bootlog_fill_mcuboot_log },
};
#undef X
#undef CI

/* The patterns compiled once per process and never changed afterwards
 * (GRegex is immutable and may be shared between threads): compiling and
 * optimising them costs more than decoding a whole boot log.  The last
 * entry is the time-stamp pattern. */
GRegex **
kiln_bootlog_lines_compiled (void)
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
                     "|\\(?\\d{1,2}:\\d{2}:\\d{2}(?:[.,:]\\d+)?\\)?\\s*->"
                     "|\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\s*(?:->|:|\\|)?)"
                     "\\s*",
                     G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (regexes[G_N_ELEMENTS (patterns)] != NULL);
      g_once_init_leave (&compiled, regexes);
    }
  kiln_bootlog_messages_compiled ();
  return compiled;
}

GRegex *
kiln_bootlog_lines_timestamp (void)
{
  return kiln_bootlog_lines_compiled ()[G_N_ELEMENTS (patterns)];
}

typedef struct
{
  gint   start;
  gint   end;
  guint  row;      /* patterns[], then messages[] after them */
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
  if (ca->row != cb->row)
    return ca->row < cb->row ? -1 : 1;
  return 0;
}

static void
collect (GRegex     *regex,
         const char *text,
         guint       row,
         GArray     *found)
{
  g_autoptr(GMatchInfo) info = NULL;

  g_regex_match (regex, text, 0, &info);
  while (g_match_info_matches (info))
    {
      Candidate c = { 0 };
      g_match_info_fetch_pos (info, 0, &c.start, &c.end);
      c.row = row;
      c.groups = g_match_info_fetch_all (info);
      g_array_append_val (found, c);
      if (!g_match_info_next (info, NULL))
        break;
    }
}

/* Whether @text holds more than white space before @end. */
static gboolean
has_text_before (const char *text,
                 gint        end)
{
  for (gint i = 0; i < end; i++)
    if (!g_ascii_isspace (text[i]))
      return TRUE;
  return FALSE;
}

/**
 * kiln_bootlog_lines_match:
 * @line: the cleaned line, as shown
 * @before: (nullable): what was skipped in front of @text (a terminal's
 *   time stamp, junk, a quote marker)
 * @text: the part the patterns see (time stamp and junk skipped)
 *
 * Emits an event for every recognised piece of @text.  The first one's
 * text starts with @before, once the event has been read, so a display
 * shows the line as it came.
 *
 * Returns: %FALSE when nothing in the line was recognised
 */
gboolean
kiln_bootlog_lines_match (KilnBootlogDecoder *self,
                          const char         *line,
                          const char         *before,
                          const char         *text)
{
  GRegex **messages_re = kiln_bootlog_messages_compiled ();
  guint n_messages = kiln_bootlog_messages_count ();
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  gint covered = 0;
  gint start;
  guint last_used = G_MAXUINT;

  g_array_set_clear_func (found, candidate_clear);
  if (*text == '\0')
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    collect (self->regexes[i], text, i, found);
  /* The first message in table order names the line (they are ordered from
   * specific to general). */
  for (guint i = 0; i < n_messages; i++)
    {
      guint n_found = found->len;

      collect (messages_re[i], text, G_N_ELEMENTS (patterns) + i, found);
      if (found->len > n_found)
        {
          g_array_set_size (found, n_found + 1);
          break;
        }
    }
  if (found->len == 0)
    return FALSE;

  g_array_sort (found, candidate_compare);
  /* The last piece that will be read keeps what follows it to the end of
   * the line too ("wdt reset" in "wdt reset and more", the colon after
   * "Fatal exception 28(LoadProhibitedCause)"), so that no character of
   * the line is lost from the display. */
  {
    gint reach = 0;

    for (guint i = 0; i < found->len; i++)
      {
        Candidate *c = &g_array_index (found, Candidate, i);

        if (c->start < reach)
          continue;
        last_used = i;
        reach = c->row < G_N_ELEMENTS (patterns) ? MAX (c->end, c->start + 1) : G_MAXINT;
      }
  }
  for (guint i = 0; i < found->len; i++)
    {
      Candidate *c = &g_array_index (found, Candidate, i);
      g_autoptr(KilnBootEvent) event = NULL;
      g_autofree char *part = NULL;

      if (c->start < covered)
        continue;
      if (i == last_used)
        c->end = (gint) strlen (text);
      /* The first piece of a line keeps what comes before it ("assert
       * failed: … (" before "flash_ret == ESP_OK)", a poster's "**", the
       * end of a line the copy ran into this one): every character the
       * board printed is shown. */
      start = covered == 0 && has_text_before (text, c->start) ? 0 : c->start;
      covered = MAX (c->end, c->start + 1);
      part = g_strndup (text + start, (gsize) (c->end - start));
      if (c->row < G_N_ELEMENTS (patterns))
        {
          event = kiln_bootlog_event_new (patterns[c->row].kind, line, part);
          patterns[c->row].fill (self, event, c->groups);
        }
      else
        {
          guint row = c->row - G_N_ELEMENTS (patterns);

          /* A firmware message stands for its whole line. */
          event = kiln_bootlog_event_new (kiln_bootlog_messages_kind (row), line, text + start);
          kiln_bootlog_messages_apply (self, event, row, c->groups);
          covered = G_MAXINT;
        }
      if (before != NULL)
        {
          char *shown = g_strconcat (before, event->text, NULL);

          g_free (event->text);
          event->text = shown;
          before = NULL;
        }
      kiln_bootlog_emit (self, event);
    }
  return TRUE;
}
