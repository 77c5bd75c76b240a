#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz, clang, AddressSanitizer and
# UndefinedBehaviorSanitizer) in their own build directory and runs each
# one for FUZZ_SECONDS seconds (default 15) from its seed corpus in
# tests/fuzz/corpus/.  `make test` runs it; for a longer session:
#
#   FUZZ_SECONDS=600 build-aux/run-fuzz.sh
#   FUZZ_TARGETS="fuzz-loader fuzz-slip" FUZZ_SECONDS=3600 build-aux/run-fuzz.sh
#
# New inputs go to a scratch corpus (kept in $FUZZ_BUILDDIR/corpus, so a
# later run starts from them); the committed seeds are never changed.  A
# crash, leak, sanitizer report or timeout fails the target; its input is
# copied to $FUZZ_BUILDDIR/artifacts/ (turn it into a regression test).
# Writes "PASSED FAILED" to $FUZZ_BUILDDIR/fuzz-summary for run-tests.sh.
set -u
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${FUZZ_BUILDDIR:-$srcdir/_build-fuzz}
seconds=${FUZZ_SECONDS:-15}

if ! command -v clang >/dev/null 2>&1; then
  echo "run-fuzz: clang is missing (build-aux/install-deps.sh installs it)" >&2
  exit 1
fi
if [ ! -f "$builddir/build.ninja" ]; then
  setup_log=$(mktemp)
  # No --werror: clang flags g_autoptr(GMutexLocker) as unused, which gcc
  # (the compiler of the main build, with warnings as errors) does not.
  CC=clang meson setup "$builddir" "$srcdir" -Dfuzzing=true -Dgui=false -Dtests=false \
    -Db_sanitize=address,undefined -Db_lundef=false >"$setup_log" 2>&1 || {
      cat "$setup_log" >&2
      rm -f "$setup_log"
      exit 1
    }
  rm -f "$setup_log"
fi
meson compile -C "$builddir" >"$builddir/compile.log" 2>&1 || {
  tail -40 "$builddir/compile.log" >&2
  exit 1
}

# Any report is fatal; leaks count.  GLib's slice allocator would hide
# allocations from LeakSanitizer.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export G_SLICE=always-malloc

targets=${FUZZ_TARGETS:-$(cd "$builddir/tests/fuzz" && find . -maxdepth 1 -type f -perm -u+x \
                           -name 'fuzz-*' | sed 's|^\./||' | sort)}
mkdir -p "$builddir/corpus" "$builddir/artifacts" "$builddir/logs"
passed=0
failed=0
total_runs=0
for t in $targets; do
  exe="$builddir/tests/fuzz/$t"
  corpus="$builddir/corpus/$t"
  seeds="$srcdir/tests/fuzz/corpus/$t"
  log="$builddir/logs/$t.log"
  mkdir -p "$corpus"
  dict=
  # Keywords of the JSON formats, which mutation alone finds slowly.
  if [ -f "$srcdir/tests/fuzz/$t.dict" ]; then
    dict="-dict=$srcdir/tests/fuzz/$t.dict"
  fi
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$builddir/artifacts/$t-" $dict "$corpus" "$seeds" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  runs=${runs:-0}
  total_runs=$((total_runs + runs))
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    echo "fuzz: $t OK ($runs inputs in ${seconds} s, corpus $(ls "$corpus" | wc -l) files)"
  else
    failed=$((failed + 1))
    echo "fuzz: $t FAILED (exit $rc); log $log:"
    grep -E "ERROR|SUMMARY|runtime error|Test unit written|==[0-9]+==" "$log" | head -20
  fi
done
echo "$passed $failed" >"$builddir/fuzz-summary"
echo "fuzz: $passed targets passed, $failed failed, $total_runs inputs in all"
[ $failed -eq 0 ]
