# Copyright (c) the ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.

"""Measurements for tools/scale-benchmark.sh (run with python3).

Subcommands:

  summary NAME VALUE...      prints "NAME: median M (min A, max B, n N)"
  idle --window S --ctl C... --db FILE [--traffic-every T --hv-dir D...]
       ROLE=PIDFILE...
                             samples /proc utime+stime of every process
                             named by the pid files (grouped by ROLE) and
                             the Raft log index of the cluster (from the
                             leader among the unixctl sockets C) over S
                             seconds, then classifies the log entries of
                             the window by writer (ovsdb-tool show-log of
                             FILE); prints RSS and CPU per role and the
                             commits per second.  With --traffic-every,
                             port p1 of every hypervisor sandbox D
                             receives one packet every T seconds
  describe --url URL [--page N] [--passes P] [--expect S]
                             pages through DescribeTrafficMirrorSessions
                             with MaxResults=N on one keep-alive
                             connection, P times; prints requests/s and
                             sessions/s
  load-api --url URL --target T --filter F --interfaces FILE
                             creates one session per interface id of FILE
                             through mirror-api on one keep-alive
                             connection (the alternative loader)
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

CLK_TCK = os.sysconf('SC_CLK_TCK')


def summary_line(name, values, unit=''):
    """Returns 'name: median (min, max, n)' of the float list 'values'."""
    if not values:
        return '%s: no samples' % name
    return ('%s: median %.3g%s (min %.3g, max %.3g, n %d)'
            % (name, statistics.median(values), unit, min(values),
               max(values), len(values)))


def cmd_summary(args):
    """Prints the median and range of the values on the command line."""
    print(summary_line(args.name, [float(v) for v in args.values],
                       args.unit))


def read_pid(pidfile):
    """Returns the pid in 'pidfile', or None."""
    try:
        with open(pidfile) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def proc_sample(pid):
    """Returns (cpu seconds, RSS kB) of process 'pid', or None if gone."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            stat = f.read()
        with open('/proc/%d/status' % pid) as f:
            status = f.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces: split after its ')'.
    fields = stat[stat.rindex(')') + 2:].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
    m = re.search(r'^VmRSS:\s+(\d+) kB', status, re.M)
    return cpu, int(m.group(1)) if m else 0


def raft_log_end(ctls):
    """Returns (leader ctl, last log index) from the cluster's leader."""
    for ctl in ctls:
        try:
            out = subprocess.run(['ovs-appctl', '-t', ctl, 'cluster/status',
                                  'Traffic_Mirror'], capture_output=True,
                                 text=True, timeout=30).stdout
        except subprocess.TimeoutExpired:
            continue
        if 'Role: leader' in out:
            m = re.search(r'^Log: \[(\d+), (\d+)\]', out, re.M)
            term = re.search(r'^Term: (\d+)', out, re.M)
            return ctl, int(m.group(2)), int(term.group(1))
    return None, None, None


def classify_log(db, first, last):
    """Parses 'ovsdb-tool -mm show-log db' and returns {writer: count} for
    the entries with first < index <= last.  A writer is the transaction
    comment's prefix (before ':'); for mirrord's and uncommented
    transactions, followed by the Table.column set they changed."""
    out = subprocess.run(['ovsdb-tool', '-mm', 'show-log', db],
                         capture_output=True, text=True, timeout=600).stdout
    writers = {}
    index = None
    comment = None
    columns = set()
    table = None

    def flush():
        if index is not None and first < index <= last and (comment
                                                             or columns):
            writer = comment.split(':')[0] if comment else 'uncommented'
            key = writer
            if writer in ('mirrord', 'uncommented'):
                key += ' ' + ','.join(sorted(columns))
            writers[key] = writers.get(key, 0) + 1

    for line in out.splitlines():
        if line.startswith('record '):
            flush()
            index, comment, columns, table = None, None, set(), None
            continue
        m = re.match(r'^ index: (\d+)$', line)
        if m:
            index = int(m.group(1))
            continue
        m = re.match(r'^ \d{4}-\d\d-\d\d [\d:.]+ "(.*)"$', line)
        if m:
            comment = m.group(1)
            continue
        m = re.match(r'^  table (\S+) (?:(insert|delete) )?row', line)
        if m:
            table = m.group(1)
            if m.group(2):
                columns.add('%s(%s)' % (table, m.group(2)))
            continue
        m = re.match(r'^    ([A-Za-z_]+)=', line)
        if m and table:
            columns.add('%s.%s' % (table, m.group(1)))
    flush()
    return writers


PACKET = ('eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:99),'
          'eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.9.9.9,proto=6,tos=0,'
          'ttl=64,frag=no),tcp(src=1234,dst=80)')


def inject(hv_dirs):
    """Makes port p1 of each hypervisor sandbox in 'hv_dirs' receive one
    TCP packet to port 80 (which the benchmark's filter accepts), so that
    its session's counters and its rule's hits change."""
    for d in hv_dirs:
        pid = read_pid(os.path.join(d, 'ovs-vswitchd.pid'))
        if pid:
            subprocess.run(['ovs-appctl', '-t', os.path.join(
                d, 'ovs-vswitchd.%d.ctl' % pid), 'netdev-dummy/receive',
                'p1', PACKET], capture_output=True, timeout=30)


def cmd_idle(args):
    """Measures idle CPU, RSS and the cluster's commits over a window."""
    procs = []                  # (role, pid)
    for spec in args.procs:
        role, pidfile = spec.split('=', 1)
        pid = read_pid(pidfile)
        if pid:
            procs.append((role, pid))
    ctl, start, term0 = raft_log_end(args.ctl)
    before = {pid: proc_sample(pid) for _, pid in procs}
    t0 = time.monotonic()
    rounds = 0
    if args.traffic_every:
        deadline = t0 + args.window
        while time.monotonic() + args.traffic_every <= deadline:
            round_start = time.monotonic()
            inject(args.hv_dir)
            rounds += 1
            time.sleep(max(0, args.traffic_every
                           - (time.monotonic() - round_start)))
        time.sleep(max(0, deadline - time.monotonic()))
    else:
        time.sleep(args.window)
    after = {pid: proc_sample(pid) for _, pid in procs}
    elapsed = time.monotonic() - t0
    ctl2, end, term1 = raft_log_end(args.ctl)

    roles = {}
    for role, pid in procs:
        if before[pid] and after[pid]:
            cpu = 100.0 * (after[pid][0] - before[pid][0]) / elapsed
            roles.setdefault(role, []).append((cpu, after[pid][1]))
    if args.traffic_every:
        print('traffic window: %.1f s, %d rounds of one packet into port p1 '
              'of each of %d hypervisors' % (elapsed, rounds,
                                              len(args.hv_dir)))
    else:
        print('idle window: %.1f s' % elapsed)
    for role in sorted(roles):
        cpus = [c for c, _ in roles[role]]
        rss = [r / 1024.0 for _, r in roles[role]]
        print('  %s (%d processes):' % (role, len(cpus)))
        print('    ' + summary_line('RSS MB', rss))
        print('    ' + summary_line('idle CPU %', cpus))
        print('    idle CPU %% total: %.2f' % sum(cpus))
    if start is None or end is None:
        print('  raft: no leader found')
        return
    print('  raft log index: %d -> %d (leader %s, term %d -> %d)'
          % (start, end, os.path.basename(ctl2 or '?'), term0, term1))
    print('  cluster commits: %d in %.1f s = %.2f/s'
          % (end - start, elapsed, (end - start) / elapsed))
    writers = classify_log(args.db, start, end)
    for key, n in sorted(writers.items(), key=lambda kv: -kv[1]):
        print('    %6d  %s' % (n, key))
    if not writers:
        print('    (no transaction in the window)')


def api_client():
    """Returns the mirror_api_client module of the source tree's tests."""
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path.insert(0, os.path.join(top, 'tests'))
    import mirror_api_client
    return mirror_api_client


def cmd_describe(args):
    """Pages through all sessions, MaxResults=args.page, args.passes
    times on one keep-alive connection."""
    client = api_client().Client(url=args.url)
    rates = []
    srates = []
    for p in range(args.passes):
        token = None
        requests = 0
        sessions = 0
        t0 = time.monotonic()
        for _ in range(100000):
            params = [('MaxResults', str(args.page))]
            if token:
                params.append(('NextToken', token))
            status, body = client.call('DescribeTrafficMirrorSessions',
                                       params)
            if isinstance(body, bytes):
                body = body.decode()
            if status != 200:
                sys.exit('DescribeTrafficMirrorSessions: HTTP %d: %s'
                         % (status, body[:300]))
            requests += 1
            sessions += body.count('<trafficMirrorSessionId>')
            m = re.search(r'<nextToken>([^<]+)</nextToken>', body)
            token = m.group(1) if m else None
            if not token:
                break
        elapsed = time.monotonic() - t0
        if args.expect and sessions != args.expect:
            sys.exit('pass %d: %d sessions described, expected %d'
                     % (p + 1, sessions, args.expect))
        print('describe pass %d: %d requests, %d sessions in %.2f s'
              % (p + 1, requests, sessions, elapsed))
        rates.append(requests / elapsed)
        srates.append(sessions / elapsed)
    print(summary_line('describe requests/s', rates))
    print(summary_line('describe sessions/s', srates))


def cmd_load_api(args):
    """Creates one session per interface through mirror-api."""
    client = api_client().Client(url=args.url)
    with open(args.interfaces) as f:
        ids = f.read().split()
    t0 = time.monotonic()
    for i, eni in enumerate(ids):
        status, body = client.call('CreateTrafficMirrorSession', [
            ('NetworkInterfaceId', eni),
            ('TrafficMirrorTargetId', args.target),
            ('TrafficMirrorFilterId', args.filter),
            ('SessionNumber', '1'),
            ('VirtualNetworkId', str(1000 + i))])
        if status != 200:
            if isinstance(body, bytes):
                body = body.decode()
            sys.exit('CreateTrafficMirrorSession %s: HTTP %d: %s'
                     % (eni, status, body[:300]))
    elapsed = time.monotonic() - t0
    print('api load: %d sessions in %.1f s (%.1f/s)'
          % (len(ids), elapsed, len(ids) / elapsed))


def main():
    """Parses the command line and runs the subcommand."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('summary')
    s.add_argument('--unit', default='')
    s.add_argument('name')
    s.add_argument('values', nargs='*')
    s.set_defaults(func=cmd_summary)
    s = sub.add_parser('idle')
    s.add_argument('--window', type=float, default=60)
    s.add_argument('--ctl', action='append', default=[])
    s.add_argument('--db', required=True)
    s.add_argument('--traffic-every', type=float, default=0)
    s.add_argument('--hv-dir', action='append', default=[])
    s.add_argument('procs', nargs='*')
    s.set_defaults(func=cmd_idle)
    s = sub.add_parser('describe')
    s.add_argument('--url', required=True)
    s.add_argument('--page', type=int, default=1000)
    s.add_argument('--passes', type=int, default=3)
    s.add_argument('--expect', type=int, default=0)
    s.set_defaults(func=cmd_describe)
    s = sub.add_parser('load-api')
    s.add_argument('--url', required=True)
    s.add_argument('--target', required=True)
    s.add_argument('--filter', required=True)
    s.add_argument('--interfaces', required=True)
    s.set_defaults(func=cmd_load_api)
    args = p.parse_args()
    args.func(args)


if __name__ == '__main__':
    main()
