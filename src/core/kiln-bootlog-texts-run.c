/* kiln-bootlog-texts-run.c: the words for what goes wrong once the
 * firmware runs, or for a run that went right: power, crashes,
 * watchdogs, reset loops, benign restarts, silicon errata and the
 * firmware's own complaints (NVS, board parts, PSRAM).
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

static void
texts_reset_loop (KilnBootlogDecoder    *self,
                  const KilnBootFinding *f,
                  KilnBootDiagnosis     *d)
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
    case VARIANT_BANNER_CUT:
      g_free (d->title);
      d->title = g_strdup (_("The chip resets before its ROM has printed a line"));
      d->explanation = g_strdup (_("The boot ROM's first line was cut off by a reset again and "
                                   "again, a few characters in. No firmware runs that early, so "
                                   "nothing written to the flash causes it: the chip's supply or "
                                   "its EN (reset) line is unstable, through a supply that "
                                   "collapses as the chip starts, an EN pin left floating or "
                                   "pulled low by the circuit, or a bad solder joint on either."));
      d->fix = g_strdup (_("Measure the 3.3 V supply at the module while it starts (it must "
                           "stay above 3.0 V: a regulator that gives at least 500 mA, with "
                           "10 µF or more close to the module), check that EN has its pull-up "
                           "to 3.3 V (10 kΩ) and its capacitor (1 µF), and reflow the joints "
                           "of the module, its regulator and the EN circuit."));
      break;
    case VARIANT_STAGE2_RESTARTS:
      d->explanation = g_strdup (_("The second-stage bootloader starts again and again, with "
                                   "nothing from the firmware in between to say why: the chip "
                                   "resets as the firmware comes up. The boot ROM's lines, which "
                                   "name the reset's cause, are not in the log (on the ESP8266 "
                                   "they come at 74880 baud, and read as garbage at other "
                                   "rates)."));
      d->fix = g_strdup (_("Read the log at the ROM's rate (74880 baud on the ESP8266, 115200 "
                           "on the ESP32 family) to see the reset cause. Check the power supply "
                           "first: one that sags as the firmware starts the radio resets the "
                           "chip just like this. Then write the firmware again with flash mode "
                           "DIO and the board's flash size."));
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
texts_benign (KilnBootlogDecoder    *self,
              const KilnBootFinding *f,
              KilnBootDiagnosis     *d)
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
    case VARIANT_WATCHDOG_BEFORE:
      d->explanation = g_strdup (_("The chip booted and its firmware runs without an error. The "
                                   "RTC watchdog reset its ROM reports ended a start before this "
                                   "one, which hung before the log begins (a supply that rose "
                                   "slowly, a boot that stalled)."));
      d->fix = g_strdup (_("Nothing to do if it happens once. If every power-up needs that "
                           "reset, check the power supply and the delay on the EN pin (its "
                           "capacitor), then the flash settings the firmware was written "
                           "with."));
      return;
    case VARIANT_ENCRYPTED_FIRST:
    case VARIANT_ENCRYPTING:
      g_free (d->title);
      d->title = g_strdup (_("First boot with flash encryption"));
      if (f->variant == VARIANT_ENCRYPTED_FIRST)
        {
          d->explanation = g_strdup (_("The bootloader encrypted the flash, as it does once on "
                                       "the first boot after flash encryption is turned on, "
                                       "and restarted the chip on purpose; the chip then "
                                       "booted from the encrypted flash without an error."));
          break;
        }
      d->explanation = g_strdup (_("The bootloader encrypted the flash, as it does once on the "
                                   "first boot after flash encryption is turned on, and "
                                   "restarts the chip on purpose to boot from the encrypted "
                                   "flash; the log ends there."));
      d->fix = g_strdup (_("Nothing to do. Listen through the restart to see the firmware "
                           "start from the encrypted flash. From now on this chip boots only "
                           "encrypted images: write your build's images encrypted (ESP-IDF: idf.py "
                           "encrypted-flash)."));
      return;
    case VARIANT_SOFTWARE_BEFORE:
      d->explanation = g_strdup (_("The chip booted without an error. The software reset its "
                                   "ROM reports happened before the log begins: the firmware "
                                   "running then restarted the chip (a restart call, the end of "
                                   "an update, or a bootloader that has just encrypted the "
                                   "flash)."));
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

gboolean
kiln_bootlog_texts_run (KilnBootlogDecoder    *self,
                        const KilnBootFinding *f,
                        KilnBootDiagnosis     *d)
{
  const KilnBootEvent *event = f->evidence;

  switch (f->kind)
    {
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
      /* Which of the look-alikes it is the log cannot say; the line before
       * the reset can, so the fix asks for it. */
      if (f->variant == VARIANT_SILENT_RESET)
        {
          g_free (d->title);
          d->title = g_strdup (_("The firmware reset itself without saying why"));
          d->explanation = g_strdup (_("The firmware was running (it printed its own lines) when "
                                       "a software reset of the CPU restarted the chip, with no "
                                       "crash report, watchdog message or announced restart "
                                       "before it. A crash restarts the chip this way; its "
                                       "report may have gone to another console (a USB port, a "
                                       "second UART) or been turned off. A brownout the firmware "
                                       "handles without a message (as the Arduino core 3 does) "
                                       "and code that restarts on an error without saying so "
                                       "look the same."));
          d->fix = g_strdup (_("Watch the firmware's console up to the reset, at its baud rate "
                               "and with its log level raised: the last line before the reset "
                               "is where it stopped. If it always stops at the same step after "
                               "an update, erase the whole flash before writing again (settings "
                               "and radio calibration data the old firmware left there stop "
                               "some at start-up); if it stops as Wi-Fi starts, check the "
                               "supply."));
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
      if (f->variant == VARIANT_REPORT_TAIL)
        {
          d->explanation = g_strdup (_("The log begins with the end of a crash report, before "
                                       "the chip's reset: the firmware crashed just before the "
                                       "copy starts. The lines that say why (an exception, a "
                                       "failed check, a watchdog) came before them and are not "
                                       "in the copy."));
          d->fix = g_strdup (_("Capture the log from before this restart: the whole crash "
                               "report names what failed and where. If the firmware crashes "
                               "at every start, erase the whole flash before writing it again, "
                               "with the flash size of the board."));
          break;
        }
      if (f->variant == VARIANT_DRIVER_CONFLICT)
        {
          g_free (d->title);
          d->title = g_strdup (_("Two drivers for one peripheral"));
          d->explanation = g_strdup (event->explanation);
          d->fix = g_strdup (_("Update the library that uses the legacy driver (for the RMT, "
                               "LED-strip and infrared libraries; for I2S, audio libraries) to a "
                               "version written for this core, or build with the board package "
                               "and core version the library was written for (the board maker's "
                               "package, or the Arduino core 2.x for libraries not yet moved to "
                               "3.x)."));
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
                                       "(board, flash mode, flash size) more often than at its "
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
          /* Less often the build is right and its code takes a pin the
           * flash needs (UART1's default pins on the ESP32 are two of
           * them): the next read of the code hangs the same way. */
          if (self->chip != NULL && self->chip->flash_pins[1] != 0)
            d->fix = g_strdup_printf (_("Write the build made for this exact board (with its "
                                        "flash and PSRAM type and console port), or change the "
                                        "build's board settings to match it, then write all of "
                                        "its files again. If the build is right for the board, "
                                        "check that the firmware gives none of the flash pins "
                                        "(GPIO%u to GPIO%u on the %s) to a serial port, a "
                                        "display or a sensor."),
                                      (guint) self->chip->flash_pins[0],
                                      (guint) self->chip->flash_pins[1],
                                      self->chip->display_name);
          else
            d->fix = g_strdup (_("Write the build made for this exact board (with its flash and "
                                 "PSRAM type and console port), or change the build's board "
                                 "settings to match it, then write all of its files again. If "
                                 "the build is right for the board, check that the firmware "
                                 "gives none of the flash pins to a serial port, a display or a "
                                 "sensor."));
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
      if (f->variant == VARIANT_DISPLAY_FRAMES)
        {
          d->title = g_strdup (_("No PSRAM for the display's frame buffer"));
          d->explanation = g_strdup (_("The RGB display driver keeps the picture it sends to the "
                                       "panel in PSRAM (750 KiB for 800×480 pixels) and could not "
                                       "get the memory: the firmware was built with PSRAM turned "
                                       "off or of another type than the module's, or the module "
                                       "has none."));
          d->fix = g_strdup (_("Turn PSRAM on in the build, of the module's type, and write it "
                               "again: in the Arduino IDE choose the display board's own entry "
                               "or set Tools ▸ PSRAM to “OPI PSRAM” for an ESP32-S3 module with "
                               "octal PSRAM (N8R8, N16R8), “QSPI PSRAM” otherwise; in ESP-IDF "
                               "enable external RAM support (CONFIG_SPIRAM) in the module's "
                               "mode."));
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
                                   "for (a display, touch controller, audio codec, radio or "
                                   "button) "
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

    case KILN_BOOT_DIAG_FILESYSTEM:
      if (f->variant == VARIANT_FS_FORMATTED)
        {
          d->severity = KILN_BOOT_SEVERITY_INFO;
          d->title = g_strdup (_("The firmware made a new file system"));
          d->explanation = g_strdup (_("The firmware found no file system (SPIFFS, LittleFS or "
                                       "FAT) in its partition and formatted one, as it does on "
                                       "its first start after a write or an erase. Files it "
                                       "expects to find there (web pages, settings) are not "
                                       "there yet."));
          d->fix = g_strdup (_("Nothing, if the firmware makes what it needs. If it should find "
                               "files there, write the file system image: in the Arduino IDE "
                               "the data folder's upload (Sketch Data Upload), in PlatformIO "
                               "“Upload Filesystem Image” (pio run -t uploadfs). If this "
                               "happens on every start, the partition is not being kept: check "
                               "the partition scheme and the flash size."));
          break;
        }
      if (f->variant == VARIANT_FS_NO_PARTITION)
        {
          d->title = g_strdup (_("No partition for the file system"));
          d->explanation = g_strdup (_("The firmware looked for the partition of its file "
                                       "system (SPIFFS, LittleFS or FAT) and the partition "
                                       "table written with it has none: it was built with a "
                                       "partition scheme without one, or with another name for "
                                       "it."));
          d->fix = g_strdup (_("Build with a partition scheme that has the file system: in the "
                               "Arduino IDE choose one under Tools ▸ Partition Scheme (the "
                               "default schemes have “spiffs”; “Huge APP” and “No FS” have "
                               "none), in PlatformIO set board_build.partitions, in ESP-IDF add "
                               "it to the partition table CSV; write the bootloader, partition "
                               "table and firmware again, then the file system image."));
          break;
        }
      if (f->variant == VARIANT_FS_FORMAT_FAILED)
        {
          d->title = g_strdup (_("The file system could not even be formatted"));
          d->explanation = g_strdup (_("The firmware found no file system it could mount "
                                       "(SPIFFS, LittleFS or FAT), and formatting one failed "
                                       "too. An empty partition formats; one that is not in the "
                                       "partition table, or lies (in part) past the end of the "
                                       "flash, does not. A firmware built for a module with a "
                                       "larger flash puts it there."));
          d->fix = g_strdup (_("Build with the flash size and partition scheme of the board's "
                               "module (Arduino IDE: Tools ▸ Flash Size and Partition Scheme; "
                               "PlatformIO: board_upload.flash_size and board_build.partitions; "
                               "a web installer: the build for this module), then write the "
                               "bootloader, partition table and firmware again."));
          break;
        }
      if (f->variant == VARIANT_STORAGE_PAST_END)
        {
          d->title = g_strdup (_("The firmware's storage lies past the end of the flash"));
          d->explanation = g_strdup (_("The HomeKit library formats the sector where it keeps its "
                                       "pairings, at the address its build gives, and the flash "
                                       "would not erase it: the address lies past the end of "
                                       "this module's flash. A build for a larger flash (4 MB "
                                       "or 16 MB on a 1 MB module) puts it there, and pairing "
                                       "then fails."));
          d->fix = g_strdup (_("Build with the module's real flash size (Arduino IDE: Tools ▸ "
                               "Flash Size, or the board that matches the module; esp-open-rtos: "
                               "FLASH_SIZE, with HOMEKIT_SPI_FLASH_BASE_ADDR inside it), then "
                               "write the firmware again."));
          break;
        }
      if (f->variant == VARIANT_FS_NO_AREA)
        {
          d->title = g_strdup (_("No room for the file system in the flash layout"));
          if (self->family == KILN_BOOT_FAMILY_ESP8266)
            {
              d->explanation = g_strdup (_("The firmware cannot open or create its files, and no "
                                           "line says its file system failed to mount. On the "
                                           "ESP8266 the file system (SPIFFS or LittleFS) lives in "
                                           "the flash area the flash size setting sets aside for "
                                           "it; a setting that sets none aside (“no FS”, “no "
                                           "SPIFFS”), or one for a smaller flash, leaves nothing "
                                           "to open or write, even after a format that said it "
                                           "succeeded. Less often the firmware only looks for a "
                                           "file it has not made yet, as on a first start."));
              d->fix = g_strdup (_("Build with a flash size setting that sets a file system "
                                   "area aside on the board's flash (in the Arduino IDE: Tools ▸ "
                                   "Flash Size, such as “4MB (FS:2MB OTA:~1019KB)”), write the "
                                   "firmware again, then the file system image if the firmware "
                                   "reads files from it."));
              break;
            }
          d->explanation = g_strdup (_("The firmware cannot open or create its files, and no line "
                                       "says its file system failed to mount. On an ESP8266 the "
                                       "file system lives in the flash area the flash size "
                                       "setting sets aside for it, and a setting that sets none "
                                       "aside (“no FS”) leaves nothing to open, even after a "
                                       "format that said it succeeded; on the ESP32 family a "
                                       "partition scheme without a file system partition does "
                                       "the same. Less often the firmware only looks for a file "
                                       "it has not made yet, as on a first start."));
          d->fix = g_strdup (_("Build with a flash size setting (ESP8266) or a partition scheme "
                               "(ESP32 family) that sets a file system area aside, write the "
                               "firmware again, then the file system image if the firmware "
                               "reads files from it."));
          break;
        }
      if (f->variant == VARIANT_FS_OPEN_FAILED)
        {
          d->title = g_strdup (_("The firmware cannot open its files"));
          d->explanation = g_strdup (_("The firmware could not open or create a file in its "
                                       "file system (SPIFFS, LittleFS or FAT): the file system "
                                       "was not mounted, or its partition is missing from the "
                                       "partition scheme. Firmware that only looks for a file it "
                                       "has not made yet, as on a first start, says the "
                                       "same."));
          d->fix = g_strdup (_("Build with a partition scheme that has a file system partition "
                               "(Arduino IDE: Tools ▸ Partition Scheme), write the firmware "
                               "again, then the file system image if the firmware reads files "
                               "from it."));
          break;
        }
      if (f->variant == VARIANT_FS_FILE_MISSING)
        {
          d->title = g_strdup (_("A file is missing from the file system"));
          d->explanation = g_strdup (_("The firmware looked for a file in its file system "
                                       "(SPIFFS, LittleFS or FAT) and it is not there. Firmware "
                                       "that serves web pages or reads its settings from files "
                                       "needs them written: the file system image is a separate "
                                       "upload from the program's. Firmware that only looks for "
                                       "optional files says this on every start."));
          d->fix = g_strdup (_("If the firmware needs the file, write the file system image "
                               "after the firmware, with the same partition scheme and flash "
                               "size: in the Arduino IDE the data folder's upload (Sketch Data "
                               "Upload), in PlatformIO “Upload Filesystem Image” (pio run -t "
                               "uploadfs). If it works as it should, nothing."));
          break;
        }
      if (f->variant == VARIANT_FS_FLASH_TOO_SMALL)
        {
          d->title = g_strdup (_("MicroPython built for a larger flash"));
          d->explanation = g_strdup (_("MicroPython could not read its file system's blocks "
                                       "from the flash as it started (an I/O error in "
                                       "flashbdev.py): its build keeps the file system past the "
                                       "end of this module's flash. The standard ESP8266 build "
                                       "needs at least 2 MiB."));
          d->fix = g_strdup (_("Erase the flash and write the MicroPython build for this "
                               "module's flash size: for an ESP8266 module with 1 MiB, the "
                               "1 MiB build (ESP8266_GENERIC, variant FLASH_1M; GENERIC_1M "
                               "in older releases)."));
          break;
        }
      d->title = g_strdup (_("The file system could not be mounted"));
      d->explanation = g_strdup (_("The firmware could not mount its file system (SPIFFS, "
                                   "LittleFS or FAT): nothing was written to its partition, it "
                                   "holds another kind, or the partition scheme moved it since "
                                   "it was written. A firmware that keeps its files there "
                                   "(settings, web pages, pictures) goes wrong after this."));
      d->fix = g_strdup (_("Write the file system image after the firmware, with the same "
                           "partition scheme and flash size: in the Arduino IDE the data "
                           "folder's upload (Sketch Data Upload), in PlatformIO “Upload "
                           "Filesystem Image” (pio run -t uploadfs); the scheme must have a "
                           "file system partition (Arduino IDE: Tools ▸ Partition Scheme). Or "
                           "let the firmware format it on its first start: SPIFFS.begin(true), "
                           "LittleFS.begin(true)."));
      break;

    default:
      return FALSE;
    }
  return TRUE;
}
