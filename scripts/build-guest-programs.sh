#!/bin/bash
# build-guest-programs.sh: build the static guest test programs into
# OUT/guest-programs: every guest/*.c (kselftest_harness.h comes from
# TREE/tools/testing/selftests, UAPI headers from OUT/guest/usr/include);
# then upstream's selftests/mm and selftests/xen with their own Makefiles
# (scripts/build-kselftests.sh), which the guest runs with run_kselftest.sh
# (guest/settings).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dest=$OUT/guest-programs
hdrs=$OUT/guest/usr/include
[ -d "$hdrs" ] || die "no $hdrs; run make build-guest"
rm -rf "$dest"
mkdir -p "$dest"

# -I TREE: headers shared with kernel test drivers, e.g. "mm/remap_vmalloc_test.h".
# GUEST_CFLAGS: extra flags, split at spaces.
read -r -a extra <<<"${GUEST_CFLAGS:-}"
# KERNEL_VERSION_PREFIX: what smoke expects `uname -r` to start with.
cflags=(-static -O2 -Wall -pthread -I "$TREE/tools/testing/selftests" -I "$TREE" -isystem "$hdrs"
	-DKERNEL_VERSION_PREFIX="\"$BASE_VERSION\"" "${extra[@]}")
build() { # NAME SOURCE... [FLAGS...]
	local name=$1
	shift
	echo "cc $name: $*"
	gcc "${cflags[@]}" -o "$dest/$name" "$@"
}

for src in "$top"/guest/*.c; do
	[ -e "$src" ] || continue
	build "$(basename "$src" .c)" "$src"
done
echo "built: $(ls "$dest" | tr '\n' ' ')"
"$top/scripts/build-kselftests.sh"
