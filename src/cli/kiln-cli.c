/* kiln-cli.c: global options and command dispatch.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kiln-cli.h"
#include "kiln-sim.h"

typedef struct
{
  const char        *name;
  KilnCliCommandFunc func;
  const char        *summary;
} Command;

static const Command commands[] = {
  { "write-flash",  kiln_cli_cmd_write_flash,  N_("Write files to flash at the given addresses") },
  { "read-flash",   kiln_cli_cmd_read_flash,   N_("Read ADDR SIZE bytes of flash into FILE") },
  { "erase-flash",  kiln_cli_cmd_erase_flash,  N_("Erase the whole flash") },
  { "erase-region", kiln_cli_cmd_erase_region, N_("Erase ADDR SIZE (whole sectors)") },
  { "flash-id",     kiln_cli_cmd_flash_id,     N_("Print the flash JEDEC id and size") },
  { "chip-id",      kiln_cli_cmd_chip_id,      N_("Print the chip type, revision and id") },
  { "read-mac",     kiln_cli_cmd_read_mac,     N_("Print the MAC address") },
  { "inspect-flash", kiln_cli_cmd_inspect_flash,
    N_("Say from what the flash holds why a board does not start") },
  { "image-info",   kiln_cli_cmd_image_info,   N_("Describe a firmware image file") },
  { "merge-bin",    kiln_cli_cmd_merge_bin,    N_("Merge several files into one image") },
  { "elf2image",    kiln_cli_cmd_elf2image,    N_("Turn an ELF file into a flashable image") },
  { "decode-log",   kiln_cli_cmd_decode_log,   N_("Explain a captured boot log") },
  { "monitor",      kiln_cli_cmd_monitor,      N_("Show decoded boot logs and application output") },
  { "at",           kiln_cli_cmd_at,           N_("Send AT commands and print the replies") },
};

int
kiln_cli_fail (const GError *error)
{
  if (error == NULL)
    return KILN_EXIT_FAILED;
  fprintf (stderr, "kiln-cli: %s\n", error->message);
  if (g_error_matches (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT))
    return KILN_EXIT_USAGE;
  return KILN_EXIT_FAILED;
}

int
kiln_cli_usage_error (const char *command,
                      const char *format,
                      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "kiln-cli %s: %s\n", command, msg);
  fprintf (stderr, _("Run “kiln-cli %s --help” for usage.\n"), command);
  return KILN_EXIT_USAGE;
}

gboolean
kiln_cli_parse (const char    *command,
                const char    *parameter_string,
                const char    *summary,
                GOptionEntry  *entries,
                int           *argc,
                char        ***argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("kiln-cli %s", command);

  g_set_prgname (prgname);
  g_option_context_set_summary (ctx, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      /* GOption takes "-1" for an option: say what is really wrong. */
      for (int i = 1; i < *argc; i++)
        if ((*argv)[i][0] == '-' && g_ascii_isdigit ((*argv)[i][1]) &&
            g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION))
          {
            kiln_cli_usage_error (command, _("“%s” is negative: addresses and sizes start at 0."),
                                  (*argv)[i]);
            return FALSE;
          }
      kiln_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
command_list (void)
{
  g_autoptr(GString) s = g_string_new (_("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (s, _("\nUnderscore spellings (write_flash) work too. "
                        "Run “kiln-cli COMMAND --help” for a command's options.\n"
                        "Without a board, try the virtual device: -p sim:esp8266 or -p sim:esp32."));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
global_clear (KilnCliGlobal *g)
{
  g_free (g->port);
  g_strfreev (g->ports);
  g_free (g->chip);
  g_free (g->before);
  g_free (g->after);
  g_free (g->stub);
}

int
main (int   argc,
      char *argv[])
{
  KilnCliGlobal g = { 0 };
  g_autofree char *baud_text = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chips = NULL;
  g_autofree char *chip_help = NULL;
  g_autofree char *desc = NULL;
  g_autofree char *cmd = NULL;
  int status;

  kiln_os_console_init ();
  kiln_locale_init ("");

  kiln_sim_register ();

  chips = kiln_chip_list_names ("|");
  chip_help = g_strdup_printf (_("Chip type: auto|%s (default auto)"), chips);

  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &g.ports,
      N_("Serial port, socket://HOST:PORT, rfc2217://HOST:PORT or sim:CHIP (e.g. sim:esp32c3); "
         "several -p flash several boards at once"), "PORT" },
    { "baud", 'b', 0, G_OPTION_ARG_STRING, &baud_text,
      N_("Baud rate for flashing (default 115200), or auto for the fastest the link holds"),
      "BAUD" },
    { "chip", 'c', 0, G_OPTION_ARG_STRING, &g.chip, chip_help, "CHIP" },
    { "before", 0, 0, G_OPTION_ARG_STRING, &g.before,
      N_("Reset before: default-reset|usb-reset|no-reset"), "MODE" },
    { "after", 0, 0, G_OPTION_ARG_STRING, &g.after, N_("Reset after: hard-reset|no-reset"), "MODE" },
    { "no-stub", 0, 0, G_OPTION_ARG_NONE, &g.no_stub, N_("Talk to the ROM loader only"), NULL },
    { "stub", 0, 0, G_OPTION_ARG_FILENAME, &g.stub, N_("Flasher stub to upload (JSON)"), "FILE" },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &g.trace, N_("Print every packet"), NULL },
    { NULL }
  };

  ctx = g_option_context_new (_("COMMAND [ARGS…]"));
  g_option_context_set_summary (ctx, _("Flash Espressif ESP8266 and ESP32-family chips."));
  desc = command_list ();
  g_option_context_set_description (ctx, desc);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  /* Stop at the command name: what follows belongs to the command. */
  g_option_context_set_strict_posix (ctx, TRUE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "kiln-cli: %s\n", error->message);
      global_clear (&g);
      return KILN_EXIT_USAGE;
    }
  if (baud_text != NULL)
    {
      gint64 v = 0;
      if (g_ascii_strcasecmp (baud_text, "auto") == 0)
        g.baud = KILN_CLI_BAUD_AUTO;
      else if (g_ascii_string_to_signed (baud_text, 10, 1, G_MAXINT, &v, NULL))
        g.baud = (gint) v;
      else
        {
          fprintf (stderr, _("kiln-cli: “%s” is not a baud rate: give a number such as 921600, "
                             "or auto.\n"), baud_text);
          global_clear (&g);
          return KILN_EXIT_USAGE;
        }
    }
  if (g.ports != NULL && g.ports[0] != NULL)
    g.port = g_strdup (g.ports[0]);
  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);
      fprintf (stderr, "%s", help);
      global_clear (&g);
      return KILN_EXIT_USAGE;
    }

  cmd = g_strdelimit (g_strdup (argv[1]), "_", '-');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, cmd))
        {
          status = commands[i].func (&g, argc - 1, argv + 1);
          global_clear (&g);
          return status;
        }
    }
  fprintf (stderr, _("kiln-cli: unknown command “%s”. Run “kiln-cli --help” for the list.\n"),
           argv[1]);
  global_clear (&g);
  return KILN_EXIT_USAGE;
}
