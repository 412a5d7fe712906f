# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# tools/lab.sh: the standard traffic-mirroring lab, as shell functions.
#
# Sourced (not run) by tests/system-macros.at and by tools/demo-lab.sh, so
# the tests and the demo build exactly the same topology:
#
#   namespace $LAB-host: a private ovs-vswitchd (userspace "netdev"
#   datapath) with
#     br0     VM ports (veth, external_ids:iface-id=NAME) and VXLAN ports
#     br-phy  underlay, 172.31.0.1/24 on its internal port, plus a veth to
#             the collector
#   namespace $LAB-NAME for each VM: eth0 with the VM's address
#   namespace $LAB-coll: the collector, eth0 172.31.0.2/24 and one Linux
#             vxlan device vxVNI per VNI, where the copies come out
#
# Running ovs-vswitchd inside its own network namespace keeps its tap
# devices (br0, br-phy) and its routes private, so concurrent labs (tests
# run with -j, other developers, CI) cannot collide.
#
# Callers set:
#   LAB            prefix of every namespace name (e.g. "tm5a3")
#   OVS_RUNDIR, OVS_LOGDIR, OVS_DBDIR, OVS_SYSCONFDIR  a private directory
#   OVS_SCHEMA     vswitch.ovsschema of the OVS tree in use
#   LAB_ON_EXIT    name of a function that registers a cleanup command
#                  (the tests use on_exit); commands run in reverse order.
# and have ovs-vsctl, ovs-appctl, ovsdb-tool, ovsdb-server, ovs-vswitchd in
# PATH.  Every function returns nonzero on failure.

: "${LAB:=tm}"
: "${LAB_ON_EXIT:=lab_on_exit_default}"
LAB_UNDERLAY_HOST=172.31.0.1
LAB_UNDERLAY_COLL=172.31.0.2
LAB_COLL_MAC=02:00:ac:1f:00:02

# Default cleanup registry: a file of commands, run by lab_cleanup.
lab_on_exit_default () {
    lab_cleanup_file=${lab_cleanup_file:-$OVS_RUNDIR/lab-cleanup}
    { echo "$1"; cat "$lab_cleanup_file" 2>/dev/null; } > "$lab_cleanup_file.tmp"
    mv "$lab_cleanup_file.tmp" "$lab_cleanup_file"
}
lab_cleanup () {
    lab_cleanup_file=${lab_cleanup_file:-$OVS_RUNDIR/lab-cleanup}
    if [ -f "$lab_cleanup_file" ]; then
        . "$lab_cleanup_file"
        rm -f "$lab_cleanup_file"
    fi
}

# lab_ns NAME: prints the full namespace name of lab node NAME.
lab_ns () {
    echo "$LAB-$1"
}

# lab_exec NAME COMMAND...: runs COMMAND in lab node NAME's namespace.
lab_exec () {
    _ns=$1; shift
    ip netns exec "$LAB-$_ns" "$@"
}

# lab_del_ns NAME: kills every process in NAME's namespace and deletes it.
lab_del_ns () {
    _pids=$(ip netns pids "$LAB-$1" 2>/dev/null)
    if [ -n "$_pids" ]; then
        kill $_pids 2>/dev/null
        for _i in 1 2 3 4 5 6 7 8 9 10; do
            _pids=$(ip netns pids "$LAB-$1" 2>/dev/null)
            [ -z "$_pids" ] && break
            sleep 0.2
        done
        [ -n "$_pids" ] && kill -9 $_pids 2>/dev/null
    fi
    ip netns del "$LAB-$1" 2>/dev/null
    return 0
}

# lab_add_ns NAME...: creates namespaces for lab nodes, loopback up, IPv6
# off (no router solicitations or DAD noise in the captures).
lab_add_ns () {
    for _n in "$@"; do
        lab_del_ns "$_n"
        ip netns add "$LAB-$_n" || return 1
        $LAB_ON_EXIT "lab_del_ns $_n"
        ip -n "$LAB-$_n" link set lo up || return 1
        lab_exec "$_n" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
            net.ipv6.conf.default.disable_ipv6=1 >/dev/null || return 1
    done
}

# lab_start_ovs: creates a database from $OVS_SCHEMA and starts
# ovsdb-server and, inside the "host" namespace, ovs-vswitchd.
lab_start_ovs () {
    lab_add_ns host || return 1
    rm -f "$OVS_DBDIR/conf.db"
    ovsdb-tool create "$OVS_DBDIR/conf.db" "$OVS_SCHEMA" || return 1
    ovsdb-server --detach --no-chdir --pidfile --log-file \
        --remote="punix:$OVS_RUNDIR/db.sock" "$OVS_DBDIR/conf.db" || return 1
    $LAB_ON_EXIT "lab_kill_daemon ovsdb-server"
    ovs-vsctl --no-wait init || return 1
    lab_exec host ovs-vswitchd --detach --no-chdir --pidfile --log-file \
        -vvconn -vofproto_dpif -vunixctl || return 1
    $LAB_ON_EXIT "lab_kill_daemon ovs-vswitchd"
}

# lab_kill_daemon NAME: stops OVS daemon NAME (running from $OVS_RUNDIR).
lab_kill_daemon () {
    _pidfile=$OVS_RUNDIR/$1.pid
    [ -f "$_pidfile" ] || return 0
    _pid=$(cat "$_pidfile")
    ovs-appctl -t "$OVS_RUNDIR/$1.$_pid.ctl" exit >/dev/null 2>&1 \
        || kill "$_pid" 2>/dev/null
    for _i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        kill -0 "$_pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$_pid" 2>/dev/null
    return 0
}

# lab_add_veth NAME NS BRIDGE ADDRESS [MAC]: a veth pair whose end NAME is
# a port of BRIDGE (external_ids:iface-id=NAME) and whose other end is eth0
# in namespace NS, with ADDRESS (CIDR) and MAC.  TX checksum offload is
# turned off in NS: the userspace datapath does not complete partial
# checksums, so TCP over veth would otherwise carry bad checksums.
lab_add_veth () {
    _name=$1 _ns=$2 _br=$3 _addr=$4 _mac=${5:-}
    ip link add name "$_name" netns "$LAB-host" type veth \
        peer name eth0 netns "$LAB-$_ns" || return 1
    if [ -n "$_mac" ]; then
        ip -n "$LAB-$_ns" link set eth0 address "$_mac" || return 1
    fi
    ip -n "$LAB-$_ns" addr add "$_addr" dev eth0 || return 1
    ip -n "$LAB-$_ns" link set eth0 up || return 1
    ip -n "$LAB-host" link set "$_name" up || return 1
    lab_exec "$_ns" ethtool -K eth0 tx off >/dev/null || return 1
    ovs-vsctl add-port "$_br" "$_name" \
        -- set Interface "$_name" external_ids:iface-id="$_name" || return 1
}

# lab_add_vm NAME ADDRESS [MAC]: a VM namespace NAME attached to br0 by a
# port named NAME.
lab_add_vm () {
    lab_add_ns "$1" || return 1
    lab_add_veth "$1" "$1" br0 "$2" "${3:-}"
}

# lab_add_vif NAME ADDRESS MAC: lab_add_vm NAME ADDRESS/24 MAC, and marks its
# port with what a cloud's VM ports carry for mirrord: the VM's addresses
# and MAC (external_ids:ip-addresses, external_ids:attached-mac).
lab_add_vif () {
    lab_add_vm "$1" "$2/24" "$3" || return 1
    ovs-vsctl set Interface "$1" external_ids:ip-addresses="$2" \
        external_ids:attached-mac="$3"
}

# lab_setup: the bridges and the collector with its underlay.  VMs, VXLAN
# ports and collector vxlan devices are added with lab_add_vm,
# lab_add_vxlan_port and lab_add_collector_vni.
lab_setup () {
    ovs-vsctl add-br br0 -- set Bridge br0 datapath_type=netdev \
        -- add-br br-phy -- set Bridge br-phy datapath_type=netdev \
           other_config:hwaddr=02:00:ac:1f:00:01 || return 1
    lab_exec host ip addr add "$LAB_UNDERLAY_HOST/24" dev br-phy || return 1
    lab_exec host ip link set br-phy up || return 1
    lab_add_ns coll || return 1
    lab_add_veth coll coll br-phy "$LAB_UNDERLAY_COLL/24" "$LAB_COLL_MAC" \
        || return 1
    # Native tunneling needs the route to the collector (learnt from the
    # kernel of the host namespace) and its MAC (set here, so that no copy
    # is lost to ARP resolution).
    lab_wait "tunnel route" \
        "ovs-appctl ovs/route/show | grep -q '172.31.0.0/24 dev br-phy'" \
        || return 1
    ovs-appctl tnl/arp/set br-phy "$LAB_UNDERLAY_COLL" "$LAB_COLL_MAC" \
        >/dev/null || return 1
}

# lab_add_vxlan_port NAME KEY: a VXLAN port on br0 towards the collector.
# KEY "flow" makes a flow-based port (remote_ip=flow key=flow).
lab_add_vxlan_port () {
    if [ "$2" = flow ]; then
        _opts="options:remote_ip=flow options:key=flow"
    else
        _opts="options:remote_ip=$LAB_UNDERLAY_COLL options:key=$2"
    fi
    # shellcheck disable=SC2086
    ovs-vsctl add-port br0 "$1" -- set Interface "$1" type=vxlan $_opts \
        || return 1
}

# lab_add_collector_vni VNI: Linux vxlan device vxVNI in the collector, on
# which the decapsulated copies for VNI appear.
lab_add_collector_vni () {
    lab_exec coll ip link add "vx$1" type vxlan id "$1" dstport 4789 \
        local "$LAB_UNDERLAY_COLL" nolearning || return 1
    lab_exec coll ip link set "vx$1" up || return 1
}

# lab_wait WHAT CONDITION: evaluates shell CONDITION until it is true, for
# up to $OVS_CTL_TIMEOUT (default 30) seconds.
lab_wait () {
    _t=$(( ${OVS_CTL_TIMEOUT:-30} * 10 ))
    while [ "$_t" -gt 0 ]; do
        eval "$2" && return 0
        sleep 0.1
        _t=$((_t - 1))
    done
    echo "lab: timed out waiting for $1" >&2
    return 1
}

# lab_capture_start NODE IFACE FILE: starts tcpdump on IFACE in NODE,
# writing packets to FILE as they arrive, and waits until it listens.
# Immediate mode matters: without it libpcap hands packets over in blocks
# that the kernel retires only after a timeout (about 1 s), and a capture
# stopped within that time of its last packets loses them.
lab_capture_start () {
    rm -f "$3" "$3.log"
    lab_exec "$1" tcpdump --immediate-mode -U -n -i "$2" -w "$3" \
        > "$3.log" 2>&1 &
    echo $! > "$3.pid"
    $LAB_ON_EXIT "lab_capture_stop $3"
    lab_wait "tcpdump on $1:$2" "grep -qs 'listening on' '$3.log'"
}

# lab_capture_stop FILE: stops the capture writing FILE.
lab_capture_stop () {
    [ -f "$1.pid" ] || return 0
    _pid=$(cat "$1.pid")
    kill "$_pid" 2>/dev/null
    for _i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        kill -0 "$_pid" 2>/dev/null || break
        sleep 0.1
    done
    rm -f "$1.pid"
    return 0
}

# lab_count FILE [FILTER]: number of packets in capture FILE matching the
# tcpdump FILTER.
lab_count () {
    _f=$1; shift
    tcpdump -r "$_f" -nn "$@" 2>/dev/null | wc -l | tr -d ' '
}

# lab_lengths FILE [FILTER]: the frame length of each packet in FILE that
# matches FILTER, one per line, in order.
lab_lengths () {
    _f=$1; shift
    tcpdump -r "$_f" -nn -e "$@" 2>/dev/null \
        | sed -n 's/^[^,]*, ethertype [^,]*, length \([0-9][0-9]*\): .*$/\1/p'
}

# lab_start_vswitchd: starts ovs-vswitchd again (after lab_kill_daemon
# ovs-vswitchd) in the "host" namespace, and restores what the lab's
# underlay needs from it: br-phy's address (its tap device went away with
# the daemon), the route to the collector and the collector's MAC.
lab_start_vswitchd () {
    lab_exec host ovs-vswitchd --detach --no-chdir --pidfile --log-file \
        -vvconn -vofproto_dpif -vunixctl || return 1
    lab_wait "br-phy" "lab_exec host ip link show br-phy >/dev/null 2>&1" \
        || return 1
    lab_exec host ip addr replace "$LAB_UNDERLAY_HOST/24" dev br-phy \
        || return 1
    lab_exec host ip link set br-phy up || return 1
    lab_wait "tunnel route" \
        "ovs-appctl ovs/route/show | grep -q '172.31.0.0/24 dev br-phy'" \
        || return 1
    ovs-appctl tnl/arp/set br-phy "$LAB_UNDERLAY_COLL" "$LAB_COLL_MAC" \
        >/dev/null || return 1
}
