/* kiln-window-bootcheck.c: the boot check's verdict under Detected Board.
 *
 * After a write with "Check the boot after writing" on, one line says
 * whether the firmware came up ("AT firmware answered: AT version 1.7.3.0,
 * SDK 3.0.3"), or what went wrong, with the fix under it.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiln-window-private.h"

static const char *const css_classes[] = { "success", "warning", "error" };

/**
 * kiln_window_show_boot_check:
 * @check: (nullable): the verdict; %NULL hides the line
 */
void
kiln_window_show_boot_check (KilnWindow    *self,
                             KilnBootCheck *check)
{
  g_autoptr(GString) markup = NULL;
  g_autofree char *summary = NULL;
  const char *icon;
  const char *css;

  for (guint i = 0; i < G_N_ELEMENTS (css_classes); i++)
    gtk_widget_remove_css_class (self->boot_check_box, css_classes[i]);
  if (check == NULL)
    {
      gtk_widget_set_visible (self->boot_check_box, FALSE);
      gtk_label_set_label (self->boot_check_label, "");
      return;
    }

  markup = g_string_new (NULL);
  summary = g_markup_escape_text (check->summary, -1);
  switch (check->status)
    {
    case KILN_BOOT_CHECK_UP:
      icon = "emblem-ok-symbolic";
      css = "success";
      /* Translators: under Detected Board after a write; %s is what came
       * up, e.g. “ESP-IDF app started” */
      g_string_append_printf (markup, _("<b>Boot check:</b> %s"), summary);
      break;
    case KILN_BOOT_CHECK_FAILED:
      icon = "dialog-error-symbolic";
      css = "error";
      /* Translators: under Detected Board; %s is the diagnosis, e.g.
       * “Flash size setting does not match the firmware” */
      g_string_append_printf (markup, _("<b>The firmware did not come up:</b> %s"), summary);
      break;
    case KILN_BOOT_CHECK_UNKNOWN:
    case KILN_BOOT_CHECK_SKIPPED:
    default:
      icon = "dialog-information-symbolic";
      css = "warning";
      g_string_append_printf (markup, _("<b>Boot check:</b> %s"), summary);
      break;
    }
  if (check->status == KILN_BOOT_CHECK_FAILED && check->diagnosis != NULL)
    {
      g_autofree char *explanation = g_markup_escape_text (check->diagnosis->explanation, -1);
      g_autofree char *fix = g_markup_escape_text (check->diagnosis->fix, -1);

      g_string_append_printf (markup, "\n%s\n", explanation);
      /* Translators: heads the fix for a failed boot, under its explanation */
      g_string_append_printf (markup, _("<b>Fix:</b> %s"), fix);
    }

  gtk_image_set_from_icon_name (self->boot_check_icon, icon);
  gtk_widget_add_css_class (self->boot_check_box, css);
  gtk_label_set_markup (self->boot_check_label, markup->str);
  gtk_widget_set_visible (self->boot_check_box, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->boot_check_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, check->summary, -1);
}
