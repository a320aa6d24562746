#!/bin/bash
# format-series.sh TREE DIR: write base..scamem of TREE as git format-patch
# files plus a `series` file into DIR (which must be empty or absent).
# Every option that could vary with the git version or the user's git config is
# pinned, so an unchanged branch gives byte-identical output.
set -euo pipefail
tree=$1 dir=$2

mkdir -p "$dir"
git -C "$tree" \
	-c core.abbrev=12 -c diff.algorithm=myers -c diff.renames=true \
	-c diff.noprefix=false -c diff.mnemonicPrefix=false -c diff.relative=false \
	-c diff.suppressBlankEmpty=false -c format.headers= \
	-c format.signature= -c format.outputDirectory= \
	-c format.suffix=.patch -c format.filenameMaxLength=64 -c format.useAutoBase=false \
	-c format.notes=false -c format.forceInBodyFrom=false -c format.mboxrd=false \
	-c format.encodeEmailHeaders=true -c format.subjectPrefix=PATCH \
	-c format.coverFromDescription=message -c i18n.logOutputEncoding=UTF-8 \
	format-patch --quiet --no-numbered --no-signature --zero-commit --abbrev=12 \
	--no-thread --no-cover-letter --no-to --no-cc --no-add-header --no-base \
	--stat=72 --summary -o "$dir" base..scamem
{
	echo "# Applied in this order by \`make tree\`; written by \`make export\`."
	(cd "$dir" && shopt -s nullglob && for f in *.patch; do echo "$f"; done | LC_ALL=C sort)
} >"$dir/series"
