/* kiln-job-write.c: the write job.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which regions are meant for the chip on the port, the checks of their
 * images before anything is erased, writing each (only the runs that
 * differ, when asked), and verifying what was written.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-flash.h"
#include "kiln-image.h"
#include "kiln-image-check.h"
#include "kiln-job-private.h"
#include "kiln-util.h"

static gint
compare_region_ptr (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const KilnRegion *ra = *(KilnRegion *const *) a;
  const KilnRegion *rb = *(KilnRegion *const *) b;
  return ra->address < rb->address ? -1 : ra->address > rb->address;
}

static gint
compare_region_address (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  GPtrArray *regions = user_data;
  const KilnRegion *ra = g_ptr_array_index (regions, *(const guint *) a);
  const KilnRegion *rb = g_ptr_array_index (regions, *(const guint *) b);
  return ra->address < rb->address ? -1 : ra->address > rb->address;
}

static gboolean
region_matches (KilnJob          *self,
                KilnDevice       *device,
                const KilnRegion *region,
                GBytes           *data,
                GError          **error)
{
  guint8 remote[16], local[16];
  gsize dlen = sizeof local;
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);

  g_checksum_update (md5, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_checksum_get_digest (md5, local, &dlen);
  if (!kiln_flash_md5 (device, region->address, (guint32) g_bytes_get_size (data), remote, error))
    return FALSE;
  return memcmp (local, remote, 16) == 0;
}

/* Compresses the regions in the order they will be written while the
 * board is being connected (reset, sync, stub upload), so the first block
 * can go out as soon as the loader is ready.  A loader that cannot inflate
 * (the ESP8266 ROM) is only known after connecting, unless the user said
 * so; the work is then stopped and thrown away. */
void
kiln_job_queue_compression (KilnJob *self)
{
  g_autoptr(GPtrArray) sorted = NULL;

  g_clear_pointer (&self->deflater, kiln_deflater_free);
  if (self->options.compress == KILN_COMPRESS_OFF ||
      (self->options.connect.no_stub && self->options.connect.chip == KILN_CHIP_ESP8266))
    return;
  /* borrowed pointers: the copy must not free the regions */
  sorted = g_ptr_array_sized_new (self->regions->len);
  for (guint i = 0; i < self->regions->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (self->regions, i));
  g_ptr_array_sort_with_data (sorted, compare_region_ptr, NULL);
  self->deflater = kiln_deflater_new ();
  for (guint i = 0; i < sorted->len; i++)
    {
      const KilnRegion *r = g_ptr_array_index (sorted, i);
      kiln_flash_queue_compression (self->deflater, r->address, r->data);
    }
}

/* Skip-unchanged compares in chunks of this size, aligned to the flash: a
 * chunk that differs is written alone (whole sectors, so nothing next to it
 * is read back), and a flash MD5 of one costs the device ~10 ms. */
#define CHUNK 0x10000u

typedef struct
{
  guint32 offset;   /* from the start of the region */
  guint32 size;
} Run;

/* The parts of @data that differ from the flash, as runs of whole chunks
 * (adjacent ones merged); empty when the flash already holds all of it. */
static GArray *
changed_runs (KilnJob           *self,
              KilnDevice        *device,
              const KilnRegion  *region,
              GBytes            *data,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));
  gsize len;
  const guint8 *d = g_bytes_get_data (data, &len);
  guint64 end = (guint64) region->address + len;

  for (guint64 a = region->address; a < end;)
    {
      guint64 b = MIN ((a / CHUNK + 1) * CHUNK, end);
      g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
      guint8 local[16], remote[16];
      gsize dlen = sizeof local;
      guint32 offset = (guint32) (a - region->address);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_checksum_update (md5, d + offset, (gssize) (b - a));
      g_checksum_get_digest (md5, local, &dlen);
      if (!kiln_flash_md5 (device, (guint32) a, (guint32) (b - a), remote, error))
        return NULL;
      if (memcmp (local, remote, sizeof local) != 0)
        {
          Run *last = runs->len > 0 ? &g_array_index (runs, Run, runs->len - 1) : NULL;
          if (last != NULL && last->offset + last->size == offset)
            last->size += (guint32) (b - a);
          else
            {
              Run run = { offset, (guint32) (b - a) };
              g_array_append_val (runs, run);
            }
        }
      kiln_job_report (self, b - region->address, len, FALSE);
      a = b;
    }
  return g_steal_pointer (&runs);
}

/* Writes all of @data, or only @runs of it; *@written gets the bytes that
 * were written. */
static gboolean
write_region (KilnJob              *self,
              KilnDevice           *device,
              const KilnRegion     *region,
              GBytes               *data,
              GArray               *runs,
              KilnFlashWriteFlags   flags,
              guint64              *written,
              GCancellable         *cancellable,
              GError              **error)
{
  gboolean ok = TRUE;

  *written = 0;
  if (runs == NULL)
    {
      *written = g_bytes_get_size (data);
      return kiln_flash_write_full (device, region->address, data, flags, self->deflater,
                                    kiln_job_flash_progress, self, cancellable, error);
    }
  self->region_len = g_bytes_get_size (data);
  for (guint k = 0; k < runs->len && ok; k++)
    {
      const Run *run = &g_array_index (runs, Run, k);
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (data, run->offset, run->size);

      self->region_done = run->offset;
      ok = kiln_flash_write_full (device, region->address + run->offset, part, flags,
                                  self->deflater, kiln_job_flash_progress, self, cancellable, error);
      if (ok)
        *written += run->size;
    }
  self->region_len = self->region_done = 0;
  return ok;
}

/* A digest can be damaged on its way back, and a flash can fail to hold
 * a block it acknowledged: ask again, then write the region once more,
 * before calling it a mismatch.  Errors name the region. */
static gboolean
verify_region (KilnJob           *self,
               KilnDevice        *device,
               const KilnRegion  *region,
               GBytes            *data,
               KilnFlashWriteFlags flags,
               GCancellable      *cancellable,
               GError           **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local = NULL;

      if (region_matches (self, device, region, data, &local))
        return TRUE;
      if (local != NULL &&
          !g_error_matches (local, KILN_ERROR, KILN_ERROR_TIMEOUT) &&
          !g_error_matches (local, KILN_ERROR, KILN_ERROR_PROTOCOL))
        {
          if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (&local, _("Verifying %s at 0x%x failed: "), region->name,
                            region->address);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (attempt == 2)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY,
                       _("Verification of %s at 0x%x failed: the flash holds different data "
                         "than was written. Write it again; if it keeps failing, try a lower "
                         "baud rate or another SPI mode (DIO/DOUT), and check the power "
                         "supply."), region->name, region->address);
          return FALSE;
        }
      if (attempt == 1)
        {
          kiln_job_log (self, KILN_LOG_WARNING,
                   _("%s at 0x%x does not match what was written; writing it again…"),
                   region->name, region->address);
          if (local != NULL && !kiln_device_recover (device, local, cancellable, error))
            return FALSE;
          if (!kiln_flash_write (device, region->address, data, flags, NULL, NULL, cancellable,
                                 error))
            {
              if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                g_prefix_error (error, _("Writing %s at 0x%x again failed: "), region->name,
                                region->address);
              return FALSE;
            }
        }
      else if (local != NULL && !kiln_device_recover (device, local, cancellable, error))
        return FALSE;
    }
}

/* The regions meant for one chip (and those for any chip), borrowed. */
static GPtrArray *
regions_for_chip (GPtrArray          *regions,
                  const KilnChipInfo *chip)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < regions->len; i++)
    {
      KilnRegion *r = g_ptr_array_index (regions, i);
      if (kiln_region_is_for_chip (r, chip))
        g_ptr_array_add (out, r);
    }
  return out;
}

/* A manifest with builds for several chips: keep the detected chip's, or
 * say which chips it has. */
static gboolean
choose_chip_regions (KilnJob  *self,
                     GError  **error)
{
  g_auto(GStrv) chips = kiln_regions_chips (self->regions);
  gboolean found = FALSE;

  if (chips[0] == NULL)
    return TRUE;
  for (guint i = 0; i < self->regions->len; i++)
    {
      KilnRegion *r = g_ptr_array_index (self->regions, i);
      if (r->chip == NULL)
        continue;
      if (kiln_region_is_for_chip (r, self->info.chip))
        found = TRUE;
      else
        kiln_job_region_state (self, i, KILN_REGION_SKIPPED, _("another chip's build"));
    }
  if (!found)
    {
      g_autofree char *list = g_strjoinv (", ", chips);
      g_set_error (error, KILN_ERROR, KILN_ERROR_WRONG_CHIP,
                   _("The firmware has builds for %s, but the board is an %s. Choose firmware "
                     "built for the %s, or connect the board it was made for."),
                   list, self->info.chip->display_name, self->info.chip->display_name);
      return FALSE;
    }
  {
    g_autoptr(GStrvBuilder) others = g_strv_builder_new ();
    g_auto(GStrv) list = NULL;
    g_autofree char *text = NULL;

    for (guint i = 0; chips[i] != NULL; i++)
      if (kiln_chip_by_name (chips[i]) != self->info.chip)
        g_strv_builder_add (others, chips[i]);
    list = g_strv_builder_end (others);
    text = g_strjoinv (", ", list);
    if (list[0] != NULL)
      kiln_job_log (self, KILN_LOG_INFO, _("Writing the %s build; the builds for %s are left out."),
               self->info.chip->display_name, text);
  }
  return TRUE;
}

/* An ESP8285 starts only from a DOUT header (its flash is inside the chip);
 * community flash-mode lists and the boards built on it agree, but no
 * Espressif document says other modes cannot work, so this warns and does
 * not refuse.  The boot check, where asked for, then shows it. */
static void
warn_dout_only (KilnJob          *self,
                const KilnRegion *r,
                GBytes           *data)
{
  gsize len = 0;
  const guint8 *d = g_bytes_get_data (data, &len);

  if (!self->info.flash_dout_only || r->address != 0 || len < 4 || d[0] != 0xE9 || d[2] == 3)
    return;
  kiln_job_log (self, KILN_LOG_WARNING,
           _("%s asks for flash mode %s, but this is an ESP8285, whose flash, inside the chip, is "
             "read in DOUT only: it will most likely not start. Choose SPI mode DOUT."),
           r->name, kiln_flash_mode_name (d[2]));
}

static gboolean
check_images (KilnJob    *self,
              GPtrArray  *payloads,
              GError    **error)
{
  KilnBoardFacts board = { self->info.chip, self->info.revision, self->info.flash_size };
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  g_autoptr(GPtrArray) data = g_ptr_array_new ();
  g_autoptr(GPtrArray) mismatches = NULL;

  for (guint i = 0; i < self->regions->len; i++)
    if (kiln_region_is_for_chip (g_ptr_array_index (self->regions, i), self->info.chip))
      {
        g_ptr_array_add (regions, g_ptr_array_index (self->regions, i));
        g_ptr_array_add (data, g_ptr_array_index (payloads, i));
      }
  mismatches = kiln_image_check_regions (regions, data, &board);

  if (mismatches->len == 0)
    return TRUE;
  if (!self->options.force)
    return kiln_image_check_error (mismatches, error);
  for (guint i = 0; i < mismatches->len; i++)
    {
      const KilnImageMismatch *m = g_ptr_array_index (mismatches, i);
      kiln_job_log (self, KILN_LOG_WARNING, _("Writing it anyway, as asked: %s"), m->message);
    }
  return TRUE;
}

gboolean
kiln_job_run_write (KilnJob       *self,
                    KilnDevice    *device,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  KilnFlashParams params;
  guint32 flash_size, chosen;
  gboolean can_md5 = kiln_flash_can_md5 (device);
  gboolean compress;

  if (!kiln_job_flash_params (self, &params, &flash_size, &chosen, error) ||
      !kiln_job_tell_flash_size (self, device, chosen, error))
    return FALSE;
  if (!choose_chip_regions (self, error))
    return FALSE;
  {
    g_autoptr(GPtrArray) mine = regions_for_chip (self->regions, self->info.chip);
    if (!kiln_layout_check (mine, flash_size, KILN_LAYOUT_ALLOW_UNALIGNED, error))
      return FALSE;
    for (guint i = 0; i < mine->len; i++)
      {
        const KilnRegion *r = g_ptr_array_index (mine, i);
        /* Whole sectors are erased and written. */
        guint64 end = ((guint64) kiln_region_end (r) + KILN_SECTOR_SIZE - 1) &
                      ~(guint64) (KILN_SECTOR_SIZE - 1);
        if (!kiln_job_check_loader_reach (self, device, r->name, r->address, end, error))
          return FALSE;
      }
  }

  compress = self->options.compress != KILN_COMPRESS_OFF;
  /* The ESP8266 ROM cannot inflate: stop compressing for nothing. */
  if (!self->info.stub && !(self->info.chip->rom_features & KILN_ROM_DEFLATE))
    g_clear_pointer (&self->deflater, kiln_deflater_free);
  self->overall_total = 0;
  for (guint i = 0; i < self->regions->len; i++)
    {
      KilnRegion *r = g_ptr_array_index (self->regions, i);
      g_autofree char *what = NULL;
      GBytes *data;

      /* Another chip's build keeps its place (indices stay the caller's),
       * with nothing to write. */
      if (!kiln_region_is_for_chip (r, self->info.chip))
        {
          g_ptr_array_add (payloads, g_bytes_new (NULL, 0));
          continue;
        }
      data = kiln_image_patch_flash_params_named (r->data, self->info.chip, r->address,
                                                          &params, r->name, &what);
      if (what != NULL)
        kiln_job_log (self, KILN_LOG_INFO, "%s", what);
      warn_dout_only (self, r, data);
      if (self->options.crystal_mhz != 0 && self->info.chip->id == KILN_CHIP_ESP8266 &&
          kiln_image_is_init_data (g_bytes_get_data (data, NULL), g_bytes_get_size (data)))
        {
          g_autofree char *xtal = NULL;
          GBytes *patched = kiln_image_set_init_data_crystal (data, self->options.crystal_mhz,
                                                              &xtal, error);
          g_bytes_unref (data);
          if (patched == NULL)
            return FALSE;
          data = patched;
          if (xtal != NULL)
            kiln_job_log (self, KILN_LOG_INFO, "%s: %s", r->name, xtal);
        }
      /* A patched header makes what was compressed ahead of time useless. */
      if (self->deflater != NULL && !g_bytes_equal (data, r->data))
        kiln_flash_queue_compression (self->deflater, r->address, data);
      g_ptr_array_add (payloads, data);
      g_array_append_val (order, i);
      self->overall_total += g_bytes_get_size (data);
    }
  /* Upwards, so a later region never erases what an earlier one wrote. */
  g_array_sort_with_data (order, compare_region_address, self->regions);

  /* Before anything is erased: what is about to be written must be able
   * to run on this board, or the user must have said "anyway". */
  if (!check_images (self, payloads, error))
    return FALSE;

  if (self->options.erase_all)
    {
      kiln_job_set_phase (self, KILN_PHASE_ERASING, -1);
      kiln_job_log (self, KILN_LOG_INFO, _("Erasing the whole flash…"));
      if (!kiln_flash_erase_all (device, cancellable, error))
        return FALSE;
    }

  self->rate_start = g_get_monotonic_time ();
  self->rate_base = 0;
  self->summary.verified = can_md5 && self->options.verify;
  self->summary.verify_method = can_md5 && self->options.verify ? "MD5" : NULL;

  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      KilnRegion *r = g_ptr_array_index (self->regions, i);
      GBytes *data = g_ptr_array_index (payloads, i);
      gsize len = g_bytes_get_size (data);
      g_autoptr(GError) local = NULL;
      g_autoptr(GArray) runs = NULL;   /* (element-type Run): only these differ */
      guint64 changed = 0, written = 0;

      if (self->options.skip_unchanged && can_md5 && !self->options.erase_all)
        {
          kiln_job_set_phase (self, KILN_PHASE_VERIFYING, (gint) i);
          runs = changed_runs (self, device, r, data, cancellable, &local);
          if (runs == NULL)
            {
              g_prefix_error (&local, _("Comparing %s at 0x%x with the flash failed: "), r->name,
                              r->address);
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (runs->len == 0)
            {
              kiln_job_log (self, KILN_LOG_INFO, _("%s at 0x%x is already on the flash: skipped."),
                       r->name, r->address);
              kiln_job_region_state (self, i, KILN_REGION_SKIPPED, _("skipped (unchanged)"));
              self->overall_done += len;
              self->summary.regions_skipped++;
              continue;
            }
          for (guint j = 0; j < runs->len; j++)
            changed += g_array_index (runs, Run, j).size;
          if (changed < len)
            kiln_job_log (self, KILN_LOG_INFO,
                     _("%s at 0x%x: %u of %u bytes differ from the flash (in %u parts); only "
                       "those are written."),
                     r->name, r->address, (guint) changed, (guint) len, runs->len);
          else
            g_clear_pointer (&runs, g_array_unref);
        }

      kiln_job_set_phase (self, KILN_PHASE_WRITING, (gint) i);
      kiln_job_region_state (self, i, KILN_REGION_WRITING, NULL);
      kiln_job_log (self, KILN_LOG_INFO, _("Writing %s (%u bytes) at 0x%x…"), r->name,
               (guint) len, r->address);
      if (!write_region (self, device, r, data, runs, compress ? KILN_FLASH_WRITE_COMPRESS : 0,
                         &written, cancellable, &local))
        {
          kiln_job_region_state (self, i, KILN_REGION_FAILED, local->message);
          if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (&local, _("Writing %s at 0x%x failed: "), r->name, r->address);
          self->board_state = g_strdup_printf (
            _("The board is still in its bootloader. %s (0x%x–0x%x) is incomplete; regions "
              "before it were written, nothing outside the chosen regions was changed. Start "
              "again to finish."),
            r->name, r->address, (guint) (r->address + len - 1));
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      self->overall_done += len;
      self->summary.bytes_written += written;
      self->summary.regions_written++;
      if (runs != NULL)
        {
          g_autofree char *detail = g_strdup_printf (_("%u KiB changed, the rest unchanged"),
                                                     (guint) ((written + 1023) / 1024));
          kiln_job_region_state (self, i, KILN_REGION_WRITTEN, detail);
        }
      else
        kiln_job_region_state (self, i, KILN_REGION_WRITTEN, NULL);

      if (!self->options.verify)
        continue;
      if (!can_md5)
        {
          kiln_job_log (self, KILN_LOG_WARNING,
                   _("%s cannot be verified: the %s ROM has no checksum command (use a flasher "
                     "stub for verification). Each block was checked on arrival."),
                   r->name, self->info.chip->display_name);
          continue;
        }
      kiln_job_set_phase (self, KILN_PHASE_VERIFYING, (gint) i);
      if (!verify_region (self, device, r, data, compress ? KILN_FLASH_WRITE_COMPRESS : 0,
                          cancellable, &local))
        {
          kiln_job_region_state (self, i, KILN_REGION_FAILED, local->message);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      kiln_job_region_state (self, i, KILN_REGION_VERIFIED, NULL);
      kiln_job_log (self, KILN_LOG_INFO, _("%s verified (MD5)."), r->name);
    }
  return TRUE;
}
