/* kiln-cli-image.c: the commands that work on files, not boards:
 * image-info, merge-bin, elf2image.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kiln-cli.h"

/* The global -c, or NULL for auto; FALSE (usage error printed) when the
 * name is unknown. */
static gboolean
chip_option (const char          *command,
             const char          *name,
             const KilnChipInfo **chip,
             int                 *status)
{
  *chip = NULL;
  if (name == NULL || g_ascii_strcasecmp (name, "auto") == 0)
    return TRUE;
  *chip = kiln_chip_by_name (name);
  if (*chip == NULL)
    {
      g_autofree char *names = kiln_chip_list_names (", ");
      *status = kiln_cli_usage_error (command,
                                      _("Unknown chip “%s”. Choose auto or one of: %s."),
                                      name, names);
      return FALSE;
    }
  return TRUE;
}

int
kiln_cli_cmd_image_info (KilnCliGlobal *g,
                         int            argc,
                         char         **argv)
{
  g_autoptr(KilnImageInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;
  const KilnChipInfo *chip;
  int status = KILN_EXIT_OK;

  if (!kiln_cli_parse ("image-info", _("FILE"),
                       _("Describe a firmware file: image headers, segments, checksums, "
                         "SHA-256, partition tables, init data, combined images.\n"
                         "Exits with 1 when the file cannot be read or the image is damaged. "
                         "-c CHIP decides between ESP8266 and ESP32 readings of an 0xE9 header."),
                       NULL, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (argc != 2)
    return kiln_cli_usage_error ("image-info", "%s", _("Give exactly one FILE."));
  if (!chip_option ("image-info", g->chip, &chip, &status))
    return status;

  info = kiln_image_info_new_for_file (argv[1], chip, &error);
  if (info == NULL)
    return kiln_cli_fail (error);
  base = g_path_get_basename (argv[1]);
  text = kiln_image_info_to_string (info, base);
  fputs (text, stdout);
  return info->valid ? KILN_EXIT_OK : KILN_EXIT_FAILED;
}

/* "4MB", "0x400000", "2MB-c1", "16Mbit-C1": a byte count. */
static gboolean
parse_flash_size (const char          *text,
                  const KilnChipInfo  *chip,
                  guint32             *bytes,
                  GError             **error)
{
  const KilnFlashSize *s = chip ? kiln_chip_flash_size_lookup (chip, text) : NULL;
  const KilnFlashMap *map;

  if (s != NULL)
    {
      *bytes = s->bytes;
      return TRUE;
    }
  if ((chip == NULL || chip->id == KILN_CHIP_ESP8266) &&
      (map = kiln_flash_map_lookup (text)) != NULL)
    {
      *bytes = map->flash_size;
      return TRUE;
    }
  return kiln_parse_u32 (text, _("flash size"), bytes, error);
}

int
kiln_cli_cmd_merge_bin (KilnCliGlobal *g,
                        int            argc,
                        char         **argv)
{
  g_autofree char *output = NULL, *fill = NULL, *mode = NULL, *freq = NULL, *size = NULL;
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GBytes) merged = NULL;
  g_autoptr(GError) error = NULL;
  const KilnChipInfo *chip;
  guint32 fill_size = 0;
  int status = KILN_EXIT_OK;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The merged file to write"), "OUT" },
    { "fill-flash-size", 0, 0, G_OPTION_ARG_STRING, &fill,
      N_("Pad with 0xFF up to this size (4MB, 2MB-c1, 0x400000 …)"), "SIZE" },
    { "flash-mode", 'm', 0, G_OPTION_ARG_STRING, &mode,
      N_("Set the boot loader header's mode: keep|qio|qout|dio|dout (needs -c)"), "MODE" },
    { "flash-freq", 'f', 0, G_OPTION_ARG_STRING, &freq,
      N_("Set the boot loader header's frequency: keep|80m|40m|26m|20m (needs -c)"), "FREQ" },
    { "flash-size", 's', 0, G_OPTION_ARG_STRING, &size,
      N_("Set the boot loader header's size: keep|SIZE (needs -c)"), "SIZE" },
    { NULL }
  };

  if (!kiln_cli_parse ("merge-bin", _("ADDR FILE [ADDR FILE …]"),
                       _("Merge files into one image to write at 0x0, with 0xFF between them. "
                         "Overlaps, empty files and files beyond --fill-flash-size are errors."),
                       entries, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (output == NULL)
    return kiln_cli_usage_error ("merge-bin", "%s", _("Name the output file with -o OUT."));
  if (argc < 3 || (argc - 1) % 2 != 0)
    return kiln_cli_usage_error ("merge-bin", "%s",
                                 _("Give one or more ADDR FILE pairs, e.g. 0x1000 bootloader.bin."));
  if (!chip_option ("merge-bin", g->chip, &chip, &status))
    return status;
  if (chip == NULL && (mode != NULL || freq != NULL || size != NULL))
    return kiln_cli_usage_error ("merge-bin", "%s",
                                 _("Changing the boot loader header needs the chip: add -c CHIP "
                                   "before merge-bin."));
  if (fill != NULL && !parse_flash_size (fill, chip, &fill_size, &error))
    return kiln_cli_fail (error);

  for (int i = 1; i + 1 < argc; i += 2)
    {
      guint32 address;
      KilnRegion *r;
      if (!kiln_parse_u32 (argv[i], _("address"), &address, &error))
        return kiln_cli_fail (error);
      r = kiln_region_new_from_file (address, argv[i + 1], &error);
      if (r == NULL)
        return kiln_cli_fail (error);
      g_ptr_array_add (regions, r);
    }

  /* In one file nothing is erased around a part, so an unaligned address
   * is only a warning here; when the merged file is flashed at 0x0 the
   * part still lands where it was asked to. */
  problems = kiln_layout_problems (regions, fill_size, 0);
  for (guint i = 0; i < problems->len; i++)
    {
      KilnLayoutProblem *p = g_ptr_array_index (problems, i);
      if (p->kind == KILN_LAYOUT_PROBLEM_MISALIGNED)
        fprintf (stderr, _("Warning: %s\n"), p->message);
    }

  if (chip != NULL && (mode != NULL || freq != NULL || size != NULL))
    {
      KilnFlashParams params;
      if (!kiln_flash_params_parse (&params, chip, mode, freq, size, &error))
        return kiln_cli_fail (error);
      for (guint i = 0; i < regions->len; i++)
        {
          KilnRegion *r = g_ptr_array_index (regions, i);
          g_autofree char *desc = NULL;
          GBytes *patched = kiln_image_patch_flash_params_named (r->data, chip, r->address,
                                                                 &params, r->name, &desc);
          g_bytes_unref (r->data);
          r->data = patched;
          if (desc != NULL)
            fprintf (stderr, "%s\n", desc);
        }
    }

  merged = kiln_image_merge (regions, fill_size, &error);
  if (merged == NULL)
    return kiln_cli_fail (error);
  if (!g_file_set_contents (output, g_bytes_get_data (merged, NULL),
                            (gssize) g_bytes_get_size (merged), &error))
    return kiln_cli_fail (error);
  printf (_("Wrote %s: %zu bytes, %u parts, to write at 0x0.\n"), output,
          g_bytes_get_size (merged), regions->len);
  return KILN_EXIT_OK;
}

/* "build/app.elf" → "build/app". */
static char *
strip_elf (const char *path)
{
  if (g_str_has_suffix (path, ".elf") || g_str_has_suffix (path, ".ELF"))
    return g_strndup (path, strlen (path) - 4);
  return g_strdup (path);
}

int
kiln_cli_cmd_elf2image (KilnCliGlobal *g,
                        int            argc,
                        char         **argv)
{
  g_autofree char *chip_name = NULL, *output = NULL, *mode = NULL, *freq = NULL, *size = NULL;
  gint version = 0, app = 0;
  gboolean no_hash = FALSE;
  g_autoptr(KilnElf) elf = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = NULL;
  const KilnChipInfo *chip;
  KilnElfImageOptions opts;
  int status = KILN_EXIT_OK;
  GOptionEntry entries[] = {
    { "chip", 'c', 0, G_OPTION_ARG_STRING, &chip_name,
      N_("Target chip (default: the global -c, else guessed from the addresses)"), "CHIP" },
    { "version", 0, 0, G_OPTION_ARG_INT, &version,
      N_("ESP8266 image version: 1 (ROM image + irom0 file) or 2 (user1/user2.bin)"), "1|2" },
    { "app", 0, 0, G_OPTION_ARG_INT, &app,
      N_("ESP8266 v2: build user1 or user2 (default: from the link address)"), "1|2" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Output file; for ESP8266 v1 the prefix of the two files"), "OUT" },
    { "flash-mode", 'm', 0, G_OPTION_ARG_STRING, &mode, N_("qio|qout|dio|dout (default dio)"), "MODE" },
    { "flash-freq", 'f', 0, G_OPTION_ARG_STRING, &freq, N_("80m|40m|26m|20m (default 40m)"), "FREQ" },
    { "flash-size", 's', 0, G_OPTION_ARG_STRING, &size,
      N_("Flash size for the header (default 1MB on ESP8266, 2MB otherwise)"), "SIZE" },
    { "no-hash", 0, 0, G_OPTION_ARG_NONE, &no_hash,
      N_("ESP32 family: do not append a SHA-256"), NULL },
    { NULL }
  };

  if (!kiln_cli_parse ("elf2image", _("FILE.elf"),
                       _("Turn an ELF file into the image(s) to flash and print where each goes."),
                       entries, &argc, &argv))
    return KILN_EXIT_USAGE;
  if (argc != 2)
    return kiln_cli_usage_error ("elf2image", "%s", _("Give exactly one ELF file."));
  if (version != 0 && version != 1 && version != 2)
    return kiln_cli_usage_error ("elf2image", "%s", _("--version must be 1 or 2."));
  if (app != 0 && app != 1 && app != 2)
    return kiln_cli_usage_error ("elf2image", "%s", _("--app must be 1 or 2."));
  if (!chip_option ("elf2image", chip_name != NULL ? chip_name : g->chip, &chip, &status))
    return status;

  elf = kiln_elf_load (argv[1], &error);
  if (elf == NULL)
    return kiln_cli_fail (error);
  if (chip == NULL)
    chip = kiln_elf_guess_chip (elf);
  if (chip == NULL)
    {
      g_autofree char *names = kiln_chip_list_names (", ");
      return kiln_cli_usage_error ("elf2image", _("Cannot tell which chip %s is for. Name it "
                                                  "with --chip (%s)."), argv[1], names);
    }

  kiln_elf_image_options_init (&opts);
  opts.version = (guint) (version != 0 ? version : 1);
  opts.app = (guint) app;
  opts.hash = !no_hash;
  if ((mode != NULL && g_ascii_strcasecmp (mode, "keep") == 0) ||
      (size != NULL && g_ascii_strcasecmp (size, "detect") == 0))
    return kiln_cli_usage_error ("elf2image", "%s",
                                 _("A new image has no header to keep or detect: give a value."));
  if (!kiln_flash_params_parse (&opts.flash, chip, mode, freq, size, &error))
    return kiln_cli_fail (error);

  files = kiln_elf_to_image (elf, chip, &opts, &error);
  if (files == NULL)
    return kiln_cli_fail (error);

  stem = strip_elf (argv[1]);
  for (guint i = 0; i < files->len; i++)
    {
      KilnRegion *r = g_ptr_array_index (files, i);
      g_autofree char *path = NULL;

      if (chip->id == KILN_CHIP_ESP8266 && opts.version == 1)
        /* esptool's convention: -o is a prefix, the offset completes it. */
        path = g_strconcat (output != NULL ? output : stem, output != NULL ? "" : "-", r->name, NULL);
      else if (output != NULL)
        path = g_strdup (output);
      else if (chip->id == KILN_CHIP_ESP8266)
        path = g_strdup_printf ("%s-%s", stem, r->name);
      else
        path = g_strdup_printf ("%s.bin", stem);

      if (!g_file_set_contents (path, g_bytes_get_data (r->data, NULL),
                                (gssize) g_bytes_get_size (r->data), &error))
        return kiln_cli_fail (error);
      printf (_("Wrote %s (%zu bytes): write it at 0x%05x.\n"), path,
              g_bytes_get_size (r->data), r->address);
    }
  return KILN_EXIT_OK;
}
