#!/usr/bin/env bash
# Added latency of git-warden's developer-side hooks for a typical commit (20 changed files), measured against the
# same commit without hooks in the same run, on a real repository (swift-argument-parser from the local package
# mirror, or any repository given as $1).
#
#   Benchmarks/pre-commit-latency.sh [SOURCE-REPO]     (needs hyperfine: apt-get install hyperfine)
#
# Three clones hold the same staged change; before each run the previous commit is undone (git reset --soft), so
# every run commits the same 20 files:
#   plain:       no hooks
#   pre-commit:  the pre-commit hook git-warden install --client writes (issue 16: at most 15 ms added), run alone
#                (GIT_WARDEN_HOOK_SOCKET=off: the relay becomes git-warden-hook) and served (the developer runs
#                `git-warden hook-server`, started here)
#   all hooks:   pre-commit and commit-msg, with a client policy (.git-warden.toml) asking for a message pattern
#                and a sign-off; secret scanning on in both.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source_repo=${1:-/opt/swift-packages/apple/swift-argument-parser.git}
runs=${RUNS:-40}
source "$here/Benchmarks/common.sh"

benchmark_workspace pre-commit

policy='[[rule]]
refs = ["refs/heads/**"]
commit-message-pattern = "^(feat|fix|docs|chore)(\\(.+\\))?: .+"
require-signoff = true
max-file-size = "5 MiB"
forbidden-paths = ["*.pem", "*.key"]'

for kind in plain precommit hooks; do
    git clone -q "$source_repo" "$work/$kind"
    cd "$work/$kind"
    git checkout -q -B main "$(git rev-parse HEAD)"
    mapfile -t files < <(git ls-files '*.swift' | head -20)
    [ ${#files[@]} -eq 20 ] || { echo "the source repository has fewer than 20 Swift files" >&2; exit 1; }
    for file in "${files[@]}"; do
        printf '\n// benchmark edit\nlet benchmarkValue = "%s"\n' "$file" >> "$file"
    done
    git add -A
    git commit -q -s -m "feat: benchmark change"
done
printf '%s\n' "$policy" > "$work/hooks/.git-warden.toml"
for kind in precommit hooks; do (cd "$work/$kind" && "$binary" install --client >/dev/null); done
rm "$work/precommit/.git/hooks/commit-msg" "$work/precommit/.git/hooks/pre-push"
# Warm the compiled rule cache once, as any developer machine has it after the first commit.
(cd "$work/hooks" && git reset -q --soft HEAD~1 && git commit -q -s -m "feat: benchmark change")

start_hook_server
served="GIT_WARDEN_HOOK_SOCKET=$hook_socket"
alone="GIT_WARDEN_HOOK_SOCKET=off"
hyperfine --runs "$runs" --warmup 3 --export-json "$work/commit.json" \
    --prepare "git -C $work/plain reset -q --soft HEAD~1" -n "git commit (no hooks)" \
    "git -C $work/plain commit -q -s -m 'feat: benchmark change'" \
    --prepare "git -C $work/precommit reset -q --soft HEAD~1" -n "git commit (git-warden pre-commit, alone)" \
    "$alone git -C $work/precommit commit -q -s -m 'feat: benchmark change'" \
    --prepare "git -C $work/precommit reset -q --soft HEAD~1" -n "git commit (git-warden pre-commit, served)" \
    "$served git -C $work/precommit commit -q -s -m 'feat: benchmark change'" \
    --prepare "git -C $work/hooks reset -q --soft HEAD~1" -n "git commit (git-warden pre-commit + commit-msg, alone)" \
    "$alone git -C $work/hooks commit -q -s -m 'feat: benchmark change'" \
    --prepare "git -C $work/hooks reset -q --soft HEAD~1" -n "git commit (git-warden pre-commit + commit-msg, served)" \
    "$served git -C $work/hooks commit -q -s -m 'feat: benchmark change'"
grep -q ": pre-commit for pid" "$work/hook-server.log" || { echo "the hook service served nothing" >&2; exit 1; }

python3 - "$work/commit.json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
plain, alone, served, hooks_alone, hooks_served = (statistics.median(r["times"]) * 1000 for r in results)
print(f"median: no hooks {plain:.2f} ms")
for name, precommit, hooks in (("alone", alone, hooks_alone), ("served", served, hooks_served)):
    print(f"  {name:6s}: pre-commit {precommit:.2f} ms (added {precommit - plain:.2f} ms, "
          f"target <= 15 ms: {'met' if precommit - plain <= 15 else 'MISSED'}), "
          f"pre-commit + commit-msg {hooks:.2f} ms (added {hooks - plain:.2f} ms)")
PY
