// Engine messages as DOM text with the machine parts isolated, so that an Arabic
// sentence does not reorder "/t3Actions/0", "CA12" or "2025-07-08" around it:
// JSON Pointers and codes go in <bdi dir="ltr">, argument values in <bdi> (direction
// from their own first strong letter). Text only: engine output is never parsed as HTML.

import { el } from './dom.js';
import { RawNumber } from './json-text.js';

// A JSON Pointer in running text: "/t3Actions/0", "/priorSubmissions/0/t3Actions/0/actionDate".
// Not after a letter, digit or slash ("and/or", "1/2"); a sentence's final period is left out.
const POINTER = /(?<![\p{L}\p{N}/])\/[A-Za-z][\w~-]*(?:\.[\w~-]+)*(?:\/[\w~-]+(?:\.[\w~-]+)*)*/gu;
// Arguments that are words in the reader's language or positions, not values.
const NOT_VALUES = new Set(['field', 'otherField', 'columnField', 'line', 'column', 'op', 'otherSubmission']);

/** A left-to-right isolate: pointers, codes, identifiers. */
export const ltr = (text, className) => el('bdi', { dir: 'ltr', class: className }, text);

/** An isolate that takes its direction from its content: values, names, labels. */
export const iso = (...children) => el('bdi', {}, ...children);

function valueTexts(args = {}) {
  const out = new Set();
  const add = (v) => {
    if (v instanceof RawNumber) out.add(v.text);
    else if (Array.isArray(v)) v.forEach(add);
    else if (typeof v === 'string' || typeof v === 'number') out.add(String(v));
  };
  for (const [key, value] of Object.entries(args)) if (!NOT_VALUES.has(key)) add(value);
  return [...out].filter((s) => s.trim());
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The finding's message as text nodes and isolates. */
export function messageNodes(finding) {
  const text = String(finding.message ?? '');
  const spans = [];
  for (const m of text.matchAll(POINTER)) spans.push([m.index, m.index + m[0].length, true]);
  for (const value of valueTexts(finding.args)) {
    const whole = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'gu');
    for (const m of text.matchAll(whole)) spans.push([m.index, m.index + m[0].length, false]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const nodes = [];
  let at = 0;
  for (const [start, end, pointer] of spans) {
    if (start < at) continue; // inside a longer isolate already
    if (start > at) nodes.push(text.slice(at, start));
    const piece = text.slice(start, end);
    nodes.push(pointer ? ltr(piece, 'pointer') : iso(piece));
    at = end;
  }
  if (at < text.length) nodes.push(text.slice(at));
  return nodes;
}
