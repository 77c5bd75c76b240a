/* test-a11y.c: the app by keyboard and through its accessible names.
 *
 * Runs under GTK_A11Y=test (the test accessibility backend), which keeps
 * the accessible properties and relations every widget sets.  For the
 * main window (each bottom tab), its popovers and the app's dialogs:
 *
 *  - every control (a widget whose accessible role is a button, check box,
 *    switch, combo box, text box, spin button, tab…) has an accessible
 *    name: a label property or a labelled-by relation;
 *  - every such control that takes the focus is reached by Tab;
 *  - no two controls on screen share an Alt+letter mnemonic;
 *
 * and a project is written with the keyboard alone: Tab to Start and
 * activate it as Space or Enter does.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-preferences-window.h"
#include "kiln-remote-port-dialog.h"
#include "kiln-factory-window.h"
#include "kiln-sim.h"
#include "test-gui-util.h"

typedef KilnGuiTestDir Fixture;

static gboolean
is_control_role (GtkAccessibleRole role)
{
  switch (role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
    case GTK_ACCESSIBLE_ROLE_LIST_ITEM:
      return TRUE;
    default:
      return FALSE;
    }
}

/* What the user operates: the widget itself, or for the text inside an
 * entry or a spin button, the entry. */
static GtkWidget *
control_of (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (GTK_IS_TEXT (widget) && parent != NULL &&
      (GTK_IS_ENTRY (parent) || GTK_IS_SPIN_BUTTON (parent) || GTK_IS_PASSWORD_ENTRY (parent) ||
       GTK_IS_SEARCH_ENTRY (parent)))
    return parent;
  return widget;
}

static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  /* A label's name is its text. */
  return GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0';
}

static char *
describe (GtkWidget *widget)
{
  GString *s = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *id = GTK_IS_BUILDABLE (w) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) : NULL;
      g_string_prepend (s, id != NULL && !g_str_has_prefix (id, "___") ? id : G_OBJECT_TYPE_NAME (w));
      if (gtk_widget_get_parent (w) != NULL)
        g_string_prepend (s, " > ");
    }
  return g_string_free (s, FALSE);
}

/* The controls under @root a person can see and use now. */
static void
collect_controls (GtkWidget *root,
                  GPtrArray *controls)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *control;

      if (!gtk_widget_get_mapped (w) || GTK_IS_NATIVE (w))
        continue;
      control = control_of (w);
      if (gtk_widget_is_sensitive (w) &&
          (is_control_role (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (control))) ||
           (GTK_IS_LABEL (w) && gtk_widget_get_focusable (w))))
        g_ptr_array_add (controls, w);
      collect_controls (w, controls);
    }
}

/* Every control under @root has a name; returns how many were checked. */
static guint
assert_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GString) missing = g_string_new (NULL);

  collect_controls (root, controls);
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = control_of (g_ptr_array_index (controls, i));

      if (!has_accessible_name (control))
        {
          g_autofree char *what = describe (control);
          g_string_append_printf (missing, "\n  %s", what);
        }
    }
  if (missing->len > 0)
    g_error ("controls without an accessible name:%s", missing->str);
  return controls->len;
}

/* Tab from nothing focused until the focus comes round again. */
static GHashTable *
tab_chain (GtkWindow *window,
           GtkWidget *root)
{
  GHashTable *reached = g_hash_table_new (NULL, NULL);
  GtkWidget *first = NULL;

  gtk_window_set_focus (window, NULL);
  for (guint i = 0; i < 1000; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD))
        {
          /* Past the last one: Tab goes round to the first again. */
          gtk_window_set_focus (window, NULL);
          if (!gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD))
            break;
        }
      focus = gtk_window_get_focus (window);
      if (focus == NULL || focus == first)
        break;
      if (first == NULL)
        first = focus;
      g_hash_table_add (reached, focus);
    }
  return reached;
}

/* A check button in a group draws a radio indicator (GTK 4.8 still gives
 * it the check box role). */
static gboolean
is_radio (GtkWidget *widget)
{
  GtkWidget *indicator;

  if (!GTK_IS_CHECK_BUTTON (widget))
    return FALSE;
  indicator = gtk_widget_get_first_child (widget);
  return indicator != NULL && g_str_equal (gtk_widget_get_css_name (indicator), "radio");
}

/* Tab stops at one button of a radio group; the arrow keys move between
 * them, as everywhere in GTK. */
static gboolean
reached_by_arrows (GtkWindow  *window,
                   GtkWidget  *root,
                   GtkWidget  *radio,
                   GHashTable *reached)
{
  GtkWidget *from = NULL;

  if (!is_radio (radio))
    return FALSE;
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_parent (radio)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (is_radio (w) && g_hash_table_contains (reached, w))
      from = w;
  if (from == NULL)
    return FALSE;
  gtk_widget_grab_focus (from);
  for (guint i = 0; i < 10 && gtk_window_get_focus (window) != radio; i++)
    if (!gtk_widget_child_focus (root, GTK_DIR_DOWN))
      break;
  return gtk_window_get_focus (window) == radio;
}

/* Every focusable control under @root is reached by Tab. */
static void
assert_tab_reaches_all (GtkWindow *window,
                        GtkWidget *root)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GHashTable) reached = tab_chain (window, root);
  g_autoptr(GString) missing = g_string_new (NULL);

  collect_controls (root, controls);
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (controls, i);

      if (!gtk_widget_get_focusable (w) || !gtk_widget_get_can_focus (w))
        continue;
      /* A list row is passed on to its first control by Tab. */
      if (GTK_IS_LIST_BOX_ROW (w))
        continue;
      if (!g_hash_table_contains (reached, w) && !reached_by_arrows (window, root, w, reached))
        {
          g_autofree char *what = describe (w);
          g_string_append_printf (missing, "\n  %s", what);
        }
    }
  if (missing->len > 0)
    g_error ("not reached by Tab:%s", missing->str);
}

static void
collect_mnemonics (GtkWidget  *root,
                   GHashTable *seen,
                   GString    *clashes)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (!gtk_widget_get_mapped (w) || GTK_IS_NATIVE (w))
        continue;
      if (GTK_IS_LABEL (w) && gtk_label_get_mnemonic_keyval (GTK_LABEL (w)) != GDK_KEY_VoidSymbol)
        {
          guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (w)));
          GtkWidget *other = g_hash_table_lookup (seen, GUINT_TO_POINTER (key));

          if (other != NULL)
            g_string_append_printf (clashes, "\n  Alt+%s: “%s” and “%s”", gdk_keyval_name (key),
                                    gtk_label_get_label (GTK_LABEL (other)),
                                    gtk_label_get_label (GTK_LABEL (w)));
          else
            g_hash_table_insert (seen, GUINT_TO_POINTER (key), w);
        }
      collect_mnemonics (w, seen, clashes);
    }
}

/* Alt+letter goes to one place: no two controls on screen share one. */
static void
assert_mnemonics_unique (GtkWidget *root)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) clashes = g_string_new (NULL);

  collect_mnemonics (root, seen, clashes);
  if (GTK_IS_WINDOW (root) && gtk_window_get_titlebar (GTK_WINDOW (root)) != NULL &&
      gtk_widget_get_parent (gtk_window_get_titlebar (GTK_WINDOW (root))) == NULL)
    collect_mnemonics (gtk_window_get_titlebar (GTK_WINDOW (root)), seen, clashes);
  if (clashes->len > 0)
    g_error ("mnemonics used twice:%s", clashes->str);
}

static void
check_window (GtkWindow *window)
{
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));
  g_assert_cmpuint (assert_named (GTK_WIDGET (window)), >, 0);
  assert_tab_reaches_all (window, GTK_WIDGET (window));
  assert_mnemonics_unique (GTK_WIDGET (window));
}

/* The main window, every bottom tab, its popovers and menus. */
static void
test_main_window (Fixture       *f,
                  gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  g_autoptr(GBytes) a = kiln_gui_test_pattern (0x1000, 60);
  g_autofree char *path = kiln_gui_test_write (f->dir, "app.bin", a);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *tabs[] = { "log", "bootlog", "console" };
  GtkPopover *popovers[] = { window->erase_popover, window->read_popover };
  GtkMenuButton *menu_buttons[] = { window->erase_button, window->read_button };

  kiln_window_add_file (window, file, 0x10000);
  kiln_window_add_file (window, NULL, 0x20000);
  kiln_window_set_port (window, "sim:esp8266?id=a11y");

  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    {
      gtk_stack_set_visible_child_name (window->bottom_stack, tabs[i]);
      check_window (GTK_WINDOW (window));
    }

  for (guint i = 0; i < G_N_ELEMENTS (popovers); i++)
    {
      gtk_menu_button_popup (menu_buttons[i]);
      kiln_gui_test_wait_drawn (GTK_WIDGET (popovers[i]));
      g_assert_cmpuint (assert_named (GTK_WIDGET (popovers[i])), >, 0);
      assert_tab_reaches_all (GTK_WINDOW (window), GTK_WIDGET (popovers[i]));
      assert_mnemonics_unique (GTK_WIDGET (popovers[i]));
      gtk_menu_button_popdown (menu_buttons[i]);
    }

  kiln_gui_test_window_free (window);
  kiln_sim_forget ("a11y");
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WINDOW (w);
    }
  return NULL;
}

/* Add Remote Port, Preferences, Factory Mode. */
static void
test_dialogs (Fixture       *f,
              gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-remote-port", NULL));
  dialog = find_toplevel (KILN_TYPE_REMOTE_PORT_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                      KILN_TYPE_REMOTE_PORT_DIALOG,
                                                                      "host_entry")), "esp-link.local");
  check_window (dialog);
  gtk_window_destroy (dialog);

  dialog = GTK_WINDOW (kiln_preferences_window_new (GTK_WINDOW (window), window->settings));
  gtk_window_present (dialog);
  check_window (dialog);
  gtk_window_destroy (dialog);

  kiln_window_add_file (window, NULL, 0x0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.factory", NULL));
  dialog = find_toplevel (KILN_TYPE_FACTORY_WINDOW);
  g_assert_nonnull (dialog);
  kiln_factory_window_set_port_selected (KILN_FACTORY_WINDOW (dialog), "sim:esp32?id=a11y-f", TRUE);
  check_window (dialog);
  gtk_window_destroy (dialog);

  kiln_gui_test_flush (50);
  kiln_gui_test_window_free (window);
}

/* Writing a project with the keyboard alone: Tab until Start has the
 * focus, then activate it (what Space and Enter do on a button). */
static void
test_keyboard_flash (Fixture       *f,
                     gconstpointer  data)
{
  KilnWindow *window = kiln_gui_test_window_new (1000, 720);
  /* Long enough to look at the window while it writes. */
  g_autoptr(GBytes) a = kiln_gui_test_pattern (0x20000, 61);
  g_autofree char *bin = kiln_gui_test_write (f->dir, "keys.bin", a);
  g_autofree char *path = g_build_filename (f->dir, "keys.kiln.json", NULL);
  g_autoptr(KilnProject) project = kiln_project_new ();
  g_autoptr(GFile) project_file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnSim) sim = NULL;
  const guint8 *flash;
  gsize len = 0;
  guint presses = 0;

  g_free (project->port);
  project->port = g_strdup ("sim:esp8266?id=keys&flash=1MB");
  kiln_project_add_row (project, TRUE, bin, 0x30000);
  g_assert_true (kiln_project_save (project, path, &error));
  g_assert_no_error (error);
  g_assert_true (kiln_window_load_project (window, project_file, &error));
  g_assert_no_error (error);
  kiln_gui_test_wait_drawn (GTK_WIDGET (window));

  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  while (gtk_window_get_focus (GTK_WINDOW (window)) != GTK_WIDGET (window->start_button))
    {
      g_assert_cmpuint (++presses, <, 200);
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
    }
  g_assert_true (gtk_widget_activate (gtk_window_get_focus (GTK_WINDOW (window))));
  /* A button activated from the keyboard clicks once its pressed look
   * has shown. */
  g_assert_true (kiln_gui_test_wait ((KilnTestCondition) kiln_window_get_busy, window, 2000));
  /* Stop is on screen now: its Alt+T is its own too. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->stop_button)));
  assert_mnemonics_unique (GTK_WIDGET (window));
  g_assert_true (kiln_gui_test_wait_job (window, 20000));
  g_assert_cmpint (window->outcome, ==, KILN_OUTCOME_SUCCESS);

  sim = kiln_sim_lookup ("keys");
  flash = kiln_sim_get_flash (sim, &len);
  g_assert_cmpmem (flash + 0x30000, g_bytes_get_size (a), g_bytes_get_data (a, NULL),
                   g_bytes_get_size (a));

  kiln_gui_test_window_free (window);
  kiln_sim_forget ("keys");
}

int
main (int   argc,
      char *argv[])
{
  if (!kiln_gui_test_init (&argc, &argv))
    return KILN_GUI_TEST_SKIPPED;

  g_test_add ("/kiln/a11y/main-window", Fixture, NULL, kiln_gui_test_dir_setup, test_main_window, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/a11y/dialogs", Fixture, NULL, kiln_gui_test_dir_setup, test_dialogs, kiln_gui_test_dir_teardown);
  g_test_add ("/kiln/a11y/keyboard-flash", Fixture, NULL, kiln_gui_test_dir_setup, test_keyboard_flash, kiln_gui_test_dir_teardown);

  return g_test_run ();
}
