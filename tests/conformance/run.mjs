#!/usr/bin/env node
// Runs the official JSON-Schema-Test-Suite (draft 2020-12) through a6check's Wasm build
// (the nodejs target in target/wasm/node, class SchemaValidator) and prints Bowtie-like
// results, in the same format as the native runner (`a6check-conformance run`).
//
//   node tests/conformance/run.mjs --suite-json FILE [--pkg DIR] [--verbose]
//
// FILE is written by `a6check-conformance export`: every schema and instance as exact JSON
// text (so big numbers keep their digits — JSON.parse here would round them), the remotes
// as the JSON text of {uri: schema} served from memory at http://localhost:1234/, and the
// skip list already applied (a skipped test carries its justification in `skip`).
// The closing line counts the required tests only; exit status 1 when one fails.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const GROUPS = ["required", "optional", "format"];

function parseArgs(argv) {
  const args = { suiteJson: null, pkg: join(repo, "target/wasm/node"), verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--suite-json") args.suiteJson = resolve(value());
    else if (a === "--pkg") args.pkg = resolve(value());
    else if (a === "--verbose" || a === "-v") args.verbose = true;
    else throw new Error(`unknown argument ${JSON.stringify(a)}\nusage: run.mjs --suite-json FILE [--pkg DIR] [--verbose]`);
  }
  if (!args.suiteJson) throw new Error("--suite-json FILE is required (write it with `a6check-conformance export --out FILE`)");
  return args;
}

const verdict = (v) => (v ? "valid" : "invalid");
const message = (e) => (e && e.message ? e.message : String(e));

function main() {
  const args = parseArgs(process.argv.slice(2));
  const suite = JSON.parse(readFileSync(args.suiteJson, "utf8"));
  const require = createRequire(import.meta.url);
  const { SchemaValidator } = require(join(args.pkg, "a6check.js"));

  const width = Math.max(0, ...suite.files.map((f) => f.name.length));
  const line = (name, c) =>
    `${name.padEnd(width)}  passed ${c.passed}  failed ${c.failed}  skipped ${c.skipped}`;
  const totals = Object.fromEntries(GROUPS.map((g) => [g, { passed: 0, failed: 0, skipped: 0 }]));
  const out = [];

  for (const file of suite.files) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const details = [];
    for (const kase of file.cases) {
      let validator = null;
      let compileError = null;
      try {
        validator = new SchemaValidator(kase.schema, suite.remotes, file.group === "format");
      } catch (e) {
        compileError = message(e);
      }
      for (const t of kase.tests) {
        if (t.skip !== undefined) {
          counts.skipped++;
          continue;
        }
        let why;
        if (validator) {
          try {
            const got = validator.isValid(t.data);
            if (got === t.valid) {
              counts.passed++;
              continue;
            }
            why = `expected ${verdict(t.valid)}, got ${verdict(got)}`;
          } catch (e) {
            why = `expected ${verdict(t.valid)}, isValid threw: ${message(e)}`;
          }
        } else {
          why = `expected ${verdict(t.valid)}, schema did not compile: ${compileError}`;
        }
        counts.failed++;
        details.push(`    FAIL ${kase.description} :: ${t.description}  (${why})`);
      }
      if (validator) validator.free();
    }
    out.push(line(file.name, counts));
    if (file.group === "required" || args.verbose) out.push(...details);
    const tot = totals[file.group];
    tot.passed += counts.passed;
    tot.failed += counts.failed;
    tot.skipped += counts.skipped;
  }

  out.push("");
  const d = suite.dialect;
  const labels = {
    required: `required (${d}/*.json)`,
    optional: `optional (${d}/optional/*.json)`,
    format: `format (${d}/optional/format/*.json)`,
  };
  for (const g of GROUPS) out.push(line(labels[g], totals[g]));
  const rejected = suite.rejectedRemotes || [];
  const served = Object.keys(JSON.parse(suite.remotes)).length;
  out.push(`remotes: ${served} registered at http://localhost:1234/, ${rejected.length} rejected by the registry`);
  for (const r of rejected) out.push(`    not registered: ${r.uri}  (${r.reason})`);
  for (const s of suite.unmatchedSkips || []) out.push(`warning: skip entry matches no test: ${s}`);
  const req = totals.required;
  out.push(`${req.passed} passed, ${req.failed} failed${req.skipped ? `, ${req.skipped} skipped` : ""}`);
  process.stdout.write(out.join("\n") + "\n");
  return req.failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`run.mjs: ${message(e)}\n`);
  process.exitCode = 2;
}
