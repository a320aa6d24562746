#!/bin/bash
# tree-matches-series.sh [--subset]: exit 0 when base..scamem in TREE formats
# to exactly the patches listed in patches/series (same names, same bytes),
# 1 otherwise, printing what differs. With --subset, exit 0 when every commit
# of TREE is in patches/ byte for byte (so resetting TREE loses nothing), e.g.
# TREE is the bare base or stopped part way through the series.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if git -C "$TREE" rev-parse -q --verify refs/heads/scamem >/dev/null; then
	"$top/scripts/format-series.sh" "$TREE" "$tmp/tree"
fi
# same_patches DIR WHAT: every patch DIR lists is byte-identical in TREE's
# formatted commits and in patches/; otherwise say which: "commit for P WHAT".
same_patches() {
	local p rc=0
	for p in $("$top/scripts/series-names.sh" "$1"); do
		if ! cmp -s "$tmp/tree/$p" "$top/patches/$p"; then
			echo "commit for $p in $TREE $2"
			rc=1
		fi
	done
	return $rc
}

if [ "${1:-}" = --subset ]; then
	same_patches "$tmp/tree" "is not in patches/ as it is" || exit 1
	exit 0
fi
if ! diff -u <("$top/scripts/series-names.sh" "$tmp/tree") \
	     <("$top/scripts/series-names.sh" "$top/patches") >"$tmp/diff"; then
	echo "commits base..scamem in $TREE and patches/series list different patches:"
	sed 's/^/  /' "$tmp/diff"
	exit 1
fi
same_patches "$top/patches" "differs from its file in patches/" || exit 1
