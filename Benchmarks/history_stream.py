#!/usr/bin/env python3
"""Writes a long, realistic, deterministic history into a bare repository through `git fast-import`.

Used by make-history-repo.sh (see there). The content is real: the trees of the Swift packages mirrored under
/opt/swift-packages, vendored one after another into `Packages/<name>/` of a monorepo. On top of them the history
replays the edits a team makes: a few lines changed in a few files of one area per commit, files added, deleted and
renamed, feature branches merged back, release branches that live on their own, tags, whole packages imported or
dropped. Every choice comes from one seeded random generator, so a seed always gives the same commit ids.

Fake secrets of well-known formats are planted in some commits (a few removed again later, one only on a release
branch); their commit, path, line and kind go to the --planted file so benchmarks can check what scanners find.
"""
import argparse
import hashlib
import json
import os
import random
import re
import string
import subprocess
import sys

MIRRORS = "/opt/swift-packages"
EDITABLE = {".swift", ".md", ".yml", ".yaml", ".json", ".txt", ".h", ".c", ".sh", ".proto", ".toml", ".py",
            ".rb", ".html", ".css", ".js", ".docc", ".plist", ".xml", ".cmake", ".in", ""}
MAX_EDITABLE = 256 * 1024
AUTHORS = [("Ada Marsh", "ada@warden.example"), ("Bo Lindqvist", "bo@warden.example"),
           ("Chidi Okafor", "chidi@warden.example"), ("Dana Reyes", "dana@warden.example"),
           ("Emil Novak", "emil@warden.example"), ("Fatima Haddad", "fatima@warden.example"),
           ("Goro Tanaka", "goro@warden.example"), ("Hana Kim", "hana@warden.example"),
           ("Ivo Petrov", "ivo@warden.example"), ("June Park", "june@warden.example"),
           ("Kofi Mensah", "kofi@warden.example"), ("Lena Vogel", "lena@warden.example")]
VERBS = ["Fix", "Add", "Refactor", "Update", "Improve", "Simplify", "Document", "Handle", "Remove", "Rework",
         "Speed up", "Clean up", "Harden", "Test", "Support"]
SECRET_KINDS = (["aws-access-key-id"] * 4 + ["github-pat"] * 4 + ["slack-bot-token"] * 3 +
                ["stripe-secret-key"] * 3 + ["private-key"] * 3 + ["gitlab-token"] * 2 + ["npm-access-token"])


def git(*args, **kw):
    return subprocess.run(["git", *args], check=True, stdout=subprocess.PIPE, **kw).stdout


def list_packages():
    """One entry per distinct mirror (the lower-case aliases share the commit of their twin)."""
    seen, packages = set(), []
    for owner in sorted(os.listdir(MIRRORS)):
        for name in sorted(os.listdir(os.path.join(MIRRORS, owner))):
            path = os.path.join(MIRRORS, owner, name)
            head = git("-C", path, "rev-parse", "HEAD").strip()
            if head in seen:
                continue
            seen.add(head)
            packages.append((name[:-4] if name.endswith(".git") else name, path))
    return packages


def load_tree(mirror):
    """[(path, mode, content)] of the mirror's HEAD; submodules and unquotable paths are left out."""
    entries = []
    for record in git("-C", mirror, "ls-tree", "-r", "-z", "HEAD").split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, oid = meta.split()
        if kind != b"blob" or path.startswith(b'"') or b"\n" in path:
            continue
        entries.append((path.decode("utf-8", "surrogateescape"), mode.decode(), oid))
    out = git("-C", mirror, "cat-file", "--batch", input=b"".join(oid + b"\n" for _, _, oid in entries))
    result, at = [], 0
    for path, mode, _ in entries:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        result.append((path, mode, out[header_end + 1:header_end + 1 + size]))
        at = header_end + 1 + size + 1
    return result


def is_editable(path, content):
    """Text that a developer edits by hand; dotfiles (.gitattributes, .gitignore...) stay as they are."""
    name = os.path.basename(path)
    ext = os.path.splitext(name)[1].lower()
    return not name.startswith(".") and ext in EDITABLE and 0 < len(content) <= MAX_EDITABLE and b"\0" not in content[:8192]


class Tree:
    """One branch's files: path -> (mode, mark, content), plus per-package path lists kept in step."""

    def __init__(self, files=None):
        self.files = dict(files or {})
        self.by_package = {}

    def copy(self):
        other = Tree(self.files)
        other.by_package = {k: list(v) for k, v in self.by_package.items()}
        return other

    def put(self, path, mode, mark, content):
        if path not in self.files:
            self.by_package.setdefault(package_of(path), []).append(path)
        self.files[path] = (mode, mark, content)

    def remove(self, path):
        del self.files[path]
        paths = self.by_package[package_of(path)]
        paths.remove(path)


def package_of(path):
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] == "Packages" and len(parts) > 2 else parts[0]


class History:
    def __init__(self, out, commits, seed, size_bytes):
        self.out = out
        self.rng = random.Random(seed)
        self.total = commits
        self.budget = size_bytes
        self.next_mark = 1
        self.blob_marks = {}        # sha1 of content -> mark
        self.blob_bytes = 0         # sum of the sizes of distinct blobs written
        self.commit_marks = []      # every commit's mark, in stream order
        self.time = 1546300800      # 2019-01-01
        self.main = Tree()
        self.main_tip = None
        self.feature = None         # dict(tree, tip, package, left, name) of the open feature branch
        self.releases = []          # dicts(tree, tip, name)
        self.protected = set()      # paths holding a planted secret: random edits keep off them
        self.planted = []
        self.pending_removals = []  # (commit index, planted entry)
        self.edit_sizes = [12000.0]
        self.editable_marks = {}    # blob mark -> may ordinary commits edit it (text, not too big)
        self.donors = {}            # extension -> contents that edits copy lines from

    # ---- fast-import stream -------------------------------------------------------------------------------

    def mark(self):
        self.next_mark += 1
        return self.next_mark - 1

    def blob(self, content):
        digest = hashlib.sha1(content).digest()
        mark = self.blob_marks.get(digest)
        if mark is None:
            mark = self.mark()
            self.blob_marks[digest] = mark
            self.blob_bytes += len(content)
            self.out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(content)))
            self.out.write(content)
            self.out.write(b"\n")
        return mark

    def commit(self, ref, parents, message, changes):
        """changes: [("M", path, mode, mark) | ("D", path)]. Returns the commit's mark."""
        mark = self.mark()
        self.time += self.rng.randint(300, 5 * 3600)
        name, email = self.rng.choice(AUTHORS)
        ident = f"{name} <{email}> {self.time} +0000".encode()
        msg = message.encode()
        lines = [b"commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n" %
                 (ref.encode(), mark, ident, ident, len(msg), msg)]
        if parents:
            lines.append(b"from :%d\n" % parents[0])
            lines += [b"merge :%d\n" % p for p in parents[1:]]
        for change in changes:
            if change[0] == "M":
                lines.append(b"M %s :%d %s\n" % (change[2].encode(), change[3], change[1].encode("utf-8", "surrogateescape")))
            else:
                lines.append(b"D %s\n" % change[1].encode("utf-8", "surrogateescape"))
        lines.append(b"\n")
        self.out.write(b"".join(lines))
        self.commit_marks.append(mark)
        return mark

    # ---- content ------------------------------------------------------------------------------------------

    def import_package(self, tree, name, entries):
        prefix = f"Packages/{name}/"
        changes = []
        for path, mode, content in entries:
            mark = self.blob(content)
            tree.put(prefix + path, mode, mark, content)
            changes.append(("M", prefix + path, mode, mark))
        return changes

    def donor_lines(self, ext):
        pool = self.donors.get(ext) or self.donors[".swift"]
        text = self.rng.choice(pool).split(b"\n")
        start = self.rng.randrange(len(text))
        return text[start:start + self.rng.randint(1, 12)]

    def edit_content(self, path, content):
        lines = content.split(b"\n")
        ext = os.path.splitext(path)[1].lower()
        for _ in range(self.rng.randint(1, 3)):
            op = self.rng.random()
            at = self.rng.randrange(len(lines) + 1)
            if op < 0.45:
                lines[at:at] = self.donor_lines(ext)
            elif op < 0.65 and len(lines) > 8:
                del lines[at:at + self.rng.randint(1, 5)]
            elif lines:
                i = min(at, len(lines) - 1)
                lines[i] = self.mutate_line(lines[i])
        return b"\n".join(lines)

    def mutate_line(self, line):
        numbers = list(re.finditer(rb"\b\d+\b", line))
        words = list(re.finditer(rb"\b[a-z][A-Za-z]{3,}\b", line))
        if numbers and self.rng.random() < 0.5:
            m = self.rng.choice(numbers)
            return line[:m.start()] + str(self.rng.randint(0, 4096)).encode() + line[m.end():]
        if words:
            m = self.rng.choice(words)
            suffix = self.rng.choice([b"Count", b"Value", b"Result", b"Limit", b"Buffer", b"State"])
            return line[:m.start()] + m.group() + suffix + line[m.end():]
        return line + b" // " + self.rng.choice([b"see #%d" % self.rng.randint(1, 3000), b"keep in sync", b"perf"])

    def editable_paths(self, tree, package):
        paths = tree.by_package.get(package, [])
        return [p for p in self.rng.sample(paths, min(len(paths), 400))
                if p not in self.protected and tree.files[p][0] != "120000" and self.editable(p, tree.files[p])]

    def editable(self, path, entry):
        known = self.editable_marks.get(entry[1])
        if known is None:
            known = self.editable_marks[entry[1]] = is_editable(path, entry[2])
        return known

    def files_for_commit(self):
        """How many files the next ordinary commit edits: small commits, sized so the history reaches its budget."""
        done = len(self.commit_marks)
        left_commits = max(1, self.total - done)
        left_bytes = max(0, self.budget * 0.97 - self.blob_bytes - self.import_bytes_left)  # 3% slack: renames, merges
        mean_edit = sum(self.edit_sizes[-200:]) / len(self.edit_sizes[-200:])
        want = left_bytes / left_commits / mean_edit
        return max(1, min(40, int(round(self.rng.expovariate(1 / max(want, 0.3)) + 0.5))))

    def ordinary_changes(self, tree, packages):
        """Edits (and now and then an added, deleted or renamed file) in one area of one package."""
        package = self.rng.choice(packages)
        candidates = self.editable_paths(tree, package)
        if not candidates:
            return package, []
        anchor = self.rng.choice(candidates)
        folder = os.path.dirname(anchor)
        near = [p for p in candidates if os.path.dirname(p) == folder]
        count = self.files_for_commit()
        chosen = list(dict.fromkeys([anchor] + self.rng.sample(near, min(len(near), count - 1))))
        if len(chosen) < count:
            chosen += [p for p in candidates[:count - len(chosen)] if p not in chosen]
        changes = []
        for path in chosen:
            mode, _, content = tree.files[path]
            new = self.edit_content(path, content)
            self.edit_sizes.append(len(new))
            mark = self.blob(new)
            tree.put(path, mode, mark, new)
            changes.append(("M", path, mode, mark))
        roll = self.rng.random()
        if roll < 0.06:
            donor = self.rng.choice(self.donors[".swift"])
            name = self.rng.choice(["Support", "Helpers", "Extensions", "Storage", "Codec", "Options"])
            stem = os.path.splitext(os.path.basename(anchor))[0]
            path = f"{folder}/{stem}+{name}.swift"
            if path not in tree.files:
                mark = self.blob(donor)
                tree.put(path, "100644", mark, donor)
                changes.append(("M", path, "100644", mark))
        elif roll < 0.09 and len(candidates) > 20:
            victim = self.rng.choice(candidates)
            if victim not in chosen:
                tree.remove(victim)
                changes.append(("D", victim))
        elif roll < 0.12 and len(candidates) > 5:
            old = self.rng.choice(candidates)
            if old not in chosen:
                base, ext = os.path.splitext(old)
                new = base + self.rng.choice(["Impl", "Core", "2", "Legacy"]) + ext
                if new not in tree.files:
                    mode, mark, content = tree.files[old]
                    tree.remove(old)
                    tree.put(new, mode, mark, content)
                    changes += [("D", old), ("M", new, mode, mark)]
        return package, changes

    def message(self, package, changes):
        paths = [c[1] for c in changes]
        stem = os.path.splitext(os.path.basename(paths[0]))[0] if paths else package
        area = package.split("/")[-1]
        subject = f"{self.rng.choice(VERBS)} {stem} ({area})"
        body = f"\n\nTouches {len(paths)} file(s); follow-up of #{self.rng.randint(100, 9000)}." if self.rng.random() < 0.4 else ""
        return subject + body + "\n"

    # ---- secrets ------------------------------------------------------------------------------------------

    def fake_secret(self, kind):
        r = self.rng
        alnum = string.ascii_letters + string.digits
        pick = lambda alphabet, n: "".join(r.choice(alphabet) for _ in range(n))
        if kind == "aws-access-key-id":
            return "AKIA" + pick(string.ascii_uppercase + "234567", 16)
        if kind == "github-pat":
            return "ghp_" + pick(alnum, 36)
        if kind == "slack-bot-token":
            return f"xoxb-{pick(string.digits, 12)}-{pick(string.digits, 13)}-{pick(alnum, 24)}"
        if kind == "stripe-secret-key":
            return "sk_live_" + pick(alnum, 24)
        if kind == "gitlab-token":
            return "glpat-" + pick(alnum, 20)
        if kind == "npm-access-token":
            return "npm_" + pick(alnum, 36)
        body = "\n".join(pick(alnum + "+/", 64) for _ in range(12))
        return f"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA{pick(alnum, 48)}\n{body}\n-----END RSA PRIVATE KEY-----"

    def plant(self, tree, packages, kind, index):
        """Puts one fake secret into tree (a new config file, a new key file, or a line in a source file)."""
        secret = self.fake_secret(kind)
        name = kind.split("-")[0].upper()
        style = index % 3
        if kind == "private-key":
            path = self.rng.choice(["deploy/keys/release-signing-{}.pem", "config/ssh/deploy-{}_id_rsa",
                                    "ops/certs/server-key-{}.pem"]).format(index)
            content, line = (secret + "\n").encode(), 1
            mode = "100644"
        elif style == 0:
            path = f"config/{self.rng.choice(['production', 'staging', 'ci'])}-{index}.env"
            content = f"# service settings\nREGION=eu-west-1\n{name}_CREDENTIAL={secret}\nTIMEOUT=30\n".encode()
            line, mode = 3, "100644"
        else:
            package = self.rng.choice(packages)
            candidates = [p for p in self.editable_paths(tree, package) if p.endswith(".swift")]
            if style == 1 or not candidates:
                path = f"{package}/Sources/Settings{index}.swift"
                content = (f"// Connection settings for the integration environment.\n\nenum Settings{index} {{\n"
                           f"    static let credential = \"{secret}\"\n    static let retries = 3\n}}\n").encode()
                line, mode = 4, "100644"
            else:
                path = self.rng.choice(candidates)
                mode, _, old = tree.files[path]
                lines = old.split(b"\n")
                at = self.rng.randrange(len(lines) + 1)
                lines.insert(at, f"let integrationToken{index} = \"{secret}\" // temporary".encode())
                content, line = b"\n".join(lines), at + 1
        mark = self.blob(content)
        tree.put(path, mode, mark, content)
        self.protected.add(path)
        form = "line" if b"integrationToken" in content else "file"
        return path, line, secret, form, [("M", path, mode, mark)]

    def removal(self, entry):
        tree, path = self.main, entry["path"]
        if path not in tree.files:
            return []
        self.protected.discard(path)
        mode, _, content = tree.files[path]
        if entry["form"] == "line":
            lines = content.split(b"\n")
            kept = b"\n".join(l for l in lines if entry["secret"].encode() not in l)
            mark = self.blob(kept)
            tree.put(path, mode, mark, kept)
            return [("M", path, mode, mark)]
        tree.remove(path)
        return [("D", path)]

    # ---- the story ----------------------------------------------------------------------------------------

    def choose_imports(self, packages):
        """The packages of the root commit, and the ones vendored later: about a third of the blob budget."""
        order = packages[:]
        self.rng.shuffle(order)
        core = [p for p in order if p[0] in ("swift-nio", "swift-log", "swift-collections")]
        later, planned, sizes = [], 0, {}
        for name, path in core + [p for p in order if p not in core]:
            listing = git("-C", path, "ls-tree", "-r", "-l", "HEAD").decode("utf-8", "replace").splitlines()
            sizes[name] = sum(int(l.split()[3]) for l in listing if l.split()[3] != "-")
            if (name, path) in core or planned + sizes[name] <= 0.35 * self.budget:
                planned += sizes[name]
                if (name, path) not in core:
                    later.append((name, path))
        return core, later, sizes

    def run(self, packages):
        r = self.rng
        core, later, sizes = self.choose_imports(packages)
        slots = sorted(r.sample(range(self.total // 20, max(self.total // 20 + 1, self.total - self.total // 10)),
                            min(len(later), max(0, self.total - self.total // 10 - self.total // 20))))
        import_at = dict(zip(slots, later))
        drop_at = set(r.sample(range(self.total // 3, self.total), min(3, self.total // 1000)))
        secret_slots = sorted(r.sample(range(max(2, self.total // 20), self.total - self.total // 20), 20))
        kinds = SECRET_KINDS[:]
        r.shuffle(kinds)
        secrets_due = list(zip(secret_slots, kinds))
        release_secret_slot = secret_slots[len(secret_slots) // 2]

        # Root commit: the core packages and a README.
        changes = []
        for name, path in core:
            entries = load_tree(path)
            self.add_donors(entries)
            changes += self.import_package(self.main, name, entries)
        readme = b"# Warden monorepo\n\nVendored Swift packages and the services built on them.\n"
        mark = self.blob(readme)
        self.main.put("README.md", "100644", mark, readme)
        changes.append(("M", "README.md", "100644", mark))
        self.main_tip = self.commit("refs/heads/main", [], "Initial import of the core packages\n", changes)
        self.import_bytes_left = sum(sizes[n] for n, _ in later)  # files_for_commit leaves room for them

        index = 1
        while len(self.commit_marks) < self.total:
            index += 1
            left = self.total - len(self.commit_marks)
            if index in import_at:
                name, path = import_at[index]
                entries = load_tree(path)
                self.add_donors(entries)
                self.import_bytes_left -= sizes[name]
                self.main_tip = self.commit("refs/heads/main", [self.main_tip], f"Vendor {name}\n",
                                            self.import_package(self.main, name, entries))
                continue
            if index in drop_at:
                owned = self.feature["package"] if self.feature else None
                victims = [p for p in self.main.by_package if p.startswith("Packages/") and p != owned
                           and self.main.by_package[p] and not any(q.startswith(p + "/") for q in self.protected)]
                if len(victims) > 3:
                    victim = r.choice(victims)
                    gone = list(self.main.by_package[victim])
                    for p in gone:
                        self.main.remove(p)
                    self.main_tip = self.commit("refs/heads/main", [self.main_tip],
                                                f"Drop {victim.split('/')[-1]}: no longer used\n",
                                                [("D", p) for p in gone])
                    continue
            due = [e for i, e in self.pending_removals if i <= index]
            if due:
                self.pending_removals = [(i, e) for i, e in self.pending_removals if i > index]
                changes = []
                for entry in due:
                    changes += self.removal(entry)
                mark = self.commit("refs/heads/main", [self.main_tip], "Remove leaked credentials\n", changes)
                self.main_tip = mark
                for entry in due:
                    entry["removed_mark"] = mark
                continue
            if secrets_due and secrets_due[0][0] <= index:
                slot, kind = secrets_due.pop(0)
                self.plant_step(index, kind, slot == release_secret_slot)
                continue
            # Feature branches: open one now and then, commit to it sometimes, merge it when done.
            if self.feature is None and left > 30 and r.random() < 1 / 120:
                self.open_feature()
            if self.feature and left > 2 and r.random() < 0.35:
                if self.feature["left"] == 0:
                    self.merge_feature()
                else:
                    self.feature_commit()
                continue
            if left > 50 and r.random() < 1 / 2500 and len(self.releases) < 3:
                name = f"release/{len(self.releases) + 1}.x"
                self.releases.append({"tree": self.main.copy(), "tip": self.main_tip, "name": name})
            if self.releases and r.random() < 0.01:
                rel = r.choice(self.releases)
                package, changes = self.ordinary_changes(rel["tree"], self.packages_of(rel["tree"]))
                if changes:
                    rel["tip"] = self.commit("refs/heads/" + rel["name"], [rel["tip"]],
                                             "Backport: " + self.message(package, changes), changes)
                continue
            owned = self.feature["package"] if self.feature else None
            package, changes = self.ordinary_changes(self.main, [p for p in self.packages_of(self.main) if p != owned])
            if changes:
                self.main_tip = self.commit("refs/heads/main", [self.main_tip], self.message(package, changes), changes)
            if r.random() < 1 / 400:
                self.out.write(b"reset refs/tags/v%d.%d.0\nfrom :%d\n\n" % (1 + index // 3000, index % 3000 // 300,
                                                                               self.main_tip))

    def packages_of(self, tree):
        return [p for p, paths in tree.by_package.items() if p.startswith("Packages/") and paths]

    def add_donors(self, entries):
        for path, mode, content in entries:
            if mode != "120000" and is_editable(path, content) and len(content) < 64 * 1024:
                self.donors.setdefault(os.path.splitext(path)[1].lower(), []).append(content)

    def plant_step(self, index, kind, on_release):
        target = "main"
        if on_release and not self.releases:
            self.releases.append({"tree": self.main.copy(), "tip": self.main_tip, "name": "release/0.x"})
        if on_release:
            rel = self.releases[0]
            tree, tip, ref, target = rel["tree"], rel["tip"], "refs/heads/" + rel["name"], rel["name"]
        else:
            tree, tip, ref = self.main, self.main_tip, "refs/heads/main"
        owned = self.feature["package"] if self.feature else None
        packages = [p for p in self.packages_of(tree) if p != owned]
        path, line, secret, form, changes = self.plant(tree, packages, kind, index)
        package, more = self.ordinary_changes(tree, packages)
        mark = self.commit(ref, [tip], self.message(package, changes + more), changes + more)
        if on_release:
            self.releases[0]["tip"] = mark
        else:
            self.main_tip = mark
        entry = {"kind": kind, "path": path, "line": line, "secret": secret, "branch": target, "mark": mark,
                 "form": form}
        self.planted.append(entry)
        if not on_release and self.rng.random() < 0.4 and index + 40 < self.total:
            self.pending_removals.append((index + self.rng.randint(20, max(21, min(600, self.total - index - 10))),
                                          entry))

    def open_feature(self):
        packages = self.packages_of(self.main)
        package = self.rng.choice(packages)
        if any(p.startswith(package + "/") for p in self.protected):
            return
        name = f"feature/{package.split('/')[-1]}-{len(self.commit_marks)}"
        self.feature = {"tree": self.main.copy(), "tip": self.main_tip, "package": package,
                        "left": self.rng.randint(2, 12), "name": name, "commits": 0}

    def feature_commit(self):
        f = self.feature
        package, changes = self.ordinary_changes(f["tree"], [f["package"]])
        if changes:
            f["tip"] = self.commit("refs/heads/" + f["name"], [f["tip"]], self.message(package, changes), changes)
            f["commits"] += 1
        f["left"] -= 1

    def merge_feature(self):
        """A true merge: main never touched the feature's package meanwhile, so the result is main plus that package."""
        f, self.feature = self.feature, None
        if f["commits"] == 0:
            return
        package = f["package"]
        mine, theirs = set(self.main.by_package.get(package, [])), set(f["tree"].by_package.get(package, []))
        changes = []
        for path in sorted(mine - theirs):
            self.main.remove(path)
            changes.append(("D", path))
        for path in sorted(theirs):
            entry = f["tree"].files[path]
            if self.main.files.get(path) != entry:
                self.main.put(path, *entry)
                changes.append(("M", path, entry[0], entry[1]))
        self.main_tip = self.commit("refs/heads/main", [self.main_tip, f["tip"]],
                                    f"Merge branch '{f['name']}'\n", changes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--size-mb", type=float, default=1024.0, help="blob bytes for 10,000 commits (scaled)")
    parser.add_argument("--planted", required=True)
    args = parser.parse_args()
    if args.commits < 50:
        sys.exit("need at least 50 commits")
    marks = os.path.join(args.repo, "history-marks")
    importer = subprocess.Popen(["git", "-C", args.repo, "fast-import", "--quiet", "--done",
                                 f"--export-marks={marks}"], stdin=subprocess.PIPE)
    out = importer.stdin
    history = History(out, args.commits, args.seed, args.size_mb * 1024 * 1024 * args.commits / 10000)
    history.run(list_packages())
    out.write(b"done\n")
    out.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    sha = {}
    with open(marks) as f:
        for line in f:
            mark, oid = line.split()
            sha[int(mark[1:])] = oid
    os.remove(marks)
    planted = []
    for e in history.planted:
        removed = e.get("removed_mark")
        planted.append({"commit": sha[e["mark"]], "path": e["path"], "line": e["line"], "kind": e["kind"],
                        "branch": e["branch"], "secret": e["secret"],
                        "removed_in": sha[removed] if isinstance(removed, int) else None})
    with open(args.planted, "w") as f:
        json.dump(planted, f, indent=1)
        f.write("\n")
    print(f"{len(history.commit_marks)} commits, {history.blob_bytes} bytes of distinct blobs written", file=sys.stderr)


if __name__ == "__main__":
    main()
