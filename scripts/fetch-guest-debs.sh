#!/bin/bash
# fetch-guest-debs.sh: download the packages of guest/guest-debs.list from
# Debian (private apt configuration per suite, signatures checked by apt) into
# build/guest-debs and unpack them into build/guest-debs/root, which
# make-initramfs.sh copies into the guest. A line NAME comes from GUEST_SUITE
# (configs/versions: trixie), NAME=VERSION from it at exactly VERSION; NAME/sid=VERSION comes from sid
# at exactly VERSION (another upload makes the fetch fail instead of changing
# the test). Prints each package's version. Does nothing if root is up to
# date. DEBS_LIST and DEBS_DIR name another list and directory
# (scripts/run-trinity.sh: guest/trinity/debs.list, build/trinity-debs).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
list=${DEBS_LIST:-$top/guest/guest-debs.list}
dir=${DEBS_DIR:-$top/build/guest-debs}
name=$(basename "$dir")
pkgs=$(sed 's/#.*//' "$list" | xargs)
[ -n "$pkgs" ] || exit 0
if [ -f "$dir/root.list" ] && [ "$(cat "$dir/root.list")" = "$pkgs" ]; then
	echo "$name: ${dir#"$top"/}/root has: $pkgs"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/root"

# fetch SUITE PACKAGE...: apt-get download from SUITE's main into $dir.
fetch() {
	local suite=$1 apt=$top/build/apt-guest-$1
	local src
	src=$(debian_source "$suite")
	shift
	private_apt "$apt" "$src" -q update >/dev/null || return
	(cd "$dir" && private_apt "$apt" "$src" -q download "$@" >/dev/null)
}

fromsuite=() sid=() pinned=()
for p in $pkgs; do
	case $p in
	*/sid=?*) sid+=("${p%%/*}=${p#*=}") pinned+=("${p%%/*}=${p#*=}") ;;
	*/*) die "$p: only NAME, NAME=VERSION ($GUEST_SUITE) or NAME/sid=VERSION" ;;
	*=?*) fromsuite+=("$p") pinned+=("$p") ;;
	*) fromsuite+=("$p") ;;
	esac
done
[ ${#fromsuite[@]} -eq 0 ] || fetch "$GUEST_SUITE" "${fromsuite[@]}"
[ ${#sid[@]} -eq 0 ] || fetch sid "${sid[@]}" ||
	die "sid download of ${sid[*]} failed: no network, or sid has another version now; set NAME/sid=VERSION in ${list#"$top"/} to sid's (https://tracker.debian.org/pkg/NAME)"
for deb in "$dir"/*.deb; do
	dpkg-deb -f "$deb" Package Version | paste -sd ' ' | sed 's/Package: \(.*\) Version: /\1 /'
	dpkg-deb -x "$deb" "$dir/root"
done >"$dir/versions"
sed "s/^/$name: /" "$dir/versions"
# Each pinned package is there at the version asked for.
for p in "${pinned[@]}"; do
	grep -qxF "${p%%=*} ${p#*=}" "$dir/versions" || die "$p: not what was downloaded"
done
echo "$pkgs" >"$dir/root.list"
echo "$name: unpacked $(wc -l <"$dir/versions") packages into ${dir#"$top"/}/root"
