/* kiln-fit-scroll.c: a scrolled area as tall as its content when there is
 * room, and scrolling when the window is small.
 *
 * Why not a GtkScrolledWindow with propagate-natural-height: GTK 4.8 asks
 * its content for the natural height at the content's natural width, not at
 * the width the area really has. A wrapping label (the boot check's
 * diagnosis) then asks for the height of one long line, or of whatever
 * max-width-chars gives: too little or too much. This widget asks the
 * content for its height at the width it is given, and offers the
 * scrolled window's small minimum, so a small window scrolls the text
 * instead of growing.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-fit-scroll.h"

struct _KilnFitScroll
{
  GtkWidget          parent_instance;
  GtkScrolledWindow *scroller;
};

enum { PROP_0, PROP_CHILD, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (KilnFitScroll, kiln_fit_scroll, GTK_TYPE_WIDGET)

GtkWidget *
kiln_fit_scroll_new (void)
{
  return g_object_new (KILN_TYPE_FIT_SCROLL, NULL);
}

GtkWidget *
kiln_fit_scroll_get_child (KilnFitScroll *self)
{
  GtkWidget *child;

  g_return_val_if_fail (KILN_IS_FIT_SCROLL (self), NULL);

  child = gtk_scrolled_window_get_child (self->scroller);
  /* A widget that cannot scroll itself sits in a viewport. */
  if (GTK_IS_VIEWPORT (child))
    child = gtk_viewport_get_child (GTK_VIEWPORT (child));
  return child;
}

void
kiln_fit_scroll_set_child (KilnFitScroll *self,
                           GtkWidget     *child)
{
  g_return_if_fail (KILN_IS_FIT_SCROLL (self));

  gtk_scrolled_window_set_child (self->scroller, child);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CHILD]);
}

static GtkSizeRequestMode
kiln_fit_scroll_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kiln_fit_scroll_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  KilnFitScroll *self = KILN_FIT_SCROLL (widget);
  GtkWidget *child = kiln_fit_scroll_get_child (self);

  gtk_widget_measure (GTK_WIDGET (self->scroller), orientation, for_size,
                      minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL && child != NULL
      && gtk_widget_get_visible (child))
    {
      int child_min, child_nat;

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, for_size,
                          &child_min, &child_nat, NULL, NULL);
      *natural = MAX (*minimum, child_nat);
    }
}

static void
kiln_fit_scroll_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  KilnFitScroll *self = KILN_FIT_SCROLL (widget);

  gtk_widget_allocate (GTK_WIDGET (self->scroller), width, height, -1, NULL);
}

static void
kiln_fit_scroll_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KilnFitScroll *self = KILN_FIT_SCROLL (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, kiln_fit_scroll_get_child (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_fit_scroll_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KilnFitScroll *self = KILN_FIT_SCROLL (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      kiln_fit_scroll_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_fit_scroll_dispose (GObject *object)
{
  KilnFitScroll *self = KILN_FIT_SCROLL (object);

  if (self->scroller != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->scroller));
      self->scroller = NULL;
    }
  G_OBJECT_CLASS (kiln_fit_scroll_parent_class)->dispose (object);
}

static void
kiln_fit_scroll_class_init (KilnFitScrollClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiln_fit_scroll_get_property;
  object_class->set_property = kiln_fit_scroll_set_property;
  object_class->dispose = kiln_fit_scroll_dispose;
  widget_class->get_request_mode = kiln_fit_scroll_get_request_mode;
  widget_class->measure = kiln_fit_scroll_measure;
  widget_class->size_allocate = kiln_fit_scroll_size_allocate;

  props[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kiln_fit_scroll_init (KilnFitScroll *self)
{
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  /* About two lines of text: the least it takes before it scrolls. */
  gtk_scrolled_window_set_min_content_height (self->scroller, 40);
  gtk_widget_set_parent (GTK_WIDGET (self->scroller), GTK_WIDGET (self));
}
