#!/bin/bash
# run-bench.sh [--smoke]: make bench. Builds the 7.3.4 and the series'
# benchmark kernels from configs/guest.config alone, the benchmark module
# against each and one initramfs for both; reads sizeof(struct
# vm_area_struct) and friends off x86_64 defconfig builds
# (scripts/bench-defconfig-sizes.sh); boots each kernel under QEMU TCG five
# times with -icount (instruction counts; the two kernels' runs side by side,
# which does not change the counts): twice the same, three times with another
# memory layout; and once for wall time (alone), and each three
# times as Xen dom0 for the gntdev row; then scripts/bench-results.sh writes
# build/bench/results.tsv and prints the table.
# --smoke (make bench-smoke): the same kernels, one tiny icount boot of each,
# no Xen, no defconfig, logs in build/bench-smoke; checks that every
# benchmark printed its figure on both.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
smoke=0
[ "${1:-}" = --smoke ] && smoke=1
bench=$(abspath "${BENCH_DIR:-build/bench}")
# The smoke run keeps its logs apart from the last real results.
[ $smoke -eq 0 ] || bench=$(abspath "${BENCH_DIR:-build/bench-smoke}")
start=$(date +%s)
mkdir -p "$bench"
rm -f "$bench"/*.log "$bench"/*.tsv "$bench"/*.txt

[ -e "$TREE/.git" ] || "$top/scripts/apply-series.sh"
"$top/scripts/build-kernel.sh" guest-base bench-series
run_logged "$LOGS/bench-module.log" "build benchmark module for both kernels" \
	"$top/scripts/build-bench-module.sh"
run_logged "$LOGS/bench-kselftests.log" "build the series' selftests (gntdev_loopback)" \
	"$top/scripts/build-kselftests.sh"
run_logged "$LOGS/bench-initramfs.log" "pack benchmark initramfs" "$top/scripts/make-bench-initramfs.sh"
[ $smoke -eq 1 ] || run_logged "$LOGS/bench-defconfig.log" "sizes of mm structures on x86_64 defconfig" \
	"$top/scripts/bench-defconfig-sizes.sh" "$bench"

boot() { # KIND MODE LOG
	"$top/scripts/boot-bench.sh" "$1" "$2" "$bench/$3" || echo "bench: the $1 $2 boot failed ($3)"
	tr -d '\r' <"$bench/$3" | grep -q '^# scamem-bench: done' ||
		echo "bench: scamem-bench did not finish cleanly on $1 ($3)"
}

if [ $smoke -eq 1 ]; then
	export BENCH_SMOKE=1
	boot base icount base-icount-1.log &
	boot series icount series-icount-1.log
	wait
	"$top/scripts/bench-results.sh" "$bench"
	tr -d '\r' <"$bench/base-icount-1.log" | grep -q '^# scamem-bench: done' &&
		tr -d '\r' <"$bench/series-icount-1.log" | grep -q '^# scamem-bench: done'
	echo "bench-smoke: every benchmark ran on both kernels ($(($(date +%s) - start)) s)"
	exit 0
fi

# icount: instruction counts do not depend on the host's load, so both
# kernels boot at once; wall time: one boot at a time. Runs 1 and 2 are the
# same boot (they must agree); runs 3-5 pad the initramfs by 256, 512 and
# 768 KiB: a figure that depends on where the allocator stands (a per-CPU
# list refill landing inside the timed loop or not) moves by a percent or
# two from one layout to the next. The table shows the mean over the four
# layouts (runs 1, 3, 4, 5).
for run in 1 2 3 4 5; do
	pad=$(((run > 2 ? run - 2 : 0) * 256))
	BENCH_PAD_KB=$pad boot base icount "base-icount-$run.log" &
	BENCH_PAD_KB=$pad boot series icount "series-icount-$run.log"
	wait
done
boot base wall base-wall.log
boot series wall series-wall.log

run_logged "$LOGS/xen-fetch.log" "fetch Xen hypervisor" "$top/scripts/fetch-xen.sh"
# Wall time under Xen on TCG scatters from boot to boot: three boots of
# each kernel, alternating; bench-results.sh takes the median.
for run in 1 2 3; do
	for kind in base series; do
		XEN_INITRD=$OUT/bench-initramfs.cpio.gz XEN_TESTS=gntdev_loopback \
			"$top/scripts/boot-xen.sh" "$(bench_kernel_dir $kind)" "$bench/xen-$kind-$run.log" ||
			echo "bench: the Xen boot $run of the $kind kernel failed"
	done
done

{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "host: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
	echo "qemu: $(qemu-system-x86_64 --version | head -n 1)"
	echo "kernels: $(cat "$(bench_kernel_dir base)/include/config/kernel.release") (base)," \
		"$(cat "$(bench_kernel_dir series)/include/config/kernel.release") (series, $(git -C "$TREE" rev-parse --short HEAD))"
	echo "took: $(($(date +%s) - start)) s"
} >"$bench/meta.txt"
"$top/scripts/bench-results.sh" "$bench"
cat "$bench/meta.txt"
