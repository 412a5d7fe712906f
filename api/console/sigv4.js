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

// AWS Signature Version 4 with WebCrypto (crypto.subtle), as the AWS SDKs
// sign: the console signs each EC2 Query API call in the browser, so the
// secret access key never leaves it.  No DOM use: node's test runner
// imports this module too (tests/console/sigv4.test.mjs compares its
// signatures with botocore's).

const encoder = new TextEncoder();

// Returns the lowercase hex of the bytes in ArrayBuffer 'buf'.
function hex(buf) {
  return Array.from(new Uint8Array(buf),
                    (b) => b.toString(16).padStart(2, '0')).join('');
}

// Returns the SHA-256 of string 's' (UTF-8), in hex.
export async function sha256Hex(s) {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(s)));
}

// Returns HMAC-SHA256(key, message) as an ArrayBuffer; 'key' is bytes
// (ArrayBuffer or Uint8Array), 'message' a string.
async function hmac(key, message) {
  const k = await crypto.subtle.importKey(
    'raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, encoder.encode(message));
}

// Percent-encodes 's' as SigV4 wants: everything but A-Z a-z 0-9 - _ . ~
// (and '/' if 'keepSlash').
export function uriEncode(s, keepSlash = false) {
  let out = encodeURIComponent(s).replace(
    /[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  if (keepSlash) {
    out = out.replace(/%2F/g, '/');
  }
  return out;
}

// Returns the form encoding of 'params' (an object or array of [name,
// value] pairs) for an EC2 Query API body.
export function formEncode(params) {
  const pairs = Array.isArray(params) ? params : Object.entries(params);
  return pairs.map(([k, v]) => uriEncode(k) + '=' + uriEncode(String(v)))
    .join('&');
}

// Returns "20261128T034500Z" for Date 'date'.
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

// Returns the canonical query string of 'query' (URLSearchParams-style
// string without '?', already decoded pairs in 'pairs' take precedence).
function canonicalQuery(pairs) {
  return pairs.map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1
                     : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => k + '=' + v).join('&');
}

// Signs a request and returns { authorization, amzDate, signedHeaders,
// canonicalRequest, stringToSign, signature }.  The caller sends
// 'Authorization' and 'X-Amz-Date' (and every header in 'headers', which
// are all signed, with 'host').
//
//   method: "POST" or "GET"
//   host: the Host header ("127.0.0.1:8080")
//   path: the URL path ("/")
//   query: array of [name, value] pairs of the URL's query (decoded)
//   headers: object of other headers to sign (e.g. content-type)
//   body: the request body (string)
//   region, service ("ec2"), accessKeyId, secretAccessKey
//   date: a Date (default: now)
export async function sign({
  method, host, path = '/', query = [], headers = {}, body = '', region,
  service = 'ec2', accessKeyId, secretAccessKey, date = new Date(),
}) {
  const stamp = amzDate(date);
  const day = stamp.slice(0, 8);

  const all = new Map();
  for (const [name, value] of Object.entries(headers)) {
    all.set(name.toLowerCase(), String(value).trim().split(/\s+/).join(' '));
  }
  all.set('host', host);
  all.set('x-amz-date', stamp);
  const names = [...all.keys()].sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((n) => n + ':' + all.get(n) + '\n')
    .join('');

  const canonicalRequest = [
    method,
    uriEncode(path, true),
    canonicalQuery(query),
    canonicalHeaders,
    signedHeaders,
    await sha256Hex(body),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope,
                        await sha256Hex(canonicalRequest)].join('\n');

  let key = await hmac(encoder.encode('AWS4' + secretAccessKey), day);
  key = await hmac(key, region);
  key = await hmac(key, service);
  key = await hmac(key, 'aws4_request');
  const signature = hex(await hmac(key, stringToSign));

  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, `
      + `SignedHeaders=${signedHeaders}, Signature=${signature}`,
    amzDate: stamp,
    signedHeaders,
    canonicalRequest,
    stringToSign,
    signature,
  };
}
