// The npm package a6check (scripts/build-npm.sh → target/npm): `npm pack`, installed OFFLINE
// from the tarball into (a) a plain-ESM page that serves the .wasm from its own path and (b) a
// Vite app built with the root's vite; both validate documents in headless Chromium under the
// demo's CSP, on the page and in the package's Web Worker. Also type-checks a TypeScript
// consumer against the hand-written declarations. Needs www/pkg (scripts/build-wasm.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, CSP, serveDir, launchBrowser } from './embedding-support.mjs';

const WORK = join(ROOT, 'target/npm-test');
const GOOD = readFileSync(join(ROOT, 'schemas/examples/authorization/ghana-ndc.json'), 'utf8');
const BAD = GOOD.replace('"CA0009"', '"CA12"');
let tarball;
let browser;

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A throwaway app directory with the tarball installed offline. */
function app(name, files, pkg = {}) {
  const dir = join(WORK, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `a6check-${name}-app`, private: true, ...pkg }, null, 2));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], dir, { npm_config_offline: 'true' });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The page script both apps run: results into #out as JSON, then data-state="done". */
const appScript = (imports, initCall) => `${imports}
const out = {};
try {
  ${initCall}
  out.version = version();
  const bad = check('authorization', ${JSON.stringify(BAD)});
  out.bad = bad;
  out.good = check('authorization', ${JSON.stringify(GOOD)}, { lang: 'en', mode: 'submit' });
  out.forms = new Checker().forms().map((f) => f.key);
  const worker = new A6Worker(${initCall.includes('static') ? "{ wasm: new URL('./static/a6check.wasm', location.href) }" : ''});
  const stages = [];
  out.worker = await worker.check({ form: 'authorization', text: ${JSON.stringify(BAD)}, onProgress: (p) => stages.push(p.stage) });
  out.workerStages = stages;
  worker.terminate();
} catch (e) {
  out.error = String(e && e.stack || e);
}
document.getElementById('out').textContent = JSON.stringify(out);
document.documentElement.dataset.state = 'done';
`;

const html = (script) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${CSP}">
  <title>a6check package test</title>
  <script type="module" src="${script}"></script>
</head>
<body><pre id="out"></pre></body>
</html>
`;

async function runPage(origin, path = '/') {
  const page = await browser.context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${origin}${path}`);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'done', null, { timeout: 30_000 });
  const out = JSON.parse(await page.textContent('#out'));
  const csp = await page.evaluate(() => window.__cspViolations);
  await page.close();
  return { out, requests, csp };
}

function assertResults(out) {
  assert.equal(out.error, undefined, out.error);
  assert.match(out.version, /^\d+\.\d+\.\d+/);
  assert.equal(out.bad.valid, false);
  assert.deepEqual(out.bad.findings.map((f) => [f.code, f.pointer, f.args.field]), [['format', '/cooperativeApproachId', 'Cooperative approach ID']]);
  assert.deepEqual(out.good, { valid: true, findings: [] });
  assert.ok(out.forms.includes('authorization') && out.forms.includes('aef'), out.forms.join());
  assert.deepEqual(out.worker, out.bad, 'the worker gives the same findings');
  // Stages in order, each reported one or more times (parsing and rules report as they go).
  assert.deepEqual(out.workerStages.filter((s, i, all) => s !== all[i - 1]), ['parse', 'schema', 'rules', 'messages', 'done']);
  assert.ok(out.workerStages.filter((s) => s === 'rules').length > 5, out.workerStages.join());
}

before(async () => {
  assert.ok(existsSync(join(ROOT, 'www/pkg/a6check.js')), 'www/pkg is missing: run scripts/build-wasm.sh');
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  run('bash', [join(ROOT, 'scripts/build-npm.sh')], ROOT);
  const name = run('npm', ['pack', '--pack-destination', WORK, '--loglevel=error'], join(ROOT, 'target/npm')).trim().split('\n').at(-1);
  tarball = join(WORK, name);
  assert.ok(existsSync(tarball), tarball);
  browser = await launchBrowser();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
});

test('the tarball: package.json, files, no dependencies', (t) => {
  const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(list, [
    'package/README.md', 'package/a6-form-check.d.ts', 'package/a6-form-check.js', 'package/a6check.js', 'package/a6check_bg.wasm',
    'package/index.d.ts', 'package/index.js', 'package/package.json', 'package/rjsf.d.ts', 'package/rjsf.js',
    'package/worker.d.ts', 'package/worker.js',
  ]);
  const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  assert.equal(pkg.name, 'a6check');
  assert.equal(pkg.version, /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/.exec(cargo)[1]);
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.license, 'Apache-2.0');
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', import: './index.js', default: './index.js' }, 'default: require() in Node');
  for (const key of ['./a6check_bg.wasm', './worker', './a6-form-check', './rjsf']) assert.ok(pkg.exports[key], key);
  assert.ok(pkg.files.includes('a6check_bg.wasm'));
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.peerDependencies, undefined);
  // Only the custom-element module has an import side effect (it defines <a6-form-check>).
  assert.deepEqual(pkg.sideEffects, ['./a6-form-check.js']);
  for (const f of ['worker.js', 'a6-form-check.js']) {
    const text = execFileSync('tar', ['-xzOf', tarball, `package/${f}`], { encoding: 'utf8' });
    assert.ok(!text.includes('./pkg/'), `${f} imports the package's own glue`);
  }
  const size = statSync(tarball).size;
  const wasm = statSync(join(ROOT, 'target/npm/a6check_bg.wasm')).size;
  t.diagnostic(`tarball ${(size / 1e6).toFixed(2)} MB, a6check_bg.wasm ${(wasm / 1e6).toFixed(2)} MB`);
});

test('Node: initSync from the .wasm file\'s bytes, by import and by require', () => {
  const dir = app('node', {
    'esm.mjs': `import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, check, Checker } from 'a6check';
initSync(readFileSync(fileURLToPath(import.meta.resolve('a6check/a6check_bg.wasm'))));
const out = new Checker().validate('authorization', '{}', { lang: 'fr' });
console.log(JSON.stringify({ proto: Object.getPrototypeOf(out) === Object.prototype, valid: out.valid, first: out.findings[0].message, bad: check('authorization', ${JSON.stringify(BAD)}).findings.map((f) => f.code) }));
`,
    'cjs.cjs': `const { readFileSync } = require('node:fs');
const { initSync, validate } = require('a6check');
initSync(readFileSync(require.resolve('a6check/a6check_bg.wasm')));
console.log(JSON.stringify(validate('authorization', ${JSON.stringify(BAD)}).findings.map((f) => f.code)));
`,
  });
  const esm = JSON.parse(run(process.execPath, ['esm.mjs'], dir));
  assert.equal(esm.proto, true, 'a plain object');
  assert.equal(esm.valid, false);
  assert.match(esm.first, /[«»]|est|doit/, `French: ${esm.first}`);
  assert.deepEqual(esm.bad, ['format']);
  assert.deepEqual(JSON.parse(run(process.execPath, ['cjs.cjs'], dir)), ['format']);
});

test('plain ESM page: relative import from node_modules, the .wasm served from its own path', async () => {
  const dir = app('plain', {
    'index.html': html('./app.js'),
    'app.js': appScript(
      "import { init, check, Checker, version } from './node_modules/a6check/index.js';\nimport { A6Worker } from './node_modules/a6check/worker.js';",
      "await init(new URL('./static/a6check.wasm', location.href));",
    ),
  });
  mkdirSync(join(dir, 'static'), { recursive: true });
  copyFileSync(join(dir, 'node_modules/a6check/a6check_bg.wasm'), join(dir, 'static/a6check.wasm'));
  const server = await serveDir(dir);
  try {
    const { out, requests, csp } = await runPage(server.origin);
    assertResults(out);
    assert.deepEqual(csp, []);
    assert.ok(requests.includes('/static/a6check.wasm'), requests.join(' '));
    assert.ok(!requests.includes('/node_modules/a6check/a6check_bg.wasm'), 'the default .wasm path was not used');
  } finally {
    await server.close();
  }
});

test('Vite app: built offline with the root vite, bare imports, the .wasm emitted as an asset', async (t) => {
  const dir = app('vite', {
    'index.html': html('/main.js'),
    'main.js': appScript(
      "import { init, check, Checker, version } from 'a6check';\nimport { A6Worker } from 'a6check/worker';",
      'await init();',
    ),
    // Vite's defaults otherwise (the worker is bundled in its default IIFE format).
    'vite.config.mjs': 'export default { logLevel: "warn", build: { chunkSizeWarningLimit: 5000 } };\n',
  }, { type: 'module' });
  const started = Date.now();
  run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], dir, { npm_config_offline: 'true' });
  t.diagnostic(`vite build ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const assets = readdirSync(join(dir, 'dist/assets'));
  assert.ok(assets.some((f) => /^a6check_bg-.*\.wasm$/.test(f)), assets.join(' '));
  const server = await serveDir(join(dir, 'dist'));
  try {
    const { out, requests, csp } = await runPage(server.origin);
    assertResults(out);
    assert.deepEqual(csp, []);
    assert.ok(requests.some((p) => /^\/assets\/a6check_bg-.*\.wasm$/.test(p)), requests.join(' '));
  } finally {
    await server.close();
  }
});

test('TypeScript: a consumer type-checks against the hand-written declarations', () => {
  const dir = join(WORK, 'vite');
  writeFileSync(join(dir, 'consumer.ts'), `
import { init, check, Checker, SchemaValidator, validate, version, isInitialized, type Findings, type Finding, type Options, type A6checkError, type SchemaError } from 'a6check';
import { A6Worker, type WorkerProgress } from 'a6check/worker';
import { createValidator, pointerToProperty, type ValidationData } from 'a6check/rjsf';
import { A6FormCheck } from 'a6check/a6-form-check';

export async function main(bytes: Uint8Array, file: File): Promise<string[]> {
  await init(bytes);
  await init('/static/a6check_bg.wasm');
  const options: Options = { lang: 'en', mode: 'draft', rules: { 'AEF-X-15': 'off' }, context: { priorSubmissions: [] } };
  const result: Findings = check('authorization', '{}', options);
  const first: Finding | undefined = result.findings[0];
  const checker = new Checker();
  const progressed: Findings = checker.validateWithProgress('aef', '{}', options, (stage, fraction) => { void stage; void fraction; });
  const text: string = checker.validateJson('aef', '{}', JSON.stringify(options)) + progressed.findings.length;
  const titles: string[] = checker.forms('fr').map((f) => f.title).concat(checker.languages().map((l) => l.direction), checker.codeList('purposes'));
  const label: string | undefined = checker.labels('authorization', 'fr')['/metric'];
  const ok: boolean = new SchemaValidator('{"type":"string"}', null, true).isValid('"x"');
  const errors: SchemaError[] = new SchemaValidator({ type: 'string' }).validate('1').errors;
  try { checker.validate('nope', '{}', { lang: 'de-DE' }); } catch (e) { const err = e as A6checkError; void err.code; void err.args; }
  const worker = new A6Worker({ wasm: '/static/a6check_bg.wasm' });
  const viaWorker = await worker.check({ form: 'aef', file, onProgress: (p: WorkerProgress) => p.overall });
  const validator = createValidator({ form: 'authorization' });
  const data: ValidationData = validator.validateFormData({}, {});
  const element = document.querySelector('a6-form-check');
  element?.addEventListener('a6-invalid', (e) => e.detail.findings.length);
  const el2: A6FormCheck | null = element;
  return [first?.pointer ?? '', text, String(ok), String(viaWorker.ms), String(validate('aef', '{}').valid), version(), String(isInitialized()), ...titles, label ?? '', String(errors.length),
    pointerToProperty('/a/0'), String(data.errors.length), el2?.jsonText() ?? checker.bundleVersion];
}
`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false },
    files: ['consumer.ts'],
  }));
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir);
});
