/* kiln-port-item.c: one entry of the port list.
 *
 * A port is shown as a title (the device node or the port string) and a
 * line of details that tells the boards apart: the USB bridge's name,
 * VID:PID and serial number, or that it is the built-in virtual device.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiln-port-item.h"
#include "kiln-remote-port.h"

struct _KilnPortItem
{
  GObject   parent_instance;

  char     *name;
  char     *title;
  char     *details;
  gboolean  is_virtual;
  gboolean  is_usb;
  gboolean  present;
  gboolean  custom;
  gboolean  is_remote;
  KilnRemoteState remote_state;
  char     *remote_reason;
};

G_DEFINE_FINAL_TYPE (KilnPortItem, kiln_port_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_TITLE,
  PROP_DETAILS,
  PROP_IS_VIRTUAL,
  PROP_PRESENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiln_port_item_finalize (GObject *object)
{
  KilnPortItem *self = KILN_PORT_ITEM (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->details, g_free);
  g_clear_pointer (&self->remote_reason, g_free);

  G_OBJECT_CLASS (kiln_port_item_parent_class)->finalize (object);
}

static void
kiln_port_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KilnPortItem *self = KILN_PORT_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    case PROP_IS_VIRTUAL:
      g_value_set_boolean (value, self->is_virtual);
      break;
    case PROP_PRESENT:
      g_value_set_boolean (value, self->present);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_port_item_class_init (KilnPortItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_port_item_finalize;
  object_class->get_property = kiln_port_item_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_VIRTUAL] =
    g_param_spec_boolean ("is-virtual", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENT] =
    g_param_spec_boolean ("present", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_port_item_init (KilnPortItem *self)
{
  self->present = TRUE;
}

static gboolean
is_virtual_name (const char *name)
{
  return g_str_has_prefix (name, "sim:");
}

static char *
make_details (const KilnPortInfo *info,
              gboolean            present,
              gboolean            custom)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (!present)
    return g_strdup (_("Not connected"));
  if (info == NULL || info->is_virtual || is_virtual_name (info->name))
    {
      const char *options = info != NULL ? strchr (info->name, '?') : NULL;

      /* Say plainly that no hardware is involved: new users try this first.
       * The title (sim:esp32) already names the chip. */
      if (options != NULL && options[1] != '\0')
        {
          g_autofree char *list = g_strdelimit (g_strdup (options + 1), "&", ' ');
          /* Translators: %s lists a virtual board's options, “flash=4MB pace=1” */
          g_string_append_printf (s, _("Virtual board (%s), no hardware needed"), list);
        }
      else
        g_string_append (s, _("Virtual board, no hardware needed"));
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  if (info->description != NULL && *info->description != '\0')
    g_string_append (s, info->description);
  if (info->usb_vid != 0 || info->usb_pid != 0)
    g_string_append_printf (s, "%s%04x:%04x", s->len ? " · " : "", info->usb_vid, info->usb_pid);
  if (info->serial != NULL && *info->serial != '\0')
    {
      if (s->len > 0)
        g_string_append (s, " · ");
      /* Translators: a USB serial number, shown after the bridge name */
      g_string_append_printf (s, _("S/N %s"), info->serial);
    }
  if (s->len == 0)
    g_string_append (s, custom ? _("Entered by hand") : _("Serial port"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* "Remote port, raw TCP · reachable": what it is and whether its server
 * answered the last check. */
static char *
remote_details (KilnPortItem *self)
{
  KilnRemoteProtocol protocol = KILN_REMOTE_RAW;
  const char *kind;

  kiln_remote_port_parse (self->name, NULL, NULL, &protocol);
  kind = protocol == KILN_REMOTE_RFC2217 ? _("Remote port, RFC 2217")
                                         : _("Remote port, raw TCP");
  switch (self->remote_state)
    {
    case KILN_REMOTE_STATE_CHECKING:
      /* Translators: “Remote port, raw TCP · checking…” */
      return g_strdup_printf (_("%s · checking…"), kind);
    case KILN_REMOTE_STATE_REACHABLE:
      /* Translators: “Remote port, raw TCP · reachable”: its server answered */
      return g_strdup_printf (_("%s · reachable"), kind);
    case KILN_REMOTE_STATE_UNREACHABLE:
      if (self->remote_reason != NULL)
        /* Translators: “Remote port, RFC 2217 · not reachable: Connection refused” */
        return g_strdup_printf (_("%s · not reachable: %s"), kind, self->remote_reason);
      return g_strdup_printf (_("%s · not reachable"), kind);
    case KILN_REMOTE_STATE_UNKNOWN:
    default:
      return g_strdup (kind);
    }
}

static char *
make_title (const char *name)
{
  /* "/dev/ttyUSB0" reads better as "ttyUSB0", and a virtual board's
   * options belong in the details; other port strings (COM3) are shown as
   * they are. */
  if (g_str_has_prefix (name, "/dev/"))
    return g_strdup (name + strlen ("/dev/"));
  if (g_str_has_prefix (name, "sim:") && strchr (name, '?') != NULL)
    return g_strndup (name, strchr (name, '?') - name);
  /* A remote port is its host and TCP port; the details say which
   * protocol. */
  if (kiln_remote_port_is_remote (name))
    {
      const char *rest = strstr (name, "://") + 3;
      return g_strndup (rest, strcspn (rest, "?"));
    }
  return g_strdup (name);
}

KilnPortItem *
kiln_port_item_new (const KilnPortInfo *info)
{
  KilnPortItem *self;

  g_return_val_if_fail (info != NULL && info->name != NULL, NULL);

  self = g_object_new (KILN_TYPE_PORT_ITEM, NULL);
  self->name = g_strdup (info->name);
  self->title = make_title (info->name);
  self->is_virtual = info->is_virtual || is_virtual_name (info->name);
  self->is_usb = info->usb_vid != 0 || info->usb_pid != 0;
  self->details = make_details (info, TRUE, FALSE);
  return self;
}

/* A port the user or a project named that the system does not list (yet):
 * a network port, a virtual board with options, or a board unplugged now. */
KilnPortItem *
kiln_port_item_new_custom (const char *name)
{
  KilnPortInfo info = { .name = (char *) name };
  KilnPortItem *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (KILN_TYPE_PORT_ITEM, NULL);
  self->name = g_strdup (name);
  self->title = make_title (name);
  self->custom = TRUE;
  self->is_virtual = is_virtual_name (name);
  /* A plain device path that is not listed is a board that is unplugged. */
  self->present = !g_str_has_prefix (name, "/dev/");
  self->is_remote = kiln_remote_port_is_remote (name);
  self->details = self->is_remote ? remote_details (self) : make_details (&info, self->present, TRUE);
  return self;
}

const char *
kiln_port_item_get_name (KilnPortItem *self)
{
  g_return_val_if_fail (KILN_IS_PORT_ITEM (self), NULL);
  return self->name;
}

const char *
kiln_port_item_get_title (KilnPortItem *self)
{
  g_return_val_if_fail (KILN_IS_PORT_ITEM (self), NULL);
  return self->title;
}

const char *
kiln_port_item_get_details (KilnPortItem *self)
{
  g_return_val_if_fail (KILN_IS_PORT_ITEM (self), NULL);
  return self->details;
}

gboolean
kiln_port_item_get_is_virtual (KilnPortItem *self)
{
  g_return_val_if_fail (KILN_IS_PORT_ITEM (self), FALSE);
  return self->is_virtual;
}

/* A USB serial bridge (or a chip's own USB): what a board shows up as. */
gboolean
kiln_port_item_get_is_usb (KilnPortItem *self)
{
  g_return_val_if_fail (KILN_IS_PORT_ITEM (self), FALSE);
  return self->is_usb;
}

gboolean
kiln_port_item_get_present (KilnPortItem *self)
{
  g_return_val_if_fail (KILN_IS_PORT_ITEM (self), FALSE);
  return self->present;
}

void
kiln_port_item_update (KilnPortItem       *self,
                       const KilnPortInfo *info)
{
  g_autofree char *details = NULL;

  g_return_if_fail (KILN_IS_PORT_ITEM (self));

  details = make_details (info, TRUE, self->custom);
  if (!self->present)
    {
      self->present = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENT]);
    }
  if (g_strcmp0 (details, self->details) != 0)
    {
      g_free (self->details);
      self->details = g_steal_pointer (&details);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
    }
}

void
kiln_port_item_set_present (KilnPortItem *self,
                            gboolean      present)
{
  g_return_if_fail (KILN_IS_PORT_ITEM (self));

  present = !!present;
  if (self->present == present)
    return;
  self->present = present;
  if (!present)
    {
      g_free (self->details);
      self->details = g_strdup (_("Not connected"));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENT]);
}

/* socket:// or rfc2217://: added by hand, checked for reachability. */
gboolean
kiln_port_item_get_is_remote (KilnPortItem *self)
{
  g_return_val_if_fail (KILN_IS_PORT_ITEM (self), FALSE);
  return self->is_remote;
}

KilnRemoteState
kiln_port_item_get_remote_state (KilnPortItem *self)
{
  g_return_val_if_fail (KILN_IS_PORT_ITEM (self), KILN_REMOTE_STATE_UNKNOWN);
  return self->remote_state;
}

/**
 * kiln_port_item_set_remote_state:
 * @reason: (nullable): why it could not be reached
 *
 * A remote port's details say what the last check found.
 */
void
kiln_port_item_set_remote_state (KilnPortItem    *self,
                                 KilnRemoteState  state,
                                 const char      *reason)
{
  g_autofree char *details = NULL;

  g_return_if_fail (KILN_IS_PORT_ITEM (self));
  g_return_if_fail (self->is_remote);

  self->remote_state = state;
  g_free (self->remote_reason);
  self->remote_reason = g_strdup (reason);
  details = remote_details (self);
  if (g_strcmp0 (details, self->details) != 0)
    {
      g_free (self->details);
      self->details = g_steal_pointer (&details);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
    }
}
