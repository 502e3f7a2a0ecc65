// What any extension with a content script costs a page load, whatever its
// script does, beside what Ditto costs: each page loaded in turn in a browser
// without extensions, with one whose registered content script is empty,
// with one whose script sends its background one message, and with Ditto;
// the page's main-thread CPU time (/proc, pageProcessesCpu), each against the
// browser without extensions (median over runs, then over pages). The floor
// under Ditto's figures in pageload.mjs: the browser's own work for a
// content script (its world, the extension APIs) that no content script
// avoids.
//
//   node benches/pageload-floor.mjs [PAGES_DIR] [--browser chromium|firefox] [--runs N] [--pages K] [--dist DIR] [--no-page-scripts]
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BROWSERS } from '../tests/e2e/lib/browsers.mjs';
import {
  cpuMsBetween, inTurn, launchPlain, median, NO_PAGE_SCRIPTS, OFF_HOST, pageProcessesCpu, quantile, refuseExternalRequests, savedPages, serveSavedPages, takeFlag, takeOption,
} from './lib/page-loads.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const name = option('--browser', 'chromium');
const runs = Number(option('--runs', 2));
const pageCount = Number(option('--pages', 12));
const dist = resolve(option('--dist', 'dist'), name === 'chromium' ? 'chrome' : 'firefox');
const withoutScripts = takeFlag(args, NO_PAGE_SCRIPTS);
const dir = resolve(args[0] ?? '../shared/corpus/pages');
const SETTLE_MS = 3000;

// The two probe extensions, written for `name`'s manifest keys.
const probes = await mkdtemp(join(tmpdir(), 'ditto-floor-'));
const api = name === 'chromium' ? 'chrome' : 'browser';
async function probe(id, contentScript) {
  const at = join(probes, id);
  await mkdir(at);
  const manifest = {
    manifest_version: 3, name: `floor ${id}`, version: '1.0', host_permissions: ['<all_urls>'],
    // storage: what the launcher waits for in Chrome's service worker (tests/e2e/lib/browsers.mjs).
    permissions: ['storage'],
    background: name === 'chromium' ? { service_worker: 'background.js' } : { scripts: ['background.js'] },
    ...(name === 'firefox' ? { browser_specific_settings: { gecko: { id: `floor-${id}@ditto-extension.org` } } } : {}),
    content_scripts: [{ matches: ['<all_urls>'], js: ['content.js'], run_at: 'document_idle' }],
  };
  await writeFile(join(at, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(at, 'background.js'), `${api}.runtime.onMessage.addListener((m, s, answer) => { answer({ ok: true }); return false; });\n`);
  await writeFile(join(at, 'content.js'), contentScript);
  return at;
}
const variants = {
  none: await launchPlain(name),
  empty: await BROWSERS[name]({ extensionDir: await probe('empty', 'void 0;\n') }),
  message: await BROWSERS[name]({ extensionDir: await probe('message', `${api}.runtime.sendMessage({ type: 'floor' }).catch(() => {});\n`) }),
  ditto: await BROWSERS[name]({ extensionDir: dist }),
};
const others = Object.keys(variants).filter((v) => v !== 'none');

const pages = await savedPages(dir, pageCount);
const { server, served } = await serveSavedPages(dir, withoutScripts);
console.log(`# ${name}: ${pages.length} pages from ${dir} served ${served}, ${runs} runs each; main-thread CPU ms over the browser without extensions`);
console.log(['page'.padEnd(34), ...others.map((v) => v.padStart(8))].join(' '));
const rows = [];
for (const file of pages) {
  const samples = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  const url = `${server.url}${encodeURIComponent(file)}`;
  for (let run = 0; run < runs; run++) {
    // The browsers take turns in one order, then the reverse (pageload.mjs says why).
    const order = Object.keys(variants);
    const loadAll = async (list) => { for (const v of list) samples[v].push(await cpuMs(variants[v], url)); };
    await inTurn(run, () => loadAll(order), () => loadAll([...order].reverse()));
  }
  const none = median(samples.none);
  const row = Object.fromEntries(others.map((v) => [v, median(samples[v]) - none]));
  rows.push(row);
  console.log([file.slice(0, 34).padEnd(34), ...others.map((v) => row[v].toFixed(1).padStart(8))].join(' '));
}
console.log(`SUMMARY ${name} main-thread CPU added ms: ${others.map((v) => `${v} median ${median(rows.map((r) => r[v])).toFixed(1)}, p90 ${quantile(rows.map((r) => r[v]), 0.9).toFixed(1)}`).join('; ')}`);
for (const v of Object.values(variants)) await (v.close?.() ?? v.browser.close()).catch(() => {});
await server.close();
await rm(probes, { recursive: true, force: true });

async function cpuMs(session, url) {
  const page = await session.browser.newPage();
  try {
    await refuseExternalRequests(page, ['127.0.0.1', OFF_HOST]);
    const before = pageProcessesCpu(session.browser);
    await page.goto(url, { waitUntil: 'load', timeout: 30000 }).catch(() => {});
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    return cpuMsBetween(before, pageProcessesCpu(session.browser));
  } finally {
    await page.close().catch(() => {});
  }
}
