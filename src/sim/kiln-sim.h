/* kiln-sim.h: the virtual device.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A virtual ESP8266, ESP32, ESP32-S2, -S3, -C3, -C6, -H2 or -C2 that
 * speaks the real ROM serial loader
 * protocol byte for byte (and, once a RAM image has been uploaded and
 * started, a flasher stub protocol), boots from its flash with realistic
 * ROM boot logs, and runs an AT firmware personality after a flash boot.
 * It keeps its own description of each chip (src/sim/kiln-sim-chips.c) and
 * shares nothing with the core but SLIP framing, the transport interface
 * and the error domain.
 *
 * Port strings
 * ============
 *
 *   sim:CHIP[?KEY=VALUE[&KEY=VALUE]...]      CHIP is esp8266, esp32, esp32s2,
 *                                            esp32s3, esp32c3, esp32c6, esp32h2
 *                                            or esp32c2
 *
 * Options (all optional):
 *
 *   flash=SIZE        flash size: 256KB 512KB 1MB 2MB 4MB 8MB 16MB (also
 *                     written 4M, 32Mbit or in bytes).  Default 4MB, or the
 *                     size of flash-file when that exists.
 *   jedec=HEX         JEDEC id bytes in the order the chip sends them,
 *                     e.g. c84016.  Default GigaDevice c8 40 log2(size).
 *   xtal=26|32|40     crystal in MHz.  Default 26 (ESP8266, ESP32-C2), 32
 *                     (ESP32-H2), 40 (the others).  The ROM boot log runs at
 *                     115200 × xtal / 40 baud (the H2's ROM: / 32), so a
 *                     26 MHz ESP8266 or C2 logs at 74880; the C2's
 *                     CHANGE_BAUDRATE lands at 26/40 of the rate asked.
 *   mac=AA:BB:CC:DD:EE:FF
 *                     factory MAC.  Default 18:fe:34:12:34:56 (ESP8266),
 *                     24:0a:c4:12:34:56 (ESP32), 7c:df:a1:… (S2),
 *                     f4:12:fa:… (S3), 34:85:18:… (C3), 40:4c:ca:… (C6),
 *                     60:55:f9:… (H2), 08:3a:8d:… (C2), all ending 12:34:56.
 *   usb=bridge|serial-jtag|otg
 *                     how the host is plugged in.  bridge (default): a
 *                     USB-serial bridge and the two-transistor auto-reset
 *                     circuit.  serial-jtag (C3, S3, C6, H2): the chip's own
 *                     USB-Serial/JTAG, USB id 303a:1001, RTS = chip reset,
 *                     DTR = boot strap sampled as the reset is asserted;
 *                     under the ROM loader the RTC and super watchdogs run
 *                     (see wdt-ms).  otg (S2, S3): the ROM's USB-OTG CDC,
 *                     USB id 303a:<chip id>, lines as the bridge circuit.
 *                     On either USB the port goes away at every chip reset
 *                     and can be opened again 200 ms later; such a board is
 *                     registered under its port string (as with id=) so
 *                     that reopening the port reaches the same chip.
 *   security=LIST     S2 and later: what GET_SECURITY_INFO reports, any of
 *                     flash-encryption (FLASH_CRYPT_CNT 1), secure-boot and
 *                     secure-download; in Secure Download Mode the ROM
 *                     serves only SYNC, SPI_ATTACH, SPI_SET_PARAMS,
 *                     CHANGE_BAUDRATE, FLASH_BEGIN/DATA/END and
 *                     GET_SECURITY_INFO.
 *   wdt-ms=MS         USB-Serial/JTAG only: after a download boot the RTC
 *                     watchdog resets the chip MS ms later, the super
 *                     watchdog MS × 1.25 ms later, unless the host stops
 *                     them.  Default 4000.
 *   flash-file=PATH   load the flash from PATH if it exists (else start
 *                     erased) and save it back atomically when a transport
 *                     is closed, after FLASH_END / ERASE_FLASH and when the
 *                     device is freed.
 *   boot=download|flash
 *                     what the board does at power-on.  Default download:
 *                     it sits in the ROM loader, so tools that cannot reset
 *                     it (socket://) still work.  Later resets follow the
 *                     DTR/RTS auto-reset circuit.
 *   pace=0|1          wire pacing: bytes cross at the current baud (10 bits
 *                     a byte) and device-side timings apply.  Default 0.
 *   erase-ms=MS       erase time per 4 KiB sector (a whole 64 KiB block
 *                     costs 5 sectors).  Default 30 when paced, else 0.
 *   write-ms=MS       program time per 256-byte page.  Default 0.6 when
 *                     paced, else 0.
 *   md5-ms=MS         MD5 time per MiB.  Default 150 when paced, else 0.
 *   latency-us=N      the USB-serial bridge's latency timer, in µs (0 to
 *                     1000000).  What the chip sends reaches the host in
 *                     USB packets: at once when a packet is full (see
 *                     usb-packet), else when the timer runs out.  The timer
 *                     restarts with every packet and, with nothing to send,
 *                     every period (the bridge answers the host's polling
 *                     with a status packet), so a lone reply waits for the
 *                     next tick: a one-block-at-a-time loader pays up to one
 *                     period per block, a stream only at its end.  FTDI's
 *                     default is 16000; CP210x and CH340 answer within
 *                     about 1000.  Host→device is not delayed.  With or
 *                     without pace.  Default 0: bytes reach the host as
 *                     they cross the wire.
 *   usb-packet=N      data bytes a USB packet carries device→host, 1 to
 *                     4096.  Default 62 (FTDI: 64 with two status bytes;
 *                     CP210x 64, CH340 32).
 *   max-baud=N        the fastest rate the link (adapter, cable) holds: at
 *                     any higher rate every byte in both directions arrives
 *                     garbled, as if the receiver ran 8 % slow.  For testing
 *                     baud ladders.  Default: no limit.
 *   fault=LIST        faults, each firing once, separated by ',' '+' or ';':
 *                       drop:N          the Nth byte host→device is lost
 *                       corrupt:N       the Nth byte host→device has bit 0 flipped
 *                       corrupt-reply:N the Nth byte device→host has bit 0 flipped
 *                       stall:N:MS      after the Nth byte host→device the
 *                                       device answers nothing for MS ms
 *                       disconnect:N    the link fails after N bytes host→device:
 *                                       reads and writes then fail with
 *                                       KILN_ERROR_PORT_GONE until reopened
 *                       reset:N         the chip resets itself (watchdog) after
 *                                       the Nth byte host→device
 *                       noise:N         N garbage bytes precede the first reply
 *                       dup:N           the first frame host→device that ends at
 *                                       or after the Nth byte reaches the chip
 *                                       twice (it acts on it and answers twice)
 *                       corrupt-esc:N   the first SLIP escape byte host→device
 *                                       from the Nth byte on has bit 0 flipped,
 *                                       so the frame grows by a stray byte
 *                     Byte counts start at 1 and count from the creation of
 *                     the device (kiln_sim_get_stats() shows the counters).
 *   flash-io=qio|dio|dout
 *                     the fastest mode the flash (with the module's wiring)
 *                     can be read in.  Default qio.  A boot whose header asks
 *                     for more reads what floating data lines give after
 *                     the first segment, as a real chip does.
 *   at-version=TEXT   the "AT version:" value AT+GMR reports.  By default
 *                     the version ESP-AT's documentation shows for the
 *                     chip; the ESP32-S3 and -H2, which ESP-AT has no
 *                     release for, answer AT+GMR with ERROR.
 *   at-port=uart1     the firmware is ESP-AT taking its commands on UART1,
 *                     as Espressif builds it for the ESP32 family: the port
 *                     shows its start-up log, which names UART1's pins, and
 *                     reads nothing.  ESP32, -S2, -C2, -C3, -C6.  Default
 *                     uart0 (the AT firmware answers on this port).
 *   spi-pads=CLK,Q,D,CS,HD
 *                     ESP32: the flash is wired to these GPIOs (in-package or
 *                     custom flash), and the eFuse SPI pad words say so.  The
 *                     ROM reaches it only when SPI_ATTACH names these pins;
 *                     the default pins (0) then find no flash.
 *   ck8m=N, rtc-cal=N ESP32: the 8 MHz oscillator calibration eFuse (EFUSE_BLK0
 *                     RDATA4 bits 7:0) and the calibration the ROM measured
 *                     (0x3FF5F06C bits 31:7).  When both are set the ROM's
 *                     CHANGE_BAUDRATE derives its divider from the clock they
 *                     imply, so the rate it lands on is off by the same
 *                     factor unless the host corrects it.  Default 0 (as
 *                     recorded): the ROM lands on the rate asked.
 *   rom-baud=broken   ESP32: the ROM's own CHANGE_BAUDRATE leaves the UART at
 *                     an unusable rate (as on an emulated chip without eFuse
 *                     calibration); a stub's switch still works.
 *   scenario=NAME     a failure the next flash boots show.  ESP8266:
 *                     mismatch-map[:N] (firmware built for map N, default 5),
 *                     no-init-data, gpio15-high, csum-err.  ESP32:
 *                     flash-read-err, brownout.  The later chips have none
 *                     (an empty flash shows "invalid header" on every chip).
 *   id=NAME           keep the device in a process-wide registry: every open
 *                     of a port string with the same id reaches the same
 *                     board (its other options are then ignored), as a
 *                     board stays plugged in between two programs' runs.
 *
 * Threading: a #KilnSim runs its own device thread.  Every function here
 * may be called from any thread; a transport it opens follows the usual
 * transport rule (one thread at a time, or one reader and one writer).
 */
#pragma once

#include <glib.h>

#include "kiln-transport.h"

G_BEGIN_DECLS

typedef struct _KilnSim KilnSim;

/**
 * KilnSimStrap:
 * @KILN_SIM_STRAP_AUTO: GPIO0 follows the DTR/RTS auto-reset circuit
 * @KILN_SIM_STRAP_DOWNLOAD: the BOOT button is held: GPIO0 is low at every reset
 * @KILN_SIM_STRAP_FLASH: GPIO0 is held high: every reset boots from flash
 */
typedef enum
{
  KILN_SIM_STRAP_AUTO,
  KILN_SIM_STRAP_DOWNLOAD,
  KILN_SIM_STRAP_FLASH,
} KilnSimStrap;

/**
 * KilnSimMode:
 * @KILN_SIM_MODE_RESET: EN is held low
 * @KILN_SIM_MODE_ROM: the ROM serial loader is waiting for commands
 * @KILN_SIM_MODE_STUB: an uploaded flasher stub is running
 * @KILN_SIM_MODE_APP: the flashed firmware runs (the AT personality)
 * @KILN_SIM_MODE_HALTED: the boot failed; the chip prints its failure only
 */
typedef enum
{
  KILN_SIM_MODE_RESET,
  KILN_SIM_MODE_ROM,
  KILN_SIM_MODE_STUB,
  KILN_SIM_MODE_APP,
  KILN_SIM_MODE_HALTED,
} KilnSimMode;

/**
 * KilnSimStats:
 *
 * Counters since the device was created.  Byte counts are what crossed
 * the wire (after faults and baud mismatch), "received" meaning host→device.
 */
typedef struct
{
  guint64 bytes_received;
  guint64 bytes_sent;
  guint64 frames_received;
  guint64 commands;          /* loader commands dispatched, ROM and stub */
  guint64 command_errors;    /* replies carrying a failure status */
  guint64 checksum_errors;
  guint64 syncs;
  guint64 boots;             /* every reset that ran the ROM */
  guint64 download_boots;
  guint64 flash_boots;
  guint64 sectors_erased;
  guint64 bytes_programmed;
  guint64 at_commands;
  guint64 garbled_bytes;     /* bytes turned to garbage by a baud mismatch */
  guint   faults_fired;
  guint   op_count[256];     /* commands seen, by opcode */
} KilnSimStats;

void           kiln_sim_register          (void);

KilnSim       *kiln_sim_new_from_options  (const char    *options,
                                           GError       **error);
KilnSim       *kiln_sim_ref               (KilnSim       *self);
void           kiln_sim_unref             (KilnSim       *self);
KilnSim       *kiln_sim_lookup            (const char    *id);
void           kiln_sim_forget            (const char    *id);
KilnSim       *kiln_sim_from_transport    (KilnTransport *transport);

const char    *kiln_sim_get_chip_name     (KilnSim       *self);
const char    *kiln_sim_get_id            (KilnSim       *self);
gsize          kiln_sim_get_flash_size    (KilnSim       *self);
const guint8  *kiln_sim_get_flash         (KilnSim       *self,
                                           gsize         *len);
GBytes        *kiln_sim_copy_flash        (KilnSim       *self);
gboolean       kiln_sim_set_flash         (KilnSim       *self,
                                           gsize          offset,
                                           const guint8  *data,
                                           gsize          len,
                                           GError       **error);
gboolean       kiln_sim_save_flash        (KilnSim       *self,
                                           GError       **error);

KilnTransport *kiln_sim_open_transport    (KilnSim       *self,
                                           guint          baud,
                                           GError       **error);

gboolean       kiln_sim_inject_faults     (KilnSim       *self,
                                           const char    *faults,
                                           GError       **error);
void           kiln_sim_get_stats         (KilnSim       *self,
                                           KilnSimStats  *stats);
KilnSimMode    kiln_sim_get_mode          (KilnSim       *self);
guint          kiln_sim_get_baud          (KilnSim       *self);

void           kiln_sim_set_strap         (KilnSim       *self,
                                           KilnSimStrap   strap);
void           kiln_sim_reset             (KilnSim       *self);
void           kiln_sim_power_cycle       (KilnSim       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnSim, kiln_sim_unref)

G_END_DECLS
