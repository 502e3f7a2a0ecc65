// The reader's reach: the part of the page from its top to a few screens
// below the viewport. A page load analyses only that part; the rest waits
// until the reader scrolls near it (or asks for the whole page: the popup,
// the next-repeat command). Most pages are never read to the end, and the
// work of reading them is what every page load costs.
//
// The page is cut into parts in document order, so that the engine still
// sees every block in reading order, only in more batches: earlier text is
// always analysed before later text, and a repeat is marked where it would
// have been. An element is cut into its children only where that changes
// nothing either way: it holds no text of its own outside block elements
// (extraction gives the same blocks), is not a shadow host, and may not be a
// candidate list (list finding sees each list whole).

import { BLOCK_TAGS, isSkipped } from './extract.js';
import { mayHoldItems } from './lists.js';

/** Screens below the viewport's bottom analysed ahead of the reader: one,
 *  since analysing a screen takes a few ms and starts as the reader scrolls,
 *  and a page load then reads less. What a second screen cost is within the
 *  trace's noise (`benches/pageload-trace.mjs`: this, the bundle's
 *  minification and Firefox's registration together about 1.3 ms of
 *  Ditto's tasks a load, 12 corpus pages, alternating runs). */
export const SCREENS_AHEAD = 1;

// Inline elements looked into, at most, to tell that an element holds no
// text outside its block elements.
const INLINE_LOOK_LIMIT = 64;

/**
 * The parts of a page not analysed yet, in document order; `take` hands out
 * those that start above a line, cutting the element the line crosses.
 */
export class Reach {
  /** @param {Element} root the page's root, nothing of it analysed yet */
  constructor(root) {
    /** @type {Element[]} */
    this.pending = [root];
    this.next = 0;
  }

  /** True when every part was handed out. */
  get done() {
    this.dropGone();
    return this.next >= this.pending.length;
  }

  /** The first part not handed out yet, or null. */
  get first() {
    return this.done ? null : this.pending[this.next];
  }

  /**
   * The parts that start above `line` (a viewport coordinate, as
   * getBoundingClientRect gives it), in document order, cutting on the way
   * the parts the line crosses. Every part later than the first one below
   * the line stays for later, even one drawn higher up (a fixed banner at
   * the end of the document): reading order first.
   * @param {number} line
   * @returns {Element[]}
   */
  take(line = Infinity) {
    const taken = [];
    while (!this.done) {
      const el = this.pending[this.next];
      if (line === Infinity) {
        taken.push(el);
        this.next++;
        continue;
      }
      const box = el.getBoundingClientRect();
      const drawn = box.width > 0 || box.height > 0;
      if (drawn && box.top > line) break;
      this.next++;
      if (!drawn || box.bottom <= line || !cuttable(el)) {
        taken.push(el);
        continue;
      }
      // The line crosses it: its children take its place.
      const children = [];
      for (let child = el.firstElementChild; child; child = child.nextElementSibling) if (!isSkipped(child)) children.push(child);
      this.pending.splice(this.next, 0, ...children);
    }
    this.compact();
    return taken;
  }

  /**
   * Whether `node`, new on the page, is to be read later with the parts not
   * handed out yet: it lies inside one of them, or after the first of them
   * in document order (then it joins them, in its place). Reading order
   * again: new content at the end of the page waits for the middle.
   * @param {Element} node
   */
  defers(node) {
    if (this.done) return false;
    if (this.holds(node)) return true;
    if (!(this.pending[this.next].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) return false;
    let at = this.pending.length;
    while (at > this.next + 1 && this.pending[at - 1].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING) at--;
    this.pending.splice(at, 0, node);
    return true;
  }

  /** Whether `node` lies inside a part not handed out yet. */
  holds(node) {
    for (let i = this.next; i < this.pending.length; i++) if (this.pending[i].contains(node)) return true;
    return false;
  }

  // Parts the page removed meanwhile have nothing left to read.
  dropGone() {
    while (this.next < this.pending.length && !this.pending[this.next].isConnected) this.next++;
  }

  compact() {
    if (this.next > 256) {
      this.pending = this.pending.slice(this.next);
      this.next = 0;
    }
  }
}

/**
 * The line that bounds the reader's reach in viewport coordinates: the
 * viewport's bottom plus SCREENS_AHEAD screens.
 * @param {Window} view
 */
export function reachLine(view) {
  return view.innerHeight * (1 + SCREENS_AHEAD);
}

// Whether `el` can be cut into its children with nothing changed for
// extraction and list finding (see the top of this file).
// The cheap tests first: mayHoldItems reads its children's text.
function cuttable(el) {
  if (el.shadowRoot || !el.firstElementChild) return false;
  // A part is read from its light tree down: a shadow host stays inside one.
  for (let child = el.firstElementChild; child; child = child.nextElementSibling) if (child.shadowRoot) return false;
  const budget = { left: INLINE_LOOK_LIMIT };
  return holdsOnlyBlocks(el, budget) && !mayHoldItems(el);
}

// True when every piece of text under `el` lies inside a block element (or
// in a skipped one), so that parts cut out of it keep their blocks.
function holdsOnlyBlocks(el, budget) {
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (/\S/.test(node.data)) return false;
    } else if (node.nodeType === Node.ELEMENT_NODE && !isSkipped(node) && !BLOCK_TAGS.has(node.tagName)) {
      // An inline or custom element: its text would join the block around it.
      if (node.shadowRoot || --budget.left < 0 || !holdsOnlyBlocks(node, budget)) return false;
    }
  }
  return true;
}
