// Hostile input through the Wasm build: every case is a finding (or, for JSON that
// cannot be read, a json-syntax finding with line and column), never a thrown
// panic ("unreachable") or a hang. Mirrors crates/cli/tests/hostile.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { Checker } = require(path.join(root, 'target/wasm/node/a6check.js'));
const checker = new Checker();
const check = (form, text) => JSON.parse(checker.validateJson(form, text));

const HEAD = '{"authorizingParty": "GHA", "authorizationId": "GHA-1", "version": 1, "dateOfAuthorization": "2024-02-29", "cooperativeApproachId": "CA0009", "metric": "GHG", "purposes": "NDC", "sectors": ["Energy generation"]';

test('nesting 100,000 deep is a syntax finding', () => {
  const r = check('authorization', '['.repeat(100_000));
  assert.equal(r.valid, false);
  assert.equal(r.findings[0].code, 'json-syntax');
  assert.equal(r.findings[0].args.detail, 'too-deep');
  assert.equal(r.findings[0].args.line, 1);
});

test('a 100 MB document is checked', () => {
  const r = check('authorization', `${HEAD}, "additionalInformation": "${'x'.repeat(100 * 1024 * 1024)}"}`);
  assert.equal(r.valid, true, JSON.stringify(r.findings.slice(0, 3)));
});

test('a million-row array gives a bounded list of findings', () => {
  const rows = new Array(1_000_000).fill('"XX"').join(',');
  const r = check('authorization', `${HEAD}, "greenhouseGases": [${rows}]}`);
  assert.equal(r.valid, false);
  assert.equal(r.findings.length, 10_001);
  assert.equal(r.findings.at(-1).code, 'too-many-findings');
});

test('5 MB strings and keys: short messages, exact pointers', () => {
  const long = 'A'.repeat(5 * 1024 * 1024);
  const text = `${HEAD.replace('"GHA-1"', `"${long}!"`)}, "${long}": 1}`;
  const r = check('authorization', text);
  assert.equal(r.valid, false);
  for (const f of r.findings) assert.ok(f.message.length < 400, `message of ${f.message.length} chars`);
  assert.ok(r.findings.some((f) => f.pointer === '/authorizationId'));
  assert.ok(r.findings.some((f) => f.pointer.length === long.length + 1));
});

test('garbage never throws', () => {
  for (const t of ['', '\ufeff', '"\\ud800"', '{"a":"\\u12"}', '[1e99999999999999999999]', '-', '{"a" 1}', '\u0000', 'NaN', 'Infinity', '{"a":1,}', '{"version": 1.0}']) {
    const r = check('aef', t);
    assert.equal(typeof r.valid, 'boolean', t);
    assert.ok(r.findings.length > 0, t);
  }
});

test('the same input gives byte-identical output across runs', () => {
  const text = `${HEAD.replace('CA0009', 'CA9')}, "sectors": ["Energy Generation"]}`;
  const a = checker.validateJson('authorization', text);
  const b = new Checker().validateJson('authorization', text);
  assert.equal(a, b);
});
