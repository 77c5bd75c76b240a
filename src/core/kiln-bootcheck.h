/* kiln-bootcheck.h: after a write, reset the board into its firmware and
 * say in one line whether the firmware came up, or what went wrong.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiln-bootlog.h"
#include "kiln-chip.h"
#include "kiln-transport.h"

G_BEGIN_DECLS

/**
 * KilnBootCheckStatus:
 * @KILN_BOOT_CHECK_UP: the firmware came up and said so (AT "ready", a
 *   REPL prompt, app_main() started …)
 * @KILN_BOOT_CHECK_FAILED: the boot failed; the diagnosis says why
 * @KILN_BOOT_CHECK_UNKNOWN: the firmware runs, but prints nothing Kiln
 *   recognises (an Arduino sketch, say)
 * @KILN_BOOT_CHECK_SKIPPED: the link cannot reset the board (no DTR/RTS)
 */
typedef enum
{
  KILN_BOOT_CHECK_UP,
  KILN_BOOT_CHECK_FAILED,
  KILN_BOOT_CHECK_UNKNOWN,
  KILN_BOOT_CHECK_SKIPPED,
} KilnBootCheckStatus;

/**
 * KilnBootCheckOptions:
 * @chip: the chip found while connecting, or %KILN_CHIP_AUTO
 * @xtal_mhz: its crystal (the ESP8266's and ESP32's ROMs print at
 *   115200 × crystal / 40), 0 if unknown
 * @rom_baud: the ROM's rate; 0 works it out from @chip and @xtal_mhz
 * @app_baud: the firmware's rate; 0 means 115200
 * @timeout_ms: the longest the check listens; 0 means 8000
 * @flash_map: the ESP8266 flash map that was written, or -1
 * @dout_only: the chip is an ESP8285, whose flash reads in DOUT only
 * @after_reset: the caller reset the board already, through a port that
 *   came back only after the ROM and the bootloader had spoken (the chip's
 *   own USB-Serial/JTAG): listen to the firmware only
 */
typedef struct
{
  KilnChipId chip;
  guint      xtal_mhz;
  guint      rom_baud;
  guint      app_baud;
  guint      timeout_ms;
  gint       flash_map;
  gboolean   dout_only;
  gboolean   after_reset;
} KilnBootCheckOptions;

/**
 * KilnBootCheck:
 * @status: the verdict
 * @summary: one translated line: "AT firmware answered: AT version 1.7.3.0,
 *   SDK 3.0.3", "Flash size setting does not match the firmware"
 * @firmware: (nullable): what came up ("AT", "MicroPython", "ESP-IDF app",
 *   "NodeMCU", "ESP8266 SDK", "ESPHome"), not translated
 * @diagnosis: (nullable): the most likely cause when the boot failed (or
 *   the note on an unrecognised one)
 * @detail: (nullable): what to do next when the firmware came up but
 *   cannot be talked to here, translated (ESP-AT that takes its commands
 *   on another UART: how to wire an adapter to it)
 * @log: the lines the board printed, as decoded
 *
 * Immutable and atomically reference counted.
 */
typedef struct
{
  KilnBootCheckStatus  status;
  char                *summary;
  char                *firmware;
  KilnBootDiagnosis   *diagnosis;
  char                *detail;
  char                *log;
} KilnBootCheck;

#define KILN_TYPE_BOOT_CHECK (kiln_boot_check_get_type ())

GType          kiln_boot_check_get_type      (void) G_GNUC_CONST;
KilnBootCheck *kiln_boot_check_ref           (KilnBootCheck              *check);
void           kiln_boot_check_unref         (KilnBootCheck              *check);
const char    *kiln_boot_check_status_to_string (KilnBootCheckStatus      status);

void           kiln_boot_check_options_init  (KilnBootCheckOptions       *options);
KilnBootCheck *kiln_boot_check_new_skipped   (const char                 *summary);
KilnBootCheck *kiln_boot_check_run           (KilnTransport              *transport,
                                              const KilnBootCheckOptions *options,
                                              GCancellable               *cancellable,
                                              GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnBootCheck, kiln_boot_check_unref)

G_END_DECLS
