// The findings report of the last check (index.html): what "Print or save as PDF" prints
// (style.css @media print shows only this report) and what "Download findings" gives as
// CSV and JSON. Document, Party, year, date and time, rules (bundle name and version), a
// count per severity, then the findings grouped by table and row, each with its field's
// label. The JSON download is the engine's findings JSON as it came out (the CLI's contract).

import { el, isIndex, parsePointer } from './dom.js';
import { RawNumber } from './json-text.js';
import { iso, ltr, messageNodes } from './bidi.js';
import { SEVERITIES, otherPlace, placeNodes, placeParts } from './findings.js';
import { currentLang, t } from './i18n.js';

const text = (v) => (v instanceof RawNumber ? v.text : typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** Party and year of a document, whichever form it is (AEF Table 1, initial report, authorization). */
export function documentFacts(doc) {
  const d = doc && typeof doc === 'object' ? doc : {};
  const t1 = d.t1Submission && typeof d.t1Submission === 'object' ? d.t1Submission : {};
  const party = text(t1.party) ?? text(d.party) ?? text(d.authorizingParty);
  const date = text(d.submissionDate) ?? text(d.dateOfAuthorization);
  const year = text(t1.reportedYear) ?? (date && /^\d{4}/.test(date) ? date.slice(0, 4) : undefined);
  return { party, year };
}

/** How many pointer tokens name the group a finding is in: up to its first row ("Table 3 Actions, row 4"). */
function groupLength(finding) {
  if (finding.code === 'json-syntax') return 0;
  const tokens = parsePointer(finding.pointer);
  const row = tokens.findIndex(isIndex);
  return row >= 0 ? row + 1 : 0;
}

/** Findings grouped by table and row, in the order they come: [{ title parts, findings }]. */
export function groupFindings(findings) {
  const groups = new Map();
  for (const finding of findings) {
    const n = groupLength(finding);
    const parts = placeParts(finding);
    const key = parsePointer(finding.pointer).slice(0, n).join('/');
    if (!groups.has(key)) groups.set(key, { title: n ? parts.slice(0, n) : [t('wholeDocument')], items: [] });
    groups.get(key).items.push({ finding, field: n ? parts.slice(n) : parts });
  }
  return [...groups.values()];
}

const when = (date) => new Intl.DateTimeFormat(currentLang(), { dateStyle: 'long', timeStyle: 'short' }).format(date);

/**
 * Fill `box` with the printable report of `check`:
 * { formTitle, doc, report (parsed findings), at (Date), bundle: { name, version }, mode, priorNames }.
 */
export function renderReport(box, check) {
  const { party, year } = documentFacts(check.doc);
  const counts = Object.fromEntries(SEVERITIES.map(([key]) => [key, check.report.findings.filter((f) => f.severity === key).length]));
  const fact = (label, ...value) => [el('dt', {}, t(label)), el('dd', {}, ...value)];
  const notStated = () => el('span', { class: 'print-report__missing' }, t('reportNotStated'));
  const groups = groupFindings(check.report.findings);
  box.replaceChildren(
    el('h1', { class: 'heading-l', id: 'print-report-title' }, t('reportTitle')),
    el('dl', { class: 'print-report__facts' },
      ...fact('reportDocument', iso(check.formTitle)),
      ...fact('reportParty', party ? ltr(party) : notStated()),
      ...fact('reportYear', year ? ltr(year) : notStated()),
      ...fact('reportWhen', when(check.at)),
      ...fact('reportRules', ...placeNodes([[ltr(check.bundle.name)], t('reportVersion', { version: check.bundle.version })])),
      ...fact('reportMode', t(check.mode === 'draft' ? 'modeDraft' : 'modeSubmit'))),
    el('ul', { class: 'list counts print-report__counts' },
      ...SEVERITIES.map(([key, heading]) => el('li', { 'data-severity': key }, t('count', { label: t(heading), n: counts[key] })))),
    ...(groups.length ? [el('h2', { class: 'heading-m' }, t('reportFindings'))] : [el('p', {}, t('reportNone'))]),
    ...groups.map((group) => el('section', { class: 'print-report__group' },
      el('h3', { class: 'heading-s' }, ...placeNodes(group.title)),
      el('table', { class: 'table findings-table' },
        el('thead', {}, el('tr', {}, ...['reportField', 'severity', 'message', 'code'].map((h) => el('th', { scope: 'col' }, t(h))))),
        el('tbody', {}, ...group.items.map(({ finding, field }) => el('tr', { 'data-code': finding.code },
          el('td', {}, ...(field.length ? placeNodes(field) : [t('wholeDocument')])),
          el('td', {}, t(SEVERITIES.find(([k]) => k === finding.severity)?.[2] ?? 'info')),
          el('td', { class: 'message' }, ...messageNodes(finding)),
          el('td', {}, el('code', {}, ltr(finding.code))))))))),
  );
}

const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The findings as CSV (RFC 4180, CRLF): one row per finding, its place in words beside the pointer. */
export function findingsCsv(report, priorNames = []) {
  const rows = [['severity', 'code', 'pointer', 'location', 'message', 'otherPointer', 'otherLocation']];
  for (const f of report.findings) {
    const other = otherPlace(f, priorNames);
    const words = (parts) => parts.map((p) => [p].flat().map((n) => (typeof n === 'string' ? n : n.textContent)).join('')).join(t('sep'));
    rows.push([f.severity, f.code, f.pointer ?? '', words(placeParts(f)), String(f.message ?? ''), other?.pointer ?? '', other ? words(other.parts) : '']);
  }
  return rows.map((r) => `${r.map((c) => csvField(String(c))).join(',')}\r\n`).join('');
}

/** A file name for the downloads: findings-aef-GHA-2025.csv. */
export function reportFileName(form, doc, extension) {
  const { party, year } = documentFacts(doc);
  const safe = (s) => String(s).replace(/[^\p{L}\p{N}_-]+/gu, '-');
  return `findings-${[form, party, year].filter(Boolean).map(safe).join('-')}.${extension}`;
}
