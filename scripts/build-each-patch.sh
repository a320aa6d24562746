#!/bin/bash
# build-each-patch.sh: check that every patch of the series builds on its
# own. Checks out base + patch 1, base + patches 1-2, ... in a worktree of
# TREE (build/each) and builds each with configs/build-each.config in one
# build directory (OUT/each), so each step is incremental (W=1 and sparse
# per touched file are `make lint`). Stops at the
# first patch that does not build, naming it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
wt=$top/build/each
dir=$OUT/each

if [ ! -e "$wt/.git" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
fi
commits=$(git -C "$TREE" rev-list --reverse base..scamem)
n=0
for c in $commits; do
	n=$((n + 1))
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$wt" checkout -q --detach "$c"
	log=$LOGS/build-each-$n.log
	# Configured anew each time: options that later patches add appear
	# when they do. Unchanged options leave the build untouched.
	mkdir -p "$dir"
	make -C "$wt" O="$dir" KCONFIG_ALLCONFIG="$top/configs/build-each.config" \
		allnoconfig >"$log" 2>&1
	if make -C "$wt" O="$dir" CC="$KCC" HOSTCC=gcc -j"$JOBS" >>"$log" 2>&1; then
		echo "  builds: $n $subject"
	else
		echo "  FAILED: patch $n ($subject) does not build; ${log#"$top"/}:"
		grep -E "error|warning" "$log" | head -n 20 | sed 's/^/    | /'
		exit 1
	fi
done
echo "build-each: all $n patches build"
