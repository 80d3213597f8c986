// The GOV.UK Design System error pattern for the authorization form: an error summary
// that takes focus, the same messages above each field, and "Error: " in the title.
// https://design-system.service.gov.uk/components/error-summary/

import { el, parsePointer, plural } from './dom.js';

const $ = (id) => document.getElementById(id);
const CONTROL = 'input, select, textarea';
let pageTitle = null;

/** aria-describedby = the control's hints plus its error message, when it has one. */
export function describe(control) {
  control.dataset.hints ??= control.getAttribute('aria-describedby') ?? '';
  const error = $(`${control.id}-error`);
  const ids = [control.dataset.hints, error ? error.id : ''].filter(Boolean).join(' ');
  if (ids) control.setAttribute('aria-describedby', ids);
  else control.removeAttribute('aria-describedby');
}

/**
 * The element showing the value at `pointer`: `/cooperativeApproachId` → #f-cooperativeApproachId,
 * `/authorizedEntities/1/name` → #f-authorizedEntities-1-name, `/sectors/0` → the #f-sectors fieldset
 * (the longest prefix of the pointer that has an element). Null when nothing on the page shows it.
 */
export function fieldFor(form, pointer) {
  const tokens = parsePointer(pointer);
  for (let n = tokens.length; n > 0; n -= 1) {
    const node = $(`f-${tokens.slice(0, n).join('-')}`);
    if (node && form.contains(node)) return node;
  }
  return null;
}

/** Focus the field and scroll its label (or legend) into view, as the GOV.UK error summary does. */
export function focusField(field) {
  const control = field.matches(CONTROL) ? field : field.querySelector(`${CONTROL}, button`);
  const caption = field.matches('fieldset')
    ? field.querySelector('legend')
    : document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  (caption ?? field).scrollIntoView();
  control?.focus({ preventScroll: true });
}

function summaryLink(field, message, pointer) {
  if (field) return el('a', { href: `#${field.id}` }, message);
  // Nothing on the page shows this value: link to the summary itself and say where it is.
  return el('a', { href: '#error-summary' }, `${message} (at ${pointer || 'the whole document'})`);
}

/** Fields in document order; findings without a field last. */
function pageOrder(a, b) {
  if (a === b) return 0;
  if (!a || !b) return a ? -1 : 1;
  return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

function showInline(field, messages) {
  const error = el('p', { class: 'error-message', id: `${field.id}-error` });
  messages.forEach((message, i) => {
    if (i) error.append(el('br'));
    error.append(el('span', { class: 'visually-hidden' }, 'Error:'), ` ${message}`);
  });
  if (field.matches(CONTROL)) {
    field.before(error);
    field.setAttribute('aria-invalid', 'true');
  } else {
    const after = field.querySelector(':scope > .hint') ?? field.querySelector(':scope > legend');
    if (after) after.after(error);
    else field.prepend(error);
  }
  describe(field);
  field.closest('.form-group')?.classList.add('form-group--error');
}

/** Remove every trace of an earlier check (inline errors, summaries, the title prefix). */
export function clearFormFindings(form) {
  pageTitle ??= document.title;
  for (const error of form.querySelectorAll('.error-message')) error.remove();
  for (const group of form.querySelectorAll('.form-group--error')) group.classList.remove('form-group--error');
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  for (const node of form.querySelectorAll('[data-hints]')) describe(node);
  for (const id of ['error-summary', 'success-panel', 'warning-summary']) $(id).hidden = true;
  $('error-summary-list').replaceChildren();
  $('warning-summary-list').replaceChildren();
  document.title = pageTitle;
}

/** Show a report for the authorization form and move focus to its summary. */
export function showFormFindings(form, report) {
  clearFormFindings(form);
  // The summary follows the page's order (the engine's order is the schema's, mostly).
  const placed = report.findings.map((finding, i) => ({ ...finding, field: fieldFor(form, finding.pointer), i }));
  placed.sort((a, b) => pageOrder(a.field, b.field) || a.i - b.i);
  const errors = placed.filter((f) => f.severity === 'error');
  const notes = placed.filter((f) => f.severity !== 'error');

  const byField = new Map();
  for (const { field, message, pointer } of errors) {
    if (field) byField.set(field, [...(byField.get(field) ?? []), message]);
    $('error-summary-list').append(el('li', {}, summaryLink(field, message, pointer)));
  }
  for (const [field, messages] of byField) showInline(field, messages);

  for (const { field, ...finding } of notes) {
    const text = field ? finding.message : `${finding.message} (at ${finding.pointer || 'the whole document'})`;
    const label = finding.severity === 'warning' ? 'Warning' : 'Note';
    $('warning-summary-list').append(
      el('li', {}, el('strong', { class: `tag tag--${finding.severity}` }, label), ' ',
        field ? el('a', { href: `#${field.id}` }, text) : text),
    );
  }
  $('warning-summary').hidden = notes.length === 0;

  if (errors.length) {
    document.title = `Error: ${pageTitle}`;
    $('error-summary').hidden = false;
    $('error-summary').focus();
  } else {
    const warnings = notes.filter((f) => f.severity === 'warning').length;
    $('success-detail').textContent = warnings
      ? `The authorization has no errors. ${plural(warnings, 'warning')} to check: see below.`
      : 'The authorization has no errors and no warnings.';
    $('success-panel').hidden = false;
    $('success-panel').focus();
  }
}

/** Summary links focus their field instead of only jumping to it. */
export function handleSummaryLinks(container) {
  container.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#f-"]');
    const field = link && $(link.getAttribute('href').slice(1));
    if (!field) return;
    event.preventDefault();
    focusField(field);
  });
}
