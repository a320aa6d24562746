#!/usr/bin/env python3
"""kunit-expected.py TREE KUNITCONFIG RESULT.json: the KUnit cases a run
should have had, from the tree, against the ones kunit.py's JSON has.

For each CONFIG_FOO=y of KUNITCONFIG (a path in TREE or absolute) other than
KUnit's own, the objects a Makefile in TREE builds for it
("obj-$(CONFIG_FOO) += foo.o"); in each foo.c, every struct kunit_suite
(its .name and .test_cases) and the KUNIT_CASE*() entries of its case
array (comments ignored; a case under an #if that is off counts as
missing: a false failure, never a false pass). A suite or case missing from the JSON (a suite that did not run,
a case compiled out, a run that stopped early) is printed; so is a suite
in the JSON the sources do not have. Last line: "EXPECTED MISSING EXTRA"
(cases expected, expected cases not in the JSON, suites not expected).
"""
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


def main():
    tree, kunitconfig, result = sys.argv[1:4]
    want = expected(tree, kunitconfig)
    try:
        root = json.load(open(result))
    except (OSError, ValueError) as e:
        root = {}
        print('  no JSON result (%s)' % e)
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
    for suite in sorted(set(have) - set(want)):
        print('  suite %s: not in the sources of %s' % (suite, kunitconfig))
        extra += 1
    total = sum(len(c) for c in want.values())
    print('kunit-expected: %d suites, %d cases in the sources; %d without a result'
          % (len(want), total, missing))
    print('%d %d %d' % (total, missing, extra))


if __name__ == '__main__':
    main()
