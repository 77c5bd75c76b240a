/* kiln-job.h: one flashing job — connect, then write/read/erase/inspect,
 * verify, reset — with structured progress and cancellation.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiln-bootcheck.h"
#include "kiln-chip.h"
#include "kiln-connect.h"
#include "kiln-flash-survey.h"
#include "kiln-layout.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_JOB_WRITE,      /* write the regions (optionally erase all first) */
  KILN_JOB_READ,       /* read address/size into a file */
  KILN_JOB_ERASE,      /* erase address/size, or the whole chip when size is 0 */
  KILN_JOB_INFO,       /* connect and detect only */
  KILN_JOB_SURVEY,     /* read what the boot looks at and say why it fails */
} KilnJobKind;

typedef enum
{
  KILN_PHASE_CONNECTING,
  KILN_PHASE_DETECTING,
  KILN_PHASE_PREPARING,  /* stub upload, baud change, flash attach */
  KILN_PHASE_ERASING,
  KILN_PHASE_WRITING,
  KILN_PHASE_VERIFYING,
  KILN_PHASE_READING,
  KILN_PHASE_RESETTING,
  KILN_PHASE_CHECKING_BOOT,  /* after a write: watching the firmware start */
  KILN_PHASE_DONE,
} KilnPhase;

const char *kiln_phase_to_string (KilnPhase phase);  /* translated, for labels */

/**
 * KilnProgress:
 * @phase: what the job is doing
 * @region: index into the job's regions, or -1
 * @n_regions: number of regions
 * @done: bytes of the current phase/region done
 * @total: bytes of the current phase/region in all
 * @overall_done: bytes done over the whole job (writes: uncompressed)
 * @overall_total: bytes over the whole job
 * @bytes_per_second: smoothed payload rate, 0 when unknown
 * @seconds_left: estimate for the whole job, < 0 when unknown
 */
typedef struct
{
  KilnPhase phase;
  gint      region;
  guint     n_regions;
  guint64   done;
  guint64   total;
  guint64   overall_done;
  guint64   overall_total;
  double    bytes_per_second;
  double    seconds_left;
} KilnProgress;

typedef enum
{
  KILN_REGION_PENDING,
  KILN_REGION_WRITING,
  KILN_REGION_WRITTEN,
  KILN_REGION_VERIFIED,
  KILN_REGION_SKIPPED,   /* unchanged on the device */
  KILN_REGION_FAILED,
} KilnRegionState;

typedef enum
{
  KILN_LOG_INFO,
  KILN_LOG_WARNING,
  KILN_LOG_ERROR,
  KILN_LOG_TRACE,
} KilnLogLevel;

/**
 * KilnJobCallbacks:
 *
 * With kiln_job_run() the callbacks run in the calling thread; with
 * kiln_job_run_async() they run in the thread-default main context of the
 * caller of kiln_job_run_async(), never in the worker thread.  Progress is
 * coalesced (at most one pending update at a time), log lines and region
 * states are delivered in order.  All may be NULL.
 */
typedef struct
{
  void (*progress)     (const KilnProgress *progress, gpointer user_data);
  void (*log)          (KilnLogLevel level, const char *message, gpointer user_data);
  void (*region_state) (guint index, KilnRegionState state, const char *detail, gpointer user_data);
  void (*device_info)  (const KilnDeviceInfo *info, gpointer user_data);
} KilnJobCallbacks;

typedef enum
{
  KILN_COMPRESS_AUTO,   /* wherever the loader supports it */
  KILN_COMPRESS_ON,
  KILN_COMPRESS_OFF,
} KilnCompress;

/**
 * KilnJobOptions:
 * @connect: port, baud, chip, reset modes, stub
 * @flash_mode: "keep", "qio", "qout", "dio", "dout"
 * @flash_freq: "keep", "80m", "40m", "26m", "20m" …
 * @flash_size: "keep", "detect" or a size name ("4MB", "16Mbit-C1")
 * @erase_all: erase the whole flash before writing
 * @compress: see #KilnCompress
 * @verify: check each region after writing (MD5 or read-back)
 * @skip_unchanged: compare first and write only what differs
 * @crystal_mhz: ESP8266: write this crystal (26, 40, 24) into the PHY init
 *   data being flashed, as Espressif's download tool does; 0 leaves it
 * @force: write images that would not run on the detected board (another
 *   chip, an excluded revision, more flash than the board has, the wrong
 *   address): without it such a job fails with %KILN_ERROR_IMAGE_MISMATCH
 *   before anything is erased
 * @check_boot: after a write, reset the board into its firmware and check
 *   that it comes up (kiln-bootcheck.h); the write succeeds either way,
 *   kiln_job_get_boot_check() tells the outcome
 * @app_baud: the rate the firmware talks at, for the boot check; 0 means
 *   115200
 */
typedef struct
{
  KilnConnectOptions connect;
  char              *flash_mode;
  char              *flash_freq;
  char              *flash_size;
  gboolean           erase_all;
  KilnCompress       compress;
  gboolean           verify;
  gboolean           skip_unchanged;
  guint              crystal_mhz;
  gboolean           force;
  gboolean           check_boot;
  guint              app_baud;
} KilnJobOptions;

void kiln_job_options_init  (KilnJobOptions       *options);  /* sensible defaults */
void kiln_job_options_clear (KilnJobOptions       *options);
void kiln_job_options_copy  (KilnJobOptions       *dest,
                             const KilnJobOptions *src);

/**
 * KilnJobSummary:
 * @bytes_written: payload bytes written (before compression)
 * @bytes_sent: bytes that crossed the wire, framing included
 * @seconds: wall time of the whole job
 * @verified: every written region was verified
 * @verify_method: how ("MD5", "read-back") or NULL when verification was impossible
 */
typedef struct
{
  guint64     bytes_written;
  guint64     bytes_sent;
  double      seconds;
  gboolean    verified;
  const char *verify_method;
  guint       regions_written;
  guint       regions_skipped;
} KilnJobSummary;

#define KILN_TYPE_JOB (kiln_job_get_type ())
G_DECLARE_FINAL_TYPE (KilnJob, kiln_job, KILN, JOB, GObject)

/* @regions: (element-type KilnRegion): copied */
KilnJob              *kiln_job_new_write       (const KilnJobOptions *options,
                                                GPtrArray            *regions);
KilnJob              *kiln_job_new_read        (const KilnJobOptions *options,
                                                guint32               address,
                                                guint32               size,
                                                const char           *path);
KilnJob              *kiln_job_new_erase       (const KilnJobOptions *options,
                                                guint32               address,
                                                guint32               size);
KilnJob              *kiln_job_new_info        (const KilnJobOptions *options);
KilnJob              *kiln_job_new_survey      (const KilnJobOptions *options);

void                  kiln_job_set_callbacks   (KilnJob                *self,
                                                const KilnJobCallbacks *callbacks,
                                                gpointer                user_data,
                                                GDestroyNotify          destroy);
KilnJobKind           kiln_job_get_kind        (KilnJob  *self);
GPtrArray            *kiln_job_get_regions     (KilnJob  *self);  /* (element-type KilnRegion) */

gboolean              kiln_job_run             (KilnJob       *self,
                                                GCancellable  *cancellable,
                                                GError       **error);
void                  kiln_job_run_async       (KilnJob             *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean              kiln_job_run_finish      (KilnJob       *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* Valid after the job connected (device info) or finished (summary). */
const KilnDeviceInfo *kiln_job_get_device_info (KilnJob  *self);
const KilnJobSummary *kiln_job_get_summary     (KilnJob  *self);
/* After a failure or cancellation: one sentence on the board's state
 * ("The board is still in the bootloader; nothing outside 0x10000–0x1fffff
 * was touched."), or NULL. */
const char           *kiln_job_get_board_state (KilnJob  *self);
/* After a write with check_boot: whether the firmware came up, or NULL. */
KilnBootCheck        *kiln_job_get_boot_check  (KilnJob  *self);
/* After a survey job: what the flash holds where the boot looks. */
const KilnFlashSurvey *kiln_job_get_survey     (KilnJob  *self);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KilnJobOptions, kiln_job_options_clear)

G_END_DECLS
