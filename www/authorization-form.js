// The hand-made authorization form: code-list choices, authorized-entity rows, and the
// two directions between the inputs and a JSON document.
//
// Every answer-holding control has data-path (its JSON Pointer) and optionally
// data-kind: number (digits copied verbatim), list (comma-separated), lines (one per
// line), set (a checkbox of a multi-choice list) or object (an entity row).

import { CODELISTS } from './codelists.js';
import { el, isIndex, parsePointer } from './dom.js';
import { RawNumber, numberAnswer } from './json-text.js';
import { describe } from './form-errors.js';
import { fts } from './form-i18n.js';

/**
 * Put the code lists' values into the selects and checkbox groups (again when another
 * bundle is loaded), keeping the current answers, even ones that are not in the lists.
 */
export function fillChoices(form, lists = CODELISTS) {
  for (const select of form.querySelectorAll('select[data-codelist]')) {
    const current = select.value;
    const values = lists[select.dataset.codelist] ?? CODELISTS[select.dataset.codelist];
    const [placeholder] = select.options;
    select.replaceChildren(placeholder, ...values.map((value) => new Option(value, value)));
    if (current && !values.includes(current)) select.append(new Option(current, current));
    select.value = current;
  }
  for (const box of form.querySelectorAll('.checkboxes[data-codelist]')) {
    const checked = [...box.querySelectorAll('input:checked')].map((input) => input.value);
    setCheckboxes(box, [...(lists[box.dataset.codelist] ?? CODELISTS[box.dataset.codelist]), ...checked], checked);
  }
}

/** One checkbox per value (duplicates dropped), ids numbered in order: #f-sectors-0, … */
function setCheckboxes(box, values, checked) {
  const fieldset = box.closest('fieldset');
  box.replaceChildren(...[...new Set(values)].map((value, i) => {
    const id = `${fieldset.id}-${i}`;
    return el('div', { class: 'checkboxes__item' },
      el('input', { class: 'checkboxes__input', type: 'checkbox', id, value, 'data-path': box.dataset.set, 'data-kind': 'set', checked: checked.includes(value) }),
      el('label', { class: 'label checkboxes__label', for: id }, value));
  }));
}

/** Fill code lists into selects and checkbox groups and wire the entity rows. */
export function setUpAuthorizationForm(form) {
  fillChoices(form);
  const status = form.querySelector('#entity-status');
  form.querySelector('#add-entity').addEventListener('click', () => {
    const row = addEntityRow(form);
    status.textContent = fts('entityAdded', { n: rows(form).length });
    row.querySelector('input').focus();
  });
  form.querySelector('#entity-rows').addEventListener('click', (event) => {
    const button = event.target.closest('.entity-row__remove');
    if (!button) return;
    const row = button.closest('.entity-row');
    const number = rows(form).indexOf(row) + 1;
    row.remove();
    renumber(form);
    status.textContent = fts('entityRemoved', { n: number });
    form.querySelector('#add-entity').focus();
  });
}

const rows = (form) => [...form.querySelectorAll('.entity-row')];

function addEntityRow(form) {
  const template = form.ownerDocument.getElementById('entity-row-template');
  form.querySelector('#entity-rows').append(template.content.cloneNode(true));
  renumber(form);
  return rows(form).at(-1);
}

/** Give every row, and every control, label, hint and error message in it, ids for its position. */
function renumber(form) {
  rows(form).forEach((row, i) => {
    row.id = `f-authorizedEntities-${i}`;
    row.dataset.path = `/authorizedEntities/${i}`;
    row.dataset.kind = 'object';
    for (const n of row.querySelectorAll('.entity-row__number')) n.textContent = String(i + 1);
    for (const control of row.querySelectorAll('input[data-field], textarea[data-field]')) {
      const field = control.dataset.field;
      control.id = `${row.id}-${field}`;
      control.dataset.path = `${row.dataset.path}/${field}`;
      const group = control.closest('.form-group');
      group.querySelector('label').htmlFor = control.id;
      const hint = group.querySelector('.hint');
      if (hint) hint.id = `${control.id}-hint`;
      control.dataset.hints = hint ? hint.id : '';
      const error = group.querySelector('.error-message');
      if (error) error.id = `${control.id}-error`;
      describe(control);
    }
  });
}

// ---- inputs → document ---------------------------------------------------------

function answer(control, raw) {
  if (control.dataset.kind === 'object') return {};
  if (control.dataset.kind === 'set') return control.checked ? control.value : undefined;
  const text = control.value.trim();
  if (!text) return undefined;
  if (raw) return control.value;
  switch (control.dataset.kind) {
    case 'number':
      return numberAnswer(text);
    case 'list':
    case 'lines': {
      const items = text.split(control.dataset.kind === 'list' ? ',' : /\r?\n/).map((s) => s.trim()).filter(Boolean);
      return items.length ? items : undefined;
    }
    default:
      return text;
  }
}

/** Put `value` at `pointer`, creating objects and arrays on the way; `append` adds to a list. */
function put(doc, pointer, value, append) {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  let node = doc;
  tokens.forEach((token, i) => {
    const next = i + 1 < tokens.length ? tokens[i + 1] : last;
    node[token] ??= isIndex(next) ? [] : {};
    node = node[token];
  });
  if (append) (node[last] ??= []).push(value);
  else node[last] = value;
}

/**
 * The document the inputs describe, in the form's (= schema's) order; empty answers are left out.
 * `raw`: every answer as typed (a draft: fillForm shows it again exactly, "1,5" and all).
 */
export function documentFromForm(form, { raw = false } = {}) {
  const doc = {};
  for (const control of form.querySelectorAll('[data-path]')) {
    const value = answer(control, raw);
    if (value !== undefined) put(doc, control.dataset.path, value, control.dataset.kind === 'set');
  }
  return doc;
}

// ---- document → inputs ---------------------------------------------------------

function valueAt(doc, pointer) {
  return parsePointer(pointer).reduce((node, token) => (node == null || typeof node !== 'object' ? undefined : node[token]), doc);
}

function display(value, kind) {
  if (value === undefined || value === null) return '';
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return value.map((v) => display(v)).join(kind === 'lines' ? '\n' : ', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Show `doc` (parsed with parseExact) in the inputs, replacing every answer. */
export function fillForm(form, doc) {
  for (const row of rows(form)) row.remove();
  const entities = valueAt(doc, '/authorizedEntities');
  if (Array.isArray(entities)) entities.forEach(() => addEntityRow(form));
  // Keep answers that are not in the code list, so the check can report them.
  for (const box of form.querySelectorAll('.checkboxes[data-set]')) {
    const wanted = valueAt(doc, box.dataset.set);
    const values = [...box.querySelectorAll('input')].map((input) => input.value);
    if (Array.isArray(wanted)) setCheckboxes(box, [...values, ...wanted.map((v) => display(v))], []);
  }
  for (const control of form.querySelectorAll('[data-path]')) {
    const value = valueAt(doc, control.dataset.path);
    const kind = control.dataset.kind;
    if (kind === 'object') continue;
    if (kind === 'set') {
      control.checked = Array.isArray(value) && value.includes(control.value);
      continue;
    }
    let text = display(value, kind);
    if (control.tagName === 'SELECT') {
      if (text === 'NA') text = '';
      // Keep an answer that is not in the code list, so the check can report it.
      if (![...control.options].some((o) => o.value === text)) control.append(new Option(text, text));
    }
    control.value = text;
  }
}
