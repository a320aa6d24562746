#!/bin/bash
# install-sparse.sh: make sure a sparse that understands __typeof_unqual__
# (which Linux 7.3's C=2 requires) is available. Debian 12's sparse 0.6.4 is
# too old and the newer binary package needs a newer glibc, so, when the
# system's sparse fails the check, build sparse from Debian's unstable source
# package (fetched with apt-get source through a private apt configuration,
# like fetch-base.sh) into build/tools/sparse/sparse, which lint then uses.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tool_dir="$top/build/tools/sparse"
apt_dir="$top/build/apt-sid"
# The source package, pinned: another upload to sid fails the fetch with a
# message instead of changing the lint.
version=$SPARSE_SOURCE_VERSION

probe=$(mktemp --suffix=.c)
trap 'rm -f "$probe"' EXIT
echo 'static inline int u(const int *q) { __typeof_unqual__(*q) v = *q; return v; }' >"$probe"
works() {
	local out
	[ -x "$(command -v "$1" 2>/dev/null)" ] || return 1
	# Not piped into grep -q: with pipefail, sparse dying of SIGPIPE when
	# grep has found "error" and quit would read as success.
	out=$("$1" --arch=x86_64 -m64 "$probe" 2>&1 || true)
	! grep -q error <<<"$out"
}

if works sparse; then
	echo "sparse: system sparse is new enough"
	exit 0
fi
# A sparse built here before is used if it was built from the pinned source.
if works "$tool_dir/sparse" && [ "$(cat "$tool_dir/version" 2>/dev/null)" = "$version" ]; then
	echo "sparse: using ${tool_dir#"$top"/}/sparse ($version)"
	exit 0
fi

echo "sparse: system sparse lacks __typeof_unqual__; building Debian unstable's sparse"
src=$(debian_source sid deb-src)
private_apt "$apt_dir" "$src" -q update >/dev/null
rm -rf "$apt_dir/src"
mkdir -p "$apt_dir/src"
(cd "$apt_dir/src" && private_apt "$apt_dir" "$src" -q --download-only source "sparse=$version" >/dev/null) ||
	die "sid has no sparse source $version (gone after a new upload, or no network): set SPARSE_SOURCE_VERSION in configs/versions to sid's (https://tracker.debian.org/pkg/sparse)"
mkdir "$apt_dir/src/tree"
tar -C "$apt_dir/src/tree" --strip-components=1 -xzf "$apt_dir"/src/sparse_*.orig.tar.*
make -C "$apt_dir/src/tree" -j"$(nproc)" HAVE_LLVM=no HAVE_LIBXML=no HAVE_SQLITE=no HAVE_GTK=no \
	sparse >"$apt_dir/build.log" 2>&1 || { tail -n 20 "$apt_dir/build.log" >&2; exit 1; }
mkdir -p "$tool_dir"
cp "$apt_dir/src/tree/sparse" "$tool_dir/sparse"
works "$tool_dir/sparse" || { echo "sparse: the built sparse still fails the check" >&2; exit 1; }
echo "$version" >"$tool_dir/version"
dsc=("$apt_dir"/src/*.dsc)
echo "sparse: built ${tool_dir#"$top"/}/sparse from ${dsc[*]##*/}"
