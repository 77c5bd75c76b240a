/* kiln-project.h: Kiln project files (*.kiln.json) and imports of
 * ESP-IDF flasher_args.json and ESP Web Tools manifest.json.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kiln-layout.h"

G_BEGIN_DECLS

#define KILN_PROJECT_FORMAT_VERSION 1
/* Project and import files larger than this are refused unread. */
#define KILN_PROJECT_MAX_FILE_SIZE  (1024 * 1024)

/**
 * KilnProject:
 * @path: (nullable): the file it was loaded from or last saved to
 * @chip: "auto", "esp8266", "esp32c3" … (kiln_chip_by_name() spellings)
 * @port: (nullable): "/dev/ttyUSB0", "socket://host:port", "sim:esp8266"
 * @baud: 0 = the default
 * @flash_mode: "keep", "qio", "qout", "dio", "dout"
 * @flash_freq: "keep", "40m", "80m" …
 * @flash_size: "keep", "detect", "2MB-c1", "16Mbit-C1" …
 * @crystal: ESP8266 init data crystal: "keep", "26m", "40m", "24m"
 * @keep_headers: write files exactly as they are (no header patching),
 *   whatever the mode/frequency/size say
 * @erase_first: erase the whole chip before writing
 * @before: "default-reset", "usb-reset", "no-reset"
 * @after: "hard-reset", "no-reset"
 * @stub: use a flasher stub where Kiln has one (%FALSE: the ROM loader only)
 * @rows: (element-type KilnFileRow): paths are absolute once loaded
 * @warnings: (element-type utf8): what the last load or import noticed
 *   but could live with (unknown keys from a newer Kiln, encrypted parts …)
 *
 * Settings are kept as the strings the CLI accepts, so a project says
 * exactly what the user chose ("detect" stays "detect").  A plain struct:
 * create with kiln_project_new(), free with kiln_project_free().
 */
typedef struct
{
  char      *path;
  char      *chip;
  char      *port;
  guint      baud;
  char      *flash_mode;
  char      *flash_freq;
  char      *flash_size;
  char      *crystal;
  gboolean   keep_headers;
  gboolean   erase_first;
  char      *before;
  char      *after;
  gboolean   stub;
  GPtrArray *rows;
  GPtrArray *warnings;
} KilnProject;

KilnProject *kiln_project_new        (void);
void         kiln_project_free       (KilnProject  *project);
KilnProject *kiln_project_copy       (const KilnProject *project);
void         kiln_project_add_row    (KilnProject  *project,
                                      gboolean      enabled,
                                      const char   *path,
                                      guint32       address);

KilnProject *kiln_project_load       (const char   *path,
                                      GError      **error);
gboolean     kiln_project_save       (KilnProject  *project,
                                      const char   *path,
                                      GError      **error);
char        *kiln_project_to_json    (const KilnProject *project,
                                      const char   *base_dir);

KilnProject *kiln_project_import_flasher_args (const char  *path,
                                               GError     **error);
KilnProject *kiln_project_import_manifest     (const char  *path,
                                               const char  *chip_family,
                                               GError     **error);
/* By content: a Kiln project, flasher_args.json or manifest.json. */
KilnProject *kiln_project_import              (const char  *path,
                                               const char  *chip_family,
                                               GError     **error);

/* The enabled rows, each file read (kiln_region_new_from_file()), in row
 * order.  (element-type KilnRegion) */
GPtrArray   *kiln_project_to_regions (const KilnProject *project,
                                      GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnProject, kiln_project_free)

G_END_DECLS
