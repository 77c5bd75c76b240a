/* kiln-util.h: small parsers and formatters shared by the CLI and the GUI,
 * a sleep that a cancellable cuts short,
 * and the lock every use of the JSON library holds.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "0x10000", "65536", "64K", "1MB", "4M": at most 0xFFFFFFFF.  @what names
 * the value in the error ("address", "size"). */
gboolean kiln_parse_u32        (const char  *text,
                                const char  *what,
                                guint32     *value,
                                GError     **error);
char    *kiln_format_size      (guint64      bytes);
char    *kiln_format_mac       (const guint8 mac[6]);
gchar   *kiln_md5_hex          (const guint8 *data,
                                gsize         len);
void     kiln_put_le32         (guint8      *p,
                                guint32      v);
guint32  kiln_get_le32         (const guint8 *p);
gboolean kiln_sleep_ms         (guint         ms,
                                GCancellable *cancellable,
                                GError      **error);

/* Around every call into the JSON library that parses text or writes a
 * number: one thread at a time.  Where the C library has no uselocale()
 * (Windows' C runtime), the JSON library sets the process's numeric locale
 * to "C" and back with setlocale() around every parse; two threads doing
 * that at once (the boards of a multi-board run, each loading its flasher
 * stub) crashed the C runtime.  The threads that only read the locale
 * meanwhile are kept safe by kiln_os_numeric_locale_init(). */
void     kiln_json_enter       (void);
void     kiln_json_leave       (void);

void     kiln_locale_init      (const char   *locale);

G_END_DECLS
