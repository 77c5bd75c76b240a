/* fuzz-survey.c: Inspect Flash's reasoning over any flash contents.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: byte 0 picks the chip, byte 1 the board (bit 0 flash encryption
 * on, bit 1 a flash that does not answer, bits 2–4 the flash size, 0
 * unknown, bit 5 a DOUT-only flash), the rest is the flash, repeated to fill the address space so
 * that every place the survey reads holds fuzzed bytes.  Every survey
 * must end in a verdict with its texts, and never read past the flash.
 */
#include "kiln-fuzz.h"
#include "kiln-flash-survey-private.h"

#include <string.h>

typedef struct
{
  const uint8_t *flash;
  size_t         len;
  guint32        flash_size;
} Flash;

static gboolean
read_flash (gpointer       user_data,
            guint32        address,
            guint8        *buf,
            guint32        len,
            KilnFlashProgressFunc progress,
            gpointer       progress_data,
            GCancellable  *cancellable,
            GError       **error)
{
  const Flash *f = user_data;

  g_assert (f->flash_size == 0 || (guint64) address + len <= f->flash_size);
  for (guint32 i = 0; i < len; i++)
    buf[i] = f->len > 0 ? f->flash[((guint64) address + i) % f->len] : 0xFF;
  if (progress != NULL)
    progress (len, len, progress_data);
  return TRUE;
}

/* Each long read is announced with its length, at most 1 MiB (the
 * ESP8266's largest app slot; 64 KiB for a boot image), and reads that
 * length. */
static void
check_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  guint64 *announced = user_data;

  if (done == 0)
    *announced = total;
  g_assert (total == *announced && done <= total && total <= 0x100000);
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
  static const guint32 sizes[] = { 0, 512 * 1024, 1 << 20, 2 << 20, 4 << 20, 8 << 20,
                                   16 << 20, 32 << 20 };
  g_autoptr(KilnFlashSurvey) survey = NULL;
  g_autoptr(GError) error = NULL;
  KilnSurveyBoard board = { 0 };
  Flash flash = { 0 };
  guint64 announced = 0;

  if (size < 2)
    return 0;
  board.chip = kiln_chip_get (data[0] % KILN_N_CHIPS);
  board.encrypted = (data[1] & 1) != 0;
  board.jedec_id = (data[1] & 2) != 0 ? 0xFFFFFF : 0x1640C8;
  board.flash_size = sizes[(data[1] >> 2) & 7];
  board.dout_only = (data[1] & 0x20) != 0;
  flash.flash = data + 2;
  flash.len = size - 2;
  flash.flash_size = board.flash_size;
  board.read = read_flash;
  board.read_data = &flash;
  board.progress = check_progress;
  board.progress_data = &announced;

  survey = kiln_flash_survey_run_on (&board, NULL, &error);
  g_assert_nonnull (survey);
  g_assert_nonnull (survey->cause);
  g_assert_nonnull (survey->title);
  g_assert_nonnull (survey->explanation);
  g_assert_nonnull (survey->fix);
  for (guint i = 0; i < survey->spots->len; i++)
    g_assert_nonnull (g_array_index (survey->spots, KilnSurveySpot, i).description);
  (void) kiln_flash_survey_tells (survey->cause);
  return 0;
}
