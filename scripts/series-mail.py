#!/usr/bin/env python3
"""series-mail.py: the mail side of the series (docs/posting.md).

patches/0000-cover-letter.patch is the cover letter as it is mailed. Its
text (the title, a blank line, the body, then To:/Cc: trailers) is what
b4 prep keeps in the branch description of scamem (b4's
"branch-description" cover strategy) and edits with `b4 prep
--edit-cover`. The series' version is the newest "Changes in vN:" section
of that text, and nowhere else: the subjects ([PATCH vN k/n]), the cover's
subject and b4's tracking revision are all derived from it.

  series-mail.py text COVER           print COVER's text (the branch description)
  series-mail.py change-id COVER      print the change-id COVER's footer names
  series-mail.py version [TEXT]       print the version TEXT (a file, or stdin) gives
  series-mail.py prefix TEXT          "PATCH vN" (just "PATCH" for v1)
  series-mail.py tracking TEXT ID     b4's tracking JSON for TEXT's version and change-id ID
  series-mail.py check-tracking TEXT JSON
                                      fail if b4's tracking (JSON) disagrees with TEXT
  series-mail.py address TREE PATCH...
                                      add To: (maintainers, reviewers) and Cc: (lists) from
                                      TREE's scripts/get_maintainer.pl to each PATCH, with
                                      branch scamem's MAINTAINERS
  series-mail.py cover TREE TEXT ID DIR
                                      print the cover letter of base..scamem of TREE, whose
                                      formatted patches are in DIR
  series-mail.py store TREE COVER     make branch scamem of TREE a b4 prep branch with
                                      COVER's text (make tree, make export)
  series-mail.py check DIR            check DIR's cover letter and subjects (make lint)
  series-mail.py check-b4 TREE DIR    b4 send -o (a dry run) on TREE's branch scamem gives
                                      DIR's subjects and the cover letter's To

Everything printed depends only on its inputs: no dates but the tip
commit's, no Message-Id, no threading.
"""
import concurrent.futures
import email.utils
import json
import os
import re
import subprocess
import sys
import tempfile

COVER = '0000-cover-letter.patch'
# What b4 0.12's auto-to-cc runs (b4/ez.py auto_to_cc()): To gets the
# maintainers and reviewers (--nol), Cc the lists (--nom, less To). Plus --nofixes: the authors of
# the commits that Fixes: tags name come from git history, which this tree
# does not have and a clone of upstream would: the output must not depend
# on it. Name them in the cover letter's Cc: trailers (docs/posting.md).
GETM = ['--nogit', '--nogit-fallback', '--nogit-chief-penguins', '--norolestats', '--nofixes']
SIGNATURE = 'scamem developers <scamem@lists.example.org>'


def die(msg):
    print(f'series-mail: {msg}', file=sys.stderr)
    sys.exit(1)


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def git(tree, *args):
    return subprocess.run(['git', '-C', tree, *args], check=True,
                          stdout=subprocess.PIPE, text=True).stdout


def split_mail(mail):
    """(headers as a list of (name, value) unfolded, body)"""
    head, sep, body = mail.partition('\n\n')
    if not sep:
        die('not a mail: no empty line after the headers')
    lines = head.split('\n')
    if lines and lines[0].startswith('From '):
        lines = lines[1:]
    headers = []
    for line in lines:
        if line[:1] in (' ', '\t') and headers:
            name, value = headers[-1]
            headers[-1] = (name, value + ' ' + line.strip())
        else:
            name, _, value = line.partition(':')
            headers.append((name, value.strip()))
    return headers, body


def header(headers, name):
    return [v for n, v in headers if n.lower() == name.lower()]


def addresses(values):
    return [email.utils.formataddr(a) for a in email.utils.getaddresses(values)]


def subject_title(subject):
    m = re.match(r'\[PATCH[^\]]*\]\s*(.*)$', subject)
    if not m:
        die(f'cover letter subject has no [PATCH ...] prefix: {subject}')
    return m.group(1)


def cover_text(path):
    """The cover letter's text as b4 keeps it in the branch description."""
    headers, body = split_mail(read(path))
    subject = header(headers, 'Subject')
    if len(subject) != 1:
        die(f'{path}: not one Subject:')
    # The text ends where the footer (shortlog, diffstat, change-id) starts.
    text, sep, _ = body.partition('\n---\n')
    if not sep:
        die(f'{path}: no "---" line between the text and the shortlog')
    trailers = [f'To: {a}' for a in addresses(header(headers, 'To'))]
    trailers += [f'Cc: {a}' for a in addresses(header(headers, 'Cc'))]
    out = subject_title(subject[0]) + '\n\n' + text.strip('\n') + '\n'
    if trailers:
        out += '\n' + '\n'.join(trailers) + '\n'
    return out


def change_id(path):
    m = re.search(r'^change-id: (\S+)$', read(path), re.M)
    if not m:
        die(f'{path}: no change-id: line')
    return m.group(1)


def version(text):
    found = [int(v) for v in re.findall(r'^Changes in v(\d+):\s*$', text, re.M)]
    return max(found) if found else 1


def prefix(text):
    v = version(text)
    return 'PATCH' if v == 1 else f'PATCH v{v}'


def tracking(text, cid):
    return json.dumps({'series': {'revision': version(text), 'change-id': cid,
                                  'base-branch': 'base', 'prefixes': []}})


def text_parts(text):
    """(title, body without the To:/Cc: trailers, [To], [Cc])"""
    lines = text.strip('\n').split('\n')
    if len(lines) < 3 or lines[1] != '' or not lines[0].strip():
        die('cover letter text must be a title, an empty line and a body')
    title, rest = lines[0], lines[2:]
    # b4 drops lines starting with # (notes to oneself) when it sends.
    rest = [line for line in rest if not line.startswith('#')]
    tos, ccs = [], []
    # Trailers: the last paragraph's To:/Cc: lines, as b4 writes them.
    while rest and re.match(r'(To|Cc): ', rest[-1]):
        line = rest.pop()
        (tos if line.startswith('To: ') else ccs).insert(0, line[4:].strip())
    while rest and not rest[-1].strip():
        rest.pop()
    return title, '\n'.join(rest) + '\n', addresses(tos), addresses(ccs)


def fold(name, items):
    """A To:/Cc: header as git format-patch writes one."""
    return f'{name}: ' + ',\n    '.join(items) + '\n'


def fold_subject(subject):
    """Subject: folded at spaces to lines of at most 78 columns, as git does."""
    out, line = [], 'Subject: '
    for word in subject.split(' '):
        if len(line) + len(word) > 78 and line.strip() not in ('', 'Subject:'):
            out.append(line.rstrip())
            line = ' '
        line += word + ' '
    out.append(line.rstrip())
    return '\n'.join(out) + '\n'


def get_maintainer(tree, mpath, patch):
    """(To, Cc) for PATCH: one run with --roles gives what b4's two runs give,
    To the people (--nol), Cc the lists (--nom, without the people To has)."""
    out = subprocess.run(['perl', 'scripts/get_maintainer.pl', *GETM, '--roles',
                          '--mpath', mpath, patch], cwd=tree, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    tos, ccs = [], []
    for line in out.splitlines():
        m = re.match(r'^(.*?<[^<>]+>|[^\s<>()]+@[^\s<>()]+) \((.*)\)$', line)
        if not m:
            die(f'get_maintainer.pl: unexpected line: {line}')
        addr, role = m.groups()
        islist = re.match(r'(open |moderated |subscriber )?list\b', role)
        (ccs if islist else tos).append(addr)
    return tos, ccs


def address(tree, patches):
    with tempfile.NamedTemporaryFile('w', suffix='.MAINTAINERS') as m:
        m.write(git(tree, 'show', 'refs/heads/scamem:MAINTAINERS'))
        m.flush()
        # One get_maintainer.pl per patch, a few at a time: it is slow.
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            found = list(pool.map(lambda p: get_maintainer(tree, m.name, p), patches))
        for p, (tos, ccs) in zip(patches, found):
            mail = read(p)
            head, _, body = mail.partition('\n\n')
            extra = (fold('To', tos) if tos else '') + (fold('Cc', ccs) if ccs else '')
            with open(p, 'w', encoding='utf-8') as f:
                f.write(head + '\n' + extra + '\n' + body)


def series_names(d):
    names = []
    for line in read(os.path.join(d, 'series')).splitlines():
        line = line.split('#', 1)[0].strip()
        if line:
            names.append(line)
    return names


def cover(tree, text, cid, d):
    title, body, extra_to, extra_cc = text_parts(text)
    names = sorted(n for n in os.listdir(d) if re.match(r'\d{4}-.*\.patch$', n) and n != COVER)
    # The union of the patches' To and Cc, in b4's order (an address is
    # where it first appears), then the cover's own trailers.
    seen, tos, ccs = set(), [], []
    for n in names:
        headers, _ = split_mail(read(os.path.join(d, n)))
        for name, lst in (('To', tos), ('Cc', ccs)):
            for a in addresses(header(headers, name)):
                key = email.utils.parseaddr(a)[1].lower()
                if key not in seen:
                    seen.add(key)
                    lst.append(a)
    for lst, more in ((tos, extra_to), (ccs, extra_cc)):
        for a in more:
            key = email.utils.parseaddr(a)[1].lower()
            if key not in seen:
                seen.add(key)
                lst.append(a)
    tip = 'refs/heads/scamem'
    author = git(tree, 'log', '-1', '--format=%an <%ae>', tip).strip()
    date = git(tree, 'log', '-1', '--format=%aD', tip).strip()
    shortlog = git(tree, 'shortlog', f'base..{tip}').rstrip('\n')
    diffstat = git(tree, '-c', 'diff.renames=true', 'diff', '--stat=80', '--summary',
                   'base', tip).rstrip('\n')
    n = len(names)
    width = len(str(n))
    subject = f'[{prefix(text)} {0:0{width}d}/{n}] {title}'
    out = '\n'.join(['From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
                     f'From: {author}', f'Date: {date}']) + '\n'
    out += fold_subject(subject)
    if tos:
        out += fold('To', tos)
    if ccs:
        out += fold('Cc', ccs)
    # b4 0.12's cover template (DEFAULT_COVER_TEMPLATE), without its
    # base-commit line: the base is Debian's 7.3.4 source, whose local
    # commit id means nothing upstream (the text names the base instead).
    out += ('\n' + body + '\n---\n' + shortlog + '\n\n' + diffstat + '\n---\n'
            + f'change-id: {cid}\n\nBest regards,\n-- \n{SIGNATURE}\n')
    return out


def check(d):
    """The cover letter exists, is complete, and the subjects are numbered
    [PATCH vN k/n] with the cover's version and the series' count."""
    errors = []
    path = os.path.join(d, COVER)
    names = series_names(d)
    if COVER in names:
        errors.append(f'series lists {COVER}: git am must not apply the cover letter')
    if not os.path.exists(path):
        print(f'{COVER}: missing')
        return 1
    text = cover_text(path)
    v, n = version(text), len(names)
    pfx = prefix(text)
    w = len(str(n))
    headers, body = split_mail(read(path))
    subj = header(headers, 'Subject')[0]
    if not subj.startswith(f'[{pfx} {0:0{w}d}/{n}] '):
        errors.append(f'{COVER}: subject "{subj}" is not [{pfx} {0:0{w}d}/{n}] ...')
    for bad in ('EDITME', '*** SUBJECT HERE ***', '*** BLURB HERE ***'):
        if bad in read(path):
            errors.append(f'{COVER}: still says {bad}')
    if not header(headers, 'To'):
        errors.append(f'{COVER}: no To:')
    # Stable takes the fixes by their own Cc: trailers, not the series.
    everyone = email.utils.getaddresses(header(headers, 'To') + header(headers, 'Cc'))
    if any(a[1].lower().startswith('stable') and a[1].lower().endswith('@vger.kernel.org')
           for a in everyone):
        errors.append(f'{COVER}: To/Cc has stable@vger.kernel.org; only patches 1-3 Cc it')
    if v > 1 and f'Changes in v{v}:' not in text:
        errors.append(f'{COVER}: no "Changes in v{v}:" section')
    for old in range(1, v):
        if old > 1 and f'Changes in v{old}:' not in text:
            errors.append(f'{COVER}: the changelog has no "Changes in v{old}:"')
    m = re.search(r'^\S.* \((\d+)\):$', body, re.M)
    if not m or int(m.group(1)) != n:
        errors.append(f'{COVER}: its shortlog does not count {n} patches')
    change_id(path)
    for k, name in enumerate(names, 1):
        hs, _ = split_mail(read(os.path.join(d, name)))
        s = header(hs, 'Subject')
        want = f'[{pfx} {k:0{w}d}/{n}] '
        if len(s) != 1 or not s[0].startswith(want):
            errors.append(f'{name}: subject "{s[0] if s else ""}" does not start with {want}')
        elif s[0][len(want):] not in body:
            errors.append(f'{name}: the cover letter\'s shortlog does not name it')
        if not header(hs, 'To'):
            errors.append(f'{name}: no To:')
    for e in errors:
        print(e)
    return 1 if errors else 0


def check_b4(tree, d):
    """b4 send -o on TREE's branch scamem (b4 prep's view of it) gives the
    subjects of DIR's patches and the cover letter's To; nothing is sent."""
    head = subprocess.run(['git', '-C', tree, 'symbolic-ref', '-q', '--short', 'HEAD'],
                          stdout=subprocess.PIPE, text=True).stdout.strip()
    if head != 'scamem':
        print(f'b4: HEAD of {tree} is not branch scamem (make tree)')
        return 1
    names = series_names(d)
    env = dict(os.environ, GIT_CONFIG_COUNT='1', GIT_CONFIG_KEY_0='sendemail.smtpserver',
               GIT_CONFIG_VALUE_0='/bin/false')
    with tempfile.TemporaryDirectory() as out:
        r = subprocess.run(['b4', 'send', '--no-sign', '-o', out], cwd=tree, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode:
            print(r.stdout.rstrip())
            print(f'b4 send -o failed in {tree} (is the cover letter in the branch? make tree)')
            return 1
        mails = sorted(os.listdir(out))
        errors = []
        if len(mails) != len(names) + 1:
            errors.append(f'b4 writes {len(mails)} messages, the series has {len(names)} + the cover letter')
        for ours, theirs in zip([COVER] + names, mails):
            oh, _ = split_mail(read(os.path.join(d, ours)))
            th, _ = split_mail(read(os.path.join(out, theirs)))
            if header(oh, 'Subject') != header(th, 'Subject'):
                errors.append(f'{ours}: b4 gives the subject {header(th, "Subject")}')
            if ours == COVER:
                key = lambda h, n: {a[1].lower() for a in email.utils.getaddresses(header(h, n))}
                if key(oh, 'To') != key(th, 'To'):
                    errors.append(f'{COVER}: b4 sends it to {sorted(key(th, "To") ^ key(oh, "To"))} differently')
                if not key(oh, 'Cc') <= key(th, 'Cc'):
                    errors.append(f'{COVER}: b4 does not Cc {sorted(key(oh, "Cc") - key(th, "Cc"))}')
    for e in errors:
        print(e)
    return 1 if errors else 0


def store(tree, path):
    """Make branch scamem of TREE a b4 prep branch whose cover letter is
    PATH's (b4's branch-description strategy)."""
    text = cover_text(path)
    for key, value in (('description', text.rstrip('\n')),
                       ('b4-tracking', tracking(text, change_id(path))),
                       ('b4-prep-cover-strategy', 'branch-description')):
        git(tree, 'config', f'branch.scamem.{key}', value)


def main(argv):
    if not argv:
        die('usage: see the header of this script')
    cmd, args = argv[0], argv[1:]
    if cmd == 'text' and len(args) == 1:
        sys.stdout.write(cover_text(args[0]))
    elif cmd == 'change-id' and len(args) == 1:
        print(change_id(args[0]))
    elif cmd == 'version' and len(args) <= 1:
        print(version(read(args[0]) if args else sys.stdin.read()))
    elif cmd == 'prefix' and len(args) == 1:
        print(prefix(read(args[0])))
    elif cmd == 'tracking' and len(args) == 2:
        print(tracking(read(args[0]), args[1]))
    elif cmd == 'check-tracking' and len(args) == 2:
        rev = json.loads(args[1]).get('series', {}).get('revision')
        v = version(read(args[0]))
        if rev is not None and int(rev) != v:
            die(f'b4 says this is v{rev}, the cover letter\'s changelog says v{v}: '
                f'add a "Changes in v{rev}:" section (b4 prep --edit-cover), or b4 prep --force-revision {v}')
    elif cmd == 'address' and len(args) >= 1:
        address(args[0], args[1:])
    elif cmd == 'cover' and len(args) == 4:
        sys.stdout.write(cover(args[0], read(args[1]), args[2], args[3]))
    elif cmd == 'store' and len(args) == 2:
        store(args[0], args[1])
    elif cmd == 'check' and len(args) == 1:
        return check(args[0])
    elif cmd == 'check-b4' and len(args) == 2:
        return check_b4(args[0], args[1])
    else:
        die(f'bad arguments: {" ".join(argv)}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
