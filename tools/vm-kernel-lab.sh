#!/bin/sh
# tools/vm-kernel-lab.sh: run a command inside a throw-away VM that runs
# Debian's kernel with the Open vSwitch kernel datapath (openvswitch.ko).
#
# Copyright (c) 2026 The ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.
#
# This machine's own kernel has no openvswitch module, so the kernel
# datapath is tested in a VM: QEMU (always TCG: KVM guests hang on these
# hosts) boots the kernel of Debian's linux-image-amd64 package with a tiny
# busybox initramfs.  The initramfs loads the 9p and overlay modules,
# mounts the host's root read-only over virtio-9p with a tmpfs overlay on
# top (so the guest sees exactly the host's binaries, libraries and build
# trees, and may write anywhere without touching the host), mounts the
# writable shares asked for at their host paths, and hands over to
# tools/vm-guest-init.sh, which loads openvswitch/vxlan/veth, runs the
# command in the caller's working directory and powers off.
#
# Usage: tools/vm-kernel-lab.sh [OPTION]... [--] COMMAND [ARG]...
#   --share=DIR     make host directory DIR writable in the guest, at the
#                   same path (repeatable); everything else the guest
#                   writes is discarded when it powers off
#   --mem=MB        guest memory (default 2048)
#   --smp=N         guest CPUs (default 2)
#   --timeout=SEC   kill the VM after SEC seconds (default 3600)
#   --kernel=VER    kernel version (default: newest /boot/vmlinuz-* whose
#                   modules include openvswitch.ko)
#   --verbose       show the kernel's boot messages
#   --init=systemd  run the command under the host's systemd as PID 1 (a
#                   unit tm-run.service in a target of its own; see
#                   tools/vm-guest-init.sh), so that it may use systemctl;
#                   the default, --init=sh, runs it from a plain shell
#
# The command's output appears on standard output (the guest's serial
# console); the script exits with the command's exit status, or with 125
# if the VM failed to boot or did not report one (never "skipped").
set -eu

me=vm-kernel-lab
die() { echo "$me: $*" >&2; exit 125; }

shares=
mem=2048
smp=2
timeout=3600
kver=
verbose=false
init=sh
while [ $# -gt 0 ]; do
    case $1 in
        --share=*) d=$(cd "${1#--share=}" && pwd -P) \
                       || die "no such directory: ${1#--share=}"
                   shares="$shares $d" ;;
        --mem=*) mem=${1#--mem=} ;;
        --smp=*) smp=${1#--smp=} ;;
        --timeout=*) timeout=${1#--timeout=} ;;
        --kernel=*) kver=${1#--kernel=} ;;
        --verbose) verbose=: ;;
        --init=sh|--init=systemd) init=${1#--init=} ;;
        --help|-h) sed -n '2,/^set -eu/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
        --) shift; break ;;
        -*) die "unknown option $1 (try --help)" ;;
        *) break ;;
    esac
    shift
done
[ $# -gt 0 ] || die "no command given (try --help)"
if [ "$init" = systemd ]; then
    [ -x /lib/systemd/systemd ] || die "/lib/systemd/systemd missing (systemd)"
fi

[ "$(id -u)" = 0 ] || die "must be run as root (the guest exports /)"
command -v qemu-system-x86_64 >/dev/null \
    || die "qemu-system-x86_64 missing (tools/install-deps.sh)"
busybox=/bin/busybox
[ -x "$busybox" ] || die "$busybox missing (busybox-static)"
command -v cpio >/dev/null || die "cpio missing"

# The kernel: one with the modules we need installed on this host.
if [ -z "$kver" ]; then
    for v in $(ls /boot 2>/dev/null | sed -n 's/^vmlinuz-//p' | sort -V); do
        if modinfo -k "$v" -F filename openvswitch >/dev/null 2>&1; then
            kver=$v
        fi
    done
fi
[ -n "$kver" ] && [ -r "/boot/vmlinuz-$kver" ] \
    || die "no kernel with openvswitch.ko in /boot (install linux-image-amd64)"

here=$(cd "$(dirname "$0")" && pwd -P)
stage2=$here/vm-guest-init.sh
[ -r "$stage2" ] || die "$stage2 missing"

# A run directory, shared writable, that carries the command in and its
# exit status out.
run=$(mktemp -d /tmp/vm-kernel-lab.XXXXXX)
qpid=
cleanup() {
    [ -z "$qpid" ] || kill "$qpid" 2>/dev/null || true
    rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
    echo "cd '$(pwd -P)' 2>/dev/null || cd /"
    printf 'exec'
    for a in "$@"; do
        printf " '%s'" "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
    done
    echo
} > "$run/cmd.sh"

# The initramfs: busybox, the modules needed to reach the host's root,
# and an init that mounts it.  Cached per kernel and script version.
cache=/var/cache/vm-kernel-lab
mkdir -p "$cache"
initrd=$cache/initrd-$kver-$(cat "$0" | cksum | cut -d' ' -f1).cpio.gz
if [ ! -s "$initrd" ]; then
    t=$run/initramfs
    mkdir -p "$t/bin" "$t/mod" "$t/proc" "$t/sys" "$t/dev" "$t/lower" \
             "$t/upper" "$t/newroot"
    cp "$busybox" "$t/bin/busybox"
    for m in virtio_pci 9pnet_virtio 9p overlay; do
        modprobe -S "$kver" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
    done | awk '!seen[$0]++' > "$run/modlist"
    n=0
    while read -r ko; do
        n=$((n + 1))
        case $ko in
            *.ko.xz) xz -dc "$ko" > "$t/mod/$(printf %02d $n).ko" ;;
            *.ko.zst) zstd -qdc "$ko" > "$t/mod/$(printf %02d $n).ko" ;;
            *) cp "$ko" "$t/mod/$(printf %02d $n).ko" ;;
        esac
    done < "$run/modlist"
    cat > "$t/init" <<'EOF'
#!/bin/busybox sh
# Stage 1: reach the host's root over 9p, overlay it, hand over.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
for ko in /mod/*.ko; do insmod "$ko" || echo "stage1: insmod $ko failed"; done
arg() {
    for w in $(cat /proc/cmdline); do
        case $w in "$1"=*) echo "${w#*=}" ;; esac
    done
}
fail() { echo "stage1: $*"; echo o > /proc/sysrq-trigger; sleep 5; }
o9p=trans=virtio,version=9p2000.L,msize=512000
mount -t 9p -o ro,$o9p,cache=loose hostroot /lower || fail "9p root"
mount -t tmpfs -o size=75% tmpfs /upper || fail tmpfs
mkdir -p /upper/u /upper/w
mount -t overlay -o lowerdir=/lower,upperdir=/upper/u,workdir=/upper/w \
    overlay /newroot || fail overlay
i=0
for d in $(arg tm.shares | tr , ' '); do
    mkdir -p "/newroot$d"
    mount -t 9p -o $o9p share$i "/newroot$d" || fail "9p share $d"
    i=$((i + 1))
done
stage2=$(arg tm.stage2)
umount /proc /sys /dev 2>/dev/null
exec switch_root /newroot /bin/sh "$stage2"
EOF
    chmod +x "$t/init"
    (cd "$t" && find . | cpio -o -H newc --quiet | gzip -1) > "$initrd.tmp"
    mv "$initrd.tmp" "$initrd"
fi

# QEMU: TCG only, virtio-9p for the root and each share, no network.
set -- -accel tcg -m "$mem" -smp "$smp" -nodefaults -no-reboot \
    -display none -serial stdio \
    -kernel "/boot/vmlinuz-$kver" -initrd "$initrd" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
all_shares="$run$shares"
i=0
list=
for d in $all_shares; do
    set -- "$@" -virtfs \
        "local,path=$d,mount_tag=share$i,security_model=none,multidevs=remap"
    list="$list${list:+,}$d"
    i=$((i + 1))
done
quiet="quiet loglevel=1"
$verbose && quiet=
# Under systemd: boot straight to the command's target, with no fstab
# (the guest's root is set up by the initramfs), no status lines on the
# console and room for slow starts under emulation.
if [ "$init" = systemd ]; then
    quiet="$quiet tm.init=systemd systemd.unit=tm-run.target fstab=no \
systemd.show_status=0 systemd.default_timeout_start_sec=600"
fi
set -- "$@" -append "console=ttyS0 panic=-1 $quiet tm.shares=$list \
tm.stage2=$stage2 tm.run=$run"

start=$(date +%s)
timeout --foreground -k 10 "$timeout" qemu-system-x86_64 "$@" < /dev/null &
qpid=$!
wait "$qpid" || true
qpid=
end=$(date +%s)
echo "$me: VM ran for $((end - start)) s" >&2
if [ ! -f "$run/booted" ]; then
    die "the VM did not boot (run with --verbose to see the kernel)"
fi
[ -f "$run/rc" ] || die "the VM stopped before the command finished"
exit "$(cat "$run/rc")"
