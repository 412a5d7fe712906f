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

// Unit tests of the console's SigV4 signer (api/console/sigv4.js, run
// here with node's WebCrypto): each request is signed by it and by
// botocore (python3, botocore-sign.py) and the Authorization headers must
// be equal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { sign, formEncode, uriEncode } from '../../api/console/sigv4.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

// The requests: [name, { method, host, path, query, headers, body,
// region, accessKeyId, secretAccessKey, date }].
const cases = [
  ['POST DescribeTrafficMirrorSessions', {
    method: 'POST', host: '127.0.0.1:8080', headers: { 'Content-Type': FORM },
    body: formEncode({ Action: 'DescribeTrafficMirrorSessions',
                       Version: '2016-11-15' }),
    region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    date: '20261128T034500Z' }],
  ['POST with a Description of spaces, quotes and markup', {
    method: 'POST', host: 'localhost:9443', headers: { 'Content-Type': FORM },
    body: formEncode({ Action: 'CreateTrafficMirrorFilter',
                       Version: '2016-11-15',
                       Description: `it's "quoted" <img src=x> & 100% (*)!~` }),
    region: 'eu-west-3', accessKeyId: 'AKIA0000000000000000',
    secretAccessKey: 'secret/with+slash=', date: '20250101T000000Z' }],
  ['POST with non-ASCII text', {
    method: 'POST', host: 'api.example.net', headers: { 'Content-Type': FORM },
    body: formEncode([['Action', 'CreateTags'], ['Version', '2016-11-15'],
                      ['ResourceId.1', 'tmf-0123456789abcdef0'],
                      ['Tag.1.Key', 'Name'], ['Tag.1.Value', 'café ☕ 日本']]),
    region: 'ap-northeast-1', accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'k', date: '20261231T235959Z' }],
  ['GET with a query string', {
    method: 'GET', host: '127.0.0.1:8080',
    path: '/', query: [['Version', '2016-11-15'],
                       ['Action', 'DescribeTrafficMirrorTargets'],
                       ['Filter.1.Name', 'description'],
                       ['Filter.1.Value.1', 'a b*c']],
    region: 'us-west-2', accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    date: '20240229T120000Z' }],
  ['POST with an extra header and an empty body', {
    method: 'POST', host: '[::1]:8080',
    headers: { 'Content-Type': FORM, 'X-Amz-Target': '  a   b  ' },
    body: '', region: 'us-east-1', accessKeyId: 'AKID',
    secretAccessKey: 'S', date: '20261128T034500Z' }],
];

// Returns the request's URL for botocore.
function url(r) {
  const q = (r.query || []).map(([k, v]) => uriEncode(k) + '='
                                 + uriEncode(v)).join('&');
  return `http://${r.host}${r.path || '/'}${q ? '?' + q : ''}`;
}

// Returns Date for "YYYYMMDDTHHMMSSZ".
function parseStamp(s) {
  return new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T`
                  + `${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
}

const expected = JSON.parse(execFileSync(
  'python3', [path.join(here, 'botocore-sign.py')],
  { input: JSON.stringify(cases.map(([, r]) => ({ ...r, url: url(r) }))) }));

cases.forEach(([name, r], i) => {
  test(`sigv4 matches botocore: ${name}`, async () => {
    const got = await sign({ ...r, service: 'ec2',
                             date: parseStamp(r.date) });
    assert.equal(got.authorization, expected[i]);
  });
});

test('sigv4: a different secret gives a different signature', async () => {
  const [, r] = cases[0];
  const a = await sign({ ...r, date: parseStamp(r.date) });
  const b = await sign({ ...r, secretAccessKey: r.secretAccessKey + 'x',
                         date: parseStamp(r.date) });
  assert.notEqual(a.signature, b.signature);
});
