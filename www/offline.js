// Offline use: registers the service worker (sw.js) and, when a newer version of the demo
// has been downloaded beside the running one, offers it: "A newer version is available" and
// a Reload button. Nothing is switched until the user chooses to, so a half-filled form is
// never swapped under them (and its answers are kept as a draft anyway: drafts.js).
// Every page loads this module (<script type="module" src="offline.js">); the banner's words follow the page's language (i18n.js).
//
// document.documentElement.dataset.offline: 'ready' once the files are cached and this
// page is served by the worker, 'update' while a newer version waits.

import { el } from './dom.js';
import { t } from './i18n.js';

const root = document.documentElement;

/** The banner, at the top of <main>: a status region, so that screen readers announce the offer. */
function banner() {
  let box = document.getElementById('update-banner');
  if (box) return box;
  box = el('div', { id: 'update-banner', class: 'update-banner', role: 'status' });
  (document.querySelector('main') ?? document.body).prepend(box);
  return box;
}

function offer(waiting) {
  root.dataset.offline = 'update';
  const button = el('button', { type: 'button', class: 'update-banner__button', id: 'update-reload', 'data-i18n': 'updateReload' }, t('updateReload'));
  button.addEventListener('click', () => {
    button.disabled = true;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage({ type: 'skip-waiting' });
  });
  banner().replaceChildren(el('p', { class: 'update-banner__text', 'data-i18n': 'updateAvailable' }, t('updateAvailable')), button);
}

/** A worker that finished installing while another one runs is a newer version. */
function watch(worker) {
  const check = () => {
    if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
  };
  worker.addEventListener('statechange', check);
  check();
}

async function startOffline() {
  if (!('serviceWorker' in navigator)) return;
  banner();
  let registration;
  try {
    registration = await navigator.serviceWorker.register(new URL('sw.js', import.meta.url), { updateViaCache: 'none' });
  } catch {
    return; // no offline copy (e.g. sw-files.js not generated); the page works online as before
  }
  if (!registration) return; // service workers blocked (a browser policy, a test)
  if (registration.waiting) watch(registration.waiting);
  registration.addEventListener('updatefound', () => watch(registration.installing));
  await navigator.serviceWorker.ready;
  if (!root.dataset.offline) root.dataset.offline = 'ready';
  // A long-open page also learns of a new version, not only a newly loaded one.
  registration.update().catch(() => {});
}

// After the page has loaded: the first visit's own requests come first, then the copy for offline use.
if (document.readyState === 'complete') startOffline();
else window.addEventListener('load', startOffline, { once: true });
