#!/bin/bash
# summarize-results.sh STAGE...: add up results/STAGE.counts ("passed failed
# skipped") of each named stage; a stage without a counts file (build failed,
# crashed, never ran) counts as one failure. Prints a table, then exactly one
# final line "N passed, M failed[, K skipped]"; exits 1 if M > 0.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
P=0 F=0 S=0
echo "==== summary ===="
for s in "$@"; do
	if [ -f "$RESULTS/$s.counts" ]; then
		read -r p f k <"$RESULTS/$s.counts"
		note=""
	else
		p=0 f=1 k=0 note="  (no results: did not build or run)"
	fi
	printf '  %-14s %4d passed %4d failed %4d skipped%s\n' "$s" "$p" "$f" "$k" "$note"
	P=$((P + p)) F=$((F + f)) S=$((S + k))
done
if [ -f "$RESULTS/times" ]; then
	echo "  wall time per stage (s): $(awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}' "$RESULTS/times")"
fi
line="$P passed, $F failed"
[ $S -eq 0 ] || line+=", $S skipped"
echo "$line"
[ $F -eq 0 ]
