#!/bin/sh
# v4l2-compliance (-s, streaming) on vivid's first video capture device: its
# buffers are videobuf2-vmalloc memory that mmap() maps with
# remap_vmalloc_range(), and USERPTR streaming pins user pages through GUP.
# With a second vivid instance (vivid.n_devs=2, guest/cmdline) as exporter (-e),
# DMABUF streaming imports the other instance's vmalloc buffers too.
# One TAP result per streaming test (MMAP, USERPTR, DMABUF, read/write with
# each polling method), and one for the tool's own total: "Failed: 0". The
# rest of the report is printed as diagnostics.
PATH=/usr/sbin:/usr/bin:$PATH
# node NAME: the /dev path of the video node vivid named NAME, if any.
node() {
	for n in /sys/class/video4linux/video*; do
		[ "$(cat "$n/name" 2>/dev/null)" = "$1" ] && echo "/dev/${n##*/}" && return
	done
}
dev=$(node vivid-000-vid-cap)
exp=$(node vivid-001-vid-cap)
if [ -z "$dev" ]; then
	echo "1..1"
	echo "ok 1 v4l2-compliance # SKIP no vivid video capture device (CONFIG_VIDEO_VIVID)"
	exit 0
fi
echo "# device $dev, DMABUF exporter ${exp:-none}"
out=/tmp/v4l2-compliance.out
v4l2-compliance -d "$dev" ${exp:+-e "$exp"} -s >"$out" 2>&1
# Progress lines are separated by tabs and carriage returns; keep the results,
# without blank or repeated lines.
# shellcheck disable=SC2020 # each of CR and TAB becomes a newline
tr '\r\t' '\n\n' <"$out" | grep -v -e 'Frame #' -e '^ *$' | uniq >"$out.lines"
sed 's/^/# /' "$out.lines"
streaming=$(sed -n 's/^ *test \(MMAP\|USERPTR\|DMABUF\|read\/write\)\(.*\): \(OK\|FAIL\)$/\1\2 \3/p' "$out.lines")
total=$(grep '^Total for' "$out.lines" | tail -n 1)
n=$(echo "$streaming" | grep -c .)
[ "$n" -gt 0 ] || { streaming="(no streaming results) FAIL" && n=1; }
echo "1..$((n + 1))"
i=0
# The loop runs in a subshell: it only prints.
echo "$streaming" | grep . | while read -r line; do
	i=$((i + 1))
	case $line in
	*" OK") echo "ok $i v4l2-compliance $dev streaming: ${line% OK}" ;;
	*) echo "not ok $i v4l2-compliance $dev streaming: ${line% FAIL}" ;;
	esac
done
case $total in
*", Failed: 0"*) echo "ok $((n + 1)) v4l2-compliance $dev: $total" ;;
*) echo "not ok $((n + 1)) v4l2-compliance $dev: ${total:-no Total line}" ;;
esac
