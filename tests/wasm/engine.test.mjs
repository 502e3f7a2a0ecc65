// The engine as JavaScript sees it (js/ditto.js over the wasm core), in Node:
// offsets are JS string indices, odd strings survive, bad input is a clear
// error. Run: node --test tests/wasm/   (after ./build.sh; ./build.sh test runs it)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';

const ENGINE = resolve(import.meta.dirname, '../../target/wasm-web');
let Engine;

before(async () => {
  const module = await import(pathToFileURL(resolve(ENGINE, 'ditto.js')).href);
  await module.default({ module_or_path: readFileSync(resolve(ENGINE, 'ditto_bg.wasm')) });
  Engine = module.Engine;
});

const LEAD = 'The city council voted on Tuesday to close the Old Mill bridge for two years of repairs';

test('a repeat comes back with offsets that are JS string indices', () => {
  const later = `Breaking 😀 news from the town hall, where residents gathered all evening: ${LEAD}. More on this story as it develops tonight.`;
  const report = new Engine().analyze([{ text: `${LEAD}.` }, { text: 'Unrelated words about the weather today and tomorrow too.' }, { text: later }]);
  const [span] = report.blocks[2].spans;
  assert.equal(later.slice(span.start, span.end), LEAD);
  assert.equal(span.source, 0);
  assert.equal(`${LEAD}.`.slice(span.sourceStart, span.sourceEnd), LEAD);
  assert.equal(report.blocks[2].nearDuplicateOf, null, 'only part of the block repeats');
  assert.equal(report.totals.blocks, 3);
  assert.equal(report.totals.repeatedBlocks, 1);
});

test('lone surrogates, emoji and combining marks keep offsets inside the string', () => {
  const text = `\uD800 ${LEAD} \uDFFF e\u0301 👩‍👩‍👧`;
  const report = new Engine().analyze([{ text }, { text }]);
  const [span] = report.blocks[1].spans;
  assert.ok(span.start >= 0 && span.end <= text.length && span.start < span.end);
  assert.equal(report.blocks[1].nearDuplicateOf, 0);
  assert.equal(text.slice(span.start, span.end).startsWith('The city'), true);
});

test('bad batches are clear errors, not crashes', () => {
  const engine = new Engine();
  assert.throws(() => engine.analyze('text'), /bad batch: expected an array/);
  assert.throws(() => engine.analyze([{ kind: 'paragraph' }]), /block 0 has no text/);
  assert.throws(() => engine.analyze([{ text: 'x', kind: 'poem' }]), /unknown kind poem/);
  assert.throws(() => engine.analyze([{ text: 'x', list: -1 }]), /list -1/);
  // The engine still works after refusing a batch.
  assert.equal(engine.analyze([{ text: LEAD }]).blocks.length, 1);
});

test('an empty batch works and later batches extend the same index', () => {
  const engine = new Engine();
  assert.deepEqual(engine.analyze([]).blocks, []);
  engine.analyze([{ text: LEAD }]);
  const report = engine.analyze([{ text: LEAD.toUpperCase() }]);
  assert.equal(report.blocks[0].id, 1);
  assert.equal(report.blocks[0].nearDuplicateOf, 0);
  assert.equal(engine.totals().blocks, 2);
});

test('list clusters, agencies and items listed above cross the boundary', () => {
  const blocks = [
    { text: 'Officials announce sweeping new rules for drones near airports', kind: 'title', list: 5, item: 10, link: 1 },
    { text: 'WASHINGTON (AP) — Officials announced sweeping new rules on Monday for drones near airports.', kind: 'listItem', list: 5, item: 10 },
    { text: 'Sweeping new rules announced for drones near airports', kind: 'title', list: 5, item: 11, link: 2 },
    { text: 'Heat wave breaks records across southern Europe', kind: 'title', list: 5, item: 12, link: 3 },
    // A second list shows the heat wave again, cut short.
    { text: 'Heat wave breaks records across sou…', kind: 'title', list: 6, item: 0, link: 3 },
    { text: 'Opposition leader calls for early elections in spring', kind: 'title', list: 6, item: 1, link: 4 },
    { text: 'Rail strike cancels most trains on Monday morning', kind: 'title', list: 6, item: 2, link: 5 },
  ];
  const report = new Engine().analyze(blocks);
  assert.deepEqual(report.lists, [
    { list: 5, items: 3, clusters: [{ representative: 10, items: [10, 11], agency: 'AP', sameAsArticle: false }], above: [] },
    { list: 6, items: 3, clusters: [], above: [{ item: 0, sourceList: 5, sourceItem: 12 }] },
  ]);
  assert.equal(report.totals.collapsibleItems, 2);
});

test('the tokenizer classifies bytes in wasm (SIMD) as the native build does (SWAR)', async () => {
  // The 16-bytes-at-a-time code runs only in wasm: check it byte by byte
  // against the rule, over every byte value at every position of a block.
  const { byteClassesForTest } = await import(pathToFileURL(resolve(ENGINE, 'ditto_core.js')).href);
  const bytes = new Uint8Array(64 * 256 + 13);
  for (let k = 0; k < bytes.length; k++) bytes[k] = ((k >> 6) + k) & 0xff; // block v, position p: v + p
  // Commas and full stops before digits, also across a block's end.
  for (const at of [63, 127, 200, 255, 300, 1000, 4095]) bytes.set(at % 2 ? [0x2e, 0x37] : [0x2c, 0x35], at);
  const classes = byteClassesForTest(bytes);
  assert.equal(classes.length, 3 * Math.ceil(bytes.length / 64));
  const isDigit = (b) => b >= 0x30 && b <= 0x39;
  for (let k = 0; k < bytes.length; k++) {
    const b = bytes[k];
    const alnum = isDigit(b) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
    const stop = b >= 0x80 || b === 0x27 || ((b === 0x2c || b === 0x2e) && isDigit(bytes[k + 1]));
    const bit = (word) => Number((classes[3 * Math.floor(k / 64) + word] >> BigInt(k % 64)) & 1n) === 1;
    assert.equal(bit(0), alnum, `byte ${k} (${b}) letter or digit`);
    assert.equal(bit(1), b >= 0x80, `byte ${k} (${b}) beyond ASCII`);
    assert.equal(bit(2), stop, `byte ${k} (${b}) stop`);
  }
});
