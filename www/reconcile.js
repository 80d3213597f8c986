// Reconcile page: several documents checked together in the browser (Checker.reconcile).
// Findings are grouped per document with the field named in words; a table of Party pairs
// sets what A reports as transferred to B beside what B reports as acquired from A.
import init, { Checker } from './pkg/a6check.js';
import { wireDropZones } from './drop-zones.js';
import { parseExact, stringify } from './json-text.js';

const $ = (id) => document.getElementById(id);

/** An element with text and attributes, children appended. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** The result as a plain object, whether the module returns an object or JSON text. */
const plain = (r) => (typeof r === 'string' ? JSON.parse(r) : r);

const EXAMPLES = [
  'examples/aef/ghana-2025-first-transfer.json',
  'examples/aef/switzerland-2025-acquisition-and-use.json',
  'examples/aef/vanuatu-2025-corsia-oimp.json',
  'examples/authorization/ghana-ndc.json',
  'examples/initial-report/ghana-initial-report.json',
];

let checker = null;
let report = null; // the report module (workbook import), loaded on first use
let chosen = []; // [{name, text}]

async function workbookText(file) {
  if (!report) {
    const module = await import('./pkg-report/a6check_report.js');
    await module.default({ module_or_path: new URL('pkg-report/a6check_report_bg.wasm', import.meta.url) });
    report = module;
  }
  // Numbers kept digit for digit from the workbook to the checker.
  const imported = parseExact(report.importXlsx(new Uint8Array(await file.arrayBuffer())));
  if (!imported.aef) throw new Error(`${file.name} could not be read as an AEF workbook`);
  return stringify(imported.aef);
}

async function read(files) {
  const out = [];
  for (const file of files) {
    const text = /\.xlsx$/i.test(file.name) ? await workbookText(file) : await file.text();
    out.push({ name: file.name, text });
  }
  return out;
}

function showChosen() {
  $('reconcile-chosen').textContent = chosen.length
    ? `${chosen.length} document(s): ${chosen.map((c) => c.name).join(', ')}`
    : 'No documents yet.';
  $('reconcile-run').disabled = chosen.length === 0;
}

const SEVERITY = { error: 'Error', warning: 'Warning', info: 'Information' };

function findingItem(f) {
  const where = f.pointer || '/';
  const item = el('li', { class: `finding finding--${f.severity}` },
    el('strong', { class: `tag tag--${f.severity}`, text: SEVERITY[f.severity] ?? f.severity }), ' ',
    el('span', { class: 'finding__message', text: f.message }), ' ',
    el('span', { class: 'finding__where body-s' }, `${f.args?.field ?? ''} (`, el('code', { dir: 'ltr', text: where }), ')'));
  if (f.args?.otherDocument) {
    item.append(' ', el('span', { class: 'finding__other body-s' },
      'See ', el('bdi', { text: f.args.otherDocument }),
      f.args.otherField ? `, ${f.args.otherField}` : '',
      ' (', el('code', { dir: 'ltr', text: f.args.other ?? '' }), ')'));
  }
  return item;
}

function pairsTable(flows) {
  const table = el('table', { class: 'table', id: 'reconcile-pairs' },
    el('caption', { class: 'table__caption', text: 'Transfers and acquisitions by Party pair, cooperative approach and vintage (ITMOs)' }));
  const head = el('tr');
  for (const h of ['From', 'To', 'Approach', 'Vintage', 'Year', 'Transferred (reported by From)', 'Acquired (reported by To)', 'Status']) {
    head.append(el('th', { scope: 'col', text: h }));
  }
  table.append(el('thead', {}, head));
  const body = el('tbody');
  for (const p of flows) {
    const known = p.transferred !== null && p.acquired !== null;
    const mismatch = known && p.transferred !== p.acquired;
    const status = !known ? 'Other side not given' : mismatch ? 'Mismatch' : 'Matches';
    const row = el('tr', { class: mismatch ? 'row--mismatch' : undefined },
      el('td', { text: p.from }), el('td', { text: p.to }), el('td', { text: p.approach }),
      el('td', { text: p.vintage }), el('td', { text: String(p.year) }),
      el('td', { class: 'numeric', text: p.transferred ?? '—' }),
      el('td', { class: 'numeric', text: p.acquired ?? '—' }),
      el('td', {}, mismatch ? el('strong', { class: 'tag tag--error', text: status }) : status));
    body.append(row);
  }
  table.append(body);
  return table;
}

function render(result) {
  const box = $('reconcile-results');
  box.replaceChildren();
  const count = (s) => result.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  box.append(el('h2', { class: 'heading-l', id: 'reconcile-results-title',
    text: errors ? `${errors} error(s) across ${result.documents.length} document(s)` : `No errors across ${result.documents.length} document(s)` }));
  box.append(el('p', { class: 'body', id: 'reconcile-counts',
    text: `${errors} error(s), ${count('warning')} warning(s), ${count('info')} information.` }));
  for (const doc of result.documents) {
    const mine = result.findings.filter((f) => f.document === doc.document);
    const section = el('section', { class: 'section reconcile-document' },
      el('h3', { class: 'heading-m' }, el('bdi', { text: doc.document })),
      el('p', { class: 'body-s', text: [doc.form ?? 'not recognised', doc.party, doc.year, doc.version !== null && doc.version !== undefined ? `version ${doc.version}` : null].filter(Boolean).join(' · ') }));
    section.append(mine.length ? el('ul', { class: 'list findings' }, ...mine.map(findingItem)) : el('p', { class: 'body', text: 'Nothing to fix in this document.' }));
    box.append(section);
  }
  if (result.flows?.length) {
    box.append(el('h3', { class: 'heading-m', text: 'Party pairs' }), pairsTable(result.flows));
  }
  box.hidden = false;
  box.focus();
}

async function run(event) {
  event?.preventDefault();
  try {
    const result = plain(checker.reconcile(chosen, { lang: $('reconcile-lang').value }));
    render(result);
  } catch (e) {
    const err = $('start-error');
    err.textContent = `The documents could not be reconciled: ${e?.message ?? e}`;
    err.hidden = false;
  }
}

async function start() {
  try {
    await init({ module_or_path: new URL('pkg/a6check_bg.wasm', import.meta.url) });
    checker = new Checker();
  } catch (e) {
    const err = $('start-error');
    err.textContent = `The checker could not start: ${e?.message ?? e}`;
    err.hidden = false;
    return;
  }
  const languages = plain(checker.languages());
  for (const l of languages) {
    $('reconcile-lang').append(el('option', { value: l.code, text: l.name, lang: l.code }));
  }
  // The messages' language: ?lang=xx, else English; findings in a right-to-left language
  // are laid out right to left.
  const asked = new URLSearchParams(window.location.search).get('lang');
  const pick = (code) => {
    const l = languages.find((x) => x.code === code) ?? languages.find((x) => x.code === 'en') ?? languages[0];
    $('reconcile-lang').value = l.code;
    $('reconcile-results').setAttribute('lang', l.code);
    $('reconcile-results').setAttribute('dir', l.direction);
  };
  pick(asked ?? 'en');
  $('reconcile-lang').addEventListener('change', () => pick($('reconcile-lang').value));
  wireDropZones();
  $('reconcile-files').disabled = false;
  $('reconcile-files').addEventListener('change', async (e) => {
    try {
      chosen = await read([...e.target.files]);
    } catch (err) {
      $('start-error').textContent = `A file could not be read: ${err?.message ?? err}`;
      $('start-error').hidden = false;
      chosen = [];
    }
    showChosen();
  });
  $('reconcile-examples').disabled = false;
  $('reconcile-examples').addEventListener('click', async () => {
    chosen = [];
    for (const path of EXAMPLES) {
      const r = await fetch(path);
      if (r.ok) chosen.push({ name: path.split('/').pop(), text: await r.text() });
    }
    showChosen();
    await run();
  });
  $('reconcile-form').addEventListener('submit', run);
  document.documentElement.dataset.state = 'ready';
}

start();
