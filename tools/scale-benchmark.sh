#!/bin/bash
# Copyright (c) the ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.
#
# tools/scale-benchmark.sh: the control plane at scale.  N simulated
# hypervisors share one 3-server Raft Traffic_Mirror cluster holding S
# sessions; measures propagation, mirrord's footprint, the cluster's idle
# write load and Describe paging.  See docs/scale-benchmark.md.
#
# Each hypervisor is a sandbox in $RUN/hN: its own ovsdb-server (conf.db
# of the patched OVS's vswitch schema), ovs-vswitchd --enable-dummy (no
# kernel datapath, no network namespace), a dummy bridge br0 with S/N dummy
# ports that carry external_ids:iface-id, attached-mac and ip-addresses, as a
# virtualization layer sets them, and its own mirrord, named by
# external_ids:system-id=hN and pointed at the cluster by
# external_ids:mirror-remote.  Every session (number 1 on its interface)
# mirrors to one network-load-balancer target, so the per-target source
# limit does not apply, with one shared filter.  Only unix sockets and
# (for mirror-api) 127.0.0.1 are used.
#
# Not part of "make check": it measures time.  "make bench-scale" runs it
# (BENCHFLAGS='--hypervisors 10 --sessions 1000' for a small run).

set -euo pipefail

me=$(basename "$0")
srcdir=$(cd "$(dirname "$0")/.." && pwd)

hypervisors=100
sessions=10000
idle=60
repeats=5
batch=500
loader=mirrorctl
builddir=$srcdir
ovs_build=$srcdir/ovs-build
ovs_source=$srcdir/ovs
# A tree configured --with-ovs-build/--with-ovs-source names them.
if test -f "$srcdir/Makefile"; then
    v=$(sed -n 's/^OVS_BUILDDIR = //p' "$srcdir/Makefile")
    test -n "$v" && ovs_build=$v
    v=$(sed -n 's/^OVS_SRCDIR = //p' "$srcdir/Makefile")
    test -n "$v" && ovs_source=$v
fi
keep=false
election_timer=4000
traffic_every=5
output=

usage () {
    cat <<EOF
usage: $me [OPTION]...
Scale benchmark of mirrord, the Traffic_Mirror Raft cluster and mirror-api.

  --hypervisors N     simulated hypervisors (default $hypervisors)
  --sessions S        sessions, spread evenly, one per interface
                      (default $sessions)
  --idle SECS         idle window for CPU and write load (default $idle);
                      a second window as long follows, with traffic
  --traffic-every T   in the second window, one packet into port p1 of
                      every hypervisor each T seconds (default
                      $traffic_every; 0 skips the window)
  --repeats K         propagation measurements of each kind (default $repeats)
  --batch B           sessions per mirrorctl transaction when loading
                      (default $batch)
  --loader L          "mirrorctl" (batches of --batch) or "api" (one
                      mirror-api request each, one keep-alive connection)
  --election-timer MS Raft election timer (default $election_timer; 1000
                      is ovsdb-server's own default)
  --builddir DIR      our build tree (default $builddir)
  --ovs-build DIR     patched OVS build tree (default $ovs_build)
  --ovs-source DIR    patched OVS source tree, for vswitch.ovsschema
                      (default $ovs_source)
  --output FILE       also write the results to FILE
  --keep              keep the run directory (logs, databases)
  -h, --help          this help

Runs everything under "nice -n 19" if started without it.
EOF
}

while test $# -gt 0; do
    opt=$1
    case $opt in
        --*=*) set -- "${opt%%=*}" "${opt#*=}" "${@:2}"; continue ;;
    esac
    case $opt in
        --hypervisors) hypervisors=$2; shift 2 ;;
        --sessions) sessions=$2; shift 2 ;;
        --idle) idle=$2; shift 2 ;;
        --traffic-every) traffic_every=$2; shift 2 ;;
        --repeats) repeats=$2; shift 2 ;;
        --batch) batch=$2; shift 2 ;;
        --loader) loader=$2; shift 2 ;;
        --election-timer) election_timer=$2; shift 2 ;;
        --builddir) builddir=$(cd "$2" && pwd); shift 2 ;;
        --ovs-build) ovs_build=$(cd "$2" && pwd); shift 2 ;;
        --ovs-source) ovs_source=$(cd "$2" && pwd); shift 2 ;;
        --output) output=$2; shift 2 ;;
        --keep) keep=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "$me: unknown option $opt (try --help)" >&2; exit 1 ;;
    esac
done
if ! [[ $traffic_every =~ ^[0-9]+$ ]]; then
    echo "$me: --traffic-every must be a number of seconds" >&2
    exit 1
fi
for v in hypervisors sessions idle repeats batch election_timer; do
    if ! [[ ${!v} =~ ^[0-9]+$ ]] || test "${!v}" -lt 1; then
        echo "$me: --${v//_/-} must be a positive integer" >&2
        exit 1
    fi
done
if test "$hypervisors" -gt 999 || test "$sessions" -gt 10000; then
    echo "$me: at most 999 hypervisors and 10000 sessions (the quota)" >&2
    exit 1
fi
case $loader in
    mirrorctl|api) ;;
    *) echo "$me: --loader is mirrorctl or api" >&2; exit 1 ;;
esac

# Be the least important thing on the machine.
if test "$(nice)" -lt 19; then
    exec nice -n 19 "$0" "$@" --hypervisors "$hypervisors" \
         --sessions "$sessions" --idle "$idle" --repeats "$repeats" \
         --traffic-every "$traffic_every" \
         --batch "$batch" --loader "$loader" \
         --election-timer "$election_timer" --builddir "$builddir" \
         --ovs-build "$ovs_build" --ovs-source "$ovs_source" \
         ${output:+--output "$output"} $($keep && echo --keep)
fi

vswitch_schema=$ovs_source/vswitchd/vswitch.ovsschema
tm_schema=$srcdir/ovsdb-schema/traffic-mirror.ovsschema
helper="python3 $srcdir/tools/scale_benchmark.py"
for f in "$vswitch_schema" "$tm_schema" "$ovs_build/vswitchd/ovs-vswitchd" \
         "$builddir/mirrord/mirrord" "$builddir/utilities/mirrorctl" \
         "$builddir/api/mirror-api"; do
    if test ! -e "$f"; then
        echo "$me: $f is missing (build first, or see --help)" >&2
        exit 1
    fi
done
PATH=$builddir/mirrord:$builddir/utilities:$builddir/api:$PATH
PATH=$ovs_build/vswitchd:$ovs_build/ovsdb:$ovs_build/utilities:$PATH
export PATH

# Short paths: unix socket names are limited to 108 bytes.
RUN=$(mktemp -d /tmp/tsb.XXXXXX)
results=$RUN/results.txt

# Stops every daemon this run started, by the pids in its pid files.
cleanup () {
    local pid pidfile
    set +e
    for pidfile in $(find "$RUN" -name '*.pid' 2>/dev/null); do
        pid=$(cat "$pidfile" 2>/dev/null)
        test -n "$pid" && kill "$pid" 2>/dev/null
    done
    for _ in $(seq 50); do
        local alive=false
        for pidfile in $(find "$RUN" -name '*.pid' 2>/dev/null); do
            pid=$(cat "$pidfile" 2>/dev/null)
            test -n "$pid" && kill -0 "$pid" 2>/dev/null && alive=true
        done
        $alive || break
        sleep 0.2
    done
    for pidfile in $(find "$RUN" -name '*.pid' 2>/dev/null); do
        pid=$(cat "$pidfile" 2>/dev/null)
        test -n "$pid" && kill -9 "$pid" 2>/dev/null
    done
    if $keep; then
        echo "$me: kept $RUN"
    else
        rm -rf "$RUN"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prints and records a result line.
say () {
    echo "$*" | tee -a "$results"
}

# now: seconds since the epoch, with nanoseconds.
now () {
    date +%s.%N
}

# elapsed START: seconds since START (from "now"), 3 decimals.
elapsed () {
    awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
}

# wait_until SECS WHAT COMMAND...: runs COMMAND every 0.5 s until it
# succeeds; fails the benchmark after SECS seconds.
wait_until () {
    local secs=$1 what=$2 i
    shift 2
    for i in $(seq $((secs * 2))); do
        if "$@"; then
            return 0
        fi
        sleep 0.5
    done
    echo "$me: timed out after $secs s waiting for $what" >&2
    exit 1
}

# ---------------------------------------------------------------------
# The Traffic_Mirror cluster: s1 creates it, s2 and s3 join.
mkdir "$RUN/raft"
(
    cd "$RUN/raft"
    ovsdb-tool create-cluster s1.db "$tm_schema" unix:$RUN/raft/s1.raft
    for i in 2 3; do
        ovsdb-tool join-cluster s$i.db Traffic_Mirror unix:$RUN/raft/s$i.raft \
                   unix:$RUN/raft/s1.raft
    done
    for i in 1 2 3; do
        ovsdb-server -vconsole:off --detach --no-chdir \
                     --pidfile=$RUN/raft/s$i.pid \
                     --log-file=$RUN/raft/s$i.log \
                     --unixctl=$RUN/raft/s$i.ctl \
                     --remote=punix:$RUN/raft/s$i.sock s$i.db
    done
)
member () {
    ovs-appctl -t "$RUN/raft/s$1.ctl" cluster/status Traffic_Mirror \
        2>/dev/null | grep -q 'Status: cluster member'
}
for i in 1 2 3; do
    wait_until 60 "raft server s$i" member $i
done
MIRROR_DB=unix:$RUN/raft/s1.sock,unix:$RUN/raft/s2.sock,unix:$RUN/raft/s3.sock
export MIRROR_DB
leader_ctl () {
    local i
    for i in 1 2 3; do
        if ovs-appctl -t "$RUN/raft/s$i.ctl" cluster/status Traffic_Mirror \
               2>/dev/null | grep -q 'Role: leader'; then
            echo "$RUN/raft/s$i.ctl"
            return 0
        fi
    done
    return 1
}
# The election timer may only double per step.
timer=1000
while test $timer -lt "$election_timer"; do
    timer=$((timer * 2))
    test $timer -gt "$election_timer" && timer=$election_timer
    wait_until 30 "a raft leader" leader_ctl >/dev/null
    ovs-appctl -t "$(leader_ctl)" cluster/change-election-timer \
               Traffic_Mirror $timer >/dev/null
done

say "scale benchmark: $hypervisors hypervisors, $sessions sessions," \
    "loader $loader, election timer ${election_timer} ms"
say "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "$(date -u +%FT%TZ)"

# ---------------------------------------------------------------------
# The hypervisors.
per_hv=$(( (sessions + hypervisors - 1) / hypervisors ))
: > "$RUN/interfaces"
# ip_of I: the I-th address of 10.0.0.0/8.
ip_of () {
    echo "10.$(($1 >> 16 & 255)).$(($1 >> 8 & 255)).$(($1 & 255))"
}
hv_start () {
    local n=$1 dir=$RUN/h$1 p args=()
    mkdir "$dir"
    (
        export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir \
               OVS_SYSCONFDIR=$dir
        cd "$dir"
        ovsdb-tool create conf.db "$vswitch_schema"
        ovsdb-server -vconsole:off --detach --no-chdir --pidfile --log-file \
                     --remote=punix:$dir/db.sock conf.db
        ovs-vsctl --no-wait init
        ovs-vswitchd -vconsole:off --enable-dummy --disable-system \
                     --disable-system-route --detach --no-chdir \
                     --pidfile --log-file
        for p in $(seq "$per_hv"); do
            local id mac
            id=$(printf 'eni-%04x%04x' "$n" "$p")
            mac=$(printf '02:00:%02x:%02x:%02x:%02x' $((n / 256)) \
                         $((n % 256)) $((p / 256)) $((p % 256)))
            echo "$id" >> "$RUN/interfaces.$n"
            args+=(-- add-port br0 p$p -- set Interface p$p type=dummy
                   external_ids:iface-id=$id
                   external_ids:attached-mac=\"$mac\"
                   external_ids:ip-addresses=\"$(ip_of $(( (n - 1)
                                                            * per_hv + p )))\")
        done
        ovs-vsctl --timeout=120 add-br br0 \
            -- set Bridge br0 datapath_type=dummy \
            -- set Open_vSwitch . external_ids:system-id=h$n \
                   external_ids:mirror-remote=\"$MIRROR_DB\" \
            "${args[@]}"
        mirrord -vconsole:off --detach --no-chdir --pidfile --log-file
    )
}
t0=$(now)
for n in $(seq "$hypervisors"); do
    hv_start "$n"
done
cat "$RUN"/interfaces.* > "$RUN/interfaces"
n_ifaces=$(wc -l < "$RUN/interfaces")
say "started $hypervisors hypervisors ($per_hv dummy ports each) in" \
    "$(elapsed "$t0") s"

# Every interface published by its mirrord.
published () {
    test "$(mirrorctl --bare --columns=interface_id find Network_Interface \
                up=true | grep -c eni-)" -ge "$n_ifaces"
}
wait_until 600 "$n_ifaces published interfaces" published
say "all $n_ifaces interfaces published $(elapsed "$t0") s after the start"

# ---------------------------------------------------------------------
# Load: a load balancer target, a filter with one rule, the sessions.
# (--query does not apply to the load balancer commands: parse the JSON.)
nlb=$(mirrorctl create-load-balancer --name scale-nlb --addresses 172.31.0.2 \
      | python3 -c 'import json, sys
print(json.load(sys.stdin)["LoadBalancers"][0]["LoadBalancerArn"])')
tmt=$(mirrorctl create-traffic-mirror-target \
          --network-load-balancer-arn "$nlb" \
          --query TrafficMirrorTarget.TrafficMirrorTargetId --output text)
tmf=$(mirrorctl create-traffic-mirror-filter \
          --query TrafficMirrorFilter.TrafficMirrorFilterId --output text)
tmfr=$(mirrorctl create-traffic-mirror-filter-rule \
           --traffic-mirror-filter-id "$tmf" --traffic-direction egress \
           --rule-number 100 --rule-action accept --protocol 6 \
           --destination-port-range FromPort=80,ToPort=80 \
           --source-cidr-block 0.0.0.0/0 --destination-cidr-block 0.0.0.0/0 \
           --query TrafficMirrorFilterRule.TrafficMirrorFilterRuleId \
           --output text)
head -n "$sessions" "$RUN/interfaces" > "$RUN/sources"

# mirror-api on a free loopback port, read-write key only.
printf 'AKIDRW rw-secret read-write\n' > "$RUN/creds"
chmod 600 "$RUN/creds"
api_port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
mirror-api -vconsole:off --db="$MIRROR_DB" --listen=tcp:127.0.0.1:$api_port \
           --credentials="$RUN/creds" --region=us-east-1 --detach \
           --no-chdir --pidfile="$RUN/mirror-api.pid" \
           --log-file="$RUN/mirror-api.log" --unixctl="$RUN/mirror-api.ctl"
api_url=http://127.0.0.1:$api_port
wait_until 60 "mirror-api" grep -q ': connected' "$RUN/mirror-api.log"

t0=$(now)
if test $loader = mirrorctl; then
    split -l "$batch" "$RUN/sources" "$RUN/batch."
    vni=1000
    for f in "$RUN"/batch.*; do
        args=()
        for eni in $(cat "$f"); do
            args+=(-- create-traffic-mirror-session
                   --network-interface-id "$eni"
                   --traffic-mirror-target-id "$tmt"
                   --traffic-mirror-filter-id "$tmf" --session-number 1
                   --virtual-network-id $vni)
            vni=$((vni + 1))
        done
        mirrorctl -vtimeval:console:off --timeout=600 "${args[@]:1}" \
                  > /dev/null
    done
else
    $helper load-api --url "$api_url" --target "$tmt" --filter "$tmf" \
            --interfaces "$RUN/sources" | tee -a "$results"
fi
load_commit=$(elapsed "$t0")
if test $loader = mirrorctl; then
    how="mirrorctl, $batch per transaction"
else
    how="mirror-api, one request each on one keep-alive connection"
fi
say "loaded $sessions sessions ($how) in" \
    "$load_commit s ($(awk -v n="$sessions" -v t="$load_commit" \
                        'BEGIN { printf "%.0f", n / t }') sessions/s)"
all_active () {
    test "$(mirrorctl --bare --columns=status find Mirror_Session \
                status=active | grep -c active)" -ge "$sessions"
}
wait_until 1800 "$sessions active sessions" all_active
say "all $sessions sessions active $(elapsed "$t0") s after the load began"

# ---------------------------------------------------------------------
# Propagation: one transaction until every Hypervisor's cur_cfg has it.
# (a) one session's description; (b) the shared filter's rule, which
# every mirrord recompiles into the Mirror_Rule rows of all its sessions.
one=$(head -n 1 "$RUN/sources")
tms=$(mirrorctl --bare --columns=session_id find Mirror_Session \
          session_number=1 | grep -m1 tms-)
small=() wide=()
for r in $(seq "$repeats"); do
    t0=$(now)
    mirrorctl --timeout=600 --wait modify-traffic-mirror-session \
              --traffic-mirror-session-id "$tms" --description "r$r" \
              > /dev/null
    small+=("$(elapsed "$t0")")
    t0=$(now)
    mirrorctl --timeout=600 --wait modify-traffic-mirror-filter-rule \
              --traffic-mirror-filter-rule-id "$tmfr" \
              --destination-port-range FromPort=80,ToPort=$((80 + r)) \
              > /dev/null
    wide+=("$(elapsed "$t0")")
done
$helper summary --unit=' s' "wait, one session's description" \
        "${small[@]}" | tee -a "$results"
$helper summary --unit=' s' \
        "wait, the shared filter rule ($sessions sessions)" \
        "${wide[@]}" | tee -a "$results"
say "  (each includes mirrorctl's own start: connecting and receiving the" \
    "whole database)"
t0=$(now)
mirrorctl --timeout=600 --bare --columns=_uuid list Global > /dev/null
say "  mirrorctl read-only start for comparison: $(elapsed "$t0") s"

# ---------------------------------------------------------------------
# Idle: footprint and write-back over the idle window.
sleep 5
procs=()
for n in $(seq "$hypervisors"); do
    procs+=(mirrord=$RUN/h$n/mirrord.pid
            ovs-vswitchd=$RUN/h$n/ovs-vswitchd.pid
            ovsdb-server-local=$RUN/h$n/ovsdb-server.pid)
done
for i in 1 2 3; do
    procs+=(raft-ovsdb-server=$RUN/raft/s$i.pid)
done
procs+=(mirror-api=$RUN/mirror-api.pid)
$helper idle --window "$idle" --ctl "$RUN/raft/s1.ctl" \
        --ctl "$RUN/raft/s2.ctl" --ctl "$RUN/raft/s3.ctl" \
        --db "$RUN/raft/s1.db" "${procs[@]}" | tee -a "$results"
if test "$traffic_every" -gt 0; then
    hv_dirs=()
    for n in $(seq "$hypervisors"); do
        hv_dirs+=(--hv-dir "$RUN/h$n")
    done
    $helper idle --window "$idle" --ctl "$RUN/raft/s1.ctl" \
            --ctl "$RUN/raft/s2.ctl" --ctl "$RUN/raft/s3.ctl" \
            --db "$RUN/raft/s1.db" --traffic-every "$traffic_every" \
            "${hv_dirs[@]}" "${procs[@]}" | tee -a "$results"
fi

# ---------------------------------------------------------------------
# Describe: all sessions, 1,000 a page, one keep-alive connection.
$helper describe --url "$api_url" --page 1000 --passes 3 \
        --expect "$sessions" | tee -a "$results"

say "raft: $(ovs-appctl -t "$(leader_ctl)" cluster/status Traffic_Mirror \
             | grep -E '^(Term|Log):' | tr '\n' ' ')"
say "finished $(date -u +%FT%TZ)"
if test -n "$output"; then
    cp "$results" "$output"
fi
