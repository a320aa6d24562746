#!/usr/bin/env python3
"""kunit-results.py [--filtered=GLOB] TREE KUNITCONFIG RESULT.json: the counts
of a KUnit run, from kunit.py's JSON (`kunit.py exec --json`, `kunit.py run
--json` or `kunit.py parse --json`),
checked against the cases the tree's sources define. Used by
scripts/run-kunit.sh (x86) and scripts/run-kunit-arm64.sh.

kunit.py's JSON has a group per suite (and per parameterized case), its
leaf cases with a status, and per group kunit.py's counts ("misc"), which
also hold what no leaf shows: a suite that fails as a whole (init or exit)
and KTAP parse errors (missing results, a plan not met). The root's counts
are kunit.py's totals. Each case or suite that did not pass is printed.

The cases expected: for each CONFIG_FOO=y of KUNITCONFIG (a path in TREE or
absolute) other than KUnit's own, the objects a Makefile in TREE builds for
it ("obj-$(CONFIG_FOO) += foo.o"); in each foo.c, every struct kunit_suite
(its .name and .test_cases) and the KUNIT_CASE*() entries of its case
array (comments ignored; a case under an #if that is off counts as
missing: a false failure, never a false pass). A suite or case missing
from the JSON (a suite that did not run, a case compiled out, a run that
stopped early) is printed, and so is a suite in the JSON the sources do
not have.

With --filtered=GLOB (a run of some suites or cases: run-kunit.sh GLOB),
only the cases GLOB selects are expected, by KUnit's own rule: SUITE_GLOB
or SUITE_GLOB.CASE_GLOB, each part matched as a shell glob.

Last line: "PASSED FAILED SKIPPED", FAILED counting failed and crashed
cases, KTAP errors, expected cases without a result and suites not
expected.
"""
import fnmatch
import json
import os
import re
import subprocess
import sys


def expected(tree, kunitconfig):
    path = kunitconfig if os.path.isabs(kunitconfig) else os.path.join(tree, kunitconfig)
    configs = re.findall(r'^(CONFIG_\w+)=y\s*$', open(path).read(), re.M)
    suites = {}
    for cfg in configs:
        if cfg.startswith('CONFIG_KUNIT'):
            continue
        files = subprocess.run(['git', '-C', tree, 'grep', '-l', '-F', '$(%s)' % cfg, '--',
                                '*Makefile', '*Kbuild'], capture_output=True, text=True).stdout.split()
        for mk in files:
            # Continuation lines joined.
            text = open(os.path.join(tree, mk)).read().replace('\\\n', ' ')
            for line in re.findall(r'^obj-\$\(%s\)\s*\+=\s*(.*)$' % cfg, text, re.M):
                for obj in line.split():
                    src = os.path.join(tree, os.path.dirname(mk), obj[:-2] + '.c')
                    if obj.endswith('.o') and os.path.exists(src):
                        suites.update(parse_source(src))
        if not files:
            print('  %s: no Makefile builds it' % cfg, file=sys.stderr)
    return suites


def parse_source(src):
    """{suite name: [case names]} for the suites defined in SRC."""
    # Comments out (a commented-out KUNIT_CASE is no case).
    text = re.sub(r'/\*.*?\*/|//[^\n]*', ' ', open(src).read(), flags=re.S)
    arrays = {}
    for m in re.finditer(r'static\s+struct\s+kunit_case\s+(\w+)\s*\[\]\s*=\s*\{(.*?)\n\};',
                         text, re.S):
        arrays[m.group(1)] = re.findall(r'KUNIT_CASE\w*\(\s*(\w+)', m.group(2))
    suites = {}
    for m in re.finditer(r'struct\s+kunit_suite\s+\w+\s*=\s*\{(.*?)\n\};', text, re.S):
        name = re.search(r'\.name\s*=\s*"([^"]+)"', m.group(1))
        cases = re.search(r'\.test_cases\s*=\s*(\w+)', m.group(1))
        if name and cases:
            suites[name.group(1)] = arrays.get(cases.group(1), [])
    return suites


def bad(misc):
    return misc.get('failed', 0) + misc.get('crashed', 0) + misc.get('errors', 0)


def walk(group, path):
    """Print what failed below GROUP; return how many failures it showed."""
    shown = 0
    for case in group.get('test_cases', []):
        if case['status'] not in ('PASS', 'SKIP'):
            print('  not ok: %s: %s' % ('.'.join(path + [case['name']]), case['status']))
            shown += 1
    for sub in group.get('sub_groups', []):
        shown += walk(sub, path + [sub['name']])
    if path and bad(group.get('misc', {})) > shown:
        print('  not ok: %s: %d failure(s) of the suite itself or KTAP error(s)'
              % ('.'.join(path), bad(group['misc']) - shown))
        shown = bad(group['misc'])
    return shown


def main():
    args = sys.argv[1:]
    glob = None
    if args and args[0].startswith('--filtered='):
        glob = args.pop(0)[len('--filtered='):]
    tree, kunitconfig, result = args[:3]
    want = known = expected(tree, kunitconfig)
    if glob is not None:
        suite_glob, _, case_glob = glob.partition('.')
        want = {suite: [c for c in cases if not case_glob or fnmatch.fnmatchcase(c, case_glob)]
                for suite, cases in want.items() if fnmatch.fnmatchcase(suite, suite_glob)}
    try:
        root = json.load(open(result))
    except (OSError, ValueError) as e:
        root = {}
        print('  no JSON result (%s)' % e)
    walk(root, [])
    m = root.get('misc', {})
    suites = [g['name'] for g in root.get('sub_groups', [])]
    print('suites: %s; %d KTAP parse error(s)' % (', '.join(suites) or 'none', m.get('errors', 0)))
    have = {}
    for group in root.get('sub_groups', []):
        # A parameterized case is a sub-group of its suite.
        have[group['name']] = ({c['name'] for c in group.get('test_cases', [])} |
                               {g['name'] for g in group.get('sub_groups', [])})
    missing = extra = 0
    for suite, cases in sorted(want.items()):
        if suite not in have:
            print('  suite %s (%d cases) did not run' % (suite, len(cases)))
            missing += len(cases)
            continue
        for case in cases:
            if case not in have[suite]:
                print('  %s.%s: no result' % (suite, case))
                missing += 1
    for suite in sorted(set(have) - set(known)):
        print('  suite %s: not in the sources of %s' % (suite, kunitconfig))
        extra += 1
    total = sum(len(c) for c in want.values())
    print('%d suites, %d cases in the sources; %d without a result'
          % (len(want), total, missing))
    print('%d %d %d' % (m.get('passed', 0), bad(m) + missing + extra, m.get('skipped', 0)))


if __name__ == '__main__':
    main()
