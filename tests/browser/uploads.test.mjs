// Big files on the checker page (www/background-check.js, www/pager.js, www/drop-zones.js) in
// headless Debian Chromium: an uploaded document is checked in a Web Worker with progress and
// a way to stop it, a large one is not copied into the page's text box, every finding can be
// reached a page at a time, and files can be dropped on every file input of the page; the
// large-file page (worker.html) takes a dropped file and pages its findings too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, dropFile, focusIs, openDemo, startDemo } from './demo-support.mjs';

const EXAMPLE = join(ROOT, 'schemas/examples/aef/ghana-2025-first-transfer.json');
let demo;
let page;

/** An AEF whose Table 3 has `rows` copies of the example's first action, each with a date that is not a date. */
function bigAef(rows) {
  const aef = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
  const row = aef.t3Actions[0];
  const span = row.lastId - row.firstId + 1;
  aef.t3Actions = Array.from({ length: rows }, (_, i) => ({ ...row, actionDate: `2025-13-${i}`, firstId: row.firstId + i * span, lastId: row.lastId + i * span }));
  return Buffer.from(JSON.stringify(aef));
}

before(async () => {
  demo = await startDemo();
  page = demo.page;
  // Count the Web Workers the page starts.
  await demo.context.addInitScript(() => {
    const Native = window.Worker;
    window.__workers = 0;
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        window.__workers += 1;
      }
    };
  });
  await openDemo(page, demo.origin);
  await page.selectOption('#form-picker', 'aef');
}, { timeout: 120_000 });

after(() => demo?.close());

const errorRows = () => page.$$eval('#json-results .findings-table--error tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent));

test('a small upload: its text in the box, checked in the worker', async () => {
  await page.setInputFiles('#json-file', EXAMPLE);
  await page.waitForFunction(() => document.getElementById('json-text').value.includes('t3Actions'));
  assert.match(await page.textContent('#json-file-status'), /^ghana-2025-first-transfer\.json \(\d+ bytes\) is in the box below/);
  await page.click('#json-check');
  await focusIs(page, 'json-results');
  assert.ok(await page.evaluate(() => window.__workers) >= 1, 'a Web Worker checked it');
  assert.ok(await page.locator('#json-progress').isHidden(), 'the progress goes away when done');
  assert.equal(await page.textContent('#json-results-title'), 'No problems found');
});

test('editing the box after an upload checks the box on the page', async () => {
  const workers = await page.evaluate(() => window.__workers);
  const text = await page.inputValue('#json-text');
  await page.fill('#json-text', text.replace('"GHA"', '"gh"'));
  await page.click('#json-check');
  await focusIs(page, 'json-results');
  assert.equal(await page.textContent('#json-results-title'), 'The document is not valid');
  assert.equal(await page.evaluate(() => window.__workers), workers, 'no new worker');
});

test('a large upload: not copied into the box; stopped part-way, then checked; all findings reachable, a page at a time', async () => {
  const big = bigAef(30_000);
  await page.setInputFiles('#json-file', { name: 'big-aef.json', mimeType: 'application/json', buffer: big });
  await page.waitForFunction(() => /checked in the background/.test(document.getElementById('json-file-status').textContent));
  assert.equal(await page.inputValue('#json-text'), '', 'a large file stays out of the text box');

  await page.click('#json-check');
  await page.waitForFunction(() => document.documentElement.dataset.checking === 'true');
  assert.ok(await page.locator('#json-progress').isVisible());
  await page.click('#json-cancel');
  await page.waitForFunction(() => document.getElementById('json-progress-stage').textContent === 'The check was stopped.');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.checking), undefined);

  await page.click('#json-check');
  await page.waitForFunction(() => document.activeElement?.id === 'json-results', null, { timeout: 90_000 });
  const caption = await page.textContent('#json-results .findings-table--error caption');
  const total = Number(caption.replace(/\D/g, ''));
  assert.ok(total > 200, caption);
  const first = await errorRows();
  assert.equal(first.length, 100);
  const pager = page.locator('#json-results .findings-table--error + .pager');
  assert.equal(await pager.locator('.pager__status').textContent(), `Findings 1 to 100 of ${total.toLocaleString('en')}`);
  assert.ok(await pager.locator('.pager__previous').isDisabled());
  await pager.locator('.pager__next').click();
  assert.equal(await pager.locator('.pager__status').textContent(), `Findings 101 to 200 of ${total.toLocaleString('en')}`);
  const second = await errorRows();
  assert.equal(second.length, 100);
  assert.notDeepEqual(second, first);
  assert.match(second[0], /row \d+/);
});

test('drag and drop on every file input of the page', async () => {
  const zones = await page.$$eval('.drop-zone[data-input]', (zs) => zs.map((z) => z.dataset.input));
  assert.deepEqual(zones.sort(), ['bundle-file', 'json-file', 'prior-files']);
  await dropFile(page, 'prior-files', 'dropped.json', readFileSync(EXAMPLE, 'utf8'));
  await page.waitForFunction(() => /dropped\.json/.test(document.getElementById('prior-status').textContent));
  assert.equal(await page.evaluate(() => document.getElementById('prior-files').files[0]?.name), 'dropped.json');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
});

test('the large-file page: a file dropped on its box, every finding reachable a page at a time', async () => {
  await page.goto(`${demo.origin}/worker.html`);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 30_000 });
  await dropFile(page, 'worker-file', 'dropped-aef.json', bigAef(500).toString('utf8'));
  await page.waitForFunction(() => /^dropped-aef\.json: /.test(document.getElementById('worker-document').textContent));
  await page.click('#worker-check');
  await page.waitForFunction(() => document.documentElement.dataset.state === 'done', null, { timeout: 60_000 });
  const pager = page.locator('#worker-results-pager');
  const status = await pager.locator('.pager__status').textContent();
  const total = Number(/of ([\d,]+)$/.exec(status)[1].replace(/,/g, ''));
  assert.ok(total >= 500, status);
  assert.equal(status, `Findings 1 to 100 of ${total.toLocaleString('en')}`);
  assert.equal(await page.locator('#worker-results-list li').count(), 100);
  const first = await page.textContent('#worker-results-list li');
  await pager.locator('.pager__next').click();
  assert.equal(await pager.locator('.pager__status').textContent(), `Findings 101 to 200 of ${total.toLocaleString('en')}`);
  assert.notEqual(await page.textContent('#worker-results-list li'), first);
  assert.ok(!(await page.textContent('#worker-results')).includes('more.'), 'no "… and N more"');
});
