#!/bin/bash
# build-base-guest.sh: build the 7.3.4 baseline guest kernel OUT/guest-base
# from the base worktree (lib.sh base_worktree) with the series guest kernel's
# fragments minus configs/guest-series.config, so the same initramfs can boot
# on both kernels and their results be compared.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$OUT/guest-base
TREE=$(base_worktree)
export TREE

echo "build-base-guest: ${TREE#"$top"/} -> ${dir#"$top"/}"
run_logged "$LOGS/guest-base-config.log" "configure 7.3.4 guest kernel" \
	"$top/scripts/configure-kernel.sh" "$dir" \
	"$top/configs/guest.config" "$top/configs/debug.config"
run_logged "$LOGS/guest-base-build.log" "build 7.3.4 guest kernel (-j$JOBS)" kmake "$dir" bzImage
