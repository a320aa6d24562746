#!/usr/bin/env python3
"""check-upstream-ids.py LIST PATCH...: check the upstream commit ids that
the patches' messages name, as checkpatch.pl does with upstream history.

The base has no upstream history, so checkpatch cannot look ids up
(UNKNOWN_COMMIT_ID) and its BAD_FIXES_TAG and GIT_COMMIT_ID checks, which
need the real subject, stay silent. This script finds the references those
checks find in a commit message (up to its "---" line):

 - a Fixes tag, in any of the forms checkpatch recognises
   (^\\s*fixes:?\\s*(commit\\s*)?<hex>), which must read exactly
   Fixes: <id> ("<subject>");
 - "commit <hex>", also with the id on the next line, and a bare 12 to 40
   digit hex word, which must read commit <id> ("<subject>"), the subject
   possibly wrapped over the next two lines;

and requires of each: an id of 12 to 40 lower-case hex digits that is a
prefix of a full id in LIST (patches/upstream-commits: id, tab, exact
subject, tab, where it was checked), and LIST's subject, quoted. A bare hex
word that is not in LIST is reported too: here nothing can tell whether it
is a commit. Every LIST entry must be used by some patch. Prints one line
per problem as PATCH:LINE: message; exits 1 if there is any.

With UPSTREAM_GIT_DIR set to a clone of upstream Linux, each LIST entry must
also be a commit there with that subject.

check-upstream-ids.py --self-test: check that each kind of bad reference is
caught (scripts/check-patches.sh runs it before the real check).
"""
import os
import re
import subprocess
import sys

FIXES = re.compile(r'^\s*(fixes:?)\s*(?:commit\s*)?([0-9a-f]{5,40})', re.I)
COMMIT = re.compile(r'\bcommit\s+([0-9a-f]{5,})\b', re.I)
BARE = re.compile(r'(?:\s|^)([0-9a-f]{12,40})(?=[\s"\'(\[]|$)', re.I)
SKIP = re.compile(r'^\s*(?:Link|Patchwork|http|https|BugLink|base-commit):', re.I)


def load(path):
    known = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            parts = line.split('\t')
            if len(parts) != 3 or not re.fullmatch(r'[0-9a-f]{40}', parts[0]):
                sys.exit('%s:%d: want FULL-40-HEX-ID<tab>SUBJECT<tab>WHERE' % (path, n))
            known[parts[0]] = parts[1]
    return known


def message(path):
    """The commit message of a git format-patch file: (number, line) pairs."""
    with open(path, errors='replace') as f:
        lines = f.read().split('\n')
    out, in_body = [], False
    for n, line in enumerate(lines, 1):
        if not in_body:
            in_body = line == ''
            continue
        if line == '---' or line.startswith('diff --git '):
            break
        out.append((n, line))
    return out


def parens(text):
    """The balanced (...) group text starts with (after blanks), or None."""
    text = text.lstrip()
    if not text.startswith('('):
        return None
    depth = 0
    for i, c in enumerate(text):
        depth += c == '('
        depth -= c == ')'
        if depth == 0:
            return text[1:i]
    return None


def quoted(group):
    if group is not None and len(group) >= 2 and group[0] == group[-1] == '"':
        return re.sub(r'\s+', ' ', group[1:-1])
    return None


def check(known, paths):
    problems, used = [], set()

    def verify(where, ref, subject, form_ok, form):
        """One reference: its id, and its subject where the id is known."""
        keys = [k for k in known if k.startswith(ref.lower())]
        if not re.fullmatch(r'[0-9a-f]{12,40}', ref):
            problems.append('%s: %s: want 12 to 40 lower-case hex digits' % (where, ref))
        if len(keys) != 1:
            problems.append('%s: %s is not in the list of upstream commits' % (where, ref))
            return
        used.add(keys[0])
        if subject != known[keys[0]] or not form_ok:
            problems.append('%s: want %s %s ("%s")' % (where, form, keys[0][:12], known[keys[0]]))

    for path in paths:
        body = message(path)
        name = os.path.basename(path)
        joined = -1
        for i, (n, line) in enumerate(body):
            where = '%s:%d' % (name, n)
            if i == joined:
                continue  # its id was read with the line before, as checkpatch does
            nxt = [l.strip() for _, l in body[i + 1:i + 3]]
            m = FIXES.match(line)
            if m:
                ref = m.group(2)
                subject = quoted(parens(line[m.end():]))
                form_ok = (m.group(1) == 'Fixes:' and
                           re.match(r'^Fixes: [0-9a-f]{12,40} \(', line) is not None)
                verify(where, ref, subject, form_ok, 'Fixes:')
                continue
            if SKIP.match(line) or re.match(r'^This reverts commit [0-9a-f]{7,40}', line):
                continue
            text = line
            if re.search(r'\bcommit\s*$', line, re.I) and nxt and re.match(r'[0-9a-f]{5,}\b', nxt[0], re.I):
                text = line + ' ' + ' '.join(nxt)
                joined = i + 1
            m = COMMIT.search(text)
            if m:
                rest = text[m.end():]
                if parens(rest) is None or not rest.lstrip().startswith('("'):
                    rest = ' '.join([text[m.end():]] + nxt)
                subject = quoted(parens(rest))
                form_ok = re.search(r'\b[Cc]ommit [0-9a-f]{12,40}\b', text) is not None
                verify(where, m.group(1), subject, form_ok, 'commit')
                continue
            if re.search(r'[<\[][0-9a-f]{12,40}[>\]]', line, re.I):
                continue
            for b in BARE.finditer(line):
                verify(where, b.group(1), None, False, 'commit')
    for key in known:
        if key not in used:
            problems.append('upstream-commits: %s ("%s") is named by no patch' % (key[:12], known[key]))
    gitdir = os.environ.get('UPSTREAM_GIT_DIR')
    if gitdir:
        for key, subject in known.items():
            r = subprocess.run(['git', '--git-dir', gitdir, 'log', '-1', '--format=%s', key + '^{commit}'],
                               capture_output=True, text=True)
            if r.returncode != 0:
                problems.append('upstream-commits: %s is not a commit in %s' % (key[:12], gitdir))
            elif r.stdout.strip() != subject:
                problems.append('upstream-commits: %s is "%s" in %s' % (key[:12], r.stdout.strip(), gitdir))
    return problems


def self_test():
    import tempfile
    full = 'a240d6e42e28c34fdc34b3a98ca838a31c939901'
    good = 'xen/gntdev: Implement dma-buf export functionality'
    want_form = 'want %%s a240d6e42e28 ("%s")' % good
    cases = [  # (message line(s), expected problem or None)
        ('Fixes: a240d6e42e28 ("%s")' % good, None),
        ('Fixes: %s ("%s")' % (full, good), None),
        ('As commit a240d6e42e28 ("xen/gntdev: Implement dma-buf\nexport functionality") says.', None),
        ('Fixes: a240d6e42e28 ("xen/gntdev: Implement dma-buf import functionality")', want_form % 'Fixes:'),
        ('Fixes: a240d6e ("%s")' % good, ['a240d6e: want 12 to 40 lower-case hex digits', want_form % 'Fixes:']),
        ('Fixes: a240d6e42e28', want_form % 'Fixes:'),
        ('fixes a240d6e42e28 ("%s")' % good, want_form % 'Fixes:'),
        ('Fixes:  a240d6e42e28 ("%s")' % good, want_form % 'Fixes:'),
        ('Fixes: A240D6E42E28 ("%s")' % good, ['A240D6E42E28: want 12 to 40 lower-case hex digits',
                                               want_form % 'Fixes:']),
        ('Fixes: a240d6e42e28ffff ("%s")' % good, 'a240d6e42e28ffff is not in the list of upstream commits'),
        ('Fixes: 0123456789ab ("nope")', '0123456789ab is not in the list of upstream commits'),
        ('as in commit\na240d6e42e28 ("totally wrong subject").', want_form % 'commit'),
        ('commit a240d6e42e28 (totally wrong).', want_form % 'commit'),
        ('see commit  a240d6e42e28 ("%s").' % good, want_form % 'commit'),
        ('as a240d6e42e28 did', want_form % 'commit'),
        ('Commit a240d6e42e28 ("%s") did it.' % good, None),
        ('Link: https://example.org/a240d6e42e28', None),
    ]
    lines, want = ['From: x', 'Subject: [PATCH] t', ''], []
    for text, problem in cases:
        for p in [problem] if isinstance(problem, str) else problem or []:
            want.append('t.patch:%d: %s' % (len(lines) + 1, p))
        lines += text.split('\n')
    lines += ['---', 'index 0123456789ab..ba9876543210 100644', 'commit 0000000000 ("diff")']
    want.append('upstream-commits: 923b2919e2c3 ("unused") is named by no patch')
    with tempfile.TemporaryDirectory() as d:
        with open(d + '/list', 'w') as f:
            f.write('%s\t%s\there\n923b2919e2c318ee1c360a2119a14889fd0fcce4\tunused\there\n' % (full, good))
        with open(d + '/t.patch', 'w') as f:
            f.write('\n'.join(lines) + '\n')
        os.environ.pop('UPSTREAM_GIT_DIR', None)
        got = check(load(d + '/list'), [d + '/t.patch'])
    if got != want:
        print('check-upstream-ids: self-test failed; got:', *got, 'want:', *want, sep='\n  ')
        sys.exit(1)
    print('check-upstream-ids: self-test reported the %d problems it should' % len(want))


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
