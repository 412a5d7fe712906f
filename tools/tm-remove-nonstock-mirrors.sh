#!/bin/sh
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
#
# tm-remove-nonstock-mirrors: before going back to stock Open vSwitch,
# removes from every bridge each Mirror row that stock cannot represent:
# those of mirrord (external_ids:traffic-mirror-session) and any using
# filter_rules, filtered, priority or output_tunnel.  Stock would run
# them as unfiltered port mirrors, copying exactly what their filters
# rejected, and refuses more than 32 mirrors.  Other mirrors are kept.
# Then removes mirrord's VXLAN ports (Port external_ids:traffic-mirror-port),
# which only carried those mirrors' copies.
# Needs the patched ovs-vsctl (stock's does not know those columns) and
# conf.db being served; stop mirrord first, or it puts its rows back.
# Installed by the openvswitch-switch-traffic-mirror package, whose prerm
# runs it.  Prints the name of each mirror and port removed.
set -eu

for m in $(ovs-vsctl --bare --columns=_uuid list Mirror); do
    own=$(ovs-vsctl --if-exists get Mirror "$m" \
              external_ids:traffic-mirror-session)
    new=$(ovs-vsctl get Mirror "$m" filter_rules filtered priority \
              output_tunnel | tr '\n' ' ')
    if [ -n "$own" ] || { [ "$new" != '[] [] [] {} ' ] &&
                          [ "$new" != '[] false [] {} ' ]; }; then
        echo "removing mirror $(ovs-vsctl get Mirror "$m" name)"
        for br in $(ovs-vsctl list-br); do
            ovs-vsctl remove Bridge "$br" mirrors "$m"
        done
    fi
done
for br in $(ovs-vsctl list-br); do
    for p in $(ovs-vsctl list-ports "$br"); do
        if [ -n "$(ovs-vsctl --if-exists get Port "$p" \
                       external_ids:traffic-mirror-port)" ]; then
            echo "removing port $p"
            ovs-vsctl del-port "$br" "$p"
        fi
    done
done
