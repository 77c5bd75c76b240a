#!/bin/sh
# Prints the DLLs that Windows programs need from a prefix, one path a line:
# read from the import tables (objdump -p), then from those DLLs' own
# import tables, until nothing new turns up.  DLLs the prefix does not hold
# (KERNEL32.dll, msvcrt.dll, WS2_32.dll…) are Windows's own.
#
#   build-aux/windows-dlls.sh PREFIX_BIN PROGRAM.exe...
set -eu
bin=$1
shift
objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump}
todo="$*"
seen=""
while [ -n "$todo" ]; do
  next=""
  for f in $todo; do
    for dll in $("$objdump" -p "$f" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr -d '\r'); do
      # Windows matches DLL names without regard to case.
      found=$(find "$bin" -maxdepth 1 -iname "$dll" | head -n 1)
      [ -n "$found" ] || continue
      case " $seen " in *" $found "*) continue ;; esac
      seen="$seen $found"
      next="$next $found"
    done
  done
  todo=$next
done
for f in $seen; do echo "$f"; done | sort
