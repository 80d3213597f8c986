// Offline use (www/sw.js, www/offline.js, www/manifest.webmanifest) in headless Debian
// Chromium: after one visit to the checker, every demo page opens and works with the network
// off; a newer version is offered, not swapped under a half-filled form, and only the user's
// "reload" switches to it, with the answers typed before back (drafts). Needs www/pkg and
// www/pkg-report (scripts/build-wasm.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS, axeViolations, openDemo, startDemo } from './demo-support.mjs';

const SW_FILES = join(ROOT, 'www/sw-files.js');
let demo;
let page;

before(async () => {
  demo = await startDemo();
  page = demo.page;
  await openDemo(page, demo.origin);
  // One visit: the service worker has cached the files and serves this page.
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: 60_000 });
}, { timeout: 120_000 });

after(() => demo?.close());

const offlineVersion = () => /"version": "(\w+)"/.exec(readFileSync(SW_FILES, 'utf8'))[1];

test('the manifest: linked from every page, same-origin icon, start page in scope', async () => {
  for (const path of ['index.html', 'report.html', 'worker.html', 'component.html']) {
    assert.match(readFileSync(join(ROOT, 'www', path), 'utf8'), /<link rel="manifest" href="manifest.webmanifest">/, path);
  }
  const manifest = await page.evaluate(async () => {
    const response = await fetch(document.querySelector('link[rel="manifest"]').href);
    return { type: response.headers.get('content-type'), body: await response.json() };
  });
  assert.match(manifest.type, /^application\/manifest\+json/);
  assert.equal(manifest.body.start_url, './index.html');
  assert.equal(manifest.body.display, 'standalone');
  assert.equal(manifest.body.icons[0].src, 'icon.svg');
  const icon = await page.evaluate(async () => (await fetch('icon.svg')).status);
  assert.equal(icon, 200);
});

test('the cache holds every file of this version, the Wasm modules and the examples included', async () => {
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys[0]);
    return { keys, paths: (await cache.keys()).map((r) => new URL(r.url).pathname) };
  });
  assert.deepEqual(cached.keys, [`a6check-offline-${offlineVersion()}`]);
  for (const path of ['/index.html', '/report.html', '/worker.html', '/component.html', '/catalogue.html', '/app.js', '/style.css',
    '/pkg/a6check_bg.wasm', '/pkg-report/a6check_report_bg.wasm', '/examples/index.json', '/manifest.webmanifest']) {
    assert.ok(cached.paths.includes(path), `${path} is cached`);
  }
});

test('network off: every page opens and works', async () => {
  await demo.context.setOffline(true);
  try {
    // The checker, in Arabic, with an example loaded and checked.
    await openDemo(page, demo.origin, '?lang=ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await page.selectOption('#form-picker', 'aef');
    await page.click('#load-example');
    await page.waitForFunction(() => document.getElementById('json-text').value.includes('t3Actions'));
    await page.click('#json-check');
    await page.waitForSelector('#json-results:not([hidden])');

    // Reports: the report module starts.
    await page.goto(`${demo.origin}/report.html`);
    await page.waitForFunction(() => ['ready', 'failed'].includes(document.documentElement.dataset.state));
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'ready');

    // Large files: the Web Worker loads the Wasm module from the cache too.
    await page.goto(`${demo.origin}/worker.html`);
    await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state), null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'ready');

    // The Web Component: checking the empty form gives its error summary.
    await page.goto(`${demo.origin}/component.html`);
    await page.click('#submit');
    await page.waitForSelector('[data-a6-summary] a');

    // The rules catalogue.
    await page.goto(`${demo.origin}/catalogue.html`);
    assert.match(await page.textContent('h1'), /^Bundle /);

    // A page that is not part of the demo is not made up: the network error stands.
    await assert.rejects(page.goto(`${demo.origin}/no-such-page.html`));
  } finally {
    await demo.context.setOffline(false);
  }
});

test('a newer version is offered, never swapped under a half-filled form, and taken on "reload"', async () => {
  const original = readFileSync(SW_FILES, 'utf8');
  const oldVersion = offlineVersion();
  const newVersion = 'feedfacefeedface';
  await openDemo(page, demo.origin);
  await page.fill('#f-authorizationId', 'GHA-A62-2024-003');
  await page.waitForFunction(() => !document.getElementById('drafts').dataset.pending);
  await page.evaluate(() => { window.__samePage = true; });
  try {
    writeFileSync(SW_FILES, original.replace(oldVersion, newVersion));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForFunction(() => document.documentElement.dataset.offline === 'update', null, { timeout: 60_000 });
    const banner = page.locator('#update-banner');
    assert.equal(await banner.getAttribute('role'), 'status');
    assert.equal(await banner.locator('p').textContent(), 'A newer version is available.');
    // Nothing was swapped: the same page, the answer still there, the old version still serving.
    assert.equal(await page.evaluate(() => window.__samePage), true);
    assert.equal(await page.inputValue('#f-authorizationId'), 'GHA-A62-2024-003');
    const served = await page.evaluate(async () => (await caches.keys()).sort());
    assert.deepEqual(served, [`a6check-offline-${newVersion}`, `a6check-offline-${oldVersion}`].sort());

    assert.deepEqual(await axeViolations(page), [], 'axe (en): the banner');

    // The banner follows the page's language.
    await page.selectOption('#lang-picker', 'fr');
    assert.equal(await page.textContent('#update-reload'), 'Recharger pour l’utiliser');
    await page.selectOption('#lang-picker', 'ar');
    assert.equal(await page.textContent('#update-banner p'), 'يتوفر إصدار أحدث.');
    assert.deepEqual(await axeViolations(page), [], 'axe (ar): the banner');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'update-banner-ar.png') });
    await page.selectOption('#lang-picker', 'en');

    await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
    assert.equal(await page.evaluate(() => window.__samePage), undefined, 'the page was reloaded');
    assert.equal(await page.inputValue('#f-authorizationId'), 'GHA-A62-2024-003', 'the answer is back (drafts)');
    await page.waitForFunction((v) => caches.keys().then((keys) => keys.length === 1 && keys[0] === `a6check-offline-${v}`), newVersion);
    assert.ok(await page.locator('#update-banner').evaluate((b) => b.textContent === ''));
  } finally {
    writeFileSync(SW_FILES, original);
  }
});

test('no CSP violations and every request is same-origin', async () => {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(demo.requests.filter((u) => !u.startsWith(`${demo.origin}/`) && !u.startsWith('blob:')), []);
});
