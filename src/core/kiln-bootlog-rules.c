/* kiln-bootlog-rules.c: from the evidence of a whole log to ranked
 * diagnoses.
 *
 * Each rule looks at everything seen so far (the first, last and number of
 * events of each kind, and one record per boot) and may add a finding: a
 * diagnosis kind, the cause it names (an id of the vocabulary in
 * tests/data/bootlogs/README.md), a score and a confidence.  The score says
 * how specific and how likely the finding is:
 *
 *   900s  the log names the cause (a map mismatch, missing init data, a
 *         brown-out, a strap that selects a 1.8 V flash supply)
 *   800s  what the ROM or bootloader could not do (no bootloader, an image
 *         it cannot read, no partition table), read with what else the log
 *         shows (a quad mode in the header, the reset before)
 *   700s  the boot mode the straps chose; crashes of the firmware
 *   600s  patterns over several boots (a flash mode the flash cannot do, a
 *         reset loop, a hardware watchdog before the firmware said a word)
 *   400s  symptoms: watchdog resets, RTC-watchdog boot loops
 *   100s  ordinary resets and documented silicon quirks, said as such
 *
 * A cause found makes its symptoms redundant, so they are dropped (a
 * brown-out beats "watchdog reset", an erased bootloader slot its boot
 * loop).  Findings that need the whole log (nothing after the reset line,
 * a reset loop with no message) wait for the flush.
 *
 * The confidence is high only where the log itself names the cause; what
 * an expert would read from the pattern of a log is medium, a guess low.
 *
 * This file runs the rules, ranks what they find, and holds the rules of
 * the capture itself (its baud rate, a console's own lines) and of
 * ordinary resets; the rest are in kiln-bootlog-rules-boot.c and
 * kiln-bootlog-rules-firmware.c (see kiln-bootlog-rules-private.h).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiln-bootlog-rules-private.h"

/* ---- evidence helpers ---------------------------------------------------- */

/* The strap value of the last reset line that had one, and the boot mode
 * it chose. */
gboolean
kiln_bootlog_last_strap (KilnBootlogDecoder *self,
                         guint32            *strap,
                         KilnBootMode       *mode)
{
  for (guint i = n_boots (self); i-- > 0;)
    {
      KilnBootRecord *b = boot_nth (self, i);
      if (b->reset != NULL && b->reset->family == KILN_BOOT_FAMILY_ESP32 && b->reset->values[2])
        {
          *strap = (guint32) b->reset->values[1];
          if (mode != NULL)
            *mode = b->mode;
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- the capture itself and ordinary resets ------------------------------ */

/* An ESP32-family boot from flash whose ROM lines read right and whose
 * every line after the ROM's "entry" is unreadable, with no error seen. */
static gboolean
rom_then_garbage (KilnBootlogDecoder *self)
{
  KilnBootRecord *last = n_boots (self) > 0 ? boot_nth (self, n_boots (self) - 1) : NULL;

  if (self->chip == NULL || self->chip->family == KILN_BOOT_FAMILY_ESP8266 || last == NULL
      || self->first_error != NULL || self->first_error_line != NULL)
    return FALSE;
  return last->mode == KILN_BOOT_MODE_FLASH && last->rom_done && last->app_garbled
         && !last->second_stage && !last->app_started && last->n_app_lines == 0;
}

/* Garbage at another rate: a hint for reading the log, not a cause.
 * Followed by readable lines and no error, it is the ordinary sight of a
 * boot read at the firmware's rate: the ROM talked at its own (the
 * ESP8266's 74880 baud), then the firmware came up. */
static void
rules_baud (KilnBootlogDecoder *self,
            GArray             *out)
{
  KilnBootEvent *e = self->first[KILN_BOOT_EVENT_WRONG_BAUD];

  /* The firmware found the bootloader set up for another crystal: it asks
   * whether the right one was written, so medium.  Above the panic it
   * ends in. */
  if (have (self, KILN_BOOT_EVENT_CRYSTAL)
      && g_strcmp0 (self->first[KILN_BOOT_EVENT_CRYSTAL]->name, "bootloader crystal") == 0)
    add (out, KILN_BOOT_DIAG_CRYSTAL, "xtal-frequency-mismatch", 910, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->first[KILN_BOOT_EVENT_CRYSTAL], VARIANT_BOOTLOADER_XTAL);
  /* The firmware measured the crystal and says it is not its own. */
  else if (have (self, KILN_BOOT_EVENT_CRYSTAL)
           && self->first[KILN_BOOT_EVENT_CRYSTAL]->values[0]
              != self->first[KILN_BOOT_EVENT_CRYSTAL]->values[1])
    add (out, KILN_BOOT_DIAG_CRYSTAL, "xtal-frequency-mismatch", 910, KILN_BOOT_CONFIDENCE_HIGH,
         self->first[KILN_BOOT_EVENT_CRYSTAL], VARIANT_FIRMWARE_SAYS);
  /* A board whose crystal the flasher found at 26 MHz, an ESP32-family
   * chip, and nothing readable after the reset at 115200: the bootloader
   * and firmware count on a 40 MHz crystal, and their 115200 baud comes
   * out as 115200 × 26/40 = 74880.  (The ESP8266's firmware is built for
   * its 26 MHz crystal; its ROM talks at 74880 anyway.) */
  if (e != NULL && !self->text_after_garbage && self->crystal_mhz == 26 && self->chip != NULL
      && self->chip->family != KILN_BOOT_FAMILY_ESP8266)
    add (out, KILN_BOOT_DIAG_CRYSTAL, "xtal-frequency-mismatch", 700, KILN_BOOT_CONFIDENCE_MEDIUM,
         self->last[KILN_BOOT_EVENT_FLASHER], VARIANT_NONE);
  if (e != NULL && self->text_after_garbage && self->first_error_line == NULL)
    add (out, KILN_BOOT_DIAG_WRONG_BAUD, "normal-boot", 140, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_FIRMWARE_AFTER);
  /* The other order: the ROM's lines readable up to where it started what
   * it loaded without an error (its checksum matched, its "entry" line),
   * and only unreadable output after that: the firmware at its own rate. */
  else if (e != NULL && self->garbled_after_handover && self->first_error == NULL
           && self->first_error_line == NULL && n_boots (self) == 0)
    add (out, KILN_BOOT_DIAG_WRONG_BAUD, "normal-boot", 140, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_FIRMWARE_GARBLED);
  /* An ESP32-family ROM read right to its "entry", and everything after
   * it unreadable: the second stage and the firmware talk at another rate
   * than the ROM.  ESP-IDF's bootloader talks at the ROM's rate unless the
   * build counts on a 40 MHz crystal on a 26 MHz board (its 115200 then
   * comes out as 74880); a sketch, whose bootloader says nothing, talks
   * at the rate it opened its port at.  Either way not the "nothing to
   * do" of an ordinary reset, so above it. */
  else if (e != NULL && rom_then_garbage (self))
    add (out, KILN_BOOT_DIAG_WRONG_BAUD, "wrong-baud", 160, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_AFTER_ROM);
  else if (e != NULL)
    add (out, KILN_BOOT_DIAG_WRONG_BAUD, "wrong-baud", 140, KILN_BOOT_CONFIDENCE_MEDIUM, e,
         VARIANT_NONE);
}

/* Captured through the chip's own USB (the ROM names the reset USB_UART_…),
 * the ROM handed over and then not a line more: the bootloader and the
 * firmware print on UART0, not on the USB-Serial/JTAG port the log was
 * read from (an Arduino build with "USB CDC On Boot" disabled, an ESP-IDF
 * console on UART0). */
static void
rules_console (KilnBootlogDecoder *self,
               GArray             *out)
{
  KilnBootRecord *last = n_boots (self) > 0 ? boot_nth (self, n_boots (self) - 1) : NULL;

  if (!self->finished || last == NULL || last->reset == NULL || last->mode != KILN_BOOT_MODE_FLASH
      || last->reset_class != KILN_RESET_CLASS_HOST || last->reset->name == NULL
      || strstr (last->reset->name, "USB") == NULL)
    return;
  if (!last->rom_done || last->second_stage || last->app_started || last->n_app_lines > 0
      || last->n_garbled > 0 || last->n_errors > 0 || last->n_crashes > 0)
    return;
  add (out, KILN_BOOT_DIAG_CONSOLE_ELSEWHERE, "wrong-board-settings", 520,
       KILN_BOOT_CONFIDENCE_MEDIUM, last->reset, VARIANT_NONE);
}

/* The last boot the log tells of: a copy that ends with the next boot's
 * ROM banner alone (no reset line, nothing after it) was cut there and
 * says nothing of that boot. */
static KilnBootRecord *
last_told_boot (KilnBootlogDecoder *self)
{
  guint n = n_boots (self);
  KilnBootRecord *last = n > 0 ? boot_nth (self, n - 1) : NULL;

  if (n > 1 && last->reset == NULL && last->n_lines == 0)
    return boot_nth (self, n - 2);
  return last;
}

/* Whether the log shows anything of a boot after its banner. */
static gboolean
boot_told (const KilnBootRecord *b)
{
  return b->rom_done || b->second_stage || b->app_started || b->n_lines > 0;
}

/* When nothing above fired: an ordinary reset, a documented quirk, or error
 * lines no rule knows. */
static void
rules_benign (KilnBootlogDecoder *self,
              GArray             *out)
{
  gint spurious = spurious_watchdog_boot (self);
  KilnBootRecord *last = last_told_boot (self);
  KilnBootEvent *evidence = NULL;
  KilnBootVariant variant = VARIANT_NONE;
  guint errors = 0;
  gboolean ends_at_restart = FALSE;

  /* Error lines of a run that went on to sleep on purpose: whatever they
   * report, the firmware carried on, and the reset after them is the wake
   * from that sleep. */
  if (self->first_error_line != NULL)
    add (out, KILN_BOOT_DIAG_UNEXPLAINED, "unknown",
         last != NULL && self->first_error_line_boots < n_boots (self)
         && last->reset_class == KILN_RESET_CLASS_DEEP_SLEEP && last->n_errors == 0 ? 130 : 250,
         KILN_BOOT_CONFIDENCE_LOW, self->first_error_line, VARIANT_NONE);

  if (spurious > 0)
    {
      KilnBootRecord *before = boot_nth (self, (guint) spurious - 1);
      add (out, KILN_BOOT_DIAG_ERRATUM,
           before->reset_class == KILN_RESET_CLASS_DEEP_SLEEP ? "deep-sleep-wake" : "normal-boot",
           170, KILN_BOOT_CONFIDENCE_MEDIUM, boot_nth (self, (guint) spurious)->reset,
           before->reset_class == KILN_RESET_CLASS_DEEP_SLEEP ? VARIANT_DEEP_SLEEP : VARIANT_POWER);
    }

  for (guint i = 0; i < n_boots (self); i++)
    errors += boot_nth (self, i)->n_errors;
  /* The firmware saying it woke from deep sleep, with or without the ROM's
   * lines. */
  if (have (self, KILN_BOOT_EVENT_WAKE) && errors == 0 && self->first_error_line == NULL)
    {
      add (out, KILN_BOOT_DIAG_BENIGN_RESET, "deep-sleep-wake", 150, KILN_BOOT_CONFIDENCE_MEDIUM,
           self->first[KILN_BOOT_EVENT_WAKE], VARIANT_DEEP_SLEEP);
      return;
    }
  /* A log without the ROM's lines that shows the firmware running and
   * nothing wrong: a normal start, whichever reset it was; or, when it
   * announced a restart and ran again, that restart. */
  if (last == NULL && self->first_error == NULL && self->first_error_line == NULL
      && self->firmware_ran && !have (self, KILN_BOOT_EVENT_WAKE))
    {
      if (self->ran_after_restart)
        add (out, KILN_BOOT_DIAG_BENIGN_RESET, "software-restart", 140,
             KILN_BOOT_CONFIDENCE_MEDIUM, self->first[KILN_BOOT_EVENT_RESTART],
             VARIANT_SOFTWARE);
      else
        add (out, KILN_BOOT_DIAG_BENIGN_RESET, "normal-boot", 140, KILN_BOOT_CONFIDENCE_MEDIUM,
             have (self, KILN_BOOT_EVENT_APP_START) ? self->first[KILN_BOOT_EVENT_APP_START]
             : have (self, KILN_BOOT_EVENT_APP_READY) ? self->first[KILN_BOOT_EVENT_APP_READY]
                                                      : self->first[KILN_BOOT_EVENT_IDF_LOG],
             VARIANT_APP_STARTED);
      return;
    }
  /* A copy that ends at the banner of a restart the firmware announced
   * shows the run before it, which asked for that restart. */
  if (last != NULL && last->requested && n_boots (self) > 1 && !boot_told (last))
    {
      last = boot_nth (self, n_boots (self) - 2);
      ends_at_restart = TRUE;
    }
  if (last == NULL || last->reset == NULL || last->mode != KILN_BOOT_MODE_FLASH || errors > 0
      || !boot_told (last))
    return;
  /* A later reset the firmware made (a restart it announced or asked for,
   * a wake from the deep sleep it entered) is what the log shows
   * happening: the power-up before it only started the capture. */
  for (guint i = 1; i < n_boots (self) && variant == VARIANT_NONE; i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      /* The bootloader's restart after encrypting the flash is a step of
       * the first boot, not the firmware's doing (below). */
      if (b->reset == NULL || b->after_encryption)
        continue;
      if (b->requested || b->reset_class == KILN_RESET_CLASS_SOFTWARE)
        variant = VARIANT_SOFTWARE;
      else if (b->reset_class == KILN_RESET_CLASS_DEEP_SLEEP)
        variant = VARIANT_DEEP_SLEEP;
      if (variant != VARIANT_NONE)
        evidence = b->reset;
    }
  /* Otherwise, a boot from the flash the bootloader has just encrypted, or
   * a log ending at the bootloader's restart once it has, shows the first
   * boot with flash encryption, whatever reset began it. */
  for (guint i = 0; i < n_boots (self) && variant == VARIANT_NONE; i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (b->reset != NULL && b->after_encryption)
        {
          variant = VARIANT_ENCRYPTED_FIRST;
          evidence = b->reset;
        }
    }
  if (variant == VARIANT_NONE && boot_nth (self, n_boots (self) - 1)->encryption_restart != NULL)
    {
      variant = VARIANT_ENCRYPTING;
      evidence = boot_nth (self, n_boots (self) - 1)->encryption_restart;
    }
  /* Otherwise the kind of reset that started the log says what it shows:
   * a wake from deep sleep, a restart by the firmware or a tool, or a
   * power-up. */
  for (guint i = 0; i < n_boots (self) && variant == VARIANT_NONE; i++)
    {
      KilnBootRecord *b = boot_nth (self, i);

      if (b->reset == NULL)
        continue;
      evidence = b->reset;
      if (b->requested)
        {
          variant = VARIANT_SOFTWARE;
          break;
        }
      switch (b->reset_class)
        {
        case KILN_RESET_CLASS_POWER_ON: variant = VARIANT_POWER; break;
        case KILN_RESET_CLASS_EXTERNAL: variant = VARIANT_EXTERNAL; break;
        case KILN_RESET_CLASS_SOFTWARE: variant = VARIANT_SOFTWARE; break;
        case KILN_RESET_CLASS_DEEP_SLEEP: variant = VARIANT_DEEP_SLEEP; break;
        case KILN_RESET_CLASS_HOST: variant = VARIANT_HOST; break;
        /* One boot the RTC watchdog started, whose firmware then runs: the
         * hang it ended came before the copy began, and the copy shows
         * a start without an error. */
        case KILN_RESET_CLASS_RTC_WATCHDOG:
          if (n_boots (self) == 1 && kiln_bootlog_boot_ran (b))
            variant = VARIANT_WATCHDOG_BEFORE;
          break;
        case KILN_RESET_CLASS_UNKNOWN:
        case KILN_RESET_CLASS_WATCHDOG:
        case KILN_RESET_CLASS_BROWNOUT:
        case KILN_RESET_CLASS_GLITCH:
        case KILN_RESET_CLASS_OTHER:
        default:
          break;
        }
    }
  switch (variant)
    {
    case VARIANT_DEEP_SLEEP:
      add (out, KILN_BOOT_DIAG_BENIGN_RESET, "deep-sleep-wake", 150, KILN_BOOT_CONFIDENCE_MEDIUM,
           evidence, variant);
      break;
    case VARIANT_WATCHDOG_BEFORE:
      add (out, KILN_BOOT_DIAG_BENIGN_RESET, "normal-boot", 150, KILN_BOOT_CONFIDENCE_LOW,
           evidence, variant);
      break;
    case VARIANT_ENCRYPTED_FIRST:
    case VARIANT_ENCRYPTING:
      add (out, KILN_BOOT_DIAG_BENIGN_RESET, "normal-boot", 150, KILN_BOOT_CONFIDENCE_MEDIUM,
           evidence, variant);
      break;
    case VARIANT_SOFTWARE:
      /* One boot, started by a software reset, and no restart announced
       * anywhere in the copy: the restart was made before the copy began
       * (a restart call, a bootloader that has just encrypted the flash),
       * and what the log shows is the boot after it, without an error. */
      if (n_boots (self) == 1 && !ends_at_restart && !boot_nth (self, 0)->requested
          && !have (self, KILN_BOOT_EVENT_RESTART))
        add (out, KILN_BOOT_DIAG_BENIGN_RESET, "normal-boot", 150, KILN_BOOT_CONFIDENCE_MEDIUM,
             evidence, VARIANT_SOFTWARE_BEFORE);
      else
        add (out, KILN_BOOT_DIAG_BENIGN_RESET, "software-restart", 150,
             KILN_BOOT_CONFIDENCE_MEDIUM, evidence,
             ends_at_restart ? VARIANT_RESTART_ANNOUNCED : variant);
      break;
    /* A reset over USB is a reset from outside, as the button's: on boards
     * with USB-Serial/JTAG the ROM reports even the button that way. */
    case VARIANT_HOST:
    case VARIANT_POWER:
    case VARIANT_EXTERNAL:
      add (out, KILN_BOOT_DIAG_BENIGN_RESET, "normal-boot", 150, KILN_BOOT_CONFIDENCE_MEDIUM,
           evidence, variant);
      break;
    default:
      break;
    }
}

/* A cause found makes the symptoms it explains redundant. */
static void
drop_symptoms (GArray *findings)
{
  gint best = 0;

  for (guint i = 0; i < findings->len; i++)
    best = MAX (best, g_array_index (findings, KilnBootFinding, i).score);
  for (guint i = findings->len; i-- > 0;)
    {
      KilnBootFinding *f = &g_array_index (findings, KilnBootFinding, i);
      gboolean symptom = f->score <= SCORE_SYMPTOM_MAX
                         || f->kind == KILN_BOOT_DIAG_RESET_LOOP
                         || f->kind == KILN_BOOT_DIAG_WRONG_BAUD
                         || f->kind == KILN_BOOT_DIAG_BENIGN_RESET
                         || f->kind == KILN_BOOT_DIAG_ERRATUM
                         || f->kind == KILN_BOOT_DIAG_UNEXPLAINED
                         || f->kind == KILN_BOOT_DIAG_NO_BOOTLOADER;

      if (symptom && best >= SCORE_ROM && f->score < best)
        g_array_remove_index (findings, i);
      /* Notes of an ordinary reset go when anything looked wrong. */
      else if ((f->kind == KILN_BOOT_DIAG_BENIGN_RESET || f->kind == KILN_BOOT_DIAG_ERRATUM)
               && best >= SCORE_NOTE && f->score < best)
        g_array_remove_index (findings, i);
    }
  /* A strap that chose a wrong mode or voltage explains the read errors. */
  if (find (findings, KILN_BOOT_DIAG_FLASH_VOLTAGE) != NULL
      || find (findings, KILN_BOOT_DIAG_BOOT_STRAPS) != NULL
      || find (findings, KILN_BOOT_DIAG_FLASH_MODE) != NULL)
    for (guint i = findings->len; i-- > 0;)
      {
        KilnBootFinding *f = &g_array_index (findings, KilnBootFinding, i);
        if (f->kind == KILN_BOOT_DIAG_FLASH_READ_ERROR || f->kind == KILN_BOOT_DIAG_EMPTY_FLASH
            || f->kind == KILN_BOOT_DIAG_INVALID_HEADER || f->kind == KILN_BOOT_DIAG_CHECKSUM)
          f->score -= 100;
      }
  /* The map mismatch explains the partition errors after it, unless the
   * SDK got past it. */
  if (find (findings, KILN_BOOT_DIAG_FLASH_MAP_MISMATCH) != NULL
      && find (findings, KILN_BOOT_DIAG_FLASH_MAP_MISMATCH)->score >= SCORE_ROM)
    for (guint i = findings->len; i-- > 0;)
      if (g_array_index (findings, KilnBootFinding, i).kind == KILN_BOOT_DIAG_SYSTEM_PARAM)
        g_array_remove_index (findings, i);
}

static gint
finding_compare (gconstpointer a,
                 gconstpointer b)
{
  const KilnBootFinding *fa = a;
  const KilnBootFinding *fb = b;

  if (fa->score != fb->score)
    return fa->score > fb->score ? -1 : 1;
  return (gint) fa->kind - (gint) fb->kind;
}

static GArray *
findings_collect (KilnBootlogDecoder *self)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (KilnBootFinding));

  kiln_bootlog_rules_sdk (self, out);
  kiln_bootlog_rules_firmware_messages (self, out);
  kiln_bootlog_rules_straps (self, out);
  kiln_bootlog_rules_rom (self, out);
  kiln_bootlog_rules_flash_mode (self, out);
  kiln_bootlog_rules_reset_reasons (self, out);
  kiln_bootlog_rules_firmware (self, out);
  kiln_bootlog_rules_loops (self, out);
  rules_baud (self, out);
  rules_console (self, out);
  kiln_bootlog_rules_sleep (self, out);
  rules_benign (self, out);
  /* "No known problem" only when nothing looked wrong: a line that says
   * something failed, and no rule that reads it, is said as such. */
  if (out->len == 0 && self->first_error != NULL)
    add (out, KILN_BOOT_DIAG_UNEXPLAINED, "unknown", 250, KILN_BOOT_CONFIDENCE_LOW,
         self->first_error, VARIANT_NONE);
  drop_symptoms (out);
  g_array_sort (out, finding_compare);
  return out;
}

/* ---- entry points ---------------------------------------------------------- */

/**
 * kiln_bootlog_rules_evaluate:
 *
 * Returns: (transfer container): ranked diagnoses for everything seen so far
 */
GPtrArray *
kiln_bootlog_rules_evaluate (KilnBootlogDecoder *self)
{
  g_autoptr(GArray) findings = findings_collect (self);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_diagnosis_unref);

  for (guint i = 0; i < findings->len; i++)
    g_ptr_array_add (out, kiln_bootlog_diagnosis_new (self, &g_array_index (findings, KilnBootFinding, i)));
  return out;
}

/* Reports the diagnoses not reported before, best first. */
void
kiln_bootlog_rules_update (KilnBootlogDecoder *self)
{
  g_autoptr(GArray) findings = NULL;

  if (self->diagnosis_func == NULL)
    return;
  findings = findings_collect (self);
  for (guint i = 0; i < findings->len; i++)
    {
      KilnBootFinding *f = &g_array_index (findings, KilnBootFinding, i);
      g_autoptr(KilnBootDiagnosis) d = NULL;

      /* Ordinary notes wait for the end: more lines may change them. */
      if (self->diagnosed[f->kind]
          || (!self->finished && f->score < SCORE_SYMPTOM_MAX
              && f->kind != KILN_BOOT_DIAG_WATCHDOG && f->kind != KILN_BOOT_DIAG_BOOT_LOOP))
        continue;
      self->diagnosed[f->kind] = TRUE;
      d = kiln_bootlog_diagnosis_new (self, f);
      self->diagnosis_func (d, self->user_data);
    }
}
