# shellcheck shell=bash
# Common settings for the workbench scripts; sourced, not run.
# Every path is derived from the repo top so a fresh clone works anywhere.
# The Makefile exports TREE, OUT, JOBS, KUNITCONFIG; the defaults here match it.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

abspath() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$top/$1" ;;
	esac
}

# Versions and Debian suites: BASE_VERSION, BASE_DEB_VERSION, ...
# shellcheck source=../configs/versions
. "$top/configs/versions"

TREE=$(abspath "${TREE:-build/linux}")
OUT=$(abspath "${OUT:-build/out}")
JOBS=${JOBS:-$(nproc)}
KUNITCONFIG=${KUNITCONFIG:-lib/tests/scamem.kunitconfig}
RESULTS=$(abspath "${RESULTS:-build/results}")
LOGS=$(abspath "${LOGS:-build/logs}")
# x86_64 unless a caller sets another (scripts/build-cross.sh).
export ARCH=${ARCH:-x86_64}

# ccache when present; a persistent cache outside build/ survives `make clean`.
if command -v ccache >/dev/null 2>&1; then
	KCC="ccache gcc"
	export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
	# Paths below the repo top hash as relative ones: a second clone hits.
	export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$top}
else
	KCC=gcc
fi

# The same kernel image from every clone and every rebuild: the build's
# date, number, user and host go into the version string, which the kernel
# also mixes into its random state at boot; with these fixed, a benchmark's
# instruction counts repeat from one clone to the next.
export KBUILD_BUILD_TIMESTAMP=${KBUILD_BUILD_TIMESTAMP:-2026-01-01 00:00:00 UTC}
export KBUILD_BUILD_VERSION=${KBUILD_BUILD_VERSION:-1}
export KBUILD_BUILD_USER=${KBUILD_BUILD_USER:-scamem}
export KBUILD_BUILD_HOST=${KBUILD_BUILD_HOST:-workbench}

# sparse for C=2 (check-sparse.sh): the one install-sparse.sh built, if the
# system's is too old.
export SPARSE=sparse
[ -x "$top/build/tools/sparse/sparse" ] && SPARSE="$top/build/tools/sparse/sparse"

mkdir -p "$RESULTS" "$LOGS"

# kmake DIR ARGS...: make in TREE with build directory DIR; for another
# architecture, set ARCH and CROSS_COMPILE (the compiler is ${CROSS_COMPILE}gcc).
kmake() {
	local dir=$1
	shift
	make -C "$TREE" O="$dir" CC="${KCC%gcc}${CROSS_COMPILE:-}gcc" HOSTCC=gcc -j"$JOBS" "$@"
}

# kernel_config NAME: NAME's line of configs/kernels without the name: its
# tree (series or base), targets and fragments, or fail if there is none.
kernel_config() {
	awk -v n="$1" '!/^#/ && $1 == n { $1 = ""; print substr($0, 2); f = 1 } END { exit !f }' \
		"$top/configs/kernels" || die "configs/kernels has no kernel $1"
}

# kernel_fragments NAME: the paths of NAME's fragments (configs/kernels), one
# a line; "kunitconfig" is TREE's KUNITCONFIG.
kernel_fragments() {
	local fragments f
	fragments=$(kernel_config "$1" | awk '{ $1 = $2 = ""; print }')
	for f in $fragments; do
		case $f in
		kunitconfig) case $KUNITCONFIG in /*) echo "$KUNITCONFIG" ;; *) echo "$TREE/$KUNITCONFIG" ;; esac ;;
		*) echo "$top/configs/$f.config" ;;
		esac
	done
}

# configure_kernel DIR FRAGMENT...: configure build directory DIR for TREE
# (ARCH, CROSS_COMPILE) as allnoconfig plus the fragments, with the tree's
# merge_config.sh in strict mode: it fails if a fragment changes a value an
# earlier one set, or if a value asked for is not in DIR/.config (a missing
# dependency), naming it. It also fails, without naming it, on a
# "# CONFIG_X is not set" for a symbol that is not visible: those are named
# here. Its make runs without KCC: Kconfig sees the same gcc, without ccache.
configure_kernel() {
	local dir f rc=0 sym frags=()
	dir=$(abspath "$1")
	shift
	for f in "$@"; do
		[ -f "$f" ] || die "no config fragment $f"
		frags+=("$(abspath "$f")")
	done
	mkdir -p "$dir"
	(cd "$TREE" && scripts/kconfig/merge_config.sh -n -s -O "$dir" "${frags[@]}") || rc=$?
	if [ $rc -ne 0 ] && [ -f "$dir/.config" ]; then
		for sym in $(sed -n 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1/p' "${frags[@]}"); do
			grep -q "^$sym=\|^# $sym is not set" "$dir/.config" ||
				echo "config: $sym is asked to be not set, but it is not visible in this kernel (drop the line)" >&2
		done
	fi
	return $rc
}

# pack_cpio DIR [LEVEL]: DIR as a gzipped newc initramfs on stdout, files in
# sorted order, owned by root, without the host's inode numbers (gzip -LEVEL,
# default 9).
pack_cpio() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --reproducible --quiet) |
		gzip -"${2:-9}"n
}

# The number of lines in RESULTS/errors (0 if there is none).
errors_so_far() {
	if [ -f "$RESULTS/errors" ]; then wc -l <"$RESULTS/errors"; else echo 0; fi
}

# run_logged LOG WHAT CMD...: run CMD with all output in LOG and one progress
# line on the terminal; on failure print the tail of LOG, add a line to
# RESULTS/errors (the summary's ERROR lines) and return the status.
run_logged() {
	local log=$1 what=$2 start rc=0 beat='' errs
	shift 2
	errs=$(errors_so_far)
	start=$(date +%s)
	printf '  %-40s log: %s\n' "$what" "${log#"$top"/}"
	# At a terminal, a heartbeat every 15 s: the time so far and the log's
	# last line (the object being built). It ends with this shell.
	if [ -t 1 ]; then
		(
			trap 'kill $! 2>/dev/null; exit 0' TERM
			while { sleep 15 & wait $!; } && kill -0 $$ 2>/dev/null; do
				printf '\r\033[K    %ss: %.70s' "$(($(date +%s) - start))" "$(tail -n 1 "$log" 2>/dev/null)"
			done
		) &
		beat=$!
	fi
	"$@" >"$log" 2>&1 || rc=$?
	if [ -n "$beat" ]; then
		kill "$beat" 2>/dev/null || true
		wait "$beat" 2>/dev/null || true
		printf '\r\033[K'
	fi
	if [ $rc -ne 0 ]; then
		# For the summary: a step that failed to build, fetch or pack,
		# unless a run_logged inside it has said so already.
		[ "$(errors_so_far)" -gt "$errs" ] ||
			echo "$what (exit $rc): ${log#"$top"/}" >>"$RESULTS/errors"
		echo "  FAILED: $what (exit $rc, $(($(date +%s) - start)) s); last lines of $log:" >&2
		tail -n 40 "$log" | sed 's/^/    | /' >&2
		return $rc
	fi
	echo "  done:   $what ($(($(date +%s) - start)) s)"
}

# write_counts NAME PASSED FAILED SKIPPED: a stage's contribution to the summary.
write_counts() {
	echo "$2 $3 $4" >"$RESULTS/$1.counts"
}

# qemu_boot LOG TIMEOUT QEMU-ARGS...: boot under TCG (this host's KVM hangs
# guests), serial console into LOG. Returns QEMU's status (124 on timeout).
qemu_boot() {
	local log=$1 secs=$2 bios=()
	shift 2
	# qboot boots Linux fast; QEMU_BIOS=default keeps SeaBIOS (multiboot).
	[ -e /usr/share/qemu/qboot.rom ] && [ "${QEMU_BIOS:-}" != default ] && bios=(-bios qboot.rom)
	local cmd=(qemu-system-x86_64 -accel tcg -nodefaults "${bios[@]}" -display none -no-reboot -serial stdio "$@")
	# The command line, to run it again by hand, as the log's first line.
	echo "# qemu: ${cmd[*]@Q}" >"$log"
	# --foreground: timeout and QEMU stay in the terminal's process group,
	# so Ctrl-C reaches them (timeout forwards it to QEMU).
	timeout --foreground -k 10 "$secs" "${cmd[@]}" </dev/null >>"$log" 2>&1
}

# debian_source SUITE [TYPE]: the sources.list line of SUITE's main on
# DEBIAN_MIRROR, TYPE deb (default) or deb-src.
debian_source() {
	echo "${2:-deb} [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $DEBIAN_MIRROR $1 main"
}

# private_apt DIR SOURCES-LINE APT-GET-ARGS...: apt-get with its own sources
# list (the one line given), package lists and cache under DIR, so the
# system's apt configuration is never read or changed. Its output goes to
# LOGS/apt.log; on failure the end of it is shown.
private_apt() {
	local dir=$1 src=$2 rc=0
	shift 2
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	echo "$src" >"$dir/sources.list"
	echo "== apt-get $* ($src)" >>"$LOGS/apt.log"
	apt-get -o "Dir::Etc::sourcelist=$dir/sources.list" -o "Dir::Etc::sourceparts=-" \
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" \
		-o "APT::Get::List-Cleanup=0" -o "Debug::NoLocking=1" \
		-o "APT::Sandbox::User=root" "$@" >>"$LOGS/apt.log" 2>&1 || rc=$?
	if [ $rc -ne 0 ]; then
		echo "apt-get $* failed ($rc); the end of ${LOGS#"$top"/}/apt.log:" >&2
		tail -n 20 "$LOGS/apt.log" | sed 's/^/    | /' >&2
	fi
	return $rc
}

# base_worktree: print the path of a worktree of TREE at tag base (7.3.4 as
# Debian ships it), adding it on first use.
base_worktree() {
	local wt=$top/build/linux-base
	if [ ! -e "$wt/.git" ]; then
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$wt" base
	fi
	echo "$wt"
}

# bench_kernel_dir KIND: the build directory of a kernel make bench compares,
# KIND base (7.3.4, guest-base of configs/kernels) or series (bench-series).
bench_kernel_dir() {
	case $1 in
	base) echo "$OUT/guest-base" ;;
	series) echo "$OUT/bench-series" ;;
	*) die "KIND is base or series, not $1" ;;
	esac
}

die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}
