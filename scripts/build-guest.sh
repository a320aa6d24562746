#!/bin/bash
# build-guest.sh: build the guest kernel OUT/guest from TREE with
# configs/guest.config + guest-series.config + debug.config, and install its UAPI headers
# into OUT/guest/usr/include; then build the static guest programs and pack
# the initramfs (scripts/build-guest-programs.sh, scripts/make-initramfs.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$OUT/guest

echo "build-guest: ${TREE#"$top"/} -> ${dir#"$top"/}"
run_logged "$LOGS/guest-config.log" "configure guest kernel" \
	"$top/scripts/configure-kernel.sh" "$dir" \
	"$top/configs/guest.config" "$top/configs/guest-series.config" "$top/configs/debug.config"
run_logged "$LOGS/guest-build.log" "build guest kernel (-j$JOBS)" kmake "$dir" bzImage
run_logged "$LOGS/guest-headers.log" "install guest UAPI headers" kmake "$dir" headers_install
run_logged "$LOGS/guest-programs.log" "build static guest programs" "$top/scripts/build-guest-programs.sh"
run_logged "$LOGS/guest-debs.log" "fetch guest Debian packages" "$top/scripts/fetch-guest-debs.sh"
run_logged "$LOGS/guest-initramfs.log" "pack guest initramfs" "$top/scripts/make-initramfs.sh"
echo "  $(tail -n 1 "$LOGS/guest-programs.log"); $(tail -n 1 "$LOGS/guest-initramfs.log")"
