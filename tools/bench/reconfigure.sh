#! /bin/sh
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
#
# tools/bench/reconfigure.sh: what one change costs ovs-vswitchd's
# reconfiguration with many filtered mirrors (make bench-reconfigure,
# docs/benchmark.md "Reconfiguration"), deterministically: instructions
# counted by callgrind inside bridge_reconfigure() only.
#
# usage: reconfigure.sh SRCDIR BUILDDIR [N_MIRRORS [N_RULES [callgrind|plain]]]
#
# Starts ovsdb-server and ovs-vswitchd --enable-dummy in a sandbox under
# /tmp, creates N_MIRRORS (1000) mirrors of N_RULES (25) rules each in one
# transaction, then makes three changes, one at a time, each in one
# transaction that also bumps next_cfg, waiting for cur_cfg to catch up:
#   a) one mirror's external_ids (nothing ovs-vswitchd uses),
#   b) one rule's match of one mirror,
#   c) one more mirror with N_RULES rules.
# For each it prints the instructions callgrind counted inside
# bridge_reconfigure() and how many times bridge_reconfigure() ran; with
# "plain" it runs without valgrind and prints wall times instead.  If
# VSWITCHD_DIR is set, its ovs-vswitchd is the one run.
set -e
if test $# -lt 2; then
    echo "usage: $0 OVS-SRCDIR OVS-BUILDDIR [N_MIRRORS [N_RULES [callgrind|plain]]]" >&2
    exit 1
fi
srcdir=$(cd "$1" && pwd); builddir=$(cd "$2" && pwd)
n=${3-1000}; n_rules=${4-25}; mode=${5-callgrind}
here=$(cd "$(dirname "$0")" && pwd)
PATH=${VSWITCHD_DIR:+$VSWITCHD_DIR:}$builddir/utilities:$builddir/ovsdb:$builddir/vswitchd:$PATH
export PATH

sandbox=$(mktemp -d /tmp/tb-reconf.XXXXXX)
OVS_RUNDIR=$sandbox OVS_LOGDIR=$sandbox OVS_DBDIR=$sandbox
OVS_SYSCONFDIR=$sandbox
export OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR
cd "$sandbox"
cleanup() {
    ovs-appctl -t ovs-vswitchd exit >/dev/null 2>&1 || :
    sleep 2
    ovs-appctl -t ovsdb-server exit >/dev/null 2>&1 || :
}
trap cleanup EXIT

ovsdb-tool create conf.db "$srcdir/vswitchd/vswitch.ovsschema"
ovsdb-server --detach --no-chdir --pidfile --log-file \
    --remote=punix:"$sandbox/db.sock" conf.db
ovs-vsctl --no-wait init

if test "$mode" = callgrind; then
    valgrind --tool=callgrind --collect-atstart=no \
        --toggle-collect=bridge_reconfigure \
        --callgrind-out-file="$sandbox/callgrind.out" \
        ovs-vswitchd --enable-dummy --disable-system --disable-system-route \
            --no-chdir --pidfile --log-file -vconsole:off \
            >valgrind.log 2>&1 &
else
    ovs-vswitchd --enable-dummy --disable-system --disable-system-route \
        --no-chdir --pidfile --log-file --detach -vconsole:off
fi
vsctl="ovs-vsctl"

ports=
for i in $(seq 1 50); do
    ports="$ports -- add-port br0 p$i -- set Interface p$i type=dummy"
done
$vsctl add-br br0 -- set Bridge br0 datapath-type=dummy fail-mode=secure \
    -- add-port br0 vx0 -- set Interface vx0 type=vxlan \
       options:remote_ip=flow options:key=flow $ports
port_uuids=$(for i in $(seq 1 50); do ovs-vsctl get Port p$i _uuid; done)
vx0=$(ovs-vsctl get Port vx0 _uuid)

# Waits until ovs-vswitchd has applied the configuration that the last
# transaction asked for.
wait_cfg() {
    next=$(ovs-vsctl get Open_vSwitch . next_cfg)
    while test "$(ovs-vsctl get Open_vSwitch . cur_cfg)" != "$next"; do
        sleep 0.2
    done
}

start=$(date +%s)
/usr/bin/python3 "$here/gen_mirrors.py" "$sandbox/db.sock" 1 $n $n_rules $port_uuids \
    -- $vx0
wait_cfg
echo "setup: $n mirrors of $n_rules rules: $(( $(date +%s) - start )) s"
test "$(ovs-vsctl --bare --columns=_uuid list Mirror | grep -c .)" = $n

callgrind_dump=0
# Runs "$@", one change, and reports its cost under the label $label.
measure() {
    label=$1; shift
    before=$(ovs-appctl coverage/read-counter bridge_reconfigure)
    if test "$mode" = callgrind; then
        callgrind_control -z "$(cat ovs-vswitchd.pid)" >/dev/null 2>&1
    fi
    t0=$(date +%s.%N)
    "$@"
    wait_cfg
    t1=$(date +%s.%N)
    after=$(ovs-appctl coverage/read-counter bridge_reconfigure)
    if test "$mode" = callgrind; then
        callgrind_dump=$((callgrind_dump + 1))
        callgrind_control -d change$callgrind_dump "$(cat ovs-vswitchd.pid)" \
            >/dev/null 2>&1
        f=$(ls -t "$sandbox"/callgrind.out.* | head -1)
        ir=$(sed -n 's/^summary: //p; s/^totals: //p' "$f" | head -1)
        echo "$label: $ir instructions in bridge_reconfigure," \
             "$((after - before)) reconfiguration(s)"
    else
        echo "$label: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') s wall," \
             "$((after - before)) reconfiguration(s)"
    fi
}

change_a() {
    $vsctl set Mirror m$((n / 2)) external_ids:touched=1
}
change_b() {
    rule=$(ovs-vsctl get Mirror m$((n / 2)) filter_rules | tr -d '[]' \
           | cut -d, -f1)
    $vsctl set Mirror_Rule $rule match='"tcp,nw_src=10.99.0.0/16,tp_dst=2000-2999"'
}
change_c() {
    /usr/bin/python3 "$here/gen_mirrors.py" "$sandbox/db.sock" $((n + 1)) $((n + 1)) \
        $n_rules $port_uuids -- $vx0
}
measure "a) external_ids of one mirror" change_a
measure "b) one rule's match of one mirror" change_b
measure "c) one more mirror" change_c
echo "mirrors with status ok:" \
     "$(ovs-vsctl --bare --columns=status list Mirror | grep -c 'state=ok')"
grep -c 'WARN\|ERR' ovs-vswitchd.log | sed 's/^/warnings+errors in log: /'
echo "sandbox: $sandbox"
