#!/bin/sh
# update-images.sh: rebuilds the committed stub images (stub/images/*.json)
# from source with the cross compilers; commit the result.  make test
# checks that a fresh build still gives the committed bytes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for target in esp8266 esp32c3 esp32c6 esp32h2; do
  sh "$here/build-image.sh" "$target" "$here" "$tmp"
  cp "$tmp/$target.json" "$here/images/$target.json"
done
