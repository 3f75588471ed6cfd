#!/usr/bin/env bash
# SHA-256 on the hook path (issue 12): the Vectorscan cache key over every default rule (computed at each scanner
# load) and a finding's fingerprint, with swift-crypto (what WardenSecrets uses, through a release secrets-bench)
# and with the hand-written SHA-256 it replaced (taken from commit a1c74fd and compiled with `swiftc -O` beside a
# driver that hashes the same inputs). CPU time of the measuring thread.
#   Benchmarks/sha256-digests.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/git-warden-sha256.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$here"
swift build -c release --product secrets-bench >&2
mkdir "$work/dir" && cp Sources/WardenCore/*.swift "$work/dir/"
echo "swift-crypto:"
for run in 1 2 3; do .build/release/secrets-bench "$work/dir" | grep '^digests:'; done

git show a1c74fd:Sources/WardenSecrets/SHA256.swift > "$work/SHA256.swift"
python3 - "$work/regexes.txt" <<'PY'
import sys, tomllib
rules = tomllib.load(open("Sources/WardenSecrets/Resources/default-rules.toml", "rb"))["rule"]
with open(sys.argv[1], "w") as out:
    for rule in rules:
        out.write((("R" + rule["regex"]) if "regex" in rule else "P").replace("\n", "\\n") + "\n")
PY
cat > "$work/main.swift" <<'SWIFT'
import Foundation
func cpu() -> Double { var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
let lines = try String(contentsOfFile: CommandLine.arguments[1], encoding: .utf8).split(separator: "\n").map(String.init)
var sink = 0
var start = cpu()
for _ in 0..<200 {
    var hasher = SHA256()
    hasher.update("git-warden vectorscan cache v1\n")
    hasher.update("x86_64 avx2 vectorscan 5.4.11")
    for line in lines { hasher.update([0]); hasher.update(line) }
    sink &+= Int(SHA256.hex(hasher.finalize().prefix(16)).utf8.count)
}
let key = (cpu() - start) / 200
start = cpu()
for index in 0..<100_000 {
    var hasher = SHA256()
    hasher.update("src/dir/config-\(index % 100).py"); hasher.update([0]); hasher.update("github-pat"); hasher.update([0])
    hasher.update("ghp_0123456789abcdefghijABCDEFGHIJ\(index)")
    sink &+= Int(SHA256.hex(hasher.finalize().prefix(16)).utf8.count)
}
let fingerprint = (cpu() - start) / 100_000
print(String(format: "digests: cache key %.3f ms, fingerprint %.2f µs (%d hex digits)", key * 1000, fingerprint * 1e6, sink))
SWIFT
swiftc -O "$work/SHA256.swift" "$work/main.swift" -o "$work/handwritten"
echo "hand-written (a1c74fd):"
for run in 1 2 3; do "$work/handwritten" "$work/regexes.txt"; done
