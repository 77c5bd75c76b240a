/* kiln-bootlog-lines-rom.c: what the boot ROMs print, and the flashers'
 * and serial monitors' reports pasted among their lines.
 *
 * Banners, reset causes and boot modes, the loader's segment lines, the
 * ROMs' halts and complaints about the flash.  The fill functions give each
 * event its numbers and explanation, and note what the current boot showed
 * (kiln-bootlog-private.h, KilnBootRecord).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-lines-private.h"

static const char *
level_text (gboolean high)
{
  return high ? C_("pin level", "high") : C_("pin level", "low");
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

/* Banners cut short, one after another on a line: "ESP-ROM:?ESP?ESP-ROM:…".
 * The chip reset while its ROM was still printing its first words, and
 * again, and again, so no line break ever came between them.  Nothing
 * the firmware does can reset the chip that early: its supply or its EN
 * (reset) line is unstable.  The banner itself does not begin a boot
 * here: no reset line or boot mode came with any of them. */
static void
fill_banner_cut (KilnBootlogDecoder  *self,
                 KilnBootEvent       *event,
                 char               **groups)
{
  const char *text = event->text;
  gboolean esp8266 = strstr (text, "Jan") != NULL && strstr (text, "ROM") == NULL;
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (g_str_has_prefix (p, "ESP-ROM") || g_str_has_prefix (p, "SP-ROM")
        || g_ascii_strncasecmp (p, "ets J", 5) == 0)
      {
        n++;
        p += 4;
      }
  event->values[0] = n;
  kiln_bootlog_set_chip (self, esp8266 ? KILN_BOOT_FAMILY_ESP8266 : KILN_BOOT_FAMILY_ESP32,
                         NULL);
  event->explanation = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "The boot ROM began its first line %u time "
                                                     "and was cut off by a reset before it could "
                                                     "finish it.",
                                                     "The boot ROM began its first line %u times "
                                                     "and was cut off by a reset each time before "
                                                     "it could finish it.", n),
                                        n);
  g_clear_pointer (&self->banner_cut, kiln_boot_event_unref);
  self->banner_cut = kiln_boot_event_ref (event);
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
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->values[1] = self->last_chksum;
  if (self->have_chksum && self->last_chksum != event->values[0])
    {
      event->values[2] = 1;
      event->severity = KILN_BOOT_SEVERITY_ERROR;
      checksum_read (self, FALSE);
      event->explanation =
        g_strdup_printf (_("The checksum over the whole image (0x%02x) is not the running "
                           "checksum after its last segment (0x%02x), as the ROM prints it: "
                           "the log is garbled here."),
                         (guint) event->values[0], (guint) self->last_chksum);
      return;
    }
  /* The ROM prints its own sum, never the byte stored in the image (the
   * real ESP8266 ROM, under emulation, printed "csum 0xef" before "csum
   * err" for an image whose stored byte was 0xcd): a mismatch shows only
   * as the "csum err" that follows. */
  checksum_read (self, TRUE);
  event->explanation = g_strdup_printf (_("The checksum the ROM computed over the whole image: "
                                          "0x%02x. It compares it with the one stored at the "
                                          "image's end, which it does not print, and says "
                                          "“csum err” if they differ."),
                                        (guint) event->values[0]);
}

static void
fill_csum_err (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
  KilnBootRecord *boot = kiln_bootlog_current_boot (self);

  checksum_read (self, FALSE);
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
  event->explanation = g_strdup (_("The boot ROM gives up here (this names the place in its "
                                   "code) and halts, or waits for the watchdog to reset it."));
}

/* The ESP32 ROM's console: the line that says it opens, and the "OK" it
 * answers with (see in_rom_console()). */
static void
fill_rom_console (KilnBootlogDecoder  *self,
                  KilnBootEvent       *event,
                  char               **groups)
{
  event->name = g_strdup ("console");
}

/* "OK" is the ROM console's only right after it opened; anywhere else it
 * is some firmware's answer to a command (AT's), which is not read. */
static gboolean
in_rom_console (KilnBootlogDecoder *self)
{
  return self->rom_console;
}

/* The recovery bootloader of the newer chips (ESP-IDF's bootloader guide):
 * when the bootloader at its offset does not load, the ROM says "PRIMARY -
 * FAIL" and loads the copy at the offset an eFuse names. */
static void
fill_recovery (KilnBootlogDecoder  *self,
               KilnBootEvent       *event,
               char               **groups)
{
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

  event->values[0] = kiln_bootlog_parse_num (kiln_bootlog_group (groups, 1));
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
  kiln_bootlog_note_header_mode (boot, event->name);
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
  const char *word = kiln_bootlog_group (groups, 1);

  if (boot != NULL)
    boot->read_failed = TRUE;
  event->values[0] = kiln_bootlog_parse_hex (word);
  /* Cut short by a reset, the next boot's banner right after it: the word
   * the ROM read is not all there. */
  if (strlen (word) < 8
      && (strstr (event->line, "SP-ROM") != NULL || g_strrstr (event->line, "ets J") != NULL))
    event->explanation = g_strdup (_("The data where the bootloader should start is not a "
                                     "bootloader image; a reset cut the line short before the "
                                     "word the ROM read was printed in full."));
  else if (event->values[0] == 0xffffffff)
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
  /* The ROM prints the offset in hex without 0x ("1000"). */
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->explanation = g_strdup_printf (_("The ROM could not read the flash at 0x%x."),
                                        (guint) event->values[0]);
}

static void
fill_checksum_failure (KilnBootlogDecoder  *self,
                       KilnBootEvent       *event,
                       char               **groups)
{
  checksum_read (self, FALSE);
  event->values[0] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 1));
  event->values[1] = kiln_bootlog_parse_hex (kiln_bootlog_group (groups, 2));
  event->explanation =
    g_strdup_printf (_("The bootloader image's checksum is wrong: computed 0x%02x, stored 0x%02x."),
                     (guint) event->values[0], (guint) event->values[1]);
}

/* ---- the patterns ------------------------------------------------------ */

#define X KILN_BOOTLOG_HEX
#define CI G_REGEX_CASELESS
/* First in the table: a line the ROM printed is read as the ROM's. */
const KilnBootlogPattern kiln_bootlog_rom_patterns[] = {
  /* Three banner starts or more on one line, each cut off within a few
   * characters by the next one or the line's end: the chip resets before
   * its ROM has said a line.  A whole banner after them is read as such. */
  { KILN_BOOT_EVENT_ROM_BANNER,
    "(?:(?:E?SP-ROM\\s*:|ets\\s+J(?:an|un)\\s+8).{0,12}?"
    "(?=E?SP-ROM\\s*:|ets\\s+J(?:an|un)\\s+8|\\s*$)){3,}",
    0, fill_banner_cut,
    .severity = KILN_BOOT_SEVERITY_ERROR },
  /* ESP8266 first line, with or without the banner in front; hand-typed
   * copies drop the colons ("rst cause:4,boot mode(1,6)") or add spaces
   * ("rst  cause:2 , boot mode:(3,6)") or type a dot for the comma
   * ("boot mode:(3.6)"); one read at a rate a little off may garble the
   * word "cause" ("rst cauq⸮:2"), and the ", boot mode:(M,N)" after it is
   * enough to know the line. */
  { KILN_BOOT_EVENT_RESET,
    "(?:ets\\s+Jan\\s+8\\s+201[34]\\s*,\\s*)?rst\\s+(?:cause|ca\\S{2,4}?)\\s*:?\\s*(\\d+)\\s*,\\s*"
    "boot mode\\s*:?\\s*\\(\\s*(\\d+)\\s*[,.]\\s*(\\d+)\\s*\\)", CI, fill_reset_esp8266,
    .family = KILN_BOOT_FAMILY_ESP8266 },
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
    fill_reset_esp32,
    .severity = KILN_BOOT_SEVERITY_INFO },
  { KILN_BOOT_EVENT_SAVED_PC, "Saved PC\\s*:\\s*0x(" X "+)", CI, fill_saved_pc },
  { KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD, "waiting for download", CI, fill_waiting_for_download },
  { KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD, "^wait (usb|spi|uart\\d?) download", CI,
    fill_wait_download },
  { KILN_BOOT_EVENT_WAITING_FOR_HOST, "waiting for host", CI,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_ERROR,
    .explanation = N_("The ESP8266 is in SDIO boot mode and waits for an SDIO host, so the "
                      "firmware will not run.") },
  { KILN_BOOT_EVENT_LOAD, "load(\\s|\\s*:)\\s*0x(" X "+)\\s*,\\s*len\\s*:?\\s*(0x" X "+|-?\\d+)"
    "(?:\\s*,\\s*room\\s*(\\d+))?", CI, fill_load },
  { KILN_BOOT_EVENT_TAIL, "^\\d+ mmu set (" X "{8}), pos " X "{8}", 0, fill_mmu_set,
    .family = KILN_BOOT_FAMILY_ESP32 },
  { KILN_BOOT_EVENT_TAIL,
    "(?:^|\\s)(?:ho\\s+(\\d+)\\s+)?tail\\s+(\\d+)(?:\\s+room\\s+(\\d+))?\\s*$", CI, fill_tail },
  { KILN_BOOT_EVENT_CHKSUM, "chksum\\s+0x(" X "+)(?:\\s+csum\\s+0x(" X "+))?", CI, fill_chksum,
    .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_CSUM, "csum\\s+0x(" X "+)", CI, fill_csum,
    .family = KILN_BOOT_FAMILY_ESP8266 },
  { KILN_BOOT_EVENT_CSUM_ERR, "csum\\s+err", CI, fill_csum_err,
    .family = KILN_BOOT_FAMILY_ESP8266, .severity = KILN_BOOT_SEVERITY_ERROR },
  /* "ets_main.c 371", an assertion naming it, or a clone ROM's "main.c 342". */
  { KILN_BOOT_EVENT_ROM_HALT, "ets_main\\.c(?:\"?\\s*,?\\s*(?:line\\s+)?(\\d+))?", CI,
    fill_rom_halt,
    .severity = KILN_BOOT_SEVERITY_ERROR },
  { KILN_BOOT_EVENT_ROM_HALT, "^main\\.c\\s+(\\d+)\\s*$", 0, fill_rom_halt,
    .severity = KILN_BOOT_SEVERITY_ERROR },
  /* The ESP32 ROM, with nothing it can start (a checksum wrong, a flash
   * read failed), opens its console on UART0; the emulated ESP32 ROM
   * prints it after "csum err:0xeb!=0xef", then "OK" and ">". */
  { KILN_BOOT_EVENT_ROM_HALT, "^Falling back to built-in command interpreter\\.?\\s*$", 0,
    fill_rom_console,
    .family = KILN_BOOT_FAMILY_ESP32, .severity = KILN_BOOT_SEVERITY_ERROR,
    .explanation = N_("The boot ROM found nothing it could start and opened its own command "
                      "console (it answers “OK” and prompts “>”); the chip waits there until "
                      "it is reset.") },
  { KILN_BOOT_EVENT_ROM_HALT, "^OK\\s*$", 0, fill_rom_console,
    .family = KILN_BOOT_FAMILY_ESP32, .applies = in_rom_console,
    .explanation = N_("The ROM's command console says it is ready; it prompts “>” and waits "
                      "for commands until the chip is reset.") },
  /* The code the ROM started returned to it: a second stage that gave up
   * (ESP-IDF's "No bootable app partitions", the ESP8266 SDK's boot.bin's
   * "backup boot failed"; esp-idf issue 1814 traces it to the ROM). */
  { KILN_BOOT_EVENT_ROM_HALT, "^user code done\\s*$", 0,
    .severity = KILN_BOOT_SEVERITY_ERROR,
    .explanation = N_("The bootloader the ROM started gave up and returned to the ROM, which "
                      "halts: the lines before this say why.") },
  /* "Invalid image block, can't boot.": the newer ROMs found an image header
   * at the bootloader offset and could not load what follows it. */
  { KILN_BOOT_EVENT_INVALID_IMAGE, "Invalid image block\\s*,?\\s*can'?t boot\\.?", CI,
    .family = KILN_BOOT_FAMILY_ESP32, .severity = KILN_BOOT_SEVERITY_ERROR,
    .explanation = N_("The ROM found an image header at the bootloader offset but could not load "
                      "the image behind it.") },
  { KILN_BOOT_EVENT_ROM_SECURE_BOOT,
    "^(?:Valid secure boot key blocks\\s*:\\s*([0-9 ]+)|secure boot verification succeeded)\\s*$",
    CI, fill_rom_secure_boot,
    .family = KILN_BOOT_FAMILY_ESP32 },
  { KILN_BOOT_EVENT_RECOVERY, "^(?:PRIMARY\\s*-\\s*FAIL|Loading RECOVERY Bootloader\\b.*)\\s*$", 0,
    fill_recovery,
    .family = KILN_BOOT_FAMILY_ESP32, .severity = KILN_BOOT_SEVERITY_WARNING },
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
  { KILN_BOOT_EVENT_ROM_HALT, "^ets_loader\\.c\\s+(\\d+)(?:\\s*[_*]*)\\s*$", 0, fill_loader_halt,
    .family = KILN_BOOT_FAMILY_ESP32, .severity = KILN_BOOT_SEVERITY_ERROR },
  { KILN_BOOT_EVENT_CONFIGSIP, "configsip\\s*:\\s*(\\d+)\\s*,\\s*SPIWP\\s*:\\s*0x(" X "+)", CI,
    fill_configsip,
    .family = KILN_BOOT_FAMILY_ESP32 },
  { KILN_BOOT_EVENT_CONFIGSIP, "^()SPIWP\\s*:\\s*0x(" X "+)", CI, fill_configsip,
    .family = KILN_BOOT_FAMILY_ESP32 },
  { KILN_BOOT_EVENT_CLK_DRV, "clk_drv\\s*:\\s*0x" X "+\\s*,\\s*q_drv\\S*", CI, fill_clk_drv,
    .family = KILN_BOOT_FAMILY_ESP32 },
  /* The S3's ROM spells the single-line modes FAST_RD and SLOW_RD; the
   * C5's and the P4's ROMs write "SPI mode:DIO, clock div:1", which is
   * not the ESP8266 boot loader's "SPI Mode : DIO". */
  { KILN_BOOT_EVENT_FLASH_MODE, "(?:SPI )?mode\\s*:\\s*(QIO|QOUT|DIO|DOUT|FAST_?RD|SLOW_?RD)\\s*,\\s*"
    "clock div\\s*:\\s*(\\d+)", CI, fill_flash_mode,
    .family = KILN_BOOT_FAMILY_ESP32 },
  { KILN_BOOT_EVENT_FLASH_MODE,
    "^(Octal Flash Mode Enabled|For OPI Flash,?\\s*Use Default Flash Boot Mode)\\.?\\s*$", CI,
    fill_flash_mode,
    .family = KILN_BOOT_FAMILY_ESP32 },
  { KILN_BOOT_EVENT_ENTRY, "entry\\s+0x(" X "+)", CI, fill_entry,
    .family = KILN_BOOT_FAMILY_ESP32 },
  /* Copies of logs in forum posts carry the typo "invalrd header", and
   * hand-typed ones the letter O for the zero of "0x".  A reset may cut
   * the word short, and the next boot's banner run into it ("invalid
   * header: 0xfESP-ROM:esp32c3-…"): the banner's E is not one of its
   * digits. */
  { KILN_BOOT_EVENT_INVALID_HEADER,
    "inval[a-z]d header\\s*:?\\s*[0O]x(" X "+?)(?=E?SP-ROM\\s*:|ets\\s|[^0-9a-fA-F]|$)", CI,
    fill_invalid_header,
    .family = KILN_BOOT_FAMILY_ESP32, .severity = KILN_BOOT_SEVERITY_ERROR },
  { KILN_BOOT_EVENT_FLASH_READ_ERR, "flash read err\\s*,\\s*(?:0x)?(" X "+)", CI,
    fill_flash_read_err,
    .family = KILN_BOOT_FAMILY_ESP32, .severity = KILN_BOOT_SEVERITY_ERROR },
  { KILN_BOOT_EVENT_CHECKSUM_FAILURE, "Checksum failure\\.?\\s*Calculated\\s+0x(" X "+)\\s*,?\\s*"
    "stored\\s+0x(" X "+)", CI, fill_checksum_failure,
    .family = KILN_BOOT_FAMILY_ESP32, .severity = KILN_BOOT_SEVERITY_ERROR },
};
#undef X
#undef CI

const guint kiln_bootlog_rom_patterns_count = G_N_ELEMENTS (kiln_bootlog_rom_patterns);
