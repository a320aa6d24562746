#!/bin/bash
# Fetch Debian's linux-source-7.3 .deb through a private apt configuration,
# check its SHA256 against base.sha256 (scripts/make-base-tree.sh unpacks it).
# Never touches the system's apt sources. Does nothing if a verified copy exists.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
pkg=linux-source-7.3
ver=7.3.4-1~bpo13+1
apt_dir="$top/build/apt"
dl_dir="$top/build/download"
want=$(awk '{print $1}' "$top/base.sha256")

mkdir -p "$dl_dir"

verified() {
	local f
	f=$(ls "$dl_dir"/${pkg}_*.deb 2>/dev/null | head -n 1) || return 1
	[ -n "$f" ] && [ "$(sha256sum "$f" | awk '{print $1}')" = "$want" ]
}

if ! verified; then
	src="deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main"
	private_apt "$apt_dir" "$src" -q update
	rm -f "$dl_dir"/${pkg}_*.deb
	(cd "$dl_dir" && private_apt "$apt_dir" "$src" -q download "$pkg=$ver")
	if ! verified; then
		echo "fetch-base: SHA256 of $(ls "$dl_dir"/*.deb) is not $want" >&2
		exit 1
	fi
fi
echo "fetch-base: verified $(ls "$dl_dir"/${pkg}_*.deb)"
