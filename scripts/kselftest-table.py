#!/usr/bin/env python3
"""kselftest-table.py BASE.ktap SERIES.ktap TABLE.tsv: compare two runs of
upstream's selftests/mm, each the KTAP output of run_kselftest.sh on 7.3.4
and on the series (scripts/run-mm-selftests.sh), result by result.

Three levels are compared: the runner's per-script results (ksft_cow.sh),
run_vmtests.sh's per-program results (cow, "khugepaged -s 2"), and the
programs' own KTAP subtests ("12 Basic COW after fork() with base page").

Verdicts, and how the summary counts them:
  pass         passes on the series (whatever 7.3.4 did)          passed
  REGRESSION   passes on 7.3.4 and not on the series; or fails on
               the series and only skips on 7.3.4 (or is absent)  failed
  fails-both   fails on 7.3.4 and on the series                    skipped
  skip         skips (or is absent) on the series, does not pass
               on 7.3.4                                            skipped
  OWN          a result of the series' own tests (--own PROG,...: the
               programs and their ksft_PROG.sh) that does not pass on
               the series, whatever 7.3.4 did                      failed
  flaky-both   a REGRESSION whose script, run again alone on both
               kernels (--rerun-base RUN.ktap and --rerun-series
               RUN.ktap, each repeatable), both passed and failed on
               7.3.4, passed at least once on the series, and failed
               on the series not significantly more often than on
               7.3.4 (the first run included; Fisher's exact test,
               one-sided, p >= 0.05). A rerun result that timed out,
               or is missing, is no evidence either way.           skipped
Writes TABLE.tsv (one row per result, with the skip or fail reason) and
prints the regressions, the skip reasons grouped, and a last line
"P F S" (passed, failed, skipped).

kselftest-table.py --regressed [--own ...] BASE.ktap SERIES.ktap: print the
scripts (ksft_ksm_numa.sh) that have a REGRESSION, one per line, for
scripts/run-mm-selftests.sh to run again on both kernels.

kselftest-table.py --count RUN.ktap: count one run's results, each at the
deepest level it has (a script's programs, a program's subtests), print
the ones that failed or skipped, then "P F S".
"""
import os
import re
import sys
from collections import Counter

# No scripts/__pycache__ in the work tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402  (scripts/ktap.py: the workbench's one KTAP parser)

split_directive = ktap.split_directive
status_of = ktap.status_of


def pretty(cmd):
    return re.sub(r'^(bash )?\./', '', cmd.strip())


def parse(path):
    """Return ({key: (status, reason, description)}, scripts that ended).

    The levels of run_kselftest.sh's output as ktap.py reads them: depth 0
    is the runner's (a script's result), depth 1 run_vmtests.sh's (a
    program's), depth 2 the program's own subtests; a diagnostic is the
    note a later result that did not pass gives as its reason."""
    res = {}
    script = prog = None
    note = ''           # the last comment line in the current program
    ended = 0
    try:
        text = open(path, errors='replace').read()
    except OSError:
        return res, 0
    for ln in ktap.lines(text):
        if ln.indent:
            continue
        if ln.k == 1 and ln.kind == 'diag':
            m = re.match(r'^selftests: \S+: (\S+)$', ln.body)
            if m:
                script, prog, note = m.group(1), None, ''
            continue
        if ln.k >= 2:
            if ln.k == 2 and ln.kind == 'diag':
                m = re.match(r'^running (.*)$', ln.body)
                if m:
                    # What run_vmtests.sh printed before the title (a
                    # missing module) stays the note.
                    prog = pretty(m.group(1))
                    continue
            if ln.depth == 2 and ln.kind == 'plan' and ln.count == 0 and 'SKIP' in ln.body:
                note = ln.why
                continue
            if ln.depth == 2 and ln.kind == 'result' and ln.named and script and prog:
                st = ln.status
                # Keyed by number: a subtest's description may say how it
                # ended ("write() failed"), so it can differ between runs.
                res[(script, prog, str(ln.number))] = (st, ln.why or (note if st != 'pass' else ''), ln.desc)
                continue
            text = ln.body.lstrip('# ').strip()
            if text and not text.startswith('-') and not re.match(r'^(\[(RUN|OK|PASS|SKIP|FAIL)\]|Totals|SUMMARY|1\.\.\d+|TAP version)', text):
                note = text
            continue
        if ln.k == 1:
            if ln.kind == 'result' and ln.named and script:
                d, why = ln.directive, ln.why
                st = ln.status
                if st == 'pass':
                    why = ''
                elif d.startswith('EXIT'):
                    why = (note + ' ' if note else '') + '(' + d.lower() + ')'
                else:
                    why = why or note
                res[(script, pretty(ln.desc), '')] = (st, why, '')
                note = ''
            continue
        if ln.kind == 'result' and ln.named and script:
            st, d, why = ln.status, ln.directive, ln.why
            res[(script, '', '')] = (st, (d.lower() + ' ' + why).strip() if st != 'pass' else '', '')
            script = prog = None
            ended += 1
    return res, ended


def count(path):
    res, ended = parse(path)
    counts = Counter()
    # A failing subtest also fails its program and script: count it once.
    deeper = {k[:2] for k in res if k[2]} | {(k[0], '') for k in res if k[1]}
    for key, (st, why, desc) in sorted(res.items()):
        if key[:2] in deeper and not key[2]:
            continue
        counts[st] += 1
        if st != 'pass':
            print('  %s %s %s %s %s (%s)' % ('FAILED' if st == 'fail' else 'SKIPPED',
                                           key[0], key[1], key[2], desc, why))
    print('%s: %d results, %d scripts ran to the end' % (path, len(res), ended))
    print('%d %d %d' % (counts['pass'], counts['fail'], counts['skip']))


def reruns(runs, key):
    """How many of RUNS (parsed) have a result for KEY, and how many of
    them failed it; a timeout is no result."""
    sts = []
    for res in runs:
        st, why = res.get(key, ('absent', ''))[:2]
        if st != 'absent' and 'timeout' not in why.lower():
            sts.append(st)
    return len(sts), sum(st == 'fail' for st in sts)


def comb(n, k):
    r = 1
    for i in range(k):
        r = r * (n - i) // (i + 1)
    return r


def fisher_more(fs, ns, fb, nb):
    """One-sided p of Fisher's exact test: the chance of the series failing
    fs or more of its ns runs if both kernels fail at the same rate, given
    fs + fb failures in ns + nb runs."""
    f, n = fs + fb, ns + nb
    return sum(comb(ns, k) * comb(nb, f - k) for k in range(fs, min(ns, f) + 1)) / comb(n, f)


def main():
    if sys.argv[1] == '--count':
        count(sys.argv[2])
        return
    args = sys.argv[1:]
    regressed = False
    own = set()
    rerun = {'--rerun-base': [], '--rerun-series': []}
    while args[0].startswith('--'):
        if args[0] == '--regressed':
            regressed = True
            del args[0]
            continue
        if args[0] == '--own':
            own = set(args[1].split(','))
        else:
            rerun[args[0]].append(args[1])
        del args[0:2]
    own_scripts = {'ksft_%s.sh' % o for o in own}
    base_path, series_path = args[0:2]
    rerun = {k: [parse(p)[0] for p in v] for k, v in rerun.items()}
    base, base_ended = parse(base_path)
    series, series_ended = parse(series_path)
    rows = []
    counts = Counter()
    def order(key):
        return key[0], key[1], int(key[2]) if key[2] else -1

    for full in sorted(set(base) | set(series), key=order):
        b, breason, bdesc = base.get(full, ('absent', '', ''))
        s, sreason, sdesc = series.get(full, ('absent', '', ''))
        key = full
        if key[2]:
            key = key[:2] + (key[2] + ' ' + (sdesc or bdesc),)
        reason = sreason or breason
        if s == 'pass':
            verdict, n = 'pass', 'passed'
        elif key[0] in own_scripts or key[1].split(' ')[0] in own:
            verdict, n = 'OWN', 'failed'
        elif b == 'pass' or s == 'fail' and b in ('skip', 'absent'):
            verdict, n = 'REGRESSION', 'failed'
            rb, fb = reruns(rerun['--rerun-base'], full)
            rs, fs = reruns(rerun['--rerun-series'], full)
            if rb or rs:
                # The first run: a pass on 7.3.4 (or a skip), a failure on the series.
                p_more = fisher_more(fs + 1, rs + 1, fb, rb + 1)
                reason = ('%s; run again: 7.3.4 failed %d of %d, the series %d of %d, p=%.3f'
                          % (reason, fb, rb, fs, rs, p_more)).lstrip('; ')
                # It fails on 7.3.4 too, and passes alone on both; the
                # series does not fail it significantly more often.
                if 0 < fb < rb and fs < rs and p_more >= 0.05:
                    verdict, n = 'flaky-both', 'skipped'
        elif s == 'fail':
            verdict, n = 'fails-both', 'skipped'
        else:
            verdict, n = 'skip', 'skipped'
        counts[n] += 1
        rows.append(key + (b, s, verdict, reason))
    if regressed:
        for script in sorted({r[0] for r in rows if r[5] == 'REGRESSION'}):
            print(script)
        return
    out = args[2]
    with open(out, 'w') as f:
        f.write('script\tprogram\tsubtest\t7.3.4\tseries\tverdict\treason\n')
        for r in rows:
            f.write('\t'.join(x.replace('\t', ' ') for x in r) + '\n')
    print('mm-selftests: %d results; 7.3.4 ran %d scripts to the end, the series %d'
          % (len(rows), base_ended, series_ended))
    for r in rows:
        if r[5] in ('REGRESSION', 'OWN', 'flaky-both'):
            print('  %s %s %s %s: 7.3.4 %s, series %s (%s)' % (r[5], r[0], r[1], r[2], r[3], r[4], r[6]))
    why = Counter()
    for r in rows:
        if r[5] in ('skip', 'fails-both') and r[2] == '' and r[1]:
            why['%s: %s' % (r[5], r[6] or '?')] += 1
    for w, c in why.most_common():
        print('  %3d programs  %s' % (c, w))
    print('%d %d %d' % (counts['passed'], counts['failed'], counts['skipped']))


if __name__ == '__main__':
    main()
