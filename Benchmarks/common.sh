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
