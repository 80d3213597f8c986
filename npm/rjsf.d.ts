// Declarations for a6check/rjsf: a react-jsonschema-form validator backed by a6check.
// Structurally compatible with @rjsf/utils' ValidatorType (RJSF 5 and 6); no import of @rjsf/utils.
import type { Checker, FindingArgs, Finding, Findings, FormKey, Options } from './index.js';

/** An RJSF validation error made from an a6check finding. */
export interface RJSFValidationError {
  /** The a6check code (`format`, `required`, a rule id). */
  name?: string;
  /** The lodash path of the field: `.authorizedEntities[0].name`. */
  property?: string;
  message?: string;
  /** The finding's args, plus its `severity` and `pointer`. */
  params?: FindingArgs & { severity?: string; pointer?: string };
  stack: string;
  schemaPath?: string;
  /** The field label. */
  title?: string;
}

/** RJSF's nested error tree: `{authorizedEntities: {0: {name: {__errors: ['...']}}}}`. */
export type ErrorSchema = { __errors?: string[] } & { [key: string]: ErrorSchema | string[] | undefined };

export interface ValidationData {
  errors: RJSFValidationError[];
  errorSchema: ErrorSchema;
}

export interface A6RjsfValidator {
  /** Check the form data with the a6check engine for the configured form; `schema` is ignored (the bundle's schema and rules apply). */
  validateFormData(
    formData: unknown,
    schema: unknown,
    customValidate?: (formData: any, errors: any, uiSchema?: any) => any,
    transformErrors?: (errors: RJSFValidationError[], uiSchema?: any) => RJSFValidationError[],
    uiSchema?: unknown,
  ): ValidationData;
  /** An errorSchema as a flat list (as @rjsf/utils' toErrorList). */
  toErrorList(errorSchema?: ErrorSchema, fieldPath?: string[]): RJSFValidationError[];
  /** Plain JSON Schema 2020-12 check of a (sub-)schema, with `rootSchema` for `#/...` references. */
  isValid(schema: unknown, formData: unknown, rootSchema: unknown): boolean;
  /** Plain JSON Schema check of `schema`: no errors, or one. */
  rawValidation<Result = any>(schema: unknown, formData?: unknown): { errors?: Result[]; validationError?: Error };
  /** Forget the compiled sub-schemas. */
  reset(): void;
  /** The last findings object from validateFormData, warnings included. */
  lastFindings: Findings | null;
}

export interface CreateValidatorConfig {
  /** The a6check form key. */
  form: FormKey;
  /** A Checker for a custom bundle (default: the embedded bundle). */
  checker?: Checker | null;
  /** Engine options. */
  options?: Options;
  /** Which findings become RJSF errors (default `['error']`). */
  severities?: Array<Finding['severity']>;
}

/** A validator for `<Form validator={...}>`. Needs a finished `init()` from 'a6check'. */
export function createValidator(config: CreateValidatorConfig): A6RjsfValidator;

/** `/authorizedEntities/0/name` → `.authorizedEntities[0].name`. */
export function pointerToProperty(pointer: string): string;

/** Findings → RJSF errors (only the given severities, default errors). */
export function findingsToErrors(findings: Finding[], options?: { severities?: Array<Finding['severity']> }): RJSFValidationError[];

/** RJSF errors → nested errorSchema. */
export function errorsToErrorSchema(errors: RJSFValidationError[]): ErrorSchema;

/** errorSchema → flat error list. */
export function toErrorList(errorSchema?: ErrorSchema, fieldPath?: string[]): RJSFValidationError[];
