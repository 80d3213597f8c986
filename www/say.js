// Text that follows the page's language: say(node, key, vars) shows t(key, vars) and
// remembers it, so sayAgain() can say it again in another language. A var that is a
// function is called each time (words from the dictionary, like () => t('builtIn')).

import { tn } from './i18n.js';

const said = new WeakMap();

export function say(node, key, vars = {}) {
  said.set(node, { key, vars });
  node.dataset.say = key;
  const now = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'function' ? v() : v]));
  node.replaceChildren(...tn(key, now));
}

export function unsay(node) {
  delete node.dataset.say;
  node.replaceChildren();
}

export const sayAgain = () => document.querySelectorAll('[data-say]').forEach((node) => {
  if (said.has(node)) say(node, said.get(node).key, said.get(node).vars);
});
