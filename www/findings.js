// Findings in words: where each one is ("Table 3 Actions, row 4, Action date"), the
// other place a cross-record finding names ("also: earlier submission 1, Table 3 Actions,
// row 2"), and the results of a pasted or uploaded document: counts by severity and by
// code, then errors, warnings and notes in separate tables.

import { el, isIndex, parsePointer } from './dom.js';
import { RawNumber } from './json-text.js';
import { iso, ltr, messageNodes } from './bidi.js';
import { t, tn } from './i18n.js';
import { pager } from './pager.js';

// AEF tables: their names are in the page's dictionary under these keys.
const TABLES = new Set(['t1Submission', 't2Authorizations', 't3Actions', 't4Holdings', 't5AuthorizedEntities']);

/** Severities in the order they are shown: [engine key, heading key, tag key]. */
export const SEVERITIES = [
  ['error', 'errors', 'error'],
  ['warning', 'warnings', 'warning'],
  ['info', 'notes', 'info'],
];

const text = (v) => (v instanceof RawNumber ? v.text : v === undefined || v === null ? undefined : String(v));

/** 'authorizedEntities' → 'Authorized entities' (for names the engine gives no label for). */
function humanize(token) {
  const words = token.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const capitalize = (s) => (typeof s === 'string' ? s.charAt(0).toLocaleUpperCase() + s.slice(1) : s);

/** Pointer tokens in words; `field` (the engine's label) names the last property. */
function tokenWords(tokens, field) {
  const lastName = tokens.findLastIndex((token) => !isIndex(token));
  return tokens.map((token, i) => {
    if (isIndex(token)) {
      const row = (i === 1 && TABLES.has(tokens[0])) || (i + 1 < tokens.length && !isIndex(tokens[i + 1]));
      return t(row ? 'row' : 'item', { n: Number(token) + 1 });
    }
    if (i === 0 && TABLES.has(token)) return t(token);
    if (i === lastName && field) return field;
    return humanize(token);
  });
}

/** Parts of a place as nodes: each part isolated, joined by the language's list separator. */
export function placeNodes(parts) {
  return parts.flatMap((part, i) => [...(i ? [t('sep')] : []), iso(...[part].flat())]);
}

/** Where a finding is, as parts: ["Table 3 Actions", "row 4", "Action date"]; JSON syntax: line and column. */
export function placeParts(finding) {
  const args = finding.args ?? {};
  const line = text(args.line);
  const column = text(args.column);
  const tokens = parsePointer(finding.pointer);
  if (finding.code === 'json-syntax' || !tokens.length) {
    return [capitalize(line && column ? t('lineColumn', { line, column }) : t('wholeDocument'))];
  }
  const parts = tokenWords(tokens, text(args.field));
  if (line && column) parts.push(t('lineColumn', { line, column }));
  return parts;
}

/** Where a finding is, in words, as one string (for tests and plain-text use). */
export const locationWords = (finding) => placeParts(finding).join(t('sep'));

/**
 * The other place of a cross-record finding (args.other, in an earlier submission when
 * args.otherSubmission is set), as { parts, pointer }; null for other findings. Its property
 * is named by the engine's label (args.otherField), or by args.field when it is the
 * finding's own field (in an earlier submission, where there is no otherField); a property
 * with no label in the reader's language is left out, naming the row only.
 */
export function otherPlace(finding, priorNames = []) {
  const args = finding.args ?? {};
  const other = text(args.other);
  if (other === undefined) return null;
  const tokens = parsePointer(other);
  const names = (ts) => ts.filter((token) => !isIndex(token));
  const endsInName = tokens.length > 0 && !isIndex(tokens.at(-1));
  const sameField = endsInName && names(tokens).at(-1) === names(parsePointer(finding.pointer)).at(-1);
  const label = endsInName ? text(args.otherField) ?? (sameField ? text(args.field) : undefined) : undefined;
  if (endsInName && label === undefined) while (tokens.length > 1 && !isIndex(tokens.at(-1))) tokens.pop();
  const parts = tokens.length ? tokenWords(tokens, label) : [t('wholeDocument')];
  const submission = text(args.otherSubmission);
  if (submission === undefined) return { parts, pointer: other };
  const index = Number(submission);
  const name = priorNames[index];
  parts.unshift(name ? [t('earlier', { n: index + 1 }), ' (', ltr(name), ')'] : t('earlier', { n: index + 1 }));
  return { parts, pointer: `/priorSubmissions/${index}${other}` };
}

/** "also: earlier submission 1, Table 3 Actions, row 2" as nodes, or null. */
export function alsoNodes(finding, priorNames) {
  const other = otherPlace(finding, priorNames);
  return other && tn('also', { place: placeNodes(other.parts) });
}

function countBy(findings, key) {
  const counts = new Map();
  for (const f of findings) counts.set(f[key], (counts.get(f[key]) ?? 0) + 1);
  return counts;
}

const tag = (severity) => el('strong', { class: `tag tag--${severity}` }, t(SEVERITIES.find(([k]) => k === severity)?.[2] ?? 'info'));

function findingRow(finding, priorNames) {
  const where = el('td', {},
    el('span', { class: 'place' }, ...placeNodes(placeParts(finding))),
    finding.pointer ? el('span', { class: 'place__pointer' }, ltr(finding.pointer, 'pointer')) : null);
  const other = otherPlace(finding, priorNames);
  if (other) {
    where.append(el('span', { class: 'place place--other' }, ...tn('also', { place: placeNodes(other.parts) })),
      el('span', { class: 'place__pointer' }, ltr(other.pointer, 'pointer')));
  }
  return el('tr', { 'data-code': finding.code },
    where,
    el('td', { class: 'message' }, ...messageNodes(finding)),
    el('td', {}, el('code', {}, ltr(finding.code))));
}

/** Fill the results region: a headline, counts by severity and by code, then one table per severity. */
export function renderResults({ title, counts, body }, report, priorNames = []) {
  const findings = report.findings;
  const bySeverity = countBy(findings, 'severity');
  title.textContent = !findings.length ? t('noProblems') : t(report.valid ? 'valid' : 'invalid');
  title.parentElement.classList.toggle('results--valid', report.valid);
  title.parentElement.classList.toggle('results--invalid', !report.valid);
  counts.replaceChildren(...SEVERITIES.map(([key, heading]) =>
    el('li', { 'data-severity': key }, t('count', { label: t(heading), n: bySeverity.get(key) ?? 0 }))));
  if (!findings.length) {
    body.replaceChildren();
    return;
  }

  const rank = (severity) => SEVERITIES.findIndex(([k]) => k === severity);
  const codes = [...countBy(findings, 'code')]
    .map(([code, n]) => ({ code, n, severity: findings.find((f) => f.code === code).severity }))
    .sort((a, b) => rank(a.severity) - rank(b.severity) || b.n - a.n || a.code.localeCompare(b.code));
  const byCode = el('table', { class: 'table table--narrow by-code' },
    el('caption', { class: 'table__caption' }, t('byCode')),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, t('code')),
      el('th', { scope: 'col' }, t('severity')),
      el('th', { scope: 'col', class: 'table__numeric' }, t('number')))),
    el('tbody', {}, ...codes.map(({ code, n, severity }) =>
      el('tr', {}, el('td', {}, el('code', {}, ltr(code))), el('td', {}, tag(severity)), el('td', { class: 'table__numeric' }, String(n))))));

  // One table per severity, a page of rows at a time (pager.js): every finding can be reached.
  const tables = SEVERITIES.filter(([key]) => bySeverity.get(key)).flatMap(([key, heading]) => {
    const caption = t('count', { label: t(heading), n: bySeverity.get(key) });
    const rows = el('tbody');
    const table = el('table', { class: `table findings-table findings-table--${key}`, 'data-severity': key },
      el('caption', { class: 'table__caption' }, caption),
      el('thead', {}, el('tr', {}, ...['location', 'message', 'code'].map((h) => el('th', { scope: 'col' }, t(h))))),
      rows);
    const list = findings.filter((f) => f.severity === key);
    return [table, pager(list, (slice) => rows.replaceChildren(...slice.map((f) => findingRow(f, priorNames))), caption)];
  });
  body.replaceChildren(byCode, ...tables);
}
