#!/bin/bash
# check-names.sh: fail on files in the repo whose names a person would not
# have chosen: anything tracked, or untracked and not ignored, with a
# character outside [A-Za-z0-9._/+-]. A tool once run in the repo root
# (busybox awk taking a printf's '>' for a redirection) left 15 such files,
# and they were committed; this stage of `make test` runs after every other
# stage, so it also catches what a test run writes into the tree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$top"
odd=$(git ls-files -z --cached --others --exclude-standard |
	tr '\0' '\n' | grep -vE '^[A-Za-z0-9._/+-]+$' || true)
if [ -n "$odd" ]; then
	echo "names: files with odd names in $top (junk from a tool run in the repo root?):" >&2
	printf '%s\n' "$odd" | sed -n l | sed 's/^/  /' >&2
	write_counts names 0 1 0
	exit 1
fi
echo "names: every file name in the repo matches [A-Za-z0-9._/+-]"
write_counts names 1 0 0
