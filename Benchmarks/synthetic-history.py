"""Writes a git fast-import stream: a synthetic history built from real source files, for timing history scans.

Each commit edits 1-4 files (inserting, deleting, rewriting lines), sometimes adds a file; every 40 commits a
3-commit side branch is merged back. A few fake GitHub tokens are planted (each introduced once, then kept).

    git init -q -b main repo
    python3 Benchmarks/synthetic-history.py SOURCE_DIR 10000 | git -C repo fast-import --quiet
    git -C repo checkout -q main && git -C repo repack -adq

With SOURCE_DIR = .build/checkouts (swift-crypto, swift-argument-parser, swift-asn1): 10,000 commits,
24,000 blob versions, 300 MiB of blob content, a 100 MiB pack."""
import os, random, sys
random.seed(7)
root, commits = sys.argv[1], int(sys.argv[2])
files = []
for dirpath, _, names in os.walk(root):
    for n in names:
        if n.endswith(('.swift', '.c', '.h', '.cc', '.md', '.py')):
            p = os.path.join(dirpath, n)
            try:
                t = open(p, encoding='utf-8').read()
            except Exception:
                continue
            if 0 < len(t) < 400_000:
                files.append((os.path.relpath(p, root), t.split('\n')))
files.sort()
random.shuffle(files)
pool_lines = [l for _, ls in files[:200] for l in ls if l.strip()]
out = sys.stdout.buffer
mark = 0
tree = {}
pending = list(files)
def token(i):
    r = random.Random(i)
    return 'ghp_' + ''.join(r.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') for _ in range(36))
def emit(branch, parents, message, changes, t):
    global mark
    mark += 1
    msg = message.encode()
    out.write(b'commit refs/heads/%s\nmark :%d\ncommitter Bench <bench@example.com> %d +0000\ndata %d\n%s\n' % (branch.encode(), mark, t, len(msg), msg))
    for i, p in enumerate(parents):
        out.write(b'%s :%d\n' % (b'from' if i == 0 else b'merge', p))
    for path, lines in changes:
        data = '\n'.join(lines).encode()
        out.write(b'M 100644 inline %s\ndata %d\n' % (path.encode(), len(data)))
        out.write(data + b'\n')
    out.write(b'\n')
    return mark
def edit(lines):
    lines = list(lines)
    for _ in range(random.randint(1, 4)):
        pos = random.randint(0, len(lines))
        kind = random.random()
        if kind < 0.5:
            lines[pos:pos] = random.sample(pool_lines, random.randint(1, 6))
        elif kind < 0.8 and len(lines) > 10:
            del lines[pos:pos + random.randint(1, 3)]
        elif lines:
            i = min(pos, len(lines) - 1)
            lines[i] = random.choice(pool_lines)
    return lines
first = []
for _ in range(len(pending) // 5):
    path, lines = pending.pop()
    tree[path] = lines
    first.append((path, lines))
t = 1_600_000_000
main = emit('main', [], 'initial import', first, t)
secret_at = {commits // 7: 0, commits // 3: 1, commits // 2: 2, (4 * commits) // 5: 3}
n = 1
while n < commits:
    t += 600
    if n % 40 == 0:
        side_tree = dict(tree)
        side = main
        for k in range(3):
            path = random.choice(sorted(side_tree))
            side_tree[path] = edit(side_tree[path])
            side = emit('side-%d' % (n // 40 % 5), [side], 'side work %d.%d' % (n, k), [(path, side_tree[path])], t + k)
            n += 1
        merged = [(p, l) for p, l in side_tree.items() if tree.get(p) is not l]
        tree.update(side_tree)
        main = emit('main', [main, side], 'merge side %d' % n, merged, t + 5)
        n += 1
        continue
    changes = []
    for _ in range(random.randint(1, 4)):
        path = random.choice(sorted(tree))
        tree[path] = edit(tree[path])
        changes.append((path, tree[path]))
    if pending and random.random() < 0.3:
        path, lines = pending.pop()
        tree[path] = lines
        changes.append((path, lines))
    if n in secret_at:
        path = changes[0][0]
        lines = list(tree[path])
        lines.insert(len(lines) // 2, '// api token: %s' % token(secret_at[n]))
        tree[path] = lines
        changes[0] = (path, lines)
        sys.stderr.write('secret %d at commit #%d in %s\n' % (secret_at[n], n, path))
    main = emit('main', [main], 'change %d' % n, changes, t)
    n += 1
