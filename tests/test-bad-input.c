/* test-bad-input.c: bad ports, bad files, bad JSON and bad numbers through
 * kiln-cli, each with the message the user sees.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What could not be tested here: a USB adapter that refuses a baud rate
 * (the virtual board's max-baud= stands in for a link that cannot hold
 * it), and a port that vanishes on a real USB unplug (the disconnect fault
 * stands in).  Busy and permission-denied use /dev/ttyS0, a real tty that
 * libserialport opens, when the machine has one; pseudo-terminals cannot
 * stand in because libserialport refuses them.
 */
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#ifdef G_OS_UNIX
# include <sys/file.h>
# include <unistd.h>
#endif

#include "kiln-core.h"
#include "kiln-sim.h"
#include "kiln-test-util.h"

#define FLASH_SIZE (1024 * 1024)

typedef struct
{
  char   *dir;
  char   *flash;
  GBytes *before;
  char   *port;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = kiln_test_tmpdir ();
  f->before = kiln_test_random (FLASH_SIZE, 31);
  f->flash = kiln_test_write_tmp (f->dir, "flash.bin", f->before);
  f->port = g_strdup_printf ("sim:esp32?flash=1MB&flash-file=%s", f->flash);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kiln_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->flash);
  g_free (f->port);
  g_bytes_unref (f->before);
}

/* The flash file is unchanged: nothing was written. */
static void
assert_untouched (Fixture *f)
{
  g_autoptr(GBytes) now = kiln_test_read_file (f->flash);
  g_assert_true (g_bytes_equal (now, f->before));
}

static void
assert_err (KilnTestRun *run,
            int          status,
            const char  *first,
            ...) G_GNUC_NULL_TERMINATED;

/* Exit status and every expected piece of the message on stderr. */
static void
assert_err (KilnTestRun *run,
            int          status,
            const char  *first,
            ...)
{
  va_list ap;

  if (run->status != status)
    g_error ("exit %d, expected %d; stderr:\n%s", run->status, status, run->err);
  va_start (ap, first);
  for (const char *s = first; s != NULL; s = va_arg (ap, const char *))
    if (strstr (run->err, s) == NULL)
      g_error ("“%s” missing from:\n%s", s, run->err);
  va_end (ap);
}

static char *
write_text (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0755);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* ---- ports ------------------------------------------------------------- */

static void
test_port_missing (void)
{
  g_auto(KilnTestRun) run = { 0 };

#ifdef G_OS_WIN32
  /* A missing COM port may be a missing driver: name the usual two. */
  kiln_test_cli (&run, "-p", "COM77", "chip-id", NULL);
  assert_err (&run, 1, "Port COM77 does not exist", "Device Manager", "CP210x", "CH340", NULL);
  kiln_test_cli (&run, "-p", "\\\\.\\COM77", "chip-id", NULL);
  assert_err (&run, 1, "does not exist", "CP210x", NULL);
  kiln_test_cli (&run, "-p", "/dev/ttyKILNNOTHERE0", "chip-id", NULL);
  assert_err (&run, 1, "“/dev/ttyKILNNOTHERE0” is not a serial port Kiln can use",
              "COM1, COM2", NULL);
#else
  kiln_test_cli (&run, "-p", "/dev/ttyKILNNOTHERE0", "chip-id", NULL);
  assert_err (&run, 1, "/dev/ttyKILNNOTHERE0", "does not exist", "plugged in",
              "/dev/serial/by-id/", NULL);
  kiln_test_cli (&run, "-p", "COM77", "chip-id", NULL);
  assert_err (&run, 1, "COM77", "does not exist", NULL);
#endif
}

static void
test_port_not_serial (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };

#ifdef G_OS_UNIX
  kiln_test_cli (&run, "-p", "/dev/null", "chip-id", NULL);
  assert_err (&run, 1, "/dev/null is not a serial port Kiln can use", NULL);
#endif
  kiln_test_cli (&run, "-p", f->dir, "chip-id", NULL);
  assert_err (&run, 1, "is not a serial port Kiln can use", NULL);
  kiln_test_cli (&run, "-p", f->flash, "chip-id", NULL);
  assert_err (&run, 1, "is not a serial port Kiln can use", NULL);
  kiln_test_cli (&run, "-p", "socket://127.0.0.1:notaport", "chip-id", NULL);
  g_assert_cmpint (run.status, !=, 0);
  kiln_test_cli (&run, "-p", "sim:esp31", "chip-id", NULL);
  assert_err (&run, 1, "There is no virtual “esp31”", "sim:esp8266", NULL);
  assert_untouched (f);
}

#ifdef G_OS_UNIX
/* /dev/ttyS0 is a real tty that libserialport opens (a pty is not). */
static gboolean
have_tty (void)
{
  int fd = open ("/dev/ttyS0", O_RDWR | O_NOCTTY | O_NONBLOCK);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

static void
test_port_busy_tty (void)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *me = NULL;
  int fd;

  if (!have_tty ())
    {
      kiln_test_skip ("no /dev/ttyS0 to hold");
      return;
    }
  /* Hold the port the way another careful program does. */
  fd = open ("/dev/ttyS0", O_RDWR | O_NOCTTY | O_NONBLOCK);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  kiln_test_cli (&run, "-p", "/dev/ttyS0", "chip-id", NULL);
  me = g_strdup_printf ("(pid %d)", (int) getpid ());
  /* It names the program holding the port. */
  assert_err (&run, 1, "Port /dev/ttyS0 is in use by test-bad-input", me, "Close that program",
              NULL);
  close (fd);
}
#endif

/* A virtual board takes one connection at a time, as a port does. */
static void
test_port_busy (void)
{
#ifdef G_OS_UNIX
  test_port_busy_tty ();
#endif
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KilnSim) sim = kiln_sim_new_from_options ("sim:esp32?id=busy", &error);
    g_autoptr(KilnTransport) first = kiln_sim_open_transport (sim, 115200, &error);
    g_autoptr(KilnTransport) second = NULL;

    g_assert_no_error (error);
    second = kiln_sim_open_transport (sim, 115200, &error);
    g_assert_null (second);
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY);
    g_assert_nonnull (strstr (error->message, "already in use"));
    kiln_sim_forget ("busy");
  }
}

#ifdef G_OS_UNIX
static void
test_port_permission (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                         g_getenv ("KILN_CLI"), "-p", "/dev/ttyS0", "chip-id", NULL };
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  GStatBuf st;
  int status = 0;

  if (!have_tty () || getuid () != 0 || setpriv == NULL || g_stat ("/dev/ttyS0", &st) != 0 ||
      (st.st_mode & S_IROTH) != 0)
    {
      kiln_test_skip ("needs root, setpriv and a /dev/ttyS0 others may not open");
      return;
    }
  /* As "nobody", the port's permissions refuse the open. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "Permission denied opening /dev/ttyS0"));
  g_assert_nonnull (strstr (err, "dialout"));
  g_assert_nonnull (strstr (err, "usermod -aG dialout"));
  g_assert_nonnull (strstr (err, "log out and in"));
  g_assert_nonnull (strstr (err, "brltty"));
}
#endif

/* USB unplugged mid-write: the virtual board's link fails. */
static void
test_port_vanished (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (128 * 1024 + 300, 32);
  g_autofree char *path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autofree char *port = g_strdup_printf ("%s&fault=disconnect:60000", f->port);
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", port, "write-flash", "--no-compress", "0x20000", path, NULL);
  assert_err (&run, 1, "Writing app.bin at 0x20000 failed", "stopped at 0x", "bytes written",
              "disconnected", "Start again", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x20000", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->before, 0x20000, app);
}

/* A rate the link cannot hold (the adapter, the cable).  The ROM's own
 * switch failing proves nothing (it can miss the rate): the job goes on at
 * 115200 and says so.  When the stub's switch fails too, the link is at
 * fault, and the error says to choose a lower rate. */
static void
test_baud_refused (void)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *dir = kiln_test_tmpdir ();
  g_autofree char *stub = kiln_test_write_fake_stub (dir, "esp32");

  kiln_test_cli (&run, "-p", "sim:esp32?max-baud=921600", "-b", "2000000", "chip-id", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "The ESP32 ROM did not answer after changing to 2000000 baud"));
  g_assert_nonnull (strstr (run.err, "the job runs at 115200 baud"));
  kiln_test_cli (&run, "-p", "sim:esp32?max-baud=921600", "--stub", stub, "-b", "2000000",
                 "chip-id", NULL);
  assert_err (&run, 1, "does not work at 2000000 baud", "lower baud rate", NULL);
  kiln_test_rm_rf (dir);
  kiln_test_cli (&run, "-p", "sim:esp32", "-b", "99999999", "chip-id", NULL);
  assert_err (&run, 2, "99999999", "baud rate", NULL);
  kiln_test_cli (&run, "-p", "sim:esp32", "-b", "-5", "chip-id", NULL);
  assert_err (&run, 2, "-5", "baud rate", NULL);
  kiln_test_cli (&run, "-p", "sim:esp32", "-b", "fast", "chip-id", NULL);
  assert_err (&run, 2, "fast", NULL);
}

/* ---- files ------------------------------------------------------------- */

static void
test_files (Fixture       *f,
            gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) big = kiln_test_random (FLASH_SIZE + 1, 33);
  g_autofree char *p_empty = kiln_test_write_tmp (f->dir, "empty.bin", empty);
  g_autofree char *p_big = kiln_test_write_tmp (f->dir, "big.bin", big);
  g_autofree char *missing = g_build_filename (f->dir, "missing.bin", NULL);
  g_autofree char *back = g_build_filename (f->dir, "no", "such", "dir", "back.bin", NULL);

  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x0", missing, NULL);
  assert_err (&run, 1, "missing.bin", "does not exist", NULL);
#ifdef G_OS_UNIX
  {
    /* Symbolic links: POSIX only (Windows needs a privilege to make them). */
    g_autofree char *loop = g_build_filename (f->dir, "loop.bin", NULL);
    g_autofree char *dangling = g_build_filename (f->dir, "dangling.bin", NULL);

    g_assert_cmpint (symlink ("loop.bin", loop), ==, 0);
    g_assert_cmpint (symlink ("missing.bin", dangling), ==, 0);
    kiln_test_cli (&run, "-p", f->port, "write-flash", "0x0", dangling, NULL);
    assert_err (&run, 1, "dangling.bin", NULL);
    kiln_test_cli (&run, "-p", f->port, "write-flash", "0x0", loop, NULL);
    assert_err (&run, 1, "loop.bin", "cannot be read", "symbolic links", NULL);
  }
#endif
  /* A directory cannot be read as a file (root would read a mode-000 file). */
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x0", f->dir, NULL);
  assert_err (&run, 1, "cannot be read", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x0", p_empty, NULL);
  assert_err (&run, 1, "empty.bin is empty", "nothing to write", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x0", p_big, NULL);
  assert_err (&run, 1, "big.bin (1048577 bytes) is larger than the whole flash (1 MiB)", NULL);
  /* Saving where no folder is fails before the board is read. */
  kiln_test_cli (&run, "-p", f->port, "read-flash", "0x0", "0x1000", back, NULL);
  assert_err (&run, 1, "Cannot save to", "does not exist", NULL);
  g_assert_null (strstr (run.err, "Reading"));
  kiln_test_cli (&run, "-p", f->port, "read-flash", "0x0", "0x1000", f->dir, NULL);
  assert_err (&run, 1, "is a folder", NULL);
  assert_untouched (f);
}

/* Where an image is expected, random bytes are refused with a reason. */
static void
test_not_an_image (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) junk = kiln_test_random (4096, 34);
  g_autofree char *p_junk = kiln_test_write_tmp (f->dir, "junk.bin", junk);
  g_autofree char *out = g_build_filename (f->dir, "out.bin", NULL);

  kiln_test_cli (&run, "image-info", p_junk, NULL);
  g_test_message ("image-info: %d\n%s%s", run.status, run.out, run.err);
  g_assert_nonnull (strstr (run.out, "junk.bin") != NULL ? run.out : run.err);
  g_assert_nonnull (strstr (run.out, "not") != NULL ? run.out : strstr (run.err, "not"));

  kiln_test_cli (&run, "elf2image", "--chip", "esp32", "-o", out, p_junk, NULL);
  g_test_message ("elf2image: %d\n%s", run.status, run.err);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "ELF"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* ---- JSON -------------------------------------------------------------- */

static void
test_project_json (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  gsize n = 1024 * 1024 + 10;
  g_autofree char *huge_text = g_malloc (n + 1);
  g_autofree char *huge = NULL;
  g_autofree char *malformed = write_text (f, "bad.kiln.json",
                                           "{ \"format-version\": 1, \"rows\": [ { \"path\": ");
  g_autofree char *types = write_text (f, "types.kiln.json",
                                       "{ \"format-version\": 1, \"rows\": [ { \"path\": 7, "
                                       "\"address\": \"0x0\" } ] }");
  g_autofree char *dup = write_text (f, "dup.kiln.json",
                                     "{ \"format-version\": 1, \"rows\": [ "
                                     "{ \"path\": \"a.bin\", \"address\": \"0x1000\" }, "
                                     "{ \"path\": \"b.bin\", \"address\": \"0x01000\" } ] }");
  g_autofree char *nofile = write_text (f, "nofile.kiln.json",
                                        "{ \"format-version\": 1, \"rows\": [ "
                                        "{ \"path\": \"gone.bin\", \"address\": \"0x1000\" } ] }");
  g_autofree char *big_addr = write_text (f, "addr.kiln.json",
                                          "{ \"format-version\": 1, \"rows\": [ "
                                          "{ \"path\": \"a.bin\", \"address\": \"0x100000000\" } ] }");

  memset (huge_text, ' ', n);
  huge_text[0] = '{';
  huge_text[n - 1] = '}';
  huge_text[n] = '\0';
  huge = write_text (f, "huge.kiln.json", huge_text);

  kiln_test_cli (&run, "-p", f->port, "write-flash", "--project", malformed, NULL);
  assert_err (&run, 1, "bad.kiln.json", "ends too early", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--project", types, NULL);
  assert_err (&run, 1, "types.kiln.json", "rows[0].path", "found a number", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--project", dup, NULL);
  assert_err (&run, 1, "rows[1].address", "0x1000 is already the address of rows[0]", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--project", huge, NULL);
  assert_err (&run, 1, "huge.kiln.json", "more than the 1 MiB", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--project", nofile, NULL);
  assert_err (&run, 1, "gone.bin", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--project", big_addr, NULL);
  assert_err (&run, 1, "addr.kiln.json", "rows[0].address", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--project", f->dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_untouched (f);
}

/* A project's paths are the user's: absolute and ../ paths are fine and
 * resolve against the project file's folder, wherever kiln-cli runs. */
static void
test_project_paths (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) a = kiln_test_random (3000, 35);
  g_autoptr(GBytes) b = kiln_test_random (5000, 36);
  g_autofree char *pa = kiln_test_write_tmp (f->dir, "a.bin", a);
  g_autofree char *pb = kiln_test_write_tmp (f->dir, "b.bin", b);
  /* As Kiln saves it: "/" between folders (C:/Users/… on Windows). */
  g_autofree char *pa_saved = g_strdelimit (g_strdup (pa), G_DIR_SEPARATOR_S, '/');
  g_autofree char *json = g_strdup_printf ("{ \"format-version\": 1, \"rows\": [ "
                                           "{ \"path\": \"../b.bin\", \"address\": \"0x20000\" }, "
                                           "{ \"path\": \"%s\", \"address\": \"0x10000\" } ] }",
                                           pa_saved);
  g_autofree char *project = write_text (f, "proj/p.kiln.json", json);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GByteArray) exp = g_byte_array_new ();

  /* kiln-cli runs in / : the paths must not depend on it. */
  g_assert_cmpint (g_chdir ("/"), ==, 0);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--project", project, NULL);
  if (run.status != 0)
    g_printerr ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  after = kiln_test_read_file (f->flash);
  g_byte_array_append (exp, g_bytes_get_data (f->before, NULL), FLASH_SIZE);
  memcpy (exp->data + 0x10000, g_bytes_get_data (a, NULL), 3000);
  memcpy (exp->data + 0x20000, g_bytes_get_data (b, NULL), 5000);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), FLASH_SIZE, exp->data, FLASH_SIZE);
}

static void
test_flasher_args_json (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *trunc = write_text (f, "b1/flasher_args.json",
                                       "{ \"flash_files\": { \"0x10000\": \"app.bin\", ");
  g_autofree char *types = write_text (f, "b2/flasher_args.json", "{ \"flash_files\": [ 1, 2 ] }");
  g_autofree char *dup = write_text (f, "b3/flasher_args.json",
                                     "{ \"flash_files\": { \"0x10000\": \"a.bin\", "
                                     "\"0x010000\": \"b.bin\" } }");
  g_autofree char *typo = write_text (f, "b4/flasher_args.json",
                                      "{ \"flash_files\": { \"0x1g000\": \"a.bin\" } }");
  g_autofree char *over = write_text (f, "b5/flasher_args.json",
                                      "{ \"flash_files\": { \"0x100000000\": \"a.bin\" } }");
  g_autofree char *neg = write_text (f, "b6/flasher_args.json",
                                     "{ \"flash_files\": { \"-0x1000\": \"a.bin\" } }");
  g_autofree char *notjson = write_text (f, "b7/flasher_args.json", "flash_files = 0x1000");

  kiln_test_cli (&run, "-p", f->port, "write-flash", "--flasher-args", trunc, NULL);
  assert_err (&run, 1, "flasher_args.json", "ends too early", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--flasher-args", types, NULL);
  assert_err (&run, 1, "flash_files: expected an object", "found a list", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--flasher-args", dup, NULL);
  assert_err (&run, 1, "0x10000 is already the address of", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--flasher-args", typo, NULL);
  assert_err (&run, 1, "\"0x1g000\"", "must be an address", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--flasher-args", over, NULL);
  assert_err (&run, 1, "\"0x100000000\"", "must be an address", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--flasher-args", neg, NULL);
  assert_err (&run, 1, "\"-0x1000\"", "must be an address", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "--flasher-args", notjson, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "flasher_args.json"));
  assert_untouched (f);
}

/* A manifest comes from the web: an absolute path means the site's root,
 * never a file of this computer; ../ resolves as a browser would. */
static void
test_manifest_json (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) a = kiln_test_random (4000, 37);
  g_autofree char *pa = kiln_test_write_tmp (f->dir, "a.bin", a);
  g_autofree char *abs = write_text (f, "w1/manifest.json",
                                     "{ \"name\": \"x\", \"builds\": [ { \"chipFamily\": \"ESP32\", "
                                     "\"parts\": [ { \"path\": \"/etc/hostname\", \"offset\": 0 } "
                                     "] } ] }");
  g_autofree char *up = write_text (f, "w2/manifest.json",
                                    "{ \"name\": \"x\", \"builds\": [ { \"chipFamily\": \"ESP32\", "
                                    "\"parts\": [ { \"path\": \"../a.bin\", \"offset\": 65536 } "
                                    "] } ] }");
  g_autofree char *neg = write_text (f, "w3/manifest.json",
                                     "{ \"name\": \"x\", \"builds\": [ { \"chipFamily\": \"ESP32\", "
                                     "\"parts\": [ { \"path\": \"a.bin\", \"offset\": -4096 } "
                                     "] } ] }");
  g_autofree char *big = write_text (f, "w4/manifest.json",
                                     "{ \"name\": \"x\", \"builds\": [ { \"chipFamily\": \"ESP32\", "
                                     "\"parts\": [ { \"path\": \"a.bin\", \"offset\": 4294967296 } "
                                     "] } ] }");
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", f->port, "-c", "esp32", "write-flash", "--manifest", abs, NULL);
  assert_err (&run, 1, "“/etc/hostname” is an absolute path", "next to the manifest", NULL);
  kiln_test_cli (&run, "-p", f->port, "-c", "esp32", "write-flash", "--manifest", neg, NULL);
  assert_err (&run, 1, "builds[0].parts[0].offset", NULL);
  kiln_test_cli (&run, "-p", f->port, "-c", "esp32", "write-flash", "--manifest", big, NULL);
  assert_err (&run, 1, "builds[0].parts[0].offset", NULL);
  assert_untouched (f);

  kiln_test_cli (&run, "-p", f->port, "-c", "esp32", "write-flash", "--manifest", up, NULL);
  g_assert_cmpint (run.status, ==, 0);
  after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->before, 0x10000, a);
}

static void
test_stub_json (Fixture       *f,
                gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *trunc = write_text (f, "s1.json", "{ \"entry\": 1074");
  g_autofree char *types = write_text (f, "s2.json", "{ \"entry\": 4, \"text_start\": 0, "
                                                     "\"text\": 12 }");
  g_autofree char *empty = write_text (f, "s3.json", "{ \"entry\": 4, \"text_start\": 0, "
                                                     "\"text\": \"\" }");
  g_autofree char *list = write_text (f, "s4.json", "[]");

  kiln_test_cli (&run, "-p", f->port, "--stub", trunc, "chip-id", NULL);
  assert_err (&run, 1, "s1.json", "not valid JSON", NULL);
  kiln_test_cli (&run, "-p", f->port, "--stub", types, "chip-id", NULL);
  assert_err (&run, 1, "s2.json", "“text” must be base64 text", NULL);
  kiln_test_cli (&run, "-p", f->port, "--stub", empty, "chip-id", NULL);
  assert_err (&run, 1, "s3.json", "has no code", NULL);
  kiln_test_cli (&run, "-p", f->port, "--stub", list, "chip-id", NULL);
  assert_err (&run, 1, "s4.json", "not an object", NULL);
  kiln_test_cli (&run, "-p", f->port, "--stub", f->dir, "chip-id", NULL);
  assert_err (&run, 1, "Cannot read stub file", NULL);
}

/* ---- numbers ------------------------------------------------------------ */

static void
test_numbers (Fixture       *f,
              gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GBytes) app = kiln_test_random (5000, 38);
  g_autofree char *p = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autofree char *out = g_build_filename (f->dir, "out.bin", NULL);

  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x100000000", p, NULL);
  assert_err (&run, 2, "“0x100000000” is too large", "32 bits", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "99999999999999999999999", p, NULL);
  assert_err (&run, 2, "is too large", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "-1", p, NULL);
  assert_err (&run, 2, "“-1” is negative", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x1g000", p, NULL);
  assert_err (&run, 2, "“0x1g000” is not a number", "hex (0x10000)", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0x", p, NULL);
  assert_err (&run, 2, "“0x” is not a number", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "1O000", p, NULL);
  assert_err (&run, 2, "“1O000” is not a number", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "4GB", p, NULL);
  assert_err (&run, 2, "“4GB” is not a number", NULL);
  kiln_test_cli (&run, "-p", f->port, "write-flash", "4096M", p, NULL);
  assert_err (&run, 2, "“4096M” is too large", NULL);
  /* The region runs past the 32-bit space and past the flash. */
  kiln_test_cli (&run, "-p", f->port, "write-flash", "0xFFFFFFFF", p, NULL);
  assert_err (&run, 1, "app.bin at 0xffffffff", "beyond the end", NULL);
  kiln_test_cli (&run, "-p", f->port, "read-flash", "0x0", "0x100000000", out, NULL);
  assert_err (&run, 2, "“0x100000000” is too large", NULL);
  kiln_test_cli (&run, "-p", f->port, "read-flash", "0xFFFFF000", "0x2000", out, NULL);
  assert_err (&run, 1, "goes past the end", NULL);
  kiln_test_cli (&run, "-p", f->port, "read-flash", "0x0", "0", out, NULL);
  assert_err (&run, 2, "must not be zero", NULL);
  kiln_test_cli (&run, "-p", f->port, "read-flash", "0x0", "-5", out, NULL);
  assert_err (&run, 2, "“-5” is negative", NULL);
  kiln_test_cli (&run, "-p", f->port, "erase-region", "0x1000", "0x800", NULL);
  assert_err (&run, 2, "multiples of 0x1000", NULL);
  kiln_test_cli (&run, "-p", f->port, "erase-region", "0xFFFFF000", "0x2000", NULL);
  assert_err (&run, 1, "goes past the end", NULL);
  assert_untouched (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
  kiln_sim_register ();

#define ADD(name, func) \
  g_test_add ("/kiln/bad-input/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/kiln/bad-input/port/missing", test_port_missing);
  ADD ("port/not-serial", test_port_not_serial);
  g_test_add_func ("/kiln/bad-input/port/busy", test_port_busy);
#ifdef G_OS_UNIX
  g_test_add_func ("/kiln/bad-input/port/permission", test_port_permission);
#endif
  ADD ("port/vanished", test_port_vanished);
  g_test_add_func ("/kiln/bad-input/port/baud-refused", test_baud_refused);
  ADD ("file/errors", test_files);
  ADD ("file/not-an-image", test_not_an_image);
  ADD ("json/project", test_project_json);
  ADD ("json/project-paths", test_project_paths);
  ADD ("json/flasher-args", test_flasher_args_json);
  ADD ("json/manifest", test_manifest_json);
  ADD ("json/stub", test_stub_json);
  ADD ("numbers", test_numbers);
#undef ADD
  return g_test_run ();
}
