/* kiln-port-model.c: the ports a job can use, kept up to date.
 *
 * A GListModel of KilnPortItem: the system's serial ports first, then ports
 * named by hand or by a project (network ports, virtual boards with
 * options), then the built-in virtual boards.  It refreshes when /dev
 * changes (hot-plug) and every two seconds while auto-refresh is on; the
 * window turns that off while a job runs.  Listing ports reads sysfs, so it
 * runs in a worker thread and the main loop never waits for it.
 *
 * Items are kept, not recreated, when a port stays listed, so a drop-down's
 * selection survives a refresh.  The pinned port (the selected one) stays
 * in the list, marked "Not connected", when its board is unplugged: the
 * selection comes back by itself when it is plugged in again.
 *
 * Remote ports (socket://, rfc2217://) the user added are listed too, with
 * whether their server answered the last check.  They are checked when
 * added, when the list is refreshed by hand and when one is selected, not
 * every two seconds: connecting may make a serial server open the board's
 * port, which can reset it.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kiln-port-model.h"
#include "kiln-remote-port.h"

#define REFRESH_INTERVAL_SECONDS 2
#define HOTPLUG_SETTLE_MS 300

struct _KilnPortModel
{
  GObject       parent_instance;

  GPtrArray    *items;          /* (element-type KilnPortItem) */
  char         *pinned;
  GStrv         remote;         /* the remembered remote ports */
  GCancellable *cancellable;
  GFileMonitor *dev_monitor;
  guint         timeout_id;
  guint         settle_id;
  guint         auto_refresh : 1;
  guint         refreshing : 1;
  guint         refresh_again : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KilnPortModel, kiln_port_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
kiln_port_model_get_item_type (GListModel *model)
{
  return KILN_TYPE_PORT_ITEM;
}

static guint
kiln_port_model_get_n_items (GListModel *model)
{
  return KILN_PORT_MODEL (model)->items->len;
}

static gpointer
kiln_port_model_get_item (GListModel *model,
                          guint       position)
{
  KilnPortModel *self = KILN_PORT_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kiln_port_model_get_item_type;
  iface->get_n_items = kiln_port_model_get_n_items;
  iface->get_item = kiln_port_model_get_item;
}

static int
item_rank (KilnPortItem *item)
{
  if (kiln_port_item_get_is_virtual (item))
    return 2;
  return g_str_has_prefix (kiln_port_item_get_name (item), "/dev/") ||
         g_ascii_strncasecmp (kiln_port_item_get_name (item), "COM", 3) == 0 ? 0 : 1;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  KilnPortItem *ia = *(KilnPortItem **) a;
  KilnPortItem *ib = *(KilnPortItem **) b;
  int ra = item_rank (ia), rb = item_rank (ib);

  if (ra != rb)
    return ra - rb;
  /* Virtual boards keep their registration order (ESP8266 before ESP32);
   * everything else sorts by name. */
  if (ra == 2)
    return 0;
  return g_utf8_collate (kiln_port_item_get_name (ia), kiln_port_item_get_name (ib));
}

static KilnPortItem *
find_item (GPtrArray  *items,
           const char *name,
           guint      *position)
{
  for (guint i = 0; i < items->len; i++)
    {
      KilnPortItem *item = g_ptr_array_index (items, i);
      if (g_str_equal (kiln_port_item_get_name (item), name))
        {
          if (position != NULL)
            *position = i;
          return item;
        }
    }
  return NULL;
}

static gboolean
is_listed_by_system (const char *name)
{
  /* Serial ports and the plain virtual boards come from kiln_list_ports();
   * network ports and virtual boards with options never do. */
  if (g_str_has_prefix (name, "/dev/") || g_ascii_strncasecmp (name, "COM", 3) == 0)
    return TRUE;
  return g_str_has_prefix (name, "sim:") && strchr (name, '?') == NULL;
}

static gboolean
is_kept (KilnPortModel *self,
         KilnPortItem  *item)
{
  const char *name = kiln_port_item_get_name (item);

  /* A vanished serial port is kept only while it is the selected one. */
  return g_strcmp0 (name, self->pinned) == 0 || !is_listed_by_system (name);
}

static void
apply_port_list (KilnPortModel *self,
                 GPtrArray     *infos)
{
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean changed = FALSE;
  guint old_len = self->items->len;

  for (guint i = 0; i < infos->len; i++)
    {
      const KilnPortInfo *info = g_ptr_array_index (infos, i);
      KilnPortItem *item = find_item (self->items, info->name, NULL);

      if (info->name == NULL || find_item (next, info->name, NULL) != NULL)
        continue;
      if (item != NULL)
        {
          kiln_port_item_update (item, info);
          g_ptr_array_add (next, g_object_ref (item));
        }
      else
        {
          g_ptr_array_add (next, kiln_port_item_new (info));
          changed = TRUE;
        }
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      KilnPortItem *item = g_ptr_array_index (self->items, i);

      if (find_item (next, kiln_port_item_get_name (item), NULL) != NULL)
        continue;
      if (is_kept (self, item))
        {
          if (g_str_has_prefix (kiln_port_item_get_name (item), "/dev/"))
            kiln_port_item_set_present (item, FALSE);
          g_ptr_array_add (next, g_object_ref (item));
        }
      else
        changed = TRUE;
    }

  g_ptr_array_sort (next, compare_items);

  if (!changed && next->len == old_len)
    for (guint i = 0; i < next->len; i++)
      if (g_ptr_array_index (next, i) != g_ptr_array_index (self->items, i))
        changed = TRUE;

  if (changed || next->len != old_len)
    {
      /* Replace everything in one signal; GtkSingleSelection finds its
       * selected item again among the added ones, so selections stick. */
      g_ptr_array_unref (self->items);
      self->items = g_steal_pointer (&next);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
    }
}

static void
list_ports_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_task_return_pointer (task, kiln_list_ports (), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_ports_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KilnPortModel *self = KILN_PORT_MODEL (object);
  g_autoptr(GPtrArray) infos = NULL;

  infos = g_task_propagate_pointer (G_TASK (result), NULL);
  self->refreshing = FALSE;
  if (infos == NULL)
    return;  /* cancelled: the model is being disposed */

  apply_port_list (self, infos);
  g_signal_emit (self, signals[REFRESHED], 0);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      kiln_port_model_refresh (self);
    }
}

/**
 * kiln_port_model_refresh:
 *
 * Lists the ports again in a worker thread; the model changes, and
 * #KilnPortModel::refreshed is emitted, in the main context when it is done.
 */
void
kiln_port_model_refresh (KilnPortModel *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KILN_IS_PORT_MODEL (self));

  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  self->refreshing = TRUE;
  task = g_task_new (self, self->cancellable, list_ports_done, NULL);
  g_task_set_source_tag (task, kiln_port_model_refresh);
  g_task_run_in_thread (task, list_ports_worker);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  kiln_port_model_refresh (KILN_PORT_MODEL (user_data));
  return G_SOURCE_CONTINUE;
}

static gboolean
settle_cb (gpointer user_data)
{
  KilnPortModel *self = KILN_PORT_MODEL (user_data);

  self->settle_id = 0;
  kiln_port_model_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
dev_changed_cb (GFileMonitor      *monitor,
                GFile             *file,
                GFile             *other_file,
                GFileMonitorEvent  event,
                gpointer           user_data)
{
  KilnPortModel *self = KILN_PORT_MODEL (user_data);
  g_autofree char *base = NULL;

  if (!self->auto_refresh)
    return;
  if (event != G_FILE_MONITOR_EVENT_CREATED && event != G_FILE_MONITOR_EVENT_DELETED)
    return;
  base = g_file_get_basename (file);
  if (base == NULL || !g_str_has_prefix (base, "tty"))
    return;
  /* udev fixes permissions and the sysfs attributes a moment after the
   * node appears: wait for that before listing. */
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (HOTPLUG_SETTLE_MS, settle_cb, self);
}

void
kiln_port_model_set_auto_refresh (KilnPortModel *self,
                                  gboolean       auto_refresh)
{
  g_return_if_fail (KILN_IS_PORT_MODEL (self));

  auto_refresh = !!auto_refresh;
  if (self->auto_refresh == auto_refresh)
    return;
  self->auto_refresh = auto_refresh;

  if (auto_refresh)
    {
      self->timeout_id = g_timeout_add_seconds (REFRESH_INTERVAL_SECONDS, refresh_timeout_cb, self);
      kiln_port_model_refresh (self);
    }
  else
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      g_clear_handle_id (&self->settle_id, g_source_remove);
    }
}

gboolean
kiln_port_model_get_auto_refresh (KilnPortModel *self)
{
  g_return_val_if_fail (KILN_IS_PORT_MODEL (self), FALSE);
  return self->auto_refresh;
}

/* The selected port: kept in the list while its board is unplugged. */
void
kiln_port_model_set_pinned (KilnPortModel *self,
                            const char    *name)
{
  g_return_if_fail (KILN_IS_PORT_MODEL (self));

  g_free (self->pinned);
  self->pinned = g_strdup (name);
}

gboolean
kiln_port_model_find (KilnPortModel *self,
                      const char    *name,
                      guint         *position)
{
  g_return_val_if_fail (KILN_IS_PORT_MODEL (self), FALSE);

  return name != NULL && find_item (self->items, name, position) != NULL;
}

/**
 * kiln_port_model_ensure:
 * @name: a port string
 *
 * Returns: the position of @name, added as a hand-named port when the
 *   system does not list it.
 */
guint
kiln_port_model_ensure (KilnPortModel *self,
                        const char    *name)
{
  guint position = 0;

  g_return_val_if_fail (KILN_IS_PORT_MODEL (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  if (find_item (self->items, name, &position))
    return position;

  g_ptr_array_add (self->items, kiln_port_item_new_custom (name));
  g_ptr_array_sort (self->items, compare_items);
  find_item (self->items, name, &position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  return position;
}

/**
 * kiln_port_model_set_remote_ports:
 * @urls: the remembered remote ports
 *
 * Lists every one of @urls (checking the new ones) and drops the remote
 * ports that were remembered before and are not any more.
 */
void
kiln_port_model_set_remote_ports (KilnPortModel      *self,
                                  const char * const *urls)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  g_return_if_fail (KILN_IS_PORT_MODEL (self));

  for (guint i = 0; self->remote != NULL && self->remote[i] != NULL; i++)
    {
      guint position;

      if (urls != NULL && g_strv_contains (urls, self->remote[i]))
        continue;
      if (find_item (self->items, self->remote[i], &position))
        {
          g_ptr_array_remove_index (self->items, position);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
        }
    }
  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    if (kiln_remote_port_is_remote (urls[i]) && !find_item (self->items, urls[i], NULL))
      {
        kiln_port_model_ensure (self, urls[i]);
        g_ptr_array_add (added, (gpointer) urls[i]);
      }

  g_strfreev (self->remote);
  self->remote = g_strdupv ((char **) urls);

  for (guint i = 0; i < added->len; i++)
    kiln_port_model_check_remote (self, g_ptr_array_index (added, i));
}

/* A short reason, for the port's details line. */
static char *
probe_failure (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    /* Translators: why a remote port is not reachable */
    return g_strdup (_("connection refused"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    /* Translators: why a remote port is not reachable */
    return g_strdup (_("no answer"));
  if (error->domain == G_RESOLVER_ERROR)
    /* Translators: why a remote port is not reachable */
    return g_strdup (_("unknown host"));
  return g_strdup (error->message);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KilnPortItem) item = user_data;
  g_autoptr(GError) error = NULL;

  if (kiln_remote_port_probe_finish (result, &error))
    kiln_port_item_set_remote_state (item, KILN_REMOTE_STATE_REACHABLE, NULL);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *reason = probe_failure (error);
      kiln_port_item_set_remote_state (item, KILN_REMOTE_STATE_UNREACHABLE, reason);
    }
}

/**
 * kiln_port_model_check_remote:
 * @name: (nullable): a remote port, or %NULL for all of them
 *
 * Checks, without blocking, whether the remote ports' servers answer; each
 * item says "checking…" meanwhile and the result afterwards.
 */
void
kiln_port_model_check_remote (KilnPortModel *self,
                              const char    *name)
{
  g_return_if_fail (KILN_IS_PORT_MODEL (self));

  for (guint i = 0; i < self->items->len; i++)
    {
      KilnPortItem *item = g_ptr_array_index (self->items, i);

      if (!kiln_port_item_get_is_remote (item) ||
          kiln_port_item_get_remote_state (item) == KILN_REMOTE_STATE_CHECKING ||
          (name != NULL && !g_str_equal (name, kiln_port_item_get_name (item))))
        continue;
      kiln_port_item_set_remote_state (item, KILN_REMOTE_STATE_CHECKING, NULL);
      kiln_remote_port_probe_async (kiln_port_item_get_name (item), self->cancellable,
                                    probe_done_cb, g_object_ref (item));
    }
}

static void
kiln_port_model_dispose (GObject *object)
{
  KilnPortModel *self = KILN_PORT_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->dev_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->dev_monitor, self);
      g_file_monitor_cancel (self->dev_monitor);
    }
  g_clear_object (&self->dev_monitor);

  G_OBJECT_CLASS (kiln_port_model_parent_class)->dispose (object);
}

static void
kiln_port_model_finalize (GObject *object)
{
  KilnPortModel *self = KILN_PORT_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pinned, g_free);
  g_clear_pointer (&self->remote, g_strfreev);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kiln_port_model_parent_class)->finalize (object);
}

static void
kiln_port_model_class_init (KilnPortModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiln_port_model_dispose;
  object_class->finalize = kiln_port_model_finalize;

  /**
   * KilnPortModel::refreshed:
   *
   * Emitted after every refresh, whether or not the list changed.
   */
  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiln_port_model_init (KilnPortModel *self)
{
  g_autoptr(GFile) dev = g_file_new_for_path ("/dev");
  g_autoptr(GPtrArray) infos = NULL;

  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();

  /* Hot-plug: /dev gains and loses tty nodes.  Not every system has /dev
   * (or lets us watch it); the periodic refresh covers those. */
  self->dev_monitor = g_file_monitor_directory (dev, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->dev_monitor != NULL)
    g_signal_connect (self->dev_monitor, "changed", G_CALLBACK (dev_changed_cb), self);

  /* The first list is synchronous, so the window opens with its ports. */
  infos = kiln_list_ports ();
  apply_port_list (self, infos);
}

KilnPortModel *
kiln_port_model_new (void)
{
  return g_object_new (KILN_TYPE_PORT_MODEL, NULL);
}
