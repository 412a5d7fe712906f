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

// The console and copy budgets, against the real lab (run-lab.sh): a
// session with a budget of 20 copies a second shows its budget, and while
// VM "web" streams UDP well above the budget its graph shows the copies
// and the skipped ones, with the numbers DescribeTrafficMirrorCounters
// gives.  Counted, never timed: the comparison waits for the counters to
// settle after the stream.  Emptying a budget in the form removes it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

import { env, launch, close, shot, checkAxe, apiCall, xmlValue,
         waitFor, deleteMirrorResources } from './lib.mjs';

const execFileP = promisify(execFile);
const BUDGET = 20;

let browser;
let page;
const ids = {};
const pageErrors = [];

// Calls 'action' with 'pairs', asserts success and returns XML element
// 'name' of the answer.
async function create(action, pairs, name) {
  const r = await apiCall(action, pairs);
  assert.equal(r.status, 200, r.text);
  const v = xmlValue(r.text, name);
  assert.ok(v, r.text);
  return v;
}

before(async () => {
  ids.filter = await create('CreateTrafficMirrorFilter',
                            [['Description', 'copy budget test']],
                            'trafficMirrorFilterId');
  await create('CreateTrafficMirrorFilterRule', [
    ['TrafficMirrorFilterId', ids.filter], ['TrafficDirection', 'egress'],
    ['RuleNumber', '10'], ['RuleAction', 'accept'], ['Protocol', '17'],
    ['SourceCidrBlock', '0.0.0.0/0'], ['DestinationCidrBlock', '0.0.0.0/0'],
  ], 'trafficMirrorFilterRuleId');
  ids.target = await create('CreateTrafficMirrorTarget',
                            [['NetworkInterfaceId', 'appliance']],
                            'trafficMirrorTargetId');
  ids.session = await create('CreateTrafficMirrorSession', [
    ['NetworkInterfaceId', 'web'], ['TrafficMirrorTargetId', ids.target],
    ['TrafficMirrorFilterId', ids.filter], ['SessionNumber', '7'],
    ['VirtualNetworkId', '77'], ['CopyBudgetPackets', String(BUDGET)],
  ], 'trafficMirrorSessionId');
  browser = await launch();
  page = browser.pages()[0] || await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

after(async () => {
  if (browser) {
    await close(browser);
  }
  await deleteMirrorResources(ids);
});

// Returns the session's counters from DescribeTrafficMirrorCounters, as
// numbers by XML name.
async function apiCounters() {
  const r = await apiCall('DescribeTrafficMirrorCounters',
                          [['TrafficMirrorSessionId.1', ids.session]]);
  assert.equal(r.status, 200, r.text);
  const c = {};
  for (const n of ['packetsIn', 'packetsOut', 'bytesIn', 'bytesOut',
                   'skippedPacketsIn', 'skippedPacketsOut',
                   'skippedBytesIn', 'skippedBytesOut', 'copiedPackets',
                   'copiedBytes']) {
    c[n] = Number(xmlValue(r.text, n) ?? 0);      // Absent until counted.
  }
  return c;
}

// Returns the counter 'name' the session page shows, as a number.
function shown(name) {
  return page.locator(`td[data-counter="${name}"]`).textContent()
    .then(Number);
}

// Streams UDP from VM "web" to "client" port 9: 'pps' datagrams a second
// for 'secs' seconds; returns how many it sent.
async function udpStream(secs, pps) {
  const prog = `
import socket, sys, time
secs, pps = float(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
start, n = time.monotonic(), 0
while time.monotonic() - start < secs:
    due = int((time.monotonic() - start) * pps) + 1
    while n < due:
        s.sendto(b"x" * 200, ("10.0.0.20", 9))
        n += 1
    time.sleep(0.001)
print(n)
`;
  const { stdout } = await execFileP('ip', [
    'netns', 'exec', `${env.lab}-web`, 'python3', '-c', prog, String(secs),
    String(pps)]);
  return Number(stdout.trim());
}

test('copy budget: the session page shows it, and edits it', async () => {
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('Access key ID').fill(env.key);
  await page.getByLabel('Secret access key').fill(env.secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Mirror sessions' }).waitFor();
  await page.evaluate((id) => { window.location.hash = `#/sessions/${id}`; },
                      ids.session);
  await page.getByRole('heading', { name: `Session ${ids.session}` })
    .waitFor();
  const dd = (k) => page.locator(`dt:text-is("${k}") + dd`).textContent();
  assert.equal(await dd('Copy budget (packets)'),
               `${BUDGET} packets per second`);
  assert.equal(await dd('Copy budget (bytes)'),
               'Default (set by the operator)');

  // No byte limit, through the form; the API has it.
  const modify = page.getByRole('form', { name: 'Modify session' });
  assert.equal(await modify.getByLabel('Copy budget (packets)').inputValue(),
               String(BUDGET));
  await modify.getByLabel('Copy budget (bytes)').fill('0');
  await modify.getByRole('button', { name: 'Save' }).click();
  await waitFor('the byte budget', async () => (
    (await dd('Copy budget (bytes)')) === 'No limit'));
  const r = await apiCall('DescribeTrafficMirrorSessions',
                          [['TrafficMirrorSessionId.1', ids.session]]);
  assert.equal(xmlValue(r.text, 'copyBudgetBytes'), '0');
  assert.equal(xmlValue(r.text, 'copyBudgetPackets'), String(BUDGET));
  await checkAxe(page, 'the session page with a copy budget');
  await shot(page, '20-copy-budget-session');
});

test('copy budget: the graph shows copied and skipped packets', async () => {
  // mirrord has given the switch the session's budget.
  const mirror = `tm-${ids.session}`;
  await waitFor('the Mirror row with the budget', async () => {
    try {
      return execFileSync('ovs-vsctl', ['get', 'Mirror', mirror,
                                        'copy_budget:packets'],
                          { encoding: 'utf8' }).trim() === String(BUDGET);
    } catch {
      return false;
    }
  }, 60000, 1000);
  const before = await apiCounters();

  // 4 s at 300 datagrams a second: 15 times the budget.
  const sent = await udpStream(4, 300);
  assert.ok(sent >= 4 * 300 * 0.9, `sent ${sent}`);

  // Settled: two reads of the API a write-back interval (5 s) apart
  // agree, and every datagram the switch accepted was copied or skipped.
  let c = await apiCounters();
  await waitFor('the counters to settle', async () => {
    await new Promise((res) => setTimeout(res, 6000));
    const now = await apiCounters();
    const same = JSON.stringify(now) === JSON.stringify(c);
    c = now;
    return same && c.packetsOut > before.packetsOut;
  }, 120000, 0);
  console.log(`sent ${sent}; counters ${JSON.stringify(c)}`);
  const accepted = c.packetsOut - before.packetsOut;
  const copied = c.copiedPackets - before.copiedPackets;
  const skipped = c.skippedPacketsOut - before.skippedPacketsOut;
  assert.equal(copied + skipped, accepted,
               `accepted ${accepted}, copied ${copied}, skipped ${skipped}`);
  assert.ok(accepted <= sent, `accepted ${accepted} of ${sent}`);
  assert.ok(skipped > copied, `copied ${copied}, skipped ${skipped}`);
  assert.ok(copied > 0);

  // The page catches up with the API (it refreshes every few seconds).
  await waitFor('the page to show the API\'s counters', async () => (
    (await shown('packetsOut')) === c.packetsOut
      && (await shown('skippedPacketsOut')) === c.skippedPacketsOut
      && (await page.locator('svg.chart polyline.skipped').count()) === 1),
  60000, 1000);
  for (const n of ['packetsIn', 'packetsOut', 'bytesIn', 'bytesOut',
                   'skippedPacketsIn', 'skippedPacketsOut',
                   'skippedBytesIn', 'skippedBytesOut']) {
    assert.equal(await shown(n), c[n], n);
  }
  assert.ok(c.skippedPacketsOut > 0 && c.skippedBytesOut > 0);
  const sentText = await page.locator('p[data-counter="copiedPackets"]')
    .textContent();
  assert.ok(sentText.includes(`${c.copiedPackets} packets, `
                              + `${c.copiedBytes} bytes`), sentText);

  // The packets chart: inbound, outbound (accepted), sent and skipped
  // lines, the sent and skipped ones above zero, skipped the higher; the
  // legend names them.
  const packets = page.locator('svg.chart[aria-label^="Packets"]');
  for (const cls of ['in', 'out', 'sent', 'skipped']) {
    assert.equal(await packets.locator(`polyline.${cls}`).count(), 1, cls);
  }
  const peak = (cls) => packets.locator(`polyline.${cls}`)
    .getAttribute('data-peak').then(Number);
  assert.ok((await peak('skipped')) > 0, 'skipped line above zero');
  assert.ok((await peak('out')) > 0, 'outbound line above zero');
  assert.ok((await peak('sent')) > 0, 'sent line above zero');
  assert.ok((await peak('skipped')) > (await peak('sent')),
            'more skipped than sent');
  for (const [cls, text] of [['sent', 'Sent to the target'],
                             ['skipped', 'Skipped']]) {
    const key = page.locator(`.legend .key.${cls}`);
    assert.equal(await key.textContent(), text);
    assert.ok(await key.isVisible(), `the legend shows "${text}"`);
  }
  assert.deepEqual(pageErrors, []);
  await checkAxe(page, 'the session page with skipped copies');
  await shot(page, '21-copy-budget-skipped-graph');
});

test('copy budget: emptying the field removes it', async () => {
  const modify = page.getByRole('form', { name: 'Modify session' });
  await modify.getByLabel('Copy budget (bytes)').fill('');
  await modify.getByRole('button', { name: 'Save' }).click();
  await waitFor('the byte budget removed', async () => (
    (await page.locator('dt:text-is("Copy budget (bytes)") + dd')
      .textContent()) === 'Default (set by the operator)'));
  const r = await apiCall('DescribeTrafficMirrorSessions',
                          [['TrafficMirrorSessionId.1', ids.session]]);
  assert.equal(xmlValue(r.text, 'copyBudgetBytes'), undefined);
  assert.equal(xmlValue(r.text, 'copyBudgetPackets'), String(BUDGET));
  assert.deepEqual(pageErrors, []);
});
