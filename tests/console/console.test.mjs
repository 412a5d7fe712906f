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

// End-to-end tests of the web console in headless Chromium against a real
// lab (run-lab.sh): mirror-api, the Traffic_Mirror database, mirrord and
// the patched ovs-vswitchd, with VMs in network namespaces.  Screenshots
// of each step go to artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { env, launch, close, shot, checkAxe, apiCall, xmlValue, ping,
         waitFor, INSECURE_HOST } from './lib.mjs';

const HOSTILE_DESC = '<img src=x onerror="window.__xss=1">';
const HOSTILE_TAG = '</script><script>window.__xss=2</script>';

let browser;
let page;
const state = {};
const pageErrors = [];

before(async () => {
  browser = await launch();
  page = browser.pages()[0] || await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('dialog', (d) => { pageErrors.push(`dialog: ${d.message()}`);
                             d.dismiss(); });
});

after(async () => {
  await close(browser);
});

// Returns the HTTP status of GET 'path', sent as it is (fetch() would
// normalise "..").
function rawStatus(path) {
  const u = new URL(env.url);
  return new Promise((resolve, reject) => {
    http.get({ host: u.hostname, port: u.port, path }, (r) => {
      r.resume();
      resolve(r.statusCode);
    }).on('error', reject);
  });
}

// Clicks the main navigation's link 'name'.
function nav(name) {
  return page.getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name }).click();
}

// Signs in on 'p' with 'key' and 'secret'.
async function signIn(p, key, secret, base = env.url) {
  await p.goto(`${base}/console/`);
  await p.getByLabel('Access key ID').fill(key);
  await p.getByLabel('Secret access key').fill(secret);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

// Returns the text of the alert box once it is visible.
async function alertText(p) {
  const a = p.locator('#alert');
  await a.waitFor({ state: 'visible' });
  return a.textContent();
}

test('over plain HTTP on a non-loopback name: a "use HTTPS" page', async () => {
  const port = new URL(env.url).port;
  await page.goto(`http://${INSECURE_HOST}:${port}/console/`);
  await page.getByRole('heading', { name: 'Use HTTPS' }).waitFor();
  assert.equal(await page.evaluate(() => window.isSecureContext), false);
  assert.equal(await page.getByLabel('Secret access key').count(), 0);
  await shot(page, '01-insecure-use-https');
  await checkAxe(page, 'the use-HTTPS page');
});

test('over HTTPS on the same name: sign-in works', async () => {
  const p = await browser.newPage();
  try {
    await signIn(p, env.key, env.secret,
                 `https://${INSECURE_HOST}:${env.httpsPort}`);
    await p.getByRole('heading', { name: 'Mirror sessions' }).waitFor();
    assert.equal(await p.evaluate(() => window.isSecureContext), true);
    await shot(p, '01b-https-signed-in');
  } finally {
    await p.close();
  }
});

test('the security headers', async () => {
  const r = await fetch(`${env.url}/console/`);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(await rawStatus('/console/../credentials'), 404);
  assert.equal(await rawStatus('/console/%2e%2e/credentials'), 404);
  assert.equal((await fetch(`${env.url}/console/.hidden.js`)).status, 404);
  const js = await fetch(`${env.url}/console/app.js`);
  assert.match(js.headers.get('content-type'), /text\/javascript/);
});

test('sign-in page, and a wrong secret is refused', async () => {
  await page.goto(`${env.url}/console/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await checkAxe(page, 'the sign-in page');
  await shot(page, '02-sign-in');
  await signIn(page, env.key, 'not-the-secret');
  const text = await alertText(page);
  assert.match(text, /SignatureDoesNotMatch|AuthFailure/);
  assert.equal(await page.getByRole('navigation', { name: 'Main' })
    .isVisible(), false);
  await shot(page, '03-wrong-secret');
});

test('sign in with a read-write key', async () => {
  await signIn(page, env.key, env.secret);
  await page.getByRole('heading', { name: 'Mirror sessions' }).waitFor();
  assert.equal(await page.locator('.badge').count(), 0);
  // The secret is in no storage the page could leak.
  const stored = await page.evaluate(() => JSON.stringify(
    [Object.entries(localStorage), Object.entries(sessionStorage),
     document.cookie]));
  assert.doesNotMatch(stored, /console-secret/);
  await checkAxe(page, 'the sessions page (empty)');
  await shot(page, '04-signed-in-sessions');
});

test('build a filter with two rules, in rule-number order', async () => {
  await nav('Mirror filters');
  await page.getByRole('heading', { name: 'Mirror filters' }).waitFor();
  const create = page.getByRole('form', { name: 'Create traffic mirror filter' });
  await create.getByLabel('Name tag').fill('icmp-both-ways');
  await create.getByLabel('Description').fill('ICMP to and from web');
  await create.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: /^Filter tmf-/ }).waitFor();
  state.filter = (await page.getByRole('heading', { name: /^Filter tmf-/ })
    .textContent()).replace('Filter ', '');

  // addRule: fills the add-rule form.
  const addRule = async (dir, number, action, proto, dport) => {
    const f = page.getByRole('form', { name: 'Add rule' });
    await f.getByLabel('Traffic direction').selectOption(dir);
    await f.getByLabel('Rule number').fill(String(number));
    await f.getByLabel('Rule action').selectOption(action);
    await f.getByLabel('Protocol').selectOption(proto);
    if (dport) {
      await f.getByLabel('Destination port range').fill(dport);
    }
    await f.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('table', { name: dir === 'ingress' ? 'Inbound rules'
                                    : 'Outbound rules' })
      .getByRole('cell', { name: String(number), exact: true }).waitFor();
  };
  await addRule('ingress', 200, 'accept', '1');
  await addRule('egress', 100, 'accept', '1');
  // A third rule, numbered below the first, to see the order, edit it and
  // delete it.
  await addRule('ingress', 100, 'reject', '6', '22');
  const inbound = page.getByRole('table', { name: 'Inbound rules' });
  const numbers = await inbound.locator('tbody td[data-label="Rule number"]')
    .allTextContents();
  assert.deepEqual(numbers, ['100', '200']);
  await shot(page, '05-filter-rules');
  await checkAxe(page, 'the filter page');

  await page.getByRole('button', { name: 'Edit rule 100' }).first().click();
  const edit = page.getByRole('form', { name: /^Edit rule tmfr-/ });
  await edit.getByLabel('Rule number').fill('300');
  await edit.getByRole('button', { name: 'Save rule' }).click();
  await inbound.getByRole('cell', { name: '300', exact: true }).waitFor();
  assert.deepEqual(await page.getByRole('table', { name: 'Inbound rules' })
    .locator('tbody td[data-label="Rule number"]').allTextContents(),
  ['200', '300']);
  await shot(page, '06-rule-edited');

  const row = page.getByRole('table', { name: 'Inbound rules' })
    .getByRole('row').filter({ hasText: '300' });
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' })
    .click();
  await page.getByRole('table', { name: 'Inbound rules' })
    .getByRole('cell', { name: '300', exact: true })
    .waitFor({ state: 'detached' });

  await page.getByLabel('amazon-dns').check();
  await page.getByRole('button', { name: 'Save network services' }).click();
  await page.getByRole('heading', { name: /^Filter tmf-/ }).waitFor();
  await waitFor('amazon-dns saved', () => page.getByLabel('amazon-dns')
    .isChecked());
  const r = await apiCall('DescribeTrafficMirrorFilters',
                          [['TrafficMirrorFilterId.1', state.filter]]);
  assert.match(r.text, /<item>amazon-dns<\/item>/);
});

test('create a target', async () => {
  await nav('Mirror targets');
  const create = page.getByRole('form', { name: 'Create traffic mirror target' });
  await create.getByLabel('Description').fill('IDS appliance');
  await create.getByLabel('Target', { exact: true }).fill('appliance');
  await create.getByRole('button', { name: 'Create' }).click();
  const cell = page.getByRole('table', { name: 'Targets' })
    .getByRole('cell', { name: /^tmt-/ });
  await cell.waitFor();
  state.target = await cell.textContent();
  await checkAxe(page, 'the targets page');
  await shot(page, '07-target');
});

test('an API error is shown as it comes', async () => {
  const create = page.getByRole('form', { name: 'Create traffic mirror target' });
  await create.getByLabel('Target', { exact: true }).fill('eni-0000000000000dead');
  await create.getByRole('button', { name: 'Create' }).click();
  const text = await alertText(page);
  assert.match(text, /^InvalidNetworkInterfaceID\.NotFound \S/);
  await shot(page, '08-api-error');
});

test('create a session and see it listed', async () => {
  await nav('Mirror sessions');
  const create = page.getByRole('form', { name: 'Create traffic mirror session' });
  await create.getByLabel('Network interface').fill('web');
  await create.getByLabel('Mirror target').selectOption(state.target);
  await create.getByLabel('Mirror filter').selectOption(state.filter);
  await create.getByLabel('Session number').fill('1');
  await create.getByLabel('Packet length').fill('128');
  await create.getByLabel('VNI').fill('42');
  await create.getByLabel('Description').fill('web to IDS');
  await create.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: /^Session tms-/ }).waitFor();
  state.session = (await page.getByRole('heading', { name: /^Session tms-/ })
    .textContent()).replace('Session ', '');
  await nav('Mirror sessions');
  const row = page.getByRole('table', { name: 'Sessions' }).getByRole('row')
    .filter({ hasText: state.session });
  await row.waitFor();
  assert.match(await row.textContent(), /web.*128.*42/);
  await checkAxe(page, 'the sessions page');
  await shot(page, '09-session-listed');
});

test('modify the packet length, then remove it', async () => {
  await page.getByRole('link', { name: state.session }).click();
  const modify = page.getByRole('form', { name: 'Modify session' });
  await modify.getByLabel('Packet length').fill('100');
  await modify.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Modified' }).waitFor();
  const dd = () => page.locator('dt:text-is("Packet length") + dd')
    .textContent();
  await waitFor('packet length 100', async () => (await dd()) === '100');
  await shot(page, '10-packet-length-100');
  await page.getByRole('form', { name: 'Modify session' })
    .getByLabel('Packet length').fill('');
  await page.getByRole('form', { name: 'Modify session' })
    .getByRole('button', { name: 'Save' }).click();
  await waitFor('packet length removed',
                async () => (await dd()) === '(whole packet)');
  const r = await apiCall('DescribeTrafficMirrorSessions',
                          [['TrafficMirrorSessionId.1', state.session]]);
  assert.equal(xmlValue(r.text, 'packetLength'), undefined);
  assert.equal(xmlValue(r.text, 'virtualNetworkId'), '42');
});

test('the graphs move while accepted traffic flows', async () => {
  const value = (name) => page.locator(`[data-counter="${name}"]`)
    .textContent().then(Number);
  const before = { in: await value('packetsIn'), out: await value('packetsOut') };
  await shot(page, '11-graph-before-traffic');
  await ping('client', '10.0.0.10', 20);
  await waitFor('the counters to rise', async () => (
    (await value('packetsIn')) >= before.in + 20
      && (await value('packetsOut')) >= before.out + 20), 90000, 1000);
  // Another refresh, so that the chart has a rate point.
  await ping('client', '10.0.0.10', 10);
  await waitFor('the chart lines', async () => (
    (await page.locator('svg.chart polyline.in').count()) === 2), 30000);
  assert.ok((await value('bytesIn')) >= 20 * 98);
  const hits = await page.getByRole('table', { name: 'Rule hits' })
    .locator('[data-hits]').evaluateAll((els) => els.map((e) => e.dataset.hits));
  assert.equal(hits.length, 2);
  assert.ok(hits.every((h) => Number(h) >= 20), `hits ${hits}`);
  await checkAxe(page, 'the session page with graphs');
  await shot(page, '12-graph-after-traffic');
});

test('hostile Description and tag values are shown as text', async () => {
  await nav('Mirror filters');
  const create = page.getByRole('form', { name: 'Create traffic mirror filter' });
  await create.getByLabel('Description').fill(HOSTILE_DESC);
  await create.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: /^Filter tmf-/ }).waitFor();
  state.hostile = (await page.getByRole('heading', { name: /^Filter tmf-/ })
    .textContent()).replace('Filter ', '');

  await nav('Tags');
  const tag = page.getByRole('form', { name: 'Add or change a tag' });
  await tag.getByLabel('Resource ID').selectOption(state.hostile);
  await tag.getByLabel('Key').fill('owner');
  await tag.getByLabel('Value').fill(HOSTILE_TAG);
  await tag.getByRole('button', { name: 'Save tag' }).click();
  await page.getByRole('cell', { name: HOSTILE_TAG }).waitFor();
  await checkAxe(page, 'the tags page');
  await shot(page, '13-hostile-tags');

  await nav('Mirror filters');
  await page.getByRole('cell', { name: HOSTILE_DESC }).first().waitFor();
  await page.getByRole('link', { name: state.hostile }).click();
  await page.locator('dd', { hasText: HOSTILE_TAG }).waitFor();
  await shot(page, '14-hostile-filter');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('main img, main script').count(), 0);
  assert.deepEqual(pageErrors, []);
});

test('long lists are filtered and paged', async () => {
  for (let i = 0; i < 11; i++) {
    const r = await apiCall('CreateTrafficMirrorFilter',
                            [['Description', `bulk filter ${i}`]]);
    assert.equal(r.status, 200, r.text);
  }
  await nav('Mirror filters');
  const info = page.locator('.pageinfo');
  await info.filter({ hasText: 'Page 1 of 2 (13 of 13)' }).waitFor();
  await page.getByRole('button', { name: 'Next page' }).click();
  await info.filter({ hasText: 'Page 2 of 2' }).waitFor();
  assert.equal(await page.getByRole('table', { name: 'Filters' })
    .locator('tbody tr').count(), 3);
  await page.getByLabel('Filter filters').fill('bulk filter 7');
  await info.filter({ hasText: 'Page 1 of 1 (1 of 13)' }).waitFor();
  await shot(page, '15-filtered-list');
  await page.getByLabel('Filter filters').fill('');
});

test('a phone-sized window (375 px) has no horizontal scrolling', async (t) => {
  await page.setViewportSize({ width: 375, height: 740 });
  t.after(() => page.setViewportSize({ width: 1280, height: 800 }));
  for (const [hash, heading] of [['#/sessions', 'Mirror sessions'],
                                 [`#/sessions/${state.session}`,
                                  `Session ${state.session}`],
                                 [`#/filters/${state.filter}`,
                                  `Filter ${state.filter}`],
                                 ['#/targets', 'Mirror targets'],
                                 ['#/tags', 'Tags']]) {
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    const width = await page.evaluate(
      () => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `${hash} is ${width} px wide`);
    await checkAxe(page, `${hash} at 375 px`);
  }
  await page.evaluate((h) => { location.hash = h; },
                      `#/sessions/${state.session}`);
  await page.getByRole('heading', { name: `Session ${state.session}` })
    .waitFor();
  await page.locator('svg.chart').first().waitFor();
  await shot(page, '16-phone-session');
  await page.evaluate(() => { location.hash = '#/filters'; });
  await page.getByRole('heading', { name: 'Mirror filters' }).waitFor();
  await shot(page, '17-phone-filters');
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('the keyboard reaches the navigation and forms', async () => {
  await page.evaluate(() => { location.hash = '#/targets'; });
  await page.getByRole('heading', { name: 'Mirror targets' }).waitFor();
  await page.locator('a.skip').focus();
  const seen = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => document.activeElement.textContent
      || document.activeElement.getAttribute('aria-label')
      || document.activeElement.id));
  }
  assert.ok(seen.includes('Mirror sessions'), seen.join('|'));
  assert.ok(seen.includes('Sign out'), seen.join('|'));
  // Enter follows the focused link.
  await page.locator('a.skip').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Mirror filters' }).waitFor();
  // The form fields are reached with Tab, in order, each with its label.
  await page.getByRole('form', { name: 'Create traffic mirror filter' })
    .getByLabel('Name tag').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(
    () => document.activeElement.labels[0].textContent), 'Description');
});

test('delete after a confirmation', async () => {
  await page.evaluate((s) => { location.hash = `#/sessions/${s}`; },
                      state.session);
  await page.getByRole('button', { name: 'Delete session' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await shot(page, '18-confirm-delete');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  let r = await apiCall('DescribeTrafficMirrorSessions',
                        [['TrafficMirrorSessionId.1', state.session]]);
  assert.equal(r.status, 200);
  await page.getByRole('button', { name: 'Delete session' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('heading', { name: 'Mirror sessions' }).waitFor();
  await page.getByRole('table', { name: 'Sessions' })
    .getByText('Nothing to show.').waitFor();
  r = await apiCall('DescribeTrafficMirrorSessions',
                    [['TrafficMirrorSessionId.1', state.session]]);
  assert.match(r.text, /InvalidTrafficMirrorSessionId\.NotFound/);

  await nav('Mirror targets');
  await page.getByRole('table', { name: 'Targets' }).getByRole('row')
    .filter({ hasText: state.target }).getByRole('button', { name: 'Delete' })
    .click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('table', { name: 'Targets' })
    .getByText('Nothing to show.').waitFor();
  await nav('Mirror filters');
  await page.getByLabel('Filter filters').fill(state.filter);
  await page.getByRole('table', { name: 'Filters' }).getByRole('row')
    .filter({ hasText: state.filter }).getByRole('button', { name: 'Delete' })
    .click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('table', { name: 'Filters' }).getByRole('row')
    .filter({ hasText: state.filter }).waitFor({ state: 'detached' });
  await shot(page, '19-deleted');
});

test('a read-only key sees everything and can change nothing', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, env.roKey, env.roSecret);
  await page.getByRole('heading', { name: 'Mirror sessions' }).waitFor();
  await page.locator('.badge', { hasText: 'read-only' }).waitFor();
  await nav('Mirror filters');
  await page.getByLabel('Filter filters').fill('onerror');
  await page.getByRole('cell', { name: HOSTILE_DESC }).first().waitFor();
  const form = page.getByRole('form', { name: 'Create traffic mirror filter' });
  assert.equal(await form.getByRole('button', { name: 'Create' })
    .isDisabled(), true);
  assert.equal(await form.getByLabel('Description').isDisabled(), true);
  const deletes = page.getByRole('button', { name: 'Delete' });
  assert.ok(await deletes.count() > 0);
  for (const b of await deletes.all()) {
    assert.equal(await b.isDisabled(), true);
  }
  await checkAxe(page, 'the filters page, read-only');
  await shot(page, '20-read-only');
  // The API enforces it too.
  const r = await apiCall('DeleteTrafficMirrorFilter',
                          [['TrafficMirrorFilterId', state.hostile]],
                          env.roKey, env.roSecret);
  assert.equal(r.status, 403);
  assert.match(r.text, /UnauthorizedOperation/);
});
