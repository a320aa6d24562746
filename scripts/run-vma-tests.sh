#!/bin/bash
# run-vma-tests.sh: build and run tools/testing/vma, the userspace test of
# mm/vma.c and mm/vma_init.c (which the series changes), from TREE. Counts its
# "N tests run, P passed, F failed" line; writes results/vma.counts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
write_counts vma 0 1 0
run_logged "$LOGS/vma-build.log" "build tools/testing/vma" make -C "$TREE/tools/testing/vma" -j"$JOBS"
rc=0
"$TREE/tools/testing/vma/vma" >"$RESULTS/vma.log" 2>&1 || rc=$?
line=$(grep -E '^[0-9]+ tests run, [0-9]+ passed, [0-9]+ failed' "$RESULTS/vma.log" | tail -n 1)
[ -n "$line" ] || die "no result line in ${RESULTS#"$top"/}/vma.log (exit $rc)"
read -r _ _ _ passed _ failed _ <<<"$(echo "$line" | tr ',' ' ')"
write_counts vma "$passed" "$failed" 0
echo "vma: $line"
[ "$failed" -eq 0 ] && [ $rc -eq 0 ]
