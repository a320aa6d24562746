#!/bin/bash
# time-stage.sh NAME CMD...: run one stage of `make test`, framed by a header
# and a footer with its wall time (also appended to build/results/times).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
name=$1
shift
echo "==== $name ===="
start=$(date +%s)
"$@"
rc=$?
secs=$(($(date +%s) - start))
status=ok
[ $rc -eq 0 ] || status="FAILED (exit $rc)"
echo "==== $name: $status, ${secs} s ===="
echo "$name $secs $status" >>"$RESULTS/times"
exit $rc
