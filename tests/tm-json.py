# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
#
# tests/tm-json.py FILE PATH...: the one way the tests read JSON (the
# output of mirrorctl, aws and the API), by field name, never by the
# position of a column of text.  Prints the values at the dotted PATHs
# (such as TrafficMirrorSession.SessionNumber; a number indexes a list,
# "*" maps over one; prefix "len:" gives a length, "has:" whether the
# value is there) of the JSON document in FILE ("-" for stdin): strings as
# they are, anything else as JSON with sorted keys, all on one line.
import json
import sys


def get(value, keys):
    if not keys:
        return value
    key = keys[0]
    if key == '*':
        return [get(x, keys[1:]) for x in value]
    if isinstance(value, list):
        return get(value[int(key)], keys[1:])
    if value is None or key not in value:
        return None
    return get(value[key], keys[1:])


def main(argv):
    name = argv[1]
    doc = json.load(sys.stdin if name == '-' else open(name))
    out = []
    for path in argv[2:]:
        mode = ''
        if ':' in path:
            mode, path = path.split(':', 1)
        value = get(doc, path.split('.'))
        if mode == 'len':
            value = len(value)
        elif mode == 'has':
            value = value is not None
        out.append(value if isinstance(value, str)
                   else json.dumps(value, sort_keys=True))
    print(' '.join(out))


if __name__ == '__main__':
    main(sys.argv)
