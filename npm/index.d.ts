// Hand-written declarations for the a6check npm package (the ESM entry, index.js).

/** How serious a finding is: only errors make a document invalid. */
export type Severity = 'error' | 'warning' | 'info';

/** The forms of the embedded default bundle; a custom bundle may have others. */
export type FormKey = 'authorization' | 'aef' | 'initial-report' | (string & {});

/**
 * A value in `args`. Numbers come as their exact decimal text (`"12345678901234567890"`, `"19.99"`):
 * a JS number would round serials above 2^53. `Number(x)` where a float is good enough.
 */
export type ArgValue = string | boolean | null | ArgValue[] | { [name: string]: ArgValue };

/** Message arguments of a finding. `field` is the label of the field (for example "Cooperative approach ID"). */
export interface FindingArgs {
  field?: string;
  [name: string]: ArgValue | undefined;
}

/**
 * What a6check throws for a wrong call (unknown form, bad options, a broken bundle, bytes that
 * are not UTF-8): an `Error` whose `code` is stable (`unknown-form`, `bad-options`, `not-utf8`,
 * ...) and whose `args` hold the details, so a page can say it in its own words.
 */
export interface A6checkError extends Error {
  code: string;
  args: Record<string, ArgValue>;
}

/** One problem (or note) in a document. */
export interface Finding {
  /** Stable machine code: a JSON Schema keyword (`required`, `format`, ...) or a rule id (`AEF-X-15`). */
  code: string;
  severity: Severity;
  /** RFC 6901 JSON Pointer to the field that must change; for a missing field, the missing child. `''` is the whole document. */
  pointer: string;
  /** The message for people, naming the field. */
  message: string;
  args: FindingArgs;
}

/** The result of a validation. `valid` is false when any finding is an error. */
export interface Findings {
  valid: boolean;
  findings: Finding[];
}

/**
 * Validation options: a plain object (or its JSON text). Anything else (a `Map`, an array, a
 * number) throws an `A6checkError` with code `bad-options`.
 */
export interface Options {
  /**
   * Message language (BCP 47; `fr-CA` uses `fr`); the bundle's default when omitted. A language
   * the bundle has no messages for (`de-DE`, `pt`) gives the default language and a first
   * finding `language-fallback` (severity info) that says so.
   */
  lang?: string;
  /** `draft` drops "required" and "conditionally required" findings, for half-filled forms. */
  mode?: 'submit' | 'draft';
  /**
   * Earlier submissions for cross-submission checks: `{"priorSubmissions": [...]}`, as a value or
   * JSON text (text keeps big numbers exact; a value's numbers have been through JS already).
   */
  context?: string | { priorSubmissions?: unknown[]; [name: string]: unknown };
  /** Today's date (`YYYY-MM-DD`) for "not in the future" checks; they are skipped without it. */
  today?: string;
  /** Per-rule overrides: `off` or a severity (unconfirmed rules never become errors). */
  rules?: Record<string, 'off' | 'error' | 'warning' | 'info'>;
}

/** `check` options: the engine options, plus a `Checker` for a custom bundle. */
export interface CheckOptions extends Options {
  checker?: Checker;
}

/** Where the Wasm module comes from. */
export type InitInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Load and compile the Wasm module, once. Without `input`, `a6check_bg.wasm` next to index.js is
 * fetched. Later calls return the first call's promise whatever their `input`.
 */
export function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Synchronous `init` from the module's bytes or a compiled `WebAssembly.Module`. */
export function initSync(module: BufferSource | WebAssembly.Module): void;

/** True once `init` or `initSync` has finished. */
export function isInitialized(): boolean;

/**
 * Validate `document` (JSON text, read exactly; or a value, which is `JSON.stringify`-ed, so its
 * numbers have already been rounded by JavaScript) as `form`; returns the parsed findings.
 * Needs a finished `init()`. Throws for a wrong call (unknown form, bad options).
 */
export function check(form: FormKey, document: string | unknown, options?: CheckOptions | string): Findings;

/** Progress stages reported by `Checker.validateWithProgress`. */
export type ProgressStage = 'parse' | 'schema' | 'rules' | 'messages' | 'done';

/** A language of the bundle, from `Checker.languages()`. */
export interface LanguageInfo {
  /** BCP 47 code, as `options.lang` takes it (`en`, `fr`, `es`, `ar`, `ru`, `zh`). */
  code: string;
  /** The language's name in itself (`Français`, `العربية`), for a language picker. */
  name: string;
  /** Writing direction, for the page's `dir`. */
  direction: 'ltr' | 'rtl';
}

/** A form of the bundle, from `Checker.forms(lang)`. */
export interface FormInfo {
  /** Form key, as `validate` takes it. */
  key: FormKey;
  /** Title, in the language asked for (English without one). */
  title: string;
}

/**
 * Field labels by JSON pointer pattern, `*` standing for any array index (the label of
 * every entity's name is under the pointer of the first one with `0` written `*`).
 * From `Checker.labels(form, lang)`.
 */
export type Labels = Record<string, string>;

/** One document for `Checker.reconcile`: its name (echoed in findings) and its JSON as text or UTF-8 bytes. */
export interface ReconcileFile {
  name: string;
  text?: string;
  bytes?: Uint8Array;
  /** The form, when it is not to be recognised from the content. */
  form?: FormKey;
}

/** A finding of `Checker.reconcile`: as in `Findings`, plus the document it is in. */
export interface ReconcileFinding {
  code: string;
  severity: Severity;
  /** The `name` of the document the pointer is in. */
  document: string;
  pointer: string;
  message: string;
  /** Cross-document findings name the other record: `otherDocument`, `other` (pointer), `otherField`. */
  args: Record<string, unknown>;
}

/** Transfers by `from` to `to` against acquisitions by `to` from `from`, in ITMOs (exact decimal text; null when that Party's AEF for the year is not among the files). */
export interface Flow {
  from: string;
  to: string;
  approach: string;
  vintage: string;
  year: number;
  transferred: string | null;
  acquired: string | null;
}

/** The result of `Checker.reconcile`, as `a6check reconcile` prints it, plus `flows`. */
export interface Reconciliation {
  valid: boolean;
  documents: { document: string; form: FormKey | null; party: string | null; year: number | null; version: string | null }[];
  findings: ReconcileFinding[];
  flows: Flow[];
}

/** A compiled schema bundle. Create one per bundle and reuse it for every document. */
export class Checker {
  /** Compile `bundle` (packed bundle JSON text, from `a6check bundle pack`), or the embedded default bundle. */
  constructor(bundle?: string | null);
  /** Validate JSON text as `form`. Returns the findings object. */
  validate(form: FormKey, text: string, options?: Options | string | null): Findings;
  /**
   * As `validate`, returning the findings as JSON text, byte-identical to `a6check validate`
   * (numbers as they were written): for a server that passes it on.
   */
  validateJson(form: FormKey, text: string, options?: Options | string | null): string;
  /** As `validate`, calling `progress(stage, fraction)` as it goes (for a worker's progress bar). */
  validateWithProgress(
    form: FormKey,
    text: string,
    options: Options | string | null | undefined,
    progress: (stage: ProgressStage, fraction: number) => void,
  ): Findings;
  /**
   * As `validate`, for the document as UTF-8 bytes (e.g. `new Uint8Array(await file.arrayBuffer())`):
   * no string to re-encode, and bytes that are not UTF-8 throw an Error naming byte, line and column.
   */
  validateBytes(
    form: FormKey,
    bytes: Uint8Array,
    options?: Options | string | null,
    progress?: ((stage: ProgressStage, fraction: number) => void) | null,
  ): Findings;
  /**
   * As `validateBytes`, for a `File` or `Blob` that the Wasm reads itself with `FileReaderSync`,
   * slice by slice into its own memory (the upload is held once). Web Workers only: elsewhere it
   * throws an `A6checkError` with code `no-file-reader-sync`. `progress` also gets the stage `read`.
   */
  validateFile(
    form: FormKey,
    file: Blob,
    options?: Options | string | null,
    progress?: ((stage: ProgressStage | 'read', fraction: number) => void) | null,
  ): Findings;
  /**
   * Validate one part of a document (`text`: a row or a field, JSON) as the value at `pointer`
   * (e.g. `/t3Actions/4311`) of `form`: the schema checks that apply there, at a cost independent
   * of the document's size (a check per keystroke). Findings point into the whole document; rules
   * that compare rows run in `validate`. Throws on a malformed pointer or a place the form lacks.
   */
  validateAt(form: FormKey, pointer: string, text: string, options?: Options | string | null): Findings;
  /**
   * Read earlier submissions (`{priorSubmissions: [...]}`, a value or JSON text; text keeps big
   * numbers exact) once: every later check without a `context` of its own uses them, with no
   * parsing per call. Returns how many were loaded. Throws `bad-context` for a wrong shape.
   */
  loadContext(context: string | { priorSubmissions?: unknown[]; [name: string]: unknown }): number;
  /** Forget what `loadContext` loaded. */
  clearContext(): void;
  /**
   * Reconcile several documents at once (AEFs, letters of authorization, initial reports of one or
   * more Parties and years): each checked on its own, then the cross-document rules (counterparts,
   * double counting, block invariants, letter against Table 2, initial report, holdings over a
   * series). Throws `reconcile-form-unknown` for a document of no recognisable form.
   */
  reconcile(files: ReconcileFile[], options?: Options | string | null): Reconciliation;
  /** The bundle's forms; titles in `lang` when given (the default language's for one the bundle lacks). */
  forms(lang?: string | null): FormInfo[];
  /** Languages with messages (code, own name, direction). */
  languages(): LanguageInfo[];
  /**
   * Field labels of `form` in `lang` (the default language when omitted or when the bundle lacks
   * it): keyed by pointer pattern, as the bundle's catalogs key them; English where a catalog has none.
   */
  labels(form: FormKey, lang?: string | null): Labels;
  /** Values of a code list of the bundle (`purposes`, `sectors`, ...), in their official spelling. */
  codeList(name: string): string[];
  /** The bundle's semantic version. */
  readonly bundleVersion: string;
  /** The bundle's name. */
  readonly bundleName: string;
  /** Free the Wasm memory now rather than at garbage collection. */
  free(): void;
}

/** One error of `SchemaValidator.validate`, named as the JSON Schema output formats name places. */
export interface SchemaError {
  /** JSON Pointer of the failing value. */
  instancePath: string;
  /** JSON Pointer of the failing keyword in its schema document. */
  schemaPath: string;
  /** The keywords from the root, `$ref` included. */
  evaluationPath: string;
  /** The failing keyword (`type`, `required`, `pattern`, ...). */
  keyword: string;
  /** English text. */
  message: string;
}

/** A plain JSON Schema 2020-12 validator with exact numbers; nothing is fetched from the network. */
export class SchemaValidator {
  /**
   * `schema` is JSON text or a plain object; `resources` an object (or its JSON text) mapping URIs
   * to schemas; `format` asserts only with `assertFormats`. Throws an `A6checkError` (`bad-schema`).
   */
  constructor(schema: string | object | boolean, resources?: string | Record<string, unknown> | null, assertFormats?: boolean | null);
  /** True when `instance` (JSON text) is valid. Throws when it is not JSON. */
  isValid(instance: string): boolean;
  /** Check `instance` (JSON text); at most `limit` errors (default 100). */
  validate(instance: string, limit?: number | null): { valid: boolean; errors: SchemaError[] };
  free(): void;
}

/** Validate JSON text with the embedded default bundle; returns the findings object. */
export function validate(form: FormKey, text: string, options?: Options | string | null): Findings;

/** The a6check engine version. */
export function version(): string;
