// The highlight rules Ditto adopts into shadow roots (shared/shadow-styles.js)
// are the ::highlight() rules of extension/styles/highlights.css, the
// document's: a web component's repeat looks like the page's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HIGHLIGHT_RULES } from '../../extension/shared/shadow-styles.js';

const highlightRules = (css) => [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/::highlight\([^)]*\)\s*\{[^}]*\}/g)]
  .map((m) => m[0].replace(/\s+/g, ' '));

test('the shadow roots get the same ::highlight rules as the document', () => {
  const document = highlightRules(readFileSync(new URL('../../extension/styles/highlights.css', import.meta.url), 'utf8'));
  assert.ok(document.length >= 4);
  assert.deepEqual(highlightRules(HIGHLIGHT_RULES), document);
});
