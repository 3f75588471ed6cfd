#!/usr/bin/env bash
# Installs git-warden on a Debian machine: system packages, a release build, the binaries on PATH (git-warden;
# git-warden-hook, the lean executable that judges a hook alone; git-warden-hook-relay, which the hooks run: it hands
# a hook to `git-warden hook-server` when that account runs one, else becomes git-warden-hook), and optionally the
# pre-receive hook into bare repositories.
#
#   ./install.sh [--prefix DIR] [--hooks REPO...]     build and install (default prefix /usr/local)
#   ./install.sh --deps-only                          only install the system packages the build needs
#   ./install.sh --binary PATH --hooks REPO...        install hooks that run an existing binary (no build): the
#                                                     git-warden-hook-relay or git-warden-hook beside PATH, or PATH
#   ./install.sh --daemon [--user NAME]               also install the audit daemon as a systemd service
#                                                     (/etc/git-warden/daemon.toml kept if present; default user git)
#   ./install.sh --hook-server [--user NAME]          also run the hook service for that account as a systemd
#                                                     service (git-warden hook-server; default user git)
#   ./install.sh --server [--binary PATH]             guard every repository of the machine: core.hooksPath in
#                                                     /etc/gitconfig names PREFIX/lib/git-warden/hooks, whose
#                                                     pre-receive runs git-warden, then the repository's own hook
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
hook_server=false
daemon_user=git
server=false

usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --binary) binary=${2:?--binary needs a path}; shift 2 ;;
        --deps-only) deps_only=true; shift ;;
        --daemon) daemon=true; shift ;;
        --hook-server) hook_server=true; shift ;;
        --server) server=true; shift ;;
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
    say "building release binaries"
    local product built
    for product in git-warden git-warden-hook git-warden-hook-relay; do
        (cd "$here" && swift build -c release --product "$product" --static-swift-stdlib >&2)
    done
    built="$(cd "$here" && swift build -c release --show-bin-path)"
    install -d "$prefix/bin"
    for product in git-warden git-warden-hook git-warden-hook-relay; do
        install -m 0755 "$built/$product" "$prefix/bin/$product.tmp"
        mv "$prefix/bin/$product.tmp" "$prefix/bin/$product"
    done
    binary="$prefix/bin/git-warden"
    say "installed $binary, $prefix/bin/git-warden-hook and $prefix/bin/git-warden-hook-relay"
}

# What the hooks run: git-warden-hook-relay beside the git-warden binary (a one-millisecond start; it hands the hook
# to the user's hook service, or becomes git-warden-hook), else git-warden-hook (a fraction of the full binary's
# start), else git-warden itself (an older installation; all three run the same hook code).
hook_binary() {
    local candidate
    for candidate in "$(dirname "$binary")/git-warden-hook-relay" "$(dirname "$binary")/git-warden-hook"; do
        if [ -x "$candidate" ]; then echo "$candidate"; return; fi
    done
    echo "$binary"
}

# The repository's git directory, as an absolute path. Read-only, and the one git call made on a repository the
# installer may not own: as root on a repository owned by git, gitolite or www-data, git refuses with "dubious
# ownership" (safe.directory). That check protects whoever runs git from programs the repository's config names;
# rev-parse --git-common-dir runs none, so the check is lifted for this call only.
git_directory_of() {
    git -c safe.directory='*' -C "$1" rev-parse --path-format=absolute --git-common-dir 2>/dev/null
}

# Writes one hook shim (pre-receive or post-receive) into a repository. The hooks directory is the repository's
# own: a core.hooksPath in the repository's config is not followed (it is the repository owner's to set, and root
# must not write where it points). New files and directories get the repository's owner and group, so the hook,
# running as that owner, can write its decision log.
install_shim() {
    local repo=$1 name=$2 common hooks target
    if ! common=$(git_directory_of "$repo"); then
        say "$repo is not a git repository"; exit 1
    fi
    hooks="$common/hooks"
    if [ ! -d "$hooks" ]; then install -d "$hooks"; chown --reference="$common" "$hooks"; fi
    target="$hooks/$name"
    if [ -e "$target" ] && ! grep -q "git-warden $name hook" "$target"; then
        if [ -e "$hooks/$name.chained" ]; then
            say "$target exists and so does $name.chained: refusing to overwrite either; merge them by hand"
            exit 1
        fi
        mv "$target" "$hooks/$name.chained"
        say "kept the existing hook of $repo as $name.chained (it still runs after git-warden)"
    fi
    local runs
    runs=$(hook_binary)
    case "$runs" in
        *[\'\|\&\\]*) say "binary path $runs contains ' | & or \\, which the hook cannot quote"; exit 2 ;;
    esac
    sed "s|@GIT_WARDEN_HOOK@|$runs|" "$here/hooks/$name" > "$target.tmp"
    chmod 0755 "$target.tmp"
    chown --reference="$common" "$target.tmp"
    mv "$target.tmp" "$target"
    # The hash git-warden audit compares the hook with, to notice a hook changed after installation.
    local record="$common/git-warden"
    if [ ! -d "$record" ]; then install -d "$record"; chown --reference="$common" "$record"; fi
    sha256sum "$target" | cut -d' ' -f1 > "$record/$name.sha256"
    chown --reference="$common" "$record/$name.sha256"
    say "installed the $name hook in $repo"
}

install_hook() {
    install_shim "$1" pre-receive
    install_shim "$1" post-receive
}

# Hooks of service users often run without HOME (Apache's CGI environment has none): they load the compiled
# secret rules from the system cache, filled here once so that no push pays the compile.
warm_cache() {
    if [ "$(id -u)" -ne 0 ]; then
        say "not root: no system cache /var/cache/git-warden; hooks cache compiled rules in \$HOME or \$GIT_DIR/git-warden/cache"
        return 0
    fi
    install -d -m 0755 /var/cache/git-warden
    if "$binary" rules compile --cache /var/cache/git-warden >&2; then
        chmod -R a+rX /var/cache/git-warden
    else
        say "could not compile the rules into /var/cache/git-warden: hooks without HOME will use \$GIT_DIR/git-warden/cache"
    fi
}

if $install_deps; then install_packages; fi
$deps_only && exit 0
if [ -z "$binary" ]; then
    build_and_install
    warm_cache
else
    [ -x "$binary" ] || { say "--binary $binary is not an executable"; exit 1; }
    binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
    if $server; then warm_cache; fi
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

# Every repository of the machine at once: git reads core.hooksPath from /etc/gitconfig for every repository that
# does not set its own. git-warden's hooks directory holds its pre-receive and post-receive, which run the
# repository's own hook of the same name afterwards, and a forwarder for every other hook git runs, so that
# repositories keep their own hooks (gitolite's update hook, post-update, developers' pre-commit hooks).
# push-to-checkout and proc-receive are left out: their mere presence changes what git does.
server_hooks=(applypatch-msg pre-applypatch post-applypatch pre-commit pre-merge-commit prepare-commit-msg
              commit-msg post-commit pre-rebase post-checkout post-merge pre-push update post-update
              reference-transaction pre-auto-gc post-rewrite sendemail-validate post-index-change)

install_server() {
    local directory="$prefix/lib/git-warden/hooks" current
    [ "$(id -u)" -eq 0 ] || { say "--server writes /etc/gitconfig: run it as root"; exit 1; }
    current=$(git config --system --get core.hooksPath 2>/dev/null || true)
    if [ -n "$current" ] && [ "$current" != "$directory" ]; then
        say "/etc/gitconfig already sets core.hooksPath = $current: refusing to replace it; merge by hand"
        exit 1
    fi
    local runs
    runs=$(hook_binary)
    case "$runs" in
        *[\'\|\&\\]*) say "binary path $runs contains ' | & or \\, which the hook cannot quote"; exit 2 ;;
    esac
    install -d -m 0755 "$directory"
    local name
    for name in pre-receive post-receive; do
        sed "s|@GIT_WARDEN_HOOK@|$runs|" "$here/hooks/server/$name" > "$directory/$name.tmp"
        chmod 0755 "$directory/$name.tmp"
        mv "$directory/$name.tmp" "$directory/$name"
    done
    for name in "${server_hooks[@]}"; do
        sed "s|@HOOK@|$name|g" "$here/hooks/server/forward" > "$directory/$name.tmp"
        chmod 0755 "$directory/$name.tmp"
        mv "$directory/$name.tmp" "$directory/$name"
    done
    # The hash git-warden audit compares the server hook with.
    sha256sum "$directory/pre-receive" | cut -d' ' -f1 > "$prefix/lib/git-warden/pre-receive.sha256"
    git config --system core.hooksPath "$directory"
    say "set core.hooksPath = $directory in /etc/gitconfig: every repository's pushes now pass git-warden"
}

# The hook service of one account: the hooks (which run git-warden-hook-relay) hand it their work.
install_hook_server() {
    local sudo="" unit=/etc/systemd/system/git-warden-hook-server.service
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    sed -e "s|@GIT_WARDEN@|$binary|" -e "s|^User=git$|User=$daemon_user|" -e "s|^Group=git$|Group=$daemon_user|" \
        "$here/contrib/git-warden-hook-server.service" | $sudo tee "$unit" >/dev/null
    say "installed $unit (serves the hooks of $daemon_user)"
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
        $sudo systemctl daemon-reload
        $sudo systemctl enable --now git-warden-hook-server.service
        say "started git-warden-hook-server (systemctl status git-warden-hook-server)"
    else
        say "systemd is not running here: start it later with systemctl enable --now git-warden-hook-server"
    fi
}

if $server; then install_server; fi
if $daemon; then install_daemon; fi
if $hook_server; then install_hook_server; fi
