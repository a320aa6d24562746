#!/bin/bash
# build-xen-guest.sh: scripts/build-kernel.sh guest-xen (configs/kernels).
exec "$(dirname "$0")/build-kernel.sh" guest-xen
