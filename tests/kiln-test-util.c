/* kiln-test-util.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
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

/* Under Wine the start of a process now and then fails before the program
 * runs at all (GLib's "Failed to execute child process"): nothing ran, so
 * it is started once more, and the test's log says so. A start that fails
 * twice fails the test with GLib's message. Every test that starts a
 * program goes through here, so none can miss the second try. */
GSubprocess *
kiln_test_start_in (const char        *cwd,
                    const char *const *envp,
                    GSubprocessFlags   flags,
                    const char *const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;

  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  if (envp != NULL)
    g_subprocess_launcher_set_environ (launcher, (char **) envp);
  for (guint attempt = 1;; attempt++)
    {
      GSubprocess *proc = g_subprocess_launcher_spawnv (launcher, argv, &error);

      if (proc != NULL)
        return proc;
#ifdef G_OS_WIN32
      if (attempt < 2)
        {
          g_test_message ("starting %s failed (%s); starting it once more", argv[0],
                          error->message);
          g_clear_error (&error);
          g_usleep (G_USEC_PER_SEC / 2);
          continue;
        }
#endif
      g_assert_no_error (error);
    }
}

GSubprocess *
kiln_test_start (GSubprocessFlags   flags,
                 const char *const *argv)
{
  return kiln_test_start_in (NULL, NULL, flags, argv);
}

char *
kiln_test_start_sim (GSubprocess **proc,
                     const char   *first,
                     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *exe = g_getenv ("KILN_SIM");
  const char *port;
  va_list ap;

  if (exe == NULL)
    g_error ("KILN_SIM is not set: run this test through meson test");
  g_ptr_array_add (argv, (gpointer) exe);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (argv, NULL);
  *proc = kiln_test_start (G_SUBPROCESS_FLAGS_STDOUT_PIPE, (const char *const *) argv->pdata);
  /* Once it listens, kiln-sim says where, before anything else. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (*proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  if (!g_str_has_prefix (line, "listening on 127.0.0.1:"))
    g_error ("kiln-sim's first line is “%s”, not where it listens", line);
  port = line + strlen ("listening on 127.0.0.1:");
  g_assert_cmpint (atoi (port), >, 0);
  return g_strdup_printf ("socket://127.0.0.1:%s", g_strstrip ((char *) port));
}

static char *
bytes_to_text (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  return g_strndup (data != NULL ? data : "", len);
}

void
kiln_test_spawn (KilnTestRun        *run,
                 const char         *cwd,
                 const char *const  *envp,
                 const char *const  *argv,
                 const char         *input)
{
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  kiln_test_run_clear (run);
  if (g_test_verbose ())
    {
      g_autofree char *line = g_strjoinv (" ", (char **) argv);
      g_test_message ("$ %s", line);
    }
  if (input != NULL)
    {
      flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
      in = g_bytes_new_static (input, strlen (input));
    }
  proc = kiln_test_start_in (cwd, envp, flags, argv);
  g_subprocess_communicate (proc, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run->out = bytes_to_text (out);
  run->err = bytes_to_text (err);
  /* The raw status: a POSIX wait status, or a Windows exit code. */
  run->status = kiln_test_exit_status (g_subprocess_get_status (proc));
  if (g_test_verbose ())
    g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

void
kiln_test_cliv (KilnTestRun  *run,
                const char  **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("KILN_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  kiln_test_spawn (run, NULL, NULL, (const char *const *) argv->pdata, NULL);
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

static void
append_utf16_unit (GByteArray *out,
                   gunichar2   unit,
                   gboolean    little_endian)
{
  guint8 b[2] = { (guint8) (little_endian ? unit & 0xFF : unit >> 8),
                  (guint8) (little_endian ? unit >> 8 : unit & 0xFF) };

  g_byte_array_append (out, b, 2);
}

GBytes *
kiln_test_utf16 (const char *text,
                 gboolean    little_endian)
{
  g_autofree gunichar2 *units = g_utf8_to_utf16 (text, -1, NULL, NULL, NULL);
  GByteArray *out = g_byte_array_new ();

  g_assert_nonnull (units);
  append_utf16_unit (out, 0xFEFF, little_endian);   /* the mark */
  for (const gunichar2 *u = units; *u != 0; u++)
    append_utf16_unit (out, *u, little_endian);
  return g_byte_array_free_to_bytes (out);
}
