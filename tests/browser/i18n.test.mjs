// The language picker: the bundle's languages by their native names; the page's own text
// and the engine's messages follow the choice. Arabic: <html lang="ar" dir="rtl">, a
// mirrored layout, and pointers, codes and values isolated from the Arabic text around
// them. Screenshots of the Arabic error summary and AEF results go to target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS, fillAuthorization, focusIs, openDemo, startDemo } from './demo-support.mjs';

let demo;
let page;
let languages;

const NATIVE = { en: 'English', fr: 'Français', es: 'Español', ar: 'العربية', ru: 'Русский', zh: '中文' };

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = await startDemo();
  page = demo.page;
  await openDemo(page, demo.origin);
  languages = await page.$$eval('#lang-picker option', (os) => os.map((o) => [o.value, o.textContent, o.lang]));
});

after(() => demo?.close());

const has = (code) => languages.some(([value]) => value === code);

test('the picker lists the bundle’s languages by their native names', () => {
  assert.ok(has('en'));
  for (const [value, name, lang] of languages) {
    if (NATIVE[value]) assert.equal(name, NATIVE[value]);
    assert.equal(lang, value, 'each name is marked with its own language');
  }
});

test('French: the page’s text and the engine’s messages', async (t) => {
  if (!has('fr')) return t.skip('the bundle has no French messages yet');
  await page.selectOption('#lang-picker', 'fr');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  assert.equal(await page.textContent('h1'), 'Vérifier un formulaire de l’article 6.2');
  assert.equal(await page.textContent('label[for="lang-picker"]'), 'Langue');
  assert.match(await page.textContent('#rules-active'), /^Règles actives/);
  // The links to the other pages (English pages: hreflang) are named in French too.
  assert.equal(await page.getAttribute('.header__nav', 'aria-label'), 'Autres pages');
  assert.deepEqual(await page.$$eval('.header__nav a', (as) => as.map((a) => [a.textContent, a.hreflang])),
    [['Rapprocher plusieurs documents', 'en'], ['Rapports et classeurs', 'en'], ['Composant web', 'en'], ['Gros fichiers', 'en'], ['Règles et champs', 'en']]);
  await fillAuthorization(page);
  await page.click('#check-authorization');
  await focusIs(page, 'error-summary');
  assert.equal(await page.textContent('#error-summary h2'), 'Il y a un problème');
  const link = await page.textContent('#error-summary a');
  assert.match(link, /CA12/);
  assert.doesNotMatch(link, /not in the right format/);
  assert.match(await page.title(), /^Erreur : /);
  // The authorization form's questions are French too: labels from the bundle's catalog
  // (Checker.labels), section headings, hints and placeholders from the demo's own words.
  assert.equal(await page.getAttribute('#authorization-form', 'lang'), null);
  assert.equal(await page.textContent('label[for="f-cooperativeApproachId"]'), 'Identifiant de la démarche concertée');
  assert.equal(await page.textContent('label[for="f-authorizingBody"]'), 'Organe qui délivre l\'autorisation (facultatif)');
  assert.equal(await page.textContent('legend[data-f="secApproach"]'), 'La démarche concertée');
  assert.equal(await page.textContent('#f-sectors legend'), 'Secteurs');
  assert.equal(await page.textContent('#f-cooperativeApproachId-hint'), 'CA suivi de quatre chiffres, par exemple CA0009.');
  assert.equal(await page.locator('#f-cooperativeApproachId-hint bdi').getAttribute('dir'), 'ltr');
  assert.equal(await page.textContent('#f-metric option[value=""]'), 'Choisissez un indicateur');
  assert.equal(await page.textContent('label[for="f-authorizedEntities-0-name"]'), 'Nom de l\'entité');
  assert.equal(await page.textContent('#f-authorizedEntities-0 legend'), 'Entité 1');
  // Code-list values keep their official English spelling, marked as English.
  assert.equal(await page.locator('#f-sectors .checkboxes label').first().getAttribute('lang'), 'en');
  assert.equal(await page.textContent('#form-picker option[value="initial-report"]'), 'Rapport initial');
  assert.match(await page.textContent('#json-title'), /^Vérifier .*Autorisation/);
  assert.equal(await page.getAttribute('#f-cooperativeApproachId-error', 'lang'), 'fr');
  // The whole visible form is French: no English question left.
  const english = await page.$$eval('#authorization-form label:not([lang="en"]), #authorization-form legend, #authorization-form .hint',
    (nodes) => nodes.map((n) => n.textContent.trim()).filter((s) => / (the|of|or|for) |optional/i.test(s)));
  assert.deepEqual(english, []);
});

test('Arabic: right to left, mirrored, isolated pointers; screenshot of the error summary', async (t) => {
  if (!has('ar')) return t.skip('the bundle has no Arabic messages yet');
  // Changing the language shows the same results again in the new language, without moving focus.
  await page.focus('#lang-picker');
  await page.selectOption('#lang-picker', 'ar');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lang-picker');
  assert.equal(await page.textContent('#error-summary h2'), 'توجد مشكلة');
  assert.match(await page.title(), /^خطأ: /);
  // The form's questions are Arabic; identifiers in hints stay isolated left to right.
  assert.equal(await page.textContent('legend[data-f="secApproach"]'), 'النهج التعاوني');
  assert.equal(await page.locator('#f-authorizationId-hint bdi').textContent(), 'GHA-A62-2024-003');
  assert.equal(await page.locator('#f-authorizationId-hint bdi').getAttribute('dir'), 'ltr');

  // The value in the message is isolated; the error's bar is on the right (start) side.
  assert.equal(await page.locator('#error-summary a bdi').first().textContent(), 'CA12');
  const group = page.locator('#f-cooperativeApproachId').locator('xpath=ancestor::div[contains(@class,"form-group")][1]');
  const borders = await group.evaluate((g) => [getComputedStyle(g).borderRightWidth, getComputedStyle(g).borderLeftWidth]);
  assert.deepEqual(borders, ['5px', '0px']);
  // Mirrored header: the product name on the right, the language picker on the left.
  const [name, picker] = await Promise.all(['.header__name', '#lang-picker'].map((s) => page.locator(s).boundingBox()));
  assert.ok(name.x > picker.x, `name at ${name.x}, picker at ${picker.x}`);

  // A second error with a pointer in its message: the pointer is isolated left-to-right.
  const prior = JSON.parse(readFileSync(join(ROOT, 'schemas/fixtures/authorization/rule-AUTH-07.json'), 'utf8')).context.priorSubmissions[0];
  await page.setInputFiles('#prior-files', { name: 'ghana-2024.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(prior)) });
  await page.locator('#prior-status', { hasText: 'ghana-2024.json' }).waitFor();
  await page.click('#check-authorization');
  await focusIs(page, 'error-summary');
  const items = page.locator('#error-summary li');
  assert.equal(await items.count(), 2);
  const pointers = await page.$$eval('#error-summary bdi[dir="ltr"]', (bs) => bs.map((b) => b.textContent));
  assert.ok(pointers.includes('/priorSubmissions/0/t2Authorizations/0/version'), pointers.join(' | '));
  // No pointer or code is left as bare text in the summary.
  const bare = await page.$$eval('#error-summary li', (lis) => lis.flatMap((li) => {
    const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest('bdi') && /\/[A-Za-z]\w*\/\d/.test(n.data)) out.push(n.data);
    return out;
  }));
  assert.deepEqual(bare, []);
  assert.match(await page.textContent('#error-summary .summary-also'), /^انظر أيضًا: /);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, 'demo-ar-error-summary.png') });
  await page.click('#clear-prior');
});

test('Arabic: AEF results with cross-record findings; screenshot', async (t) => {
  if (!has('ar')) return t.skip('the bundle has no Arabic messages yet');
  const aef = JSON.parse(readFileSync(join(ROOT, 'schemas/examples/aef/ghana-2025-first-transfer.json'), 'utf8'));
  aef.t3Actions.push({ ...aef.t3Actions[0] });
  await page.selectOption('#form-picker', 'aef');
  await page.fill('#json-text', JSON.stringify(aef, null, 2));
  await page.click('#json-check');
  await focusIs(page, 'json-results');
  assert.equal(await page.textContent('#json-results-title'), 'المستند غير صالح');
  const row = page.locator('#json-results tr[data-code="II02"]');
  assert.equal(await row.locator('.place--other').textContent(), 'انظر أيضًا: الجدول 3 الإجراءات، الصف 1');
  assert.deepEqual(await row.locator('.place__pointer bdi').evaluateAll((bs) => bs.map((b) => [b.dir, b.textContent])),
    [['ltr', '/t3Actions/1'], ['ltr', '/t3Actions/0']]);
  assert.equal(await row.locator('code bdi').getAttribute('dir'), 'ltr');
  await page.locator('#json-results').screenshot({ path: join(SCREENSHOTS, 'demo-ar-aef-results.png') });
  await page.selectOption('#form-picker', 'authorization');
});

test('back to English', async () => {
  await page.selectOption('#lang-picker', 'en');
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  assert.equal(await page.getAttribute('#authorization-form', 'lang'), null);
  assert.equal(await page.textContent('h1'), 'Check an Article 6.2 form');
  assert.equal(await page.textContent('label[for="f-authorizingBody"]'), 'Authorizing body (optional)');
  assert.equal(await page.textContent('#f-cooperativeApproachId-hint'), 'CA followed by four digits, for example CA0009.');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
});
