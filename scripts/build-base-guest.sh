#!/bin/bash
# build-base-guest.sh: scripts/build-kernel.sh guest-base (configs/kernels).
exec "$(dirname "$0")/build-kernel.sh" guest-base
