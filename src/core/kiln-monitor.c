/* kiln-monitor.c: boot monitor.
 *
 * A board prints at two rates while it starts: the boot ROM at a rate set
 * by its crystal (74880 baud for an ESP8266 with 26 MHz, 115200 for 40 MHz
 * crystals and the ESP32 family), the application at whatever it chose
 * (usually 115200).  The monitor listens at the ROM's rate until the ROM
 * is done, then at the application's, and follows the board back when it
 * resets by itself.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-monitor.h"
#include "kiln-util.h"

#define DEFAULT_APP_BAUD 115200
#define DEFAULT_QUIET_MS 200
/* With no ROM line this long after a reset, the ROM is not going to talk
 * (or talks at a rate we cannot read): move on to the application. */
#define ROM_SILENCE_MS 1500
/* EN held low this long restarts the chip (protocol-facts §4.3). */
#define RESET_PULSE_MS 100
/* Reads are sliced so that cancellation and the quiet gap are noticed. */
#define SLICE_MS 50

/* The rates firmware opens its console at, the most used first (ESP-IDF's
 * and most builds' 115200, sketches' Serial.begin (9600), 74880 for an
 * ESP32 build for a 40 MHz crystal on a 26 MHz board), tried in turn when
 * the application's output reads at neither the rate asked for nor the
 * ROM's. */
static const guint app_rates[] = {
  115200, 9600, 74880, 57600, 38400, 19200, 230400, 460800, 921600,
};

/**
 * kiln_monitor_options_init:
 *
 * Fills in the defaults: rates picked automatically, reset first, run until
 * cancelled.
 */
void
kiln_monitor_options_init (KilnMonitorOptions *options)
{
  *options = (KilnMonitorOptions) {
    .rom_baud = 0,
    .app_baud = DEFAULT_APP_BAUD,
    .reset = TRUE,
    .quiet_ms = DEFAULT_QUIET_MS,
    .duration_ms = 0,
    .chip = KILN_CHIP_AUTO,
    .flash_map = -1,
    .stop_after_silence_ms = 0,
  };
}

/**
 * kiln_monitor_reset_to_flash:
 *
 * Restarts the board so that it runs its firmware: EN is pulled low through
 * RTS for 100 ms while DTR stays released, so GPIO0 is high when the chip
 * samples it.  A link without modem lines is left alone.  Runs in the
 * calling thread.
 */
gboolean
kiln_monitor_reset_to_flash (KilnTransport  *transport,
                             GCancellable   *cancellable,
                             GError        **error)
{
  if (!kiln_transport_has_lines (transport))
    return TRUE;
  if (!kiln_transport_set_lines (transport, FALSE, TRUE, error))
    return FALSE;
  if (!kiln_sleep_ms (RESET_PULSE_MS, cancellable, error))
    {
      /* Never leave the board held in reset. */
      kiln_transport_set_lines (transport, FALSE, FALSE, NULL);
      return FALSE;
    }
  return kiln_transport_set_lines (transport, FALSE, FALSE, error);
}

typedef struct
{
  const KilnMonitorCallbacks *callbacks;
  gpointer                    user_data;
  /* Right after our reset, with another ROM rate left to try */
  gboolean                    probing;

  /* Seen since the current phase began */
  gboolean                    saw_text;   /* anything but garbage */
  gboolean                    saw_rom;
  gboolean                    saw_entry;
  gboolean                    saw_wrong_baud;
  gboolean                    saw_reset_line;
} Monitor;

static void
on_event (KilnBootEvent *event,
          gpointer       user_data)
{
  Monitor *m = user_data;

  if (event->kind != KILN_BOOT_EVENT_WRONG_BAUD && event->kind != KILN_BOOT_EVENT_GARBLED)
    m->saw_text = TRUE;
  switch (event->kind)
    {
    case KILN_BOOT_EVENT_WRONG_BAUD:
      m->saw_wrong_baud = TRUE;
      break;
    case KILN_BOOT_EVENT_ENTRY:
      m->saw_entry = TRUE;
      m->saw_rom = TRUE;
      break;
    case KILN_BOOT_EVENT_RESET:
    case KILN_BOOT_EVENT_ROM_BANNER:
      m->saw_reset_line = TRUE;
      m->saw_rom = TRUE;
      break;
    case KILN_BOOT_EVENT_ROM_BUILD:
    case KILN_BOOT_EVENT_SAVED_PC:
    case KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD:
    case KILN_BOOT_EVENT_WAITING_FOR_HOST:
    case KILN_BOOT_EVENT_LOAD:
    case KILN_BOOT_EVENT_TAIL:
    case KILN_BOOT_EVENT_CHKSUM:
    case KILN_BOOT_EVENT_CSUM:
    case KILN_BOOT_EVENT_CSUM_ERR:
    case KILN_BOOT_EVENT_ROM_HALT:
    case KILN_BOOT_EVENT_CONFIGSIP:
    case KILN_BOOT_EVENT_CLK_DRV:
    case KILN_BOOT_EVENT_FLASH_MODE:
    case KILN_BOOT_EVENT_INVALID_HEADER:
    case KILN_BOOT_EVENT_INVALID_IMAGE:
    case KILN_BOOT_EVENT_FLASH_READ_ERR:
    case KILN_BOOT_EVENT_CHECKSUM_FAILURE:
    case KILN_BOOT_EVENT_DOWNLOAD_DISABLED:
    /* The ESP8266 SDK's second stage goes on at the ROM's rate. */
    case KILN_BOOT_EVENT_SDK_BOOT_VERSION:
    case KILN_BOOT_EVENT_SDK_SPI_SPEED:
    case KILN_BOOT_EVENT_SDK_SPI_MODE:
    case KILN_BOOT_EVENT_SDK_FLASH_MAP:
    case KILN_BOOT_EVENT_SDK_JUMP:
    case KILN_BOOT_EVENT_MAP_MISMATCH:
    case KILN_BOOT_EVENT_SYSTEM_PARAM_ERROR:
    case KILN_BOOT_EVENT_PARTITION_TABLE_FAIL:
    case KILN_BOOT_EVENT_PARTITION_TABLE_OK:
    case KILN_BOOT_EVENT_RF_CAL_ERROR:
    case KILN_BOOT_EVENT_WDT_RESET:
      m->saw_rom = TRUE;
      break;
    default:
      /* Text, garbage, the application's own lines. */
      break;
    }
  if (m->callbacks->event != NULL)
    m->callbacks->event (event, m->user_data);
}

static void
on_diagnosis (KilnBootDiagnosis *diagnosis,
              gpointer           user_data)
{
  Monitor *m = user_data;

  /* While probing, garbage means "try the other rate", which we do. */
  if (m->probing && diagnosis->kind == KILN_BOOT_DIAG_WRONG_BAUD)
    return;
  if (m->callbacks->diagnosis != NULL)
    m->callbacks->diagnosis (diagnosis, m->user_data);
}

static void
phase_flags_clear (Monitor *m)
{
  m->saw_text = FALSE;
  m->saw_rom = FALSE;
  m->saw_entry = FALSE;
  m->saw_wrong_baud = FALSE;
  m->saw_reset_line = FALSE;
}

static gboolean
enter_phase (Monitor             *m,
             KilnBootlogDecoder  *decoder,
             KilnTransport       *transport,
             KilnMonitorPhase     phase,
             guint                baud,
             GError             **error)
{
  /* What is pending was read at the old rate. */
  kiln_bootlog_decoder_end_line (decoder);
  if (transport->baud != baud && !kiln_transport_set_baud (transport, baud, error))
    return FALSE;
  kiln_bootlog_decoder_set_baud (decoder, baud);
  phase_flags_clear (m);
  if (m->callbacks->phase != NULL)
    m->callbacks->phase (phase, baud, m->user_data);
  return TRUE;
}

static gboolean
restart_board (Monitor             *m,
               KilnBootlogDecoder  *decoder,
               KilnTransport       *transport,
               guint                rom_baud,
               GCancellable        *cancellable,
               GError             **error)
{
  if (m->callbacks->phase != NULL)
    m->callbacks->phase (KILN_MONITOR_PHASE_RESET, rom_baud, m->user_data);
  /* What came before this reset is not weighed any more. */
  kiln_bootlog_decoder_end_line (decoder);
  kiln_bootlog_decoder_reset (decoder);
  /* Listen at the ROM's rate before the ROM starts talking. */
  if (transport->baud != rom_baud && !kiln_transport_set_baud (transport, rom_baud, error))
    return FALSE;
  if (!kiln_transport_flush_input (transport, error))
    return FALSE;
  if (!kiln_monitor_reset_to_flash (transport, cancellable, error))
    return FALSE;
  return enter_phase (m, decoder, transport, KILN_MONITOR_PHASE_ROM, rom_baud, error);
}

/* The search for the application's rate (options->find_app_baud). */
typedef struct
{
  gboolean on;       /* still searching */
  gboolean read;     /* the application's lines have read at the current rate */
  guint    asked;    /* the rate asked for */
  guint32  tried;    /* a bit per app_rates entry */
} AppSearch;

/* Moves *@app_baud on to the next rate to try, skipping the ROM's (where
 * a restart would have read) and those tried, and returns TRUE: the
 * caller restarts the board to hear the application again.  With none
 * left, puts back the rate asked for, ends the search and returns FALSE. */
static gboolean
app_search_next (AppSearch *search,
                 guint     *app_baud,
                 guint      rom_baud)
{
  for (guint i = 0; i < G_N_ELEMENTS (app_rates); i++)
    if (app_rates[i] == *app_baud)
      search->tried |= 1u << i;
  for (guint i = 0; i < G_N_ELEMENTS (app_rates); i++)
    if (!(search->tried & (1u << i)) && app_rates[i] != rom_baud)
      {
        search->tried |= 1u << i;
        *app_baud = app_rates[i];
        return TRUE;
      }
  *app_baud = search->asked;
  search->on = FALSE;
  return FALSE;
}

/**
 * kiln_monitor_run:
 * @transport: an open link to the board
 * @options: (nullable): what to do; %NULL for the defaults
 * @callbacks: what to tell
 *
 * Resets the board into its firmware (unless told not to), decodes what
 * the boot ROM prints, switches to the application's baud once the ROM is
 * done (its "entry" line, or a quiet gap after its lines, or garbage that
 * shows the application took over at another rate), and keeps decoding.
 * When the board resets by itself it follows it back to the ROM's rate.
 *
 * Runs in the calling thread until @cancellable is cancelled or
 * @options->duration_ms passed; both end it normally.
 *
 * Returns: %FALSE only when the link failed
 */
gboolean
kiln_monitor_run (KilnTransport               *transport,
                  const KilnMonitorOptions    *options,
                  const KilnMonitorCallbacks  *callbacks,
                  gpointer                     user_data,
                  GCancellable                *cancellable,
                  GError                     **error)
{
  KilnMonitorOptions defaults;
  static const KilnMonitorCallbacks no_callbacks = { 0 };
  g_autoptr(KilnBootlogDecoder) decoder = NULL;
  Monitor m = { 0 };
  guint rom_bauds[2];
  guint n_rom_bauds, rom_index = 0;
  guint app_baud, quiet_ms;
  gboolean reset;
  KilnMonitorPhase phase;
  gint64 end, last_data, phase_start;
  gboolean flushed = TRUE;
  gboolean received = FALSE;
  AppSearch search = { 0 };
  /* This ROM phase follows garbage at the application's rate. */
  gboolean after_app_garbage = FALSE;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (transport != NULL, FALSE);

  if (options == NULL)
    {
      kiln_monitor_options_init (&defaults);
      options = &defaults;
    }
  m.callbacks = callbacks != NULL ? callbacks : &no_callbacks;
  m.user_data = user_data;

  app_baud = options->app_baud != 0 ? options->app_baud : DEFAULT_APP_BAUD;
  search.asked = app_baud;
  quiet_ms = options->quiet_ms != 0 ? options->quiet_ms : DEFAULT_QUIET_MS;
  if (options->rom_baud != 0)
    {
      rom_bauds[0] = options->rom_baud;
      n_rom_bauds = 1;
    }
  else if (options->chip == KILN_CHIP_AUTO || options->chip == KILN_CHIP_ESP8266)
    {
      /* Most ESP8266 modules have a 26 MHz crystal; the rest, and every
       * ESP32-family ROM, print at 115200. */
      rom_bauds[0] = 74880;
      rom_bauds[1] = 115200;
      n_rom_bauds = 2;
    }
  else
    {
      rom_bauds[0] = 115200;
      n_rom_bauds = 1;
    }
  reset = options->reset && kiln_transport_has_lines (transport);
  search.on = options->find_app_baud && reset;
  end = options->duration_ms != 0
        ? g_get_monotonic_time () + (gint64) options->duration_ms * 1000 : G_MAXINT64;

  decoder = kiln_bootlog_decoder_new (on_event, on_diagnosis, &m);
  kiln_bootlog_decoder_set_expect_app (decoder, reset);
  kiln_bootlog_decoder_set_flash_map (decoder, options->flash_map);
  kiln_bootlog_decoder_set_dout_only (decoder, options->dout_only);
  if (options->chip != KILN_CHIP_AUTO)
    kiln_bootlog_decoder_set_chip (decoder, kiln_chip_get (options->chip)->name);

  if (reset)
    {
      if (!restart_board (&m, decoder, transport, rom_bauds[0], cancellable, &local_error))
        goto failed;
      phase = KILN_MONITOR_PHASE_ROM;
      m.probing = n_rom_bauds > 1;
    }
  else if (options->rom_baud != 0)
    {
      /* The user will reset the board by hand and named the ROM's rate. */
      if (!enter_phase (&m, decoder, transport, KILN_MONITOR_PHASE_ROM, rom_bauds[0],
                        &local_error))
        goto failed;
      phase = KILN_MONITOR_PHASE_ROM;
    }
  else
    {
      if (!enter_phase (&m, decoder, transport, KILN_MONITOR_PHASE_APP, app_baud, &local_error))
        goto failed;
      phase = KILN_MONITOR_PHASE_APP;
    }
  last_data = phase_start = g_get_monotonic_time ();

  for (;;)
    {
      guint8 buf[512];
      gsize n = 0;
      gint64 now = g_get_monotonic_time ();
      gboolean to_app = FALSE;

      if (now >= end)
        break;
      if (!kiln_transport_read_until (transport, buf, sizeof buf, &n,
                                      MIN (end, now + SLICE_MS * 1000), cancellable,
                                      &local_error))
        goto failed;
      now = g_get_monotonic_time ();

      if (n > 0)
        {
          last_data = now;
          flushed = FALSE;
          received = TRUE;
          if (m.callbacks->raw != NULL)
            m.callbacks->raw (buf, n, transport->baud, m.user_data);
          kiln_bootlog_decoder_feed (decoder, buf, n);
        }
      else if (!flushed && now - last_data >= (gint64) quiet_ms * 1000)
        {
          /* A prompt without a line end ("> ") is shown after a pause. */
          kiln_bootlog_decoder_end_line (decoder);
          flushed = TRUE;
        }
      if (received && options->stop_after_silence_ms != 0 && n == 0
          && now - last_data >= (gint64) options->stop_after_silence_ms * 1000)
        break;

      if (phase == KILN_MONITOR_PHASE_ROM)
        {
          if (m.saw_wrong_baud && !m.saw_rom && m.probing)
            {
              /* Garbage before any ROM line: the ROM talks at the other
               * rate.  Restart the board to read it from the beginning. */
              rom_index++;
              m.probing = rom_index + 1 < n_rom_bauds;
              if (!restart_board (&m, decoder, transport, rom_bauds[rom_index], cancellable,
                                  &local_error))
                goto failed;
              last_data = phase_start = g_get_monotonic_time ();
              continue;
            }
          /* The ESP32 ROM's "entry" hands over to the bootloader, which
           * already talks at the application's rate.  The ESP8266's "jump
           * to run" does not: the SDK goes on at the ROM's rate for a while
           * (that is where "mismatch map" is printed), so a quiet gap or
           * the garbage of the application's rate ends that phase. */
          if (m.saw_entry || m.saw_wrong_baud)
            to_app = TRUE;
          else if (m.saw_rom && n == 0 && now - last_data >= (gint64) quiet_ms * 1000)
            to_app = TRUE;
          else if (!m.saw_rom && now - MAX (phase_start, last_data) >= ROM_SILENCE_MS * 1000)
            to_app = TRUE;

          /* Back here for garbage at the application's rate, and the ROM
           * did not talk at its own either: not a restart of the board,
           * so the application talks at a third rate.  Restart the board
           * to hear it again at the next one. */
          if (to_app && after_app_garbage && !m.saw_rom && search.on)
            {
              after_app_garbage = FALSE;
              if (app_search_next (&search, &app_baud, rom_bauds[rom_index]))
                {
                  if (!restart_board (&m, decoder, transport, rom_bauds[rom_index], cancellable,
                                      &local_error))
                    goto failed;
                  last_data = phase_start = g_get_monotonic_time ();
                  continue;
                }
            }
          if (to_app)
            {
              m.probing = FALSE;
              after_app_garbage = FALSE;
              if (!enter_phase (&m, decoder, transport, KILN_MONITOR_PHASE_APP, app_baud,
                                &local_error))
                goto failed;
              phase = KILN_MONITOR_PHASE_APP;
              phase_start = now;
              flushed = TRUE;
            }
        }
      else
        {
          /* The application's own lines read at this rate. */
          if (m.saw_text && !m.saw_wrong_baud && !m.saw_reset_line)
            search.read = TRUE;
          if (m.saw_wrong_baud && !m.saw_reset_line && !search.read && search.on
              && rom_bauds[rom_index] == app_baud)
            {
              /* Garbage at the rate the ROM read right at: the application
               * talks at another.  Restart the board to hear it at the
               * next. */
              if (app_search_next (&search, &app_baud, rom_bauds[rom_index]))
                {
                  if (!restart_board (&m, decoder, transport, rom_bauds[rom_index],
                                      cancellable, &local_error))
                    goto failed;
                  phase = KILN_MONITOR_PHASE_ROM;
                  last_data = phase_start = g_get_monotonic_time ();
                }
            }
          else if (m.saw_reset_line
                   || (m.saw_wrong_baud && rom_bauds[rom_index] != app_baud))
            {
              /* The board restarted by itself (crash, watchdog, reset
               * button): its ROM talks again, at its own rate.  Or the
               * application talks at a third rate, which the ROM phase
               * finds out. */
              gboolean saw_reset_line = m.saw_reset_line;

              after_app_garbage = !saw_reset_line && !search.read;
              if (!enter_phase (&m, decoder, transport, KILN_MONITOR_PHASE_ROM,
                                rom_bauds[rom_index], &local_error))
                goto failed;
              /* A reset line read at this rate was the ROM already. */
              m.saw_rom = saw_reset_line;
              phase = KILN_MONITOR_PHASE_ROM;
              phase_start = last_data = now;
            }
        }
    }

  kiln_bootlog_decoder_flush (decoder);
  return TRUE;

failed:
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopping is how a monitor ends. */
      kiln_bootlog_decoder_flush (decoder);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
