// a6check demo: the Rust engine compiled to WebAssembly, checking documents in the page.
// No framework, nothing from other origins; JSON text goes into the engine and findings
// JSON comes out, so numbers are never rounded by JavaScript on the way in.

import init, { Checker, version } from './pkg/a6check.js';
import { setUpAuthorizationForm, documentFromForm, fillChoices, fillForm } from './authorization-form.js';
import { clearFormFindings, handleSummaryLinks, showFormFindings } from './form-errors.js';
import { renderResults } from './findings.js';
import { CODELISTS, codeListsFromBundle } from './codelists.js';
import { iso, ltr } from './bidi.js';
import { el } from './dom.js';
import { currentLang, nativeName, setLanguage, t } from './i18n.js';
import { translateAuthorizationForm } from './form-i18n.js';
import { parseExact, stringify } from './json-text.js';
import { say, sayAgain, unsay } from './say.js';
import { startDrafts } from './draft-panel.js';
import { hideReportActions, showReportActions } from './report-actions.js';
import { wireDropZones } from './drop-zones.js';
import { checkInBackground, useRules } from './background-check.js';

const $ = (id) => document.getElementById(id);
const authForm = $('authorization-form');
const picker = $('form-picker');
const langPicker = $('lang-picker');
let checker;
let rulesSource = null; // null: the built-in bundle; else the rules file's name
let examples = {};
let prior = []; // earlier submissions: [{ name, text }]
let last = null; // the last check, shown again in another language: { form, text, file (an upload), inForm, at }
let started = false;
let drafts = { changed: () => {} }; // the drafts panel, once started
let uploaded = null; // the uploaded file, checked in the worker while the box holds its text: { file, text }

/** Files up to this size are also shown in the "Paste JSON" box (and kept in the draft). */
const IN_BOX_MAX_BYTES = 1024 * 1024;

const formKey = () => picker.value;

/** Today on this computer as YYYY-MM-DD (not UTC: the user's own date). */
function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The options the engine gets, without the earlier submissions (shown to the user). */
const shownOptions = () => ({
  lang: currentLang(),
  mode: document.querySelector('input[name="mode"]:checked').value,
  today: localToday(),
});

/** Options JSON text; earlier submissions go in as their own text, so their numbers stay exact. */
function options() {
  const head = JSON.stringify(shownOptions());
  if (!prior.length) return head;
  return `${head.slice(0, -1)},"context":{"priorSubmissions":[${prior.map((p) => p.text).join(',')}]}}`;
}

/** Validate JSON text; engine problems (not document problems) come back as { failure }. */
function check(form, text) {
  try {
    // The engine's own JSON text: exact numbers for the page, the same bytes for "Download".
    const raw = checker.validateJson(form, text, options());
    return { ...parseExact(raw), raw };
  } catch (error) {
    return { failure: error.message ?? String(error) };
  }
}

// ---- the authorization form -----------------------------------------------------

function showAuthorization(text, focus) {
  const report = check('authorization', text);
  if (report.failure) {
    clearFormFindings(authForm);
    hideReportActions();
    return checkFailed(report.failure);
  }
  $('start-error').hidden = true;
  showFormFindings(authForm, report, { focus, priorNames: prior.map((p) => p.name) });
  offerReport(report, $('warning-summary'));
}

/** Print and download the findings of `last`, the actions placed after `place`. */
function offerReport(report, place) {
  let doc = null;
  try {
    doc = parseExact(last.text);
  } catch {
    // Not JSON: the report says so in its findings; Party and year are not stated.
  }
  showReportActions(place, {
    form: last.form,
    formTitle: [...picker.options].find((o) => o.value === last.form)?.textContent ?? last.form,
    doc,
    report,
    raw: report.raw,
    at: last.at,
    bundle: { name: checker.bundleName, version: checker.bundleVersion },
    mode: shownOptions().mode,
    priorNames: prior.map((p) => p.name),
  });
}

authForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = stringify(documentFromForm(authForm));
  $('form-json').textContent = text;
  $('form-json').dataset.checked = 'true';
  $('form-options').textContent = JSON.stringify({ ...shownOptions(), context: prior.length ? { priorSubmissions: prior.map((p) => p.name) } : undefined }, null, 2);
  $('form-options').hidden = false;
  last = { form: 'authorization', text, inForm: true, at: new Date() };
  showAuthorization(text, true);
});

// ---- any form as JSON -----------------------------------------------------------

$('json-file').addEventListener('change', async (event) => {
  const [file] = event.target.files;
  if (!file) return;
  const inBox = file.size <= IN_BOX_MAX_BYTES;
  const text = inBox ? await file.text() : '';
  $('json-text').value = text;
  uploaded = { file, text };
  drafts.changed();
  say($('json-file-status'), inBox ? 'fileInBox' : 'fileInWorker', { file: iso(file.name), size: file.size });
});

// Typing in the box makes its text the document again.
$('json-text').addEventListener('input', () => {
  if (uploaded && $('json-text').value !== uploaded.text) uploaded = null;
});

function showJsonResults(form, text, focus) {
  showJsonReport(check(form, text), focus);
}

/** Check the uploaded file of `last` in the worker, then show its findings (not when stopped). */
async function showUploadResults(focus) {
  let report;
  try {
    const findings = await checkInBackground(last.form, last.file, options());
    if (!findings) return;
    report = { ...findings, raw: JSON.stringify(findings) };
  } catch (error) {
    report = { failure: error.message ?? String(error) };
  }
  showJsonReport(report, focus);
}

function showJsonReport(report, focus) {
  const results = $('json-results');
  const parts = { title: $('json-results-title'), counts: $('json-results-counts'), body: $('json-results-body') };
  if (report.failure) {
    parts.title.textContent = t('notChecked');
    parts.counts.replaceChildren();
    parts.body.replaceChildren(el('p', {}, iso(report.failure)));
    hideReportActions();
  } else {
    renderResults(parts, report, prior.map((p) => p.name));
    offerReport(report, parts.body);
  }
  results.hidden = false;
  if (focus) results.focus();
}

$('json-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (document.documentElement.dataset.checking) return;
  last = { form: formKey(), text: $('json-text').value, file: uploaded?.file, inForm: false, at: new Date() };
  if (last.file) showUploadResults(true);
  else showJsonResults(last.form, last.text, true);
});

function clearResults() {
  last = null;
  hideReportActions();
  clearFormFindings(authForm);
  $('json-results').hidden = true;
}

// ---- form picker and examples ---------------------------------------------------

function showForm() {
  const key = formKey();
  $('authorization-section').hidden = key !== 'authorization';
  // Titles are the bundle's, in the page's language: computed again when the language changes.
  say($('json-title'), 'jsonTitle', { form: () => el('bdi', {}, picker.selectedOptions[0]?.textContent ?? key) });
  $('json-results').hidden = true;
  clearFormFindings(authForm);
  hideReportActions();
  const files = examples[key] ?? [];
  $('example-picker').replaceChildren(...files.map((f) => new Option(f, f)));
  $('example-picker').disabled = $('load-example').disabled = files.length === 0;
  if (files.length) unsay($('example-status'));
  else say($('example-status'), 'noExample');
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
    say($('example-status'), 'exampleFailed', { file: ltr(file), message: iso(error.message) });
    return;
  }
  $('json-text').value = text;
  uploaded = null;
  $('json-results').hidden = true;
  drafts.changed();
  if (key === 'authorization') {
    clearFormFindings(authForm);
    fillForm(authForm, parseExact(text));
    say($('example-status'), 'exampleInForm', { file: ltr(file) });
  } else {
    say($('example-status'), 'exampleInBox', { file: ltr(file) });
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

// ---- language -------------------------------------------------------------------

/** The first of `wanted` that the bundle has messages for (also by primary subtag), else en or the first. */
function pickLanguage(available, wanted) {
  for (const code of wanted.filter(Boolean)) {
    const hit = available.find((a) => a === code) ?? available.find((a) => a === code.split('-')[0]);
    if (hit) return hit;
  }
  return available.includes('en') ? 'en' : available[0] ?? 'en';
}

/** Show the page in `code`, and the results on show again with messages in that language (no focus move). */
function showLanguage(code) {
  const formShown = !$('error-summary').hidden || !$('success-panel').hidden;
  const jsonShown = !$('json-results').hidden;
  setLanguage(code);
  langPicker.value = code;
  showFormInLanguage(code);
  sayAgain();
  if (!$('form-json').dataset.checked) $('form-json').textContent = t('nothingYet');
  if (last?.inForm && formShown) showAuthorization(last.text, false);
  else clearFormFindings(authForm); // the page title, in this language
  if (last?.file && jsonShown) showUploadResults(false);
  else if (last && !last.inForm && jsonShown) showJsonResults(last.form, last.text, false);
}

/** The form picker's titles and the authorization form's questions in `code`. */
function showFormInLanguage(code) {
  const key = formKey();
  let forms;
  try {
    forms = checker.forms(code);
  } catch {
    forms = checker.forms();
  }
  picker.replaceChildren(...forms.map((f) => new Option(f.title, f.key)));
  picker.value = forms.some((f) => f.key === key) ? key : forms[0]?.key;
  let labels = {};
  if (code !== 'en') {
    try {
      labels = checker.labels('authorization', code);
    } catch {
      // A rules file without the authorization form or this language: English questions.
    }
  }
  translateAuthorizationForm(authForm, code, labels);
}

function fillLanguages() {
  // [{code, name, direction}]: each language by its own name, from the bundle.
  const info = checker.languages();
  const available = info.map((l) => l.code);
  langPicker.replaceChildren(...info.map(({ code, name }) => {
    const option = new Option(name || nativeName(code), code);
    option.lang = code;
    return option;
  }));
  langPicker.disabled = available.length < 2;
  // At start the URL's ?lang= wins, then the browser's languages; later the current one is kept if it can be.
  const wanted = started ? [currentLang()] : [new URLSearchParams(location.search).get('lang'), ...navigator.languages];
  return pickLanguage(available, wanted);
}

langPicker.addEventListener('change', () => showLanguage(langPicker.value));

// ---- rules: the built-in bundle or a rules file -----------------------------------

/** Make `next` the active checker: forms, languages, code lists and status follow it. */
function useChecker(next, source, lists = {}, bundleText = null) {
  const previous = checker;
  const key = previous ? formKey() : 'authorization';
  checker = next;
  rulesSource = source;
  previous?.free();
  useRules(bundleText);
  const forms = checker.forms();
  picker.replaceChildren(...forms.map((f) => new Option(f.title, f.key)));
  picker.value = forms.some((f) => f.key === key) ? key : forms[0]?.key;
  picker.disabled = false; // titles in the page's language: showLanguage below
  fillChoices(authForm, { ...CODELISTS, ...lists });
  const lang = fillLanguages();
  started = true;
  say($('bundle-info'), 'bundleInfo', { name: ltr(checker.bundleName), version: ltr(checker.bundleVersion), engine: ltr(version()) });
  say($('rules-active'), 'activeRules', {
    name: ltr(checker.bundleName),
    version: ltr(checker.bundleVersion),
    source: source ? iso(source) : () => t('builtIn'),
  });
  $('use-built-in').hidden = !source;
  $('bundle-error').hidden = true;
  unsay($('bundle-error'));
  clearResults();
  showLanguage(lang);
  showForm();
}

$('bundle-file').addEventListener('change', async (event) => {
  const input = event.target;
  const [file] = input.files;
  if (!file) return;
  const text = await file.text();
  let next;
  try {
    next = new Checker(text);
  } catch (error) {
    // A broken bundle: say why, keep the rules that were active.
    const message = String(error.message ?? error).replace(/[.。]\s*$/, '');
    say($('bundle-error'), 'rulesFailed', { file: iso(file.name), message: iso(message) });
    $('bundle-error').hidden = false;
    input.value = '';
    return;
  }
  let lists = {};
  try {
    lists = codeListsFromBundle(JSON.parse(text));
  } catch {
    // The engine read it, so it is JSON; nothing to do if the lists are elsewhere.
  }
  useChecker(next, file.name, lists, text);
});

$('use-built-in').addEventListener('click', () => {
  $('bundle-file').value = '';
  useChecker(new Checker(), null);
  $('bundle-file').focus();
});

// ---- earlier submissions (context) ----------------------------------------------

$('prior-files').addEventListener('change', async (event) => {
  const input = event.target;
  const loaded = [];
  for (const file of input.files) {
    const text = (await file.text()).replace(/^\uFEFF/, '');
    try {
      JSON.parse(text);
    } catch (error) {
      prior = [];
      input.value = '';
      $('clear-prior').hidden = true;
      say($('prior-status'), 'priorFailed', { file: iso(file.name), message: iso(error.message) });
      return;
    }
    loaded.push({ name: file.name, text });
  }
  prior = loaded;
  $('clear-prior').hidden = !prior.length;
  if (prior.length) say($('prior-status'), 'priorLoaded', { files: prior.flatMap((p, i) => [...(i ? [t('sep')] : []), iso(p.name)]) });
  else unsay($('prior-status'));
});

$('clear-prior').addEventListener('click', () => {
  prior = [];
  $('prior-files').value = '';
  $('clear-prior').hidden = true;
  unsay($('prior-status'));
  $('prior-files').focus();
});

// ---- start ----------------------------------------------------------------------

function checkFailed(message) {
  say($('start-error'), 'startError', { message: iso(message) });
  $('start-error').hidden = false;
}

function startFailed(message) {
  say($('bundle-info'), 'unavailable');
  checkFailed(message);
  document.documentElement.dataset.state = 'failed';
}

async function start() {
  setUpAuthorizationForm(authForm);
  wireDropZones();
  handleSummaryLinks($('error-summary'));
  handleSummaryLinks($('warning-summary'));
  say($('today-note'), 'today', { date: ltr(localToday()) });
  let first;
  try {
    await init({ module_or_path: new URL('pkg/a6check_bg.wasm', import.meta.url) });
    first = new Checker();
  } catch (error) {
    return startFailed(error.message ?? String(error));
  }
  examples = await exampleIndex();
  useChecker(first, null);
  picker.addEventListener('change', showForm);
  $('load-example').addEventListener('click', loadExample);
  $('bundle-file').disabled = false;
  drafts = await startDrafts({
    form: authForm,
    json: $('json-text'),
    cleared: () => {
      uploaded = null;
      clearResults();
    },
  });
  document.documentElement.dataset.state = 'ready';
}

start();
