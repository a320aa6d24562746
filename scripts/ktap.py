#!/usr/bin/env python3
"""ktap.py: the workbench's one KTAP parser (Documentation/dev-tools/ktap.rst),
for the guest's /init document (guest/init.sh, on the guest's second serial
port), kselftest's run_kselftest.sh output in it or alone (the mm stage),
and scripts/kselftest-table.py. KUnit's output goes through the tree's
kunit.py parse (scripts/run-kunit.sh).

Nesting is read both ways KTAP and kselftest write it: two spaces of
indentation per level (the KTAP spec), and kselftest's "# " prefix, one per
level (run_kselftest.sh prefixes a program's whole output with "# ", and
run_vmtests.sh once more). A line is at depth indent/2 + the number of "# "
prefixes when what follows them is a version line, a plan or a result;
otherwise it is a diagnostic of the test one level up. Unit tests:
scripts/ktap_test.py, on saved logs in scripts/testdata/.

  ktap.py count FILE    the results of /init's document: one row per
                        program, then "P F S" (passed, failed, skipped)
  ktap.py results FILE  each leaf result, "pass|fail|skip NAME", in order

Counting (count): every test is counted at the deepest level it has, so a
program counts its own subtests; and one more failure for a test that
failed with no failing subtest (a nonzero exit, "# exit=RC"), a plan that
does not match its results ("3 of 19 results"), a program of /init without
a plan (no TAP), a test with output and no result line (the guest hung,
crashed or timed out in it), and a document with no program in it.
"""
import re
import sys

VERSION = re.compile(r'^K?TAP version \d+\s*$')
PLAN = re.compile(r'^1\.\.(\d+)\s*(?:#\s*(?:SKIP\b)?\s*(.*?))?\s*$', re.I)
RESULT = re.compile(r'^(not ok|ok) (\d+)(?: (.*?))?\s*$')
DIRECTIVE = re.compile(r'^(.*?)\s+#\s*(SKIP|TODO|XFAIL|TIMEOUT|exit=\S+)\s*(.*)$', re.I)


def split_directive(rest):
    """'desc # SKIP why' -> ('desc', 'SKIP', 'why')."""
    m = DIRECTIVE.match(rest)
    if not m:
        return rest, '', ''
    return m.group(1), m.group(2).upper(), m.group(3).strip()


def status_of(okword, directive):
    """pass, fail or skip: a TODO is a skip, an XFAIL a pass."""
    if directive in ('SKIP', 'TODO'):
        return 'skip'
    if directive == 'XFAIL':
        return 'pass'
    return 'pass' if okword == 'ok' else 'fail'


class Line:
    """One line: kind version, plan, result or diag; depth; k, the number of
    "# " prefixes; body, the text after the indentation and every prefix."""

    def __init__(self, raw):
        self.raw = raw
        text = raw.lstrip(' ')
        indent = (len(raw) - len(text)) // 2
        k = 0
        while text.startswith('# ') or text == '#':
            text = text[2:]
            k += 1
        self.k, self.body, self.indent = k, text, indent
        self.depth = indent + k
        self.kind = 'diag'
        if VERSION.match(text):
            self.kind = 'version'
        elif PLAN.match(text):
            m = PLAN.match(text)
            self.kind, self.count, self.why = 'plan', int(m.group(1)), (m.group(2) or '')
        elif RESULT.match(text):
            m = RESULT.match(text)
            self.kind = 'result'
            self.number = int(m.group(2))
            self.named = m.group(3) is not None     # "ok 1 NAME", not "ok 1"
            self.desc, self.directive, self.why = split_directive(m.group(3) or '')
            self.status = status_of(m.group(1), self.directive)
        else:
            # A diagnostic ("# text") belongs to the level its last "# " opens.
            self.depth = indent + max(k - 1, 0)


def lines(text):
    return [Line(raw) for raw in text.replace('\r', '').split('\n')]


class Test:
    def __init__(self, name='', status=None, number=0, directive='', why=''):
        self.name, self.status, self.number = name, status, number
        self.directive, self.why = directive, why
        self.plan = None        # the number its plan promises, None without one
        self.plan_why = ''      # a "1..0 # SKIP why" plan's reason
        self.subtests = []
        self.diags = []
        self.seen = False       # a version line, plan or result inside it

    def __repr__(self):
        return 'Test(%r, %r, plan=%r, %d subtests)' % (self.name, self.status, self.plan, len(self.subtests))


def parse(text):
    """The document's tree: a root Test whose subtests are the top level's."""
    root = Test()
    open_ = {0: root}       # depth -> the test whose lines are at that depth

    def close_below(d):
        # Levels deeper than d whose parent never printed a result: the
        # program hung, crashed or was cut off there.
        for lvl in sorted((x for x in open_ if x > d), reverse=True):
            t = open_.pop(lvl)
            if t.seen:
                t.status, t.why = 'fail', 'no result line: hung, crashed or timed out'
                t.name = t.name or '(unfinished)'
                parent(lvl - 1).subtests.append(t)

    def parent(d):
        if d not in open_:
            open_[d] = Test()
        return open_[d]

    for ln in lines(text):
        d = ln.depth
        if ln.kind == 'diag':
            t = parent(d)
            if ln.body.startswith('Subtest: '):
                # KUnit's and /init's name of the subtest that follows.
                t.name = ln.body[len('Subtest: '):].strip()
            elif ln.body or ln.k:
                t.diags.append(ln.body)
            continue
        if ln.kind == 'version':
            # A new (sub)document: what is still open below it is unfinished.
            close_below(d)
            parent(d).seen = True
            continue
        if ln.kind == 'plan':
            t = parent(d)
            t.plan, t.plan_why, t.seen = ln.count, ln.why, True
            continue
        close_below(d + 1)
        t = open_.pop(d + 1, None) or Test()
        t.name, t.status, t.number = ln.desc, ln.status, ln.number
        t.directive, t.why = ln.directive, ln.why
        parent(d).subtests.append(t)
        parent(d).seen = True
    close_below(0)
    return root


def tally(t, need_plan=False):
    """(passed, failed, skipped, problems) of T, counted at the deepest level."""
    p = f = s = 0
    problems = []
    if t.subtests or t.plan is not None:
        for c in t.subtests:
            cp, cf, cs, cprobs = tally(c)
            p, f, s = p + cp, f + cf, s + cs
            problems += ['%s: %s' % (c.name, x) for x in cprobs]
        if t.plan is None:
            if need_plan:
                f += 1
                problems.append('no TAP plan')
        elif t.plan == 0 and not t.subtests:
            s += 1
        elif t.plan != len(t.subtests):
            f += 1
            problems.append('%d of %d results' % (len(t.subtests), t.plan))
        if t.status == 'fail' and f == 0:
            f += 1
            problems.append(t.why or t.directive.lower() or 'failed')
        return p, f, s, problems
    # A program that printed no plan fails, whatever its exit status: a
    # wrapper that bails out with KSFT_SKIP (exit 4, "# SKIP exit=4") but
    # says nothing in TAP is no skip. Only /init's own skips (a program whose
    # needs= this machine lacks, which it never ran) stand without a plan.
    if need_plan and (t.status != 'skip' or t.why.startswith('exit=')):
        return 0, 1, 0, ['no TAP plan'] + ([t.directive.lower()] if t.directive else [])
    if t.status == 'pass':
        return 1, 0, 0, []
    if t.status == 'skip':
        return 0, 0, 1, []
    return 0, 1, 0, [t.why or t.directive.lower() or 'failed']


def count(root):
    """The rows of /init's document (one per program) and its totals."""
    rows = []
    P = F = S = 0
    for t in root.subtests:
        p, f, s, problems = tally(t, need_plan=True)
        rows.append((t.name, p, f, s, t.directive or ('' if t.status != 'fail' else 'failed'), problems))
        P, F, S = P + p, F + f, S + s
    problems = []
    if not root.subtests:
        F += 1
        problems.append('no program ran' if root.seen else 'no KTAP document')
    elif root.plan is None:
        F += 1
        problems.append('no plan')
    elif root.plan != len(root.subtests):
        F += 1
        problems.append('%d of %d programs ended: the guest hung, crashed or timed out'
                        % (len(root.subtests), root.plan))
    return rows, (P, F, S), problems


def leaves(t, path=()):
    """(status, name) of every leaf, depth first, in order."""
    for c in t.subtests:
        if c.subtests:
            yield from leaves(c, path + (c.name,))
        else:
            yield c.status, c.name


def main(argv):
    if len(argv) != 3 or argv[1] not in ('count', 'results'):
        sys.exit(__doc__)
    try:
        text = open(argv[2], errors='replace').read()
    except OSError:
        text = ''
    root = parse(text)
    if argv[1] == 'results':
        for st, name in leaves(root):
            print(st, name)
        return
    rows, (P, F, S), problems = count(root)
    for name, p, f, s, how, probs in rows:
        print('  %-24s %3d passed %3d failed %3d skipped %s%s'
              % (name, p, f, s, ('# ' + how) if how else '', ''.join(' [%s]' % x for x in probs)))
    for x in problems:
        print('  ' + x)
    print('%d %d %d' % (P, F, S))


if __name__ == '__main__':
    main(sys.argv)
