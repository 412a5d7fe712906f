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

// The EC2 Query API client of the console: signs each call with SigV4
// (sigv4.js) and POSTs it to mirror-api on the same origin, as the SDKs
// do; answers are EC2 XML, turned into plain objects.

import { sign, formEncode } from './sigv4.js';

export const API_VERSION = '2016-11-15';
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

// An AWS error answer: 'code' ("InvalidParameterValue") and 'message' as
// the API sent them.
export class ApiError extends Error {
  constructor(code, message, requestId, status) {
    super(message);
    this.code = code;
    this.requestId = requestId;
    this.status = status;
  }
}

// Turns EC2 XML element 'e' into a value: a list for "...Set" elements
// (one entry per <item>), an object for other elements with children,
// and text for leaves.
export function fromXml(e) {
  const kids = [...e.children];
  if (e.localName.endsWith('Set')) {
    return kids.map(fromXml);
  }
  if (!kids.length) {
    return e.textContent;
  }
  const o = {};
  for (const k of kids) {
    o[k.localName] = fromXml(k);
  }
  return o;
}

// Flattens 'params' into EC2 Query pairs: arrays become Name.1, Name.2...,
// objects Name.Key; null, undefined and '' are left out.
export function flatten(params, prefix = '', out = []) {
  for (const [k, v] of Object.entries(params)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined || v === '') {
      continue;
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (x !== null && typeof x === 'object') {
          flatten(x, `${name}.${i + 1}`, out);
        } else {
          out.push([`${name}.${i + 1}`, String(x)]);
        }
      });
    } else if (typeof v === 'object') {
      flatten(v, name, out);
    } else {
      out.push([name, String(v)]);
    }
  }
  return out;
}

// A signed-in client.  The secret exists only in this object, in memory,
// for the tab's life (or until sign-out).
export class Client {
  constructor(accessKeyId, secretAccessKey, region) {
    this.accessKeyId = accessKeyId;
    this.region = region;
    let secret = secretAccessKey;
    this.forget = () => { secret = null; };
    this.signer = (req) => sign({ ...req, accessKeyId,
                                  secretAccessKey: secret, region });
  }

  // Calls 'action' with 'params'; resolves to the response's content as
  // an object, or rejects with an ApiError.
  async call(action, params = {}) {
    const body = formEncode([['Action', action], ['Version', API_VERSION],
                             ...flatten(params)]);
    const s = await this.signer({ method: 'POST', host: location.host,
                                  path: '/', headers: { 'Content-Type': FORM },
                                  body });
    let response;
    try {
      response = await fetch('/', {
        method: 'POST', body, cache: 'no-store', credentials: 'omit',
        headers: { 'Content-Type': FORM, 'X-Amz-Date': s.amzDate,
                   Authorization: s.authorization },
      });
    } catch (e) {
      throw new ApiError('NetworkError', `mirror-api did not answer: ${e}`);
    }
    const text = await response.text();
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const root = doc.documentElement;
    if (!root || root.localName === 'parsererror'
        || doc.getElementsByTagName('parsererror').length) {
      throw new ApiError('InvalidResponse',
                         `HTTP ${response.status}: not an API answer`);
    }
    if (!response.ok || root.localName === 'Response') {
      const err = root.getElementsByTagName('Error')[0];
      const get = (n) => err?.getElementsByTagName(n)[0]?.textContent ?? '';
      throw new ApiError(get('Code') || `HTTP${response.status}`,
                         get('Message'),
                         root.getElementsByTagName('RequestID')[0]
                           ?.textContent, response.status);
    }
    return fromXml(root);
  }

  // Calls Describe 'action' page by page (NextToken) and returns all of
  // the items of 'set' (e.g. "trafficMirrorSessionSet").
  async describeAll(action, set, params = {}) {
    const items = [];
    let token;
    do {
      const r = await this.call(action, { ...params, MaxResults: 100,
                                          NextToken: token });
      items.push(...(r[set] || []));
      token = r.nextToken;
    } while (token);
    return items;
  }
}
