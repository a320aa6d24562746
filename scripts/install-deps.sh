#!/bin/bash
# Install the Debian packages listed in scripts/debian-packages.list that are
# missing (checked with dpkg-query), apt's output in build/logs/deps.log.
# Quick and silent when all are present.
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

# apt's output goes to a log, shown only when it fails.
log=$top/build/logs/deps.log
mkdir -p "$(dirname "$log")"
echo "deps: installing ${missing[*]} (log: ${log#"$top"/})"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo[@]}" apt-get update -q && "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
	echo "deps: apt-get failed; the end of ${log#"$top"/}:" >&2
	tail -n 30 "$log" | sed 's/^/    | /' >&2
	exit 1
fi
echo "deps: installed ${#missing[@]} packages"
