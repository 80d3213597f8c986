// The demo (www/) in headless Debian Chromium: the GOV.UK error pattern on the
// authorization form, pasted JSON, findings in words (cross-record ones name both
// places), earlier submissions, today's date, CSP and same-origin requests.
// Needs www/pkg (scripts/build-wasm.sh). Set A6_SCREENSHOT=/tmp/demo-errors.png to keep
// a screenshot of the page with errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ANSWERS, CHECKED, ENTITY, ROOT, SELECTS, checkbox, fillAuthorization, focusIs, openDemo, startDemo,
} from './demo-support.mjs';

let demo;
let page;

const title = () => page.title();
const fixture = (path) => JSON.parse(readFileSync(join(ROOT, 'schemas/fixtures', path), 'utf8'));
const example = (path) => JSON.parse(readFileSync(join(ROOT, 'schemas/examples', path), 'utf8'));
const jsonFile = (name, value) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value, null, 2)) });

/** Rows of the findings tables: [{ severity, place, also, message, code }]. */
const findingRows = () => page.$$eval('#json-results .findings-table tbody tr', (rows) => rows.map((tr) => ({
  severity: tr.closest('table').dataset.severity,
  place: tr.querySelector('.place:not(.place--other)').textContent,
  also: tr.querySelector('.place--other')?.textContent ?? null,
  message: tr.querySelector('.message').textContent,
  code: tr.dataset.code,
})));

async function checkJson(form, doc) {
  await page.selectOption('#form-picker', form);
  await page.fill('#json-text', typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  await page.click('#json-check');
  await focusIs(page, 'json-results');
}

before(async () => {
  demo = await startDemo();
  page = demo.page;
  await openDemo(page, demo.origin);
});

after(() => demo?.close());

test('the page shows the bundle, its forms and today’s date', async () => {
  const info = await page.textContent('#bundle-info');
  assert.match(info, /a6check-default version \d+\.\d+\.\d+/);
  const forms = await page.$$eval('#form-picker option', (os) => os.map((o) => o.value));
  assert.ok(forms.includes('authorization'), forms.join());
  assert.equal(await page.inputValue('#form-picker'), 'authorization');
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  assert.match(await page.textContent('#today-note'), new RegExp(today));
});

test('a bad cooperative approach ID: error summary, inline error, title, answers kept', async () => {
  await fillAuthorization(page);
  await page.click('#check-authorization');
  await focusIs(page, 'error-summary');

  const summary = page.locator('#error-summary');
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.equal(await summary.getAttribute('tabindex'), '-1');
  assert.equal(await summary.locator('h2').textContent(), 'There is a problem');
  const links = await summary.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
  assert.deepEqual(links, [['#f-cooperativeApproachId', 'Cooperative approach ID is not in the right format: “CA12”']]);
  assert.equal(await summary.locator('a bdi').textContent(), 'CA12', 'the value is isolated');

  const field = page.locator('#f-cooperativeApproachId');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.deepEqual((await field.getAttribute('aria-describedby')).split(' '), ['f-cooperativeApproachId-hint', 'f-cooperativeApproachId-error']);
  const error = page.locator('#f-cooperativeApproachId-error');
  assert.equal(await error.evaluate((p) => p.tagName + '.' + p.className), 'P.error-message');
  assert.equal(await error.textContent(), 'Error: Cooperative approach ID is not in the right format: “CA12”');
  assert.equal(await error.locator('.visually-hidden').textContent(), 'Error:');
  assert.ok(await error.evaluate((p) => p.closest('.form-group').classList.contains('form-group--error')));
  assert.match(await title(), /^Error: /);
  assert.equal(await page.locator('.error-message').count(), 1);

  for (const [id, value] of Object.entries({ ...ANSWERS, ...SELECTS, ...ENTITY })) {
    assert.equal(await page.inputValue(`#${id}`), value, `#${id} kept its answer`);
  }
  for (const label of CHECKED) assert.ok(await checkbox(page, label).isChecked(), `${label} still checked`);

  // The document sent to the engine: numbers as typed, in form order, empty answers left out.
  const sent = JSON.parse(await page.textContent('#form-json'));
  assert.equal(sent.authorizedQuantity, 500000);
  assert.deepEqual(sent.participatingParties, ['GHA', 'CHE']);
  assert.deepEqual(sent.greenhouseGases, ['CO2', 'CH4']);
  assert.equal(sent.authorizedEntities.length, 1);
  assert.ok(!('oimpAuthorized' in sent) && !('nonGhgMetric' in sent));
  // And the options: the language, the mode and this computer's date.
  const options = JSON.parse(await page.textContent('#form-options'));
  assert.deepEqual(Object.keys(options), ['lang', 'mode', 'today']);
  assert.match(options.today, /^\d{4}-\d{2}-\d{2}$/);

  if (process.env.A6_SCREENSHOT) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: process.env.A6_SCREENSHOT });
  }
});

test('a summary link focuses its field', async () => {
  await page.click('#error-summary a[href="#f-cooperativeApproachId"]');
  await focusIs(page, 'f-cooperativeApproachId');
  assert.ok(await page.locator('label[for="f-cooperativeApproachId"]').isVisible());
});

test('fixing the ID gives the success state and restores the title', async () => {
  await page.fill('#f-cooperativeApproachId', 'CA0009');
  await page.click('#check-authorization');
  await focusIs(page, 'success-panel');
  const panel = page.locator('#success-panel');
  assert.equal(await panel.getAttribute('role'), 'status');
  assert.match(await panel.textContent(), /No problems found/);
  assert.match(await panel.textContent(), /no warnings/);
  assert.ok(await page.locator('#error-summary').isHidden());
  assert.equal(await page.locator('.error-message').count(), 0);
  assert.equal(await page.locator('#f-cooperativeApproachId').getAttribute('aria-invalid'), null);
  assert.equal(await page.locator('#f-cooperativeApproachId').getAttribute('aria-describedby'), 'f-cooperativeApproachId-hint');
  assert.doesNotMatch(await title(), /^Error: /);
  assert.equal(await page.inputValue('#f-authorizedEntities-0-name'), ENTITY['f-authorizedEntities-0-name']);
});

test('today’s date is passed: a date of authorization in 2099 is a warning, shown apart from errors', async () => {
  await page.fill('#f-dateOfAuthorization', '2099-01-01');
  await page.click('#check-authorization');
  await focusIs(page, 'success-panel');
  assert.match(await page.textContent('#success-panel'), /no errors/);
  const warnings = page.locator('#warning-summary');
  assert.ok(await warnings.isVisible());
  assert.match(await warnings.locator('li').first().textContent(), /^Warning/);
  assert.equal(await warnings.locator('a').first().getAttribute('href'), '#f-dateOfAuthorization');
  assert.match(await warnings.textContent(), /2099-01-01/);
  await page.fill('#f-dateOfAuthorization', ANSWERS['f-dateOfAuthorization']);
});

test('errors in an entity row and in a checkbox list point at the right fields', async () => {
  await page.click('#add-entity');
  await focusIs(page, 'f-authorizedEntities-1-name');
  await page.fill('#f-authorizedEntities-1-name', 'Second entity');
  for (const label of CHECKED.slice(0, 1)) await checkbox(page, label).uncheck();
  await page.click('#check-authorization');
  await focusIs(page, 'error-summary');
  const hrefs = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['#f-sectors', '#f-authorizedEntities-1-countryOfIncorporation', '#f-authorizedEntities-1-identificationNumber']);
  assert.equal(await page.locator('#f-sectors').getAttribute('aria-describedby'), 'f-sectors-hint f-sectors-error');
  assert.match(await page.textContent('#f-authorizedEntities-1-countryOfIncorporation-error'), /Country of incorporation/);
  await page.click('#error-summary a[href="#f-sectors"]');
  await focusIs(page, 'f-sectors-0');

  // Put things right again for the tests that follow.
  await checkbox(page, CHECKED[0]).check();
  await page.click('#f-authorizedEntities-1 .entity-row__remove');
  await focusIs(page, 'add-entity');
  assert.equal(await page.locator('.entity-row').count(), 1);
});

test('a 40-digit quantity reaches the engine digit for digit', async () => {
  const digits = '1234567890123456789012345678901234567890';
  await page.fill('#f-authorizedQuantity', digits);
  await page.click('#check-authorization');
  await focusIs(page, 'error-summary');
  assert.match(await page.textContent('#form-json'), new RegExp(`"authorizedQuantity": ${digits},`));
  const hrefs = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['#f-authorizedQuantity']);
  assert.equal(await page.inputValue('#f-authorizedQuantity'), digits);
  await page.fill('#f-authorizedQuantity', ANSWERS['f-authorizedQuantity']);
});

test('pasted JSON with a syntax error: the finding shows its line and column', async () => {
  await checkJson('authorization', '{"authorizingParty": "GHA",\n  "version": 1,\n  "metric" "GHG"\n}');
  const rows = await findingRows();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].severity, 'error');
  assert.equal(rows[0].place, 'Line 3, column 12');
  assert.match(rows[0].message, /line 3, column 12/);
  assert.equal(await page.textContent('#json-results-title'), 'The document is not valid');
  assert.deepEqual(await page.locator('#json-results-counts li').allTextContents(), ['Errors: 1', 'Warnings: 0', 'Notes: 0']);
});

test('load an example into the form, then check it', async () => {
  await page.selectOption('#example-picker', 'ghana-ndc.json');
  await page.click('#load-example');
  await page.locator('#example-status', { hasText: 'ghana-ndc.json' }).waitFor();
  assert.equal(await page.inputValue('#f-cooperativeApproachId'), 'CA0009');
  assert.equal(await page.inputValue('#f-authorizedQuantity'), '500000');
  await page.click('#check-authorization');
  await focusIs(page, 'success-panel');
});

test('an earlier submission: the GOV.UK summary names the other place in words', async () => {
  const { context } = fixture('authorization/rule-AUTH-07.json');
  await page.setInputFiles('#prior-files', jsonFile('ghana-2024.json', context.priorSubmissions[0]));
  await page.locator('#prior-status', { hasText: 'ghana-2024.json' }).waitFor();
  await page.click('#check-authorization');
  await focusIs(page, 'error-summary');
  const item = page.locator('#error-summary li');
  assert.equal(await item.count(), 1);
  assert.equal(await item.locator('a').getAttribute('href'), '#f-version');
  assert.equal(await item.locator('.summary-also').textContent(),
    'also: earlier submission 1 (ghana-2024.json), Table 2 Authorizations, row 1, Version of the authorization');
  // The pointer in the message is isolated.
  assert.equal(await item.locator('a bdi[dir="ltr"]').textContent(), '/priorSubmissions/0/t2Authorizations/0/version');
  const options = JSON.parse(await page.textContent('#form-options'));
  assert.deepEqual(options.context, { priorSubmissions: ['ghana-2024.json'] });
  await page.click('#clear-prior');
  await focusIs(page, 'prior-files');
});

test('an AEF document: findings located in words, cross-record ones name both places', async () => {
  const aef = example('aef/ghana-2025-first-transfer.json');
  aef.t1Submission.party = 'gh';
  aef.t3Actions.push({ ...aef.t3Actions[0], acquiringPartyId: 'ch' });
  await checkJson('aef', aef);
  assert.ok(await page.locator('#authorization-section').isHidden());
  const rows = await findingRows();
  const places = rows.map((r) => r.place);
  assert.ok(places.includes('Table 1 Submission, Party'), places.join(' | '));
  const n = aef.t3Actions.length;
  assert.ok(places.some((p) => p.startsWith(`Table 3 Actions, row ${n}, `)), places.join(' | '));
  const repeated = rows.find((r) => r.code === 'II02');
  assert.ok(repeated, JSON.stringify(rows));
  assert.equal(repeated.place, `Table 3 Actions, row ${n}`);
  assert.equal(repeated.also, 'also: Table 3 Actions, row 1');
  // Errors, warnings and notes are separate tables; the codes are counted.
  const severities = await page.$$eval('#json-results .findings-table', (ts) => ts.map((t) => t.dataset.severity));
  assert.deepEqual(severities, [...new Set(rows.map((r) => r.severity))]);
  assert.equal(await page.textContent('#json-results .by-code caption'), 'Findings by code');
  const codes = await page.$$eval('#json-results .by-code tbody tr', (trs) => trs.map((tr) => [tr.cells[0].textContent, Number(tr.cells[2].textContent)]));
  assert.equal(codes.reduce((sum, [, count]) => sum + count, 0), rows.length);
  assert.ok(codes.some(([code]) => code === 'II02'));
  assert.equal(await page.locator('#json-results .by-code a').count(), 0, 'codes link nowhere');
});

test('an AEF document: the other place’s field is named with the engine’s label', async () => {
  const { base, patch } = fixture('aef/rule-AEF-X-16.json');
  const aef = JSON.parse(readFileSync(join(ROOT, 'schemas', base), 'utf8'));
  for (const op of patch) aef.t3Actions.push(op.value); // "add /t3Actions/-"
  await checkJson('aef', aef);
  const early = (await findingRows()).find((r) => r.code === 'AEF-X-16');
  assert.ok(early, JSON.stringify(await findingRows()));
  assert.equal(early.place, `Table 3 Actions, row ${aef.t3Actions.length}, Action date`);
  assert.equal(early.also, 'also: Table 3 Actions, row 1, Action date');
});

test('an AEF document with an earlier submission: "earlier submission 1" in the other place', async () => {
  const { document, context } = fixture('aef/rule-II02-history.json');
  await page.setInputFiles('#prior-files', jsonFile('ghana-2025.json', context.priorSubmissions[0]));
  await page.locator('#prior-status', { hasText: 'ghana-2025.json' }).waitFor();
  await checkJson('aef', document);
  const repeated = (await findingRows()).find((r) => r.code === 'II02');
  assert.equal(repeated.place, 'Table 3 Actions, row 1');
  assert.equal(repeated.also, 'also: earlier submission 1 (ghana-2025.json), Table 3 Actions, row 1');
  const pointers = await page.$$eval('#json-results tr[data-code="II02"] .place__pointer bdi', (bs) => bs.map((b) => [b.dir, b.textContent]));
  assert.deepEqual(pointers, [['ltr', '/t3Actions/0'], ['ltr', '/priorSubmissions/0/t3Actions/0']]);
  await page.click('#clear-prior');
  await page.selectOption('#form-picker', 'authorization');
});

test('no CSP violations and every request is same-origin', async () => {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.ok(demo.requests.length > 0);
  assert.deepEqual(demo.requests.filter((u) => new URL(u).origin !== demo.origin), []);
  assert.ok(demo.requests.some((u) => u.endsWith('/pkg/a6check_bg.wasm')));
});
