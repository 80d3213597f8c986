// Charts on the Reports page (www/charts.js) in headless Debian Chromium: a ledger assembled
// in the page gets SVG charts of ITMOs by vintage, by action type and by cooperative approach,
// and of the holdings from opening through in and out to closing; each chart's table gives
// the same figures as `a6check summary`. Printed, the charts stay (screenshot); axe finds
// nothing. Needs www/pkg-report (scripts/build-wasm.sh) and the CLI (cargo build -p a6check-cli).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, SCREENSHOTS, axeViolations, startDemo } from './demo-support.mjs';

const LEDGER = join(ROOT, 'crates/report/tests/fixtures/switzerland-2025.ledger.json');
let demo;
let page;
let tmp;
let summary; // the CLI's summary of the same ledger's AEF

function cli(...args) {
  const run = spawnSync(CLI, args, { cwd: ROOT, encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, `a6check ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'a6check-charts-'));
  cli('assemble', LEDGER, '-o', join(tmp, 'aef.json'));
  summary = JSON.parse(cli('summary', join(tmp, 'aef.json'))).documents[0];
  demo = await startDemo();
  page = demo.page;
  await page.goto(`${demo.origin}/report.html`);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
  await page.setInputFiles('#ledger-file', LEDGER);
  await page.waitForFunction(() => /assembled/.test(document.getElementById('ledger-status').textContent));
}, { timeout: 120_000 });

after(async () => {
  await demo?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const tableRows = (id) => page.$$eval(`#${id}-table tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
const grouped = (s) => BigInt(s).toLocaleString('en');

test('four charts, each an SVG image with a title and one bar per table row', async () => {
  const charts = await page.$$eval('#ledger-results figure.chart', (fs) => fs.map((f) => ({
    id: f.id,
    caption: f.querySelector('figcaption').textContent,
    role: f.querySelector('svg').getAttribute('role'),
    labelled: document.getElementById(f.querySelector('svg').getAttribute('aria-labelledby'))?.textContent,
    bars: f.querySelectorAll('svg rect').length,
    rows: f.querySelectorAll('tbody tr').length,
  })));
  assert.deepEqual(charts.map((c) => c.caption), ['ITMOs by vintage', 'ITMOs by action type', 'ITMOs by cooperative approach', 'Holdings: opening, in, out, closing']);
  for (const chart of charts) {
    assert.equal(chart.role, 'img', chart.id);
    assert.equal(chart.labelled, chart.caption, `${chart.id}: the image is named by its caption`);
    assert.ok(chart.rows > 0, chart.id);
    assert.equal(chart.bars, chart.rows, `${chart.id}: one bar per row of the table`);
  }
});

test('the tables give the same ITMOs as `a6check summary`', async () => {
  const byType = Object.entries(summary.totals.byActionType).map(([type, v]) => [type, grouped(v.itmos)]);
  assert.deepEqual(await tableRows('ledger-chart-type'), byType);
  const nested = (map) => Object.entries(map).flatMap(([key, types]) => Object.entries(types).map(([type, v]) => [key, type, grouped(v.itmos)]));
  assert.deepEqual(await tableRows('ledger-chart-vintage'), nested(summary.totals.byVintage));
  assert.deepEqual(await tableRows('ledger-chart-approach'), nested(summary.totals.byCooperativeApproach));

  const sum = (key) => grouped(summary.reconciliation.blocks.reduce((s, b) => s + BigInt(b[key] ?? 0), 0n).toString());
  const holdings = await tableRows('ledger-chart-holdings');
  assert.deepEqual(holdings.map(([stage]) => stage), ['Opening, 1 January', 'In: acquired', 'Out: transferred, used or cancelled', 'Closing, 31 December']);
  assert.equal(holdings[0][1], summary.reconciliation.openingKnown ? sum('opening') : 'not known without last year’s AEF');
  assert.deepEqual(holdings.slice(1).map(([, n]) => n), [sum('acquired'), sum('removed'), sum('closing')]);
});

test('bar lengths follow the figures: the largest row has the longest bar', async () => {
  const bars = await page.$$eval('#ledger-chart-type svg rect', (rs) => rs.map((r) => Number(r.getAttribute('width'))));
  const values = (await tableRows('ledger-chart-type')).map(([, n]) => Number(n.replace(/,/g, '')));
  const longest = bars.indexOf(Math.max(...bars));
  assert.equal(values[longest], Math.max(...values));
});

test('printed: the charts and their tables are in the report; screenshot', async () => {
  await page.emulateMedia({ media: 'print' });
  try {
    assert.ok(!(await page.locator('.header').isVisible()));
    assert.ok(!(await page.locator('#ledger-group').isVisible()), 'the upload box is not printed');
    assert.ok(await page.locator('#ledger-chart-holdings svg').isVisible());
    assert.ok(await page.locator('#ledger-chart-holdings-table').isVisible());
    await page.screenshot({ path: join(SCREENSHOTS, 'print-report-charts.png'), fullPage: true });
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
});

test('axe: no violations with the charts shown; no CSP violations', async () => {
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
});
