#!/bin/sh
# check-mime-type.sh MIME_XML DESKTOP_FILE: the Kiln project type as a file
# manager sees it once installed: *.kiln.json is application/x-kiln-project
# (not plain JSON), other JSON stays JSON, and the desktop file is a
# registered handler for the type.  Runs against a scratch XDG data dir
# layered over the system's, like a user install.
set -eu

mime_xml=$1
desktop=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

mkdir -p "$tmp/share/mime/packages" "$tmp/share/applications" "$tmp/home" "$tmp/files"
cp "$mime_xml" "$tmp/share/mime/packages/io.github.kilnflasher.Kiln.xml"
cp "$desktop" "$tmp/share/applications/io.github.kilnflasher.Kiln.desktop"

export XDG_DATA_HOME="$tmp/home"
export XDG_DATA_DIRS="$tmp/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"

# update-mime-database reports a malformed package on stderr.
if ! update-mime-database "$tmp/share/mime" 2> "$tmp/umd.err" || [ -s "$tmp/umd.err" ]; then
  echo "update-mime-database rejected the package:" >&2
  cat "$tmp/umd.err" >&2
  exit 1
fi
update-desktop-database "$tmp/share/applications"
# GIO lists a desktop file only when its Exec program is on the PATH.
mkdir -p "$tmp/bin"
printf '#!/bin/sh\nexit 0\n' > "$tmp/bin/kiln"
chmod +x "$tmp/bin/kiln"
PATH="$tmp/bin:$PATH"
export PATH


echo '{ "format-version": 1, "rows": [] }' > "$tmp/files/board.kiln.json"
echo '{ "flash_files": {} }' > "$tmp/files/flasher_args.json"

type_of () {
  gio info -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'
}

got=$(type_of "$tmp/files/board.kiln.json")
if [ "$got" != "application/x-kiln-project" ]; then
  echo "board.kiln.json is “$got”, expected application/x-kiln-project" >&2
  exit 1
fi
got=$(type_of "$tmp/files/flasher_args.json")
if [ "$got" = "application/x-kiln-project" ]; then
  echo "flasher_args.json was taken for a Kiln project" >&2
  exit 1
fi
if ! gio mime application/x-kiln-project | grep -q 'io.github.kilnflasher.Kiln.desktop'; then
  echo "the desktop file is not registered for application/x-kiln-project:" >&2
  gio mime application/x-kiln-project >&2 || true
  exit 1
fi
if ! grep -q '^Exec=kiln %F$' "$desktop"; then
  echo "the desktop file must pass files to kiln (Exec=kiln %F)" >&2
  exit 1
fi
echo "ok: *.kiln.json is application/x-kiln-project and opens with Kiln"
