// Copyright (c) the ovs-traffic-mirror authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at:
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// Tests of DescribeTrafficMirrorCounters, mirror-api's extension action
// for the console's graphs: signed like the rest, allowed for read-only
// keys, AWS-style errors; and of the metrics' label escaping with a
// hostile hypervisor name.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { env, apiCall, xmlValue } from './lib.mjs';

const ids = {};

after(async () => {
  if (ids.filter) {
    await apiCall('DeleteTrafficMirrorFilter',
                  [['TrafficMirrorFilterId', ids.filter]]);
  }
});

test('counters: a read-only key may read them', async () => {
  const r = await apiCall('DescribeTrafficMirrorCounters', [], env.roKey,
                          env.roSecret);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.text.includes('<DescribeTrafficMirrorCountersResponse '
                            + 'xmlns="http://ec2.amazonaws.com/doc/'
                            + '2016-11-15/">'), r.text);
  assert.ok(xmlValue(r.text, 'requestId'));
});

test('counters: signed like every action', async () => {
  const r = await apiCall('DescribeTrafficMirrorCounters', [], env.key,
                          'wrong');
  assert.equal(r.status, 401);
  assert.equal(xmlValue(r.text, 'Code'), 'AuthFailure');
  const u = await fetch(`${env.url}/?Action=DescribeTrafficMirrorCounters`
                        + '&Version=2016-11-15');
  assert.equal(u.status, 401);
});

test('counters: errors in the AWS way', async () => {
  let r = await apiCall('DescribeTrafficMirrorCounters',
                        [['TrafficMirrorSessionId.1', 'tms-0123456789abcdef0']]);
  assert.equal(r.status, 400);
  assert.equal(xmlValue(r.text, 'Code'),
               'InvalidTrafficMirrorSessionId.NotFound');
  r = await apiCall('DescribeTrafficMirrorCounters', [['MaxResults', '5']]);
  assert.equal(r.status, 400);
  assert.equal(xmlValue(r.text, 'Code'), 'UnknownParameter');
});

test('metrics: label values are escaped', async () => {
  const r = await apiCall('CreateTrafficMirrorFilter', []);
  ids.filter = xmlValue(r.text, 'trafficMirrorFilterId');
  const rule = await apiCall('CreateTrafficMirrorFilterRule', [
    ['TrafficMirrorFilterId', ids.filter], ['TrafficDirection', 'ingress'],
    ['RuleNumber', '1'], ['RuleAction', 'reject'],
    ['SourceCidrBlock', '0.0.0.0/0'], ['DestinationCidrBlock', '0.0.0.0/0']]);
  const ruleId = xmlValue(rule.text, 'trafficMirrorFilterRuleId');
  // A hypervisor name with a quote, a backslash and a newline, written
  // straight into the database as a mirrord could.
  const uuid = execFileSync('mirrorctl', [
    '--bare', '--columns=_uuid', 'find', 'Mirror_Filter_Rule',
    `rule_id=${ruleId}`], { encoding: 'utf8' }).trim();
  execFileSync('mirrorctl', ['set', 'Mirror_Filter_Rule', uuid,
                             'hits:"evil\\"hv\\\\1\\n"=3']);
  const text = await (await fetch(env.metrics)).text();
  const line = text.split('\n').find((l) => l.includes(ruleId));
  assert.ok(line, 'the rule has a sample');
  assert.ok(line.includes('hypervisor="evil\\"hv\\\\1\\n"'), line);
  assert.ok(line.endsWith('} 3'), line);
});
