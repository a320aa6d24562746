#!/bin/bash
# build-base-guest.sh: build the 7.3.4 baseline guest kernel OUT/guest-base
# from the base worktree (lib.sh base_worktree) with configs/guest.config
# alone: the same initramfs boots on it and on the series' guest kernel, so
# their results can be compared. No debug options: the benchmarks (make bench)
# use this kernel as their baseline, built the same way for the series
# (scripts/build-bench-series.sh); Module.symvers is built for their module.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$OUT/guest-base
TREE=$(base_worktree)
export TREE

echo "build-base-guest: ${TREE#"$top"/} -> ${dir#"$top"/}"
run_logged "$LOGS/guest-base-config.log" "configure 7.3.4 guest kernel" \
	"$top/scripts/configure-kernel.sh" "$dir" \
	"$top/configs/guest.config"
run_logged "$LOGS/guest-base-build.log" "build 7.3.4 guest kernel (-j$JOBS)" kmake "$dir" bzImage modules
