#!/bin/sh
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# ovs-patches/check-series-tests.sh OVS_SRCDIR TESTSUITE_LOG
#
# Checks, after "make check-ovs", that the patched tree's testsuite really
# ran the series' own tests: every AT_SETUP of OVS_SRCDIR/tests/mirror-*.at
# must appear in TESTSUITE_LOG with the result "ok", and some stock tests
# must have run besides them.  A testsuite generated before the series was
# applied (or from the stock .at files) has none of these tests and would
# otherwise pass green with only the stock ones.
set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 OVS_SRCDIR TESTSUITE_LOG" >&2
    exit 1
fi
srcdir=$1
log=$2

if [ ! -f "$log" ]; then
    echo "$0: $log is missing: the OVS testsuite did not run" >&2
    exit 1
fi

# Result lines look like "1359. mirror filter - ... (mirror-filter.at:21): ok".
expected=0
missing=0
for at in "$srcdir"/tests/mirror-*.at; do
    [ -f "$at" ] || continue
    base=${at##*/}
    for line in $(grep -n '^[ 	]*AT_SETUP(' "$at" | cut -d: -f1); do
        expected=$((expected + 1))
        if ! grep -Eq "^[0-9]+\. .*\($base:$line\): ok( |\$)" "$log"; then
            echo "$0: $base:$line (series test) did not run and pass" >&2
            missing=$((missing + 1))
        fi
    done
done
if [ "$expected" -eq 0 ]; then
    echo "$0: no AT_SETUP in $srcdir/tests/mirror-*.at: series not applied?" >&2
    exit 1
fi
ran=$(grep -Ec '^[0-9]+\. .*\([^()]*\.at:[0-9]+\): ' "$log" || true)
if [ "$missing" -ne 0 ]; then
    echo "$0: $missing of the series' $expected tests are missing from" \
         "$log (stale tests/testsuite?)" >&2
    exit 1
fi
if [ "$ran" -le "$expected" ]; then
    echo "$0: only $ran tests ran, none of them stock ones" >&2
    exit 1
fi
echo "  CHECK    all $expected series tests ran and passed ($ran tests in all)"
