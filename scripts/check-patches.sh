#!/bin/bash
# check-patches.sh: checkpatch.pl --strict (from TREE) on every patch in
# patches/series, one check each; a patch passes only if the upstream
# commits its message names are right too (scripts/check-upstream-ids.py
# against patches/upstream-commits). One more check for the cover letter,
# patches/0000-cover-letter.patch: complete, with the version of its
# changelog and the series' count in its subject and in every patch's
# ([PATCH vN k/n]), To: on every mail, checkpatch-clean, and, with b4
# installed, `b4 send -o` (a dry run) on TREE's branch giving the same
# subjects and To (scripts/series-mail.py; b4 0.12 has no `prep --check`).
# Writes results/checkpatch.counts. (sparse and W=1: scripts/check-sparse.sh.)
#
# UPSTREAM_GIT_DIR=/path/to/linux/.git (a clone of upstream Linux): let
# checkpatch look the ids up there itself, as it does in a kernel tree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
write_counts checkpatch 0 1 0

pass=0 fail=0
names=$("$top/scripts/series-names.sh" "$top/patches")
# The checker must catch a wrong id or subject before its silence means anything.
if ! "$top/scripts/check-upstream-ids.py" --self-test; then
	fail=$((fail + 1))
fi
ids=$LOGS/checkpatch-upstream-ids.log
files=()
for p in $names; do files+=("$top/patches/$p"); done
if [ -n "${UPSTREAM_GIT_DIR:-}" ]; then
	UPSTREAM_GIT_DIR=$(abspath "$UPSTREAM_GIT_DIR")
	export UPSTREAM_GIT_DIR
fi
rc=0
"$top/scripts/check-upstream-ids.py" "$top/patches/upstream-commits" "${files[@]}" >"$ids" 2>&1 || rc=$?
# A crash, an entry no patch names or a broken list belong to no single patch.
if [ $rc -gt 1 ] || { [ $rc -eq 1 ] && [ ! -s "$ids" ]; } ||
	grep -v '^[0-9][0-9][0-9][0-9]-[^:]*\.patch:' "$ids"; then
	echo "  upstream ids FAILED (${ids#"$top"/})"
	fail=$((fail + 1))
fi
# Without upstream history, checkpatch cannot look up the ids of Fixes:
# tags and commit references (UNKNOWN_COMMIT_ID): the base is Debian's
# source package. check-upstream-ids.py has checked them instead.
lookup=(--ignore UNKNOWN_COMMIT_ID)
gitdir=()
if [ -n "${UPSTREAM_GIT_DIR:-}" ]; then
	lookup=()
	gitdir=(env GIT_DIR="$UPSTREAM_GIT_DIR")
fi
# checkpatch FILE: checkpatch.pl --strict on FILE in TREE; its output, and
# "checkpatch exit N" if it fails. Debian's python3 first: checkpatch's SPDX
# check (spdxcheck.py) needs python3-ply and python3-git, which another
# python3 on PATH may lack; a traceback from it fails the check instead of
# passing unnoticed.
checkpatch() {
	(cd "$TREE" && PATH=/usr/bin:$PATH "${gitdir[@]}" ./scripts/checkpatch.pl --strict --no-summary \
		--color=never "${lookup[@]}" "$1") || echo "checkpatch exit $?"
}
# judge NAME LOG: one check, passed unless LOG has a line matching the
# extended regex FAILED_BY.
judge() {
	if ! grep -qE "$FAILED_BY" "$2"; then
		echo "  checkpatch ok:     $1"
		pass=$((pass + 1))
	else
		echo "  checkpatch FAILED: $1 (${2#"$top"/}):"
		sed 's/^/    | /' "$2"
		fail=$((fail + 1))
	fi
}
FAILED_BY='^Traceback|^checkpatch exit|^[0-9]{4}-[^:]*\.patch:'
for p in $names; do
	out=$LOGS/checkpatch-${p%.patch}.log
	checkpatch "$top/patches/$p" >"$out" 2>&1
	grep "^$p:" "$ids" >>"$out" || true
	judge "$p" "$out"
done
out=$LOGS/checkpatch-cover-letter.log
{
	"$top/scripts/series-mail.py" check "$top/patches" || echo "cover letter check exit $?"
	if [ -f "$top/patches/0000-cover-letter.patch" ]; then
		# checkpatch knows a cover letter by its name and checks no diff there.
		checkpatch "$top/patches/0000-cover-letter.patch"
		if command -v b4 >/dev/null; then
			"$top/scripts/series-mail.py" check-b4 "$TREE" "$top/patches" || echo "b4 check exit $?"
		else
			echo "b4 check exit: no b4 (make deps installs it)"
		fi
	fi
} >"$out" 2>&1
FAILED_BY='check exit|^checkpatch exit|^Traceback' judge "0000-cover-letter.patch (and b4 send -o)" "$out"
write_counts checkpatch $pass $fail 0
echo "checkpatch: $pass passed, $fail failed"
[ $fail -eq 0 ]
