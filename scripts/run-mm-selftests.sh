#!/bin/bash
# run-mm-selftests.sh: the mm stage of make test. Upstream's selftests/mm
# (scripts/build-kselftests.sh, in the guest initramfs), run by their own runner (run_kselftest.sh,
# run_vmtests.sh through the ksft_*.sh wrappers), on the 7.3.4 guest kernel
# (OUT/guest-base) and on the series' (OUT/guest-xen: no KASAN, so the run
# fits the budget; the debug kernel runs the project's own programs), both
# built from configs/guest.config's distribution-like options (guest-xen
# also has configs/xen-dom0.config's: DEBUG_LIST, DEBUG_ATOMIC_SLEEP,
# KPROBES, gntdev as a module, none of which selftests/mm uses) and booted
# bare with 4 GiB and two fake NUMA nodes; /proc/PID/mem writes are allowed
# without ptrace (proc_mem.force_override=always, which Debian's
# PROC_MEM_FORCE_PTRACE default refuses), so the FOLL_FORCE tests (ksm,
# mkdirty) run. Needs both kernels built (the xen
# stage builds them) and the guest initramfs (make build-guest).
# Then the series' debug kernel (OUT/guest: KASAN, lockdep, DEBUG_VM,
# PAGE_TABLE_CHECK, KFENCE, kmemleak) runs the series' scamem_stress alone
# (ksft_scamem_stress.sh; MM_STRESS selects otherwise), followed by a
# kmemleak scan. Writes results/mm-selftests.tsv (scripts/kselftest-table.py)
# and
#   mm-selftests       every result: no regression against 7.3.4
#   mm-selftests-runs  both runs reached the end, the series' without splats
#   mm-stress          the debug kernel's results; one more failure for a
#                      run that did not end, a splat, or a kmemleak report
set -euo pipefail
. "$(dirname "$0")/lib.sh"
for c in mm-selftests mm-selftests-runs mm-stress; do write_counts $c 0 1 0; done
rm -f "$RESULTS/mm-selftests.failed"

# The guest initramfs carries selftests/mm with its runner in /kselftest
# (scripts/build-guest-programs.sh builds it with scripts/build-kselftests.sh).
initrd=$OUT/guest-initramfs.cpio.gz
[ -f "$initrd" ] || die "no $initrd; run make build-guest"

# boot KIND KERNEL-DIR SELECTION [APPEND]: one run, console in
# results/mm-KIND.log, KTAP in results/mm-KIND.ktap.
boot() {
	local kind=$1 kdir=$2 sel=$3 extra=${4:-}
	[ -f "$kdir/arch/x86/boot/bzImage" ] || { echo "mm: no $kdir kernel"; return 1; }
	rm -f "$RESULTS/mm-$kind.ktap"
	GUEST_KERNEL=$kdir GUEST_INITRD=$initrd GUEST_MEM=4G GUEST_TIMEOUT=${MM_TIMEOUT:-1800} \
		GUEST_LOG=$RESULTS/mm-$kind.log GUEST_KTAP=$RESULTS/mm-$kind.ktap \
		GUEST_APPEND="numa=fake=2 proc_mem.force_override=always scamem.kselftest=$sel $extra" \
		"$top/scripts/boot-guest.sh" || echo "mm: the $kind run ended with QEMU status $?"
}

# ended KIND: the run's guest got back from run_kselftest.sh.
ended() {
	tr -d '\r' <"$RESULTS/mm-$1.log" | grep -q '^# guest: kselftest exit' && return
	echo "mm: the $1 run did not reach the end: ${RESULTS#"$top"/}/mm-$1.log"
	return 1
}

ok=1
boot base "$OUT/guest-base" "${MM_SELFTESTS:-mm}" || ok=0
boot series "$OUT/guest-xen" "${MM_SELFTESTS:-mm}" || ok=0
# counts OUTPUT: its last line, "P F S", into p, f and s (0 1 0 if it is not that).
counts() {
	echo "$1" | sed '$d'
	read -r p f s <<<"$(echo "$1" | tail -n 1)" || true
	[[ "$p $f $s" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]] || { echo "mm: no counts from kselftest-table.py"; p=0 f=1 s=0; }
}
# The series' own tests: the selftests/mm programs its patches add.
own=$(git -C "$TREE" diff --name-only --diff-filter=A base..HEAD -- 'tools/testing/selftests/mm/*.c' |
	xargs -r -n1 basename | sed 's/\.c$//' | paste -sd, -)
echo "mm: the series' own tests: ${own:-none}"
table=("$top/scripts/kselftest-table.py" --own "${own:-none}")
# A script with a regression runs again, alone, on both kernels, for
# MM_RERUNS rounds (default 32; no new round after MM_RERUN_SECONDS, default
# 900; each boot at most MM_RERUN_TIMEOUT, 600 s). kselftest-table.py
# decides from them what is flaky-both (docs/mm-selftest-flakes.md: the cases
# that asked for it). More than 4 regressed scripts are not a flake: no
# reruns then.
rm -rf "$RESULTS/mm-rerun"
mkdir -p "$RESULTS/mm-rerun"
regressed=$("${table[@]}" --regressed "$RESULTS/mm-base.ktap" "$RESULTS/mm-series.ktap") || regressed=
nreg=$(echo "$regressed" | grep -c . || true)
[ "$nreg" -le 4 ] || { echo "mm: $nreg scripts regressed: no reruns"; regressed=; }
if [ -n "$regressed" ]; then
	sel=$(echo "$regressed" | sed 's/^/mm:/' | paste -sd, -)
	start=$(date +%s)
	for i in $(seq 1 "${MM_RERUNS:-32}"); do
		if [ $(($(date +%s) - start)) -ge "${MM_RERUN_SECONDS:-900}" ]; then
			echo "mm: rerun budget (${MM_RERUN_SECONDS:-900} s) spent after $((i - 1)) rounds"
			break
		fi
		echo "mm: rerun $i of $sel"
		MM_TIMEOUT=${MM_RERUN_TIMEOUT:-600} boot rerun/base-$i "$OUT/guest-base" "$sel" || ok=0
		MM_TIMEOUT=${MM_RERUN_TIMEOUT:-600} boot rerun/series-$i "$OUT/guest-xen" "$sel" || ok=0
		table+=(--rerun-base "$RESULTS/mm-rerun/base-$i.ktap" --rerun-series "$RESULTS/mm-rerun/series-$i.ktap")
	done
fi
out=$("${table[@]}" "$RESULTS/mm-base.ktap" "$RESULTS/mm-series.ktap" "$RESULTS/mm-selftests.tsv" 2>&1) || true
counts "$out"
write_counts mm-selftests "$p" "$f" "$s"
# What regressed, for the summary (kselftest-table.py prints a line each).
echo "$out" | sed -n 's/^  \(REGRESSION\|OWN\) /\1 /p' >"$RESULTS/mm-selftests.failed"
[ "$f" -eq 0 ] && [ "$p" -gt 0 ] || ok=0
echo "mm: $p passed, $f regressions, $s skipped or failing on both; table: ${RESULTS#"$top"/}/mm-selftests.tsv"

runs=1
for kind in base series; do
	ended $kind || runs=0
done
for log in "$RESULTS/mm-series.log" "$RESULTS"/mm-rerun/series-*.log; do
	[ -f "$log" ] || continue
	"$top/scripts/check-splats.sh" "$log" || runs=0
done
"$top/scripts/check-splats.sh" "$RESULTS/mm-base.log" >/dev/null ||
	echo "mm: 7.3.4's log has splats too (not counted): ${RESULTS#"$top"/}/mm-base.log"
if [ $runs -eq 1 ]; then write_counts mm-selftests-runs 1 0 0; else ok=0; fi

boot debug "$OUT/guest" "${MM_STRESS:-mm:ksft_scamem_stress.sh}" scamem.kmemleak || ok=0
out=$("$top/scripts/kselftest-table.py" --count "$RESULTS/mm-debug.ktap" 2>&1) || true
counts "$out"
# The debug kernel has every path: a skip there is a failure.
[ "$s" -eq 0 ] || { echo "mm: $s results skipped on the debug kernel"; f=$((f + s)) s=0; }
[ "$p" -gt 0 ] || { echo "mm: no result passed on the debug kernel"; f=$((f + 1)); }
ended debug || f=$((f + 1))
"$top/scripts/check-splats.sh" "$RESULTS/mm-debug.log" || f=$((f + 1))
leaks=$(tr -d '\r' <"$RESULTS/mm-debug.log" | sed -n 's/^# guest: kmemleak: \([0-9]*\) new suspected leaks$/\1/p')
echo "mm: kmemleak on the debug kernel: ${leaks:-no scan} new suspected leaks"
[ "${leaks:-1}" = 0 ] || f=$((f + 1))
write_counts mm-stress "$p" "$f" "$s"
echo "mm-stress: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ] || ok=0
[ $ok -eq 1 ]
