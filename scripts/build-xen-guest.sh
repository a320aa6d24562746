#!/bin/bash
# build-xen-guest.sh: build the series' Xen dom0 kernel OUT/guest-xen from TREE
# with configs/guest.config + guest-series.config + xen-dom0.config: the
# guest kernel's options with the debug options that run as a Xen PV guest
# (see xen-dom0.config). It boots with the guest's initramfs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$OUT/guest-xen

echo "build-xen-guest: ${TREE#"$top"/} -> ${dir#"$top"/}"
run_logged "$LOGS/guest-xen-config.log" "configure Xen dom0 kernel" \
	"$top/scripts/configure-kernel.sh" "$dir" \
	"$top/configs/guest.config" "$top/configs/guest-series.config" \
	"$top/configs/xen-dom0.config"
run_logged "$LOGS/guest-xen-build.log" "build Xen dom0 kernel (-j$JOBS)" kmake "$dir" bzImage modules
