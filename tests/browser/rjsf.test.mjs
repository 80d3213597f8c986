// The RJSF adapter (a6check/rjsf): a react-jsonschema-form for the authorization schema, with
// a6check as its validator, bundled offline by the root's vite (react, react-dom, @rjsf/core and
// @rjsf/utils from the root devDependencies; a6check installed from the packed tarball) and run
// in headless Chromium under the demo's CSP. Invalid data gets a6check's messages on the right
// fields; fixed data is submitted. Needs www/pkg (scripts/build-wasm.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, CSP, serveDir, launchBrowser, engineFindings } from './embedding-support.mjs';

// Under target/ so that react and @rjsf/* resolve from the root node_modules.
const WORK = join(ROOT, 'target/rjsf-test');
let server;
let browser;
let page;
let expected; // the engine's messages for the invalid data

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * The bundle's authorization schema made renderable by RJSF: code lists (external "../codelists"
 * references) inlined, a6check's own x-a6-* keywords dropped. The conditional allOf stays, so RJSF
 * asks the validator's isValid about its `if` sub-schemas.
 */
function rjsfSchema() {
  const read = (path) => JSON.parse(readFileSync(join(ROOT, 'schemas', path), 'utf8'));
  const clean = (node) => {
    if (Array.isArray(node)) return node.map(clean);
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('../codelists/')) {
      const list = read(node.$ref.slice(3));
      const { $ref, ...rest } = node;
      return clean({ title: list.title, enum: list.enum, ...rest });
    }
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-a6') || k === '$schema' || k === '$id') continue;
      if (k === 'additionalProperties' && v && typeof v === 'object' && Object.keys(v).every((x) => x.startsWith('x-a6'))) continue;
      out[k] = clean(v);
    }
    return out;
  };
  return clean(read('forms/authorization.schema.json'));
}

const MAIN = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import { init } from 'a6check';
import { createValidator } from 'a6check/rjsf';
import schema from './schema.json';
import formData from './data.json';

const root = document.documentElement;
try {
  await init();
  const validator = createValidator({ form: 'authorization' });
  window.__validator = validator;
  // Count RJSF's own isValid calls (it asks about the schema's if/then sub-schemas).
  window.__isValidCalls = 0;
  const isValid = validator.isValid;
  validator.isValid = (...args) => { window.__isValidCalls += 1; return isValid(...args); };
  const onError = (errors) => { root.dataset.errors = String(errors.length); root.dataset.submitted = 'no'; };
  const onSubmit = ({ formData }) => { root.dataset.submitted = 'yes'; root.dataset.sent = JSON.stringify(formData); };
  createRoot(document.getElementById('root')).render(
    h(Form, { schema, validator, formData, noHtml5Validate: true, showErrorList: 'top', onError, onSubmit }),
  );
  root.dataset.state = 'ready';
} catch (e) {
  root.dataset.state = 'error';
  document.body.append(String(e && e.stack || e));
}
`;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'www/pkg/a6check.js')), 'www/pkg is missing: run scripts/build-wasm.sh');
  for (const dep of ['@rjsf/core', '@rjsf/utils', 'react', 'react-dom', 'vite']) {
    assert.ok(existsSync(join(ROOT, 'node_modules', dep, 'package.json')), `${dep} is not installed: npm ci`);
  }
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  run('bash', [join(ROOT, 'scripts/build-npm.sh')], ROOT);
  const tarball = join(WORK, run('npm', ['pack', '--pack-destination', WORK, '--loglevel=error'], join(ROOT, 'target/npm')).trim().split('\n').at(-1));
  const app = join(WORK, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'a6check-rjsf-app', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], app);
  const data = JSON.parse(readFileSync(join(ROOT, 'schemas/examples/authorization/ghana-ndc.json'), 'utf8'));
  data.cooperativeApproachId = 'CA12';
  delete data.authorizedEntities[0].countryOfIncorporation;
  writeFileSync(join(app, 'schema.json'), JSON.stringify(rjsfSchema()));
  writeFileSync(join(app, 'data.json'), JSON.stringify(data));
  expected = engineFindings('authorization', data).filter((f) => f.severity === 'error');
  assert.deepEqual(expected.map((f) => f.pointer), ['/cooperativeApproachId', '/authorizedEntities/0/countryOfIncorporation']);
  writeFileSync(join(app, 'main.js'), MAIN);
  writeFileSync(join(app, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>a6check RJSF test</title><script type="module" src="/main.js"></script></head>
<body><div id="root"></div></body></html>
`);
  // @rjsf/core 6.11 imports @rjsf/validator-ajv8 (only a devDependency of it) for its exported
  // getTestRegistry: rjsf-team/react-jsonschema-form#5295. Apps not using AJV stub it out.
  writeFileSync(join(app, 'no-ajv.js'), 'export default {};\nexport const customizeValidator = () => { throw new Error("no AJV here"); };\n');
  writeFileSync(join(app, 'vite.config.mjs'), `export default {
  logLevel: 'warn',
  build: { chunkSizeWarningLimit: 5000 },
  resolve: { alias: { '@rjsf/validator-ajv8': ${JSON.stringify(join(app, 'no-ajv.js'))} } },
};
`);
  run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], app);

  // Only once the app is built: nothing to clean up when the build fails.
  server = await serveDir(join(WORK, 'app/dist'));
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(server.origin);
  await page.waitForFunction(() => document.documentElement.dataset.state !== undefined, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'ready', await page.textContent('body'));
  await page.locator('#root_cooperativeApproachId').waitFor();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  await server?.close();
});

test('RJSF renders the authorization schema with the data', async () => {
  assert.equal(await page.inputValue('#root_cooperativeApproachId'), 'CA12');
  assert.equal(await page.inputValue('#root_authorizedEntities_0_name'), 'Foundation for Climate Protection and Carbon Offset KliK');
});

test('submitting invalid data shows a6check messages in the list and on the fields', async () => {
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => document.documentElement.dataset.submitted === 'no');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.errors), '2');
  const list = await page.locator('.errors li').allTextContents();
  assert.deepEqual(list, expected.map((f) => f.message));
  assert.match(expected[0].message, /Cooperative approach ID.*CA12/);
  assert.match(expected[1].message, /Country of incorporation/);
  assert.equal(await page.textContent('#root_cooperativeApproachId__error'), expected[0].message);
  assert.equal(await page.textContent('#root_authorizedEntities_0_countryOfIncorporation__error'), expected[1].message);
  assert.equal(await page.locator('[id$="__error"]').count(), 2, 'no other field shows an error');
});

test('the adapter: property paths, errorSchema, isValid on sub-schemas with $defs', async () => {
  const r = await page.evaluate(() => {
    const v = window.__validator;
    const { errors, errorSchema } = v.validateFormData({ cooperativeApproachId: 'CA12' }, {});
    return {
      properties: errors.map((e) => e.property),
      nested: errorSchema.cooperativeApproachId.__errors,
      names: errors.map((e) => e.name),
      defsValid: v.isValid({ $ref: '#/$defs/caId' }, 'CA0009', { $defs: { caId: { type: 'string', pattern: '^CA\\d{4}$' } } }),
      defsInvalid: v.isValid({ $ref: '#/$defs/caId' }, 'CA12', { $defs: { caId: { type: 'string', pattern: '^CA\\d{4}$' } } }),
      list: v.toErrorList({ a: { 0: { __errors: ['x'] } } }),
      warnings: v.lastFindings.findings.length >= errors.length,
      rjsfIsValidCalls: window.__isValidCalls,
    };
  });
  assert.ok(r.properties.includes('.cooperativeApproachId'), r.properties.join());
  assert.ok(r.properties.includes('.sectors'), r.properties.join());
  assert.ok(r.names.includes('format') && r.names.includes('required'));
  assert.equal(r.nested.length, 1);
  assert.equal(r.defsValid, true);
  assert.equal(r.defsInvalid, false);
  assert.deepEqual(r.list, [{ property: '.a.0', message: 'x', stack: '.a.0 x' }]);
  assert.ok(r.warnings);
  assert.ok(r.rjsfIsValidCalls > 0, 'RJSF used isValid for the conditional sub-schemas');
});

test('fixing the fields in the form lets RJSF submit', async () => {
  await page.fill('#root_cooperativeApproachId', 'CA0009');
  await page.fill('#root_authorizedEntities_0_countryOfIncorporation', 'CHE');
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => document.documentElement.dataset.submitted === 'yes');
  const sent = JSON.parse(await page.evaluate(() => document.documentElement.dataset.sent));
  assert.equal(sent.cooperativeApproachId, 'CA0009');
  assert.equal(sent.authorizedEntities[0].countryOfIncorporation, 'CHE');
  assert.equal(await page.locator('[id$="__error"]').count(), 0);
});

test('no CSP violations, no page errors, all requests same-origin', async () => {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(browser.errors, []);
  assert.deepEqual(browser.requests.filter((u) => !u.startsWith(server.origin)), []);
});
