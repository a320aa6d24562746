#!/bin/bash
# build-bench-series.sh: build the series' benchmark kernel OUT/bench-series
# from TREE with configs/guest.config alone, the fragment the 7.3.4 baseline
# (scripts/build-base-guest.sh, OUT/guest-base) is built from: no debug
# options, nothing only one side has. Also builds Module.symvers (the
# benchmark module is built against it) and installs the UAPI headers into
# OUT/bench-series/usr/include (the guest programs of make bench use them).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$OUT/bench-series

echo "build-bench-series: ${TREE#"$top"/} -> ${dir#"$top"/}"
run_logged "$LOGS/bench-series-config.log" "configure series bench kernel" \
	"$top/scripts/configure-kernel.sh" "$dir" "$top/configs/guest.config"
run_logged "$LOGS/bench-series-build.log" "build series bench kernel (-j$JOBS)" \
	kmake "$dir" bzImage modules
run_logged "$LOGS/bench-series-headers.log" "install series UAPI headers" kmake "$dir" headers_install
