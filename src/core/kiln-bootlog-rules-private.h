/* kiln-bootlog-rules-private.h: what the rule files share: the helpers
 * that read the evidence and add a finding, the score scale's marks, and
 * the groups of rules kiln-bootlog-rules.c runs.
 *
 *   kiln-bootlog-rules-boot.c      what the boot ROM and the ESP8266 SDK's
 *                                  loader show: straps, headers, reads,
 *                                  the flash mode
 *   kiln-bootlog-rules-firmware.c  what the second stage and the running
 *                                  firmware say and do: their messages,
 *                                  reset reasons, crashes, loops, sleep
 *   kiln-bootlog-rules.c           the capture itself (baud, console),
 *                                  ordinary resets, the ranking
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "kiln-bootlog-finding.h"

G_BEGIN_DECLS

/* Boots that make a loop. */
#define LOOP_BOOTS 2
/* Scores: see the comment at the top of kiln-bootlog-rules.c. */
#define SCORE_ROM 800
#define SCORE_NOTE 300
#define SCORE_SYMPTOM_MAX 500

static inline gboolean
is_esp32 (KilnBootlogDecoder *self)
{
  return self->chip != NULL && g_str_equal (self->chip->chip, "esp32");
}

static inline void
add (GArray                *findings,
     KilnBootDiagnosisKind  kind,
     const char            *cause,
     gint                   score,
     KilnBootConfidence     confidence,
     KilnBootEvent         *evidence,
     KilnBootVariant                variant)
{
  KilnBootFinding f = { kind, cause, score, confidence, KILN_BOOT_SEVERITY_ERROR, evidence, variant };

  for (guint i = 0; i < findings->len; i++)
    {
      KilnBootFinding *g = &g_array_index (findings, KilnBootFinding, i);
      if (g->kind == kind)
        {
          if (score > g->score)
            *g = f;
          return;
        }
    }
  g_array_append_val (findings, f);
}

static inline KilnBootFinding *
find (GArray                *findings,
      KilnBootDiagnosisKind  kind)
{
  for (guint i = 0; i < findings->len; i++)
    if (g_array_index (findings, KilnBootFinding, i).kind == kind)
      return &g_array_index (findings, KilnBootFinding, i);
  return NULL;
}

static inline gboolean
text_has (const KilnBootEvent *e,
          const char          *part)
{
  g_autofree char *low = NULL;

  if (e == NULL)
    return FALSE;
  low = g_ascii_strdown (e->text, -1);
  return strstr (low, part) != NULL;
}

static inline gboolean
name_has (const KilnBootEvent *e,
          const char          *part)
{
  g_autofree char *low = NULL;

  if (e == NULL || e->name == NULL)
    return FALSE;
  low = g_ascii_strdown (e->name, -1);
  return strstr (low, part) != NULL;
}

/* Any line of the firmware's own anywhere in the log. */
static inline gboolean
firmware_spoke (KilnBootlogDecoder *self)
{
  for (guint i = 0; i < n_boots (self); i++)
    if (boot_nth (self, i)->n_app_lines > 0 || boot_nth (self, i)->app_started
        || boot_nth (self, i)->app_garbled)
      return TRUE;
  /* Before the first reset line too: text, or the end of a crash report
   * (the run before crashed, so it ran). */
  return self->n_text_lines > 0 || self->crash_before_reset != NULL;
}

/* Whether the ESP-IDF bootloader loaded an application, or one started. */
static inline gboolean
app_went_on (KilnBootlogDecoder *self)
{
  for (guint i = 0; i < n_boots (self); i++)
    if (boot_nth (self, i)->app_loaded || boot_nth (self, i)->app_started)
      return TRUE;
  return have (self, KILN_BOOT_EVENT_APP_START) || have (self, KILN_BOOT_EVENT_APP_READY);
}

/* Whether an application ran after the bootloader's slot errors: it
 * loaded or started, or its own log lines came after them (a copy may
 * lack its start). */
static inline gboolean
app_ran_after_slot_error (KilnBootlogDecoder *self)
{
  return app_went_on (self) || self->firmware_after_slot_error;
}

/* ESP32 errata 3.1: on early revisions a watchdog resets the chip once,
 * right after power-up or a wake from deep sleep, before the ROM printed
 * anything; the boot that follows is normal.  Returns the index of that
 * spurious watchdog boot, or -1. */
static inline gint
spurious_watchdog_boot (KilnBootlogDecoder *self)
{
  for (guint i = 0; i + 1 < n_boots (self); i++)
    {
      KilnBootRecord *first = boot_nth (self, i);
      KilnBootRecord *next = boot_nth (self, i + 1);

      if (!is_esp32 (self) || first->reset == NULL || next->reset == NULL
          || first->mode != KILN_BOOT_MODE_FLASH || first->n_lines > 0)
        continue;
      if ((first->reset_class == KILN_RESET_CLASS_POWER_ON
           || first->reset_class == KILN_RESET_CLASS_DEEP_SLEEP)
          && (next->reset_class == KILN_RESET_CLASS_WATCHDOG
              || next->reset_class == KILN_RESET_CLASS_RTC_WATCHDOG)
          && !next->read_failed && next->n_errors == 0)
        return (gint) i + 1;
    }
  return -1;
}

/* Whether the crash report's program counter is the entry point the ROM
 * jumped to: the CPU could not run the image's first instruction. */
static inline gboolean
crashed_at_entry (KilnBootlogDecoder *self)
{
  return self->have_crash_pc && have (self, KILN_BOOT_EVENT_ENTRY)
         && self->crash_pc == self->last[KILN_BOOT_EVENT_ENTRY]->values[0];
}

/* The groups of rules, each adding its findings to @out. */
void kiln_bootlog_rules_sdk                   (KilnBootlogDecoder *self,
                                               GArray             *out);
void kiln_bootlog_rules_straps                (KilnBootlogDecoder *self,
                                               GArray             *out);
void kiln_bootlog_rules_rom                   (KilnBootlogDecoder *self,
                                               GArray             *out);
void kiln_bootlog_rules_flash_mode            (KilnBootlogDecoder *self,
                                               GArray             *out);
void kiln_bootlog_rules_firmware_messages     (KilnBootlogDecoder *self,
                                               GArray             *out);
void kiln_bootlog_rules_reset_reasons         (KilnBootlogDecoder *self,
                                               GArray             *out);
void kiln_bootlog_rules_firmware              (KilnBootlogDecoder *self,
                                               GArray             *out);
void kiln_bootlog_rules_loops                 (KilnBootlogDecoder *self,
                                               GArray             *out);
void kiln_bootlog_rules_sleep                 (KilnBootlogDecoder *self,
                                               GArray             *out);

G_END_DECLS
