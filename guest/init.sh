#!/bin/busybox sh
# shellcheck shell=dash
# /init of the guest initramfs: mount the usual filesystems, run every program
# in /tests (in demo mode, scamem.demo on the kernel command line, only those
# named in /etc/demo.list if it lists any; with scamem.tests=A,B or A+B only A
# and B: Xen's dom0 command line cannot hold a comma),
# then print GUEST-DONE and end the VM: QEMU runs with -no-reboot, so
# `reboot -f` is what powers the VM off (bare or under Xen).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
# What devtmpfs leaves to udev; bash scripts use /dev/stdout and /dev/fd.
ln -s /proc/self/fd /dev/fd
ln -s fd/0 /dev/stdin
ln -s fd/1 /dev/stdout
ln -s fd/2 /dev/stderr

echo "# guest: kernel $(uname -r)"

# scamem.kselftest=mm (or =mm:ksft_thp.sh,mm:ksft_cow.sh): run upstream's
# selftests (OUT/kselftest, scripts/build-kselftests.sh) with their own runner,
# its KTAP output on the second serial port (scripts/run-mm-selftests.sh), with
# swap on zram for the swap tests; then the programs scamem.tests names, if any.
ksft=$(sed -n 's/.*scamem\.kselftest=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$ksft" ]; then
	if [ -e /sys/block/zram0 ] || modprobe zram 2>/dev/null; then
		echo 1G >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null && swapon /dev/zram0
	fi
	# shm_open() (rmap's migrate.shm)
	mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm
	sel=
	for t in $(echo "$ksft" | tr , ' '); do
		case $t in
		*:*) sel="$sel -t $t" ;;
		*) sel="$sel -c $t" ;;
		esac
	done
	# scamem.kmemleak: what kmemleak finds after the run and not before it
	# (kmemleak.txt: a scan, then "clear" marks what it found as seen).
	# Objects younger than 5 s are not reported: wait for the set-up's.
	leaks=/sys/kernel/debug/kmemleak
	grep -qw scamem.kmemleak /proc/cmdline && [ -w $leaks ] || leaks=
	if [ -n "$leaks" ]; then
		sleep 6
		echo scan >$leaks && echo clear >$leaks || echo "# guest: kmemleak: no first scan"
	fi
	echo "# guest: kselftest $sel (KTAP on ttyS1)"
	# shellcheck disable=SC2086
	(cd /kselftest && ./run_kselftest.sh $sel) >/dev/ttyS1 2>&1
	echo "# guest: kselftest exit $?"
	if [ -n "$leaks" ]; then
		# Objects younger than 5 s are not reported; two scans, as
		# kmemleak.txt advises against transient false positives.
		sleep 6
		# A kmemleak that disabled itself refuses the scan (EPERM).
		if echo scan >$leaks && echo scan >$leaks; then
			echo "# guest: kmemleak: $(grep -c '^unreferenced object' $leaks) new suspected leaks"
			head -n 200 $leaks
		else
			echo "# guest: kmemleak: the scan failed"
		fi
	fi
	grep -q 'scamem\.tests=' /proc/cmdline || { echo GUEST-DONE; reboot -f; }
fi
tests=$(ls /tests)
if grep -qw scamem.demo /proc/cmdline && [ -n "$(sed 's/#.*//' /etc/demo.list 2>/dev/null)" ]; then
	tests=$(sed 's/#.*//' /etc/demo.list)
fi
only=$(sed -n 's/.*scamem\.tests=\([^ ]*\).*/\1/p' /proc/cmdline)
[ -z "$only" ] || tests=$(echo "$only" | tr ,+ '  ')
# Per-program limit, so one hung program does not eat the whole boot.
limit=$(sed -n 's/.*scamem.timeout=\([0-9]*\).*/\1/p' /proc/cmdline)
for name in $tests; do
	# Programs for a Xen dom0 (/etc/xen-only) run only when scamem.tests
	# names them (scripts/boot-xen.sh): elsewhere each of their tests skips.
	if [ -z "$only" ] && grep -qxF "$name" /etc/xen-only 2>/dev/null; then
		echo "# guest: $name is for a Xen dom0: not run"
		continue
	fi
	echo "# guest: running $name"
	cd /tmp || echo "# guest: no /tmp"
	timeout "${limit:-600}" "/tests/$name"
	echo "# guest: $name exit $?"
done
echo GUEST-DONE
reboot -f
