/* kiln-monitor.h: watch a board boot and run: reset it into its firmware,
 * listen at the boot ROM's baud, decode, then follow the application's.
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
 * KilnMonitorPhase:
 * @KILN_MONITOR_PHASE_RESET: pulsing EN to restart the board
 * @KILN_MONITOR_PHASE_ROM: listening at the boot ROM's baud rate
 * @KILN_MONITOR_PHASE_APP: listening at the application's baud rate
 */
typedef enum
{
  KILN_MONITOR_PHASE_RESET,
  KILN_MONITOR_PHASE_ROM,
  KILN_MONITOR_PHASE_APP,
} KilnMonitorPhase;

/**
 * KilnMonitorOptions:
 * @rom_baud: the rate the boot ROM prints at; 0 picks it: 74880 (an
 *   ESP8266 with a 26 MHz crystal) and, if that shows garbage, 115200
 *   after one more reset; 115200 when @chip is an ESP32-family chip
 * @app_baud: the application's rate; 0 means 115200
 * @reset: restart the board into its firmware first (EN pulsed through
 *   RTS, GPIO0 left high); ignored on links without modem lines
 * @quiet_ms: silence after the ROM's lines that ends the ROM phase; 0
 *   means 200
 * @duration_ms: stop after this long; 0 runs until cancelled
 * @chip: what the user said the chip is (or a connection found), or
 *   %KILN_CHIP_AUTO; the decoder takes its facts from it until a ROM banner
 *   names the chip
 * @flash_map: the ESP8266 flash map the user chose, or -1 (see
 *   kiln_bootlog_decoder_set_flash_map())
 * @stop_after_silence_ms: once the board printed something, stop when it
 *   has been silent this long (a halted boot); 0 never stops for silence
 * @find_app_baud: when the application's output cannot be read at
 *   @app_baud (nor at the ROM's rate, where a restart of the board would
 *   show), restart the board and listen to the application at the other
 *   rates firmware uses, one per restart, until its lines read; needs
 *   @reset and a link with modem lines
 * @dout_only: a connection found an ESP8285, whose flash reads in DOUT
 *   only (see kiln_bootlog_decoder_set_dout_only())
 */
typedef struct
{
  guint      rom_baud;
  guint      app_baud;
  gboolean   reset;
  guint      quiet_ms;
  guint      duration_ms;
  KilnChipId chip;
  gint       flash_map;
  guint      stop_after_silence_ms;
  gboolean   find_app_baud;
  gboolean   dout_only;
} KilnMonitorOptions;

/**
 * KilnMonitorCallbacks:
 * @raw: (nullable): every byte as received, with the baud it was read at
 * @event: (nullable): every decoded event (application lines are
 *   %KILN_BOOT_EVENT_TEXT)
 * @diagnosis: (nullable): every diagnosis
 * @phase: (nullable): the monitor resets the board or changes the baud
 *
 * All are called in the thread that runs kiln_monitor_run().
 */
typedef struct
{
  void (*raw)       (const guint8      *data,
                     gsize              len,
                     guint              baud,
                     gpointer           user_data);
  void (*event)     (KilnBootEvent     *event,
                     gpointer           user_data);
  void (*diagnosis) (KilnBootDiagnosis *diagnosis,
                     gpointer           user_data);
  void (*phase)     (KilnMonitorPhase   phase,
                     guint              baud,
                     gpointer           user_data);
} KilnMonitorCallbacks;

void     kiln_monitor_options_init   (KilnMonitorOptions         *options);
gboolean kiln_monitor_reset_to_flash (KilnTransport              *transport,
                                      GCancellable               *cancellable,
                                      GError                    **error);
gboolean kiln_monitor_run            (KilnTransport              *transport,
                                      const KilnMonitorOptions   *options,
                                      const KilnMonitorCallbacks *callbacks,
                                      gpointer                    user_data,
                                      GCancellable               *cancellable,
                                      GError                    **error);

G_END_DECLS
