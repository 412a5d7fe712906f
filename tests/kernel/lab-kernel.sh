# tests/kernel/lab-kernel.sh: the standard lab (tools/lab.sh) on the
# kernel datapath.
#
# Copyright (c) 2026 The ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.
#
# Sourced after tools/lab.sh by the kernel-datapath suite (inside the VM
# of tools/vm-kernel-lab.sh, where openvswitch.ko is loaded).  It replaces
# the two functions that build the userspace lab, so that every test of
# tests/system-*.at included by tests/kernel/testsuite.at runs unchanged
# on the same topology with datapath_type=system:
#
#   namespace $LAB-host: ovs-vswitchd, kernel datapath "ovs-system"
#     br0     VM ports (veth) and VXLAN ports (the kernel's vxlan vport,
#             which encapsulates and routes in the kernel of $LAB-host)
#     br-phy  underlay, 172.31.0.1/24 on its internal port, veth "coll"
#   namespace $LAB-coll: the collector, as in tools/lab.sh.
#
# The kernel routes the encapsulated copies itself (out of br-phy's
# internal port, back into the datapath and on to the collector), so the
# collector's MAC is a permanent neighbor entry in $LAB-host rather than an
# entry of ovs-vswitchd's tunnel ARP cache (which is set too, harmlessly,
# so that tests that look at it still can).

# lab_require_kernel_dp: fails unless ovs-vswitchd's bridges really run on
# the kernel datapath.
lab_require_kernel_dp () {
    ovs-appctl dpif/show | grep -q '^system@ovs-system:' || {
        echo "lab: not on the kernel datapath" >&2
        ovs-appctl dpif/show >&2
        return 1
    }
}

# lab_underlay_up: br-phy's address and the collector's MAC in $LAB-host.
lab_underlay_up () {
    lab_exec host ip addr replace "$LAB_UNDERLAY_HOST/24" dev br-phy \
        || return 1
    lab_exec host ip link set br-phy up || return 1
    lab_exec host ip neigh replace "$LAB_UNDERLAY_COLL" \
        lladdr "$LAB_COLL_MAC" dev br-phy nud permanent || return 1
    lab_wait "tunnel route" \
        "ovs-appctl ovs/route/show | grep -q '172.31.0.0/24 dev br-phy'" \
        || return 1
    ovs-appctl tnl/arp/set br-phy "$LAB_UNDERLAY_COLL" "$LAB_COLL_MAC" \
        >/dev/null || return 1
}

# lab_setup: as in tools/lab.sh, with datapath_type=system.
lab_setup () {
    ovs-vsctl add-br br0 -- set Bridge br0 datapath_type=system \
        -- add-br br-phy -- set Bridge br-phy datapath_type=system \
           other_config:hwaddr=02:00:ac:1f:00:01 || return 1
    lab_require_kernel_dp || return 1
    lab_wait "br-phy" "lab_exec host ip link show br-phy >/dev/null 2>&1" \
        || return 1
    lab_add_ns coll || return 1
    lab_add_veth coll coll br-phy "$LAB_UNDERLAY_COLL/24" "$LAB_COLL_MAC" \
        || return 1
    lab_underlay_up
}

# lab_start_vswitchd: as in tools/lab.sh.  The kernel datapath and its
# internal ports outlive ovs-vswitchd, so br-phy keeps its address; the
# neighbor entry and the tunnel ARP entry are restored all the same.
lab_start_vswitchd () {
    lab_exec host ovs-vswitchd --detach --no-chdir --pidfile --log-file \
        -vvconn -vofproto_dpif -vunixctl || return 1
    lab_wait "br-phy" "lab_exec host ip link show br-phy >/dev/null 2>&1" \
        || return 1
    lab_underlay_up
}
