#!/bin/busybox sh
# shellcheck shell=dash
# /init of the guest initramfs: mount the usual filesystems, run every guest
# program (in demo mode, scamem.demo on the kernel command line, only those
# named in /etc/demo.list if it lists any; with scamem.tests=A,B or A+B only A
# and B: Xen's dom0 command line cannot hold a comma), then print GUEST-DONE
# and end the VM: QEMU runs with -no-reboot, so `reboot -f` is what powers
# the VM off (bare or under Xen).
#
# The programs are the files in /tests and the names in /etc/settings
# (guest/settings/NAME): per program, kselftest-style key=value lines,
#   timeout=SECONDS    its limit (default 600; scamem.timeout=S overrides all)
#   needs=xen          run only in a Xen dom0, else "# SKIP"
#   needs=/dev/PATH    run only where that device is, else "# SKIP"
#   kselftest=COLLECTION:TEST  run upstream's selftest TEST with its own
#                      runner, /kselftest/run_kselftest.sh -t COLLECTION:TEST
#                      (scripts/build-kselftests.sh installs it)
# Results: one KTAP document on the second serial port (ttyS1;
# scamem.ktap=DEV for another), away from the kernel's messages: the plan,
# each program's output as a nested subtest (indented two spaces), then
# "ok N NAME", "ok N NAME # SKIP why" or "not ok N NAME # exit=RC"
# (scripts/ktap.py parses it). The console keeps a copy of each program's
# output, between "# guest: running NAME" and "# guest: NAME exit RC".
/bin/busybox --install -s /bin
# /usr/bin: the Debian packages' programs (guest/guest-debs.list), after busybox.
export PATH=/bin:/usr/bin
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

# The KTAP channel, fd 3: /dev/null when the machine has no such port (a
# serial port there is type 0) or it does not open.
ktap=$(sed -n 's/.*scamem\.ktap=\([^ ]*\).*/\1/p' /proc/cmdline)
ktap=${ktap:-/dev/ttyS1}
if [ "$(cat "/sys/class/tty/${ktap#/dev/}/type" 2>/dev/null)" != 0 ] && (exec 3>"$ktap") 2>/dev/null; then
	exec 3>"$ktap"
else
	echo "# guest: no KTAP channel $ktap: programs write to the console alone"
	exec 3>/dev/null
	ktap=
fi

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
	(cd /kselftest && ./run_kselftest.sh $sel) >&3 2>&1
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
	grep -q 'scamem\.tests=' /proc/cmdline || { exec 3>&-; echo GUEST-DONE; reboot -f; }
fi
# setting NAME KEY: the values of KEY in NAME's settings, one a line.
setting() {
	sed -n "s/^$2=//p" "/etc/settings/$1" 2>/dev/null
}
# unmet NAME: why this machine cannot run NAME (nothing if it can).
unmet() {
	for need in $(setting "$1" needs); do
		case $need in
		xen) [ -e /dev/xen/evtchn ] || echo "not a Xen dom0" ;;
		/dev/*) [ -e "$need" ] || echo "no $need" ;;
		*) echo "unknown need $need" ;;
		esac
	done | head -n 1
}
tests=$({ ls /tests; ls /etc/settings 2>/dev/null; } | sort -u)
if grep -qw scamem.demo /proc/cmdline && [ -n "$(sed 's/#.*//' /etc/demo.list 2>/dev/null)" ]; then
	tests=$(sed 's/#.*//' /etc/demo.list)
fi
only=$(sed -n 's/.*scamem\.tests=\([^ ]*\).*/\1/p' /proc/cmdline)
[ -z "$only" ] || tests=$(echo "$only" | tr ,+ '  ')
# One limit for every program, so one hung program does not eat the boot.
limit=$(sed -n 's/.*scamem.timeout=\([0-9]*\).*/\1/p' /proc/cmdline)
# shellcheck disable=SC2086
set -- $tests
echo "KTAP version 1" >&3
echo "# guest: kernel $(uname -r)" >&3
echo "1..$#" >&3
i=0
for name in $tests; do
	i=$((i + 1))
	why=$(unmet "$name")
	if [ -n "$why" ]; then
		echo "# guest: $name: $why: not run"
		echo "ok $i $name # SKIP $why" >&3
		continue
	fi
	secs=${limit:-$(setting "$name" timeout | tail -n 1)}
	secs=${secs:-600}
	ksft=$(setting "$name" kselftest | tail -n 1)
	echo "# guest: running $name"
	echo "  # Subtest: $name" >&3
	cd /tmp || echo "# guest: no /tmp"
	# The output to the console as it comes, and indented into the
	# document, line by line (busybox sed would buffer); the status
	# through a file (the pipe's is the loop's).
	run() {
		if [ -n "$ksft" ]; then
			# The runner's own limit first, then this one.
			(cd /kselftest && timeout $((secs + 30)) ./run_kselftest.sh -o "$secs" -t "$ksft")
		else
			timeout "$secs" "/tests/$name"
		fi
	}
	if [ -n "$ktap" ]; then
		rm -f /tmp/.status
		{
			run 2>&1
			echo $? >/tmp/.status
		} | tee /dev/console | while IFS= read -r line || [ -n "$line" ]; do printf '  %s\n' "$line"; done >&3
		rc=$(cat /tmp/.status 2>/dev/null || echo none)
	else
		# No document (make bench's boots): straight to the console.
		rc=0
		run || rc=$?
	fi
	echo "# guest: $name exit $rc"
	case $rc in
	0) echo "ok $i $name" >&3 ;;
	4) echo "ok $i $name # SKIP exit=4" >&3 ;;
	*) echo "not ok $i $name # exit=$rc" >&3 ;;
	esac
done
# Closing the port waits until it has sent everything.
exec 3>&-
echo GUEST-DONE
reboot -f
