#!/bin/bash
# guest-results.sh LOG [NAME]: count the guest programs' kselftest TAP results in the
# console log LOG ("ok N", "not ok N", "ok N ... # SKIP") per program, between
# "# guest: running NAME" and "# guest: NAME exit CODE". A program without a
# plan, with missing results, a nonzero exit or no exit line counts one more
# failure; so does a log without GUEST-DONE (hang, crash, timeout).
# Also checks that the guest's `uname -r` starts with 7.3.4.
# Writes results/NAME.counts and results/NAME-version.counts (NAME: guest).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
log=$1
name=${2:-guest}
want=${KERNEL_VERSION:-7.3.4}

table=$(tr -d '\r' <"$log" | awk '
function finish(how) {
	if (cur == "") return
	extra = ""
	if (how != "") { fail++; extra = " [" how "]" }
	else if (plan == 0 && pass + fail + skip == 0) { skip++ }
	else if (plan < 0) { fail++; extra = " [no TAP plan]" }
	else if (pass + fail + skip != plan) { fail++; extra = " [" pass + fail + skip " of " plan " results]" }
	else if (code != 0 && code != 4 && fail == 0) { fail++; extra = " [exit " code "]" }
	printf "  %-24s %3d passed %3d failed %3d skipped  exit %s%s\n", cur, pass, fail, skip, code, extra
	P += pass; F += fail; S += skip; progs++
	cur = ""
}
/^# guest: running / { finish(""); cur = $4; pass = fail = skip = 0; plan = -1; code = "none"; next }
cur != "" && $0 == "# guest: " cur " exit " $NF { code = $NF + 0; finish(""); next }
cur != "" && /^1\.\.[0-9]+/ { plan = substr($1, 4) + 0; next }
cur != "" && /^not ok [0-9]+/ { fail++; next }
cur != "" && /^ok [0-9]+/ { if ($0 ~ /# SKIP/) skip++; else pass++; next }
/^GUEST-DONE/ { done = 1 }
END {
	if (cur != "") finish("no exit line: hung or crashed")
	if (progs == 0) { print "  no guest program ran"; F++ }
	if (!done) { print "  no GUEST-DONE: the guest hung, crashed or timed out"; F++ }
	print "COUNTS", P + 0, F + 0, S + 0
}')
echo "$table" | grep -v '^COUNTS ' || true
read -r _ passed failed skipped < <(echo "$table" | grep '^COUNTS ')
write_counts "$name" "$passed" "$failed" "$skipped"
echo "$name: $passed passed, $failed failed, $skipped skipped"

release=$(tr -d '\r' <"$log" | sed -n 's/^# guest: kernel //p' | head -n 1)
if [ "${release#"$want"}" != "$release" ]; then
	write_counts "$name-version" 1 0 0
	echo "$name: kernel $release reports $want"
else
	write_counts "$name-version" 0 1 0
	echo "$name: kernel release '${release:-unknown}' does not start with $want"
fi
[ "$failed" -eq 0 ] && [ "${release#"$want"}" != "$release" ]
