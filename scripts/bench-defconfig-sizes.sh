#!/bin/bash
# bench-defconfig-sizes.sh DIR: sizeof(struct vm_area_struct), vm_struct and
# vmap_area on x86_64 defconfig, for 7.3.4 (base worktree) and for the series
# (TREE): configures OUT/bench-defconfig-{base,series}, runs modules_prepare
# there, compiles bench/sizes/scamem_sizes.c against each and reads the sizes
# with nm -S. Writes DIR/defconfig-{base,series}.log as "BENCH" lines.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$(abspath "$1")
series_tree=$TREE
mkdir -p "$out"
for kind in base series; do
	if [ $kind = base ]; then TREE=$(base_worktree); else TREE=$series_tree; fi
	dir=$OUT/bench-defconfig-$kind
	mo=$OUT/bench-sizes/$kind
	mkdir -p "$dir" "$mo"
	kmake "$dir" defconfig
	kmake "$dir" modules_prepare
	kmake "$dir" M="$top/bench/sizes" MO="$mo" scamem_sizes.o
	nm -S "$mo/scamem_sizes.o" | while read -r _ size _ name; do
		case $name in
		scamem_sizeof_*) echo "BENCH ${name#scamem_}_defconfig bytes $((16#$size))" ;;
		esac
	done >"$out/defconfig-$kind.log"
	[ -s "$out/defconfig-$kind.log" ] || die "no sizes read from $mo/scamem_sizes.o"
	cat "$out/defconfig-$kind.log"
done
