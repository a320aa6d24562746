#!/bin/bash
# summarize-results.sh STAGE...: add up results/STAGE.counts ("passed failed
# skipped") of each named stage; a stage without a counts file (build failed,
# crashed, never ran) counts as one failure. Prints a table, then each
# failure: FAIL for a stage whose tests failed, with its log, and ERROR for a
# stage without results and for each step that did not build, fetch or pack
# (RESULTS/errors, written by run_logged), each FAIL followed by the first
# lines of results/STAGE.failed if the stage wrote one (the names of what
# failed: CI shows only the tail of the output); then exactly one final line
# "N passed, M failed[, K skipped]"; exits 1 if M > 0.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
P=0 F=0 S=0
failures=()
# The log of stage NAME: results/NAME.log, else results/NAME.tsv, else that
# of NAME without its last words one at a time (xen-same: xen.log,
# kunit-arm64-splats: kunit-arm64.log), else the stage's own below.
log_of() {
	local f n=$1
	while :; do
		for f in "$RESULTS/$n.log" "$RESULTS/$n.tsv"; do
			[ -f "$f" ] && { echo "${f#"$top"/}"; return; }
		done
		[ "$n" != "${n%-*}" ] || break
		n=${n%-*}
	done
	case $1 in
	mm-stress) f=$RESULTS/mm-debug.log ;;
	mm-selftests-runs) f=$RESULTS/mm-series.log ;;
	cross-*) f=$LOGS/$1-build.log ;;
	checkpatch) f=$LOGS/checkpatch-upstream-ids.log ;;
	*) f=$LOGS/$1.log ;;
	esac
	[ -f "$f" ] && echo "${f#"$top"/}" || echo "no log; see the stage's output above"
}
echo "==== summary ===="
for s in "$@"; do
	if [ -f "$RESULTS/$s.counts" ]; then
		read -r p f k <"$RESULTS/$s.counts"
		note=""
		if [ "$f" -ne 0 ]; then
			failures+=("  FAIL   $s: $f failed ($(log_of "$s"))")
			if [ -s "$RESULTS/$s.failed" ]; then
				while IFS= read -r l; do failures+=("         $l"); done < <(head -n 10 "$RESULTS/$s.failed")
				n=$(wc -l <"$RESULTS/$s.failed")
				[ "$n" -le 10 ] || failures+=("         ... and $((n - 10)) more")
			fi
		fi
	else
		p=0 f=1 k=0 note="  (no results: did not build or run)"
		failures+=("  ERROR  $s: no results, did not build or run ($(log_of "$s"))")
	fi
	printf '  %-14s %4d passed %4d failed %4d skipped%s\n' "$s" "$p" "$f" "$k" "$note"
	P=$((P + p)) F=$((F + f)) S=$((S + k))
done
if [ -s "$RESULTS/errors" ]; then
	while IFS= read -r e; do failures+=("  ERROR  $e"); done <"$RESULTS/errors"
fi
if [ ${#failures[@]} -gt 0 ]; then
	echo "failures:"
	printf '%s\n' "${failures[@]}"
fi
if [ -f "$RESULTS/times" ]; then
	echo "  wall time per stage (s): $(awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}' "$RESULTS/times")"
fi
line="$P passed, $F failed"
[ $S -eq 0 ] || line+=", $S skipped"
echo "$line"
[ $F -eq 0 ]
