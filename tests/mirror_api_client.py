# Copyright (c) the ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.

"""Signed EC2 Query API requests to mirror-api, for the tests.

botocore signs (AWS Signature Version 4, as the AWS CLI and boto3 do) and
http.client sends, so that a test can send requests that the AWS CLI never
would (unknown parameters, garbage tokens) and can keep many connections
open at once (the load test).  The endpoint is $API_URL.
"""

import http.client
import os
import re
import ssl
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.credentials


class Client:
    """One HTTP connection to mirror-api, signing as one access key."""

    def __init__(self, key='AKIDRW', secret='rw-secret', region='us-east-1',
                 url=None):
        self.url = url or os.environ['API_URL']
        parts = urllib.parse.urlsplit(self.url)
        self.https = parts.scheme == 'https'
        self.host = parts.hostname
        self.port = parts.port
        self.creds = botocore.credentials.Credentials(key, secret)
        self.region = region
        self.conn = None

    def connect(self):
        """Opens the connection (call() does it when needed)."""
        if self.https:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            self.conn = http.client.HTTPSConnection(self.host, self.port,
                                                    timeout=60, context=ctx)
        else:
            self.conn = http.client.HTTPConnection(self.host, self.port,
                                                   timeout=60)
        self.conn.connect()

    def close(self):
        """Closes the connection."""
        if self.conn:
            self.conn.close()
            self.conn = None

    def call(self, action, params=()):
        """POSTs 'action' with the (name, value) pairs 'params', signed.
        Returns the HTTP status and the body."""
        form = [('Action', action), ('Version', '2016-11-15')] + list(params)
        body = urllib.parse.urlencode(form)
        req = botocore.awsrequest.AWSRequest(
            method='POST', url=self.url + '/', data=body,
            headers={'Content-Type':
                     'application/x-www-form-urlencoded; charset=utf-8'})
        botocore.auth.SigV4Auth(self.creds, 'ec2', self.region).add_auth(req)
        prepared = req.prepare()
        if self.conn is None:
            self.connect()
        self.conn.request('POST', '/', body=prepared.body,
                          headers=dict(prepared.headers))
        resp = self.conn.getresponse()
        return resp.status, resp.read().decode()


def code(body):
    """Returns the AWS error code in XML 'body', or 'ok'."""
    m = re.search('<Code>([^<]*)</Code>', body)
    return m.group(1) if m else 'ok'


def values(body, element):
    """Returns the texts of every <element> in XML 'body', in order."""
    return re.findall('<%s>([^<]*)</%s>' % (element, element), body)
