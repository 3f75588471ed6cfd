#!/usr/bin/env python3
"""Quick conformance loop for git-warden's default secret rules.

Usage:
  run.py [--rules PATH] [--corpus PATH] [--show-fp] [--show-misses N]
  run.py --self-test            # compile checks + every rule's positives/negatives

Semantics approximated here (the Swift engine is the reference):
  * each rule regex is matched with PCRE2 (libpcre2-8 via ctypes; falls back to
    the Python `regex` module when the library is missing), multiline mode;
  * secret = capture group `secret-group` (default 1 if the regex has groups,
    else the whole match);
  * keywords: at least one (case-insensitive) must occur within NEAR bytes
    around the match (or inside it);
  * entropy: Shannon entropy (bits/char) of the secret must be >= `entropy`;
  * rule stopwords / global stopwords: secret containing one (case-insensitive)
    is ignored; rule allow-regexes / global regexes: searched in the secret;
  * rule allow-match-regexes / allow-line-regexes and the global
    match-regexes / line-regexes: searched in the whole match / its lines;
  * `path`: a rule with `path` only reports files whose path matches; a rule
    with `path` and no `regex` flags the file itself; a global allowlisted path
    is never scanned.
Corpus rows: {"rule", "expect": "secret"|"not-secret", "text", "path"?}.
Recall = secret rows with >= 1 finding (any rule); FP rate = not-secret rows
with >= 1 finding. "adjusted" FP leaves out not-secret rows whose exact text
is labelled secret elsewhere in the corpus (another rule's true positive).
"""
import argparse, collections, ctypes, ctypes.util, json, math, os, sys, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_RULES = os.path.join(ROOT, "Sources/WardenSecrets/Resources/default-rules.toml")
DEFAULT_CORPUS = "/work/shared/corpus/gitleaks-samples.jsonl"
NEAR = 256

# ---------------------------------------------------------------- PCRE2 ----
class _Pcre2:
    MULTILINE = 0x00000400
    UTF = 0x00080000

    def __init__(self):
        name = ctypes.util.find_library("pcre2-8") or "libpcre2-8.so.0"
        self.lib = ctypes.CDLL(name)
        L = self.lib
        L.pcre2_compile_8.restype = ctypes.c_void_p
        L.pcre2_compile_8.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32,
                                      ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p]
        L.pcre2_match_data_create_from_pattern_8.restype = ctypes.c_void_p
        L.pcre2_match_data_create_from_pattern_8.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        L.pcre2_match_8.restype = ctypes.c_int
        L.pcre2_match_8.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
                                    ctypes.c_uint32, ctypes.c_void_p, ctypes.c_void_p]
        L.pcre2_get_ovector_pointer_8.restype = ctypes.POINTER(ctypes.c_size_t)
        L.pcre2_get_ovector_pointer_8.argtypes = [ctypes.c_void_p]
        L.pcre2_get_error_message_8.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t]
        L.pcre2_pattern_info_8.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p]

    def compile(self, pattern):
        err = ctypes.c_int(0); off = ctypes.c_size_t(0)
        b = pattern.encode()
        code = self.lib.pcre2_compile_8(b, len(b), self.MULTILINE | self.UTF, ctypes.byref(err), ctypes.byref(off), None)
        if not code:
            buf = ctypes.create_string_buffer(256)
            self.lib.pcre2_get_error_message_8(err.value, buf, 256)
            raise ValueError(f"PCRE2: {buf.value.decode()} at offset {off.value}")
        ncap = ctypes.c_uint32(0)
        self.lib.pcre2_pattern_info_8(code, 4, ctypes.byref(ncap))  # PCRE2_INFO_CAPTURECOUNT
        return _PcreRegex(self, code, ncap.value)

class _PcreRegex:
    def __init__(self, p, code, groups):
        self.p, self.code, self.groups = p, code, groups
        self.md = p.lib.pcre2_match_data_create_from_pattern_8(code, None)

    def finditer(self, text):
        """Yields (start, end, [(gs, ge), ...]) as character offsets."""
        data = text.encode()
        # byte offset -> char offset map (texts are small)
        b2c = {}
        ci = 0; bi = 0
        for ch in text:
            b2c[bi] = ci; bi += len(ch.encode()); ci += 1
        b2c[bi] = ci
        pos = 0
        while pos <= len(data):
            rc = self.p.lib.pcre2_match_8(self.code, data, len(data), pos, 0, self.md, None)
            if rc < 0:
                return
            ov = self.p.lib.pcre2_get_ovector_pointer_8(self.md)
            s, e = ov[0], ov[1]
            groups = []
            for g in range(1, self.groups + 1):
                gs, ge = ov[2 * g], ov[2 * g + 1]
                groups.append((b2c.get(gs, -1), b2c.get(ge, -1)) if gs != ctypes.c_size_t(-1).value else (-1, -1))
            yield b2c[s], b2c[e], groups
            pos = e if e > s else e + 1
            while pos < len(data) and pos not in b2c:
                pos += 1

class _PyRegex:
    def __init__(self, pattern):
        import regex
        self.rx = regex.compile(pattern, regex.MULTILINE | regex.VERSION0)
        self.groups = self.rx.groups

    def finditer(self, text):
        for m in self.rx.finditer(text):
            yield m.start(), m.end(), [m.span(g) for g in range(1, self.groups + 1)]

try:
    _PCRE2 = _Pcre2()
except OSError:
    _PCRE2 = None

def compile_rx(pattern):
    if _PCRE2 is not None:
        return _PCRE2.compile(pattern)
    return _PyRegex(pattern)

# ---------------------------------------------------------------- rules ----
def entropy(s):
    if not s:
        return 0.0
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in collections.Counter(s).values())

class Rule:
    def __init__(self, d):
        self.d = d
        self.id = d["id"]
        self.rx = compile_rx(d["regex"]) if "regex" in d else None
        self.path = compile_rx(d["path"]) if "path" in d else None
        self.keywords = [k.lower() for k in d.get("keywords", [])]
        self.entropy = d.get("entropy")
        self.stopwords = [s.lower() for s in d.get("stopwords", [])]
        self.allow = [compile_rx(a) for a in d.get("allow-regexes", [])]
        self.allow_match = [compile_rx(a) for a in d.get("allow-match-regexes", [])]
        self.allow_line = [compile_rx(a) for a in d.get("allow-line-regexes", [])]
        if self.rx is not None:
            sg = d.get("secret-group")
            self.group = sg if sg is not None else (1 if self.rx.groups else 0)
            if self.group > self.rx.groups:
                raise ValueError(f"{self.id}: secret-group {self.group} > {self.rx.groups} groups")

def _search(rx, s):
    return next(iter(rx.finditer(s)), None) is not None

class RuleSet:
    def __init__(self, path):
        with open(path, "rb") as f:
            doc = tomllib.load(f)
        self.rules = [Rule(r) for r in doc["rule"]]
        ga = doc.get("global-allowlist", {})
        self.g_paths = [compile_rx(p) for p in ga.get("paths", [])]
        self.g_regexes = [compile_rx(p) for p in ga.get("regexes", [])]
        self.g_stop = [s.lower() for s in ga.get("stopwords", [])]
        self.g_match = [compile_rx(p) for p in ga.get("match-regexes", [])]
        self.g_line = [compile_rx(p) for p in ga.get("line-regexes", [])]

    def scan(self, text, path=None, only=None, example=False):
        """Returns [(rule_id, secret)]. `example`: text is a rule example, so a rule with a regex ignores its
        path condition (as `RuleSet.check()` does)."""
        if path is not None and any(_search(p, path) for p in self.g_paths):
            return []
        out = []
        low = text.lower()
        for r in self.rules:
            if only is not None and r.id != only:
                continue
            if r.path is not None and not (example and r.rx is not None) and (path is None or not _search(r.path, path)):
                continue
            if r.rx is None:
                if r.path is not None:
                    out.append((r.id, path))
                continue
            for s, e, groups in r.rx.finditer(text):
                if r.group == 0:
                    sec = text[s:e]
                else:
                    gs, ge = groups[r.group - 1]
                    if gs < 0:
                        continue
                    sec = text[gs:ge]
                if r.keywords:
                    win = low[max(0, s - NEAR):e + NEAR]
                    if not any(k in win for k in r.keywords):
                        continue
                if r.entropy is not None and entropy(sec) < r.entropy:
                    continue
                sl = sec.lower()
                if any(w in sl for w in r.stopwords) or any(w in sl for w in self.g_stop):
                    continue
                if any(_search(a, sec) for a in r.allow) or any(_search(a, sec) for a in self.g_regexes):
                    continue
                if r.allow_match or self.g_match:
                    whole = text[s:e]
                    if any(_search(a, whole) for a in r.allow_match + self.g_match):
                        continue
                if r.allow_line or self.g_line:
                    line = text[text.rfind("\n", 0, s) + 1:(text.find("\n", e) + 1 or len(text) + 1) - 1]
                    if any(_search(a, line) for a in r.allow_line + self.g_line):
                        continue
                out.append((r.id, sec))
        return out

# ------------------------------------------------------------ self-test ----
VECTORSCAN_UNSUPPORTED = ["(?=", "(?!", "(?<=", "(?<!", "\\K", "(?>", "(?P", "\\Z", "\\A", "\\G"]

def hs_check(patterns):
    """Compiles all patterns into one Vectorscan/Hyperscan block-mode database."""
    name = ctypes.util.find_library("hs")
    if not name:
        return None, "libhs not found; Vectorscan check skipped"
    hs = ctypes.CDLL(name)
    class CompileError(ctypes.Structure):
        _fields_ = [("message", ctypes.c_char_p), ("expression", ctypes.c_int)]
    hs.hs_compile_multi.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_uint),
                                    ctypes.POINTER(ctypes.c_uint), ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p,
                                    ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.POINTER(CompileError))]
    hs.hs_free_database.argtypes = [ctypes.c_void_p]
    hs.hs_free_compile_error.argtypes = [ctypes.POINTER(CompileError)]
    hs.hs_database_size.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)]
    errors = []
    ok = []
    for i, (rid, p) in enumerate(patterns):  # per-pattern first, to name the culprit
        arr = (ctypes.c_char_p * 1)(p.encode())
        fl = (ctypes.c_uint * 1)(4 | 32)  # MULTILINE | UTF8 (no SOM: the engine confirms with PCRE2)
        ids = (ctypes.c_uint * 1)(i)
        db = ctypes.c_void_p(); err = ctypes.POINTER(CompileError)()
        rc = hs.hs_compile_multi(arr, fl, ids, 1, 1, None, ctypes.byref(db), ctypes.byref(err))
        if rc != 0:
            # retry as PREFILTER (the engine confirms with PCRE2)
            fl2 = (ctypes.c_uint * 1)(4 | 32 | 128)
            hs.hs_free_compile_error(err)
            db2 = ctypes.c_void_p(); err2 = ctypes.POINTER(CompileError)()
            rc2 = hs.hs_compile_multi(arr, fl2, ids, 1, 1, None, ctypes.byref(db2), ctypes.byref(err2))
            msg = err2.contents.message.decode() if rc2 != 0 else None
            errors.append((rid, "needs PREFILTER" if rc2 == 0 else f"fails even with PREFILTER: {msg}"))
            if rc2 == 0:
                hs.hs_free_database(db2)
            else:
                hs.hs_free_compile_error(err2)
        else:
            hs.hs_free_database(db)
            ok.append(i)
    n = len(patterns)
    arr = (ctypes.c_char_p * n)(*[p.encode() for _, p in patterns])
    bad = {rid for rid, _ in errors}
    fl = (ctypes.c_uint * n)(*[(4 | 32 | 128) if rid in bad else (4 | 32) for rid, _ in patterns])
    ids = (ctypes.c_uint * n)(*range(n))
    db = ctypes.c_void_p(); err = ctypes.POINTER(CompileError)()
    rc = hs.hs_compile_multi(arr, fl, ids, n, 1, None, ctypes.byref(db), ctypes.byref(err))
    if rc != 0:
        return errors, f"combined database failed: {err.contents.message.decode()} (expr {err.contents.expression})"
    size = ctypes.c_size_t(0)
    hs.hs_database_size(db, ctypes.byref(size))
    hs.hs_free_database(db)
    return errors, f"combined Vectorscan database of {n} patterns compiles ({size.value // 1024} KiB)"

def self_test(rs, path):
    failures = 0
    ids = collections.Counter(r.id for r in rs.rules)
    for rid, c in ids.items():
        if c > 1:
            print(f"DUPLICATE id {rid}"); failures += 1
    import regex as pyre
    for r in rs.rules:
        d = r.d
        for key in ("id", "description", "tags"):
            if key not in d:
                print(f"{r.id}: missing {key}"); failures += 1
        if not pyre.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.id):
            print(f"{r.id}: id not kebab-case"); failures += 1
        for p in [d.get("regex", "")] + d.get("allow-regexes", []):
            for bad in VECTORSCAN_UNSUPPORTED:
                if bad in p:
                    print(f"{r.id}: uses {bad!r} (not Vectorscan-native / not portable)")
            try:
                pyre.compile(p)
            except Exception as e:
                print(f"{r.id}: python regex fails: {e}"); failures += 1
        pos, neg = d.get("positives", []), d.get("negatives", [])
        if len(pos) < 2 or len(neg) < 2:
            print(f"{r.id}: needs >= 2 positives and >= 2 negatives ({len(pos)}/{len(neg)})"); failures += 1
        pathonly = r.rx is None
        for ex in pos:  # a path-only rule's examples are file paths
            hits = rs.scan("", path=ex, only=r.id) if pathonly else rs.scan(ex, only=r.id, example=True)
            if not hits:
                print(f"{r.id}: positive NOT detected: {ex!r}"); failures += 1
        for ex in neg:
            hits = rs.scan("", path=ex, only=r.id) if pathonly else rs.scan(ex, only=r.id, example=True)
            if hits:
                print(f"{r.id}: negative detected: {ex!r} -> {hits}"); failures += 1
    pats = [(r.id, r.d["regex"]) for r in rs.rules if "regex" in r.d]
    errs, summary = hs_check(pats)
    for rid, msg in errs or []:
        print(f"vectorscan: {rid}: {msg}")
    print(summary)
    print(f"{len(rs.rules)} rules, {failures} self-test failures")
    return failures

def scan_tree(rs, root):
    per_rule = collections.defaultdict(list)
    nfiles = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", ".build")]
        for fn in filenames:
            full = os.path.join(dirpath, fn)
            try:
                if os.path.getsize(full) > 1 << 20:
                    continue
                with open(full, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if b"\0" in data[:8192]:
                continue
            nfiles += 1
            rel = os.path.relpath(full, root)
            for rid, sec in rs.scan(data.decode("utf-8", "replace"), path=rel):
                per_rule[rid].append((rel, sec))
    print(f"scanned {nfiles} text files under {root}")
    for rid, hits in sorted(per_rule.items(), key=lambda kv: -len(kv[1])):
        print(f"  {rid}: {len(hits)}")
        for rel, sec in hits[:3]:
            print(f"      {rel}: {sec[:60]!r}")

# ----------------------------------------------------------- conformance ---
def main():
    import signal
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", default=DEFAULT_RULES)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--show-fp", action="store_true")
    ap.add_argument("--show-misses", type=int, default=0, help="print up to N missed lines per rule id")
    ap.add_argument("--python-regex", action="store_true", help="use the Python `regex` module instead of PCRE2")
    ap.add_argument("--scan", metavar="DIR", help="noise check: scan the text files under DIR and print findings per rule")
    a = ap.parse_args()
    global _PCRE2
    if a.python_regex:
        _PCRE2 = None
    rs = RuleSet(a.rules)
    print(f"engine: {'PCRE2 (ctypes)' if _PCRE2 else 'python regex (approximation)'}; {len(rs.rules)} rules")
    if a.self_test:
        sys.exit(1 if self_test(rs, a.rules) else 0)
    if a.scan:
        scan_tree(rs, a.scan)
        return
    if not os.path.exists(a.corpus):
        print(f"corpus {a.corpus} not found; skipping conformance check")
        sys.exit(0)
    rows = [json.loads(l) for l in open(a.corpus, encoding="utf-8") if l.strip()]
    secret_texts = {r["text"] for r in rows if r["expect"] == "secret"}
    tp = fn = fp = tn = fp_adj = neg_adj = 0
    misses = collections.defaultdict(list)
    fps = []
    for r in rows:
        hits = rs.scan(r["text"], path=r.get("path"))
        if r["expect"] == "secret":
            if hits: tp += 1
            else:
                fn += 1; misses[r["rule"]].append(r["text"])
        else:
            other = r["text"] in secret_texts
            if not other: neg_adj += 1
            if hits:
                fp += 1
                if not other:
                    fp_adj += 1
                fps.append((r["rule"], r.get("path"), r["text"], hits, other))
            else: tn += 1
    npos, nneg = tp + fn, fp + tn
    print(f"recall    {tp}/{npos} = {100 * tp / max(npos, 1):.2f}%")
    print(f"FP rate   {fp}/{nneg} = {100 * fp / max(nneg, 1):.2f}%")
    print(f"FP rate (adjusted: excluding {nneg - neg_adj} not-secret lines labelled secret elsewhere) "
          f"{fp_adj}/{neg_adj} = {100 * fp_adj / max(neg_adj, 1):.2f}%")
    if misses:
        print("misses by corpus rule id:")
        for rid, ts in sorted(misses.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            print(f"  {rid}: {len(ts)}")
            for t in ts[:a.show_misses]:
                print(f"      {t[:200]!r}")
    if a.show_fp:
        print("false positives:")
        for rid, p, t, hits, other in fps:
            print(f"  [{rid}]{' (secret elsewhere)' if other else ''} {p or ''} {t[:160]!r} -> {[(h[0], h[1][:40]) for h in hits]}")

if __name__ == "__main__":
    main()
