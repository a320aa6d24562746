#!/bin/bash
# build-xen-guest.sh: build the series' Xen dom0 kernel OUT/guest-xen from TREE
# with configs/guest.config + guest-series.config + debug.config +
# xen-dom0.config: the guest kernel's debug matrix without KASAN, which cannot
# run as a Xen PV guest. It boots with the guest's initramfs (make build-guest).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$OUT/guest-xen

echo "build-xen-guest: ${TREE#"$top"/} -> ${dir#"$top"/}"
run_logged "$LOGS/guest-xen-config.log" "configure Xen dom0 kernel" \
	"$top/scripts/configure-kernel.sh" "$dir" \
	"$top/configs/guest.config" "$top/configs/guest-series.config" \
	"$top/configs/debug.config" "$top/configs/xen-dom0.config"
run_logged "$LOGS/guest-xen-build.log" "build Xen dom0 kernel (-j$JOBS)" kmake "$dir" bzImage
