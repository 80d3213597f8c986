// The Reports page (www/report.html) in headless Debian Chromium: a ledger assembled in the
// page (findings, downloads of the AEF as JSON and XLSX and of the summary as CSV), AEF
// workbooks imported (findings with sheet, row and column), the GOV.UK error summary for
// files that cannot be read, drag and drop, keyboard downloads, axe, CSP and same-origin.
// Needs www/pkg-report (scripts/build-wasm.sh) and the CLI (cargo build -p a6check-cli),
// which makes the workbooks and gives the expected AEF and summary CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'target/debug/a6check');
const LEDGERS = join(ROOT, 'crates/report/tests/fixtures');
const CHE_AEF = join(ROOT, 'schemas/examples/aef/switzerland-2025-acquisition-and-use.json');
const SUMMARY_HEADER = 'section,party,reportedYear,cooperativeApproachId,firstTransferringPartyId,vintage,actionType,purpose,year,measure,value';

let tmp;
let server;
let origin;
let context;
let page;
let profile;
const requests = [];
const pageErrors = [];

function cli(...args) {
  const run = spawnSync(CLI, args, { cwd: ROOT, encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, `a6check ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const focusIs = (id) => page.waitForFunction((want) => document.activeElement?.id === want, id);

/** Choose a file in an input and wait for the page to say what it made of it. */
async function upload(inputId, file) {
  const status = `#${inputId.replace('-file', '')}-status`;
  await page.evaluate((s) => { document.querySelector(s).textContent = ''; }, status);
  await page.setInputFiles(`#${inputId}`, file);
  await page.waitForFunction((s) => /(assembled|imported|could not|must be)/.test(document.querySelector(s).textContent), status);
  return page.textContent(status);
}

/** Click (or press Enter on) a download link; returns { name, bytes }. */
async function download(selector, { keyboard = false } = {}) {
  const waiting = page.waitForEvent('download');
  if (keyboard) {
    await page.focus(selector);
    await page.keyboard.press('Enter');
  } else {
    await page.click(selector);
  }
  const dl = await waiting;
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

/** Findings rows of a results panel: [{ group, severity, code, words, cell, ledger, other, message }]. */
const findingRows = (panel) => page.$$eval(`#${panel} .findings-table tbody tr`, (rows) => rows.map((tr) => ({
  group: tr.closest('table').dataset.group,
  severity: tr.closest('table').dataset.severity,
  code: tr.dataset.code,
  words: tr.querySelector('.place__words').textContent,
  cell: tr.querySelector('.place__cell')?.textContent ?? null,
  ledger: tr.querySelector('.place__ledger')?.textContent ?? null,
  other: tr.querySelector('.place__other')?.textContent ?? null,
  message: tr.querySelector('.message').textContent,
})));

before(async () => {
  assert.ok(existsSync(join(ROOT, 'www/pkg-report/a6check_report.js')), 'www/pkg-report is missing: run scripts/build-wasm.sh');
  assert.ok(existsSync(CLI), `${CLI} is missing: run cargo build -p a6check-cli`);
  tmp = mkdtempSync(join(tmpdir(), 'a6check-report-test-'));

  // Fixture workbooks, made with the CLI: Switzerland's AEF example, the same with two bad
  // cells (a party in lower case, an action date that is no date), and random bytes.
  cli('export', '--to', 'xlsx', CHE_AEF, '-o', join(tmp, 'switzerland-2025.xlsx'));
  const bad = readJson(CHE_AEF);
  bad.t1Submission.party = 'ch';
  bad.t3Actions[0].actionDate = '31/02/2025x';
  writeFileSync(join(tmp, 'switzerland-bad.json'), JSON.stringify(bad));
  cli('export', '--to', 'xlsx', join(tmp, 'switzerland-bad.json'), '-o', join(tmp, 'switzerland-bad.xlsx'));
  const noise = randomBytes(4096);
  noise[0] = 0; // never "PK"
  writeFileSync(join(tmp, 'broken.xlsx'), noise);
  writeFileSync(join(tmp, 'not-json.ledger.json'), '{"party": "CHE", "reportedYear": 2025,\n  "actions": [\n');

  server = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  origin = await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    lines.on('line', (line) => {
      const url = /https?:\/\/\S+/.exec(line)?.[0];
      if (url) resolve(new URL(url).origin);
    });
  });

  profile = mkdtempSync(join(tmpdir(), 'a6check-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    // This file tests the page's own requests and routes them (a missing module): the offline
    // service worker, which would answer from its cache, is tested in offline.test.mjs.
    serviceWorkers: 'block',
    viewport: { width: 1100, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page = context.pages()[0] ?? (await context.newPage());
  context.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(`${origin}/report.html`);
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.documentElement.dataset.state));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'ready', await page.textContent('#start-error'));
});

after(async () => {
  await context?.close().catch(() => {});
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  for (const dir of [tmp, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the page: labelled file inputs, status regions, nothing shown yet', async () => {
  assert.equal(await page.title(), 'Reports – a6check');
  assert.equal(await page.getByLabel('Upload an AEF workbook').getAttribute('id'), 'workbook-file');
  assert.equal(await page.getByLabel('Upload a ledger').getAttribute('id'), 'ledger-file');
  assert.equal(await page.locator('#workbook-file').getAttribute('aria-describedby'), 'workbook-file-hint');
  for (const id of ['workbook-status', 'ledger-status']) assert.equal(await page.locator(`#${id}`).getAttribute('role'), 'status');
  assert.ok(await page.locator('#error-summary').isHidden());
  assert.ok(await page.locator('#workbook-results').isHidden());
  assert.ok(await page.locator('#ledger-results').isHidden());
});

test('a ledger: assembled in the page, findings shown, the AEF downloads as JSON', async () => {
  const ledger = join(LEDGERS, 'ghana-2025.ledger.json');
  const expected = join(tmp, 'ghana-expected.aef.json');
  cli('assemble', ledger, '-o', expected);

  const status = await upload('ledger-file', ledger);
  assert.match(status, /^Ledger “ghana-2025\.ledger\.json” assembled: 0 errors, 0 warnings, 0 notes\./);
  assert.equal(await page.textContent('#ledger-results-title'), 'ghana-2025.ledger.json: no errors');
  assert.deepEqual(await page.locator('#ledger-counts li').allTextContents(), ['Errors: 0', 'Warnings: 0', 'Notes: 0']);
  assert.equal(await page.textContent('#ledger-ledger-findings h5'), 'The ledger: no findings');
  assert.equal(await page.textContent('#ledger-aef-findings h5'), 'The AEF document: no findings');
  assert.match(await page.textContent('#ledger-results .about'), /^Party GHA, reported year 2025, version 1\.0\. .*Table 3 Actions: 1 row/);

  const { name, bytes } = await download('#ledger-download-json');
  assert.equal(name, 'ghana-2025.aef.json');
  const aef = JSON.parse(bytes.toString('utf8'));
  assert.equal(aef.t1Submission.party, 'GHA');
  assert.equal(aef.t3Actions.length, readJson(expected).t3Actions.length);
  assert.deepEqual(aef, readJson(expected), 'the same AEF as the CLI assembles');
  writeFileSync(join(tmp, name), bytes);
});

test('the assembled AEF downloads as a workbook (by keyboard) that imports back', async () => {
  const { name, bytes } = await download('#ledger-download-xlsx', { keyboard: true });
  assert.equal(name, 'ghana-2025.aef.xlsx');
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip archive');
  const file = join(tmp, name);
  writeFileSync(file, bytes);
  const status = await upload('workbook-file', file);
  assert.match(status, /^Workbook “ghana-2025\.aef\.xlsx” imported: 0 errors/);
  const back = JSON.parse((await download('#workbook-download-json')).bytes.toString('utf8'));
  assert.equal(back.t1Submission.party, 'GHA');
  assert.equal(back.t3Actions.length, readJson(join(tmp, 'ghana-2025.aef.json')).t3Actions.length);
});

test('the summary downloads as CSV, the same table as `a6check summary --format csv`', async () => {
  const { name, bytes } = await download('#ledger-download-csv');
  assert.equal(name, 'ghana-2025.summary.csv');
  const csv = bytes.toString('utf8');
  assert.equal(csv.split('\r\n')[0], SUMMARY_HEADER);
  assert.equal(csv, cli('summary', '--format', 'csv', join(tmp, 'ghana-2025.aef.json')));
  // The totals are on the page too.
  assert.match(await page.textContent('#ledger-results .totals'), /First transfer\s*1\s*11733\s*11733/);
});

test('a ledger with problems: ledger and AEF findings located in words', async () => {
  await upload('ledger-file', join(LEDGERS, 'switzerland-2025-bad.ledger.json'));
  assert.equal(await page.textContent('#ledger-results-title'), 'switzerland-2025-bad.ledger.json: 3 errors to fix');
  assert.ok(await page.locator('#ledger-results').evaluate((p) => p.classList.contains('results--invalid')));
  const rows = await findingRows('ledger-results');
  const notHeld = rows.filter((r) => r.code === 'LEDGER-01');
  assert.deepEqual(notHeld.map((r) => [r.group, r.severity, r.words]),
    [['ledger', 'error', 'Actions, row 3, First ID'], ['ledger', 'error', 'Actions, row 4, First ID']]);
  assert.match(notHeld[0].message, /^Error This action moves serials the Party does not hold/);
  assert.ok(rows.some((r) => r.code === 'LEDGER-08' && r.severity === 'warning' && r.words === 'Actions, row 2, Authorization ID'));
  const overlap = rows.find((r) => r.code === 'AEF-X-09');
  assert.deepEqual(overlap, {
    ...overlap,
    group: 'aef',
    words: 'Table 3 Actions, row 4, First ID',
    ledger: 'Ledger: Actions, row 4, First ID',
    other: 'Also: Table 3 Actions, row 2',
  });
  // Downloads are offered even so (the AEF is what the ledger gives).
  assert.equal(await page.locator('#ledger-download-xlsx').count(), 1);
});

test('an AEF workbook imports with its actions; the canonical JSON and summary CSV download', async () => {
  const example = readJson(CHE_AEF);
  const status = await upload('workbook-file', join(tmp, 'switzerland-2025.xlsx'));
  assert.match(status, /^Workbook “switzerland-2025\.xlsx” imported: 0 errors, 0 warnings, 0 notes\./);
  assert.equal(await page.textContent('#workbook-results-title'), 'switzerland-2025.xlsx: no errors');
  const json = await download('#workbook-download-json');
  assert.equal(json.name, 'switzerland-2025.aef.json');
  const aef = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(aef.t3Actions.length, example.t3Actions.length);
  assert.deepEqual(aef.t1Submission, example.t1Submission);
  const csv = await download('#workbook-download-csv');
  assert.equal(csv.name, 'switzerland-2025.summary.csv');
  assert.equal(csv.bytes.toString('utf8').split('\r\n')[0], SUMMARY_HEADER);
  assert.equal(await page.locator('#workbook-download-xlsx').count(), 0, 'no workbook of a workbook');
});

test('a workbook with bad cells: findings with sheet, row and column, and table/row/field words', async () => {
  const status = await upload('workbook-file', join(tmp, 'switzerland-bad.xlsx'));
  assert.match(status, /imported: 3 errors/);
  const rows = await findingRows('workbook-results');
  const date = rows.find((r) => r.code === 'xlsx-bad-date');
  assert.equal(date.group, 'workbook');
  assert.equal(date.words, 'Table 3 Actions, row 1, Action date');
  assert.equal(date.cell, 'Workbook: Sheet “Table 3 Actions”, row 9, column B');
  const party = rows.find((r) => r.code === 'format');
  assert.equal(party.group, 'aef');
  assert.equal(party.words, 'Table 1 Submission, Party');
  assert.equal(party.cell, 'Workbook: Sheet “Table 1 Submission”, row 4, column C');
  assert.match(party.message, /Party is not in the right format/);
  assert.ok(await page.locator('#error-summary').isHidden(), 'findings are not a file that cannot be read');
});

test('files that cannot be read: GOV.UK error summary, inline errors, focus, title', async () => {
  const status = await upload('workbook-file', join(tmp, 'broken.xlsx'));
  assert.match(status, /could not be read/);
  await focusIs('error-summary');
  const summary = page.locator('#error-summary');
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.equal(await summary.locator('h2').textContent(), 'There is a problem');
  const links = () => summary.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
  assert.deepEqual(await links(), [['#workbook-file', '“broken.xlsx” could not be read: it is not an Excel workbook (.xlsx)']]);
  assert.match(await summary.locator('.summary-detail').textContent(), /not an Excel workbook/);
  assert.equal(await page.textContent('#workbook-file-error'), 'Error: “broken.xlsx” could not be read: it is not an Excel workbook (.xlsx)');
  assert.equal(await page.locator('#workbook-file').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#workbook-file').getAttribute('aria-describedby'), 'workbook-file-hint workbook-file-error');
  assert.ok(await page.locator('#workbook-group').evaluate((g) => g.classList.contains('form-group--error')));
  assert.ok(await page.locator('#workbook-results').isHidden(), 'no stale results');
  assert.match(await page.title(), /^Error: Reports/);

  await upload('ledger-file', join(tmp, 'not-json.ledger.json'));
  assert.deepEqual((await links()).map(([href]) => href), ['#workbook-file', '#ledger-file']);
  assert.match(await page.textContent('#ledger-file-error'), /“not-json\.ledger\.json” could not be read: it is not valid JSON/);
  assert.match(await summary.locator('li').nth(1).textContent(), /line 3/);

  await page.click('#error-summary a[href="#ledger-file"]');
  await focusIs('ledger-file');

  // A good file clears its own error only.
  await upload('ledger-file', join(LEDGERS, 'ghana-2025.ledger.json'));
  assert.deepEqual((await links()).map(([href]) => href), ['#workbook-file']);
  assert.equal(await page.locator('#ledger-file').getAttribute('aria-invalid'), null);
  await upload('workbook-file', join(tmp, 'switzerland-2025.xlsx'));
  assert.ok(await summary.isHidden());
  assert.equal(await page.title(), 'Reports – a6check');
});

test('a ledger dropped on its box is assembled', async () => {
  const text = readFileSync(join(LEDGERS, 'vanuatu-2025.ledger.json'), 'utf8');
  await page.evaluate(() => { document.getElementById('ledger-status').textContent = ''; });
  await page.evaluate((json) => {
    const data = new DataTransfer();
    data.items.add(new File([json], 'vanuatu-2025.ledger.json', { type: 'application/json' }));
    const zone = document.querySelector('.drop-zone[data-input="ledger-file"]');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForFunction(() => /assembled/.test(document.getElementById('ledger-status').textContent));
  assert.match(await page.textContent('#ledger-results-title'), /^vanuatu-2025\.ledger\.json: /);
  assert.equal(await page.evaluate(() => document.getElementById('ledger-file').files[0]?.name), 'vanuatu-2025.ledger.json');
  const aef = JSON.parse((await download('#ledger-download-json')).bytes.toString('utf8'));
  assert.equal(aef.t1Submission.party, 'VUT');
});

test('axe finds no accessibility violations with results and an error shown', async () => {
  await upload('workbook-file', join(tmp, 'broken.xlsx'));
  await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  assert.deepEqual(violations, []);
});

test('no CSP violations, no page errors, and every request is same-origin', async () => {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:')), []);
  assert.ok(requests.some((u) => u.endsWith('/pkg-report/a6check_report_bg.wasm')));
  assert.ok(!requests.some((u) => u.includes('/pkg/')), 'the form checker module is not loaded');
});

test('a report module that cannot be loaded is reported on the page', async () => {
  const other = await context.newPage();
  try {
    await other.route('**/pkg-report/a6check_report.js', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    await other.goto(`${origin}/report.html`);
    await other.waitForFunction(() => document.documentElement.dataset.state === 'failed');
    assert.match(await other.textContent('#start-error'), /^The report tools could not be started: .*Reload the page/);
    assert.equal(await other.locator('#start-error').getAttribute('role'), 'alert');
    assert.ok(await other.locator('#ledger-file').isDisabled());
  } finally {
    await other.close();
  }
});
