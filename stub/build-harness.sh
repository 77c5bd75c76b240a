#!/bin/sh
# build-harness.sh TARGET SRCDIR OUTFILE: cross-builds the stub core with
# the RAM-flash chip layer (stub/harness) for running under QEMU.
#   xtensa: the lx106 (ESP8266) core, qemu-system-xtensa -M sim -cpu lx106
#   riscv:  RV32IMC (ESP32-C3/C6/H2), qemu-system-riscv32 -M virt
# Exits 77 when the cross compiler is missing.
set -eu
target=$1
src=$(cd "$2" && pwd)
out=$3
core="$src/core/kstub-commands.c $src/core/kstub-inflate.c $src/core/kstub-md5.c
      $src/core/kstub-slip.c $src/core/kstub-util.c $src/core/kstub-write.c
      $src/harness/kstub-harness.c"
common="-Os -std=gnu11 -ffreestanding -nostdlib -fno-builtin -fno-common
        -fno-tree-loop-distribute-patterns -ffunction-sections -fdata-sections
        -Wall -Wextra -Wno-unused-parameter -Werror
        -ffile-prefix-map=$src=stub -I$src/core -I$src/harness"
case "$target" in
  xtensa)
    cc=xtensa-lx106-elf-gcc
    flags="-mlongcalls -mtext-section-literals"
    files="$src/harness/harness-xtensa.S $src/harness/harness-xtensa.c"
    ld="-T $src/harness/harness-xtensa.ld"
    extra=""
    ;;
  riscv)
    cc=riscv64-unknown-elf-gcc
    flags="-march=rv32imc_zicsr -mabi=ilp32 -mcmodel=medany"
    files="$src/harness/harness-riscv.S $src/harness/harness-riscv.c"
    ld="-T $src/harness/harness-riscv.ld"
    extra="-Wl,--no-warn-rwx-segments"
    ;;
  *)
    echo "build-harness.sh: unknown target $target" >&2
    exit 2
    ;;
esac
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "build-harness.sh: $cc not found (install-deps.sh installs it)" >&2
  exit 77
fi
# shellcheck disable=SC2086
$cc $common $flags $core $files $ld -Wl,--gc-sections -Wl,--build-id=none $extra -o "$out"
