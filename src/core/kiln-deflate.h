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

G_END_DECLS
