/* kiln-error.h
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_ERROR (kiln_error_quark ())

/**
 * KilnError:
 * @KILN_ERROR_FAILED: anything not covered below
 * @KILN_ERROR_TIMEOUT: the device did not answer in time
 * @KILN_ERROR_NO_SYNC: the bootloader never answered SYNC
 * @KILN_ERROR_PROTOCOL: a malformed or unexpected reply
 * @KILN_ERROR_ROM_STATUS: the loader reported a failure status
 * @KILN_ERROR_UNSUPPORTED: the loader (ROM or stub) lacks the command
 * @KILN_ERROR_WRONG_CHIP: the board is not the chip the user named
 * @KILN_ERROR_UNKNOWN_CHIP: the chip could not be identified
 * @KILN_ERROR_PORT_NOT_FOUND: no such port
 * @KILN_ERROR_PORT_BUSY: another program holds the port
 * @KILN_ERROR_PORT_PERMISSION: the user may not open the port
 * @KILN_ERROR_PORT_GONE: the port vanished or the link dropped mid-job
 * @KILN_ERROR_PORT: any other port failure
 * @KILN_ERROR_VERIFY: the flash content differs from what was written
 * @KILN_ERROR_REGION_OVERLAP: two regions share bytes
 * @KILN_ERROR_REGION_ALIGN: a region is not on a sector boundary
 * @KILN_ERROR_REGION_BOUNDS: a region ends beyond the flash
 * @KILN_ERROR_FILE: a file cannot be read or is empty
 * @KILN_ERROR_IMAGE_INVALID: not a valid firmware image
 * @KILN_ERROR_INVALID_ARGUMENT: a value the user gave is malformed
 * @KILN_ERROR_SECURITY: flash encryption, secure boot or secure download forbids it
 * @KILN_ERROR_PROJECT: a project or import file is malformed
 * @KILN_ERROR_IMAGE_MISMATCH: an image would not run on this board (another
 *   chip, a revision it excludes, more flash than the board has, the wrong
 *   address for what the ROM loads); the job's force option writes it anyway
 */
typedef enum
{
  KILN_ERROR_FAILED,
  KILN_ERROR_TIMEOUT,
  KILN_ERROR_NO_SYNC,
  KILN_ERROR_PROTOCOL,
  KILN_ERROR_ROM_STATUS,
  KILN_ERROR_UNSUPPORTED,
  KILN_ERROR_WRONG_CHIP,
  KILN_ERROR_UNKNOWN_CHIP,
  KILN_ERROR_PORT_NOT_FOUND,
  KILN_ERROR_PORT_BUSY,
  KILN_ERROR_PORT_PERMISSION,
  KILN_ERROR_PORT_GONE,
  KILN_ERROR_PORT,
  KILN_ERROR_VERIFY,
  KILN_ERROR_REGION_OVERLAP,
  KILN_ERROR_REGION_ALIGN,
  KILN_ERROR_REGION_BOUNDS,
  KILN_ERROR_FILE,
  KILN_ERROR_IMAGE_INVALID,
  KILN_ERROR_INVALID_ARGUMENT,
  KILN_ERROR_SECURITY,
  KILN_ERROR_PROJECT,
  KILN_ERROR_IMAGE_MISMATCH,
} KilnError;

GQuark kiln_error_quark (void);

G_END_DECLS
