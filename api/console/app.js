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

// The console's shell: the secure-context check, sign-in, the read-only
// check, the navigation and the router (#/targets, #/filters,
// #/filters/ID, #/sessions, #/sessions/ID, #/tags).

import { Client, ApiError } from './api.js';
import { el, append, clear, field, input } from './dom.js';
import * as pages from './pages.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

// The state of the signed-in tab: the client (holding the secret) and
// the counters' history, both in memory only.
const ctx = {
  client: null,
  readOnly: true,
  history: new Map(),           // Session id -> [{ t, counters }].
  timers: new Set(),            // Intervals of the page on screen.
  main,
  go(hash) {
    if (location.hash === hash) {
      route();
    } else {
      location.hash = hash;
    }
  },
  // Shows AWS error 'e' (or any error) as it came: code and message.
  error(e) {
    const box = document.getElementById('alert');
    if (!box) {
      return;
    }
    clear(box);
    if (e instanceof ApiError) {
      append(box, el('strong', { class: 'code', text: e.code }),
             el('span', { class: 'message', text: ` ${e.message}` }));
    } else {
      append(box, el('strong', { class: 'code', text: 'Error' }),
             el('span', { class: 'message', text: ` ${e}` }));
    }
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
  },
  // Shows 'text' in the status line (announced politely).
  notice(text) {
    const s = document.getElementById('status');
    if (s) {
      s.textContent = text;
    }
  },
};

// The page shown over plain HTTP on a non-loopback address: WebCrypto
// (and so signing) exists only in secure contexts.
function insecurePage() {
  clear(main);
  document.title = 'Use HTTPS - Traffic Mirroring console';
  const https = `https://${location.host}${location.pathname}`;
  append(main,
         el('h2', { text: 'Use HTTPS' }),
         el('p', { class: 'insecure', text:
           'This console signs every request in your browser with your '
           + 'secret access key, which browsers allow only on a secure '
           + 'connection: HTTPS, or http://localhost on the machine that '
           + 'runs mirror-api.  This page was loaded over plain HTTP, so '
           + 'the console will not ask for your secret here.' }),
         el('p', {}, 'Start mirror-api with ',
            el('code', { text: '--listen=ssl:IP:PORT' }),
            ' (with --private-key and --certificate) and open ',
            el('code', { text: https }), ', or use an SSH tunnel to a '
            + 'loopback address.'));
}

// Shows the sign-in form.
function signInPage(message) {
  stopTimers();
  nav.hidden = true;
  clear(who);
  clear(main);
  document.title = 'Sign in - Traffic Mirroring console';
  const key = input({ name: 'accessKeyId', autocomplete: 'username',
                      required: true, spellcheck: 'false' });
  const secret = input({ type: 'password', name: 'secretAccessKey',
                         autocomplete: 'off', required: true });
  const region = input({ name: 'region', value: 'us-east-1', required: true });
  const button = el('button', { type: 'submit', text: 'Sign in' });
  const form = el('form', { class: 'signin', 'aria-labelledby': 'signin-h' },
                  el('h2', { id: 'signin-h', text: 'Sign in' }),
                  el('p', { text: 'With an access key of mirror-api. The '
                            + 'secret stays in this tab\'s memory and '
                            + 'signs each request; it is never sent.' }),
                  el('div', { id: 'alert', role: 'alert', hidden: !message },
                     message || ''),
                  field('Access key ID', key),
                  field('Secret access key', secret),
                  field('Region', region),
                  button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    const client = new Client(key.value.trim(), secret.value,
                              region.value.trim());
    secret.value = '';
    try {
      await client.call('DescribeTrafficMirrorFilters', { MaxResults: 5 });
      ctx.readOnly = await isReadOnly(client);
      ctx.client = client;
      signedIn();
    } catch (e) {
      client.forget();
      button.disabled = false;
      ctx.error(e);
      secret.focus();
    }
  });
  main.append(form);
  key.focus();
}

// Resolves to true if 'client''s key may not change anything: asks for a
// change with DryRun, which a read-write key passes (DryRunOperation)
// and a read-only key fails (UnauthorizedOperation).
async function isReadOnly(client) {
  try {
    await client.call('CreateTrafficMirrorFilter', { DryRun: 'true' });
    return false;
  } catch (e) {
    if (e.code === 'DryRunOperation') {
      return false;
    } else if (e.code === 'UnauthorizedOperation') {
      return true;
    }
    throw e;
  }
}

// Sets up the shell for a signed-in key and shows the current page.
function signedIn() {
  nav.hidden = false;
  clear(who);
  append(who, el('span', { text: ctx.client.accessKeyId }),
         ctx.readOnly ? el('span', { class: 'badge', text: 'read-only' })
           : null,
         el('button', { type: 'button', class: 'link', text: 'Sign out',
                        onclick: signOut }));
  if (!location.hash.startsWith('#/')) {
    location.hash = '#/sessions';
  } else {
    route();
  }
}

// Forgets the key and its secret.
function signOut() {
  ctx.client?.forget();
  ctx.client = null;
  ctx.history.clear();
  signInPage();
}

// Stops the refresh timers of the page that was on screen.
function stopTimers() {
  for (const t of ctx.timers) {
    clearInterval(t);
  }
  ctx.timers.clear();
}

// Shows the page for the current location hash.
async function route() {
  if (!ctx.client) {
    return;
  }
  stopTimers();
  const [, page, id] = location.hash.split('/');
  const render = {
    targets: pages.targets,
    filters: id ? pages.filter : pages.filters,
    sessions: id ? pages.session : pages.sessions,
    tags: pages.tags,
  }[page] || pages.sessions;
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === `#/${page}`) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
  clear(main);
  main.append(el('div', { id: 'alert', role: 'alert', hidden: true }),
              el('div', { id: 'status', role: 'status' }));
  const body = el('div', { id: 'page' });
  main.append(body);
  try {
    await render(ctx, body, id ? decodeURIComponent(id) : undefined);
  } catch (e) {
    ctx.error(e);
  }
}

window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/')) {
    route();
  }
});

if (!window.isSecureContext || !globalThis.crypto?.subtle) {
  insecurePage();
} else {
  signInPage();
}
