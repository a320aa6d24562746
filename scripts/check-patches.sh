#!/bin/bash
# check-patches.sh: checkpatch.pl --strict (from TREE) on every patch in
# patches/series, one check each. Writes results/checkpatch.counts.
# (sparse and W=1: scripts/check-sparse.sh.)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
write_counts checkpatch 0 1 0

pass=0 fail=0
for p in $("$top/scripts/series-names.sh" "$top/patches"); do
	out=$LOGS/checkpatch-${p%.patch}.log
	# Debian's python3 first: checkpatch's SPDX check (spdxcheck.py) needs
	# python3-ply and python3-git, which another python3 on PATH may lack;
	# a traceback from it fails the check instead of passing unnoticed.
	# UNKNOWN_COMMIT_ID: the base is Debian's source package, a tree without
	# upstream history, so checkpatch cannot look up the ids of Fixes: tags.
	if (cd "$TREE" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --no-summary --color=never \
		--ignore UNKNOWN_COMMIT_ID "$top/patches/$p") >"$out" 2>&1 && ! grep -q '^Traceback' "$out"; then
		echo "  checkpatch ok:     $p"
		pass=$((pass + 1))
	else
		echo "  checkpatch FAILED: $p (${out#"$top"/}):"
		sed 's/^/    | /' "$out"
		fail=$((fail + 1))
	fi
done
write_counts checkpatch $pass $fail 0
echo "checkpatch: $pass passed, $fail failed"
[ $fail -eq 0 ]
