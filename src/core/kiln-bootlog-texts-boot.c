/* kiln-bootlog-texts-boot.c: the words for what stops a boot before the
 * firmware runs: the ROM's and the second stage's findings (straps,
 * download mode, the flash, its mode, size and map, the images, partition
 * table and OTA data, the chip they were built for, eFuse security).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-bootlog-finding.h"

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

/* The title of every reading of a bootloader offset that holds some other
 * file (text, an image, data, odd pin settings, a chip ID no chip has). */
static const char not_a_bootloader_title[] = N_("Something other than a bootloader at the "
                                                "bootloader offset");

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
      d->title = g_strdup (_(not_a_bootloader_title));
      d->explanation = g_strdup_printf (_("The ROM found text (first word 0x%08X) at the "
                                          "bootloader offset 0x%X: a file that is no bootloader "
                                          "was written there, or the bootloader was left out."),
                                        word, offset);
      break;
    case VARIANT_IMAGE:
      d->title = g_strdup (_(not_a_bootloader_title));
      d->explanation = g_strdup_printf (_("The ROM found an image header (first word 0x%08X) at "
                                          "the bootloader offset 0x%X that it will not start: the "
                                          "application or another chip's bootloader was written "
                                          "there."),
                                        word, offset);
      break;
    case VARIANT_DATA:
      d->title = g_strdup (_(not_a_bootloader_title));
      d->explanation = g_strdup_printf (_("The ROM found code or data (first word 0x%08X, far "
                                          "too regular for ciphertext, so neither a header nor "
                                          "encrypted) at the bootloader offset 0x%X: the middle of "
                                          "another file is there, most often a bootloader or "
                                          "merged image written at another chip's offset."),
                                        word, offset);
      break;
    case VARIANT_RANDOM:
      d->title = g_strdup (_(not_a_bootloader_title));
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
      d->title = g_strdup (_(not_a_bootloader_title));
      d->explanation = g_strdup_printf (_("What the ROM read at the bootloader offset 0x%X starts "
                                          "like an image (0xE9), but its flash pin settings hold "
                                          "drive strengths above 3, which no bootloader has: "
                                          "another file was written there, or a bootloader built "
                                          "for another chip."),
                                        offset);
      break;
    case VARIANT_NO_CHIP_ID:
      d->title = g_strdup (_(not_a_bootloader_title));
      d->explanation = g_strdup_printf (_("The ROM found an image's first byte at the bootloader "
                                          "offset 0x%X, but a chip ID (%u) that no chip has: "
                                          "the file there is no bootloader of this chip family. "
                                          "Most often it is another file written at that offset "
                                          "(an application, a data file) or an ESP8266's image, "
                                          "whose header is shorter."),
                                        offset, (guint) MIN (f->evidence->values[0], G_MAXUINT));
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
texts_flash_read (KilnBootlogDecoder    *self,
                  const KilnBootFinding *f,
                  KilnBootDiagnosis     *d)
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
                                   "flash mode, flash size). Less often its own code hangs that "
                                   "early, waiting for ever with interrupts off."));
      d->fix = g_strdup (_("Take every pin setting and wire off GPIO6 to GPIO11. If there are "
                           "none, build for the board you have and write with flash mode DIO "
                           "and the board's flash size, after erasing the whole flash. If it "
                           "still resets, watch the firmware's output at its own baud rate "
                           "(115200 for most) to see how far it gets before it hangs."));
      return;
    }
  if (f->variant == VARIANT_UNKNOWN_PART)
    {
      d->title = g_strdup (_("The firmware does not know this flash chip"));
      d->explanation = g_strdup (_("The firmware's flash driver reads the flash's size from its "
                                   "ID as it starts, and could not: the flash is a part this "
                                   "firmware version does not know (some makers' IDs do not "
                                   "give the size the usual way), or it answers with a wrong "
                                   "ID. The firmware then stops, before its own code runs."));
      d->fix = g_strdup (_("Build with a newer ESP-IDF or board package, which knows more flash "
                           "parts. If the same build runs on other boards of this kind, this "
                           "module's flash is faulty or not wired right: check its supply and "
                           "pins, or replace the module."));
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
texts_download (KilnBootlogDecoder    *self,
                const KilnBootFinding *f,
                KilnBootDiagnosis     *d)
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

gboolean
kiln_bootlog_texts_boot (KilnBootlogDecoder    *self,
                         const KilnBootFinding *f,
                         KilnBootDiagnosis     *d)
{
  const KilnBootEvent *event = f->evidence;

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
      if (f->variant == VARIANT_AFTER_ROM)
        {
          d->severity = KILN_BOOT_SEVERITY_WARNING;
          d->title = g_strdup (_("The firmware talks at another baud rate than the ROM"));
          d->explanation = g_strdup (_("The boot ROM's lines read right and it started what it "
                                       "loaded; everything after that is unreadable, so the "
                                       "bootloader and the firmware talk at another baud rate. "
                                       "An ESP-IDF bootloader talks at the ROM's rate unless "
                                       "the build counts on a 40 MHz crystal and the board has "
                                       "a 26 MHz one: its 115200 baud then comes out as 74880. "
                                       "An Arduino sketch, whose bootloader says nothing, talks "
                                       "at the rate it opened its serial port at."));
          d->fix = g_strdup (_("Listen at 74880 baud. If the firmware's lines read there, the "
                               "build is for another crystal than the board's: set its crystal "
                               "frequency to 26 MHz (ESP-IDF's \"Main XTAL frequency\" option, "
                               "or the board's crystal setting in Arduino) and write the "
                               "firmware again. Otherwise listen at the rate the firmware opens "
                               "its serial port at (Serial.begin in a sketch)."));
          break;
        }
      d->severity = KILN_BOOT_SEVERITY_WARNING;
      d->title = g_strdup (_("Output at another baud rate"));
      if (event->values[0] != 0 && event->values[2] != 0)
        d->explanation = g_strdup_printf (_("Part of the output is unreadable at %u baud: it was "
                                            "sent at another rate, most likely %u baud."),
                                          (guint) MIN (event->values[2], G_MAXUINT),
                                          (guint) MIN (event->values[0], G_MAXUINT));
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
      if (f->variant == VARIANT_PARAM_OTHER_DATA)
        {
          d->title = g_strdup (_("Other data where the SDK keeps its settings"));
          d->explanation = g_strdup (_("The SDK found its system parameter sectors invalid and "
                                       "printed what it read there: not erased flash, as after "
                                       "an erase, but other data (the firmware's code or its "
                                       "file system). The flash size setting the firmware was "
                                       "written with puts those sectors inside other data, so "
                                       "the SDK runs on defaults and cannot keep its settings."));
          d->fix = g_strdup (_("Write the firmware again with the module's real flash size "
                               "(ESP-12E and ESP-12F modules have 32 Mbit, 4 MB), with "
                               "esp_init_data_default.bin and blank.bin at the addresses for "
                               "that size; erase the flash first. A second-stage loader such as "
                               "rBoot needs the same size in its header."));
          break;
        }
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
      else if (f->variant == VARIANT_EMPTY_TABLE_QUAD)
        d->explanation = g_strdup (_("The bootloader switched the flash to quad mode and then "
                                     "listed the partition table without a single entry, as "
                                     "erased flash reads. If the table was written, it was read "
                                     "wrong: this flash, or its wiring, does not do the quad mode "
                                     "the bootloader was built for, and its data lines read as "
                                     "all ones."));
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
      else if (f->variant == VARIANT_QUAD_PATTERN || f->variant == VARIANT_EMPTY_TABLE_QUAD)
        d->fix = g_strdup (_("Build the bootloader with flash mode DIO (ESP-IDF and the ESP8266 "
                             "RTOS SDK: menuconfig, Serial flasher config, Flash SPI mode) and "
                             "write it again; a bootloader built for QIO switches to quad mode "
                             "whatever the header says."));
      else if (self->dout_only)
        d->fix = g_strdup (_("Write the firmware again with flash mode DOUT: this board is an "
                             "ESP8285, whose flash, inside the chip, reads in DOUT only."));
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
      if (f->variant == VARIANT_IMPLAUSIBLE_SIZE)
        {
          d->title = g_strdup (_("The flash's size was read wrong"));
          d->explanation =
            g_strdup_printf (_("The firmware read the flash's ID as a %u KiB flash, against %u "
                               "KiB in the image header. No board of this chip family has less "
                               "than 1 MiB, so it is the reading that is wrong, not the flash "
                               "size setting: most often the firmware was built for another "
                               "board and sets up the flash, its voltage or its pins as that "
                               "board needs; less often the flash chip itself is failing."),
                             (guint) MIN (event->values[0], G_MAXUINT),
                             (guint) MIN (event->values[1], G_MAXUINT));
          d->fix = g_strdup (_("Build (or download) the firmware for this exact board, with its "
                               "board setting, and write it again. If it still fails, read the "
                               "flash's ID with Kiln's Detect (kiln-cli flash-id): a size that "
                               "makes sense there means the flash is fine; anything else points "
                               "to the flash chip or its wiring."));
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
      if (f->variant == VARIANT_SILENT_RESTARTS || f->variant == VARIANT_SILENT_RESTART_PC)
        {
          /* Why, in the order threads most often settled it. */
          const char *why = _("ESP-IDF's bootloader does that when it cannot use the partition "
                              "table or finds no application it can start, and says nothing "
                              "when its log is turned off, as in Arduino builds. Most often the "
                              "build was made for another board: a partition scheme for a "
                              "larger flash, or a flash size, mode or speed this board's flash "
                              "cannot do. Less often the application is missing or was written "
                              "damaged.");

          d->title = g_strdup (_("The bootloader restarts the chip without a word"));
          if (f->variant == VARIANT_SILENT_RESTART_PC)
            d->explanation = g_strdup_printf (_("The ROM started the second-stage bootloader, and "
                                                "before anything printed a line the chip "
                                                "restarted by software from 0x%08x, inside the "
                                                "bootloader the ROM had just loaded: the "
                                                "bootloader itself restarted it. %s"),
                                              (guint) MIN (event->values[0], G_MAXUINT32), why);
          else
            d->explanation = g_strdup_printf (_("Each time the ROM started the second-stage "
                                                "bootloader, the chip restarted by software "
                                                "before the bootloader or the application printed "
                                                "a line. %s"),
                                              why);
          d->fix = g_strdup (_("Build for this board: choose the board itself rather than a "
                               "generic one (in the Arduino IDE, Tools, Board), or set its flash "
                               "size, partition scheme and flash frequency. Then erase the flash "
                               "and write the build's bootloader, partition table (at 0x8000 "
                               "unless the build moved it) and application with verification; if "
                               "it still restarts, build with flash frequency 40 MHz and flash "
                               "mode DIO. To see which it is, build the bootloader with its log "
                               "on (CONFIG_BOOTLOADER_LOG_LEVEL)."));
          break;
        }
      if (f->variant == VARIANT_PARTITION_MISSING)
        {
          d->title = g_strdup (_("The partition table lacks a partition the firmware needs"));
          d->explanation = g_strdup (_("The firmware looked for a partition by its name or type, "
                                       "did not find it in the partition table, and stopped. "
                                       "The partition scheme the firmware was built with "
                                       "decides which partitions there are: one without the "
                                       "partition it needs (an NVS partition, a file system, "
                                       "or the storage of a Zigbee build) gives this."));
          d->fix = g_strdup (_("Build with a partition scheme that has the partition (in the "
                               "Arduino IDE: Tools ▸ Partition Scheme; Zigbee examples need a "
                               "Zigbee scheme and the matching Tools ▸ Zigbee mode), then write "
                               "the firmware with its partition table."));
          break;
        }
      if (f->variant == VARIANT_SDK_ENTRY)
        {
          guint64 size = f->evidence->values[1], address = f->evidence->values[2];

          d->title = g_strdup (_("The SDK refused the firmware's partition table"));
          if (size % 0x1000 != 0 || address % 0x1000 != 0)
            d->explanation = g_strdup_printf (_("The ESP8266 SDK 3 checks the partition table the "
                                                "firmware registers as it starts, and refused the "
                                                "entry of type %u: 0x%X bytes at 0x%X is not a "
                                                "whole number of 4 KB sectors."),
                                              (guint) f->evidence->values[0], (guint) size,
                                              (guint) address);
          else
            d->explanation = g_strdup_printf (_("The ESP8266 SDK 3 checks the partition table the "
                                                "firmware registers as it starts, and refused the "
                                                "entry of type %u (0x%X bytes at 0x%X): it overlaps "
                                                "another entry, or ends past the flash size the "
                                                "header at 0x0 gives."),
                                              (guint) f->evidence->values[0], (guint) size,
                                              (guint) address);
          d->fix = g_strdup (_("Correct that entry in the firmware's partition table (the table "
                               "it passes to system_partition_table_regist): whole 4 KB sectors, "
                               "no overlaps, within the flash; or build with a framework version "
                               "that lays it out right, then write the firmware again."));
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
      else if (f->variant == VARIANT_RANDOM_MARK)
        d->explanation = g_strdup_printf (_("The bootloader read the partition table's mark as "
                                            "0x%04X: neither a table's (0x50AA) nor erased "
                                            "flash's, though it reads the flash in a dual mode, "
                                            "where reads rarely go wrong. Another file was "
                                            "written at the table's offset; or the chip has flash "
                                            "encryption turned on and the table was written "
                                            "unencrypted."),
                                          (guint) MIN (event->values[0], 0xffff));
      else if (f->variant == VARIANT_EMPTY_TABLE)
        d->explanation = g_strdup (_("The bootloader listed the partition table without a "
                                     "single entry: where it reads the table it found erased "
                                     "flash, so it knows of no application to start. The table "
                                     "was not written, or was written at another offset than "
                                     "the one this bootloader was built to read."));
      else
        d->explanation = g_strdup (_("The bootloader found no valid partition table (at 0x8000 "
                                     "for ESP-IDF): it was not written, was written at another "
                                     "offset, or belongs to another build."));
      if (f->variant == VARIANT_IMAGE_AT_TABLE)
        d->fix = g_strdup (_("Write each file at the offset its build gives (ESP-IDF lists them "
                             "in build/flash_project_args): the partition table at 0x8000 unless "
                             "the build moved it, the application at its partition's offset."));
      else if (f->variant == VARIANT_RANDOM_MARK)
        d->fix = g_strdup (_("Write each file at the offset its build gives (ESP-IDF lists them "
                             "in build/flash_project_args), the partition table at 0x8000 unless "
                             "the build moved it; on a chip with flash encryption, write the "
                             "encrypted images the build produces."));
      else if (f->variant == VARIANT_EMPTY_TABLE)
        d->fix = g_strdup (_("Write the partition table of the same build as the bootloader at "
                             "the offset that build gives (0x8000 unless it moved the table), "
                             "then the application at its partition's offset."));
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
      /* boot.bin keeps which slot it starts in the sector blank.bin
       * initialises (protocol facts §11); ESP-IDF's words do not fit. */
      if (f->variant == VARIANT_SDK_BOOT)
        {
          d->title = g_strdup (_("boot.bin cannot start the slot its settings choose"));
          d->explanation = g_strdup (_("The SDK's boot.bin reads which application it starts "
                                       "(user1.bin at 0x1000, or user2.bin) from its settings, "
                                       "in the sector blank.bin initialises near the flash's "
                                       "end, and could not use them or found no image in the "
                                       "slot they choose: that sector holds what an earlier "
                                       "firmware left there, or the slot was never written."));
          d->fix = g_strdup (_("Write blank.bin where the flash map puts it (two sectors above "
                               "the PHY init data: 0xFE000 on a 1 MB flash, 0x3FE000 on 4 MB) "
                               "so that boot.bin starts user1, and user1.bin at 0x1000, with "
                               "the board's flash size."));
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
      if (f->variant == VARIANT_BOOTLOADER_IN_SLOT)
        {
          g_free (d->title);
          d->title = g_strdup (_("A bootloader where the application belongs"));
          d->explanation = g_strdup (_("The image in the application slot begins with a segment "
                                       "that loads into the bootloader's own memory: it is a "
                                       "bootloader, or a merged image that begins with one "
                                       "(the whole-flash file a build makes for the bootloader "
                                       "offset), not an application. Written there by a flasher "
                                       "at the application's offset or sent as an over-the-air "
                                       "update, it cannot start."));
          d->fix = g_strdup (_("Write the application's own image to its slot (over the air, "
                               "the application .bin, not the merged or factory one); write a "
                               "merged image only at the bootloader offset."));
          break;
        }
      if (f->variant == VARIANT_MCUBOOT)
        {
          g_free (d->title);
          d->title = g_strdup (_("No application MCUboot can start"));
          d->explanation = g_strdup (_("MCUboot, the second-stage bootloader of this Zephyr or "
                                       "NuttX build, runs but finds no application in its slots "
                                       "that it can start. Most often none was written, only "
                                       "the bootloader. MCUboot says the same when the "
                                       "application lies at another offset than its primary "
                                       "slot's, or is a plain binary without MCUboot's header, "
                                       "or is signed with another key than the bootloader "
                                       "expects."));
          d->fix = g_strdup (_("Write the application image the build made for MCUboot (signed "
                               "with imgtool; the build's flash command writes it) at the "
                               "primary slot's offset in the build's flash layout, then watch "
                               "the boot again."));
          break;
        }
      if (f->variant == VARIANT_GARBLED_SLOT)
        {
          const KilnBootEvent *slot = self->garbled_app_header;

          d->explanation = g_strdup_printf (_("The second-stage bootloader runs, but the "
                                              "application slot at 0x%X holds data that is "
                                              "neither an image nor erased flash: its header "
                                              "gives flash mode %u, which no image has. Another "
                                              "file, or the end of one, was written there; or "
                                              "the chip has flash encryption turned on and the "
                                              "application was written unencrypted."),
                                            (guint) MIN (slot->values[1], G_MAXUINT),
                                            (guint) MIN (slot->values[2], G_MAXUINT));
          d->fix = g_strdup (_("Write each file at the offset its build gives (ESP-IDF lists "
                               "them in build/flash_project_args), the application at the offset "
                               "of its partition; on a chip with flash encryption, write the "
                               "encrypted images the build produces."));
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
                               "above the init data) makes boot.bin start user1 again."));
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
      if (f->variant == VARIANT_SINGLE_CORE)
        {
          g_free (d->title);
          d->title = g_strdup (_("An application for two cores on a single-core ESP32"));
          d->explanation = g_strdup (_("This ESP32 has one CPU core (an ESP32-S0WD, -U4WDH or a "
                                       "module built on one), and the application was built "
                                       "for the usual dual-core ESP32, so it stops as it "
                                       "starts."));
          d->fix = g_strdup (_("Build the firmware for a single-core ESP32: in ESP-IDF, enable "
                               "CONFIG_FREERTOS_UNICORE (“Run FreeRTOS only on first core”); in "
                               "the Arduino IDE or PlatformIO, choose a board or core build "
                               "that supports the single-core chip. Then write it again."));
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
      /* A partition table or an application that reads as noise. */
      if (f->variant == VARIANT_ENCRYPTED_PLAIN)
        {
          gboolean table = f->evidence->kind == KILN_BOOT_EVENT_PARTITION_ERROR;

          d->title = g_strdup (table ? _("Partition table does not match the flash encryption")
                                     : _("Application does not match the flash encryption"));
          if (table)
            d->explanation = g_strdup_printf (_("The bootloader read the partition table's mark "
                                                "as 0x%04X, neither a table's (0x50AA) nor erased "
                                                "flash's, in a dual mode where reads rarely go "
                                                "wrong. That is what a table looks like through "
                                                "flash encryption: the chip has it turned on and "
                                                "the table was written unencrypted (or the other "
                                                "way round). Less often another file was written "
                                                "there."),
                                              (guint) MIN (f->evidence->values[0], 0xffff));
          else
            d->explanation = g_strdup_printf (_("The application slot at 0x%X holds data whose "
                                                "header gives flash mode %u, which no image has. "
                                                "That is what an application looks like through "
                                                "flash encryption: the chip has it turned on and "
                                                "the application was written unencrypted (or the "
                                                "other way round). Less often another file, or "
                                                "the end of one, lies there."),
                                              (guint) MIN (f->evidence->values[1], G_MAXUINT),
                                              (guint) MIN (f->evidence->values[2], G_MAXUINT));
          d->fix = g_strdup (_("On a chip with flash encryption, write the encrypted images your "
                               "build produces (or let the bootloader encrypt them, in "
                               "development mode); espefuse's summary tells whether encryption "
                               "is on. Otherwise write each file at the offset its build "
                               "gives."));
          break;
        }
      d->title = g_strdup (_("Secure boot or flash encryption refused the image"));
      d->explanation = g_strdup (_("Secure boot or flash encryption is enabled on this chip and "
                                   "the image in flash is not signed or encrypted as it expects."));
      d->fix = g_strdup (_("Write the signed (and, with flash encryption, encrypted) images "
                           "your build system produces for this chip."));
      break;

    case KILN_BOOT_DIAG_CRYSTAL:
      if (f->variant == VARIANT_BOOTLOADER_XTAL)
        {
          guint mhz = (guint) MIN (f->evidence->values[0], G_MAXUINT);

          d->title = g_strdup (_("Bootloader built for another crystal"));
          d->explanation = g_strdup_printf (_("The firmware, built for a %u MHz crystal, found "
                                              "that the second-stage bootloader had set the clocks "
                                              "up for another one, and stopped: the bootloader "
                                              "written with it was built for another crystal "
                                              "(ESP-IDF builds it for 40 MHz unless told "
                                              "otherwise)."),
                                            mhz);
          d->fix = g_strdup_printf (_("Write a bootloader built for a %u MHz crystal (in "
                                      "ESP-IDF, set the main crystal frequency to %u MHz and "
                                      "build any project for this chip: its bootloader will do) "
                                      "at the bootloader offset, then the firmware again."),
                                    mhz, mhz);
          break;
        }
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

    default:
      return FALSE;
    }
  return TRUE;
}
