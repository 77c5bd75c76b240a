#!/bin/sh
# wine-e2e.sh: the Windows kiln-cli.exe, run under Wine, flashing a Linux
# kiln-sim over socket:// and over a COM port backed by kiln-sim --pty
# (a dosdevices/comN link in the Wine prefix), through libserialport's
# Windows backend.  1 MiB of random data written, read back and compared
# byte for byte, and checked in the board's flash file.  TAP output.
#
#   wine-e2e.sh NATIVE_KILN_SIM KILN_CLI_EXE
# meson test passes the exe wrapper (Wine) as MESON_EXE_WRAPPER; the Wine
# prefix is WINEPREFIX (make test-windows sets both).
set -u
sim=$1
cli=$2
wrap=${MESON_EXE_WRAPPER:?run through meson test of a Windows cross build}
: "${WINEPREFIX:?set WINEPREFIX (make test-windows does)}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiln-wine-XXXXXX")
pids=""
n=0
failed=0

cleanup ()
{
  for p in $pids; do kill "$p" 2>/dev/null; done
  rm -f "$WINEPREFIX/dosdevices/com5" "$WINEPREFIX/dosdevices/com12"
  rm -rf "$tmp"
}
trap cleanup EXIT

ok ()
{
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok ()
{
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  sed 's/^/# /' "$tmp/out" 2>/dev/null
}

check ()
{
  what=$1
  shift
  if "$@" >"$tmp/out" 2>&1; then ok "$what"; else not_ok "$what"; fi
}

# A Windows path for a Linux one (Wine's Z: drive is the Linux root).
win ()
{
  printf 'Z:%s' "$1" | tr / '\\'
}

# kiln-cli.exe under Wine, bounded in time.
cli ()
{
  timeout 300 $wrap "$cli" "$@"
}

# start_sim OUT ARGS...: starts the Linux kiln-sim, waits for its first line.
start_sim ()
{
  out=$1
  shift
  "$sim" "$@" >"$out" 2>&1 &
  pids="$pids $!"
  for _ in $(seq 100); do
    [ -s "$out" ] && return 0
    sleep 0.1
  done
  return 1
}

head -c 1048576 /dev/urandom >"$tmp/data.bin"
echo "1..9"

# ---- socket:// to a Linux kiln-sim ----
start_sim "$tmp/sock.out" --chip esp32 --flash-size 4MB --flash-file "$tmp/sock-flash.bin" \
  --listen 127.0.0.1:0
port=$(sed -n 's/^listening on //p' "$tmp/sock.out")
url=socket://$port
check "socket: write 1 MiB with kiln-cli.exe -p $url" \
  cli -p "$url" write-flash 0x10000 "$(win "$tmp/data.bin")"
check "socket: read it back" \
  cli -p "$url" read-flash 0x10000 0x100000 "$(win "$tmp/sock-back.bin")"
check "socket: read back byte-exact" cmp "$tmp/data.bin" "$tmp/sock-back.bin"
# The board saves its flash when the client leaves.
sleep 0.5
check "socket: the board's flash holds the data at 0x10000" \
  sh -c "tail -c +65537 '$tmp/sock-flash.bin' | head -c 1048576 | cmp - '$tmp/data.bin'"

# ---- COM5: a Wine COM port on kiln-sim --pty ----
start_sim "$tmp/pty.out" --chip esp32 --flash-size 4MB --flash-file "$tmp/pty-flash.bin" --pty
pty=$(sed -n 's/^pty //p' "$tmp/pty.out")
mkdir -p "$WINEPREFIX/dosdevices"
ln -sfn "$pty" "$WINEPREFIX/dosdevices/com5"
ln -sfn "$pty" "$WINEPREFIX/dosdevices/com12"
# A pty has no DTR/RTS: the board waits in its ROM loader, no reset.
check "COM5 ($pty): write 1 MiB with kiln-cli.exe -p COM5" \
  cli -p COM5 --before no-reset --after no-reset write-flash 0x0 "$(win "$tmp/data.bin")"
check "COM5: read it back" \
  cli -p COM5 --before no-reset --after no-reset read-flash 0x0 0x100000 "$(win "$tmp/com-back.bin")"
check "COM5: read back byte-exact" cmp "$tmp/data.bin" "$tmp/com-back.bin"
# From COM10 on, Windows needs the \\.\ device prefix: Kiln adds it.
check "COM12: chip-id" cli -p COM12 --before no-reset --after no-reset chip-id
if grep -q "Chip type: esp32" "$tmp/out" 2>/dev/null; then ok "COM12: the chip answered"
else not_ok "COM12: the chip answered"; fi

exit $((failed > 0))
