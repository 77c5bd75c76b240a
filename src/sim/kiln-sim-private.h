/* kiln-sim-private.h: what the files of the virtual device share.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Locking: one mutex per device (KilnSim.lock) guards everything below.
 * Every kiln_sim_* function declared here expects it held unless its
 * comment says otherwise.  Times are g_get_monotonic_time() microseconds.
 */
#pragma once

#include <zlib.h>

#include "kiln-sim-bridge.h"
#include "kiln-sim.h"
#include "kiln-slip.h"

G_BEGIN_DECLS

#define KILN_SIM_SECTOR 0x1000u

/* ---- chip descriptions (kiln-sim-chips.c) ---------------------------- */

typedef enum
{
  KILN_SIM_FAMILY_ESP8266,
  KILN_SIM_FAMILY_ESP32,
  KILN_SIM_FAMILY_ESP32S2PLUS,   /* the ROM of the S2 and every later chip */
} KilnSimFamily;

/* How the host reaches the chip's UART loader (usb= option). */
typedef enum
{
  KILN_SIM_USB_BRIDGE = 0,       /* a USB-serial bridge and the two-transistor circuit */
  KILN_SIM_USB_SERIAL_JTAG = 1 << 0,  /* the chip's own USB-Serial/JTAG peripheral */
  KILN_SIM_USB_OTG = 1 << 1,     /* the ROM's CDC-ACM on the USB-OTG controller */
} KilnSimUsb;

typedef struct
{
  guint       code;
  const char *name;
} KilnSimResetName;

/* The watchdogs a ROM reached through USB-Serial/JTAG leaves running, and
 * the registers that stop them (0: the chip has none). */
typedef struct
{
  guint32 config0;        /* RTC / LP watchdog CONFIG0: bit 31 enables it */
  guint32 wprotect;       /* its write-protect register */
  guint32 key;            /* the value that unlocks it */
  guint32 swd_conf;       /* super watchdog configuration */
  guint32 swd_wprotect;
  guint32 swd_key;
  guint   swd_feed_bit;   /* auto-feed enable bit in swd_conf */
  guint32 config1;        /* stage 0's timeout in slow-clock cycles: a host that
                             enables the watchdog there resets the chip (0: the
                             sim does not take it) */
} KilnSimWdtRegs;

typedef struct
{
  guint32 addr;
  guint32 value;
} KilnSimRegInit;

typedef struct
{
  guint32 start;
  guint32 end;   /* exclusive */
} KilnSimRange;

typedef struct
{
  const char           *name;
  const char           *description;
  KilnSimFamily         family;
  guint32               magic_reg;
  guint32               magic;
  guint                 rom_status_len;    /* 2 or 4 */
  const guint8         *rom_ops;           /* opcodes the ROM knows */
  gsize                 n_rom_ops;
  gboolean              rom_erase_bug;     /* the ESP8266 SPIEraseArea quirk */
  gboolean              rom_needs_attach;  /* flash commands need SPI_ATTACH */
  guint32               spi_base;
  guint32               spi_w0;            /* offset of W0 */
  gboolean              spi_len_in_usr1;   /* ESP8266: no DLEN registers */
  guint32               rom_read_usr;      /* what the ROM's own flash reads */
  guint32               rom_read_usr2;     /* leave in USR / USR2 (0: nothing) */
  guint32               uart_clkdiv_reg;
  guint                 uart_clk_per_xtal; /* the UART clock is this × xtal */
  gint                  uart_clkdiv_bias;  /* what the ROM's autobaud lands on */
  guint32               strap_reg;         /* 0: none readable */
  guint32               strap_download;    /* a real board's (DevKit) */
  guint32               strap_flash;
  guint32               strap_download_recorded; /* the recordings' board */
  guint32               strap_flash_recorded;    /* (0: as above) */
  guint                 default_xtal_mhz;
  gsize                 default_flash_size;
  const char           *default_mac;
  guint32               bootloader_offset;
  guint32               rom_flash_size;    /* what the ROM believes until told */
  gboolean              rom_efuse_spi_pads; /* ESP32: flash pins in eFuse */
  /* FLASH_DEFL_*: the ROM writes what it inflates a whole window at a time,
   * the last window too, whatever the stream filled of it (0: exact) */
  guint32               rom_inflate_window;
  /* S2 and later */
  gint                  chip_id;           /* GET_SECURITY_INFO chip id, -1 none */
  guint                 security_info_len; /* 0: no GET_SECURITY_INFO, 12 or 20 */
  guint                 rom_begin_len;     /* FLASH_BEGIN payload: 16 or 20 */
  guint32               spi_usr;           /* offset of USR: 0x1C, or 0x18 from the S2 on */
  gboolean              spi_addr_right;    /* ADDR holds the address as is */
  guint32               mac_reg;           /* eFuse MAC words (S2+: low word, then high) */
  guint                 rom_xtal_mhz;      /* the crystal the ROM's UART timing assumes */
  gboolean              rom_baud_assumes_xtal;  /* CHANGE_BAUDRATE is programmed for it */
  const char           *rom_banner;        /* S2+: "ESP-ROM:…\r\nBuild:…\r\n" */
  const char           *download_name;     /* S2+: the download strap's boot mode */
  const KilnSimResetName *reset_names;     /* S2+: rst: names, 0-terminated */
  guint                 usb;               /* KilnSimUsb bits the chip has */
  guint16               usb_otg_pid;       /* the ROM's CDC product id */
  guint32               usb_otg_block;     /* the most data bytes one request may carry
                                              through the ROM's CDC (its buffer) */
  KilnSimWdtRegs        wdt;
  guint32               force_download_reg;   /* RTC_CNTL_OPTION1 (S2, S3), 0 none */
  guint32               force_download_mask;  /* its FORCE_DOWNLOAD_BOOT bit */
  const KilnSimRegInit *regs;              /* fixed register contents */
  gsize                 n_regs;
  const KilnSimRange   *ram;               /* where MEM_* may load */
  gsize                 n_ram;
  const char           *at_gmr_tail;       /* AT+GMR after the version line */
  const char           *at_version;
  /* ESP-AT built to take its commands on UART1 (at-port=uart1), as
   * Espressif's builds for the ESP32 family are: the pins its start-up
   * line names (TX, RX, CTS, RTS; TX 0: no such build is modelled) and the
   * module it says it runs on. */
  guint8                at_uart1_pins[4];
  const char           *at_module;
} KilnSimChip;

const KilnSimChip *kiln_sim_chip_lookup   (const char        *name);
const KilnSimChip *kiln_sim_chip_nth      (guint              n);
gboolean           kiln_sim_chip_rom_has  (const KilnSimChip *chip,
                                           guint8             op);

/* ---- options (kiln-sim-options.c) ------------------------------------ */

typedef enum
{
  KILN_SIM_FAULT_DROP,
  KILN_SIM_FAULT_CORRUPT,
  KILN_SIM_FAULT_CORRUPT_REPLY,
  KILN_SIM_FAULT_STALL,
  KILN_SIM_FAULT_DISCONNECT,
  KILN_SIM_FAULT_RESET,
  KILN_SIM_FAULT_NOISE,
  KILN_SIM_FAULT_DUP,
  KILN_SIM_FAULT_CORRUPT_ESC,
} KilnSimFaultKind;

typedef struct
{
  KilnSimFaultKind kind;
  guint64          n;
  guint            ms;
  gboolean         fired;
} KilnSimFault;

/* What the flash chip (with the module's wiring) can be read with; a mode
 * beyond it returns what the pins float to. */
typedef enum
{
  KILN_SIM_FLASH_IO_QIO,
  KILN_SIM_FLASH_IO_DIO,
  KILN_SIM_FLASH_IO_DOUT,
} KilnSimFlashIo;

typedef struct
{
  const KilnSimChip *chip;
  gsize              flash_size;     /* 0: default / from the file */
  gboolean           jedec_set;
  guint8             jedec[3];
  guint              xtal_mhz;
  guint8             mac[6];
  char              *flash_file;
  gboolean           boot_flash;
  gboolean           pace;
  double             erase_ms;       /* per sector */
  double             write_ms;       /* per 256-byte page */
  double             md5_ms;         /* per MiB */
  guint              max_baud;       /* 0: the link holds any rate */
  guint              app_baud;       /* the firmware's console rate, 0: 115200 */
  guint              latency_us;     /* the USB bridge's latency timer, 0: none */
  guint              usb_packet;     /* data bytes per USB packet device→host */
  gboolean           spi_pads_set;   /* ESP32: flash on custom pins */
  guint8             spi_pads[5];    /* CLK, Q, D, CS, HD */
  guint              ck8m;           /* ESP32 eFuse RDATA4[7:0] */
  guint32            rtc_cal;        /* ESP32 0x3FF5F06C[31:7] */
  gboolean           rom_baud_broken;
  gboolean           straps_recorded; /* ESP32: the recordings' strap words */
  GArray            *faults;         /* KilnSimFault */
  char              *id;
  char              *at_version;
  gboolean           at_uart1;       /* ESP-AT's command port is UART1 */
  char              *scenario;
  guint              scenario_arg;
  KilnSimFlashIo     flash_io;
  gboolean           flash_io_set;
  gboolean           esp8285;        /* variant=esp8285: flash inside, DOUT */
  KilnSimUsb         usb;            /* how the host is plugged in */
  gboolean           flash_encrypted;  /* security=: FLASH_CRYPT_CNT odd */
  gboolean           secure_boot;
  gboolean           secure_download;  /* the ROM serves only a few commands */
  guint              wdt_ms;         /* USB-Serial/JTAG: RTC watchdog timeout */
} KilnSimOptions;

gboolean kiln_sim_options_parse (KilnSimOptions *opts,
                                 const char     *text,
                                 GError        **error);
void     kiln_sim_options_clear (KilnSimOptions *opts);
gboolean kiln_sim_faults_parse  (GArray         *faults,
                                 const char     *text,
                                 GError        **error);
gboolean kiln_sim_parse_size    (const char     *text,
                                 gsize          *size);
gboolean kiln_sim_parse_mac     (const char     *text,
                                 guint8          mac[6]);

/* ---- flash (kiln-sim-flash.c) ----------------------------------------- */

typedef struct
{
  guint8  *data;
  gsize    size;         /* a power of two; addresses wrap as on real NOR */
  guint8   jedec[3];
  guint8   status[3];    /* status registers 1..3 */
  gboolean wel;          /* write enable latch */
  gboolean dirty;        /* differs from the flash file */
} KilnSimFlash;

void     kiln_sim_flash_init         (KilnSimFlash *flash,
                                      gsize         size,
                                      const guint8  jedec[3]);
void     kiln_sim_flash_clear        (KilnSimFlash *flash);
guint    kiln_sim_flash_erase        (KilnSimFlash *flash,
                                      guint32       addr,
                                      guint32       len);
void     kiln_sim_flash_erase_sectors (KilnSimFlash *flash,
                                       guint32       first,
                                       guint32       count);
void     kiln_sim_flash_program      (KilnSimFlash *flash,
                                      guint32       addr,
                                      const guint8 *data,
                                      gsize         len);
void     kiln_sim_flash_read         (KilnSimFlash *flash,
                                      guint32       addr,
                                      guint8       *out,
                                      gsize         len);
gboolean kiln_sim_flash_equal        (KilnSimFlash *flash,
                                      guint32       addr,
                                      const guint8 *data,
                                      gsize         len);
void     kiln_sim_flash_md5          (KilnSimFlash *flash,
                                      guint32       addr,
                                      guint32       len,
                                      guint8        digest[16]);
gboolean kiln_sim_flash_load_file    (KilnSimFlash *flash,
                                      const char   *path,
                                      GError      **error);
gboolean kiln_sim_flash_save_file    (KilnSimFlash *flash,
                                      const char   *path,
                                      GError      **error);

/* ---- the device (kiln-sim-device.c and the personality files) --------- */

typedef enum
{
  KILN_SIM_RESET_POWER_ON,
  KILN_SIM_RESET_EN,          /* the EN / CHIP_PU pin */
  KILN_SIM_RESET_SOFTWARE,    /* a loader reboot or AT+RST */
  KILN_SIM_RESET_WATCHDOG,
  KILN_SIM_RESET_BROWNOUT,
  KILN_SIM_RESET_SUPER_WDT,   /* the super watchdog (S2 and later) */
  KILN_SIM_RESET_USB,         /* the USB-Serial/JTAG peripheral's chip reset */
} KilnSimResetKind;

typedef enum
{
  KILN_SIM_TIMER_EN_RISE,     /* EN has charged past the threshold */
  KILN_SIM_TIMER_BOOT_LOOP,   /* the ESP32 ROM retrying a bad header */
  KILN_SIM_TIMER_REBOOT,      /* arg: KilnSimResetKind */
  KILN_SIM_TIMER_APP_READY,
  KILN_SIM_TIMER_RTC_WDT,     /* the RTC / LP watchdog expires */
  KILN_SIM_TIMER_SWD,         /* the super watchdog expires */
} KilnSimTimerKind;

typedef struct
{
  gint64           at;
  KilnSimTimerKind kind;
  guint            arg;
} KilnSimTimer;

typedef struct
{
  guint32  addr;
  guint32  size;
  guint8  *data;
} KilnSimRamSeg;

/* One FLASH_BEGIN / FLASH_DEFL_BEGIN session, ROM or stub. */
typedef struct
{
  gboolean  active;
  gboolean  compressed;
  gboolean  stub;          /* erase as it goes, exact sizes */
  guint32   offset;
  guint32   size;          /* ROM: erase size; stub / deflate: data bytes */
  guint32   num_blocks;
  guint32   block_size;
  guint32   next_seq;
  guint32   produced;      /* bytes written so far (inflated output) */
  gboolean  failed;
  /* zlib stream: header and trailer are parsed here, the body inflated raw,
   * so that an Adler-32 mismatch and a broken stream can be told apart. */
  z_stream  zs;
  gboolean  zs_live;
  guint     zstate;        /* 0 header, 1 body, 2 trailer, 3 done */
  guint8    zhdr[2];
  guint     zhdr_len;
  guint8    ztrailer[4];
  guint     ztrailer_len;
  guint32   adler;
  guint8   *erased;        /* stub: one flag per sector already erased */
  /* ROM with rom_inflate_window: the window being filled.  It outlives
   * the session, as RAM does: the next session's last window keeps what
   * this one left beyond its own output. */
  guint8   *window;
  guint32   window_fill;   /* bytes of this session's output in it */
} KilnSimWrite;

typedef struct
{
  guint8   last_op;        /* the reply header the ROM keeps between commands */
  guint32  last_value;
  guint8   buf[128];       /* the ROM's static reply data buffer */
  gboolean attached;
  gboolean baud_fixed;     /* CHANGE_BAUDRATE ends autobauding */
  guint32  believed_size;  /* SPI_SET_PARAMS */
} KilnSimRom;

typedef struct
{
  gboolean   reading;
  guint32    rd_offset;
  guint32    rd_len;
  guint32    rd_sent;
  guint32    rd_acked;
  guint32    rd_packet;
  guint32    rd_window;
  GChecksum *rd_md5;
  gint64     bg_busy_until; /* a stub writes while the next block arrives */
  gint64     idle_from;     /* Kiln's stub: when it last handled a frame */
  guint32    believed_size;
  struct kstub *core;       /* Kiln's own stub runs (kiln-sim-kstub.c) */
  gboolean   in_interrupt;  /* the core is in its UART interrupt side */
  guint      pending;       /* KilnSimKstubPending: what the core asked for */
  guint32    pending_entry;
} KilnSimStub;

typedef enum
{
  KILN_SIM_KSTUB_NONE,
  KILN_SIM_KSTUB_JUMP,
  KILN_SIM_KSTUB_RUN_USER_CODE,
} KilnSimKstubPending;

typedef struct
{
  GString  *line;
  gboolean  echo;
  gboolean  overflow;
} KilnSimAt;

typedef struct
{
  gint64  t;      /* when it has fully arrived */
  guint64 n;      /* host→device: its number for the fault counters */
  guint8  b;
} KilnSimByte;

struct _KilnSim
{
  gint            ref_count;
  GMutex          lock;
  GCond           dev_cond;     /* wakes the device thread */
  GCond           host_cond;    /* wakes a host read or paced write */
  GThread        *thread;
  gboolean        quit;

  KilnSimOptions  opts;
  const KilnSimChip *chip;
  KilnSimStats    stats;

  /* the wire */
  GArray         *h2d;          /* KilnSimByte, host→device */
  guint           h2d_head;
  GArray         *d2h;          /* KilnSimByte, device→host */
  guint           d2h_head;
  gint64          h2d_tail;     /* when the last queued byte arrives */
  gint64          d2h_tail;
  KilnSimBridge   bridge;       /* USB packets and latency device→host */
  guint           host_baud;
  gboolean        follow_baud;  /* raw TCP: there is no host baud */
  gboolean        open;
  gboolean        ever_opened;
  gboolean        link_dead;
  guint           noise_pending;
  guint64         rx_n;         /* number of the host byte being handled */

  /* the board */
  gboolean        dtr;
  gboolean        rts;
  gboolean        en;
  KilnSimStrap    strap;
  gboolean        latched_download;
  guint           esp8266_rst_cause;
  gint64          usb_back_at;  /* USB: the port re-enumerates then (0: present) */

  /* the chip */
  KilnSimMode     mode;
  guint           baud;         /* the chip's UART rate */
  gboolean        autobaud;     /* ROM: relock to the host on SYNC */
  gint64          now;          /* event time being processed */
  gint64          busy_until;
  GArray         *timers;       /* KilnSimTimer */
  guint           boot_loop_count;
  KilnSlipDecoder slip;
  KilnSimFlash    flash;
  guint32         spi[64];      /* SPI peripheral registers */
  gboolean        spi_powered_down;
  GHashTable     *regs;         /* other written registers */
  GArray         *ram;          /* KilnSimRamSeg uploaded by MEM_* */
  KilnSimRamSeg  *ram_cur;
  guint32         mem_block_size;
  guint32         mem_next_seq;
  KilnSimWrite    write;
  KilnSimRom      rom;
  KilnSimStub     stub;
  KilnSimAt       at;
};

/* kiln-sim.c */
gboolean kiln_sim_save_flash_locked (KilnSim *sim,
                                     GError **error);
guint    kiln_sim_rom_log_baud      (KilnSim *sim);
gint64   kiln_sim_cost_us           (double   ms_per_unit,
                                     double   units);

/* kiln-sim-wire.c */
void     kiln_sim_wire_init         (KilnSim       *sim);
void     kiln_sim_wire_clear        (KilnSim       *sim);
void     kiln_sim_wire_start        (KilnSim       *sim);
void     kiln_sim_wire_stop         (KilnSim       *sim);
void     kiln_sim_emit              (KilnSim       *sim,
                                     const guint8  *data,
                                     gsize          len);
void     kiln_sim_emit_str          (KilnSim       *sim,
                                     const char    *text);
void     kiln_sim_emit_noise        (KilnSim       *sim);
void     kiln_sim_send_frame        (KilnSim       *sim,
                                     const guint8  *data,
                                     gsize          len);
gboolean kiln_sim_host_write        (KilnSim       *sim,
                                     const guint8  *data,
                                     gsize          len,
                                     GError       **error);
gboolean kiln_sim_host_read         (KilnSim       *sim,
                                     guint8        *buf,
                                     gsize          len,
                                     gsize         *n_read,
                                     guint          timeout_ms,
                                     GError       **error);
void     kiln_sim_host_flush        (KilnSim       *sim);
void     kiln_sim_host_attach       (KilnSim       *sim,
                                     guint          baud,
                                     gboolean       follow_baud);
void     kiln_sim_host_detach       (KilnSim       *sim);
KilnSimFault *kiln_sim_fault_due    (KilnSim          *sim,
                                     KilnSimFaultKind  kind,
                                     guint64           n);
void     kiln_sim_uart_resample     (const guint8  *in,
                                     gsize          n,
                                     guint          tx_baud,
                                     guint          rx_baud,
                                     GByteArray    *out);
gboolean kiln_sim_has_sync_pattern  (const guint8  *data,
                                     gsize          len);

/* kiln-sim-device.c */
void     kiln_sim_device_init       (KilnSim          *sim);
void     kiln_sim_device_clear      (KilnSim          *sim);
void     kiln_sim_device_rx         (KilnSim          *sim,
                                     guint8            byte,
                                     gint64            t);
gint64   kiln_sim_device_next_timer (KilnSim          *sim);
void     kiln_sim_device_run_timers (KilnSim          *sim,
                                     gint64            t);
void     kiln_sim_device_set_lines  (KilnSim          *sim,
                                     gboolean          dtr,
                                     gboolean          rts);
void     kiln_sim_boot              (KilnSim          *sim,
                                     KilnSimResetKind  kind);
void     kiln_sim_hold_reset        (KilnSim          *sim);
void     kiln_sim_add_timer         (KilnSim          *sim,
                                     gint64            at,
                                     KilnSimTimerKind  kind,
                                     guint             arg);
void     kiln_sim_clear_timers      (KilnSim          *sim);
void     kiln_sim_start_app         (KilnSim          *sim,
                                     gboolean          with_banner_gap);
void     kiln_sim_run_user_code     (KilnSim          *sim);
void     kiln_sim_busy              (KilnSim          *sim,
                                     gint64            us);
guint32  kiln_sim_checksum          (const guint8     *data,
                                     gsize             len);
void     kiln_sim_ram_clear         (KilnSim          *sim);

/* kiln-sim-regs.c */
guint32  kiln_sim_reg_read          (KilnSim *sim,
                                     guint32  addr);
void     kiln_sim_reg_write         (KilnSim *sim,
                                     guint32  addr,
                                     guint32  value,
                                     guint32  mask);
guint32  kiln_sim_uart_clkdiv       (KilnSim *sim);
guint32  kiln_sim_strap_word        (KilnSim *sim,
                                     gboolean download);

/* kiln-sim-usb.c */
void     kiln_sim_usb_set_lines     (KilnSim *sim,
                                     gboolean dtr,
                                     gboolean rts);
void     kiln_sim_usb_boot          (KilnSim *sim);
gboolean kiln_sim_usb_present       (KilnSim *sim);
gboolean kiln_sim_usb_forced_download (KilnSim          *sim,
                                       KilnSimResetKind  kind);
gboolean kiln_sim_wdt_write         (KilnSim *sim,
                                     guint32  addr,
                                     guint32  value);
void     kiln_sim_wdt_arm           (KilnSim *sim);
void     kiln_sim_wdt_expired       (KilnSim *sim,
                                     KilnSimTimerKind kind);

/* kiln-sim-spi.c */
gboolean kiln_sim_spi_owns          (KilnSim *sim,
                                     guint32  addr);
gboolean kiln_sim_spi_attach_reaches_flash (KilnSim *sim,
                                            guint32  config);
guint32  kiln_sim_spi_read          (KilnSim *sim,
                                     guint32  addr);
void     kiln_sim_spi_write         (KilnSim *sim,
                                     guint32  addr,
                                     guint32  value);
void     kiln_sim_spi_note_rom_read (KilnSim *sim,
                                     guint32  addr,
                                     gsize    len);
void     kiln_sim_spi_reset         (KilnSim *sim);

/* kiln-sim-write.c: FLASH_BEGIN/DATA sessions shared by ROM and stub */
typedef enum
{
  KILN_SIM_WRITE_OK,
  KILN_SIM_WRITE_NOT_BEGUN,
  KILN_SIM_WRITE_VERIFY,      /* read-back differs: the region was not erased */
  KILN_SIM_WRITE_INFLATE,     /* the zlib stream is broken */
  KILN_SIM_WRITE_ADLER,       /* the zlib stream's Adler-32 is wrong */
  KILN_SIM_WRITE_TOO_MUCH,    /* more data than the BEGIN announced */
} KilnSimWriteResult;

void               kiln_sim_write_begin (KilnSim      *sim,
                                         gboolean      compressed,
                                         gboolean      stub,
                                         guint32       size,
                                         guint32       num_blocks,
                                         guint32       block_size,
                                         guint32       offset);
KilnSimWriteResult kiln_sim_write_data  (KilnSim      *sim,
                                         guint32       seq,
                                         const guint8 *data,
                                         gsize         len,
                                         gboolean      verify,
                                         gint64       *cost_us);
void               kiln_sim_write_end   (KilnSim      *sim);
void               kiln_sim_write_clear (KilnSim      *sim);
gint64             kiln_sim_erase_cost  (KilnSim      *sim,
                                         guint32       first_sector,
                                         guint32       count);

/* kiln-sim-rom.c */
void     kiln_sim_rom_reset         (KilnSim      *sim);
void     kiln_sim_rom_frame         (KilnSim      *sim,
                                     const guint8 *frame,
                                     gsize         len);
void     kiln_sim_rom_read_flash    (KilnSim      *sim,
                                     guint32       addr,
                                     guint8       *out,
                                     gsize         len);

/* kiln-sim-stub.c */
void     kiln_sim_stub_start        (KilnSim      *sim);
void     kiln_sim_stub_clear        (KilnSim      *sim);
void     kiln_sim_stub_frame        (KilnSim      *sim,
                                     const guint8 *frame,
                                     gsize         len);

/* kiln-sim-kstub.c: Kiln's own stub, its portable core built for the host */
int      kiln_sim_kstub_identify    (KilnSim      *sim,
                                     guint32      *version);
void     kiln_sim_kstub_start       (KilnSim      *sim);
void     kiln_sim_kstub_free        (KilnSim      *sim);
void     kiln_sim_kstub_rx          (KilnSim      *sim,
                                     guint8        byte);

/* kiln-sim-bootlog.c */
typedef enum
{
  KILN_SIM_BOOT_APP,          /* the firmware runs */
  KILN_SIM_BOOT_HALT,         /* the chip stops after printing */
  KILN_SIM_BOOT_LOOP,         /* the ROM retries (ESP32 bad header) */
  KILN_SIM_BOOT_WDT,          /* a watchdog reset follows */
  KILN_SIM_BOOT_BROWNOUT,     /* a brown-out reset follows */
} KilnSimBootOutcome;

gboolean           kiln_sim_scenario_valid (const KilnSimChip *chip,
                                            const char        *name);
void               kiln_sim_bootlog_banner (KilnSim           *sim,
                                            KilnSimResetKind   kind,
                                            gboolean           download,
                                            GString           *out);
gboolean           kiln_sim_bootlog_sdio   (KilnSim           *sim,
                                            GString           *out);
KilnSimBootOutcome kiln_sim_bootlog_flash  (KilnSim           *sim,
                                            GString           *out);
void               kiln_sim_bootlog_loop_line (KilnSim        *sim,
                                               GString        *out);

/* kiln-sim-at.c */
void     kiln_sim_at_reset          (KilnSim *sim);
void     kiln_sim_at_started        (KilnSim *sim);
void     kiln_sim_at_rx             (KilnSim *sim,
                                     guint8   byte);
void     kiln_sim_at_clear          (KilnSim *sim);

/* kiln-sim-transport.c */
KilnTransport *kiln_sim_transport_new (KilnSim     *sim,
                                       const char  *port,
                                       guint        baud,
                                       gboolean     follow_baud,
                                       GError     **error);

/* kiln-sim-server.c */
typedef struct
{
  KilnSim     *sim;
  const char  *listen;     /* HOST:PORT, PORT may be 0 */
  gboolean     once;       /* serve a single client, then return */
} KilnSimServerConfig;

int      kiln_sim_server_run        (KilnSimServerConfig *config,
                                     GError             **error);

G_END_DECLS
