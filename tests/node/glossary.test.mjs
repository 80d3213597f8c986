// The demo's own words (www/i18n.js, www/form-i18n.js) use the glossary's term for each
// concept, as the message catalogs must (crates/cli/tests/catalogs.rs): one term per
// concept on the whole page, whichever part of the code wrote it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UI } from '../../www/i18n.js';
import { FORM_WORDS } from '../../www/form-i18n.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const glossary = JSON.parse(readFileSync(`${ROOT}schemas/messages/glossary.json`, 'utf8'));

test('the demo page uses no variant the glossary rules out', () => {
  const problems = [];
  for (const lang of ['fr', 'es', 'ar', 'ru', 'zh']) {
    const texts = [...Object.values(UI[lang] ?? {}), ...Object.values(FORM_WORDS[lang] ?? {})];
    assert.ok(texts.length > 50, `${lang}: the demo has its words`);
    for (const [concept, entry] of Object.entries(glossary.concepts)) {
      for (const bad of entry[lang]?.avoid ?? []) {
        for (const text of texts.filter((t) => t.includes(bad))) problems.push(`${lang}: ${concept}: "${bad}" in "${text}"`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the form words exist in every language the page offers', () => {
  for (const lang of Object.keys(UI)) {
    assert.deepEqual(Object.keys(FORM_WORDS[lang] ?? {}).sort(), Object.keys(FORM_WORDS.en).sort(), lang);
  }
});

test('the page words exist in every language the page offers', () => {
  for (const lang of Object.keys(UI)) {
    assert.deepEqual(Object.keys(UI[lang]).sort(), Object.keys(UI.en).sort(), lang);
  }
});
