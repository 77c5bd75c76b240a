/* kiln-layout.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-layout.h"

KilnRegion *
kiln_region_new (guint32      address,
                 GBytes      *data,
                 const char  *name)
{
  KilnRegion *r = g_new0 (KilnRegion, 1);
  r->address = address;
  r->data = g_bytes_ref (data);
  r->name = g_strdup (name);
  return r;
}

/**
 * kiln_region_new_from_file:
 *
 * Reads the whole file.  Fails with %KILN_ERROR_FILE naming the file when
 * it is missing, unreadable or empty.
 */
KilnRegion *
kiln_region_new_from_file (guint32      address,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GMappedFile) map = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base = g_path_get_basename (path);
  KilnRegion *r;

  map = g_mapped_file_new (path, FALSE, &local);
  if (map == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                     _("File %s does not exist. Check the path."), path);
      else if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ACCES))
        g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                     _("File %s cannot be read: permission denied."), path);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                     _("File %s cannot be read: %s"), path, local->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (map);
  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("File %s is empty: there is nothing to write."), path);
      return NULL;
    }
  /* Copy: the file may change while a long job runs. */
  {
    g_autoptr(GBytes) copy = g_bytes_new (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    r = kiln_region_new (address, copy, base);
  }
  r->path = g_strdup (path);
  return r;
}

KilnRegion *
kiln_region_copy (const KilnRegion *region)
{
  KilnRegion *r = kiln_region_new (region->address, region->data, region->name);
  r->path = g_strdup (region->path);
  return r;
}

void
kiln_region_free (KilnRegion *region)
{
  if (region == NULL)
    return;
  g_bytes_unref (region->data);
  g_free (region->name);
  g_free (region->path);
  g_free (region);
}

guint32
kiln_region_end (const KilnRegion *region)
{
  guint64 end = (guint64) region->address + g_bytes_get_size (region->data);
  return (guint32) MIN (end, G_MAXUINT32);
}

void
kiln_layout_problem_free (KilnLayoutProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

static void
add_problem (GPtrArray             *out,
             KilnLayoutProblemKind  kind,
             gint                   index,
             gint                   other,
             char                  *message)
{
  KilnLayoutProblem *p = g_new0 (KilnLayoutProblem, 1);
  p->kind = kind;
  p->index = index;
  p->other = other;
  p->message = message;
  g_ptr_array_add (out, p);
}

GPtrArray *
kiln_layout_problems (GPtrArray       *regions,
                      guint32          flash_size,
                      KilnLayoutFlags  flags)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_layout_problem_free);

  for (guint i = 0; i < regions->len; i++)
    {
      KilnRegion *r = g_ptr_array_index (regions, i);
      gsize size = g_bytes_get_size (r->data);
      guint64 end = (guint64) r->address + size;

      if (size == 0)
        {
          add_problem (out, KILN_LAYOUT_PROBLEM_EMPTY, (gint) i, -1,
                       g_strdup_printf (_("%s is empty: there is nothing to write."), r->name));
          continue;
        }
      if (flash_size > 0 && size > flash_size)
        add_problem (out, KILN_LAYOUT_PROBLEM_TOO_LARGE, (gint) i, -1,
                     g_strdup_printf (_("%s (%" G_GSIZE_FORMAT " bytes) is larger than the whole "
                                        "flash (%u bytes). Check the file and the flash size."),
                                      r->name, size, flash_size));
      else if (flash_size > 0 && end > flash_size)
        add_problem (out, KILN_LAYOUT_PROBLEM_BOUNDS, (gint) i, -1,
                     g_strdup_printf (_("%s at 0x%x ends at 0x%" G_GINT64_MODIFIER "x, beyond the "
                                        "end of the %u KiB flash (0x%x). Use a lower address or "
                                        "a larger flash size."),
                                      r->name, r->address, end, flash_size / 1024, flash_size));
      if (!(flags & KILN_LAYOUT_ALLOW_UNALIGNED) && r->address % KILN_SECTOR_SIZE != 0)
        add_problem (out, KILN_LAYOUT_PROBLEM_MISALIGNED, (gint) i, -1,
                     g_strdup_printf (_("%s starts at 0x%x, which is not on a 4 KiB sector "
                                        "boundary: writing it would erase 0x%x–0x%x around it. "
                                        "Use an address that is a multiple of 0x1000."),
                                      r->name, r->address, r->address & ~(KILN_SECTOR_SIZE - 1),
                                      r->address - 1));
      for (guint j = 0; j < i; j++)
        {
          KilnRegion *o = g_ptr_array_index (regions, j);
          guint64 oend = (guint64) o->address + g_bytes_get_size (o->data);
          if (r->address < oend && o->address < end)
            add_problem (out, KILN_LAYOUT_PROBLEM_OVERLAP, (gint) i, (gint) j,
                         g_strdup_printf (_("%s (0x%x–0x%" G_GINT64_MODIFIER "x) overlaps %s "
                                            "(0x%x–0x%" G_GINT64_MODIFIER "x). Move one of them."),
                                          r->name, r->address, end - 1, o->name, o->address,
                                          oend - 1));
        }
    }
  return out;
}

gboolean
kiln_layout_check (GPtrArray       *regions,
                   guint32          flash_size,
                   KilnLayoutFlags  flags,
                   GError         **error)
{
  g_autoptr(GPtrArray) problems = kiln_layout_problems (regions, flash_size, flags);
  KilnLayoutProblem *p;
  KilnError code = KILN_ERROR_FAILED;

  if (problems->len == 0)
    return TRUE;
  p = g_ptr_array_index (problems, 0);
  switch (p->kind)
    {
    case KILN_LAYOUT_PROBLEM_EMPTY: code = KILN_ERROR_FILE; break;
    case KILN_LAYOUT_PROBLEM_OVERLAP: code = KILN_ERROR_REGION_OVERLAP; break;
    case KILN_LAYOUT_PROBLEM_BOUNDS:
    case KILN_LAYOUT_PROBLEM_TOO_LARGE: code = KILN_ERROR_REGION_BOUNDS; break;
    case KILN_LAYOUT_PROBLEM_MISALIGNED: code = KILN_ERROR_REGION_ALIGN; break;
    case KILN_LAYOUT_PROBLEM_NONE: break;
    }
  g_set_error_literal (error, KILN_ERROR, code, p->message);
  return FALSE;
}

static gint
compare_address (gconstpointer a,
                 gconstpointer b)
{
  const KilnRegion *ra = *(KilnRegion *const *) a;
  const KilnRegion *rb = *(KilnRegion *const *) b;
  return ra->address < rb->address ? -1 : ra->address > rb->address;
}

void
kiln_layout_sort (GPtrArray *regions)
{
  g_ptr_array_sort (regions, compare_address);
}
