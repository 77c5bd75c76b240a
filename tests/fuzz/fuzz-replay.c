/* fuzz-replay.c: runs a fuzz target's inputs without libFuzzer.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked with one target into fuzz-TARGET-replay, which the normal test
 * suite runs over the seed corpus and over tests/fuzz/regressions/TARGET/,
 * the inputs that once crashed or leaked: every build (with gcc, and again
 * under AddressSanitizer) checks them, clang or not.
 *
 *   fuzz-TARGET-replay DIR_OR_FILE...
 */
#include <stdio.h>

#include "kiln-fuzz.h"

static int
replay_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;
  int status = 0;

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_EXISTS))
        continue;     /* a target without regressions yet */
      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          status |= replay_file (argv[i]);
          count++;
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      names = g_ptr_array_new_with_free_func (g_free);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint j = 0; j < names->len; j++)
        {
          status |= replay_file (g_ptr_array_index (names, j));
          count++;
        }
    }
  printf ("%u inputs replayed\n", count);
  /* A replay over nothing proves nothing: a seed corpus that went missing
   * must fail the suite, not pass it. */
  if (count == 0)
    {
      fprintf (stderr, "no inputs to replay: the corpus is missing or empty\n");
      return 1;
    }
  return status;
}
