// Shared set-up for the demo's browser tests (demo, i18n, rules file, accessibility):
// www/examples, scripts/serve.mjs on a free port, and one headless Debian Chromium per
// test file. Not a test file itself.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'target/debug/a6check');
export const SCREENSHOTS = join(ROOT, 'target/screenshots');

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Serve www/ and start Chromium. Returns { origin, context, page, requests, close, newContext }.
 * `newContext(options)` opens another context in the same browser (e.g. with bypassCSP).
 */
export async function startDemo({ viewport = { width: 1100, height: 900 } } = {}) {
  assert.ok(existsSync(join(ROOT, 'www/pkg/a6check.js')), 'www/pkg is missing: run scripts/build-wasm.sh');
  const examples = spawnSync('bash', [join(ROOT, 'scripts/demo.sh'), '--examples'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(examples.status, 0, examples.stderr);

  const server = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  const origin = await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    lines.on('line', (line) => {
      const url = /https?:\/\/\S+/.exec(line)?.[0];
      if (url) resolve(new URL(url).origin);
    });
  });

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: LAUNCH_ARGS });
  const requests = [];
  const newContext = async (options = {}) => {
    const context = await browser.newContext({ viewport, ...options });
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    return context;
  };
  const context = await newContext();
  const page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  return {
    origin,
    browser,
    context,
    page,
    requests,
    newContext,
    async close() {
      await browser.close().catch(() => {});
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Load the demo (optionally ?lang=xx) and wait until the checker is ready. */
export async function openDemo(page, origin, query = '') {
  await page.goto(`${origin}/${query}`);
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.documentElement.dataset.state));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'ready', await page.textContent('#start-error'));
}

export const focusIs = (page, id) => page.waitForFunction((want) => document.activeElement?.id === want, id);

/** A temporary copy of schemas/ for a modified bundle; `pack()` writes it as a packed bundle file. */
export function bundleCopy() {
  assert.ok(existsSync(CLI), `${CLI} is missing: run cargo build -p a6check-cli first`);
  const dir = mkdtempSync(join(tmpdir(), 'a6check-bundle-'));
  const schemas = join(dir, 'schemas');
  cpSync(join(ROOT, 'schemas'), schemas, { recursive: true, filter: (src) => !/[\\/](examples|fixtures)([\\/]|$)/.test(src.slice(ROOT.length)) });
  const json = (file) => JSON.parse(readFileSync(join(schemas, file), 'utf8'));
  const write = (file, value) => {
    mkdirSync(join(schemas, file, '..'), { recursive: true });
    writeFileSync(join(schemas, file), `${JSON.stringify(value, null, 2)}\n`);
  };
  return {
    dir,
    json,
    write,
    pack(name = 'bundle.json') {
      const out = join(dir, name);
      const packed = spawnSync(CLI, ['bundle', 'pack', schemas, '-o', out], { encoding: 'utf8' });
      assert.equal(packed.status, 0, `bundle pack: ${packed.stderr}`);
      return out;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Realistic answers for a valid authorization, except the cooperative approach ID. */
export const ANSWERS = {
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
export const SELECTS = { 'f-metric': 'GHG', 'f-purposes': 'NDC' };
export const ENTITY = {
  'f-authorizedEntities-0-name': 'Foundation for Climate Protection and Carbon Offset KliK',
  'f-authorizedEntities-0-countryOfIncorporation': 'CHE',
  'f-authorizedEntities-0-identificationNumber': 'CHE-000.000.001',
};
export const CHECKED = ['Energy generation', 'Energy Efficiency households', 'CO2', 'CH4'];

export const checkbox = (page, label) =>
  page.locator('#authorization-form .checkboxes__item').filter({ has: page.getByText(label, { exact: true }) }).locator('input');

/** Fill the authorization form with ANSWERS (one bad value: the cooperative approach ID) and one entity. */
export async function fillAuthorization(page, changes = {}) {
  for (const [id, value] of Object.entries({ ...ANSWERS, ...changes })) await page.fill(`#${id}`, value);
  for (const [id, value] of Object.entries(SELECTS)) await page.selectOption(`#${id}`, value);
  for (const label of CHECKED) await checkbox(page, label).check();
  if (!(await page.locator('#f-authorizedEntities-0').count())) await page.click('#add-entity');
  for (const [id, value] of Object.entries(ENTITY)) await page.fill(`#${id}`, value);
}

/**
 * Run axe-core (node_modules/axe-core) on the page; returns its violations as short strings.
 * The page's CSP allows no inline script, so axe is not added as a <script>: its source is
 * evaluated through the DevTools protocol (page.evaluate), which CSP does not apply to, and
 * the page's own CSP stays on (no bypassCSP).
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`);
}

/** Drop a file (name, JSON or other text) on the drop zone of input #inputId, as a user dragging it would. */
export async function dropFile(page, inputId, name, text) {
  await page.evaluate(([id, fileName, content]) => {
    const data = new DataTransfer();
    data.items.add(new File([content], fileName, { type: 'application/json' }));
    const zone = document.querySelector(`.drop-zone[data-input="${id}"]`);
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [inputId, name, text]);
}
