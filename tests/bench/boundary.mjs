// The cost of the JS boundary on 10,000 findings: the findings as plain JS objects
// (serde-wasm-bindgen, Checker.validate) against the findings as JSON text
// (Checker.validateJson) with and without the JSON.parse a caller then needs.
//
//   node tests/bench/boundary.mjs [--runs N]     (needs target/wasm/node: scripts/build-wasm.sh)
//
// Prints one line per path (median of N runs, ms) and the boundary's share: the object path
// minus the text path is what serde-wasm-bindgen costs beyond writing JSON text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 15;
const { Checker } = createRequire(import.meta.url)(join(ROOT, 'target/wasm/node/a6check.js'));
const checker = new Checker();

// 5,000 rows with two schema errors each: 10,000 findings (the report's cap) and one more
// that says the list was cut.
const doc = JSON.parse(readFileSync(join(ROOT, 'schemas/examples/aef/ghana-2025-first-transfer.json'), 'utf8'));
const row = { ...doc.t3Actions[0], actionDate: '2025-13-01', actionType: 'First Transfer' };
doc.t3Actions = Array.from({ length: 5000 }, () => ({ ...row }));
const text = JSON.stringify(doc);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The three paths take turns in every round, so a busy machine slows them alike.
const paths = {
  objects: () => checker.validate('aef', text),
  json: () => checker.validateJson('aef', text),
  parsed: () => JSON.parse(checker.validateJson('aef', text)),
};
const times = { objects: [], json: [], parsed: [] };
const outs = {};
for (const fn of Object.values(paths)) fn(); // warm-up
for (let i = 0; i < runs; i++) {
  for (const [name, fn] of Object.entries(paths)) {
    const t = performance.now();
    outs[name] = fn();
    times[name].push(performance.now() - t);
  }
}
const objects = { ms: median(times.objects), out: outs.objects };
const json = { ms: median(times.json), out: outs.json };
const parsed = { ms: median(times.parsed) };
const parseOnly = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  JSON.parse(json.out);
  parseOnly.push(performance.now() - t);
}
const n = objects.out.findings.length;
if (n !== JSON.parse(json.out).findings.length) throw new Error('the two paths disagree');
const fmt = (ms) => ms.toFixed(1).padStart(7);
console.log(`findings: ${n} (node ${process.version}, median of ${runs} runs, validation included)`);
console.log(`objects (validate, serde-wasm-bindgen):   ${fmt(objects.ms)} ms`);
console.log(`JSON text (validateJson):                 ${fmt(json.ms)} ms`);
console.log(`JSON text + JSON.parse:                   ${fmt(parsed.ms)} ms`);
console.log(`JSON.parse alone (${(json.out.length / 1e6).toFixed(2)} MB of findings text): ${fmt(median(parseOnly))} ms`);
console.log(`boundary: objects - text = ${(objects.ms - json.ms).toFixed(1)} ms; objects - (text + parse) = ${(objects.ms - parsed.ms).toFixed(1)} ms`);
