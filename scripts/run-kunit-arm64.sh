#!/bin/bash
# run-kunit-arm64.sh: the tree's scamem KUnit suites (KUNITCONFIG, a path in
# TREE) on arm64, which has pte_special, through upstream's
# tools/testing/kunit/kunit.py run --arch=arm64: built with Debian's
# aarch64-linux-gnu- cross compiler (through ccache when present) in
# OUT/kunit-arm64 from the fragments configs/kernels lists for kunit-arm64
# (the kunitconfig, kunit-arm64 and the debug matrix), booted under qemu-system-aarch64 with
# TCG (kunit.py asks for kvm, hvf, tcg in that order; an x86 host's
# qemu-system-aarch64 has only TCG, which this script checks first).
# The result comes from kunit.py's JSON (results/kunit-arm64.json), not its
# human output; the console log is results/kunit-arm64.log and kunit.py's own
# output logs/kunit-arm64.log. Writes results/kunit-arm64.counts (one per
# test case) and results/kunit-arm64-splats.counts (scripts/check-splats.sh
# on the console log); fails on a failed or crashed case, a KTAP parse error,
# no results at all, a case of the tree's sources without a result
# (scripts/kunit-results.py counts them), a timeout or a splat.
# Knob: KUNIT_ARM64_TIMEOUT (seconds for the boot and the tests, default 900).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$OUT/kunit-arm64
json=$RESULTS/kunit-arm64.json
log=$RESULTS/kunit-arm64.log
secs=${KUNIT_ARM64_TIMEOUT:-900}
cross=aarch64-linux-gnu-
kunitconfig=$KUNITCONFIG
case $kunitconfig in /*) ;; *) kunitconfig=$TREE/$kunitconfig ;; esac
[ -f "$kunitconfig" ] || die "no kunitconfig $kunitconfig (set KUNITCONFIG=path/in/tree)"
command -v "${cross}gcc" >/dev/null || die "no ${cross}gcc (Debian package gcc-aarch64-linux-gnu)"
command -v qemu-system-aarch64 >/dev/null || die "no qemu-system-aarch64 (Debian package qemu-system-arm)"
# kunit.py puts -accel kvm first; KVM hangs guests on these machines. On an
# x86 host qemu-system-aarch64 cannot use it and falls back to TCG; refuse
# to run where it could (an arm64 host).
if qemu-system-aarch64 -accel help 2>/dev/null | grep -qx kvm; then
	die "qemu-system-aarch64 offers KVM here and kunit.py would use it; this script needs TCG"
fi

# Pessimistic until proven otherwise: an interrupted run counts as failed.
write_counts kunit-arm64 0 1 0
write_counts kunit-arm64-splats 0 1 0
rm -f "$json" "$log" "$dir/test.log"
mkdir -p "$dir"

# -cpu max,pauth-impdef=on: pointer authentication with QEMU's cheap hash
# instead of QARMA (the kernel signs every return address: QARMA under TCG is
# slow); a later -cpu overrides kunit.py's "-cpu max". -smp 2 as on x86, so
# the tests and lockdep see two CPUs. panic=-1: a panic ends QEMU at once
# instead of waiting for the timeout.
# Its fragments: configs/kernels.
kunitconfigs=()
while read -r f; do kunitconfigs+=("--kunitconfig=$f"); done < <(kernel_fragments kunit-arm64)
echo "kunit-arm64: ${TREE#"$top"/} + $KUNITCONFIG -> ${dir#"$top"/}"
start=$(date +%s)
rc=0
run_logged "$LOGS/kunit-arm64.log" "kunit.py run --arch=arm64 (build + TCG boot, timeout ${secs}s)" \
	python3 "$TREE/tools/testing/kunit/kunit.py" run \
	--arch=arm64 --cross_compile="$cross" --build_dir="$dir" \
	"${kunitconfigs[@]}" \
	--make_options="CC=${KCC%gcc}${cross}gcc" --make_options=HOSTCC=gcc \
	--jobs="$JOBS" --timeout="$secs" \
	--qemu_args="-smp 2" --qemu_args="-cpu max,pauth-impdef=on" \
	--kernel_args=panic=-1 \
	--json="$json" || rc=$?
elapsed=$(grep -o 'Elapsed time: .*' "$LOGS/kunit-arm64.log" | tail -n 1 || true)
echo "  kunit.py exited with $rc after $(($(date +%s) - start)) s (${elapsed:-no timing line})"
[ -f "$dir/test.log" ] && cp "$dir/test.log" "$log"
grep -h 'invalid accelerator\|falling back' "$log" 2>/dev/null | sed 's/^/  qemu: /' || true
# kunit.py prints make's stderr, so compiler warnings are in its output.
nwarn=$(grep -c 'warning:' "$LOGS/kunit-arm64.log" || true)
echo "  arm64 build: $nwarn warning line(s) in ${LOGS#"$top"/}/kunit-arm64.log"
grep 'warning:' "$LOGS/kunit-arm64.log" | head -n 20 | sed 's/^/    | /' || true

# The counts, from kunit.py's JSON, with every case of the kunitconfig's
# test sources (scripts/kunit-results.py).
out=$("$top/scripts/kunit-results.py" "$TREE" "$KUNITCONFIG" "$json" 2>&1) || true
echo "$out" | sed '$d' | sed 's/^/  /'
read -r passed failed skipped <<<"$(echo "$out" | tail -n 1)" || true
[[ "$passed $failed $skipped" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]] ||
	{ echo "  kunit-arm64: no counts from kunit-results.py"; passed=0 failed=1 skipped=0; }
if grep -q 'timed out after [0-9]* seconds' "$LOGS/kunit-arm64.log"; then
	echo "  kunit-arm64: the run hit kunit.py's timeout (${secs}s)"
	failed=$((failed + 1))
elif [ "$passed" -eq 0 ]; then
	echo "  kunit-arm64: no test passed (see ${LOGS#"$top"/}/kunit-arm64.log)"
	failed=$((failed + 1))
fi
# kunit.py fails for what the JSON may not show (a build error, a crash).
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	echo "  kunit-arm64: kunit.py exited with $rc"
	failed=1
fi
write_counts kunit-arm64 "$passed" "$failed" "$skipped"
echo "kunit-arm64: $passed passed, $failed failed, $skipped skipped (${json#"$top"/})"
if [ "$skipped" -gt 0 ]; then
	echo "  skipped cases and their reasons:"
	grep -E '^(\[[ 0-9.]+\])? *ok [0-9]+ [^ ]+ # SKIP' "$log" |
		sed -E 's/^(\[[ 0-9.]+\])? *ok [0-9]+ /    /' || true
fi

splat=0
if [ -f "$log" ] && "$top/scripts/check-splats.sh" "$log"; then
	write_counts kunit-arm64-splats 1 0 0
else
	write_counts kunit-arm64-splats 0 1 0
	splat=1
fi
[ "$failed" -eq 0 ] && [ $splat -eq 0 ]
