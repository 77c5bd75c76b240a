/* kiln-flash.h: flash operations on a connected device, exact to the byte.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes change nothing outside [address, address + size): bytes that share
 * a 4 KiB sector with the data are read first and written back, and so is
 * the sector the ESP8266 ROM erases by mistake.
 */
#pragma once

#include <gio/gio.h>

#include "kiln-connect.h"
#include "kiln-deflate.h"

G_BEGIN_DECLS

typedef void (*KilnFlashProgressFunc) (guint64  done,
                                       guint64  total,
                                       gpointer user_data);

typedef enum
{
  KILN_FLASH_WRITE_COMPRESS = 1 << 0,   /* deflate where the loader can inflate */
} KilnFlashWriteFlags;

gboolean kiln_flash_read         (KilnDevice             *device,
                                  guint32                 address,
                                  guint8                 *buf,
                                  guint32                 size,
                                  KilnFlashProgressFunc   progress,
                                  gpointer                user_data,
                                  GCancellable           *cancellable,
                                  GError                **error);
gboolean kiln_flash_can_md5      (KilnDevice             *device);
gboolean kiln_flash_md5          (KilnDevice             *device,
                                  guint32                 address,
                                  guint32                 size,
                                  guint8                 *digest,
                                  GError                **error);
/* @bytes_sent: (out) (optional): payload bytes that crossed the wire */
gboolean kiln_flash_write        (KilnDevice             *device,
                                  guint32                 address,
                                  GBytes                 *data,
                                  KilnFlashWriteFlags     flags,
                                  KilnFlashProgressFunc   progress,
                                  gpointer                user_data,
                                  GCancellable           *cancellable,
                                  GError                **error);
gboolean kiln_flash_write_full   (KilnDevice             *device,
                                  guint32                 address,
                                  GBytes                 *data,
                                  KilnFlashWriteFlags     flags,
                                  KilnDeflater           *deflater,
                                  KilnFlashProgressFunc   progress,
                                  gpointer                user_data,
                                  GCancellable           *cancellable,
                                  GError                **error);
void     kiln_flash_queue_compression (KilnDeflater  *deflater,
                                       guint32        address,
                                       GBytes        *data);
gboolean kiln_flash_erase_region (KilnDevice             *device,
                                  guint32                 address,
                                  guint32                 size,
                                  GCancellable           *cancellable,
                                  GError                **error);
gboolean kiln_flash_erase_all    (KilnDevice             *device,
                                  GCancellable           *cancellable,
                                  GError                **error);

/* The ESP8266 ROM's FLASH_BEGIN erase-size workaround: what to send so that
 * the ROM erases @size bytes from @offset (both sector-aligned), and how far
 * the ROM then really erases (it may take one sector more). */
guint32  kiln_flash_rom_erase_size   (guint32 offset,
                                      guint32 size);
guint32  kiln_flash_rom_erase_extent (guint32 offset,
                                      guint32 size);

G_END_DECLS
