// The memory of pages read (src/memory.rs through the wasm the background
// runs): a synthetic memory of 100,000 paragraphs on 5,000 pages, then what a
// page load asks of it. Prints figures; budgets are read off them, never
// asserted in a timed test.
//
//   node benches/memory_bench.mjs [--engine target/wasm-web] [--paragraphs N]
//   ./build.sh bench memory
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const engineAt = option('--engine', 'target/wasm-web');
const total = Number(option('--paragraphs', 100000));
const PER_PAGE = 20;
const PAGE_PARAGRAPHS = 60; // one page's paragraphs, looked up at once

const { default: init, ReadMemoryCore } = await import(pathToFileURL(resolve(engineAt, 'ditto.js')).href);
await init({ module_or_path: readFileSync(resolve(engineAt, 'ditto_bg.wasm')) });

// Distinct paragraphs of news-like length (about 30 words).
const WORDS = 'council bridge river mayor cracks engineers supports inspection spring footbridge summer holidays shop owners rent customers buses route quay market transport authority cyclists lane paint markings school library station volunteers winter donations newspaper'.split(' ');
function paragraph(n) {
  const words = [];
  let x = n * 2654435761 + 1;
  for (let i = 0; i < 30; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    words.push(WORDS[x % WORDS.length] + (i % 7 === 0 ? String(n % 9973) : ''));
  }
  return `${words.join(' ')} ${n}.`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn, runs) => {
  const ms = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = fn();
    ms.push(performance.now() - t);
  }
  return { ms: median(ms), value };
};

const memory = new ReadMemoryCore();
let started = performance.now();
for (let page = 0; page * PER_PAGE < total; page++) {
  const texts = Array.from({ length: PER_PAGE }, (_, i) => paragraph(page * PER_PAGE + i));
  memory.record(`https://site${page % 300}.example/story/${page}`, `Story ${page}`, 1.7e12 + page * 60000, texts);
}
const buildMs = performance.now() - started;

// A page whose paragraphs are half already read, half new.
const pageTexts = Array.from({ length: PAGE_PARAGRAPHS }, (_, i) => (i % 2 ? paragraph(i * 977) : paragraph(total + i)));
const lookup = time(() => memory.lookup('https://reader.example/today', pageTexts), 50);
const found = Array.from(lookup.value).filter((id) => id !== 0xffffffff).length;
const store = time(() => memory.toBytes(), 10);
const load = time(() => ReadMemoryCore.fromBytes(store.value).free(), 10);
const record = time(() => memory.record('https://reader.example/today', 'Today', Date.now(), pageTexts.slice(0, 10)), 20);

console.log(`memory: ${memory.paragraphs().toLocaleString('en')} paragraphs on ${memory.pages().toLocaleString('en')} pages (built in ${buildMs.toFixed(0)} ms)`);
console.log(`stored form                 ${(store.value.length / 1e6).toFixed(2)} MB (${(store.value.length / memory.paragraphs()).toFixed(1)} bytes a paragraph)`);
console.log(`look up a page (${PAGE_PARAGRAPHS} paragraphs) ${lookup.ms.toFixed(2)} ms median   (${found} of ${PAGE_PARAGRAPHS} found; budget 5 ms added to the analysis)`);
console.log(`record 10 paragraphs read   ${record.ms.toFixed(2)} ms median`);
console.log(`store (toBytes)             ${store.ms.toFixed(1)} ms median   (in the background, after the page has moved on)`);
console.log(`load (fromBytes)            ${load.ms.toFixed(1)} ms median   (once per background start, on the first lookup)`);
