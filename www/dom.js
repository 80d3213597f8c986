// Tiny DOM and JSON Pointer helpers shared by the demo's modules.

/** Create an element: el('a', {href: '#x', class: 'link'}, 'text', child, ...). Text is never parsed as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** RFC 6901: '/authorizedEntities/1/name' → ['authorizedEntities', '1', 'name']; '' → []. */
export function parsePointer(pointer) {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export const isIndex = (token) => /^\d+$/.test(token);
