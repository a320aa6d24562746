#!/bin/sh
# /tests/xen_modules in the series' Xen dom0 (scripts/run-xen.sh), in TAP: the
# first run loads gntdev (a module there, so that gntdev_loopback can unload
# it) and gup_delay.ko (this directory); a later run reports how often
# gup_delay delayed GUP, which run-xen.sh checks against gup_vs_dontneed.
echo "1..1"
mark=/tmp/xen_modules.loaded
if [ -e $mark ]; then
	if n=$(cat /sys/module/gup_delay/parameters/hits); then
		echo "ok 1 gup_delay delayed GUP $n times"
	else
		echo "not ok 1 gup_delay is not loaded any more"
	fi
	exit 0
fi
touch $mark
if modprobe xen-gntdev && modprobe gup_delay delay_us="${GUP_DELAY_US:-500}" && [ -c /dev/xen/gntdev ]; then
	echo "ok 1 loaded xen-gntdev and gup_delay"
else
	echo "not ok 1 could not load xen-gntdev and gup_delay"
fi
