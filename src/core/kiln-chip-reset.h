/* kiln-chip-reset.h: resets the loader carries out on the chip itself.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kiln-chip.h"
#include "kiln-loader.h"

G_BEGIN_DECLS

gboolean kiln_chip_clear_forced_download (KilnLoader          *loader,
                                          const KilnChipInfo  *chip,
                                          gboolean            *was_set,
                                          GError             **error);
gboolean kiln_chip_can_watchdog_reset    (const KilnChipInfo  *chip);
gboolean kiln_chip_watchdog_reset        (KilnLoader          *loader,
                                          const KilnChipInfo  *chip,
                                          GError             **error);

G_END_DECLS
