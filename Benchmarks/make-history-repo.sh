#!/usr/bin/env bash
# Builds a bare repository with a long, realistic history for history-scan benchmarks:
#
#   Benchmarks/make-history-repo.sh DEST [COMMITS]     COMMITS=10000 by default; SEED=6, SIZE_MB=1024 (for 10,000
#                                                      commits, scaled with COMMITS)
#
# Content: the real trees of the Swift packages mirrored under /opt/swift-packages, vendored one after another into
# Packages/<name>/, with the edits of a team replayed on top (a few lines in a few files per commit, files added,
# deleted, renamed, feature branches merged back, release branches, tags); see Benchmarks/history_stream.py. The
# history is deterministic: the same SEED and COMMITS give the same commit ids. About 20 fake secrets are planted on
# the way (some removed again later); DEST.planted.json lists them (commit, path, line, kind, branch, removed_in).
# The repository is repacked like a server's (git repack -a -d -f, git gc) and the script prints the commit count,
# the sum of the sizes of every distinct blob and how long each step took.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:?usage: make-history-repo.sh DEST [COMMITS]}
commits=${2:-10000}
[ ! -e "$dest" ] || { echo "$dest exists already" >&2; exit 1; }
export GIT_CONFIG_NOSYSTEM=1

start=$(date +%s.%N)
git init -q --bare -b main "$dest"
python3 "$here/history_stream.py" "$dest" --commits "$commits" --seed "${SEED:-6}" --size-mb "${SIZE_MB:-1024}" \
    --planted "$dest.planted.json"
imported=$(date +%s.%N)
git -C "$dest" repack -q -a -d -f --window=10 --depth=50
git -C "$dest" gc -q --prune=now
done_at=$(date +%s.%N)

count=$(git -C "$dest" rev-list --all | wc -l)
blob_bytes=$(git -C "$dest" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
    awk '$1 == "blob" { s += $2; n++ } END { printf "%d blobs, %.0f MB", n, s / 1048576 }')
pack=$(du -sh "$dest/objects/pack" | cut -f1)
planted=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$dest.planted.json")
echo "$dest: $count commits, $blob_bytes of distinct blob versions (pack: $pack), $planted planted secrets" >&2
awk -v a="$start" -v b="$imported" -v c="$done_at" \
    'BEGIN { printf "generated in %.1f s (fast-import %.1f s, repack + gc %.1f s)\n", c - a, b - a, c - b }' >&2
