// Printable results (www/findings-report.js, www/report-actions.js, style.css @media print)
// in headless Debian Chromium: after a check, "Print or save as PDF" and "Download findings"
// (CSV, JSON) are offered under the results; printed, the page is the findings report alone
// (document, Party, year, date and time, rules, a count per severity, findings grouped by
// table and row with field labels), in English and Arabic. Screenshots of the printed
// reports go to target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS, axeViolations, fillAuthorization, focusIs, openDemo, startDemo } from './demo-support.mjs';

let demo;
let page;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = await startDemo();
  page = demo.page;
}, { timeout: 120_000 });

after(() => demo?.close());

/** An AEF with problems in Table 1 and in a copied Table 3 row. */
function brokenAef() {
  const aef = JSON.parse(readFileSync(join(ROOT, 'schemas/examples/aef/ghana-2025-first-transfer.json'), 'utf8'));
  aef.t3Actions.push({ ...aef.t3Actions[0], actionDate: '2025-13-45' });
  return aef;
}

async function download(id) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

const visible = (selector) => page.locator(selector).first().isVisible();

test('nothing checked: no actions, and printing prints the page as it is', async () => {
  await openDemo(page, demo.origin);
  assert.ok(await page.locator('#report-actions').isHidden());
  await page.emulateMedia({ media: 'print' });
  try {
    assert.ok(await visible('h1'));
    assert.ok(!(await visible('#print-report h1')));
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
});

test('the authorization: actions under the summary; CSV and JSON downloads of the findings', async () => {
  await fillAuthorization(page);
  await page.click('#check-authorization');
  await focusIs(page, 'error-summary');
  assert.ok(await page.locator('#report-actions').isVisible());
  assert.equal(await page.evaluate(() => document.getElementById('report-actions').previousElementSibling.id), 'warning-summary');

  const csv = await download('download-csv');
  assert.equal(csv.name, 'findings-authorization-GHA-2024.csv');
  const lines = csv.text.split('\r\n');
  assert.equal(lines[0], 'severity,code,pointer,location,message,otherPointer,otherLocation');
  assert.equal(lines[1], 'error,format,/cooperativeApproachId,Cooperative approach ID,Cooperative approach ID is not in the right format: “CA12”,,');
  assert.equal(lines.at(-1), '', 'CRLF after every row');

  const json = await download('download-json');
  assert.equal(json.name, 'findings-authorization-GHA-2024.json');
  const findings = JSON.parse(json.text);
  assert.equal(findings.valid, false);
  assert.deepEqual(findings.findings.map((f) => [f.code, f.pointer]), [['format', '/cooperativeApproachId']]);
  assert.equal(lines.length - 2, findings.findings.length, 'one CSV row per finding');
});

test('"Print or save as PDF" opens the browser’s print', async () => {
  await page.evaluate(() => { window.print = () => { window.__printed = (window.__printed ?? 0) + 1; }; });
  await page.click('#print-findings');
  assert.equal(await page.evaluate(() => window.__printed), 1);
});

test('printed: the findings report alone, with its facts, counts and fields; screenshot', async () => {
  await page.emulateMedia({ media: 'print' });
  try {
    for (const hidden of ['.header', '#authorization-form', '#drafts', '#report-actions', '.footer', 'main > h1']) {
      assert.ok(!(await visible(hidden)), `${hidden} is not printed`);
    }
    assert.ok(await visible('#print-report'));
    assert.equal(await page.textContent('#print-report h1'), 'Findings report');
    const facts = await page.$$eval('#print-report dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    assert.equal(facts.Document, 'Authorization (letter of authorization)');
    assert.equal(facts.Party, 'GHA');
    assert.equal(facts.Year, '2024');
    assert.match(facts['Checked on'], /\d{4}/);
    assert.match(facts.Rules, /^a6check-default, version \d+\.\d+\.\d+$/);
    assert.equal(facts.Strictness, 'Ready to submit (everything)');
    assert.deepEqual(await page.$$eval('#print-report .counts li', (lis) => lis.map((li) => li.textContent)), ['Errors: 1', 'Warnings: 0', 'Notes: 0']);
    assert.equal(await page.textContent('#print-report h3'), 'Whole document');
    assert.deepEqual(await page.$$eval('#print-report tbody td:first-child', (tds) => tds.map((td) => td.textContent)), ['Cooperative approach ID']);
    await page.screenshot({ path: join(SCREENSHOTS, 'print-authorization-en.png'), fullPage: true });
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
});

for (const lang of ['en', 'ar']) {
  test(`an AEF in ${lang}: findings grouped by table and row; printed screenshot; axe`, async () => {
    await openDemo(page, demo.origin, `?lang=${lang}`);
    await page.selectOption('#form-picker', 'aef');
    await page.fill('#json-text', JSON.stringify(brokenAef(), null, 2));
    await page.click('#json-check');
    await focusIs(page, 'json-results');
    assert.equal(await page.evaluate(() => document.getElementById('report-actions').closest('section')?.id), 'json-results');
    assert.deepEqual(await axeViolations(page), [], `axe (${lang}): results with the actions`);

    await page.emulateMedia({ media: 'print' });
    try {
      assert.ok(!(await visible('#json-form')));
      const groups = await page.$$eval('#print-report h3', (hs) => hs.map((h) => h.textContent));
      const row2 = lang === 'en' ? 'Table 3 Actions, row 2' : 'الجدول 3 الإجراءات';
      assert.ok(groups.some((g) => g.includes(row2)), groups.join(' | '));
      const facts = await page.$$eval('#print-report dd', (dds) => dds.map((dd) => dd.textContent));
      assert.ok(facts.includes('GHA') && facts.includes('2025'), facts.join(' | '));
      if (lang === 'ar') assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      await page.screenshot({ path: join(SCREENSHOTS, `print-aef-${lang}.png`), fullPage: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });
}

test('another form chosen: the actions and the printed report go away', async () => {
  await page.selectOption('#form-picker', 'authorization');
  assert.ok(await page.locator('#report-actions').isHidden());
  assert.equal(await page.evaluate(() => document.documentElement.dataset.report), undefined);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
});
