// Cuts a DOM subtree into blocks of reader-visible text, in reading order,
// remembering for each block where every piece of its text lives in the DOM
// so that an engine offset can become a Range again.

import { inPageChrome, isCreditLine } from './regions.js';

/** Elements that start a new block of text. Tag names, not computed styles:
 *  cheap on huge pages and what authors mean by a paragraph. */
export const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS',
  'DIALOG', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2',
  'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL',
  'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);

// Subtrees a reader does not read as page content, or that Ditto must never
// touch (form fields).
const SKIP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'BUTTON',
  'SVG', 'svg', 'MATH', 'math', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'VIDEO', 'AUDIO', 'HEAD',
]);

/** Code, keyboard input, program output, math: never prose, never painted. */
export const CODE_SELECTOR = 'pre, code, kbd, samp, var, math';

const KIND_BY_TAG = {
  H1: 'heading', H2: 'heading', H3: 'heading', H4: 'heading', H5: 'heading', H6: 'heading',
  LI: 'listItem', DT: 'listItem', FIGCAPTION: 'caption', CAPTION: 'caption',
};

/** Marks an element as Ditto's own UI: extraction never reads inside it. */
export const OWN_UI_ATTRIBUTE = 'data-ditto-ui';

/**
 * True for elements whose subtree holds no readable page content.
 * @param {Element} el
 */
export function isSkipped(el) {
  if (SKIP_TAGS.has(el.tagName)) return true;
  if (el.hasAttribute('hidden') || el.hasAttribute(OWN_UI_ATTRIBUTE)) return true;
  // Editable regions belong to the user: never read, never painted. The
  // attribute, not isContentEditable (which brings the page's style up to
  // date on every call): walks stop at the editable element, and
  // isSkippedOrInside looks at the ancestors of where a walk starts.
  return isEditingHost(el);
}

function isEditingHost(el) {
  const value = el.getAttribute('contenteditable');
  return value !== null && /^(|true|plaintext-only)$/i.test(value);
}

// Tags whose text is code: CODE_SELECTOR's, as local names.
const CODE_TAGS = new Set(CODE_SELECTOR.split(/,\s*/));

// What a text node inherits from the elements around it, worked out once
// per element on the way down instead of once per text node on the way up:
// its block element (the nearest block-level ancestor, else the tree's top),
// whether it is code, and the link it sits in.
function contextOf(el, outer, boundaries) {
  return {
    block: BLOCK_TAGS.has(el.tagName) || boundaries?.has(el) ? el : outer.block,
    code: outer.code || CODE_TAGS.has(el.localName),
    link: el.localName === 'a' ? el : outer.link,
  };
}

// The context at the top of a tree: a subtree root handed in later (new
// content) may sit inside code or a link; a shadow tree's text belongs to
// its host's block.
function topContext(top, host) {
  if (top.nodeType !== Node.ELEMENT_NODE) return { block: host, code: false, link: null };
  return { block: top, code: Boolean(top.closest(CODE_SELECTOR)), link: top.closest('a') };
}

// A separator goes between two pieces of text when an element boundary that
// a reader sees as a break (a link, a line break) lies between them, so that
// a title and a snippet never glue into one word.
function needsSeparator(previous, next) {
  if (!previous) return false;
  if (/\s$/.test(previous.node.data) || /^\s/.test(next.node.data)) return false;
  return previous.link !== next.link;
}

/**
 * @typedef {{node: Text, start: number, code?: boolean}} Piece  start: offset
 *   of the node's first UTF-16 unit in the block's text; code: the node is
 *   code (inline code in a paragraph), which is never painted.
 * @typedef {{element: Element, text: string, kind: string, pieces: Piece[],
 *   list?: number, item?: number, link?: number, outsideArticle?: boolean,
 *   chrome?: boolean}} ExtractedBlock
 *   chrome: inside the page's chrome (navigation, footer, references…: regions.js).
 */

/**
 * Extracts the readable blocks under `root`.
 * @param {Element} root
 * @param {{visible?: (el: Element) => boolean, known?: WeakSet<Element>,
 *   boundaries?: Set<Element>}} [options]
 *   known: block elements analysed before; never extracted again.
 *   boundaries: inline elements that are blocks of their own (list items'
 *   headline links: a headline is one block, its source and time another).
 *   headline: the page's own headline ({@link pageHeadline}), marked so.
 *   article: the element that holds the page's article ({@link articleRoot}):
 *   blocks outside it are marked `outsideArticle`.
 * @returns {ExtractedBlock[]}
 */
export function extractBlocks(root, options = {}) {
  return runToEnd(extractSteps(root, options));
}

/** Runs a step generator synchronously and returns its result. */
export function runToEnd(generator) {
  for (;;) {
    const step = generator.next();
    if (step.done) return step.value;
  }
}

// Nodes visited between two chances to yield.
const STEP_NODES = 128;

/**
 * extractBlocks as a generator that yields every few hundred nodes, so that
 * a caller can spread the walk over several tasks (SliceClock.drain).
 * Returns the blocks.
 */
export function* extractSteps(root, options = {}) {
  const visible = options.visible ?? defaultVisible;
  const known = options.known;
  const boundaries = options.boundaries;
  // A root inside an editable region or Ditto's own UI holds nothing to read.
  if (root.nodeType !== Node.ELEMENT_NODE || isSkippedOrInside(root)) return [];
  const visibility = new Map();
  const chrome = new Map();
  const blockCache = new Map();
  const byElement = new Map();
  const headline = options.headline;
  const article = options.article;
  const blocks = [];
  let visited = 0;
  const trees = [{ top: root, host: null }];
  const visit = (node, context) => {
    const element = context.block;
    if (!element) return;
    let block = byElement.get(element);
    if (!block) {
      if (!/\S/.test(node.data)) return; // whitespace never opens a block
      if (known?.has(element)) return;
      let shown = visibility.get(element);
      if (shown === undefined) visibility.set(element, (shown = visible(element)));
      if (!shown) return;
      const kind = element === headline ? 'headline' : KIND_BY_TAG[element.tagName] ?? 'paragraph';
      block = { element, text: '', kind, pieces: [], last: null, allLinked: true };
      if (article && kind !== 'headline' && !article.contains(element)) block.outsideArticle = true;
      if (kind !== 'headline' && inPageChrome(element, chrome)) block.chrome = true;
      byElement.set(element, block);
      blocks.push(block);
    }
    const at = { node, link: context.link };
    if (needsSeparator(block.last, at)) block.text += ' ';
    const piece = { node, start: block.text.length };
    if (context.code) piece.code = true;
    block.pieces.push(piece);
    block.text += node.data;
    block.last = at;
    if (!context.link) block.allLinked = false;
  };
  // The light tree first, then every open shadow root found in it (web
  // components), each read like the page. A walk of our own, in document
  // order, rather than a TreeWalker: a filter callback per node costs more
  // than the test it runs.
  for (let t = 0; t < trees.length; t++) {
    const { top, host } = trees[t];
    const contexts = [topContext(top, host)];
    let node = top.firstChild;
    while (node) {
      if (++visited % STEP_NODES === 0) yield;
      if (node.nodeType === Node.TEXT_NODE) {
        visit(node, contexts[contexts.length - 1]);
      } else if (node.nodeType === Node.ELEMENT_NODE && !isSkipped(node)) {
        if (node.shadowRoot && !node.hasAttribute(OWN_UI_ATTRIBUTE)) trees.push({ top: node.shadowRoot, host: node });
        if (node.firstChild) {
          contexts.push(contextOf(node, contexts[contexts.length - 1], boundaries));
          node = node.firstChild;
          continue;
        }
      }
      // The next node: a sibling, else the next sibling of an ancestor.
      while (!node.nextSibling) {
        node = node.parentNode;
        if (node === top || !node) break;
        contexts.pop();
      }
      node = node === top || !node ? null : node.nextSibling;
    }
  }
  const prose = [];
  for (const [i, block] of blocks.entries()) {
    if (i % STEP_NODES === 0) yield;
    const { allLinked } = block;
    delete block.last;
    delete block.allLinked;
    if (block.kind !== 'headline' && isCreditLine(block.text)) block.chrome = true;
    // Code is not prose: a block of nothing else (a pre) is not read at all.
    if (block.pieces.every((p) => p.code)) continue;
    if (allLinked) {
      // A list item that is only a link (a teaser's title) is a link too,
      // so that ul/li and div-soup lists look alike to the engine.
      if (block.kind === 'paragraph' || block.kind === 'listItem') block.kind = 'link';
    }
    prose.push(block);
  }
  return prose;
}

/**
 * The page's own headline: of the visible h1 elements outside navigation,
 * the site's header, footers, asides and list items, the one that shares the most
 * words with the document's title (a page's h1 is often also its title),
 * else the first inside main or article, else the first. Null when there is
 * none.
 * @param {Document} doc
 * @returns {Element|null}
 */
export function pageHeadline(doc) {
  // A site's own header holds its logo; an article's header its headline.
  const siteHeader = (h) => h.closest('header, [role="banner"]') && !h.closest('article, main, [role="main"]');
  const candidates = [...doc.querySelectorAll('h1')].filter((h) =>
    !h.closest('nav, footer, aside, li, [role="navigation"]') && !siteHeader(h) && defaultVisible(h) && /\S/.test(h.textContent));
  if (candidates.length <= 1) return candidates[0] ?? null;
  const words = (text) => new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
  const title = words(doc.title);
  let best = null;
  let bestShared = 0;
  for (const h of candidates) {
    const shared = [...words(h.textContent)].filter((w) => title.has(w)).length;
    if (shared > bestShared) {
      best = h;
      bestShared = shared;
    }
  }
  return best ?? candidates.find((h) => h.closest('main, article')) ?? candidates[0];
}

/**
 * The element that holds the page's own article: the article, main or
 * role=main element around its headline; null when there is none (then the
 * whole page counts).
 * @param {Element|null} headline
 */
export function articleRoot(headline) {
  return headline?.closest('article, main, [role="main"]') ?? null;
}

// True when `el` or an ancestor is skipped (a subtree root handed in by a
// MutationObserver may sit inside a contenteditable region or a form field).
function isSkippedOrInside(el) {
  if (el.ownerDocument.designMode === 'on') return true;
  for (let e = el; e; e = e.parentElement) if (isSkipped(e)) return true;
  return false;
}

function defaultVisible(el) {
  // checkVisibility covers display:none ancestors, content-visibility and
  // visibility:hidden; older engines without it see everything.
  return typeof el.checkVisibility === 'function'
    ? el.checkVisibility({ visibilityProperty: true })
    : true;
}

/**
 * The engine's view of extracted blocks: plain data, one copy.
 * @param {ExtractedBlock[]} blocks
 */
export function toEngineBatch(blocks) {
  // The page's chrome (menus, footers, references…) is 'chrome' for the
  // engine: read, but never a repeat and never repeated. Other text outside
  // the article and outside lists (sidebars) is 'other': a list item that
  // repeats it does not retell the article.
  // A list item's headline stays its title wherever it sits.
  const engineKind = ({ kind, chrome, outsideArticle, list }) =>
    kind === 'title' ? kind : chrome ? 'chrome' : outsideArticle && list === undefined ? 'other' : kind;
  return blocks.map((block) =>
    block.list === undefined
      ? { text: block.text, kind: engineKind(block) }
      : { text: block.text, kind: engineKind(block), list: block.list, item: block.item, link: block.link },
  );
}
