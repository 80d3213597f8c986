#!/usr/bin/env node
// The benchmark driver behind tests/bench/run (see there for usage). Every measurement
// runs in its own process (worker.mjs) or browser context; the table reports medians.
import { spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { aefText, authorizationText } from './gen.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = join(ROOT, 'tests/bench');
const CLI = join(ROOT, 'target/release/a6check');
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SMALL_RUNS = 51; // the authorization form: median of 51 checks (Chromium: 51 batches of SMALL_BATCH)
const SMALL_BATCH = 100;

// ---------------------------------------------------------------- options
const opt = { sizes: [1000, 10000, 100000], browser: true, json: null, keep: false, ajvAsIsMax: 10000 };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--sizes') opt.sizes = process.argv[++i].split(',').map(Number);
  else if (a === '--no-browser') opt.browser = false;
  else if (a === '--json') opt.json = process.argv[++i];
  else if (a === '--keep') opt.keep = true;
  else if (a === '--ajv-as-is-all') opt.ajvAsIsMax = Infinity;
  else if (a === '--build') { /* handled by the shell wrapper */ } else {
    console.error(`bench: unknown argument ${a}`);
    process.exit(2);
  }
}
const runsFor = (n) => (n >= 100000 ? 3 : 5);
const log = (...m) => console.error('bench:', ...m);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------- set-up
for (const [what, path] of [['release CLI', CLI], ['Wasm (node)', join(ROOT, 'target/wasm/node/a6check.js')], ['Wasm (web)', join(ROOT, 'www/pkg/a6check.js')]]) {
  if (!existsSync(path)) {
    console.error(`bench: ${what} missing (${path}); run tests/bench/run --build`);
    process.exit(2);
  }
}
const tmp = mkdtempSync(join(tmpdir(), 'a6check-bench-'));
const load0 = loadavg();
log(`work directory ${tmp}; load average ${load0.map((x) => x.toFixed(2)).join(' ')}`);
const nodePkg = join(tmp, 'node');
const web = join(tmp, 'web');
cpSync(join(ROOT, 'target/wasm/node'), nodePkg, { recursive: true });
cpSync(join(ROOT, 'www/pkg'), join(web, 'pkg'), { recursive: true });
const cliCopy = join(tmp, 'a6check');
cpSync(CLI, cliCopy);
const wasmBytes = readFileSync(join(web, 'pkg/a6check_bg.wasm'));

// The schema-only bundle: schemas/ with the forms' "rules" entries removed from the manifest.
const schemasCopy = join(tmp, 'schemas-no-rules');
cpSync(join(ROOT, 'schemas'), schemasCopy, { recursive: true, filter: (s) => !/[\\/](examples|fixtures)([\\/]|$)/.test(s.slice(ROOT.length)) });
const manifest = JSON.parse(readFileSync(join(schemasCopy, 'manifest.json'), 'utf8'));
for (const f of Object.values(manifest.forms)) delete f.rules;
writeFileSync(join(schemasCopy, 'manifest.json'), JSON.stringify(manifest, null, 2));
const pack = (dir, out) => {
  const p = spawnSync(cliCopy, ['bundle', 'pack', dir, '-o', out], { encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`bundle pack ${dir}: ${p.stderr}`);
  return out;
};
const noRules = pack(schemasCopy, join(web, 'no-rules.json'));
const defaultPacked = pack(join(ROOT, 'schemas'), join(tmp, 'default.json'));

// Documents.
const docs = {};
const docDir = join(web, 'docs');
mkdirSync(docDir);
for (const n of opt.sizes) {
  const asIs = join(docDir, `aef-${n}.json`);
  const stripped = join(docDir, `aef-${n}-stripped.json`);
  writeFileSync(asIs, aefText({ rows: n }));
  writeFileSync(stripped, aefText({ rows: n, stripped: true }));
  docs[n] = { asIs, stripped, bytes: statSync(asIs).size, strippedBytes: statSync(stripped).size };
  log(`generated ${n} rows: ${(docs[n].bytes / 1e6).toFixed(1)} MB (${(docs[n].strippedBytes / 1e6).toFixed(1)} MB without NA)`);
}
const authDoc = join(docDir, 'authorization.json');
writeFileSync(authDoc, authorizationText());
const emptyDoc = join(docDir, 'empty.json');
writeFileSync(emptyDoc, '{}');

// ---------------------------------------------------------------- node workers
function worker(mode, args) {
  const p = spawnSync(process.execPath, [join(HERE, 'worker.mjs'), mode, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: ROOT });
  if (p.status !== 0) throw new Error(`worker ${mode} ${args.join(' ')}: ${p.stderr}`);
  return JSON.parse(p.stdout.trim().split('\n').pop());
}
/** Warm-up: the same document 3 times up to 10k rows; the 10k (or largest smaller) document twice above. */
function warmupFor(n, file) {
  const smaller = opt.sizes.filter((s) => s < n && s <= 10000);
  if (n <= 10000 || smaller.length === 0) return { warmup: file, warmupRuns: 3 };
  return { warmup: docs[Math.max(...smaller)][file === docs[n].stripped ? 'stripped' : 'asIs'], warmupRuns: 2 };
}
function wasmRun(n, { bundle, form = 'aef', doc = docs[n].asIs, runs = runsFor(n) } = {}) {
  const w = warmupFor(n, doc);
  const args = ['--pkg', nodePkg, '--form', form, '--doc', doc, '--runs', String(runs), '--warmup', w.warmup, '--warmupRuns', String(w.warmupRuns)];
  if (bundle) args.push('--bundle', bundle);
  return worker('wasm', args);
}
function ajvRun(n, { doc, form = 'aef', runs = runsFor(n) }) {
  const w = warmupFor(n, doc);
  // On the text as is ajv takes seconds per run (quadratic in its errors): warm up once.
  if (doc === docs[n].asIs) w.warmupRuns = 1;
  return worker('ajv', ['--schemas', join(ROOT, 'schemas'), '--form', form, '--doc', doc, '--runs', String(runs), '--warmup', w.warmup, '--warmupRuns', String(w.warmupRuns)]);
}

/**
 * The CLI under /usr/bin/time: wall time (ms, spawn to exit, measured here), CPU time
 * (user + system) and maximum RSS of each run.
 */
function cliRun(doc, { form = 'aef', runs, bundle } = {}) {
  const args = ['validate', '--form', form, ...(bundle ? ['--bundle', bundle] : []), doc];
  const times = [];
  const cpuMs = [];
  let findings = null;
  let maxRss = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const p = spawnSync('/usr/bin/time', ['-f', 'A6TIME %U %S %M', cliCopy, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(performance.now() - t0);
    const m = /A6TIME ([\d.]+) ([\d.]+) (\d+)/.exec(p.stderr);
    if ((p.status !== 0 && p.status !== 1) || !m) throw new Error(`a6check ${args.join(' ')}: ${p.stderr}`);
    cpuMs.push((Number(m[1]) + Number(m[2])) * 1000);
    maxRss = Math.max(maxRss, Number(m[3]) * 1024);
    findings = JSON.parse(p.stdout).findings.length;
  }
  return { times, cpuMs, findings, maxRss };
}

const R = { sizes: {}, startup: {}, small: {}, memory: {}, machine: {} };
const S0 = (n) => R.sizes[n];
R.machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model,
  memGiB: totalmem() / 2 ** 30,
  node: process.version,
};

for (const n of opt.sizes) {
  const s = (R.sizes[n] = { bytes: docs[n].bytes });
  log(`${n} rows: Wasm (node) full`);
  s.wasmFull = wasmRun(n);
  log(`${n} rows: Wasm (node) schema only`);
  s.wasmSchema = wasmRun(n, { bundle: noRules });
  if (n <= opt.ajvAsIsMax) {
    log(`${n} rows: ajv (text as is)`);
    s.ajv = ajvRun(n, { doc: docs[n].asIs });
  }
  log(`${n} rows: ajv (NA removed)`);
  s.ajvStripped = ajvRun(n, { doc: docs[n].stripped });
  log(`${n} rows: JSON.parse`);
  s.parse = worker('parse', ['--doc', docs[n].asIs, '--runs', String(Math.max(5, runsFor(n)))]);
  log(`${n} rows: one row where it sits (validateAt; ajv on the row subschema)`);
  s.atWasm = worker('wasm-at', ['--pkg', nodePkg, '--doc', docs[n].asIs, '--runs', '21']);
  s.atAjv = worker('ajv-at', ['--schemas', join(ROOT, 'schemas'), '--doc', docs[n].asIs, '--runs', '21']);
  log(`${n} rows: native CLI`);
  s.cli = cliRun(docs[n].asIs, { runs: runsFor(n) });
  s.cliSchema = cliRun(docs[n].asIs, { runs: runsFor(n), bundle: noRules });
}

log('start-up (node, 5 fresh processes each)');
R.startup.wasm = Array.from({ length: 5 }, () => worker('wasm-startup', ['--pkg', nodePkg]));
R.startup.ajv = Array.from({ length: 5 }, () => worker('ajv-startup', ['--schemas', join(ROOT, 'schemas')]));
R.startup.cli = cliRun(emptyDoc, { runs: 5 });
log('authorization form (one small form)');
// One check takes well under a millisecond: node times each (µs resolution); Chromium's
// performance.now() is coarsened to 100 µs, so there each sample is a batch of SMALL_BATCH.
R.small.wasm = worker('wasm', ['--pkg', nodePkg, '--form', 'authorization', '--doc', authDoc, '--runs', String(SMALL_RUNS), '--warmup', authDoc, '--warmupRuns', '50']);
R.small.ajv = worker('ajv', ['--schemas', join(ROOT, 'schemas'), '--form', 'authorization', '--doc', authDoc, '--runs', String(SMALL_RUNS), '--warmup', authDoc, '--warmupRuns', '50']);
R.small.cli = cliRun(authDoc, { form: 'authorization', runs: 5 });
const big = Math.max(...opt.sizes);
R.memory.size = big;
R.memory.cli = S0(big).cli.maxRss;

// ---------------------------------------------------------------- Chromium
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
async function browserBench() {
  writeFileSync(join(web, 'index.html'), `<!doctype html><meta charset="utf-8"><title>a6check bench</title>
<script type="module">
import init, { Checker } from './pkg/a6check.js';
window.bench = { init, Checker, docs: {} };
window.benchReady = true;
</script>`);
  const server = createServer((req, res) => {
    const path = join(web, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!path.startsWith(web) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(path).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: LAUNCH_ARGS });
  const B = { sizes: {}, startup: [], version: browser.version() };
  try {
    const open = async (context) => {
      const page = await context.newPage();
      await page.goto(`${origin}/index.html`);
      await page.waitForFunction(() => window.benchReady === true);
      return page;
    };
    // Start-up: a fresh context each time (empty HTTP and code caches: a first visit).
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext();
      const page = await open(context);
      B.startup.push(await page.evaluate(async () => {
        const t0 = performance.now();
        await window.bench.init();
        const t1 = performance.now();
        window.bench.checker = new window.bench.Checker();
        const t2 = performance.now();
        return { instantiateMs: t1 - t0, checkerMs: t2 - t1 };
      }));
      await context.close();
    }
    const context = await browser.newContext();
    const page = await open(context);
    await page.evaluate(async () => {
      const b = window.bench;
      b.wasm = await b.init();
      b.full = new b.Checker();
      b.schemaOnly = new b.Checker(await (await fetch('no-rules.json')).text());
    });
    const timed = (args) => page.evaluate(({ which, n, warmup, warmupRuns, runs, form, batch = 1 }) => {
      const b = window.bench;
      const checker = b[which];
      const warmupTimes = [];
      for (let i = 0; i < warmupRuns; i++) {
        const t0 = performance.now();
        checker.validate(form, b.docs[warmup], null);
        warmupTimes.push(performance.now() - t0);
      }
      const times = [];
      let out;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        for (let k = 0; k < batch; k++) out = checker.validate(form, b.docs[n], null);
        times.push((performance.now() - t0) / batch);
      }
      return { times, warmupTimes, findings: JSON.parse(out).findings.length, wasmMemory: b.wasm.memory.buffer.byteLength };
    }, { form: 'aef', ...args });
    for (const n of opt.sizes) {
      await page.evaluate(async ({ n, url }) => {
        window.bench.docs[n] = await (await fetch(url)).text();
      }, { n, url: `docs/aef-${n}.json` });
      const smaller = opt.sizes.filter((s) => s < n && s <= 10000);
      const warm = n <= 10000 || !smaller.length ? { warmup: n, warmupRuns: 3 } : { warmup: Math.max(...smaller), warmupRuns: 2 };
      log(`${n} rows: Chromium full, schema only, JSON.parse`);
      const s = (B.sizes[n] = {});
      s.wasmFull = await timed({ which: 'full', n, runs: runsFor(n), ...warm });
      s.wasmSchema = await timed({ which: 'schemaOnly', n, runs: runsFor(n), ...warm });
      s.parse = await page.evaluate(({ n, runs }) => {
        const text = window.bench.docs[n];
        JSON.parse(text);
        const times = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          JSON.parse(text);
          times.push(performance.now() - t0);
        }
        return { times };
      }, { n, runs: Math.max(5, runsFor(n)) });
    }
    await page.evaluate(async () => {
      window.bench.docs.auth = await (await fetch('docs/authorization.json')).text();
    });
    B.small = await timed({ which: 'full', n: 'auth', form: 'authorization', warmup: 'auth', warmupRuns: 50, runs: SMALL_RUNS, batch: SMALL_BATCH });
    B.wasmMemoryAfterAll = await page.evaluate(() => window.bench.wasm.memory.buffer.byteLength);
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }
  return B;
}
if (opt.browser) {
  log('Chromium');
  R.browser = await browserBench();
}

// ---------------------------------------------------------------- the table
const load1 = loadavg();
R.load = { start: load0, end: load1 };
// GNU gzip -9, as tests/size/run measures (node's zlib at level 9 gives ~2% more).
const gz = (file) => spawnSync('gzip', ['-9', '-c', file], { maxBuffer: 1 << 26 }).stdout.length;
R.wasm = { raw: wasmBytes.length, gzip: gz(join(web, 'pkg/a6check_bg.wasm')), bundle: statSync(defaultPacked).size, bundleGzip: gz(defaultPacked) };

const med = (r) => (r && r.times ? median(r.times) : null);
const ms = (x) => (x == null || !Number.isFinite(x) ? '—' : x >= 100 ? `${Math.round(x).toLocaleString('en-US')} ms` : x >= 1 ? `${x.toFixed(1)} ms` : `${Math.round(x * 1000)} µs`);
const mb = (b) => (b == null ? '—' : `${(b / 2 ** 20).toFixed(0)} MiB`);
const mark = (x, limit) => (x == null || limit == null ? '' : x <= limit ? ' ✓' : ' ✗');
const cols = opt.sizes;
const scaling = cols.includes(10000) && cols.includes(100000);
const rows = [];
const header = ['measurement', ...cols.map((n) => `${n.toLocaleString('en-US')} rows`), ...(scaling ? ['100k ÷ 10k'] : [])];
const width = header.length;
const S = (n) => R.sizes[n];
const BS = (n) => R.browser?.sizes[n];
const cliStart = median(R.startup.cli.times);
const cliNet = (n) => Math.max(0, med(S(n).cli) - cliStart);
const cliSchemaNet = (n) => Math.max(0, med(S(n).cliSchema) - cliStart);
const cliCpu = (n) => median(S(n).cli.cpuMs);
const row = (cells) => rows.push([...cells, ...Array(width).fill('')].slice(0, width));
/** A time per size, with the 100k ÷ 10k scaling (checked against `limit`). */
function timeRow(label, get, { limit = null, note = () => null } = {}) {
  const cells = cols.map((n) => note(n) ?? ms(get(n)));
  const [hi, lo] = scaling ? [get(100000), get(10000)] : [null, null];
  const r = hi != null && lo != null ? hi / lo : null;
  row([label, ...cells, r == null || !Number.isFinite(r) ? '—' : `${r.toFixed(1)}×${mark(r, limit)}`]);
}
/** a ÷ b per size, checked against `limit` from `from` rows on. */
function ratioRow(label, a, b, limit = null, from = 0) {
  row([label, ...cols.map((n) => {
    const x = a(n);
    const y = b(n);
    if (x == null || y == null || !Number.isFinite(x / y)) return '—';
    return `${(x / y).toFixed(2)}×${n >= from ? mark(x / y, limit) : ''}`;
  })]);
}
// ajv on the text as is is quadratic in its error count (every failing $ref concatenates
// the error array): above 10,000 rows it is extrapolated, not run, unless --ajv-as-is-all.
const ajvAsIs = (n) => {
  if (S(n).ajv) return med(S(n).ajv);
  const known = cols.filter((m) => m < n && S(m).ajv);
  if (known.length < 2) return null;
  const [a, b] = known.slice(-2);
  const k = Math.log(med(S(b).ajv) / med(S(a).ajv)) / Math.log(b / a);
  return med(S(b).ajv) * (n / b) ** k;
};
const ajvNote = (n) => (S(n).ajv ? null : ajvAsIs(n) ? `not run (quadratic): ≈ ${(ajvAsIs(n) / 60000).toFixed(0)} min extrapolated` : 'not run');

row(['document (text as is / NA removed)', ...cols.map((n) => `${(docs[n].bytes / 1e6).toFixed(1)} / ${(docs[n].strippedBytes / 1e6).toFixed(1)} MB`)]);
row(['findings: a6check full / schema only; ajv errors as is / NA removed', ...cols.map((n) => `${S(n).wasmFull.findings} / ${S(n).wasmSchema.findings}; ${S(n).ajv ? S(n).ajv.findings.toLocaleString('en-US') : '—'} / ${S(n).ajvStripped.findings}`)]);
timeRow('**a6check Wasm, node: full check**', (n) => med(S(n).wasmFull), { limit: 12 });
timeRow('a6check Wasm, node: schema only (bundle without rules)', (n) => med(S(n).wasmSchema));
// The first check of a document this size: up to 10,000 rows the first after new Checker()
// (code not yet optimised); above, the first after the 10,000-row warm-up (Wasm memory not
// yet grown to the size this document needs).
const first = (r, n) => (n <= 10000 ? r.warmupTimes[0] : r.times[0]);
timeRow('a6check Wasm, node: full, first check of this size', (n) => first(S(n).wasmFull, n));
if (R.browser) {
  timeRow('**a6check Wasm, Chromium: full check**', (n) => med(BS(n).wasmFull), { limit: 12 });
  timeRow('a6check Wasm, Chromium: full, first check of this size', (n) => first(BS(n).wasmFull, n));
  timeRow('a6check Wasm, Chromium: schema only', (n) => med(BS(n).wasmSchema));
}
timeRow('ajv 8 (JSON.parse + validate), text as is', ajvAsIs, { note: ajvNote });
timeRow('ajv 8 (JSON.parse + validate), NA removed', (n) => med(S(n).ajvStripped));
timeRow('a6check native CLI: wall time, full', (n) => med(S(n).cli));
timeRow('a6check native CLI: full − start-up', cliNet);
timeRow('a6check native CLI: CPU time (user + sys), full', cliCpu);
timeRow('a6check native CLI: schema only − start-up', cliSchemaNet);
timeRow('JSON.parse, node', (n) => med(S(n).parse));
if (R.browser) timeRow('JSON.parse, Chromium', (n) => med(BS(n).parse));
timeRow('a6check Wasm, node: one row where it sits (validateAt, the keystroke check) — target: flat', (n) => med(S(n).atWasm), { limit: 2 });
timeRow('ajv 8: the same row on the row subschema (JSON.parse + validate)', (n) => med(S(n).atAjv));
ratioRow('Wasm full (node) ÷ ajv as is — target ≤ 1.0 at 10k, 100k', (n) => med(S(n).wasmFull), ajvAsIs, 1, 10000);
ratioRow('Wasm full (node) ÷ ajv NA removed', (n) => med(S(n).wasmFull), (n) => med(S(n).ajvStripped), 1, 10000);
ratioRow('Wasm schema only (node) ÷ ajv NA removed', (n) => med(S(n).wasmSchema), (n) => med(S(n).ajvStripped), 1, 10000);
ratioRow('Wasm full (node) ÷ JSON.parse (node) — target ≤ 3', (n) => med(S(n).wasmFull), (n) => med(S(n).parse), 3);
if (R.browser) ratioRow('Wasm full (Chromium) ÷ JSON.parse (Chromium) — target ≤ 3', (n) => med(BS(n).wasmFull), (n) => med(BS(n).parse), 3);
ratioRow('Wasm full (node) ÷ native full − start-up — target ≤ 2', (n) => med(S(n).wasmFull), cliNet, 2);
if (R.browser) ratioRow('Wasm full (Chromium) ÷ native full − start-up', (n) => med(BS(n).wasmFull), cliNet, 2);
ratioRow('Wasm schema only (node) ÷ native schema only − start-up', (n) => med(S(n).wasmSchema), cliSchemaNet);

// Start-up, one small form, memory, size: the size columns are reinterpreted (header row).
row(['**start-up · one small form · memory · size**', 'node', 'Chromium', 'native']);
const wi = median(R.startup.wasm.map((w) => w.instantiateMs));
const wc = median(R.startup.wasm.map((w) => w.checkerMs));
const bi = R.browser ? median(R.browser.startup.map((w) => w.instantiateMs)) : null;
const bc = R.browser ? median(R.browser.startup.map((w) => w.checkerMs)) : null;
const ajc = median(R.startup.ajv.map((w) => w.setupMs + w.compileMs));
const aji = median(R.startup.ajv.map((w) => w.importMs));
row(['Wasm compile + instantiate (node: require(); Chromium: await init(), first visit)', ms(wi), ms(bi), '—']);
row(['new Checker(): compile the default bundle (3 forms with their rules, code lists, 6 catalogs)', ms(wc), ms(bc), '—']);
row(['**Wasm start-up total** — target ≤ ajv compile', `${ms(wi + wc)} = ${((wi + wc) / ajc).toFixed(2)}× ajv${mark((wi + wc) / ajc, 1)}`,
  bi != null ? `${ms(bi + bc)} = ${((bi + bc) / ajc).toFixed(2)}× ajv (node)${mark((bi + bc) / ajc, 1)}` : '—', `${ms(cliStart)} (CLI on {}, wall)`]);
row(['ajv 8: compile the 3 forms + code lists (import ajv + ajv-formats: extra)', `${ms(ajc)} (+ ${ms(aji)})`, '—', '—']);
row(['authorization form, one whole check', `${ms(med(R.small.wasm))} (ajv ${ms(med(R.small.ajv))})`, ms(R.browser ? med(R.browser.small) : null), `${ms(med(R.small.cli))} wall`]);
const bigW = S(big).wasmFull;
row([`memory, ${big.toLocaleString('en-US')} rows, full check`, `RSS ${mb(bigW.rss)} after, ${mb(bigW.peakRss)} peak (ajv NA removed: ${mb(S(big).ajvStripped.peakRss)} peak)`,
  R.browser ? `Wasm memory ${mb(BS(big).wasmFull.wasmMemory)}` : '—', `max RSS ${mb(R.memory.cli)}`]);
row(['www/pkg/a6check_bg.wasm, raw / gzip -9 — target ≤ 600 KB gzip', `${(R.wasm.raw / 1e6).toFixed(2)} MB / ${(R.wasm.gzip / 1e3).toFixed(0)} KB${mark(R.wasm.gzip, 600e3)}`,
  `embedded bundle: ${(R.wasm.bundle / 1e3).toFixed(0)} KB / ${(R.wasm.bundleGzip / 1e3).toFixed(0)} KB gzip`, '']);

const line = (cells) => `| ${cells.join(' | ')} |`;
const table = [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
// Contention check: CPU time ÷ wall time of the native runs (1.0 on an idle machine).
// (below 10,000 rows the 10 ms resolution of /usr/bin/time and the spawn make it meaningless)
const shareCols = cols.filter((n) => n >= 10000);
const share = Math.min(...(shareCols.length ? shareCols : cols).map((n) => median(S(n).cli.cpuMs) / med(S(n).cli)));
const runsNote = cols.map((n) => `${runsFor(n)} at ${n.toLocaleString('en-US')}`).join(', ');
process.stdout.write(`${table}\n\nMedians of ${runsNote} rows, after warm-up (3 runs of the same document up to 10,000 rows; 2 of the 10,000-row one above); `
  + `one process per measurement. node ${process.version}${R.browser ? `, Chromium ${R.browser.version}` : ''}; `
  + `${R.machine.nproc} × ${R.machine.cpu}, ${R.machine.memGiB.toFixed(0)} GiB. Load average ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at end; `
  + `the native CLI got ${(Math.min(1, share) * 100).toFixed(0)}% of a core at worst (CPU ÷ wall).\n`);
if (opt.json) writeFileSync(opt.json, JSON.stringify(R, null, 2));
if (!opt.keep) rmSync(tmp, { recursive: true, force: true });
else log(`kept ${tmp}`);
