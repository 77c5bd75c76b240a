/* fuzz-bootlog.c: the boot-log decoder, whole and fed in pieces, and the
 * "no sync" explanation.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Byte 0 picks the baud and the piece size.  Input that starts with a
 * byte order mark is decoded a second time as decode-log reads a saved
 * file (kiln_bootlog_saved_text()).
 */
#include "kiln-bootlog.h"
#include "kiln-fuzz.h"

static void
on_event (KilnBootEvent *event,
          gpointer       user_data)
{
  (*(guint *) user_data)++;
}

static void
on_diagnosis (KilnBootDiagnosis *diagnosis,
              gpointer           user_data)
{
  (*(guint *) user_data)++;
}

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
  static const guint bauds[] = { 74880, 115200, 0, 460800 };
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) diagnoses = NULL;
  g_autoptr(KilnBootlogDecoder) dec = NULL;
  g_autofree char *why = NULL;
  guint count = 0;
  gsize piece;

  if (size < 1)
    return 0;
  kiln_bootlog_decode (data + 1, size - 1, bauds[data[0] & 3], &events, &diagnoses);
  why = kiln_bootlog_explain_no_sync (data + 1, size - 1);
  {
    g_autoptr(GBytes) raw = g_bytes_new_static (data + 1, size - 1);
    g_autoptr(GBytes) text = kiln_bootlog_saved_text (raw);
    g_autoptr(GPtrArray) text_events = NULL;
    g_autoptr(GPtrArray) text_diagnoses = NULL;

    if (!g_bytes_equal (raw, text))
      kiln_bootlog_decode (g_bytes_get_data (text, NULL), g_bytes_get_size (text),
                           bauds[data[0] & 3], &text_events, &text_diagnoses);
  }

  dec = kiln_bootlog_decoder_new (on_event, on_diagnosis, &count);
  kiln_bootlog_decoder_set_baud (dec, bauds[data[0] & 3]);
  kiln_bootlog_decoder_set_expect_app (dec, data[0] & 4);
  kiln_bootlog_decoder_set_flash_map (dec, (data[0] >> 3) % 8 - 1);
  piece = 1 + (data[0] >> 4);
  for (gsize i = 1; i < size; i += piece)
    kiln_bootlog_decoder_feed (dec, data + i, MIN (piece, size - i));
  kiln_bootlog_decoder_flush (dec);
  kiln_bootlog_decoder_reset (dec);
  return 0;
}
