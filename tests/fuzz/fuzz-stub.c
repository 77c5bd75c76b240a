/* fuzz-stub.c: the flasher stub JSON loader.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-fuzz.h"
#include "kiln-stub.h"

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
  g_autofree char *path = kiln_fuzz_write ("stub.json", data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnStub) stub = kiln_stub_load (path, &error);

  g_assert ((stub == NULL) == (error != NULL));
  if (stub != NULL)
    g_assert (stub->text != NULL && g_bytes_get_size (stub->text) > 0);
  return 0;
}
