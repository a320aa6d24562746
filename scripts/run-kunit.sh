#!/bin/bash
# run-kunit.sh: boot OUT/kunit under QEMU (TCG) with a timeout, keep the console
# in build/results/kunit.log, parse it with kunit.py parse (JSON in
# results/kunit.json), count it with scripts/kunit-results.py (which also
# wants a result for every case of the kunitconfig's test sources), and
# scan it for kernel splats. Writes results/kunit.counts and results/kunit-splats.counts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
img=$OUT/kunit/arch/x86/boot/bzImage
log=$RESULTS/kunit.log
secs=${KUNIT_TIMEOUT:-600}
[ -f "$img" ] || die "no $img; run make build-kunit"

# Pessimistic until proven otherwise: an interrupted run counts as failed.
write_counts kunit 0 1 0
write_counts kunit-splats 0 1 0

# kunit_shutdown=reboot with -no-reboot ends QEMU without needing ACPI.
start=$(date +%s)
echo "  boot KUnit kernel (TCG, timeout ${secs}s)  log: ${log#"$top"/}"
rc=0
qemu_boot "$log" "$secs" -m 1G -smp 2 -kernel "$img" \
	-append "console=ttyS0 kunit.enable=1 kunit_shutdown=reboot panic=-1 ${KUNIT_APPEND:-}" || rc=$?
echo "  QEMU exited with $rc after $(($(date +%s) - start)) s"

python3 "$TREE/tools/testing/kunit/kunit.py" parse --json="$RESULTS/kunit.json" "$log" >"$RESULTS/kunit-parse.txt" 2>&1 || true
grep -E -B8 '^\[[0-9:]+\] +\[(FAILED|CRASHED)\]' "$RESULTS/kunit-parse.txt" | head -n 60 | sed 's/^/    /' || true
# The counts, from the JSON, with every case of the kunitconfig's test sources.
out=$("$top/scripts/kunit-results.py" "$TREE" "$KUNITCONFIG" "$RESULTS/kunit.json" 2>&1) || true
echo "$out" | sed '$d' | sed 's/^/  /'
read -r passed failed skipped <<<"$(echo "$out" | tail -n 1)" || true
[[ "$passed $failed $skipped" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]] ||
	{ echo "  kunit: no counts from kunit-results.py"; passed=0 failed=1 skipped=0; }
if [ "$rc" -eq 124 ]; then
	echo "  kunit: QEMU timed out after ${secs}s"
	failed=$((failed + 1))
elif [ $((passed + failed + skipped)) -eq 0 ]; then
	echo "  kunit: no test results in $log"
	failed=$((failed + 1))
fi
write_counts kunit "$passed" "$failed" "$skipped"
echo "kunit: $passed passed, $failed failed, $skipped skipped (see ${RESULTS#"$top"/}/kunit-parse.txt)"

splat=0
if "$top/scripts/check-splats.sh" "$log"; then
	write_counts kunit-splats 1 0 0
else
	write_counts kunit-splats 0 1 0
	splat=1
fi
[ "$failed" -eq 0 ] && [ $splat -eq 0 ]
