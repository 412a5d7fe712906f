# Copyright (c) the ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.

"""kill -9 of mirror-api in the middle of a burst of creates.

Usage: mirror_api_crash.py CLIENTS DB COMMAND...

CLIENTS threads each create 5 filters, one after another, each with a
ClientToken of its own, and keep asking for each (same token, same parameters) until they get an answer, across
connection errors.  Meanwhile the daemon, whose pid is in mirror-api.pid,
is killed with SIGKILL three times, each time once some creates have been
answered, and started again with COMMAND.  Afterward every client must
hold an answer, the database must hold exactly one filter per token, and
each client's answer must name that filter.  Bounded: each client makes at
most 600 attempts, 50 ms apart when the daemon is down.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time

from mirror_api_client import Client, code, values

PER_CLIENT = 5


def main():
    n_clients = int(sys.argv[1])
    db = sys.argv[2]
    command = sys.argv[3:]
    answers = {}
    lock = threading.Lock()
    attempts = [0]

    def client(i):
        for j in range(PER_CLIENT):
            create('crash-%03d-%d' % (i, j))

    def create(token):
        for _ in range(600):
            c = Client()
            try:
                st, body = c.call('CreateTrafficMirrorFilter',
                                  [('ClientToken', token),
                                   ('Description', token)])
            except OSError:
                st, body = None, None
            finally:
                c.close()
            with lock:
                attempts[0] += 1
            if st == 200:
                with lock:
                    answers[token] = values(body, 'trafficMirrorFilterId')[0]
                return
            if st is not None and code(body) not in ('Unavailable',
                                                       'InternalError'):
                sys.exit('%s: unexpected %s %s' % (token, st, code(body)))
            time.sleep(0.05)

    threads = [threading.Thread(target=client, args=(i,))
               for i in range(n_clients)]
    for t in threads:
        t.start()
    for kill in range(3):
        target = (kill + 1) * n_clients * PER_CLIENT // 4
        for _ in range(600):
            with lock:
                if len(answers) >= target:
                    break
            time.sleep(0.01)
        pid = int(open('mirror-api.pid').read())
        os.kill(pid, signal.SIGKILL)
        print('killed mirror-api after %d answers' % len(answers))
        time.sleep(0.2)
        subprocess.run(command, check=True)
    for t in threads:
        t.join()

    p = subprocess.run(['mirrorctl', '--db=' + db, '--output=json',
                        'describe-traffic-mirror-filters',
                        '--max-results', '1000'],
                       check=True, capture_output=True, text=True)
    filters = json.loads(p.stdout)['TrafficMirrorFilters']
    by_desc = {}
    for f in filters:
        by_desc.setdefault(f.get('Description'), []).append(
            f['TrafficMirrorFilterId'])
    bad = 0
    tokens = ['crash-%03d-%d' % (i, j)
              for i in range(n_clients) for j in range(PER_CLIENT)]
    for token in tokens:
        there = by_desc.get(token, [])
        if token not in answers or there != [answers[token]]:
            print('%s: answered %s, database has %s'
                  % (token, answers.get(token), there))
            bad += 1
    print('%d creates, %d attempts, %d answered, %d filters, %d wrong'
          % (len(tokens), attempts[0], len(answers), len(filters), bad))
    sys.exit(1 if bad or len(filters) != len(tokens) else 0)


if __name__ == '__main__':
    main()
