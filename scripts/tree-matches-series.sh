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
if [ "${1:-}" = --subset ]; then
	rc=0
	for p in $("$top/scripts/series-names.sh" "$tmp/tree"); do
		if ! cmp -s "$tmp/tree/$p" "$top/patches/$p"; then
			echo "commit for $p in $TREE is not in patches/ as it is"
			rc=1
		fi
	done
	exit $rc
fi
if ! diff -u <("$top/scripts/series-names.sh" "$tmp/tree") \
	     <("$top/scripts/series-names.sh" "$top/patches") >"$tmp/diff"; then
	echo "commits base..scamem in $TREE and patches/series list different patches:"
	sed 's/^/  /' "$tmp/diff"
	exit 1
fi
rc=0
for p in $("$top/scripts/series-names.sh" "$top/patches"); do
	if ! cmp -s "$tmp/tree/$p" "$top/patches/$p"; then
		echo "commit for $p in $TREE differs from patches/$p"
		rc=1
	fi
done
exit $rc
