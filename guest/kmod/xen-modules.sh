#!/bin/sh
# /tests/xen_modules in the series' Xen dom0 (scripts/run-xen.sh), in TAP: the
# first run loads gntdev (a module there, so that gntdev_loopback can unload
# it) and gup_delay.ko (this directory); a later run checks that gup_delay did
# delay GUP.
echo "1..1"
hits=/sys/module/gup_delay/parameters/hits
if [ -e $hits ]; then
	n=$(cat $hits)
	if [ "$n" -gt 0 ]; then echo "ok 1 gup_delay delayed GUP $n times"; else echo "not ok 1 gup_delay never delayed GUP"; fi
elif modprobe xen-gntdev && modprobe gup_delay delay_us="${GUP_DELAY_US:-500}" && [ -c /dev/xen/gntdev ]; then
	echo "ok 1 loaded xen-gntdev and gup_delay"
else
	echo "not ok 1 could not load xen-gntdev and gup_delay"
fi
