// a6check as the validator of a react-jsonschema-form (RJSF, @rjsf/core 5 or 6) Form:
//
//   import { init } from 'a6check';
//   import { createValidator } from 'a6check/rjsf';
//   await init();
//   <Form schema={schema} validator={createValidator({ form: 'authorization' })} ... />
//
// It implements @rjsf/utils' ValidatorType without importing @rjsf/utils (no dependency, works
// with RJSF 5 and 6). validateFormData checks the whole form data with the a6check engine for
// the given form key, so every rule of the bundle applies, not only the JSON Schema, and the
// messages are a6check's: "Cooperative approach ID is not in the right format: “CA12”".
//
// What happens to the JSON Schema RJSF passes in:
// - validateFormData(formData, schema, ...): `schema` is ignored. The bundle's own schema and
//   rules for `form` are used (RJSF passes the root schema it renders, which should be the same
//   form; the bundle is the authority).
// - isValid(schema, formData, rootSchema): RJSF asks this about sub-schemas (to pick a oneOf /
//   anyOf option, to resolve dependencies). That schema *is* used: it is compiled with a6check's
//   plain JSON Schema 2020-12 validator (SchemaValidator) with the root schema available as a
//   resource, so "#/$defs/..." references resolve; compiled validators are cached by schema text.
// - rawValidation(schema, formData): the same plain JSON Schema check of `schema`, reported as
//   {errors: [{name, property, message, stack, schemaPath}]}, one per failing keyword
//   (SchemaValidator.validate: name is the keyword, property the instance path).
//
// formData are JavaScript values, so their numbers have already been through binary floating
// point: a 40-digit quantity in an RJSF form is rounded before any validator sees it.

import { SchemaValidator, isInitialized, validate } from './index.js';

const ERRORS = '__errors';
const ROOT = 'urn:a6check:rjsf-root';

function unescapeToken(t) {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** RFC 6901 pointer → RJSF/lodash property path: '/authorizedEntities/0/name' → '.authorizedEntities[0].name'. */
export function pointerToProperty(pointer) {
  if (!pointer) return '.';
  return pointer
    .split('/')
    .slice(1)
    .map(unescapeToken)
    .map((t) => (/^(0|[1-9]\d*)$/.test(t) ? `[${t}]` : /^[A-Za-z_$][\w$]*$/.test(t) ? `.${t}` : `['${t.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`))
    .join('');
}

/** The path segments of a pointer, for nesting an errorSchema. */
function segments(pointer) {
  return pointer ? pointer.split('/').slice(1).map(unescapeToken) : [];
}

/** Findings → RJSF validation errors (`name` is the a6check code, `params` its args). */
export function findingsToErrors(findings, { severities = ['error'] } = {}) {
  return findings
    .filter((f) => severities.includes(f.severity))
    .map((f) => {
      const property = pointerToProperty(f.pointer);
      return {
        name: f.code,
        property,
        message: f.message,
        params: { ...f.args, severity: f.severity, pointer: f.pointer },
        stack: f.message,
        schemaPath: '',
        title: f.args?.field,
      };
    });
}

/** RJSF errors (each with `params.pointer`, or a `property`) → a nested errorSchema with `__errors`. */
export function errorsToErrorSchema(errors) {
  const schema = {};
  for (const error of errors) {
    const path = error.params?.pointer !== undefined ? segments(error.params.pointer) : propertyToPath(error.property);
    let node = schema;
    for (const key of path) node = node[key] ??= {};
    (node[ERRORS] ??= []).push(error.message);
  }
  return schema;
}

/** '.a.b[0]' or '.a.b.0' → ['a', 'b', '0'] (for errors added by transformErrors without a pointer). */
function propertyToPath(property = '') {
  const path = [];
  const re = /\[(?:'((?:[^'\\]|\\.)*)'|(\d+))\]|\.?([^.[\]]+)/g;
  let m;
  while ((m = re.exec(property))) path.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] ?? m[3]);
  return path;
}

/** An errorSchema → a flat list of errors, as @rjsf/utils' toErrorList does. */
export function toErrorList(errorSchema, fieldPath = []) {
  if (!errorSchema) return [];
  const property = `.${fieldPath.join('.')}`;
  const own = Array.isArray(errorSchema[ERRORS])
    ? errorSchema[ERRORS].map((message) => ({ property, message, stack: `${property} ${message}` }))
    : [];
  return Object.keys(errorSchema).reduce((list, key) => {
    const child = errorSchema[key];
    if (key !== ERRORS && child && typeof child === 'object' && !Array.isArray(child)) {
      return list.concat(toErrorList(child, [...fieldPath, key]));
    }
    return list;
  }, own);
}

/** The `errorHandler` tree RJSF's customValidate receives: `addError(message)` at every node of the data. */
function createErrorHandler(data) {
  const handler = {
    [ERRORS]: [],
    addError(message) {
      this[ERRORS].push(message);
    },
  };
  if (Array.isArray(data)) data.forEach((v, i) => (handler[i] = createErrorHandler(v)));
  else if (data && typeof data === 'object') for (const k of Object.keys(data)) handler[k] = createErrorHandler(data[k]);
  return handler;
}

/** The handler tree without its functions and empty lists: an errorSchema. */
function unwrapErrorHandler(handler) {
  const out = {};
  for (const [k, v] of Object.entries(handler)) {
    if (k === 'addError') continue;
    if (k === ERRORS) {
      if (v.length) out[ERRORS] = [...v];
    } else if (v && typeof v === 'object') {
      const child = unwrapErrorHandler(v);
      if (Object.keys(child).length) out[k] = child;
    }
  }
  return out;
}

function mergeErrorSchemas(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k === ERRORS) out[ERRORS] = [...(out[ERRORS] ?? []), ...v];
    else out[k] = out[k] && typeof out[k] === 'object' ? mergeErrorSchemas(out[k], v) : v;
  }
  return out;
}

/** Rewrite local references ("#/$defs/x") of a sub-schema to point into the root schema resource. */
function withRootRefs(schema) {
  if (Array.isArray(schema)) return schema.map(withRootRefs);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${ROOT}${v}` : withRootRefs(v);
  }
  return out;
}

/**
 * A ValidatorType for RJSF backed by a6check. Needs a finished `init()` from 'a6check'.
 * @param {object} config
 * @param {string} config.form  the a6check form key ('authorization', 'aef', 'initial-report')
 * @param {import('./index.js').Checker} [config.checker]  for a custom bundle (default: the embedded one)
 * @param {object} [config.options]  engine options: {lang, mode, context, today, rules}
 * @param {string[]} [config.severities]  which findings become RJSF errors (default ['error'])
 */
export function createValidator({ form, checker = null, options = {}, severities = ['error'] } = {}) {
  if (typeof form !== 'string' || !form) throw new TypeError('a6check/rjsf: createValidator({ form }) needs an a6check form key');
  const compiled = new Map();

  function findingsOf(formData) {
    if (!checker && !isInitialized()) throw new Error('a6check/rjsf: call and await init() from a6check first');
    const text = JSON.stringify(formData === undefined ? {} : formData);
    return checker ? checker.validate(form, text, options) : validate(form, text, options);
  }

  function schemaValidator(schema, rootSchema) {
    const key = JSON.stringify([schema, rootSchema ?? null]);
    let v = compiled.get(key);
    if (v === undefined) {
      try {
        const resources = rootSchema ? JSON.stringify({ [ROOT]: rootSchema }) : undefined;
        v = new SchemaValidator(JSON.stringify(withRootRefs(schema)), resources, false);
      } catch {
        v = null; // an invalid schema: "not valid", as the ValidatorType contract says
      }
      compiled.set(key, v);
    }
    return v;
  }

  const validator = {
    /** The last findings object from validateFormData (warnings included), for display. */
    lastFindings: null,

    validateFormData(formData, _schema, customValidate, transformErrors, uiSchema) {
      const findings = findingsOf(formData);
      validator.lastFindings = findings;
      let errors = findingsToErrors(findings.findings, { severities });
      if (typeof transformErrors === 'function') errors = transformErrors(errors, uiSchema);
      let errorSchema = errorsToErrorSchema(errors);
      if (typeof customValidate !== 'function') return { errors, errorSchema };
      const handler = customValidate(formData, createErrorHandler(formData), uiSchema);
      const userErrors = unwrapErrorHandler(handler ?? {});
      errorSchema = mergeErrorSchemas(errorSchema, userErrors);
      return { errors: [...errors, ...toErrorList(userErrors)], errorSchema };
    },

    toErrorList,

    isValid(schema, formData, rootSchema) {
      const v = schemaValidator(schema, rootSchema);
      if (!v) return false;
      try {
        return v.isValid(JSON.stringify(formData === undefined ? null : formData));
      } catch {
        return false;
      }
    },

    rawValidation(schema, formData) {
      const v = schemaValidator(schema, schema);
      if (!v) return { errors: [], validationError: new Error('a6check/rjsf: the schema does not compile') };
      const { errors } = v.validate(JSON.stringify(formData === undefined ? null : formData));
      return {
        errors: errors.map((e) => ({ name: e.keyword, property: e.instancePath || '.', message: e.message, stack: `${e.instancePath || '.'} ${e.message}`, schemaPath: e.schemaPath })),
      };
    },

    reset() {
      compiled.clear();
    },
  };
  return validator;
}
