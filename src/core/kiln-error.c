/* kiln-error.c
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-error.h"

G_DEFINE_QUARK (kiln-error-quark, kiln_error)
