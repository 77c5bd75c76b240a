#!/bin/sh
# Installs what Kiln needs to build, run and test, using the system's package
# manager.  Only Debian and Ubuntu are automated; other systems get a list.
#
#   install-deps.sh           what `make test` needs
#   install-deps.sh windows   what `make windows` and `make test-windows` need:
#                             the MinGW-w64 cross compiler and Wine (the
#                             libraries come from the Windows SDK, docs/windows.md)
set -eu

# Build, run and test dependencies, as Debian package names.
PACKAGES="
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-bin libgtk-4-dev
  libserialport-dev libjson-c-dev zlib1g-dev libdeflate-dev
  gettext desktop-file-utils appstream shared-mime-info dbus-daemon
  xvfb xauth
  ser2net python3-serial
  fonts-wqy-microhei
  clang libclang-rt-14-dev
  gcc-xtensa-lx106 binutils-xtensa-lx106 gcc-riscv64-unknown-elf qemu-system-misc
"

if [ "${1:-}" = windows ]; then
  PACKAGES="gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 wine wine64 meson ninja-build pkg-config gettext python3"
fi

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
      *"install ok installed"*) ;;
      *) missing="$missing $p" ;;
    esac
  done
else
  cat >&2 <<'MSG'
kiln: this is not a Debian-based system, so dependencies are not installed
automatically. Install the equivalents of:
  meson (>= 1.0), ninja, pkg-config, a C11 compiler,
  GLib/GIO >= 2.74, GTK >= 4.8, libserialport, json-c, zlib, libdeflate,
  gettext, desktop-file-utils, appstream (appstreamcli), Xvfb (for GUI tests),
  ser2net and pyserial (the RFC 2217 tests run against them),
  clang with its compiler-rt (libFuzzer and the sanitizers, for the fuzz targets),
  the xtensa-lx106-elf and riscv64-unknown-elf cross GCCs and QEMU (xtensa, riscv32)
  (Kiln's flasher stub: rebuilt and checked against the committed images, run under QEMU).
Fedora: sudo dnf install meson ninja-build gcc glib2-devel gtk4-devel libserialport-devel \
        json-c-devel zlib-devel libdeflate-devel gettext desktop-file-utils appstream xorg-x11-server-Xvfb
MSYS2 (Windows, UCRT64): pacman -S mingw-w64-ucrt-x86_64-{meson,gcc,gtk4,libserialport,json-c,zlib,libdeflate}
MSG
  exit 0
fi

if [ -z "$missing" ]; then
  exit 0
fi

echo "kiln: installing missing packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "kiln: run as root or install sudo, then retry; missing:$missing" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
