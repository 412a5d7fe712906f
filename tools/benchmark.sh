#!/bin/bash
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# tools/benchmark.sh: cost of (filtered) mirroring in the patched
# ovs-vswitchd, userspace datapath.  The method and the results are in
# docs/benchmark.md.  Three modes: instruction counts under callgrind
# (tools/bench/instructions.sh), AF_XDP ports on a PMD thread
# (tools/bench/pmd.sh), and the earlier "wakeup" mode described below;
# the configurations are in tools/bench/configs.sh, issue 11's targets
# table in tools/bench/targets.sh.  The lab below serves the PMD and the
# wakeup modes.
#
# Builds the project lab (tools/lab.sh) in private network namespaces
# named tb-<pid>-*, with a private OVS_RUNDIR under /tmp/tb-run/<pid>:
#
#   tb-N-host: ovs-vswitchd (netdev datapath)
#     br0     vm1 (traffic source, 10.0.0.1), vm2 (sink, 10.0.0.2),
#             idle0..idle3 (VMs that send nothing), mon (mirror output
#             for config E), vxlan100 (VXLAN, fixed VNI 100), vxflow
#             (flow-based VXLAN: remote_ip=flow key=flow)
#     br-phy  172.31.0.1/24 on its internal port, veth to the collector
#   tb-N-coll: 172.31.0.2/24, Linux vxlan devices vx100..vx103
#
# trafgen (netsniff-ng) in vm1 sends 200-byte UDP frames from 10.0.0.1 to
# 10.0.0.99 (vm2's MAC; vm2's kernel drops them without a reply) over
# 10,000 5-tuples (source ports 10000-19999, dport 5000), one sendto()
# per packet with a fixed gap (--gap, default 20us: about 30 kpps, below
# saturation; trafgen's -b rate mode sends bursts that overflow the
# AF_PACKET socket of ovs-vswitchd, so it is not used).  Per sample:
#   - forwarded pps: delta of rx_packets of eth0 inside vm2, over time;
#   - offered pps:   delta of rx_packets of vm1's host-side veth;
#   - vswitchd CPU:  delta of utime+stime (all threads) in /proc/PID/stat,
#                    divided by forwarded packets: us of CPU per packet;
#   - copies:        delta of rx_packets of vx100..vx103 in the collector.
# Configurations, interleaved in every round (order rotated per round):
#   A  no mirror
#   B  stock-style mirror: everything vm1 sends/receives -> vxlan100,
#      snaplen 128
#   C  filtered mirror: 3 sessions (priority 1,2,3; output_tunnel VNIs
#      101,102,103 over vxflow) x 10 Mirror_Rule rows; 10% of flows copied
#   F  the rules of C with the accept ranges moved off the traffic: every
#      packet is filtered out (the "filtered-out traffic" target)
#   D  the selection of C in plain OpenFlow, Tap-as-a-Service style:
#      clone(set tun_id/tun_dst, output(port=vxflow,max_len=128)),NORMAL
#   E  1,024 mirrors on br0 that select only idle ports (vm1/vm2 traffic
#      is unmirrored), output to mon
# Then: datapath megaflows after 10,000 5-tuples (A, B, C, F, D), and the
# time to configure N = 3, 256, 512, 1,024 mirrors in one ovs-vsctl
# transaction and to revalidate 10,000 datapath flows (megaflows disabled)
# after one Mirror_Rule change.
#
# Needs root, ip, ethtool, trafgen.  Not part of "make check": it times
# things.  Run "tools/benchmark.sh --help".

set -euo pipefail

me=$(basename "$0")
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)

usage () {
    cat <<EOF
usage: $me [MODE] [OPTION]...
Measure the per-packet cost of mirrors in the patched ovs-vswitchd.

Modes (docs/benchmark.md):
  --all               (default) --instructions, then --pmd, then the table
                      of issue 11's targets
  --instructions      instructions per packet under callgrind, dummy
                      datapath, a fixed packet list
  --pmd               AF_XDP ports on a PMD thread (needs OVS built with
                      --enable-afxdp): PMD cycles per packet and Mpps
  --wakeup            veth ports polled by the main thread, vswitchd CPU
                      per packet at a modest rate (the earlier mode)

  --quick             short run: 2 rounds x 3 s (wakeup), 3 rounds x 3 s
                      (PMD), 200 flows (instructions), fewer sizes
  --rounds=N          rounds of interleaved configurations (default 9;
                      wakeup 5)
  --duration=S        seconds measured per sample (default 5; wakeup 8)
  --warmup=S          seconds of traffic before each sample (default 2)
  --gap=TIME          trafgen gap between packets (wakeup default 20us,
                      about 30 kpps offered); --gap=0 sends as fast as
                      trafgen can; PMD mode: "none" (TX ring, no gap)
  --configs=LIST      configurations, e.g. ABCFDEGHV (default; wakeup
                      ABCFDE)
  --pmd-mask=MASK     pmd-cpu-mask of the PMD mode (default 0x2)
  --gen-cpu=N         CPU that trafgen is pinned to (default 0)
  --flows=N           instructions: flows in the packet list, 1..990
                      (default 960)
  --passes=N          instructions: N (default 1): I(N), then I(2N)
  --emc=on|off|both   instructions: emc-insert-inv-prob 1, 0 or both
                      (default both)
  --scale-sizes=LIST  wakeup: mirror counts for the configuration-time
                      test (default "3 256 512 1024"; "" skips it)
  --no-megaflows      wakeup: skip the megaflow count test
  --ovs-build=DIR     patched OVS build tree (default $top_srcdir/ovs-build)
  --ovs-source=DIR    patched OVS source tree, for vswitch.ovsschema
                      (default $top_srcdir/ovs)
  --keep              keep /tmp/tb-run/PID (logs, samples, callgrind
                      profiles) after the run
  --hold              only build the lab, print how to use it, and wait
                      (until interrupted) before tearing it down
  -h, --help          this help

Writes icount.tsv, pmd.tsv or samples.tsv and report.txt in /tmp/tb-run/PID.
EOF
}

# ---------------------------------------------------------------- options
# The mode first: it sets the defaults the other options override.
MODE=all
for arg in "$@"; do
    case $arg in
        --wakeup) MODE=wakeup ;;
        --pmd) MODE=pmd ;;
        --instructions) MODE=instructions ;;
        --all) MODE=all ;;
    esac
done
case $MODE in
    wakeup) ROUNDS=5 DURATION=8 WARMUP=2 GAP=20us CONFIGS=ABCFDE ;;
    *) ROUNDS=9 DURATION=5 WARMUP=2 GAP=none CONFIGS=ABCFDEGHV ;;
esac
SCALE_SIZES="3 256 512 1024" MEGAFLOWS=yes KEEP=no QUICK=no HOLD=no
ICOUNT_FLOWS=960 ICOUNT_PASSES=1 ICOUNT_EMC="1 0" PMD_MASK=0x2 GEN_CPU=0
OVS_BUILD=$top_srcdir/ovs-build
OVS_SOURCE=$top_srcdir/ovs
for arg in "$@"; do
    case $arg in
        --quick) QUICK=yes ROUNDS=2 DURATION=3 WARMUP=1
                 SCALE_SIZES="3 256 1024" ICOUNT_FLOWS=200
                 [ "$MODE" = wakeup ] || ROUNDS=3 ;;
        --rounds=*|--duration=*|--warmup=*|--scale-sizes=*) ;;
        --gap=*) GAP=${arg#*=} ;;
        --configs=*) CONFIGS=${arg#*=} ;;
        --no-megaflows) MEGAFLOWS=no ;;
        --ovs-build=*) OVS_BUILD=${arg#*=} ;;
        --ovs-source=*) OVS_SOURCE=${arg#*=} ;;
        --keep) KEEP=yes ;;
        --hold) HOLD=yes ;;
        --wakeup|--pmd|--instructions|--all) ;;
        --pmd-mask=*) PMD_MASK=${arg#*=} ;;
        --gen-cpu=*) GEN_CPU=${arg#*=} ;;
        --flows=*|--passes=*) ;;
        --emc=on) ICOUNT_EMC=1 ;;
        --emc=off) ICOUNT_EMC=0 ;;
        --emc=both) ICOUNT_EMC="1 0" ;;
        -h|--help) usage; exit 0 ;;
        *) echo "$me: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done
# Later options win over --quick, whatever the order.
for arg in "$@"; do
    case $arg in
        --rounds=*) ROUNDS=${arg#*=} ;;
        --duration=*) DURATION=${arg#*=} ;;
        --warmup=*) WARMUP=${arg#*=} ;;
        --scale-sizes=*) SCALE_SIZES=${arg#*=} ;;
        --flows=*) ICOUNT_FLOWS=${arg#*=} ;;
        --passes=*) ICOUNT_PASSES=${arg#*=} ;;
    esac
done

die () { echo "$me: $*" >&2; exit 1; }
log () { echo "[$(date +%H:%M:%S)] $*" >&2; }

case $MODE in instructions|all)
        for p in valgrind callgrind_control awk; do
            command -v "$p" >/dev/null || die "$p is missing (tools/install-deps.sh)"
        done
        case $ICOUNT_FLOWS$ICOUNT_PASSES in *[!0-9]*) die "--flows and --passes take numbers" ;; esac
        [ "$ICOUNT_FLOWS" -ge 1 ] && [ "$ICOUNT_FLOWS" -le 990 ] \
            || die "--flows must be 1..990" ;;
esac
case $MODE in wakeup|pmd|all)
        [ "$(id -u)" = 0 ] || die "must run as root (network namespaces)"
        for p in ip ethtool trafgen taskset awk; do
            command -v "$p" >/dev/null || die "$p is missing (tools/install-deps.sh; trafgen is in netsniff-ng)"
        done ;;
esac
for b in vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool \
         utilities/ovs-vsctl utilities/ovs-ofctl utilities/ovs-appctl; do
    [ -x "$OVS_BUILD/$b" ] || die "$OVS_BUILD/$b not found (build first, or --ovs-build=DIR)"
done
OVS_BUILD=$(cd "$OVS_BUILD" && pwd) OVS_SOURCE=$(cd "$OVS_SOURCE" && pwd) \
    || die "--ovs-build or --ovs-source is not a directory"
OVS_SCHEMA=$OVS_SOURCE/vswitchd/vswitch.ovsschema
[ -f "$OVS_SCHEMA" ] || die "$OVS_SCHEMA not found (--ovs-source=DIR)"
case $GAP in 0) GAP=1ns ;; [0-9]*|none) ;; *) die "--gap must be a time, e.g. 20us" ;; esac
export OVS_SCHEMA
PATH=$OVS_BUILD/utilities:$OVS_BUILD/vswitchd:$OVS_BUILD/ovsdb:$PATH

# ------------------------------------------------------------ lab, cleanup
RUN=/tmp/tb-run/$$
LAB=tb-$$
mkdir -p "$RUN"
export OVS_RUNDIR=$RUN OVS_LOGDIR=$RUN OVS_DBDIR=$RUN OVS_SYSCONFDIR=$RUN \
       OVS_PKGDATADIR=$RUN LAB
# Our own cleanup registry, whatever the caller's environment says (the
# testsuite exports its on_exit).
LAB_ON_EXIT=lab_on_exit_default
# shellcheck source=tools/lab.sh
. "$top_srcdir/tools/lab.sh"

TRAFGEN_PID=
cleanup () {
    set +e
    trafgen_stop
    lab_cleanup >/dev/null 2>&1     # daemons, then every tb-$$-* namespace
    if [ "$KEEP" = yes ]; then
        echo "$me: logs and samples kept in $RUN" >&2
    else
        rm -rf "$RUN"
        rmdir /tmp/tb-run 2>/dev/null
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SRC_MAC=02:00:0a:00:00:01
SINK_MAC=02:00:0a:00:00:02
COLL=$LAB_UNDERLAY_COLL
N_TUPLES=10000
SPORT_LO=10000
SPORT_HI=$((SPORT_LO + N_TUPLES - 1))

setup_lab () {
    local i vni
    log "lab: starting ovsdb-server and ovs-vswitchd ($OVS_BUILD)"
    lab_start_ovs 2>/dev/null
    lab_setup
    lab_add_vm vm1 10.0.0.1/24 "$SRC_MAC"
    lab_add_vm vm2 10.0.0.2/24 "$SINK_MAC"
    for i in 0 1 2 3; do
        lab_add_vm "idle$i" "10.0.0.1$i/24" "02:00:0a:00:00:1$i"
    done
    lab_add_vm mon 10.0.0.20/24 02:00:0a:00:00:20
    lab_add_vxlan_port vxlan100 100
    lab_add_vxlan_port vxflow flow
    for vni in 100 101 102 103; do lab_add_collector_vni "$vni"; done
    # Config G's fleet: three more collector addresses on the collector
    # (its vxlan devices listen on the first one only: copies to the
    # others are sent and counted by the underlay, not decapsulated).
    for i in ${COLL_FLEET//,/ }; do
        [ "$i" = "$COLL" ] && continue
        lab_exec coll ip addr add "$i/24" dev eth0
        ovs-appctl tnl/arp/set br-phy "$i" "$LAB_COLL_MAC" >/dev/null
    done
    # Config H's 99 idle ports h1..h99 (internal ports: no traffic).
    local hp=
    for ((i = 1; i <= 99; i++)); do
        hp="$hp -- add-port br0 h$i -- set Interface h$i type=internal"
    done
    # shellcheck disable=SC2086
    ovs-vsctl --timeout=300 $hp
    # Keep learnt MACs across configuration changes; let 10,000
    # exact-match flows in (scale test).
    ovs-vsctl set Bridge br0 other_config:mac-aging-time=3600 \
        -- set Open_vSwitch . other_config:flow-limit=200000
    VSWITCHD_PID=$(cat "$OVS_RUNDIR/ovs-vswitchd.pid")
    # trafgen's packet: 14 + 20 + 8 + 158 = 200 bytes.  -p: the C
    # preprocessor is not needed, so none is used.
    cat > "$RUN/udp.trafgen" <<EOF
{
  eth(da=$SINK_MAC, sa=$SRC_MAC),
  ipv4(sa=10.0.0.1, da=10.0.0.99, ttl=64),
  udp(sp=dinc($SPORT_LO, $SPORT_HI), dp=5000),
  fill(0x41, 158)
}
EOF
    learn_macs
}

# learn_macs: vm2 and the idle VMs send a packet, so that NORMAL knows
# their MACs and vm1's traffic is never flooded.
learn_macs () {
    local n
    for n in vm2 idle0 idle1 idle2 idle3 mon; do
        lab_exec "$n" ping -q -c 1 -W 1 10.0.0.1 >/dev/null 2>&1 || true
    done
}

# ------------------------------------------------------------ configurations
COLL_FLEET=$COLL,172.31.0.3,172.31.0.4,172.31.0.5
# shellcheck source=tools/bench/configs.sh
. "$top_srcdir/tools/bench/configs.sh"

# ------------------------------------------------------------ measurement
now () { date +%s.%N; }
# cpu_ns: utime+stime of ovs-vswitchd (all threads) in ns, at clock tick
# resolution (schedstat run times are not available on every kernel).
cpu_ns () { cpu_ticks | awk -v hz="$CLK_TCK" '{ printf "%.0f\n", ($1 + $2) * 1e9 / hz }'; }
# cpu_ticks: "utime stime" of ovs-vswitchd, all threads, in clock ticks.
cpu_ticks () { awk '{ sub(/^.*\) /, ""); print $12, $13 }' "/proc/$VSWITCHD_PID/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# counters: "offered forwarded copies" packet counters.
counters () {
    local off fwd cop
    off=$(lab_exec host cat /sys/class/net/vm1/statistics/rx_packets)
    fwd=$(lab_exec vm2 cat /sys/class/net/eth0/statistics/rx_packets)
    cop=$(lab_exec coll sh -c 'cat /sys/class/net/vx10[0-3]/statistics/rx_packets' \
          | awk '{ s += $1 } END { print s }')
    echo "$off $fwd $cop"
}

# trafgen_start [COUNT [GAP]]: trafgen in vm1, COUNT packets (default:
# until stopped), GAP between packets (default $GAP).  --no-sock-mem and
# --notouch-irq: leave the machine's socket memory and IRQ settings alone.
trafgen_start () {
    local -a opts=(-o eth0 -i "$RUN/udp.trafgen" -P 1 --no-sock-mem
                   --notouch-irq --no-cpu-stats)
    # GAP "none": trafgen's TX ring, as fast as it goes (PMD mode).
    [ "${2:-$GAP}" = none ] || opts+=(--gap "${2:-$GAP}")
    [ -n "${1:-}" ] && opts+=(-n "$1")
    # ip netns exec execs trafgen, so $! is trafgen's PID.
    taskset -c "$GEN_CPU" ip netns exec "$LAB-vm1" trafgen "${opts[@]}" \
        >> "$RUN/trafgen.log" 2>&1 &
    TRAFGEN_PID=$!
}
trafgen_stop () {
    [ -n "$TRAFGEN_PID" ] || return 0
    # trafgen -P 1 runs its sender in a child process; stop the child
    # (children of our own trafgen only), then the parent exits.
    pkill -TERM -P "$TRAFGEN_PID" 2>/dev/null || true
    kill -TERM "$TRAFGEN_PID" 2>/dev/null || true
    wait "$TRAFGEN_PID" 2>/dev/null || true
    TRAFGEN_PID=
}

# sample ROUND CONFIG: one measurement, appended to samples.tsv.
sample () {
    local r=$1 c=$2 t0 t1 k0 k1 c0 c1 d
    apply_config "$c"
    # Every sample starts from an empty datapath: no megaflows, subtables
    # or EMC entries left over from the previous configuration (the main
    # thread that polls veth ports never re-sorts its dpcls subtables).
    ovs-appctl revalidator/purge >/dev/null
    learn_macs
    trafgen_start
    sleep "$WARMUP"
    ovs-appctl dpif-netdev/pmd-stats-clear >/dev/null
    c0=$(counters); k0=$(cpu_ticks); t0=$(now)
    sleep "$DURATION"
    c1=$(counters); k1=$(cpu_ticks); t1=$(now)
    d=$(dp_stats)
    trafgen_stop
    # samples.tsv: round config offered-pps forwarded-pps us-CPU/pkt
    # CPU% copies/pkt us-user-CPU/pkt EMC-hit-% subtable-lookups/megaflow-hit
    echo "$r $c $t0 $t1 $k0 $k1 $c0 $c1 $d" | awk -v hz="$CLK_TCK" '{
        dt = $4 - $3; usr = ($7 - $5) / hz; cpu = usr + ($8 - $6) / hz
        off = $12 - $9; fwd = $13 - $10; cop = $14 - $11
        printf "%s\t%s\t%.0f\t%.0f\t%.3f\t%.1f\t%.3f\t%.3f\t%.1f\t%.2f\n", $1, $2,
            off / dt, fwd / dt, fwd ? cpu * 1e6 / fwd : 0, 100 * cpu / dt,
            fwd ? cop / fwd : 0, fwd ? usr * 1e6 / fwd : 0, $15, $16
    }' | tee -a "$RUN/samples.tsv" | awk -F'\t' '{
        printf "  round %s %s: offered %s pps, forwarded %s pps, %s us CPU/pkt (user %s), vswitchd %s%% CPU, %s copies/pkt, EMC hits %s%%, %s subtables/megaflow hit\n",
            $1, $2, $3, $4, $5, $8, $6, $7, $9, $10 }' >&2
}

# median: the median of the numbers on stdin.
median () {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# col CONFIG FIELD: FIELD of every sample of CONFIG.
col () { awk -F'\t' -v c="$1" -v f="$2" '$2 == c { print $f }' "$RUN/samples.tsv"; }

# paired_ratio CONFIG FIELD [all]: median over rounds of CONFIG/A for
# FIELD (A measured in the same round, side by side); "all": every ratio.
paired_ratio () {
    awk -F'\t' -v c="$1" -v f="$2" '
        $2 == "A" { a[$1] = $f } $2 == c { x[$1] = $f }
        END { for (r in x) if (r in a && a[r] > 0) printf "%.3f\n", x[r] / a[r] }' \
        "$RUN/samples.tsv" | if [ "${3:-}" = all ]; then cat; else median; fi
}

# ------------------------------------------------------------ the tests
throughput_rounds () {
    local n=${#CONFIGS} r i
    : > "$RUN/samples.tsv"
    log "throughput: $ROUNDS rounds x $n configs ($CONFIGS) x ${DURATION}s" \
        "(+${WARMUP}s warm-up), trafgen gap $GAP"
    for ((r = 1; r <= ROUNDS; r++)); do
        for ((i = 0; i < n; i++)); do
            sample "$r" "${CONFIGS:$(((i + r - 1) % n)):1}"
        done
    done
}

# dp_stats: "EMC-hit-% subtable-lookups-per-megaflow-hit" of the main
# thread (which polls the veth ports) since the last pmd-stats-clear.
dp_stats () {
    ovs-appctl dpif-netdev/pmd-stats-show | awk '
        /main thread/ { m = 1 } /pmd thread/ { m = 0 }
        m && /packets received:/ { rx = $3 } m && /emc hits:/ { emc = $3 }
        m && /subtable lookups per megaflow hit:/ { sub_ = $NF }
        END { printf "%.1f %s\n", rx ? 100 * emc / rx : 0, sub_ == "" ? 0 : sub_ }'
}

# dp_flows: datapath flows for IPv4 packets received on vm1.
dp_flows () {
    local port
    port=$(ovs-appctl dpctl/show | sed -n 's/^ *port \([0-9]*\): vm1$/\1/p')
    ovs-appctl dpctl/dump-flows | grep -c "in_port($port),.*eth_type(0x0800)" || true
}

megaflow_test () {
    local c
    log "megaflows: $N_TUPLES distinct 5-tuples per configuration"
    : > "$RUN/megaflows.tsv"
    for c in A B C F D; do
        case $CONFIGS in *$c*) ;; *) continue ;; esac
        apply_config "$c"
        learn_macs
        ovs-appctl revalidator/purge >/dev/null
        trafgen_start "$N_TUPLES" 50us
        wait "$TRAFGEN_PID" 2>/dev/null || true
        TRAFGEN_PID=
        sleep 1
        printf '%s\t%s\n' "$c" "$(dp_flows)" | tee -a "$RUN/megaflows.tsv" \
            | awk -F'\t' '{ printf "  %s: %s datapath flows\n", $1, $2 }' >&2
    done
}

# timed COMMAND...: runs COMMAND (not in a subshell, so that set -e
# stops on its failure), sets TIMED to its wall time in seconds.
TIMED=
timed () {
    local t0 t1
    t0=$(now); "$@"; t1=$(now)
    TIMED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

scale_test () {
    local n f tc tr tw td uuid dd
    [ -n "$SCALE_SIZES" ] || return 0
    log "scale: configure N mirrors in one transaction; revalidate $N_TUPLES" \
        "exact-match flows after one rule change"
    : > "$RUN/scale.tsv"
    apply_config A
    # The 10,000 flows must stay in the datapath during the test.
    ovs-vsctl set Open_vSwitch . other_config:max-idle=60000
    ovs-appctl upcall/disable-megaflows >/dev/null
    for n in $SCALE_SIZES; do
        [ "$n" -ge 3 ] && [ "$n" -le 1024 ] || die "scale sizes must be 3..1024"
        # C's three sessions on vm1 plus N-3 filtered mirrors on idle ports.
        f=$RUN/scale-$n.args
        { echo "-- clear Bridge br0 mirrors"; filter_args 0
          [ "$n" -gt 3 ] && idle_mirror_args 3 $((n - 1)) yes; } > "$f"
        timed vsctl_file "$f"
        tc=$TIMED
        CURRENT=scale
        ovs-appctl revalidator/wait >/dev/null
        [ "$(ovs-vsctl --bare --columns=_uuid list Mirror | grep -c .)" = "$n" ] \
            || die "expected $n mirrors"
        # 10,000 exact-match datapath flows from vm1.
        ovs-appctl revalidator/purge >/dev/null
        learn_macs
        trafgen_start "$N_TUPLES" 100us
        wait "$TRAFGEN_PID" 2>/dev/null || true
        TRAFGEN_PID=
        sleep 1
        local nf; nf=$(dp_flows)
        # One rule change: session 1 accepts a different range.
        uuid=$(ovs-vsctl --bare --columns=_uuid find Mirror_Rule \
               "match=\"udp,nw_src=10.0.0.0/24,tp_src=$ACC1\"")
        # revalidator/wait also waits for the next dump round (at most
        # 500 ms away), so the wall time is coarse: also report the CPU
        # that ovs-vswitchd (all threads) spent on the change and the wait.
        dd=$(cpu_ns)
        timed ovs-vsctl --timeout=300 set Mirror_Rule "$uuid" \
             "match=\"udp,nw_src=10.0.0.0/24,tp_src=10100-10499\""
        tr=$TIMED
        timed ovs-appctl --timeout=300 revalidator/wait
        tw=$TIMED
        dd=$(( ($(cpu_ns) - dd) / 1000000 ))
        timed ovs-vsctl --timeout=300 clear Bridge br0 mirrors
        td=$TIMED
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tc" "$tr" "$tw" "$td" "$nf" "${dd:-?}" \
            | tee -a "$RUN/scale.tsv" | awk -F'\t' '{
              printf "  %4d mirrors: create %ss, rule change %ss + revalidator/wait %ss (vswitchd CPU %s ms, %s flows), delete %ss\n",
                     $1, $2, $3, $4, $7, $6, $5 }' >&2
    done
    ovs-appctl upcall/enable-megaflows >/dev/null
    ovs-vsctl remove Open_vSwitch . other_config max-idle
    ovs-appctl revalidator/purge >/dev/null
    CURRENT=
}

# ------------------------------------------------------------ report
report () {
    local c pps us uu rp ru ruu cp
    echo
    echo "== Results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
    echo "mode: $([ "$QUICK" = yes ] && echo quick || echo full): $ROUNDS rounds x ${DURATION}s per config, interleaved; trafgen gap $GAP"
    echo "(trafgen in vm1, 200-byte UDP, $N_TUPLES 5-tuples).  pps = packets"
    echo "received in vm2 per second (rx_packets); CPU = ovs-vswitchd utime+stime"
    echo "(/proc/PID/stat, all threads) / packets received; user = utime only"
    echo "(packet parsing, lookup, translation; stime is mostly socket I/O and the"
    echo "veth/VXLAN delivery that runs in its syscalls).  Ratios: median over rounds"
    echo "of X/A, A measured in the same round.  Medians over $ROUNDS rounds."
    echo
    printf '%-3s %-36s %6s %6s %7s %6s %13s %7s %6s %6s %5s %5s\n' cfg description \
        pps "/A" "us/pkt" "/A" "/A min-max" "user us" "/A" copies "emc%" subt
    for c in $(echo "$CONFIGS" | fold -w1); do
        pps=$(col "$c" 4 | median); us=$(col "$c" 5 | median)
        uu=$(col "$c" 8 | median); cp=$(col "$c" 7 | median)
        rp=$(paired_ratio "$c" 4); ru=$(paired_ratio "$c" 5)
        ruu=$(paired_ratio "$c" 8)
        sp=$(paired_ratio "$c" 5 all | sort -g | sed -n '1p;$p' | paste -sd-)
        printf '%-3s %-36s %6.0f %6.3f %7.2f %6.3f %13s %7.2f %6.3f %6.3f %5.1f %5.2f\n' \
            "$c" "$(describe "$c")" "$pps" "$rp" "$us" "$ru" "$sp" "$uu" "$ruu" \
            "$cp" "$(col "$c" 9 | median)" "$(col "$c" 10 | median)"
        eval "RU_$c=$ru RUU_$c=$ruu"
    done
    echo "(/A min-max: range of the per-round CPU ratios; copies: VXLAN copies"
    echo "decapsulated at the collector per forwarded packet; emc%: packets that hit"
    echo "the exact-match cache; subt: dpcls subtables searched per megaflow hit)"

    if [ -s "$RUN/megaflows.tsv" ]; then
        echo
        echo "Datapath flows from vm1 after $N_TUPLES distinct 5-tuples (dpctl/dump-flows):"
        awk -F'\t' '{ printf "  %s: %s\n", $1, $2 }' "$RUN/megaflows.tsv"
    fi
    if [ -s "$RUN/scale.tsv" ]; then
        echo
        echo "Configuration scale (wall seconds; ovs-vsctl waits for ovs-vswitchd):"
        printf '  %8s %9s %10s %9s %11s %10s %9s %8s\n' mirrors create "ms/mirror" \
            "rule chg" "reval wait" "CPU ms" "dp flows" delete
        awk -F'\t' 'NR == 1 { bc = $2; br = $3 + $4; bd = $7; bn = $1 }
            { printf "  %8d %9.3f %10.2f %9.3f %11.3f %10s %9d %8.3f\n",
                     $1, $2, 1000 * $2 / $1, $3, $4, $7, $6, $5
              n = $1; c = $2; r = $3 + $4; d = $7 }
            END { if (NR > 1 && bc > 0 && br > 0)
                printf "  %d vs %d mirrors: create %.1fx, rule change + revalidator/wait %.2fx, its CPU %s vs %s ms\n",
                       n, bn, c / bc, r / br, d, bd }' \
            "$RUN/scale.tsv" > "$RUN/scale.txt"
        cat "$RUN/scale.txt"
    fi

    echo
    echo "Targets (vswitchd CPU per forwarded packet, ratio of medians-of-pairs;"
    echo "total CPU decides, user-only CPU shown beside it):"
    target () {   # NAME TOTAL USER LIMIT
        if [ -z "$2" ]; then echo "  $1: not measured"; return; fi
        awk -v n="$1" -v v="$2" -v u="$3" -v l="$4" 'BEGIN {
            printf "  %-50s %.3f (user %.3f) <= %.2f: %s\n", n, v, u, l,
                   (v <= l) ? "MET" : "NOT MET" }'
    }
    target "filtered-out traffic (F) vs no mirror (A)" "${RU_F:-}" "${RUU_F:-}" 1.05
    target "unmirrored ports, 1,024 mirrors (E) vs none (A)" "${RU_E:-}" "${RUU_E:-}" 1.05
    if [ -n "${RU_C:-}" ] && [ -n "${RU_B:-}" ]; then
        target "filtered mirror (C) vs stock mirror (B)" \
            "$(awk -v c="$RU_C" -v b="$RU_B" 'BEGIN { print c / b }')" \
            "$(awk -v c="$RUU_C" -v b="$RUU_B" 'BEGIN { print c / b }')" 1.00
    fi
}

# shellcheck source=tools/bench/instructions.sh
. "$top_srcdir/tools/bench/instructions.sh"
# shellcheck source=tools/bench/pmd.sh
. "$top_srcdir/tools/bench/pmd.sh"
# shellcheck source=tools/bench/targets.sh
. "$top_srcdir/tools/bench/targets.sh"
: >> "$RUN/lab-cleanup"
case $MODE in instructions|all)
    $LAB_ON_EXIT "lab_kill_daemon ovsdb-server"
    $LAB_ON_EXIT "lab_kill_daemon ovs-vswitchd"
    icount_run
    icount_report | tee "$RUN/report.txt"
    # The lab below starts its own daemons in the same run directory.
    lab_cleanup >/dev/null 2>&1
    : >> "$RUN/lab-cleanup"
    rm -f "$RUN"/*.pid "$RUN/conf.db"
    ;;
esac
[ "$MODE" = instructions ] && exit 0
setup_lab
if [ "$HOLD" = yes ]; then
    echo "lab up: namespaces $LAB-*, OVS_RUNDIR=$RUN, PATH=$OVS_BUILD/utilities:..."
    echo "vswitchd pid $VSWITCHD_PID; interrupt ($me pid $$) to tear down"
    while :; do sleep 1; done
fi
if [ "$MODE" = wakeup ]; then
    throughput_rounds
    [ "$MEGAFLOWS" = yes ] && megaflow_test
    scale_test
    report | tee "$RUN/report.txt"
    exit 0
fi
pmd_setup
pmd_rounds
pmd_report | tee -a "$RUN/report.txt"
[ "$MODE" = all ] && targets_report | tee -a "$RUN/report.txt"
exit 0
