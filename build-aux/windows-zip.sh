#!/bin/sh
# Packs the Windows build into dist/kiln-VERSION-windows-x86_64.zip:
# kiln-cli.exe and kiln-sim.exe (stripped), exactly the DLLs they import
# (build-aux/windows-dlls.sh), the translations, a README.
#
#   build-aux/windows-zip.sh BUILDDIR SDK_PREFIX VERSION OUT.zip
set -eu
builddir=$1
prefix=$2
version=$3
out=$4
srcdir=$(cd "$(dirname "$0")/.." && pwd)
name=kiln-$version-windows-x86_64
stage=$builddir/zip/$name
strip=${STRIP:-x86_64-w64-mingw32-strip}

rm -rf "$builddir/zip"
mkdir -p "$stage/bin" "$(dirname "$out")"
exes="$builddir/src/cli/kiln-cli.exe $builddir/src/sim/kiln-sim.exe"
for exe in $exes; do
  "$strip" -o "$stage/bin/$(basename "$exe")" "$exe"
done
for dll in $(sh "$srcdir/build-aux/windows-dlls.sh" "$prefix/bin" $exes); do
  # The build's own libintl-8.dll (src/intl) stands in for the SDK's stub.
  own=$builddir/src/intl/$(basename "$dll")
  if [ -f "$own" ]; then
    "$strip" -o "$stage/bin/$(basename "$dll")" "$own"
  else
    cp "$dll" "$stage/bin/"
  fi
done
# Translations lie in share\locale beside bin\, where kiln-os-win32.c
# looks for them (relative to the executable).
for mo in "$builddir"/po/*/LC_MESSAGES/kiln.mo; do
  lang=$(basename "$(dirname "$(dirname "$mo")")")
  mkdir -p "$stage/share/locale/$lang/LC_MESSAGES"
  cp "$mo" "$stage/share/locale/$lang/LC_MESSAGES/"
  # GLib's own messages (--help's headings) in the same languages.
  if [ -f "$prefix/share/locale/$lang/LC_MESSAGES/glib20.mo" ]; then
    cp "$prefix/share/locale/$lang/LC_MESSAGES/glib20.mo" "$stage/share/locale/$lang/LC_MESSAGES/"
  fi
done
sed "s/@VERSION@/$version/g" "$srcdir/build-aux/windows-readme.txt" |
  sed 's/$/\r/' > "$stage/README.txt"

rm -f "$out"
# python3 is there wherever meson is; zip(1) may not be.
(cd "$builddir/zip" && python3 - "$OLDPWD/$out" "$name" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for root, dirs, files in os.walk(sys.argv[2]):
        dirs.sort()
        for f in sorted(files):
            z.write(os.path.join(root, f))
PY
)
echo "$out:"
(cd "$builddir/zip" && find "$name" -type f | sort)
echo "$(wc -c < "$out") bytes"
