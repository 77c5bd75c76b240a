/* kiln-sim-at.c: the AT firmware the board runs after a flash boot.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Just enough of Espressif's AT command firmware for a console and for
 * checking a flash worked: 115200 baud, commands end in CR LF, each
 * received character is echoed (ATE1) and the end of the line comes back
 * as CR LF, so "AT\r\n" yields "AT\r\r\n" then "\r\nOK\r\n".
 *
 *   AT       → OK
 *   AT+GMR   → version lines (at-version= sets the AT version) and OK
 *   AT+RST   → OK, then a software reset with its boot log
 *   ATE0/1   → echo off / on, OK
 *   anything else → ERROR
 *
 * With at-port=uart1 the board runs ESP-AT as Espressif builds it for the
 * ESP32 family: UART0 carries only its log, whose start names the command
 * port ("AT cmd port:uart1 tx:17 rx:16 cts:15 rts:14 baudrate:115200"),
 * and what arrives on UART0 is not read.  The pins are the chip's in the
 * chip table.
 */
#include "config.h"

#include <string.h>

#include "kiln-sim-private.h"

#define MAX_LINE 256

void
kiln_sim_at_reset (KilnSim *sim)
{
  if (sim->at.line == NULL)
    sim->at.line = g_string_new (NULL);
  g_string_truncate (sim->at.line, 0);
  sim->at.echo = TRUE;
  sim->at.overflow = FALSE;
}

void
kiln_sim_at_clear (KilnSim *sim)
{
  if (sim->at.line != NULL)
    g_string_free (sim->at.line, TRUE);
  sim->at.line = NULL;
}

/**
 * kiln_sim_at_started:
 *
 * The firmware is up: the AT firmware says "ready" on this UART; ESP-AT
 * built for UART1 logs its start here, as a real one prints it.
 */
void
kiln_sim_at_started (KilnSim *sim)
{
  const guint8 *pins = sim->chip->at_uart1_pins;
  const char *version = sim->opts.at_version != NULL ? sim->opts.at_version
                                                     : sim->chip->at_version;
  g_autofree char *text = NULL;

  if (!sim->opts.at_uart1)
    {
      kiln_sim_emit_str (sim, "\r\nready\r\n");
      return;
    }
  text = g_strdup_printf ("at param mode: 1\r\n"
                          "AT cmd port:uart1 tx:%u rx:%u cts:%u rts:%u baudrate:115200\r\n"
                          "module_name: %s\r\n"
                          "max tx power=78, ret=0\r\n",
                          pins[0], pins[1], pins[2], pins[3], sim->chip->at_module);
  kiln_sim_emit_str (sim, text);
  /* Its last start-up line is the version without its build details. */
  if (version != NULL)
    {
      g_autofree char *line = g_strdup_printf ("%.*s\r\n", (int) strcspn (version, "("),
                                               version);
      kiln_sim_emit_str (sim, line);
    }
}

static void
run_command (KilnSim    *sim,
             const char *cmd)
{
  sim->stats.at_commands++;

  if (g_str_equal (cmd, "AT"))
    kiln_sim_emit_str (sim, "\r\nOK\r\n");
  else if (g_str_equal (cmd, "AT+GMR"))
    {
      const char *version = sim->opts.at_version != NULL ? sim->opts.at_version
                                                         : sim->chip->at_version;
      g_autofree char *text = NULL;

      /* ESP-AT has no release for the ESP32-S3 or the ESP32-H2, so the
       * table has no version to give for them: their firmware answers as
       * to a command it does not know. */
      if (version == NULL)
        text = g_strdup ("\r\nERROR\r\n");
      else
        text = g_strconcat ("AT version:", version, "\r\n",
                            sim->chip->at_gmr_tail != NULL ? sim->chip->at_gmr_tail
                                                           : "\r\nOK\r\n", NULL);
      kiln_sim_emit_str (sim, text);
    }
  else if (g_str_equal (cmd, "AT+RST"))
    {
      kiln_sim_emit_str (sim, "\r\nOK\r\n");
      /* The firmware restarts once its reply has left the UART. */
      kiln_sim_add_timer (sim, MAX (sim->d2h_tail, sim->now) + 1000, KILN_SIM_TIMER_REBOOT,
                          KILN_SIM_RESET_SOFTWARE);
      sim->mode = KILN_SIM_MODE_HALTED;
    }
  else if (g_str_equal (cmd, "ATE0") || g_str_equal (cmd, "ATE1"))
    {
      sim->at.echo = cmd[3] == '1';
      kiln_sim_emit_str (sim, "\r\nOK\r\n");
    }
  else
    kiln_sim_emit_str (sim, "\r\nERROR\r\n");
}

void
kiln_sim_at_rx (KilnSim *sim,
                guint8   byte)
{
  KilnSimAt *at = &sim->at;

  /* ESP-AT on UART1 does not read this port. */
  if (sim->opts.at_uart1)
    return;
  if (byte == '\n')
    {
      g_autofree char *cmd = NULL;

      if (at->echo)
        kiln_sim_emit_str (sim, "\r\n");
      if (at->line->len > 0 && at->line->str[at->line->len - 1] == '\r')
        g_string_truncate (at->line, at->line->len - 1);
      cmd = g_strdup (at->line->str);
      g_string_truncate (at->line, 0);
      if (at->overflow)
        {
          at->overflow = FALSE;
          kiln_sim_emit_str (sim, "\r\nERROR\r\n");
          return;
        }
      if (*cmd == '\0')
        return;
      run_command (sim, cmd);
      return;
    }

  if (at->echo)
    kiln_sim_emit (sim, &byte, 1);
  if (at->line->len >= MAX_LINE)
    {
      at->overflow = TRUE;
      return;
    }
  g_string_append_c (at->line, (char) byte);
}
