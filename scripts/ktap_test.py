#!/usr/bin/env python3
"""ktap_test.py: unit tests of scripts/ktap.py and of scripts/kselftest-table.py's
use of it, on logs saved from real runs (scripts/testdata/, trimmed) and on
small documents made here for the failures a run seldom shows. Run from
anywhere; exits non-zero if a test fails.

testdata/guest.ktap    the bare guest's /init document (guest stage, 7 programs)
testdata/xen.ktap      the series' Xen dom0 document (xen_modules, gntdev_loopback)
testdata/xen-base.ktap 7.3.4's, cut off where its dom0 panicked
testdata/mm-*.ktap     run_kselftest.sh's output in the mm stage on 7.3.4 and
                       the series, six scripts of it; mm-table.tsv,
                       mm-table.out and mm-count.out are what
                       kselftest-table.py wrote from them before it used ktap.py
"""
import importlib.util
import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

here = os.path.dirname(os.path.abspath(__file__))
# No scripts/__pycache__ in the work tree.
sys.dont_write_bytecode = True
sys.path.insert(0, here)
import ktap  # noqa: E402

spec = importlib.util.spec_from_file_location('kselftest_table', os.path.join(here, 'kselftest-table.py'))
table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(table)


def data(name):
    with open(os.path.join(here, 'testdata', name)) as f:
        return f.read()


def count(text):
    rows, totals, problems = ktap.count(ktap.parse(text))
    return {r[0]: r[1:4] + (r[5],) for r in rows}, totals, problems


class Lines(unittest.TestCase):
    def test_depth(self):
        # Two spaces of indentation and each "# " prefix are one level.
        cases = [('ok 1 a', 'result', 0), ('  ok 1 a', 'result', 1),
                 ('# ok 1 a', 'result', 1), ('  # # ok 1 a', 'result', 3),
                 ('  TAP version 13', 'version', 1), ('    1..4', 'plan', 2),
                 ('# # 1..0 # SKIP why', 'plan', 2),
                 # A diagnostic belongs to the level its last "# " opens.
                 ('# # # [RUN] x', 'diag', 2), ('  # Starting 29 tests', 'diag', 1),
                 ('plain text', 'diag', 0)]
        for raw, kind, depth in cases:
            ln = ktap.Line(raw)
            self.assertEqual((ln.kind, ln.depth), (kind, depth), raw)

    def test_result(self):
        ln = ktap.Line('not ok 3 gntdev_loopback # exit=1')
        self.assertEqual((ln.status, ln.number, ln.desc, ln.directive), ('fail', 3, 'gntdev_loopback', 'EXIT=1'))
        ln = ktap.Line('ok 1 gntdev_loopback # SKIP not a Xen dom0')
        self.assertEqual((ln.status, ln.why), ('skip', 'not a Xen dom0'))
        self.assertEqual(ktap.Line('ok 2 x # XFAIL known').status, 'pass')
        self.assertEqual(ktap.Line('ok 2 x # TODO later').status, 'skip')
        self.assertEqual(ktap.Line('ok 12 x\r'.rstrip('\r')).number, 12)
        self.assertEqual(ktap.Line('ok 12abc').kind, 'diag')


class Guest(unittest.TestCase):
    def test_real_run(self):
        rows, totals, problems = count(data('guest.ktap'))
        self.assertEqual(totals, (76, 0, 1))
        self.assertEqual(problems, [])
        self.assertEqual(rows['gntdev_loopback'], (0, 0, 1, []))
        # run_kselftest.sh's "# " nesting inside the indentation: the
        # program's own 19 subtests count, not the runner's one result.
        self.assertEqual(rows['remap_vmalloc'], (19, 0, 0, []))
        self.assertEqual(rows['v4l2-compliance'], (12, 0, 0, []))
        self.assertEqual(sorted(rows), ['gntdev_loopback', 'rdma-pingpong', 'remap_vmalloc', 'scamem-demo',
                                        'smoke', 'test-vmalloc', 'v4l2-compliance'])

    def test_hung_in_a_program(self):
        # The guest stopped inside remap_vmalloc: what it printed counts,
        # the program without a result line fails, and so does the plan.
        text = data('guest.ktap')
        cut = text.index('  # # ok 5 rvt.shared_data')
        rows, (p, f, s), problems = count(text[:cut])
        # /init's "# Subtest: NAME" names it.
        self.assertEqual(rows['remap_vmalloc'][:3], (4, 1, 0))
        self.assertTrue(rows['remap_vmalloc'][3][-1].endswith('4 of 19 results'), rows['remap_vmalloc'][3])
        self.assertEqual((p, f), (4 + 6 + 0, 2))
        self.assertTrue(problems and 'of 7 programs ended' in problems[0])

    def test_no_plan(self):
        rows, totals, _ = count('KTAP version 1\n1..1\n  hello\n  # no TAP here\nok 1 quiet\n')
        self.assertEqual(rows['quiet'], (0, 1, 0, ['no TAP plan']))
        self.assertEqual(totals, (0, 1, 0))

    def test_missing_results(self):
        rows, totals, _ = count('KTAP version 1\n1..1\n  1..3\n  ok 1 a\n  ok 2 b\nok 1 short\n')
        self.assertEqual(rows['short'], (2, 1, 0, ['2 of 3 results']))

    def test_nonzero_exit(self):
        # Every result passed, the program exited 1: one more failure.
        rows, totals, _ = count('KTAP version 1\n1..1\n  1..1\n  ok 1 a\nnot ok 1 prog # exit=1\n')
        self.assertEqual(rows['prog'], (1, 1, 0, ['exit=1']))
        # A failed subtest already says so: no extra failure.
        rows, totals, _ = count('KTAP version 1\n1..1\n  1..2\n  ok 1 a\n  not ok 2 b\nnot ok 1 prog # exit=1\n')
        self.assertEqual(rows['prog'], (1, 1, 0, ['b: failed']))
        # A timeout (busybox timeout: 143) without any output.
        rows, totals, _ = count('KTAP version 1\n1..1\nnot ok 1 slow # exit=143\n')
        self.assertEqual(totals, (0, 1, 0))

    def test_skips(self):
        text = ('KTAP version 1\n1..3\n  1..2\n  ok 1 a\n  ok 2 b # SKIP no device\nok 1 p4 # SKIP exit=4\n'
                '  1..0 # SKIP nothing to do\nok 2 empty\nok 3 xenonly # SKIP not a Xen dom0\n')
        rows, totals, problems = count(text)
        self.assertEqual(rows['p4'], (1, 0, 1, []))
        self.assertEqual(rows['empty'], (0, 0, 1, []))
        self.assertEqual(rows['xenonly'], (0, 0, 1, []))
        self.assertEqual((totals, problems), ((1, 0, 3), []))

    def test_skip_exit_without_plan(self):
        # Exit 4 (KSFT_SKIP) with no TAP at all: no skip, a failure, as
        # guest-results.sh's "[no TAP plan]" counted it.
        rows, totals, _ = count('KTAP version 1\n1..1\n  # no binary\nok 1 wrapper # SKIP exit=4\n')
        self.assertEqual(totals, (0, 1, 0))
        self.assertEqual(rows['wrapper'][3][0], 'no TAP plan')

    def test_nothing(self):
        self.assertEqual(count(''), ({}, (0, 1, 0), ['no KTAP document']))
        self.assertEqual(count('KTAP version 1\n1..0\n')[1:], ((0, 1, 0), ['no program ran']))


class Xen(unittest.TestCase):
    def test_real_run(self):
        rows, totals, problems = count(data('xen.ktap'))
        self.assertEqual(totals, (31, 0, 0))
        self.assertEqual(rows['gntdev_loopback'], (29, 0, 0, []))
        self.assertEqual(problems, [])

    def test_leaves(self):
        # run-xen.sh compares these, in order, between 7.3.4 and the series.
        leaves = [x for x in ktap.leaves(ktap.parse(data('xen.ktap'))) if x[1].startswith('gntdev.')]
        self.assertEqual(len(leaves), 29)
        self.assertEqual(leaves[0], ('pass', 'gntdev.data_both_ways'))
        names = [n for _, n in leaves]
        self.assertLess(names.index('gntdev.dmabuf_export_pv'), names.index('gntdev.pin_across_munmap'))

    def test_dom0_died(self):
        # 7.3.4's dom0 may panic in pin_across_munmap: the results before
        # it are all there, the cut-off program fails.
        text = data('xen.ktap')
        text = text[:text.index('gntdev.pin_across_munmap ...')]
        leaves = [x for x in ktap.leaves(ktap.parse(text)) if x[1].startswith('gntdev.')]
        self.assertEqual(leaves[-1], ('pass', 'gntdev.dmabuf_export_pv'))
        self.assertEqual(count(text)[1][1], 2)


    def test_base_died_in_pin(self):
        # A real 7.3.4 run: dom0 panicked in pin_across_munmap before its
        # result line. The 21 tests before it end as on the series; the
        # program without a result fails.
        def before_pin(name):
            # run-xen.sh's results_before_pin.
            out = []
            for st, n in ktap.leaves(ktap.parse(data(name))):
                if n == 'gntdev.pin_across_munmap':
                    break
                if n.startswith('gntdev.'):
                    out.append((st, n))
            return out
        self.assertEqual(len(before_pin('xen-base.ktap')), 21)
        self.assertEqual(before_pin('xen-base.ktap'), before_pin('xen.ktap'))
        rows, totals, problems = count(data('xen-base.ktap'))
        self.assertEqual(totals, (21, 1, 0))
        self.assertIn('21 of 29 results', rows['gntdev_loopback'][3][-1])


class KselftestTable(unittest.TestCase):
    def run_table(self, *args):
        out = io.StringIO()
        old = sys.argv
        sys.argv = ['kselftest-table.py'] + list(args)
        try:
            with redirect_stdout(out):
                table.main()
        finally:
            sys.argv = old
        return out.getvalue()

    def test_same_as_before(self):
        # What the table wrote from the same logs with its own parser.
        d = os.path.join(here, 'testdata')
        with tempfile.TemporaryDirectory() as tmp:
            tsv = os.path.join(tmp, 't.tsv')
            out = self.run_table('--own', 'remap_vmalloc,scamem_stress', os.path.join(d, 'mm-base.ktap'),
                                 os.path.join(d, 'mm-series.ktap'), tsv)
            self.assertEqual(out, data('mm-table.out'))
            with open(tsv) as f:
                self.assertEqual(f.read(), data('mm-table.tsv'))
        self.assertEqual(self.run_table('--count', os.path.join(d, 'mm-series.ktap')),
                         data('mm-count.out').replace('mm-series.ktap', os.path.join(d, 'mm-series.ktap')))

    def test_levels(self):
        res, ended = table.parse(os.path.join(here, 'testdata', 'mm-series.ktap'))
        self.assertEqual(ended, 6)
        self.assertEqual(res[('ksft_remap_vmalloc.sh', '', '')][0], 'pass')
        self.assertEqual(res[('ksft_remap_vmalloc.sh', 'remap_vmalloc', '')][0], 'pass')
        self.assertEqual(res[('ksft_remap_vmalloc.sh', 'remap_vmalloc', '1')],
                         ('pass', '', 'global.xsk_ring_mmap'))
        st, why, _ = res[('ksft_pagemap.sh', 'pagemap_ioctl', '')]
        self.assertEqual((st, why), ('skip', 'Failed to initialize userfaultfd'))
        st, why, _ = res[('ksft_hugetlb.sh', 'charge_reserved_hugetlb.sh -cgroup-v2', '')]
        self.assertEqual(st, 'fail')
        self.assertTrue(why.endswith('(exit=1)'))

    def test_regression(self):
        # A subtest that passes on 7.3.4 and fails on the series.
        d = os.path.join(here, 'testdata')
        with tempfile.TemporaryDirectory() as tmp:
            series = os.path.join(tmp, 'series.ktap')
            with open(series, 'w') as f:
                f.write(data('mm-series.ktap').replace('# # ok 1 check_compaction', '# # not ok 1 check_compaction'))
            out = self.run_table('--regressed', os.path.join(d, 'mm-base.ktap'), series)
            self.assertEqual(out, 'ksft_compaction.sh\n')


def main(argv):
    """ktap_test.py [--counts FILE]: run the tests; with --counts, write
    "passed failed skipped" (one per test) to FILE for make test's summary."""
    counts = None
    if argv[1:2] == ['--counts']:
        counts, argv = argv[2], argv[:1] + argv[3:]
    prog = unittest.main(argv=argv, exit=False, verbosity=1)
    r = prog.result
    bad = len(r.failures) + len(r.errors) + len(r.unexpectedSuccesses)
    if counts:
        with open(counts, 'w') as f:
            f.write('%d %d %d\n' % (r.testsRun - bad - len(r.skipped), bad, len(r.skipped)))
    sys.exit(1 if bad or not r.testsRun else 0)


if __name__ == '__main__':
    main(sys.argv)
