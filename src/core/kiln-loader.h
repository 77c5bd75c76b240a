/* kiln-loader.h: the ROM and stub loader command layer.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Callers run FLASH_BEGIN → FLASH_DATA… → (FLASH_END) in order, from one
 * thread.  Every request waits for the reply whose command byte matches.
 */
#pragma once

#include <gio/gio.h>

#include "kiln-transport.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_OP_FLASH_BEGIN      = 0x02,
  KILN_OP_FLASH_DATA       = 0x03,
  KILN_OP_FLASH_END        = 0x04,
  KILN_OP_MEM_BEGIN        = 0x05,
  KILN_OP_MEM_END          = 0x06,
  KILN_OP_MEM_DATA         = 0x07,
  KILN_OP_SYNC             = 0x08,
  KILN_OP_WRITE_REG        = 0x09,
  KILN_OP_READ_REG         = 0x0A,
  KILN_OP_SPI_SET_PARAMS   = 0x0B,
  KILN_OP_SPI_ATTACH       = 0x0D,
  KILN_OP_READ_FLASH_SLOW  = 0x0E,
  KILN_OP_CHANGE_BAUDRATE  = 0x0F,
  KILN_OP_FLASH_DEFL_BEGIN = 0x10,
  KILN_OP_FLASH_DEFL_DATA  = 0x11,
  KILN_OP_FLASH_DEFL_END   = 0x12,
  KILN_OP_SPI_FLASH_MD5    = 0x13,
  KILN_OP_GET_SECURITY_INFO = 0x14,
  KILN_OP_ERASE_FLASH      = 0xD0,
  KILN_OP_ERASE_REGION     = 0xD1,
  KILN_OP_READ_FLASH       = 0xD2,
  KILN_OP_RUN_USER_CODE    = 0xD3,
} KilnOp;

#define KILN_ROM_BLOCK_SIZE   0x400u
#define KILN_STUB_BLOCK_SIZE  0x4000u
#define KILN_RAM_BLOCK_SIZE   0x1800u

/* Default timeouts, in ms; size-scaled ones are per MB (10^6 bytes). */
#define KILN_TIMEOUT_DEFAULT        3000u
#define KILN_TIMEOUT_SYNC           100u
#define KILN_TIMEOUT_ERASE_PER_MB   40000u
#define KILN_TIMEOUT_WRITE_PER_MB   40000u
#define KILN_TIMEOUT_MD5_PER_MB     8000u
#define KILN_TIMEOUT_CHIP_ERASE     120000u
#define KILN_TIMEOUT_MAX            240000u

guint kiln_timeout_scaled (guint per_mb_ms, guint64 bytes);

typedef struct _KilnLoader KilnLoader;

typedef void (*KilnTraceFunc) (const char *line, gpointer user_data);

KilnLoader *kiln_loader_new            (KilnTransport *transport);
void        kiln_loader_free           (KilnLoader    *self);
KilnTransport *kiln_loader_get_transport (KilnLoader  *self);
void        kiln_loader_set_transport  (KilnLoader    *self,
                                        KilnTransport *transport);
void        kiln_loader_set_trace      (KilnLoader    *self,
                                        KilnTraceFunc  func,
                                        gpointer       user_data);
/* 2 (ESP8266 ROM, any stub) or 4 (ESP32-family ROM). */
void        kiln_loader_set_status_len (KilnLoader    *self,
                                        guint          len);
void        kiln_loader_set_stub       (KilnLoader    *self,
                                        gboolean       stub);
gboolean    kiln_loader_is_stub        (KilnLoader    *self);
void        kiln_loader_mark_supported (KilnLoader    *self,
                                        guint8         op);
void        kiln_loader_set_cancellable (KilnLoader   *self,
                                        GCancellable  *cancellable);
/* Bytes written to the wire so far (framing included). */
guint64     kiln_loader_get_bytes_sent (KilnLoader    *self);
/* Bytes the loader saw outside frames since the last call (boot log,
 * garbage), for diagnosis. */
GBytes     *kiln_loader_take_noise     (KilnLoader    *self);
guint8      kiln_loader_get_last_status (KilnLoader   *self);
guint64     kiln_loader_get_reply_noise (KilnLoader   *self);
gboolean    kiln_loader_discard_input  (KilnLoader    *self,
                                        GError       **error);

/**
 * kiln_loader_command:
 * @op: the opcode
 * @data: (nullable): the payload
 * @checksum: the header checksum word (0 unless a *_DATA command)
 * @expected_len: bytes of reply data expected before the status bytes
 * @timeout_ms: for the reply
 * @value: (out) (optional): the header's value field
 * @reply: (out) (optional): the @expected_len bytes of reply data
 *
 * Sends one command and waits for its reply, skipping stray frames.
 */
gboolean kiln_loader_command     (KilnLoader    *self,
                                  guint8         op,
                                  const guint8  *data,
                                  gsize          len,
                                  guint32        checksum,
                                  guint          expected_len,
                                  guint          timeout_ms,
                                  guint32       *value,
                                  GBytes       **reply,
                                  GError       **error);
/* Sends the command without waiting for any reply. */
gboolean kiln_loader_send        (KilnLoader    *self,
                                  guint8         op,
                                  const guint8  *data,
                                  gsize          len,
                                  guint32        checksum,
                                  GError       **error);
/* Waits for one raw frame (stub READ_FLASH data, OHAI). */
GBytes  *kiln_loader_read_frame  (KilnLoader    *self,
                                  guint          timeout_ms,
                                  GError       **error);
gboolean kiln_loader_write_frame (KilnLoader    *self,
                                  const guint8  *data,
                                  gsize          len,
                                  GError       **error);

/* One SYNC attempt: sends SYNC, waits @timeout_ms for a reply, drains the
 * other seven.  *@stub_detected is TRUE if every reply had value 0. */
gboolean kiln_loader_sync        (KilnLoader    *self,
                                  guint          timeout_ms,
                                  gboolean      *stub_detected,
                                  GError       **error);
gboolean kiln_loader_read_reg    (KilnLoader    *self,
                                  guint32        address,
                                  guint32       *value,
                                  GError       **error);
gboolean kiln_loader_write_reg   (KilnLoader    *self,
                                  guint32        address,
                                  guint32        value,
                                  guint32        mask,
                                  guint32        delay_us,
                                  GError       **error);
gboolean kiln_loader_flash_begin (KilnLoader    *self,
                                  guint32        erase_size,
                                  guint32        num_blocks,
                                  guint32        block_size,
                                  guint32        offset,
                                  gboolean       encrypted_word,
                                  guint          timeout_ms,
                                  GError       **error);
gboolean kiln_loader_flash_data  (KilnLoader    *self,
                                  guint8         op,   /* FLASH_DATA, FLASH_DEFL_DATA or MEM_DATA */
                                  const guint8  *data,
                                  gsize          len,
                                  guint32        seq,
                                  guint          timeout_ms,
                                  GError       **error);
gboolean kiln_loader_flash_data_ahead (KilnLoader *self,
                                  guint8         op,
                                  const guint8  *data,
                                  gsize          len,
                                  guint32        seq,
                                  const guint8  *next,
                                  gsize          next_len,
                                  guint          timeout_ms,
                                  GError       **error);
gboolean kiln_loader_defl_begin  (KilnLoader    *self,
                                  guint32        uncompressed_size,
                                  guint32        num_blocks,
                                  guint32        block_size,
                                  guint32        offset,
                                  gboolean       encrypted_word,
                                  guint          timeout_ms,
                                  GError       **error);
gboolean kiln_loader_flash_end   (KilnLoader    *self,
                                  guint8         op,   /* FLASH_END or FLASH_DEFL_END */
                                  gboolean       reboot,
                                  GError       **error);
gboolean kiln_loader_mem_begin   (KilnLoader    *self,
                                  guint32        size,
                                  guint32        num_blocks,
                                  guint32        block_size,
                                  guint32        address,
                                  GError       **error);
gboolean kiln_loader_mem_end     (KilnLoader    *self,
                                  guint32        entry,
                                  GError       **error);
gboolean kiln_loader_spi_attach  (KilnLoader    *self,
                                  guint32        config,
                                  GError       **error);
gboolean kiln_loader_spi_set_params (KilnLoader *self,
                                  guint32        flash_size,
                                  GError       **error);
gboolean kiln_loader_change_baud (KilnLoader    *self,
                                  guint          new_baud,
                                  guint          old_baud,
                                  GError       **error);
/* @digest: 16 bytes out; the ROM's hex text and the stub's raw bytes both land here. */
gboolean kiln_loader_flash_md5   (KilnLoader    *self,
                                  guint32        address,
                                  guint32        size,
                                  guint8        *digest,
                                  GError       **error);
GBytes  *kiln_loader_read_flash_slow (KilnLoader *self,
                                  guint32        address,
                                  guint32        size,   /* ≤ 64 */
                                  GError       **error);
gboolean kiln_loader_erase_flash (KilnLoader    *self,
                                  GError       **error);
gboolean kiln_loader_erase_region (KilnLoader   *self,
                                  guint32        address,
                                  guint32        size,
                                  GError       **error);
/* 20 or 12 bytes of GET_SECURITY_INFO, or NULL with UNSUPPORTED. */
GBytes  *kiln_loader_security_info (KilnLoader  *self,
                                  guint          expected_len,
                                  GError       **error);

guint8   kiln_loader_checksum    (const guint8  *data,
                                  gsize          len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnLoader, kiln_loader_free)

G_END_DECLS
