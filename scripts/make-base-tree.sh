#!/bin/bash
# Unpack the verified base tarball (BASE_PACKAGE of configs/versions) into a git work tree (argument,
# relative to the repo top; default build/linux), commit it as the base and tag
# it "base". Does nothing if the tag already exists.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# BASE_PACKAGE, BASE_VERSION, BASE_DEB_VERSION
# shellcheck source=../configs/versions
. "$top/configs/versions"
tree=${1:-build/linux}
case $tree in /*) ;; *) tree="$top/$tree" ;; esac

if [ -e "$tree/.git" ] && git -C "$tree" rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	echo "make-base-tree: $tree already has tag base"
	exit 0
fi

deb=$(ls "$top"/build/download/"$BASE_PACKAGE"_*.deb)
stage="$tree.unpack"
rm -rf "$stage" "$tree"
mkdir -p "$stage"
dpkg-deb -x "$deb" "$stage"
mkdir -p "$tree"
tar -C "$tree" --strip-components=1 -xJf "$stage/usr/src/$BASE_PACKAGE.tar.xz"
rm -rf "$stage"

cd "$tree"
# Debian's top-level .gitignore ends with "/*" (ignore everything) and lacks
# upstream's exceptions for tracked dot-files. Drop the tail, restore the
# exceptions, and force-add: the tarball is pristine source, nothing generated.
sed -i '/^# Debian packaging/,$d' .gitignore
cat >> .gitignore <<'IGN'

# We don't want to ignore the following even if they are dot-files
!.clang-format
!.clippy.toml
!.cocciconfig
!.editorconfig
!.get_maintainer.ignore
!.gitattributes
!.gitignore
!.kunitconfig
!.mailmap
!.pylintrc
!.rustfmt.toml
!/Documentation/.renames.txt
IGN
git init -q -b scamem
git config user.name "scamem base"
git config user.email "scamem@localhost"
git config core.autocrlf false
git config gc.auto 0
git add -A -f .
GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z" \
	git commit -q -m "Linux $BASE_VERSION (Debian $BASE_PACKAGE $BASE_DEB_VERSION)"
git tag base
echo "make-base-tree: committed $(git ls-files | wc -l) files as tag base"
