#!/bin/sh
# ibv_rc_pingpong (Debian ibverbs-utils) over rdma_rxe on a dummy netdev, server
# and client in this guest. rxe's CQ and QP queues are vmalloc_user() memory
# that rxe maps with remap_vmalloc_range() (and vfree()s on resize or destroy).
# While the server waits for the client, /proc/kpagecount of its queue pages is
# checked: 0 on the series (special PTEs count no mapping), at least 1 on 7.3.4
# (vm_insert_page); which kernel runs is told by the series' own symbol
# scamem_map_pages in /proc/kallsyms.
PATH=/usr/sbin:/usr/bin:$PATH
addr=10.11.12.1
iters=200
echo "1..6"

# tap N STATUS MESSAGE: ok when STATUS is 0.
tap() {
	if [ "$2" -eq 0 ]; then echo "ok $1 $3"; else echo "not ok $1 $3"; fi
}
# fail_from N REASON: the remaining results fail.
fail_from() {
	i=$1
	while [ "$i" -le 6 ]; do
		echo "not ok $i # $2"
		i=$((i + 1))
	done
	exit 1
}

ip link set lo up
[ -e /sys/class/net/dummy0 ] || ip link add dummy0 type dummy
ip addr add "$addr/24" dev dummy0
ip link set dummy0 up
rdma link add rxe0 type rxe netdev dummy0
rc=$?
tap 1 $rc "rdma link add rxe0 type rxe netdev dummy0 ($addr)"
[ $rc -eq 0 ] || fail_from 2 "no rxe0"

# The GID of the IPv4 address (::ffff:10.11.12.1); the table fills in async.
want=0000:0000:0000:0000:0000:ffff:0a0b:0c01
gid=
for _ in $(seq 50); do
	for f in /sys/class/infiniband/rxe0/ports/1/gids/*; do
		[ "$(cat "$f" 2>/dev/null)" = "$want" ] && gid=${f##*/} && break
	done
	[ -n "$gid" ] && break
	sleep 0.2
done
[ -n "$gid" ]
tap 2 $? "rxe0 has a GID for $addr (index ${gid:-none})"
[ -n "$gid" ] || fail_from 3 "no GID for $addr"

timeout 120 ibv_rc_pingpong -d rxe0 -g "$gid" -n $iters -c >/tmp/rc-server.out 2>&1 &
server=$!
# The server has mapped its CQ and QP once it listens (TCP port 18515, 0x4853)
# for the client.
for _ in $(seq 100); do
	grep -q ':4853 [0-9A-F:]* 0A' /proc/net/tcp /proc/net/tcp6 2>/dev/null && break
	sleep 0.2
done
maps=$(grep uverbs "/proc/$server/maps")
echo "$maps" | sed 's/^/# server maps: /'

# kpagecount of every page of the server's uverbs (rxe queue) mappings.
counts=/tmp/rc-kpagecount
: >"$counts"
echo "$maps" | while read -r range _; do
	[ -n "$range" ] || continue
	start=$((0x${range%-*} / 4096))
	end=$((0x${range#*-} / 4096))
	while [ $start -lt $end ]; do
		ent=$(dd if="/proc/$server/pagemap" bs=8 skip=$start count=1 2>/dev/null | od -An -tx8 | tr -d ' ')
		pfn=$((0x${ent:-0} & 0x7fffffffffffff))
		if [ $((0x${ent:-0} >> 63 & 1)) -eq 1 ] && [ $pfn -ne 0 ]; then
			dd if=/proc/kpagecount bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d ' ' >>"$counts"
		else
			echo "not-present" >>"$counts"
		fi
		start=$((start + 1))
	done
done
summary=$(sort "$counts" | uniq -c | awk '{printf "%s%d page(s) kpagecount %s", (NR > 1 ? ", " : ""), $1, $2}')
echo "# server's rxe queue pages: ${summary:-none found}"

timeout 120 ibv_rc_pingpong -d rxe0 -g "$gid" -n $iters -c "$addr" >/tmp/rc-client.out 2>&1
crc=$?
[ $crc -eq 0 ] || kill "$server" 2>/dev/null
wait $server
src=$?
sed 's/^/# client: /' /tmp/rc-client.out
sed 's/^/# server: /' /tmp/rc-server.out
grep -q "$iters iters in" /tmp/rc-client.out || crc=1
grep -q "$iters iters in" /tmp/rc-server.out || src=1
tap 3 $crc "ibv_rc_pingpong client: $iters iters"
tap 4 $src "ibv_rc_pingpong server: $iters iters"

if grep -q ' scamem_map_pages$' /proc/kallsyms 2>/dev/null; then
	kernel=series expect="0"
	bad=$(grep -cvx 0 "$counts")
else
	kernel=7.3.4 expect="at least 1"
	bad=$(grep -cvx '[1-9][0-9]*' "$counts")
fi
[ -s "$counts" ] && [ "$bad" -eq 0 ]
tap 5 $? "kpagecount of rxe queue pages mapped by the server is $expect ($kernel): ${summary:-no pages found}"

rdma link delete rxe0
tap 6 $? "rdma link delete rxe0"
