#!/bin/sh
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
#
# tests/kernel/deploy-test.sh: follows README.md's "Deploying on
# hypervisors" on a fresh host, inside a tools/vm-kernel-lab.sh guest
# (whose root is a throw-away overlay: the packages are really installed
# there, never on the machine running the VM).  Run by "make
# check-deploy-vm".
#
# Usage: deploy-test.sh STOCK-DEB-DIR OUR-DEB-DIR TAP-FILE
#
# Steps, each a TAP test point in TAP-FILE:
# The guest runs systemd as PID 1 (tools/vm-kernel-lab.sh --init=systemd):
# every daemon is started and stopped with systemctl, through its unit.
#
#  1. Debian 12's Open vSwitch (openvswitch-switch 3.1.0 and what it needs
#     that the host lacks, from STOCK-DEB-DIR) is installed and started
#     with "systemctl start openvswitch-switch"; it gets bridges on the
#     kernel datapath, VM ports and a port mirror;
#  2. our packages (OUR-DEB-DIR, "make deb") are installed: the patched
#     ovs-vswitchd becomes the ovs-vswitchd alternative, the patched schema
#     and ovs-vsctl divert Debian's; restarting openvswitch-switch
#     converts conf.db, which keeps the bridges, ports and mirror;
#  3. the units pass "systemd-analyze verify"; "systemctl start" starts
#     the Traffic_Mirror database, mirrord and mirror-api: they are
#     active, the database and mirror-api run as user traffic-mirror,
#     mirrord as root, the state and runtime directories belong to
#     traffic-mirror; each daemon killed with SIGKILL is restarted by
#     systemd (Restart=on-failure) with a new PID;
#     mirror-api answers a SigV4-signed request; a session is created with
#     mirrorctl and the appliance gets exactly the copies its filter
#     accepts;
#  4. the documented rollback: our units stopped, the packages removed (their
#     prerm removes the session's mirror), openvswitch-switch restarted:
#     conf.db is converted back, stock runs it with the bridges, ports and
#     the port mirror, and no copy reaches the appliance any more.
set -u
stock_debs=$1 our_debs=$2 tap=$3
start=$(date +%s)
n=0
failed=0
: > "$tap"

# say LINE: one line of TAP, also on the console.
say () {
    echo "$1" >> "$tap"
    echo "deploy-test: $1"
}
# check DESCRIPTION COMMAND...: a test point, ok if COMMAND succeeds (its
# output goes to the console).
check () {
    _d=$1; shift
    n=$((n + 1))
    if "$@"; then
        say "ok $n - $_d"
    else
        say "not ok $n - $_d"
        failed=$((failed + 1))
    fi
}
# dump_logs: the end of the daemons' logs, on the console.
dump_logs () {
    for u in ovs-traffic-mirror-db mirrord mirror-api; do
        echo "deploy-test: --- last lines of unit $u"
        journalctl --no-pager -n 25 -u "$u"
    done
    for f in /var/log/openvswitch/ovs-vswitchd.log \
             /var/log/openvswitch/ovsdb-server.log; do
        [ -f "$f" ] || continue
        echo "deploy-test: --- last lines of $f"
        tail -25 "$f"
    done
}
# bail REASON: stops the run; what follows cannot work.
bail () {
    say "Bail out! $1"
    dump_logs
    exit 1
}
# wait_for WHAT CONDITION: evaluates CONDITION every 0.5 s for 120 s.
wait_for () {
    _end=$(( $(date +%s) + 120 ))
    while [ "$(date +%s)" -lt $_end ]; do
        eval "$2" && return 0
        sleep 0.5
    done
    echo "deploy-test: timed out waiting for $1" >&2
    return 1
}
# is STRING EXPECTED: true if they are equal, else says both.
is () {
    [ "$1" = "$2" ] && return 0
    echo "deploy-test: got '$1', expected '$2'" >&2
    return 1
}

[ -d /sys/module/openvswitch ] || bail "not in the kernel lab VM"
# Never a fallback: without systemd as PID 1 the units are not tested.
[ "$(cat /proc/1/comm)" = systemd ] && [ -d /run/systemd/system ] ||
    bail "systemd is not PID 1 (tools/vm-kernel-lab.sh --init=systemd)"
# ovs_start / ovs_stop: Debian's openvswitch-switch, through its units
# (ovsdb-server.service and ovs-vswitchd.service run ovs-ctl).
ovs_start () {
    systemctl start openvswitch-switch &&
    is "$(systemctl is-active ovsdb-server ovs-vswitchd | tr '\n' ' ')" \
       "active active "
}
ovs_stop () {
    systemctl stop openvswitch-switch ovs-vswitchd ovsdb-server
}
# main_pid UNIT: the PID of UNIT's main process (0 if none).
main_pid () {
    systemctl show -p MainPID --value "$1"
}
# restarts UNIT: kills UNIT's main process with SIGKILL and waits for
# systemd to start it again (Restart=on-failure) with a new PID.
restarts () {
    _old=$(main_pid "$1")
    [ "$_old" -gt 0 ] || return 1
    kill -9 "$_old"
    wait_for "$1 restarted" \
        "_new=\$(main_pid $1) && [ \$_new -gt 0 ] && [ \$_new != $_old ] &&
         [ \$(systemctl is-active $1) = active ]" &&
    echo "deploy-test: $1: PID $_old killed, now $(main_pid "$1")," \
         "$(systemctl show -p NRestarts --value "$1") restart(s)"
}
# vswitchd_exe: the program the running ovs-vswitchd runs.
vswitchd_exe () {
    readlink "/proc/$(cat /run/openvswitch/ovs-vswitchd.pid)/exe"
}
# config: bridges, their ports and mirrors, one per line.
config () {
    for br in $(ovs-vsctl list-br); do
        echo "$br: $(ovs-vsctl list-ports "$br" | tr '\n' ' ')"
    done
    echo "mirrors: $(ovs-vsctl --bare --columns=name list Mirror | sort | tr '\n' ' ')"
}
# count FILE [FILTER]: packets of a capture (matching a tcpdump filter).
count () {
    _f=$1; shift
    tcpdump -r "$_f" -nn "$@" 2>/dev/null | wc -l
}
# capture NS IFACE FILE: tcpdump in namespace NS until capture_stop, of
# what IFACE receives only: what the namespace sends itself (IPv6 router
# solicitations, say) is not what the test counts.
capture () {
    rm -f "$3" "$3.log"
    ip netns exec "$1" tcpdump --immediate-mode -Q in -U -n -i "$2" -w "$3" \
        > "$3.log" 2>&1 &
    echo $! > "$3.pid"
    wait_for "tcpdump" "grep -qs 'listening on' '$3.log'"
}
capture_stop () {
    sleep 1
    kill "$(cat "$1.pid")" && sleep 1
}
# vm NAME BRIDGE ADDRESS MAC: a VM (namespace NAME) on BRIDGE, its port
# marked as a cloud marks VM ports.
vm () {
    ip netns add "$1" &&
    ip link add "$1" type veth peer name eth0 netns "$1" &&
    ip -n "$1" link set eth0 address "$4" &&
    ip -n "$1" addr add "$3/24" dev eth0 &&
    ip -n "$1" link set eth0 up && ip -n "$1" link set lo up &&
    ip link set "$1" up &&
    ovs-vsctl add-port "$2" "$1" -- set Interface "$1" \
        external_ids:iface-id="$1" external_ids:attached-mac="$4" \
        external_ids:ip-addresses="$3"
}

# 1. Stock Open vSwitch, as apt would install it (no network here; the
# .debs were downloaded on the host).  No service is started by the
# packages' scripts (the test starts them): policy-rc.d says so.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
chmod +x /usr/sbin/policy-rc.d
# Nor is the manual page index rebuilt, nor python3-openvswitch
# byte-compiled (minutes under emulation).
rm -f /var/lib/man-db/auto-update
dpkg-divert --local --rename --add /usr/bin/py3compile > /dev/null &&
    ln -s /bin/true /usr/bin/py3compile
check "stock Open vSwitch packages install" \
    dpkg -i "$stock_debs"/*.deb
check "stock ovs-vswitchd is the alternative" \
    is "$(readlink -f /usr/sbin/ovs-vswitchd)" \
       /usr/lib/openvswitch-switch/ovs-vswitchd
ovs_start || bail "stock Open vSwitch does not start"
ovs-vsctl add-br br0 -- add-br br-coll || bail "ovs-vsctl add-br"
vm web br0 10.0.0.10 02:00:00:00:00:10 &&
vm client br0 10.0.0.20 02:00:00:00:00:20 &&
vm span br0 10.0.0.99 02:00:00:00:00:99 &&
vm appliance br-coll 172.31.0.2 02:00:00:00:00:30 || bail "VM ports"
ip netns exec appliance ip link add vx42 type vxlan id 42 dstport 4789 \
    local 172.31.0.2 nolearning &&
ip -n appliance link set vx42 up || bail "appliance vxlan device"
# The hypervisor's address, from which the kernel sends the copies.
ip addr add 172.31.0.1/24 dev br-coll && ip link set br-coll up ||
    bail "host address"
ovs-vsctl -- --id=@p get Port client -- --id=@out get Port span \
    -- --id=@m create Mirror name=keep select_src_port=@p output_port=@out \
    -- add Bridge br0 mirrors @m > /dev/null || bail "stock mirror"
check "stock runs on the kernel datapath" \
    is "$(ovs-dpctl dump-dps | sort | tr '\n' ' ')" "system@ovs-system "
before=$(config)
echo "$before"
check "stock conf.db has schema 8.3.1" \
    is "$(ovsdb-tool db-version /etc/openvswitch/conf.db)" 8.3.1

# 2. Our packages; openvswitch-switch restarted converts conf.db.
t0=$(date +%s)
check "our packages install" \
    dpkg -i "$our_debs"/openvswitch-switch-traffic-mirror_*.deb \
            "$our_debs"/ovs-traffic-mirror_*.deb
check "patched ovs-vswitchd is the alternative" \
    is "$(readlink -f /usr/sbin/ovs-vswitchd)" \
       /usr/lib/openvswitch-switch-traffic-mirror/ovs-vswitchd
check "Debian's schema and ovs-vsctl are diverted" \
    is "$(dpkg-divert --list openvswitch-switch-traffic-mirror | wc -l)" 2
ovs_stop && ovs_start || bail "patched Open vSwitch does not start"
echo "deploy-test: upgrade and restart took $(( $(date +%s) - t0 )) s"
patched_version=$(ovsdb-tool schema-version \
                      /usr/share/openvswitch/vswitch.ovsschema)
check "the patched schema is not stock's" \
    test "$patched_version" != 8.3.1
check "conf.db converted to the patched schema" \
    is "$(ovsdb-tool db-version /etc/openvswitch/conf.db)" "$patched_version"
check "ovs-ctl kept a backup of the stock conf.db" \
    sh -c 'ls /etc/openvswitch /var/lib/openvswitch | grep "^conf.db.backup8.3.1-"'
check "the patched ovs-vswitchd runs" \
    is "$(vswitchd_exe)" \
       /usr/lib/openvswitch-switch-traffic-mirror/ovs-vswitchd
check "bridges, ports and mirror kept" is "$(config)" "$before"

# 3. Our daemons.
check "systemd-analyze verify passes on our units" \
    systemd-analyze verify --man=no \
        /lib/systemd/system/ovs-traffic-mirror-db.service \
        /lib/systemd/system/mirrord.service \
        /lib/systemd/system/mirror-api.service
check "user traffic-mirror exists" id traffic-mirror
echo "AKIDDEPLOYTEST0000001 deploy-test-secret-key read-write" \
    > /etc/ovs-traffic-mirror/credentials
chmod 600 /etc/ovs-traffic-mirror/credentials
chown traffic-mirror /etc/ovs-traffic-mirror/credentials
ovs-vsctl set Open_vSwitch . \
    external_ids:mirror-remote=unix:/run/ovs-traffic-mirror/db.sock
systemctl daemon-reload
check "systemctl starts our units" \
    systemctl start ovs-traffic-mirror-db mirrord mirror-api
check "the three units are active" \
    is "$(systemctl is-active ovs-traffic-mirror-db mirrord mirror-api |
          tr '\n' ' ')" "active active active "
check "the Traffic_Mirror database is created and served" \
    wait_for "db.sock" "[ -S /run/ovs-traffic-mirror/db.sock ]"
echo "deploy-test: conf.db socket: $(stat -c '%A %U:%G' /run/openvswitch/db.sock)"
check "state and runtime directories belong to traffic-mirror" \
    is "$(stat -c %U /var/lib/ovs-traffic-mirror \
             /var/lib/ovs-traffic-mirror/traffic-mirror.db \
             /run/ovs-traffic-mirror | tr '\n' ' ')" \
       "traffic-mirror traffic-mirror traffic-mirror "
check "the database and mirror-api run as traffic-mirror, mirrord as root" \
    is "$(for u in ovs-traffic-mirror-db mirror-api mirrord; do
              ps -o user= -p "$(main_pid $u)"; done | tr '\n' ' ')" \
       "traffic-mirror traffic-mirror root "
for u in ovs-traffic-mirror-db mirrord mirror-api; do
    check "$u is restarted after SIGKILL (Restart=on-failure)" restarts $u
done
export MIRROR_DB=unix:/run/ovs-traffic-mirror/db.sock
# mirrorctl never waits long for the database here.
mirrorctl () {
    timeout 60 /usr/bin/mirrorctl "$@"
}
check "mirrord publishes the VM ports" \
    wait_for "Network_Interface appliance" \
    "mirrorctl --bare --columns=primary_address find Network_Interface interface_id=appliance | grep -q 172.31.0.2"
check "mirror-api answers a signed request" \
    wait_for "mirror-api" \
    "curl -sf --aws-sigv4 aws:amz:us-east-1:ec2 \
         --user AKIDDEPLOYTEST0000001:deploy-test-secret-key \
         'http://127.0.0.1:8080/?Action=DescribeTrafficMirrorSessions&Version=2016-11-15' \
     | grep -q DescribeTrafficMirrorSessionsResponse"
tmt=$(mirrorctl create-traffic-mirror-target --network-interface-id appliance \
          --output text --query TrafficMirrorTarget.TrafficMirrorTargetId)
tmf=$(mirrorctl create-traffic-mirror-filter --output text \
          --query TrafficMirrorFilter.TrafficMirrorFilterId)
mirrorctl create-traffic-mirror-filter-rule --traffic-mirror-filter-id "$tmf" \
    --traffic-direction egress --rule-number 100 --rule-action accept \
    --protocol 1 --source-cidr-block 0.0.0.0/0 \
    --destination-cidr-block 0.0.0.0/0 > /dev/null
check "a session is created and becomes active" \
    mirrorctl --wait create-traffic-mirror-session --network-interface-id web \
        --traffic-mirror-target-id "$tmt" --traffic-mirror-filter-id "$tmf" \
        --session-number 1 --virtual-network-id 42 --output text \
        --query TrafficMirrorSession.TrafficMirrorSessionId
check "mirrord wrote its Mirror row" \
    wait_for "mirror ok" \
    '[ $(ovs-vsctl --bare --columns=status list Mirror | grep -c state=ok) = 2 ]'
# The appliance answers ARP for its address once: br-coll learns its MAC.
ping -c 1 -W 10 172.31.0.2 > /dev/null
capture appliance vx42 /tmp/patched.pcap
ip netns exec client ping -q -c 3 -i 0.2 -W 10 10.0.0.10
capture_stop /tmp/patched.pcap
echo "deploy-test: the appliance got:"
tcpdump -r /tmp/patched.pcap -nn -e 2>/dev/null
check "the appliance gets web's 3 echo replies (egress accepted)" \
    is "$(count /tmp/patched.pcap 'icmp[icmptype] == icmp-echoreply and src host 10.0.0.10')" 3
check "and nothing the filter does not accept" \
    is "$(count /tmp/patched.pcap)" 3

# 4. Rollback: mirrord stopped first (or it writes its mirror again), then
# the packages removed, then openvswitch-switch restarted.
t0=$(date +%s)
check "systemctl stops our units" \
    systemctl stop mirrord mirror-api ovs-traffic-mirror-db
check "our packages are removed (prerm removes the session's mirror)" \
    dpkg -r ovs-traffic-mirror openvswitch-switch-traffic-mirror
check "only the stock mirror and ports are left" is "$(config)" "$before"
check "stock ovs-vswitchd is the alternative again" \
    is "$(readlink -f /usr/sbin/ovs-vswitchd)" \
       /usr/lib/openvswitch-switch/ovs-vswitchd
check "Debian's schema is back" \
    cmp /usr/share/openvswitch/vswitch.ovsschema \
        "$(dpkg -L openvswitch-switch | grep 'vswitch.ovsschema$')"
ovs_stop && ovs_start || bail "stock Open vSwitch does not start again"
echo "deploy-test: rollback and restart took $(( $(date +%s) - t0 )) s"
check "conf.db converted back to the stock schema" \
    is "$(ovsdb-tool db-version /etc/openvswitch/conf.db)" 8.3.1
check "stock ovs-vswitchd runs" \
    is "$(vswitchd_exe)" /usr/lib/openvswitch-switch/ovs-vswitchd
check "bridges, ports and the stock mirror kept" is "$(config)" "$before"
capture appliance vx42 /tmp/stock.pcap
capture span eth0 /tmp/span.pcap
ip netns exec client ping -q -c 3 -i 0.2 -W 10 10.0.0.10
capture_stop /tmp/stock.pcap
capture_stop /tmp/span.pcap
check "no copy reaches the appliance after the rollback" \
    is "$(count /tmp/stock.pcap)" 0
check "the stock mirror still copies the client's packets" \
    is "$(count /tmp/span.pcap 'icmp[icmptype] == icmp-echo and src host 10.0.0.20')" 3
ovs_stop

[ "$failed" = 0 ] || dump_logs
say "1..$n"
echo "deploy-test: $n tests, $failed failed, $(( $(date +%s) - start )) s"
[ "$failed" = 0 ]
