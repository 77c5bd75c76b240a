#!/bin/sh
# Regenerates the tables in docs/bootlog-corpus.md from the corpus test
# (tests/test-bootlog-corpus.c): the summary, the counts per chip and per
# established cause, and the line of every log.  The text around the
# tables, with the scores as first measured, is written by hand.
#
#   build-aux/bootlog-corpus-report.sh [BUILDDIR] [SPLIT]
#
# SPLIT (a log number, e.g. 053) counts the logs from that number on as a
# separate batch in the summary: the held-out logs.
set -eu
builddir=${1:-_build}
split=${2:-}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
doc=$srcdir/docs/bootlog-corpus.md
tables=$(mktemp)
trap 'rm -f "$tables" "$tables.new"' EXIT

meson compile -C "$builddir" tests/test-bootlog-corpus >/dev/null
# The test still writes the tables when it fails its targets.
G_TEST_SRCDIR=$srcdir/tests KILN_CORPUS_REPORT=$tables KILN_CORPUS_SPLIT=$split \
  "$builddir/tests/test-bootlog-corpus" >/dev/null 2>&1 || true
[ -s "$tables" ] || { echo "the corpus test wrote no tables" >&2; exit 1; }

awk -v tables="$tables" '
  /<!-- corpus-tables-begin -->/ { print; while ((getline line < tables) > 0) print line; skip = 1; next }
  /<!-- corpus-tables-end -->/ { skip = 0 }
  !skip { print }
' "$doc" > "$tables.new"
mv "$tables.new" "$doc"
echo "updated $doc"
