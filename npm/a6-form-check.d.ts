// Declarations for a6check/a6-form-check: the <a6-form-check> custom element (defined on import).
import type { Checker, Findings, Options } from './index.js';

export class A6FormCheck extends HTMLElement {
  /** A Checker for a custom bundle (default: the embedded bundle). */
  checker: Checker | null;
  /** More engine options (context, today, rules), merged with the lang and mode attributes. */
  options: Options;
  /** The last findings, or null. */
  readonly result: Findings | null;
  /** The wrapped form. */
  readonly formElement: HTMLFormElement | null;
  /** The form's answers as the JSON text the checker gets. */
  jsonText(): string;
  /** Check now and show the result; `focus` moves focus to the summary (default true). */
  check(options?: { focus?: boolean; mode?: 'submit' | 'draft' }): Promise<Findings>;
  /** Remove every error message, summary and title prefix. */
  clear(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'a6-form-check': A6FormCheck;
  }
  interface HTMLElementEventMap {
    'a6-valid': CustomEvent<Findings>;
    'a6-invalid': CustomEvent<Findings>;
    'a6-error': CustomEvent<Error>;
  }
}
