/* kiln-sim-flash.c: the SPI NOR flash chip.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NOR semantics: erasing sets a whole 4 KiB sector to 0xFF, programming can
 * only clear bits (new = old & data).  Address bits above the chip's size
 * are ignored, so an access past the end wraps to the start, as a real
 * part behaves when the host believes it is bigger than it is.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-sim-private.h"

void
kiln_sim_flash_init (KilnSimFlash *flash,
                     gsize         size,
                     const guint8  jedec[3])
{
  g_assert ((size & (size - 1)) == 0);
  flash->size = size;
  flash->data = g_malloc (size);
  memset (flash->data, 0xFF, size);
  memcpy (flash->jedec, jedec, 3);
  memset (flash->status, 0, sizeof flash->status);
  flash->wel = FALSE;
  flash->dirty = FALSE;
}

void
kiln_sim_flash_clear (KilnSimFlash *flash)
{
  g_clear_pointer (&flash->data, g_free);
}

/* Erases @count sectors from sector @first, wrapping at the end. */
void
kiln_sim_flash_erase_sectors (KilnSimFlash *flash,
                              guint32       first,
                              guint32       count)
{
  guint32 n_sectors = (guint32) (flash->size / KILN_SIM_SECTOR);

  for (guint32 i = 0; i < count && i < n_sectors; i++)
    {
      guint32 s = (first + i) % n_sectors;
      memset (flash->data + (gsize) s * KILN_SIM_SECTOR, 0xFF, KILN_SIM_SECTOR);
    }
  if (count > 0)
    flash->dirty = TRUE;
}

/**
 * kiln_sim_flash_erase:
 *
 * Erases every sector that [@addr, @addr + @len) touches.
 *
 * Returns: the number of sectors erased
 */
guint
kiln_sim_flash_erase (KilnSimFlash *flash,
                      guint32       addr,
                      guint32       len)
{
  guint32 first, last;

  if (len == 0)
    return 0;
  first = addr / KILN_SIM_SECTOR;
  last = (guint32) (((guint64) addr + len - 1) / KILN_SIM_SECTOR);
  kiln_sim_flash_erase_sectors (flash, first, last - first + 1);
  return last - first + 1;
}

void
kiln_sim_flash_program (KilnSimFlash *flash,
                        guint32       addr,
                        const guint8 *data,
                        gsize         len)
{
  gsize mask = flash->size - 1;

  for (gsize i = 0; i < len; i++)
    flash->data[(addr + i) & mask] &= data[i];
  if (len > 0)
    flash->dirty = TRUE;
}

void
kiln_sim_flash_read (KilnSimFlash *flash,
                     guint32       addr,
                     guint8       *out,
                     gsize         len)
{
  gsize mask = flash->size - 1;

  for (gsize i = 0; i < len; i++)
    out[i] = flash->data[(addr + i) & mask];
}

gboolean
kiln_sim_flash_equal (KilnSimFlash *flash,
                      guint32       addr,
                      const guint8 *data,
                      gsize         len)
{
  gsize mask = flash->size - 1;

  for (gsize i = 0; i < len; i++)
    if (flash->data[(addr + i) & mask] != data[i])
      return FALSE;
  return TRUE;
}

void
kiln_sim_flash_md5 (KilnSimFlash *flash,
                    guint32       addr,
                    guint32       len,
                    guint8        digest[16])
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  gsize digest_len = 16;
  guint8 chunk[4096];

  while (len > 0)
    {
      guint32 n = MIN (len, (guint32) sizeof chunk);

      kiln_sim_flash_read (flash, addr, chunk, n);
      g_checksum_update (md5, chunk, n);
      addr += n;
      len -= n;
    }
  g_checksum_get_digest (md5, digest, &digest_len);
}

/**
 * kiln_sim_flash_load_file:
 *
 * Loads @path into the flash if it exists; a missing file leaves the flash
 * erased.  A shorter file fills the start, the rest stays erased.
 */
gboolean
kiln_sim_flash_load_file (KilnSimFlash *flash,
                          const char   *path,
                          GError      **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("Cannot load the virtual flash from %s: %s"), path, local->message);
      return FALSE;
    }
  if (len > flash->size)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("The virtual flash file %s holds %lu bytes, more than the %lu-byte "
                     "flash. Give a matching flash= size."),
                   path, (gulong) len, (gulong) flash->size);
      return FALSE;
    }
  memcpy (flash->data, contents, len);
  flash->dirty = FALSE;
  return TRUE;
}

/* Written to a temporary file and renamed, so a reader never sees half. */
gboolean
kiln_sim_flash_save_file (KilnSimFlash *flash,
                          const char   *path,
                          GError      **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents (path, (const char *) flash->data, (gssize) flash->size, &local))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                   _("Cannot save the virtual flash to %s: %s"), path, local->message);
      return FALSE;
    }
  flash->dirty = FALSE;
  return TRUE;
}
