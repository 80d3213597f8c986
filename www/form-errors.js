// The GOV.UK Design System error pattern for the authorization form: an error summary
// that takes focus, the same messages above each field, and "Error: " in the title.
// https://design-system.service.gov.uk/components/error-summary/

import { el, parsePointer } from './dom.js';
import { ltr, messageNodes } from './bidi.js';
import { alsoNodes } from './findings.js';
import { t, tn } from './i18n.js';

const $ = (id) => document.getElementById(id);
const CONTROL = 'input, select, textarea';

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

/** The message, and where it is when no field on the page shows it. */
function messageWithPlace(finding, field) {
  const nodes = messageNodes(finding);
  if (field) return nodes;
  const place = finding.pointer ? ltr(finding.pointer, 'pointer') : t('wholeDocument');
  return [...nodes, ' ', ...tn('at', { place })];
}

/** A summary entry: the message (a link to its field), then the other place of a cross-record finding. */
function summaryItem(finding, field, priorNames, before = []) {
  const text = messageWithPlace(finding, field);
  // Nothing on the page shows this value: an error links to the summary itself.
  const link = field ? el('a', { href: `#${field.id}` }, ...text)
    : finding.severity === 'error' ? el('a', { href: '#error-summary' }, ...text) : el('span', {}, ...text);
  const also = alsoNodes(finding, priorNames);
  return el('li', {}, ...before, link, also ? el('span', { class: 'summary-also' }, ...also) : null);
}

/** Fields in document order; findings without a field last. */
function pageOrder(a, b) {
  if (a === b) return 0;
  if (!a || !b) return a ? -1 : 1;
  return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

function showInline(field, findings) {
  const error = el('p', { class: 'error-message', id: `${field.id}-error`, lang: document.documentElement.lang });
  findings.forEach((finding, i) => {
    if (i) error.append(el('br'));
    error.append(el('span', { class: 'visually-hidden' }, t('errorPrefix')), ' ', ...messageNodes(finding));
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
  for (const error of form.querySelectorAll('.error-message')) error.remove();
  for (const group of form.querySelectorAll('.form-group--error')) group.classList.remove('form-group--error');
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  for (const node of form.querySelectorAll('[data-hints]')) describe(node);
  for (const id of ['error-summary', 'success-panel', 'warning-summary']) $(id).hidden = true;
  $('error-summary-list').replaceChildren();
  $('warning-summary-list').replaceChildren();
  document.title = t('pageTitle');
}

/**
 * Show a report for the authorization form. Focus moves to the summary unless `focus` is
 * false (the same report shown again in another language). `priorNames` name the earlier
 * submissions of the context, for cross-submission findings.
 */
export function showFormFindings(form, report, { focus = true, priorNames = [] } = {}) {
  clearFormFindings(form);
  // The summary follows the page's order (the engine's order is the schema's, mostly).
  const placed = report.findings.map((finding, i) => ({ finding, field: fieldFor(form, finding.pointer), i }));
  placed.sort((a, b) => pageOrder(a.field, b.field) || a.i - b.i);
  const errors = placed.filter(({ finding }) => finding.severity === 'error');
  const notes = placed.filter(({ finding }) => finding.severity !== 'error');

  const byField = new Map();
  for (const { finding, field } of errors) {
    if (field) byField.set(field, [...(byField.get(field) ?? []), finding]);
    $('error-summary-list').append(summaryItem(finding, field, priorNames));
  }
  for (const [field, findings] of byField) showInline(field, findings);

  for (const { finding, field } of notes) {
    const label = t(finding.severity === 'warning' ? 'warning' : 'info');
    $('warning-summary-list').append(
      summaryItem(finding, field, priorNames, [el('strong', { class: `tag tag--${finding.severity}` }, label), ' ']));
  }
  $('warning-summary').hidden = notes.length === 0;

  const shown = errors.length ? $('error-summary') : $('success-panel');
  if (errors.length) {
    document.title = `${t('errorPrefix')} ${t('pageTitle')}`;
  } else {
    $('success-detail').textContent = t(notes.length ? 'successNotes' : 'successClean');
  }
  shown.hidden = false;
  if (focus) shown.focus();
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
