#!/bin/busybox sh
# /init of the guest initramfs: mount the usual filesystems, run every program
# in /tests (in demo mode, scamem.demo on the kernel command line, only those
# named in /etc/demo.list if it lists any; with scamem.tests=A,B only A and B),
# then print GUEST-DONE and end the VM: QEMU runs with -no-reboot, so
# `reboot -f` is what powers the VM off (bare or under Xen).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp

echo "# guest: kernel $(uname -r)"
tests=$(ls /tests)
if grep -qw scamem.demo /proc/cmdline && [ -n "$(sed 's/#.*//' /etc/demo.list 2>/dev/null)" ]; then
	tests=$(sed 's/#.*//' /etc/demo.list)
fi
only=$(sed -n 's/.*scamem\.tests=\([^ ]*\).*/\1/p' /proc/cmdline)
[ -z "$only" ] || tests=$(echo "$only" | tr , ' ')
# Per-program limit, so one hung program does not eat the whole boot.
limit=$(sed -n 's/.*scamem.timeout=\([0-9]*\).*/\1/p' /proc/cmdline)
for name in $tests; do
	echo "# guest: running $name"
	cd /tmp
	timeout "${limit:-600}" "/tests/$name"
	echo "# guest: $name exit $?"
done
echo GUEST-DONE
reboot -f
