/* kiln-job-private.h: what the job's files share.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kiln-job.c holds the object, the delivery of its callbacks to the
 * caller's main context, the flash settings, and the reads, erases,
 * surveys and boot checks; kiln-job-write.c holds the write.
 */
#pragma once

#include "kiln-deflate.h"
#include "kiln-job.h"

G_BEGIN_DECLS

struct _KilnJob
{
  GObject          parent_instance;

  KilnJobKind      kind;
  KilnJobOptions   options;
  GPtrArray       *regions;     /* (element-type KilnRegion) */
  guint32          address;
  guint32          size;
  char            *path;

  KilnJobCallbacks callbacks;
  gpointer         callback_data;
  GDestroyNotify   callback_destroy;

  /* Set when run asynchronously: callbacks are delivered there. */
  GMainContext    *context;
  GMutex           lock;
  KilnProgress     pending;
  gboolean         progress_scheduled;

  KilnDeviceInfo   info;
  gboolean         have_info;
  KilnJobSummary   summary;
  char            *board_state;
  KilnBootCheck   *boot_check;
  KilnFlashSurvey *survey;

  /* streams compressed ahead of the write, worker thread only */
  KilnDeflater    *deflater;

  /* progress bookkeeping, worker thread only */
  KilnPhase        phase;
  guint64          region_len;   /* a region written in parts: its size */
  guint64          region_done;  /* and its bytes before the part being written */
  gint             region;
  guint64          overall_done;
  guint64          overall_total;
  gint64           rate_start;
  guint64          rate_base;
  gint64           last_progress;
};

/* Delivered in the caller's context (run synchronously: at once). */
void     kiln_job_log                (KilnJob          *self,
                                      int               level,
                                      const char       *format,
                                      ...) G_GNUC_PRINTF (3, 4);
void     kiln_job_region_state       (KilnJob          *self,
                                      guint             index,
                                      KilnRegionState   state,
                                      const char       *detail);
/* Progress of the current phase, at most some 30 times a second unless
 * @force. */
void     kiln_job_report             (KilnJob          *self,
                                      guint64           done,
                                      guint64           total,
                                      gboolean          force);
void     kiln_job_set_phase          (KilnJob          *self,
                                      KilnPhase         phase,
                                      gint              region);
/* A KilnFlashProgressFunc for @user_data, the job. */
void     kiln_job_flash_progress     (guint64           done,
                                      guint64           total,
                                      gpointer          user_data);

/* The flash settings the options and the chip give, and telling the
 * loader the flash size. */
gboolean kiln_job_flash_params       (KilnJob          *self,
                                      KilnFlashParams  *params,
                                      guint32          *flash_size,
                                      guint32          *chosen,
                                      GError          **error);
gboolean kiln_job_tell_flash_size    (KilnJob          *self,
                                      KilnDevice       *device,
                                      guint32           chosen,
                                      GError          **error);
gboolean kiln_job_check_loader_reach (KilnJob          *self,
                                      KilnDevice       *device,
                                      const char       *what,
                                      guint32           address,
                                      guint64           end,
                                      GError          **error);

/* kiln-job-write.c: compressing the regions ahead of the connection, and
 * the write. */
void     kiln_job_queue_compression  (KilnJob          *self);
gboolean kiln_job_run_write          (KilnJob          *self,
                                      KilnDevice       *device,
                                      GCancellable     *cancellable,
                                      GError          **error);

G_END_DECLS
