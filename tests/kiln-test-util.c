/* kiln-test-util.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#ifdef G_OS_UNIX
# include <signal.h>
#endif

#include "kiln-test-util.h"

void
kiln_test_run_clear (KilnTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
kiln_test_cliv (KilnTestRun  *run,
                const char  **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("KILN_CLI");
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  kiln_test_run_clear (run);
  if (g_test_verbose ())
    {
      g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);
      g_test_message ("$ %s", line);
    }
  for (guint attempt = 1;; attempt++)
    {
      if (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                        &run->out, &run->err, &wait_status, &error))
        break;
#ifdef G_OS_WIN32
      /* Under Wine the start of a process now and then fails before the
       * program runs at all; kiln-cli did nothing, so start it once more,
       * and say so in the test's log. */
      if (attempt < 2)
        {
          g_test_message ("starting %s failed (%s); starting it once more", cli, error->message);
          g_clear_error (&error);
          g_usleep (G_USEC_PER_SEC / 2);
          continue;
        }
#endif
      g_assert_no_error (error);
    }
  run->status = kiln_test_exit_status (wait_status);
  if (g_test_verbose ())
    g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

int
kiln_test_exit_status (int wait_status)
{
  g_autoptr(GError) error = NULL;

  /* g_spawn_check_wait_status() knows both systems' encodings: a POSIX
   * wait status, a Windows exit code. */
  if (g_spawn_check_wait_status (wait_status, &error))
    return 0;
  if (error->domain != G_SPAWN_EXIT_ERROR)
    g_error ("the program did not exit normally: %s", error->message);
  return error->code;
}

void
kiln_test_cli (KilnTestRun *run,
               const char  *first,
               ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  kiln_test_cliv (run, (const char **) args->pdata);
}

void
kiln_test_terminate (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

#ifdef G_OS_UNIX
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
#else
  /* Nothing like SIGTERM reaches a console program on Windows from
   * another one: end it. */
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
#endif
}

GBytes *
kiln_test_random (gsize   size,
                  guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  return g_bytes_new_take (data, size);
}

char *
kiln_test_write_tmp (const char *dir,
                     const char *name,
                     GBytes     *data)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (data, NULL),
                                      (gssize) g_bytes_get_size (data), &error));
  g_assert_no_error (error);
  return path;
}

GBytes *
kiln_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

char *
kiln_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kiln-test-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

void
kiln_test_rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        kiln_test_rm_rf (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

void
kiln_test_assert_flash (GBytes  *flash,
                        GBytes  *before,
                        guint32  address,
                        GBytes  *data)
{
  gsize flen, blen, dlen;
  const guint8 *f = g_bytes_get_data (flash, &flen);
  const guint8 *b = g_bytes_get_data (before, &blen);
  const guint8 *d = data ? g_bytes_get_data (data, &dlen) : NULL;

  if (data == NULL)
    dlen = 0;
  g_assert_cmpuint (flen, ==, blen);
  g_assert_cmpuint ((guint64) address + dlen, <=, flen);
  if (dlen > 0)
    g_assert_cmpmem (f + address, dlen, d, dlen);
  /* Outside the region nothing may change. */
  g_assert_cmpmem (f, address, b, address);
  g_assert_cmpmem (f + address + dlen, flen - address - dlen, b + address + dlen,
                   flen - address - dlen);
}

gboolean
kiln_test_must_run (void)
{
  return g_strcmp0 (g_getenv ("CI"), "true") == 0;
}

void
kiln_test_skip (const char *reason)
{
  if (kiln_test_must_run ())
    {
      /* g_test_fail() keeps going; the message says why in the log. */
      g_test_message ("cannot run under CI=true: %s", reason);
      g_test_fail ();
      return;
    }
  g_test_skip (reason);
}

char *
kiln_test_write_fake_stub (const char *dir,
                           const char *chip)
{
  g_autoptr(GBytes) text = kiln_test_random (3000, 17);
  g_autoptr(GBytes) data = kiln_test_random (100, 18);
  g_autofree char *t64 = g_base64_encode (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_autofree char *d64 = g_base64_encode (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  /* Addresses in each chip's RAM as the ROM lets a stub use it. */
  guint32 text_start = 0x40090000, data_start = 0x3FFE0000;

  if (g_str_equal (chip, "esp8266"))
    text_start = 0x4010E000, data_start = 0x3FFE8000;
  else if (g_str_equal (chip, "esp32s2"))
    text_start = 0x40028000;
  else if (g_str_equal (chip, "esp32s3"))
    text_start = 0x40380000, data_start = 0x3FC90000;
  g_autofree char *json = g_strdup_printf ("{ \"entry\": %u, \"text_start\": %u, \"text\": \"%s\", "
                                           "\"data_start\": %u, \"data\": \"%s\" }",
                                           text_start + 4, text_start, t64, data_start, d64);
  g_autofree char *name = g_strdup_printf ("%s.json", chip);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}
