#!/bin/bash
# build-cross.sh [ARCH...]: build-only checks of the series on other
# architectures (default: i386 arm um), none of them booted:
#   i386  32-bit x86 with HIGHMEM and PAE, host gcc (the kernel builds it
#         with -m32; no 32-bit libc needed): pte_special, special-PTE path,
#         KUnit suite and Xen gntdev compiled;
#   arm   ARMv7 without LPAE, Debian's arm-linux-gnueabihf- cross compiler:
#         no ARCH_HAS_PTE_SPECIAL, so scamem_map_pages() is the refcounted
#         fallback, which the script checks in the .config and in mm/scamem.o;
#   um    user-mode Linux on the x86_64 host: no pte_special either.
# Each kernel is allnoconfig + the fragments of cross-ARCH in configs/kernels
# (every option asked for is checked to be in the .config), built in
# OUT/cross-ARCH/series (reused between runs). Checks per architecture, in
# results/cross-ARCH.counts:
#   config    the .config has every requested option, Kconfig printed no warning;
#   arch      the architecture is what the check is about (HIGHMEM and
#             pte_special on i386; no LPAE and no pte_special on arm and um,
#             mm/scamem.o being the fallback that calls vm_insert_pages());
#   build     the full build (make all) succeeds;
#   warnings  the full build prints no warning that the same .config does not
#             get on 7.3.4 (a build of the base worktree, scripts/lib.sh
#             base_worktree, in OUT/cross-ARCH/base, olddefconfig'ed from the
#             series' .config); warnings compare without line numbers;
#   W=1       the files base..HEAD of TREE touches (*.c outside tools/) that this
#             .config compiles, rebuilt with W=1: no warning 7.3.4 does not get.
# The base is built only when the series printed a warning to classify (a
# series build without warnings has none that can be new); CROSS_BASE=always
# builds it anyway. A full build's warnings are kept with a stamp of the tree
# (HEAD, uncommitted changes and untracked files), the .config and the
# compiler: when nothing changed they are reused; when something did, the
# build directory is cleaned (make clean: objects, .s, .lds and the rest)
# and everything is rebuilt (ccache makes that cheap), because an
# incremental build would not print the warnings of what it does not
# regenerate. Logs: logs/cross-ARCH-*.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -gt 0 ] || set -- i386 arm um
files=$(git -C "$TREE" diff --name-only --diff-filter=d base..HEAD -- '*.c' ':!tools')
basetree=""

# The compiler prefix of each architecture (empty: the host's gcc).
cross_of() {
	case $1 in
	i386 | um) echo "" ;;
	arm) echo arm-linux-gnueabihf- ;;
	*) die "unknown architecture $1 (i386, arm, um)" ;;
	esac
}

# tmake TREE DIR ARGS...: kmake (ARCH, CROSS_COMPILE, ccache) in TREE.
tmake() {
	local tree=$1
	shift
	TREE=$tree kmake "$@"
}

# configure DIR: lib.sh configure_kernel with cross-ARCH's fragments
# (configs/kernels; it fails naming every requested option not in
# DIR/.config); here a Kconfig warning fails too. (Called through run_logged.)
# shellcheck disable=SC2317
configure() {
	local out frags
	mapfile -t frags < <(kernel_fragments "cross-$ARCH")
	out=$(configure_kernel "$1" "${frags[@]}" 2>&1) || {
		echo "$out"
		return 1
	}
	echo "$out"
	if echo "$out" | grep -v '^config: ' | grep -qi 'warning'; then
		echo "config: Kconfig warned (above)" >&2
		return 1
	fi
}

# judge CHECK WHAT NOW WAS LOG: the CHECK passes if NOW (the series'
# warnings) has none that WAS (7.3.4's, when base_ok=1) lacks.
judge() {
	local check=$1 what=$2 now=$3 was=$4 log=$5 new old
	if [ -z "$now" ]; then
		echo "  $check ok: $what printed no warning"
		ok
	elif [ "$base_ok" -eq 0 ]; then
		echo "  $check FAILED: $(nlines "$now") warning(s) and no 7.3.4 build to tell new from old:"
		echo "$now" | sed 's/^/    | /'
		bad
	else
		new=$(new_msgs "$now" "$was")
		old=$(($(nlines "$now") - $(nlines "$new")))
		[ $old -eq 0 ] || { echo "  $check pre-existing (7.3.4 gets them too): $old"; new_msgs "$now" "$new" | sed 's/^/    | /'; }
		if [ -z "$new" ]; then
			echo "  $check ok: $what, $old warning(s), none new"
			ok
		else
			echo "  $check FAILED: $(nlines "$new") new warning(s) (${log#"$top"/}):"
			echo "$new" | sed 's/^/    | /'
			bad
		fi
	fi
}

# arch_ok DIR: the property of ARCH this check exists for, in the .config
# and in the object that scamem_map_pages() compiled into.
arch_ok() {
	local dir=$1 cfg=$1/.config obj=$1/mm/scamem.o syms bad=0
	y() { grep -qx "CONFIG_$1=y" "$cfg"; }
	want() {
		if [ "$1" = on ] && ! y "$2"; then
			echo "  arch: CONFIG_$2 is not set, expected =y" >&2
			bad=1
		elif [ "$1" = off ] && y "$2"; then
			echo "  arch: CONFIG_$2=y, expected off" >&2
			bad=1
		fi
	}
	[ -f "$obj" ] || {
		echo "  arch: no ${obj#"$top"/}" >&2
		return 1
	}
	syms=$("${CROSS_COMPILE}nm" "$obj")
	# The special-PTE path defines scamem_vma_maps_other(); the fallback
	# does not, and inserts refcounted pages with vm_insert_pages().
	case $ARCH in
	i386)
		for o in X86_32 HIGHMEM X86_PAE ARCH_HAS_PTE_SPECIAL SCAMEM SCAMEM_MAP SCAMEM_KUNIT_TEST XEN_GNTDEV; do
			want on $o
		done
		echo "$syms" | grep -q ' T scamem_vma_maps_other$' ||
			{ echo "  arch: mm/scamem.o lacks the special-PTE path" >&2; bad=1; }
		[ -f "$dir/lib/tests/scamem_kunit.o" ] ||
			{ echo "  arch: the KUnit suite was not built" >&2; bad=1; }
		;;
	arm | um)
		[ "$ARCH" = um ] || { want off ARM_LPAE; want on XEN_GNTDEV; }
		want off ARCH_HAS_PTE_SPECIAL
		want on SCAMEM
		want off SCAMEM_MAP
		if echo "$syms" | grep -q ' T scamem_vma_maps_other$' ||
			! echo "$syms" | grep -q ' U vm_insert_pages$' ||
			! echo "$syms" | grep -q ' T scamem_map_pages$'; then
			echo "  arch: mm/scamem.o is not the refcounted fallback (nm below)" >&2
			echo "$syms" | grep 'scamem_map_pages\|scamem_vma_maps_other\|vm_insert_pages' >&2 || true
			bad=1
		fi
		;;
	esac
	[ $bad -eq 0 ] || return 1
	if y SCAMEM_MAP; then
		echo "  arch ok: $ARCH has pte_special, mm/scamem.o maps with special PTEs"
	else
		echo "  arch ok: $ARCH has no pte_special and no SCAMEM_MAP; mm/scamem.o is the refcounted vm_insert_pages() fallback"
	fi
}

# warnings TREE DIR: the warning lines of a build log (stdin) without the
# source tree's path, line and column numbers and symbol offsets, sorted:
# what stays the same when the patches move code around.
warnings() {
	local tree=$1 rel
	rel=$(realpath --relative-to="$2" "$tree")
	{ grep -i 'warning:' || true; } | sed -E \
		-e "s#${tree//./\\.}/##g" -e "s#${rel//./\\.}/##g" \
		-e 's#^([^ :]+):[0-9]+(:[0-9]+)?:#\1:#' \
		-e 's#\+0x[0-9a-f]+#+0x#g' -e 's/[[:space:]]+$//' | LC_ALL=C sort
}

# stamp TREE DIR: what a full build's warnings depend on.
stamp() {
	{
		echo "$ARCH ${CROSS_COMPILE:-host}: $("${CROSS_COMPILE}gcc" --version | head -n 1)"
		git -C "$1" rev-parse HEAD
		git -C "$1" diff HEAD | sha256sum
		# Untracked files too (Debian's .gitignore ignores every new one),
		# but not what the selftests' builds leave under tools/.
		(cd "$1" && git ls-files --others -z -- . ':!tools' | LC_ALL=C sort -z | xargs -0 -r sha256sum)
		sha256sum <"$2/.config"
	} | sha256sum | cut -d' ' -f1
}

# full_build TREE DIR WHAT LOG: make all in DIR from no objects, keeping its
# warnings in DIR/scamem-warnings; nothing to do if the stamp is unchanged.
full_build() {
	local tree=$1 dir=$2 what=$3 log=$4 st
	st=$(stamp "$tree" "$dir")
	if [ -f "$dir/vmlinux" ] && [ -f "$dir/scamem-warnings" ] &&
		[ "$(cat "$dir/scamem-build.stamp" 2>/dev/null)" = "$st" ]; then
		echo "  up to date: $what (warnings of its last full build: $(wc -l <"$dir/scamem-warnings"))"
		return 0
	fi
	rm -f "$dir/scamem-build.stamp" "$dir/scamem-warnings"
	run_logged "${log%.log}-clean.log" "clean $what" tmake "$tree" "$dir" clean || return 1
	run_logged "$log" "build $what (-j$JOBS)" tmake "$tree" "$dir" all || return 1
	warnings "$tree" "$dir" <"$log" >"$dir/scamem-warnings"
	echo "$st" >"$dir/scamem-build.stamp"
}

# w1 TREE DIR WHAT LOG OBJ...: rebuild the objects with W=1; print their
# warnings (as warnings() does) on stdout.
w1() {
	local tree=$1 dir=$2 what=$3 log=$4
	shift 4
	(cd "$dir" && rm -f "$@")
	run_logged "$log" "W=1 $what: $# file(s)" tmake "$tree" "$dir" W=1 "$@" >&2 || return 1
	warnings "$tree" "$dir" <"$log"
}

# base_build SERIES-DIR BASE-DIR: the base with the series' .config.
base_build() {
	local sdir=$1 bdir=$2
	[ -n "$basetree" ] || basetree=$(base_worktree)
	mkdir -p "$bdir"
	cp "$sdir/.config" "$bdir/.config"
	tmake "$basetree" "$bdir" olddefconfig >"$LOGS/cross-$ARCH-base-config.log" 2>&1 ||
		{ echo "  base: olddefconfig failed (${LOGS#"$top"/}/cross-$ARCH-base-config.log)"; return 1; }
	echo "  base .config differs from the series' in: $(diff <(grep '^CONFIG_' "$sdir/.config") \
		<(grep '^CONFIG_' "$bdir/.config") | sed -n 's/^[<>] CONFIG_\([^=]*\)=.*/\1/p' | sort -u | tr '\n' ' ')"
	full_build "$basetree" "$bdir" "7.3.4 base $ARCH" "$LOGS/cross-$ARCH-base-build.log"
}

# new_msgs NOW WAS: the lines of NOW that WAS does not have (as multisets).
new_msgs() { LC_ALL=C comm -23 <(echo "$1" | sed '/^$/d') <(echo "$2" | sed '/^$/d'); }
nlines() { echo "$1" | sed '/^$/d' | wc -l; }
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); }

status=0
for arch in "$@"; do
	export ARCH=$arch
	CROSS_COMPILE=$(cross_of "$arch")
	export CROSS_COMPILE
	command -v "${CROSS_COMPILE}gcc" >/dev/null ||
		die "no ${CROSS_COMPILE}gcc (Debian package gcc-${CROSS_COMPILE%-})"
	dir=$OUT/cross-$arch/series
	bdir=$OUT/cross-$arch/base
	write_counts "cross-$arch" 0 1 0
	echo "build-cross $arch: ${TREE#"$top"/} -> ${dir#"$top"/} (${CROSS_COMPILE:-host }gcc)"
	pass=0 fail=0
	if run_logged "$LOGS/cross-$arch-config.log" "configure $arch (allnoconfig + cross-$arch of configs/kernels)" \
		configure "$dir"; then
		ok
	else
		bad
	fi
	if ! full_build "$TREE" "$dir" "series $arch" "$LOGS/cross-$arch-build.log"; then
		bad
		echo "  $arch: the series does not build; arch, warnings and W=1 not checked (counted failed)"
		fail=$((fail + 3))
		write_counts "cross-$arch" $pass $fail 0
		status=1
		continue
	fi
	ok
	if arch_ok "$dir"; then ok; else bad; fi

	# W=1 on the touched files this .config compiles.
	objs=() bobjs=() notbuilt=()
	for f in $files; do
		o=${f%.c}.o
		if [ -f "$dir/$o" ]; then
			objs+=("$o")
			if git -C "$TREE" cat-file -e "base:$f" 2>/dev/null; then
				bobjs+=("$o")
			fi
		else
			notbuilt+=("$f")
		fi
	done
	[ ${#notbuilt[@]} -eq 0 ] || echo "  not compiled on $arch: ${notbuilt[*]}"
	w1_now="" w1_was="" w1_failed=0
	if [ ${#objs[@]} -gt 0 ]; then
		w1_now=$(w1 "$TREE" "$dir" "series $arch" "$LOGS/cross-$arch-w1.log" "${objs[@]}") || w1_failed=1
	fi

	full_now=$(cat "$dir/scamem-warnings")
	base_ok=1
	if [ -n "$full_now$w1_now" ] || [ "${CROSS_BASE:-auto}" = always ]; then
		if base_build "$dir" "$bdir"; then
			full_was=$(cat "$bdir/scamem-warnings")
			have=()
			for o in "${bobjs[@]}"; do
				[ ! -f "$bdir/$o" ] || have+=("$o")
			done
			if [ ${#have[@]} -gt 0 ]; then
				w1_was=$(w1 "$basetree" "$bdir" "7.3.4 base $arch" "$LOGS/cross-$arch-base-w1.log" "${have[@]}") || base_ok=0
			fi
		else
			base_ok=0
		fi
	else
		echo "  the series printed no warning (full build and W=1): nothing to compare with 7.3.4"
		full_was=""
	fi

	judge warnings "the full build" "$full_now" "$full_was" "$LOGS/cross-$arch-build.log"

	if [ $w1_failed -ne 0 ]; then
		echo "  W=1 FAILED: the touched files do not build with W=1"
		bad
	else
		judge W=1 "${#objs[@]} touched file(s)" "$w1_now" "$w1_was" "$LOGS/cross-$arch-w1.log"
	fi
	write_counts "cross-$arch" $pass $fail 0
	echo "cross-$arch: $pass passed, $fail failed"
	[ $fail -eq 0 ] || status=1
done
exit $status
