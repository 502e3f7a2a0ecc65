// The sweep: every page of a folder of real pages, in real Chromium and
// Firefox with the built extension, checked for page errors the extension
// caused and for network requests the extension made, with Ditto's figures
// per page and a summary line per browser.
//
//   node tests/e2e/sweep.mjs [--browser chromium|firefox] [--timeout MS] [DIR]
//
// DIR defaults to ../shared/corpus/pages (relative to the working directory,
// like `./build.sh eval`). Exits non-zero when a page has an extension error
// or an extension request, or Ditto never finished on a page that the browser
// finished parsing (offline, a page can hang on a script it cannot fetch).
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serveDirectory } from '../../tools/static-server.mjs';
import { BROWSERS } from './lib/browsers.mjs';
import { observe, readToTheEnd } from '../judge/observe.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const onlyBrowser = option('--browser');
const pageTimeout = Number(option('--timeout') ?? 30000);
const dir = resolve(args[0] ?? '../shared/corpus/pages');

// Ditto's figures for a page, from the User Timing measures its content
// script leaves after each analysis (the same in both browsers).
const MEASURE = 'ditto:analysis';
// After the first analysis, later content gets this long to be analysed too.
const SETTLE_MS = 800;

const pages = (await readdir(dir)).filter((f) => /\.html?$/i.test(f)).sort();
if (pages.length === 0) {
  console.error(`sweep: no .html pages in ${dir}`);
  process.exit(2);
}
const server = await serveDirectory(dir);
let failures = 0;

for (const [name, launch] of Object.entries(BROWSERS)) {
  if (onlyBrowser && onlyBrowser !== name) continue;
  const session = await launch();
  console.log(`# ${name} (${await session.browser.version()}), ${pages.length} pages from ${dir}`);
  console.log(row(['page', 'blocks', 'repeats', 'collapsed', 'analysis ms', 'longest task ms', 'frames >50 ms', 'ext errors', 'ext requests']));
  const backgroundRequests = await watchBackground(session);
  const results = [];
  for (const file of pages) {
    const result = await sweepPage(session, name, file);
    results.push(result);
    const f = result.figures;
    console.log(row([
      file, f?.blocks ?? '-', f?.repeatedBlocks ?? '-', f?.itemsCollapsed ?? '-',
      f ? f.analysisMs.toFixed(0) : result.notReady ? 'not parsed' : 'none', f ? f.longestTaskMs.toFixed(1) : '-',
      longFrames(result.frames), result.errors.length, result.requests.length,
    ]));
    for (const line of [...result.errors, ...result.requests, ...result.collapsed]) console.log(`     ${line}`);
  }
  const stray = backgroundRequests.splice(0);
  for (const url of stray) console.log(`     background request: ${url}`);
  await session.close().catch(() => {});
  failures += summarise(name, results, stray.length);
}
await server.close();
process.exit(failures ? 1 : 0);

async function sweepPage(session, browserName, file) {
  const page = await session.browser.newPage();
  const errors = [];
  const requests = [];
  const fromExtension = extensionMatcher(session);
  page.on('pageerror', (error) => {
    if (fromExtension(`${error?.message}\n${error?.stack}`)) errors.push(`pageerror: ${error.message}`);
  });
  page.on('console', (message) => {
    const where = message.location()?.url ?? '';
    if (message.type() === 'error' && fromExtension(`${message.text()} ${where}`)) errors.push(`console: ${message.text()} ${where}`);
  });
  const stopWatching = browserName === 'chromium'
    ? await watchContentScriptRequests(page, session.extensionId, requests)
    : () => {};
  // Chromium: the page's long animation frames (50 ms or more of script,
  // style, layout and paint before a frame could show), to see what the
  // browser's own rendering of Ditto's changes costs beside its script.
  if (browserName === 'chromium') await page.evaluateOnNewDocument(recordLongFrames);
  const serverSawBefore = server.requests.length;
  const url = server.url + encodeURIComponent(file);
  let figures = null;
  let frames = null;
  const collapsed = [];
  let notReady = false;
  try {
    // A saved page's own subresources and frames point at sites the sweep
    // cannot reach: the load may time out or a frame's address be rejected
    // (Firefox reports that as a navigation error). The document itself is
    // there all the same; whether Ditto ran is what the measure below says.
    await page.goto(url, { waitUntil: 'load', timeout: pageTimeout }).catch(() => {});
    await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, { timeout: pageTimeout, polling: 100 }, MEASURE);
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    await readToTheEnd(page);
    figures = await page.evaluate((m) => JSON.parse(performance.getEntriesByName(m).at(-1).detail), MEASURE);
    // What was collapsed behind what, for a person to read.
    for (const c of (await observe(page)).collapses) {
      if (c.hidden.length === 0) continue;
      collapsed.push(`${c.expander}: ${c.visible ? `visible ${quote(c.visible)}` : '(the page’s own article)'}`);
      for (const item of c.hidden) collapsed.push(`  hides ${quote(item)}`);
    }
    if (browserName === 'chromium') frames = await longFramesDuringAnalysis(page);
    if (browserName !== 'chromium') requests.push(...(await serverRequestsBeyondPage(page, serverSawBefore)));
  } catch (error) {
    // Content scripts run once the document is parsed: a page whose parser
    // still waits on an unreachable script never gets there. That is the
    // offline sweep's doing, not the extension's; it is reported apart.
    const state = await page.evaluate(() => document.readyState).catch(() => null);
    if (state === 'loading') notReady = true;
    else errors.push(`sweep: ${error.message.split('\n')[0]}`);
  } finally {
    stopWatching();
    await page.close().catch(() => {});
  }
  return { file, figures, frames, errors, requests, notReady, collapsed };
}

// An item's headline (its longest link text, else its text), for printing.
function quote(item) {
  const longest = item.links.reduce((a, b) => (b.length > a.length ? b : a), '');
  const text = longest.length >= 12 ? longest : item.text;
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 99)}…` : text);
}

// Runs in the page before its own scripts: keeps every long animation frame.
function recordLongFrames() {
  window.__dittoSweepFrames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__dittoSweepFrames.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // No Long Animation Frames API: nothing recorded.
  }
}

// The durations of long frames from the start of Ditto's first analysis
// until now (its later batches and the rendering of its changes included).
async function longFramesDuringAnalysis(page) {
  return page.evaluate((m) => {
    const first = performance.getEntriesByName(m)[0];
    return (window.__dittoSweepFrames ?? [])
      .filter((f) => f.start + f.duration > first.startTime)
      .map((f) => f.duration);
  }, MEASURE);
}

function longFrames(frames) {
  if (!frames) return '-';
  return frames.length ? `${frames.length}, max ${Math.max(...frames).toFixed(0)}` : '0';
}

// Whether an error's text or stack points at this extension. A saved page can
// refer to some other extension's files (wikipedia-4.html does): those
// failures are the page's own.
function extensionMatcher(session) {
  const own = session.name === 'chromium' ? `chrome-extension://${session.extensionId}/` : 'moz-extension://';
  return (text) => text.includes(own) || /\bditto\b/i.test(text);
}

// Chromium: requests started by the content script (its stack runs in one of
// the extension's scripts) that go anywhere but the extension's own files.
async function watchContentScriptRequests(page, extensionId, requests) {
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  const own = `chrome-extension://${extensionId}/`;
  cdp.on('Network.requestWillBeSent', ({ request, initiator }) => {
    if (request.url.startsWith(own)) return;
    const frames = [];
    for (let stack = initiator?.stack; stack; stack = stack.parent) frames.push(...stack.callFrames);
    const byExtension = frames.some((f) => f.url.startsWith(own)) || initiator?.url?.startsWith(own);
    if (byExtension) requests.push(`extension request: ${request.url}`);
  });
  return () => cdp.detach().catch(() => {});
}

// Chromium: anything the extension's service worker fetches other than its
// own files, in every run of the worker (Chrome stops an idle one and starts
// it again). Firefox: the background page is out of reach; the server-side
// count below still sees any request it makes to the served pages' origin.
async function watchBackground(session) {
  const seen = [];
  if (!session.workerScope) return seen;
  const own = `chrome-extension://${session.extensionId}/`;
  const watched = new WeakSet();
  const watch = async (target) => {
    if (target.type() !== 'service_worker' || !target.url().startsWith(own) || watched.has(target)) return;
    watched.add(target);
    const cdp = await target.createCDPSession().catch(() => null);
    if (!cdp) return;
    cdp.on('Network.requestWillBeSent', ({ request }) => {
      if (!request.url.startsWith(own)) seen.push(request.url);
    });
    await cdp.send('Network.enable').catch(() => {});
  };
  session.browser.on('targetcreated', watch);
  for (const target of session.browser.targets()) await watch(target);
  return seen;
}

// Firefox: requests the server saw during the visit that the page itself did
// not make (the page's own are its navigation and its resource timing).
async function serverRequestsBeyondPage(page, from) {
  const own = new Set(await page.evaluate(() =>
    [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)]
      .filter((u) => u.startsWith(location.origin))
      .map((u) => decodeURIComponent(new URL(u).pathname)),
  ));
  // Browsers ask for /favicon.ico on their own.
  return server.requests.slice(from).filter((path) => !own.has(path) && path !== '/favicon.ico')
    .map((path) => `request not made by the page: ${path}`);
}

function summarise(name, results, strayBackground) {
  const done = results.filter((r) => r.figures);
  const notReady = results.filter((r) => r.notReady);
  const errors = results.reduce((n, r) => n + r.errors.length, 0);
  const requests = results.reduce((n, r) => n + r.requests.length, 0) + strayBackground;
  const times = done.map((r) => r.figures.analysisMs).sort((a, b) => a - b);
  const median = times.length ? (times[(times.length - 1) >> 1] + times[times.length >> 1]) / 2 : 0;
  const worst = (key) => done.reduce((best, r) => (!best || r.figures[key] > best.figures[key] ? r : best), null);
  const slowest = worst('analysisMs');
  const longest = worst('longestTaskMs');
  const framed = results.filter((r) => r.frames?.length);
  const longestFrame = framed.reduce((best, r) => (!best || Math.max(...r.frames) > Math.max(...best.frames) ? r : best), null);
  console.log(
    `SUMMARY ${name}: ${results.length} pages, ${done.length} analysed` +
    `${notReady.length ? ` (${notReady.length} never finished parsing offline: ${notReady.map((r) => r.file).join(', ')})` : ''}, ` +
    `${errors} errors, ${requests} extension requests, ` +
    `analysis median ${median.toFixed(0)} ms, worst ${slowest ? `${slowest.figures.analysisMs.toFixed(0)} ms (${slowest.file})` : '-'}, ` +
    `worst task ${longest ? `${longest.figures.longestTaskMs.toFixed(1)} ms (${longest.file})` : '-'}` +
    (name === 'chromium'
      ? `, pages with a frame over 50 ms during the analysis ${framed.length}` +
        `${longestFrame ? ` (longest ${Math.max(...longestFrame.frames).toFixed(0)} ms, ${longestFrame.file})` : ''}`
      : ''),
  );
  return errors + requests + (results.length - done.length - notReady.length);
}

function row(cells) {
  const widths = [34, 7, 8, 10, 12, 16, 14, 11, 12];
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
}
