#!/bin/bash
# guest-results.sh KTAP [NAME]: count the guest programs' results in the KTAP
# document guest/init.sh wrote (scripts/ktap.py count: each program's
# results at their deepest level; a program without a plan, with missing
# results or a nonzero exit, one with no result line (hung, crashed) and a
# document whose plan has programs left count one more failure each), and
# check that the guest's `uname -r` (its "# guest: kernel" line) starts
# with BASE_VERSION (configs/versions). Writes results/NAME.counts and results/NAME-version.counts
# (NAME: guest).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ktap=$1
name=${2:-guest}
want=${KERNEL_VERSION:-$BASE_VERSION}

out=$("$top/scripts/ktap.py" count "$ktap") || true
echo "$out" | sed '$d'
read -r passed failed skipped < <(echo "$out" | tail -n 1) || true
[[ "$passed $failed $skipped" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]] || { echo "$name: no counts from ktap.py"; passed=0 failed=1 skipped=0; }
write_counts "$name" "$passed" "$failed" "$skipped"
echo "$name: $passed passed, $failed failed, $skipped skipped (${ktap#"$top"/})"

release=$(sed -n 's/^# guest: kernel \([^\r]*\).*/\1/p' "$ktap" 2>/dev/null | head -n 1) || true
if [ "${release#"$want"}" != "$release" ]; then
	write_counts "$name-version" 1 0 0
	echo "$name: kernel $release reports $want"
else
	write_counts "$name-version" 0 1 0
	echo "$name: kernel release '${release:-unknown}' does not start with $want"
fi
[ "$failed" -eq 0 ] && [ "${release#"$want"}" != "$release" ]
