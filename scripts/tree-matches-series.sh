#!/bin/bash
# tree-matches-series.sh [--subset]: exit 0 when base..scamem in TREE formats
# to exactly the patches listed in patches/series (same names, same bytes),
# 1 otherwise, printing what differs. With --subset, exit 0 when every commit
# of TREE is in patches/ byte for byte (so resetting TREE loses nothing), e.g.
# TREE is the bare base or stopped part way through the series.
# The cover letter counts too: 0000-cover-letter.patch byte for byte, and
# with --subset the text of branch scamem's description (where `make tree`
# puts it and `b4 prep --edit-cover` edits it) against patches/'s.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cover=0000-cover-letter.patch
mail=$top/scripts/series-mail.py

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if git -C "$TREE" rev-parse -q --verify refs/heads/scamem >/dev/null; then
	if ! "$top/scripts/format-series.sh" "$TREE" "$tmp/tree" "$top/patches/$cover"; then
		echo "branch scamem of $TREE could not be formatted"
		exit 1
	fi
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
	if git -C "$TREE" config --get branch.scamem.description >"$tmp/desc"; then
		if [ ! -f "$top/patches/$cover" ] ||
			! cmp -s <("$mail" text "$top/patches/$cover") <(sed -e '$a\' "$tmp/desc"); then
			echo "the cover letter in $TREE (branch scamem's description) is not patches/$cover's"
			exit 1
		fi
	fi
	exit 0
fi
if ! diff -u <("$top/scripts/series-names.sh" "$tmp/tree") \
	     <("$top/scripts/series-names.sh" "$top/patches") >"$tmp/diff"; then
	echo "commits base..scamem in $TREE and patches/series list different patches:"
	sed 's/^/  /' "$tmp/diff"
	exit 1
fi
same_patches "$top/patches" "differs from its file in patches/" || exit 1
if [ -f "$tmp/tree/$cover" ] || [ -f "$top/patches/$cover" ]; then
	if ! cmp -s "$tmp/tree/$cover" "$top/patches/$cover"; then
		echo "the cover letter of $TREE differs from patches/$cover"
		exit 1
	fi
fi
