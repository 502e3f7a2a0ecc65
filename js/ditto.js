// Ditto's engine for JavaScript: `init()` once, then `new Engine()` per page
// and `engine.analyze(blocks)` per batch. It encodes the batch's texts
// straight into wasm memory with one Uint32Array of lengths and kinds beside
// them, and unpacks the report into plain objects (the shape documented in
// src/report.rs, camelCase): one crossing per batch is far cheaper than one
// per field of every block.
//
// build.sh puts this file next to wasm-bindgen's output (ditto_core.js) as
// engine/ditto.js, and the wasm as engine/ditto_bg.wasm.

import initCore, { EngineCore, agencyLabels, blockKinds } from './ditto_core.js';

// What the reader already read elsewhere (src/memory.rs): the background keeps it.
export { ReadMemoryCore } from './ditto_core.js';

const NONE = 0xffffffff;
// Numbers per block in the batch metadata (src/packed.rs META_PER_BLOCK):
// byte length, kind, list, item, link.
const META = 5;
let KIND_NUMBER = null;
let PARAGRAPH = 0;
let AGENCIES = null;
let MEMORY = null;
const ENCODER = new TextEncoder();

/**
 * Loads the wasm. `options.module_or_path`: a WebAssembly.Module, bytes, a
 * Response or a URL (default: ditto_bg.wasm next to this file).
 */
export default async function init(options = {}) {
  const source = options.module_or_path ?? new URL('./ditto_bg.wasm', import.meta.url);
  const exports = await initCore({ module_or_path: source });
  MEMORY = exports.memory;
  KIND_NUMBER = new Map(blockKinds().map((name, i) => [name, i]));
  PARAGRAPH = KIND_NUMBER.get('paragraph');
  AGENCIES = agencyLabels();
  return exports;
}

/** Bytes of wasm memory the engine holds now (all engines of the module). */
export function memoryBytes() {
  return MEMORY ? MEMORY.buffer.byteLength : 0;
}

/** One page's index: feed it batches in page order. */
export class Engine {
  constructor() {
    if (!KIND_NUMBER) throw new Error('Ditto engine: call init() before new Engine()');
    this.core = new EngineCore();
  }

  /**
   * @param {{text: string, kind?: string, list?: number|null, item?: number|null,
   *   link?: number|null}[]} blocks  link: a 32-bit hash of the address the
   *   block's headline links to (equal addresses, equal hashes).
   * @returns {{blocks: object[], lists: object[], totals: object}}
   */
  analyze(blocks) {
    if (!Array.isArray(blocks)) throw new TypeError('Ditto engine: bad batch: expected an array of blocks');
    const meta = new Uint32Array(blocks.length * META);
    let room = 0;
    let longest = 0;
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      if (typeof block?.text !== 'string') {
        throw new TypeError(`Ditto engine: bad batch: block ${i} has no text`);
      }
      const kind = block.kind == null ? PARAGRAPH : KIND_NUMBER.get(block.kind);
      if (kind === undefined) throw new TypeError(`Ditto engine: bad batch: block ${i} has unknown kind ${block.kind}`);
      meta[i * META + 1] = kind;
      meta[i * META + 2] = id(block.list, i, 'list');
      meta[i * META + 3] = id(block.item, i, 'item');
      meta[i * META + 4] = id(block.link, i, 'link');
      room += block.text.length * 3; // a UTF-16 unit is at most 3 bytes of UTF-8
      longest = Math.max(longest, block.text.length * 3);
    }
    // Each text goes straight into wasm memory as UTF-8: no joined copy.
    // encodeInto writes at the start of a view, and a new view per text
    // (subarray) costs more than encoding a paragraph: every text is encoded
    // into one spare area past the batch, then moved into place. The views
    // are made after inputBuffer (which may grow the memory) and used up
    // before the next call into wasm.
    const at = this.core.inputBuffer(room + longest);
    const input = new Uint8Array(MEMORY.buffer, at, room + longest);
    const spare = input.subarray(room);
    let written = 0;
    for (let i = 0; i < blocks.length; i++) {
      const bytes = ENCODER.encodeInto(blocks[i].text, spare).written;
      input.copyWithin(written, room, room + bytes);
      meta[i * META] = bytes;
      written += bytes;
    }
    const packed = this.core.analyzeInput(meta);
    return { ...unpack(packed), totals: this.core.totals() };
  }

  /** Page totals so far. */
  totals() {
    return this.core.totals();
  }

  /** Frees the wasm memory of this page's index. */
  free() {
    this.core.free();
  }
}

function id(value, i, what) {
  if (value === undefined || value === null) return NONE;
  if (!Number.isInteger(value) || value < 0 || value >= NONE) {
    throw new TypeError(`Ditto engine: bad batch: block ${i} has ${what} ${value}, not an integer id`);
  }
  return value;
}

function unpack(p) {
  let at = 0;
  const next = () => p[at++];
  const spans = (n) => {
    const out = new Array(n);
    for (let k = 0; k < n; k++) {
      out[k] = { start: next(), end: next(), source: next(), sourceStart: next(), sourceEnd: next() };
    }
    return out;
  };
  const blocks = new Array(next());
  for (let b = 0; b < blocks.length; b++) {
    const id = next();
    const near = next();
    const spanCount = next();
    const factCount = next();
    blocks[b] = {
      id,
      nearDuplicateOf: near === 0 ? null : near - 1,
      spans: spans(spanCount),
      changedFacts: spans(factCount),
    };
  }
  const lists = new Array(next());
  for (let l = 0; l < lists.length; l++) {
    const list = next();
    const items = next();
    const clusters = new Array(next());
    for (let c = 0; c < clusters.length; c++) {
      const representative = next();
      const members = Array.from({ length: next() }, next);
      const agency = next();
      clusters[c] = {
        representative,
        items: members,
        agency: agency === 0 ? null : AGENCIES[agency - 1],
        sameAsArticle: next() === 1,
      };
    }
    const above = Array.from({ length: next() }, () => ({ item: next(), sourceList: next(), sourceItem: next() }));
    lists[l] = { list, items, clusters, above };
  }
  return { blocks, lists };
}
