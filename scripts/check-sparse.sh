#!/bin/bash
# check-sparse.sh: sparse (C=2, with the sparse install-sparse.sh provides)
# and W=1 on every .c file under LINT_DIRS (default: mm lib drivers fs) that
# base..scamem touches, in the guest kernel's build (which has the KUnit
# suites too) when it compiles it; run
# after the builds. A message that the file does not get at base (built from
# a worktree of the base, same .config) fails its check: the series must add
# no warning, while those 7.3.4 already has are reported, not counted. One
# check per file; writes results/sparse.counts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
basetree=$(base_worktree)
write_counts sparse 0 1 0

files=$(git -C "$TREE" diff --name-only --diff-filter=d base..scamem -- '*.c')
touched=()
for f in $files; do
	for d in ${LINT_DIRS:-mm lib drivers fs}; do
		case $f in "$d"/*) touched+=("$f") ;; esac
	done
done
if [ ${#touched[@]} -eq 0 ]; then
	write_counts sparse 0 0 0
	echo "sparse+W=1: no touched C files"
	exit 0
fi

# base_dir BUILD: a build directory of the base (a worktree at tag base)
# with BUILD's .config, for the messages 7.3.4 already gets.
base_dir() {
	local build=$1 bdir
	bdir=$OUT/lint-base-$(basename "$1")
	if ! cmp -s "$build/.config" "$bdir/.config.from"; then
		mkdir -p "$bdir"
		cp "$build/.config" "$bdir/.config"
		cp "$build/.config" "$bdir/.config.from"
		make -C "$basetree" O="$bdir" CC="$KCC" HOSTCC=gcc olddefconfig \
			>"$LOGS/lint-base-config.log" 2>&1
	fi
	echo "$bdir"
}

# sparse_msgs TREE BUILD FILE: FILE's warnings and errors, without locations.
sparse_msgs() {
	local tree=$1 build=$2 f=$3 log=$4
	rm -f "$build/${f%.c}.o"
	make -C "$tree" O="$build" CC="$KCC" HOSTCC=gcc -j"$JOBS" C=2 W=1 \
		CHECK="$SPARSE" "${f%.c}.o" >"$log" 2>&1 || return 1
	{ grep -E "(^|/)$f:[0-9]+(:[0-9]+)?: (warning|error)" "$log" || true; } |
		sed -E 's/^.*: (warning|error): /\1: /' | LC_ALL=C sort
}

pass=0 fail=0 skip=0
for f in "${touched[@]}"; do
	obj=${f%.c}.o
	# Lint in the build that compiles the file (the guest kernel, which
	# has the KUnit suites too); this runs after the builds.
	build=""
	[ ! -e "$OUT/guest/$obj" ] || build=$OUT/guest
	if [ -z "$build" ]; then
		echo "  sparse+W=1 skipped: $f (no build compiles it)"
		skip=$((skip + 1))
		continue
	fi
	log=$LOGS/sparse-$(echo "${f%.c}" | tr / -).log
	blog=$LOGS/sparse-base-$(echo "${f%.c}" | tr / -).log
	if ! now=$(sparse_msgs "$TREE" "$build" "$f" "$log"); then
		echo "  sparse+W=1 FAILED: $f does not build (${log#"$top"/})"
		tail -n 20 "$log" | sed 's/^/    | /'
		fail=$((fail + 1))
		continue
	fi
	was=""
	if [ -e "$basetree/$f" ] || git -C "$TREE" cat-file -e "base:$f" 2>/dev/null; then
		was=$(sparse_msgs "$basetree" "$(base_dir "$build")" "$f" "$blog") || was=""
	fi
	new=$(LC_ALL=C comm -23 <(echo "$now" | sed '/^$/d') <(echo "$was" | sed '/^$/d'))
	old=$(echo "$now" | sed '/^$/d' | wc -l)
	if [ -z "$new" ]; then
		echo "  sparse+W=1 ok:     $f in ${build#"$top"/} ($old message(s), none new)"
		pass=$((pass + 1))
	else
		echo "  sparse+W=1 FAILED: $f: new messages (${log#"$top"/}):"
		echo "$new" | sed 's/^/    | /'
		fail=$((fail + 1))
	fi
done
write_counts sparse $pass $fail $skip
echo "sparse+W=1: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
