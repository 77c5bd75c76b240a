/* kiln-record.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiln-error.h"
#include "kiln-os.h"
#include "kiln-record.h"
#include "kiln-util.h"

#define CSV_HEADER "time,port,chip,mac,flash_id,files,result,message,seconds\n"

/* One record's appends must never interleave with another thread's. */
static GMutex append_lock;

KilnRecordFormat
kiln_record_format_for_path (const char *path)
{
  if (g_str_has_suffix (path, ".json") || g_str_has_suffix (path, ".jsonl"))
    return KILN_RECORD_JSON;
  return KILN_RECORD_CSV;
}

static char *
files_field (const KilnRecord *record)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; record->regions != NULL && i < record->regions->len; i++)
    {
      const KilnRegion *r = g_ptr_array_index (record->regions, i);
      gsize len;
      const guint8 *d = g_bytes_get_data (r->data, &len);
      g_autofree char *md5 = kiln_md5_hex (d, len);
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append_printf (s, "0x%x:%s:%s", r->address, r->name, md5);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
csv_field (GString    *s,
           const char *value)
{
  g_string_append_c (s, '"');
  for (const char *p = value ? value : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p == '\n' ? ' ' : *p);
    }
  g_string_append_c (s, '"');
}

char *
kiln_record_format (const KilnRecord *record,
                    KilnRecordFormat  format)
{
  g_autofree char *time = g_date_time_format_iso8601 (record->time);
  g_autofree char *files = files_field (record);
  g_autofree char *mac = NULL;
  g_autofree char *flash_id = NULL;
  g_autofree char *seconds = g_strdup_printf ("%.2f", record->seconds);
  const char *chip = record->info && record->info->chip ? record->info->chip->name : "";

  if (record->info != NULL && record->info->has_mac)
    mac = kiln_format_mac (record->info->mac);
  if (record->info != NULL && record->info->flash_id != 0)
    flash_id = g_strdup_printf ("0x%06x", record->info->flash_id);

  if (format == KILN_RECORD_CSV)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      const char *fields[] = { time, record->port, chip, mac, flash_id, files,
                               record->passed ? "pass" : "fail", record->message, seconds };
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          if (i > 0)
            g_string_append_c (s, ',');
          csv_field (s, fields[i]);
        }
      g_string_append_c (s, '\n');
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  else
    {
      json_object *o = json_object_new_object ();
      char *out;
      json_object_object_add (o, "time", json_object_new_string (time));
      json_object_object_add (o, "port", json_object_new_string (record->port));
      json_object_object_add (o, "chip", json_object_new_string (chip));
      json_object_object_add (o, "mac", mac ? json_object_new_string (mac) : NULL);
      json_object_object_add (o, "flash_id", flash_id ? json_object_new_string (flash_id) : NULL);
      json_object_object_add (o, "files", json_object_new_string (files));
      json_object_object_add (o, "result", json_object_new_string (record->passed ? "pass" : "fail"));
      json_object_object_add (o, "message",
                              record->message ? json_object_new_string (record->message) : NULL);
      json_object_object_add (o, "seconds", json_object_new_double (record->seconds));
      kiln_json_enter ();   /* "seconds" is a number */
      out = g_strconcat (json_object_to_json_string_ext (o, JSON_C_TO_STRING_PLAIN), "\n", NULL);
      kiln_json_leave ();
      json_object_put (o);
      return out;
    }
}

gboolean
kiln_record_append (const char       *path,
                    const KilnRecord *record,
                    GError          **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&append_lock);
  KilnRecordFormat format = kiln_record_format_for_path (path);
  g_autofree char *line = kiln_record_format (record, format);
  g_autoptr(GString) buf = g_string_new (NULL);
  struct stat st;
  int fd = kiln_os_open_append (path);
  gssize n;

  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Cannot open the record file %s: %s"),
                   path, g_strerror (errsv));
      return FALSE;
    }
  if (format == KILN_RECORD_CSV && fstat (fd, &st) == 0 && st.st_size == 0)
    g_string_append (buf, CSV_HEADER);
  g_string_append (buf, line);
  /* One write per record: O_APPEND keeps it whole even with other writers. */
  n = write (fd, buf->str, buf->len);
  if (n != (gssize) buf->len || g_fsync (fd) != 0)
    {
      int errsv = errno;
      close (fd);
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE, _("Cannot write the record file %s: %s"),
                   path, g_strerror (errsv));
      return FALSE;
    }
  close (fd);
  return TRUE;
}
