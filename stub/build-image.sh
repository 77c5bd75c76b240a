#!/bin/sh
# build-image.sh TARGET SRCDIR OUTDIR: cross-builds Kiln's stub for TARGET
# (esp8266, esp32c3, esp32c6, esp32h2) with Debian's cross compilers and
# writes OUTDIR/TARGET.json in the stub image form kiln-cli --stub reads
# (entry, text_start, text, data_start, data; base64), plus the ELF.
#
# The result depends only on the sources and the compiler: no paths, no
# dates.  The linker scripts hold the RAM limits, so an image that does not
# fit fails here; the sizes are printed for docs/stub.md.
set -eu

target=$1
src=$(cd "$2" && pwd)
out=$3
mkdir -p "$out"

core="$src/core/kstub-commands.c $src/core/kstub-inflate.c $src/core/kstub-md5.c
      $src/core/kstub-slip.c $src/core/kstub-util.c $src/core/kstub-write.c"
common="-Os -std=gnu11 -ffreestanding -nostdlib -fno-builtin -fno-common
        -fno-tree-loop-distribute-patterns -ffunction-sections -fdata-sections
        -Wall -Wextra -Wno-unused-parameter -Werror
        -ffile-prefix-map=$src=stub -I$src/core"

case "$target" in
  esp8266)
    prefix=xtensa-lx106-elf-
    flags="-mlongcalls -mtext-section-literals"
    chip="$src/esp8266/kstub-esp8266.c"
    ld="-T $src/esp8266/esp8266.ld -T $src/esp8266/esp8266-rom.ld"
    ;;
  esp32c3|esp32c6|esp32h2)
    prefix=riscv64-unknown-elf-
    flags="-march=rv32imc_zicsr -mabi=ilp32 -mcmodel=medlow -mno-relax -DKSTUB_CHIP_$(echo "$target" | tr a-z A-Z)"
    chip="$src/riscv/kstub-riscv.c"
    ld="-T $src/riscv/$target.ld -T $src/riscv/$target-rom.ld"
    ;;
  *)
    echo "build-image.sh: unknown target $target" >&2
    exit 2
    ;;
esac

cc=${prefix}gcc
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "build-image.sh: $cc not found (install-deps.sh installs it)" >&2
  exit 77
fi

elf="$out/$target.elf"
# shellcheck disable=SC2086
if ! $cc $common $flags $core $chip $ld -Wl,--gc-sections -Wl,--build-id=none -o "$elf" \
     2>"$out/$target.log"; then
  cat "$out/$target.log" >&2
  if grep -q "overflowed" "$out/$target.log"; then
    echo "build-image.sh: the $target stub no longer fits the RAM its ROM leaves free" \
         "(limits in docs/stub.md and stub/$target*.ld)" >&2
  fi
  exit 1
fi
rm -f "$out/$target.log"

sym() {
  ${prefix}nm "$elf" | awk -v n="$1" '$3 == n { print $1 }'
}
hex() {
  printf '%d' "0x$1"
}

entry=$(${prefix}readelf -h "$elf" | awk '/Entry point/ { print $4 }')
text_start=$(sym _text_start)
text_end=$(sym _text_end)
data_start=$(sym _data_start)
data_end=$(sym _data_end)
bss_start=$(sym _bss_start)
bss_end=$(sym _bss_end)

${prefix}objcopy -O binary --only-section=.text "$elf" "$out/$target.text.bin"
${prefix}objcopy -O binary --only-section=.data "$elf" "$out/$target.data.bin"

text_size=$(( $(hex "$text_end") - $(hex "$text_start") ))
data_size=$(( $(hex "$data_end") - $(hex "$data_start") ))
bss_size=$(( $(hex "$bss_end") - $(hex "$bss_start") ))

{
  printf '{\n'
  printf '  "entry": %d,\n' "$(( entry ))"
  printf '  "text_start": %d,\n' "$(hex "$text_start")"
  printf '  "text": "%s",\n' "$(base64 -w0 "$out/$target.text.bin")"
  printf '  "data_start": %d,\n' "$(hex "$data_start")"
  printf '  "data": "%s"\n' "$(base64 -w0 "$out/$target.data.bin")"
  printf '}\n'
} > "$out/$target.json"
rm -f "$out/$target.text.bin" "$out/$target.data.bin"

echo "$target: text $text_size bytes at 0x$text_start, data $data_size bytes at 0x$data_start, bss $bss_size bytes"
