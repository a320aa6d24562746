#!/bin/bash
# Fetch Debian's linux-source-7.3 .deb through a private apt configuration,
# check its SHA256 against base.sha256 and unpack the kernel tarball under build/.
# Never touches the system's apt sources. Does nothing if a verified copy exists.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
pkg=linux-source-7.3
ver=7.3.4-1~bpo13+1
apt_dir="$top/build/apt"
dl_dir="$top/build/download"
want=$(awk '{print $1}' "$top/base.sha256")

mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$dl_dir"

verified() {
	local f
	f=$(ls "$dl_dir"/${pkg}_*.deb 2>/dev/null | head -n 1) || return 1
	[ -n "$f" ] && [ "$(sha256sum "$f" | awk '{print $1}')" = "$want" ]
}

if ! verified; then
	cat > "$apt_dir/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
SRC
	opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list"
	      -o "Dir::Etc::sourceparts=-"
	      -o "Dir::State::Lists=$apt_dir/lists"
	      -o "Dir::Cache=$apt_dir/cache"
	      -o "APT::Get::List-Cleanup=0"
	      -o "Debug::NoLocking=1"
	      -o "APT::Sandbox::User=root")
	apt-get "${opts[@]}" -q update
	rm -f "$dl_dir"/${pkg}_*.deb
	(cd "$dl_dir" && apt-get "${opts[@]}" -q download "$pkg=$ver")
	if ! verified; then
		echo "fetch-base: SHA256 of $(ls "$dl_dir"/*.deb) is not $want" >&2
		exit 1
	fi
fi
echo "fetch-base: verified $(ls "$dl_dir"/${pkg}_*.deb)"
