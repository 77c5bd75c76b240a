/* kiln-settings.c: the app's preferences as properties of one object.
 *
 * Widgets bind to these properties rather than to GSettings directly, so a
 * test can hand the window a KilnSettings over a memory backend and every
 * key stays in one place.  Each schema key is one property of the same name;
 * g_settings_bind keeps the two in step in both directions.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiln-settings.h"

typedef struct
{
  const char *key;
  GType       type;
} KeyInfo;

/* G_TYPE_STRV is not a constant: string lists are marked with the
 * fundamental type they derive from. */
#define KEY_TYPE_STRV G_TYPE_BOXED

/* Must match data/io.github.kilnflasher.Kiln.gschema.xml. */
static const KeyInfo keys[] = {
  { "last-port",           G_TYPE_STRING },
  { "baud-rate",           G_TYPE_UINT },
  { "reset-mode",          G_TYPE_STRING },
  { "after-mode",          G_TYPE_STRING },
  { "use-stub",            G_TYPE_BOOLEAN },
  { "chip",                G_TYPE_STRING },
  { "flash-mode",          G_TYPE_STRING },
  { "flash-freq",          G_TYPE_STRING },
  { "flash-size",          G_TYPE_STRING },
  { "crystal",             G_TYPE_STRING },
  { "keep-headers",        G_TYPE_BOOLEAN },
  { "erase-all",           G_TYPE_BOOLEAN },
  { "verify",              G_TYPE_BOOLEAN },
  { "skip-unchanged",      G_TYPE_BOOLEAN },
  { "check-boot",          G_TYPE_BOOLEAN },
  { "last-project",        G_TYPE_STRING },
  { "reopen-last-project", G_TYPE_BOOLEAN },
  { "window-width",        G_TYPE_INT },
  { "window-height",       G_TYPE_INT },
  { "window-maximized",    G_TYPE_BOOLEAN },
  { "remote-ports",        KEY_TYPE_STRV },
};

#define N_KEYS G_N_ELEMENTS (keys)

static GType
key_type (guint i)
{
  return keys[i].type == KEY_TYPE_STRV ? G_TYPE_STRV : keys[i].type;
}

struct _KilnSettings
{
  GObject    parent_instance;

  GSettings *settings;
  GValue     values[N_KEYS];
};

G_DEFINE_FINAL_TYPE (KilnSettings, kiln_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  /* then one property per key, PROP_SETTINGS + 1 + index */
};

static GParamSpec *key_pspecs[N_KEYS];

static guint
key_index (const char *key)
{
  for (guint i = 0; i < N_KEYS; i++)
    if (g_str_equal (keys[i].key, key))
      return i;
  g_critical ("kiln-settings: unknown key “%s”", key);
  return 0;
}

static void
kiln_settings_constructed (GObject *object)
{
  KilnSettings *self = KILN_SETTINGS (object);

  G_OBJECT_CLASS (kiln_settings_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  for (guint i = 0; i < N_KEYS; i++)
    g_settings_bind (self->settings, keys[i].key, self, keys[i].key, G_SETTINGS_BIND_DEFAULT);
}

static void
kiln_settings_dispose (GObject *object)
{
  KilnSettings *self = KILN_SETTINGS (object);

  if (self->settings != NULL)
    for (guint i = 0; i < N_KEYS; i++)
      g_settings_unbind (self, keys[i].key);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiln_settings_parent_class)->dispose (object);
}

static void
kiln_settings_finalize (GObject *object)
{
  KilnSettings *self = KILN_SETTINGS (object);

  for (guint i = 0; i < N_KEYS; i++)
    g_value_unset (&self->values[i]);

  G_OBJECT_CLASS (kiln_settings_parent_class)->finalize (object);
}

static void
kiln_settings_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KilnSettings *self = KILN_SETTINGS (object);

  if (prop_id == PROP_SETTINGS)
    g_value_set_object (value, self->settings);
  else if (prop_id > PROP_SETTINGS && prop_id <= PROP_SETTINGS + N_KEYS)
    g_value_copy (&self->values[prop_id - PROP_SETTINGS - 1], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  switch (G_VALUE_TYPE (a))
    {
    case G_TYPE_STRING:
      return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
    case G_TYPE_BOOLEAN:
      return g_value_get_boolean (a) == g_value_get_boolean (b);
    case G_TYPE_INT:
      return g_value_get_int (a) == g_value_get_int (b);
    case G_TYPE_UINT:
      return g_value_get_uint (a) == g_value_get_uint (b);
    default:
      if (G_VALUE_TYPE (a) == G_TYPE_STRV)
        {
          const char * const *sa = g_value_get_boxed (a);
          const char * const *sb = g_value_get_boxed (b);

          if (sa == NULL || sb == NULL)
            return sa == sb;
          return g_strv_equal (sa, sb);
        }
      return FALSE;
    }
}

static void
kiln_settings_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KilnSettings *self = KILN_SETTINGS (object);

  if (prop_id == PROP_SETTINGS)
    self->settings = g_value_dup_object (value);
  else if (prop_id > PROP_SETTINGS && prop_id <= PROP_SETTINGS + N_KEYS)
    {
      guint i = prop_id - PROP_SETTINGS - 1;

      /* Notify only on change: g_settings_bind writes back on notify, and
       * widgets bound both ways would otherwise loop. */
      if (values_equal (&self->values[i], value))
        return;
      g_value_copy (value, &self->values[i]);
      g_object_notify_by_pspec (object, pspec);
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
kiln_settings_class_init (KilnSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kiln_settings_constructed;
  object_class->dispose = kiln_settings_dispose;
  object_class->finalize = kiln_settings_finalize;
  object_class->get_property = kiln_settings_get_property;
  object_class->set_property = kiln_settings_set_property;

  g_object_class_install_property (object_class, PROP_SETTINGS,
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  for (guint i = 0; i < N_KEYS; i++)
    {
      GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

      switch (keys[i].type)
        {
        case G_TYPE_STRING:
          key_pspecs[i] = g_param_spec_string (keys[i].key, NULL, NULL, NULL, flags);
          break;
        case G_TYPE_BOOLEAN:
          key_pspecs[i] = g_param_spec_boolean (keys[i].key, NULL, NULL, FALSE, flags);
          break;
        case G_TYPE_INT:
          key_pspecs[i] = g_param_spec_int (keys[i].key, NULL, NULL, G_MININT, G_MAXINT, 0, flags);
          break;
        case G_TYPE_UINT:
          key_pspecs[i] = g_param_spec_uint (keys[i].key, NULL, NULL, 0, G_MAXUINT, 0, flags);
          break;
        case KEY_TYPE_STRV:
          key_pspecs[i] = g_param_spec_boxed (keys[i].key, NULL, NULL, G_TYPE_STRV, flags);
          break;
        default:
          g_assert_not_reached ();
        }
      g_object_class_install_property (object_class, PROP_SETTINGS + 1 + i, key_pspecs[i]);
    }
}

static void
kiln_settings_init (KilnSettings *self)
{
  for (guint i = 0; i < N_KEYS; i++)
    g_value_init (&self->values[i], key_type (i));
}

/**
 * kiln_settings_new:
 * @settings: (nullable): the GSettings to wrap; %NULL opens the app's schema
 */
KilnSettings *
kiln_settings_new (GSettings *settings)
{
  return g_object_new (KILN_TYPE_SETTINGS, "settings", settings, NULL);
}

GSettings *
kiln_settings_get_backend (KilnSettings *self)
{
  g_return_val_if_fail (KILN_IS_SETTINGS (self), NULL);

  return self->settings;
}

char *
kiln_settings_dup_string (KilnSettings *self,
                          const char   *key)
{
  g_return_val_if_fail (KILN_IS_SETTINGS (self), NULL);

  return g_value_dup_string (&self->values[key_index (key)]);
}

void
kiln_settings_set_string (KilnSettings *self,
                          const char   *key,
                          const char   *value)
{
  g_return_if_fail (KILN_IS_SETTINGS (self));

  g_object_set (self, key, value != NULL ? value : "", NULL);
}

gboolean
kiln_settings_get_boolean (KilnSettings *self,
                           const char   *key)
{
  g_return_val_if_fail (KILN_IS_SETTINGS (self), FALSE);

  return g_value_get_boolean (&self->values[key_index (key)]);
}

guint
kiln_settings_get_uint (KilnSettings *self,
                        const char   *key)
{
  g_return_val_if_fail (KILN_IS_SETTINGS (self), 0);

  return g_value_get_uint (&self->values[key_index (key)]);
}

/* Back to the schema defaults (tests, and a future "Reset" button). */
void
kiln_settings_reset (KilnSettings *self)
{
  g_return_if_fail (KILN_IS_SETTINGS (self));

  for (guint i = 0; i < N_KEYS; i++)
    g_settings_reset (self->settings, keys[i].key);
}
