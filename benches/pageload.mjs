// What Ditto costs every page load, measured side by side in one run: each
// page of a folder loaded N times, alternately in a browser without the
// extension, with it, and with it on a site where it is switched off.
//
//   node benches/pageload.mjs [PAGES_DIR] [--runs N] [--pages K] [--dist DIR] [--browsers chromium,firefox] [--no-page-scripts]
//   ./build.sh bench pageload [PAGES_DIR]
//
// Per page (median over the runs) and over all pages (median, p90):
// - Chromium: main-thread time Ditto adds (CDP Performance.getMetrics
//   TaskDuration of the page's renderer, from before navigation to 3 s after
//   `load`, with the extension minus without), on a site where it is on and
//   one where it is off, and on minus off in the one browser (off loads
//   nothing of Ditto, so it is a baseline free of the two browsers' drift);
//   the page's JS heap it adds (JSHeapUsedSize, the content script's world
//   shares the page's heap);
// - both browsers: time from DOMContentLoaded to the first highlight (the
//   end of Ditto's first `ditto:analysis` measure), Ditto's own main-thread
//   time by its clock (the measure's phaseMs summed: lists, extraction,
//   engine calls, painting, collapsing; not the script's loading nor the
//   browser's work it causes), Ditto's longest task (from the measure's
//   detail); the engine's load time and its wasm memory in the tab where a
//   build reports them (those from before the engine moved to the
//   background; n/a now: the tab holds none).
//   A page load reads only as far as the reader's reach: then each page
//   is scrolled to its end and Ditto's own time for the whole page printed
//   too ("read to end"; the longest task covers both).
// On and off swap places every other run: whether a load comes right after
// the browser sat idle (while the other browser loaded) or right after
// another load moves its renderer's time; each gets both places equally.
// Firefox has no CDP Performance domain (WebDriver BiDi has no task or heap
// metrics): its main-thread time and heap are printed as not measured.
// Absolute times move between machines: read the differences and ratios,
// which are measured side by side.
import { resolve } from 'node:path';
import { BROWSERS } from '../tests/e2e/lib/browsers.mjs';
import {
  launchPlain, median, OFF_HOST, offSiteUrl, quantile, refuseExternalRequests, rendererMetrics, inTurn, NO_PAGE_SCRIPTS, savedPages, switchOff, takeOption, takeFlag, serveSavedPages,
  taskMsBetween, pageProcessesCpu, cpuMsBetween,
} from './lib/page-loads.mjs';
import { readToTheEnd } from '../tests/judge/observe.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const runs = Number(option('--runs', 4));
const pageCount = Number(option('--pages', 24));
const dist = option('--dist', undefined);
const browsers = option('--browsers', 'chromium,firefox').split(',');
const withoutScripts = takeFlag(args, NO_PAGE_SCRIPTS);
const dir = resolve(args[0] ?? '../shared/corpus/pages');

const SETTLE_MS = 3000;
const LOAD_TIMEOUT_MS = 30000;

const pages = await savedPages(dir, pageCount);
const { server, served } = await serveSavedPages(dir, withoutScripts);
const on = (file) => `${server.url}${encodeURIComponent(file)}`;
const off = (file) => offSiteUrl(server.url, file);

const extensionDir = (name) => (dist ? { extensionDir: resolve(dist, name === 'chromium' ? 'chrome' : 'firefox') } : {});

for (const name of browsers) {
  console.log(`\n# ${name}: ${pages.length} pages from ${dir} served ${served}, ${runs} runs each, alternately without Ditto, with it, and on a site where it is off`);
  const withDitto = await BROWSERS[name](extensionDir(name));
  const without = await launchPlain(name);
  await switchOff(withDitto, OFF_HOST);
  const rows = [];
  for (const file of pages) {
    const samples = { none: [], on: [], off: [] };
    for (let run = 0; run < runs; run++) {
      samples.none.push(await load(without, on(file)));
      // On and off swap places every other run (above): use an even --runs.
      await inTurn(run,
        async () => samples.on.push(await load(withDitto, on(file), { toTheEnd: true })),
        async () => samples.off.push(await load(withDitto, off(file))));
    }
    const row = summarise(file, samples);
    rows.push(row);
    printRow(name, row);
  }
  printTotals(name, rows);
  await withDitto.close().catch(() => {});
  await without.browser.close().catch(() => {});
}
await server.close();

// toTheEnd: after the figures of the load, scrolls to the page's end (a
// reader who reads it all) and reads Ditto's own time for the whole page.
async function load(session, url, { toTheEnd = false } = {}) {
  const page = await session.browser.newPage();
  try {
    await refuseExternalRequests(page, ['127.0.0.1', OFF_HOST]);
    const readMetrics = session.name === 'chromium' ? await rendererMetrics(page) : null;
    const before = readMetrics ? await readMetrics() : null;
    const cpuBefore = pageProcessesCpu(session.browser);
    await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS }).catch(() => {});
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    const cpuAfter = pageProcessesCpu(session.browser);
    const after = readMetrics ? await readMetrics() : null;
    const ditto = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const [first] = performance.getEntriesByName('ditto:analysis');
      const last = performance.getEntriesByName('ditto:analysis').at(-1);
      const detail = last ? JSON.parse(last.detail) : null;
      return {
        firstHighlightMs: first ? first.startTime + first.duration - nav.domContentLoadedEventEnd : null,
        longestTaskMs: detail?.longestTaskMs ?? null,
        wasmBytes: detail?.wasmBytes ?? null,
        ownMs: detail?.phaseMs ? Object.values(detail.phaseMs).reduce((a, b) => a + b, 0) : null,
        engineLoadMs: detail?.engineLoadMs ?? null,
      };
    }).catch(() => ({}));
    if (toTheEnd && ditto.ownMs !== null) {
      await readToTheEnd(page);
      Object.assign(ditto, await page.evaluate(() => {
        const detail = JSON.parse(performance.getEntriesByName('ditto:analysis').at(-1).detail);
        return { wholeOwnMs: Object.values(detail.phaseMs).reduce((a, b) => a + b, 0), longestTaskMs: detail.longestTaskMs, wholeWasmBytes: detail.wasmBytes };
      }).catch(() => ({})));
    }
    return {
      taskMs: after ? taskMsBetween(before, after) : null,
      cpuMs: cpuMsBetween(cpuBefore, cpuAfter),
      heapBytes: after ? after.JSHeapUsedSize : null,
      ...ditto,
    };
  } finally {
    await page.close().catch(() => {});
  }
}

function summarise(file, { none, on: withIt, off: offIt }) {
  const m = (list, key) => median(list.map((s) => s[key]));
  const noneTask = m(none, 'taskMs');
  const noneCpu = m(none, 'cpuMs');
  const onCpu = m(withIt, 'cpuMs');
  const offCpu = m(offIt, 'cpuMs');
  return {
    file,
    addedMs: noneTask === null ? null : m(withIt, 'taskMs') - noneTask,
    addedOffMs: noneTask === null ? null : m(offIt, 'taskMs') - noneTask,
    // The same browser on a site where Ditto is off, which loads nothing of
    // it: a baseline without the second browser's own drift.
    overOffMs: m(offIt, 'taskMs') === null ? null : m(withIt, 'taskMs') - m(offIt, 'taskMs'),
    // The same from the main thread's CPU time (/proc), where Linux has it.
    cpuAddedMs: noneCpu === null || onCpu === null ? null : onCpu - noneCpu,
    cpuAddedOffMs: noneCpu === null || offCpu === null ? null : offCpu - noneCpu,
    cpuOverOffMs: onCpu === null || offCpu === null ? null : onCpu - offCpu,
    heapBytes: m(none, 'heapBytes') === null ? null : m(withIt, 'heapBytes') - m(none, 'heapBytes'),
    firstHighlightMs: m(withIt, 'firstHighlightMs'),
    longestTaskMs: m(withIt, 'longestTaskMs'),
    maxLongestTaskMs: Math.max(...withIt.map((s) => s.longestTaskMs ?? 0)),
    wasmBytes: m(withIt, 'wasmBytes'),
    ownMs: m(withIt, 'ownMs'),
    wholeOwnMs: m(withIt, 'wholeOwnMs'),
    wholeWasmBytes: m(withIt, 'wholeWasmBytes'),
    engineLoadMs: m(withIt, 'engineLoadMs'),
    offRan: offIt.some((s) => s.firstHighlightMs !== null),
  };
}

function fmt(v, digits = 1) {
  return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);
}
function mib(v) {
  return v === null || v === undefined ? 'n/a' : (v / 1048576).toFixed(2);
}

function printRow(name, r) {
  if (r === undefined) return;
  if (!printRow.header) {
    console.log(['page'.padEnd(34), 'added ms', 'added off', 'on-off ms', 'cpu added', 'cpu off', 'cpu on-off', 'own ms', 'DCL→1st ms', 'load ms', 'longest', 'heap MiB', 'wasm MiB', 'own, read to end', 'wasm, end'].join(' '));
    printRow.header = true;
  }
  console.log([r.file.slice(0, 34).padEnd(34), fmt(r.addedMs).padStart(8), fmt(r.addedOffMs).padStart(9), fmt(r.overOffMs).padStart(9),
    fmt(r.cpuAddedMs).padStart(9), fmt(r.cpuAddedOffMs).padStart(7), fmt(r.cpuOverOffMs).padStart(10), fmt(r.ownMs).padStart(6),
    fmt(r.firstHighlightMs).padStart(10), fmt(r.engineLoadMs).padStart(7),
    fmt(r.longestTaskMs).padStart(7), mib(r.heapBytes).padStart(8), mib(r.wasmBytes).padStart(8), fmt(r.wholeOwnMs).padStart(16), mib(r.wholeWasmBytes).padStart(9)].join(' ')
    + (r.offRan ? '  (ran where switched off!)' : ''));
}

function printTotals(name, rows) {
  printRow.header = false;
  const col = (key) => rows.map((r) => r[key]);
  const line = (label, key, f = fmt) => `${label} median ${f(median(col(key)))}, p90 ${f(quantile(col(key), 0.9))}`;
  console.log(`SUMMARY ${name}: ${line('added main-thread ms', 'addedMs')}; ${line('off', 'addedOffMs')}; ${line('on minus off, one browser, ms', 'overOffMs')}; ` +
    `main-thread CPU: ${line('added ms', 'cpuAddedMs')}, ${line('off', 'cpuAddedOffMs')}, ${line('on minus off', 'cpuOverOffMs')}; ` +
    `${line("Ditto's own phases ms", 'ownMs')}; ` +
    `${line('DCL to first highlight ms', 'firstHighlightMs')}; longest Ditto task max ${fmt(Math.max(...col('maxLongestTaskMs')))} ms; ` +
    `${line('heap added MiB', 'heapBytes', mib)}; ${line('wasm MiB', 'wasmBytes', mib)}; ` +
    `read to the end: ${line("Ditto's own phases ms", 'wholeOwnMs')}, ${line('wasm MiB', 'wholeWasmBytes', mib)}`);
  if (rows.length && rows.every((r) => r.wasmBytes === null || r.wasmBytes === undefined)) {
    console.log(`  ${name}: engine load and wasm memory n/a: the engine runs in the extension's background (content/engine-client.js), so the tab holds none`);
  }
  if (name !== 'chromium') {
    console.log(`  ${name}: main-thread task time and heap not measured: WebDriver BiDi has no task-duration or heap metrics (Chromium's come from CDP Performance.getMetrics); its main-thread CPU time is read from /proc`);
  }
  if (rows.length && rows.every((r) => r.cpuAddedMs === null)) {
    console.log(`  ${name}: main-thread CPU time not measured: /proc/PID/task/PID/schedstat could not be read (Linux only)`);
  }
}
