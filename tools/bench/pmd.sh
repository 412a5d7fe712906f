# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# shellcheck shell=bash
# tools/bench/pmd.sh: the benchmark's PMD mode (tools/benchmark.sh, the
# default), as shell functions.
#
# The lab of tools/benchmark.sh, with vm1 and vm2 turned into AF_XDP
# ports (type=afxdp options:xdp-mode=generic: XDP in the veth driver's
# generic hook, no driver support needed) polled by one PMD thread on the
# core of $PMD_MASK, so per-packet work runs on a busy-polling core and
# shows in its cycle counters.  trafgen in vm1 sends with its TX ring (no
# gap), pinned to $GEN_CPU, as fast as it can.  Per sample, from
# dpif-netdev/pmd-stats-show of the PMD thread over the sample: processing
# cycles per packet, idle share of its cycles (the PMD is busy when that
# is under 5%), EMC hit rate and subtables searched per megaflow hit; and
# forwarded packets per second (rx_packets of vm2's eth0).



# pmd_setup: vm1 and vm2 as AF_XDP ports on a PMD thread.
pmd_setup () {
    local i
    ovs-vsctl get Open_vSwitch . iface_types | grep -q afxdp \
        || die "$OVS_BUILD has no AF_XDP support (build it with --enable-afxdp: make bench-ovs-afxdp)"
    log "pmd: vm1, vm2 as afxdp (generic XDP), pmd-cpu-mask=$PMD_MASK," \
        "trafgen on CPU $GEN_CPU"
    ovs-vsctl set Open_vSwitch . other_config:pmd-cpu-mask="$PMD_MASK" \
        -- set Interface vm1 type=afxdp options:xdp-mode=generic \
           options:n_rxq=1 \
        -- set Interface vm2 type=afxdp options:xdp-mode=generic \
           options:n_rxq=1
    for i in vm1 vm2; do
        lab_wait "$i on the PMD" \
            "ovs-appctl dpif-netdev/pmd-rxq-show | grep -q 'port: $i '" \
            || die "$i did not come up as an AF_XDP port: $(ovs-vsctl get Interface $i error)"
    done
    learn_macs
}

# pmd_stats: "rx-packets processing-cycles/pkt idle-% EMC-hit-%
# subtables/megaflow-hit" of the PMD thread since the last
# pmd-stats-clear.
pmd_stats () {
    ovs-appctl dpif-netdev/pmd-stats-show | awk '
        /pmd thread/ { m = 1 } /main thread/ { m = 0 }
        m && /packets received:/ { rx = $3 } m && /emc hits:/ { emc = $3 }
        m && /subtable lookups per megaflow hit:/ { sub_ = $NF }
        m && /idle cycles:/ { idle = $4; gsub(/[()%]/, "", idle) }
        m && /avg processing cycles per packet:/ { cpp = $6 }
        END { printf "%d %.1f %.2f %.1f %.2f\n", rx, cpp, idle,
                     rx ? 100 * emc / rx : 0, sub_ }'
}

# pmd_sample ROUND CONFIG: one PMD measurement, appended to pmd.tsv:
# round config offered-pps forwarded-Mpps cycles/pkt idle-% EMC-%
# subtables/hit copies/pkt.
pmd_sample () {
    local r=$1 c=$2 t0 t1 c0 c1 s
    apply_config "$c"
    ovs-appctl revalidator/purge >/dev/null
    learn_macs
    trafgen_start "" none
    sleep "$WARMUP"
    ovs-appctl dpif-netdev/pmd-stats-clear >/dev/null
    c0=$(counters); t0=$(now)
    sleep "$DURATION"
    c1=$(counters); t1=$(now)
    s=$(pmd_stats)
    trafgen_stop
    echo "$r $c $t0 $t1 $c0 $c1 $s" | awk '{
        dt = $4 - $3; off = $8 - $5; fwd = $9 - $6; cop = $10 - $7
        printf "%s\t%s\t%.0f\t%.4f\t%s\t%s\t%s\t%s\t%.3f\n", $1, $2,
            off / dt, fwd / dt / 1e6, $12, $13, $14, $15, fwd ? cop / fwd : 0
    }' | tee -a "$RUN/pmd.tsv" | awk -F'\t' '{
        printf "  round %s %s: offered %s pps, forwarded %s Mpps, %s cycles/pkt, PMD idle %s%%, EMC hits %s%%, %s subtables/hit, %s copies/pkt\n",
            $1, $2, $3, $4, $5, $6, $7, $8, $9 }' >&2
}

# pmd_rounds: ROUNDS rounds of every configuration, the order rotated
# per round.
pmd_rounds () {
    local n=${#CONFIGS} r i
    : > "$RUN/pmd.tsv"
    log "pmd: $ROUNDS rounds x $n configs ($CONFIGS) x ${DURATION}s" \
        "(+${WARMUP}s warm-up), trafgen TX ring, no gap"
    for ((r = 1; r <= ROUNDS; r++)); do
        for ((i = 0; i < n; i++)); do
            pmd_sample "$r" "${CONFIGS:$(((i + r - 1) % n)):1}"
        done
    done
}

# pmd_col CONFIG FIELD: FIELD of every PMD sample of CONFIG.
pmd_col () { awk -F'\t' -v c="$1" -v f="$2" '$2 == c { print $f }' "$RUN/pmd.tsv"; }

# pmd_ratio CONFIG FIELD [all]: median over rounds of CONFIG/A for FIELD,
# A of the same round; "all": every per-round ratio.
pmd_ratio () {
    awk -F'\t' -v c="$1" -v f="$2" '
        $2 == "A" { a[$1] = $f } $2 == c { x[$1] = $f }
        END { for (r in x) if (r in a && a[r] > 0) printf "%.3f\n", x[r] / a[r] }' \
        "$RUN/pmd.tsv" | if [ "${3:-}" = all ]; then cat; else median; fi
}

# range_of: "min-max" of the numbers on stdin.
range_of () { sort -g | sed -n '1p;$p' | paste -sd- | sed 's/^\([^-]*\)$/\1-\1/'; }

# pmd_report: medians and ranges per configuration.
pmd_report () {
    local c
    echo
    echo "== PMD: $ROUNDS rounds x ${DURATION}s per configuration, interleaved"
    echo "($(nproc) CPUs shared with other work, load $(cut -d' ' -f1-3 /proc/loadavg);"
    echo "PMD on mask $PMD_MASK, trafgen TX ring on CPU $GEN_CPU, generic XDP on veth)."
    echo "cycles/pkt: PMD 'avg processing cycles per packet'; /A: median of the"
    echo "per-round ratios to A of the same round, with their range."
    printf '%-3s %-40s %8s %13s %9s %15s %7s %13s %6s %5s\n' cfg description \
        Mpps "Mpps range" cyc/pkt "cyc/pkt range" "/A" "/A range" idle% subt
    for c in $(echo "$CONFIGS" | fold -w1); do
        printf '%-3s %-40s %8.4f %13s %9.0f %15s %7s %13s %6.2f %5.2f\n' \
            "$c" "$(describe "$c")" "$(pmd_col "$c" 4 | median)" \
            "$(pmd_col "$c" 4 | range_of)" "$(pmd_col "$c" 5 | median)" \
            "$(pmd_col "$c" 5 | range_of)" "$(pmd_ratio "$c" 5)" \
            "$(pmd_ratio "$c" 5 all | range_of)" "$(pmd_col "$c" 6 | median)" \
            "$(pmd_col "$c" 8 | median)"
    done
    echo "(idle%: median share of the PMD's cycles spent idle, under 5% means the"
    echo "generator kept it busy; subt: dpcls subtables searched per megaflow hit)"
}
