/* kiln-window-bootcheck.c: verdicts on the boot under Detected Board.
 *
 * After a write with "Check the boot after writing" on, one line says
 * whether the firmware came up ("AT firmware answered: AT version 1.7.3.0,
 * SDK 3.0.3"), or that it did not and why; the explanation and the fix
 * follow under it, as does how to reach firmware that came up but takes
 * its commands elsewhere (ESP-AT on UART1).  Success, warning and error colour the line.
 * Under a failed check whose readings the flash tells apart, Inspect
 * Flash; it puts its verdict in the same place.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-window-private.h"

static const char *const css_classes[] = { "boot-check-up", "boot-check-note", "boot-check-failed" };

/**
 * kiln_window_show_boot_check:
 * @check: (nullable): the verdict; %NULL hides it
 */
void
kiln_window_show_boot_check (KilnWindow    *self,
                             KilnBootCheck *check)
{
  g_autofree char *line = NULL;
  g_autofree char *detail = NULL;
  const char *css;

  for (guint i = 0; i < G_N_ELEMENTS (css_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->boot_check_label), css_classes[i]);
  gtk_widget_set_visible (GTK_WIDGET (self->boot_check_detail), FALSE);
  gtk_label_set_text (self->boot_check_detail, "");
  gtk_widget_set_visible (self->boot_check_inspect, FALSE);
  if (check == NULL)
    {
      gtk_widget_set_visible (self->boot_check_box, FALSE);
      gtk_label_set_text (self->boot_check_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->boot_check_label), NULL);
      return;
    }

  switch (check->status)
    {
    case KILN_BOOT_CHECK_UP:
      css = "boot-check-up";
      /* Translators: under Detected Board after a write; %s is what came
       * up, e.g. “ESP-IDF app started” */
      line = g_strdup_printf (_("Boot check: %s"), check->summary);
      break;
    case KILN_BOOT_CHECK_FAILED:
      css = "boot-check-failed";
      /* Translators: under Detected Board; %s is the diagnosis, e.g.
       * “Flash size setting does not match the firmware” */
      line = g_strdup_printf (_("The firmware did not come up: %s"), check->summary);
      break;
    case KILN_BOOT_CHECK_UNKNOWN:
    case KILN_BOOT_CHECK_SKIPPED:
    default:
      css = "boot-check-note";
      line = g_strdup_printf (_("Boot check: %s"), check->summary);
      break;
    }
  if (check->status == KILN_BOOT_CHECK_FAILED && check->diagnosis != NULL)
    {
      /* With how sure the decoder is, as the Boot Log's banner says it: a
       * guess must not read as a finding. */
      /* Translators: the explanation of a failed boot, its fix, then how
       * sure that is, e.g. “high: the log names the cause itself.” */
      detail = g_strdup_printf (_("%s\nFix: %s\nConfidence: %s"), check->diagnosis->explanation,
                                check->diagnosis->fix,
                                kiln_boot_confidence_explain (check->diagnosis->confidence));
      /* The board is still on the port: what its flash holds settles
       * which reading of the log it is. */
      gtk_widget_set_visible (self->boot_check_inspect,
                              kiln_flash_survey_tells_diagnosis (check->diagnosis));
    }
  else if (check->detail != NULL)
    /* It came up, but cannot be talked to here: how to reach it. */
    detail = g_strdup (check->detail);

  gtk_widget_add_css_class (GTK_WIDGET (self->boot_check_label), css);
  gtk_label_set_text (self->boot_check_label, line);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->boot_check_label), line);
  if (detail != NULL)
    {
      gtk_label_set_text (self->boot_check_detail, detail);
      gtk_widget_set_visible (GTK_WIDGET (self->boot_check_detail), TRUE);
    }
  gtk_widget_set_visible (self->boot_check_box, TRUE);
}

/* How sure Inspect Flash is, said of the flash rather than of a log. */
static const char *
survey_confidence (KilnBootConfidence confidence)
{
  return confidence == KILN_BOOT_CONFIDENCE_HIGH
           ? _("high: what the flash holds shows it.")
           : _("medium: the likeliest reading of what the flash holds.");
}

/**
 * kiln_window_show_survey:
 * @survey: what Inspect Flash found
 *
 * Its verdict in the boot check's place, and what each place holds in the
 * log.
 */
void
kiln_window_show_survey (KilnWindow            *self,
                         const KilnFlashSurvey *survey)
{
  gboolean sound = g_str_equal (survey->cause, "none");
  /* Translators: under Detected Board after Inspect Flash; %s is the
   * verdict, e.g. “Only the application was written” */
  g_autofree char *line = g_strdup_printf (_("Inspected the flash: %s"), survey->title);
  g_autofree char *detail = g_strdup_printf (_("%s\nFix: %s\nConfidence: %s"),
                                             survey->explanation, survey->fix,
                                             survey_confidence (survey->confidence));
  g_autofree char *why = g_strdup_printf ("%s %s", survey->explanation, survey->fix);

  kiln_window_show_boot_check (self, NULL);
  for (guint i = 0; i < survey->spots->len; i++)
    {
      const KilnSurveySpot *spot = &g_array_index (survey->spots, KilnSurveySpot, i);
      g_autofree char *place = g_strdup_printf ("0x%X: %s", spot->address, spot->description);
      kiln_window_log (self, KILN_LOG_INFO, place);
    }
  kiln_window_log (self, sound ? KILN_LOG_INFO : KILN_LOG_ERROR, line);
  kiln_window_log (self, sound ? KILN_LOG_INFO : KILN_LOG_ERROR, why);
  gtk_widget_add_css_class (GTK_WIDGET (self->boot_check_label),
                            sound ? "boot-check-up" : "boot-check-failed");
  gtk_label_set_text (self->boot_check_label, line);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->boot_check_label), line);
  gtk_label_set_text (self->boot_check_detail, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->boot_check_detail), TRUE);
  gtk_widget_set_visible (self->boot_check_box, TRUE);
}
