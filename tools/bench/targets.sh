# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# shellcheck shell=bash
# tools/bench/targets.sh: the table of issue 11's targets, judged on the
# instruction counts (icount.tsv, tools/bench/instructions.sh) and shown
# beside the PMD cycle medians (pmd.tsv, tools/bench/pmd.sh) of one run.

# targets_ratio X Y EMC: instructions per packet of X / Y at
# emc-insert-inv-prob EMC, or "-" when one was not measured.
targets_ratio () {
    awk -F'\t' -v x="$1" -v y="$2" -v e="$3" '$2 == e && $1 == x { a = $6 }
        $2 == e && $1 == y { b = $6 }
        END { if (a != "" && b > 0) printf "%.3f", a / b; else print "-" }' \
        "$RUN/icount.tsv" 2>/dev/null || echo -
}

# targets_pmd X Y: median over rounds of the PMD cycles/packet ratio X/Y,
# both of the same round, or "-".
targets_pmd () {
    [ -s "$RUN/pmd.tsv" ] || { echo -; return; }
    awk -F'\t' -v x="$1" -v y="$2" '$2 == x { a[$1] = $5 } $2 == y { b[$1] = $5 }
        END { for (r in a) if (r in b && b[r] > 0) printf "%.3f\n", a[r] / b[r] }' \
        "$RUN/pmd.tsv" | median | sed 's/^nan$/-/'
}

# targets_verdict VALUE OP LIMIT: "met", "NOT met" or "-".
targets_verdict () {
    [ "$1" = - ] && { echo -; return; }
    awk -v v="$1" -v o="$2" -v l="$3" 'BEGIN {
        ok = (o == "<=") ? (v <= l) : (v < l); print ok ? "met" : "NOT met" }'
}

# targets_report: one line per target: the instruction ratio with EMC on
# and off and its verdict, and the PMD cycle ratio beside them.
targets_report () {
    local name x y op lim on off pmd
    echo
    echo "== Issue 11 targets (judged on instructions per packet; PMD cycles"
    echo "per packet beside them, median of per-round ratios, noisy on 2 shared cores)"
    printf '%-42s %6s %14s %14s %14s\n' target limit "instr EMC on" \
        "instr EMC off" "PMD cycles"
    while IFS=: read -r name x y op lim; do
        on=$(targets_ratio "$x" "$y" 1); off=$(targets_ratio "$x" "$y" 0)
        pmd=$(targets_pmd "$x" "$y")
        printf '%-42s %6s %6s %-7s %6s %-7s %6s %-7s\n' "$name" "$op $lim" \
            "$on" "$(targets_verdict "$on" "$op" "$lim")" \
            "$off" "$(targets_verdict "$off" "$op" "$lim")" \
            "$pmd" "$(targets_verdict "$pmd" "$op" "$lim")"
    done <<EOF
F/A filtered-out traffic vs no mirror:F:A:<=:1.05
C/D filtered mirror vs OpenFlow clone():C:D:<:1.00
E/A 1,024 mirrors on other ports vs none:E:A:<=:1.02
V/C copies after the verdict vs at input:V:C:<=:1.00
EOF
    echo "(instr EMC on: emc-insert-inv-prob=1, every flow in the exact-match"
    echo "cache; EMC off: inv-prob=0, every packet looks up the megaflow cache.)"
}
