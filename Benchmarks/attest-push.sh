#!/usr/bin/env bash
# What [attest] adds to a push, and how long the consumer's check takes.
#
#   Benchmarks/attest-push.sh        (needs hyperfine; BINARY=path measures that binary instead of install.sh's)
#
# Two bare servers with the same protected-branch policy, one with an [attest] section (Ed25519 key), both with
# git-warden's hooks installed by install.sh. Measured with hyperfine:
#   post-receive: the post-receive hook process alone, as git runs it after one update of refs/heads/main (the
#                 landed record, plus on the attested server the provenance + VSA, signed, appended to the note);
#                 the notes ref is reset before each run to its state after the first push;
#   push:         a whole `git push` of one commit (the server ref reset before each run);
#   verify:       `git-warden attest verify` of that revision at --min-level 3.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-40}
source "$here/Benchmarks/common.sh"

benchmark_workspace attest
export GIT_WARDEN_PUSHER=bench

"$binary" attest keygen --out "$work/attest.key" >/dev/null
policy='[[rule]]
id = "protect-main"
refs = ["refs/heads/main"]
block-force-push = true
block-deletion = true'
attest="
[attest]
key = \"$work/attest.key\"
repository-uri = \"git+ssh://git.example.com/bench.git\"
verifier-id = \"https://git.example.com/git-warden\"
refs = [\"refs/heads/main\"]"

git init -q "$work/clone"
cd "$work/clone"
git checkout -q -b main
echo one > a.txt && git add a.txt && git commit -q -m one
base=$(git rev-parse HEAD)
echo two > a.txt && git commit -q -am two
tip=$(git rev-parse HEAD)

for kind in plain attest; do
    git init -q --bare "$work/$kind.git"
    bash "$here/install.sh" --no-deps --binary "$binary" --hooks "$work/$kind.git" 2>/dev/null
    printf '%s\n' "$policy" > "$work/$kind.git/git-warden.toml"
    [ "$kind" = plain ] || printf '%s\n' "$attest" >> "$work/attest.git/git-warden.toml"
    git push -q "$work/$kind.git" "$base:refs/heads/main" 2>/dev/null
    git push -q "$work/$kind.git" "$tip:refs/bench/objects" 2>/dev/null
done
# The notes as they stand after the first push (the base revision's evidence): each run starts from them, so each
# attested update finds its previous provenance and computes a full level, as on a real server.
notes=$(git -C "$work/attest.git" rev-parse refs/notes/commits)
printf '%s %s refs/heads/main\n' "$base" "$tip" > "$work/input"
for kind in plain attest; do git -C "$work/$kind.git" update-ref refs/heads/main "$tip"; done

cd "$work"
hyperfine -N --warmup 5 --runs "$runs" --export-json post-receive.json \
    -n plain-post-receive "sh -c 'cd $work/plain.git && GIT_DIR=. exec hooks/post-receive < $work/input'" \
    -n attest-post-receive --prepare "git -C $work/attest.git update-ref refs/notes/commits $notes" \
    "sh -c 'cd $work/attest.git && GIT_DIR=. exec hooks/post-receive < $work/input'" >&2
hyperfine -N --warmup 3 --runs "$runs" --export-json push.json \
    -n plain-push --prepare "git -C $work/plain.git update-ref refs/heads/main $base" \
    "git -C $work/clone push -q $work/plain.git main" \
    -n attest-push --prepare "sh -c 'git -C $work/attest.git update-ref refs/heads/main $base && git -C $work/attest.git update-ref refs/notes/commits $notes'" \
    "git -C $work/clone push -q $work/attest.git main" >&2
"$binary" attest verify "$tip" --repo "$work/attest.git" --ref refs/heads/main --min-level 3 --key "$work/attest.key.pub" >&2
hyperfine -N --warmup 3 --runs "$runs" --export-json verify.json \
    -n attest-verify "$binary attest verify $tip --repo $work/attest.git --ref refs/heads/main --min-level 3 --key $work/attest.key.pub" >&2

python3 - "$work/post-receive.json" "$work/push.json" "$work/verify.json" <<'PY'
import json, sys
for path, label in ((sys.argv[1], "post-receive"), (sys.argv[2], "whole git push")):
    results = json.load(open(path))["results"]
    plain, attest = (r["median"] * 1000 for r in results)
    print(f"{label:15s} median: without [attest] {plain:7.2f} ms, with {attest:7.2f} ms, added {attest - plain:6.2f} ms")
verify = json.load(open(sys.argv[3]))["results"][0]["median"] * 1000
print(f"attest verify   median: {verify:7.2f} ms")
PY
