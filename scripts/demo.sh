#!/usr/bin/env bash
# Runs git-warden's main job on a real repository: this project's own history is served from a scratch bare
# repository with the pre-receive hook installed and no policy file, so the embedded default policy applies.
# A normal push is accepted; a force push and a deletion of main are rejected; a commit that adds a cloud key is
# rejected by the secret scan (the key shown redacted); the decision log is printed.
#
#   scripts/demo.sh [REPOSITORY]     (default: this checkout; git-warden must be on PATH, see install.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source_repo=${1:-$here}
binary=$(command -v git-warden) || { echo "git-warden is not on PATH: run ./install.sh first" >&2; exit 1; }
work=$(mktemp -d /tmp/git-warden-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=Demo GIT_AUTHOR_EMAIL=demo@example.com GIT_COMMITTER_NAME=Demo GIT_COMMITTER_EMAIL=demo@example.com

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "serving $source_repo from $work/server.git with the hook installed"
git clone -q --bare "$source_repo" "$work/server.git"
branch=$(git -C "$work/server.git" symbolic-ref --short HEAD)
[ "$branch" = main ] || git -C "$work/server.git" branch -m "$branch" main
git -C "$work/server.git" symbolic-ref HEAD refs/heads/main
bash "$here/install.sh" --no-deps --binary "$binary" --hooks "$work/server.git"
(cd "$work/server.git" && git-warden policy explain refs/heads/main)

git clone -q "$work/server.git" "$work/work"
cd "$work/work"
step "a fast-forward push to main: accepted"
echo "demo change" >> DEMO.txt && git add DEMO.txt && git commit -q -m "docs: demo change"
git push origin main

step "a force push to main (history rewritten): rejected"
git commit -q --amend -m "docs: demo change, rewritten"
if git push --force origin main; then echo "UNEXPECTED: force push accepted" >&2; exit 1; fi

step "deleting main: rejected"
if git push origin :main; then echo "UNEXPECTED: deletion accepted" >&2; exit 1; fi

step "a commit that adds an AWS access key (made up here): rejected, the key shown redacted"
git reset -q --hard origin/main
printf 'AWS_ACCESS_KEY_ID=AKIA%s\n' QX7RZ2M4TW6YB3NP > deploy.env
git add deploy.env && git commit -q -m "chore: deploy settings"
if git push origin main; then echo "UNEXPECTED: secret accepted" >&2; exit 1; fi

step "the audit trail: $work/server.git/git-warden/decisions.jsonl"
cut -c1-240 "$work/server.git/git-warden/decisions.jsonl"
