#!/bin/bash
# export-series.sh: write base..scamem of TREE (default build/linux) to
# patches/ as git format-patch files plus `series`, replacing the old ones.
# Deterministic: exporting an unchanged branch leaves patches/ byte-identical.
# The cover letter, 0000-cover-letter.patch, comes from branch scamem's
# description (b4 prep's place for it; `make tree` puts it there), or, when
# the branch has none, from patches/ as it is.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
rel=${TREE#"$top"/}

git -C "$TREE" rev-parse -q --verify refs/tags/base >/dev/null || die "$rel has no tag base"
git -C "$TREE" rev-parse -q --verify refs/heads/scamem >/dev/null || die "$rel has no branch scamem"
[ "$(git -C "$TREE" symbolic-ref -q --short HEAD || true)" = scamem ] ||
	echo "export: warning: HEAD of $rel is not branch scamem; exporting scamem anyway" >&2
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	echo "export: warning: $rel has uncommitted changes; only commits are exported" >&2

mkdir -p "$top/build"
tmp=$(mktemp -d "$top/build/patches.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$top/scripts/format-series.sh" "$TREE" "$tmp" "$top/patches/0000-cover-letter.patch"
rm -f "$top"/patches/*.patch "$top/patches/series"
mv "$tmp"/* "$top/patches/"
# The branch description as make tree leaves it (with the To/Cc trailers
# that b4 send reads), so that b4 sees what patches/ says.
"$top/scripts/series-mail.py" store "$TREE" "$top/patches/0000-cover-letter.patch"
echo "export: $("$top"/scripts/series-names.sh "$top/patches" | wc -l) patches and the cover letter from $rel to patches/"
