#!/bin/sh
# tools/vm-guest-init.sh: PID 1 of a tools/vm-kernel-lab.sh guest.
#
# Copyright (c) 2026 The ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.
#
# Runs from the host's root (read-only 9p under a tmpfs overlay): mounts
# the pseudo file systems, loads the kernel datapath and the tunnel and
# veth modules, runs the command the host left in the run directory
# (tm.run= on the kernel command line), records its exit status there
# and powers the VM off.  Never run it on a real machine.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

if [ "$$" != 1 ]; then
    echo "vm-guest-init: only for tools/vm-kernel-lab.sh guests" >&2
    exit 1
fi

arg() {
    for w in $(cat /proc/cmdline); do
        case $w in "$1"=*) echo "${w#*=}" ;; esac
    done
}
# Powering off unmounts the 9p root under us, so PID 1 waits in a shell
# builtin loop: an external "sleep" would fail and PID 1's exit panic.
off() { sync; echo o > /proc/sysrq-trigger; while :; do :; done; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
# /tmp and /var stay on the overlay: writable shares may live there.
mkdir -p /run/netns /run/openvswitch /var/log/openvswitch
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null || true
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
hostname tm-kernel-lab
ip link set lo up

run=$(arg tm.run)
: > "$run/booted"

for m in openvswitch vxlan veth geneve ip_gre; do
    modprobe "$m" || echo "vm-guest-init: modprobe $m failed"
done

sh "$run/cmd.sh" < /dev/null
echo $? > "$run/rc"
off
# Unreachable unless sysrq failed: exiting PID 1 panics, which (with
# panic=-1 and -no-reboot) also stops the VM.
