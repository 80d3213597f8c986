// Drafts on this computer (www/draft-panel.js, www/draft-store.js) in headless Debian
// Chromium: typed answers come back after a reload and in a closed-and-reopened page, named
// drafts are kept apart, "Start again" asks first, and a full, missing or corrupted storage
// is explained while the page keeps working with what is on the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENTITY, SCREENSHOTS, axeViolations, checkbox, focusIs, openDemo, startDemo } from './demo-support.mjs';

let demo;
let page;

before(async () => {
  demo = await startDemo();
  page = demo.page;
}, { timeout: 120_000 });

after(() => demo?.close());

/** Answers as typed, odd ones included: they must come back exactly, not as the engine would read them. */
const TYPED = {
  'f-authorizingParty': 'GHA',
  'f-authorizationId': 'GHA-A62-2024-003',
  'f-version': '1,5',
  'f-authorizedQuantity': '500000000000000000000000000001',
  'f-participatingParties': 'GHA,  CHE',
  'f-termsAndConditions': 'Line one\nLine two',
};

/** Every change written: nothing pending, and the panel says so. */
const saved = () => page.waitForFunction(() => !document.getElementById('drafts').dataset.pending
  && /^Saved on this computer/.test(document.getElementById('draft-status').textContent));
const ready = () => page.waitForFunction(() => document.getElementById('drafts').dataset.drafts);
const values = (ids) => Promise.all(ids.map((id) => page.inputValue(`#${id}`)));

async function typeAnswers() {
  for (const [id, value] of Object.entries(TYPED)) await page.fill(`#${id}`, value);
  await page.selectOption('#f-metric', 'GHG');
  await checkbox(page, 'CO2').check();
  await page.click('#add-entity');
  for (const [id, value] of Object.entries(ENTITY)) await page.fill(`#${id}`, value);
  await saved();
}

async function assertAnswersBack() {
  assert.deepEqual(await values(Object.keys(TYPED)), Object.values(TYPED));
  assert.equal(await page.inputValue('#f-metric'), 'GHG');
  assert.ok(await checkbox(page, 'CO2').isChecked());
  assert.ok(!(await checkbox(page, 'CH4').isChecked()));
  assert.deepEqual(await values(Object.keys(ENTITY)), Object.values(ENTITY));
}

test('nothing saved yet: the panel says answers are saved as they are typed', async () => {
  await openDemo(page, demo.origin);
  await ready();
  assert.equal(await page.textContent('#draft-status'), 'Nothing saved yet: your answers are saved as you type.');
  assert.equal(await page.inputValue('#f-authorizationId'), '');
  // "Start again" before anything is saved names the draft the answers will go to.
  await page.click('#draft-start-again');
  assert.equal(await page.textContent('#draft-confirm-question'), 'Delete every answer in “Draft 1” and start again? This cannot be undone.');
  await page.click('#draft-confirm-no');
});

test('a typed answer survives a reload, exactly as typed', async () => {
  await typeAnswers();
  await page.reload();
  await openDemo(page, demo.origin);
  await assertAnswersBack();
  assert.match(await page.textContent('#draft-status'), /^Your answers in “Draft 1” are back, as saved at /);
});

test('a closed page and a new one in the same browser: the answers are back', async () => {
  await page.fill('#f-authorizingBody', 'Ghana Carbon Market Office');
  await saved();
  await page.close();
  page = await demo.context.newPage();
  await openDemo(page, demo.origin);
  await assertAnswersBack();
  assert.equal(await page.inputValue('#f-authorizingBody'), 'Ghana Carbon Market Office');
});

test('named drafts are kept apart and the open one comes back', async () => {
  await page.fill('#draft-name', 'Ghana cookstoves');
  await saved();
  await page.click('#draft-new');
  await saved();
  assert.equal(await page.inputValue('#draft-name'), 'Draft 2');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'draft-name');
  assert.equal(await page.inputValue('#f-authorizationId'), '', 'a new draft starts empty');
  await page.fill('#draft-name', 'Vanuatu renewables');
  await page.fill('#f-authorizationId', 'VUT-2025-001');
  await saved();
  const names = await page.$$eval('#draft-picker option', (os) => os.map((o) => o.textContent).sort());
  assert.deepEqual(names, ['Ghana cookstoves', 'Vanuatu renewables']);

  await page.selectOption('#draft-picker', { label: 'Ghana cookstoves' });
  await page.waitForFunction(() => document.getElementById('f-authorizationId').value === 'GHA-A62-2024-003');
  await assertAnswersBack();
  assert.equal(await page.inputValue('#draft-name'), 'Ghana cookstoves');

  await page.selectOption('#draft-picker', { label: 'Vanuatu renewables' });
  await page.waitForFunction(() => document.getElementById('f-authorizationId').value === 'VUT-2025-001');
  assert.equal(await page.inputValue('#f-version'), '');
  await page.reload();
  await openDemo(page, demo.origin);
  assert.equal(await page.inputValue('#f-authorizationId'), 'VUT-2025-001', 'the draft open last is the one shown');
  assert.equal(await page.inputValue('#draft-picker'), await page.$eval('#draft-picker option:checked', (o) => o.value));
});

test('"Start again" asks first; "No" keeps the answers, "Yes" clears this draft only', async () => {
  await page.click('#draft-start-again');
  await focusIs(page, 'draft-confirm-question');
  assert.equal(await page.textContent('#draft-confirm-question'), 'Delete every answer in “Vanuatu renewables” and start again? This cannot be undone.');
  await page.click('#draft-confirm-no');
  await focusIs(page, 'draft-start-again');
  assert.ok(await page.locator('#draft-confirm').isHidden());
  assert.equal(await page.inputValue('#f-authorizationId'), 'VUT-2025-001');

  await page.click('#draft-start-again');
  await page.click('#draft-confirm-yes');
  await page.waitForFunction(() => /were deleted/.test(document.getElementById('draft-status').textContent));
  assert.equal(await page.inputValue('#f-authorizationId'), '');
  await page.reload();
  await openDemo(page, demo.origin);
  assert.equal(await page.inputValue('#f-authorizationId'), '', 'cleared for good');
  await page.selectOption('#draft-picker', { label: 'Ghana cookstoves' });
  await page.waitForFunction(() => document.getElementById('f-authorizationId').value === 'GHA-A62-2024-003');
});

test('storage full: a clear message, the answers stay on the screen, the page still checks', async () => {
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = function full() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.fill('#f-cooperativeApproachId', 'CA0009');
  const error = page.locator('#draft-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.match(await error.textContent(), /^Your latest answers could not be saved: this browser’s storage is full\. They are still on the screen\./);
  assert.equal(await page.inputValue('#f-cooperativeApproachId'), 'CA0009');
  assert.equal(await page.inputValue('#f-authorizationId'), 'GHA-A62-2024-003');
  await page.click('#check-authorization');
  await page.waitForSelector('#error-summary:not([hidden]), #success-panel:not([hidden])');
});

test('a corrupted draft: named in a message, not restored, the page works', async () => {
  await page.reload();
  await openDemo(page, demo.origin);
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('a6check-drafts');
    open.onsuccess = () => {
      const tx = open.result.transaction(['drafts', 'settings'], 'readwrite');
      tx.objectStore('drafts').put({ id: 'broken', name: 'Broken one', updated: '2026-01-01T00:00:00Z', answers: 'not answers' });
      tx.objectStore('settings').put('broken', 'current');
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    };
  }));
  await page.reload();
  await openDemo(page, demo.origin);
  const error = page.locator('#draft-error');
  await error.waitFor();
  assert.equal(await error.textContent(), 'The saved draft “Broken one” could not be read, so it was not restored. What is on the screen is kept.');
  assert.ok(!(await page.$$eval('#draft-picker option', (os) => os.map((o) => o.textContent))).includes('Broken one'));
  // The page works: type, and the answer is saved in a draft of its own.
  await page.fill('#f-authorizationId', 'GHA-2026-1');
  await saved();
  assert.ok(await error.isHidden());
});

test('"Delete this draft" asks first, then removes it for good and shows another', async () => {
  const open = await page.inputValue('#draft-name');
  const names = () => page.$$eval('#draft-picker option', (os) => os.map((o) => o.textContent).sort());
  const before = await names();
  assert.ok(before.includes(open) && before.length > 1, before.join(', '));
  await page.click('#draft-delete');
  await focusIs(page, 'draft-confirm-question');
  assert.equal(await page.textContent('#draft-confirm-question'), `Delete the draft “${open}” and every answer in it? This cannot be undone.`);
  assert.equal(await page.textContent('#draft-confirm-yes'), 'Yes, delete the draft');
  await page.click('#draft-confirm-yes');
  await page.waitForFunction((name) => document.getElementById('draft-status').textContent === `The draft “${name}” was deleted.`, open);
  await focusIs(page, 'draft-delete');
  assert.deepEqual(await names(), before.filter((n) => n !== open));
  assert.notEqual(await page.inputValue('#draft-name'), open, 'another draft is open');
  await page.reload();
  await openDemo(page, demo.origin);
  assert.deepEqual(await names(), before.filter((n) => n !== open), 'deleted for good');
});

test('no storage at all: a clear message, the page still works', async () => {
  const context = await demo.newContext();
  await context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  const other = await context.newPage();
  try {
    await openDemo(other, demo.origin);
    assert.match(await other.textContent('#draft-error'), /^Your answers cannot be saved in this browser \(IndexedDB is not available\)\./);
    assert.ok(await other.isDisabled('#draft-new'));
    await other.fill('#f-authorizationId', 'GHA-1');
    await other.click('#check-authorization');
    await other.waitForSelector('#error-summary:not([hidden])');
  } finally {
    await context.close();
  }
});

for (const lang of ['en', 'ar']) {
  test(`axe in ${lang}: the panel, its confirmation and a storage message`, async () => {
    await openDemo(page, demo.origin, `?lang=${lang}`);
    if (lang === 'ar') {
      assert.equal(await page.textContent('#drafts-title'), 'المسودات على هذا الحاسوب');
      assert.match(await page.textContent('#draft-status'), /^عادت إجاباتك في /);
    }
    await page.click('#draft-start-again');
    await focusIs(page, 'draft-confirm-question');
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = function full() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.fill('#f-authorizingBody', 'x');
    await page.locator('#draft-error').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator('#drafts').screenshot({ path: join(SCREENSHOTS, `drafts-${lang}.png`) });
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  });
}
