/* test-rfc2217.c: the rfc2217:// transport against real third-party servers.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two servers Kiln shares no code with, both from Debian:
 *
 *  - pyserial's RFC 2217 port manager (python3-serial), wrapped by
 *    tests/rfc2217/recording-server.py around a fake serial port that logs
 *    every baud, DTR and RTS change with a timestamp and every byte it
 *    receives, and echoes.  It shows what the far end of the link saw.
 *  - ser2net (4.3), started with a YAML config of our own: bridged to a
 *    kiln-sim --listen board for a whole flash with kiln-cli, and with its
 *    echo connector for the cases where it refuses COM-PORT-OPTION (plain
 *    telnet accepter) or ignores parameter changes (rfc2217 accepter with a
 *    connector that is no serial port).
 *
 * Every server listens on 127.0.0.1 on a free port and is stopped in the
 * fixture teardown; if the test dies instead, PR_SET_PDEATHSIG takes them
 * down with it.
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kiln-core.h"
#include "kiln-test-util.h"

#define MiB (1024 * 1024)
#define FLASH_SIZE (4 * MiB)
#define START_TIMEOUT_MS 10000

typedef struct
{
  char   *dir;
  GPid    children[4];
  guint   n_children;
  char   *log;        /* the recording server's log */
  char   *url;        /* rfc2217://127.0.0.1:PORT */
} Fixture;

/* ---------------------------------------------------------------- children */

static void
child_setup (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  /* If the test aborts on a failed assertion its teardown never runs: let
   * the kernel end the servers when the test process goes. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (1);
}

/* Starts @argv with stdout and stderr going to @out_path. */
static GPid
spawn_child (Fixture     *f,
             const char **argv,
             const char  *out_path)
{
  g_autoptr(GError) error = NULL;
  int out = g_open (out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  GPid pid = 0;

  g_assert_cmpint (out, >=, 0);
  if (g_test_verbose ())
    {
      g_autofree char *line = g_strjoinv (" ", (char **) argv);
      g_test_message ("starting %s", line);
    }
  g_assert_true (g_spawn_async_with_fds (f->dir, (char **) argv, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH |
                                         G_SPAWN_STDIN_FROM_DEV_NULL,
                                         child_setup, GINT_TO_POINTER (getpid ()), &pid,
                                         -1, out, out, &error));
  g_assert_no_error (error);
  close (out);
  g_assert_cmpuint (f->n_children, <, G_N_ELEMENTS (f->children));
  f->children[f->n_children++] = pid;
  return pid;
}

static void
stop_child (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  int status;

  kill (pid, SIGTERM);
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          break;
        }
      g_usleep (10 * 1000);
    }
  g_spawn_close_pid (pid);
}

static gboolean
child_alive (GPid pid)
{
  int status;
  return waitpid (pid, &status, WNOHANG) == 0;
}

/* The first line @pid wrote to @path, waiting for it. */
static char *
wait_first_line (GPid        pid,
                 const char *path)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_MS * 1000;

  for (;;)
    {
      g_autofree char *text = NULL;
      char *nl;

      if (g_file_get_contents (path, &text, NULL, NULL) && (nl = strchr (text, '\n')) != NULL)
        return g_strndup (text, nl - text);
      if (!child_alive (pid) || g_get_monotonic_time () > deadline)
        g_error ("%s did not start: %s", path, text ? text : "(no output)");
      g_usleep (10 * 1000);
    }
}

static guint16
free_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (sock, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Waits until something listens on 127.0.0.1:@port.  Reads the kernel's
 * table instead of connecting, because a connection to ser2net opens its
 * connector (the virtual board) too. */
static void
wait_listening (GPid        pid,
                guint16     port,
                const char *out_path)
{
  g_autofree char *needle = g_strdup_printf ("0100007F:%04X 00000000:0000 0A", port);
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_MS * 1000;

  for (;;)
    {
      g_autofree char *table = NULL;

      if (g_file_get_contents ("/proc/net/tcp", &table, NULL, NULL) && strstr (table, needle))
        return;
      if (!child_alive (pid) || g_get_monotonic_time () > deadline)
        {
          g_autofree char *out = NULL;
          g_file_get_contents (out_path, &out, NULL, NULL);
          g_error ("the server did not listen on port %u: %s", port, out ? out : "");
        }
      g_usleep (10 * 1000);
    }
}

static const char *
python (void)
{
  /* Debian's interpreter is the one python3-serial installs for, whatever
   * else is first in PATH. */
  if (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return "/usr/bin/python3";
  return "python3";
}

static char *
ser2net (void)
{
  char *path = g_find_program_in_path ("ser2net");

  /* Debian installs it in /usr/sbin, which a user's PATH may lack. */
  if (path == NULL && g_file_test ("/usr/sbin/ser2net", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/sbin/ser2net");
  if (path == NULL)
    g_error ("ser2net is missing: run build-aux/install-deps.sh (Debian package ser2net)");
  return path;
}

static void
start_recorder (Fixture    *f,
                const char *mode)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "rfc2217", "recording-server.py",
                                                   NULL);
  g_autofree char *out = g_build_filename (f->dir, "recorder.out", NULL);
  g_autofree char *line = NULL;
  const char *argv[] = { python (), script, "--log", NULL, "--mode", mode, "--notify", NULL };
  guint64 port = 0;
  GPid pid;

  f->log = g_build_filename (f->dir, "recorder.log", NULL);
  argv[3] = f->log;
  pid = spawn_child (f, argv, out);
  line = wait_first_line (pid, out);
  g_assert_true (g_ascii_string_to_unsigned (line, 10, 1, 65535, &port, NULL));
  f->url = g_strdup_printf ("rfc2217://127.0.0.1:%u", (guint) port);
}

/* Starts kiln-sim serving an ESP32 with the flash in @flash_path; returns
 * its TCP port. */
static guint16
start_sim (Fixture    *f,
           const char *flash_path)
{
  g_autofree char *out = g_build_filename (f->dir, "sim.out", NULL);
  g_autofree char *line = NULL;
  const char *argv[] = { g_getenv ("KILN_SIM"), "--chip", "esp32", "--listen", "127.0.0.1:0",
                         "--flash-file", flash_path, NULL };
  const char *colon;
  guint64 port = 0;
  GPid pid;

  g_assert_nonnull (argv[0]);
  pid = spawn_child (f, argv, out);
  line = wait_first_line (pid, out);
  /* "… 127.0.0.1:PORT …": the number after the last colon. */
  colon = strrchr (line, ':');
  g_assert_nonnull (colon);
  port = g_ascii_strtoull (colon + 1, NULL, 10);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <, 65536);
  return (guint16) port;
}

/* Runs ser2net in the foreground with one connection from
 * "ACCEPTER,127.0.0.1,PORT" to @connector. */
static void
start_ser2net (Fixture    *f,
               const char *accepter,
               const char *connector)
{
  g_autofree char *config = g_build_filename (f->dir, "ser2net.yaml", NULL);
  g_autofree char *pidfile = g_build_filename (f->dir, "ser2net.pid", NULL);
  g_autofree char *out = g_build_filename (f->dir, "ser2net.out", NULL);
  g_autofree char *yaml = NULL;
  g_autofree char *program = ser2net ();
  g_autoptr(GError) error = NULL;
  const char *argv[] = { program, "-n", "-u", "-c", config, "-P", pidfile, NULL };
  guint16 port = free_port ();
  GPid pid;

  yaml = g_strdup_printf ("connection: &kiln\n"
                          "  accepter: %s,127.0.0.1,%u\n"
                          "  connector: %s\n"
                          "  options:\n"
                          "    kickolduser: true\n",
                          accepter, port, connector);
  g_assert_true (g_file_set_contents (config, yaml, -1, &error));
  g_assert_no_error (error);
  pid = spawn_child (f, argv, out);
  wait_listening (pid, port, out);
  f->url = g_strdup_printf ("rfc2217://127.0.0.1:%u", port);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = kiln_test_tmpdir ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = f->n_children; i > 0; i--)
    stop_child (f->children[i - 1]);
  if (g_test_failed () || g_test_verbose ())
    g_test_message ("server files kept in %s", f->dir);
  else
    kiln_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->log);
  g_free (f->url);
}

/* ------------------------------------------------------- recording server */

typedef struct
{
  double  time;
  char   *event;
  char   *value;
} Event;

static void
event_clear (Event *e)
{
  g_free (e->event);
  g_free (e->value);
}

/* The events the far end logged, once it has seen the connection close. */
static GArray *
read_events (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *events = g_array_new (FALSE, TRUE, sizeof (Event));

  g_array_set_clear_func (events, (GDestroyNotify) event_clear);
  for (;;)
    {
      g_clear_pointer (&text, g_free);
      g_assert_true (g_file_get_contents (f->log, &text, NULL, NULL));
      if (strstr (text, " closed -\n") != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 3);
      Event e;

      if (g_strv_length (parts) != 3)
        continue;
      e.time = g_ascii_strtod (parts[0], NULL);
      e.event = g_strdup (parts[1]);
      e.value = g_strdup (parts[2]);
      g_array_append_val (events, e);
    }
  return events;
}

/* Index of the first event named @event with @value at or after @from. */
static guint
find_event (GArray     *events,
            guint       from,
            const char *event,
            const char *value)
{
  for (guint i = from; i < events->len; i++)
    {
      Event *e = &g_array_index (events, Event, i);
      if (g_str_equal (e->event, event) && g_str_equal (e->value, value))
        return i;
    }
  g_error ("the server never saw %s %s", event, value);
  return 0;
}

static gboolean
sleep_ms (guint ms)
{
  g_usleep (ms * 1000);
  return TRUE;
}

/* Open, a baud change, then the classic DTR/RTS sequence kiln-connect runs
 * to put a chip into its loader; the far end must see all of it, in order,
 * with the 100 ms hold in reset. */
static void
test_pyserial_reset (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) t = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  static const char *expected[] = { "rts 1", "dtr 1", "rts 0", "dtr 0" };
  guint i_open, i_baud, i_purge;
  double hold, boot;
  Event *e;

  start_recorder (f, "echo");
  t = kiln_transport_open (f->url, 115200, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
  g_assert_cmpint (t->kind, ==, KILN_TRANSPORT_REMOTE_SERIAL);
  g_assert_true (kiln_transport_has_lines (t));

  g_assert_true (kiln_transport_set_baud (t, 460800, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (t->baud, ==, 460800);

  /* protocol-facts §4.3, ClassicReset; TRUE = asserted. */
  g_assert_true (kiln_transport_set_lines (t, FALSE, TRUE, &error) &&
                 sleep_ms (100) &&
                 kiln_transport_set_lines (t, TRUE, TRUE, &error) &&
                 kiln_transport_set_lines (t, TRUE, FALSE, &error) &&
                 sleep_ms (50) &&
                 kiln_transport_set_lines (t, FALSE, FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&t, kiln_transport_free);

  events = read_events (f);
  /* Open: 8N1 at 115200 with both lines released, then a purge. */
  i_open = find_event (events, 0, "baud", "115200");
  i_open = find_event (events, i_open, "bytesize", "8");
  i_open = find_event (events, i_open, "parity", "N");
  i_open = find_event (events, i_open, "stopbits", "1");
  i_open = find_event (events, i_open, "dtr", "0");
  i_open = find_event (events, i_open, "rts", "0");
  i_purge = find_event (events, i_open, "purge", "input");
  i_baud = find_event (events, i_purge, "baud", "460800");

  /* After the baud change the lines moved exactly as the sequence says
   * (DTR was already released at open, so its first step changes nothing). */
  for (guint i = i_baud + 1; i < events->len; i++)
    {
      e = &g_array_index (events, Event, i);
      if (g_str_equal (e->event, "dtr") || g_str_equal (e->event, "rts"))
        g_ptr_array_add (lines, e);
    }
  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *got = NULL;
      e = g_ptr_array_index (lines, i);
      got = g_strdup_printf ("%s %s", e->event, e->value);
      g_assert_cmpstr (got, ==, expected[i]);
    }
  /* The host waits for each acknowledgement, so its sleeps are what the far
   * end sees: EN held low ~100 ms, GPIO0 held low ~50 ms after EN rose. */
  hold = ((Event *) lines->pdata[1])->time - ((Event *) lines->pdata[0])->time;
  boot = ((Event *) lines->pdata[3])->time - ((Event *) lines->pdata[2])->time;
  g_test_message ("reset held %.1f ms, strap held %.1f ms after release", hold * 1e3, boot * 1e3);
  g_assert_cmpfloat (hold, >=, 0.090);
  g_assert_cmpfloat (hold, <, 0.600);
  g_assert_cmpfloat (boot, >=, 0.045);
  g_assert_cmpfloat (boot, <, 0.500);
}

/* When one call changes both lines the far end must apply them back to
 * back, not a round trip apart: the in-between state lets the chip boot. */
static void
test_pyserial_both_lines (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) t = NULL;
  g_autoptr(GArray) events = NULL;
  Event *dtr_on, *rts_off;
  guint i;

  start_recorder (f, "silent");
  t = kiln_transport_open (f->url, 115200, &error);
  g_assert_no_error (error);
  g_assert_true (kiln_transport_set_lines (t, FALSE, TRUE, &error));
  g_usleep (20 * 1000);
  g_assert_true (kiln_transport_set_lines (t, TRUE, FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&t, kiln_transport_free);

  events = read_events (f);
  i = find_event (events, 0, "rts", "1");
  i = find_event (events, i, "dtr", "1");
  dtr_on = &g_array_index (events, Event, i);
  rts_off = &g_array_index (events, Event, i + 1);
  g_assert_cmpstr (rts_off->event, ==, "rts");
  g_assert_cmpstr (rts_off->value, ==, "0");
  g_assert_cmpfloat (rts_off->time - dtr_on->time, <, 0.030);
}

static GBytes *
tricky_bytes (void)
{
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GBytes) noise = kiln_test_random (4096, 7);
  static const guint8 specials[] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF,            /* runs of IAC */
    0xFF, 0xF0, 0xFF, 0xFA, 0x2C, 0x01,      /* what would be SE, SB 44 1 unescaped */
    0xFF, 0xFB, 0x01, 0xFF, 0xFD, 0x00,      /* WILL ECHO, DO BINARY */
    '\r', '\n', '\r', 0x00, '\r', 0xFF, '\r', /* CR handling of non-binary Telnet */
  };

  for (guint i = 0; i < 256; i++)
    {
      guint8 b = (guint8) i;
      g_byte_array_append (a, &b, 1);
    }
  g_byte_array_append (a, specials, sizeof specials);
  g_byte_array_append (a, g_bytes_get_data (noise, NULL), g_bytes_get_size (noise));
  g_byte_array_append (a, (const guint8 *) "\xff", 1);  /* ends on an IAC */
  return g_byte_array_free_to_bytes (a);
}

/* Writes @data and reads the echo back until it is all there. */
static void
assert_echo (KilnTransport *t,
             GBytes        *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) back = g_byte_array_new ();
  gsize len;
  const guint8 *d = g_bytes_get_data (data, &len);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (kiln_transport_write (t, d, len, &error));
  g_assert_no_error (error);
  while (back->len < len)
    {
      guint8 buf[1024];
      gsize n = 0;

      g_assert_true (kiln_transport_read_until (t, buf, sizeof buf, &n, deadline, NULL, &error));
      g_assert_no_error (error);
      if (n == 0)
        break;
      g_byte_array_append (back, buf, n);
    }
  g_assert_cmpmem (back->data, back->len, d, len);
}

/* Reads what arrives within @ms. */
static GBytes *
read_for (KilnTransport *t,
          guint          ms)
{
  g_autoptr(GError) error = NULL;
  GBytes *got = kiln_transport_drain (t, ms, ms, NULL, &error);

  g_assert_no_error (error);
  return got;
}

/* 0xFF and Telnet look-alikes both ways, with the server interleaving
 * modem-state notifications; and flush_input drops stale bytes only. */
static void
test_pyserial_data (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) t = NULL;
  g_autoptr(GBytes) payload = tricky_bytes ();
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GByteArray) seen = g_byte_array_new ();
  g_autoptr(GBytes) fresh = g_bytes_new_static ("fresh\xff", 6);

  start_recorder (f, "echo");
  t = kiln_transport_open (f->url, 115200, &error);
  g_assert_no_error (error);

  assert_echo (t, payload);

  /* Stale echo in flight, then a flush: only what follows may arrive. */
  g_assert_true (kiln_transport_write (t, (const guint8 *) "stale", 5, &error));
  g_usleep (100 * 1000);
  g_assert_true (kiln_transport_flush_input (t, &error));
  g_assert_no_error (error);
  got = read_for (t, 100);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
  assert_echo (t, fresh);
  g_clear_pointer (&t, kiln_transport_free);

  /* The far end received the bytes themselves, not their escapes. */
  events = read_events (f);
  for (guint i = 0; i < events->len; i++)
    {
      Event *e = &g_array_index (events, Event, i);
      gsize hex_len = strlen (e->value);

      if (!g_str_equal (e->event, "rx"))
        continue;
      for (gsize j = 0; j + 1 < hex_len; j += 2)
        {
          guint8 b = (guint8) ((g_ascii_xdigit_value (e->value[j]) << 4) |
                               g_ascii_xdigit_value (e->value[j + 1]));
          g_byte_array_append (seen, &b, 1);
        }
    }
  g_assert_cmpuint (seen->len, ==, g_bytes_get_size (payload) + 5 + 6);
  g_assert_cmpmem (seen->data, g_bytes_get_size (payload),
                   g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
}

/* --------------------------------------------------------------- ser2net */

/* ser2net relaying to a kiln-sim board over TCP: its COM-PORT-OPTION is on,
 * but a TCP connector has no baud and no lines, and ser2net answers none of
 * those requests.  Kiln must notice, skip the reset, and flash anyway. */
static void
test_ser2net_flash (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(KilnTestRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) t = NULL;
  g_autoptr(GBytes) before = kiln_test_random (FLASH_SIZE, 11);
  /* Small: the ROM reads flash back 64 bytes per request, and ser2net as
   * shipped (chardelay on) holds each reply a millisecond or more. */
  g_autoptr(GBytes) app = kiln_test_random (64 * 1024, 12);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) read = NULL;
  g_autofree char *flash = kiln_test_write_tmp (f->dir, "flash.bin", before);
  g_autofree char *app_path = kiln_test_write_tmp (f->dir, "app.bin", app);
  g_autofree char *back = g_build_filename (f->dir, "back.bin", NULL);
  g_autofree char *connector = NULL;
  guint16 sim_port;
  gint64 start;

  sim_port = start_sim (f, flash);
  connector = g_strdup_printf ("tcp,127.0.0.1,%u", sim_port);
  start_ser2net (f, "telnet(rfc2217),tcp", connector);

  t = kiln_transport_open (f->url, 115200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t->kind, ==, KILN_TRANSPORT_REMOTE_SERIAL);
  g_assert_false (kiln_transport_has_lines (t));
  start = g_get_monotonic_time ();
  g_assert_true (kiln_transport_set_baud (t, 460800, &error));
  g_assert_no_error (error);
  /* No waiting for answers that never come. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200 * 1000);
  g_clear_pointer (&t, kiln_transport_free);

  /* The baud switch goes to the chip as a loader command; ser2net ignores
   * the matching SET-BAUDRATE and the link carries on, as over TCP it must. */
  kiln_test_cli (&run, "-p", f->url, "-b", "460800", "write-flash", "0x10000", app_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  kiln_test_cli (&run, "-p", f->url, "read-flash", "0x10000", "64K", back, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = kiln_test_read_file (back);
  g_assert_true (g_bytes_equal (read, app));

  after = kiln_test_read_file (flash);
  kiln_test_assert_flash (after, before, 0x10000, app);
}

/* ser2net's plain telnet accepter refuses COM-PORT-OPTION outright: no lines,
 * baud changes succeed as no-ops, data still crosses intact. */
static void
test_ser2net_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) t = NULL;
  g_autoptr(GBytes) payload = tricky_bytes ();
  g_autoptr(GBytes) got = NULL;
  gint64 start;

  start_ser2net (f, "telnet,tcp", "echo");
  start = g_get_monotonic_time ();
  t = kiln_transport_open (f->url, 115200, &error);
  g_assert_no_error (error);
  /* The refusal is an answer: no waiting for the negotiation timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 500 * 1000);
  g_assert_cmpint (t->kind, ==, KILN_TRANSPORT_REMOTE_SERIAL);
  g_assert_false (kiln_transport_has_lines (t));
  g_assert_true (kiln_transport_set_lines (t, TRUE, FALSE, &error));
  g_assert_true (kiln_transport_set_baud (t, 921600, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (t->baud, ==, 921600);

  assert_echo (t, payload);
  g_assert_true (kiln_transport_write (t, (const guint8 *) "stale", 5, &error));
  g_usleep (100 * 1000);
  g_assert_true (kiln_transport_flush_input (t, &error));
  g_assert_no_error (error);
  got = read_for (t, 100);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
}

/* ser2net with COM-PORT-OPTION on but nothing serial behind it: parameter
 * changes go unanswered, PURGE-DATA is answered. */
static void
test_ser2net_ignored (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnTransport) t = NULL;
  g_autoptr(GBytes) payload = tricky_bytes ();
  g_autoptr(GBytes) got = NULL;
  gint64 start;

  start_ser2net (f, "telnet(rfc2217),tcp", "echo");
  start = g_get_monotonic_time ();
  t = kiln_transport_open (f->url, 115200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 500 * 1000);
  g_assert_false (kiln_transport_has_lines (t));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 5; i++)
    g_assert_true (kiln_transport_set_baud (t, i % 2 ? 115200 : 460800, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200 * 1000);

  assert_echo (t, payload);
  g_assert_true (kiln_transport_write (t, (const guint8 *) "stale", 5, &error));
  g_usleep (100 * 1000);
  g_assert_true (kiln_transport_flush_input (t, &error));
  g_assert_no_error (error);
  got = read_for (t, 100);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
}

/* ------------------------------------------------------------- plain TCP */

/* A server that is not Telnet at all: the open gives up on the negotiation
 * after its timeout and carries on without baud or lines. */
static void
test_silent_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(KilnTransport) t = NULL;
  g_autofree char *url = NULL;
  gint64 start;

  /* Listening without ever accepting: the kernel completes the connection
   * and nobody answers, as with a raw TCP bridge. */
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (listener, any, FALSE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("rfc2217://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  start = g_get_monotonic_time ();
  t = kiln_transport_open (url, 115200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (t->kind, ==, KILN_TRANSPORT_REMOTE_SERIAL);
  g_assert_false (kiln_transport_has_lines (t));
  g_assert_true (kiln_transport_set_baud (t, 460800, &error));
  g_assert_true (kiln_transport_flush_input (t, &error));
  g_assert_no_error (error);
}

static gpointer
garbage_server (gpointer data)
{
  GSocket *listener = data;
  g_autoptr(GSocket) client = g_socket_accept (listener, NULL, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  static const guint8 hello[] = { 0xFF, 0xFD, 44, 0xFF, 0xFB, 0, 0xFF, 0xFB, 3 };
  guint8 junk[4096];

  if (client == NULL)
    return NULL;
  g_socket_send (client, (const char *) hello, sizeof hello, NULL, NULL);
  for (guint round = 0; round < 16; round++)
    {
      /* Weighted towards the bytes that drive the Telnet parser. */
      static const guint8 special[] = { 0xFF, 0xFA, 0xF0, 0xFB, 0xFC, 0xFD, 0xFE, 44, 101, 105, 112,
                                        '\r', 0 };
      for (guint i = 0; i < sizeof junk; i++)
        junk[i] = g_rand_boolean (rand) ? special[g_rand_int_range (rand, 0, sizeof special)]
                                        : (guint8) g_rand_int (rand);
      if (g_socket_send (client, (const char *) junk, sizeof junk, NULL, NULL) < 0)
        break;
    }
  g_socket_close (client, NULL);
  return NULL;
}

/* A server sending random bytes full of Telnet commands, half-finished
 * subnegotiations and stray IACs, then hanging up: the transport must read
 * through it and report the closed link, nothing worse. */
static void
test_garbage (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(KilnTransport) t = NULL;
  g_autofree char *url = NULL;
  GThread *thread;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (listener, any, FALSE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  url = g_strdup_printf ("rfc2217://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  thread = g_thread_new ("garbage-server", garbage_server, listener);

  t = kiln_transport_open (url, 115200, &error);
  if (t != NULL)
    {
      for (;;)
        {
          guint8 buf[512];
          gsize n = 0;

          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          if (!kiln_transport_read (t, buf, sizeof buf, &n, 100, &error))
            break;
          /* Writing back exercises the replies to its negotiation too. */
          if (n > 0 && !kiln_transport_write (t, buf, n, &error))
            break;
        }
    }
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_GONE);
  g_thread_join (thread);
}

static void
test_bad_url (void)
{
  g_autoptr(GError) error = NULL;
  KilnTransport *t = kiln_transport_open ("rfc2217://", 115200, &error);

  g_assert_null (t);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    /* A port that was free a moment ago: nothing listens there. */
    g_autoptr(GSocketListener) l = g_socket_listener_new ();
    guint16 p = g_socket_listener_add_any_inet_port (l, NULL, NULL);
    g_autofree char *url = g_strdup_printf ("rfc2217://127.0.0.1:%u", p);
    g_socket_listener_close (l);
    t = kiln_transport_open (url, 115200, &error);
  }
  g_assert_null (t);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PORT_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kiln/rfc2217/pyserial/reset", Fixture, NULL,
              fixture_setup, test_pyserial_reset, fixture_teardown);
  g_test_add ("/kiln/rfc2217/pyserial/both-lines", Fixture, NULL,
              fixture_setup, test_pyserial_both_lines, fixture_teardown);
  g_test_add ("/kiln/rfc2217/pyserial/data", Fixture, NULL,
              fixture_setup, test_pyserial_data, fixture_teardown);
  g_test_add ("/kiln/rfc2217/ser2net/flash", Fixture, NULL,
              fixture_setup, test_ser2net_flash, fixture_teardown);
  g_test_add ("/kiln/rfc2217/ser2net/refused", Fixture, NULL,
              fixture_setup, test_ser2net_refused, fixture_teardown);
  g_test_add ("/kiln/rfc2217/ser2net/ignored", Fixture, NULL,
              fixture_setup, test_ser2net_ignored, fixture_teardown);
  g_test_add_func ("/kiln/rfc2217/silent-server", test_silent_server);
  g_test_add_func ("/kiln/rfc2217/garbage", test_garbage);
  g_test_add_func ("/kiln/rfc2217/bad-url", test_bad_url);

  return g_test_run ();
}
