/* test-baud-recovery.c: a ROM baud switch that goes wrong is recovered
 * from; only a link proven at fault is blamed.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <string.h>

#include "kiln-test-util.h"

#define MiB (1024 * 1024)

typedef struct
{
  char   *dir;
  char   *flash;
  GBytes *before;
  GBytes *app;
  char   *app_path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = kiln_test_tmpdir ();
  f->before = kiln_test_random (4 * MiB, 31);
  f->flash = kiln_test_write_tmp (f->dir, "flash.bin", f->before);
  f->app = kiln_test_random (256 * 1024, 32);
  f->app_path = kiln_test_write_tmp (f->dir, "app.bin", f->app);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kiln_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->flash);
  g_free (f->app_path);
  g_bytes_unref (f->before);
  g_bytes_unref (f->app);
}

static char *
port (Fixture    *f,
      const char *options)
{
  return g_strdup_printf ("sim:esp32?flash=4MB&flash-file=%s%s%s", f->flash,
                          *options ? "&" : "", options);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” does not contain “%s”", text, needle);
}

static void
assert_written (Fixture *f)
{
  g_autoptr(GBytes) after = kiln_test_read_file (f->flash);
  kiln_test_assert_flash (after, f->before, 0x10000, f->app);
}

/* The ESP32 ROM's own switch leaves its UART at a useless rate (as an
 * emulated chip without calibration does): Kiln resets it, syncs again
 * at 115200 and writes there, verified. */
static void
test_rom_switch_fails (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *p = port (f, "rom-baud=broken");

  kiln_test_cli (&run, "-p", p, "-b", "921600", "write-flash", "0x10000", f->app_path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "The ESP32 ROM did not answer after changing to 921600 baud. Resetting it "
                       "and carrying on at 115200 baud.");
  assert_has (run.err, ", verified.");
  g_assert_null (strstr (run.err, "The link does not work"));
  assert_written (f);
}

/* The same ROM with a stub to come: the stub makes the switch. */
static void
test_rom_switch_fails_stub_switches (Fixture       *f,
                                     gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *p = port (f, "rom-baud=broken");
  g_autofree char *stub = kiln_test_write_fake_stub (f->dir, "esp32");

  kiln_test_cli (&run, "-p", p, "--stub", stub, "-b", "921600", "write-flash", "0x10000",
                 f->app_path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "The flasher stub will change the rate instead.");
  assert_has (run.err, "Changed baud rate to 921600.");
  assert_has (run.err, ", verified.");
  assert_written (f);
}

/* A non-zero oscillator calibration: the ROM's divider follows a clock
 * 14 % fast, and only the host's correction lands it on 921600. */
static void
test_drift_corrected (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *p = port (f, "ck8m=45&rtc-cal=2600");

  kiln_test_cli (&run, "-p", p, "-b", "921600", "write-flash", "0x10000", f->app_path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "Changed baud rate to 921600.");
  g_assert_null (strstr (run.err, "did not answer"));
  assert_written (f);
}

/* A link that cannot carry 921600: the ROM's switch fails, and so does the
 * stub's after the recovery.  Now the link is to blame, and nothing was
 * written. */
static void
test_link_at_fault (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *p = port (f, "max-baud=460800");
  g_autofree char *stub = kiln_test_write_fake_stub (f->dir, "esp32");
  g_autoptr(GBytes) after = NULL;

  kiln_test_cli (&run, "-p", p, "--stub", stub, "-b", "921600", "write-flash", "0x10000",
                 f->app_path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 1);
  assert_has (run.err, "The ESP32 ROM did not answer after changing to 921600 baud.");
  assert_has (run.err, "The link does not work at 921600 baud (the adapter or cable cannot hold "
                       "it). Choose a lower baud rate.");
  after = kiln_test_read_file (f->flash);
  g_assert_true (g_bytes_equal (after, f->before));
}

/* Without reset lines a failed ROM switch could not be undone: with no
 * stub, the job stays at 115200 and says why. */
static void
test_no_reset_line (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *p = port (f, "rom-baud=broken");

  kiln_test_cli (&run, "-p", p, "--before", "no-reset", "-b", "921600", "write-flash",
                 "0x10000", f->app_path, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  assert_has (run.err, "Staying at 115200 baud: the ESP32 ROM's own baud switch cannot be undone "
                       "on this link if it goes wrong (no reset line), and no flasher stub is "
                       "available to switch safely.");
  assert_has (run.err, ", verified.");
  assert_written (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* No stub from the machine: these are about the ROM's switch. */
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
#define ADD(name, func) \
  g_test_add ("/kiln/baud-recovery/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("rom-switch-fails", test_rom_switch_fails);
  ADD ("rom-switch-fails-stub-switches", test_rom_switch_fails_stub_switches);
  ADD ("drift-corrected", test_drift_corrected);
  ADD ("link-at-fault", test_link_at_fault);
  ADD ("no-reset-line", test_no_reset_line);
  return g_test_run ();
}
