#!/usr/bin/env bash
# What the audit's evidence checks (evidence.missing, evidence.chain-broken, pushlog.broken) cost.
#
#   Benchmarks/audit-evidence.sh     (needs hyperfine; BINARY=path measures that binary; PUSHES=200, RUNS=10)
#
# One bare server with a protected-branch policy and [attest] (Ed25519), PUSHES commits pushed one by one through
# git-warden's real hooks (each push: a decision and a landed record in the push log, provenance + VSA in the note).
# A copy of it without the [attest] section is the baseline. Measured with hyperfine: the unchanged re-audit of each
# (`git-warden audit --store`, after a first audit filled the store, so the history is skipped), which is what the
# daemon does on every run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-10}
pushes=${PUSHES:-200}
source "$here/Benchmarks/common.sh"

benchmark_workspace audit-evidence
export GIT_WARDEN_PUSHER=bench

"$binary" attest keygen --out "$work/attest.key" >/dev/null
git init -q --bare "$work/attest.git"
bash "$here/install.sh" --no-deps --binary "$binary" --hooks "$work/attest.git" 2>/dev/null
cat > "$work/attest.git/git-warden.toml" <<TOML
[[rule]]
id = "protect-main"
refs = ["refs/heads/main"]
block-force-push = true
block-deletion = true

[attest]
key = "$work/attest.key"
repository-uri = "git+ssh://git.example.com/bench.git"
verifier-id = "https://git.example.com/git-warden"
refs = ["refs/heads/main"]
TOML
git init -q "$work/clone"
cd "$work/clone"
git checkout -q -b main
for i in $(seq 1 "$pushes"); do
    echo "$i" > a.txt && git add a.txt && git commit -q -m "commit $i"
    git push -q "$work/attest.git" main 2>/dev/null
done
cp -r "$work/attest.git" "$work/plain.git"
sed -i '/^\[attest\]/,$d' "$work/plain.git/git-warden.toml"
for kind in plain attest; do
    "$binary" audit "$work/$kind.git" --store "$work/$kind.sqlite" --fail-on critical >/dev/null
done
if "$binary" audit "$work/attest.git" --no-store --format json | grep -q '"checkID" : "\(evidence\|pushlog\)\.'; then
    echo "the attested server has evidence findings: the benchmark expects none" >&2
    exit 1
fi

cd "$work"
hyperfine -N --warmup 2 --runs "$runs" --export-json audit.json \
    -n plain-reaudit "$binary audit $work/plain.git --store $work/plain.sqlite --fail-on critical" \
    -n attest-reaudit "$binary audit $work/attest.git --store $work/attest.sqlite --fail-on critical" >&2

python3 - "$work/audit.json" "$pushes" <<'PY'
import json, sys
plain, attest = (r["median"] * 1000 for r in json.load(open(sys.argv[1]))["results"])
pushes = int(sys.argv[2])
print(f"unchanged re-audit median: without [attest] {plain:8.1f} ms, with {attest:8.1f} ms, "
      f"added {attest - plain:7.1f} ms ({(attest - plain) / pushes:.2f} ms per attested push)")
PY
