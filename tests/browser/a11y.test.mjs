// Accessibility: axe-core finds no violations in any state of the demo (initial, error
// summary, success, AEF findings tables, rules-file error), in English and in Arabic; and
// the error summary works from the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, axeViolations, fillAuthorization, focusIs, openDemo, startDemo } from './demo-support.mjs';

let demo;
let page;

const noViolations = async (state) => assert.deepEqual(await axeViolations(page), [], `axe violations: ${state}`);

before(async () => {
  demo = await startDemo();
  page = demo.page;
});

after(() => demo?.close());

for (const lang of ['en', 'ar']) {
  test(`axe: every state of the page in ${lang}`, async (t) => {
    await openDemo(page, demo.origin, `?lang=${lang}`);
    const available = await page.$$eval('#lang-picker option', (os) => os.map((o) => o.value));
    if (!available.includes(lang)) return t.skip(`the bundle has no ${lang} messages yet`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await noViolations(`${lang}: initial`);

    await fillAuthorization(page, { 'f-authorizingParty': 'gh', 'f-version': 'one' });
    await page.click('#check-authorization');
    await focusIs(page, 'error-summary');
    await noViolations(`${lang}: error summary and inline errors`);

    await fillAuthorization(page, { 'f-cooperativeApproachId': 'CA0009', 'f-dateOfAuthorization': '2099-01-01' });
    await page.click('#check-authorization');
    await focusIs(page, 'success-panel');
    assert.ok(await page.locator('#warning-summary').isVisible());
    await noViolations(`${lang}: success with a warning`);

    const aef = JSON.parse(readFileSync(join(ROOT, 'schemas/examples/aef/ghana-2025-first-transfer.json'), 'utf8'));
    aef.t1Submission.party = 'gh';
    aef.t3Actions.push({ ...aef.t3Actions[0] });
    await page.selectOption('#form-picker', 'aef');
    await page.fill('#json-text', JSON.stringify(aef, null, 2));
    await page.click('#json-check');
    await focusIs(page, 'json-results');
    assert.ok(await page.locator('#json-results .findings-table').count() >= 1);
    await noViolations(`${lang}: AEF findings tables`);

    await page.setInputFiles('#bundle-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('not a bundle') });
    await page.locator('#bundle-error').waitFor();
    await noViolations(`${lang}: rules file error`);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  });
}

test('keyboard only: Tab from the focused error summary reaches each error link; Enter moves focus to its field', async () => {
  await openDemo(page, demo.origin);
  await fillAuthorization(page, { 'f-authorizingParty': 'gh', 'f-version': 'one', 'f-vintageFrom': '1990' });
  await page.focus('#check-authorization');
  await page.keyboard.press('Enter');
  await focusIs(page, 'error-summary');
  const hrefs = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 3, hrefs.join());
  for (const [i, href] of hrefs.entries()) {
    await page.focus('#error-summary');
    for (let n = 0; n <= i; n += 1) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), href, `Tab ${i + 1} times`);
    await page.keyboard.press('Enter');
    await focusIs(page, href.slice(1));
  }
});
