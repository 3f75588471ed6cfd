#!/usr/bin/env bash
# Installs git-warden on a Debian machine: system packages, a release build, the binary on PATH, and optionally
# the pre-receive hook into bare repositories.
#
#   ./install.sh [--prefix DIR] [--hooks REPO...]     build and install (default prefix /usr/local)
#   ./install.sh --deps-only                          only install the system packages the build needs
#   ./install.sh --binary PATH --hooks REPO...        install hooks that run an existing binary (no build)
#   ./install.sh --daemon [--user NAME]               also install the audit daemon as a systemd service
#                                                     (/etc/git-warden/daemon.toml kept if present; default user git)
#
# An existing pre-receive hook is never overwritten: it is renamed pre-receive.chained and still runs, with the
# same input, after git-warden accepts the push. Running the installer again is safe.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=/usr/local
binary=""
deps_only=false
install_deps=true
repos=()
daemon=false
daemon_user=git

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --binary) binary=${2:?--binary needs a path}; shift 2 ;;
        --deps-only) deps_only=true; shift ;;
        --daemon) daemon=true; shift ;;
        --user) daemon_user=${2:?--user needs an account name}; shift 2 ;;
        --no-deps) install_deps=false; shift ;;
        --hooks) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do repos+=("$1"); shift; done ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

say() { echo "install.sh: $*" >&2; }

packages=(libgit2-dev libvectorscan-dev libpcre2-dev libsqlite3-dev pkg-config git gnupg openssh-client)

install_packages() {
    local missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        say "missing packages ${missing[*]} and no apt-get: install them by hand"; exit 1
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

build_and_install() {
    command -v swift >/dev/null || { say "no swift toolchain on PATH (Swift 6 is needed to build)"; exit 1; }
    say "building release binary"
    (cd "$here" && swift build -c release --product git-warden --static-swift-stdlib >&2)
    local built
    built="$(cd "$here" && swift build -c release --show-bin-path)/git-warden"
    install -d "$prefix/bin"
    install -m 0755 "$built" "$prefix/bin/git-warden"
    binary="$prefix/bin/git-warden"
    say "installed $binary"
}

install_hook() {
    local repo=$1 hooks target
    if ! hooks=$(git -C "$repo" rev-parse --path-format=absolute --git-path hooks 2>/dev/null); then
        say "$repo is not a git repository"; exit 1
    fi
    install -d "$hooks"
    target="$hooks/pre-receive"
    if [ -e "$target" ] && ! grep -q "git-warden pre-receive hook" "$target"; then
        if [ -e "$hooks/pre-receive.chained" ]; then
            say "$target exists and so does pre-receive.chained: refusing to overwrite either; merge them by hand"
            exit 1
        fi
        mv "$target" "$hooks/pre-receive.chained"
        say "kept the existing hook of $repo as pre-receive.chained (it still runs after git-warden)"
    fi
    case "$binary" in
        *[\'\|\&\\]*) say "binary path $binary contains ' | & or \\, which the hook cannot quote"; exit 2 ;;
    esac
    sed "s|@GIT_WARDEN@|$binary|" "$here/hooks/pre-receive" > "$target.tmp"
    chmod 0755 "$target.tmp"
    mv "$target.tmp" "$target"
    # The hash git-warden audit compares the hook with, to notice a hook changed after installation.
    local record
    record="$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir)/git-warden"
    install -d "$record"
    sha256sum "$target" | cut -d' ' -f1 > "$record/pre-receive.sha256"
    say "installed the pre-receive hook in $repo"
}

if $install_deps; then install_packages; fi
$deps_only && exit 0
if [ -z "$binary" ]; then
    build_and_install
else
    [ -x "$binary" ] || { say "--binary $binary is not an executable"; exit 1; }
    binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
fi
for repo in "${repos[@]}"; do install_hook "$repo"; done

install_daemon() {
    local sudo="" unit=/etc/systemd/system/git-warden-daemon.service
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo install -d /etc/git-warden
    if [ ! -e /etc/git-warden/daemon.toml ]; then
        $sudo install -m 0644 "$here/contrib/daemon.toml" /etc/git-warden/daemon.toml
        say "wrote /etc/git-warden/daemon.toml: set its roots to where your repositories live"
    fi
    sed -e "s|@GIT_WARDEN@|$binary|" -e "s|^User=git$|User=$daemon_user|" -e "s|^Group=git$|Group=$daemon_user|" \
        "$here/contrib/git-warden-daemon.service" | $sudo tee "$unit" >/dev/null
    say "installed $unit (runs as $daemon_user)"
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
        $sudo systemctl daemon-reload
        $sudo systemctl enable --now git-warden-daemon.service
        say "started git-warden-daemon (systemctl status git-warden-daemon; curl http://127.0.0.1:9419/healthz)"
    else
        say "systemd is not running here: start it later with systemctl enable --now git-warden-daemon"
    fi
}

if $daemon; then install_daemon; fi
