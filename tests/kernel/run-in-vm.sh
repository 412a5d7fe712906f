#!/bin/sh
# tests/kernel/run-in-vm.sh: runs the kernel-datapath suite inside the VM.
#
# Copyright (c) 2026 The ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.
#
# Usage (inside a tools/vm-kernel-lab.sh guest, with DIR shared writable):
#     run-in-vm.sh DIR [TESTSUITEFLAGS]...
# DIR is the build's tests/kernel directory.  The tests need Unix domain
# sockets and fifos, which the 9p share cannot hold, so the suite runs in
# a copy of DIR on the guest's own (tmpfs) file system; testsuite.log and
# the directories of failed tests are copied back into DIR.  Exits with
# the suite's status.
set -u
dir=$1; shift
[ -d /sys/module/openvswitch ] || {
    echo "run-in-vm: no openvswitch module: not in the kernel lab VM?" >&2
    exit 1
}
work=/var/tmp/tm-kernel
rm -rf "$work" && mkdir -p "$work" || exit 1
cp "$dir/testsuite" "$dir/atconfig" "$dir/atlocal" "$work/" || exit 1
rm -rf "$dir/testsuite.dir" "$dir/testsuite.log"
start=$(date +%s)
sh "$work/testsuite" -C "$work" "$@"
rc=$?
echo "run-in-vm: the suite ran for $(( $(date +%s) - start )) s, status $rc"
cp "$work/testsuite.log" "$dir/" || rc=1
if [ -d "$work/testsuite.dir" ]; then
    # Sockets and fifos cannot be copied onto 9p; leave them out.
    (cd "$work" && find testsuite.dir \( -type f -o -type d \) -print \
         | cpio -pdm --quiet "$dir" 2>/dev/null)
fi
exit $rc
