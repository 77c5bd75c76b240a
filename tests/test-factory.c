/* test-factory.c: several boards at once, and the record of every board.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>

#include "kiln-core.h"
#include "kiln-stub.h"
#include "kiln-test-util.h"

#define N_BOARDS 8
#define FLASH    (1024 * 1024)
#define BAD      5   /* this board's link drops mid-write */

static void
test_eight_boards (gconstpointer data)
{
  const char *log_name = data;
  g_autofree char *dir = kiln_test_tmpdir ();
  g_autoptr(GBytes) app = kiln_test_random (96 * 1024, 30);
  g_autofree char *p_app = kiln_test_write_tmp (dir, "app.bin", app);
  g_autofree char *log = g_build_filename (dir, log_name, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) flashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) befores = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_auto(KilnTestRun) run = { 0 };
  g_autofree char *records = NULL;
  g_auto(GStrv) lines = NULL;
  guint pass_lines = 0, fail_lines = 0;

  for (guint i = 0; i < N_BOARDS; i++)
    {
      g_autofree char *name = g_strdup_printf ("flash%u.bin", i);
      GBytes *before = kiln_test_random (FLASH, 40 + i);
      char *flash = kiln_test_write_tmp (dir, name, before);
      /* ESP8266 and ESP32 mixed */
      const char *chip = i % 2 ? "esp32" : "esp8266";
      g_ptr_array_add (flashes, flash);
      g_ptr_array_add (befores, before);
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup_printf ("sim:%s?flash=1MB&mac=aa:bb:cc:00:00:%02x&"
                                              "flash-file=%s%s", chip, i, flash,
                                              i == BAD ? "&fault=disconnect:40000" : ""));
    }
  g_ptr_array_add (argv, g_strdup ("write-flash"));
  g_ptr_array_add (argv, g_strdup ("--log"));
  g_ptr_array_add (argv, g_strdup (log));
  g_ptr_array_add (argv, g_strdup ("0x20000"));
  g_ptr_array_add (argv, g_strdup (p_app));
  g_ptr_array_add (argv, NULL);

  kiln_test_cliv (&run, (const char **) argv->pdata);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Boards: 7 passed, 1 failed."));

  for (guint i = 0; i < N_BOARDS; i++)
    {
      g_autoptr(GBytes) after = kiln_test_read_file (g_ptr_array_index (flashes, i));
      GBytes *before = g_ptr_array_index (befores, i);
      const guint8 *a = g_bytes_get_data (after, NULL);
      const guint8 *b = g_bytes_get_data (before, NULL);
      if (i == BAD)
        {
          /* It failed, but nothing outside its region changed. */
          g_assert_cmpmem (a, 0x20000, b, 0x20000);
          g_assert_cmpmem (a + 0x20000 + 96 * 1024, FLASH - 0x20000 - 96 * 1024,
                           b + 0x20000 + 96 * 1024, FLASH - 0x20000 - 96 * 1024);
        }
      else
        kiln_test_assert_flash (after, before, 0x20000, app);
    }

  /* One record per board; only the bad one failed, and it says why. */
  g_assert_true (g_file_get_contents (log, &records, NULL, NULL));
  lines = g_strsplit (records, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "pass") != NULL)
        pass_lines++;
      if (strstr (lines[i], "fail") != NULL)
        {
          fail_lines++;
          g_assert_nonnull (strstr (lines[i], "aa:bb:cc:00:00:05"));
          g_assert_nonnull (strstr (lines[i], "app.bin"));
        }
    }
  g_assert_cmpuint (pass_lines, ==, 7);
  g_assert_cmpuint (fail_lines, ==, 1);
  {
    /* every record names the file's MD5 */
    g_autofree char *md5 = kiln_md5_hex (g_bytes_get_data (app, NULL), g_bytes_get_size (app));
    guint with_md5 = 0;
    for (guint i = 0; lines[i] != NULL; i++)
      with_md5 += strstr (lines[i], md5) != NULL;
    g_assert_cmpuint (with_md5, ==, N_BOARDS);
  }
  if (g_str_has_suffix (log_name, ".csv"))
    g_assert_true (g_str_has_prefix (records, "time,port,chip,mac,flash_id,files,result"));
  kiln_test_rm_rf (dir);
}

static void
test_record_format (void)
{
  g_autoptr(GDateTime) t = g_date_time_new_utc (2026, 11, 22, 3, 4, 5);
  KilnDeviceInfo info = { 0 };
  KilnRecord r = { 0 };
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;

  info.chip = kiln_chip_get (KILN_CHIP_ESP8266);
  info.has_mac = TRUE;
  memcpy (info.mac, "\x18\xfe\x34\x01\x02\x03", 6);
  info.flash_id = 0x1640EF;
  r.time = t;
  r.port = "/dev/ttyUSB0";
  r.info = &info;
  r.passed = FALSE;
  r.message = "He said \"no\"\nthen left";
  r.seconds = 1.5;
  csv = kiln_record_format (&r, KILN_RECORD_CSV);
  g_assert_cmpstr (csv, ==, "\"2026-11-22T03:04:05Z\",\"/dev/ttyUSB0\",\"esp8266\",\"18:fe:34:01:02:03\","
                            "\"0x1640ef\",\"\",\"fail\",\"He said \"\"no\"\" then left\",\"1.50\"\n");
  json = kiln_record_format (&r, KILN_RECORD_JSON);
  g_assert_nonnull (strstr (json, "\"result\":\"fail\""));
  g_assert_nonnull (strstr (json, "\"mac\":\"18:fe:34:01:02:03\""));
  g_assert_true (g_str_has_suffix (json, "}\n"));
  g_assert_cmpint (kiln_record_format_for_path ("x.jsonl"), ==, KILN_RECORD_JSON);
  g_assert_cmpint (kiln_record_format_for_path ("x.csv"), ==, KILN_RECORD_CSV);
}

/* What every board's worker does with JSON at the same time as the others:
 * parse its flasher stub and write its record.  The JSON library sets the C
 * library's numeric locale around every parse where there is no per-thread
 * locale (Windows); two threads doing that at once crashed Windows' C
 * runtime in the middle of a multi-board run. */
#define JSON_THREADS 8
#define JSON_ROUNDS  150

static gpointer
json_worker (gpointer data)
{
  g_autofree char *path = kiln_stub_find (kiln_chip_get (KILN_CHIP_ESP8266));
  g_autoptr(GDateTime) t = g_date_time_new_utc (2026, 11, 22, 3, 4, 5);
  KilnRecord r = { .time = t, .port = "COM3", .passed = TRUE, .seconds = 2.25 };
  guint good = 0;

  g_assert_nonnull (path);
  for (guint i = 0; i < JSON_ROUNDS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KilnStub) stub = kiln_stub_load (path, &error);
      g_autofree char *json = kiln_record_format (&r, KILN_RECORD_JSON);

      good += stub != NULL && error == NULL && strstr (json, "\"seconds\":2.25") != NULL;
    }
  return GUINT_TO_POINTER (good);
}

static void
test_json_in_threads (void)
{
  GThread *threads[JSON_THREADS];

  for (guint i = 0; i < JSON_THREADS; i++)
    threads[i] = g_thread_new ("json", json_worker, NULL);
  for (guint i = 0; i < JSON_THREADS; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, JSON_ROUNDS);
}

/* The other boards' workers meanwhile read the locale: every message they
 * print goes through gettext, and formatting a number reads the decimal
 * point.  On Windows the JSON library's switch of the process's numeric
 * locale tore it under them ("2P25" for 2.25, or a crash) until the
 * programs kept that locale at "C" (kiln_locale_init() does), as
 * main() below does too. */
static gpointer
locale_reader (gpointer data)
{
  volatile gint *stop = data;
  guint rounds = 0;

  while (!g_atomic_int_get (stop))
    {
      g_autofree char *seconds = g_strdup_printf ("%.2f", 2.25);
      const char *numeric = setlocale (LC_NUMERIC, NULL);
      struct lconv *conv = localeconv ();

      g_assert_nonnull (numeric);
      g_assert_nonnull (conv);
      g_assert_nonnull (g_dgettext ("kiln", "Flash"));
      if (!g_str_equal (seconds, "2.25") && !g_str_equal (seconds, "2,25"))
        g_error ("a number read as “%s” while the JSON library parsed (locale %s)", seconds,
                 numeric);
      rounds++;
    }
  return GUINT_TO_POINTER (rounds);
}

static void
test_json_while_reading_locale (void)
{
  GThread *parsers[JSON_THREADS / 2];
  GThread *readers[JSON_THREADS / 2];
  gint stop = 0;

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    readers[i] = g_thread_new ("locale", locale_reader, &stop);
  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    parsers[i] = g_thread_new ("json", json_worker, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (parsers[i])), ==, JSON_ROUNDS);
  g_atomic_int_set (&stop, 1);
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (readers[i])), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* the user's locale, as kiln-cli and the app take it */
  kiln_locale_init ("");
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KILN_STUB_DIR", "/nonexistent", TRUE);
  g_test_add_data_func ("/kiln/factory/eight-boards/csv", "records.csv", test_eight_boards);
  g_test_add_data_func ("/kiln/factory/eight-boards/json", "records.json", test_eight_boards);
  g_test_add_func ("/kiln/factory/record-format", test_record_format);
  g_test_add_func ("/kiln/factory/json-in-threads", test_json_in_threads);
  g_test_add_func ("/kiln/factory/json-while-reading-locale", test_json_while_reading_locale);
  return g_test_run ();
}
