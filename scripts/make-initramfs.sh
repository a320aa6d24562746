#!/bin/bash
# make-initramfs.sh: pack OUT/guest-initramfs.cpio.gz (newc, gzip): static
# busybox, guest/init.sh as /init, guest/demo.list as /etc/demo.list and
# guest/settings as /etc/settings (each program's settings, guest/init.sh),
# the programs of OUT/guest-programs and guest/*.sh in /tests, upstream's
# selftests with their runner in /kselftest (OUT/kselftest-root,
# scripts/build-kselftests.sh), and the Debian packages of
# guest/guest-debs.list (unpacked by scripts/fetch-guest-debs.sh), their
# /usr and /etc.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root=$OUT/guest-root
busybox=/bin/busybox
[ -x "$busybox" ] || die "no $busybox (install busybox-static)"
[ -d "$OUT/kselftest-root/kselftest" ] || die "no $OUT/kselftest-root; run scripts/build-kselftests.sh"
# ldd fails on a static executable.
! ldd "$busybox" >/dev/null 2>&1 || die "$busybox is dynamically linked (install busybox-static)"

rm -rf "$root"
mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,tests}
cp "$busybox" "$root/bin/busybox"
cp "$top/guest/init.sh" "$root/init"
chmod 755 "$root/init"
[ -f "$top/guest/demo.list" ] && cp "$top/guest/demo.list" "$root/etc/demo.list"
cp -r "$top/guest/settings" "$root/etc/settings"
cp -a "$OUT/kselftest-root/." "$root/"
cp -a "$OUT"/guest-programs/. "$root/tests/"
# Shell test programs (guest/*.sh) run like the compiled ones.
for sh in "$top"/guest/*.sh; do
	[ "$(basename "$sh")" = init.sh ] || install -m 755 "$sh" "$root/tests/$(basename "$sh" .sh)"
done
# Debian packages the tests run (scripts/fetch-guest-debs.sh), with their
# own C library; /lib64 for the ELF interpreter path; their /etc too (the
# ibverbs provider list, /etc/libibverbs.d).
if [ -d "$top/build/guest-debs/root/usr" ]; then
	cp -a "$top/build/guest-debs/root/usr" "$root/"
	[ ! -d "$top/build/guest-debs/root/etc" ] || cp -a "$top/build/guest-debs/root/etc/." "$root/etc/"
	ln -s usr/lib64 "$root/lib64"
	ln -s usr/lib "$root/lib"
fi
pack_cpio "$root" >"$OUT/guest-initramfs.cpio.gz"
echo "initramfs: $(find "$root/tests" -mindepth 1 -maxdepth 1 | wc -l) programs in /tests, $(find "$root/etc/settings" -type f | wc -l) settings, $(du -h "$OUT/guest-initramfs.cpio.gz" | cut -f1)"
