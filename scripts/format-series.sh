#!/bin/bash
# format-series.sh TREE DIR [COVER]: write base..scamem of TREE as git
# format-patch files plus a `series` file and the cover letter
# 0000-cover-letter.patch into DIR (which must be empty or absent).
# The cover letter's text is branch scamem's description in TREE (where
# `make tree` puts it and `b4 prep --edit-cover` edits it), else that of
# COVER (a 0000-cover-letter.patch, patches/'s by default in the callers).
# Its newest "Changes in vN:" gives the version: subjects are
# [PATCH vN k/n]; To/Cc come from get_maintainer.pl (scripts/series-mail.py).
# Every option that could vary with the git version or the user's git config is
# pinned, and nothing depends on the time, so an unchanged branch gives
# byte-identical output. `series` lists the patches only: git am never sees
# the cover letter.
set -euo pipefail
tree=$1 dir=$2 cover=${3:-}
mail=$(dirname "$0")/series-mail.py

mkdir -p "$dir"
text=$(mktemp)
trap 'rm -f "$text"' EXIT
if ! git -C "$tree" config --get branch.scamem.description >"$text"; then
	if [ -z "$cover" ] || [ ! -f "$cover" ]; then
		echo "format-series: branch scamem of $tree has no description and there is no cover letter${cover:+ $cover}" >&2
		exit 1
	fi
	"$mail" text "$cover" >"$text"
fi
if track=$(git -C "$tree" config --get branch.scamem.b4-tracking); then
	"$mail" check-tracking "$text" "$track"
	cid=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["series"]["change-id"])' "$track")
elif [ -n "$cover" ] && [ -f "$cover" ]; then
	cid=$("$mail" change-id "$cover")
else
	echo "format-series: no change-id: branch scamem of $tree has no b4-tracking and there is no cover letter" >&2
	exit 1
fi
git -C "$tree" \
	-c core.abbrev=12 -c diff.algorithm=myers -c diff.renames=true \
	-c diff.noprefix=false -c diff.mnemonicPrefix=false -c diff.relative=false \
	-c diff.suppressBlankEmpty=false -c format.headers= \
	-c format.signature= -c format.outputDirectory= \
	-c format.suffix=.patch -c format.filenameMaxLength=64 -c format.useAutoBase=false \
	-c format.notes=false -c format.forceInBodyFrom=false -c format.mboxrd=false \
	-c format.encodeEmailHeaders=true -c format.subjectPrefix=PATCH \
	-c format.coverFromDescription=message -c i18n.logOutputEncoding=UTF-8 \
	format-patch --quiet --numbered --subject-prefix="$("$mail" prefix "$text")" \
	--no-signature --zero-commit --abbrev=12 \
	--no-thread --no-cover-letter --no-to --no-cc --no-add-header --no-base \
	--stat=72 --summary -o "$dir" base..scamem
patches=()
while IFS= read -r f; do patches+=("$dir/$f"); done < <(cd "$dir" && shopt -s nullglob &&
	for f in [0-9][0-9][0-9][0-9]-*.patch; do [ "$f" = 0000-cover-letter.patch ] || echo "$f"; done | LC_ALL=C sort)
"$mail" address "$tree" "${patches[@]}"
"$mail" cover "$tree" "$text" "$cid" "$dir" >"$dir/0000-cover-letter.patch"
{
	echo "# Applied in this order by \`make tree\`; written by \`make export\`."
	echo "# 0000-cover-letter.patch, the cover letter, is not applied."
	for f in "${patches[@]}"; do echo "${f##*/}"; done
} >"$dir/series"
