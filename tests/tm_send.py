# Copyright (c) the ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.

"""Sends crafted TCP or UDP packets from a lab VM, with scapy.

Usage (run inside the VM's namespace, with Debian's /usr/bin/python3):
  tm_send.py [--count N] [--flags FLAGS] [--payload N] [--dst-ip IP]
             SRC DST PROTO SPORT DPORT

SRC and DST are lab VMs (vm1..vm9: 10.0.0.N, MAC 02:00:00:00:00:0N).
PROTO is tcp or udp.  Sends N packets (default 1) from SRC's eth0 to
DST, all at once, the i-th from source port SPORT + i, so that each copy
at a collector tells which packet it is.  FLAGS are scapy's TCP flags
(default "S", a SYN); the payload is N bytes (default 0).  --dst-ip sends
to IP instead of DST's address (still to DST's MAC).
"""

import argparse

from scapy.all import Ether, IP, TCP, UDP, Raw, sendp


def vm_number(vm):
    """The N of lab VM name vmN."""
    if len(vm) != 3 or not vm.startswith("vm") or not vm[2].isdigit():
        raise SystemExit("%s: not a lab VM name (vm1..vm9)" % vm)
    return vm[2]


def main():
    """Parses the command line and sends the packets."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--flags", default="S")
    parser.add_argument("--payload", type=int, default=0)
    parser.add_argument("--dst-ip")
    parser.add_argument("src")
    parser.add_argument("dst")
    parser.add_argument("proto", choices=["tcp", "udp"])
    parser.add_argument("sport", type=int)
    parser.add_argument("dport", type=int)
    args = parser.parse_args()

    src, dst = vm_number(args.src), vm_number(args.dst)
    pkts = []
    for i in range(args.count):
        l2 = Ether(src="02:00:00:00:00:0" + src, dst="02:00:00:00:00:0" + dst)
        l3 = IP(src="10.0.0." + src, dst=args.dst_ip or "10.0.0." + dst)
        if args.proto == "tcp":
            l4 = TCP(sport=args.sport + i, dport=args.dport,
                     flags=args.flags, seq=1000)
        else:
            l4 = UDP(sport=args.sport + i, dport=args.dport)
        pkt = l2 / l3 / l4
        if args.payload:
            pkt = pkt / Raw(b"x" * args.payload)
        pkts.append(pkt)
    sendp(pkts, iface="eth0", verbose=0)


if __name__ == "__main__":
    main()
