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

// Shared by the console tests: the lab's settings (from run-lab.sh), the
// browser (Debian's chromium through playwright-core: never a download),
// screenshots, the axe-core check, and signed API calls from node.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

import { sign, formEncode } from '../../api/console/sigv4.js';

const require = createRequire(import.meta.url);

// The lab, as run-lab.sh exports it.
export const env = (() => {
  const need = ['TM_CONSOLE_URL', 'TM_METRICS_URL', 'TM_CONSOLE_LAB',
                'TM_CONSOLE_KEY', 'TM_CONSOLE_SECRET', 'TM_CONSOLE_RO_KEY',
                'TM_CONSOLE_RO_SECRET', 'TM_CONSOLE_ARTIFACTS'];
  for (const n of need) {
    if (!process.env[n]) {
      throw new Error(`${n} is not set: run the tests with `
                      + 'tests/console/run-lab.sh (make check-console)');
    }
  }
  return {
    url: process.env.TM_CONSOLE_URL,
    metrics: process.env.TM_METRICS_URL,
    lab: process.env.TM_CONSOLE_LAB,
    key: process.env.TM_CONSOLE_KEY,
    secret: process.env.TM_CONSOLE_SECRET,
    roKey: process.env.TM_CONSOLE_RO_KEY,
    roSecret: process.env.TM_CONSOLE_RO_SECRET,
    artifacts: process.env.TM_CONSOLE_ARTIFACTS,
    httpsPort: process.env.TM_CONSOLE_HTTPS_PORT,
  };
})();

// A name that is not loopback, mapped to mirror-api's loopback address by
// the browser's resolver: plain HTTP to it is not a secure context, HTTPS
// is.
export const INSECURE_HOST = 'console.mirror.test';

// Launches headless Chromium from /usr/bin/chromium with a fresh profile.
export async function launch() {
  const executablePath = '/usr/bin/chromium';
  assert.ok(fs.existsSync(executablePath),
            'Debian\'s chromium is missing (tools/install-deps.sh)');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    ignoreHTTPSErrors: true,            // The lab's self-signed certificate.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run',
           '--disable-quic',
           `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`],
  });
  context.userDataDir = userDataDir;
  return context;
}

// Closes 'context' and removes its profile.
export async function close(context) {
  await context.close();
  fs.rmSync(context.userDataDir, { recursive: true, force: true });
}

// Saves a full-page screenshot of 'page' as artifacts/NAME.png.
export async function shot(page, name) {
  await page.screenshot({ path: path.join(env.artifacts, `${name}.png`),
                          fullPage: true });
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'),
                                  'utf8');

// Runs axe-core on 'page' (WCAG 2 A and AA rules) and fails on any
// violation, listing them.  axe is evaluated through the DevTools
// protocol, so the page's CSP stays as it is.
export async function checkAxe(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',
                                     'wcag21aa', 'best-practice'] },
  }));
  const v = result.violations.map((x) => `${x.id} (${x.impact}): ${x.help}: `
    + x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  assert.deepEqual(v, [], `axe violations on ${what}`);
  return result.passes.length;
}

// Calls EC2 Query API 'action' with 'pairs' ([name, value]) as key
// 'key'/'secret', signed like the console; returns { status, text }.
export async function apiCall(action, pairs = [], key = env.key,
                              secret = env.secret) {
  const u = new URL(env.url);
  const body = formEncode([['Action', action], ['Version', '2016-11-15'],
                           ...pairs]);
  const type = 'application/x-www-form-urlencoded; charset=utf-8';
  const s = await sign({ method: 'POST', host: u.host, path: '/', body,
                         headers: { 'Content-Type': type },
                         region: 'us-east-1', accessKeyId: key,
                         secretAccessKey: secret });
  const r = await fetch(`${env.url}/`, {
    method: 'POST', body,
    headers: { 'Content-Type': type, 'X-Amz-Date': s.amzDate,
               Authorization: s.authorization },
  });
  return { status: r.status, text: await r.text() };
}

// Deletes, through the API, the session, target and filter whose ids
// 'ids' holds (any of them may be missing), in that order, since a session
// holds its target and filter.
export async function deleteMirrorResources(ids) {
  if (ids.session) {
    await apiCall('DeleteTrafficMirrorSession',
                  [['TrafficMirrorSessionId', ids.session]]);
  }
  if (ids.target) {
    await apiCall('DeleteTrafficMirrorTarget',
                  [['TrafficMirrorTargetId', ids.target]]);
  }
  if (ids.filter) {
    await apiCall('DeleteTrafficMirrorFilter',
                  [['TrafficMirrorFilterId', ids.filter]]);
  }
}

// Returns the text of the first <NAME> in XML 'text'.
export function xmlValue(text, name) {
  const m = text.match(new RegExp(`<${name}>([^<]*)</${name}>`));
  return m ? m[1] : undefined;
}

const execFileP = promisify(execFile);

// Sends 'count' pings from lab VM 'from' to 'to', 0.2 s apart.
export async function ping(from, to, count) {
  await execFileP('ip', ['netns', 'exec', `${env.lab}-${from}`, 'ping', '-q',
                         '-c', String(count), '-i', '0.2', '-W', '2', to]);
}

// Waits until 'fn' resolves to a truthy value (polling every 'step' ms, at
// most 'ms'), returns that value; throws with 'what' on timeout.
export async function waitFor(what, fn, ms = 60000, step = 500) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) {
      return v;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, step));
  }
}
