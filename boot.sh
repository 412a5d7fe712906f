#! /bin/sh
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# boot.sh: generate configure and Makefile.in from a fresh checkout.
set -e
cd "$(dirname "$0")"
mkdir -p m4 build-aux
autoreconf --install --force
