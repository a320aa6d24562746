#!/bin/bash
# series-names.sh DIR: print the patch names listed in DIR/series, one a line,
# without comments and blank lines. Prints nothing when there is no series.
set -euo pipefail
[ -f "$1/series" ] || exit 0
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$1/series" | grep -v '^$' || true
