# Copyright (c) the ovs-traffic-mirror authors.
# Licensed under the Apache License, Version 2.0.

"""Writes the seed corpus of the fuzz harnesses into fuzz/corpus/.

query/: EC2 Query request bodies of every action, as the AWS CLI and boto3
send them.  sigv4/: requests in fuzz-sigv4's format, signed by botocore for
the harness's key (AKIDFUZZ, "fuzz-secret"), region us-east-1 and time
2024-01-01T00:00:00Z (one of them presigned: the signature in the query
string), so that they pass and mutations explore every check.
shorthand/: mirrorctl command lines in fuzz-shorthand's format (one
argument per line), with the AWS CLI shorthand and JSON forms.
Run from the top of the source tree: python3 fuzz/make-seeds.py
"""

import datetime
import os
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.credentials

TMF = 'tmf-0123456789abcdef0'
TMS = 'tms-0123456789abcdef0'
BODIES = {
    'create-session': [
        ('Action', 'CreateTrafficMirrorSession'),
        ('Version', '2016-11-15'), ('NetworkInterfaceId', 'eni-src'),
        ('TrafficMirrorTargetId', 'tmt-0123456789abcdef0'),
        ('TrafficMirrorFilterId', TMF), ('SessionNumber', '1'),
        ('PacketLength', '128'), ('VirtualNetworkId', '42'),
        ('ClientToken', 'token-1'), ('Description', 'web & <friends>'),
        ('TagSpecification.1.ResourceType', 'traffic-mirror-session'),
        ('TagSpecification.1.Tag.1.Key', 'Name'),
        ('TagSpecification.1.Tag.1.Value', 's1')],
    'create-rule': [
        ('Action', 'CreateTrafficMirrorFilterRule'),
        ('Version', '2016-11-15'), ('TrafficMirrorFilterId', TMF),
        ('TrafficDirection', 'ingress'), ('RuleNumber', '10'),
        ('RuleAction', 'accept'), ('Protocol', '6'),
        ('SourceCidrBlock', '10.0.0.0/8'),
        ('DestinationCidrBlock', '::/0'),
        ('DestinationPortRange.FromPort', '80'),
        ('DestinationPortRange.ToPort', '90'), ('DryRun', 'true')],
    'modify-rule': [
        ('Action', 'ModifyTrafficMirrorFilterRule'),
        ('Version', '2016-11-15'),
        ('TrafficMirrorFilterRuleId', 'tmfr-0123456789abcdef0'),
        ('RemoveField.1', 'protocol'),
        ('RemoveField.2', 'source-port-range')],
    'describe-sessions': [
        ('Action', 'DescribeTrafficMirrorSessions'),
        ('Version', '2016-11-15'), ('Filter.1.Name', 'tag:Name'),
        ('Filter.1.Value.1', 'w*b?'), ('Filter.2.Name', 'session-number'),
        ('Filter.2.Value.1', '1'), ('Filter.2.Value.2', '2'),
        ('MaxResults', '5'), ('NextToken', '746d2d706167652d313a746d733a')],
    'describe-ids': [
        ('Action', 'DescribeTrafficMirrorFilters'),
        ('Version', '2016-11-15'), ('TrafficMirrorFilterId.1', TMF),
        ('TrafficMirrorFilterId.2', 'tmf-00000000000000001')],
    'network-services': [
        ('Action', 'ModifyTrafficMirrorFilterNetworkServices'),
        ('Version', '2016-11-15'), ('TrafficMirrorFilterId', TMF),
        ('AddNetworkService.1', 'amazon-dns')],
    'create-tags': [
        ('Action', 'CreateTags'), ('Version', '2016-11-15'),
        ('ResourceId.1', TMF), ('ResourceId.2', TMS),
        ('Tag.1.Key', 'team'), ('Tag.1.Value', 'blue'), ('Tag.2.Key', 'x')],
    'delete-tags': [
        ('Action', 'DeleteTags'), ('Version', '2016-11-15'),
        ('ResourceId.1', TMS), ('Tag.1.Key', 'team')],
    'describe-tags': [
        ('Action', 'DescribeTags'), ('Version', '2016-11-15'),
        ('Filter.1.Name', 'resource-type'),
        ('Filter.1.Value.1', 'traffic-mirror-filter')],
}

COMMAND_LINES = {
    'filters': ['describe-traffic-mirror-sessions', '--filters',
                'Name=description,Values=a,b',
                'Name=tag:Name,Values=[x,"y,z"]', '--max-results', '5'],
    'filters-json': ['describe-traffic-mirror-filters', '--filters',
                     '[{"Name": "description", "Values": ["a*"]}]'],
    'tags': ['create-tags', '--resources', TMF, TMS, '--tags',
             'Key=team,Value=blue', 'Key=x'],
    'tag-specifications': [
        'create-traffic-mirror-filter', '--tag-specifications',
        'ResourceType=traffic-mirror-filter,'
        'Tags=[{Key=a,Value=b},{Key=c,Value=d}]', '--description', 'x'],
    'ports': ['create-traffic-mirror-filter-rule',
              '--traffic-mirror-filter-id', TMF,
              '--destination-port-range', 'FromPort=80,ToPort=90',
              '--source-port-range', '{"FromPort": 1, "ToPort": 2}',
              '--remove-fields', '["protocol"]'],
    'nested': ['describe-traffic-mirror-sessions', '--filters',
               'Name=x,Values=[[a,{K=[b]}]]', '--dry-run'],
}


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)


def signed(method, body, query=''):
    """Returns a request in fuzz-sigv4's format, signed for the harness."""
    when = datetime.datetime(2024, 1, 1, 0, 0, 0)
    botocore.auth.get_current_datetime = lambda: when
    url = 'http://127.0.0.1:8080/' + ('?' + query if query else '')
    req = botocore.awsrequest.AWSRequest(
        method=method, url=url, data=body,
        headers={'Content-Type': 'application/x-www-form-urlencoded'})
    creds = botocore.credentials.Credentials('AKIDFUZZ', 'fuzz-secret')
    botocore.auth.SigV4Auth(creds, 'ec2', 'us-east-1').add_auth(req)
    headers = dict(req.headers)
    headers['Host'] = '127.0.0.1:8080'
    out = '%s\n/\n%s\n' % (method, query)
    out += ''.join('%s: %s\n' % kv for kv in headers.items())
    return out.encode() + b'\n' + (body or b'')


def presigned(params):
    """Returns a presigned GET in fuzz-sigv4's format (the signature in the
    query string), signed for the harness."""
    when = datetime.datetime(2024, 1, 1, 0, 0, 0)
    botocore.auth.get_current_datetime = lambda: when
    url = 'http://127.0.0.1:8080/?' + urllib.parse.urlencode(params)
    req = botocore.awsrequest.AWSRequest(method='GET', url=url)
    creds = botocore.credentials.Credentials('AKIDFUZZ', 'fuzz-secret')
    botocore.auth.SigV4QueryAuth(creds, 'ec2', 'us-east-1',
                                 expires=300).add_auth(req)
    query = urllib.parse.urlsplit(req.url).query
    return ('GET\n/\n%s\nHost: 127.0.0.1:8080\n\n' % query).encode()


def write_command_lines():
    """Writes the seeds of fuzz-shorthand."""
    os.makedirs('fuzz/corpus/shorthand', exist_ok=True)
    for name, args in COMMAND_LINES.items():
        write('fuzz/corpus/shorthand/' + name, '\n'.join(args).encode())


def main():
    os.makedirs('fuzz/corpus/query', exist_ok=True)
    os.makedirs('fuzz/corpus/sigv4', exist_ok=True)
    write_command_lines()
    for name, params in BODIES.items():
        write('fuzz/corpus/query/' + name,
              urllib.parse.urlencode(params).encode())
    form = urllib.parse.urlencode(BODIES['describe-sessions']).encode()
    write('fuzz/corpus/sigv4/post', signed('POST', form))
    write('fuzz/corpus/sigv4/get',
          signed('GET', b'', urllib.parse.urlencode(BODIES['create-tags'])))
    write('fuzz/corpus/sigv4/presigned',
          presigned(BODIES['describe-tags']))
    write('fuzz/corpus/sigv4/unsigned',
          b'POST\n/\n\nHost: 127.0.0.1:8080\n\n' + form)


if __name__ == '__main__':
    main()
