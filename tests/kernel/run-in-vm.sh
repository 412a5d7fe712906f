#!/bin/sh
# tests/kernel/run-in-vm.sh: runs an autotest suite inside the kernel lab VM.
#
# Copyright (c) 2026 The ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.
#
# Usage (inside a tools/vm-kernel-lab.sh guest, with DIR shared writable):
#     run-in-vm.sh DIR SUITE WORKDIR [TESTSUITEFLAGS]...
# runs DIR/SUITE (an autotest script) with -C WORKDIR and copies
# WORKDIR/SUITE.log and the directories of failed tests back into DIR.
# The tests need Unix domain sockets and fifos, which the 9p share cannot
# hold, so WORKDIR must be on the guest's own file system (the tmpfs
# overlay: anything there is discarded at power-off, even under a host
# path).  If WORKDIR has no atconfig, DIR's atconfig and atlocal are
# copied there.  Exits with the suite's status.
set -u
dir=$1 suite=$2 work=$3
shift 3
[ -d /sys/module/openvswitch ] || {
    echo "run-in-vm: no openvswitch module: not in the kernel lab VM?" >&2
    exit 1
}
mkdir -p "$work" || exit 1
rm -rf "$work/$suite.dir" "$work/$suite.log"
cp "$dir/$suite" "$work/$suite" || exit 1
if [ ! -f "$work/atconfig" ]; then
    cp "$dir/atconfig" "$dir/atlocal" "$work/" || exit 1
fi
rm -rf "$dir/$suite.dir" "$dir/$suite.log"
start=$(date +%s)
sh "$work/$suite" -C "$work" "$@"
rc=$?
echo "run-in-vm: $suite ran for $(( $(date +%s) - start )) s, status $rc"
cp "$work/$suite.log" "$dir/" || rc=1
if [ -d "$work/$suite.dir" ]; then
    # Sockets and fifos cannot be copied onto 9p; leave them out.
    (cd "$work" && find "$suite.dir" \( -type f -o -type d \) -print \
         | cpio -pdm --quiet "$dir" 2>/dev/null)
fi
exit $rc
