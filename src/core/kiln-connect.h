/* kiln-connect.h: reset into the bootloader, sync, detect, prepare.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiln-chip.h"
#include "kiln-loader.h"
#include "kiln-transport.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_RESET_DEFAULT,   /* DTR/RTS through the usual auto-reset circuit */
  KILN_RESET_USB,       /* the chip's own USB-Serial/JTAG */
  KILN_RESET_NONE,      /* the chip is already in the loader */
} KilnResetMode;

/* KilnConnectOptions.baud: try 921600, 460800, 230400, 115200 in turn. */
#define KILN_BAUD_AUTO 0u

typedef enum
{
  KILN_AFTER_HARD_RESET,
  KILN_AFTER_NO_RESET,
} KilnAfterMode;

gboolean kiln_reset_mode_parse (const char *text, KilnResetMode *mode);
gboolean kiln_after_mode_parse (const char *text, KilnAfterMode *mode);

/**
 * KilnConnectOptions:
 * @port: port string (see kiln_transport_open())
 * @baud: baud for the work after connecting, or %KILN_BAUD_AUTO for the
 *   fastest rate the link holds (see kiln_device_connect())
 * @chip: the chip the user expects, or %KILN_CHIP_AUTO
 * @before: how to get into the bootloader
 * @after: what to do when the job is done
 * @no_stub: talk to the ROM only
 * @stub_path: (nullable): a flasher stub in the common JSON format; NULL
 *   looks for one in a local esptool installation
 * @trace: log every packet at %KILN_LOG_TRACE
 */
typedef struct
{
  char          *port;
  guint          baud;
  KilnChipId     chip;
  KilnResetMode  before;
  KilnAfterMode  after;
  gboolean       no_stub;
  char          *stub_path;
  gboolean       trace;
} KilnConnectOptions;

/**
 * KilnDeviceInfo:
 * What was learnt about the board while connecting.
 */
typedef struct
{
  const KilnChipInfo *chip;
  char               *description;     /* "ESP32-D0WD-V3 (revision v3.0)" */
  char               *revision;        /* "v3.0" or NULL */
  guint8              mac[6];
  gboolean            has_mac;
  guint               xtal_mhz;        /* 0 unknown */
  guint32             flash_id;        /* JEDEC: manufacturer | type << 8 | capacity << 16 */
  guint32             flash_size;      /* bytes, 0 unknown */
  gboolean            flash_dout_only; /* the ESP8285's flash, inside the chip, reads in DOUT only */
  gboolean            stub;            /* a flasher stub is running */
  char               *loader;          /* who answers: "Kiln stub 1", "ROM loader", … */
  guint32             security_flags;  /* GET_SECURITY_INFO flags, if known */
  guint               flash_crypt_cnt;
  gboolean            security_known;
  char               *boot_log;        /* what the ROM printed while resetting */
} KilnDeviceInfo;

void            kiln_device_info_clear (KilnDeviceInfo       *info);
void            kiln_device_info_copy  (KilnDeviceInfo       *dest,
                                        const KilnDeviceInfo *src);
/* Flash encryption / secure boot / secure download in plain words, or NULL. */
char           *kiln_device_info_describe_security (const KilnDeviceInfo *info);

typedef struct _KilnDevice KilnDevice;

typedef void (*KilnConnectLogFunc) (int level, const char *message, gpointer user_data);

/**
 * kiln_device_connect:
 *
 * Opens the port, resets into the bootloader, syncs (with retries and
 * reset strategies), detects the chip, reads MAC/crystal/revision/security,
 * uploads a stub where possible, attaches the flash, reads the flash id and
 * switches baud.  Blocking; runs in the calling thread.
 *
 * The link starts at 115200 (the ESP8266 ROM-only case excepted: it starts
 * at the chosen rate, the ROM measures it).  A ROM that can change baud
 * does so before the stub is uploaded, so the upload goes fast too.  With
 * %KILN_BAUD_AUTO the rates 921600, 460800, 230400 and 115200 are tried in
 * turn, each checked with a register read, stepping down (after a reset
 * back into the ROM) when one fails; the rate that worked is remembered per
 * adapter (USB VID:PID:serial, or the port name for other links) in
 * g_get_user_config_dir()/kiln/links.ini, and the next connection starts
 * there.
 */
KilnDevice     *kiln_device_connect    (const KilnConnectOptions *options,
                                        KilnConnectLogFunc        log,
                                        gpointer                  log_data,
                                        GCancellable             *cancellable,
                                        GError                  **error);
void            kiln_device_close      (KilnDevice     *self);
gboolean        kiln_device_recover    (KilnDevice     *self,
                                        const GError   *cause,
                                        GCancellable   *cancellable,
                                        GError        **error);
void            kiln_device_finish     (KilnDevice     *self,
                                        KilnAfterMode   after);
void            kiln_device_clear_forced_download (KilnDevice *self);
gboolean        kiln_device_resets_itself (KilnDevice *self);
gboolean        kiln_device_reopen     (KilnDevice     *self,
                                        GCancellable   *cancellable,
                                        GError        **error);
gboolean        kiln_device_on_chip_usb (KilnDevice    *self);
KilnLoader     *kiln_device_get_loader (KilnDevice     *self);
KilnTransport  *kiln_device_get_transport (KilnDevice  *self);
gboolean        kiln_device_set_flash_size (KilnDevice  *self,
                                            guint32      size,
                                            GError     **error);
guint32         kiln_device_get_loader_flash_size (KilnDevice *self);
const KilnDeviceInfo *kiln_device_get_info (KilnDevice *self);
KilnDeviceInfo *kiln_device_get_info_mut (KilnDevice  *self);

void kiln_connect_options_clear (KilnConnectOptions       *options);
void kiln_connect_options_copy  (KilnConnectOptions       *dest,
                                 const KilnConnectOptions *src);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnDevice, kiln_device_close)

G_END_DECLS
