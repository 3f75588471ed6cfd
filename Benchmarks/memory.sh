#!/usr/bin/env bash
# Peak memory (maximum resident set size from /usr/bin/time -v) of:
#   1. the pre-receive hook judging a push of one 1 GiB text file (max-scan-size 10 MiB), with the pushed objects
#      loose (receive-pack's default for a push of a few objects) and packed (receive.unpackLimit = 1);
#   2. `scan --baseline` given a JSON report of a million findings.
# Usage: BINARY=.build/release/git-warden [BEFORE=/path/to/older/git-warden] Benchmarks/memory.sh
# Each figure is printed for BINARY, and for BEFORE when given (the same inputs, the same run).
set -euo pipefail
: "${BINARY:?set BINARY to the git-warden binary to measure}"
binaries=("$(realpath "$BINARY")")
[ -z "${BEFORE:-}" ] || binaries+=("$(realpath "$BEFORE")")
work=$(mktemp -d /tmp/git-warden-memory.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export HOME=$work GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com \
       GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com XDG_CACHE_HOME=$work/cache
git config --global init.defaultBranch main

peak() { awk -F': ' '/Maximum resident set size/ { printf "%.1f MB", $2 / 1024 }' "$1"; }

echo "making a 1 GiB text file..." >&2
git init -q "$work/client"
# `yes` dies of SIGPIPE when head has enough: not a failure.
{ yes 'the quick brown fox jumps over the lazy dog 0123456789 ABCDEFGHIJ' || true; } | head -c 1073741824 > "$work/client/big.txt"
git -C "$work/client" add big.txt
git -C "$work/client" commit -qm "one large file"

for binary in "${binaries[@]}"; do
    for layout in loose packed; do
        server=$work/server-$layout.git
        rm -rf "$server"
        git init -q --bare "$server"
        [ "$layout" = loose ] || git -C "$server" config receive.unpackLimit 1
        printf '#!/bin/sh\nexec /usr/bin/time -v -o "$PWD/time.txt" %s pre-receive\n' "$binary" > "$server/hooks/pre-receive"
        chmod +x "$server/hooks/pre-receive"
        git -C "$work/client" push -q "$server" main:main 2>"$work/push.err" || { cat "$work/push.err" >&2; exit 1; }
        echo "pre-receive, push of a 1 GiB file ($layout objects): $(peak "$server/time.txt") peak  [$binary]"
    done
done

echo "making a report of a million findings..." >&2
python3 - "$work/baseline.json" <<'PY'
import json, sys
with open(sys.argv[1], "w") as out:
    out.write('{"tool":"git-warden","version":"bench","target":"bench","notes":[],"summary":{},"findings":[')
    for index in range(1_000_000):
        if index: out.write(",")
        out.write(json.dumps({"ruleID": "generic-api-key", "description": "Generic API key", "path": f"src/file{index}.py",
                              "line": 3, "column": 10, "redacted": "abcd…(32)", "entropy": 4.1,
                              "fingerprint": f"{index:032x}", "tags": []}))
    out.write("]}")
PY
echo "x = 1" > "$work/clean.txt"
for binary in "${binaries[@]}"; do
    /usr/bin/time -v -o "$work/time.txt" "$binary" scan --baseline "$work/baseline.json" "$work/clean.txt" >/dev/null
    echo "scan --baseline ($(du -m "$work/baseline.json" | cut -f1) MB, 1,000,000 findings): $(peak "$work/time.txt") peak  [$binary]"
done
