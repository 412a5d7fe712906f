#!/bin/bash
# tools/demo-lab.sh: a live traffic-mirroring demo (run as root, after make).
#
# Builds the standard lab (tools/lab.sh) with a private ovs-vswitchd from
# this build: a web server VM, a client VM and an appliance (collector)
# behind a VXLAN underlay.  Mirrors the web VM's port to the appliance
# (VNI 42), with AWS-style filter rules (accept HTTP only) when the
# patched OVS has the Mirror_Rule table, or a plain stock mirror otherwise.
# Generates HTTP and SSH-like traffic, prints what the appliance receives,
# and tears everything down unless --keep is given.
#
# Usage: tools/demo-lab.sh [--keep] [--teardown] [--snaplen N]
#                          [--ovs-source DIR --ovs-build DIR]
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
keep=false
teardown_only=false
snaplen=
ovs_build=
ovs_src=

while [ $# -gt 0 ]; do
    case $1 in
        --keep) keep=true ;;
        --teardown) teardown_only=true ;;
        --snaplen) snaplen=$2; shift ;;
        --snaplen=*) snaplen=${1#*=} ;;
        --ovs-build) ovs_build=$2; shift ;;
        --ovs-build=*) ovs_build=${1#*=} ;;
        --ovs-source) ovs_src=$2; shift ;;
        --ovs-source=*) ovs_src=${1#*=} ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
export PATH=$ovs_build/utilities:$ovs_build/vswitchd:$ovs_build/ovsdb:$PATH

# The demo's private OVS directories and namespaces (tmdemo-*).
demo_dir=${TM_DEMO_DIR:-/tmp/tm-demo}
export OVS_RUNDIR=$demo_dir OVS_LOGDIR=$demo_dir OVS_DBDIR=$demo_dir \
       OVS_SYSCONFDIR=$demo_dir OVS_PKGDATADIR=$demo_dir
export LAB=tmdemo
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
lab_setup || fail "could not build the underlay"
lab_add_vm web 10.0.0.10/24 02:00:00:00:00:10 || fail "web VM"
lab_add_vm client 10.0.0.20/24 02:00:00:00:00:20 || fail "client VM"
lab_add_vxlan_port vxlan0 42 || fail "VXLAN port"
lab_add_collector_vni 42 || fail "appliance vxlan device"
echo "  br0:    web (10.0.0.10), client (10.0.0.20), vxlan0 -> 172.31.0.2 VNI 42"
echo "  br-phy: 172.31.0.1, appliance 172.31.0.2 with vx42 (Linux vxlan)"

if ovs-vsctl list Mirror_Rule >/dev/null 2>&1; then
    : "${snaplen:=128}"
    step "Filtered mirror (patched OVS): copy HTTP to and from web only, snaplen $snaplen"
    ovs-vsctl \
        -- --id=@r1 create Mirror_Rule number=10 direction=ingress \
           action=accept match='"tcp,tp_dst=80"' \
        -- --id=@r2 create Mirror_Rule number=10 direction=egress \
           action=accept match='"tcp,tp_src=80"' \
        -- --id=@p get Port web -- --id=@out get Port vxlan0 \
        -- --id=@m create Mirror name=web-http select_src_port=@p \
           select_dst_port=@p output_port=@out snaplen="$snaplen" \
           priority=1 filter_rules=@r1,@r2 \
        -- add Bridge br0 mirrors @m >/dev/null || fail "creating the mirror"
    filtered=true
else
    step "Stock mirror (no Mirror_Rule table in this OVS): everything of web${snaplen:+, snaplen $snaplen}"
    if [ -n "$snaplen" ]; then
        echo "  note: stock OVS 3.1.0 cuts the whole tunnel packet, so the"
        echo "  appliance's kernel drops truncated copies; the patch series fixes it"
    fi
    ovs-vsctl \
        -- --id=@p get Port web -- --id=@out get Port vxlan0 \
        -- --id=@m create Mirror name=web-all select_src_port=@p \
           select_dst_port=@p output_port=@out ${snaplen:+snaplen=$snaplen} \
        -- add Bridge br0 mirrors @m >/dev/null || fail "creating the mirror"
    filtered=false
fi
ovs-vsctl list Mirror | sed 's/^/  /'

step "Starting the appliance capture (tcpdump -i vx42 in tmdemo-coll)"
lab_capture_start coll vx42 "$demo_dir/appliance.pcap" || fail "tcpdump"

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
if $filtered && [ "$ssh" != 0 -o "$icmp" != 0 ]; then
    echo "  UNEXPECTED: the filter should have kept SSH and ICMP out" >&2
fi

if $keep; then
    echo
    echo "Lab kept.  Try:"
    echo "  export OVS_RUNDIR=$demo_dir PATH=$ovs_build/utilities:\$PATH"
    echo "  ovs-vsctl show; ovs-vsctl list Mirror"
    echo "  ip netns exec tmdemo-client curl http://10.0.0.10/"
    echo "  ip netns exec tmdemo-coll tcpdump -nn -e -i vx42"
    echo "Tear down with: $0 --teardown"
else
    step "Tearing down"
    lab_cleanup
    echo "  done (use --keep to keep the lab)"
fi
