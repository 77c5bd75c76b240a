/* kiln-partition.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-partition.h"
#include "kiln-util.h"

/**
 * kiln_partition_table_detect:
 *
 * Returns: %TRUE when @data starts like a partition table (first entry
 *   magic).  Cheap; call kiln_partition_table_parse() to be sure.
 */
gboolean
kiln_partition_table_detect (const guint8 *data,
                             gsize         len)
{
  return len >= KILN_PARTITION_ENTRY_SIZE && data[0] == 0xAA && data[1] == 0x50;
}

static gboolean
all_ff (const guint8 *p,
        gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (p[i] != 0xFF)
      return FALSE;
  return TRUE;
}

/**
 * kiln_partition_table_parse:
 * @data: the table, normally the 0xC00 (or 0x1000) bytes flashed at 0x8000
 *
 * Reads entries up to the first all-0xFF entry, the end of @data or
 * 0xC00 bytes, whichever comes first.
 *
 * Returns: (transfer full): the table, or %NULL with %KILN_ERROR_IMAGE_INVALID
 */
KilnPartitionTable *
kiln_partition_table_parse (const guint8 *data,
                            gsize         len,
                            GError      **error)
{
  g_autoptr(KilnPartitionTable) table = g_new0 (KilnPartitionTable, 1);
  gsize limit = MIN (len, KILN_PARTITION_TABLE_MAX);
  gsize pos;

  table->entries = g_array_new (FALSE, TRUE, sizeof (KilnPartitionEntry));
  if (!kiln_partition_table_detect (data, len))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                   _("Not a partition table: the first entry does not start with AA 50."));
      return NULL;
    }

  for (pos = 0; pos + KILN_PARTITION_ENTRY_SIZE <= limit; pos += KILN_PARTITION_ENTRY_SIZE)
    {
      const guint8 *e = data + pos;
      KilnPartitionEntry entry = { 0 };

      if (e[0] == 0xAA && e[1] == 0x50)
        {
          entry.type = e[2];
          entry.subtype = e[3];
          entry.offset = kiln_get_le32 (e + 4);
          entry.size = kiln_get_le32 (e + 8);
          memcpy (entry.label, e + 12, 16);
          entry.label[16] = '\0';
          entry.flags = kiln_get_le32 (e + 28);
          g_array_append_val (table->entries, entry);
        }
      else if (e[0] == 0xEB && e[1] == 0xEB)
        {
          g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
          guint8 digest[16];
          gsize digest_len = sizeof digest;

          g_checksum_update (md5, data, pos);
          g_checksum_get_digest (md5, digest, &digest_len);
          table->has_md5 = TRUE;
          table->md5_valid = memcmp (digest, e + 16, 16) == 0;
          pos += KILN_PARTITION_ENTRY_SIZE;
          break;
        }
      else if (all_ff (e, KILN_PARTITION_ENTRY_SIZE))
        break;
      else
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_IMAGE_INVALID,
                       _("Partition table entry %u (at byte 0x%x) starts with %02X %02X, "
                         "neither an entry (AA 50), an MD5 entry (EB EB) nor the end (FF FF)."),
                       (guint) (pos / KILN_PARTITION_ENTRY_SIZE), (guint) pos, e[0], e[1]);
          return NULL;
        }
    }
  table->length = pos;
  return g_steal_pointer (&table);
}

void
kiln_partition_table_free (KilnPartitionTable *table)
{
  if (table == NULL)
    return;
  g_clear_pointer (&table->entries, g_array_unref);
  g_free (table);
}

const char *
kiln_partition_type_name (guint8 type)
{
  switch (type)
    {
    case 0x00: return "app";
    case 0x01: return "data";
    default: return NULL;
    }
}

/* The names ESP-IDF's partition CSV uses for the subtypes. */
const char *
kiln_partition_subtype_name (guint8 type,
                             guint8 subtype)
{
  static const char *const ota_names[16] = {
    "ota_0", "ota_1", "ota_2", "ota_3", "ota_4", "ota_5", "ota_6", "ota_7",
    "ota_8", "ota_9", "ota_10", "ota_11", "ota_12", "ota_13", "ota_14", "ota_15",
  };

  if (type == 0x00)
    {
      if (subtype == 0x00)
        return "factory";
      if (subtype >= 0x10 && subtype <= 0x1F)
        return ota_names[subtype - 0x10];
      if (subtype == 0x20)
        return "test";
      return NULL;
    }
  if (type == 0x01)
    {
      switch (subtype)
        {
        case 0x00: return "ota";
        case 0x01: return "phy";
        case 0x02: return "nvs";
        case 0x03: return "coredump";
        case 0x04: return "nvs_keys";
        case 0x05: return "efuse";
        case 0x06: return "undefined";
        case 0x80: return "esphttpd";
        case 0x81: return "fat";
        case 0x82: return "spiffs";
        case 0x83: return "littlefs";
        default: return NULL;
        }
    }
  return NULL;
}

/**
 * kiln_partition_table_describe:
 * @out: appends one line per entry, each prefixed with @indent
 *
 * The columns are those of ESP-IDF's partition CSV files, so users can
 * compare with the table they wrote.
 */
void
kiln_partition_table_describe (const KilnPartitionTable *table,
                               GString                  *out,
                               const char               *indent)
{
  g_string_append_printf (out, "%s%-16s %-5s %-9s %-10s %-10s %s\n", indent,
                          _("Label"), _("Type"), _("Subtype"), _("Offset"), _("Size"), _("Flags"));
  for (guint i = 0; i < table->entries->len; i++)
    {
      const KilnPartitionEntry *e = &g_array_index (table->entries, KilnPartitionEntry, i);
      const char *type = kiln_partition_type_name (e->type);
      const char *sub = kiln_partition_subtype_name (e->type, e->subtype);
      g_autofree char *type_s = type ? g_strdup (type) : g_strdup_printf ("0x%02x", e->type);
      g_autofree char *sub_s = sub ? g_strdup (sub) : g_strdup_printf ("0x%02x", e->subtype);
      g_autofree char *size_s = g_strdup_printf ("0x%x", e->size);
      g_autoptr(GString) flags = g_string_new (NULL);

      if (e->flags & KILN_PARTITION_FLAG_ENCRYPTED)
        g_string_append (flags, "encrypted");
      if (e->flags & KILN_PARTITION_FLAG_READONLY)
        g_string_append (flags, flags->len ? ",readonly" : "readonly");
      g_string_append_printf (out, "%s%-16s %-5s %-9s 0x%-8x %-10s %s\n", indent,
                              e->label, type_s, sub_s, e->offset, size_s, flags->str);
    }
  if (table->has_md5)
    g_string_append_printf (out, "%s%s\n", indent,
                            table->md5_valid
                            ? _("MD5 of the entries: valid")
                            : _("MD5 of the entries: INVALID (the table is damaged)"));
  else
    g_string_append_printf (out, "%s%s\n", indent, _("No MD5 entry (older ESP-IDF or disabled)."));
}
