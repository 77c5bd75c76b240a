/* fuzz-project.c: the project file loader and the flasher_args.json and
 * manifest.json imports, reading the input from a file as they do.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Byte 0 picks the loader.  Only parsing is exercised: the files a
 * project names are never read (a path could name a pipe).
 */
#include "kiln-fuzz.h"
#include "kiln-project.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  kiln_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const names[] = { "p.kiln.json", "flasher_args.json", "manifest.json",
                                       "any.json" };
  g_autofree char *path = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  guint which;

  if (size < 1)
    return 0;
  which = data[0] % 4;
  path = kiln_fuzz_write (names[which], data + 1, size - 1);
  switch (which)
    {
    case 0:
      project = kiln_project_load (path, &error);
      break;
    case 1:
      project = kiln_project_import_flasher_args (path, &error);
      break;
    case 2:
      project = kiln_project_import_manifest (path, data[0] & 4 ? "ESP8266" : "ESP32", &error);
      break;
    default:
      project = kiln_project_import (path, "ESP32", &error);
      break;
    }
  g_assert ((project == NULL) == (error != NULL));
  if (project != NULL)
    json = kiln_project_to_json (project, kiln_fuzz_dir ());
  return 0;
}
