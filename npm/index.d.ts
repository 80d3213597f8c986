// Hand-written declarations for the a6check npm package (the ESM entry, index.js).

/** How serious a finding is: only errors make a document invalid. */
export type Severity = 'error' | 'warning' | 'info';

/** The forms of the embedded default bundle; a custom bundle may have others. */
export type FormKey = 'authorization' | 'aef' | 'initial-report' | (string & {});

/** Message arguments of a finding. `field` is the label of the field (for example "Cooperative approach ID"). */
export interface FindingArgs {
  field?: string;
  [name: string]: unknown;
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

/** Validation options (the JSON object the engine reads). */
export interface Options {
  /** Message language (BCP 47); the bundle's default when omitted. */
  lang?: string;
  /** `draft` drops "required" and "conditionally required" findings, for half-filled forms. */
  mode?: 'submit' | 'draft';
  /** Earlier submissions for cross-submission checks: `{"priorSubmissions": [...]}`, as a value or JSON text. */
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

/** A compiled schema bundle. Create one per bundle and reuse it for every document. */
export class Checker {
  /** Compile `bundle` (packed bundle JSON text, from `a6check bundle pack`), or the embedded default bundle. */
  constructor(bundle?: string | null);
  /** Validate JSON text as `form`; `options` is JSON text of `Options`. Returns findings JSON text. */
  validate(form: FormKey, text: string, options?: string | null): string;
  /** As `validate`, calling `progress(stage, fraction)` as it goes (for a worker's progress bar). */
  validateWithProgress(
    form: FormKey,
    text: string,
    options: string | null | undefined,
    progress: (stage: ProgressStage, fraction: number) => void,
  ): string;
  /**
   * As `validate`, for the document as UTF-8 bytes (e.g. `new Uint8Array(await file.arrayBuffer())`):
   * no string to re-encode, and bytes that are not UTF-8 throw an Error naming byte, line and column.
   */
  validateBytes(
    form: FormKey,
    bytes: Uint8Array,
    options?: string | null,
    progress?: ((stage: ProgressStage, fraction: number) => void) | null,
  ): string;
  /**
   * Validate one part of a document (`text`: a row or a field, JSON) as the value at `pointer`
   * (e.g. `/t3Actions/4311`) of `form`: the schema checks that apply there, at a cost independent
   * of the document's size (a check per keystroke). Findings point into the whole document; rules
   * that compare rows run in `validate`. Throws on a malformed pointer or a place the form lacks.
   */
  validateAt(form: FormKey, pointer: string, text: string, options?: string | null): string;
  /** The bundle's forms as JSON text of `FormInfo[]`; titles in `lang` when given. */
  forms(lang?: string | null): string;
  /** Languages with messages, as JSON text of `LanguageInfo[]` (code, own name, direction). */
  languages(): string;
  /**
   * Field labels of `form` in `lang` (default language when omitted) as JSON text of `Labels`:
   * keyed by pointer pattern, as the bundle's catalogs key them; English where a catalog has none.
   */
  labels(form: FormKey, lang?: string | null): string;
  /** Values of a code list of the bundle (`purposes`, `sectors`, ...) as JSON text of `string[]`. */
  codeList(name: string): string;
  /** The bundle's semantic version. */
  readonly bundleVersion: string;
  /** The bundle's name. */
  readonly bundleName: string;
  /** Free the Wasm memory now rather than at garbage collection. */
  free(): void;
}

/** A plain JSON Schema 2020-12 validator with exact numbers; nothing is fetched from the network. */
export class SchemaValidator {
  /** `schema` is JSON text; `resources` JSON text mapping URIs to schemas; `format` asserts only with `assertFormats`. */
  constructor(schema: string, resources?: string | null, assertFormats?: boolean | null);
  /** True when `instance` (JSON text) is valid. Throws when it is not JSON. */
  isValid(instance: string): boolean;
  free(): void;
}

/** Validate JSON text with the embedded default bundle; returns findings JSON text. */
export function validate(form: FormKey, text: string, options?: string | null): string;

/** The a6check engine version. */
export function version(): string;
