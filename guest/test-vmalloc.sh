#!/bin/sh
# lib/test_vmalloc.c, built in, ran at boot with the parameters in
# guest/cmdline: one TAP result per test case it reported, ok when it passed
# at least once and never failed.
echo "TAP version 13"
sums=$(dmesg | sed -n 's/.*Summary: \([a-z0-9_]*\) passed: \([0-9]*\) failed: \([0-9]*\).*/\1 \2 \3/p')
if [ -z "$sums" ]; then
	echo "1..1"
	echo "not ok 1 test_vmalloc reported nothing (CONFIG_TEST_VMALLOC=y?)"
	exit 1
fi
echo "1..$(echo "$sums" | wc -l)"
n=0
echo "$sums" | while read -r name passed failed; do
	n=$((n + 1))
	if [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]; then
		echo "ok $n test_vmalloc $name: passed $passed"
	else
		echo "not ok $n test_vmalloc $name: passed $passed failed $failed"
	fi
done
