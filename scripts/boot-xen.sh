#!/bin/bash
# boot-xen.sh KERNEL-DIR LOG: boot Debian's Xen hypervisor (build/xen/xen.elf,
# scripts/fetch-xen.sh) under QEMU (TCG) with KERNEL-DIR's bzImage as PV dom0
# and XEN_INITRD (default OUT/guest-initramfs.cpio.gz) as its initramfs; dom0
# runs only the guest programs named by XEN_TESTS (default gntdev_loopback;
# A+B for two: the command line cannot hold a comma).
# Xen's and dom0's consoles both go to the first serial port (COM1, Xen's),
# into LOG; dom0's /init writes its KTAP document to the second (ttyS1 in
# dom0), into XEN_KTAP (default: LOG with .ktap for .log). Timeout
# XEN_TIMEOUT (default 600 s). Exits with QEMU's status (124: timed out).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
img=$(abspath "$1")/arch/x86/boot/bzImage
log=$(abspath "$2")
xen=$top/build/xen/xen.elf
initrd=$(abspath "${XEN_INITRD:-$OUT/guest-initramfs.cpio.gz}")
secs=${XEN_TIMEOUT:-600}
ktap=$(abspath "${XEN_KTAP:-${log%.log}.ktap}")
rm -f "$ktap"
[ -f "$xen" ] || die "no $xen; run scripts/fetch-xen.sh"
[ -f "$img" ] && [ -f "$initrd" ] || die "no $img or $initrd"

# Xen: serial console, a fixed dom0 size, all log levels (so that Xen's own
# warnings reach the log). QEMU's -no-reboot ends the run when dom0 reboots.
xen_args="console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M dom0_max_vcpus=2"
xen_args+=" loglvl=all guest_loglvl=all"
# dom0: no commas (QEMU splits multiboot modules at commas). guest/cmdline as
# in the bare guest: it also keeps lib/test_vmalloc.c's boot-time run short.
dom0_args="console=hvc0 oops=panic panic=-1 $(sed 's/#.*//' "$top/guest/cmdline" | tr '\n' ' ')"
dom0_args+=" scamem.tests=${XEN_TESTS:-gntdev_loopback} ${XEN_APPEND:-}"
[[ $dom0_args != *,* ]] || die "dom0 command line has a comma: $dom0_args"
# Plain -cpu max crashes dom0 at its first IRETQ: SMAP under TCG. Its AMD
# family 15 vendor makes dom0 read an MSR (K8 interrupt-pending) that Xen
# refuses, an "unchecked MSR access error" with a call trace: say Intel.
echo "  boot Xen + dom0 (TCG, timeout ${secs}s)   log: ${log#"$top"/}"
start=$(date +%s)
rc=0
QEMU_BIOS=default qemu_boot "$log" "$secs" -m 2G -smp 2 -cpu max,-smap,vendor=GenuineIntel -kernel "$xen" -append "$xen_args" \
	-initrd "$img $dom0_args,$initrd" -serial "file:$ktap" || rc=$?
echo "  QEMU exited with $rc after $(($(date +%s) - start)) s"
exit $rc
