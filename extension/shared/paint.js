// Turns an engine report into what the reader sees: CSS Custom Highlights
// over repeated spans. No text node is wrapped or changed.

import { ShadowStyles } from './shadow-styles.js';

/** Highlight names registered in `CSS.highlights`, styled by highlights.css. */
export const HIGHLIGHT_REPEAT = 'ditto-repeat';
/** A headline or teaser of a list ("Related", "Most read") that repeats
 *  earlier text: a real repeat, in a quieter style, since a list of links is
 *  where a reader expects to meet a headline again. */
export const HIGHLIGHT_RELATED = 'ditto-related';
/** Facts (numbers, names) that differ from the earlier telling of a near-duplicate. */
export const HIGHLIGHT_CHANGED = 'ditto-changed';
/** The first occurrence, flashed briefly after a jump to it. */
export const HIGHLIGHT_FLASH = 'ditto-flash';

/** The names the three kinds are registered under in a highlight style
 *  (settings.js HIGHLIGHT_STYLES): today's colour keeps the plain names. */
export function highlightNames(style = 'color') {
  const suffix = style === 'color' ? '' : `-${style}`;
  return { repeat: HIGHLIGHT_REPEAT + suffix, related: HIGHLIGHT_RELATED + suffix, changed: HIGHLIGHT_CHANGED + suffix };
}

/**
 * The DOM Range covering UTF-16 offsets [start, end) of a block's text.
 * Offsets inside a separator Ditto added between two pieces snap to the
 * nearest real text. Returns null when nothing real is covered.
 * @param {import('./extract.js').ExtractedBlock} block
 */
export function rangeFor(block, start, end, doc = block.element.ownerDocument) {
  const { pieces } = block;
  const first = pieceAt(pieces, start);
  const last = pieceAt(pieces, end - 1);
  if (first < 0 || last < 0) return null;
  const a = pieces[first];
  const b = pieces[last];
  const range = doc.createRange();
  range.setStart(a.node, clamp(start - a.start, 0, a.node.length));
  range.setEnd(b.node, clamp(end - b.start, 0, b.node.length));
  return range.collapsed ? null : range;
}

/**
 * The DOM Ranges that paint UTF-16 offsets [start, end) of a block's text:
 * {@link rangeFor} split around code (pieces marked `code`), which is never
 * painted. Empty when nothing but code is covered.
 * @param {import('./extract.js').ExtractedBlock} block
 * @returns {Range[]}
 */
export function paintableRanges(block, start, end) {
  const { pieces } = block;
  const first = pieceAt(pieces, start);
  const last = pieceAt(pieces, end - 1);
  if (first < 0 || last < 0) return [];
  if (!pieces.slice(first, last + 1).some((p) => p.code)) {
    const range = rangeFor(block, start, end);
    return range ? [range] : [];
  }
  // Runs of pieces that are not code, each clipped to [start, end).
  const ranges = [];
  let runStart = null;
  for (let i = first; i <= last + 1; i++) {
    const piece = pieces[i];
    if (i <= last && !piece.code) {
      runStart ??= Math.max(start, piece.start);
      continue;
    }
    if (runStart !== null) {
      const runEnd = i <= last ? piece.start : end;
      const range = runEnd > runStart ? rangeFor(block, runStart, runEnd) : null;
      if (range && /\S/.test(range.toString())) ranges.push(range);
      runStart = null;
    }
  }
  return ranges;
}

// Index of the last piece starting at or before `offset` (binary search).
function pieceAt(pieces, offset) {
  let lo = 0;
  let hi = pieces.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pieces[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function clamp(value, min, max) {
  return Math.min(Math.max(value, min), max);
}

/**
 * Paints batches of an engine report as CSS Custom Highlights, remembers
 * which earlier text every painted range repeats (for "jump to the first
 * occurrence"), and removes it all on request. Highlights accumulate across
 * batches.
 */
export class Painter {
  constructor(registry = globalThis.CSS?.highlights, style = 'color') {
    this.registry = registry;
    this.names = highlightNames(style);
    this.repeat = new Highlight();
    this.related = new Highlight();
    this.shadowStyles = new ShadowStyles();
    this.changed = new Highlight();
    this.flash = new Highlight();
    /** @type {{range: Range, source: number, sourceStart: number, sourceEnd: number}[]} */
    this.painted = [];
    this.flashTimer = null;
  }

  /**
   * Adds one block's repeated spans and its changed facts (numbers that
   * differ from the earlier telling).
   * @param {import('./extract.js').ExtractedBlock} block
   * @param {{spans: object[], changedFacts?: {start: number, end: number}[]}} blockReport
   */
  paintBlock(block, blockReport) {
    for (const span of blockReport.spans) {
      const highlight = block.list === undefined ? this.repeat : this.related;
      for (const range of paintableRanges(block, span.start, span.end)) {
        highlight.add(range);
        this.shadowStyles.cover(range.startContainer);
        this.painted.push({ range, source: span.source, sourceStart: span.sourceStart, sourceEnd: span.sourceEnd });
      }
    }
    for (const change of blockReport.changedFacts ?? []) {
      for (const range of paintableRanges(block, change.start, change.end)) {
        this.changed.add(range);
        this.shadowStyles.cover(range.startContainer);
      }
    }
  }

  /** Registers the highlights (even empty, so that "analysed, nothing
   *  repeats" is observable as a registered `ditto-repeat`). */
  register() {
    this.registry.set(this.names.repeat, this.repeat);
    if (this.related.size > 0) this.registry.set(this.names.related, this.related);
    if (this.changed.size > 0) this.registry.set(this.names.changed, this.changed);
  }

  /** Paints in another highlight style from now on, what is painted included. */
  setStyle(style) {
    const names = highlightNames(style);
    if (names.repeat === this.names.repeat) return;
    const registered = this.registry.has(this.names.repeat);
    for (const name of Object.values(this.names)) this.registry.delete(name);
    this.names = names;
    if (registered) this.register();
  }

  /**
   * The painted repeat after (`step` 1) or before (-1) the one `current`
   * (an entry of `painted`, or null: from the top or the bottom), in page
   * order; null when there is none.
   */
  neighbourRepeat(current, step) {
    const inOrder = this.painted
      .filter((e) => e.range.startContainer.isConnected)
      .sort((a, b) => compareRanges(a.range, b.range));
    if (inOrder.length === 0) return null;
    if (!current) return step > 0 ? inOrder[0] : inOrder[inOrder.length - 1];
    const index = inOrder.indexOf(current);
    if (index < 0) return step > 0 ? inOrder.find((e) => compareRanges(e.range, current.range) > 0) ?? null
      : inOrder.findLast((e) => compareRanges(e.range, current.range) < 0) ?? null;
    return inOrder[index + step] ?? null;
  }

  /** Paints one whole batch: `blocks[i]` is the block reported as `report.blocks[i]`. */
  paint(blocks, report) {
    report.blocks.forEach((blockReport, i) => this.paintBlock(blocks[i], blockReport));
    this.register();
  }

  /** The painted repeat that contains DOM point (node, offset), if any. */
  repeatAt(node, offset) {
    for (const entry of this.painted) {
      const { range } = entry;
      if (range.startContainer.getRootNode() !== node.getRootNode()) continue;
      try {
        if (range.isPointInRange(node, offset)) return entry;
      } catch {
        // the point is in another document or a doctype: not ours
      }
    }
    return null;
  }

  /** Briefly highlights `range` as `ditto-flash`. */
  flashRange(range, ms = 1600) {
    clearTimeout(this.flashTimer);
    this.flash.clear();
    this.flash.add(range);
    this.shadowStyles.cover(range.startContainer);
    this.registry.set(HIGHLIGHT_FLASH, this.flash);
    this.flashTimer = setTimeout(() => {
      this.flash.clear();
      this.registry.delete(HIGHLIGHT_FLASH);
    }, ms);
  }

  /** Removes everything Ditto painted. */
  clear() {
    clearTimeout(this.flashTimer);
    for (const highlight of [this.repeat, this.related, this.changed, this.flash]) highlight.clear();
    for (const name of [...Object.values(this.names), HIGHLIGHT_FLASH]) this.registry.delete(name);
    this.shadowStyles.clear();
    this.painted = [];
  }
}

/**
 * The DOM point under viewport coordinates (x, y), in either browser's API.
 * @returns {{node: Node, offset: number}|null}
 */
export function caretPointAt(doc, x, y) {
  if (typeof doc.caretPositionFromPoint === 'function') {
    const position = doc.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  if (typeof doc.caretRangeFromPoint === 'function') {
    const range = doc.caretRangeFromPoint(x, y);
    return range ? { node: range.startContainer, offset: range.startOffset } : null;
  }
  return null;
}

// Page order of two ranges (by their starts); ranges in different trees
// (a shadow root) compare by their hosts' order.
function compareRanges(a, b) {
  const x = a.startContainer;
  const y = b.startContainer;
  if (x.getRootNode() === y.getRootNode()) return a.compareBoundaryPoints(Range.START_TO_START, b);
  const position = x.compareDocumentPosition(y);
  if (position & Node.DOCUMENT_POSITION_FOLLOWING) return -1;
  if (position & Node.DOCUMENT_POSITION_PRECEDING) return 1;
  return 0;
}
