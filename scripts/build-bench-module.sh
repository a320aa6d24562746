#!/bin/bash
# build-bench-module.sh: build the benchmark module (bench/kmod) out of tree
# against each benchmark kernel: the 7.3.4 one (base worktree, OUT/guest-base)
# into OUT/bench-kmod/base and the series' one (TREE, OUT/bench-series) into
# OUT/bench-kmod/series. The source directory stays clean (kbuild's MO=).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
series_tree=$TREE
for kind in base series; do
	if [ $kind = base ]; then TREE=$(base_worktree); else TREE=$series_tree; fi
	dir=$(bench_kernel_dir $kind)
	[ -f "$dir/Module.symvers" ] || die "no $dir/Module.symvers; build that kernel first"
	mo=$OUT/bench-kmod/$kind
	rm -rf "$mo"
	mkdir -p "$mo"
	kmake "$dir" M="$top/bench/kmod" MO="$mo" W=1 modules
	[ -f "$mo/scamem_bench.ko" ] || die "no $mo/scamem_bench.ko"
	echo "module: ${mo#"$top"/}/scamem_bench.ko for $(cat "$dir/include/config/kernel.release")"
done
