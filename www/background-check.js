// Uploaded documents on index.html are checked in a Web Worker (worker.js), with a progress
// bar and a button that stops the check, so that a 60 MB annual information file never
// freezes the page. The worker uses the active rules: the built-in bundle or the rules file.

import { A6Worker } from './worker.js';
import { t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const STAGES = { read: 'stageRead', parse: 'stageParse', schema: 'stageSchema', rules: 'stageRules', messages: 'stageMessages', done: 'stageDone' };

let worker = null;
let rules = null; // the packed bundle text the worker was started with (null: built in)

/** Use `bundleText` (null: the built-in rules) for the next checks. */
export function useRules(bundleText) {
  if (worker && bundleText === rules) return;
  worker?.terminate();
  worker = null;
  rules = bundleText;
}

/**
 * Check `file` as `form` with the engine `options` (JSON text) in the worker, showing progress.
 * Resolves with the findings object, or null when the user stopped the check.
 */
export async function checkInBackground(form, file, options) {
  worker ??= new A6Worker(rules === null ? {} : { bundle: rules });
  const box = $('json-progress');
  const bar = $('json-progress-bar');
  const stage = $('json-progress-stage');
  const stop = $('json-cancel');
  const onStop = () => worker.cancel();
  box.hidden = false;
  bar.value = 0;
  stage.textContent = t('stageRead');
  stop.disabled = false;
  stop.addEventListener('click', onStop);
  document.documentElement.dataset.checking = 'true';
  try {
    return await worker.check({
      form,
      file,
      options,
      onProgress: ({ stage: name, overall }) => {
        bar.value = overall;
        stage.textContent = t('progressAt', { stage: t(STAGES[name] ?? 'stageRules'), percent: Math.round(100 * overall) });
      },
    });
  } catch (error) {
    if (error.name === 'AbortError') {
      stage.textContent = t('checkStopped');
      return null;
    }
    throw error;
  } finally {
    stop.removeEventListener('click', onStop);
    stop.disabled = true;
    delete document.documentElement.dataset.checking;
    if (stage.textContent !== t('checkStopped')) box.hidden = true;
  }
}
