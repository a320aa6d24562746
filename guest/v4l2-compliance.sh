#!/bin/sh
# v4l2-compliance's streaming tests (-s) on vivid's first video device: its
# buffers are videobuf2-vmalloc memory that mmap() maps with
# remap_vmalloc_range(), and USERPTR streaming pins user pages through GUP.
# One TAP result per streaming test (MMAP, USERPTR, read/write with each
# polling method). The rest of v4l2-compliance's report is printed as
# diagnostics.
PATH=/usr/sbin:/usr/bin:$PATH
dev=/dev/video0
if [ ! -e "$dev" ]; then
	echo "1..1"
	echo "ok 1 v4l2-compliance # SKIP no $dev (CONFIG_VIDEO_VIVID)"
	exit 0
fi
out=/tmp/v4l2-compliance.out
v4l2-compliance -d "$dev" -s >"$out" 2>&1
# Progress lines are separated by tabs and carriage returns; keep the results.
tr '\r\t' '\n\n' <"$out" | grep -v 'Frame #' >"$out.lines"
sed 's/^/# /' "$out.lines"
streaming=$(sed -n 's/^ *test \(MMAP\|USERPTR\|read\/write\)\(.*\): \(OK\|FAIL\)$/\1\2 \3/p' "$out.lines")
n=$(echo "$streaming" | grep -c .)
if [ "$n" -eq 0 ]; then
	echo "1..1"
	echo "not ok 1 v4l2-compliance -s $dev: no streaming results"
	exit 1
fi
echo "1..$n"
i=0
echo "$streaming" | while read -r line; do
	i=$((i + 1))
	case $line in
	*" OK") echo "ok $i v4l2-compliance $dev streaming: ${line% OK}" ;;
	*) echo "not ok $i v4l2-compliance $dev streaming: ${line% FAIL}" ;;
	esac
done
echo "# v4l2-compliance $(v4l2-compliance --version 2>&1 | head -n 1): $(grep '^Total for' "$out" | tail -n 1)"
