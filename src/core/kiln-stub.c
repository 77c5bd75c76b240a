/* kiln-stub.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-stub.h"
#include "kiln-stub-resources.h"
#include "kiln-util.h"

#define MAX_STUB_FILE (4 * 1024 * 1024)
#define STUB_RESOURCE "resource:///io/github/kilnflasher/Kiln/stubs/"
/* the identification block of Kiln's own stub (stub/core/kstub.h) */
#define KSTUB_ID_MAGIC "KILNSTUB"
#define KSTUB_ID_SIZE  24

void
kiln_stub_free (KilnStub *stub)
{
  if (stub == NULL)
    return;
  g_clear_pointer (&stub->text, g_bytes_unref);
  g_clear_pointer (&stub->data, g_bytes_unref);
  g_free (stub->origin);
  g_free (stub->name);
  g_free (stub);
}

static gboolean
get_u32 (json_object  *root,
         const char   *key,
         gboolean      required,
         guint32      *out,
         const char   *path,
         GError      **error)
{
  json_object *v;

  if (!json_object_object_get_ex (root, key, &v))
    {
      if (!required)
        return TRUE;
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("Stub file %s has no “%s”: it is not a flasher stub in the usual JSON "
                     "format."), path, key);
      return FALSE;
    }
  if (!json_object_is_type (v, json_type_int))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("Stub file %s: “%s” must be a number."), path, key);
      return FALSE;
    }
  *out = (guint32) json_object_get_int64 (v);
  return TRUE;
}

static GBytes *
get_b64 (json_object  *root,
         const char   *key,
         gboolean      required,
         const char   *path,
         GError      **error)
{
  json_object *v;
  gsize len = 0;
  guchar *raw;

  if (!json_object_object_get_ex (root, key, &v))
    {
      if (required)
        g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                     _("Stub file %s has no “%s”: it is not a flasher stub in the usual JSON "
                       "format."), path, key);
      return NULL;
    }
  if (!json_object_is_type (v, json_type_string))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("Stub file %s: “%s” must be base64 text."), path, key);
      return NULL;
    }
  raw = g_base64_decode (json_object_get_string (v), &len);
  return g_bytes_new_take (raw, len);
}

/* Kiln's stub carries "KILNSTUB", its version and its target (all
 * little-endian words) at a word boundary of its data or code. */
static guint32
find_kiln_version (GBytes *segment)
{
  gsize len = 0;
  const guint8 *d = segment != NULL ? g_bytes_get_data (segment, &len) : NULL;

  for (gsize off = 0; len >= KSTUB_ID_SIZE && off <= len - KSTUB_ID_SIZE; off += 4)
    if (memcmp (d + off, KSTUB_ID_MAGIC, 8) == 0)
      return kiln_get_le32 (d + off + 8);
  return 0;
}

static void
ensure_resources (void)
{
  static gsize done = 0;

  /* The core is a static library: register by hand, as a constructor in
   * the generated file could be left out by the linker. */
  if (g_once_init_enter (&done))
    {
      g_resources_register (kiln_stubs_get_resource ());
      g_once_init_leave (&done, 1);
    }
}

static gboolean
read_stub_file (const char  *path,
                char       **contents,
                gsize       *len,
                GError     **error)
{
  if (g_str_has_prefix (path, "resource://"))
    {
      g_autoptr(GBytes) bytes = NULL;

      ensure_resources ();
      bytes = g_resources_lookup_data (path + strlen ("resource://"), 0, error);
      if (bytes == NULL)
        return FALSE;
      *len = g_bytes_get_size (bytes);
      *contents = g_strndup (g_bytes_get_data (bytes, NULL), *len);
      return TRUE;
    }
  return g_file_get_contents (path, contents, len, error);
}

KilnStub *
kiln_stub_load (const char  *path,
                GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(KilnStub) stub = g_new0 (KilnStub, 1);
  json_object *root;
  gsize len;
  enum json_tokener_error jerr = json_tokener_success;

  if (!read_stub_file (path, &contents, &len, &local))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Cannot read stub file %s: %s"), path,
                   local->message);
      return NULL;
    }
  if (len > MAX_STUB_FILE)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("Stub file %s is too large to be a flasher stub."), path);
      return NULL;
    }
  kiln_json_enter ();   /* every board's worker parses its stub at once */
  root = json_tokener_parse_verbose (contents, &jerr);
  kiln_json_leave ();
  if (root == NULL || !json_object_is_type (root, json_type_object))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Stub file %s is not valid JSON: %s"),
                   path, root == NULL ? json_tokener_error_desc (jerr) : _("not an object"));
      if (root != NULL)
        json_object_put (root);
      return NULL;
    }
  stub->origin = g_strdup (path);
  if (!get_u32 (root, "entry", TRUE, &stub->entry, path, error) ||
      !get_u32 (root, "text_start", TRUE, &stub->text_start, path, error) ||
      !get_u32 (root, "data_start", FALSE, &stub->data_start, path, error) ||
      (stub->text = get_b64 (root, "text", TRUE, path, error)) == NULL)
    {
      json_object_put (root);
      return NULL;
    }
  stub->data = get_b64 (root, "data", FALSE, path, &local);
  json_object_put (root);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (g_bytes_get_size (stub->text) == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Stub file %s has no code."), path);
      return NULL;
    }
  stub->kiln_version = find_kiln_version (stub->data);
  if (stub->kiln_version == 0)
    stub->kiln_version = find_kiln_version (stub->text);
  if (stub->kiln_version != 0)
    /* TRANSLATORS: the name of the loader running on the chip */
    stub->name = g_strdup_printf (_("Kiln stub %u"), stub->kiln_version);
  else
    stub->name = g_strdup_printf (_("flasher stub from %s"), path);
  return g_steal_pointer (&stub);
}

static char *
builtin_stub (const KilnChipInfo *chip)
{
  g_autofree char *uri = g_strdup_printf (STUB_RESOURCE "%s.json", chip->name);

  ensure_resources ();
  if (!g_resources_get_info (uri + strlen ("resource://"), 0, NULL, NULL, NULL))
    return NULL;
  return g_steal_pointer (&uri);
}

/* KILN_STUB_DIR/<chip>.json first (a directory of stubs to try; it also
 * keeps the search away from local installations), then Kiln's own,
 * then, for the chips Kiln has none for, a local esptool's. Where esptool
 * keeps its stubs: 5.x has stub_flasher/<n>/<chip>.json, 4.x
 * stub_flasher/stub_flasher_<suffix>.json. */
char *
kiln_stub_find (const KilnChipInfo *chip)
{
  static const char *const roots[] = {
    "/usr/lib/python3/dist-packages",
    "/usr/local/lib/python3/dist-packages",
  };
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *v4_suffix = NULL;
  const char *env = g_getenv ("KILN_STUB_DIR");

  if (chip == NULL)
    return NULL;
  if (env != NULL && *env != '\0')
    {
      g_autofree char *p = g_strdup_printf ("%s/%s.json", env, chip->name);
      return g_file_test (p, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&p) : builtin_stub (chip);
    }
  {
    char *own = builtin_stub (chip);
    if (own != NULL)
      return own;
  }

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    g_ptr_array_add (dirs, g_strdup (roots[i]));
  /* pip --user and versioned site-packages */
  for (int minor = 7; minor <= 14; minor++)
    {
      g_ptr_array_add (dirs, g_strdup_printf ("%s/.local/lib/python3.%d/site-packages",
                                              g_get_home_dir (), minor));
      g_ptr_array_add (dirs, g_strdup_printf ("/usr/local/lib/python3.%d/dist-packages", minor));
      g_ptr_array_add (dirs, g_strdup_printf ("/usr/lib/python3.%d/site-packages", minor));
    }

  v4_suffix = g_str_has_prefix (chip->name, "esp") ? g_strdup (chip->name + 3) : g_strdup (chip->name);
  for (guint i = 0; i < dirs->len; i++)
    {
      const char *base = g_ptr_array_index (dirs, i);
      g_autofree char *name = g_strdup_printf ("%s.json", chip->name);
      g_autofree char *v4 = g_strdup_printf ("stub_flasher_%s.json", v4_suffix);
      const char *candidates[] = { "1", "2" };
      for (guint j = 0; j < G_N_ELEMENTS (candidates); j++)
        {
          g_autofree char *p = g_build_filename (base, "esptool", "targets", "stub_flasher",
                                                 candidates[j], name, NULL);
          if (g_file_test (p, G_FILE_TEST_IS_REGULAR))
            return g_steal_pointer (&p);
        }
      {
        g_autofree char *p = g_build_filename (base, "esptool", "targets", "stub_flasher", v4,
                                               NULL);
        if (g_file_test (p, G_FILE_TEST_IS_REGULAR))
          return g_steal_pointer (&p);
      }
    }
  return NULL;
}

static gboolean
upload_segment (KilnLoader  *loader,
                GBytes      *bytes,
                guint32      address,
                guint32      block,
                GError     **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint32 blocks = (guint32) ((len + block - 1) / block);

  if (!kiln_loader_mem_begin (loader, (guint32) len, blocks, block, address, error))
    return FALSE;
  for (guint32 seq = 0; seq < blocks; seq++)
    {
      gsize off = (gsize) seq * block;
      gsize n = MIN (block, len - off);
      if (!kiln_loader_flash_data (loader, KILN_OP_MEM_DATA, data + off, n, seq,
                                   KILN_TIMEOUT_DEFAULT, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kiln_stub_run (KilnStub    *stub,
               KilnLoader  *loader,
               guint32      ram_block,
               GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) hello = NULL;
  gint64 deadline;

  if (ram_block == 0)
    ram_block = KILN_RAM_BLOCK_SIZE;
  if (!upload_segment (loader, stub->text, stub->text_start, ram_block, error))
    return FALSE;
  if (stub->data != NULL && g_bytes_get_size (stub->data) > 0 &&
      !upload_segment (loader, stub->data, stub->data_start, ram_block, error))
    return FALSE;

  /* The stub may take the UART over before the ROM answers MEM_END. */
  if (!kiln_loader_mem_end (loader, stub->entry, &local))
    {
      if (!g_error_matches (local, KILN_ERROR, KILN_ERROR_TIMEOUT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_clear_error (&local);
    }

  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      hello = kiln_loader_read_frame (loader, 1000, &local);
      if (hello == NULL)
        break;
      if (g_bytes_get_size (hello) == 4 && memcmp (g_bytes_get_data (hello, NULL), "OHAI", 4) == 0)
        {
          kiln_loader_set_stub (loader, TRUE);
          return TRUE;
        }
      g_clear_pointer (&hello, g_bytes_unref);
    }
  g_set_error (error, KILN_ERROR, KILN_ERROR_PROTOCOL,
               _("The %s did not start (no greeting within 1 s)."), stub->name);
  return FALSE;
}
