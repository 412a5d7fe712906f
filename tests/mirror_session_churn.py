# Copyright (c) the ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.

"""Session churn through mirror-api, and the check that OVS converged.

Usage:
  mirror_session_churn.py churn N TMF TMT PROGRESS SEED
      N creates, modifies and deletes of sessions on vm1, vm2 and vm3,
      through mirror-api at $API_URL, one after another.  Each finished
      change appends a line to PROGRESS (the test kills daemons when it
      has grown far enough).  Requests that fail because a daemon is down
      are sent again (creates with the same ClientToken; a delete that
      then answers NotFound had succeeded).  At the end vm1 and vm2 each
      have at least one session.  Bounded: at most 600 tries a change.
  mirror_session_churn.py check DB
      Exit 0 if the Open_vSwitch database holds exactly one mirror per
      session in the Traffic_Mirror database DB, named tm-SESSION, with the
      session's VNI, session number and packet length, and no other
      mirror; otherwise prints the differences and exits 1.
  mirror_session_churn.py expect DB VM
      Prints the VNI that VM's copies of what it sends use: that of its
      session with the lowest session number.
"""

import json
import random
import subprocess
import sys
import time

from mirror_api_client import Client, code, values

VMS = ['vm1', 'vm2', 'vm3']
VNIS = [101, 102, 103, 104, 105, 106]
# Before these changes the churn waits for a file "go-N", which the test
# creates just before it kills a daemon, so that each fault hits changes
# in flight whatever the machine's speed.
PAUSES = (250, 500, 750)
RETRIABLE = ('Unavailable', 'InternalError', 'RequestLimitExceeded')


class Churn:
    """Sends changes and keeps a model of the sessions they made."""

    def __init__(self, tmf, tmt, seed):
        self.tmf = tmf
        self.tmt = tmt
        self.rng = random.Random(seed)
        self.client = Client()
        self.sessions = {}      # id -> {'vm', 'number'}
        self.n_retries = 0

    def call(self, action, params):
        """Sends one request until it gets an answer that is not a daemon
        being away; returns (retried, status, body)."""
        retried = False
        for _ in range(600):
            try:
                st, body = self.client.call(action, params)
                if st == 200 or code(body) not in RETRIABLE:
                    return retried, st, body
            except OSError:
                self.client.close()
            retried = True
            self.n_retries += 1
            time.sleep(0.1)
        sys.exit('%s: no answer after 600 tries' % action)

    def on(self, vm):
        """Returns the sessions of 'vm' in the model."""
        return [s for s, v in self.sessions.items() if v['vm'] == vm]

    def create(self, vm, token):
        """Creates a session on 'vm', if it has room."""
        used = set(self.sessions[s]['number'] for s in self.on(vm))
        if len(used) >= 3:
            return
        number = self.rng.choice([n for n in range(1, 6) if n not in used])
        _, st, body = self.call('CreateTrafficMirrorSession', [
            ('NetworkInterfaceId', vm),
            ('TrafficMirrorTargetId', self.tmt),
            ('TrafficMirrorFilterId', self.tmf),
            ('SessionNumber', str(number)),
            ('VirtualNetworkId', str(self.rng.choice(VNIS))),
            ('PacketLength', str(self.rng.randrange(60, 200))),
            ('ClientToken', token)])
        if st != 200:
            sys.exit('create on %s: %s %s' % (vm, st, code(body)))
        sid = values(body, 'trafficMirrorSessionId')[0]
        self.sessions[sid] = {'vm': vm, 'number': number}

    def step(self, i):
        """Makes the i'th change."""
        vm = self.rng.choice(VMS)
        mine = self.on(vm)
        what = self.rng.random()
        if not mine or (what < 0.4 and len(mine) < 3):
            self.create(vm, 'churn-%d' % i)
            return
        sid = self.rng.choice(mine)
        if what < 0.6:
            retried, st, body = self.call('DeleteTrafficMirrorSession', [
                ('TrafficMirrorSessionId', sid)])
            if st == 200 or (retried and code(body).endswith('.NotFound')):
                del self.sessions[sid]
            else:
                sys.exit('delete %s: %s %s' % (sid, st, code(body)))
            return
        params = [('TrafficMirrorSessionId', sid)]
        if what < 0.75:
            params.append(('VirtualNetworkId', str(self.rng.choice(VNIS))))
        elif what < 0.85:
            params.append(('PacketLength', str(self.rng.randrange(60, 200))))
        elif what < 0.9:
            params.append(('RemoveField.1', 'packet-length'))
        else:
            used = set(self.sessions[s]['number'] for s in mine)
            free = [n for n in range(1, 6) if n not in used]
            number = self.rng.choice(free)
            params.append(('SessionNumber', str(number)))
            self.sessions[sid]['number'] = number
        _, st, body = self.call('ModifyTrafficMirrorSession', params)
        if st != 200:
            sys.exit('modify %s: %s %s' % (sid, st, code(body)))


def wait_for(name):
    """Waits (at most 120 s) until a file called 'name' exists."""
    for _ in range(12000):
        try:
            open(name).close()
            return
        except OSError:
            time.sleep(0.01)
    sys.exit('%s never appeared' % name)


def churn(n, tmf, tmt, progress, seed):
    c = Churn(tmf, tmt, seed)
    with open(progress, 'a') as p:
        for i in range(n):
            if i in PAUSES:
                wait_for('go-%d' % i)
            c.step(i)
            p.write('%d\n' % i)
            p.flush()
    for vm in ('vm1', 'vm2'):
        if not c.on(vm):
            c.create(vm, 'churn-final-%s' % vm)
    print('%d changes, %d sessions left, %d requests sent again'
          % (n, len(c.sessions), c.n_retries))


def db_sessions(db):
    """Returns the sessions in the Traffic_Mirror database 'db'."""
    p = subprocess.run(['mirrorctl', '--db=' + db, '--output=json',
                        'describe-traffic-mirror-sessions',
                        '--max-results', '1000'],
                       check=True, capture_output=True, text=True)
    return json.loads(p.stdout)['TrafficMirrorSessions']


def ovs_mirrors():
    """Returns the Mirror rows of the Open_vSwitch database, by name."""
    p = subprocess.run(['ovs-vsctl', '--format=json', '--columns=name,'
                        'output_tunnel,priority,snaplen', 'list', 'Mirror'],
                       check=True, capture_output=True, text=True)
    data = json.loads(p.stdout)
    mirrors = {}

    def atom(v):
        if isinstance(v, list) and v[0] == 'set':
            return v[1][0] if v[1] else None
        return v
    for row in data['data']:
        name, tunnel, priority, snaplen = row
        name = atom(name)
        if name in mirrors:
            mirrors[name]['duplicate'] = True
        mirrors[name] = {'key': dict(tunnel[1]).get('key'),
                         'priority': atom(priority),
                         'snaplen': atom(snaplen)}
    return mirrors


def check(db):
    want = {}
    for s in db_sessions(db):
        want['tm-' + s['TrafficMirrorSessionId']] = {
            'key': str(s['VirtualNetworkId']),
            'priority': s['SessionNumber'],
            'snaplen': s.get('PacketLength')}
    have = ovs_mirrors()
    bad = []
    for name in sorted(set(want) | set(have)):
        if want.get(name) != have.get(name):
            bad.append('%s: want %s, have %s'
                       % (name, want.get(name), have.get(name)))
    for line in bad:
        print(line)
    print('%d sessions, %d mirrors, %d differ'
          % (len(want), len(have), len(bad)))
    sys.exit(1 if bad else 0)


def expect(db, vm):
    mine = [s for s in db_sessions(db) if s['NetworkInterfaceId'] == vm]
    mine.sort(key=lambda s: s['SessionNumber'])
    print(mine[0]['VirtualNetworkId'] if mine else 'none')


def main():
    mode = sys.argv[1]
    if mode == 'churn':
        n, tmf, tmt, progress, seed = sys.argv[2:7]
        churn(int(n), tmf, tmt, progress, int(seed))
    elif mode == 'check':
        check(sys.argv[2])
    elif mode == 'expect':
        expect(sys.argv[2], sys.argv[3])
    else:
        sys.exit('unknown mode %s' % mode)


if __name__ == '__main__':
    main()
