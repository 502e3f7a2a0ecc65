// Pasted HTML, made safe to show: parsed inertly with DOMParser (a document
// with no browsing context runs no script and loads nothing), then rebuilt
// from an allowlist. Dropped: scripts, styles, frames, embeds, forms, media
// and every element or attribute that loads something or runs something
// (on* handlers, src/srcset, style with url(), javascript: links).

const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'link', 'meta', 'base', 'title', 'head', 'iframe', 'frame', 'frameset', 'object',
  'embed', 'applet', 'noscript', 'template', 'svg', 'math', 'img', 'picture', 'source', 'video', 'audio',
  'track', 'canvas', 'form', 'input', 'button', 'select', 'textarea', 'option', 'portal', 'dialog',
]);

const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'lang', 'dir', 'colspan', 'rowspan', 'datetime', 'cite', 'class']);

/**
 * @param {string} html
 * @param {Document} into the document the result will live in
 * @param {{keepIds?: boolean}} options keepIds: keep id attributes (the
 *   playground's own samples; pasted ids could clash with the page's own)
 * @returns {DocumentFragment}
 */
export function sanitizeHtml(html, into, { keepIds = false } = {}) {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const fragment = into.createDocumentFragment();
  for (const child of [...parsed.body.childNodes]) {
    const clean = cleanNode(child, into, keepIds);
    if (clean) fragment.append(clean);
  }
  return fragment;
}

function cleanNode(node, into, keepIds) {
  if (node.nodeType === Node.TEXT_NODE) return into.createTextNode(node.data);
  if (node.nodeType !== Node.ELEMENT_NODE) return null; // comments, processing instructions
  const tag = node.localName;
  if (DROP_WITH_CONTENT.has(tag) || node.namespaceURI !== 'http://www.w3.org/1999/xhtml') return null;
  const element = into.createElement(tag);
  for (const { name, value } of node.attributes) {
    if (name === 'id' && keepIds) element.setAttribute('id', value);
    if (!ALLOWED_ATTRIBUTES.has(name)) continue;
    if (name === 'href' || name === 'cite') {
      if (!isSafeUrl(value)) continue;
      element.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    element.setAttribute(name, value);
  }
  for (const child of node.childNodes) {
    const clean = cleanNode(child, into, keepIds);
    if (clean) element.append(clean);
  }
  return element;
}

function isSafeUrl(value) {
  const trimmed = value.trim();
  if (trimmed.startsWith('#')) return true;
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(trimmed, 'https://example.invalid/').protocol);
  } catch {
    return false;
  }
}

/** Plain text (no tags) becomes paragraphs, one per blank-line-separated chunk. */
export function textToFragment(text, into) {
  const fragment = into.createDocumentFragment();
  for (const chunk of text.split(/\n\s*\n/)) {
    const trimmed = chunk.trim();
    if (!trimmed) continue;
    const p = into.createElement('p');
    p.textContent = trimmed.replace(/\s*\n\s*/g, ' ');
    fragment.append(p);
  }
  return fragment;
}

/** Whether pasted text looks like HTML rather than plain text. */
export function looksLikeHtml(text) {
  return /<([a-z][a-z0-9-]*)(\s[^>]*)?>/i.test(text);
}
