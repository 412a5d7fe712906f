#!/bin/sh
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# tools/install-deps.sh: install everything needed to build and test
# ovs-traffic-mirror on Debian 12.  Idempotent; run as root.
set -eu

if [ "$(id -u)" != 0 ]; then
    echo "$0: must be run as root" >&2
    exit 1
fi

PACKAGES="
    build-essential autoconf automake libtool pkg-config patch
    python3 python3-scapy python3-jmespath
    libssl-dev libcap-ng-dev libunbound-dev
    libmicrohttpd-dev libxml2-dev
    clang libclang-rt-14-dev openssl valgrind
    openvswitch-source
    iproute2 iputils-ping ethtool tcpdump tshark netcat-openbsd iperf3 curl
    procps kmod psmisc
    nodejs chromium
    qemu-system-x86 linux-image-amd64 busybox-static cpio libxdp1
    debhelper dpkg-dev systemd
    netsniff-ng libxdp-dev libbpf-dev libnuma-dev faketime
"
# npm: Debian's package, unless the installed nodejs brings its own.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

# The console's tests (tests/console): playwright-core and axe-core from
# package-lock.json.  Playwright drives Debian's chromium; it never
# downloads a browser.
npm_deps () {
    top=$(cd "$(dirname "$0")/.." && pwd)
    echo "install-deps: npm ci in tests/console"
    (cd "$top/tests/console" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
         npm ci --no-audit --no-fund)
}

# Skip apt entirely when everything is already there (fast re-runs, CI).
missing=
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null \
            | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "install-deps: all packages already installed"
    npm_deps
    exit 0
fi
echo "install-deps: installing:$missing"

export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer "no" up front.
echo "wireshark-common wireshark-common/install-setuid boolean false" \
    | debconf-set-selections
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
npm_deps
