#!/usr/bin/python3
# recording-server.py: an RFC 2217 server for test-rfc2217.
#
# SPDX-FileCopyrightText: 2026 The Kiln authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Telnet and COM-PORT-OPTION side is pyserial's own server-side class,
# serial.rfc2217.PortManager (Debian package python3-serial), so Kiln's
# client is checked against an implementation it does not share code with.
# Behind it sits RecordingPort, a stand-in for a serial port that writes
# every change the port manager makes (baud, DTR, RTS, framing, purges) and
# every byte it receives to a log file, one line each:
#
#     <monotonic seconds> <event> <value>
#
# e.g. "12.345678 dtr 1", "12.445901 baud 460800", "12.5 rx 41ff42".
# In --mode echo the port sends every byte it receives back; in --mode
# silent it answers nothing.  --notify makes the port's CTS toggle every
# 20 ms so that the server interleaves NOTIFY-MODEMSTATE subnegotiations
# with the data, which the client must strip.
#
# It listens on 127.0.0.1 at a free port and prints that port number on
# stdout; it serves one connection at a time until it is killed.

import argparse
import socket
import sys
import threading
import time

import serial.rfc2217


class RecordingPort:
    """The attributes and methods PortManager uses on a serial port."""

    def __init__(self, log, echo):
        self._log = log
        self._log_lock = threading.Lock()
        self._echo = echo
        self._pending = bytearray()
        self._cond = threading.Condition()
        self._values = {}
        self._cts = False
        self.xonxoff = False
        self.rtscts = False
        self.break_condition = False
        self.dsr = True
        self.ri = False
        self.cd = True

    def record(self, event, value):
        with self._log_lock:
            self._log.write("%.6f %s %s\n" % (time.monotonic(), event, value))
            self._log.flush()

    def _setter(name, fmt):
        def get(self):
            return self._values.get(name)

        def set(self, value):
            self._values[name] = value
            self.record(name, fmt(value))
        return property(get, set)

    baudrate = _setter("baud", str)
    bytesize = _setter("bytesize", str)
    parity = _setter("parity", str)
    stopbits = _setter("stopbits", str)
    dtr = _setter("dtr", lambda v: "1" if v else "0")
    rts = _setter("rts", lambda v: "1" if v else "0")
    del _setter

    @property
    def cts(self):
        return self._cts

    def toggle_cts(self):
        self._cts = not self._cts

    # Bytes from the client, already unescaped by PortManager.filter().
    def write(self, data):
        if not data:
            return 0
        self.record("rx", bytes(data).hex())
        if self._echo:
            with self._cond:
                self._pending += data
                self._cond.notify()
        return len(data)

    # Bytes for the client; PortManager.escape() doubles the 0xFF.
    def read(self, timeout):
        with self._cond:
            if not self._pending:
                self._cond.wait(timeout)
            data = bytes(self._pending)
            self._pending.clear()
            return data

    def reset_input_buffer(self):
        self.record("purge", "input")

    def reset_output_buffer(self):
        with self._cond:
            self._pending.clear()
        self.record("purge", "output")


class Connection:
    """What PortManager writes its Telnet replies to."""

    def __init__(self, sock):
        self._sock = sock
        self._lock = threading.Lock()

    def write(self, data):
        with self._lock:
            try:
                self._sock.sendall(data)
            except OSError:
                pass


def serve(client, port, notify):
    conn = Connection(client)
    manager = serial.rfc2217.PortManager(port, conn)
    done = threading.Event()

    def device_to_client():
        while not done.is_set():
            data = port.read(0.02)
            if data:
                conn.write(b"".join(manager.escape(data)))
            if notify:
                port.toggle_cts()
                manager.check_modem_lines()

    pump = threading.Thread(target=device_to_client, daemon=True)
    pump.start()
    try:
        while True:
            data = client.recv(4096)
            if not data:
                break
            port.write(b"".join(manager.filter(data)))
    except OSError:
        pass
    done.set()
    pump.join()
    client.close()
    port.record("closed", "-")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--mode", choices=["echo", "silent"], default="echo")
    parser.add_argument("--notify", action="store_true")
    args = parser.parse_args()

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    with open(args.log, "w", encoding="ascii") as log:
        print(listener.getsockname()[1], flush=True)
        while True:
            client, _ = listener.accept()
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            port = RecordingPort(log, args.mode == "echo")
            port.record("connected", "-")
            serve(client, port, args.notify)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
