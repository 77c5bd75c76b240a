#!/bin/sh
# make test-windows: the tests of the Windows cross build, under Wine.
#  1. meson test in the Windows build dir: the core's unit tests, kiln-cli.exe
#     against sim: in process, and tests/wine-e2e.sh (kiln-cli.exe against a
#     Linux kiln-sim over socket:// and over COM5 on kiln-sim --pty).
#  2. The zip, unpacked into a fresh Wine prefix with nothing else
#     installed: kiln-cli.exe --help, chip-id on the virtual ESP8266, and
#     the zh_CN messages.
# Prints "N passed, N failed, N skipped" last, and how long it took.
#
#   build-aux/run-tests-windows.sh WINBUILDDIR ZIP
set -u
builddir=$1
zip=$2
start=$(date +%s)
status=0
passed=0
failed=0
skipped=0
: "${WINEPREFIX:=$(cd "$builddir" && pwd)/wine}"
export WINEPREFIX WINEDEBUG=${WINEDEBUG:--all}

# The 64-bit loader itself (Debian's "wine" script wants wine32 first).
wine=/usr/lib/wine/wine64
[ -x "$wine" ] || wine=$(command -v wine64 || command -v wine) || wine=""
if [ -z "$wine" ] || ! command -v wineserver >/dev/null 2>&1; then
  echo "kiln: Wine is missing: make windows-deps installs it" >&2
  exit 1
fi

# One wineserver for the whole run, detached from every pipe: a wineserver
# started by the first test would hold meson's output pipes open.  The
# prefix is made (a few seconds, the first time) before any test runs.
mkdir -p "$WINEPREFIX"
wineserver -p >/dev/null 2>&1 </dev/null &
trap 'wineserver -k >/dev/null 2>&1' EXIT
WINEDLLOVERRIDES="mscoree,mshtml=" timeout 300 "$wine" wineboot --init >/dev/null 2>&1 </dev/null ||
  echo "kiln: could not prepare the Wine prefix $WINEPREFIX" >&2

echo "== Windows build: meson test under Wine =="
# One test at a time: several suites time the virtual board at the
# millisecond, and Wine processes are heavy on a small machine.
meson test -C "$builddir" --print-errorlogs -t 3 --num-processes 1 || status=1
log=$builddir/meson-logs/testlog.json
if [ -f "$log" ]; then
  passed=$((passed + $(grep -c '"result": "OK"' "$log")))
  failed=$((failed + $(grep -c '"result": "\(FAIL\|TIMEOUT\|ERROR\|UNEXPECTEDPASS\)"' "$log")))
  skipped=$((skipped + $(grep -c '"result": "SKIP"' "$log")))
else
  failed=$((failed + 1))
fi

echo "== the zip in a fresh Wine prefix =="
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiln-zip-XXXXXX")
trap 'wineserver -k >/dev/null 2>&1; WINEPREFIX=$tmp/prefix wineserver -k >/dev/null 2>&1; rm -rf "$tmp"' EXIT
(cd "$tmp" && python3 -m zipfile -e "$OLDPWD/$zip" .) || { echo "kiln: cannot unpack $zip" >&2; exit 1; }
bin=$(echo "$tmp"/kiln-*/bin)
WINEPREFIX=$tmp/prefix wineserver -p >/dev/null 2>&1 </dev/null &

# zip_check WHAT PATTERN [VAR=VALUE...] -- ARGS...: kiln-cli.exe from the
# zip with only what the zip holds (no SDK on the DLL path, and Wine told
# to prefer the zip's zlib1.dll to its own, as Windows would); it must
# succeed and print PATTERN.
zip_check ()
{
  what=$1
  pattern=$2
  shift 2
  vars=""
  while [ "$1" != "--" ]; do vars="$vars $1"; shift; done
  shift
  if env WINEPREFIX="$tmp/prefix" WINEPATH= WINEDLLOVERRIDES="mscoree,mshtml=;zlib1=n,b" $vars \
       timeout 300 "$wine" "$bin/kiln-cli.exe" "$@" >"$tmp/out" 2>&1 &&
     grep -q "$pattern" "$tmp/out"; then
    echo "ok - zip: $what"
    sed 's/^/    /' "$tmp/out" | head -n 12
    passed=$((passed + 1))
  else
    echo "FAIL - zip: $what (wanted “$pattern”)"
    sed 's/^/    /' "$tmp/out"
    failed=$((failed + 1))
    status=1
  fi
}
zip_check "kiln-cli.exe --help" "write-flash" -- --help
zip_check "kiln-cli.exe -p sim:esp8266 chip-id" "Chip type: esp8266" -- -p sim:esp8266 chip-id
zip_check "LANGUAGE=zh_CN kiln-cli.exe --help, from share\\locale" "写入" LANGUAGE=zh_CN -- --help
zip_check "LANGUAGE=zh_CN kiln-cli.exe -p sim:esp8266 chip-id" "芯片类型：esp8266" LANGUAGE=zh_CN -- \
  -p sim:esp8266 chip-id

# The tests that did not pass, named where a short tail of the output
# still shows them.
[ -f "$log" ] && python3 "$(dirname "$0")/failed-tests.py" "$log"
echo "make test-windows took $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
