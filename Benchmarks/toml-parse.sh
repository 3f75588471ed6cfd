#!/usr/bin/env bash
# TOML parse time against the number of [[rule]] headers (issue 11): `git-warden policy check` on generated
# policies of SIZES rules each (default 25000 50000 100000). Linear parsing doubles the time when the size doubles;
# the old parser, which copied the array of tables on every header, quadrupled it.
#   BINARY=.build/debug/git-warden PEER=/path/to/older/git-warden SIZES="25000 50000" Benchmarks/toml-parse.sh
# PEER (optional) is timed on the same files for comparison.
set -euo pipefail
source "$(dirname "$0")/common.sh"
benchmark_workspace toml-parse
for size in ${SIZES:-25000 50000 100000}; do
    python3 - "$size" "$work/policy-$size.toml" <<'PY'
import sys
size, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as out:
    for i in range(size):
        out.write('[[rule]]\nid = "r%d"\nrefs = ["refs/heads/b%d"]\nblock-force-push = true\n' % (i, i))
PY
    commands=("$binary policy check $work/policy-$size.toml")
    [ -z "${PEER:-}" ] || commands+=("$PEER policy check $work/policy-$size.toml")
    hyperfine --runs "${RUNS:-3}" --style basic "${commands[@]}"
done
