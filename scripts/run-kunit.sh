#!/bin/bash
# run-kunit.sh [FILTER_GLOB]: the tree's KUnit suites (KUNITCONFIG), built into
# the guest kernel OUT/guest (configs/kernels; they run at boot only when
# asked), run by the tree's own `kunit.py exec`: it boots the kernel bare under
# TCG (configs/kunit-qemu-x86_64.py), parses the KTAP and writes
# results/kunit.json. scripts/kunit-results.py counts the JSON, wanting a
# result for every case of the kunitconfig's test sources; the console log
# (results/kunit.log) is scanned for kernel splats. FILTER_GLOB (kunit.py's:
# SUITE or SUITE.CASE, globs allowed) runs part of them; KUNIT_APPEND adds to
# the kernel command line. A run that hit the timeout, or that kunit.py
# calls failed, counts one failure more. Writes results/kunit.counts and
# results/kunit-splats.counts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$OUT/guest
log=$RESULTS/kunit.log
json=$RESULTS/kunit.json
secs=${KUNIT_TIMEOUT:-900}
[ -f "$dir/arch/x86/boot/bzImage" ] || die "no $dir/arch/x86/boot/bzImage; run make build-guest"
kunitconfig=$KUNITCONFIG
case $kunitconfig in /*) ;; *) kunitconfig=$TREE/$kunitconfig ;; esac

# Pessimistic until proven otherwise: an interrupted run counts as failed.
write_counts kunit 0 1 0
write_counts kunit-splats 0 1 0
rm -f "$json" "$log" "$dir/test.log"

# kunit.py runs in TREE (it changes there): every path absolute. It stops
# QEMU after --timeout (SIGTERM, then it waits) and parses what came; it
# prints QEMU's command line. timeout(1) bounds the whole in case QEMU
# ignores the SIGTERM; --foreground keeps Ctrl-C reaching kunit.py.
start=$(date +%s)
echo "  kunit.py exec on ${dir#"$top"/} (TCG, timeout ${secs}s)  log: ${log#"$top"/}"
rc=0
read -r -a append <<<"${KUNIT_APPEND:-}"
args=()
for a in "${append[@]}"; do args+=("--kernel_args=$a"); done
PATH=$top/scripts:$PATH timeout --foreground -k 10 $((secs + 120)) \
	python3 "$TREE/tools/testing/kunit/kunit.py" exec \
	--build_dir="$dir" --kunitconfig="$kunitconfig" \
	--qemu_config="$top/configs/kunit-qemu-x86_64.py" \
	--timeout="$secs" --json="$json" "${args[@]}" ${1:+"$1"} >"$RESULTS/kunit-parse.txt" 2>&1 || rc=$?
echo "  kunit.py exited with $rc after $(($(date +%s) - start)) s"
[ ! -f "$dir/test.log" ] || cp "$dir/test.log" "$log"
grep -E -B8 '^\[[0-9:]+\] +\[(FAILED|CRASHED)\]' "$RESULTS/kunit-parse.txt" | head -n 60 | sed 's/^/    /' || true
# The counts, from the JSON, with every case of the kunitconfig's test
# sources (all of them only without a filter).
want=()
[ $# -eq 0 ] || want=(--filtered="$1")
out=$("$top/scripts/kunit-results.py" "${want[@]}" "$TREE" "$KUNITCONFIG" "$json" 2>&1) || true
echo "$out" | sed '$d' | sed 's/^/  /'
read -r passed failed skipped <<<"$(echo "$out" | tail -n 1)" || true
[[ "$passed $failed $skipped" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]] ||
	{ echo "  kunit: no counts from kunit-results.py"; passed=0 failed=1 skipped=0; }
if [ $((passed + failed + skipped)) -eq 0 ]; then
	echo "  kunit: no test results in $log"
	failed=$((failed + 1))
fi
# A kernel that hangs after its last result (in kunit_shutdown, say) still
# gave every result: the timeout is what tells.
if [ "$rc" -eq 124 ] || grep -q 'timed out after [0-9]* seconds' "$RESULTS/kunit-parse.txt"; then
	echo "  kunit: the run hit the timeout (${secs}s)"
	failed=$((failed + 1))
elif [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	echo "  kunit: kunit.py exited with $rc, and no failure was counted"
	failed=$((failed + 1))
fi
write_counts kunit "$passed" "$failed" "$skipped"
echo "kunit: $passed passed, $failed failed, $skipped skipped (see ${RESULTS#"$top"/}/kunit-parse.txt)"

splat=0
if [ -f "$log" ] && "$top/scripts/check-splats.sh" "$log"; then
	write_counts kunit-splats 1 0 0
else
	write_counts kunit-splats 0 1 0
	splat=1
fi
[ "$failed" -eq 0 ] && [ $splat -eq 0 ]
