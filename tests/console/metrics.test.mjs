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

// Tests of mirror-api's Prometheus endpoint (--metrics): scraped and
// parsed as the Prometheus text format, with the per-session and per-rule
// counters of real traffic in the lab and the request counters.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { env, apiCall, xmlValue, ping, waitFor,
         deleteMirrorResources } from './lib.mjs';

// Parses Prometheus text exposition 'text' strictly; returns { types:
// Map name -> type, samples: [{ name, labels, value }] }.  Throws on any
// line that is not a HELP, TYPE or sample line, or a sample without a
// TYPE.
export function parseExposition(text) {
  const types = new Map();
  const samples = [];
  const nameRe = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/y;
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  for (const line of text.slice(0, -1).split('\n')) {
    let m;
    if ((m = line.match(new RegExp(`^# HELP (${nameRe}) (.*)$`)))) {
      continue;
    } else if ((m = line.match(new RegExp(`^# TYPE (${nameRe}) `
                                          + '(counter|gauge|histogram)$')))) {
      assert.ok(!types.has(m[1]), `TYPE ${m[1]} twice`);
      types.set(m[1], m[2]);
      continue;
    }
    m = line.match(new RegExp(`^(${nameRe})(?:\\{(.*)\\})? (\\S+)$`));
    assert.ok(m, `bad line: ${line}`);
    const [, name, labelText = '', valueText] = m;
    const labels = {};
    labelRe.lastIndex = 0;
    let pos = 0;
    while (pos < labelText.length) {
      labelRe.lastIndex = pos;
      const l = labelRe.exec(labelText);
      assert.ok(l, `bad labels: ${line}`);
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
      pos = labelRe.lastIndex;
      if (labelText[pos] === ',') {
        pos++;
      }
    }
    const value = valueText === '+Inf' ? Infinity : Number(valueText);
    assert.ok(!Number.isNaN(value), `bad value: ${line}`);
    const family = name.replace(/_(bucket|sum|count)$/, '');
    assert.ok(types.has(name) || types.get(family) === 'histogram',
              `sample before its TYPE: ${line}`);
    if (types.get(name) === 'counter') {
      assert.match(name, /_total$/, 'counters end in _total');
    }
    samples.push({ name, labels, value });
  }
  return { types, samples };
}

// Scrapes the endpoint and parses it.
async function scrape() {
  const r = await fetch(env.metrics);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  return parseExposition(await r.text());
}

// Returns the value of the sample 'name' whose labels include 'labels'.
function value(m, name, labels = {}) {
  const s = m.samples.find((x) => x.name === name && Object.entries(labels)
    .every(([k, v]) => x.labels[k] === v));
  return s?.value;
}

const ids = {};

after(async () => {
  await deleteMirrorResources(ids);
});

// Calls 'action' and returns the text of element 'want' of the answer.
async function create(action, pairs, want) {
  const r = await apiCall(action, pairs);
  assert.equal(r.status, 200, r.text);
  return xmlValue(r.text, want);
}

test('metrics: the families are there and parse', async () => {
  const m = await scrape();
  for (const [name, type] of [
    ['mirror_api_requests_total', 'counter'],
    ['mirror_api_request_duration_seconds', 'histogram'],
    ['mirror_api_database_connected', 'gauge'],
    ['traffic_mirror_session_info', 'gauge'],
    ['traffic_mirror_filter_rule_hits_total', 'counter'],
  ]) {
    assert.equal(m.types.get(name), type, name);
  }
  assert.equal(value(m, 'mirror_api_database_connected'), 1);
});

test('metrics: per-session and per-rule counters of real traffic', async () => {
  ids.filter = await create('CreateTrafficMirrorFilter',
                            [['Description', 'metrics "test"\\ filter']],
                            'trafficMirrorFilterId');
  const rule = (dir) => create('CreateTrafficMirrorFilterRule', [
    ['TrafficMirrorFilterId', ids.filter], ['TrafficDirection', dir],
    ['RuleNumber', '10'], ['RuleAction', 'accept'], ['Protocol', '1'],
    ['SourceCidrBlock', '0.0.0.0/0'], ['DestinationCidrBlock', '0.0.0.0/0'],
  ], 'trafficMirrorFilterRuleId');
  ids.ruleIn = await rule('ingress');
  ids.ruleOut = await rule('egress');
  ids.target = await create('CreateTrafficMirrorTarget',
                            [['NetworkInterfaceId', 'appliance']],
                            'trafficMirrorTargetId');
  ids.session = await create('CreateTrafficMirrorSession', [
    ['NetworkInterfaceId', 'web'], ['TrafficMirrorTargetId', ids.target],
    ['TrafficMirrorFilterId', ids.filter], ['SessionNumber', '7'],
    ['VirtualNetworkId', '77']], 'trafficMirrorSessionId');

  let m = await scrape();
  assert.equal(value(m, 'traffic_mirror_session_info', {
    traffic_mirror_session_id: ids.session, network_interface_id: 'web',
    traffic_mirror_target_id: ids.target,
    traffic_mirror_filter_id: ids.filter, session_number: '7',
    virtual_network_id: '77' }), 1);

  await ping('client', '10.0.0.10', 10);
  m = await waitFor('the session counters', async () => {
    const x = await scrape();
    const s = { traffic_mirror_session_id: ids.session };
    return value(x, 'traffic_mirror_session_packets_total',
                 { ...s, direction: 'ingress' }) >= 10
      && value(x, 'traffic_mirror_session_packets_total',
               { ...s, direction: 'egress' }) >= 10 ? x : null;
  }, 90000, 1000);
  assert.ok(value(m, 'traffic_mirror_session_bytes_total', {
    traffic_mirror_session_id: ids.session, direction: 'ingress' }) >= 980);
  for (const [rid, dir] of [[ids.ruleIn, 'ingress'], [ids.ruleOut, 'egress']]) {
    await waitFor(`hits of rule ${rid}`, async () => value(
      await scrape(), 'traffic_mirror_filter_rule_hits_total', {
        traffic_mirror_filter_rule_id: rid, traffic_mirror_filter_id: ids.filter,
        direction: dir, rule_number: '10', rule_action: 'accept',
        hypervisor: 'hv1' }) >= 10, 60000, 1000);
  }
});

test('metrics: request counters and latencies', async () => {
  const bad = await apiCall('DescribeTrafficMirrorSessions', [], env.key,
                            'wrong secret');
  assert.equal(bad.status >= 400, true);
  const code = xmlValue(bad.text, 'Code');
  const m = await scrape();
  assert.ok(value(m, 'mirror_api_requests_total', {
    action: 'CreateTrafficMirrorSession', result: 'ok' }) >= 1);
  assert.ok(value(m, 'mirror_api_requests_total', {
    action: '', result: code }) >= 1);
  // The histogram: buckets rise, +Inf is the count.
  const action = 'CreateTrafficMirrorFilterRule';
  const buckets = m.samples.filter(
    (s) => s.name === 'mirror_api_request_duration_seconds_bucket'
      && s.labels.action === action);
  assert.ok(buckets.length > 2);
  for (let i = 1; i < buckets.length; i++) {
    assert.ok(Number(buckets[i].labels.le) > Number(buckets[i - 1].labels.le)
              || buckets[i].labels.le === '+Inf');
    assert.ok(buckets[i].value >= buckets[i - 1].value);
  }
  assert.equal(buckets.at(-1).labels.le, '+Inf');
  assert.equal(buckets.at(-1).value, value(
    m, 'mirror_api_request_duration_seconds_count', { action }));
  assert.ok(value(m, 'mirror_api_request_duration_seconds_sum', { action })
            >= 0);
});

test('metrics: only /metrics, only GET; not the API', async () => {
  const base = new URL(env.metrics);
  assert.equal((await fetch(new URL('/', base))).status, 404);
  assert.equal((await fetch(env.metrics, { method: 'POST' })).status, 405);
  assert.equal((await fetch(new URL('/console/', base))).status, 404);
});

test('metrics: a non-loopback address needs --metrics-allow-remote', () => {
  const r = spawnSync('mirror-api', ['--db=unix:/nonexistent',
                                     '--listen=tcp:127.0.0.1:0',
                                     '--credentials=/dev/null',
                                     '--metrics=tcp:192.0.2.1:9100'],
                      { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /not a loopback address/);
  const r2 = spawnSync('mirror-api', ['--db=unix:/nonexistent',
                                      '--listen=tcp:127.0.0.1:0',
                                      '--credentials=/dev/null',
                                      '--metrics=udp:1'], { encoding: 'utf8' });
  assert.notEqual(r2.status, 0);
  assert.match(r2.stderr, /bad address/);
});
