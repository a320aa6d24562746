#!/bin/bash
# make-bench-initramfs.sh: pack OUT/bench-initramfs.cpio.gz, the one
# initramfs every benchmark boot uses (both kernels, bare and as Xen dom0):
# static busybox, guest/init.sh as /init, and in /tests the static programs
# scamem-bench (bench/scamem-bench.c) and gntdev_loopback (the series'
# tools/testing/selftests/xen, as scripts/build-kselftests.sh built it with
# its Makefile); the benchmark module built for each kernel
# in /bench/base and /bench/series (scamem-bench picks by scamem.bench=).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root=$OUT/bench-root
hdrs=$OUT/bench-series/usr/include
busybox=/bin/busybox
[ -x "$busybox" ] || die "no $busybox (install busybox-static)"
[ -d "$hdrs" ] || die "no $hdrs; run scripts/build-kernel.sh bench-series"

rm -rf "$root"
mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,tests,bench/base,bench/series}
cp "$busybox" "$root/bin/busybox"
install -m 755 "$top/guest/init.sh" "$root/init"
gcc -static -O2 -Wall -Wextra -Werror -I "$top/bench" -isystem "$hdrs" \
	-o "$root/tests/scamem-bench" "$top/bench/scamem-bench.c"
[ -x "$OUT/kselftest/xen/gntdev_loopback" ] || die "no $OUT/kselftest/xen/gntdev_loopback; run scripts/build-kselftests.sh"
cp "$OUT/kselftest/xen/gntdev_loopback" "$root/tests/"
for kind in base series; do
	cp "$OUT/bench-kmod/$kind/scamem_bench.ko" "$root/bench/$kind/"
done
# Fixed mtimes, and no inode or device numbers (--reproducible): the same
# programs give the same archive in every clone, so the same guest memory
# layout and the same instruction counts from one make bench to the next.
find "$root" -exec touch -h -d @0 {} +
pack_cpio "$root" >"$OUT/bench-initramfs.cpio.gz"
echo "initramfs: ${OUT#"$top"/}/bench-initramfs.cpio.gz, $(du -h "$OUT/bench-initramfs.cpio.gz" | cut -f1)"
