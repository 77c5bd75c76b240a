/* kiln-port-model.h: the ports a job can use, kept up to date.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiln-port-item.h"

G_BEGIN_DECLS

#define KILN_TYPE_PORT_MODEL (kiln_port_model_get_type ())
G_DECLARE_FINAL_TYPE (KilnPortModel, kiln_port_model, KILN, PORT_MODEL, GObject)

KilnPortModel *kiln_port_model_new              (void);
void           kiln_port_model_refresh          (KilnPortModel *self);
void           kiln_port_model_set_auto_refresh (KilnPortModel *self,
                                                 gboolean       auto_refresh);
gboolean       kiln_port_model_get_auto_refresh (KilnPortModel *self);
void           kiln_port_model_set_pinned       (KilnPortModel *self,
                                                 const char    *name);
gboolean       kiln_port_model_find             (KilnPortModel *self,
                                                 const char    *name,
                                                 guint         *position);
guint          kiln_port_model_ensure           (KilnPortModel *self,
                                                 const char    *name);
void           kiln_port_model_set_remote_ports (KilnPortModel      *self,
                                                 const char * const *urls);
void           kiln_port_model_check_remote     (KilnPortModel *self,
                                                 const char    *name);

G_END_DECLS
