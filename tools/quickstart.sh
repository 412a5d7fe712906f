#!/bin/sh
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# tools/quickstart.sh: from a fresh Debian 12 checkout to a running demo.
# Installs the dependencies, builds (the patched OVS included) and runs
# tools/demo-lab.sh.  Run as root from anywhere; extra arguments go to
# demo-lab.sh (e.g. --keep).
set -e
cd "$(dirname "$0")/.."
tools/install-deps.sh
./boot.sh
./configure
make -j"$(nproc)"
exec tools/demo-lab.sh "$@"
