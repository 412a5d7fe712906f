#! /usr/bin/python3
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
"""JMESPath conformance: mirrorctl's --query evaluator against Debian's
python3-jmespath (the library the AWS CLI's --query uses).

Usage: mirrorctl_jmespath.py PROGRAM DATA.json EXPRESSIONS

Runs every expression of the file EXPRESSIONS (one a line; blank lines and
lines starting with '#' are skipped; a line "! EXPRESSION" names an
expression that both must refuse) on the JSON document DATA.json, once
through the jmespath module and once through "PROGRAM json EXPRESSION"
(tests/test-mirrorctl-output, which prints what mirrorctl's --query gives,
as JSON), and compares the two results as JSON values.  Prints one line per
expression, "ok N EXPRESSION" or "FAIL N EXPRESSION: jmespath gave X,
mirrorctl gave Y", then "N expressions, M failures", and exits 1 if any
failed."""

import json
import subprocess
import sys
import warnings

import jmespath


def same(a, b):
    """Compares JSON values as JMESPath does: numbers by value (1 == 1.0),
    but booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return (sorted(a) == sorted(b)
                and all(same(a[k], b[k]) for k in a))
    return type(a) is type(b) and a == b


def main():
    program, data_file, expressions_file = sys.argv[1:4]
    with open(data_file) as f:
        text = f.read()
    data = json.loads(text)

    warnings.simplefilter("ignore")
    n = failures = 0
    with open(expressions_file) as f:
        for line in f:
            expression = line.rstrip("\n")
            if not expression.strip() or expression.startswith("#"):
                continue
            n += 1
            if expression.startswith("! "):
                expression = expression[2:]
                try:
                    jmespath.search(expression, data)
                    expected = "accepted"
                except (jmespath.exceptions.JMESPathError, ValueError):
                    expected = "error"
                run = subprocess.run([program, "json", expression],
                                     input=text, capture_output=True,
                                     text=True)
                got = "error" if run.returncode == 2 else "accepted"
                if expected == got == "error":
                    print("ok %d ! %s" % (n, expression))
                else:
                    failures += 1
                    print("FAIL %d ! %s: jmespath %s it, mirrorctl %s it"
                          % (n, expression, expected, got))
                continue
            expected = jmespath.search(expression, data)
            run = subprocess.run([program, "json", expression],
                                 input=text, capture_output=True,
                                 text=True)
            if run.returncode:
                got = "error: " + run.stderr.strip()
                ok = False
            else:
                got = json.loads(run.stdout)
                ok = same(expected, got)
            if ok:
                print("ok %d %s" % (n, expression))
            else:
                failures += 1
                print("FAIL %d %s: jmespath gave %s, mirrorctl gave %s"
                      % (n, expression, json.dumps(expected),
                         json.dumps(got)))
    print("%d expressions, %d failures" % (n, failures))
    sys.exit(1 if failures or not n else 0)


if __name__ == "__main__":
    main()
