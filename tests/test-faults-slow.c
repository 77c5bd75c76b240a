/* test-faults-slow.c: the cells of the fault matrix that wait out a
 * timeout or a slow device, in a program of their own so that each test
 * program stays short.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define KILN_FAULTS_SLOW 1
#include "test-faults.c"
