#!/usr/bin/env python3
# Copyright (c) the ovs-traffic-mirror authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

"""Signs requests with botocore's SigV4Auth, for sigv4.test.mjs.

Reads a JSON list of requests on stdin ({method, url, headers, body,
region, service, accessKeyId, secretAccessKey, date: "YYYYMMDDTHHMMSSZ"})
and prints a JSON list of their Authorization headers."""

import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(r):
    when = datetime.datetime.strptime(r["date"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda: when
    req = AWSRequest(method=r["method"], url=r["url"],
                     headers=r.get("headers", {}),
                     data=r.get("body", "").encode("utf-8"))
    creds = Credentials(r["accessKeyId"], r["secretAccessKey"])
    botocore.auth.SigV4Auth(creds, r.get("service", "ec2"),
                            r["region"]).add_auth(req)
    return req.headers["Authorization"]


print(json.dumps([sign(r) for r in json.load(sys.stdin)]))
