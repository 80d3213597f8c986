// Charts of an AEF's summary (report.html): ITMOs by vintage, by action type and by
// cooperative approach, and the holdings from opening through in and out to closing.
// SVG drawn here (no library: nothing to fetch, nothing the CSP has to allow); every chart
// is an <svg role="img"> with a title, followed by a table of the same figures, which is
// what screen readers read and what stays exact (bar lengths are the only rounded thing).
// Printed with the results.

import { t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const BAR = 22; // bar thickness
const GAP = 10;
const WIDTH = 640;
const CHAR = 6.6; // about one character of the 13px labels

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

function html(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** An exact decimal string (the summary's numbers) as a BigInt count of ITMOs; anything else 0. */
const count = (v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : 0n);
const grouped = (n) => n.toLocaleString('en');

/**
 * One horizontal bar chart and its table. `rows`: [{ cells: [label texts…], value: BigInt }];
 * `columns`: the table's headings for the label cells; the last column is the ITMOs.
 */
function barChart(id, title, columns, rows) {
  const max = rows.reduce((m, r) => (r.value > m ? r.value : m), 0n);
  // Room for the longest label on the start side, within reason.
  const LABEL = Math.min(320, Math.max(80, Math.ceil(Math.max(...rows.map((r) => r.cells.join(' · ').length)) * CHAR) + 16));
  const height = rows.length * (BAR + GAP) + GAP;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', role: 'img', 'aria-labelledby': `${id}-title`, class: 'chart__svg' },
    svg('title', { id: `${id}-svg-title` }, title));
  rows.forEach((row, i) => {
    const y = GAP + i * (BAR + GAP);
    const room = WIDTH - LABEL - 110;
    const length = max > 0n ? Math.max(row.value > 0n ? 2 : 0, Number((row.value * 1000n) / max) / 1000 * room) : 0;
    chart.append(
      svg('text', { x: LABEL - 8, y: y + BAR * 0.7, 'text-anchor': 'end', class: 'chart__label' }, row.cells.join(' · ')),
      svg('rect', { x: LABEL, y, width: length.toFixed(1), height: BAR, class: `chart__bar${row.kind ? ` chart__bar--${row.kind}` : ''}` }),
      svg('text', { x: LABEL + length + 6, y: y + BAR * 0.7, class: 'chart__value' }, row.text ?? grouped(row.value)));
  });
  const table = html('table', { class: 'table table--narrow chart__table', id: `${id}-table` },
    html('caption', { class: 'table__caption' }, t('chartTable', { chart: title })),
    html('thead', {}, html('tr', {}, ...columns.map((c) => html('th', { scope: 'col' }, c)), html('th', { scope: 'col', class: 'table__numeric' }, t('chartItmos')))),
    html('tbody', {}, ...rows.map((row) => html('tr', {},
      ...row.cells.map((c, i) => html(i ? 'td' : 'th', i ? {} : { scope: 'row' }, c)),
      html('td', { class: 'table__numeric' }, row.text ?? grouped(row.value))))));
  return html('figure', { class: 'chart', id },
    html('figcaption', { class: 'heading-s', id: `${id}-title` }, title),
    chart, table);
}

/** Rows of a { key: { actionType: totals } } map: one per key and action type. */
function nestedRows(map) {
  return Object.entries(map ?? {}).flatMap(([key, byType]) => Object.entries(byType ?? {})
    .map(([type, totals]) => ({ cells: [key, type], value: count(totals?.itmos) })));
}

/** The holdings from the reconciliation blocks, summed: opening (when known), in, out, closing. */
function holdingsRows(reconciliation) {
  const blocks = Array.isArray(reconciliation?.blocks) ? reconciliation.blocks : [];
  const sum = (key) => blocks.reduce((s, b) => s + count(b[key]), 0n);
  const opening = reconciliation?.openingKnown
    ? { cells: [t('chartOpening')], value: sum('opening'), kind: 'opening' }
    : { cells: [t('chartOpening')], value: 0n, kind: 'opening', text: t('chartOpeningUnknown') };
  return [
    opening,
    { cells: [t('chartIn')], value: sum('acquired'), kind: 'in' },
    { cells: [t('chartOut')], value: sum('removed'), kind: 'out' },
    { cells: [t('chartClosing')], value: sum('closing'), kind: 'closing' },
  ];
}

/** The charts of one summarised AEF (`doc`: summary.documents[i]), or null without Table 3 or 4 rows. */
export function summaryCharts(prefix, doc) {
  const totals = doc?.totals ?? {};
  const byType = Object.entries(totals.byActionType ?? {}).map(([type, v]) => ({ cells: [type], value: count(v?.itmos) }));
  const holdings = holdingsRows(doc?.reconciliation);
  if (!byType.length && holdings.every((r) => r.value === 0n)) return null;
  const charts = [];
  if (byType.length) {
    charts.push(
      barChart(`${prefix}-chart-vintage`, t('chartVintage'), [t('chartVintageCol'), t('chartTypeCol')], nestedRows(totals.byVintage)),
      barChart(`${prefix}-chart-type`, t('chartType'), [t('chartTypeCol')], byType),
      barChart(`${prefix}-chart-approach`, t('chartApproach'), [t('chartApproachCol'), t('chartTypeCol')], nestedRows(totals.byCooperativeApproach)));
  }
  charts.push(barChart(`${prefix}-chart-holdings`, t('chartHoldings'), [t('chartStageCol')], holdings));
  return html('section', { class: 'charts', 'aria-labelledby': `${prefix}-charts-title` },
    html('h4', { class: 'heading-s', id: `${prefix}-charts-title` }, t('chartsTitle')), ...charts);
}
