#!/bin/bash
# fetch-guest-debs.sh: download the packages of guest/guest-debs.list from
# Debian trixie (private apt configuration, signatures checked by apt) into
# build/guest-debs and unpack them into build/guest-debs/root, which
# make-initramfs.sh copies into the guest. Does nothing if root is up to date.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
list=$top/guest/guest-debs.list
dir=$top/build/guest-debs
src="deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main"
pkgs=$(sed 's/#.*//' "$list" | xargs)
[ -n "$pkgs" ] || exit 0
if [ -f "$dir/root.list" ] && [ "$(cat "$dir/root.list")" = "$pkgs" ]; then
	echo "guest-debs: build/guest-debs/root has: $pkgs"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/root"
private_apt "$top/build/apt-trixie" "$src" -q update >/dev/null
# shellcheck disable=SC2086
(cd "$dir" && private_apt "$top/build/apt-trixie" "$src" -q download $pkgs >/dev/null)
for deb in "$dir"/*.deb; do
	dpkg-deb -x "$deb" "$dir/root"
done
echo "$pkgs" >"$dir/root.list"
echo "guest-debs: unpacked $(ls "$dir"/*.deb | wc -l) packages into build/guest-debs/root"
