#!/usr/bin/env bash
# Push latency over HTTP (Apache + git-http-backend, basic auth) with the hook running as www-data without HOME:
# git-warden's pre-receive and post-receive (the first push to a fresh repository, then later pushes) against the
# same pushes to a repository whose hooks do nothing. Prints medians and ratios, and how the first and last pushes
# got the compiled rules (the decision log's rulesCache).
#
#   sudo BINARY=.build/release/git-warden Benchmarks/http-push.sh      (PUSHES=20 by default)
#
# Needs root (Apache switches to www-data) and apache2; binds 127.0.0.1 on a free port and stops Apache on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pushes=${PUSHES:-20}
[ "$(id -u)" -eq 0 ] || { echo "http-push.sh: run as root (Apache runs hooks as www-data)" >&2; exit 1; }
[ -x /usr/sbin/apache2 ] || { echo "http-push.sh: apt-get install apache2" >&2; exit 1; }
work=$(mktemp -d /tmp/git-warden-http.XXXXXX)
chmod 0755 "$work"
apache_pid=""
cleanup() {
    if [ -n "$apache_pid" ]; then kill "$apache_pid" 2>/dev/null || true; wait "$apache_pid" 2>/dev/null || true; fi
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
if [ -n "${BINARY:-}" ]; then
    binary=$(realpath "$BINARY")
else
    bash "$here/install.sh" --no-deps --prefix "$work/prefix" >&2
    binary="$work/prefix/bin/git-warden"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export HOME=$work GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com \
       GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
git config --global init.defaultBranch main
mkdir -p "$work/repositories"
git init -q --bare "$work/repositories/guarded.git"
git init -q --bare "$work/repositories/noop.git"
bash "$here/install.sh" --no-deps --binary "$binary" --hooks "$work/repositories/guarded.git" 2>/dev/null
for hook in pre-receive post-receive; do
    printf '#!/bin/sh\ncat >/dev/null\n' > "$work/repositories/noop.git/hooks/$hook"
    chmod 0755 "$work/repositories/noop.git/hooks/$hook"
done
chown -R www-data:www-data "$work/repositories"
htpasswd -bcB "$work/htpasswd" bench bench-secret 2>/dev/null
modules=/usr/lib/apache2/modules
{
    for module in mpm_prefork authn_core authn_file authz_core authz_user auth_basic alias env cgi; do
        echo "LoadModule ${module}_module $modules/mod_$module.so"
    done
    cat <<CONF
ServerName 127.0.0.1
Listen 127.0.0.1:$port
ServerRoot $work
DefaultRuntimeDir $work
PidFile $work/httpd.pid
ErrorLog $work/error.log
User www-data
Group www-data
SetEnv GIT_PROJECT_ROOT $work/repositories
SetEnv GIT_HTTP_EXPORT_ALL 1
ScriptAlias /git/ /usr/lib/git-core/git-http-backend/
<Directory "/usr/lib/git-core">
    Require all granted
</Directory>
<Location "/git/">
    AuthType Basic
    AuthName "git"
    AuthUserFile $work/htpasswd
    Require valid-user
</Location>
CONF
} > "$work/httpd.conf"
/usr/sbin/apache2 -f "$work/httpd.conf" -DFOREGROUND </dev/null >/dev/null 2>&1 &
apache_pid=$!
for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done

git init -q "$work/client"
cd "$work/client"
git commit -q --allow-empty -m start
milliseconds() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); echo $(( (end - start) / 1000 )); }
push_to() { git push -q "http://bench:bench-secret@127.0.0.1:$port/git/$1.git" HEAD:main; }
guarded=() noop=()
for i in $(seq 1 "$pushes"); do
    echo "line $i" >> file.txt
    git add file.txt
    git commit -q -m "change $i"
    guarded+=("$(milliseconds push_to guarded)")
    noop+=("$(milliseconds push_to noop)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
first=${guarded[0]}
later=$(median "${guarded[@]:1}")
noop_median=$(median "${noop[@]}")
log="$work/repositories/guarded.git/git-warden/decisions.jsonl"
cache_of() { grep -v '"event":"landed"' "$log" | sed -n "$1p" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read()).get("rulesCache"))'; }
printf 'pushes: %d over HTTP (Apache, git-http-backend, hooks as www-data without HOME)\n' "$pushes"
printf 'git-warden hooks, first push:   %8.1f ms   rules: %s\n' "$(echo "$first / 1000" | bc -l)" "$(cache_of 1)"
printf 'git-warden hooks, later pushes: %8.1f ms (median)   rules of the last: %s\n' "$(echo "$later / 1000" | bc -l)" "$(cache_of "$pushes")"
printf 'no-op hooks:                    %8.1f ms (median)\n' "$(echo "$noop_median / 1000" | bc -l)"
printf 'ratio later/no-op: %.2fx, first/no-op: %.2fx, hook cost per later push: %.1f ms\n' \
    "$(echo "$later / $noop_median" | bc -l)" "$(echo "$first / $noop_median" | bc -l)" "$(echo "($later - $noop_median) / 1000" | bc -l)"
