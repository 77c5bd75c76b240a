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

/* A private folder for targets whose parser reads a file. */
static inline const char *
kiln_fuzz_dir (void)
{
  static char *dir;

  if (dir == NULL)
    dir = g_dir_make_tmp ("kiln-fuzz-XXXXXX", NULL);
  g_assert (dir != NULL);
  return dir;
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
