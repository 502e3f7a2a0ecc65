// Ditto's JavaScript on a page load, sampled, in Chromium: the V8 CPU
// profiler runs over each load (CDP Profiler, a sample every 200 µs) and the
// samples whose stack holds the extension's code are Ditto's. Per page and
// build it prints those milliseconds (median over runs), then per build the
// functions with the most self time and the most time inside them (over all
// loads). A page's own scripts and timers never count, so this varies far
// less from load to load than the renderer's whole main-thread time
// (pageload.mjs, pageload-stages.mjs); it misses the browser's own work for
// Ditto (the style and layout after its highlights, its world's set-up) and
// adds the profiler's overhead, so read it for where Ditto's JavaScript goes
// and for differences between builds, the others for the whole cost.
//
//   node benches/pageload-profile.mjs PAGES_DIR [--runs N] [--pages K] [--top N] [--builds NAME=DIR,...] [--no-page-scripts]
//
// --builds: unpacked Chrome builds, loaded alternately (default: dist/chrome).
import { resolve } from 'node:path';
import { BROWSERS } from '../tests/e2e/lib/browsers.mjs';
import { median, quantile, refuseExternalRequests, NO_PAGE_SCRIPTS, savedPages, takeOption, takeFlag, serveSavedPages } from './lib/page-loads.mjs';

const args = process.argv.slice(2);
const runs = Number(takeOption(args, '--runs', 2));
const pageCount = Number(takeOption(args, '--pages', 12));
const top = Number(takeOption(args, '--top', 20));
const builds = takeOption(args, '--builds', 'dist=dist/chrome').split(',').map((spec) => {
  const [name, dir] = spec.split('=');
  return { name, dir: resolve(dir), selfMs: new Map(), insideMs: new Map() };
});
const withoutScripts = takeFlag(args, NO_PAGE_SCRIPTS);
const dir = resolve(args[0] ?? '../shared/corpus/pages');
const SAMPLE_US = 200;
const SETTLE_MS = 2500;

const pages = await savedPages(dir, pageCount);
const { server, served } = await serveSavedPages(dir, withoutScripts);
for (const build of builds) build.session = await BROWSERS.chromium({ extensionDir: build.dir });
try {
  console.log(`# chromium: ${pages.length} pages from ${dir} served ${served}, ${runs} runs each; Ditto's sampled JavaScript ms per load (median over runs)`);
  console.log(['page'.padEnd(30), ...builds.map((b) => b.name.padStart(10))].join(' '));
  const rows = [];
  for (const file of pages) {
    const loads = Object.fromEntries(builds.map((b) => [b.name, []]));
    for (let run = 0; run < runs; run++) {
      for (const build of builds) loads[build.name].push(await profiledLoad(build, `${server.url}${encodeURIComponent(file)}`));
    }
    const row = Object.fromEntries(builds.map((b) => [b.name, median(loads[b.name])]));
    rows.push(row);
    console.log([file.slice(0, 30).padEnd(30), ...builds.map((b) => row[b.name].toFixed(1).padStart(10))].join(' '));
  }
  const column = (name) => rows.map((row) => row[name]);
  console.log('SUMMARY sampled ms: ' + builds.map((b) => `${b.name} median ${median(column(b.name)).toFixed(1)}, p90 ${quantile(column(b.name), 0.9).toFixed(1)}`).join('; '));
  if (builds.length > 1) {
    const [first, ...others] = builds;
    console.log(`SUMMARY against ${first.name} (median of the per-page differences) ms: ` +
      others.map((b) => `${b.name} ${median(rows.map((row) => row[b.name] - row[first.name])).toFixed(1)}`).join('; '));
  }
  const loadCount = pages.length * runs;
  for (const build of builds) {
    for (const [title, byFunction] of [['self', build.selfMs], ['inside', build.insideMs]]) {
      const ranked = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top);
      console.log(`# ${build.name}: ms per load by ${title} time`);
      for (const [where, ms] of ranked) console.log(`  ${(ms / loadCount).toFixed(2).padStart(6)}  ${where}`);
    }
  }
} finally {
  for (const build of builds) await build.session.close().catch(() => {});
  await server.close();
}

// One load under the profiler: Ditto's sampled ms, its functions' times
// added to the build's tallies.
async function profiledLoad(build, url) {
  const page = await build.session.browser.newPage();
  try {
    await refuseExternalRequests(page, ['127.0.0.1']);
    const cdp = await page.createCDPSession();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLE_US });
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'load', timeout: 30000 }).catch(() => {});
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    const { profile } = await cdp.send('Profiler.stop');
    return tally(profile, build);
  } finally {
    await page.close().catch(() => {});
  }
}

function tally(profile, build) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const ours = (node) => /^(chrome-extension|moz-extension):/.test(node.callFrame.url);
  const nameOf = ({ callFrame: f }) => `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() || '(native)'}:${f.lineNumber + 1}`;
  let dittoMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const stack = [];
    for (let id = profile.samples[i]; id !== undefined; id = parentOf.get(id)) stack.push(nodes.get(id));
    if (!stack.some(ours)) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000; // the time until the next sample
    dittoMs += ms;
    const leaf = nameOf(stack[0]);
    build.selfMs.set(leaf, (build.selfMs.get(leaf) ?? 0) + ms);
    for (const name of new Set(stack.filter(ours).map(nameOf))) build.insideMs.set(name, (build.insideMs.get(name) ?? 0) + ms);
  }
  return dittoMs;
}
