#!/usr/bin/env python3
# make-seeds.py: writes the seed corpora in tests/fuzz/corpus/<target>/.
#
# SPDX-FileCopyrightText: 2026 The Kiln authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The seeds are the shapes the tests use: SLIP frames and loader replies
# as the ESP32 ROM sends them (taken from the recorded transcripts when
# tests/data/transcripts is there), images, a partition table, boot logs,
# AT+GMR replies, project / flasher_args / manifest / stub JSON and a small
# ELF.  The output is committed; run this again after changing it.  Every
# seed stays far below 100 KB.
#
#   python3 tests/fuzz/make-seeds.py

import base64
import hashlib
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus')
TRANSCRIPTS = os.path.join(HERE, '..', 'data', 'transcripts')


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    assert len(data) < 100 * 1024, (target, name)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def slip(payload):
    out = bytearray(b'\xc0')
    for b in payload:
        if b == 0xC0:
            out += b'\xdb\xdc'
        elif b == 0xDB:
            out += b'\xdb\xdd'
        else:
            out.append(b)
    return bytes(out + b'\xc0')


def reply(op, value=0, data=b'', status=b'\x00\x00'):
    body = data + status
    return struct.pack('<BBHI', 1, op, len(body), value) + body


def transcript_replies(name):
    """The SLIP-decoded packets the host received, in order."""
    path = os.path.join(TRANSCRIPTS, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [bytes.fromhex(l[2:].strip()) for l in f if l.startswith('< ')]


# ---- SLIP ------------------------------------------------------------------
sync = struct.pack('<BBHI', 0, 8, 36, 0) + b'\x07\x07\x12\x20' + b'\x55' * 32
put('fuzz-slip', 'sync-request', slip(sync))
put('fuzz-slip', 'escapes', slip(bytes([0xC0, 0xDB, 0xDC, 0xDD, 0x01])))
put('fuzz-slip', 'broken-escape', b'\xc0\x01\xdb\x55\x02\xc0\xc0\x07\xc0')
put('fuzz-slip', 'noise-then-frame', b'ets Jan  8 2013\r\n' + slip(reply(8, 0x20120707)))

# ---- loader replies: 3 bytes (scenario, mode, read size), then the wire ------
def loader(name, scenario, mode, chunk, packets, noise=b''):
    put('fuzz-loader', name, bytes([scenario, mode, chunk]) + noise +
        b''.join(slip(p) for p in packets))

ROM4 = 2   # mode: ROM with 4 status bytes (ESP32)
ROM2 = 0   # ESP8266 ROM
STUB = 1
rec = transcript_replies('esp32-rom-flash-id.txt')
sync_replies = [reply(8, 0x20120707, status=b'\0\0\0\0')] * 8
loader('sync-esp32', 0, ROM4, 7, rec[:8] or sync_replies, noise=b'et')
loader('sync-stub', 0, STUB, 64, [reply(8, 0)] * 8)
loader('read-reg', 1, ROM4, 3, [reply(0x0A, 0x00F01D83, status=b'\0\0\0\0')])
loader('refusal', 4, ROM4, 64, [reply(8, 0x20120707, status=b'\x01\x05\x00\x00')])
loader('md5-rom', 2, ROM4, 64, [reply(0x13, 0, b'0123456789abcdef0123456789abcdef',
                                      b'\0\0\0\0')])
loader('md5-stub', 2, STUB, 64, [reply(0x13, 0, bytes(range(16)))])
loader('read-slow', 3, ROM4, 64, [reply(0x0E, 0, bytes(range(64)), b'\0\0\0\0')])
loader('security', 4, ROM4 | 4, 64, [reply(0x14, 0, bytes(20), b'\0\0\0\0')])
loader('ohai-frames', 5, STUB, 64, [b'OHAI', bytes(range(200)), bytes(16)])
loader('data-checksum', 6, STUB, 64, [reply(0x11, 0, status=b'\xc1\x00')])
loader('data-ok-esp8266', 6, ROM2, 5, [reply(0x11, 0, status=b'\x00\x00')])
loader('begin', 7, ROM4, 64, [reply(0x02, 0x8000, status=b'\0\0\0\0')])
loader('sequence', 8, ROM4, 11, [reply(9, 0, status=b'\0\0\0\0'), reply(0x0D),
                                 reply(0x0F, status=b'\0\0\0\0'), reply(0xD1)])
loader('boot-banner', 1, ROM4, 64, [], noise=b'rst:0x10 (RTCWDT_RTC_RESET),boot:0x13\r\n')
for i, p in enumerate(transcript_replies('esp32-rom-write-deflate.txt')[:40:8]):
    loader('recorded-%d' % i, 6, ROM4, 64, [p])

# ---- images ------------------------------------------------------------------
def esp8266_v1():
    seg = bytes((i * 7 + 1) & 0xFF for i in range(16))
    csum = 0xEF
    for b in seg:
        csum ^= b
    img = bytes([0xE9, 1, 0, 0]) + struct.pack('<I', 0x40100004)
    img += struct.pack('<II', 0x40100000, 16) + seg
    img += bytes((15 - len(img) % 16) % 16) + bytes([csum])
    return img


def esp32_app(hash_it=True):
    seg = bytes(range(32))
    hdr = bytes([0xE9, 1, 2, 0x20]) + struct.pack('<I', 0x40080000)
    ext = bytes([0xEE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 if hash_it else 0])
    img = hdr + ext + struct.pack('<II', 0x3FFB0000, len(seg)) + seg
    csum = 0xEF
    for b in seg:
        csum ^= b
    img += bytes((15 - len(img) % 16) % 16) + bytes([csum])
    if hash_it:
        img += hashlib.sha256(img).digest()
    return img


init_data = bytes([5, 8, 4, 2]) + bytes(124)
put('fuzz-image', 'esp8266-v1', bytes([1]) + esp8266_v1())
put('fuzz-image', 'esp32-app', bytes([2]) + esp32_app())
put('fuzz-image', 'esp32-app-nohint', bytes([0]) + esp32_app(False))
put('fuzz-image', 'init-data', bytes([1]) + init_data)
put('fuzz-image', 'blank', bytes([0x81]) + b'\xff' * 4096)

# ---- partition table ---------------------------------------------------------
def partition(ptype, sub, off, size, label):
    return struct.pack('<HBBII16sI', 0x50AA, ptype, sub, off, size, label.encode(), 0)


table = (partition(1, 2, 0x9000, 0x6000, 'nvs') + partition(1, 1, 0xF000, 0x1000, 'phy_init') +
         partition(0, 0, 0x10000, 0x100000, 'factory'))
table_md5 = table + b'\xeb\xeb' + b'\xff' * 14 + hashlib.md5(table).digest()
put('fuzz-partition', 'idf-default', table_md5 + b'\xff' * (0xC00 - len(table_md5)))
put('fuzz-partition', 'no-md5', table + b'\xff' * 32)
put('fuzz-image', 'partition-table', bytes([2]) + table_md5 + b'\xff' * 64)

# ---- flash surveys -------------------------------------------------------------
# Byte 0 the chip (0 ESP8266, 1 ESP32, 3 ESP32-S3), byte 1 the board (bits
# 2-4 the flash size: 4 = 4 MB), then a flash of 64 KiB that the target
# repeats over the whole address space.
def flash(places, size=0x10000):
    f = bytearray(b'\xff' * size)
    for at, data in places:
        f[at:at + len(data)] = data
    return bytes(f)


put('fuzz-survey', 'esp32-idf-layout', bytes([1, 4 << 2]) +
    flash([(0x1000, esp32_app()), (0x8000, table_md5)]))
big_table = partition(1, 2, 0x9000, 0x6000, 'nvs') + partition(0, 0, 0x200000, 0x100000, 'factory')
big_table += b'\xeb\xeb' + b'\xff' * 14 + hashlib.md5(big_table).digest()
put('fuzz-survey', 'esp32-app-at-2mb', bytes([1, 4 << 2]) +
    flash([(0x1000, esp32_app()), (0x8000, big_table)]))
put('fuzz-survey', 'esp32-moved-table', bytes([1, 4 << 2]) +
    flash([(0x1000, esp32_app()), (0x9000, table_md5)]))
put('fuzz-survey', 'esp32s3-encrypted', bytes([3, (4 << 2) | 1]) + flash([(0x0, esp32_app())]))
put('fuzz-survey', 'esp8266-at-firmware', bytes([0, 4 << 2]) +
    flash([(0x0, esp8266_v1()), (0x1000, bytes([0xEA, 4, 0, 0x00, 4, 0, 0x10, 0x40])),
           (0xC000, init_data)]))
put('fuzz-survey', 'flash-not-answering', bytes([1, (4 << 2) | 2]))


# The SDK's user1.bin (0xEA): irom0, the 0xE9 header and one RAM segment,
# the checksum and the CRC-32 trailer that Inspect Flash checks.
def esp8266_user1():
    irom = bytes((i * 5 + 3) & 0xFF for i in range(0x200))
    seg = bytes((i * 7 + 1) & 0xFF for i in range(32))
    img = bytes([0xEA, 4, 0, 0x00]) + struct.pack('<I', 0x40100004)
    img += struct.pack('<II', 0, len(irom)) + irom
    img += bytes([0xE9, 1, 0, 0x00]) + struct.pack('<I', 0x40100004)
    img += struct.pack('<II', 0x40100000, len(seg)) + seg
    csum = 0xEF
    for b in seg:
        csum ^= b
    img += bytes((15 - len(img) % 16) % 16) + bytes([csum])
    crc = zlib.crc32(img) & 0xFFFFFFFF
    crc = crc ^ 0xFFFFFFFF if crc & 0x80000000 else crc + 1
    return img + struct.pack('<I', crc)


user1 = esp8266_user1()
put('fuzz-survey', 'esp8266-at-user1-whole', bytes([0, 4 << 2]) +
    flash([(0x0, esp8266_v1()), (0x1000, user1), (0xC000, init_data)]))
user1_damaged = bytearray(user1)
user1_damaged[0x100] ^= 8
put('fuzz-survey', 'esp8266-at-user1-damaged', bytes([0, 4 << 2]) +
    flash([(0x0, esp8266_v1()), (0x1000, bytes(user1_damaged)), (0xC000, init_data)]))
# A bootloader with a damaged byte, and one whose segment runs past 0x8000
# where the table was written over it: the image check's two verdicts.
damaged = bytearray(esp32_app())
damaged[40] ^= 4
put('fuzz-survey', 'esp32-bootloader-damaged', bytes([1, 4 << 2]) +
    flash([(0x1000, bytes(damaged)), (0x8000, table_md5)]))
big_seg = bytes((i * 13) & 0xFF for i in range(0x7400))
big_boot = (bytes([0xE9, 1, 2, 0x20]) + struct.pack('<I', 0x40080000) + bytes([0xEE]) + bytes(14) +
            bytes([1]) + struct.pack('<II', 0x40078000, len(big_seg)) + big_seg)
put('fuzz-survey', 'esp32-bootloader-into-table', bytes([1, 4 << 2]) +
    flash([(0x1000, big_boot), (0x8000, table_md5)]))

# ---- boot logs ---------------------------------------------------------------
put('fuzz-bootlog', 'esp8266-mismatch', bytes([0]) +
    b'\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\nload 0x40100000, len 2408, '
    b'room 16 \r\ntail 8\r\nchksum 0xe5\r\nload 0x3ffe8000, len 776, room 0 \r\ntail 8\r\n'
    b'chksum 0x84\r\ncsum 0x84\r\n2nd boot version : 1.7(5d6f877)\r\nSPI Speed : 40MHz\r\n'
    b'SPI Mode : QIO\r\nSPI Flash Size & Map: 8Mbit(512KB+512KB)\r\njump to run user1 @ 1000'
    b'\r\n\r\nmismatch map 5,spi_size_map 2\r\n')
put('fuzz-bootlog', 'esp8266-download', bytes([4]) +
    b' ets Jan  8 2013,rst cause:1, boot mode:(1,7)\r\n\r\nwaiting for host\r\n')
put('fuzz-bootlog', 'esp8266-wdt', bytes([0x10]) +
    b' ets Jan  8 2013,rst cause:4, boot mode:(3,7)\r\n\r\nwdt reset\r\nload 0x4010f000, '
    b'len 3584, room 16 \r\ncsum 0xb0\r\ncsum err\r\nets_main.c \r\n')
for name in ('esp32-bootlog-download-strap.txt', 'esp32-bootlog-empty-flash.txt',
             'esp32-bootlog-zeroed-flash.txt', 'esp32-bootlog-idf-app.txt'):
    path = os.path.join(TRANSCRIPTS, name)
    if os.path.exists(path):
        with open(path, 'rb') as f:
            put('fuzz-bootlog', name[:-4], bytes([1]) + f.read())
put('fuzz-bootlog', 'esp32-brownout', bytes([0x21]) +
    b'\r\nBrownout detector was triggered\r\n\r\nets Jul 29 2019 12:21:46\r\n\r\n'
    b'rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nflash read err, 1000\r\n')
# rBoot starting again and again behind a console's time stamps, the ROM's
# banner lost; RIOT OS's crash report; ESP-IDF's single-core and flash
# detection messages; a firmware's words about a restart it did not make.
rboot = (b'[Jun 2 12:55:16.125] rBoot v1.2.1 - richardaburton@gmail.com\r\n'
         b'[Jun 2 12:55:16.130] Flash Size: 32 Mbit\r\n[Jun 2 12:55:16.130] Flash Mode: DIO\r\n'
         b'[Jun 2 12:55:16.162] Booting rom 0 (0x100000).\r\n')
put('fuzz-bootlog', 'esp8266-rboot-loop', bytes([0x10]) + rboot * 3)
put('fuzz-bootlog', 'esp32-riot-crash', bytes([0x31]) +
    b'main(): This is RIOT! (Version: 2023.10)\r\n'
    b'EXCEPTION!! exccause=29 (StoreProhibitedCause) @4008274a excvaddr=fefffffb\r\n'
    b'heap: 310368 (used 4176, free 306192) [bytes]\r\n\r\nregister set\r\n'
    b'pc      : 40082f74\tps      : 00050033\texccause: 0000001d\texcvaddr: fefffffb\r\n'
    b'a0      : 4008274a\ta1      : 3ffb1bd0\ta2      : fefffff7\ta3      : 00000000\r\n')
put('fuzz-bootlog', 'esp32-single-core-flash-size', bytes([0x41]) +
    b'rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nentry 0x400805e4\r\n'
    b'E (93) cpu_start: Running on single core chip, but application is built with dual core '
    b'support.\r\n'
    b'E (452) spi_flash: Detected size(128k) smaller than the size in the binary image '
    b'header(4096k). Probe failed.\r\n'
    b'I (6001) app: Failed to reboot the device: busy\r\n'
    b'rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n')
# A copy that begins with the end of a crash report, then the restart.
put('fuzz-bootlog', 'esp32s3-crash-report-tail', bytes([0x51]) +
    b'ELF file SHA256: 3c5f0e2a91d47b68\r\n\r\n'
    b'E (329) esp_core_dump_flash: Core dump flash config is corrupted! CRC=0x7bd5c66f '
    b'instead of 0x0\r\nRebooting...\r\nESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\n'
    b'rst:0xc (RTC_SW_CPU_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\nSaved PC:0x40375a2c\r\n'
    b'entry 0x403c9880\r\n')
# Chip checks that read a chip ID no chip has: the ROM's and a second
# stage's over an empty slot.
put('fuzz-bootlog', 'esp32c3-chip-id-no-chip-has', bytes([0x51]) +
    b'ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n'
    b'rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n'
    b'Invalid chip id. Expected 5 read 3424. Bootloader for wrong chip?\r\nets_main.c 333\r\n'
    b'E (1187) esp_image: image at 0x110000 has invalid magic byte\r\n'
    b'E (1194) boot_comm: mismatch chip ID, expect 0, found 65297\r\n')
# A copy that is a reset by the RTC watchdog and nothing more.
put('fuzz-bootlog', 'esp32c3-rtc-watchdog-banner-only', bytes([0x51]) +
    b'ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n'
    b'rst:0x10 (RTCWDT_RTC_RST),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n')
# The RGB display driver without PSRAM for its frame buffer.
put('fuzz-bootlog', 'esp32s3-rgb-frame-buffer', bytes([0x51]) +
    b'E (132) lcd_panel.rgb: lcd_rgb_panel_alloc_frame_buffers(159): no mem for frame buffer\r\n'
    b'E (139) lcd_panel.rgb: esp_lcd_new_rgb_panel(289): alloc frame buffers failed\r\n'
    b'E (98) lcd_panel.rgb: No mem for frame buffer(750KB)\r\n')
# A file system the firmware could not mount, then formatted; its partition
# missing.
put('fuzz-bootlog', 'esp32-filesystem', bytes([0x51]) +
    b'E (55) SPIFFS: mount failed, -10025\r\n'
    b'[E][SPIFFS.cpp:52] begin(): Mounting SPIFFS failed! Error: -1\r\n'
    b'W (316) SPIFFS: mount failed, -10025. formatting...\r\n'
    b'E (1022) esp_littlefs: partition "spiffs" could not be found\r\n'
    b'LittleFS Mount Failed\r\n')
put('fuzz-bootlog', 'esp32-filesystem-more', bytes([0x51]) +
    b'./components/esp_littlefs/src/littlefs/lfs.c:1229:error: Corrupted dir pair at {0x0, 0x1}\r\n'
    b'E (780) esp_littlefs: mount failed,  (-84)\r\n'
    b'[E][FFat.cpp:35] check_ffat_partition(): No FAT partition found with label ffat\r\n'
    b'[  9955][E][vfs_api.cpp:105] open(): /littlefs/index.html does not exist, no permits for creation\r\n'
    b'Failed to mount FS -> formating\r\n'
    b'  File "flashbdev.py", line 13, in readblocks\r\n')
# A bootloader in an application slot, an empty slot then an application
# loaded from another, and the older SDKs' dump after "system param error".
put('fuzz-bootlog', 'esp32c3-slots', bytes([0x51]) +
    b'E (68) esp_image: Segment 0 0x3fcd6100-0x3fcd6fa0 invalid: overlaps bootloader stack\r\n'
    b'E (69) boot: OTA app partition slot 1 is not bootable\r\n'
    b'E (129) esp_image: image at 0x1010000 has invalid magic byte (nothing flashed here?)\r\n'
    b'I (393) boot: Loaded app from partition at offset 0x20000\r\n')
put('fuzz-bootlog', 'esp8266-param-dump', bytes([0x11]) +
    b'system param error\r\n'
    b'00 00 00 00 00 00 55 00 55 00 00 00 55 00 00 00 55 00 00 00 55 00 00 00 55 00 00 00 55 00 ff ff\r\n'
    b'ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff\r\n')
put('fuzz-bootlog', 'zephyr-nuttx-mcuboot', bytes([0x13]) +
    b'[esp32] [INF] *** Booting MCUboot build v2.3.0 ***\r\n'
    b'[esp32] [ERR] Unable to find bootable image\r\n'
    b'I (31) boot: ESP Simple boot\r\n'
    b'W (31) boot: Unicore bootloader\r\n'
    b'I (67) boot: padd: lma 0x0000ab08 vma 0x00000000 len 0x54f0   (21744)\r\n'
    b'*** Booting NuttX ***\r\n'
    b'imap: lma 0x00010000 vma 0x42020000 len 0xb200   (45568)\r\n'
    b'total segments stored 6\r\n'
    b'NuttShell (NSH) NuttX-10.4.0\r\n'
    b'nsh> \r\n'
    b'uart:~$ \r\n')
put('fuzz-bootlog', 'esp32-filesystem-format-failed', bytes([0x21]) +
    b'[  2766][E][LittleFS.cpp:123] format(): Formatting LittleFS failed! Error: -1\r\n'
    b'[  2773][E][LittleFS.cpp:98] begin(): Mounting LittleFS failed! Error: -1\r\n'
    b'SPIFFS Mount Failed\r\nFormat failed.\r\nFormatting SD card failed\r\n')
put('fuzz-bootlog', 'esp32-encryption-restart-psram', bytes([0x02]) +
    b'I (24427) flash_encrypt: Flash encryption completed\r\n'
    b'I (24431) boot: Resetting with flash encryption enabled...\r\n'
    b'ESP-ROM:esp32c5-20240329\r\nrst:0x3 (RTC_SW_HPSYS),boot:0x3d (SPI_FAST_FLASH_BOOT)\r\n'
    b'E (232) spiram: Virtual address not enough for PSRAM!\r\n')
put('fuzz-bootlog', 'esp8266-homekit-sdk-partition', bytes([0x09]) +
    b'>>> [   3913] HomeKit: Formatting HomeKit storage at 0xffb000\r\n'
    b'!!! [   3918] HomeKit: Failed to erase HomeKit storage\r\n'
    b'>>> HomeKit: Formatting flash at 0x100000\r\n!!! HomeKit: Failed to erase flash\r\n'
    b'p 100 size 0xfdff0 ,0x2000 err\r\nsystem_partition_table_regist: failed\r\n')
put('fuzz-bootlog', 'banner-cut-by-resets', bytes([0x01]) +
    b'"ESP-ROM:?ESP?ESP-ROM:?ESP-ROM:esp32ESP-ROM:?"\r\n'
    b' ets Jan  8 2013,rsets Jan  8 20ets Jan 8ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n'
    b'ets Jun  8 2016 00ets Jun  8 2016 00:22ets Jun  8\r\n')
put('fuzz-bootlog', 'esp8266-tasmota-lines', bytes([0x05]) +
    b'00:01:36 APP: Restarting\r\n\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n'
    b'00:00:06.012 WIF: Connected\r\n'
    b'07:59:57 MQT: tele/sonoff/INFO3 = {"RestartReason":"Fatal exception:28 flag:2 (EXCEPTION)"}\r\n')
put('fuzz-bootlog', 'nodemcu-lua-panic', bytes([0x01]) +
    b'NodeMCU 0.9.6 build 20150704 powered by Lua 5.1.4\r\nlua: not enough memory\r\n'
    b'PANIC: unprotected error in call to Lua API (not enough memory)\r\n')
put('fuzz-bootlog', 'esp-at-command-port', bytes([0x01]) +
    b'at param mode: 1\r\nAT cmd port:uart1 tx:7 rx:6 cts:5 rts:4 baudrate:115200\r\n'
    b'module_name: ESP32C2-4MB\r\n'
    b'I (1177) at-uart: AT cmd port:uart0 tx:1 rx:3 cts:-1 rts:-1 baudrate:9999999999999\r\n')
put('fuzz-bootlog', 'banner-after-cut-header', bytes([0x01]) +
    b'invalid header: 0xfESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n'
    b'invalid header: 0xffets Jun  8 2016 00:22:57\r\ninvalid header: 0xESP-ROM:\r\n')
put('fuzz-bootlog', 'silent-cpu-restarts', bytes([0x01]) +
    b'rst:0xc (RTC_SW_CPU_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\nSaved PC:0x4038e3e4\r\n'
    b'entry 0x403cbf10\r\nrst:0xc (RTC_SW_CPU_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n'
    b'entry 0x403cbf10\r\nrst:0xd (RTCWDT_CPU_RST),boot:0x8\r\nentry\r\n')
put('fuzz-bootlog', 'zigbee-ota-finish', bytes([0x01]) +
    b'I (331493) OTA_CLIENT: OTA Finish: count_down_delay=0 seconds\r\n-- OTA Finish\r\n'
    b'OTA Finish failed\r\nrst:0xc (SW_CPU),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n')
put('fuzz-bootlog', 'files-cannot-open', bytes([0x01]) +
    b' ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\nFormating FS..\r\n'
    b'Failed to open wifi file for writing\r\nFile open failed!\r\n'
    b'[ESP LOGGER] getActualSize() open log file error!\r\n[[[[ open  file error\r\n')
put('fuzz-bootlog', 'rust-panics', bytes([0x01]) +
    b"thread 'main' panicked at src/main.rs:12:5:\r\n!! A panic occured in 'x', at line 1\r\n"
    b'panicked at a:1:2:\r\n    message: Some( Did you flash the right bootloader configured for '
    b'99999999999999999999MHz xtal?, ),\r\n')
put('fuzz-bootlog', 'noise-in-table-or-app-slot', bytes([0x01]) +
    b'I (72) boot: SPI Mode        : DIO\r\n'
    b'E (80) flash_parts: partition 0 invalid magic number 0x94f6\r\n'
    b'E (113) esp_image: image at 0x20000 has invalid magic byte\r\n'
    b'W (120) esp_image: image at 0x20000 has invalid SPI mode 108\r\n'
    b'W (121) esp_image: image at has invalid SPI mode \r\n'
    b'W (122) esp_image: image at 0xffffffffffffffffff has invalid SPI mode 99999999999999999999\r\n'
    b'E (138) boot: No bootable app partitions in the partition table\r\n')
put('fuzz-bootlog', 'empty-partition-table', bytes([0x01]) +
    b'I (72) boot: SPI Mode       : QIO\r\nI (90) boot: ## Label  Usage  Type ST Offset\r\n'
    b'I (91) boot: End of partition table\r\nI (92) boot: ## Label\r\nI (93) boot:  0\r\n'
    b'I (94) boot:  \r\nI (95) boot: End of partition table\r\n'
    b'E (108) boot: No bootable app partitions in the partition table\r\n')
put('fuzz-bootlog', 'firmware-garbled-then-reset', bytes([0x01]) +
    b'chksum 0x2b\r\ncsum 0x2b\r\nv00041f10\r\n~ld\r\n\xe2\xb8\xae\xe2\xb8\xaeo\xec\x92\x9cp\r\n'
    b'ets Jan 8 2013,rst cause:2, boot mode:(3,6)\r\n')
put('fuzz-bootlog', 'bootloader-restart-saved-pc', bytes([0x01]) +
    b'load:0x403c9700,len:0xc08\r\nload:0x403cc700,len:0x2a0c\r\nload:0x4fffffff,len:0xffffffff\r\n'
    b'entry 0x403c98dc\r\nESP-ROM:esp32s3-20210327\r\nrst:0x3 (RTC_SW_SYS_RST),boot:0x8\r\n'
    b'Saved PC:0x403cdb0a\r\nSaved PC:0xffffffffffffffffff\r\n')
put('fuzz-bootlog', 'lora-radio-not-answering', bytes([0x01]) +
    b'E (228) SPIFFS: mount failed, -10025\r\nStarting LoRa failed!\r\n'
    b'LoRa radio initialisation failed\r\nLoRa chip not detected\r\nLoRa send failed\r\n')
put('fuzz-bootlog', 'rust-panic-report', bytes([0x01]) +
    b"thread 'main' panicked at src/main.rs:12:5:\r\n\r\n8 <=? 4\r\nPanicInfo {\r\n{{{{\r\n}}}}}}}}\r\n"
    b'note: run with `RUST_BACKTRACE=1`\r\nBacktrace: 0x4201e65c\r\n0x420000d0\r\n0x4200\r\n'
    b'rst:0xc (SW_CPU_RESET),boot:0x13\r\n}\r\n')
put('fuzz-bootlog', 'rust-panic-known-message', bytes([0x01]) +
    b"thread 'main' panicked at src/rtc.rs:65:5:\r\nthread 'main' panicked at a:1:1:\r\n"
    b'Did you flash the right bootloader configured for 26MHz xtal?\r\nStarting\r\n')
put('fuzz-bootlog', 'esp32-rom-then-garbage', bytes([0x01]) +
    b'rst:0x1 (POWERON_RESET),boot:0x17 (SPI_FAST_FLASH_BOOT)\r\nload:0x40078000,len:10880\r\n'
    b'entry 0x40078c4c\r\n\xe2\xb8\xae]pJ\xe2\xb8\xae! %\xe2\xb8\xae\xe2\xb8\xaebz\r\n'
    b'entry\r\n\x9e\x9b#$\x84|\xf3Bn\r\n')
put('fuzz-bootlog', 'rtc-watchdog-then-firmware', bytes([0x01]) +
    b'rst:0x10 (RTCWDT_RTC_RESET),boot:0x33 (SPI_FAST_FLASH_BOOT)\r\nentry 0x400805f0\r\n'
    b'I (34) boot_comm: chip revision: 1\r\n[   888][D][WiFiGeneric.cpp:831] ready\r\n'
    b'rst:0x10 (RTCWDT_RTC_RESET)\r\nMQTT client started\r\n')
put('fuzz-bootlog', 'restart-exclaimed', bytes([0x01]) +
    b'W (27566) OTA_SERVICE: restart!\r\nrestart\r\nreboot...\r\nrestart !!!!\r\n'
    b'>>> machine.reset()\r\nmicrocontroller.reset()  \r\n>>>machine.reset(\r\n'
    b'rst:0xc (SW_CPU_RESET),boot:0x1f (SPI_FAST_FLASH_BOOT)\r\n')
put('fuzz-bootlog', 'software-reset-before-copy', bytes([0x01]) +
    b'ESP-ROM:esp32c3-api1-20210207\r\nrst:0x3 (RTC_SW_SYS_RST),boot:0xd (SPI_FAST_FLASH_BOOT)\r\n'
    b'entry 0x403cc710\r\nI (24) boot: ESP-IDF v5.1 2nd stage bootloader\r\n'
    b'I (231) cpu_start: Pro cpu start user code\r\nI (300) app: Restarting now.\r\n')
put('fuzz-bootlog', 'saved-utf16le', bytes([0x01]) +
    'ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\nwdt reset\r\n'.encode('utf-16'))
put('fuzz-bootlog', 'saved-utf16be-odd', bytes([0x01]) + b'\xfe\xff' +
    'rst:0x10 (RTCWDT_RTC_RESET),boot:0x13\r\n\ud800x'.encode('utf-16-be', 'surrogatepass') + b'\x00')
put('fuzz-bootlog', 'partition-missing-unknown-flash', bytes([0x01]) +
    b'assert failed: zb_osif_nvram_init zb_esp_nvram.c:70 (zb_partition != NULL)\r\n'
    b'assertion "  partition!=nullptr " failed\r\nESP_ERR_NVS_PART_NOT_FOUND\r\n'
    b'E (316) spi_flash: failed to get chip size\r\nassert (partition != 0\r\n')

# ---- AT ----------------------------------------------------------------------
put('fuzz-at', 'gmr-1.7', bytes([5]) +
    b'AT+GMR\r\nAT version:1.7.3.0(Mar 19 2020 18:15:04)\r\nSDK version:3.0.3(8427744)\r\n'
    b'compile time:Mar 24 2020 16:16:12\r\nBin version(Wroom 02):1.7.3\r\nOK\r\n')
put('fuzz-at', 'gmr-2.2', bytes([31]) +
    b'AT+GMR\r\r\nAT version:2.2.0.0(c6fa6bf - ESP32 - Jul  2 2021 06:44:05)\r\n'
    b'SDK version:v4.2.2-76-gefa6eca\r\ncompile time(3e0d049):Jul 19 2021 18:34:26\r\n'
    b'Bin version:2.2.0(WROOM-32)\r\n\r\nOK\r\n')
put('fuzz-at', 'error', bytes([0]) + b'AT+GMR\r\n\r\nERROR\r\n')
put('fuzz-at', 'busy', bytes([2]) + b'busy p...\r\n>SEND FAIL\r\n')

# ---- project, flasher_args, manifest ----------------------------------------
put('fuzz-project', 'project', bytes([0]) +
    b'{ "format-version": 1, "chip": "esp8266", "flash-mode": "qio", "flash-freq": "40m",\n'
    b'  "flash-size": "16Mbit-C1", "crystal": "26m", "baud": 460800,\n'
    b'  "rows": [ { "enabled": true, "path": "boot_v1.7.bin", "address": "0x0" },\n'
    b'    { "enabled": false, "path": "../user1.bin", "address": "0x1000" },\n'
    b'    { "enabled": true, "path": "/abs/blank.bin", "address": "0x1fe000" } ] }\n')
put('fuzz-project', 'flasher-args', bytes([1]) +
    b'{ "write_flash_args": [ "--flash_mode", "dio", "--flash_size", "2MB", "--flash_freq", "40m" ],\n'
    b'  "flash_settings": { "flash_mode": "dio", "flash_size": "2MB", "flash_freq": "40m" },\n'
    b'  "flash_files": { "0x1000": "bootloader/bootloader.bin", "0x10000": "hello_world.bin",\n'
    b'                   "0x8000": "partition_table/partition-table.bin" },\n'
    b'  "bootloader": { "offset": "0x1000", "file": "bootloader/bootloader.bin", "encrypted": "false" },\n'
    b'  "extra_esptool_args": { "after": "hard_reset", "before": "default_reset", "stub": true,\n'
    b'                          "chip": "esp32" } }\n')
put('fuzz-project', 'manifest', bytes([2]) +
    b'{ "name": "Kiln test", "version": "1.0", "new_install_prompt_erase": true,\n'
    b'  "builds": [ { "chipFamily": "ESP32", "parts": [ { "path": "bootloader.bin", "offset": 4096 },\n'
    b'    { "path": "partitions.bin", "offset": "0x8000" }, { "path": "app.bin", "offset": 65536 } ] },\n'
    b'    { "chipFamily": "ESP8266", "parts": [ { "path": "fw.bin", "offset": 0 } ] } ] }\n')
put('fuzz-project', 'truncated', bytes([3]) + b'{ "format-version": 1, "rows": [ { "path": ')

# ---- stub JSON ---------------------------------------------------------------
put('fuzz-stub', 'stub', '{ "entry": 1074843652, "text_start": 1074843648, "text": "%s", '
    '"data_start": 1073610752, "data": "%s" }' % (base64.b64encode(bytes(range(64))).decode(),
                                                  base64.b64encode(bytes(8)).decode()))
put('fuzz-stub', 'bad-types', '{ "entry": "soon", "text": 5 }')

# ---- ELF ---------------------------------------------------------------------
def elf(machine, entry, sections):
    """ELF32 little-endian executable with PT_LOAD segments and section headers."""
    body = bytearray()
    strtab = bytearray(b'\0')
    offs, names = [], []
    for name, addr, data in sections:
        names.append(len(strtab))
        strtab += name.encode() + b'\0'
        offs.append(52 + len(body))
        body += data
    shname = len(strtab)
    strtab += b'.shstrtab\0'
    stroff = 52 + len(body)
    body += strtab
    while len(body) % 4:
        body.append(0)
    phoff = 52 + len(body)
    for (name, addr, data), off in zip(sections, offs):
        body += struct.pack('<IIIIIIII', 1, off, addr, addr, len(data), len(data), 7, 4)
    shoff = 52 + len(body)
    body += bytes(40)
    for (name, addr, data), off, n in zip(sections, offs, names):
        body += struct.pack('<IIIIIIIIII', n, 1, 6, addr, off, len(data), 0, 0, 4, 0)
    body += struct.pack('<IIIIIIIIII', shname, 3, 0, 0, stroff, len(strtab), 0, 0, 1, 0)
    hdr = b'\x7fELF\x01\x01\x01' + bytes(9)
    hdr += struct.pack('<HHIIIIIHHHHHH', 2, machine, 1, entry, phoff, shoff, 0, 52, 32,
                       len(sections), 40, len(sections) + 2, len(sections) + 1)
    return hdr + bytes(body)


put('fuzz-elf', 'esp32', bytes([1]) + elf(94, 0x40080004, [
    ('.iram0.text', 0x40080000, bytes(range(64))),
    ('.dram0.data', 0x3FFB0000, bytes(32)),
    ('.flash.text', 0x400D0020, bytes(range(128)))]))
put('fuzz-elf', 'esp8266', bytes([2]) + elf(94, 0x40100004, [
    ('.text', 0x40100000, bytes(range(48))),
    ('.data', 0x3FFE8000, bytes(16)),
    ('.irom0.text', 0x40210000, bytes(range(96)))]))
put('fuzz-elf', 'not-elf', bytes([0]) + b'\x7fELX' + bytes(60))



# Kiln's flasher stub core: command streams as a host sends them, and a
# zlib stream on its own (the target also inflates the raw input).
def kstub_cmd(op, data=b'', checksum=0):
    return slip(struct.pack('<BBHI', 0, op, len(data), checksum) + data)


def kstub_block(op, seq, payload):
    c = 0xEF
    for b in payload:
        c ^= b
    return kstub_cmd(op, struct.pack('<IIII', len(payload), seq, 0, 0) + payload, c)


text = b''.join(b'kiln stub %d ' % i for i in range(300))
z = zlib.compress(text, 9)
put('fuzz-kstub', 'sync-and-regs',
    kstub_cmd(0x08, b'\x07\x07\x12\x20' + b'\x55' * 32) +
    kstub_cmd(0x0A, struct.pack('<I', 0x60000078)) +
    kstub_cmd(0x09, struct.pack('<IIII', 0x60000078, 1, 0xFFFF, 0)))
put('fuzz-kstub', 'plain-write-md5-read',
    kstub_cmd(0x02, struct.pack('<IIII', 600, 2, 512, 0x1000)) +
    kstub_block(0x03, 0, bytes(range(256)) * 2) +
    kstub_block(0x03, 1, bytes(range(88)) + b'\xff' * 424) +
    kstub_cmd(0x04, struct.pack('<I', 1)) +
    kstub_cmd(0x13, struct.pack('<IIII', 0x1000, 600, 0, 0)) +
    kstub_cmd(0xD2, struct.pack('<IIII', 0x1000, 600, 256, 2)) +
    slip(struct.pack('<I', 256)) + slip(struct.pack('<I', 512)) + slip(struct.pack('<I', 600)))
put('fuzz-kstub', 'deflate-write',
    kstub_cmd(0x10, struct.pack('<IIII', len(text), 2, 256, 0x2000)) +
    kstub_block(0x11, 0, z[:256]) + kstub_block(0x11, 1, z[256:]) +
    kstub_cmd(0x12, struct.pack('<I', 1)))
put('fuzz-kstub', 'zlib-stream', z)

print('seeds written to', OUT, file=sys.stderr)
