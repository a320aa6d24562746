#!/bin/bash
# run-guest.sh [--live]: boot the guest (scripts/boot-guest.sh), count its
# programs' results from its KTAP document (results/guest.ktap,
# scripts/guest-results.sh) and scan its console (results/guest.log) for
# kernel splats. Writes results/guest*.counts; exits non-zero on any failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
log=$RESULTS/guest.log

# Pessimistic until proven otherwise: an interrupted run counts as failed.
write_counts guest 0 1 0
write_counts guest-version 0 1 0
write_counts guest-splats 0 1 0

rc=0
"$top/scripts/boot-guest.sh" "$@" || rc=$?
[ $rc -ne 124 ] || echo "  guest: QEMU timed out"
ok=1
"$top/scripts/guest-results.sh" "${log%.log}.ktap" || ok=0
if "$top/scripts/check-splats.sh" "$log"; then
	write_counts guest-splats 1 0 0
else
	write_counts guest-splats 0 1 0
	ok=0
fi
[ $ok -eq 1 ]
