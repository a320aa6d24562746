#!/bin/bash
# build-kernel.sh NAME...: configure and build each kernel NAME of
# configs/kernels into OUT/NAME: its tree (the series, TREE, or 7.3.4, the
# base worktree), its fragments merged by the tree's merge_config.sh in strict
# mode (lib.sh configure_kernel), its make targets. Reuses OUT/NAME, so an
# unchanged kernel rebuilds in seconds.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -gt 0 ] || die "usage: build-kernel.sh NAME... (see configs/kernels)"
series_tree=$TREE
for name in "$@"; do
	line=$(kernel_config "$name") || exit 1
	read -r tree targets fragments <<<"$line"
	case $tree in
	series) TREE=$series_tree ;;
	base) TREE=$(base_worktree) ;;
	*) die "configs/kernels: $name: tree is series or base, not $tree" ;;
	esac
	case $targets in
	*/*) die "configs/kernels: $name is built by ${targets#/}, not here" ;;
	esac
	mapfile -t files < <(kernel_fragments "$name")
	dir=$OUT/$name
	echo "build-kernel: $name: ${TREE#"$top"/} + ${fragments// /, } -> ${dir#"$top"/}"
	run_logged "$LOGS/$name-config.log" "configure $name" configure_kernel "$dir" "${files[@]}"
	# shellcheck disable=SC2086 # one word per target
	run_logged "$LOGS/$name-build.log" "build $name: ${targets//,/ } (-j$JOBS)" kmake "$dir" ${targets//,/ }
done
