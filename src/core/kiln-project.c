/* kiln-project.c: project files and imports.  The only file that uses
 * json-c.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decisions (also in docs/):
 *  - Row paths are stored relative to the project file's folder whenever
 *    the two share a folder below the root, "../" included, so a project
 *    and its firmware can move together; a file with nothing in common but
 *    "/" (another disk, /media/…) is stored absolute.  On load both forms
 *    are accepted.
 *  - Folders are separated by "/" in the file on every system (Windows
 *    accepts it), so a project saved on Linux opens on Windows and back;
 *    an absolute Windows path is saved as "C:/fw/app.bin".  On load, "\"
 *    separates folders too, on every system: a project written by hand on
 *    Windows says bin\app.bin, and no sensible firmware file name holds a
 *    backslash.
 *  - Paths that climb out of the project folder ("../build/app.bin") are
 *    accepted.  A project only names files to read and write to the chip;
 *    it never writes files, so confining it to its folder would protect
 *    nothing and would break the common layout of a project next to a
 *    build folder.
 *  - Two enabled rows with the same address are an error; disabled rows
 *    may share an address, because users keep alternatives (two AT builds
 *    at 0x1000) and tick the one they want, as in Espressif's tool.
 *  - Unknown keys are warnings, not errors, so a file from a newer Kiln
 *    still opens; a wrong type or value in a known key is an error naming
 *    the key, and nothing is loaded.
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json.h>
#include <string.h>

#include "kiln-chip.h"
#include "kiln-error.h"
#include "kiln-project.h"
#include "kiln-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_object, json_object_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_tokener, json_tokener_free)

/* ---------------------------------------------------------------------- */
/* The struct                                                               */

KilnProject *
kiln_project_new (void)
{
  KilnProject *p = g_new0 (KilnProject, 1);

  p->chip = g_strdup ("auto");
  p->flash_mode = g_strdup ("keep");
  p->flash_freq = g_strdup ("keep");
  p->flash_size = g_strdup ("keep");
  p->crystal = g_strdup ("keep");
  p->before = g_strdup ("default-reset");
  p->after = g_strdup ("hard-reset");
  p->stub = TRUE;
  p->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_file_row_free);
  p->warnings = g_ptr_array_new_with_free_func (g_free);
  return p;
}

void
kiln_project_free (KilnProject *p)
{
  if (p == NULL)
    return;
  g_free (p->path);
  g_free (p->chip);
  g_free (p->port);
  g_free (p->flash_mode);
  g_free (p->flash_freq);
  g_free (p->flash_size);
  g_free (p->crystal);
  g_free (p->before);
  g_free (p->after);
  g_clear_pointer (&p->rows, g_ptr_array_unref);
  g_clear_pointer (&p->warnings, g_ptr_array_unref);
  g_free (p);
}

static void
set_str (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

KilnProject *
kiln_project_copy (const KilnProject *src)
{
  KilnProject *p = kiln_project_new ();

  set_str (&p->path, src->path);
  set_str (&p->chip, src->chip);
  set_str (&p->port, src->port);
  p->baud = src->baud;
  set_str (&p->flash_mode, src->flash_mode);
  set_str (&p->flash_freq, src->flash_freq);
  set_str (&p->flash_size, src->flash_size);
  set_str (&p->crystal, src->crystal);
  p->keep_headers = src->keep_headers;
  p->erase_first = src->erase_first;
  p->stub = src->stub;
  set_str (&p->before, src->before);
  set_str (&p->after, src->after);
  for (guint i = 0; i < src->rows->len; i++)
    g_ptr_array_add (p->rows, kiln_file_row_copy (g_ptr_array_index (src->rows, i)));
  for (guint i = 0; i < src->warnings->len; i++)
    g_ptr_array_add (p->warnings, g_strdup (g_ptr_array_index (src->warnings, i)));
  return p;
}

void
kiln_project_add_row (KilnProject *project,
                      gboolean     enabled,
                      const char  *path,
                      guint32      address)
{
  g_ptr_array_add (project->rows, kiln_file_row_new (enabled, path, address, NULL));
}

static void warn (KilnProject *p, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
warn (KilnProject *p,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (p->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* ---------------------------------------------------------------------- */
/* Reading JSON with precise errors                                         */

typedef struct
{
  const char *file;   /* basename, for messages */
  char       *dir;    /* where relative paths resolve */
} Ctx;

static void
ctx_clear (Ctx *ctx)
{
  g_free (ctx->dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ctx, ctx_clear)

static gboolean fail (const Ctx *ctx, GError **error, const char *where,
                      const char *format, ...) G_GNUC_PRINTF (4, 5);

/* "project.kiln.json: rows[2].address: expected …" */
static gboolean
fail (const Ctx   *ctx,
      GError     **error,
      const char  *where,
      const char  *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (where != NULL)
    g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT, "%s: %s: %s", ctx->file, where, msg);
  else
    g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT, "%s: %s", ctx->file, msg);
  return FALSE;
}

static const char *
json_type_name (json_object *o)
{
  switch (json_object_get_type (o))
    {
    case json_type_null: return _("null");
    case json_type_boolean: return _("true/false");
    case json_type_double:
    case json_type_int: return _("a number");
    case json_type_object: return _("an object");
    case json_type_array: return _("a list");
    case json_type_string: return _("a string");
    default: return "?";
    }
}

/* Reads and parses a JSON file: size limit first (unread), then UTF-8,
 * then syntax with line and column. */
static json_object *
read_json (const char  *path,
           Ctx         *ctx,
           GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(json_tokener) tok = NULL;
  g_autofree char *text = NULL;
  g_autofree char *abs = NULL;
  json_object *root;
  GStatBuf st;
  gsize len = 0;
  size_t end;
  enum json_tokener_error jerr;

  abs = g_canonicalize_filename (path, NULL);
  ctx->dir = g_path_get_dirname (abs);
  if (g_stat (path, &st) != 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Cannot read %s: %s"), path,
                   g_strerror (errno));
      return NULL;
    }
  if (st.st_size > KILN_PROJECT_MAX_FILE_SIZE)
    {
      g_autofree char *size = kiln_format_size ((guint64) st.st_size);
      fail (ctx, error, NULL, _("the file is %s, more than the 1 MiB a project or import file may "
                                "have. Is it the right file?"), size);
      return NULL;
    }
  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Cannot read %s: %s"), path,
                   local->message);
      return NULL;
    }
  if (!g_utf8_validate (text, (gssize) len, NULL))
    {
      fail (ctx, error, NULL, _("not UTF-8 text, so not JSON."));
      return NULL;
    }

  tok = json_tokener_new ();
  kiln_json_enter ();
  root = json_tokener_parse_ex (tok, text, (int) len);
  kiln_json_leave ();
  jerr = json_tokener_get_error (tok);
  end = json_tokener_get_parse_end (tok);
  if (root == NULL || jerr != json_tokener_success)
    {
      guint line = 1, col = 1;

      if (jerr == json_tokener_continue || (root == NULL && jerr == json_tokener_success))
        {
          fail (ctx, error, NULL, _("the JSON ends too early (the file is truncated or a "
                                    "bracket is missing)."));
          json_object_put (root);
          return NULL;
        }
      for (size_t i = 0; i < end && i < len; i++)
        {
          if (text[i] == '\n')
            {
              line++;
              col = 1;
            }
          else
            col++;
        }
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT, _("%s:%u:%u: malformed JSON: %s."),
                   ctx->file, line, col, json_tokener_error_desc (jerr));
      json_object_put (root);
      return NULL;
    }
  for (size_t i = end; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      {
        fail (ctx, error, NULL, _("unexpected text after the JSON value, at byte %u."), (guint) i);
        json_object_put (root);
        return NULL;
      }
  if (!json_object_is_type (root, json_type_object))
    {
      fail (ctx, error, NULL, _("expected a JSON object { … } at the top, found %s."),
            json_type_name (root));
      json_object_put (root);
      return NULL;
    }
  return root;
}

static gboolean
get_string (const Ctx    *ctx,
            json_object  *obj,
            const char   *where,
            const char  **out,
            GError      **error)
{
  if (!json_object_is_type (obj, json_type_string) || json_object_get_string_len (obj) == 0)
    return fail (ctx, error, where, _("expected a non-empty string, found %s."),
                 json_object_is_type (obj, json_type_string) ? _("an empty string")
                                                              : json_type_name (obj));
  *out = json_object_get_string (obj);
  return TRUE;
}

static gboolean
get_bool (const Ctx    *ctx,
          json_object  *obj,
          const char   *where,
          gboolean     *out,
          GError      **error)
{
  if (!json_object_is_type (obj, json_type_boolean))
    return fail (ctx, error, where, _("expected true or false, found %s."), json_type_name (obj));
  *out = json_object_get_boolean (obj);
  return TRUE;
}

/* "0x10000": the form the project file stores. */
static gboolean
parse_hex_address (const char *text,
                   guint32    *out)
{
  guint64 v;

  if (text == NULL || text[0] != '0' || (text[1] != 'x' && text[1] != 'X') || text[2] == '\0' ||
      strlen (text + 2) > 8)
    return FALSE;
  for (const char *p = text + 2; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  v = g_ascii_strtoull (text + 2, NULL, 16);
  *out = (guint32) v;
  return TRUE;
}

static gboolean
get_hex_address (const Ctx    *ctx,
                 json_object  *obj,
                 const char   *where,
                 guint32      *out,
                 GError      **error)
{
  if (!json_object_is_type (obj, json_type_string) ||
      !parse_hex_address (json_object_get_string (obj), out))
    return fail (ctx, error, where, _("expected a hex string like \"0x10000\", found %s%s%s."),
                 json_object_is_type (obj, json_type_string) ? "\"" : "",
                 json_object_is_type (obj, json_type_string) ? json_object_get_string (obj)
                                                              : json_type_name (obj),
                 json_object_is_type (obj, json_type_string) ? "\"" : "");
  return TRUE;
}

static char *
resolve_path (const Ctx  *ctx,
              const char *path)
{
  g_autofree char *portable = g_strdelimit (g_strdup (path), "\\", '/');

  return g_canonicalize_filename (portable, ctx->dir);
}

static gboolean
one_of (const char         *value,
        const char * const *choices)
{
  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (value, choices[i]))
      return TRUE;
  return FALSE;
}

static char *
join_choices (const char * const *choices)
{
  return g_strjoinv (", ", (char **) choices);
}

static gboolean
get_choice (const Ctx          *ctx,
            json_object        *obj,
            const char         *where,
            const char * const *choices,
            char              **field,
            GError            **error)
{
  const char *s;
  g_autofree char *norm = NULL;

  if (!get_string (ctx, obj, where, &s, error))
    return FALSE;
  /* esptool spells these with underscores (flasher_args.json too). */
  norm = g_strdelimit (g_ascii_strdown (s, -1), "_", '-');
  if (!one_of (norm, choices))
    {
      g_autofree char *list = join_choices (choices);
      return fail (ctx, error, where, _("“%s” is not one of %s."), s, list);
    }
  set_str (field, norm);
  return TRUE;
}

static const char * const modes[] = { "keep", "qio", "qout", "dio", "dout", NULL };
static const char * const crystals[] = { "keep", "26m", "40m", "24m", NULL };
static const char * const befores[] = { "default-reset", "usb-reset", "no-reset", NULL };
static const char * const afters[] = { "hard-reset", "no-reset", NULL };

static const KilnChipInfo *
project_chip (const char *name)
{
  return name != NULL && g_ascii_strcasecmp (name, "auto") != 0 ? kiln_chip_by_name (name) : NULL;
}

/* Frequency and size names depend on the chip; with "auto" any chip's
 * name is accepted (the job checks again once the chip is known). */
static gboolean
check_freq (const Ctx   *ctx,
            const char  *where,
            const char  *value,
            const char  *chip_name,
            GError     **error)
{
  const KilnChipInfo *chip = project_chip (chip_name);

  if (g_str_equal (value, "keep"))
    return TRUE;
  if (chip != NULL && kiln_chip_flash_freq_lookup (chip, value) != NULL)
    return TRUE;
  for (gint id = 0; chip == NULL && id < KILN_N_CHIPS; id++)
    if (kiln_chip_flash_freq_lookup (kiln_chip_get (id), value) != NULL)
      return TRUE;
  if (chip != NULL)
    return fail (ctx, error, where, _("“%s” is not a flash frequency of the %s; use keep or e.g. 40m."),
                 value, chip->display_name);
  return fail (ctx, error, where, _("“%s” is not a flash frequency; use keep or e.g. 40m."), value);
}

static gboolean
check_size (const Ctx   *ctx,
            const char  *where,
            const char  *value,
            const char  *chip_name,
            GError     **error)
{
  const KilnChipInfo *chip = project_chip (chip_name);

  if (g_str_equal (value, "keep") || g_str_equal (value, "detect"))
    return TRUE;
  if ((chip == NULL || chip->id == KILN_CHIP_ESP8266) && kiln_flash_map_lookup (value) != NULL)
    return TRUE;
  if (chip != NULL && kiln_chip_flash_size_lookup (chip, value) != NULL)
    return TRUE;
  for (gint id = 0; chip == NULL && id < KILN_N_CHIPS; id++)
    if (kiln_chip_flash_size_lookup (kiln_chip_get (id), value) != NULL)
      return TRUE;
  if (chip != NULL)
    return fail (ctx, error, where, _("“%s” is not a flash size of the %s; use keep, detect or "
                                      "e.g. 4MB, 2MB-c1."),
                 value, chip->display_name);
  return fail (ctx, error, where, _("“%s” is not a flash size; use keep, detect or e.g. 4MB, "
                                    "2MB-c1."),
               value);
}

/* Two enabled rows writing the same address. */
static gboolean
check_duplicates (const Ctx   *ctx,
                  GPtrArray   *rows,
                  const char  *list_name,
                  GError     **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const KilnFileRow *r = g_ptr_array_index (rows, i);
      if (!r->enabled)
        continue;
      for (guint j = 0; j < i; j++)
        {
          const KilnFileRow *o = g_ptr_array_index (rows, j);
          if (o->enabled && o->address == r->address &&
              (o->chip == NULL || r->chip == NULL || g_strcmp0 (o->chip, r->chip) == 0))
            {
              g_autofree char *where = g_strdup_printf ("%s[%u].address", list_name, i);
              g_autofree char *base = g_path_get_basename (o->path);
              return fail (ctx, error, where, _("0x%x is already the address of %s[%u] (%s); two "
                                                "enabled rows cannot write the same place."),
                           r->address, list_name, j, base);
            }
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Kiln project files                                                       */

static const char * const project_keys[] = {
  "format-version", "chip", "port", "baud", "flash-mode", "flash-freq", "flash-size", "crystal",
  "keep-headers", "erase-first", "reset-before", "reset-after", "stub", "rows", NULL
};
static const char * const row_keys[] = { "enabled", "path", "address", "note", "chip", NULL };

static gboolean
load_rows (const Ctx    *ctx,
           json_object  *array,
           KilnProject  *p,
           GError      **error)
{
  if (!json_object_is_type (array, json_type_array))
    return fail (ctx, error, "rows", _("expected a list [ … ] of rows, found %s."),
                 json_type_name (array));

  for (size_t i = 0; i < json_object_array_length (array); i++)
    {
      json_object *row = json_object_array_get_idx (array, i);
      g_autofree char *where = g_strdup_printf ("rows[%u]", (guint) i);
      g_autofree char *abs = NULL;
      json_object *v;
      gboolean enabled = TRUE;
      const char *path = NULL, *note = NULL, *chip = NULL;
      guint32 address = 0;
      KilnFileRow *fr;

      if (!json_object_is_type (row, json_type_object))
        return fail (ctx, error, where, _("expected an object with enabled, path and address, "
                                          "found %s."), json_type_name (row));
      json_object_object_foreach (row, key, val)
        {
          (void) val;
          if (!one_of (key, row_keys))
            warn (p, _("%s: %s.%s: unknown key, ignored."), ctx->file, where, key);
        }
      if (json_object_object_get_ex (row, "enabled", &v))
        {
          g_autofree char *w = g_strdup_printf ("%s.enabled", where);
          if (!get_bool (ctx, v, w, &enabled, error))
            return FALSE;
        }
      {
        g_autofree char *w = g_strdup_printf ("%s.path", where);
        if (!json_object_object_get_ex (row, "path", &v))
          return fail (ctx, error, w, _("missing: every row names its file."));
        if (!get_string (ctx, v, w, &path, error))
          return FALSE;
      }
      {
        g_autofree char *w = g_strdup_printf ("%s.address", where);
        if (!json_object_object_get_ex (row, "address", &v))
          return fail (ctx, error, w, _("missing: expected a hex string like \"0x10000\"."));
        if (!get_hex_address (ctx, v, w, &address, error))
          return FALSE;
      }
      if (json_object_object_get_ex (row, "note", &v) && !json_object_is_type (v, json_type_null))
        {
          g_autofree char *w = g_strdup_printf ("%s.note", where);
          if (!get_string (ctx, v, w, &note, error))
            return FALSE;
        }
      if (json_object_object_get_ex (row, "chip", &v) && !json_object_is_type (v, json_type_null))
        {
          g_autofree char *w = g_strdup_printf ("%s.chip", where);
          if (!get_string (ctx, v, w, &chip, error))
            return FALSE;
          if (kiln_chip_by_name (chip) == NULL)
            warn (p, _("%s: %s: chip “%s” is not one Kiln knows; the row is never written."),
                  ctx->file, w, chip);
        }
      abs = resolve_path (ctx, path);
      fr = kiln_file_row_new (enabled, abs, address, note);
      fr->chip = g_strdup (chip);
      g_ptr_array_add (p->rows, fr);
    }
  return check_duplicates (ctx, p->rows, "rows", error);
}

static KilnProject *
load_project_json (const Ctx    *ctx,
                   json_object  *root,
                   const char   *path,
                   GError      **error)
{
  g_autoptr(KilnProject) p = kiln_project_new ();
  json_object *v;
  gint64 version;

  if (!json_object_object_get_ex (root, "format-version", &v))
    {
      fail (ctx, error, "format-version", _("missing: this is not a Kiln project file."));
      return NULL;
    }
  if (!json_object_is_type (v, json_type_int) || (version = json_object_get_int64 (v)) < 1)
    {
      fail (ctx, error, "format-version", _("expected a whole number (1 or more), found %s."),
            json_type_name (v));
      return NULL;
    }
  if (version > KILN_PROJECT_FORMAT_VERSION)
    warn (p, _("%s was written by a newer Kiln (format %" PRId64 ", this one reads %d): "
               "settings this version does not know are ignored, and saving drops them."),
          ctx->file, version, KILN_PROJECT_FORMAT_VERSION);
  json_object_object_foreach (root, key, val)
    {
      (void) val;
      if (!one_of (key, project_keys))
        warn (p, _("%s: %s: unknown key, ignored."), ctx->file, key);
    }

  if (json_object_object_get_ex (root, "chip", &v))
    {
      const char *s;
      if (!get_string (ctx, v, "chip", &s, error))
        return NULL;
      if (g_ascii_strcasecmp (s, "auto") != 0 && kiln_chip_by_name (s) == NULL)
        {
          g_autofree char *names = kiln_chip_list_names (", ");
          fail (ctx, error, "chip", _("unknown chip “%s”; expected auto or one of %s."),
                s, names);
          return NULL;
        }
      set_str (&p->chip,
               g_ascii_strcasecmp (s, "auto") == 0 ? "auto" : kiln_chip_by_name (s)->name);
    }
  if (json_object_object_get_ex (root, "port", &v) && !json_object_is_type (v, json_type_null))
    {
      const char *s;
      if (!get_string (ctx, v, "port", &s, error))
        return NULL;
      set_str (&p->port, s);
    }
  if (json_object_object_get_ex (root, "baud", &v))
    {
      gint64 baud = json_object_is_type (v, json_type_int) ? json_object_get_int64 (v) : -1;
      if (baud < 0 || baud > 16000000)
        {
          fail (ctx, error, "baud", _("expected a whole number such as 460800 (0 for the default), "
                                      "found %s."), json_type_name (v));
          return NULL;
        }
      p->baud = (guint) baud;
    }
  if (json_object_object_get_ex (root, "flash-mode", &v) &&
      !get_choice (ctx, v, "flash-mode", modes, &p->flash_mode, error))
    return NULL;
  if (json_object_object_get_ex (root, "flash-freq", &v))
    {
      const char *s;
      if (!get_string (ctx, v, "flash-freq", &s, error) ||
          !check_freq (ctx, "flash-freq", s, p->chip, error))
        return NULL;
      set_str (&p->flash_freq, s);
    }
  if (json_object_object_get_ex (root, "flash-size", &v))
    {
      const char *s;
      if (!get_string (ctx, v, "flash-size", &s, error) ||
          !check_size (ctx, "flash-size", s, p->chip, error))
        return NULL;
      set_str (&p->flash_size, s);
    }
  if (json_object_object_get_ex (root, "crystal", &v) &&
      !get_choice (ctx, v, "crystal", crystals, &p->crystal, error))
    return NULL;
  if (json_object_object_get_ex (root, "keep-headers", &v) &&
      !get_bool (ctx, v, "keep-headers", &p->keep_headers, error))
    return NULL;
  if (json_object_object_get_ex (root, "erase-first", &v) &&
      !get_bool (ctx, v, "erase-first", &p->erase_first, error))
    return NULL;
  if (json_object_object_get_ex (root, "reset-before", &v) &&
      !get_choice (ctx, v, "reset-before", befores, &p->before, error))
    return NULL;
  if (json_object_object_get_ex (root, "reset-after", &v) &&
      !get_choice (ctx, v, "reset-after", afters, &p->after, error))
    return NULL;
  if (json_object_object_get_ex (root, "stub", &v) && !get_bool (ctx, v, "stub", &p->stub, error))
    return NULL;
  if (json_object_object_get_ex (root, "rows", &v) && !load_rows (ctx, v, p, error))
    return NULL;

  p->path = g_canonicalize_filename (path, NULL);
  return g_steal_pointer (&p);
}

/**
 * kiln_project_load:
 * @path: a *.kiln.json file
 *
 * Loads the whole file or nothing.  %KILN_ERROR_PROJECT says what is wrong
 * and where ("rows[2].address: expected a hex string like \"0x10000\"");
 * %KILN_ERROR_FILE when it cannot be read.  Things it can live with go to
 * the project's @warnings.
 *
 * Returns: (transfer full): the project, or %NULL
 */
KilnProject *
kiln_project_load (const char  *path,
                   GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_auto(Ctx) ctx = { base, NULL };
  g_autoptr(json_object) root = read_json (path, &ctx, error);

  if (root == NULL)
    return NULL;
  return load_project_json (&ctx, root, path, error);
}

/* @path relative to @base_dir when they share more than the root. */
static char *
relative_path (const char *path,
               const char *base_dir)
{
  g_autofree char *abs = g_canonicalize_filename (path, base_dir);
  g_autofree char *base = g_canonicalize_filename (base_dir, NULL);
  g_auto(GStrv) a = g_strsplit (abs, G_DIR_SEPARATOR_S, -1);
  g_auto(GStrv) b = g_strsplit (base, G_DIR_SEPARATOR_S, -1);
  g_autoptr(GString) rel = g_string_new (NULL);
  guint common = 0, na = g_strv_length (a), nb = g_strv_length (b);

  /* "/" splits into a leading "", and "/" itself into two "". */
  if (nb == 2 && b[1][0] == '\0')
    nb = 1;
  while (common < na - 1 && common < nb && g_str_equal (a[common], b[common]))
    common++;
  if (common <= 1)
    return g_strdelimit (g_steal_pointer (&abs), G_DIR_SEPARATOR_S, '/');
  for (guint i = common; i < nb; i++)
    g_string_append (rel, "../");
  for (guint i = common; i < na; i++)
    {
      g_string_append (rel, a[i]);
      if (i + 1 < na)
        g_string_append_c (rel, '/');
    }
  return g_string_free (g_steal_pointer (&rel), FALSE);
}

static void
add_string (json_object *obj,
            const char  *key,
            const char  *value,
            const char  *fallback)
{
  json_object_object_add (obj, key, json_object_new_string (value != NULL ? value : fallback));
}

/**
 * kiln_project_to_json:
 * @base_dir: row paths are written relative to this folder
 *
 * Returns: (transfer full): the file's text, pretty-printed
 */
char *
kiln_project_to_json (const KilnProject *p,
                      const char        *base_dir)
{
  g_autoptr(json_object) root = json_object_new_object ();
  json_object *rows = json_object_new_array ();

  json_object_object_add (root, "format-version",
                          json_object_new_int (KILN_PROJECT_FORMAT_VERSION));
  add_string (root, "chip", p->chip, "auto");
  if (p->port != NULL)
    json_object_object_add (root, "port", json_object_new_string (p->port));
  if (p->baud != 0)
    json_object_object_add (root, "baud", json_object_new_int64 (p->baud));
  add_string (root, "flash-mode", p->flash_mode, "keep");
  add_string (root, "flash-freq", p->flash_freq, "keep");
  add_string (root, "flash-size", p->flash_size, "keep");
  add_string (root, "crystal", p->crystal, "keep");
  json_object_object_add (root, "keep-headers", json_object_new_boolean (p->keep_headers));
  json_object_object_add (root, "erase-first", json_object_new_boolean (p->erase_first));
  add_string (root, "reset-before", p->before, "default-reset");
  add_string (root, "reset-after", p->after, "hard-reset");
  json_object_object_add (root, "stub", json_object_new_boolean (p->stub));
  for (guint i = 0; i < p->rows->len; i++)
    {
      const KilnFileRow *r = g_ptr_array_index (p->rows, i);
      json_object *row = json_object_new_object ();
      g_autofree char *rel = relative_path (r->path, base_dir);
      g_autofree char *addr = g_strdup_printf ("0x%x", r->address);

      json_object_object_add (row, "enabled", json_object_new_boolean (r->enabled));
      json_object_object_add (row, "path", json_object_new_string (rel));
      json_object_object_add (row, "address", json_object_new_string (addr));
      if (r->note != NULL)
        json_object_object_add (row, "note", json_object_new_string (r->note));
      if (r->chip != NULL)
        json_object_object_add (row, "chip", json_object_new_string (r->chip));
      json_object_array_add (rows, row);
    }
  json_object_object_add (root, "rows", rows);
  return g_strdup_printf ("%s\n",
                          json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY |
                                                                JSON_C_TO_STRING_SPACED |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE));
}

/**
 * kiln_project_save:
 * @path: where to write; row paths become relative to its folder
 *
 * Writes atomically (a temporary file renamed over the old one), so a
 * crash never leaves half a project.  On success @project's path is @path.
 */
gboolean
kiln_project_save (KilnProject  *project,
                   const char   *path,
                   GError      **error)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (abs);
  g_autofree char *text = kiln_project_to_json (project, dir);
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents (abs, text, -1, &local))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Cannot save the project as %s: %s"),
                   path, local->message);
      return FALSE;
    }
  set_str (&project->path, abs);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* ESP-IDF build/flasher_args.json                                          */

static gint
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const KilnFileRow *ra = *(KilnFileRow *const *) a;
  const KilnFileRow *rb = *(KilnFileRow *const *) b;
  return ra->address < rb->address ? -1 : ra->address > rb->address;
}

/* ESP-IDF writes offsets as "0x1000"; accept decimal too. */
static gboolean
parse_any_address (const char *text,
                   guint32    *out)
{
  return kiln_parse_u32 (text, "address", out, NULL);
}

static void
warn_missing_files (const Ctx   *ctx,
                    KilnProject *p)
{
  for (guint i = 0; i < p->rows->len; i++)
    {
      const KilnFileRow *r = g_ptr_array_index (p->rows, i);
      if (!g_file_test (r->path, G_FILE_TEST_EXISTS))
        warn (p, _("%s: %s does not exist (yet). Build the project before flashing."),
              ctx->file, r->path);
    }
}

static gboolean
flash_setting (const Ctx    *ctx,
               json_object  *settings,
               const char   *key,
               char        **field,
               GError      **error)
{
  json_object *v;
  g_autofree char *where = g_strdup_printf ("flash_settings.%s", key);
  const char *s;

  if (!json_object_object_get_ex (settings, key, &v))
    return TRUE;
  if (!get_string (ctx, v, where, &s, error))
    return FALSE;
  set_str (field, s);
  return TRUE;
}

/* The settings the other keys are missing, from the esptool command
 * line ESP-IDF also records ("--flash_mode", "dio", …). */
static gboolean
settings_from_args (const Ctx    *ctx,
                    json_object  *args,
                    KilnProject  *p,
                    GError      **error)
{
  if (!json_object_is_type (args, json_type_array))
    return fail (ctx, error, "write_flash_args", _("expected a list of strings, found %s."),
                 json_type_name (args));
  for (size_t i = 0; i + 1 < json_object_array_length (args); i++)
    {
      const char *opt = json_object_get_string (json_object_array_get_idx (args, i));
      const char *val = json_object_get_string (json_object_array_get_idx (args, i + 1));
      if (opt == NULL || val == NULL)
        continue;
      if (g_str_equal (opt, "--flash_mode") || g_str_equal (opt, "--flash-mode"))
        set_str (&p->flash_mode, val);
      else if (g_str_equal (opt, "--flash_freq") || g_str_equal (opt, "--flash-freq"))
        set_str (&p->flash_freq, val);
      else if (g_str_equal (opt, "--flash_size") || g_str_equal (opt, "--flash-size"))
        set_str (&p->flash_size, val);
    }
  return TRUE;
}

/* esptool grows new reset modes; an import keeps the default and says so
 * rather than refusing the whole file. */
static void
lenient_choice (const Ctx          *ctx,
                KilnProject        *p,
                json_object        *obj,
                const char         *where,
                const char * const *choices,
                char              **field)
{
  g_autoptr(GError) local = NULL;

  if (!get_choice (ctx, obj, where, choices, field, &local))
    warn (p, _("%s (the default, %s, is used instead)"), local->message, *field);
}

/* Imported flash settings must be ones a saved project can load again. */
static void
lenient_flash_settings (const Ctx   *ctx,
                        KilnProject *p)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autofree char *mode = g_ascii_strdown (p->flash_mode, -1);

  if (!one_of (mode, modes))
    {
      warn (p, _("%s: flash mode “%s” is unknown; keeping the file's own."), ctx->file,
            p->flash_mode);
      set_str (&p->flash_mode, "keep");
    }
  else
    set_str (&p->flash_mode, mode);
  if (!check_freq (ctx, "flash_freq", p->flash_freq, p->chip, &e1))
    {
      warn (p, "%s", e1->message);
      set_str (&p->flash_freq, "keep");
    }
  if (!check_size (ctx, "flash_size", p->flash_size, p->chip, &e2))
    {
      warn (p, "%s", e2->message);
      set_str (&p->flash_size, "keep");
    }
}

static KilnProject *
import_flasher_args_json (const Ctx    *ctx,
                          json_object  *root,
                          GError      **error)
{
  g_autoptr(KilnProject) p = kiln_project_new ();
  g_autoptr(GHashTable) part_names = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                            g_free, g_free);
  json_object *v, *files = NULL;

  /* Per-part objects ("bootloader", "app", "partition-table", "otadata"…)
   * name the files and say whether they are encrypted. */
  json_object_object_foreach (root, pkey, pval)
    {
      json_object *file, *offset, *enc;
      if (!json_object_is_type (pval, json_type_object) ||
          !json_object_object_get_ex (pval, "file", &file) ||
          !json_object_object_get_ex (pval, "offset", &offset) ||
          !json_object_is_type (file, json_type_string))
        continue;
      g_hash_table_replace (part_names, resolve_path (ctx, json_object_get_string (file)),
                            g_strdup (pkey));
      if (json_object_object_get_ex (pval, "encrypted", &enc) &&
          g_ascii_strcasecmp (json_object_get_string (enc), "true") == 0)
        warn (p, _("%s: %s is marked encrypted; Kiln writes it as it is (it does not encrypt)."),
              ctx->file, pkey);
    }

  if (json_object_object_get_ex (root, "write_flash_args", &v) &&
      !settings_from_args (ctx, v, p, error))
    return NULL;
  if (json_object_object_get_ex (root, "flash_settings", &v))
    {
      if (!json_object_is_type (v, json_type_object))
        {
          fail (ctx, error, "flash_settings", _("expected an object, found %s."),
                json_type_name (v));
          return NULL;
        }
      if (!flash_setting (ctx, v, "flash_mode", &p->flash_mode, error) ||
          !flash_setting (ctx, v, "flash_freq", &p->flash_freq, error) ||
          !flash_setting (ctx, v, "flash_size", &p->flash_size, error))
        return NULL;
    }
  if (json_object_object_get_ex (root, "extra_esptool_args", &v))
    {
      json_object *x;
      if (!json_object_is_type (v, json_type_object))
        {
          fail (ctx, error, "extra_esptool_args", _("expected an object, found %s."),
                json_type_name (v));
          return NULL;
        }
      if (json_object_object_get_ex (v, "chip", &x))
        {
          const char *s;
          const KilnChipInfo *chip;
          if (!get_string (ctx, x, "extra_esptool_args.chip", &s, error))
            return NULL;
          chip = kiln_chip_by_name (s);
          if (chip == NULL)
            warn (p, _("%s: chip “%s” is not one Kiln knows; the chip is left on auto."),
                  ctx->file, s);
          set_str (&p->chip, chip ? chip->name : "auto");
        }
      if (json_object_object_get_ex (v, "before", &x))
        lenient_choice (ctx, p, x, "extra_esptool_args.before", befores, &p->before);
      if (json_object_object_get_ex (v, "after", &x))
        lenient_choice (ctx, p, x, "extra_esptool_args.after", afters, &p->after);
      /* ESP-IDF writes "stub": false when the build asks for the ROM loader
       * (flash encryption in release mode, for one). */
      if (json_object_object_get_ex (v, "stub", &x))
        {
          if (json_object_is_type (x, json_type_boolean))
            p->stub = json_object_get_boolean (x);
          else
            warn (p, _("%s: extra_esptool_args.stub should be true or false; the stub is used "
                       "where Kiln has one."), ctx->file);
        }
    }
  lenient_flash_settings (ctx, p);

  if (json_object_object_get_ex (root, "flash_files", &files))
    {
      if (!json_object_is_type (files, json_type_object))
        {
          fail (ctx, error, "flash_files", _("expected an object {\"0x1000\": \"file.bin\", …}, "
                                             "found %s."), json_type_name (files));
          return NULL;
        }
      json_object_object_foreach (files, fkey, fval)
        {
          g_autofree char *where = g_strdup_printf ("flash_files.\"%s\"", fkey);
          g_autofree char *abs = NULL;
          const char *file;
          guint32 address;

          if (!parse_any_address (fkey, &address))
            {
              fail (ctx, error, where, _("the key must be an address like \"0x1000\"."));
              return NULL;
            }
          if (!get_string (ctx, fval, where, &file, error))
            return NULL;
          abs = resolve_path (ctx, file);
          g_ptr_array_add (p->rows, kiln_file_row_new (TRUE, abs, address,
                                                       g_hash_table_lookup (part_names, abs)));
        }
    }
  else
    {
      /* Older or hand-made files: only the per-part objects. */
      json_object_object_foreach (root, okey, oval)
        {
          json_object *file, *offset;
          g_autofree char *where = g_strdup_printf ("%s.offset", okey);
          g_autofree char *abs = NULL;
          guint32 address;

          if (!json_object_is_type (oval, json_type_object) ||
              !json_object_object_get_ex (oval, "file", &file) ||
              !json_object_object_get_ex (oval, "offset", &offset) ||
              !json_object_is_type (file, json_type_string))
            continue;
          if (!json_object_is_type (offset, json_type_string) ||
              !parse_any_address (json_object_get_string (offset), &address))
            {
              fail (ctx, error, where, _("expected an address like \"0x1000\"."));
              return NULL;
            }
          abs = resolve_path (ctx, json_object_get_string (file));
          g_ptr_array_add (p->rows, kiln_file_row_new (TRUE, abs, address, okey));
        }
    }
  if (p->rows->len == 0)
    {
      fail (ctx, error, "flash_files", _("no files to flash: is this ESP-IDF's "
                                         "build/flasher_args.json?"));
      return NULL;
    }
  if (!check_duplicates (ctx, p->rows, "flash_files", error))
    return NULL;
  g_ptr_array_sort (p->rows, compare_rows);
  warn_missing_files (ctx, p);
  return g_steal_pointer (&p);
}

/**
 * kiln_project_import_flasher_args:
 * @path: ESP-IDF's build/flasher_args.json
 *
 * Rows from "flash_files" (or, without it, from the per-part objects),
 * paths resolved against the file's folder; flash settings from
 * "flash_settings" (or "write_flash_args"); chip, resets and stub use from
 * "extra_esptool_args".
 *
 * Returns: (transfer full): a new, unsaved project, or %NULL with
 *   %KILN_ERROR_PROJECT / %KILN_ERROR_FILE
 */
KilnProject *
kiln_project_import_flasher_args (const char  *path,
                                  GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_auto(Ctx) ctx = { base, NULL };
  g_autoptr(json_object) root = read_json (path, &ctx, error);

  if (root == NULL)
    return NULL;
  return import_flasher_args_json (&ctx, root, error);
}

/* ---------------------------------------------------------------------- */
/* ESP Web Tools manifest.json                                              */

static gboolean
family_matches (const char *family,
                const char *wanted)
{
  const KilnChipInfo *a = kiln_chip_by_name (family);
  const KilnChipInfo *b = kiln_chip_by_name (wanted);

  if (a != NULL && b != NULL)
    return a == b;
  return g_ascii_strcasecmp (family, wanted) == 0;
}

/* The parts of one build as rows; @family (nullable) tags each row with
 * the build's chip when the manifest holds several. */
static gboolean
import_manifest_build (const Ctx    *ctx,
                       KilnProject  *p,
                       json_object  *build,
                       guint         index,
                       const char   *family,
                       GError      **error)
{
  json_object *parts, *v;
  const KilnChipInfo *chip = family != NULL ? kiln_chip_by_name (family) : NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_file_row_free);
  g_autofree char *list = g_strdup_printf ("builds[%u].parts", index);

  if (!json_object_object_get_ex (build, "parts", &parts) ||
      !json_object_is_type (parts, json_type_array) || json_object_array_length (parts) == 0)
    return fail (ctx, error, list, _("expected a non-empty list of {\"path\", \"offset\"}."));
  for (size_t i = 0; i < json_object_array_length (parts); i++)
    {
      json_object *part = json_object_array_get_idx (parts, i);
      g_autofree char *where = g_strdup_printf ("builds[%u].parts[%u]", index, (guint) i);
      g_autofree char *w_path = g_strdup_printf ("%s.path", where);
      g_autofree char *w_off = g_strdup_printf ("%s.offset", where);
      g_autofree char *abs = NULL;
      const char *file;
      guint32 address = 0;
      gboolean ok;
      KilnFileRow *row;

      if (!json_object_is_type (part, json_type_object))
        return fail (ctx, error, where, _("expected an object with path and offset, found %s."),
                     json_type_name (part));
      if (!json_object_object_get_ex (part, "path", &v))
        return fail (ctx, error, w_path, _("missing."));
      if (!get_string (ctx, v, w_path, &file, error))
        return FALSE;
      if (strstr (file, "://") != NULL)
        return fail (ctx, error, w_path, _("“%s” is a web address; download the file next to the "
                                           "manifest and import again."), file);
      /* On the web an absolute path starts at the site's root, not at this
       * computer's: taking it as a local file would flash whatever is there. */
      if (g_path_is_absolute (file) || file[0] == '/' || file[0] == '\\')
        return fail (ctx, error, w_path, _("“%s” is an absolute path, which in a manifest means "
                                           "the root of its web site; keep the file next to the "
                                           "manifest and name it relative to it."), file);
      if (!json_object_object_get_ex (part, "offset", &v))
        return fail (ctx, error, w_off, _("missing."));
      if (json_object_is_type (v, json_type_int))
        {
          gint64 o = json_object_get_int64 (v);
          ok = o >= 0 && o <= G_MAXUINT32;
          address = (guint32) o;
        }
      else
        ok = json_object_is_type (v, json_type_string) &&
             parse_any_address (json_object_get_string (v), &address);
      if (!ok)
        return fail (ctx, error, w_off, _("expected a number such as 4096 or a string like "
                                          "\"0x1000\", found %s."), json_type_name (v));
      abs = resolve_path (ctx, file);
      row = kiln_file_row_new (TRUE, abs, address, NULL);
      if (family != NULL)
        row->chip = g_strdup (chip != NULL ? chip->name : family);
      g_ptr_array_add (rows, row);
    }
  if (!check_duplicates (ctx, rows, list, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (p->rows, g_steal_pointer (&rows->pdata[i]));
  return TRUE;
}

static KilnProject *
import_manifest_json (const Ctx    *ctx,
                      json_object  *root,
                      const char   *chip_family,
                      GError      **error)
{
  g_autoptr(KilnProject) p = kiln_project_new ();
  g_autoptr(GPtrArray) families = g_ptr_array_new ();
  json_object *builds, *v;
  gssize chosen = -1;

  if (!json_object_object_get_ex (root, "builds", &builds))
    {
      fail (ctx, error, "builds", _("missing: an ESP Web Tools manifest lists its builds there."));
      return NULL;
    }
  if (!json_object_is_type (builds, json_type_array) || json_object_array_length (builds) == 0)
    {
      fail (ctx, error, "builds", _("expected a non-empty list of builds, found %s."),
            json_type_name (builds));
      return NULL;
    }
  for (size_t i = 0; i < json_object_array_length (builds); i++)
    {
      json_object *b = json_object_array_get_idx (builds, i);
      g_autofree char *where = g_strdup_printf ("builds[%u].chipFamily", (guint) i);
      const char *family;

      if (!json_object_is_type (b, json_type_object))
        {
          g_autofree char *w = g_strdup_printf ("builds[%u]", (guint) i);
          fail (ctx, error, w, _("expected an object with chipFamily and parts, found %s."),
                json_type_name (b));
          return NULL;
        }
      if (!json_object_object_get_ex (b, "chipFamily", &v))
        {
          fail (ctx, error, where, _("missing."));
          return NULL;
        }
      if (!get_string (ctx, v, where, &family, error))
        return NULL;
      g_ptr_array_add (families, (gpointer) family);
      if (chip_family != NULL && g_ascii_strcasecmp (chip_family, "auto") != 0 &&
          family_matches (family, chip_family) && chosen < 0)
        chosen = (gssize) i;
    }
  if (chip_family == NULL || g_ascii_strcasecmp (chip_family, "auto") == 0)
    {
      /* Every build, each row tagged with its chip: the job writes the one
       * for the chip it finds, as ESP Web Tools does. */
      if (families->len == 1)
        chosen = 0;
      for (guint i = 0; i < families->len; i++)
        if (!import_manifest_build (ctx, p, json_object_array_get_idx (builds, i), i,
                                    families->len > 1 ? g_ptr_array_index (families, i) : NULL,
                                    error))
          return NULL;
    }
  else if (chosen < 0)
    {
      g_autofree char *list = NULL;
      g_ptr_array_add (families, NULL);
      list = g_strjoinv (", ", (char **) families->pdata);
      fail (ctx, error, "builds", _("no build for %s; the manifest has %s."), chip_family, list);
      return NULL;
    }
  else if (!import_manifest_build (ctx, p, json_object_array_get_idx (builds, (size_t) chosen),
                                   (guint) chosen, NULL, error))
    return NULL;

  if (chosen >= 0)
    {
      const KilnChipInfo *chip = kiln_chip_by_name (g_ptr_array_index (families, chosen));
      set_str (&p->chip, chip ? chip->name : "auto");
    }
  g_ptr_array_sort (p->rows, compare_rows);
  /* ESP Web Tools images are complete: write them as they are. */
  warn_missing_files (ctx, p);
  return g_steal_pointer (&p);
}

/**
 * kiln_project_import_manifest:
 * @path: an ESP Web Tools manifest.json
 * @chip_family: (nullable): "ESP32", "ESP32-C3", "esp8266"…; %NULL or
 *   "auto" picks the only build, and fails listing the families if there
 *   are several
 *
 * Returns: (transfer full): a new, unsaved project, or %NULL
 */
KilnProject *
kiln_project_import_manifest (const char  *path,
                              const char  *chip_family,
                              GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_auto(Ctx) ctx = { base, NULL };
  g_autoptr(json_object) root = read_json (path, &ctx, error);

  if (root == NULL)
    return NULL;
  return import_manifest_json (&ctx, root, chip_family, error);
}

KilnProject *
kiln_project_import (const char  *path,
                     const char  *chip_family,
                     GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_auto(Ctx) ctx = { base, NULL };
  g_autoptr(json_object) root = read_json (path, &ctx, error);

  if (root == NULL)
    return NULL;
  if (json_object_object_get_ex (root, "format-version", NULL))
    return load_project_json (&ctx, root, path, error);
  if (json_object_object_get_ex (root, "flash_files", NULL) ||
      json_object_object_get_ex (root, "write_flash_args", NULL))
    return import_flasher_args_json (&ctx, root, error);
  if (json_object_object_get_ex (root, "builds", NULL))
    return import_manifest_json (&ctx, root, chip_family, error);
  fail (&ctx, error, NULL, _("neither a Kiln project, an ESP-IDF flasher_args.json nor an ESP "
                             "Web Tools manifest.json."));
  return NULL;
}

/**
 * kiln_project_to_regions:
 *
 * Returns: (transfer full) (element-type KilnRegion): the enabled rows
 *   with their files read, or %NULL with the first file's
 *   %KILN_ERROR_FILE
 */
GPtrArray *
kiln_project_to_regions (const KilnProject  *project,
                         GError            **error)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);

  for (guint i = 0; i < project->rows->len; i++)
    {
      const KilnFileRow *r = g_ptr_array_index (project->rows, i);
      KilnRegion *region;

      if (!r->enabled)
        continue;
      region = kiln_region_new_from_file (r->address, r->path, error);
      if (region == NULL)
        return NULL;
      region->chip = g_strdup (r->chip);
      g_ptr_array_add (regions, region);
    }
  return g_steal_pointer (&regions);
}
