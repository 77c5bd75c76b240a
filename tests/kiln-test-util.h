/* kiln-test-util.h: helpers shared by the test programs.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>

/* Fails the test unless @haystack (a string, maybe NULL) holds @needle. */
#define assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *h_ = (haystack); \
    if (h_ == NULL || strstr (h_, (needle)) == NULL) \
      g_error ("“%s” does not contain “%s”", h_ ? h_ : "(null)", (needle)); \
  } G_STMT_END

G_BEGIN_DECLS

typedef struct
{
  int   status;   /* exit code */
  char *out;
  char *err;
} KilnTestRun;

void      kiln_test_run_clear  (KilnTestRun  *run);
/* Runs kiln-cli (from $KILN_CLI) with a NULL-terminated argument list. */
void      kiln_test_cli        (KilnTestRun  *run,
                                const char   *first,
                                ...) G_GNUC_NULL_TERMINATED;
void      kiln_test_cliv       (KilnTestRun  *run,
                                const char  **argv);
/* Runs @argv (NULL-terminated; argv[0] a path) in @cwd (NULL: the test's
 * folder) with @envp (NULL: the test's environment), feeding it @input on
 * its standard input when not NULL, and waits for it. */
void      kiln_test_spawn      (KilnTestRun        *run,
                                const char         *cwd,
                                const char *const  *envp,
                                const char *const  *argv,
                                const char         *input);
/* Starts @argv with @flags; fails the test if it cannot be started. Under
 * Wine, where a start now and then fails before the program runs, it is
 * tried twice. */
GSubprocess *kiln_test_start   (GSubprocessFlags    flags,
                                const char *const  *argv);
GSubprocess *kiln_test_start_in (const char        *cwd,
                                 const char *const *envp,
                                 GSubprocessFlags   flags,
                                 const char *const *argv);
/* Starts kiln-sim ($KILN_SIM) with the arguments (NULL-terminated) and
 * "--listen 127.0.0.1:0", waits until it listens, and returns its
 * "socket://127.0.0.1:PORT". */
char     *kiln_test_start_sim  (GSubprocess **proc,
                                const char   *first,
                                ...) G_GNUC_NULL_TERMINATED;
/* The exit code from a g_spawn wait status; fails the test if the
 * program died from a signal. */
int       kiln_test_exit_status (int          wait_status);
/* Asks a kiln-sim started by the test to end (SIGTERM: it must exit 0;
 * on Windows it is ended) and waits for it. */
void      kiln_test_terminate  (GSubprocess  *proc);
GBytes   *kiln_test_random     (gsize         size,
                                guint32       seed);
char     *kiln_test_write_tmp  (const char   *dir,
                                const char   *name,
                                GBytes       *data);
GBytes   *kiln_test_read_file  (const char   *path);
/* @text as UTF-16 with its byte order mark, little-endian as Windows
 * PowerShell's ">" saves it, or big-endian. */
GBytes   *kiln_test_utf16      (const char   *text,
                                gboolean      little_endian);
char     *kiln_test_tmpdir     (void);
void      kiln_test_rm_rf      (const char   *dir);
/* Asserts that @flash equals @before everywhere except [address, address + len),
 * which must equal @data. */
void      kiln_test_assert_flash (GBytes       *flash,
                                  GBytes       *before,
                                  guint32       address,
                                  GBytes       *data);

/* A made-up RAM image in the usual stub JSON format, written to
 * @dir/@chip.json: the virtual device runs any uploaded code it does not
 * recognise as its stand-in flasher stub. */
char     *kiln_test_write_fake_stub (const char *dir,
                                     const char *chip);

/* Skips the current test case with @reason, except when CI=true: there a
 * check that cannot run is a failure, never a silent pass. */
void      kiln_test_skip       (const char   *reason);
/* TRUE when skipping is not allowed (CI=true in the environment). */
gboolean  kiln_test_must_run   (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KilnTestRun, kiln_test_run_clear)

G_END_DECLS
