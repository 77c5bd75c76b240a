/* kiln-bootlog-private.h: what the files of the boot-log decoder share.
 *
 * The decoder is split by job:
 *   kiln-bootlog.c          the public API: boxed types, line assembly,
 *                           the evidence kept, feeding, flushing
 *   kiln-bootlog-clean.c    a line as a copy brings it made fit for the
 *                           patterns: bytes that are no text, colour codes,
 *                           time stamps, quote markers
 *   kiln-bootlog-facts.c    what each chip's ROM prints and means: banners,
 *                           strapping bits, bootloader offsets, reset reasons,
 *                           CPU exceptions, ESP8266 flash maps
 *   kiln-bootlog-lines.c    the line patterns that turn text into events,
 *                           in -rom.c (ROMs, flashers), -sdk.c (the
 *                           ESP8266 second stages) and -firmware.c (crash
 *                           reports, log lines)
 *   kiln-bootlog-messages.c the running firmware's messages, bare or in
 *                           ESP-IDF and Arduino log lines
 *   kiln-bootlog-rules.c    the evidence of a whole log weighed into ranked
 *                           findings; the rules themselves in it and in
 *                           kiln-bootlog-rules-boot.c and -firmware.c
 *                           (kiln-bootlog-rules-private.h)
 *   kiln-bootlog-texts.c    what each finding tells the user: title,
 *                           explanation and fix, in -boot.c and -run.c
 *                           (kiln-bootlog-finding.h is what the rules and
 *                           the texts share)
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-bootlog.h"
#include "kiln-layout.h"

G_BEGIN_DECLS

/* A function of ESP-IDF's board support code (a board support package's
 * bsp_…) that sets up a part of the board, as a pattern: not its storage
 * functions (bsp_sdcard_…, bsp_spiffs_…), whose failures are a card left
 * out or a file system partition.  The line patterns and the firmware's
 * messages both use it. */
#define KILN_BOOTLOG_BSP_PART "bsp_(?!sd|spiffs|littlefs|fat|storage)\\w+"

/* ---- facts (kiln-bootlog-facts.c) ------------------------------------- */

/* What a strapping pin does at reset. */
typedef enum
{
  KILN_STRAP_BOOT,        /* low: serial download mode */
  KILN_STRAP_BOOT2,       /* must be at its level (download_high) when BOOT is low */
  KILN_STRAP_FLASH_VOLT,  /* high: 1.8 V flash supply (ESP32 MTDI, S2/S3 GPIO45) */
  KILN_STRAP_OTHER,       /* timing, JTAG source, ROM messages */
} KilnStrapRole;

typedef struct
{
  guint32       bit;      /* in the "boot:0x…" value; a set bit = pin high */
  const char   *pin;
  KilnStrapRole role;
  gboolean      download_high; /* BOOT2: the level it must have while BOOT is low
                                  (the datasheets call the other combination invalid) */
} KilnBootStrap;

/* An address range [start, end). */
typedef struct
{
  guint32 start;
  guint32 end;
} KilnAddrRange;

/**
 * KilnBootChipFacts:
 * @chip: Kiln's name ("esp32c3"), also the chip in "ESP-ROM:esp32c3-…"
 * @rom_names: other names the ROM banner uses ("esp8684" for the C2)
 * @display_name: "ESP32-C3"
 * @bootloader_offset: where the ROM reads the second-stage bootloader
 * @straps: the "boot:" value's bits, 0-terminated; NULL where unknown
 * @boot_pin: the pin that selects download mode
 * @usb_serial_jtag: the chip has the USB-Serial/JTAG peripheral, whose
 *   resets a flashing tool may cause
 * @riscv: a RISC-V CPU (its panics have other names than Xtensa's)
 * @flash_mapped: where the chip maps flash for code and data (an
 *   application's segments; the ROM loads only into RAM), 0-terminated;
 *   NULL where unknown
 * @flash_pins: the first and last GPIO of the pins the chip's own SPI
 *   flash uses (the flash's CS, clock and data lines), { 0, 0 } where
 *   unknown or where the flash has pins of its own
 *
 * Chips whose boot ROM the decoder may meet in a log, including ones Kiln
 * cannot flash yet: a log from any of them deserves a right answer.
 */
typedef struct
{
  const char          *chip;
  const char          *rom_names[2];
  const char          *display_name;
  KilnBootFamily       family;
  guint32              bootloader_offset;
  const KilnBootStrap *straps;
  const char          *boot_pin;
  gboolean             usb_serial_jtag;
  gboolean             riscv;
  const KilnAddrRange *flash_mapped;
  guint8               flash_pins[2];
} KilnBootChipFacts;

const KilnBootChipFacts *kiln_bootlog_chip_facts          (const char *chip);
const KilnBootChipFacts *kiln_bootlog_chip_facts_by_rom   (const char *rom_name);
const KilnBootChipFacts *kiln_bootlog_chip_facts_nth      (guint       n);
const KilnBootStrap     *kiln_bootlog_strap_by_role       (const KilnBootChipFacts *facts,
                                                           KilnStrapRole            role);
/* The boot pin low in @strap and the second boot strap at the other level
 * than a download boot needs; its KilnBootStrap in @second, or NULL. */
const KilnBootStrap     *kiln_bootlog_strap_boot2_wrong   (const KilnBootChipFacts *facts,
                                                           guint32                  strap);
char                    *kiln_bootlog_describe_straps     (const KilnBootChipFacts *facts,
                                                           guint32                  strap);
/* The ESP32 ROM's "configsip" value: the eFuses' choice of flash pins,
 * six bits each, into @pins in the order CLK, Q, D, CS, HD. */
void                     kiln_bootlog_configsip_pins      (guint64                  configsip,
                                                           guint                    pins[5]);
/* Whether @address is where @facts's chip maps flash; with no chip, only
 * the ranges that are flash on every chip that uses them. */
gboolean                 kiln_bootlog_flash_mapped        (const KilnBootChipFacts *facts,
                                                           guint32                  address);
/* Whether @length bytes from @address lie in one region of the ESP8266's
 * memory that its images load to: instruction or data RAM, and unless
 * @ram_only, flash-mapped code. */
gboolean                 kiln_bootlog_esp8266_segment_fits (guint64                 address,
                                                            guint64                 length,
                                                            gboolean                ram_only);

/* What a reset reason says about why the chip restarted. */
typedef enum
{
  KILN_RESET_CLASS_UNKNOWN,
  KILN_RESET_CLASS_POWER_ON,
  KILN_RESET_CLASS_EXTERNAL,      /* EN pin; ESP8266 cause 2 */
  KILN_RESET_CLASS_SOFTWARE,      /* a restart call, or the panic handler */
  KILN_RESET_CLASS_DEEP_SLEEP,
  KILN_RESET_CLASS_WATCHDOG,      /* a watchdog of the running firmware */
  KILN_RESET_CLASS_RTC_WATCHDOG,  /* the RTC watchdog ending a stuck boot */
  KILN_RESET_CLASS_BROWNOUT,
  KILN_RESET_CLASS_GLITCH,        /* power or clock glitch detector */
  KILN_RESET_CLASS_HOST,          /* USB-Serial/JTAG or JTAG: a tool on the host */
  KILN_RESET_CLASS_OTHER,
} KilnResetClass;

KilnResetClass  kiln_bootlog_esp32_reset_class   (const char *name);
gboolean        kiln_bootlog_esp32_cpu_reset     (const char *name);
const char     *kiln_bootlog_esp32_reset_text    (KilnResetClass klass,
                                                  const char    *name);
KilnResetClass  kiln_bootlog_esp8266_reset_class (guint         cause);
const char     *kiln_bootlog_esp8266_reset_text  (guint         cause);
KilnBootMode    kiln_bootlog_esp32_mode          (const char   *mode_name);
gboolean        kiln_bootlog_esp32_mode_says_download (const char *mode_name);
char           *kiln_bootlog_esp32_mode_name_cut  (const char   *run);

typedef struct
{
  guint       cause;
  const char *name;
  const char *hint;   /* N_() or NULL */
} KilnExcCause;

const KilnExcCause *kiln_bootlog_exc_cause (guint64 cause);

const KilnFlashMap *kiln_bootlog_flash_map           (gint64 map);
const KilnFlashMap *kiln_bootlog_flash_map_by_layout (guint  mbit,
                                                      guint  slot_kb);
char               *kiln_bootlog_flash_map_describe  (gint64 map);
char               *kiln_bootlog_flash_map_setting   (gint64 map);
/* A chip check whose image header gave a chip ID no chip has. */
gboolean            kiln_bootlog_no_chip_id          (const KilnBootEvent *event);

/* ---- the decoder's state ---------------------------------------------- */

/* One boot: from a banner or reset line to the next one. */
typedef struct
{
  KilnBootEvent  *reset;          /* (nullable) */
  KilnResetClass  reset_class;
  KilnBootMode    mode;
  guint           n_loads;
  guint           n_ram_loads;    /* ESP8266: …to instruction or data RAM, of a
                                   * length that fits there */
  gboolean        rom_done;       /* "entry", or the ESP8266 checksum matched */
  gboolean        second_stage;   /* boot.bin or the ESP-IDF bootloader spoke */
  gboolean        stage2_started; /* …with the line it starts with */
  gboolean        app_started;
  gboolean        app_loaded;     /* the ESP-IDF bootloader: "Loaded app from partition" */
  gboolean        app_ready;
  guint           n_lines;        /* lines after the reset line */
  guint           n_app_lines;    /* text lines, and ESP-IDF lines of the application */
  guint           n_garbled;      /* lines of bytes that are no text */
  gboolean        app_garbled;    /* …some after the ROM handed over */
  guint           n_errors;       /* events of error severity */
  gboolean        header_quad;    /* the header asks for QIO or QOUT */
  gboolean        header_dout;    /* …for DOUT, the mode every flash does */
  gboolean        header_mode_known; /* the ROM said which */
  gboolean        octal_flash;    /* eFuses mark the flash as octal: the ROM
                                   * reads it its own way, not the header's */
  gboolean        read_failed;    /* the ROM could not load what it read */
  gboolean        read_garbage;   /* …and what it read made no sense (a quad mode gone wrong) */
  KilnBootEvent  *garbage;        /* (nullable) the first such line */
  KilnBootEvent  *csum_wrong;     /* (nullable) the ESP8266 ROM's "csum err" */
  guint64         image_pos;      /* ESP32 family: where the next segment header is */
  KilnBootEvent  *text_segment;   /* (nullable) a segment header of text past 4 KiB */
  KilnBootEvent  *mapped_load;    /* (nullable) a segment for flash-mapped memory:
                                   * an application where the bootloader belongs */
  gboolean        rom_halted;     /* "ets_main.c": the ROM gave up */
  gboolean        wdt_reset;      /* the ESP8266 ROM's "wdt reset" */
  gboolean        flash_read_err; /* the ROM's "flash read err" */
  gboolean        crash_before_app; /* a CPU exception before any line of the firmware */
  gboolean        no_app_left;    /* the ESP-IDF bootloader: "No bootable app partitions",
                                   * it has nothing to start */
  gboolean        restart_announced; /* "Rebooting...", AT+RST: the next reset is asked for */
  KilnBootEvent  *encryption_restart; /* (nullable) the restart announced is the
                                       * bootloader's, once it has encrypted the flash */
  gboolean        requested;      /* this boot's reset was announced */
  gboolean        after_encryption; /* this boot's reset was the bootloader's, after it
                                     * encrypted the flash: part of the first boot */
  gboolean        wifi_starting;  /* the firmware said it starts or joins Wi-Fi */
  KilnBootEvent  *illegal_after_wifi; /* (nullable) an illegal instruction after that */
  guint           n_crashes;
  gboolean        fault_reported; /* a crash report or a watchdog's report of the firmware */
} KilnBootRecord;

typedef void (*KilnBootFillFunc) (KilnBootlogDecoder  *self,
                                  KilnBootEvent       *event,
                                  char               **groups);

struct _KilnBootlogDecoder
{
  KilnBootEventFunc     event_func;
  KilnBootDiagnosisFunc diagnosis_func;
  gpointer              user_data;

  GRegex      **regexes;          /* shared, see kiln_bootlog_lines_compiled() */
  GRegex       *timestamp_re;

  /* Line assembly */
  GByteArray   *pending;
  gboolean      after_cr;

  /* Settings */
  guint         baud;
  gboolean      expect_app;
  gint          user_map;
  char         *user_chip;
  gboolean      dout_only;      /* the connection found an ESP8285 */

  /* Wrong-baud tally: garbled bytes since the last readable line */
  guint         garbled_bytes;
  gboolean      wrong_baud_reported;

  /* What the ROM banner or the reset line said about the chip */
  KilnBootFamily           family;
  const KilnBootChipFacts *chip;

  /* The evidence, over the whole run (until kiln_bootlog_decoder_reset()) */
  KilnBootEvent *first[KILN_BOOT_EVENT_N_KINDS];
  KilnBootEvent *last[KILN_BOOT_EVENT_N_KINDS];
  guint          count[KILN_BOOT_EVENT_N_KINDS];
  GArray        *boots;           /* KilnBootRecord */
  KilnBootEvent *first_error_line;  /* an error line no rule explains */
  guint          first_error_line_boots; /* …and the reset lines seen before it */
  KilnBootEvent *first_error;       /* the first event of error severity */
  guint          n_lines;
  guint          n_text_lines;
  gint           header_map;      /* from "SPI Flash Size & Map" */
  guint64        last_chksum;
  gboolean       have_chksum;
  gboolean       diagnosed[KILN_BOOT_DIAG_N_KINDS];
  gboolean       finished;        /* flushed: the end-of-log rules may run */
  gboolean       rom_console;     /* the last event was the ESP32 ROM's
                                  * console opening, or its answer */
  gboolean       restart_announced; /* before the first reset line */
  gboolean       encryption_restart; /* the same, and it was the bootloader's after
                                      * encrypting the flash */
  gboolean       firmware_ran;      /* before the first reset line: the
                                     * firmware's own log lines or start */
  gboolean       ran_after_restart; /* the same, after a restart it
                                     * announced */
  KilnBootEvent *crash_before_reset; /* (nullable) the first line of a
                                     * crash report before the first reset
                                     * line: the run before it ran, and
                                     * crashed */
  guint          stage2_restarts;   /* second-stage starts with no ROM
                                     * banner before them (it is missing,
                                     * or came at another rate) and no
                                     * crash, error, prompt, announced
                                     * restart or sleep since the start
                                     * before: see note_stage2() */
  gboolean       stage2_running;    /* a second stage started, and none of
                                     * those came since */
  KilnBootEvent *stage2_restart;    /* (nullable) the first such start */
  KilnBootEvent *banner_cut;        /* (nullable) the last line of ROM banners
                                     * cut short by resets, values[0] of them */
  KilnBootEvent *opening_reboot;    /* (nullable) the copy's first line, a
                                     * bare "Rebooting...", until the first
                                     * reset line tells whose it is */
  KilnBootEvent *panic_tail;        /* (nullable) that line, when the reset
                                     * after it was a software reset of the
                                     * CPU: the last line of ESP-IDF's panic
                                     * handler */
  gboolean       wifi_starting;     /* before the first reset line */
  gboolean       fs_formatted;      /* the firmware formatted its file
                                     * system (a first start), and it did
                                     * not fail again since */
  gboolean       fs_no_partition;   /* …whose partition is not in the
                                     * partition table */
  gboolean       fs_format_failed;  /* …and formatting it failed too */
  KilnBootEvent *fs_failure;        /* (nullable) the first failed mount,
                                     * or the first missing partition */
  KilnBootEvent *fs_file_missing;   /* (nullable) the first file the
                                     * firmware did not find in it */
  KilnBootEvent *fs_open_failed;    /* (nullable) the first file it could
                                     * not open or create */
  gboolean       text_after_garbage; /* readable, error-free lines after
                                      * output at another rate */
  gboolean       handed_over_before_reset; /* the copy begins in a boot's ROM
                                            * lines: before its first reset
                                            * line the ROM started what it
                                            * loaded without an error (its
                                            * "entry", a matched checksum) */
  gboolean       garbled_after_handover; /* …and output at another rate came
                                          * after that */
  gboolean       bootloader_quad; /* the ESP-IDF bootloader's last "SPI Mode" was quad */
  gboolean       bootloader_mode_known; /* …and it said one */
  /* The code the ROM last loaded (the second stage's), and whether
   * anything spoke after the ROM started it */
  guint32        stage2_code[4][2]; /* [start, end) of its segments */
  guint          n_stage2_code;
  gboolean       stage2_loading;  /* the ROM is loading; "entry" ends it */
  gboolean       entry_seen;
  gboolean       said_since_entry;
  KilnBootEvent *stage2_silent_restart; /* (nullable) the first "Saved PC"
                                         * of a software reset, with nothing
                                         * said since the ROM's "entry",
                                         * inside that code: the second
                                         * stage restarted the chip */
  /* A Rust panic's report, line by line after its first */
  gboolean       rust_panic_open;    /* its lines may follow */
  gboolean       rust_message_next;  /* "panicked at …:" ends with a colon:
                                      * the message is the next line */
  gint           rust_braces;        /* open braces of its "PanicInfo { … }" */
  guint          rust_panic_line;    /* the line (n_lines) it began on */
  gboolean       table_listing;   /* between the bootloader's "## Label" and
                                   * its "End of partition table" */
  guint          table_rows;      /* …the rows it listed */
  KilnBootEvent *empty_table;     /* (nullable) the first "End of partition
                                   * table" right after its heading: the
                                   * table read as erased flash */
  KilnBootEvent *garbled_app_header; /* (nullable) ESP-IDF's first "image at
                                      * 0x… has invalid SPI mode N" with N
                                      * not erased flash's: a slot holding
                                      * neither an image nor nothing;
                                      * values[1] the address, [2] N */
  KilnBootEvent *backtrace;        /* (nullable) the first "Backtrace:" line */
  guint64        crash_pc;        /* the PC of the last crash report's register dump */
  gboolean       have_crash_pc;
  guint64        epc1;            /* the ESP8266 exception report's epc1 */
  gboolean       have_epc1;
  gboolean       crash_after_slot_error; /* a crash after "no bootable app" or an OTA slot error */
  gboolean       firmware_after_slot_error; /* the firmware's own lines after them */
  gboolean       app_loaded_after_slot_error; /* the bootloader loaded an
                                               * application after them */
  guint          crystal_mhz;     /* as a flasher's report pasted before the log says */
  guint          flasher_flash_kb; /* the flash size a flasher's report found */
  gboolean       host_command_output; /* lines now come from a command the
                                       * serial monitor ran on the computer */
  guint          header_flash_kb; /* the flash size the bootloader read in the header */
  gboolean       param_dump_data; /* the older SDKs' dump after "system param
                                   * error" shows bytes other than 0xFF */
  KilnBootEvent *header_flash_event; /* (nullable) the line that said it */
  KilnBootEvent *sleep_event;     /* (nullable) the firmware's last "going to deep sleep" */
  guint          sleep_boots;     /* …the reset lines seen before it */
  guint          lines_after_sleep; /* …and the board's lines after it */
};

KilnBootRecord *kiln_bootlog_current_boot (KilnBootlogDecoder *self);
void            kiln_bootlog_begin_boot   (KilnBootlogDecoder *self);
void            kiln_bootlog_set_chip     (KilnBootlogDecoder *self,
                                           KilnBootFamily      family,
                                           const char         *chip);
KilnBootEvent  *kiln_bootlog_event_new    (KilnBootEventKind   kind,
                                           const char         *line,
                                           const char         *text);
void            kiln_bootlog_emit         (KilnBootlogDecoder *self,
                                           KilnBootEvent      *event);

/* ---- cleaning (kiln-bootlog-clean.c) ----------------------------------- */

/* Bytes of @p that cannot be part of readable text (see the file). */
guint        kiln_bootlog_count_bad_bytes (const guint8       *p,
                                           gsize               len);
/* Valid UTF-8 without colour codes or control bytes. */
char        *kiln_bootlog_clean_line      (const guint8       *p,
                                           gsize               len);
/* The part of @clean the patterns see; @before gets what was skipped. */
char        *kiln_bootlog_match_text      (KilnBootlogDecoder *self,
                                           const char         *clean,
                                           char              **before);
/* Where a copy ran ESP-IDF log lines together. */
GRegex      *kiln_bootlog_idf_split_re    (void);

/* ---- lines (kiln-bootlog-lines.c) ------------------------------------- */

guint64      kiln_bootlog_parse_hex (const char *s);
guint64      kiln_bootlog_parse_num (const char *s);
const char  *kiln_bootlog_group     (char      **groups,
                                     guint       i);

void         kiln_bootlog_note_header_flash (KilnBootlogDecoder *self,
                                             guint               kb,
                                             KilnBootEvent      *event);

GRegex  **kiln_bootlog_lines_compiled (void);
GRegex   *kiln_bootlog_lines_timestamp (void);
gboolean  kiln_bootlog_lines_match     (KilnBootlogDecoder *self,
                                        const char         *line,
                                        const char         *before,
                                        const char         *text);
gboolean  kiln_bootlog_lines_from_monitor (const KilnBootEvent *event);
void      kiln_bootlog_lines_rust_panic_begins (KilnBootlogDecoder *self,
                                                KilnBootEvent      *event);
void      kiln_bootlog_lines_rust_panic_report (KilnBootlogDecoder *self,
                                                KilnBootEvent      *event);
void      kiln_bootlog_lines_host_output  (KilnBootlogDecoder  *self,
                                           KilnBootEvent       *event);

/* ---- firmware messages (kiln-bootlog-messages.c) ----------------------- */

GRegex            **kiln_bootlog_messages_compiled (void);
guint               kiln_bootlog_messages_count    (void);
gboolean            kiln_bootlog_messages_sdk_wifi (const KilnBootEvent *event);
KilnBootEventKind   kiln_bootlog_messages_kind     (guint                row);
void                kiln_bootlog_messages_apply    (KilnBootlogDecoder  *self,
                                                    KilnBootEvent       *event,
                                                    guint                row,
                                                    char               **groups);
void                kiln_bootlog_fill_idf_log      (KilnBootlogDecoder  *self,
                                                    KilnBootEvent       *event,
                                                    char               **groups);
void                kiln_bootlog_fill_app_log      (KilnBootlogDecoder  *self,
                                                    KilnBootEvent       *event,
                                                    char               **groups);
void                kiln_bootlog_fill_mcuboot_log  (KilnBootlogDecoder  *self,
                                                    KilnBootEvent       *event,
                                                    char               **groups);
void                kiln_bootlog_fill_homekit_log  (KilnBootlogDecoder  *self,
                                                    KilnBootEvent       *event,
                                                    char               **groups);
void                kiln_bootlog_fill_tasmota_log  (KilnBootlogDecoder  *self,
                                                    KilnBootEvent       *event,
                                                    char               **groups);

/* ---- rules (kiln-bootlog-rules.c) ------------------------------------- */

GPtrArray *kiln_bootlog_rules_evaluate (KilnBootlogDecoder *self);
void       kiln_bootlog_rules_update   (KilnBootlogDecoder *self);

G_END_DECLS
