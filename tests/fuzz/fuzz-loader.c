/* fuzz-loader.c: the loader's reply parsing, fed by a transport that
 * returns the fuzzer's bytes as the device's answers.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Byte 0 picks the conversation, byte 1 the loader's mode (ROM or stub,
 * 2 or 4 status bytes) and byte 2 how many bytes each read returns; the
 * rest is what the device says.  When the bytes run out the link reports
 * it vanished, so no call ever waits for a timeout.
 */
#include "kiln-error.h"
#include "kiln-fuzz.h"
#include "kiln-loader.h"

typedef struct
{
  KilnTransport  parent;
  const guint8  *data;
  gsize          len;
  gsize          pos;
  gsize          chunk;
} FuzzTransport;

static gboolean
fz_read (KilnTransport  *self,
         guint8         *buf,
         gsize           len,
         gsize          *n_read,
         guint           timeout_ms,
         GError        **error)
{
  FuzzTransport *t = (FuzzTransport *) self;
  gsize n;

  *n_read = 0;
  if (t->pos >= t->len)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PORT_GONE, "end of the fuzz input");
      return FALSE;
    }
  n = MIN (MIN (len, t->len - t->pos), t->chunk);
  memcpy (buf, t->data + t->pos, n);
  t->pos += n;
  *n_read = n;
  return TRUE;
}

static gboolean
fz_write (KilnTransport  *self,
          const guint8   *buf,
          gsize           len,
          GError        **error)
{
  return TRUE;
}

static void
fz_free (KilnTransport *self)
{
  g_free (self);
}

static const KilnTransportOps fz_ops = {
  .name = "fuzz",
  .read = fz_read,
  .write = fz_write,
  .free = fz_free,
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  kiln_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FuzzTransport *t;
  g_autoptr(KilnTransport) transport = NULL;
  g_autoptr(KilnLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) noise = NULL;
  guint8 scenario, mode;
  gboolean stub_detected = FALSE;
  guint32 value = 0;
  guint8 digest[16];
  static const guint8 block[64] = { 0xC0, 0xDB, 0x01 };

  if (size < 3)
    return 0;
  t = g_new0 (FuzzTransport, 1);
  kiln_transport_init (&t->parent, &fz_ops, KILN_TRANSPORT_VIRTUAL, "fuzz", 115200);
  scenario = data[0];
  mode = data[1];
  t->chunk = 1 + data[2] % 64;
  t->data = data + 3;
  t->len = size - 3;
  transport = &t->parent;
  loader = kiln_loader_new (transport);
  kiln_loader_set_stub (loader, mode & 1);
  if (!(mode & 1))
    kiln_loader_set_status_len (loader, mode & 2 ? 4 : 2);

  switch (scenario % 9)
    {
    case 0:
      kiln_loader_sync (loader, 100, &stub_detected, &error);
      break;
    case 1:
      kiln_loader_read_reg (loader, 0x40001000, &value, &error);
      break;
    case 2:
      kiln_loader_flash_md5 (loader, 0x1000, 0x1000, digest, &error);
      break;
    case 3:
      g_clear_pointer (&noise, g_bytes_unref);
      noise = kiln_loader_read_flash_slow (loader, 0, 64, &error);
      break;
    case 4:
      g_clear_pointer (&noise, g_bytes_unref);
      noise = kiln_loader_security_info (loader, mode & 4 ? 20 : 12, &error);
      break;
    case 5:
      /* A stub streaming frames (READ_FLASH data, OHAI). */
      for (guint i = 0; i < 64; i++)
        {
          g_autoptr(GBytes) frame = kiln_loader_read_frame (loader, 100, &error);
          if (frame == NULL)
            break;
        }
      break;
    case 6:
      kiln_loader_flash_data (loader, KILN_OP_FLASH_DEFL_DATA, block, sizeof block, 3, 100,
                              &error);
      break;
    case 7:
      kiln_loader_flash_begin (loader, 0x4000, 16, 0x400, 0x10000, mode & 8, 100, &error);
      break;
    default:
      /* Several commands in a row: stray replies of one reach the next. */
      if (kiln_loader_write_reg (loader, 0x3FF00000, 1, 0xFFFFFFFF, 0, &error) &&
          kiln_loader_spi_attach (loader, 0, &error) &&
          kiln_loader_change_baud (loader, 460800, 115200, &error))
        kiln_loader_erase_region (loader, 0x1000, 0x1000, &error);
      break;
    }
  g_clear_pointer (&noise, g_bytes_unref);
  noise = kiln_loader_take_noise (loader);
  (void) kiln_loader_get_last_status (loader);
  (void) kiln_loader_get_reply_noise (loader);
  return 0;
}
