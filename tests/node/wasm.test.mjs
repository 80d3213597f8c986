// The Wasm build (target/wasm/node, from scripts/build-wasm.sh) in node: the public API,
// exact numbers, and byte-identical output with the CLI (target/debug/a6check, built
// beforehand by the test script: `cargo build -p a6check-cli`).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WASM_JS = join(ROOT, 'target/wasm/node/a6check.js');
const CLI = join(ROOT, 'target/debug/a6check');
const EXAMPLES = join(ROOT, 'schemas/examples');

/**
 * Load wasm-pack's nodejs output (CommonJS). The repository's package.json says
 * "type": "module", and the build drops wasm-pack's own package.json, so node may take
 * a6check.js for ESM; then it is evaluated as CommonJS explicitly.
 */
function loadWasm() {
  const require = createRequire(WASM_JS);
  try {
    return require(WASM_JS);
  } catch (error) {
    if (!/exports is not defined|require is not defined|ERR_REQUIRE_ESM/.test(String(error?.message ?? error))) throw error;
    const module = { exports: {} };
    const wrapper = vm.runInThisContext(Module.wrap(readFileSync(WASM_JS, 'utf8')), { filename: WASM_JS });
    wrapper(module.exports, require, module, WASM_JS, dirname(WASM_JS));
    return module.exports;
  }
}

const wasm = loadWasm();
const checker = new wasm.Checker();
// The findings JSON text (validateJson, the CLI's bytes); the object API is tested below.
const check = (text, options) => checker.validateJson('authorization', text, options);
const findings = (text, options) => JSON.parse(check(text, options)).findings;

/** JSON.parse with every number as its source text: how the object API gives numbers. */
function exact(text) {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?[0-9][0-9.eE+-]*/.exec(text.slice(i));
      out += JSON.stringify(m[0]);
      i += m[0].length;
    } else {
      out += c;
      i += 1;
    }
  }
  return JSON.parse(out);
}

const exampleFiles = (form) =>
  existsSync(join(EXAMPLES, form))
    ? readdirSync(join(EXAMPLES, form)).filter((f) => f.endsWith('.json')).sort().map((f) => join(EXAMPLES, form, f))
    : [];
const authExamples = exampleFiles('authorization');
const ghana = readFileSync(join(EXAMPLES, 'authorization/ghana-ndc.json'), 'utf8');
const ghanaDoc = JSON.parse(ghana); // small numbers only: safe to round-trip through JS here
const withChanges = (changes, remove = []) => {
  const doc = { ...ghanaDoc, ...changes };
  for (const key of remove) delete doc[key];
  return JSON.stringify(doc, null, 2);
};

describe('Checker API', () => {
  test('bundle name, version, forms and languages', () => {
    assert.match(checker.bundleName, /\S/);
    assert.match(checker.bundleVersion, /^\d+\.\d+\.\d+/);
    assert.match(wasm.version(), /^\d+\.\d+\.\d+/);
    const forms = checker.forms();
    assert.ok(forms.some((f) => f.key === 'authorization' && typeof f.title === 'string' && f.title));
    assert.ok(checker.languages().some((l) => l.code === 'en'));
  });

  test('the module-level validate uses the embedded bundle and agrees with Checker', () => {
    const bad = withChanges({ cooperativeApproachId: 'CA12' });
    assert.deepEqual(wasm.validate('authorization', bad), checker.validate('authorization', bad));
  });

  test('an unknown form throws an Error (it is not a finding)', () => {
    assert.throws(() => checker.validate('no-such-form', '{}'), (e) => e instanceof Error && /no-such-form/.test(e.message));
    assert.throws(() => wasm.validate('no-such-form', '{}'), Error);
  });

  test('bad options throw', () => {
    assert.throws(() => check('{}', '{"mode": "final"}'), Error);
  });
});

describe('authorization documents', () => {
  test('there are examples to check', () => assert.ok(authExamples.length >= 1));

  for (const file of authExamples) {
    test(`example ${file.slice(EXAMPLES.length + 1)} is valid with zero findings`, () => {
      assert.deepEqual(JSON.parse(check(readFileSync(file, 'utf8'))), { valid: true, findings: [] });
    });
  }

  test('a bad cooperative approach ID gives format at /cooperativeApproachId', () => {
    const out = JSON.parse(check(withChanges({ cooperativeApproachId: 'CA12' })));
    assert.equal(out.valid, false);
    assert.equal(out.findings.length, 1);
    const [f] = out.findings;
    assert.equal(f.code, 'format');
    assert.equal(f.severity, 'error');
    assert.equal(f.pointer, '/cooperativeApproachId');
    assert.equal(f.args.value, 'CA12');
    assert.match(f.message, /CA12/);
  });

  test('a missing metric gives required at /metric (the missing child)', () => {
    const out = findings(withChanges({}, ['metric']));
    assert.deepEqual(out.map((f) => [f.code, f.pointer]), [['required', '/metric']]);
  });

  test('truncated JSON gives exactly one json-syntax finding with line and column', () => {
    const truncated = ghana.slice(0, Math.floor(ghana.length / 2));
    const out = JSON.parse(check(truncated));
    assert.equal(out.valid, false);
    assert.equal(out.findings.length, 1);
    const [f] = out.findings;
    assert.equal(f.code, 'json-syntax');
    assert.equal(f.pointer, '');
    assert.ok(Number.isInteger(f.args.line) && f.args.line >= 1, `line ${f.args.line}`);
    assert.ok(Number.isInteger(f.args.column) && f.args.column >= 1, `column ${f.args.column}`);
    assert.ok(f.message.includes(`line ${f.args.line}, column ${f.args.column}`), f.message);
  });

  test('a syntax error is located at its line and column', () => {
    const [f] = findings('{"authorizingParty": "GHA",\n  "version": 1,\n  "metric" "GHG"\n}');
    assert.equal(f.code, 'json-syntax');
    assert.deepEqual([f.args.line, f.args.column], [3, 12]);
  });

  test('a 40-digit quantity is reported with every digit (never through a float)', () => {
    const digits = '1234567890123456789012345678901234567890';
    const text = ghana.replace('"authorizedQuantity": 500000', `"authorizedQuantity": ${digits}`);
    assert.ok(text.includes(digits));
    const raw = check(text);
    assert.ok(raw.includes(`"value":${digits}`), raw);
    const out = JSON.parse(raw);
    assert.deepEqual(out.findings.map((f) => [f.code, f.pointer]), [['number-out-of-range', '/authorizedQuantity']]);
  });

  test('draft mode drops required findings and keeps the others', () => {
    const text = withChanges({ cooperativeApproachId: 'CA12' }, ['metric', 'sectors']);
    const submit = findings(text, '{"mode": "submit"}');
    assert.ok(submit.some((f) => f.code === 'required'));
    const draft = findings(text, '{"lang": "en", "mode": "draft"}');
    assert.deepEqual(draft.map((f) => [f.code, f.pointer]), [['format', '/cooperativeApproachId']]);
    assert.deepEqual(JSON.parse(check('{}', '{"mode": "draft"}')), { valid: true, findings: [] });
  });
});

describe('embedder API: languages, labels, titles, code lists', () => {
  test('languages() gives code, own name and direction', () => {
    const langs = checker.languages();
    const byCode = Object.fromEntries(langs.map((l) => [l.code, l]));
    assert.deepEqual(Object.keys(byCode).sort(), ['ar', 'en', 'es', 'fr', 'ru', 'zh']);
    assert.deepEqual(byCode.fr, { code: 'fr', name: 'Français', direction: 'ltr' });
    assert.deepEqual(byCode.ar, { code: 'ar', name: 'العربية', direction: 'rtl' });
    assert.equal(byCode.zh.name, '中文');
    assert.equal(byCode.ru.name, 'Русский');
  });

  test('labels(form, lang) are keyed as the catalogs key them, English where untranslated', () => {
    const en = (checker.labels('authorization', 'en'));
    const fr = (checker.labels('authorization', 'fr'));
    assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
    assert.ok(Object.keys(en).some((k) => k.includes('/*/')), 'array items use * patterns');
    const catalog = JSON.parse(readFileSync(join(ROOT, 'schemas/messages/fr.json'), 'utf8'));
    for (const [pattern, label] of Object.entries(catalog.labels.authorization)) assert.equal(fr[pattern], label);
    assert.equal(fr['/authorizationId'], "Identifiant de l'autorisation");
    assert.deepEqual((checker.labels('authorization')), en);
    assert.throws(() => checker.labels('nope', 'fr'), /nope/);
    assert.deepEqual(checker.labels('authorization', 'xx'), en, 'a language the bundle lacks: the default one');
  });

  test('forms(lang) translates titles; codeList(name) gives official values', () => {
    const fr = (checker.forms('fr'));
    assert.equal(fr.find((f) => f.key === 'initial-report').title, 'Rapport initial');
    const en = (checker.forms());
    assert.equal(en.find((f) => f.key === 'initial-report').title, 'Initial report');
    assert.ok((checker.codeList('purposes')).includes('NDC and OIMP'));
    assert.throws(() => checker.codeList('nope'), /purposes/);
  });

  test('messages quote dates and computed numbers in the language; args stay raw', () => {
    const future = withChanges({ dateOfAuthorization: '2099-01-01' });
    const msg = (lang) => findings(future, JSON.stringify({ lang, today: '2026-11-26' }))[0];
    assert.match(msg('en').message, /26 November 2026/);
    assert.match(msg('fr').message, /26 novembre 2026/);
    assert.match(msg('ru').message, /26 ноября 2026 г\./);
    assert.match(msg('zh').message, /2026年11月26日/);
    assert.match(msg('fr').message, /2099-01-01/, 'the typed value is echoed as written');
    assert.equal(msg('fr').args.expected, '2026-11-26');
  });
});

describe('what the demo relies on', () => {
  const fixture = (path) => JSON.parse(readFileSync(join(ROOT, 'schemas/fixtures', path), 'utf8'));

  test('languages are BCP 47 codes; every listed one gives its own messages', () => {
    const langs = checker.languages().map((l) => l.code);
    assert.ok(langs.includes('en'));
    for (const lang of langs) assert.match(lang, /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/);
    const bad = withChanges({ cooperativeApproachId: 'CA12' });
    const english = findings(bad, '{"lang": "en"}')[0].message;
    for (const lang of langs.filter((l) => l !== 'en')) {
      const [f] = findings(bad, JSON.stringify({ lang }));
      assert.equal(f.code, 'format');
      assert.notEqual(f.message, english, `${lang} has its own message`);
      assert.ok(f.message.includes('CA12'), f.message);
    }
  });

  test('today: a date of authorization after today is a warning only when today is given', () => {
    const future = withChanges({ dateOfAuthorization: '2099-01-01' });
    assert.deepEqual(findings(future, '{"mode": "submit"}'), []);
    const out = findings(future, '{"mode": "submit", "today": "2026-11-26"}');
    assert.deepEqual(out.map((f) => [f.code, f.severity, f.pointer]), [['AUTH-09', 'warning', '/dateOfAuthorization']]);
    assert.throws(() => check(future, '{"today": "26/11/2026"}'), Error);
  });

  test('context as an object: the other place of a cross-submission finding is args.other + otherSubmission', () => {
    const { context } = fixture('authorization/rule-AUTH-07.json');
    const [f] = findings(ghana, JSON.stringify({ lang: 'en', context }));
    assert.equal(f.code, 'AUTH-07');
    assert.equal(f.pointer, '/version');
    assert.equal(f.args.other, '/t2Authorizations/0/version');
    assert.equal(f.args.otherSubmission, 0);
    assert.equal(typeof f.args.field, 'string');
  });

  test('a Checker from a packed bundle; a broken one throws an Error', () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run cargo build -p a6check-cli first`);
    const dir = mkdtempSync(join(tmpdir(), 'a6check-pack-'));
    try {
      const file = join(dir, 'bundle.json');
      const packed = spawnSync(CLI, ['bundle', 'pack', join(ROOT, 'schemas'), '-o', file], { encoding: 'utf8' });
      assert.equal(packed.status, 0, packed.stderr);
      const other = new wasm.Checker(readFileSync(file, 'utf8'));
      assert.equal(other.bundleName, checker.bundleName);
      assert.equal(other.bundleVersion, checker.bundleVersion);
      assert.equal(other.validateJson('authorization', ghana), check(ghana));
      other.free();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const broken of ['', 'not json', '{"format": "a6check-bundle/1", "files": {}}', '{"format": "other"}']) {
      assert.throws(() => new wasm.Checker(broken), (e) => e instanceof Error && e.message.length > 0, JSON.stringify(broken));
    }
  });
});

describe('Wasm and CLI give byte-identical output', () => {
  let dir;
  before(() => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run cargo build -p a6check-cli first`);
    dir = mkdtempSync(join(tmpdir(), 'a6check-parity-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const broken = {
    'bad-ca-id': withChanges({ cooperativeApproachId: 'CA12' }),
    'missing-metric': withChanges({}, ['metric']),
    'many-problems': withChanges(
      {
        version: '1',
        sectors: ['Energy', 'Energy generation', 'Energy generation'],
        purposes: 'OIMP',
        participatingParties: ['GHA'],
        authorizedEntities: [{}, { name: 'X', countryOfIncorporation: 'ch' }],
        documentUrl: 'https://example.org/loa.pdf',
        vintageFrom: 2000,
        dateOfAuthorization: '2024-02-30',
        colour: 'blue',
      },
      ['authorizationId'],
    ),
    'huge-quantity': ghana.replace('"authorizedQuantity": 500000', '"authorizedQuantity": 1234567890123456789012345678901234567890'),
    'exponent-quantity': ghana.replace('"authorizedQuantity": 500000', '"authorizedQuantity": 5e5'),
    'duplicate-key': ghana.replace('"version": 1,', '"version": 1,\n  "version": 2,'),
    'crlf-and-bom': `\uFEFF${ghana.replace(/\n/g, '\r\n')}`,
    'unicode': withChanges({ authorizingBody: 'Agence nationale — 気候 «Ω»', cooperativeApproachId: 'CA００09' }),
    'truncated': ghana.slice(0, 300),
    'syntax-missing-colon': '{"authorizingParty": "GHA",\n  "version": 1,\n  "metric" "GHG"\n}',
    'syntax-trailing-comma': '{"metric": "GHG",}',
    'syntax-trailing-text': '{} {}',
    'empty': '',
    'not-an-object': '[1, 2, 3]',
    'nan': '{"authorizedQuantity": NaN}',
  };
  const cases = [
    ...(checker.forms()).flatMap(({ key: form }) =>
      exampleFiles(form).map((file) => ({ name: `${form}: ${file.slice(EXAMPLES.length + 1)}`, form, file }))),
    ...Object.entries(broken).map(([name, text]) => ({ name: `authorization: ${name}`, form: 'authorization', text })),
  ];

  for (const c of cases) {
    test(c.name, () => {
      let file = c.file;
      if (!file) {
        file = join(dir, `${c.name.replace(/\W+/g, '-')}.json`);
        writeFileSync(file, c.text);
      }
      const text = readFileSync(file, 'utf8');
      const cli = spawnSync(CLI, ['validate', '--form', c.form, file], { encoding: 'utf8' });
      assert.ok([0, 1, 2].includes(cli.status), `exit ${cli.status}: ${cli.stderr}`);
      assert.ok(cli.stdout.endsWith('\n'), `CLI stdout: ${JSON.stringify(cli.stdout)} stderr: ${cli.stderr}`);
      assert.equal(checker.validateJson(c.form, text), cli.stdout.slice(0, -1));
      assert.deepEqual(checker.validate(c.form, text), exact(cli.stdout), 'the object: the same, numbers as exact text');
    });
  }
});

describe('validateAt: one row or field where it sits (the keystroke check)', () => {
  const row = JSON.stringify({ actionDate: '2025-13-01', actionType: 'First Transfer', quantityTCO2e: 1234567890123456789012345678901234567890 });
  const rowText = row.replace('1.2345678901234568e+39', '1234567890123456789012345678901234567890');

  test('findings point into the whole document and name the field', () => {
    const out = (checker.validateAt('aef', '/t3Actions/4311', rowText));
    assert.equal(out.valid, false);
    const at = (p) => out.findings.find((f) => f.pointer === p);
    assert.equal(at('/t3Actions/4311/actionDate')?.code, 'format');
    assert.equal(at('/t3Actions/4311/actionType')?.args.suggestion, 'First transfer');
    assert.equal(at('/t3Actions/4311/cooperativeApproachId')?.code, 'required');
  });

  test('a lone field gets its own checks; "NA" is an absent field', () => {
    assert.deepEqual((checker.validateAt('aef', '/t3Actions/0/vintage', '2025')).findings, []);
    assert.deepEqual((checker.validateAt('aef', '/t3Actions/0/actionType', '"NA"')).findings, []);
    const bad = (checker.validateAt('aef', '/t3Actions/0/vintage', '"2025"')).findings;
    assert.deepEqual(bad.map((f) => [f.code, f.pointer]), [['wrong-type', '/t3Actions/0/vintage']]);
  });

  test('a bad pointer or a place the form lacks throws; bad JSON is a finding', () => {
    assert.throws(() => checker.validateAt('aef', 't3Actions', '{}'), /JSON Pointer/);
    assert.throws(() => checker.validateAt('aef', '/t3Actions/x', '{}'), /no field at \/t3Actions\/x/);
    const f = (checker.validateAt('aef', '/t3Actions/2', '{"actionDate": ')).findings;
    assert.equal(f[0].code, 'json-syntax');
    assert.equal(f[0].pointer, '/t3Actions/2');
  });

  test('the same findings as the CLI (validate --at), numbers as exact text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'a6check-at-'));
    try {
      const file = join(dir, 'row.json');
      writeFileSync(file, rowText);
      for (const lang of ['en', 'fr', 'ar']) {
        const cli = spawnSync(CLI, ['validate', '--form', 'aef', '--at', '/t3Actions/7', '--lang', lang, file], { encoding: 'utf8' });
        assert.equal(cli.status, 1, cli.stderr);
        assert.deepEqual(checker.validateAt('aef', '/t3Actions/7', rowText, { lang }), exact(cli.stdout));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('validateBytes: UTF-8 bytes in, the same findings out', () => {
  test('bytes and text give byte-identical findings, progress included', () => {
    const text = readFileSync(join(EXAMPLES, 'aef/ghana-2025-first-transfer.json'), 'utf8').replace('"GHG"', '"ghg"');
    const stages = [];
    const fromBytes = checker.validateBytes('aef', new TextEncoder().encode(`\uFEFF${text}`), null, (s) => stages.push(s));
    assert.deepEqual(fromBytes, checker.validate('aef', text));
    assert.deepEqual([...new Set(stages)], ['parse', 'schema', 'rules', 'messages', 'done']);
    assert.deepEqual(checker.validateBytes('aef', new TextEncoder().encode(text)), checker.validate('aef', text));
  });

  test('validateFile reads a Blob only in a Web Worker (FileReaderSync); elsewhere it throws', () => {
    assert.throws(() => checker.validateFile('aef', new Blob(['{}'])), (e) => e instanceof Error && e.code === 'no-file-reader-sync');
  });

  test('bytes that are not UTF-8 throw an Error naming byte, line and column', () => {
    const latin1 = Uint8Array.from([...'{\n  "body": "Agence nationale ', 0xe9, ...'"}'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0))));
    assert.throws(() => checker.validateBytes('authorization', latin1), /not valid UTF-8 text \(byte 30, line 2, column 29\)/);
    assert.throws(
      () => checker.validateBytes('authorization', latin1),
      (e) => e.code === 'not-utf8' && e.args.byte === '30' && e.args.line === '2' && e.args.column === '29',
    );
  });
});

describe('objects at the JS boundary (serde-wasm-bindgen)', () => {
  const plain = (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

  test("validate('authorization', '{}', {lang: 'fr'}) returns a plain object with French messages", () => {
    const out = new wasm.Checker().validate('authorization', '{}', { lang: 'fr' });
    assert.ok(plain(out), 'a plain object, not a Map');
    assert.equal(out.valid, false);
    assert.ok(Array.isArray(out.findings) && out.findings.length > 0);
    for (const f of out.findings) {
      assert.ok(plain(f) && plain(f.args));
      assert.deepEqual(Object.keys(f), ['code', 'severity', 'pointer', 'message', 'args']);
    }
    const english = checker.validate('authorization', '{}').findings[0].message;
    assert.notEqual(out.findings[0].message, english);
    assert.deepEqual(out, checker.validate('authorization', '{}', '{"lang": "fr"}'), 'JSON text is still accepted');
  });

  test('options that are neither a plain object nor JSON text throw, with code and args', () => {
    for (const bad of [new Map([['lang', 'fr']]), [1], 42, true, new Date()]) {
      assert.throws(
        () => checker.validate('authorization', '{}', bad),
        (e) => e instanceof Error && e.code === 'bad-options' && typeof e.args.detail === 'string',
        String(bad),
      );
    }
    assert.doesNotThrow(() => checker.validate('authorization', '{}', Object.assign(Object.create(null), { lang: 'fr' })));
    assert.doesNotThrow(() => checker.validate('authorization', '{}', undefined));
    assert.doesNotThrow(() => checker.validate('authorization', '{}', null));
    assert.throws(() => checker.validate('authorization', '{}', { mode: 'final' }), (e) => e.code === 'bad-options');
  });

  test('numbers in args are exact decimal strings (serials above 2^53 are not rounded)', () => {
    const digits = '1234567890123456789012345678901234567890';
    const text = ghana.replace('"authorizedQuantity": 500000', `"authorizedQuantity": ${digits}`);
    const [f] = checker.validate('authorization', text).findings;
    assert.equal(f.code, 'number-out-of-range');
    assert.equal(f.args.value, digits);
    assert.equal(typeof f.args.count, 'string');
    const json = JSON.parse(checker.validateJson('authorization', text));
    assert.equal(typeof json.findings[0].args.count, 'number', 'the JSON text keeps the CLI\'s numbers');
  });

  test('thrown errors carry code and args', () => {
    assert.throws(
      () => checker.validate('no-such-form', '{}'),
      (e) => e instanceof Error && e.code === 'unknown-form' && e.args.form === 'no-such-form' && /no-such-form/.test(e.message),
    );
    assert.throws(() => checker.codeList('nope'), (e) => e.code === 'unknown-code-list' && e.args.name === 'nope');
    assert.throws(() => new wasm.Checker('not json'), (e) => typeof e.code === 'string' && e.code.startsWith('bundle-'));
  });

  test('a language the bundle lacks falls back to the default one with an info finding', () => {
    const english = checker.validate('authorization', '{}');
    for (const lang of ['de-DE', 'pt']) {
      const out = checker.validate('authorization', '{}', { lang });
      const [note, ...rest] = out.findings;
      assert.deepEqual([note.code, note.severity, note.pointer], ['language-fallback', 'info', '']);
      assert.equal(note.args.lang, lang);
      assert.equal(note.args.default, 'en');
      assert.match(note.message, new RegExp(lang));
      assert.deepEqual(rest, english.findings);
      assert.equal(out.valid, english.valid);
    }
    const fr = checker.validate('authorization', '{}', { lang: 'fr-CA' });
    assert.ok(!fr.findings.some((f) => f.code === 'language-fallback'), 'fr-CA uses fr');
    const at = checker.validateAt('aef', '/t3Actions/0/vintage', '"x"', { lang: 'de' });
    assert.equal(at.findings[0].code, 'language-fallback');
    assert.deepEqual(checker.forms('de-DE'), checker.forms());
  });

  test('earlier submissions loaded once per Checker serve every check without a context', () => {
    const { context } = JSON.parse(readFileSync(join(ROOT, 'schemas/fixtures/authorization/rule-AUTH-07.json'), 'utf8'));
    const perCall = checker.validate('authorization', ghana, { context });
    assert.equal(perCall.findings[0].code, 'AUTH-07');
    const c = new wasm.Checker();
    assert.equal(c.loadContext(JSON.stringify(context)), context.priorSubmissions.length);
    assert.deepEqual(c.validate('authorization', ghana), perCall);
    assert.deepEqual(c.validate('authorization', ghana, { context: { priorSubmissions: [] } }).findings, [], 'a call\'s own context wins');
    assert.throws(() => c.loadContext({ priorSubmissions: 1 }), (e) => e.code === 'bad-context');
    c.clearContext();
    assert.deepEqual(c.validate('authorization', ghana).findings, []);
    c.free();
  });

  test('SchemaValidator returns its errors, not only a boolean', () => {
    const v = new wasm.SchemaValidator({ type: 'object', properties: { a: { type: 'integer', minimum: 1 } }, required: ['b'] });
    const out = v.validate('{"a": 0}');
    assert.ok(plain(out));
    assert.equal(out.valid, false);
    assert.deepEqual(out.errors.map((e) => [e.keyword, e.instancePath]).sort(), [['minimum', '/a'], ['required', '']]);
    assert.ok(out.errors.every((e) => typeof e.message === 'string' && e.schemaPath.startsWith('/')));
    assert.deepEqual(v.validate('{"a": 1, "b": 2}'), { valid: true, errors: [] });
    assert.equal(v.validate('{"a": 0}', 1).errors.length, 1);
    assert.throws(() => new wasm.SchemaValidator({ type: 'nope' }), (e) => e.code === 'bad-schema');
    assert.throws(() => v.validate('{'), (e) => e.code === 'bad-instance');
  });
});

test('rule overrides in Wasm: off, lower, raise, and UNCONFIRMED rules stay warnings', () => {
  // Ghana's example with an action outside the reported year (STC01, error) and a quantity
  // that disagrees with its serials (AEF-X-13, UNCONFIRMED: a warning).
  const doc = JSON.parse(readFileSync(join(EXAMPLES, 'aef/ghana-2025-first-transfer.json'), 'utf8'));
  doc.t3Actions[0].actionDate = '2024-12-31';
  doc.t3Actions[0].quantityTCO2e = 11000;
  const text = JSON.stringify(doc);
  const sev = (options) => Object.fromEntries(checker.validate('aef', text, options).findings
    .filter((f) => ['STC01', 'AEF-X-13'].includes(f.code)).map((f) => [f.code, f.severity]));
  assert.deepEqual(sev({}), { STC01: 'error', 'AEF-X-13': 'warning' });
  assert.deepEqual(sev({ rules: { STC01: 'warning', 'AEF-X-13': 'error' } }), { STC01: 'warning', 'AEF-X-13': 'warning' });
  assert.deepEqual(sev({ rules: { STC01: 'off' } }), { 'AEF-X-13': 'warning' });
  assert.equal(checker.validate('aef', text, { rules: { STC01: 'off' } }).valid, true);
  // The same through the JSON text path gives the CLI's bytes.
  const cli = spawnSync(CLI, ['validate', '--form', 'aef', '--rule', 'STC01=warning', '--rule', 'AEF-X-13=error', '-'], { input: text, encoding: 'utf8' });
  assert.equal(checker.validateJson('aef', text, { rules: { STC01: 'warning', 'AEF-X-13': 'error' } }), cli.stdout.trim());
});
