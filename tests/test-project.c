/* test-project.c: project files, flasher_args.json and manifest.json.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include "kiln-core.h"

typedef struct
{
  char *dir;
} Fixture;

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("kiln-project-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rm_rf (f->dir);
  g_free (f->dir);
}

/* Writes @rel under the fixture folder (creating folders) and returns the
 * absolute path. */
static char *
write_file (Fixture    *f,
            const char *rel,
            const char *text,
            gssize      len)
{
  /* Canonical: "\\" throughout on Windows, as Kiln keeps paths. */
  char *path = g_canonicalize_filename (rel, f->dir);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, len, NULL));
  return path;
}

static gboolean
has_warning (const KilnProject *p,
             const char        *needle)
{
  for (guint i = 0; i < p->warnings->len; i++)
    if (strstr (g_ptr_array_index (p->warnings, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static KilnFileRow *
row (const KilnProject *p,
     guint              i)
{
  g_assert_cmpuint (i, <, p->rows->len);
  return g_ptr_array_index (p->rows, i);
}

static void
test_roundtrip (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *boot = write_file (f, "proj/bin/boot_v1.7.bin", "boot", -1);
  g_autofree char *user1 = write_file (f, "fw/user1.2048.new.5.bin", "user", -1);
  g_autofree char *init = write_file (f, "proj/bin/esp_init_data_default_v08.bin", "init", -1);
  g_autofree char *path = g_build_filename (f->dir, "proj", "at.kiln.json", NULL);
  g_autoptr(KilnProject) p = kiln_project_new ();
  g_autoptr(KilnProject) q = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_free (p->chip);
  p->chip = g_strdup ("esp8266");
  p->port = g_strdup ("/dev/ttyUSB0");
  p->baud = 460800;
  g_free (p->flash_mode);
  p->flash_mode = g_strdup ("qio");
  g_free (p->flash_freq);
  p->flash_freq = g_strdup ("40m");
  g_free (p->flash_size);
  p->flash_size = g_strdup ("16Mbit-C1");
  g_free (p->crystal);
  p->crystal = g_strdup ("26m");
  p->keep_headers = FALSE;
  p->erase_first = TRUE;
  g_free (p->after);
  p->after = g_strdup ("no-reset");
  kiln_project_add_row (p, TRUE, boot, 0x0);
  kiln_project_add_row (p, TRUE, user1, 0x1000);
  kiln_project_add_row (p, TRUE, init, 0x1FC000);
  /* A disabled alternative at the same address is fine. */
  kiln_project_add_row (p, FALSE, "/kiln-elsewhere/user1.1024.new.2.bin", 0x1000);
  ((KilnFileRow *) g_ptr_array_index (p->rows, 2))->note = g_strdup ("PHY init data");

  g_assert_true (kiln_project_save (p, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (p->path, ==, path);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Relative to the project folder, "../" included; absolute when only
   * the root is shared. */
  g_assert_nonnull (strstr (text, "\"path\": \"bin/boot_v1.7.bin\""));
  g_assert_nonnull (strstr (text, "\"path\": \"../fw/user1.2048.new.5.bin\""));
  g_assert_nonnull (strstr (text, "\"path\": \"/kiln-elsewhere/user1.1024.new.2.bin\""));
  g_assert_nonnull (strstr (text, "\"address\": \"0x1fc000\""));
  g_assert_nonnull (strstr (text, "\"format-version\": 1"));

  q = kiln_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (q->warnings->len, ==, 0);
  g_assert_cmpstr (q->chip, ==, p->chip);
  g_assert_cmpstr (q->port, ==, p->port);
  g_assert_cmpuint (q->baud, ==, p->baud);
  g_assert_cmpstr (q->flash_mode, ==, p->flash_mode);
  g_assert_cmpstr (q->flash_freq, ==, p->flash_freq);
  g_assert_cmpstr (q->flash_size, ==, p->flash_size);
  g_assert_cmpstr (q->crystal, ==, p->crystal);
  g_assert_cmpint (q->keep_headers, ==, p->keep_headers);
  g_assert_cmpint (q->erase_first, ==, p->erase_first);
  g_assert_cmpstr (q->before, ==, p->before);
  g_assert_cmpstr (q->after, ==, p->after);
  g_assert_cmpuint (q->rows->len, ==, p->rows->len);
  for (guint i = 0; i < p->rows->len; i++)
    {
      /* In the system's form ("/kiln-elsewhere/…" is "\\kiln-elsewhere\\…" on Windows). */
      g_autofree char *want = g_canonicalize_filename (row (p, i)->path, NULL);

      g_assert_cmpint (row (q, i)->enabled, ==, row (p, i)->enabled);
      g_assert_cmpstr (row (q, i)->path, ==, want);
      g_assert_cmphex (row (q, i)->address, ==, row (p, i)->address);
      g_assert_cmpstr (row (q, i)->note, ==, row (p, i)->note);
    }

  /* Saving again gives the same bytes. */
  {
    g_autofree char *again = kiln_project_to_json (q, f->dir);
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *same = kiln_project_to_json (q, dir);
    g_assert_cmpstr (same, ==, text);
    g_assert_nonnull (strstr (again, "proj/bin/boot_v1.7.bin"));
  }
}

/* A project moves between Linux and Windows: "/" in the file on every
 * system, and "\\" read as a separator too (docs/decisions.md). */
static void
test_separators (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *app = write_file (f, "fw/sub/app.bin", "app", -1);
  g_autofree char *boot = write_file (f, "proj/bin/boot.bin", "boot", -1);
  g_autofree char *path = write_file (f, "proj/p.kiln.json",
    "{ \"format-version\": 1, \"rows\": [\n"
    "  { \"path\": \"../fw/sub/app.bin\", \"address\": \"0x10000\" },\n"
    "  { \"path\": \"..\\\\fw\\\\sub\\\\app.bin\", \"address\": \"0x20000\" },\n"
    "  { \"path\": \"bin\\\\boot.bin\", \"address\": \"0x0\" } ] }\n", -1);
  g_autofree char *copy = g_build_filename (f->dir, "proj", "copy.kiln.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(KilnProject) p = NULL;
  g_autoptr(GError) error = NULL;

  p = kiln_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p->rows->len, ==, 3);
  /* Both spellings name the same file, in the system's own form. */
  g_assert_cmpstr (row (p, 0)->path, ==, app);
  g_assert_cmpstr (row (p, 1)->path, ==, app);
  g_assert_cmpstr (row (p, 2)->path, ==, boot);

  /* Saved again: "/" only, relative to the project folder. */
  kiln_project_add_row (p, FALSE, "/kiln-elsewhere/other.bin", 0x30000);
  g_assert_true (kiln_project_save (p, copy, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (copy, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"path\": \"../fw/sub/app.bin\",\n"));
  g_assert_nonnull (strstr (text, "\"path\": \"bin/boot.bin\","));
  g_assert_nonnull (strstr (text, "\"path\": \"/kiln-elsewhere/other.bin\","));
  g_assert_null (strchr (text, '\\'));
}

static void
test_regions (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *a = write_file (f, "a.bin", "AAAA", -1);
  g_autofree char *b = write_file (f, "b.bin", "BB", -1);
  g_autoptr(KilnProject) p = kiln_project_new ();
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GError) error = NULL;
  KilnRegion *r;

  kiln_project_add_row (p, TRUE, a, 0x1000);
  kiln_project_add_row (p, FALSE, "/nonexistent/skipped.bin", 0x2000);
  kiln_project_add_row (p, TRUE, b, 0x3000);
  regions = kiln_project_to_regions (p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (regions->len, ==, 2);
  r = g_ptr_array_index (regions, 1);
  g_assert_cmphex (r->address, ==, 0x3000);
  g_assert_cmpuint (g_bytes_get_size (r->data), ==, 2);
  g_assert_cmpstr (r->name, ==, "b.bin");

  ((KilnFileRow *) g_ptr_array_index (p->rows, 1))->enabled = TRUE;
  g_clear_pointer (&regions, g_ptr_array_unref);
  regions = kiln_project_to_regions (p, &error);
  g_assert_null (regions);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "skipped.bin"));
}

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = write_file (f, "new.kiln.json",
    "{\n"
    "  \"format-version\": 3,\n"
    "  \"chip\": \"ESP32-C3\",\n"
    "  \"flash-size\": \"4MB\",\n"
    "  \"secure-boot-key\": \"key.pem\",\n"
    "  \"rows\": [ { \"path\": \"app.bin\", \"address\": \"0x10000\", \"checksum\": \"abc\" } ]\n"
    "}\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnProject) p = kiln_project_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (p->chip, ==, "esp32c3");
  g_assert_cmpstr (p->flash_size, ==, "4MB");
  g_assert_cmpuint (p->rows->len, ==, 1);
  g_assert_true (row (p, 0)->enabled);
  g_assert_true (g_path_is_absolute (row (p, 0)->path));
  g_assert_true (g_str_has_suffix (row (p, 0)->path, G_DIR_SEPARATOR_S "app.bin"));
  g_assert_true (has_warning (p, "newer Kiln (format 3"));
  g_assert_true (has_warning (p, "secure-boot-key: unknown key"));
  g_assert_true (has_warning (p, "rows[0].checksum: unknown key"));
}

typedef struct
{
  const char *json;
  const char *message;   /* exact, after "bad.kiln.json" */
} BadCase;

static const BadCase bad_cases[] = {
  { "{ \"format-version\": 1, \"chip\": }",
    ":1:32: malformed JSON: unexpected character." },
  { "{\n  \"format-version\": 1,\n  \"rows\": [\n    { \"path\": \"a.bin\",",
    ": the JSON ends too early (the file is truncated or a bracket is missing)." },
  { "", ": the JSON ends too early (the file is truncated or a bracket is missing)." },
  { "[ 1, 2 ]", ": expected a JSON object { … } at the top, found a list." },
  { "{ \"format-version\": 1 } x", ": unexpected text after the JSON value, at byte 24." },
  { "{ \"chip\": \"esp32\" }", ": format-version: missing: this is not a Kiln project file." },
  { "{ \"format-version\": \"1\" }",
    ": format-version: expected a whole number (1 or more), found a string." },
  { "{ \"format-version\": 1, \"baud\": \"fast\" }",
    ": baud: expected a whole number such as 460800 (0 for the default), found a string." },
  { "{ \"format-version\": 1, \"chip\": \"esp33\" }",
    ": chip: unknown chip “esp33”; expected auto or one of esp8266, esp32, esp32s2, esp32s3, "
    "esp32c3, esp32c6, esp32h2, esp32c2." },
  { "{ \"format-version\": 1, \"flash-mode\": \"quad\" }",
    ": flash-mode: “quad” is not one of keep, qio, qout, dio, dout." },
  { "{ \"format-version\": 1, \"chip\": \"esp32\", \"flash-size\": \"2MB-c1\" }",
    ": flash-size: “2MB-c1” is not a flash size of the ESP32; use keep, detect or e.g. 4MB, 2MB-c1." },
  { "{ \"format-version\": 1, \"erase-first\": \"yes\" }",
    ": erase-first: expected true or false, found a string." },
  { "{ \"format-version\": 1, \"rows\": {} }",
    ": rows: expected a list [ … ] of rows, found an object." },
  { "{ \"format-version\": 1, \"rows\": [ { \"path\": \"a\", \"address\": \"0x0\" },"
    " { \"path\": \"b\", \"address\": \"0x1000\" }, { \"path\": \"c\", \"address\": 65536 } ] }",
    ": rows[2].address: expected a hex string like \"0x10000\", found a number." },
  { "{ \"format-version\": 1, \"rows\": [ { \"path\": \"a\", \"address\": \"65536\" } ] }",
    ": rows[0].address: expected a hex string like \"0x10000\", found \"65536\"." },
  { "{ \"format-version\": 1, \"rows\": [ { \"path\": \"a\" } ] }",
    ": rows[0].address: missing: expected a hex string like \"0x10000\"." },
  { "{ \"format-version\": 1, \"rows\": [ { \"path\": \"\", \"address\": \"0x0\" } ] }",
    ": rows[0].path: expected a non-empty string, found an empty string." },
  { "{ \"format-version\": 1, \"rows\": [ { \"path\": \"a\", \"address\": \"0x0\", "
    "\"enabled\": 1 } ] }",
    ": rows[0].enabled: expected true or false, found a number." },
  { "{ \"format-version\": 1, \"rows\": [ 5 ] }",
    ": rows[0]: expected an object with enabled, path and address, found a number." },
  { "{ \"format-version\": 1, \"rows\": [ { \"path\": \"boot.bin\", \"address\": \"0x0\" },"
    " { \"path\": \"user1.bin\", \"address\": \"0x1000\" },"
    " { \"path\": \"other.bin\", \"address\": \"0x01000\" } ] }",
    ": rows[2].address: 0x1000 is already the address of rows[1] (user1.bin); two enabled rows "
    "cannot write the same place." },
};

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = write_file (f, "bad.kiln.json", bad_cases[i].json, -1);
      g_autofree char *expect = g_strconcat ("bad.kiln.json", bad_cases[i].message, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(KilnProject) p = kiln_project_load (path, &error);

      g_test_message ("case %u: %s", i, bad_cases[i].json);
      g_assert_null (p);
      g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT);
      g_assert_cmpstr (error->message, ==, expect);
    }
}

static void
test_huge_and_missing (Fixture       *f,
                       gconstpointer  data)
{
  gsize n = 1024 * 1024 + 1;
  g_autofree char *big = g_malloc (n);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;
  g_autofree char *bin = NULL;

  memset (big, ' ', n);
  big[0] = '{';
  big[n - 1] = '}';
  path = write_file (f, "huge.kiln.json", big, (gssize) n);
  g_assert_null (kiln_project_load (path, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT);
  g_assert_cmpstr (error->message, ==, "huge.kiln.json: the file is 1048577 bytes, more than the "
                                       "1 MiB a project or import file may have. Is it the right "
                                       "file?");

  g_assert_null (kiln_project_load ("/nonexistent/kiln/p.kiln.json", &error2));
  g_assert_error (error2, KILN_ERROR, KILN_ERROR_FILE);

  bin = write_file (f, "binary.kiln.json", "{\"a\": \"\xff\xfe\"}", -1);
  g_assert_null (kiln_project_load (bin, &error3));
  g_assert_cmpstr (error3->message, ==, "binary.kiln.json: not UTF-8 text, so not JSON.");
}

/* An ESP-IDF hello_world build's flasher_args.json (ESP-IDF 5.x layout). */
static const char hello_world_flasher_args[] =
  "{\n"
  "    \"write_flash_args\" : [ \"--flash_mode\", \"dio\",\n"
  "                           \"--flash_size\", \"2MB\",\n"
  "                           \"--flash_freq\", \"40m\" ],\n"
  "    \"flash_settings\" : {\n"
  "        \"flash_mode\": \"dio\",\n"
  "        \"flash_size\": \"2MB\",\n"
  "        \"flash_freq\": \"40m\"\n"
  "    },\n"
  "    \"flash_files\" : {\n"
  "        \"0x1000\" : \"bootloader/bootloader.bin\",\n"
  "        \"0x10000\" : \"hello_world.bin\",\n"
  "        \"0x8000\" : \"partition_table/partition-table.bin\"\n"
  "    },\n"
  "    \"bootloader\" : { \"offset\" : \"0x1000\", \"file\" : \"bootloader/bootloader.bin\", "
  "\"encrypted\" : \"false\" },\n"
  "    \"app\" : { \"offset\" : \"0x10000\", \"file\" : \"hello_world.bin\", \"encrypted\" : "
  "\"false\" },\n"
  "    \"partition-table\" : { \"offset\" : \"0x8000\", \"file\" : "
  "\"partition_table/partition-table.bin\", \"encrypted\" : \"false\" },\n"
  "    \"extra_esptool_args\" : {\n"
  "        \"after\"  : \"hard_reset\",\n"
  "        \"before\" : \"default_reset\",\n"
  "        \"stub\"   : true,\n"
  "        \"chip\"   : \"esp32\"\n"
  "    }\n"
  "}\n";

static void
test_flasher_args (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *args = write_file (f, "build/flasher_args.json", hello_world_flasher_args, -1);
  g_autofree char *boot = write_file (f, "build/bootloader/bootloader.bin", "b", -1);
  g_autofree char *table = write_file (f, "build/partition_table/partition-table.bin", "t", -1);
  g_autofree char *app = write_file (f, "build/hello_world.bin", "a", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnProject) p = kiln_project_import_flasher_args (args, &error);
  g_autoptr(KilnProject) q = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (p->rows->len, ==, 3);
  g_assert_cmphex (row (p, 0)->address, ==, 0x1000);
  g_assert_cmpstr (row (p, 0)->path, ==, boot);
  g_assert_cmpstr (row (p, 0)->note, ==, "bootloader");
  g_assert_cmphex (row (p, 1)->address, ==, 0x8000);
  g_assert_cmpstr (row (p, 1)->path, ==, table);
  g_assert_cmpstr (row (p, 1)->note, ==, "partition-table");
  g_assert_cmphex (row (p, 2)->address, ==, 0x10000);
  g_assert_cmpstr (row (p, 2)->path, ==, app);
  g_assert_cmpstr (row (p, 2)->note, ==, "app");
  g_assert_cmpstr (p->chip, ==, "esp32");
  g_assert_true (p->stub);
  g_assert_cmpstr (p->flash_mode, ==, "dio");
  g_assert_cmpstr (p->flash_size, ==, "2MB");
  g_assert_cmpstr (p->flash_freq, ==, "40m");
  g_assert_cmpstr (p->before, ==, "default-reset");
  g_assert_cmpstr (p->after, ==, "hard-reset");
  g_assert_cmpuint (p->warnings->len, ==, 0);
  g_assert_null (p->path);

  /* Auto-detection gives the same. */
  q = kiln_project_import (args, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (q->rows->len, ==, 3);
}

static void
test_flasher_args_variants (Fixture       *f,
                            gconstpointer  data)
{
  /* No flash_files, no flash_settings: the per-part objects and the
   * command line; an encrypted part and a missing file are warnings. */
  g_autofree char *args = write_file (f, "build/flasher_args.json",
    "{ \"write_flash_args\": [\"--flash_mode\", \"qio\", \"--flash_freq\", \"80m\", "
    "\"--flash_size\", \"detect\"],\n"
    "  \"bootloader\": { \"offset\": \"0x0\", \"file\": \"bootloader/bootloader.bin\", "
    "\"encrypted\": \"false\" },\n"
    "  \"app\": { \"offset\": \"0x10000\", \"file\": \"app.bin\", \"encrypted\": \"true\" },\n"
    "  \"extra_esptool_args\": { \"chip\": \"esp32s3\", \"after\": \"watchdog_reset\", "
    "\"stub\": false } }", -1);
  g_autofree char *bad_key = write_file (f, "bad/flasher_args.json",
    "{ \"flash_files\": { \"0x10zz\": \"app.bin\" } }", -1);
  g_autofree char *bad_val = write_file (f, "bad2/flasher_args.json",
    "{ \"flash_files\": { \"0x1000\": 42 } }", -1);
  g_autofree char *empty = write_file (f, "bad3/flasher_args.json",
    "{ \"flash_files\": { } }", -1);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnProject) p = kiln_project_import_flasher_args (args, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (p->rows->len, ==, 2);
  g_assert_cmphex (row (p, 0)->address, ==, 0x0);
  g_assert_cmpstr (row (p, 0)->note, ==, "bootloader");
  g_assert_cmphex (row (p, 1)->address, ==, 0x10000);
  g_assert_cmpstr (p->chip, ==, "esp32s3");
  g_assert_cmpstr (p->flash_mode, ==, "qio");
  g_assert_cmpstr (p->flash_freq, ==, "80m");
  g_assert_cmpstr (p->flash_size, ==, "detect");
  g_assert_cmpstr (p->after, ==, "hard-reset");
  g_assert_false (p->stub);
  g_assert_true (has_warning (p, "app is marked encrypted"));
  g_assert_true (has_warning (p, "watchdog_reset"));
  g_assert_true (has_warning (p, "does not exist (yet)"));

  g_assert_null (kiln_project_import_flasher_args (bad_key, &e1));
  g_assert_cmpstr (e1->message, ==, "flasher_args.json: flash_files.\"0x10zz\": the key must be an "
                                    "address like \"0x1000\".");
  g_assert_null (kiln_project_import_flasher_args (bad_val, &e2));
  g_assert_cmpstr (e2->message, ==, "flasher_args.json: flash_files.\"0x1000\": expected a "
                                    "non-empty string, found a number.");
  g_assert_null (kiln_project_import_flasher_args (empty, &e3));
  g_assert_error (e3, KILN_ERROR, KILN_ERROR_PROJECT);
}

static const char manifest[] =
  "{\n"
  "  \"name\": \"Demo\",\n"
  "  \"version\": \"1.0\",\n"
  "  \"new_install_prompt_erase\": true,\n"
  "  \"builds\": [\n"
  "    { \"chipFamily\": \"ESP32\",\n"
  "      \"parts\": [ { \"path\": \"esp32/bootloader.bin\", \"offset\": 4096 },\n"
  "                 { \"path\": \"esp32/partitions.bin\", \"offset\": 32768 },\n"
  "                 { \"path\": \"esp32/firmware.bin\", \"offset\": 65536 } ] },\n"
  "    { \"chipFamily\": \"ESP32-C3\",\n"
  "      \"parts\": [ { \"path\": \"c3/merged.bin\", \"offset\": \"0x0\" } ] },\n"
  "    { \"chipFamily\": \"ESP8266\",\n"
  "      \"parts\": [ { \"path\": \"8266/firmware.bin\", \"offset\": 0 } ] }\n"
  "  ]\n"
  "}\n";

static void
test_manifest (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = write_file (f, "web/manifest.json", manifest, -1);
  g_autofree char *fw = g_build_filename (f->dir, "web", "esp32", "firmware.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(KilnProject) p = kiln_project_import_manifest (path, "ESP32", &error);
  g_autoptr(KilnProject) c3 = NULL;
  g_autoptr(KilnProject) all = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (p->chip, ==, "esp32");
  g_assert_null (row (p, 0)->chip);
  g_assert_cmpuint (p->rows->len, ==, 3);
  g_assert_cmphex (row (p, 0)->address, ==, 0x1000);
  g_assert_cmphex (row (p, 1)->address, ==, 0x8000);
  g_assert_cmphex (row (p, 2)->address, ==, 0x10000);
  g_assert_cmpstr (row (p, 2)->path, ==, fw);
  g_assert_true (has_warning (p, "does not exist"));

  c3 = kiln_project_import (path, "esp32c3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c3->chip, ==, "esp32c3");
  g_assert_cmpuint (c3->rows->len, ==, 1);
  g_assert_true (g_str_has_suffix (row (c3, 0)->path, G_DIR_SEPARATOR_S "web" G_DIR_SEPARATOR_S
                                   "c3" G_DIR_SEPARATOR_S "merged.bin"));

  /* No chip given: every build, each row tagged with its chip, to be
   * chosen once the board is known. */
  all = kiln_project_import_manifest (path, NULL, &e1);
  g_assert_no_error (e1);
  g_assert_cmpstr (all->chip, ==, "auto");
  g_assert_cmpuint (all->rows->len, ==, 5);
  g_assert_cmphex (row (all, 0)->address, ==, 0x0);
  g_assert_cmphex (row (all, 1)->address, ==, 0x0);
  g_assert_cmpstr (row (all, 0)->chip, !=, row (all, 1)->chip);
  g_assert_cmpstr (row (all, 2)->chip, ==, "esp32");
  g_assert_cmpstr (row (all, 4)->chip, ==, "esp32");
  /* … and a project keeps the tags. */
  {
    g_autofree char *saved = g_build_filename (f->dir, "web", "all.kiln.json", NULL);
    g_autoptr(KilnProject) back = NULL;
    g_assert_true (kiln_project_save (all, saved, &error));
    g_assert_no_error (error);
    back = kiln_project_load (saved, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (back->rows->len, ==, 5);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpstr (row (back, i)->chip, ==, row (all, i)->chip);
    g_assert_true (back->stub);
  }
  g_assert_null (kiln_project_import_manifest (path, "esp32s3", &e2));
  g_assert_cmpstr (e2->message, ==, "manifest.json: builds: no build for esp32s3; the manifest has "
                                    "ESP32, ESP32-C3, ESP8266.");
}

static void
test_manifest_errors (Fixture       *f,
                      gconstpointer  data)
{
  static const struct { const char *json, *message; } cases[] = {
    { "{ \"name\": \"x\" }", "manifest.json: builds: missing: an ESP Web Tools manifest lists its "
                             "builds there." },
    { "{ \"builds\": [] }", "manifest.json: builds: expected a non-empty list of builds, found a "
                            "list." },
    { "{ \"builds\": [ { \"parts\": [] } ] }", "manifest.json: builds[0].chipFamily: missing." },
    { "{ \"builds\": [ { \"chipFamily\": \"ESP32\", \"parts\": [ { \"path\": \"a.bin\", "
      "\"offset\": true } ] } ] }",
      "manifest.json: builds[0].parts[0].offset: expected a number such as 4096 or a string like "
      "\"0x1000\", found true/false." },
    { "{ \"builds\": [ { \"chipFamily\": \"ESP32\", \"parts\": [ { \"path\": "
      "\"https://example.com/a.bin\", \"offset\": 0 } ] } ] }",
      "manifest.json: builds[0].parts[0].path: “https://example.com/a.bin” is a web address; "
      "download the file next to the manifest and import again." },
    { "{ \"builds\": [ { \"chipFamily\": \"ESP32\", \"parts\": [ { \"path\": \"a.bin\", "
      "\"offset\": 0 }, { \"path\": \"b.bin\", \"offset\": \"0x0\" } ] } ] }",
      "manifest.json: builds[0].parts[1].address: 0x0 is already the address of "
      "builds[0].parts[0] (a.bin); two enabled rows cannot write the same place." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (f, "m/manifest.json", cases[i].json, -1);
      g_autoptr(GError) error = NULL;

      g_assert_null (kiln_project_import_manifest (path, "esp32", &error));
      g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_import_unknown (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "other.json", "{ \"hello\": 1 }", -1);
  g_autoptr(GError) error = NULL;

  g_assert_null (kiln_project_import (path, NULL, &error));
  g_assert_cmpstr (error->message, ==, "other.json: neither a Kiln project, an ESP-IDF "
                                       "flasher_args.json nor an ESP Web Tools manifest.json.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) \
  g_test_add ("/kiln/project/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("roundtrip", test_roundtrip);
  ADD ("separators", test_separators);
  ADD ("regions", test_regions);
  ADD ("newer-version", test_newer_version);
  ADD ("malformed", test_malformed);
  ADD ("huge-and-missing", test_huge_and_missing);
  ADD ("flasher-args", test_flasher_args);
  ADD ("flasher-args-variants", test_flasher_args_variants);
  ADD ("manifest", test_manifest);
  ADD ("manifest-errors", test_manifest_errors);
  ADD ("import-unknown", test_import_unknown);
#undef ADD
  return g_test_run ();
}
