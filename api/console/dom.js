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

// DOM helpers that insert text only as text: element() sets textContent
// and attributes, never innerHTML, so a Description such as
// "<img src=x onerror=...>" shows as those characters and runs nothing.

// Returns a new element 'tag' with attributes 'attrs' (on* handlers are
// functions added with addEventListener; "text" sets textContent; false
// or null attributes are left out) and children (nodes or strings, which
// become text nodes).
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) {
      continue;
    } else if (name.startsWith('on') && typeof value === 'function') {
      e.addEventListener(name.slice(2), value);
    } else if (name === 'text') {
      e.textContent = String(value);
    } else if (value === true) {
      e.setAttribute(name, '');
    } else {
      e.setAttribute(name, String(value));
    }
  }
  append(e, ...children);
  return e;
}

// Appends 'children' (nodes, strings, arrays of them; null is skipped) to
// 'parent'.
export function append(parent, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

// Removes every child of 'e'.
export function clear(e) {
  e.replaceChildren();
  return e;
}

let fieldSeq = 0;

// Returns a labelled form field: a <div> with <label for> and 'control'
// (which gets an id), and an optional hint.
export function field(label, control, hint) {
  control.id = control.id || `f${++fieldSeq}`;
  const parts = [el('label', { for: control.id, text: label }), control];
  if (hint) {
    const h = el('small', { id: `${control.id}-hint`, text: hint });
    control.setAttribute('aria-describedby', h.id);
    parts.push(h);
  }
  return el('div', { class: 'field' }, parts);
}

// Returns an <input> with 'attrs'.
export function input(attrs = {}) {
  return el('input', { type: 'text', ...attrs });
}

// Returns a <select> of 'options' ([value, label] pairs) with 'selected'.
export function select(options, selected, attrs = {}) {
  const s = el('select', attrs);
  for (const [value, label] of options) {
    s.append(el('option', { value, selected: String(value) === String(selected),
                            text: label }));
  }
  return s;
}

// Asks "text" in a modal dialog with buttons 'ok' and "Cancel"; resolves
// to true if confirmed.
export function confirmDialog(text, ok = 'Delete') {
  return new Promise((resolve) => {
    const d = el('dialog', { 'aria-labelledby': 'confirm-text',
                             class: 'confirm' },
                 el('p', { id: 'confirm-text', text }));
    const done = (answer) => { d.close(); d.remove(); resolve(answer); };
    d.append(el('div', { class: 'buttons' },
                el('button', { type: 'button', class: 'danger',
                               onclick: () => done(true), text: ok }),
                el('button', { type: 'button', onclick: () => done(false),
                               text: 'Cancel' })));
    d.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(d);
    d.showModal();
    d.querySelector('button:last-child').focus();
  });
}
