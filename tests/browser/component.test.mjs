// <a6-form-check> (www/a6-form-check.js) on www/component.html in headless Chromium: the
// GOV.UK error pattern around an ordinary form, pointer mapping by `name` (checkbox lists,
// radios, entity rows), exact numbers, events, live checking and submitting a valid form.
// Needs www/pkg (scripts/build-wasm.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serveWww, launchBrowser, engineFindings } from './embedding-support.mjs';

let server;
let browser;
let page;

const ANSWERS = {
  authorizingParty: 'GHA',
  authorizationId: 'GHA-A62-2024-003',
  version: '1',
  dateOfAuthorization: '2024-02-29',
  cooperativeApproachId: 'CA12',
  authorizedQuantity: '500000',
  'entity-0-name': 'Foundation for Climate Protection and Carbon Offset KliK',
  'entity-0-country': 'CHE',
  'entity-0-id': 'CHE-000.000.001',
};

const focusIs = (id) => page.waitForFunction((want) => document.activeElement?.id === want, id);
const events = () => page.evaluate(() => window.__events.splice(0));
const summaryLinks = () => page.locator('[data-a6-summary] a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
const submit = async () => {
  await page.click('#submit');
  await page.waitForFunction(() => window.__events.length > 0);
};

before(async () => {
  assert.ok(existsSync(join(ROOT, 'www/pkg/a6check.js')), 'www/pkg is missing: run scripts/build-wasm.sh');
  server = await serveWww();
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(`${server.origin}/component.html`);
  await page.waitForFunction(() => customElements.get('a6-form-check') !== undefined);
  await page.evaluate(() => {
    window.__events = [];
    for (const type of ['a6-valid', 'a6-invalid', 'a6-error']) {
      document.addEventListener(type, (e) => window.__events.push({ type, valid: e.detail?.valid, codes: e.detail?.findings?.map((f) => f.code) }));
    }
  });
}, { timeout: 120_000 });

after(async () => {
  await browser?.close();
  await server?.close();
});

test('light DOM: no shadow root, the form is the page\'s own', async () => {
  assert.equal(await page.evaluate(() => document.getElementById('checker').shadowRoot), null);
  assert.equal(await page.evaluate(() => document.getElementById('authorization').noValidate), true);
  assert.ok(await page.locator('#success-panel').isHidden());
});

test('a bad cooperative approach ID: summary, inline error, title, event, answers kept', async () => {
  const title = await page.title();
  for (const [id, value] of Object.entries(ANSWERS)) await page.fill(`#${id}`, value);
  await page.selectOption('#metric', 'GHG');
  await page.check('#sectors-energy');
  await page.check('#sectors-transportation');
  await page.check('#purposes-ndc');
  await submit();
  await focusIs('checker-summary');

  assert.deepEqual(await events(), [{ type: 'a6-invalid', valid: false, codes: ['format'] }]);
  const sent = JSON.parse(await page.evaluate(() => document.getElementById('checker').jsonText()));
  const [{ message }] = engineFindings('authorization', sent);
  assert.match(message, /Cooperative approach ID/);
  assert.match(message, /CA12/);
  const summary = page.locator('[data-a6-summary]');
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.equal(await summary.getAttribute('tabindex'), '-1');
  assert.equal(await summary.locator('h2').textContent(), 'There is a problem');
  assert.deepEqual(await summaryLinks(), [['#cooperativeApproachId', message]]);
  // The summary is the component's first child: above the heading.
  assert.equal(await page.evaluate(() => document.getElementById('checker').firstElementChild.id), 'checker-summary');

  const field = page.locator('#cooperativeApproachId');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await field.getAttribute('aria-describedby'), 'cooperativeApproachId-hint cooperativeApproachId-error');
  const error = page.locator('#cooperativeApproachId-error');
  assert.equal(await error.textContent(), `Error: ${message}`);
  assert.equal(await error.locator('.visually-hidden').textContent(), 'Error:');
  assert.equal(await error.evaluate((p) => p.nextElementSibling.id), 'cooperativeApproachId', 'the message is just above the input');
  assert.ok(await error.evaluate((p) => p.closest('.form-group').classList.contains('form-group--error')));
  assert.equal(await page.title(), `Error: ${title}`);
  assert.equal(await page.locator('.error-message').count(), 1);

  for (const [id, value] of Object.entries(ANSWERS)) assert.equal(await page.inputValue(`#${id}`), value, `#${id} kept`);
  assert.ok(await page.isChecked('#sectors-energy'));
  assert.ok(await page.isChecked('#purposes-ndc'));
  assert.equal(await page.inputValue('#metric'), 'GHG');

  assert.deepEqual(sent, {
    authorizingParty: 'GHA', authorizationId: 'GHA-A62-2024-003', version: 1, dateOfAuthorization: '2024-02-29',
    cooperativeApproachId: 'CA12', authorizedQuantity: 500000, metric: 'GHG', sectors: ['Energy generation', 'Transportation'],
    purposes: 'NDC',
    authorizedEntities: [{ name: ANSWERS['entity-0-name'], countryOfIncorporation: 'CHE', identificationNumber: 'CHE-000.000.001' }],
  });
});

test('a summary link focuses its field', async () => {
  await page.click('[data-a6-summary] a[href="#cooperativeApproachId"]');
  await focusIs('cooperativeApproachId');
});

test('fixing it: a6-valid, the success panel, the title restored, the error gone', async () => {
  await page.fill('#cooperativeApproachId', 'CA0009');
  await submit();
  await focusIs('success-panel');
  assert.deepEqual(await events(), [{ type: 'a6-valid', valid: true, codes: [] }]);
  assert.ok(await page.locator('#success-panel').isVisible());
  assert.equal(await page.locator('[data-a6-summary]').count(), 0);
  assert.equal(await page.locator('.error-message').count(), 0);
  assert.equal(await page.locator('#cooperativeApproachId').getAttribute('aria-invalid'), null);
  assert.equal(await page.locator('#cooperativeApproachId').getAttribute('aria-describedby'), 'cooperativeApproachId-hint');
  assert.doesNotMatch(await page.title(), /^Error: /);
  assert.equal(await page.inputValue('#cooperativeApproachId'), 'CA0009');
});

test('checkbox lists, radios and an entity row: errors at the right fields', async () => {
  await page.uncheck('#sectors-energy');
  await page.uncheck('#sectors-transportation');
  await page.evaluate(() => { document.getElementById('purposes-ndc').checked = false; });
  await page.fill('#entity-0-country', '');
  await page.fill('#entity-0-id', 'x');
  await submit();
  await focusIs('checker-summary');
  const hrefs = (await summaryLinks()).map(([href]) => href);
  assert.deepEqual(hrefs, ['#sectors-energy', '#purposes-ndc', '#entity-0-country']);
  assert.ok(await page.locator('#success-panel').isHidden());

  // A checkbox list's error sits in its fieldset, after the hint; the fieldset describes it.
  const sectorsError = page.locator('#sectors-error');
  assert.match(await sectorsError.textContent(), /^Error: .*Sectors/);
  assert.equal(await sectorsError.evaluate((p) => p.previousElementSibling.id), 'sectors-hint');
  assert.equal(await page.locator('#sectors').getAttribute('aria-describedby'), 'sectors-hint sectors-error');
  assert.equal(await page.locator('#sectors-energy').getAttribute('aria-invalid'), null);
  assert.match(await page.textContent('#purposes-error'), /Purposes for authorization/);
  assert.match(await page.textContent('#entity-0-country-error'), /Country of incorporation/);
  assert.equal(await page.locator('#entity-0-country').getAttribute('aria-describedby'), 'entity-0-country-hint entity-0-country-error');

  await page.click('[data-a6-summary] a[href="#sectors-energy"]');
  await focusIs('sectors-energy');

  // An entirely empty entity row is left out, not reported.
  for (const id of ['entity-0-name', 'entity-0-country', 'entity-0-id']) await page.fill(`#${id}`, '');
  await page.check('#sectors-forestry');
  await page.check('#purposes-oimp');
  await submit();
  const sent = JSON.parse(await page.evaluate(() => document.getElementById('checker').jsonText()));
  assert.ok(!('authorizedEntities' in sent));
  assert.deepEqual(sent.sectors, ['Forestry and land use']);
  assert.equal(sent.purposes, 'OIMP');
  await events();
});

test('a 40-digit quantity reaches the engine digit for digit; letters are reported, not coerced', async () => {
  const digits = '1234567890123456789012345678901234567890';
  await page.fill('#authorizedQuantity', digits);
  const text = await page.evaluate(() => document.getElementById('checker').jsonText());
  assert.match(text, new RegExp(`"authorizedQuantity":${digits}[,}]`));
  await page.fill('#authorizedQuantity', 'lots');
  await page.check('#purposes-ndc');
  await submit();
  assert.deepEqual((await summaryLinks()).map(([href]) => href), ['#authorizedQuantity']);
  assert.match(await page.evaluate(() => document.getElementById('checker').jsonText()), /"authorizedQuantity":"lots"/);
  await events();
  await page.fill('#authorizedQuantity', '500000');
});

test('live: errors update as the user types, focus stays in the field', async () => {
  await page.evaluate(() => document.getElementById('checker').setAttribute('live', ''));
  await page.fill('#cooperativeApproachId', '');
  await page.focus('#cooperativeApproachId');
  await page.keyboard.type('CA1');
  await page.locator('#cooperativeApproachId-error').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cooperativeApproachId');
  await page.keyboard.type('234');
  await page.locator('#cooperativeApproachId-error').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cooperativeApproachId');
  const seen = await events();
  assert.ok(seen.some((e) => e.type === 'a6-invalid') && seen.at(-1).type === 'a6-valid', JSON.stringify(seen));
  await page.evaluate(() => document.getElementById('checker').removeAttribute('live'));
});

test('no CSP violations, no page errors, all requests same-origin', async () => {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(browser.errors, []);
  assert.deepEqual(browser.requests.filter((u) => !u.startsWith(server.origin)), []);
  assert.ok(browser.requests.some((u) => u.endsWith('/pkg/a6check_bg.wasm')));
});

test('a valid form with an action is submitted; an invalid one is not', async () => {
  await page.evaluate(() => {
    const form = document.getElementById('authorization');
    form.action = 'component.html';
    form.method = 'get';
  });
  await page.fill('#cooperativeApproachId', 'CA12');
  await submit();
  assert.deepEqual((await events()).map((e) => e.type), ['a6-invalid']);
  assert.equal(new URL(page.url()).search, '');

  // A listener that cancels a6-valid keeps the page (for a portal that saves by fetch()).
  await page.fill('#cooperativeApproachId', 'CA0009');
  await page.evaluate(() => document.addEventListener('a6-valid', (e) => e.preventDefault(), { once: true }));
  await submit();
  assert.deepEqual((await events()).map((e) => e.type), ['a6-valid']);
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).search, '');

  await Promise.all([page.waitForURL(/\?/), page.click('#submit')]);
  const query = new URL(page.url()).searchParams;
  assert.equal(query.get('/cooperativeApproachId'), 'CA0009');
  assert.equal(query.get('/metric'), 'GHG');
});
