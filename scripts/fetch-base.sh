#!/bin/bash
# Fetch Debian's base package (configs/versions: BASE_PACKAGE at
# BASE_DEB_VERSION from BASE_SUITE) through a private apt configuration,
# check its SHA256 against base.sha256 (scripts/make-base-tree.sh unpacks it).
# Never touches the system's apt sources. Does nothing if a verified copy exists.
#   fetch-base.sh --config NAME: fetch Debian's BASE_CONFIG_PACKAGE of the same
#   version instead (checked the same way), unpack it and print the path of
#   its config.NAME.xz (for example amd64_none_amd64).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
pkg=$BASE_PACKAGE
ver=$BASE_DEB_VERSION
config=
if [ "${1:-}" = --config ]; then
	pkg=$BASE_CONFIG_PACKAGE
	config=${2:?--config needs a name such as amd64_none_amd64}
fi
apt_dir="$top/build/apt"
dl_dir="$top/build/download"
want=$(awk -v p="${pkg}_" 'index($2, p) == 1 {print $1}' "$top/base.sha256")
[ -n "$want" ] || die "no SHA256 for $pkg in base.sha256"

mkdir -p "$dl_dir"

verified() {
	local f
	f=$(ls "$dl_dir"/${pkg}_*.deb 2>/dev/null | head -n 1) || return 1
	[ -n "$f" ] && [ "$(sha256sum "$f" | awk '{print $1}')" = "$want" ]
}

if ! verified; then
	src=$(debian_source "$BASE_SUITE")
	private_apt "$apt_dir" "$src" -q update >&2
	rm -f "$dl_dir"/${pkg}_*.deb
	(cd "$dl_dir" && private_apt "$apt_dir" "$src" -q download "$pkg=$ver") >&2
	if ! verified; then
		echo "fetch-base: SHA256 of $(ls "$dl_dir"/*.deb) is not $want" >&2
		exit 1
	fi
fi
if [ -n "$config" ]; then
	dir=$top/build/debian-config
	if [ ! -d "$dir/usr" ]; then
		mkdir -p "$dir"
		dpkg-deb -x "$(ls "$dl_dir"/${pkg}_*.deb)" "$dir"
	fi
	f=$dir/usr/src/$pkg/config.$config.xz
	[ -e "$f" ] || die "$pkg has no config.$config.xz"
	echo "$f"
	exit 0
fi
echo "fetch-base: verified $(ls "$dl_dir"/${pkg}_*.deb)"
