# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# shellcheck shell=bash
# tools/bench/configs.sh: the benchmark's mirror configurations A-H and V, as
# shell functions over ovs-vsctl and ovs-ofctl.  Sourced by
# tools/benchmark.sh for every mode (wakeup, PMD, instruction counts), so
# every mode measures exactly the same configurations.
#
# The caller provides: br0 with ports vm1 (source), vm2 (sink),
# idle0..idle3, mon, vxlan100 (VNI 100 to $COLL) and vxflow (flow-based
# VXLAN); for H, ports h1..h99 (bench_add_h_ports); $RUN (a scratch
# directory), $COLL (the collector), $COLL_FLEET (four collector
# addresses, comma separated, for G) and die().

# range_masks LOW HIGH: the value/mask pairs (hex) that cover LOW-HIGH.
range_masks () {
    awk -v lo="$1" -v hi="$2" 'BEGIN {
        while (lo <= hi) {
            size = 1
            while (lo % (size * 2) == 0 && lo + size * 2 - 1 <= hi && size < 65536)
                size *= 2
            printf "0x%04x/0x%04x\n", lo, 65536 - size
            lo += size
        }
    }'
}

# The accepted source-port ranges of the three sessions of C: 300 + 300 +
# 400 of the 10,000 source ports, so 10% of the flows.
ACC1="10100-10399" ACC2="15000-15299" ACC3="19000-19399"

# shift_range RANGE SHIFT
shift_range () {
    local lo=${1%-*} hi=${1#*-}
    echo "$((lo + $2))-$((hi + $2))"
}

# filter_args SHIFT [REMOTE [COPY_POINT]]: ovs-vsctl arguments that create
# the 3 sessions of C on vm1 (SHIFT moves the accept ranges: 0 for C, 20000
# for F), tunneled to REMOTE (default $COLL; G: the fleet $COLL_FLEET),
# copying at COPY_POINT (default input, the Mirror default; V: verdict).
filter_args () {
    local s=$1 remote=${2:-$COLL} point=${3:-input} a1 a2 a3
    a1=$(shift_range $ACC1 "$s") a2=$(shift_range $ACC2 "$s")
    a3=$(shift_range $ACC3 "$s")
    # shellcheck disable=SC2034  # r1..r3 are read through "local -n".
    local -a r1=(
        "reject tcp" "reject udp,tp_dst=53" "reject ip,nw_dst=192.168.0.0/16"
        "reject ip,nw_src=172.16.0.0/12" "reject udp,tp_dst=123"
        "reject udp,tp_src=10000-10099" "accept udp,nw_src=10.0.0.0/24,tp_src=$a1"
        "reject udp,tp_src=10400-14999" "reject icmp" "reject ")
    # shellcheck disable=SC2034
    local -a r2=(
        "reject tcp,tp_dst=22" "reject udp,tp_dst=67-68"
        "reject ip,nw_dst=10.1.0.0/16" "reject udp,tp_src=0-9999"
        "accept udp,nw_dst=10.0.0.0/24,tp_src=$a2" "reject udp,tp_src=15300-18999"
        "reject ip,nw_src=10.0.0.128/25" "reject udp,tp_dst=4789"
        "reject ip,nw_proto=47" "reject ")
    # shellcheck disable=SC2034
    local -a r3=(
        "reject ip,nw_dst=10.0.0.2" "reject udp,tp_src=20000-65535"
        "reject tcp,tp_dst=80-90" "reject ip,nw_src=10.0.2.0/24"
        "accept udp,tp_src=$a3" "reject udp,tp_dst=1-1023"
        "reject ip,nw_dst=224.0.0.0/4" "reject udp,tp_src=10000-18999"
        "accept udp,nw_dst=10.0.3.0/24" "reject ")
    echo "-- --id=@vm1 get Port vm1 -- --id=@vxflow get Port vxflow"
    local sess rule n refs
    for sess in 1 2 3; do
        local -n rules=r$sess
        refs='' n=0
        for rule in "${rules[@]}"; do
            n=$((n + 1))
            echo "-- --id=@s${sess}r$n create Mirror_Rule number=$((n * 10))" \
                 "direction=egress action=${rule%% *} match='\"${rule#* }\"'"
            refs=$refs${refs:+,}@s${sess}r$n
        done
        echo "-- --id=@s$sess create Mirror name=sess$sess priority=$sess" \
             "select_src_port=@vm1 select_dst_port=@vm1 output_port=@vxflow" \
             "snaplen=128 output_tunnel:key=10$sess" \
             "output_tunnel:remote_ip='\"$remote\"'" \
             "copy_point=$point filter_rules=$refs"
    done
    echo "-- add Bridge br0 mirrors @s1 @s2 @s3"
}

# idle_mirror_args FIRST LAST FILTERED: mirrors FIRST..LAST selecting the
# idle ports (round robin).  FILTERED=no: output to mon (config E);
# yes: one accept rule each, priority, output_tunnel over vxflow (scale).
idle_mirror_args () {
    local i ids=
    echo "-- --id=@i0 get Port idle0 -- --id=@i1 get Port idle1"
    echo "-- --id=@i2 get Port idle2 -- --id=@i3 get Port idle3"
    echo "-- --id=@mon get Port mon -- --id=@vxf get Port vxflow"
    for ((i = $1; i <= $2; i++)); do
        if [ "$3" = no ]; then
            echo "-- --id=@m$i create Mirror name=idle$i select_src_port=@i$((i % 4))" \
                 "select_dst_port=@i$((i % 4)) output_port=@mon"
        else
            echo "-- --id=@r$i create Mirror_Rule number=10 direction=egress" \
                 "action=accept match='\"udp,tp_dst=$((i % 65536))\"'"
            echo "-- --id=@m$i create Mirror name=idle$i priority=$((i + 1))" \
                 "select_src_port=@i$((i % 4)) select_dst_port=@i$((i % 4))" \
                 "output_port=@vxf snaplen=128 filter_rules=@r$i" \
                 "output_tunnel:key=$((1000 + i)) output_tunnel:remote_ip=$COLL"
        fi
        ids="$ids @m$i"
    done
    echo "-- add Bridge br0 mirrors$ids"
}

# vsctl_file FILE: one ovs-vsctl transaction with the arguments in FILE
# (one "-- command" per line; quotes inside are honoured).
vsctl_file () {
    local -a args
    eval "args=($(tr '\n' ' ' < "$1"))"
    ovs-vsctl --timeout=300 "${args[@]}" >/dev/null
}

# taas_flows: config D, OpenFlow flows that copy the flows C accepts.
taas_flows () {
    local vni range m
    for vni in 101 102 103; do
        case $vni in 101) range=$ACC1 ;; 102) range=$ACC2 ;; 103) range=$ACC3 ;; esac
        for m in $(range_masks "${range%-*}" "${range#*-}"); do
            echo "cookie=0xbe,priority=100,in_port=vm1,udp,tp_src=$m,actions=clone(set_field:$vni->tun_id,set_field:$COLL->tun_dst,output(port=vxflow,max_len=128)),NORMAL"
        done
    done
}

# h_session_args: config H's 99 extra sessions, one on each of the ports
# h1..h99 (no traffic), each with the 10 rules of C's first session, so
# that with C's sessions on vm1 the bridge has 100 filtered ports of which
# one is active.
h_session_args () {
    local i n rule refs ids=
    # shellcheck disable=SC2034
    local -a r=(
        "reject tcp" "reject udp,tp_dst=53" "reject ip,nw_dst=192.168.0.0/16"
        "reject ip,nw_src=172.16.0.0/12" "reject udp,tp_dst=123"
        "reject udp,tp_src=10000-10099"
        "accept udp,nw_src=10.0.0.0/24,tp_src=$ACC1"
        "reject udp,tp_src=10400-14999" "reject icmp" "reject ")
    for ((i = 1; i <= 99; i++)); do
        refs='' n=0
        echo "-- --id=@h$i get Port h$i"
        for rule in "${r[@]}"; do
            n=$((n + 1))
            echo "-- --id=@h${i}r$n create Mirror_Rule number=$((n * 10))" \
                 "direction=egress action=${rule%% *} match='\"${rule#* }\"'"
            refs=$refs${refs:+,}@h${i}r$n
        done
        echo "-- --id=@hm$i create Mirror name=h$i priority=$((10 + i))" \
             "select_src_port=@h$i select_dst_port=@h$i output_port=@vxflow" \
             "snaplen=128 output_tunnel:key=$((200 + i))" \
             "output_tunnel:remote_ip=$COLL filter_rules=$refs"
        ids="$ids @hm$i"
    done
    echo "-- add Bridge br0 mirrors$ids"
}

CURRENT=
# apply_config X: reconfigure br0 for configuration X (waits until
# ovs-vswitchd has applied it).
apply_config () {
    [ "$1" = "$CURRENT" ] && return 0
    local f=$RUN/config-$1.args
    echo "-- clear Bridge br0 mirrors" > "$f"
    case $1 in
        A|D) ;;
        B) echo "-- --id=@p get Port vm1 -- --id=@o get Port vxlan100" \
                "-- --id=@m create Mirror name=stock select_src_port=@p" \
                "select_dst_port=@p output_port=@o snaplen=128" \
                "-- add Bridge br0 mirrors @m" >> "$f" ;;
        C) filter_args 0 >> "$f" ;;
        F) filter_args 20000 >> "$f" ;;
        E) idle_mirror_args 0 1023 no >> "$f" ;;
        G) filter_args 0 "$COLL_FLEET" >> "$f" ;;
        V) filter_args 0 "$COLL" verdict >> "$f" ;;
        H) filter_args 0 >> "$f"; h_session_args >> "$f" ;;
        *) die "unknown configuration $1" ;;
    esac
    vsctl_file "$f"
    ovs-ofctl del-flows br0 cookie=0xbe/-1
    if [ "$1" = D ]; then
        taas_flows > "$RUN/taas.flows"
        ovs-ofctl add-flows br0 "$RUN/taas.flows"
    fi
    ovs-appctl --timeout=300 revalidator/wait >/dev/null
    CURRENT=$1
}

# describe X: one line that says what configuration X is.
describe () {
    case $1 in
        A) echo "no mirror" ;;
        B) echo "stock mirror all->VXLAN, snaplen 128" ;;
        C) echo "filtered 3x10 rules, 10% copied" ;;
        F) echo "filtered 3x10 rules, 0% copied" ;;
        D) echo "OpenFlow clone() (TaaS), 10% copied" ;;
        E) echo "1,024 mirrors on idle ports" ;;
        G) echo "C to a fleet of 4 collectors" ;;
        V) echo "C, copies follow the packet's verdict" ;;
        H) echo "C + 99 filtered sessions on idle ports" ;;
    esac
}
