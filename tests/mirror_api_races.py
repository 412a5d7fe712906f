# Copyright (c) the ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.

"""Concurrent writers on one Traffic_Mirror database, for the race tests.

Usage: mirror_api_races.py SCENARIO ROUNDS URL1 URL2

Each scenario sends bursts of concurrent, signed changes through two
mirror-api endpoints (and mirrorctl, where it has the command) that share
one database, then reads the database back through the API and counts the
acknowledged changes that are not there.  It prints "lost N of M
acknowledged" and exits 1 if N > 0 (or if a limit was broken), 0
otherwise.  Every request loop is bounded: ROUNDS bursts of a few
requests each.
"""

import json
import subprocess
import sys
import threading
import time

from mirror_api_client import Client, code, values


def burst(jobs):
    """Runs the callables in 'jobs' at once, each in its own thread, after a
    barrier, and returns their results in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i):
        barrier.wait()
        try:
            results[i] = jobs[i]()
        except Exception as e:      # Reported as a failed request.
            results[i] = ('exception', repr(e))

    threads = [threading.Thread(target=run, args=(i,))
               for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def api(url, action, params):
    """Returns a callable that sends one signed request to 'url'."""
    def call():
        c = Client(url=url)
        try:
            st, body = c.call(action, params)
        finally:
            c.close()
        return (st, body)
    return call


def report_errors(results):
    """Prints the error codes among 'results', for the test log."""
    for st, body in results:
        if st != 200:
            print('refused: %s %s' % (st, code(body) if st != 'exception'
                                       else body))


def must(url, action, params):
    """Sends one request and returns its body; fails the run on an error."""
    st, body = api(url, action, params)()
    if st != 200:
        sys.exit('%s failed: %s %s' % (action, st, code(body)))
    return body


def db_describe(db, command, *args):
    """Runs "mirrorctl describe-...", which reads the database on a fresh
    connection (what every writer committed so far), and returns its JSON
    output."""
    p = subprocess.run(['mirrorctl', '--db=' + db, '--output=json', command]
                       + list(args), check=True, capture_output=True,
                       text=True)
    return json.loads(p.stdout)


def seen_by(url, action, id_param, resource_id):
    """Waits (at most 10 s) until the endpoint at 'url' has the resource
    that another endpoint created, so that a burst through both does not
    run into a view that has not heard of it yet."""
    for _ in range(200):
        st, body = api(url, action, [(id_param + '.1', resource_id)])()
        if st == 200 and resource_id in body:
            return
        time.sleep(0.05)
    sys.exit('%s never saw %s' % (url, resource_id))


def new_filter(urls):
    """Creates a filter through the first endpoint and returns its id once
    both endpoints know it."""
    tmf = values(must(urls[0], 'CreateTrafficMirrorFilter', []),
                 'trafficMirrorFilterId')[0]
    seen_by(urls[1], 'DescribeTrafficMirrorFilters', 'TrafficMirrorFilterId',
            tmf)
    return tmf


def rules(rounds, urls, db):
    """Four concurrent CreateTrafficMirrorFilterRule on one new filter per
    round, two through each endpoint."""
    acked = lost = 0
    for r in range(rounds):
        tmf = new_filter(urls)
        jobs = [api(urls[i % 2], 'CreateTrafficMirrorFilterRule',
                    [('TrafficMirrorFilterId', tmf),
                     ('TrafficDirection', 'ingress'),
                     ('RuleNumber', str(10 + i)), ('RuleAction', 'accept'),
                     ('SourceCidrBlock', '0.0.0.0/0'),
                     ('DestinationCidrBlock', '0.0.0.0/0')])
                for i in range(4)]
        results = burst(jobs)
        report_errors(results)
        ids = [values(body, 'trafficMirrorFilterRuleId')[0]
               for st, body in results if st == 200]
        f = db_describe(db, 'describe-traffic-mirror-filters',
                        '--traffic-mirror-filter-ids', tmf)
        there = set(r['TrafficMirrorFilterRuleId']
                    for r in f['TrafficMirrorFilters'][0]
                    ['IngressFilterRules'])
        acked += len(ids)
        lost += len([i for i in ids if i not in there])
    return acked, lost, None


def tags(rounds, urls, db):
    """40 concurrent CreateTags of distinct keys on one new filter per
    round, through both endpoints and "mirrorctl create-tags"."""
    acked = lost = 0
    for r in range(rounds):
        tmf = new_filter(urls)
        jobs = []
        for i in range(40):
            key = 'k%02d' % i
            if i % 4 == 3:
                def cli(key=key):
                    p = subprocess.run(
                        ['mirrorctl', '--db=' + db, 'create-tags',
                         '--resources', tmf,
                         '--tags', 'Key=%s,Value=v' % key],
                        capture_output=True, text=True)
                    return (200 if p.returncode == 0 else p.returncode,
                            p.stderr)
                jobs.append(cli)
            else:
                jobs.append(api(urls[i % 2], 'CreateTags',
                                [('ResourceId.1', tmf),
                                 ('Tag.1.Key', key), ('Tag.1.Value', 'v')]))
        results = burst(jobs)
        report_errors(results)
        keys = ['k%02d' % i for i, (st, body) in enumerate(results)
                if st == 200]
        f = db_describe(db, 'describe-traffic-mirror-filters',
                        '--traffic-mirror-filter-ids', tmf)
        there = set(t['Key'] for t in f['TrafficMirrorFilters'][0]['Tags'])
        acked += len(keys)
        lost += len([k for k in keys if k not in there])
    return acked, lost, None


def sessions(rounds, urls, db):
    """Per round: on 6 interfaces at once, two sessions each (one through
    each endpoint), and four sessions on a seventh interface, whose limit
    is 3.  Every acknowledged session must be listed by its interface, and
    no interface may end with more than 3."""
    acked = lost = 0
    broken = None
    tmf = new_filter(urls)
    for r in range(rounds):
        # A target of its own each round: at most 10 sources per target.
        enis = ['eni-r%d-%d' % (r, i) for i in range(8)]
        for n, eni in enumerate(enis):
            subprocess.run(['mirrorctl', '--db=' + db, 'create',
                            'Network_Interface', 'interface_id=' + eni,
                            'mac="02:00:00:%02x:%02x:01"' % (r, n),
                            'primary_address=10.%d.%d.1' % (r, n)],
                           check=True, capture_output=True)
        tmt = values(must(urls[0], 'CreateTrafficMirrorTarget',
                          [('NetworkInterfaceId', enis.pop())]),
                     'trafficMirrorTargetId')[0]
        seen_by(urls[1], 'DescribeTrafficMirrorTargets',
                'TrafficMirrorTargetId', tmt)
        jobs = []
        for n, eni in enumerate(enis):
            for k in range(4 if n == 6 else 2):
                jobs.append(api(urls[k % 2], 'CreateTrafficMirrorSession',
                                [('NetworkInterfaceId', eni),
                                 ('TrafficMirrorTargetId', tmt),
                                 ('TrafficMirrorFilterId', tmf),
                                 ('SessionNumber', str(k + 1))]))
        results = burst(jobs)
        report_errors(results)
        ids = [values(body, 'trafficMirrorSessionId')[0]
               for st, body in results if st == 200]
        listed = db_describe(db, 'describe-traffic-mirror-sessions',
                             '--max-results', '1000')
        there = set()
        for eni in enis:
            mine = [x['TrafficMirrorSessionId']
                    for x in listed['TrafficMirrorSessions']
                    if x['NetworkInterfaceId'] == eni]
            there.update(mine)
            if len(mine) > 3:
                broken = '%s has %d sessions' % (eni, len(mine))
        acked += len(ids)
        lost += len([i for i in ids if i not in there])
    return acked, lost, broken


def quota(rounds, urls, db):
    """Per round: the filters quota is set 3 above the filters there are,
    and 8 CreateTrafficMirrorFilter are sent at once through both
    endpoints: exactly 3 may succeed, the others must be refused with
    TrafficMirrorFilterLimitExceeded, and the database must then hold
    exactly as many filters as the quota."""
    acked = lost = 0
    broken = None
    if not subprocess.run(['mirrorctl', '--db=' + db, '--bare', '--columns=_uuid',
                           'list', 'Global'], check=True, capture_output=True,
                          text=True).stdout.strip():
        subprocess.run(['mirrorctl', '--db=' + db, 'create', 'Global',
                        'next_cfg=0'],
                       check=True, capture_output=True)
    for r in range(rounds):
        n = len(db_describe(db, 'describe-traffic-mirror-filters',
                            '--max-results', '1000')['TrafficMirrorFilters'])
        subprocess.run(['mirrorctl', '--db=' + db, 'set', 'Global', '.',
                        'quotas:filters=%d' % (n + 3)],
                       check=True, capture_output=True)
        # Both endpoints must see the new quota before the burst.
        for url in urls:
            for _ in range(200):
                st, body = api(url, 'CreateTrafficMirrorFilter',
                               [('DryRun', 'true')])()
                if code(body) == 'DryRunOperation':
                    break
                time.sleep(0.05)
        jobs = [api(urls[i % 2], 'CreateTrafficMirrorFilter', [])
                for i in range(8)]
        results = burst(jobs)
        ids = [values(body, 'trafficMirrorFilterId')[0]
               for st, body in results if st == 200]
        codes = set(code(body) for st, body in results if st != 200)
        if codes - {'TrafficMirrorFilterLimitExceeded'}:
            broken = 'unexpected errors %s' % sorted(codes)
        listed = db_describe(db, 'describe-traffic-mirror-filters',
                             '--max-results', '1000')['TrafficMirrorFilters']
        there = set(f['TrafficMirrorFilterId'] for f in listed)
        if len(there) != n + 3 or len(ids) != 3:
            broken = ('quota %d: %d filters, %d acknowledged'
                      % (n + 3, len(there), len(ids)))
        acked += len(ids)
        lost += len([i for i in ids if i not in there])
    return acked, lost, broken


def main():
    scenario, rounds, url1, url2, db = sys.argv[1:6]
    urls = [url1, url2]
    if scenario == 'rules':
        acked, lost, broken = rules(int(rounds), urls, db)
    elif scenario == 'tags':
        acked, lost, broken = tags(int(rounds), urls, db)
    elif scenario == 'sessions':
        acked, lost, broken = sessions(int(rounds), urls, db)
    elif scenario == 'quota':
        acked, lost, broken = quota(int(rounds), urls, db)
    else:
        sys.exit('unknown scenario %s' % scenario)
    print('%s: lost %d of %d acknowledged' % (scenario, lost, acked))
    if broken:
        print('%s: limit broken: %s' % (scenario, broken))
    sys.exit(1 if lost or broken or not acked else 0)


if __name__ == '__main__':
    main()
