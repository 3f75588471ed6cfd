#!/usr/bin/env bash
# The audit at scale: 1,000 small repositories (a real project's first 20 commits, as many bare copies), audited
# once into a fresh findings store, then again unchanged, in one run. Prints both wall times and their ratio.
#
#   Benchmarks/audit-1000.sh [COUNT] [SOURCE-REPO]
#
# Targets (issue 4): the unchanged re-audit under 5 s for all 1,000, and at least 10x faster than the first audit.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-1000}
source_repo=${2:-/opt/swift-packages/apple/swift-argument-parser.git}
source "$here/Benchmarks/common.sh"

benchmark_workspace audit

# A small repository with a short real history: the source's Sources/ tree, then 19 commits editing 5 files each.
git clone -q "$source_repo" "$work/source"
git init -q "$work/template"
mapfile -t files < <(cd "$work/source" && git ls-files 'Sources/*.swift' | head -100)
for file in "${files[@]}"; do
    mkdir -p "$work/template/$(dirname "$file")"
    cp "$work/source/$file" "$work/template/$file"
done
git -C "$work/template" add -A
git -C "$work/template" commit -q -m "feat: import"
for i in $(seq 1 19); do
    for j in 0 1 2 3 4; do
        printf '\n// change %d\nlet value%d = %d\n' "$i" "$i" "$j" >> "$work/template/${files[$(( (i * 5 + j) % ${#files[@]} ))]}"
    done
    git -C "$work/template" commit -q -am "fix: change $i"
done
git clone -q --bare "$work/template" "$work/template.git"
bash "$here/install.sh" --no-deps --binary "$binary" --hooks "$work/template.git" 2>/dev/null
mkdir -p "$work/srv"
for i in $(seq 1 "$count"); do cp -r "$work/template.git" "$work/srv/repo-$i.git"; done
echo "$count repositories of $(git -C "$work/template.git" rev-list --count HEAD) commits, $(du -sh "$work/srv" | cut -f1) on disk"

store=$work/state/findings.sqlite
timed() {
    local start end
    start=$(date +%s%N)
    "$binary" audit "$work/srv" --store "$store" --format json --report "$work/report.json" || [ $? -eq 1 ]
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 ))e-3"
}
first=$(timed)
again=()
for run in 1 2 3; do again+=("$(timed)"); done
median=$(printf '%s\n' "${again[@]}" | sort -n | sed -n 2p)
python3 - "$count" "$first" "$median" "${again[@]}" <<'PY'
import sys
count, first, median = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
runs = ", ".join(f"{float(x):.2f}" for x in sys.argv[4:])
print(f"first audit of {count} repositories: {first:.2f} s")
print(f"unchanged re-audit: median {median:.2f} s (runs: {runs})")
print(f"ratio: {first / median:.1f}x (target >= 10x: {'met' if first / median >= 10 else 'MISSED'}); "
      f"re-audit under 5 s: {'met' if median < 5 else 'MISSED'}")
PY
