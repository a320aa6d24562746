#!/bin/bash
# build-guest.sh: build the guest kernel (guest of configs/kernels: the series
# with the debug matrix and the KUnit suites) into OUT/guest with its UAPI
# headers in OUT/guest/usr/include; then build the static guest programs and
# pack the initramfs (scripts/build-guest-programs.sh, scripts/make-initramfs.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$top/scripts/build-kernel.sh" guest
run_logged "$LOGS/guest-programs.log" "build static guest programs" "$top/scripts/build-guest-programs.sh"
run_logged "$LOGS/guest-debs.log" "fetch guest Debian packages" "$top/scripts/fetch-guest-debs.sh"
run_logged "$LOGS/guest-initramfs.log" "pack guest initramfs" "$top/scripts/make-initramfs.sh"
echo "  $(tail -n 1 "$LOGS/guest-programs.log"); $(tail -n 1 "$LOGS/guest-initramfs.log")"
