// Where Ditto's share of a page load goes, from a Chromium performance trace:
// a companion to pageload.mjs, which says how much; this says on what.
//
//   node benches/pageload-trace.mjs PAGES_DIR [--pages K] [--runs N] [--dist DIR] [--no-page-scripts]
//   ./build.sh bench trace [PAGES_DIR]
//
// Each page is loaded with the built extension under CDP tracing; every
// top-level task of the renderer's main thread that runs any of the
// extension's code (a script evaluated, a function called or a wasm module
// compiled from a chrome-extension:// URL) is Ditto's, and its time is split
// by what ran inside it: evaluating the content scripts, compiling wasm,
// Ditto's JavaScript, the style recalculation and layout it forces, garbage
// collection. The same page without the extension gives the page's own
// figure for comparison, and the same page on a site where Ditto is switched
// off the tasks Ditto still runs there ("off") and the whole main thread
// there: on minus off in the one browser ("on-off", as pageload.mjs) is all
// that Ditto's presence costs under tracing. Ditto's tasks are a floor of it:
// a task in which Ditto's code runs only as a promise's continuation (after
// a message's answer, once the wasm compiled) names no extension script, and
// the page's own tasks may do more (style and layout). So it ends with the
// main thread's self time by trace event name, on minus off, per load: where
// on-off goes, whatever task it ran in. Absolute times move between
// machines: read shares.
import { resolve } from 'node:path';
import { BROWSERS } from '../tests/e2e/lib/browsers.mjs';
import { inTurn, launchPlain, median, OFF_HOST, offSiteUrl, refuseExternalRequests, NO_PAGE_SCRIPTS, savedPages, switchOff, takeOption, takeFlag, serveSavedPages } from './lib/page-loads.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const pageCount = Number(option('--pages', 8));
const runs = Number(option('--runs', 2));
const dist = option('--dist', undefined);
const withoutScripts = takeFlag(args, NO_PAGE_SCRIPTS);
const dir = resolve(args[0] ?? '../shared/corpus/pages');
const SETTLE_MS = 3000;
const TOP_NAMES = 15;

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'toplevel'];

const pages = await savedPages(dir, pageCount);
const { server, served } = await serveSavedPages(dir, withoutScripts);
const withDitto = await BROWSERS.chromium(dist ? { extensionDir: resolve(dist, 'chrome') } : {});
await switchOff(withDitto, OFF_HOST);
const without = (await launchPlain('chromium')).browser;

const KINDS = ['task', 'evaluate', 'wasm', 'script', 'style+layout', 'gc', 'other'];
console.log(`# chromium: ${pages.length} pages served ${served}, ${runs} runs each; Ditto's main-thread tasks (ms, median over runs), split by what ran in them`);
console.log(['page'.padEnd(28), 'page ms', ...KINDS.map((k) => k.padStart(12)), 'off task'.padStart(9), 'on-off'.padStart(7)].join(' '));
const totals = Object.fromEntries([...KINDS, 'off', 'overOff'].map((k) => [k, []]));
// Main-thread self time by trace event name, summed over every on and every
// off load: where on-off goes, the work Ditto's tasks do not show included.
const byName = { on: new Map(), off: new Map() };
const addByName = (into, load) => {
  for (const [name, ms] of load.byName) into.set(name, (into.get(name) ?? 0) + ms);
};
for (const file of pages) {
  const samples = [];
  const pageOwn = [];
  const off = [];
  const onAll = [];
  const offAll = [];
  for (let run = 0; run < runs; run++) {
    pageOwn.push((await traceLoad(without, `${server.url}${encodeURIComponent(file)}`)).all);
    // On and off swap places every other run (pageload.mjs says why): use an even --runs.
    await inTurn(run, async () => {
      const on = await traceLoad(withDitto.browser, `${server.url}${encodeURIComponent(file)}`);
      samples.push(on.ditto);
      onAll.push(on.all);
      addByName(byName.on, on);
    }, async () => {
      const load = await traceLoad(withDitto.browser, offSiteUrl(server.url, file));
      off.push(load.ditto.task);
      offAll.push(load.all);
      addByName(byName.off, load);
    });
  }
  const row = Object.fromEntries(KINDS.map((k) => [k, median(samples.map((s) => s[k]))]));
  row.off = median(off);
  row.overOff = median(onAll) === null || median(offAll) === null ? null : median(onAll) - median(offAll);
  const fmt = (v) => (v === null ? 'n/a' : v.toFixed(1));
  for (const k of [...KINDS, 'off', 'overOff']) totals[k].push(row[k]);
  console.log([file.slice(0, 28).padEnd(28), fmt(median(pageOwn)).padStart(7), ...KINDS.map((k) => fmt(row[k]).padStart(12)), fmt(row.off).padStart(9), fmt(row.overOff).padStart(7)].join(' ') +
    (row.task === null ? '  (the page\'s renderer was not in the trace)' : ''));
}
console.log(`SUMMARY median per page: ${[...KINDS, 'off'].map((k) => `${k} ${median(totals[k])?.toFixed(1) ?? 'n/a'}`).join(', ')}; ` +
  `the whole main thread where on minus where off (on-off) ${median(totals.overOff)?.toFixed(1) ?? 'n/a'}`);
const loads = pages.length * runs;
const differences = [...new Set([...byName.on.keys(), ...byName.off.keys()])]
  .map((name) => [name, ((byName.on.get(name) ?? 0) - (byName.off.get(name) ?? 0)) / loads])
  .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
  .slice(0, TOP_NAMES);
console.log(`# on-off by trace event name: main-thread self ms per load (mean over ${loads} loads each), the ${TOP_NAMES} largest differences`);
for (const [name, ms] of differences) console.log(`${ms.toFixed(2).padStart(8)}  ${name}`);
await withDitto.close();
await without.close();
await server.close();

async function traceLoad(browser, url) {
  const page = await browser.newPage();
  try {
    await refuseExternalRequests(page, ['127.0.0.1', OFF_HOST]);
    await page.tracing.start({ categories: CATEGORIES });
    await page.goto(url, { waitUntil: 'load', timeout: 30000 }).catch(() => {});
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    const events = JSON.parse(new TextDecoder().decode(await page.tracing.stop())).traceEvents;
    return split(events);
  } finally {
    await page.close().catch(() => {});
  }
}

// The page's renderer main thread: of the renderer main threads in the
// trace (other tabs' and the extension's own are there too), the one that
// parsed the most HTML. Its top-level tasks, all of them and those that ran
// the extension's code, split by kind; null when no such thread was traced.
function split(events) {
  const parsed = new Map();
  for (const e of events) if (e.name === 'ParseHTML') parsed.set(`${e.pid}:${e.tid}`, (parsed.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = mains.sort((a, b) => (parsed.get(`${b.pid}:${b.tid}`) ?? 0) - (parsed.get(`${a.pid}:${a.tid}`) ?? 0))[0];
  if (!main || !parsed.has(`${main.pid}:${main.tid}`)) return { all: null, byName: new Map(), ditto: Object.fromEntries(KINDS.map((k) => [k, null])) };
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const byName = selfTimeByName(onMain);
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const ditto = Object.fromEntries(KINDS.map((k) => [k, 0]));
  let all = 0;
  let i = 0;
  for (const task of tasks) {
    const end = task.ts + task.dur;
    all += task.dur / 1000;
    const inside = [];
    while (i < onMain.length && onMain[i].ts < end) {
      if (onMain[i] !== task && onMain[i].ts >= task.ts) inside.push(onMain[i]);
      i++;
    }
    if (!inside.some(isExtension)) continue;
    ditto.task += task.dur / 1000;
    // Self time by kind: an event's kind is its own or its parent's (forced
    // style and layout, garbage collection and wasm count as themselves even
    // inside a script's call).
    const stack = [{ end, kind: 'other' }];
    ditto.other += task.dur / 1000;
    for (const e of inside) {
      while (stack.length > 1 && stack.at(-1).end <= e.ts) stack.pop();
      const parent = stack.at(-1);
      const kind = kindOf(e) ?? parent.kind;
      ditto[kind] += e.dur / 1000;
      ditto[parent.kind] -= e.dur / 1000;
      stack.push({ end: e.ts + e.dur, kind });
    }
  }
  return { all, byName, ditto };
}

// Each event's own time (its duration minus its children's), summed by name,
// in ms. `events`: complete events of one thread, by start, outer first.
function selfTimeByName(events) {
  const self = new Map();
  const stack = [];
  for (const e of events) {
    while (stack.length && stack.at(-1).end <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur / 1000);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur / 1000);
    stack.push({ end: e.ts + e.dur, name: e.name });
  }
  return self;
}

function isExtension(e) {
  const EXTENSION = /^chrome-extension:/;
  const d = e.args?.data ?? e.args ?? {};
  return EXTENSION.test(d.url ?? '') || EXTENSION.test(d.fileName ?? '') || EXTENSION.test(d.scriptName ?? '') ||
    (d.stackTrace ?? []).some((f) => EXTENSION.test(f.url ?? ''));
}

function kindOf(e) {
  if (e.name === 'EvaluateScript' || e.name === 'v8.compile' || e.name === 'v8.compileModule') return 'evaluate';
  if (/wasm/i.test(e.name)) return 'wasm';
  if (e.name === 'FunctionCall' || e.name === 'TimerFire' || e.name === 'EventDispatch' || e.name === 'v8.callFunction' ||
    e.name === 'RunMicrotasks' || e.name === 'FireIdleCallback' || e.name === 'FireAnimationFrame') return 'script';
  if (e.name === 'UpdateLayoutTree' || e.name === 'Layout' || e.name === 'RecalculateStyles' || e.name === 'PrePaint' || e.name === 'Paint') return 'style+layout';
  if (/GC|MinorGC|MajorGC/.test(e.name)) return 'gc';
  return null;
}
