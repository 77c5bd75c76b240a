/* kiln-job.c: a job on one board, run in a worker thread.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object and its options, the callbacks delivered in the caller's
 * main context, the flash settings, the reads, erases, flash surveys and
 * boot checks, and the connection around each; the write itself is in
 * kiln-job-write.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-flash.h"
#include "kiln-image.h"
#include "kiln-job-private.h"
#include "kiln-util.h"

G_DEFINE_FINAL_TYPE (KilnJob, kiln_job, G_TYPE_OBJECT)

const char *
kiln_phase_to_string (KilnPhase phase)
{
  switch (phase)
    {
    case KILN_PHASE_CONNECTING: return _("Connecting");
    case KILN_PHASE_DETECTING: return _("Detecting the chip");
    case KILN_PHASE_PREPARING: return _("Preparing");
    case KILN_PHASE_ERASING: return _("Erasing");
    case KILN_PHASE_WRITING: return _("Writing");
    case KILN_PHASE_VERIFYING: return _("Verifying");
    case KILN_PHASE_READING: return _("Reading");
    case KILN_PHASE_RESETTING: return _("Resetting");
    case KILN_PHASE_CHECKING_BOOT: return _("Checking the boot");
    case KILN_PHASE_DONE: return _("Done");
    default: return "";
    }
}

void
kiln_job_options_init (KilnJobOptions *options)
{
  memset (options, 0, sizeof *options);
  options->connect.baud = 115200;
  options->connect.chip = KILN_CHIP_AUTO;
  options->connect.before = KILN_RESET_DEFAULT;
  options->connect.after = KILN_AFTER_HARD_RESET;
  options->flash_mode = g_strdup ("keep");
  options->flash_freq = g_strdup ("keep");
  options->flash_size = g_strdup ("keep");
  options->compress = KILN_COMPRESS_AUTO;
  options->verify = TRUE;
}

void
kiln_job_options_clear (KilnJobOptions *options)
{
  kiln_connect_options_clear (&options->connect);
  g_clear_pointer (&options->flash_mode, g_free);
  g_clear_pointer (&options->flash_freq, g_free);
  g_clear_pointer (&options->flash_size, g_free);
}

void
kiln_job_options_copy (KilnJobOptions       *dest,
                       const KilnJobOptions *src)
{
  *dest = *src;
  kiln_connect_options_copy (&dest->connect, &src->connect);
  dest->flash_mode = g_strdup (src->flash_mode ? src->flash_mode : "keep");
  dest->flash_freq = g_strdup (src->flash_freq ? src->flash_freq : "keep");
  dest->flash_size = g_strdup (src->flash_size ? src->flash_size : "keep");
}

static void
kiln_job_finalize (GObject *object)
{
  KilnJob *self = KILN_JOB (object);

  kiln_job_options_clear (&self->options);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_free (self->path);
  if (self->callback_destroy != NULL)
    self->callback_destroy (self->callback_data);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  kiln_device_info_clear (&self->info);
  g_free (self->board_state);
  g_clear_pointer (&self->boot_check, kiln_boot_check_unref);
  g_clear_pointer (&self->survey, kiln_flash_survey_free);
  G_OBJECT_CLASS (kiln_job_parent_class)->finalize (object);
}

static void
kiln_job_class_init (KilnJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiln_job_finalize;
}

static void
kiln_job_init (KilnJob *self)
{
  g_mutex_init (&self->lock);
  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_region_free);
  self->region = -1;
}

static KilnJob *
job_new (KilnJobKind           kind,
         const KilnJobOptions *options)
{
  KilnJob *self = g_object_new (KILN_TYPE_JOB, NULL);
  self->kind = kind;
  kiln_job_options_copy (&self->options, options);
  return self;
}

KilnJob *
kiln_job_new_write (const KilnJobOptions *options,
                    GPtrArray            *regions)
{
  KilnJob *self = job_new (KILN_JOB_WRITE, options);
  for (guint i = 0; regions != NULL && i < regions->len; i++)
    g_ptr_array_add (self->regions, kiln_region_copy (g_ptr_array_index (regions, i)));
  return self;
}

KilnJob *
kiln_job_new_read (const KilnJobOptions *options,
                   guint32               address,
                   guint32               size,
                   const char           *path)
{
  KilnJob *self = job_new (KILN_JOB_READ, options);
  self->address = address;
  self->size = size;
  self->path = g_strdup (path);
  return self;
}

KilnJob *
kiln_job_new_erase (const KilnJobOptions *options,
                    guint32               address,
                    guint32               size)
{
  KilnJob *self = job_new (KILN_JOB_ERASE, options);
  self->address = address;
  self->size = size;
  return self;
}

KilnJob *
kiln_job_new_info (const KilnJobOptions *options)
{
  return job_new (KILN_JOB_INFO, options);
}

/**
 * kiln_job_new_survey:
 *
 * Connects and reads what the boot looks at (kiln_flash_survey_run());
 * kiln_job_get_survey() has the outcome.  Writes nothing, and runs on a
 * chip with flash encryption on too.
 */
KilnJob *
kiln_job_new_survey (const KilnJobOptions *options)
{
  return job_new (KILN_JOB_SURVEY, options);
}

void
kiln_job_set_callbacks (KilnJob                *self,
                        const KilnJobCallbacks *callbacks,
                        gpointer                user_data,
                        GDestroyNotify          destroy)
{
  if (self->callback_destroy != NULL)
    self->callback_destroy (self->callback_data);
  self->callbacks = *callbacks;
  self->callback_data = user_data;
  self->callback_destroy = destroy;
}

KilnJobKind
kiln_job_get_kind (KilnJob *self)
{
  return self->kind;
}

GPtrArray *
kiln_job_get_regions (KilnJob *self)
{
  return self->regions;
}

const KilnDeviceInfo *
kiln_job_get_device_info (KilnJob *self)
{
  return self->have_info ? &self->info : NULL;
}

const KilnJobSummary *
kiln_job_get_summary (KilnJob *self)
{
  return &self->summary;
}

const char *
kiln_job_get_board_state (KilnJob *self)
{
  return self->board_state;
}

/* ---- delivering callbacks ------------------------------------------- */

typedef enum { MSG_LOG, MSG_REGION, MSG_INFO } MsgKind;

typedef struct
{
  KilnJob       *job;
  MsgKind        kind;
  int            level;
  guint          index;
  KilnRegionState state;
  char          *text;
  KilnDeviceInfo info;
} Msg;

static void
msg_free (gpointer data)
{
  Msg *m = data;
  g_object_unref (m->job);
  g_free (m->text);
  kiln_device_info_clear (&m->info);
  g_free (m);
}

static void
msg_deliver (Msg *m)
{
  KilnJob *self = m->job;
  switch (m->kind)
    {
    case MSG_LOG:
      if (self->callbacks.log != NULL)
        self->callbacks.log ((KilnLogLevel) m->level, m->text, self->callback_data);
      break;
    case MSG_REGION:
      if (self->callbacks.region_state != NULL)
        self->callbacks.region_state (m->index, m->state, m->text, self->callback_data);
      break;
    case MSG_INFO:
      if (self->callbacks.device_info != NULL)
        self->callbacks.device_info (&m->info, self->callback_data);
      break;
    }
}

static gboolean
msg_dispatch (gpointer data)
{
  msg_deliver (data);
  return G_SOURCE_REMOVE;
}

/* Runs @func in @self's context, always from its main loop.  Not
 * g_main_context_invoke(): when no loop holds the context (a caller
 * between two g_main_loop_run()s) it calls @func right here, in the
 * worker thread, and report() would then deadlock on its own lock. */
static void
invoke_later (KilnJob        *self,
              GSourceFunc     func,
              gpointer        data,
              GDestroyNotify  notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[kiln] job callback");
  g_source_attach (source, self->context);
}

static void
post (KilnJob *self,
      Msg     *m)
{
  m->job = g_object_ref (self);
  if (self->context == NULL)
    {
      msg_deliver (m);
      msg_free (m);
      return;
    }
  invoke_later (self, msg_dispatch, m, msg_free);
}

void G_GNUC_PRINTF (3, 4)
kiln_job_log (KilnJob    *self,
              int         level,
              const char *format,
              ...)
{
  Msg *m = g_new0 (Msg, 1);
  va_list args;

  va_start (args, format);
  m->kind = MSG_LOG;
  m->level = level;
  m->text = g_strdup_vprintf (format, args);
  va_end (args);
  post (self, m);
}

static void
device_log (int         level,
            const char *message,
            gpointer    user_data)
{
  kiln_job_log (user_data, level, "%s", message);
}

void
kiln_job_region_state (KilnJob         *self,
                       guint            index,
                       KilnRegionState  state,
                       const char      *detail)
{
  Msg *m = g_new0 (Msg, 1);
  m->kind = MSG_REGION;
  m->index = index;
  m->state = state;
  m->text = g_strdup (detail);
  post (self, m);
}

static void
announce_info (KilnJob *self)
{
  Msg *m = g_new0 (Msg, 1);
  m->kind = MSG_INFO;
  kiln_device_info_copy (&m->info, &self->info);
  post (self, m);
}

static gboolean
progress_dispatch (gpointer data)
{
  KilnJob *self = data;
  KilnProgress p;

  g_mutex_lock (&self->lock);
  p = self->pending;
  self->progress_scheduled = FALSE;
  g_mutex_unlock (&self->lock);
  if (self->callbacks.progress != NULL)
    self->callbacks.progress (&p, self->callback_data);
  return G_SOURCE_REMOVE;
}

void
kiln_job_report (KilnJob *self,
                 guint64  done,
                 guint64  total,
                 gboolean force)
{
  KilnProgress p = { 0 };
  gint64 now = g_get_monotonic_time ();
  double elapsed = (now - self->rate_start) / 1e6;
  guint64 overall = self->overall_done + done;

  /* A UI gains nothing from more than ~30 updates a second. */
  if (!force && now - self->last_progress < 30000)
    return;
  self->last_progress = now;

  p.phase = self->phase;
  p.region = self->region;
  p.n_regions = self->regions->len;
  p.done = done;
  p.total = total;
  p.overall_done = overall;
  p.overall_total = self->overall_total;
  p.seconds_left = -1;
  if (elapsed > 0.2 && overall > self->rate_base)
    {
      p.bytes_per_second = (overall - self->rate_base) / elapsed;
      if (self->overall_total > overall)
        p.seconds_left = (self->overall_total - overall) / p.bytes_per_second;
      else
        p.seconds_left = 0;
    }

  if (self->context == NULL)
    {
      if (self->callbacks.progress != NULL)
        self->callbacks.progress (&p, self->callback_data);
      return;
    }
  g_mutex_lock (&self->lock);
  self->pending = p;
  if (!self->progress_scheduled)
    {
      self->progress_scheduled = TRUE;
      invoke_later (self, progress_dispatch, g_object_ref (self), g_object_unref);
    }
  g_mutex_unlock (&self->lock);
}

void
kiln_job_set_phase (KilnJob   *self,
                    KilnPhase  phase,
                    gint       region)
{
  self->phase = phase;
  self->region = region;
  kiln_job_report (self, 0, 0, TRUE);
}

void
kiln_job_flash_progress (guint64  done,
                         guint64  total,
                         gpointer user_data)
{
  KilnJob *self = user_data;

  /* Progress through a region written in parts counts what was skipped or
   * written before the part. */
  if (self->region_len != 0)
    kiln_job_report (self, self->region_done + done, self->region_len, done == total);
  else
    kiln_job_report (self, done, total, done == total);
}

/* ---- the work ----------------------------------------------------------- */

static gint
parse_param (const char  *value,
             const char  *what,
             gint         code,
             GError     **error)
{
  if (code < 0)
    g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                 _("Unknown flash %s “%s” for this chip."), what, value);
  return code;
}

/* *@flash_size: the size the layout is checked against (the user's, else
 * the detected one); *@chosen: the user's explicit size in bytes, 0 for
 * keep/detect. */
gboolean
kiln_job_flash_params (KilnJob         *self,
                       KilnFlashParams *params,
                       guint32         *flash_size,
                       guint32         *chosen,
                       GError         **error)
{
  const KilnChipInfo *chip = self->info.chip;
  const char *mode = self->options.flash_mode;
  const char *freq = self->options.flash_freq;
  const char *size = self->options.flash_size;

  params->mode = params->freq = params->size = -1;
  *flash_size = self->info.flash_size;
  *chosen = 0;

  if (mode != NULL && g_strcmp0 (mode, "keep") != 0)
    {
      guint8 m;
      if (parse_param (mode, _("mode"), kiln_flash_mode_parse (mode, &m) ? m : -1, error) < 0)
        return FALSE;
      params->mode = m;
    }
  if (freq != NULL && g_strcmp0 (freq, "keep") != 0)
    {
      const KilnFlashFreq *f = kiln_chip_flash_freq_lookup (chip, freq);
      if (parse_param (freq, _("frequency"), f ? f->code : -1, error) < 0)
        return FALSE;
      params->freq = f->code;
    }
  if (size != NULL && g_strcmp0 (size, "detect") == 0)
    {
      const KilnFlashSize *s = self->info.flash_size
                                 ? kiln_chip_flash_size_by_bytes (chip, self->info.flash_size)
                                 : NULL;
      if (s == NULL)
        {
          kiln_job_log (self, KILN_LOG_WARNING,
                   _("The flash size could not be detected; the image headers keep theirs."));
        }
      else
        params->size = s->code;
    }
  else if (size != NULL && g_strcmp0 (size, "keep") != 0)
    {
      const KilnFlashSize *s = kiln_chip_flash_size_lookup (chip, size);
      const KilnFlashMap *map = chip->id == KILN_CHIP_ESP8266 ? kiln_flash_map_lookup (size) : NULL;
      guint32 bytes;

      /* The ESP8266 maps also go by the download tool's and old esptool's names. */
      if (s == NULL && map != NULL)
        s = kiln_chip_flash_size_by_code (chip, (guint8) map->map);
      if (parse_param (size, _("size"), s ? s->code : -1, error) < 0)
        return FALSE;
      params->size = s->code;
      bytes = s->bytes;
      if (self->info.flash_size != 0 && bytes > self->info.flash_size)
        kiln_job_log (self, KILN_LOG_WARNING,
                 _("The chosen flash size %s is larger than the flash on the board (%u KiB)."),
                 size, self->info.flash_size / 1024);
      *flash_size = bytes;
      *chosen = bytes;
    }
  return TRUE;
}

/* The flash size the loader goes by (SPI_SET_PARAMS): the user's when
 * given, else the detected one (already told while connecting), else —
 * with a flash that does not say its id — the size in the header of the
 * boot loader being written.  Without it an ESP32-family ROM refuses
 * everything above 2 MB. */
gboolean
kiln_job_tell_flash_size (KilnJob     *self,
                          KilnDevice  *device,
                          guint32      chosen,
                          GError     **error)
{
  guint32 size = chosen;
  const char *why = _("the chosen flash size");

  if (size == 0 && self->info.flash_size == 0 && self->regions != NULL)
    for (guint i = 0; i < self->regions->len && size == 0; i++)
      {
        KilnRegion *r = g_ptr_array_index (self->regions, i);
        g_autoptr(KilnImageInfo) info = NULL;
        const KilnFlashSize *s;

        if (r->address != self->info.chip->bootloader_offset ||
            !kiln_region_is_for_chip (r, self->info.chip))
          continue;
        info = kiln_image_info_new (r->data, self->info.chip);
        if (info->chip != self->info.chip || !info->structure_ok)
          continue;
        s = kiln_chip_flash_size_by_code (self->info.chip, info->flash_size_code);
        if (s != NULL)
          {
            size = s->bytes;
            why = _("from the boot loader's header; the flash does not say");
          }
      }
  if (size == 0 || size == self->info.flash_size)
    return TRUE;
  {
    g_autofree char *text = kiln_format_size (size);
    kiln_job_log (self, KILN_LOG_INFO, _("Flash size for the loader: %s (%s)."), text, why);
  }
  return kiln_device_set_flash_size (device, size, error);
}

/* Before the first command that would fail half-way: a ROM refuses what
 * lies beyond the flash size it assumes or was told. */
gboolean
kiln_job_check_loader_reach (KilnJob     *self,
                             KilnDevice  *device,
                             const char  *what,
                             guint32      address,
                             guint64      end,
                             GError     **error)
{
  guint32 reach = kiln_device_get_loader_flash_size (device);
  g_autofree char *reach_text = NULL;

  if (reach == 0 || end <= reach)
    return TRUE;
  reach_text = kiln_format_size (reach);
  if (!(self->info.chip->rom_features & KILN_ROM_SPI_SET_PARAMS) && !self->info.stub)
    g_set_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS,
                 _("The %s ROM loader reaches only the first %s of flash, and %s at 0x%x goes "
                   "beyond. That needs a flasher stub: do not force the ROM loader (--no-stub)."),
                 self->info.chip->display_name, reach_text, what, address);
  else if (self->info.flash_size == 0)
    g_set_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS,
                 _("The flash did not report its size (JEDEC id 0x%06x), so the loader assumes "
                   "%s and would refuse %s at 0x%x. Choose the flash size (for example -s 4MB, or "
                   "Flash Size in the app)."),
                 self->info.flash_id, reach_text, what, address);
  else
    g_set_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS,
                 _("%s at 0x%x goes beyond the %s flash the loader was told of."),
                 what, address, reach_text);
  return FALSE;
}

/* Reading and erasing: only a size the user gave is told (a flash that
 * does not say its id is otherwise believed to be the loader's default). */
static gboolean
tell_chosen_size (KilnJob     *self,
                  KilnDevice  *device,
                  GError     **error)
{
  const char *size = self->options.flash_size;
  KilnFlashParams params;
  guint32 layout, chosen;

  if (size == NULL || g_str_equal (size, "keep") || g_str_equal (size, "detect"))
    return TRUE;
  return kiln_job_flash_params (self, &params, &layout, &chosen, error) &&
         kiln_job_tell_flash_size (self, device, chosen, error);
}

static gboolean
run_read (KilnJob       *self,
          KilnDevice    *device,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree guint8 *buf = NULL;
  guint32 fsize = self->info.flash_size;

  if (self->size == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                   _("The size to read is zero."));
      return FALSE;
    }
  if (fsize != 0 && (guint64) self->address + self->size > fsize)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS,
                   _("Reading 0x%x bytes at 0x%x goes past the end of the %u KiB flash."),
                   self->size, self->address, fsize / 1024);
      return FALSE;
    }
  if (!tell_chosen_size (self, device, error) ||
      !kiln_job_check_loader_reach (self, device, _("the read"), self->address,
                           (guint64) self->address + self->size, error))
    return FALSE;
  buf = g_try_malloc (self->size);
  if (buf == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_FAILED, _("Not enough memory to read %u bytes."),
                   self->size);
      return FALSE;
    }
  kiln_job_set_phase (self, KILN_PHASE_READING, -1);
  self->overall_total = self->size;
  self->rate_start = g_get_monotonic_time ();
  kiln_job_log (self, KILN_LOG_INFO, _("Reading %u bytes at 0x%x…"), self->size, self->address);
  if (!kiln_flash_read (device, self->address, buf, self->size, kiln_job_flash_progress, self, cancellable,
                        error))
    return FALSE;
  if (!g_file_set_contents (self->path, (const char *) buf, self->size, error))
    return FALSE;
  kiln_job_log (self, KILN_LOG_INFO, _("Saved to %s."), self->path);
  return TRUE;
}

static gboolean
run_erase (KilnJob       *self,
           KilnDevice    *device,
           GCancellable  *cancellable,
           GError       **error)
{
  kiln_job_set_phase (self, KILN_PHASE_ERASING, -1);
  if (!tell_chosen_size (self, device, error))
    return FALSE;
  if (self->size == 0)
    {
      kiln_job_log (self, KILN_LOG_INFO, _("Erasing the whole flash…"));
      return kiln_flash_erase_all (device, cancellable, error);
    }
  if (self->info.flash_size != 0 && (guint64) self->address + self->size > self->info.flash_size)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_REGION_BOUNDS,
                   _("Erasing 0x%x bytes at 0x%x goes past the end of the %u KiB flash."),
                   self->size, self->address, self->info.flash_size / 1024);
      return FALSE;
    }
  if (!kiln_job_check_loader_reach (self, device, _("the erase"), self->address,
                           (guint64) self->address + self->size, error))
    return FALSE;
  kiln_job_log (self, KILN_LOG_INFO, _("Erasing 0x%x bytes at 0x%x…"), self->size, self->address);
  return kiln_flash_erase_region (device, self->address, self->size, cancellable, error);
}

static gboolean
check_security (KilnJob  *self,
                GError  **error)
{
  g_autofree char *text = kiln_device_info_describe_security (&self->info);

  if (text == NULL)
    return TRUE;
  if (self->kind == KILN_JOB_INFO || self->kind == KILN_JOB_SURVEY)
    {
      kiln_job_log (self, KILN_LOG_WARNING, "%s", text);
      return TRUE;
    }
  g_set_error (error, KILN_ERROR, KILN_ERROR_SECURITY,
               _("%s Kiln will not write plain images to this chip: it would no longer boot. "
                 "Update it with the signed/encrypted images your build system produces, or "
                 "through OTA."), text);
  return FALSE;
}

/* The boot check takes the place of the hard reset at the end: it does
 * that reset itself, then listens.  Its outcome never fails the job, which
 * wrote what it was asked to. */
static void
check_boot (KilnJob      *self,
            KilnDevice   *device,
            GCancellable *cancellable)
{
  KilnBootCheckOptions options;
  g_autoptr(GError) error = NULL;
  const KilnFlashMap *map = kiln_flash_map_lookup (self->options.flash_size);

  if (self->options.connect.after == KILN_AFTER_NO_RESET)
    {
      kiln_job_log (self, KILN_LOG_WARNING, _("Boot not checked: the board is to stay in its "
                                         "bootloader (no reset after writing)."));
      return;
    }
  /* Through the ROM's USB-OTG CDC nothing of the boot can be heard here:
   * the ROM and the bootloader print on UART0.  Reset the board into its
   * firmware and say so. */
  if (kiln_device_resets_itself (device))
    {
      kiln_job_set_phase (self, KILN_PHASE_RESETTING, -1);
      kiln_device_finish (device, self->options.connect.after);
      self->boot_check =
        kiln_boot_check_new_skipped (_("Boot not checked: through the chip's own USB-OTG port "
                                       "Kiln cannot hear the boot, as the ROM and the "
                                       "bootloader print on UART0. The board was reset to start "
                                       "its firmware; watch UART0, or the firmware's own USB "
                                       "console once it runs."));
      kiln_job_log (self, KILN_LOG_WARNING, "%s", self->boot_check->summary);
      return;
    }
  kiln_job_set_phase (self, KILN_PHASE_CHECKING_BOOT, -1);
  kiln_job_log (self, KILN_LOG_INFO, _("Resetting the board and checking that the firmware comes up…"));
  kiln_boot_check_options_init (&options);
  /* A USB-Serial/JTAG port leaves the bus at the reset and is back only
   * after the ROM and the bootloader have spoken: reset (the usual end of
   * a job, forced-download flag cleared), wait for the port, and listen
   * to the firmware.  Elsewhere the check resets the board itself. */
  if (!kiln_device_on_chip_usb (device))
    kiln_device_clear_forced_download (device);
  else
    {
      kiln_device_finish (device, self->options.connect.after);
      if (!kiln_device_reopen (device, cancellable, &error))
        {
          g_autofree char *summary = g_strdup_printf (_("Boot not checked: %s"), error->message);

          self->boot_check = kiln_boot_check_new_skipped (summary);
          kiln_job_log (self, KILN_LOG_WARNING, "%s", summary);
          return;
        }
      options.after_reset = TRUE;
    }
  options.chip = self->info.chip != NULL ? self->info.chip->id : KILN_CHIP_AUTO;
  options.xtal_mhz = self->info.xtal_mhz;
  options.app_baud = self->options.app_baud;
  options.flash_map = map != NULL && options.chip == KILN_CHIP_ESP8266 ? (gint) map->map : -1;
  options.dout_only = self->info.flash_dout_only;
  self->boot_check = kiln_boot_check_run (kiln_device_get_transport (device), &options,
                                          cancellable, &error);
  if (self->boot_check == NULL)
    {
      kiln_job_log (self, KILN_LOG_WARNING, _("Boot not checked: %s"), error->message);
      return;
    }
  switch (self->boot_check->status)
    {
    case KILN_BOOT_CHECK_UP:
      kiln_job_log (self, KILN_LOG_INFO, _("Boot check: %s."), self->boot_check->summary);
      if (self->boot_check->detail != NULL)
        kiln_job_log (self, KILN_LOG_INFO, "%s", self->boot_check->detail);
      break;
    case KILN_BOOT_CHECK_FAILED:
      kiln_job_log (self, KILN_LOG_ERROR, _("Boot check: the firmware did not come up: %s."),
               self->boot_check->summary);
      if (self->boot_check->diagnosis != NULL)
        kiln_job_log (self, KILN_LOG_ERROR, "%s %s", self->boot_check->diagnosis->explanation,
                 self->boot_check->diagnosis->fix);
      break;
    case KILN_BOOT_CHECK_UNKNOWN:
      kiln_job_log (self, KILN_LOG_WARNING, _("Boot check: %s."), self->boot_check->summary);
      break;
    case KILN_BOOT_CHECK_SKIPPED:
    default:
      kiln_job_log (self, KILN_LOG_WARNING, "%s", self->boot_check->summary);
      break;
    }
}

/**
 * kiln_job_get_survey:
 *
 * Returns: (transfer none) (nullable): what the last run of a survey job
 *   found, or %NULL
 */
const KilnFlashSurvey *
kiln_job_get_survey (KilnJob *self)
{
  g_return_val_if_fail (KILN_IS_JOB (self), NULL);
  return self->survey;
}

/**
 * kiln_job_get_boot_check:
 *
 * Returns: (transfer none) (nullable): the boot check of the last run of a
 *   write job with check_boot, or %NULL
 */
KilnBootCheck *
kiln_job_get_boot_check (KilnJob *self)
{
  g_return_val_if_fail (KILN_IS_JOB (self), NULL);
  return self->boot_check;
}

/* The survey reads a few hundred bytes, then images whole, whose length
 * only their headers tell (the one the ROM starts; on the ESP8266 also the
 * SDK's user1.bin): those reads take the time (seconds through the
 * ESP32's ROM), and the progress follows each. */
static void
survey_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  KilnJob *self = user_data;

  if (done == 0)
    {
      self->overall_total = total;
      self->rate_start = g_get_monotonic_time ();
      self->rate_base = 0;
    }
  kiln_job_report (self, done, total, done == 0 || done == total);
}

static gboolean
run_survey (KilnJob       *self,
            KilnDevice    *device,
            GCancellable  *cancellable,
            GError       **error)
{
  kiln_job_set_phase (self, KILN_PHASE_READING, -1);
  kiln_job_log (self, KILN_LOG_INFO, _("Reading what the boot looks at…"));
  self->survey = kiln_flash_survey_run (device, survey_progress, self, cancellable, error);
  return self->survey != NULL;
}

/**
 * kiln_job_run:
 *
 * Runs the whole job in the calling thread.  The port is always closed
 * again when this returns.
 */
gboolean
kiln_job_run (KilnJob       *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(KilnDevice) device = NULL;
  g_autoptr(GError) local = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ok = FALSE;

  g_return_val_if_fail (KILN_IS_JOB (self), FALSE);

  memset (&self->summary, 0, sizeof self->summary);
  g_clear_pointer (&self->board_state, g_free);
  g_clear_pointer (&self->boot_check, kiln_boot_check_unref);
  g_clear_pointer (&self->survey, kiln_flash_survey_free);
  self->overall_done = self->overall_total = 0;

  if (self->kind == KILN_JOB_WRITE)
    {
      if (self->regions->len == 0)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_INVALID_ARGUMENT,
                       _("There is nothing to write: add at least one file."));
          return FALSE;
        }
      /* Everything that can be checked without the board is checked first. */
      if (!kiln_layout_check (self->regions, 0, KILN_LAYOUT_ALLOW_UNALIGNED, error))
        return FALSE;
      kiln_job_queue_compression (self);
    }

  if (self->kind == KILN_JOB_READ)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);

      /* Not after reading megabytes at 115200 baud. */
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                       _("Cannot save to %s: the folder %s does not exist."), self->path, dir);
          return FALSE;
        }
      if (g_file_test (self->path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_FILE,
                       _("Cannot save to %s: it is a folder. Give a file name."), self->path);
          return FALSE;
        }
    }

  kiln_job_set_phase (self, KILN_PHASE_CONNECTING, -1);
  device = kiln_device_connect (&self->options.connect, device_log, self, cancellable, &local);
  if (device == NULL)
    goto out;
  kiln_device_info_clear (&self->info);
  kiln_device_info_copy (&self->info, kiln_device_get_info (device));
  self->have_info = TRUE;
  announce_info (self);

  if (!check_security (self, &local))
    goto out;

  switch (self->kind)
    {
    case KILN_JOB_WRITE: ok = kiln_job_run_write (self, device, cancellable, &local); break;
    case KILN_JOB_READ: ok = run_read (self, device, cancellable, &local); break;
    case KILN_JOB_ERASE: ok = run_erase (self, device, cancellable, &local); break;
    case KILN_JOB_INFO: ok = TRUE; break;
    case KILN_JOB_SURVEY: ok = run_survey (self, device, cancellable, &local); break;
    }

  self->summary.bytes_sent = kiln_loader_get_bytes_sent (kiln_device_get_loader (device));
  if (ok && self->kind == KILN_JOB_WRITE && self->options.check_boot)
    check_boot (self, device, cancellable);
  else if (ok)
    {
      kiln_job_set_phase (self, KILN_PHASE_RESETTING, -1);
      kiln_device_finish (device, self->options.connect.after);
    }

out:
  g_clear_pointer (&self->deflater, kiln_deflater_free);
  self->summary.seconds = (g_get_monotonic_time () - start) / 1e6;
  if (!ok)
    {
      if (self->board_state == NULL && device != NULL &&
          (g_error_matches (local, KILN_ERROR, KILN_ERROR_IMAGE_MISMATCH) ||
           g_error_matches (local, KILN_ERROR, KILN_ERROR_REGION_BOUNDS)))
        self->board_state = g_strdup (_("Nothing was erased or written; the board is still in "
                                        "its bootloader and the port was released."));
      else if (self->board_state == NULL && device != NULL && self->kind != KILN_JOB_INFO
               && self->kind != KILN_JOB_SURVEY)
        self->board_state = g_strdup (_("The board is still in its bootloader; the port was "
                                        "released. Start again to retry."));
      if (local != NULL && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kiln_job_log (self, KILN_LOG_WARNING, _("Stopped."));
      else if (local != NULL)
        kiln_job_log (self, KILN_LOG_ERROR, "%s", local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  self->phase = KILN_PHASE_DONE;
  kiln_job_report (self, self->overall_total, self->overall_total, TRUE);
  return TRUE;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  KilnJob *self = source_object;
  GError *error = NULL;

  if (kiln_job_run (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * kiln_job_run_async:
 *
 * Runs the job in a worker thread.  Callbacks arrive in the thread-default
 * main context of the caller; @callback runs there once the port is closed.
 */
void
kiln_job_run_async (KilnJob             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kiln_job_run_async);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
kiln_job_run_finish (KilnJob       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
