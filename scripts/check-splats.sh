#!/bin/bash
# check-splats.sh LOG: fail (exit 1) if the console log LOG holds a kernel
# splat: BUG, WARNING, Oops, KASAN/UBSAN report, lockdep report, hung task,
# RCU stall, refcount or list corruption, panic. Prints each with context.
set -euo pipefail
log=$1
[ -f "$log" ] || { echo "check-splats: no log $log" >&2; exit 1; }

pattern='BUG:|WARNING:|Oops|KASAN:|UBSAN:|kernel BUG|general protection fault'
pattern+='|Kernel panic|possible circular locking|possible recursive locking'
pattern+='|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked'
pattern+='|Call Trace:|refcount_t:|list_add corruption|list_del corruption'
pattern+='|detected stall|self-detected stall'

n=$(tr -d '\r' <"$log" | grep -c -E "$pattern" || true)
if [ "$n" -eq 0 ]; then
	echo "check-splats: $(basename "$log"): no kernel splats"
	exit 0
fi
echo "check-splats: $(basename "$log"): $n suspicious lines; first ones with context:"
tr -d '\r' <"$log" | grep -n -E -B3 -A12 "$pattern" | head -n 150 | sed 's/^/    /'
exit 1
