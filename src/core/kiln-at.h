/* kiln-at.h: talking to Espressif AT firmware: collect a command's reply,
 * parse AT+GMR.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiln-transport.h"

G_BEGIN_DECLS

/**
 * KilnAtStatus:
 * @KILN_AT_PENDING: the reply has not ended yet
 * @KILN_AT_OK: "OK"
 * @KILN_AT_ERROR: "ERROR"
 * @KILN_AT_FAIL: "FAIL"
 * @KILN_AT_SEND_OK: "SEND OK" (after data sent with AT+CIPSEND)
 * @KILN_AT_SEND_FAIL: "SEND FAIL"
 * @KILN_AT_PROMPT: ">" at the start of a line: the firmware waits for data
 */
typedef enum
{
  KILN_AT_PENDING,
  KILN_AT_OK,
  KILN_AT_ERROR,
  KILN_AT_FAIL,
  KILN_AT_SEND_OK,
  KILN_AT_SEND_FAIL,
  KILN_AT_PROMPT,
} KilnAtStatus;

const char      *kiln_at_status_to_string   (KilnAtStatus      status);

typedef struct _KilnAtCollector KilnAtCollector;

KilnAtCollector *kiln_at_collector_new      (const char       *command);
void             kiln_at_collector_free     (KilnAtCollector  *self);
KilnAtStatus     kiln_at_collector_feed     (KilnAtCollector  *self,
                                             const guint8     *data,
                                             gsize             len,
                                             gsize            *consumed);
KilnAtStatus     kiln_at_collector_get_status (KilnAtCollector *self);
const char      *kiln_at_collector_get_reply  (KilnAtCollector *self);
gboolean         kiln_at_collector_got_data   (KilnAtCollector *self);

/**
 * KilnAtVersion:
 * @at_version: "1.7.3.0", "2.2.0.0"
 * @at_version_info: (nullable): what follows in parentheses:
 *   "Mar 19 2020 18:15:04", "c6fa6bf - ESP32 - Jul  2 2021 06:44:05"
 * @sdk_version: (nullable): "3.0.3", "v4.2.2-76-gefa6eca"
 * @sdk_version_info: (nullable): "8427744"
 * @compile_time: (nullable): "Mar 24 2020 16:16:12"
 * @compile_commit: (nullable): "3e0d049" in "compile time(3e0d049):…"
 * @bin_version: (nullable): "3.0.3", "2.2.0"
 * @bin_module: (nullable): "Wroom 02", "WROOM-32"
 */
typedef struct
{
  char *at_version;
  char *at_version_info;
  char *sdk_version;
  char *sdk_version_info;
  char *compile_time;
  char *compile_commit;
  char *bin_version;
  char *bin_module;
} KilnAtVersion;

KilnAtVersion   *kiln_at_parse_gmr          (const char       *reply,
                                             GError          **error);
void             kiln_at_version_free       (KilnAtVersion    *version);
char            *kiln_at_version_to_string  (const KilnAtVersion *version);

char            *kiln_at_command_full       (KilnTransport    *transport,
                                             const char       *command,
                                             guint             timeout_ms,
                                             KilnAtStatus     *status,
                                             GCancellable     *cancellable,
                                             GError          **error);
char            *kiln_at_command            (KilnTransport    *transport,
                                             const char       *command,
                                             guint             timeout_ms,
                                             GCancellable     *cancellable,
                                             GError          **error);
gboolean         kiln_at_wait_ready         (KilnTransport    *transport,
                                             guint             timeout_ms,
                                             gboolean         *ready,
                                             GCancellable     *cancellable,
                                             GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnAtCollector, kiln_at_collector_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnAtVersion, kiln_at_version_free)

G_END_DECLS
