// "Load rules file": a packed bundle made from a copy of schemas/ in which the sector code
// list has one more value ("Other") and the version is bumped. The same authorization is
// rejected with the built-in rules and accepted with the file, without rebuilding anything;
// a broken file is reported and leaves the active rules in place.
// Needs www/pkg and target/debug/a6check (cargo build -p a6check-cli).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, bundleCopy, checkbox, focusIs, openDemo, startDemo } from './demo-support.mjs';

let demo;
let page;
let bundle;
let bundleFile;
const VERSION = '9.9.9-other-sector';

const withOther = (() => {
  const doc = JSON.parse(readFileSync(join(ROOT, 'schemas/examples/authorization/ghana-ndc.json'), 'utf8'));
  doc.sectors = ['Other'];
  return JSON.stringify(doc, null, 2);
})();

async function checkPasted() {
  await page.fill('#json-text', withOther);
  await page.click('#json-check');
  await focusIs(page, 'json-results');
  return page.$$eval('#json-results .findings-table tbody tr', (rows) => rows.map((tr) => [tr.dataset.code, tr.querySelector('.place__pointer')?.textContent]));
}

before(async () => {
  bundle = bundleCopy();
  const sectors = bundle.json('codelists/sectors.json');
  sectors.enum.push('Other');
  bundle.write('codelists/sectors.json', sectors);
  const manifest = bundle.json('manifest.json');
  manifest.version = VERSION;
  manifest.name = 'a6check-other-sector';
  bundle.write('manifest.json', manifest);
  bundleFile = bundle.pack('other-sector.json');

  demo = await startDemo();
  page = demo.page;
  await openDemo(page, demo.origin);
});

after(async () => {
  await demo?.close();
  bundle?.remove();
});

test('with the built-in rules, sector "Other" is rejected', async () => {
  assert.match(await page.textContent('#rules-active'), /a6check-default version \d+\.\d+\.\d+ \(built in\)/);
  assert.ok(await page.locator('#use-built-in').isHidden());
  const findings = await checkPasted();
  assert.ok(findings.some(([, pointer]) => pointer === '/sectors/0'), JSON.stringify(findings));
  assert.equal(await page.textContent('#json-results-title'), 'The document is not valid');
});

test('a broken rules file is reported and the built-in rules stay active', async () => {
  const before = await page.textContent('#bundle-info');
  await page.setInputFiles('#bundle-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "a6check-bundle/1", "files": {}}') });
  const error = page.locator('#bundle-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.match(await error.textContent(), /^The rules file broken\.json could not be used: .+\. The previous rules are still active\.$/);
  assert.equal(await page.textContent('#bundle-info'), before);
  assert.equal(await page.inputValue('#bundle-file'), '');
  // Still checking with the built-in rules.
  assert.ok((await checkPasted()).some(([, pointer]) => pointer === '/sectors/0'));
});

test('after loading the rules file the same document is accepted', async () => {
  await page.setInputFiles('#bundle-file', bundleFile);
  await page.locator('#bundle-info', { hasText: VERSION }).waitFor();
  assert.match(await page.textContent('#bundle-info'), new RegExp(`a6check-other-sector version ${VERSION.replace(/\./g, '\\.')}`));
  assert.match(await page.textContent('#rules-active'), /a6check-other-sector .* \(other-sector\.json\)/);
  assert.ok(await page.locator('#bundle-error').isHidden());
  assert.equal(await page.inputValue('#form-picker'), 'authorization');
  assert.deepEqual(await checkPasted(), []);
  assert.equal(await page.textContent('#json-results-title'), 'No problems found');
  // The hand-made form offers the new value too.
  assert.equal(await checkbox(page, 'Other').count(), 1);
});

test('an uploaded document is checked in the Web Worker with the rules file too', async () => {
  await page.setInputFiles('#json-file', { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(withOther) });
  await page.waitForFunction(() => /other\.json/.test(document.getElementById('json-file-status').textContent));
  await page.click('#json-check');
  await focusIs(page, 'json-results');
  assert.equal(await page.textContent('#json-results-title'), 'No problems found');
});

test('"Use the built-in rules" goes back', async () => {
  await page.click('#use-built-in');
  await page.locator('#rules-active', { hasText: 'built in' }).waitFor();
  assert.doesNotMatch(await page.textContent('#bundle-info'), new RegExp(VERSION));
  await focusIs(page, 'bundle-file');
  assert.ok((await checkPasted()).some(([, pointer]) => pointer === '/sectors/0'));
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
});
