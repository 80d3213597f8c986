#!/usr/bin/env node
// Summarise a V8 CPU profile (node --cpu-prof) of the Wasm engine: top functions by self
// time and by inclusive time, and optionally where the time under one function goes.
//
//   node tests/bench/prof-top.mjs FILE.cpuprofile [--top 30] [--under validate_with_progress]
//
// Wasm function names need a module that still has its name section: wasm-bindgen keeps
// it, wasm-opt drops it unless given -g (see BENCHMARKS.md, "Profiles").
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
if (!file) {
  console.error('usage: prof-top.mjs FILE.cpuprofile [--top N] [--under FUNCTION]');
  process.exit(2);
}
const top = Number(opt('top', 30));
const under = opt('under', null);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const clean = (s) => s.replace(/::h[0-9a-f]{16}/g, '').replace(/\[[0-9a-f]{16}\]/g, '');
const name = (id) => clean(nodes.get(id).callFrame.functionName || `(${nodes.get(id).callFrame.url.split('/').pop()})`);
const hits = new Map();
prof.samples.forEach((s, i) => hits.set(s, (hits.get(s) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
const self = new Map();
const incl = new Map();
const below = new Map();
let total = 0;
let underTotal = 0;
for (const [id, t] of hits) {
  total += t;
  add(self, name(id), t);
  const path = [];
  for (let j = id; j !== undefined; j = parent.get(j)) path.unshift(j);
  const seen = new Set();
  for (const j of path) {
    const n = name(j);
    if (!seen.has(n)) add(incl, n, t);
    seen.add(n);
  }
  if (under) {
    const k = path.findIndex((j) => name(j).includes(under));
    if (k >= 0) {
      underTotal += t;
      add(below, k + 1 < path.length ? name(path[k + 1]) : '(self)', t);
    }
  }
}
const show = (title, m, base) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(v / 1000).toFixed(1).padStart(9)} ms ${((100 * v) / base).toFixed(1).padStart(5)}%  ${k.slice(0, 150)}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
show('self time', self, total);
show('inclusive time', incl, total);
if (under) show(`under ${under} (${(underTotal / 1000).toFixed(0)} ms), by direct callee`, below, underTotal);
