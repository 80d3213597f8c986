// a6check demo: the Rust engine compiled to WebAssembly, checking documents in the page.
// No framework, nothing from other origins; JSON text goes into the engine and findings
// JSON comes out, so numbers are never rounded by JavaScript on the way in.

import init, { Checker, version } from './pkg/a6check.js';
import { setUpAuthorizationForm, documentFromForm, fillForm } from './authorization-form.js';
import { clearFormFindings, handleSummaryLinks, showFormFindings } from './form-errors.js';
import { renderResults } from './findings.js';
import { parseExact, stringify } from './json-text.js';

const $ = (id) => document.getElementById(id);
const authForm = $('authorization-form');
const picker = $('form-picker');
let checker;
let examples = {};

const formKey = () => picker.value;
const options = () =>
  JSON.stringify({ lang: 'en', mode: document.querySelector('input[name="mode"]:checked').value });

/** Validate JSON text; engine problems (not document problems) come back as { failure }. */
function check(form, text) {
  try {
    return parseExact(checker.validate(form, text, options()));
  } catch (error) {
    return { failure: error.message ?? String(error) };
  }
}

// ---- the authorization form -----------------------------------------------------

authForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = stringify(documentFromForm(authForm));
  $('form-json').textContent = text;
  const report = check('authorization', text);
  if (report.failure) return startFailed(report.failure);
  showFormFindings(authForm, report);
});

// ---- any form as JSON -----------------------------------------------------------

$('json-file').addEventListener('change', async (event) => {
  const [file] = event.target.files;
  if (!file) return;
  $('json-text').value = await file.text();
  $('json-file-status').textContent = `${file.name} (${file.size} bytes) is in the box below. Select “Check” to check it.`;
});

$('json-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const results = $('json-results');
  const parts = { title: $('json-results-title'), counts: $('json-results-counts'), body: $('json-results-body') };
  const report = check(formKey(), $('json-text').value);
  if (report.failure) {
    parts.title.textContent = 'The document could not be checked';
    parts.counts.textContent = report.failure;
    parts.body.replaceChildren();
  } else {
    renderResults(parts, formKey(), report);
  }
  results.hidden = false;
  results.focus();
});

// ---- form picker and examples ---------------------------------------------------

function showForm() {
  const key = formKey();
  const title = picker.selectedOptions[0]?.textContent ?? key;
  $('authorization-section').hidden = key !== 'authorization';
  $('json-title').textContent = `Check a JSON document: ${title}`;
  $('json-results').hidden = true;
  clearFormFindings(authForm);
  const files = examples[key] ?? [];
  $('example-picker').replaceChildren(...files.map((f) => new Option(f, f)));
  $('example-picker').disabled = $('load-example').disabled = files.length === 0;
  $('example-status').textContent = files.length ? '' : 'There is no example for this form.';
}

async function loadExample() {
  const key = formKey();
  const file = $('example-picker').value;
  let text;
  try {
    const response = await fetch(`examples/${encodeURIComponent(key)}/${encodeURIComponent(file)}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    $('example-status').textContent = `The example ${file} could not be loaded (${error.message}).`;
    return;
  }
  $('json-text').value = text;
  $('json-results').hidden = true;
  if (key === 'authorization') {
    clearFormFindings(authForm);
    fillForm(authForm, parseExact(text));
    $('example-status').textContent = `${file} is in the form and in the “Paste JSON” box.`;
  } else {
    $('example-status').textContent = `${file} is in the “Paste JSON” box.`;
  }
}

async function exampleIndex() {
  try {
    const response = await fetch('examples/index.json');
    return response.ok ? await response.json() : {};
  } catch {
    return {};
  }
}

function startFailed(message) {
  $('bundle-info').textContent = 'The checker is not available';
  $('start-error').textContent = `The checker could not run: ${message}`;
  $('start-error').hidden = false;
  document.documentElement.dataset.state = 'failed';
}

async function start() {
  setUpAuthorizationForm(authForm);
  handleSummaryLinks($('error-summary'));
  handleSummaryLinks($('warning-summary'));
  try {
    await init({ module_or_path: new URL('pkg/a6check_bg.wasm', import.meta.url) });
    checker = new Checker();
  } catch (error) {
    return startFailed(error.message ?? String(error));
  }
  $('bundle-info').textContent =
    `Schema bundle ${checker.bundleName} version ${checker.bundleVersion} · engine ${version()}`;
  const forms = JSON.parse(checker.forms());
  picker.replaceChildren(...forms.map((f) => new Option(f.title, f.key)));
  if (forms.some((f) => f.key === 'authorization')) picker.value = 'authorization';
  picker.disabled = false;
  examples = await exampleIndex();
  picker.addEventListener('change', showForm);
  $('load-example').addEventListener('click', loadExample);
  showForm();
  document.documentElement.dataset.state = 'ready';
}

start();
