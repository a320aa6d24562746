#!/bin/bash
# build-kunit.sh: scripts/build-kernel.sh kunit (configs/kernels).
exec "$(dirname "$0")/build-kernel.sh" kunit
