/* kiln-port-item.h: one entry of the port list.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiln-core.h"

G_BEGIN_DECLS

/* Whether a remote port's server answered the last check. */
typedef enum
{
  KILN_REMOTE_STATE_UNKNOWN,
  KILN_REMOTE_STATE_CHECKING,
  KILN_REMOTE_STATE_REACHABLE,
  KILN_REMOTE_STATE_UNREACHABLE,
} KilnRemoteState;

#define KILN_TYPE_PORT_ITEM (kiln_port_item_get_type ())
G_DECLARE_FINAL_TYPE (KilnPortItem, kiln_port_item, KILN, PORT_ITEM, GObject)

KilnPortItem *kiln_port_item_new             (const KilnPortInfo *info);
KilnPortItem *kiln_port_item_new_custom      (const char         *name);
const char   *kiln_port_item_get_name        (KilnPortItem       *self);
const char   *kiln_port_item_get_title       (KilnPortItem       *self);
const char   *kiln_port_item_get_details     (KilnPortItem       *self);
gboolean      kiln_port_item_get_is_virtual  (KilnPortItem       *self);
gboolean      kiln_port_item_get_is_usb      (KilnPortItem       *self);
gboolean      kiln_port_item_get_present     (KilnPortItem       *self);
void          kiln_port_item_update          (KilnPortItem       *self,
                                              const KilnPortInfo *info);
void          kiln_port_item_set_present     (KilnPortItem       *self,
                                              gboolean            present);
gboolean      kiln_port_item_get_is_remote   (KilnPortItem       *self);
KilnRemoteState kiln_port_item_get_remote_state (KilnPortItem    *self);
void          kiln_port_item_set_remote_state (KilnPortItem      *self,
                                               KilnRemoteState    state,
                                               const char        *reason);

G_END_DECLS
