// JSON text in and out without JavaScript numbers: a 40-digit quantity must reach the
// engine digit for digit, and JSON.stringify(Number) would already have rounded it.

/** A JSON number kept as the text the user typed or the file contained. */
export class RawNumber {
  constructor(text) {
    this.text = text;
  }
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A number field's answer: the digits verbatim when they are a JSON number, else text (the engine reports the type). */
export function numberAnswer(text) {
  return JSON_NUMBER.test(text) ? new RawNumber(text) : text;
}

/** Serialise strings, arrays, plain objects and RawNumbers, indented by two spaces. */
export function stringify(value, indent = '') {
  const inner = `${indent}  `;
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((v) => inner + stringify(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (!keys.length) return '{}';
    const members = keys.map((k) => `${inner}${JSON.stringify(k)}: ${stringify(value[k], inner)}`);
    return `{\n${members.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** JSON.parse, except that numbers come back as RawNumbers holding their source text. */
export function parseExact(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' ? new RawNumber(context?.source ?? String(value)) : value,
  );
}
