#!/usr/bin/env bash
# Installs what the real-server tests need (Tests/IntegrationTests/RealServerTests.swift, ServerOwnershipTests.swift):
# Apache with git-http-backend, OpenSSH's sshd, gitolite3 and util-linux's setpriv. Run as root on Debian; the
# services are not started here (the tests start their own, on 127.0.0.1 and free ports, and stop them). A package
# that cannot be installed is reported, and the tests that need it say they are skipped.
set -uo pipefail
packages=(apache2 apache2-utils openssh-server gitolite3 util-linux)
if [ "$(id -u)" -ne 0 ]; then
    echo "server-setup: not root: the real-server tests will be skipped" >&2
    exit 0
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    # Package scripts must not start the services: the tests run their own instances on private ports.
    own_policy=false
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 0755 /usr/sbin/policy-rc.d
        own_policy=true
    fi
    apt-get update -qq || echo "server-setup: apt-get update failed" >&2
    for package in "${missing[@]}"; do
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null \
            || echo "server-setup: could not install $package: its tests will be skipped" >&2
    done
    if $own_policy; then rm -f /usr/sbin/policy-rc.d; fi
fi
# Stop anything the packages may have started all the same (no systemd in CI containers, but be sure).
if [ -f /var/run/apache2/apache2.pid ]; then apache2ctl stop 2>/dev/null || true; fi
exit 0
