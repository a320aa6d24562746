#!/bin/bash
# run-xen.sh: the Xen stage of make test. Boots Debian's Xen 4.17 under QEMU
# (scripts/boot-xen.sh) with the series' Xen dom0 kernel (the guest kernel's
# options without KASAN, guest-xen in configs/kernels) as PV dom0, which runs
# tools/testing/selftests/xen/gntdev_loopback from the guest's initramfs,
# with guest/kmod/gup_delay.ko stretching GUP's window for its race test; then
# the same, without gup_delay, with the 7.3.4 guest kernel
# (guest-base in configs/kernels).
# Writes results/xen*.counts:
#   xen          the programs' results on the series (0 failures), from
#                dom0's KTAP document (results/xen.ktap, scripts/ktap.py)
#   xen-version  dom0 reports 7.3.4
#   xen-pv       dom0 really ran as a Xen PV guest
#   xen-splats   no splat from Linux (check-splats.sh) or Xen in the log
#   xen-gup-delay  gup_delay delayed at least every vmsplice() that
#                gup_vs_dontneed got through
#   xen-same     the per-test results on 7.3.4 are the same as on the series
set -euo pipefail
. "$(dirname "$0")/lib.sh"
log=$RESULTS/xen.log
base_log=$RESULTS/xen-base.log
for c in xen xen-version xen-pv xen-splats xen-same xen-gup-delay; do write_counts $c 0 1 0; done

# Xen's own trouble: its BUG/WARN/assertions, a crashed domain, a panic.
xen_splats() {
	tr -d '\r' <"$1" | grep -E '^\(XEN\).*(WARN|BUG|Assertion|FATAL|[Cc]rash|Panic|Xen call trace|Xen stack trace)' || true
}
# The per-test results of a run, "pass|fail|skip fixture.test", from dom0's
# KTAP document (its own serial port: no kernel message lands in it).
results_of() {
	"$top/scripts/ktap.py" results "${1%.log}.ktap" | grep ' gntdev\.[a-z0-9_]*$' || true
}

# The results of the tests before pin_across_munmap, and of the rest: from
# pin_across_munmap on, the tests cover what the series fixes in 7.3.4.
results_before_pin() {
	results_of "$1" | sed '/ gntdev\.pin_across_munmap$/,$d'
}
results_from_pin() {
	results_of "$1" | sed -n '/ gntdev\.pin_across_munmap$/,$p'
}

run_logged "$LOGS/xen-fetch.log" "fetch Xen hypervisor" "$top/scripts/fetch-xen.sh"
ok=1
run_logged "$LOGS/xen-guest-build.log" "build Xen dom0 kernel" "$top/scripts/build-kernel.sh" guest-xen || ok=0

# The series' dom0 builds gntdev as a module (configs/xen-dom0.config). Its
# modules and guest/kmod's gup_delay.ko go in an initramfs appended to the
# guest's, with /tests/xen_modules, which loads them before gntdev_loopback
# and reports after it how often gup_delay widened GUP's window.
xen_modules() {
	local root=$OUT/xen-modules-root
	rm -rf "$root" "$OUT/gup-delay"
	mkdir -p "$root/tests" "$OUT/gup-delay"
	# (set -e does not hold in a function called with ||.)
	kmake "$OUT/guest-xen" INSTALL_MOD_PATH="$root" modules_install || return
	kmake "$OUT/guest-xen" M="$top/guest/kmod" MO="$OUT/gup-delay" W=1 modules || return
	kmake "$OUT/guest-xen" M="$top/guest/kmod" MO="$OUT/gup-delay" \
		INSTALL_MOD_PATH="$root" modules_install || return
	# Links to this host's build directory.
	rm -f "$root"/lib/modules/*/build "$root"/lib/modules/*/source
	install -m 755 "$top/guest/kmod/xen-modules.sh" "$root/tests/xen_modules" || return
	{
		cat "$OUT/guest-initramfs.cpio.gz"
		pack_cpio "$root"
	} >"$OUT/xen-initramfs.cpio.gz"
}
if run_logged "$LOGS/xen-modules.log" "build dom0 modules and gup_delay.ko" xen_modules; then
	XEN_INITRD=$OUT/xen-initramfs.cpio.gz XEN_TESTS=xen_modules+gntdev_loopback+xen_modules \
		"$top/scripts/boot-xen.sh" "$OUT/guest-xen" "$log" || ok=0
else
	ok=0
fi
# gup_delay must have delayed each vmsplice() that gup_vs_dontneed got
# through: if GUP stopped going through try_grab_folio() there (GUP-fast
# taking these pages, say), the race test would pass by luck again.
ktap=${log%.log}.ktap
# (No document at all, when dom0 never booted, is none of either.)
delivered=$(sed -n 's/.*gup_vs_dontneed: \([0-9]*\) vmsplice delivered.*/\1/p' "$ktap" 2>/dev/null | tail -n 1) || true
delays=$(sed -n 's/.*gup_delay delayed GUP \([0-9]*\) times.*/\1/p' "$ktap" 2>/dev/null | tail -n 1) || true
if [ -n "$delivered" ] && [ -n "$delays" ] && [ "$delivered" -gt 0 ] && [ "$delays" -ge "$delivered" ]; then
	write_counts xen-gup-delay 1 0 0
	echo "xen: gup_delay delayed GUP $delays times; gup_vs_dontneed got $delivered vmsplice() through"
else
	echo "xen: gup_delay delayed GUP ${delays:-?} times, fewer than the ${delivered:-?} vmsplice() calls gup_vs_dontneed got through"
	ok=0
fi
"$top/scripts/guest-results.sh" "$ktap" xen || ok=0
if tr -d '\r' <"$log" | grep -q 'Hypervisor detected: Xen PV'; then
	write_counts xen-pv 1 0 0
else
	echo "xen: dom0 did not boot as a Xen PV guest"
	ok=0
fi
splats=$(xen_splats "$log")
if "$top/scripts/check-splats.sh" "$log" && [ -z "$splats" ]; then
	write_counts xen-splats 1 0 0
else
	[ -z "$splats" ] || echo "$splats" | head -n 40 | sed 's/^/    | /'
	ok=0
fi

# The same program on 7.3.4: every test before pin_across_munmap
# must end the same way, and 7.3.4's log must be as clean as the series' up to it.
# Its hazard (the zap drops references it never took, the grant stays mapped)
# is what the series closes: what 7.3.4 prints from there on is shown, not
# counted.
pin='RUN +gntdev\.pin_across_munmap'
if run_logged "$LOGS/xen-base-build.log" "build 7.3.4 guest kernel" "$top/scripts/build-kernel.sh" guest-base; then
	"$top/scripts/boot-xen.sh" "$OUT/guest-base" "$base_log" || echo "xen: 7.3.4 run ended with status $?"
	before=$LOGS/xen-base-before-pin.log
	tr -d '\r' <"$base_log" | sed -E -n "1,/$pin/p" >"$before"
	clean=1
	if ! "$top/scripts/check-splats.sh" "$before" >/dev/null || [ -n "$(xen_splats "$before")" ]; then
		echo "xen: the 7.3.4 log has splats before pin_across_munmap: ${before#"$top"/}"
		clean=0
	fi
	hazard=$(tr -d '\r' <"$base_log" | sed -E "1,/$pin/d" | grep -E 'WARNING:|BUG:|Oops|panic' | sort | uniq -c | head -n 8)
	if [ -n "$hazard" ]; then
		echo "xen: 7.3.4 from pin_across_munmap on (not counted):"
		echo "$hazard" | sed 's/^/    | /'
	fi
	# pin_across_munmap itself is left out too: 7.3.4 may die in it before
	# it prints its result (an Oops in the deferred unmap), or after.
	if [ $clean -eq 1 ] && [ -n "$(results_of "$log")" ] &&
		diff <(results_before_pin "$base_log") <(results_before_pin "$log") >"$LOGS/xen-same.diff"; then
		write_counts xen-same 1 0 0
		echo "xen: 7.3.4 and the series end the $(results_before_pin "$log" | wc -l) tests before pin_across_munmap the same way"
		echo "xen: from pin_across_munmap on (the series' fixes; not counted), 7.3.4 / series:"
		awk 'FILENAME == ARGV[1] { r = $0; sub(/ [^ ]*$/, "", r); base[$NF] = r; next }
			{ r = $0; sub(/ [^ ]*$/, "", r)
			  printf "    | %-34s %-7s / %s\n", $NF, ($NF in base) ? base[$NF] : "-", r }' \
			<(results_from_pin "$base_log") <(results_from_pin "$log")
	else
		echo "xen: results differ from 7.3.4 (< 7.3.4, > series):"
		sed 's/^/    | /' "$LOGS/xen-same.diff"
		ok=0
	fi
else
	echo "xen: the 7.3.4 guest kernel did not build"
	ok=0
fi
[ $ok -eq 1 ]
