/* test-serial-latency.c: an FTDI adapter's latency timer, lowered while the
 * port is open, against a fake sysfs tree.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KILN_TEST_SYSFS_ROOT points the core at a temporary directory laid out
 * as /sys/bus/usb-serial/devices/…/latency_timer.  The device files the
 * functions are given are plain files in a fake /dev (only their names
 * count), except where a real serial port is opened: /dev/ttyS0, with a
 * fake attribute under its name.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "kiln-core.h"
#include "kiln-serial-latency.h"
#include "kiln-test-util.h"

#ifdef __linux__
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct
{
  char *dir;    /* the temporary directory */
  char *sys;    /* dir/sys, what KILN_TEST_SYSFS_ROOT names */
  char *dev;    /* dir/dev */
} Tree;

static char *
attr_path (const Tree *t,
           const char *name)
{
  return g_build_filename (t->sys, "bus", "usb-serial", "devices", name, "latency_timer", NULL);
}

static void
tree_init (Tree *t)
{
  t->dir = kiln_test_tmpdir ();
  t->sys = g_build_filename (t->dir, "sys", NULL);
  t->dev = g_build_filename (t->dir, "dev", NULL);
  g_assert_cmpint (g_mkdir_with_parents (t->dev, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (t->sys, 0755), ==, 0);
  g_setenv ("KILN_TEST_SYSFS_ROOT", t->sys, TRUE);
}

static void
tree_clear (Tree *t)
{
  g_unsetenv ("KILN_TEST_SYSFS_ROOT");
  kiln_test_rm_rf (t->dir);
  g_free (t->dir);
  g_free (t->sys);
  g_free (t->dev);
}

/* A usb-serial port NAME; @latency is the attribute's content, NULL for a
 * bridge without one (CP210x, CH340). */
static char *
add_port (const Tree *t,
          const char *name,
          const char *latency)
{
  g_autofree char *dir = g_build_filename (t->sys, "bus", "usb-serial", "devices", name, NULL);
  g_autofree char *attr = attr_path (t, name);
  char *dev = g_build_filename (t->dev, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  if (latency != NULL)
    {
      g_file_set_contents (attr, latency, -1, &error);
      g_assert_no_error (error);
    }
  g_file_set_contents (dev, "", 0, &error);
  g_assert_no_error (error);
  return dev;
}

static char *
read_attr (const Tree *t,
           const char *name)
{
  g_autofree char *attr = attr_path (t, name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (attr, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (text);
}

/* An FTDI port, named through a /dev/serial/by-id link as users often do:
 * 1 ms while open, the old value afterwards. */
static void
test_ftdi (void)
{
  Tree t = { 0 };
  g_autofree char *dev = NULL;
  g_autofree char *byid_dir = NULL;
  g_autofree char *link = NULL;
  g_autofree char *note = NULL;
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;
  KilnSerialLatency *lat;

  tree_init (&t);
  dev = add_port (&t, "ttyUSB0", "16\n");
  byid_dir = g_build_filename (t.dev, "serial", "by-id", NULL);
  g_assert_cmpint (g_mkdir_with_parents (byid_dir, 0755), ==, 0);
  link = g_build_filename (byid_dir, "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0", NULL);
  g_assert_cmpint (symlink ("../../ttyUSB0", link), ==, 0);

  lat = kiln_serial_latency_lower (link, -1, &note);
  g_assert_nonnull (lat);
  g_assert_nonnull (note);
  g_test_message ("%s", note);
  g_assert_nonnull (strstr (note, "FTDI adapter ttyUSB0"));
  g_assert_nonnull (strstr (note, "16 ms"));
  g_assert_nonnull (strstr (note, "1 ms while Kiln has the port open"));
  during = read_attr (&t, "ttyUSB0");
  g_assert_cmpstr (during, ==, "1");

  kiln_serial_latency_restore (lat);
  after = read_attr (&t, "ttyUSB0");
  g_assert_cmpstr (after, ==, "16");

  /* Unplugged while open: nothing to restore, and nothing to complain of. */
  g_clear_pointer (&note, g_free);
  lat = kiln_serial_latency_lower (dev, -1, &note);
  g_assert_nonnull (lat);
  {
    g_autofree char *attr = attr_path (&t, "ttyUSB0");
    g_autofree char *port_dir = g_path_get_dirname (attr);
    kiln_test_rm_rf (port_dir);
  }
  kiln_serial_latency_restore (lat);
  tree_clear (&t);
}

/* Bridges without the attribute, a port that is not a usb-serial device
 * at all, and an FTDI already at 1 ms: nothing changes, nothing is said. */
static void
test_untouched (void)
{
  Tree t = { 0 };
  g_autofree char *cp210x = NULL;
  g_autofree char *acm = NULL;
  g_autofree char *fast = NULL;
  g_autofree char *cp210x_attr = NULL;
  g_autofree char *still = NULL;
  g_autoptr(GError) error = NULL;
  const char *ports[3];

  tree_init (&t);
  cp210x = add_port (&t, "ttyUSB1", NULL);
  fast = add_port (&t, "ttyUSB2", "1\n");
  acm = g_build_filename (t.dev, "ttyACM0", NULL);
  g_file_set_contents (acm, "", 0, &error);
  g_assert_no_error (error);
  ports[0] = cp210x;
  ports[1] = acm;
  ports[2] = fast;

  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    {
      static char unset[] = "unset";
      char *note = unset;
      KilnSerialLatency *lat = kiln_serial_latency_lower (ports[i], -1, &note);

      g_assert_null (lat);
      g_assert_null (note);
      kiln_serial_latency_restore (lat);
    }
  cp210x_attr = attr_path (&t, "ttyUSB1");
  g_assert_false (g_file_test (cp210x_attr, G_FILE_TEST_EXISTS));
  still = read_attr (&t, "ttyUSB2");
  g_assert_cmpstr (still, ==, "1");
  tree_clear (&t);
}

/* An attribute Kiln may not write, on a tty that refuses the low-latency
 * flag too (a pseudo-terminal): a log line, and the port works as before.
 * Root writes anything, so the check runs as "nobody" in a subprocess. */
static void
test_unwritable (void)
{
  Tree t = { 0 };
  g_autofree char *dev = NULL;
  g_autofree char *attr = NULL;
  g_autofree char *after = NULL;

  if (g_test_subprocess ())
    {
      g_autofree char *note = NULL;
      const char *path = g_getenv ("KILN_TEST_LATENCY_DEV");
      KilnSerialLatency *lat;
      int pty;

      if (geteuid () == 0)
        g_assert_true (setgroups (0, NULL) == 0 && setgid (65534) == 0 && setuid (65534) == 0);
      pty = posix_openpt (O_RDWR | O_NOCTTY);
      g_assert_cmpint (pty, >=, 0);
      lat = kiln_serial_latency_lower (path, pty, &note);
      g_assert_null (lat);
      g_assert_nonnull (note);
      g_printerr ("%s\n", note);
      close (pty);
      return;
    }

  tree_init (&t);
  dev = add_port (&t, "ttyUSB0", "16\n");
  attr = attr_path (&t, "ttyUSB0");
  g_assert_cmpint (g_chmod (attr, 0444), ==, 0);
  g_assert_cmpint (g_chmod (t.dir, 0755), ==, 0);
  g_setenv ("KILN_TEST_LATENCY_DEV", dev, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("KILN_TEST_LATENCY_DEV");
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Could not lower the latency timer of the FTDI adapter ttyUSB0 "
                             "from 16 ms to 1 ms*Permission denied*slows writing through the "
                             "ROM loader*");
  after = read_attr (&t, "ttyUSB0");
  g_assert_cmpstr (after, ==, "16");
  tree_clear (&t);
}

/* ---- a real serial port ---------------------------------------------------- */

#define TTY "/dev/ttyS0"

static gboolean
have_tty (void)
{
  int fd = open (TTY, O_RDWR | O_NOCTTY | O_NONBLOCK);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

/* Another suite may hold the port for a moment (it is the only one). */
static KilnTransport *
open_tty (void)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      KilnTransport *t = kiln_transport_open (TTY, 115200, &error);

      if (t != NULL)
        return t;
      g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_BUSY);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
}

/* The serial transport lowers the timer when it opens the port and puts it
 * back when it is closed. */
static void
test_transport (void)
{
  Tree t = { 0 };
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;
  g_autofree char *unused = NULL;
  KilnTransport *port;

  if (!have_tty ())
    {
      kiln_test_skip ("needs " TTY);
      return;
    }
  tree_init (&t);
  unused = add_port (&t, "ttyS0", "16\n");
  port = open_tty ();
  g_assert_nonnull (port->note);
  g_assert_nonnull (strstr (port->note, "FTDI adapter ttyS0 holds replies for up to 16 ms"));
  during = read_attr (&t, "ttyS0");
  g_assert_cmpstr (during, ==, "1");
  kiln_transport_free (port);
  after = read_attr (&t, "ttyS0");
  g_assert_cmpstr (after, ==, "16");
  tree_clear (&t);
}

/* A job that fails (nothing answers on the port) still puts the timer back
 * before kiln-cli exits, and the log says what was done. */
static void
test_cli_error_path (void)
{
  Tree t = { 0 };
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *after = NULL;
  g_autofree char *unused = NULL;

  if (!have_tty ())
    {
      kiln_test_skip ("needs " TTY);
      return;
    }
  tree_init (&t);
  unused = add_port (&t, "ttyS0", "16\n");
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      kiln_test_cli (&run, "-p", TTY, "--before=no-reset", "chip-id", NULL);
      if (strstr (run.err, "is in use") == NULL)
        break;
      g_usleep (500 * 1000);
    }
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "The FTDI adapter ttyS0 holds replies for up to 16 ms: its "
                                     "latency timer is at 1 ms while Kiln has the port open."));
  g_assert_nonnull (strstr (run.err, "Could not connect to the bootloader"));
  after = read_attr (&t, "ttyS0");
  g_assert_cmpstr (after, ==, "16");
  tree_clear (&t);
}

#else /* !__linux__ */

/* Elsewhere there is no such attribute: nothing is changed, nothing said. */
static void
test_elsewhere (void)
{
  static char unset[] = "unset";
  char *note = unset;
  KilnSerialLatency *lat = kiln_serial_latency_lower ("COM3", -1, &note);

  g_assert_null (lat);
  g_assert_null (note);
  kiln_serial_latency_restore (lat);
}

#endif

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#ifdef __linux__
  g_test_add_func ("/kiln/serial-latency/ftdi", test_ftdi);
  g_test_add_func ("/kiln/serial-latency/untouched", test_untouched);
  g_test_add_func ("/kiln/serial-latency/unwritable", test_unwritable);
  g_test_add_func ("/kiln/serial-latency/transport", test_transport);
  g_test_add_func ("/kiln/serial-latency/cli-error-path", test_cli_error_path);
#else
  g_test_add_func ("/kiln/serial-latency/elsewhere", test_elsewhere);
#endif
  return g_test_run ();
}
