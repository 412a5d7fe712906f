#! /usr/bin/python3
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
#
# Prints an OVSDB transaction (JSON, for "ovsdb-client transact") that
# creates mirrors FIRST..LAST on bridge br0, each with RULES Mirror_Rule rows
# shaped like the ones mirrord writes (protocols, CIDR blocks, port ranges),
# selecting one of the dummy ports p1...pN_PORTS both ways and sending its
# copies, tunneled with a key and a collector of its own, to port vx0.
#
# usage: gen_mirrors.py SOCKET FIRST LAST RULES PORT-UUID... -- VX0-UUID
#
# The transaction is sent to the ovsdb-server at unix socket SOCKET (too big
# for a command line), and the script fails unless it succeeds.

import json
import socket
import sys


def rule_match(i, j):
    """The match of rule 'j' of mirror 'i'."""
    kind = j % 5
    if kind == 0:
        return "tcp,nw_src=10.%d.%d.0/24,tp_dst=1000-1999" % (i % 256, j)
    if kind == 1:
        return "udp,nw_dst=172.16.%d.0/24,tp_src=53" % j
    if kind == 2:
        return ("tcp,nw_src=192.168.%d.0/24,nw_dst=10.0.0.0/8,"
                "tp_dst=8000-8080" % j)
    if kind == 3:
        return "ip,nw_proto=1,nw_src=10.%d.0.0/16" % j
    return "tcp6,ipv6_src=2001:db8:%x::/48,tp_dst=443" % j


def main():
    sock_path = sys.argv[1]
    first, last, n_rules = (int(x) for x in sys.argv[2:5])
    rest = sys.argv[5:]
    sep = rest.index("--")
    ports, vx0 = rest[:sep], rest[sep + 1]

    ops = []
    mirrors = []
    for i in range(first, last + 1):
        rules = []
        for j in range(n_rules):
            name = "r%d_%d" % (i, j)
            ops.append({"op": "insert", "table": "Mirror_Rule",
                        "uuid-name": name,
                        "row": {"number": 100 + 10 * j,
                                "direction": ("ingress" if j < n_rules // 2
                                              else "egress"),
                                "action": "reject" if j % 7 == 6
                                          else "accept",
                                "match": rule_match(i, j)}})
            rules.append(["named-uuid", name])
        port = ["uuid", ports[i % len(ports)]]
        name = "m%d" % i
        ops.append({"op": "insert", "table": "Mirror", "uuid-name": name,
                    "row": {"name": name,
                            "select_src_port": port,
                            "select_dst_port": port,
                            "output_port": ["uuid", vx0],
                            "filter_rules": ["set", rules],
                            "output_tunnel": ["map", [
                                ["key", str(i)],
                                ["remote_ip", "10.200.%d.%d"
                                 % (i // 250, i % 250 + 1)]]]}})
        mirrors.append(["named-uuid", name])
    ops.append({"op": "mutate", "table": "Bridge",
                "where": [["name", "==", "br0"]],
                "mutations": [["mirrors", "insert", ["set", mirrors]]]})
    # Ask ovs-vswitchd to report, through cur_cfg, when it has applied this.
    ops.append({"op": "mutate", "table": "Open_vSwitch", "where": [],
                "mutations": [["next_cfg", "+=", 1]]})
    request = {"method": "transact", "params": ["Open_vSwitch"] + ops,
               "id": 1}
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(sock_path)
    sock.sendall(json.dumps(request).encode())
    decoder = json.JSONDecoder()
    buf = ""
    while True:
        chunk = sock.recv(1 << 20)
        if not chunk:
            sys.exit("connection closed")
        buf += chunk.decode()
        try:
            reply, _ = decoder.raw_decode(buf)
        except ValueError:
            continue
        if reply.get("id") != 1:
            buf = ""
            continue
        break
    errors = [r for r in reply["result"] if "error" in r]
    if reply.get("error") or errors:
        sys.exit("transaction failed: %s %s" % (reply.get("error"), errors))


main()
