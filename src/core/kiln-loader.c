/* kiln-loader.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-loader.h"
#include "kiln-slip.h"
#include "kiln-util.h"

#define MAX_STRAY_FRAMES 100
#define MAX_NOISE        (64 * 1024)
/* A loader never prints text: a reply that gives way to other output
 * followed by this much silence is not coming (the chip reset). */
#define NOISE_QUIET_US   (300 * 1000)

struct _KilnLoader
{
  KilnTransport   *transport;   /* borrowed: the device owns it */
  KilnSlipDecoder  dec;
  guint8           rx[4096];
  gsize            rx_len;
  gsize            rx_pos;
  GByteArray      *noise;
  GByteArray      *tx;
  guint            status_len;
  gboolean         stub;
  GCancellable    *cancellable;
  KilnTraceFunc    trace;
  gpointer         trace_data;
  guint64          bytes_sent;
  guint8           last_status;  /* error code of the last failed reply */
  guint32          known[8];     /* opcodes this loader is known to have (bitmap) */
  guint64          noise_total;  /* bytes seen outside frames, ever */
  guint64          reply_noise;  /* of which while the last command waited in vain */
  gboolean         noise_ends_wait;
  /* The next data packet, built and SLIP-encoded while the reply to the
   * previous one is awaited (kiln_loader_flash_data_ahead()). */
  GByteArray      *ahead_raw;
  GByteArray      *ahead_tx;
};

static const char *
op_name (guint8 op)
{
  switch (op)
    {
    case KILN_OP_FLASH_BEGIN: return "FLASH_BEGIN";
    case KILN_OP_FLASH_DATA: return "FLASH_DATA";
    case KILN_OP_FLASH_END: return "FLASH_END";
    case KILN_OP_MEM_BEGIN: return "MEM_BEGIN";
    case KILN_OP_MEM_END: return "MEM_END";
    case KILN_OP_MEM_DATA: return "MEM_DATA";
    case KILN_OP_SYNC: return "SYNC";
    case KILN_OP_WRITE_REG: return "WRITE_REG";
    case KILN_OP_READ_REG: return "READ_REG";
    case KILN_OP_SPI_SET_PARAMS: return "SPI_SET_PARAMS";
    case KILN_OP_SPI_ATTACH: return "SPI_ATTACH";
    case KILN_OP_READ_FLASH_SLOW: return "READ_FLASH_SLOW";
    case KILN_OP_CHANGE_BAUDRATE: return "CHANGE_BAUDRATE";
    case KILN_OP_FLASH_DEFL_BEGIN: return "FLASH_DEFL_BEGIN";
    case KILN_OP_FLASH_DEFL_DATA: return "FLASH_DEFL_DATA";
    case KILN_OP_FLASH_DEFL_END: return "FLASH_DEFL_END";
    case KILN_OP_SPI_FLASH_MD5: return "SPI_FLASH_MD5";
    case KILN_OP_GET_SECURITY_INFO: return "GET_SECURITY_INFO";
    case KILN_OP_ERASE_FLASH: return "ERASE_FLASH";
    case KILN_OP_ERASE_REGION: return "ERASE_REGION";
    case KILN_OP_READ_FLASH: return "READ_FLASH";
    case KILN_OP_RUN_USER_CODE: return "RUN_USER_CODE";
    default: return "UNKNOWN";
    }
}

guint
kiln_timeout_scaled (guint   per_mb_ms,
                     guint64 bytes)
{
  guint64 t = (guint64) per_mb_ms * bytes / 1000000;
  return (guint) CLAMP (t, KILN_TIMEOUT_DEFAULT, KILN_TIMEOUT_MAX);
}

KilnLoader *
kiln_loader_new (KilnTransport *transport)
{
  KilnLoader *self = g_new0 (KilnLoader, 1);
  self->transport = transport;
  kiln_slip_decoder_init (&self->dec);
  self->noise = g_byte_array_new ();
  self->tx = g_byte_array_sized_new (2 * KILN_STUB_BLOCK_SIZE + 64);
  self->ahead_raw = g_byte_array_sized_new (KILN_STUB_BLOCK_SIZE + 24);
  self->ahead_tx = g_byte_array_sized_new (2 * KILN_STUB_BLOCK_SIZE + 64);
  self->status_len = 2;
  return self;
}

void
kiln_loader_free (KilnLoader *self)
{
  if (self == NULL)
    return;
  kiln_slip_decoder_clear (&self->dec);
  g_byte_array_unref (self->noise);
  g_byte_array_unref (self->tx);
  g_byte_array_unref (self->ahead_raw);
  g_byte_array_unref (self->ahead_tx);
  g_clear_object (&self->cancellable);
  g_free (self);
}

KilnTransport *
kiln_loader_get_transport (KilnLoader *self)
{
  return self->transport;
}

/**
 * kiln_loader_set_transport:
 *
 * Talks through @transport from now on (a port reopened after the chip's
 * own USB device re-enumerated); whatever was half received is dropped.
 */
void
kiln_loader_set_transport (KilnLoader    *self,
                           KilnTransport *transport)
{
  self->transport = transport;
  self->rx_len = 0;
  kiln_slip_decoder_reset (&self->dec);
  g_byte_array_set_size (self->noise, 0);
}

void
kiln_loader_set_trace (KilnLoader    *self,
                       KilnTraceFunc  func,
                       gpointer       user_data)
{
  self->trace = func;
  self->trace_data = user_data;
}

void
kiln_loader_set_status_len (KilnLoader *self,
                            guint       len)
{
  self->status_len = len;
}

void
kiln_loader_set_stub (KilnLoader *self,
                      gboolean    stub)
{
  /* Another loader: what the last one had says nothing. */
  if (stub != self->stub)
    memset (self->known, 0, sizeof self->known);
  self->stub = stub;
  if (stub)
    self->status_len = 2;
}

/**
 * kiln_loader_mark_supported:
 *
 * Records that the running loader has @op (from the chip table, or because
 * it answered it): a later reply that looks like a refusal of @op is then
 * taken for a request damaged on the way, which is worth sending again,
 * rather than for a missing command.
 */
void
kiln_loader_mark_supported (KilnLoader *self,
                            guint8      op)
{
  self->known[op / 32] |= 1u << (op % 32);
}

static gboolean
is_known (KilnLoader *self,
          guint8      op)
{
  return (self->known[op / 32] & (1u << (op % 32))) != 0;
}

gboolean
kiln_loader_is_stub (KilnLoader *self)
{
  return self->stub;
}

void
kiln_loader_set_cancellable (KilnLoader   *self,
                             GCancellable *cancellable)
{
  g_set_object (&self->cancellable, cancellable);
}

guint64
kiln_loader_get_bytes_sent (KilnLoader *self)
{
  return self->bytes_sent;
}

/**
 * kiln_loader_get_last_status:
 *
 * The error code of the last reply that reported a failure (the ROM's
 * second status byte, the stub's first), for telling a packet damaged on
 * the line from a real failure.
 */
guint8
kiln_loader_get_last_status (KilnLoader *self)
{
  return self->last_status;
}

/**
 * kiln_loader_get_reply_noise:
 *
 * Bytes that arrived outside frames while the last kiln_loader_command()
 * waited for its reply.  After a timeout, anything here means the chip is
 * talking but no longer as a loader: it reset and printed its boot log,
 * or it runs at another baud.
 */
guint64
kiln_loader_get_reply_noise (KilnLoader *self)
{
  return self->reply_noise;
}

/**
 * kiln_loader_discard_input:
 *
 * Forgets everything received and not yet consumed, here and in the
 * transport: late replies and half frames after a timeout or a reset.
 * The noise collected so far is kept.
 */
gboolean
kiln_loader_discard_input (KilnLoader  *self,
                           GError     **error)
{
  self->rx_len = self->rx_pos = 0;
  kiln_slip_decoder_reset (&self->dec);
  return kiln_transport_flush_input (self->transport, error);
}

GBytes *
kiln_loader_take_noise (KilnLoader *self)
{
  GBytes *b = g_bytes_new (self->noise->data, self->noise->len);
  g_byte_array_set_size (self->noise, 0);
  return b;
}

static void
trace_packet (KilnLoader   *self,
              const char   *dir,
              const guint8 *data,
              gsize         len)
{
  g_autoptr(GString) s = NULL;

  if (self->trace == NULL)
    return;
  s = g_string_new (NULL);
  g_string_append_printf (s, "%s %s (%zu bytes):", dir,
                          len >= 2 ? op_name (data[1]) : "frame", len);
  for (gsize i = 0; i < MIN (len, 32); i++)
    g_string_append_printf (s, " %02x", data[i]);
  if (len > 32)
    g_string_append (s, " …");
  self->trace (s->str, self->trace_data);
}

gboolean
kiln_loader_write_frame (KilnLoader    *self,
                         const guint8  *data,
                         gsize          len,
                         GError       **error)
{
  g_byte_array_set_size (self->tx, 0);
  kiln_slip_encode (self->tx, data, len);
  trace_packet (self, "→", data, len);
  if (!kiln_transport_write (self->transport, self->tx->data, self->tx->len, error))
    return FALSE;
  self->bytes_sent += self->tx->len;
  return TRUE;
}

static void
note_noise (KilnLoader *self,
            guint8      byte)
{
  self->noise_total++;
  if (self->noise->len < MAX_NOISE)
    g_byte_array_append (self->noise, &byte, 1);
}

/* Returns the next frame (borrowed from the decoder until the next call),
 * or NULL with *timed_out set when the deadline passed. */
static const GByteArray *
next_frame (KilnLoader  *self,
            gint64       deadline,
            gboolean    *timed_out,
            GError     **error)
{
  *timed_out = FALSE;
  for (;;)
    {
      while (self->rx_pos < self->rx_len)
        {
          guint8 b = self->rx[self->rx_pos++];
          switch (kiln_slip_decoder_feed (&self->dec, b))
            {
            case KILN_SLIP_FRAME:
              return self->dec.frame;
            case KILN_SLIP_NOISE:
              note_noise (self, b);
              if (self->noise_ends_wait)
                deadline = MIN (deadline, g_get_monotonic_time () + NOISE_QUIET_US);
              break;
            case KILN_SLIP_BAD:
            case KILN_SLIP_NONE:
              break;
            }
        }
      self->rx_len = self->rx_pos = 0;
      if (!kiln_transport_read_until (self->transport, self->rx, sizeof self->rx, &self->rx_len,
                                      deadline, self->cancellable, error))
        return NULL;
      if (self->rx_len == 0)
        {
          *timed_out = TRUE;
          return NULL;
        }
    }
}

GBytes *
kiln_loader_read_frame (KilnLoader  *self,
                        guint        timeout_ms,
                        GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean timed_out;
  const GByteArray *frame = next_frame (self, deadline, &timed_out, error);

  if (frame == NULL)
    {
      if (timed_out)
        g_set_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT,
                     _("The device on %s sent nothing for %u ms."), self->transport->port,
                     timeout_ms);
      return NULL;
    }
  trace_packet (self, "←", frame->data, frame->len);
  return g_bytes_new (frame->data, frame->len);
}

gboolean
kiln_loader_send (KilnLoader    *self,
                  guint8         op,
                  const guint8  *data,
                  gsize          len,
                  guint32        checksum,
                  GError       **error)
{
  g_autofree guint8 *packet = g_malloc (8 + len);

  g_return_val_if_fail (len <= 0xFFFF, FALSE);
  packet[0] = 0x00;
  packet[1] = op;
  packet[2] = len & 0xFF;
  packet[3] = (len >> 8) & 0xFF;
  kiln_put_le32 (packet + 4, checksum);
  if (len > 0)
    memcpy (packet + 8, data, len);
  return kiln_loader_write_frame (self, packet, 8 + len, error);
}

static const char *
rom_error_text (guint8 code)
{
  switch (code)
    {
    case 0x05: return N_("the loader received a message it does not understand");
    case 0x06: return N_("the loader could not carry out the command");
    case 0x07: return N_("a checksum did not match (data corrupted on the line)");
    case 0x08: return N_("the flash did not hold the data written (flash write error)");
    case 0x09: return N_("reading the flash failed");
    case 0x0A: return N_("the read length is too long");
    case 0x0B: return N_("the compressed data could not be unpacked");
    case 0x0C: return N_("the compressed data's checksum did not match");
    case 0x0D: return N_("the compressed data has a bad parameter");
    case 0x0E: return N_("the RAM image has an invalid size");
    case 0x0F: return N_("the RAM image has an invalid address");
    case 0xC0: return N_("bad data length");
    case 0xC1: return N_("a checksum did not match (data corrupted on the line)");
    case 0xC2: return N_("bad block size");
    case 0xC3: return N_("invalid command");
    case 0xC4: return N_("an SPI flash operation failed");
    case 0xC5: return N_("unlocking the SPI flash failed");
    case 0xC6: return N_("data arrived without a matching begin command");
    case 0xC7: return N_("the compressed data could not be unpacked");
    case 0xC8: return N_("not enough data");
    case 0xC9: return N_("too much data");
    default: return N_("unknown error");
    }
}

/* Data packets are only sent after their BEGIN succeeded, so the loader
 * knows the command: a refusal then means the packet was damaged on the
 * way (a lost or extra byte changes its length). */
static gboolean
is_data_op (guint8 op)
{
  return op == KILN_OP_FLASH_DATA || op == KILN_OP_FLASH_DEFL_DATA || op == KILN_OP_MEM_DATA;
}

static gboolean
status_error (KilnLoader    *self,
              guint8         op,
              const guint8  *status,
              GError       **error)
{
  guint8 code = self->stub ? status[0] : status[1];

  self->last_status = code;
  /* A ROM refuses an opcode it does not know in a reply that echoes the
   * previous one (is_foreign_refusal()); 0x05 under the right opcode is a
   * packet that arrived malformed, worth sending again. */
  if (!is_data_op (op) && self->stub && (code == 0xFF || code == 0xC3))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_UNSUPPORTED,
                   _("The %s loader does not support %s (0x%02x)."),
                   self->stub ? _("stub") : _("ROM"), op_name (op), op);
      return FALSE;
    }
  g_set_error (error, KILN_ERROR, KILN_ERROR_ROM_STATUS,
               _("%s failed: %s (%s error 0x%02x)."), op_name (op), _(rom_error_text (code)),
               self->stub ? _("stub") : _("ROM"), code);
  return FALSE;
}

/* A reply that echoes another opcode but carries "failed, 0x05" is how the
 * ROM refuses an opcode it does not know. */
static gboolean
is_foreign_refusal (const GByteArray *f)
{
  gsize dlen = f->len - 8;
  return (dlen == 2 || dlen == 4) && f->data[8] == 0x01 && f->data[9] == 0x05;
}

static gboolean wait_reply (KilnLoader    *self,
                            guint8         op,
                            guint          expected_len,
                            guint          timeout_ms,
                            guint32       *value,
                            GBytes       **reply,
                            GError       **error);

gboolean
kiln_loader_command (KilnLoader    *self,
                     guint8         op,
                     const guint8  *data,
                     gsize          len,
                     guint32        checksum,
                     guint          expected_len,
                     guint          timeout_ms,
                     guint32       *value,
                     GBytes       **reply,
                     GError       **error)
{
  if (!kiln_loader_send (self, op, data, len, checksum, error))
    return FALSE;
  return wait_reply (self, op, expected_len, timeout_ms, value, reply, error);
}

/* The rest of kiln_loader_command(): the reply to @op, stray frames
 * skipped. */
static gboolean
wait_reply (KilnLoader    *self,
            guint8         op,
            guint          expected_len,
            guint          timeout_ms,
            guint32       *value,
            GBytes       **reply,
            GError       **error)
{
  gint64 deadline;

  self->reply_noise = 0;
  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  for (guint stray = 0; stray < MAX_STRAY_FRAMES; stray++)
    {
      gboolean timed_out;
      guint64 noise_before = self->noise_total;
      const GByteArray *f;
      gsize dlen;

      self->noise_ends_wait = TRUE;
      f = next_frame (self, deadline, &timed_out, error);
      self->noise_ends_wait = FALSE;
      self->reply_noise += self->noise_total - noise_before;
      if (f == NULL)
        {
          if (timed_out)
            g_set_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT,
                         _("The device on %s did not answer %s within %.1f s."),
                         self->transport->port, op_name (op), timeout_ms / 1000.0);
          return FALSE;
        }
      trace_packet (self, "←", f->data, f->len);
      if (f->len < 8 || f->data[0] != 0x01)
        continue;
      dlen = f->len - 8;
      if (f->data[1] != op)
        {
          if (is_foreign_refusal (f) && op != KILN_OP_SYNC && is_known (self, op))
            {
              /* A lost or flipped byte turned our request into another
               * command, which the loader then refused. */
              g_set_error (error, KILN_ERROR, KILN_ERROR_PROTOCOL,
                           _("The reply to %s was for another command: the request was damaged "
                             "on the way."), op_name (op));
              return FALSE;
            }
          if (is_foreign_refusal (f) && op != KILN_OP_SYNC)
            {
              g_set_error (error, KILN_ERROR, KILN_ERROR_UNSUPPORTED,
                           _("The %s loader does not support %s (0x%02x)."),
                           self->stub ? _("stub") : _("ROM"), op_name (op), op);
              return FALSE;
            }
          continue;
        }
      if (dlen < expected_len + 2)
        {
          /* Too short to hold our data; the ROM's refusal is just status bytes. */
          if (dlen >= 2 && dlen <= 4 && f->data[8] != 0)
            return status_error (self, op, f->data + 8, error);
          g_set_error (error, KILN_ERROR, KILN_ERROR_PROTOCOL,
                       _("The reply to %s is too short (%zu bytes, expected %u)."),
                       op_name (op), dlen, expected_len + 2);
          return FALSE;
        }
      if (f->data[8 + expected_len] != 0)
        return status_error (self, op, f->data + 8 + expected_len, error);
      kiln_loader_mark_supported (self, op);
      if (value != NULL)
        *value = kiln_get_le32 (f->data + 4);
      if (reply != NULL)
        *reply = g_bytes_new (f->data + 8, expected_len);
      return TRUE;
    }
  g_set_error (error, KILN_ERROR, KILN_ERROR_PROTOCOL,
               _("The device on %s keeps sending unrelated replies instead of answering %s."),
               self->transport->port, op_name (op));
  return FALSE;
}

gboolean
kiln_loader_sync (KilnLoader  *self,
                  guint        timeout_ms,
                  gboolean    *stub_detected,
                  GError     **error)
{
  guint8 payload[36] = { 0x07, 0x07, 0x12, 0x20 };
  guint32 value = 0;
  gboolean all_zero;
  guint got = 1;
  gint64 deadline;

  memset (payload + 4, 0x55, 32);
  if (!kiln_loader_command (self, KILN_OP_SYNC, payload, sizeof payload, 0, 0, timeout_ms,
                            &value, NULL, error))
    return FALSE;
  all_zero = value == 0;

  /* The loader answers SYNC eight times; collect the rest so they do not
   * pile up in front of the next reply. */
  deadline = g_get_monotonic_time () + 100 * 1000;
  while (got < 8)
    {
      gboolean timed_out;
      g_autoptr(GError) local = NULL;
      const GByteArray *f = next_frame (self, deadline, &timed_out, &local);
      if (f == NULL)
        {
          if (local != NULL && !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          break;
        }
      if (f->len >= 8 && f->data[0] == 0x01 && f->data[1] == KILN_OP_SYNC)
        {
          got++;
          all_zero = all_zero && kiln_get_le32 (f->data + 4) == 0;
        }
    }
  if (stub_detected != NULL)
    *stub_detected = all_zero && got == 8;
  return TRUE;
}

gboolean
kiln_loader_read_reg (KilnLoader  *self,
                      guint32      address,
                      guint32     *value,
                      GError     **error)
{
  guint8 p[4];
  kiln_put_le32 (p, address);
  return kiln_loader_command (self, KILN_OP_READ_REG, p, 4, 0, 0, KILN_TIMEOUT_DEFAULT, value,
                              NULL, error);
}

gboolean
kiln_loader_write_reg (KilnLoader  *self,
                       guint32      address,
                       guint32      value,
                       guint32      mask,
                       guint32      delay_us,
                       GError     **error)
{
  guint8 p[16];
  kiln_put_le32 (p, address);
  kiln_put_le32 (p + 4, value);
  kiln_put_le32 (p + 8, mask);
  kiln_put_le32 (p + 12, delay_us);
  return kiln_loader_command (self, KILN_OP_WRITE_REG, p, 16, 0, 0, KILN_TIMEOUT_DEFAULT, NULL,
                              NULL, error);
}

static gboolean
begin_command (KilnLoader  *self,
               guint8       op,
               guint32      w0,
               guint32      w1,
               guint32      w2,
               guint32      w3,
               gboolean     encrypted_word,
               guint        timeout_ms,
               GError     **error)
{
  guint8 p[20];
  kiln_put_le32 (p, w0);
  kiln_put_le32 (p + 4, w1);
  kiln_put_le32 (p + 8, w2);
  kiln_put_le32 (p + 12, w3);
  kiln_put_le32 (p + 16, 0);
  return kiln_loader_command (self, op, p, encrypted_word ? 20 : 16, 0, 0, timeout_ms, NULL,
                              NULL, error);
}

gboolean
kiln_loader_flash_begin (KilnLoader  *self,
                         guint32      erase_size,
                         guint32      num_blocks,
                         guint32      block_size,
                         guint32      offset,
                         gboolean     encrypted_word,
                         guint        timeout_ms,
                         GError     **error)
{
  return begin_command (self, KILN_OP_FLASH_BEGIN, erase_size, num_blocks, block_size, offset,
                        encrypted_word, timeout_ms, error);
}

gboolean
kiln_loader_defl_begin (KilnLoader  *self,
                        guint32      uncompressed_size,
                        guint32      num_blocks,
                        guint32      block_size,
                        guint32      offset,
                        gboolean     encrypted_word,
                        guint        timeout_ms,
                        GError     **error)
{
  return begin_command (self, KILN_OP_FLASH_DEFL_BEGIN, uncompressed_size, num_blocks,
                        block_size, offset, encrypted_word, timeout_ms, error);
}

gboolean
kiln_loader_mem_begin (KilnLoader  *self,
                       guint32      size,
                       guint32      num_blocks,
                       guint32      block_size,
                       guint32      address,
                       GError     **error)
{
  return begin_command (self, KILN_OP_MEM_BEGIN, size, num_blocks, block_size, address, FALSE,
                        KILN_TIMEOUT_DEFAULT, error);
}

guint8
kiln_loader_checksum (const guint8 *data,
                      gsize         len)
{
  guint8 c = 0xEF;
  for (gsize i = 0; i < len; i++)
    c ^= data[i];
  return c;
}

gboolean
kiln_loader_flash_data (KilnLoader    *self,
                        guint8         op,
                        const guint8  *data,
                        gsize          len,
                        guint32        seq,
                        guint          timeout_ms,
                        GError       **error)
{
  return kiln_loader_flash_data_ahead (self, op, data, len, seq, NULL, 0, timeout_ms, error);
}

/* The whole *_DATA packet for @data as block @seq: command header, data
 * header, payload. */
static void
build_data_packet (GByteArray    *out,
                   guint8         op,
                   const guint8  *data,
                   gsize          len,
                   guint32        seq)
{
  guint8 *p;

  g_byte_array_set_size (out, (guint) (24 + len));
  p = out->data;
  p[0] = 0x00;
  p[1] = op;
  p[2] = (16 + len) & 0xFF;
  p[3] = ((16 + len) >> 8) & 0xFF;
  kiln_put_le32 (p + 4, kiln_loader_checksum (data, len));
  kiln_put_le32 (p + 8, (guint32) len);
  kiln_put_le32 (p + 12, seq);
  memset (p + 16, 0, 8);
  memcpy (p + 24, data, len);
}

static gboolean
ahead_matches (KilnLoader    *self,
               guint8         op,
               const guint8  *data,
               gsize          len,
               guint32        seq)
{
  const guint8 *p = self->ahead_raw->data;

  return self->ahead_raw->len == 24 + len && p[1] == op && kiln_get_le32 (p + 12) == seq &&
         memcmp (p + 24, data, len) == 0;
}

/**
 * kiln_loader_flash_data_ahead:
 * @next: (nullable): the block that will follow as @seq + 1
 *
 * kiln_loader_flash_data() that, once this block is on its way, builds and
 * encodes @next (checksum, headers, SLIP escapes) while the reply is
 * awaited, so that the next block leaves the moment the reply is in.  A
 * block is only ever sent after the previous one was acknowledged: a
 * loader buffers one block besides the one it is writing (see
 * kiln-flash.c).
 */
gboolean
kiln_loader_flash_data_ahead (KilnLoader    *self,
                              guint8         op,
                              const guint8  *data,
                              gsize          len,
                              guint32        seq,
                              const guint8  *next,
                              gsize          next_len,
                              guint          timeout_ms,
                              GError       **error)
{
  g_return_val_if_fail (16 + len <= 0xFFFF, FALSE);

  /* Built ahead if the caller announced it, else now (a resend, the first
   * block). */
  if (!ahead_matches (self, op, data, len, seq))
    {
      build_data_packet (self->ahead_raw, op, data, len, seq);
      g_byte_array_set_size (self->ahead_tx, 0);
      kiln_slip_encode (self->ahead_tx, self->ahead_raw->data, self->ahead_raw->len);
    }
  trace_packet (self, "→", self->ahead_raw->data, self->ahead_raw->len);
  if (!kiln_transport_write (self->transport, self->ahead_tx->data, self->ahead_tx->len, error))
    {
      g_byte_array_set_size (self->ahead_raw, 0);
      return FALSE;
    }
  self->bytes_sent += self->ahead_tx->len;

  if (next != NULL && 16 + next_len <= 0xFFFF)
    {
      build_data_packet (self->ahead_raw, op, next, next_len, seq + 1);
      g_byte_array_set_size (self->ahead_tx, 0);
      kiln_slip_encode (self->ahead_tx, self->ahead_raw->data, self->ahead_raw->len);
    }
  else
    g_byte_array_set_size (self->ahead_raw, 0);
  return wait_reply (self, op, 0, timeout_ms, NULL, NULL, error);
}

gboolean
kiln_loader_flash_end (KilnLoader  *self,
                       guint8       op,
                       gboolean     reboot,
                       GError     **error)
{
  guint8 p[4];
  kiln_put_le32 (p, reboot ? 0 : 1);
  return kiln_loader_command (self, op, p, 4, 0, 0, 10000, NULL, NULL, error);
}

gboolean
kiln_loader_mem_end (KilnLoader  *self,
                     guint32      entry,
                     GError     **error)
{
  guint8 p[8];
  kiln_put_le32 (p, entry == 0 ? 1 : 0);
  kiln_put_le32 (p + 4, entry);
  /* The new code may take the UART over before the ROM can answer. */
  return kiln_loader_command (self, KILN_OP_MEM_END, p, 8, 0, 0, 200, NULL, NULL, error);
}

gboolean
kiln_loader_spi_attach (KilnLoader  *self,
                        guint32      config,
                        GError     **error)
{
  guint8 p[8] = { 0 };
  kiln_put_le32 (p, config);
  /* The ROM wants a second word (is_legacy = 0); stubs want exactly one. */
  return kiln_loader_command (self, KILN_OP_SPI_ATTACH, p, self->stub ? 4 : 8, 0, 0,
                              KILN_TIMEOUT_DEFAULT, NULL, NULL, error);
}

gboolean
kiln_loader_spi_set_params (KilnLoader  *self,
                            guint32      flash_size,
                            GError     **error)
{
  guint8 p[24];
  kiln_put_le32 (p, 0);
  kiln_put_le32 (p + 4, flash_size);
  kiln_put_le32 (p + 8, 0x10000);
  kiln_put_le32 (p + 12, 0x1000);
  kiln_put_le32 (p + 16, 0x100);
  kiln_put_le32 (p + 20, 0xFFFF);
  return kiln_loader_command (self, KILN_OP_SPI_SET_PARAMS, p, 24, 0, 0, KILN_TIMEOUT_DEFAULT,
                              NULL, NULL, error);
}

gboolean
kiln_loader_change_baud (KilnLoader  *self,
                         guint        new_baud,
                         guint        old_baud,
                         GError     **error)
{
  guint8 p[8];
  kiln_put_le32 (p, new_baud);
  kiln_put_le32 (p + 4, old_baud);
  return kiln_loader_command (self, KILN_OP_CHANGE_BAUDRATE, p, 8, 0, 0, KILN_TIMEOUT_DEFAULT,
                              NULL, NULL, error);
}

gboolean
kiln_loader_flash_md5 (KilnLoader  *self,
                       guint32      address,
                       guint32      size,
                       guint8      *digest,
                       GError     **error)
{
  guint8 p[16] = { 0 };
  g_autoptr(GBytes) reply = NULL;
  guint expected = self->stub ? 16 : 32;
  const guint8 *r;

  kiln_put_le32 (p, address);
  kiln_put_le32 (p + 4, size);
  if (!kiln_loader_command (self, KILN_OP_SPI_FLASH_MD5, p, 16, 0, expected,
                            kiln_timeout_scaled (KILN_TIMEOUT_MD5_PER_MB, size), NULL, &reply,
                            error))
    return FALSE;
  r = g_bytes_get_data (reply, NULL);
  if (self->stub)
    {
      memcpy (digest, r, 16);
      return TRUE;
    }
  for (guint i = 0; i < 16; i++)
    {
      int hi = g_ascii_xdigit_value (r[2 * i]);
      int lo = g_ascii_xdigit_value (r[2 * i + 1]);
      if (hi < 0 || lo < 0)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PROTOCOL,
                       _("The MD5 reply is not hexadecimal text."));
          return FALSE;
        }
      digest[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

GBytes *
kiln_loader_read_flash_slow (KilnLoader  *self,
                             guint32      address,
                             guint32      size,
                             GError     **error)
{
  guint8 p[8];
  g_autoptr(GBytes) reply = NULL;

  g_return_val_if_fail (size <= 64, NULL);
  kiln_put_le32 (p, address);
  kiln_put_le32 (p + 4, size);
  /* The ROM always answers 64 bytes; only @size of them are meaningful. */
  if (!kiln_loader_command (self, KILN_OP_READ_FLASH_SLOW, p, 8, 0, 64, KILN_TIMEOUT_DEFAULT,
                            NULL, &reply, error))
    return NULL;
  return g_bytes_new_from_bytes (reply, 0, size);
}

gboolean
kiln_loader_erase_flash (KilnLoader  *self,
                         GError     **error)
{
  return kiln_loader_command (self, KILN_OP_ERASE_FLASH, NULL, 0, 0, 0, KILN_TIMEOUT_CHIP_ERASE,
                              NULL, NULL, error);
}

gboolean
kiln_loader_erase_region (KilnLoader  *self,
                          guint32      address,
                          guint32      size,
                          GError     **error)
{
  guint8 p[8];
  kiln_put_le32 (p, address);
  kiln_put_le32 (p + 4, size);
  return kiln_loader_command (self, KILN_OP_ERASE_REGION, p, 8, 0, 0,
                              kiln_timeout_scaled (KILN_TIMEOUT_ERASE_PER_MB, size), NULL, NULL,
                              error);
}

GBytes *
kiln_loader_security_info (KilnLoader  *self,
                           guint        expected_len,
                           GError     **error)
{
  GBytes *reply = NULL;
  if (!kiln_loader_command (self, KILN_OP_GET_SECURITY_INFO, NULL, 0, 0, expected_len,
                            KILN_TIMEOUT_DEFAULT, NULL, &reply, error))
    return NULL;
  return reply;
}
