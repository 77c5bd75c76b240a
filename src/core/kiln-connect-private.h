/* kiln-connect-private.h: what the files of the connection
 * (kiln-connect*.c) share.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-connect.h"

G_BEGIN_DECLS

/* Where every ROM loader listens after a reset into it. */
#define KILN_ROM_BAUD        115200
/* A register whose value tells the older chips apart (the chip table's
 * magic values). */
#define KILN_CHIP_MAGIC_REG  0x40001000

struct _KilnDevice
{
  KilnTransport      *transport;
  KilnLoader         *loader;
  KilnConnectOptions  options;     /* kept for kiln_device_recover() */
  KilnDeviceInfo      info;
  KilnConnectLogFunc  log;
  gpointer            log_data;
  guint               settled_baud;  /* what KILN_BAUD_AUTO came to, 0 before */
  guint32             told_size;     /* the flash size the loader was given, 0 none */
  gboolean            baud_settled;  /* the rate is as good as it gets: no more switches */
};

/* kiln-connect.c */
void      kiln_device_say           (KilnDevice               *self,
                                     int                       level,
                                     const char               *format,
                                     ...) G_GNUC_PRINTF (3, 4);
gboolean  kiln_device_sync          (KilnDevice               *self,
                                     const KilnConnectOptions *options,
                                     gboolean                 *stub_running,
                                     GCancellable             *cancellable,
                                     GError                  **error);
gboolean  kiln_device_reset_once    (KilnDevice               *self,
                                     const KilnConnectOptions *options,
                                     GCancellable             *cancellable,
                                     GError                  **error);
void      kiln_device_rom_mode      (KilnDevice               *self);
gboolean  kiln_device_run_stub      (KilnDevice               *self,
                                     const KilnConnectOptions *options,
                                     GError                  **error);

/* kiln-connect-identify.c */
gboolean  kiln_device_detect_chip   (KilnDevice               *self,
                                     GError                  **error);
void      kiln_device_read_security (KilnDevice               *self);
gboolean  kiln_device_read_identity (KilnDevice               *self,
                                     GError                  **error);

/* kiln-connect-baud.c */
gboolean  kiln_device_switch_baud   (KilnDevice               *self,
                                     const KilnConnectOptions *options,
                                     GCancellable             *cancellable,
                                     GError                  **error);
gboolean  kiln_device_switch_early  (KilnDevice               *self,
                                     const KilnConnectOptions *options,
                                     GCancellable             *cancellable,
                                     GError                  **error);
gboolean  kiln_device_switch_late   (KilnDevice               *self,
                                     const KilnConnectOptions *options,
                                     GCancellable             *cancellable,
                                     GError                  **error);

G_END_DECLS
