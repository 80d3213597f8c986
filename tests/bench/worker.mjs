#!/usr/bin/env node
// One benchmark measurement in a fresh node process (so that memory, JIT and Wasm tier-up
// of one engine never leak into another's numbers). Driven by tests/bench/run.mjs; prints
// one JSON object on standard output.
//
//   node worker.mjs wasm  --pkg DIR [--bundle FILE] --form F --doc FILE --runs N [--batch B] [--warmup FILE --warmupRuns K] [--opts JSON]
//   node worker.mjs ajv   --schemas DIR --form F --doc FILE --runs N [--batch B] [--warmup FILE --warmupRuns K]
//   node worker.mjs parse --doc FILE --runs N
//   node worker.mjs wasm-startup --pkg DIR        (require = read + compile + instantiate; new Checker())
//   node worker.mjs ajv-startup --schemas DIR      (import ajv + ajv-formats; compile every form)
//
// Times are milliseconds from performance.now(). Wasm: Checker.validate(form, text, opts),
// text already in memory (the result JSON string is returned, not parsed). ajv: JSON.parse
// of the same text + validate (allErrors). `rss` is process.memoryUsage().rss after the
// last run, `peakRss` the process's high-water mark (VmHWM), both in bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const BASE = 'https://bundle.a6check.invalid/';
const require = createRequire(import.meta.url);

function args(argv) {
  const o = { runs: 5, opts: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    o[k] = argv[++i];
  }
  o.runs = Number(o.runs);
  return o;
}

const peakRss = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : null;
};

/** `runs` samples of `batch` calls each; each time is per call. */
function timeRuns(runs, fn, batch = 1) {
  const times = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    for (let k = 0; k < batch; k++) out = fn();
    times.push((performance.now() - t0) / batch);
  }
  return { times, out };
}

/** An ajv 8 instance for the bundle's JSON Schemas, as a6check registers them. */
export async function makeAjv(schemasDir) {
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: addFormats } = await import('ajv-formats');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // x-a6-finding: any value present where this subschema applies is a finding.
  ajv.addKeyword({ keyword: 'x-a6-finding', validate: () => false });
  // Annotations: tolerated, no assertion.
  for (const keyword of ['x-aef', 'x-a6-message', 'x-a6-source', 'x-a6-date']) ajv.addKeyword({ keyword });
  const manifest = JSON.parse(readFileSync(join(schemasDir, 'manifest.json'), 'utf8'));
  for (const path of manifest.resources) {
    ajv.addSchema(JSON.parse(readFileSync(join(schemasDir, path), 'utf8')), BASE + path);
  }
  const forms = {};
  for (const [key, spec] of Object.entries(manifest.forms)) {
    ajv.addSchema(JSON.parse(readFileSync(join(schemasDir, spec.schema), 'utf8')), BASE + spec.schema);
    forms[key] = BASE + spec.schema;
  }
  return { ajv, forms };
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  const o = args(rest);
  const result = { mode };
  if (mode === 'wasm' || mode === 'wasm-startup') {
    const t0 = performance.now();
    const { Checker } = require(resolve(o.pkg, 'a6check.js'));
    const t1 = performance.now();
    const bundle = o.bundle ? readFileSync(o.bundle, 'utf8') : undefined;
    const t2 = performance.now();
    const checker = bundle ? new Checker(bundle) : new Checker();
    const t3 = performance.now();
    result.instantiateMs = t1 - t0;
    result.checkerMs = t3 - t2;
    if (mode === 'wasm') {
      const text = readFileSync(o.doc, 'utf8');
      const warm = o.warmup ? readFileSync(o.warmup, 'utf8') : null;
      result.warmupTimes = warm ? timeRuns(Number(o.warmupRuns ?? 1), () => checker.validate(o.form, warm, o.opts)).times : [];
      const { times, out } = timeRuns(o.runs, () => checker.validate(o.form, text, o.opts), Number(o.batch ?? 1));
      const report = JSON.parse(out);
      Object.assign(result, { times, findings: report.findings.length, valid: report.valid });
    }
  } else if (mode === 'wasm-at' || mode === 'ajv-at') {
    // The keystroke check: one Table 3 row from the middle of the document, checked where
    // it sits (a6check validateAt; ajv: the row subschema by JSON Pointer fragment).
    const doc = JSON.parse(readFileSync(o.doc, 'utf8'));
    const i = Math.floor(doc.t3Actions.length / 2);
    const rowText = JSON.stringify(doc.t3Actions[i]);
    const pointer = `/t3Actions/${i}`;
    let fn;
    if (mode === 'wasm-at') {
      const { Checker } = require(resolve(o.pkg, 'a6check.js'));
      const checker = new Checker();
      fn = () => checker.validateAt('aef', pointer, rowText, o.opts).findings.length;
    } else {
      const { ajv, forms } = await makeAjv(o.schemas);
      const validate = ajv.getSchema(`${forms.aef}#/properties/t3Actions/items`);
      fn = () => (validate(JSON.parse(rowText)) ? 0 : validate.errors.length);
    }
    timeRuns(Number(o.warmupRuns ?? 200), fn);
    const { times, out } = timeRuns(o.runs, fn, Number(o.batch ?? 100));
    Object.assign(result, { times, findings: out, pointer });
  } else if (mode === 'ajv' || mode === 'ajv-startup') {
    const t0 = performance.now();
    await import('ajv/dist/2020.js');
    await import('ajv-formats');
    const t1 = performance.now();
    const { ajv, forms } = await makeAjv(o.schemas);
    const t2 = performance.now();
    if (mode === 'ajv-startup') {
      for (const uri of Object.values(forms)) ajv.getSchema(uri);
    } else {
      ajv.getSchema(forms[o.form]);
    }
    const t3 = performance.now();
    result.importMs = t1 - t0;
    result.setupMs = t2 - t1;
    result.compileMs = t3 - t2;
    if (mode === 'ajv') {
      const validate = ajv.getSchema(forms[o.form]);
      const text = readFileSync(o.doc, 'utf8');
      const warm = o.warmup ? readFileSync(o.warmup, 'utf8') : null;
      result.warmupTimes = warm ? timeRuns(Number(o.warmupRuns ?? 1), () => validate(JSON.parse(warm))).times : [];
      const { times, out } = timeRuns(o.runs, () => {
        const ok = validate(JSON.parse(text));
        return { ok, errors: validate.errors ? validate.errors.length : 0 };
      }, Number(o.batch ?? 1));
      Object.assign(result, { times, findings: out.errors, valid: out.ok });
    }
  } else if (mode === 'parse') {
    const text = readFileSync(o.doc, 'utf8');
    JSON.parse(text);
    const { times } = timeRuns(o.runs, () => JSON.parse(text));
    result.times = times;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  result.rss = process.memoryUsage().rss;
  result.peakRss = peakRss();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
