#!/bin/bash
# configure-kernel.sh DIR FRAGMENT...: configure build directory DIR for TREE
# as allnoconfig plus the fragments (merged with the kernel's merge_config.sh,
# later fragments win), then check that every option the fragments ask for is
# in DIR/.config; fail loudly, naming the options, if any is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$(abspath "$1")
shift
mkdir -p "$dir"
for f in "$@"; do [ -f "$f" ] || die "no config fragment $f"; done

KCONFIG_CONFIG="$dir/scamem.fragment" "$TREE/scripts/kconfig/merge_config.sh" -m "$@" >/dev/null
kmake "$dir" KCONFIG_ALLCONFIG="$dir/scamem.fragment" allnoconfig

bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n | "# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%%[= ]*}
		if grep -q "^$sym=" "$dir/.config"; then
			echo "config: $sym should be off but is $(grep "^$sym=" "$dir/.config")" >&2
			bad=1
		fi
		;;
	CONFIG_*=*)
		if ! grep -qxF -- "$line" "$dir/.config"; then
			sym=${line%%=*}
			have=$(grep "^$sym=" "$dir/.config" || echo "not set")
			echo "config: asked for $line, got $have (missing dependency?)" >&2
			bad=1
		fi
		;;
	esac
done <"$dir/scamem.fragment"
[ $bad -eq 0 ] || die "$dir/.config lacks options the fragments ask for: $*"
echo "config: ${dir#"$top"/}/.config has all $(grep -c '^CONFIG_\|^# CONFIG_' "$dir/scamem.fragment") requested options"
