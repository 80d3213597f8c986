// The demo (www/) in headless Debian Chromium: the GOV.UK error pattern on the
// authorization form, keyboard use, pasted JSON, CSP and same-origin requests.
// Needs www/pkg (scripts/build-wasm.sh). Set A6_SCREENSHOT=/tmp/demo-errors.png to keep
// a screenshot of the page with errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let server;
let context;
let page;
let profile;
let origin;
const requests = [];

/** Realistic answers for a valid authorization, except the cooperative approach ID. */
const ANSWERS = {
  'f-authorizingParty': 'GHA',
  'f-authorizingBody': 'Ghana Carbon Market Office, Environmental Protection Agency',
  'f-authorizationId': 'GHA-A62-2024-003',
  'f-version': '1',
  'f-dateOfAuthorization': '2024-02-29',
  'f-cooperativeApproachId': 'CA12',
  'f-cooperativeApproachDescription': 'Switzerland-Ghana cooperation under the Implementing Agreement of 23 November 2020',
  'f-participatingParties': 'GHA, CHE',
  'f-mitigationActivity-title': 'Transformative Cookstove Activity in Rural Ghana',
  'f-mitigationActivity-methodologies': 'Gold Standard TPDDTEC v3.1',
  'f-mitigationActivity-creditingPeriod-start': '2022-01-01',
  'f-mitigationActivity-creditingPeriod-end': '2030-12-31',
  'f-authorizedQuantity': '500000',
  'f-gwpValues': 'IPCC AR5 GWP100',
  'f-authorizedParties': 'CHE',
  'f-vintageFrom': '2022',
  'f-vintageTo': '2030',
  'f-useFrom': '2022',
  'f-useTo': '2030',
  'f-termsAndConditions': 'ITMOs may be used by Switzerland towards its NDC for 2021-2030.',
};
const SELECTS = { 'f-metric': 'GHG', 'f-purposes': 'NDC' };
const ENTITY = {
  'f-authorizedEntities-0-name': 'Foundation for Climate Protection and Carbon Offset KliK',
  'f-authorizedEntities-0-countryOfIncorporation': 'CHE',
  'f-authorizedEntities-0-identificationNumber': 'CHE-000.000.001',
};
const CHECKED = ['Energy generation', 'Energy Efficiency households', 'CO2', 'CH4'];

const title = () => page.title();
const activeId = () => page.evaluate(() => document.activeElement?.id ?? '');
const focusIs = (id) => page.waitForFunction((want) => document.activeElement?.id === want, id);
const checkbox = (label) => page.locator('#authorization-form .checkboxes__item').filter({ has: page.getByText(label, { exact: true }) }).locator('input');

before(async () => {
  assert.ok(existsSync(join(ROOT, 'www/pkg/a6check.js')), 'www/pkg is missing: run scripts/build-wasm.sh');
  const examples = spawnSync('bash', [join(ROOT, 'scripts/demo.sh'), '--examples'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(examples.status, 0, examples.stderr);

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
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
});

after(async () => {
  await context?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('the page shows the bundle and lists its forms', async () => {
  const info = await page.textContent('#bundle-info');
  assert.match(info, /a6check-default version \d+\.\d+\.\d+/);
  const forms = await page.$$eval('#form-picker option', (os) => os.map((o) => o.value));
  assert.ok(forms.includes('authorization'), forms.join());
  assert.equal(await page.inputValue('#form-picker'), 'authorization');
});

test('a bad cooperative approach ID: error summary, inline error, title, answers kept', async () => {
  for (const [id, value] of Object.entries(ANSWERS)) await page.fill(`#${id}`, value);
  for (const [id, value] of Object.entries(SELECTS)) await page.selectOption(`#${id}`, value);
  for (const label of CHECKED) await checkbox(label).check();
  await page.click('#add-entity');
  for (const [id, value] of Object.entries(ENTITY)) await page.fill(`#${id}`, value);

  await page.click('#check-authorization');
  await focusIs('error-summary');

  const summary = page.locator('#error-summary');
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.equal(await summary.getAttribute('tabindex'), '-1');
  assert.equal(await summary.locator('h2').textContent(), 'There is a problem');
  const links = await summary.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
  assert.deepEqual(links, [['#f-cooperativeApproachId', 'Cooperative approach ID is not in the right format: “CA12”']]);

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
  for (const label of CHECKED) assert.ok(await checkbox(label).isChecked(), `${label} still checked`);

  // The document sent to the engine: numbers as typed, in form order, empty answers left out.
  const sent = JSON.parse(await page.textContent('#form-json'));
  assert.equal(sent.authorizedQuantity, 500000);
  assert.deepEqual(sent.participatingParties, ['GHA', 'CHE']);
  assert.deepEqual(sent.greenhouseGases, ['CO2', 'CH4']);
  assert.equal(sent.authorizedEntities.length, 1);
  assert.ok(!('oimpAuthorized' in sent) && !('nonGhgMetric' in sent));

  if (process.env.A6_SCREENSHOT) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: process.env.A6_SCREENSHOT });
  }
});

test('a summary link focuses its field', async () => {
  await page.click('#error-summary a[href="#f-cooperativeApproachId"]');
  await focusIs('f-cooperativeApproachId');
  assert.ok(await page.locator('label[for="f-cooperativeApproachId"]').isVisible());
});

test('keyboard only: submit with Enter, Tab from the summary reaches its link, Enter follows it', async () => {
  await page.focus('#check-authorization');
  await page.keyboard.press('Enter');
  await focusIs('error-summary');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '#f-cooperativeApproachId');
  await page.keyboard.press('Enter');
  await focusIs('f-cooperativeApproachId');
});

test('fixing the ID gives the success state and restores the title', async () => {
  await page.fill('#f-cooperativeApproachId', 'CA0009');
  await page.click('#check-authorization');
  await focusIs('success-panel');
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

test('errors in an entity row and in a checkbox list point at the right fields', async () => {
  await page.click('#add-entity');
  await focusIs('f-authorizedEntities-1-name');
  await page.fill('#f-authorizedEntities-1-name', 'Second entity');
  for (const label of CHECKED.slice(0, 1)) await checkbox(label).uncheck();
  await page.click('#check-authorization');
  await focusIs('error-summary');
  const hrefs = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['#f-sectors', '#f-authorizedEntities-1-countryOfIncorporation', '#f-authorizedEntities-1-identificationNumber']);
  assert.equal(await page.locator('#f-sectors').getAttribute('aria-describedby'), 'f-sectors-hint f-sectors-error');
  assert.match(await page.textContent('#f-authorizedEntities-1-countryOfIncorporation-error'), /Country of incorporation is required/);
  await page.click('#error-summary a[href="#f-sectors"]');
  await focusIs('f-sectors-0');

  // Put things right again for the tests that follow.
  await checkbox(CHECKED[0]).check();
  await page.click('#f-authorizedEntities-1 .entity-row__remove');
  await focusIs('add-entity');
  assert.equal(await page.locator('.entity-row').count(), 1);
});

test('a 40-digit quantity reaches the engine digit for digit', async () => {
  const digits = '1234567890123456789012345678901234567890';
  await page.fill('#f-authorizedQuantity', digits);
  await page.click('#check-authorization');
  await focusIs('error-summary');
  assert.match(await page.textContent('#form-json'), new RegExp(`"authorizedQuantity": ${digits},`));
  const hrefs = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['#f-authorizedQuantity']);
  assert.equal(await page.inputValue('#f-authorizedQuantity'), digits);
  await page.fill('#f-authorizedQuantity', ANSWERS['f-authorizedQuantity']);
});

test('pasted JSON with a syntax error: the finding shows its line and column', async () => {
  await page.fill('#json-text', '{"authorizingParty": "GHA",\n  "version": 1,\n  "metric" "GHG"\n}');
  await page.click('#json-check');
  await focusIs('json-results');
  const row = page.locator('#json-results .findings-table tbody tr');
  assert.equal(await row.count(), 1);
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells[0], 'Error');
  assert.equal(cells[1], 'Line 3, column 12');
  assert.match(cells[3], /line 3, column 12/);
  assert.match(await page.textContent('#json-results-counts'), /not valid: 1 error, 0 warnings, 0 notes/);
});

test('load an example into the form, then check it', async () => {
  await page.selectOption('#example-picker', 'ghana-ndc.json');
  await page.click('#load-example');
  await page.locator('#example-status', { hasText: 'ghana-ndc.json' }).waitFor();
  assert.equal(await page.inputValue('#f-cooperativeApproachId'), 'CA0009');
  assert.equal(await page.inputValue('#f-authorizedQuantity'), '500000');
  await page.click('#check-authorization');
  await focusIs('success-panel');
});

test('an AEF document: findings located in table, row and field words', async (t) => {
  const forms = await page.$$eval('#form-picker option', (os) => os.map((o) => o.value));
  if (!forms.includes('aef')) return t.skip('the bundle has no aef form yet');
  await page.selectOption('#form-picker', 'aef');
  assert.ok(await page.locator('#authorization-section').isHidden());
  const aef = JSON.parse(readFileSync(join(ROOT, 'schemas/examples/aef/ghana-2025-first-transfer.json'), 'utf8'));
  aef.t1Submission.party = 'gh';
  aef.t3Actions.push({ ...aef.t3Actions[0], acquiringPartyId: 'ch' });
  await page.fill('#json-text', JSON.stringify(aef, null, 2));
  await page.click('#json-check');
  await focusIs('json-results');
  const locations = await page.locator('#json-results .findings-table tbody tr td:nth-child(2)').allTextContents();
  assert.ok(locations.includes('Table 1 Submission, Party'), locations.join(' | '));
  const row = `Table 3 Actions, row ${aef.t3Actions.length}, `;
  assert.ok(locations.some((l) => l.startsWith(row)), locations.join(' | '));
  assert.match(await page.textContent('#json-results-body'), /Findings by code/);
  await page.selectOption('#form-picker', 'authorization');
});

test('no CSP violations and every request is same-origin', async () => {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.ok(requests.length > 0);
  assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin), []);
  assert.ok(requests.some((u) => u.endsWith('/pkg/a6check_bg.wasm')));
});
