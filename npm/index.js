// a6check: Article 6.2 form validation in WebAssembly. The ESM entry of the npm package.
//
// Documents go in as JSON *text* (read exactly), options as a plain object (or its JSON text),
// and a plain findings object comes out: every number in `args` is its exact decimal text, a
// string, so serials above 2^53 keep their digits. Call `await init()` once (it fetches
// and compiles a6check_bg.wasm; pass your own URL, a Response, the bytes or a compiled
// WebAssembly.Module to serve the .wasm from your own path under a strict CSP), then use
// `check`, `validate` or a `Checker` synchronously.

import wbgInit, { initSync as wbgInitSync, Checker, SchemaValidator, validate, version } from './a6check.js';

export { Checker, SchemaValidator, validate, version };

let ready = null;
let initialized = false;

/**
 * Load and compile the Wasm module. `input` is optional: a URL or string path, a `Request`,
 * a `Response` (or a promise of one), an `ArrayBuffer`/typed array of the module's bytes, or a
 * `WebAssembly.Module`. Without it, `a6check_bg.wasm` next to this file is fetched (bundlers
 * such as Vite rewrite that URL to the emitted asset).
 *
 * Only the first call loads anything; later calls return the same promise, whatever their
 * `input`. A failed load can be retried.
 * @param {string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module} [input]
 * @returns {Promise<void>}
 */
export function init(input) {
  if (!ready) {
    ready = wbgInit(input === undefined ? undefined : { module_or_path: input }).then(() => {
      initialized = true;
    });
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

/**
 * Synchronous `init` from the module's bytes or a compiled `WebAssembly.Module` (for example in
 * a worker that received the module by `postMessage`). Does nothing when already initialized.
 * @param {BufferSource | WebAssembly.Module} module
 */
export function initSync(module) {
  if (initialized) return;
  wbgInitSync({ module });
  initialized = true;
  ready ??= Promise.resolve();
}

/**
 * True once the Wasm module is loaded — by `init`, `initSync`, or another module of this package
 * (the web component, for one) — so that `check`, `validate` and `new Checker()` may be used.
 */
export function isInitialized() {
  if (!initialized) {
    try {
      version(); // throws while the glue has no instance
      initialized = true;
    } catch {
      // not loaded yet
    }
  }
  return initialized;
}

/**
 * Validate a document and return the findings object `{valid, findings}` (numbers in `args`
 * as exact decimal strings).
 *
 * `document` is JSON text or a value. Text is read exactly (a 40-digit quantity keeps every
 * digit); a value is `JSON.stringify`-ed first, so its numbers have already been through
 * JavaScript's binary floating point. Pass text whenever you have it.
 *
 * `options`: `{lang, mode: 'submit'|'draft', context, today, rules}` (or its JSON text), plus
 * `checker` to use a `Checker` built from your own bundle instead of the embedded default one.
 * Requires a finished `init()`. Throws for a wrong call (unknown form, bad options); anything
 * wrong with the document, including a JSON syntax error, is a finding.
 * @param {string} form
 * @param {unknown} document
 * @param {object | string} [options]
 */
export function check(form, document, options) {
  if (!isInitialized()) throw new Error('a6check: call and await init() before check()');
  const text = typeof document === 'string' ? document : JSON.stringify(document === undefined ? null : document);
  let checker = null;
  let rest = options;
  if (options && typeof options === 'object' && 'checker' in options) {
    ({ checker, ...rest } = options);
  }
  return checker ? checker.validate(form, text, rest) : validate(form, text, rest);
}
