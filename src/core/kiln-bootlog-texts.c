/* kiln-bootlog-texts.c: what a finding tells the user: the title, the
 * explanation in terms of the log and the chip, and the fix.
 *
 * The rules (kiln-bootlog-rules.c) decide what is wrong; this file only
 * words it, with the facts of the chip the log came from (its boot pin, its
 * bootloader offset, its straps).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-finding.h"

/* Whether the line @f rests on is the ESP8266's: its ROM numbers resets
 * its own way, and its code runs from the flash. */
static gboolean
on_esp8266 (const KilnBootFinding *f)
{
  return f->evidence != NULL && f->evidence->family == KILN_BOOT_FAMILY_ESP8266;
}

static gint
known_map (KilnBootlogDecoder *self)
{
  /* What the header at 0x0 says beats what the user set: the SDK looks
   * for its data where the header tells it to. */
  return self->header_map >= 0 ? self->header_map : self->user_map;
}

static void
texts_init_data (KilnBootlogDecoder  *self,
                 const KilnBootEvent *event,
                 KilnBootDiagnosis   *d)
{
  const KilnFlashMap *map = kiln_bootlog_flash_map (known_map (self));

  d->explanation = g_strdup_printf (_("The ESP8266 SDK found no RF (PHY) init data: the sector "
                                      "where esp_init_data_default.bin belongs is erased (its "
                                      "first byte reads 0x%02X instead of 0x%02X)."),
                                    (guint) MIN (event->values[1], 255),
                                    (guint) MIN (event->values[0], 255));
  if (map != NULL)
    {
      /* The SDK looks at the end of the flash size the header announces. */
      g_autofree char *what = kiln_bootlog_flash_map_setting (map->map);
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

/* Which pin, in the last reset line, broke the boot mode. */
static char *
wrong_strap_sentence (KilnBootlogDecoder *self,
                      const KilnBootEvent *reset)
{
  const KilnBootStrap *boot = kiln_bootlog_strap_by_role (self->chip, KILN_STRAP_BOOT);
  const KilnBootStrap *second = NULL;

  if (reset->values[2])
    second = kiln_bootlog_strap_boot2_wrong (self->chip, (guint32) reset->values[1]);
  if (boot == NULL || second == NULL)
    return NULL;
  /* The ESP32's GPIO2 and the S2's and S3's GPIO46 must be low with the
   * boot pin low; the RISC-V chips' GPIO8 (C5: GPIO27) must be high. */
  if (!second->download_high)
    return g_strdup_printf (_("%s was low but %s was high at reset; %s must be low (or "
                              "floating) whenever %s is low."),
                            boot->pin, second->pin, second->pin, boot->pin);
  return g_strdup_printf (_("%s was low and so was %s; %s must be high whenever %s is low."),
                          boot->pin, second->pin, second->pin, boot->pin);
}

static void
texts_straps (KilnBootlogDecoder  *self,
              const KilnBootEvent *event,
              KilnBootDiagnosis   *d)
{
  g_autofree char *which = NULL;
  const KilnBootStrap *second;

  if (event->family == KILN_BOOT_FAMILY_ESP8266)
    {
      d->explanation = g_strdup_printf (_("GPIO2 was low at reset (boot mode %u), which is "
                                          "not a usable boot mode."),
                                        (guint) MIN (event->values[1], 7));
      d->fix = g_strdup (_("GPIO2 must be high or floating at reset; for a normal boot "
                           "keep GPIO0 high and GPIO15 low too."));
      return;
    }
  which = wrong_strap_sentence (self, event);
  if (which != NULL)
    d->explanation = g_strdup_printf (_("The strapping pins selected boot mode %s (0x%02X) instead "
                                        "of the normal boot from SPI flash: %s"),
                                      event->detail != NULL ? event->detail : "?",
                                      (guint) MIN (event->values[1], G_MAXUINT), which);
  else
    d->explanation = g_strdup_printf (_("The strapping pins selected boot mode %s (0x%02X) instead "
                                        "of the normal boot from SPI flash."),
                                      event->detail != NULL ? event->detail : "?",
                                      (guint) MIN (event->values[1], G_MAXUINT));
  second = kiln_bootlog_strap_by_role (self->chip, KILN_STRAP_BOOT2);
  if (event->mode == KILN_BOOT_MODE_DOWNLOAD && second != NULL)
    d->fix = g_strdup_printf (second->download_high
                              ? _("For a normal boot keep %s high at reset. For download mode "
                                  "over the UART hold %s low and keep %s high (a pull-up); with "
                                  "%s low the ROM offers download only over USB.")
                              : _("For a normal boot keep %s high at reset: if nothing should "
                                  "pull it low, look at what is wired to it (a part that drives "
                                  "it at power-up, such as an Ethernet chip's clock). For "
                                  "download mode hold %s low and keep %s low or floating: with "
                                  "%s high the ROM does not enter its documented download mode, "
                                  "and flashers may not connect."),
                              boot_pin (self), boot_pin (self), second->pin, second->pin);
  else
    d->fix = g_strdup_printf (_("Check what drives the strapping pins at reset: %s must be high "
                                "for a normal boot, and the other boot strap must keep its "
                                "default level."),
                              boot_pin (self));
}

static void
texts_flash_voltage (KilnBootlogDecoder *self,
                     KilnBootDiagnosis  *d)
{
  const KilnBootStrap *b = kiln_bootlog_strap_by_role (self->chip, KILN_STRAP_FLASH_VOLT);
  const char *pin = b != NULL ? b->pin : "GPIO12 (MTDI)";

  d->explanation = g_strdup_printf (_("%s was high at reset: that selects a 1.8 V supply for "
                                      "the flash, so a 3.3 V flash cannot be read and the ROM "
                                      "finds no bootloader. (Modules with 1.8 V flash hold it "
                                      "high on purpose; on those the flash is empty or "
                                      "unreadable for another reason.)"),
                                    pin);
  d->fix = g_strdup_printf (_("Keep %s low at reset (check what is connected to it: a pull-up, "
                              "an LED, a sensor). On modules with 3.3 V flash you can also burn "
                              "the flash voltage eFuse (espefuse set_flash_voltage 3.3V) so "
                              "that the pin is ignored."),
                            pin);
}

static void
texts_empty_flash (KilnBootlogDecoder    *self,
                   const KilnBootFinding *f,
                   KilnBootDiagnosis     *d)
{
  guint32 offset = bootloader_offset (self);

  if (f->variant == VARIANT_NOTHING_WRITTEN)
    {
      d->explanation = g_strdup_printf (_("The ROM read only 0xFF at the bootloader offset "
                                          "0x%X: nothing was written there. A bootloader "
                                          "written at a lower address would have covered it "
                                          "with its own bytes, so the flash is blank or was "
                                          "erased, only the application was written, or the "
                                          "files went to other addresses than the build "
                                          "gives."),
                                        offset);
      d->fix = g_strdup_printf (_("Write the whole firmware: the bootloader at 0x%X, the "
                                  "partition table and the application, or the merged image "
                                  "at the address its instructions give. If a flasher "
                                  "reported success, read the flash back at 0x%X to see what "
                                  "it holds."),
                                offset, offset);
      return;
    }

  d->explanation = g_strdup_printf (_("The ROM read only 0xFF at the bootloader offset 0x%X: the "
                                      "flash is erased there, so there is no bootloader. On a "
                                      "board that was just written, the bootloader most often "
                                      "went to another offset; otherwise nothing was written or "
                                      "the flash was erased."),
                                    offset);
  if (offset == 0x1000)
    d->fix = g_strdup_printf (_("Write the bootloader at 0x%X (for ESP-IDF also the partition "
                                "table and the application). A bootloader written at 0x0 is in "
                                "the wrong place for this chip."),
                              offset);
  else
    d->fix = g_strdup_printf (_("Write the bootloader at 0x%X (for ESP-IDF also the partition "
                                "table and the application). %s reads it from 0x%X, not from "
                                "0x1000 as the ESP32 does."),
                              offset, self->chip != NULL ? self->chip->display_name : "This chip",
                              offset);
}

static void
texts_invalid_header (KilnBootlogDecoder    *self,
                      const KilnBootFinding *f,
                      KilnBootDiagnosis     *d)
{
  guint32 offset = bootloader_offset (self);
  guint32 word = (guint32) f->evidence->values[0];

  switch (f->variant)
    {
    case VARIANT_TEXT:
      d->title = g_strdup (_("Something other than a bootloader at the "
                             "bootloader offset"));
      d->explanation = g_strdup_printf (_("The ROM found text (first word 0x%08X) at the "
                                          "bootloader offset 0x%X: a file that is no bootloader "
                                          "was written there, or the bootloader was left out."),
                                        word, offset);
      break;
    case VARIANT_IMAGE:
      d->title = g_strdup (_("Something other than a bootloader at the "
                             "bootloader offset"));
      d->explanation = g_strdup_printf (_("The ROM found an image header (first word 0x%08X) at "
                                          "the bootloader offset 0x%X that it will not start: the "
                                          "application or another chip's bootloader was written "
                                          "there."),
                                        word, offset);
      break;
    case VARIANT_DATA:
      d->title = g_strdup (_("Something other than a bootloader at the "
                             "bootloader offset"));
      d->explanation = g_strdup_printf (_("The ROM found code or data (first word 0x%08X, far "
                                          "too regular for ciphertext, so neither a header nor "
                                          "encrypted) at the bootloader offset 0x%X: the middle of "
                                          "another file is there, most often a bootloader or "
                                          "merged image written at another chip's offset."),
                                        word, offset);
      break;
    case VARIANT_RANDOM:
      d->title = g_strdup (_("Something other than a bootloader at the "
                             "bootloader offset"));
      /* Above 0x0, a bootloader written at 0x0 runs on past the offset:
       * its own middle is what the ROM reads. */
      if (offset != 0)
        d->explanation = g_strdup_printf (_("The ROM reads random-looking data (first word "
                                            "0x%08X) at the bootloader offset 0x%X, the same at "
                                            "every try: most often the middle of another file was "
                                            "written there (an application, a downloaded file "
                                            "that is not the full image, or the bootloader itself "
                                            "written at 0x0, whose code runs on past 0x%X). On a "
                                            "chip with flash encryption turned on, a bootloader "
                                            "written unencrypted reads like this too."),
                                          word, offset, offset);
      else
        d->explanation = g_strdup_printf (_("The ROM reads random-looking data (first word 0x%08X) "
                                            "at the bootloader offset 0x%X, the same at every try: "
                                            "most often the middle of another file (an application, "
                                            "or a downloaded file that is not the full image) was "
                                            "written there. On a chip with flash encryption turned "
                                            "on, a bootloader written unencrypted reads like this "
                                            "too."),
                                          word, offset);
      break;
    case VARIANT_APP_SEGMENT:
      d->title = g_strdup (_("An application where the bootloader belongs"));
      d->explanation = g_strdup_printf (_("The image the ROM found at the bootloader offset 0x%X "
                                          "has a segment for 0x%08X, where the chip maps flash: "
                                          "it is an application (or a merged image written at "
                                          "another offset), which the ROM cannot start."),
                                        offset, (guint) MIN (f->evidence->values[0], G_MAXUINT32));
      break;
    case VARIANT_BLOCK:
      d->title = g_strdup (_("The image at the bootloader offset is no bootloader"));
      d->explanation = g_strdup_printf (_("The ROM found an image header at the bootloader offset "
                                          "0x%X but could not load the image behind it: most "
                                          "often the application was written there instead of "
                                          "the bootloader, or a bootloader or merged image went "
                                          "to another chip's offset. A write that did not finish "
                                          "looks the same."),
                                        offset);
      break;
    case VARIANT_OVERWRITTEN:
      d->title = g_strdup (_("A file written at 0x1000 over the bootloader"));
      d->explanation = g_strdup_printf (_("The ROM read the start of the bootloader at 0x%X, then "
                                          "a segment header past its first 4 KiB that is text "
                                          "(0x%08X): the read worked, and what lies there is "
                                          "another file's data. An image was written at 0x1000, "
                                          "the first ESP32's bootloader offset, over the rest of "
                                          "this chip's bootloader."),
                                        offset, word);
      d->fix = g_strdup_printf (_("Write the image at 0x%X, as this chip needs, or its bootloader "
                                  "at 0x%X and the other files at their own offsets; guides "
                                  "written for the first ESP32 give 0x1000."),
                                offset, offset);
      return;
    case VARIANT_RECOVERY:
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      d->title = g_strdup (_("The bootloader failed; the recovery bootloader started"));
      d->explanation = g_strdup_printf (_("The ROM could not start the bootloader at 0x%X and "
                                          "loaded the recovery bootloader from the flash offset "
                                          "its eFuse names. The board can run on that copy, but "
                                          "the bootloader at 0x%X is erased or damaged, as when "
                                          "an update of the bootloader did not finish."),
                                        offset, offset);
      d->fix = g_strdup_printf (_("Write the bootloader at 0x%X again (ESP-IDF: idf.py "
                                  "bootloader-flash), so that the board no longer depends on "
                                  "the recovery copy."),
                                offset);
      return;
    case VARIANT_ODD_PIN_SETTINGS:
      d->title = g_strdup (_("Something other than a bootloader at the "
                             "bootloader offset"));
      d->explanation = g_strdup_printf (_("What the ROM read at the bootloader offset 0x%X starts "
                                          "like an image (0xE9), but its flash pin settings hold "
                                          "drive strengths above 3, which no bootloader has: "
                                          "another file was written there, or a bootloader built "
                                          "for another chip."),
                                        offset);
      break;
    case VARIANT_ENCRYPTED:
    default:
      d->explanation = g_strdup_printf (_("The ROM reads random-looking data (first word 0x%08X) "
                                          "at the bootloader offset 0x%X, the same at every try. "
                                          "That is what a plain image looks like through flash "
                                          "encryption: the chip has flash encryption enabled and "
                                          "the bootloader was written unencrypted (or the other "
                                          "way round). Less often another file was written "
                                          "there."),
                                        word, offset);
      d->title = g_strdup (_("Bootloader does not match the flash encryption"));
      d->fix = g_strdup_printf (_("On a chip with flash encryption, write the encrypted images "
                                  "your build produces (or let the bootloader encrypt them, in "
                                  "development mode). Otherwise write the bootloader built for "
                                  "this chip at 0x%X."),
                                offset);
      return;
    }
  d->fix = g_strdup_printf (_("Write the bootloader built for this chip at 0x%X and the other "
                              "files at their own offsets (for ESP-IDF: partition table at "
                              "0x8000, application at 0x10000), or the merged image at 0x%X."),
                            offset, offset);
}

static void
texts_flash_read (KilnBootlogDecoder *self,
                  const KilnBootFinding      *f,
                  KilnBootDiagnosis  *d)
{
  guint32 offset = bootloader_offset (self);
  guint32 strap;
  KilnBootMode mode = KILN_BOOT_MODE_UNKNOWN;
  g_autofree char *pins = NULL;

  if (kiln_bootlog_last_strap (self, &strap, &mode))
    pins = kiln_bootlog_describe_straps (self->chip, strap);
  if (f->variant == VARIANT_FLASH_PINS && f->evidence != NULL)
    {
      guint gpio[5];

      kiln_bootlog_configsip_pins (f->evidence->values[0], gpio);
      d->title = g_strdup (_("Something else on the flash pins"));
      d->explanation =
        g_strdup_printf (_("This chip's eFuses put its flash on GPIO%u (CLK), GPIO%u (Q), "
                           "GPIO%u (D), GPIO%u (CS) and GPIO%u (HD), as on the ESP32-PICO-D4 and "
                           "the modules built on it, and what the ROM read from the flash was "
                           "wrong. Anything else on those pins (an LED, a UART, a sensor) "
                           "corrupts the reads; some of them are free GPIOs on other ESP32 "
                           "modules, so boards and code made for those often use them."),
                         gpio[0], gpio[1], gpio[2], gpio[3], gpio[4]);
      d->fix = g_strdup (_("Disconnect whatever is wired to those pins and do not use them in "
                           "the firmware; choose other GPIOs."));
      return;
    }
  if (f->variant == VARIANT_FLASH_PINS_HANG && f->evidence != NULL)
    {
      guint gpio[5];

      kiln_bootlog_configsip_pins (f->evidence->values[0], gpio);
      d->title = g_strdup (_("The firmware cut off its own flash"));
      d->explanation =
        g_strdup_printf (_("The interrupt watchdog's last stage reset the chip: the firmware "
                           "hung so hard that not even its crash report could run, which is "
                           "what happens when the code can no longer be read from the flash. "
                           "This chip's eFuses put its flash on GPIO%u (CLK), GPIO%u (Q), "
                           "GPIO%u (D), GPIO%u (CS) and GPIO%u (HD), as on the ESP32-PICO-D4: "
                           "firmware made for another board that drives one of them (often a "
                           "display's reset on GPIO16) stops the flash."),
                         gpio[0], gpio[1], gpio[2], gpio[3], gpio[4]);
      d->fix = g_strdup (_("Use a build made for this board, and make sure neither its pin "
                           "settings nor anything wired to the board use those pins."));
      return;
    }
  if (f->variant == VARIANT_FIRMWARE_FLASH)
    {
      d->title = g_strdup (_("The firmware cannot read its own code from the flash"));
      d->explanation = g_strdup (_("The ROM and the bootloader read the flash, then the CPU met "
                                   "an instruction it cannot fetch or run before the firmware "
                                   "printed a word: once the firmware set the flash up itself, "
                                   "its code came back wrong. That is a flash chip its flash "
                                   "driver does not know (new batches of a module may carry a "
                                   "flash part that older ESP-IDF versions do not handle) or a "
                                   "flash speed the flash cannot do."));
      d->fix = g_strdup (_("Use a build made with a current ESP-IDF or Arduino core, or the "
                           "module vendor's newest image; else build and write with flash "
                           "frequency 40 MHz and flash mode DIO."));
      return;
    }
  if (f->variant == VARIANT_SILENT)
    {
      d->title = g_strdup (_("The firmware stops its own flash"));
      d->explanation = g_strdup (_("The hardware watchdog resets the chip before the firmware "
                                   "prints anything. Its code runs from the flash, so it stalls "
                                   "when the flash stops answering: the firmware drives one of "
                                   "the flash's pins (GPIO6 to GPIO11, marked SD0 to SD3, CMD and "
                                   "CLK on NodeMCU boards; GPIO9 and GPIO10 too, even in DIO "
                                   "mode), or it was built or written for another flash (board, "
                                   "flash mode, flash size)."));
      d->fix = g_strdup (_("Take every pin setting and wire off GPIO6 to GPIO11. If there are "
                           "none, build for the board you have and write with flash mode DIO "
                           "and the board's flash size, after erasing the whole flash."));
      return;
    }
  if (f->variant == VARIANT_IO)
    {
      d->title = g_strdup (_("The firmware cannot read or write its flash"));
      d->explanation = g_strdup (_("The firmware reports errors reading or writing its own data "
                                   "in flash (settings, a file system): the flash chip does not "
                                   "keep what is written, or it is a part the firmware's flash "
                                   "driver does not handle."));
      d->fix = g_strdup (_("Erase the whole flash and write the firmware again; if the errors "
                           "stay, try a firmware version that supports this flash chip (see the "
                           "flash id Kiln detected) or replace the module."));
      return;
    }
  if (f->variant == VARIANT_NEAR_ERASED)
    {
      d->title = g_strdup (_("The flash does not read back right"));
      d->explanation = g_strdup_printf (_("The ROM read 0x%08X at the bootloader offset 0x%X: all "
                                          "ones but for a bit or two. Erased flash reads all ones "
                                          "and a bootloader starts with 0xE9, so most likely the "
                                          "flash did not answer right: something else pulls one of its pins, its "
                                          "supply sags, or the flash chip is stuck in a state that "
                                          "a reset does not clear."),
                                        (guint32) f->evidence->values[0], offset);
      d->fix = g_strdup (_("Switch the board off and on again. If it then boots, the flash had "
                           "hung; check its supply and that nothing else is connected to the "
                           "flash pins. If it does not, write the bootloader again, read it "
                           "back, and replace the module if the flash still reads wrong."));
      return;
    }
  if (f->variant == VARIANT_ZEROS)
    {
      d->title = g_strdup (_("The flash reads as zeros"));
      d->explanation = g_strdup_printf (_("The ROM read only zeros at the bootloader offset 0x%X: "
                                          "the flash does not answer (wiring, supply, a damaged "
                                          "chip) or was zeroed."),
                                        offset);
      d->fix = g_strdup_printf (_("Write the bootloader at 0x%X again and verify it. If the flash "
                                  "still reads as zeros, check its wiring and supply."),
                                offset);
      return;
    }
  d->title = g_strdup (_("No bootloader the ROM can read"));
  {
    /* The straps are right for a boot from flash only when they chose
     * one (not the ESP32's HSPI_FLASH_BOOT, GPIO0 low with GPIO2 high). */
    g_autofree char *first =
      pins != NULL && mode == KILN_BOOT_MODE_FLASH
        ? g_strdup_printf (_("The boot ROM could not load a bootloader from 0x%X (%s, which is "
                             "right for a boot from flash)."),
                           offset, pins)
        : g_strdup_printf (_("The boot ROM could not load a bootloader from 0x%X."), offset);

    d->explanation = g_strdup_printf ("%s %s", first,
                                      /* Translators: follows “The boot ROM could not load a
                                       * bootloader from 0x1000.” */
                                      _("Most often there is no valid bootloader there: only "
                                        "the application was written, or a merged image or the "
                                        "bootloader went to another chip's offset (the chips "
                                        "differ: 0x0, 0x1000 or 0x2000). Less often the flash "
                                        "itself cannot be read (flash pins wired to other parts, "
                                        "or the supply), or flash encryption was turned on (by "
                                        "an encryption example or a release build) and a plain "
                                        "bootloader was written, which the chip then reads as "
                                        "nonsense."));
  }
  /* Name the flash pins of the chip the log came from: they differ from
   * one chip to the next, and a wrong list sends the user to free pins. */
  if (self->chip != NULL && self->chip->flash_pins[1] != 0)
    d->fix = g_strdup_printf (_("Write the bootloader at 0x%X, the partition table and the "
                                "application at their offsets (or a merged image at 0x%X). If "
                                "that does not help, check that nothing else is connected to "
                                "the flash pins (GPIO%u to GPIO%u on the %s) and that the supply "
                                "holds; on a chip that ever had flash encryption turned on, "
                                "write encrypted images."),
                              offset, offset, (guint) self->chip->flash_pins[0],
                              (guint) self->chip->flash_pins[1], self->chip->display_name);
  else
    d->fix = g_strdup_printf (_("Write the bootloader at 0x%X, the partition table and the "
                                "application at their offsets (or a merged image at 0x%X). If "
                                "that does not help, check that nothing else is connected to "
                                "the flash pins and that the supply holds; on a chip that ever "
                                "had flash encryption turned on, write encrypted images."),
                              offset, offset);
}

static void
texts_download (KilnBootlogDecoder *self,
                const KilnBootFinding      *f,
                KilnBootDiagnosis  *d)
{
  if (f->variant == VARIANT_DELIBERATE)
    {
      d->severity = KILN_BOOT_SEVERITY_INFO;
      d->title = g_strdup (_("Download mode, then a normal boot"));
      d->explanation = g_strdup_printf (_("The chip was in download mode once (%s low at reset), "
                                          "as it is for flashing, and booted normally after."),
                                        boot_pin (self));
      d->fix = g_strdup (_("Nothing to do."));
      return;
    }
  if (f->variant == VARIANT_LATCHED)
    {
      d->title = g_strdup (_("Restarted into download mode after a serial upload"));
      d->explanation = g_strdup (_("The firmware (or a watchdog) restarted the chip, and it came "
                                   "back in download mode: a software or watchdog restart does "
                                   "not read the strapping pins again, so they are still those "
                                   "of the serial upload before, which never pulsed the reset "
                                   "pin."));
      d->fix = g_strdup (_("Press the reset button or power-cycle the board once after a serial "
                           "upload; restarts work normally after that. Flashers that reset the "
                           "board through EN at the end (Kiln does) avoid it. If it still comes "
                           "back in download mode after a power cycle, GPIO0 is not held high: "
                           "give it a 10 kΩ pull-up to 3.3 V."));
      return;
    }
  d->severity = self->expect_app ? KILN_BOOT_SEVERITY_ERROR : KILN_BOOT_SEVERITY_INFO;
  d->title = g_strdup (_("The chip is in download mode"));
  d->explanation = g_strdup_printf (_("%s was low at reset, so the boot ROM started its serial "
                                      "download mode and waits for a flasher instead of running "
                                      "the firmware."),
                                    boot_pin (self));
  d->fix = g_strdup_printf (_("That is right for flashing. To run the firmware, release %s "
                              "(leave it floating or pull it high; with auto-reset, DTR must not "
                              "be asserted) and reset the board."),
                            boot_pin (self));
}

static void
texts_reset_loop (KilnBootlogDecoder *self,
                  const KilnBootFinding      *f,
                  KilnBootDiagnosis  *d)
{
  d->title = g_strdup (_("Reset loop without a message"));
  switch (f->variant)
    {
    case VARIANT_LONE:
      g_free (d->title);
      d->title = g_strdup (_("A power-on reset and nothing else"));
      d->explanation = g_strdup (_("The log holds only the ROM's power-on line: when that comes "
                                   "while the board should be running, the chip lost its supply "
                                   "for a moment. (Right after flashing, with nothing loaded, it "
                                   "would rather mean that there is no image at 0x0.)"));
      d->fix = g_strdup (_("Use a 3.3 V supply that gives at least 500 mA, with a capacitor of "
                           "100 µF or more close to the module. If the board never ran, write "
                           "the firmware's first file at 0x0."));
      break;
    case VARIANT_POWER:
      d->explanation = g_strdup (_("The chip starts again and again with a power-on or external "
                                   "reset and no error before it: its supply or the EN line "
                                   "drops, usually when the radio starts."));
      d->fix = g_strdup (_("Use a 3.3 V supply that gives at least 500 mA, with a capacitor of "
                           "10 µF or more close to the module, and keep EN pulled high. An "
                           "unpowered USB hub, a long cable or the 3.3 V pin of a USB-serial "
                           "adapter is often the cause."));
      /* rst cause:2 is also the ESP8266's number for a restart after a
       * crash, whose text comes at the firmware's rate, not the ROM's. */
      if (on_esp8266 (f) && f->evidence->values[0] == 2)
        {
          g_free (d->explanation);
          d->explanation = g_strdup (_("The chip starts again and again with no error before "
                                       "it, and the ROM reports reset cause 2. Either its supply or "
                                       "its reset line drops, usually when the radio starts, or "
                                       "the firmware crashes: the ESP8266 ROM gives a restart "
                                       "after a crash or the software watchdog the same number, "
                                       "and the crash text comes at the firmware's baud rate, "
                                       "not the ROM's."));
          g_free (d->fix);
          d->fix = g_strdup (_("Read the firmware's output at its baud rate (115200 for most "
                               "builds): an \"Exception\" or \"Soft WDT reset\" there is a "
                               "firmware fault. If it shows nothing, use a 3.3 V supply that "
                               "gives at least 500 mA, with a capacitor of 10 µF or more close "
                               "to the module, and keep RST and EN pulled high."));
        }
      break;
    case VARIANT_WATCHDOG:
      d->explanation = g_strdup (_("A watchdog resets the chip again and again before the "
                                   "firmware says anything: it hangs early, often because it "
                                   "cannot read its code (flash mode or size) or waits on "
                                   "hardware that is missing."));
      d->fix = g_strdup (_("Write the firmware again with flash mode DIO and the flash size of "
                           "the board; if that does not help, check the power supply and "
                           "what the firmware does first."));
      break;
    case VARIANT_SOFTWARE:
      d->explanation = g_strdup (_("The firmware restarts the chip again and again without "
                                   "printing why."));
      d->fix = g_strdup (_("Raise the firmware's log level or watch its output at its own baud "
                           "rate to see what makes it restart."));
      break;
    case VARIANT_NONE:
    default:
      d->explanation = g_strdup (_("The chip restarts again and again and the log does not say "
                                   "why."));
      d->fix = g_strdup (_("Check the power supply first, then write the firmware again with "
                           "flash mode DIO."));
      break;
    }
}

static void
texts_benign (KilnBootlogDecoder *self,
              const KilnBootFinding      *f,
              KilnBootDiagnosis  *d)
{
  d->severity = KILN_BOOT_SEVERITY_INFO;
  d->title = g_strdup (_("An ordinary reset"));
  switch (f->variant)
    {
    case VARIANT_TRY_ALL:
      g_free (d->title);
      d->title = g_strdup (_("Blank OTA data: the first application started"));
      d->explanation = g_strdup (_("The OTA data partition is blank, as after erasing the flash "
                                   "or writing without the build's OTA data file, and there is "
                                   "no factory application, so the bootloader tried the OTA "
                                   "slots and started the first that holds a valid "
                                   "application. Nothing is wrong."));
      d->fix = g_strdup (_("Nothing to do. Writing the build's ota_data_initial.bin at the OTA "
                           "data partition's offset silences the message."));
      return;
    case VARIANT_POWER:
      d->explanation = g_strdup (_("The chip was powered up or its EN pin was pulsed (as "
                                   "flashing tools and the reset button do), and it booted "
                                   "without an error."));
      break;
    case VARIANT_EXTERNAL:
      if (on_esp8266 (f))
        {
          /* The ESP8266 ROM gives a crash and a press of the button the same
           * number, so a single boot cannot tell them apart; say so, and
           * where the firmware's own words are. */
          d->explanation = g_strdup (_("The chip was restarted through its reset pin (the reset "
                                       "button, a flashing tool, or a wake-up from deep sleep) "
                                       "or by its own firmware: the ESP8266 ROM reports a restart "
                                       "call, a crash and the software watchdog the same way. "
                                       "The ROM loaded the firmware without an error."));
          d->fix = g_strdup (_("Nothing to do if the board was reset on purpose. If it restarts "
                               "by itself, again and again, the firmware is crashing or "
                               "restarting itself: read its own output at its baud rate "
                               "(115200 for most builds, not the ROM's 74880), which says why."));
          return;
        }
      d->explanation = g_strdup (_("The reset pin restarted the chip (the reset button, a "
                                   "flashing tool, or a wake-up from deep sleep), and it booted "
                                   "without an error."));
      break;
    case VARIANT_SOFTWARE:
      d->explanation = g_strdup (_("The firmware restarted the chip itself, and it booted "
                                   "without an error."));
      break;
    case VARIANT_RESTART_ANNOUNCED:
      g_free (d->title);
      d->title = g_strdup (_("The firmware restarted the chip"));
      d->explanation = g_strdup (_("The firmware said it would restart and the chip restarted; "
                                   "the log ends as it starts again. A restart the firmware asks "
                                   "for is no fault in itself."));
      d->fix = g_strdup (_("Nothing to do if the restart was meant (new settings, an update). If "
                           "the firmware restarts at every start, the lines it prints just "
                           "before the restart say why (settings it rejects, a network it "
                           "gave up on): put that right, or report those lines to the "
                           "firmware's authors."));
      return;
    case VARIANT_DEEP_SLEEP:
      d->explanation = g_strdup (_("The chip woke up from deep sleep: a deep-sleep wake-up is "
                                   "a reset, so the ROM prints its lines each time."));
      break;
    case VARIANT_HOST:
      d->explanation = g_strdup (_("A program on the computer (a flasher or serial monitor) "
                                   "reset the chip over USB, and it booted without an error."));
      break;
    case VARIANT_APP_STARTED:
      g_free (d->title);
      d->title = g_strdup (_("The firmware runs"));
      d->explanation = g_strdup (_("The firmware's own lines show it running, and nothing in the "
                                   "log looks wrong. The log holds none of the ROM's lines, so "
                                   "it does not show how the chip was reset."));
      break;
    case VARIANT_NONE:
    default:
      d->explanation = g_strdup (_("The chip restarted and booted without an error."));
      break;
    }
  d->fix = g_strdup (_("Nothing to do. If the firmware misbehaves later, its own output at its "
                       "baud rate tells more."));
}

KilnBootDiagnosis *
kiln_bootlog_diagnosis_new (KilnBootlogDecoder     *self,
                            const KilnBootFinding  *f)
{
  KilnBootDiagnosis *d = g_atomic_rc_box_new0 (KilnBootDiagnosis);
  const KilnBootEvent *event = f->evidence;

  d->kind = f->kind;
  d->severity = f->severity;
  d->cause = f->cause;
  d->confidence = f->confidence;
  d->score = f->score;
  d->evidence = g_strdup (event != NULL ? event->line : NULL);

  switch (f->kind)
    {
    case KILN_BOOT_DIAG_WRONG_BAUD:
      if (f->variant == VARIANT_FIRMWARE_AFTER)
        {
          d->severity = KILN_BOOT_SEVERITY_INFO;
          d->title = g_strdup (_("The boot ROM at its own rate, then the firmware"));
          d->explanation = g_strdup (_("The unreadable start is the boot ROM talking at its own "
                                       "baud rate (74880 on most ESP8266 boards); the readable "
                                       "lines after it are the firmware at its rate, so it "
                                       "started. Nothing is wrong."));
          d->fix = g_strdup (_("Nothing to do. To read the ROM's lines as well, listen at 74880 "
                               "baud, or let Kiln's Boot Log reset the board: it reads the ROM "
                               "and the firmware each at its own rate."));
          break;
        }
      if (f->variant == VARIANT_FIRMWARE_GARBLED)
        {
          d->severity = KILN_BOOT_SEVERITY_INFO;
          d->title = g_strdup (_("The boot, then the firmware at its own rate"));
          d->explanation = g_strdup (_("The boot loaded the firmware without an error and started "
                                       "it; the unreadable lines after that are the firmware "
                                       "talking at another baud rate than the boot's (most "
                                       "firmware uses 115200, the ESP8266 boot ROM 74880). "
                                       "Nothing in the log is wrong."));
          d->fix = g_strdup (_("Nothing to do. To read the firmware's lines, listen at its rate "
                               "(115200 for most builds), or let Kiln's Boot Log reset the "
                               "board: it reads the ROM and the firmware each at its own "
                               "rate."));
          break;
        }
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      d->title = g_strdup (_("Output at another baud rate"));
      if (event->values[0] != 0 && self->baud != 0)
        d->explanation = g_strdup_printf (_("Part of the output is unreadable at %u baud: it was "
                                            "sent at another rate, most likely %u baud."),
                                          self->baud, (guint) MIN (event->values[0], G_MAXUINT));
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
                             "115200 baud (ESP32-family ROMs and most applications). The ESP8266 "
                             "ROM's lines always look garbled at 115200; that alone is no "
                             "fault."));
      break;

    case KILN_BOOT_DIAG_FLASH_MAP_MISMATCH:
      {
        guint built = (guint) MIN (event->values[0], 255);
        guint header = (guint) MIN (event->values[1], 255);
        g_autofree char *built_text = kiln_bootlog_flash_map_describe (built);
        g_autofree char *header_text = kiln_bootlog_flash_map_describe (header);
        g_autofree char *setting = kiln_bootlog_flash_map_setting (built);

        d->title = g_strdup (_("Flash size setting does not match the firmware"));
        if (f->variant == VARIANT_MAP_PASSED)
          d->explanation =
            g_strdup_printf (_("The firmware was built for flash map %u (%s), but the header "
                               "of boot.bin at 0x0 says flash map %u (%s). The SDK went on "
                               "with the firmware's map, so its system sectors may not be "
                               "where the flashing tool put them."),
                             built, built_text, header, header_text);
        else
          d->explanation =
            g_strdup_printf (_("The firmware was built for flash map %u (%s), but the header "
                               "of boot.bin at 0x0 says flash map %u (%s), so the SDK cannot "
                               "place its system partitions."),
                             built, built_text, header, header_text);
        d->fix =
          g_strdup_printf (_("Write boot.bin at 0x0 again with flash size %s, or use the "
                             "firmware built for map %u. The setting names the layout the "
                             "firmware expects, not the chip's real size."),
                           setting, header);
      }
      break;

    case KILN_BOOT_DIAG_SYSTEM_PARAM:
      if (f->variant == VARIANT_WRONG_DATA)
        {
          const KilnFlashMap *map = kiln_bootlog_flash_map (known_map (self));
          g_autofree char *where = map != NULL
                                   ? g_strdup_printf ("0x%X", map->init_data_address)
                                   : g_strdup (_("the end of the flash minus 0x4000"));

          d->title = g_strdup (_("RF init data and system parameters in the wrong place"));
          d->explanation =
            g_strdup_printf (_("Where the SDK looks for its RF init data (%s, found from the "
                               "flash size in the header at 0x0) there is other data, not an "
                               "erased sector: the flash size setting does not fit the "
                               "firmware's SDK, or stale data from an earlier firmware sits "
                               "there."),
                             where);
          d->fix = g_strdup (_("Erase the whole flash, then write the firmware with the flash "
                               "size its SDK supports (older SDKs know no sizes above 4 MB) and "
                               "esp_init_data_default.bin and blank.bin at the addresses for "
                               "that size."));
          break;
        }
      if (f->variant == VARIANT_SMALL_FLASH)
        {
          d->title = g_strdup (_("Flash size setting too small for the SDK"));
          d->explanation = g_strdup_printf (_("The header at 0x0 says %u KiB of flash. The ESP8266 "
                                              "SDK 3 lays out its partitions (RF calibration, init "
                                              "data, system parameters) for 1 MB of flash or more "
                                              "and stops on a smaller setting. Most modules have 1 "
                                              "MB or more; on an early ESP-01 with 512 KB, this "
                                              "firmware needs an older SDK."),
                                            self->header_flash_kb);
          d->fix = g_strdup (_("Build and write with the module's real flash size (Kiln's "
                               "Detect reads it; in the Arduino IDE: Tools, Flash Size; in "
                               "Sming: SPI_SIZE), with esp_init_data_default.bin and blank.bin at "
                               "the addresses for that size."));
          break;
        }
      if (f->variant == VARIANT_BOOT_VERSION)
        {
          d->title = g_strdup (_("The SDK finds an old or stale boot loader"));
          d->explanation = g_strdup (_("The SDK checked the version of the boot loader that "
                                       "started it and found it older than it needs: boot.bin at "
                                       "0x0 is an old one, or the boot information in flash was "
                                       "left by an earlier firmware."));
          d->fix = g_strdup (_("Erase the whole flash, then write the firmware again with a "
                               "current boot.bin (boot_v1.7.bin) at 0x0 if it uses one, and "
                               "esp_init_data_default.bin and blank.bin at the addresses for "
                               "the flash size."));
          break;
        }
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
      texts_download (self, f, d);
      break;

    case KILN_BOOT_DIAG_BOOT_STRAPS:
      d->title = g_strdup (_("Unusual boot strapping"));
      if (f->variant == VARIANT_JUMP_BOOT)
        {
          d->explanation = g_strdup_printf (_("The CPU stopped at 0x%08X, a few bytes into "
                                              "instruction RAM, with an illegal instruction and "
                                              "before anything was loaded: the ESP8266 ROM does "
                                              "that in boot mode 2, when GPIO2 is low at reset "
                                              "(GPIO0 high, GPIO15 low). It jumps into RAM that "
                                              "holds no program."),
                                            (guint) MIN (self->epc1, G_MAXUINT32));
          d->fix = g_strdup (_("GPIO2 must be high or floating at reset: take off whatever "
                               "pulls it low (a switch, an LED to ground, a sensor), or move it "
                               "to another pin; keep GPIO0 high and GPIO15 low too."));
          break;
        }
      texts_straps (self, event, d);
      break;

    case KILN_BOOT_DIAG_NO_BOOTLOADER:
      d->title = g_strdup (_("Nothing to boot at 0x0"));
      d->explanation = g_strdup (_("The ESP8266 started in flash boot mode but the log shows "
                                   "nothing loaded: there may be no valid image at flash offset "
                                   "0x0 (or the copy of the log stops early)."));
      d->fix = g_strdup (_("Write the bootloader (boot_v1.x.bin for SDK firmware) or the "
                           "firmware's first file at 0x0. If it is there, try flash mode DIO or "
                           "DOUT and check the wiring."));
      break;

    case KILN_BOOT_DIAG_EMPTY_FLASH:
      d->title = g_strdup (_("No bootloader in flash"));
      texts_empty_flash (self, f, d);
      break;

    case KILN_BOOT_DIAG_INVALID_HEADER:
      texts_invalid_header (self, f, d);
      break;

    case KILN_BOOT_DIAG_FLASH_READ_ERROR:
      texts_flash_read (self, f, d);
      break;

    case KILN_BOOT_DIAG_FLASH_VOLTAGE:
      d->title = g_strdup (_("Flash supply set to 1.8 V by a strapping pin"));
      texts_flash_voltage (self, d);
      break;

    case KILN_BOOT_DIAG_CHECKSUM:
      if (f->variant == VARIANT_READ_RIGHT)
        {
          d->title = g_strdup (_("The image in flash is damaged or overwritten"));
          d->explanation = g_strdup (_("The image's checksum is wrong, yet the ROM read every "
                                       "segment header right, in the flash mode the header asks "
                                       "for: the flash and that mode work, so the bytes in flash "
                                       "are wrong. Most often another file was written over the "
                                       "end of this one (a layout with the files too close "
                                       "together), or the write itself went wrong."));
          d->fix = g_strdup (_("Write each file at the address its build names, and check that "
                               "no file runs into the next (with the NonOS SDK, eagle.flash.bin "
                               "at 0x00000 and eagle.irom0text.bin at the address the build "
                               "prints). Then write them again, with verification."));
          break;
        }
      d->title = g_strdup (_("Corrupt image in flash"));
      d->explanation = g_strdup (_("The checksum computed while loading does not match the one "
                                   "stored in the image: the data in flash is corrupt, was "
                                   "written for another layout, or was read wrongly."));
      d->fix = g_strdup (_("Write the firmware again with verification. If it keeps failing, "
                           "choose flash mode DIO or DOUT and check the power supply and "
                           "wiring."));
      break;

    case KILN_BOOT_DIAG_BROWNOUT:
      if (f->variant == VARIANT_READ_ERR)
        {
          d->title = g_strdup (_("The flash stopped answering while the chip ran"));
          d->explanation = g_strdup (_("A watchdog of the running firmware reset the chip, and "
                                       "after that the ROM could no longer read the bootloader: "
                                       "the flash worked before, so its supply sags (or a "
                                       "contact is loose)."));
          d->fix = g_strdup (_("Use a 3.3 V supply that gives at least 500 mA, with a capacitor "
                               "of 10 µF or more close to the module, and check the flash's "
                               "supply and solder joints."));
          break;
        }
      if (f->variant == VARIANT_CAMERA)
        {
          d->title = g_strdup (_("The camera did not answer"));
          d->explanation = g_strdup (_("The firmware could not talk to the camera sensor over its "
                                       "control bus. On ESP32-CAM boards this is most often the "
                                       "supply: the camera gives up on a weak one while the chip "
                                       "runs on. A loose camera ribbon cable, or firmware set "
                                       "for another camera board's pins, does the same."));
          d->fix = g_strdup (_("Power the board from a steady 5 V supply that gives at least "
                               "500 mA (not a USB-serial adapter's 3.3 V pin), with short "
                               "wires. If it persists, reseat the camera's ribbon cable and "
                               "choose the camera board model that matches yours."));
          break;
        }
      if (f->variant == VARIANT_WIFI_CRASH)
        {
          d->title = g_strdup (_("The supply gives way when Wi-Fi starts"));
          d->explanation = g_strdup (_("Just after the firmware started Wi-Fi, the CPU fetched an "
                                       "instruction it cannot run (exception 0): its code was read "
                                       "wrongly from flash at the moment the radio draws its "
                                       "largest current, as happens when the supply sags."));
          d->fix = g_strdup (_("Use a 3.3 V supply that gives at least 500 mA, with a capacitor "
                               "of 100 µF or more close to the module; a weak regulator or a "
                               "long, thin USB cable is the usual culprit."));
          break;
        }
      if (f->variant == VARIANT_WIFI || f->variant == VARIANT_WIFI_POWER)
        {
          d->title = g_strdup (_("The supply gives way when Wi-Fi starts"));
          if (f->variant == VARIANT_WIFI_POWER)
            d->explanation = g_strdup (_("The chip started again the moment the firmware started "
                                         "Wi-Fi, with no crash report and no word of why, as at "
                                         "power-on: the radio's current peaks made a weak supply "
                                         "collapse."));
          else
            d->explanation = g_strdup (_("The hardware watchdog reset the chip again and again, "
                                         "each time just after the firmware started Wi-Fi and "
                                         "without a crash: the radio's current peaks make a weak "
                                         "supply sag and the chip hangs."));
          d->fix = g_strdup (_("Power the board from a 3.3 V supply that gives at least 500 mA "
                               "(not the 3.3 V pin of a USB-serial adapter), with short wires "
                               "and a capacitor of 100 µF or more close to the module."));
          break;
        }
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
      if (f->variant == VARIANT_STACK)
        {
          d->explanation = g_strdup (_("A task of the firmware overflowed its stack."));
          d->fix = g_strdup (_("Give the task named in the log a larger stack, or keep large "
                               "buffers off the stack."));
          break;
        }
      if (f->variant == VARIANT_PANIC_TAIL)
        {
          d->explanation = g_strdup (_("The copy begins with “Rebooting...”, the last line "
                                       "ESP-IDF's panic handler prints after a crash report, "
                                       "and the ROM then reports the software reset of the CPU "
                                       "that follows a panic. The report itself, with the "
                                       "reason and the backtrace, came just before the copy. "
                                       "Some firmware prints the same line before a restart on "
                                       "purpose."));
          d->fix = g_strdup (_("Capture the log from before this restart: the crash report "
                               "names what failed (LoadProhibited, a stack overflow, an "
                               "abort) and where. If the firmware crashes at every start, "
                               "erase the whole flash before writing it again (settings an "
                               "earlier firmware left there crash some at start-up)."));
          break;
        }
      if (f->variant == VARIANT_BACKTRACE_ONLY)
        {
          d->explanation = g_strdup (_("The log holds a crash report's backtrace but not the "
                                       "lines before it, which say why the firmware stopped "
                                       "(an exception, a failed check, a watchdog). The "
                                       "firmware prints a backtrace like this as it stops."));
          d->fix = g_strdup (_("Capture the whole report, from the line before the "
                               "backtrace: it names what failed. With the firmware's ELF "
                               "file its developers can turn the backtrace into the place in "
                               "the code."));
          break;
        }
      if (f->variant == VARIANT_HEAP)
        {
          d->explanation = g_strdup (_("The heap was corrupted: the firmware wrote past the end "
                                       "of a buffer it allocated, or freed one twice."));
          d->fix = g_strdup (_("Turn on comprehensive heap poisoning in the firmware's "
                               "configuration to find the code that overwrites the heap."));
          break;
        }
      d->explanation = g_strdup (event->explanation != NULL
                                 ? event->explanation
                                 : _("The firmware stopped with a panic or a CPU exception."));
      d->fix = g_strdup (_("If it crashes right after flashing, erase the whole flash first "
                           "(settings an earlier firmware left there crash some at start-up), "
                           "then write a known-good build with the right flash size and init "
                           "data. Otherwise it is a bug in the firmware (on the ESP8266, often "
                           "an interrupt handler that is not in IRAM); its developers can "
                           "decode the addresses with the ELF file."));
      break;

    case KILN_BOOT_DIAG_WATCHDOG:
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      switch (f->variant)
        {
        case VARIANT_SILENT:
          d->severity = KILN_BOOT_SEVERITY_ERROR;
          d->title = g_strdup (_("Hardware watchdog before the firmware said a word"));
          d->explanation = g_strdup (_("The hardware watchdog resets the chip and the firmware "
                                       "never prints anything: it cannot run at all, which "
                                       "points at the settings it was built or written with "
                                       "(board, flash mode, flash size) rather than at its "
                                       "code."));
          d->fix = g_strdup (_("Build for the board you have and write with flash mode DIO and "
                               "the board's flash size, after erasing the whole flash."));
          break;
        case VARIANT_SILENT_BOARD:
          d->severity = KILN_BOOT_SEVERITY_ERROR;
          d->title = g_strdup (_("The firmware hangs before it says a word"));
          d->explanation = g_strdup (_("The ROM starts the bootloader, nothing more is heard, and "
                                       "timer group 1's watchdog resets the chip: the interrupt "
                                       "watchdog's last stage, when not even a crash report could "
                                       "run. A firmware that hangs that hard before its first line "
                                       "was most often built for another board: its flash, PSRAM, "
                                       "console or pin settings do not fit this one."));
          d->fix = g_strdup (_("Write the build made for this exact board (with its flash and "
                               "PSRAM type and console port), or change the build's board "
                               "settings to match it, then write all of its files again."));
          break;
        case VARIANT_SOFT:
          d->title = g_strdup (_("Software watchdog reset"));
          d->explanation = g_strdup (_("The ESP8266's software watchdog fired: the sketch kept "
                                       "the CPU for about three seconds without returning to the "
                                       "system (a long loop, a blocking wait)."));
          d->fix = g_strdup (_("Call yield() or delay() inside long loops, and keep loop() "
                               "short."));
          break;
        case VARIANT_INTERRUPT:
          d->title = g_strdup (_("Interrupt watchdog"));
          d->explanation = g_strdup (_("Interrupts were blocked too long (a long interrupt "
                                       "handler, a long critical section, flash access with the "
                                       "cache off), so the interrupt watchdog fired."));
          d->fix = g_strdup (_("Keep interrupt handlers and critical sections short; do no "
                               "flash or printing work in them."));
          break;
        case VARIANT_TASK:
          d->title = g_strdup (_("Task watchdog"));
          d->explanation = g_strdup (_("A task kept the CPU so that the watched tasks (usually "
                                       "the idle task) did not run in time."));
          d->fix = g_strdup (_("Let busy tasks block or delay by at least one tick "
                               "(vTaskDelay(1), not 0), or lower their priority."));
          break;
        case VARIANT_HARDWARE:
        default:
          d->title = g_strdup (_("Watchdog reset"));
          d->explanation = g_strdup (_("A hardware watchdog reset the chip because the firmware "
                                       "stopped responding: it hung hard, with interrupts off or "
                                       "in a loop the other watchdogs could not break."));
          /* The ESP8266's code runs from the flash: a sketch that sets one
           * of the flash's pins as its own stalls the CPU, and only this
           * watchdog is left to reset it. */
          if (on_esp8266 (f))
            d->fix = g_strdup (_("If it happens right after flashing, check the flash size, "
                                 "flash mode and power supply. Check that the sketch uses none "
                                 "of the flash's pins (GPIO6 to GPIO11, marked SD0 to SD3, CMD "
                                 "and CLK; GPIO9 and GPIO10 too, even in DIO mode). Otherwise "
                                 "find where the firmware blocks without yielding."));
          else
            d->fix = g_strdup (_("If it happens right after flashing, check the flash size, "
                                 "flash mode and power supply; otherwise find where the "
                                 "firmware blocks without yielding."));
          break;
        }
      break;

    case KILN_BOOT_DIAG_FLASH_MODE:
      d->title = g_strdup (_("Flash mode the flash cannot do"));
      if (f->variant == VARIANT_QIO_BOOTLOADER)
        {
          d->severity = KILN_BOOT_SEVERITY_WARNING;
          d->explanation = g_strdup (_("The bootloader could not switch the flash to QIO mode "
                                       "and goes on in a dual mode."));
          d->fix = g_strdup (_("Write the firmware with flash mode DIO to stop the warning; "
                               "the flash or its wiring does not do quad mode."));
          break;
        }
      if (f->variant == VARIANT_QUAD_PATTERN)
        d->explanation = g_strdup_printf (_("The bootloader switched the flash to quad mode and "
                                            "then read the partition table's mark as 0x%04X, one "
                                            "byte repeated, where an erased table reads 0xFFFF: "
                                            "the data came on the wrong lines, so this flash or "
                                            "its wiring does not do quad mode."),
                                          (guint) MIN (event->values[0], 0xffff));
      else if (f->variant == VARIANT_ODD_MAGIC)
        d->explanation = g_strdup_printf (_("The bootloader read the partition table's mark as "
                                            "0x%04X: neither a table's (0x50AA) nor erased flash "
                                            "(0xFFFF). Every build writes its table, so most often "
                                            "the flash was read in a mode this flash or its wiring "
                                            "cannot do (a quad mode, often set by the board "
                                            "definition); less often something else lies at the "
                                            "table's offset."),
                                          (guint) MIN (event->values[0], 0xffff));
      else if (f->variant == VARIANT_GARBAGE_DUAL)
        d->explanation = g_strdup (_("The ROM read nonsense after the first part of the image (a "
                                     "segment at 0xFFFFFFFF or of no length): the header asks for "
                                     "a dual mode, and this flash, or the module's wiring of it, "
                                     "cannot do even that."));
      else if (f->variant == VARIANT_GARBAGE)
        d->explanation = g_strdup (_("The ROM read nonsense after the first part of the image "
                                     "(a segment at 0xFFFFFFFF or of no length, zeros, a checksum "
                                     "that never changed): the flash mode in the header is one "
                                     "this flash, or the module's wiring of it, cannot do (quad "
                                     "modes on many boards, anything but DOUT on some)."));
      else if (f->variant == VARIANT_CSUM)
        d->explanation = g_strdup (_("The image's checksum is wrong when the ROM loads it at "
                                     "boot. Flashers check what they write, so the data is most "
                                     "often right and the ROM read it wrongly, in the flash mode "
                                     "the header asks for, which this flash or its wiring cannot "
                                     "do (some modules need DOUT). Less often the image is "
                                     "damaged."));
      else if (f->variant == VARIANT_CRASH)
        d->explanation = g_strdup (_("The firmware was loaded, then crashed on an instruction "
                                     "the CPU cannot run before it printed anything: its code "
                                     "is read wrongly from flash, as in a flash mode the flash "
                                     "cannot do (ESP8285 and many ESP-01 need DOUT)."));
      else if (f->variant == VARIANT_QUOTE_ENDS)
        d->explanation = g_strdup (_("The header asks for a quad flash mode (QIO or QOUT), and "
                                     "the log ends as the bootloader hands over to the firmware. "
                                     "If the firmware then says nothing, not even garbage at "
                                     "another baud rate, this flash, or the way the module wires "
                                     "it, cannot do quad mode."));
      else
        d->explanation = g_strdup (_("The header asks for a quad flash mode (QIO or QOUT), and "
                                     "after the bootloader handed over the firmware never ran: "
                                     "this flash, or the way the module wires it (ESP8285, "
                                     "modules that use GPIO9/GPIO10), cannot do quad mode."));
      if (f->variant == VARIANT_GARBAGE_DUAL)
        d->fix = g_strdup (_("Write the firmware again with flash mode DOUT; where the "
                             "bootloader sets the mode itself (ESP-IDF, Arduino), build it for "
                             "DOUT."));
      else if (f->variant == VARIANT_ODD_MAGIC)
        d->fix = g_strdup (_("Build and write the firmware with flash mode DIO (in the Arduino "
                             "IDE: Tools, Flash Mode), bootloader included. If it is DIO already, "
                             "write this build's partition table at its offset again."));
      else if (f->variant == VARIANT_CSUM)
        d->fix = g_strdup (_("Write the firmware again with flash mode DOUT (in the Arduino IDE: "
                             "Tools, Flash Mode, or the Generic ESP8266 board), with "
                             "verification. If the checksum is still wrong in DOUT, the image or "
                             "the flash is damaged: erase the flash and write a known-good "
                             "build."));
      else if (f->variant == VARIANT_QUAD_PATTERN)
        d->fix = g_strdup (_("Build the bootloader with flash mode DIO (ESP-IDF and the ESP8266 "
                             "RTOS SDK: menuconfig, Serial flasher config, Flash SPI mode) and "
                             "write it again; a bootloader built for QIO switches to quad mode "
                             "whatever the header says."));
      else
        d->fix = g_strdup (_("Write the firmware again with flash mode DIO, or DOUT on an ESP8285 "
                             "and on modules whose flash only does that."));
      break;

    case KILN_BOOT_DIAG_FLASH_SIZE:
      if (f->variant == VARIANT_FLASH_CONFIG)
        {
          d->title = g_strdup (_("The firmware was built for another flash"));
          d->explanation = g_strdup (_("At start-up the firmware could not set up the flash it "
                                       "was built for and stopped: the build's flash size is "
                                       "larger than this module's, or it was built for quad "
                                       "flash and the module has octal flash (or the other way "
                                       "round)."));
          d->fix = g_strdup (_("Build for this module: its flash size, and on ESP32-S3 modules "
                               "with octal flash (the WROOM-2 and others) flash mode OPI with "
                               "the matching PSRAM setting."));
          break;
        }
      if (f->variant == VARIANT_TABLE_PAST_END)
        {
          d->title = g_strdup (_("The partition table does not fit the flash size setting"));
          if (event->values[1] >= 1024)
            d->explanation = g_strdup_printf (_("A partition reaches past %u KiB, the flash size "
                                                "the bootloader works with (the one in its image "
                                                "header). Either the build's flash size setting "
                                                "is smaller than this board's flash, or the "
                                                "partition table was made for a larger flash than "
                                                "the board has."),
                                              (guint) MIN (event->values[1] / 1024, G_MAXUINT));
          else
            d->explanation = g_strdup (_("A partition reaches past the flash size the bootloader "
                                         "works with (the one in its image header). Either the "
                                         "build's flash size setting is smaller than this "
                                         "board's flash, or the partition table was made for a "
                                         "larger flash than the board has."));
          d->fix = g_strdup (_("Set the flash size to the board's real size (Kiln's Detect "
                               "reads it; in the Arduino IDE: Tools, Flash Size) and choose a "
                               "partition table that fits in it, then write the bootloader, the "
                               "partition table and the application again."));
          break;
        }
      d->title = g_strdup (_("Flash size setting larger than the flash"));
      if (f->variant == VARIANT_FLASHER)
        d->explanation = g_strdup_printf (_("The flasher found %u KiB of flash, but the image "
                                            "header the bootloader read says %u KiB."),
                                          self->flasher_flash_kb, self->header_flash_kb);
      else
        d->explanation = g_strdup (event->explanation);
      d->fix = g_strdup (_("Write the firmware with the board's real flash size (or let Kiln "
                           "detect it), and use a partition table that fits that size."));
      break;

    case KILN_BOOT_DIAG_PARTITION_TABLE:
      if (f->variant == VARIANT_SILENT_RESTARTS)
        {
          d->title = g_strdup (_("The bootloader restarts the chip without a word"));
          d->explanation = g_strdup (_("Each time the ROM started the second-stage bootloader, the "
                                       "chip restarted by software before the bootloader or the "
                                       "application printed a line. ESP-IDF's bootloader does that "
                                       "when it cannot use the partition table or finds no "
                                       "application it can start (none, a damaged one, or one it "
                                       "reads wrongly at a flash speed the flash cannot do), and "
                                       "says nothing when its log is turned off, as in Arduino "
                                       "builds."));
          d->fix = g_strdup (_("Erase the flash, then write this build's bootloader, partition "
                               "table (at 0x8000 unless the build moved it) and application "
                               "again, with verification and the flash size and partition scheme "
                               "the build expects; if it still restarts, build with flash "
                               "frequency 40 MHz and flash mode DIO. To see which it is, build "
                               "the bootloader with its log on (CONFIG_BOOTLOADER_LOG_LEVEL)."));
          break;
        }
      d->title = f->variant == VARIANT_TOO_SMALL
                 ? g_strdup (_("The application is larger than its partition"))
                 : g_strdup (_("Partition table missing or wrong"));
      if (f->variant == VARIANT_TOO_SMALL)
        d->explanation = g_strdup (_("The application is larger than the partition it was "
                                     "written to."));
      else if (f->variant == VARIANT_IMAGE_AT_TABLE)
        d->explanation = g_strdup_printf (_("The bootloader read the partition table's mark as "
                                            "0x%04X: the first bytes of a firmware image (0xE9, "
                                            "then its number of segments), not of a table. A "
                                            "bootloader or an application was written at the "
                                            "table's offset, or the table at another one."),
                                          (guint) MIN (event->values[0], 0xffff));
      else
        d->explanation = g_strdup (_("The bootloader found no valid partition table (at 0x8000 "
                                     "for ESP-IDF): it was not written, was written at another "
                                     "offset, or belongs to another build."));
      if (f->variant == VARIANT_IMAGE_AT_TABLE)
        d->fix = g_strdup (_("Write each file at the offset its build gives (ESP-IDF lists them "
                             "in build/flash_project_args): the partition table at 0x8000 unless "
                             "the build moved it, the application at its partition's offset."));
      else
        d->fix = g_strdup (_("Write the partition table of this build at its offset (0x8000 "
                             "unless the build says otherwise), with an application partition "
                             "large enough for the firmware."));
      break;

    case KILN_BOOT_DIAG_OTA:
      if (f->variant == VARIANT_RBOOT)
        {
          d->title = g_strdup (_("rBoot's selected ROM slot holds no valid image"));
          d->explanation = g_strdup (_("rBoot's boot configuration selects a ROM slot with no "
                                       "valid image in it: the slot was never written, or an "
                                       "update wrote it incompletely. rBoot started another "
                                       "slot instead."));
          d->fix = g_strdup (_("Write the firmware built for that slot at its address, with "
                               "verification, before switching to it. If it happens after "
                               "updates over the air, the update's flash writes failed: check "
                               "the supply and the SDK version the firmware was built with."));
          break;
        }
      d->title = g_strdup (_("OTA data or slot unusable"));
      d->explanation = g_strdup (_("The bootloader could not use the OTA data partition or the "
                                   "OTA slot it points to."));
      d->fix = g_strdup (_("Erase the otadata partition (write the build's ota_data_initial.bin "
                           "or blank it) so that the bootloader starts the first slot, and "
                           "write the application there."));
      break;

    case KILN_BOOT_DIAG_NO_APP:
      d->title = g_strdup (_("No application to start"));
      if (f->variant == VARIANT_TRY_ALL)
        {
          g_free (d->title);
          d->title = g_strdup (_("No OTA slot holds an application the bootloader starts"));
          d->explanation = g_strdup (_("The OTA data partition is blank (normal after an erase) "
                                       "and there is no factory application, so the bootloader "
                                       "goes on to try every OTA slot: blank OTA data stops "
                                       "nothing by itself. No application loaded after that in "
                                       "this log: the application was written at another offset "
                                       "than its slot's (see the partition table above), or not "
                                       "at all."));
          d->fix = g_strdup (_("Write the application at the offset of the first OTA slot "
                               "(ota_0 in the partition table), or a merged image at the "
                               "bootloader offset, then watch the boot again."));
          break;
        }
      if (f->variant == VARIANT_USER1)
        {
          d->explanation = g_strdup (_("boot.bin started the firmware in slot user1 at 0x1000, "
                                       "where a freshly written board starts, and found none "
                                       "there, nor in the other slot: user1.bin was not written "
                                       "at 0x1000, or was built for another flash map."));
          d->fix = g_strdup (_("Write user1.bin (for the board's flash map) at 0x1000, with "
                               "boot.bin at 0x0; blank.bin over the boot settings (two sectors "
                               "below the init data) makes boot.bin start user1 again."));
          break;
        }
      d->explanation = g_strdup (_("The second-stage bootloader runs, but where the partition "
                                   "table puts the application there is none: it was not "
                                   "written, or written at another offset."));
      d->fix = g_strdup (_("Write the application at the offset of its partition (0x10000 in "
                           "most ESP-IDF and Arduino builds)."));
      break;

    case KILN_BOOT_DIAG_WRONG_CHIP:
      d->title = g_strdup (_("Image for another chip"));
      if (f->variant == VARIANT_ESP8266_HEADER)
        {
          g_free (d->title);
          d->title = g_strdup (_("An ESP8266 image on an ESP32-family chip"));
          d->explanation =
            g_strdup_printf (_("The image at the bootloader offset 0x%X is an ESP8266's: where "
                               "an ESP32-family header keeps its flash pin settings (bytes 8 "
                               "to 11, which the ROM printed as SPIWP and the drive strengths), "
                               "it holds 0x%08X, an ESP8266 load address, because the ESP8266's "
                               "header is 8 bytes long and its first segment follows. The ROM "
                               "then reads the segments from the wrong places."),
                             bootloader_offset (self), (guint) MIN (f->evidence->values[0],
                                                                     G_MAXUINT32));
          d->fix = g_strdup_printf (_("Build (or download) the firmware for this chip: choose "
                                      "the ESP32 family's board or device type, not the "
                                      "ESP8266's, and write its bootloader at 0x%X with the "
                                      "other files."),
                                    bootloader_offset (self));
          break;
        }
      if (f->variant == VARIANT_ENTRY)
        d->explanation = g_strdup_printf (_("The CPU could not run the first instruction of the "
                                            "image the ROM started (it stopped at the entry "
                                            "point, 0x%08X): the code was built for another "
                                            "chip or another revision of this one."),
                                          (guint) MIN (self->crash_pc, G_MAXUINT32));
      else
        d->explanation = g_strdup_printf (_("The image was built for another chip or chip "
                                            "revision than this %s."),
                                          self->chip != NULL ? self->chip->display_name
                                                             : _("chip"));
      d->fix = g_strdup (_("Build (or download) the firmware for this exact chip and its "
                           "revision, and write it again."));
      break;

    case KILN_BOOT_DIAG_DOWNLOAD_DISABLED:
      d->title = g_strdup (_("Download mode disabled in eFuse"));
      d->explanation = g_strdup (_("The chip's eFuses disable the serial download mode (usually "
                                   "with secure boot or flash encryption in release mode), so "
                                   "it cannot be flashed over the serial port any more."));
      d->fix = g_strdup (_("Update the firmware over the air or through whatever the current "
                           "firmware offers; eFuses cannot be reset."));
      break;

    case KILN_BOOT_DIAG_SECURITY:
      /* Random-looking data at the bootloader offset, read as ciphertext. */
      if (f->evidence != NULL && f->evidence->kind == KILN_BOOT_EVENT_INVALID_HEADER)
        {
          texts_invalid_header (self, f, d);
          break;
        }
      d->title = g_strdup (_("Secure boot or flash encryption refused the image"));
      d->explanation = g_strdup (_("Secure boot or flash encryption is enabled on this chip and "
                                   "the image in flash is not signed or encrypted as it expects."));
      d->fix = g_strdup (_("Write the signed (and, with flash encryption, encrypted) images "
                           "your build system produces for this chip."));
      break;

    case KILN_BOOT_DIAG_PSRAM:
      if (f->variant == VARIANT_CAMERA_FRAMES)
        {
          d->title = g_strdup (_("No PSRAM for the camera's pictures"));
          d->explanation = g_strdup (_("The camera driver keeps each picture in PSRAM and could "
                                       "not get the memory: the firmware was built with PSRAM "
                                       "turned off, or the module has none."));
          d->fix = g_strdup (_("Turn PSRAM on in the build and write it again: in the Arduino "
                               "IDE choose the camera board's own entry (such as “AI Thinker "
                               "ESP32-CAM”) or set Tools ▸ PSRAM to Enabled; in ESP-IDF enable "
                               "external RAM support. On a module without PSRAM, set a smaller "
                               "picture size and keep one frame buffer in internal RAM."));
          break;
        }
      d->title = g_strdup (_("External RAM (PSRAM) failed"));
      d->explanation = g_strdup (_("The firmware expects PSRAM and could not initialise it: the "
                                   "module has none, it is a different kind (or in a chip "
                                   "package the firmware's ESP-IDF does not know), or the pins "
                                   "it uses are taken."));
      d->fix = g_strdup (_("Use a build that matches the module (PSRAM off for modules without "
                           "it, the right PSRAM type and speed otherwise), and keep the PSRAM "
                           "pins free."));
      break;

    case KILN_BOOT_DIAG_RESET_LOOP:
      texts_reset_loop (self, f, d);
      break;

    case KILN_BOOT_DIAG_BENIGN_RESET:
      texts_benign (self, f, d);
      break;

    case KILN_BOOT_DIAG_ERRATUM:
      d->severity = KILN_BOOT_SEVERITY_INFO;
      d->title = g_strdup (_("A known quirk of the ESP32, not a fault"));
      if (f->variant == VARIANT_SLOW_FLASH)
        {
          d->explanation = g_strdup (_("At power-on (or on waking from deep sleep) the flash "
                                       "was not ready when the ROM first read it (\"flash read "
                                       "err\"), so the RTC watchdog reset the chip, and the next "
                                       "boot read the flash and went on. Espressif's ESP32 "
                                       "errata (3.8) describe this with flash chips that start "
                                       "slowly: it costs a moment at each start."));
          d->fix = g_strdup (_("Nothing to do while the second try boots, as it does here. If "
                               "the board ever stays at \"flash read err\", check the 3.3 V "
                               "supply and what is connected to the flash pins."));
          break;
        }
      d->explanation = g_strdup (f->variant == VARIANT_DEEP_SLEEP
                                 ? _("The chip woke from deep sleep, and a watchdog reset it once "
                                     "before the ROM printed anything. Early ESP32 revisions do "
                                     "that (Espressif's ESP32 errata, 3.1); the boot then goes on "
                                     "normally, as it does here.")
                                 : _("The chip was powered up, and a watchdog reset it once before "
                                     "the ROM printed anything. Early ESP32 revisions do that "
                                     "(Espressif's ESP32 errata, 3.1); the boot then goes on "
                                     "normally, as it does here."));
      d->fix = g_strdup (_("Nothing to do."));
      break;

    case KILN_BOOT_DIAG_UNEXPLAINED:
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      d->title = g_strdup (_("Errors Kiln does not know"));
      d->explanation = g_strdup (_("The log reports an error that no rule of Kiln explains; the "
                                   "line it first appears in is shown below."));
      d->fix = g_strdup (_("Search for the exact message in the documentation of the firmware "
                           "or of ESP-IDF."));
      break;

    case KILN_BOOT_DIAG_DEEP_SLEEP_WIRING:
      if (f->variant == VARIANT_NO_WAKE)
        {
          d->severity = KILN_BOOT_SEVERITY_WARNING;
          d->title = g_strdup (_("Asleep, with no wake-up in the log"));
          d->explanation = g_strdup (
            on_esp8266 (f)
              ? _("The firmware put the ESP8266 into deep sleep, and the log ends there. The "
                  "ESP8266 wakes from deep sleep only through its reset pin: when the time is "
                  "up its timer pulls GPIO16 low, so unless GPIO16 is wired to RST it sleeps "
                  "for ever. If the capture only stopped before the wake-up, nothing is wrong.")
              : _("The firmware went into deep sleep, and the log ends there. On an ESP8266 "
                  "that is where a board stays for ever when GPIO16 is not wired to RST: the "
                  "ESP8266 wakes from deep sleep only through its reset pin, which its timer "
                  "pulls low through GPIO16. ESP32-family chips wake by themselves. If the "
                  "capture only stopped before the wake-up, nothing is wrong."));
          d->fix = g_strdup (_("On an ESP8266, wire GPIO16 (D0 on NodeMCU and D1 mini boards) "
                               "to RST, directly or through a resistor of a few hundred ohms "
                               "so that the reset button and the flasher's reset still work; "
                               "if uploads then fail, undo it while flashing."));
          break;
        }
      d->title = g_strdup (_("Deep-sleep wake-up wired wrong"));
      d->explanation = g_strdup (_("The ESP8266 woke from deep sleep and stopped in its ROM: the "
                                   "wake-up pulse does not reach the chip as a clean reset, "
                                   "because GPIO16 is not joined to RST, or RST is tied to "
                                   "CH_PD/EN."));
      d->fix = g_strdup (_("Connect GPIO16 to RST (through a small resistor or a Schottky "
                           "diode) and keep RST and CH_PD/EN apart."));
      break;

    case KILN_BOOT_DIAG_CONSOLE_ELSEWHERE:
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      d->title = g_strdup (_("The firmware prints somewhere else"));
      d->explanation = g_strdup (_("The log was read through the chip's own USB port (the reset "
                                   "came from there), and after the ROM started the bootloader "
                                   "not a line more came: the bootloader and the firmware print "
                                   "on UART0, not on this USB port. The firmware may be running "
                                   "normally."));
      d->fix = g_strdup (_("For an Arduino sketch enable “USB CDC On Boot”; for "
                           "ESP-IDF set the console to USB-Serial/JTAG; or read UART0's TX pin "
                           "with a USB-serial adapter."));
      break;

    case KILN_BOOT_DIAG_NVS:
      if (f->variant == VARIANT_NVS_KEYS)
        {
          d->title = g_strdup (_("The NVS keys partition holds no valid keys"));
          d->explanation = g_strdup (_("The firmware encrypts its non-volatile storage (NVS) and "
                                       "reads the keys from its NVS keys partition, which holds "
                                       "something else: data left from before, or keys written "
                                       "in plain text on a chip that encrypts its flash. The "
                                       "firmware makes new keys only in an erased partition."));
          d->fix = g_strdup (_("Erase the NVS keys partition (its offset and size are in the "
                               "partition table) and the NVS partition it protects, or erase "
                               "the whole flash before writing; keys of your own must be written "
                               "encrypted on a chip with flash encryption on. Settings kept in "
                               "NVS are lost."));
          break;
        }
      d->title = g_strdup (_("The NVS partition holds data the firmware cannot use"));
      d->explanation = g_strdup (_("The firmware could not open its non-volatile storage (NVS): "
                                   "the partition holds data in another format, left by another "
                                   "firmware or an older ESP-IDF, or it is full. Writing new "
                                   "firmware does not clear it."));
      d->fix = g_strdup (_("Erase the NVS partition and restart: its offset and size are in the "
                           "partition table (ESP-IDF's default tables put it at 0x9000, 0x6000 "
                           "bytes: kiln-cli erase-region 0x9000 0x6000), or erase the whole "
                           "flash before writing. Settings kept there are lost."));
      break;

    case KILN_BOOT_DIAG_BOARD_PART:
      if (f->variant == VARIANT_ETHERNET)
        {
          d->title = g_strdup (_("Ethernet set up for another board"));
          d->explanation = g_strdup (_("The Ethernet driver could not bring up the board's "
                                       "Ethernet chip (the PHY): it did not answer at the address "
                                       "set, gave another chip's ID, or did not finish powering "
                                       "up or resetting. The firmware's Ethernet settings do not "
                                       "fit this board: the PHY type and address, the pin that "
                                       "powers or resets it, and the clock's mode and pin differ "
                                       "from board to board, even between boards with the same "
                                       "PHY chip."));
          d->fix = g_strdup (_("Set the firmware's Ethernet settings to this board's, as its "
                               "maker documents them (PHY type, PHY address, power or reset pin, "
                               "and on the ESP32 whether the 50 MHz clock comes in on GPIO0 or "
                               "goes out on GPIO0, GPIO16 or GPIO17), and build again, or use the "
                               "release made for this board. If they are right, check the PHY's "
                               "supply and its clock."));
          break;
        }
      d->title = g_strdup (_("Firmware built for another board"));
      d->explanation = g_strdup (_("The firmware looked for a part of the board it was built "
                                   "for (a display, touch controller, audio codec or button) "
                                   "and did not find it, as its board support code or the "
                                   "part's driver says. Most often the firmware was built for "
                                   "a sibling board with other parts; otherwise the part is not "
                                   "connected or does not answer."));
      d->fix = g_strdup (_("Choose this exact board in the build's settings (in ESP-IDF's "
                           "menuconfig, the board support package's board choice; in the "
                           "Arduino IDE, the board menu) and build again, or use the release "
                           "made for this board. If it is the right board, check the part's "
                           "connections."));
      break;

    case KILN_BOOT_DIAG_CRYSTAL:
      d->title = g_strdup (_("Firmware built for another crystal"));
      if (f->variant == VARIANT_FIRMWARE_SAYS)
        {
          guint built = (guint) MIN (f->evidence->values[0], G_MAXUINT);
          guint found = (guint) MIN (f->evidence->values[1], G_MAXUINT);

          d->explanation =
            g_strdup_printf (_("The firmware says it was built for a %u MHz crystal and found "
                               "%u MHz on this board. Everything it times from the crystal is "
                               "off by %u/%u: what it sends at 115200 baud arrives at about "
                               "%u baud and reads as garbage, and the radio is off its "
                               "channels."),
                             built, found, found, built, built != 0 ? 115200u * found / built
                                                                    : 0u);
          d->fix = g_strdup_printf (_("Build the bootloader and the firmware for the board's "
                                      "%u MHz crystal (in ESP-IDF, the main crystal frequency "
                                      "setting, or autodetect where the chip offers it) and "
                                      "write them again."),
                                    found);
          break;
        }
      d->explanation = g_strdup_printf (_("The flasher found a 26 MHz crystal on this %s, and "
                                          "nothing after the reset can be read at 115200 baud: a "
                                          "bootloader and firmware built for a 40 MHz crystal "
                                          "send at 74880 baud (115200 × 26/40) instead."),
                                        self->chip->display_name);
      d->fix = g_strdup (_("Build the bootloader and the firmware for the board's 26 MHz crystal "
                           "(in ESP-IDF, the main crystal frequency setting) and write them "
                           "again; until then the output can be read at 74880 baud."));
      break;

    case KILN_BOOT_DIAG_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  if (d->evidence == NULL)
    d->evidence = g_strdup ("");
  return d;
}
