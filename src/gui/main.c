/* main.c: the kiln executable.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-application.h"
#include "kiln-gui-util.h"
#include "kiln-sim.h"
#include "kiln-util.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KilnApplication) app = NULL;

  kiln_locale_init ("");
  g_set_application_name (_("Kiln"));

  /* The virtual ESP8266 and ESP32: try every screen without a board. */
  kiln_sim_register ();

  app = kiln_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
