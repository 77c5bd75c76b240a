/* kiln-stub.h: flasher stubs in the common JSON format, and uploading them.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kiln carries its own stub (stub/: built from source, compiled into the
 * core and installed under $datadir/kiln/stubs) for the chips it has one
 * for; for the others it can use a stub the user names or the one a local
 * esptool installation carries.
 */
#pragma once

#include <gio/gio.h>

#include "kiln-chip.h"
#include "kiln-loader.h"

G_BEGIN_DECLS

typedef struct
{
  guint32  entry;
  guint32  text_start;
  GBytes  *text;
  guint32  data_start;
  GBytes  *data;       /* may be NULL */
  char    *origin;     /* the file it came from */
  guint32  kiln_version;  /* Kiln's own stub: its version (≥ 1); 0 for another */
  char    *name;       /* for people: "Kiln stub 1", "flasher stub from FILE" */
} KilnStub;

KilnStub *kiln_stub_load   (const char          *path,
                            GError             **error);
/* Kiln's own stub for @chip, else one from a local esptool installation;
 * NULL (no error) when there is none.  A path or a resource:// URI. */
char     *kiln_stub_find   (const KilnChipInfo  *chip);
void      kiln_stub_free   (KilnStub            *stub);
/* Uploads, runs and waits for the stub's greeting; the loader is then in
 * stub mode.  @ram_block: bytes per MEM_DATA block (0: the usual
 * KILN_RAM_BLOCK_SIZE; less where the ROM's receive buffer is smaller). */
gboolean  kiln_stub_run    (KilnStub            *stub,
                            KilnLoader          *loader,
                            guint32              ram_block,
                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnStub, kiln_stub_free)

G_END_DECLS
