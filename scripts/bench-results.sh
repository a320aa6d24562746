#!/bin/bash
# bench-results.sh DIR: turn the benchmark console logs in DIR (written by
# scripts/run-bench.sh: {base,series}-icount-{1..5}.log, {base,series}-wall.log,
# xen-{base,series}-{1,2,3}.log, defconfig-{base,series}.log) into
# DIR/results.tsv with the columns metric, unit, baseline, series, ratio
# (series/baseline), goal, met; print it as a table.
# icount figures are in instructions (the guest clock advances 1 ns per
# instruction), the mean over the memory layouts: runs 1, 3, 4 and 5 (run 2
# repeats run 1). Xen figures are the median of the three boots.
# DIR/agreement.tsv has, per kernel and metric, how far runs 1 and 2 are
# apart; DIR/layouts.tsv how far the layouts are; DIR/results.md is the
# table in Markdown. Exits non-zero if a row lacks a figure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=$(abspath "$1")

# Every "BENCH metric unit value" line of LOG, prefixed with TAG.
bench_lines() {
	local tag=$1 log=$dir/$2
	[ -f "$log" ] || return 0
	tr -d '\r' <"$log" | sed -n -E "s/.*BENCH ([A-Za-z0-9_]+) ([^ ]+) (-?[0-9.]+).*/$tag \1 \2 \3/p"
}
{
	for k in base series; do
		for run in 1 2 3 4 5; do bench_lines "$k icount $run" "$k-icount-$run.log"; done
		bench_lines "$k wall 1" "$k-wall.log"
		for run in 1 2 3; do bench_lines "$k xen $run" "xen-$k-$run.log"; done
		bench_lines "$k defconfig 1" "defconfig-$k.log"
	done
} >"$dir/raw.txt"

awk -v agree="$dir/agreement.tsv" -v layouts="$dir/layouts.tsv" -v xenruns="$dir/xen-runs.tsv" '
function ratio(b, s) { return (b > 0) ? sprintf("%.3f", s / b) : "-" }
function fmt(v, u) { return (v == "") ? "-" : sprintf(u == "x" ? "%.3f" : "%.1f", v) }
# goal: text shown; kind: how to judge it.
function judge(kind, lim, b, s) {
	if (b == "" || s == "") return "no"
	if (kind == "ratio<=") return (b > 0 && s / b <= lim) ? "yes" : "no"
	if (kind == "ratio~") return (b > 0 && s / b >= 1 - lim && s / b <= 1 + lim) ? "yes" : "no"
	if (kind == "series<=") return (s <= lim) ? "yes" : "no"
	if (kind == "delta<=") return (s - b <= lim) ? "yes" : "no"
	return "-"
}
function row(m, u, b, s, goal, kind, lim) {
	printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m, u, fmt(b, u), fmt(s, u),
		(b == "" || s == "") ? "-" : ratio(b, s), goal,
		(kind == "") ? "-" : judge(kind, lim, b, s)
}
{
	key = $4
	if ($2 == "icount") {
		if (!(key in unit)) { order[++n] = key; unit[key] = $5 }
		v[$1, "icount", $3, key] = $6
		if ($3 != 2) {
			sum[$1, key] += $6; cnt[$1, key]++
			if (!(($1, key) in lo) || $6 + 0 < lo[$1, key]) lo[$1, key] = $6
			if (!(($1, key) in hi) || $6 + 0 > hi[$1, key]) hi[$1, key] = $6
		}
	} else if ($2 == "wall") {
		if (!(key in wunit)) { worder[++wn] = key; wunit[key] = $5 }
		w[$1, key] = $6
	} else {
		if (!(key in xunit)) { xorder[++xn] = key; xunit[key] = $5 ($2 == "xen" ? " wall (Xen dom0, median of 3)" : "") }
		xs[$1, key, ++xc[$1, key]] = $6
	}
}
function mean(k, key) { return cnt[k, key] ? sum[k, key] / cnt[k, key] : "" }
# The median of the other (Xen, defconfig) figures of kernel k.
function median(k, key,   n, i, j, t, a) {
	n = xc[k, key]
	if (!n) return ""
	for (i = 1; i <= n; i++) a[i] = xs[k, key, i]
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
	print "metric\tunit\tbaseline\tseries\tratio\tgoal\tmet"
	for (i = 1; i <= n; i++) {
		key = order[i]; u = unit[key]; sub(/^ns/, "insn", u)
		b = mean("base", key); s = mean("series", key)
		for (k = 0; k < 2; k++) {
			kk = k ? "series" : "base"
			r1 = v[kk, "icount", 1, key]; r2 = v[kk, "icount", 2, key]
			if (r1 != "" && r2 != "" && r1 + r2 > 0)
				printf "%s\t%s\t%s\t%s\t%s\t%.3f\n", kk, key, u, r1, r2, 200 * (r1 - r2) / (r1 + r2) >agree
			# Spread over the layouts: (max - min) / mean, in percent.
			if (cnt[kk, key] > 1 && sum[kk, key] > 0)
				printf "%s\t%s\t%s\t%d\t%.3f\n", kk, key, u, cnt[kk, key],
					100 * (hi[kk, key] - lo[kk, key]) / mean(kk, key) >layouts
		}
		goal = "-"; kind = ""; lim = 0
		# A 1-page mmap() costs ~9000 instructions whatever maps the page
		# (system calls, VMA, TLB flush): its row has no goal (issue 14).
		if (key == "map_remap_vmalloc_1p") { }
		else if (key ~ /^map_(remap_vmalloc|ringbuf|nopopulate_remap_vmalloc)_/) { goal = "<=0.33x (3x fewer)"; kind = "ratio<="; lim = 1 / 3 }
		else if (key == "gup_odirect_read_256p") { goal = "<=1.00x"; kind = "ratio<="; lim = 1 }
		else if (key ~ /^gup_/) { goal = "<=1.1x"; kind = "ratio<="; lim = 1.1 }
		else if (key ~ /^test_vmalloc_/) { goal = "+-2%"; kind = "ratio~"; lim = 0.02 }
		# The issue: bytes and allocations per vmalloc those of 7.3.4 or
		# less (at 1, 16, 64, 512 and 4096 pages), one allocation per
		# mapping as on 7.3.4. A slope may move by a few hundredths of an
		# object (a per-CPU cache refilling in the middle): +0.25
		# allocations, +0.5% bytes. vmalloc_512p_full (384 areas) only
		# checks the shrunk areas of vmalloc_512p: no goal.
		else if (key ~ /_full_/) { }
		else if (key ~ /^(vmalloc|mapping)_.*_allocs$/ || key == "split_allocs") { goal = "no extra (+0)"; kind = "delta<="; lim = 0.25 }
		else if (key ~ /^vmalloc_.*_bytes$/) { goal = "<=7.3.4 (+0.5%)"; kind = "ratio<="; lim = 1.005 }
		row(key, u, b, s, goal, kind, lim)
		val["base", key] = b; val["series", key] = s
	}
	# Derived rows: remap_vmalloc against the floor, what a mapping adds to
	# fork, and whether splitting costs more on a 16x larger mapping.
	split("1 16 256 4096 nopopulate_4096", sizes, " ")
	for (i = 1; i <= 5; i++) {
		p = "map_remap_vmalloc_" sizes[i] "p"; f = "map_pfnmap_" sizes[i] "p"
		if (sizes[i] ~ /^nopopulate/) {
			p = "map_nopopulate_remap_vmalloc_4096p"; f = "map_nopopulate_pfnmap_4096p"
		}
		if (val["base", f] > 0 && val["series", f] > 0)
			row(p "_vs_pfnmap", "x", val["base", p] / val["base", f],
			    val["series", p] / val["series", f], "series <=1.2x", "series<=", 1.2)
	}
	# Against batched remap_pfn_range() (one call per contiguous run), the
	# practical floor of writing PTEs: at most its cost from 256 pages up.
	split("256 4096", rs, " ")
	for (i = 1; i <= 2; i++) {
		p = "map_remap_vmalloc_" rs[i] "p"; f = "map_pfnmap_runs_" rs[i] "p"
		if (val["base", f] > 0 && val["series", f] > 0)
			row(p "_vs_pfnmap_runs", "x", val["base", p] / val["base", f],
			    val["series", p] / val["series", f], "series <=1.0x", "series<=", 1)
	}
	split("256 4096", fs, " ")
	for (i = 1; i <= 2; i++)
		if (val["base", "fork_" fs[i] "p"] > 0 && val["series", "fork_" fs[i] "p"] > 0)
			row("fork_extra_" fs[i] "p", "insn/fork",
			    val["base", "fork_" fs[i] "p"] - val["base", "fork_0p"],
			    val["series", "fork_" fs[i] "p"] - val["series", "fork_0p"],
			    "<=0.05x (20x cheaper)", "ratio<=", 0.05)
	split("mprotect munmap", ops, " ")
	for (i = 1; i <= 2; i++) {
		a = "split_" ops[i] "_256p"; c = "split_" ops[i] "_4096p"
		if (val["base", a] > 0 && val["series", a] > 0)
			row("split_" ops[i] "_4096p_vs_256p", "x", val["base", c] / val["base", a],
			    val["series", c] / val["series", a], "series <=1.1x (O(1))", "series<=", 1.1)
	}
	for (i = 1; i <= wn; i++) {
		key = worder[i]
		if (wunit[key] ~ /^ns/)
			row(key, wunit[key] " wall", w["base", key], w["series", key], "-", "", 0)
	}
	for (i = 1; i <= xn; i++) {
		key = xorder[i]
		row(key, xunit[key], median("base", key), median("series", key), "-", "", 0)
		if (xc["base", key] > 1)
			for (k = 0; k < 2; k++) {
				kk = k ? "series" : "base"; line = ""
				for (j = 1; j <= xc[kk, key]; j++) line = line " " xs[kk, key, j]
				print kk "\t" key "\t" line >xenruns
			}
	}
}' "$dir/raw.txt" >"$dir/results.tsv"

column -t -s "$(printf '\t')" "$dir/results.tsv"
# The same table in Markdown, for docs/bench.md.
awk -F'\t' '{ line = "|"; for (i = 1; i <= NF; i++) line = line " " $i " |"; print line
	if (NR == 1) print "| --- | --- | ---: | ---: | ---: | --- | --- |" }' "$dir/results.tsv" >"$dir/results.md"
# Layouts: how much a figure moves when the memory layout does.
if [ -s "$dir/layouts.tsv" ]; then
	awk -F'\t' '$3 ~ /^insn/ { all++; if ($5 <= 1) ok++; if ($5 > max) { max = $5; at = $1 " " $2 }
		if ($5 > 1) bad = bad " " $1 ":" $2 "(" $5 "%)"; n = $4 }
		END { printf "layouts: %d of %d instruction counts within 1%% over %d layouts, largest spread %.2f%% (%s)\n",
			ok, all, n, max, at
		      if (bad != "") print "  beyond 1%:" bad }' "$dir/layouts.tsv" | tee "$dir/layouts.txt"
fi
# Run to run: the instruction counts (the memory figures are object counts
# and bytes, which icount does not make repeatable; reported apart).
if [ -s "$dir/agreement.tsv" ]; then
	awk -F'\t' '{ d = $6 < 0 ? -$6 : $6; c = ($3 ~ /^insn/) ? "insn" : "mem"
		if (d > max[c]) { max[c] = d; at[c] = $1 " " $2 }
		if (d <= 1) ok[c]++; else bad[c] = bad[c] " " $1 ":" $2 "(" d "%)"; all[c]++ }
		END { printf "icount run-to-run: %d of %d instruction counts within 1%%, largest difference %.2f%% (%s)\n",
			ok["insn"], all["insn"], max["insn"], at["insn"]
		      if (bad["insn"] != "") print "  beyond 1%:" bad["insn"]
		      printf "memory figures (not instruction counts): %d of %d within 1%%, largest difference %.2f%% (%s)\n",
			ok["mem"], all["mem"], max["mem"], at["mem"] }' "$dir/agreement.tsv" | tee "$dir/agreement.txt"
fi
if [ -s "$dir/xen-runs.tsv" ]; then
	echo "Xen boots (wall, each figure):"
	sed 's/^/  /' "$dir/xen-runs.tsv"
fi
missing=$(awk -F'\t' 'NR > 1 && ($3 == "-" || $4 == "-") { print $1 " (" $2 ")" }' "$dir/results.tsv")
if [ -n "$missing" ]; then
	echo "bench: rows without a baseline or a series figure: $(echo "$missing" | tr "\n" " ")" >&2
	exit 1
fi
