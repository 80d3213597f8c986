// "Print or save as PDF" and "Download findings" (CSV, JSON) for the last check on
// index.html: the actions go under the results they are about, the printable report
// (findings-report.js) is kept up to date for the browser's own Print command too.

import { findingsCsv, renderReport, reportFileName } from './findings-report.js';

const $ = (id) => document.getElementById(id);
let urls = [];

function link(anchor, data, type, name) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  urls.push(url);
  anchor.href = url;
  anchor.download = name;
  anchor.type = type;
}

/**
 * Offer the report of `check` ({ form, formTitle, doc, report, raw (the engine's JSON text),
 * at, bundle, mode, priorNames }) after `place` (an element the actions follow).
 */
export function showReportActions(place, check) {
  hideReportActions();
  renderReport($('print-report'), check);
  document.documentElement.dataset.report = check.form;
  link($('download-csv'), findingsCsv(check.report, check.priorNames), 'text/csv', reportFileName(check.form, check.doc, 'csv'));
  link($('download-json'), `${check.raw}\n`, 'application/json', reportFileName(check.form, check.doc, 'json'));
  const actions = $('report-actions');
  place.after(actions);
  actions.hidden = false;
}

export function hideReportActions() {
  for (const url of urls.splice(0)) URL.revokeObjectURL(url);
  $('report-actions').hidden = true;
  $('print-report').replaceChildren();
  delete document.documentElement.dataset.report;
}

$('print-findings').addEventListener('click', () => window.print());
