#!/bin/bash
# boot-guest.sh [--live]: boot OUT/guest (or GUEST_KERNEL, a build directory)
# with OUT/guest-initramfs.cpio.gz under QEMU (TCG) with a timeout
# (GUEST_TIMEOUT, default 900 s); the console goes to GUEST_LOG (default
# build/results/guest.log), and with --live also to the terminal as it comes.
# GUEST_APPEND adds to the kernel command line, GUEST_MEM sets the memory
# (default 2G), GUEST_INITRD another initramfs, GUEST_KTAP the file for the
# second serial port (ttyS1), where guest/init.sh writes its KTAP document
# (default: GUEST_LOG with .ktap for .log). Exits with QEMU's status (124:
# timed out).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
img=${GUEST_KERNEL:-$OUT/guest}/arch/x86/boot/bzImage
initrd=${GUEST_INITRD:-$OUT/guest-initramfs.cpio.gz}
log=${GUEST_LOG:-$RESULTS/guest.log}
secs=${GUEST_TIMEOUT:-900}
ktap=${GUEST_KTAP:-${log%.log}.ktap}
rm -f "$ktap"
qemu_args=(-m "${GUEST_MEM:-2G}" -smp 2 -kernel "$img" -initrd "$initrd" -serial "file:$ktap")
[ -f "$img" ] && [ -f "$initrd" ] || die "no $img or $initrd; run make build-guest"

append="console=ttyS0 panic=-1 $(sed 's/#.*//' "$top/guest/cmdline" 2>/dev/null | tr '\n' ' ') ${GUEST_APPEND:-}"
# Live (make run): demo mode, and only warnings and worse from the kernel.
[ "${1:-}" = --live ] && append+=" scamem.demo loglevel=5"
echo "  boot guest (TCG, timeout ${secs}s)        log: ${log#"$top"/}"
start=$(date +%s)
rc=0
if [ "${1:-}" = --live ]; then
	: >"$log"
	qemu_boot "$log" "$secs" "${qemu_args[@]}" -append "$append" &
	qemu=$!
	# A background job ignores Ctrl-C here: stop it if this script is
	# interrupted, then die of the same signal, so that callers stop too.
	stop() {
		pkill -TERM -P "$qemu" 2>/dev/null || true
		kill "$qemu" 2>/dev/null || true
		trap - "$1"
		kill -"$1" $$
	}
	trap 'stop INT' INT
	trap 'stop TERM' TERM
	tail -n +1 -f --pid=$qemu "$log" | tr -d '\r'
	wait $qemu || rc=$?
	trap - INT TERM
else
	qemu_boot "$log" "$secs" "${qemu_args[@]}" -append "$append" || rc=$?
fi
echo "  QEMU exited with $rc after $(($(date +%s) - start)) s"
exit $rc
