#!/bin/busybox sh
# shellcheck shell=dash
# /tests/trinity-scamem (from scripts/run-trinity.sh's overlay): Debian's
# trinity, unprivileged (uid/gid 65534, no capabilities), fuzzing the memory
# system calls on objects that map vmalloc memory with remap_vmalloc_range()
# (scamem on the series): AF_XDP rings, bpf ring buffers, vivid's
# videobuf2-vmalloc buffers, the series' debugfs test file. Root makes them
# (/opt/trinity-scamem/victims) and hands them over as placeholder files in
# $dir that the LD_PRELOAD shim turns into the objects' fds; trinity also
# opens the /dev/video* nodes itself (device node copies in $dir).
# Kernel command line: scamem.trinity_seconds=N (default 150),
# scamem.trinity_children=N (4), scamem.trinity_seed=N (1),
# scamem.trinity_copies=N (placeholders per object, 6),
# scamem.trinity_syscalls=a,b,c (overrides the list below).
# While trinity runs, root counts the mappings of each kind of object in
# trinity's processes (/proc/PID/maps) every 5 s; the last lines summarise.
arg() { sed -n "s/.*scamem\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
secs=$(arg trinity_seconds)
secs=${secs:-150}
children=$(arg trinity_children)
seed=$(arg trinity_seed)
copies=$(arg trinity_copies)
calls=$(arg trinity_syscalls | tr , ' ')
# The memory system calls, GUP through other processes and pipes, I/O into
# and out of mappings, and the calls that make such objects (trinity's
# socket() as nobody gets EPERM for AF_XDP: root's sockets are the ones).
calls=${calls:-mmap munmap mremap mprotect pkey_mprotect madvise process_madvise
	msync mlock mlock2 munlock mincore remap_file_pages mbind migrate_pages
	move_pages process_vm_readv process_vm_writev vmsplice splice readv writev
	ioctl bpf socket setsockopt}
opt=/opt/trinity-scamem
dir=/tmp/trinity-victims
run=/tmp/trinity-run
say() { echo "# trinity: $*"; }

[ -x /usr/bin/trinity ] && [ -x $opt/victims ] || { say "not installed"; exit 1; }
say "kernel $(uname -r), $secs s, $(nproc) CPUs, $(sed -n 's/MemTotal: *//p' /proc/meminfo)"
# bpf() for an unprivileged trinity (the ring buffers root makes need no
# privilege to use; trinity's own BPF_MAP_CREATE calls do).
[ ! -w /proc/sys/kernel/unprivileged_bpf_disabled ] ||
	echo 0 >/proc/sys/kernel/unprivileged_bpf_disabled 2>/dev/null
say "kernel.unprivileged_bpf_disabled=$(cat /proc/sys/kernel/unprivileged_bpf_disabled 2>/dev/null)"
taint0=$(cat /proc/sys/kernel/tainted)

rm -rf $dir $run
mkdir -p $dir $run
chmod 755 $dir
chown 65534:65534 $run
# trinity's own opens of the video nodes: copies of the device nodes, mode 0666.
for v in /sys/class/video4linux/video*; do
	[ -e "$v/dev" ] || continue
	d=$(cat "$v/dev")
	mknod -m 666 "$dir/$(basename "$v")-node" c "${d%:*}" "${d#*:}"
done

set --
for c in $calls; do set -- "$@" -c "$c"; done
cd $run || exit 1
start=$(date +%s)
# -V: only the placeholders and nodes in $dir (no /proc, /sys, /dev walk);
# fds from them and from pipes (vmsplice, splice); -l off: no per-child
# log files (an fsync per system call); --stats: errno counts per call.
TRINITY_SHIM=$opt/shim.so TRINITY_COPIES=${copies:-6} $opt/victims $dir -- /usr/bin/trinity -q -l off --stats \
	-a 64 -C "${children:-4}" -s "${seed:-1}" -V $dir --enable-fds=pseudo,pipes "$@" &
pid=$!

kinds="xsk bpf video rvt"
# Read through eval, per kind.
# shellcheck disable=SC2034
pat_xsk='socket:\['
# shellcheck disable=SC2034
pat_bpf='anon_inode:bpf-map'
# shellcheck disable=SC2034
pat_video='/dev/video\|trinity-victims/video'
# shellcheck disable=SC2034
pat_rvt='remap_vmalloc_test'
pat=
for k in $kinds; do eval "main_$k=0 own_$k=0 seen_$k=0 shared_$k=0"; done
# running: trinity's main process exists and is not a zombie.
running() {
	s=$(sed 's/.*) //' /proc/$pid/stat 2>/dev/null)
	[ -n "$s" ] && [ "${s%% *}" != Z ]
}
samples=0 procs_max=0 interrupted=0 creds=
m=/tmp/trinity-maps
while running; do
	now=$(($(date +%s) - start))
	if [ $interrupted -eq 0 ] && [ $now -ge "$secs" ]; then
		# trinity's ctrl-c path: stop the children, print the totals.
		say "$now s: SIGINT to trinity"
		kill -INT $pid
		interrupted=1
	elif [ $interrupted -eq 1 ] && [ $now -ge $((secs + 120)) ]; then
		say "$now s: trinity still running, SIGKILL"
		for p in /proc/[0-9]*; do
			c=
			{ read -r c <"$p/comm"; } 2>/dev/null
			case $c in trinity | trinity-main | trinity-c[0-9]*) kill -KILL "${p#/proc/}" ;; esac
		done
		interrupted=2
	fi
	# Mappings in trinity-main (made at start-up, inherited by every
	# child) and those only children have (their own mmap() calls).
	: >$m.main
	: >$m.children
	procs=0
	for p in /proc/[0-9]*; do
		c=
		{ read -r c <"$p/comm"; } 2>/dev/null
		case $c in
		trinity-main) cat "$p/maps" >>$m.main 2>/dev/null ;;
		trinity | trinity-c[0-9]*) cat "$p/maps" >>$m.children 2>/dev/null ;;
		*) continue ;;
		esac
		procs=$((procs + 1))
		[ -n "$creds" ] || creds="$c: $(grep -E '^(Uid|Gid|Groups|CapPrm|CapEff|CapAmb):' "$p/status" | tr -s '\t ' ' ' | tr '\n' ' ')"
	done
	if [ $procs -gt 0 ]; then
		samples=$((samples + 1))
		[ $procs -le $procs_max ] || procs_max=$procs
		for k in $kinds; do
			eval "pat=\$pat_$k"
			grep "$pat" $m.main | cut -d' ' -f1 | sort -u >$m.a
			grep "$pat" $m.children | cut -d' ' -f1 | sort -u >$m.b
			a=$(wc -l <$m.a)
			echo none >>$m.a
			b=$(grep -vxFf $m.a $m.b | wc -l)
			# The children's VMAs that trinity-main has too (inherited).
			c=$(grep -xFf $m.a $m.b | wc -l)
			eval "[ $a -le \$main_$k ] || main_$k=$a; [ $b -le \$own_$k ] || own_$k=$b; [ $c -le \$shared_$k ] || shared_$k=$c"
			[ $b -eq 0 ] || eval "seen_$k=\$((seen_$k + 1))"
		done
	fi
	sleep 5
done
wait $pid
rc=$?
say "trinity exit $rc after $(($(date +%s) - start)) s"
# The keeper prints its counts once trinity has gone.
for _ in 1 2 3 4 5 6 7 8 9 10; do
	k=
	for p in /proc/[0-9]*; do
		c=
		{ read -r c <"$p/comm"; } 2>/dev/null
		[ "$c" != scamem-keeper ] || k=${p#/proc/}
	done
	[ -n "$k" ] || break
	sleep 1
done
say "credentials: $creds"
say "tainted: $taint0 before, $(cat /proc/sys/kernel/tainted) after"
for k in $kinds; do
	eval "say \"mapped $k: trinity-main \$main_$k VMAs, children's own up to \$own_$k VMAs, in \$seen_$k of $samples samples (up to $procs_max processes); children's VMAs also in trinity-main: up to \$shared_$k\""
done
say "end"

exit $rc
