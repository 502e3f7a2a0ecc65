// Engine speed in wasm, run in Node: the same measurement as benches/engine.rs
// (paragraphs of 15+ words from saved pages; 1×, 10×, 100× the input with each
// copy's words made distinct; the paragraphs of ~350 characters alone; the
// input rewritten in Cyrillic and Chinese-like text), through the same JS
// wrapper the extension uses (js/ditto.js: packing, the wasm call, unpacking
// the report).
//
//   node benches/wasm_bench.mjs [DIR] [--engine target/wasm-web]
//   ./build.sh bench [DIR]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ABOUT_350_LEGEND, about350, loadCorpus, rewritten, scaled } from './corpus.mjs';

const args = process.argv.slice(2);
const engineAt = args.includes('--engine') ? args[args.indexOf('--engine') + 1] : 'target/wasm-web';
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--engine') ?? '../shared/corpus/pages';

const { default: init, Engine } = await import(pathToFileURL(resolve(engineAt, 'ditto.js')).href);
await init({ module_or_path: readFileSync(resolve(engineAt, 'ditto_bg.wasm')) });

const corpus = loadCorpus(dir);

function best(blocks, minMs) {
  let bestMs = Infinity;
  let engineMs = Infinity;
  const started = performance.now();
  for (let runs = 0; runs < 3 || performance.now() - started < minMs; runs++) {
    const engine = new Engine();
    const t = performance.now();
    const report = engine.analyze(blocks);
    const ms = performance.now() - t;
    if (ms < bestMs) {
      bestMs = ms;
      engineMs = report.totals.engineMs;
    }
    engine.free();
  }
  return { bestMs, engineMs };
}

// V8 first runs wasm in its baseline compiler (Liftoff) and swaps in
// optimised code (TurboFan) compiled in the background once a function is
// hot; on two cores that takes seconds for this module. The first analysis
// is timed apart (what a page's first batch may meet); the table is the
// steady state after WARM_UP_MS of analysing.
const WARM_UP_MS = 10000;
const firstBlocks = scaled(corpus, 1);
{
  const engine = new Engine();
  const t = performance.now();
  engine.analyze(firstBlocks);
  const ms = performance.now() - t;
  engine.free();
  console.log(`\nFirst analysis after loading the module (baseline code): ${((ms * 1000) / firstBlocks.length).toFixed(2)} µs/para`);
}
best(firstBlocks, WARM_UP_MS);

console.log(`\nDitto engine, wasm in Node ${process.version} (${corpus.length} paragraphs of real pages)`);
console.log('input  paragraphs       MB   µs/para  µs/350 chars     MB/s   (inside wasm: µs/para; µs/350 chars)');
const rows = [
  ['1×', () => scaled(corpus, 1), 3000],
  ['10×', () => scaled(corpus, 10), 3000],
  ['100×', () => scaled(corpus, 100), 0],
  ['350c', () => about350(corpus), 3000],
  ['Cyrl', () => rewritten(corpus, 'cyrillic'), 3000],
  ['Hani', () => rewritten(corpus, 'chinese'), 3000],
];
for (const [name, input, minMs] of rows) {
  const blocks = input();
  const chars = blocks.reduce((n, b) => n + b.text.length, 0);
  const bytes = blocks.reduce((n, b) => n + Buffer.byteLength(b.text), 0);
  const { bestMs, engineMs } = best(blocks, minMs);
  const us = (bestMs * 1000) / blocks.length;
  const inside = (engineMs * 1000) / blocks.length;
  console.log(
    `${name.padStart(5)} ${String(blocks.length).padStart(11)} ${(bytes / 1e6).toFixed(1).padStart(8)} ` +
      `${us.toFixed(2).padStart(9)} ${((bestMs * 1000 * 350) / chars).toFixed(2).padStart(13)} ` +
      `${(bytes / 1e3 / bestMs).toFixed(1).padStart(8)}   (${inside.toFixed(2)}; ${((engineMs * 1000 * 350) / chars).toFixed(2)}/350 chars)`,
  );
}
console.log(ABOUT_350_LEGEND);
console.log('Cyrl, Hani: the 1× input rewritten in Cyrillic letters, and as Chinese-like text (two ideographs per word, no spaces)');
console.log(`(best of repeated runs after ${WARM_UP_MS / 1000} s of warm-up; one Engine per run, all paragraphs in one batch, times include the JS wrapper)`);
