#!/bin/bash
# Install the Debian packages listed in scripts/debian-packages.list that are
# missing (checked with dpkg-query). Quick and silent when all are present.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

missing=()
for p in $(sed 's/#.*//' "$top/scripts/debian-packages.list"); do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all packages present"
	exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
