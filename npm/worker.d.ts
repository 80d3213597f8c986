// Declarations for a6check/worker: a6check in a module Web Worker.
import type { FormKey, Findings, Options } from './index.js';

export type WorkerStage = 'read' | 'parse' | 'schema' | 'rules' | 'messages' | 'done';

export interface WorkerProgress {
  /** `read`: bytes of a File read; then the engine's stages. */
  stage: WorkerStage;
  /** Fraction of the stage (read) or of the engine's work (other stages), 0 to 1. */
  fraction: number;
  /** Overall fraction, 0 to 1 (reading a File counts as the first 20%). */
  overall: number;
}

export interface WorkerCheck {
  form: FormKey;
  /** JSON text (read exactly). Give this or `file`. */
  text?: string;
  /** A File or Blob, read in the worker with `read` progress. */
  file?: Blob;
  /** Engine options, as an object or JSON text. */
  options?: Options | string;
  onProgress?: (progress: WorkerProgress) => void;
  /** Aborting cancels like `cancel()`. */
  signal?: AbortSignal;
}

export interface WorkerOptions {
  /** Where the worker fetches a6check_bg.wasm (default: next to the glue module). */
  wasm?: string | URL;
  /** Packed bundle JSON text (default: the embedded bundle). */
  bundle?: string;
  /** The URL of this module, when a bundler moved it. */
  url?: string | URL;
}

export class A6Worker {
  constructor(options?: WorkerOptions);
  /** Resolves once the worker has loaded the Wasm. */
  readonly ready: Promise<{ version: string; bundleName: string; bundleVersion: string }>;
  /** True while a check is pending. */
  readonly busy: boolean;
  /** Validate in the worker; resolves with the findings (and a non-enumerable `ms`). Rejects with an AbortError when cancelled. */
  check(request: WorkerCheck): Promise<Findings & { readonly ms: number }>;
  /** Terminate the worker now (rejecting pending checks with an AbortError) and start a fresh one. */
  cancel(): void;
  /** Terminate the worker for good. */
  terminate(): void;
}
