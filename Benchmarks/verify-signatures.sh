#!/usr/bin/env bash
# Native signature verification against git's own (`git log --format=%G?`, which spawns ssh-keygen / gpg per
# commit) on the same signed commits, in one run; prints both times, the ratio and commits per second.
#
#   Benchmarks/verify-signatures.sh          N=1000 SSH-signed (ed25519) + M=200 OpenPGP-signed (ed25519) commits
# Needs hyperfine, ssh-keygen and gpg.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${N:-1000}
m=${M:-200}
source "$here/Benchmarks/common.sh"
work=$(mktemp -d /tmp/git-warden-verify.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'gpgconf --homedir "$work/gnupg" --kill all 2>/dev/null || true; rm -rf "$work"' EXIT
benchmark_binary "$work"
export HOME=$work GIT_CONFIG_NOSYSTEM=1 GNUPGHOME=$work/gnupg \
       GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.com
mkdir -m 700 "$GNUPGHOME"
ssh-keygen -q -t ed25519 -N "" -C ada -f "$work/ssh"
echo "ada@example.com $(cat "$work/ssh.pub")" > "$work/allowed_signers"
gpg --batch --quiet --pinentry-mode loopback --passphrase "" --quick-gen-key "Ada <ada@example.com>" ed25519 sign never 2>/dev/null
gpg --batch --quiet --export --armor ada@example.com > "$work/keyring.asc"
fingerprint=$(gpg --batch --with-colons --list-keys ada@example.com | awk -F: '/^fpr/ {print $10; exit}')
echo "$fingerprint:6:" | gpg --batch --quiet --import-ownertrust 2>/dev/null

git init -q -b main "$work/repo"
cd "$work/repo"
echo "creating $n SSH-signed and $m OpenPGP-signed commits (git spawns a signer per commit)..." >&2
git commit -q --allow-empty -m base && git tag base
for i in $(seq 1 "$n"); do
    git -c gpg.format=ssh -c user.signingkey="$work/ssh" commit -q -S --allow-empty -m "ssh $i"
done
git tag ssh-end
for i in $(seq 1 "$m"); do
    git -c user.signingkey="$fingerprint" commit -q -S --allow-empty -m "pgp $i"
done

count() { git log --format=%G? "$1" | sort | uniq -c | tr '\n' ' '; }
echo "git's verdicts: ssh [$(git -c gpg.ssh.allowedSignersFile="$work/allowed_signers" log --format=%G? base..ssh-end | sort | uniq -c | tr '\n' ' ')] pgp [$(count ssh-end..main)]" >&2
echo "ours:           ssh [$("$binary" verify --allowed-signers "$work/allowed_signers" base..ssh-end | cut -c1 | sort | uniq -c | tr '\n' ' ')] pgp [$("$binary" verify --keyring "$work/keyring.asc" ssh-end..main | cut -c1 | sort | uniq -c | tr '\n' ' ')]" >&2

hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$work/ssh.json" \
    -n git-log-ssh "git -c gpg.ssh.allowedSignersFile=$work/allowed_signers log --format=%G? base..ssh-end" \
    -n git-warden-ssh "$binary verify --allowed-signers $work/allowed_signers base..ssh-end" >&2
hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$work/pgp.json" \
    -n git-log-openpgp "git log --format=%G? ssh-end..main" \
    -n git-warden-openpgp "$binary verify --keyring $work/keyring.asc ssh-end..main" >&2
python3 - "$work/ssh.json" "$n" "$work/pgp.json" "$m" <<'PY'
import json, sys
for path, count, label in ((sys.argv[1], int(sys.argv[2]), "SSH ed25519"), (sys.argv[3], int(sys.argv[4]), "OpenPGP ed25519")):
    git, ours = (r["median"] for r in json.load(open(path))["results"])
    print(f"{label:16s} {count:5d} commits: git log %G? {git:7.3f} s ({count / git:7.0f}/s), "
          f"git-warden verify {ours:6.3f} s ({count / ours:7.0f}/s incl. start-up), {git / ours:6.1f}x faster")
PY
