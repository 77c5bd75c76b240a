/* kiln-deflate.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <zlib.h>
#ifdef KILN_HAVE_LIBDEFLATE
# include <libdeflate.h>
#endif

#include "kiln-deflate.h"
#include "kiln-error.h"

const char *
kiln_deflate_backend (void)
{
#ifdef KILN_HAVE_LIBDEFLATE
  return "libdeflate level 12";
#else
  return "zlib level 9";
#endif
}

GBytes *
kiln_deflate_compress (GBytes  *data,
                       GError **error)
{
  gsize len;
  const guint8 *in = g_bytes_get_data (data, &len);

#ifdef KILN_HAVE_LIBDEFLATE
  /* libdeflate's top level packs firmware a few per cent tighter than zlib -9,
   * and every byte saved is wire time at the flashing baud. */
  struct libdeflate_compressor *c = libdeflate_alloc_compressor (12);
  gsize bound = libdeflate_zlib_compress_bound (c, len);
  guint8 *out = g_malloc (bound);
  gsize n = libdeflate_zlib_compress (c, in, len, out, bound);
  libdeflate_free_compressor (c);
  if (n == 0)
    {
      g_free (out);
      g_set_error (error, KILN_ERROR, KILN_ERROR_FAILED, _("Compressing the data failed."));
      return NULL;
    }
  return g_bytes_new_take (g_realloc (out, n), n);
#else
  uLongf n = compressBound (len);
  guint8 *out = g_malloc (n);
  if (compress2 (out, &n, in, len, 9) != Z_OK)
    {
      g_free (out);
      g_set_error (error, KILN_ERROR, KILN_ERROR_FAILED, _("Compressing the data failed."));
      return NULL;
    }
  return g_bytes_new_take (g_realloc (out, n), n);
#endif
}

GBytes *
kiln_deflate_uncompress (GBytes  *stream,
                         gsize    expected_size,
                         GError **error)
{
  gsize len;
  const guint8 *in = g_bytes_get_data (stream, &len);
  uLongf n = expected_size;
  guint8 *out = g_malloc (MAX (expected_size, 1));

  if (uncompress (out, &n, in, len) != Z_OK || n != expected_size)
    {
      g_free (out);
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROTOCOL, _("The compressed data is corrupt."));
      return NULL;
    }
  return g_bytes_new_take (out, n);
}

/* ---- compressing ahead of the write -------------------------------------- */

typedef struct
{
  GBytes  *in;
  GBytes  *out;
  GError  *error;
  gboolean busy;
  gboolean done;
} Item;

/* Shared between the deflater and its worker thread, which may outlive
 * the deflater by the one compression it was running. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  GQueue   items;     /* (element-type Item) queued, under way or done */
  gboolean quit;
  gboolean running;   /* a worker thread exists */
} Shared;

struct _KilnDeflater
{
  Shared *shared;
};

static void
item_free (gpointer data)
{
  Item *item = data;
  g_bytes_unref (item->in);
  g_clear_pointer (&item->out, g_bytes_unref);
  g_clear_error (&item->error);
  g_free (item);
}

static void
shared_clear (gpointer data)
{
  Shared *shared = data;
  g_queue_clear_full (&shared->items, item_free);
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->cond);
}

static gpointer
deflater_worker (gpointer data)
{
  Shared *shared = data;

  g_mutex_lock (&shared->lock);
  for (;;)
    {
      Item *next = NULL;
      GBytes *out;
      GError *error = NULL;

      for (GList *l = shared->items.head; l != NULL && !shared->quit; l = l->next)
        {
          Item *item = l->data;
          if (!item->busy && !item->done)
            {
              next = item;
              break;
            }
        }
      if (next == NULL)
        {
          shared->running = FALSE;
          break;
        }
      next->busy = TRUE;
      g_mutex_unlock (&shared->lock);
      /* The input is never written to while queued, so no lock is needed. */
      out = kiln_deflate_compress (next->in, &error);
      g_mutex_lock (&shared->lock);
      next->out = out;
      next->error = error;
      next->busy = FALSE;
      next->done = TRUE;
      g_cond_broadcast (&shared->cond);
    }
  g_mutex_unlock (&shared->lock);
  g_atomic_rc_box_release_full (shared, shared_clear);
  return NULL;
}

KilnDeflater *
kiln_deflater_new (void)
{
  KilnDeflater *self = g_new0 (KilnDeflater, 1);

  self->shared = g_atomic_rc_box_new0 (Shared);
  g_mutex_init (&self->shared->lock);
  g_cond_init (&self->shared->cond);
  g_queue_init (&self->shared->items);
  return self;
}

void
kiln_deflater_queue (KilnDeflater *self,
                     GBytes       *data)
{
  Shared *shared = self->shared;
  Item *item = g_new0 (Item, 1);

  item->in = g_bytes_ref (data);
  g_mutex_lock (&shared->lock);
  g_queue_push_tail (&shared->items, item);
  if (!shared->running)
    {
      shared->running = TRUE;
      g_thread_unref (g_thread_new ("kiln-deflate", deflater_worker,
                                    g_atomic_rc_box_acquire (shared)));
    }
  g_mutex_unlock (&shared->lock);
}

static gboolean
same_content (GBytes *a,
              GBytes *b)
{
  return a == b || g_bytes_equal (a, b);
}

GBytes *
kiln_deflater_take (KilnDeflater  *self,
                    GBytes        *data,
                    GError       **error)
{
  Shared *shared = self->shared;
  Item *item = NULL;
  GBytes *out;

  g_mutex_lock (&shared->lock);
  for (GList *l = shared->items.head; l != NULL; l = l->next)
    if (same_content (((Item *) l->data)->in, data))
      {
        item = l->data;
        break;
      }
  if (item == NULL || (!item->busy && !item->done))
    {
      /* Not queued, or the worker has not reached it yet (it is busy with
       * another): compressing here is quicker than waiting in line. */
      if (item != NULL)
        g_queue_remove (&shared->items, item);
      g_mutex_unlock (&shared->lock);
      g_clear_pointer (&item, item_free);
      return kiln_deflate_compress (data, error);
    }
  while (!item->done)
    g_cond_wait (&shared->cond, &shared->lock);
  g_queue_remove (&shared->items, item);
  g_mutex_unlock (&shared->lock);

  out = g_steal_pointer (&item->out);
  if (out == NULL)
    g_propagate_error (error, g_steal_pointer (&item->error));
  item_free (item);
  return out;
}

void
kiln_deflater_free (KilnDeflater *self)
{
  Shared *shared;

  if (self == NULL)
    return;
  shared = self->shared;
  g_mutex_lock (&shared->lock);
  shared->quit = TRUE;
  /* What the worker is compressing stays until it is done; the rest goes
   * now. */
  for (GList *l = shared->items.head; l != NULL;)
    {
      GList *next = l->next;
      if (!((Item *) l->data)->busy)
        {
          item_free (l->data);
          g_queue_delete_link (&shared->items, l);
        }
      l = next;
    }
  g_mutex_unlock (&shared->lock);
  g_atomic_rc_box_release_full (shared, shared_clear);
  g_free (self);
}
