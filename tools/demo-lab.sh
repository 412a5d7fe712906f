#!/bin/bash
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# tools/demo-lab.sh: a live traffic-mirroring demo (run as root, after make).
#
# Builds the standard lab (tools/lab.sh) with a private ovs-vswitchd from
# this build, and runs the whole product on it: a Traffic_Mirror
# ovsdb-server, mirrord for this hypervisor, and mirrorctl with the same
# commands as "aws ec2".  On br0: a web server VM, a client VM and a
# monitoring appliance VM with a Linux vxlan device.  A session on the web
# VM's interface, with a filter that accepts HTTP and not SSH, packet
# length 128 and VNI 42, sends copies straight to the appliance's port.
# Generates HTTP, SSH-like and ping traffic, prints what the appliance
# received, and tears everything down unless --keep is given.
#
# Usage: tools/demo-lab.sh [--keep] [--teardown] [--packet-length N]
#                          [--ovs-source DIR --ovs-build DIR]
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
keep=false
teardown_only=false
packet_length=128
ovs_build=
ovs_src=

while [ $# -gt 0 ]; do
    case $1 in
        --keep) keep=true ;;
        --teardown) teardown_only=true ;;
        --packet-length) packet_length=$2; shift ;;
        --packet-length=*) packet_length=${1#*=} ;;
        --ovs-build) ovs_build=$2; shift ;;
        --ovs-build=*) ovs_build=${1#*=} ;;
        --ovs-source) ovs_src=$2; shift ;;
        --ovs-source=*) ovs_src=${1#*=} ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "$0: unknown option $1 (try --help)" >&2; exit 1 ;;
    esac
    shift
done

if [ "$(id -u)" != 0 ]; then
    echo "$0: must run as root (it creates namespaces and devices)" >&2
    exit 1
fi

# Find the OVS build: --ovs-build, else what configure chose (tests/atlocal
# in the build tree, which is the source tree for a plain ./configure).
if [ -z "$ovs_build" ] && [ -f "$top/tests/atlocal" ]; then
    ovs_build=$(sed -n "s/^OVS_BUILDDIR='\(.*\)'$/\1/p" "$top/tests/atlocal")
    ovs_src=$(sed -n "s/^OVS_SRCDIR='\(.*\)'$/\1/p" "$top/tests/atlocal")
fi
: "${ovs_build:=$top/ovs-build}"
: "${ovs_src:=$ovs_build/../ovs}"
if [ ! -x "$ovs_build/vswitchd/ovs-vswitchd" ]; then
    echo "$0: $ovs_build/vswitchd/ovs-vswitchd not found: build first" \
         "(./boot.sh && ./configure && make)" >&2
    exit 1
fi
OVS_SCHEMA=$ovs_src/vswitchd/vswitch.ovsschema
[ -f "$OVS_SCHEMA" ] || OVS_SCHEMA=$ovs_build/vswitchd/vswitch.ovsschema
export OVS_SCHEMA
# Our programs: in the build tree that holds tests/atlocal (the source tree
# for a plain ./configure).
tm_build=${TM_BUILD:-$top}
for prog in mirrord/mirrord utilities/mirrorctl; do
    if [ ! -x "$tm_build/$prog" ]; then
        echo "$0: $tm_build/$prog not found: build first" \
             "(./boot.sh && ./configure && make), or set TM_BUILD" >&2
        exit 1
    fi
done
export PATH=$tm_build/mirrord:$tm_build/utilities:$ovs_build/utilities:$ovs_build/vswitchd:$ovs_build/ovsdb:$PATH

# The demo's private OVS directories and namespaces (tmdemo-*).
demo_dir=${TM_DEMO_DIR:-/tmp/tm-demo}
export OVS_RUNDIR=$demo_dir OVS_LOGDIR=$demo_dir OVS_DBDIR=$demo_dir \
       OVS_SYSCONFDIR=$demo_dir OVS_PKGDATADIR=$demo_dir
export LAB=tmdemo
LAB_ON_EXIT=lab_on_exit_default
lab_cleanup_file=$demo_dir/lab-cleanup
. "$top/tools/lab.sh"

if $teardown_only; then
    lab_cleanup
    echo "demo lab torn down"
    exit 0
fi
if [ -f "$lab_cleanup_file" ]; then
    echo "A previous demo lab is still up; tearing it down first."
    lab_cleanup
fi
mkdir -p "$demo_dir"

fail () {
    echo "demo: $*" >&2
    echo "demo: logs are in $demo_dir; tearing down" >&2
    lab_cleanup
    exit 1
}
step () {
    echo
    echo "=== $*"
}

step "Starting a private ovsdb-server and ovs-vswitchd ($ovs_build)"
lab_start_ovs || fail "could not start OVS"
lab_setup || fail "could not build the bridges"
# vm_port NAME ADDRESS MAC: a VM on br0 whose port carries what a cloud's
# VM ports carry: its interface id, addresses and MAC.
vm_port () {
    lab_add_vif "$@" || fail "VM $1"
}
vm_port web 10.0.0.10 02:00:00:00:00:10
vm_port client 10.0.0.20 02:00:00:00:00:20
vm_port appliance 10.0.0.30 02:00:00:00:00:30
lab_exec appliance ip link add vx42 type vxlan id 42 dstport 4789 \
    local 10.0.0.30 nolearning || fail "appliance vxlan device"
lab_exec appliance ip link set vx42 up || fail "appliance vxlan device"
echo "  br0: web 10.0.0.10, client 10.0.0.20, appliance 10.0.0.30 (vx42)"
echo "  (the host has no address on br0)"

step "Starting the Traffic_Mirror database and mirrord"
rm -f "$demo_dir/tm.db"
ovsdb-tool create "$demo_dir/tm.db" "$top/ovsdb-schema/traffic-mirror.ovsschema" \
    || fail "ovsdb-tool create"
ovsdb-server --detach --no-chdir --pidfile="$demo_dir/tm-server.pid" \
    --log-file="$demo_dir/tm-server.log" --unixctl="$demo_dir/tm-server.ctl" \
    --remote=punix:"$demo_dir/tm.sock" "$demo_dir/tm.db" \
    || fail "Traffic_Mirror ovsdb-server"
$LAB_ON_EXIT "kill \$(cat $demo_dir/tm-server.pid) 2>/dev/null"
export MIRROR_DB=unix:$demo_dir/tm.sock
ovs-vsctl set Open_vSwitch . external_ids:system-id=hv1 \
    external_ids:mirror-remote="$MIRROR_DB" || fail "ovs-vsctl"
lab_exec host mirrord --detach --no-chdir --pidfile="$demo_dir/mirrord.pid" \
    --log-file="$demo_dir/mirrord.log" || fail "mirrord"
$LAB_ON_EXIT "kill \$(cat $demo_dir/mirrord.pid) 2>/dev/null"
lab_wait "mirrord to publish the VM ports" \
    "mirrorctl --bare --columns=primary_address find Network_Interface interface_id=appliance | grep -q 10.0.0.30" \
    || fail "mirrord did not publish the interfaces"
echo "  MIRROR_DB=$MIRROR_DB; mirrord for hypervisor hv1 (log: $demo_dir/mirrord.log)"

# run: shows a command (on stderr, since its output may go to a file),
# then runs it.
run () {
    echo "  \$ $*" >&2
    "$@"
}

step "Creating the target, the filter (HTTP, not SSH) and the session, as with aws ec2"
tmt=$(run mirrorctl create-traffic-mirror-target --network-interface-id appliance \
    --description "IDS appliance" --output text \
    --query TrafficMirrorTarget.TrafficMirrorTargetId) || fail "target"
tmf=$(run mirrorctl create-traffic-mirror-filter --description "HTTP only" \
    --output text --query TrafficMirrorFilter.TrafficMirrorFilterId) \
    || fail "filter"
run mirrorctl create-traffic-mirror-filter-rule --traffic-mirror-filter-id "$tmf" \
    --traffic-direction ingress --rule-number 100 --rule-action accept \
    --protocol 6 --destination-port-range FromPort=80,ToPort=80 \
    --source-cidr-block 0.0.0.0/0 --destination-cidr-block 0.0.0.0/0 \
    > /dev/null || fail "ingress rule"
run mirrorctl create-traffic-mirror-filter-rule --traffic-mirror-filter-id "$tmf" \
    --traffic-direction egress --rule-number 100 --rule-action accept \
    --protocol 6 --source-port-range FromPort=80,ToPort=80 \
    --source-cidr-block 0.0.0.0/0 --destination-cidr-block 0.0.0.0/0 \
    > /dev/null || fail "egress rule"
tms=$(run mirrorctl --wait create-traffic-mirror-session --network-interface-id web \
    --traffic-mirror-target-id "$tmt" --traffic-mirror-filter-id "$tmf" \
    --session-number 1 --packet-length "$packet_length" \
    --virtual-network-id 42 --output text \
    --query TrafficMirrorSession.TrafficMirrorSessionId) || fail "session"
echo "  target $tmt, filter $tmf, session $tms"
run mirrorctl --output table describe-traffic-mirror-sessions | sed 's/^/  /'
echo "  mirrord's Mirror row in the local Open vSwitch:"
ovs-vsctl --columns=name,priority,snaplen,output_tunnel,status list Mirror \
    | sed 's/^/    /'

step "Starting the appliance capture (tcpdump -i vx42 in the appliance VM)"
lab_capture_start appliance vx42 "$demo_dir/appliance.pcap" || fail "tcpdump"
lab_capture_start client eth0 "$demo_dir/client.pcap" || fail "tcpdump"

step "Live traffic"
mkdir -p "$demo_dir/www"
echo "hello from the web VM" > "$demo_dir/www/index.html"
(cd "$demo_dir/www" && lab_exec web python3 -m http.server 80 \
     --bind 10.0.0.10 > "$demo_dir/http.log" 2>&1 &)
lab_exec web nc -l -k 22 > "$demo_dir/ssh.log" 2>&1 &
lab_wait "web servers" \
    "lab_exec web ss -ltn | grep -q ':80 ' && lab_exec web ss -ltn | grep -q ':22 '" \
    || fail "servers did not start"
for i in 1 2 3; do
    out=$(lab_exec client curl -s --max-time 5 http://10.0.0.10/index.html)
    echo "  client: GET / -> $out"
done
echo "SSH-2.0-OpenSSH_demo" | lab_exec client nc -N -w 3 10.0.0.10 22
echo "  client: SSH-like session to 10.0.0.10:22 done"
lab_exec client ping -q -c 2 -i 0.2 10.0.0.10 >/dev/null
echo "  client: 2 pings to web"
sleep 1
lab_capture_stop "$demo_dir/appliance.pcap"
lab_capture_stop "$demo_dir/client.pcap"

step "What the appliance received (decapsulated on vx42)"
tcpdump -r "$demo_dir/appliance.pcap" -nn -e 2>/dev/null \
    | sed -e 's/^[0-9:.]* //' | cut -c1-150 | sed 's/^/  /'
total=$(lab_count "$demo_dir/appliance.pcap")
http=$(lab_count "$demo_dir/appliance.pcap" 'tcp port 80')
ssh=$(lab_count "$demo_dir/appliance.pcap" 'tcp port 22')
icmp=$(lab_count "$demo_dir/appliance.pcap" icmp)
echo
echo "  copies: $total in all; HTTP $http, SSH $ssh, ICMP $icmp"
echo "  frame lengths: $(lab_lengths "$demo_dir/appliance.pcap" | sort -n | uniq -c \
    | awk '{printf "%s x %s bytes; ", $1, $2}')"
leak=$(lab_count "$demo_dir/client.pcap" -q 'udp port 4789')
echo "  copies seen by the client VM: $leak"
echo "  session status: $(mirrorctl get Mirror_Session "$tms" status)"
if [ "$http" = 0 ] || [ "$ssh" != 0 ] || [ "$icmp" != 0 ] || [ "$leak" != 0 ]; then
    echo "  UNEXPECTED: the appliance should get HTTP only, and nobody else copies" >&2
    result=1
else
    result=0
fi

if $keep; then
    echo
    echo "Lab kept.  Try:"
    echo "  export OVS_RUNDIR=$demo_dir MIRROR_DB=$MIRROR_DB PATH=$PATH"
    echo "  mirrorctl describe-traffic-mirror-sessions; ovs-vsctl list Mirror"
    echo "  ip netns exec tmdemo-client curl http://10.0.0.10/"
    echo "  ip netns exec tmdemo-appliance tcpdump -nn -e -i vx42"
    echo "Tear down with: $0 --teardown"
else
    step "Tearing down"
    lab_cleanup
    echo "  done (use --keep to keep the lab)"
fi
exit $result
