#!/usr/bin/env python3
"""check-upstream-ids.py LIST PATCH...: check the upstream commit ids that
the patches' messages name, as checkpatch.pl would with upstream history.

A reference is what checkpatch looks up: "Fixes: <id>" or "commit <id>",
followed by ("<subject>"), which may wrap. Each must have 12 hex digits or
more, be in LIST (patches/upstream-commits: id, tab, exact subject, tab,
where it was checked) and quote LIST's subject exactly; a Fixes: tag must
quote one. Every LIST entry must be used by some patch. Prints one line per
problem as PATCH:LINE: message and exits 1 if there is any.

With UPSTREAM_GIT_DIR set to a clone of upstream Linux, each LIST entry is
also looked up there (git log -1) and must have that subject.

check-upstream-ids.py --self-test: check that each kind of bad reference
is caught (scripts/check-patches.sh runs it before the real check).
"""
import os
import re
import subprocess
import sys

REF = re.compile(r'(^fixes:|\bcommit)\s+([0-9a-f]{6,40})\b', re.I)


def load(path):
    known = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            parts = line.split('\t')
            if len(parts) != 3 or not re.fullmatch(r'[0-9a-f]{12,40}', parts[0]):
                sys.exit('%s:%d: want ID<tab>SUBJECT<tab>WHERE' % (path, n))
            known[parts[0]] = parts[1]
    return known


def lookup(known, ref):
    hits = [k for k in known if k.startswith(ref) or ref.startswith(k)]
    return hits[0] if len(hits) == 1 else None


def message(path):
    """The commit message lines of a git format-patch file, with numbers."""
    with open(path, errors='replace') as f:
        lines = f.read().split('\n')
    out, in_body = [], False
    for n, line in enumerate(lines, 1):
        if not in_body:
            in_body = line == ''
            continue
        if line == '---':
            break
        out.append((n, line))
    return out


def check(known, paths):
    problems, used = [], set()
    for path in paths:
        body = message(path)
        for i, (n, line) in enumerate(body):
            for m in REF.finditer(line):
                kind, ref = m.group(1), m.group(2).lower()
                where = '%s:%d' % (os.path.basename(path), n)
                # The subject may wrap onto the next lines.
                rest = ' '.join([line[m.end():]] + [l for _, l in body[i + 1:i + 4]])
                q = re.match(r'\s*\("(.+?)"\)', rest)
                subject = re.sub(r'\s+', ' ', q.group(1)) if q else None
                if len(ref) < 12:
                    problems.append('%s: %s has fewer than 12 hex digits' % (where, ref))
                key = lookup(known, ref)
                if key is None:
                    problems.append('%s: %s is not in the list of upstream commits' % (where, ref))
                    continue
                used.add(key)
                if subject is None:
                    if kind.lower() == 'fixes:':
                        problems.append('%s: Fixes: %s quotes no subject' % (where, ref))
                elif subject != known[key]:
                    problems.append('%s: %s quotes "%s"; upstream has "%s"' % (where, ref, subject, known[key]))
    for key in known:
        if key not in used:
            problems.append('upstream-commits: %s ("%s") is named by no patch' % (key, known[key]))
    gitdir = os.environ.get('UPSTREAM_GIT_DIR')
    if gitdir:
        for key, subject in known.items():
            r = subprocess.run(['git', '--git-dir', gitdir, 'log', '-1', '--format=%s', key],
                               capture_output=True, text=True)
            if r.returncode != 0:
                problems.append('upstream-commits: %s is not in %s' % (key, gitdir))
            elif r.stdout.strip() != subject:
                problems.append('upstream-commits: %s is "%s" in %s' % (key, r.stdout.strip(), gitdir))
    return problems


def self_test():
    import tempfile
    good = 'xen/gntdev: Implement dma-buf export functionality'
    msg = [
        'Fixes: a240d6e42e28 ("xen/gntdev: Implement dma-buf import functionality")',
        'Fixes: a240d6e ("%s")' % good,
        'Fixes: a240d6e42e28',
        'As commit a240d6e42e28 ("xen/gntdev: Implement dma-buf',
        'export functionality") says, and commit 0123456789ab ("nope").',
        'Fixes: a240d6e42e28 ("%s")' % good,
    ]
    want = [
        't.patch:4: a240d6e42e28 quotes "xen/gntdev: Implement dma-buf import '
        'functionality"; upstream has "%s"' % good,
        't.patch:5: a240d6e has fewer than 12 hex digits',
        't.patch:6: Fixes: a240d6e42e28 quotes no subject',
        't.patch:8: 0123456789ab is not in the list of upstream commits',
        'upstream-commits: 923b2919e2c3 ("unused") is named by no patch',
    ]
    with tempfile.TemporaryDirectory() as d:
        with open(d + '/list', 'w') as f:
            f.write('a240d6e42e28\t%s\there\n923b2919e2c3\tunused\there\n' % good)
        with open(d + '/t.patch', 'w') as f:
            f.write('From: x\nSubject: [PATCH] t\n\n' + '\n'.join(msg) + '\n---\ncommit 0000000000 ("diff")\n')
        os.environ.pop('UPSTREAM_GIT_DIR', None)
        got = check(load(d + '/list'), [d + '/t.patch'])
    if got != want:
        print('self-test: got', *got, 'want', *want, sep='\n  ')
        sys.exit(1)
    print('check-upstream-ids: self-test caught all %d bad references' % len(want))


def main():
    if sys.argv[1:] == ['--self-test']:
        self_test()
        return
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    problems = check(load(sys.argv[1]), sys.argv[2:])
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


main()
