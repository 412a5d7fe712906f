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

// The console's pages: targets, filters (and one filter's rules),
// sessions (and one session's live counters) and tags.  Every value from
// the API goes into the page as text (dom.js).

import { el, append, clear, field, input, select, confirmDialog } from
  './dom.js';
import { lineChart, human } from './chart.js';

const PAGE_SIZE = 10;
const REFRESH_MS = 3000;                // Counters refresh.
const HISTORY_MS = 10 * 60 * 1000;      // Counters kept in the browser.
const CHART_MS = 5 * 60 * 1000;         // Shown in the charts.
const RATE_MS = 15 * 1000;              // Rates are averaged over this.

const PROTOCOLS = [['', 'All protocols'], ['6', 'TCP (6)'], ['17', 'UDP (17)'],
                   ['1', 'ICMP (1)'], ['58', 'ICMPv6 (58)']];

// Returns "Key=Value, ..." for a tagSet.
function tagText(tags) {
  return (tags || []).map((t) => `${t.key}=${t.value}`).join(', ');
}

// Returns the value of tag 'key' in 'tags', or ''.
function tagValue(tags, key) {
  return (tags || []).find((t) => t.key === key)?.value ?? '';
}

// Returns TagSpecification parameters for a Name tag, or {}.
function nameTag(type, name) {
  return name ? { TagSpecification: [{ ResourceType: type,
                                       Tag: [{ Key: 'Name', Value: name }] }] }
    : {};
}

// Returns a heading and a section for 'title' with 'children'.
function section(title, ...children) {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return el('section', { 'aria-labelledby': id },
            el('h3', { id, text: title }), children);
}

// Returns a form titled 'title' with 'fields' and a submit button 'label',
// calling 'onsubmit' (async).  All controls are disabled for a read-only
// key.
function form(ctx, title, fields, label, onsubmit) {
  const button = el('button', { type: 'submit', text: label });
  const f = el('form', { class: 'card', 'aria-label': title },
               el('h3', { text: title }), fields, el('div', { class: 'buttons' },
                                                     button));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    try {
      await onsubmit();
    } catch (e) {
      ctx.error(e);
    } finally {
      button.disabled = ctx.readOnly;
    }
  });
  if (ctx.readOnly) {
    for (const c of f.querySelectorAll('input, select, textarea, button')) {
      c.disabled = true;
    }
    f.append(el('p', { class: 'hint', text: 'Read-only access key: '
                       + 'changes are disabled.' }));
  }
  return f;
}

// Returns a button 'label' (a danger one) that asks 'question' first and
// then runs 'action'; disabled for a read-only key.
function deleteButton(ctx, label, question, action) {
  return el('button', {
    type: 'button', class: 'danger', text: label, disabled: ctx.readOnly,
    onclick: async () => {
      if (await confirmDialog(question)) {
        try {
          await action();
        } catch (e) {
          ctx.error(e);
        }
      }
    },
  });
}

// Returns a table of 'rows' with 'columns' ([{ label, get(row) }], get
// returning a string or a node), a filter box and paging by PAGE_SIZE.
function listView(caption, columns, rows) {
  let page = 0;
  let shown = rows;
  const search = input({ type: 'search', placeholder: 'Filter',
                         'aria-controls': 'x' });
  const tbody = el('tbody');
  const table = el('table', {}, el('caption', { text: caption }),
                   el('thead', {}, el('tr', {}, columns.map(
                     (c) => el('th', { scope: 'col', text: c.label })))),
                   tbody);
  const info = el('span', { role: 'status', class: 'pageinfo' });
  const prev = el('button', { type: 'button', text: 'Previous page' });
  const next = el('button', { type: 'button', text: 'Next page' });
  const wrap = el('div', { class: 'table-wrap' }, table);
  table.id = `t${Math.random().toString(36).slice(2)}`;
  search.setAttribute('aria-controls', table.id);

  const text = (row) => columns.map((c) => {
    const v = c.get(row);
    return v instanceof Node ? v.textContent : String(v ?? '');
  }).join(' ').toLowerCase();
  const draw = () => {
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    clear(tbody);
    for (const row of shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)) {
      tbody.append(el('tr', {}, columns.map((c) => {
        const v = c.get(row);
        return el('td', { 'data-label': c.label }, v ?? '');
      })));
    }
    if (!shown.length) {
      tbody.append(el('tr', {}, el('td', { colspan: columns.length,
                                           text: 'Nothing to show.' })));
    }
    info.textContent = `Page ${page + 1} of ${pages} (${shown.length} `
      + `of ${rows.length})`;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    shown = q ? rows.filter((r) => text(r).includes(q)) : rows;
    page = 0;
    draw();
  });
  prev.addEventListener('click', () => { page--; draw(); });
  next.addEventListener('click', () => { page++; draw(); });
  draw();
  return el('div', { class: 'list' },
            field(`Filter ${caption.toLowerCase()}`, search), wrap,
            el('div', { class: 'pager' }, prev, info, next));
}

// Returns a link to '#/kind/id' showing 'id'.
function link(kind, id) {
  return el('a', { href: `#/${kind}/${encodeURIComponent(id)}`, text: id });
}

// The targets page: list, create, delete.
export async function targets(ctx, body) {
  document.title = 'Mirror targets - Traffic Mirroring console';
  const list = await ctx.client.describeAll('DescribeTrafficMirrorTargets',
                                            'trafficMirrorTargetSet');
  const name = input();
  const desc = input();
  const type = select([['NetworkInterfaceId', 'Network interface'],
                       ['NetworkLoadBalancerArn', 'Network Load Balancer'],
                       ['GatewayLoadBalancerEndpointId',
                        'Gateway Load Balancer endpoint']], '');
  const target = input({ required: true });
  append(body,
         el('h2', { text: 'Mirror targets' }),
         form(ctx, 'Create traffic mirror target', [
           field('Name tag', name),
           field('Description', desc),
           field('Target type', type),
           field('Target', target, 'Network interface ID, load balancer '
                 + 'ARN or endpoint ID'),
         ], 'Create', async () => {
           const r = await ctx.client.call('CreateTrafficMirrorTarget', {
             [type.value]: target.value.trim(), Description: desc.value,
             ...nameTag('traffic-mirror-target', name.value) });
           ctx.notice(`Created ${r.trafficMirrorTarget.trafficMirrorTargetId}`);
           ctx.go('#/targets');
         }),
         section('Targets', listView('Targets', [
           { label: 'Name', get: (t) => tagValue(t.tagSet, 'Name') },
           { label: 'Target ID', get: (t) => t.trafficMirrorTargetId },
           { label: 'Description', get: (t) => t.description },
           { label: 'Type', get: (t) => t.type },
           { label: 'Target', get: (t) => t.networkInterfaceId
               || t.networkLoadBalancerArn || t.gatewayLoadBalancerEndpointId },
           { label: 'Tags', get: (t) => tagText(t.tagSet) },
           { label: 'Actions', get: (t) => deleteButton(
             ctx, 'Delete', `Delete target ${t.trafficMirrorTargetId}?`,
             async () => {
               await ctx.client.call('DeleteTrafficMirrorTarget', {
                 TrafficMirrorTargetId: t.trafficMirrorTargetId });
               ctx.go('#/targets');
             }) },
         ], list)));
}

// The filters page: list, create, delete.
export async function filters(ctx, body) {
  document.title = 'Mirror filters - Traffic Mirroring console';
  const list = await ctx.client.describeAll('DescribeTrafficMirrorFilters',
                                            'trafficMirrorFilterSet');
  const name = input();
  const desc = input();
  const dns = el('input', { type: 'checkbox' });
  append(body,
         el('h2', { text: 'Mirror filters' }),
         form(ctx, 'Create traffic mirror filter', [
           field('Name tag', name),
           field('Description', desc),
           el('div', { class: 'field check' }, dns,
              el('label', { text: 'Network services: amazon-dns' })),
         ], 'Create', async () => {
           const r = await ctx.client.call('CreateTrafficMirrorFilter', {
             Description: desc.value,
             ...nameTag('traffic-mirror-filter', name.value) });
           const id = r.trafficMirrorFilter.trafficMirrorFilterId;
           if (dns.checked) {
             await ctx.client.call('ModifyTrafficMirrorFilterNetworkServices',
                                   { TrafficMirrorFilterId: id,
                                     AddNetworkService: ['amazon-dns'] });
           }
           ctx.go(`#/filters/${id}`);
         }),
         section('Filters', listView('Filters', [
           { label: 'Name', get: (f) => tagValue(f.tagSet, 'Name') },
           { label: 'Filter ID',
             get: (f) => link('filters', f.trafficMirrorFilterId) },
           { label: 'Description', get: (f) => f.description },
           { label: 'Network services',
             get: (f) => (f.networkServiceSet || []).join(', ') },
           { label: 'Inbound rules',
             get: (f) => String((f.ingressFilterRuleSet || []).length) },
           { label: 'Outbound rules',
             get: (f) => String((f.egressFilterRuleSet || []).length) },
           { label: 'Tags', get: (f) => tagText(f.tagSet) },
           { label: 'Actions', get: (f) => deleteButton(
             ctx, 'Delete', `Delete filter ${f.trafficMirrorFilterId}?`,
             async () => {
               await ctx.client.call('DeleteTrafficMirrorFilter', {
                 TrafficMirrorFilterId: f.trafficMirrorFilterId });
               ctx.go('#/filters');
             }) },
         ], list)));
  dns.id = 'dns-new';
  dns.nextSibling.setAttribute('for', 'dns-new');
}

// Returns "from - to" for a port range, or "All".
function ports(r) {
  return r && typeof r === 'object' && r.fromPort !== undefined
    ? (r.fromPort === r.toPort ? r.fromPort : `${r.fromPort} - ${r.toPort}`)
    : 'All';
}

// Returns the protocol's name for rule 'r'.
function protocolName(p) {
  return PROTOCOLS.find(([v]) => v === String(p ?? ''))?.[1] ?? String(p);
}

// Returns the add/edit rule form of filter 'id'; 'rule' is the rule to
// edit, or undefined to add one.
function ruleForm(ctx, id, rule) {
  const r = rule || {};
  const dir = select([['ingress', 'Inbound'], ['egress', 'Outbound']],
                     r.trafficDirection || 'ingress');
  const number = input({ type: 'number', min: 1, max: 32766, required: true,
                         value: r.ruleNumber ?? '' });
  const action = select([['accept', 'accept'], ['reject', 'reject']],
                        r.ruleAction || 'accept');
  const proto = select(PROTOCOLS, r.protocol ?? '');
  const portRange = (p) => (p && p.fromPort !== undefined
    ? `${p.fromPort}-${p.toPort}` : '');
  const sport = input({ value: portRange(r.sourcePortRange),
                        placeholder: 'e.g. 1024-65535' });
  const dport = input({ value: portRange(r.destinationPortRange),
                        placeholder: 'e.g. 80 or 80-443' });
  const scidr = input({ value: r.sourceCidrBlock || '0.0.0.0/0',
                        required: true });
  const dcidr = input({ value: r.destinationCidrBlock || '0.0.0.0/0',
                        required: true });
  const desc = input({ value: r.description || '' });
  const range = (s) => {
    const m = s.trim().match(/^(\d+)(?:\s*-\s*(\d+))?$/);
    return m ? { FromPort: m[1], ToPort: m[2] ?? m[1] } : s.trim() || null;
  };
  const title = rule ? `Edit rule ${r.trafficMirrorFilterRuleId}`
    : 'Add rule';
  return form(ctx, title, [
    field('Traffic direction', dir),
    field('Rule number', number),
    field('Rule action', action),
    field('Protocol', proto),
    field('Source port range', sport),
    field('Destination port range', dport),
    field('Source CIDR block', scidr),
    field('Destination CIDR block', dcidr),
    field('Description', desc),
  ], rule ? 'Save rule' : 'Add rule', async () => {
    const params = {
      TrafficDirection: dir.value, RuleNumber: number.value,
      RuleAction: action.value, Protocol: proto.value,
      SourceCidrBlock: scidr.value.trim(),
      DestinationCidrBlock: dcidr.value.trim(),
      SourcePortRange: range(sport.value),
      DestinationPortRange: range(dport.value),
      Description: desc.value,
    };
    if (rule) {
      const remove = [];
      if (!proto.value && r.protocol !== undefined) {
        remove.push('protocol');
      }
      if (!sport.value.trim() && r.sourcePortRange?.fromPort !== undefined) {
        remove.push('source-port-range');
      }
      if (!dport.value.trim()
          && r.destinationPortRange?.fromPort !== undefined) {
        remove.push('destination-port-range');
      }
      if (!desc.value && r.description) {
        remove.push('description');
      }
      await ctx.client.call('ModifyTrafficMirrorFilterRule', {
        TrafficMirrorFilterRuleId: r.trafficMirrorFilterRuleId, ...params,
        RemoveField: remove });
    } else {
      await ctx.client.call('CreateTrafficMirrorFilterRule', {
        TrafficMirrorFilterId: id, ...params });
    }
    ctx.go(`#/filters/${id}`);
  });
}

// Returns the rule table of one direction, in rule-number order.
function ruleTable(ctx, id, title, rules, editArea) {
  const sorted = [...(rules || [])].sort((a, b) => a.ruleNumber - b.ruleNumber);
  return section(title, listView(title, [
    { label: 'Rule number', get: (r) => r.ruleNumber },
    { label: 'Rule action', get: (r) => r.ruleAction },
    { label: 'Protocol', get: (r) => protocolName(r.protocol) },
    { label: 'Source port range', get: (r) => ports(r.sourcePortRange) },
    { label: 'Destination port range',
      get: (r) => ports(r.destinationPortRange) },
    { label: 'Source CIDR block', get: (r) => r.sourceCidrBlock },
    { label: 'Destination CIDR block', get: (r) => r.destinationCidrBlock },
    { label: 'Description', get: (r) => r.description },
    { label: 'Actions', get: (r) => el('span', { class: 'actions' },
      el('button', { type: 'button', text: 'Edit', disabled: ctx.readOnly,
                     'aria-label': `Edit rule ${r.ruleNumber}`,
                     onclick: () => {
                       clear(editArea).append(ruleForm(ctx, id, r));
                       editArea.querySelector('input, select').focus();
                     } }),
      deleteButton(ctx, 'Delete', `Delete rule ${r.ruleNumber} `
                   + `(${r.trafficMirrorFilterRuleId})?`, async () => {
        await ctx.client.call('DeleteTrafficMirrorFilterRule', {
          TrafficMirrorFilterRuleId: r.trafficMirrorFilterRuleId });
        ctx.go(`#/filters/${id}`);
      })) },
  ], sorted));
}

// One filter: its network services and its inbound and outbound rules.
export async function filter(ctx, body, id) {
  document.title = `${id} - Traffic Mirroring console`;
  const r = await ctx.client.call('DescribeTrafficMirrorFilters', {
    TrafficMirrorFilterId: [id] });
  const f = r.trafficMirrorFilterSet[0];
  const dns = el('input', { type: 'checkbox', id: 'dns',
                            checked: (f.networkServiceSet || [])
                              .includes('amazon-dns') });
  const editArea = el('div', { class: 'edit-area' });
  append(body,
         el('p', {}, el('a', { href: '#/filters', text: 'Mirror filters' })),
         el('h2', { text: `Filter ${f.trafficMirrorFilterId}` }),
         el('dl', {},
            el('dt', { text: 'Description' }), el('dd', { text: f.description }),
            el('dt', { text: 'Tags' }), el('dd', { text: tagText(f.tagSet) })),
         form(ctx, 'Network services', [
           el('div', { class: 'field check' }, dns,
              el('label', { for: 'dns', text: 'amazon-dns' })),
         ], 'Save network services', async () => {
           await ctx.client.call('ModifyTrafficMirrorFilterNetworkServices', {
             TrafficMirrorFilterId: id,
             [dns.checked ? 'AddNetworkService' : 'RemoveNetworkService']:
               ['amazon-dns'] });
           ctx.go(`#/filters/${id}`);
         }),
         ruleTable(ctx, id, 'Inbound rules', f.ingressFilterRuleSet, editArea),
         ruleTable(ctx, id, 'Outbound rules', f.egressFilterRuleSet,
                   editArea),
         editArea);
  editArea.append(ruleForm(ctx, id));
}

// The sessions page: list and create.
export async function sessions(ctx, body) {
  document.title = 'Mirror sessions - Traffic Mirroring console';
  const [list, tgts, flts] = await Promise.all([
    ctx.client.describeAll('DescribeTrafficMirrorSessions',
                           'trafficMirrorSessionSet'),
    ctx.client.describeAll('DescribeTrafficMirrorTargets',
                           'trafficMirrorTargetSet'),
    ctx.client.describeAll('DescribeTrafficMirrorFilters',
                           'trafficMirrorFilterSet'),
  ]);
  const label = (o, id) => {
    const n = tagValue(o.tagSet, 'Name') || o.description;
    return n ? `${id} (${n})` : id;
  };
  const name = input();
  const desc = input();
  const eni = input({ required: true });
  const target = select(tgts.map((t) => [t.trafficMirrorTargetId,
                                         label(t, t.trafficMirrorTargetId)]));
  const filt = select(flts.map((f) => [f.trafficMirrorFilterId,
                                       label(f, f.trafficMirrorFilterId)]));
  const number = input({ type: 'number', min: 1, max: 32766, required: true,
                         value: '1' });
  const plen = input({ type: 'number', min: 1, max: 8500 });
  const vni = input({ type: 'number', min: 0, max: 16777215 });
  const bpkts = input({ type: 'number', min: 0, max: 1000000000000 });
  append(body,
         el('h2', { text: 'Mirror sessions' }),
         form(ctx, 'Create traffic mirror session', [
           field('Name tag', name),
           field('Description', desc),
           field('Network interface', eni, 'The mirror source'),
           field('Mirror target', target),
           field('Mirror filter', filt),
           field('Session number', number),
           field('Packet length', plen, 'Optional: bytes to copy'),
           field('VNI', vni, 'Optional: VXLAN network identifier'),
           field('Copy budget (packets)', bpkts,
                 'Optional: copies per second; 0: no limit'),
         ], 'Create', async () => {
           const r = await ctx.client.call('CreateTrafficMirrorSession', {
             NetworkInterfaceId: eni.value.trim(),
             TrafficMirrorTargetId: target.value,
             TrafficMirrorFilterId: filt.value,
             SessionNumber: number.value, PacketLength: plen.value,
             VirtualNetworkId: vni.value, CopyBudgetPackets: bpkts.value,
             Description: desc.value,
             ...nameTag('traffic-mirror-session', name.value) });
           ctx.go(`#/sessions/${r.trafficMirrorSession.trafficMirrorSessionId}`);
         }),
         section('Sessions', listView('Sessions', [
           { label: 'Name', get: (s) => tagValue(s.tagSet, 'Name') },
           { label: 'Session ID',
             get: (s) => link('sessions', s.trafficMirrorSessionId) },
           { label: 'Description', get: (s) => s.description },
           { label: 'Network interface', get: (s) => s.networkInterfaceId },
           { label: 'Mirror target', get: (s) => s.trafficMirrorTargetId },
           { label: 'Mirror filter', get: (s) => s.trafficMirrorFilterId },
           { label: 'Session number', get: (s) => s.sessionNumber },
           { label: 'Packet length', get: (s) => s.packetLength ?? '' },
           { label: 'VNI', get: (s) => s.virtualNetworkId ?? '' },
           { label: 'Tags', get: (s) => tagText(s.tagSet) },
         ], list)));
}

// Returns the text of copy budget 'v' of a session, in 'unit' per
// second: absent means the hypervisor's default (Global copy_budget), 0
// no limit.
function budgetText(v, unit) {
  if (v === undefined || v === null || v === '') {
    return 'Default (set by the operator)';
  }
  return Number(v) === 0 ? 'No limit' : `${v} ${unit} per second`;
}

// Returns the per-second rate of counter 'key' in 'hist' at each sample,
// over the RATE_MS before it (mirrord writes counters every few seconds,
// so rates between consecutive refreshes would jump between 0 and twice
// the real rate), as chart points.
function rates(hist, key) {
  const out = [];
  let j = 0;
  for (let i = 1; i < hist.length; i++) {
    while (j < i - 1 && hist[j + 1].t <= hist[i].t - RATE_MS) {
      j++;
    }
    const a = hist[j], b = hist[i];
    const dv = (b.c[key] ?? 0) - (a.c[key] ?? 0);
    const dt = (b.t - a.t) / 1000;
    out.push([b.t, dt > 0 && dv >= 0 ? dv / dt : 0]);
  }
  return out;
}

// One session: details, modify, delete, live counters and rule hits.
export async function session(ctx, body, id) {
  document.title = `${id} - Traffic Mirroring console`;
  const [r, tgts, flts] = await Promise.all([
    ctx.client.call('DescribeTrafficMirrorSessions', {
      TrafficMirrorSessionId: [id] }),
    ctx.client.describeAll('DescribeTrafficMirrorTargets',
                           'trafficMirrorTargetSet'),
    ctx.client.describeAll('DescribeTrafficMirrorFilters',
                           'trafficMirrorFilterSet'),
  ]);
  const s = r.trafficMirrorSessionSet[0];
  const number = input({ type: 'number', min: 1, max: 32766, required: true,
                         value: s.sessionNumber });
  const plen = input({ type: 'number', min: 1, max: 8500,
                       value: s.packetLength ?? '' });
  const vni = input({ type: 'number', min: 0, max: 16777215,
                      value: s.virtualNetworkId ?? '' });
  const bpkts = input({ type: 'number', min: 0, max: 1000000000000,
                        value: s.copyBudgetPackets ?? '' });
  const bbytes = input({ type: 'number', min: 0, max: 1000000000000,
                         value: s.copyBudgetBytes ?? '' });
  const desc = input({ value: s.description ?? '' });
  const target = select(tgts.map((t) => [t.trafficMirrorTargetId,
                                         t.trafficMirrorTargetId]),
                        s.trafficMirrorTargetId);
  const filt = select(flts.map((f) => [f.trafficMirrorFilterId,
                                       f.trafficMirrorFilterId]),
                      s.trafficMirrorFilterId);
  const details = el('dl', {});
  for (const [k, v] of [['Session ID', s.trafficMirrorSessionId],
                        ['Network interface', s.networkInterfaceId],
                        ['Mirror target', s.trafficMirrorTargetId],
                        ['Mirror filter', s.trafficMirrorFilterId],
                        ['Session number', s.sessionNumber],
                        ['Packet length', s.packetLength ?? '(whole packet)'],
                        ['VNI', s.virtualNetworkId ?? ''],
                        ['Copy budget (packets)',
                         budgetText(s.copyBudgetPackets, 'packets')],
                        ['Copy budget (bytes)',
                         budgetText(s.copyBudgetBytes, 'bytes')],
                        ['Description', s.description ?? ''],
                        ['Tags', tagText(s.tagSet)]]) {
    details.append(el('dt', { text: k }), el('dd', { text: v }));
  }
  const live = el('div', { class: 'live' });
  append(body,
         el('p', {}, el('a', { href: '#/sessions', text: 'Mirror sessions' })),
         el('h2', { text: `Session ${id}` }),
         details,
         section('Live counters', live),
         form(ctx, 'Modify session', [
           field('Session number', number),
           field('Packet length', plen, 'Empty: copy whole packets'),
           field('VNI', vni),
           field('Copy budget (packets)', bpkts,
                 'Copies per second; 0: no limit; empty: the default'),
           field('Copy budget (bytes)', bbytes,
                 'Bytes per second; 0: no limit; empty: the default'),
           field('Description', desc),
           field('Mirror target', target),
           field('Mirror filter', filt),
         ], 'Save', async () => {
           const p = { TrafficMirrorSessionId: id };
           const remove = [];
           const change = (name, now, was, field) => {
             if (String(now) === String(was ?? '')) {
               return;
             } else if (now === '' && field) {
               remove.push(field);
             } else {
               p[name] = now;
             }
           };
           change('SessionNumber', number.value, s.sessionNumber);
           change('PacketLength', plen.value, s.packetLength, 'packet-length');
           change('VirtualNetworkId', vni.value, s.virtualNetworkId,
                  'virtual-network-id');
           change('CopyBudgetPackets', bpkts.value, s.copyBudgetPackets,
                  'copy-budget-packets');
           change('CopyBudgetBytes', bbytes.value, s.copyBudgetBytes,
                  'copy-budget-bytes');
           change('Description', desc.value, s.description, 'description');
           change('TrafficMirrorTargetId', target.value,
                  s.trafficMirrorTargetId);
           change('TrafficMirrorFilterId', filt.value,
                  s.trafficMirrorFilterId);
           p.RemoveField = remove;
           await ctx.client.call('ModifyTrafficMirrorSession', p);
           ctx.go(`#/sessions/${id}`);
           ctx.notice(`Modified ${id}`);
         }),
         el('div', { class: 'buttons' },
            deleteButton(ctx, 'Delete session', `Delete session ${id}?`,
                         async () => {
                           await ctx.client.call('DeleteTrafficMirrorSession',
                                                 { TrafficMirrorSessionId: id });
                           ctx.history.delete(id);
                           ctx.go('#/sessions');
                         })));

  const refresh = async () => {
    let c;
    try {
      c = await ctx.client.call('DescribeTrafficMirrorCounters', {
        TrafficMirrorSessionId: [id] });
    } catch (e) {
      ctx.error(e);
      return;
    }
    const item = (c.trafficMirrorSessionCounterSet || [])[0];
    if (!item) {
      return;
    }
    const now = Date.now();
    const hist = ctx.history.get(id) || [];
    const counters = {};
    for (const [k, v] of Object.entries(item)) {
      if (k !== 'ruleSet' && k !== 'trafficMirrorSessionId') {
        counters[k] = Number(v);
      }
    }
    hist.push({ t: now, c: counters });
    while (hist.length && hist[0].t < now - HISTORY_MS) {
      hist.shift();
    }
    ctx.history.set(id, hist);
    drawLive(live, hist, item.ruleSet || [], now);
  };
  await refresh();
  ctx.timers.add(setInterval(refresh, REFRESH_MS));
}

// Draws the live counters of a session: totals, two charts and the rule
// hits.
function drawLive(live, hist, rules, now) {
  const last = hist[hist.length - 1].c;
  // Skipped copies (over a copy budget): rows only once the datapath
  // counts them.
  const skipped = last.skippedPacketsIn !== undefined
    || last.skippedPacketsOut !== undefined;
  const rows = [['packets', 'Packets'], ['bytes', 'Bytes']];
  if (skipped) {
    rows.push(['skippedPackets', 'Skipped packets'],
              ['skippedBytes', 'Skipped bytes']);
  }
  // One row per counter, one column per direction: narrow enough for a
  // phone however many counters there are.
  const totals = el('table', { class: 'totals' },
                    el('caption', { text: 'Copied so far' }),
                    el('thead', {}, el('tr', {},
                      el('th', { scope: 'col', text: 'Counter' }),
                      el('th', { scope: 'col', text: 'Inbound (ingress)' }),
                      el('th', { scope: 'col',
                                 text: 'Outbound (egress)' }))),
                    el('tbody', {},
                      rows.map(([k, h]) => el('tr', {},
                        el('th', { scope: 'row', text: h }),
                        ['In', 'Out'].map((d) => el('td', {
                          'data-counter': `${k}${d}`,
                          text: String(last[`${k}${d}`] ?? 0) }))))));
  const copies = last.copiedPackets !== undefined;
  const sent = !copies ? null
    : el('p', { class: 'hint', 'data-counter': 'copiedPackets',
                text: `Copies sent to the target: ${last.copiedPackets} `
                  + `packets, ${last.copiedBytes ?? 0} bytes`
                  + (skipped ? '; copies over the session\'s copy budget '
                     + 'are skipped' : '') });
  const series = (kind) => {
    const s = [
      { name: 'Inbound', cls: 'in', points: rates(hist, `${kind}In`) },
      { name: 'Outbound', cls: 'out', points: rates(hist, `${kind}Out`) },
    ];
    // With copy budgets, the copies that left differ from what the
    // filter accepted: both directions together, as the datapath counts.
    if (copies) {
      s.push({ name: 'Sent', cls: 'sent',
               points: rates(hist, kind === 'packets' ? 'copiedPackets'
                                                      : 'copiedBytes') });
    }
    if (skipped && kind === 'packets') {
      s.push({ name: 'Skipped', cls: 'skipped',
               points: rates(hist, 'skippedPacketsIn').map(
                 (p, i) => [p[0], p[1] + (rates(hist, 'skippedPacketsOut')[i]
                                          ?.[1] ?? 0)]) });
    }
    return s;
  };
  const legend = el('p', { class: 'legend' },
                    el('span', { class: 'key in', text: 'Inbound' }),
                    el('span', { class: 'key out', text: 'Outbound' }),
                    copies ? el('span', { class: 'key sent',
                                          text: 'Sent to the target' })
                      : null,
                    skipped ? el('span', { class: 'key skipped',
                                           text: 'Skipped' }) : null);
  const hits = [...rules].sort((a, b) => (
    a.trafficDirection.localeCompare(b.trafficDirection)
      || a.ruleNumber - b.ruleNumber));
  const maxHits = Math.max(1, ...hits.map((h) => Number(h.hits)));
  const hitTable = el('table', { class: 'hits' },
    el('caption', { text: 'Rule hits' }),
    el('thead', {}, el('tr', {}, ['Direction', 'Rule number', 'Rule action',
                                  'Hits'].map((h) => el('th', { scope: 'col',
                                                               text: h })))),
    el('tbody', {}, hits.map((h) => {
      const bar = el('span', { class: `bar ${h.ruleAction}` });
      bar.style.width = `${(100 * Number(h.hits)) / maxHits}%`;
      return el('tr', { 'data-rule': h.trafficMirrorFilterRuleId },
                el('td', { text: h.trafficDirection === 'ingress'
                           ? 'Inbound' : 'Outbound' }),
                el('td', { text: h.ruleNumber }),
                el('td', { text: h.ruleAction }),
                el('td', {}, el('div', { class: 'hitcell' },
                   el('span', { 'data-hits': String(h.hits),
                              text: human(Number(h.hits)) }),
                   bar)));
    })));
  clear(live);
  append(live, el('div', { class: 'table-wrap' }, totals), sent, legend,
         el('div', { class: 'charts' },
            ['packets', 'bytes'].map((kind) => {
              const title = `${kind === 'packets' ? 'Packets' : 'Bytes'} `
                + 'copied per second, last 5 minutes';
              return el('div', { class: 'chart-box' },
                        el('h4', { text: title }),
                        lineChart(title, series(kind), now, CHART_MS));
            })),
         el('div', { class: 'table-wrap' }, hitTable),
         el('p', { class: 'hint', text: `Updated ${new Date(now)
           .toLocaleTimeString()}; mirrord writes the counters back every `
           + 'few seconds.' }));
}

// The tags page: every tag of every resource, add and delete.
export async function tags(ctx, body) {
  document.title = 'Tags - Traffic Mirroring console';
  const [list, tg, fl, se] = await Promise.all([
    ctx.client.describeAll('DescribeTags', 'tagSet'),
    ctx.client.describeAll('DescribeTrafficMirrorTargets',
                           'trafficMirrorTargetSet'),
    ctx.client.describeAll('DescribeTrafficMirrorFilters',
                           'trafficMirrorFilterSet'),
    ctx.client.describeAll('DescribeTrafficMirrorSessions',
                           'trafficMirrorSessionSet'),
  ]);
  const ids = [
    ...tg.map((t) => t.trafficMirrorTargetId),
    ...fl.map((f) => f.trafficMirrorFilterId),
    ...fl.flatMap((f) => [...(f.ingressFilterRuleSet || []),
                          ...(f.egressFilterRuleSet || [])]
      .map((r) => r.trafficMirrorFilterRuleId)),
    ...se.map((s) => s.trafficMirrorSessionId),
  ];
  const resource = select(ids.map((i) => [i, i]));
  const key = input({ required: true, maxlength: 128 });
  const value = input({ maxlength: 256 });
  append(body,
         el('h2', { text: 'Tags' }),
         form(ctx, 'Add or change a tag', [
           field('Resource ID', resource),
           field('Key', key),
           field('Value', value),
         ], 'Save tag', async () => {
           await ctx.client.call('CreateTags', {
             ResourceId: [resource.value],
             Tag: [{ Key: key.value, Value: value.value }] });
           ctx.go('#/tags');
           ctx.notice(`Tagged ${resource.value}`);
         }),
         section('All tags', listView('Tags', [
           { label: 'Resource ID', get: (t) => t.resourceId },
           { label: 'Resource type', get: (t) => t.resourceType },
           { label: 'Key', get: (t) => t.key },
           { label: 'Value', get: (t) => t.value },
           { label: 'Actions', get: (t) => deleteButton(
             ctx, 'Delete', `Delete tag ${t.key} of ${t.resourceId}?`,
             async () => {
               await ctx.client.call('DeleteTags', {
                 ResourceId: [t.resourceId],
                 Tag: [{ Key: t.key, Value: t.value }] });
               ctx.go('#/tags');
             }) },
         ], list)));
}
