// Findings of a pasted or uploaded document: where each one is, in words, and a table.

import { el, isIndex, parsePointer, plural } from './dom.js';
import { RawNumber } from './json-text.js';

const AEF_TABLES = {
  t1Submission: 'Table 1 Submission',
  t2Authorizations: 'Table 2 Authorizations',
  t3Actions: 'Table 3 Actions',
  t4Holdings: 'Table 4 Holdings',
  t5AuthorizedEntities: 'Table 5 Authorized entities',
};

const SEVERITIES = [
  ['error', 'Error', 'error'],
  ['warning', 'Warning', 'warning'],
  ['info', 'Info', 'note'],
];

const text = (v) => (v instanceof RawNumber ? v.text : v === undefined ? undefined : String(v));

/** 'authorizedEntities' → 'Authorized entities'. */
function humanize(token) {
  const words = token.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Where a finding is, in words: `/t3Actions/3/acquiringPartyId` in an AEF document →
 * "Table 3 Actions, row 4, Acquiring participating Party ID" (the last name is the
 * engine's `args.field`, the schema title). JSON syntax findings give line and column.
 */
export function locationWords(formKey, finding) {
  const args = finding.args ?? {};
  const line = text(args.line);
  const column = text(args.column);
  const at = line && column ? `line ${line}, column ${column}` : '';
  if (finding.code === 'json-syntax') return at ? `Line ${line}, column ${column}` : 'The whole file';
  const tokens = parsePointer(finding.pointer);
  if (!tokens.length) return at ? `Whole document, ${at}` : 'Whole document';
  const tables = formKey === 'aef' ? AEF_TABLES : {};
  const lastName = tokens.findLastIndex((t) => !isIndex(t));
  const field = text(args.field);
  const words = tokens.map((token, i) => {
    if (isIndex(token)) {
      const row = (i === 1 && tables[tokens[0]]) || (i + 1 < tokens.length && !isIndex(tokens[i + 1]));
      return `${row ? 'row' : 'item'} ${Number(token) + 1}`;
    }
    if (i === 0 && tables[token]) return tables[token];
    if (i === lastName && field) return field;
    return humanize(token);
  });
  return at ? `${words.join(', ')} (${at})` : words.join(', ');
}

function countBy(findings, key) {
  const counts = new Map();
  for (const f of findings) counts.set(f[key], (counts.get(f[key]) ?? 0) + 1);
  return counts;
}

/** Fill the results region: a headline, counts by severity and by code, and the findings table. */
export function renderResults({ title, counts, body }, formKey, report) {
  const findings = report.findings;
  const bySeverity = countBy(findings, 'severity');
  const errors = bySeverity.get('error') ?? 0;
  const warnings = bySeverity.get('warning') ?? 0;
  if (!findings.length) title.textContent = 'No problems found';
  else if (report.valid) title.textContent = `No errors, ${plural(warnings, 'warning')} to check`;
  else title.textContent = `${plural(errors, 'error')} found`;
  title.parentElement.classList.toggle('results--valid', report.valid);
  title.parentElement.classList.toggle('results--invalid', !report.valid);

  counts.textContent = `The document is ${report.valid ? 'valid' : 'not valid'}: ` +
    SEVERITIES.map(([key, , word]) => plural(bySeverity.get(key) ?? 0, word)).join(', ') + '.';
  if (!findings.length) {
    body.replaceChildren();
    return;
  }

  const codes = [...countBy(findings, 'code')].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const byCode = el('table', { class: 'table table--narrow' },
    el('caption', { class: 'table__caption' }, 'Findings by code'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Code'), el('th', { scope: 'col', class: 'table__numeric' }, 'Count'))),
    el('tbody', {}, ...codes.map(([code, n]) =>
      el('tr', {}, el('td', {}, el('code', {}, code)), el('td', { class: 'table__numeric' }, String(n))))));

  const label = Object.fromEntries(SEVERITIES.map(([key, name]) => [key, name]));
  const rows = findings.map((f) =>
    el('tr', {},
      el('td', {}, el('strong', { class: `tag tag--${f.severity}` }, label[f.severity] ?? f.severity)),
      el('td', {}, locationWords(formKey, f)),
      el('td', {}, el('code', { class: 'pointer' }, f.pointer || '(document)')),
      el('td', {}, f.message, ' ', el('span', { class: 'code-hint' }, `[${f.code}]`))));
  const table = el('table', { class: 'table findings-table' },
    el('caption', { class: 'table__caption' }, plural(findings.length, 'finding')),
    el('thead', {}, el('tr', {},
      ...['Severity', 'Location', 'Pointer', 'Message'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows));
  body.replaceChildren(byCode, table);
}
