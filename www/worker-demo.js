// The worker demo page (worker.html): upload or generate a large AEF, check it in a Web
// Worker with a progress bar and a Cancel button, and show that the page keeps animating.
// document.documentElement.dataset.state: starting → ready → checking → done | cancelled | error.

import { A6Worker } from './worker.js';
import { wireDropZones } from './drop-zones.js';
import { pager } from './pager.js';
import { t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const root = document.documentElement;
const EXAMPLE = 'examples/aef/ghana-2025-first-transfer.json';
const STAGES = {
  read: 'Reading the file',
  parse: 'Reading the JSON',
  schema: 'Checking the structure',
  rules: 'Checking the rules',
  messages: 'Writing the messages',
  done: 'Finished',
};

let current = null; // the File (uploaded or generated) to check
let progressEvents = 0;
const setState = (state) => {
  root.dataset.state = state;
};

// The animation-frame counter: it only advances while the main thread is free.
let frames = 0;
const counter = $('frame-counter');
function tick() {
  frames += 1;
  counter.value = String(frames);
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const plural = (n, one, other = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : other}`;

function setDocument(file, detail) {
  current = file;
  $('worker-document').textContent = `${file.name}: ${detail ? `${detail}, ` : ''}${megabytes(file.size)}.`;
  $('worker-check').disabled = !['ready', 'done', 'cancelled'].includes(root.dataset.state);
}

/** An AEF whose Table 3 has `rows` copies of the example's first action, unit serials shifted. */
async function generate(rows) {
  const response = await fetch(EXAMPLE);
  if (!response.ok) throw new Error(`${EXAMPLE}: ${response.status}`);
  const aef = await response.json();
  const row = aef.t3Actions[0];
  const span = row.lastId - row.firstId + 1;
  // Serialise row by row: one 60 MB JSON.stringify of 100,000 objects needs far more memory.
  const head = JSON.stringify({ ...aef, t3Actions: [] });
  const open = head.indexOf('"t3Actions":[]') + '"t3Actions":['.length;
  const parts = [head.slice(0, open)];
  for (let i = 0; i < rows; i += 1) {
    if (i) parts.push(',');
    parts.push(JSON.stringify({ ...row, firstId: row.firstId + i * span, lastId: row.lastId + i * span }));
  }
  parts.push(head.slice(open));
  return new File(parts, `generated-aef-${rows}-rows.json`, { type: 'application/json' });
}

function showResult(findings, ms) {
  const errors = findings.findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.findings.filter((f) => f.severity === 'warning').length;
  $('worker-results-title').textContent = findings.valid ? 'No errors found' : 'There is a problem';
  $('worker-results-counts').textContent =
    `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(findings.findings.length - errors - warnings, 'note')}. Checked in ${(ms / 1000).toFixed(1)} seconds.`;
  // Every finding, a page at a time (pager.js).
  const list = $('worker-results-list');
  const item = (f) => {
    const li = document.createElement('li');
    li.textContent = `${f.severity}: ${f.message} (at ${f.pointer || 'the whole document'})`;
    return li;
  };
  $('worker-results-pager')?.remove();
  const nav = pager(findings.findings, (slice) => list.replaceChildren(...slice.map(item)), t('findingsList'));
  nav.id = 'worker-results-pager';
  list.after(nav);
  $('worker-results').hidden = false;
}

wireDropZones();
const worker = new A6Worker();
setState('starting');
worker.ready.then(
  (info) => {
    $('worker-info').textContent = `a6check ${info.version}, ${info.bundleName} version ${info.bundleVersion}, in a Web Worker`;
    setState('ready');
    $('worker-check').disabled = !current;
  },
  (error) => {
    $('start-error').textContent = `The checker could not start: ${error.message}`;
    $('start-error').hidden = false;
    setState('error');
  },
);

$('worker-file').addEventListener('change', () => {
  const file = $('worker-file').files[0];
  if (file) setDocument(file);
});

$('worker-generate').addEventListener('click', async () => {
  const rows = Number($('worker-rows').value.replace(/[\s,]/g, ''));
  if (!Number.isInteger(rows) || rows < 1 || rows > 1_000_000) {
    $('worker-document').textContent = 'Enter a number of rows from 1 to 1,000,000.';
    return;
  }
  $('worker-generate').disabled = true;
  $('worker-document').textContent = `Generating ${rows.toLocaleString('en')} rows…`;
  try {
    setDocument(await generate(rows), `${rows.toLocaleString('en')} rows in Table 3`);
  } catch (error) {
    $('worker-document').textContent = `Could not generate the document: ${error.message}`;
  } finally {
    $('worker-generate').disabled = false;
  }
});

$('worker-cancel').addEventListener('click', () => worker.cancel());

$('worker-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!current || root.dataset.state === 'checking') return;
  setState('checking');
  progressEvents = 0;
  const stages = [];
  root.dataset.progressEvents = '0';
  root.dataset.stages = '';
  $('worker-results').hidden = true;
  $('worker-check').disabled = true;
  $('worker-cancel').disabled = false;
  $('worker-progress').value = 0;
  $('worker-stage').textContent = 'Starting…';
  try {
    const findings = await worker.check({
      form: $('worker-form-key').value,
      file: current,
      options: { mode: 'submit' },
      onProgress: ({ stage, overall }) => {
        progressEvents += 1;
        root.dataset.progressEvents = String(progressEvents);
        if (!stages.includes(stage)) stages.push(stage);
        root.dataset.stages = stages.join(' ');
        $('worker-progress').value = overall;
        $('worker-stage').textContent = `${STAGES[stage] ?? stage}… ${Math.round(100 * overall)}% done`;
      },
    });
    $('worker-progress').value = 1;
    $('worker-stage').textContent = 'Finished.';
    showResult(findings, findings.ms);
    setState('done');
    $('worker-results').focus();
  } catch (error) {
    if (error.name === 'AbortError') {
      $('worker-stage').textContent = 'Cancelled.';
      $('worker-progress').value = 0;
      setState('cancelled');
    } else {
      $('worker-stage').textContent = `The check failed: ${error.message}`;
      setState('error');
    }
  } finally {
    $('worker-check').disabled = false;
    $('worker-cancel').disabled = true;
  }
});
