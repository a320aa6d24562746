#!/bin/bash
# boot-bench.sh KIND MODE LOG: boot one benchmark kernel (KIND base: 7.3.4,
# OUT/guest-base; series: OUT/bench-series) with OUT/bench-initramfs.cpio.gz
# under QEMU TCG on one CPU, run scamem-bench and write the console to LOG.
# MODE icount: -icount shift=0,sleep=off, the guest clock counts
# instructions (1 ns each), repeatable; MODE wall: real time.
# lib/test_vmalloc.c (built in) runs at boot with BENCH_VMALLOC_LOOPS loops
# (default 20000) of fix_size, full_fit, random_size, fix_align and
# random_size_align, one thread, in order. BENCH_SMOKE=1: everything once,
# tiny. BENCH_PAD_KB=N: the initramfs carries a file of N KiB more, which
# moves what the kernel allocates afterwards (another memory layout).
# Timeout BENCH_TIMEOUT (default 1800 s). Exits with QEMU's status.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
kind=$1 mode=$2
log=$(abspath "$3")
dir=$(bench_kernel_dir "$kind")
icount=()
case $mode in
icount) icount=(-icount "shift=0,sleep=off") ;;
wall) ;;
*) die "MODE is icount or wall, not $mode" ;;
esac
img=$dir/arch/x86/boot/bzImage
initrd=$OUT/bench-initramfs.cpio.gz
{ [ -f "$img" ] && [ -f "$initrd" ]; } || die "no $img or $initrd"
pad=${BENCH_PAD_KB:-0}
if [ "$pad" -gt 0 ]; then
	# The kernel unpacks concatenated archives one after the other. A copy
	# per boot: both kernels boot at once with the same padding, and one
	# must not rewrite the file while QEMU loads it for the other.
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	head -c "$((pad * 1024))" /dev/zero >"$tmp/pad"
	touch -d @0 "$tmp/pad"
	(cd "$tmp" && echo pad | cpio -o -H newc --owner=0:0 --reproducible --quiet) | gzip -9n |
		cat "$initrd" - >"$tmp/initrd.cpio.gz"
	initrd=$tmp/initrd.cpio.gz
fi

loops=${BENCH_VMALLOC_LOOPS:-20000}
# norandmaps: the same user addresses every run, so that a mapping meets the
# same page table boundaries (and instruction count) every time.
# initramfs_async=0: the archive is unpacked before lib/test_vmalloc.c runs,
# not in a worker whose instructions its first test would count as its own.
append="console=ttyS0 panic=-1 quiet norandmaps initramfs_async=0"
append+=" scamem.tests=scamem-bench scamem.bench=$kind"
append+=" scamem.timeout=3600"
if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	append+=" scamem.bench_smoke"
	loops=10
fi
append+=" test_vmalloc.run_test_mask=59 test_vmalloc.nr_threads=1"
append+=" test_vmalloc.sequential_test_order=1 test_vmalloc.test_loop_count=$loops"

echo "  boot $kind bench kernel ($mode, pad $pad KiB)      log: ${log#"$top"/}"
start=$(date +%s)
rc=0
# The RTC follows the guest clock from a fixed date: the host's time of day
# would otherwise reach the guest (random seeds, timers) and make the
# icount runs differ.
qemu_boot "$log" "${BENCH_TIMEOUT:-1800}" "${icount[@]}" -m 2G -smp 1 \
	-rtc "base=2026-01-01T00:00:00,clock=vm" \
	-kernel "$img" -initrd "$initrd" -append "$append" || rc=$?
echo "  QEMU exited with $rc after $(($(date +%s) - start)) s"
exit $rc
