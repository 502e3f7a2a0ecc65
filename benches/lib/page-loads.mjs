// What the page-load benchmarks (pageload.mjs, pageload-trace.mjs,
// pageload-stages.mjs) share: their command-line options, the saved pages
// they load, the refusal of the pages' external requests, the browser
// without Ditto, the site where Ditto is switched off, the renderer's
// metrics, and the statistics they print.
import { readFileSync, readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../tests/e2e/lib/browsers.mjs';
import { serveDirectory } from '../../tools/static-server.mjs';

const puppeteer = createRequire(resolve(import.meta.dirname, '../../tests/package.json'))('puppeteer-core');

/** The site where Ditto is switched off: another host name for the same server. */
export const OFF_HOST = 'localhost';

/** `file` of the server at `serverUrl`, addressed on OFF_HOST. */
export function offSiteUrl(serverUrl, file) {
  return `http://${OFF_HOST}:${new URL(serverUrl).port}/${encodeURIComponent(file)}`;
}

/** The browser `name` ('chromium' or 'firefox') without the extension. */
export async function launchPlain(name) {
  if (name === 'chromium') {
    const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, pipe: true, args: CHROMIUM_ARGS });
    return { name, browser };
  }
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', headless: true });
  return { name, browser };
}

/** Takes `--name VALUE` out of `args`; `fallback` when it is not there. */
export function takeOption(args, name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
}

/** Takes the flag `name` out of `args`: whether it was there. */
export function takeFlag(args, name) {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}

/** The option that serves the saved pages without their scripts ({@link serveSavedPages}). */
export const NO_PAGE_SCRIPTS = '--no-page-scripts';

/**
 * Serves the saved pages of `dir`. `withoutScripts` (NO_PAGE_SCRIPTS): every page comes with a CSP that lets none of its own scripts run:
 * what a saved page's scripts do varies from load to load (timers, failed
 * requests, random ads) by more than Ditto costs, while content scripts
 * run whatever the page's CSP says. What Ditto costs such a page is its
 * own cost, minus whatever it does because page scripts change the page.
 * Resolves to the server and a phrase for the bench's heading.
 */
export async function serveSavedPages(dir, withoutScripts) {
  const headers = withoutScripts ? { 'content-security-policy': "script-src 'none'" } : {};
  const server = await serveDirectory(dir, { headers });
  return { server, served: withoutScripts ? "without the pages' own scripts (CSP script-src 'none')" : 'as saved' };
}

/** The first `count` saved pages of `dir`, by name. */
export async function savedPages(dir, count) {
  return (await readdir(dir)).filter((f) => /\.html?$/i.test(f)).sort().slice(0, count);
}

/**
 * Unreachable subresources of the saved pages fail at once, as offline:
 * every http(s) request to a host other than `localHosts` is refused.
 * @param {import('puppeteer-core').Page} page
 * @param {string[]} localHosts
 */
export async function refuseExternalRequests(page, localHosts) {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const host = new URL(request.url()).hostname;
    if (/^https?:/.test(request.url()) && !localHosts.includes(host)) request.abort().catch(() => {});
    else request.continue().catch(() => {});
  });
}

/**
 * Chromium: a reader of the CDP Performance metrics of `page`'s renderer,
 * by name (TaskDuration in s, JSHeapUsedSize in bytes, ...).
 * @param {import('puppeteer-core').Page} page
 * @returns {Promise<() => Promise<Record<string, number>>>}
 */
export async function rendererMetrics(page) {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  return async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
}

/**
 * The main-thread CPU time, in ns, of each of `browser`'s processes that can
 * hold a web page (Chromium: renderers other than the extension's; Firefox:
 * web content processes), by pid, read from Linux's /proc
 * (`task/PID/schedstat`: the time the process's main thread spent on a
 * core). Unlike CDP's TaskDuration, which is wall time, it leaves out the
 * time a task sat preempted while another process ran (this machine has 2
 * cores and the background's engine runs meanwhile), and it can be read in
 * Firefox too, which has no such metric. cpuMsBetween picks the page's
 * process among them.
 * An empty Map where /proc cannot be read (not Linux).
 * @param {import('puppeteer-core').Browser} browser
 * @returns {Map<number, number>}
 */
export function pageProcessesCpu(browser) {
  const cpu = new Map();
  const root = browser.process()?.pid;
  let pids;
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return cpu;
  }
  const parents = new Map();
  for (const pid of pids) {
    const stat = readProc(`/proc/${pid}/stat`);
    // After the command's name in brackets (which may hold spaces): state, ppid.
    if (stat) parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const descends = (pid) => {
    for (let p = parents.get(pid), hops = 0; p && hops < 8; p = parents.get(p), hops++) if (p === root) return true;
    return false;
  };
  for (const pid of pids) {
    if (!descends(pid)) continue;
    const name = readProc(`/proc/${pid}/comm`)?.trim();
    const command = name === 'chromium' || name === 'chrome' ? readProc(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ') ?? '' : '';
    const holdsPages = /--type=renderer/.test(command) ? !/--extension-process/.test(command) : name === 'Web Content' || name === 'Isolated Web Co';
    const ns = holdsPages ? Number(readProc(`/proc/${pid}/task/${pid}/schedstat`)?.split(' ')[0]) : NaN;
    if (Number.isFinite(ns)) cpu.set(pid, ns);
  }
  return cpu;
}

function readProc(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended meanwhile
  }
}

/**
 * The page's main-thread CPU ms between two readings of pageProcessesCpu:
 * the process whose main thread ran longest meanwhile, among those already
 * running before the navigation. Both browsers load a new tab's page into a
 * process they kept ready and start another one for the next page meanwhile
 * (Firefox's costs 35 to 50 ms to start), which is not this page's. Null when
 * /proc could not be read.
 */
export function cpuMsBetween(before, after) {
  if (after.size === 0) return null;
  const ran = [...after].map(([pid, ns]) => ({ pid, ms: (ns - (before.get(pid) ?? 0)) / 1e6, started: !before.has(pid) }));
  const running = ran.filter((p) => !p.started);
  return Math.max(...(running.length ? running : ran).map((p) => p.ms));
}

/** Main-thread task ms between two readings of rendererMetrics. */
export function taskMsBetween(before, after) {
  return (after.TaskDuration - before.TaskDuration) * 1000;
}

/**
 * Runs the loads `first` and `second` one after the other in `run`, in the
 * other order every other run: whether a load comes right after the browser
 * sat idle (while another browser loaded) or right after another load moves
 * its renderer's time, so that with an even number of runs each gets both
 * places equally.
 * @param {number} run
 * @param {() => Promise<unknown>} first
 * @param {() => Promise<unknown>} second
 */
export async function inTurn(run, first, second) {
  await (run % 2 === 0 ? first : second)();
  await (run % 2 === 0 ? second : first)();
}

/** Median of the finite values; null when there are none. */
export function median(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/** The q-quantile (nearest rank) of the finite values; null when there are none. */
export function quantile(values, q) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)];
}

/** Switches Ditto off for `host`, as the popup does (storage.local `sites`). */
export async function switchOff(session, host) {
  if (session.workerScope) {
    const worker = await session.workerScope();
    await worker.evaluate(async (h) => {
      const { sites = {} } = await chrome.storage.local.get('sites');
      await chrome.storage.local.set({ sites: { ...sites, [h]: false } });
    }, host);
    return;
  }
  // Firefox: through the extension's options page, which can write its storage.
  const { openOptions } = await import('../../tests/e2e/lib/popup.mjs');
  const options = await openOptions(session);
  await options.evaluate(async (h) => {
    const { sites = {} } = await browser.storage.local.get('sites');
    await browser.storage.local.set({ sites: { ...sites, [h]: false } });
  }, host);
  await options.close().catch(() => {});
}
