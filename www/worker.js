// a6check in a Web Worker, so that a 60 MB AEF never freezes the page.
//
// One module, two roles. Imported on the page it exports `A6Worker`, which starts this same
// file as a module worker; inside that worker it loads the Wasm and answers messages.
//
//   import { A6Worker } from './worker.js';          // npm: from 'a6check/worker'
//   const worker = new A6Worker();                   // or new A6Worker({ wasm: '/static/a6check_bg.wasm' })
//   const findings = await worker.check({ form: 'aef', file, onProgress: (p) => bar.value = p.overall });
//   worker.cancel();                                 // rejects the pending check with an AbortError
//
// Protocol (page → worker): {type: 'init', wasm?, bundle?}, {type: 'check', id, form, text | file, options}.
// Worker → page: {type: 'ready', version, bundleName, bundleVersion}, {type: 'progress', id, stage, fraction},
// {type: 'result', id, findings, ms}, {type: 'error', id?, message}. Stages: 'read' (bytes of a File),
// then the engine's 'parse', 'schema', 'rules', 'messages', 'done'.

// build-npm.sh rewrites this specifier to './a6check.js' for the npm package.
import wbgInit, { Checker, version } from './pkg/a6check.js';

const IN_WORKER = typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope;

// ---------------------------------------------------------------- inside the worker

function workerMain() {
  let checker = null;
  let starting = null;

  const post = (message) => globalThis.postMessage(message);

  async function start({ wasm, bundle }) {
    await wbgInit(wasm ? { module_or_path: wasm } : undefined);
    checker = new Checker(bundle ?? undefined);
    post({ type: 'ready', version: version(), bundleName: checker.bundleName, bundleVersion: checker.bundleVersion });
  }

  /**
   * The bytes of a File or Blob, reporting the fraction read (at most every 1%). Bytes, not
   * text: the engine decodes UTF-8 itself (naming the first bad byte of a file saved in another
   * encoding, where TextDecoder would silently put U+FFFD), and no JS string is re-encoded.
   */
  async function readBytes(id, file) {
    const size = file.size || 1;
    const reader = file.stream().getReader();
    const parts = [];
    let read = 0;
    let reported = -1;
    post({ type: 'progress', id, stage: 'read', fraction: 0 });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      parts.push(value);
      const percent = Math.floor((100 * read) / size);
      if (percent > reported) {
        reported = percent;
        post({ type: 'progress', id, stage: 'read', fraction: Math.min(1, read / size) });
      }
    }
    const bytes = new Uint8Array(read);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.byteLength;
    }
    return bytes;
  }

  async function run({ id, form, text, file, options }) {
    const started = performance.now();
    const opts = options ?? undefined; // a plain object (structured-cloned) or JSON text
    const progress = (stage, fraction) => post({ type: 'progress', id, stage, fraction });
    let out;
    if (file && typeof FileReaderSync !== 'undefined') {
      // The Wasm reads the File itself (web-sys FileReaderSync), slice by slice into its own
      // memory: the upload is held once, not once here and again in Wasm.
      out = checker.validateFile(form, file, opts, progress);
    } else if (file) {
      let bytes = await readBytes(id, file);
      out = checker.validateBytes(form, bytes, opts, progress);
      bytes = null;
    } else {
      out = checker.validateWithProgress(form, text, opts, progress);
    }
    text = null;
    post({ type: 'result', id, findings: out, ms: Math.round(performance.now() - started) });
  }

  // Messages are handled strictly one after another: a check waits for the Wasm to be ready
  // and for the check before it.
  let queue = Promise.resolve();
  globalThis.addEventListener('message', ({ data }) => {
    if (data?.type === 'init') {
      starting = start(data);
      queue = queue.then(() => starting).catch((e) => post({ type: 'error', message: String(e?.message ?? e) }));
    } else if (data?.type === 'check') {
      queue = queue.then(async () => {
        try {
          starting ??= start({});
          await starting;
          await run(data);
        } catch (e) {
          post({ type: 'error', id: data.id, message: String(e?.message ?? e) });
        }
      });
    }
  });
}

if (IN_WORKER) workerMain();

// ---------------------------------------------------------------- on the page

/** Overall fraction done: reading a File is the first 20%, the engine's stages the rest. */
function overall(stage, fraction, fromFile) {
  if (stage === 'read') return 0.2 * fraction;
  return fromFile ? 0.2 + 0.8 * fraction : fraction;
}

function abortError(message = 'The check was cancelled') {
  return typeof DOMException === 'function' ? new DOMException(message, 'AbortError') : Object.assign(new Error(message), { name: 'AbortError' });
}

/**
 * A worker running a6check. Checks run one at a time, in order. `cancel()` terminates the worker
 * (the only way to stop Wasm mid-run), rejects every pending check with an `AbortError`, and starts
 * a fresh worker so the next check does not wait for the Wasm to load.
 */
export class A6Worker {
  #options;
  #worker = null;
  #pending = new Map();
  #nextId = 1;
  #ready = null;

  /**
   * @param {{wasm?: string | URL, bundle?: string, url?: string | URL}} [options]
   *   `wasm`: where the worker fetches a6check_bg.wasm (default: next to the glue module);
   *   `bundle`: packed bundle JSON text (default: the embedded bundle);
   *   `url`: this module's URL, when your bundler moved it.
   */
  constructor(options = {}) {
    this.#options = options;
    this.#spawn();
  }

  /** Resolves with `{version, bundleName, bundleVersion}` once the worker has loaded the Wasm. */
  get ready() {
    return this.#ready;
  }

  /** True while a check is pending. */
  get busy() {
    return this.#pending.size > 0;
  }

  #spawn() {
    const { url, wasm, bundle } = this.#options;
    // The literal `new Worker(new URL(...), {type: 'module'})` lets bundlers find and emit the worker.
    const worker = url
      ? new Worker(url, { type: 'module' })
      : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.#worker = worker;
    let readyResolve;
    let readyReject;
    this.#ready = new Promise((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    this.#ready.catch(() => {});
    worker.addEventListener('message', ({ data }) => {
      if (worker !== this.#worker) return;
      if (data.type === 'ready') {
        const { type, ...info } = data;
        readyResolve(info);
        return;
      }
      const job = this.#pending.get(data.id);
      if (data.type === 'error' && !job) {
        readyReject(new Error(data.message));
        return;
      }
      if (!job) return;
      if (data.type === 'progress') {
        job.onProgress?.({ stage: data.stage, fraction: data.fraction, overall: overall(data.stage, data.fraction, job.fromFile) });
      } else if (data.type === 'result') {
        this.#settle(data.id);
        job.resolve(Object.defineProperty(data.findings, 'ms', { value: data.ms }));
      } else if (data.type === 'error') {
        this.#settle(data.id);
        job.reject(new Error(data.message));
      }
    });
    worker.addEventListener('error', (event) => {
      if (worker !== this.#worker) return;
      event.preventDefault?.();
      const error = new Error(`a6check worker failed: ${event.message ?? 'could not start'}`);
      readyReject(error);
      for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(error);
    });
    worker.postMessage({ type: 'init', wasm: wasm === undefined ? undefined : String(wasm), bundle });
  }

  #settle(id) {
    const job = this.#pending.get(id);
    this.#pending.delete(id);
    job?.signal?.removeEventListener('abort', job.onAbort);
    return job;
  }

  /**
   * Validate a document in the worker. Give `text` (JSON text, read exactly) or `file` (a File or
   * Blob, read in the worker with 'read' progress). `options` is an object or JSON text of the
   * engine options. `onProgress({stage, fraction, overall})` is called as it goes; `signal` (an
   * AbortSignal) cancels like `cancel()`. Resolves with the findings object `{valid, findings}`
   * (with a non-enumerable `ms`: the time spent in the worker).
   * @returns {Promise<import('./index.js').Findings>}
   */
  check({ form, text, file, options, onProgress, signal } = {}) {
    if (!this.#worker) return Promise.reject(new Error('a6check worker: terminated'));
    if (typeof form !== 'string') return Promise.reject(new TypeError('a6check worker: form must be a string'));
    if (file === undefined && typeof text !== 'string') return Promise.reject(new TypeError('a6check worker: give text (a string) or file'));
    if (signal?.aborted) return Promise.reject(abortError());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const job = { resolve, reject, onProgress, signal, fromFile: file !== undefined };
      if (signal) {
        job.onAbort = () => this.cancel();
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.#pending.set(id, job);
      this.#worker.postMessage({ type: 'check', id, form, text: file === undefined ? text : undefined, file, options });
    });
  }

  /** Stop every pending check now (they reject with an AbortError) and start a fresh worker. */
  cancel() {
    if (!this.#worker) return;
    this.#worker.terminate();
    const pending = [...this.#pending.keys()].map((id) => this.#settle(id));
    this.#spawn();
    for (const job of pending) job?.reject(abortError());
  }

  /** Stop the worker for good. Pending checks reject with an AbortError. */
  terminate() {
    if (!this.#worker) return;
    this.#worker.terminate();
    this.#worker = null;
    for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(abortError('The worker was terminated'));
  }
}
