#!/usr/bin/env python3
"""Counts how many of the planted secrets (make-history-repo.sh's DEST.planted.json) a scanner's JSON report found.

    count-planted.py PLANTED.json LABEL REPORT.json [LABEL REPORT.json ...]

A planted secret counts as found when a finding names its path and the commit that added it (a finding without a
commit counts on its path alone). Reports may be gitleaks' (a list of {"File", "Commit", ...}) or git-warden's
(its "findings": objects with "path" and "commit"); missing or empty reports count as no findings.
"""
import json
import os
import sys


def findings(node):
    """Every object in the report that names a file."""
    if isinstance(node, list):
        for item in node:
            yield from findings(item)
    elif isinstance(node, dict):
        lowered = {k.lower(): v for k, v in node.items()}
        if isinstance(lowered.get("findings"), list):
            yield from findings(lowered["findings"])
        elif isinstance(lowered.get("path", lowered.get("file")), str):
            yield lowered
        else:
            for value in node.values():
                yield from findings(value)


def found(secret, hits):
    for hit in hits:
        path = hit.get("path", hit.get("file"))
        commit = hit.get("commit") or ""
        if path == secret["path"] and (not commit or secret["commit"].startswith(commit) or commit.startswith(secret["commit"])):
            return True
    return False


def main():
    planted = json.load(open(sys.argv[1]))
    pairs = sys.argv[2:]
    for label, report in zip(pairs[::2], pairs[1::2]):
        try:
            data = json.load(open(report)) if os.path.getsize(report) else []
        except (OSError, ValueError) as error:
            print(f"{label:10s} report unreadable ({error})")
            continue
        hits = list(findings(data))
        missed = [s for s in planted if not found(s, hits)]
        by_kind = {}
        for s in missed:
            by_kind[s["kind"]] = by_kind.get(s["kind"], 0) + 1
        detail = f" (missed: {', '.join(f'{k} x{n}' for k, n in sorted(by_kind.items()))})" if missed else ""
        print(f"{label:10s} found {len(planted) - len(missed):2d} of {len(planted)} planted secrets{detail}; "
              f"{len(hits)} findings in all")


if __name__ == "__main__":
    main()
