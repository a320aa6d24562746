#!/bin/bash
# run-trinity.sh: issue 13's trinity run. Debian's trinity (trixie, pinned
# below) runs for TRINITY_SECONDS (default 150) per kernel as an
# unprivileged user (uid/gid 65534, no capabilities) in the guest, aimed at
# the objects that map vmalloc memory with remap_vmalloc_range(): AF_XDP
# rings, bpf ring buffers and user ring buffers, vivid's videobuf2-vmalloc
# buffers and, on the series, its debugfs test file (guest/trinity/: root
# makes the objects, trinity adopts them through placeholder files and an
# LD_PRELOAD shim, a keeper frees and reallocates the owners' buffers while
# trinity maps them; the memory system calls only, see run.sh). Booted on
# the series' debug kernel (TRINITY_KERNEL, default OUT/guest: KASAN,
# lockdep, DEBUG_VM, PAGE_TABLE_CHECK) and on 7.3.4 (TRINITY_BASE_KERNEL,
# default OUT/guest-base), with the guest initramfs (TRINITY_INITRD,
# default OUT/guest-initramfs.cpio.gz) plus an overlay this script packs
# (OUT/trinity-overlay.cpio.gz: trinity, its C library, guest/trinity/).
# Needs make build-guest and the kernels make xen builds.
# Writes results/trinity.log, trinity-base.log and
#   trinity       the series: trinity ran and ended as nobody without
#                 capabilities, no splat, no new taint, root could map every
#                 object, the keeper freed and reallocated buffers, and each
#                 kind of object was mapped at trinity's start-up, and
#                 some fuzzed mmaps of the objects' fds worked
#   trinity-base  the same checks on 7.3.4, counted apart; a splat there is
#                 reported and counted as skipped, not failed
# Knobs: TRINITY_SECONDS, TRINITY_CHILDREN (4), TRINITY_SEED (1),
# TRINITY_SYSCALLS (comma-separated, replaces run.sh's list), TRINITY_MEM
# (4G), TRINITY_KINDS (which kernels: "series base").
set -euo pipefail
. "$(dirname "$0")/lib.sh"
secs=${TRINITY_SECONDS:-150}
series_kernel=${TRINITY_KERNEL:-$OUT/guest}
base_kernel=${TRINITY_BASE_KERNEL:-$OUT/guest-base}
initrd=${TRINITY_INITRD:-$OUT/guest-initramfs.cpio.gz}
# Debian's trinity, at the version guest/trinity/debs.list pins, and its C
# library, fetched and unpacked by scripts/fetch-guest-debs.sh.
fetch_debs() {
	DEBS_LIST=$top/guest/trinity/debs.list DEBS_DIR=$top/build/trinity-debs \
		"$top/scripts/fetch-guest-debs.sh"
}

# The overlay: trinity and libc under /usr, the helper, the shim and the
# guest program /tests/trinity-scamem.
make_overlay() {
	local root=$OUT/trinity-root debroot=$top/build/trinity-debs/root
	local hdrs=$series_kernel/usr/include inc=()
	[ -d "$hdrs" ] && inc=(-isystem "$hdrs")
	rm -rf "$root"
	mkdir -p "$root/usr/bin" "$root/usr/lib" "$root/opt/trinity-scamem" "$root/tests"
	cp -a "$debroot/usr/bin/trinity" "$root/usr/bin/"
	cp -a "$debroot/usr/lib/." "$root/usr/lib/"
	cp -a "$debroot/usr/lib64" "$root/usr/"
	rm -rf "$root"/usr/lib/x86_64-linux-gnu/gconv
	ln -s usr/lib64 "$root/lib64"
	ln -s usr/lib "$root/lib"
	# -I TREE: mm/remap_vmalloc_test.h, the series' test driver's ioctls.
	gcc -static -O2 -Wall -Werror -I "$TREE" "${inc[@]}" \
		-o "$root/opt/trinity-scamem/victims" "$top/guest/trinity/victims.c"
	gcc -shared -fPIC -O2 -Wall -Werror -o "$root/opt/trinity-scamem/shim.so" \
		"$top/guest/trinity/shim.c"
	install -m 755 "$top/guest/trinity/run.sh" "$root/tests/trinity-scamem"
	pack_cpio "$root" 6 >"$OUT/trinity-overlay.cpio.gz"
	cat "$initrd" "$OUT/trinity-overlay.cpio.gz" >"$OUT/trinity-initramfs.cpio.gz"
	echo "trinity overlay: $(du -h "$OUT/trinity-overlay.cpio.gz" | cut -f1)"
}

# The two preparation steps, each run (and logged) as its own process.
case ${1:-} in
--fetch) fetch_debs; exit ;;
--overlay) make_overlay; exit ;;
esac

for kind in ${TRINITY_KINDS:-series base}; do
	case $kind in
	series) write_counts trinity 0 1 0 ;;
	base) write_counts trinity-base 0 1 0 ;;
	*) die "TRINITY_KINDS: series and/or base, not $kind" ;;
	esac
done
[ -f "$initrd" ] || die "no $initrd; run make build-guest"

run_logged "$LOGS/trinity-debs.log" "fetch Debian's trinity" "$0" --fetch
run_logged "$LOGS/trinity-overlay.log" "build the trinity overlay" "$0" --overlay

# boot NAME KERNEL-DIR: one run, console in results/NAME.log.
boot() {
	local name=$1 kdir=$2 append
	append="scamem.tests=trinity-scamem scamem.timeout=$((secs + 600)) scamem.trinity_seconds=$secs"
	[ -z "${TRINITY_CHILDREN:-}" ] || append+=" scamem.trinity_children=$TRINITY_CHILDREN"
	[ -z "${TRINITY_SEED:-}" ] || append+=" scamem.trinity_seed=$TRINITY_SEED"
	[ -z "${TRINITY_COPIES:-}" ] || append+=" scamem.trinity_copies=$TRINITY_COPIES"
	[ -z "${TRINITY_SYSCALLS:-}" ] || append+=" scamem.trinity_syscalls=$TRINITY_SYSCALLS"
	GUEST_KERNEL=$kdir GUEST_INITRD=$OUT/trinity-initramfs.cpio.gz GUEST_MEM=${TRINITY_MEM:-4G} \
		GUEST_TIMEOUT=$((secs + 1200)) GUEST_LOG=$RESULTS/$name.log GUEST_APPEND="$append" \
		"$top/scripts/boot-guest.sh" || echo "$name: QEMU ended with status $?"
}

# check NAME KIND: count the checks of one run into results/NAME.counts.
check() {
	local name=$1 kind=$2 log=$RESULTS/$1.log txt p=0 f=0 s=0 k line start fuzzed sets mapped total
	txt=$(tr -d '\r' <"$log")
	ok() { p=$((p + 1)); echo "$name: ok: $*"; }
	bad() { f=$((f + 1)); echo "$name: FAILED: $*"; }
	skip() { s=$((s + 1)); echo "$name: skipped: $*"; }

	# The summary lines (the log also has one line per placeholder).
	grep -E '^victims: |^trinity-scamem: kind |^# trinity: |Ran [0-9]+ syscalls|Bailing main loop|\(attempted:[0-9]+' \
		<<<"$txt" | grep -v '^victims: .* placeholders; root.s mmap ok$' | sed "s/^/  | /" || true
	if grep -qE 'Ran [0-9]+ syscalls' <<<"$txt" &&
		grep -qx '# trinity: trinity exit 0 after [0-9]* s' <<<"$txt" &&
		grep -qx '# trinity: end' <<<"$txt" && grep -qx GUEST-DONE <<<"$txt"; then
		ok "trinity ran and ended ($(grep -oE 'Ran [0-9]+ syscalls.*' <<<"$txt" | tail -n 1))"
	else
		bad "trinity did not run to the end (log: ${log#"$top"/})"
	fi
	if "$top/scripts/check-splats.sh" "$log"; then
		ok "no splats"
	elif [ "$kind" = base ]; then
		skip "7.3.4 has splats (reported, not counted against the series): ${log#"$top"/}"
	else
		bad "splats in ${log#"$top"/}"
	fi
	# One line per placeholder set (an object may have two: a ring
	# buffer's consumer page and its whole area), each with root's mmap.
	sets=$(grep -c "^victims: .* placeholders; root's mmap " <<<"$txt" || true)
	mapped=$(grep -c "^victims: .* placeholders; root's mmap ok$" <<<"$txt" || true)
	if [ "$sets" -gt 0 ] && [ "$mapped" -eq "$sets" ]; then
		ok "root mapped each of $sets placeholder sets as trinity maps them"
	else
		bad "root mapped $mapped of $sets placeholder sets: $(grep "^victims: .*root's mmap FAILED" <<<"$txt" | awk '{ print $2 }' | paste -sd ' ')"
	fi
	line=$(grep -m1 '^# trinity: credentials: ' <<<"$txt" || true)
	if [[ "$line" =~ Uid:\ 65534\ 65534\ 65534\ 65534\ Gid:\ 65534\ 65534\ 65534\ 65534\ Groups:\ +CapPrm:\ 0+\ CapEff:\ 0+\ CapAmb:\ 0+(\ |$) ]]; then
		ok "trinity ran as nobody, no groups, no capabilities"
	else
		bad "trinity's credentials: ${line:-none seen}"
	fi
	line=$(grep -m1 '^# trinity: tainted: ' <<<"$txt" || true)
	if [[ "$line" =~ tainted:\ ([0-9]+)\ before,\ ([0-9]+)\ after ]] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]; then
		ok "kernel taint unchanged (${BASH_REMATCH[1]})"
	else
		bad "kernel taint: ${line:-not reported}"
	fi
	# The keeper freed and reallocated the owners' buffers while trinity ran.
	line=$(grep -m1 '^victims: keeper: ' <<<"$txt" || true)
	if [[ "$line" =~ keeper:\ ([0-9]+)\ cycles\;\ test\ driver\ buffers\ freed\ ([0-9]+).*video\ buffers\ freed\ ([0-9]+) ]] &&
		[ "${BASH_REMATCH[1]}" -gt 0 ] && [ "${BASH_REMATCH[3]}" -gt 0 ] &&
		{ [ "$kind" = base ] || [ "${BASH_REMATCH[2]}" -gt 0 ]; }; then
		ok "${line#victims: }"
	else
		bad "the keeper: ${line:-no report}"
	fi
	# Per kind of object, as the shim counted: a start-up mmap is needed.
	# trinity's children never aim at the start-up file mappings (trinity
	# 1.9 mm/maps.c: a child's get_map() picks from its own lists, and
	# init_child_mappings() copies only the anonymous ones), only at what
	# their own mmap() calls returned, so the fuzzed mmaps that worked are
	# what puts the objects under the children's memory calls: some are
	# needed, over all kinds. Per kind they are shown, not required: in
	# 150 s on the debug kernel each kind gets 0 to 12 (the user ring
	# buffer had 0 in one of four runs on 2026-12-03), too few to demand.
	# video-node (trinity's own opens of the nodes, no buffers) is shown.
	total=0
	for k in xsk-ring bpf-ringbuf bpf-user-ringbuf vb2-vmalloc remap_vmalloc_test video-node; do
		line=$(grep -m1 "^trinity-scamem: kind $k: " <<<"$txt" || true)
		read -r start fuzzed _ <<<"$(sed -nE 's/.*start-up mmaps ([0-9]+) ok .*fuzzed mmaps ([0-9]+) ok .*on its mappings ([0-9]+)$/\1 \2 \3/p' <<<"$line")"
		line="$k: ${line#*"kind $k: "}"
		total=$((total + ${fuzzed:-0}))
		if [ "$k" = video-node ]; then
			echo "$name: shown: $line"
		elif [ "$k" = remap_vmalloc_test ] && [ "$kind" = base ]; then
			skip "$k: 7.3.4 has no remap_vmalloc_test"
		elif [ "${start:-0}" -gt 0 ]; then
			ok "$line"
		else
			bad "$line"
		fi
	done
	if [ $total -gt 0 ]; then
		ok "$total fuzzed mmaps of the objects worked"
	else
		bad "no fuzzed mmap of the objects worked"
	fi
	line=$(grep "^# trinity: mapped " <<<"$txt" | sed 's/^# trinity: mapped //' | paste -sd ';' || true)
	echo "$name: VMAs seen in trinity's processes: ${line:-none}"
	write_counts "$name" $p $f $s
	echo "$name: $p passed, $f failed, $s skipped"
	[ $f -eq 0 ]
}

rc=0
for kind in ${TRINITY_KINDS:-series base}; do
	if [ "$kind" = series ]; then name=trinity kdir=$series_kernel; else name=trinity-base kdir=$base_kernel; fi
	if [ ! -f "$kdir/arch/x86/boot/bzImage" ]; then
		echo "$name: no kernel in $kdir"
		rc=1
		continue
	fi
	start=$(date +%s)
	boot "$name" "$kdir"
	echo "$name: $(($(date +%s) - start)) s for the boot and the run"
	check "$name" "$kind" || { [ "$kind" = base ] || rc=1; }
done
exit $rc
