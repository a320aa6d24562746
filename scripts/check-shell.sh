#!/bin/bash
# check-shell.sh: shellcheck at warning level, following sourced files, on
# every shell script of the workbench (scripts/ with its QEMU wrapper, guest/ with guest/bin's
# sudo and timeout, .ci/run). Writes
# results/shellcheck.counts: one check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$top"
command -v shellcheck >/dev/null || die "no shellcheck (make deps installs it)"
mapfile -t files < <(git ls-files -- 'scripts/*.sh' 'scripts/qemu-system-*' 'guest/*.sh' .ci/run 'guest/bin/*')
if shellcheck -S warning -x -P SCRIPTDIR "${files[@]}"; then
	echo "shellcheck: ${#files[@]} scripts, no warnings"
	write_counts shellcheck 1 0 0
else
	echo "shellcheck: warnings above"
	write_counts shellcheck 0 1 0
	exit 1
fi
