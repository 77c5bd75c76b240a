/* test-util.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiln-core.h"

static void
test_parse_u32 (void)
{
  static const struct { const char *text; guint32 value; } good[] = {
    { "0x10000", 0x10000 }, { "65536", 65536 }, { "0X1fc000", 0x1FC000 }, { "64K", 65536 },
    { "1MB", 1048576 }, { "4M", 4194304 }, { " 0x0 ", 0 }, { "0xFFFFFFFF", 0xFFFFFFFF },
  };
  static const char *const bad[] = {
    "", "-1", "0x", "0x1g000", "ten", "1.5MB", "0x100000000", "99999999999", "4096MB", "12 34",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      guint32 v = 1234;
      g_assert_true (kiln_parse_u32 (good[i].text, "address", &v, &error));
      g_assert_no_error (error);
      g_assert_cmphex (v, ==, good[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint32 v = 1234;
      g_assert_false (kiln_parse_u32 (bad[i], "address", &v, &error));
      g_assert_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "address"));
      g_assert_cmpuint (v, ==, 1234);
    }
}

static void
test_parse_messages (void)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  guint32 v;

  kiln_parse_u32 ("0x100000000", "size", &v, &e1);
  g_assert_nonnull (strstr (e1->message, "32 bits"));
  kiln_parse_u32 ("-4096", "size", &v, &e2);
  g_assert_nonnull (strstr (e2->message, "negative"));
  kiln_parse_u32 ("0x1O000", "address", &v, &e3);
  g_assert_nonnull (strstr (e3->message, "not a number"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiln/util/parse-u32", test_parse_u32);
  g_test_add_func ("/kiln/util/parse-messages", test_parse_messages);
  return g_test_run ();
}
