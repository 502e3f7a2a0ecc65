// What each stage of Ditto's page load costs, in Chromium: the main-thread
// time of builds that stop part of the way (content/entry.js, DITTO_STAGE),
// each against the same page on a site where Ditto is off, in the same
// browser (on-off, as pageload.mjs):
//   starter    the registered starter alone (its world, its extension APIs),
//              nothing injected;
//   evaluated  the content script injected and evaluated, nothing started;
//   started    the settings read, the engine connected (Chrome's is the
//              background's), the popup's answers set up, nothing analysed;
//   full       the extension as built: the page analysed as far as the
//              reader's reach, painted, reported.
// The difference between two stages is what the later one adds.
// --builds NAME=DIR,NAME=DIR,... compares any unpacked Chrome builds the same
// way instead (a change against the extension as built, say).
//
//   node benches/pageload-stages.mjs PAGES_DIR [--runs N] [--pages K] [--stages DIR] [--dist DIR] [--no-page-scripts]
//   node benches/pageload-stages.mjs PAGES_DIR --builds before=dist/chrome,after=/tmp/chrome [--runs N] [--pages K] [--no-page-scripts]
//   ./build.sh bench stages [PAGES_DIR]   (builds the stages into target/stages first)
//
// A page's own main-thread time varies from load to load by tens of ms
// (its scripts, timers, late resources), more than a stage adds: read the
// medians over many pages and runs, and the p90 beside them.
import { resolve } from 'node:path';
import { BROWSERS } from '../tests/e2e/lib/browsers.mjs';
import {
  median, OFF_HOST, offSiteUrl, quantile, refuseExternalRequests, rendererMetrics, inTurn, NO_PAGE_SCRIPTS, savedPages, switchOff, takeOption, takeFlag, serveSavedPages, taskMsBetween,
  pageProcessesCpu, cpuMsBetween,
} from './lib/page-loads.mjs';
import { PARTIAL_STAGES } from './lib/stages.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const runs = Number(option('--runs', 4));
const pageCount = Number(option('--pages', 12));
const stagesDir = resolve(option('--stages', 'target/stages'));
const dist = resolve(option('--dist', 'dist'));
const builds = option('--builds', null);
const withoutScripts = takeFlag(args, NO_PAGE_SCRIPTS);
const dir = resolve(args[0] ?? '../shared/corpus/pages');
const SETTLE_MS = 3000;

const STAGES = builds
  ? builds.split(',').map((build) => {
    const [name, extensionDir] = build.split('=');
    if (!name || !extensionDir) throw new Error(`--builds: NAME=DIR,NAME=DIR, not ${build}`);
    return { name, extensionDir: resolve(extensionDir) };
  })
  : [
    ...PARTIAL_STAGES.map((name) => ({ name, extensionDir: resolve(stagesDir, name) })),
    { name: 'full', extensionDir: resolve(dist, 'chrome') },
  ];

const pages = await savedPages(dir, pageCount);
const { server, served } = await serveSavedPages(dir, withoutScripts);
for (const stage of STAGES) {
  stage.session = await BROWSERS.chromium({ extensionDir: stage.extensionDir });
  await switchOff(stage.session, OFF_HOST);
}

console.log(`# chromium: ${pages.length} pages from ${dir} served ${served}, ${runs} runs each; main-thread ms where on minus where off, per stage (median over runs)`);
console.log(['page'.padEnd(30), ...STAGES.map((s) => s.name.padStart(10))].join(' '));
// Two measures of each load: CDP's task time and the main thread's CPU time
// (/proc: pageProcessesCpu, which leaves out preempted time).
const MEASURES = ['task', 'cpu'];
const rows = { task: [], cpu: [] };
for (const file of pages) {
  const samples = Object.fromEntries(STAGES.map((s) => [s.name, { on: [], off: [] }]));
  for (let run = 0; run < runs; run++) {
    // Stages alternate load by load, so that the machine's drift spreads over all of them.
    // On and off swap places every other run (pageload.mjs says why): use an even --runs.
    for (const stage of STAGES) {
      await inTurn(run,
        async () => samples[stage.name].off.push(await taskMs(stage.session, offSiteUrl(server.url, file))),
        async () => samples[stage.name].on.push(await taskMs(stage.session, `${server.url}${encodeURIComponent(file)}`)));
    }
  }
  for (const measure of MEASURES) {
    const of = (list) => median(list.map((load) => load[measure]));
    const row = Object.fromEntries(STAGES.map((s) => [s.name, of(samples[s.name].on) - of(samples[s.name].off)]));
    rows[measure].push(row);
    console.log([`${file.slice(0, 25)} ${measure}`.padEnd(30), ...STAGES.map((s) => (row[s.name]?.toFixed(1) ?? 'n/a').padStart(10))].join(' '));
  }
}
const figures = (values) => `median ${median(values)?.toFixed(1)}, p90 ${quantile(values, 0.9)?.toFixed(1)}`;
for (const measure of MEASURES) {
  const what = measure === 'task' ? 'task time (CDP TaskDuration)' : 'CPU time (/proc)';
  const rowsOf = rows[measure];
  console.log(`SUMMARY ${what} on-off ms: ${STAGES.map((s) => `${s.name} ${figures(rowsOf.map((r) => r[s.name]))}`).join('; ')}`);
  if (builds) {
    console.log(`SUMMARY ${what} against ${STAGES[0].name} (median of the per-page differences) ms: ${STAGES.slice(1).map((s) =>
      `${s.name} ${median(rowsOf.map((r) => r[s.name] - r[STAGES[0].name]))?.toFixed(1)}`).join('; ')}`);
  } else {
    console.log(`SUMMARY ${what} added by each stage (median of the per-page differences) ms: ${STAGES.map((s, i) =>
      `${s.name} ${median(rowsOf.map((r) => r[s.name] - (i ? r[STAGES[i - 1].name] : 0)))?.toFixed(1)}`).join('; ')}`);
  }
}
for (const stage of STAGES) await stage.session.close().catch(() => {});
await server.close();

// The page renderer's main-thread time of one load, from before navigation
// to SETTLE_MS after `load`: {task} from CDP Performance.getMetrics, {cpu}
// from /proc.
async function taskMs(session, url) {
  const page = await session.browser.newPage();
  try {
    await refuseExternalRequests(page, ['127.0.0.1', OFF_HOST]);
    const readMetrics = await rendererMetrics(page);
    const before = await readMetrics();
    const cpuBefore = pageProcessesCpu(session.browser);
    await page.goto(url, { waitUntil: 'load', timeout: 30000 }).catch(() => {});
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    const cpu = cpuMsBetween(cpuBefore, pageProcessesCpu(session.browser));
    return { task: taskMsBetween(before, await readMetrics()), cpu };
  } finally {
    await page.close().catch(() => {});
  }
}
