#!/bin/bash
# apply-series.sh: make TREE (default build/linux) hold exactly the base plus
# patches/series: ensure the base exists, reset branch scamem to tag base and
# `git am --3way` each listed patch, stopping loudly at one that does not apply.
# Refuses (unless FORCE=1) when TREE has uncommitted changes or commits that
# patches/ does not hold byte for byte, so that no work is lost: run
# `make export` first.
#
# The cover letter, patches/0000-cover-letter.patch, is not applied: its text
# becomes branch scamem's description, with b4's tracking data, so that
# `b4 prep --edit-cover`, `b4 prep -p` and `b4 send -o` work on the branch
# (b4's branch-description strategy, docs/posting.md); `make export` writes
# it back.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
rel=${TREE#"$top"/}
cover=$top/patches/0000-cover-letter.patch

if ! { [ -e "$TREE/.git" ] && git -C "$TREE" rev-parse -q --verify refs/tags/base >/dev/null; }; then
	"$top/scripts/fetch-base.sh"
	"$top/scripts/make-base-tree.sh" "$TREE"
fi

# set_cover: store the cover letter where b4 prep keeps it.
set_cover() {
	[ ! -f "$cover" ] || "$top/scripts/series-mail.py" store "$TREE" "$cover"
}

if [ "${FORCE:-0}" != 1 ]; then
	gitdir=$(git -C "$TREE" rev-parse --absolute-git-dir)
	if [ -d "$gitdir/rebase-apply" ] || [ -d "$gitdir/rebase-merge" ]; then
		die "a git am/rebase is in progress in $rel; finish or abort it (or FORCE=1)"
	fi
	if [ -n "$(git -C "$TREE" status --porcelain)" ]; then
		git -C "$TREE" status --short | head -n 20 >&2
		die "$rel has uncommitted changes; commit them and run \`make export\` first (or FORCE=1 to discard)"
	fi
	if ! "$top/scripts/tree-matches-series.sh" --subset >&2; then
		die "$rel has commits (or a cover letter) that patches/ does not hold: to keep them run \`make export\` first; if patches/ is the newer one (say after a git pull), FORCE=1 make tree discards them"
	fi
	# Already base + the series and checked out: leave it (and its mtimes) alone.
	if "$top/scripts/tree-matches-series.sh" >/dev/null &&
		[ "$(git -C "$TREE" symbolic-ref -q --short HEAD || true)" = scamem ]; then
		set_cover
		echo "tree: $rel already is base + $("$top"/scripts/series-names.sh "$top/patches" | wc -l) patches (FORCE=1 to re-apply)"
		exit 0
	fi
fi

git -C "$TREE" am --abort >/dev/null 2>&1 || true
git -C "$TREE" checkout -q -f -B scamem base

ident=()
git -C "$TREE" config user.email >/dev/null || ident=(-c user.name=scamem -c user.email=scamem@localhost)
n=0
for p in $("$top/scripts/series-names.sh" "$top/patches"); do
	[ -f "$top/patches/$p" ] || die "patches/series lists $p, which does not exist"
	if ! git -C "$TREE" "${ident[@]}" -c am.messageid=false -c am.keepcr=false \
		am -q --3way "$top/patches/$p"; then
		git -C "$TREE" am --abort || true
		die "patch $p does not apply to $rel (branch scamem is left at base plus the $n patches before it)"
	fi
	n=$((n + 1))
done
set_cover
note=
[ ! -f "$cover" ] || note=", the cover letter in its description"
echo "tree: $rel branch scamem = base + $n patches$note"

if ! "$top/scripts/tree-matches-series.sh" >/dev/null; then
	echo "tree: note: \`make export\` would rewrite patches/ (format differs from what it writes)"
fi
