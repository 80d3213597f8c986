// The reconcile page (www/reconcile.html) in headless Debian Chromium: several documents
// dropped together are checked in the page by Checker.reconcile (Wasm), the findings come
// grouped per document with the same codes and pointers as `a6check reconcile`, the table of
// Party pairs highlights a transfer the other side does not show, nothing is sent anywhere,
// it works offline after one visit, and axe finds nothing. Needs www/pkg and the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, SCREENSHOTS, axeViolations, startDemo } from './demo-support.mjs';

const EX = join(ROOT, 'schemas/examples');
let demo;
let page;
let tmp;
let files;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'a6check-reconcile-'));
  // Switzerland's 2025 AEF without its acquisition from Ghana: Ghana's first transfer has no counterpart.
  const che = JSON.parse(readFileSync(join(EX, 'aef/switzerland-2025-acquisition-and-use.json'), 'utf8'));
  che.t3Actions.splice(0, 1);
  writeFileSync(join(tmp, 'switzerland-2025.json'), JSON.stringify(che));
  writeFileSync(join(tmp, 'ghana-2025.json'), readFileSync(join(EX, 'aef/ghana-2025-first-transfer.json')));
  writeFileSync(join(tmp, 'ghana-loa.json'), readFileSync(join(EX, 'authorization/ghana-ndc.json')));
  files = ['ghana-2025.json', 'switzerland-2025.json', 'ghana-loa.json'].map((f) => join(tmp, f));
  demo = await startDemo();
  page = demo.page;
}, { timeout: 120_000 });

after(async () => {
  await demo?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(query = '') {
  await page.goto(`${demo.origin}/reconcile.html${query}`);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready'
    || !document.getElementById('start-error').hidden);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'ready', await page.textContent('#start-error'));
}

async function reconcileFiles() {
  await page.setInputFiles('#reconcile-files', files);
  await page.waitForFunction(() => /3 document/.test(document.getElementById('reconcile-chosen').textContent));
  await page.click('#reconcile-run');
  await page.waitForSelector('#reconcile-results:not([hidden])');
}

test('findings per document match the CLI, and the Party pairs table shows the missing acquisition', async () => {
  await open();
  await reconcileFiles();
  const cli = spawnSync(CLI, ['reconcile', ...files], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(cli.status, 1, cli.stderr);
  const want = JSON.parse(cli.stdout);
  assert.ok(want.findings.some((f) => f.code === 'AEF-X-20'));
  const sections = await page.$$eval('.reconcile-document', (ss) => ss.map((s) => ({
    name: s.querySelector('h3').textContent,
    findings: [...s.querySelectorAll('.finding')].map((f) => f.textContent),
  })));
  assert.deepEqual(sections.map((s) => s.name), ['ghana-2025.json', 'switzerland-2025.json', 'ghana-loa.json']);
  const ghana = sections[0].findings.join('\n');
  assert.match(ghana, /CHE's annual information for 2025 \(switzerland-2025\.json\) shows no acquisition/);
  assert.match(ghana, /\/t3Actions\/0\/firstId/);
  assert.equal(sections[2].findings.length, 0);
  // Party pairs: GHA → CHE transferred 11,733, acquired 0: a mismatch, highlighted.
  const rows = await page.$$eval('#reconcile-pairs tbody tr', (trs) => trs.map((tr) => ({
    cells: [...tr.cells].map((c) => c.textContent), mismatch: tr.classList.contains('row--mismatch'),
  })));
  const gha = rows.find((r) => r.cells[0] === 'GHA' && r.cells[1] === 'CHE');
  assert.ok(gha, JSON.stringify(rows));
  assert.deepEqual(gha.cells.slice(2, 7), ['CA0009', '2024', '2025', '11733', '0']);
  assert.equal(gha.mismatch, true);
  assert.match(gha.cells[7], /Mismatch/);
  await page.screenshot({ path: join(SCREENSHOTS, 'reconcile-en.png'), fullPage: true });
  // Nothing left the machine: every request went to the demo's own origin.
  assert.ok(demo.requests.every((u) => u.startsWith(demo.origin)), demo.requests.join('\n'));
});

test('the same result comes from Checker.reconcile as from the CLI, code for code', async () => {
  await open();
  const texts = files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  const result = await page.evaluate(async (input) => {
    const mod = await import('./pkg/a6check.js');
    const checker = new mod.Checker();
    return checker.reconcile(input, { lang: 'fr' });
  }, texts);
  const cli = JSON.parse(spawnSync(CLI, ['reconcile', '--lang', 'fr', ...files], { cwd: ROOT, encoding: 'utf8' }).stdout);
  const key = (f) => `${f.document} ${f.code} ${f.pointer} ${f.severity} ${f.message}`;
  assert.deepEqual(result.findings.map(key), cli.findings.map(key));
  assert.equal(result.valid, cli.valid);
  assert.deepEqual(result.documents.map((d) => [d.document, d.form, d.party, d.year]), cli.documents.map((d) => [d.document, d.form, d.party, d.year]));
  assert.ok(Array.isArray(result.flows) && result.flows.length > 0);
  // Bad input is a thrown error with a code, not a crash.
  const err = await page.evaluate(async () => {
    const mod = await import('./pkg/a6check.js');
    try { new mod.Checker().reconcile([{ name: 'x.json', text: '{"hello": 1}' }], {}); return null; } catch (e) { return e.code; }
  });
  assert.equal(err, 'reconcile-form-unknown');
});

test('works offline after one visit, in Arabic too, and axe finds nothing', async () => {
  await open();
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 }).catch(() => {});
  await demo.context.setOffline(true);
  try {
    await open('?lang=ar');
    await reconcileFiles();
    assert.equal(await page.getAttribute('#reconcile-results', 'dir'), 'rtl');
    // The Arabic message for the missing acquisition, from the page's own Wasm, offline.
    assert.match(await page.textContent('#reconcile-results'), /لا تُظهر المعلومات السنوية للطرف CHE/);
    for (const lang of ['en', 'ar']) {
      await page.selectOption('#reconcile-lang', lang);
      await page.click('#reconcile-run');
      await page.waitForSelector('#reconcile-results:not([hidden])');
      assert.deepEqual(await axeViolations(page), [], lang);
    }
  } finally {
    await demo.context.setOffline(false);
  }
});

test('an AEF workbook is imported in the page and reconciled with the JSON files', async () => {
  const xlsx = join(tmp, 'ghana-2025.xlsx');
  const made = spawnSync(CLI, ['export', '--to', 'xlsx', join(tmp, 'ghana-2025.json'), '-o', xlsx], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  await open();
  await page.setInputFiles('#reconcile-files', [xlsx, join(tmp, 'switzerland-2025.json')]);
  await page.waitForFunction(() => /2 document/.test(document.getElementById('reconcile-chosen').textContent), null, { timeout: 60_000 });
  await page.click('#reconcile-run');
  await page.waitForSelector('#reconcile-results:not([hidden])');
  const first = await page.$eval('.reconcile-document', (s) => s.textContent);
  assert.match(first, /ghana-2025\.xlsx/);
  assert.match(first, /aef · GHA · 2025/);
  assert.match(first, /shows no acquisition/);
});
