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

// Line charts in SVG, built with createElementNS (no markup strings).

const NS = 'http://www.w3.org/2000/svg';

// Returns SVG element 'tag' with attributes 'attrs'.
function svg(tag, attrs = {}) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    e.setAttribute(k, String(v));
  }
  return e;
}

// Returns "1.2k", "3.4M"... for 'n'.
export function human(n) {
  const units = ['', 'k', 'M', 'G', 'T'];
  let i = 0;
  while (Math.abs(n) >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  const text = i || (n < 10 && !Number.isInteger(n)) ? n.toFixed(1)
    : String(Math.round(n));
  return text + units[i];
}

// Returns a chart of 'series' ([{ name, cls, points: [[timeMs, value]] }])
// over the last 'spanMs' before 'now', titled 'title' (also its
// accessible name).  Values are drawn as they are (counts per interval).
export function lineChart(title, series, now, spanMs) {
  const W = 600, H = 180, L = 48, R = 8, T = 10, B = 22;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img',
                            class: 'chart', 'aria-label': title });
  const t = svg('title');
  t.textContent = title;
  root.append(t);

  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1])));
  const x = (ms) => L + (W - L - R) * (1 - (now - ms) / spanMs);
  const y = (v) => T + (H - T - B) * (1 - v / max);

  for (const f of [0, 0.5, 1]) {
    const yy = y(max * f);
    root.append(svg('line', { x1: L, x2: W - R, y1: yy, y2: yy,
                              class: 'grid' }));
    const label = svg('text', { x: L - 4, y: yy + 4, class: 'axis',
                                'text-anchor': 'end' });
    label.textContent = human(max * f);
    root.append(label);
  }
  for (const [ms, text] of [[now - spanMs, `-${spanMs / 60000} min`],
                            [now, 'now']]) {
    const label = svg('text', { x: x(ms), y: H - 6, class: 'axis',
                                'text-anchor': ms === now ? 'end' : 'start' });
    label.textContent = text;
    root.append(label);
  }
  for (const s of series) {
    const pts = s.points.filter((p) => p[0] >= now - spanMs)
      .map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`);
    if (pts.length) {
      // data-peak: the highest value drawn, for tests and tools.
      const peak = Math.max(...s.points.filter((p) => p[0] >= now - spanMs)
        .map((p) => p[1]));
      root.append(svg('polyline', { points: pts.join(' '),
                                    class: `line ${s.cls}`,
                                    'data-peak': peak.toFixed(2) }));
    }
  }
  return root;
}
