/* kiln-fuzz.h: what the libFuzzer targets share.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target defines LLVMFuzzerTestOneInput() and feeds the bytes to one
 * parser of outside input.  Criticals are made fatal: a parser that trips
 * a precondition of our own code on some input has a bug, and the fuzzer
 * should keep that input.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize   (int             *argc,
                            char          ***argv);
int LLVMFuzzerTestOneInput (const uint8_t   *data,
                            size_t           size);

static inline void
kiln_fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
}

static char *kiln_fuzz_tmpdir;

static inline void
kiln_fuzz_remove_dir (void)
{
  g_autoptr(GDir) d = g_dir_open (kiln_fuzz_tmpdir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (kiln_fuzz_tmpdir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (kiln_fuzz_tmpdir);
}

/* A private folder for targets whose parser reads a file, removed at exit. */
static inline const char *
kiln_fuzz_dir (void)
{
  if (kiln_fuzz_tmpdir == NULL)
    {
      kiln_fuzz_tmpdir = g_dir_make_tmp ("kiln-fuzz-XXXXXX", NULL);
      g_assert (kiln_fuzz_tmpdir != NULL);
      atexit (kiln_fuzz_remove_dir);
    }
  return kiln_fuzz_tmpdir;
}

/* Writes @data to @name in kiln_fuzz_dir(); returns the path. */
static inline char *
kiln_fuzz_write (const char    *name,
                 const uint8_t *data,
                 size_t         size)
{
  char *path = g_build_filename (kiln_fuzz_dir (), name, NULL);

  /* No fsync: thousands of these a second. */
  if (!g_file_set_contents_full (path, (const char *) data, (gssize) size,
                                 G_FILE_SET_CONTENTS_NONE, 0600, NULL))
    g_error ("cannot write %s", path);
  return path;
}
