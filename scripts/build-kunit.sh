#!/bin/bash
# build-kunit.sh: build the KUnit kernel OUT/kunit from TREE with the tree's
# kunitconfig (KUNITCONFIG, a path inside TREE), configs/kunit.config and the
# debug matrix configs/debug.config.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$OUT/kunit
kunitconfig=$KUNITCONFIG
case $kunitconfig in /*) ;; *) kunitconfig=$TREE/$kunitconfig ;; esac
[ -f "$kunitconfig" ] || die "no kunitconfig $kunitconfig (set KUNITCONFIG=path/in/tree)"

echo "build-kunit: ${TREE#"$top"/} + $KUNITCONFIG -> ${dir#"$top"/}"
run_logged "$LOGS/kunit-config.log" "configure KUnit kernel" \
	"$top/scripts/configure-kernel.sh" "$dir" "$kunitconfig" \
	"$top/configs/kunit.config" "$top/configs/debug.config"
run_logged "$LOGS/kunit-build.log" "build KUnit kernel (-j$JOBS)" kmake "$dir" bzImage
