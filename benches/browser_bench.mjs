// Engine speed in wasm inside the browsers Ditto runs in: the measurement of
// wasm_bench.mjs (same paragraphs, same JS wrapper), in a page of headless
// Chromium and Firefox ESR. Node's V8 is older than Chromium's, and the
// browsers' TextEncoder costs differ from Node's, so these are the figures a
// user's browser gives.
//
//   node benches/browser_bench.mjs [DIR] [--engine target/wasm-web] [--browsers chromium,firefox]
//   ./build.sh bench [DIR]
//
// Pages coarsen performance.now() (Firefox to 1 ms), so each sample times
// back-to-back analyses for at least SAMPLE_MS and divides.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveDirectory } from '../tools/static-server.mjs';
import { ABOUT_350_LEGEND, loadCorpus } from './corpus.mjs';

// puppeteer-core is a dependency of the tests (tests/package.json).
const puppeteer = createRequire(resolve(import.meta.dirname, '../tests/package.json'))('puppeteer-core');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const engineAt = option('--engine', 'target/wasm-web');
const browsers = option('--browsers', 'chromium,firefox').split(',');
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '../shared/corpus/pages';

const WARM_UP_MS = 10000;
const SAMPLE_MS = 200;
const MEASURE_MS = 4000;

// The page: loads the engine, then measures on request (runs in the browser).
const PAGE = `<!doctype html><meta charset="utf-8"><title>Ditto engine bench</title>
<script type="module">
import init, { Engine } from './ditto.js';
import { about350, scaled as scaledCorpus } from './scaled.mjs';
await init();
const texts = await (await fetch('paragraphs.json')).json();
const scaled = (times) => scaledCorpus(texts, times);
function analyseOnce(blocks) {
  const engine = new Engine();
  const report = engine.analyze(blocks);
  engine.free();
  return report.totals.engineMs;
}
/** Best sample: [ms per analysis through the wrapper, ms of it inside wasm]. */
function measure(blocks, minMs) {
  let best = [Infinity, Infinity];
  const started = performance.now();
  do {
    let runs = 0;
    let inside = 0;
    const t = performance.now();
    do {
      inside += analyseOnce(blocks);
      runs++;
    } while (performance.now() - t < ${SAMPLE_MS});
    const ms = (performance.now() - t) / runs;
    if (ms < best[0]) best = [ms, inside / runs];
  } while (performance.now() - started < minMs);
  return best;
}
window.bench = {
  first() {
    const blocks = scaled(1);
    const t = performance.now();
    analyseOnce(blocks);
    return [performance.now() - t, blocks.length];
  },
  warmUp() {
    measure(scaled(1), ${WARM_UP_MS});
  },
  row(times) {
    const blocks = times === '350c' ? about350(texts) : scaled(times);
    const chars = blocks.reduce((n, b) => n + b.text.length, 0);
    return { paragraphs: blocks.length, chars, best: measure(blocks, ${MEASURE_MS}) };
  },
};
window.ready = true;
</script>`;

const site = mkdtempSync(join(tmpdir(), 'ditto-bench-'));
for (const file of ['ditto.js', 'ditto_core.js', 'ditto_bg.wasm']) copyFileSync(resolve(engineAt, file), join(site, file));
copyFileSync(resolve(import.meta.dirname, 'scaled.mjs'), join(site, 'scaled.mjs'));
writeFileSync(join(site, 'paragraphs.json'), JSON.stringify(loadCorpus(dir)));
writeFileSync(join(site, 'index.html'), PAGE);
const server = await serveDirectory(site);

const LAUNCH = {
  chromium: () =>
    puppeteer.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      pipe: true,
      protocolTimeout: 600000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  firefox: () =>
    puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
      headless: true,
      protocolTimeout: 600000,
    }),
};

try {
  for (const name of browsers) {
    if (!LAUNCH[name]) throw new Error(`unknown browser ${name} (chromium, firefox)`);
    const browser = await LAUNCH[name]();
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => window.ready === true, { timeout: 60000 });
      const version = await browser.version();
      const [firstMs, count] = await page.evaluate(() => window.bench.first());
      console.log(`\n${version}: first analysis after loading the module: ${((firstMs * 1000) / count).toFixed(2)} µs/para`);
      await page.evaluate(() => window.bench.warmUp());
      console.log('input  paragraphs   µs/para  µs/350 chars   (inside wasm: µs/para; µs/350 chars)');
      for (const times of [1, 10, '350c']) {
        const { paragraphs, chars, best } = await page.evaluate((t) => window.bench.row(t), times);
        const [ms, inside] = best;
        const name = typeof times === 'number' ? `${times}×` : times;
        console.log(
          `${name.padStart(5)} ${String(paragraphs).padStart(11)} ${((ms * 1000) / paragraphs).toFixed(2).padStart(9)} ` +
            `${((ms * 1000 * 350) / chars).toFixed(2).padStart(13)}   (${((inside * 1000) / paragraphs).toFixed(2)}; ${((inside * 1000 * 350) / chars).toFixed(2)}/350 chars)`,
        );
      }
      console.log(ABOUT_350_LEGEND);
    } finally {
      await browser.close();
    }
  }
  console.log(`(best ${SAMPLE_MS} ms sample after ${WARM_UP_MS / 1000} s of warm-up; one Engine per analysis, all paragraphs in one batch, times include the JS wrapper)`);
} finally {
  await server.close();
  rmSync(site, { recursive: true, force: true });
}
