// <a6-form-check form="authorization">: a6check for an ordinary HTML form, with the GOV.UK
// error pattern (error summary, inline messages, "Error: " in the title).
//
//   <a6-form-check form="authorization">
//     <form action="/submit" method="post"> ...
//       <input id="ca" name="/cooperativeApproachId">                        a string
//       <input id="qty" name="/authorizedQuantity" inputmode="numeric">      a number, written verbatim
//       <input type="checkbox" name="/sectors/-" value="Energy generation">  one array item per checked box
//       <input id="e0" name="/authorizedEntities/0/name">                    nested objects and arrays
//     </form>
//   </a6-form-check>
//
// Light DOM: no shadow root, the page's own markup and styles (class names as in the GOV.UK
// Design System without the govuk- prefix: error-summary, error-message, visually-hidden,
// form-group--error). Controls are mapped to the document by `name`, a JSON Pointer
// (RFC 6901); `-` appends to an array. Empty answers are left out. Numbers
// (data-type="number" or inputmode="numeric") go into the JSON text exactly as typed, so a
// 40-digit quantity reaches the engine digit for digit; data-type="list" splits on commas;
// data-type="boolean" on a checkbox writes true or false.
//
// Checks on submit (attribute `live`: also as the user types, in draft mode until the first
// submit). Attributes: form (the a6check form key), lang, mode (submit | draft), wasm (URL of
// a6check_bg.wasm; otherwise the first check loads it from next to the glue module, or uses
// what the page's own init() loaded). Events (bubbling, detail = findings {valid, findings}):
// `a6-invalid`; `a6-valid`, cancelable: when not cancelled and the form has an `action`, the
// form is then submitted as usual; `a6-error` (detail = the Error) when the checker cannot run,
// cancelable: when not cancelled and the form has an `action`, it is submitted unchecked (the
// server must check anyway). Elements with `data-a6-valid` inside the component are shown
// only after a check passes.

// build-npm.sh rewrites this specifier to './a6check.js' for the npm package.
import wbgInit, { validate } from './pkg/a6check.js';

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const CONTROL = 'input, select, textarea';
const SKIP_TYPES = new Set(['submit', 'reset', 'button', 'image', 'file']);

/** RFC 6901: '/a/b~1c' → ['a', 'b/c']. */
function tokens(pointer) {
  return pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
const escapeToken = (t) => String(t).replace(/~/g, '~0').replace(/\//g, '~1');
const isIndex = (t) => /^(0|[1-9]\d*)$/.test(t);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** A control's answer as JSON text fragments (none when empty or unchecked). */
function answers(control) {
  const type = control.dataset.type ?? (control.inputMode === 'numeric' ? 'number' : 'string');
  if (control.type === 'checkbox' && type === 'boolean') return [control.checked ? 'true' : 'false'];
  if ((control.type === 'checkbox' || control.type === 'radio') && !control.checked) return [];
  const raw = control.type === 'select-multiple'
    ? [...control.selectedOptions].map((o) => o.value)
    : type === 'list'
      ? control.value.split(',')
      : [control.value];
  return raw
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => (type === 'number' && JSON_NUMBER.test(v) ? v : JSON.stringify(v)));
}

/**
 * The form as JSON text, and where each control ended up. Leaves hold JSON text fragments;
 * arrays are compacted (a row left empty disappears, later rows move up), so each control's
 * pointer is known only after serialising: `pointers` maps control → concrete pointer (also for
 * empty controls whose parent exists), `groups` maps an array pointer written with `-` (or a
 * radio group's pointer) → its controls.
 */
function serialise(form) {
  const root = { kind: 'object', children: new Map() };
  const leaves = [];
  const groups = [];
  for (const control of form.elements) {
    if (!control.matches?.(CONTROL) || control.disabled || SKIP_TYPES.has(control.type)) continue;
    const name = control.getAttribute('name');
    if (!name || !name.startsWith('/')) continue;
    const path = tokens(name);
    const append = path.at(-1) === '-' || control.type === 'select-multiple' || control.dataset.type === 'list';
    const base = path.at(-1) === '-' ? path.slice(0, -1) : path;
    let node = root;
    for (let i = 0; i < base.length; i += 1) {
      const key = base[i];
      const next = base[i + 1];
      const wantsArray = next === undefined ? append : next === '-' || isIndex(next);
      if (node.kind === 'array' && key === '-') {
        const child = { kind: wantsArray ? 'array' : 'object', children: new Map(), order: [] };
        node.children.set(`-${node.children.size}`, child);
        node = child;
        continue;
      }
      let child = node.children.get(key);
      if (!child) {
        child = next === undefined && !append
          ? { kind: 'leaf', values: [], controls: [] }
          : { kind: wantsArray ? 'array' : 'object', children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
    const values = answers(control);
    if (node.kind === 'leaf') {
      node.values.push(...values);
      node.controls.push(control);
      leaves.push([control, node]);
    } else {
      // An array of answers: each value is an item.
      node.items ??= [];
      node.items.push(...values);
      node.controls ??= [];
      node.controls.push(control);
      groups.push([control, node]);
    }
    if (control.type === 'radio') groups.push([control, node]);
  }

  const pointers = new Map();
  const groupPointers = new Map();
  function unplace(node) {
    node.pointer = null;
    for (const child of node.children?.values() ?? []) unplace(child);
  }
  // Serialise, returning null for an empty node; `at` is the node's concrete pointer.
  function write(node, at) {
    node.pointer = at;
    if (node.kind === 'leaf') {
      // A name used twice (radios) keeps the first answer.
      return node.values.length ? node.values[0] : null;
    }
    const parts = [];
    if (node.kind === 'array') {
      const keys = [...node.children.keys()].sort((a, b) => {
        const ai = isIndex(a) ? Number(a) : Infinity;
        const bi = isIndex(b) ? Number(b) : Infinity;
        return ai - bi;
      });
      for (const key of keys) {
        const child = node.children.get(key);
        const text = write(child, `${at}/${parts.length}`);
        if (text !== null) parts.push(text);
        else unplace(child); // an empty row: the engine never sees it, no finding can point into it
      }
      for (const item of node.items ?? []) parts.push(item);
      return parts.length ? `[${parts.join(',')}]` : null;
    }
    for (const [key, child] of node.children) {
      const text = write(child, `${at}/${escapeToken(key)}`);
      if (text !== null) parts.push(`${JSON.stringify(key)}:${text}`);
    }
    if (node.items?.length) return `[${node.items.join(',')}]`; // an object used as a list
    return parts.length ? `{${parts.join(',')}}` : null;
  }
  const text = write(root, '') ?? '{}';
  for (const [control, node] of leaves) {
    if (node.pointer !== null) pointers.set(control, node.pointer);
  }
  for (const [control, node] of groups) {
    if (node.pointer === null) continue;
    groupPointers.set(control, node.pointer);
    if (!pointers.has(control)) pointers.set(control, node.pointer);
  }
  return { text, pointers, groupPointers };
}

let idCount = 0;
function ensureId(control) {
  if (!control.id) {
    const name = control.getAttribute('name');
    const base = name ? `a6${name.replace(/[^A-Za-z0-9_-]+/g, '-')}` : control.localName;
    let id = base;
    while (document.getElementById(id)) id = `${base}-${++idCount}`;
    control.id = id;
  }
  return control.id;
}

/** Where a control's error shows: a list of checkboxes' or radios' fieldset, else the control. */
function displayOf(control, form, grouped) {
  if (grouped && (control.type === 'checkbox' || control.type === 'radio')) {
    const fieldset = control.closest('fieldset');
    if (fieldset && form.contains(fieldset)) return fieldset;
  }
  return control;
}

export class A6FormCheck extends HTMLElement {
  #form = null;
  #pageTitle = null;
  #result = null;
  #submitted = false;
  #passing = false;
  #timer = 0;
  #listening = false;

  /** A `Checker` for a custom bundle; the embedded default bundle when unset. */
  checker = null;
  /** More engine options (`context`, `today`, `rules`), merged with the lang and mode attributes. */
  options = {};

  connectedCallback() {
    if (!this.#attach()) {
      // Defined before the parser reached the form: try again when the document is parsed.
      document.addEventListener('DOMContentLoaded', () => this.#attach(), { once: true });
    }
    if (this.hasAttribute('wasm')) this.#ready().catch(() => {});
  }

  disconnectedCallback() {
    if (!this.#form || !this.#listening) return;
    this.#form.removeEventListener('submit', this.#onSubmit);
    this.#form.removeEventListener('input', this.#onInput);
    this.#form.removeEventListener('change', this.#onInput);
    this.removeEventListener('click', this.#onClick);
    this.#listening = false;
    clearTimeout(this.#timer);
  }

  #attach() {
    const form = this.querySelector('form');
    if (!form) return false;
    if (this.#listening) return true;
    this.#form = form;
    form.noValidate = true; // our messages, not the browser's bubbles
    form.addEventListener('submit', this.#onSubmit);
    form.addEventListener('input', this.#onInput);
    form.addEventListener('change', this.#onInput);
    this.addEventListener('click', this.#onClick);
    this.#listening = true;
    for (const node of this.querySelectorAll('[data-a6-valid]')) node.hidden = true;
    return true;
  }

  /** The last findings object, or null. */
  get result() {
    return this.#result;
  }

  /** The wrapped form. */
  get formElement() {
    return this.#form ?? this.querySelector('form');
  }

  /** The form's answers as the JSON text sent to the checker. */
  jsonText() {
    return serialise(this.formElement).text;
  }

  #ready() {
    const wasm = this.getAttribute('wasm');
    return wbgInit(wasm ? { module_or_path: wasm } : undefined);
  }

  #engineOptions(mode) {
    const lang = this.getAttribute('lang');
    return JSON.stringify({ ...this.options, ...(lang ? { lang } : {}), mode });
  }

  /**
   * Check the form now and show the result. `focus` moves focus to the error summary (or to a
   * `data-a6-valid` element with tabindex); `mode` overrides the mode attribute.
   * @returns {Promise<{valid: boolean, findings: object[]}>}
   */
  async check({ focus = true, mode } = {}) {
    const form = this.formElement;
    if (!form) throw new Error('a6-form-check: no <form> inside');
    const key = this.getAttribute('form');
    if (!key) throw new Error('a6-form-check: the form attribute (an a6check form key) is missing');
    await this.#ready();
    const { text, pointers, groupPointers } = serialise(form);
    const options = this.#engineOptions(mode ?? this.getAttribute('mode') ?? 'submit');
    const out = this.checker ? this.checker.validate(key, text, options) : validate(key, text, options);
    const result = out;
    this.#result = result;
    this.#render(result, pointers, groupPointers, focus);
    return result;
  }

  #onSubmit = async (event) => {
    if (this.#passing) {
      this.#passing = false;
      return; // checked and valid: let the browser submit
    }
    event.preventDefault();
    this.#submitted = true;
    clearTimeout(this.#timer);
    const form = this.#form;
    const submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
    let result;
    try {
      result = await this.check({ focus: true });
    } catch (error) {
      const go = this.dispatchEvent(new CustomEvent('a6-error', { detail: error, bubbles: true, cancelable: true }));
      if (go && form.hasAttribute('action')) this.#submit(submitter);
      else if (go) console.error(error);
      return;
    }
    const name = result.valid ? 'a6-valid' : 'a6-invalid';
    const go = this.dispatchEvent(new CustomEvent(name, { detail: result, bubbles: true, cancelable: result.valid }));
    if (result.valid && go && form.hasAttribute('action')) this.#submit(submitter);
  };

  #submit(submitter) {
    // In a task of its own: when the Wasm is already loaded, the check finishes in microtasks
    // while the browser is still dispatching the first submit event, and a requestSubmit()
    // made then is silently ignored.
    setTimeout(() => {
      this.#passing = true;
      try {
        this.#form.requestSubmit(submitter?.isConnected ? submitter : null);
      } finally {
        this.#passing = false;
      }
    });
  }

  #onInput = () => {
    if (!this.hasAttribute('live')) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.check({ focus: false, mode: this.#submitted ? undefined : 'draft' })
        .then((result) => {
          this.dispatchEvent(new CustomEvent(result.valid ? 'a6-valid' : 'a6-invalid', { detail: result, bubbles: true }));
        })
        .catch((error) => this.dispatchEvent(new CustomEvent('a6-error', { detail: error, bubbles: true })));
    }, 300);
  };

  /** Summary links focus their field and bring its label or legend into view. */
  #onClick = (event) => {
    const link = event.target.closest?.('a[data-a6-target]');
    if (!link || !this.contains(link)) return;
    const target = document.getElementById(link.dataset.a6Target);
    if (!target) return;
    event.preventDefault();
    const fieldset = target.closest('fieldset');
    const caption = (target.type === 'checkbox' || target.type === 'radio') && fieldset
      ? fieldset.querySelector('legend')
      : target.labels?.[0];
    (caption ?? target).scrollIntoView();
    target.focus({ preventScroll: true });
  };

  /** Remove every trace of an earlier check. */
  clear() {
    const form = this.formElement;
    if (!form) return;
    for (const node of form.querySelectorAll('[data-a6-error]')) node.remove();
    for (const node of form.querySelectorAll('.form-group--error')) node.classList.remove('form-group--error');
    for (const node of form.querySelectorAll('[data-a6-invalid]')) {
      node.removeAttribute('aria-invalid');
      delete node.dataset.a6Invalid;
    }
    for (const node of form.querySelectorAll('[data-a6-described]')) {
      const hints = node.dataset.a6Described;
      if (hints) node.setAttribute('aria-describedby', hints);
      else node.removeAttribute('aria-describedby');
      delete node.dataset.a6Described;
    }
    this.querySelector(':scope > [data-a6-summary]')?.remove();
    this.querySelector(':scope > [data-a6-warnings]')?.remove();
    for (const node of this.querySelectorAll('[data-a6-valid]')) node.hidden = true;
    if (this.#pageTitle !== null) document.title = this.#pageTitle;
  }

  /** The control (and the element showing its error) for a finding's pointer, or null. */
  #locate(pointer, pointers, groupPointers) {
    const controls = [...pointers.keys()];
    const exact = controls.find((c) => pointers.get(c) === pointer && !groupPointers.has(c));
    if (exact) return exact;
    // In (or at) a list of checkboxes or a radio group: the group's first control.
    for (const [control, at] of groupPointers) {
      if (pointer === at || pointer.startsWith(`${at}/`)) return control;
    }
    // Below the pointer (a missing or wrongly typed object): the first control inside it.
    const inside = controls.find((c) => pointers.get(c).startsWith(`${pointer}/`));
    if (inside) return inside;
    // Above it: the nearest control whose value contains the pointer.
    const path = tokens(pointer);
    for (let n = path.length - 1; n > 0; n -= 1) {
      const prefix = `/${path.slice(0, n).map(escapeToken).join('/')}`;
      const up = controls.find((c) => pointers.get(c) === prefix);
      if (up) return up;
    }
    return null;
  }

  #render(result, pointers, groupPointers, focus) {
    this.clear();
    this.#pageTitle ??= document.title.replace(/^Error: /, '');
    const form = this.#form;
    const summaryId = `${ensureId(this)}-summary`;
    const placed = result.findings.map((finding, i) => {
      const control = this.#locate(finding.pointer, pointers, groupPointers);
      return { finding, control, display: control && displayOf(control, form, groupPointers.has(control)), i };
    });
    // The page's order (the engine's is the schema's); findings no field shows come last.
    placed.sort((a, b) => {
      if (a.display === b.display) return a.i - b.i;
      if (!a.display || !b.display) return a.display ? -1 : 1;
      return a.display.compareDocumentPosition(b.display) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    const errors = placed.filter((p) => p.finding.severity === 'error');
    const notes = placed.filter((p) => p.finding.severity !== 'error');

    const link = ({ finding, control }) => {
      if (control) {
        const id = ensureId(control);
        return el('a', { href: `#${id}`, 'data-a6-target': id }, finding.message);
      }
      return el('a', { href: `#${summaryId}` }, `${finding.message} (at ${finding.pointer || 'the whole document'})`);
    };

    if (errors.length) {
      const list = el('ul', { class: 'list error-summary__list' });
      for (const p of errors) list.append(el('li', {}, link(p)));
      const summary = el('div', {
        class: 'error-summary', id: summaryId, role: 'alert', tabindex: '-1',
        'aria-labelledby': `${summaryId}-title`, 'data-a6-summary': '',
      }, el('h2', { class: 'error-summary__title', id: `${summaryId}-title` }, 'There is a problem'), el('div', { class: 'error-summary__body' }, list));
      this.prepend(summary);

      const byDisplay = new Map();
      for (const p of errors) {
        if (p.display) byDisplay.set(p.display, [...(byDisplay.get(p.display) ?? []), p.finding.message]);
      }
      for (const [display, messages] of byDisplay) this.#inline(display, messages);
      document.title = `Error: ${this.#pageTitle}`;
    } else {
      document.title = this.#pageTitle;
      for (const node of this.querySelectorAll('[data-a6-valid]')) node.hidden = false;
    }

    if (notes.length) {
      const list = el('ul', { class: 'list warning-summary__list' });
      for (const p of notes) {
        const label = p.finding.severity === 'warning' ? 'Warning' : 'Note';
        list.append(el('li', {}, el('strong', { class: `tag tag--${p.finding.severity}` }, label), ' ', link(p)));
      }
      const warnings = el('div', { class: 'warning-summary', 'data-a6-warnings': '', 'aria-labelledby': `${summaryId}-warnings` },
        el('h2', { class: 'warning-summary__title', id: `${summaryId}-warnings` }, 'Check these answers'), list);
      const summary = this.querySelector(':scope > [data-a6-summary]');
      if (summary) summary.after(warnings);
      else this.prepend(warnings);
    }

    if (!focus) return;
    if (errors.length) this.querySelector(':scope > [data-a6-summary]').focus();
    else this.querySelector('[data-a6-valid][tabindex]')?.focus();
  }

  /** The inline error: above the control, or after a fieldset's legend and hint. */
  #inline(display, messages) {
    const id = `${ensureId(display)}-error`;
    const error = el('p', { class: 'error-message', id, 'data-a6-error': '' });
    messages.forEach((message, i) => {
      if (i) error.append(el('br'));
      error.append(el('span', { class: 'visually-hidden' }, 'Error:'), ` ${message}`);
    });
    if (display.matches('fieldset')) {
      const anchors = [...display.children].filter((c) => c.matches('legend, .hint'));
      if (anchors.length) anchors.at(-1).after(error);
      else display.prepend(error);
    } else {
      display.before(error);
      display.setAttribute('aria-invalid', 'true');
      display.dataset.a6Invalid = '';
    }
    const hints = display.getAttribute('aria-describedby') ?? '';
    display.dataset.a6Described = hints;
    display.setAttribute('aria-describedby', [hints, id].filter(Boolean).join(' '));
    display.closest('.form-group')?.classList.add('form-group--error');
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('a6-form-check')) {
  customElements.define('a6-form-check', A6FormCheck);
}
