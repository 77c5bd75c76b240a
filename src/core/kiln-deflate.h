/* kiln-deflate.h: the zlib streams the loaders inflate.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A zlib (RFC 1950) stream of @data at the best ratio available. */
GBytes *kiln_deflate_compress   (GBytes  *data,
                                 GError **error);
/* For tests and read-back: inflate a zlib stream. */
GBytes *kiln_deflate_uncompress (GBytes  *stream,
                                 gsize    expected_size,
                                 GError **error);
const char *kiln_deflate_backend (void);

/**
 * KilnDeflater:
 *
 * Compresses payloads in a worker thread, one after the other in the order
 * they were queued, so that a region's stream is ready by the time the
 * write reaches it: while the board is being connected, or while the
 * region before it goes over the wire.  Each payload is compressed once.
 * All functions may be called from any thread.
 */
typedef struct _KilnDeflater KilnDeflater;

KilnDeflater *kiln_deflater_new   (void);
/* Starts compressing @data in the background (a queued payload that is
 * never taken only costs CPU time). */
void          kiln_deflater_queue (KilnDeflater  *self,
                                   GBytes        *data);
/* The zlib stream of @data: the queued one with the same content once it is
 * ready, or one compressed now in the calling thread. */
GBytes       *kiln_deflater_take  (KilnDeflater  *self,
                                   GBytes        *data,
                                   GError       **error);
/* Drops what is still queued; a compression under way finishes in the
 * background and is thrown away. */
void          kiln_deflater_free  (KilnDeflater  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnDeflater, kiln_deflater_free)

G_END_DECLS
