/* kiln-bootlog-texts.c: what a finding tells the user: the title, the
 * explanation in terms of the log and the chip, and the fix.
 *
 * The rules (kiln-bootlog-rules.c) decide what is wrong; the texts only
 * word it, with the facts of the chip the log came from (its boot pin, its
 * bootloader offset, its straps).  They are in two files: what stops a boot
 * before the firmware runs (kiln-bootlog-texts-boot.c), and what happens
 * once it runs (kiln-bootlog-texts-run.c).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiln-bootlog-finding.h"

KilnBootDiagnosis *
kiln_bootlog_diagnosis_new (KilnBootlogDecoder     *self,
                            const KilnBootFinding  *f)
{
  KilnBootDiagnosis *d = g_atomic_rc_box_new0 (KilnBootDiagnosis);
  const KilnBootEvent *event = f->evidence;

  d->kind = f->kind;
  d->severity = f->severity;
  d->cause = f->cause;
  d->confidence = f->confidence;
  d->score = f->score;
  d->evidence = g_strdup (event != NULL ? event->line : NULL);
  d->rom_image = event != NULL
                 && (event->kind == KILN_BOOT_EVENT_LOAD
                     || event->kind == KILN_BOOT_EVENT_CSUM_ERR
                     || event->kind == KILN_BOOT_EVENT_CHECKSUM_FAILURE
                     || event->kind == KILN_BOOT_EVENT_CHKSUM
                     || event->kind == KILN_BOOT_EVENT_CSUM);
  d->app_headers = event != NULL && event->kind == KILN_BOOT_EVENT_IMAGE_ERROR
                   && g_strcmp0 (event->name, "application segment headers") == 0;

  if (!kiln_bootlog_texts_boot (self, f, d) && !kiln_bootlog_texts_run (self, f, d))
    g_assert_not_reached ();
  if (d->evidence == NULL)
    d->evidence = g_strdup ("");
  return d;
}
