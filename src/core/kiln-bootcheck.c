/* kiln-bootcheck.c: the boot check after a write.
 *
 * The board is reset into its firmware (EN pulsed, GPIO0 released: the
 * same hard reset a write ends with) and the monitor listens: at the boot
 * ROM's rate while the ROM talks, then at the firmware's.  What comes out
 * goes through a boot-log decoder of our own, which says when the firmware
 * is up (AT "ready", a REPL prompt, app_main() …) and, if it is not, why.
 * AT firmware is then asked for its versions with AT+GMR.
 *
 * The check ends as soon as the outcome is clear: the firmware said it is
 * ready, an application ran for a moment without falling over, the board
 * went silent (a halted boot), or it reset itself twice (a loop); at the
 * latest after the timeout.  It can be cancelled at any time.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-at.h"
#include "kiln-bootcheck.h"
#include "kiln-error.h"
#include "kiln-monitor.h"

#define DEFAULT_TIMEOUT_MS 8000
#define DEFAULT_APP_BAUD 115200
/* A board that prints nothing more for this long has stopped. */
#define SILENCE_MS 2000
/* An application that started is watched this long for a crash. */
#define APP_GRACE_MS 1500
/* After the ROM or the SDK named a failure, listen this much longer (for a
 * reset that follows, or more of the same), not for a whole loop. */
#define FAILURE_GRACE_MS 600
/* Boots after the one we caused that make a loop. */
#define LOOP_RESETS 2
#define AT_GMR_MS 2000

static void
boot_check_clear (gpointer data)
{
  KilnBootCheck *check = data;

  g_free (check->summary);
  g_free (check->firmware);
  g_clear_pointer (&check->diagnosis, kiln_boot_diagnosis_unref);
  g_free (check->detail);
  g_free (check->log);
}

KilnBootCheck *
kiln_boot_check_ref (KilnBootCheck *check)
{
  return g_atomic_rc_box_acquire (check);
}

void
kiln_boot_check_unref (KilnBootCheck *check)
{
  if (check != NULL)
    g_atomic_rc_box_release_full (check, boot_check_clear);
}

G_DEFINE_BOXED_TYPE (KilnBootCheck, kiln_boot_check, kiln_boot_check_ref, kiln_boot_check_unref)

/**
 * kiln_boot_check_status_to_string:
 *
 * Returns: "up", "failed", "unknown" or "skipped"; not translated
 */
const char *
kiln_boot_check_status_to_string (KilnBootCheckStatus status)
{
  switch (status)
    {
    case KILN_BOOT_CHECK_UP: return "up";
    case KILN_BOOT_CHECK_FAILED: return "failed";
    case KILN_BOOT_CHECK_UNKNOWN: return "unknown";
    case KILN_BOOT_CHECK_SKIPPED:
    default: return "skipped";
    }
}

/**
 * kiln_boot_check_options_init:
 *
 * Chip unknown, rates worked out, 8 s at most.
 */
void
kiln_boot_check_options_init (KilnBootCheckOptions *options)
{
  *options = (KilnBootCheckOptions) {
    .chip = KILN_CHIP_AUTO,
    .xtal_mhz = 0,
    .rom_baud = 0,
    .app_baud = 0,
    .timeout_ms = 0,
    .flash_map = -1,
    .after_reset = FALSE,
  };
}

typedef struct
{
  KilnBootlogDecoder *decoder;
  GCancellable       *stop;
  GString            *log;
  guint               baud;
  char               *firmware;
  gboolean            ready;
  gboolean            at;
  /* ESP-AT's command port, when not this one: UART, TX and RX pins, rate */
  guint               at_uart;       /* 0: this port */
  guint               at_tx;
  guint               at_rx;
  char               *at_baud;
  gint64              app_started;   /* monotonic µs, 0: not yet */
  gint64              failed_at;     /* monotonic µs of a failure line, 0: none */
  guint               resets;        /* reset lines after the first */
  gboolean            sdk_jump;      /* the NONOS SDK's boot.bin started a user image */
  gboolean            seen_reset;
  gboolean            received;
} Check;

static void
on_decoded (KilnBootEvent *event,
            gpointer       user_data)
{
  Check *c = user_data;

  g_string_append (c->log, event->text);
  g_string_append_c (c->log, '\n');

  switch (event->kind)
    {
    case KILN_BOOT_EVENT_APP_READY:
      if (c->firmware == NULL || g_str_equal (event->name, "AT")
          || g_str_equal (event->name, "ESP-AT"))
        {
          g_free (c->firmware);
          c->firmware = g_strdup (event->name);
        }
      c->ready = TRUE;
      /* ESP-AT that takes its commands on this port is asked for its
       * versions; one that takes them on another UART cannot be. */
      c->at = g_str_equal (event->name, "AT")
              || (g_str_equal (event->name, "ESP-AT") && event->values[0] == 0);
      if (g_str_equal (event->name, "ESP-AT") && event->values[0] != 0)
        {
          c->at_uart = (guint) MIN (event->values[0], 9);
          c->at_tx = (guint) MIN (event->values[1], G_MAXUINT);
          c->at_rx = (guint) MIN (event->values[2], G_MAXUINT);
          g_free (c->at_baud);
          c->at_baud = g_strdup (event->detail);
        }
      g_cancellable_cancel (c->stop);
      break;
    case KILN_BOOT_EVENT_APP_START:
      if (c->firmware == NULL)
        c->firmware = g_strdup (event->name);
      if (c->app_started == 0)
        c->app_started = g_get_monotonic_time ();
      break;
    case KILN_BOOT_EVENT_SDK_JUMP:
      c->sdk_jump = TRUE;
      break;
    /* Lines that name why the boot failed: the verdict is clear. */
    case KILN_BOOT_EVENT_INVALID_HEADER:
    case KILN_BOOT_EVENT_FLASH_READ_ERR:
    case KILN_BOOT_EVENT_CHECKSUM_FAILURE:
    case KILN_BOOT_EVENT_CSUM_ERR:
    case KILN_BOOT_EVENT_MAP_MISMATCH:
    case KILN_BOOT_EVENT_RF_CAL_ERROR:
    case KILN_BOOT_EVENT_WAITING_FOR_DOWNLOAD:
    case KILN_BOOT_EVENT_WAITING_FOR_HOST:
    case KILN_BOOT_EVENT_BROWNOUT:
    case KILN_BOOT_EVENT_GURU_MEDITATION:
    case KILN_BOOT_EVENT_FATAL_EXCEPTION:
    case KILN_BOOT_EVENT_PANIC:
    case KILN_BOOT_EVENT_PARTITION_ERROR:
    case KILN_BOOT_EVENT_NO_APP:
      if (c->failed_at == 0)
        c->failed_at = g_get_monotonic_time ();
      break;
    case KILN_BOOT_EVENT_RESET:
      /* The board restarting by itself again and again is a loop: enough
       * to say why. */
      if (c->seen_reset && ++c->resets >= LOOP_RESETS)
        g_cancellable_cancel (c->stop);
      c->seen_reset = TRUE;
      c->app_started = 0;
      break;
    default:
      break;
    }
}

static void
on_raw (const guint8 *data,
        gsize         len,
        guint         baud,
        gpointer      user_data)
{
  Check *c = user_data;

  c->received = TRUE;
  if (baud != c->baud)
    {
      /* What is pending was read at the old rate. */
      kiln_bootlog_decoder_end_line (c->decoder);
      kiln_bootlog_decoder_set_baud (c->decoder, baud);
      c->baud = baud;
    }
  kiln_bootlog_decoder_feed (c->decoder, data, len);
  if (c->app_started != 0 && g_get_monotonic_time () - c->app_started > APP_GRACE_MS * 1000)
    g_cancellable_cancel (c->stop);
  if (c->failed_at != 0 && g_get_monotonic_time () - c->failed_at > FAILURE_GRACE_MS * 1000)
    g_cancellable_cancel (c->stop);
}

static void
on_phase (KilnMonitorPhase phase,
          guint            baud,
          gpointer         user_data)
{
  Check *c = user_data;

  /* The monitor resets again when the ROM's rate was wrong: start over. */
  if (phase == KILN_MONITOR_PHASE_RESET && c->received)
    {
      kiln_bootlog_decoder_end_line (c->decoder);
      kiln_bootlog_decoder_reset (c->decoder);
      g_string_truncate (c->log, 0);
      c->seen_reset = FALSE;
      c->resets = 0;
      c->failed_at = 0;
    }
}

static void
on_user_cancel (GCancellable *cancellable,
                gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static guint
rom_baud_for (const KilnBootCheckOptions *options)
{
  if (options->rom_baud != 0)
    return options->rom_baud;
  /* The ESP8266 and ESP32 ROMs print at 115200 × crystal / 40. */
  if (options->chip == KILN_CHIP_ESP8266 || options->chip == KILN_CHIP_AUTO)
    return options->xtal_mhz != 0 ? 115200 * options->xtal_mhz / 40 : 0;
  if (options->chip == KILN_CHIP_ESP32 && options->xtal_mhz != 0)
    return 115200 * options->xtal_mhz / 40;
  return 115200;
}

static KilnBootCheck *
check_new (KilnBootCheckStatus  status,
           const char          *summary)
{
  KilnBootCheck *check = g_atomic_rc_box_new0 (KilnBootCheck);

  check->status = status;
  check->summary = g_strdup (summary);
  check->log = g_strdup ("");
  return check;
}

/**
 * kiln_boot_check_new_skipped:
 * @summary: why the boot was not checked, and what to do instead
 *
 * A check that was not made, for a link the caller knows cannot carry
 * one.
 *
 * Returns: (transfer full): a %KILN_BOOT_CHECK_SKIPPED check
 */
KilnBootCheck *
kiln_boot_check_new_skipped (const char *summary)
{
  return check_new (KILN_BOOT_CHECK_SKIPPED, summary);
}

/* "AT version 1.7.3.0, SDK 3.0.3", from AT+GMR. */
static char *
query_at_versions (KilnTransport *transport,
                   GCancellable  *cancellable)
{
  KilnAtStatus status = KILN_AT_PENDING;
  g_autofree char *reply = NULL;
  g_autoptr(KilnAtVersion) version = NULL;

  reply = kiln_at_command_full (transport, "AT+GMR", AT_GMR_MS, &status, cancellable, NULL);
  if (reply == NULL || status != KILN_AT_OK)
    return NULL;
  version = kiln_at_parse_gmr (reply, NULL);
  if (version == NULL || version->at_version == NULL)
    return NULL;
  if (version->sdk_version != NULL)
    return g_strdup_printf (_("AT version %s, SDK %s"), version->at_version, version->sdk_version);
  return g_strdup_printf (_("AT version %s"), version->at_version);
}

/* ESP-AT on another UART came up, but only its log reaches this port:
 * where its commands go, and how to reach them. */
static void
at_elsewhere (const Check    *c,
              KilnBootCheck  *check)
{
  check->summary = g_strdup_printf (_("ESP-AT started; it takes AT commands on UART%u"),
                                    c->at_uart);
  /* Translators: the UART, its baud rate, then the chip's TX and RX pins
   * (GPIO numbers), in that order. */
  check->detail = g_strdup_printf (_("This port shows only its log. To send it AT commands, "
                                     "connect a serial adapter to UART%u at %s baud: the "
                                     "adapter's RX to GPIO%u (the chip's TX), its TX to "
                                     "GPIO%u (the chip's RX), and GND."),
                                   c->at_uart, c->at_baud, c->at_tx, c->at_rx);
}

static char *
up_summary (const char *firmware,
            const char *versions)
{
  if (g_strcmp0 (firmware, "AT") == 0 || (g_strcmp0 (firmware, "ESP-AT") == 0 && versions != NULL))
    return versions != NULL ? g_strdup_printf (_("AT firmware answered: %s"), versions)
                            : g_strdup (_("AT firmware said “ready”"));
  if (g_strcmp0 (firmware, "MicroPython") == 0)
    return g_strdup (_("MicroPython REPL prompt"));
  if (g_strcmp0 (firmware, "ESP-IDF app") == 0)
    return g_strdup (_("ESP-IDF app started"));
  if (g_strcmp0 (firmware, "NodeMCU") == 0)
    return g_strdup (_("NodeMCU started"));
  if (g_strcmp0 (firmware, "ESP8266 SDK") == 0)
    return g_strdup (_("ESP8266 SDK firmware started"));
  if (g_strcmp0 (firmware, "ESPHome") == 0)
    return g_strdup (_("ESPHome started"));
  return g_strdup_printf (_("%s started"), firmware);
}

/**
 * kiln_boot_check_run:
 * @transport: an open link to the board; its rate is changed, and left at
 *   the firmware's
 * @options: (nullable): what is known about the board
 *
 * Resets the board into its firmware and listens.  Runs in the calling
 * thread for a few seconds at most.
 *
 * Returns: (transfer full): the verdict, or %NULL with @error set when the
 *   link failed or @cancellable was cancelled
 */
KilnBootCheck *
kiln_boot_check_run (KilnTransport               *transport,
                     const KilnBootCheckOptions  *options,
                     GCancellable                *cancellable,
                     GError                     **error)
{
  static const KilnMonitorCallbacks callbacks = { on_raw, NULL, NULL, on_phase };
  KilnBootCheckOptions defaults;
  KilnMonitorOptions mon;
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  g_autoptr(GPtrArray) diagnoses = NULL;
  g_autofree char *versions = NULL;
  KilnBootDiagnosis *first = NULL;
  KilnBootCheck *check;
  Check c = { 0 };
  gulong handler = 0;
  gboolean ok;
  gboolean failure;

  g_return_val_if_fail (transport != NULL, NULL);

  if (options == NULL)
    {
      kiln_boot_check_options_init (&defaults);
      options = &defaults;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!options->after_reset && !kiln_transport_has_lines (transport))
    return check_new (KILN_BOOT_CHECK_SKIPPED,
                      _("Boot not checked: this link has no DTR/RTS lines, so Kiln cannot reset "
                        "the board into its firmware. Reset it by hand and watch the Boot Log."));

  kiln_monitor_options_init (&mon);
  mon.rom_baud = rom_baud_for (options);
  mon.app_baud = options->app_baud != 0 ? options->app_baud : DEFAULT_APP_BAUD;
  mon.reset = !options->after_reset;
  if (options->after_reset)
    mon.rom_baud = 0;
  mon.duration_ms = options->timeout_ms != 0 ? options->timeout_ms : DEFAULT_TIMEOUT_MS;
  mon.chip = options->chip;
  mon.flash_map = options->flash_map;
  mon.stop_after_silence_ms = SILENCE_MS;

  c.decoder = kiln_bootlog_decoder_new (on_decoded, NULL, &c);
  c.stop = stop;
  c.log = g_string_new (NULL);
  kiln_bootlog_decoder_set_expect_app (c.decoder, TRUE);
  kiln_bootlog_decoder_set_flash_map (c.decoder, options->flash_map);
  kiln_bootlog_decoder_set_dout_only (c.decoder, options->dout_only);
  if (options->chip != KILN_CHIP_AUTO)
    kiln_bootlog_decoder_set_chip (c.decoder, kiln_chip_get (options->chip)->name);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancel), stop, NULL);

  ok = kiln_monitor_run (transport, &mon, &callbacks, &c, stop, error);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (!ok)
    {
      kiln_bootlog_decoder_free (c.decoder);
      g_string_free (c.log, TRUE);
      g_free (c.firmware);
      g_free (c.at_baud);
      return NULL;
    }

  kiln_bootlog_decoder_flush (c.decoder);
  diagnoses = kiln_bootlog_decoder_get_diagnoses (c.decoder);
  if (diagnoses->len > 0)
    first = g_ptr_array_index (diagnoses, 0);
  /* Anything worse than a note ranked above what came up.  Output at
   * another rate, or a console on another port than the one listened to,
   * says nothing about whether the firmware came up. */
  failure = first != NULL && first->severity != KILN_BOOT_SEVERITY_INFO
            && first->kind != KILN_BOOT_DIAG_WRONG_BAUD
            && first->kind != KILN_BOOT_DIAG_CONSOLE_ELSEWHERE;

  /* AT firmware is asked for its versions.  A NONOS SDK firmware that
   * said nothing Kiln could read is asked too: AT firmware says "ready"
   * while the ROM's rate may still be set, and some builds do not say it
   * at all. */
  if (!failure && (c.at || (c.firmware == NULL && c.sdk_jump)))
    {
      /* The AT firmware talks at the application's rate. */
      if (transport->baud != mon.app_baud)
        kiln_transport_set_baud (transport, mon.app_baud, NULL);
      kiln_transport_flush_input (transport, NULL);
      versions = query_at_versions (transport, cancellable);
      if (versions != NULL && c.firmware == NULL)
        c.firmware = g_strdup ("AT");
    }

  if ((c.ready || c.firmware != NULL) && !failure)
    {
      check = check_new (KILN_BOOT_CHECK_UP, NULL);
      if (c.at_uart != 0)
        at_elsewhere (&c, check);
      else
        check->summary = up_summary (c.firmware, versions);
      check->firmware = g_strdup (c.firmware);
    }
  else if (failure)
    {
      check = check_new (KILN_BOOT_CHECK_FAILED, first->title);
      check->diagnosis = kiln_boot_diagnosis_ref (first);
      check->firmware = g_strdup (c.firmware);
    }
  else if (first != NULL && first->kind == KILN_BOOT_DIAG_CONSOLE_ELSEWHERE)
    {
      check = check_new (KILN_BOOT_CHECK_UNKNOWN, first->title);
      check->diagnosis = kiln_boot_diagnosis_ref (first);
    }
  else if (!c.received && options->after_reset)
    check = check_new (KILN_BOOT_CHECK_UNKNOWN,
                       _("Nothing came over the chip's USB port after the reset: the firmware "
                         "prints on UART0, or prints nothing"));
  else if (!c.received)
    check = check_new (KILN_BOOT_CHECK_FAILED,
                       _("The board printed nothing after the reset: check that its TX reaches "
                         "the adapter's RX, and its supply"));
  else
    {
      check = check_new (KILN_BOOT_CHECK_UNKNOWN,
                         _("The firmware runs, but Kiln does not recognise what it prints"));
      if (first != NULL)
        check->diagnosis = kiln_boot_diagnosis_ref (first);
    }
  g_free (check->log);
  check->log = g_string_free (c.log, FALSE);
  g_free (c.firmware);
  g_free (c.at_baud);
  kiln_bootlog_decoder_free (c.decoder);
  return check;
}
