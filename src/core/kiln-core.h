/* kiln-core.h: the one header the CLI, the GUI and the tests include.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-error.h"
#include "kiln-util.h"
#include "kiln-transport.h"
#include "kiln-slip.h"
#include "kiln-chip.h"
#include "kiln-layout.h"
#include "kiln-image.h"
#include "kiln-image-check.h"
#include "kiln-elf.h"
#include "kiln-partition.h"
#include "kiln-project.h"
#include "kiln-bootlog.h"
#include "kiln-bootcheck.h"
#include "kiln-at.h"
#include "kiln-monitor.h"
#include "kiln-loader.h"
#include "kiln-connect.h"
#include "kiln-job.h"
#include "kiln-record.h"
#include "kiln-flash.h"
#include "kiln-flash-survey.h"
#include "kiln-spiflash.h"
