/* kiln-chip.h: what the host knows about each chip, one table row each.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_CHIP_AUTO = -1,
  KILN_CHIP_ESP8266 = 0,
  KILN_CHIP_ESP32,
  KILN_CHIP_ESP32S2,
  KILN_CHIP_ESP32S3,
  KILN_CHIP_ESP32C3,
  KILN_CHIP_ESP32C6,
  KILN_CHIP_ESP32H2,
  KILN_CHIP_ESP32C2,
  KILN_N_CHIPS
} KilnChipId;

/* Commands a ROM loader implements beyond the common core set. */
typedef enum
{
  KILN_ROM_SPI_ATTACH     = 1 << 0,
  KILN_ROM_SPI_SET_PARAMS = 1 << 1,
  KILN_ROM_READ_FLASH     = 1 << 2,  /* READ_FLASH_SLOW, 64 bytes a time */
  KILN_ROM_CHANGE_BAUD    = 1 << 3,
  KILN_ROM_DEFLATE        = 1 << 4,
  KILN_ROM_MD5            = 1 << 5,
  KILN_ROM_SECURITY_INFO  = 1 << 6,
} KilnRomFeatures;

typedef enum
{
  KILN_MAC_ESP8266,     /* OTP words 0, 1 and 3 with the OUI rules */
  KILN_MAC_ESP32,       /* eFuse words 2, 1: big-endian, first two bytes are CRC */
  KILN_MAC_EFUSE_PAIR,  /* S2 and later: words at mac_reg, mac_reg + 4 */
} KilnMacKind;

typedef struct
{
  const char *name;     /* "2MB", "4MB-c1" */
  guint8      code;     /* header byte 3, high nibble */
  guint32     bytes;
} KilnFlashSize;

typedef struct
{
  const char *name;     /* "40m" */
  guint8      code;     /* header byte 3, low nibble */
} KilnFlashFreq;

/* How a ROM's CHANGE_BAUDRATE lands on the rate asked for. */
typedef enum
{
  KILN_ROM_BAUD_EXACT,     /* the divider comes from the real crystal */
  KILN_ROM_BAUD_OSC_CAL,   /* ESP32: from the clock the ROM's oscillator
                            * calibration implies (protocol facts §2.5) */
} KilnRomBaudScale;

typedef struct
{
  guint32 base;
  guint8  usr, usr1, usr2, mosi_dlen, miso_dlen, w0;  /* offsets; 0 = none */
  gboolean addr_left_aligned;                          /* ESP8266 and ESP32 */
} KilnSpiRegs;

/* A bit field in a register: (READ_REG (reg) >> shift) & mask.  reg 0: none. */
typedef struct
{
  guint32 reg;
  guint8  shift;
  guint8  mask;
} KilnRegField;

/* The revision as esptool and the IDF bootloader print it: major.minor,
 * the minor split over two fields on some chips (high bits, low bits). */
typedef struct
{
  KilnRegField major;
  KilnRegField minor_hi;
  KilnRegField minor_lo;
  guint8       minor_lo_bits;   /* width of minor_lo, where minor_hi sits above */
} KilnRevisionFields;

/* The watchdogs that keep running under the ROM loader when the chip is
 * reached through its USB-Serial/JTAG port, and how to stop them: unlock
 * with the key, write CONFIG0 = 0, lock; unlock the super watchdog, set
 * its auto-feed bit, lock.  config0 0: nothing to do; swd_conf 0: no super
 * watchdog.  config1 (stage 0's timeout) is given for the chips whose USB-OTG
 * port is reset through the RTC watchdog; 0 elsewhere. */
typedef struct
{
  guint32 config0;
  guint32 wprotect;
  guint32 key;
  guint32 swd_conf;
  guint32 swd_wprotect;
  guint32 swd_key;
  guint8  swd_feed_bit;
  guint32 config1;
} KilnUsbWatchdogs;

typedef struct
{
  KilnChipId           id;
  const char          *name;              /* "esp32s3": CLI and project spelling */
  const char          *display_name;      /* "ESP32-S3" */
  guint32              magic[4];          /* values at 0x40001000; 0 ends the list */
  gint                 image_chip_id;     /* image header / security info id; -1 none */
  guint32              bootloader_offset;
  guint                rom_status_len;    /* 2 on the ESP8266 ROM, 4 on the others */
  gboolean             rom_begin_encrypted_word;  /* FLASH_BEGIN has a 5th word */
  gboolean             rom_erase_size_quirk;      /* ESP8266 ROM erases too much */
  KilnRomFeatures      rom_features;
  guint                security_info_len; /* 0, 12 or 20 */
  KilnSpiRegs          spi;
  guint32              uart_clkdiv_reg;
  guint                xtal_clk_divider;
  guint                fixed_xtal_mhz;    /* 0: measure; else report this */
  KilnMacKind          mac_kind;
  guint32              mac_reg;           /* first MAC word (see KilnMacKind) */
  const KilnFlashSize *flash_sizes;       /* NULL-name terminated */
  const KilnFlashFreq *flash_freqs;
  guint32              max_rom_offset;    /* ROM reach: 24-bit addresses */
  KilnRomBaudScale     rom_baud_scale;
  /* The flash size the ROM's flash routines assume until SPI_SET_PARAMS
   * (which the ESP8266 ROM lacks) says otherwise: beyond it they fail. */
  guint32              rom_flash_size;
  /* Custom or in-package flash pins burnt in eFuse, which the ROM's
   * SPI_ATTACH must be told: CLK/Q/D/CS in bits 19:0 of the first word,
   * HD in bits 8:4 of the second; 0 = the chip has no such words. */
  guint32              efuse_spi_pads_reg;
  guint32              efuse_spi_pad_hd_reg;
  KilnRevisionFields   revision;          /* S2 and later; major.reg 0: read otherwise */
  KilnUsbWatchdogs     usb_watchdogs;
  gboolean             usb_serial_jtag;   /* has the USB-Serial/JTAG peripheral */
  guint16              usb_otg_pid;       /* the ROM's USB-OTG CDC product id, 0 none */
  guint32              usb_otg_ram_block; /* MEM_DATA bytes the ROM takes per block over
                                             its USB-OTG CDC (its receive buffer is
                                             smaller than the UART's) */
  guint32              force_download_reg;  /* RTC register whose bit makes every reset
                                               but a power-on a download boot; 0 none */
  guint32              force_download_mask;
  guint                rom_baud_xtal_mhz; /* the ROM programs CHANGE_BAUDRATE for this
                                             crystal whatever the board has; 0: the real one */
} KilnChipInfo;

/* Espressif's USB vendor id, and the USB-Serial/JTAG peripheral's product id. */
#define KILN_USB_VID_ESPRESSIF      0x303A
#define KILN_USB_PID_SERIAL_JTAG    0x1001

const KilnChipInfo *kiln_chip_get           (KilnChipId    id);
const KilnChipInfo *kiln_chip_by_name       (const char   *name);
const KilnChipInfo *kiln_chip_by_magic      (guint32       magic);
const KilnChipInfo *kiln_chip_by_image_id   (gint          image_chip_id);
char               *kiln_chip_list_names    (const char   *separator);
const KilnChipInfo *kiln_chip_by_usb_id     (guint16       vid,
                                             guint16       pid);

const KilnFlashSize *kiln_chip_flash_size_lookup   (const KilnChipInfo *chip,
                                                    const char         *name);
const KilnFlashSize *kiln_chip_flash_size_by_bytes (const KilnChipInfo *chip,
                                                    guint32             bytes);
const KilnFlashSize *kiln_chip_flash_size_by_code  (const KilnChipInfo *chip,
                                                    guint8              code);
const KilnFlashFreq *kiln_chip_flash_freq_lookup   (const KilnChipInfo *chip,
                                                    const char         *name);
const KilnFlashFreq *kiln_chip_flash_freq_by_code  (const KilnChipInfo *chip,
                                                    guint8              code);

/* SPI flash modes as stored in header byte 2. */
typedef enum
{
  KILN_FLASH_MODE_QIO  = 0,
  KILN_FLASH_MODE_QOUT = 1,
  KILN_FLASH_MODE_DIO  = 2,
  KILN_FLASH_MODE_DOUT = 3,
} KilnFlashMode;

gboolean    kiln_flash_mode_parse (const char *name,
                                   guint8     *mode);
const char *kiln_flash_mode_name  (guint8      mode);

G_END_DECLS
