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
#
# With tm.init=systemd (tools/vm-kernel-lab.sh --init=systemd) it hands
# over to the host's systemd instead, once the modules are loaded: it
# writes, in /etc/systemd/system of the throw-away overlay, a unit
# tm-run.service that runs the command, records its status and powers
# off, and a target tm-run.target (the one booted) that wants
# only that unit; it masks the host's units and generators that have no
# business in the guest; then PID 1 becomes /lib/systemd/systemd.
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

# systemd_setup RUN: the units that run RUN/cmd.sh under systemd.
systemd_setup() {
    u=/etc/systemd/system
    mkdir -p $u /etc/systemd/system-generators /etc/systemd/system.conf.d
    # The host's root says "container" (/.dockerenv): systemd would then
    # ignore the kernel command line and run as in a container.
    rm -f /.dockerenv
    ln -sf tm-run.target $u/default.target
    # Slow starts under emulation.
    printf '[Manager]\nDefaultTimeoutStartSec=600\n' \
        > /etc/systemd/system.conf.d/vm-kernel-lab.conf
    cat > $u/tm-run.target <<EOF
[Unit]
Description=vm-kernel-lab command
Requires=tm-run.service
After=tm-run.service
AllowIsolate=yes
EOF
    # The command's output goes to the serial console, as without
    # systemd; whatever its status, the VM powers off once it is
    # recorded (sync: reboot(2) follows at once).
    cat > $u/tm-run.service <<EOF
[Unit]
Description=vm-kernel-lab command ($1/cmd.sh)
SuccessAction=poweroff-immediate
FailureAction=poweroff-immediate

[Service]
Type=oneshot
TimeoutStartSec=infinity
Environment=PATH=$PATH HOME=$HOME LANG=$LANG TERM=$TERM
StandardInput=null
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
ExecStart=/bin/sh -c 'sh $1/cmd.sh; echo \$\$? > $1/rc; sync'
EOF
    # The host's own services, and what a VM with no disk, network or
    # console login has no use for; and systemd-tmpfiles-setup, which
    # empties /tmp (where the run directory is shared) at boot and takes
    # minutes over 9p.
    for s in systemd-timesyncd systemd-pstore systemd-firstboot \
             systemd-repart systemd-binfmt systemd-udev-trigger \
             systemd-udevd systemd-udevd-control.socket \
             systemd-udevd-kernel.socket postgresql getty@tty1 \
             e2scrub_reap apt-daily.timer apt-daily-upgrade.timer \
             dpkg-db-backup.timer e2scrub_all.timer fstrim.timer \
             man-db.timer systemd-tmpfiles-setup \
             systemd-tmpfiles-clean.timer; do
        case $s in *.*) ;; *) s=$s.service ;; esac
        ln -sf /dev/null "$u/$s"
    done
    for g in postgresql-generator systemd-gpt-auto-generator \
             systemd-getty-generator systemd-fstab-generator; do
        ln -sf /dev/null "/etc/systemd/system-generators/$g"
    done
}

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

if [ "$(arg tm.init)" = systemd ]; then
    systemd_setup "$run"
    exec /lib/systemd/systemd --unit=tm-run.target --show-status=false
fi

sh "$run/cmd.sh" < /dev/null
echo $? > "$run/rc"
off
# Unreachable unless sysrq failed: exiting PID 1 panics, which (with
# panic=-1 and -no-reboot) also stops the VM.
