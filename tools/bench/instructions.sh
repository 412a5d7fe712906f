# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# shellcheck shell=bash
# tools/bench/instructions.sh: the benchmark's instruction-count mode
# (tools/benchmark.sh --instructions), as shell functions.
#
# The patched ovs-vswitchd runs under valgrind's callgrind with dummy
# devices (--enable-dummy, userspace datapath "dummy", no kernel, no
# namespaces): br0 with the benchmark's ports (vm1, vm2, idle0..idle3,
# mon, h1..h99) and VXLAN ports, br-phy with 172.31.0.1/24 and the
# collectors' neighbour entries, so copies are really encapsulated and
# sent.  A fixed list of packets (ICOUNT_FLOWS UDP 5-tuples, one packet
# each, 200 bytes) is replayed into vm1 with netdev-dummy/receive.
#
# Only the per-packet path is counted: callgrind collects inside
# dp_netdev_input() (cache and megaflow lookup, upcalls, actions, tunnel
# push, copies) and dp_netdev_pmd_flush_output_on_port() (the sends), and
# nothing else (main loop, ovsdb, revalidators, unixctl).  The dummy
# device hands the main thread one packet per receive, so every batch
# holds one packet.
#
# Deterministic: emc-insert-inv-prob=1 (every miss is inserted) or 0 (EMC
# off), SMC off (default), megaflows never expire (max-idle), no PMD
# threads (the main thread polls the dummy ports: no timing-dependent
# batching), the same configuration order and packet order on every run.
# What time or the random seed still change (ukey hashing, upcall
# timing) is confined to the first pass, which installs the megaflows, and
# that pass is reported apart.  Per configuration and EMC setting:
#   pass 0      the first pass (upcalls), reported as "first-pass/pkt";
#   N passes    instructions I(N);  2N passes: instructions I(2N);
#   per packet  (I(2N) - I(N)) / (N x flows): the fixed cost of an
#               interval cancels; "fixed" = 2 I(N) - I(2N) is printed.

ICOUNT_FAKETIME=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1

# icount_start: ovsdb-server and ovs-vswitchd under callgrind, with the
# benchmark's bridges and ports on dummy devices.
icount_start () {
    local i ip ports
    ovsdb-tool create "$RUN/conf.db" "$OVS_SCHEMA"
    ovsdb-server --detach --no-chdir --pidfile --log-file \
        --remote="punix:$RUN/db.sock" "$RUN/conf.db"
    ovs-vsctl --no-wait init
    log "instructions: starting ovs-vswitchd under callgrind"
    # OVS seeds its random numbers (and with them the hash bases of every
    # cmap and ccmap, e.g. the megaflow cache's, hence how many buckets a
    # lookup probes) from the wall clock, /dev/urandom and the thread's
    # address.  Pin them: the wall clock frozen by libfaketime (the
    # monotonic clock, which OVS's timers use, runs normally) and
    # /dev/urandom replaced by /dev/zero in a private mount namespace.
    # (Disabling address space randomization as well, setarch -R, changed
    # nothing: what still varies is how many random numbers the main
    # thread drew before a cmap was created, see docs/benchmark.md.)
    unshare -m sh -c 'mount --bind /dev/zero /dev/urandom && exec "$@"' sh \
    env FAKETIME="2026-01-01 00:00:00" DONT_FAKE_MONOTONIC=1 \
        LD_PRELOAD="$ICOUNT_FAKETIME" \
    valgrind --tool=callgrind --callgrind-out-file="$RUN/callgrind.out" \
        --toggle-collect=dp_netdev_input \
        --toggle-collect=dp_netdev_pmd_flush_output_on_port \
        --log-file="$RUN/valgrind.log" \
        ovs-vswitchd --enable-dummy --disable-system --no-chdir \
        --pidfile --log-file -vconsole:off </dev/null >/dev/null 2>&1 &
    # Not --detach: callgrind_control reaches the process valgrind
    # started, not a forked child.
    VSWITCHD_PID=$!
    for _ in $(seq 600); do
        [ -s "$RUN/ovs-vswitchd.pid" ] && ovs-appctl version >/dev/null 2>&1 && break
        kill -0 "$VSWITCHD_PID" 2>/dev/null || die "ovs-vswitchd died (see $RUN)"
        sleep 0.1
    done
    ports=
    for i in vm1 vm2 idle0 idle1 idle2 idle3 mon; do
        ports="$ports -- add-port br0 $i -- set Interface $i type=dummy"
    done
    for ((i = 1; i <= 99; i++)); do
        ports="$ports -- add-port br0 h$i -- set Interface h$i type=dummy"
    done
    # shellcheck disable=SC2086
    ovs-vsctl --timeout=300 \
        -- add-br br0 -- set Bridge br0 datapath_type=dummy \
           other_config:mac-aging-time=3600 \
        -- add-br br-phy -- set Bridge br-phy datapath_type=dummy \
           other_config:hwaddr=02:00:ac:1f:00:01 \
        -- add-port br-phy phy0 -- set Interface phy0 type=dummy \
        -- add-port br0 vxlan100 -- set Interface vxlan100 type=vxlan \
           options:remote_ip="$COLL" options:key=100 \
        -- add-port br0 vxflow -- set Interface vxflow type=vxlan \
           options:remote_ip=flow options:key=flow \
        $ports \
        -- set Open_vSwitch . other_config:max-idle=3600000 \
           other_config:emc-insert-inv-prob=1 other_config:flow-limit=200000
    ovs-appctl --timeout=300 netdev-dummy/ip4addr br-phy 172.31.0.1/24 >/dev/null
    ovs-appctl --timeout=300 ovs/route/add 172.31.0.0/24 br-phy >/dev/null
    for ip in ${COLL_FLEET//,/ }; do
        ovs-appctl --timeout=300 tnl/neigh/set br-phy "$ip" "$LAB_COLL_MAC" >/dev/null
    done
    icount_packets
}

# icount_packets: $RUN/pass.args, the netdev-dummy/receive arguments of
# one pass, in chunks of 100 packets per line (the dummy device queues at
# most 100): ICOUNT_FLOWS UDP packets of 200 bytes from vm1 to vm2's MAC,
# source ports spread evenly over 10000-19999 (960 flows: 10000, 10010,
# ..., 19590), so that about 10% fall in C's accepted ranges (100 of 960).
# Fewer than 1,000: with the few megaflows of the MAC learning, a
# configuration with one megaflow per flow stays under the 1,000 below
# which ovs-vswitchd never lowers its flow limit (see icount_config).
icount_packets () {
    awk -v n="$ICOUNT_FLOWS" -v step=$((10000 / ICOUNT_FLOWS)) -v sm="$SRC_MAC" \
        -v dm="$SINK_MAC" 'BEGIN {
        for (k = 0; k < n; k++) {
            printf "eth(src=%s,dst=%s),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.99,proto=17,tos=0,ttl=64,frag=no),udp(src=%d,dst=5000) --len 200%s",
                sm, dm, 10000 + (k * step) % 10000, (k % 100 == 99 || k == n - 1) ? "\n" : " "
        }
    }' > "$RUN/pass.args"
}

# icount_received: packets the main thread has received since the last
# dpif-netdev/pmd-stats-clear.
icount_received () {
    ovs-appctl --timeout=300 dpif-netdev/pmd-stats-show | awk '
        /main thread/ { m = 1 } /pmd thread/ { m = 0 }
        m && /packets received:/ { print $3; exit }'
}

# icount_send PASSES: replays the packet list PASSES times into vm1 and
# waits until the main thread has processed every packet.
icount_send () {
    local p line want=$ICOUNT_RECEIVED n
    for ((p = 0; p < $1; p++)); do
        while read -r line; do
            # shellcheck disable=SC2086
            ovs-appctl --timeout=300 netdev-dummy/receive vm1 $line >/dev/null
            n=$(echo "$line" | grep -o -- '--len' | wc -l)
            want=$((want + n))
            while [ "$(icount_received)" -lt "$want" ]; do sleep 0.05; done
        done < "$RUN/pass.args"
    done
    ICOUNT_RECEIVED=$want
}

# icount_learn: one packet from vm2 and each idle port, so that NORMAL
# knows their MACs and vm1's packets are never flooded.
icount_learn () {
    local p mac
    for p in vm2:02:00:0a:00:00:02 idle0:02:00:0a:00:00:10 \
             idle1:02:00:0a:00:00:11 idle2:02:00:0a:00:00:12 \
             idle3:02:00:0a:00:00:13 mon:02:00:0a:00:00:20; do
        mac=${p#*:}
        ovs-appctl --timeout=300 netdev-dummy/receive "${p%%:*}" \
            "eth(src=$mac,dst=$SRC_MAC),eth_type(0x0800),ipv4(src=10.0.0.2,dst=10.0.0.1,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=1)" >/dev/null
    done
}

# icount_dump: dumps callgrind's counters (and zeroes them) and sets
# ICOUNT to the instructions collected since the previous dump or zeroing.
ICOUNT_DUMPS=0 ICOUNT=
icount_dump () {
    local f
    callgrind_control -d "$VSWITCHD_PID" >/dev/null 2>&1
    ICOUNT_DUMPS=$((ICOUNT_DUMPS + 1))
    f=$RUN/callgrind.out.$ICOUNT_DUMPS
    for _ in $(seq 600); do [ -s "$f" ] && grep -q '^totals:' "$f" && break; sleep 0.1; done
    [ -s "$f" ] || die "callgrind dump $f not written"
    ICOUNT=$(awk '/^(totals|summary):/ { print $2; exit }' "$f")
}

# icount_unsteady FILE: instructions that callgrind dump FILE spent in
# the functions whose cost does not repeat from run to run (inclusive;
# none of them calls another):
# - glibc's malloc(), free(), calloc() and realloc(): their cost depends on
#   the heap's state, which the main thread's other work (unixctl, ovsdb)
#   changes between passes; it is also inflated by the dummy device, whose
#   every received packet is freed in the path (an AF_XDP or DPDK port
#   recycles its buffers instead);
# - ccmap_find(), cmap_find() and cmap_find_batch(), the hash table probes
#   (the per-port flow counters that the simple-match check reads, the
#   per-port megaflow classifier, a subtable's megaflows): how many slots a
#   probe reads depends on the table's hash basis, drawn from the main
#   thread's random generator at a point that timing decides, and on the
#   order of insertion.  One probe per batch, plus one per subtable
#   searched; what a subtable search costs besides the probe (the masked
#   key and its hash) stays counted.
icount_unsteady () {
    callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null \
        | awk '/malloc\.c:(malloc|free|calloc|realloc) \[/ ||
               /ccmap\.c:ccmap_find \[/ || /cmap\.c:cmap_find(_batch)? \[/ {
                   gsub(/,/, "", $1); s += $1 } END { print s + 0 }'
}

# icount_stats: "EMC-hit-% subtables-per-megaflow-hit upcalls" of the
# main thread since the last pmd-stats-clear.
icount_stats () {
    ovs-appctl --timeout=300 dpif-netdev/pmd-stats-show | awk '
        /main thread/ { m = 1 } /pmd thread/ { m = 0 }
        m && /packets received:/ { rx = $3 } m && /emc hits:/ { emc = $3 }
        m && /miss with success upcall:/ { up = $NF }
        m && /subtable lookups per megaflow hit:/ { sub_ = $NF }
        END { printf "%.1f %s %s\n", rx ? 100 * emc / rx : 0,
                     sub_ == "" ? 0 : sub_, up == "" ? 0 : up }'
}

# icount_measure CONFIG EMC: one measurement of CONFIG, already applied
# with emc-insert-inv-prob EMC; sets W (first pass), I1, I2 (the N and 2N
# intervals) and ST (icount_stats of the measured passes).
icount_measure () {
    local c=$1 emc=$2
    ovs-appctl --timeout=300 revalidator/purge >/dev/null
    icount_learn
    ovs-appctl --timeout=300 dpif-netdev/pmd-stats-clear >/dev/null
    ICOUNT_RECEIVED=0
    callgrind_control -z "$VSWITCHD_PID" >/dev/null 2>&1
    icount_send 1
    icount_dump; W=$ICOUNT
    # Let the revalidators go over the new megaflows, then replay one pass
    # unmeasured, so that a megaflow they replaced is back and the EMC is
    # full again: the measured passes then see the steady state.
    ovs-appctl --timeout=300 revalidator/wait >/dev/null
    ovs-appctl --timeout=300 revalidator/wait >/dev/null
    icount_send 1
    ovs-appctl --timeout=300 revalidator/wait >/dev/null
    callgrind_control -z "$VSWITCHD_PID" >/dev/null 2>&1
    ovs-appctl --timeout=300 dpif-netdev/pmd-stats-clear >/dev/null
    ICOUNT_RECEIVED=0
    icount_send "$ICOUNT_PASSES"
    icount_dump; I1=$ICOUNT
    icount_send $((2 * ICOUNT_PASSES))
    icount_dump; I2=$ICOUNT
    ST=$(icount_stats)
}

# icount_config CONFIG EMC: measures CONFIG with emc-insert-inv-prob EMC
# and appends a line to icount.tsv: config emc first-pass/pkt I(N) I(2N)
# per-pkt-without-the-unsteady-functions fixed emc-hit-% subtables/hit
# upcalls-in-measured-passes per-pkt-with-everything datapath-flows.  The
# callgrind dumps of the N and 2N intervals are kept as
# profile-CONFIG-emcEMC*.out.
#
# A measured pass must not upcall: every megaflow was installed before.
# If one did (a revalidator removed megaflows: under valgrind its dumps
# are slow, and ovs-vswitchd then lowers its flow limit, down to 1,000,
# and expires flows idle for 100 ms when there are more), the measurement
# is taken again, up to three times.
icount_config () {
    local c=$1 emc=$2 a1 a2 per pera fixed np mf try up
    apply_config "$c"
    ovs-vsctl --timeout=300 set Open_vSwitch . \
        other_config:emc-insert-inv-prob="$emc"
    for try in 1 2 3; do
        icount_measure "$c" "$emc"
        up=${ST##* }
        [ "$up" = 0 ] && break
        log "instructions: $c emc-insert-inv-prob=$emc: $up upcalls in the" \
            "measured passes (try $try), measuring again"
    done
    [ "$up" = 0 ] || die "instructions: $c still upcalls in its measured passes"
    cp "$RUN/callgrind.out.$((ICOUNT_DUMPS - 1))" "$RUN/profile-$c-emc$emc-N.out"
    cp "$RUN/callgrind.out.$ICOUNT_DUMPS" "$RUN/profile-$c-emc$emc.out"
    a1=$(icount_unsteady "$RUN/profile-$c-emc$emc-N.out")
    a2=$(icount_unsteady "$RUN/profile-$c-emc$emc.out")
    mf=$(ovs-appctl --timeout=300 dpctl/dump-flows | grep -c .)
    np=$((ICOUNT_PASSES * ICOUNT_FLOWS))
    per=$(awk -v a="$I1" -v b="$I2" -v n="$np" 'BEGIN { printf "%.1f", (b - a) / n }')
    pera=$(awk -v a="$((I1 - a1))" -v b="$((I2 - a2))" -v n="$np" 'BEGIN { printf "%.1f", (b - a) / n }')
    fixed=$((2 * I1 - I2))
    printf '%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$emc" \
        "$(awk -v w="$W" -v n="$ICOUNT_FLOWS" 'BEGIN { print w / n }')" \
        "$I1" "$I2" "$pera" "$fixed" "${ST// /$'\t'}" "$per" "$mf" \
        | tee -a "$RUN/icount.tsv" | awk -F'\t' '{
          printf "  %s emc-insert-inv-prob=%s: %s instr/pkt steady, %s with everything (I(N) %s, I(2N) %s, fixed %s), first pass %s/pkt, EMC hits %s%%, %s subtables/hit, %s upcalls, %s datapath flows\n",
                 $1, $2, $6, $11, $4, $5, $7, $3, $8, $9, $10, $12 }' >&2
}

# icount_run: every configuration, EMC on then off, in a fixed order.
icount_run () {
    local c e
    : > "$RUN/icount.tsv"
    icount_start
    log "instructions: $ICOUNT_FLOWS flows, N = $ICOUNT_PASSES passes," \
        "configurations $CONFIGS, EMC settings $ICOUNT_EMC"
    for c in $(echo "$CONFIGS" | fold -w1); do
        for e in $ICOUNT_EMC; do
            icount_config "$c" "$e"
        done
    done
}

# icount_report: the instruction table, ratios to A of the same EMC setting.
icount_report () {
    local e
    echo
    echo "== Instructions per packet (callgrind, dummy datapath, main thread," \
         "batches of 1; $ICOUNT_FLOWS flows, N = $ICOUNT_PASSES passes)"
    echo "instr/pkt = (I(2N) - I(N)) / (N x flows), counted inside dp_netdev_input"
    echo "and the output flush, without glibc malloc/free (whose cost depends on"
    echo "the heap's state) and the hash table probes ccmap_find, cmap_find and"
    echo "cmap_find_batch (theirs on a random hash basis): the steady part, which"
    echo "repeats; all: with them."
    for e in $ICOUNT_EMC; do
        echo
        echo "emc-insert-inv-prob=$e ($([ "$e" = 1 ] && echo "EMC on, every flow cached" || echo "EMC off: every packet looks up the megaflow cache")):"
        printf '%-3s %-40s %9s %7s %9s %7s %9s %8s %6s %6s %6s\n' cfg description \
            instr/pkt /A all /A first/pkt fixed emc% subt flows
        awk -F'\t' -v e="$e" '$2 == e' "$RUN/icount.tsv" \
            | while IFS=$'\t' read -r c _ w _ _ per fixed emc subt _ pera mf; do
            printf '%-3s %-40s %9s %7s %9s %7s %9s %8s %6s %6s %6s\n' "$c" \
                "$(describe "$c")" "$per" "$(icount_ratio "$c" "$e" 6)" \
                "$pera" "$(icount_ratio "$c" "$e" 11)" "$w" "$fixed" "$emc" \
                "$subt" "$mf"
        done
    done
    echo "(first/pkt: the first pass, with the upcalls that install the megaflows,"
    echo "per packet, malloc included; fixed: 2 I(N) - I(2N); emc%: EMC hits;"
    echo "subt: dpcls subtables searched per megaflow hit; flows: datapath flows"
    echo "after the passes, the $ICOUNT_FLOWS flows' and a few from the MAC learning.)"
    for e in $ICOUNT_EMC; do
        ICOUNT_TOP=10 icount_where F A "$e"
        ICOUNT_TOP=6 icount_where C D "$e"
    done
}

# icount_ratio CONFIG EMC FIELD: FIELD (6: instructions per packet
# without the unsteady functions, 11: with everything) of CONFIG / A.
icount_ratio () {
    awk -F'\t' -v c="$1" -v e="$2" -v f="$3" '$2 == e && $1 == "A" { a = $f }
        $2 == e && $1 == c { x = $f }
        END { if (a > 0 && x != "") printf "%.3f", x / a; else print "-" }' \
        "$RUN/icount.tsv"
}

# icount_functions FILE: "function<TAB>inclusive-instructions" of every
# function in callgrind dump FILE, without the main loop's functions that
# only call into the counted path.
icount_functions () {
    callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$1" \
        2>/dev/null | sed -n '/file:function/,$p' \
        | sed -nE 's/^ *([0-9,]+) \( *[0-9.]+%\)  ([^ ]*).*$/\2\t\1/p' \
        | tr -d , | awk -F'\t' '{ sub(/^.*:/, "", $1); s[$1] += $2 }
                                END { for (f in s) print f "\t" s[f] }' \
        | grep -Ev '^(main|bridge_run|bridge_run__|type_run|ofproto_type_run|dpif_run|dpif_netdev_run|dp_netdev_process_rxq_port|__libc_start_main.*|\(below|0x[0-9a-f]*)\b' \
        | sort
}

# icount_where X Y EMC: the functions whose inclusive instructions per
# packet grow most from Y to X (2N-pass profiles, same EMC setting): where
# X's extra cost goes.
icount_where () {
    local np=$((2 * ICOUNT_PASSES * ICOUNT_FLOWS))
    [ -f "$RUN/profile-$1-emc$3.out" ] && [ -f "$RUN/profile-$2-emc$3.out" ] \
        || return 0
    echo
    echo "Where $1's extra instructions over $2 go (emc-insert-inv-prob=$3;"
    echo "inclusive instructions per packet, top functions by difference):"
    printf '  %-44s %10s %10s %10s\n' function "$1" "$2" "$1 - $2"
    join -t$'\t' -a1 -a2 -e0 -o 0,1.2,2.2 \
        <(icount_functions "$RUN/profile-$1-emc$3.out") \
        <(icount_functions "$RUN/profile-$2-emc$3.out") \
        | awk -F'\t' -v n="$np" '{ printf "%s\t%.1f\t%.1f\t%.1f\n",
                                   $1, $2 / n, $3 / n, ($2 - $3) / n }' \
        | sort -t$'\t' -k4,4 -g -r | head -"${ICOUNT_TOP:-16}" \
        | awk -F'\t' '{ printf "  %-44s %10s %10s %10s\n", $1, $2, $3, $4 }'
}
