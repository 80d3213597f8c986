// Long lists of findings a page at a time: every finding can be reached (Previous / Next),
// and the page never holds 100,000 rows at once. pager(items, show, label) calls
// show(slice) for the page on view and returns the navigation to put after the list
// (hidden when everything fits on one page).

import { el } from './dom.js';
import { t } from './i18n.js';

export const PAGE_SIZE = 100;

const number = (n) => n.toLocaleString('en');

export function pager(items, show, label, size = PAGE_SIZE) {
  let start = 0;
  const status = el('p', { class: 'pager__status', role: 'status' });
  const previous = el('button', { type: 'button', class: 'button button--secondary pager__previous' }, t('pagePrevious'));
  const next = el('button', { type: 'button', class: 'button button--secondary pager__next' }, t('pageNext'));
  const nav = el('nav', { class: 'pager', 'aria-label': t('pageNav', { list: label }) }, previous, status, next);
  const go = (at) => {
    start = at;
    show(items.slice(start, start + size));
    status.textContent = t('pageStatus', { from: number(start + 1), to: number(Math.min(start + size, items.length)), total: number(items.length) });
    previous.disabled = start === 0;
    next.disabled = start + size >= items.length;
  };
  previous.addEventListener('click', () => go(Math.max(0, start - size)));
  next.addEventListener('click', () => go(start + size));
  go(0);
  nav.hidden = items.length <= size;
  return nav;
}
