// Turns an engine report into what the reader sees: CSS Custom Highlights
// over repeated spans. No text node is wrapped or changed.

/** Highlight names registered in `CSS.highlights`, styled by highlights.css. */
export const HIGHLIGHT_REPEAT = 'ditto-repeat';

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
 * Paints one batch: `blocks[i]` is the extracted block the engine reported
 * as `report.blocks[i]`. Highlights accumulate across batches.
 */
export class Painter {
  constructor(registry = globalThis.CSS?.highlights) {
    this.registry = registry;
    this.repeat = new Highlight();
  }

  /** Adds the batch's repeated spans; registers the highlight (even empty,
   * so that "analysed, nothing repeats" is observable). */
  paint(blocks, report) {
    report.blocks.forEach((blockReport, i) => {
      for (const span of blockReport.spans) {
        const range = rangeFor(blocks[i], span.start, span.end);
        if (range) this.repeat.add(range);
      }
    });
    this.registry.set(HIGHLIGHT_REPEAT, this.repeat);
  }

  /** Removes everything Ditto painted. */
  clear() {
    this.repeat.clear();
    this.registry.delete(HIGHLIGHT_REPEAT);
  }
}
