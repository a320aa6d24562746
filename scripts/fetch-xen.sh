#!/bin/bash
# fetch-xen.sh: download Debian's Xen hypervisor package (configs/versions:
# XEN_PACKAGE from XEN_SUITE; private apt configuration, signatures checked
# by apt) and unpack the hypervisor as build/xen/xen.elf: QEMU's -kernel
# loads the multiboot ELF, not the gzip Debian ships. Does nothing if there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$top/build/xen
pkg=$XEN_PACKAGE
src=$(debian_source "$XEN_SUITE")
if [ -s "$dir/xen.elf" ]; then
	echo "xen: build/xen/xen.elf ($(cat "$dir/version"))"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/root"
private_apt "$top/build/apt-$XEN_SUITE" "$src" -q update >/dev/null
(cd "$dir" && private_apt "$top/build/apt-$XEN_SUITE" "$src" -q download "$pkg" >/dev/null)
deb=$(ls "$dir"/${pkg}_*.deb)
dpkg-deb -x "$deb" "$dir/root"
gz=$(ls "$dir"/root/boot/xen-4.17*-amd64.gz | head -n 1)
[ -f "$gz" ] || die "no xen-4.17*-amd64.gz in $deb"
gunzip -c "$gz" >"$dir/xen.elf.tmp"
head -c 4 "$dir/xen.elf.tmp" | cmp -s - <(printf '\177ELF') || die "$gz does not hold an ELF image"
mv "$dir/xen.elf.tmp" "$dir/xen.elf"
basename "$deb" .deb >"$dir/version"
echo "xen: build/xen/xen.elf from $(cat "$dir/version")"
