#!/usr/bin/env bash
# Added latency of the git-warden pre-receive hook for a typical push (10 commits, ~50 changed files), measured
# against a no-op hook in the same run, on a real repository (swift-argument-parser's history, from the local
# package mirror, or any repository given as $1).
#
#   Benchmarks/pre-receive-latency.sh [SOURCE-REPO]     (needs hyperfine: apt-get install hyperfine)
#
# Two measurements, each against its no-op twin, each of git-warden's hooks two ways:
#   hook:  the hook process, as git runs it (GIT_DIR=. hooks/pre-receive < "<old> <new> main"; the hook runs
#          git-warden-hook-relay, installed beside the binary; issue 16's target: at most 12 ms over the no-op hook)
#   push:  a whole `git push` to a local bare repository (the server ref is reset before each run)
# alone:   no hook service (GIT_WARDEN_HOOK_SOCKET=off): the relay becomes git-warden-hook, which judges alone
# served:  `git-warden hook-server` runs (started here, as the same user) and the relay hands the hook to it
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source_repo=${1:-/opt/swift-packages/apple/swift-argument-parser.git}
runs=${RUNS:-40}
source "$here/Benchmarks/common.sh"

benchmark_workspace pre-receive
export GIT_WARDEN_PUSHER=bench

git clone -q "$source_repo" "$work/clone"
cd "$work/clone"
git checkout -q -B main "$(git rev-parse HEAD)"
base=$(git rev-parse HEAD)
mapfile -t files < <(git ls-files '*.swift' | head -50)
[ ${#files[@]} -ge 10 ] || { echo "the source repository has too few Swift files" >&2; exit 1; }
for i in $(seq 1 10); do
    for j in $(seq 0 4); do
        file=${files[$(( (i - 1) * 5 + j ))]:-${files[$j]}}
        printf '\n// edit %d of the benchmark\nlet benchmarkValue%d = %d\n' "$i" "$i" "$RANDOM" >> "$file"
    done
    git commit -q -am "feat: benchmark change $i"
done
tip=$(git rev-parse HEAD)

policy='[[rule]]
id = "protect-main"
refs = ["refs/heads/main", "refs/tags/**"]
block-force-push = true
block-deletion = true
require-linear-history = true
max-file-size = "5 MiB"
forbidden-paths = ["*.pem", "*.key", "secrets/**"]
commit-message-pattern = "^(feat|fix|docs|chore)(\\(.+\\))?: .+"
author-email-pattern = "@example\\.com$"
pushers = ["bench"]'

for kind in noop warden; do
    git clone -q --bare "$source_repo" "$work/$kind.git"
    git -C "$work/$kind.git" update-ref refs/heads/main "$base"
    # Bring the pushed objects in without moving main, so the hook-only runs judge exactly the push.
    git push -q "$work/$kind.git" "$tip:refs/bench/objects"
done
printf '#!/bin/sh\ncat > /dev/null\n' > "$work/noop.git/hooks/pre-receive"
chmod +x "$work/noop.git/hooks/pre-receive"
bash "$here/install.sh" --no-deps --binary "$binary" --hooks "$work/warden.git" 2>/dev/null
printf '%s\n' "$policy" > "$work/warden.git/git-warden.toml"
input="$base $tip refs/heads/main"
printf '%s\n' "$input" > "$work/input"
# The hook must accept this push, or the benchmark measures a rejection.
(cd "$work/warden.git" && GIT_DIR=. hooks/pre-receive < "$work/input") || { echo "the hook rejected the benchmark push" >&2; exit 1; }

start_hook_server
(cd "$work/warden.git" && GIT_WARDEN_HOOK_SOCKET=$hook_socket GIT_DIR=. hooks/pre-receive < "$work/input") \
    || { echo "the served hook rejected the benchmark push" >&2; exit 1; }
grep -q ": pre-receive for pid" "$work/hook-server.log" || { echo "the hook service served nothing" >&2; exit 1; }

cd "$work"
hyperfine -N --warmup 5 --runs "$runs" --export-json hook.json \
    -n noop-hook "sh -c 'cd $work/noop.git && GIT_DIR=. exec hooks/pre-receive < $work/input'" \
    -n git-warden-hook-alone "sh -c 'cd $work/warden.git && GIT_WARDEN_HOOK_SOCKET=off GIT_DIR=. exec hooks/pre-receive < $work/input'" \
    -n git-warden-hook-served "sh -c 'cd $work/warden.git && GIT_WARDEN_HOOK_SOCKET=$hook_socket GIT_DIR=. exec hooks/pre-receive < $work/input'" >&2
hyperfine -N --warmup 3 --runs "$runs" --export-json push.json \
    -n noop-push --prepare "git -C $work/noop.git update-ref refs/heads/main $base" \
    "git -C $work/clone push -q $work/noop.git main" \
    -n git-warden-push-alone --prepare "git -C $work/warden.git update-ref refs/heads/main $base" \
    "env GIT_WARDEN_HOOK_SOCKET=off git -C $work/clone push -q $work/warden.git main" \
    -n git-warden-push-served --prepare "git -C $work/warden.git update-ref refs/heads/main $base" \
    "env GIT_WARDEN_HOOK_SOCKET=$hook_socket git -C $work/clone push -q $work/warden.git main" >&2

python3 - "$work/hook.json" "$work/push.json" <<'PY'
import json, sys
for path, label in ((sys.argv[1], "hook process"), (sys.argv[2], "whole git push")):
    results = json.load(open(path))["results"]
    noop, alone, served = (r["median"] * 1000 for r in results)
    for name, warden in (("alone", alone), ("served", served)):
        print(f"{label:15s} median: no-op {noop:7.2f} ms, git-warden {name:6s} {warden:7.2f} ms, "
              f"added {warden - noop:6.2f} ms (ratio {warden / noop:4.2f}x)"
              + (f", target <= 12 ms: {'met' if warden - noop <= 12 else 'MISSED'}" if label == "hook process" else ""))
PY
