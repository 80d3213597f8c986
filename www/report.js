// The Reports page (report.html): an AEF workbook in, its findings and canonical JSON out;
// a ledger in, the assembled AEF (JSON, workbook) and its summary (CSV) out. Everything runs
// in the page with the report module (pkg-report, a6check-report compiled to Wasm); files are
// read with the File API and offered back as Blob object URLs behind <a download> links.
//
// Self-contained on purpose (no imports from the form checker's modules): this page loads
// only the report module, and the checker's pages can change without breaking it. The
// charts (charts.js) take their words from the demo's catalogs (i18n.js).

import { summaryCharts } from './charts.js';
import { wireDropZones } from './drop-zones.js';

/** The report module's functions once loaded (a dynamic import, so that a missing module is reported on the page). */
let wasm = null;

const $ = (id) => document.getElementById(id);
const TITLE = document.title;
const MAX_BYTES = 100 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** el('a', {href: '#x'}, 'text', child): text is never parsed as HTML. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

// ---- JSON without losing digits ------------------------------------------------------------

/**
 * JSON.parse, except that a number whose text a JavaScript number would not give back
 * (a 20-digit serial, `1.0`, `1e3`) is kept as JSON.rawJSON(source), so JSON.stringify
 * writes it digit for digit.
 */
export function parseExact(text) {
  if (typeof JSON.rawJSON !== 'function') return JSON.parse(text);
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && context?.source !== undefined && String(value) !== context.source
      ? JSON.rawJSON(context.source)
      : value,
  );
}

/** A JSON value as text for a cell or a sentence (raw numbers as written). */
const show = (v) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

// ---- the summary as one long CSV table (the CLI's `a6check summary --format csv`) ------------

const CSV_COLUMNS = ['section', 'party', 'reportedYear', 'cooperativeApproachId', 'firstTransferringPartyId',
  'vintage', 'actionType', 'purpose', 'year', 'measure', 'value'];

const csvField = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const entries = (v) => (v && typeof v === 'object' && !Array.isArray(v) && !JSON.isRawJSON?.(v) ? Object.entries(v) : []);
const list = (v) => (Array.isArray(v) ? v : []);

/** The summary JSON as CSV: RFC 4180, CRLF, one row per figure (same rows as crates/report summary::to_csv). */
export function summaryCsv(s) {
  const lines = [];
  const line = (cells) => lines.push(cells.map((c) => csvField(show(c))).join(','));
  line(CSV_COLUMNS);
  for (const d of list(s?.documents)) {
    const party = d.party;
    const year = d.reportedYear;
    for (const row of list(d.totals?.detail)) {
      for (const m of ['quantityTCO2e', 'quantityNonGhg', 'itmos', 'rows']) {
        if (Object.hasOwn(row, m)) {
          line(['totals', party, year, row.cooperativeApproachId, '', row.vintage, row.actionType, row.purpose, '', m, row[m]]);
        }
      }
    }
    for (const [m, v] of entries(d.holdings)) line(['holdings', party, year, '', '', '', '', '', '', m, v]);
    for (const b of list(d.reconciliation?.blocks)) {
      for (const m of ['opening', 'acquired', 'removed', 'expectedClosing', 'closing', 'missing', 'unexplained', 'reconciles']) {
        line(['reconciliation', party, year, b.cooperativeApproachId, b.firstTransferringPartyId, b.vintage, '', '', '', m, b[m]]);
      }
    }
  }
  for (const p of list(s?.btr)) {
    for (const y of list(p.years)) {
      for (const [m, v] of entries(y)) if (m !== 'year') line(['btr', p.party, '', '', '', '', '', '', y.year, m, v]);
    }
    for (const [m, v] of entries(p.averaging)) if (m !== 'note') line(['averaging', p.party, '', '', '', '', '', '', '', m, v]);
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

// ---- findings in words -----------------------------------------------------------------------

const TABLES = {
  t1Submission: 'Table 1 Submission',
  t2Authorizations: 'Table 2 Authorizations',
  t3Actions: 'Table 3 Actions',
  t4Holdings: 'Table 4 Holdings',
  t5AuthorizedEntities: 'Table 5 Authorized entities',
};
const SEVERITIES = [['error', 'Errors', 'Error'], ['warning', 'Warnings', 'Warning'], ['info', 'Notes', 'Note']];
const GROUPS = {
  workbook: 'Reading the workbook',
  ledger: 'The ledger',
  aef: 'The AEF document',
};

const parsePointer = (p) => (p ? String(p).split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : []);
const isIndex = (t) => /^\d+$/.test(t);

/** 'authorizationId' → 'Authorization ID'. */
function humanize(token) {
  const words = token.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase().replace(/\bid\b/g, 'ID');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A JSON Pointer in words: "Table 3 Actions, row 4, Action date" (`field`, the engine's label, names the last property). */
export function pointerWords(pointer, field, whole = 'The whole document') {
  const tokens = parsePointer(pointer);
  if (!tokens.length) return whole;
  const lastName = tokens.findLastIndex((t) => !isIndex(t));
  return tokens
    .map((t, i) => {
      if (isIndex(t)) return `${i === 1 || (i + 1 < tokens.length && !isIndex(tokens[i + 1])) ? 'row' : 'item'} ${Number(t) + 1}`;
      if (i === 0 && TABLES[t]) return TABLES[t];
      if (i === lastName && field) return field;
      return humanize(t);
    })
    .join(', ');
}

/** Where a workbook finding's cell is: "Sheet “Table 3 Actions”, row 9, column B". */
export function cellWords(args = {}) {
  const parts = [];
  if (args.sheet !== undefined) parts.push(`Sheet “${show(args.sheet)}”`);
  if (args.row !== undefined) parts.push(`row ${show(args.row)}`);
  if (args.column !== undefined) parts.push(`column ${show(args.column)}`);
  return parts.join(', ');
}

/** The place cell of a finding: words, the workbook cell or ledger row it comes from, the other place, the pointer. */
function placeCell(f, group) {
  const args = f.args ?? {};
  const td = el('td', { class: 'place' });
  let main;
  if (f.code === 'json-syntax' && args.line !== undefined) main = `Line ${show(args.line)}, column ${show(args.column)}`;
  else main = pointerWords(f.pointer, group === 'ledger' ? undefined : show(args.field) || undefined, group === 'ledger' ? 'The whole ledger' : 'The whole document');
  td.append(el('span', { class: 'place__words' }, main));
  const cell = cellWords(args);
  if (cell) td.append(el('span', { class: 'place__cell' }, `Workbook: ${cell}`));
  if (args.ledgerPointer !== undefined) {
    td.append(el('span', { class: 'place__ledger' }, `Ledger: ${pointerWords(show(args.ledgerPointer), undefined, 'the whole ledger')}`));
  }
  if (typeof args.other === 'string') {
    const tokens = parsePointer(args.other);
    while (tokens.length > 1 && !isIndex(tokens.at(-1))) tokens.pop();
    const other = tokens.length ? pointerWords(`/${tokens.join('/')}`) : 'the whole document';
    td.append(el('span', { class: 'place__other' }, `Also: ${other}`));
  }
  if (f.pointer) td.append(el('code', { class: 'place__pointer', dir: 'ltr' }, f.pointer));
  return td;
}

const countOf = (findings, severity) => findings.filter((f) => f.severity === severity).length;
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const countWords = (all) =>
  `${plural(countOf(all, 'error'), 'error')}, ${plural(countOf(all, 'warning'), 'warning')}, ${plural(countOf(all, 'info'), 'note')}`;

/** One group of findings (workbook, ledger or AEF): a heading, then a table per severity. */
function findingsGroup(prefix, group, findings) {
  const id = `${prefix}-${group}-findings`;
  const box = el('div', { class: 'findings-group', id, 'data-group': group });
  box.append(el('h5', { class: 'heading-s' }, `${GROUPS[group]}: ${findings.length ? countWords(findings) : 'no findings'}`));
  for (const [severity, heading, tag] of SEVERITIES) {
    const rows = findings.filter((f) => f.severity === severity);
    if (!rows.length) continue;
    const table = el('table', { class: 'table findings-table', 'data-group': group, 'data-severity': severity },
      el('caption', { class: 'table__caption' }, `${heading} (${rows.length})`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Where'), el('th', { scope: 'col' }, 'Finding'), el('th', { scope: 'col' }, 'Code'))));
    const body = el('tbody');
    for (const f of rows) {
      body.append(el('tr', { 'data-code': f.code },
        placeCell(f, group),
        el('td', { class: 'message' }, el('strong', { class: `tag tag--${severity}` }, tag), ' ', el('span', { dir: 'auto' }, show(f.message))),
        el('td', { class: 'code' }, el('code', { dir: 'ltr' }, show(f.code)))));
    }
    table.append(body);
    box.append(table);
  }
  return box;
}

// ---- downloads ---------------------------------------------------------------------------------

const objectUrls = { workbook: [], ledger: [] };

function releaseUrls(prefix) {
  for (const url of objectUrls[prefix].splice(0)) URL.revokeObjectURL(url);
}

function size(bytes) {
  if (bytes < 1024) return plural(bytes, 'byte');
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A download link for what `make()` returns ({data, type}); if making it throws, the item says why.
 */
function downloadItem(prefix, id, label, filename, make) {
  try {
    const { data, type } = make();
    const blob = new Blob([data], { type });
    const url = URL.createObjectURL(blob);
    objectUrls[prefix].push(url);
    return el('li', {}, el('a', { id, class: 'download', href: url, download: filename, type },
      label, ' ', el('span', { class: 'download__meta' }, `(${filename}, ${size(blob.size)})`)));
  } catch (e) {
    return el('li', { id: `${id}-failed`, class: 'download download--failed' }, `${label}: could not be made (${e?.message ?? e}).`);
  }
}

/** The summary of one AEF (JSON text): parsed, or null with the reason. */
function summarize(aefText) {
  try {
    return { value: parseExact(wasm.summary(JSON.stringify([aefText]), '{}')) };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}

function downloads(prefix, aefText, base, withXlsx, sum) {
  const items = el('ul', { class: 'list downloads' });
  items.append(downloadItem(prefix, `${prefix}-download-json`, 'The AEF document as JSON', `${base}.aef.json`,
    () => ({ data: `${aefText}\n`, type: 'application/json' })));
  if (withXlsx) {
    items.append(downloadItem(prefix, `${prefix}-download-xlsx`, 'The AEF as a workbook', `${base}.aef.xlsx`,
      () => ({ data: wasm.exportXlsx(aefText), type: XLSX_TYPE })));
  }
  items.append(downloadItem(prefix, `${prefix}-download-csv`, 'The summary as CSV', `${base}.summary.csv`, () => {
    if (sum.error) throw new Error(sum.error);
    return { data: summaryCsv(sum.value), type: 'text/csv' };
  }));
  return el('div', { class: 'downloads-block' }, el('h4', { class: 'heading-s' }, 'Downloads'), items);
}

/** Table 1 and row counts in one sentence. */
function aboutAef(aef) {
  const t1 = aef?.t1Submission ?? {};
  const bits = [];
  if (t1.party !== undefined) bits.push(`Party ${show(t1.party)}`);
  if (t1.reportedYear !== undefined) bits.push(`reported year ${show(t1.reportedYear)}`);
  if (t1.version !== undefined) bits.push(`version ${show(t1.version)}`);
  const counts = Object.entries(TABLES).slice(1)
    .map(([key, name]) => `${name}: ${plural(list(aef?.[key]).length, 'row')}`);
  return el('p', { class: 'about' }, `${bits.length ? `${bits.join(', ')}. ` : ''}${counts.join('; ')}.`);
}

/** Totals per action type and the holdings, from the summary. */
function totalsTable(sum) {
  const d = sum?.value?.documents?.[0];
  if (!d) return null;
  const body = el('tbody');
  for (const [type, t] of entries(d.totals?.byActionType)) {
    body.append(el('tr', {}, el('th', { scope: 'row' }, type),
      el('td', { class: 'table__numeric' }, show(t.rows)),
      el('td', { class: 'table__numeric' }, show(t.itmos)),
      el('td', { class: 'table__numeric' }, show(t.quantityTCO2e))));
  }
  if (d.holdings) {
    body.append(el('tr', {}, el('th', { scope: 'row' }, 'Held on 31 December (Table 4)'),
      el('td', { class: 'table__numeric' }, show(d.holdings.rows)),
      el('td', { class: 'table__numeric' }, show(d.holdings.itmos)),
      el('td', { class: 'table__numeric' }, show(d.holdings.quantityTCO2e))));
  }
  if (!body.rows.length) return null;
  return el('table', { class: 'table table--narrow totals' },
    el('caption', { class: 'table__caption' }, 'Totals'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Action type'), el('th', { scope: 'col', class: 'table__numeric' }, 'Rows'),
      el('th', { scope: 'col', class: 'table__numeric' }, 'ITMOs'), el('th', { scope: 'col', class: 'table__numeric' }, 'Quantity (t CO2 eq)'))),
    body);
}

// ---- errors: the GOV.UK error summary ------------------------------------------------------------

/** Problems per file input: input id → message (or absent). */
const problems = new Map();

function renderErrorSummary(focus) {
  const summaryBox = $('error-summary');
  const items = $('error-summary-list');
  items.replaceChildren();
  for (const [inputId, { message, detail }] of problems) {
    items.append(el('li', {}, el('a', { href: `#${inputId}` }, message),
      detail ? el('span', { class: 'summary-detail' }, detail) : null));
  }
  summaryBox.hidden = problems.size === 0;
  document.title = problems.size ? `Error: ${TITLE}` : TITLE;
  if (focus && problems.size) summaryBox.focus();
}

function setProblem(inputId, problem) {
  const input = $(inputId);
  const error = $(`${inputId}-error`);
  const group = input.closest('.form-group');
  const hint = `${inputId}-hint`;
  if (problem) {
    problems.set(inputId, problem);
    error.replaceChildren(el('span', { class: 'visually-hidden' }, 'Error:'), ' ', problem.message);
    error.hidden = false;
    group.classList.add('form-group--error');
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${hint} ${inputId}-error`);
  } else {
    problems.delete(inputId);
    error.replaceChildren();
    error.hidden = true;
    group.classList.remove('form-group--error');
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', hint);
  }
  renderErrorSummary(Boolean(problem));
}

// ---- reading files ---------------------------------------------------------------------------------

const SETUP = {
  workbook: { input: 'workbook-file', status: 'workbook-status', results: 'workbook-results', run: checkWorkbook },
  ledger: { input: 'ledger-file', status: 'ledger-status', results: 'ledger-results', run: assembleLedger },
};

const quoted = (name) => `“${name}”`;
const baseName = (name, ...suffixes) => {
  let base = name.replace(/\.[^.]*$/, '') || 'report';
  for (const s of suffixes) if (base.toLowerCase().endsWith(s)) base = base.slice(0, -s.length);
  return base || 'report';
};
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

let busy = Promise.resolve();

/** Read `file` for `prefix` (workbook | ledger), one file at a time. */
function handleFile(prefix, file) {
  busy = busy.then(() => runFile(prefix, file)).catch(() => {});
  return busy;
}

async function runFile(prefix, file) {
  const { input, status, results, run } = SETUP[prefix];
  const panel = $(results);
  $(status).textContent = `Reading ${quoted(file.name)}…`;
  panel.setAttribute('aria-busy', 'true');
  await nextFrame();
  let outcome;
  try {
    if (file.size > MAX_BYTES) throw new Problem(`${quoted(file.name)} must be smaller than ${size(MAX_BYTES)}`);
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      throw new Problem(`${quoted(file.name)} could not be read from your computer: choose it again`);
    }
    outcome = run(file, bytes);
  } catch (e) {
    outcome = { problem: e instanceof Problem ? e.problem : { message: `${quoted(file.name)} could not be read`, detail: String(e?.message ?? e) } };
  }
  panel.removeAttribute('aria-busy');
  if (outcome.problem) {
    releaseUrls(prefix);
    panel.replaceChildren();
    panel.hidden = true;
    $(status).textContent = `${outcome.problem.message}.`;
    setProblem(input, outcome.problem);
    return;
  }
  setProblem(input, null);
  panel.replaceChildren(...outcome.nodes);
  panel.className = `results ${outcome.valid ? 'results--valid' : 'results--invalid'}`;
  panel.hidden = false;
  $(status).textContent = outcome.announce;
}

class Problem extends Error {
  constructor(message, detail) {
    super(message);
    this.problem = { message, detail };
  }
}

/** Results nodes shared by both inputs. */
function resultNodes(prefix, { name, aef, aefText, groups, base, withXlsx }) {
  const sum = summarize(aefText);
  const all = groups.flatMap(([, fs]) => fs);
  const errors = countOf(all, 'error');
  const title = `${name}: ${errors ? `${plural(errors, 'error')} to fix` : 'no errors'}`;
  const nodes = [el('h3', { id: `${prefix}-results-title`, class: 'heading-m' }, title), aboutAef(aef)];
  nodes.push(el('ul', { class: 'list counts', id: `${prefix}-counts` },
    ...SEVERITIES.map(([sev, heading]) => el('li', {}, `${heading}: ${countOf(all, sev)}`))));
  releaseUrls(prefix);
  nodes.push(downloads(prefix, aefText, base, withXlsx, sum));
  const totals = totalsTable(sum);
  if (totals) nodes.push(totals);
  const charts = summaryCharts(prefix, sum.value?.documents?.[0]);
  if (charts) nodes.push(charts);
  nodes.push(el('h4', { class: 'heading-s' }, 'Findings'));
  for (const [group, findings] of groups) nodes.push(findingsGroup(prefix, group, findings));
  return { nodes, all };
}

function checkWorkbook(file, bytes) {
  let result;
  try {
    result = parseExact(wasm.importXlsx(bytes));
  } catch (e) {
    throw new Problem(`${quoted(file.name)} could not be read as an AEF workbook (.xlsx)`, String(e?.message ?? e));
  }
  const wb = list(result.findings?.workbook?.findings);
  const unreadable = wb.find((f) => f.code === 'xlsx-unreadable');
  if (unreadable || result.aef === null || result.aef === undefined) {
    const hint = /\.json$/i.test(file.name) ? ' (to assemble a ledger, use “Upload a ledger”)' : '';
    throw new Problem(`${quoted(file.name)} could not be read: it is not an Excel workbook (.xlsx)${hint}`,
      show((unreadable ?? wb.find((f) => f.severity === 'error'))?.message));
  }
  const aefText = JSON.stringify(result.aef, null, 2);
  const groups = [['workbook', wb], ['aef', list(result.findings?.aef?.findings)]];
  const { nodes, all } = resultNodes('workbook', {
    name: file.name, aef: result.aef, aefText, groups,
    base: baseName(file.name, '.aef'), withXlsx: false,
  });
  return {
    nodes,
    valid: !countOf(all, 'error'),
    announce: `Workbook ${quoted(file.name)} imported: ${countWords(all)}. The canonical JSON and the summary can be downloaded.`,
  };
}

function assembleLedger(file, bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Problem(`${quoted(file.name)} could not be read: it is not a text file (UTF-8 JSON)`);
  }
  let result;
  try {
    result = parseExact(wasm.assemble(text));
  } catch (e) {
    throw new Problem(`${quoted(file.name)} could not be assembled`, String(e?.message ?? e));
  }
  const ledger = list(result.findings?.ledger?.findings);
  const unreadable = ledger.find((f) => f.code === 'json-syntax' || (f.severity === 'error' && !f.pointer && f.code === 'LEDGER-00'));
  if (unreadable || result.aef === null || result.aef === undefined) {
    const why = unreadable?.code === 'json-syntax' ? 'it is not valid JSON' : 'it is not a ledger (a JSON object with party, reportedYear and actions)';
    throw new Problem(`${quoted(file.name)} could not be read: ${why}`,
      show((unreadable ?? ledger.find((f) => f.severity === 'error'))?.message));
  }
  const aefText = JSON.stringify(result.aef, null, 2);
  const groups = [['ledger', ledger], ['aef', list(result.findings?.aef?.findings)]];
  const { nodes, all } = resultNodes('ledger', {
    name: file.name, aef: result.aef, aefText, groups,
    base: baseName(file.name, '.ledger'), withXlsx: true,
  });
  return {
    nodes,
    valid: !countOf(all, 'error'),
    announce: `Ledger ${quoted(file.name)} assembled: ${countWords(all)}. The AEF (JSON and workbook) and the summary can be downloaded.`,
  };
}

// ---- wiring ------------------------------------------------------------------------------------------

function wire() {
  for (const [prefix, { input }] of Object.entries(SETUP)) {
    const field = $(input);
    // Choosing the same file again (after fixing it) must read it again: 'change' only fires on a new selection.
    field.addEventListener('click', () => {
      field.value = '';
    });
    field.addEventListener('change', () => {
      if (field.files?.length) handleFile(prefix, field.files[0]);
    });
  }
  // A file dropped on a box goes into its input, as if chosen (drop-zones.js).
  wireDropZones();
  // Error summary links move focus to the input (GOV.UK behaviour), its label in view.
  $('error-summary').addEventListener('click', (e) => {
    const link = e.target.closest('a[href^="#"]');
    if (!link) return;
    const target = $(link.getAttribute('href').slice(1));
    if (!target) return;
    e.preventDefault();
    (document.querySelector(`label[for="${target.id}"]`) ?? target).scrollIntoView();
    target.focus({ preventScroll: true });
  });
}

async function start() {
  wire();
  try {
    const module = await import('./pkg-report/a6check_report.js');
    await module.default();
    wasm = module;
  } catch (e) {
    $('start-status').hidden = true;
    const box = $('start-error');
    box.textContent = `The report tools could not be started: ${e?.message ?? e}. Reload the page to try again.`;
    box.hidden = false;
    document.documentElement.dataset.state = 'failed';
    return;
  }
  for (const { input } of Object.values(SETUP)) $(input).disabled = false;
  $('start-status').hidden = true;
  document.documentElement.dataset.state = 'ready';
}

start();
