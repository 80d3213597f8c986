// www/worker.html in headless Chromium: a 100,000-row Table 3 AEF (about 60 MB) checked in a
// Web Worker (www/worker.js) with progress events, while the page keeps animating; then a
// second check cancelled part-way, and a small file checked by the fresh worker.
// Needs www/pkg (scripts/build-wasm.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serveWww, launchBrowser } from './embedding-support.mjs';

let server;
let browser;
let page;

const state = () => page.evaluate(() => document.documentElement.dataset.state);
const frames = () => page.evaluate(() => Number(document.getElementById('frame-counter').value));
const dataset = () => page.evaluate(() => ({ ...document.documentElement.dataset }));

before(async () => {
  assert.ok(existsSync(join(ROOT, 'www/pkg/a6check.js')), 'www/pkg is missing: run scripts/build-wasm.sh');
  const examples = spawnSync('bash', [join(ROOT, 'scripts/demo.sh'), '--examples'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(examples.status, 0, examples.stderr);
  server = await serveWww();
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(`${server.origin}/worker.html`);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 30_000 });
}, { timeout: 120_000 });

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the worker starts and names the engine and bundle', async () => {
  assert.match(await page.textContent('#worker-info'), /^a6check \d+\.\d+\.\d+, a6check-default version \d+\.\d+\.\d+, in a Web Worker$/);
});

test('generate a 100,000-row Table 3 AEF in the page', async () => {
  await page.fill('#worker-rows', '100000');
  await page.click('#worker-generate');
  await page.locator('#worker-document', { hasText: '100,000 rows in Table 3' }).waitFor({ timeout: 30_000 });
  const text = await page.textContent('#worker-document');
  const mb = Number(/([\d.]+) MB/.exec(text)[1]);
  assert.ok(mb > 50 && mb < 70, text);
  assert.equal(await page.isDisabled('#worker-check'), false);
});

test('check it: progress events arrive, the page keeps animating, the result arrives', async (t) => {
  const started = Date.now();
  await page.click('#worker-check');
  assert.equal(await state(), 'checking');
  assert.equal(await page.isDisabled('#worker-cancel'), false);

  // Sample the animation-frame counter while the worker is busy in the engine.
  await page.waitForFunction(() => /\bparse\b/.test(document.documentElement.dataset.stages ?? ''), null, { timeout: 30_000 });
  const before = await frames();
  await page.waitForTimeout(1000);
  const afterOneSecond = await frames();
  assert.equal(await state(), 'checking', 'still checking after a second, so the frames counted were during the check');
  assert.ok(afterOneSecond - before >= 10, `the page animated while the worker checked: ${before} → ${afterOneSecond} frames in 1 s`);
  // The main thread also answers script at once.
  const t0 = Date.now();
  await page.evaluate(() => 1 + 1);
  assert.ok(Date.now() - t0 < 500, 'the main thread answers promptly');

  await page.waitForFunction(() => document.documentElement.dataset.state !== 'checking', null, { timeout: 120_000 });
  const ds = await dataset();
  assert.equal(ds.state, 'done', await page.textContent('#worker-stage'));
  assert.deepEqual(ds.stages.split(' '), ['read', 'parse', 'schema', 'rules', 'messages', 'done']);
  assert.ok(Number(ds.progressEvents) >= 10, `progress events: ${ds.progressEvents}`);
  assert.equal(await page.evaluate(() => document.getElementById('worker-progress').value), 1);
  assert.equal(await page.textContent('#worker-results-title'), 'No errors found');
  // Every row repeats the first transfer: together they exceed the authorized quantity (a warning).
  // The sum and the limit are the engine's numbers, so the message groups their digits.
  assert.match(await page.textContent('#worker-results-list'), /^warning: .*reach 504,519, .*\(500,000\) \(at \/t3Actions\/42\/quantityTCO2e\)$/);
  assert.match(await page.textContent('#worker-results-counts'), /^0 errors, 1 warning, 0 notes\. Checked in [\d.]+ seconds\.$/);
  assert.ok(await frames() > afterOneSecond);
  t.diagnostic(`100,000 rows checked in the worker in ${((Date.now() - started) / 1000).toFixed(1)} s (${await page.textContent('#worker-results-counts')})`);
});

test('start again and cancel: the check stops and the worker is replaced', async () => {
  await page.click('#worker-check');
  await page.waitForFunction(() => /\bparse\b/.test(document.documentElement.dataset.stages ?? ''), null, { timeout: 30_000 });
  const eventsAtCancel = Number((await dataset()).progressEvents);
  await page.click('#worker-cancel');
  await page.waitForFunction(() => document.documentElement.dataset.state === 'cancelled', null, { timeout: 5_000 });
  assert.equal(await page.textContent('#worker-stage'), 'Cancelled.');
  assert.ok(await page.locator('#worker-results').isHidden(), 'no result shown for the cancelled check');
  assert.equal(await page.isDisabled('#worker-cancel'), true);
  const events = Number((await dataset()).progressEvents);
  await page.waitForTimeout(1500);
  const ds = await dataset();
  assert.equal(ds.state, 'cancelled', 'nothing arrives after the cancel');
  assert.equal(Number(ds.progressEvents), events, 'no progress after the cancel');
  assert.ok(events >= eventsAtCancel);

  // The fresh worker checks a small file at once.
  await page.setInputFiles('#worker-file', join(ROOT, 'schemas/examples/aef/vanuatu-2025-corsia-oimp.json'));
  await page.click('#worker-check');
  await page.waitForFunction(() => document.documentElement.dataset.state === 'done', null, { timeout: 30_000 });
  assert.equal(await page.textContent('#worker-results-title'), 'No errors found');
});

test('no CSP violations, no page errors, all requests same-origin', async () => {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(browser.errors, []);
  assert.deepEqual(browser.requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith('blob:')), []);
});
