#!/bin/sh
# Runs every test suite (GUI tests in a virtual X server) and prints one
# summary line "N passed, N failed" counted from meson's own test log.
set -u
builddir=${1:-_build}
status=0
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  xvfb-run -a -s "-screen 0 1280x1024x24" meson test -C "$builddir" --print-errorlogs || status=$?
else
  meson test -C "$builddir" --print-errorlogs || status=$?
fi
log="$builddir/meson-logs/testlog.json"
if [ -f "$log" ]; then
  passed=$(grep -c '"result": "OK"' "$log" || true)
  failed=$(grep -c '"result": "\(FAIL\|TIMEOUT\|ERROR\|UNEXPECTEDPASS\)"' "$log" || true)
  skipped=$(grep -c '"result": "SKIP"' "$log" || true)
  echo "$passed passed, $failed failed, $skipped skipped"
fi
exit $status
