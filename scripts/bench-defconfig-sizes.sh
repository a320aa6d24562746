#!/bin/bash
# bench-defconfig-sizes.sh DIR: sizeof(struct vm_area_struct), vm_struct and
# vmap_area for 7.3.4 (base worktree) and for the series (TREE), on the
# configurations real users run (issue 11, item 7):
#   defconfig  x86_64 defconfig
#   debian     Debian's own 7.3.4 amd64 config (linux-config-7.3, fetch-base.sh)
#   debiananon the same + CONFIG_ANON_VMA_NAME=y
#   arm64      arm64 defconfig, built with Debian's gcc-aarch64-linux-gnu
# For each, configures OUT/bench-sizes-CONF-{base,series}, runs
# modules_prepare there, compiles bench/sizes/scamem_sizes.c against it and
# reads the sizes with nm -S. Writes DIR/defconfig-{base,series}.log as BENCH
# lines named sizeof_STRUCT_CONF (sizeof_STRUCT_defconfig for defconfig).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$(abspath "$1")
series_tree=$TREE
confs=${SIZES_CONFS:-defconfig debian debiananon arm64}
debian_config=$("$top/scripts/fetch-base.sh" --config amd64_none_amd64)
mkdir -p "$out"

# configure CONF DIR: write DIR/.config for CONF.
configure() {
	local conf=$1 dir=$2
	case $conf in
	defconfig | arm64) kmake "$dir" defconfig ;;
	debian | debiananon)
		xz -dc "$debian_config" >"$dir/.config"
		# Debian's signing keys are not in the source package.
		"$TREE/scripts/config" --file "$dir/.config" \
			--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
			--disable MODULE_SIG_ALL --set-str MODULE_SIG_KEY "certs/signing_key.pem"
		[ "$conf" = debian ] || "$TREE/scripts/config" --file "$dir/.config" --enable ANON_VMA_NAME
		kmake "$dir" olddefconfig
		;;
	*) die "unknown configuration $conf" ;;
	esac
}

for kind in base series; do
	if [ $kind = base ]; then TREE=$(base_worktree); else TREE=$series_tree; fi
	: >"$out/defconfig-$kind.log"
	for conf in $confs; do
		dir=$OUT/bench-sizes-$conf-$kind
		mo=$OUT/bench-sizes/$conf-$kind
		mkdir -p "$dir" "$mo"
		(
			if [ "$conf" = arm64 ]; then
				export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
			fi
			[ -s "$dir/.config" ] || configure "$conf" "$dir"
			kmake "$dir" modules_prepare
			kmake "$dir" M="$top/bench/sizes" MO="$mo" scamem_sizes.o
		)
		nm -S "$mo/scamem_sizes.o" | while read -r _ size _ name; do
			case $name in
			scamem_sizeof_*) echo "BENCH ${name#scamem_}_$conf bytes $((16#$size))" ;;
			esac
		done >>"$out/defconfig-$kind.log"
		grep -q "_$conf bytes" "$out/defconfig-$kind.log" ||
			die "no sizes read from $mo/scamem_sizes.o"
	done
	cat "$out/defconfig-$kind.log"
done
