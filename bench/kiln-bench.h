/* kiln-bench.h: what the files of the benchmark share.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* kiln-bench-image.c */
GBytes *kiln_bench_image (const char *kind,
                          gsize       size,
                          guint32     seed);

/* kiln-bench-model.c: the bench's assumptions, and the bounds from them */
typedef struct
{
  guint    baud;
  guint    rom_status_len;   /* 2 ESP8266, 4 ESP32 */
  gboolean begin_20;         /* the ROM wants the 5th BEGIN word */
  gboolean verify;           /* an MD5 check follows */
  double   erase_ms;         /* per 4 KiB sector */
  double   block_erase_ms;   /* per 64 KiB block */
  double   write_ms;         /* per 256-byte page */
  double   md5_ms;           /* per MiB */
} KilnBenchModel;

GBytes *kiln_bench_smallest_stream (GBytes               *data);
double  kiln_bench_rom_bound       (const KilnBenchModel *model,
                                    guint32               offset,
                                    GBytes               *data,
                                    GBytes               *stream,
                                    guint64              *must_cross,
                                    guint64              *sent);
double  kiln_bench_wire_bound      (const KilnBenchModel *model,
                                    guint32               offset,
                                    GBytes               *data,
                                    GBytes               *stream,
                                    guint64              *must_cross);
double  kiln_bench_read_bound      (const KilnBenchModel *model,
                                    gsize                 len,
                                    guint64              *must_cross);

G_END_DECLS
